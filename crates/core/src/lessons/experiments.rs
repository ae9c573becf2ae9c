//! "Show me": for a lint finding, the experiment that makes its predicted failure happen.
//!
//! [`experiment`] turns a rule and the learner's own document into an [`Experiment`]: the
//! files to apply (their workload, plus what the experiment needs around it — a namespace, a
//! Service to send traffic through) and the commands of the ordinary language that expose the
//! flaw (`sim traffic`, `kubectl rollout restart`, `sim fail-node`, `kubectl scale`…). The same
//! builder gives the *fixed* variant (one change: the probe added, the tag pinned, three
//! replicas…), so every run can be compared with the definition done right.
//!
//! [`run`] plays an experiment in a fresh [`World`] (never the learner's: nothing of theirs
//! moves) and measures what happened ([`Metrics`]): failed requests, restarts, how long pods
//! stayed Terminating, image pulls, when a leak was OOM-killed, ECS replacements. Each rule
//! reads its own numbers into an outcome, in English and Japanese. Shells print or draw the
//! result; they decide nothing ([`show_me`] does both runs).
//!
//! Where the simulation cannot show a failure (who a process runs as), [`experiment`] says so
//! instead of pretending. Some failures need the bug they guard against: a hang or a leak. The
//! demo app has them as settings (`HANG_AFTER`, `LEAK_MEMORY_MIB_PER_SEC`), so those experiments
//! add one to both variants and say so in their title.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::input::definitions::lint::Finding;
use crate::input::files::MapFiles;
use crate::input::model::Millis;
use crate::sim::world::World;

/// English and Japanese text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    fn new(en: impl Into<String>, ja: impl Into<String>) -> Text {
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
enum Target {
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
const REPLICAS_MAX: u64 = 10;

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

fn no_experiment(en: &str, ja: &str) -> Text {
    Text::new(en, ja)
}

// ------------------------------------------------------------------ reading the document

/// The document holding `line`, with the other documents of the file.
fn split_documents(source: &str, line: usize) -> Result<(Value, Vec<Value>), Text> {
    let docs = crate::input::definitions::parse_values(source).map_err(|_| {
        no_experiment(
            "the file does not parse; fix its syntax first",
            "ファイルを解析できません。まず構文を直してください",
        )
    })?;
    let first_line = |d: &crate::input::definitions::ParsedDocument| {
        d.locations
            .values()
            .map(|(l, _)| *l)
            .min()
            .unwrap_or(usize::MAX)
    };
    let at = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| first_line(d) <= line)
        .max_by_key(|(_, d)| first_line(d))
        .map(|(i, _)| i)
        .ok_or_else(|| {
            no_experiment("no object at that line", "その行にオブジェクトがありません")
        })?;
    let mut values: Vec<Value> = docs.into_iter().map(|d| d.value).collect();
    let doc = values.remove(at);
    Ok((doc, values))
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// The container the finding points into: the last one starting at or before its line.
fn container_index(source: &str, doc: &Value, containers: &str, line: usize) -> usize {
    let Ok(docs) = crate::input::definitions::parse_values(source) else {
        return 0;
    };
    let Some(parsed) = docs.iter().find(|d| d.value == *doc) else {
        return 0;
    };
    let count = doc
        .pointer(containers)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    (0..count)
        .rev()
        .find(|i| {
            parsed
                .locations
                .get(&format!("{containers}/{i}"))
                .is_some_and(|(l, _)| *l <= line)
        })
        .unwrap_or(0)
}

fn env_of<'a>(c: &'a Value, name: &str) -> Option<&'a str> {
    c.get("env")?
        .as_array()?
        .iter()
        .find(|e| e.get("name").and_then(Value::as_str) == Some(name))?
        .get("value")?
        .as_str()
}

fn set_env(c: &mut Value, name: &str, value: &str) {
    let Some(obj) = c.as_object_mut() else { return };
    let env = obj.entry("env").or_insert_with(|| json!([]));
    if !env.is_array() {
        *env = json!([]);
    }
    if let Some(list) = env.as_array_mut() {
        list.retain(|e| e.get("name").and_then(Value::as_str) != Some(name));
        list.push(json!({"name": name, "value": value}));
    }
}

fn remove_env(c: &mut Value, name: &str) {
    if let Some(list) = c.get_mut("env").and_then(Value::as_array_mut) {
        list.retain(|e| e.get("name").and_then(Value::as_str) != Some(name));
    }
}

fn repository(image: &str) -> &str {
    let name = image.split('@').next().unwrap_or(image);
    match name.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => n,
        _ => name,
    }
}

fn is_demo_app(image: &str) -> bool {
    matches!(
        repository(image),
        "sunaba/demo-app" | "docker.io/sunaba/demo-app"
    )
}

/// The version `latest` is today, for the catalog's images (what a pinned tag would be).
fn pinned_tag(image: &str) -> Option<&'static str> {
    let repo = repository(image);
    let repo = repo.strip_prefix("docker.io/").unwrap_or(repo);
    let repo = repo.strip_prefix("library/").unwrap_or(repo);
    Some(match repo {
        "nginx" => "1.27",
        "httpd" => "2.4",
        "redis" => "7.4",
        "postgres" => "16",
        "busybox" => "1.37",
        "envoyproxy/envoy" => "v1.32",
        "sunaba/demo-app" => "2.0",
        _ => return None,
    })
}

/// The port the container serves on: its first `containerPort`, else the image's default.
fn serving_port(c: &Value) -> u16 {
    let declared = c
        .pointer("/ports/0/containerPort")
        .and_then(Value::as_u64)
        .and_then(|p| u16::try_from(p).ok());
    if let Some(p) = declared {
        return p;
    }
    let image = c.get("image").and_then(Value::as_str).unwrap_or("");
    if is_demo_app(image) {
        return env_of(c, "PORT")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(8080);
    }
    match repository(image).rsplit('/').next().unwrap_or("") {
        "redis" => 6379,
        "postgres" => 5432,
        "envoy" => 9901,
        _ => 80,
    }
}

