//! Read-only snapshots of the cluster for shells to draw (the UI, the JS API).
//!
//! Views are plain data, built on demand from the store; a shell never reaches into the
//! simulation's internals and never changes state through a view.

use serde::Serialize;

use crate::input::definitions::ecs::LaunchType;
use crate::input::model::Millis;
use crate::sim::ecs_status::{
    DeploymentStatus, Health, InstanceStatus, RolloutState, ServiceStatus, StopCode, TaskStatus,
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterView {
    pub now_ms: Millis,
    pub nodes: Vec<NodeView>,
    /// Pods not bound to any node, with their `FailedScheduling` reason.
    pub pending: Vec<PodView>,
    /// Deployments, in (namespace, name) order: what `kubectl get deployments` shows, plus the
    /// rollout's state, for the UI's workload actions.
    pub deployments: Vec<DeploymentView>,
    /// The learner's Services (not the cluster's own `kubernetes` and `kube-dns`), in
    /// (namespace, name) order, with their ready endpoints and traffic.
    pub services: Vec<ServiceView>,
    /// Amazon ECS: services, tasks, container instances.
    pub ecs: EcsView,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeploymentView {
    pub namespace: String,
    pub name: String,
    pub replicas: u32,
    pub ready: u32,
    pub updated: u32,
    pub available: u32,
    /// `(container, image)` of the pod template, in order.
    pub images: Vec<(String, String)>,
    /// The newest ReplicaSet's `deployment.kubernetes.io/revision`.
    pub revision: u64,
    /// `progressing` (new pods replacing old), `stalled` (ProgressDeadlineExceeded),
    /// `degraded` (rolled out, but fewer available than desired), or `complete`.
    pub rollout: String,
    /// A rollout's bounds: at most `max_pods` (replicas + maxSurge, rounded up), at least
    /// `min_available` (replicas − maxUnavailable, rounded down).
    pub max_pods: u32,
    pub min_available: u32,
    /// The first Service in its namespace that selects its pods and reaches one of their
    /// container ports (where `sim traffic` sends requests).
    pub service: Option<String>,
    /// The readiness probe of the container that Service reaches (else the first container).
    pub readiness: Option<ReadinessView>,
    /// How long that container's `preStop` hook holds SIGTERM back, if it has one.
    pub pre_stop_ms: Option<Millis>,
    /// When its newest ReplicaSet was created: the start of the latest rollout.
    pub rollout_started_ms: Millis,
}

/// A readiness probe's timings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadinessView {
    pub initial_delay_s: u32,
    pub period_s: u32,
    pub success_threshold: u32,
    pub failure_threshold: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceView {
    pub namespace: String,
    pub name: String,
    pub ready_endpoints: u32,
    /// Requests per second sent by `sim traffic` (0 = none).
    pub traffic_rate: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeView {
    pub name: String,
    /// `Ready`, `NotReady`, `Ready,SchedulingDisabled`… as `kubectl get nodes` prints it.
    pub status: String,
    pub ready: bool,
    /// Cordoned (`SchedulingDisabled`): no new pods are scheduled onto it.
    pub unschedulable: bool,
    pub cpu_allocatable_milli: u64,
    pub cpu_requested_milli: u64,
    pub memory_allocatable_bytes: u64,
    pub memory_requested_bytes: u64,
    pub pods: Vec<PodView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PodView {
    pub namespace: String,
    pub name: String,
    /// The STATUS column of `kubectl get pods` (`Running`, `CrashLoopBackOff`, `Pending`…), to show.
    pub status: String,
    /// What kind of state that is, to act on (never read it out of `status`).
    pub kind: crate::sim::pod_status::StatusKind,
    /// The READY column (`1/1`).
    pub ready: String,
    pub all_ready: bool,
    pub restarts: u32,
    pub node: Option<String>,
    /// Why it is not running, when known (the `FailedScheduling` message, a back-off message).
    pub reason: Option<String>,
    /// While in back-off: when the next restart or pull attempt happens.
    pub back_off_until_ms: Option<Millis>,
    /// While pulling: (done, total) milliseconds of the pull.
    pub pull_progress_ms: Option<(Millis, Millis)>,
    pub terminating: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EventView {
    pub last_ms: Millis,
    pub first_ms: Millis,
    pub count: u32,
    #[serde(rename = "type")]
    pub type_: crate::sim::event_reason::EventType,
    pub reason: crate::sim::event_reason::Reason,
    /// `pod/web-5d9c7b6f4-x2k8p`
    pub object: String,
    pub message: String,
    /// The component that reported it (`default-scheduler`, `kubelet`, `deployment-controller`…).
    pub source: crate::sim::event_reason::Component,
}

/// Amazon ECS as the console shows it: services with their deployments and events, tasks
/// with their containers, container instances (and Fargate).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EcsView {
    /// Services, by name (deleted ones while they are INACTIVE-but-visible are left out).
    pub services: Vec<EcsServiceView>,
    /// Tasks that run or stop now, then the ones stopped recently (newest first, at most
    /// [`ECS_VIEW_STOPPED_MAX`]).
    pub tasks: Vec<EcsTaskView>,
    pub instances: Vec<EcsInstanceView>,
    /// Registered task definitions, ACTIVE ones, by family, newest revision last.
    pub task_definitions: Vec<EcsTaskDefinitionView>,
    /// Application Load Balancers, by ARN, with their listeners.
    pub load_balancers: Vec<LoadBalancerView>,
    /// Target groups, by ARN, with each target's health.
    pub target_groups: Vec<TargetGroupView>,
}

/// An Application Load Balancer as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LoadBalancerView {
    pub name: String,
    pub arn: String,
    pub dns_name: String,
    pub state: crate::sim::elb_status::LoadBalancerState,
    pub listeners: Vec<ListenerView>,
    /// Requests per second `sim traffic` sends it (0: none).
    pub traffic_rate: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListenerView {
    pub protocol: String,
    pub port: u32,
    /// The target group it forwards to, by name.
    pub target_group: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TargetGroupView {
    pub name: String,
    pub arn: String,
    pub protocol: String,
    pub port: u32,
    /// `instance` or `ip`.
    pub target_type: String,
    pub health_check_path: String,
    pub health_check_interval_s: u32,
    pub healthy_threshold: u32,
    pub unhealthy_threshold: u32,
    pub deregistration_delay_s: u32,
    /// Load balancers forwarding to it, by name.
    pub load_balancers: Vec<String>,
    /// ECS services registering their tasks in it (`CLUSTER/NAME`).
    pub services: Vec<String>,
    pub targets: Vec<TargetView>,
}

/// One registered target and its health.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TargetView {
    pub id: String,
    pub port: u32,
    /// The ECS task it is, when a service registered it.
    pub task: Option<String>,
    pub state: crate::sim::elb_status::TargetState,
    /// The reason code (`Target.ResponseCodeMismatch`) and its description.
    pub reason: Option<String>,
    pub description: Option<String>,
    /// While draining: what is left of the deregistration delay.
    pub draining_remaining_ms: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EcsTaskDefinitionView {
    pub family: String,
    pub revision: u32,
    /// Launch types it can run with.
    pub ec2: bool,
    pub fargate: bool,
}

/// Stopped tasks a view carries (the API keeps them an hour).
pub const ECS_VIEW_STOPPED_MAX: usize = 20;
/// Service events a view carries (newest first).
pub const ECS_VIEW_EVENTS_MAX: usize = 12;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EcsServiceView {
    pub name: String,
    pub cluster: String,
    /// ACTIVE or DRAINING.
    pub status: ServiceStatus,
    pub launch_type: LaunchType,
    /// `family:revision` of the PRIMARY deployment.
    pub task_definition: String,
    /// The PRIMARY deployment's task definition family alone (for matching, not showing).
    pub family: String,
    pub desired: u32,
    pub running: u32,
    pub pending: u32,
    /// RUNNING and (with health checks) HEALTHY: what minimumHealthyPercent counts.
    pub healthy: u32,
    pub minimum_healthy_percent: u32,
    pub maximum_percent: u32,
    /// The same as counts: at least this many healthy, at most this many tasks.
    pub min_healthy: u32,
    pub max_tasks: u32,
    /// `healthCheckGracePeriodSeconds`: how long load balancer health is not counted against
    /// a new task.
    pub health_check_grace_period_s: u32,
    pub deployments: Vec<EcsDeploymentView>,
    /// `(time, message, Normal|Warning)`, newest first.
    pub events: Vec<(Millis, String, crate::sim::event_reason::EventType)>,
    /// The names of the target groups its tasks register in (`loadBalancers`).
    pub target_groups: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EcsDeploymentView {
    pub id: String,
    /// PRIMARY or ACTIVE.
    pub status: DeploymentStatus,
    pub task_definition: String,
    pub rollout_state: RolloutState,
    pub running: u32,
    pub pending: u32,
    pub failed_tasks: u32,
    /// When the deployment began (`createdAt`).
    pub created_ms: Millis,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EcsTaskView {
    pub id: String,
    pub cluster: String,
    /// The service's name (within `cluster`).
    pub service: Option<String>,
    pub group: String,
    /// `family:revision`
    pub task_definition: String,
    pub last_status: TaskStatus,
    /// RUNNING, or STOPPED once something asked it to stop.
    pub desired_status: TaskStatus,
    pub health: Health,
    pub launch_type: LaunchType,
    /// The node it runs on (`node-2`), or `Fargate`.
    pub instance: String,
    pub zone: String,
    pub stop_code: Option<StopCode>,
    pub stopped_reason: Option<String>,
    /// Stopped by the service scheduler for failing its container health checks (not a
    /// scale-in or a drain, which have the same `stop_code`).
    pub failed_health_checks: bool,
    pub containers: Vec<EcsContainerView>,
    pub created_ms: Millis,
    pub started_ms: Option<Millis>,
    pub stopped_ms: Option<Millis>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EcsContainerView {
    pub name: String,
    /// PENDING, RUNNING or STOPPED.
    pub last_status: TaskStatus,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
    pub health: Option<Health>,
    pub essential: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EcsInstanceView {
    /// The container instance id (32 hex digits).
    pub id: String,
    /// The node it is.
    pub node: String,
    pub zone: String,
    /// ACTIVE or DRAINING.
    pub status: InstanceStatus,
    pub agent_connected: bool,
    pub cpu_units: u64,
    pub cpu_remaining: u64,
    pub memory_mib: u64,
    pub memory_remaining: u64,
    pub running_tasks: u32,
    pub pending_tasks: u32,
}
