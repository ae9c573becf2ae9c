//! Content hashes of generated ConfigMaps and Secrets, byte for byte as kustomize's
//! `api/hasher`: the object encoded as Go's `encoding/json` would, then SHA-256.

use serde_json::{Map, Value};

use super::res::Res;
use super::Result;

/// Go's `json.Marshal` of the hashed map: keys sorted (serde_json's map sorts them when
/// `preserve_order` is off, so we sort by hand), and `<`, `>`, `&`, U+2028, U+2029 escaped.
fn go_json(v: &Value) -> String {
    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                crate::base::sort::sort(&mut keys);
                out.push('{');
                for (i, k) in keys.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&go_string(k));
                    out.push(':');
                    write(&m[k.as_str()], out);
                }
                out.push('}');
            }
            Value::String(s) => out.push_str(&go_string(s)),
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(v, &mut out);
    out
}

fn go_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// kustomize's content hash of a ConfigMap or Secret (`api/hasher`): sha256 over the JSON of
/// {kind, name, data[, binaryData | type, stringData]}, its first 10 hex digits with
/// 0→g 1→h 3→k a→m e→t (no vowels or look-alikes, so the suffix never spells a word).
pub fn content_hash(obj: &Map<String, Value>) -> String {
    use sha2::{Digest, Sha256};
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    let field = |k: &str| -> Value {
        match obj.get(k) {
            Some(v @ Value::Object(_)) => v.clone(),
            Some(Value::String(s)) => Value::String(s.clone()),
            Some(Value::Null) | None => Value::String(String::new()),
            Some(other) => Value::String(other.to_string()),
        }
    };
    let name = obj
        .get("metadata")
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut m = Map::new();
    m.insert("kind".into(), Value::String(kind.into()));
    m.insert("name".into(), Value::String(name.into()));
    m.insert("data".into(), field("data"));
    if kind == "Secret" {
        m.insert("type".into(), field("type"));
        if let Some(v @ Value::Object(_)) = obj.get("stringData") {
            m.insert("stringData".into(), v.clone());
        }
    } else if let Some(v @ Value::Object(_)) = obj.get("binaryData") {
        m.insert("binaryData".into(), v.clone());
    }
    let digest = Sha256::digest(go_json(&Value::Object(m)).as_bytes());
    digest
        .iter()
        .flat_map(|b| [b >> 4, b & 15])
        .take(10)
        .map(|n| match n {
            0 => 'g',
            1 => 'h',
            3 => 'k',
            10 => 'm',
            14 => 't',
            n => char::from_digit(u32::from(n), 16).unwrap_or('x'),
        })
        .collect()
}

pub(super) fn add_hashes(res: &mut [Res]) -> Result<()> {
    for r in res.iter_mut().filter(|r| r.needs_hash) {
        let hash = content_hash(&r.obj);
        let name = format!("{}-{hash}", r.name());
        r.set_name(name);
    }
    Ok(())
}
