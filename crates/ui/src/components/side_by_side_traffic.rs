//! The side-by-side bar's traffic part: the same requests sent to the Deployment's Service and
//! to its ECS twin's load balancer, the same rollout on both sides, and the "Ready and
//! stopping" row — the readiness probe and preStop against the target group's health check
//! and deregistration delay — with live numbers from both views: ready endpoints against
//! healthy targets, and each flow's requests and errors since its side's latest rollout.
//! The buttons' command text is data (`www/recipes/side_by_side.recipes`); nothing here
//! decides anything.

use std::collections::BTreeMap;

use sunaba_core::sim::elb_status::TargetState;
use sunaba_core::sim::traffic::TrafficSample;
use sunaba_core::sim::view::{ClusterView, DeploymentView, EcsServiceView, TargetGroupView};

use yew::prelude::*;

use crate::strings::fill;

pub struct TrafficText {
    pub traffic_both: &'static str,
    pub stop_traffic_both: &'static str,
    pub rollout_both: &'static str,
    pub ready: &'static str,
    /// `{period}`, `{success}`, `{failure}`
    pub probe_k8s: &'static str,
    pub no_probe_k8s: &'static str,
    /// `{seconds}`
    pub stop_k8s: &'static str,
    pub stop_k8s_no_pre_stop: &'static str,
    /// `{path}`, `{interval}`, `{healthy}`, `{unhealthy}`
    pub check_ecs: &'static str,
    /// `{delay}`
    pub stop_ecs: &'static str,
    pub no_load_balancer: &'static str,
    /// `{ready}`, `{service}`
    pub now_k8s: &'static str,
    /// `{healthy}`, `{group}`
    pub now_ecs: &'static str,
    /// `{requests}`, `{errors}`
    pub since_rollout: &'static str,
}

pub const EN: TrafficText = TrafficText {
    traffic_both: "Send traffic to both",
    stop_traffic_both: "Stop traffic to both",
    rollout_both: "Roll out both",
    ready: "Ready and stopping",
    probe_k8s: "Readiness probe every {period} s: ready after {success} passing, out after {failure} failing in a row.",
    no_probe_k8s: "No readiness probe: a pod is ready as soon as its containers start.",
    stop_k8s: "On the way out: removed from the endpoints → preStop {seconds} s → SIGTERM.",
    stop_k8s_no_pre_stop: "On the way out: removed from the endpoints and SIGTERM at once (no preStop).",
    check_ecs: "Target group health check GET {path} every {interval} s: healthy after {healthy}, unhealthy after {unhealthy}.",
    stop_ecs: "On the way out: draining for the deregistration delay, {delay} s → SIGTERM.",
    no_load_balancer: "No load balancer: a Service must select the Deployment's pods before it runs on ECS.",
    now_k8s: "Now: {ready} ready endpoints of service/{service}.",
    now_ecs: "Now: {healthy} healthy targets in {group}.",
    since_rollout: "Since the latest rollout: {requests} requests, {errors} errors.",
};

pub const JA: TrafficText = TrafficText {
    traffic_both: "両方にトラフィックを送る",
    stop_traffic_both: "両方へのトラフィックを止める",
    rollout_both: "両方をロールアウト",
    ready: "Ready と停止",
    probe_k8s: "readiness プローブを {period} 秒ごと: {success} 回成功で Ready、{failure} 回失敗で外れる。",
    no_probe_k8s: "readiness プローブなし: コンテナが起動したらすぐ Ready になります。",
    stop_k8s: "停止するとき: エンドポイントから外れる → preStop {seconds} 秒 → SIGTERM。",
    stop_k8s_no_pre_stop: "停止するとき: エンドポイントから外れると同時に SIGTERM (preStop なし)。",
    check_ecs: "ターゲットグループのヘルスチェック GET {path} を {interval} 秒ごと: {healthy} 回で正常、{unhealthy} 回で異常。",
    stop_ecs: "停止するとき: 登録解除の遅延 {delay} 秒のあいだドレイン → SIGTERM。",
    no_load_balancer: "ロードバランサーなし: ECS で動かす前に、Service が Deployment の Pod を選択している必要があります。",
    now_k8s: "現在: service/{service} の Ready なエンドポイント {ready} 個。",
    now_ecs: "現在: {group} の正常なターゲット {healthy} 個。",
    since_rollout: "直近のロールアウトから: リクエスト {requests} 件、エラー {errors} 件。",
};

/// Requests and errors of one flow (`key` as the traffic samples name it) after `since_ms`.
pub fn requests_since(
    traffic: &BTreeMap<String, Vec<TrafficSample>>,
    key: &str,
    since_ms: u64,
) -> (u64, u64) {
    traffic
        .get(key)
        .into_iter()
        .flatten()
        .filter(|s| s.time_ms > since_ms)
        .fold((0, 0), |(r, e), s| {
            (r + u64::from(s.requests), e + u64::from(s.errors))
        })
}

/// The ECS twin's target group: the first one its service registers in.
pub fn target_group_of<'a>(
    c: &'a ClusterView,
    service: &EcsServiceView,
) -> Option<&'a TargetGroupView> {
    let group = service.target_groups.first()?;
    c.ecs.target_groups.iter().find(|g| &g.name == group)
}

/// The load balancer forwarding to the twin's target group.
pub fn load_balancer_of(tg: &TargetGroupView) -> Option<&str> {
    tg.load_balancers.first().map(String::as_str)
}

/// Whether both the Deployment's Service and the load balancer `lb` get requests now.
pub fn both_flowing(c: &ClusterView, d: &DeploymentView, lb: &str) -> bool {
    let svc = c
        .services
        .iter()
        .find(|s| s.namespace == d.namespace && Some(&s.name) == d.service.as_ref());
    let alb = c.ecs.load_balancers.iter().find(|l| l.name == lb);
    svc.is_some_and(|s| s.traffic_rate > 0) && alb.is_some_and(|l| l.traffic_rate > 0)
}

