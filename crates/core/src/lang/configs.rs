//! ConfigMaps and Secrets as kubectl prints them: `get` tables, `-o json|yaml`, `describe`
//! (a Secret's values never, only their sizes).

use crate::sim::store::{ConfigMap, ObjectMeta, Secret};

pub fn config_map_json(m: &ConfigMap) -> serde_json::Value {
    let mut v = serde_json::json!({"apiVersion": "v1"});
    if !m.data.is_empty() {
        v["data"] = serde_json::json!(m.data);
    }
    if let Some(b) = m.immutable {
        v["immutable"] = serde_json::json!(b);
    }
    v["kind"] = serde_json::json!("ConfigMap");
    v["metadata"] = crate::lang::printers::meta_json(&m.meta, true);
    v
}

pub fn secret_json(s: &Secret) -> serde_json::Value {
    let mut v = serde_json::json!({"apiVersion": "v1"});
    if !s.data.is_empty() {
        // Keys in the map's (sorted) order, as serialising a BTreeMap gives them.
        let data: serde_json::Map<String, serde_json::Value> = s
            .data
            .iter()
            .map(|(k, b)| (k.clone(), crate::base::base64::encode(b).into()))
            .collect();
        v["data"] = serde_json::Value::Object(data);
    }
    if let Some(b) = s.immutable {
        v["immutable"] = serde_json::json!(b);
    }
    v["kind"] = serde_json::json!("Secret");
    v["metadata"] = crate::lang::printers::meta_json(&s.meta, true);
    v["type"] = serde_json::json!(s.type_);
    v
}

fn with_namespace(all_ns: bool, ns: &str, mut row: Vec<String>) -> Vec<String> {
    if all_ns {
        row.insert(0, ns.to_string());
    }
    row
}

/// `NAME DATA AGE` (kubectl's ConfigMap columns).
pub fn config_maps_table(
    items: &[&ConfigMap],
    now: u64,
    all_ns: bool,
) -> crate::lang::printers::Table {
    let mut header = vec!["NAME", "DATA", "AGE"];
    if all_ns {
        header.insert(0, "NAMESPACE");
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|m| {
            with_namespace(
                all_ns,
                &m.meta.namespace,
                vec![
                    m.meta.name.clone(),
                    m.data.len().to_string(),
                    crate::base::clock::human_duration(now.saturating_sub(m.meta.creation_ms)),
                ],
            )
        })
        .collect();
    crate::lang::printers::Table::new(&header, rows)
}

/// `NAME TYPE DATA AGE` (kubectl's Secret columns).
pub fn secrets_table(items: &[&Secret], now: u64, all_ns: bool) -> crate::lang::printers::Table {
    let mut header = vec!["NAME", "TYPE", "DATA", "AGE"];
    if all_ns {
        header.insert(0, "NAMESPACE");
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|s| {
            with_namespace(
                all_ns,
                &s.meta.namespace,
                vec![
                    s.meta.name.clone(),
                    s.type_.clone(),
                    s.data.len().to_string(),
                    crate::base::clock::human_duration(now.saturating_sub(s.meta.creation_ms)),
                ],
            )
        })
        .collect();
    crate::lang::printers::Table::new(&header, rows)
}

fn labels_text(m: &ObjectMeta) -> String {
    if m.labels.is_empty() {
        "<none>".into()
    } else {
        m.labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("\n             ")
    }
}

/// `kubectl describe configmap`: values shown in full, like kubectl does.
pub fn describe_config_map(m: &ConfigMap) -> String {
    let mut out = format!(
        "Name:         {}\nNamespace:    {}\nLabels:       {}\nAnnotations:  <none>\n\nData\n====\n",
        m.meta.name,
        m.meta.namespace,
        labels_text(&m.meta)
    );
    // kubectl's describeConfigMap: each value then one newline (a file's own last newline
    // makes the blank line between entries).
    for (k, v) in &m.data {
        out.push_str(&format!("{k}:\n----\n{v}\n"));
    }
    out.push_str("\nBinaryData\n====\n\nEvents:  <none>\n");
    out
}

/// `kubectl describe secret`: sizes only, never values.
pub fn describe_secret(s: &Secret) -> String {
    let mut out = format!(
        "Name:         {}\nNamespace:    {}\nLabels:       {}\nAnnotations:  <none>\n\nType:  {}\n\nData\n====\n",
        s.meta.name,
        s.meta.namespace,
        labels_text(&s.meta),
        s.type_
    );
    for (k, v) in &s.data {
        out.push_str(&format!("{k}:  {} bytes\n", v.len()));
    }
    out
}
