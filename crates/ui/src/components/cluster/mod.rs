//! The cluster panel: nodes as cards, pods as chips, pending pods apart with their
//! `FailedScheduling` reason. A click on a pod or a node opens a menu of actions; each runs one
//! command line of the core's language through `on_command` (the app logs and prints it).
//!
//! Large clusters switch to a compact view ([`heatmap`]): one tile per node and the cards of
//! the selected node only, so the page stays within its DOM budget. Cards, chips and tiles are
//! memoized function components: only what changed is redrawn.

pub mod actions;
pub mod cards;
pub mod chips;
pub mod heatmap;
pub mod menu;

use std::rc::Rc;

use sunaba_core::sim::view::ClusterView;
use yew::prelude::*;

use self::actions::ActionKind;
use self::cards::{card_clock, menu_in_node, NodeAt, NodeCard, NODE_CARD_DOM_NODES};
use self::chips::{back_off_seconds_left, PodChip, POD_CHIP_DOM_NODES};
use self::heatmap::{FamilyCounts, NodeTile, TileSummary};
use crate::strings::{fill, use_lang, use_strings, Lang};

pub use self::chips::status_tone;

/// Which menu is open: at most one in the whole panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuKey {
    /// (namespace, name)
    Pod(String, String),
    Node(String),
    /// An ECS task (by id) and a container instance (by id), in the ECS panel.
    Task(String),
    Instance(String),
}

/// Elements the full view may spend on cards and chips. The rest of the page (header, editor,
/// terminal, charts, events) needs its share of the page's 1,400.
pub const CLUSTER_DOM_BUDGET: usize = 900;
/// Pod chips shown for the node selected in the compact view.
pub const COMPACT_PODS_SHOWN_MAX: usize = 24;
/// Pending pods shown as chips in the compact view (the rest are counted).
pub const COMPACT_PENDING_SHOWN_MAX: usize = 8;

/// Whether cards and chips for every node and pod would exceed [`CLUSTER_DOM_BUDGET`]; then the
/// compact view is drawn instead. (About 24 nodes with few pods, or 150 pods on a few nodes.)
pub fn needs_compact_view(nodes: usize, pods: usize) -> bool {
    nodes
        .saturating_mul(NODE_CARD_DOM_NODES)
        .saturating_add(pods.saturating_mul(POD_CHIP_DOM_NODES))
        > CLUSTER_DOM_BUDGET
}

/// The cluster panel's own words.
pub struct ClusterText {
    pub hint: &'static str,
    /// `{pod}`, `{status}`, `{ready}`, `{restarts}`: a chip's accessible name.
    pub pod_chip_aria: &'static str,
    /// `{pod}`
    pub pod_menu_aria: &'static str,
    /// `{node}`
    pub node_menu_aria: &'static str,
    /// `{action}`, `{command}`
    pub menu_item_aria: &'static str,
    pub kill: &'static str,
    /// `{code}`
    pub crash: &'static str,
    pub delete_pod: &'static str,
    pub describe_pod: &'static str,
    pub logs: &'static str,
    pub logs_previous: &'static str,
    pub fail_node: &'static str,
    pub restore_node: &'static str,
    pub remove_node: &'static str,
    pub add_node: &'static str,
    pub cordon: &'static str,
    pub uncordon: &'static str,
    pub drain: &'static str,
    pub describe_node: &'static str,
    pub stop_task: &'static str,
    pub describe_task: &'static str,
    pub drain_instance: &'static str,
    pub activate_instance: &'static str,
    /// The tag on an ECS task's chip.
    pub ecs_task: &'static str,
    /// `{count}`
    pub more_pods: &'static str,
    /// `{count}`
    pub more_pending: &'static str,
    /// `{nodes}`, `{pods}`
    pub compact_summary: &'static str,
    pub compact_legend: &'static str,
    pub compact_pick: &'static str,
    /// `{node}`, `{status}`, `{cpu}`, `{memory}`, `{running}`, `{starting}`, `{failing}`,
    /// `{completed}`, `{terminating}`
    pub tile_aria: &'static str,
    pub tiles_label: &'static str,
    /// The scheduler's ledger for a pod (`sim explain pod/NAME`).
    pub why_here: &'static str,
}

