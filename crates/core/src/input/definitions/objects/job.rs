//! The `batch/v1` kinds: Job (completions, parallelism, backoffLimit, deadlines, TTL, a Pod
//! template that never restarts on its own) and CronJob (a cron schedule, its policies and
//! history limits, and a Job template). Defaults and messages are the API server's.

use super::meta::metadata;
use super::pod::pod_spec;
use super::{defaults, invalid, required, unsupported};
use crate::input::cron;
use crate::input::definitions::decode::{
    integer, non_negative_i32, string, Ctx, Fields, INT64_MAX,
};
use crate::input::definitions::yaml::{Node, Scalar};
use crate::input::definitions::{schema, validate};
use crate::input::model::{
    CompletionMode, ConcurrencyPolicy, CronJobSpec, JobSpec, JobTemplate, LabelSelector, Manifest,
    PodTemplate, RestartPolicy,
};

/// A CronJob's name becomes its Jobs' names with 11 more characters (`-` and the minute).
const CRONJOB_NAME_MAX: usize = 52;

pub(super) fn job(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
    let meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1123_subdomain),
    );
    let Some(spec_node) = f.get("spec") else {
        required(
            ctx,
            f.node,
            "spec.template",
            " (hint: a Job needs spec.template with containers and restartPolicy: Never or OnFailure)",
        );
        return None;
    };
    let spec = job_spec(ctx, spec_node, "spec")?;
    Some(Manifest::Job { meta, spec })
}

pub(super) fn cron_job(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
    let meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1123_subdomain),
    );
    if meta.name.len() > CRONJOB_NAME_MAX {
        ctx.error(
            f.node,
            format!(
                "metadata.name: Invalid value: \"{}\": must be no more than {CRONJOB_NAME_MAX} characters",
                meta.name
            ),
        );
    }
    let Some(spec_node) = f.get("spec") else {
        required(
            ctx,
            f.node,
            "spec.schedule",
            " (hint: a CronJob needs spec.schedule and spec.jobTemplate)",
        );
        return None;
    };
    let mut s = Fields::open(ctx, spec_node, "spec")?;
    let schedule = match s.get("schedule") {
        Some(n) => {
            let p = s.path_of("schedule");
            string(ctx, n, &p).and_then(|text| match cron::parse(&text) {
                Ok(parsed) => Some((text, parsed)),
                Err(reason) => {
                    invalid(ctx, n, &p, &reason);
                    None
                }
            })
        }
        None => {
            required(ctx, spec_node, "spec.schedule", "");
            None
        }
    };
    let time_zone = s.get("timeZone").and_then(|n| {
        let tz = string(ctx, n, "spec.timeZone")?;
        if !matches!(tz.as_str(), "UTC" | "Etc/UTC") {
            ctx.warn(
                n,
                format!("spec.timeZone: \"{tz}\" is accepted but not simulated by Sunaba: schedules run in UTC"),
            );
        }
        Some(tz)
    });
    let concurrency_policy = match s.get("concurrencyPolicy") {
        None => ConcurrencyPolicy::Allow,
        Some(n) => match string(ctx, n, "spec.concurrencyPolicy").as_deref() {
            Some("Allow") => ConcurrencyPolicy::Allow,
            Some("Forbid") => ConcurrencyPolicy::Forbid,
            Some("Replace") => ConcurrencyPolicy::Replace,
            Some(_) => {
                unsupported(
                    ctx,
                    n,
                    "spec.concurrencyPolicy",
                    &["Allow", "Forbid", "Replace"],
                );
                ConcurrencyPolicy::Allow
            }
            None => ConcurrencyPolicy::Allow,
        },
    };
    let suspend = s
        .get("suspend")
        .is_some_and(|n| boolean(ctx, n, "spec.suspend"));
    let starting_deadline_seconds = s
        .get("startingDeadlineSeconds")
        .and_then(|n| non_negative_i64(ctx, n, "spec.startingDeadlineSeconds"));
    let successful_jobs_history_limit = match s.get("successfulJobsHistoryLimit") {
        Some(n) => non_negative_i32(ctx, n, "spec.successfulJobsHistoryLimit").unwrap_or(0),
        None => defaults::SUCCESSFUL_JOBS_HISTORY_LIMIT,
    };
    let failed_jobs_history_limit = match s.get("failedJobsHistoryLimit") {
        Some(n) => non_negative_i32(ctx, n, "spec.failedJobsHistoryLimit").unwrap_or(0),
        None => defaults::FAILED_JOBS_HISTORY_LIMIT,
    };
    let job_template = match s.get("jobTemplate") {
        Some(n) => job_template(ctx, n, "spec.jobTemplate"),
        None => {
            required(ctx, spec_node, "spec.jobTemplate", "");
            None
        }
    };
    s.finish(ctx, schema::CRONJOB_SPEC_IGNORED);
    let (schedule, parsed) = schedule?;
    Some(Manifest::CronJob {
        meta,
        spec: CronJobSpec {
            schedule,
            parsed,
            time_zone,
            concurrency_policy,
            suspend,
            starting_deadline_seconds,
            successful_jobs_history_limit,
            failed_jobs_history_limit,
            job_template: job_template?,
        },
    })
}

