//! The ECS reconcile pass, run at the end of every settle: read each task's pod, stop what ECS
//! stops, finish what is gone, then run each service's scheduler; and the hidden Fargate pools
//! the tasks of a Fargate service run on.

use std::collections::BTreeMap;

use super::{ecs_zone, task, EcsEngine};
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::store::PodId;

/// Fargate capacity: one hidden pool per Availability Zone, large enough never to be the
/// limit (Fargate's limits are the task sizes, checked when the definition is registered).
/// Room for every task the simulation holds at the largest Fargate size (16 vCPU, 120 GiB).
const FARGATE_POOL_CPU_MILLI: u64 = task::TASKS_MAX as u64 * 16_000;
const FARGATE_POOL_MEMORY_BYTES: u64 = task::TASKS_MAX as u64 * (120 << 30);
const FARGATE_ZONES: [&str; 3] = ["zone-a", "zone-b", "zone-c"];

impl EcsEngine<'_> {
    /// Where a Fargate task runs: the pool of the Availability Zone with the fewest running
    /// Fargate tasks (tasks spread over the subnets' zones). Pools are machines nobody
    /// manages: no container instance, not a Kubernetes node, no image cache.
    pub(crate) fn fargate_node(
        &mut self,
        _cpu_units: u32,
        _memory_mib: u32,
    ) -> Result<usize, String> {
        let mut best: Option<(usize, usize)> = None;
        for zone in FARGATE_ZONES {
            let name = format!("fargate-{}", ecs_zone(zone));
            let idx = match self.k.fargate_index.get(&name) {
                Some(&i) => i,
                None => {
                    if self.k.node_index.len() >= crate::sim::kernel::MAX_NODES {
                        return Err(
                            "was unable to place a task: no Fargate capacity (node limit reached)."
                                .into(),
                        );
                    }
                    let shape = crate::sim::kubelet::NodeShape {
                        cpu_milli: FARGATE_POOL_CPU_MILLI,
                        memory_bytes: FARGATE_POOL_MEMORY_BYTES,
                        zone: Some(zone.to_string()),
                    };
                    self.kubelet().add_hidden_machine(name.clone(), &shape)
                }
            };
            let count = self
                .state
                .tasks
                .values()
                .filter(|t| !t.is_stopped() && t.node == name)
                .count();
            if best.is_none_or(|(_, c)| count < c) {
                best = Some((idx, count));
            }
        }
        best.map(|(i, _)| i)
            .ok_or_else(|| "was unable to place a task: no Fargate capacity.".into())
    }

    /// The ECS control plane's pass: read every task's containers, stop the tasks ECS stops
    /// (essential exit, failed pull, lost host), finish the ones whose containers are gone,
    /// then let each service scheduler act. Returns whether anything changed (the world
    /// settles again until nothing does).
    pub(crate) fn reconcile(&mut self) -> bool {
        let dirty = std::mem::take(&mut self.k.ecs_wake);
        let mut changed = self.delete_drained_clusters();
        changed |= self.delete_released_target_groups();
        if !dirty
            && self.state.services.is_empty()
            && self.state.tasks.values().all(|t| t.is_stopped())
        {
            return changed;
        }
        // Services to reconcile: all after a command, a wake-up or a cluster change; else
        // those whose tasks changed.
        let mut touched: BTreeMap<String, ()> = BTreeMap::new();
        changed |= self.read_changed_tasks(&mut touched);
        changed |= self.end_tasks(&mut touched);
        changed |= self.reconcile_load_balancers();
        let services: Vec<String> = if dirty {
            self.state.services.keys().cloned().collect()
        } else {
            touched.into_keys().collect()
        };
        for name in services {
            changed |= self.reconcile_service(&name);
            changed |= self.retire_if_drained(&name);
        }
        // (Capacity freed by a stopped task reaches the other services through
        // `cluster_changed`, which marks ECS dirty.)
        if changed {
            self.prune_stopped_tasks();
        }
        changed
    }

    /// Reads the tasks whose pod or instance changed since their last reading (the store
    /// stamps every pod change; an instance's epoch moves when it fails or returns), stops
    /// those ECS stops, and notes in `touched` the services whose tasks changed. Returns
    /// whether it stopped any.
    fn read_changed_tasks(&mut self, touched: &mut BTreeMap<String, ()>) -> bool {
        let mut changed = false;
        let stale: Vec<String> = self
            .state
            .tasks
            .values()
            .filter(|t| !t.is_stopped() && Some(t.seen) != self.task_fingerprint(t))
            .map(|t| t.id.clone())
            .collect();
        for id in &stale {
            let Some(t) = self.state.tasks.get(id) else {
                continue;
            };
            let version = t.version;
            let service = t.service.clone();
            let result = self.refresh_task(id);
            if let Some((code, reason)) = result {
                let (deployment, ever_running) = {
                    let t = &self.state.tasks[id];
                    (t.deployment.clone(), t.ever_running)
                };
                self.stop_task(id, code, reason);
                // A lost host is not the task's failure (no circuit breaker, no throttling).
                if let (Some(s), false) = (&service, code == task::StopCode::TerminationNotice) {
                    self.task_failed(s, deployment.as_deref(), ever_running);
                }
                changed = true;
            }
            let fingerprint = self
                .state
                .tasks
                .get(id)
                .and_then(|t| self.task_fingerprint(t));
            if let Some(t) = self.state.tasks.get_mut(id) {
                if let Some(fp) = fingerprint {
                    t.seen = fp;
                }
                if t.version != version {
                    if let Some(s) = service {
                        touched.insert(s, ());
                    }
                }
            }
        }
        changed
    }

    /// A stopping task whose instance died: nothing will confirm its end; ECS counts the task
    /// as stopped with its host (a Kubernetes pod would stay Terminating instead). Then tasks
    /// whose pod is gone finish (DEPROVISIONING, STOPPED), noting their services in `touched`.
    /// Returns whether anything changed.
    fn end_tasks(&mut self, touched: &mut BTreeMap<String, ()>) -> bool {
        let mut changed = false;
        let ending: Vec<(String, PodId, Option<String>)> = self
            .state
            .tasks
            .values()
            .filter(|t| {
                !t.is_stopped() && (t.desired_stopped || !self.k.store.pods.contains_key(&t.pod))
            })
            .map(|t| (t.id.clone(), t.pod, t.service.clone()))
            .collect();
        for (id, pod, service) in ending {
            if self.k.store.pods.contains_key(&pod) && !self.agent_up_for_pod(pod) {
                self.k.remove_pod(pod);
                changed = true;
            }
            if self.finish_task(&id) {
                changed = true;
                if let Some(s) = service {
                    touched.insert(s, ());
                }
            }
        }
        changed
    }

    /// A deleted service is INACTIVE once its tasks are gone. Returns whether it became so.
    fn retire_if_drained(&mut self, name: &str) -> bool {
        let drained = self.state.services.get(name).is_some_and(|s| {
            s.status == ServiceStatus::Draining
                && !self
                    .state
                    .tasks
                    .values()
                    .any(|t| t.service.as_deref() == Some(name) && !t.is_stopped())
        });
        if drained {
            let now = self.k.now_ms;
            if let Some(s) = self.state.services.get_mut(name) {
                s.status = ServiceStatus::Inactive;
                s.inactive_ms = Some(now);
            }
        }
        drained
    }

    /// What a task's reading depends on: its pod's resourceVersion and its instance's epoch
    /// (`None` once the pod is gone).
    fn task_fingerprint(&self, t: &task::EcsTask) -> Option<(u64, u64)> {
        let pod = self.k.store.pods.get(&t.pod)?;
        let epoch = self
            .k
            .machine(&t.node)
            .map_or(u64::MAX, |i| self.agents[i].epoch);
        Some((pod.meta.resource_version, epoch))
    }

    /// Stopped tasks are visible for an hour, and at most [`task::STOPPED_MAX`] of them.
    fn prune_stopped_tasks(&mut self) {
        let now = self.k.now_ms;
        self.state.tasks.retain(|_, t| {
            t.stopped_ms
                .is_none_or(|s| now < s + task::STOPPED_RETENTION_MS)
        });
        let stopped = self.state.tasks.values().filter(|t| t.is_stopped()).count();
        if stopped > task::STOPPED_MAX {
            let mut old: Vec<(u64, String)> = self
                .state
                .tasks
                .values()
                .filter(|t| t.is_stopped())
                .map(|t| (t.seq, t.id.clone()))
                .collect();
            crate::base::sort::sort(&mut old);
            for (_, id) in old.into_iter().take(stopped - task::STOPPED_MAX) {
                self.state.tasks.remove(&id);
            }
        }
        // INACTIVE (deleted) services stay describable for an hour, like stopped tasks.
        self.state.services.retain(|_, s| {
            s.inactive_ms
                .is_none_or(|at| now < at + task::STOPPED_RETENTION_MS)
        });
        // A network configuration lives as long as its task or service.
        let s = &mut *self.state;
        s.networks
            .retain(|k, _| s.tasks.get(k).is_some() || s.services.get(k).is_some());
    }
}