pub const EN: ClusterText = ClusterText {
    hint: "Click a pod or a node for actions; each shows the command it runs.",
    pod_chip_aria: "Pod {pod}: {status}, {ready} ready, {restarts} restarts. Open actions",
    pod_menu_aria: "Actions for pod {pod}",
    node_menu_aria: "Actions for node {node}",
    menu_item_aria: "{action}: {command}",
    kill: "Kill container",
    crash: "Crash with exit code {code}",
    delete_pod: "Delete pod",
    describe_pod: "Describe pod",
    logs: "Show logs",
    logs_previous: "Logs of the previous container",
    fail_node: "Fail node",
    restore_node: "Restore node",
    remove_node: "Remove node",
    add_node: "Add node",
    cordon: "Cordon (no new pods)",
    uncordon: "Uncordon",
    drain: "Drain (evict its pods)",
    describe_node: "Describe node",
    stop_task: "Stop task",
    describe_task: "Describe task",
    drain_instance: "Drain instance (DRAINING)",
    activate_instance: "Activate instance (ACTIVE)",
    ecs_task: "ECS task",
    more_pods: "… and {count} more pods",
    more_pending: "… and {count} more pending pods",
    compact_summary: "{nodes} nodes, {pods} pods: compact view.",
    compact_legend: "✓ running · ↻ starting · ✕ failing · ■ completed · ⊘ terminating · ⚠ node not ready or cordoned. Bars: CPU (top), memory (bottom) requested.",
    compact_pick: "Select a node to see its pods and actions.",
    tile_aria: "Node {node}: {status}, CPU {cpu}% and memory {memory}% requested; pods: {running} running, {starting} starting, {failing} failing, {completed} completed, {terminating} terminating",
    tiles_label: "Nodes",
    why_here: "Why here?",
};

pub const JA: ClusterText = ClusterText {
    hint: "Pod やノードをクリックすると操作メニューが開き、実行されるコマンドも表示されます。",
    pod_chip_aria: "Pod {pod}: {status}、{ready} ready、再起動 {restarts} 回。操作を開く",
    pod_menu_aria: "Pod {pod} の操作",
    node_menu_aria: "ノード {node} の操作",
    menu_item_aria: "{action}: {command}",
    kill: "コンテナを停止 (kill)",
    crash: "終了コード {code} でクラッシュ",
    delete_pod: "Pod を削除",
    describe_pod: "Pod の詳細 (describe)",
    logs: "ログを表示",
    logs_previous: "前回のコンテナのログ",
    fail_node: "ノードを故障させる",
    restore_node: "ノードを復旧",
    remove_node: "ノードを削除",
    add_node: "ノードを追加",
    cordon: "cordon (新しい Pod を受け付けない)",
    uncordon: "uncordon (受け付けを再開)",
    drain: "drain (Pod を退避)",
    describe_node: "ノードの詳細 (describe)",
    stop_task: "タスクを停止 (stop-task)",
    describe_task: "タスクの詳細 (describe-tasks)",
    drain_instance: "インスタンスをドレイン (DRAINING)",
    activate_instance: "インスタンスを有効化 (ACTIVE)",
    ecs_task: "ECS タスク",
    more_pods: "… ほか {count} 個の Pod",
    more_pending: "… ほか {count} 個の Pending Pod",
    compact_summary: "ノード {nodes} 台、Pod {pods} 個: コンパクト表示。",
    compact_legend: "✓ 稼働中 · ↻ 起動中 · ✕ 失敗 · ■ 完了 · ⊘ 終了中 · ⚠ ノードが NotReady または cordon 済み。バー: CPU (上)、メモリ (下) の requests。",
    compact_pick: "ノードを選ぶと Pod と操作が表示されます。",
    tile_aria: "ノード {node}: {status}、CPU {cpu}%・メモリ {memory}% requested。Pod: 稼働中 {running}、起動中 {starting}、失敗 {failing}、完了 {completed}、終了中 {terminating}",
    tiles_label: "ノード",
    why_here: "なぜここ？",
};

