//! `kubectl patch TYPE NAME (-p PATCH | --patch-file FILE) [--type strategic|merge|json]`: the
//! object as the API serves it, the patch applied with kustomize's strategic-merge and JSON 6902
//! code (a JSON merge patch here), then stored through the path `apply` takes, so the API
//! server's validation and immutable fields hold for patch as for apply. Labels and annotations
//! alone change in place, with what follows from them (`sim::relabel`).

use super::apply::apply_object;
use super::objects::{kind_name, metadata, not_found, object_json, set_metadata};
use super::{type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::input::definitions::{self, Severity};
use crate::input::files::FileSource;
use crate::input::kustomize;
use crate::input::model::Labels;
use crate::lang::args::err;
use crate::world::World;
use serde_json::Value;

/// JSON merge patch (RFC 7386): mappings merge, `null` deletes, anything else replaces.
fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => {
            let mut fresh = Value::Object(Default::default());
            if let Value::Object(_) = p {
                merge_patch(&mut fresh, p);
                *t = fresh;
            } else {
                *t = p.clone();
            }
        }
    }
}

/// The patch's text: `-p`, or the file `--patch-file` names.
fn patch_text(a: &Args, files: &dyn FileSource) -> Result<String, CommandError> {
    match (a.flag("patch"), a.flag("patch-file")) {
        (Some(_), Some(_)) => err("error: cannot specify --patch and --patch-file together"),
        (Some(p), None) => Ok(p.to_string()),
        (None, Some(f)) => files
            .read(f)
            .map_err(|e| CommandError::new(format!("error: unable to read patch file: {e}"))),
        (None, None) => {
            err("error: must specify --patch or --patch-file containing the contents of the patch")
        }
    }
}

pub(super) fn kubectl_patch(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let (res, names) = type_and_names(&a.positional)?;
    let name = match names.as_slice() {
        [n] => n.clone(),
        [] => return err("error: resource(s) were provided, but no name was specified"),
        _ => return err("error: only one resource can be patched at a time"),
    };
    let kind = a.flag("type").unwrap_or("strategic");
    if !["json", "merge", "strategic"].contains(&kind) {
        return err(format!(
            "error: --type must be one of [json merge strategic], not \"{kind}\""
        ));
    }
    let text = patch_text(a, files)?;
    let ns = a.namespace();
    let Some(before) = object_json(w, res, &ns, &name) else {
        return Err(not_found(res, &name));
    };
    let unparsable = |m: &str| {
        CommandError::new(format!(
            "error: unable to parse \"{}\": {m}",
            text.replace('\n', " ")
        ))
    };
    let docs = definitions::parse_values(&text).map_err(|(_, _, m)| unparsable(&m))?;
    let [doc] = docs.as_slice() else {
        return Err(unparsable("a patch is one JSON or YAML document"));
    };
    let patch = &doc.value;
    let mut after = before.clone();
    match (kind, patch) {
        ("json", Value::Array(ops)) => {
            if ops.len() > kustomize::PATCH_OPS_MAX {
                return err(format!(
                    "error: at most {} operations in one patch",
                    kustomize::PATCH_OPS_MAX
                ));
            }
            kustomize::json_patch(&mut after, ops).map_err(|e| {
                CommandError::new(format!(
                    "The request is invalid: the server rejected our request due to an error in our request: {e}"
                ))
            })?;
        }
        ("json", _) => {
            return Err(unparsable(
                "json: cannot unmarshal object into Go value of type jsonpatch.Patch",
            ))
        }
        (_, Value::Object(_)) if kind == "merge" => merge_patch(&mut after, patch),
        (_, Value::Object(_)) => kustomize::strategic_merge_patch(&mut after, patch),
        (_, other) => {
            let what = match other {
                Value::Array(_) => "array",
                Value::String(_) => "string",
                Value::Number(_) => "number",
                Value::Bool(_) => "bool",
                _ => "null",
            };
            return err(format!("Error from server (BadRequest): json: cannot unmarshal {what} into Go value of type map[string]interface {{}}"));
        }
    }
    let line = format!("{}/{name} patched", res.singular());
    if after == before {
        return Ok(format!("{line} (no change)\n"));
    }
    store_patched(w, res, &ns, &name, &before, &after)?;
    Ok(format!("{line}\n"))
}

