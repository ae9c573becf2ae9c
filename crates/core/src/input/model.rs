//! The object model: what a learner declares (specs) and what the cluster reports (status).
//!
//! These are our own types for exactly the fields Sunaba simulates — not the full Kubernetes
//! OpenAPI — so the Wasm bundle stays small and every field here has behaviour behind it.
//! Names follow the Kubernetes API (`spec.template.spec.containers[].resources.requests`), in
//! Rust case. Validation lives in [`crate::input::definitions`]; behaviour lives in the controllers,
//! scheduler and kubelet. This module holds data only.

use std::collections::BTreeMap;

pub use crate::base::clock::Millis;

pub type Labels = BTreeMap<String, String>;

/// A parsed resource quantity, keeping what the learner wrote for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// As written (`250m`, `0.5`, `128Mi`), shown back by `describe`.
    pub text: String,
    /// Millicores for CPU, bytes for memory.
    pub value: u64,
}

/// `requests` or `limits` of a container. `None` = not set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceList {
    pub cpu: Option<Quantity>,
    pub memory: Option<Quantity>,
}

impl ResourceList {
    pub fn cpu_milli(&self) -> u64 {
        self.cpu.as_ref().map_or(0, |q| q.value)
    }
    pub fn memory_bytes(&self) -> u64 {
        self.memory.as_ref().map_or(0, |q| q.value)
    }
    pub fn is_empty(&self) -> bool {
        self.cpu.is_none() && self.memory.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResourceRequirements {
    /// After defaulting: a limit without a request makes the request equal to the limit.
    pub requests: ResourceList,
    pub limits: ResourceList,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvVar {
    pub name: String,
    pub value: String,
}

/// Which kind of object an `env`/`envFrom` reference reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EnvSourceKind {
    ConfigMap,
    Secret,
}

impl EnvSourceKind {
    /// `configmap`, `secret`: how the kubelet names the kind in its messages.
    pub fn lower(self) -> &'static str {
        match self {
            EnvSourceKind::ConfigMap => "configmap",
            EnvSourceKind::Secret => "secret",
        }
    }
}

/// `env[].valueFrom.configMapKeyRef` / `secretKeyRef`: the entry `env[index]` takes its value
/// from `key` of the object `name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvKeyRef {
    pub index: usize,
    pub kind: EnvSourceKind,
    pub name: String,
    pub key: String,
    pub optional: bool,
}

/// `envFrom[].configMapRef` / `secretRef`: every key of the object becomes a variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvFromRef {
    pub kind: EnvSourceKind,
    pub name: String,
    pub prefix: String,
    pub optional: bool,
}

/// Where a container's variables come from besides literal `value`s, and what the kubelet
/// resolved them to when it created the container.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvSources {
    pub key_refs: Vec<EnvKeyRef>,
    pub env_from: Vec<EnvFromRef>,
    /// Set by the kubelet when it creates the container: `envFrom` then `env`, in order (a later
    /// name wins). `None` until then; what the running app reads.
    pub resolved: Option<Vec<EnvVar>>,
}

impl EnvSources {
    pub fn is_empty(&self) -> bool {
        self.key_refs.is_empty() && self.env_from.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    pub name: Option<String>,
    pub container_port: u16,
    pub protocol: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PullPolicy {
    Always,
    IfNotPresent,
    Never,
}

impl PullPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            PullPolicy::Always => "Always",
            PullPolicy::IfNotPresent => "IfNotPresent",
            PullPolicy::Never => "Never",
        }
    }
}

/// A port named in a probe: a number or the name of a container port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortRef {
    Number(u16),
    Name(String),
}

impl std::fmt::Display for PortRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PortRef::Number(n) => write!(f, "{n}"),
            PortRef::Name(n) => write!(f, "{n}"),
        }
    }
}

/// How the kubelet asks the app (exactly one per probe).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProbeHandler {
    HttpGet {
        path: String,
        port: PortRef,
        scheme: String,
    },
    TcpSocket {
        port: PortRef,
    },
    Exec {
        command: Vec<String>,
    },
    Grpc {
        port: u16,
    },
}

/// A liveness, readiness or startup probe, defaulted (period 10 s, timeout 1 s, success 1,
/// failure 3, no initial delay).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    pub handler: ProbeHandler,
    pub initial_delay_seconds: u32,
    pub period_seconds: u32,
    pub timeout_seconds: u32,
    pub success_threshold: u32,
    pub failure_threshold: u32,
}

