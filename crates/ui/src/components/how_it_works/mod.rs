//! "How it works": the architecture from the talk, with every new event travelling along its
//! arrow, so a learner sees *who* reacted to a crash. Two paths, one drawn at a time:
//!
//! - **Kubernetes** ([`kubernetes`]): you/CI → kube-apiserver → kube-scheduler and the
//!   controllers → the kubelet on each node → the container runtime and the image registry.
//!   Every event and every command travels here (ECS's service events on the controllers'
//!   arrow), as before the ECS path existed.
//! - **Amazon ECS** ([`ecs`]): you/CI (`aws ecs …`) → the ECS API → its service scheduler →
//!   the ECS agent on each container instance → Docker and Amazon ECR. Only ECS's events
//!   (an ECS component's, or about a task's containers) and `aws ecs` commands travel here.
//!
//! **Which path is drawn** ([`path_for`]) follows the cluster column's tab: Kubernetes (the
//! default) draws Kubernetes, Amazon ECS draws ECS. Side by side draws the path of the newest
//! happening that belongs to one orchestrator — an ECS event or an `aws ecs` command for ECS,
//! any other event or a `kubectl` command for Kubernetes (other commands, such as `sim …`,
//! change nothing) — and Kubernetes until one happened. Both paths keep their own animations
//! and caption all along, so switching shows each one's latest at once.
//!
//! Each path's router (pure, unit-tested natively) maps an event to the boxes it travels
//! through; the component only remembers which events it has already animated. Animations are
//! CSS keyed by the event's `seq`, so Yew creates one element per event and the browser plays
//! it once; `prefers-reduced-motion` hides the moving dots and keeps the highlighted arrow and
//! the text caption. At most [`PULSES_MAX`] animations exist at once per path.

mod diagram;
mod dot;
pub mod ecs;
pub mod kubernetes;
mod text;

use std::rc::Rc;

use sunaba_core::sim::event_reason::Component;
use yew::prelude::*;

use crate::panels::ViewMode;
use crate::session::{LogEntry, TraceItem};
use crate::strings::{fill, use_lang};

pub use diagram::Part;
pub use kubernetes::{route, Route, COMMAND_ROUTE};
pub use text::{HowText, EN, JA};

use diagram::{Diagram, VIEW_H, VIEW_W};

/// Concurrent animations at most: a burst of events shows its newest ones, not a swarm.
pub const PULSES_MAX: usize = 6;
/// Seconds between the starts of events that arrived in one batch (cause before effect).
const STAGGER_S: f32 = 0.35;
/// Seconds one dot takes along one arrow (keep in step with `.sb-hiw-pulse` in style.css).
const HOP_S: f32 = 0.9;

/// Which orchestrator's path the diagram draws.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Path {
    #[default]
    Kubernetes,
    Ecs,
}

impl Path {
    pub const ALL: [Path; 2] = [Path::Kubernetes, Path::Ecs];

    /// Stable id for `data-path` and tests.
    pub fn id(self) -> &'static str {
        match self {
            Path::Kubernetes => "kubernetes",
            Path::Ecs => "ecs",
        }
    }

    fn diagram(self) -> &'static Diagram {
        match self {
            Path::Kubernetes => &kubernetes::DIAGRAM,
            Path::Ecs => &ecs::DIAGRAM,
        }
    }

    fn label(self, t: &HowText) -> &'static str {
        match self {
            Path::Kubernetes => t.diagram_label,
            Path::Ecs => t.ecs_diagram_label,
        }
    }

    /// The pulse this path draws for a happening, if it travels here. `n` numbers commands
    /// (the log has no sequence numbers).
    fn pulse(self, happening: &Happening, n: u64) -> Option<Pulse> {
        match (self, happening) {
            (Path::Kubernetes, Happening::Event(item)) => {
                let e = &item.event;
                Some(Pulse {
                    key: format!("e{}", item.seq),
                    parts: route(e.source, e.reason).parts(),
                    label: e.reason.to_string(),
                    what: words(&e.reason.to_string(), &e.object),
                    delay_s: 0.0,
                })
            }
            (Path::Kubernetes, Happening::Command(command)) => {
                let (label, rest) = command_words(command);
                Some(Pulse {
                    key: format!("c{n}"),
                    parts: COMMAND_ROUTE.parts(),
                    what: words(&label, &rest),
                    label,
                    delay_s: 0.0,
                })
            }
            (Path::Ecs, Happening::Event(item)) => {
                let parts = ecs::route(&item.event)?;
                let (label, what) = ecs::describe(&item.event);
                Some(Pulse {
                    key: format!("ecs-e{}", item.seq),
                    parts,
                    label,
                    what,
                    delay_s: 0.0,
                })
            }
            (Path::Ecs, Happening::Command(command)) => {
                if !ecs::is_ecs_command(command) {
                    return None;
                }
                let (label, rest) = command_words(command);
                Some(Pulse {
                    key: format!("ecs-c{n}"),
                    parts: ecs::COMMAND_PARTS,
                    what: words(&label, &rest),
                    label,
                    delay_s: 0.0,
                })
            }
        }
    }

    /// The orchestrator a happening belongs to, if just one: every event is ECS's or
    /// Kubernetes'; a command is only if it is `aws ecs` or `kubectl`.
    fn owner(happening: &Happening) -> Option<Path> {
        match happening {
            Happening::Event(item) if ecs::is_ecs_event(&item.event) => Some(Path::Ecs),
            Happening::Event(_) => Some(Path::Kubernetes),
            Happening::Command(c) if ecs::is_ecs_command(c) => Some(Path::Ecs),
            Happening::Command(c) if c.split_whitespace().next() == Some("kubectl") => {
                Some(Path::Kubernetes)
            }
            Happening::Command(_) => None,
        }
    }
}

