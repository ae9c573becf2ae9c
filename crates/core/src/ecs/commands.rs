//! The `aws ecs` commands for tasks and services: `run-task`, `stop-task`, `list-tasks`,
//! `describe-tasks`, `create-service`, `update-service`, `delete-service`,
//! `describe-services`, `list-services`.

use serde_json::{json, Value};

use super::output::{service_arn, task_arn};
use super::{aws_error, aws_json, usage, RunTask};
use crate::base::command::{Args, CommandError};
use crate::input::definitions::ecs::{LaunchType, ServiceDefinition};
use crate::input::definitions::EcsDefinition;
use crate::input::files::FileSource;
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::world::World;

/// Most tasks one `run-task` starts (the API's limit).
const RUN_TASK_MAX: u32 = 10;

/// Shorthand `type=spread,field=instanceId` items into `(type, field-or-expression)`.
fn shorthand_pairs(items: &[&str], second: &str) -> Result<Vec<(String, Option<String>)>, String> {
    items
        .iter()
        .map(|item| {
            let mut kind = None;
            let mut other = None;
            for part in item.split(',') {
                match part.split_once('=') {
                    Some(("type", v)) => kind = Some(v.to_string()),
                    Some((k, v)) if k == second => other = Some(v.to_string()),
                    _ => {
                        return Err(format!(
                            "Error parsing parameter: Expected: '<key>=<value>' with keys type and {second}, received: {part:?}"
                        ))
                    }
                }
            }
            kind.map(|k| (k, other))
                .ok_or_else(|| format!("Error parsing parameter: missing type= in {item:?}"))
        })
        .collect()
}

fn launch_type(value: Option<&&str>, op: &str) -> Result<LaunchType, CommandError> {
    match value.copied() {
        None | Some("EC2") => Ok(LaunchType::Ec2),
        Some("FARGATE") => Ok(LaunchType::Fargate),
        Some(other) => Err(aws_error(
            "InvalidParameterException",
            op,
            format!("launchType {other} is not supported (EC2, FARGATE)."),
        )),
    }
}

/// The key a `--service`/`--services` value means in `cluster`: a name, or a service ARN
/// (`…:service/CLUSTER/NAME`; an ARN of another cluster names no service of this one).
fn service_key(cluster: &str, arg: &str) -> String {
    match arg
        .strip_prefix("arn:")
        .and_then(|a| a.split_once(":service/"))
        .map(|(_, rest)| rest)
    {
        Some(rest) => match rest.split_once('/') {
            Some((c, name)) if c == cluster => super::service_id(cluster, name),
            // Never a key: service names have no `/`.
            Some(_) => super::service_id(cluster, rest),
            None => super::service_id(cluster, rest),
        },
        None => super::service_id(cluster, arg),
    }
}

fn task_id(arg: &str) -> &str {
    arg.rsplit('/').next().unwrap_or(arg)
}

impl World {
    /// The task and service verbs; `None` when `verb` is not one of them.
    pub(crate) fn run_ecs_runtime(
        &mut self,
        verb: &str,
        args: &Args,
        files: &dyn FileSource,
    ) -> Option<Result<String, CommandError>> {
        Some(match verb {
            "run-task" => self.cmd_run_task(args),
            "stop-task" => self.cmd_stop_task(args),
            "list-tasks" => self.cmd_list_tasks(args),
            "describe-tasks" => self.cmd_describe_tasks(args),
            "create-service" => self.cmd_create_service(args, files),
            "update-service" => self.cmd_update_service(args),
            "delete-service" => self.cmd_delete_service(args),
            "describe-services" => self.cmd_describe_services(args),
            "list-services" => Ok(args.values()).and_then(|o| {
                let cluster = self.ecs.check_cluster(
                    o.get("cluster").copied().unwrap_or("default"),
                    "ListServices",
                )?;
                let arns: Vec<String> = self
                    .ecs
                    .services
                    .values()
                    .filter(|s| s.status != ServiceStatus::Inactive && s.cluster == cluster)
                    .map(|s| service_arn(&s.id()))
                    .collect();
                Ok(aws_json(&json!({"serviceArns": arns})))
            }),
            _ => return None,
        })
    }

