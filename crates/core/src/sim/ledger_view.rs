//! The decision ledger of one pod as a plain serialisable value, for shells that draw it (the
//! UI's "Why here?" panel): node names resolved, plugins and results typed, nothing to parse.
//! `sim explain pod/NAME` prints the same facts as text.

use serde::Serialize;

use crate::base::clock::Millis;
use crate::sim::ledger::{Attempt, FilterPlugin, Limits, PodLedger, Verdict};

/// Per-node Filter rows given per attempt; past it only the counts say what happened.
pub const FILTER_ROWS_IN_VIEW: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LedgerView {
    pub namespace: String,
    pub name: String,
    /// Older attempts dropped for the per-pod bound.
    pub dropped: u64,
    /// Pods whose ledger was evicted for the global bounds.
    pub evicted_pods: u64,
    pub attempts_per_pod: usize,
    pub attempts: Vec<AttemptView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AttemptView {
    /// 1 for the pod's first attempt ever.
    pub number: u64,
    pub time_ms: Millis,
    /// The node bound; `None`: no node fits.
    pub chosen: Option<String>,
    pub nodes: usize,
    pub evaluated: usize,
    pub feasible: u32,
    /// `percentageOfNodesToScore` as applied (100 below 100 nodes).
    pub sampling_percentage: u32,
    /// The first [`FILTER_ROWS_IN_VIEW`] nodes evaluated, in filter order.
    pub filters: Vec<FilterRowView>,
    /// Nodes per (plugin, reason), failing plugins in kube-scheduler's order, then the passed.
    pub filter_counts: Vec<FilterCountView>,
    /// PodTopologySpread's default constraints applied.
    pub spread: bool,
    pub scores: Vec<ScoreRowView>,
    pub tie: Option<TieView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FilterRowView {
    pub node: String,
    /// The plugin that rejected the node; `None`: it passed.
    pub plugin: Option<FilterPlugin>,
    /// kube-scheduler's reason strings (empty when it passed).
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FilterCountView {
    pub plugin: Option<FilterPlugin>,
    pub reasons: Vec<String>,
    pub nodes: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreRowView {
    pub node: String,
    pub chosen: bool,
    /// NodeResourcesFit (LeastAllocated), weight 1.
    pub least_allocated: u8,
    /// NodeResourcesBalancedAllocation, weight 1.
    pub balanced_allocation: u8,
    /// PodTopologySpread: raw (thousandths; lower is better) and normalised (weight 2).
    pub spread_raw: u32,
    pub spread: u8,
    pub total: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TieView {
    pub tied: u32,
    /// The winner's place among the tied, in filter order, from 0 (= the draw it won).
    pub position: u32,
}

/// The view of `pod`'s ledger; `name_of` gives a node table index's name.
pub fn view(
    pod: &PodLedger,
    evicted_pods: u64,
    limits: Limits,
    name_of: &dyn Fn(usize) -> String,
) -> LedgerView {
    LedgerView {
        namespace: pod.namespace.clone(),
        name: pod.name.clone(),
        dropped: pod.dropped,
        evicted_pods,
        attempts_per_pod: limits.attempts_per_pod,
        attempts: pod
            .attempts
            .iter()
            .enumerate()
            .map(|(i, a)| attempt_view(a, pod.number(i), name_of))
            .collect(),
    }
}

fn attempt_view(a: &Attempt, number: u64, name_of: &dyn Fn(usize) -> String) -> AttemptView {
    let evaluated: Vec<(usize, Verdict)> = a
        .evaluated()
        .filter(|(_, v)| *v != Verdict::NotANode)
        .collect();
    let reasons = |v: Verdict| -> Vec<String> {
        v.reasons(&a.taints)
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    let mut counts: Vec<FilterCountView> = Vec::new();
    for &(_, v) in &evaluated {
        let (plugin, r) = (v.plugin(), reasons(v));
        match counts
            .iter_mut()
            .find(|c| c.plugin == plugin && c.reasons == r)
        {
            Some(c) => c.nodes += 1,
            None => counts.push(FilterCountView {
                plugin,
                reasons: r,
                nodes: 1,
            }),
        }
    }
    counts.sort_by(|x, y| {
        let key = |c: &FilterCountView| (c.plugin.is_none(), c.plugin, c.reasons.clone());
        key(x).cmp(&key(y))
    });
    AttemptView {
        number,
        time_ms: a.time_ms,
        chosen: a.chosen.map(|c| name_of(c as usize)),
        nodes: a.all_nodes as usize - (a.evaluated_count() - evaluated.len()),
        evaluated: evaluated.len(),
        feasible: a.feasible,
        sampling_percentage: a.sampling_percentage(),
        filters: evaluated
            .iter()
            .take(FILTER_ROWS_IN_VIEW)
            .map(|&(i, v)| FilterRowView {
                node: name_of(i),
                plugin: v.plugin(),
                reasons: reasons(v),
            })
            .collect(),
        filter_counts: counts,
        spread: a.spread,
        scores: a
            .scores
            .iter()
            .map(|r| ScoreRowView {
                node: name_of(r.node as usize),
                chosen: Some(r.node) == a.chosen,
                least_allocated: r.least,
                balanced_allocation: r.balanced,
                spread_raw: r.spread_raw,
                spread: r.spread,
                total: r.total,
            })
            .collect(),
        tie: a.tie.map(|t| TieView {
            tied: t.tied,
            position: t.position,
        }),
    }
}
