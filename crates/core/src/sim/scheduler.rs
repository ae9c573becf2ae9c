//! The scheduler: picks a node for one pending pod at a time, like kube-scheduler.
//!
//! Plugins run in kube-scheduler's order and with its contracts, on the Filter and Select
//! steps shared with ECS placement (`sim/placement.rs`):
//! - **Filter** (a node is feasible only if every filter passes; the first failing filter
//!   names the reason, [`first_failure`]): NodeUnschedulable, TaintToleration
//!   (NotReady/unreachable nodes, then `kubectl taint`'s), NodeAffinity (`nodeSelector`),
//!   NodeResourcesFit (requests vs allocatable − requested, the shared resource fit
//!   [`NodeInfo::lacks_cpu`]/[`NodeInfo::lacks_memory`], and the 110-pod limit).
//! - **Score**: NodeResourcesFit's LeastAllocated plus NodeResourcesBalancedAllocation, on the
//!   non-zero requests (pods with no requests count as 100m CPU / 200Mi for scoring only), plus
//!   PodTopologySpread's *system default* constraints at its default weight 2: for pods owned by
//!   a controller, `kubernetes.io/hostname` (maxSkew 3) and `topology.kubernetes.io/zone`
//!   (maxSkew 5), both `ScheduleAnyway`: nodes and zones holding fewer of the owner's pods
//!   score higher, so replicas spread across nodes and zones.
//! - **Select**: highest total; ties broken at random ([`select_best`] with
//!   [`TieBreak::Reservoir`]: reservoir sampling, seeded RNG).
//!
//! Large clusters are sampled exactly like kube-scheduler's `percentageOfNodesToScore`
//! default: filtering starts where the previous cycle stopped and ends after finding
//! `max(5, 50 − N/125)`% of N feasible nodes (at least 100). When no node fits, the error
//! message has the real `FitError` shape: `0/3 nodes are available: 3 Insufficient memory.`
//! This module never binds, never touches the store, never emits events: it only decides.

use crate::base::object_map::ObjectMap;

use crate::base::rng::SimRng;
use crate::input::model::{Labels, Taint, TaintEffect, Toleration};
use crate::sim::event_facts::FitCounts;
use crate::sim::placement::{exceeds_free, select_best, TieBreak};
use crate::sim::zones::Zones;

/// Default `maxPods` of a kubelet.
pub const MAX_PODS_PER_NODE: u32 = 110;
/// Scoring defaults for containers without requests (`schedutil.DefaultMilliCPURequest` / memory).
pub const NONZERO_CPU_MILLI: u64 = 100;
pub const NONZERO_MEMORY_BYTES: u64 = 200 * 1024 * 1024;
const MIN_FEASIBLE_NODES_TO_FIND: usize = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE: usize = 5;

/// What the scheduler knows about a node (its cache entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeInfo {
    pub name: String,
    pub labels: Labels,
    pub cpu_allocatable_milli: u64,
    pub memory_allocatable_bytes: u64,
    pub pods_allocatable: u32,
    pub cpu_requested_milli: u64,
    pub memory_requested_bytes: u64,
    pub cpu_nonzero_milli: u64,
    pub memory_nonzero_bytes: u64,
    pub pod_count: u32,
    /// Cordoned (`spec.unschedulable`).
    pub unschedulable: bool,
    /// Carries the `node.kubernetes.io/unreachable` taint (the node controller lost it).
    pub unreachable: bool,
    /// Removed from the cluster: skipped entirely.
    pub removed: bool,
    /// Not a Kubernetes node (an ECS Fargate pool): the kube-scheduler never considers it.
    pub hidden: bool,
    /// Taints set with `kubectl taint` (the node controller's `unreachable` is the flag above).
    pub taints: Vec<Taint>,
}

impl NodeInfo {
    /// An empty, schedulable node with `maxPods` 110.
    pub fn new(
        name: String,
        labels: Labels,
        cpu_allocatable_milli: u64,
        memory_allocatable_bytes: u64,
    ) -> NodeInfo {
        NodeInfo {
            cpu_allocatable_milli,
            memory_allocatable_bytes,
            cpu_requested_milli: 0,
            memory_requested_bytes: 0,
            cpu_nonzero_milli: 0,
            memory_nonzero_bytes: 0,
            pods_allocatable: MAX_PODS_PER_NODE,
            pod_count: 0,
            unschedulable: false,
            unreachable: false,
            removed: false,
            hidden: false,
            name,
            labels,
            taints: Vec::new(),
        }
    }

