//! ECS clusters: `default` (always there, holding this world's container instances) and the
//! ones made with `create-cluster`, which run Fargate tasks — an environment per cluster is how
//! teams usually lay ECS out (`test`, `staging`, `prod`, one per pull request).
//!
//! `create-cluster` is idempotent as in ECS (the same name returns the same cluster);
//! `delete-cluster` refuses while the cluster holds container instances, services (ACTIVE or
//! DRAINING) or tasks that have not stopped, with ECS's exceptions; an environment's cluster is
//! deleted once drained. What a cluster counts is read here too; the commands are
//! `lang::aws::ecs`'s.

use crate::base::command::CommandError;
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::ecs_status::TaskStatus;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::NodeAgent;

use super::{aws_error, EcsCluster, EcsEngine, EcsState, CLUSTERS_MAX, DEFAULT_CLUSTER};

/// What `describe-clusters` counts for one cluster.
pub(crate) struct ClusterCounts {
    pub instances: usize,
    pub running: usize,
    pub pending: usize,
    pub services: usize,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 255
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl EcsState {
    /// `default` first, then the others by name.
    pub fn cluster_names(&self) -> Vec<String> {
        std::iter::once(DEFAULT_CLUSTER.to_string())
            .chain(self.clusters.keys().cloned())
            .collect()
    }

    /// What `describe-clusters` counts for `cluster`.
    pub(crate) fn cluster_counts(
        &self,
        k: &Kernel,
        agents: &[NodeAgent],
        cluster: &str,
    ) -> ClusterCounts {
        let mut c = ClusterCounts {
            instances: if cluster == DEFAULT_CLUSTER {
                self.container_instances(k, agents).len()
            } else {
                0
            },
            running: 0,
            pending: 0,
            services: 0,
        };
        for t in self.tasks.values() {
            if t.cluster != cluster || t.is_stopped() {
                continue;
            }
            match t.last_status(&k.store) {
                TaskStatus::Running => c.running += 1,
                TaskStatus::Provisioning | TaskStatus::Pending => c.pending += 1,
                _ => {}
            }
        }
        c.services = self
            .services
            .values()
            .filter(|s| s.cluster == cluster && s.status != ServiceStatus::Inactive)
            .count();
        c
    }

    /// Why `cluster` cannot be deleted now, as ECS says it.
    pub(crate) fn cluster_delete_refusal(
        &self,
        k: &Kernel,
        agents: &[NodeAgent],
        cluster: &str,
    ) -> Option<CommandError> {
        const OP: &str = "DeleteCluster";
        let c = self.cluster_counts(k, agents, cluster);
        let busy_tasks = self
            .tasks
            .values()
            .any(|t| t.cluster == cluster && !t.is_stopped());
        if c.instances > 0 {
            Some(aws_error(
                "ClusterContainsContainerInstancesException",
                OP,
                "The Cluster cannot be deleted while Container Instances are active or draining.",
            ))
        } else if c.services > 0 {
            Some(aws_error(
                "ClusterContainsServicesException",
                OP,
                "The Cluster cannot be deleted while Services are active.",
            ))
        } else if busy_tasks {
            Some(aws_error(
                "ClusterContainsTasksException",
                OP,
                "The Cluster cannot be deleted while Tasks are active.",
            ))
        } else {
            None
        }
    }
}

impl EcsEngine<'_> {
    /// CreateCluster: makes `name` (nothing to do when it exists: `create-cluster` is
    /// idempotent).
    pub(crate) fn create_cluster(&mut self, name: &str) -> Result<(), CommandError> {
        const OP: &str = "CreateCluster";
        if !valid_name(name) {
            return Err(aws_error(
                "InvalidParameterException",
                OP,
                "Cluster name can have up to 255 characters, letters (uppercase and lowercase), numbers, hyphens and underscores are allowed.",
            ));
        }
        if name == DEFAULT_CLUSTER {
            return Ok(());
        }
        if let Some(c) = self.state.clusters.get_mut(name) {
            c.delete_when_drained = false;
            return Ok(());
        }
        if self.state.clusters.len() >= CLUSTERS_MAX {
            return Err(aws_error(
                "ClientException",
                OP,
                format!("Too many clusters (at most {CLUSTERS_MAX} besides default in Sunaba)."),
            ));
        }
        let now = self.k.now_ms;
        self.state.clusters.insert(
            name.to_string(),
            EcsCluster {
                created_ms: now,
                delete_when_drained: false,
            },
        );
        Ok(())
    }

    /// DeleteCluster: removes `name`, refused while it holds container instances, services or
    /// tasks that have not stopped; `default` always stays.
    pub(crate) fn delete_cluster(&mut self, name: &str) -> Result<(), CommandError> {
        const OP: &str = "DeleteCluster";
        if let Some(e) = self.state.cluster_delete_refusal(self.k, self.agents, name) {
            return Err(e);
        }
        if name == DEFAULT_CLUSTER {
            return Err(aws_error(
                "InvalidParameterException",
                OP,
                "Sunaba keeps the default cluster: it is where this world's machines register as container instances.",
            ));
        }
        self.state.clusters.remove(name);
        Ok(())
    }

    /// Deletes the clusters waiting for their services and tasks to be gone. Returns whether
    /// it deleted one.
    pub(crate) fn delete_drained_clusters(&mut self) -> bool {
        let ready: Vec<String> = self
            .state
            .clusters
            .iter()
            .filter(|(name, c)| {
                c.delete_when_drained
                    && self
                        .state
                        .cluster_delete_refusal(self.k, self.agents, name)
                        .is_none()
            })
            .map(|(name, _)| name.clone())
            .collect();
        for name in &ready {
            self.state.clusters.remove(name);
            self.k.emit(
                crate::sim::events::EventType::Normal,
                Reason::ClusterDeleted,
                format!("cluster/{name}"),
                &super::task_namespace(name),
                format!("cluster {name} deleted: its services are INACTIVE and its tasks STOPPED"),
                Component::Ecs,
            );
        }
        !ready.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::valid_name;

    #[test]
    fn cluster_names_follow_ecs_rules() {
        assert!(valid_name("pr-12_staging"));
        assert!(!valid_name(""));
        assert!(!valid_name("a/b"));
        assert!(!valid_name(&"x".repeat(256)));
    }
}
