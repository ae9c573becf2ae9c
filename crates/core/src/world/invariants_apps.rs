//! Invariants of the StatefulSet and DaemonSet controllers, checked with the others after
//! every settle in debug builds.

use crate::sim::statefulset::ordinal_of;
use crate::world::World;

impl World {
    /// A StatefulSet's pods are `NAME-i` with hostname `NAME-i`; no DaemonSet runs two live
    /// pods for one node, and a bound daemon pod is on the node its affinity names; every
    /// claim is bound to a volume.
    pub fn check_apps(&self) -> Result<(), String> {
        let store = &self.k.store;
        for (key, s) in store.statefulsets.iter() {
            for id in store.pods_of(&key.0, &key.1) {
                let p = &store.pods[&id];
                if p.meta.owner.as_ref().is_none_or(|o| o.uid != s.meta.uid) {
                    continue;
                }
                if ordinal_of(&key.1, &p.meta.name).is_none() {
                    return Err(format!(
                        "pod {} of statefulset {} has no ordinal",
                        p.meta.name, key.1
                    ));
                }
                if p.spec.hostname.as_deref() != Some(p.meta.name.as_str()) {
                    return Err(format!(
                        "pod {} of statefulset {} has hostname {:?}",
                        p.meta.name, key.1, p.spec.hostname
                    ));
                }
            }
        }
        for (key, d) in store.daemonsets.iter() {
            let mut nodes = std::collections::BTreeSet::new();
            for id in store.pods_of(&key.0, &key.1) {
                let p = &store.pods[&id];
                if p.meta.owner.as_ref().is_none_or(|o| o.uid != d.meta.uid)
                    || p.meta.deletion_ms.is_some()
                {
                    continue;
                }
                let Some(node) = &p.spec.affinity_node else {
                    return Err(format!("daemon pod {} has no node affinity", p.meta.name));
                };
                if !nodes.insert(node.clone()) {
                    return Err(format!(
                        "daemonset {} runs two live pods for node {node}",
                        key.1
                    ));
                }
                if p.spec.node_name.as_ref().is_some_and(|n| n != node) {
                    return Err(format!(
                        "daemon pod {} is bound to {:?}, not to {node}",
                        p.meta.name, p.spec.node_name
                    ));
                }
            }
        }
        for c in store.pvcs.values() {
            if !c.volume_name.starts_with("pvc-") {
                return Err(format!("claim {} is not bound", c.meta.name));
            }
        }
        Ok(())
    }
}
