//! The ECS panel's load balancers: each Application Load Balancer with its DNS name and
//! listeners, each target group with its health check, deregistration delay and targets, every
//! target's health state as a coloured chip with its reason (the API's code, and its words in
//! the reader's language) and, while draining, what is left of the delay. Buttons run
//! `aws elbv2 describe-target-health` and `sim traffic`; with no load balancer yet, one button
//! sets up a web service behind one (`www/recipes/load_balancer.recipes`). Nothing here
//! decides anything: it draws `EcsView` and emits command lines.

use sunaba_core::sim::elb_status::TargetState;
use sunaba_core::sim::view::{EcsView, LoadBalancerView, TargetGroupView, TargetView};
use yew::prelude::*;

use super::ecs::short;
use crate::recipes::{self, Book, Spec};
use crate::strings::{fill, use_lang};

pub struct LbText {
    pub heading: &'static str,
    pub hint: &'static str,
    pub example: &'static str,
    pub example_hint: &'static str,
    /// `{dns}`
    pub dns: &'static str,
    /// `{protocol}`, `{port}`, `{group}`
    pub listener: &'static str,
    pub no_listeners: &'static str,
    /// `{rate}`
    pub traffic_on: &'static str,
    pub traffic_off: &'static str,
    pub send_traffic: &'static str,
    pub stop_traffic: &'static str,
    /// `{name}`
    pub group_aria: &'static str,
    /// `{path}`, `{interval}`, `{healthy}`, `{unhealthy}`
    pub health_check: &'static str,
    /// `{delay}`
    pub deregistration: &'static str,
    /// `{services}`
    pub services: &'static str,
    pub no_targets: &'static str,
    pub describe_health: &'static str,
    /// `{seconds}`
    pub draining_left: &'static str,
    /// `{target}`, `{state}`
    pub target_aria: &'static str,
    pub initial: &'static str,
    pub healthy: &'static str,
    pub unhealthy: &'static str,
    pub unused: &'static str,
    pub draining: &'static str,
    /// Reason codes in this language's words; a code not listed shows the API's description.
    pub reasons: &'static [(&'static str, &'static str)],
}

pub const EN: LbText = LbText {
    heading: "Load balancers",
    hint: "The load balancer sends requests only to healthy targets; ECS registers each task when it starts (ACTIVATING) and drains it before stopping it (DEACTIVATING).",
    example: "Set up a web service behind a load balancer",
    example_hint: "Creates an Application Load Balancer, a target group with a health check and a listener, then a Fargate service of 3 tasks registered in it.",
    dns: "DNS name {dns}",
    listener: "{protocol}:{port} → {group}",
    no_listeners: "No listener: nothing is forwarded yet.",
    traffic_on: "{rate} requests/s",
    traffic_off: "no traffic",
    send_traffic: "Send 100 requests/s",
    stop_traffic: "Stop traffic",
    group_aria: "Targets of {name}",
    health_check: "Health check GET {path} every {interval} s · healthy after {healthy}, unhealthy after {unhealthy} in a row",
    deregistration: "Deregistration delay {delay} s",
    services: "Registered by {services}",
    no_targets: "No targets registered.",
    describe_health: "Describe target health",
    draining_left: "{seconds} s left",
    target_aria: "Target {target}: {state}",
    initial: "initial",
    healthy: "healthy",
    unhealthy: "unhealthy",
    unused: "unused",
    draining: "draining",
    reasons: &[],
};

pub const JA: LbText = LbText {
    heading: "ロードバランサー",
    hint: "ロードバランサーは正常なターゲットにだけリクエストを送ります。ECS はタスクの起動時に登録し (ACTIVATING)、停止の前にドレインします (DEACTIVATING)。",
    example: "ロードバランサーの後ろに web サービスを用意する",
    example_hint: "Application Load Balancer、ヘルスチェックつきのターゲットグループとリスナーを作り、そこに登録される 3 タスクの Fargate サービスを作成します。",
    dns: "DNS 名 {dns}",
    listener: "{protocol}:{port} → {group}",
    no_listeners: "リスナーがありません。まだ何も転送されません。",
    traffic_on: "毎秒 {rate} リクエスト",
    traffic_off: "トラフィックなし",
    send_traffic: "毎秒 100 リクエスト送る",
    stop_traffic: "トラフィックを止める",
    group_aria: "{name} のターゲット",
    health_check: "ヘルスチェック GET {path} を {interval} 秒ごと · {healthy} 回続けて成功で正常、{unhealthy} 回続けて失敗で異常",
    deregistration: "登録解除の遅延 {delay} 秒",
    services: "登録するサービス {services}",
    no_targets: "登録されたターゲットはありません。",
    describe_health: "ターゲットのヘルスを表示",
    draining_left: "残り {seconds} 秒",
    target_aria: "ターゲット {target}: {state}",
    initial: "初期",
    healthy: "正常",
    unhealthy: "異常",
    unused: "未使用",
    draining: "ドレイン中",
    reasons: REASONS_JA,
};