fn seconds_env(c: &Value, name: &str) -> Option<Millis> {
    env_of(c, name)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| (s.min(3_600.0) * 1000.0) as Millis)
}

fn selector_arg(labels: &BTreeMap<String, String>) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
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

/// Everything a Kubernetes experiment needs to know about the workload.
struct Workload {
    doc: Value,
    /// ConfigMaps, Secrets, Services and Namespaces of the same file (the workload may need them).
    supporting: Vec<Value>,
    pod_kind: bool,
    name: String,
    namespace: String,
    labels: BTreeMap<String, String>,
    /// JSON pointer of the pod spec and of the container.
    pod_spec: String,
    container: String,
}

impl Workload {
    fn container(&self) -> &Value {
        self.doc.pointer(&self.container).unwrap_or(&Value::Null)
    }

    fn container_mut(&mut self) -> Option<&mut Value> {
        self.doc.pointer_mut(&self.container)
    }

    fn image(&self) -> String {
        self.container()
            .get("image")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    }

    fn replicas(&self) -> u64 {
        self.doc
            .pointer("/spec/replicas")
            .and_then(Value::as_u64)
            .unwrap_or(1)
    }

    fn grace_ms(&self) -> Millis {
        self.doc
            .pointer(&format!("{}/terminationGracePeriodSeconds", self.pod_spec))
            .and_then(Value::as_u64)
            .unwrap_or(30)
            .min(86_400)
            * 1000
    }

    fn selector(&self) -> String {
        selector_arg(&self.labels)
    }

    fn ns_flag(&self) -> String {
        if self.namespace == "default" {
            String::new()
        } else {
            format!(" -n {}", self.namespace)
        }
    }

    /// `deployment/web` or the pod's name.
    fn object(&self) -> String {
        if self.pod_kind {
            format!("pod/{}", self.name)
        } else {
            format!("deployment/{}", self.name)
        }
    }

    /// A Service of the file that selects the workload's pods.
    fn existing_service(&self) -> Option<String> {
        self.supporting.iter().find_map(|d| {
            if d.get("kind").and_then(Value::as_str) != Some("Service") {
                return None;
            }
            let ns = str_at(d, "/metadata/namespace").unwrap_or("default");
            let selector = d.pointer("/spec/selector")?.as_object()?;
            let selects = !selector.is_empty()
                && ns == self.namespace
                && selector
                    .iter()
                    .all(|(k, v)| self.labels.get(k).map(String::as_str) == v.as_str());
            selects
                .then(|| str_at(d, "/metadata/name").map(str::to_owned))
                .flatten()
        })
    }
}

fn workload(doc: Value, others: Vec<Value>, containers: &str, index: usize) -> Workload {
    let pod_kind = doc.get("kind").and_then(Value::as_str) == Some("Pod");
    let name = str_at(&doc, "/metadata/name").unwrap_or("app").to_owned();
    let namespace = str_at(&doc, "/metadata/namespace")
        .unwrap_or("default")
        .to_owned();
    let labels_at = if pod_kind {
        "/metadata/labels"
    } else {
        "/spec/template/metadata/labels"
    };
    let mut labels: BTreeMap<String, String> = doc
        .pointer(labels_at)
        .and_then(Value::as_object)
        .map(|m| {
            crate::base::sort::map_from(
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))),
            )
        })
        .unwrap_or_default();
    let mut doc = doc;
    if labels.is_empty() && pod_kind {
        // A Service needs a label to select the pod by.
        labels.insert("show-me".into(), name.clone());
        if let Some(meta) = doc.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.insert("labels".into(), json!({"show-me": name}));
        }
    }
    let supporting = others
        .into_iter()
        .filter(|d| {
            matches!(
                d.get("kind").and_then(Value::as_str),
                Some("ConfigMap" | "Secret" | "Service" | "Namespace")
            )
        })
        .collect();
    Workload {
        doc,
        supporting,
        pod_kind,
        name,
        namespace,
        labels,
        pod_spec: containers
            .strip_suffix("/containers")
            .unwrap_or(containers)
            .to_owned(),
        container: format!("{containers}/{index}"),
    }
}

fn yaml_documents(values: &[Value]) -> String {
    values
        .iter()
        .map(crate::input::yaml_out::to_yaml_kustomize)
        .collect::<Vec<_>>()
        .join("---\n")
}

/// What every traffic experiment puts around the workload: its namespace, a Service.
struct Around {
    extra: Vec<Value>,
    service: Option<String>,
}

fn around(w: &Workload, with_service: bool) -> Around {
    let mut extra = Vec::new();
    let declared_ns = w.supporting.iter().any(|d| {
        d.get("kind").and_then(Value::as_str) == Some("Namespace")
            && str_at(d, "/metadata/name") == Some(w.namespace.as_str())
    });
    if w.namespace != "default" && !declared_ns {
        extra.push(
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": w.namespace}}),
        );
    }
    let service = if with_service {
        match w.existing_service() {
            Some(s) => Some(s),
            None => {
                let port = serving_port(w.container());
                let mut svc = json!({
                    "apiVersion": "v1", "kind": "Service",
                    "metadata": {"name": w.name},
                    "spec": {"selector": w.labels, "ports": [{"port": 80, "targetPort": port}]}
                });
                if w.namespace != "default" {
                    svc["metadata"]["namespace"] = json!(w.namespace);
                }
                extra.push(svc);
                Some(w.name.clone())
            }
        }
    } else {
        None
    };
    Around { extra, service }
}

