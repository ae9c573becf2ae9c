//! `metadata` of an object, label maps and label selectors (`matchLabels`,
//! `matchExpressions`), and the Namespace kind, which is only metadata.

use super::{invalid, required, unsupported};
use crate::input::definitions::decode::{
    join, seq, string, string_list, string_map, to_labels, Ctx, Fields,
};
use crate::input::definitions::yaml::{Node, Value};
use crate::input::definitions::{schema, shorten, validate};
use crate::input::model::{
    LabelSelector, Labels, Manifest, ManifestMeta, SelectorOp, SelectorRequirement,
};

/// `metadata` of an object. `name_rule` is the kind's name syntax; `None` for a template.
pub(super) fn metadata(
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
pub(super) fn labels(ctx: &mut Ctx, node: &Node, path: &str) -> Labels {
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

pub(super) fn go_map(labels: &Labels) -> String {
    let body = labels
        .iter()
        .map(|(k, v)| format!("\"{}\":\"{}\"", shorten(k), shorten(v)))
        .collect::<Vec<_>>()
        .join(", ");
    format!("map[string]string{{{body}}}")
}

pub(super) fn label_selector(ctx: &mut Ctx, node: &Node, path: &str) -> Option<LabelSelector> {
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

pub(super) fn namespace(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
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
