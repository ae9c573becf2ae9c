//! The scheduler: picks a node for one pending pod at a time, like kube-scheduler.
//!
//! Plugins run in kube-scheduler's order and with its contracts:
//! - **Filter** (a node is feasible only if every filter passes; the first failing filter
//!   names the reason): NodeUnschedulable, TaintToleration (NotReady/unreachable nodes),
//!   NodeAffinity (`nodeSelector`), NodeResourcesFit (requests vs allocatable − requested, and
//!   the 110-pod limit).
//! - **Score**: NodeResourcesFit's LeastAllocated plus NodeResourcesBalancedAllocation, on the
//!   non-zero requests (pods with no requests count as 100m CPU / 200Mi for scoring only), plus
//!   PodTopologySpread's *system default* constraints at its default weight 2: for pods owned by
//!   a controller, `kubernetes.io/hostname` (maxSkew 3) and `topology.kubernetes.io/zone`
//!   (maxSkew 5), both `ScheduleAnyway`: nodes and zones holding fewer of the owner's pods
//!   score higher, so replicas spread across nodes and zones.
//! - **Select**: highest total; ties broken at random (reservoir sampling, seeded RNG).
//!
//! Large clusters are sampled exactly like kube-scheduler's `percentageOfNodesToScore`
//! default: filtering starts where the previous cycle stopped and ends after finding
//! `max(5, 50 − N/125)`% of N feasible nodes (at least 100). When no node fits, the error
//! message has the real `FitError` shape: `0/3 nodes are available: 3 Insufficient memory.`
//! This module never binds, never touches the store, never emits events: it only decides.

use crate::base::object_map::ObjectMap;

use crate::base::rng::SimRng;
use crate::input::model::{Labels, Taint, TaintEffect, Toleration};

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

pub const REASON_UNSCHEDULABLE: &str = "node(s) were unschedulable";
pub const REASON_UNREACHABLE: &str =
    "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";
pub const REASON_SELECTOR: &str = "node(s) didn't match Pod's node affinity/selector";
pub const REASON_CPU: &str = "Insufficient cpu";
pub const REASON_MEMORY: &str = "Insufficient memory";
pub const REASON_PODS: &str = "Too many pods";
/// Placeholder: the message names the taint (`node(s) had untolerated taint {key: value}`).
const REASON_TAINT: &str = "taint";
const ALL_REASONS: [&str; 6] = [
    REASON_UNSCHEDULABLE,
    REASON_UNREACHABLE,
    REASON_SELECTOR,
    REASON_CPU,
    REASON_MEMORY,
    REASON_PODS,
];

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

/// Filter: `Ok` if the pod fits, else the reasons of the first failing plugin.
/// The first NoSchedule/NoExecute taint of `node` that the pod does not tolerate.
pub fn untolerated<'a>(node: &'a NodeInfo, tolerations: &[Toleration]) -> Option<&'a Taint> {
    node.taints.iter().find(|t| {
        t.effect != TaintEffect::PreferNoSchedule && !tolerations.iter().any(|tol| tol.tolerates(t))
    })
}

fn filter(node: &NodeInfo, pod: &PodRequest, reasons: &mut Vec<&'static str>) -> bool {
    if node.unschedulable {
        reasons.push(REASON_UNSCHEDULABLE);
        return false;
    }
    if node.unreachable {
        reasons.push(REASON_UNREACHABLE);
        return false;
    }
    if untolerated(node, pod.tolerations).is_some() {
        reasons.push(REASON_TAINT);
        return false;
    }
    if !pod
        .node_selector
        .iter()
        .all(|(k, v)| node.labels.get(k) == Some(v))
    {
        reasons.push(REASON_SELECTOR);
        return false;
    }
    if node.pod_count + 1 > node.pods_allocatable {
        reasons.push(REASON_PODS);
    }
    if pod.cpu_milli > 0 && node.cpu_requested_milli + pod.cpu_milli > node.cpu_allocatable_milli {
        reasons.push(REASON_CPU);
    }
    if pod.memory_bytes > 0
        && node.memory_requested_bytes + pod.memory_bytes > node.memory_allocatable_bytes
    {
        reasons.push(REASON_MEMORY);
    }
    reasons.is_empty()
}

/// Score in 0..=200: LeastAllocated + BalancedAllocation, each 0..=100, in the plugins'
/// integer arithmetic (`(capacity − requested) × 100 / capacity`).
fn score(node: &NodeInfo, pod: &PodRequest) -> u64 {
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
    least + balanced
}

/// The zone label PodTopologySpread's default zone constraint uses.
pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
/// PodTopologySpread's weight in the default scheduler profile.
const SPREAD_WEIGHT: u64 = 2;
const MAX_NODE_SCORE: u64 = 100;

