//! Decoding, validation and defaulting of each simulated kind: Deployment, Pod, Service,
//! Namespace, ConfigMap, Secret. Messages follow the API server (`PATH: Invalid value: V: reason`,
//! `Required value`, `Unsupported value`, `Duplicate value`, `Forbidden`), with a short hint
//! when the fix is not obvious. Defaults are the documented Kubernetes ones.
//!
//! This file owns the dispatch on `kind`, what one file's documents produce ([`Collected`]) and
//! the message helpers every kind shares; each kind and each part of a Pod spec has its own file.
//! Nothing here knows of the world: decoding only turns YAML into the model and diagnostics.

mod config;
mod container;
mod daemonset;
mod deployment;
mod env;
mod job;
mod meta;
mod pod;
mod ports;
mod probe;
mod resources;
mod service;
mod statefulset;
mod stored;

pub use container::default_pull_policy;
pub use service::resolve_named_target_ports;

use super::decode::{seq, shown_value, string, Ctx, Fields};
use super::schema;
use super::yaml::{Node, Scalar, Value};
use super::{shorten, LoadedObject};
use crate::input::definitions::decode::NotSimulated;
use config::{config_map, secret};
use deployment::deployment;
use meta::namespace;
use pod::pod;
use service::service;

/// Documented Kubernetes defaults, in one place.
pub mod defaults {
    pub const REPLICAS: u32 = 1;
    pub const MAX_SURGE_PERCENT: u32 = 25;
    pub const MAX_UNAVAILABLE_PERCENT: u32 = 25;
    pub const REVISION_HISTORY_LIMIT: u32 = 10;
    pub const PROGRESS_DEADLINE_SECONDS: u32 = 600;
    pub const MIN_READY_SECONDS: u32 = 0;
    pub const TERMINATION_GRACE_PERIOD_SECONDS: u64 = 30;
    pub const PROTOCOL: &str = "TCP";
    pub const SERVICE_TYPE: &str = "ClusterIP";
    pub const BACKOFF_LIMIT: u32 = 6;
    pub const SUCCESSFUL_JOBS_HISTORY_LIMIT: u32 = 3;
    pub const FAILED_JOBS_HISTORY_LIMIT: u32 = 1;
}

/// A Service port whose `targetPort` is a name, resolved once the whole file is read.
pub(super) struct NamedTargetPort {
    object_index: usize,
    port_index: usize,
    name: String,
    line: usize,
    column: usize,
    path: String,
}

/// What the documents of one file produced.
#[derive(Default)]
pub struct Collected {
    pub objects: Vec<LoadedObject>,
    named_target_ports: Vec<NamedTargetPort>,
}

/// Decodes one document (or the items of a `kind: List`) into `out`.
pub fn load_document(ctx: &mut Ctx, root: &Node, out: &mut Collected) {
    let Value::Map(_) = &root.value else {
        ctx.error(
            root,
            format!(
                "error validating data: the document must be an object with apiVersion and kind, \
                 found {} {}",
                root.type_name(),
                shown_value(root)
            ),
        );
        return;
    };
    let Some(mut f) = Fields::open(ctx, root, "") else {
        return;
    };
    let Some((version_node, kind_node)) = type_nodes(ctx, root, &mut f) else {
        return;
    };
    let api_version = string(ctx, version_node, "apiVersion");
    let kind = string(ctx, kind_node, "kind");
    let (Some(api_version), Some(kind)) = (api_version, kind) else {
        return; // type errors already reported
    };

    if kind == "List" && api_version == "v1" {
        if let Some(items) = f.get("items") {
            for item in seq(ctx, items, "items") {
                load_document(ctx, item, out);
            }
        }
        f.get("metadata");
        f.finish(ctx, schema::OBJECT_IGNORED);
        return;
    }

    if let Some((_, version)) = schema::KINDS_SIMULATED.iter().find(|(k, _)| *k == kind) {
        if api_version != *version {
            ctx.error(
                version_node,
                format!(
                    "no matches for kind \"{kind}\" in version \"{}\" (hint: use apiVersion: {version})",
                    shorten(&api_version)
                ),
            );
            return;
        }
        load_simulated(ctx, root, f, &kind, out);
        return;
    }

    if let Some((_, versions)) = schema::KINDS_NOT_SIMULATED.iter().find(|(k, _)| *k == kind) {
        if !versions.contains(&api_version.as_str()) {
            ctx.error(
                version_node,
                format!(
                    "no matches for kind \"{kind}\" in version \"{}\" (hint: use apiVersion: {})",
                    shorten(&api_version),
                    versions.join(" or ")
                ),
            );
            return;
        }
        if let Some(stored_kind) = crate::input::stored_kinds::by_kind(&kind) {
            load_stored(ctx, root, f, stored_kind, &api_version, kind_node, out);
            return;
        }
        let name = metadata_name(f.get("metadata")).unwrap_or_default();
        ctx.not_simulated(
            kind_node,
            NotSimulated::Object {
                kind: &kind,
                name: &name,
            },
        );
        return;
    }
    unknown_kind(ctx, kind_node, &kind, &api_version);
}