/// The command text of the example button (see [`crate::recipes`] for the format).
pub const RECIPES: &str = include_str!("../../../../www/recipes/load_balancer.recipes");
pub const RECIPES_FILE: &str = "www/recipes/load_balancer.recipes";
pub const RECIPE_SPECS: &[Spec] = &[Spec {
    name: "web-behind-load-balancer",
    placeholders: &[],
}];

thread_local! {
    static BOOK: Book = recipes::load(RECIPES_FILE, RECIPES, RECIPE_SPECS);
}

/// The example's commands, in order.
pub fn example_commands() -> Vec<String> {
    BOOK.with(|b| b.plain("web-behind-load-balancer", &[]))
}

/// The example is offered while there is no load balancer and no target group: its commands
/// name the ARNs the first ones get.
pub fn offers_example(ecs: &EcsView) -> bool {
    ecs.load_balancers.is_empty() && ecs.target_groups.is_empty()
}

/// A load balancer's traffic button: (id, command).
pub fn traffic_command(lb: &LoadBalancerView) -> (&'static str, String) {
    if lb.traffic_rate == 0 {
        ("traffic-on", format!("sim traffic {} 100", lb.name))
    } else {
        ("traffic-off", format!("sim traffic {} 0", lb.name))
    }
}

pub fn describe_health_command(tg: &TargetGroupView) -> String {
    format!(
        "aws elbv2 describe-target-health --target-group-arn {}",
        tg.arn
    )
}

/// The colour family of a target's health (always shown with its state's words).
pub fn target_tone(state: TargetState) -> &'static str {
    match state {
        TargetState::Healthy => "tone-ok",
        TargetState::Initial => "tone-progress",
        TargetState::Unhealthy => "tone-bad",
        TargetState::Draining => "tone-draining",
        TargetState::Unused => "tone-muted",
    }
}

pub fn state_text(t: &LbText, state: TargetState) -> &'static str {
    match state {
        TargetState::Initial => t.initial,
        TargetState::Healthy => t.healthy,
        TargetState::Unhealthy => t.unhealthy,
        TargetState::Unused => t.unused,
        TargetState::Draining => t.draining,
    }
}

/// The reason codes ELB gives, in Japanese (English shows the API's own description).
const REASONS_JA: &[(&str, &str)] = &[
    ("Elb.RegistrationInProgress", "ターゲットの登録中です"),
    ("Elb.InitialHealthChecking", "最初のヘルスチェック中です"),
    (
        "Target.ResponseCodeMismatch",
        "ヘルスチェックが想定外の応答コードで失敗しました",
    ),
    ("Target.Timeout", "リクエストがタイムアウトしました"),
    ("Target.FailedHealthChecks", "ヘルスチェックに失敗しました"),
    (
        "Target.DeregistrationInProgress",
        "ターゲットの登録解除中です",
    ),
    (
        "Target.NotRegistered",
        "ターゲットグループに登録されていません",
    ),
    (
        "Target.NotInUse",
        "ロードバランサーがこのターゲットグループに転送していません",
    ),
];

/// The reason's words in the reader's language.
pub fn reason_text(t: &LbText, target: &TargetView) -> Option<String> {
    let code = target.reason.as_deref()?;
    match t.reasons.iter().find(|(c, _)| *c == code) {
        Some((_, words)) => Some((*words).to_owned()),
        None => target.description.clone(),
    }
}

/// Whole seconds left of a draining target's delay, rounded up.
pub fn seconds_left(ms: u64) -> u64 {
    ms.div_ceil(1000)
}

fn button(label: &str, id: &str, commands: Vec<String>, on_command: &Callback<String>) -> Html {
    let shown = commands.join(" ; ");
    let onclick = {
        let on_command = on_command.clone();
        Callback::from(move |_: MouseEvent| {
            for c in &commands {
                on_command.emit(c.clone());
            }
        })
    };
    html! {
        <button type="button" class="sb-btn sb-small-btn" data-testid={format!("lb-action-{id}")}
            data-command={shown.clone()} title={format!("$ {shown}")} {onclick}>
            { label.to_owned() }
        </button>
    }
}

#[derive(Properties, PartialEq)]
pub struct LoadBalancersProps {
    pub load_balancers: Vec<LoadBalancerView>,
    pub target_groups: Vec<TargetGroupView>,
    /// Offer the example (see [`offers_example`]).
    pub offer_example: bool,
    pub on_command: Callback<String>,
}

#[function_component(LoadBalancers)]
pub fn load_balancers(props: &LoadBalancersProps) -> Html {
    let t = use_lang().pick(&EN, &JA);
    if props.load_balancers.is_empty() && props.target_groups.is_empty() {
        if !props.offer_example {
            return html! {};
        }
        let commands = example_commands();
        if commands.is_empty() {
            return html! {};
        }
        return html! {
            <div class="sb-lb-example" data-testid="lb-example">
                <p class="sb-small">{ t.example_hint }</p>
                { button(t.example, "example", commands, &props.on_command) }
            </div>
        };
    }
    html! {
        <div class="sb-lbs" data-testid="load-balancers">
            <h3 class="sb-subhead">{ t.heading }</h3>
            <p class="sb-small sb-hint">{ t.hint }</p>
            <ul class="sb-workload-list">
                { for props.load_balancers.iter().map(|lb| load_balancer(t, lb, &props.on_command)) }
            </ul>
            <ul class="sb-lb-groups">
                { for props.target_groups.iter().map(|tg| target_group(t, tg, &props.on_command)) }
            </ul>
        </div>
    }
}

