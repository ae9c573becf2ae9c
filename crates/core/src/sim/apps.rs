//! The stored objects of the workloads kept by identity or by node — StatefulSets, DaemonSets
//! and the PersistentVolumeClaims a StatefulSet's claim templates make — with their status as
//! their controllers write it. Data only; the controllers are `sim/statefulset.rs` and
//! `sim/daemonset.rs`.

use crate::input::model::{Millis, PodTemplate, Quantity};
use crate::input::model_apps::{DaemonSetSpec, StatefulSetSpec};
use crate::sim::store::ObjectMeta;

/// A ControllerRevision, kept inside its owner: the template of one revision and its hash
/// (`controller-revision-hash` is `NAME-HASH`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    pub number: u64,
    pub hash: String,
    pub template: PodTemplate,
}

/// The label StatefulSet and DaemonSet pods carry their revision in.
pub const REVISION_LABEL: &str = "controller-revision-hash";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatefulSetStatus {
    pub observed_generation: u64,
    /// Pods that exist and are not terminating.
    pub replicas: u32,
    pub ready_replicas: u32,
    pub available_replicas: u32,
    /// Pods at the current revision / at the update revision.
    pub current_replicas: u32,
    pub updated_replicas: u32,
    /// `NAME-HASH` of the revision every pod had when the last update completed.
    pub current_revision: String,
    /// `NAME-HASH` of the template now in the spec.
    pub update_revision: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSet {
    pub meta: ObjectMeta,
    pub spec: StatefulSetSpec,
    pub status: StatefulSetStatus,
    /// Oldest first; bounded by `revisionHistoryLimit` (plus the current and update ones).
    pub revisions: Vec<Revision>,
}

impl StatefulSet {
    pub fn revision(&self, name_hash: &str) -> Option<&Revision> {
        self.revisions
            .iter()
            .find(|r| format!("{}-{}", self.meta.name, r.hash) == name_hash)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DaemonSetStatus {
    pub observed_generation: u64,
    /// Nodes that should run the daemon pod.
    pub desired_number_scheduled: u32,
    /// Nodes running one (bound, not terminating).
    pub current_number_scheduled: u32,
    pub number_ready: u32,
    pub number_available: u32,
    pub updated_number_scheduled: u32,
    pub number_misscheduled: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonSet {
    pub meta: ObjectMeta,
    pub spec: DaemonSetSpec,
    pub status: DaemonSetStatus,
    pub revisions: Vec<Revision>,
    /// The eligible nodes the controller last placed pods for: a change wakes it.
    pub seen_nodes: Vec<String>,
}

/// A PersistentVolumeClaim, bound as soon as it is made to a new volume `pvc-<uid>` of its
/// class (the cluster's dynamic provisioner is not otherwise simulated).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersistentVolumeClaim {
    pub meta: ObjectMeta,
    pub access_modes: Vec<String>,
    pub storage: Quantity,
    pub storage_class: String,
    pub volume_name: String,
    /// When it was bound (at creation).
    pub bound_ms: Millis,
}

impl PersistentVolumeClaim {
    /// `RWO`, `ROX`, `RWX`, `RWOP`: kubectl's short access modes, joined with commas.
    pub fn access_modes_short(&self) -> String {
        self.access_modes
            .iter()
            .map(|m| match m.as_str() {
                "ReadWriteOnce" => "RWO",
                "ReadOnlyMany" => "ROX",
                "ReadWriteMany" => "RWX",
                "ReadWriteOncePod" => "RWOP",
                other => other,
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Fresh metadata for an object the controllers or `apply` make.
pub(crate) fn object_meta(
    name: &str,
    namespace: &str,
    labels: crate::input::model::Labels,
    annotations: crate::input::model::Labels,
    now: Millis,
    uid: String,
    owner: Option<crate::sim::store::OwnerRef>,
) -> ObjectMeta {
    ObjectMeta {
        name: name.to_string(),
        namespace: namespace.to_string(),
        uid,
        resource_version: 0,
        generation: 1,
        labels,
        annotations,
        creation_ms: now,
        owner,
        deletion_ms: None,
    }
}

/// Records the template as the newest revision: a new one gets the next number; one seen
/// before (a rollback) is renumbered as the newest, as ControllerRevisions are. Keeps at most
/// `limit` old revisions besides the newest and any named in `keep`. Returns the hash.
pub(crate) fn record_revision(
    revisions: &mut Vec<Revision>,
    template: &PodTemplate,
    limit: u32,
    keep: &[&str],
) -> String {
    let hash = crate::sim::controllers::pod_template_hash(template);
    let next = revisions.iter().map(|r| r.number).max().unwrap_or(0) + 1;
    match revisions.iter().position(|r| r.hash == hash) {
        Some(i) if i + 1 == revisions.len() => {}
        Some(i) => {
            let mut r = revisions.remove(i);
            r.number = next;
            revisions.push(r);
        }
        None => revisions.push(Revision {
            number: next,
            hash: hash.clone(),
            template: template.clone(),
        }),
    }
    while revisions.len() > limit as usize + 1 {
        let Some(i) = revisions
            .iter()
            .position(|r| r.hash != hash && !keep.contains(&r.hash.as_str()))
        else {
            break;
        };
        revisions.remove(i);
    }
    hash
}
