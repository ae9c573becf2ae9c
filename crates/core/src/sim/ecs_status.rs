//! The closed vocabularies of Amazon ECS's states: a task's and a container's lastStatus and
//! desiredStatus ([`TaskStatus`]), health ([`Health`]), why a task stopped ([`StopCode`]), a
//! service's status ([`ServiceStatus`]), a container instance's ([`InstanceStatus`]), a
//! deployment's ([`DeploymentStatus`], [`RolloutState`]), what a service event says the
//! service scheduler did ([`ServiceAction`]). The ECS state keeps them, the views and the
//! event trace carry them, the shells match on them; the text is made only when printed (`as_str`,
//! `Display`, and serialised as that text for the JS API and `aws ecs` output).
//!
//! They live in `sim` rather than `ecs` so that the views ([`crate::sim::view`]) can carry
//! them without importing a higher layer. So does the one naming rule both sides share: the
//! namespace a cluster's ECS task pods live in ([`task_namespace`]).

use crate::sim::event_reason::vocabulary;

/// The namespace that holds an ECS cluster's task pods: `ecs:CLUSTER` (invalid as a Kubernetes
/// name, so never a learner's).
pub fn task_namespace(cluster: &str) -> String {
    format!("ecs:{cluster}")
}

/// Whether a pod's namespace is an ECS cluster's (see [`task_namespace`]).
pub fn is_task_namespace(ns: &str) -> bool {
    ns.starts_with("ecs:")
}

vocabulary! {
    /// A task's (or one of its containers') `lastStatus` and `desiredStatus`.
    /// ACTIVATING and DEACTIVATING are a load-balanced service's tasks': registering their
    /// targets, and draining them before SIGTERM.
    TaskStatus {
        /// awsvpc: the ENI attaches.
        Provisioning => "PROVISIONING",
        /// Images are pulled, containers start.
        Pending => "PENDING",
        Activating => "ACTIVATING",
        Running => "RUNNING",
        Deactivating => "DEACTIVATING",
        /// SIGTERM sent, SIGKILL after `stopTimeout`.
        Stopping => "STOPPING",
        /// awsvpc: the ENI detaches.
        Deprovisioning => "DEPROVISIONING",
        Stopped => "STOPPED",
    }
}

vocabulary! {
    /// A task's or a container's `healthStatus`.
    Health {
        Unknown => "UNKNOWN",
        Healthy => "HEALTHY",
        Unhealthy => "UNHEALTHY",
    }
}

vocabulary! {
    /// A stopped task's `stopCode`.
    StopCode {
        TaskFailedToStart => "TaskFailedToStart",
        EssentialContainerExited => "EssentialContainerExited",
        UserInitiated => "UserInitiated",
        ServiceSchedulerInitiated => "ServiceSchedulerInitiated",
        /// Its container instance went away.
        TerminationNotice => "TerminationNotice",
    }
}

vocabulary! {
    /// A service's `status`.
    ServiceStatus {
        Active => "ACTIVE",
        /// Deleted, its tasks stopping.
        Draining => "DRAINING",
        /// Deleted and drained (still describable for an hour).
        Inactive => "INACTIVE",
    }
}

vocabulary! {
    /// A container instance's `status`.
    InstanceStatus {
        Active => "ACTIVE",
        /// No new tasks; its service tasks are replaced elsewhere (the node is cordoned).
        Draining => "DRAINING",
    }
}

vocabulary! {
    /// A service deployment's `status`.
    DeploymentStatus {
        /// The newest: the one the service scheduler keeps at desiredCount.
        Primary => "PRIMARY",
        /// An older one whose tasks still run.
        Active => "ACTIVE",
        Inactive => "INACTIVE",
    }
}

vocabulary! {
    /// A service deployment's `rolloutState`.
    RolloutState {
        InProgress => "IN_PROGRESS",
        Completed => "COMPLETED",
        Failed => "FAILED",
    }
}

vocabulary! {
    /// What the service scheduler did, as one of its service events says it. The event's
    /// message is ECS's whole sentence; this is its kind, carried beside it in the trace so
    /// that no shell reads the sentence back. Each word is the part of the sentence that says
    /// it.
    ServiceAction {
        /// "(service web) has started 2 tasks: (task …) (task …)."
        TasksStarted => "has started",
        /// "(service web) has stopped 1 running tasks: (task …)."
        TasksStopped => "has stopped",
        /// "(service web) has reached a steady state."
        SteadyState => "steady state",
        /// "(service web) (deployment ecs-svc/…) deployment completed."
        DeploymentCompleted => "deployment completed",
        /// "(service web) (deployment ecs-svc/…) deployment failed: tasks failed to start."
        DeploymentFailed => "deployment failed",
        /// "(service web) rolling back to deployment ecs-svc/…."
        RollingBack => "rolling back",
        /// "(service web) was unable to place a task because …": no container instance (or no
        /// Fargate capacity) for the next task.
        UnableToPlace => "unable to place a task",
        /// "(service web) (task …) failed container health checks."
        HealthChecksFailed => "failed container health checks",
        /// "(service web) is unable to consistently start tasks successfully. …": launches
        /// are throttled.
        StartThrottled => "unable to consistently start tasks",
        /// "(service web) registered 1 targets in (target-group …)".
        TargetsRegistered => "registered",
        /// "(service web) deregistered 1 targets in (target-group …)".
        TargetsDeregistered => "deregistered",
        /// "(service web) has begun draining connections on 1 tasks."
        DrainingConnections => "draining connections",
        /// "(service web) (task …) (port 80) is unhealthy in (target-group …) due to (reason
        /// …)."
        ElbHealthChecksFailed => "is unhealthy in",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_serialises_as_the_words_ecs_prints() {
        let json = serde_json::to_string(&(
            TaskStatus::ALL,
            Health::ALL,
            StopCode::ALL,
            ServiceStatus::ALL,
            InstanceStatus::ALL,
            DeploymentStatus::ALL,
            RolloutState::ALL,
        ))
        .unwrap();
        assert_eq!(
            json,
            r#"[["PROVISIONING","PENDING","ACTIVATING","RUNNING","DEACTIVATING","STOPPING","DEPROVISIONING","STOPPED"],["UNKNOWN","HEALTHY","UNHEALTHY"],["TaskFailedToStart","EssentialContainerExited","UserInitiated","ServiceSchedulerInitiated","TerminationNotice"],["ACTIVE","DRAINING","INACTIVE"],["ACTIVE","DRAINING"],["PRIMARY","ACTIVE","INACTIVE"],["IN_PROGRESS","COMPLETED","FAILED"]]"#
        );
        assert_eq!(TaskStatus::Deprovisioning.to_string(), "DEPROVISIONING");
    }
}
