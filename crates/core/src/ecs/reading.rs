//! Reading a task's pod into what ECS reports about it (each container's lastStatus, exit
//! code, reason and health) and what ECS acts on (why the task must stop, which containers the
//! agent restarts in place). The reading is pure (a task, its pod and the time in, a
//! [`PodReading`] out); the engine's `refresh_task` takes it and writes it into the task.

use super::task::{ContainerReport, EcsTask, Health, StopCode, TaskStatus};
use super::EcsEngine;
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

impl EcsEngine<'_> {
    /// Reads the pod into the task's report (statuses, exit codes, health) and notices what
    /// ECS acts on. Returns why the task must stop, if it must.
    pub(crate) fn refresh_task(&mut self, id: &str) -> Option<(StopCode, String)> {
        let now = self.k.now_ms;
        let t = self.state.tasks.get(id)?;
        if t.is_stopped() {
            return None;
        }
        let pod = self.k.store.pods.get(&t.pod)?;
        let pod_id = t.pod;
        let stopping = t.desired_stopped;
        // The agent fetches the secrets before it pulls: a refusal stops the task first.
        let refused = if stopping || t.ever_running || pod.status.containers.is_empty() {
            None
        } else {
            self.secrets_refusal(t)
                .map(|r| (StopCode::TaskFailedToStart, r))
        };
        let mut reading = read_pod(t, pod, now, refused);
        if !stopping {
            if let Some(stop) = self.host_stopped(pod.spec.node_name.as_deref()) {
                reading.must_stop = Some(stop);
            }
        }
        let must_stop = reading.must_stop.take();
        let restarts = std::mem::take(&mut reading.restarts);
        self.record_reading(id, reading)?;
        // (A start period's end needs no wake-up: the next check after it re-evaluates.)
        if must_stop.is_none() {
            for (i, instance) in restarts {
                if let Some(p) = self.k.store.pod_mut(pod_id) {
                    p.status.phase = crate::sim::store::PodPhase::Running;
                }
                self.kubelet().restart(pod_id, i, instance);
            }
        }
        must_stop
    }

    /// The stop ECS gives a task whose host is gone (no node, or its agent down or removed).
    fn host_stopped(&self, node: Option<&str>) -> Option<(StopCode, String)> {
        let node_down = node
            .and_then(|n| self.k.machine(n))
            .is_none_or(|i| !self.agents[i].up || self.agents[i].removed);
        node_down.then(|| {
            let ec2 = node.map(super::ec2_instance_id).unwrap_or_default();
            (
                StopCode::TerminationNotice,
                format!("Host EC2 (instance {ec2}) stopped/terminated."),
            )
        })
    }

    /// Writes a reading into the task: its container reports, pull times, first start and
    /// health, bumping its version when what it reports changed.
    fn record_reading(&mut self, id: &str, reading: PodReading) -> Option<()> {
        let now = self.k.now_ms;
        let t = self.state.tasks.get_mut(id)?;
        if t.containers != reading.reports {
            t.containers = reading.reports;
            t.version += 1;
        }
        t.pull_started_ms = reading.pull_started_ms;
        // Pulls done (each container's pull clears when it finishes): when the last one ended.
        if reading.pull_started_ms.is_some() && t.pull_stopped_ms.is_none() && !reading.any_pulling
        {
            t.pull_stopped_ms = Some(now);
        }
        if reading.all_running && !t.desired_stopped && t.started_ms.is_none() {
            t.started_ms = Some(now);
            t.ever_running = true;
            t.version += 1;
        }
        if t.health != reading.health {
            t.health = reading.health;
            t.version += 1;
        }
        if t.counts_healthy() {
            t.ever_healthy = true;
        }
        Some(())
    }
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
                let why = (*reason == crate::sim::store::ExitReason::OomKilled)
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
