//! Amazon ECS: task definitions registered with revisions, tasks placed on container instances
//! (or Fargate), services kept at their desired count by the service scheduler, clusters.
//!
//! Tasks run on the same simulated agents, runtime and crash model as Kubernetes pods
//! ([`task`]); what ECS does differently — replace a task instead of restarting a container,
//! its placement engine ([`placement`]), its service scheduler with percent-based rolling
//! updates, circuit breaker and throttling ([`service`]) — lives here.
//!
//! ECS owns its state ([`EcsState`]). For each call the facade builds an [`EcsEngine`] over it,
//! the kernel it shares with Kubernetes, the agents and what lies outside the cluster: the
//! reconcile pass at the end of every settle (`reconcile.rs`), its timers, and the API's
//! operations that change state (`api.rs`: register a task definition, run tasks, create,
//! update and delete a service, drain instances; `clusters.rs`: create and delete a cluster).
//! What ECS reports — a task's lastStatus, service and cluster counts, container instances,
//! the view (`view.rs`) — is read from `EcsState` with the kernel and agents it reads. The
//! `aws ecs` commands (options, JSON shaped like the AWS CLI's) are the command layer's
//! (`lang::aws::ecs`); the errors are ECS's, made here: `An error occurred (ClientException)
//! when calling the RegisterTaskDefinition operation: …`.
//!
//! Layer 3, **ecs**: may import [`crate::base`], [`crate::input`] and [`crate::sim`].

mod api;
mod clusters;
pub mod load_balancing;
pub mod logs;
pub mod network;
pub mod placement;
mod reading;
mod reconcile;
mod released;
mod scale;
pub mod service;
pub mod task;
mod view;

use std::collections::BTreeMap;

use crate::base::command::CommandError;
use crate::input::definitions::ecs::TaskDefinition;
use crate::input::model::Millis;
use crate::sim::controllers::Controllers;
use crate::sim::ecs_status::{InstanceStatus, TaskStatus};
use crate::sim::history::History;
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::{Kubelet, NodeAgent};
use crate::sim::outside::Outside;

pub(crate) use api::{check_launch_type, RunTask};

/// The simulated account and region (ARNs, registries).
pub const ACCOUNT_ID: &str = "123456789012";
pub const REGION: &str = "us-east-1";
/// Revisions kept per family (the real limit is 1,000,000; a playground needs far fewer).
pub const REVISIONS_MAX: usize = 1_000;
pub const FAMILIES_MAX: usize = 1_000;

/// The cluster every command uses when `--cluster` is not given. It always exists and holds
/// the container instances (this world's nodes); other clusters run Fargate tasks.
pub const DEFAULT_CLUSTER: &str = "default";
/// Clusters besides `default` (the real quota is 10,000 per Region).
pub const CLUSTERS_MAX: usize = 32;

/// A cluster made with `create-cluster`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsCluster {
    pub created_ms: Millis,
    /// Deleted once its services and tasks are gone (an environment's deletion waits for
    /// them like `aws ecs wait services-inactive` before `delete-cluster`).
    pub delete_when_drained: bool,
}

/// How services are keyed: `CLUSTER/NAME`, the resource part of the service ARN.
pub fn service_id(cluster: &str, name: &str) -> String {
    format!("{cluster}/{name}")
}

pub use crate::sim::ecs_status::task_namespace;

/// One registered revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registered {
    pub revision: u32,
    pub definition: TaskDefinition,
    pub registered_ms: Millis,
    pub active: bool,
}

