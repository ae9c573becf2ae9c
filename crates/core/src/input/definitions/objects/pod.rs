//! The Pod kind and the Pod spec shared with Deployment templates: containers, init
//! containers, restart policy, node selector, tolerations, grace period.

use std::collections::BTreeSet;

use super::container::{container, init_container};
use super::meta::{labels, metadata};
use super::{defaults, invalid, required, unsupported};
use crate::input::definitions::decode::{integer, seq, string, Ctx, Fields, INT64_MAX};
use crate::input::definitions::yaml::{Node, Value};
use crate::input::definitions::{schema, validate};
use crate::input::model::{
    Container, Labels, Manifest, PodSpec, RestartPolicy, TaintEffect, Toleration,
};

pub(super) fn pod(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
    let meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1123_subdomain),
    );
    let Some(spec_node) = f.get("spec") else {
        required(ctx, f.node, "spec.containers", "");
        return None;
    };
    let spec = pod_spec(ctx, spec_node, "spec", false)?;
    Some(Manifest::Pod { meta, spec })
}

/// A Pod's spec (also a Deployment template's, `in_deployment`): its containers, restart
/// policy, grace period, node selection and tolerations.
pub(super) fn pod_spec(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
    in_deployment: bool,
) -> Option<PodSpec> {
    let mut f = Fields::open(ctx, node, path)?;
    let (containers, init_count) = pod_containers(ctx, node, &mut f);

    let restart_policy = match f.get("restartPolicy") {
        None => RestartPolicy::Always,
        Some(n) => restart_policy(ctx, n, &f.path_of("restartPolicy"), in_deployment),
    };
    let termination_grace_period_seconds = match f.get("terminationGracePeriodSeconds") {
        None => defaults::TERMINATION_GRACE_PERIOD_SECONDS,
        Some(n) => grace_period(ctx, n, &f.path_of("terminationGracePeriodSeconds")),
    };
    let node_selector = match f.get("nodeSelector") {
        Some(n) => labels(ctx, n, &f.path_of("nodeSelector")),
        None => Labels::new(),
    };
    let node_name = match f.get("nodeName") {
        Some(n) => {
            let p = f.path_of("nodeName");
            let name = string(ctx, n, &p);
            if let Some(reason) = name.as_deref().and_then(validate::dns1123_subdomain) {
                invalid(ctx, n, &p, &reason);
            }
            name
        }
        None => None,
    };
    let tolerations = f
        .get("tolerations")
        .map(|n| tolerations(ctx, n, &f.path_of("tolerations")))
        .unwrap_or_default();
    let hostname = dns_label_field(ctx, &mut f, "hostname");
    let subdomain = dns_label_field(ctx, &mut f, "subdomain");
    f.finish(ctx, schema::POD_SPEC_IGNORED);
    Some(PodSpec {
        containers,
        init_count,
        restart_policy,
        termination_grace_period_seconds,
        node_selector,
        tolerations,
        node_name,
        hostname,
        subdomain,
        affinity_node: None,
    })
}

/// `hostname` / `subdomain`: a DNS label (RFC 1123) naming the pod in DNS.
fn dns_label_field(ctx: &mut Ctx, f: &mut Fields, key: &'static str) -> Option<String> {
    let n = f.get(key)?;
    let p = f.path_of(key);
    let value = string(ctx, n, &p)?;
    if let Some(reason) = validate::dns1123_label(&value) {
        invalid(ctx, n, &p, &reason);
        return None;
    }
    Some(value)
}

