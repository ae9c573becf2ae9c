//! A pod's one-word status as kubectl's `printPod` derives it from the container states
//! (`Running`, `Init:1/2`, `CrashLoopBackOff`, `ExitCode:3`, `Terminating`): the STATUS column,
//! and the status the views give the shells — the word to show and, typed, what kind of state
//! it is ([`StatusKind`]), so no shell ever reads meaning back out of the word.

use serde::Serialize;

use crate::sim::store::{ContainerState, Pod};

/// What kind of state a pod's STATUS word names, for the shells' colours and actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum StatusKind {
    /// `Running` (ready or not: the view's `all_ready` says which).
    Running,
    /// On its way: `Pending`, `ContainerCreating`, `PodInitializing`, `Init:0/2`.
    Progressing,
    /// Something is wrong: `CrashLoopBackOff`, `Error`, `OOMKilled`, `ErrImagePull`,
    /// `ImagePullBackOff`, `CreateContainerConfigError`, `ExitCode:N`, `Init:Error`, `Failed`.
    Failing,
    /// Finished on purpose: `Completed`, `Succeeded`.
    Completed,
    /// Being deleted: `Terminating`.
    Terminating,
}

/// A pod's STATUS: kubectl's word and its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodStatus {
    pub text: String,
    pub kind: StatusKind,
}

/// The kind of a container's waiting or terminated reason, as the kubelet words them.
fn reason_kind(reason: &str) -> StatusKind {
    match reason {
        "Running" => StatusKind::Running,
        "ContainerCreating" | "PodInitializing" | "Pending" => StatusKind::Progressing,
        "Completed" | "Succeeded" => StatusKind::Completed,
        "Terminating" => StatusKind::Terminating,
        _ => StatusKind::Failing,
    }
}

/// The STATUS column of `kubectl get pods` (kubectl's `printPod`).
pub fn pod_status_text(pod: &Pod) -> String {
    pod_status(pod).text
}

/// The STATUS column of `kubectl get pods` (kubectl's `printPod`), with its kind.
/// The `Initialized` condition: every init container has done its part (a regular one exited
/// 0, a sidecar started).
pub fn initialized(pod: &Pod) -> bool {
    let k = pod.spec.init_count.min(pod.status.containers.len());
    pod.status.containers[..k].iter().enumerate().all(|(i, c)| {
        let sidecar = pod.spec.containers.get(i).is_some_and(|s| s.sidecar);
        match &c.state {
            ContainerState::Terminated { exit_code: 0, .. } => true,
            ContainerState::Running { .. } => sidecar && c.started,
            _ => false,
        }
    })
}

pub fn pod_status(pod: &Pod) -> PodStatus {
    let mut reason = pod.status.phase.as_str().to_string();
    let mut kind = match pod.status.phase {
        crate::sim::store::PodPhase::Pending => StatusKind::Progressing,
        crate::sim::store::PodPhase::Running => StatusKind::Running,
        crate::sim::store::PodPhase::Succeeded => StatusKind::Completed,
        crate::sim::store::PodPhase::Failed => StatusKind::Failing,
    };
    let mut has_running = false;
    // Init containers first, like kubectl: the first one not done names the state
    // (`Init:1/2`, `Init:CrashLoopBackOff`, `Init:Error`).
    let k = pod.spec.init_count.min(pod.status.containers.len());
    let mut initializing = false;
    for (i, c) in pod.status.containers[..k].iter().enumerate() {
        let sidecar = pod.spec.containers.get(i).is_some_and(|s| s.sidecar);
        match &c.state {
            ContainerState::Terminated { exit_code: 0, .. } => continue,
            ContainerState::Running { .. } if sidecar && c.started => continue,
            ContainerState::Terminated { reason: r, .. } => {
                reason = format!("Init:{r}");
                kind = StatusKind::Failing;
            }
            ContainerState::Waiting { reason: r, .. }
                if !r.is_empty() && r != "PodInitializing" =>
            {
                reason = format!("Init:{r}");
                kind = reason_kind(r);
            }
            _ => {
                reason = format!("Init:{i}/{k}");
                kind = StatusKind::Progressing;
            }
        }
        initializing = true;
        break;
    }
    if pod.meta.deletion_ms.is_none() && initializing {
        return PodStatus { text: reason, kind };
    }
    for c in pod.status.containers[k..].iter().rev() {
        match &c.state {
            ContainerState::Waiting { reason: r, .. } if !r.is_empty() => {
                reason = r.clone();
                kind = reason_kind(r);
            }
            ContainerState::Terminated { reason: r, .. } => {
                reason = r.as_str().to_owned();
                kind = reason_kind(r.as_str());
            }
            ContainerState::Running { .. } if c.ready => has_running = true,
            _ => {}
        }
    }
    if reason == "Completed" && has_running {
        reason = "Running".into();
        kind = StatusKind::Running;
    }
    if pod.meta.deletion_ms.is_some() {
        reason = "Terminating".into();
        kind = StatusKind::Terminating;
    }
    PodStatus { text: reason, kind }
}
