//! What an event says, typed: the parts its message is made of (which container, which node,
//! how long the back-off is), carried beside the message on the [`TraceEvent`] so that whoever
//! explains an event — the narration ([`crate::world::narration`]) — reads values, never the
//! sentence. Set by the subsystem that emits the event, at the moment it knows them; absent
//! on the events nobody explains. Never serialised: an event's JSON stays Kubernetes' and
//! ECS's own shape.
//!
//! [`TraceEvent`]: crate::sim::events::TraceEvent

use crate::input::model::{Millis, ProbeKind};
pub use crate::sim::store::ExitReason;

/// How a container's process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exit {
    pub code: i32,
    pub reason: ExitReason,
    /// When it ended (a restart later than this waited in back-off).
    pub at_ms: Millis,
}

/// Why no node could take a pod: kube-scheduler's `FitError`, counted per reason, and what
/// the pod asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FitCounts {
    /// Nodes in the cluster (0: there are none).
    pub nodes: u32,
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub short_of_cpu: u32,
    pub short_of_memory: u32,
    pub too_many_pods: u32,
    /// Cordoned (`kubectl cordon`).
    pub cordoned: u32,
    /// NotReady: tainted unreachable.
    pub unreachable: u32,
    /// Their labels do not match the pod's nodeSelector.
    pub selector: u32,
    /// Another taint the pod does not tolerate.
    pub tainted: u32,
}

/// The typed parts of one event (see the module doc). Pod and ReplicaSet names are bare
/// (`web-7d4b9-x2k4p`); the event's own object and namespace say where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventFacts {
    /// `Started`: a new instance of `container`. `restarts` is its restartCount now (0 on its
    /// first start); `last_exit`, how the previous instance ended; `next_back_off_ms`, how long
    /// the kubelet will wait if it ends again.
    ContainerStarted {
        container: String,
        restarts: u32,
        last_exit: Option<Exit>,
        next_back_off_ms: Millis,
        /// How long the image took to start, from `Created` to this `Started`.
        start_ms: Millis,
    },
    /// `BackOff` after a crash: `container` ended and waits `delay_ms` before it runs again
    /// (CrashLoopBackOff); `restarts` so far.
    CrashBackOff {
        container: String,
        exit: Exit,
        restarts: u32,
        delay_ms: Millis,
    },
    /// `OOMKilling` (an event on the node): the killed container and its memory limit
    /// (0: it had none, so the node's memory was the limit).
    OomKilled {
        pod: String,
        namespace: String,
        container: String,
        limit_bytes: u64,
    },
    /// `Killing` as a pod is deleted: SIGTERM now, SIGKILL after `grace_ms`. `owner` is the
    /// pod's ReplicaSet.
    Stopping {
        container: String,
        grace_ms: Millis,
        owner: Option<String>,
    },
    /// `Killing` after a failed liveness or startup probe: the container will be restarted.
    ProbeKill { container: String, probe: ProbeKind },
    /// `Unhealthy`: one failed probe.
    ProbeFailed { container: String, probe: ProbeKind },
    /// `Pulled`: `cached` when the node already had the image.
    Pulled {
        image: String,
        cached: bool,
        pull_ms: Millis,
    },
    /// `Failed` to pull; tried again after `retry_in_ms` (ImagePullBackOff).
    PullFailed { image: String, retry_in_ms: Millis },
    /// `Scheduled`: bound to `node`.
    Scheduled { node: String },
    /// `FailedScheduling`: why no node fits.
    Unschedulable(FitCounts),
    /// `SuccessfulCreate` by a ReplicaSet: `desired` replicas, `observed` active pods before.
    PodCreated {
        pod: String,
        desired: u32,
        observed: u32,
    },
    /// `SuccessfulDelete` by a ReplicaSet (scaling down).
    PodDeleted {
        pod: String,
        desired: u32,
        observed: u32,
    },
    /// `ScalingReplicaSet` by the Deployment controller.
    ScaledReplicaSet {
        replica_set: String,
        from: u32,
        to: u32,
    },
    /// `NodeNotReady` on a node: its pods are evicted this long after, unless it returns.
    NodeNotReady { eviction_in_ms: Millis },
    /// `TaintManagerEviction`: the pod's node and its ReplicaSet.
    Evicted { node: String, owner: Option<String> },
    /// An ECS service event about tasks (started, stopped, failed health checks): their ids.
    Tasks { ids: Vec<String> },
}
