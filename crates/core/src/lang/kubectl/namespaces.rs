//! `kubectl create namespace`, and what deleting a namespace takes with it.

use crate::base::command::CommandError;
use crate::world::World;

pub(super) fn kubectl_create_namespace(w: &mut World, name: &str) -> Result<String, CommandError> {
    w.controllers().create_namespace(name)?;
    Ok(format!("namespace/{name} created\n"))
}

/// Removes a namespace and everything in it (pods gracefully); false when it does not exist.
pub(super) fn delete_namespace(w: &mut World, name: &str) -> bool {
    if w.k.store.namespaces.remove(name).is_none() {
        return false;
    }
    let deployments: Vec<_> =
        w.k.store
            .deployments
            .keys()
            .filter(|k| k.0 == name)
            .cloned()
            .collect();
    for k in deployments {
        w.controllers().delete_deployment(&k);
    }
    let rss: Vec<_> =
        w.k.store
            .replicasets
            .keys()
            .filter(|k| k.0 == name)
            .cloned()
            .collect();
    for k in rss {
        w.controllers().delete_replicaset(&k);
    }
    super::apps::delete_in_namespace(w, name);
    let pods: Vec<_> =
        w.k.store
            .pods
            .values()
            .filter(|p| p.meta.namespace == name)
            .map(|p| p.id)
            .collect();
    for id in pods {
        w.kubelet().delete_pod_gracefully(id, None);
    }
    w.k.store.services.retain(|k, _| k.0 != name);
    w.k.store.configmaps.retain(|k, _| k.0 != name);
    w.k.store.secrets.retain(|k, _| k.0 != name);
    w.k.store.stored.retain(|k, _| k.1 != name);
    true
}
