//! Workloads: each Deployment with its rollout state and the rollout commands as buttons
//! (scale, set image, restart, undo, status, history), each Service with its ready endpoints and
//! a traffic switch. Every button runs one command of the core's language (shown in its title
//! and then in the terminal), so a click teaches the `kubectl` line it stands for.

use std::rc::Rc;

use sunaba_core::sim::view::{ClusterView, DeploymentView, ServiceView};
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use super::cluster::actions::namespace_flag as ns_flag;
use crate::strings::{fill, use_lang};

pub struct WorkloadsText {
    pub heading: &'static str,
    pub hint: &'static str,
    /// `{ready}`, `{replicas}`, `{updated}`, `{revision}`
    pub summary: &'static str,
    pub complete: &'static str,
    pub progressing: &'static str,
    pub stalled: &'static str,
    /// `{n}`: replicas not available.
    pub degraded: &'static str,
    pub scale_down: &'static str,
    pub scale_up: &'static str,
    pub restart: &'static str,
    pub undo: &'static str,
    pub status: &'static str,
    pub history: &'static str,
    pub set_image: &'static str,
    /// `{container}`
    pub image_label: &'static str,
    /// `{n}`: ready endpoints.
    pub endpoints: &'static str,
    /// `{rate}`
    pub traffic_on: &'static str,
    pub traffic_off: &'static str,
    pub start_traffic: &'static str,
    pub stop_traffic: &'static str,
    pub show_endpoints: &'static str,
}

pub const EN: WorkloadsText = WorkloadsText {
    heading: "Workloads",
    hint: "Roll out, scale and send traffic; each button runs the command in its tooltip.",
    summary: "{ready}/{replicas} ready · {updated} up to date · revision {revision}",
    complete: "rollout complete",
    progressing: "rolling out",
    stalled: "stalled: ProgressDeadlineExceeded",
    degraded: "{n} unavailable",
    scale_down: "Scale −1",
    scale_up: "Scale +1",
    restart: "Restart",
    undo: "Undo",
    status: "Status",
    history: "History",
    set_image: "Set image",
    image_label: "Image of container {container}",
    endpoints: "{n} ready endpoint(s)",
    traffic_on: "{rate} requests/s",
    traffic_off: "no traffic",
    start_traffic: "Send 50 req/s",
    stop_traffic: "Stop traffic",
    show_endpoints: "Endpoints",
};

pub const JA: WorkloadsText = WorkloadsText {
    heading: "ワークロード",
    hint:
        "ロールアウト、スケール、トラフィック送信。各ボタンはツールチップのコマンドを実行します。",
    summary: "Ready {ready}/{replicas} · 最新 {updated} · リビジョン {revision}",
    complete: "ロールアウト完了",
    progressing: "ロールアウト中",
    stalled: "停止: ProgressDeadlineExceeded",
    degraded: "{n} 個が利用不可",
    scale_down: "スケール −1",
    scale_up: "スケール +1",
    restart: "再起動",
    undo: "元に戻す",
    status: "状態",
    history: "履歴",
    set_image: "イメージ変更",
    image_label: "コンテナ {container} のイメージ",
    endpoints: "Ready なエンドポイント {n} 個",
    traffic_on: "毎秒 {rate} リクエスト",
    traffic_off: "トラフィックなし",
    start_traffic: "毎秒 50 件送る",
    stop_traffic: "トラフィック停止",
    show_endpoints: "エンドポイント",
};

/// Requests per second the traffic button starts.
pub const TRAFFIC_RATE: u32 = 50;

