//! The Deployment kind: replicas, selector, Pod template and the update strategy
//! (`Recreate` or `RollingUpdate` with its int-or-percent `maxSurge`/`maxUnavailable`).

use super::meta::{go_map, label_selector, metadata};
use super::pod::pod_spec;
use super::{defaults, invalid, required, unsupported};
use crate::input::definitions::decode::{non_negative_i32, string, Ctx, Fields};
use crate::input::definitions::yaml::{Node, Scalar, Value};
use crate::input::definitions::{schema, validate};
use crate::input::model::{
    DeploymentSpec, DeploymentStrategy, IntOrPercent, LabelSelector, Manifest, PodTemplate,
};

/// A Deployment: its metadata, replicas, selector, template (which the selector must
/// match), strategy and the timing fields with their defaults.
pub(super) fn deployment(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
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

    let (selector, template) = selector_and_template(ctx, &mut s, spec_node);

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
        Some(n) => progress_deadline(ctx, n, min_ready_seconds),
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
            paused: false,
        },
    })
}

/// `spec.selector` and `spec.template` of a Deployment, StatefulSet or DaemonSet: both
/// required, and the selector must select the template's labels.
pub(super) fn selector_and_template<'n>(
    ctx: &mut Ctx,
    s: &mut Fields<'n>,
    spec_node: &Node,
) -> (Option<LabelSelector>, Option<(PodTemplate, &'n Node)>) {
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
        check_selector_matches(ctx, selector, template, labels_node);
    }
    (selector, template)
}

/// The selector must select the template's own labels (an empty selector is reported
/// elsewhere).
fn check_selector_matches(
    ctx: &mut Ctx,
    selector: &LabelSelector,
    template: &PodTemplate,
    labels_node: &Node,
) {
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

/// `spec.progressDeadlineSeconds`: must exceed minReadySeconds; 0 when unreadable.
fn progress_deadline(ctx: &mut Ctx, n: &Node, min_ready_seconds: u32) -> u32 {
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

/// RollingUpdate with Kubernetes' default maxSurge and maxUnavailable.
fn default_strategy() -> DeploymentStrategy {
    DeploymentStrategy::RollingUpdate {
        max_surge: IntOrPercent::Percent(defaults::MAX_SURGE_PERCENT),
        max_unavailable: IntOrPercent::Percent(defaults::MAX_UNAVAILABLE_PERCENT),
    }
}

/// Returns the template and the node to blame for a selector mismatch.
pub(super) fn pod_template<'n>(
    ctx: &mut Ctx,
    node: &'n Node,
    path: &str,
) -> Option<(PodTemplate, &'n Node)> {
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

pub(super) fn int_or_percent(
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
