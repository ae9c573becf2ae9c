//! "How it works": the architecture from the talk — you/CI → kube-apiserver → scheduler and
//! controllers → kubelet on each node → container runtime and image registry — with every new
//! event travelling along its arrow, so a learner sees *who* reacted to a crash.
//!
//! [`route`] (pure, unit-tested natively) maps an event's (source, reason) to the arrows it
//! travels; the component only remembers which events it has already animated. Animations are
//! CSS keyed by the event's `seq`, so Yew creates one element per event and the browser plays
//! it once; `prefers-reduced-motion` hides the moving dots and keeps the highlighted arrow and
//! the text caption. At most [`PULSES_MAX`] animations exist at once.

use std::rc::Rc;

use yew::prelude::*;

use sunaba_core::sim::event_reason::{Component, Reason};

use crate::session::{LogEntry, TraceItem};
use crate::strings::{fill, use_lang};

use Part::*;

/// Concurrent animations at most: a burst of events shows its newest ones, not a swarm.
pub const PULSES_MAX: usize = 6;
/// Seconds between the starts of events that arrived in one batch (cause before effect).
const STAGGER_S: f32 = 0.35;
/// Seconds one dot takes along one arrow (keep in step with `.sb-hiw-pulse` in style.css).
const HOP_S: f32 = 0.9;

/// A box of the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    You,
    Api,
    Scheduler,
    Controllers,
    Kubelet,
    Runtime,
    Registry,
}

impl Part {
    pub const ALL: [Part; 7] = [
        Part::You,
        Part::Api,
        Part::Scheduler,
        Part::Controllers,
        Part::Kubelet,
        Part::Runtime,
        Part::Registry,
    ];

    /// Stable id for `data-*` attributes and tests.
    pub fn id(self) -> &'static str {
        match self {
            Part::You => "you",
            Part::Api => "api",
            Part::Scheduler => "scheduler",
            Part::Controllers => "controllers",
            Part::Kubelet => "kubelet",
            Part::Runtime => "runtime",
            Part::Registry => "registry",
        }
    }

    /// The box's name: Kubernetes component names stay as they are in every language.
    fn name(self, t: &HowText) -> &'static str {
        match self {
            Part::You => t.you,
            Part::Api => "kube-apiserver",
            Part::Scheduler => "kube-scheduler",
            Part::Controllers => "controller-manager",
            Part::Kubelet => "kubelet",
            Part::Runtime => t.runtime,
            Part::Registry => t.registry,
        }
    }

    fn explain(self, t: &HowText) -> &'static str {
        match self {
            Part::You => t.you_explain,
            Part::Api => t.api_explain,
            Part::Scheduler => t.scheduler_explain,
            Part::Controllers => t.controllers_explain,
            Part::Kubelet => t.kubelet_explain,
            Part::Runtime => t.runtime_explain,
            Part::Registry => t.registry_explain,
        }
    }

    /// The box: x, y, width, height in the diagram's viewBox.
    fn rect(self) -> (f32, f32, f32, f32) {
        match self {
            Part::You => (85.0, 4.0, 130.0, 40.0),
            Part::Api => (85.0, 76.0, 130.0, 40.0),
            Part::Scheduler => (4.0, 150.0, 128.0, 40.0),
            Part::Controllers => (168.0, 150.0, 128.0, 40.0),
            Part::Kubelet => (85.0, 224.0, 130.0, 40.0),
            Part::Runtime => (4.0, 298.0, 128.0, 40.0),
            Part::Registry => (168.0, 298.0, 128.0, 40.0),
        }
    }
}

const VIEW_W: f32 = 300.0;
const VIEW_H: f32 = 342.0;

/// A point in the diagram's viewBox.
type Point = (f32, f32);

/// The arrows of the diagram: two boxes and where the line touches each.
const EDGES: [(Part, Point, Part, Point); 6] = [
    (Part::You, (150.0, 44.0), Part::Api, (150.0, 76.0)),
    (Part::Scheduler, (68.0, 150.0), Part::Api, (120.0, 116.0)),
    (Part::Controllers, (232.0, 150.0), Part::Api, (180.0, 116.0)),
    (Part::Api, (150.0, 116.0), Part::Kubelet, (150.0, 224.0)),
    (Part::Kubelet, (120.0, 264.0), Part::Runtime, (68.0, 298.0)),
    (
        Part::Kubelet,
        (180.0, 264.0),
        Part::Registry,
        (232.0, 298.0),
    ),
];