fn probe_for(c: &Value) -> Value {
    let image = c.get("image").and_then(Value::as_str).unwrap_or("");
    let port = serving_port(c);
    let http = is_demo_app(image)
        || matches!(
            repository(image).rsplit('/').next(),
            Some("nginx" | "httpd" | "envoy")
        );
    if http {
        let path = if is_demo_app(image) { "/ready" } else { "/" };
        json!({"httpGet": {"path": path, "port": port}, "periodSeconds": 2})
    } else {
        json!({"tcpSocket": {"port": port}, "periodSeconds": 2})
    }
}

fn k8s_experiment(
    rule: &str,
    doc: Value,
    others: Vec<Value>,
    containers: &str,
    index: usize,
    variant: Variant,
) -> Result<Experiment, Text> {
    let mut w = workload(doc, others, containers, index);
    let capped = w.replicas() > REPLICAS_MAX && !w.pod_kind;
    if capped {
        if let Some(spec) = w.doc.get_mut("spec").and_then(Value::as_object_mut) {
            spec.insert("replicas".into(), json!(REPLICAS_MAX));
        }
    }
    let fixed = variant == Variant::Fixed;
    let image = w.image();
    let demo = is_demo_app(&image);
    let ns = w.ns_flag();
    let sel = w.selector();
    let object = w.object();
    let mut traffic = false;
    let mut change = Text::new("", "");
    let (title, steps_after, look_at): (Text, Vec<String>, Text);
    let rule: &'static str = match rule {
        "no-readiness-probe" => {
            traffic = true;
            if fixed {
                let probe = probe_for(w.container());
                if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
                    c.insert("readinessProbe".into(), probe);
                }
                change = Text::new(
                    "with a readinessProbe (every 2 s)",
                    "readinessProbe（2 秒ごと）を追加",
                );
            }
            title = Text::new(
                "Traffic during a restart: requests reach pods that cannot answer yet",
                "再起動中のトラフィック: まだ応答できない Pod にリクエストが届く",
            );
            steps_after = if w.pod_kind {
                vec![format!("sim kill -l {sel}{ns}"), "sim wait 1m".into()]
            } else {
                vec![
                    format!("kubectl rollout restart {object}{ns}"),
                    "sim wait 1m".into(),
                ]
            };
            look_at = Text::new(
                "the errors in `sim traffic`: without a readiness probe a new container is in the Service's endpoints as soon as it runs, before the app answers",
                "`sim traffic` のエラー数: readiness probe がないと、コンテナは起動した瞬間（アプリが応答できる前）に Service のエンドポイントに入ります",
            );
            "no-readiness-probe"
        }
        "no-liveness-probe" => {
            if !demo {
                return Err(no_experiment(
                    "a hang can only be simulated with sunaba/demo-app (HANG_AFTER)",
                    "ハングを再現できるのは sunaba/demo-app（HANG_AFTER）だけです",
                ));
            }
            traffic = true;
            if let Some(c) = w.container_mut() {
                set_env(c, "HANG_AFTER", "30s");
            }
            if fixed {
                let port = serving_port(w.container());
                if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
                    c.insert(
                        "livenessProbe".into(),
                        json!({"httpGet": {"path": "/livez", "port": port}, "periodSeconds": 5, "failureThreshold": 3}),
                    );
                }
                change = Text::new(
                    "with a livenessProbe (GET /livez every 5 s, 3 failures)",
                    "livenessProbe（5 秒ごとに GET /livez、3 回失敗で再起動）を追加",
                );
            }
            title = Text::new(
                "The app hangs 30 s after it starts (HANG_AFTER=30s added): is it restarted?",
                "起動 30 秒後にアプリがハングします（HANG_AFTER=30s を追加）: 再起動されるか？",
            );
            steps_after = vec![
                "sim wait 2m".into(),
                format!("kubectl get pods -l {sel}{ns}"),
            ];
            look_at = Text::new(
                "RESTARTS and the errors: without a liveness probe the hung pod stays Running with 0 restarts and fails every request",
                "RESTARTS とエラー数: liveness probe がないと、ハングした Pod は Running・再起動 0 回のまま、すべてのリクエストに失敗します",
            );
            "no-liveness-probe"
        }
        "no-memory-limit" => {
            if !demo {
                return Err(no_experiment(
                    "a leak can only be simulated with sunaba/demo-app (LEAK_MEMORY_MIB_PER_SEC)",
                    "メモリリークを再現できるのは sunaba/demo-app（LEAK_MEMORY_MIB_PER_SEC）だけです",
                ));
            }
            if let Some(c) = w.container_mut() {
                set_env(c, "LEAK_MEMORY_MIB_PER_SEC", "16");
            }
            if fixed {
                let base_mib = env_of(w.container(), "MEMORY_MIB")
                    .and_then(|m| m.trim().parse::<f64>().ok())
                    .filter(|m| m.is_finite() && *m >= 0.0)
                    .map_or(32, |m| m.min(1e6) as u64);
                let limit = format!("{}Mi", base_mib + 96);
                if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
                    let resources = c.entry("resources").or_insert_with(|| json!({}));
                    if !resources.is_object() {
                        *resources = json!({});
                    }
                    if let Some(r) = resources.as_object_mut() {
                        let limits = r.entry("limits").or_insert_with(|| json!({}));
                        if !limits.is_object() {
                            *limits = json!({});
                        }
                        limits["memory"] = json!(limit);
                    }
                }
                change = Text::new(
                    format!("with resources.limits.memory: {limit}"),
                    format!("resources.limits.memory: {limit} を追加"),
                );
            }
            title = Text::new(
                "The app leaks 16 MiB/s (LEAK_MEMORY_MIB_PER_SEC=16 added): what stops it?",
                "アプリが毎秒 16 MiB リークします（LEAK_MEMORY_MIB_PER_SEC=16 を追加）: 何が止めるか？",
            );
            steps_after = vec![
                "sim wait 1m".into(),
                format!("kubectl get pods -l {sel}{ns}"),
                "sim wait 4m".into(),
                format!("kubectl get pods -l {sel}{ns}"),
            ];
            look_at = Text::new(
                "when the container is OOMKilled: with no limit the leak grows to the whole node's memory (4 GiB) first; with a limit it is stopped at the limit, alone",
                "コンテナが OOMKilled になる時点: 制限がないとリークはノードのメモリ全体（4 GiB）まで膨らみます。制限があれば、その上限でこのコンテナだけが止められます",
            );
            "no-memory-limit"
        }
        "no-requests" => {
            if w.pod_kind {
                return Err(no_experiment(
                    "the experiment scales a Deployment; a bare Pod cannot be scaled",
                    "この実験は Deployment をスケールします。単独の Pod はスケールできません",
                ));
            }
            if fixed {
                if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
                    let resources = c.entry("resources").or_insert_with(|| json!({}));
                    if !resources.is_object() {
                        *resources = json!({});
                    }
                    resources["requests"] = json!({"cpu": "500m", "memory": "256Mi"});
                }
                change = Text::new(
                    "with resources.requests: cpu 500m, memory 256Mi",
                    "resources.requests（cpu 500m、memory 256Mi）を追加",
                );
            }
            title = Text::new(
                "Scale to 30 replicas on 3 nodes of 2 CPU: what does the scheduler reserve?",
                "2 CPU のノード 3 台で 30 レプリカにスケール: スケジューラは何を確保するか？",
            );
            steps_after = vec![
                format!("kubectl scale {object} --replicas=30{ns}"),
                "sim wait 1m".into(),
                "kubectl describe nodes".into(),
                format!("kubectl get pods -l {sel}{ns}"),
            ];
            look_at = Text::new(
                "`Allocated resources` of each node: without requests the scheduler counts 0 for every pod, so nothing stops it from piling more pods on a full node",
                "各ノードの `Allocated resources`: requests がないとスケジューラは各 Pod を 0 と数えるため、満杯のノードにも Pod を積み続けます",
            );
            "no-requests"
        }
        "latest-tag" => {
            if fixed {
                let Some(tag) = pinned_tag(&image) else {
                    return Err(no_experiment(
                        "no pinned version known for this image",
                        "このイメージの固定バージョンがわかりません",
                    ));
                };
                let pinned = format!("{}:{tag}", repository(&image));
                if let Some(c) = w.container_mut().and_then(Value::as_object_mut) {
                    c.insert("image".into(), json!(pinned));
                }
                change = Text::new(
                    format!("with image {pinned}"),
                    format!("イメージを {pinned} に固定"),
                );
            }
            title = Text::new(
                "Crash the container three times: where does each restart get its image?",
                "コンテナを 3 回クラッシュさせる: 再起動のたびにイメージをどこから取るか？",
            );
            steps_after = vec![
                format!("sim crash -l {sel}{ns}"),
                "sim wait 15s".into(),
                format!("sim crash -l {sel}{ns}"),
                "sim wait 30s".into(),
                format!("sim crash -l {sel}{ns}"),
                "sim wait 1m".into(),
                format!("kubectl describe pod -l {sel}{ns}"),
            ];
            look_at = Text::new(
                "the `Pulling` events: with :latest (imagePullPolicy Always) every restart pulls the tag again, so a restart runs whatever the tag points to now, not what was tested",
                "`Pulling` イベント: :latest（imagePullPolicy Always）では再起動のたびにタグを取り直すため、再起動後に動くのはテストした版ではなく、今そのタグが指す版です",
            );
            "latest-tag"
        }
        "single-replica-in-prod" => {
            traffic = true;
            if fixed {
                if let Some(spec) = w.doc.get_mut("spec").and_then(Value::as_object_mut) {
                    spec.insert("replicas".into(), json!(3));
                }
                change = Text::new("with replicas: 3", "replicas: 3 に変更");
            }
            title = Text::new(
                "The node under the pod fails while users send 100 requests/s",
                "毎秒 100 リクエストの最中に、Pod が載っているノードが故障する",
            );
            steps_after = vec![
                "sim fail-node $NODE".into(),
                "sim wait 2m".into(),
                format!("kubectl get pods -l {sel}{ns} -o wide"),
            ];
            look_at = Text::new(
                "the errors in `sim traffic`: with one replica every request fails until the pod is replaced, 5 minutes after the node is lost",
                "`sim traffic` のエラー数: レプリカが 1 つだと、ノード喪失から 5 分後に Pod が置き換えられるまで、すべてのリクエストが失敗します",
            );
            "single-replica-in-prod"
        }
        "ignores-sigterm" | "grace-shorter-than-shutdown" => {
            let sigterm = rule == "ignores-sigterm";
            if fixed {
                if sigterm {
                    if let Some(c) = w.container_mut() {
                        remove_env(c, "IGNORE_SIGTERM");
                    }
                    change = Text::new(
                        "with an app that handles SIGTERM (IGNORE_SIGTERM removed)",
                        "SIGTERM を処理するアプリ（IGNORE_SIGTERM を削除）",
                    );
                } else {
                    let shutdown_s = seconds_env(w.container(), "SHUTDOWN_SECONDS")
                        .unwrap_or(0)
                        .div_ceil(1000);
                    let grace = shutdown_s + 10;
                    let at = w.pod_spec.clone();
                    if let Some(spec) = w.doc.pointer_mut(&at).and_then(Value::as_object_mut) {
                        spec.insert("terminationGracePeriodSeconds".into(), json!(grace));
                    }
                    change = Text::new(
                        format!("with terminationGracePeriodSeconds: {grace}"),
                        format!("terminationGracePeriodSeconds: {grace} に変更"),
                    );
                }
            }
            let stop = if w.pod_kind {
                format!("kubectl delete pod {}{ns}", w.name)
            } else {
                format!(
                    "kubectl scale {object} --replicas={}{ns}",
                    w.replicas().saturating_sub(1)
                )
            };
            title = if sigterm {
                Text::new(
                    "Scale in by one: how long does the pod take to go away?",
                    "1 つスケールインする: Pod が消えるまでどれだけかかるか？",
                )
            } else {
                Text::new(
                    "Scale in by one: does the app finish its shutdown before SIGKILL?",
                    "1 つスケールインする: アプリは SIGKILL の前に終了処理を終えられるか？",
                )
            };
            steps_after = vec![
                stop,
                "sim wait 5s".into(),
                format!("kubectl get pods -l {sel}{ns}"),
                "sim wait 1m".into(),
                format!("kubectl get pods -l {sel}{ns}"),
            ];
            look_at = if sigterm {
                Text::new(
                    "how long the pod stays Terminating: an app that ignores SIGTERM holds every rollout and scale-in for the whole grace period, then is killed with SIGKILL",
                    "Pod が Terminating のままの時間: SIGTERM を無視するアプリは、ロールアウトやスケールインのたびに猶予期間いっぱい待たせ、最後に SIGKILL で殺されます",
                )
            } else {
                Text::new(
                    "how long the pod stays Terminating: it is gone when the grace period ends, before the app's shutdown is done (SIGKILL)",
                    "Pod が Terminating のままの時間: アプリの終了処理が終わる前に猶予期間が切れ、SIGKILL で消えます",
                )
            };
            if sigterm {
                "ignores-sigterm"
            } else {
                "grace-shorter-than-shutdown"
            }
        }
        "runs-as-root" => {
            return Err(no_experiment(
                "the simulation does not model users and privileges: nothing to show here",
                "シミュレーションはユーザーと権限を扱わないため、ここで見せられるものはありません",
            ))
        }
        _ => {
            return Err(no_experiment(
                "no experiment for this rule",
                "このルールの実験はありません",
            ))
        }
    };
    let mut title = title;
    if capped {
        title
            .en
            .push_str(&format!(" (replicas capped at {REPLICAS_MAX} here)"));
        title
            .ja
            .push_str(&format!("（ここではレプリカを {REPLICAS_MAX} に制限）"));
    }
    let grace_ms = w.grace_ms();
    let shutdown_ms = seconds_env(w.container(), "SHUTDOWN_SECONDS");
    let around = around(&w, traffic);
    let mut files = Vec::new();
    let mut steps = Vec::new();
    if !around.extra.is_empty() {
        files.push(("show-me.yaml".to_owned(), yaml_documents(&around.extra)));
        steps.push("kubectl apply -f show-me.yaml".to_owned());
    }
    let mut mine = w.supporting.clone();
    mine.push(w.doc.clone());
    files.push(("your-definition.yaml".to_owned(), yaml_documents(&mine)));
    steps.push("kubectl apply -f your-definition.yaml".to_owned());
    steps.push("sim wait 1m".to_owned());
    steps.push(format!("kubectl get pods -l {sel}{ns}"));
    if let Some(svc) = &around.service {
        steps.push(format!("sim traffic {svc} {RATE}{ns}"));
        steps.push("sim wait 10s".to_owned());
    }
    steps.extend(steps_after);
    if around.service.is_some() {
        steps.push("sim traffic".to_owned());
    }
    Ok(Experiment {
        rule,
        variant,
        title,
        change,
        files,
        steps,
        look_at,
        target: Target::Pods {
            namespace: w.namespace.clone(),
            labels: w.labels.clone(),
            service: around.service,
            grace_ms,
            shutdown_ms,
        },
    })
}

