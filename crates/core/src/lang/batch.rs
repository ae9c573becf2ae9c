//! Jobs and CronJobs as kubectl prints them: `get` tables (kubectl 1.31's columns), `-o
//! json|yaml`, and `describe` in kubectl's layout (its tabwriter's blocks: consecutive lines
//! with a label align to the longest label among them).

use std::fmt::Write;

use serde_json::{json, Value};

use crate::base::clock::{human_duration, rfc1123, rfc3339};
use crate::input::model::{Millis, PodTemplate};
use crate::lang::printers::{labels_inline, meta_json, pod_spec_json, Table};
use crate::sim::store::{CronJob, Job, JobConditionType};
use crate::world::World;

fn age(now: Millis, since: Millis) -> String {
    human_duration(now.saturating_sub(since))
}

/// STATUS of `kubectl get jobs`, in kubectl's order of precedence.
pub fn job_status_word(j: &Job) -> &'static str {
    let s = &j.status;
    if s.has(JobConditionType::Complete) {
        "Complete"
    } else if s.has(JobConditionType::Failed) {
        "Failed"
    } else if j.meta.deletion_ms.is_some() {
        "Terminating"
    } else if s.has(JobConditionType::Suspended) {
        "Suspended"
    } else if s.has(JobConditionType::FailureTarget) {
        "FailureTarget"
    } else {
        "Running"
    }
}

fn completions_text(j: &Job) -> String {
    match j.spec.completions {
        Some(c) => format!("{}/{c}", j.status.succeeded),
        None if j.spec.parallelism > 1 => {
            format!("{}/1 of {}", j.status.succeeded, j.spec.parallelism)
        }
        None => format!("{}/1", j.status.succeeded),
    }
}

fn duration_text(j: &Job, now: Millis) -> String {
    match (j.status.start_ms, j.status.completion_ms) {
        (None, _) => String::new(),
        (Some(s), None) => age(now, s),
        (Some(s), Some(c)) => age(c, s),
    }
}

/// CONTAINERS and IMAGES of `-o wide`.
fn containers_and_images(t: &PodTemplate) -> [String; 2] {
    let c = t.spec.app_containers();
    [
        c.iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        c.iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
    ]
}

/// `NAME STATUS COMPLETIONS DURATION AGE` (+ CONTAINERS IMAGES SELECTOR with `-o wide`).
pub fn jobs_table(items: &[&Job], now: Millis, wide: bool, all_ns: bool) -> Table {
    let mut header = vec!["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"];
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    if all_ns {
        header.insert(0, "NAMESPACE");
    }
    let rows = items
        .iter()
        .map(|j| {
            let mut r = vec![
                j.meta.name.clone(),
                job_status_word(j).to_string(),
                completions_text(j),
                duration_text(j, now),
                age(now, j.meta.creation_ms),
            ];
            if wide {
                r.extend(containers_and_images(&j.spec.template));
                r.push(labels_inline(&j.spec.selector.match_labels));
            }
            if all_ns {
                r.insert(0, j.meta.namespace.clone());
            }
            r
        })
        .collect();
    Table::new(&header, rows)
}

/// `NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE` (+ CONTAINERS IMAGES SELECTOR).
pub fn cronjobs_table(items: &[&CronJob], now: Millis, wide: bool, all_ns: bool) -> Table {
    let mut header = vec![
        "NAME",
        "SCHEDULE",
        "TIMEZONE",
        "SUSPEND",
        "ACTIVE",
        "LAST SCHEDULE",
        "AGE",
    ];
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    if all_ns {
        header.insert(0, "NAMESPACE");
    }
    let rows = items
        .iter()
        .map(|c| {
            let mut r = vec![
                c.meta.name.clone(),
                c.spec.schedule.clone(),
                c.spec.time_zone.clone().unwrap_or_else(|| "<none>".into()),
                if c.spec.suspend { "True" } else { "False" }.to_string(),
                c.status.active.len().to_string(),
                c.status
                    .last_schedule_ms
                    .map_or_else(|| "<none>".into(), |t| age(now, t)),
                age(now, c.meta.creation_ms),
            ];
            if wide {
                r.extend(containers_and_images(&c.spec.job_template.spec.template));
                r.push("<none>".into());
            }
            if all_ns {
                r.insert(0, c.meta.namespace.clone());
            }
            r
        })
        .collect();
    Table::new(&header, rows)
}

