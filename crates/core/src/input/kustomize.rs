//! Kustomize: `kubectl kustomize DIR` and `kubectl apply -k DIR`, built the way the real tool
//! builds them, for the fields people use to describe environments (a base and overlays).
//!
//! A build reads `DIR/kustomization.yaml` through the shell's [`FileSource`] (never the disk),
//! accumulates its `resources` (files, and directories holding a kustomization, recursively),
//! runs its generators (`configMapGenerator`, `secretGenerator`), then its transformers in
//! kustomize's order (strategic-merge patches, `patches`, `namespace`, `namePrefix`,
//! `nameSuffix`, labels, annotations, JSON 6902 patches, `replicas`, `images`). Only at the
//! very end, over the whole tree, generated objects get their content-hash suffix (kustomize's
//! `api/hasher`), references to renamed ConfigMaps and Secrets are fixed, and documents are
//! sorted in kustomize's legacy order (Namespace, …, ConfigMap, Secret, Service, …, Deployment).
//!
//! Paths are normalised lexically; a path may not climb above the directory the command's own
//! path reaches (the root the shell's `FileSource` serves). Files (patches, generator inputs,
//! resource files) must be inside the kustomization's directory, like kustomize's default load
//! restrictions; directories may be anywhere under the root. Everything is bounded (depth,
//! files, bytes, resources, patch operations) and every error says where it comes from
//! (`FILE:LINE:COL:` of the entry in the kustomization that caused it).
//!
//! This module is pure: values in, values out. It never touches the cluster.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::input::definitions::{self, Locations};
use crate::input::files::FileSource;

/// Deepest chain of kustomizations (overlay → base → …).
pub const DEPTH_MAX: usize = 16;
/// Most files one build reads.
pub const FILES_MAX: usize = 256;
/// Most bytes one build reads, all files together.
pub const BYTES_MAX: usize = 8 * 1024 * 1024;
/// Most objects one build produces.
pub const RESOURCES_MAX: usize = 2_000;
/// Most JSON 6902 operations in one build.
pub const PATCH_OPS_MAX: usize = 2_000;

/// The names kustomize looks for in a directory, in its order.
const KUSTOMIZATION_FILES: [&str; 3] = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

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

/// Kinds whose pod template and selector the label transformers reach.
const WORKLOADS: &[&str] = &[
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "ReplicationController",
];

/// A failed build: the message, already located (`FILE:LINE:COL: …` when a line is known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KustomizeError {
    pub message: String,
}

impl std::fmt::Display for KustomizeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

type Result<T> = std::result::Result<T, KustomizeError>;

fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(KustomizeError {
        message: message.into(),
    })
}

/// One object on its way through the build.
#[derive(Clone, Debug)]
struct Res {
    obj: Map<String, Value>,
    /// The name it had when it entered the build (references use it).
    orig_name: String,
    /// Made by a generator without `disableNameSuffixHash`: gets the content hash at the end.
    needs_hash: bool,
}

