//! Amazon ECS mode: the cluster as the ECS console shows it — services (their counts, the
//! deployment bounds, deployments and events, newest first), container instances with their
//! tasks, Fargate, and the tasks that stopped and why. Every button and menu entry runs one
//! `aws ecs …` or `sim …` command (shown in its tooltip or beneath its label, then in the
//! terminal). Nothing here decides anything: it draws `EcsView` and emits command lines.

use std::rc::Rc;

use sunaba_core::input::definitions::ecs::LaunchType;
use sunaba_core::sim::ecs_status::{
    Health, InstanceStatus, RolloutState, ServiceStatus, StopCode, TaskStatus,
};
use sunaba_core::sim::events::EventType;
use sunaba_core::sim::view::{
    ClusterView, EcsInstanceView, EcsServiceView, EcsTaskDefinitionView, EcsTaskView,
};
use yew::prelude::*;

use super::cluster::actions::{task_actions, ActionKind, MenuItem};
use super::cluster::cards::Bar;
use super::cluster::menu::ActionMenu;
use super::cluster::MenuKey;
use crate::format;
use crate::strings::{fill, use_lang};

/// The ECS empty state's action: the example task definition every page serves (the test
/// environment's, `www/examples/ecs/environments/test/`); its family's "Create service" follows.
pub const REGISTER_EXAMPLE: &str =
    "aws ecs register-task-definition --cli-input-json file://ecs/environments/test/task-definition.json";

pub struct EcsText {
    pub heading: &'static str,
    pub hint: &'static str,
    pub empty: &'static str,
    pub register_example: &'static str,
    /// `{family}`
    pub registered: &'static str,
    pub create_service: &'static str,
    pub run_task: &'static str,
    /// `{running}`, `{desired}`, `{pending}`, `{healthy}`
    pub summary: &'static str,
    /// `{min}`, `{minp}`, `{max}`, `{maxp}`
    pub bounds: &'static str,
    pub steady: &'static str,
    pub deploying: &'static str,
    pub failed: &'static str,
    pub deleting: &'static str,
    pub deployments: &'static str,
    /// `{running}`, `{pending}`, `{failed}`
    pub deployment_counts: &'static str,
    pub events: &'static str,
    pub scale_down: &'static str,
    pub scale_up: &'static str,
    pub force_deploy: &'static str,
    pub crash_one: &'static str,
    pub describe: &'static str,
    pub delete: &'static str,
    pub instances: &'static str,
    pub fargate: &'static str,
    pub no_instances: &'static str,
    pub no_tasks: &'static str,
    pub disconnected: &'static str,
    pub cpu_units: &'static str,
    pub memory: &'static str,
    /// `{free}`, `{total}`
    pub free_of: &'static str,
    /// `{task}`, `{status}`, `{health}`
    pub task_aria: &'static str,
    /// `{task}`
    pub task_menu_aria: &'static str,
    /// `{instance}`
    pub instance_menu_aria: &'static str,
    pub stopped: &'static str,
    /// `{code}`
    pub exit: &'static str,
}

pub const EN: EcsText = EcsText {
    heading: "Amazon ECS",
    hint: "Services keep their desired count by starting new tasks; click a task or an instance for actions.",
    empty: "No task definitions yet. Register the example (a one-container shop app on Fargate), or load an ECS example in the editor and Apply it: both run aws ecs register-task-definition.",
    register_example: "Register the example task definition",
    registered: "Task definition {family}",
    create_service: "Create service (3 tasks)",
    run_task: "Run one task",
    summary: "{running}/{desired} running · {pending} pending · {healthy} healthy",
    bounds: "During a deployment: at least {min} healthy (minimumHealthyPercent {minp} %, rounded up), at most {max} tasks (maximumPercent {maxp} %, rounded down).",
    steady: "steady state",
    deploying: "deploying",
    failed: "deployment failed",
    deleting: "deleting (DRAINING)",
    deployments: "Deployments",
    deployment_counts: "{running} running · {pending} pending · {failed} failed",
    events: "Service events (newest first)",
    scale_down: "Desired −1",
    scale_up: "Desired +1",
    force_deploy: "Force new deployment",
    crash_one: "Crash a task",
    describe: "Describe",
    delete: "Delete service",
    instances: "Container instances",
    fargate: "Fargate (no instances to manage)",
    no_instances: "No container instances: add a node (sim add-node), or use Fargate.",
    no_tasks: "no tasks",
    disconnected: "agent disconnected",
    cpu_units: "CPU units",
    memory: "Memory",
    free_of: "{free}/{total} free",
    task_aria: "Task {task}: {status}, health {health}. Open actions",
    task_menu_aria: "Actions for task {task}",
    instance_menu_aria: "Actions for container instance {instance}",
    stopped: "Stopped tasks (kept an hour, newest first)",
    exit: "exit {code}",
};