/// Everything ECS knows: task definitions, tasks (by id), services (by name), clusters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EcsState {
    /// Every family's revisions, oldest first.
    pub families: BTreeMap<String, Vec<Registered>>,
    pub tasks: crate::base::object_map::ObjectMap<String, task::EcsTask>,
    /// By [`service_id`] (`CLUSTER/NAME`): a name is unique within its cluster.
    pub services: crate::base::object_map::ObjectMap<String, service::EcsService>,
    /// The clusters besides `default` (which always exists), by name.
    pub clusters: crate::base::object_map::ObjectMap<String, EcsCluster>,
    /// Creation counter of tasks.
    pub(crate) seq: u64,
    /// awsvpc: the network configuration of each task (by id) or service (by key) given one.
    pub networks: crate::base::object_map::ObjectMap<String, network::AwsvpcConfig>,
    /// CloudWatch Logs groups made with `aws logs create-log-group`, with when.
    pub log_groups: crate::base::object_map::ObjectMap<String, crate::input::model::Millis>,
    /// Elastic Load Balancing: the load balancers, target groups and targets tasks register in.
    pub elb: crate::elb::ElbState,
    /// Target groups to delete once their services are INACTIVE ([`released`]).
    pub(crate) target_groups_to_delete: Vec<String>,
}

/// Amazon ECS at work on one cluster: its state, the kernel it shares with Kubernetes (tasks
/// are pods on the same machines), the agents that run the tasks' containers, the record its
/// service schedulers keep, and what lies outside the cluster (registries, the account's SSM
/// parameters). The facade builds one for each call (`World::ecs_engine`); nothing else is
/// reachable from here.
pub(crate) struct EcsEngine<'a> {
    pub(crate) state: &'a mut EcsState,
    pub(crate) k: &'a mut Kernel,
    pub(crate) agents: &'a mut Vec<NodeAgent>,
    pub(crate) history: &'a mut History,
    pub(crate) out: &'a dyn Outside,
}

impl EcsEngine<'_> {
    /// The kubelets that run the tasks' containers.
    fn kubelet(&mut self) -> Kubelet<'_> {
        Kubelet {
            agents: &mut *self.agents,
            k: &mut *self.k,
            out: self.out,
        }
    }

    /// The controllers, whose store objects a task's pod is made like.
    fn controllers(&mut self) -> Controllers<'_> {
        Controllers {
            k: &mut *self.k,
            history: &mut *self.history,
            agents: &mut *self.agents,
            out: self.out,
        }
    }
}

/// An ECS exception as the AWS CLI prints it: `An error occurred (CODE) when calling the
/// OPERATION operation: MESSAGE`.
pub(crate) fn aws_error(code: &str, operation: &str, message: impl AsRef<str>) -> CommandError {
    CommandError::new(format!(
        "An error occurred ({code}) when calling the {operation} operation: {}",
        message.as_ref()
    ))
}

impl EcsState {
    /// The cluster a `--cluster` value (a name or an ARN) means: `default` or one made with
    /// `create-cluster`.
    pub(crate) fn check_cluster(&self, cluster: &str, op: &str) -> Result<String, CommandError> {
        let name = cluster.rsplit('/').next().unwrap_or(cluster);
        if name == DEFAULT_CLUSTER || self.clusters.contains_key(name) {
            Ok(name.to_string())
        } else {
            Err(aws_error(
                "ClusterNotFoundException",
                op,
                "Cluster not found.",
            ))
        }
    }

