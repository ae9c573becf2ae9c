//! The ConfigMap and Secret kinds: their `data` (and a Secret's base64 `data` or plain
//! `stringData`), under valid config keys.

use super::invalid;
use super::meta::metadata;
use crate::input::definitions::decode::NotSimulated;
use crate::input::definitions::decode::{join, string, string_map, Ctx, Fields};
use crate::input::definitions::yaml::{Node, Scalar};
use crate::input::definitions::{schema, validate};
use crate::input::model::Manifest;

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

pub(super) fn config_map(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
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
    let immutable = immutable(ctx, f);
    warn_ignored(ctx, f, schema::CONFIGMAP_IGNORED);
    Some(Manifest::ConfigMap {
        meta,
        data,
        immutable,
    })
}

/// `immutable`: a boolean, or left out.
fn immutable(ctx: &mut Ctx, f: &mut Fields) -> Option<bool> {
    let n = f.get("immutable")?;
    match n.scalar() {
        Some(Scalar::Bool(b)) => Some(b),
        _ => {
            ctx.type_error(n, "immutable", "boolean");
            None
        }
    }
}

fn warn_ignored(ctx: &mut Ctx, f: &mut Fields, keys: &'static [&'static str]) {
    for key in keys {
        if let Some(n) = f.get(key) {
            ctx.not_simulated(n, NotSimulated::Field(key));
        }
    }
}

pub(super) fn secret(ctx: &mut Ctx, f: &mut Fields) -> Option<Manifest> {
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
    let immutable = immutable(ctx, f);
    warn_ignored(ctx, f, schema::SECRET_IGNORED);
    Some(Manifest::Secret {
        meta,
        type_,
        data,
        immutable,
    })
}
