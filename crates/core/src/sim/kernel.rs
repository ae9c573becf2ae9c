//! The kernel: what every part of one cluster shares and reaches only through these methods —
//! the virtual clock and its timer queue, the seeded RNG, the event log, the API store, the node
//! table (the scheduler's cache of what each node holds), the scheduling queue and the
//! controllers' work queues.
//!
//! It plays the API server and its watches: a change made here is seen by whoever needs it
//! (removing a pod frees its node's resources, wakes its ReplicaSet and puts waiting pods back in
//! the scheduling queue). The subsystems — controllers, scheduler, kubelet, traffic, ECS — own
//! their own state and take `&mut Kernel` for the shared part; the facade
//! ([`crate::world::World`]) holds them all.

use crate::base::object_map::{ObjectMap, ObjectSet};
use crate::base::rng::SimRng;
use crate::input::model::Millis;
use crate::sim::ecs_status::ServiceAction;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::{EventLog, EventType, TraceEvent};
use crate::sim::scheduler::{NodeInfo, NONZERO_CPU_MILLI, NONZERO_MEMORY_BYTES};
use crate::sim::store::{Key, PodId, Store};
use crate::sim::timer::Timer;

/// Upper bound on nodes in a cluster.
pub const MAX_NODES: usize = 10_000;
/// Upper bound on pods in a cluster (bounds memory in a learner's tab).
pub const MAX_PODS: usize = 150_000;

pub struct Kernel {
    pub(crate) now_ms: Millis,
    /// Time compression for classroom pace: documented timings (back-off, node grace,
    /// eviction) are divided by this. 1 = the real numbers (the default).
    pub(crate) compression: u32,
    pub(crate) seed: u64,
    pub(crate) rng: SimRng,
    timers: ObjectMap<(Millis, u64), Timer>,
    timer_seq: u64,
    pub(crate) events: EventLog,
    pub(crate) store: Store,
    /// Every machine, indexed like the kubelet's agents: the nodes, and the machines that are
    /// not Kubernetes nodes (ECS Fargate pools).
    pub(crate) nodes: Vec<NodeInfo>,
    pub(crate) node_index: ObjectMap<String, usize>,
    /// Machines that are not Kubernetes nodes (ECS Fargate pools), by name.
    pub(crate) fargate_index: ObjectMap<String, usize>,
    /// Active scheduling queue: (enqueue sequence, pod) — FIFO.
    pub(crate) sched_queue: ObjectSet<(u64, PodId)>,
    pub(crate) unschedulable: ObjectSet<PodId>,
    queue_seq: u64,
    pub(crate) dirty_deployments: ObjectSet<Key>,
    pub(crate) dirty_replicasets: ObjectSet<Key>,
    /// Something asked the ECS service schedulers for a pass.
    pub(crate) ecs_wake: bool,
    pub(crate) dirty_jobs: ObjectSet<Key>,
    pub(crate) dirty_cronjobs: ObjectSet<Key>,
    pub(crate) dirty_statefulsets: ObjectSet<Key>,
    pub(crate) dirty_daemonsets: ObjectSet<Key>,
    /// Counts changes to nodes' labels ([`crate::sim::zones`] numbers zones again after one).
    labels_generation: u64,
}

impl Kernel {
    /// A node's labels changed.
    pub(crate) fn labels_changed(&mut self) {
        self.labels_generation += 1;
    }

    /// Changes when a node's labels change or the node table grows.
    pub(crate) fn nodes_stamp(&self) -> (usize, u64) {
        (self.nodes.len(), self.labels_generation)
    }

    /// A copy of the pending timers (the benchmark's memory breakdown).
    pub(crate) fn timers_clone(&self) -> ObjectMap<(Millis, u64), Timer> {
        self.timers.clone()
    }

    pub(crate) fn new(seed: u64, store: Store) -> Kernel {
        Kernel {
            now_ms: 0,
            compression: 1,
            seed,
            rng: SimRng::new(seed),
            timers: ObjectMap::new(),
            timer_seq: 0,
            events: EventLog::default(),
            store,
            nodes: Vec::new(),
            node_index: ObjectMap::new(),
            fargate_index: ObjectMap::new(),
            sched_queue: ObjectSet::new(),
            unschedulable: ObjectSet::new(),
            queue_seq: 0,
            dirty_deployments: ObjectSet::new(),
            dirty_replicasets: ObjectSet::new(),
            ecs_wake: false,
            dirty_jobs: ObjectSet::new(),
            dirty_cronjobs: ObjectSet::new(),
            dirty_statefulsets: ObjectSet::new(),
            dirty_daemonsets: ObjectSet::new(),
            labels_generation: 0,
        }
    }

    pub(crate) fn emit(
        &mut self,
        type_: EventType,
        reason: Reason,
        object: String,
        namespace: &str,
        message: String,
        source: Component,
    ) -> &mut TraceEvent {
        self.events.emit(TraceEvent {
            time_ms: self.now_ms,
            type_,
            reason,
            object,
            namespace: namespace.to_string(),
            message,
            source,
            service_action: None,
            facts: None,
        })
    }

    /// A service event of ECS's service scheduler: ECS's sentence, and what it did, typed.
    pub(crate) fn emit_service_event(
        &mut self,
        type_: EventType,
        object: String,
        namespace: &str,
        message: String,
        action: ServiceAction,
    ) -> &mut TraceEvent {
        self.events.emit(TraceEvent {
            time_ms: self.now_ms,
            type_,
            reason: Reason::ServiceEvent,
            object,
            namespace: namespace.to_string(),
            message,
            source: Component::EcsServiceScheduler,
            service_action: Some(action),
            facts: None,
        })
    }