/// A `lifecycle.preStop` hook: runs before SIGTERM, inside the grace period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreStopHook {
    Exec { command: Vec<String> },
    HttpGet { path: String, port: PortRef },
    Sleep { seconds: u32 },
}

impl PreStopHook {
    /// How long the hook keeps the container from receiving SIGTERM: `sleep` (as the hook or
    /// as an exec command) takes its seconds; anything else returns at once.
    pub fn duration_ms(&self) -> Millis {
        let sleep_arg = |words: &[String]| -> Option<Millis> {
            let i = words
                .iter()
                .position(|w| w == "sleep" || w == "/bin/sleep")?;
            crate::base::clock::parse_duration(words.get(i + 1)?).ok()
        };
        match self {
            PreStopHook::Sleep { seconds } => Millis::from(*seconds) * 1000,
            PreStopHook::Exec { command } => {
                let words: Vec<String> = command
                    .iter()
                    .flat_map(|c| {
                        c.split(|ch: char| ch.is_whitespace() || ch == ';')
                            .map(str::to_string)
                    })
                    .filter(|w| !w.is_empty())
                    .collect();
                sleep_arg(&words).unwrap_or(0)
            }
            PreStopHook::HttpGet { .. } => 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProbeKind {
    Startup,
    Liveness,
    Readiness,
}

impl ProbeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeKind::Startup => "Startup",
            ProbeKind::Liveness => "Liveness",
            ProbeKind::Readiness => "Readiness",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub command: Vec<String>,
    pub args: Vec<String>,
    /// As declared; an entry with `valueFrom` has an empty value here (see `env_sources`).
    pub env: Vec<EnvVar>,
    pub env_sources: EnvSources,
    pub ports: Vec<ContainerPort>,
    pub resources: ResourceRequirements,
    /// Defaulted: `Always` for `:latest` or no tag, else `IfNotPresent`.
    pub image_pull_policy: PullPolicy,
    pub liveness_probe: Option<Probe>,
    pub readiness_probe: Option<Probe>,
    pub startup_probe: Option<Probe>,
    pub pre_stop: Option<PreStopHook>,
    /// An init container with `restartPolicy: Always`: a sidecar (starts in init order, keeps
    /// running beside the app containers, counts in READY).
    pub sidecar: bool,
}

impl Container {
    pub fn probe(&self, kind: ProbeKind) -> Option<&Probe> {
        match kind {
            ProbeKind::Startup => self.startup_probe.as_ref(),
            ProbeKind::Liveness => self.liveness_probe.as_ref(),
            ProbeKind::Readiness => self.readiness_probe.as_ref(),
        }
    }

    /// The value the running process sees: the kubelet's resolved list once the container was
    /// created, else the literal `env`.
    pub fn env_value(&self, name: &str) -> Option<&str> {
        self.env_sources
            .resolved
            .as_ref()
            .unwrap_or(&self.env)
            .iter()
            .rev()
            .find(|e| e.name == name)
            .map(|e| e.value.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RestartPolicy {
    Always,
    OnFailure,
    Never,
}

impl RestartPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            RestartPolicy::Always => "Always",
            RestartPolicy::OnFailure => "OnFailure",
            RestartPolicy::Never => "Never",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaintEffect {
    NoSchedule,
    PreferNoSchedule,
    NoExecute,
}

impl TaintEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            TaintEffect::NoSchedule => "NoSchedule",
            TaintEffect::PreferNoSchedule => "PreferNoSchedule",
            TaintEffect::NoExecute => "NoExecute",
        }
    }

    pub fn parse(s: &str) -> Option<TaintEffect> {
        match s {
            "NoSchedule" => Some(TaintEffect::NoSchedule),
            "PreferNoSchedule" => Some(TaintEffect::PreferNoSchedule),
            "NoExecute" => Some(TaintEffect::NoExecute),
            _ => None,
        }
    }
}

/// A node taint (`kubectl taint nodes node-1 dedicated=gpu:NoSchedule`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Taint {
    pub key: String,
    pub value: String,
    pub effect: TaintEffect,
}

/// A pod toleration. `key: None` with `Exists` tolerates everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toleration {
    pub key: Option<String>,
    /// `Exists` (true) or `Equal` (false, the default).
    pub exists: bool,
    pub value: String,
    /// `None` = every effect.
    pub effect: Option<TaintEffect>,
}

