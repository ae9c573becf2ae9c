//! Reference fixing: once ConfigMaps and Secrets are renamed (prefix, suffix, content hash),
//! references to them from pod templates are rewritten to the new names.

use serde_json::{Map, Value};

use super::res::Res;

/// References from pod templates to ConfigMaps and Secrets that were renamed (prefix, suffix,
/// hash) now point at the new names, as kustomize's name-reference fixing does.
pub(super) fn fix_references(res: &mut [Res]) {
    let renamed: Vec<(String, String, String, String)> = res
        .iter()
        .filter(|r| matches!(r.kind(), "ConfigMap" | "Secret") && r.orig_name != r.name())
        .map(|r| {
            (
                r.kind().to_string(),
                r.orig_name.clone(),
                r.name().to_string(),
                r.namespace().to_string(),
            )
        })
        .collect();
    if renamed.is_empty() {
        return;
    }
    for r in res.iter_mut() {
        if matches!(r.kind(), "ConfigMap" | "Secret") {
            continue;
        }
        let ns = r.namespace().to_string();
        let lookup = |kind: &str, name: &str| -> Option<String> {
            renamed
                .iter()
                .find(|(k, o, _, n)| k == kind && o == name && *n == ns)
                .map(|(_, _, new, _)| new.clone())
        };
        fix_refs_in(&mut r.obj, &lookup, 0);
    }
}

fn fix_refs_in(
    m: &mut Map<String, Value>,
    lookup: &dyn Fn(&str, &str) -> Option<String>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let rename = |v: &mut Value, kind: &str, field: &str| {
        if let Some(Value::String(n)) = v.get_mut(field) {
            if let Some(new) = lookup(kind, n) {
                *n = new;
            }
        }
    };
    for (k, v) in m.iter_mut() {
        match k.as_str() {
            "configMapKeyRef" | "configMapRef" | "configMap" => rename(v, "ConfigMap", "name"),
            "secretKeyRef" | "secretRef" => rename(v, "Secret", "name"),
            "secret" => rename(v, "Secret", "secretName"),
            _ => {}
        }
        match v {
            Value::Object(inner) => fix_refs_in(inner, lookup, depth + 1),
            Value::Array(items) => {
                for i in items {
                    if let Value::Object(inner) = i {
                        fix_refs_in(inner, lookup, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}
