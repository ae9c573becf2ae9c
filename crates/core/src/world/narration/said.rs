//! What one narration line says, typed: [`Said`], one variant per thing that happens, with
//! the names and numbers its sentence is made of ([`super::text`] makes the sentence). A burst
//! of the same thing (three pods created by one ReplicaSet pass) is one `Said` that absorbed
//! the others ([`Said::absorb`]); every list in it is bounded ([`Names`]).

use crate::input::model::{Millis, ProbeKind};
use crate::sim::event_facts::{Exit, FitCounts};

/// Names shown in one line at most; the rest are counted.
pub const NAMES_SHOWN_MAX: usize = 3;
/// Rollout steps kept in one line at most.
pub const STEPS_MAX: usize = 4;

/// A short list of object names: the first [`NAMES_SHOWN_MAX`] and how many more.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub shown: Vec<String>,
    pub more: u32,
}

impl Names {
    pub fn one(name: &str) -> Names {
        Names {
            shown: vec![name.to_owned()],
            more: 0,
        }
    }

    /// Adds a name (one already shown is not counted twice).
    pub fn push(&mut self, name: &str) {
        if self.shown.iter().any(|n| n == name) {
            return;
        }
        if self.shown.len() < NAMES_SHOWN_MAX {
            self.shown.push(name.to_owned());
        } else {
            self.more = self.more.saturating_add(1);
        }
    }

    pub fn extend(&mut self, other: &Names) {
        for n in &other.shown {
            self.push(n);
        }
        self.more = self.more.saturating_add(other.more);
    }

    pub fn count(&self) -> u32 {
        self.shown.len() as u32 + self.more
    }

    pub fn first(&self) -> &str {
        self.shown.first().map_or("", String::as_str)
    }
}

/// Why ECS stopped a task that its service then replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskStop {
    /// An essential container exited (its name and exit code, when its report has them).
    EssentialExited {
        container: Option<String>,
        exit_code: Option<i32>,
    },
    /// It never got running (an image or a secret it could not get).
    FailedToStart,
    /// Its container instance went away.
    HostLost,
    /// `aws ecs stop-task`.
    StoppedByUser,
    /// The service scheduler stopped it: its container health checks failed.
    FailedHealthChecks,
    /// The service scheduler stopped it: the load balancer found its target unhealthy.
    FailedLoadBalancerHealthChecks,
}

/// Why the service scheduler stopped tasks that were running fine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScaleIn {
    /// They belong to an older deployment (a new task definition rolls out).
    OldDeployment,
    /// The service is being deleted.
    ServiceDeleted,
    /// More were running than desiredCount.
    DesiredCount(u32),
}

/// Why pods a ReplicaSet replaces went away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gone {
    Deleted,
    Evicted,
}

/// What a line says (see the module doc). Pod names are bare; `Restarted` and the others that
/// name one pod and container are never merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// A container ended and the kubelet started it again: at once (`waited_ms` 0, the first
    /// crash) or after `waited_ms` of back-off. `oom_limit_bytes` when the kernel killed it
    /// over its memory limit (0: no limit, the node's memory).
    Restarted {
        pod: String,
        container: String,
        exit: Exit,
        restarts: u32,
        waited_ms: Millis,
        next_back_off_ms: Millis,
        oom_limit_bytes: Option<u64>,
    },
    /// A container ended again; the kubelet waits `delay_ms` before starting it
    /// (CrashLoopBackOff).
    CrashLoop {
        pod: String,
        container: String,
        exit: Exit,
        restarts: u32,
        delay_ms: Millis,
        oom_limit_bytes: Option<u64>,
    },
    /// The kernel killed a container over its memory limit (when no restart line says it).
    OomKilled {
        pod: String,
        container: String,
        limit_bytes: u64,
    },
    /// The scheduler bound pods to nodes: (pod, node), the first few, and how many more.
    Scheduled {
        placed: Vec<(String, String)>,
        more: u32,
    },
    /// No node fits these pods: they wait, Pending.
    Pending {
        pods: Names,
        fit: FitCounts,
    },
    /// A ReplicaSet created pods: it wants `desired`, counted `observed`; `replacing` the pods
    /// of it that went away in the same moment.
    Created {
        replica_set: String,
        pods: Names,
        desired: u32,
        observed: u32,
        replacing: Option<(Names, Gone)>,
    },
    /// A ReplicaSet deleted pods (scaling down to `desired`).
    Deleted {
        replica_set: String,
        pods: Names,
        desired: u32,
    },
    /// The Deployment controller scaled its ReplicaSets: (ReplicaSet, from, to); `rollout` when
    /// more than one of them has pods (a rolling update or a rollback).
    Scaled {
        deployment: String,
        steps: Vec<(String, u32, u32)>,
        rollout: bool,
    },
    /// The node agent pulled an image for pods (or tasks).
    Pulled {
        image: String,
        pods: Names,
        pull_ms: Millis,
    },
    /// A pull failed; tried again after `retry_in_ms`.
    PullFailed {
        image: String,
        pods: Names,
        retry_in_ms: Millis,
    },
    /// Pods are being deleted: SIGTERM now, SIGKILL after `grace_ms`.
    Stopping {
        pods: Names,
        grace_ms: Millis,
    },
    /// A liveness (or startup) probe failed enough times: the container is killed and restarted.
    ProbeKill {
        pod: String,
        container: String,
        probe: ProbeKind,
    },
    /// A readiness probe failed: the pod leaves its Services' endpoints.
    NotReady {
        pod: String,
        container: String,
    },
    /// A node stopped reporting; `pods` on it are no longer ready.
    NodeNotReady {
        node: String,
        pods: u32,
        eviction_in_ms: Millis,
    },
    NodeReady {
        node: String,
    },
    /// The taint-eviction controller deleted pods from a NotReady node.
    Evicted {
        node: String,
        pods: Names,
    },
    /// ECS stopped tasks and the service scheduler started others in their place.
    TaskReplaced {
        service: String,
        stopped: Vec<(String, TaskStop)>,
        started: Names,
        desired: u32,
    },
    /// The service scheduler started tasks (to reach desiredCount).
    TasksStarted {
        service: String,
        tasks: Names,
        desired: u32,
    },
    /// The service scheduler stopped running tasks.
    TasksStopped {
        service: String,
        tasks: Names,
        why: ScaleIn,
    },
    /// No container instance can take the service's next task.
    TaskUnplaceable {
        service: String,
    },
    /// A task failed its container health checks (when no replacement line says it).
    HealthChecksFailed {
        service: String,
        task: String,
        /// The load balancer's health checks failed (else the container's).
        by_load_balancer: bool,
    },
    DeploymentCompleted {
        service: String,
    },
    /// The circuit breaker stopped a deployment whose tasks fail to start.
    DeploymentFailed {
        service: String,
    },
    RollingBack {
        service: String,
    },
    /// Launches are throttled after repeated failures.
    StartThrottled {
        service: String,
    },
    SteadyState {
        service: String,
    },
}

