//! What can be due at a virtual time: the kernel's timer queue holds these, the facade fires them.

use crate::input::model::Millis;
use crate::sim::store::PodId;

/// Something due at a virtual time. Timers carry the container instance they were set for:
/// when the instance has changed (killed, restarted, node failed) the timer is stale and ignored.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Timer {
    PullDone {
        pod: PodId,
        container: usize,
        instance: u64,
        ok: bool,
        requested_ms: Millis,
        pull_ms: Millis,
    },
    ShowPullBackOff {
        pod: PodId,
        container: usize,
        instance: u64,
    },
    PullRetry {
        pod: PodId,
        container: usize,
        instance: u64,
    },
    ContainerStop {
        pod: PodId,
        container: usize,
        instance: u64,
        oom: bool,
        exit_code: i32,
    },
    Restart {
        pod: PodId,
        container: usize,
        instance: u64,
    },
    PodTerminated {
        pod: PodId,
        uid: String,
    },
    NodeGrace {
        node: usize,
        epoch: u64,
    },
    NodeEviction {
        node: usize,
        epoch: u64,
    },
    Probe {
        pod: PodId,
        container: usize,
        instance: u64,
        kind: crate::input::model::ProbeKind,
    },
    ProbeKillDone {
        pod: PodId,
        container: usize,
        instance: u64,
        exit_code: i32,
    },
    TrafficTick {
        namespace: String,
        name: String,
    },
    SyncDeployment {
        namespace: String,
        name: String,
    },
    SyncReplicaSet {
        namespace: String,
        name: String,
    },
    /// ECS: a task's network interface is attached; its agent starts the containers.
    EcsAdmit {
        pod: PodId,
        node: usize,
        uid: String,
    },
    /// ECS: something is due (throttled launches, ENI detached): reconcile.
    EcsWake,
    /// A Job's next look: its pod-failure back-off or its deadline is over, or its TTL.
    SyncJob {
        namespace: String,
        name: String,
    },
    /// A CronJob's next schedule time.
    SyncCronJob {
        namespace: String,
        name: String,
    },
    /// A shell container's script has something due (a line, an answer to check, its exit).
    ScriptWake {
        pod: PodId,
        container: usize,
        instance: u64,
    },
    /// A pod's sandbox (its network namespace and pause container) is ready: its containers
    /// may now be pulled and started.
    SandboxReady {
        pod: PodId,
        uid: String,
    },
    /// A created container's process is up: the kubelet reports it `Started`.
    ContainerStarted {
        pod: PodId,
        container: usize,
        instance: u64,
    },
    /// ELB: a target group's next round of health checks.
    ElbHealthCheck {
        target_group: String,
    },
    /// ELB: a draining target's deregistration delay is over.
    ElbDrained {
        target_group: String,
        target: String,
        port: u32,
    },
    /// ELB: one second of requests to a load balancer.
    ElbTrafficTick {
        load_balancer: String,
    },
}
