//! The StatefulSet kind: its governing Service, replicas, selector, Pod template, pod
//! management policy, update strategy (RollingUpdate with a partition, or OnDelete), claim
//! templates and their retention policy, with the API server's defaults and messages.

use super::deployment::{int_or_percent, selector_and_template};
use super::meta::metadata;
use super::resources::quantity;
use super::{defaults, invalid, required, unsupported};
use crate::input::definitions::decode::{non_negative_i32, seq, string, string_list, Ctx, Fields};
use crate::input::definitions::yaml::Node;
use crate::input::definitions::{schema, validate};
use crate::input::model::{
    ClaimRetention, ClaimTemplate, PodManagementPolicy, StatefulSetSpec, StatefulSetUpdateStrategy,
};
use crate::input::model::{IntOrPercent, Manifest};

/// At most this many claim templates per StatefulSet (bounds the claims made per pod).
const MAX_CLAIM_TEMPLATES: usize = 16;

pub(super) fn statefulset(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
    let meta = metadata(
        ctx,
        f.get("metadata"),
        f.node,
        "metadata",
        Some(validate::dns1123_label),
    );
    let Some(spec_node) = f.get("spec") else {
        required(
            ctx,
            f.node,
            "spec",
            " (hint: a StatefulSet needs spec.selector and spec.template)",
        );
        return None;
    };
    let mut s = Fields::open(ctx, spec_node, "spec")?;
    let service_name = match s.get("serviceName") {
        Some(n) => {
            let name = string(ctx, n, "spec.serviceName").unwrap_or_default();
            if let Some(reason) = validate::dns1123_label(&name).filter(|_| !name.is_empty()) {
                invalid(ctx, n, "spec.serviceName", &reason);
            }
            name
        }
        None => String::new(),
    };
    let replicas = match s.get("replicas") {
        Some(n) => non_negative_i32(ctx, n, "spec.replicas").unwrap_or(0),
        None => defaults::REPLICAS,
    };
    let (selector, template) = selector_and_template(ctx, &mut s, spec_node);
    let pod_management_policy = match s.get("podManagementPolicy") {
        Some(n) => match string(ctx, n, "spec.podManagementPolicy").as_deref() {
            Some("OrderedReady") => PodManagementPolicy::OrderedReady,
            Some("Parallel") => PodManagementPolicy::Parallel,
            _ => {
                unsupported(
                    ctx,
                    n,
                    "spec.podManagementPolicy",
                    &["OrderedReady", "Parallel"],
                );
                PodManagementPolicy::OrderedReady
            }
        },
        None => PodManagementPolicy::OrderedReady,
    };
    let update_strategy = match s.get("updateStrategy") {
        Some(n) => update_strategy(ctx, n, "spec.updateStrategy"),
        None => Some(default_update()),
    };
    let volume_claim_templates = match s.get("volumeClaimTemplates") {
        Some(n) => claim_templates(ctx, n),
        None => Vec::new(),
    };
    let min_ready_seconds = match s.get("minReadySeconds") {
        Some(n) => non_negative_i32(ctx, n, "spec.minReadySeconds").unwrap_or(0),
        None => defaults::MIN_READY_SECONDS,
    };
    let revision_history_limit = match s.get("revisionHistoryLimit") {
        Some(n) => non_negative_i32(ctx, n, "spec.revisionHistoryLimit").unwrap_or(0),
        None => defaults::REVISION_HISTORY_LIMIT,
    };
    let claim_retention = match s.get("persistentVolumeClaimRetentionPolicy") {
        Some(n) => retention(ctx, n),
        None => (ClaimRetention::Retain, ClaimRetention::Retain),
    };
    s.finish(ctx, schema::STATEFULSET_SPEC_IGNORED);
    let (template, _) = template?;
    Some(Manifest::StatefulSet {
        meta,
        spec: StatefulSetSpec {
            service_name,
            replicas,
            selector: selector?,
            template,
            pod_management_policy,
            update_strategy: update_strategy?,
            volume_claim_templates,
            min_ready_seconds,
            revision_history_limit,
            claim_retention,
        },
    })
}

fn default_update() -> StatefulSetUpdateStrategy {
    StatefulSetUpdateStrategy::RollingUpdate {
        partition: 0,
        max_unavailable: IntOrPercent::Int(1),
    }
}