/// The box that stands for `actor` (an event's source component) on `path`; `ecs` when it
/// acted in an ECS cluster (the node agent of an ECS task is the ECS agent). ECS's service
/// scheduler is a controller of the Kubernetes drawing, as its events travel there.
pub fn part_for(actor: Component, ecs: bool, path: Path) -> Part {
    use Component as C;
    match (path, actor) {
        (Path::Kubernetes, C::DefaultScheduler) => Part::Scheduler,
        (Path::Kubernetes, C::Kubelet) => Part::Kubelet,
        (Path::Kubernetes, C::KernelMonitor) => Part::Runtime,
        (Path::Kubernetes, C::Ecs) => Part::Api,
        (Path::Kubernetes, _) => Part::Controllers,
        (Path::Ecs, C::EcsServiceScheduler) => Part::ServiceScheduler,
        (Path::Ecs, C::Kubelet) if ecs => Part::Agent,
        (Path::Ecs, C::KernelMonitor) if ecs => Part::Docker,
        // A Kubernetes component on the ECS drawing: the control plane keeps its record.
        (Path::Ecs, _) => Part::EcsApi,
    }
}

/// A component to light in the diagram (a click on a narration line): which, and a number
/// that changes at every click.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Focus {
    pub nonce: u64,
    pub actor: Component,
    /// It acted in an ECS cluster.
    pub ecs: bool,
}

/// The path to draw (see the module doc): the tab's orchestrator; side by side, the owner of
/// the newest happening that had one, Kubernetes until then.
pub fn path_for(mode: ViewMode, newest_owner: Option<Path>) -> Path {
    match mode {
        ViewMode::Kubernetes => Path::Kubernetes,
        ViewMode::Ecs => Path::Ecs,
        ViewMode::SideBySide => newest_owner.unwrap_or_default(),
    }
}

