//! One app, two orchestrators: a Deployment and the ECS service translated from it
//! (`sim side-by-side deployment/NAME`), running on the same machines under the same faults,
//! with the differences called out beside live numbers from both views; with a Service, the
//! same traffic and the same rollout on both sides ([`super::side_by_side_traffic`]). The
//! buttons' command text is data (`www/recipes/side_by_side.recipes`).

use std::collections::BTreeMap;
use std::rc::Rc;

use sunaba_core::sim::ecs_status::TaskStatus;
use sunaba_core::sim::pod_status::StatusKind;
use sunaba_core::sim::traffic::TrafficSample;
use sunaba_core::sim::view::{ClusterView, DeploymentView, EcsServiceView, EcsTaskView, PodView};
use yew::prelude::*;

use super::cluster::chips::status_tone;
use super::ecs::{short, task_tone};
use super::side_by_side_traffic as traffic;
use crate::recipes::{self, Book, Spec};
use crate::strings::{fill, use_lang};

pub struct SideText {
    pub heading: &'static str,
    pub hint: &'static str,
    pub empty: &'static str,
    /// `{name}`
    pub run_on_ecs: &'static str,
    pub crash_both: &'static str,
    /// `{node}`
    pub fail_node: &'static str,
    /// `{node}`
    pub restore_node: &'static str,
    pub kubernetes: &'static str,
    pub ecs: &'static str,
    pub not_yet: &'static str,
    /// `{ready}`, `{replicas}`
    pub pods_ready: &'static str,
    /// `{running}`, `{desired}`
    pub tasks_running: &'static str,
    pub differences: &'static str,
    pub topic: &'static str,
    pub crash: &'static str,
    /// `{restarts}`
    pub crash_k8s: &'static str,
    /// `{stopped}`
    pub crash_ecs: &'static str,
    pub bounds: &'static str,
    /// `{max}`, `{min}`
    pub bounds_k8s: &'static str,
    /// `{max}`, `{maxp}`, `{min}`, `{minp}`
    pub bounds_ecs: &'static str,
    pub health: &'static str,
    pub health_k8s: &'static str,
    pub health_ecs: &'static str,
    pub no_room: &'static str,
    pub no_room_k8s: &'static str,
    pub no_room_ecs: &'static str,
}

pub const EN: SideText = SideText {
    heading: "Side by side: Kubernetes and Amazon ECS",
    hint: "The same app as a Deployment and as an ECS service, on the same machines. Break both the same way and compare.",
    empty: "Apply a Deployment first (the nginx example will do); then run it on ECS too.",
    run_on_ecs: "Run deployment/{name} on ECS too",
    crash_both: "Crash one container on each side",
    fail_node: "Fail {node}",
    restore_node: "Restore {node}",
    kubernetes: "Kubernetes",
    ecs: "Amazon ECS",
    not_yet: "Not on ECS yet: use the button above (it runs sim side-by-side).",
    pods_ready: "{ready}/{replicas} pods ready",
    tasks_running: "{running}/{desired} tasks running",
    differences: "What differs",
    topic: "",
    crash: "A container crashes",
    crash_k8s: "The kubelet restarts it in place, with back-off (10 s, 20 s … 5 min). Restarts so far: {restarts}.",
    crash_ecs: "The whole task stops (\"Essential container in task exited\") and the service starts a new task. Stopped tasks so far: {stopped}.",
    bounds: "Rollout bounds",
    bounds_k8s: "maxSurge rounds up, maxUnavailable down: at most {max} pods, at least {min} available.",
    bounds_ecs: "maximumPercent {maxp} % rounds down, minimumHealthyPercent {minp} % up: at most {max} tasks, at least {min} healthy.",
    health: "Health",
    health_k8s: "Liveness restarts a container; readiness takes a pod out of the Service's endpoints.",
    health_ecs: "A container health check only marks the task UNHEALTHY; the service then replaces the task.",
    no_room: "No room",
    no_room_k8s: "The pod waits Pending with a FailedScheduling event until a node has room.",
    no_room_ecs: "The service reports \"unable to place a task\" and tries again.",
};

