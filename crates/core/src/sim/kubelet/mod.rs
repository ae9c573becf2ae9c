//! The node agent (kubelet) and the node lifecycle controller.
//!
//! The kubelet owns what happens on a node: admitting a bound pod, pulling images (serially,
//! like `serializeImagePulls: true`, with the node's image cache and `imagePullPolicy`),
//! creating and starting containers from their [`Behaviour`], reporting status, restarting
//! them per `restartPolicy` with the real back-off (immediately, then 10 s doubling to 300 s,
//! reset after 10 minutes of running), and stopping them on deletion (SIGTERM, then SIGKILL
//! after the grace period).
//!
//! The node lifecycle controller notices a silent node: the kubelet renews its lease every
//! 10 s; 50 s after the last renewal the node's Ready condition becomes Unknown and its pods
//! are marked not ready; 300 s later (the default `tolerationSeconds`) they are evicted.
//!
//! Files, in a pod's order: `admit` (a bound pod, init containers in order), `pull` (images),
//! `start` (creating and starting a container), `probe` (probes and what they trigger), `exit`
//! (a container's end, restart with back-off, `sim kill`), `terminate` (graceful deletion) and
//! `node` (the node failing, the node controller noticing, evictions, the node coming back).
//! This file holds the timings, the [`NodeAgent`] and the lookups every part shares.

mod admit;
mod exit;
mod node;
mod probe;
mod pull;
mod script;
mod start;
mod terminate;

use std::collections::BTreeSet;

use crate::input::model::Millis;
use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::kernel::Kernel;
use crate::sim::outside::Outside;
use crate::sim::store::PodId;

pub use node::NodeShape;

pub const BACK_OFF_INITIAL_MS: Millis = 10_000;

pub const BACK_OFF_MAX_MS: Millis = 300_000;

/// A container that ran this long without crashing gets its back-off reset.
pub const BACK_OFF_RESET_MS: Millis = 600_000;

pub const LEASE_RENEW_MS: Millis = 10_000;

/// `node-monitor-grace-period` (50 s since Kubernetes v1.32).
pub const NODE_MONITOR_GRACE_MS: Millis = 50_000;

/// Default `tolerationSeconds` for `not-ready` / `unreachable` taints.
pub const EVICTION_TOLERATION_MS: Millis = 300_000;

/// Image download bandwidth of a node (≈ the 44.7 MB in 2.1 s kubectl samples show).
pub const PULL_BYTES_PER_S: u64 = 21_000_000;

/// Registry round trips before the first byte (resolve + manifest).
pub const PULL_LATENCY_MS: Millis = 300;

/// How long resolving a missing image takes before the runtime gives up.
pub const PULL_NOT_FOUND_MS: Millis = 800;

/// How soon the kubelet tries again to create a container whose ConfigMap or Secret was
/// missing (the pod worker's requeue after a sync error).
pub const CONFIG_RETRY_MS: Millis = 10_000;

/// Log lines kept per container instance.
pub const MAX_LOG_LINES: usize = 500;

/// The kubelet of one node, plus what the node controller knows of its health.
#[derive(Clone, Debug)]
pub struct NodeAgent {
    pub name: String,
    pub ip: String,
    pub zone: String,
    pub created_ms: Millis,
    /// The kubelet process is running (false after `sim fail-node`).
    pub up: bool,
    /// The API's Ready condition (becomes false only when the node controller notices).
    pub ready: bool,
    /// Last lease renewal while up; when the node went silent.
    pub last_heartbeat_ms: Millis,
    /// When the node's conditions last changed status (its creation, the node controller's
    /// `Unknown`, the kubelet's return): `LastTransitionTime` in `kubectl describe node`.
    pub conditions_since_ms: Millis,
    /// Image cache: canonical references present on the node.
    pub images: BTreeSet<String>,
    /// Serialized pulls: when the puller is free again.
    pub pull_free_at_ms: Millis,
    /// Pulls in flight: image → when it completes. A second pod asking for the same image
    /// waits for that pull (the runtime de-duplicates) instead of queueing another download.
    pub in_flight: crate::base::object_map::ObjectMap<String, Millis>,
    /// Bumped on failure/restore/removal: timers of an older epoch are stale.
    pub epoch: u64,
    pub removed: bool,
    /// An ECS Fargate pool: every task pulls its own image (no cache), pulls run in parallel.
    pub fargate: bool,
    index: usize,
    next_pod_ip: u32,
}