fn template_json(t: &PodTemplate) -> Value {
    let mut meta = json!({});
    if !t.labels.is_empty() {
        meta["labels"] = json!(t.labels);
    }
    if !t.annotations.is_empty() {
        meta["annotations"] = json!(t.annotations);
    }
    json!({ "metadata": meta, "spec": pod_spec_json(&t.spec) })
}

fn job_spec_json(spec: &crate::input::model::JobSpec, with_selector: bool) -> Value {
    let mut v = json!({
        "backoffLimit": spec.backoff_limit,
        "completionMode": spec.completion_mode.as_str(),
        "parallelism": spec.parallelism,
        "suspend": spec.suspend,
        "template": template_json(&spec.template),
    });
    if let Some(c) = spec.completions {
        v["completions"] = json!(c);
    }
    if let Some(s) = spec.active_deadline_seconds {
        v["activeDeadlineSeconds"] = json!(s);
    }
    if let Some(s) = spec.ttl_seconds_after_finished {
        v["ttlSecondsAfterFinished"] = json!(s);
    }
    if with_selector {
        v["manualSelector"] = json!(false);
        v["podReplacementPolicy"] = json!("TerminatingOrFailed");
        v["selector"] = json!({ "matchLabels": spec.selector.match_labels });
    }
    v
}

pub fn job_json(j: &Job) -> Value {
    let s = &j.status;
    let mut status = json!({
        "ready": s.ready,
        "terminating": 0,
        "uncountedTerminatedPods": {},
    });
    for (field, n) in [
        ("active", s.active),
        ("succeeded", s.succeeded),
        ("failed", s.failed),
    ] {
        if n > 0 {
            status[field] = json!(n);
        }
    }
    if let Some(t) = s.start_ms {
        status["startTime"] = json!(rfc3339(t));
    }
    if let Some(t) = s.completion_ms {
        status["completionTime"] = json!(rfc3339(t));
    }
    if !s.conditions.is_empty() {
        status["conditions"] = s
            .conditions
            .iter()
            .map(|c| {
                json!({
                    "lastProbeTime": rfc3339(c.time_ms),
                    "lastTransitionTime": rfc3339(c.time_ms),
                    "message": c.reason.message(),
                    "reason": c.reason.as_str(),
                    "status": "True",
                    "type": c.type_.as_str(),
                })
            })
            .collect();
    }
    json!({
        "apiVersion": "batch/v1", "kind": "Job", "metadata": meta_json(&j.meta, true),
        "spec": job_spec_json(&j.spec, true),
        "status": status,
    })
}

pub fn cronjob_json(c: &CronJob) -> Value {
    let t = &c.spec.job_template;
    let mut template_meta = json!({ "creationTimestamp": null });
    if !t.labels.is_empty() {
        template_meta["labels"] = json!(t.labels);
    }
    if !t.annotations.is_empty() {
        template_meta["annotations"] = json!(t.annotations);
    }
    let mut spec = json!({
        "concurrencyPolicy": c.spec.concurrency_policy.as_str(),
        "failedJobsHistoryLimit": c.spec.failed_jobs_history_limit,
        "jobTemplate": { "metadata": template_meta, "spec": job_spec_json(&t.spec, false) },
        "schedule": c.spec.schedule,
        "successfulJobsHistoryLimit": c.spec.successful_jobs_history_limit,
        "suspend": c.spec.suspend,
    });
    if let Some(tz) = &c.spec.time_zone {
        spec["timeZone"] = json!(tz);
    }
    if let Some(s) = c.spec.starting_deadline_seconds {
        spec["startingDeadlineSeconds"] = json!(s);
    }
    let mut status = json!({});
    if !c.status.active.is_empty() {
        status["active"] = c
            .status
            .active
            .iter()
            .map(|n| json!({"apiVersion": "batch/v1", "kind": "Job", "name": n, "namespace": c.meta.namespace}))
            .collect();
    }
    if let Some(t) = c.status.last_schedule_ms {
        status["lastScheduleTime"] = json!(rfc3339(t));
    }
    if let Some(t) = c.status.last_successful_ms {
        status["lastSuccessfulTime"] = json!(rfc3339(t));
    }
    json!({
        "apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta_json(&c.meta, true),
        "spec": spec, "status": status,
    })
}

