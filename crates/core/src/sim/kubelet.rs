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

use std::collections::BTreeSet;

use crate::base::clock::go_duration;
use crate::input::model::{Millis, ProbeKind, PullPolicy, RestartPolicy};
use crate::sim::events::EventType;
use crate::sim::registry::ImageRef;
use crate::sim::runtime::StopKind;
use crate::sim::store::{ContainerState, ContainerStatus, PodId, PodPhase};
use crate::sim::world::{Timer, World};

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

/// The next back-off delay: 10 s, doubling, capped at 300 s (each divided by `compression`).
fn next_back_off(current: Millis, compression: u32) -> Millis {
    let c = Millis::from(compression.max(1));
    if current == 0 {
        BACK_OFF_INITIAL_MS / c
    } else {
        (current * 2).min(BACK_OFF_MAX_MS / c)
    }
}

impl World {
    /// Cordons (`on`) or uncordons a node; false when it already was.
    pub(crate) fn set_unschedulable(&mut self, name: &str, on: bool) -> bool {
        let idx = self.node_index[name];
        if self.nodes[idx].unschedulable == on {
            return false;
        }
        self.nodes[idx].unschedulable = on;
        let (reason, status) = if on {
            ("NodeNotSchedulable", "NodeNotSchedulable")
        } else {
            ("NodeSchedulable", "NodeSchedulable")
        };
        self.emit(
            crate::sim::events::EventType::Normal,
            reason,
            format!("node/{name}"),
            "default",
            format!("Node {name} status is now: {status}"),
            "kubelet",
        );
        if !on {
            self.cluster_changed();
        }
        true
    }

    fn pod_object(&self, id: PodId) -> Option<(String, String)> {
        self.store
            .pods
            .get(&id)
            .map(|p| (p.meta.namespace.clone(), format!("pod/{}", p.meta.name)))
    }

    fn kubelet_event(&mut self, id: PodId, type_: EventType, reason: &str, message: String) {
        if let Some((ns, obj)) = self.pod_object(id) {
            self.emit(type_, reason, obj, &ns, message, "kubelet");
        }
    }

    fn node_of(&self, id: PodId) -> Option<usize> {
        let pod = self.store.pods.get(&id)?;
        self.machine(pod.spec.node_name.as_ref()?)
    }

    fn agent_up_for(&self, id: PodId) -> bool {
        self.node_of(id).is_some_and(|n| self.agents[n].up)
    }

    /// Checks a timer against the container's current instance.
    fn container_is(&self, id: PodId, i: usize, instance: u64) -> bool {
        self.store
            .pods
            .get(&id)
            .and_then(|p| p.status.containers.get(i))
            .is_some_and(|c| c.instance == instance)
    }

    /// A pod was bound to `node`: set up its status and start pulling images.
    pub(crate) fn kubelet_admit(&mut self, id: PodId, node: usize) {
        let now = self.now_ms;
        let host_ip = self.agents[node].ip.clone();
        let pod_ip = self.agents[node].allocate_pod_ip();
        let up = self.agents[node].up;
        let Some(pod) = self.store.pod_mut(id) else {
            return;
        };
        pod.status.host_ip = Some(host_ip);
        pod.status.start_ms = Some(now);
        // With init containers, everything waits as `PodInitializing` until its turn.
        let first_reason = if pod.spec.init_count > 0 {
            "PodInitializing"
        } else {
            "ContainerCreating"
        };
        pod.status.containers = pod
            .spec
            .containers
            .iter()
            .map(|c| ContainerStatus {
                name: c.name.clone(),
                image: c.image.clone(),
                state: ContainerState::Waiting {
                    reason: first_reason.into(),
                    message: None,
                },
                last_state: None,
                ready: false,
                restart_count: 0,
                instance: 0,
                back_off_ms: 0,
                pull_back_off_ms: 0,
                back_off_until_ms: None,
                pulling: None,
                logs: Vec::new(),
                previous_logs: None,
                alive: false,
                started: false,
                probe_successes: [0; 3],
                probe_failures: [0; 3],
            })
            .collect();
        if !up {
            return; // a dead kubelet admits nothing; the pod waits for the node to come back
        }
        pod.status.pod_ip = Some(pod_ip);
        if pod.spec.init_count == 0 {
            let n = pod.spec.containers.len();
            for i in 0..n {
                self.kubelet_ensure_image(id, i);
            }
        } else {
            self.kubelet_advance_init(id);
        }
    }

