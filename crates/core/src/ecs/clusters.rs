//! ECS clusters: `default` (always there, holding this world's container instances) and the
//! ones made with `create-cluster`, which run Fargate tasks — an environment per cluster is how
//! teams usually lay ECS out (`test`, `staging`, `prod`, one per pull request).
//!
//! `create-cluster` is idempotent as in ECS (the same name returns the same cluster);
//! `delete-cluster` refuses while the cluster holds container instances, services (ACTIVE or
//! DRAINING) or tasks that have not stopped, with ECS's exceptions.

use serde_json::{json, Map, Value};

use crate::base::command::{Args, CommandError};
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::ecs_status::TaskStatus;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::NodeAgent;
use crate::sim::world::World;

use super::output::cluster_arn;
use super::{
    aws_error, aws_json, usage, EcsCluster, EcsEngine, EcsState, CLUSTERS_MAX, DEFAULT_CLUSTER,
};

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

impl World {
    /// `create-cluster`, `delete-cluster`, `list-clusters`, `describe-clusters`; `None` for
    /// other verbs.
    pub(crate) fn run_ecs_clusters(
        &mut self,
        verb: &str,
        args: &Args,
    ) -> Option<Result<String, CommandError>> {
        Some(match verb {
            "create-cluster" => self.cmd_create_cluster(args),
            "delete-cluster" => self.cmd_delete_cluster(args),
            "list-clusters" => Ok(()).map(|_| {
                let arns: Vec<String> = self
                    .ecs
                    .cluster_names()
                    .iter()
                    .map(|n| cluster_arn(n))
                    .collect();
                aws_json(&json!({"clusterArns": arns}))
            }),
            "describe-clusters" => self.cmd_describe_clusters(args),
            _ => return None,
        })
    }

    fn cluster_json(&self, name: &str, status: &str) -> Value {
        let c = self.ecs.cluster_counts(&self.k, &self.agents, name);
        let mut o = Map::new();
        o.insert("clusterArn".into(), json!(cluster_arn(name)));
        o.insert("clusterName".into(), json!(name));
        o.insert("status".into(), json!(status));
        o.insert(
            "registeredContainerInstancesCount".into(),
            json!(c.instances),
        );
        o.insert("runningTasksCount".into(), json!(c.running));
        o.insert("pendingTasksCount".into(), json!(c.pending));
        o.insert("activeServicesCount".into(), json!(c.services));
        o.insert("statistics".into(), json!([]));
        o.insert("tags".into(), json!([]));
        o.insert(
            "settings".into(),
            json!([{"name": "containerInsights", "value": "disabled"}]),
        );
        o.insert("capacityProviders".into(), json!([]));
        o.insert("defaultCapacityProviderStrategy".into(), json!([]));
        Value::Object(o)
    }

    fn cmd_create_cluster(&mut self, args: &Args) -> Result<String, CommandError> {
        let o = args.values();
        let name = o.get("cluster-name").copied().unwrap_or(DEFAULT_CLUSTER);
        self.ecs_engine().create_cluster(name)?;
        Ok(aws_json(
            &json!({"cluster": self.cluster_json(name, "ACTIVE")}),
        ))
    }

    fn cmd_delete_cluster(&mut self, args: &Args) -> Result<String, CommandError> {
        const OP: &str = "DeleteCluster";
        let o = args.values();
        let given = o
            .get("cluster")
            .ok_or_else(|| usage("the following arguments are required: --cluster"))?;
        let name = self.ecs.check_cluster(given, OP)?;
        let out = self.cluster_json(&name, "INACTIVE");
        self.ecs_engine().delete_cluster(&name)?;
        Ok(aws_json(&json!({"cluster": out})))
    }

    fn cmd_describe_clusters(&mut self, args: &Args) -> Result<String, CommandError> {
        let names = args.list("clusters");
        let names: Vec<&str> = if names.is_empty() {
            vec![DEFAULT_CLUSTER]
        } else {
            names
        };
        let mut found = Vec::new();
        let mut failures = Vec::new();
        for n in names {
            let short = n.rsplit('/').next().unwrap_or(n);
            if short == DEFAULT_CLUSTER || self.ecs.clusters.contains_key(short) {
                found.push(self.cluster_json(short, "ACTIVE"));
            } else {
                failures.push(json!({"arn": cluster_arn(short), "reason": "MISSING"}));
            }
        }
        Ok(aws_json(&json!({"clusters": found, "failures": failures})))
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
