//! `kubectl delete TYPE NAME… | -l SELECTOR | --all | -f FILE | -k DIR`.

use super::{grace_period_ms, matches, parse_selector, type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::input::definitions;
use crate::input::files::FileSource;
use crate::input::model::Manifest;
use crate::lang::args::err;
use crate::world::World;

use super::apply::read_manifests;
use super::namespaces::delete_namespace;

/// What one deletion names: the type, the namespace and the name.
pub(super) type Target = (Resource, String, String);

pub(super) fn kubectl_delete(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let ns = a.namespace();
    let force = a.has("force");
    let grace_ms = grace_period_ms(a)?.or(force.then_some(0));
    let mut out = String::new();
    if force && grace_ms == Some(0) {
        out.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let targets: Vec<Target> = if a.has("filename") || a.has("kustomize") {
        file_targets(a, files, &ns)?
    } else if a.positional.len() > 1 && a.positional.iter().all(|p| p.contains('/')) {
        // `deployments/x services/x`: each word names its own type.
        let mut targets = Vec::new();
        for word in &a.positional {
            let (res, names) = type_and_names(std::slice::from_ref(word))?;
            targets.extend(names.into_iter().map(|n| (res, ns.clone(), n)));
        }
        targets
    } else {
        let (res, names) = type_and_names(&a.positional)?;
        let names = if names.is_empty() {
            selected_names(w, a, res, &ns)?
        } else {
            names
        };
        if names.is_empty() {
            return Ok(format!("No resources found in {ns} namespace.\n"));
        }
        names.into_iter().map(|n| (res, ns.clone(), n)).collect()
    };
    let mut errors = Vec::new();
    // A namespace goes last: the API server deletes its contents asynchronously, so the
    // objects listed with it (`delete -k`, `delete -f`) are still found and reported.
    let mut namespaces_to_delete = Vec::new();
    for (res, ns, name) in targets {
        match delete_one(
            w,
            res,
            (ns, name.clone()),
            (grace_ms, force, a.flag("cascade") == Some("orphan")),
            &mut namespaces_to_delete,
        ) {
            Ok(true) => out.push_str(&format!("{} \"{name}\" deleted\n", res.singular())),
            Ok(false) => errors.push(format!(
                "Error from server (NotFound): {} \"{name}\" not found",
                res.plural()
            )),
            Err(forbidden) => errors.push(forbidden),
        }
    }
    for name in namespaces_to_delete {
        delete_namespace(w, &name);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        err(format!("{out}{}", errors.join("\n")))
    }
}

/// The objects of `-f FILE` or `-k DIR`, each in its own namespace or `ns`.
pub(super) fn file_targets(
    a: &Args,
    files: &dyn FileSource,
    ns: &str,
) -> Result<Vec<Target>, CommandError> {
    let mut targets = Vec::new();
    for (path, text) in read_manifests(a, files)? {
        file_targets_of(&path, &text, ns, &mut targets)?;
    }
    Ok(targets)
}

/// The objects of one file, appended to `targets`.
fn file_targets_of(
    path: &str,
    text: &str,
    ns: &str,
    targets: &mut Vec<Target>,
) -> Result<(), CommandError> {
    let loaded = definitions::load(path, text);
    if loaded.has_errors() {
        return err(loaded
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n"));
    }
    for o in loaded.objects {
        let m = o.manifest;
        let res = match m {
            Manifest::Deployment { .. } => Resource::Deployments,
            Manifest::Pod { .. } => Resource::Pods,
            Manifest::Service { .. } => Resource::Services,
            Manifest::Namespace { .. } => Resource::Namespaces,
            Manifest::ConfigMap { .. } => Resource::ConfigMaps,
            Manifest::Secret { .. } => Resource::Secrets,
            Manifest::Stored { kind, .. } => Resource::Stored(kind),
            Manifest::Job { .. } => Resource::Jobs,
            Manifest::CronJob { .. } => Resource::CronJobs,
            Manifest::StatefulSet { .. } => Resource::StatefulSets,
            Manifest::DaemonSet { .. } => Resource::DaemonSets,
        };
        let ons = m.meta().namespace.clone().unwrap_or_else(|| ns.to_string());
        targets.push((res, ons, m.meta().name.clone()));
    }
    Ok(())
}

/// `-l SELECTOR` or `--all`: the names of the objects of type `res` in `ns` it selects.
fn selected_names(
    w: &World,
    a: &Args,
    res: Resource,
    ns: &str,
) -> Result<Vec<String>, CommandError> {
    let sel = a.flag("selector").map(parse_selector).transpose()?;
    if sel.is_none() && !a.has("all") {
        return err("error: resource(s) were provided, but no name was specified");
    }
    Ok(match res {
        Resource::Pods => {
            w.k.store
                .pods
                .values()
                .filter(|p| p.meta.namespace == ns && matches(&sel, &p.meta.labels))
                .map(|p| p.meta.name.clone())
                .collect()
        }
        Resource::Deployments => {
            w.k.store
                .deployments
                .values()
                .filter(|d| d.meta.namespace == ns && matches(&sel, &d.meta.labels))
                .map(|d| d.meta.name.clone())
                .collect()
        }
        Resource::Services => {
            w.k.store
                .services
                .values()
                .filter(|s| s.meta.namespace == ns && matches(&sel, &s.meta.labels))
                .map(|s| s.meta.name.clone())
                .collect()
        }
        Resource::ConfigMaps => {
            w.k.store
                .configmaps
                .values()
                .filter(|s| s.meta.namespace == ns && matches(&sel, &s.meta.labels))
                .map(|s| s.meta.name.clone())
                .collect()
        }
        Resource::Secrets => {
            w.k.store
                .secrets
                .values()
                .filter(|s| s.meta.namespace == ns && matches(&sel, &s.meta.labels))
                .map(|s| s.meta.name.clone())
                .collect()
        }
        Resource::Stored(kind) => crate::sim::stored::list(&w.k.store, kind, Some(ns))
            .filter(|o| matches(&sel, &o.meta.labels))
            .map(|o| o.meta.name.clone())
            .collect(),
        Resource::Jobs => {
            w.k.store
                .jobs
                .values()
                .filter(|j| j.meta.namespace == ns && matches(&sel, &j.meta.labels))
                .map(|j| j.meta.name.clone())
                .collect()
        }
        Resource::CronJobs => {
            w.k.store
                .cronjobs
                .values()
                .filter(|j| j.meta.namespace == ns && matches(&sel, &j.meta.labels))
                .map(|j| j.meta.name.clone())
                .collect()
        }
        Resource::StatefulSets | Resource::DaemonSets | Resource::PersistentVolumeClaims => {
            super::apps::selected_names(w, res, ns, &sel)
        }
        _ => Vec::new(),
    })
}

/// Deletes one object: whether it was found, or why it may not be deleted. Namespaces are
/// only noted in `namespaces_to_delete`.
fn delete_one(
    w: &mut World,
    res: Resource,
    key: (String, String),
    (grace_ms, force, orphan): (Option<u64>, bool, bool),
    namespaces_to_delete: &mut Vec<String>,
) -> Result<bool, String> {
    let name = key.1.clone();
    Ok(match res {
        Resource::Pods => match w.k.store.pod_names.get(&key).copied() {
            Some(id) => {
                if grace_ms == Some(0) && force {
                    w.k.remove_pod(id);
                } else {
                    w.kubelet().delete_pod_gracefully(id, grace_ms);
                }
                true
            }
            None => false,
        },
        Resource::Deployments => w.controllers().delete_deployment(&key),
        Resource::ReplicaSets => {
            let exists = w.k.store.replicasets.contains_key(&key);
            w.controllers().delete_replicaset(&key);
            exists
        }
        Resource::Services => {
            let removed = w.k.store.services.remove(&key).is_some();
            if removed && (key.0.as_str(), key.1.as_str()) == ("default", "kubernetes") {
                // The API server recreates its own Service at once.
                let now = w.k.now_ms;
                crate::sim::in_pod::insert_system_services(
                    &mut w.k.store,
                    now,
                    &mut w.k.rng,
                    false,
                );
            }
            removed
        }
        Resource::ConfigMaps => w.k.store.configmaps.remove(&key).is_some(),
        Resource::Secrets => w.k.store.secrets.remove(&key).is_some(),
        Resource::Stored(kind) => {
            let key = crate::sim::stored::key(kind, &key.0, &key.1);
            w.k.store.stored.remove(&key).is_some()
        }
        Resource::Namespaces => {
            if ["default", "kube-system", "kube-public", "kube-node-lease"].contains(&name.as_str())
            {
                return Err(format!("Error from server (Forbidden): namespaces \"{name}\" is forbidden: this namespace may not be deleted"));
            }
            let exists = w.k.store.namespaces.contains_key(&name);
            if exists {
                namespaces_to_delete.push(name.clone());
            }
            exists
        }
        Resource::Nodes => match w.k.node_index.contains_key(&name) {
            true => {
                w.remove_node(&name);
                true
            }
            false => false,
        },
        Resource::StatefulSets if orphan => w.controllers().orphan_statefulset(&key),
        Resource::StatefulSets => w.controllers().delete_statefulset(&key),
        Resource::DaemonSets => w.controllers().delete_daemonset(&key),
        Resource::PersistentVolumeClaims => w.k.store.pvcs.remove(&key).is_some(),
        Resource::Events | Resource::Endpoints => false,
        Resource::Jobs => w.controllers().delete_job(&key),
        Resource::CronJobs => w.controllers().delete_cronjob(&key),
    })
}