/// The line from `from` to `to`, if the diagram has that arrow (either direction).
fn hop_line(from: Part, to: Part) -> Option<(Point, Point)> {
    EDGES.iter().find_map(|&(a, pa, b, pb)| {
        if (a, b) == (from, to) {
            Some((pa, pb))
        } else if (a, b) == (to, from) {
            Some((pb, pa))
        } else {
            None
        }
    })
}

/// Where an event travels in the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Along these boxes in order; the first one acted. Consecutive boxes share an arrow.
    Along(&'static [Part]),
    /// A (source, reason) this diagram does not know: every event is still an object stored
    /// by the API server, so it is shown there, without an arrow.
    Fallback,
}

impl Route {
    pub fn parts(self) -> &'static [Part] {
        match self {
            Route::Along(parts) => parts,
            Route::Fallback => &[Part::Api],
        }
    }
}

/// The arrows an event travels, from the component that emitted it (`source`) and why
/// (`reason`), both typed by the core. Every pair the core emits has a route; any other pair
/// is [`Route::Fallback`].
pub fn route(source: Component, reason: Reason) -> Route {
    use Component as C;
    use Reason as R;
    let parts: &'static [Part] = match (source, reason) {
        (C::DefaultScheduler, R::Scheduled) => &[Scheduler, Api, Kubelet],
        (C::DefaultScheduler, R::FailedScheduling) => &[Scheduler, Api],
        (C::ReplicaSetController, R::SuccessfulCreate | R::SuccessfulDelete | R::FailedCreate) => {
            &[Controllers, Api]
        }
        (C::DeploymentController, R::ScalingReplicaSet) => &[Controllers, Api],
        (C::NodeController, R::NodeNotReady | R::RegisteredNode | R::RemovingNode) => {
            &[Controllers, Api]
        }
        (C::TaintEvictionController, R::TaintManagerEviction) => &[Controllers, Api, Kubelet],
        (C::DisruptionController, R::Evicted) => &[Controllers, Api, Kubelet],
        (C::Kubelet, R::Pulling) => &[Kubelet, Registry],
        // The image arrived (or was already on the node); a failed pull is the registry's answer.
        (C::Kubelet, R::Pulled | R::Failed) => &[Registry, Kubelet],
        (C::Kubelet, R::Created | R::Started | R::Killing) => &[Kubelet, Runtime],
        // The container exited or failed its probe: the runtime tells the kubelet, which waits.
        (C::Kubelet, R::BackOff | R::Unhealthy) => &[Runtime, Kubelet],
        // pullPolicy Never and no image: the kubelet reports it without asking the registry.
        (C::Kubelet, R::ErrImageNeverPull) => &[Kubelet, Api],
        // The node's own status (kubelet start, ready, cordoned or not).
        (C::Kubelet, R::Starting | R::NodeReady | R::NodeSchedulable | R::NodeNotSchedulable) => {
            &[Kubelet, Api]
        }
        // The kernel's OOM killer ended a container inside the runtime.
        (C::KernelMonitor, R::OOMKilling) => &[Runtime, Kubelet],
        // Amazon ECS's service scheduler: the control plane's controller for services.
        (C::EcsServiceScheduler, R::ServiceEvent) => &[Controllers, Api],
        // ECS deleted a drained cluster: the control plane's own record.
        (C::Ecs, R::ClusterDeleted) => &[Controllers, Api],
        _ => return Route::Fallback,
    };
    Route::Along(parts)
}

/// Commands the learner ran travel from "you / CI" to the API server.
pub const COMMAND_ROUTE: Route = Route::Along(&[You, Api]);

/// One animated (or last-shown) happening: an event or a command.
#[derive(Clone, Debug, PartialEq)]
struct Pulse {
    key: String,
    parts: &'static [Part],
    /// The event's reason, or the command's first words.
    label: String,
    /// The object (`pod/web-…`) or the rest of the command.
    detail: String,
    delay_s: f32,
}

