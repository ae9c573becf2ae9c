//! Amazon ECS: task definitions registered with revisions, tasks placed on container instances
//! (or Fargate), services kept at their desired count by the service scheduler, and the
//! `aws ecs` commands, printing JSON shaped like the AWS CLI's (4-space indent, the API's field
//! names).
//!
//! Tasks run on the same simulated agents, runtime and crash model as Kubernetes pods
//! ([`task`]); what ECS does differently — replace a task instead of restarting a container,
//! its placement engine ([`placement`]), its service scheduler with percent-based rolling
//! updates, circuit breaker and throttling ([`service`]) — lives here.
//!
//! Commands: `register-task-definition --cli-input-json file://PATH`,
//! `describe-task-definition`, `list-task-definitions`, `deregister-task-definition`,
//! `list-container-instances`, `describe-container-instances` (here) and `run-task`,
//! `stop-task`, `list-tasks`, `describe-tasks`, `create-service`, `update-service`,
//! `delete-service`, `describe-services`, `list-services` ([`commands`]). Errors read like the
//! AWS CLI's: `An error occurred (ClientException) when calling the RegisterTaskDefinition
//! operation: …`.
//!
//! Layer 3, **ecs**: may import [`crate::base`], [`crate::input`] and [`crate::sim`].

mod api;
mod clusters;
mod commands;
pub mod convert;
pub mod output;
pub mod placement;
mod reconcile;
pub mod service;
pub mod task;
mod view;

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::base::command::{Args, CommandError};
use crate::input::definitions::ecs::{DependsOn, NetworkMode, TaskDefinition};
use crate::input::definitions::{self, EcsDefinition, Severity};
use crate::input::files::FileSource;
use crate::input::model::Millis;
use crate::sim::controllers::Controllers;
use crate::sim::ecs_status::{InstanceStatus, TaskStatus};
use crate::sim::history::History;
use crate::sim::kernel::Kernel;
use crate::sim::kubelet::{Kubelet, NodeAgent};
use crate::sim::outside::Outside;
use crate::sim::world::World;

pub(crate) use api::RunTask;

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

/// Everything ECS knows: task definitions, tasks (by id), services (by name).
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

pub(crate) fn aws_error(code: &str, operation: &str, message: impl AsRef<str>) -> CommandError {
    CommandError::new(format!(
        "An error occurred ({code}) when calling the {operation} operation: {}",
        message.as_ref()
    ))
}

/// The `aws ecs` operations Sunaba simulates.
pub const OPERATIONS: &[&str] = &[
    "create-cluster",
    "create-service",
    "delete-cluster",
    "delete-service",
    "deregister-task-definition",
    "describe-clusters",
    "describe-container-instances",
    "describe-services",
    "describe-task-definition",
    "describe-tasks",
    "list-clusters",
    "list-container-instances",
    "list-services",
    "list-task-definitions",
    "list-tasks",
    "register-task-definition",
    "run-task",
    "stop-task",
    "update-container-instances-state",
    "update-service",
];

pub(crate) fn usage(message: &str) -> CommandError {
    CommandError::new(format!(
        "usage: aws ecs <command> [options]\naws: error: {message}\n(supported: {})",
        OPERATIONS.join(", ")
    ))
}

pub fn task_definition_arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task-definition/{family}:{revision}")
}

/// `2026-11-28T10:00:05.768000+00:00`, as the AWS CLI v2 prints timestamps: Python's
/// `datetime.isoformat()`, which leaves the fraction out on a whole second
/// (`2026-11-28T10:00:05+00:00`, aws/aws-cli#5912).
pub(crate) fn aws_time(ms: Millis) -> String {
    let base = crate::base::clock::rfc3339(ms);
    let base = base.trim_end_matches('Z');
    match ms % 1000 {
        0 => format!("{base}+00:00"),
        frac => format!("{base}.{frac:03}000+00:00"),
    }
}

