//! Ports: int-or-string port references, port numbers, protocols, port names and a
//! container's `ports` list.

use std::collections::BTreeSet;

use super::{defaults, invalid, required, unsupported};
use crate::input::definitions::decode::{integer, seq, string, Ctx, Fields, INT64_MAX};
use crate::input::definitions::yaml::{Node, Scalar};
use crate::input::definitions::{schema, shorten, validate};
use crate::input::model::{ContainerPort, PortRef};

/// An int-or-string port: a number 1–65535 or an IANA service name of a container port.
pub(super) fn port_ref(ctx: &mut Ctx, node: &Node, path: &str) -> Option<PortRef> {
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

/// A port number field: an integer in 1..=65535.
pub(super) fn port_number(ctx: &mut Ctx, node: &Node, path: &str) -> Option<u16> {
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

pub(super) fn protocol(ctx: &mut Ctx, f: &mut Fields) -> String {
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

pub(super) fn port_name(
    ctx: &mut Ctx,
    f: &mut Fields,
    names: &mut BTreeSet<String>,
) -> Option<String> {
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

pub(super) fn container_ports(ctx: &mut Ctx, node: &Node, path: &str) -> Vec<ContainerPort> {
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