/// Lines of a describe, each `(label, value)` where a label means a tab-aligned cell (kubectl's
/// `Label:\tvalue`) and `None` a line of its own.
#[derive(Default)]
struct Lines(Vec<(Option<String>, String)>);

impl Lines {
    fn cell(&mut self, label: impl Into<String>, value: impl Into<String>) {
        self.0.push((Some(label.into()), value.into()));
    }
    fn line(&mut self, text: impl Into<String>) {
        self.0.push((None, text.into()));
    }
    /// `Title:` then one `key=value` per line, aligned under the first.
    fn labels(&mut self, title: &str, labels: &crate::input::model::Labels, sep: &str) {
        if labels.is_empty() {
            self.cell(format!("{title}:"), "<none>");
        }
        for (i, (k, v)) in labels.iter().enumerate() {
            let head = if i == 0 {
                format!("{title}:")
            } else {
                String::new()
            };
            self.cell(head, format!("{k}{sep}{v}"));
        }
    }
    /// As Go's tabwriter (padding 2) aligns them: a run of labelled lines shares one width.
    fn render(&self) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < self.0.len() {
            if self.0[i].0.is_none() {
                let _ = writeln!(out, "{}", self.0[i].1);
                i += 1;
                continue;
            }
            let end = (i..self.0.len())
                .find(|&k| self.0[k].0.is_none())
                .unwrap_or(self.0.len());
            let width = self.0[i..end]
                .iter()
                .map(|(l, _)| l.as_deref().map_or(0, |l| l.chars().count()))
                .max()
                .unwrap_or(0)
                + 2;
            for (l, v) in &self.0[i..end] {
                let l = l.as_deref().unwrap_or_default();
                let _ = writeln!(out, "{}", format!("{l:<width$}{v}").trim_end());
            }
            i = end;
        }
        out
    }
}

/// kubectl's `DescribePodTemplate`: labels, containers, volumes, node selectors, tolerations.
fn pod_template_lines(l: &mut Lines, t: &PodTemplate) {
    l.line("Pod Template:");
    l.labels("  Labels", &t.labels, "=");
    if !t.annotations.is_empty() {
        l.labels("  Annotations", &t.annotations, ": ");
    }
    for (title, list) in [
        ("Init Containers", t.spec.init_containers()),
        ("Containers", t.spec.app_containers()),
    ] {
        if list.is_empty() {
            continue;
        }
        l.line(format!("  {title}:"));
        for c in list {
            l.line(format!("   {}:", c.name));
            l.cell("    Image:", c.image.clone());
            match c.ports.first() {
                Some(p) => {
                    l.cell("    Port:", format!("{}/{}", p.container_port, p.protocol));
                    l.cell("    Host Port:", format!("0/{}", p.protocol));
                }
                None => {
                    l.cell("    Port:", "<none>");
                    l.cell("    Host Port:", "<none>");
                }
            }
            for (title, words) in [("Command", &c.command), ("Args", &c.args)] {
                if !words.is_empty() {
                    l.line(format!("    {title}:"));
                    for w in words.iter() {
                        l.line(format!("      {w}"));
                    }
                }
            }
            if c.env.is_empty() {
                l.cell("    Environment:", "<none>");
            } else {
                l.line("    Environment:");
                for e in &c.env {
                    l.line(format!("      {}:  {}", e.name, e.value));
                }
            }
            l.cell("    Mounts:", "<none>");
        }
    }
    l.cell("  Volumes:", "<none>");
    l.labels("  Node-Selectors", &t.spec.node_selector, "=");
    l.cell("  Tolerations:", "<none>");
}