/// The `apiVersion` and `kind` nodes, both required (one error names what is missing).
fn type_nodes<'n>(ctx: &mut Ctx, root: &Node, f: &mut Fields<'n>) -> Option<(&'n Node, &'n Node)> {
    let version_node = f.get("apiVersion");
    let kind_node = f.get("kind");
    let mut missing = Vec::new();
    if version_node.is_none() {
        missing.push("apiVersion not set");
    }
    if kind_node.is_none() {
        missing.push("kind not set");
    }
    let (Some(version_node), Some(kind_node)) = (version_node, kind_node) else {
        ctx.error(
            root,
            format!(
                "error validating data: [{}] (hint: a Deployment starts with \
                 \"apiVersion: apps/v1\" and \"kind: Deployment\")",
                missing.join(", ")
            ),
        );
        return None;
    };
    Some((version_node, kind_node))
}

/// An object of a kind Sunaba simulates: decoded by its kind, kept in `out` only when it had
/// no error.
fn load_simulated(ctx: &mut Ctx, root: &Node, mut f: Fields, kind: &str, out: &mut Collected) {
    let errors_before = ctx.errors_total();
    let manifest = match kind {
        "Deployment" => deployment(ctx, &mut f),
        "Pod" => pod(ctx, &mut f),
        "Service" => service(ctx, &mut f, out),
        "ConfigMap" => config_map(ctx, &mut f),
        "Secret" => secret(ctx, &mut f),
        "Job" => job::job(ctx, &mut f),
        "CronJob" => job::cron_job(ctx, &mut f),
        "StatefulSet" => statefulset::statefulset(ctx, &mut f),
        "DaemonSet" => daemonset::daemonset(ctx, &mut f),
        _ => namespace(ctx, &mut f),
    };
    f.finish(ctx, schema::OBJECT_IGNORED);
    if let Some(manifest) = manifest.filter(|_| ctx.errors_total() == errors_before) {
        out.objects.push(LoadedObject {
            manifest,
            line: root.line,
            column: root.column,
        });
    } else {
        // Drop named-port bookkeeping of an object that was not kept.
        let kept = out.objects.len();
        out.named_target_ports.retain(|p| p.object_index < kept);
    }
}

/// An object of a kind Sunaba stores but does not run, kept when it had no error.
fn load_stored(
    ctx: &mut Ctx,
    root: &Node,
    mut f: Fields,
    kind: &'static crate::input::stored_kinds::StoredKind,
    api_version: &str,
    kind_node: &Node,
    out: &mut Collected,
) {
    let errors_before = ctx.errors_total();
    let manifest = stored::stored(ctx, &mut f, kind, api_version, kind_node);
    if let Some(manifest) = manifest.filter(|_| ctx.errors_total() == errors_before) {
        out.objects.push(LoadedObject {
            manifest,
            line: root.line,
            column: root.column,
        });
    }
}

/// `metadata.name` when it is a string (shortened for a message).
fn metadata_name(metadata: Option<&Node>) -> Option<String> {
    metadata.and_then(|m| match &m.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == "name"))
            .and_then(|(_, v)| match v.scalar() {
                Some(Scalar::Str(s)) => Some(shorten(s)),
                _ => None,
            }),
        _ => None,
    })
}

/// A kind Sunaba does not know at all: the error, with the closest known kind as a hint.
fn unknown_kind(ctx: &mut Ctx, kind_node: &Node, kind: &str, api_version: &str) {
    let all_kinds = schema::KINDS_SIMULATED
        .iter()
        .map(|(k, _)| *k)
        .chain(schema::KINDS_NOT_SIMULATED.iter().map(|(k, _)| *k));
    let hint = all_kinds
        .clone()
        .find(|k| super::decode::close_spelling(k, kind))
        .map(|k| format!(" (hint: did you mean \"{k}\"?)"))
        .unwrap_or_else(|| {
            " (hint: Sunaba simulates Deployment, StatefulSet, DaemonSet, Pod, Service, Namespace, ConfigMap, Secret, Job and CronJob)"
                .to_string()
        });
    ctx.error(
        kind_node,
        format!(
            "no matches for kind \"{}\" in version \"{}\"{hint}",
            shorten(kind),
            shorten(api_version)
        ),
    );
}

pub(super) fn required(ctx: &mut Ctx, at: &Node, path: &str, hint: &str) {
    ctx.error(at, format!("{path}: Required value{hint}"));
}

pub(super) fn invalid(ctx: &mut Ctx, at: &Node, path: &str, reason: &str) {
    ctx.error(
        at,
        format!("{path}: Invalid value: {}: {reason}", shown_value(at)),
    );
}

pub(super) fn unsupported(ctx: &mut Ctx, at: &Node, path: &str, supported: &[&str]) {
    let list = supported
        .iter()
        .map(|s| format!("\"{s}\""))
        .collect::<Vec<_>>()
        .join(", ");
    ctx.error(
        at,
        format!(
            "{path}: Unsupported value: {}: supported values: {list}",
            shown_value(at)
        ),
    );
}
