//! Layer 5, **world**: the facade. A [`World`] is one simulated cluster and what it can reach,
//! advanced only when told: it holds the kernel ([`crate::sim::kernel`]) and every subsystem —
//! kubelets, scheduler, controllers' history, traffic, ECS, the accounts — builds each
//! subsystem's working context for a call, fires due timers and, after each command or timer,
//! *settles*: controllers reconcile and the scheduler places pods until nothing is left to do at
//! that instant — the level-triggered loop that makes declared state true.
//!
//! Its public surface: [`crate::lang::command::run`] runs a command on it; [`World::advance_to`],
//! [`World::next_wakeup_ms`], [`World::drain_trace`], and views ([`World::cluster_view`], …).
//! Files: `mod.rs` (the state, its accessors, and each subsystem's working context — the
//! kubelets, the controllers, the ECS engine), `settle` (time, timers, the settle loop),
//! `nodes`, `view` (the cluster view), `clusters` (contexts, the other clusters, the one way
//! the accounts change), `lanes` (the environments view), `why` (the why notes),
//! `narration` (what just happened, in plain words, from the trace) and `invariants` (the
//! checker run after every settle in debug builds). `impl World` blocks live
//! only in this folder.
//!
//! Invariants: time never goes backwards; a node's requested resources equal the sum over the
//! pods bound to it; timers for a replaced container instance are ignored.

pub mod clusters;
pub mod drift;
mod footprint;
pub mod invariants;
mod invariants_apps;
mod job_invariants;
mod kubeconfig;
pub mod lanes;
mod ledger;
mod metrics;
pub mod narration;
mod nodes;
mod settle;
pub(crate) mod view;
pub mod why;

use std::collections::BTreeMap;

use crate::base::rng::SimRng;
use crate::ecs::EcsEngine;
use crate::input::model::Millis;
use crate::sim::controllers::Controllers;
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::events::TraceEvent;
use crate::sim::history::{History, ReconcileRecord};
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::{Kubelet, NodeAgent, NodeShape};
use crate::sim::store::Store;
use crate::sim::view::EventView;

pub struct World {
    /// What every subsystem shares: clock, timers, RNG, events, store, node table, queues.
    pub(crate) k: Kernel,
    /// The node agents (kubelets), indexed like the kernel's node table.
    pub(crate) agents: Vec<NodeAgent>,
    /// The scheduler and its spreading cache.
    pub(crate) scheduling: crate::sim::scheduling::Scheduling,
    /// The learner's Docker engine: images built by `sim build` ([`crate::cloud::images`]).
    pub(crate) docker: crate::cloud::images::LocalImages,
    /// What the controllers and ECS service schedulers did, for the inspector and the charts.
    pub(crate) history: History,
    pub(crate) traffic: crate::sim::traffic::Traffic,
    /// Amazon ECS: task definitions, tasks, services, clusters.
    pub(crate) ecs: crate::ecs::EcsState,
    /// This cluster's place: its name and account, the accounts' cloud, the contexts, the other
    /// clusters, the environments ([`clusters`]).
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
        crate::sim::in_pod::insert_system_services(
            &mut store,
            0,
            &mut SimRng::new(seed ^ 0x5e7c),
            true,
        );
        World {
            k: Kernel::new(seed, store),
            agents: Vec::new(),
            scheduling: Default::default(),
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
        self.scheduling.scheduler.decisions
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

    /// Traffic samples per Service (`namespace/name`) and per load balancer
    /// (`loadbalancer/NAME`), oldest first.
    pub fn traffic_samples(&self) -> BTreeMap<String, Vec<crate::sim::traffic::TrafficSample>> {
        let mut samples = self.traffic.samples();
        for (key, s) in self.ecs.elb.traffic_samples() {
            samples.insert(key, s);
        }
        samples
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
}