impl NodeAgent {
    pub fn new(name: &str, index: usize, zone: String, now_ms: Millis) -> NodeAgent {
        NodeAgent {
            name: name.to_string(),
            ip: format!("10.0.{}.{}", index / 200, 11 + index % 200),
            zone,
            created_ms: now_ms,
            up: true,
            ready: true,
            last_heartbeat_ms: now_ms,
            conditions_since_ms: now_ms,
            images: BTreeSet::new(),
            pull_free_at_ms: 0,
            in_flight: crate::base::object_map::ObjectMap::new(),
            epoch: 0,
            removed: false,
            fargate: false,
            index,
            next_pod_ip: 1,
        }
    }

    fn allocate_pod_ip(&mut self) -> String {
        self.next_pod_ip = self.next_pod_ip % 250 + 1;
        let i = self.index as u32;
        format!("10.{}.{}.{}", 244 + i / 256, i % 256, self.next_pod_ip + 1)
    }
}

/// The kubelets of one cluster at work: every node's agent (indexed like the kernel's node
/// table), the kernel they report to, and what lies outside the cluster (registries to pull
/// from, databases to connect to). The facade builds one for each call; nothing else is
/// reachable from here.
pub(crate) struct Kubelet<'a> {
    pub(crate) agents: &'a mut Vec<NodeAgent>,
    pub(crate) k: &'a mut Kernel,
    pub(crate) out: &'a dyn Outside,
}

/// The next back-off delay: 10 s, doubling, capped at 300 s (each divided by `compression`).
fn next_back_off(current: Millis, compression: u32) -> Millis {
    let c = Millis::from(compression.max(1));
    if current == 0 {
        BACK_OFF_INITIAL_MS / c
    } else {
        (current * 2).min(BACK_OFF_MAX_MS / c)
    }
}

impl Kubelet<'_> {
    fn pod_object(&self, id: PodId) -> Option<(String, String)> {
        self.k
            .store
            .pods
            .get(&id)
            .map(|p| (p.meta.namespace.clone(), format!("pod/{}", p.meta.name)))
    }

    fn event(&mut self, id: PodId, type_: EventType, reason: Reason, message: String) {
        if let Some((ns, obj)) = self.pod_object(id) {
            self.k
                .emit(type_, reason, obj, &ns, message, Component::Kubelet);
        }
    }

    /// [`Kubelet::event`] with the typed parts of its message.
    fn event_with(
        &mut self,
        id: PodId,
        type_: EventType,
        reason: Reason,
        message: String,
        facts: EventFacts,
    ) {
        if let Some((ns, obj)) = self.pod_object(id) {
            self.k
                .emit(type_, reason, obj, &ns, message, Component::Kubelet)
                .set_facts(facts);
        }
    }

    fn node_of(&self, id: PodId) -> Option<usize> {
        let pod = self.k.store.pods.get(&id)?;
        self.k.machine(pod.spec.node_name.as_ref()?)
    }

    fn agent_up_for(&self, id: PodId) -> bool {
        self.node_of(id).is_some_and(|n| self.agents[n].up)
    }

    /// Checks a timer against the container's current instance.
    fn container_is(&self, id: PodId, i: usize, instance: u64) -> bool {
        self.k
            .store
            .pods
            .get(&id)
            .and_then(|p| p.status.containers.get(i))
            .is_some_and(|c| c.instance == instance)
    }
}
