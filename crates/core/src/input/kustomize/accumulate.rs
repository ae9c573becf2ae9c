//! Builds one kustomization: checks its fields, accumulates its `resources` (files and
//! directories, recursively), then runs generators and transformers in kustomize's order.
//! The steps themselves live in their own files; this one owns only the order.

use std::collections::BTreeMap;

use serde_json::Value;

use super::builder::{Builder, Kfile, KUSTOMIZATION_FILES};
use super::fields::{bool_field, opt_string, string_map, strings};
use super::paths::{join, shown, within};
use super::res::{add_unique, new_res, Res};
use super::transform::{add_annotations, add_labels, image_rule, object_at, rewrite_images};
use super::{fail, KustomizeError, Result, DEPTH_MAX, RESOURCES_MAX};
use crate::input::definitions;

/// Fields of a Kustomization that this build understands.
const FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "resources",
    "bases",
    "namespace",
    "namePrefix",
    "nameSuffix",
    "labels",
    "commonLabels",
    "commonAnnotations",
    "replicas",
    "images",
    "patches",
    "patchesStrategicMerge",
    "patchesJson6902",
    "configMapGenerator",
    "secretGenerator",
    "generatorOptions",
];

/// Real kustomize fields that Sunaba does not build (an error says so, rather than a build
/// that silently differs from the real tool's).
const FIELDS_NOT_SIMULATED: &[&str] = &[
    "components",
    "crds",
    "vars",
    "replacements",
    "helmCharts",
    "helmGlobals",
    "generators",
    "transformers",
    "validators",
    "openapi",
    "configurations",
    "buildMetadata",
    "sortOptions",
    "labelSelector",
];

/// Kinds that have no namespace (the namespace transformer leaves them alone).
const CLUSTER_SCOPED: &[&str] = &[
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "StorageClass",
    "PersistentVolume",
    "PriorityClass",
    "Node",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "IngressClass",
];

