//! Reading a task's pod into what ECS reports about it (each container's lastStatus, exit
//! code, reason and health) and what ECS acts on (why the task must stop, which containers the
//! agent restarts in place). Pure: a task, its pod and the time in, a [`PodReading`] out.

use super::task::{ContainerReport, EcsTask, Health, StopCode, TaskStatus};
use crate::input::model::{Container, Millis, Probe};
use crate::sim::store::{ContainerState, ContainerStatus, Pod};

/// What one read of a task's pod found.
pub(crate) struct PodReading {
    pub reports: Vec<ContainerReport>,
    /// Why the task must stop, if it must (the first reason found wins).
    pub must_stop: Option<(StopCode, String)>,
    /// Containers the agent restarts in place (their restart policy allows it): (index,
    /// instance).
    pub restarts: Vec<(usize, u64)>,
    /// Every app container is running.
    pub all_running: bool,
    /// When the first pull started (the task's earlier value, or a pull seen now).
    pub pull_started_ms: Option<Millis>,
    pub any_pulling: bool,
    pub health: Health,
}

/// Reads `pod` for task `t` at `now`; `must_stop` is what was already found (a refused secret).
pub(crate) fn read_pod(
    t: &EcsTask,
    pod: &Pod,
    now: Millis,
    must_stop: Option<(StopCode, String)>,
) -> PodReading {
    let mut r = PodReading {
        reports: Vec::new(),
        must_stop,
        restarts: Vec::new(),
        all_running: !pod.status.containers.is_empty(),
        pull_started_ms: t.pull_started_ms,
        any_pulling: false,
        health: Health::Unknown,
    };
    let mut any_check = false;
    let mut all_healthy = true;
    for (i, spec) in pod.spec.containers.iter().enumerate() {
        let (essential, has_check, start_period) =
            t.checks.get(i).copied().unwrap_or((true, false, 0));
        let Some(st) = pod.status.containers.get(i) else {
            r.reports.push(ContainerReport {
                name: spec.name.clone(),
                image: spec.image.clone(),
                last_status: TaskStatus::Pending,
                exit_code: None,
                reason: None,
                health: has_check.then_some(Health::Unknown),
                essential,
            });
            continue;
        };
        if let Some((start, _)) = st.pulling {
            r.pull_started_ms = Some(r.pull_started_ms.map_or(start, |s: Millis| s.min(start)));
            r.any_pulling = true;
        }
        let (last_status, exit_code, reason) = r.read_state(t, pod, i, spec, st, essential);
        let c_health = has_check.then(|| {
            let probe = pod.spec.containers[i].readiness_probe.as_ref();
            container_health(st, probe, start_period, now)
        });
        if let (Some(h), true) = (c_health, essential) {
            any_check = true;
            if h == Health::Unhealthy {
                r.health = Health::Unhealthy;
            }
            if h != Health::Healthy {
                all_healthy = false;
            }
        }
        r.reports.push(ContainerReport {
            name: spec.name.clone(),
            image: spec.image.clone(),
            last_status,
            exit_code,
            reason,
            health: c_health,
            essential,
        });
    }
    if r.health != Health::Unhealthy && any_check && all_healthy {
        r.health = Health::Healthy;
    }
    if pod.status.phase == crate::sim::store::PodPhase::Failed
        && !t.desired_stopped
        && r.restarts.is_empty()
    {
        r.must_stop.get_or_insert((
            StopCode::TaskFailedToStart,
            "Task failed to start".to_string(),
        ));
    }
    r
}

impl PodReading {
    /// Container `i`'s lastStatus, exit code and reason, noting on the way a failed pull, an
    /// exited essential container or a failed dependency (the task must stop), a restart in
    /// place, and a container that is not running.
    fn read_state(
        &mut self,
        t: &EcsTask,
        pod: &Pod,
        i: usize,
        spec: &Container,
        st: &ContainerStatus,
        essential: bool,
    ) -> (TaskStatus, Option<i32>, Option<String>) {
        let stopping = t.desired_stopped;
        let app = i >= pod.spec.init_count;
        match &st.state {
            ContainerState::Waiting { reason, message } => {
                if !stopping
                    && matches!(
                        reason.as_str(),
                        "ErrImagePull" | "ImagePullBackOff" | "InvalidImageName"
                    )
                {
                    self.must_stop.get_or_insert((
                        StopCode::TaskFailedToStart,
                        format!(
                            "CannotPullContainerError: pull image manifest has been retried 1 time(s): {}",
                            message.clone().unwrap_or_else(|| format!("failed to resolve ref {}: not found", spec.image))
                        ),
                    ));
                }
                if app {
                    self.all_running = false;
                }
                (TaskStatus::Pending, None, None)
            }
            ContainerState::Running { .. } => (TaskStatus::Running, None, None),
            ContainerState::Terminated {
                exit_code,
                started_ms,
                finished_ms,
                ..
            } if !stopping
                && t.restart.get(i).and_then(Option::as_ref).is_some_and(
                    |(ignored, period)| {
                        !ignored.contains(exit_code)
                            && finished_ms.saturating_sub(*started_ms) >= *period
                    },
                ) =>
            {
                // The restart policy: run again in place, the task keeps going.
                self.restarts.push((i, st.instance));
                (TaskStatus::Pending, Some(*exit_code), None)
            }
            ContainerState::Terminated {
                exit_code, reason, ..
            } => {
                if app {
                    self.all_running = false;
                }
                let why = (reason == "OOMKilled")
                    .then(|| "OutOfMemoryError: Container killed due to memory usage".to_string());
                if essential && !stopping && app {
                    self.must_stop.get_or_insert((
                        StopCode::EssentialContainerExited,
                        "Essential container in task exited".to_string(),
                    ));
                }
                if !app && *exit_code != 0 && !stopping {
                    // A `SUCCESS` dependency failed: what waits for it can never start.
                    self.must_stop.get_or_insert((
                        StopCode::TaskFailedToStart,
                        format!(
                            "CannotStartContainerError: dependency {} exited with code {exit_code}",
                            spec.name
                        ),
                    ));
                }
                (TaskStatus::Stopped, Some(*exit_code), why)
            }
        }
    }
}

/// A container's health at `now` from its agent checks (`probe`: the readiness probe they run
/// as): HEALTHY when ready, UNHEALTHY after `retries` consecutive failures counted from the end
/// of `start_period`, UNKNOWN otherwise.
pub(crate) fn container_health(
    st: &ContainerStatus,
    probe: Option<&Probe>,
    start_period: Millis,
    now: Millis,
) -> Health {
    let running_since = match st.state {
        ContainerState::Running { started_ms } => Some(started_ms),
        _ => None,
    };
    let interval = probe.map_or(30_000, |p| Millis::from(p.period_seconds.max(1)) * 1000);
    let retries = probe.map_or(3, |p| p.failure_threshold);
    // Failures inside startPeriod do not count (checks run at start + k × interval): only the
    // consecutive failures since it ended.
    let counted = running_since.map_or(0, |s| {
        let after = (now.saturating_sub(s) / interval).saturating_sub(start_period / interval);
        let failures = st.probe_failures[crate::input::model::ProbeKind::Readiness as usize];
        u64::from(failures).min(after)
    });
    if st.ready {
        Health::Healthy
    } else if counted >= u64::from(retries) {
        Health::Unhealthy
    } else {
        Health::Unknown
    }
}
