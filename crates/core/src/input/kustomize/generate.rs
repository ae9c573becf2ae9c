//! `configMapGenerator` and `secretGenerator`: `literals`, `files` and `envs` into a ConfigMap
//! or Secret, with the kustomization's `generatorOptions` and the entry's own `options` merged.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::builder::{Builder, Kfile};
use super::fields::{list_of_strings, unquote};
use super::res::{add_unique, new_res, Res};
use super::transform::add_meta_map;
use super::{fail, Result};
use crate::input::definitions;

impl Builder<'_> {
    /// A `configMapGenerator` / `secretGenerator` entry.
    pub(super) fn generate(
        &mut self,
        k: &Kfile,
        p: &str,
        kind: &str,
        item: &Value,
        options: Option<&Value>,
        res: &mut Vec<Res>,
    ) -> Result<()> {
        let Some(m) = item.as_object() else {
            return k.err(p, "a generator entry must be a mapping with a name");
        };
        const KEYS: &[&str] = &[
            "name",
            "namespace",
            "behavior",
            "literals",
            "files",
            "envs",
            "env",
            "options",
            "type",
        ];
        for key in m.keys() {
            if !KEYS.contains(&key.as_str()) {
                return k.err(
                    &format!("{p}/{key}"),
                    format!("json: unknown field \"{key}\""),
                );
            }
        }
        let Some(name) = m
            .get("name")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
        else {
            return k.err(p, "a generator needs a name");
        };
        let data = self.generator_data(k, p, m)?;
        let behavior = m
            .get("behavior")
            .and_then(Value::as_str)
            .unwrap_or("create");
        if !["create", "merge", "replace"].contains(&behavior) {
            return k.err(
                &format!("{p}/behavior"),
                format!("invalid generator behavior: {behavior}"),
            );
        }
        let merged_options = merge_options(options, m.get("options"));
        let disable_hash = merged_options
            .get("disableNameSuffixHash")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let labels = merged_options.get("labels").cloned();
        let annotations = merged_options.get("annotations").cloned();
        if behavior != "create" {
            let Some(existing) = res.iter_mut().find(|r| r.kind() == kind && r.named(name)) else {
                return k.err(p, format!("id {kind}.v1.[noGrp]/{name}.[noNs] does not exist; cannot merge or replace"));
            };
            merge_or_replace(existing, kind, behavior == "merge", data, labels);
            existing.needs_hash = existing.needs_hash && !disable_hash;
            return Ok(());
        }
        let obj = generated_object(kind, name, m, &data, labels, annotations);
        let mut r = new_res(obj);
        r.needs_hash = !disable_hash;
        add_unique(k, p, res, r)
    }

    /// The entry's data: its `literals`, then its `files` (key = file name unless given), then
    /// its `envs` files' `KEY=VALUE` lines; every key valid and used once.
    fn generator_data(
        &mut self,
        k: &Kfile,
        p: &str,
        m: &Map<String, Value>,
    ) -> Result<BTreeMap<String, String>> {
        let mut data: BTreeMap<String, String> = BTreeMap::new();
        for (i, lit) in list_of_strings(k, p, m, "literals")? {
            let at = format!("{p}/literals/{i}");
            let Some((key, value)) = lit.split_once('=') else {
                return k.err(
                    &at,
                    format!("invalid literal source {lit}, expected key=value"),
                );
            };
            put(&mut data, key.to_string(), unquote(value), &at, k)?;
        }
        for (i, f) in list_of_strings(k, p, m, "files")? {
            let at = format!("{p}/files/{i}");
            let (key, rel) = match f.split_once('=') {
                Some((key, rel)) => (key.to_string(), rel.to_string()),
                None => (f.rsplit('/').next().unwrap_or(&f).to_string(), f.clone()),
            };
            let (_, text) = self.read_local(k, &at, &rel)?;
            put(&mut data, key, text, &at, k)?;
        }
        let mut envs = list_of_strings(k, p, m, "envs")?;
        if let Some(e) = m.get("env").and_then(Value::as_str) {
            envs.push((usize::MAX, e.to_string()));
        }
        for (i, f) in envs {
            let at = if i == usize::MAX {
                format!("{p}/env")
            } else {
                format!("{p}/envs/{i}")
            };
            let (path, text) = self.read_local(k, &at, &f)?;
            for (n, line) in text.lines().enumerate() {
                let line = line.trim_start();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let Some((key, value)) = line.split_once('=') else {
                    return fail(format!("{path}:{}:1: line is not KEY=VALUE (Sunaba does not read variables from its own environment)", n + 1));
                };
                put(&mut data, key.to_string(), value.to_string(), &at, k)?;
            }
        }
        Ok(data)
    }
}

