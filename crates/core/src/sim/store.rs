//! The API store: the cluster's desired and reported state, as objects with metadata.
//!
//! Every change to an object bumps the store's `resourceVersion` and stamps the object, like
//! etcd behind the API server. Controllers, the scheduler and the kubelet read and write
//! objects only through here. Collections are ordered (`BTreeMap`) so iteration — and with it
//! every decision — is deterministic.

use std::collections::{BTreeMap, BTreeSet};

use crate::base::object_map::{ObjectMap, ObjectSet};
use crate::input::model::{CronJobSpec, JobSpec};
use crate::input::model::{
    DaemonSetSpec, DeploymentSpec, LabelSelector, Labels, Millis, PodSpec, PodTemplate, Quantity,
    ServiceSpec, StatefulSetSpec,
};
use crate::sim::owner_counts::{Counted, OwnerCounts};

/// (namespace, name)
pub type Key = (String, String);

/// Pods are addressed by a stable numeric id internally (timers carry it); names are unique per namespace.
pub type PodId = u64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnerRef {
    pub kind: &'static str,
    pub name: String,
    pub uid: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectMeta {
    pub name: String,
    pub namespace: String,
    pub uid: String,
    pub resource_version: u64,
    pub generation: u64,
    pub labels: Labels,
    pub annotations: Labels,
    pub creation_ms: Millis,
    pub owner: Option<OwnerRef>,
    /// Set when deletion was requested and the object is terminating.
    pub deletion_ms: Option<Millis>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploymentStatus {
    pub observed_generation: u64,
    pub replicas: u32,
    pub updated_replicas: u32,
    pub ready_replicas: u32,
    pub available_replicas: u32,
    pub unavailable_replicas: u32,
    /// Last time the rollout made progress (a ReplicaSet scaled, a new pod became available).
    pub progress_ms: Millis,
    /// `Progressing=False, reason ProgressDeadlineExceeded`: no progress for progressDeadlineSeconds.
    pub progress_deadline_exceeded: bool,
}

impl DeploymentStatus {
    /// All replicas updated, available, and no old ones left.
    pub fn complete(&self, replicas: u32) -> bool {
        self.updated_replicas == replicas
            && self.replicas == replicas
            && self.available_replicas == replicas
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub meta: ObjectMeta,
    pub spec: DeploymentSpec,
    pub status: DeploymentStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicaSetStatus {
    pub replicas: u32,
    pub ready_replicas: u32,
    pub available_replicas: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaSet {
    pub meta: ObjectMeta,
    pub replicas: u32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    /// `deployment.kubernetes.io/revision`
    pub revision: u64,
    pub status: ReplicaSetStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
}

impl PodPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Pending => "Pending",
            PodPhase::Running => "Running",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
        }
    }
}

crate::sim::event_reason::vocabulary! {
    /// Why a container's process ended, as its `state.terminated.reason` says.
    ExitReason {
        /// Exit code 0.
        Completed => "Completed",
        /// Any other exit code, including a SIGKILL from outside (137).
        Error => "Error",
        /// The kernel killed it for going over its memory limit (137).
        OomKilled => "OOMKilled",
        /// Its machine went away while it ran (exit code 255).
        Unknown => "Unknown",
    }
}

impl ExitReason {
    /// A process that exited on its own (or was killed from outside): Completed for 0.
    pub fn of_code(code: i32) -> ExitReason {
        if code == 0 {
            ExitReason::Completed
        } else {
            ExitReason::Error
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContainerState {
    Waiting {
        reason: String,
        message: Option<String>,
    },
    Running {
        started_ms: Millis,
    },
    Terminated {
        exit_code: i32,
        reason: ExitReason,
        started_ms: Millis,
        finished_ms: Millis,
    },
}

/// A container's reported status plus the kubelet's private bookkeeping for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerStatus {
    pub name: String,
    pub image: String,
    pub state: ContainerState,
    /// The previous instance's end (`Last State: Terminated`).
    pub last_state: Option<ContainerState>,
    pub ready: bool,
    pub restart_count: u32,
    /// Incremented on every start, kill and node failure: timers for an older instance are stale.
    pub instance: u64,
    /// Current crash back-off delay; 0 = none yet.
    pub back_off_ms: Millis,
    /// Current image-pull back-off delay (separate: a successful pull must not reset crash back-off).
    pub pull_back_off_ms: Millis,
    /// When the next restart or pull retry is due, while backing off.
    pub back_off_until_ms: Option<Millis>,
    /// (pull start, pull end) while the image is being pulled.
    pub pulling: Option<(Millis, Millis)>,
    /// stdout of the current and the previous instance (bounded).
    pub logs: Vec<String>,
    pub previous_logs: Option<Vec<String>>,
    /// The process is alive on the node (false after a node failure, until the kubelet notices).
    pub alive: bool,
    /// The startup probe succeeded (or there is none).
    pub started: bool,
    /// Consecutive probe results, indexed by `ProbeKind as usize` (startup, liveness, readiness).
    pub probe_successes: [u32; 3],
    pub probe_failures: [u32; 3],
    /// The shell script the current instance runs, as far as it has been followed.
    pub script: Option<Box<crate::sim::runtime::script::ScriptRun>>,
    /// While the runtime starts a created container (between `Created` and `Started`): when
    /// its process will be up.
    pub starting: Option<Millis>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodStatus {
    pub phase: PodPhase,
    /// Set while the scheduler cannot place the pod: the `FailedScheduling` message.
    pub unschedulable_message: Option<String>,
    /// When the pod was bound (PodScheduled).
    pub scheduled_ms: Option<Millis>,
    pub start_ms: Option<Millis>,
    pub pod_ip: Option<String>,
    pub host_ip: Option<String>,
    pub containers: Vec<ContainerStatus>,
    /// The node controller marked the pod not ready (its node stopped reporting).
    pub node_lost: bool,
    /// Since when all containers are ready (for availability / minReadySeconds).
    pub ready_since_ms: Option<Millis>,
    /// The runtime made the pod's sandbox (`PodReadyToStartContainers`).
    pub sandbox_ready: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pod {
    pub id: PodId,
    pub meta: ObjectMeta,
    pub spec: PodSpec,
    pub status: PodStatus,
    /// What the pod counted for in its owner's counts when they were last made
    /// ([`crate::sim::owner_counts`]).
    pub(crate) counted: Counted,
    /// The index in the node table of `spec.node_name` (set with it, when bound).
    pub(crate) bound_to: Option<u32>,
}

impl Pod {
    pub fn key(&self) -> Key {
        (self.meta.namespace.clone(), self.meta.name.clone())
    }

    /// All app containers and sidecars ready (the pod's Ready condition).
    pub fn is_ready(&self) -> bool {
        !self.status.node_lost
            && self.meta.deletion_ms.is_none()
            && self.spec.ready_total() > 0
            && self.status.containers.len() == self.spec.containers.len()
            && self
                .status
                .containers
                .iter()
                .enumerate()
                .all(|(i, c)| c.ready || !self.spec.counts_for_ready(i))
    }

    /// READY's numerator: ready app containers and sidecars (none on a lost node).
    pub fn ready_count(&self) -> usize {
        if self.status.node_lost {
            return 0;
        }
        self.status
            .containers
            .iter()
            .enumerate()
            .filter(|(i, c)| c.ready && self.spec.counts_for_ready(*i))
            .count()
    }

    /// Counts toward a ReplicaSet's replicas: not terminating and not finished.
    pub fn is_active(&self) -> bool {
        self.meta.deletion_ms.is_none()
            && !matches!(self.status.phase, PodPhase::Succeeded | PodPhase::Failed)
    }

    pub fn restarts(&self) -> u32 {
        self.status.containers.iter().map(|c| c.restart_count).sum()
    }

    /// What the pod counts for in its owner's status now ([`crate::sim::owner_counts`]).
    pub(crate) fn counted_now(&self) -> Counted {
        Counted::new(
            self.is_active(),
            self.is_ready(),
            self.status.ready_since_ms.is_some(),
            self.bound_to,
        )
    }

    pub fn owner_name(&self) -> Option<&str> {
        self.meta.owner.as_ref().map(|o| o.name.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    pub meta: ObjectMeta,
    pub spec: ServiceSpec,
    pub cluster_ip: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Namespace {
    pub meta: ObjectMeta,
}

/// A ConfigMap: string data the kubelet reads into containers' environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigMap {
    pub meta: ObjectMeta,
    pub data: BTreeMap<String, String>,
    /// `immutable`: once true, `data` and `immutable` itself can no longer change.
    pub immutable: Option<bool>,
}

/// A Secret: like a ConfigMap, but bytes (base64 in manifests and `-o yaml`) and a `type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    pub meta: ObjectMeta,
    pub type_: String,
    pub data: BTreeMap<String, Vec<u8>>,
    /// `immutable`: once true, `data` and `immutable` itself can no longer change.
    pub immutable: Option<bool>,
}

/// (kind, namespace — empty for a cluster-scoped kind —, name)
pub type StoredKey = (&'static str, String, String);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredObject {
    pub kind: &'static crate::input::stored_kinds::StoredKind,
    pub api_version: String,
    pub meta: ObjectMeta,
    /// Every field besides `apiVersion`, `kind`, `metadata` and `status`, as written.
    pub body: serde_json::Map<String, serde_json::Value>,
}

#[derive(Clone, Debug, Default)]
pub struct Store {
    resource_version: u64,
    pub namespaces: ObjectMap<String, Namespace>,
    pub deployments: ObjectMap<Key, Deployment>,
    pub replicasets: ObjectMap<Key, ReplicaSet>,
    pub pods: ObjectMap<PodId, Pod>,
    pub pod_names: ObjectMap<Key, PodId>,
    pub services: ObjectMap<Key, Service>,
    pub configmaps: ObjectMap<Key, ConfigMap>,
    pub secrets: ObjectMap<Key, Secret>,
    /// Objects of the kinds stored but not run (their operations: `crate::sim::stored`).
    pub stored: ObjectMap<StoredKey, StoredObject>,
    pub statefulsets: ObjectMap<Key, StatefulSet>,
    pub daemonsets: ObjectMap<Key, DaemonSet>,
    pub pvcs: ObjectMap<Key, PersistentVolumeClaim>,
    /// (namespace, owner name) → pods it owns: controllers look their pods up here.
    owned: ObjectMap<Key, BTreeSet<(String, PodId)>>,
    /// Deployment → its template and the template's hash, as last computed (the Deployment
    /// controller needs the hash at every pass; computing it serialises the whole template).
    template_hashes: ObjectMap<Key, (PodTemplate, String)>,
    /// Node name → the pods bound to it (a node's failure walks them).
    on_node: ObjectMap<String, ObjectSet<PodId>>,
    /// (namespace, owner name) → its pods' counts, kept as they change.
    counts: ObjectMap<Key, OwnerCounts>,
    next_pod_id: PodId,
    pub jobs: ObjectMap<Key, Job>,
    pub cronjobs: ObjectMap<Key, CronJob>,
}

impl Store {
    /// A copy of the indexes kept beside the pods (the benchmark's memory breakdown).
    pub(crate) fn pod_indexes_clone(&self) -> impl std::any::Any {
        (self.pod_names.clone(), self.owned.clone())
    }

    /// Ready endpoints of a Service: `IP:targetPort` of every ready, non-terminating pod it selects.
    pub fn service_endpoints(&self, svc: &Service) -> Vec<String> {
        if svc.spec.selector.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for p in self.pods.values() {
            if p.meta.namespace != svc.meta.namespace || !p.is_ready() {
                continue;
            }
            if !svc
                .spec
                .selector
                .iter()
                .all(|(k, v)| p.meta.labels.get(k) == Some(v))
            {
                continue;
            }
            let Some(ip) = &p.status.pod_ip else { continue };
            for port in &svc.spec.ports {
                out.push(format!("{ip}:{}", port.target_port));
            }
        }
        crate::base::sort::sort(&mut out);
        out
    }

    /// The next resourceVersion (monotonic across all objects).
    pub fn next_rv(&mut self) -> u64 {
        self.resource_version += 1;
        self.resource_version
    }

    pub fn resource_version(&self) -> u64 {
        self.resource_version
    }

    pub fn new_pod_id(&mut self) -> PodId {
        self.next_pod_id += 1;
        self.next_pod_id
    }

    pub fn insert_pod(&mut self, mut pod: Pod) {
        pod.meta.resource_version = self.next_rv();
        self.pod_names.insert(pod.key(), pod.id);
        if let Some(o) = &pod.meta.owner {
            let key = (pod.meta.namespace.clone(), o.name.clone());
            let entry = (pod.meta.name.clone(), pod.id);
            match self.owned.get_mut(&key) {
                Some(set) => {
                    set.insert(entry);
                }
                None => {
                    let mut set = BTreeSet::new();
                    set.insert(entry);
                    self.owned.insert(key, set);
                }
            }
        }
        let id = pod.id;
        self.pods.insert(id, pod);
        self.touch(id);
    }

    pub fn remove_pod(&mut self, id: PodId) -> Option<Pod> {
        self.forget_counted(id);
        let pod = self.pods.remove(&id)?;
        if let Some(node) = &pod.spec.node_name {
            if let Some(ids) = self.on_node.get_mut(node) {
                ids.remove(&id);
                if ids.is_empty() {
                    self.on_node.remove(node);
                }
            }
        }
        self.pod_names.remove(&pod.key());
        if let Some(o) = &pod.meta.owner {
            let key = (pod.meta.namespace.clone(), o.name.clone());
            if let Some(set) = self.owned.get_mut(&key) {
                set.remove(&(pod.meta.name.clone(), pod.id));
                if set.is_empty() {
                    self.owned.remove(&key);
                }
            }
        }
        self.next_rv();
        Some(pod)
    }

    pub fn pod_by_name(&self, namespace: &str, name: &str) -> Option<&Pod> {
        self.pod_names
            .get(&(namespace.to_string(), name.to_string()))
            .and_then(|id| self.pods.get(id))
    }

    /// Mutable access that stamps a new resourceVersion.
    pub fn pod_mut(&mut self, id: PodId) -> Option<&mut Pod> {
        self.resource_version += 1;
        let rv = self.resource_version;
        self.touch(id);
        let pod = self.pods.get_mut(&id)?;
        pod.meta.resource_version = rv;
        Some(pod)
    }

    /// Gives a pod another owner (or none): `--cascade=orphan` leaves pods without one, and
    /// a controller adopts the orphans its selector matches. Keeps the owner index whole.
    pub fn set_owner(&mut self, id: PodId, owner: Option<OwnerRef>) {
        self.forget_counted(id);
        let Some(pod) = self.pods.get(&id) else {
            return;
        };
        let (ns, name) = (pod.meta.namespace.clone(), pod.meta.name.clone());
        if let Some(o) = &pod.meta.owner {
            let key = (ns.clone(), o.name.clone());
            if let Some(set) = self.owned.get_mut(&key) {
                set.remove(&(name.clone(), id));
                if set.is_empty() {
                    self.owned.remove(&key);
                }
            }
        }
        if let Some(o) = &owner {
            self.owned
                .get_or_default((ns, o.name.clone()))
                .insert((name, id));
        }
        if let Some(p) = self.pod_mut(id) {
            p.meta.owner = owner;
        }
        self.touch(id);
    }

    /// Pods bound to the named machine, in id order (what a node's failure, return or removal
    /// walks).
    pub fn pods_on(&self, node: &str) -> Vec<PodId> {
        let on: Vec<PodId> = self
            .on_node
            .get(node)
            .map(|ids| ids.iter().copied().collect())
            .unwrap_or_default();
        // Every test checks the index against a walk over all pods.
        debug_assert_eq!(
            on,
            self.pods
                .values()
                .filter(|p| p.spec.node_name.as_deref() == Some(node))
                .map(|p| p.id)
                .collect::<Vec<_>>(),
            "pods on {node}"
        );
        on
    }

    /// The Deployment `key`'s `pod-template-hash` for `template`, computed again only when the
    /// template differs from the last one asked for.
    pub(crate) fn template_hash(&mut self, key: &Key, template: &PodTemplate) -> String {
        if let Some((last, hash)) = self.template_hashes.get(key) {
            if last == template {
                return hash.clone();
            }
        }
        let hash = crate::input::model_json::pod_template_hash(template);
        self.template_hashes
            .insert(key.clone(), (template.clone(), hash.clone()));
        hash
    }

    /// The Deployment `key` is gone: its hash is no longer kept.
    pub(crate) fn forget_template_hash(&mut self, key: &Key) {
        self.template_hashes.remove(key);
    }

    /// `id` is bound to `node` now (its `spec.nodeName` was just set).
    pub(crate) fn bound(&mut self, id: PodId, node: &str) {
        match self.on_node.get_mut(node) {
            Some(ids) => {
                ids.insert(id);
            }
            None => {
                let mut ids = ObjectSet::new();
                ids.insert(id);
                self.on_node.insert(node.to_string(), ids);
            }
        }
    }

    /// Takes the pod out of its owner's set and clears its owner reference: what the
    /// ReplicaSet controller does to a pod whose labels no longer match its selector.
    pub fn release_pod(&mut self, id: PodId) {
        self.forget_counted(id);
        let Some(pod) = self.pod_mut(id) else { return };
        let Some(o) = pod.meta.owner.take() else {
            return;
        };
        let key = (pod.meta.namespace.clone(), o.name.clone());
        let entry = (pod.meta.name.clone(), id);
        if let Some(set) = self.owned.get_mut(&key) {
            set.remove(&entry);
            if set.is_empty() {
                self.owned.remove(&key);
            }
        }
    }

    /// Marks `id` for a new look in its owner's counts (it is about to change, or is new).
    pub(crate) fn touch(&mut self, id: PodId) {
        if let Some(key) = self.owner_key(id) {
            self.counts.get_or_default(key).touch(id);
        }
    }

    /// Takes `id`'s share out of its owner's counts (it is being removed or re-owned).
    fn forget_counted(&mut self, id: PodId) {
        let Some(key) = self.owner_key(id) else {
            return;
        };
        let Some(pod) = self.pods.get_mut(&id) else {
            return;
        };
        let counted = std::mem::take(&mut pod.counted);
        if let Some(counts) = self.counts.get_mut(&key) {
            counts.forget(id, counted);
            if counts.is_empty() {
                self.counts.remove(&key);
            }
        }
    }

    fn owner_key(&self, id: PodId) -> Option<Key> {
        let pod = self.pods.get(&id)?;
        let owner = pod.meta.owner.as_ref()?;
        Some((pod.meta.namespace.clone(), owner.name.clone()))
    }

    /// The counts of the pods the named owner has now, looking again only at those changed
    /// since the last look.
    pub(crate) fn owner_counts(&mut self, namespace: &str, owner: &str) -> Option<&OwnerCounts> {
        let key = (namespace.to_string(), owner.to_string());
        let counts = self.counts.get_mut(&key)?;
        for id in counts.take_touched().iter() {
            let Some(pod) = self.pods.get_mut(id) else {
                continue;
            };
            let owned = pod.meta.owner.as_ref().is_some_and(|o| o.name == owner)
                && pod.meta.namespace == namespace;
            if owned {
                let now = pod.counted_now();
                counts.recount(std::mem::replace(&mut pod.counted, now), now);
            }
        }
        Some(counts)
    }

    /// Pods owned by the named ReplicaSet, in name order.
    pub fn pods_of(&self, namespace: &str, owner: &str) -> Vec<PodId> {
        self.owned
            .get(&(namespace.to_string(), owner.to_string()))
            .map(|set| set.iter().map(|(_, id)| *id).collect())
            .unwrap_or_default()
    }
}

crate::sim::event_reason::vocabulary! {
    /// The type of a Job's condition.
    JobConditionType {
        /// The success criteria hold; `Complete` follows once no pod is left running.
        SuccessCriteriaMet => "SuccessCriteriaMet",
        Complete => "Complete",
        /// The Job will fail; `Failed` follows once no pod is left running.
        FailureTarget => "FailureTarget",
        Failed => "Failed",
        Suspended => "Suspended",
    }
}

crate::sim::event_reason::vocabulary! {
    /// Why a Job's condition holds.
    JobConditionReason {
        CompletionsReached => "CompletionsReached",
        BackoffLimitExceeded => "BackoffLimitExceeded",
        DeadlineExceeded => "DeadlineExceeded",
        JobSuspended => "JobSuspended",
    }
}

impl JobConditionReason {
    /// The condition's message, in the Job controller's words.
    pub fn message(self) -> &'static str {
        match self {
            JobConditionReason::CompletionsReached => "Reached expected number of succeeded pods",
            JobConditionReason::BackoffLimitExceeded => {
                "Job has reached the specified backoff limit"
            }
            JobConditionReason::DeadlineExceeded => "Job was active longer than specified deadline",
            JobConditionReason::JobSuspended => "Job suspended",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobCondition {
    pub type_: JobConditionType,
    pub reason: JobConditionReason,
    pub time_ms: Millis,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobStatus {
    /// When the controller first ran the Job (not while suspended).
    pub start_ms: Option<Millis>,
    pub completion_ms: Option<Millis>,
    pub active: u32,
    pub ready: u32,
    pub succeeded: u32,
    pub failed: u32,
    pub conditions: Vec<JobCondition>,
    /// The controller's bookkeeping (the API's `uncountedTerminatedPods` settled): the uids of
    /// the pods already counted in `succeeded` or `failed`, so a finished pod deleted later
    /// still counts, and none counts twice.
    pub counted: BTreeSet<String>,
}

impl JobStatus {
    pub fn has(&self, t: JobConditionType) -> bool {
        self.conditions.iter().any(|c| c.type_ == t)
    }

    /// Complete or Failed: nothing more will run.
    pub fn finished(&self) -> bool {
        self.has(JobConditionType::Complete) || self.has(JobConditionType::Failed)
    }

    /// When it finished (the Complete or Failed condition's time).
    pub fn finished_ms(&self) -> Option<Millis> {
        self.conditions
            .iter()
            .find(|c| {
                matches!(
                    c.type_,
                    JobConditionType::Complete | JobConditionType::Failed
                )
            })
            .map(|c| c.time_ms)
    }
}

/// A Job: its spec (selector and template labels as the API server completes them), status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub meta: ObjectMeta,
    pub spec: JobSpec,
    pub status: JobStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CronJobStatus {
    /// Names of its Jobs still running, oldest first.
    pub active: Vec<String>,
    pub last_schedule_ms: Option<Millis>,
    pub last_successful_ms: Option<Millis>,
    /// The controller's own bookkeeping, not part of the API: the schedule time its timer is
    /// set for, so each pass does not queue another.
    pub wake_ms: Option<Millis>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronJob {
    pub meta: ObjectMeta,
    pub spec: CronJobSpec,
    pub status: CronJobStatus,
}

// ---------------------------------------------------------------- StatefulSets, DaemonSets, claims
// Written by `sim/statefulset.rs` and `sim/daemonset.rs`.

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