    /// The resource fit on CPU: `milli` more than the node has left (allocatable − requested).
    pub fn lacks_cpu(&self, milli: u64) -> bool {
        exceeds_free(self.cpu_allocatable_milli, self.cpu_requested_milli, milli)
    }

    /// The resource fit on memory: `bytes` more than the node has left.
    pub fn lacks_memory(&self, bytes: u64) -> bool {
        exceeds_free(
            self.memory_allocatable_bytes,
            self.memory_requested_bytes,
            bytes,
        )
    }
}

/// The parts of a pod the scheduler looks at.
#[derive(Clone, Copy, Debug)]
pub struct PodRequest<'a> {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub node_selector: &'a Labels,
    pub tolerations: &'a [Toleration],
    /// For default topology spreading: how many pods of the same owner each node (by index)
    /// already holds; `None` for pods without an owner (no default constraints apply).
    pub spread: Option<&'a [u32]>,
    /// The nodes' zones numbered ([`Zones`]); `None`: read from the labels at each attempt.
    pub zones: Option<&'a Zones>,
}

impl PodRequest<'_> {
    fn nonzero(&self) -> (u64, u64) {
        let c = if self.cpu_milli == 0 {
            NONZERO_CPU_MILLI
        } else {
            self.cpu_milli
        };
        let m = if self.memory_bytes == 0 {
            NONZERO_MEMORY_BYTES
        } else {
            self.memory_bytes
        };
        (c, m)
    }
}

/// Why no node fits: reason → number of nodes, as kube-scheduler's `FitError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FitError {
    pub num_all_nodes: usize,
    pub reasons: ObjectMap<&'static str, usize>,
    /// Nodes that failed only on resources (where preemption could in principle help).
    pub resource_only_nodes: usize,
    /// `node(s) had untolerated taint {key: value}` per taint, counted like `reasons`.
    pub taints: ObjectMap<String, usize>,
}

impl FitError {
    /// The `FailedScheduling` event message, exactly as the scheduler prints it.
    pub fn message(&self) -> String {
        if self.num_all_nodes == 0 {
            return "no nodes available to schedule pods".to_string();
        }
        let mut parts: Vec<String> = self
            .reasons
            .iter()
            .map(|(r, n)| format!("{n} {r}"))
            .chain(self.taints.iter().map(|(r, n)| format!("{n} {r}")))
            .collect();
        crate::base::sort::sort(&mut parts);
        let n = self.num_all_nodes;
        let mut pre: Vec<String> = Vec::new();
        let unhelpful = n - self.resource_only_nodes;
        if unhelpful > 0 {
            pre.push(format!(
                "{unhelpful} Preemption is not helpful for scheduling"
            ));
        }
        if self.resource_only_nodes > 0 {
            pre.push(format!(
                "{} No preemption victims found for incoming pod",
                self.resource_only_nodes
            ));
        }
        crate::base::sort::sort(&mut pre);
        format!(
            "0/{n} nodes are available: {}. preemption: 0/{n} nodes are available: {}.",
            parts.join(", "),
            pre.join(", ")
        )
    }
}

impl FitError {
    /// What a `FailedScheduling` event says, typed: the counts per reason and what the pod
    /// asks for.
    pub fn counts(&self, cpu_milli: u64, memory_bytes: u64) -> FitCounts {
        let count = |reason: &str| {
            self.reasons
                .iter()
                .find(|(r, _)| **r == reason)
                .map_or(0, |(_, n)| *n as u32)
        };
        FitCounts {
            nodes: self.num_all_nodes as u32,
            cpu_milli,
            memory_bytes,
            short_of_cpu: count(REASON_CPU),
            short_of_memory: count(REASON_MEMORY),
            too_many_pods: count(REASON_PODS),
            cordoned: count(REASON_UNSCHEDULABLE),
            unreachable: count(REASON_UNREACHABLE),
            selector: count(REASON_SELECTOR),
            tainted: self.taints.values().map(|n| *n as u32).sum(),
        }
    }
}