    /// Init containers run one at a time, in order: the first one not done yet begins (a
    /// regular one is done when it exited 0, a sidecar once it started); when all are done,
    /// the app containers begin together. Only containers still waiting as `PodInitializing`
    /// are begun, so calling this again never starts anything twice.
    pub(crate) fn kubelet_advance_init(&mut self, id: PodId) {
        let Some(pod) = self.store.pods.get(&id) else {
            return;
        };
        if pod.meta.deletion_ms.is_some()
            || pod.status.containers.len() != pod.spec.containers.len()
        {
            return;
        }
        let not_begun = |i: usize| {
            let st = &pod.status.containers[i];
            st.pulling.is_none()
                && matches!(&st.state, ContainerState::Waiting { reason, .. } if reason == "PodInitializing")
        };
        let k = pod.spec.init_count;
        let mut begin = Vec::new();
        let pending_init = (0..k).find(|&i| {
            let st = &pod.status.containers[i];
            let done = if pod.spec.containers[i].sidecar {
                st.alive && st.started
            } else {
                matches!(st.state, ContainerState::Terminated { exit_code: 0, .. })
            };
            !done
        });
        match pending_init {
            Some(i) if not_begun(i) => begin.push(i),
            Some(_) => {}
            None => begin.extend((k..pod.spec.containers.len()).filter(|&i| not_begun(i))),
        }
        for i in begin {
            // App containers now wait as `ContainerCreating`; an init container keeps
            // `PodInitializing` while its image comes (kubectl prints `Init:N/M` meanwhile).
            if i >= k {
                if let Some(p) = self.store.pod_mut(id) {
                    p.status.containers[i].state = ContainerState::Waiting {
                        reason: "ContainerCreating".into(),
                        message: None,
                    };
                }
            }
            self.kubelet_ensure_image(id, i);
        }
    }

    /// Makes the image of container `i` present (cache, pull, or fail), then starts it.
    fn kubelet_ensure_image(&mut self, id: PodId, i: usize) {
        let Some(node) = self.node_of(id) else { return };
        let Some(pod) = self.store.pods.get(&id) else {
            return;
        };
        let container = &pod.spec.containers[i];
        let image = container.image.clone();
        let policy = container.image_pull_policy;
        let reference = ImageRef::parse(&image);
        let canonical = reference.canonical();
        // Fargate keeps no image cache: every task pulls its image.
        let cached = !self.agents[node].fargate && self.agents[node].images.contains(&canonical);
        let instance = pod.status.containers[i].instance;
        if cached && policy != PullPolicy::Always {
            self.kubelet_event(
                id,
                EventType::Normal,
                "Pulled",
                format!("Container image \"{image}\" already present on machine"),
            );
            self.kubelet_start_container(id, i);
            return;
        }
        if policy == PullPolicy::Never {
            let msg =
                format!("Container image \"{image}\" is not present with pull policy of Never");
            self.kubelet_event(id, EventType::Warning, "ErrImageNeverPull", msg.clone());
            if let Some(p) = self.store.pod_mut(id) {
                p.status.containers[i].state = ContainerState::Waiting {
                    reason: "ErrImageNeverPull".into(),
                    message: Some(msg),
                };
            }
            return;
        }
        let found = match self.pull_answer(&reference) {
            crate::cloud::accounts::PullAnswer::Found(size) => Some(size),
            _ => None,
        };
        let now = self.now_ms;
        let agent = &mut self.agents[node];
        agent.in_flight.retain(|_, end| *end > now);
        let shared = if agent.fargate {
            None // each Fargate task has its own machine: pulls run side by side
        } else {
            agent.in_flight.get(&canonical).copied()
        };
        let (end, pull_ms) = match (found, shared) {
            (Some(_), Some(end)) => (end, end - now),
            _ => {
                let start = if agent.fargate {
                    now
                } else {
                    now.max(agent.pull_free_at_ms)
                };
                let pull_ms = match found {
                    Some(size) if cached => PULL_LATENCY_MS + size / 1_000_000, // manifest check only
                    Some(size) => PULL_LATENCY_MS + size.saturating_mul(1000) / PULL_BYTES_PER_S,
                    None => PULL_NOT_FOUND_MS,
                };
                let end = start + pull_ms;
                if !agent.fargate {
                    agent.pull_free_at_ms = end;
                }
                if found.is_some() && !agent.fargate {
                    agent.in_flight.insert(canonical.clone(), end);
                }
                (end, pull_ms)
            }
        };
        self.kubelet_event(
            id,
            EventType::Normal,
            "Pulling",
            format!("Pulling image \"{image}\""),
        );
        if let Some(p) = self.store.pod_mut(id) {
            p.status.containers[i].pulling = Some((now, end));
        }
        self.set_timer(
            end,
            Timer::PullDone {
                pod: id,
                container: i,
                instance,
                ok: found.is_some(),
                requested_ms: now,
                pull_ms,
            },
        );
    }

