//! What kubectl prints: tables (`get`), `describe`, and Kubernetes-shaped JSON (`-o json`).
//!
//! Shapes follow kubectl's printers: columns left-aligned and separated by at least three
//! spaces with no trailing whitespace; AGE in `HumanDuration`; STATUS computed the way
//! `kubectl get pods` computes it from container states.

use serde_json::{json, Value};

use crate::base::clock::{human_duration, rfc1123, rfc3339};
use crate::input::model::{Labels, Millis};
pub use crate::input::model_json::pod_spec_json;
pub use crate::sim::pod_status::pod_status_text;
use crate::sim::store::{ContainerState, Deployment, Pod, ReplicaSet};

/// A table as `kubectl get` prints it: a header and rows of cells, kept as values until the
/// command's output is made ([`Table::render`]), so a caller can still change the cells (the
/// `kind/` before each NAME of `kubectl get all`) without reading printed text back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str], rows: Vec<Vec<String>>) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        }
    }

    /// The index of the column titled `title`.
    pub fn column(&self, title: &str) -> Option<usize> {
        self.header.iter().position(|h| h == title)
    }

    /// `prefix` before every cell of column `column` (`pod/` in `kubectl get pods,services`).
    pub fn prefix_cells(&mut self, column: usize, prefix: &str) {
        for row in &mut self.rows {
            if let Some(cell) = row.get_mut(column) {
                cell.insert_str(0, prefix);
            }
        }
    }

    /// Rendered as kubectl's tabwriter does for `get` (padding 3).
    pub fn render(&self) -> String {
        self.render_padded(3)
    }

    /// Rendered with `padding` spaces between columns: each column as wide as its widest cell
    /// plus the padding, cells left-aligned, no whitespace at the end of a line.
    pub fn render_padded(&self, padding: usize) -> String {
        let cols = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, cell) in r.iter().enumerate().take(cols) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for cells in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            for (i, c) in cells.iter().enumerate() {
                line.push_str(c);
                if i + 1 < cells.len() {
                    line.push_str(&" ".repeat(widths[i] - c.chars().count() + padding));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// Renders rows as kubectl's tabwriter does for `get` (padding 3).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    Table::new(header, rows.to_vec()).render()
}

/// Renders rows with `padding` spaces between columns (`describe` sections use 2).
pub fn table_padded(header: &[&str], rows: &[Vec<String>], padding: usize) -> String {
    Table::new(header, rows.to_vec()).render_padded(padding)
}

fn age(now: Millis, since: Millis) -> String {
    human_duration(now.saturating_sub(since))
}

pub fn restarts_text(pod: &Pod, now: Millis) -> String {
    let n = pod.restarts();
    let last = pod
        .status
        .containers
        .iter()
        .filter_map(|c| match &c.last_state {
            Some(ContainerState::Terminated { finished_ms, .. }) => Some(*finished_ms),
            _ => None,
        })
        .max();
    match last {
        Some(t) if n > 0 => format!("{n} ({} ago)", age(now, t)),
        _ => n.to_string(),
    }
}

pub fn pods_table(pods: &[&Pod], now: Millis, wide: bool, with_namespace: bool) -> Table {
    let mut header = vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"];
    if wide {
        header.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]);
    }
    if with_namespace {
        header.insert(0, "NAMESPACE");
    }
    let rows: Vec<Vec<String>> = pods
        .iter()
        .map(|p| {
            let mut r = vec![
                p.meta.name.clone(),
                format!("{}/{}", p.ready_count(), p.spec.ready_total()),
                pod_status_text(p),
                restarts_text(p, now),
                age(now, p.meta.creation_ms),
            ];
            if wide {
                r.push(p.status.pod_ip.clone().unwrap_or_else(|| "<none>".into()));
                r.push(p.spec.node_name.clone().unwrap_or_else(|| "<none>".into()));
                r.push("<none>".into());
                r.push("<none>".into());
            }
            if with_namespace {
                r.insert(0, p.meta.namespace.clone());
            }
            r
        })
        .collect();
    Table::new(&header, rows)
}

