//! Decoding, validation and defaulting of each simulated kind: Deployment, Pod, Service,
//! Namespace. Messages follow the API server (`PATH: Invalid value: V: reason`,
//! `Required value`, `Unsupported value`, `Duplicate value`, `Forbidden`), with a short hint
//! when the fix is not obvious. Defaults are the documented Kubernetes ones.

use std::collections::BTreeSet;

use super::decode::{
    integer, join, non_negative_i32, seq, shown_value, string, string_list, string_map, to_labels,
    Ctx, Fields, INT64_MAX,
};
use super::schema;
use super::validate;
use super::yaml::{Node, Scalar, Value};
use super::{shorten, LoadedObject};
use crate::input::model::{
    Container, ContainerPort, DeploymentSpec, DeploymentStrategy, EnvFromRef, EnvKeyRef,
    EnvSourceKind, EnvSources, EnvVar, IntOrPercent, LabelSelector, Labels, Manifest, ManifestMeta,
    PodSpec, PodTemplate, PortRef, PreStopHook, Probe, ProbeHandler, ProbeKind, PullPolicy,
    Quantity, ResourceList, ResourceRequirements, RestartPolicy, SelectorOp, SelectorRequirement,
    ServicePort, ServiceSpec, TaintEffect, Toleration,
};
use crate::input::quantity::{parse_cpu, parse_memory};

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
}

/// A Service port whose `targetPort` is a name, resolved once the whole file is read.
struct NamedTargetPort {
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
        let errors_before = ctx.errors_total();
        let manifest = match kind.as_str() {
            "Deployment" => deployment(ctx, &mut f),
            "Pod" => pod(ctx, &mut f),
            "Service" => service(ctx, &mut f, out),
            "ConfigMap" => config_map(ctx, &mut f),
            "Secret" => secret(ctx, &mut f),
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
        let name = f
            .get("metadata")
            .and_then(|m| match &m.value {
                Value::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == "name"))
                    .and_then(|(_, v)| match v.scalar() {
                        Some(Scalar::Str(s)) => Some(shorten(s)),
                        _ => None,
                    }),
                _ => None,
            })
            .unwrap_or_default();
        ctx.warn(
            kind_node,
            format!("{kind} \"{name}\" is accepted but not simulated by Sunaba"),
        );
        return;
    }

    let all_kinds = schema::KINDS_SIMULATED
        .iter()
        .map(|(k, _)| *k)
        .chain(schema::KINDS_NOT_SIMULATED.iter().map(|(k, _)| *k));
    let hint = all_kinds
        .clone()
        .find(|k| super::decode::close_spelling(k, &kind))
        .map(|k| format!(" (hint: did you mean \"{k}\"?)"))
        .unwrap_or_else(|| {
            " (hint: Sunaba simulates Deployment, Pod, Service, Namespace, ConfigMap and Secret)"
                .to_string()
        });
    ctx.error(
        kind_node,
        format!(
            "no matches for kind \"{}\" in version \"{}\"{hint}",
            shorten(&kind),
            shorten(&api_version)
        ),
    );
}

fn required(ctx: &mut Ctx, at: &Node, path: &str, hint: &str) {
    ctx.error(at, format!("{path}: Required value{hint}"));
}

fn invalid(ctx: &mut Ctx, at: &Node, path: &str, reason: &str) {
    ctx.error(
        at,
        format!("{path}: Invalid value: {}: {reason}", shown_value(at)),
    );
}