/// The `taskDefinition` object of `describe-task-definition`.
pub fn task_definition_json(r: &Registered) -> Value {
    let t = &r.definition;
    let containers: Vec<Value> = t
        .containers
        .iter()
        .map(|c| {
            let mut o = serde_json::Map::new();
            o.insert("name".into(), json!(c.name));
            o.insert("image".into(), json!(c.image));
            o.insert("cpu".into(), json!(c.cpu));
            if let Some(m) = c.memory {
                o.insert("memory".into(), json!(m));
            }
            if let Some(m) = c.memory_reservation {
                o.insert("memoryReservation".into(), json!(m));
            }
            o.insert(
                "portMappings".into(),
                json!(c
                    .port_mappings
                    .iter()
                    .map(|(cp, hp)| {
                        let host = match (t.network_mode, hp) {
                            (NetworkMode::Awsvpc | NetworkMode::Host, _) => *cp,
                            (_, Some(h)) => *h,
                            (_, None) => 0,
                        };
                        json!({"containerPort": cp, "hostPort": host, "protocol": "tcp"})
                    })
                    .collect::<Vec<_>>()),
            );
            o.insert("essential".into(), json!(c.essential));
            if !c.entry_point.is_empty() {
                o.insert("entryPoint".into(), json!(c.entry_point));
            }
            if !c.command.is_empty() {
                o.insert("command".into(), json!(c.command));
            }
            o.insert(
                "environment".into(),
                json!(c
                    .environment
                    .iter()
                    .map(|(n, v)| json!({"name": n, "value": v}))
                    .collect::<Vec<_>>()),
            );
            if !c.secrets.is_empty() {
                o.insert(
                    "secrets".into(),
                    json!(c
                        .secrets
                        .iter()
                        .map(|(n, v)| json!({"name": n, "valueFrom": v}))
                        .collect::<Vec<_>>()),
                );
            }
            if !c.depends_on.is_empty() {
                o.insert(
                    "dependsOn".into(),
                    json!(c
                        .depends_on
                        .iter()
                        .map(|(n, cond)| {
                            let cond = match cond {
                                DependsOn::Start => "START",
                                DependsOn::Complete => "COMPLETE",
                                DependsOn::Success => "SUCCESS",
                                DependsOn::Healthy => "HEALTHY",
                            };
                            json!({"containerName": n, "condition": cond})
                        })
                        .collect::<Vec<_>>()),
                );
            }
            o.insert("stopTimeout".into(), json!(c.stop_timeout));
            if let Some(h) = &c.health_check {
                o.insert(
                    "healthCheck".into(),
                    json!({"command": h.command, "interval": h.interval, "timeout": h.timeout,
                           "retries": h.retries, "startPeriod": h.start_period}),
                );
            }
            if let Some(d) = &c.log_driver {
                o.insert("logConfiguration".into(), json!({"logDriver": d}));
            }
            if let Some(r) = &c.restart_policy {
                o.insert(
                    "restartPolicy".into(),
                    json!({"enabled": true, "ignoredExitCodes": r.ignored_exit_codes,
                           "restartAttemptPeriod": r.restart_attempt_period}),
                );
            }
            Value::Object(o)
        })
        .collect();
    let mut o = serde_json::Map::new();
    o.insert(
        "taskDefinitionArn".into(),
        json!(task_definition_arn(&t.family, r.revision)),
    );
    o.insert("containerDefinitions".into(), json!(containers));
    o.insert("family".into(), json!(t.family));
    let mode = match t.network_mode {
        NetworkMode::Bridge => "bridge",
        NetworkMode::Host => "host",
        NetworkMode::Awsvpc => "awsvpc",
        NetworkMode::None => "none",
    };
    o.insert("networkMode".into(), json!(mode));
    o.insert("revision".into(), json!(r.revision));
    o.insert(
        "status".into(),
        json!(if r.active { "ACTIVE" } else { "INACTIVE" }),
    );
    let fargate_ok = t.network_mode == NetworkMode::Awsvpc && t.cpu.is_some() && t.memory.is_some();
    let compat: Vec<&str> = if fargate_ok {
        vec!["EC2", "FARGATE"]
    } else {
        vec!["EC2"]
    };
    o.insert("compatibilities".into(), json!(compat));
    o.insert(
        "requiresCompatibilities".into(),
        json!(t
            .requires_compatibilities
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()),
    );
    if let Some(c) = t.cpu {
        o.insert("cpu".into(), json!(c.to_string()));
    }
    if let Some(m) = t.memory {
        o.insert("memory".into(), json!(m.to_string()));
    }
    o.insert("registeredAt".into(), json!(aws_time(r.registered_ms)));
    o.insert(
        "registeredBy".into(),
        json!(format!("arn:aws:iam::{ACCOUNT_ID}:user/learner")),
    );
    Value::Object(o)
}

/// Pretty JSON with the AWS CLI's 4-space indent and a final newline.
pub fn aws_json(v: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    // Serialising a `Value` into memory cannot fail.
    let _ = serde::Serialize::serialize(v, &mut ser);
    let mut s = String::from_utf8(out).unwrap_or_default();
    s.push('\n');
    s
}