pub const REASON_UNSCHEDULABLE: &str = "node(s) were unschedulable";
pub const REASON_UNREACHABLE: &str =
    "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";
pub const REASON_SELECTOR: &str = "node(s) didn't match Pod's node affinity/selector";
pub const REASON_CPU: &str = "Insufficient cpu";
pub const REASON_MEMORY: &str = "Insufficient memory";
pub const REASON_PODS: &str = "Too many pods";
const ALL_REASONS: [&str; 6] = [
    REASON_UNSCHEDULABLE,
    REASON_UNREACHABLE,
    REASON_SELECTOR,
    REASON_CPU,
    REASON_MEMORY,
    REASON_PODS,
];

/// The infeasible nodes' reasons, counted as filtering meets them (slots as in `ALL_REASONS`).
#[derive(Default)]
struct Tally {
    counts: [usize; ALL_REASONS.len()],
    resource_only_nodes: usize,
    taints: ObjectMap<String, usize>,
}

impl Tally {
    fn add(&mut self, node: &NodeInfo, unfit: Unfit) {
        let slot = match unfit {
            Unfit::Unschedulable => 0,
            Unfit::Unreachable => 1,
            Unfit::Selector => 2,
            Unfit::Taint(i) => {
                if let Some(t) = node.taints.get(i) {
                    *self.taints.get_or_default(taint_reason(t)) += 1;
                }
                return;
            }
            Unfit::Resources { pods, cpu, memory } => {
                self.resource_only_nodes += 1;
                for (slot, short) in [(3, cpu), (4, memory), (5, pods)] {
                    if short {
                        self.counts[slot] += 1;
                    }
                }
                return;
            }
        };
        self.counts[slot] += 1;
    }

    /// kube-scheduler's `FitError` over the nodes that are not removed.
    fn fit_error(self, nodes: &[NodeInfo]) -> FitError {
        let mut reasons = ObjectMap::new();
        for (r, &c) in ALL_REASONS.iter().zip(&self.counts) {
            if c > 0 {
                reasons.insert(*r, c);
            }
        }
        FitError {
            num_all_nodes: nodes.iter().filter(|x| !x.removed).count(),
            reasons,
            resource_only_nodes: self.resource_only_nodes,
            taints: self.taints,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Scheduler {
    /// Where the next filtering pass starts (round-robin over the node list).
    next_start_node_index: usize,
    /// Decisions made (bound or failed): a counter for benchmarks and the UI.
    pub decisions: u64,
}

/// How many feasible nodes to look for before scoring (kube-scheduler's `numFeasibleNodesToFind`).
pub fn num_feasible_nodes_to_find(num_all_nodes: usize) -> usize {
    if num_all_nodes < MIN_FEASIBLE_NODES_TO_FIND {
        return num_all_nodes;
    }
    let percentage =
        (50usize.saturating_sub(num_all_nodes / 125)).max(MIN_FEASIBLE_NODES_PERCENTAGE);
    (num_all_nodes * percentage / 100).max(MIN_FEASIBLE_NODES_TO_FIND)
}

/// The first NoSchedule/NoExecute taint of `node` that the pod does not tolerate.
pub fn untolerated<'a>(node: &'a NodeInfo, tolerations: &[Toleration]) -> Option<&'a Taint> {
    untolerated_at(node, tolerations).map(|i| &node.taints[i])
}

/// [`untolerated`]'s position in the node's taints.
fn untolerated_at(node: &NodeInfo, tolerations: &[Toleration]) -> Option<usize> {
    node.taints.iter().position(|t| {
        t.effect != TaintEffect::PreferNoSchedule && !tolerations.iter().any(|tol| tol.tolerates(t))
    })
}

/// TaintToleration's reason for one taint, as kube-scheduler words it.
pub fn taint_reason(t: &Taint) -> String {
    format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value)
}

/// What the first failing Filter plugin found wrong with a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unfit {
    Unschedulable,
    Unreachable,
    /// A taint the pod does not tolerate (named in the message): its position in `taints`.
    Taint(usize),
    Selector,
    /// NodeResourcesFit: every resource short, together (the only reasons preemption could help).
    Resources {
        pods: bool,
        cpu: bool,
        memory: bool,
    },
}

