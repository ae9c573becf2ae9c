//! One narration line ([`NarrationLine`]): where it comes from (the first event's sequence
//! number and time), who acted (the event's [`Component`]), the object to look at, what it
//! says ([`Said`]) and its [`NarrationKind`] — which also tells the shells the *key moments*
//! worth slowing down for.

use crate::input::model::Millis;
use crate::sim::event_reason::{vocabulary, Component};
use crate::sim::store::ExitReason;
use crate::world::narration::said::Said;

vocabulary! {
    /// What kind of thing a line tells (its stable id is the word: `data-kind`, tests).
    NarrationKind {
        /// A container ended; the kubelet waits before restarting it (CrashLoopBackOff).
        Crash => "crash",
        /// A container ended and the kubelet started it again.
        Restart => "restart",
        /// The kernel killed a container over its memory limit.
        OomKilled => "oom-killed",
        Scheduled => "scheduled",
        /// No node fits: the pod waits, Pending.
        Pending => "pending",
        /// A ReplicaSet created pods in place of pods that went away.
        Replaced => "replaced",
        /// A ReplicaSet created pods (scaling up, a new ReplicaSet).
        Created => "created",
        /// A ReplicaSet deleted pods (scaling down).
        Deleted => "deleted",
        /// The Deployment controller moved a rolling update (or rollback) one step.
        RolloutStep => "rollout-step",
        /// The Deployment controller scaled its one ReplicaSet.
        Scaled => "scaled",
        Pulled => "pulled",
        PullFailed => "pull-failed",
        /// Pods being deleted: SIGTERM, then SIGKILL.
        Stopping => "stopping",
        /// A probe failed (liveness: killed and restarted; readiness: out of the endpoints).
        ProbeFailed => "probe-failed",
        NodeNotReady => "node-not-ready",
        NodeReady => "node-ready",
        Evicted => "evicted",
        /// ECS stopped a task and its service started another in its place.
        EcsTaskReplaced => "ecs-task-replaced",
        EcsTasksStarted => "ecs-tasks-started",
        EcsTasksStopped => "ecs-tasks-stopped",
        /// No container instance can take a service's task.
        EcsUnplaceable => "ecs-unplaceable",
        /// A service deployment completed, failed, rolled back; launches throttled; health
        /// checks failed.
        EcsDeployment => "ecs-deployment",
        EcsSteadyState => "ecs-steady-state",
    }
}

impl NarrationKind {
    /// A moment a learner should not miss at ×10 or ×60: a crash, a restart, an OOM kill,
    /// a task replaced. (The shells may slow down for these; nothing else.)
    pub fn is_key_moment(self) -> bool {
        matches!(
            self,
            NarrationKind::Crash
                | NarrationKind::Restart
                | NarrationKind::OomKilled
                | NarrationKind::EcsTaskReplaced
        )
    }
}

/// One line of narration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NarrationLine {
    /// The sequence number of the first event it tells (1-based in the cluster's emission
    /// order), so a shell can point at that event.
    pub seq: u64,
    pub time_ms: Millis,
    /// The component that acted: the How-it-works box to light.
    pub actor: Component,
    /// The object to look at, `kind/name` as kubectl prints it (`pod/web-…`,
    /// `replicaset/web-…`, `node/node-2`, `service/api`): the events to show.
    pub object: String,
    pub namespace: String,
    pub said: Said,
    /// How many more times the very same thing was said since (a readiness probe failing
    /// every ten seconds is one line).
    pub repeats: u32,
}

impl NarrationLine {
    pub fn kind(&self) -> NarrationKind {
        self.said.kind()
    }

    /// Whether it happened in an ECS cluster (its pods are tasks, its node agent the ECS agent).
    pub fn is_ecs(&self) -> bool {
        crate::sim::ecs_status::is_task_namespace(&self.namespace)
    }
}

impl Said {
    pub fn kind(&self) -> NarrationKind {
        use NarrationKind as K;
        match self {
            Said::Restarted {
                exit, waited_ms: 0, ..
            }
            | Said::CrashLoop { exit, .. }
                if exit.reason == ExitReason::OomKilled =>
            {
                K::OomKilled
            }
            Said::Restarted { .. } => K::Restart,
            Said::CrashLoop { .. } => K::Crash,
            Said::OomKilled { .. } => K::OomKilled,
            Said::Scheduled { .. } => K::Scheduled,
            Said::Pending { .. } => K::Pending,
            Said::Created {
                replacing: Some(_), ..
            } => K::Replaced,
            Said::Created { .. } => K::Created,
            Said::Deleted { .. } => K::Deleted,
            Said::Scaled { rollout: true, .. } => K::RolloutStep,
            Said::Scaled { .. } => K::Scaled,
            Said::Pulled { .. } => K::Pulled,
            Said::PullFailed { .. } => K::PullFailed,
            Said::Stopping { .. } => K::Stopping,
            Said::ProbeKill { .. } | Said::NotReady { .. } => K::ProbeFailed,
            Said::NodeNotReady { .. } => K::NodeNotReady,
            Said::NodeReady { .. } => K::NodeReady,
            Said::Evicted { .. } => K::Evicted,
            Said::TaskReplaced { .. } => K::EcsTaskReplaced,
            Said::TasksStarted { .. } => K::EcsTasksStarted,
            Said::TasksStopped { .. } => K::EcsTasksStopped,
            Said::TaskUnplaceable { .. } => K::EcsUnplaceable,
            Said::HealthChecksFailed { .. }
            | Said::DeploymentCompleted { .. }
            | Said::DeploymentFailed { .. }
            | Said::RollingBack { .. }
            | Said::StartThrottled { .. } => K::EcsDeployment,
            Said::SteadyState { .. } => K::EcsSteadyState,
        }
    }
}