pub const JA: EcsText = EcsText {
    heading: "Amazon ECS",
    hint: "サービスは新しいタスクを起動して必要数を保ちます。タスクやインスタンスをクリックすると操作できます。",
    empty: "タスク定義がまだありません。例 (Fargate で動くコンテナ 1 つの shop アプリ) を登録するか、エディタで ECS の例を読み込んで適用してください。どちらも aws ecs register-task-definition を実行します。",
    register_example: "例のタスク定義を登録する",
    registered: "タスク定義 {family}",
    create_service: "サービスを作成 (タスク 3 個)",
    run_task: "タスクを 1 個実行",
    summary: "実行中 {running}/{desired} · 保留 {pending} · 正常 {healthy}",
    bounds: "デプロイ中も正常なタスクは最低 {min} 個 (minimumHealthyPercent {minp} %、切り上げ)、タスクは最大 {max} 個 (maximumPercent {maxp} %、切り捨て)。",
    steady: "安定状態",
    deploying: "デプロイ中",
    failed: "デプロイ失敗",
    deleting: "削除中 (DRAINING)",
    deployments: "デプロイ",
    deployment_counts: "実行中 {running} · 保留 {pending} · 失敗 {failed}",
    events: "サービスイベント (新しい順)",
    scale_down: "必要数 −1",
    scale_up: "必要数 +1",
    force_deploy: "強制的に新しくデプロイ",
    crash_one: "タスクを 1 つクラッシュ",
    describe: "詳細",
    delete: "サービスを削除",
    instances: "コンテナインスタンス",
    fargate: "Fargate (管理するインスタンスなし)",
    no_instances: "コンテナインスタンスがありません。ノードを追加する (sim add-node) か Fargate を使います。",
    no_tasks: "タスクなし",
    disconnected: "エージェント切断",
    cpu_units: "CPU ユニット",
    memory: "メモリ",
    free_of: "空き {free}/{total}",
    task_aria: "タスク {task}: {status}、ヘルス {health}。操作を開く",
    task_menu_aria: "タスク {task} の操作",
    instance_menu_aria: "コンテナインスタンス {instance} の操作",
    stopped: "停止したタスク (1 時間保持、新しい順)",
    exit: "終了コード {code}",
};

/// Stopped tasks listed (the view carries up to 20).
pub const STOPPED_SHOWN_MAX: usize = 8;
/// Service events listed per service.
pub const EVENTS_SHOWN_MAX: usize = 5;

/// Short task ids, as the console abbreviates them.
pub fn short(id: &str) -> String {
    id.chars().take(8).collect()
}

/// The colour family of a task (always shown with its status text).
pub fn task_tone(t: &EcsTaskView) -> &'static str {
    match (t.last_status, t.health) {
        (_, Health::Unhealthy) => "tone-bad",
        (TaskStatus::Running, _) if t.desired_status == TaskStatus::Running => "tone-ok",
        (TaskStatus::Provisioning | TaskStatus::Pending | TaskStatus::Activating, _) => {
            "tone-progress"
        }
        (TaskStatus::Stopped, _) if t.stop_code == Some(StopCode::UserInitiated) => "tone-done",
        (TaskStatus::Stopped, _)
            if t.stop_code == Some(StopCode::ServiceSchedulerInitiated)
                && !t.failed_health_checks =>
        {
            "tone-done"
        }
        (TaskStatus::Stopped, _) => "tone-bad",
        _ => "tone-muted",
    }
}