/// Adds one key of a generator's data: a valid ConfigMap key, not used before.
fn put(
    data: &mut BTreeMap<String, String>,
    key: String,
    value: String,
    at: &str,
    k: &Kfile,
) -> Result<()> {
    if let Some(reason) = definitions::config_key_problem(&key) {
        return k.err(at, format!("configmap key \"{key}\": {reason}"));
    }
    if data.insert(key.clone(), value).is_some() {
        return k.err(
            at,
            format!("cannot add key {key}, another key by that name already exists"),
        );
    }
    Ok(())
}

/// The `data` field of a generated object (base64 for a Secret).
fn data_value(kind: &str, data: &BTreeMap<String, String>) -> Value {
    let mut out = Map::new();
    for (k, v) in data {
        let v = if kind == "Secret" {
            crate::base::base64::encode(v.as_bytes())
        } else {
            v.clone()
        };
        out.insert(k.clone(), Value::String(v));
    }
    Value::Object(out)
}

/// `behavior: merge` (`merge`: the new keys over the existing ones) or `replace` on an object
/// of the build, with the options' labels added.
fn merge_or_replace(
    existing: &mut Res,
    kind: &str,
    merge: bool,
    data: BTreeMap<String, String>,
    labels: Option<Value>,
) {
    let old: BTreeMap<String, String> = existing
        .obj
        .get("data")
        .and_then(Value::as_object)
        .map(|d| {
            crate::base::sort::map_from(d.iter().map(|(k, v)| {
                let s = v.as_str().unwrap_or_default().to_string();
                let s = if kind == "Secret" {
                    crate::base::base64::decode(&s)
                        .map(|b| String::from_utf8_lossy(&b).into_owned())
                        .unwrap_or(s)
                } else {
                    s
                };
                (k.clone(), s)
            }))
        })
        .unwrap_or_default();
    let new_data = if merge {
        let mut all = old;
        all.extend(data);
        all
    } else {
        data
    };
    existing
        .obj
        .insert("data".into(), data_value(kind, &new_data));
    if let Some(Value::Object(l)) = labels {
        let pairs = crate::base::sort::map_from(
            l.into_iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string()))),
        );
        add_meta_map(existing, "labels", &pairs);
    }
}

/// The ConfigMap or Secret a `create` entry makes, its fields in kustomize's order.
fn generated_object(
    kind: &str,
    name: &str,
    m: &Map<String, Value>,
    data: &BTreeMap<String, String>,
    labels: Option<Value>,
    annotations: Option<Value>,
) -> Map<String, Value> {
    let namespace = m
        .get("namespace")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut obj = Map::new();
    obj.insert("apiVersion".into(), Value::String("v1".into()));
    if !data.is_empty() {
        obj.insert("data".into(), data_value(kind, data));
    }
    obj.insert("kind".into(), Value::String(kind.into()));
    let mut meta = Map::new();
    if let Some(Value::Object(a)) = annotations {
        meta.insert("annotations".into(), Value::Object(a));
    }
    if let Some(Value::Object(l)) = labels {
        meta.insert("labels".into(), Value::Object(l));
    }
    meta.insert("name".into(), Value::String(name.into()));
    if let Some(ns) = namespace {
        meta.insert("namespace".into(), Value::String(ns));
    }
    obj.insert("metadata".into(), Value::Object(meta));
    if kind == "Secret" {
        let t = m.get("type").and_then(Value::as_str).unwrap_or("Opaque");
        obj.insert("type".into(), Value::String(t.into()));
    }
    obj
}

/// The kustomization's `generatorOptions` with the entry's own `options` over them.
fn merge_options(global: Option<&Value>, own: Option<&Value>) -> Map<String, Value> {
    let mut out = global
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if let Some(own) = own.and_then(Value::as_object) {
        for (k, v) in own {
            match (out.get_mut(k), v) {
                (Some(Value::Object(a)), Value::Object(b)) => {
                    for (bk, bv) in b {
                        a.insert(bk.clone(), bv.clone());
                    }
                }
                _ => {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
    }
    out
}
