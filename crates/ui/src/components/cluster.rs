use std::rc::Rc;

use sunaba_core::view::{ClusterView, NodeView, PodView};
use yew::prelude::*;

use crate::format;
use crate::strings::{fill, use_strings};

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub cluster: Rc<ClusterView>,
    pub now_ms: u64,
    pub on_kill: Callback<String>,
}

#[function_component(Cluster)]
pub fn cluster(props: &ClusterProps) -> Html {
    let s = use_strings();
    let c = &props.cluster;
    html! {
        <section class="sb-panel sb-cluster" aria-labelledby="sb-cluster-heading">
            <div class="sb-panel-head">
                <h2 id="sb-cluster-heading">{ s.cluster_heading }</h2>
                <p class="sb-hint">{ s.cluster_hint }</p>
            </div>
            if !c.pending.is_empty() {
                <div class="sb-pending" data-testid="pending">
                    <h3>{ s.pending_heading }</h3>
                    <ul class="sb-pending-list">
                        { for c.pending.iter().map(|pod| html! {
                            <li class="sb-pending-item" key={pod.name.clone()}>
                                <PodChip pod={pod.clone()} now_ms={props.now_ms} on_kill={props.on_kill.clone()} />
                                if let Some(reason) = &pod.reason {
                                    <span class="sb-pending-reason" data-testid="pending-reason">{ reason }</span>
                                }
                            </li>
                        }) }
                    </ul>
                </div>
            }
            if c.nodes.is_empty() {
                <p class="sb-empty">{ s.no_nodes }</p>
            }
            <div class="sb-nodes">
                { for c.nodes.iter().map(|node| html! {
                    <NodeCard key={node.name.clone()} node={node.clone()} now_ms={props.now_ms}
                        on_kill={props.on_kill.clone()} />
                }) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    pub node: NodeView,
    pub now_ms: u64,
    pub on_kill: Callback<String>,
}

#[function_component(NodeCard)]
pub fn node_card(props: &NodeCardProps) -> Html {
    let s = use_strings();
    let n = &props.node;
    html! {
        <article class={classes!("sb-node", (!n.ready).then_some("is-not-ready"))}
            data-testid="node" data-node={n.name.clone()} data-status={n.status.clone()}
            aria-label={fill(s.node_aria, &[("node", &n.name)])}>
            <header class="sb-node-head">
                <h3 class="sb-node-name">{ &n.name }</h3>
                <span class={classes!("sb-node-status", if n.ready { "tone-ok" } else { "tone-bad" })}>
                    <span class="sb-dot" aria-hidden="true"></span>{ &n.status }
                </span>
            </header>
            <Bar label={s.cpu} used={n.cpu_requested_milli} total={n.cpu_allocatable_milli}
                text={fill(s.requested_of, &[
                    ("requested", &format::cpu_milli(n.cpu_requested_milli)),
                    ("allocatable", &format::cpu_milli(n.cpu_allocatable_milli)),
                ])} />
            <Bar label={s.memory} used={n.memory_requested_bytes} total={n.memory_allocatable_bytes}
                text={fill(s.requested_of, &[
                    ("requested", &format::bytes(n.memory_requested_bytes)),
                    ("allocatable", &format::bytes(n.memory_allocatable_bytes)),
                ])} />
            <div class="sb-pods">
                if n.pods.is_empty() {
                    <p class="sb-empty sb-small">{ s.node_no_pods }</p>
                }
                { for n.pods.iter().map(|pod| html! {
                    <PodChip key={pod.name.clone()} pod={pod.clone()} now_ms={props.now_ms}
                        on_kill={props.on_kill.clone()} />
                }) }
            </div>
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct BarProps {
    pub label: &'static str,
    pub used: u64,
    pub total: u64,
    pub text: String,
}

/// Requested vs allocatable, as a bar with the numbers beside it.
#[function_component(Bar)]
pub fn bar(props: &BarProps) -> Html {
    let pct = format::percent(props.used, props.total);
    let tone = if pct >= 90.0 {
        "is-high"
    } else if pct >= 70.0 {
        "is-mid"
    } else {
        ""
    };
    html! {
        <div class="sb-bar-row">
            <span class="sb-bar-label">{ props.label }</span>
            <div class={classes!("sb-bar", tone)} role="meter" aria-label={props.label}
                aria-valuemin="0" aria-valuemax={props.total.to_string()}
                aria-valuenow={props.used.min(props.total).to_string()} aria-valuetext={props.text.clone()}>
                <div class="sb-bar-fill" style={format!("width:{pct:.1}%")}></div>
            </div>
            <span class="sb-bar-text">{ &props.text }</span>
        </div>
    }
}

/// Colour family of a kubectl STATUS (always shown together with the status text).
pub fn status_tone(pod: &PodView) -> &'static str {
    if pod.terminating {
        return "tone-muted";
    }
    match pod.status.as_str() {
        "Running" if pod.all_ready => "tone-ok",
        "Running" | "Pending" | "ContainerCreating" | "PodInitializing" => "tone-progress",
        "Completed" | "Succeeded" => "tone-done",
        "Terminating" => "tone-muted",
        s if s.starts_with("Init:") && !s.contains("Err") && !s.contains("BackOff") => {
            "tone-progress"
        }
        _ => "tone-bad",
    }
}

#[derive(Properties, PartialEq)]
pub struct PodChipProps {
    pub pod: PodView,
    pub now_ms: u64,
    pub on_kill: Callback<String>,
}

/// A pod: name, STATUS, READY, RESTARTS. Scheduled pods are buttons that kill the container.
#[function_component(PodChip)]
pub fn pod_chip(props: &PodChipProps) -> Html {
    let s = use_strings();
    let p = &props.pod;
    let restarts_word = if p.restarts == 1 {
        s.restart_label
    } else {
        s.restarts_label
    };
    let tone = status_tone(p);
    let detail = if p.terminating {
        Some(html! { <span class="sb-pod-detail">{ s.terminating }</span> })
    } else if let Some(until) = p.back_off_until_ms.filter(|&until| until > props.now_ms) {
        let seconds = (until - props.now_ms).div_ceil(1000).to_string();
        Some(
            html! { <span class="sb-pod-detail" data-testid="back-off">{ fill(s.back_off_in, &[("seconds", &seconds)]) }</span> },
        )
    } else {
        p.pull_progress_ms.map(|(done, total)| html! {
            <span class="sb-pod-detail sb-pull">
                { s.pulling }
                <progress max={total.max(1).to_string()} value={done.min(total).to_string()}></progress>
            </span>
        })
    };
    let body = html! {
        <>
            <span class="sb-pod-name">{ &p.name }</span>
            <span class="sb-pod-line">
                <span class="sb-pod-status"><span class="sb-dot" aria-hidden="true"></span>{ &p.status }</span>
                <span class="sb-pod-meta">
                    <span title={s.ready_label}>{ &p.ready }</span>
                    <span class="sb-sep" aria-hidden="true">{ "·" }</span>
                    <span>{ format!("{} {}", p.restarts, restarts_word) }</span>
                </span>
            </span>
            { for detail }
        </>
    };
    let classes = classes!("sb-pod", tone);
    if p.node.is_some() && !p.terminating {
        let name = p.name.clone();
        let onclick = props.on_kill.reform(move |_: MouseEvent| name.clone());
        html! {
            <button type="button" class={classes} data-testid="pod" data-pod={p.name.clone()}
                data-status={p.status.clone()} data-restarts={p.restarts.to_string()}
                aria-label={format!("{} ({}, {} {}, {} {})", fill(s.kill_pod_aria, &[("pod", &p.name)]),
                    p.status, p.ready, s.ready_label, p.restarts, restarts_word)}
                title={fill(s.kill_pod_aria, &[("pod", &p.name)])}
                {onclick}>
                { body }
            </button>
        }
    } else {
        html! {
            <div class={classes} data-testid="pod" data-pod={p.name.clone()}
                data-status={p.status.clone()} data-restarts={p.restarts.to_string()}>
                { body }
            </div>
        }
    }
}