fn ecs_experiment(rule: &str, mut doc: Value, variant: Variant) -> Result<Experiment, Text> {
    let fixed = variant == Variant::Fixed;
    let family = str_at(&doc, "/family").unwrap_or("app").to_owned();
    let fargate = doc
        .get("requiresCompatibilities")
        .and_then(Value::as_array)
        .is_some_and(|l| l.iter().any(|c| c.as_str() == Some("FARGATE")));
    let launch = if fargate {
        " --launch-type FARGATE"
    } else {
        ""
    };
    let mut change = Text::new("", "");
    let mut secret = None;
    let (rule, title, steps_after, look_at): (&'static str, Text, Vec<String>, Text) = match rule {
        "no-health-check" => {
            let Some(c) = doc
                .pointer_mut("/containerDefinitions")
                .and_then(Value::as_array_mut)
                .and_then(|l| {
                    l.iter_mut().find(|c| {
                        c.get("essential") != Some(&Value::Bool(false))
                            && c.get("image")
                                .and_then(Value::as_str)
                                .is_some_and(is_demo_app)
                    })
                })
            else {
                return Err(no_experiment(
                    "a hang can only be simulated with sunaba/demo-app (HANG_AFTER)",
                    "ハングを再現できるのは sunaba/demo-app（HANG_AFTER）だけです",
                ));
            };
            let list = c
                .as_object_mut()
                .map(|o| o.entry("environment").or_insert_with(|| json!([])));
            if let Some(list) = list {
                if !list.is_array() {
                    *list = json!([]);
                }
                if let Some(l) = list.as_array_mut() {
                    l.retain(|e| e.get("name").and_then(Value::as_str) != Some("HANG_AFTER"));
                    l.push(json!({"name": "HANG_AFTER", "value": "30s"}));
                }
            }
            if fixed {
                let port = c
                    .pointer("/portMappings/0/containerPort")
                    .and_then(Value::as_u64)
                    .unwrap_or(8080);
                c["healthCheck"] = json!({
                    "command": ["CMD-SHELL", format!("curl -f http://localhost:{port}/healthz || exit 1")],
                    "interval": 10, "timeout": 5, "retries": 3, "startPeriod": 5
                });
                change = Text::new(
                    "with a healthCheck (curl /healthz every 10 s, 3 retries)",
                    "healthCheck（10 秒ごとに curl /healthz、3 回まで）を追加",
                );
            }
            (
                "no-health-check",
                Text::new(
                    "The app hangs 30 s after it starts (HANG_AFTER=30s added): does ECS replace the task?",
                    "起動 30 秒後にアプリがハングします（HANG_AFTER=30s を追加）: ECS はタスクを置き換えるか？",
                ),
                vec![
                    "sim wait 3m".to_owned(),
                    format!("aws ecs list-tasks --service-name {family} --desired-status STOPPED"),
                    format!("aws ecs list-tasks --service-name {family}"),
                ],
                Text::new(
                    "the STOPPED tasks: without a health check the hung task stays RUNNING and is never replaced",
                    "STOPPED のタスク: ヘルスチェックがないと、ハングしたタスクは RUNNING のまま置き換えられません",
                ),
            )
        }
        "secret-in-environment" => {
            let containers = doc
                .pointer_mut("/containerDefinitions")
                .and_then(Value::as_array_mut);
            let mut moved = None;
            for c in containers.into_iter().flatten() {
                let Some(env) = c.get_mut("environment").and_then(Value::as_array_mut) else {
                    continue;
                };
                let Some(i) = env.iter().position(|e| {
                    e.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(crate::input::definitions::lint::secret_name)
                }) else {
                    continue;
                };
                let name = env[i]
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("SECRET")
                    .to_owned();
                secret = env[i]
                    .get("value")
                    .and_then(Value::as_str)
                    .filter(|v| !v.is_empty())
                    .map(str::to_owned);
                if fixed {
                    env.remove(i);
                    if let Some(o) = c.as_object_mut() {
                        let secrets = o.entry("secrets").or_insert_with(|| json!([]));
                        if let Some(l) = secrets.as_array_mut() {
                            l.push(json!({"name": name, "valueFrom": format!("arn:aws:secretsmanager:us-east-1:123456789012:secret:{family}/{name}")}));
                        }
                    }
                    change = Text::new(
                        format!("with {name} in secrets (valueFrom Secrets Manager)"),
                        format!("{name} を secrets（Secrets Manager の valueFrom）に移動"),
                    );
                }
                moved = Some(name);
                break;
            }
            if moved.is_none() || secret.is_none() {
                return Err(no_experiment(
                    "no secret value in plain environment",
                    "平文の environment に秘密の値がありません",
                ));
            }
            (
                "secret-in-environment",
                Text::new(
                    "Read the task definition the way anyone with ecs:DescribeTaskDefinition can",
                    "ecs:DescribeTaskDefinition 権限を持つ誰もがするように、タスク定義を読む",
                ),
                vec![format!("aws ecs describe-task-definition --task-definition {family}")],
                Text::new(
                    "the environment in the output: the secret's value is printed for anyone who may describe task definitions",
                    "出力の environment: タスク定義を参照できる人なら誰にでも、秘密の値がそのまま表示されます",
                ),
            )
        }
        "runs-as-root" => {
            return Err(no_experiment(
                "the simulation does not model users and privileges: nothing to show here",
                "シミュレーションはユーザーと権限を扱わないため、ここで見せられるものはありません",
            ))
        }
        _ => {
            return Err(no_experiment(
                "no experiment for this rule on an ECS task definition yet",
                "ECS タスク定義のこのルールにはまだ実験がありません",
            ))
        }
    };
    let file = format!("{family}.task.json");
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    let mut steps = vec![format!(
        "aws ecs register-task-definition --cli-input-json file://{file}"
    )];
    if rule != "secret-in-environment" {
        steps.push(format!(
            "aws ecs create-service --service-name {family} --task-definition {family} --desired-count 1{launch}"
        ));
        steps.push("sim wait 1m".to_owned());
    }
    steps.extend(steps_after);
    Ok(Experiment {
        rule,
        variant,
        title,
        change,
        files: vec![(file, text)],
        steps,
        look_at,
        target: Target::Ecs { family, secret },
    })
}