pub fn deployments_table(
    ds: &[&Deployment],
    now: Millis,
    wide: bool,
    with_namespace: bool,
) -> Table {
    let mut header = vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"];
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    if with_namespace {
        header.insert(0, "NAMESPACE");
    }
    let rows: Vec<Vec<String>> = ds
        .iter()
        .map(|d| {
            let mut r = vec![
                d.meta.name.clone(),
                format!("{}/{}", d.status.ready_replicas, d.spec.replicas),
                d.status.updated_replicas.to_string(),
                d.status.available_replicas.to_string(),
                age(now, d.meta.creation_ms),
            ];
            if wide {
                r.extend(template_columns(&d.spec.template, &d.spec.selector));
            }
            if with_namespace {
                r.insert(0, d.meta.namespace.clone());
            }
            r
        })
        .collect();
    Table::new(&header, rows)
}

pub fn replicasets_table(
    rss: &[&ReplicaSet],
    now: Millis,
    wide: bool,
    with_namespace: bool,
) -> Table {
    let mut header = vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"];
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    if with_namespace {
        header.insert(0, "NAMESPACE");
    }
    let rows: Vec<Vec<String>> = rss
        .iter()
        .map(|rs| {
            let mut r = vec![
                rs.meta.name.clone(),
                rs.replicas.to_string(),
                rs.status.replicas.to_string(),
                rs.status.ready_replicas.to_string(),
                age(now, rs.meta.creation_ms),
            ];
            if wide {
                r.extend(template_columns(&rs.template, &rs.selector));
            }
            if with_namespace {
                r.insert(0, rs.meta.namespace.clone());
            }
            r
        })
        .collect();
    Table::new(&header, rows)
}

/// The `-o wide` CONTAINERS, IMAGES and SELECTOR columns of Deployments and ReplicaSets.
fn template_columns(
    t: &crate::input::model::PodTemplate,
    selector: &crate::input::model::LabelSelector,
) -> [String; 3] {
    let c = &t.spec.containers;
    [
        c.iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        c.iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
        labels_inline(&selector.match_labels),
    ]
}

