//! The DaemonSet kind: selector, Pod template, update strategy (RollingUpdate with
//! maxUnavailable and maxSurge, or OnDelete) and minReadySeconds, with the API server's
//! defaults (maxUnavailable 1, maxSurge 0) and messages.

use super::deployment::{int_or_percent, selector_and_template};
use super::meta::metadata;
use super::{defaults, invalid, required, unsupported};
use crate::input::definitions::decode::{non_negative_i32, string, Ctx, Fields};
use crate::input::definitions::yaml::Node;
use crate::input::definitions::{schema, validate};
use crate::input::model::{DaemonSetSpec, DaemonSetUpdateStrategy};
use crate::input::model::{IntOrPercent, Manifest};

pub(super) fn daemonset(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
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
            " (hint: a DaemonSet needs spec.selector and spec.template)",
        );
        return None;
    };
    let mut s = Fields::open(ctx, spec_node, "spec")?;
    let (selector, template) = selector_and_template(ctx, &mut s, spec_node);
    let update_strategy = match s.get("updateStrategy") {
        Some(n) => update_strategy(ctx, n, "spec.updateStrategy"),
        None => Some(default_update()),
    };
    let min_ready_seconds = match s.get("minReadySeconds") {
        Some(n) => non_negative_i32(ctx, n, "spec.minReadySeconds").unwrap_or(0),
        None => defaults::MIN_READY_SECONDS,
    };
    let revision_history_limit = match s.get("revisionHistoryLimit") {
        Some(n) => non_negative_i32(ctx, n, "spec.revisionHistoryLimit").unwrap_or(0),
        None => defaults::REVISION_HISTORY_LIMIT,
    };
    s.finish(ctx, schema::DAEMONSET_SPEC_IGNORED);
    let (template, _) = template?;
    Some(Manifest::DaemonSet {
        meta,
        spec: DaemonSetSpec {
            selector: selector?,
            template,
            update_strategy: update_strategy?,
            min_ready_seconds,
            revision_history_limit,
        },
    })
}

fn default_update() -> DaemonSetUpdateStrategy {
    DaemonSetUpdateStrategy::RollingUpdate {
        max_unavailable: IntOrPercent::Int(1),
        max_surge: IntOrPercent::Int(0),
    }
}

fn update_strategy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<DaemonSetUpdateStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_node = f.get("type");
    let kind = match type_node {
        Some(n) => string(ctx, n, &f.path_of("type"))?,
        None => "RollingUpdate".to_string(),
    };
    let rolling = f.get("rollingUpdate");
    let result = match kind.as_str() {
        "OnDelete" => Some(DaemonSetUpdateStrategy::OnDelete),
        "RollingUpdate" => match rolling {
            None => Some(default_update()),
            Some(r) => rolling_update(ctx, r, &f.path_of("rollingUpdate")),
        },
        _ => {
            unsupported(
                ctx,
                type_node.unwrap_or(node),
                &f.path_of("type"),
                &["OnDelete", "RollingUpdate"],
            );
            None
        }
    };
    f.finish(ctx, &[]);
    result
}

fn rolling_update(ctx: &mut Ctx, node: &Node, path: &str) -> Option<DaemonSetUpdateStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let unavailable_node = f.get("maxUnavailable");
    let surge_node = f.get("maxSurge");
    let max_unavailable = match unavailable_node {
        Some(n) => int_or_percent(ctx, n, &f.path_of("maxUnavailable"), true)?,
        None => IntOrPercent::Int(1),
    };
    let max_surge = match surge_node {
        Some(n) => int_or_percent(ctx, n, &f.path_of("maxSurge"), true)?,
        None => IntOrPercent::Int(0),
    };
    let is_zero = |v: IntOrPercent| matches!(v, IntOrPercent::Int(0) | IntOrPercent::Percent(0));
    if is_zero(max_surge) && is_zero(max_unavailable) {
        let at = unavailable_node.or(surge_node).unwrap_or(node);
        invalid(
            ctx,
            at,
            &f.path_of("maxUnavailable"),
            "may not be 0 when `maxSurge` is 0",
        );
    }
    f.finish(ctx, &[]);
    Some(DaemonSetUpdateStrategy::RollingUpdate {
        max_unavailable,
        max_surge,
    })
}