/// PodTopologySpread's Score + NormalizeScore over the feasible nodes, for the system default
/// constraints (hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway). Returns 0..=100 per
/// feasible node, in `feasible`'s order. Weights follow the plugin: `ln(domains + 2)`.
fn spread_scores(nodes: &[NodeInfo], feasible: &[(usize, u64)], counts: &[u32]) -> Vec<u64> {
    let count = |i: usize| u64::from(counts.get(i).copied().unwrap_or(0));
    // Matching pods per zone, over every node (pods on infeasible nodes count too).
    let mut zones: ObjectMap<&str, u64> = ObjectMap::new();
    for (i, node) in nodes.iter().enumerate() {
        if let Some(z) = node.labels.get(ZONE_LABEL) {
            *zones.get_or_default(z.as_str()) += count(i);
        }
    }
    let feasible_zones = crate::base::sort::set_from(
        feasible
            .iter()
            .filter_map(|&(i, _)| nodes[i].labels.get(ZONE_LABEL).map(String::as_str)),
    );
    // Integer-friendly weights: ln(size + 2) in thousandths. `libm`'s log, not `f64::ln`: std's
    // calls the platform's C library natively but Rust's libm port in Wasm, and the trace must
    // not depend on which one rounds the last bit.
    let weight = |size: usize| (libm::log(size as f64 + 2.0) * 1000.0) as u64;
    let (w_host, w_zone) = (weight(feasible.len()), weight(feasible_zones.len()));
    let raw: Vec<u64> = feasible
        .iter()
        .map(|&(i, _)| {
            let host = count(i) * w_host + (3 - 1) * 1000;
            let zone = nodes[i].labels.get(ZONE_LABEL).map_or(0, |z| {
                zones.get(z.as_str()).copied().unwrap_or(0) * w_zone + (5 - 1) * 1000
            });
            host + zone
        })
        .collect();
    let (min, max) = (
        raw.iter().copied().min().unwrap_or(0),
        raw.iter().copied().max().unwrap_or(0),
    );
    raw.iter()
        .map(|&r| {
            (MAX_NODE_SCORE * (max + min - r))
                .checked_div(max)
                .unwrap_or(MAX_NODE_SCORE)
        })
        .collect()
}

impl Scheduler {
    /// Picks a node index for `pod`, or explains why none fits. Does not change `nodes`.
    pub fn schedule(
        &mut self,
        nodes: &[NodeInfo],
        pod: &PodRequest,
        rng: &mut SimRng,
    ) -> Result<usize, FitError> {
        self.decisions += 1;
        let n = nodes.len();
        // Sampling counts node entries; removed ones are rare (replaced clusters) and skipped.
        let to_find = num_feasible_nodes_to_find(n);
        let mut feasible: Vec<(usize, u64)> = Vec::new();
        let mut found = 0usize;
        let mut processed = 0usize;
        let mut reasons: Vec<&'static str> = Vec::with_capacity(3);
        let mut fit_error = FitError {
            num_all_nodes: 0,
            reasons: ObjectMap::new(),
            resource_only_nodes: 0,
            taints: ObjectMap::new(),
        };
        let mut reason_counts = [0usize; ALL_REASONS.len()];
        let start = if n == 0 {
            0
        } else {
            self.next_start_node_index % n
        };
        for i in 0..n {
            if found >= to_find {
                break;
            }
            let idx = (start + i) % n;
            processed += 1;
            let node = &nodes[idx];
            if node.removed || node.hidden {
                continue;
            }
            reasons.clear();
            if filter(node, pod, &mut reasons) {
                found += 1;
                feasible.push((idx, score(node, pod)));
            } else {
                let resource_only = reasons
                    .iter()
                    .all(|r| matches!(*r, REASON_CPU | REASON_MEMORY | REASON_PODS));
                if resource_only {
                    fit_error.resource_only_nodes += 1;
                }
                for r in &reasons {
                    if *r == REASON_TAINT {
                        if let Some(t) = untolerated(node, pod.tolerations) {
                            let text =
                                format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value);
                            *fit_error.taints.get_or_default(text) += 1;
                        }
                        continue;
                    }
                    let slot = ALL_REASONS.iter().position(|x| x == r).unwrap_or(0);
                    reason_counts[slot] += 1;
                }
            }
        }
        if n > 0 {
            self.next_start_node_index = (start + processed) % n;
        }
        if let (Some(counts), true) = (pod.spread, feasible.len() > 1) {
            let spread = spread_scores(nodes, &feasible, counts);
            for (f, s) in feasible.iter_mut().zip(spread) {
                f.1 += SPREAD_WEIGHT * s;
            }
        }
        // Select: the highest total; ties broken by reservoir sampling in filter order.
        let mut best: Option<(u64, usize)> = None;
        let mut ties: u64 = 0;
        for &(idx, s) in &feasible {
            match best {
                Some((b, _)) if s < b => {}
                Some((b, _)) if s == b => {
                    ties += 1;
                    if rng.below(ties + 1) == 0 {
                        best = Some((s, idx));
                    }
                }
                _ => {
                    best = Some((s, idx));
                    ties = 0;
                }
            }
        }
        if best.is_none() {
            fit_error.num_all_nodes = nodes.iter().filter(|x| !x.removed).count();
            for (r, &c) in ALL_REASONS.iter().zip(&reason_counts) {
                if c > 0 {
                    fit_error.reasons.insert(r, c);
                }
            }
        }
        best.map(|(_, idx)| idx).ok_or(fit_error)
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
        };
        let err = Scheduler::default()
            .schedule(&[], &pod, &mut SimRng::new(1))
            .unwrap_err();
        assert_eq!(err.message(), "no nodes available to schedule pods");
    }
}
