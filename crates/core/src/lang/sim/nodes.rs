//! `sim nodes|add-node|remove-node|fail-node|restore-node`: the cluster's machines.

use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::lang::args::node_shape;
use crate::world::World;

/// `sim nodes N [--cpu C] [--memory M] [--zone Z]`: the cluster resized to N nodes of one shape.
pub(super) fn set_nodes(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let n: usize = a
        .positional
        .first()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| CommandError::new("error: usage: sim nodes N [--cpu 2] [--memory 4Gi]"))?;
    if n > crate::sim::kernel::MAX_NODES {
        return err(format!(
            "error: at most {} nodes",
            crate::sim::kernel::MAX_NODES
        ));
    }
    let shape = node_shape(a)?;
    w.set_nodes(n, &shape);
    Ok(format!(
        "cluster has {n} node{} ({} CPU, {} memory each)\n",
        if n == 1 { "" } else { "s" },
        crate::lang::describe::cpu_text(shape.cpu_milli),
        crate::input::quantity::format_bytes_binary(shape.memory_bytes)
    ))
}

/// `sim add-node [NAME]`: one more node (named `node-N` after the last free number).
pub(super) fn add_node(w: &mut World, a: &Args) -> Result<String, CommandError> {
    if w.k.node_index.len() >= crate::sim::kernel::MAX_NODES {
        return err(format!(
            "error: at most {} nodes",
            crate::sim::kernel::MAX_NODES
        ));
    }
    let shape = node_shape(a)?;
    let name = match a.positional.first() {
        Some(n) => {
            if w.k.node_index.contains_key(n) {
                return err(format!(
                    "Error from server (AlreadyExists): nodes \"{n}\" already exists"
                ));
            }
            if !is_dns_label(n) {
                return err(format!(
                    "error: invalid node name \"{n}\": must be lowercase letters, digits and '-'"
                ));
            }
            n.clone()
        }
        None => {
            let mut i = w.k.node_index.len() + 1;
            while w.k.node_index.contains_key(&format!("node-{i}")) {
                i += 1;
            }
            format!("node-{i}")
        }
    };
    w.add_node(name.clone(), &shape);
    Ok(format!("node/{name} added\n"))
}

/// `sim remove-node NAME`.
pub(super) fn remove_node(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let name = node_arg(w, a)?;
    w.remove_node(&name);
    Ok(format!("node/{name} removed\n"))
}

/// `sim fail-node NAME` (its kubelet and containers stop) and `sim restore-node NAME`; with
/// `--zone Z` instead of a name, every node of that zone (a zone's outage).
pub(super) fn fail_or_restore_node(
    w: &mut World,
    a: &Args,
    verb: &str,
) -> Result<String, CommandError> {
    if let Some(zone) = a.flag("zone") {
        return fail_or_restore_zone(w, zone, verb == "fail-node");
    }
    let name = node_arg(w, a)?;
    let idx = w.k.node_index[&name];
    if verb == "fail-node" {
        if !w.agents[idx].up {
            return err(format!("error: node {name} has already failed"));
        }
        w.kubelet().fail_node(idx);
        Ok(format!(
            "node/{name} failed: its kubelet and containers stopped\n"
        ))
    } else {
        if w.agents[idx].up {
            return err(format!("error: node {name} is not failed"));
        }
        w.kubelet().restore_node(idx);
        Ok(format!("node/{name} restored\n"))
    }
}

/// Every node of `zone` that is up fails (`fail`), or every failed one comes back.
fn fail_or_restore_zone(w: &mut World, zone: &str, fail: bool) -> Result<String, CommandError> {
    let in_zone: Vec<usize> = (0..w.k.nodes.len())
        .filter(|&i| {
            let n = &w.k.nodes[i];
            !n.removed
                && !n.hidden
                && n.labels
                    .get(crate::sim::scheduler::ZONE_LABEL)
                    .map(String::as_str)
                    == Some(zone)
        })
        .collect();
    if in_zone.is_empty() {
        return err(format!("error: no node is in zone {zone:?}"));
    }
    let changing: Vec<usize> = in_zone
        .into_iter()
        .filter(|&i| w.agents[i].up == fail)
        .collect();
    for &i in &changing {
        if fail {
            w.kubelet().fail_node(i);
        } else {
            w.kubelet().restore_node(i);
        }
    }
    let n = changing.len();
    let nodes = if n == 1 { "node" } else { "nodes" };
    Ok(if fail {
        format!("{n} {nodes} of zone {zone} failed: their kubelets and containers stopped\n")
    } else {
        format!("{n} {nodes} of zone {zone} restored\n")
    })
}

/// The node a `sim …-node NAME` names (`NAME` or `node/NAME`), which must exist.
fn node_arg(w: &World, a: &Args) -> Result<String, CommandError> {
    let name = a
        .positional
        .first()
        .ok_or_else(|| CommandError::new("error: a node name is required"))?;
    let name = name.strip_prefix("node/").unwrap_or(name).to_string();
    if !w.k.node_index.contains_key(&name) {
        return err(format!(
            "Error from server (NotFound): nodes \"{name}\" not found"
        ));
    }
    Ok(name)
}

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}