impl Toleration {
    pub fn tolerates(&self, t: &Taint) -> bool {
        self.effect.is_none_or(|e| e == t.effect)
            && match &self.key {
                None => self.exists,
                Some(k) => k == &t.key && (self.exists || self.value == t.value),
            }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodSpec {
    /// Init containers first (`initContainers`, in order), then the app containers: one list,
    /// so every container has one index for the kubelet's timers and statuses.
    pub containers: Vec<Container>,
    /// How many of `containers` are init containers (the first ones).
    pub init_count: usize,
    pub restart_policy: RestartPolicy,
    pub termination_grace_period_seconds: u64,
    pub node_selector: Labels,
    pub tolerations: Vec<Toleration>,
    /// Set by the learner (bypasses the scheduler, like the real field) or by the scheduler's bind.
    pub node_name: Option<String>,
    /// `hostname` / `subdomain`: a StatefulSet's pod is `web-0` in subdomain `nginx` (its
    /// governing Service), so DNS can answer `web-0.nginx`.
    pub hostname: Option<String>,
    pub subdomain: Option<String>,
    /// A required node affinity on `metadata.name` (what the DaemonSet controller gives each
    /// of its pods): the scheduler may bind it only to this node.
    pub affinity_node: Option<String>,
}

impl PodSpec {
    /// The pod's effective requests, what the scheduler fits against a node: the larger of the
    /// app phase (app containers + every sidecar) and each regular init container's moment
    /// (itself + the sidecars started before it), as the API server computes them.
    pub fn requests(&self) -> (u64, u64) {
        let req = |k: &Container| {
            (
                k.resources.requests.cpu_milli(),
                k.resources.requests.memory_bytes(),
            )
        };
        let (mut sidecars, mut peak) = ((0u64, 0u64), (0u64, 0u64));
        for k in self.init_containers() {
            let (c, m) = req(k);
            if k.sidecar {
                sidecars = (sidecars.0 + c, sidecars.1 + m);
            } else {
                peak = (peak.0.max(sidecars.0 + c), peak.1.max(sidecars.1 + m));
            }
        }
        let app = self
            .app_containers()
            .iter()
            .fold(sidecars, |(c, m), k| (c + req(k).0, m + req(k).1));
        (peak.0.max(app.0), peak.1.max(app.1))
    }

    pub fn init_containers(&self) -> &[Container] {
        &self.containers[..self.init_count.min(self.containers.len())]
    }

    pub fn app_containers(&self) -> &[Container] {
        &self.containers[self.init_count.min(self.containers.len())..]
    }

    pub fn is_init(&self, i: usize) -> bool {
        i < self.init_count
    }

    /// App containers and sidecars: what READY counts and the Ready condition needs.
    pub fn counts_for_ready(&self, i: usize) -> bool {
        !self.is_init(i) || self.containers.get(i).is_some_and(|c| c.sidecar)
    }

    /// How many containers READY counts (`1/2`: app containers + sidecars).
    pub fn ready_total(&self) -> usize {
        (0..self.containers.len())
            .filter(|&i| self.counts_for_ready(i))
            .count()
    }

    /// The container `kubectl logs`/`sim kill` address by default: the first app container.
    pub fn main_container(&self) -> usize {
        self.init_count.min(self.containers.len().saturating_sub(1))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodTemplate {
    pub labels: Labels,
    pub annotations: Labels,
    pub spec: PodSpec,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SelectorOp {
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectorRequirement {
    pub key: String,
    pub operator: SelectorOp,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelSelector {
    pub match_labels: Labels,
    pub match_expressions: Vec<SelectorRequirement>,
}

impl LabelSelector {
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| {
                let v = labels.get(&r.key);
                match r.operator {
                    SelectorOp::In => v.is_some_and(|v| r.values.contains(v)),
                    SelectorOp::NotIn => v.is_none_or(|v| !r.values.contains(v)),
                    SelectorOp::Exists => v.is_some(),
                    SelectorOp::DoesNotExist => v.is_none(),
                }
            })
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }
}

/// `maxSurge` / `maxUnavailable`: an absolute number or a percentage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    Int(u32),
    Percent(u32),
}

impl IntOrPercent {
    /// Resolves against `total`, rounding up (maxSurge) or down (maxUnavailable).
    pub fn resolve(self, total: u32, round_up: bool) -> u32 {
        match self {
            IntOrPercent::Int(n) => n,
            IntOrPercent::Percent(p) => {
                let scaled = u64::from(total) * u64::from(p);
                let v = if round_up {
                    scaled.div_ceil(100)
                } else {
                    scaled / 100
                };
                u32::try_from(v).unwrap_or(u32::MAX)
            }
        }
    }
}

impl std::fmt::Display for IntOrPercent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrPercent::Int(n) => write!(f, "{n}"),
            IntOrPercent::Percent(p) => write!(f, "{p}%"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeploymentStrategy {
    RollingUpdate {
        max_surge: IntOrPercent,
        max_unavailable: IntOrPercent,
    },
    Recreate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentSpec {
    pub replicas: u32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub strategy: DeploymentStrategy,
    pub min_ready_seconds: u32,
    pub revision_history_limit: u32,
    pub progress_deadline_seconds: u32,
    /// `kubectl rollout pause`: template changes wait for `rollout resume`. The manifest
    /// reader leaves it false (it ignores `spec.paused`); apply keeps what the store has.
    pub paused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePort {
    pub name: Option<String>,
    pub port: u16,
    pub target_port: u16,
    pub protocol: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub selector: Labels,
    pub ports: Vec<ServicePort>,
    /// `ClusterIP` (default), `NodePort`, `LoadBalancer`.
    pub type_: String,
    /// `clusterIP` as written: `None` makes a headless Service (DNS answers its pods' IPs).
    pub cluster_ip: Option<String>,
}

/// Metadata a learner writes in a manifest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ManifestMeta {
    pub name: String,
    /// `None` = the namespace of the command (`default`).
    pub namespace: Option<String>,
    pub labels: Labels,
    pub annotations: Labels,
}

/// One object of a definition file, validated and defaulted, ready for the API store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Manifest {
    Deployment {
        meta: ManifestMeta,
        spec: DeploymentSpec,
    },
    Pod {
        meta: ManifestMeta,
        spec: PodSpec,
    },
    Service {
        meta: ManifestMeta,
        spec: ServiceSpec,
    },
    Namespace {
        meta: ManifestMeta,
    },
    ConfigMap {
        meta: ManifestMeta,
        data: BTreeMap<String, String>,
        /// `immutable`, as written (`None` when left out).
        immutable: Option<bool>,
    },
    Secret {
        meta: ManifestMeta,
        /// `Opaque` unless written.
        type_: String,
        /// Decoded bytes (`data` is base64 in the manifest; `stringData` is merged in).
        data: BTreeMap<String, Vec<u8>>,
        /// `immutable`, as written (`None` when left out).
        immutable: Option<bool>,
    },
    /// An object of a kind Sunaba stores but does not run (an Ingress, an HPA, …): kept as
    /// written, every field besides `apiVersion`, `kind`, `metadata` and `status` in `body`.
    Stored {
        kind: &'static crate::input::stored_kinds::StoredKind,
        api_version: String,
        meta: ManifestMeta,
        body: serde_json::Map<String, serde_json::Value>,
    },
    Job {
        meta: ManifestMeta,
        spec: JobSpec,
    },
    CronJob {
        meta: ManifestMeta,
        spec: CronJobSpec,
    },
    StatefulSet {
        meta: ManifestMeta,
        spec: StatefulSetSpec,
    },
    DaemonSet {
        meta: ManifestMeta,
        spec: DaemonSetSpec,
    },
}

impl Manifest {
    pub fn meta(&self) -> &ManifestMeta {
        match self {
            Manifest::Deployment { meta, .. }
            | Manifest::Pod { meta, .. }
            | Manifest::Service { meta, .. }
            | Manifest::Namespace { meta }
            | Manifest::ConfigMap { meta, .. }
            | Manifest::Secret { meta, .. }
            | Manifest::Stored { meta, .. }
            | Manifest::Job { meta, .. }
            | Manifest::CronJob { meta, .. }
            | Manifest::StatefulSet { meta, .. }
            | Manifest::DaemonSet { meta, .. } => meta,
        }
    }

    /// The kind as written in `kind:`.
    pub fn kind(&self) -> &'static str {
        match self {
            Manifest::Deployment { .. } => "Deployment",
            Manifest::Pod { .. } => "Pod",
            Manifest::Service { .. } => "Service",
            Manifest::Namespace { .. } => "Namespace",
            Manifest::ConfigMap { .. } => "ConfigMap",
            Manifest::Secret { .. } => "Secret",
            Manifest::Stored { kind, .. } => kind.kind,
            Manifest::Job { .. } => "Job",
            Manifest::CronJob { .. } => "CronJob",
            Manifest::StatefulSet { .. } => "StatefulSet",
            Manifest::DaemonSet { .. } => "DaemonSet",
        }
    }
}

// ---------------------------------------------------------------- batch/v1: Job, CronJob

/// `spec.completionMode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionMode {
    NonIndexed,
    Indexed,
}

impl CompletionMode {
    pub fn as_str(self) -> &'static str {
        match self {
            CompletionMode::NonIndexed => "NonIndexed",
            CompletionMode::Indexed => "Indexed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSpec {
    /// `None`: a work queue (done when one pod succeeds). Both unset → 1 and 1.
    pub completions: Option<u32>,
    pub parallelism: u32,
    pub backoff_limit: u32,
    pub active_deadline_seconds: Option<u64>,
    pub ttl_seconds_after_finished: Option<u32>,
    pub completion_mode: CompletionMode,
    pub suspend: bool,
    /// As written; empty when left to the API server, which then selects on the Job's uid.
    pub selector: LabelSelector,
    pub template: PodTemplate,
}

/// `spec.concurrencyPolicy` of a CronJob.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConcurrencyPolicy {
    Allow,
    Forbid,
    Replace,
}

impl ConcurrencyPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            ConcurrencyPolicy::Allow => "Allow",
            ConcurrencyPolicy::Forbid => "Forbid",
            ConcurrencyPolicy::Replace => "Replace",
        }
    }
}

