//! `aws ecs run-task`, `stop-task`, `list-tasks`, `describe-tasks`.

use serde_json::{json, Value};

use super::output::{cluster_arn, container_instance_arn, task_arn, task_json};
use super::services::service_key;
use super::{launch_type, shorthand_pairs, usage};
use crate::base::command::{Args, CommandError};
use crate::ecs::network::check_network;
use crate::ecs::task::{EcsTask, StopCode};
use crate::ecs::{aws_error, container_instance_id, RunTask};
use crate::input::files::FileSource;
use crate::world::World;

/// Most tasks one `run-task` starts (the API's limit).
const RUN_TASK_MAX: u32 = 10;

/// A task id, or the id at the end of a task ARN.
fn task_id(arg: &str) -> &str {
    arg.rsplit('/').next().unwrap_or(arg)
}

pub(super) fn run(
    w: &mut World,
    args: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    const OP: &str = "RunTask";
    let strategy_items = args.list("placement-strategy");
    let constraint_items = args.list("placement-constraints");
    let o = args.values();
    let cluster = w
        .ecs
        .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
    let id = o
        .get("task-definition")
        .ok_or_else(|| usage("the following arguments are required: --task-definition"))?;
    let count: u32 = match o.get("count") {
        None => 1,
        Some(c) => c
            .parse()
            .ok()
            .filter(|n| (1..=RUN_TASK_MAX).contains(n))
            .ok_or_else(|| {
                aws_error(
                    "InvalidParameterException",
                    OP,
                    format!("Invalid count: {c:?} (1 to {RUN_TASK_MAX})."),
                )
            })?,
    };
    let lt = launch_type(o.get("launch-type"), OP)?;
    let network = super::network::network_flag(args, files)?;
    super::options::check_tags(args, files)?;
    // ECS checks the launch type before the network configuration.
    let def = &w.ecs.find_task_definition(id, OP)?.definition;
    crate::ecs::check_launch_type(def, lt, OP)?;
    check_network(def.network_mode, network.as_ref(), OP)?;
    let strategies = shorthand_pairs(&strategy_items, "field").map_err(CommandError::new)?;
    let constraints =
        shorthand_pairs(&constraint_items, "expression").map_err(CommandError::new)?;
    let (tasks, unplaced) = w.ecs_engine().run_task(&RunTask {
        cluster: &cluster,
        task_definition: id,
        count,
        launch_type: lt,
        group: o.get("group").copied(),
        started_by: o.get("started-by").copied(),
        strategies: &strategies,
        constraints: &constraints,
    })?;
    let failures: Vec<Value> = unplaced
        .into_iter()
        .map(|f| {
            let arn = f.instance.map_or_else(
                || cluster_arn(&cluster),
                |i| container_instance_arn("default", &i),
            );
            json!({"arn": arn, "reason": f.reason})
        })
        .collect();
    if let Some(n) = network {
        for id in &tasks {
            w.ecs.set_network(id, n.clone());
        }
    }
    w.settle();
    let tasks: Vec<Value> = tasks
        .iter()
        .filter_map(|id| w.ecs.tasks.get(id))
        .map(|t| task_json(w, t))
        .collect();
    Ok(json!({"tasks": tasks, "failures": failures}))
}

pub(super) fn stop(w: &mut World, args: &Args) -> Result<Value, CommandError> {
    const OP: &str = "StopTask";
    let o = args.values();
    let cluster = w
        .ecs
        .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
    let id = task_id(
        o.get("task")
            .ok_or_else(|| usage("the following arguments are required: --task"))?,
    )
    .to_string();
    if w.ecs.tasks.get(&id).is_none_or(|t| t.cluster != cluster) {
        return Err(aws_error(
            "InvalidParameterException",
            OP,
            "The referenced task was not found.",
        ));
    }
    let reason = o
        .get("reason")
        .map_or_else(|| "Task stopped by user".to_string(), |r| r.to_string());
    w.ecs_engine()
        .stop_task(&id, StopCode::UserInitiated, reason);
    w.settle();
    let t = w.ecs.tasks.get(&id).ok_or_else(|| {
        aws_error(
            "InvalidParameterException",
            OP,
            "The referenced task was not found.",
        )
    })?;
    Ok(json!({"task": task_json(w, t)}))
}

pub(super) fn list(w: &World, args: &Args) -> Result<Value, CommandError> {
    const OP: &str = "ListTasks";
    let o = args.values();
    let cluster = w
        .ecs
        .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
    // PENDING: asked to run, not started yet.
    let (want_stopped, only_pending) = match o.get("desired-status").copied() {
        None | Some("RUNNING") => (false, false),
        Some("PENDING") => (false, true),
        Some("STOPPED") => (true, false),
        Some(s) => {
            return Err(usage(&format!(
                "argument --desired-status: Invalid choice: {s:?} (choose from RUNNING, PENDING, STOPPED)"
            )))
        }
    };
    let service = o.get("service-name").map(|s| service_key(&cluster, s));
    if let Some(s) = &service {
        if !w.ecs.services.contains_key(s) {
            return Err(aws_error(
                "ServiceNotFoundException",
                OP,
                "Service not found.",
            ));
        }
    }
    let instance = o.get("container-instance").map(|i| task_id(i).to_string());
    let launch_type = o
        .get("launch-type")
        .map(|l| launch_type(Some(l), OP))
        .transpose()?;
    let mut tasks: Vec<&EcsTask> = w
        .ecs
        .tasks
        .values()
        .filter(|t| t.cluster == cluster && t.desired_stopped == want_stopped)
        .filter(|t| !only_pending || t.started_ms.is_none())
        .filter(|t| launch_type.is_none_or(|l| t.launch_type == l))
        .filter(|t| service.is_none() || t.service == service)
        .filter(|t| o.get("family").is_none_or(|f| t.family == *f))
        .filter(|t| {
            o.get("started-by")
                .is_none_or(|s| t.started_by.as_deref() == Some(*s))
        })
        .filter(|t| {
            instance
                .as_ref()
                .is_none_or(|i| *i == t.node || *i == container_instance_id(&t.node))
        })
        .collect();
    crate::base::sort::sort_by_key(&mut tasks, |t| t.seq);
    let arns: Vec<String> = tasks.iter().map(|t| task_arn(&t.cluster, &t.id)).collect();
    Ok(json!({"taskArns": arns}))
}

pub(super) fn describe(w: &World, args: &Args) -> Result<Value, CommandError> {
    const OP: &str = "DescribeTasks";
    let ids = args.list("tasks");
    let o = args.values();
    let cluster = w
        .ecs
        .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
    if ids.is_empty() {
        return Err(usage("the following arguments are required: --tasks"));
    }
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for id in ids {
        let id = task_id(id);
        match w.ecs.tasks.get(id).filter(|t| t.cluster == cluster) {
            Some(t) => found.push(task_json(w, t)),
            None => failures.push(json!({"arn": task_arn(&cluster, id), "reason": "MISSING"})),
        }
    }
    Ok(json!({"tasks": found, "failures": failures}))
}
