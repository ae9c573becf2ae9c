//! `aws ecs list-container-instances`, `describe-container-instances`,
//! `update-container-instances-state`: the cluster's machines as ECS sees them (the same agents
//! Kubernetes calls nodes; DRAINING is the node cordoned).

use serde_json::{json, Value};

use super::output::{container_instance_arn, container_instance_json};
use super::usage;
use crate::base::command::{Args, CommandError};
use crate::world::World;

pub(super) fn list(w: &World, args: &Args) -> Result<Value, CommandError> {
    let o = args.values();
    let cluster = o.get("cluster").copied().unwrap_or("default");
    w.ecs.check_cluster(cluster, "ListContainerInstances")?;
    let arns: Vec<String> = w
        .ecs
        .container_instances(&w.k, &w.agents)
        .iter()
        .map(|ci| container_instance_arn(cluster, &ci.id))
        .collect();
    Ok(json!({"containerInstanceArns": arns}))
}

pub(super) fn update_state(w: &mut World, args: &Args) -> Result<Value, CommandError> {
    const OP: &str = "UpdateContainerInstancesState";
    let ids = args.list("container-instances");
    let o = args.values();
    w.ecs
        .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
    let on = match o.get("status").copied() {
        Some("DRAINING") => true,
        Some("ACTIVE") => false,
        Some(other) => {
            return Err(usage(&format!(
                "argument --status: Invalid choice: {other:?} (choose from ACTIVE, DRAINING)"
            )))
        }
        None => return Err(usage("the following arguments are required: --status")),
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
        match w
            .ecs
            .container_instances(&w.k, &w.agents)
            .into_iter()
            .find(|ci| ci.id == short || ci.node == short)
        {
            Some(ci) => nodes.push(ci.node),
            None => failures.push(
                json!({"arn": container_instance_arn("default", short), "reason": "MISSING"}),
            ),
        }
    }
    w.ecs_engine().update_instances_state(&nodes, on);
    w.settle();
    let all = w.ecs.container_instances(&w.k, &w.agents);
    let found: Vec<Value> = all
        .iter()
        .filter(|ci| nodes.contains(&ci.node))
        .map(|ci| container_instance_json("default", ci))
        .collect();
    Ok(json!({"containerInstances": found, "failures": failures}))
}

pub(super) fn describe(w: &World, args: &Args) -> Result<Value, CommandError> {
    // `--container-instances a b c`: one option, several values, as the AWS CLI takes lists.
    let ids = args.list("container-instances");
    let o = args.values();
    let cluster = o.get("cluster").copied().unwrap_or("default");
    w.ecs.check_cluster(cluster, "DescribeContainerInstances")?;
    if ids.is_empty() {
        return Err(usage(
            "the following arguments are required: --container-instances",
        ));
    }
    let all = w.ecs.container_instances(&w.k, &w.agents);
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for id in ids {
        let short = id.rsplit('/').next().unwrap_or(id);
        match all.iter().find(|ci| ci.id == short || ci.node == short) {
            Some(ci) => found.push(container_instance_json(cluster, ci)),
            None => failures
                .push(json!({"arn": container_instance_arn(cluster, short), "reason": "MISSING"})),
        }
    }
    Ok(json!({"containerInstances": found, "failures": failures}))
}