fn job_template(ctx: &mut Ctx, node: &Node, path: &str) -> Option<JobTemplate> {
    let mut f = Fields::open(ctx, node, path)?;
    let meta = metadata(ctx, f.get("metadata"), node, &f.path_of("metadata"), None);
    let spec = match f.get("spec") {
        Some(n) => job_spec(ctx, n, &f.path_of("spec")),
        None => {
            required(ctx, node, &format!("{path}.spec.template"), "");
            None
        }
    };
    f.finish(ctx, &[]);
    Some(JobTemplate {
        labels: meta.labels,
        annotations: meta.annotations,
        spec: spec?,
    })
}

/// A Job's spec (also a CronJob's `jobTemplate.spec`), defaulted: both completions and
/// parallelism unset mean one pod to one success.
fn job_spec(ctx: &mut Ctx, node: &Node, path: &str) -> Option<JobSpec> {
    let mut s = Fields::open(ctx, node, path)?;
    let completions_written = s
        .get("completions")
        .map(|n| non_negative_i32(ctx, n, &s.path_of("completions")));
    let parallelism_written = s
        .get("parallelism")
        .map(|n| non_negative_i32(ctx, n, &s.path_of("parallelism")));
    let (completions, parallelism) = match (completions_written, parallelism_written) {
        (None, None) => (Some(1), 1),
        (c, p) => (c.map(|c| c.unwrap_or(1)), p.map_or(1, |p| p.unwrap_or(1))),
    };
    let backoff_limit = match s.get("backoffLimit") {
        Some(n) => non_negative_i32(ctx, n, &s.path_of("backoffLimit")).unwrap_or(0),
        None => defaults::BACKOFF_LIMIT,
    };
    let active_deadline_seconds = s.get("activeDeadlineSeconds").and_then(|n| {
        let p = s.path_of("activeDeadlineSeconds");
        let v = non_negative_i64(ctx, n, &p)?;
        if v == 0 {
            ctx.error(n, format!("{p}: Invalid value: 0: must be greater than 0"));
        }
        Some(v)
    });
    let ttl_seconds_after_finished = s
        .get("ttlSecondsAfterFinished")
        .and_then(|n| non_negative_i32(ctx, n, &s.path_of("ttlSecondsAfterFinished")));
    let completion_mode = match s.get("completionMode") {
        None => CompletionMode::NonIndexed,
        Some(n) => {
            let p = s.path_of("completionMode");
            match string(ctx, n, &p).as_deref() {
                Some("Indexed") => {
                    ctx.warn(
                        n,
                        format!("{p}: Indexed is accepted but not simulated by Sunaba: its pods run as NonIndexed ones (no completion index)"),
                    );
                    if completions.is_none() {
                        required(
                            ctx,
                            node,
                            &s.path_of("completions"),
                            ": when completion mode is Indexed",
                        );
                    }
                    CompletionMode::Indexed
                }
                Some("NonIndexed") | None => CompletionMode::NonIndexed,
                Some(_) => {
                    unsupported(ctx, n, &p, &["NonIndexed", "Indexed"]);
                    CompletionMode::NonIndexed
                }
            }
        }
    };
    let suspend = s
        .get("suspend")
        .is_some_and(|n| boolean(ctx, n, &s.path_of("suspend")));
    let template = match s.get("template") {
        Some(n) => job_pod_template(ctx, n, &s.path_of("template")),
        None => {
            required(ctx, node, &s.path_of("template"), "");
            None
        }
    };
    s.finish(ctx, schema::JOB_SPEC_IGNORED);
    Some(JobSpec {
        completions,
        parallelism,
        backoff_limit,
        active_deadline_seconds,
        ttl_seconds_after_finished,
        completion_mode,
        suspend,
        selector: LabelSelector::default(),
        template: template?,
    })
}

/// The Pod template of a Job: its restartPolicy must be Never or OnFailure (unset is Always,
/// and refused, as the API server does).
fn job_pod_template(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PodTemplate> {
    let mut f = Fields::open(ctx, node, path)?;
    let meta_node = f.get("metadata");
    let meta = metadata(ctx, meta_node, node, &f.path_of("metadata"), None);
    let spec_node = f.get("spec");
    let spec = match spec_node {
        Some(n) => pod_spec(ctx, n, &f.path_of("spec"), false),
        None => {
            required(ctx, node, &format!("{path}.spec.containers"), "");
            None
        }
    };
    f.finish(ctx, &[]);
    let spec = spec?;
    if spec.restart_policy == RestartPolicy::Always {
        let at = spec_node
            .and_then(|n| child(n, "restartPolicy"))
            .or(spec_node)
            .unwrap_or(node);
        ctx.error(
            at,
            format!(
                "{path}.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""
            ),
        );
    }
    Some(PodTemplate {
        labels: meta.labels,
        annotations: meta.annotations,
        spec,
    })
}

fn child<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    match &node.value {
        crate::input::definitions::yaml::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(k.scalar(), Some(Scalar::Str(s)) if s == key))
            .map(|(_, v)| &**v),
        _ => None,
    }
}

fn boolean(ctx: &mut Ctx, n: &Node, path: &str) -> bool {
    match n.scalar() {
        Some(Scalar::Bool(b)) => b,
        _ => {
            ctx.type_error(n, path, "boolean");
            false
        }
    }
}

fn non_negative_i64(ctx: &mut Ctx, n: &Node, path: &str) -> Option<u64> {
    let v = integer(ctx, n, path, INT64_MAX)?;
    if v < 0 {
        ctx.error(
            n,
            format!("{path}: Invalid value: {v}: must be greater than or equal to 0"),
        );
        return None;
    }
    u64::try_from(v).ok()
}
