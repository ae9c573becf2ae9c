//! The scheduler: picks a node for one pending pod at a time, like kube-scheduler.
//!
//! Plugins run in kube-scheduler's order and with its contracts:
//! - **Filter** (a node is feasible only if every filter passes; the first failing filter
//!   names the reason): NodeUnschedulable, TaintToleration (NotReady/unreachable nodes),
//!   NodeAffinity (`nodeSelector`), NodeResourcesFit (requests vs allocatable − requested, and
//!   the 110-pod limit).
//! - **Score**: NodeResourcesFit's LeastAllocated plus NodeResourcesBalancedAllocation, on the
//!   non-zero requests (pods with no requests count as 100m CPU / 200Mi for scoring only).
//! - **Select**: highest total; ties broken at random (reservoir sampling, seeded RNG).
//!
//! Large clusters are sampled exactly like kube-scheduler's `percentageOfNodesToScore`
//! default: filtering starts where the previous cycle stopped and ends after finding
//! `max(5, 50 − N/125)`% of N feasible nodes (at least 100). When no node fits, the error
//! message has the real `FitError` shape: `0/3 nodes are available: 3 Insufficient memory.`
//! This module never binds, never touches the store, never emits events: it only decides.

use std::collections::BTreeMap;

use crate::model::{Labels, Taint, TaintEffect, Toleration};
use crate::rng::SimRng;

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
    pub reasons: BTreeMap<&'static str, usize>,
    /// Nodes that failed only on resources (where preemption could in principle help).
    pub resource_only_nodes: usize,
    /// `node(s) had untolerated taint {key: value}` per taint, counted like `reasons`.
    pub taints: BTreeMap<String, usize>,
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
        parts.sort();
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
        pre.sort();
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
        let mut best: Option<(u64, usize)> = None;
        let mut ties: u64 = 0;
        let mut found = 0usize;
        let mut processed = 0usize;
        let mut reasons: Vec<&'static str> = Vec::with_capacity(3);
        let mut fit_error = FitError {
            num_all_nodes: 0,
            reasons: BTreeMap::new(),
            resource_only_nodes: 0,
            taints: BTreeMap::new(),
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
            if node.removed {
                continue;
            }
            reasons.clear();
            if filter(node, pod, &mut reasons) {
                found += 1;
                let s = score(node, pod);
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
                            *fit_error.taints.entry(text).or_insert(0) += 1;
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
    fn no_nodes_at_all() {
        let sel = Labels::new();
        let pod = PodRequest {
            cpu_milli: 0,
            memory_bytes: 0,
            node_selector: &sel,
            tolerations: &[],
        };
        let err = Scheduler::default()
            .schedule(&[], &pod, &mut SimRng::new(1))
            .unwrap_err();
        assert_eq!(err.message(), "no nodes available to schedule pods");
    }
}
