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
        self.emit_node_joined(&name);
        self.k.cluster_changed();
        idx
    }

    /// A shell's quiet setup (`sim nodes 5 --cpu 4`, run before the learner arrives) builds the
    /// cluster: it is not something that happened to it. The event records forget it — no
    /// `RemovingNode` for the default nodes it replaced, no second `Starting` for a name it
    /// reused — and say what a cluster created in this shape says: each node there now started
    /// and registered, once, in the order it joined. Nothing else changes (events are only
    /// read), so a world built this way runs exactly as before.
    pub fn forget_setup_events(&mut self) {
        self.k.events.forget_records();
        let joined: Vec<String> = self
            .k
            .nodes
            .iter()
            .filter(|n| !n.removed && !n.hidden)
            .map(|n| n.name.clone())
            .collect();
        for name in joined {
            self.emit_node_joined(&name);
        }
        self.k.events.drain_trace();
    }

    /// A machine's kubelet started and the node controller registered it.
    fn emit_node_joined(&mut self, name: &str) {
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