/// `initContainers` then `containers` (at least one), in the one list the model keeps (see
/// `PodSpec::containers`), and how many lead it as init containers.
fn pod_containers(ctx: &mut Ctx, node: &Node, f: &mut Fields) -> (Vec<Container>, usize) {
    let mut containers = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    // Init containers come first in the one list (see `PodSpec::containers`); their names
    // share the pod's namespace of container names, as the API server checks.
    if let Some(n) = f.get("initContainers") {
        let p = f.path_of("initContainers");
        for (i, item) in seq(ctx, n, &p).iter().enumerate() {
            if let Some(c) = init_container(ctx, item, &format!("{p}[{i}]"), &mut names) {
                containers.push(c);
            }
        }
    }
    let init_count = containers.len();
    match f.get("containers") {
        None => required(
            ctx,
            node,
            &f.path_of("containers"),
            " (hint: list at least one container with a name and an image)",
        ),
        Some(n) => {
            let p = f.path_of("containers");
            let items = seq(ctx, n, &p);
            if items.is_empty() && matches!(n.value, Value::Seq(_)) {
                required(ctx, n, &p, " (hint: list at least one container)");
            }
            for (i, item) in items.iter().enumerate() {
                if let Some(c) = container(ctx, item, &format!("{p}[{i}]"), &mut names) {
                    containers.push(c);
                }
            }
        }
    }
    (containers, init_count)
}

/// `restartPolicy`: Always, and in a bare Pod also OnFailure or Never; Always when refused.
fn restart_policy(ctx: &mut Ctx, n: &Node, p: &str, in_deployment: bool) -> RestartPolicy {
    match string(ctx, n, p).as_deref() {
        Some("Always") => RestartPolicy::Always,
        Some("OnFailure") if !in_deployment => RestartPolicy::OnFailure,
        Some("Never") if !in_deployment => RestartPolicy::Never,
        Some(_) if in_deployment => {
            unsupported(ctx, n, p, &["Always"]);
            RestartPolicy::Always
        }
        Some(_) => {
            unsupported(ctx, n, p, &["Always", "Never", "OnFailure"]);
            RestartPolicy::Always
        }
        None => RestartPolicy::Always,
    }
}

/// `terminationGracePeriodSeconds`: not negative; 0 when refused.
fn grace_period(ctx: &mut Ctx, n: &Node, p: &str) -> u64 {
    match integer(ctx, n, p, INT64_MAX) {
        Some(v) if v < 0 => {
            invalid(ctx, n, p, "must be greater than or equal to 0");
            0
        }
        Some(v) => u64::try_from(v).unwrap_or(0),
        None => 0,
    }
}

fn tolerations(ctx: &mut Ctx, node: &Node, path: &str) -> Vec<Toleration> {
    let mut out = Vec::new();
    for (i, item) in seq(ctx, node, path).iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let Some(mut f) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let key = f
            .get("key")
            .and_then(|k| string(ctx, k, &f.path_of("key")))
            .filter(|k| !k.is_empty());
        let exists = match f.get("operator") {
            None => false,
            Some(n) => match string(ctx, n, &f.path_of("operator")).as_deref() {
                Some("Exists") => true,
                Some("Equal") => false,
                Some(_) => {
                    unsupported(ctx, n, &f.path_of("operator"), &["Equal", "Exists"]);
                    false
                }
                None => false,
            },
        };
        let value = f
            .get("value")
            .and_then(|v| string(ctx, v, &f.path_of("value")))
            .unwrap_or_default();
        let effect = match f.get("effect") {
            None => None,
            Some(n) => match string(ctx, n, &f.path_of("effect")).as_deref() {
                Some("") | None => None,
                Some(e) => match TaintEffect::parse(e) {
                    Some(e) => Some(e),
                    None => {
                        unsupported(
                            ctx,
                            n,
                            &f.path_of("effect"),
                            &["NoExecute", "NoSchedule", "PreferNoSchedule"],
                        );
                        None
                    }
                },
            },
        };
        if let Some(n) = f.get("tolerationSeconds") {
            let _ = integer(ctx, n, &f.path_of("tolerationSeconds"), INT64_MAX);
        }
        f.finish(ctx, &[]);
        if exists && !value.is_empty() {
            ctx.error(item, format!("{ip}.operator: Invalid value: \"Exists\": value must be empty when `operator` is 'Exists'"));
            continue;
        }
        if key.is_none() && !exists {
            ctx.error(item, format!("{ip}.operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            continue;
        }
        out.push(Toleration {
            key,
            exists,
            value,
            effect,
        });
    }
    out
}
