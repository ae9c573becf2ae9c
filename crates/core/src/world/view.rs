//! The cluster as shells draw it: nodes with their pods, pending pods, Deployments with their
//! rollout numbers, Services with their traffic, and the ECS view — plain values, typed where a
//! shell acts on them.

use crate::base::object_map::ObjectMap;
use crate::input::model::DeploymentStrategy;
use crate::input::model::{Labels, PodSpec};
use crate::sim::store::{Deployment, DeploymentStatus};
use crate::sim::store::{Service, Store};
use crate::sim::view::{ClusterView, DeploymentView, NodeView, PodView, ReadinessView};
use crate::world::World;

impl World {
    /// The cluster as shells draw it (see the module docs).
    pub fn cluster_view(&self) -> ClusterView {
        let (nodes, pending) = self.nodes_and_pending();
        let deployments = self
            .k
            .store
            .deployments
            .iter()
            .map(|((ns, name), d)| self.deployment_view(ns, name, d))
            .collect();
        let services = self
            .k
            .store
            .services
            .iter()
            // The learner's Services: the cluster's own (`kubernetes`, `kube-dns`) are for
            // `kubectl get svc`, not for the page's workloads and traffic buttons.
            .filter(|(key, _)| !crate::sim::in_pod::is_system_service(&key.0, &key.1))
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

    /// The nodes in natural order, each with its pods, and the pods bound to no node (ECS
    /// tasks on Fargate left to the ECS view); pods by namespace and name.
    fn nodes_and_pending(&self) -> (Vec<NodeView>, Vec<PodView>) {
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
        (nodes, pending)
    }

    /// One Deployment: its counts, images, newest revision, rollout word and bounds.
    pub(crate) fn deployment_view(&self, ns: &str, name: &str, d: &Deployment) -> DeploymentView {
        let revision = self
            .k
            .store
            .replicasets
            .values()
            .filter(|rs| {
                rs.meta.namespace == *ns && rs.meta.owner.as_ref().is_some_and(|o| o.name == *name)
            })
            .map(|rs| rs.revision)
            .max()
            .unwrap_or(0);
        let rollout_started_ms = self
            .k
            .store
            .replicasets
            .values()
            .filter(|rs| {
                rs.meta.namespace == *ns && rs.meta.owner.as_ref().is_some_and(|o| o.name == *name)
            })
            .max_by_key(|rs| rs.revision)
            .map_or(0, |rs| rs.meta.creation_ms);
        let spec = &d.spec.template.spec;
        let reached = service_reaching(&self.k.store, ns, &d.spec.template.labels, spec);
        let app = spec.containers.get(reached.as_ref().map_or(0, |r| r.1));
        let st = &d.status;
        let replicas = d.spec.replicas;
        let (max_pods, min_available) = rollout_bounds(&d.spec.strategy, replicas);
        DeploymentView {
            namespace: ns.to_string(),
            name: name.to_string(),
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
            rollout: rollout_word(st, replicas).to_owned(),
            max_pods,
            min_available,
            service: reached.map(|r| r.0.meta.name.clone()),
            readiness: app
                .and_then(|c| c.readiness_probe.as_ref())
                .map(|p| ReadinessView {
                    initial_delay_s: p.initial_delay_seconds,
                    period_s: p.period_seconds,
                    success_threshold: p.success_threshold,
                    failure_threshold: p.failure_threshold,
                }),
            pre_stop_ms: app
                .and_then(|c| c.pre_stop.as_ref())
                .map(|h| h.duration_ms()),
            rollout_started_ms,
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

/// A Deployment's rollout in one word: stalled (past its progress deadline), progressing,
/// degraded (rolled out, but a pod is down: a crash, a failed node) or complete.
fn rollout_word(st: &DeploymentStatus, replicas: u32) -> &'static str {
    if st.progress_deadline_exceeded {
        "stalled"
    } else if st.updated_replicas < replicas || st.replicas > replicas {
        "progressing"
    } else if st.available_replicas < replicas {
        "degraded"
    } else {
        "complete"
    }
}

/// (at most this many pods, at least this many available) during a rollout of `strategy`.
fn rollout_bounds(strategy: &DeploymentStrategy, replicas: u32) -> (u32, u32) {
    let (surge, unavailable) = match *strategy {
        DeploymentStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } => (
            max_surge.resolve(replicas, true),
            max_unavailable.resolve(replicas, false),
        ),
        DeploymentStrategy::Recreate => (0, replicas),
    };
    // Both zero would deadlock; the controller allows one unavailable (as kube does).
    let unavailable = if surge == 0 && unavailable == 0 {
        1
    } else {
        unavailable
    };
    (
        replicas.saturating_add(surge),
        replicas.saturating_sub(unavailable),
    )
}

/// The first Service in `ns` whose selector matches a pod's `labels` and whose ports reach one
/// of the pod's container ports: (the Service, the container's index, the port).
pub fn service_reaching<'a>(
    store: &'a Store,
    ns: &str,
    labels: &Labels,
    spec: &PodSpec,
) -> Option<(&'a Service, usize, u16)> {
    store.services.iter().find_map(|((n, _), s)| {
        let selects = n == ns
            && !s.spec.selector.is_empty()
            && s.spec
                .selector
                .iter()
                .all(|(k, v)| labels.get(k) == Some(v));
        if !selects {
            return None;
        }
        s.spec.ports.iter().find_map(|p| {
            spec.containers
                .iter()
                .position(|c| c.ports.iter().any(|cp| cp.container_port == p.target_port))
                .map(|i| (s, i, p.target_port))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::model::IntOrPercent;

    #[test]
    fn rollout_bounds_follow_the_strategy() {
        let rolling = DeploymentStrategy::RollingUpdate {
            max_surge: IntOrPercent::Percent(25),
            max_unavailable: IntOrPercent::Percent(25),
        };
        assert_eq!(rollout_bounds(&rolling, 4), (5, 3));
        assert_eq!(rollout_bounds(&DeploymentStrategy::Recreate, 3), (3, 0));
        let none = DeploymentStrategy::RollingUpdate {
            max_surge: IntOrPercent::Int(0),
            max_unavailable: IntOrPercent::Int(0),
        };
        assert_eq!(rollout_bounds(&none, 2), (2, 1));
    }
}