    pub(crate) fn kubelet_pull_done(
        &mut self,
        id: PodId,
        i: usize,
        instance: u64,
        ok: bool,
        requested_ms: Millis,
        pull_ms: Millis,
    ) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(node) = self.node_of(id) else { return };
        let Some(pod) = self.store.pod_mut(id) else {
            return;
        };
        pod.status.containers[i].pulling = None;
        let image = pod.spec.containers[i].image.clone();
        let reference = ImageRef::parse(&image);
        if ok {
            let size = self
                .registry
                .lookup(&reference)
                .map_or(0, |info| info.size_bytes);
            self.agents[node].images.insert(reference.canonical());
            let waited = self.now_ms - requested_ms;
            self.kubelet_event(
                id,
                EventType::Normal,
                "Pulled",
                format!(
                    "Successfully pulled image \"{image}\" in {} ({} including waiting). Image size: {size} bytes.",
                    go_duration(pull_ms),
                    go_duration(waited)
                ),
            );
            if let Some(p) = self.store.pod_mut(id) {
                p.status.containers[i].pull_back_off_ms = 0;
            }
            self.kubelet_start_container(id, i);
        } else {
            let detail = self.pull_failure_detail(&reference);
            let Some(pod) = self.store.pod_mut(id) else {
                return;
            };
            let c = &mut pod.status.containers[i];
            c.pull_back_off_ms = next_back_off(c.pull_back_off_ms, self.compression);
            let until = self.now_ms + c.pull_back_off_ms;
            c.back_off_until_ms = Some(until);
            c.state = ContainerState::Waiting {
                reason: "ErrImagePull".into(),
                message: Some(detail.clone()),
            };
            self.kubelet_event(
                id,
                EventType::Warning,
                "Failed",
                format!("Failed to pull image \"{image}\": {detail}"),
            );
            self.kubelet_event(
                id,
                EventType::Warning,
                "Failed",
                "Error: ErrImagePull".into(),
            );
            let now = self.now_ms;
            self.set_timer(
                now + 1_000,
                Timer::ShowPullBackOff {
                    pod: id,
                    container: i,
                    instance,
                },
            );
            self.set_timer(
                until,
                Timer::PullRetry {
                    pod: id,
                    container: i,
                    instance,
                },
            );
        }
    }

    pub(crate) fn kubelet_show_pull_back_off(&mut self, id: PodId, i: usize, instance: u64) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(pod) = self.store.pod_mut(id) else {
            return;
        };
        let image = pod.spec.containers[i].image.clone();
        let c = &mut pod.status.containers[i];
        if !matches!(&c.state, ContainerState::Waiting { reason, .. } if reason == "ErrImagePull") {
            return;
        }
        c.state = ContainerState::Waiting {
            reason: "ImagePullBackOff".into(),
            message: Some(format!("Back-off pulling image \"{image}\"")),
        };
        self.kubelet_event(
            id,
            EventType::Normal,
            "BackOff",
            format!("Back-off pulling image \"{image}\""),
        );
        self.kubelet_event(
            id,
            EventType::Warning,
            "Failed",
            "Error: ImagePullBackOff".into(),
        );
    }

    pub(crate) fn kubelet_pull_retry(&mut self, id: PodId, i: usize, instance: u64) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        if let Some(p) = self.store.pod_mut(id) {
            p.status.containers[i].back_off_until_ms = None;
        }
        self.kubelet_ensure_image(id, i);
    }

    /// Creates and starts container `i` (a new instance), and plans how it will stop.
    fn kubelet_start_container(&mut self, id: PodId, i: usize) {
        let Some(node) = self.node_of(id) else { return };
        let now = self.now_ms;
        let node_memory = self.nodes[node].memory_allocatable_bytes;
        let Some(pod) = self.store.pods.get(&id) else {
            return;
        };
        if pod.meta.deletion_ms.is_some() {
            return;
        }
        let mut spec = pod.spec.containers[i].clone();
        let Some(info) = self.registry.lookup(&ImageRef::parse(&spec.image)).cloned() else {
            return;
        };
        if !spec.env_sources.is_empty() {
            // ConfigMap and Secret values are read when the container is created: a missing
            // one fails creation, and the next sync (10 s later, like the pod worker's
            // requeue) tries again, so the pod starts once the object exists.
            match crate::sim::configs::resolve_env(&self.store, &pod.meta.namespace, &spec) {
                Ok(env) => spec.env_sources.resolved = Some(env),
                Err(message) => {
                    self.kubelet_config_error(id, i, message);
                    return;
                }
            }
        }
        let behaviour = self.behaviour(&info, &spec);
        let limit = spec
            .resources
            .limits
            .memory
            .as_ref()
            .map_or(node_memory, |q| q.value);
        let stop = behaviour.next_stop(limit);
        let name = spec.name.clone();
        let pod = self.store.pod_mut(id).expect("checked above");
        pod.spec.containers[i].env_sources.resolved = spec.env_sources.resolved.clone();
        let regular_init = pod.spec.is_init(i) && !spec.sidecar;
        let c = &mut pod.status.containers[i];
        c.instance += 1;
        let instance = c.instance;
        c.state = ContainerState::Running { started_ms: now };
        // Without probes a container is ready once running; a startup probe holds off both
        // readiness and liveness until it succeeds.
        c.started = spec.startup_probe.is_none();
        // A regular init container is never Ready: it runs to completion.
        c.ready = spec.readiness_probe.is_none() && c.started && !regular_init;
        let sidecar_started = spec.sidecar && c.started;
        c.probe_successes = [0; 3];
        c.probe_failures = [0; 3];
        c.alive = true;
        c.back_off_until_ms = None;
        let mut logs = behaviour.start_logs(now);
        logs.truncate(MAX_LOG_LINES);
        c.logs = logs;
        pod.status.phase = PodPhase::Running;
        if pod.is_ready() && pod.status.ready_since_ms.is_none() {
            pod.status.ready_since_ms = Some(now);
        }
        let owner = pod
            .meta
            .owner
            .as_ref()
            .map(|o| (pod.meta.namespace.clone(), o.name.clone()));
        self.kubelet_event(
            id,
            EventType::Normal,
            "Created",
            format!("Created container: {name}"),
        );
        self.kubelet_event(
            id,
            EventType::Normal,
            "Started",
            format!("Started container {name}"),
        );
        if let Some(key) = owner {
            self.dirty_replicasets.insert(key);
        }
        if let Some((after, kind)) = stop {
            let (oom, exit_code) = match kind {
                StopKind::OomKilled => (true, 137),
                StopKind::Exited { exit_code } => (false, exit_code),
            };
            self.set_timer(
                now + after,
                Timer::ContainerStop {
                    pod: id,
                    container: i,
                    instance,
                    oom,
                    exit_code,
                },
            );
        }
        let first = if spec.startup_probe.is_some() {
            &[ProbeKind::Startup][..]
        } else {
            &[ProbeKind::Liveness, ProbeKind::Readiness][..]
        };
        for &kind in first {
            if let Some(p) = spec.probe(kind) {
                let at = now + Millis::from(p.initial_delay_seconds) * 1000;
                self.set_timer(
                    at,
                    Timer::Probe {
                        pod: id,
                        container: i,
                        instance,
                        kind,
                    },
                );
            }
        }
        if sidecar_started {
            self.kubelet_advance_init(id);
        }
    }

    /// Container creation failed on its configuration (`CreateContainerConfigError`): the
    /// container waits with the kubelet's message and creation is retried on the next sync.
    fn kubelet_config_error(&mut self, id: PodId, i: usize, message: String) {
        let now = self.now_ms;
        let retry_ms = CONFIG_RETRY_MS / Millis::from(self.compression.max(1));
        let Some(pod) = self.store.pod_mut(id) else {
            return;
        };
        let c = &mut pod.status.containers[i];
        let instance = c.instance;
        c.state = ContainerState::Waiting {
            reason: "CreateContainerConfigError".into(),
            message: Some(message.clone()),
        };
        c.back_off_until_ms = Some(now + retry_ms);
        self.kubelet_event(
            id,
            EventType::Warning,
            "Failed",
            format!("Error: {message}"),
        );
        self.set_timer(
            now + retry_ms,
            Timer::PullRetry {
                pod: id,
                container: i,
                instance,
            },
        );
    }

    /// One probe of container `i`: ask the app, count, and act on the thresholds.
    pub(crate) fn kubelet_probe(&mut self, id: PodId, i: usize, instance: u64, kind: ProbeKind) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let now = self.now_ms;
        let Some(pod) = self.store.pods.get(&id) else {
            return;
        };
        let c = &pod.status.containers[i];
        let ContainerState::Running { started_ms } = c.state else {
            return;
        };
        if pod.meta.deletion_ms.is_some() || !c.alive {
            return;
        }
        let spec = pod.spec.containers[i].clone();
        let Some(probe) = spec.probe(kind).cloned() else {
            return;
        };
        let Some(info) = self.registry.lookup(&ImageRef::parse(&spec.image)).cloned() else {
            return;
        };
        let behaviour = self.behaviour(&info, &spec);
        let pod_ip = pod.status.pod_ip.clone().unwrap_or_default();
        let result = behaviour.probe(&probe.handler, &spec.ports, now - started_ms, &pod_ip);
        let k = kind as usize;
        let pod = self.store.pod_mut(id).expect("exists");
        let was_ready = pod.is_ready();
        let c = &mut pod.status.containers[i];
        match &result {
            Ok(()) => {
                c.probe_successes[k] = c.probe_successes[k].saturating_add(1);
                c.probe_failures[k] = 0;
            }
            Err(_) => {
                c.probe_failures[k] = c.probe_failures[k].saturating_add(1);
                c.probe_successes[k] = 0;
            }
        }
        let (successes, failures) = (c.probe_successes[k], c.probe_failures[k]);
        let mut next = Some(now + Millis::from(probe.period_seconds) * 1000);
        let mut kill = None;
        let mut sidecar_now_started = false;
        match kind {
            ProbeKind::Startup if result.is_ok() => {
                c.started = true;
                c.ready = spec.readiness_probe.is_none();
                next = None;
                if spec.sidecar {
                    sidecar_now_started = true;
                }
            }
            ProbeKind::Startup | ProbeKind::Liveness if failures >= probe.failure_threshold => {
                kill = Some(kind);
                next = None;
            }
            ProbeKind::Readiness if successes >= probe.success_threshold => c.ready = true,
            ProbeKind::Readiness if failures >= probe.failure_threshold => c.ready = false,
            _ => {}
        }
        let ready = pod.is_ready();
        if ready != was_ready {
            pod.status.ready_since_ms = ready.then_some(now);
            if let Some(o) = &pod.meta.owner {
                self.dirty_replicasets
                    .insert((pod.meta.namespace.clone(), o.name.clone()));
            }
        }
        if let Err(msg) = result {
            self.kubelet_event(
                id,
                EventType::Warning,
                "Unhealthy",
                format!("{} probe failed: {msg}", kind.as_str()),
            );
        }
        if kind == ProbeKind::Startup && next.is_none() && kill.is_none() {
            // Started: liveness and readiness probing begins, honouring their initial delays.
            for k2 in [ProbeKind::Liveness, ProbeKind::Readiness] {
                if let Some(p) = spec.probe(k2) {
                    let at = (started_ms + Millis::from(p.initial_delay_seconds) * 1000).max(now);
                    self.set_timer(
                        at,
                        Timer::Probe {
                            pod: id,
                            container: i,
                            instance,
                            kind: k2,
                        },
                    );
                }
            }
        }
        if let Some(at) = next {
            self.set_timer(
                at,
                Timer::Probe {
                    pod: id,
                    container: i,
                    instance,
                    kind,
                },
            );
        }
        if let Some(kind) = kill {
            self.kubelet_probe_kill(id, i, kind);
        }
        if sidecar_now_started {
            self.kubelet_advance_init(id);
        }
    }

    /// A failed liveness/startup probe: the kubelet stops the container (SIGTERM, then SIGKILL
    /// after the grace period); it then restarts through the usual back-off.
    fn kubelet_probe_kill(&mut self, id: PodId, i: usize, kind: ProbeKind) {
        let now = self.now_ms;
        let Some(pod) = self.store.pods.get(&id) else {
            return;
        };
        let spec = pod.spec.containers[i].clone();
        let grace_ms = pod.spec.termination_grace_period_seconds * 1000;
        let behaviour = self
            .registry
            .lookup(&ImageRef::parse(&spec.image))
            .map(|info| self.behaviour(info, &spec));
        let (stop_ms, exit_code) = match behaviour.as_ref().and_then(|b| b.sigterm_ms) {
            Some(t) if t <= grace_ms => (t, 0),
            _ => (grace_ms, 137),
        };
        let lines = behaviour.map(|b| b.sigterm_logs(now)).unwrap_or_default();
        let what = if kind == ProbeKind::Startup {
            "startup"
        } else {
            "liveness"
        };
        self.kubelet_event(
            id,
            EventType::Normal,
            "Killing",
            format!(
                "Container {} failed {what} probe, will be restarted",
                spec.name
            ),
        );
        let pod = self.store.pod_mut(id).expect("exists");
        let c = &mut pod.status.containers[i];
        c.instance += 1;
        let instance = c.instance;
        c.ready = false;
        c.logs.extend(lines);
        c.logs.truncate(MAX_LOG_LINES);
        pod.status.ready_since_ms = None;
        if let Some(o) = &pod.meta.owner {
            self.dirty_replicasets
                .insert((pod.meta.namespace.clone(), o.name.clone()));
        }
        self.set_timer(
            now + stop_ms,
            Timer::ProbeKillDone {
                pod: id,
                container: i,
                instance,
                exit_code,
            },
        );
    }

    pub(crate) fn kubelet_probe_kill_done(
        &mut self,
        id: PodId,
        i: usize,
        instance: u64,
        exit_code: i32,
    ) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let reason = if exit_code == 0 { "Completed" } else { "Error" };
        self.kubelet_container_exited(id, i, exit_code, reason);
    }

    pub(crate) fn kubelet_container_stopped(
        &mut self,
        id: PodId,
        i: usize,
        instance: u64,
        oom: bool,
        exit_code: i32,
    ) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(pod) = self.store.pods.get(&id) else {
            return;
        };
        let spec = pod.spec.containers[i].clone();
        if let Some(info) = self.registry.lookup(&ImageRef::parse(&spec.image)).cloned() {
            let lines = self.behaviour(&info, &spec).exit_logs(self.now_ms);
            if let Some(p) = self.store.pod_mut(id) {
                let logs = &mut p.status.containers[i].logs;
                logs.extend(lines);
                logs.truncate(MAX_LOG_LINES);
            }
        }
        if oom {
            if let Some(node) = self.node_of(id) {
                let node_name = self.nodes[node].name.clone();
                let pid = 1000 + (self.rng.below(30_000));
                let limit_kb = spec.resources.limits.memory_bytes() / 1024;
                self.emit(
                    EventType::Warning,
                    "OOMKilling",
                    format!("node/{node_name}"),
                    "default",
                    format!(
                        "Memory cgroup out of memory: Killed process {pid} ({}) total-vm:{}kB, anon-rss:{limit_kb}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:512kB oom_score_adj:{}",
                        spec.name,
                        limit_kb + 10_240,
                        if spec.resources.limits.is_empty() { 1000 } else { 999 }
                    ),
                    "kernel-monitor",
                );
            }
            self.kubelet_container_exited(id, i, 137, "OOMKilled");
        } else {
            let reason = if exit_code == 0 { "Completed" } else { "Error" };
            self.kubelet_container_exited(id, i, exit_code, reason);
        }
    }

    /// The process of container `i` ended: record it, then restart per `restartPolicy`.
    pub(crate) fn kubelet_container_exited(
        &mut self,
        id: PodId,
        i: usize,
        exit_code: i32,
        reason: &str,
    ) {
        let now = self.now_ms;
        let Some(pod) = self.store.pod_mut(id) else {
            return;
        };
        let policy = pod.spec.restart_policy;
        let deleting = pod.meta.deletion_ms.is_some();
        let (regular_init, sidecar) = (
            pod.spec.is_init(i) && !pod.spec.containers[i].sidecar,
            pod.spec.containers[i].sidecar,
        );
        let init_count = pod.spec.init_count;
        let uid = pod.meta.uid.clone();
        let pod_name = format!("{}_{}({uid})", pod.meta.name, pod.meta.namespace);
        let c = &mut pod.status.containers[i];
        let started_ms = match c.state {
            ContainerState::Running { started_ms } => started_ms,
            _ => now,
        };
        c.instance += 1;
        let instance = c.instance;
        c.alive = false;
        c.ready = false;
        c.state = ContainerState::Terminated {
            exit_code,
            reason: reason.to_string(),
            started_ms,
            finished_ms: now,
        };
        pod.status.ready_since_ms = None;
        let owner = pod
            .meta
            .owner
            .as_ref()
            .map(|o| (pod.meta.namespace.clone(), o.name.clone()));
        if let Some(key) = owner {
            self.dirty_replicasets.insert(key);
        }
        // A regular init container that succeeded is done; one that failed is retried unless
        // the pod never restarts. Sidecars always restart.
        let restart = !deleting
            && if regular_init {
                exit_code != 0 && policy != RestartPolicy::Never
            } else if sidecar {
                true
            } else {
                match policy {
                    RestartPolicy::Always => true,
                    RestartPolicy::OnFailure => exit_code != 0,
                    RestartPolicy::Never => false,
                }
            };
        let pod = self.store.pod_mut(id).expect("exists");
        if !restart {
            if regular_init && !deleting {
                if exit_code == 0 {
                    self.kubelet_advance_init(id);
                } else {
                    // restartPolicy Never: a failed init container fails the pod.
                    pod.status.phase = PodPhase::Failed;
                }
                return;
            }
            let app = &pod.status.containers[init_count.min(pod.status.containers.len())..];
            let all_done = app
                .iter()
                .all(|c| matches!(c.state, ContainerState::Terminated { .. }));
            if all_done && !deleting {
                let failed = app.iter().any(|c| matches!(c.state, ContainerState::Terminated { exit_code, .. } if exit_code != 0));
                pod.status.phase = if failed {
                    PodPhase::Failed
                } else {
                    PodPhase::Succeeded
                };
            }
            return;
        }
        let c = &mut pod.status.containers[i];
        if now.saturating_sub(started_ms) >= BACK_OFF_RESET_MS / Millis::from(self.compression) {
            c.back_off_ms = 0;
        }
        let delay = c.back_off_ms;
        c.back_off_ms = next_back_off(c.back_off_ms, self.compression);
        let name = c.name.clone();
        if delay == 0 {
            self.kubelet_restart(id, i, instance);
        } else {
            let until = now + delay;
            c.back_off_until_ms = Some(until);
            c.previous_logs = Some(std::mem::take(&mut c.logs));
            c.last_state = Some(c.state.clone());
            c.state = ContainerState::Waiting {
                reason: "CrashLoopBackOff".into(),
                message: Some(format!(
                    "back-off {} restarting failed container={name} pod={pod_name}",
                    go_duration(delay)
                )),
            };
            self.kubelet_event(
                id,
                EventType::Warning,
                "BackOff",
                format!("Back-off restarting failed container {name} in pod {pod_name}"),
            );
            self.set_timer(
                until,
                Timer::Restart {
                    pod: id,
                    container: i,
                    instance,
                },
            );
        }
    }

    /// Back-off over (or none due): a new instance of container `i`.
    pub(crate) fn kubelet_restart(&mut self, id: PodId, i: usize, instance: u64) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(pod) = self.store.pod_mut(id) else {
            return;
        };
        if pod.meta.deletion_ms.is_some() {
            return;
        }
        let c = &mut pod.status.containers[i];
        if let ContainerState::Terminated { .. } = c.state {
            c.last_state = Some(c.state.clone());
            c.previous_logs = Some(std::mem::take(&mut c.logs));
        }
        c.restart_count += 1;
        c.back_off_until_ms = None;
        self.kubelet_ensure_image(id, i);
    }

    /// `sim kill` / `sim crash`: the container's process dies now with `exit_code`.
    pub(crate) fn kubelet_kill(
        &mut self,
        id: PodId,
        i: usize,
        exit_code: i32,
    ) -> Result<(), String> {
        let pod = self.store.pods.get(&id).ok_or("pod not found")?;
        let c = pod.status.containers.get(i).ok_or("container not found")?;
        if !c.alive || !matches!(c.state, ContainerState::Running { .. }) {
            return Err(format!(
                "container \"{}\" in pod \"{}\" is not running",
                c.name, pod.meta.name
            ));
        }
        if !self.agent_up_for(id) {
            return Err(format!(
                "node {} is not reachable",
                pod.spec.node_name.clone().unwrap_or_default()
            ));
        }
        let reason = if exit_code == 0 { "Completed" } else { "Error" };
        self.kubelet_container_exited(id, i, exit_code, reason);
        Ok(())
    }

    /// Graceful deletion: SIGTERM every running container, SIGKILL at the grace period's end.
    pub(crate) fn kubelet_terminate(&mut self, id: PodId, grace_ms: Millis) {
        let now = self.now_ms;
        let Some(pod) = self.store.pods.get(&id) else {
            return;
        };
        if pod.spec.node_name.is_none() {
            self.remove_pod(id);
            return;
        }
        if !self.agent_up_for(id) {
            return; // nobody on the node to confirm: stays Terminating until the node returns
        }
        let uid = pod.meta.uid.clone();
        let mut done_after: Millis = 0;
        let mut killing = Vec::new();
        let mut term_logs = Vec::new();
        for (i, (spec, st)) in pod
            .spec
            .containers
            .iter()
            .zip(&pod.status.containers)
            .enumerate()
        {
            if !st.alive {
                continue;
            }
            killing.push(spec.name.clone());
            let behaviour = self
                .registry
                .lookup(&ImageRef::parse(&spec.image))
                .map(|info| self.behaviour(info, spec));
            // preStop runs first and counts against the grace period; then SIGTERM.
            let hook_ms = spec.pre_stop.as_ref().map_or(0, |h| h.duration_ms());
            let stop_ms = behaviour
                .as_ref()
                .and_then(|b| b.sigterm_ms)
                .map_or(grace_ms, |t| hook_ms.saturating_add(t))
                .min(grace_ms);
            if let Some(b) = behaviour {
                term_logs.push((i, b.sigterm_logs(now)));
            }
            done_after = done_after.max(stop_ms);
        }
        for name in killing {
            self.kubelet_event(
                id,
                EventType::Normal,
                "Killing",
                format!("Stopping container {name}"),
            );
        }
        if let Some(p) = self.store.pod_mut(id) {
            for (i, lines) in term_logs {
                p.status.containers[i].logs.extend(lines);
            }
            for c in &mut p.status.containers {
                c.instance += 1; // no restarts, no planned exits any more
                c.back_off_until_ms = None;
                c.ready = false;
            }
        }
        self.set_timer(now + done_after, Timer::PodTerminated { pod: id, uid });
    }

    pub(crate) fn kubelet_pod_terminated(&mut self, id: PodId, uid: &str) {
        if self.store.pods.get(&id).is_some_and(|p| p.meta.uid == uid) && self.agent_up_for(id) {
            self.remove_pod(id);
        }
    }

    // ------------------------------------------------------------------ node failure

    /// `sim fail-node`: the machine dies. Its containers stop; nobody is told yet.
    pub(crate) fn fail_node(&mut self, node: usize) {
        let now = self.now_ms;
        let agent = &mut self.agents[node];
        if !agent.up {
            return;
        }
        agent.up = false;
        agent.epoch += 1;
        agent.pull_free_at_ms = 0;
        agent.in_flight.clear();
        let since_start = now - agent.created_ms;
        agent.last_heartbeat_ms = agent.created_ms + since_start / LEASE_RENEW_MS * LEASE_RENEW_MS;
        let epoch = agent.epoch;
        let due = agent.last_heartbeat_ms + NODE_MONITOR_GRACE_MS / Millis::from(self.compression);
        let name = agent.name.clone();
        let pods: Vec<PodId> = self
            .store
            .pods
            .values()
            .filter(|p| p.spec.node_name.as_deref() == Some(&name))
            .map(|p| p.id)
            .collect();
        for id in pods {
            if let Some(p) = self.store.pods.get_mut(&id) {
                for c in &mut p.status.containers {
                    c.alive = false;
                    c.instance += 1;
                    c.pulling = None;
                }
            }
        }
        self.set_timer(due.max(now), Timer::NodeGrace { node, epoch });
    }

    pub(crate) fn node_grace_expired(&mut self, node: usize, epoch: u64) {
        if self.agents[node].epoch != epoch || self.agents[node].up {
            return;
        }
        self.agents[node].ready = false;
        self.agents[node].conditions_since_ms = self.now_ms;
        self.nodes[node].unreachable = true;
        let name = self.agents[node].name.clone();
        self.emit(
            EventType::Normal,
            "NodeNotReady",
            format!("node/{name}"),
            "default",
            format!("Node {name} status is now: NodeNotReady"),
            "node-controller",
        );
        let pods: Vec<PodId> = self
            .store
            .pods
            .values()
            .filter(|p| p.spec.node_name.as_deref() == Some(&name))
            .map(|p| p.id)
            .collect();
        for id in pods {
            let Some(p) = self.store.pod_mut(id) else {
                continue;
            };
            p.status.node_lost = true;
            p.status.ready_since_ms = None;
            for c in &mut p.status.containers {
                c.ready = false;
            }
            let (ns, obj) = (p.meta.namespace.clone(), format!("pod/{}", p.meta.name));
            if let Some(o) = &p.meta.owner {
                self.dirty_replicasets.insert((ns.clone(), o.name.clone()));
            }
            self.emit(
                EventType::Warning,
                "NodeNotReady",
                obj,
                &ns,
                "Node is not ready".into(),
                "node-controller",
            );
        }
        let now = self.now_ms;
        self.set_timer(
            now + EVICTION_TOLERATION_MS / Millis::from(self.compression),
            Timer::NodeEviction { node, epoch },
        );
    }

    pub(crate) fn node_eviction_due(&mut self, node: usize, epoch: u64) {
        if self.agents[node].epoch != epoch || self.agents[node].up {
            return;
        }
        let name = self.agents[node].name.clone();
        let pods: Vec<PodId> = self
            .store
            .pods
            .values()
            .filter(|p| p.spec.node_name.as_deref() == Some(&name) && p.meta.deletion_ms.is_none())
            .map(|p| p.id)
            .collect();
        for id in pods {
            let Some((ns, obj)) = self.pod_object(id) else {
                continue;
            };
            let pod_name = obj.trim_start_matches("pod/").to_string();
            self.emit(
                EventType::Normal,
                "TaintManagerEviction",
                obj,
                &ns,
                format!("Marking for deletion Pod {ns}/{pod_name}"),
                "taint-eviction-controller",
            );
            self.delete_pod_gracefully(id, None);
        }
    }

    /// `sim restore-node`: the kubelet comes back, reports Ready, and syncs its pods.
    pub(crate) fn restore_node(&mut self, node: usize) {
        let now = self.now_ms;
        let agent = &mut self.agents[node];
        if agent.up {
            return;
        }
        agent.up = true;
        agent.epoch += 1;
        agent.last_heartbeat_ms = now;
        let was_ready = agent.ready;
        agent.ready = true;
        if !was_ready {
            agent.conditions_since_ms = now;
        }
        let name = agent.name.clone();
        self.nodes[node].unreachable = false;
        self.emit(
            EventType::Normal,
            "Starting",
            format!("node/{name}"),
            "default",
            "Starting kubelet.".into(),
            "kubelet",
        );
        if !was_ready {
            self.emit(
                EventType::Normal,
                "NodeReady",
                format!("node/{name}"),
                "default",
                format!("Node {name} status is now: NodeReady"),
                "kubelet",
            );
        }
        let pods: Vec<PodId> = self
            .store
            .pods
            .values()
            .filter(|p| p.spec.node_name.as_deref() == Some(&name))
            .map(|p| p.id)
            .collect();
        for id in pods {
            let Some(p) = self.store.pods.get(&id) else {
                continue;
            };
            if p.meta.deletion_ms.is_some() {
                self.remove_pod(id); // containers are already gone: confirm the deletion
                continue;
            }
            let never_started = p.status.pod_ip.is_none();
            let n = p.spec.containers.len();
            if let Some(p) = self.store.pod_mut(id) {
                p.status.node_lost = false;
                if let Some(o) = &p.meta.owner {
                    self.dirty_replicasets
                        .insert((p.meta.namespace.clone(), o.name.clone()));
                }
            }
            if never_started {
                self.kubelet_admit(id, node);
                continue;
            }
            if self
                .store
                .pods
                .get(&id)
                .is_some_and(|p| p.spec.init_count > 0)
            {
                // A new pod sandbox after the machine's restart: the init containers run
                // again, in order, before the app (as the kubelet does).
                if let Some(p) = self.store.pod_mut(id) {
                    p.status.ready_since_ms = None;
                    for c in &mut p.status.containers {
                        if let ContainerState::Running { started_ms } = c.state {
                            c.last_state = Some(ContainerState::Terminated {
                                exit_code: 255,
                                reason: "Unknown".into(),
                                started_ms,
                                finished_ms: now,
                            });
                            c.restart_count += 1;
                        }
                        c.instance += 1;
                        c.alive = false;
                        c.ready = false;
                        c.started = false;
                        c.pulling = None;
                        c.back_off_until_ms = None;
                        c.state = ContainerState::Waiting {
                            reason: "PodInitializing".into(),
                            message: None,
                        };
                    }
                }
                self.kubelet_advance_init(id);
                continue;
            }
            for i in 0..n {
                // After the machine's restart every container is started again.
                let Some(p) = self.store.pod_mut(id) else {
                    break;
                };
                let c = &mut p.status.containers[i];
                if matches!(c.state, ContainerState::Running { .. }) {
                    let started_ms = match c.state {
                        ContainerState::Running { started_ms } => started_ms,
                        _ => now,
                    };
                    c.state = ContainerState::Terminated {
                        exit_code: 255,
                        reason: "Unknown".into(),
                        started_ms,
                        finished_ms: now,
                    };
                }
                let instance = c.instance;
                c.back_off_until_ms = None;
                if matches!(c.state, ContainerState::Terminated { .. }) {
                    self.kubelet_restart(id, i, instance);
                } else {
                    self.kubelet_ensure_image(id, i);
                }
            }
        }
        self.cluster_changed();
    }
}