fn update_strategy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<StatefulSetUpdateStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let type_node = f.get("type");
    let kind = match type_node {
        Some(n) => string(ctx, n, &f.path_of("type"))?,
        None => "RollingUpdate".to_string(),
    };
    let rolling = f.get("rollingUpdate");
    let result = match kind.as_str() {
        "OnDelete" => {
            if let Some(r) = rolling {
                ctx.error(
                    r,
                    format!(
                        "{}: Invalid value: \"OnDelete\": only allowed for updateStrategy 'RollingUpdate'",
                        f.path_of("rollingUpdate")
                    ),
                );
            }
            Some(StatefulSetUpdateStrategy::OnDelete)
        }
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

fn rolling_update(ctx: &mut Ctx, node: &Node, path: &str) -> Option<StatefulSetUpdateStrategy> {
    let mut f = Fields::open(ctx, node, path)?;
    let partition = match f.get("partition") {
        Some(n) => non_negative_i32(ctx, n, &f.path_of("partition"))?,
        None => 0,
    };
    let max_unavailable = match f.get("maxUnavailable") {
        Some(n) => {
            let p = f.path_of("maxUnavailable");
            let v = int_or_percent(ctx, n, &p, true)?;
            if matches!(v, IntOrPercent::Int(0) | IntOrPercent::Percent(0)) {
                invalid(ctx, n, &p, "must be greater than 0");
                return None;
            }
            v
        }
        None => IntOrPercent::Int(1),
    };
    f.finish(ctx, &[]);
    Some(StatefulSetUpdateStrategy::RollingUpdate {
        partition,
        max_unavailable,
    })
}

fn retention(ctx: &mut Ctx, node: &Node) -> (ClaimRetention, ClaimRetention) {
    let path = "spec.persistentVolumeClaimRetentionPolicy";
    let Some(mut f) = Fields::open(ctx, node, path) else {
        return (ClaimRetention::Retain, ClaimRetention::Retain);
    };
    let mut one = |f: &mut Fields, key: &'static str| match f.get(key) {
        None => ClaimRetention::Retain,
        Some(n) => match string(ctx, n, &f.path_of(key)).as_deref() {
            Some("Retain") => ClaimRetention::Retain,
            Some("Delete") => ClaimRetention::Delete,
            _ => {
                unsupported(ctx, n, &f.path_of(key), &["Retain", "Delete"]);
                ClaimRetention::Retain
            }
        },
    };
    let deleted = one(&mut f, "whenDeleted");
    let scaled = one(&mut f, "whenScaled");
    f.finish(ctx, &[]);
    (deleted, scaled)
}

/// `spec.volumeClaimTemplates`: each a named claim with access modes and a storage request.
fn claim_templates(ctx: &mut Ctx, node: &Node) -> Vec<ClaimTemplate> {
    let path = "spec.volumeClaimTemplates";
    let items = seq(ctx, node, path);
    if items.len() > MAX_CLAIM_TEMPLATES {
        ctx.error(
            node,
            format!(
                "{path}: Too many: {}: must have at most {MAX_CLAIM_TEMPLATES} items",
                items.len()
            ),
        );
        return Vec::new();
    }
    let mut out: Vec<ClaimTemplate> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if let Some(t) = claim_template(ctx, item, &p) {
            if out.iter().any(|o| o.name == t.name) {
                ctx.error(
                    item,
                    format!("{p}.metadata.name: Duplicate value: \"{}\"", t.name),
                );
                continue;
            }
            out.push(t);
        }
    }
    out
}

fn claim_template(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ClaimTemplate> {
    let mut f = Fields::open(ctx, node, path)?;
    let meta = metadata(
        ctx,
        f.get("metadata"),
        node,
        &f.path_of("metadata"),
        Some(validate::dns1123_subdomain),
    );
    let Some(spec_node) = f.get("spec") else {
        required(
            ctx,
            node,
            &format!("{path}.spec.accessModes"),
            ": at least 1 access mode is required",
        );
        return None;
    };
    f.finish(ctx, &[]);
    let sp = format!("{path}.spec");
    let mut s = Fields::open(ctx, spec_node, &sp)?;
    let access_modes = match s.get("accessModes") {
        Some(n) => {
            let modes = string_list(ctx, n, &s.path_of("accessModes"));
            const MODES: [&str; 4] = [
                "ReadWriteOnce",
                "ReadOnlyMany",
                "ReadWriteMany",
                "ReadWriteOncePod",
            ];
            if let Some(bad) = modes.iter().find(|m| !MODES.contains(&m.as_str())) {
                ctx.error(
                    n,
                    format!(
                        "{}: Unsupported value: \"{bad}\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                        s.path_of("accessModes")
                    ),
                );
            }
            modes
        }
        None => Vec::new(),
    };
    if access_modes.is_empty() {
        required(
            ctx,
            spec_node,
            &s.path_of("accessModes"),
            ": at least 1 access mode is required",
        );
    }
    let errors_before = ctx.errors_total();
    let storage = s
        .get("resources")
        .and_then(|n| claim_storage(ctx, n, &format!("{sp}.resources")));
    // Absent (not merely invalid, which was reported): the API server's Required value.
    if storage.is_none() && ctx.errors_total() == errors_before {
        required(ctx, spec_node, &format!("{sp}.resources[storage]"), "");
    }
    let storage_class = s
        .get("storageClassName")
        .and_then(|n| string(ctx, n, &s.path_of("storageClassName")));
    s.finish(ctx, schema::CLAIM_SPEC_IGNORED);
    Some(ClaimTemplate {
        name: meta.name,
        labels: meta.labels,
        access_modes,
        storage: storage?,
        storage_class,
    })
}

/// `resources.requests.storage` (limits are accepted and not simulated).
fn claim_storage(ctx: &mut Ctx, node: &Node, path: &str) -> Option<crate::input::model::Quantity> {
    let mut f = Fields::open(ctx, node, path)?;
    let requests = f.get("requests");
    f.finish(ctx, &["limits"]);
    let requests = requests?;
    let rp = format!("{path}.requests");
    let mut r = Fields::open(ctx, requests, &rp)?;
    let q = r
        .get("storage")
        .and_then(|n| quantity(ctx, n, &format!("{rp}.storage"), false));
    r.finish(ctx, &[]);
    q
}