impl Builder<'_> {
    pub(super) fn accumulate(&mut self, dir: &str) -> Result<Vec<Res>> {
        if let Some(outer) = self.stack.iter().find(|d| *d == dir) {
            return fail(format!(
                "cycle detected: candidate root '{}' contains visited root '{}'",
                shown(dir),
                shown(outer)
            ));
        }
        if self.stack.len() >= DEPTH_MAX {
            return fail(format!(
                "'{}': kustomizations are nested more than {DEPTH_MAX} deep",
                shown(dir)
            ));
        }
        let (path, text) = match self.read_kustomization(dir) {
            Some(Ok(found)) => found,
            Some(Err(e)) => return fail(format!("{}: {e}", shown(dir))),
            None => {
                return fail(format!(
                    "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{}'",
                    shown(dir)
                ))
            }
        };
        self.stack.push(dir.to_string());
        let result = self.build_one(dir, &path, &text);
        self.stack.pop();
        result
    }

    /// Builds the kustomization read from `path` in `dir`: checks its fields, loads its
    /// resources, then runs the generators and transformers in kustomize's order.
    fn build_one(&mut self, dir: &str, path: &str, text: &str) -> Result<Vec<Res>> {
        let (k, kz) = checked_kustomization(dir, path, text)?;
        let mut res: Vec<Res> = Vec::new();
        for field in ["resources", "bases"] {
            for (i, entry) in strings(&k, &kz, field)? {
                let p = format!("/{field}/{i}");
                let loaded = self.resource_entry(&k, &p, &entry)?;
                for r in loaded {
                    add_unique(&k, &p, &mut res, r)?;
                }
            }
        }
        self.run_generators(&k, &kz, &mut res)?;
        // Transformers, in kustomize's order.
        self.strategic_merge_patches(&k, &kz, &mut res)?;
        if let Some(list) = kz.get("patches") {
            let Some(items) = list.as_array() else {
                return k.err("/patches", "patches must be a list");
            };
            for (i, item) in items.iter().enumerate() {
                let p = format!("/patches/{i}");
                let (text, target) = self.patch_entry(&k, &p, item)?;
                self.apply_patch_text(&k, &p, &text, target.as_ref(), &mut res)?;
            }
        }
        if let Some(ns) = opt_string(&k, &kz, "namespace")? {
            set_namespace(&mut res, &ns);
        }
        let prefix = opt_string(&k, &kz, "namePrefix")?.unwrap_or_default();
        let suffix = opt_string(&k, &kz, "nameSuffix")?.unwrap_or_default();
        if !prefix.is_empty() || !suffix.is_empty() {
            add_name_affixes(&mut res, &prefix, &suffix);
        }
        apply_labels(&k, &kz, &mut res)?;
        if let Some(v) = kz.get("commonAnnotations") {
            let pairs = string_map(&k, "/commonAnnotations", v)?;
            for r in &mut res {
                add_annotations(r, &pairs);
            }
        }
        self.json6902_patches(&k, &kz, &mut res)?;
        set_replicas(&k, &kz, &mut res)?;
        set_images(&k, &kz, &mut res)?;
        if res.len() > RESOURCES_MAX {
            return k.err(
                "",
                format!("the build has more than {RESOURCES_MAX} objects"),
            );
        }
        Ok(res)
    }

    /// `configMapGenerator` and `secretGenerator`: each entry's object added to `res`.
    fn run_generators(&mut self, k: &Kfile, kz: &Fields, res: &mut Vec<Res>) -> Result<()> {
        let options = kz.get("generatorOptions");
        for (field, kind) in [
            ("configMapGenerator", "ConfigMap"),
            ("secretGenerator", "Secret"),
        ] {
            let Some(list) = kz.get(field) else { continue };
            let Some(items) = list.as_array() else {
                return k.err(&format!("/{field}"), format!("{field} must be a list"));
            };
            for (i, item) in items.iter().enumerate() {
                let p = format!("/{field}/{i}");
                self.generate(k, &p, kind, item, options, res)?;
            }
        }
        Ok(())
    }

    /// `patchesStrategicMerge`: each entry a file path or an inline patch, applied in order.
    fn strategic_merge_patches(&mut self, k: &Kfile, kz: &Fields, res: &mut [Res]) -> Result<()> {
        let Some(list) = kz.get("patchesStrategicMerge") else {
            return Ok(());
        };
        let Some(items) = list.as_array() else {
            return k.err(
                "/patchesStrategicMerge",
                "patchesStrategicMerge must be a list",
            );
        };
        for (i, item) in items.iter().enumerate() {
            let p = format!("/patchesStrategicMerge/{i}");
            let Some(s) = item.as_str() else {
                return k.err(
                    &p,
                    "a patchesStrategicMerge entry must be a file path or an inline patch",
                );
            };
            let text = if s.contains('\n') {
                s.to_string()
            } else {
                self.read_local(k, &p, s)?.1
            };
            self.apply_patch_text(k, &p, &text, None, res)?;
        }
        Ok(())
    }

    /// `patchesJson6902`: each entry with its target, applied in order.
    fn json6902_patches(&mut self, k: &Kfile, kz: &Fields, res: &mut [Res]) -> Result<()> {
        let Some(list) = kz.get("patchesJson6902") else {
            return Ok(());
        };
        let Some(items) = list.as_array() else {
            return k.err("/patchesJson6902", "patchesJson6902 must be a list");
        };
        for (i, item) in items.iter().enumerate() {
            let p = format!("/patchesJson6902/{i}");
            let (text, target) = self.patch_entry(k, &p, item)?;
            if target.is_none() {
                return k.err(&p, "a patchesJson6902 entry must have a target");
            }
            self.apply_patch_text(k, &p, &text, target.as_ref(), res)?;
        }
        Ok(())
    }
}

/// A kustomization's fields, by name.
type Fields = serde_json::Map<String, Value>;

