//! Creating and starting a container (a new instance): its environment from ConfigMaps and
//! Secrets (`CreateContainerConfigError` when one is missing, retried), its process from the
//! image's behaviour, and the timers of how it will stop and be probed.

use super::{CONFIG_RETRY_MS, MAX_LOG_LINES};
use crate::input::model::{Container, Millis, ProbeKind};
use crate::sim::event_facts::{EventFacts, Exit};
use crate::sim::event_reason::Reason;
use crate::sim::events::EventType;
use crate::sim::image_start;
use crate::sim::kubelet::Kubelet;
use crate::sim::registry::ImageRef;
use crate::sim::runtime::StopKind;
use crate::sim::store::{ContainerState, ContainerStatus, Pod, PodId, PodPhase};
use crate::sim::timer::Timer;

impl Kubelet<'_> {
    /// Creates container `i` (a new instance): its environment is resolved and the runtime
    /// starts its process, which is up after the image's start time
    /// ([`image_start::start_ms`]); it waits as `ContainerCreating` until then.
    pub(super) fn start_container(&mut self, id: PodId, i: usize) {
        if self.node_of(id).is_none() {
            return;
        }
        let now = self.k.now_ms;
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        let c = &pod.status.containers[i];
        // Created once per instance: a duplicate wake-up (a second pull of the same image)
        // finds it running or starting already.
        if pod.meta.deletion_ms.is_some() || c.alive || c.starting.is_some() {
            return;
        }
        let mut spec = pod.spec.containers[i].clone();
        let reference = ImageRef::parse(&spec.image);
        let Some(info) = self.out.image(&reference) else {
            return;
        };
        let start_ms = image_start::start_ms(&reference, info);
        if !spec.env_sources.is_empty() {
            // ConfigMap and Secret values are read when the container is created: a missing
            // one fails creation, and the next sync (10 s later, like the pod worker's
            // requeue) tries again, so the pod starts once the object exists.
            match crate::sim::configs::resolve_env(&self.k.store, &pod.meta.namespace, &spec) {
                Ok(env) => spec.env_sources.resolved = Some(env),
                Err(message) => {
                    self.config_error(id, i, message);
                    return;
                }
            }
        }
        let name = spec.name.clone();
        let pod = self.k.store.pod_mut(id).expect("checked above");
        pod.spec.containers[i].env_sources.resolved = spec.env_sources.resolved;
        let c = &mut pod.status.containers[i];
        let instance = c.instance;
        c.starting = Some(now + start_ms);
        c.back_off_until_ms = None;
        // An init container's turn keeps `PodInitializing` (kubectl prints `Init:N/M`).
        if !matches!(&c.state, ContainerState::Waiting { reason, .. } if reason == "PodInitializing")
        {
            c.state = ContainerState::Waiting {
                reason: "ContainerCreating".into(),
                message: None,
            };
        }
        self.event(
            id,
            EventType::Normal,
            Reason::Created,
            format!("Created container: {name}"),
        );
        self.k.set_timer(
            now + start_ms,
            Timer::ContainerStarted {
                pod: id,
                container: i,
                instance,
            },
        );
    }

    /// `Timer::ContainerStarted`: the process of created container `i` is up (the container
    /// still the one created, the pod not being deleted, its node up): it runs as a new
    /// instance, and the kubelet plans how it will stop and be probed.
    pub(crate) fn container_started(&mut self, id: PodId, i: usize, instance: u64) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(node) = self.node_of(id) else { return };
        let now = self.k.now_ms;
        let node_memory = self.k.nodes[node].memory_allocatable_bytes;
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        if pod.meta.deletion_ms.is_some() || pod.status.containers[i].starting.is_none() {
            return;
        }
        let spec = pod.spec.containers[i].clone();
        let Some(info) = self.out.image(&ImageRef::parse(&spec.image)).cloned() else {
            return;
        };
        let behaviour = self.out.behaviour(&info, &spec);
        let limit = spec
            .resources
            .limits
            .memory
            .as_ref()
            .map_or(node_memory, |q| q.value);
        let stop = behaviour.next_stop(limit);
        let name = spec.name.clone();
        let mut logs = behaviour.start_logs(now);
        logs.truncate(MAX_LOG_LINES);
        let start_ms = crate::sim::image_start::start_ms(&ImageRef::parse(&spec.image), &info);
        let pod = self.k.store.pod_mut(id).expect("checked above");
        pod.status.containers[i].starting = None;
        let (instance, sidecar_started) = run_new_instance(pod, i, &spec, logs, now);
        let started = started_facts(&pod.status.containers[i], start_ms);
        let owner = pod
            .meta
            .owner
            .as_ref()
            .map(|o| (pod.meta.namespace.clone(), o.name.clone()));
        self.event_with(
            id,
            EventType::Normal,
            Reason::Started,
            format!("Started container {name}"),
            started,
        );
        if let Some(key) = owner {
            self.k.dirty_replicasets.insert(key);
        }
        if let Some(stop) = stop {
            self.plan_stop(id, i, instance, stop);
        }
        if let Some(script) = behaviour.script() {
            self.start_script(id, i, instance, &spec, &info, script.to_string());
        }
        self.first_probes(id, i, instance, &spec);
        if sidecar_started {
            self.advance_init(id);
        }
    }

    /// Sets the timer of how instance `instance` of container `i` will stop: `after` ms from
    /// now, OOMKilled or exiting with its code.
    fn plan_stop(&mut self, id: PodId, i: usize, instance: u64, (after, kind): (Millis, StopKind)) {
        let (oom, exit_code) = match kind {
            StopKind::OomKilled => (true, 137),
            StopKind::Exited { exit_code } => (false, exit_code),
        };
        self.k.set_timer(
            self.k.now_ms + after,
            Timer::ContainerStop {
                pod: id,
                container: i,
                instance,
                oom,
                exit_code,
            },
        );
    }

    /// Sets the first probe timers of a new instance: the startup probe alone when there is
    /// one, else liveness and readiness, each after its initial delay.
    fn first_probes(&mut self, id: PodId, i: usize, instance: u64, spec: &Container) {
        let now = self.k.now_ms;
        let first = if spec.startup_probe.is_some() {
            &[ProbeKind::Startup][..]
        } else {
            &[ProbeKind::Liveness, ProbeKind::Readiness][..]
        };
        for &kind in first {
            if let Some(p) = spec.probe(kind) {
                let at = now + Millis::from(p.initial_delay_seconds) * 1000;
                self.k.set_timer(
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
    }

    /// Container creation failed on its configuration (`CreateContainerConfigError`): the
    /// container waits with the kubelet's message and creation is retried on the next sync.
    fn config_error(&mut self, id: PodId, i: usize, message: String) {
        let now = self.k.now_ms;
        let retry_ms = CONFIG_RETRY_MS / Millis::from(self.k.compression.max(1));
        let Some(pod) = self.k.store.pod_mut(id) else {
            return;
        };
        let c = &mut pod.status.containers[i];
        let instance = c.instance;
        c.state = ContainerState::Waiting {
            reason: "CreateContainerConfigError".into(),
            message: Some(message.clone()),
        };
        c.back_off_until_ms = Some(now + retry_ms);
        self.event(
            id,
            EventType::Warning,
            Reason::Failed,
            format!("Error: {message}"),
        );
        self.k.set_timer(
            now + retry_ms,
            Timer::PullRetry {
                pod: id,
                container: i,
                instance,
            },
        );
    }
}

/// Container `i` of `pod` runs as a new instance from `now` with its first `logs`: Running,
/// ready unless a probe must say so first (a regular init container never is), the pod
/// Running. Returns the instance and whether it is a sidecar that has started.
fn run_new_instance(
    pod: &mut Pod,
    i: usize,
    spec: &Container,
    logs: Vec<String>,
    now: Millis,
) -> (u64, bool) {
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
    c.logs = logs;
    c.script = None;
    pod.status.phase = PodPhase::Running;
    if pod.is_ready() && pod.status.ready_since_ms.is_none() {
        pod.status.ready_since_ms = Some(now);
    }
    (instance, sidecar_started)
}

/// What a `Started` event says of a container just started: its restarts, how its previous
/// instance ended, and the back-off its next crash would wait.
fn started_facts(c: &ContainerStatus, start_ms: Millis) -> EventFacts {
    let last_exit = match &c.last_state {
        Some(ContainerState::Terminated {
            exit_code,
            reason,
            finished_ms,
            ..
        }) if c.restart_count > 0 => Some(Exit {
            code: *exit_code,
            reason: *reason,
            at_ms: *finished_ms,
        }),
        _ => None,
    };
    EventFacts::ContainerStarted {
        container: c.name.clone(),
        restarts: c.restart_count,
        last_exit,
        next_back_off_ms: c.back_off_ms,
        start_ms,
    }
}