// ------------------------------------------------------------------ running

/// What the runner keeps between samples.
#[derive(Default)]
struct Watch {
    metrics: Metrics,
    /// Pods seen terminating: name → deletion time.
    terminating: crate::base::object_map::ObjectMap<String, Millis>,
    /// Pods seen at all.
    seen: BTreeSet<String>,
    /// OOM kills already counted: (pod, finished).
    ooms: BTreeSet<(String, Millis)>,
}

impl Watch {
    fn sample(&mut self, world: &mut World, target: &Target) {
        let trace = world.drain_trace();
        let Target::Pods {
            namespace, labels, ..
        } = target
        else {
            return;
        };
        let pods: Vec<&crate::sim::store::Pod> = world
            .store
            .pods
            .values()
            .filter(|p| {
                p.meta.namespace == *namespace
                    && labels.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v))
            })
            .collect();
        let names: BTreeSet<&str> =
            crate::base::sort::set_from(pods.iter().map(|p| p.meta.name.as_str()));
        for e in &trace {
            if e.reason == "Pulling"
                && e.namespace == *namespace
                && e.object
                    .strip_prefix("pod/")
                    .is_some_and(|n| names.contains(n) || self.seen.contains(n))
            {
                self.metrics.image_pulls += 1;
            }
        }
        let now = world.now_ms;
        let gone: Vec<String> = self
            .terminating
            .keys()
            .filter(|n| !names.contains(n.as_str()))
            .cloned()
            .collect();
        for name in gone {
            if let Some(since) = self.terminating.remove(&name) {
                let took = now.saturating_sub(since);
                let longest = &mut self.metrics.longest_terminating_ms;
                *longest = Some(longest.map_or(took, |l| l.max(took)));
            }
        }
        let mut restarts = 0u64;
        for p in &pods {
            self.seen.insert(p.meta.name.clone());
            if let Some(t) = p.meta.deletion_ms {
                if !self.terminating.contains_key(&p.meta.name) {
                    self.terminating.insert(p.meta.name.clone(), t);
                }
            }
            for c in &p.status.containers {
                restarts += u64::from(c.restart_count);
                if let Some(crate::sim::store::ContainerState::Terminated {
                    reason,
                    started_ms,
                    finished_ms,
                    ..
                }) = &c.last_state
                {
                    if reason == "OOMKilled"
                        && self.ooms.insert((p.meta.name.clone(), *finished_ms))
                        && self.metrics.first_oom_after_ms.is_none()
                    {
                        self.metrics.first_oom_after_ms =
                            Some(finished_ms.saturating_sub(*started_ms));
                    }
                }
            }
        }
        self.metrics.restarts = self.metrics.restarts.max(restarts);
        self.metrics.pods_seen = self.seen.len() as u64;
    }
}