/// `spec.jobTemplate`: the Jobs a CronJob makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobTemplate {
    pub labels: Labels,
    pub annotations: Labels,
    pub spec: JobSpec,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CronJobSpec {
    /// As written (the SCHEDULE column).
    pub schedule: String,
    pub parsed: crate::input::cron::CronSchedule,
    /// As written; Sunaba runs every schedule in UTC.
    pub time_zone: Option<String>,
    pub concurrency_policy: ConcurrencyPolicy,
    pub suspend: bool,
    pub starting_deadline_seconds: Option<u64>,
    pub successful_jobs_history_limit: u32,
    pub failed_jobs_history_limit: u32,
    pub job_template: JobTemplate,
}

// ---------------------------------------------------------------- StatefulSets and DaemonSets
// The apps/v1 workloads that keep pods by identity or by node; read in
// `definitions/objects/{statefulset,daemonset}.rs`.

/// `spec.podManagementPolicy`: one pod at a time, in ordinal order, or all at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodManagementPolicy {
    OrderedReady,
    Parallel,
}

impl PodManagementPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            PodManagementPolicy::OrderedReady => "OrderedReady",
            PodManagementPolicy::Parallel => "Parallel",
        }
    }
}

/// `spec.updateStrategy` of a StatefulSet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatefulSetUpdateStrategy {
    /// Pods at ordinals ≥ `partition` are replaced, highest first, `max_unavailable` at a time.
    RollingUpdate {
        partition: u32,
        max_unavailable: IntOrPercent,
    },
    /// Pods take the new template only when the learner deletes them.
    OnDelete,
}

