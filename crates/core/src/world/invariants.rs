//! The invariant checker: properties that must hold after every command and every timer.
//!
//! Used by unit tests, scenario tests and the swarm test. A violation is a bug in the
//! simulation, never in the learner's input; the message says which property broke.

use std::collections::BTreeMap;

use crate::sim::store::ContainerState;
use crate::world::World;

impl World {
    /// Checks every invariant; `Err` names the first violation.
    pub fn check_invariants(&self) -> Result<(), String> {
        self.check_node_bookkeeping()?;
        self.check_pods_accounted()?;
        self.check_jobs()?;
        self.check_apps()?;
        self.check_ecs()
    }

    /// Node bookkeeping equals the sum over bound pods, and no node is over-committed.
    fn check_node_bookkeeping(&self) -> Result<(), String> {
        let mut sums: BTreeMap<&str, (u64, u64, u32)> = BTreeMap::new();
        for p in self.k.store.pods.values() {
            if let Some(n) = &p.spec.node_name {
                let (c, m) = p.spec.requests();
                let e = sums.entry(n.as_str()).or_default();
                e.0 += c;
                e.1 += m;
                e.2 += 1;
                if self.k.machine(n).is_none() {
                    return Err(format!(
                        "pod {} is bound to node {n}, which does not exist",
                        p.meta.name
                    ));
                }
            }
        }
        for (name, &i) in self.k.node_index.iter().chain(&self.k.fargate_index) {
            let info = &self.k.nodes[i];
            let (c, m, n) = sums.get(name.as_str()).copied().unwrap_or_default();
            if (
                info.cpu_requested_milli,
                info.memory_requested_bytes,
                info.pod_count,
            ) != (c, m, n)
            {
                return Err(format!(
                    "node {name} books cpu={}m mem={} pods={} but its pods request cpu={c}m mem={m} pods={n}",
                    info.cpu_requested_milli, info.memory_requested_bytes, info.pod_count
                ));
            }
            if c > info.cpu_allocatable_milli
                || m > info.memory_allocatable_bytes
                || n > info.pods_allocatable
            {
                return Err(format!(
                    "node {name} is over-committed: cpu {c}m/{}m, memory {m}/{}, pods {n}",
                    info.cpu_allocatable_milli, info.memory_allocatable_bytes
                ));
            }
        }
        Ok(())
    }

    /// Every pod is accounted for: indexed by name, owned by an existing ReplicaSet if owned,
    /// either bound or waiting in a scheduling queue (unless terminating), with a status per
    /// container that agrees with it being alive.
    fn check_pods_accounted(&self) -> Result<(), String> {
        for p in self.k.store.pods.values() {
            if self.k.store.pod_names.get(&p.key()) != Some(&p.id) {
                return Err(format!(
                    "pod {} is missing from the name index",
                    p.meta.name
                ));
            }
            if let Some(o) = &p.meta.owner {
                let key = (p.meta.namespace.clone(), o.name.clone());
                let store = &self.k.store;
                let exists = match o.kind {
                    "StatefulSet" => store.statefulsets.contains_key(&key),
                    "DaemonSet" => store.daemonsets.contains_key(&key),
                    "Job" => store.jobs.get(&key).is_some_and(|j| j.meta.uid == o.uid),
                    _ => store.replicasets.contains_key(&key),
                };
                if !exists && p.meta.deletion_ms.is_none() {
                    return Err(format!(
                        "pod {} is owned by missing {} {} and is not terminating",
                        p.meta.name,
                        o.kind.to_ascii_lowercase(),
                        o.name
                    ));
                }
            }
            let queued = self.k.sched_queue.iter().any(|&(_, id)| id == p.id)
                || self.k.unschedulable.contains(&p.id);
            if p.spec.node_name.is_none() && p.meta.deletion_ms.is_none() && !queued {
                return Err(format!(
                    "pod {} is neither bound nor queued for scheduling",
                    p.meta.name
                ));
            }
            // (An ECS task's pod is bound before its agent admits it: PROVISIONING, no statuses.)
            let admitted = p.status.start_ms.is_some();
            if p.spec.containers.len() != p.status.containers.len()
                && p.spec.node_name.is_some()
                && admitted
            {
                return Err(format!(
                    "pod {} has {} container statuses for {} containers",
                    p.meta.name,
                    p.status.containers.len(),
                    p.spec.containers.len()
                ));
            }
            for c in &p.status.containers {
                if c.alive != matches!(c.state, ContainerState::Running { .. })
                    && p.meta.deletion_ms.is_none()
                    && self.agent_up(p)
                {
                    return Err(format!(
                        "pod {} container {} alive={} but state {:?}",
                        p.meta.name, c.name, c.alive, c.state
                    ));
                }
            }
        }
        if self.k.store.pod_names.len() != self.k.store.pods.len() {
            return Err("the pod name index has entries for pods that do not exist".into());
        }
        Ok(())
    }