/// The events section, or `Events: <none>` as a cell of the last block.
fn events_lines(l: &mut Lines, w: &World, ns: &str, object: &str) -> Option<String> {
    let events = crate::lang::describe::events_section(w, ns, object);
    if events.starts_with("Events:  ") || events.trim_end().ends_with("<none>") {
        l.cell("Events:", "<none>");
        None
    } else {
        Some(events)
    }
}

/// `kubectl describe job NAME`.
pub fn describe_job(w: &World, j: &Job) -> String {
    let mut l = Lines::default();
    l.cell("Name:", j.meta.name.clone());
    l.cell("Namespace:", j.meta.namespace.clone());
    l.cell("Selector:", labels_inline(&j.spec.selector.match_labels));
    l.labels("Labels", &j.meta.labels, "=");
    l.labels("Annotations", &j.meta.annotations, ": ");
    if let Some(o) = &j.meta.owner {
        l.cell("Controlled By:", format!("{}/{}", o.kind, o.name));
    }
    l.cell("Parallelism:", j.spec.parallelism.to_string());
    l.cell(
        "Completions:",
        j.spec
            .completions
            .map_or_else(|| "<unset>".into(), |c| c.to_string()),
    );
    l.cell("Completion Mode:", j.spec.completion_mode.as_str());
    l.cell("Suspend:", j.spec.suspend.to_string());
    l.cell("Backoff Limit:", j.spec.backoff_limit.to_string());
    if let Some(ttl) = j.spec.ttl_seconds_after_finished {
        l.cell("TTL Seconds After Finished:", ttl.to_string());
    }
    if let Some(t) = j.status.start_ms {
        l.cell("Start Time:", rfc1123(t));
    }
    if let Some(t) = j.status.completion_ms {
        l.cell("Completed At:", rfc1123(t));
    }
    if let (Some(s), Some(c)) = (j.status.start_ms, j.status.completion_ms) {
        l.cell("Duration:", age(c, s));
    }
    if let Some(ads) = j.spec.active_deadline_seconds {
        l.cell("Active Deadline Seconds:", format!("{ads}s"));
    }
    l.cell(
        "Pods Statuses:",
        format!(
            "{} Active ({} Ready) / {} Succeeded / {} Failed",
            j.status.active, j.status.ready, j.status.succeeded, j.status.failed
        ),
    );
    pod_template_lines(&mut l, &j.spec.template);
    let events = events_lines(
        &mut l,
        w,
        &j.meta.namespace,
        &format!("job/{}", j.meta.name),
    );
    let mut out = l.render();
    out.push_str(&events.unwrap_or_default());
    out
}