impl Res {
    fn kind(&self) -> &str {
        self.obj.get("kind").and_then(Value::as_str).unwrap_or("")
    }
    fn api_version(&self) -> &str {
        self.obj
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    fn meta(&self) -> Option<&Map<String, Value>> {
        self.obj.get("metadata").and_then(Value::as_object)
    }
    fn name(&self) -> &str {
        self.meta()
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    fn namespace(&self) -> &str {
        self.meta()
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    fn meta_mut(&mut self) -> &mut Map<String, Value> {
        let m = self
            .obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if !m.is_object() {
            *m = Value::Object(Map::new());
        }
        m.as_object_mut().expect("made an object above")
    }
    fn set_name(&mut self, name: String) {
        self.meta_mut().insert("name".into(), Value::String(name));
    }
    /// Selected by a name: the current one or the one it entered with.
    fn named(&self, name: &str) -> bool {
        self.name() == name || self.orig_name == name
    }
    /// kustomize's ResId as printed in its messages: `Kind.version.group/name.namespace`.
    fn id(&self) -> String {
        let (group, version) = match self.api_version().split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", self.api_version()),
        };
        let or = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        format!(
            "{}.{}.{}/{}.{}",
            or(self.kind(), "[noKind]"),
            or(version, "[noVer]"),
            or(group, "[noGrp]"),
            or(self.name(), "[noName]"),
            or(self.namespace(), "[noNs]")
        )
    }
}

/// Builds the kustomization in `dir` and prints it as `kubectl kustomize` does: each object as
/// YAML, separated by `---`.
pub fn render(files: &dyn FileSource, dir: &str) -> Result<String> {
    let docs = build(files, dir)?;
    Ok(docs
        .iter()
        .map(crate::input::yaml_out::to_yaml_kustomize)
        .collect::<Vec<_>>()
        .join("---\n"))
}

/// Builds the kustomization in `dir`: the objects, in kustomize's output order.
pub fn build(files: &dyn FileSource, dir: &str) -> Result<Vec<Value>> {
    let root = normalize(dir);
    let mut b = Builder {
        files,
        floor: leading_parents(&root),
        stack: Vec::new(),
        files_read: 0,
        bytes_read: 0,
        patch_ops: 0,
    };
    let mut resources = b.accumulate(&root)?;
    add_hashes(&mut resources)?;
    fix_references(&mut resources);
    sort_legacy(&mut resources);
    Ok(resources
        .into_iter()
        .map(|r| Value::Object(r.obj))
        .collect())
}

/// `a/./b/../c` → `a/c`; leading `..` are kept (the shell's root decides what they mean).
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn leading_parents(path: &str) -> usize {
    path.split('/').take_while(|c| *c == "..").count()
}

fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        normalize(rel)
    } else {
        normalize(&format!("{dir}/{rel}"))
    }
}

fn shown(dir: &str) -> &str {
    if dir.is_empty() {
        "."
    } else {
        dir
    }
}

/// Is `path` inside `dir` (or `dir` itself)?
fn within(path: &str, dir: &str) -> bool {
    if dir.is_empty() {
        return !path.starts_with("..");
    }
    path == dir || path.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

struct Builder<'f> {
    files: &'f dyn FileSource,
    floor: usize,
    /// The kustomization directories being built, outermost first (cycle detection).
    stack: Vec<String>,
    files_read: usize,
    bytes_read: usize,
    patch_ops: usize,
}

/// The kustomization file being read, for locating errors.
struct Kfile {
    path: String,
    dir: String,
    locations: Locations,
}

impl Kfile {
    /// `FILE:LINE:COL: ` for the node at `pointer` (or the nearest enclosing one).
    fn at(&self, pointer: &str) -> String {
        let mut p = pointer.to_string();
        loop {
            if let Some((l, c)) = self.locations.get(&p) {
                return format!("{}:{l}:{c}: ", self.path);
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return format!("{}: ", self.path),
            }
        }
    }
    fn err<T>(&self, pointer: &str, message: impl std::fmt::Display) -> Result<T> {
        fail(format!("{}{message}", self.at(pointer)))
    }
}

