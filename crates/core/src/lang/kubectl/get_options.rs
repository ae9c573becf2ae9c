//! The options of `kubectl get` that change what is listed or how, over each object's JSON
//! (the same `-o json` prints): `--field-selector` (with the fields the API server allows per
//! kind), `--sort-by`, `--show-labels` and `-L`, `-o jsonpath=…` and `-o custom-columns=…`.

use serde_json::Value;

use super::selector::FieldRequirement;
use super::Resource;
use crate::base::command::{Args, CommandError};
use crate::input::files::FileSource;
use crate::lang::args::err;
use crate::lang::jsonpath;
use crate::lang::printers::Table;

const MAX_COLUMNS: usize = 64;

/// The fields the API server lets a list select on, beyond `metadata.name` and
/// `metadata.namespace` (pkg/registry/*/strategy.go `…ToSelectableFields`).
fn selectable(res: Resource) -> &'static [&'static str] {
    match res {
        Resource::Pods => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.nominatedNodeName",
        ],
        Resource::Events => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        Resource::Nodes => &["spec.unschedulable"],
        Resource::Namespaces => &["status.phase"],
        Resource::Secrets => &["type"],
        Resource::ReplicaSets => &["status.replicas"],
        _ => &[],
    }
}

fn group_version(res: Resource) -> &'static str {
    match res {
        Resource::Deployments | Resource::ReplicaSets => "apps/v1",
        _ => "/v1",
    }
}

/// The API server's refusal of a field it cannot select on.
pub(super) fn check_fields(
    res: Resource,
    fields: &[FieldRequirement],
    raw: &str,
    labels: &str,
) -> Result<(), CommandError> {
    for f in fields {
        let ok = matches!(f.field.as_str(), "metadata.name" | "metadata.namespace")
            || selectable(res).contains(&f.field.as_str());
        if !ok {
            let plural = res.plural().split('.').next().unwrap_or_default();
            return err(format!(
                "Error from server (BadRequest): Unable to find \"{}, Resource={plural}\" that match label selector \"{labels}\", field selector \"{raw}\": field label not supported: {}",
                group_version(res),
                f.field
            ));
        }
    }
    Ok(())
}

/// The field's value in the object's JSON as the API server compares it (a string; absent
/// is empty; `involvedObject.source` is the source's component).
fn field_value(v: &Value, field: &str) -> String {
    let path = if field == "source" {
        "source.component"
    } else {
        field
    };
    let mut cur = v;
    for part in path.split('.') {
        match cur.get(part) {
            Some(x) => cur = x,
            None => return String::new(),
        }
    }
    match cur {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(super) fn fields_match(fields: &[FieldRequirement], v: &Value) -> bool {
    fields
        .iter()
        .all(|f| (field_value(v, &f.field) == f.value) == f.equal)
}

/// `--sort-by`'s key of one object: the first value its JSONPath finds.
pub(super) fn sort_key(template: &str, v: &Value) -> Result<SortKey, CommandError> {
    let t = if template.contains('{') {
        template.to_string()
    } else {
        format!("{{{template}}}")
    };
    let text = jsonpath::render(&t, v)?;
    Ok(match text.parse::<f64>() {
        Ok(n) => SortKey::Number(n),
        Err(_) => SortKey::Text(text),
    })
}

#[derive(Clone, Debug, PartialEq, PartialOrd)]
pub(super) enum SortKey {
    Number(f64),
    Text(String),
}

/// The `-L` columns' headers and `--show-labels`' LABELS, appended to a table whose rows
/// follow `items`.
pub(super) fn add_label_columns(t: &mut Table, items: &[Value], keys: &[String], show: bool) {
    for key in keys {
        let header = key.rsplit('/').next().unwrap_or(key).to_uppercase();
        let cells = items
            .iter()
            .map(|v| label(v, key).unwrap_or_default())
            .collect();
        push_column(t, &header, cells);
    }
    if show {
        let cells = items
            .iter()
            .map(|v| {
                let labels: Vec<String> = v["metadata"]["labels"]
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                            .collect()
                    })
                    .unwrap_or_default();
                if labels.is_empty() {
                    "<none>".to_string()
                } else {
                    let mut labels = labels;
                    labels.sort();
                    labels.join(",")
                }
            })
            .collect();
        push_column(t, "LABELS", cells);
    }
}

fn push_column(t: &mut Table, header: &str, cells: Vec<String>) {
    t.header.push(header.to_string());
    for (row, cell) in t.rows.iter_mut().zip(cells) {
        row.push(cell);
    }
}

fn label(v: &Value, key: &str) -> Option<String> {
    v["metadata"]["labels"][key].as_str().map(str::to_string)
}

/// `-o custom-columns=NAME:.path,…`: one row per object, `<none>` where a path finds nothing.
pub(super) fn custom_columns(
    spec: &str,
    items: &[Value],
    no_headers: bool,
) -> Result<String, CommandError> {
    let mut headers = Vec::new();
    let mut paths = Vec::new();
    for col in spec.split(',').filter(|c| !c.is_empty()) {
        let Some((h, p)) = col.split_once(':') else {
            return err(format!(
                "error: unexpected custom-columns spec: {col}, expected <header>:<json-path-expr>"
            ));
        };
        if headers.len() >= MAX_COLUMNS {
            return err("error: too many custom columns");
        }
        headers.push(h.to_string());
        let p = p.trim();
        paths.push(if p.starts_with('{') {
            p.to_string()
        } else {
            format!(
                "{{{}}}",
                if p.starts_with('.') {
                    p.to_string()
                } else {
                    format!(".{p}")
                }
            )
        });
    }
    if headers.is_empty() {
        return err("error: custom-columns format specified but no custom columns given");
    }
    let mut rows = Vec::new();
    for v in items {
        let mut row = Vec::new();
        for p in &paths {
            let text = jsonpath::render(p, v)?;
            row.push(if text.is_empty() {
                "<none>".to_string()
            } else {
                text.replace(' ', ",")
            });
        }
        rows.push(row);
    }
    let h: Vec<&str> = headers.iter().map(String::as_str).collect();
    let text = Table::new(&h, rows).render();
    Ok(if no_headers {
        text.split_once('\n')
            .map_or(String::new(), |(_, r)| r.to_string())
    } else {
        text
    })
}

/// `-o jsonpath-file=FILE` and `-o custom-columns-file=FILE` as the `-o` they stand for
/// (the file's template; a custom-columns file is a line of headers over a line of paths);
/// `None` for any other output.
pub(super) fn output_from_file(
    a: &Args,
    files: &dyn FileSource,
) -> Result<Option<Args>, CommandError> {
    let output = a.flag("output").unwrap_or("");
    let (kind, path) = match output.split_once('=') {
        Some(("jsonpath-file", p)) => ("jsonpath", p),
        Some(("custom-columns-file", p)) => ("custom-columns", p),
        _ => return Ok(None),
    };
    let text = files
        .read(path)
        .map_err(|e| CommandError::new(format!("error: {e}")))?;
    let value = if kind == "jsonpath" {
        text.trim_end_matches('\n').to_string()
    } else {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let headers: Vec<&str> = lines
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        let paths: Vec<&str> = lines
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        if headers.len() != paths.len() {
            return err(format!(
                "error: expected {} headers, found {}",
                paths.len(),
                headers.len()
            ));
        }
        headers
            .iter()
            .zip(&paths)
            .map(|(h, p)| format!("{h}:{p}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut a = a.clone();
    a.set_flag("output".into(), format!("{kind}={value}"));
    Ok(Some(a))
}