/// The Filter plugins in kube-scheduler's order: the first that fails names the reason
/// ([`crate::sim::placement::first_failure`]'s contract, written out so the hot loop calls each plugin directly).
#[inline(always)]
fn filter(node: &NodeInfo, pod: &PodRequest) -> Option<Unfit> {
    node_unschedulable(node, pod)
        .or_else(|| taint_toleration(node, pod))
        .or_else(|| node_affinity(node, pod))
        .or_else(|| node_resources_fit(node, pod))
}

/// NodeUnschedulable: a cordoned node, unless the pod tolerates
/// `node.kubernetes.io/unschedulable` (daemon pods do).
fn node_unschedulable(node: &NodeInfo, pod: &PodRequest) -> Option<Unfit> {
    let tolerated = || {
        let t = Taint {
            key: "node.kubernetes.io/unschedulable".into(),
            value: String::new(),
            effect: TaintEffect::NoSchedule,
        };
        pod.tolerations.iter().any(|tol| tol.tolerates(&t))
    };
    (node.unschedulable && !tolerated()).then_some(Unfit::Unschedulable)
}

/// TaintToleration: the node controller's `unreachable` taint, then `kubectl taint`'s.
fn taint_toleration(node: &NodeInfo, pod: &PodRequest) -> Option<Unfit> {
    if node.unreachable {
        return Some(Unfit::Unreachable);
    }
    untolerated_at(node, pod.tolerations).map(Unfit::Taint)
}

/// NodeAffinity (`nodeSelector`).
fn node_affinity(node: &NodeInfo, pod: &PodRequest) -> Option<Unfit> {
    let matches = pod
        .node_selector
        .iter()
        .all(|(k, v)| node.labels.get(k) == Some(v));
    (!matches).then_some(Unfit::Selector)
}

/// NodeResourcesFit: requests vs allocatable − requested, and the pod limit.
fn node_resources_fit(node: &NodeInfo, pod: &PodRequest) -> Option<Unfit> {
    let pods = node.pod_count + 1 > node.pods_allocatable;
    let cpu = node.lacks_cpu(pod.cpu_milli);
    let memory = node.lacks_memory(pod.memory_bytes);
    (pods || cpu || memory).then_some(Unfit::Resources { pods, cpu, memory })
}

/// NodeResourcesFit's LeastAllocated and NodeResourcesBalancedAllocation, each 0..=100 (weight 1
/// each), in the plugins' integer arithmetic (`(capacity − requested) × 100 / capacity`).
fn score(node: &NodeInfo, pod: &PodRequest) -> (u64, u64) {
    let (pc, pm) = pod.nonzero();
    let cpu_alloc = node.cpu_allocatable_milli.max(1);
    let mem_alloc = node.memory_allocatable_bytes.max(1);
    let cpu_req = (node.cpu_nonzero_milli + pc).min(cpu_alloc);
    let mem_req = (node.memory_nonzero_bytes + pm).min(mem_alloc);
    let least =
        ((cpu_alloc - cpu_req) * 100 / cpu_alloc + (mem_alloc - mem_req) * 100 / mem_alloc) / 2;
    // Balanced: 100 × (1 − |f_cpu − f_mem| / 2), in per-mille to stay in integers.
    let f_cpu = cpu_req * 1000 / cpu_alloc;
    let f_mem = mem_req * 1000 / mem_alloc;
    let balanced = (2000 - f_cpu.abs_diff(f_mem)) / 20;
    (least, balanced)
}

/// The zone label PodTopologySpread's default zone constraint uses.
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
/// PodTopologySpread's weight in the default scheduler profile.
pub const SPREAD_WEIGHT: u64 = 2;
const MAX_NODE_SCORE: u64 = 100;

/// The nodes' zones numbered ([`Zones`]).
pub fn number_zones(nodes: &[NodeInfo]) -> Zones {
    Zones::of(
        nodes
            .iter()
            .map(|n| n.labels.get(ZONE_LABEL).map(String::as_str)),
    )
}

