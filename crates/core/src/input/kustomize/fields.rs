//! Readers for a kustomization's own fields (string lists, optional strings, flags, string
//! maps), each error located at the field's `FILE:LINE:COL:`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::builder::Kfile;
use super::Result;
use crate::input::definitions;

pub(super) fn strings(
    k: &Kfile,
    kz: &Map<String, Value>,
    field: &str,
) -> Result<Vec<(usize, String)>> {
    list_of_strings(k, "", kz, field)
}

pub(super) fn list_of_strings(
    k: &Kfile,
    p: &str,
    m: &Map<String, Value>,
    field: &str,
) -> Result<Vec<(usize, String)>> {
    let Some(v) = m.get(field) else {
        return Ok(Vec::new());
    };
    if v.is_null() {
        return Ok(Vec::new());
    }
    let Some(items) = v.as_array() else {
        return k.err(
            &format!("{p}/{field}"),
            format!("{field} must be a list of strings"),
        );
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.as_str() {
            Some(s) => Ok((i, s.to_string())),
            None => k.err(
                &format!("{p}/{field}/{i}"),
                format!("{field} entries must be strings"),
            ),
        })
        .collect()
}

pub(super) fn opt_string(
    k: &Kfile,
    kz: &Map<String, Value>,
    field: &str,
) -> Result<Option<String>> {
    match kz.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => k.err(&format!("/{field}"), format!("{field} must be a string")),
    }
}

pub(super) fn bool_field(k: &Kfile, p: &str, m: &Map<String, Value>, field: &str) -> Result<bool> {
    match m.get(field) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => k.err(
            &format!("{p}/{field}"),
            format!("{field} must be true or false"),
        ),
    }
}

/// A label or annotation map: values are strings (numbers and booleans are refused, like the
/// API server would).
pub(super) fn string_map(k: &Kfile, p: &str, v: &Value) -> Result<BTreeMap<String, String>> {
    let Some(m) = v.as_object() else {
        return k.err(p, "must be a mapping of strings");
    };
    let mut out = BTreeMap::new();
    for (key, val) in m {
        match val {
            Value::String(s) => {
                out.insert(key.clone(), s.clone());
            }
            _ => {
                return k.err(
                    &format!("{p}/{}", definitions::pointer_escape(key)),
                    format!("the value of {key} must be a string (quote it)"),
                )
            }
        }
    }
    Ok(out)
}

/// `KEY="a b"` → `a b` (kustomize strips one pair of matching quotes from a literal).
pub(super) fn unquote(v: &str) -> String {
    let b = v.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}
