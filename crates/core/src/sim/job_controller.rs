//! The Job controller: runs a Job's pods until enough of them succeed, or gives up.
//!
//! Level-triggered like the ReplicaSet controller: each pass counts the Job's pods as they are
//! (active, succeeded, failed, and the restarts of OnFailure containers) and takes the one step
//! that follows — finish (Complete, or Failed with BackoffLimitExceeded / DeadlineExceeded,
//! deleting the pods still running), or create pods up to `parallelism` without going past the
//! completions still needed, after the pod-failure back-off (10 s, doubling, at most 6 min).
//! A finished Job with `ttlSecondsAfterFinished` is deleted that long after it finished (the
//! TTL-after-finished controller's work). Passes are requested by the Job's pods changing (the
//! kubelet marks their owner), by `Timer::SyncJob` and by commands.

use crate::input::model::JobSpec;
use crate::input::model::{Labels, ManifestMeta, Millis};
use crate::sim::controllers::{ApplyOutcome, Controllers};
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::history::ReconcileRecord;
use crate::sim::store::{
    Job, JobCondition, JobConditionReason, JobConditionType, JobStatus, Key, ObjectMeta, OwnerRef,
    PodId, PodPhase,
};
use crate::sim::timer::Timer;

/// The Job controller's first pod-failure back-off and its cap.
pub const POD_FAILURE_BACK_OFF_MS: Millis = 10_000;
pub const POD_FAILURE_BACK_OFF_MAX_MS: Millis = 360_000;

/// Labels the API server adds to a Job's template (and to the Job when it has none).
pub const CONTROLLER_UID: &str = "batch.kubernetes.io/controller-uid";
pub const JOB_NAME: &str = "batch.kubernetes.io/job-name";
const LEGACY_CONTROLLER_UID: &str = "controller-uid";
const LEGACY_JOB_NAME: &str = "job-name";

/// What one pass saw of a Job's pods.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JobPods {
    pub active: Vec<PodId>,
    pub ready: u32,
    pub succeeded: u32,
    pub failed: u32,
    /// Container restarts of the active pods (what counts toward backoffLimit under OnFailure).
    pub restarts: u32,
    /// When the latest failed pod ended.
    pub last_failure_ms: Option<Millis>,
}

/// What a pass decides, from the spec and what it saw: a pure function, tested alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobAction {
    None,
    Create(u32),
    /// Create after this moment (the pod-failure back-off).
    WaitUntil(Millis),
    /// More pods run than `parallelism` now allows (it was lowered): delete that many.
    DeleteExtra(u32),
    Finish(JobConditionReason),
}

/// The decision of one pass (the Job not yet finished or suspended).
pub fn job_action(spec: &JobSpec, pods: &JobPods, start_ms: Millis, now: Millis) -> JobAction {
    let exceeded = match spec.template.spec.restart_policy {
        crate::input::model::RestartPolicy::OnFailure => {
            pods.failed > spec.backoff_limit
                || (spec.backoff_limit == 0 && pods.restarts > 0)
                || (spec.backoff_limit > 0 && pods.restarts >= spec.backoff_limit)
        }
        _ => pods.failed > spec.backoff_limit,
    };
    if exceeded {
        return JobAction::Finish(JobConditionReason::BackoffLimitExceeded);
    }
    if let Some(ads) = spec.active_deadline_seconds {
        if now >= start_ms.saturating_add(ads.saturating_mul(1000)) {
            return JobAction::Finish(JobConditionReason::DeadlineExceeded);
        }
    }
    let active = pods.active.len() as u32;
    let want = match spec.completions {
        Some(c) => {
            if pods.succeeded >= c {
                return JobAction::Finish(JobConditionReason::CompletionsReached);
            }
            spec.parallelism.min(c - pods.succeeded)
        }
        // A work queue: done once one pod succeeded and the others have ended.
        None if pods.succeeded > 0 => {
            return if active == 0 {
                JobAction::Finish(JobConditionReason::CompletionsReached)
            } else {
                JobAction::None
            };
        }
        None => spec.parallelism,
    };
    if active > spec.parallelism {
        return JobAction::DeleteExtra(active - spec.parallelism);
    }
    if active >= want {
        return JobAction::None;
    }
    if pods.failed > 0 {
        if let Some(last) = pods.last_failure_ms {
            let until = last.saturating_add(failure_back_off(pods.failed));
            if now < until {
                return JobAction::WaitUntil(until);
            }
        }
    }
    JobAction::Create(want - active)
}

/// 10 s after the first failure, doubling with each further one, at most 6 minutes.
pub fn failure_back_off(failures: u32) -> Millis {
    let doublings = failures.saturating_sub(1).min(16);
    (POD_FAILURE_BACK_OFF_MS << doublings).min(POD_FAILURE_BACK_OFF_MAX_MS)
}

