//! A container's end: its process stopped or exited, the status recorded, then a restart per
//! `restartPolicy` with the back-off (reset after ten minutes of running); `sim kill` and
//! `sim crash` end a process on purpose.

use super::{next_back_off, BACK_OFF_RESET_MS, MAX_LOG_LINES};
use crate::base::clock::go_duration;
use crate::input::model::{Millis, RestartPolicy};
use crate::sim::event_facts::{EventFacts, Exit, ExitReason};
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::kubelet::Kubelet;
use crate::sim::registry::ImageRef;
use crate::sim::store::{ContainerState, Pod, PodId, PodPhase};
use crate::sim::timer::Timer;

impl Kubelet<'_> {
    pub(crate) fn container_stopped(
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
        let Some(pod) = self.k.store.pods.get(&id) else {
            return;
        };
        let spec = pod.spec.containers[i].clone();
        let (pod_name, namespace) = (pod.meta.name.clone(), pod.meta.namespace.clone());
        if let Some(info) = self.out.image(&ImageRef::parse(&spec.image)).cloned() {
            let lines = self.out.behaviour(&info, &spec).exit_logs(self.k.now_ms);
            if let Some(p) = self.k.store.pod_mut(id) {
                let logs = &mut p.status.containers[i].logs;
                logs.extend(lines);
                logs.truncate(MAX_LOG_LINES);
            }
        }
        if oom {
            if let Some(node) = self.node_of(id) {
                let node_name = self.k.nodes[node].name.clone();
                let pid = 1000 + (self.k.rng.below(30_000));
                let limit_kb = spec.resources.limits.memory_bytes() / 1024;
                self.k.emit(
                    EventType::Warning,
                    Reason::OOMKilling,
                    format!("node/{node_name}"),
                    "default",
                    format!(
                        "Memory cgroup out of memory: Killed process {pid} ({}) total-vm:{}kB, anon-rss:{limit_kb}kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:512kB oom_score_adj:{}",
                        spec.name,
                        limit_kb + 10_240,
                        if spec.resources.limits.is_empty() { 1000 } else { 999 }
                    ),
                    Component::KernelMonitor,
                )
                .set_facts(EventFacts::OomKilled {
                    pod: pod_name,
                    namespace,
                    container: spec.name.clone(),
                    limit_bytes: spec.resources.limits.memory_bytes(),
                });
            }
            self.container_exited(id, i, 137, ExitReason::OomKilled);
        } else {
            self.container_exited(id, i, exit_code, ExitReason::of_code(exit_code));
        }
    }

    /// The process of container `i` ended: record it, then restart per `restartPolicy`.
    pub(crate) fn container_exited(
        &mut self,
        id: PodId,
        i: usize,
        exit_code: i32,
        reason: ExitReason,
    ) {
        let now = self.k.now_ms;
        let Some(pod) = self.k.store.pod_mut(id) else {
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
            reason,
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
            self.k.dirty_replicasets.insert(key);
        }
        let restart = !deleting && restarts_after_exit(policy, regular_init, sidecar, exit_code);
        let pod = self.k.store.pod_mut(id).expect("exists");
        if !restart {
            if regular_init && !deleting {
                if exit_code == 0 {
                    self.advance_init(id);
                } else {
                    // restartPolicy Never: a failed init container fails the pod.
                    pod.status.phase = PodPhase::Failed;
                }
                return;
            }
            if !deleting {
                phase_when_all_ended(pod, init_count);
            }
            return;
        }
        let exit = Exit {
            code: exit_code,
            reason,
            at_ms: now,
        };
        self.restart_after_back_off(id, i, instance, (started_ms, exit), &pod_name);
    }

    /// Restarts instance `instance` of container `i` (started at `started_ms`, ended by
    /// `exit`) at once or after its crash back-off (doubling, reset after a long enough run),
    /// waiting as CrashLoopBackOff meanwhile.
    fn restart_after_back_off(
        &mut self,
        id: PodId,
        i: usize,
        instance: u64,
        (started_ms, exit): (Millis, Exit),
        pod_name: &str,
    ) {
        let now = self.k.now_ms;
        let Some(pod) = self.k.store.pod_mut(id) else {
            return;
        };
        let c = &mut pod.status.containers[i];
        if now.saturating_sub(started_ms) >= BACK_OFF_RESET_MS / Millis::from(self.k.compression) {
            c.back_off_ms = 0;
        }
        let delay = c.back_off_ms;
        c.back_off_ms = next_back_off(c.back_off_ms, self.k.compression);
        let name = c.name.clone();
        if delay == 0 {
            self.restart(id, i, instance);
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
            let restarts = c.restart_count;
            self.event_with(
                id,
                EventType::Warning,
                Reason::BackOff,
                format!("Back-off restarting failed container {name} in pod {pod_name}"),
                EventFacts::CrashBackOff {
                    container: name,
                    exit,
                    restarts,
                    delay_ms: delay,
                },
            );
            self.k.set_timer(
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
    pub(crate) fn restart(&mut self, id: PodId, i: usize, instance: u64) {
        if !self.container_is(id, i, instance) || !self.agent_up_for(id) {
            return;
        }
        let Some(pod) = self.k.store.pod_mut(id) else {
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
        self.ensure_image(id, i);
    }

    /// `sim kill` / `sim crash`: the container's process dies now with `exit_code`.
    pub(crate) fn kill(&mut self, id: PodId, i: usize, exit_code: i32) -> Result<(), String> {
        let pod = self.k.store.pods.get(&id).ok_or("pod not found")?;
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
        self.container_exited(id, i, exit_code, ExitReason::of_code(exit_code));
        Ok(())
    }
}

/// Whether a container that exited with `exit_code` runs again (the pod not being deleted): a
/// regular init container only after a failure unless the pod never restarts, a sidecar
/// always, an app container per the pod's `restartPolicy`.
fn restarts_after_exit(
    policy: RestartPolicy,
    regular_init: bool,
    sidecar: bool,
    exit_code: i32,
) -> bool {
    if regular_init {
        exit_code != 0 && policy != RestartPolicy::Never
    } else if sidecar {
        true
    } else {
        match policy {
            RestartPolicy::Always => true,
            RestartPolicy::OnFailure => exit_code != 0,
            RestartPolicy::Never => false,
        }
    }
}

/// When every app container has ended and none restarts: the pod Failed if one failed,
/// else Succeeded.
fn phase_when_all_ended(pod: &mut Pod, init_count: usize) {
    let app = &pod.status.containers[init_count.min(pod.status.containers.len())..];
    let all_done = app
        .iter()
        .all(|c| matches!(c.state, ContainerState::Terminated { .. }));
    if all_done {
        let failed = app.iter().any(
            |c| matches!(c.state, ContainerState::Terminated { exit_code, .. } if exit_code != 0),
        );
        pod.status.phase = if failed {
            PodPhase::Failed
        } else {
            PodPhase::Succeeded
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_runs_again_after_an_exit() {
        use RestartPolicy::{Always, Never, OnFailure};
        // App containers follow the pod's restartPolicy.
        assert!(restarts_after_exit(Always, false, false, 0));
        assert!(!restarts_after_exit(OnFailure, false, false, 0));
        assert!(restarts_after_exit(OnFailure, false, false, 1));
        assert!(!restarts_after_exit(Never, false, false, 1));
        // A regular init container: done when it succeeds, retried unless Never.
        assert!(!restarts_after_exit(Always, true, false, 0));
        assert!(restarts_after_exit(Always, true, false, 1));
        assert!(!restarts_after_exit(Never, true, false, 1));
        // A sidecar always restarts.
        assert!(restarts_after_exit(Never, false, true, 0));
    }
}