/// What the component remembers between renders.
#[derive(Default)]
struct Seen {
    started: bool,
    last_seq: u64,
    /// The last command seen: (log length, command, time) — the log has no sequence numbers.
    last_command: Option<(usize, String, u64)>,
    commands: u64,
    pulses: Vec<Pulse>,
    last: Option<Pulse>,
}

fn event_pulse(item: &TraceItem, delay_s: f32) -> Pulse {
    let e = &item.event;
    Pulse {
        key: format!("e{}", item.seq),
        parts: route(e.source, e.reason).parts(),
        label: e.reason.to_string(),
        detail: e.object.clone(),
        delay_s,
    }
}

/// `kubectl scale deployment web --replicas=1` → (`kubectl scale`, `deployment web --replicas=1`).
fn command_words(command: &str) -> (String, String) {
    let mut words = command.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(2).collect();
    let rest: Vec<&str> = words.collect();
    (head.join(" "), rest.join(" "))
}

impl Seen {
    /// Takes in what is new since the last render: animates the newest few, remembers the last.
    fn update(&mut self, trace: &[TraceItem], log: &[LogEntry]) {
        let newest_command = log.last().map(|e| (log.len(), e.command.clone(), e.at_ms));
        if !self.started {
            // What happened before the panel existed is not animated, only captioned.
            self.started = true;
            self.last_seq = trace.last().map_or(0, |i| i.seq);
            self.last_command = newest_command;
            self.last = trace.last().map(|i| event_pulse(i, 0.0));
            return;
        }
        let mut fresh: Vec<Pulse> = Vec::new();
        if newest_command.is_some() && newest_command != self.last_command {
            self.commands += 1;
            if let Some(entry) = log.last() {
                let (label, detail) = command_words(&entry.command);
                fresh.push(Pulse {
                    key: format!("c{}", self.commands),
                    parts: COMMAND_ROUTE.parts(),
                    label,
                    detail,
                    delay_s: 0.0,
                });
            }
            self.last_command = newest_command;
        }
        let new_events: Vec<&TraceItem> = trace.iter().filter(|i| i.seq > self.last_seq).collect();
        if let Some(item) = trace.last() {
            self.last_seq = self.last_seq.max(item.seq);
        }
        fresh.extend(new_events.iter().map(|i| event_pulse(i, 0.0)));
        if fresh.is_empty() {
            return;
        }
        self.last = fresh.last().cloned();
        let skip = fresh.len().saturating_sub(PULSES_MAX);
        for (i, mut pulse) in fresh.into_iter().skip(skip).enumerate() {
            pulse.delay_s = i as f32 * STAGGER_S;
            self.pulses.push(pulse);
        }
        let excess = self.pulses.len().saturating_sub(PULSES_MAX);
        self.pulses.drain(..excess);
    }
}