    fn cmd_run_task(&mut self, args: &Args) -> Result<String, CommandError> {
        const OP: &str = "RunTask";
        let strategy_items = args.list("placement-strategy");
        let constraint_items = args.list("placement-constraints");
        let o = args.values();
        let cluster = self
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
        let strategies = shorthand_pairs(&strategy_items, "field").map_err(CommandError::new)?;
        let constraints =
            shorthand_pairs(&constraint_items, "expression").map_err(CommandError::new)?;
        let (tasks, unplaced) = self.ecs_engine().run_task(&RunTask {
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
                    || super::output::cluster_arn(&cluster),
                    |i| super::container_instance_arn("default", &i),
                );
                json!({"arn": arn, "reason": f.reason})
            })
            .collect();
        self.settle();
        let tasks: Vec<Value> = tasks
            .iter()
            .filter_map(|id| self.ecs.tasks.get(id))
            .map(|t| self.task_json(t))
            .collect();
        Ok(aws_json(&json!({"tasks": tasks, "failures": failures})))
    }

    fn cmd_stop_task(&mut self, args: &Args) -> Result<String, CommandError> {
        const OP: &str = "StopTask";
        let o = args.values();
        let cluster = self
            .ecs
            .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
        let id = task_id(
            o.get("task")
                .ok_or_else(|| usage("the following arguments are required: --task"))?,
        )
        .to_string();
        if self.ecs.tasks.get(&id).is_none_or(|t| t.cluster != cluster) {
            return Err(aws_error(
                "InvalidParameterException",
                OP,
                "The referenced task was not found.",
            ));
        }
        let reason = o
            .get("reason")
            .map_or_else(|| "Task stopped by user".to_string(), |r| r.to_string());
        self.ecs_engine()
            .stop_task(&id, super::task::StopCode::UserInitiated, reason);
        self.settle();
        let t = self.ecs.tasks.get(&id).ok_or_else(|| {
            aws_error(
                "InvalidParameterException",
                OP,
                "The referenced task was not found.",
            )
        })?;
        Ok(aws_json(&json!({"task": self.task_json(t)})))
    }

    fn cmd_list_tasks(&mut self, args: &Args) -> Result<String, CommandError> {
        const OP: &str = "ListTasks";
        let o = args.values();
        let cluster = self
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
            if !self.ecs.services.contains_key(s) {
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
        let mut tasks: Vec<&super::task::EcsTask> = self
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
                    .is_none_or(|i| *i == t.node || *i == super::container_instance_id(&t.node))
            })
            .collect();
        crate::base::sort::sort_by_key(&mut tasks, |t| t.seq);
        let arns: Vec<String> = tasks.iter().map(|t| task_arn(&t.cluster, &t.id)).collect();
        Ok(aws_json(&json!({"taskArns": arns})))
    }

    fn cmd_describe_tasks(&mut self, args: &Args) -> Result<String, CommandError> {
        const OP: &str = "DescribeTasks";
        let ids = args.list("tasks");
        let o = args.values();
        let cluster = self
            .ecs
            .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
        if ids.is_empty() {
            return Err(usage("the following arguments are required: --tasks"));
        }
        let mut found = Vec::new();
        let mut failures = Vec::new();
        for id in ids {
            let id = task_id(id);
            match self.ecs.tasks.get(id).filter(|t| t.cluster == cluster) {
                Some(t) => found.push(self.task_json(t)),
                None => failures.push(json!({"arn": task_arn(&cluster, id), "reason": "MISSING"})),
            }
        }
        Ok(aws_json(&json!({"tasks": found, "failures": failures})))
    }

    fn cmd_create_service(
        &mut self,
        args: &Args,
        files: &dyn FileSource,
    ) -> Result<String, CommandError> {
        const OP: &str = "CreateService";
        let strategy_items = args.list("placement-strategy");
        let constraint_items = args.list("placement-constraints");
        let o = args.values();
        let mut def = match o.get("cli-input-json") {
            Some(input) => {
                // Merged into the file before it is checked, as the AWS CLI does; flags whose
                // values are parsed below (count, launch type) take the file's field out.
                let flags: Vec<(&str, Option<&str>)> = [
                    ("service-name", "serviceName"),
                    ("task-definition", "taskDefinition"),
                    ("desired-count", "desiredCount"),
                    ("launch-type", "launchType"),
                ]
                .into_iter()
                .filter_map(|(flag, field)| {
                    let value = o.get(flag)?;
                    let kept = matches!(flag, "service-name" | "task-definition");
                    Some((field, kept.then_some(&**value)))
                })
                .collect();
                self.read_service_definition(input, files, &flags)?
            }
            None => {
                let name = o.get("service-name").ok_or_else(|| {
                    usage("the following arguments are required: --service-name (or --cli-input-json file://service.json)")
                })?;
                let td = o.get("task-definition").ok_or_else(|| {
                    usage("the following arguments are required: --task-definition")
                })?;
                ServiceDefinition {
                    service_name: name.to_string(),
                    cluster: None,
                    task_definition: td.to_string(),
                    desired_count: 0,
                    launch_type: LaunchType::Ec2,
                    minimum_healthy_percent: 100,
                    maximum_percent: 200,
                    circuit_breaker: None,
                    placement_strategy: Vec::new(),
                    placement_constraints: Vec::new(),
                    health_check_grace_period_seconds: 0,
                }
            }
        };
        // Flags given next to the file win, as the AWS CLI merges them.
        if let Some(n) = o.get("service-name") {
            def.service_name = n.to_string();
        }
        if let Some(t) = o.get("task-definition") {
            def.task_definition = t.to_string();
        }
        if let Some(c) = o.get("desired-count") {
            def.desired_count = parse_count(c, OP)?;
        }
        if o.contains_key("launch-type") {
            def.launch_type = launch_type(o.get("launch-type"), OP)?;
        }
        if !strategy_items.is_empty() {
            def.placement_strategy =
                shorthand_pairs(&strategy_items, "field").map_err(CommandError::new)?;
        }
        if !constraint_items.is_empty() {
            def.placement_constraints =
                shorthand_pairs(&constraint_items, "expression").map_err(CommandError::new)?;
        }
        let cluster = o
            .get("cluster")
            .map(|c| c.to_string())
            .or(def.cluster.clone())
            .unwrap_or_else(|| "default".into());
        let cluster = self.ecs.check_cluster(&cluster, OP)?;
        let id = self.ecs_engine().create_service(def, &cluster)?;
        self.settle();
        self.service_out(&id)
    }

    fn read_service_definition(
        &self,
        input: &str,
        files: &dyn FileSource,
        flags: &[(&str, Option<&str>)],
    ) -> Result<ServiceDefinition, CommandError> {
        let (path, definitions) =
            super::read_cli_input(input, files, "CreateService", "service.json", flags)?;
        let mut services = definitions.into_iter().filter_map(|d| match d {
            EcsDefinition::Service(s) => Some(s),
            EcsDefinition::Task(_) => None,
        });
        match (services.next(), services.next()) {
            (Some(s), None) => Ok(s),
            _ => Err(CommandError::new(format!(
                "Parameter validation failed: {path} must hold one service definition (an object with serviceName and taskDefinition)"
            ))),
        }
    }

    fn service_out(&self, name: &str) -> Result<String, CommandError> {
        let s = self
            .ecs
            .services
            .get(name)
            .ok_or_else(|| CommandError::new(format!("service {name} is gone")))?;
        Ok(aws_json(&json!({"service": self.service_json(s)})))
    }

    /// The key of the ACTIVE service `name` (or its ARN) in `cluster`.
    fn find_service(&self, cluster: &str, name: &str, op: &str) -> Result<String, CommandError> {
        let id = service_key(cluster, name);
        match self.ecs.services.get(&id) {
            Some(s) if s.status == ServiceStatus::Active => Ok(id),
            Some(_) => Err(aws_error(
                "ServiceNotActiveException",
                op,
                "Service was not ACTIVE.",
            )),
            None => Err(aws_error(
                "ServiceNotFoundException",
                op,
                "Service not found.",
            )),
        }
    }

    fn cmd_update_service(&mut self, args: &Args) -> Result<String, CommandError> {
        const OP: &str = "UpdateService";
        // `--force-new-deployment` takes no value.
        let force = args.has("force-new-deployment");
        let o = args.values();
        let cluster = self
            .ecs
            .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
        let name = self.find_service(
            &cluster,
            o.get("service")
                .ok_or_else(|| usage("the following arguments are required: --service"))?,
            OP,
        )?;
        let desired = o
            .get("desired-count")
            .map(|c| parse_count(c, OP))
            .transpose()?;
        self.ecs_engine().update_service(
            &name,
            desired,
            o.get("task-definition").copied(),
            force,
        )?;
        self.settle();
        self.service_out(&name)
    }

    fn cmd_delete_service(&mut self, args: &Args) -> Result<String, CommandError> {
        const OP: &str = "DeleteService";
        let force = args.has("force");
        let o = args.values();
        let cluster = self
            .ecs
            .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
        let name = self.find_service(
            &cluster,
            o.get("service")
                .ok_or_else(|| usage("the following arguments are required: --service"))?,
            OP,
        )?;
        self.ecs_engine().delete_service(&name, force)?;
        self.settle();
        self.service_out(&name)
    }

    fn cmd_describe_services(&mut self, args: &Args) -> Result<String, CommandError> {
        const OP: &str = "DescribeServices";
        let names = args.list("services");
        let o = args.values();
        let cluster = self
            .ecs
            .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
        if names.is_empty() {
            return Err(usage("the following arguments are required: --services"));
        }
        let mut found = Vec::new();
        let mut failures = Vec::new();
        for n in names {
            let id = service_key(&cluster, n);
            match self.ecs.services.get(&id) {
                Some(s) => found.push(self.service_json(s)),
                None => {
                    let arn = if n.starts_with("arn:") {
                        n.to_string()
                    } else {
                        service_arn(&id)
                    };
                    failures.push(json!({"arn": arn, "reason": "MISSING"}));
                }
            }
        }
        Ok(aws_json(&json!({"services": found, "failures": failures})))
    }
}

fn parse_count(c: &str, op: &str) -> Result<u32, CommandError> {
    c.parse::<u32>()
        .ok()
        .filter(|&n| n <= super::service::DESIRED_MAX)
        .ok_or_else(|| {
            aws_error(
                "InvalidParameterException",
                op,
                format!(
                    "desiredCount must be a whole number from 0 to {} (got {c:?}).",
                    super::service::DESIRED_MAX
                ),
            )
        })
}