/// `--cli-input-json file://PATH`: the file's ECS definitions, or the AWS CLI's error — a
/// ClientException/InvalidParameterException where ECS would refuse it — with where it is
/// (which the AWS CLI does not say). `example` is the file name the hint suggests; `flags` are
/// the fields given as flags next to the file, merged in first as the AWS CLI does
/// ([`definitions::load_overriding`]).
pub(crate) fn read_cli_input(
    input: &str,
    files: &dyn FileSource,
    op: &str,
    example: &str,
    flags: &[(&str, Option<&str>)],
) -> Result<(String, Vec<EcsDefinition>), CommandError> {
    let Some(path) = input.strip_prefix("file://") else {
        return Err(CommandError::new(format!(
            "Error parsing parameter 'cli-input-json': Invalid JSON: {input:?} (hint: pass a file as file://{example})"
        )));
    };
    let text = files.read(path).map_err(|e| {
        CommandError::new(format!(
            "Error parsing parameter 'cli-input-json': Unable to load paramfile file://{path}: {e}"
        ))
    })?;
    let loaded = definitions::load_overriding(path, &text, flags);
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        let located = format!("{}:{}:{}", d.file, d.line, d.column);
        return Err(match d.message.split_once(": ") {
            Some((code @ ("ClientException" | "InvalidParameterException"), msg)) => {
                CommandError::new(format!(
                    "{}\n  at {located}",
                    aws_error(code, op, msg).message
                ))
            }
            _ => CommandError::new(format!("{}\n  at {located}", d.message)),
        });
    }
    Ok((
        path.to_owned(),
        loaded.ecs.into_iter().map(|e| e.definition).collect(),
    ))
}

impl World {
    /// One `aws ecs` operation, its options already parsed by the command language.
    pub(crate) fn run_ecs_operation(
        &mut self,
        verb: &str,
        args: &Args,
        files: &dyn FileSource,
    ) -> Result<String, CommandError> {
        match verb {
            "register-task-definition" => {
                let o = args.values();
                let Some(input) = o.get("cli-input-json") else {
                    return Err(usage(
                        "the following arguments are required: --cli-input-json (file://task.json)",
                    ));
                };
                self.register_task_definition(input, files)
            }
            "describe-task-definition" => {
                let o = args.values();
                let id = o.get("task-definition").ok_or_else(|| {
                    usage("the following arguments are required: --task-definition")
                })?;
                let r = self
                    .ecs
                    .find_task_definition(id, "DescribeTaskDefinition")?;
                Ok(aws_json(
                    &json!({"taskDefinition": task_definition_json(r)}),
                ))
            }
            "list-task-definitions" => {
                let o = args.values();
                let prefix = o.get("family-prefix").copied().unwrap_or("");
                let want_active = match o.get("status").copied() {
                    None | Some("ACTIVE") => true,
                    Some("INACTIVE") => false,
                    Some(s) => {
                        return Err(usage(&format!(
                        "argument --status: Invalid choice: {s:?} (choose from ACTIVE, INACTIVE)"
                    )))
                    }
                };
                let arns: Vec<String> = self
                    .ecs
                    .families
                    .iter()
                    .filter(|(f, _)| f.starts_with(prefix))
                    .flat_map(|(f, revs)| {
                        revs.iter()
                            .filter(|r| r.active == want_active)
                            .map(|r| task_definition_arn(f, r.revision))
                    })
                    .collect();
                Ok(aws_json(&json!({"taskDefinitionArns": arns})))
            }
            "deregister-task-definition" => {
                let o = args.values();
                let id = o.get("task-definition").ok_or_else(|| {
                    usage("the following arguments are required: --task-definition")
                })?;
                let r = self.ecs.deregister_definition(id)?;
                Ok(aws_json(
                    &json!({"taskDefinition": task_definition_json(r)}),
                ))
            }
            "list-container-instances" => {
                let o = args.values();
                let cluster = o.get("cluster").copied().unwrap_or("default");
                self.ecs.check_cluster(cluster, "ListContainerInstances")?;
                let arns: Vec<String> = self
                    .ecs
                    .container_instances(&self.k, &self.agents)
                    .iter()
                    .map(|ci| container_instance_arn(cluster, &ci.id))
                    .collect();
                Ok(aws_json(&json!({"containerInstanceArns": arns})))
            }
            "update-container-instances-state" => {
                const OP: &str = "UpdateContainerInstancesState";
                let ids = args.list("container-instances");
                let o = args.values();
                self.ecs
                    .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
                let on = match o.get("status").copied() {
                    Some("DRAINING") => true,
                    Some("ACTIVE") => false,
                    Some(other) => {
                        return Err(usage(&format!(
                            "argument --status: Invalid choice: {other:?} (choose from ACTIVE, DRAINING)"
                        )))
                    }
                    None => {
                        return Err(usage("the following arguments are required: --status"))
                    }
                };
                if ids.is_empty() {
                    return Err(usage(
                        "the following arguments are required: --container-instances",
                    ));
                }
                let mut failures = Vec::new();
                let mut nodes = Vec::new();
                for id in ids {
                    let short = id.rsplit('/').next().unwrap_or(id);
                    match self
                        .ecs
                        .container_instances(&self.k, &self.agents)
                        .into_iter()
                        .find(|ci| ci.id == short || ci.node == short)
                    {
                        Some(ci) => nodes.push(ci.node),
                        None => failures.push(json!({"arn": container_instance_arn("default", short), "reason": "MISSING"})),
                    }
                }
                self.ecs_engine().update_instances_state(&nodes, on);
                self.settle();
                let all = self.ecs.container_instances(&self.k, &self.agents);
                let found: Vec<Value> = all
                    .iter()
                    .filter(|ci| nodes.contains(&ci.node))
                    .map(|ci| container_instance_json("default", ci))
                    .collect();
                Ok(aws_json(
                    &json!({"containerInstances": found, "failures": failures}),
                ))
            }
            "describe-container-instances" => {
                // `--container-instances a b c`: one option, several values, as the AWS CLI takes lists.
                let ids = args.list("container-instances");
                let o = args.values();
                let cluster = o.get("cluster").copied().unwrap_or("default");
                self.ecs
                    .check_cluster(cluster, "DescribeContainerInstances")?;
                if ids.is_empty() {
                    return Err(usage(
                        "the following arguments are required: --container-instances",
                    ));
                }
                let all = self.ecs.container_instances(&self.k, &self.agents);
                let mut found = Vec::new();
                let mut failures = Vec::new();
                for id in ids {
                    let short = id.rsplit('/').next().unwrap_or(id);
                    match all.iter().find(|ci| ci.id == short || ci.node == short) {
                        Some(ci) => found.push(container_instance_json(cluster, ci)),
                        None => failures.push(json!({"arn": container_instance_arn(cluster, short), "reason": "MISSING"})),
                    }
                }
                Ok(aws_json(
                    &json!({"containerInstances": found, "failures": failures}),
                ))
            }
            other => match self
                .run_ecs_runtime(other, args, files)
                .or_else(|| self.run_ecs_clusters(other, args))
            {
                Some(result) => result,
                None => Err(usage(&format!(
                    "argument operation: Invalid choice: {other:?}"
                ))),
            },
        }
    }

