//! "How it works": the architecture from the talk — you/CI → kube-apiserver → scheduler and
//! controllers → kubelet on each node → container runtime and image registry — with every new
//! event travelling along its arrow, so a learner sees *who* reacted to a crash.
//!
//! The boxes and arrows are drawn from [`diagram`]; where they stand and [`route`] (pure,
//! unit-tested natively), which maps an event's (source, reason) to the arrows it travels, are
//! [`kubernetes`]'s. The component only remembers which events it has already animated.
//! Animations are CSS keyed by the event's `seq`, so Yew creates one element per event and the
//! browser plays it once; `prefers-reduced-motion` hides the moving dots and keeps the highlighted arrow and
//! the text caption. At most [`PULSES_MAX`] animations exist at once.

mod diagram;
pub mod kubernetes;
mod text;

use std::rc::Rc;

use yew::prelude::*;

use crate::session::{LogEntry, TraceItem};
use crate::strings::{fill, use_lang};

pub use diagram::Part;
pub use kubernetes::{route, Route, COMMAND_ROUTE};
pub use text::{HowText, EN, JA};

use diagram::{VIEW_H, VIEW_W};
use kubernetes::DIAGRAM;

/// Concurrent animations at most: a burst of events shows its newest ones, not a swarm.
pub const PULSES_MAX: usize = 6;
/// Seconds between the starts of events that arrived in one batch (cause before effect).
const STAGGER_S: f32 = 0.35;
/// Seconds one dot takes along one arrow (keep in step with `.sb-hiw-pulse` in style.css).
const HOP_S: f32 = 0.9;

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

    let edges = DIAGRAM.edges.iter().map(|&(a, (x1, y1), b, (x2, y2))| {
        let lit = last_hops.iter().any(|&h| h == (a, b) || h == (b, a));
        html! {
            <line class={classes!("sb-hiw-edge", lit.then_some("is-last"))}
                data-testid="hiw-edge" data-a={a.id()} data-b={b.id()}
                x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
        }
    });
    let boxes = DIAGRAM.boxes.iter().map(|&(part, (x, y, w, h))| {
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
            let ((x0, y0), (x1, y1)) = DIAGRAM.hop_line(w[0], w[1])?;
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
mod tests;