/// Reads the kustomization file's one document and checks its fields: known, simulated, and
/// `kind: Kustomization` when given.
fn checked_kustomization(dir: &str, path: &str, text: &str) -> Result<(Kfile, Fields)> {
    let docs = match definitions::parse_values(text) {
        Ok(d) => d,
        Err((l, c, m)) => return fail(format!("{path}:{l}:{c}: {m}")),
    };
    let mut docs = docs.into_iter();
    let Some(doc) = docs.next() else {
        return fail(format!("{path}:1:1: the kustomization is empty"));
    };
    let k = Kfile {
        path: path.to_string(),
        dir: dir.to_string(),
        locations: doc.locations,
    };
    if docs.next().is_some() {
        return k.err("", "a kustomization file holds one document (found ---)");
    }
    let Value::Object(kz) = doc.value else {
        return k.err(
            "",
            "invalid Kustomization: the file must be a mapping of fields",
        );
    };
    for key in kz.keys() {
        let p = format!("/{}", definitions::pointer_escape(key));
        if FIELDS_NOT_SIMULATED.contains(&key.as_str()) {
            return k.err(
                &p,
                format!("field \"{key}\" is not simulated by Sunaba's kustomize"),
            );
        }
        if !FIELDS.contains(&key.as_str()) {
            return k.err(
                &p,
                format!("invalid Kustomization: json: unknown field \"{key}\""),
            );
        }
    }
    if let Some(kind) = kz.get("kind") {
        if kind.as_str() != Some("Kustomization") {
            return k.err(
                "/kind",
                format!("kind {kind} is not supported; expected kind: Kustomization (Components are not simulated)"),
            );
        }
    }
    Ok((k, kz))
}

/// `namespace`: every namespaced object moves into it. kustomize's namespace field specs
/// include `metadata/name` of kind Namespace: a Namespace object in the build becomes this
/// namespace.
fn set_namespace(res: &mut [Res], ns: &str) {
    for r in res {
        if r.kind() == "Namespace" {
            r.set_name(ns.to_string());
        } else if !CLUSTER_SCOPED.contains(&r.kind()) {
            r.meta_mut()
                .insert("namespace".into(), Value::String(ns.to_string()));
        }
    }
}

/// `namePrefix` and `nameSuffix`, on every object but Namespaces, CRDs and APIServices.
fn add_name_affixes(res: &mut [Res], prefix: &str, suffix: &str) {
    for r in res {
        if !matches!(
            r.kind(),
            "Namespace" | "CustomResourceDefinition" | "APIService"
        ) {
            let name = format!("{prefix}{}{suffix}", r.name());
            r.set_name(name);
        }
    }
}

/// `commonLabels` (on selectors and templates too), then each `labels` entry with its
/// `includeSelectors` / `includeTemplates`.
fn apply_labels(k: &Kfile, kz: &Fields, res: &mut [Res]) -> Result<()> {
    if let Some(v) = kz.get("commonLabels") {
        let pairs = string_map(k, "/commonLabels", v)?;
        for r in res.iter_mut() {
            add_labels(r, &pairs, true, true);
        }
    }
    let Some(v) = kz.get("labels") else {
        return Ok(());
    };
    let Some(items) = v.as_array() else {
        return k.err(
            "/labels",
            "labels must be a list of {pairs, includeSelectors, includeTemplates}",
        );
    };
    for (i, item) in items.iter().enumerate() {
        let p = format!("/labels/{i}");
        let Some(m) = item.as_object() else {
            return k.err(&p, "a labels entry must be a mapping with pairs");
        };
        for key in m.keys() {
            if !["pairs", "includeSelectors", "includeTemplates", "fields"].contains(&key.as_str())
            {
                return k.err(
                    &format!("{p}/{key}"),
                    format!("json: unknown field \"{key}\""),
                );
            }
        }
        let pairs = match m.get("pairs") {
            Some(v) => string_map(k, &format!("{p}/pairs"), v)?,
            None => BTreeMap::new(),
        };
        let selectors = bool_field(k, &p, m, "includeSelectors")?;
        let templates = bool_field(k, &p, m, "includeTemplates")? || selectors;
        for r in res.iter_mut() {
            add_labels(r, &pairs, selectors, templates);
        }
    }
    Ok(())
}

