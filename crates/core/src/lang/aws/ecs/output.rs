//! What `aws ecs` prints, shaped like the AWS CLI prints it: the ARNs, and the JSON of task
//! definitions, container instances, tasks and services (the API's field names and order:
//! tasks alphabetically as ECS returns them, services in the documented order).

use serde_json::{json, Map, Value};

use crate::ecs::service::{EcsDeployment, EcsService};
use crate::ecs::task::EcsTask;
use crate::ecs::{ContainerInstance, Registered, ACCOUNT_ID, REGION};
use crate::input::definitions::ecs::{DependsOn, EcsContainer, NetworkMode};
use crate::lang::aws::aws_time;
use crate::sim::ecs_status::DeploymentStatus;
use crate::world::World;

pub(super) fn cluster_arn(cluster: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:cluster/{cluster}")
}

pub(super) fn task_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task/{cluster}/{id}")
}

/// `id` is the service's key, `CLUSTER/NAME` ([`crate::ecs::service_id`]).
pub(super) fn service_arn(id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:service/{id}")
}

pub(super) fn task_definition_arn(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task-definition/{family}:{revision}")
}

pub(super) fn container_instance_arn(cluster: &str, id: &str) -> String {
    let cluster = cluster.rsplit('/').next().unwrap_or(cluster);
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:container-instance/{cluster}/{id}")
}