/// The commands of a Deployment's buttons, in button order: (id, command).
pub fn deployment_commands(d: &DeploymentView) -> Vec<(&'static str, String)> {
    let (n, ns) = (&d.name, ns_flag(&d.namespace));
    vec![
        (
            "scale-down",
            format!(
                "kubectl scale deployment/{n} --replicas={}{ns}",
                d.replicas.saturating_sub(1)
            ),
        ),
        (
            "scale-up",
            format!(
                "kubectl scale deployment/{n} --replicas={}{ns}",
                d.replicas.saturating_add(1)
            ),
        ),
        (
            "restart",
            format!("kubectl rollout restart deployment/{n}{ns}"),
        ),
        ("undo", format!("kubectl rollout undo deployment/{n}{ns}")),
        (
            "status",
            format!("kubectl rollout status deployment/{n}{ns} --timeout=1s"),
        ),
        (
            "history",
            format!("kubectl rollout history deployment/{n}{ns}"),
        ),
    ]
}

/// `kubectl set image deployment/NAME CONTAINER=IMAGE`, or `None` for a blank/odd image.
pub fn set_image_command(d: &DeploymentView, container: &str, image: &str) -> Option<String> {
    let image = image.trim();
    let ok = !image.is_empty()
        && image.len() <= 256
        && !image.chars().any(|c| c.is_whitespace() || c == '=');
    ok.then(|| {
        format!(
            "kubectl set image deployment/{} {container}={image}{}",
            d.name,
            ns_flag(&d.namespace)
        )
    })
}

/// The commands of a Service's buttons: (id, command).
pub fn service_commands(s: &ServiceView) -> Vec<(&'static str, String)> {
    let ns = ns_flag(&s.namespace);
    let traffic = if s.traffic_rate > 0 {
        ("traffic-stop", format!("sim traffic {} 0{ns}", s.name))
    } else {
        (
            "traffic-start",
            format!("sim traffic {} {TRAFFIC_RATE}{ns}", s.name),
        )
    };
    vec![
        traffic,
        ("endpoints", format!("kubectl get endpoints {}{ns}", s.name)),
    ]
}

#[derive(Properties, PartialEq)]
pub struct WorkloadsProps {
    pub cluster: Rc<ClusterView>,
    pub on_command: Callback<String>,
}

#[function_component(Workloads)]
pub fn workloads(props: &WorkloadsProps) -> Html {
    let ids = crate::ids::use_ids();
    let t = use_lang().pick(&EN, &JA);
    let c = &props.cluster;
    if c.deployments.is_empty() && c.services.is_empty() {
        return html! {};
    }
    html! {
        <section class="sb-panel sb-workloads" aria-labelledby={ids.id("workloads-heading")} data-testid="workloads">
            <div class="sb-panel-head">
                <h2 id={ids.id("workloads-heading")}>{ t.heading }</h2>
                <p class="sb-hint">{ t.hint }</p>
            </div>
            <ul class="sb-workload-list">
                { for c.deployments.iter().map(|d| html! {
                    <DeploymentRow key={format!("d/{}/{}", d.namespace, d.name)} deployment={d.clone()} on_command={props.on_command.clone()} />
                }) }
                { for c.services.iter().map(|s| html! {
                    <ServiceRow key={format!("s/{}/{}", s.namespace, s.name)} service={s.clone()} on_command={props.on_command.clone()} />
                }) }
            </ul>
        </section>
    }
}

fn label_for<'a>(t: &'a WorkloadsText, id: &str) -> &'a str {
    match id {
        "scale-down" => t.scale_down,
        "scale-up" => t.scale_up,
        "restart" => t.restart,
        "undo" => t.undo,
        "status" => t.status,
        "history" => t.history,
        "traffic-start" => t.start_traffic,
        "traffic-stop" => t.stop_traffic,
        _ => t.show_endpoints,
    }
}

fn command_button(
    t: &WorkloadsText,
    id: &'static str,
    command: String,
    on_command: &Callback<String>,
) -> Html {
    let onclick = {
        let (on_command, command) = (on_command.clone(), command.clone());
        Callback::from(move |_: MouseEvent| on_command.emit(command.clone()))
    };
    html! {
        <button type="button" class="sb-btn sb-small-btn" data-testid={format!("workload-action-{id}")}
            data-command={command.clone()} title={format!("$ {command}")} {onclick}>
            { label_for(t, id) }
        </button>
    }
}

