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
//!
//! Files: `builder` reads files within the bounds; `accumulate` builds one kustomization,
//! field by field in kustomize's order; `generate`, `patch` (with `strategic` and `json6902`)
//! and `transform` are its steps; `hash`, `references` and `order` run once over the whole
//! tree. `res` is one object being built, `fields` reads the kustomization's own fields and
//! `paths` does lexical path arithmetic.

mod accumulate;
mod builder;
mod fields;
mod generate;
mod hash;
mod json6902;
mod order;
mod patch;
mod paths;
mod references;
mod res;
mod strategic;
mod transform;

pub use hash::content_hash;
pub use paths::normalize;

/// A strategic merge patch applied to one object (what `kubectl patch` sends by default).
pub fn strategic_merge_patch(target: &mut serde_json::Value, patch: &serde_json::Value) {
    strategic::strategic_merge(target, patch, "");
}

/// JSON 6902 operations applied to one object (`kubectl patch --type json`); the error in
/// the json-patch library's words.
pub fn json_patch(
    doc: &mut serde_json::Value,
    ops: &[serde_json::Value],
) -> std::result::Result<(), String> {
    json6902::json6902(doc, ops)
}

use serde_json::Value;

use crate::input::files::FileSource;
use builder::Builder;
use hash::add_hashes;
use order::sort_legacy;
use paths::leading_parents;
use references::fix_references;

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

pub(super) type Result<T> = std::result::Result<T, KustomizeError>;

pub(super) fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(KustomizeError {
        message: message.into(),
    })
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