pub const JA: SideText = SideText {
    heading: "並べて比較: Kubernetes と Amazon ECS",
    hint: "同じアプリを Deployment と ECS サービスとして、同じマシン上で動かします。同じように壊して比べましょう。",
    empty: "まず Deployment を適用してください (nginx の例で十分です)。そのあと ECS でも動かします。",
    run_on_ecs: "deployment/{name} を ECS でも動かす",
    crash_both: "両方でコンテナを 1 つクラッシュ",
    fail_node: "{node} を故障させる",
    restore_node: "{node} を復旧",
    kubernetes: "Kubernetes",
    ecs: "Amazon ECS",
    not_yet: "まだ ECS では動いていません。上のボタンで実行します (sim side-by-side)。",
    pods_ready: "Pod {ready}/{replicas} が Ready",
    tasks_running: "タスク {running}/{desired} が実行中",
    differences: "違い",
    topic: "",
    crash: "コンテナがクラッシュしたら",
    crash_k8s: "kubelet がその場で再起動します (バックオフ 10 秒, 20 秒 … 5 分)。ここまでの再起動: {restarts} 回。",
    crash_ecs: "タスク全体が停止し (\"Essential container in task exited\")、サービスが新しいタスクを起動します。ここまでに停止したタスク: {stopped} 個。",
    bounds: "ロールアウトの上限と下限",
    bounds_k8s: "maxSurge は切り上げ、maxUnavailable は切り捨て: Pod は最大 {max} 個、利用可能は最低 {min} 個。",
    bounds_ecs: "maximumPercent {maxp} % は切り捨て、minimumHealthyPercent {minp} % は切り上げ: タスクは最大 {max} 個、正常は最低 {min} 個。",
    health: "ヘルスチェック",
    health_k8s: "liveness はコンテナを再起動し、readiness は Pod を Service のエンドポイントから外します。",
    health_ecs: "コンテナのヘルスチェックはタスクを UNHEALTHY にするだけで、サービスがタスクを入れ替えます。",
    no_room: "空きがないとき",
    no_room_k8s: "Pod は Pending のまま FailedScheduling イベントを出し、空くのを待ちます。",
    no_room_ecs: "サービスは \"unable to place a task\" を報告して再試行します。",
};

/// The pods of a Deployment, by the name its ReplicaSets give them (`NAME-HASH-XXXXX`).
pub fn pods_of<'a>(c: &'a ClusterView, d: &DeploymentView) -> Vec<&'a PodView> {
    let prefix = format!("{}-", d.name);
    c.nodes
        .iter()
        .flat_map(|n| n.pods.iter())
        .chain(c.pending.iter())
        .filter(|p| p.namespace == d.namespace && p.name.starts_with(&prefix))
        .filter(|p| p.name[prefix.len()..].matches('-').count() == 1)
        .collect()
}

/// The command text of the bar's buttons (see [`crate::recipes`] for the format).
pub const RECIPES: &str = include_str!("../../../../www/recipes/side_by_side.recipes");
pub const RECIPES_FILE: &str = "www/recipes/side_by_side.recipes";
/// The bar's buttons (their ids) and the placeholders each fills.
pub const RECIPE_SPECS: &[Spec] = &[
    Spec {
        name: "run-on-ecs",
        placeholders: &["name", "ns"],
    },
    Spec {
        name: "crash-both",
        placeholders: &["pod", "ns", "task"],
    },
    Spec {
        name: "fail-node",
        placeholders: &["node"],
    },
    Spec {
        name: "restore-node",
        placeholders: &["node"],
    },
    Spec {
        name: "traffic-both",
        placeholders: &["svc", "ns", "lb"],
    },
    Spec {
        name: "rollout-both",
        placeholders: &["name", "ns"],
    },
    Spec {
        name: "stop-traffic-both",
        placeholders: &["svc", "ns", "lb"],
    },
];