/// A string map at `v[meta][field]`.
fn string_map(v: &Value, field: &str) -> Labels {
    v["metadata"][field]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// Stores the patched object: metadata alone in place; anything else through `apply`'s path.
fn store_patched(
    w: &mut World,
    res: Resource,
    ns: &str,
    name: &str,
    before: &Value,
    after: &Value,
) -> Result<(), CommandError> {
    let invalid =
        |m: String| CommandError::new(format!("The {} \"{name}\" is invalid: {m}", kind_name(res)));
    if after["metadata"]["name"] != before["metadata"]["name"] {
        return Err(invalid(format!(
            "metadata.name: Invalid value: {}: field is immutable",
            after["metadata"]["name"]
        )));
    }
    if res == Resource::Services && after["spec"]["clusterIP"] != before["spec"]["clusterIP"] {
        return Err(invalid(format!(
            "spec.clusterIPs[0]: Invalid value: []string{{{}}}: may not change once set",
            after["spec"]["clusterIP"]
        )));
    }
    let labels = string_map(after, "labels");
    let annotations = string_map(after, "annotations");
    for k in labels.keys() {
        if let Some(e) = definitions::validate::qualified_name(k) {
            return Err(invalid(format!(
                "metadata.labels: Invalid value: {k:?}: {e}"
            )));
        }
    }
    for v in labels.values() {
        if let Some(e) = definitions::validate::label_value(v) {
            return Err(invalid(format!(
                "metadata.labels: Invalid value: {v:?}: {e}"
            )));
        }
    }
    let mut rest_before = before.clone();
    let mut rest_after = after.clone();
    for v in [&mut rest_before, &mut rest_after] {
        if let Some(m) = v["metadata"].as_object_mut() {
            m.remove("labels");
            m.remove("annotations");
        }
    }
    if rest_before == rest_after {
        if metadata(w, res, ns, name).is_none() {
            return Err(not_found(res, name));
        }
        set_metadata(w, res, ns, name, labels, annotations);
        return Ok(());
    }
    let mut sent = after.clone();
    if let Some(o) = sent.as_object_mut() {
        o.remove("status");
    }
    let text = serde_json::to_string_pretty(&sent).unwrap_or_default();
    let loaded = definitions::load("patch", &text);
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        return Err(invalid(d.message.clone()));
    }
    let Some(m) = loaded.objects.first().map(|o| &o.manifest) else {
        return err(format!(
            "error: Sunaba patches the fields of pods, deployments, services, namespaces, configmaps and secrets, not of {}",
            res.plural()
        ));
    };
    apply_object(w, ns, m).map_err(CommandError::new)?;
    if res == Resource::Deployments {
        // The reader ignores `spec.paused`: a patch is the way to set it besides `rollout pause`.
        let paused = after["spec"]["paused"].as_bool().unwrap_or(false);
        let key = (ns.to_string(), name.to_string());
        if let Some(d) = w.k.store.deployments.get_mut(&key) {
            if d.spec.paused != paused {
                d.spec.paused = paused;
                d.meta.generation += 1;
                w.k.dirty_deployments.insert(key);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_merge_patch_merges_maps_deletes_nulls_and_replaces_lists() {
        let mut doc = json!({"a": {"b": 1, "c": 2}, "l": [1, 2], "x": 1});
        merge_patch(
            &mut doc,
            &json!({"a": {"b": null, "d": {"e": 3}}, "l": [3], "x": null}),
        );
        assert_eq!(doc, json!({"a": {"c": 2, "d": {"e": 3}}, "l": [3]}));
    }
}
