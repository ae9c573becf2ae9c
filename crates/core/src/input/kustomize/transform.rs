//! Transformers that rewrite objects in place: labels (`labels`, `commonLabels`, into
//! selectors and pod templates of workloads as kustomize does), `commonAnnotations`, and `images`
//! (new name, tag or digest). The short ones (`namespace`, `namePrefix`, `nameSuffix`,
//! `replicas`) stay inline in `accumulate`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::builder::Kfile;
use super::res::Res;
use super::Result;

/// Kinds whose pod template and selector the label transformers reach.
const WORKLOADS: &[&str] = &[
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "ReplicationController",
];

/// `obj[key]` as a mapping, created (or replaced, if it is not a mapping) when needed.
pub(super) fn object_at<'a>(
    obj: &'a mut Map<String, Value>,
    key: &str,
) -> &'a mut Map<String, Value> {
    let v = obj.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    v.as_object_mut().expect("made an object above")
}

fn insert_all(m: &mut Map<String, Value>, pairs: &BTreeMap<String, String>) {
    for (k, v) in pairs {
        m.insert(k.clone(), Value::String(v.clone()));
    }
}

pub(super) fn add_meta_map(r: &mut Res, field: &str, pairs: &BTreeMap<String, String>) {
    insert_all(object_at(r.meta_mut(), field), pairs);
}

/// Labels on the object; with `selectors`, also on workload selectors and Service selectors;
/// with `templates`, on pod templates.
pub(super) fn add_labels(
    r: &mut Res,
    pairs: &BTreeMap<String, String>,
    selectors: bool,
    templates: bool,
) {
    if pairs.is_empty() {
        return;
    }
    add_meta_map(r, "labels", pairs);
    let kind = r.kind().to_string();
    if WORKLOADS.contains(&kind.as_str()) {
        let spec = object_at(&mut r.obj, "spec");
        if selectors {
            insert_all(object_at(object_at(spec, "selector"), "matchLabels"), pairs);
        }
        if templates {
            let meta = object_at(object_at(spec, "template"), "metadata");
            insert_all(object_at(meta, "labels"), pairs);
        }
    } else if kind == "Service" && selectors {
        insert_all(object_at(object_at(&mut r.obj, "spec"), "selector"), pairs);
    }
}

pub(super) fn add_annotations(r: &mut Res, pairs: &BTreeMap<String, String>) {
    if pairs.is_empty() {
        return;
    }
    add_meta_map(r, "annotations", pairs);
    if WORKLOADS.contains(&r.kind()) {
        let spec = object_at(&mut r.obj, "spec");
        let meta = object_at(object_at(spec, "template"), "metadata");
        insert_all(object_at(meta, "annotations"), pairs);
    }
}

/// An `images` entry.
pub(super) struct ImageRule {
    name: String,
    new_name: Option<String>,
    new_tag: Option<String>,
    digest: Option<String>,
}

pub(super) fn image_rule(k: &Kfile, p: &str, item: &Value) -> Result<ImageRule> {
    let Some(m) = item.as_object() else {
        return k.err(p, "an images entry must be a mapping with a name");
    };
    for key in m.keys() {
        if !["name", "newName", "newTag", "digest"].contains(&key.as_str()) {
            return k.err(
                &format!("{p}/{key}"),
                format!("json: unknown field \"{key}\""),
            );
        }
    }
    let get = |f: &str| -> Result<Option<String>> {
        match m.get(f) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            // `newTag: 1.2` is read as a number by YAML; kustomize takes its text.
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => k.err(&format!("{p}/{f}"), format!("{f} must be a string")),
        }
    };
    let Some(name) = get("name")? else {
        return k.err(p, "an images entry needs a name");
    };
    Ok(ImageRule {
        name,
        new_name: get("newName")?,
        new_tag: get("newTag")?,
        digest: get("digest")?,
    })
}

/// Splits `registry/name:tag@digest` into (name, tag, digest).
fn split_image(image: &str) -> (&str, Option<&str>, Option<&str>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest[slash..].rfind(':') {
        Some(i) => (&rest[..slash + i], Some(&rest[slash + i + 1..]), digest),
        None => (rest, None, digest),
    }
}

/// Rewrites `image` of every container and init container under the object.
pub(super) fn rewrite_images(v: &mut Value, rule: &ImageRule) -> Map<String, Value> {
    fn walk(v: &mut Value, rule: &ImageRule, depth: usize) {
        if depth > 64 {
            return;
        }
        match v {
            Value::Object(m) => {
                for (k, child) in m.iter_mut() {
                    if k == "containers" || k == "initContainers" {
                        if let Value::Array(items) = child {
                            for c in items.iter_mut() {
                                if let Some(Value::String(image)) = c.get_mut("image") {
                                    let (name, tag, digest) = split_image(image);
                                    if name != rule.name {
                                        continue;
                                    }
                                    let mut out =
                                        rule.new_name.clone().unwrap_or_else(|| name.to_string());
                                    if let Some(d) = &rule.digest {
                                        out = format!("{out}@{d}");
                                    } else if let Some(t) = &rule.new_tag {
                                        out = format!("{out}:{t}");
                                    } else if let Some(t) = tag {
                                        out = format!("{out}:{t}");
                                        if let Some(d) = digest {
                                            out = format!("{out}@{d}");
                                        }
                                    } else if let Some(d) = digest {
                                        out = format!("{out}@{d}");
                                    }
                                    *image = out;
                                }
                            }
                        }
                    } else {
                        walk(child, rule, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                for i in items {
                    walk(i, rule, depth + 1);
                }
            }
            _ => {}
        }
    }
    walk(v, rule, 0);
    match std::mem::take(v) {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}