/// PodTopologySpread's Score + NormalizeScore over the feasible nodes, for the system default
/// constraints (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway). Returns 0..=100 per
/// feasible node, in `feasible`'s order, after the raw scores (Score's, in thousandths: lower
/// is better). Weights follow the plugin: `ln(domains + 2)`.
fn spread_scores(
    nodes: &[NodeInfo],
    feasible: &[(usize, u64)],
    counts: &[u32],
    zones: &Zones,
) -> (Vec<u64>, Vec<u64>) {
    let count = |i: usize| u64::from(counts.get(i).copied().unwrap_or(0));
    // Matching pods per zone, over every node (pods on infeasible nodes count too).
    let mut per_zone = vec![0u64; zones.count()];
    for i in 0..nodes.len() {
        if let Some(z) = zones.of_node(i) {
            per_zone[z] += count(i);
        }
    }
    let mut feasible_zone = vec![false; zones.count()];
    for &(i, _) in feasible {
        if let Some(z) = zones.of_node(i) {
            feasible_zone[z] = true;
        }
    }
    let feasible_zones = feasible_zone.iter().filter(|&&f| f).count();
    // Integer-friendly weights: ln(size + 2) in thousandths. `libm`'s log, not `f64::ln`: std's
    // calls the platform's C library natively but Rust's libm port in Wasm, and the trace must
    // not depend on which one rounds the last bit.
    let weight = |size: usize| (libm::log(size as f64 + 2.0) * 1000.0) as u64;
    let (w_host, w_zone) = (weight(feasible.len()), weight(feasible_zones));
    let raw: Vec<u64> = feasible
        .iter()
        .map(|&(i, _)| {
            let host = count(i) * w_host + (3 - 1) * 1000;
            let zone = zones
                .of_node(i)
                .map_or(0, |z| per_zone[z] * w_zone + (5 - 1) * 1000);
            host + zone
        })
        .collect();
    let (min, max) = (
        raw.iter().copied().min().unwrap_or(0),
        raw.iter().copied().max().unwrap_or(0),
    );
    let normalised = raw
        .iter()
        .map(|&r| {
            (MAX_NODE_SCORE * (max + min - r))
                .checked_div(max)
                .unwrap_or(MAX_NODE_SCORE)
        })
        .collect();
    (raw, normalised)
}

/// What one scheduling attempt tells whoever records it (the decision ledger,
/// `sim/ledger.rs`), from inside the one implementation of Filter, Score and Select, so a record
/// can never disagree with the decision. Every hook does nothing by default: [`NoRecord`]
/// compiles to the bare algorithm.
pub trait Record {
    /// Before filtering: the node table's size, where filtering starts, and how many feasible
    /// nodes are enough (`percentageOfNodesToScore`).
    fn begin(&mut self, _all_nodes: usize, _start: usize, _to_find: usize) {}
    /// A table entry that is not a schedulable Kubernetes node (removed, or a Fargate pool).
    fn not_a_node(&mut self) {}
    /// A node that failed a Filter plugin (the first failing one).
    fn unfit(&mut self, _node: &NodeInfo, _unfit: Unfit) {}
    /// A node that passed every Filter plugin.
    fn feasible(&mut self) {}
    /// Select's inputs and result.
    fn selected(&mut self, _selection: &Selection) {}
}

/// Records nothing.
pub struct NoRecord;
impl Record for NoRecord {}

/// What Select compared, for a [`Record`]: kept by the scheduler anyway, so handing it over
/// costs nothing when nothing is recorded.
pub struct Selection<'a> {
    nodes: &'a [NodeInfo],
    pod: &'a PodRequest<'a>,
    /// Every feasible node and its weighted total, in filter order.
    pub totals: &'a [(usize, u64)],
    /// PodTopologySpread's raw and normalised scores, in `totals`' order (`None`: it did not
    /// apply: the pod has no owner, or only one node was feasible).
    pub spread: Option<(&'a [u64], &'a [u64])>,
    /// The node chosen.
    pub chosen: Option<usize>,
}

impl Selection<'_> {
    /// NodeResourcesFit's LeastAllocated and BalancedAllocation scores of a feasible node: the
    /// very function the totals were summed from (the node table has not changed since), so a
    /// recorder keeps only the rows it wants instead of every node's.
    pub fn resource_scores(&self, node: usize) -> (u64, u64) {
        score(&self.nodes[node], self.pod)
    }
}