fn first_pod_and_node(world: &World, target: &Target) -> (String, String) {
    let Target::Pods {
        namespace, labels, ..
    } = target
    else {
        return (String::new(), String::new());
    };
    let mut pods: Vec<(&str, &str)> = world
        .store
        .pods
        .values()
        .filter(|p| {
            p.meta.namespace == *namespace
                && p.meta.deletion_ms.is_none()
                && labels.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v))
        })
        .filter_map(|p| Some((p.meta.name.as_str(), p.spec.node_name.as_deref()?)))
        .collect();
    crate::base::sort::sort(&mut pods);
    pods.first()
        .map(|(p, n)| ((*p).to_owned(), (*n).to_owned()))
        .unwrap_or_default()
}

/// Runs `sim wait D` as the command does (`advance_by`), stopping at every wake-up on the
/// way so the watch sees each pod go.
fn wait(world: &mut World, watch: &mut Watch, target: &Target, line: &str) -> Option<String> {
    let d = line.strip_prefix("sim wait ")?;
    let ms = crate::base::clock::parse_duration(d.trim()).ok()?;
    let end = world
        .now_ms
        .saturating_add(ms.min(crate::base::clock::MAX_WAIT_MS));
    for _ in 0..WAKEUPS_MAX {
        if world.now_ms >= end {
            break;
        }
        let next = world
            .next_wakeup_ms()
            .filter(|t| *t > world.now_ms)
            .map_or(end, |t| t.min(end));
        world.advance_to(next);
        watch.sample(world, target);
    }
    world.advance_to(end);
    watch.sample(world, target);
    Some(format!(
        "t={}\n",
        crate::base::clock::human_duration(world.now_ms)
    ))
}