/// `kubelet → container runtime` in the current language.
fn route_words(parts: &[Part], t: &HowText) -> String {
    parts
        .iter()
        .map(|p| p.name(t))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The caption: `last: kubelet → container runtime: Killing pod/web-…`.
fn caption(pulse: &Pulse, t: &HowText) -> String {
    let what = if pulse.detail.is_empty() {
        pulse.label.clone()
    } else {
        format!("{} {}", pulse.label, pulse.detail)
    };
    fill(
        t.last,
        &[("route", &route_words(pulse.parts, t)), ("what", &what)],
    )
}

/// Our own words in English and Japanese (component names are never translated).
pub struct HowText {
    pub heading: &'static str,
    pub hint: &'static str,
    /// `{route}`: `kubelet → container runtime`; `{what}`: `Killing pod/web-…`.
    pub last: &'static str,
    pub nothing_yet: &'static str,
    pub diagram_label: &'static str,
    pub you: &'static str,
    pub runtime: &'static str,
    pub registry: &'static str,
    pub you_explain: &'static str,
    pub api_explain: &'static str,
    pub scheduler_explain: &'static str,
    pub controllers_explain: &'static str,
    pub kubelet_explain: &'static str,
    pub runtime_explain: &'static str,
    pub registry_explain: &'static str,
}

pub const EN: HowText = HowText {
    heading: "How it works",
    hint: "Each event travels along the arrow of the component that reacted.",
    last: "last: {route}: {what}",
    nothing_yet: "Nothing has happened yet.",
    diagram_label: "Kubernetes components: you or CI talk to kube-apiserver; kube-scheduler and the controllers watch it; the kubelet on each node runs containers through the container runtime and pulls images from the image registry.",
    you: "you / CI",
    runtime: "container runtime",
    registry: "image registry",
    you_explain: "runs kubectl",
    api_explain: "stores every object",
    scheduler_explain: "picks a node",
    controllers_explain: "desired → actual",
    kubelet_explain: "agent on each node",
    runtime_explain: "runs containers",
    registry_explain: "stores images",
};

pub const JA: HowText = HowText {
    heading: "しくみ",
    hint: "各イベントは、反応したコンポーネントの矢印に沿って流れます。",
    last: "直近: {route}: {what}",
    nothing_yet: "まだ何も起きていません。",
    diagram_label: "Kubernetes のコンポーネント: あなたや CI が kube-apiserver に指示し、kube-scheduler とコントローラーがそれを監視します。各ノードの kubelet がコンテナランタイムでコンテナを動かし、イメージレジストリからイメージを取得します。",
    you: "あなた / CI",
    runtime: "コンテナランタイム",
    registry: "イメージレジストリ",
    you_explain: "kubectl を実行",
    api_explain: "全オブジェクトを保存",
    scheduler_explain: "ノードを選ぶ",
    controllers_explain: "望む状態に近づける",
    kubelet_explain: "各ノードのエージェント",
    runtime_explain: "コンテナを実行",
    registry_explain: "イメージを保管",
};

#[derive(Properties, PartialEq)]
pub struct HowItWorksProps {
    pub trace: Rc<Vec<TraceItem>>,
    pub log: Rc<Vec<LogEntry>>,
}

#[function_component(HowItWorks)]
pub fn how_it_works(props: &HowItWorksProps) -> Html {
    let t = use_lang().pick(&EN, &JA);
    let seen = use_mut_ref(Seen::default);
    let (pulses, last) = {
        let mut seen = seen.borrow_mut();
        seen.update(&props.trace, &props.log);
        (seen.pulses.clone(), seen.last.clone())
    };
    let last_parts: &[Part] = last.as_ref().map_or(&[], |p| p.parts);
    let last_hops: Vec<(Part, Part)> = last_parts.windows(2).map(|w| (w[0], w[1])).collect();
    let actor = last_parts.first().copied();

    let edges = EDGES.iter().map(|&(a, (x1, y1), b, (x2, y2))| {
        let lit = last_hops.iter().any(|&h| h == (a, b) || h == (b, a));
        html! {
            <line class={classes!("sb-hiw-edge", lit.then_some("is-last"))}
                data-testid="hiw-edge" data-a={a.id()} data-b={b.id()}
                x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
        }
    });
    let boxes = Part::ALL.iter().map(|&part| {
        let (x, y, w, h) = part.rect();
        let acted = actor == Some(part);
        let involved = last_parts.contains(&part);
        html! {
            <g class={classes!("sb-hiw-box", involved.then_some("is-involved"), acted.then_some("is-actor"))}
                data-testid="hiw-box" data-part={part.id()} data-acted={acted.to_string()}>
                <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="7" />
                <text class="sb-hiw-name" x={(x + w / 2.0).to_string()} y={(y + 17.0).to_string()}>{ part.name(t) }</text>
                <text class="sb-hiw-explain" x={(x + w / 2.0).to_string()} y={(y + 32.0).to_string()}>{ part.explain(t) }</text>
            </g>
        }
    });
    let dots = pulses.iter().flat_map(|pulse| {
        pulse.parts.windows(2).enumerate().filter_map(move |(hop, w)| {
            let ((x0, y0), (x1, y1)) = hop_line(w[0], w[1])?;
            // Labels sit on the side away from the diagram's edge, so they stay inside it.
            let right_half = x0.max(x1) > VIEW_W / 2.0 + 1.0;
            let (dx, anchor) = if right_half { (-9.0, "end") } else { (9.0, "start") };
            let style = format!(
                "--x0:{x0}px;--y0:{y0}px;--x1:{x1}px;--y1:{y1}px;animation-delay:{:.2}s",
                pulse.delay_s + hop as f32 * HOP_S
            );
            Some(html! {
                <g key={format!("{}-{hop}", pulse.key)} class="sb-hiw-pulse" data-testid="hiw-pulse"
                    data-key={pulse.key.clone()} data-from={w[0].id()} data-to={w[1].id()}
                    data-reason={pulse.label.clone()} {style}>
                    <circle r="5" />
                    <text x={dx.to_string()} y="-6" text-anchor={anchor}>{ &pulse.label }</text>
                </g>
            })
        })
    });

    html! {
        <section class="sb-panel sb-hiw-panel" aria-labelledby="sb-hiw-heading" data-testid="how-it-works">
            <div class="sb-panel-head">
                <h2 id="sb-hiw-heading">{ t.heading }</h2>
                <p class="sb-hint">{ t.hint }</p>
            </div>
            <svg class="sb-hiw" viewBox={format!("0 0 {VIEW_W} {VIEW_H}")} role="img"
                aria-label={t.diagram_label} preserveAspectRatio="xMidYMid meet">
                <g class="sb-hiw-edges">{ for edges }</g>
                <g class="sb-hiw-boxes">{ for boxes }</g>
                <g class="sb-hiw-pulses" aria-hidden="true">{ for dots }</g>
            </svg>
            <p class="sb-hiw-caption" aria-live="polite" data-testid="hiw-caption">
                { last.as_ref().map_or_else(|| t.nothing_yet.to_owned(), |p| caption(p, t)) }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sunaba_core::{MapFiles, World};

    use crate::strings::tests::placeholders;

    /// Every (source, reason) the core emits (from `self.emit(` / `kubelet_event(` in
    /// crates/core/src: controllers.rs, kubelet.rs, world.rs, command.rs).
    const EMITTED: &[(Component, Reason)] = &[
        (Component::DefaultScheduler, Reason::Scheduled),
        (Component::DefaultScheduler, Reason::FailedScheduling),
        (Component::ReplicaSetController, Reason::SuccessfulCreate),
        (Component::ReplicaSetController, Reason::SuccessfulDelete),
        (Component::ReplicaSetController, Reason::FailedCreate),
        (Component::DeploymentController, Reason::ScalingReplicaSet),
        (Component::NodeController, Reason::NodeNotReady),
        (Component::NodeController, Reason::RegisteredNode),
        (Component::NodeController, Reason::RemovingNode),
        (
            Component::TaintEvictionController,
            Reason::TaintManagerEviction,
        ),
        (Component::DisruptionController, Reason::Evicted),
        (Component::Kubelet, Reason::Pulling),
        (Component::Kubelet, Reason::Pulled),
        (Component::Kubelet, Reason::Failed),
        (Component::Kubelet, Reason::BackOff),
        (Component::Kubelet, Reason::ErrImageNeverPull),
        (Component::Kubelet, Reason::Created),
        (Component::Kubelet, Reason::Started),
        (Component::Kubelet, Reason::Killing),
        (Component::Kubelet, Reason::Unhealthy),
        (Component::Kubelet, Reason::Starting),
        (Component::Kubelet, Reason::NodeReady),
        (Component::Kubelet, Reason::NodeSchedulable),
        (Component::Kubelet, Reason::NodeNotSchedulable),
        (Component::KernelMonitor, Reason::OOMKilling),
        (Component::EcsServiceScheduler, Reason::ServiceEvent),
        (Component::Ecs, Reason::ClusterDeleted),
    ];

    #[test]
    fn every_reason_the_core_emits_has_a_route_along_real_arrows() {
        for &(source, reason) in EMITTED {
            let route = route(source, reason);
            let Route::Along(parts) = route else {
                panic!("{source}/{reason} falls back");
            };
            assert!(parts.len() >= 2, "{source}/{reason}: {parts:?}");
            for w in parts.windows(2) {
                assert!(
                    hop_line(w[0], w[1]).is_some(),
                    "{source}/{reason}: no arrow {:?} → {:?}",
                    w[0],
                    w[1]
                );
            }
        }
        assert_eq!(
            route(Component::Kubelet, Reason::Killing).parts(),
            &[Kubelet, Runtime]
        );
        assert_eq!(
            route(Component::Kubelet, Reason::BackOff).parts(),
            &[Runtime, Kubelet]
        );
        assert_eq!(
            route(Component::DefaultScheduler, Reason::Scheduled).parts(),
            &[Scheduler, Api, Kubelet]
        );
        assert_eq!(
            route(Component::Kubelet, Reason::Pulling).parts(),
            &[Kubelet, Registry]
        );
        assert_eq!(
            route(Component::NodeController, Reason::NodeNotReady).parts(),
            &[Controllers, Api]
        );
    }

    #[test]
    fn unknown_events_fall_back_to_the_api_server() {
        // A pair the core never emits: a reason from the wrong component.
        assert_eq!(
            route(Component::Kubelet, Reason::Scheduled),
            Route::Fallback
        );
        assert_eq!(
            route(Component::DefaultScheduler, Reason::Killing),
            Route::Fallback
        );
        assert_eq!(Route::Fallback.parts(), &[Api]);
    }

    /// Drives a world through crashes, probes, bad images, scaling, rollouts, node failure,
    /// cordon, taints and drain; every event it emits must be known and routed.
    #[test]
    fn every_event_of_a_busy_scenario_is_routed() {
        let mut files = std::collections::BTreeMap::new();
        files.insert(
            "app.yaml".to_owned(),
            crate::example::DEFAULT_DEFINITION.to_owned(),
        );
        files.insert("probe.yaml".to_owned(), PROBE_POD.to_owned());
        files.insert("never.yaml".to_owned(), NEVER_POD.to_owned());
        files.insert("huge.yaml".to_owned(), HUGE_POD.to_owned());
        let files = MapFiles(files);
        let mut world = World::new(11);
        let mut seen = std::collections::BTreeSet::new();
        let mut check = |world: &mut World| {
            for e in world.drain_trace() {
                assert_ne!(
                    route(e.source, e.reason),
                    Route::Fallback,
                    "{}/{} ({})",
                    e.source,
                    e.reason,
                    e.message
                );
                assert!(
                    EMITTED.contains(&(e.source, e.reason)),
                    "add {}/{} to EMITTED",
                    e.source,
                    e.reason
                );
                seen.insert((e.source, e.reason));
            }
        };
        let mut step = |world: &mut World, line: &str, wait_ms: u64| {
            let result = sunaba_core::run(world, line, &files);
            assert!(result.is_ok(), "{line}: {result:?}");
            world.advance_by(wait_ms);
            check(world);
        };
        step(&mut world, "kubectl apply -f app.yaml", 90_000);
        // The same app on Amazon ECS: the service scheduler's events.
        step(
            &mut world,
            "sim side-by-side deployment/nginx-deployment",
            30_000,
        );
        let pods = world.cluster_view();
        let pod = pods
            .nodes
            .iter()
            .flat_map(|n| n.pods.iter())
            .map(|p| p.name.clone())
            .next()
            .expect("a running pod");
        step(&mut world, &format!("sim kill {pod}"), 30_000);
        step(&mut world, &format!("sim crash {pod}"), 5_000);
        step(&mut world, &format!("kubectl delete pod {pod}"), 60_000);
        step(
            &mut world,
            "kubectl scale deployment nginx-deployment --replicas=5",
            60_000,
        );
        step(
            &mut world,
            "kubectl set image deployment/nginx-deployment nginx=nginx:no-such-tag",
            120_000,
        );
        step(
            &mut world,
            "kubectl rollout undo deployment/nginx-deployment",
            60_000,
        );
        step(&mut world, "kubectl apply -f probe.yaml", 120_000);
        step(&mut world, "kubectl apply -f never.yaml", 30_000);
        step(&mut world, "kubectl apply -f huge.yaml", 10_000);
        step(&mut world, "sim add-node", 30_000);
        step(&mut world, "kubectl cordon node-1", 5_000);
        step(&mut world, "kubectl uncordon node-1", 5_000);
        step(&mut world, "sim fail-node node-2", 400_000);
        step(&mut world, "sim restore-node node-2", 60_000);
        step(
            &mut world,
            "kubectl taint nodes node-3 dedicated=x:NoExecute",
            60_000,
        );
        step(
            &mut world,
            "kubectl drain node-1 --ignore-daemonsets --force",
            60_000,
        );
        step(&mut world, "sim remove-node node-4", 30_000);
        // Only these need set-ups this scenario skips (the pod limit, a memory hog, an ECS
        // environment deleted).
        let skipped = [
            (Component::ReplicaSetController, Reason::FailedCreate),
            (Component::KernelMonitor, Reason::OOMKilling),
            (Component::Ecs, Reason::ClusterDeleted),
        ];
        for &(source, reason) in EMITTED {
            if !skipped.contains(&(source, reason)) {
                assert!(
                    seen.contains(&(source, reason)),
                    "the scenario should emit {source}/{reason}; saw {seen:?}"
                );
            }
        }
    }

    const PROBE_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: probed\nspec:\n  containers:\n  - name: web\n    image: nginx:1.14.2\n    livenessProbe:\n      httpGet:\n        path: /\n        port: 9999\n      periodSeconds: 5\n";
    const NEVER_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: never\nspec:\n  containers:\n  - name: c\n    image: redis:7\n    imagePullPolicy: Never\n";
    const HUGE_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: huge\nspec:\n  containers:\n  - name: c\n    image: nginx:1.14.2\n    resources:\n      requests:\n        cpu: \"64\"\n";

    fn item(seq: u64, source: Component, reason: Reason) -> TraceItem {
        TraceItem {
            seq,
            event: sunaba_core::sim::events::TraceEvent {
                time_ms: seq * 10,
                type_: sunaba_core::sim::events::EventType::Normal,
                reason,
                object: format!("pod/p{seq}"),
                namespace: "default".to_owned(),
                message: String::new(),
                source,
                service_action: None,
            },
        }
    }

    #[test]
    fn only_new_events_animate_and_at_most_a_few_at_once() {
        let mut seen = Seen::default();
        let old: Vec<TraceItem> = (1..=3)
            .map(|s| item(s, Component::Kubelet, Reason::Started))
            .collect();
        seen.update(&old, &[]);
        assert!(
            seen.pulses.is_empty(),
            "events from before mount do not animate"
        );
        assert_eq!(seen.last.as_ref().map(|p| p.key.as_str()), Some("e3"));

        let mut trace = old.clone();
        trace.extend((4..=13).map(|s| item(s, Component::Kubelet, Reason::Killing)));
        seen.update(&trace, &[]);
        assert_eq!(seen.pulses.len(), PULSES_MAX);
        assert_eq!(seen.pulses.last().map(|p| p.key.as_str()), Some("e13"));
        assert_eq!(seen.pulses[0].key, format!("e{}", 14 - PULSES_MAX));
        assert!(seen.pulses[1].delay_s > seen.pulses[0].delay_s, "staggered");

        seen.update(&trace, &[]);
        assert_eq!(seen.pulses.len(), PULSES_MAX, "a re-render adds nothing");

        let log = vec![LogEntry {
            command: "kubectl delete pod web-1".to_owned(),
            output: String::new(),
            ok: true,
            at_ms: 200,
        }];
        seen.update(&trace, &log);
        let last = seen.last.clone().expect("the command");
        assert_eq!(last.parts, &[You, Api]);
        assert_eq!(
            caption(&last, &EN),
            "last: you / CI → kube-apiserver: kubectl delete pod web-1"
        );
    }

    #[test]
    fn the_caption_names_who_acted_and_on_what() {
        let pulse = event_pulse(&item(9, Component::Kubelet, Reason::Killing), 0.0);
        assert_eq!(
            caption(&pulse, &EN),
            "last: kubelet → container runtime: Killing pod/p9"
        );
        assert_eq!(
            caption(&pulse, &JA),
            "直近: kubelet → コンテナランタイム: Killing pod/p9"
        );
    }

    #[test]
    fn japanese_keeps_every_placeholder_of_english() {
        assert_eq!(placeholders(EN.last), placeholders(JA.last));
    }
}
