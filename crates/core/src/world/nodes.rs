//! The cluster's nodes as `sim nodes` / `sim add-node` / `kubectl delete node` change them:
//! a machine joins through its kubelet and registers with the node controller; a deleted node's
//! pods are garbage-collected at once.

use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::kubelet::NodeShape;
use crate::world::World;

impl World {
    /// Replaces the whole node set with `count` nodes of `shape` (`sim nodes`).
    pub(crate) fn set_nodes(&mut self, count: usize, shape: &NodeShape) {
        let names: Vec<String> = self.k.node_index.keys().cloned().collect();
        for name in names {
            self.remove_node(&name);
        }
        for i in 1..=count {
            self.add_node(format!("node-{i}"), shape);
        }
    }

    pub(crate) fn add_node(&mut self, name: String, shape: &NodeShape) -> usize {
        let idx = self.kubelet().add_machine(name.clone(), shape);
        self.k.node_index.insert(name.clone(), idx);
        self.k.emit(
            EventType::Normal,
            Reason::Starting,
            format!("node/{name}"),
            "default",
            "Starting kubelet.".into(),
            Component::Kubelet,
        );
        self.k.emit(
            EventType::Normal,
            Reason::RegisteredNode,
            format!("node/{name}"),
            "default",
            format!("Node {name} event: Registered Node {name} in Controller"),
            Component::NodeController,
        );
        self.k.cluster_changed();
        idx
    }

    /// Deletes a node object; pods bound to it are garbage-collected (deleted at once).
    pub(crate) fn remove_node(&mut self, name: &str) {
        let Some(idx) = self.k.node_index.remove(name) else {
            return;
        };
        let pods = self.k.store.pods_on(name);
        for id in pods {
            self.k.remove_pod(id);
        }
        self.k.nodes[idx].removed = true;
        self.agents[idx].removed = true;
        self.agents[idx].epoch += 1;
        self.k.emit(
            EventType::Normal,
            Reason::RemovingNode,
            format!("node/{name}"),
            "default",
            format!("Node {name} event: Removing Node {name} from Controller"),
            Component::NodeController,
        );
    }

    pub fn node_names(&self) -> Vec<String> {
        self.k.node_index.keys().cloned().collect()
    }

    /// Pod names in a namespace, in name order.
    pub fn pod_names(&self, namespace: &str) -> Vec<String> {
        self.k
            .store
            .pod_names
            .keys()
            .filter(|(ns, _)| ns == namespace)
            .map(|(_, n)| n.clone())
            .collect()
    }
}