pub fn labels_inline(labels: &Labels) -> String {
    if labels.is_empty() {
        return "<none>".into();
    }
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// `Labels:  app=web` then continuation lines aligned under the first value.
pub fn labels_block(title: &str, labels: &Labels, width: usize) -> String {
    let mut out = String::new();
    if labels.is_empty() {
        out.push_str(&format!("{:<width$}<none>\n", format!("{title}:")));
        return out;
    }
    for (i, (k, v)) in labels.iter().enumerate() {
        let head = if i == 0 {
            format!("{title}:")
        } else {
            String::new()
        };
        out.push_str(&format!("{head:<width$}{k}={v}\n"));
    }
    out
}

fn container_state_json(s: &ContainerState) -> Value {
    match s {
        ContainerState::Waiting { reason, message } => {
            let mut w = json!({ "reason": reason });
            if let Some(m) = message {
                w["message"] = json!(m);
            }
            json!({ "waiting": w })
        }
        ContainerState::Running { started_ms } => {
            json!({ "running": { "startedAt": rfc3339(*started_ms) } })
        }
        ContainerState::Terminated {
            exit_code,
            reason,
            started_ms,
            finished_ms,
        } => json!({
            "terminated": {
                "exitCode": exit_code,
                "reason": reason,
                "startedAt": rfc3339(*started_ms),
                "finishedAt": rfc3339(*finished_ms),
            }
        }),
    }
}

pub(crate) fn meta_json(m: &crate::sim::store::ObjectMeta, namespaced: bool) -> Value {
    let mut v = json!({
        "name": m.name,
        "uid": m.uid,
        "resourceVersion": m.resource_version.to_string(),
        "creationTimestamp": rfc3339(m.creation_ms),
    });
    if namespaced {
        v["namespace"] = json!(m.namespace);
    }
    if !m.labels.is_empty() {
        v["labels"] = json!(m.labels);
    }
    if !m.annotations.is_empty() {
        v["annotations"] = json!(m.annotations);
    }
    if let Some(o) = &m.owner {
        v["ownerReferences"] = json!([{
            "apiVersion": match o.kind {
                "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" => "apps/v1",
                "Job" | "CronJob" => "batch/v1",
                _ => "v1",
            },
            "kind": o.kind, "name": o.name, "uid": o.uid, "controller": true, "blockOwnerDeletion": true
        }]);
    }
    if let Some(t) = m.deletion_ms {
        v["deletionTimestamp"] = json!(rfc3339(t));
    }
    v
}

pub fn pod_json(p: &Pod) -> Value {
    let statuses: Vec<Value> = p
        .status
        .containers
        .iter()
        .map(|c| {
            let mut v = json!({
                "name": c.name, "image": c.image, "ready": c.ready && !p.status.node_lost,
                "restartCount": c.restart_count, "started": matches!(c.state, ContainerState::Running { .. }),
                "state": container_state_json(&c.state),
                "lastState": c.last_state.as_ref().map_or(json!({}), container_state_json),
            });
            if c.image.is_empty() {
                v["image"] = json!(null);
            }
            v
        })
        .collect();
    let mut status = json!({
        "phase": p.status.phase.as_str(),
        "conditions": pod_conditions(p).iter().map(|(t, s)| json!({"type": t, "status": s})).collect::<Vec<_>>(),
        "qosClass": qos_class(p),
    });
    if let Some(ip) = &p.status.host_ip {
        status["hostIP"] = json!(ip);
    }
    if let Some(ip) = &p.status.pod_ip {
        status["podIP"] = json!(ip);
    }
    if let Some(t) = p.status.start_ms {
        status["startTime"] = json!(rfc3339(t));
    }
    if !statuses.is_empty() {
        status["containerStatuses"] = json!(statuses);
    }
    json!({ "apiVersion": "v1", "kind": "Pod", "metadata": meta_json(&p.meta, true), "spec": pod_spec_json(&p.spec), "status": status })
}

pub fn deployment_json(d: &Deployment) -> Value {
    let strategy = match &d.spec.strategy {
        crate::input::model::DeploymentStrategy::Recreate => json!({"type": "Recreate"}),
        crate::input::model::DeploymentStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } => json!({
            "type": "RollingUpdate",
            "rollingUpdate": { "maxSurge": int_or_percent(*max_surge), "maxUnavailable": int_or_percent(*max_unavailable) }
        }),
    };
    let mut v = json!({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta_json(&d.meta, true),
        "spec": {
            "replicas": d.spec.replicas,
            "selector": { "matchLabels": d.spec.selector.match_labels },
            "template": { "metadata": { "labels": d.spec.template.labels }, "spec": pod_spec_json(&d.spec.template.spec) },
            "strategy": strategy,
            "minReadySeconds": d.spec.min_ready_seconds,
            "revisionHistoryLimit": d.spec.revision_history_limit,
            "progressDeadlineSeconds": d.spec.progress_deadline_seconds,
        },
        "status": {
            "observedGeneration": d.status.observed_generation,
            "replicas": d.status.replicas, "updatedReplicas": d.status.updated_replicas,
            "readyReplicas": d.status.ready_replicas, "availableReplicas": d.status.available_replicas,
            "unavailableReplicas": d.status.unavailable_replicas,
        }
    });
    if d.spec.paused {
        v["spec"]["paused"] = json!(true);
    }
    if !d.spec.template.annotations.is_empty() {
        v["spec"]["template"]["metadata"]["annotations"] = json!(d.spec.template.annotations);
    }
    // The API leaves out `omitempty` fields at zero.
    for (section, field) in [
        ("spec", "minReadySeconds"),
        ("status", "unavailableReplicas"),
    ] {
        if v[section][field] == json!(0) {
            if let Some(o) = v[section].as_object_mut() {
                o.remove(field);
            }
        }
    }
    v
}

pub fn replicaset_json(rs: &ReplicaSet) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta_json(&rs.meta, true),
        "spec": {
            "replicas": rs.replicas,
            "selector": { "matchLabels": rs.selector.match_labels },
            "template": { "metadata": { "labels": rs.template.labels }, "spec": pod_spec_json(&rs.template.spec) },
        },
        "status": { "replicas": rs.status.replicas, "readyReplicas": rs.status.ready_replicas, "availableReplicas": rs.status.available_replicas }
    })
}

fn int_or_percent(v: crate::input::model::IntOrPercent) -> Value {
    match v {
        crate::input::model::IntOrPercent::Int(n) => json!(n),
        crate::input::model::IntOrPercent::Percent(p) => json!(format!("{p}%")),
    }
}

/// `{"apiVersion": "v1", "kind": "List", "items": [...]}` as kubectl prints for several objects.
/// The object as kubectl prints it with `-o json|yaml`: kubectl decodes what the API server
/// sends into an unstructured map, so every object's keys come out in alphabetical order
/// (`image` before `name` in a container, `apiVersion`, `items`, `kind`, `metadata` in a List).
pub fn kubectl_ordered(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::base::sort::sort(&mut keys);
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), kubectl_ordered(&m[k])))
                    .collect(),
            )
        }
        Value::Array(a) => Value::Array(a.iter().map(kubectl_ordered).collect()),
        other => other.clone(),
    }
}

