//! The metadata every kind shares, read and written by kind: what `label`, `annotate` and
//! `patch` need to find objects by name, selector or `--all` and to change their labels and
//! annotations, whatever their kind.

use super::{matches, parse_selector, Resource};
use crate::base::command::{Args, CommandError};
use crate::input::model::Labels;
use crate::lang::args::err;
use crate::world::World;

/// The kind as the API server names it in a validation error (`The Pod "x" is invalid`).
pub(super) fn kind_name(r: Resource) -> &'static str {
    match r {
        Resource::Pods => "Pod",
        Resource::Deployments => "Deployment",
        Resource::ReplicaSets => "ReplicaSet",
        Resource::Nodes => "Node",
        Resource::Events => "Event",
        Resource::Services => "Service",
        Resource::Namespaces => "Namespace",
        Resource::Endpoints => "Endpoints",
        Resource::ConfigMaps => "ConfigMap",
        Resource::Secrets => "Secret",
        Resource::Jobs => "Job",
        Resource::CronJobs => "CronJob",
        Resource::StatefulSets => "StatefulSet",
        Resource::DaemonSets => "DaemonSet",
        Resource::PersistentVolumeClaims => "PersistentVolumeClaim",
        Resource::Stored(k) => k.kind,
    }
}

/// (labels, annotations) of one object, `None` when there is no such object.
pub(super) fn metadata(w: &World, r: Resource, ns: &str, name: &str) -> Option<(Labels, Labels)> {
    let s = &w.k.store;
    let key = (ns.to_string(), name.to_string());
    let m = match r {
        Resource::Pods => &s.pod_by_name(ns, name)?.meta,
        Resource::Deployments => &s.deployments.get(&key)?.meta,
        Resource::ReplicaSets => &s.replicasets.get(&key)?.meta,
        Resource::Services => &s.services.get(&key)?.meta,
        Resource::ConfigMaps => &s.configmaps.get(&key)?.meta,
        Resource::Secrets => &s.secrets.get(&key)?.meta,
        Resource::Namespaces => &s.namespaces.get(name)?.meta,
        Resource::Jobs => &s.jobs.get(&key)?.meta,
        Resource::CronJobs => &s.cronjobs.get(&key)?.meta,
        Resource::StatefulSets => &s.statefulsets.get(&key)?.meta,
        Resource::DaemonSets => &s.daemonsets.get(&key)?.meta,
        Resource::PersistentVolumeClaims => &s.pvcs.get(&key)?.meta,
        Resource::Stored(k) => &s.stored.get(&crate::sim::stored::key(k, ns, name))?.meta,
        Resource::Nodes => {
            let i = *w.k.node_index.get(name)?;
            return Some((w.k.nodes[i].labels.clone(), Labels::new()));
        }
        Resource::Events | Resource::Endpoints => return None,
    };
    Some((m.labels.clone(), m.annotations.clone()))
}

/// Writes an object's labels and annotations (a new resourceVersion); what follows from the
/// change (a pod leaving its ReplicaSet, pods fitting a node) happens at once.
pub(super) fn set_metadata(
    w: &mut World,
    r: Resource,
    ns: &str,
    name: &str,
    labels: Labels,
    annotations: Labels,
) {
    let key = (ns.to_string(), name.to_string());
    let rv = w.k.store.next_rv();
    let s = &mut w.k.store;
    let m = match r {
        Resource::Pods => {
            if let Some(&id) = s.pod_names.get(&key) {
                crate::sim::relabel::set_pod_metadata(&mut w.k, id, labels, annotations);
            }
            return;
        }
        Resource::Nodes => {
            crate::sim::relabel::set_node_labels(&mut w.k, name, labels);
            return;
        }
        Resource::Deployments => s.deployments.get_mut(&key).map(|o| &mut o.meta),
        Resource::ReplicaSets => s.replicasets.get_mut(&key).map(|o| &mut o.meta),
        Resource::Services => s.services.get_mut(&key).map(|o| &mut o.meta),
        Resource::ConfigMaps => s.configmaps.get_mut(&key).map(|o| &mut o.meta),
        Resource::Secrets => s.secrets.get_mut(&key).map(|o| &mut o.meta),
        Resource::Namespaces => s.namespaces.get_mut(name).map(|o| &mut o.meta),
        Resource::Jobs => s.jobs.get_mut(&key).map(|o| &mut o.meta),
        Resource::CronJobs => s.cronjobs.get_mut(&key).map(|o| &mut o.meta),
        Resource::StatefulSets => s.statefulsets.get_mut(&key).map(|o| &mut o.meta),
        Resource::DaemonSets => s.daemonsets.get_mut(&key).map(|o| &mut o.meta),
        Resource::PersistentVolumeClaims => s.pvcs.get_mut(&key).map(|o| &mut o.meta),
        Resource::Stored(k) => s
            .stored
            .get_mut(&crate::sim::stored::key(k, ns, name))
            .map(|o| &mut o.meta),
        Resource::Events | Resource::Endpoints => None,
    };
    if let Some(m) = m {
        m.labels = labels;
        m.annotations = annotations;
        m.resource_version = rv;
    }
}