fn load_balancer(t: &LbText, lb: &LoadBalancerView, on_command: &Callback<String>) -> Html {
    let (id, command) = traffic_command(lb);
    let (label, rate) = if lb.traffic_rate == 0 {
        (t.send_traffic, t.traffic_off.to_owned())
    } else {
        (
            t.stop_traffic,
            fill(t.traffic_on, &[("rate", &lb.traffic_rate.to_string())]),
        )
    };
    html! {
        <li class="sb-workload sb-lb" key={lb.arn.clone()} data-testid="lb" data-name={lb.name.clone()}
            data-state={lb.state.as_str()}>
            <div class="sb-workload-head">
                <span class="sb-workload-name">{ format!("loadbalancer/{}", lb.name) }</span>
                <span class={classes!("sb-rollout", if lb.state.as_str() == "active" { "tone-ok" } else { "tone-progress" })}>
                    <span class="sb-dot" aria-hidden="true"></span>{ lb.state.as_str() }
                </span>
            </div>
            <p class="sb-small sb-lb-dns">{ fill(t.dns, &[("dns", &lb.dns_name)]) }</p>
            if lb.listeners.is_empty() {
                <p class="sb-small">{ t.no_listeners }</p>
            } else {
                <ul class="sb-lb-listeners" data-testid="lb-listeners">
                    { for lb.listeners.iter().map(|l| html! {
                        <li key={l.port.to_string()}><code>{ fill(t.listener, &[
                            ("protocol", &l.protocol), ("port", &l.port.to_string()), ("group", &l.target_group),
                        ]) }</code></li>
                    }) }
                </ul>
            }
            <div class="sb-workload-actions">
                <span class="sb-small sb-lb-rate" data-testid="lb-rate">{ rate }</span>
                { button(label, id, vec![command], on_command) }
            </div>
        </li>
    }
}

fn target_group(t: &LbText, tg: &TargetGroupView, on_command: &Callback<String>) -> Html {
    let heading = format!(
        "targetgroup/{} · {}:{} · {}",
        tg.name, tg.protocol, tg.port, tg.target_type
    );
    html! {
        <li class="sb-workload sb-lb-group" key={tg.arn.clone()} data-testid="lb-target-group" data-name={tg.name.clone()}>
            <div class="sb-workload-head">
                <span class="sb-workload-name">{ heading }</span>
            </div>
            <p class="sb-small">{ fill(t.health_check, &[
                ("path", &tg.health_check_path), ("interval", &tg.health_check_interval_s.to_string()),
                ("healthy", &tg.healthy_threshold.to_string()), ("unhealthy", &tg.unhealthy_threshold.to_string()),
            ]) }</p>
            <p class="sb-small">
                { fill(t.deregistration, &[("delay", &tg.deregistration_delay_s.to_string())]) }
                if !tg.services.is_empty() {
                    { " · " }{ fill(t.services, &[("services", &tg.services.join(", "))]) }
                }
            </p>
            if tg.targets.is_empty() {
                <p class="sb-empty sb-small">{ t.no_targets }</p>
            } else {
                <ul class="sb-lb-targets" aria-label={fill(t.group_aria, &[("name", &tg.name)])}>
                    { for tg.targets.iter().map(|target| target_row(t, target)) }
                </ul>
            }
            <div class="sb-workload-actions">
                { button(t.describe_health, "describe-health", vec![describe_health_command(tg)], on_command) }
            </div>
        </li>
    }
}

fn target_row(t: &LbText, target: &TargetView) -> Html {
    let address = format!("{}:{}", target.id, target.port);
    let state = state_text(t, target.state);
    html! {
        <li key={address.clone()} class={classes!("sb-lb-target", target_tone(target.state))}
            data-testid="lb-target" data-state={target.state.as_str()}
            aria-label={fill(t.target_aria, &[("target", &address), ("state", state)])}>
            <code class="sb-task-id">{ address.clone() }</code>
            if let Some(task) = &target.task {
                <span class="sb-small">{ format!("task {}", short(task)) }</span>
            }
            <span class="sb-lb-state">{ state }</span>
            if let Some(ms) = target.draining_remaining_ms {
                <span class="sb-lb-left" data-testid="lb-draining-left">
                    { fill(t.draining_left, &[("seconds", &seconds_left(ms).to_string())]) }
                </span>
            }
            if let Some(code) = &target.reason {
                <span class="sb-lb-reason"><code>{ code.clone() }</code>{ " " }{ reason_text(t, target).unwrap_or_default() }</span>
            }
        </li>
    }
}

#[cfg(test)]
#[path = "ecs_load_balancer_tests.rs"]
mod tests;
