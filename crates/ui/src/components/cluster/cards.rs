//! A node as a card: name (the button opening the node's menu), STATUS, CPU and memory bars
//! (requested vs allocatable) and its pods as chips.

use std::rc::Rc;

use sunaba_core::sim::view::{ClusterView, NodeView};
use yew::prelude::*;

use super::actions::node_actions;
use super::chips::{back_off_seconds_left, PodChip};
use super::menu::ActionMenu;
use super::{text, MenuKey};
use crate::format;
use crate::strings::{fill, use_lang, use_strings};

/// Elements one card adds besides its pods (article, header, name button, status, two bars of
/// five, the pod list). Kept honest by a browser test.
pub const NODE_CARD_DOM_NODES: usize = 15;

/// One node of a shared cluster view, compared by the node's content: a card whose node did
/// not change is not redrawn, and no node is cloned to build the props.
#[derive(Clone, Debug)]
pub struct NodeAt {
    pub cluster: Rc<ClusterView>,
    pub index: usize,
}

impl NodeAt {
    pub fn get(&self) -> Option<&NodeView> {
        self.cluster.nodes.get(self.index)
    }
}

impl PartialEq for NodeAt {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    pub node: NodeAt,
    /// The clock, only while one of the node's pods counts down a back-off (else 0), so the
    /// other cards do not redraw at every tick.
    pub now_ms: u64,
    /// The open menu, if it belongs to this card or one of its pods (else `None`).
    pub open_menu: Option<MenuKey>,
    /// At most this many pod chips (the compact view's node details are capped).
    #[prop_or(usize::MAX)]
    pub pods_shown_max: usize,
    pub on_menu: Callback<Option<MenuKey>>,
    pub on_command: Callback<String>,
}

/// Whether a card must follow the clock (a pod of it counts down a back-off).
pub fn card_clock(node: &NodeView, now_ms: u64) -> u64 {
    let counting = node
        .pods
        .iter()
        .any(|p| back_off_seconds_left(p, now_ms).is_some());
    if counting {
        now_ms
    } else {
        0
    }
}

/// Whether `open` is this node's menu or a menu of one of its pods.
pub fn menu_in_node(open: &MenuKey, node: &NodeView) -> bool {
    match open {
        MenuKey::Node(name) => *name == node.name,
        MenuKey::Pod(ns, name) => node
            .pods
            .iter()
            .any(|p| p.namespace == *ns && p.name == *name),
        MenuKey::Task(_) | MenuKey::Instance(_) => false,
    }
}

#[function_component(NodeCard)]
pub fn node_card(props: &NodeCardProps) -> Html {
    let s = use_strings();
    let t = text(use_lang());
    let trigger = use_node_ref();
    let Some(n) = props.node.get() else {
        return Html::default();
    };
    let key = MenuKey::Node(n.name.clone());
    let open = props.open_menu.as_ref() == Some(&key);
    let onclick = {
        let on_menu = props.on_menu.clone();
        Callback::from(move |_: MouseEvent| on_menu.emit((!open).then(|| key.clone())))
    };
    let shown = n.pods.len().min(props.pods_shown_max);
    let hidden = n.pods.len() - shown;
    html! {
        <article class={classes!("sb-node", (!n.ready).then_some("is-not-ready"))}
            data-testid="node" data-node={n.name.clone()} data-status={n.status.clone()}
            aria-label={fill(s.node_aria, &[("node", &n.name)])}>
            <header class="sb-node-head">
                <button type="button" ref={trigger.clone()} class="sb-node-name"
                    data-testid="node-menu" aria-haspopup="menu" aria-expanded={open.to_string()}
                    aria-label={fill(t.node_menu_aria, &[("node", &n.name)])} {onclick}>
                    { &n.name }
                </button>
                <span class={classes!("sb-node-status", if n.ready { "tone-ok" } else { "tone-bad" })}>
                    { &n.status }
                </span>
                if open {
                    <ActionMenu items={node_actions(n)} testid_prefix="node-action"
                        label={fill(t.node_menu_aria, &[("node", &n.name)])}
                        trigger={trigger} on_menu={props.on_menu.clone()}
                        on_command={props.on_command.clone()} />
                }
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
                // A fragment of its own: the chips are diffed by key, apart from the unkeyed
                // notes around them.
                <>
                    { for n.pods.iter().take(shown).map(|pod| {
                        let open = matches!(&props.open_menu,
                            Some(MenuKey::Pod(ns, name)) if *ns == pod.namespace && *name == pod.name);
                        html! {
                            <PodChip key={format!("{}/{}", pod.namespace, pod.name)} pod={pod.clone()}
                                back_off_s={back_off_seconds_left(pod, props.now_ms)} {open}
                                on_menu={props.on_menu.clone()} on_command={props.on_command.clone()} />
                        }
                    }) }
                </>
                if hidden > 0 {
                    <p class="sb-more" data-testid="more-pods">
                        { fill(t.more_pods, &[("count", &hidden.to_string())]) }
                    </p>
                }
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
    let fill = use_node_ref();
    crate::cssom::use_style_values(fill.clone(), vec![("width", format!("{pct:.1}%"))]);
    html! {
        <div class="sb-bar-row">
            <span class="sb-bar-label">{ props.label }</span>
            <div class={classes!("sb-bar", tone)} role="meter" aria-label={props.label}
                aria-valuemin="0" aria-valuemax={props.total.to_string()}
                aria-valuenow={props.used.min(props.total).to_string()} aria-valuetext={props.text.clone()}>
                <div class="sb-bar-fill" ref={fill}></div>
            </div>
            <span class="sb-bar-text">{ &props.text }</span>
        </div>
    }
}