impl Scheduler {
    /// Picks a node index for `pod`, or explains why none fits. Does not change `nodes`.
    pub fn schedule(
        &mut self,
        nodes: &[NodeInfo],
        pod: &PodRequest,
        rng: &mut SimRng,
    ) -> Result<usize, FitError> {
        self.schedule_recorded(nodes, pod, rng, &mut NoRecord)
    }

    /// [`Scheduler::schedule`], telling `record` every step of the decision as it is made.
    pub fn schedule_recorded(
        &mut self,
        nodes: &[NodeInfo],
        pod: &PodRequest,
        rng: &mut SimRng,
        record: &mut impl Record,
    ) -> Result<usize, FitError> {
        self.decisions += 1;
        let n = nodes.len();
        // Sampling counts node entries; removed ones are rare (replaced clusters) and skipped.
        let to_find = num_feasible_nodes_to_find(n);
        let mut feasible: Vec<(usize, u64)> = Vec::new();
        let mut processed = 0usize;
        let mut tally = Tally::default();
        let start = if n == 0 {
            0
        } else {
            self.next_start_node_index % n
        };
        record.begin(n, start, to_find);
        for i in 0..n {
            if feasible.len() >= to_find {
                break;
            }
            let idx = (start + i) % n;
            processed += 1;
            let node = &nodes[idx];
            if node.removed || node.hidden {
                record.not_a_node();
                continue;
            }
            match filter(node, pod) {
                None => {
                    let (least, balanced) = score(node, pod);
                    record.feasible();
                    feasible.push((idx, least + balanced));
                }
                Some(unfit) => {
                    record.unfit(node, unfit);
                    tally.add(node, unfit);
                }
            }
        }
        if n > 0 {
            self.next_start_node_index = (start + processed) % n;
        }
        let mut spread = None;
        if let (Some(counts), true) = (pod.spread, feasible.len() > 1) {
            let numbered;
            let zones = match pod.zones.filter(|z| z.covers(nodes.len())) {
                Some(zones) => zones,
                None => {
                    numbered = number_zones(nodes);
                    &numbered
                }
            };
            let (raw, normalised) = spread_scores(nodes, &feasible, counts, zones);
            for (f, s) in feasible.iter_mut().zip(&normalised) {
                f.1 += SPREAD_WEIGHT * s;
            }
            spread = Some((raw, normalised));
        }
        // Select: the highest total; ties broken by reservoir sampling in filter order.
        let best = select_best(
            feasible.iter().map(|&(idx, s)| (s, idx)),
            TieBreak::Reservoir,
            rng,
        );
        record.selected(&Selection {
            nodes,
            pod,
            totals: &feasible,
            spread: spread.as_ref().map(|(r, s)| (&r[..], &s[..])),
            chosen: best,
        });
        best.ok_or_else(|| tally.fit_error(nodes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GI: u64 = 1 << 30;

    fn node(name: &str, cpu: u64, mem: u64) -> NodeInfo {
        NodeInfo::new(name.into(), Labels::new(), cpu, mem)
    }

    #[test]
    fn fit_error_message_has_the_kubernetes_shape() {
        let nodes = vec![
            node("node-1", 2000, 4 * GI),
            node("node-2", 2000, 4 * GI),
            node("node-3", 2000, 4 * GI),
        ];
        let sel = Labels::new();
        let pod = PodRequest {
            cpu_milli: 100,
            memory_bytes: 6 * GI,
            node_selector: &sel,
            tolerations: &[],
            spread: None,
            zones: None,
        };
        let err = Scheduler::default()
            .schedule(&nodes, &pod, &mut SimRng::new(1))
            .unwrap_err();
        assert_eq!(
            err.message(),
            "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."
        );
    }

    #[test]
    fn first_failing_filter_names_the_reason() {
        let mut nodes = vec![
            node("a", 2000, 4 * GI),
            node("b", 2000, 4 * GI),
            node("c", 2000, 4 * GI),
        ];
        nodes[0].unschedulable = true;
        nodes[1].unreachable = true;
        let sel = Labels::new();
        let pod = PodRequest {
            cpu_milli: 3000,
            memory_bytes: 0,
            node_selector: &sel,
            tolerations: &[],
            spread: None,
            zones: None,
        };
        let err = Scheduler::default()
            .schedule(&nodes, &pod, &mut SimRng::new(1))
            .unwrap_err();
        assert_eq!(
            err.message(),
            "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling."
        );
    }

    #[test]
    fn least_allocated_node_wins() {
        let mut nodes = vec![node("a", 2000, 4 * GI), node("b", 2000, 4 * GI)];
        nodes[0].cpu_requested_milli = 1500;
        nodes[0].cpu_nonzero_milli = 1500;
        let sel = Labels::new();
        let pod = PodRequest {
            cpu_milli: 100,
            memory_bytes: 64 << 20,
            node_selector: &sel,
            tolerations: &[],
            spread: None,
            zones: None,
        };
        for seed in 0..20 {
            assert_eq!(
                Scheduler::default().schedule(&nodes, &pod, &mut SimRng::new(seed)),
                Ok(1)
            );
        }
    }

    #[test]
    fn node_selector_filters() {
        let mut nodes = vec![node("a", 2000, 4 * GI), node("b", 2000, 4 * GI)];
        nodes[1].labels.insert("disk".into(), "ssd".into());
        let mut sel = Labels::new();
        sel.insert("disk".into(), "ssd".into());
        let pod = PodRequest {
            cpu_milli: 0,
            memory_bytes: 0,
            node_selector: &sel,
            tolerations: &[],
            spread: None,
            zones: None,
        };
        assert_eq!(
            Scheduler::default().schedule(&nodes, &pod, &mut SimRng::new(3)),
            Ok(1)
        );
    }

    #[test]
    fn sampling_follows_percentage_of_nodes_to_score() {
        assert_eq!(num_feasible_nodes_to_find(3), 3);
        assert_eq!(num_feasible_nodes_to_find(500), 230);
        assert_eq!(num_feasible_nodes_to_find(5000), 500);
        assert_eq!(num_feasible_nodes_to_find(100), 100);
    }

    #[test]
    fn default_topology_spreading_prefers_emptier_nodes_and_zones() {
        let zoned = |name: &str, zone: &str| {
            let mut n = node(name, 4000, 8 * GI);
            n.labels.insert(ZONE_LABEL.into(), zone.into());
            n
        };
        // node-1 (zone-a) already has 2 of the owner's pods, node-2 (zone-a) 0, node-3 (zone-b) 0.
        let mut nodes = vec![
            zoned("node-1", "zone-a"),
            zoned("node-2", "zone-a"),
            zoned("node-3", "zone-b"),
        ];
        // Equal resource scores everywhere, so only spreading decides.
        for n in &mut nodes {
            n.cpu_nonzero_milli = 200;
            n.memory_nonzero_bytes = 400 << 20;
        }
        let sel = Labels::new();
        let counts = [2, 0, 0];
        let pod = PodRequest {
            cpu_milli: 100,
            memory_bytes: 64 << 20,
            node_selector: &sel,
            tolerations: &[],
            spread: Some(&counts),
            zones: None,
        };
        for seed in 0..20 {
            let got = Scheduler::default()
                .schedule(&nodes, &pod, &mut SimRng::new(seed))
                .unwrap();
            assert_eq!(
                got, 2,
                "the empty node in the empty zone wins (seed {seed})"
            );
        }
        // Without an owner there are no default constraints: a seeded tie among all three.
        let bare = PodRequest {
            spread: None,
            zones: None,
            ..pod
        };
        let picked: std::collections::BTreeSet<usize> = (0..40)
            .map(|seed| {
                Scheduler::default()
                    .schedule(&nodes, &bare, &mut SimRng::new(seed))
                    .unwrap()
            })
            .collect();
        assert_eq!(picked.len(), 3);
    }

    #[test]
    fn no_nodes_at_all() {
        let sel = Labels::new();
        let pod = PodRequest {
            cpu_milli: 0,
            memory_bytes: 0,
            node_selector: &sel,
            tolerations: &[],
            spread: None,
            zones: None,
        };
        let err = Scheduler::default()
            .schedule(&[], &pod, &mut SimRng::new(1))
            .unwrap_err();
        assert_eq!(err.message(), "no nodes available to schedule pods");
    }
}
