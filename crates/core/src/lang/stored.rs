//! The kinds Sunaba stores but does not run, as kubectl prints them: each kind's `get` columns
//! (the API server's table for it, read from the object as written; status columns show what a
//! cluster with nothing acting on the object shows), `-o json|yaml` (the object as written with
//! the API server's metadata) and `describe`.

use serde_json::{json, Map, Value};

use crate::base::clock::{human_duration, rfc3339};
use crate::input::model::Millis;
use crate::lang::printers::{labels_block, meta_json, Table};
use crate::sim::stored::StoredObject;

pub fn stored_json(o: &StoredObject) -> Value {
    let mut v = Map::new();
    v.insert("apiVersion".into(), json!(o.api_version));
    v.insert("kind".into(), json!(o.kind.kind));
    v.insert("metadata".into(), meta_json(&o.meta, o.kind.namespaced));
    for (k, x) in &o.body {
        v.insert(k.clone(), x.clone());
    }
    Value::Object(v)
}

/// `kubectl get` of one stored kind: its own columns, NAMESPACE first with `-A`.
pub fn stored_table(items: &[&StoredObject], now: Millis, all_ns: bool) -> Table {
    let Some(first) = items.first() else {
        return Table::new(&["NAME", "AGE"], Vec::new());
    };
    let kind = first.kind;
    let mut header: Vec<&str> = columns(kind.kind).to_vec();
    let namespaced_column = all_ns && kind.namespaced;
    if namespaced_column {
        header.insert(0, "NAMESPACE");
    }
    let rows = items
        .iter()
        .map(|o| {
            let mut row = cells(o, now);
            if namespaced_column {
                row.insert(0, o.meta.namespace.clone());
            }
            row
        })
        .collect();
    Table::new(&header, rows)
}