    /// Queues `timer` at `at_ms` (never before the clock: time only moves forward).
    pub(crate) fn set_timer(&mut self, at_ms: Millis, timer: Timer) {
        self.timer_seq += 1;
        self.timers
            .insert((at_ms.max(self.now_ms), self.timer_seq), timer);
    }

    /// Takes the first timer due at or before `t_ms` and moves the clock to it.
    pub(crate) fn pop_due_timer(&mut self, t_ms: Millis) -> Option<Timer> {
        let (&(at, seq), _) = self.timers.first_key_value()?;
        if at > t_ms {
            return None;
        }
        let timer = self.timers.remove(&(at, seq))?;
        // Timers are queued no earlier than the clock (see `set_timer`): time only moves forward.
        debug_assert!(
            at >= self.now_ms,
            "timer due at {at} ms fired with the clock at {} ms",
            self.now_ms
        );
        self.now_ms = self.now_ms.max(at);
        Some(timer)
    }

    /// When the next timer is due, if any.
    pub(crate) fn next_timer_ms(&self) -> Option<Millis> {
        self.timers.first_key_value().map(|(&(at, _), _)| at)
    }

    pub(crate) fn enqueue_for_scheduling(&mut self, pod: PodId) {
        self.queue_seq += 1;
        self.unschedulable.remove(&pod);
        self.sched_queue.insert((self.queue_seq, pod));
    }

    /// A cluster change that may make unschedulable pods fit: move them back to the active queue.
    pub(crate) fn cluster_changed(&mut self) {
        // ECS services waiting for room try again too.
        self.ecs_wake = true;
        let waiting: Vec<PodId> = std::mem::take(&mut self.unschedulable)
            .into_iter()
            .collect();
        for pod in waiting {
            self.enqueue_for_scheduling(pod);
        }
    }

    /// The machine a pod or task is bound to: a node, or a Fargate pool.
    pub(crate) fn machine(&self, name: &str) -> Option<usize> {
        self.node_index
            .get(name)
            .or_else(|| self.fargate_index.get(name))
            .copied()
    }

    /// The binding itself: the pod names the node and the node's requested resources grow.
    pub(crate) fn reserve(&mut self, id: PodId, node: usize) {
        let now = self.now_ms;
        let node_name = self.nodes[node].name.clone();
        let Some(pod) = self.store.pod_mut(id) else {
            return;
        };
        debug_assert!(
            pod.spec.node_name.is_none(),
            "pod {} bound twice ({:?}, then {node_name})",
            pod.meta.name,
            pod.spec.node_name
        );
        pod.spec.node_name = Some(node_name.clone());
        pod.bound_to = u32::try_from(node).ok();
        pod.status.unschedulable_message = None;
        pod.status.scheduled_ms = Some(now);
        let (cpu, mem) = pod.spec.requests();
        let info = &mut self.nodes[node];
        info.cpu_requested_milli += cpu;
        info.memory_requested_bytes += mem;
        info.cpu_nonzero_milli += if cpu == 0 { NONZERO_CPU_MILLI } else { cpu };
        info.memory_nonzero_bytes += if mem == 0 { NONZERO_MEMORY_BYTES } else { mem };
        info.pod_count += 1;
        self.store.bound(id, &node_name);
    }

    /// Releases a removed pod's resources from its node.
    fn unbind(&mut self, node_name: &str, cpu: u64, mem: u64) {
        if let Some(node) = self.machine(node_name) {
            let info = &mut self.nodes[node];
            debug_assert!(
                info.cpu_requested_milli >= cpu
                    && info.memory_requested_bytes >= mem
                    && info.pod_count > 0,
                "node {node_name} releases more than it holds ({cpu}m / {mem} B of {}m / {} B, {} pods)",
                info.cpu_requested_milli,
                info.memory_requested_bytes,
                info.pod_count
            );
            info.cpu_requested_milli -= cpu;
            info.memory_requested_bytes -= mem;
            info.cpu_nonzero_milli -= if cpu == 0 { NONZERO_CPU_MILLI } else { cpu };
            info.memory_nonzero_bytes -= if mem == 0 { NONZERO_MEMORY_BYTES } else { mem };
            info.pod_count -= 1;
        }
    }

    /// Removes a pod from the store for good, releasing its node's resources.
    pub(crate) fn remove_pod(&mut self, id: PodId) {
        self.sched_queue.retain(|&(_, p)| p != id);
        self.unschedulable.remove(&id);
        if let Some(pod) = self.store.remove_pod(id) {
            if let Some(node) = &pod.spec.node_name {
                let (cpu, mem) = pod.spec.requests();
                self.unbind(node, cpu, mem);
            }
            if let Some(owner) = &pod.meta.owner {
                self.wake_owner(&pod.meta.namespace, owner);
            }
            self.cluster_changed();
        }
    }

    /// Wakes the controller of a pod's owner (its ReplicaSet, StatefulSet or DaemonSet).
    pub(crate) fn wake_owner(&mut self, namespace: &str, owner: &crate::sim::store::OwnerRef) {
        let key = (namespace.to_string(), owner.name.clone());
        match owner.kind {
            "StatefulSet" => self.dirty_statefulsets.insert(key),
            "DaemonSet" => self.dirty_daemonsets.insert(key),
            _ => self.dirty_replicasets.insert(key),
        };
    }
}
