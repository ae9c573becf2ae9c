//! The node lifecycle: a machine joining (its row in the kernel's node table and its agent,
//! of a given [`NodeShape`]), `sim fail-node` (the machine dies; nobody is told), the node
//! controller noticing the silent lease (Ready becomes Unknown, pods not ready), evicting the
//! pods after `tolerationSeconds`, and `sim restore-node`.

use std::collections::BTreeMap;

use super::{NodeAgent, EVICTION_TOLERATION_MS, LEASE_RENEW_MS, NODE_MONITOR_GRACE_MS};
use crate::input::model::Millis;
use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::kubelet::Kubelet;
use crate::sim::scheduler::NodeInfo;
use crate::sim::store::{ContainerState, Pod, PodId};
use crate::sim::timer::Timer;

const GI: u64 = 1 << 30;

/// Shape of new nodes: `sim nodes` / `sim add-node` defaults are 2 CPU / 4Gi.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeShape {
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub zone: Option<String>,
}

impl Default for NodeShape {
    fn default() -> Self {
        NodeShape {
            cpu_milli: 2000,
            memory_bytes: 4 * GI,
            zone: None,
        }
    }
}

/// Zones cycle a, b, c like a three-AZ region.
fn default_zone(i: usize) -> String {
    format!("zone-{}", ["a", "b", "c"][i % 3])
}

