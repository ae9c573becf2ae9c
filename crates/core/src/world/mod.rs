//! Layer 5, **world**: the facade. A [`World`] is one simulated cluster and what it can reach,
//! advanced only when told: it holds the kernel ([`crate::sim::kernel`]) and every subsystem —
//! kubelets, scheduler, controllers' history, traffic, ECS, the accounts — builds each
//! subsystem's working context for a call, fires due timers and, after each command or timer,
//! *settles*: controllers reconcile and the scheduler places pods until nothing is left to do at
//! that instant — the level-triggered loop that makes declared state true.
//!
//! Its public surface: [`crate::lang::command::run`] runs a command on it; [`World::advance_to`],
//! [`World::next_wakeup_ms`], [`World::drain_trace`], and views ([`World::cluster_view`], …).
//! Files: `mod.rs` (the facade: state, time, settle, scheduling, nodes, views) and `invariants`
//! (the checker run after every settle in debug builds). `impl World` blocks live only here.
//!
//! Invariants: time never goes backwards; a node's requested resources equal the sum over the
//! pods bound to it; timers for a replaced container instance are ignored.

pub mod clusters;
pub mod invariants;
pub mod lanes;
pub mod why;

use std::collections::BTreeMap;

use crate::base::object_map::ObjectMap;
use crate::base::rng::SimRng;
use crate::ecs::EcsEngine;
use crate::input::model::Millis;
use crate::sim::controllers::Controllers;
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::{EventType, TraceEvent};
use crate::sim::history::History;
use crate::sim::history::ReconcileRecord;
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::NodeShape;
use crate::sim::kubelet::{Kubelet, NodeAgent};
use crate::sim::scheduler::Scheduler;
use crate::sim::store::{PodId, Store};
use crate::sim::timer::Timer;
use crate::sim::view::{ClusterView, EventView, NodeView, PodView};

/// Upper bound on reconcile/schedule steps at one instant (a runaway loop is a bug, not a hang).
const MAX_SETTLE_STEPS: usize = 2_000_000;

/// See `World::spread_counts`.
struct SpreadCache {
    owner: (String, String),
    stamp: (u64, u64),
    counts: Vec<u32>,
}

pub struct World {
    /// What every subsystem shares: clock, timers, RNG, events, store, node table, queues.
    pub(crate) k: Kernel,
    /// The node agents (kubelets), indexed like the kernel's node table.
    pub(crate) agents: Vec<NodeAgent>,
    pub(crate) scheduler: Scheduler,
    /// Default topology spreading's count of one owner's active pods per node, kept while the
    /// store's pods are unchanged except by the bindings made from it (scheduling a
    /// ReplicaSet's pods one after another would otherwise count all of them for each).
    spread_cache: Option<SpreadCache>,
    /// The learner's Docker engine: images built by `sim build` ([`crate::cloud::images`]).
    pub(crate) docker: crate::cloud::images::LocalImages,
    /// What the controllers and ECS service schedulers did, for the inspector and the charts.
    pub(crate) history: History,
    pub(crate) traffic: crate::sim::traffic::Traffic,
    /// Amazon ECS: registered task definitions (tasks and services come next).
    pub(crate) ecs: crate::ecs::EcsState,
    /// Accounts, the other clusters, contexts, environments ([`crate::cloud::accounts`]).
    pub(crate) multi: crate::world::clusters::Multi,
}

impl World {
    /// A new world at t=0 with the default cluster: 3 nodes (`node-1`..`node-3`) of 2 CPU / 4Gi.
    pub fn new(seed: u64) -> World {
        let mut w = World::empty(seed);
        w.set_nodes(3, &NodeShape::default());
        w.k.events.drain_trace();
        w
    }