/// `whenDeleted` / `whenScaled` of `persistentVolumeClaimRetentionPolicy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimRetention {
    Retain,
    Delete,
}

impl ClaimRetention {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimRetention::Retain => "Retain",
            ClaimRetention::Delete => "Delete",
        }
    }
}

/// One entry of `volumeClaimTemplates`: what each pod's claim asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimTemplate {
    pub name: String,
    pub labels: Labels,
    /// As written (`ReadWriteOnce`, …).
    pub access_modes: Vec<String>,
    /// `resources.requests.storage`.
    pub storage: Quantity,
    /// `None`: the cluster's default class (`standard`).
    pub storage_class: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSetSpec {
    /// The governing (headless) Service: pods get `subdomain` = this name.
    pub service_name: String,
    pub replicas: u32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub pod_management_policy: PodManagementPolicy,
    pub update_strategy: StatefulSetUpdateStrategy,
    pub volume_claim_templates: Vec<ClaimTemplate>,
    pub min_ready_seconds: u32,
    pub revision_history_limit: u32,
    /// (whenDeleted, whenScaled); Retain and Retain by default.
    pub claim_retention: (ClaimRetention, ClaimRetention),
}

/// `spec.updateStrategy` of a DaemonSet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DaemonSetUpdateStrategy {
    RollingUpdate {
        max_unavailable: IntOrPercent,
        max_surge: IntOrPercent,
    },
    OnDelete,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonSetSpec {
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub update_strategy: DaemonSetUpdateStrategy,
    pub min_ready_seconds: u32,
    pub revision_history_limit: u32,
}