    /// The cluster's machines as ECS sees them (the same agents Kubernetes calls nodes).
    pub fn container_instances(&self, k: &Kernel, agents: &[NodeAgent]) -> Vec<ContainerInstance> {
        k.node_index
            .iter()
            .filter(|&(_, &i)| !agents[i].fargate)
            .map(|(name, &i)| {
                let info = &k.nodes[i];
                let agent = &agents[i];
                let units = |milli: u64| milli * 1024 / 1000;
                let mib = |bytes: u64| bytes / (1024 * 1024);
                let tasks = self
                    .tasks
                    .values()
                    .filter(|t| !t.is_stopped() && t.node == *name);
                let (mut running, mut pending) = (0, 0);
                for t in tasks {
                    match t.last_status(&k.store) {
                        TaskStatus::Running => running += 1,
                        TaskStatus::Provisioning | TaskStatus::Pending => pending += 1,
                        _ => {}
                    }
                }
                ContainerInstance {
                    node: name.clone(),
                    id: container_instance_id(name),
                    ec2_instance_id: ec2_instance_id(name),
                    running_tasks: running,
                    pending_tasks: pending,
                    status: if info.unschedulable {
                        InstanceStatus::Draining
                    } else {
                        InstanceStatus::Active
                    },
                    agent_connected: agent.up,
                    cpu_units: units(info.cpu_allocatable_milli),
                    memory_mib: mib(info.memory_allocatable_bytes),
                    cpu_remaining: units(
                        info.cpu_allocatable_milli
                            .saturating_sub(info.cpu_requested_milli),
                    ),
                    memory_remaining: mib(info
                        .memory_allocatable_bytes
                        .saturating_sub(info.memory_requested_bytes)),
                    zone: ecs_zone(&agent.zone),
                }
            })
            .collect()
    }
    /// `family`, `family:REV` or a task definition ARN; `family` alone = the latest ACTIVE.
    pub fn find_task_definition(&self, id: &str, op: &str) -> Result<&Registered, CommandError> {
        let id = id
            .rsplit_once("task-definition/")
            .map_or(id, |(_, rest)| rest);
        let (family, revision) = match id.rsplit_once(':') {
            Some((f, r)) => {
                let r: u32 = r.parse().map_err(|_| {
                    aws_error(
                        "ClientException",
                        op,
                        format!("Invalid revision number. Number: {r}"),
                    )
                })?;
                (f, Some(r))
            }
            None => (id, None),
        };
        let revs = self.families.get(family).ok_or_else(|| {
            aws_error("ClientException", op, "Unable to describe task definition.")
        })?;
        let found = match revision {
            Some(r) => revs.iter().find(|x| x.revision == r),
            None => revs.iter().rev().find(|x| x.active),
        };
        found.ok_or_else(|| aws_error("ClientException", op, "Unable to describe task definition."))
    }
}

/// A machine of the cluster as ECS describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerInstance {
    /// The node it is (the same simulated agent).
    pub node: String,
    /// 32 hex digits, stable for the node's name.
    pub id: String,
    pub ec2_instance_id: String,
    /// ACTIVE, or DRAINING while cordoned.
    pub status: crate::sim::ecs_status::InstanceStatus,
    pub agent_connected: bool,
    /// CPU units (1,024 per vCPU) and MiB.
    pub cpu_units: u64,
    pub memory_mib: u64,
    pub cpu_remaining: u64,
    pub memory_remaining: u64,
    pub zone: String,
    pub running_tasks: u32,
    pub pending_tasks: u32,
}

/// 32 hex digits, stable for the node's name.
pub fn container_instance_id(node: &str) -> String {
    let h1 = crate::base::rng::fnv32a(node.as_bytes());
    let h2 = crate::base::rng::fnv32a(format!("{node}/instance").as_bytes());
    format!(
        "{h1:08x}{h2:08x}{:08x}{:08x}",
        h1 ^ 0x5eed_5eed,
        h2.rotate_left(7)
    )
}

/// `i-0…`, stable for the node's name.
pub fn ec2_instance_id(node: &str) -> String {
    let h1 = crate::base::rng::fnv32a(node.as_bytes());
    let h2 = crate::base::rng::fnv32a(format!("{node}/instance").as_bytes());
    format!("i-0{h1:08x}{:08x}", h2 >> 4)
}

/// The EC2 instance type of a machine's size (the general-purpose family, else a custom name).
pub fn instance_type(cpu_milli: u64, memory_bytes: u64) -> String {
    let gib = memory_bytes >> 30;
    match (cpu_milli / 1000, gib) {
        (2, 4) => "c5.large".into(),
        (2, 8) => "m5.large".into(),
        (4, 8) => "c5.xlarge".into(),
        (4, 16) => "m5.xlarge".into(),
        (8, 32) => "m5.2xlarge".into(),
        (16, 64) => "m5.4xlarge".into(),
        (c, g) => format!("custom.{c}cpu.{g}gib"),
    }
}

/// `zone-a` → `us-east-1a`; other zone names are kept.
pub(crate) fn ecs_zone(zone: &str) -> String {
    match zone.strip_prefix("zone-") {
        Some(letter) if letter.len() == 1 => format!("{REGION}{letter}"),
        _ => zone.to_owned(),
    }
}