/// The commands of a service's buttons, in button order: (id, command).
pub fn service_commands(s: &EcsServiceView) -> Vec<(&'static str, String)> {
    let n = &s.name;
    let mut v = vec![
        (
            "scale-down",
            format!(
                "aws ecs update-service --service {n} --desired-count {}",
                s.desired.saturating_sub(1)
            ),
        ),
        (
            "scale-up",
            format!(
                "aws ecs update-service --service {n} --desired-count {}",
                s.desired.saturating_add(1)
            ),
        ),
        (
            "force",
            format!("aws ecs update-service --service {n} --force-new-deployment"),
        ),
    ];
    if s.running > 0 {
        v.push(("crash", format!("sim crash --service {n} --exit-code 1")));
    }
    v.push((
        "describe",
        format!("aws ecs describe-services --services {n}"),
    ));
    v.push((
        "delete",
        format!("aws ecs delete-service --service {n} --force"),
    ));
    v
}

/// Quick starts for a task definition family that no service runs yet.
pub fn family_commands(td: &EcsTaskDefinitionView) -> Vec<(&'static str, String)> {
    let f = &td.family;
    let launch = if td.ec2 {
        ""
    } else {
        " --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}"
    };
    vec![
        (
            "create-service",
            format!("aws ecs create-service --service-name {f} --task-definition {f} --desired-count 3{launch}"),
        ),
        (
            "run-task",
            format!("aws ecs run-task --task-definition {f}{launch}"),
        ),
    ]
}

/// The actions of a container instance's menu.
pub fn instance_actions(i: &EcsInstanceView) -> Vec<MenuItem> {
    let mut items = Vec::new();
    if i.status == InstanceStatus::Draining {
        items.push(MenuItem {
            id: "activate",
            kind: ActionKind::ActivateInstance,
            command: format!(
                "aws ecs update-container-instances-state --container-instances {} --status ACTIVE",
                i.id
            ),
        });
    } else {
        items.push(MenuItem {
            id: "drain",
            kind: ActionKind::DrainInstance,
            command: format!(
                "aws ecs update-container-instances-state --container-instances {} --status DRAINING",
                i.id
            ),
        });
    }
    items.push(if i.agent_connected {
        MenuItem {
            id: "fail",
            kind: ActionKind::FailNode,
            command: format!("sim fail-node {}", i.node),
        }
    } else {
        MenuItem {
            id: "restore",
            kind: ActionKind::RestoreNode,
            command: format!("sim restore-node {}", i.node),
        }
    });
    items
}

fn label<'a>(t: &'a EcsText, id: &str) -> &'a str {
    match id {
        "scale-down" => t.scale_down,
        "scale-up" => t.scale_up,
        "force" => t.force_deploy,
        "crash" => t.crash_one,
        "describe" => t.describe,
        "delete" => t.delete,
        "create-service" => t.create_service,
        _ => t.run_task,
    }
}

fn command_button(label: &str, id: &str, command: String, on_command: &Callback<String>) -> Html {
    let onclick = {
        let (on_command, command) = (on_command.clone(), command.clone());
        Callback::from(move |_: MouseEvent| on_command.emit(command.clone()))
    };
    html! {
        <button type="button" class="sb-btn sb-small-btn" data-testid={format!("ecs-action-{id}")}
            data-command={command.clone()} title={format!("$ {command}")} {onclick}>
            { label.to_owned() }
        </button>
    }
}

#[derive(Properties, PartialEq)]
pub struct EcsPanelProps {
    pub cluster: Rc<ClusterView>,
    pub on_command: Callback<String>,
}

