//! The CronJob controller: makes a Job at each time the schedule names, on the virtual clock.
//!
//! A timer is set for the next schedule time (no polling); each pass, whatever woke it, looks
//! at the CronJob's Jobs as they are: notes the ones that finished (`SawCompletedJob`, the last
//! successful time), deletes the oldest beyond the history limits, and when a schedule time has
//! come since the last one, applies the concurrency policy and creates the Job named
//! `NAME-<that time in minutes since the Unix epoch>`. The virtual clock's t=0 is a whole
//! minute ([`crate::base::clock::EPOCH_UNIX_S`]), so schedules fall on the minutes they name.

use crate::base::clock::{rfc3339, EPOCH_UNIX_S};
use crate::input::model::ConcurrencyPolicy;
use crate::input::model::{ManifestMeta, Millis};
use crate::sim::controllers::{ApplyOutcome, Controllers};
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::store::{CronJob, CronJobStatus, JobConditionType, Key, ObjectMeta, OwnerRef};
use crate::sim::timer::Timer;

/// Missed schedule times the controller walks before it gives up counting (as Kubernetes).
const MISSED_TIMES_MAX: u32 = 100;

/// The annotation a CronJob's Job carries: the schedule time it was made for.
pub const SCHEDULED_TIMESTAMP: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";

const EPOCH_MINUTE: i64 = EPOCH_UNIX_S / 60;

/// Minutes since the Unix epoch at virtual time `t_ms` (rounded down).
pub fn unix_minute(t_ms: Millis) -> i64 {
    EPOCH_MINUTE + (t_ms / 60_000) as i64
}

/// Virtual time of a minute since the Unix epoch (0 for one before the clock's start).
pub fn minute_ms(m: i64) -> Millis {
    (m - EPOCH_MINUTE).max(0) as Millis * 60_000
}

/// A CronJob's Job as the pass sees it.
struct Owned {
    name: String,
    created_ms: Millis,
    outcome: Option<(JobConditionType, Millis)>,
}

