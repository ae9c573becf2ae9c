//! The `batch/v1` kinds a learner declares: Job and CronJob specs, defaulted as the API server
//! defaults them. Data only: reading is in `definitions::objects::job`, behaviour in the Job and
//! CronJob controllers (`sim::jobs`).

use crate::input::cron::CronSchedule;
use crate::input::model::{LabelSelector, Labels, PodTemplate};

/// Kubernetes' defaults for the batch kinds.
pub mod defaults {
    pub const BACKOFF_LIMIT: u32 = 6;
    pub const SUCCESSFUL_JOBS_HISTORY_LIMIT: u32 = 3;
    pub const FAILED_JOBS_HISTORY_LIMIT: u32 = 1;
}

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
    pub parsed: CronSchedule,
    /// As written; Sunaba runs every schedule in UTC.
    pub time_zone: Option<String>,
    pub concurrency_policy: ConcurrencyPolicy,
    pub suspend: bool,
    pub starting_deadline_seconds: Option<u64>,
    pub successful_jobs_history_limit: u32,
    pub failed_jobs_history_limit: u32,
    pub job_template: JobTemplate,
}