/// Something new: a command the learner ran or an event the core emitted.
enum Happening<'a> {
    Command(&'a str),
    Event(&'a TraceItem),
}

/// One animated (or last-shown) happening on one path.
#[derive(Clone, Debug, PartialEq)]
struct Pulse {
    key: String,
    parts: &'static [Part],
    /// The word on the moving dot: the event's reason, what ECS's service scheduler did, or
    /// the command's first words.
    label: String,
    /// What the caption says happened: `Killing pod/web-…`, ECS's sentence, the command.
    what: String,
    delay_s: f32,
}

/// `label object`, or the label alone.
fn words(label: &str, rest: &str) -> String {
    if rest.is_empty() {
        label.to_owned()
    } else {
        format!("{label} {rest}")
    }
}

/// `kubectl scale deployment web --replicas=1` → (`kubectl scale`, `deployment web --replicas=1`).
fn command_words(command: &str) -> (String, String) {
    let mut words = command.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(2).collect();
    let rest: Vec<&str> = words.collect();
    (head.join(" "), rest.join(" "))
}

/// One path's animations and its last happening (the caption).
#[derive(Default)]
struct Track {
    pulses: Vec<Pulse>,
    /// How many of `pulses` (the newest) the latest update added.
    added: usize,
    last: Option<Pulse>,
}

impl Track {
    /// Animates the newest few of `fresh`, staggered, and remembers the last.
    fn take(&mut self, fresh: Vec<Pulse>) {
        self.added = 0;
        if fresh.is_empty() {
            return;
        }
        self.last = fresh.last().cloned();
        let skip = fresh.len().saturating_sub(PULSES_MAX);
        for (i, mut pulse) in fresh.into_iter().skip(skip).enumerate() {
            pulse.delay_s = i as f32 * STAGGER_S;
            self.pulses.push(pulse);
            self.added += 1;
        }
        let excess = self.pulses.len().saturating_sub(PULSES_MAX);
        self.pulses.drain(..excess);
    }
}

/// What the component remembers between renders.
#[derive(Default)]
struct Seen {
    started: bool,
    last_seq: u64,
    /// The last command seen: (log length, command, time) — the log has no sequence numbers.
    last_command: Option<(usize, String, u64)>,
    commands: u64,
    kubernetes: Track,
    ecs: Track,
    /// The orchestrator of the newest happening that belonged to one (side by side).
    newest_owner: Option<Path>,
    /// The path the last render drew.
    drawn: Option<Path>,
}

impl Seen {
    fn track_mut(&mut self, path: Path) -> &mut Track {
        match path {
            Path::Kubernetes => &mut self.kubernetes,
            Path::Ecs => &mut self.ecs,
        }
    }

    /// Takes in what is new since the last render: animates the newest few on each path,
    /// remembers each path's last, and who acted last.
    fn update(&mut self, trace: &[TraceItem], log: &[LogEntry]) {
        let newest_command = log.last().map(|e| (log.len(), e.command.clone(), e.at_ms));
        if !self.started {
            // What happened before the panel existed is not animated, only captioned.
            self.started = true;
            self.last_seq = trace.last().map_or(0, |i| i.seq);
            self.last_command = newest_command;
            for path in Path::ALL {
                self.track_mut(path).last = trace
                    .iter()
                    .rev()
                    .find_map(|i| path.pulse(&Happening::Event(i), 0));
            }
            self.newest_owner = trace.last().and_then(|i| Path::owner(&Happening::Event(i)));
            return;
        }
        let mut fresh: Vec<Happening> = Vec::new();
        if newest_command.is_some() && newest_command != self.last_command {
            self.commands += 1;
            if let Some(entry) = log.last() {
                fresh.push(Happening::Command(&entry.command));
            }
            self.last_command = newest_command;
        }
        fresh.extend(
            trace
                .iter()
                .filter(|i| i.seq > self.last_seq)
                .map(Happening::Event),
        );
        if let Some(item) = trace.last() {
            self.last_seq = self.last_seq.max(item.seq);
        }
        for path in Path::ALL {
            let n = self.commands;
            let pulses = fresh.iter().filter_map(|h| path.pulse(h, n)).collect();
            self.track_mut(path).take(pulses);
        }
        if let Some(owner) = fresh.iter().rev().find_map(Path::owner) {
            self.newest_owner = Some(owner);
        }
    }

    /// What to draw for `path`: its animations and its last happening. When the path just
    /// changed, only what this update added still animates: the rest played (or was due)
    /// while the other path was drawn, and must not replay as if it were new.
    fn draw(&mut self, path: Path) -> (Vec<Pulse>, Option<Pulse>) {
        let switched = self.drawn != Some(path);
        self.drawn = Some(path);
        let track = self.track_mut(path);
        if switched {
            let stale = track.pulses.len() - track.added;
            track.pulses.drain(..stale);
        }
        (track.pulses.clone(), track.last.clone())
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
    fill(
        t.last,
        &[
            ("route", &route_words(pulse.parts, t)),
            ("what", &pulse.what),
        ],
    )
}

#[derive(Properties, PartialEq)]
pub struct HowItWorksProps {
    pub trace: Rc<Vec<TraceItem>>,
    pub log: Rc<Vec<LogEntry>>,
    /// The cluster column's tab, which decides the path drawn ([`path_for`]).
    #[prop_or_default]
    pub mode: ViewMode,
    /// A component to light, and to bring into view.
    #[prop_or_default]
    pub focus: Option<Focus>,
}

#[function_component(HowItWorks)]
pub fn how_it_works(props: &HowItWorksProps) -> Html {
    let ids = crate::ids::use_ids();
    let t = use_lang().pick(&EN, &JA);
    let seen = use_mut_ref(Seen::default);
    let (path, pulses, last) = {
        let mut seen = seen.borrow_mut();
        seen.update(&props.trace, &props.log);
        let path = path_for(props.mode, seen.newest_owner);
        let (pulses, last) = seen.draw(path);
        (path, pulses, last)
    };
    let diagram = path.diagram();
    let last_parts: &[Part] = last.as_ref().map_or(&[], |p| p.parts);
    let last_hops: Vec<(Part, Part)> = last_parts.windows(2).map(|w| (w[0], w[1])).collect();
    let actor = last_parts.first().copied();
    let focused = props.focus.map(|f| part_for(f.actor, f.ecs, path));
    let section = use_node_ref();
    {
        let section = section.clone();
        use_effect_with(props.focus.map(|f| f.nonce), move |nonce| {
            if nonce.is_some() {
                if let Some(el) = section.cast::<web_sys::Element>() {
                    el.scroll_into_view();
                }
            }
        });
    }

    let edges = diagram.edges.iter().map(|&(a, (x1, y1), b, (x2, y2))| {
        let lit = last_hops.iter().any(|&h| h == (a, b) || h == (b, a));
        html! {
            <line class={classes!("sb-hiw-edge", lit.then_some("is-last"))}
                data-testid="hiw-edge" data-a={a.id()} data-b={b.id()}
                x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
        }
    });
    let boxes = diagram.boxes.iter().map(|&(part, (x, y, w, h))| {
        let acted = actor == Some(part);
        let involved = last_parts.contains(&part);
        let is_focused = focused == Some(part);
        html! {
            <g key={format!("{}-{}", part.id(), props.focus.filter(|_| is_focused).map_or(0, |f| f.nonce))}
                class={classes!("sb-hiw-box", involved.then_some("is-involved"), acted.then_some("is-actor"),
                    is_focused.then_some("is-focused"))}
                data-testid="hiw-box" data-part={part.id()} data-acted={acted.to_string()}
                data-focused={is_focused.to_string()}>
                <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={h.to_string()} rx="7" />
                <text class="sb-hiw-name" x={(x + w / 2.0).to_string()} y={(y + 17.0).to_string()}>{ part.name(t) }</text>
                <text class="sb-hiw-explain" x={(x + w / 2.0).to_string()} y={(y + 32.0).to_string()}>{ part.explain(path, t) }</text>
            </g>
        }
    });
    let dots = pulses.iter().enumerate().flat_map(|(nth, pulse)| {
        pulse.parts.windows(2).enumerate().filter_map(move |(hop, w)| {
            let ((x0, y0), (x1, y1)) = diagram.hop_line(w[0], w[1])?;
            // Labels sit on the side away from the diagram's edge, so they stay inside it. A
            // level arrow runs between two boxes of one row: its labels go above the row, in
            // the gap, centred and stacked three deep, so they never cover the boxes' names
            // (the service scheduler → ELB arrow carries several events at once).
            let right_half = x0.max(x1) > VIEW_W / 2.0 + 1.0;
            let (dx, dy, anchor) = if (y0 - y1).abs() < 1.0 {
                (0.0, -26.0 - 11.0 * (nth % 3) as f32, "middle")
            } else if right_half {
                (-9.0, -6.0, "end")
            } else {
                (9.0, -6.0, "start")
            };
            Some(html! {
                <dot::Dot key={format!("{}-{hop}", pulse.key)} from_xy={(x0, y0)} to_xy={(x1, y1)}
                    delay_s={pulse.delay_s + hop as f32 * HOP_S} label_dx={dx} label_dy={dy} {anchor}
                    data_key={pulse.key.clone()} from={w[0].id()} to={w[1].id()} label={pulse.label.clone()} />
            })
        })
    });

    html! {
        <section class="sb-panel sb-hiw-panel" aria-labelledby={ids.id("hiw-heading")} data-testid="how-it-works"
            ref={section}>
            <div class="sb-panel-head">
                <h2 id={ids.id("hiw-heading")}>{ t.heading }</h2>
                <p class="sb-hint">{ t.hint }</p>
            </div>
            <svg class="sb-hiw" viewBox={format!("0 0 {VIEW_W} {VIEW_H}")} role="img"
                aria-label={path.label(t)} data-path={path.id()} preserveAspectRatio="xMidYMid meet">
                <g class="sb-hiw-edges">{ for edges }</g>
                <g class="sb-hiw-boxes">{ for boxes }</g>
                <g class="sb-hiw-pulses" aria-hidden="true">{ for dots }</g>
            </svg>
            // Not a live region: the narration strip tells what happened, once, in words.
            <p class="sb-hiw-caption" data-testid="hiw-caption">
                { last.as_ref().map_or_else(|| t.nothing_yet.to_owned(), |p| caption(p, t)) }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests;
