//! Probes: each one asks the app, counts successes and failures against the thresholds, and
//! acts: readiness flips the container's ready flag; a failed liveness or startup probe kills
//! the container (SIGTERM, then SIGKILL after the grace period).

use super::MAX_LOG_LINES;
use crate::input::model::{Container, Millis, ProbeKind};
use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::Reason;
use crate::sim::events::EventType;
use crate::sim::kubelet::Kubelet;
use crate::sim::registry::ImageRef;
use crate::sim::store::{ContainerState, PodId};
use crate::sim::timer::Timer;

impl Kubelet<'_> {
    /// One probe of container `i`: ask the app, count, and act on the thresholds.
    pub(crate) fn probe(&mut self, id: PodId, i: usize, instance: u64, kind: ProbeKind) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let now = self.k.now_ms;
        let Some(pod) = self.k.store.pods.get(&id) else {
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
        let Some(info) = self.out.image(&ImageRef::parse(&spec.image)).cloned() else {
            return;
        };
        let mut behaviour = self.out.behaviour(&info, &spec);
        if let Some(script) = &c.script {
            behaviour.set_script_files(script.file_timeline());
        }
        let pod_ip = pod.status.pod_ip.clone().unwrap_or_default();
        let result = behaviour.probe(&probe.handler, &spec.ports, now - started_ms, &pod_ip);
        let k = kind as usize;
        let pod = self.k.store.pod_mut(id).expect("exists");
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
        let verdict = probe_verdict(
            kind,
            result.is_ok(),
            (successes, failures),
            (probe.success_threshold, probe.failure_threshold),
        );
        if verdict.started {
            c.started = true;
            c.ready = spec.readiness_probe.is_none();
        }
        if let Some(ready) = verdict.ready {
            c.ready = ready;
        }
        let sidecar_now_started = verdict.started && spec.sidecar;
        let ready = pod.is_ready();
        if ready != was_ready {
            pod.status.ready_since_ms = ready.then_some(now);
            if let Some(o) = &pod.meta.owner {
                self.k
                    .dirty_replicasets
                    .insert((pod.meta.namespace.clone(), o.name.clone()));
            }
        }
        if let Err(msg) = result {
            self.event_with(
                id,
                EventType::Warning,
                Reason::Unhealthy,
                format!("{} probe failed: {msg}", kind.as_str()),
                EventFacts::ProbeFailed {
                    container: spec.name.clone(),
                    probe: kind,
                },
            );
        }
        if verdict.started {
            self.probes_after_start(id, i, instance, started_ms, &spec);
        }
        if verdict.again {
            self.k.set_timer(
                now + Millis::from(probe.period_seconds) * 1000,
                Timer::Probe {
                    pod: id,
                    container: i,
                    instance,
                    kind,
                },
            );
        }
        if verdict.kill {
            self.probe_kill(id, i, kind);
        }
        if sidecar_now_started {
            self.advance_init(id);
        }
    }

    /// Started: liveness and readiness probing begins, honouring their initial delays (from
    /// `started_ms`, the container's start).
    fn probes_after_start(
        &mut self,
        id: PodId,
        i: usize,
        instance: u64,
        started_ms: Millis,
        spec: &Container,
    ) {
        let now = self.k.now_ms;
        for k2 in [ProbeKind::Liveness, ProbeKind::Readiness] {
            if let Some(p) = spec.probe(k2) {
                let at = (started_ms + Millis::from(p.initial_delay_seconds) * 1000).max(now);
                self.k.set_timer(
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

    /// A failed liveness/startup probe: the kubelet stops the container (SIGTERM, then SIGKILL
    /// after the grace period); it then restarts through the usual back-off.
    fn probe_kill(&mut self, id: PodId, i: usize, kind: ProbeKind) {
        let now = self.k.now_ms;
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        let spec = pod.spec.containers[i].clone();
        let grace_ms = pod.spec.termination_grace_period_seconds * 1000;
        let behaviour = self
            .out
            .image(&ImageRef::parse(&spec.image))
            .map(|info| self.out.behaviour(info, &spec));
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
        self.event_with(
            id,
            EventType::Normal,
            Reason::Killing,
            format!(
                "Container {} failed {what} probe, will be restarted",
                spec.name
            ),
            EventFacts::ProbeKill {
                container: spec.name.clone(),
                probe: kind,
            },
        );
        let pod = self.k.store.pod_mut(id).expect("exists");
        let c = &mut pod.status.containers[i];
        c.instance += 1;
        let instance = c.instance;
        // Readiness is not liveness: the container stays as ready as its readiness says until
        // it has stopped (the kubelet's prober reports readiness separately).
        c.logs.extend(lines);
        c.logs.truncate(MAX_LOG_LINES);
        if let Some(o) = &pod.meta.owner {
            self.k
                .dirty_replicasets
                .insert((pod.meta.namespace.clone(), o.name.clone()));
        }
        self.k.set_timer(
            now + stop_ms,
            Timer::ProbeKillDone {
                pod: id,
                container: i,
                instance,
                exit_code,
            },
        );
    }

    pub(crate) fn probe_kill_done(&mut self, id: PodId, i: usize, instance: u64, exit_code: i32) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        self.container_exited(
            id,
            i,
            exit_code,
            crate::sim::event_facts::ExitReason::of_code(exit_code),
        );
    }
}

/// What one probe result means for its container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ProbeVerdict {
    /// The startup probe succeeded: the container has started.
    started: bool,
    /// Readiness crossed a threshold: ready or not.
    ready: Option<bool>,
    /// A liveness or startup probe failed `failureThreshold` times in a row.
    kill: bool,
    /// Probe again after the period (not after a start or a kill).
    again: bool,
}

/// The kubelet's reading of one probe result, given the consecutive (successes, failures)
/// counted with it and the probe's (successThreshold, failureThreshold).
fn probe_verdict(
    kind: ProbeKind,
    ok: bool,
    (successes, failures): (u32, u32),
    (success_threshold, failure_threshold): (u32, u32),
) -> ProbeVerdict {
    let mut v = ProbeVerdict {
        started: false,
        ready: None,
        kill: false,
        again: true,
    };
    match kind {
        ProbeKind::Startup if ok => {
            v.started = true;
            v.again = false;
        }
        ProbeKind::Startup | ProbeKind::Liveness if failures >= failure_threshold => {
            v.kill = true;
            v.again = false;
        }
        ProbeKind::Readiness if successes >= success_threshold => v.ready = Some(true),
        ProbeKind::Readiness if failures >= failure_threshold => v.ready = Some(false),
        _ => {}
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_acts_only_at_its_thresholds() {
        let v = probe_verdict(ProbeKind::Liveness, false, (0, 2), (1, 3));
        assert!(!v.kill && v.again);
        let v = probe_verdict(ProbeKind::Liveness, false, (0, 3), (1, 3));
        assert!(v.kill && !v.again);
        let v = probe_verdict(ProbeKind::Startup, true, (1, 0), (1, 3));
        assert!(v.started && !v.again && !v.kill);
        let v = probe_verdict(ProbeKind::Readiness, true, (2, 0), (2, 3));
        assert_eq!((v.ready, v.again), (Some(true), true));
        let v = probe_verdict(ProbeKind::Readiness, false, (0, 3), (2, 3));
        assert_eq!(v.ready, Some(false));
        let v = probe_verdict(ProbeKind::Readiness, true, (1, 0), (2, 3));
        assert_eq!(v.ready, None);
    }
}