impl Kubelet<'_> {
    /// A new machine of `shape`: its row in the node table and its agent, at the next index.
    /// Not yet a node (see [`Kubelet::add_hidden_machine`] and the facade's `add_node`).
    pub(crate) fn add_machine(&mut self, name: String, shape: &NodeShape) -> usize {
        let idx = self.k.nodes.len();
        let zone = shape
            .zone
            .clone()
            .unwrap_or_else(|| default_zone(self.k.node_index.len()));
        let mut labels = BTreeMap::new();
        labels.insert("kubernetes.io/hostname".to_string(), name.clone());
        labels.insert("kubernetes.io/os".to_string(), "linux".to_string());
        labels.insert("kubernetes.io/arch".to_string(), "amd64".to_string());
        labels.insert("topology.kubernetes.io/zone".to_string(), zone.clone());
        self.k.nodes.push(NodeInfo::new(
            name.clone(),
            labels,
            shape.cpu_milli,
            shape.memory_bytes,
        ));
        self.agents
            .push(NodeAgent::new(&name, idx, zone, self.k.now_ms));
        idx
    }

    /// A machine that is not a Kubernetes node (an ECS Fargate pool): agents run tasks on it,
    /// but no listing, scheduler or container-instance view shows it.
    pub(crate) fn add_hidden_machine(&mut self, name: String, shape: &NodeShape) -> usize {
        let idx = self.add_machine(name.clone(), shape);
        self.k.fargate_index.insert(name, idx);
        self.k.nodes[idx].hidden = true;
        self.agents[idx].fargate = true;
        idx
    }

    /// Cordons (`on`) or uncordons a node; false when it already was.
    pub(crate) fn set_unschedulable(&mut self, name: &str, on: bool) -> bool {
        let idx = self.k.node_index[name];
        if self.k.nodes[idx].unschedulable == on {
            return false;
        }
        self.k.nodes[idx].unschedulable = on;
        let reason = if on {
            Reason::NodeNotSchedulable
        } else {
            Reason::NodeSchedulable
        };
        self.k.emit(
            EventType::Normal,
            reason,
            format!("node/{name}"),
            "default",
            format!("Node {name} status is now: {}", reason.as_str()),
            Component::Kubelet,
        );
        if !on {
            self.k.cluster_changed();
        }
        true
    }

    /// `sim fail-node`: the machine dies. Its containers stop; nobody is told yet.
    pub(crate) fn fail_node(&mut self, node: usize) {
        let now = self.k.now_ms;
        let agent = &mut self.agents[node];
        if !agent.up {
            return;
        }
        agent.up = false;
        agent.epoch += 1;
        agent.pull_free_at_ms = 0;
        agent.in_flight.clear();
        let since_start = now - agent.created_ms;
        agent.last_heartbeat_ms = agent.created_ms + since_start / LEASE_RENEW_MS * LEASE_RENEW_MS;
        let epoch = agent.epoch;
        let due =
            agent.last_heartbeat_ms + NODE_MONITOR_GRACE_MS / Millis::from(self.k.compression);
        let name = agent.name.clone();
        let pods = self.k.store.pods_on(&name);
        for id in pods {
            self.k.store.touch(id);
            if let Some(p) = self.k.store.pods.get_mut(&id) {
                for c in &mut p.status.containers {
                    c.alive = false;
                    c.instance += 1;
                    c.pulling = None;
                    c.starting = None;
                }
            }
        }
        self.k
            .set_timer(due.max(now), Timer::NodeGrace { node, epoch });
    }

    pub(crate) fn node_grace_expired(&mut self, node: usize, epoch: u64) {
        if self.agents[node].epoch != epoch || self.agents[node].up {
            return;
        }
        self.agents[node].ready = false;
        self.agents[node].conditions_since_ms = self.k.now_ms;
        self.k.nodes[node].unreachable = true;
        let name = self.agents[node].name.clone();
        let eviction_in_ms = EVICTION_TOLERATION_MS / Millis::from(self.k.compression);
        self.k
            .emit(
                EventType::Normal,
                Reason::NodeNotReady,
                format!("node/{name}"),
                "default",
                format!("Node {name} status is now: NodeNotReady"),
                Component::NodeController,
            )
            .set_facts(EventFacts::NodeNotReady { eviction_in_ms });
        let pods = self.k.store.pods_on(&name);
        for id in pods {
            let Some(p) = self.k.store.pod_mut(id) else {
                continue;
            };
            p.status.node_lost = true;
            p.status.ready_since_ms = None;
            for c in &mut p.status.containers {
                c.ready = false;
            }
            let (ns, obj) = (p.meta.namespace.clone(), format!("pod/{}", p.meta.name));
            if let Some(o) = &p.meta.owner {
                self.k
                    .dirty_replicasets
                    .insert((ns.clone(), o.name.clone()));
            }
            self.k.emit(
                EventType::Warning,
                Reason::NodeNotReady,
                obj,
                &ns,
                "Node is not ready".into(),
                Component::NodeController,
            );
        }
        let now = self.k.now_ms;
        self.k
            .set_timer(now + eviction_in_ms, Timer::NodeEviction { node, epoch });
    }

    pub(crate) fn node_eviction_due(&mut self, node: usize, epoch: u64) {
        if self.agents[node].epoch != epoch || self.agents[node].up {
            return;
        }
        let name = self.agents[node].name.clone();
        let pods: Vec<PodId> = self
            .k
            .store
            .pods_on(&name)
            .into_iter()
            .filter(|id| self.k.store.pods[id].meta.deletion_ms.is_none())
            .collect();
        for id in pods {
            let Some((ns, obj)) = self.pod_object(id) else {
                continue;
            };
            let pod_name = obj.trim_start_matches("pod/").to_string();
            let owner = self.k.store.pods[&id]
                .meta
                .owner
                .as_ref()
                .map(|o| o.name.clone());
            self.k
                .emit(
                    EventType::Normal,
                    Reason::TaintManagerEviction,
                    obj,
                    &ns,
                    format!("Marking for deletion Pod {ns}/{pod_name}"),
                    Component::TaintEvictionController,
                )
                .set_facts(EventFacts::Evicted {
                    node: name.clone(),
                    owner,
                });
            self.delete_pod_gracefully(id, None);
        }
    }

    /// `sim restore-node`: the kubelet comes back, reports Ready, and syncs its pods.
    pub(crate) fn restore_node(&mut self, node: usize) {
        let now = self.k.now_ms;
        let agent = &mut self.agents[node];
        if agent.up {
            return;
        }
        agent.up = true;
        agent.epoch += 1;
        agent.last_heartbeat_ms = now;
        let was_ready = agent.ready;
        agent.ready = true;
        if !was_ready {
            agent.conditions_since_ms = now;
        }
        let name = agent.name.clone();
        self.k.nodes[node].unreachable = false;
        self.k.emit(
            EventType::Normal,
            Reason::Starting,
            format!("node/{name}"),
            "default",
            "Starting kubelet.".into(),
            Component::Kubelet,
        );
        if !was_ready {
            self.k.emit(
                EventType::Normal,
                Reason::NodeReady,
                format!("node/{name}"),
                "default",
                format!("Node {name} status is now: NodeReady"),
                Component::Kubelet,
            );
        }
        let pods = self.k.store.pods_on(&name);
        for id in pods {
            self.resync_pod(node, id);
        }
        self.k.cluster_changed();
    }

    /// One pod of a node that came back: a deletion is confirmed, a pod that never started is
    /// admitted again, one with init containers starts over from them, and the others' containers
    /// are all started again (after the machine's restart).
    fn resync_pod(&mut self, node: usize, id: PodId) {
        let now = self.k.now_ms;
        let Some(p) = self.k.store.pods.get(&id) else {
            return;
        };
        if p.meta.deletion_ms.is_some() {
            self.k.remove_pod(id); // containers are already gone: confirm the deletion
            return;
        }
        let never_started = p.status.pod_ip.is_none();
        let n = p.spec.containers.len();
        if let Some(p) = self.k.store.pod_mut(id) {
            p.status.node_lost = false;
            if let Some(o) = &p.meta.owner {
                self.k
                    .dirty_replicasets
                    .insert((p.meta.namespace.clone(), o.name.clone()));
            }
        }
        if never_started {
            self.admit(id, node);
            return;
        }
        if self
            .k
            .store
            .pods
            .get(&id)
            .is_some_and(|p| p.spec.init_count > 0)
        {
            // A new pod sandbox after the machine's restart: the init containers run
            // again, in order, before the app (as the kubelet does).
            if let Some(p) = self.k.store.pod_mut(id) {
                new_sandbox(p, now);
            }
            self.advance_init(id);
            return;
        }
        for i in 0..n {
            // After the machine's restart every container is started again.
            let Some(p) = self.k.store.pod_mut(id) else {
                break;
            };
            let c = &mut p.status.containers[i];
            if matches!(c.state, ContainerState::Running { .. }) {
                let started_ms = match c.state {
                    ContainerState::Running { started_ms } => started_ms,
                    _ => now,
                };
                c.state = ContainerState::Terminated {
                    exit_code: 255,
                    reason: crate::sim::store::ExitReason::Unknown,
                    started_ms,
                    finished_ms: now,
                };
            }
            let instance = c.instance;
            c.back_off_until_ms = None;
            if matches!(c.state, ContainerState::Terminated { .. }) {
                self.restart(id, i, instance);
            } else {
                self.ensure_image(id, i);
            }
        }
    }
}

/// A new pod sandbox at `now`: every container waits again (the running ones ended with the
/// machine, counted as a restart), a new instance, nothing ready or pulling.
fn new_sandbox(p: &mut Pod, now: Millis) {
    p.status.ready_since_ms = None;
    for c in &mut p.status.containers {
        if let ContainerState::Running { started_ms } = c.state {
            c.last_state = Some(ContainerState::Terminated {
                exit_code: 255,
                reason: crate::sim::store::ExitReason::Unknown,
                started_ms,
                finished_ms: now,
            });
            c.restart_count += 1;
        }
        c.instance += 1;
        c.alive = false;
        c.ready = false;
        c.started = false;
        c.pulling = None;
        c.starting = None;
        c.back_off_until_ms = None;
        c.state = ContainerState::Waiting {
            reason: "PodInitializing".into(),
            message: None,
        };
    }
}