/// The numbers of the "Ready and stopping" row, each side's from its own view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadyNumbers {
    /// The Service and its ready endpoints.
    pub service: Option<(String, u32)>,
    /// The Service's flow since the Deployment's latest rollout.
    pub k8s_flow: (u64, u64),
    /// The target group and its healthy targets.
    pub group: Option<(String, u32)>,
    /// The load balancer's flow since the ECS service's latest deployment.
    pub ecs_flow: (u64, u64),
}

pub fn ready_numbers(
    c: &ClusterView,
    traffic: &BTreeMap<String, Vec<TrafficSample>>,
    d: &DeploymentView,
    service: Option<&EcsServiceView>,
) -> ReadyNumbers {
    let svc = d.service.as_ref().and_then(|name| {
        c.services
            .iter()
            .find(|s| s.namespace == d.namespace && &s.name == name)
    });
    let k8s_flow = svc.map_or((0, 0), |s| {
        requests_since(
            traffic,
            &format!("{}/{}", s.namespace, s.name),
            d.rollout_started_ms,
        )
    });
    let tg = service.and_then(|s| target_group_of(c, s));
    let since = service
        .and_then(|s| s.deployments.first())
        .map_or(0, |p| p.created_ms);
    let ecs_flow = tg.and_then(load_balancer_of).map_or((0, 0), |lb| {
        requests_since(traffic, &format!("loadbalancer/{lb}"), since)
    });
    ReadyNumbers {
        service: svc.map(|s| (s.name.clone(), s.ready_endpoints)),
        k8s_flow,
        group: tg.map(|g| {
            let healthy = g
                .targets
                .iter()
                .filter(|t| t.state == TargetState::Healthy)
                .count();
            (g.name.clone(), healthy as u32)
        }),
        ecs_flow,
    }
}

/// The Kubernetes cell's sentences.
pub fn k8s_cell(t: &TrafficText, d: &DeploymentView, n: &ReadyNumbers) -> Vec<String> {
    let mut v = vec![match &d.readiness {
        Some(p) => fill(
            t.probe_k8s,
            &[
                ("period", &p.period_s.to_string()),
                ("success", &p.success_threshold.to_string()),
                ("failure", &p.failure_threshold.to_string()),
            ],
        ),
        None => t.no_probe_k8s.to_owned(),
    }];
    v.push(match d.pre_stop_ms {
        Some(ms) => fill(t.stop_k8s, &[("seconds", &ms.div_ceil(1000).to_string())]),
        None => t.stop_k8s_no_pre_stop.to_owned(),
    });
    if let Some((name, ready)) = &n.service {
        v.push(fill(
            t.now_k8s,
            &[("ready", &ready.to_string()), ("service", name)],
        ));
        v.push(since(t, n.k8s_flow));
    }
    v
}

/// The ECS cell's sentences (`None`: no target group yet).
pub fn ecs_cell(t: &TrafficText, tg: Option<&TargetGroupView>, n: &ReadyNumbers) -> Vec<String> {
    let Some(g) = tg else {
        return vec![t.no_load_balancer.to_owned()];
    };
    let mut v = vec![
        fill(
            t.check_ecs,
            &[
                ("path", &g.health_check_path),
                ("interval", &g.health_check_interval_s.to_string()),
                ("healthy", &g.healthy_threshold.to_string()),
                ("unhealthy", &g.unhealthy_threshold.to_string()),
            ],
        ),
        fill(
            t.stop_ecs,
            &[("delay", &g.deregistration_delay_s.to_string())],
        ),
    ];
    if let Some((name, healthy)) = &n.group {
        v.push(fill(
            t.now_ecs,
            &[("healthy", &healthy.to_string()), ("group", name)],
        ));
        v.push(since(t, n.ecs_flow));
    }
    v
}

fn since(t: &TrafficText, (requests, errors): (u64, u64)) -> String {
    fill(
        t.since_rollout,
        &[
            ("requests", &requests.to_string()),
            ("errors", &errors.to_string()),
        ],
    )
}

/// The "Ready and stopping" row of the differences table: each cell's sentences, its live
/// numbers also as data attributes (for tests, never read back by the page).
pub fn ready_row(
    t: &TrafficText,
    c: &ClusterView,
    traffic: &BTreeMap<String, Vec<TrafficSample>>,
    d: &DeploymentView,
    service: Option<&EcsServiceView>,
) -> Html {
    let n = ready_numbers(c, traffic, d, service);
    let tg = service.and_then(|s| target_group_of(c, s));
    let lines = |v: Vec<String>| {
        v.into_iter()
            .map(|l| html! { <span class="sb-side-line">{ l }</span> })
            .collect::<Html>()
    };
    html! {
        <tr data-testid="side-ready-row">
            <th scope="row">{ t.ready }</th>
            <td data-testid="side-ready-k8s"
                data-ready={n.service.as_ref().map(|s| s.1.to_string())}
                data-requests={n.k8s_flow.0.to_string()} data-errors={n.k8s_flow.1.to_string()}>
                { lines(k8s_cell(t, d, &n)) }
            </td>
            <td data-testid="side-ready-ecs"
                data-healthy={n.group.as_ref().map(|g| g.1.to_string())}
                data-requests={n.ecs_flow.0.to_string()} data-errors={n.ecs_flow.1.to_string()}>
                { lines(ecs_cell(t, tg, &n)) }
            </td>
        </tr>
    }
}

#[cfg(test)]
#[path = "side_by_side_traffic_tests.rs"]
mod tests;
