//! JSON 6902 patches (`add`, `replace`, `remove`, `copy`, `move`, `test`) over JSON pointers,
//! as kustomize applies them.

use serde_json::Value;

/// JSON 6902 (`add`, `replace`, `remove`, `copy`, `move`, `test`), worded like the
/// evanphx/json-patch library kustomize uses.
pub(super) fn json6902(doc: &mut Value, ops: &[Value]) -> std::result::Result<(), String> {
    for op in ops {
        let Some(m) = op.as_object() else {
            return Err("each JSON patch operation must be a mapping with op and path".into());
        };
        let kind = m.get("op").and_then(Value::as_str).unwrap_or("");
        let Some(path) = m.get("path").and_then(Value::as_str) else {
            return Err(format!("operation {kind:?} has no path"));
        };
        let tokens = pointer_tokens(path)?;
        match kind {
            "add" | "replace" | "test" => {
                let Some(value) = m.get("value") else {
                    return Err(format!("{kind} operation has no value: {path:?}"));
                };
                match kind {
                    "add" => add_at(doc, &tokens, value.clone(), path)?,
                    "replace" => {
                        let slot = get_mut(doc, &tokens).ok_or_else(|| {
                            format!("replace operation does not apply: doc is missing path: {path:?}: missing value")
                        })?;
                        *slot = value.clone();
                    }
                    _ => {
                        if get_mut(doc, &tokens).map(|v| &*v) != Some(value) {
                            return Err(format!("testing value {path:?} failed: test failed"));
                        }
                    }
                }
            }
            "remove" => {
                remove_at(doc, &tokens).ok_or_else(|| {
                    format!("remove operation does not apply: doc is missing path: {path:?}: missing value")
                })?;
            }
            "copy" | "move" => {
                let Some(from) = m.get("from").and_then(Value::as_str) else {
                    return Err(format!("{kind} operation has no from"));
                };
                let from_tokens = pointer_tokens(from)?;
                let value = if kind == "move" {
                    remove_at(doc, &from_tokens)
                } else {
                    get_mut(doc, &from_tokens).map(|v| v.clone())
                }
                .ok_or_else(|| format!("{kind} operation does not apply: doc is missing from path: {from:?}: missing value"))?;
                add_at(doc, &tokens, value, path)?;
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(())
}

fn pointer_tokens(path: &str) -> std::result::Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!(
            "JSON pointer must be empty or start with a \"/\": {path:?}"
        ));
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn get_mut<'a>(doc: &'a mut Value, tokens: &[String]) -> Option<&'a mut Value> {
    let mut cur = doc;
    for t in tokens {
        cur = match cur {
            Value::Object(m) => m.get_mut(t)?,
            Value::Array(a) => a.get_mut(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn add_at(
    doc: &mut Value,
    tokens: &[String],
    value: Value,
    path: &str,
) -> std::result::Result<(), String> {
    let missing =
        || format!("add operation does not apply: doc is missing path: {path:?}: missing value");
    let Some((last, parent)) = tokens.split_last() else {
        *doc = value;
        return Ok(());
    };
    match get_mut(doc, parent).ok_or_else(missing)? {
        Value::Object(m) => {
            m.insert(last.clone(), value);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
            } else {
                let i: usize = last.parse().map_err(|_| missing())?;
                if i > a.len() {
                    return Err(format!(
                        "add operation does not apply: index {i} out of bounds in {path:?}"
                    ));
                }
                a.insert(i, value);
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

fn remove_at(doc: &mut Value, tokens: &[String]) -> Option<Value> {
    let (last, parent) = tokens.split_last()?;
    match get_mut(doc, parent)? {
        Value::Object(m) => m.shift_remove(last),
        Value::Array(a) => {
            let i: usize = last.parse().ok()?;
            (i < a.len()).then(|| a.remove(i))
        }
        _ => None,
    }
}