/// Every object of kind `r` in `ns` (every node or namespace), in name order, with its labels.
fn all_of(w: &World, r: Resource, ns: &str) -> Vec<(String, Labels)> {
    let s = &w.k.store;
    let mut out: Vec<(String, Labels)> = match r {
        Resource::Pods => s
            .pods
            .values()
            .filter(|p| p.meta.namespace == ns)
            .map(|p| (p.meta.name.clone(), p.meta.labels.clone()))
            .collect(),
        Resource::Deployments => in_ns(s.deployments.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::ReplicaSets => in_ns(s.replicasets.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::Services => in_ns(s.services.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::ConfigMaps => in_ns(s.configmaps.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::Secrets => in_ns(s.secrets.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::Jobs => in_ns(s.jobs.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::CronJobs => in_ns(s.cronjobs.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::StatefulSets => in_ns(s.statefulsets.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::DaemonSets => in_ns(s.daemonsets.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::PersistentVolumeClaims => in_ns(s.pvcs.iter().map(|(k, o)| (k, &o.meta)), ns),
        Resource::Stored(k) => crate::sim::stored::list(s, k, Some(ns))
            .map(|o| (o.meta.name.clone(), o.meta.labels.clone()))
            .collect(),
        Resource::Namespaces => s
            .namespaces
            .values()
            .map(|n| (n.meta.name.clone(), n.meta.labels.clone()))
            .collect(),
        Resource::Nodes => {
            w.k.node_index
                .iter()
                .map(|(n, &i)| (n.clone(), w.k.nodes[i].labels.clone()))
                .collect()
        }
        Resource::Events | Resource::Endpoints => Vec::new(),
    };
    crate::base::sort::sort_by_key(&mut out, |(n, _)| n.clone());
    out
}

fn in_ns<'a>(
    it: impl Iterator<Item = (&'a (String, String), &'a crate::sim::store::ObjectMeta)>,
    ns: &str,
) -> Vec<(String, Labels)> {
    it.filter(|(k, _)| k.0 == ns)
        .map(|(k, m)| (k.1.clone(), m.labels.clone()))
        .collect()
}

/// The objects a verb acts on: the names given, or those `-l SELECTOR` selects, or `--all`;
/// kubectl's errors when they are missing or both are given.
pub(super) fn targets(
    w: &World,
    a: &Args,
    r: Resource,
    names: Vec<String>,
) -> Result<Vec<String>, CommandError> {
    if matches!(r, Resource::Events | Resource::Endpoints) {
        return err(format!(
            "error: Sunaba does not change the metadata of {}",
            r.plural()
        ));
    }
    let ns = a.namespace();
    let selector = a.flag("selector");
    if a.has("all") && selector.is_some() {
        return err("error: cannot set --all and --selector at the same time");
    }
    if !names.is_empty() {
        if selector.is_some() || a.has("all") {
            return err("error: name cannot be provided when a selector is specified");
        }
        return Ok(names);
    }
    if selector.is_none() && !a.has("all") {
        return err("error: resource(s) were provided, but no name was specified");
    }
    let sel = selector.map(parse_selector).transpose()?;
    let picked: Vec<String> = all_of(w, r, &ns)
        .into_iter()
        .filter(|(_, l)| matches(&sel, l))
        .map(|(n, _)| n)
        .collect();
    if picked.is_empty() {
        return err(format!("No resources found in {ns} namespace."));
    }
    Ok(picked)
}

/// kubectl's NotFound for one name.
pub(super) fn not_found(r: Resource, name: &str) -> CommandError {
    CommandError::new(format!(
        "Error from server (NotFound): {} \"{name}\" not found",
        r.plural()
    ))
}

/// The object as `kubectl get -o json` prints it, `None` when there is no such object.
pub(super) fn object_json(
    w: &World,
    r: Resource,
    ns: &str,
    name: &str,
) -> Option<serde_json::Value> {
    use crate::lang::{configs, printers};
    let s = &w.k.store;
    let key = (ns.to_string(), name.to_string());
    Some(match r {
        Resource::Pods => printers::pod_json(s.pod_by_name(ns, name)?),
        Resource::Deployments => printers::deployment_json(s.deployments.get(&key)?),
        Resource::ReplicaSets => printers::replicaset_json(s.replicasets.get(&key)?),
        Resource::Services => super::tables::service_json(s.services.get(&key)?),
        Resource::ConfigMaps => configs::config_map_json(s.configmaps.get(&key)?),
        Resource::Secrets => configs::secret_json(s.secrets.get(&key)?),
        Resource::Namespaces => super::tables::namespace_json(s.namespaces.get(name)?),
        Resource::Nodes => super::tables::node_json(w, *w.k.node_index.get(name)?),
        Resource::Jobs => crate::lang::batch::job_json(s.jobs.get(&key)?),
        Resource::CronJobs => crate::lang::batch::cronjob_json(s.cronjobs.get(&key)?),
        Resource::StatefulSets => super::apps::statefulset_json(s.statefulsets.get(&key)?),
        Resource::DaemonSets => super::apps::daemonset_json(s.daemonsets.get(&key)?),
        Resource::PersistentVolumeClaims => super::apps::pvc_json(s.pvcs.get(&key)?),
        Resource::Stored(k) => {
            crate::lang::stored::stored_json(s.stored.get(&crate::sim::stored::key(k, ns, name))?)
        }
        Resource::Events | Resource::Endpoints => return None,
    })
}

/// The object's uid: tells a deleted object from a new one of the same name.
pub(super) fn uid_of(w: &World, r: Resource, ns: &str, name: &str) -> Option<String> {
    let v = object_json(w, r, ns, name)?;
    Some(v["metadata"]["uid"].as_str().unwrap_or(name).to_string())
}