fn columns(kind: &str) -> &'static [&'static str] {
    match kind {
        "Ingress" => &["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
        "HorizontalPodAutoscaler" => &[
            "NAME",
            "REFERENCE",
            "TARGETS",
            "MINPODS",
            "MAXPODS",
            "REPLICAS",
            "AGE",
        ],
        "ServiceAccount" => &["NAME", "SECRETS", "AGE"],
        "NetworkPolicy" => &["NAME", "POD-SELECTOR", "AGE"],
        "PodDisruptionBudget" => &[
            "NAME",
            "MIN AVAILABLE",
            "MAX UNAVAILABLE",
            "ALLOWED DISRUPTIONS",
            "AGE",
        ],
        "Role" | "ClusterRole" | "LimitRange" => &["NAME", "CREATED AT"],
        "RoleBinding" | "ClusterRoleBinding" => &["NAME", "ROLE", "AGE"],
        "StorageClass" => &[
            "NAME",
            "PROVISIONER",
            "RECLAIMPOLICY",
            "VOLUMEBINDINGMODE",
            "ALLOWVOLUMEEXPANSION",
            "AGE",
        ],
        "IngressClass" => &["NAME", "CONTROLLER", "PARAMETERS", "AGE"],
        "ResourceQuota" => &["NAME", "AGE", "REQUEST", "LIMIT"],
        "PersistentVolume" => &[
            "NAME",
            "CAPACITY",
            "ACCESS MODES",
            "RECLAIM POLICY",
            "STATUS",
            "CLAIM",
            "STORAGECLASS",
            "VOLUMEATTRIBUTESCLASS",
            "REASON",
            "AGE",
        ],
        _ => &["NAME", "AGE"],
    }
}

/// The value at a path of the object as written, as text (`""` when absent).
fn at(o: &StoredObject, path: &[&str]) -> String {
    let mut v: Option<&Value> = o.body.get(path[0]);
    for p in &path[1..] {
        v = v.and_then(|x| x.get(p));
    }
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn or(s: String, default: &str) -> String {
    if s.is_empty() {
        default.to_string()
    } else {
        s
    }
}

/// `app=web,tier=front` from a label selector's matchLabels (`<none>` when it selects all).
fn selector_text(v: Option<&Value>) -> String {
    let labels: Vec<String> = v
        .and_then(|s| s.get("matchLabels"))
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    if labels.is_empty() {
        "<none>".to_string()
    } else {
        labels.join(",")
    }
}

fn cells(o: &StoredObject, now: Millis) -> Vec<String> {
    let name = o.meta.name.clone();
    let age = human_duration(now.saturating_sub(o.meta.creation_ms));
    let spec = o.body.get("spec");
    match o.kind.kind {
        "Ingress" => {
            let rules = spec.and_then(|s| s.get("rules")).and_then(Value::as_array);
            let hosts: Vec<&str> = rules
                .map(|r| r.iter().filter_map(|r| r.get("host")?.as_str()).collect())
                .unwrap_or_default();
            let tls = spec
                .and_then(|s| s.get("tls"))
                .and_then(Value::as_array)
                .is_some_and(|t| !t.is_empty());
            vec![
                name,
                or(at(o, &["spec", "ingressClassName"]), "<none>"),
                if hosts.is_empty() {
                    "*".to_string()
                } else {
                    hosts.join(",")
                },
                String::new(),
                if tls { "80, 443" } else { "80" }.to_string(),
                age,
            ]
        }
        "HorizontalPodAutoscaler" => {
            let target = format!(
                "{}/{}",
                at(o, &["spec", "scaleTargetRef", "kind"]),
                at(o, &["spec", "scaleTargetRef", "name"])
            );
            vec![
                name,
                target,
                hpa_targets(spec),
                or(at(o, &["spec", "minReplicas"]), "1"),
                at(o, &["spec", "maxReplicas"]),
                "0".to_string(),
                age,
            ]
        }
        "ServiceAccount" => vec![name, "0".to_string(), age],
        "NetworkPolicy" => vec![
            name,
            selector_text(spec.and_then(|s| s.get("podSelector"))),
            age,
        ],
        "PodDisruptionBudget" => vec![
            name,
            or(at(o, &["spec", "minAvailable"]), "N/A"),
            or(at(o, &["spec", "maxUnavailable"]), "N/A"),
            "0".to_string(),
            age,
        ],
        "Role" | "ClusterRole" | "LimitRange" => vec![name, rfc3339(o.meta.creation_ms)],
        "RoleBinding" | "ClusterRoleBinding" => vec![
            name,
            format!(
                "{}/{}",
                at(o, &["roleRef", "kind"]),
                at(o, &["roleRef", "name"])
            ),
            age,
        ],
        "StorageClass" => vec![
            name,
            at(o, &["provisioner"]),
            or(at(o, &["reclaimPolicy"]), "Delete"),
            or(at(o, &["volumeBindingMode"]), "Immediate"),
            or(at(o, &["allowVolumeExpansion"]), "false"),
            age,
        ],
        "IngressClass" => vec![
            name,
            at(o, &["spec", "controller"]),
            "<none>".to_string(),
            age,
        ],
        "ResourceQuota" => vec![name, age, String::new(), String::new()],
        "PersistentVolume" => vec![
            name,
            at(o, &["spec", "capacity", "storage"]),
            access_modes(spec),
            or(at(o, &["spec", "persistentVolumeReclaimPolicy"]), "Retain"),
            "Available".to_string(),
            String::new(),
            at(o, &["spec", "storageClassName"]),
            "<unset>".to_string(),
            String::new(),
            age,
        ],
        _ => vec![name, age],
    }
}

/// `cpu: <unknown>/50%`: each metric's target; the current value is unknown, as with no
/// metrics pipeline acting on the autoscaler.
fn hpa_targets(spec: Option<&Value>) -> String {
    let mut targets = Vec::new();
    if let Some(p) = spec
        .and_then(|s| s.get("targetCPUUtilizationPercentage"))
        .and_then(Value::as_u64)
    {
        targets.push(format!("cpu: <unknown>/{p}%"));
    }
    for m in spec
        .and_then(|s| s.get("metrics"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(r) = m.get("resource") else { continue };
        let resource = r.get("name").and_then(Value::as_str).unwrap_or("?");
        let t = r.get("target");
        let goal = match t
            .and_then(|t| t.get("averageUtilization"))
            .and_then(Value::as_u64)
        {
            Some(p) => format!("{p}%"),
            None => t
                .and_then(|t| t.get("averageValue").or_else(|| t.get("value")))
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .unwrap_or_default(),
        };
        targets.push(format!("{resource}: <unknown>/{goal}"));
    }
    if targets.is_empty() {
        "<none>".to_string()
    } else {
        targets.join(", ")
    }
}

/// `RWO,ROX`: the access modes as kubectl abbreviates them.
fn access_modes(spec: Option<&Value>) -> String {
    spec.and_then(|s| s.get("accessModes"))
        .and_then(Value::as_array)
        .map(|m| {
            m.iter()
                .filter_map(Value::as_str)
                .map(|m| match m {
                    "ReadWriteOnce" => "RWO",
                    "ReadOnlyMany" => "ROX",
                    "ReadWriteMany" => "RWX",
                    "ReadWriteOncePod" => "RWOP",
                    other => other,
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// `kubectl describe` of a stored object: its metadata, then what was written, and a plain
/// line that nothing acts on it.
pub fn describe_stored(o: &StoredObject) -> String {
    let mut out = format!("Name:         {}\n", o.meta.name);
    if o.kind.namespaced {
        out.push_str(&format!("Namespace:    {}\n", o.meta.namespace));
    }
    out.push_str(&labels_block("Labels", &o.meta.labels, 14));
    out.push_str(&labels_block("Annotations", &o.meta.annotations, 14));
    let body = Value::Object(o.body.clone());
    let yaml = crate::input::yaml_out::to_yaml(&body);
    for line in yaml.lines() {
        out.push_str(&format!("{line}\n"));
    }
    out.push_str(&format!(
        "Events:       <none>\n\nNote: Sunaba stores {} objects but does not run them: nothing acts on {}.\n",
        o.kind.kind, o.meta.name
    ));
    out
}
