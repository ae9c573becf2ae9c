//! The Service kind: type, selector and ports, and the resolution of a named
//! `targetPort` once the whole file is read.

use crate::input::definitions::decode::NotSimulated;
use std::collections::BTreeSet;

use super::meta::{labels, metadata};
use super::ports::{port_name, port_number, protocol};
use super::{defaults, invalid, required, unsupported, Collected, NamedTargetPort};
use crate::input::definitions::decode::{seq, string, Ctx, Fields};
use crate::input::definitions::yaml::{Node, Scalar, Value};
use crate::input::definitions::{schema, shorten, validate};
use crate::input::model::{Labels, Manifest, ServicePort, ServiceSpec};

/// A Service: its metadata, type, selector and ports (a named `targetPort` noted in `out` to
/// resolve once the file is read). ExternalName is accepted and not simulated.
pub(super) fn service(ctx: &mut Ctx, f: &mut Fields, out: &mut Collected) -> Option<Manifest> {
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
        Some(n) => service_type(ctx, n, &meta.name)?,
    };
    let selector = match s.get("selector") {
        Some(n) => labels(ctx, n, "spec.selector"),
        None => Labels::new(),
    };
    let ports = match s.get("ports") {
        None => {
            required(
                ctx,
                spec_node,
                "spec.ports",
                " (hint: add ports: [{port: 80}])",
            );
            Vec::new()
        }
        Some(n) => service_ports(ctx, n, out),
    };
    let cluster_ip = s.get("clusterIP").and_then(|n| cluster_ip(ctx, n, &type_));
    s.finish(ctx, schema::SERVICE_SPEC_IGNORED);
    Some(Manifest::Service {
        meta,
        spec: ServiceSpec {
            selector,
            ports,
            type_,
            cluster_ip,
        },
    })
}

/// `spec.type`: ClusterIP, NodePort or LoadBalancer (ClusterIP when refused); `None` for
/// ExternalName, accepted with a warning and not simulated.
fn service_type(ctx: &mut Ctx, n: &Node, name: &str) -> Option<String> {
    Some(match string(ctx, n, "spec.type") {
        Some(t) if ["ClusterIP", "NodePort", "LoadBalancer"].contains(&t.as_str()) => t,
        Some(t) if t == "ExternalName" => {
            ctx.not_simulated(n, NotSimulated::ExternalName(&shorten(name)));
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
    })
}

/// A named `targetPort` waiting for resolution: (name, line, column, path).
type NamedTarget = (String, usize, usize, String);

/// `spec.ports`: at least one; each complete port kept, its named target noted in `out`.
fn service_ports(ctx: &mut Ctx, n: &Node, out: &mut Collected) -> Vec<ServicePort> {
    let items = seq(ctx, n, "spec.ports");
    if items.is_empty() && matches!(n.value, Value::Seq(_)) {
        required(ctx, n, "spec.ports", "");
    }
    let mut names = BTreeSet::new();
    let mut ports = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Some((port, named_target)) = service_port(ctx, item, i, items.len(), &mut names) else {
            continue;
        };
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
        ports.push(port);
    }
    ports
}

/// Port `i` of `count`: its number, name (required when there are several, unique in
/// `names`), protocol and target port (a number, or a name to resolve later).
fn service_port(
    ctx: &mut Ctx,
    item: &Node,
    i: usize,
    count: usize,
    names: &mut BTreeSet<String>,
) -> Option<(ServicePort, Option<NamedTarget>)> {
    let ip = format!("spec.ports[{i}]");
    let mut pf = Fields::open(ctx, item, &ip)?;
    let port = match pf.get("port") {
        None => {
            required(ctx, item, &pf.path_of("port"), "");
            None
        }
        Some(n) => port_number(ctx, n, &pf.path_of("port")),
    };
    let name = port_name(ctx, &mut pf, names);
    if name.is_none() && count > 1 && pf.get("name").is_none() {
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
    let (port, target_port) = (port?, target_port?);
    Some((
        ServicePort {
            name,
            port,
            target_port,
            protocol,
        },
        named_target,
    ))
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

/// `spec.clusterIP` as written: `None` makes the Service headless (only for type ClusterIP, as
/// the API server checks); an address asks for that address.
fn cluster_ip(ctx: &mut Ctx, n: &Node, type_: &str) -> Option<String> {
    let ip = string(ctx, n, "spec.clusterIP")?;
    if ip == "None" && type_ != "ClusterIP" {
        invalid(
            ctx,
            n,
            "spec.clusterIP",
            &format!("may not be set to 'None' for {type_} services"),
        );
        return None;
    }
    Some(ip)
}
