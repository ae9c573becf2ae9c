//! `kubectl describe pods|deployments|nodes|configmaps|secrets|services`: the layouts are
//! [`crate::lang::describe`]'s; this picks the objects.

use super::{matches, parse_selector, type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::input::files::FileSource;
use crate::input::model::Labels;
use crate::lang::args::err;
use crate::lang::{configs, describe};
use crate::sim::store::Pod;
use crate::world::World;

pub(super) fn kubectl_describe(
    w: &World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let ns = a.namespace();
    if a.has("filename") {
        return describe_files(w, a, files, &ns);
    }
    let (res, names) = type_and_names(&a.positional)?;
    let sel = a.flag("selector").map(parse_selector).transpose()?;
    let out = describe_of(w, res, &ns, &sel, &names)?;
    if out.is_empty() {
        return Ok(format!("No resources found in {ns} namespace.\n"));
    }
    Ok(out.join("\n\n"))
}

/// `kubectl describe -f FILE…`: each object the files name, in file order, in its own
/// namespace (or `ns`); kubectl's NotFound for each one missing, after the others.
fn describe_files(
    w: &World,
    a: &Args,
    files: &dyn FileSource,
    ns: &str,
) -> Result<String, CommandError> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (res, ons, name) in super::delete::file_targets(a, files, ns)? {
        match describe_of(w, res, &ons, &None, &[name]) {
            Ok(texts) => out.extend(texts),
            Err(e) => errors.push(e.message),
        }
    }
    let printed = out.join("\n\n");
    if errors.is_empty() {
        Ok(printed)
    } else {
        err(format!("{printed}{}", errors.join("\n")))
    }
}

/// The descriptions of the objects of type `res` in `ns` named (each must exist), or else
/// every one the selector keeps.
fn describe_of(
    w: &World,
    res: Resource,
    ns: &str,
    sel: &Option<Labels>,
    names: &[String],
) -> Result<Vec<String>, CommandError> {
    let ns = ns.to_string();
    let (ns, sel, names) = (&ns, sel, names);
    Ok(match res {
        Resource::Pods => describe_pods(w, ns, sel, names)?,
        Resource::Deployments => names_or_all_deployments(w, ns, names)?
            .into_iter()
            .map(|n| describe::describe_deployment(w, &w.k.store.deployments[&(ns.clone(), n)]))
            .collect(),
        Resource::Nodes => describe_nodes(w, names)?,
        Resource::ConfigMaps | Resource::Secrets => describe_configs(w, res, ns, sel, names)?,
        Resource::Stored(kind) => describe_stored(w, kind, ns, sel, names)?,
        Resource::Jobs | Resource::CronJobs => {
            crate::lang::batch::describe_batch(w, res == Resource::CronJobs, ns, sel, names)
                .map_err(CommandError::new)?
        }
        Resource::StatefulSets | Resource::DaemonSets | Resource::PersistentVolumeClaims => {
            super::apps::describe(w, res, ns, sel, names)?
        }
        Resource::Services => super::describe_service::describe_services(w, ns, sel, names)?,
        other => {
            return err(format!(
                "error: describe of {} is not simulated yet; try kubectl get {} -o yaml",
                other.plural(),
                other.plural()
            ))
        }
    })
}

/// The pods named (each must exist), or else every pod of the namespace the selector keeps.
fn describe_pods(
    w: &World,
    ns: &str,
    sel: &Option<Labels>,
    names: &[String],
) -> Result<Vec<String>, CommandError> {
    let pods: Vec<&Pod> = if names.is_empty() {
        w.k.store
            .pods
            .values()
            .filter(|p| p.meta.namespace == ns && matches(sel, &p.meta.labels))
            .collect()
    } else {
        let mut v = Vec::new();
        for n in names {
            v.push(w.k.store.pod_by_name(ns, n).ok_or_else(|| {
                CommandError::new(format!(
                    "Error from server (NotFound): pods \"{n}\" not found"
                ))
            })?);
        }
        v
    };
    Ok(pods
        .into_iter()
        .map(|p| describe::describe_pod(w, p))
        .collect())
}

/// The nodes named (each must exist), or else every node.
fn describe_nodes(w: &World, names: &[String]) -> Result<Vec<String>, CommandError> {
    let list: Vec<String> = if names.is_empty() {
        w.node_names()
    } else {
        names.to_vec()
    };
    let mut out = Vec::new();
    for n in list {
        let idx = *w.k.node_index.get(&n).ok_or_else(|| {
            CommandError::new(format!(
                "Error from server (NotFound): nodes \"{n}\" not found"
            ))
        })?;
        out.push(describe::describe_node(w, idx));
    }
    Ok(out)
}

/// The ConfigMaps or Secrets named (each must exist), or else every one of the namespace the
/// selector keeps.
fn describe_configs(
    w: &World,
    res: Resource,
    ns: &str,
    sel: &Option<Labels>,
    names: &[String],
) -> Result<Vec<String>, CommandError> {
    let store = &w.k.store;
    let wanted: Vec<String> = if !names.is_empty() {
        names.to_vec()
    } else if res == Resource::ConfigMaps {
        store
            .configmaps
            .values()
            .filter(|m| m.meta.namespace == ns && matches(sel, &m.meta.labels))
            .map(|m| m.meta.name.clone())
            .collect()
    } else {
        store
            .secrets
            .values()
            .filter(|m| m.meta.namespace == ns && matches(sel, &m.meta.labels))
            .map(|m| m.meta.name.clone())
            .collect()
    };
    let mut out = Vec::new();
    for n in wanted {
        let key = (ns.to_string(), n.clone());
        let text = if res == Resource::ConfigMaps {
            store.configmaps.get(&key).map(configs::describe_config_map)
        } else {
            store.secrets.get(&key).map(configs::describe_secret)
        };
        out.push(text.ok_or_else(|| {
            CommandError::new(format!(
                "Error from server (NotFound): {} \"{n}\" not found",
                res.plural()
            ))
        })?);
    }
    Ok(out)
}

fn names_or_all_deployments(
    w: &World,
    ns: &str,
    names: &[String],
) -> Result<Vec<String>, CommandError> {
    if names.is_empty() {
        return Ok(w
            .k
            .store
            .deployments
            .keys()
            .filter(|(n, _)| n == ns)
            .map(|(_, n)| n.clone())
            .collect());
    }
    for n in names {
        if !w
            .k
            .store
            .deployments
            .contains_key(&(ns.to_string(), n.clone()))
        {
            return err(format!(
                "Error from server (NotFound): deployments.apps \"{n}\" not found"
            ));
        }
    }
    Ok(names.to_vec())
}

/// The stored objects named (each must exist), or else every one of the namespace the selector
/// keeps.
fn describe_stored(
    w: &World,
    kind: &'static crate::input::stored_kinds::StoredKind,
    ns: &str,
    sel: &Option<Labels>,
    names: &[String],
) -> Result<Vec<String>, CommandError> {
    if names.is_empty() {
        return Ok(crate::sim::stored::list(&w.k.store, kind, Some(ns))
            .filter(|o| matches(sel, &o.meta.labels))
            .map(crate::lang::stored::describe_stored)
            .collect());
    }
    let mut out = Vec::new();
    for n in names {
        let key = crate::sim::stored::key(kind, ns, n);
        let o = w.k.store.stored.get(&key).ok_or_else(|| {
            CommandError::new(format!(
                "Error from server (NotFound): {} \"{n}\" not found",
                kind.plural_qualified
            ))
        })?;
        out.push(crate::lang::stored::describe_stored(o));
    }
    Ok(out)
}
