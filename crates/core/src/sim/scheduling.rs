//! The scheduling cycle: a pod from the kernel's active queue is filtered and scored over the
//! node table by the [`Scheduler`] and bound (by the caller: the binding hands the pod to its
//! node's kubelet), or marked unschedulable with kube-scheduler's message until the cluster
//! changes. Default topology spreading counts an owner's pods per node, kept between the
//! pods of one ReplicaSet scheduled one after another. Every attempt goes into the decision
//! ledger (`sim/ledger.rs`).

use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::kernel::Kernel;
use crate::sim::ledger::{AttemptRecorder, Ledger};
use crate::sim::scheduler::Scheduler;
use crate::sim::store::PodId;
use crate::sim::zones::Zones;

/// See [`Scheduling::spread_counts`].
struct SpreadCache {
    owner: (String, String),
    stamp: (u64, u64),
    counts: Vec<u32>,
}

#[derive(Default)]
pub struct Scheduling {
    pub(crate) scheduler: Scheduler,
    /// Default topology spreading's count of one owner's active pods per node, kept while the
    /// store's pods are unchanged except by the bindings made from it (scheduling a
    /// ReplicaSet's pods one after another would otherwise count all of them for each).
    spread_cache: Option<SpreadCache>,
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
        let spread = owner.as_ref().map(|key| self.spread_counts(k, key));
        let stamp = k.nodes_stamp();
        if self.zones.as_ref().is_none_or(|(at, _)| *at != stamp) {
            self.zones = Some((stamp, Zones::of(&k.nodes)));
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
        let bound = result.as_ref().ok().copied();
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
        // Keep the counts for the owner's next pod: the only change to them is this binding
        // (the store changed only through it, so the stamp taken now vouches for that).
        if let (Some(owner), Some(mut counts)) = (owner, spread) {
            // (Counted only if it is still active there: the kubelet may refuse it at once.)
            let active = k
                .store
                .pods
                .get(&id)
                .is_some_and(|p| p.is_active() && p.spec.node_name.is_some());
            if let (Some(node), true) = (bound, active) {
                counts[node] += 1;
            }
            self.spread_cache = Some(SpreadCache {
                owner,
                stamp: k.store.pods_stamp(),
                counts,
            });
        }
    }

    /// Active pods of `owner` per node (indexed like `nodes`), from the cache when nothing
    /// changed the store's pods since it was taken.
    fn spread_counts(&mut self, k: &Kernel, owner: &(String, String)) -> Vec<u32> {
        let stamp = k.store.pods_stamp();
        if let Some(c) = self.spread_cache.take() {
            if c.owner == *owner && c.stamp == stamp && c.counts.len() == k.nodes.len() {
                // Every test (swarms included) checks the cache against a fresh count.
                debug_assert_eq!(c.counts, count_spread(k, owner), "spread cache");
                return c.counts;
            }
        }
        count_spread(k, owner)
    }
}

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