pub fn text(lang: Lang) -> &'static ClusterText {
    lang.pick(&EN, &JA)
}

impl ClusterText {
    /// The label of a menu entry.
    pub fn action_label(&self, kind: ActionKind) -> String {
        match kind {
            ActionKind::Kill => self.kill.to_owned(),
            ActionKind::Crash(code) => fill(self.crash, &[("code", &code.to_string())]),
            ActionKind::DeletePod => self.delete_pod.to_owned(),
            ActionKind::DescribePod => self.describe_pod.to_owned(),
            ActionKind::Logs => self.logs.to_owned(),
            ActionKind::LogsPrevious => self.logs_previous.to_owned(),
            ActionKind::FailNode => self.fail_node.to_owned(),
            ActionKind::RestoreNode => self.restore_node.to_owned(),
            ActionKind::RemoveNode => self.remove_node.to_owned(),
            ActionKind::Cordon => self.cordon.to_owned(),
            ActionKind::Uncordon => self.uncordon.to_owned(),
            ActionKind::Drain => self.drain.to_owned(),
            ActionKind::DescribeNode => self.describe_node.to_owned(),
            ActionKind::StopTask => self.stop_task.to_owned(),
            ActionKind::DescribeTask => self.describe_task.to_owned(),
            ActionKind::DrainInstance => self.drain_instance.to_owned(),
            ActionKind::ActivateInstance => self.activate_instance.to_owned(),
            ActionKind::WhyHere => self.why_here.to_owned(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub cluster: Rc<ClusterView>,
    pub now_ms: u64,
    /// Runs one command line of the core's language (`sim kill web-1`, `kubectl cordon node-2`).
    pub on_command: Callback<String>,
}

#[function_component(Cluster)]
pub fn cluster(props: &ClusterProps) -> Html {
    let ids = crate::ids::use_ids();
    let s = use_strings();
    let t = text(use_lang());
    let open_menu = use_state_eq(|| None::<MenuKey>);
    let selected = use_state_eq(|| None::<String>);
    let on_menu = use_callback(open_menu.setter(), |key: Option<MenuKey>, setter| {
        setter.set(key)
    });
    let on_select = use_callback(selected.setter(), |node: Option<String>, setter| {
        setter.set(node)
    });
    let c = &props.cluster;
    let pod_count = c.pending.len() + c.nodes.iter().map(|n| n.pods.len()).sum::<usize>();
    let compact = needs_compact_view(c.nodes.len(), pod_count);
    let open = (*open_menu).clone();

    let card = |index: usize| {
        let node = &c.nodes[index];
        html! {
            <NodeCard key={node.name.clone()} node={NodeAt { cluster: c.clone(), index }}
                now_ms={card_clock(node, props.now_ms)}
                open_menu={open.clone().filter(|k| menu_in_node(k, node))}
                pods_shown_max={if compact { COMPACT_PODS_SHOWN_MAX } else { usize::MAX }}
                on_menu={on_menu.clone()} on_command={props.on_command.clone()} />
        }
    };
    let pending_shown = if compact {
        COMPACT_PENDING_SHOWN_MAX
    } else {
        usize::MAX
    };
    let pending_hidden = c.pending.len().saturating_sub(pending_shown);

    html! {
        <section class={classes!("sb-panel", "sb-cluster", compact.then_some("is-compact"))}
            aria-labelledby={ids.id("cluster-heading")} data-testid="cluster"
            data-view={if compact { "compact" } else { "cards" }}>
            <div class="sb-panel-head">
                <h2 id={ids.id("cluster-heading")}>{ s.cluster_heading }</h2>
                <p class="sb-hint">{ t.hint }</p>
                <button type="button" class="sb-btn sb-small-btn" data-testid="add-node"
                    data-command={actions::ADD_NODE_COMMAND} title={format!("$ {}", actions::ADD_NODE_COMMAND)}
                    onclick={props.on_command.reform(|_: MouseEvent| actions::ADD_NODE_COMMAND.to_owned())}>
                    { t.add_node }
                </button>
            </div>
            if !c.pending.is_empty() {
                <div class="sb-pending" data-testid="pending">
                    <h3>{ s.pending_heading }</h3>
                    <ul class="sb-pending-list">
                        { for c.pending.iter().take(pending_shown).map(|pod| {
                            let is_open = matches!(&open,
                                Some(MenuKey::Pod(ns, name)) if *ns == pod.namespace && *name == pod.name);
                            html! {
                                <li class="sb-pending-item" key={format!("{}/{}", pod.namespace, pod.name)}>
                                    <PodChip pod={pod.clone()} back_off_s={back_off_seconds_left(pod, props.now_ms)}
                                        open={is_open} on_menu={on_menu.clone()}
                                        on_command={props.on_command.clone()} />
                                    if let Some(reason) = &pod.reason {
                                        <span class="sb-pending-reason" data-testid="pending-reason">{ reason }</span>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                    if pending_hidden > 0 {
                        <p class="sb-more" data-testid="more-pending">
                            { fill(t.more_pending, &[("count", &pending_hidden.to_string())]) }
                        </p>
                    }
                </div>
            }
            if c.nodes.is_empty() {
                <p class="sb-empty">{ s.no_nodes }</p>
            }
            if compact {
                { compact_view(c, pod_count, selected.as_deref(), &on_select, t) }
                if let Some(index) = selected.as_ref().and_then(|name| c.nodes.iter().position(|n| n.name == *name)) {
                    <div class="sb-nodes sb-selected-node" data-testid="selected-node">
                        { card(index) }
                    </div>
                }
            } else {
                <div class="sb-nodes">
                    { for (0..c.nodes.len()).map(card) }
                </div>
            }
        </section>
    }
}

fn compact_view(
    c: &ClusterView,
    pod_count: usize,
    selected: Option<&str>,
    on_select: &Callback<Option<String>>,
    t: &ClusterText,
) -> Html {
    let all = FamilyCounts::of(c.nodes.iter().flat_map(|n| &n.pods));
    html! {
        <>
            <p class="sb-compact-summary" data-testid="compact-summary">
                { fill(t.compact_summary, &[("nodes", &c.nodes.len().to_string()), ("pods", &pod_count.to_string())]) }
                { " " }{ all.symbols() }{ " " }{ t.compact_pick }
            </p>
            <p class="sb-compact-legend">{ t.compact_legend }</p>
            <div class="sb-heatmap" role="group" aria-label={t.tiles_label} data-testid="heatmap">
                { for c.nodes.iter().map(|node| html! {
                    <NodeTile key={node.name.clone()} tile={TileSummary::of(node)}
                        selected={selected == Some(node.name.as_str())} on_select={on_select.clone()} />
                }) }
            </div>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::strings::tests::placeholders;

    #[test]
    fn small_clusters_get_cards_and_large_ones_the_compact_view() {
        assert!(!needs_compact_view(3, 3), "the default example");
        assert!(!needs_compact_view(3, 100));
        assert!(!needs_compact_view(10, 100));
        assert!(needs_compact_view(3, 200), "many pods on few nodes");
        assert!(needs_compact_view(61, 0), "many empty nodes");
        assert!(needs_compact_view(100, 1000));
        assert!(needs_compact_view(usize::MAX, usize::MAX), "no overflow");
    }

    #[test]
    fn japanese_keeps_every_placeholder_of_english() {
        let pairs = [
            (EN.pod_chip_aria, JA.pod_chip_aria),
            (EN.pod_menu_aria, JA.pod_menu_aria),
            (EN.node_menu_aria, JA.node_menu_aria),
            (EN.menu_item_aria, JA.menu_item_aria),
            (EN.crash, JA.crash),
            (EN.more_pods, JA.more_pods),
            (EN.more_pending, JA.more_pending),
            (EN.compact_summary, JA.compact_summary),
            (EN.tile_aria, JA.tile_aria),
        ];
        for (en, ja) in pairs {
            assert_eq!(placeholders(en), placeholders(ja), "{en:?} vs {ja:?}");
        }
        assert_ne!(EN.kill, JA.kill);
    }
}
