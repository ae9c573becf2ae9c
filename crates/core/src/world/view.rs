//! The cluster as shells draw it: nodes with their pods, pending pods, Deployments with their
//! rollout numbers, Services with their traffic, and the ECS view — plain values, typed where a
//! shell acts on them.

use crate::base::object_map::ObjectMap;
use crate::sim::view::{ClusterView, NodeView, PodView};
use crate::world::World;

impl World {
    pub fn cluster_view(&self) -> ClusterView {
        let mut nodes: Vec<NodeView> = self
            .k
            .node_index
            .values()
            .map(|&i| {
                let info = &self.k.nodes[i];
                NodeView {
                    name: info.name.clone(),
                    status: self.node_status_text(i),
                    ready: self.agents[i].ready,
                    unschedulable: info.unschedulable,
                    cpu_allocatable_milli: info.cpu_allocatable_milli,
                    cpu_requested_milli: info.cpu_requested_milli,
                    memory_allocatable_bytes: info.memory_allocatable_bytes,
                    memory_requested_bytes: info.memory_requested_bytes,
                    pods: Vec::new(),
                }
            })
            .collect();
        crate::base::sort::sort_by_key(&mut nodes, |n| natural_key(&n.name));
        let pos: ObjectMap<String, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.name.clone(), i))
            .collect();
        let mut pending = Vec::new();
        let mut pods: Vec<&crate::sim::store::Pod> = self.k.store.pods.values().collect();
        crate::base::sort::sort_by(&mut pods, |a, b| {
            (&a.meta.namespace, &a.meta.name).cmp(&(&b.meta.namespace, &b.meta.name))
        });
        for pod in pods {
            let view = self.pod_view(pod);
            match pod.spec.node_name.as_ref().and_then(|n| pos.get(n)) {
                Some(&i) => nodes[i].pods.push(view),
                // An ECS task on Fargate is on no node: the ECS view shows it.
                None if crate::sim::ecs_status::is_task_namespace(&pod.meta.namespace) => {}
                None => pending.push(view),
            }
        }
        let deployments = self
            .k
            .store
            .deployments
            .iter()
            .map(|((ns, name), d)| {
                let revision = self
                    .k
                    .store
                    .replicasets
                    .values()
                    .filter(|rs| {
                        rs.meta.namespace == *ns
                            && rs.meta.owner.as_ref().is_some_and(|o| o.name == *name)
                    })
                    .map(|rs| rs.revision)
                    .max()
                    .unwrap_or(0);
                let st = &d.status;
                let replicas = d.spec.replicas;
                let (surge, unavailable) = match d.spec.strategy {
                    crate::input::model::DeploymentStrategy::RollingUpdate {
                        max_surge,
                        max_unavailable,
                    } => (
                        max_surge.resolve(replicas, true),
                        max_unavailable.resolve(replicas, false),
                    ),
                    crate::input::model::DeploymentStrategy::Recreate => (0, replicas),
                };
                // Both zero would deadlock; the controller allows one unavailable (as kube does).
                let unavailable = if surge == 0 && unavailable == 0 {
                    1
                } else {
                    unavailable
                };
                let rollout = if st.progress_deadline_exceeded {
                    "stalled"
                } else if st.updated_replicas < replicas || st.replicas > replicas {
                    "progressing"
                } else if st.available_replicas < replicas {
                    // Rolled out, but a pod is down (a crash, a failed node): not a rollout.
                    "degraded"
                } else {
                    "complete"
                };
                crate::sim::view::DeploymentView {
                    namespace: ns.clone(),
                    name: name.clone(),
                    replicas: d.spec.replicas,
                    ready: st.ready_replicas,
                    updated: st.updated_replicas,
                    available: st.available_replicas,
                    images: d
                        .spec
                        .template
                        .spec
                        .containers
                        .iter()
                        .map(|c| (c.name.clone(), c.image.clone()))
                        .collect(),
                    revision,
                    rollout: rollout.to_owned(),
                    max_pods: replicas.saturating_add(surge),
                    min_available: replicas.saturating_sub(unavailable),
                }
            })
            .collect();
        let services = self
            .k
            .store
            .services
            .iter()
            .map(|(key, svc)| crate::sim::view::ServiceView {
                namespace: key.0.clone(),
                name: key.1.clone(),
                ready_endpoints: self.k.store.service_endpoints(svc).len() as u32,
                traffic_rate: self.traffic.rate(key),
            })
            .collect();
        ClusterView {
            now_ms: self.k.now_ms,
            nodes,
            pending,
            deployments,
            services,
            ecs: self.ecs.view(&self.k, &self.agents),
        }
    }

    pub(crate) fn pod_view(&self, pod: &crate::sim::store::Pod) -> PodView {
        let ready = pod.ready_count();
        let reason = pod.status.unschedulable_message.clone().or_else(|| {
            pod.status.containers.iter().find_map(|c| match &c.state {
                crate::sim::store::ContainerState::Waiting {
                    message: Some(m), ..
                } => Some(m.clone()),
                _ => None,
            })
        });
        let status = crate::sim::pod_status::pod_status(pod);
        PodView {
            namespace: pod.meta.namespace.clone(),
            name: pod.meta.name.clone(),
            status: status.text,
            kind: status.kind,
            ready: format!("{ready}/{}", pod.spec.ready_total()),
            all_ready: pod.is_ready(),
            restarts: pod.restarts(),
            node: pod.spec.node_name.clone(),
            reason,
            back_off_until_ms: pod
                .status
                .containers
                .iter()
                .filter_map(|c| c.back_off_until_ms)
                .min(),
            pull_progress_ms: pod.status.containers.iter().find_map(|c| c.pulling).map(
                |(start, end)| {
                    (
                        self.k.now_ms.saturating_sub(start).min(end - start),
                        end - start,
                    )
                },
            ),
            terminating: pod.meta.deletion_ms.is_some(),
        }
    }

    pub(crate) fn node_status_text(&self, idx: usize) -> String {
        let mut s = if self.agents[idx].ready {
            "Ready".to_string()
        } else {
            "NotReady".to_string()
        };
        if self.k.nodes[idx].unschedulable {
            s.push_str(",SchedulingDisabled");
        }
        s
    }
}

/// Sorts `node-2` before `node-10`.
pub(crate) fn natural_key(s: &str) -> (String, u64) {
    let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (head, tail) = s.split_at(s.len() - digits);
    (head.to_string(), tail.parse().unwrap_or(0))
}