/// `kubectl describe cronjob NAME`.
pub fn describe_cronjob(w: &World, c: &CronJob) -> String {
    let mut l = Lines::default();
    l.cell("Name:", c.meta.name.clone());
    l.cell("Namespace:", c.meta.namespace.clone());
    l.labels("Labels", &c.meta.labels, "=");
    l.labels("Annotations", &c.meta.annotations, ": ");
    l.cell("Schedule:", c.spec.schedule.clone());
    l.cell("Concurrency Policy:", c.spec.concurrency_policy.as_str());
    l.cell("Suspend:", if c.spec.suspend { "True" } else { "False" });
    l.cell(
        "Successful Job History Limit:",
        c.spec.successful_jobs_history_limit.to_string(),
    );
    l.cell(
        "Failed Job History Limit:",
        c.spec.failed_jobs_history_limit.to_string(),
    );
    l.cell(
        "Starting Deadline Seconds:",
        c.spec
            .starting_deadline_seconds
            .map_or_else(|| "<unset>".into(), |s| format!("{s}s")),
    );
    let js = &c.spec.job_template.spec;
    l.cell("Selector:", "<unset>");
    l.cell("Parallelism:", js.parallelism.to_string());
    l.cell(
        "Completions:",
        js.completions
            .map_or_else(|| "<unset>".into(), |n| n.to_string()),
    );
    if let Some(ads) = js.active_deadline_seconds {
        l.cell("Active Deadline Seconds:", format!("{ads}s"));
    }
    pod_template_lines(&mut l, &js.template);
    l.cell(
        "Last Schedule Time:",
        c.status
            .last_schedule_ms
            .map_or_else(|| "<unset>".into(), rfc1123),
    );
    l.cell(
        "Active Jobs:",
        if c.status.active.is_empty() {
            "<none>".to_string()
        } else {
            c.status.active.join(", ")
        },
    );
    let events = events_lines(
        &mut l,
        w,
        &c.meta.namespace,
        &format!("cronjob/{}", c.meta.name),
    );
    let mut out = l.render();
    out.push_str(&events.unwrap_or_default());
    out
}

/// `kubectl describe jobs|cronjobs [NAME…] [-l SELECTOR]`: each named one (NotFound for one
/// missing), or every one of the namespace the selector keeps.
pub(crate) fn describe_batch(
    w: &World,
    cronjobs: bool,
    ns: &str,
    sel: &Option<crate::input::model::Labels>,
    names: &[String],
) -> Result<Vec<String>, String> {
    let store = &w.k.store;
    let keep = |m: &crate::sim::store::ObjectMeta| {
        m.namespace == ns
            && (if names.is_empty() {
                sel.as_ref()
                    .is_none_or(|s| s.iter().all(|(k, v)| m.labels.get(k) == Some(v)))
            } else {
                names.contains(&m.name)
            })
    };
    for n in names {
        let key = (ns.to_string(), n.clone());
        let found = if cronjobs {
            store.cronjobs.contains_key(&key)
        } else {
            store.jobs.contains_key(&key)
        };
        if !found {
            let plural = if cronjobs {
                "cronjobs.batch"
            } else {
                "jobs.batch"
            };
            return Err(format!(
                "Error from server (NotFound): {plural} \"{n}\" not found"
            ));
        }
    }
    Ok(if cronjobs {
        store
            .cronjobs
            .values()
            .filter(|c| keep(&c.meta))
            .map(|c| describe_cronjob(w, c))
            .collect()
    } else {
        store
            .jobs
            .values()
            .filter(|j| keep(&j.meta))
            .map(|j| describe_job(w, j))
            .collect()
    })
}

/// The pod `kubectl logs job/NAME` (or `exec`) reads: one the Job selects, running ones first,
/// then by name; and how many there were.
pub(crate) fn job_pod_for_logs(w: &World, ns: &str, job: &str) -> Result<(String, usize), String> {
    let j = w
        .k
        .store
        .jobs
        .get(&(ns.to_string(), job.to_string()))
        .ok_or_else(|| format!("Error from server (NotFound): jobs.batch \"{job}\" not found"))?;
    let mut pods: Vec<&crate::sim::store::Pod> =
        w.k.store
            .pods
            .values()
            .filter(|p| p.meta.namespace == ns && j.spec.selector.matches(&p.meta.labels))
            .collect();
    crate::base::sort::sort_by_key(&mut pods, |p| {
        (
            !matches!(p.status.phase, crate::sim::store::PodPhase::Running),
            p.meta.name.clone(),
        )
    });
    match pods.first() {
        Some(p) => Ok((p.meta.name.clone(), pods.len())),
        None => Err("error: timed out waiting for the condition".into()),
    }
}