/// `kubectl get -o json`: keys in alphabetical order, indented by 4 spaces like kubectl's
/// JSONPrinter (`json.MarshalIndent(obj, "", "    ")`), and a final newline.
pub fn kubectl_json(v: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    // Serialising a `Value` into memory cannot fail.
    let _ = serde::Serialize::serialize(&kubectl_ordered(v), &mut ser);
    let mut s = String::from_utf8(out).unwrap_or_default();
    s.push('\n');
    s
}

pub fn list_json(items: Vec<Value>) -> Value {
    json!({ "apiVersion": "v1", "kind": "List", "items": items, "metadata": { "resourceVersion": "" } })
}

pub fn pod_conditions(p: &Pod) -> Vec<(&'static str, &'static str)> {
    let tf = |b: bool| if b { "True" } else { "False" };
    let scheduled = p.spec.node_name.is_some();
    vec![
        ("PodReadyToStartContainers", tf(p.status.sandbox_ready)),
        ("Initialized", tf(crate::sim::pod_status::initialized(p))),
        ("Ready", tf(p.is_ready())),
        ("ContainersReady", tf(p.is_ready())),
        ("PodScheduled", tf(scheduled)),
    ]
}

pub fn qos_class(p: &Pod) -> &'static str {
    let cs = &p.spec.containers;
    if cs
        .iter()
        .all(|c| c.resources.requests.is_empty() && c.resources.limits.is_empty())
    {
        return "BestEffort";
    }
    let guaranteed = cs.iter().all(|c| {
        let r = &c.resources;
        r.limits.cpu.is_some()
            && r.limits.memory.is_some()
            && r.requests.cpu_milli() == r.limits.cpu_milli()
            && r.requests.memory_bytes() == r.limits.memory_bytes()
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// `Sat, 28 Nov 2026 10:00:00 +0000`
pub fn timestamp(t: Millis) -> String {
    rfc1123(t)
}

#[cfg(test)]
mod tests {
    use super::Table;

    fn cells(row: &[&str]) -> Vec<String> {
        row.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn a_table_renders_as_kubectls_tabwriter_with_padding_three() {
        let t = Table::new(
            &["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            vec![
                cells(&["nginx-66b6c48dd5-4jw2m", "1/1", "Running", "0", "2m10s"]),
                cells(&[
                    "big-5c8d7f9d4b-zz9xm",
                    "0/1",
                    "Pending",
                    "1 (35s ago)",
                    "40s",
                ]),
            ],
        );
        assert_eq!(
            t.render(),
            "NAME                     READY   STATUS    RESTARTS      AGE\n\
             nginx-66b6c48dd5-4jw2m   1/1     Running   0             2m10s\n\
             big-5c8d7f9d4b-zz9xm     0/1     Pending   1 (35s ago)   40s\n"
        );
    }

    #[test]
    fn an_empty_last_cell_leaves_no_trailing_whitespace() {
        let t = Table::new(&["NAME", "SELECTOR"], vec![cells(&["web", ""])]);
        assert_eq!(t.render(), "NAME   SELECTOR\nweb\n");
        assert_eq!(t.render_padded(2), "NAME  SELECTOR\nweb\n");
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let t = Table::new(&["NAME", "AGE"], vec![cells(&["café", "1s"])]);
        assert_eq!(t.render(), "NAME   AGE\ncafé   1s\n");
    }

    #[test]
    fn prefixing_the_name_column_widens_it() {
        let mut t = Table::new(
            &["NAMESPACE", "NAME", "AGE"],
            vec![
                cells(&["default", "web", "5m"]),
                cells(&["shop", "api", "1h"]),
            ],
        );
        let name = t.column("NAME").unwrap();
        assert_eq!(name, 1);
        t.prefix_cells(name, "deployment.apps/");
        assert_eq!(
            t.render(),
            "NAMESPACE   NAME                  AGE\n\
             default     deployment.apps/web   5m\n\
             shop        deployment.apps/api   1h\n"
        );
        assert_eq!(t.column("MESSAGE"), None);
    }
}