/// Plays an experiment in a fresh world seeded with `seed`.
pub fn run(experiment: &Experiment, seed: u64) -> Run {
    let mut world = World::new(seed);
    let files = MapFiles(crate::base::sort::map_from(
        experiment.files.iter().cloned(),
    ));
    let mut watch = Watch::default();
    let target = &experiment.target;
    let mut steps = Vec::new();
    for step in &experiment.steps {
        let command = if step.contains('$') {
            let (pod, node) = first_pod_and_node(&world, target);
            step.replace("$POD", &pod).replace("$NODE", &node)
        } else {
            step.clone()
        };
        let (output, ok) = match wait(&mut world, &mut watch, target, &command) {
            Some(out) => (out, true),
            None => match crate::lang::command::run(&mut world, &command, &files) {
                Ok(out) => (out, true),
                Err(e) => (e.message, false),
            },
        };
        watch.sample(&mut world, target);
        if let Target::Ecs {
            secret: Some(s), ..
        } = target
        {
            watch.metrics.secret_visible |= output.contains(s.as_str());
        }
        steps.push(Step {
            command,
            output,
            ok,
        });
    }
    let mut metrics = watch.metrics;
    match target {
        Target::Pods {
            namespace, service, ..
        } => {
            if let Some(svc) = service {
                if let Some(samples) = world.traffic_samples().get(&format!("{namespace}/{svc}")) {
                    metrics.requests = samples.iter().map(|s| u64::from(s.requests)).sum();
                    metrics.errors = samples.iter().map(|s| u64::from(s.errors)).sum();
                }
            }
            let view = world.cluster_view();
            metrics.pending_pods = view
                .pending
                .iter()
                .filter(|p| p.namespace == *namespace)
                .count() as u64;
            metrics.cpu_requested_milli = view.nodes.iter().map(|n| n.cpu_requested_milli).sum();
        }
        Target::Ecs { family, .. } => {
            let ecs = world.ecs();
            let tasks = ecs.tasks.values().filter(|t| t.family == *family);
            for t in tasks {
                if t.stopped_reason
                    .as_deref()
                    .is_some_and(|r| r.contains("health checks"))
                {
                    metrics.health_check_replacements += 1;
                }
                if t.is_active() && t.started_ms.is_some() {
                    metrics.tasks_running += 1;
                }
            }
        }
    }
    let (outcome, failure_observed) = judge(experiment, &metrics);
    Run {
        experiment: experiment.clone(),
        steps,
        metrics,
        outcome,
        failure_observed,
    }
}

fn secs(ms: Millis) -> String {
    let s = ms as f64 / 1000.0;
    if ms % 1000 == 0 {
        format!("{}", ms / 1000)
    } else {
        format!("{s:.1}")
    }
}