/// `replicas`: each entry's count on the workloads of that name.
fn set_replicas(k: &Kfile, kz: &Fields, res: &mut [Res]) -> Result<()> {
    let Some(list) = kz.get("replicas") else {
        return Ok(());
    };
    let Some(items) = list.as_array() else {
        return k.err("/replicas", "replicas must be a list of {name, count}");
    };
    for (i, item) in items.iter().enumerate() {
        let p = format!("/replicas/{i}");
        let name = item.get("name").and_then(Value::as_str);
        let count = item.get("count").and_then(Value::as_i64);
        let (Some(name), Some(count)) = (name, count) else {
            return k.err(&p, "a replicas entry needs a name and an integer count");
        };
        if !(0..=i64::from(i32::MAX)).contains(&count) {
            return k.err(
                &format!("{p}/count"),
                format!("count {count} is out of range"),
            );
        }
        for r in res.iter_mut().filter(|r| r.named(name)) {
            if matches!(
                r.kind(),
                "Deployment" | "ReplicaSet" | "StatefulSet" | "ReplicationController"
            ) {
                let spec = object_at(&mut r.obj, "spec");
                spec.insert("replicas".into(), Value::from(count));
            }
        }
    }
    Ok(())
}

/// `images`: each rule rewrites the matching images of every object.
fn set_images(k: &Kfile, kz: &Fields, res: &mut [Res]) -> Result<()> {
    let Some(list) = kz.get("images") else {
        return Ok(());
    };
    let Some(items) = list.as_array() else {
        return k.err(
            "/images",
            "images must be a list of {name, newName, newTag, digest}",
        );
    };
    for (i, item) in items.iter().enumerate() {
        let p = format!("/images/{i}");
        let rule = image_rule(k, &p, item)?;
        for r in res.iter_mut() {
            let mut v = Value::Object(std::mem::take(&mut r.obj));
            r.obj = rewrite_images(&mut v, &rule);
        }
    }
    Ok(())
}

impl Builder<'_> {
    /// One `resources` entry: a file of objects, or a directory with a kustomization.
    fn resource_entry(&mut self, k: &Kfile, p: &str, entry: &str) -> Result<Vec<Res>> {
        if entry.contains("://") || entry.starts_with("github.com/") || entry.starts_with("git@") {
            return k.err(p, format!("'{entry}': remote resources are not simulated by Sunaba; copy them into the files"));
        }
        if entry.starts_with('/') {
            return k.err(p, format!("'{entry}': absolute paths are not supported; write a path relative to the kustomization"));
        }
        let path = join(&k.dir, entry);
        if let Err(e) = self.check_root(&path) {
            return k.err(p, format!("accumulating resources: {e}"));
        }
        // A directory is recognised by its kustomization file.
        let is_dir = KUSTOMIZATION_FILES
            .iter()
            .any(|n| self.files.read(&join(&path, n)).is_ok());
        if is_dir {
            return self.accumulate(&path).map_err(|e| KustomizeError {
                message: format!(
                    "{}accumulating resources from '{entry}': {}",
                    k.at(p),
                    e.message
                ),
            });
        }
        if !within(&path, &k.dir) {
            return k.err(
                p,
                format!(
                    "accumulating resources: security; file '{path}' is not in or below '{}'",
                    shown(&k.dir)
                ),
            );
        }
        let text = match self.read(&path) {
            Ok(t) => t,
            Err(e) => {
                return k.err(
                    p,
                    format!(
                        "accumulating resources: accumulation err='accumulating resources from '{entry}': {e}': must be a file of objects or a directory containing a kustomization.yaml"
                    ),
                )
            }
        };
        let docs = match definitions::parse_values(&text) {
            Ok(d) => d,
            Err((l, c, m)) => return fail(format!("{path}:{l}:{c}: {m}")),
        };
        let mut out = Vec::new();
        for doc in docs {
            let at = doc.locations.get("").copied().unwrap_or((1, 1));
            let here = |m: &str| fail(format!("{path}:{}:{}: {m}", at.0, at.1));
            let Value::Object(obj) = doc.value else {
                return here(
                    "a resource must be a mapping with apiVersion, kind and metadata.name",
                );
            };
            // `kind: List` items are resources of their own.
            if obj.get("kind").and_then(Value::as_str) == Some("List") {
                for item in obj
                    .get("items")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let Value::Object(o) = item {
                        out.push(new_res(o.clone()));
                    }
                }
                continue;
            }
            let r = new_res(obj);
            if r.kind().is_empty() {
                return here(
                    "missing kind in the object (every resource needs apiVersion and kind)",
                );
            }
            if r.name().is_empty() {
                return here(&format!("missing metadata.name in object {}", r.id()));
            }
            out.push(r);
        }
        Ok(out)
    }
}