fn unsupported(ctx: &mut Ctx, at: &Node, path: &str, supported: &[&str]) {
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

/// `metadata` of an object. `name_rule` is the kind's name syntax; `None` for a template.
fn metadata(
    ctx: &mut Ctx,
    node: Option<&Node>,
    parent: &Node,
    path: &str,
    name_rule: Option<fn(&str) -> Option<String>>,
) -> ManifestMeta {
    let mut meta = ManifestMeta::default();
    let Some(node) = node else {
        if name_rule.is_some() {
            required(
                ctx,
                parent,
                &join(path, "name"),
                ": name or generateName is required",
            );
        }
        return meta;
    };
    let Some(mut f) = Fields::open(ctx, node, path) else {
        return meta;
    };
    match (f.get("name"), name_rule) {
        (Some(n), Some(rule)) => {
            let p = f.path_of("name");
            if let Some(name) = string(ctx, n, &p) {
                if let Some(reason) = rule(&name) {
                    invalid(ctx, n, &p, &reason);
                }
                meta.name = name;
            }
        }
        (None, Some(_)) => required(
            ctx,
            node,
            &f.path_of("name"),
            ": name or generateName is required",
        ),
        (Some(n), None) => {
            // A template's name is accepted and unused, like the API server does.
            let _ = string(ctx, n, &f.path_of("name"));
        }
        (None, None) => {}
    }
    if let Some(n) = f.get("namespace") {
        let p = f.path_of("namespace");
        if let Some(ns) = string(ctx, n, &p) {
            if let Some(reason) = validate::dns1123_label(&ns) {
                invalid(ctx, n, &p, &reason);
            }
            meta.namespace = Some(ns);
        }
    }
    if let Some(n) = f.get("labels") {
        meta.labels = labels(ctx, n, &f.path_of("labels"));
    }
    if let Some(n) = f.get("annotations") {
        let p = f.path_of("annotations");
        let entries = string_map(ctx, n, &p);
        for (k, knode, _, _) in &entries {
            if let Some(reason) = validate::qualified_name(k) {
                invalid(ctx, knode, &p, &reason);
            }
        }
        meta.annotations = to_labels(&entries);
    }
    f.finish(ctx, schema::METADATA_IGNORED);
    meta
}

/// A label map (labels, matchLabels, nodeSelector, Service selector), syntax-checked.
fn labels(ctx: &mut Ctx, node: &Node, path: &str) -> Labels {
    let entries = string_map(ctx, node, path);
    for (k, knode, v, vnode) in &entries {
        if let Some(reason) = validate::qualified_name(k) {
            invalid(ctx, knode, path, &reason);
        }
        if let Some(reason) = validate::label_value(v) {
            invalid(ctx, vnode, &join(path, k), &reason);
        }
    }
    to_labels(&entries)
}

fn go_map(labels: &Labels) -> String {
    let body = labels
        .iter()
        .map(|(k, v)| format!("\"{}\":\"{}\"", shorten(k), shorten(v)))
        .collect::<Vec<_>>()
        .join(", ");
    format!("map[string]string{{{body}}}")
}

fn deployment(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
    let meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1123_subdomain),
    );
    let Some(spec_node) = f.get("spec") else {
        required(
            ctx,
            f.node,
            "spec",
            " (hint: a Deployment needs spec.selector and spec.template)",
        );
        return None;
    };
    let mut s = Fields::open(ctx, spec_node, "spec")?;

    let replicas = match s.get("replicas") {
        Some(n) => non_negative_i32(ctx, n, "spec.replicas").unwrap_or(0),
        None => defaults::REPLICAS,
    };

    let selector = match s.get("selector") {
        Some(n) => label_selector(ctx, n, "spec.selector"),
        None => {
            required(
                ctx,
                spec_node,
                "spec.selector",
                " (hint: add spec.selector.matchLabels with the template's labels)",
            );
            None
        }
    };

    let template = match s.get("template") {
        Some(n) => pod_template(ctx, n, "spec.template"),
        None => {
            required(ctx, spec_node, "spec.template", "");
            None
        }
    };

    if let (Some(selector), Some((template, labels_node))) = (&selector, &template) {
        if !selector.is_empty() && !selector.matches(&template.labels) {
            ctx.error(
                labels_node,
                format!(
                    "spec.template.metadata.labels: Invalid value: {}: `selector` does not match \
                     template `labels` (hint: every label in spec.selector must also be in \
                     spec.template.metadata.labels)",
                    go_map(&template.labels)
                ),
            );
        }
    }

    let strategy = match s.get("strategy") {
        Some(n) => strategy(ctx, n, "spec.strategy"),
        None => Some(default_strategy()),
    };

    let min_ready_seconds = match s.get("minReadySeconds") {
        Some(n) => non_negative_i32(ctx, n, "spec.minReadySeconds").unwrap_or(0),
        None => defaults::MIN_READY_SECONDS,
    };
    let revision_history_limit = match s.get("revisionHistoryLimit") {
        Some(n) => non_negative_i32(ctx, n, "spec.revisionHistoryLimit").unwrap_or(0),
        None => defaults::REVISION_HISTORY_LIMIT,
    };
    let progress_deadline_seconds = match s.get("progressDeadlineSeconds") {
        Some(n) => {
            let v = non_negative_i32(ctx, n, "spec.progressDeadlineSeconds");
            if let Some(v) = v {
                if v <= min_ready_seconds {
                    ctx.error(
                        n,
                        format!(
                            "spec.progressDeadlineSeconds: Invalid value: {v}: must be greater \
                             than minReadySeconds"
                        ),
                    );
                }
            }
            v.unwrap_or(0)
        }
        None => defaults::PROGRESS_DEADLINE_SECONDS,
    };
    s.finish(ctx, schema::DEPLOYMENT_SPEC_IGNORED);

    let (template, _) = template?;
    Some(Manifest::Deployment {
        meta,
        spec: DeploymentSpec {
            replicas,
            selector: selector?,
            template,
            strategy: strategy?,
            min_ready_seconds,
            revision_history_limit,
            progress_deadline_seconds,
        },
    })
}

fn default_strategy() -> DeploymentStrategy {
    DeploymentStrategy::RollingUpdate {
        max_surge: IntOrPercent::Percent(defaults::MAX_SURGE_PERCENT),
        max_unavailable: IntOrPercent::Percent(defaults::MAX_UNAVAILABLE_PERCENT),
    }
}

fn label_selector(ctx: &mut Ctx, node: &Node, path: &str) -> Option<LabelSelector> {
    let mut f = Fields::open(ctx, node, path)?;
    let mut selector = LabelSelector::default();
    if let Some(n) = f.get("matchLabels") {
        selector.match_labels = labels(ctx, n, &f.path_of("matchLabels"));
    }
    let mut expressions_written = 0;
    if let Some(n) = f.get("matchExpressions") {
        let p = f.path_of("matchExpressions");
        let items = seq(ctx, n, &p);
        expressions_written = items.len();
        for (i, item) in items.iter().enumerate() {
            let ip = format!("{p}[{i}]");
            if let Some(r) = selector_requirement(ctx, item, &ip) {
                selector.match_expressions.push(r);
            }
        }
    }
    f.finish(ctx, &[]);
    if selector.match_labels.is_empty() && expressions_written == 0 {
        ctx.error(
            node,
            format!(
                "{path}: Invalid value: \"{{}}\": empty selector is invalid for deployment \
                 (hint: add matchLabels such as app: web)"
            ),
        );
    }
    Some(selector)
}

fn selector_requirement(ctx: &mut Ctx, node: &Node, path: &str) -> Option<SelectorRequirement> {
    let mut f = Fields::open(ctx, node, path)?;
    let key = match f.get("key") {
        Some(n) => {
            let k = string(ctx, n, &f.path_of("key"))?;
            if let Some(reason) = validate::qualified_name(&k) {
                invalid(ctx, n, &f.path_of("key"), &reason);
            }
            Some(k)
        }
        None => {
            required(ctx, node, &f.path_of("key"), "");
            None
        }
    };
    let operator = match f.get("operator") {
        Some(n) => match string(ctx, n, &f.path_of("operator")).as_deref() {
            Some("In") => Some(SelectorOp::In),
            Some("NotIn") => Some(SelectorOp::NotIn),
            Some("Exists") => Some(SelectorOp::Exists),
            Some("DoesNotExist") => Some(SelectorOp::DoesNotExist),
            Some(_) => {
                unsupported(
                    ctx,
                    n,
                    &f.path_of("operator"),
                    &["DoesNotExist", "Exists", "In", "NotIn"],
                );
                None
            }
            None => None,
        },
        None => {
            required(ctx, node, &f.path_of("operator"), "");
            None
        }
    };
    let values_node = f.get("values");
    let values = values_node
        .map(|n| string_list(ctx, n, &f.path_of("values")))
        .unwrap_or_default();
    match operator {
        Some(SelectorOp::In | SelectorOp::NotIn) if values.is_empty() => required(
            ctx,
            values_node.unwrap_or(node),
            &f.path_of("values"),
            ": must be specified when `operator` is 'In' or 'NotIn'",
        ),
        Some(SelectorOp::Exists | SelectorOp::DoesNotExist) if !values.is_empty() => ctx.error(
            values_node.unwrap_or(node),
            format!(
                "{}: Forbidden: may not be specified when `operator` is 'Exists' or \
                     'DoesNotExist'",
                f.path_of("values")
            ),
        ),
        _ => {}
    }
    for (i, v) in values.iter().enumerate() {
        if let Some(reason) = validate::label_value(v) {
            if let Some(Value::Seq(items)) = values_node.map(|n| &n.value) {
                invalid(
                    ctx,
                    &items[i],
                    &format!("{}[{i}]", f.path_of("values")),
                    &reason,
                );
            }
        }
    }
    f.finish(ctx, &[]);
    Some(SelectorRequirement {
        key: key?,
        operator: operator?,
        values,
    })
}

