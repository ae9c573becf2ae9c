//! The scheduling cycle: a pod from the kernel's active queue is filtered and scored over the
//! node table by the [`Scheduler`] and bound (by the caller: the binding hands the pod to its
//! node's kubelet), or marked unschedulable with kube-scheduler's message until the cluster
//! changes. Default topology spreading reads an owner's pods per node from the counts the
//! store keeps as pods change. Every attempt goes into the decision ledger (`sim/ledger.rs`).

use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::kernel::Kernel;
use crate::sim::ledger::{AttemptRecorder, Ledger};
use crate::sim::scheduler::Scheduler;
use crate::sim::store::PodId;
use crate::sim::zones::Zones;

#[derive(Default)]
pub struct Scheduling {
    pub(crate) scheduler: Scheduler,
    /// The nodes' zones numbered, and the node table's stamp they were numbered at.
    zones: Option<((usize, u64), Zones)>,
    /// Every attempt's Filter, Score and Select, for `sim explain` (bounded).
    pub(crate) ledger: Ledger,
    recorder: AttemptRecorder,
}

impl Scheduling {
    pub(crate) fn schedule_pod(
        &mut self,
        k: &mut Kernel,
        id: PodId,
        bind: impl FnOnce(&mut Kernel, PodId, usize),
    ) {
        let Some(pod) = k.store.pods.get(&id) else {
            return;
        };
        if pod.spec.node_name.is_some() || pod.meta.deletion_ms.is_some() {
            return;
        }
        let (cpu, mem) = pod.spec.requests();
        let mut selector = pod.spec.node_selector.clone();
        // A required affinity on `metadata.name` (a daemon pod's): a node's name is its
        // `kubernetes.io/hostname` label here, so the NodeAffinity filter checks both.
        if let Some(node) = &pod.spec.affinity_node {
            selector.insert("kubernetes.io/hostname".into(), node.clone());
        }
        let tolerations = pod.spec.tolerations.clone();
        let (ns, name) = (pod.meta.namespace.clone(), pod.meta.name.clone());
        let owner = pod
            .meta
            .owner
            .as_ref()
            .map(|o| (ns.clone(), o.name.clone()));
        // Default topology spreading counts the pods of the same owner on each node.
        let spread = owner.as_ref().map(|key| spread_counts(k, key));
        let stamp = k.nodes_stamp();
        if self.zones.as_ref().is_none_or(|(at, _)| *at != stamp) {
            self.zones = Some((stamp, crate::sim::scheduler::number_zones(&k.nodes)));
        }
        let request = crate::sim::scheduler::PodRequest {
            cpu_milli: cpu,
            memory_bytes: mem,
            node_selector: &selector,
            tolerations: &tolerations,
            spread: spread.as_deref(),
            zones: self.zones.as_ref().map(|(_, zones)| zones),
        };
        let result =
            self.scheduler
                .schedule_recorded(&k.nodes, &request, &mut k.rng, &mut self.recorder);
        self.ledger
            .push(id, &ns, &name, self.recorder.finish(k.now_ms, cpu, mem));
        match result {
            Ok(node) => {
                let node_name = k.nodes[node].name.clone();
                k.emit(
                    EventType::Normal,
                    Reason::Scheduled,
                    format!("pod/{name}"),
                    &ns,
                    format!("Successfully assigned {ns}/{name} to {node_name}"),
                    Component::DefaultScheduler,
                )
                .set_facts(EventFacts::Scheduled {
                    node: node_name.clone(),
                });
                bind(k, id, node);
            }
            Err(fit) => {
                let message = fit.message();
                k.emit(
                    EventType::Warning,
                    Reason::FailedScheduling,
                    format!("pod/{name}"),
                    &ns,
                    message.clone(),
                    Component::DefaultScheduler,
                )
                .set_facts(EventFacts::Unschedulable(fit.counts(cpu, mem)));
                if let Some(p) = k.store.pod_mut(id) {
                    p.status.unschedulable_message = Some(message);
                }
                k.unschedulable.insert(id);
            }
        }
    }
}

/// Active pods of `owner` per node (indexed like `nodes`), from the counts the store keeps as
/// pods change ([`crate::sim::owner_counts`]).
fn spread_counts(k: &mut Kernel, owner: &(String, String)) -> Vec<u32> {
    let n = k.nodes.len();
    let counts = k
        .store
        .owner_counts(&owner.0, &owner.1)
        .map_or_else(|| vec![0; n], |c| c.per_node(n));
    // Every test (swarms included) checks them against a full count.
    debug_assert_eq!(counts, count_spread(k, owner), "spread counts of {owner:?}");
    counts
}

/// Active pods of `owner` per node, counted over all of them (what debug builds check).
fn count_spread(k: &Kernel, owner: &(String, String)) -> Vec<u32> {
    let mut counts = vec![0u32; k.nodes.len()];
    for other in k.store.pods_of(&owner.0, &owner.1) {
        let Some(p) = k.store.pods.get(&other) else {
            continue;
        };
        if !p.is_active() {
            continue;
        }
        if let Some(i) = p.spec.node_name.as_ref().and_then(|n| k.machine(n)) {
            counts[i] += 1;
        }
    }
    counts
}