    fn register_task_definition(
        &mut self,
        input: &str,
        files: &dyn FileSource,
    ) -> Result<String, CommandError> {
        const OP: &str = "RegisterTaskDefinition";
        let (path, definitions) = read_cli_input(input, files, OP, "task.json", &[])?;
        let mut tasks = definitions.into_iter().filter_map(|d| match d {
            EcsDefinition::Task(t) => Some(t),
            EcsDefinition::Service(_) => None,
        });
        let (Some(def), None) = (tasks.next(), tasks.next()) else {
            return Err(CommandError::new(format!(
                "Parameter validation failed: {path} must hold one task definition (an object with family and containerDefinitions)"
            )));
        };
        let family = def.family.clone();
        let revision = self.ecs_engine().register_definition(def)?;
        let r = self
            .ecs
            .families
            .get(&family)
            .and_then(|revs| revs.iter().find(|r| r.revision == revision))
            .ok_or_else(|| {
                aws_error("ClientException", OP, "Unable to describe task definition.")
            })?;
        Ok(aws_json(
            &json!({"taskDefinition": task_definition_json(r)}),
        ))
    }
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

pub fn container_instance_arn(cluster: &str, id: &str) -> String {
    let cluster = cluster.rsplit('/').next().unwrap_or(cluster);
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:container-instance/{cluster}/{id}")
}

fn container_instance_json(cluster: &str, ci: &ContainerInstance) -> Value {
    let resources = |cpu: u64, mem: u64| {
        json!([
            {"name": "CPU", "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": cpu},
            {"name": "MEMORY", "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": mem},
        ])
    };
    json!({
        "containerInstanceArn": container_instance_arn(cluster, &ci.id),
        "ec2InstanceId": ci.ec2_instance_id,
        "version": 1,
        "remainingResources": resources(ci.cpu_remaining, ci.memory_remaining),
        "registeredResources": resources(ci.cpu_units, ci.memory_mib),
        "status": ci.status,
        "agentConnected": ci.agent_connected,
        "runningTasksCount": ci.running_tasks,
        "pendingTasksCount": ci.pending_tasks,
        "attributes": [
            {"name": "ecs.availability-zone", "value": ci.zone},
            {"name": "ecs.os-type", "value": "linux"},
            {"name": "sunaba.node", "value": ci.node},
        ],
    })
}
