//! Read-only snapshots of the cluster for shells to draw (the UI, the JS API).
//!
//! Views are plain data, built on demand from the store; a shell never reaches into the
//! simulation's internals and never changes state through a view.

use serde::Serialize;

use crate::model::Millis;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterView {
    pub now_ms: Millis,
    pub nodes: Vec<NodeView>,
    /// Pods not bound to any node, with their `FailedScheduling` reason.
    pub pending: Vec<PodView>,
    /// Deployments, in (namespace, name) order: what `kubectl get deployments` shows, plus the
    /// rollout's state, for the UI's workload actions.
    pub deployments: Vec<DeploymentView>,
    /// Services, in (namespace, name) order, with their ready endpoints and traffic.
    pub services: Vec<ServiceView>,
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
    /// The STATUS column of `kubectl get pods` (`Running`, `CrashLoopBackOff`, `Pending`…).
    pub status: String,
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
    pub type_: String,
    pub reason: String,
    /// `pod/web-5d9c7b6f4-x2k8p`
    pub object: String,
    pub message: String,
    /// The component that reported it (`default-scheduler`, `kubelet`, `deployment-controller`…).
    pub source: String,
}
