//! Objects of the kinds Sunaba stores without running them (`input::stored_kinds`): their
//! metadata is read and checked like any object's; the rest is kept as written.

use super::meta::metadata;
use crate::input::definitions::decode::{Ctx, Fields, NotSimulated};
use crate::input::definitions::validate;
use crate::input::definitions::yaml::{Node, Value};
use crate::input::model::Manifest;
use crate::input::stored_kinds::StoredKind;

/// The fields the API server owns or the reader has already taken.
const NOT_IN_BODY: &[&str] = &["apiVersion", "kind", "metadata", "status"];

pub(super) fn stored(
    ctx: &mut Ctx,
    f: &mut Fields,
    kind: &'static StoredKind,
    api_version: &str,
    kind_node: &Node,
) -> Option<Manifest> {
    // RBAC objects are named by path segments (`system:controller:x`), the others by DNS
    // subdomains.
    let rule = if kind.group == "rbac.authorization.k8s.io" {
        path_segment_name
    } else {
        validate::dns1123_subdomain
    };
    let errors_before = ctx.errors_total();
    let meta = metadata(ctx, f.get("metadata"), f.node, "metadata", Some(rule));
    if ctx.errors_total() != errors_before {
        return None;
    }
    let mut body = serde_json::Map::new();
    if let Value::Map(entries) = &f.node.value {
        for (k, v) in entries {
            let Value::Scalar { text: key, .. } = &k.value else {
                continue;
            };
            if !NOT_IN_BODY.contains(&key.as_str()) {
                body.insert(key.clone(), crate::input::definitions::node_value(v));
            }
        }
    }
    ctx.not_simulated(
        kind_node,
        NotSimulated::Stored {
            kind: kind.kind,
            name: &meta.name,
        },
    );
    Some(Manifest::Stored {
        kind,
        api_version: api_version.to_string(),
        meta,
        body,
    })
}

/// `ValidatePathSegmentName`: anything but `.`, `..`, `/` and `%`.
fn path_segment_name(name: &str) -> Option<String> {
    if name == "." || name == ".." {
        return Some(format!("may not be '{name}'"));
    }
    ["/", "%"]
        .iter()
        .find(|c| name.contains(*c))
        .map(|c| format!("may not contain '{c}'"))
}