/// A Job's spec as the API server completes it: the selector on its uid, the template
/// labelled with it and the Job's name.
pub fn completed_spec(name: &str, uid: &str, spec: &JobSpec) -> JobSpec {
    let mut spec = spec.clone();
    spec.selector = crate::input::model::LabelSelector::default();
    spec.selector
        .match_labels
        .insert(CONTROLLER_UID.into(), uid.into());
    let l = &mut spec.template.labels;
    l.insert(CONTROLLER_UID.into(), uid.into());
    l.insert(JOB_NAME.into(), name.into());
    l.insert(LEGACY_CONTROLLER_UID.into(), uid.into());
    l.insert(LEGACY_JOB_NAME.into(), name.into());
    spec
}

impl Controllers<'_> {
    /// `kubectl apply` of a Job: created, unchanged, or the API server's refusal to change an
    /// immutable template.
    pub(crate) fn apply_job(
        &mut self,
        ns: &str,
        meta: &ManifestMeta,
        spec: &JobSpec,
    ) -> Result<ApplyOutcome, String> {
        let key = (ns.to_string(), meta.name.clone());
        if let Some(job) = self.k.store.jobs.get(&key) {
            let want = completed_spec(&meta.name, &job.meta.uid, spec);
            if want == job.spec {
                return Ok(ApplyOutcome::Unchanged);
            }
            if want.template != job.spec.template || want.completions != job.spec.completions {
                return Err(format!(
                    "The Job \"{}\" is invalid: spec.template: Invalid value: {{…}}: field is immutable",
                    meta.name
                ));
            }
            let rv = self.k.store.next_rv();
            if let Some(j) = self.k.store.jobs.get_mut(&key) {
                j.spec = want;
                j.meta.resource_version = rv;
                j.meta.generation += 1;
            }
            self.k.dirty_jobs.insert(key);
            return Ok(ApplyOutcome::Configured);
        }
        self.create_job(
            ns,
            &meta.name,
            (meta.labels.clone(), meta.annotations.clone()),
            spec,
            None,
        )?;
        Ok(ApplyOutcome::Created)
    }

    /// A new Job object (the API server's defaults applied), queued for its first pass.
    pub(crate) fn create_job(
        &mut self,
        ns: &str,
        name: &str,
        (labels, annotations): (Labels, Labels),
        spec: &JobSpec,
        owner: Option<OwnerRef>,
    ) -> Result<Key, String> {
        let key = (ns.to_string(), name.to_string());
        if self.k.store.jobs.contains_key(&key) {
            return Err(format!(
                "Error from server (AlreadyExists): jobs.batch \"{name}\" already exists"
            ));
        }
        let uid = self.k.rng.uuid();
        let spec = completed_spec(name, &uid, spec);
        let labels = if labels.is_empty() {
            spec.template.labels.clone()
        } else {
            labels
        };
        let rv = self.k.store.next_rv();
        let meta = ObjectMeta {
            name: name.to_string(),
            namespace: ns.to_string(),
            uid,
            resource_version: rv,
            generation: 1,
            labels,
            annotations,
            creation_ms: self.k.now_ms,
            owner,
            deletion_ms: None,
        };
        self.k.store.jobs.insert(
            key.clone(),
            Job {
                meta,
                spec,
                status: JobStatus::default(),
            },
        );
        self.k.dirty_jobs.insert(key.clone());
        Ok(key)
    }

    /// Deletes a Job and, by garbage collection, its pods. Returns whether it existed.
    pub(crate) fn delete_job(&mut self, key: &Key) -> bool {
        let Some(job) = self.k.store.jobs.remove(key) else {
            return false;
        };
        for id in self.job_pod_ids(key, &job.meta.uid) {
            self.kubelet_for_jobs().delete_pod_gracefully(id, None);
        }
        if let Some(o) = &job.meta.owner {
            self.k
                .dirty_cronjobs
                .insert((key.0.clone(), o.name.clone()));
        }
        true
    }

    fn kubelet_for_jobs(&mut self) -> crate::sim::kubelet::Kubelet<'_> {
        crate::sim::kubelet::Kubelet {
            agents: &mut *self.agents,
            k: &mut *self.k,
            out: self.out,
        }
    }

    /// The pods this Job owns (by owner kind and uid: a ReplicaSet may share its name).
    fn job_pod_ids(&self, key: &Key, uid: &str) -> Vec<PodId> {
        self.k
            .store
            .pods_of(&key.0, &key.1)
            .into_iter()
            .filter(|id| {
                self.k.store.pods[id]
                    .meta
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.kind == "Job" && o.uid == uid)
            })
            .collect()
    }

    /// The Job's pods as they are, the finished ones counted once into `status`.
    fn observe_job_pods(&self, key: &Key, uid: &str, status: &mut JobStatus) -> JobPods {
        let mut seen = JobPods::default();
        for id in self.job_pod_ids(key, uid) {
            let p = &self.k.store.pods[&id];
            let finished = matches!(p.status.phase, PodPhase::Succeeded | PodPhase::Failed);
            if finished && status.counted.insert(p.meta.uid.clone()) {
                match p.status.phase {
                    PodPhase::Succeeded => status.succeeded += 1,
                    _ => status.failed += 1,
                }
            }
            match p.status.phase {
                PodPhase::Succeeded => {}
                PodPhase::Failed => {
                    let ended = p
                        .status
                        .containers
                        .iter()
                        .filter_map(|c| match c.state {
                            crate::sim::store::ContainerState::Terminated {
                                finished_ms, ..
                            } => Some(finished_ms),
                            _ => None,
                        })
                        .max()
                        .unwrap_or(p.meta.creation_ms);
                    seen.last_failure_ms = seen.last_failure_ms.max(Some(ended));
                }
                _ if p.meta.deletion_ms.is_some() => {}
                _ => {
                    seen.active.push(id);
                    seen.restarts += p.restarts();
                    if p.is_ready() {
                        seen.ready += 1;
                    }
                }
            }
        }
        seen.succeeded = status.succeeded;
        seen.failed = status.failed;
        seen
    }

    /// One pass of the Job controller over `key`.
    pub(crate) fn reconcile_job(&mut self, key: &Key) {
        let Some(job) = self.k.store.jobs.get(key) else {
            return;
        };
        let (spec, uid, mut status) = (job.spec.clone(), job.meta.uid.clone(), job.status.clone());
        let now = self.k.now_ms;
        if status.finished() {
            self.expire_after_ttl(key, &spec, &status);
            return;
        }
        let seen = self.observe_job_pods(key, &uid, &mut status);
        if spec.suspend {
            for id in &seen.active {
                self.kubelet_for_jobs().delete_pod_gracefully(*id, None);
            }
            if !status.has(JobConditionType::Suspended) {
                status.conditions.push(JobCondition {
                    type_: JobConditionType::Suspended,
                    reason: JobConditionReason::JobSuspended,
                    time_ms: now,
                });
            }
            status.active = 0;
            status.ready = 0;
            self.write_job_status(key, status, &seen);
            return;
        }
        status
            .conditions
            .retain(|c| c.type_ != JobConditionType::Suspended);
        let start_ms = *status.start_ms.get_or_insert(now);
        if let Some(ads) = spec.active_deadline_seconds {
            let at = start_ms.saturating_add(ads.saturating_mul(1000));
            if at > now {
                self.k.set_timer(
                    at,
                    Timer::SyncJob {
                        namespace: key.0.clone(),
                        name: key.1.clone(),
                    },
                );
            }
        }
        let action = job_action(&spec, &seen, start_ms, now);
        match action {
            JobAction::None => {}
            JobAction::WaitUntil(t) => self.k.set_timer(
                t,
                Timer::SyncJob {
                    namespace: key.0.clone(),
                    name: key.1.clone(),
                },
            ),
            JobAction::Create(n) => {
                let created = self.create_job_pods(key, &uid, &spec, n);
                self.history.record_reconcile(ReconcileRecord {
                    time_ms: now,
                    controller: "job-controller",
                    object: format!("job/{}", key.1),
                    desired: spec.parallelism,
                    observed: seen.active.len() as u32,
                    ready: seen.ready,
                    action: format!("create {created} pod(s)"),
                });
            }
            JobAction::DeleteExtra(n) => {
                // The newest go first.
                for id in seen.active.iter().rev().take(n as usize) {
                    self.kubelet_for_jobs().delete_pod_gracefully(*id, None);
                }
            }
            JobAction::Finish(reason) => self.finish_job(key, &mut status, &seen, reason),
        }
        let seen = self.observe_job_pods(key, &uid, &mut status);
        self.write_job_status(key, status, &seen);
        if let Some(job) = self.k.store.jobs.get(key) {
            let (spec, status) = (job.spec.clone(), job.status.clone());
            if status.finished() {
                self.expire_after_ttl(key, &spec, &status);
            }
        }
    }

    /// Sets the Job's final conditions (the interim SuccessCriteriaMet or FailureTarget first,
    /// as current Kubernetes does), deletes its pods still running, and says so.
    fn finish_job(
        &mut self,
        key: &Key,
        status: &mut JobStatus,
        seen: &JobPods,
        reason: JobConditionReason,
    ) {
        let now = self.k.now_ms;
        let (interim, last) = if reason == JobConditionReason::CompletionsReached {
            (
                JobConditionType::SuccessCriteriaMet,
                JobConditionType::Complete,
            )
        } else {
            (JobConditionType::FailureTarget, JobConditionType::Failed)
        };
        for type_ in [interim, last] {
            status.conditions.push(JobCondition {
                type_,
                reason,
                time_ms: now,
            });
        }
        for id in &seen.active {
            let name = self.k.store.pods[id].meta.name.clone();
            self.kubelet_for_jobs().delete_pod_gracefully(*id, None);
            self.k.emit(
                EventType::Normal,
                Reason::SuccessfulDelete,
                format!("job/{}", key.1),
                &key.0,
                format!("Deleted pod: {name}"),
                Component::JobController,
            );
        }
        let (type_, event_reason, message) = match reason {
            JobConditionReason::CompletionsReached => {
                status.completion_ms = Some(now);
                (EventType::Normal, Reason::Completed, "Job completed")
            }
            JobConditionReason::DeadlineExceeded => (
                EventType::Warning,
                Reason::DeadlineExceeded,
                reason.message(),
            ),
            _ => (
                EventType::Warning,
                Reason::BackoffLimitExceeded,
                reason.message(),
            ),
        };
        self.k.emit(
            type_,
            event_reason,
            format!("job/{}", key.1),
            &key.0,
            message.to_string(),
            Component::JobController,
        );
        if let Some(cj) = self
            .k
            .store
            .jobs
            .get(key)
            .and_then(|j| j.meta.owner.as_ref())
            .map(|o| o.name.clone())
        {
            self.k.dirty_cronjobs.insert((key.0.clone(), cj));
        }
    }

    /// A finished Job with `ttlSecondsAfterFinished`: deleted when that time has passed, else
    /// a timer for it.
    fn expire_after_ttl(&mut self, key: &Key, spec: &JobSpec, status: &JobStatus) {
        let (Some(ttl), Some(done)) = (spec.ttl_seconds_after_finished, status.finished_ms())
        else {
            return;
        };
        let at = done.saturating_add(Millis::from(ttl) * 1000);
        if self.k.now_ms >= at {
            self.delete_job(key);
        } else {
            self.k.set_timer(
                at,
                Timer::SyncJob {
                    namespace: key.0.clone(),
                    name: key.1.clone(),
                },
            );
        }
    }

    fn write_job_status(&mut self, key: &Key, mut status: JobStatus, seen: &JobPods) {
        status.active = seen.active.len() as u32;
        status.ready = seen.ready;
        status.succeeded = seen.succeeded;
        status.failed = seen.failed;
        let changed = self
            .k
            .store
            .jobs
            .get(key)
            .is_some_and(|j| j.status != status);
        if changed {
            let rv = self.k.store.next_rv();
            if let Some(j) = self.k.store.jobs.get_mut(key) {
                j.status = status;
                j.meta.resource_version = rv;
            }
            if let Some(cj) = self
                .k
                .store
                .jobs
                .get(key)
                .and_then(|j| j.meta.owner.as_ref())
                .map(|o| o.name.clone())
            {
                self.k.dirty_cronjobs.insert((key.0.clone(), cj));
            }
        }
    }

    /// Creates `n` pods of the Job, each with its event; stops at the first refusal.
    fn create_job_pods(&mut self, key: &Key, uid: &str, spec: &JobSpec, n: u32) -> u32 {
        let owner = OwnerRef {
            kind: "Job",
            name: key.1.clone(),
            uid: uid.to_string(),
        };
        let mut created = 0;
        for _ in 0..n {
            let name = self.job_pod_name(&key.0, &key.1);
            let t = &spec.template;
            match self.create_pod(
                &key.0,
                &name,
                t.labels.clone(),
                t.annotations.clone(),
                t.spec.clone(),
                Some(owner.clone()),
            ) {
                Ok(_) => {
                    created += 1;
                    self.k.emit(
                        EventType::Normal,
                        Reason::SuccessfulCreate,
                        format!("job/{}", key.1),
                        &key.0,
                        format!("Created pod: {name}"),
                        Component::JobController,
                    );
                }
                Err(msg) => {
                    self.k.emit(
                        EventType::Warning,
                        Reason::FailedCreate,
                        format!("job/{}", key.1),
                        &key.0,
                        format!("Error creating: {msg}"),
                        Component::JobController,
                    );
                    break;
                }
            }
        }
        created
    }

    fn job_pod_name(&mut self, ns: &str, job: &str) -> String {
        loop {
            let name = format!("{job}-{}", self.k.rng.alphanums(5));
            if self.k.store.pod_by_name(ns, &name).is_none() {
                return name;
            }
        }
    }
}
