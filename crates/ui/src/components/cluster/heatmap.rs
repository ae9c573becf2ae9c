//! The compact view of a large cluster: one tile per node, one element each.
//!
//! A tile's CPU and memory fills are CSS gradients (custom properties, no extra elements); its
//! text gives the name, `NotReady`-like statuses in words, and the pods counted by status
//! family with distinct symbols (never colour alone). A tile is a button: it selects the node,
//! whose card (menu and capped pod list) then shows below the grid.

use sunaba_core::sim::view::NodeView;
use yew::prelude::*;

use super::chips::StatusFamily;
use super::text;
use crate::format;
use crate::strings::{fill, use_lang};

/// Pods of one node counted by status family.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FamilyCounts {
    pub ok: u32,
    pub progress: u32,
    pub bad: u32,
    pub done: u32,
    pub muted: u32,
}

impl FamilyCounts {
    pub fn of<'a>(pods: impl IntoIterator<Item = &'a sunaba_core::sim::view::PodView>) -> Self {
        let mut c = FamilyCounts::default();
        for pod in pods {
            let slot = match StatusFamily::of(pod) {
                StatusFamily::Ok => &mut c.ok,
                StatusFamily::Progress => &mut c.progress,
                StatusFamily::Bad => &mut c.bad,
                StatusFamily::Done => &mut c.done,
                StatusFamily::Muted => &mut c.muted,
            };
            *slot += 1;
        }
        c
    }

    /// `✓12 ↻1 ✕2`: the non-zero families, each with its symbol (see the legend).
    pub fn symbols(&self) -> String {
        let parts = [
            ("✓", self.ok),
            ("↻", self.progress),
            ("✕", self.bad),
            ("■", self.done),
            ("⊘", self.muted),
        ];
        let text: Vec<String> = parts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(sym, n)| format!("{sym}{n}"))
            .collect();
        if text.is_empty() {
            "–".to_owned()
        } else {
            text.join(" ")
        }
    }
}

/// What a tile draws: small, so unchanged tiles compare equal and are not redrawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TileSummary {
    pub name: String,
    pub status: String,
    pub ready: bool,
    pub unschedulable: bool,
    pub cpu_pct: u8,
    pub memory_pct: u8,
    pub counts: FamilyCounts,
}

impl TileSummary {
    pub fn of(node: &NodeView) -> TileSummary {
        let pct = |used, total| format::percent(used, total).round() as u8;
        TileSummary {
            name: node.name.clone(),
            status: node.status.clone(),
            ready: node.ready,
            unschedulable: node.unschedulable,
            cpu_pct: pct(node.cpu_requested_milli, node.cpu_allocatable_milli),
            memory_pct: pct(node.memory_requested_bytes, node.memory_allocatable_bytes),
            counts: FamilyCounts::of(&node.pods),
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeTileProps {
    pub tile: TileSummary,
    pub selected: bool,
    pub on_select: Callback<Option<String>>,
}

#[function_component(NodeTile)]
pub fn node_tile(props: &NodeTileProps) -> Html {
    let t = text(use_lang());
    let tile = &props.tile;
    let c = &tile.counts;
    let label = fill(
        t.tile_aria,
        &[
            ("node", &tile.name),
            ("status", &tile.status),
            ("cpu", &tile.cpu_pct.to_string()),
            ("memory", &tile.memory_pct.to_string()),
            ("running", &c.ok.to_string()),
            ("starting", &c.progress.to_string()),
            ("failing", &c.bad.to_string()),
            ("completed", &c.done.to_string()),
            ("terminating", &c.muted.to_string()),
        ],
    );
    let onclick = {
        let (on_select, selected, name) =
            (props.on_select.clone(), props.selected, tile.name.clone());
        Callback::from(move |_: MouseEvent| on_select.emit((!selected).then(|| name.clone())))
    };
    // The status is spelt out when it is not plain `Ready` (NotReady, SchedulingDisabled…).
    let status_line = if tile.ready && !tile.unschedulable {
        String::new()
    } else {
        format!(" ⚠ {}", tile.status)
    };
    let button = use_node_ref();
    crate::cssom::use_style_values(
        button.clone(),
        vec![
            ("--cpu", format!("{}%", tile.cpu_pct)),
            ("--mem", format!("{}%", tile.memory_pct)),
        ],
    );
    html! {
        <button type="button" ref={button}
            class={classes!("sb-tile", (!tile.ready).then_some("is-not-ready"),
                (c.bad > 0).then_some("has-failing"))}
            data-testid="node-tile" data-node={tile.name.clone()} data-status={tile.status.clone()}
            aria-pressed={props.selected.to_string()} aria-label={label} title={tile.name.clone()}
            {onclick}>
            { format!("{}{status_line}\n{}", tile.name, c.symbols()) }
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_show_only_the_families_present() {
        let c = FamilyCounts {
            ok: 12,
            bad: 2,
            ..FamilyCounts::default()
        };
        assert_eq!(c.symbols(), "✓12 ✕2");
        assert_eq!(FamilyCounts::default().symbols(), "–");
    }
}