/// The rule's reading of the numbers: the outcome in words, and whether the predicted failure
/// happened.
fn judge(e: &Experiment, m: &Metrics) -> (Text, bool) {
    let (grace_ms, shutdown_ms) = match &e.target {
        Target::Pods {
            grace_ms,
            shutdown_ms,
            ..
        } => (*grace_ms, *shutdown_ms),
        Target::Ecs { .. } => (0, None),
    };
    let traffic = || {
        let pct = if m.requests == 0 {
            0.0
        } else {
            m.errors as f64 * 100.0 / m.requests as f64
        };
        Text::new(
            format!(
                "{} of {} requests failed ({pct:.1} %)",
                m.errors, m.requests
            ),
            format!(
                "{} 件中 {} 件のリクエストが失敗（{pct:.1} %）",
                m.requests, m.errors
            ),
        )
    };
    match e.rule {
        // More than kube-proxy's one-second lag when pods go (a few per cent at most).
        "no-readiness-probe" => {
            let failed = m.errors * 20 > m.requests;
            let mut t = traffic();
            if !failed {
                t.en.push_str("; this app answers moments after it starts, so the window is short here: an app that needs seconds to warm up (sunaba/demo-app with STARTUP_SECONDS) fails for all of them");
                t.ja.push_str("。このアプリは起動直後に応答するため、ここでは隙間が短いだけです。暖機に数秒かかるアプリ（STARTUP_SECONDS を付けた sunaba/demo-app）では、その間ずっと失敗します");
            }
            (t, failed)
        }
        "single-replica-in-prod" => (traffic(), m.errors * 4 > m.requests),
        "no-liveness-probe" => {
            let t = traffic();
            (
                Text::new(
                    format!("{}; {} restart(s)", t.en, m.restarts),
                    format!("{}、再起動 {} 回", t.ja, m.restarts),
                ),
                m.restarts == 0 && m.errors > 0,
            )
        }
        "no-memory-limit" => match m.first_oom_after_ms {
            Some(t) => {
                let mib = 32 + t / 1000 * 16; // the demo app: 32 MiB, then +16 MiB/s
                (
                    Text::new(
                        format!("OOMKilled after {} s, at about {mib} MiB", secs(t)),
                        format!("{} 秒後、約 {mib} MiB で OOMKilled", secs(t)),
                    ),
                    t > 60_000,
                )
            }
            None => (
                Text::new(
                    "never OOMKilled: the leak kept growing into the node's memory",
                    "OOMKilled にならず、リークはノードのメモリを食い続けました",
                ),
                true,
            ),
        },
        "no-requests" => (
            Text::new(
                format!(
                    "{} pods, {} Pending; the nodes reserved {} m CPU in all",
                    m.pods_seen, m.pending_pods, m.cpu_requested_milli
                ),
                format!(
                    "Pod {} 個、Pending {} 個。ノードが確保した CPU は合計 {} m",
                    m.pods_seen, m.pending_pods, m.cpu_requested_milli
                ),
            ),
            m.cpu_requested_milli == 0 && m.pending_pods == 0,
        ),
        "latest-tag" => (
            Text::new(
                format!(
                    "{} image pull(s) for {} pod(s) and {} restart(s)",
                    m.image_pulls, m.pods_seen, m.restarts
                ),
                format!(
                    "Pod {} 個・再起動 {} 回で、イメージの取得は {} 回",
                    m.pods_seen, m.restarts, m.image_pulls
                ),
            ),
            m.image_pulls > m.pods_seen,
        ),
        "ignores-sigterm" | "grace-shorter-than-shutdown" => match m.longest_terminating_ms {
            Some(t) => {
                let killed = t >= grace_ms;
                let cut = shutdown_ms.is_some_and(|s| s > t);
                let mut en = format!("the pod was Terminating for {} s", secs(t));
                let mut ja = format!("Pod は {} 秒間 Terminating でした", secs(t));
                if killed {
                    en.push_str(&format!(
                        " (the whole grace period, {} s: SIGKILL)",
                        secs(grace_ms)
                    ));
                    ja.push_str(&format!(
                        "（猶予期間 {} 秒いっぱい: SIGKILL）",
                        secs(grace_ms)
                    ));
                }
                if let Some(s) = shutdown_ms.filter(|_| cut) {
                    en.push_str(&format!("; its shutdown needed {} s", secs(s)));
                    ja.push_str(&format!("。終了処理には {} 秒必要でした", secs(s)));
                }
                let failed = if e.rule == "ignores-sigterm" {
                    killed
                } else {
                    cut
                };
                (Text::new(en, ja), failed)
            }
            None => (
                Text::new("no pod was stopped", "停止した Pod はありません"),
                false,
            ),
        },
        "no-health-check" => (
            Text::new(
                format!(
                    "{} task(s) replaced after failed health checks; {} running",
                    m.health_check_replacements, m.tasks_running
                ),
                format!(
                    "ヘルスチェック失敗で置き換えられたタスク {} 個、実行中 {} 個",
                    m.health_check_replacements, m.tasks_running
                ),
            ),
            m.health_check_replacements == 0,
        ),
        "secret-in-environment" => {
            if m.secret_visible {
                (
                    Text::new(
                        "the secret's value is in the output",
                        "出力に秘密の値が表示されています",
                    ),
                    true,
                )
            } else {
                (
                    Text::new(
                        "the output holds only a reference to the secret, not its value",
                        "出力にあるのは秘密への参照だけで、値はありません",
                    ),
                    false,
                )
            }
        }
        _ => (Text::new("", ""), false),
    }
}

/// The whole run as text: title, files, each command with its output, the outcome (for the
/// CLI and for shells that show a transcript).
pub fn transcript(run: &Run, ja: bool) -> String {
    use std::fmt::Write as _;
    let e = &run.experiment;
    let mut s = String::new();
    let _ = writeln!(s, "# {}", e.title.pick(ja));
    if !e.change.en.is_empty() {
        let _ = writeln!(s, "# {}", e.change.pick(ja));
    }
    for (name, text) in &e.files {
        let _ = writeln!(s, "## {name}");
        s.push_str(text);
        if !text.ends_with('\n') {
            s.push('\n');
        }
    }
    for step in &run.steps {
        let _ = writeln!(s, "$ {}", step.command);
        s.push_str(&step.output);
        if !step.output.is_empty() && !step.output.ends_with('\n') {
            s.push('\n');
        }
    }
    let _ = writeln!(s, "=> {}", run.outcome.pick(ja));
    s
}
