//! A container's `resources`: requests and limits of cpu and memory, as quantities.

use super::invalid;
use crate::input::definitions::decode::NotSimulated;
use crate::input::definitions::decode::{join, Ctx, Fields};
use crate::input::definitions::yaml::{Node, Scalar, Value};
use crate::input::definitions::{schema, shorten};
use crate::input::model::{Quantity, ResourceList, ResourceRequirements};
use crate::input::quantity::{parse_cpu, parse_memory};

pub(super) fn resources(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ResourceRequirements> {
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
            ctx.not_simulated(k, NotSimulated::Resource(&p));
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
pub(super) fn quantity(ctx: &mut Ctx, node: &Node, path: &str, cpu: bool) -> Option<Quantity> {
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