impl Controllers<'_> {
    pub(crate) fn apply_cronjob(
        &mut self,
        ns: &str,
        meta: &ManifestMeta,
        spec: &crate::input::model::CronJobSpec,
    ) -> ApplyOutcome {
        let key = (ns.to_string(), meta.name.clone());
        let rv = self.k.store.next_rv();
        if let Some(cj) = self.k.store.cronjobs.get_mut(&key) {
            if cj.spec == *spec && cj.meta.labels == meta.labels {
                return ApplyOutcome::Unchanged;
            }
            cj.spec = spec.clone();
            cj.meta.labels = meta.labels.clone();
            cj.meta.annotations = meta.annotations.clone();
            cj.meta.resource_version = rv;
            cj.meta.generation += 1;
            cj.status.wake_ms = None;
            self.k.dirty_cronjobs.insert(key);
            return ApplyOutcome::Configured;
        }
        let meta = ObjectMeta {
            name: meta.name.clone(),
            namespace: ns.to_string(),
            uid: self.k.rng.uuid(),
            resource_version: rv,
            generation: 1,
            labels: meta.labels.clone(),
            annotations: meta.annotations.clone(),
            creation_ms: self.k.now_ms,
            owner: None,
            deletion_ms: None,
        };
        self.k.store.cronjobs.insert(
            key.clone(),
            CronJob {
                meta,
                spec: spec.clone(),
                status: CronJobStatus::default(),
            },
        );
        self.k.dirty_cronjobs.insert(key);
        ApplyOutcome::Created
    }

    /// Deletes a CronJob and its Jobs (and so their pods).
    pub(crate) fn delete_cronjob(&mut self, key: &Key) -> bool {
        let Some(cj) = self.k.store.cronjobs.remove(key) else {
            return false;
        };
        for name in self.owned_jobs(key, &cj.meta.uid) {
            self.delete_job(&(key.0.clone(), name.name));
        }
        true
    }

    /// The Jobs this CronJob made, oldest first.
    fn owned_jobs(&self, key: &Key, uid: &str) -> Vec<Owned> {
        let mut out: Vec<Owned> = self
            .k
            .store
            .jobs
            .values()
            .filter(|j| {
                j.meta.namespace == key.0
                    && j.meta
                        .owner
                        .as_ref()
                        .is_some_and(|o| o.kind == "CronJob" && o.uid == uid)
            })
            .map(|j| Owned {
                name: j.meta.name.clone(),
                created_ms: j.meta.creation_ms,
                outcome: j
                    .status
                    .conditions
                    .iter()
                    .find(|c| {
                        matches!(
                            c.type_,
                            JobConditionType::Complete | JobConditionType::Failed
                        )
                    })
                    .map(|c| (c.type_, c.time_ms)),
            })
            .collect();
        crate::base::sort::sort_by(&mut out, |a, b| {
            (a.created_ms, &a.name).cmp(&(b.created_ms, &b.name))
        });
        out
    }

    /// One pass of the CronJob controller over `key`.
    pub(crate) fn reconcile_cronjob(&mut self, key: &Key) {
        let Some(cj) = self.k.store.cronjobs.get(key) else {
            return;
        };
        let (spec, uid, mut status) = (cj.spec.clone(), cj.meta.uid.clone(), cj.status.clone());
        let creation_ms = cj.meta.creation_ms;
        let now = self.k.now_ms;
        let object = format!("cronjob/{}", key.1);
        let owned = self.owned_jobs(key, &uid);

        // Jobs that finished since the last pass.
        for o in &owned {
            let Some((type_, at)) = o.outcome else {
                continue;
            };
            if status.active.contains(&o.name) {
                self.k.emit(
                    EventType::Normal,
                    Reason::SawCompletedJob,
                    object.clone(),
                    &key.0,
                    format!("Saw completed job: {}, condition: {type_}", o.name),
                    Component::CronJobController,
                );
            }
            if type_ == JobConditionType::Complete {
                status.last_successful_ms = status.last_successful_ms.max(Some(at));
            }
        }
        status.active = owned
            .iter()
            .filter(|o| o.outcome.is_none())
            .map(|o| o.name.clone())
            .collect();

        // History limits: the oldest finished Jobs beyond them go.
        for (type_, limit) in [
            (
                JobConditionType::Complete,
                spec.successful_jobs_history_limit,
            ),
            (JobConditionType::Failed, spec.failed_jobs_history_limit),
        ] {
            let done: Vec<&Owned> = owned
                .iter()
                .filter(|o| o.outcome.is_some_and(|(t, _)| t == type_))
                .collect();
            let extra = done.len().saturating_sub(limit as usize);
            for o in done.into_iter().take(extra) {
                self.delete_job(&(key.0.clone(), o.name.clone()));
                self.k.emit(
                    EventType::Normal,
                    Reason::SuccessfulDelete,
                    object.clone(),
                    &key.0,
                    format!("Deleted job {}", o.name),
                    Component::CronJobController,
                );
            }
        }

        if !spec.suspend {
            self.run_due_schedule(key, &spec, &uid, creation_ms, &mut status);
            // The next schedule time: one timer for it.
            if let Some(next) = spec.parsed.next_after(unix_minute(now)) {
                let at = minute_ms(next);
                if status.wake_ms != Some(at) {
                    status.wake_ms = Some(at);
                    self.k.set_timer(
                        at,
                        Timer::SyncCronJob {
                            namespace: key.0.clone(),
                            name: key.1.clone(),
                        },
                    );
                }
            }
        } else {
            status.wake_ms = None;
        }
        if let Some(cj) = self.k.store.cronjobs.get(key) {
            if cj.status != status {
                let rv = self.k.store.next_rv();
                if let Some(cj) = self.k.store.cronjobs.get_mut(key) {
                    cj.status = status;
                    cj.meta.resource_version = rv;
                }
            }
        }
    }

    /// The most recent schedule time since the last one, if any has come: the Job for it, as
    /// the concurrency policy and the starting deadline allow.
    fn run_due_schedule(
        &mut self,
        key: &Key,
        spec: &crate::input::model::CronJobSpec,
        uid: &str,
        creation_ms: Millis,
        status: &mut CronJobStatus,
    ) {
        let now = self.k.now_ms;
        let object = format!("cronjob/{}", key.1);
        // Schedule times strictly after the last one (or the CronJob's creation) count.
        let since = unix_minute(status.last_schedule_ms.unwrap_or(creation_ms));
        let (last, count) = spec
            .parsed
            .last_between(since, unix_minute(now), MISSED_TIMES_MAX);
        let Some(t) = last else {
            return;
        };
        if count >= MISSED_TIMES_MAX {
            self.k.emit(
                EventType::Warning,
                Reason::TooManyMissedTimes,
                object.clone(),
                &key.0,
                format!("too many missed start times: {count}. Set or decrease .spec.startingDeadlineSeconds or check clock skew"),
                Component::CronJobController,
            );
        }
        let t_ms = minute_ms(t);
        if let Some(sd) = spec.starting_deadline_seconds {
            if now > t_ms.saturating_add(sd.saturating_mul(1000)) {
                self.k.emit(
                    EventType::Warning,
                    Reason::MissSchedule,
                    object,
                    &key.0,
                    format!("Missed scheduled time to start a job: {}", rfc3339(t_ms)),
                    Component::CronJobController,
                );
                status.last_schedule_ms = Some(t_ms);
                return;
            }
        }
        if !status.active.is_empty() {
            match spec.concurrency_policy {
                ConcurrencyPolicy::Allow => {}
                ConcurrencyPolicy::Forbid => {
                    // Left due: it runs when the active Job ends, if still in time.
                    self.k.emit(
                        EventType::Normal,
                        Reason::JobAlreadyActive,
                        object,
                        &key.0,
                        "Not starting job because prior execution is running and concurrency policy is Forbid".into(),
                        Component::CronJobController,
                    );
                    return;
                }
                ConcurrencyPolicy::Replace => {
                    for name in std::mem::take(&mut status.active) {
                        self.delete_job(&(key.0.clone(), name.clone()));
                        self.k.emit(
                            EventType::Normal,
                            Reason::SuccessfulDelete,
                            object.clone(),
                            &key.0,
                            format!("Deleted job {name}"),
                            Component::CronJobController,
                        );
                    }
                }
            }
        }
        let name = format!("{}-{t}", key.1);
        let template = &spec.job_template;
        let mut annotations = template.annotations.clone();
        annotations.insert(SCHEDULED_TIMESTAMP.into(), rfc3339(t_ms));
        let owner = OwnerRef {
            kind: "CronJob",
            name: key.1.clone(),
            uid: uid.to_string(),
        };
        match self.create_job(
            &key.0,
            &name,
            (template.labels.clone(), annotations),
            &template.spec,
            Some(owner),
        ) {
            Ok(_) => {
                self.k.emit(
                    EventType::Normal,
                    Reason::SuccessfulCreate,
                    object,
                    &key.0,
                    format!("Created job {name}"),
                    Component::CronJobController,
                );
                status.active.push(name);
            }
            Err(msg) => {
                self.k.emit(
                    EventType::Warning,
                    Reason::FailedCreate,
                    object,
                    &key.0,
                    format!("Error creating job: {msg}"),
                    Component::CronJobController,
                );
            }
        }
        status.last_schedule_ms = Some(t_ms);
    }
}