impl Builder<'_> {
    fn read(&mut self, path: &str) -> std::result::Result<String, String> {
        if self.files_read >= FILES_MAX {
            return Err(format!(
                "the build reads more than {FILES_MAX} files; refusing to read more"
            ));
        }
        let text = self.files.read(path)?;
        self.files_read += 1;
        self.bytes_read = self.bytes_read.saturating_add(text.len());
        if self.bytes_read > BYTES_MAX {
            return Err(format!(
                "the build reads more than {BYTES_MAX} bytes; refusing to read more"
            ));
        }
        Ok(text)
    }

    /// Checks that a resolved path stays under the root.
    fn check_root(&self, path: &str) -> std::result::Result<(), String> {
        if leading_parents(path) > self.floor {
            return Err(format!(
                "'{path}' is outside the root of the files Sunaba can read (a path may not climb above the directory given to the command)"
            ));
        }
        Ok(())
    }

    /// A file the kustomization in `k.dir` names: resolved, inside the root and inside the
    /// kustomization's directory (kustomize's `LoadRestrictionsRootOnly`), then read.
    fn read_local(&mut self, k: &Kfile, pointer: &str, rel: &str) -> Result<(String, String)> {
        if rel.starts_with('/') {
            return k.err(pointer, format!("'{rel}': absolute paths are not supported; write a path relative to the kustomization"));
        }
        let path = join(&k.dir, rel);
        if let Err(e) = self.check_root(&path) {
            return k.err(pointer, e);
        }
        if !within(&path, &k.dir) {
            return k.err(
                pointer,
                format!(
                    "security; file '{path}' is not in or below '{}'",
                    shown(&k.dir)
                ),
            );
        }
        match self.read(&path) {
            Ok(t) => Ok((path, t)),
            Err(e) => k.err(pointer, e),
        }
    }

    /// Reads the kustomization file of `dir`, if there is one.
    fn read_kustomization(
        &mut self,
        dir: &str,
    ) -> Option<std::result::Result<(String, String), String>> {
        for name in KUSTOMIZATION_FILES {
            let path = join(dir, name);
            match self.files.read(&path) {
                Ok(_) => return Some(self.read(&path).map(|t| (path, t))),
                Err(_) => continue,
            }
        }
        None
    }

    fn accumulate(&mut self, dir: &str) -> Result<Vec<Res>> {
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

    fn build_one(&mut self, dir: &str, path: &str, text: &str) -> Result<Vec<Res>> {
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
                self.generate(&k, &p, kind, item, options, &mut res)?;
            }
        }

        // Transformers, in kustomize's order.
        if let Some(list) = kz.get("patchesStrategicMerge") {
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
                    self.read_local(&k, &p, s)?.1
                };
                self.apply_patch_text(&k, &p, &text, None, &mut res)?;
            }
        }
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
            for r in &mut res {
                // kustomize's namespace field specs include `metadata/name` of kind
                // Namespace: a Namespace object in the build becomes this namespace.
                if r.kind() == "Namespace" {
                    r.set_name(ns.clone());
                } else if !CLUSTER_SCOPED.contains(&r.kind()) {
                    r.meta_mut()
                        .insert("namespace".into(), Value::String(ns.clone()));
                }
            }
        }
        let prefix = opt_string(&k, &kz, "namePrefix")?.unwrap_or_default();
        let suffix = opt_string(&k, &kz, "nameSuffix")?.unwrap_or_default();
        if !prefix.is_empty() || !suffix.is_empty() {
            for r in &mut res {
                if !matches!(
                    r.kind(),
                    "Namespace" | "CustomResourceDefinition" | "APIService"
                ) {
                    let name = format!("{prefix}{}{suffix}", r.name());
                    r.set_name(name);
                }
            }
        }
        if let Some(v) = kz.get("commonLabels") {
            let pairs = string_map(&k, "/commonLabels", v)?;
            for r in &mut res {
                add_labels(r, &pairs, true, true);
            }
        }
        if let Some(v) = kz.get("labels") {
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
                    if !["pairs", "includeSelectors", "includeTemplates", "fields"]
                        .contains(&key.as_str())
                    {
                        return k.err(
                            &format!("{p}/{key}"),
                            format!("json: unknown field \"{key}\""),
                        );
                    }
                }
                let pairs = match m.get("pairs") {
                    Some(v) => string_map(&k, &format!("{p}/pairs"), v)?,
                    None => BTreeMap::new(),
                };
                let selectors = bool_field(&k, &p, m, "includeSelectors")?;
                let templates = bool_field(&k, &p, m, "includeTemplates")? || selectors;
                for r in &mut res {
                    add_labels(r, &pairs, selectors, templates);
                }
            }
        }
        if let Some(v) = kz.get("commonAnnotations") {
            let pairs = string_map(&k, "/commonAnnotations", v)?;
            for r in &mut res {
                add_annotations(r, &pairs);
            }
        }
        if let Some(list) = kz.get("patchesJson6902") {
            let Some(items) = list.as_array() else {
                return k.err("/patchesJson6902", "patchesJson6902 must be a list");
            };
            for (i, item) in items.iter().enumerate() {
                let p = format!("/patchesJson6902/{i}");
                let (text, target) = self.patch_entry(&k, &p, item)?;
                if target.is_none() {
                    return k.err(&p, "a patchesJson6902 entry must have a target");
                }
                self.apply_patch_text(&k, &p, &text, target.as_ref(), &mut res)?;
            }
        }
        if let Some(list) = kz.get("replicas") {
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
        }
        if let Some(list) = kz.get("images") {
            let Some(items) = list.as_array() else {
                return k.err(
                    "/images",
                    "images must be a list of {name, newName, newTag, digest}",
                );
            };
            for (i, item) in items.iter().enumerate() {
                let p = format!("/images/{i}");
                let rule = image_rule(&k, &p, item)?;
                for r in &mut res {
                    let mut v = Value::Object(std::mem::take(&mut r.obj));
                    r.obj = rewrite_images(&mut v, &rule);
                }
            }
        }
        if res.len() > RESOURCES_MAX {
            return k.err(
                "",
                format!("the build has more than {RESOURCES_MAX} objects"),
            );
        }
        Ok(res)
    }

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

    /// A `configMapGenerator` / `secretGenerator` entry.
    fn generate(
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
        let mut data: BTreeMap<String, String> = BTreeMap::new();
        let mut put = |key: String, value: String, at: &str, k: &Kfile| -> Result<()> {
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
        };
        for (i, lit) in list_of_strings(k, p, m, "literals")? {
            let at = format!("{p}/literals/{i}");
            let Some((key, value)) = lit.split_once('=') else {
                return k.err(
                    &at,
                    format!("invalid literal source {lit}, expected key=value"),
                );
            };
            put(key.to_string(), unquote(value), &at, k)?;
        }
        for (i, f) in list_of_strings(k, p, m, "files")? {
            let at = format!("{p}/files/{i}");
            let (key, rel) = match f.split_once('=') {
                Some((key, rel)) => (key.to_string(), rel.to_string()),
                None => (f.rsplit('/').next().unwrap_or(&f).to_string(), f.clone()),
            };
            let (_, text) = self.read_local(k, &at, &rel)?;
            put(key, text, &at, k)?;
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
                put(key.to_string(), value.to_string(), &at, k)?;
            }
        }
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
        let namespace = m
            .get("namespace")
            .and_then(Value::as_str)
            .map(str::to_string);

        let data_value = |data: &BTreeMap<String, String>| -> Value {
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
        };
        if behavior != "create" {
            let Some(existing) = res.iter_mut().find(|r| r.kind() == kind && r.named(name)) else {
                return k.err(p, format!("id {kind}.v1.[noGrp]/{name}.[noNs] does not exist; cannot merge or replace"));
            };
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
            let new_data = if behavior == "merge" {
                let mut all = old;
                all.extend(data);
                all
            } else {
                data
            };
            existing.obj.insert("data".into(), data_value(&new_data));
            if let Some(Value::Object(l)) = labels {
                let pairs = crate::base::sort::map_from(
                    l.into_iter()
                        .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string()))),
                );
                add_meta_map(existing, "labels", &pairs);
            }
            existing.needs_hash = existing.needs_hash && !disable_hash;
            return Ok(());
        }
        let mut obj = Map::new();
        obj.insert("apiVersion".into(), Value::String("v1".into()));
        if !data.is_empty() {
            obj.insert("data".into(), data_value(&data));
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
        let mut r = new_res(obj);
        r.needs_hash = !disable_hash;
        add_unique(k, p, res, r)
    }

    /// A `patches` / `patchesJson6902` entry: its text (inline or from `path`) and target.
    fn patch_entry(
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
    fn apply_patch_text(
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

fn new_res(obj: Map<String, Value>) -> Res {
    let mut r = Res {
        obj,
        orig_name: String::new(),
        needs_hash: false,
    };
    r.orig_name = r.name().to_string();
    r
}

/// kustomize refuses two objects with the same id in one build.
fn add_unique(k: &Kfile, p: &str, res: &mut Vec<Res>, r: Res) -> Result<()> {
    if res.len() >= RESOURCES_MAX {
        return k.err(
            p,
            format!("the build has more than {RESOURCES_MAX} objects"),
        );
    }
    if res
        .iter()
        .any(|o| o.kind() == r.kind() && o.name() == r.name() && o.namespace() == r.namespace())
    {
        return k.err(
            p,
            format!(
                "may not add resource with an already registered id: {}",
                r.id()
            ),
        );
    }
    res.push(r);
    Ok(())
}

/// A patch's `target` (exact matches; unset fields match anything).
#[derive(Clone, Debug)]
struct Target {
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

fn strings(k: &Kfile, kz: &Map<String, Value>, field: &str) -> Result<Vec<(usize, String)>> {
    list_of_strings(k, "", kz, field)
}

fn list_of_strings(
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

fn opt_string(k: &Kfile, kz: &Map<String, Value>, field: &str) -> Result<Option<String>> {
    match kz.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => k.err(&format!("/{field}"), format!("{field} must be a string")),
    }
}

fn bool_field(k: &Kfile, p: &str, m: &Map<String, Value>, field: &str) -> Result<bool> {
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
fn string_map(k: &Kfile, p: &str, v: &Value) -> Result<BTreeMap<String, String>> {
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
fn unquote(v: &str) -> String {
    let b = v.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        v[1..v.len() - 1].to_string()
    } else {
        v.to_string()
    }
}

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

/// `obj[key]` as a mapping, created (or replaced, if it is not a mapping) when needed.
fn object_at<'a>(obj: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
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

fn add_meta_map(r: &mut Res, field: &str, pairs: &BTreeMap<String, String>) {
    insert_all(object_at(r.meta_mut(), field), pairs);
}

/// Labels on the object; with `selectors`, also on workload selectors and Service selectors;
/// with `templates`, on pod templates.
fn add_labels(r: &mut Res, pairs: &BTreeMap<String, String>, selectors: bool, templates: bool) {
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

fn add_annotations(r: &mut Res, pairs: &BTreeMap<String, String>) {
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
struct ImageRule {
    name: String,
    new_name: Option<String>,
    new_tag: Option<String>,
    digest: Option<String>,
}

fn image_rule(k: &Kfile, p: &str, item: &Value) -> Result<ImageRule> {
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
fn rewrite_images(v: &mut Value, rule: &ImageRule) -> Map<String, Value> {
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
fn strategic_merge(target: &mut Value, patch: &Value, field: &str) {
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

/// JSON 6902 (`add`, `replace`, `remove`, `copy`, `move`, `test`), worded like the
/// evanphx/json-patch library kustomize uses.
fn json6902(doc: &mut Value, ops: &[Value]) -> std::result::Result<(), String> {
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

fn add_hashes(res: &mut [Res]) -> Result<()> {
    for r in res.iter_mut().filter(|r| r.needs_hash) {
        let hash = content_hash(&r.obj);
        let name = format!("{}-{hash}", r.name());
        r.set_name(name);
    }
    Ok(())
}

/// References from pod templates to ConfigMaps and Secrets that were renamed (prefix, suffix,
/// hash) now point at the new names, as kustomize's name-reference fixing does.
fn fix_references(res: &mut [Res]) {
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

/// kustomize's legacy order: by kind (Namespace first … webhooks last), then by
/// group/version/kind, then by `Kind.version.group|namespace|name`.
fn sort_legacy(res: &mut [Res]) {
    const FIRST: &[&str] = &[
        "Namespace",
        "ResourceQuota",
        "StorageClass",
        "CustomResourceDefinition",
        "ServiceAccount",
        "PodSecurityPolicy",
        "Role",
        "ClusterRole",
        "RoleBinding",
        "ClusterRoleBinding",
        "ConfigMap",
        "Secret",
        "Endpoints",
        "Service",
        "LimitRange",
        "PriorityClass",
        "PersistentVolume",
        "PersistentVolumeClaim",
        "Deployment",
        "StatefulSet",
        "CronJob",
        "PodDisruptionBudget",
    ];
    const LAST: &[&str] = &[
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
    ];
    let key = |r: &Res| {
        let rank: i64 = if let Some(i) = FIRST.iter().position(|k| *k == r.kind()) {
            i as i64 - FIRST.len() as i64
        } else if let Some(i) = LAST.iter().position(|k| *k == r.kind()) {
            1 + i as i64
        } else {
            0
        };
        let (group, version) = match r.api_version().split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), r.api_version().to_string()),
        };
        let or = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        let gvk = format!(
            "{}_{}_{}",
            or(&group, "~G"),
            or(&version, "~V"),
            or(r.kind(), "~K")
        );
        let id = format!(
            "{}.{}.{}|{}|{}",
            or(r.kind(), "[noKind]"),
            or(&version, "[noVer]"),
            or(&group, "[noGrp]"),
            or(r.namespace(), "~X"),
            or(r.name(), "~N")
        );
        (rank, gvk, id)
    };
    crate::base::sort::sort_by_key(res, key);
}