#[derive(Properties, PartialEq)]
struct DeploymentRowProps {
    deployment: DeploymentView,
    on_command: Callback<String>,
}

#[function_component(DeploymentRow)]
fn deployment_row(props: &DeploymentRowProps) -> Html {
    let t = use_lang().pick(&EN, &JA);
    let d = &props.deployment;
    let input = use_node_ref();
    let (container, image) = d.images.first().cloned().unwrap_or_default();
    let set_image = {
        let (input, on_command, d, container) = (
            input.clone(),
            props.on_command.clone(),
            d.clone(),
            container.clone(),
        );
        move || {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                if let Some(cmd) = set_image_command(&d, &container, &el.value()) {
                    on_command.emit(cmd);
                }
            }
        }
    };
    let onkeydown = {
        let set_image = set_image.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                set_image();
            }
        })
    };
    let onclick = Callback::from(move |_: MouseEvent| set_image());
    let (state_text, tone) = match d.rollout.as_str() {
        "complete" => (t.complete.to_owned(), "tone-ok"),
        "stalled" => (t.stalled.to_owned(), "tone-bad"),
        "degraded" => (
            fill(
                t.degraded,
                &[("n", &d.replicas.saturating_sub(d.available).to_string())],
            ),
            "tone-bad",
        ),
        _ => (t.progressing.to_owned(), "tone-progress"),
    };
    let title = if d.namespace == "default" {
        format!("deployment/{}", d.name)
    } else {
        format!("{}/deployment/{}", d.namespace, d.name)
    };
    html! {
        <li class="sb-workload" data-testid="deployment" data-deployment={d.name.clone()} data-rollout={d.rollout.clone()}>
            <div class="sb-workload-head">
                <span class="sb-workload-name">{ title }</span>
                <span class={classes!("sb-rollout", tone)}><span class="sb-dot" aria-hidden="true"></span>{ state_text }</span>
            </div>
            <p class="sb-workload-summary">{ fill(t.summary, &[
                ("ready", &d.ready.to_string()), ("replicas", &d.replicas.to_string()),
                ("updated", &d.updated.to_string()), ("revision", &d.revision.to_string()),
            ]) }</p>
            <div class="sb-workload-actions">
                { for deployment_commands(d).into_iter().map(|(id, cmd)| command_button(t, id, cmd, &props.on_command)) }
            </div>
            if !container.is_empty() {
                <div class="sb-set-image">
                    <input ref={input} type="text" class="sb-image-input" data-testid="image-input"
                        value={image} spellcheck="false" autocomplete="off"
                        aria-label={fill(t.image_label, &[("container", &container)])} {onkeydown} />
                    <button type="button" class="sb-btn sb-small-btn" data-testid="workload-action-set-image"
                        title={format!("$ kubectl set image deployment/{} {container}=…", d.name)} {onclick}>
                        { t.set_image }
                    </button>
                </div>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct ServiceRowProps {
    service: ServiceView,
    on_command: Callback<String>,
}

#[function_component(ServiceRow)]
fn service_row(props: &ServiceRowProps) -> Html {
    let t = use_lang().pick(&EN, &JA);
    let s = &props.service;
    let traffic = if s.traffic_rate > 0 {
        fill(t.traffic_on, &[("rate", &s.traffic_rate.to_string())])
    } else {
        t.traffic_off.to_owned()
    };
    html! {
        <li class="sb-workload" data-testid="service" data-service={s.name.clone()}>
            <div class="sb-workload-head">
                <span class="sb-workload-name">{ format!("service/{}", s.name) }</span>
                <span class={classes!("sb-rollout", if s.ready_endpoints > 0 { "tone-ok" } else { "tone-bad" })}>
                    <span class="sb-dot" aria-hidden="true"></span>
                    { fill(t.endpoints, &[("n", &s.ready_endpoints.to_string())]) }
                </span>
            </div>
            <p class="sb-workload-summary">{ traffic }</p>
            <div class="sb-workload-actions">
                { for service_commands(s).into_iter().map(|(id, cmd)| command_button(t, id, cmd, &props.on_command)) }
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::tests::placeholders;
    use sunaba_core::{MapFiles, World};

    fn world() -> World {
        let mut w = World::new(1);
        let mut f = std::collections::BTreeMap::new();
        f.insert(
            "a.yaml".to_owned(),
            include_str!("../../../../www/examples/nginx-deployment.yaml").to_owned(),
        );
        sunaba_core::run(&mut w, "kubectl apply -f a.yaml", &MapFiles(f)).expect("apply");
        w.advance_by(60_000);
        w
    }

    #[test]
    fn every_button_runs_a_command_the_core_accepts() {
        let mut w = world();
        let view = w.cluster_view();
        let d = view.deployments[0].clone();
        assert_eq!(
            (d.name.as_str(), d.rollout.as_str(), d.replicas),
            ("nginx-deployment", "complete", 3)
        );
        let s = view.services[0].clone();
        let mut commands: Vec<String> = deployment_commands(&d)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        commands.extend(service_commands(&s).into_iter().map(|(_, c)| c));
        commands.push(set_image_command(&d, &d.images[0].0, "nginx:1.16.1").expect("valid"));
        for cmd in commands {
            if cmd.contains("rollout status") {
                // Rolling out right after set image: status reports waiting, as kubectl does.
                let _ = sunaba_core::run(&mut w, &cmd, &MapFiles::default());
                continue;
            }
            sunaba_core::run(&mut w, &cmd, &MapFiles::default())
                .unwrap_or_else(|e| panic!("`{cmd}`: {}", e.message));
        }
        w.advance_by(1_000);
        let view = w.cluster_view();
        assert_eq!(view.services[0].traffic_rate, TRAFFIC_RATE);
        assert_eq!(
            service_commands(&view.services[0])[0].1,
            "sim traffic nginx 0"
        );
    }

    #[test]
    fn a_crashed_pod_degrades_a_complete_rollout_without_calling_it_a_rollout() {
        let mut w = world();
        let pod = w.cluster_view().nodes[0].pods[0].name.clone();
        sunaba_core::run(&mut w, &format!("sim crash {pod} 1"), &MapFiles::default())
            .expect("crash");
        // Restarted at once; the image starts before it can crash again.
        w.advance_by(1_000);
        sunaba_core::run(&mut w, &format!("sim crash {pod} 1"), &MapFiles::default())
            .expect("crash");
        assert_eq!(w.cluster_view().deployments[0].rollout, "degraded");
        w.advance_by(60_000);
        assert_eq!(w.cluster_view().deployments[0].rollout, "complete");
    }

    #[test]
    fn set_image_refuses_blank_or_odd_images() {
        let d = world().cluster_view().deployments[0].clone();
        assert_eq!(set_image_command(&d, "nginx", "  "), None);
        assert_eq!(set_image_command(&d, "nginx", "a b"), None);
        assert_eq!(set_image_command(&d, "nginx", "x=y"), None);
        assert_eq!(
            set_image_command(&d, "nginx", " nginx:1.27 ").as_deref(),
            Some("kubectl set image deployment/nginx-deployment nginx=nginx:1.27")
        );
    }

    #[test]
    fn japanese_keeps_the_placeholders() {
        for (en, ja) in [
            (EN.degraded, JA.degraded),
            (EN.summary, JA.summary),
            (EN.image_label, JA.image_label),
            (EN.endpoints, JA.endpoints),
            (EN.traffic_on, JA.traffic_on),
        ] {
            assert_eq!(placeholders(en), placeholders(ja), "{en}");
        }
    }
}