#[function_component(EcsPanel)]
pub fn ecs_panel(props: &EcsPanelProps) -> Html {
    let ids = crate::ids::use_ids();
    let t = use_lang().pick(&EN, &JA);
    let open_menu = use_state_eq(|| None::<MenuKey>);
    let on_menu = use_callback(open_menu.setter(), |key: Option<MenuKey>, set| set.set(key));
    let ecs = &props.cluster.ecs;
    let served: Vec<&str> = ecs.services.iter().map(|s| s.family.as_str()).collect();
    // The newest revision of each family no service runs: a quick start.
    let mut unserved: Vec<&EcsTaskDefinitionView> = Vec::new();
    for td in &ecs.task_definitions {
        if served.contains(&td.family.as_str()) {
            continue;
        }
        match unserved.last_mut() {
            Some(last) if last.family == td.family => *last = td,
            _ => unserved.push(td),
        }
    }
    let live: Vec<&EcsTaskView> = ecs
        .tasks
        .iter()
        .filter(|t| t.last_status != TaskStatus::Stopped)
        .collect();
    let fargate: Vec<&EcsTaskView> = live
        .iter()
        .copied()
        .filter(|t| t.launch_type == LaunchType::Fargate)
        .collect();
    let stopped: Vec<&EcsTaskView> = ecs
        .tasks
        .iter()
        .filter(|t| t.last_status == TaskStatus::Stopped)
        .take(STOPPED_SHOWN_MAX)
        .collect();
    html! {
        <section class="sb-panel sb-ecs" aria-labelledby={ids.id("ecs-heading")} data-testid="ecs">
            <div class="sb-panel-head">
                <h2 id={ids.id("ecs-heading")}>{ t.heading }</h2>
                <p class="sb-hint">{ t.hint }</p>
            </div>
            if ecs.task_definitions.is_empty() && ecs.services.is_empty() && ecs.tasks.is_empty() {
                <div class="sb-empty-state" data-testid="ecs-empty">
                    <p class="sb-empty">{ t.empty }</p>
                    <button type="button" class="sb-btn sb-primary" data-testid="ecs-register-example"
                        data-command={REGISTER_EXAMPLE} title={format!("$ {REGISTER_EXAMPLE}")}
                        onclick={props.on_command.reform(|_: MouseEvent| REGISTER_EXAMPLE.to_owned())}>
                        { t.register_example }
                    </button>
                </div>
            }
            if !unserved.is_empty() {
                <ul class="sb-workload-list">
                    { for unserved.iter().map(|td| html! {
                        <li class="sb-workload" key={td.family.clone()} data-testid="ecs-family" data-family={td.family.clone()}>
                            <div class="sb-workload-head">
                                <span class="sb-workload-name">{ fill(t.registered, &[("family", &format!("{}:{}", td.family, td.revision))]) }</span>
                            </div>
                            <div class="sb-workload-actions">
                                { for family_commands(td).into_iter().map(|(id, cmd)| command_button(label(t, id), id, cmd, &props.on_command)) }
                            </div>
                        </li>
                    }) }
                </ul>
            }
            if !ecs.services.is_empty() {
                <ul class="sb-workload-list">
                    { for ecs.services.iter().map(|s| html! {
                        <ServiceRow key={s.name.clone()} service={s.clone()} on_command={props.on_command.clone()} />
                    }) }
                </ul>
            }
            <super::ecs_load_balancer::LoadBalancers load_balancers={ecs.load_balancers.clone()}
                target_groups={ecs.target_groups.clone()}
                offer_example={super::ecs_load_balancer::offers_example(ecs)}
                on_command={props.on_command.clone()} />
            <h3 class="sb-subhead">{ t.instances }</h3>
            if ecs.instances.is_empty() {
                <p class="sb-empty sb-small">{ t.no_instances }</p>
            }
            <div class="sb-nodes sb-ecs-instances">
                { for ecs.instances.iter().map(|i| {
                    let tasks: Vec<EcsTaskView> = live.iter().filter(|t| t.instance == i.node).map(|t| (*t).clone()).collect();
                    html! {
                        <InstanceCard key={i.id.clone()} instance={i.clone()} {tasks}
                            open_menu={(*open_menu).clone()} on_menu={on_menu.clone()}
                            on_command={props.on_command.clone()} />
                    }
                }) }
            </div>
            if !fargate.is_empty() {
                <h3 class="sb-subhead">{ t.fargate }</h3>
                <div class="sb-pods sb-fargate" data-testid="ecs-fargate">
                    { for fargate.iter().map(|task| html! {
                        <TaskChip key={task.id.clone()} task={(*task).clone()}
                            open={*open_menu == Some(MenuKey::Task(task.id.clone()))}
                            on_menu={on_menu.clone()} on_command={props.on_command.clone()} />
                    }) }
                </div>
            }
            if !stopped.is_empty() {
                <h3 class="sb-subhead">{ t.stopped }</h3>
                <ul class="sb-ecs-stopped" data-testid="ecs-stopped">
                    { for stopped.iter().map(|task| {
                        let exits: Vec<String> = task.containers.iter()
                            .filter_map(|c| c.exit_code.map(|code| format!("{} {}", c.name, fill(t.exit, &[("code", &code.to_string())]))))
                            .collect();
                        html! {
                            <li key={task.id.clone()} class={classes!("sb-ecs-stopped-row", task_tone(task))}
                                data-testid="ecs-stopped-task" data-task={task.id.clone()}>
                                <code class="sb-task-id">{ short(&task.id) }</code>
                                <span>{ &task.task_definition }</span>
                                <span class="sb-stop-reason">{ task.stopped_reason.clone().unwrap_or_default() }</span>
                                if !exits.is_empty() {
                                    <span class="sb-small">{ exits.join(", ") }</span>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ServiceRowProps {
    service: EcsServiceView,
    on_command: Callback<String>,
}

#[function_component(ServiceRow)]
fn service_row(props: &ServiceRowProps) -> Html {
    let t = use_lang().pick(&EN, &JA);
    let s = &props.service;
    let primary_failed = s
        .deployments
        .first()
        .is_some_and(|d| d.rollout_state == RolloutState::Failed);
    let (state, tone) = if s.status == ServiceStatus::Draining {
        (t.deleting, "tone-muted")
    } else if primary_failed {
        (t.failed, "tone-bad")
    } else if s.deployments.len() == 1
        && s.running == s.desired
        && s.healthy == s.desired
        && s.deployments[0].rollout_state == RolloutState::Completed
    {
        (t.steady, "tone-ok")
    } else {
        (t.deploying, "tone-progress")
    };
    html! {
        <li class="sb-workload" data-testid="ecs-service" data-service={s.name.clone()}
            data-running={s.running.to_string()} data-desired={s.desired.to_string()}>
            <div class="sb-workload-head">
                <span class="sb-workload-name">{ format!("service/{} · {} · {}", s.name, s.task_definition, s.launch_type) }</span>
                <span class={classes!("sb-rollout", tone)}><span class="sb-dot" aria-hidden="true"></span>{ state }</span>
            </div>
            <p class="sb-workload-summary">{ fill(t.summary, &[
                ("running", &s.running.to_string()), ("desired", &s.desired.to_string()),
                ("pending", &s.pending.to_string()), ("healthy", &s.healthy.to_string()),
            ]) }</p>
            <p class="sb-small sb-ecs-bounds" data-testid="ecs-bounds">{ fill(t.bounds, &[
                ("min", &s.min_healthy.to_string()), ("minp", &s.minimum_healthy_percent.to_string()),
                ("max", &s.max_tasks.to_string()), ("maxp", &s.maximum_percent.to_string()),
            ]) }</p>
            <div class="sb-workload-actions">
                { for service_commands(s).into_iter().map(|(id, cmd)| command_button(label(t, id), id, cmd, &props.on_command)) }
            </div>
            <details class="sb-ecs-details" open=true>
                <summary>{ t.deployments }</summary>
                <ul class="sb-ecs-deployments">
                    { for s.deployments.iter().map(|d| html! {
                        <li key={d.id.clone()} data-testid="ecs-deployment" data-rollout={d.rollout_state.as_str()}>
                            <code>{ d.status.as_str() }</code>{ " " }{ &d.task_definition }{ " · " }
                            <span class={classes!("sb-rollout-state", match d.rollout_state {
                                RolloutState::Completed => "tone-ok", RolloutState::Failed => "tone-bad",
                                RolloutState::InProgress => "tone-progress" })}>
                                { d.rollout_state.as_str() }
                            </span>
                            { " · " }{ fill(t.deployment_counts, &[
                                ("running", &d.running.to_string()), ("pending", &d.pending.to_string()),
                                ("failed", &d.failed_tasks.to_string()),
                            ]) }
                        </li>
                    }) }
                </ul>
            </details>
            if !s.events.is_empty() {
                <details class="sb-ecs-details" open=true>
                    <summary>{ t.events }</summary>
                    <ol class="sb-ecs-events" data-testid="ecs-events">
                        { for s.events.iter().take(EVENTS_SHOWN_MAX).map(|(at, message, type_)| html! {
                            <li class={classes!((*type_ == EventType::Warning).then_some("is-warning"))}>
                                <time>{ format::clock(*at) }</time>{ " " }{ message }
                            </li>
                        }) }
                    </ol>
                </details>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct InstanceCardProps {
    instance: EcsInstanceView,
    tasks: Vec<EcsTaskView>,
    open_menu: Option<MenuKey>,
    on_menu: Callback<Option<MenuKey>>,
    on_command: Callback<String>,
}

#[function_component(InstanceCard)]
fn instance_card(props: &InstanceCardProps) -> Html {
    let t = use_lang().pick(&EN, &JA);
    let trigger = use_node_ref();
    let i = &props.instance;
    let key = MenuKey::Instance(i.id.clone());
    let open = props.open_menu.as_ref() == Some(&key);
    let onclick = {
        let on_menu = props.on_menu.clone();
        Callback::from(move |_: MouseEvent| on_menu.emit((!open).then(|| key.clone())))
    };
    let status = if i.agent_connected {
        i.status.as_str().to_string()
    } else {
        format!("{} · {}", i.status, t.disconnected)
    };
    let ok = i.agent_connected && i.status == InstanceStatus::Active;
    let menu_label = fill(t.instance_menu_aria, &[("instance", &i.node)]);
    html! {
        <article class={classes!("sb-node", (!ok).then_some("is-not-ready"))} data-testid="ecs-instance"
            data-node={i.node.clone()} data-status={i.status.as_str()}>
            <header class="sb-node-head">
                <button type="button" ref={trigger.clone()} class="sb-node-name" data-testid="ecs-instance-menu"
                    aria-haspopup="menu" aria-expanded={open.to_string()} aria-label={menu_label.clone()} {onclick}>
                    { format!("{} · {}", i.node, &i.id[..8.min(i.id.len())]) }
                </button>
                <span class={classes!("sb-node-status", if ok { "tone-ok" } else { "tone-bad" })}>{ status }</span>
                if open {
                    <ActionMenu items={instance_actions(i)} testid_prefix="instance-action" label={menu_label}
                        trigger={trigger} on_menu={props.on_menu.clone()} on_command={props.on_command.clone()} />
                }
            </header>
            <p class="sb-small">{ &i.zone }</p>
            <Bar label={t.cpu_units} used={i.cpu_units - i.cpu_remaining.min(i.cpu_units)} total={i.cpu_units}
                text={fill(t.free_of, &[("free", &i.cpu_remaining.to_string()), ("total", &i.cpu_units.to_string())])} />
            <Bar label={t.memory} used={i.memory_mib - i.memory_remaining.min(i.memory_mib)} total={i.memory_mib}
                text={fill(t.free_of, &[("free", &i.memory_remaining.to_string()), ("total", &format!("{} MiB", i.memory_mib))])} />
            <div class="sb-pods">
                if props.tasks.is_empty() {
                    <p class="sb-empty sb-small">{ t.no_tasks }</p>
                }
                <>
                    { for props.tasks.iter().map(|task| html! {
                        <TaskChip key={task.id.clone()} task={task.clone()}
                            open={props.open_menu == Some(MenuKey::Task(task.id.clone()))}
                            on_menu={props.on_menu.clone()} on_command={props.on_command.clone()} />
                    }) }
                </>
            </div>
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct TaskChipProps {
    pub task: EcsTaskView,
    pub open: bool,
    pub on_menu: Callback<Option<MenuKey>>,
    pub on_command: Callback<String>,
}

/// A task: short id, lastStatus (text and colour), health, task definition; opens its menu.
#[function_component(TaskChip)]
pub fn task_chip(props: &TaskChipProps) -> Html {
    let t = use_lang().pick(&EN, &JA);
    let trigger = use_node_ref();
    let task = &props.task;
    let key = MenuKey::Task(task.id.clone());
    let onclick = {
        let (on_menu, open) = (props.on_menu.clone(), props.open);
        Callback::from(move |_: MouseEvent| on_menu.emit((!open).then(|| key.clone())))
    };
    let id = short(&task.id);
    let running =
        task.last_status == TaskStatus::Running && task.desired_status == TaskStatus::Running;
    let has_check = task.containers.iter().any(|c| c.health.is_some());
    html! {
        <div class="sb-pod-wrap">
            <button type="button" ref={trigger.clone()} class={classes!("sb-pod", task_tone(task))}
                data-testid="ecs-task" data-task={task.id.clone()} data-status={task.last_status.as_str()}
                data-health={task.health.as_str()} aria-haspopup="menu" aria-expanded={props.open.to_string()}
                aria-label={fill(t.task_aria, &[("task", &id), ("status", task.last_status.as_str()), ("health", task.health.as_str())])}
                {onclick}>
                <span class="sb-pod-name">{ &id }</span>
                <span class="sb-pod-status">
                    { task.last_status.as_str() }
                    if task.desired_status != task.last_status && task.desired_status == TaskStatus::Stopped {
                        { format!(" → {}", TaskStatus::Stopped) }
                    }
                </span>
                <span class="sb-pod-meta">
                    { &task.task_definition }
                    if has_check { { format!(" · {}", task.health) } }
                </span>
                // The containers, as the console lists them under a task.
                <span class="sb-task-containers" data-testid="ecs-task-containers">
                    { task.containers.iter().map(|c| match c.exit_code {
                        Some(code) if c.last_status == TaskStatus::Stopped => format!("{} {} ({code})", c.name, c.last_status),
                        _ => format!("{} {}", c.name, c.last_status),
                    }).collect::<Vec<_>>().join(" · ") }
                </span>
            </button>
            if props.open {
                <ActionMenu items={task_actions(&task.id, running)} testid_prefix="task-action"
                    label={fill(t.task_menu_aria, &[("task", &id)])} trigger={trigger}
                    on_menu={props.on_menu.clone()} on_command={props.on_command.clone()} />
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strings::tests::placeholders;
    use sunaba_core::{MapFiles, World};

    fn world() -> World {
        let mut f = MapFiles::default();
        f.0.insert(
            "web.json".into(),
            r#"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx:1.27", "memory": 128}]}"#.into(),
        );
        let mut w = World::new(1);
        sunaba_core::run(
            &mut w,
            "aws ecs register-task-definition --cli-input-json file://web.json",
            &f,
        )
        .expect("register");
        w
    }

    #[test]
    fn every_button_and_menu_entry_runs_a_command_the_core_accepts() {
        let mut w = world();
        let view = w.cluster_view();
        let td = view.ecs.task_definitions[0].clone();
        let create = &family_commands(&td)[0].1;
        sunaba_core::run(&mut w, create, &MapFiles::default()).expect("create-service");
        w.advance_by(10_000);
        let view = w.cluster_view();
        let s = view.ecs.services[0].clone();
        assert_eq!((s.running, s.desired), (3, 3));
        let task = view.ecs.tasks[0].clone();
        for item in task_actions(&task.id, true) {
            if item.id == "kill" {
                continue; // the crash below is enough of a fault
            }
            sunaba_core::run(&mut w, &item.command, &MapFiles::default())
                .unwrap_or_else(|e| panic!("`{}`: {}", item.command, e.message));
        }
        for item in instance_actions(&view.ecs.instances[0]) {
            sunaba_core::run(&mut w, &item.command, &MapFiles::default())
                .unwrap_or_else(|e| panic!("`{}`: {}", item.command, e.message));
        }
        for (_, cmd) in service_commands(&s) {
            sunaba_core::run(&mut w, &cmd, &MapFiles::default())
                .unwrap_or_else(|e| panic!("`{cmd}`: {}", e.message));
        }
        w.advance_by(60_000);
        let view = w.cluster_view();
        assert!(
            view.ecs.services.is_empty(),
            "deleted: {:#?}",
            view.ecs.services
        );
        assert!(view
            .ecs
            .tasks
            .iter()
            .any(|t| t.last_status == TaskStatus::Stopped));
        assert_eq!(task_tone(&view.ecs.tasks[0]), "tone-done");
    }

    #[test]
    fn japanese_keeps_the_placeholders() {
        for (en, ja) in [
            (EN.registered, JA.registered),
            (EN.summary, JA.summary),
            (EN.bounds, JA.bounds),
            (EN.deployment_counts, JA.deployment_counts),
            (EN.free_of, JA.free_of),
            (EN.task_aria, JA.task_aria),
            (EN.task_menu_aria, JA.task_menu_aria),
            (EN.instance_menu_aria, JA.instance_menu_aria),
            (EN.exit, JA.exit),
        ] {
            assert_eq!(placeholders(en), placeholders(ja), "{en}");
        }
    }
}