impl Said {
    /// Whether `other` says this again: the same thing, or a pod still Pending (for reasons
    /// that may have shifted as nodes came and went: the newer ones are the ones to tell).
    pub fn repeated_by(&self, other: &Said) -> bool {
        match (self, other) {
            (Said::Pending { pods, .. }, Said::Pending { pods: p2, .. }) => pods == p2,
            _ => self == other,
        }
    }

    /// Takes `other` into this line when both say the same kind of thing about the same group
    /// (one ReplicaSet's pods, one image, one node, one service). Returns whether it did.
    pub fn absorb(&mut self, other: &Said) -> bool {
        use Said as S;
        match (self, other) {
            (
                S::Scheduled { placed, more },
                S::Scheduled {
                    placed: p2,
                    more: m2,
                },
            ) => {
                for pair in p2 {
                    if placed.len() < NAMES_SHOWN_MAX {
                        placed.push(pair.clone());
                    } else {
                        *more = more.saturating_add(1);
                    }
                }
                *more = more.saturating_add(*m2);
                true
            }
            (S::Pending { pods, fit }, S::Pending { pods: p2, fit: f2 }) if fit == f2 => {
                pods.extend(p2);
                true
            }
            (
                S::Created {
                    replica_set,
                    pods,
                    replacing,
                    desired,
                    ..
                },
                S::Created {
                    replica_set: r2,
                    pods: p2,
                    replacing: x2,
                    desired: d2,
                    ..
                },
            ) if replica_set == r2 => {
                pods.extend(p2);
                *desired = *d2;
                match (replacing.as_mut(), x2) {
                    (Some((gone, _)), Some((g2, _))) => gone.extend(g2),
                    (None, Some(x)) => *replacing = Some(x.clone()),
                    _ => {}
                }
                true
            }
            (
                S::Deleted {
                    replica_set,
                    pods,
                    desired,
                },
                S::Deleted {
                    replica_set: r2,
                    pods: p2,
                    desired: d2,
                },
            ) if replica_set == r2 => {
                pods.extend(p2);
                *desired = *d2;
                true
            }
            (
                S::Scaled {
                    deployment,
                    steps,
                    rollout,
                },
                S::Scaled {
                    deployment: d2,
                    steps: s2,
                    rollout: r2,
                },
            ) if deployment == d2 => {
                for step in s2 {
                    if let Some(s) = steps.iter_mut().find(|s| s.0 == step.0) {
                        s.2 = step.2;
                    } else if steps.len() < STEPS_MAX {
                        steps.push(step.clone());
                    }
                }
                *rollout |= *r2;
                true
            }
            (
                S::Pulled { image, pods, .. },
                S::Pulled {
                    image: i2,
                    pods: p2,
                    ..
                },
            ) if image == i2 => {
                pods.extend(p2);
                true
            }
            (
                S::PullFailed { image, pods, .. },
                S::PullFailed {
                    image: i2,
                    pods: p2,
                    ..
                },
            ) if image == i2 => {
                pods.extend(p2);
                true
            }
            (
                S::Stopping { pods, grace_ms },
                S::Stopping {
                    pods: p2,
                    grace_ms: g2,
                },
            ) if grace_ms == g2 => {
                pods.extend(p2);
                true
            }
            (S::Evicted { node, pods }, S::Evicted { node: n2, pods: p2 }) if node == n2 => {
                pods.extend(p2);
                true
            }
            (
                S::TasksStarted { service, tasks, .. },
                S::TasksStarted {
                    service: s2,
                    tasks: t2,
                    ..
                },
            ) if service == s2 => {
                tasks.extend(t2);
                true
            }
            _ => false,
        }
    }
}
