//! Reading and editing the learner's document as JSON: which document of the file holds the
//! finding, the container, its env, image and ports. Edits are the one change a variant makes;
//! they never touch the learner's own text.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::{no_experiment, Text};
use crate::input::model::Millis;

/// The document holding `line`, with the other documents of the file.
pub(super) fn split_documents(source: &str, line: usize) -> Result<(Value, Vec<Value>), Text> {
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

pub(super) fn str_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// The container the finding points into: the last one starting at or before its line.
pub(super) fn container_index(source: &str, doc: &Value, containers: &str, line: usize) -> usize {
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

pub(super) fn env_of<'a>(c: &'a Value, name: &str) -> Option<&'a str> {
    c.get("env")?
        .as_array()?
        .iter()
        .find(|e| e.get("name").and_then(Value::as_str) == Some(name))?
        .get("value")?
        .as_str()
}

pub(super) fn set_env(c: &mut Value, name: &str, value: &str) {
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

pub(super) fn remove_env(c: &mut Value, name: &str) {
    if let Some(list) = c.get_mut("env").and_then(Value::as_array_mut) {
        list.retain(|e| e.get("name").and_then(Value::as_str) != Some(name));
    }
}

pub(super) fn repository(image: &str) -> &str {
    let name = image.split('@').next().unwrap_or(image);
    match name.rsplit_once(':') {
        Some((n, t)) if !t.contains('/') => n,
        _ => name,
    }
}

pub(super) fn is_demo_app(image: &str) -> bool {
    matches!(
        repository(image),
        "sunaba/demo-app" | "docker.io/sunaba/demo-app"
    )
}

/// The version `latest` is today, for the catalog's images (what a pinned tag would be).
pub(super) fn pinned_tag(image: &str) -> Option<&'static str> {
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
pub(super) fn serving_port(c: &Value) -> u16 {
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

pub(super) fn seconds_env(c: &Value, name: &str) -> Option<Millis> {
    env_of(c, name)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| (s.min(3_600.0) * 1000.0) as Millis)
}

pub(super) fn selector_arg(labels: &BTreeMap<String, String>) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}
