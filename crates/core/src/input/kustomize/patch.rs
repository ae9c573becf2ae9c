//! `patches`, `patchesStrategicMerge` and `patchesJson6902` entries: where the patch text
//! comes from, which objects it targets ([`Target`]), and applying it as a strategic merge or
//! JSON 6902 patch, told apart by its shape.

use serde_json::Value;

use super::builder::{Builder, Kfile};
use super::json6902::json6902;
use super::res::{new_res, Res};
use super::strategic::strategic_merge;
use super::{Result, PATCH_OPS_MAX};
use crate::input::definitions;

impl Builder<'_> {
    /// A `patches` / `patchesJson6902` entry: its text (inline or from `path`) and target.
    pub(super) fn patch_entry(
        &mut self,
        k: &Kfile,
        p: &str,
        item: &Value,
    ) -> Result<(String, Option<Target>)> {
        let Some(m) = item.as_object() else {
            return k.err(p, "a patch entry must be a mapping with path or patch");
        };
        for key in m.keys() {
            if !["path", "patch", "target", "options"].contains(&key.as_str()) {
                return k.err(
                    &format!("{p}/{key}"),
                    format!("json: unknown field \"{key}\""),
                );
            }
        }
        let text = match (
            m.get("path").and_then(Value::as_str),
            m.get("patch").and_then(Value::as_str),
        ) {
            (Some(_), Some(_)) => return k.err(p, "patch and path can't be set at the same time"),
            (Some(path), None) => self.read_local(k, &format!("{p}/path"), path)?.1,
            (None, Some(patch)) => patch.to_string(),
            (None, None) => return k.err(p, "must specify one of patch and path"),
        };
        let target = match m.get("target") {
            None => None,
            Some(Value::Object(t)) => {
                for key in t.keys() {
                    if !["group", "version", "kind", "name", "namespace"].contains(&key.as_str()) {
                        return k.err(&format!("{p}/target/{key}"), format!("target field \"{key}\" is not simulated by Sunaba (use kind and name)"));
                    }
                }
                let get = |f: &str| t.get(f).and_then(Value::as_str).map(str::to_string);
                Some(Target {
                    group: get("group"),
                    version: get("version"),
                    kind: get("kind"),
                    name: get("name"),
                    namespace: get("namespace"),
                })
            }
            Some(_) => return k.err(&format!("{p}/target"), "target must be a mapping"),
        };
        Ok((text, target))
    }

    /// Applies a patch (strategic merge or JSON 6902, told apart by its shape).
    pub(super) fn apply_patch_text(
        &mut self,
        k: &Kfile,
        p: &str,
        text: &str,
        target: Option<&Target>,
        res: &mut [Res],
    ) -> Result<()> {
        let docs = match definitions::parse_values(text) {
            Ok(d) => d,
            Err((l, c, m)) => return k.err(p, format!("the patch does not parse: {l}:{c}: {m}")),
        };
        for doc in docs {
            match doc.value {
                Value::Array(ops) => {
                    let Some(target) = target else {
                        return k.err(p, "a JSON 6902 patch (a list of operations) needs a target");
                    };
                    self.patch_ops = self.patch_ops.saturating_add(ops.len());
                    if self.patch_ops > PATCH_OPS_MAX {
                        return k.err(p, format!("more than {PATCH_OPS_MAX} patch operations"));
                    }
                    for r in res.iter_mut().filter(|r| target.selects(r)) {
                        let mut v = Value::Object(std::mem::take(&mut r.obj));
                        let outcome = json6902(&mut v, &ops);
                        if let Value::Object(o) = v {
                            r.obj = o;
                        }
                        if let Err(e) = outcome {
                            return k.err(p, format!("failed to apply JSON patch to {}: {e}", r.id()));
                        }
                    }
                }
                Value::Object(patch) => {
                    let selected: Vec<usize> = match target {
                        Some(t) => (0..res.len()).filter(|&i| t.selects(&res[i])).collect(),
                        None => {
                            let kind = patch.get("kind").and_then(Value::as_str).unwrap_or("");
                            let name = patch
                                .get("metadata")
                                .and_then(|m| m.get("name"))
                                .and_then(Value::as_str)
                                .unwrap_or("");
                            let found: Vec<usize> = (0..res.len())
                                .filter(|&i| res[i].kind() == kind && res[i].named(name))
                                .collect();
                            if found.is_empty() {
                                let id = new_res(patch.clone()).id();
                                return k.err(p, format!("no resource matches strategic merge patch \"{id}\": no matches for Id {id}; failed to find unique target for patch {id}"));
                            }
                            found
                        }
                    };
                    for i in selected {
                        let r = &mut res[i];
                        let mut patch = patch.clone();
                        // With a target, the patch's own identity is not applied.
                        if target.is_some() {
                            patch.remove("kind");
                            patch.remove("apiVersion");
                            if let Some(Value::Object(m)) = patch.get_mut("metadata") {
                                m.remove("name");
                                m.remove("namespace");
                            }
                        } else if let Some(Value::Object(m)) = patch.get_mut("metadata") {
                            // The target keeps its current name (a base's prefix stays).
                            m.remove("name");
                        }
                        let mut v = Value::Object(std::mem::take(&mut r.obj));
                        strategic_merge(&mut v, &Value::Object(patch), "");
                        if let Value::Object(o) = v {
                            r.obj = o;
                        }
                    }
                }
                Value::Null => {}
                _ => return k.err(p, "a patch must be a mapping (strategic merge) or a list of operations (JSON 6902)"),
            }
        }
        Ok(())
    }
}

/// A patch's `target` (exact matches; unset fields match anything).
#[derive(Clone, Debug)]
pub(super) struct Target {
    group: Option<String>,
    version: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    namespace: Option<String>,
}

impl Target {
    fn selects(&self, r: &Res) -> bool {
        let (group, version) = match r.api_version().split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", r.api_version()),
        };
        self.group.as_deref().is_none_or(|g| g == group)
            && self.version.as_deref().is_none_or(|v| v == version)
            && self.kind.as_deref().is_none_or(|k| k == r.kind())
            && self.name.as_deref().is_none_or(|n| r.named(n))
            && self.namespace.as_deref().is_none_or(|n| n == r.namespace())
    }
}