/// Returns the template and the node to blame for a selector mismatch.
fn pod_template<'n>(ctx: &mut Ctx, node: &'n Node, path: &str) -> Option<(PodTemplate, &'n Node)> {
    let mut f = Fields::open(ctx, node, path)?;
    let meta_node = f.get("metadata");
    let meta = metadata(ctx, meta_node, node, &f.path_of("metadata"), None);
    let labels_node = meta_node
        .and_then(|m| match &m.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == "labels"))
                .map(|(_, v)| &**v),
            _ => None,
        })
        .unwrap_or(meta_node.unwrap_or(node));
    let spec = match f.get("spec") {
        Some(n) => pod_spec(ctx, n, &f.path_of("spec"), true),
        None => {
            required(ctx, node, &format!("{path}.spec.containers"), "");
            None
        }
    };
    f.finish(ctx, &[]);
    Some((
        PodTemplate {
            labels: meta.labels,
            annotations: meta.annotations,
            spec: spec?,
        },
        labels_node,
    ))
}

fn strategy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<DeploymentStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_node = f.get("type");
    let kind = match type_node {
        Some(n) => string(ctx, n, &f.path_of("type"))?,
        None => "RollingUpdate".to_string(),
    };
    let rolling = f.get("rollingUpdate");
    let result = match kind.as_str() {
        "Recreate" => {
            if let Some(r) = rolling {
                ctx.error(
                    r,
                    format!(
                        "{}: Forbidden: may not be specified when strategy `type` is 'Recreate'",
                        f.path_of("rollingUpdate")
                    ),
                );
            }
            Some(DeploymentStrategy::Recreate)
        }
        "RollingUpdate" => match rolling {
            None => Some(default_strategy()),
            Some(r) => rolling_update(ctx, r, &f.path_of("rollingUpdate")),
        },
        _ => {
            unsupported(
                ctx,
                type_node.unwrap_or(node),
                &f.path_of("type"),
                &["Recreate", "RollingUpdate"],
            );
            None
        }
    };
    f.finish(ctx, &[]);
    result
}

fn rolling_update(ctx: &mut Ctx, node: &Node, path: &str) -> Option<DeploymentStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let surge_node = f.get("maxSurge");
    let unavailable_node = f.get("maxUnavailable");
    let max_surge = match surge_node {
        Some(n) => int_or_percent(ctx, n, &f.path_of("maxSurge"), false)?,
        None => IntOrPercent::Percent(defaults::MAX_SURGE_PERCENT),
    };
    let max_unavailable = match unavailable_node {
        Some(n) => int_or_percent(ctx, n, &f.path_of("maxUnavailable"), true)?,
        None => IntOrPercent::Percent(defaults::MAX_UNAVAILABLE_PERCENT),
    };
    let is_zero = |v: IntOrPercent| matches!(v, IntOrPercent::Int(0) | IntOrPercent::Percent(0));
    if is_zero(max_surge) && is_zero(max_unavailable) {
        let at = unavailable_node.or(surge_node).unwrap_or(node);
        ctx.error(
            at,
            format!(
                "{}: Invalid value: {max_unavailable}: may not be 0 when `maxSurge` is 0 \
                 (hint: allow at least one extra or one missing pod during a rollout)",
                f.path_of("maxUnavailable")
            ),
        );
    }
    f.finish(ctx, &[]);
    Some(DeploymentStrategy::RollingUpdate {
        max_surge,
        max_unavailable,
    })
}