    /// ECS: every task that runs has its pod on its instance; every task pod belongs to a
    /// task; a stopped task holds nothing; no service runs more tasks than maximumPercent
    /// allows (or than desiredCount, whichever is larger).
    pub fn check_ecs(&self) -> Result<(), String> {
        use crate::sim::ecs_status::is_task_namespace;
        let mut task_pods = std::collections::BTreeSet::new();
        for t in self.ecs.tasks.values() {
            let pod = self.k.store.pods.get(&t.pod);
            if t.is_stopped() {
                if pod.is_some() {
                    return Err(format!("STOPPED task {} still has its pod", t.id));
                }
                continue;
            }
            if let Some(p) = pod {
                task_pods.insert(t.pod);
                if p.spec.node_name.as_deref() != Some(t.node.as_str()) {
                    return Err(format!(
                        "task {} is on {} but its pod is bound to {:?}",
                        t.id, t.node, p.spec.node_name
                    ));
                }
                if p.meta.name != t.id {
                    return Err(format!("task {} runs as pod {}", t.id, p.meta.name));
                }
            } else if !t.desired_stopped {
                return Err(format!("task {} wants to run but has no pod", t.id));
            }
            if self.k.machine(&t.node).is_none() && !t.desired_stopped {
                return Err(format!(
                    "task {} is on {}, which does not exist",
                    t.id, t.node
                ));
            }
        }
        for p in self.k.store.pods.values() {
            if is_task_namespace(&p.meta.namespace) && !task_pods.contains(&p.id) {
                return Err(format!("pod {} runs no ECS task", p.meta.name));
            }
        }
        for s in self.ecs.services.values() {
            let id = s.id();
            let active = self
                .ecs
                .tasks
                .values()
                .filter(|t| t.service.as_ref() == Some(&id) && t.is_active())
                .count() as u32;
            let bound = s.max_tasks().max(s.desired_count);
            if active > bound {
                return Err(format!(
                    "service {} runs {active} tasks, more than maximumPercent {} % of {} allows",
                    s.name, s.definition.maximum_percent, s.desired_count
                ));
            }
            if s.deployments.is_empty() {
                return Err(format!("service {} has no deployment", s.name));
            }
        }
        Ok(())
    }

    fn agent_up(&self, p: &crate::sim::store::Pod) -> bool {
        p.spec
            .node_name
            .as_ref()
            .and_then(|n| self.k.machine(n))
            .is_some_and(|i| self.agents[i].up)
    }

    /// For every Deployment: is the observed state what was declared (all replicas ready,
    /// one ReplicaSet active)? Used by liveness checks ("replicas converge when capacity allows").
    pub fn deployments_converged(&self) -> Result<(), String> {
        for d in self.k.store.deployments.values() {
            let s = &d.status;
            if s.ready_replicas != d.spec.replicas
                || s.replicas != d.spec.replicas
                || s.updated_replicas != d.spec.replicas
            {
                return Err(format!(
                    "deployment {} wants {} replicas: {} total, {} updated, {} ready",
                    d.meta.name, d.spec.replicas, s.replicas, s.updated_replicas, s.ready_replicas
                ));
            }
        }
        Ok(())
    }
}

/// A RollingUpdate Deployment's pods against its bounds, counted from the store right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RolloutBounds {
    pub replicas: u32,
    /// `replicas + maxSurge` (maxSurge rounded up).
    pub max_pods: u32,
    /// `replicas − maxUnavailable` (maxUnavailable rounded down; 1 when both are zero).
    pub min_available: u32,
    /// Pods of all its ReplicaSets that are not terminating or finished.
    pub pods: u32,
    /// Of those, ready for at least `minReadySeconds`.
    pub available: u32,
}

impl World {
    /// The rolling-update bounds of `namespace/name` (`None`: no such Deployment, or Recreate).
    pub fn rollout_bounds(&self, namespace: &str, name: &str) -> Option<RolloutBounds> {
        use crate::input::model::DeploymentStrategy;
        let key = (namespace.to_owned(), name.to_owned());
        let d = self.k.store.deployments.get(&key)?;
        let DeploymentStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } = d.spec.strategy
        else {
            return None;
        };
        let replicas = d.spec.replicas;
        let surge = max_surge.resolve(replicas, true);
        let mut unavailable = max_unavailable.resolve(replicas, false);
        if surge == 0 && unavailable == 0 {
            unavailable = 1;
        }
        let min_ready_ms = u64::from(d.spec.min_ready_seconds) * 1000;
        let (mut pods, mut available) = (0, 0);
        for rs in self.k.store.replicasets.values() {
            let owned = rs.meta.namespace == namespace
                && rs.meta.owner.as_ref().is_some_and(|o| o.name == name);
            if !owned {
                continue;
            }
            for id in self.k.store.pods_of(namespace, &rs.meta.name) {
                let p = &self.k.store.pods[&id];
                if !p.is_active() {
                    continue;
                }
                pods += 1;
                if p.is_ready()
                    && p.status
                        .ready_since_ms
                        .is_some_and(|t| self.k.now_ms >= t + min_ready_ms)
                {
                    available += 1;
                }
            }
        }
        Some(RolloutBounds {
            replicas,
            max_pods: replicas.saturating_add(surge),
            min_available: replicas.saturating_sub(unavailable),
            pods,
            available,
        })
    }
}
