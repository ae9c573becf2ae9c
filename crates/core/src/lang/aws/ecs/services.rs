//! `aws ecs create-service`, `update-service`, `delete-service`, `describe-services`,
//! `list-services`.

use serde_json::{json, Value};

use super::output::{service_arn, service_json};
use super::{launch_type, read_cli_input, shorthand_pairs, usage};
use crate::base::command::{Args, CommandError};
use crate::ecs::network::check_network;
use crate::ecs::service::DESIRED_MAX;
use crate::ecs::{aws_error, service_id};
use crate::input::definitions::ecs::{LaunchType, ServiceDefinition};
use crate::input::definitions::EcsDefinition;
use crate::input::files::FileSource;
use crate::sim::ecs_status::ServiceStatus;
use crate::world::World;

/// The key a `--service`/`--services` value means in `cluster`: a name, or a service ARN
/// (`…:service/CLUSTER/NAME`; an ARN of another cluster names no service of this one).
pub(super) fn service_key(cluster: &str, arg: &str) -> String {
    match arg
        .strip_prefix("arn:")
        .and_then(|a| a.split_once(":service/"))
        .map(|(_, rest)| rest)
    {
        Some(rest) => match rest.split_once('/') {
            Some((c, name)) if c == cluster => service_id(cluster, name),
            // Never a key: service names have no `/`.
            Some(_) => service_id(cluster, rest),
            None => service_id(cluster, rest),
        },
        None => service_id(cluster, arg),
    }
}

pub(super) fn create(
    w: &mut World,
    args: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
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
            read_service_definition(input, files, &flags)?
        }
        None => {
            let name = o.get("service-name").ok_or_else(|| {
                usage("the following arguments are required: --service-name (or --cli-input-json file://service.json)")
            })?;
            let td = o
                .get("task-definition")
                .ok_or_else(|| usage("the following arguments are required: --task-definition"))?;
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
                load_balancers: Vec::new(),
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
    super::options::deployment_configuration(args, files, &mut def)?;
    crate::lang::aws::elbv2::service_load_balancers(args, files, &mut def)?;
    super::options::check_tags(args, files)?;
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
    let cluster = w.ecs.check_cluster(&cluster, OP)?;
    let network = match (
        super::network::network_flag(args, files)?,
        o.get("cli-input-json"),
    ) {
        (Some(n), _) => Some(n),
        (None, Some(input)) => super::network::network_in_file(input, files)?,
        (None, None) => None,
    };
    let mode = w
        .ecs
        .find_task_definition(&def.task_definition, OP)?
        .definition
        .network_mode;
    check_network(mode, network.as_ref(), OP)?;
    let td = &w
        .ecs
        .find_task_definition(&def.task_definition, OP)?
        .definition;
    w.ecs.check_load_balancers(&def, td, OP)?;
    let id = w.ecs_engine().create_service(def, &cluster)?;
    if let Some(n) = network {
        w.ecs.set_network(&id, n);
    }
    w.settle();
    service_out(w, &id)
}

fn read_service_definition(
    input: &str,
    files: &dyn FileSource,
    flags: &[(&str, Option<&str>)],
) -> Result<ServiceDefinition, CommandError> {
    let (path, definitions) = read_cli_input(input, files, "CreateService", "service.json", flags)?;
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

fn service_out(w: &World, name: &str) -> Result<Value, CommandError> {
    let s = w
        .ecs
        .services
        .get(name)
        .ok_or_else(|| CommandError::new(format!("service {name} is gone")))?;
    Ok(json!({"service": service_json(w, s)}))
}

/// The key of the ACTIVE service `name` (or its ARN) in `cluster`.
/// The ACTIVE service `--service` names in `--cluster` (default `default`): its key.
fn named_service(
    w: &World,
    o: &std::collections::BTreeMap<&str, &str>,
    op: &str,
) -> Result<String, CommandError> {
    let cluster = w
        .ecs
        .check_cluster(o.get("cluster").copied().unwrap_or("default"), op)?;
    let service = o
        .get("service")
        .ok_or_else(|| usage("the following arguments are required: --service"))?;
    find_service(w, &cluster, service, op)
}

fn find_service(w: &World, cluster: &str, name: &str, op: &str) -> Result<String, CommandError> {
    let id = service_key(cluster, name);
    match w.ecs.services.get(&id) {
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

pub(super) fn update(w: &mut World, args: &Args) -> Result<Value, CommandError> {
    const OP: &str = "UpdateService";
    // `--force-new-deployment` takes no value.
    let force = args.has("force-new-deployment");
    let o = args.values();
    let name = named_service(w, &o, OP)?;
    let desired = o
        .get("desired-count")
        .map(|c| parse_count(c, OP))
        .transpose()?;
    let grace = o
        .get("health-check-grace-period-seconds")
        .map(|g| {
            g.parse::<u32>().map_err(|_| {
                CommandError::new(format!("\nError parsing parameter '--health-check-grace-period-seconds': invalid literal for int() with base 10: '{g}'"))
            })
        })
        .transpose()?;
    if let Some(g) = grace {
        w.ecs_engine().update_grace_period(&name, g, false)?;
    }
    w.ecs_engine()
        .update_service(&name, desired, o.get("task-definition").copied(), force)?;
    if let Some(g) = grace {
        w.ecs_engine().update_grace_period(&name, g, true)?;
    }
    w.settle();
    service_out(w, &name)
}

pub(super) fn delete(w: &mut World, args: &Args) -> Result<Value, CommandError> {
    const OP: &str = "DeleteService";
    let force = args.has("force");
    let o = args.values();
    let name = named_service(w, &o, OP)?;
    w.ecs_engine().delete_service(&name, force)?;
    w.settle();
    service_out(w, &name)
}

pub(super) fn describe(w: &World, args: &Args) -> Result<Value, CommandError> {
    const OP: &str = "DescribeServices";
    let names = args.list("services");
    let o = args.values();
    let cluster = w
        .ecs
        .check_cluster(o.get("cluster").copied().unwrap_or("default"), OP)?;
    if names.is_empty() {
        return Err(usage("the following arguments are required: --services"));
    }
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for n in names {
        let id = service_key(&cluster, n);
        match w.ecs.services.get(&id) {
            Some(s) => found.push(service_json(w, s)),
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
    Ok(json!({"services": found, "failures": failures}))
}

pub(super) fn list(w: &World, args: &Args) -> Result<Value, CommandError> {
    let o = args.values();
    let cluster = w.ecs.check_cluster(
        o.get("cluster").copied().unwrap_or("default"),
        "ListServices",
    )?;
    let arns: Vec<String> = w
        .ecs
        .services
        .values()
        .filter(|s| s.status != ServiceStatus::Inactive && s.cluster == cluster)
        .map(|s| service_arn(&s.id()))
        .collect();
    Ok(json!({"serviceArns": arns}))
}

fn parse_count(c: &str, op: &str) -> Result<u32, CommandError> {
    c.parse::<u32>()
        .ok()
        .filter(|&n| n <= DESIRED_MAX)
        .ok_or_else(|| {
            aws_error(
                "InvalidParameterException",
                op,
                format!(
                    "desiredCount must be a whole number from 0 to {} (got {c:?}).",
                    DESIRED_MAX
                ),
            )
        })
}