fn int_or_percent(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
    at_most_100: bool,
) -> Option<IntOrPercent> {
    let value = match node.scalar() {
        Some(Scalar::Int(_)) => IntOrPercent::Int(non_negative_i32(ctx, node, path)?),
        Some(Scalar::Str(s)) => {
            let digits = s
                .strip_suffix('%')
                .filter(|d| !d.is_empty() && d.len() <= 9 && d.bytes().all(|b| b.is_ascii_digit()));
            match digits.and_then(|d| d.parse::<u32>().ok()) {
                Some(p) => IntOrPercent::Percent(p),
                None => {
                    invalid(
                        ctx,
                        node,
                        path,
                        "a valid percent string must be a numeric string followed by an ending \
                         '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                    );
                    return None;
                }
            }
        }
        _ => {
            ctx.type_error(node, path, "integer or string");
            return None;
        }
    };
    if at_most_100 {
        if let IntOrPercent::Percent(p) = value {
            if p > 100 {
                invalid(ctx, node, path, "must not be greater than 100%");
                return None;
            }
        }
    }
    Some(value)
}

fn pod(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
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

fn pod_spec(ctx: &mut Ctx, node: &Node, path: &str, in_deployment: bool) -> Option<PodSpec> {
    let mut f = Fields::open(ctx, node, path)?;
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

    let restart_policy = match f.get("restartPolicy") {
        None => RestartPolicy::Always,
        Some(n) => {
            let p = f.path_of("restartPolicy");
            match string(ctx, n, &p).as_deref() {
                Some("Always") => RestartPolicy::Always,
                Some("OnFailure") if !in_deployment => RestartPolicy::OnFailure,
                Some("Never") if !in_deployment => RestartPolicy::Never,
                Some(_) if in_deployment => {
                    unsupported(ctx, n, &p, &["Always"]);
                    RestartPolicy::Always
                }
                Some(_) => {
                    unsupported(ctx, n, &p, &["Always", "Never", "OnFailure"]);
                    RestartPolicy::Always
                }
                None => RestartPolicy::Always,
            }
        }
    };
    let termination_grace_period_seconds = match f.get("terminationGracePeriodSeconds") {
        None => defaults::TERMINATION_GRACE_PERIOD_SECONDS,
        Some(n) => {
            let p = f.path_of("terminationGracePeriodSeconds");
            match integer(ctx, n, &p, INT64_MAX) {
                Some(v) if v < 0 => {
                    invalid(ctx, n, &p, "must be greater than or equal to 0");
                    0
                }
                Some(v) => u64::try_from(v).unwrap_or(0),
                None => 0,
            }
        }
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
    f.finish(ctx, schema::POD_SPEC_IGNORED);
    Some(PodSpec {
        containers,
        init_count,
        restart_policy,
        termination_grace_period_seconds,
        node_selector,
        tolerations,
        node_name,
    })
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

/// One `initContainers` entry: a container that runs to completion before the app starts, or,
/// with `restartPolicy: Always`, a sidecar. Probes are only allowed on sidecars; a regular
/// init container's `restartPolicy` may only be `Always` (the API server's rules and wording).
fn init_container(
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

fn container(
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
    let name = match f.get("name") {
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
    };
    let image = match f.get("image") {
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
    };
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
    let image_pull_policy = match f.get("imagePullPolicy") {
        Some(n) => {
            let p = f.path_of("imagePullPolicy");
            match string(ctx, n, &p).as_deref() {
                Some("Always") => Some(PullPolicy::Always),
                Some("IfNotPresent") => Some(PullPolicy::IfNotPresent),
                Some("Never") => Some(PullPolicy::Never),
                Some(_) => {
                    unsupported(ctx, n, &p, &["Always", "IfNotPresent", "Never"]);
                    None
                }
                None => None,
            }
        }
        None => None,
    };
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

/// `lifecycle.preStop`: exactly one of exec, httpGet, sleep.
fn lifecycle_pre_stop(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PreStopHook> {
    let mut f = Fields::open(ctx, node, path)?;
    let pre = f.get("preStop");
    let pre_path = f.path_of("preStop");
    f.finish(ctx, schema::LIFECYCLE_IGNORED);
    let pre = pre?;
    let mut h = Fields::open(ctx, pre, &pre_path)?;
    let mut hooks = Vec::new();
    if let Some(n) = h.get("exec") {
        // An empty command was reported by `exec_command`; the handler was still given.
        let command = exec_command(ctx, n, &h.path_of("exec")).unwrap_or_default();
        hooks.push(PreStopHook::Exec { command });
    }
    if let Some(n) = h.get("httpGet") {
        let hp = h.path_of("httpGet");
        if let Some(mut g) = Fields::open(ctx, n, &hp) {
            let p = g
                .get("path")
                .and_then(|p| string(ctx, p, &g.path_of("path")))
                .unwrap_or_else(|| "/".into());
            let port = handler_port(ctx, &mut g, n);
            g.finish(ctx, &["host", "httpHeaders", "scheme"]);
            if let Some(port) = port {
                hooks.push(PreStopHook::HttpGet { path: p, port });
            }
        }
    }
    if let Some(n) = h.get("sleep") {
        let sp = h.path_of("sleep");
        if let Some(mut s) = Fields::open(ctx, n, &sp) {
            let seconds = match s.get("seconds") {
                Some(v) => non_negative_i32(ctx, v, &s.path_of("seconds")),
                None => {
                    required(ctx, n, &s.path_of("seconds"), "");
                    None
                }
            };
            s.finish(ctx, &[]);
            if let Some(seconds) = seconds {
                hooks.push(PreStopHook::Sleep { seconds });
            }
        }
    }
    h.finish(ctx, &["tcpSocket"]);
    if hooks.len() > 1 {
        ctx.error(
            pre,
            format!("{pre_path}: Forbidden: may not specify more than 1 handler type"),
        );
        return None;
    }
    if hooks.is_empty() {
        ctx.error(pre, format!("{pre_path}: Required value: must specify a handler type (hint: exec, httpGet or sleep)"));
    }
    hooks.pop()
}

/// A probe with the documented defaults, validated like the API server does.
fn probe(ctx: &mut Ctx, node: &Node, path: &str, kind: ProbeKind) -> Option<Probe> {
    let mut f = Fields::open(ctx, node, path)?;
    let mut handlers: Vec<ProbeHandler> = Vec::new();
    let mut handler_count = 0;
    if let Some(n) = f.get("httpGet") {
        handler_count += 1;
        let hp = f.path_of("httpGet");
        if let Some(mut h) = Fields::open(ctx, n, &hp) {
            let path_value = h
                .get("path")
                .and_then(|p| string(ctx, p, &h.path_of("path")));
            let port = handler_port(ctx, &mut h, n);
            let scheme = match h.get("scheme") {
                Some(sn) => match string(ctx, sn, &h.path_of("scheme")).as_deref() {
                    Some(s @ ("HTTP" | "HTTPS")) => s.to_string(),
                    Some(_) => {
                        unsupported(ctx, sn, &h.path_of("scheme"), &["HTTP", "HTTPS"]);
                        "HTTP".into()
                    }
                    None => "HTTP".into(),
                },
                None => "HTTP".into(),
            };
            h.finish(ctx, schema::HTTP_GET_IGNORED);
            if let Some(port) = port {
                let path_value = path_value.unwrap_or_else(|| "/".into());
                handlers.push(ProbeHandler::HttpGet {
                    path: path_value,
                    port,
                    scheme,
                });
            }
        }
    }
    if let Some(n) = f.get("tcpSocket") {
        handler_count += 1;
        let tp = f.path_of("tcpSocket");
        if let Some(mut t) = Fields::open(ctx, n, &tp) {
            let port = handler_port(ctx, &mut t, n);
            t.finish(ctx, &["host"]);
            if let Some(port) = port {
                handlers.push(ProbeHandler::TcpSocket { port });
            }
        }
    }
    if let Some(n) = f.get("exec") {
        handler_count += 1;
        if let Some(command) = exec_command(ctx, n, &f.path_of("exec")) {
            handlers.push(ProbeHandler::Exec { command });
        }
    }
    if let Some(n) = f.get("grpc") {
        handler_count += 1;
        let gp = f.path_of("grpc");
        if let Some(mut g) = Fields::open(ctx, n, &gp) {
            let port = match g.get("port") {
                Some(p) => port_number(ctx, p, &g.path_of("port")),
                None => {
                    required(ctx, n, &g.path_of("port"), "");
                    None
                }
            };
            g.finish(ctx, &["service"]);
            if let Some(port) = port {
                handlers.push(ProbeHandler::Grpc { port });
            }
        }
    }
    let seconds =
        |ctx: &mut Ctx, f: &mut Fields, key: &'static str, default: u32, min: u32| -> u32 {
            match f.get(key) {
                None => default,
                Some(n) => {
                    let p = f.path_of(key);
                    match non_negative_i32(ctx, n, &p) {
                        Some(v) if v < min => {
                            ctx.error(
                                n,
                                format!(
                                "{p}: Invalid value: {v}: must be greater than or equal to {min}"
                            ),
                            );
                            default
                        }
                        Some(v) => v,
                        None => default,
                    }
                }
            }
        };
    let initial_delay_seconds = seconds(ctx, &mut f, "initialDelaySeconds", 0, 0);
    let period_seconds = seconds(ctx, &mut f, "periodSeconds", 10, 1);
    let timeout_seconds = seconds(ctx, &mut f, "timeoutSeconds", 1, 1);
    let success_node = f.get("successThreshold");
    let success_threshold = match success_node {
        None => 1,
        Some(n) => {
            let p = f.path_of("successThreshold");
            match non_negative_i32(ctx, n, &p) {
                Some(v) if kind != ProbeKind::Readiness && v != 1 => {
                    ctx.error(n, format!("{p}: Invalid value: {v}: must be 1"));
                    1
                }
                Some(0) => {
                    ctx.error(
                        n,
                        format!("{p}: Invalid value: 0: must be greater than or equal to 1"),
                    );
                    1
                }
                Some(v) => v,
                None => 1,
            }
        }
    };
    let failure_threshold = seconds(ctx, &mut f, "failureThreshold", 3, 1);
    f.finish(ctx, schema::PROBE_IGNORED);
    if handler_count == 0 {
        ctx.error(node, format!("{path}: Required value: must specify a handler type (hint: add httpGet, tcpSocket, exec or grpc)"));
        return None;
    }
    if handler_count > 1 {
        ctx.error(
            node,
            format!("{path}: Forbidden: may not specify more than 1 handler type"),
        );
        return None;
    }
    Some(Probe {
        handler: handlers.pop()?,
        initial_delay_seconds,
        period_seconds,
        timeout_seconds,
        success_threshold,
        failure_threshold,
    })
}

/// The required `port` of a handler (`httpGet`, `tcpSocket`): a number or a named container port.
fn handler_port(ctx: &mut Ctx, f: &mut Fields, at: &Node) -> Option<PortRef> {
    match f.get("port") {
        Some(p) => port_ref(ctx, p, &f.path_of("port")),
        None => {
            required(ctx, at, &f.path_of("port"), "");
            None
        }
    }
}

/// `exec: {command: [...]}` of a probe or hook; the command is required.
fn exec_command(ctx: &mut Ctx, node: &Node, path: &str) -> Option<Vec<String>> {
    let mut e = Fields::open(ctx, node, path)?;
    let command = e
        .get("command")
        .map(|c| string_list(ctx, c, &e.path_of("command")))
        .unwrap_or_default();
    e.finish(ctx, &[]);
    if command.is_empty() {
        required(ctx, node, &format!("{path}.command"), "");
        return None;
    }
    Some(command)
}

/// An int-or-string port: a number 1–65535 or an IANA service name of a container port.
fn port_ref(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PortRef> {
    match node.scalar() {
        Some(Scalar::Str(s)) => {
            if s.is_empty()
                || s.len() > 15
                || !s
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                invalid(ctx, node, path, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-), at most 15 characters");
                None
            } else {
                Some(PortRef::Name(s.to_string()))
            }
        }
        _ => port_number(ctx, node, path).map(PortRef::Number),
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

fn env_vars(ctx: &mut Ctx, node: &Node, path: &str) -> (Vec<EnvVar>, Vec<EnvKeyRef>) {
    let mut out = Vec::new();
    let mut refs = Vec::new();
    for (i, item) in seq(ctx, node, path).iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let Some(mut f) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let name = match f.get("name") {
            None => {
                required(ctx, item, &f.path_of("name"), "");
                None
            }
            Some(n) => {
                let p = f.path_of("name");
                let name = string(ctx, n, &p);
                if let Some(reason) = name.as_deref().and_then(validate::env_var_name) {
                    invalid(ctx, n, &p, &reason);
                }
                name
            }
        };
        let value_node = f.get("value");
        let value = value_node
            .and_then(|n| string(ctx, n, &format!("{ip}.value")))
            .unwrap_or_default();
        let key_ref = match f.get("valueFrom") {
            Some(n) => {
                let p = f.path_of("valueFrom");
                if !value.is_empty() {
                    ctx.error(
                        n,
                        format!(
                            "{p}: Invalid value: \"\": may not be specified when `value` is not empty"
                        ),
                    );
                }
                value_from(ctx, n, &p)
            }
            None => None,
        };
        f.finish(ctx, schema::ENV_VAR_IGNORED);
        if let Some(name) = name {
            if let Some((kind, obj, key, optional)) = key_ref {
                refs.push(EnvKeyRef {
                    index: out.len(),
                    kind,
                    name: obj,
                    key,
                    optional,
                });
            }
            out.push(EnvVar { name, value });
        }
    }
    (out, refs)
}

/// `valueFrom`: exactly one source. ConfigMap and Secret keys are simulated; `fieldRef` and
/// `resourceFieldRef` are accepted with a warning and leave the value empty.
fn value_from(
    ctx: &mut Ctx,
    node: &Node,
    path: &str,
) -> Option<(EnvSourceKind, String, String, bool)> {
    let mut f = Fields::open(ctx, node, path)?;
    let cm = f.get("configMapKeyRef");
    let sec = f.get("secretKeyRef");
    let mut ignored = 0;
    for key in schema::VALUE_FROM_IGNORED {
        if let Some(n) = f.get(key) {
            ignored += 1;
            ctx.warn(
                n,
                format!(
                    "{}: field is accepted but not simulated by Sunaba (ignored)",
                    join(path, key)
                ),
            );
        }
    }
    f.finish(ctx, &[]);
    let given = usize::from(cm.is_some()) + usize::from(sec.is_some()) + ignored;
    if given == 0 {
        ctx.error(
            node,
            format!("{path}: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
        );
        return None;
    }
    if given > 1 {
        ctx.error(
            node,
            format!(
                "{path}: Invalid value: \"\": may not have more than one field specified at a time"
            ),
        );
        return None;
    }
    let (kind, n, field) = match (cm, sec) {
        (Some(n), _) => (EnvSourceKind::ConfigMap, n, "configMapKeyRef"),
        (_, Some(n)) => (EnvSourceKind::Secret, n, "secretKeyRef"),
        _ => return None,
    };
    let p = join(path, field);
    let mut r = Fields::open(ctx, n, &p)?;
    let name = object_ref_name(ctx, &mut r, n);
    let key = match r.get("key") {
        None => {
            required(ctx, n, &r.path_of("key"), "");
            None
        }
        Some(k) => {
            let kp = r.path_of("key");
            let key = string(ctx, k, &kp);
            if let Some(reason) = key.as_deref().and_then(validate::config_key) {
                invalid(ctx, k, &kp, &reason);
            }
            key
        }
    };
    let optional = optional_flag(ctx, &mut r);
    r.finish(ctx, &[]);
    Some((kind, name?, key?, optional))
}

fn object_ref_name(ctx: &mut Ctx, r: &mut Fields, at: &Node) -> Option<String> {
    match r.get("name") {
        None => {
            required(ctx, at, &r.path_of("name"), "");
            None
        }
        Some(k) => {
            let p = r.path_of("name");
            let name = string(ctx, k, &p)?;
            if let Some(reason) = validate::dns1123_subdomain(&name) {
                invalid(ctx, k, &p, &reason);
            }
            Some(name)
        }
    }
}

fn optional_flag(ctx: &mut Ctx, r: &mut Fields) -> bool {
    match r.get("optional") {
        None => false,
        Some(n) => match n.scalar() {
            Some(Scalar::Bool(b)) => b,
            _ => {
                ctx.type_error(n, &r.path_of("optional"), "boolean");
                false
            }
        },
    }
}

/// `envFrom`: each entry names one ConfigMap or Secret, with an optional prefix.
fn env_from(ctx: &mut Ctx, node: &Node, path: &str) -> Vec<EnvFromRef> {
    let mut out = Vec::new();
    for (i, item) in seq(ctx, node, path).iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let Some(mut f) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let prefix = match f.get("prefix") {
            Some(n) => {
                let p = f.path_of("prefix");
                let prefix = string(ctx, n, &p).unwrap_or_default();
                if !prefix.is_empty() {
                    if let Some(reason) = validate::env_var_name(&prefix) {
                        invalid(ctx, n, &p, &reason);
                    }
                }
                prefix
            }
            None => String::new(),
        };
        let cm = f.get("configMapRef");
        let sec = f.get("secretRef");
        f.finish(ctx, &[]);
        let (kind, n, field) = match (cm, sec) {
            (Some(_), Some(_)) => {
                ctx.error(
                    item,
                    format!("{ip}: Invalid value: \"\": may not have more than one field specified at a time"),
                );
                continue;
            }
            (Some(n), None) => (EnvSourceKind::ConfigMap, n, "configMapRef"),
            (None, Some(n)) => (EnvSourceKind::Secret, n, "secretRef"),
            (None, None) => {
                ctx.error(
                    item,
                    format!("{ip}: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`"),
                );
                continue;
            }
        };
        let Some(mut r) = Fields::open(ctx, n, &join(&ip, field)) else {
            continue;
        };
        let name = object_ref_name(ctx, &mut r, n);
        let optional = optional_flag(ctx, &mut r);
        r.finish(ctx, &[]);
        if let Some(name) = name {
            out.push(EnvFromRef {
                kind,
                name,
                prefix,
                optional,
            });
        }
    }
    out
}

/// `data` of a ConfigMap or Secret: string values under valid config keys.
fn config_data<'n>(
    ctx: &mut Ctx,
    node: &'n Node,
    path: &str,
) -> Vec<(String, &'n Node, String, &'n Node)> {
    let entries = string_map(ctx, node, path);
    for (k, knode, _, _) in &entries {
        if let Some(reason) = validate::config_key(k) {
            invalid(ctx, knode, path, &reason);
        }
    }
    entries
}

fn config_map(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
    let meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1123_subdomain),
    );
    let mut data = std::collections::BTreeMap::new();
    if let Some(n) = f.get("data") {
        for (k, _, v, _) in config_data(ctx, n, "data") {
            data.insert(k, v);
        }
    }
    warn_ignored(ctx, f, schema::CONFIGMAP_IGNORED);
    Some(Manifest::ConfigMap { meta, data })
}

fn warn_ignored(ctx: &mut Ctx, f: &mut Fields, keys: &'static [&'static str]) {
    for key in keys {
        if let Some(n) = f.get(key) {
            ctx.warn(
                n,
                format!("{key}: field is accepted but not simulated by Sunaba (ignored)"),
            );
        }
    }
}

fn secret(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
    let meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1123_subdomain),
    );
    let type_ = f
        .get("type")
        .and_then(|n| string(ctx, n, "type"))
        .unwrap_or_else(|| "Opaque".to_string());
    let mut data = std::collections::BTreeMap::new();
    if let Some(n) = f.get("data") {
        for (k, _, v, vnode) in config_data(ctx, n, "data") {
            match crate::base::base64::decode(&v) {
                Ok(bytes) => {
                    data.insert(k, bytes);
                }
                Err(e) => ctx.error(
                    vnode,
                    format!(
                        "{}: Invalid value: \"<secret>\": {e} (hint: data values are base64; write plain text under stringData)",
                        join("data", &k)
                    ),
                ),
            }
        }
    }
    if let Some(n) = f.get("stringData") {
        for (k, _, v, _) in config_data(ctx, n, "stringData") {
            data.insert(k, v.into_bytes());
        }
    }
    warn_ignored(ctx, f, schema::SECRET_IGNORED);
    Some(Manifest::Secret { meta, type_, data })
}

/// A port number field: an integer in 1..=65535.
fn port_number(ctx: &mut Ctx, node: &Node, path: &str) -> Option<u16> {
    let v = integer(ctx, node, path, INT64_MAX)?;
    match u16::try_from(v) {
        Ok(p) if p >= 1 => Some(p),
        _ => {
            ctx.error(
                node,
                format!("{path}: Invalid value: {v}: must be between 1 and 65535, inclusive"),
            );
            None
        }
    }
}

fn protocol(ctx: &mut Ctx, f: &mut Fields) -> String {
    match f.get("protocol") {
        None => defaults::PROTOCOL.to_string(),
        Some(n) => {
            let p = f.path_of("protocol");
            match string(ctx, n, &p) {
                Some(s) if ["TCP", "UDP", "SCTP"].contains(&s.as_str()) => s,
                Some(_) => {
                    unsupported(ctx, n, &p, &["SCTP", "TCP", "UDP"]);
                    defaults::PROTOCOL.to_string()
                }
                None => defaults::PROTOCOL.to_string(),
            }
        }
    }
}

fn port_name(ctx: &mut Ctx, f: &mut Fields, names: &mut BTreeSet<String>) -> Option<String> {
    let n = f.get("name")?;
    let p = f.path_of("name");
    let name = string(ctx, n, &p)?;
    if let Some(reason) = validate::port_name(&name) {
        invalid(ctx, n, &p, &reason);
    } else if !names.insert(name.clone()) {
        ctx.error(n, format!("{p}: Duplicate value: \"{}\"", shorten(&name)));
    }
    Some(name)
}

fn container_ports(ctx: &mut Ctx, node: &Node, path: &str) -> Vec<ContainerPort> {
    let mut out = Vec::new();
    let mut names = BTreeSet::new();
    for (i, item) in seq(ctx, node, path).iter().enumerate() {
        let ip = format!("{path}[{i}]");
        let Some(mut f) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let container_port = match f.get("containerPort") {
            None => {
                required(ctx, item, &f.path_of("containerPort"), "");
                None
            }
            Some(n) => port_number(ctx, n, &f.path_of("containerPort")),
        };
        let name = port_name(ctx, &mut f, &mut names);
        let protocol = protocol(ctx, &mut f);
        f.finish(ctx, schema::CONTAINER_PORT_IGNORED);
        if let Some(container_port) = container_port {
            out.push(ContainerPort {
                name,
                container_port,
                protocol,
            });
        }
    }
    out
}

fn resources(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ResourceRequirements> {
    let mut f = Fields::open(ctx, node, path)?;
    let requests_node = f.get("requests");
    let (mut requests, request_nodes) = requests_node
        .map(|n| resource_list(ctx, n, &f.path_of("requests")))
        .unwrap_or_default();
    let (limits, _) = f
        .get("limits")
        .map(|n| resource_list(ctx, n, &f.path_of("limits")))
        .unwrap_or_default();
    f.finish(ctx, schema::RESOURCES_IGNORED);

    // Defaulting: a limit without a request makes the request equal to the limit.
    if requests.cpu.is_none() {
        requests.cpu = limits.cpu.clone();
    }
    if requests.memory.is_none() {
        requests.memory = limits.memory.clone();
    }
    let pairs = [
        ("cpu", &requests.cpu, &limits.cpu, request_nodes.0),
        ("memory", &requests.memory, &limits.memory, request_nodes.1),
    ];
    for (resource, request, limit, request_node) in pairs {
        if let (Some(r), Some(l), Some(at)) = (request, limit, request_node) {
            if r.value > l.value {
                ctx.error(
                    at,
                    format!(
                        "{path}.requests: Invalid value: \"{}\": must be less than or equal to \
                         {resource} limit of {} (hint: raise the limit or lower the request)",
                        shorten(&r.text),
                        shorten(&l.text)
                    ),
                );
            }
        }
    }
    Some(ResourceRequirements { requests, limits })
}

type ResourceNodes<'n> = (Option<&'n Node>, Option<&'n Node>);

fn resource_list<'n>(
    ctx: &mut Ctx,
    node: &'n Node,
    path: &str,
) -> (ResourceList, ResourceNodes<'n>) {
    let mut list = ResourceList::default();
    let mut nodes: ResourceNodes = (None, None);
    let Value::Map(entries) = &node.value else {
        ctx.type_error(node, path, "object");
        return (list, nodes);
    };
    for (k, v) in entries {
        let Value::Scalar { text: key, .. } = &k.value else {
            ctx.error(k, format!("{path}: keys must be strings"));
            continue;
        };
        let p = join(path, key);
        if !schema::RESOURCE_NAMES_SIMULATED.contains(&key.as_str()) {
            ctx.warn(
                k,
                format!("{p}: resource is accepted but not simulated by Sunaba (ignored)"),
            );
            continue;
        }
        let q = quantity(ctx, v, &p, key == "cpu");
        if key == "cpu" {
            list.cpu = q;
            nodes.0 = Some(&**v);
        } else {
            list.memory = q;
            nodes.1 = Some(&**v);
        }
    }
    (list, nodes)
}

/// A quantity written as a string (`"250m"`) or a YAML number (`cpu: 1`, `cpu: 0.5`).
fn quantity(ctx: &mut Ctx, node: &Node, path: &str, cpu: bool) -> Option<Quantity> {
    let text = match (&node.value, node.scalar()) {
        (Value::Scalar { text, .. }, Some(Scalar::Str(_) | Scalar::Int(_) | Scalar::Float(_))) => {
            text.clone()
        }
        _ => {
            ctx.type_error(node, path, "string");
            return None;
        }
    };
    let parsed = if cpu {
        parse_cpu(&text)
    } else {
        parse_memory(&text)
    };
    match parsed {
        Ok(q) => Some(q),
        Err(reason) => {
            let hint =
                if !cpu && (text.ends_with("MB") || text.ends_with("GB") || text.ends_with("KB")) {
                    " (hint: write 128Mi or 128M, not 128MB)"
                } else {
                    ""
                };
            invalid(ctx, node, path, &format!("{reason}{hint}"));
            None
        }
    }
}

fn service(ctx: &mut Ctx, f: &mut Fields, out: &mut Collected) -> Option<Manifest> {
    let meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1035_label),
    );
    let Some(spec_node) = f.get("spec") else {
        required(ctx, f.node, "spec.ports", "");
        return None;
    };
    let mut s = Fields::open(ctx, spec_node, "spec")?;
    let type_ = match s.get("type") {
        None => defaults::SERVICE_TYPE.to_string(),
        Some(n) => match string(ctx, n, "spec.type") {
            Some(t) if ["ClusterIP", "NodePort", "LoadBalancer"].contains(&t.as_str()) => t,
            Some(t) if t == "ExternalName" => {
                ctx.warn(
                    n,
                    format!(
                        "Service \"{}\" of type ExternalName is accepted but not simulated by Sunaba",
                        shorten(&meta.name)
                    ),
                );
                return None;
            }
            Some(_) => {
                unsupported(
                    ctx,
                    n,
                    "spec.type",
                    &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"],
                );
                defaults::SERVICE_TYPE.to_string()
            }
            None => defaults::SERVICE_TYPE.to_string(),
        },
    };
    let selector = match s.get("selector") {
        Some(n) => labels(ctx, n, "spec.selector"),
        None => Labels::new(),
    };
    let mut ports = Vec::new();
    match s.get("ports") {
        None => required(
            ctx,
            spec_node,
            "spec.ports",
            " (hint: add ports: [{port: 80}])",
        ),
        Some(n) => {
            let items = seq(ctx, n, "spec.ports");
            if items.is_empty() && matches!(n.value, Value::Seq(_)) {
                required(ctx, n, "spec.ports", "");
            }
            let mut names = BTreeSet::new();
            for (i, item) in items.iter().enumerate() {
                let ip = format!("spec.ports[{i}]");
                let Some(mut pf) = Fields::open(ctx, item, &ip) else {
                    continue;
                };
                let port = match pf.get("port") {
                    None => {
                        required(ctx, item, &pf.path_of("port"), "");
                        None
                    }
                    Some(n) => port_number(ctx, n, &pf.path_of("port")),
                };
                let name = port_name(ctx, &mut pf, &mut names);
                if name.is_none() && items.len() > 1 && pf.get("name").is_none() {
                    required(
                        ctx,
                        item,
                        &pf.path_of("name"),
                        " (hint: name every port when a Service has more than one)",
                    );
                }
                let protocol = protocol(ctx, &mut pf);
                let mut named_target = None;
                let target_port = match pf.get("targetPort") {
                    None => port,
                    Some(n) => match n.scalar() {
                        Some(Scalar::Int(_)) => port_number(ctx, n, &pf.path_of("targetPort")),
                        Some(Scalar::Str(t)) => {
                            let tp = pf.path_of("targetPort");
                            if let Some(reason) = validate::port_name(t) {
                                invalid(ctx, n, &tp, &reason);
                            } else {
                                named_target = Some((t.to_string(), n.line, n.column, tp));
                            }
                            port
                        }
                        _ => {
                            ctx.type_error(n, &pf.path_of("targetPort"), "integer or string");
                            None
                        }
                    },
                };
                pf.finish(ctx, schema::SERVICE_PORT_IGNORED);
                if let (Some(port), Some(target_port)) = (port, target_port) {
                    if let Some((name, line, column, path)) = named_target {
                        out.named_target_ports.push(NamedTargetPort {
                            object_index: out.objects.len(),
                            port_index: ports.len(),
                            name,
                            line,
                            column,
                            path,
                        });
                    }
                    ports.push(ServicePort {
                        name,
                        port,
                        target_port,
                        protocol,
                    });
                }
            }
        }
    }
    s.finish(ctx, schema::SERVICE_SPEC_IGNORED);
    Some(Manifest::Service {
        meta,
        spec: ServiceSpec {
            selector,
            ports,
            type_,
        },
    })
}

