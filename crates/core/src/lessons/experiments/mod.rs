//! "Show me": for a lint finding, the experiment that makes its predicted failure happen.
//!
//! [`experiment`] turns a rule and the learner's own document into an [`Experiment`]: the
//! files to apply (their workload, plus what the experiment needs around it — a namespace, a
//! Service to send traffic through) and the commands of the ordinary language that expose the
//! flaw (`sim traffic`, `kubectl rollout restart`, `sim fail-node`, `kubectl scale`…). The same
//! builder gives the *fixed* variant (one change: the probe added, the tag pinned, three
//! replicas…), so every run can be compared with the definition done right.
//!
//! [`run`] plays an experiment in a fresh [`World`](crate::world::World) (never the learner's:
//! nothing of theirs moves) and measures what happened ([`Metrics`]): failed requests, restarts,
//! how long pods stayed Terminating, image pulls, when a leak was OOM-killed, ECS replacements.
//! Each rule reads its own numbers into an outcome, in English and Japanese. Shells print or draw
//! the result; they decide nothing ([`show_me`] does both runs).
//!
//! Where the simulation cannot show a failure (who a process runs as), [`experiment`] says so
//! instead of pretending. Some failures need the bug they guard against: a hang or a leak. The
//! demo app has them as settings (`HANG_AFTER`, `LEAK_MEMORY_MIB_PER_SEC`), so those experiments
//! add one to both variants and say so in their title.
//!
//! This file holds the types a shell sees and the dispatch on the rule's platform. The learner's
//! document is read and edited in `document`, summarised in `workload`; each platform builds its
//! experiments in `kubernetes` and `ecs`; `run` plays them and `judge` reads the numbers.

mod document;
mod ecs;
mod judge;
mod kubernetes;
mod run;
mod workload;

pub use judge::transcript;
pub use run::run;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::input::definitions::lint::Finding;
use crate::input::model::Millis;
use document::{container_index, split_documents};
use ecs::ecs_experiment;
use kubernetes::k8s_experiment;

/// English and Japanese text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    pub(super) fn new(en: impl Into<String>, ja: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            ja: ja.into(),
        }
    }

    /// The text in one language (`ja` = Japanese).
    pub fn pick(&self, ja: bool) -> &str {
        if ja {
            &self.ja
        } else {
            &self.en
        }
    }
}

/// The definition as the learner wrote it, or with the finding fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    AsWritten,
    Fixed,
}

/// What the experiment watches: one Kubernetes workload (its pods by label) or one ECS family.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Pods {
        namespace: String,
        labels: BTreeMap<String, String>,
        /// The Service traffic goes through, when the experiment sends any.
        service: Option<String>,
        /// terminationGracePeriodSeconds, and the app's own shutdown (ms) if it says.
        grace_ms: Millis,
        shutdown_ms: Option<Millis>,
    },
    Ecs {
        family: String,
        /// A value that must not be readable in the task definition.
        secret: Option<String>,
    },
}

/// One experiment: files, commands, and what to look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Experiment {
    pub rule: &'static str,
    pub variant: Variant,
    pub title: Text,
    /// What the fixed variant changed (empty for the definition as written).
    pub change: Text,
    /// (file name, text), applied by the steps with `-f NAME` / `file://NAME`.
    pub files: Vec<(String, String)>,
    /// Commands of the ordinary language, in order. `$POD` and `$NODE` stand for the first
    /// running pod of the workload (by name) and its node, resolved when the step runs.
    pub steps: Vec<String>,
    pub look_at: Text,
    target: Target,
}

/// What one run measured.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    /// Requests sent through the Service, and how many failed.
    pub requests: u64,
    pub errors: u64,
    /// Container restarts of the workload's pods (the highest total seen).
    pub restarts: u64,
    /// The longest time one of the workload's pods stayed Terminating before it was gone.
    pub longest_terminating_ms: Option<Millis>,
    /// `Pulling` events of the workload's pods.
    pub image_pulls: u64,
    /// Pods of the workload ever seen.
    pub pods_seen: u64,
    /// How long the first container that was OOM-killed had run.
    pub first_oom_after_ms: Option<Millis>,
    /// Pods not bound to a node at the end, and the CPU (millicores) the nodes had reserved.
    pub pending_pods: u64,
    pub cpu_requested_milli: u64,
    /// ECS tasks stopped because their health checks failed.
    pub health_check_replacements: u64,
    /// ECS tasks of the family running at the end.
    pub tasks_running: u64,
    /// Whether the secret's value was printed by a command.
    pub secret_visible: bool,
}

/// One command and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// As run (`$POD`/`$NODE` resolved).
    pub command: String,
    pub output: String,
    pub ok: bool,
}

/// An experiment as it ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub experiment: Experiment,
    pub steps: Vec<Step>,
    pub metrics: Metrics,
    /// The numbers in words.
    pub outcome: Text,
    /// Whether the failure the rule predicts happened in this run.
    pub failure_observed: bool,
}

/// Both runs of a finding's experiment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShowMe {
    pub as_written: Run,
    /// The same experiment on the definition with this one finding fixed.
    pub fixed: Option<Run>,
}

/// The seed of every experiment: the same finding gives the same run, everywhere.
pub const SEED: u64 = 1;

/// Traffic sent by experiments that measure availability, requests per second.
const RATE: u32 = 100;

/// Bounds the wake-ups one `sim wait` of an experiment may step through.
const WAKEUPS_MAX: usize = 200_000;

/// Replicas an experiment runs at most: the lesson needs a few, and a Show me button must
/// answer at once whatever the definition asks for.
pub(super) const REPLICAS_MAX: u64 = 10;

/// Rules with an experiment (the others: the simulation cannot show their failure).
pub const RULES_WITH_EXPERIMENTS: &[&str] = &[
    "no-readiness-probe",
    "no-liveness-probe",
    "no-memory-limit",
    "no-requests",
    "latest-tag",
    "single-replica-in-prod",
    "grace-shorter-than-shutdown",
    "ignores-sigterm",
    "no-health-check",
    "secret-in-environment",
];

/// Runs a finding's experiment on the learner's text, as written and fixed.
pub fn show_me(finding: &Finding, source: &str) -> Result<ShowMe, Text> {
    let as_written = experiment(finding.rule, source, finding.line, Variant::AsWritten)?;
    let fixed = experiment(finding.rule, source, finding.line, Variant::Fixed).ok();
    Ok(ShowMe {
        as_written: run(&as_written, SEED),
        fixed: fixed.map(|e| run(&e, SEED)),
    })
}

pub(super) fn no_experiment(en: &str, ja: &str) -> Text {
    Text::new(en, ja)
}

/// Builds a rule's experiment on the document of `source` that holds `line`.
pub fn experiment(
    rule: &str,
    source: &str,
    line: usize,
    variant: Variant,
) -> Result<Experiment, Text> {
    let (doc, others) = split_documents(source, line)?;
    if doc.get("containerDefinitions").is_some() {
        return ecs_experiment(rule, doc, variant);
    }
    match doc.get("kind").and_then(Value::as_str) {
        Some("Deployment" | "Pod") => {}
        _ => {
            return Err(no_experiment(
                "experiments run Deployments, Pods and ECS task definitions",
                "実験できるのは Deployment、Pod、ECS タスク定義です",
            ))
        }
    }
    let containers = if doc.get("kind").and_then(Value::as_str) == Some("Pod") {
        "/spec/containers"
    } else {
        "/spec/template/spec/containers"
    };
    let index = container_index(source, &doc, containers, line);
    k8s_experiment(rule, doc, others, containers, index, variant)
}
