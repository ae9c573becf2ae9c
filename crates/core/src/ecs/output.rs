//! JSON of tasks and services, shaped like the AWS CLI prints them (the API's field names and
//! order: tasks alphabetically as ECS returns them, services in the documented order).

use serde_json::{json, Map, Value};

use super::service::EcsService;
use super::task::EcsTask;
use super::{aws_time, task_definition_arn, ACCOUNT_ID, REGION};
use crate::sim::ecs_status::DeploymentStatus;
use crate::sim::world::World;

pub fn cluster_arn(cluster: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:cluster/{cluster}")
}

pub fn task_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:task/{cluster}/{id}")
}

/// `id` is the service's key, `CLUSTER/NAME` ([`super::service_id`]).
pub fn service_arn(id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT_ID}:service/{id}")
}

impl World {
    /// One element of `describe-tasks` → `tasks[]`.
    pub fn task_json(&self, t: &EcsTask) -> Value {
        let last = t.last_status(&self.k.store);
        let mut o = Map::new();
        o.insert("attachments".into(), json!([]));
        o.insert("availabilityZone".into(), json!(t.zone));
        o.insert("clusterArn".into(), json!(cluster_arn(&t.cluster)));
        if t.launch_type != crate::input::definitions::ecs::LaunchType::Fargate {
            o.insert(
                "containerInstanceArn".into(),
                json!(super::container_instance_arn(
                    "default",
                    &super::container_instance_id(&t.node)
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

    /// One element of `describe-services` → `services[]`.
    pub fn service_json(&self, s: &EcsService) -> Value {
        let (running, pending) = self.ecs.service_counts(&self.k.store, &s.id(), None);
        let d = &s.definition;
        let primary = s.primary();
        let deployments: Vec<Value> = s
            .deployments
            .iter()
            .rev()
            .map(|dep| {
                let (r, p) = self
                    .ecs
                    .service_counts(&self.k.store, &s.id(), Some(&dep.id));
                let is_primary = primary.is_some_and(|p| p.id == dep.id);
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
                m.insert("launchType".into(), json!(d.launch_type.as_str()));
                m.insert("rolloutState".into(), json!(dep.rollout.as_str()));
                m.insert("rolloutStateReason".into(), json!(dep.rollout_reason));
                Value::Object(m)
            })
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
        o.insert("loadBalancers".into(), json!([]));
        o.insert("serviceRegistries".into(), json!([]));
        o.insert("status".into(), json!(s.status));
        o.insert("desiredCount".into(), json!(s.desired_count));
        o.insert("runningCount".into(), json!(running));
        o.insert("pendingCount".into(), json!(pending));
        o.insert("launchType".into(), json!(d.launch_type.as_str()));
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
        if d.health_check_grace_period_seconds > 0 {
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
}
