//! One container of a Pod spec (app or init container, sidecars included): image,
//! pull policy, command, ports, env, resources, probes and lifecycle, each checked as the API
//! server checks them.

use std::collections::BTreeSet;

use super::env::{env_from, env_vars};
use super::ports::container_ports;
use super::probe::{lifecycle_pre_stop, probe};
use super::resources::resources;
use super::{invalid, required, unsupported};
use crate::input::definitions::decode::{string, string_list, Ctx, Fields};
use crate::input::definitions::yaml::{Node, Value};
use crate::input::definitions::{schema, shorten, validate};
use crate::input::model::{Container, EnvSources, ProbeKind, PullPolicy};

/// One `initContainers` entry: a container that runs to completion before the app starts, or,
/// with `restartPolicy: Always`, a sidecar. Probes are only allowed on sidecars; a regular
/// init container's `restartPolicy` may only be `Always` (the API server's rules and wording).
pub(super) fn init_container(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
    names: &mut BTreeSet<String>,
) -> Option<Container> {
    let mut sidecar = false;
    if let Value::Map(entries) = &node.value {
        for (k, v) in entries {
            if let Value::Scalar { text: key, .. } = &k.value {
                if key == "restartPolicy" {
                    let p = format!("{path}.restartPolicy");
                    match string(ctx, v, &p).as_deref() {
                        Some("Always") => sidecar = true,
                        Some(_) => unsupported(ctx, v, &p, &["Always"]),
                        None => {}
                    }
                }
            }
        }
    }
    let mut c = container_with(ctx, node, path, names, true)?;
    c.sidecar = sidecar;
    if !sidecar {
        for (probe, key) in [
            (&c.liveness_probe, "livenessProbe"),
            (&c.readiness_probe, "readinessProbe"),
            (&c.startup_probe, "startupProbe"),
        ] {
            if probe.is_some() {
                ctx.error(
                    node,
                    format!(
                        "{path}.{key}: Invalid value: must not be set for init containers                          (hint: add restartPolicy: Always to make it a sidecar)"
                    ),
                );
            }
        }
    }
    Some(c)
}

pub(super) fn container(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
    names: &mut BTreeSet<String>,
) -> Option<Container> {
    container_with(ctx, node, path, names, false)
}

fn container_with(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
    names: &mut BTreeSet<String>,
    init: bool,
) -> Option<Container> {
    let mut f = Fields::open(ctx, node, path)?;
    if init {
        // Read above (it decides sidecar or not); taking it here keeps `finish` quiet.
        let _ = f.get("restartPolicy");
    }
    let name = container_name(ctx, node, &mut f, names);
    let image = container_image(ctx, node, &mut f);
    let command = f
        .get("command")
        .map(|n| string_list(ctx, n, &format!("{path}.command")))
        .unwrap_or_default();
    let args = f
        .get("args")
        .map(|n| string_list(ctx, n, &format!("{path}.args")))
        .unwrap_or_default();
    let (env, key_refs) = f
        .get("env")
        .map(|n| env_vars(ctx, n, &format!("{path}.env")))
        .unwrap_or_default();
    let env_from = f
        .get("envFrom")
        .map(|n| env_from(ctx, n, &format!("{path}.envFrom")))
        .unwrap_or_default();
    let ports = f
        .get("ports")
        .map(|n| container_ports(ctx, n, &format!("{path}.ports")))
        .unwrap_or_default();
    let resources = f
        .get("resources")
        .and_then(|n| resources(ctx, n, &format!("{path}.resources")))
        .unwrap_or_default();
    let image_pull_policy = f
        .get("imagePullPolicy")
        .and_then(|n| pull_policy(ctx, n, &f.path_of("imagePullPolicy")));
    let mut probes = [None, None, None];
    for (slot, (key, kind)) in probes.iter_mut().zip([
        ("livenessProbe", ProbeKind::Liveness),
        ("readinessProbe", ProbeKind::Readiness),
        ("startupProbe", ProbeKind::Startup),
    ]) {
        if let Some(n) = f.get(key) {
            *slot = probe(ctx, n, &f.path_of(key), kind);
        }
    }
    let [liveness_probe, readiness_probe, startup_probe] = probes;
    let pre_stop = f
        .get("lifecycle")
        .and_then(|n| lifecycle_pre_stop(ctx, n, &f.path_of("lifecycle")));
    f.finish(ctx, schema::CONTAINER_IGNORED);
    let image = image?;
    let image_pull_policy = image_pull_policy.unwrap_or_else(|| default_pull_policy(&image));
    Some(Container {
        name: name?,
        image,
        command,
        args,
        env,
        env_sources: EnvSources {
            key_refs,
            env_from,
            resolved: None,
        },
        ports,
        resources,
        image_pull_policy,
        liveness_probe,
        readiness_probe,
        startup_probe,
        pre_stop,
        sidecar: false,
    })
}

/// The container's `name`: required, a DNS label, unique within the pod (`names`).
fn container_name(
    ctx: &mut Ctx,
    node: &Node,
    f: &mut Fields,
    names: &mut BTreeSet<String>,
) -> Option<String> {
    match f.get("name") {
        None => {
            required(ctx, node, &f.path_of("name"), "");
            None
        }
        Some(n) => {
            let p = f.path_of("name");
            let name = string(ctx, n, &p);
            if let Some(name) = &name {
                if let Some(reason) = validate::dns1123_label(name) {
                    invalid(ctx, n, &p, &reason);
                } else if !names.insert(name.clone()) {
                    ctx.error(
                        n,
                        format!(
                            "{p}: Duplicate value: \"{}\" (hint: container names must be unique \
                             within a pod)",
                            shorten(name)
                        ),
                    );
                }
            }
            name
        }
    }
}

/// The container's `image`: required, not empty, without surrounding whitespace.
fn container_image(ctx: &mut Ctx, node: &Node, f: &mut Fields) -> Option<String> {
    match f.get("image") {
        None => {
            required(
                ctx,
                node,
                &f.path_of("image"),
                " (hint: add an image such as nginx:1.14.2)",
            );
            None
        }
        Some(n) => {
            let p = f.path_of("image");
            let image = string(ctx, n, &p);
            if let Some(i) = &image {
                if i.trim() != i {
                    invalid(ctx, n, &p, "must not have leading or trailing whitespace");
                } else if i.is_empty() {
                    required(ctx, n, &p, "");
                }
            }
            image
        }
    }
}

/// `imagePullPolicy`: Always, IfNotPresent or Never.
fn pull_policy(ctx: &mut Ctx, n: &Node, p: &str) -> Option<PullPolicy> {
    match string(ctx, n, p).as_deref() {
        Some("Always") => Some(PullPolicy::Always),
        Some("IfNotPresent") => Some(PullPolicy::IfNotPresent),
        Some("Never") => Some(PullPolicy::Never),
        Some(_) => {
            unsupported(ctx, n, p, &["Always", "IfNotPresent", "Never"]);
            None
        }
        None => None,
    }
}

/// `Always` for `:latest` or no tag (and no digest), else `IfNotPresent`.
pub fn default_pull_policy(image: &str) -> PullPolicy {
    if image.contains('@') {
        return PullPolicy::IfNotPresent;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, "latest")) | None => PullPolicy::Always,
        Some(_) => PullPolicy::IfNotPresent,
    }
}
