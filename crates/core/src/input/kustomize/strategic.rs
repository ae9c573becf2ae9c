//! Strategic merge patches: maps merge, `null` deletes, and lists of containers, volumes, env,
//! ports and the like merge by their key (`name`, `mountPath`, `containerPort`) as kustomize does.

use serde_json::{Map, Value};

/// The key that identifies list items for strategic merge, by field name (the Kubernetes
/// `patchMergeKey`s of the fields people patch).
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    match field {
        "containers"
        | "initContainers"
        | "ephemeralContainers"
        | "env"
        | "volumes"
        | "imagePullSecrets" => Some("name"),
        "volumeMounts" => Some("mountPath"),
        "ports" => {
            if items.iter().any(|i| i.get("containerPort").is_some()) {
                Some("containerPort")
            } else {
                Some("port")
            }
        }
        _ => None,
    }
}

/// Strategic merge patch: mappings merge, `null` deletes a key, lists with a merge key merge
/// item by item (`$patch: delete` removes one), other lists are replaced.
pub(super) fn strategic_merge(target: &mut Value, patch: &Value, field: &str) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            if p.get("$patch").and_then(Value::as_str) == Some("replace") {
                let mut clean = p.clone();
                clean.remove("$patch");
                *t = clean;
                return;
            }
            for (k, pv) in p {
                if k.starts_with('$') {
                    continue;
                }
                if pv.is_null() {
                    t.remove(k);
                    continue;
                }
                match t.get_mut(k) {
                    Some(tv) => strategic_merge(tv, pv, k),
                    None => {
                        let mut fresh = Value::Null;
                        strategic_merge_new(&mut fresh, pv);
                        t.insert(k.clone(), fresh);
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(p)) => {
            let Some(key) = merge_key(field, p).or_else(|| merge_key(field, t)) else {
                *t = p.clone();
                return;
            };
            for item in p {
                let id = item.get(key).cloned();
                let pos = id
                    .as_ref()
                    .and_then(|id| t.iter().position(|x| x.get(key) == Some(id)));
                let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
                match (pos, delete) {
                    (Some(i), true) => {
                        t.remove(i);
                    }
                    (None, true) => {}
                    (Some(i), false) => strategic_merge(&mut t[i], item, ""),
                    (None, false) => {
                        let mut fresh = Value::Null;
                        strategic_merge_new(&mut fresh, item);
                        t.push(fresh);
                    }
                }
            }
        }
        (t, p) => {
            let mut fresh = Value::Null;
            strategic_merge_new(&mut fresh, p);
            *t = fresh;
        }
    }
}

/// A patch value that lands where nothing was: copied without `$` directives and nulls.
fn strategic_merge_new(out: &mut Value, p: &Value) {
    *out = match p {
        Value::Object(m) => {
            let mut o = Map::new();
            for (k, v) in m {
                if k.starts_with('$') || v.is_null() {
                    continue;
                }
                let mut c = Value::Null;
                strategic_merge_new(&mut c, v);
                o.insert(k.clone(), c);
            }
            Value::Object(o)
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .filter(|i| i.get("$patch").and_then(Value::as_str) != Some("delete"))
                .map(|i| {
                    let mut c = Value::Null;
                    strategic_merge_new(&mut c, i);
                    c
                })
                .collect(),
        ),
        other => other.clone(),
    };
}