    /// A world with no nodes at all.
    pub fn empty(seed: u64) -> World {
        let mut store = Store::default();
        for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            crate::sim::controllers::insert_namespace(
                &mut store,
                ns,
                0,
                &mut SimRng::new(seed ^ 0x5eed),
            );
        }
        World {
            k: Kernel::new(seed, store),
            agents: Vec::new(),
            scheduler: Scheduler::default(),
            spread_cache: None,
            docker: Default::default(),
            history: History::default(),
            traffic: Default::default(),
            ecs: crate::ecs::EcsState::default(),
            multi: crate::world::clusters::Multi::home(),
        }
    }

    /// The time compression in force (1 = Kubernetes' real timings).
    pub fn time_compression(&self) -> u32 {
        self.k.compression
    }

    pub fn seed(&self) -> u64 {
        self.k.seed
    }

    pub fn now_ms(&self) -> Millis {
        self.k.now_ms
    }

    /// Advances virtual time to `t_ms`, firing every timer due on the way, in order.
    pub fn advance_to(&mut self, t_ms: Millis) {
        while let Some(timer) = self.k.pop_due_timer(t_ms) {
            self.fire(timer);
            self.settle();
        }
        self.k.now_ms = self.k.now_ms.max(t_ms);
        // The other clusters run on the same clock (they share nothing a timer touches).
        for w in self.member_clusters_mut() {
            w.advance_to(t_ms);
        }
    }

    pub fn advance_by(&mut self, ms: Millis) {
        self.advance_to(self.k.now_ms.saturating_add(ms));
    }

    /// When the next timer is due (for "step to next event"), if any.
    pub fn next_wakeup_ms(&self) -> Option<Millis> {
        let own = self.k.next_timer_ms();
        self.member_clusters()
            .filter_map(|(_, w)| w.next_wakeup_ms())
            .chain(own)
            .min()
    }

    /// Every event emitted since the last drain, in order.
    pub fn drain_trace(&mut self) -> Vec<TraceEvent> {
        self.k.events.drain_trace()
    }

    /// Total events emitted since the world began.
    pub fn events_emitted(&self) -> u64 {
        self.k.events.emitted
    }

    /// Scheduling decisions made since the world began.
    pub fn scheduling_decisions(&self) -> u64 {
        self.scheduler.decisions
    }

    /// The newest `limit` aggregated events, oldest first.
    pub fn event_views(&self, limit: usize) -> Vec<EventView> {
        self.k.events.views(limit)
    }

    /// What each controller pass saw and did, oldest first (bounded).
    pub fn reconcile_log(&self) -> &[ReconcileRecord] {
        &self.history.log
    }

    /// Reconcile passes recorded since the world began; changes whenever the log gains one.
    pub fn reconcile_passes(&self) -> u64 {
        self.history.passes
    }

    /// The image a reference names, from the local store (else the registry), for the UI.
    pub fn image_view(&self, reference: &str) -> Option<crate::cloud::images::ImageView> {
        self.docker
            .image_view(&self.multi.cloud.registry, reference)
    }

    /// The local store's references (`docker.io/library/shop:1.0`), sorted.
    pub fn local_image_names(&self) -> Vec<String> {
        self.docker.names()
    }

    /// Traffic samples per Service (`namespace/name`), oldest first.
    pub fn traffic_samples(&self) -> BTreeMap<String, Vec<crate::sim::traffic::TrafficSample>> {
        self.traffic.samples()
    }

    /// Desired vs ready over time per Deployment (`namespace/name`), oldest first.
    pub fn availability_samples(
        &self,
    ) -> BTreeMap<String, Vec<crate::sim::history::AvailabilitySample>> {
        crate::base::sort::map_from(
            self.history
                .availability
                .iter()
                .filter(|(k, _)| {
                    self.k.store.deployments.contains_key(*k)
                        || (k.0.strip_prefix("ecs:").is_some_and(|cluster| {
                            self.ecs
                                .services
                                .get(&crate::ecs::service_id(cluster, &k.1))
                                .is_some_and(|s| s.status != ServiceStatus::Inactive)
                        }))
                })
                .map(|((ns, n), v)| (format!("{ns}/{n}"), v.iter().copied().collect())),
        )
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::PullDone {
                pod,
                container,
                instance,
                ok,
                requested_ms,
                pull_ms,
            } => self
                .kubelet()
                .pull_done(pod, container, instance, ok, requested_ms, pull_ms),
            Timer::ShowPullBackOff {
                pod,
                container,
                instance,
            } => self.kubelet().show_pull_back_off(pod, container, instance),
            Timer::PullRetry {
                pod,
                container,
                instance,
            } => self.kubelet().pull_retry(pod, container, instance),
            Timer::ContainerStop {
                pod,
                container,
                instance,
                oom,
                exit_code,
            } => self
                .kubelet()
                .container_stopped(pod, container, instance, oom, exit_code),
            Timer::Restart {
                pod,
                container,
                instance,
            } => self.kubelet().restart(pod, container, instance),
            Timer::PodTerminated { pod, uid } => self.kubelet().pod_terminated(pod, &uid),
            Timer::NodeGrace { node, epoch } => self.kubelet().node_grace_expired(node, epoch),
            Timer::NodeEviction { node, epoch } => self.kubelet().node_eviction_due(node, epoch),
            Timer::Probe {
                pod,
                container,
                instance,
                kind,
            } => self.kubelet().probe(pod, container, instance, kind),
            Timer::ProbeKillDone {
                pod,
                container,
                instance,
                exit_code,
            } => self
                .kubelet()
                .probe_kill_done(pod, container, instance, exit_code),
            Timer::TrafficTick { namespace, name } => {
                self.traffic
                    .tick(&mut self.k, &self.agents, &self.multi, (namespace, name))
            }
            Timer::SyncDeployment { namespace, name } => {
                self.k.dirty_deployments.insert((namespace, name));
            }
            Timer::SyncReplicaSet { namespace, name } => {
                self.k.dirty_replicasets.insert((namespace, name));
            }
            Timer::EcsAdmit { pod, node, uid } => self.ecs_engine().admit(pod, node, &uid),
            Timer::EcsWake => self.k.ecs_wake = true,
        }
    }

    /// Runs controllers and the scheduler until nothing is left to do at this instant. In debug
    /// builds (every test, native and in the browser) the invariant checker then runs, so a
    /// broken property fails at the step that broke it.
    pub(crate) fn settle(&mut self) {
        for _ in 0..MAX_SETTLE_STEPS {
            if let Some(key) = self.k.dirty_deployments.pop_first() {
                self.controllers().reconcile_deployment(&key);
            } else if let Some(key) = self.k.dirty_replicasets.pop_first() {
                self.controllers().reconcile_replicaset(&key);
            } else if let Some((_, pod)) = self.k.sched_queue.pop_first() {
                self.schedule_pod(pod);
            } else if !self.ecs_engine().reconcile() {
                break;
            }
        }
        #[cfg(debug_assertions)]
        if let Err(broken) = self.check_invariants() {
            panic!(
                "invariant broken at {} ms (seed {}): {broken}",
                self.k.now_ms, self.k.seed
            );
        }
    }

    fn schedule_pod(&mut self, id: PodId) {
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        if pod.spec.node_name.is_some() || pod.meta.deletion_ms.is_some() {
            return;
        }
        let (cpu, mem) = pod.spec.requests();
        let selector = pod.spec.node_selector.clone();
        let tolerations = pod.spec.tolerations.clone();
        let (ns, name) = (pod.meta.namespace.clone(), pod.meta.name.clone());
        let owner = pod
            .meta
            .owner
            .as_ref()
            .map(|o| (ns.clone(), o.name.clone()));
        // Default topology spreading counts the pods of the same owner on each node.
        let spread = owner.as_ref().map(|key| self.spread_counts(key));
        let request = crate::sim::scheduler::PodRequest {
            cpu_milli: cpu,
            memory_bytes: mem,
            node_selector: &selector,
            tolerations: &tolerations,
            spread: spread.as_deref(),
        };
        let result = self
            .scheduler
            .schedule(&self.k.nodes, &request, &mut self.k.rng);
        let bound = result.as_ref().ok().copied();
        match result {
            Ok(node) => {
                let node_name = self.k.nodes[node].name.clone();
                self.k.emit(
                    EventType::Normal,
                    Reason::Scheduled,
                    format!("pod/{name}"),
                    &ns,
                    format!("Successfully assigned {ns}/{name} to {node_name}"),
                    Component::DefaultScheduler,
                );
                self.bind(id, node);
            }
            Err(fit) => {
                let message = fit.message();
                self.k.emit(
                    EventType::Warning,
                    Reason::FailedScheduling,
                    format!("pod/{name}"),
                    &ns,
                    message.clone(),
                    Component::DefaultScheduler,
                );
                if let Some(p) = self.k.store.pod_mut(id) {
                    p.status.unschedulable_message = Some(message);
                }
                self.k.unschedulable.insert(id);
            }
        }
        // Keep the counts for the owner's next pod: the only change to them is this binding
        // (the store changed only through it, so the stamp taken now vouches for that).
        if let (Some(owner), Some(mut counts)) = (owner, spread) {
            // (Counted only if it is still active there: the kubelet may refuse it at once.)
            let active = self
                .k
                .store
                .pods
                .get(&id)
                .is_some_and(|p| p.is_active() && p.spec.node_name.is_some());
            if let (Some(node), true) = (bound, active) {
                counts[node] += 1;
            }
            self.spread_cache = Some(SpreadCache {
                owner,
                stamp: self.k.store.pods_stamp(),
                counts,
            });
        }
    }

    /// Active pods of `owner` per node (indexed like `nodes`), from the cache when nothing
    /// changed the store's pods since it was taken.
    fn spread_counts(&mut self, owner: &(String, String)) -> Vec<u32> {
        let stamp = self.k.store.pods_stamp();
        if let Some(c) = self.spread_cache.take() {
            if c.owner == *owner && c.stamp == stamp && c.counts.len() == self.k.nodes.len() {
                // Every test (swarms included) checks the cache against a fresh count.
                debug_assert_eq!(c.counts, self.count_spread(owner), "spread cache");
                return c.counts;
            }
        }
        self.count_spread(owner)
    }

    fn count_spread(&self, owner: &(String, String)) -> Vec<u32> {
        let mut counts = vec![0u32; self.k.nodes.len()];
        for other in self.k.store.pods_of(&owner.0, &owner.1) {
            let Some(p) = self.k.store.pods.get(&other) else {
                continue;
            };
            if !p.is_active() {
                continue;
            }
            if let Some(i) = p.spec.node_name.as_ref().and_then(|n| self.k.machine(n)) {
                counts[i] += 1;
            }
        }
        counts
    }

    /// Binds a pod to a node: the node's requested resources grow; the node's kubelet takes over.
    /// The kubelets at work on this cluster (see [`Kubelet`]).
    pub(crate) fn kubelet(&mut self) -> Kubelet<'_> {
        Kubelet {
            agents: &mut self.agents,
            k: &mut self.k,
            out: &self.multi,
        }
    }

    /// What ECS holds now: task definitions, tasks, services (read-only, for views and tests).
    pub fn ecs(&self) -> &crate::ecs::EcsState {
        &self.ecs
    }

    /// Amazon ECS at work on this cluster (see [`EcsEngine`]).
    pub(crate) fn ecs_engine(&mut self) -> EcsEngine<'_> {
        EcsEngine {
            state: &mut self.ecs,
            k: &mut self.k,
            agents: &mut self.agents,
            history: &mut self.history,
            out: &self.multi,
        }
    }

    /// The Deployment and ReplicaSet controllers at work (see [`Controllers`]).
    pub(crate) fn controllers(&mut self) -> Controllers<'_> {
        Controllers {
            k: &mut self.k,
            history: &mut self.history,
            agents: &mut self.agents,
            out: &self.multi,
        }
    }

    pub(crate) fn bind(&mut self, id: PodId, node: usize) {
        self.k.reserve(id, node);
        self.kubelet().admit(id, node);
    }

    // ------------------------------------------------------------------ nodes

    /// Replaces the whole node set with `count` nodes of `shape` (`sim nodes`).
    pub(crate) fn set_nodes(&mut self, count: usize, shape: &NodeShape) {
        let names: Vec<String> = self.k.node_index.keys().cloned().collect();
        for name in names {
            self.remove_node(&name);
        }
        for i in 1..=count {
            self.add_node(format!("node-{i}"), shape);
        }
    }

    pub(crate) fn add_node(&mut self, name: String, shape: &NodeShape) -> usize {
        let idx = self.kubelet().add_machine(name.clone(), shape);
        self.k.node_index.insert(name.clone(), idx);
        self.k.emit(
            EventType::Normal,
            Reason::Starting,
            format!("node/{name}"),
            "default",
            "Starting kubelet.".into(),
            Component::Kubelet,
        );
        self.k.emit(
            EventType::Normal,
            Reason::RegisteredNode,
            format!("node/{name}"),
            "default",
            format!("Node {name} event: Registered Node {name} in Controller"),
            Component::NodeController,
        );
        self.k.cluster_changed();
        idx
    }

    /// Deletes a node object; pods bound to it are garbage-collected (deleted at once).
    pub(crate) fn remove_node(&mut self, name: &str) {
        let Some(idx) = self.k.node_index.remove(name) else {
            return;
        };
        let pods: Vec<PodId> = self
            .k
            .store
            .pods
            .values()
            .filter(|p| p.spec.node_name.as_deref() == Some(name))
            .map(|p| p.id)
            .collect();
        for id in pods {
            self.k.remove_pod(id);
        }
        self.k.nodes[idx].removed = true;
        self.agents[idx].removed = true;
        self.agents[idx].epoch += 1;
        self.k.emit(
            EventType::Normal,
            Reason::RemovingNode,
            format!("node/{name}"),
            "default",
            format!("Node {name} event: Removing Node {name} from Controller"),
            Component::NodeController,
        );
    }

    pub fn node_names(&self) -> Vec<String> {
        self.k.node_index.keys().cloned().collect()
    }

    /// Pod names in a namespace, in name order.
    pub fn pod_names(&self, namespace: &str) -> Vec<String> {
        self.k
            .store
            .pod_names
            .keys()
            .filter(|(ns, _)| ns == namespace)
            .map(|(_, n)| n.clone())
            .collect()
    }

    // ------------------------------------------------------------------ views

    pub fn cluster_view(&self) -> ClusterView {
        let mut nodes: Vec<NodeView> = self
            .k
            .node_index
            .values()
            .map(|&i| {
                let info = &self.k.nodes[i];
                NodeView {
                    name: info.name.clone(),
                    status: self.node_status_text(i),
                    ready: self.agents[i].ready,
                    unschedulable: info.unschedulable,
                    cpu_allocatable_milli: info.cpu_allocatable_milli,
                    cpu_requested_milli: info.cpu_requested_milli,
                    memory_allocatable_bytes: info.memory_allocatable_bytes,
                    memory_requested_bytes: info.memory_requested_bytes,
                    pods: Vec::new(),
                }
            })
            .collect();
        crate::base::sort::sort_by_key(&mut nodes, |n| natural_key(&n.name));
        let pos: ObjectMap<String, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.name.clone(), i))
            .collect();
        let mut pending = Vec::new();
        let mut pods: Vec<&crate::sim::store::Pod> = self.k.store.pods.values().collect();
        crate::base::sort::sort_by(&mut pods, |a, b| {
            (&a.meta.namespace, &a.meta.name).cmp(&(&b.meta.namespace, &b.meta.name))
        });
        for pod in pods {
            let view = self.pod_view(pod);
            match pod.spec.node_name.as_ref().and_then(|n| pos.get(n)) {
                Some(&i) => nodes[i].pods.push(view),
                // An ECS task on Fargate is on no node: the ECS view shows it.
                None if crate::sim::ecs_status::is_task_namespace(&pod.meta.namespace) => {}
                None => pending.push(view),
            }
        }
        let deployments = self
            .k
            .store
            .deployments
            .iter()
            .map(|((ns, name), d)| {
                let revision = self
                    .k
                    .store
                    .replicasets
                    .values()
                    .filter(|rs| {
                        rs.meta.namespace == *ns
                            && rs.meta.owner.as_ref().is_some_and(|o| o.name == *name)
                    })
                    .map(|rs| rs.revision)
                    .max()
                    .unwrap_or(0);
                let st = &d.status;
                let replicas = d.spec.replicas;
                let (surge, unavailable) = match d.spec.strategy {
                    crate::input::model::DeploymentStrategy::RollingUpdate {
                        max_surge,
                        max_unavailable,
                    } => (
                        max_surge.resolve(replicas, true),
                        max_unavailable.resolve(replicas, false),
                    ),
                    crate::input::model::DeploymentStrategy::Recreate => (0, replicas),
                };
                // Both zero would deadlock; the controller allows one unavailable (as kube does).
                let unavailable = if surge == 0 && unavailable == 0 {
                    1
                } else {
                    unavailable
                };
                let rollout = if st.progress_deadline_exceeded {
                    "stalled"
                } else if st.updated_replicas < replicas || st.replicas > replicas {
                    "progressing"
                } else if st.available_replicas < replicas {
                    // Rolled out, but a pod is down (a crash, a failed node): not a rollout.
                    "degraded"
                } else {
                    "complete"
                };
                crate::sim::view::DeploymentView {
                    namespace: ns.clone(),
                    name: name.clone(),
                    replicas: d.spec.replicas,
                    ready: st.ready_replicas,
                    updated: st.updated_replicas,
                    available: st.available_replicas,
                    images: d
                        .spec
                        .template
                        .spec
                        .containers
                        .iter()
                        .map(|c| (c.name.clone(), c.image.clone()))
                        .collect(),
                    revision,
                    rollout: rollout.to_owned(),
                    max_pods: replicas.saturating_add(surge),
                    min_available: replicas.saturating_sub(unavailable),
                }
            })
            .collect();
        let services = self
            .k
            .store
            .services
            .iter()
            .map(|(key, svc)| crate::sim::view::ServiceView {
                namespace: key.0.clone(),
                name: key.1.clone(),
                ready_endpoints: self.k.store.service_endpoints(svc).len() as u32,
                traffic_rate: self.traffic.rate(key),
            })
            .collect();
        ClusterView {
            now_ms: self.k.now_ms,
            nodes,
            pending,
            deployments,
            services,
            ecs: self.ecs.view(&self.k, &self.agents),
        }
    }

    pub(crate) fn pod_view(&self, pod: &crate::sim::store::Pod) -> PodView {
        let ready = pod.ready_count();
        let reason = pod.status.unschedulable_message.clone().or_else(|| {
            pod.status.containers.iter().find_map(|c| match &c.state {
                crate::sim::store::ContainerState::Waiting {
                    message: Some(m), ..
                } => Some(m.clone()),
                _ => None,
            })
        });
        let status = crate::sim::pod_status::pod_status(pod);
        PodView {
            namespace: pod.meta.namespace.clone(),
            name: pod.meta.name.clone(),
            status: status.text,
            kind: status.kind,
            ready: format!("{ready}/{}", pod.spec.ready_total()),
            all_ready: pod.is_ready(),
            restarts: pod.restarts(),
            node: pod.spec.node_name.clone(),
            reason,
            back_off_until_ms: pod
                .status
                .containers
                .iter()
                .filter_map(|c| c.back_off_until_ms)
                .min(),
            pull_progress_ms: pod.status.containers.iter().find_map(|c| c.pulling).map(
                |(start, end)| {
                    (
                        self.k.now_ms.saturating_sub(start).min(end - start),
                        end - start,
                    )
                },
            ),
            terminating: pod.meta.deletion_ms.is_some(),
        }
    }

    pub(crate) fn node_status_text(&self, idx: usize) -> String {
        let mut s = if self.agents[idx].ready {
            "Ready".to_string()
        } else {
            "NotReady".to_string()
        };
        if self.k.nodes[idx].unschedulable {
            s.push_str(",SchedulingDisabled");
        }
        s
    }
}

/// Sorts `node-2` before `node-10`.
pub(crate) fn natural_key(s: &str) -> (String, u64) {
    let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, tail) = s.split_at(s.len() - digits);
    (head.to_string(), tail.parse().unwrap_or(0))
}