thread_local! {
    static BOOK: Book = recipes::load(RECIPES_FILE, RECIPES, RECIPE_SPECS);
}

/// The commands of the bar's buttons: (id, commands run in order). Which buttons show depends
/// on the views; the command text comes from the recipes.
pub fn commands(
    c: &ClusterView,
    d: &DeploymentView,
    service: Option<&EcsServiceView>,
) -> Vec<(&'static str, Vec<String>)> {
    let ns = ns(d);
    let mut v: Vec<(&'static str, Vec<(&str, String)>)> = Vec::new();
    if service.is_none() {
        v.push((
            "run-on-ecs",
            vec![("name", d.name.clone()), ("ns", ns.clone())],
        ));
    }
    if let Some(s) = service {
        let lb = traffic::target_group_of(c, s).and_then(traffic::load_balancer_of);
        if let (Some(svc), Some(lb)) = (&d.service, lb) {
            // Stop when both already get requests; else send to both.
            let flowing = traffic::both_flowing(c, d, lb);
            v.push((
                if flowing {
                    "stop-traffic-both"
                } else {
                    "traffic-both"
                },
                vec![
                    ("svc", svc.clone()),
                    ("ns", ns.clone()),
                    ("lb", lb.to_owned()),
                ],
            ));
        }
        v.push((
            "rollout-both",
            vec![("name", d.name.clone()), ("ns", ns.clone())],
        ));
    }
    let pod = pods_of(c, d)
        .into_iter()
        .find(|p| p.kind == StatusKind::Running && !p.terminating);
    let task = c.ecs.tasks.iter().find(|t| {
        t.service.as_deref() == Some(d.name.as_str())
            && t.last_status == TaskStatus::Running
            && t.desired_status == TaskStatus::Running
    });
    if let (Some(pod), Some(task)) = (pod, task) {
        v.push((
            "crash-both",
            vec![
                ("pod", pod.name.clone()),
                ("ns", ns),
                ("task", task.id.clone()),
            ],
        ));
    }
    if let Some(node) = c.nodes.first() {
        let id = if node.ready {
            "fail-node"
        } else {
            "restore-node"
        };
        v.push((id, vec![("node", node.name.clone())]));
    }
    BOOK.with(|book| {
        v.into_iter()
            .map(|(id, values)| {
                let values: Vec<(&str, &str)> =
                    values.iter().map(|(k, val)| (*k, val.as_str())).collect();
                (id, book.plain(id, &values))
            })
            .filter(|(_, cmds)| !cmds.is_empty())
            .collect()
    })
}

fn ns(d: &DeploymentView) -> String {
    super::cluster::actions::namespace_flag(&d.namespace)
}

#[derive(Properties, PartialEq)]
pub struct SideBySideProps {
    pub cluster: Rc<ClusterView>,
    /// Each flow's samples by key (`NS/SERVICE`, `loadbalancer/NAME`).
    #[prop_or_default]
    pub traffic: Rc<BTreeMap<String, Vec<TrafficSample>>>,
    pub on_command: Callback<String>,
}

#[function_component(SideBySide)]
pub fn side_by_side(props: &SideBySideProps) -> Html {
    let ids = crate::ids::use_ids();
    let lang = use_lang();
    let t = lang.pick(&EN, &JA);
    let tt = lang.pick(&traffic::EN, &traffic::JA);
    let c = &props.cluster;
    let Some(d) = c.deployments.first() else {
        return html! {
            <section class="sb-panel sb-side" data-testid="side-by-side">
                <div class="sb-panel-head"><h2>{ t.heading }</h2></div>
                <p class="sb-empty" data-testid="side-empty">{ t.empty }</p>
            </section>
        };
    };
    let service = c.ecs.services.iter().find(|s| s.name == d.name);
    let pods = pods_of(c, d);
    let tasks: Vec<&EcsTaskView> = c
        .ecs
        .tasks
        .iter()
        .filter(|task| {
            task.service.as_deref() == Some(d.name.as_str())
                && task.last_status != TaskStatus::Stopped
        })
        .collect();
    let stopped = c
        .ecs
        .tasks
        .iter()
        .filter(|task| {
            task.service.as_deref() == Some(d.name.as_str())
                && task.last_status == TaskStatus::Stopped
        })
        .count();
    let restarts: u32 = pods.iter().map(|p| p.restarts).sum();
    let node = c.nodes.first().map(|n| n.name.clone()).unwrap_or_default();
    let buttons = commands(c, d, service).into_iter().map(|(id, cmds)| {
        let label = match id {
            "run-on-ecs" => fill(t.run_on_ecs, &[("name", &d.name)]),
            "crash-both" => t.crash_both.to_owned(),
            "fail-node" => fill(t.fail_node, &[("node", &node)]),
            "traffic-both" => tt.traffic_both.to_owned(),
            "stop-traffic-both" => tt.stop_traffic_both.to_owned(),
            "rollout-both" => tt.rollout_both.to_owned(),
            _ => fill(t.restore_node, &[("node", &node)]),
        };
        let onclick = {
            let (on_command, cmds) = (props.on_command.clone(), cmds.clone());
            Callback::from(move |_: MouseEvent| {
                for cmd in &cmds {
                    on_command.emit(cmd.clone());
                }
            })
        };
        let shown = cmds.join(" ; ");
        html! {
            <button type="button" class="sb-btn sb-small-btn" data-testid={format!("side-action-{id}")}
                data-command={shown.clone()} title={format!("$ {shown}")} {onclick}>{ label }</button>
        }
    });
    let row = |topic: &str, k8s: String, ecs: String| {
        html! {
            <tr><th scope="row">{ topic.to_owned() }</th><td>{ k8s }</td><td>{ ecs }</td></tr>
        }
    };
    let (ecs_bounds, ecs_summary) = match service {
        Some(s) => (
            fill(
                t.bounds_ecs,
                &[
                    ("max", &s.max_tasks.to_string()),
                    ("maxp", &s.maximum_percent.to_string()),
                    ("min", &s.min_healthy.to_string()),
                    ("minp", &s.minimum_healthy_percent.to_string()),
                ],
            ),
            fill(
                t.tasks_running,
                &[
                    ("running", &s.running.to_string()),
                    ("desired", &s.desired.to_string()),
                ],
            ),
        ),
        None => (t.not_yet.to_owned(), t.not_yet.to_owned()),
    };
    html! {
        <section class="sb-panel sb-side" aria-labelledby={ids.id("side-heading")} data-testid="side-by-side">
            <div class="sb-panel-head">
                <h2 id={ids.id("side-heading")}>{ t.heading }</h2>
                <p class="sb-hint">{ t.hint }</p>
            </div>
            <div class="sb-workload-actions">{ for buttons }</div>
            <div class="sb-side-cols">
                <div class="sb-side-col" data-testid="side-k8s">
                    <h3 class="sb-subhead">{ format!("{} · deployment/{}", t.kubernetes, d.name) }</h3>
                    <p class="sb-small">{ fill(t.pods_ready, &[("ready", &d.ready.to_string()), ("replicas", &d.replicas.to_string())]) }</p>
                    <div class="sb-pods">
                        { for pods.iter().map(|p| html! {
                            <span key={p.name.clone()} class={classes!("sb-pod", "is-static", status_tone(p))}
                                data-testid="side-pod" data-restarts={p.restarts.to_string()}>
                                <span class="sb-pod-name">{ p.name.rsplit('-').next().unwrap_or(&p.name).to_owned() }</span>
                                <span class="sb-pod-status">{ &p.status }</span>
                                <span class="sb-pod-meta">{ format!("{} · RESTARTS {}", p.ready, p.restarts) }</span>
                            </span>
                        }) }
                    </div>
                </div>
                <div class="sb-side-col" data-testid="side-ecs">
                    <h3 class="sb-subhead">{ format!("{} · service/{}", t.ecs, d.name) }</h3>
                    <p class="sb-small">{ ecs_summary }</p>
                    <div class="sb-pods">
                        { for tasks.iter().map(|task| html! {
                            <span key={task.id.clone()} class={classes!("sb-pod", "is-static", task_tone(task))}
                                data-testid="side-task">
                                <span class="sb-pod-name">{ short(&task.id) }</span>
                                <span class="sb-pod-status">{ task.last_status.as_str() }</span>
                                <span class="sb-pod-meta">{ &task.task_definition }</span>
                            </span>
                        }) }
                    </div>
                </div>
            </div>
            <table class="sb-side-table" data-testid="side-differences">
                <caption>{ t.differences }</caption>
                <thead><tr><th scope="col">{ t.topic }</th><th scope="col">{ t.kubernetes }</th><th scope="col">{ t.ecs }</th></tr></thead>
                <tbody>
                    { row(t.crash, fill(t.crash_k8s, &[("restarts", &restarts.to_string())]), fill(t.crash_ecs, &[("stopped", &stopped.to_string())])) }
                    { row(t.bounds, fill(t.bounds_k8s, &[("max", &d.max_pods.to_string()), ("min", &d.min_available.to_string())]), ecs_bounds) }
                    { row(t.health, t.health_k8s.to_owned(), t.health_ecs.to_owned()) }
                    { row(t.no_room, t.no_room_k8s.to_owned(), t.no_room_ecs.to_owned()) }
                    { traffic::ready_row(tt, c, &props.traffic, d, service) }
                </tbody>
            </table>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::tests::placeholders;
    use sunaba_core::{MapFiles, World};

    #[test]
    fn the_buttons_run_both_sides_and_the_numbers_come_from_the_views() {
        let mut f = MapFiles::default();
        f.0.insert(
            "a.yaml".into(),
            include_str!("../../../../www/examples/nginx-deployment.yaml").into(),
        );
        let mut w = World::new(2);
        sunaba_core::run(&mut w, "kubectl apply -f a.yaml", &f).expect("apply");
        w.advance_by(10_000);
        let c = w.cluster_view();
        let d = c.deployments[0].clone();
        assert_eq!(pods_of(&c, &d).len(), 3);
        let cmds = commands(&c, &d, None);
        assert_eq!(cmds[0].1, ["sim side-by-side deployment/nginx-deployment"]);
        sunaba_core::run(&mut w, &cmds[0].1[0], &f).expect("side-by-side");
        w.advance_by(10_000);
        let c = w.cluster_view();
        let s = c.ecs.services[0].clone();
        let cmds = commands(&c, &d, Some(&s));
        let crash = &cmds
            .iter()
            .find(|(id, _)| *id == "crash-both")
            .expect("both run")
            .1;
        for cmd in crash {
            sunaba_core::run(&mut w, cmd, &f).unwrap_or_else(|e| panic!("{cmd}: {}", e.message));
        }
        w.advance_by(5_000);
        let c = w.cluster_view();
        let restarts: u32 = pods_of(&c, &d).iter().map(|p| p.restarts).sum();
        assert_eq!(restarts, 1, "restarted in place");
        assert!(
            c.ecs
                .tasks
                .iter()
                .any(|t| t.last_status == TaskStatus::Stopped),
            "replaced"
        );
        assert_eq!((d.max_pods, d.min_available), (4, 3));
    }

    #[test]
    fn japanese_keeps_the_placeholders() {
        for (en, ja) in [
            (EN.run_on_ecs, JA.run_on_ecs),
            (EN.fail_node, JA.fail_node),
            (EN.restore_node, JA.restore_node),
            (EN.pods_ready, JA.pods_ready),
            (EN.tasks_running, JA.tasks_running),
            (EN.crash_k8s, JA.crash_k8s),
            (EN.crash_ecs, JA.crash_ecs),
            (EN.bounds_k8s, JA.bounds_k8s),
            (EN.bounds_ecs, JA.bounds_ecs),
        ] {
            assert_eq!(placeholders(en), placeholders(ja), "{en}");
        }
    }
}