/// The `taskDefinition` object of `describe-task-definition`.
pub(super) fn task_definition_json(r: &Registered) -> Value {
    let t = &r.definition;
    let containers: Vec<Value> = t
        .containers
        .iter()
        .map(|c| container_definition_json(c, t.network_mode))
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

/// One entry of `containerDefinitions`, its fields in the AWS CLI's order; host ports as
/// `network_mode` gives them.
fn container_definition_json(c: &EcsContainer, network_mode: NetworkMode) -> Value {
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
                let host = match (network_mode, hp) {
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
}

pub(super) fn container_instance_json(cluster: &str, ci: &ContainerInstance) -> Value {
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

/// One element of `describe-tasks` → `tasks[]`.
pub(super) fn task_json(w: &World, t: &EcsTask) -> Value {
    let last = t.last_status(&w.k.store);
    let mut o = Map::new();
    o.insert(
        "attachments".into(),
        super::network::attachments_json(w, t, &last.to_string()),
    );
    o.insert("availabilityZone".into(), json!(t.zone));
    o.insert("clusterArn".into(), json!(cluster_arn(&t.cluster)));
    if t.launch_type != crate::input::definitions::ecs::LaunchType::Fargate {
        o.insert(
            "containerInstanceArn".into(),
            json!(container_instance_arn(
                "default",
                &crate::ecs::container_instance_id(&t.node)
            )),
        );
    }
    let containers: Vec<Value> = t
        .containers
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert(
                "containerArn".into(),
                json!(format!(
                    "arn:aws:ecs:{REGION}:{ACCOUNT_ID}:container/default/{}/{}",
                    t.id,
                    crate::base::rng::fnv32a(c.name.as_bytes())
                )),
            );
            m.insert("taskArn".into(), json!(task_arn(&t.cluster, &t.id)));
            m.insert("name".into(), json!(c.name));
            m.insert("image".into(), json!(c.image));
            m.insert("lastStatus".into(), json!(c.last_status));
            if let Some(code) = c.exit_code {
                m.insert("exitCode".into(), json!(code));
            }
            if let Some(r) = &c.reason {
                m.insert("reason".into(), json!(r));
            }
            m.insert("networkBindings".into(), json!([]));
            if let Some(eni) = super::network::container_interfaces(w, t) {
                m.insert("networkInterfaces".into(), eni);
            }
            if let Some(h) = c.health {
                m.insert("healthStatus".into(), json!(h.as_str()));
            }
            Value::Object(m)
        })
        .collect();
    o.insert("containers".into(), json!(containers));
    o.insert("cpu".into(), json!(t.cpu_units.to_string()));
    o.insert("createdAt".into(), json!(aws_time(t.created_ms)));
    o.insert("desiredStatus".into(), json!(t.desired_status()));
    o.insert("group".into(), json!(t.group));
    o.insert("healthStatus".into(), json!(t.health.as_str()));
    o.insert("lastStatus".into(), json!(last));
    o.insert("launchType".into(), json!(t.launch_type.as_str()));
    o.insert("memory".into(), json!(t.memory_mib.to_string()));
    if let Some(p) = super::network::platform_version(t.launch_type) {
        o.insert("platformFamily".into(), json!("Linux"));
        o.insert("platformVersion".into(), json!(p));
    }
    if let Some(ms) = t.pull_started_ms {
        o.insert("pullStartedAt".into(), json!(aws_time(ms)));
    }
    if let Some(ms) = t.pull_stopped_ms {
        o.insert("pullStoppedAt".into(), json!(aws_time(ms)));
    }
    if let Some(ms) = t.started_ms {
        o.insert("startedAt".into(), json!(aws_time(ms)));
    }
    if let Some(by) = &t.started_by {
        o.insert("startedBy".into(), json!(by));
    }
    if let Some(code) = t.stop_code {
        o.insert("stopCode".into(), json!(code));
    }
    if let Some(ms) = t.stopped_ms {
        o.insert("stoppedAt".into(), json!(aws_time(ms)));
    }
    if let Some(r) = &t.stopped_reason {
        o.insert("stoppedReason".into(), json!(r));
    }
    if let Some(ms) = t.stopping_ms {
        o.insert("stoppingAt".into(), json!(aws_time(ms)));
    }
    o.insert("taskArn".into(), json!(task_arn(&t.cluster, &t.id)));
    o.insert(
        "taskDefinitionArn".into(),
        json!(task_definition_arn(&t.family, t.revision)),
    );
    o.insert("version".into(), json!(t.version));
    Value::Object(o)
}

/// One entry of a service's `deployments`, its counts read from the tasks.
fn deployment_json(w: &World, s: &EcsService, dep: &EcsDeployment) -> Value {
    let (r, p) = w.ecs.service_counts(&w.k.store, &s.id(), Some(&dep.id));
    let is_primary = s.primary().is_some_and(|p| p.id == dep.id);
    let mut m = Map::new();
    m.insert("id".into(), json!(dep.id));
    m.insert(
        "status".into(),
        json!(if is_primary {
            DeploymentStatus::Primary
        } else {
            DeploymentStatus::Active
        }),
    );
    m.insert(
        "taskDefinition".into(),
        json!(task_definition_arn(&dep.family, dep.revision)),
    );
    m.insert(
        "desiredCount".into(),
        json!(if is_primary { s.desired_count } else { 0 }),
    );
    m.insert("pendingCount".into(), json!(p));
    m.insert("runningCount".into(), json!(r));
    m.insert("failedTasks".into(), json!(dep.failed_tasks));
    m.insert("createdAt".into(), json!(aws_time(dep.created_ms)));
    m.insert("updatedAt".into(), json!(aws_time(dep.updated_ms)));
    m.insert(
        "launchType".into(),
        json!(s.definition.launch_type.as_str()),
    );
    if let Some(p) = super::network::platform_version(s.definition.launch_type) {
        m.insert("platformVersion".into(), json!(p));
        m.insert("platformFamily".into(), json!("Linux"));
    }
    if let Some(c) = w.ecs.service_network(&s.id()) {
        m.insert(
            "networkConfiguration".into(),
            super::network::network_json(c),
        );
    }
    m.insert("rolloutState".into(), json!(dep.rollout.as_str()));
    m.insert("rolloutStateReason".into(), json!(dep.rollout_reason));
    Value::Object(m)
}

/// One element of `describe-services` → `services[]`.
pub(super) fn service_json(w: &World, s: &EcsService) -> Value {
    let (running, pending) = w.ecs.service_counts(&w.k.store, &s.id(), None);
    let d = &s.definition;
    let primary = s.primary();
    let deployments: Vec<Value> = s
        .deployments
        .iter()
        .rev()
        .map(|dep| deployment_json(w, s, dep))
        .collect();
    let mut dc = Map::new();
    if let Some((enable, rollback)) = d.circuit_breaker {
        dc.insert(
            "deploymentCircuitBreaker".into(),
            json!({"enable": enable, "rollback": rollback}),
        );
    }
    dc.insert("maximumPercent".into(), json!(d.maximum_percent));
    dc.insert(
        "minimumHealthyPercent".into(),
        json!(d.minimum_healthy_percent),
    );
    let events: Vec<Value> = s
        .events
        .iter()
        .map(|e| json!({"id": e.id, "createdAt": aws_time(e.at_ms), "message": e.message}))
        .collect();
    let mut o = Map::new();
    o.insert("serviceArn".into(), json!(service_arn(&s.id())));
    o.insert("serviceName".into(), json!(s.name));
    o.insert("clusterArn".into(), json!(cluster_arn(&s.cluster)));
    o.insert(
        "loadBalancers".into(),
        json!(s
            .definition
            .load_balancers
            .iter()
            .map(|l| json!({"targetGroupArn": l.target_group_arn, "containerName": l.container_name, "containerPort": l.container_port}))
            .collect::<Vec<_>>()),
    );
    o.insert("serviceRegistries".into(), json!([]));
    o.insert("status".into(), json!(s.status));
    o.insert("desiredCount".into(), json!(s.desired_count));
    o.insert("runningCount".into(), json!(running));
    o.insert("pendingCount".into(), json!(pending));
    o.insert("launchType".into(), json!(d.launch_type.as_str()));
    if super::network::platform_version(d.launch_type).is_some() {
        o.insert("platformVersion".into(), json!("LATEST"));
        o.insert("platformFamily".into(), json!("Linux"));
    }
    if let Some(p) = primary {
        o.insert(
            "taskDefinition".into(),
            json!(task_definition_arn(&p.family, p.revision)),
        );
    }
    o.insert("deploymentConfiguration".into(), Value::Object(dc));
    o.insert("deployments".into(), json!(deployments));
    o.insert("events".into(), json!(events));
    o.insert("createdAt".into(), json!(aws_time(s.created_ms)));
    o.insert(
        "placementConstraints".into(),
        json!(d
            .placement_constraints
            .iter()
            .map(|(t, e)| match e {
                Some(e) => json!({"type": t, "expression": e}),
                None => json!({"type": t}),
            })
            .collect::<Vec<_>>()),
    );
    o.insert(
        "placementStrategy".into(),
        json!(d
            .placement_strategy
            .iter()
            .map(|(t, f)| match f {
                Some(f) => json!({"type": t, "field": f}),
                None => json!({"type": t}),
            })
            .collect::<Vec<_>>()),
    );
    if let Some(c) = w.ecs.service_network(&s.id()) {
        o.insert(
            "networkConfiguration".into(),
            super::network::network_json(c),
        );
    }
    if d.health_check_grace_period_seconds > 0 || !d.load_balancers.is_empty() {
        o.insert(
            "healthCheckGracePeriodSeconds".into(),
            json!(d.health_check_grace_period_seconds),
        );
    }
    o.insert("schedulingStrategy".into(), json!("REPLICA"));
    o.insert("deploymentController".into(), json!({"type": "ECS"}));
    o.insert(
        "createdBy".into(),
        json!(format!("arn:aws:iam::{ACCOUNT_ID}:user/learner")),
    );
    o.insert("enableECSManagedTags".into(), json!(false));
    o.insert("propagateTags".into(), json!("NONE"));
    Value::Object(o)
}