fn namespace(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
    let mut meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1123_label),
    );
    // Namespaces are cluster-scoped: a namespace field on one is meaningless.
    meta.namespace = None;
    if let Some(n) = f.get("spec") {
        if let Some(s) = Fields::open(ctx, n, "spec") {
            s.finish(ctx, schema::NAMESPACE_SPEC_IGNORED);
        }
    }
    Some(Manifest::Namespace { meta })
}

/// A Service's named `targetPort` becomes the number of the container port with that name in
/// a Pod or Deployment template of the same file that the Service selects. When none is found
/// the port number is kept (the model stores numbers only) and a warning says so.
pub fn resolve_named_target_ports(ctx: &mut Ctx, out: &mut Collected) {
    for pending in std::mem::take(&mut out.named_target_ports) {
        let Some(Manifest::Service { meta, spec }) =
            out.objects.get(pending.object_index).map(|o| &o.manifest)
        else {
            continue;
        };
        let selector = spec.selector.clone();
        let namespace = meta.namespace.clone();
        let found = out.objects.iter().find_map(|o| {
            let (labels, pod_spec, ns) = match &o.manifest {
                Manifest::Deployment { meta, spec } => {
                    (&spec.template.labels, &spec.template.spec, &meta.namespace)
                }
                Manifest::Pod { meta, spec } => (&meta.labels, spec, &meta.namespace),
                _ => return None,
            };
            let selected = !selector.is_empty()
                && *ns == namespace
                && selector.iter().all(|(k, v)| labels.get(k) == Some(v));
            if !selected {
                return None;
            }
            pod_spec
                .containers
                .iter()
                .flat_map(|c| &c.ports)
                .find(|p| p.name.as_deref() == Some(pending.name.as_str()))
                .map(|p| p.container_port)
        });
        let Some(Manifest::Service { spec, .. }) = out
            .objects
            .get_mut(pending.object_index)
            .map(|o| &mut o.manifest)
        else {
            continue;
        };
        let Some(port) = spec.ports.get_mut(pending.port_index) else {
            continue;
        };
        match found {
            Some(number) => port.target_port = number,
            None => {
                let message = format!(
                    "{}: named port \"{}\" is not defined by a pod of this file that the Service \
                     selects; Sunaba uses port {} instead",
                    pending.path,
                    shorten(&pending.name),
                    port.port
                );
                ctx.warn_at(pending.line, pending.column, message);
            }
        }
    }
}
