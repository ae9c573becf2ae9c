//! The invariant checker: properties that must hold after every command and every timer.
//!
//! Used by unit tests, scenario tests and the swarm test. A violation is a bug in the
//! simulation, never in the learner's input; the message says which property broke.

use std::collections::BTreeMap;

use crate::store::ContainerState;
use crate::world::World;

impl World {
    /// Checks every invariant; `Err` names the first violation.
    pub fn check_invariants(&self) -> Result<(), String> {
        // 1. Node bookkeeping equals the sum over bound pods, and no node is over-committed.
        let mut sums: BTreeMap<&str, (u64, u64, u32)> = BTreeMap::new();
        for p in self.store.pods.values() {
            if let Some(n) = &p.spec.node_name {
                let (c, m) = p.spec.requests();
                let e = sums.entry(n.as_str()).or_default();
                e.0 += c;
                e.1 += m;
                e.2 += 1;
                if !self.node_index.contains_key(n) {
                    return Err(format!(
                        "pod {} is bound to node {n}, which does not exist",
                        p.meta.name
                    ));
                }
            }
        }
        for (name, &i) in &self.node_index {
            let info = &self.nodes[i];
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
        // 2. Every pod is accounted for: indexed by name, owned by an existing ReplicaSet if owned,
        //    either bound or waiting in a scheduling queue (unless terminating).
        for p in self.store.pods.values() {
            if self.store.pod_names.get(&p.key()) != Some(&p.id) {
                return Err(format!(
                    "pod {} is missing from the name index",
                    p.meta.name
                ));
            }
            if let Some(o) = &p.meta.owner {
                let exists = self
                    .store
                    .replicasets
                    .contains_key(&(p.meta.namespace.clone(), o.name.clone()));
                if !exists && p.meta.deletion_ms.is_none() {
                    return Err(format!(
                        "pod {} is owned by missing replicaset {} and is not terminating",
                        p.meta.name, o.name
                    ));
                }
            }
            let queued = self.sched_queue.iter().any(|&(_, id)| id == p.id)
                || self.unschedulable.contains(&p.id);
            if p.spec.node_name.is_none() && p.meta.deletion_ms.is_none() && !queued {
                return Err(format!(
                    "pod {} is neither bound nor queued for scheduling",
                    p.meta.name
                ));
            }
            if p.spec.containers.len() != p.status.containers.len() && p.spec.node_name.is_some() {
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
        if self.store.pod_names.len() != self.store.pods.len() {
            return Err("the pod name index has entries for pods that do not exist".into());
        }
        Ok(())
    }

    fn agent_up(&self, p: &crate::store::Pod) -> bool {
        p.spec
            .node_name
            .as_ref()
            .and_then(|n| self.node_index.get(n))
            .is_some_and(|&i| self.agents[i].up)
    }

    /// For every Deployment: is the observed state what was declared (all replicas ready,
    /// one ReplicaSet active)? Used by liveness checks ("replicas converge when capacity allows").
    pub fn deployments_converged(&self) -> Result<(), String> {
        for d in self.store.deployments.values() {
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
