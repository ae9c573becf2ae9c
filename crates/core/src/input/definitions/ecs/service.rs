//! `create-service`: the service's name, task definition, desired count, launch type,
//! deployment configuration (percentages, circuit breaker) and placement, read strictly with
//! ECS's wording.

use super::{
    flag, list, number, text, LaunchType, ServiceDefinition, ServiceLoadBalancer, SERVICE_IGNORED,
    SERVICE_LOAD_BALANCERS_MAX,
};
use crate::input::definitions::bounds::DESIRED_MAX;
use crate::input::definitions::decode::{Ctx, Fields};
use crate::input::definitions::yaml::Node;

/// Reads a `create-service` input.
pub fn service(ctx: &mut Ctx, root: &Node) -> Option<ServiceDefinition> {
    let mut f = Fields::open(ctx, root, "")?;
    let errors_before = ctx.errors_total();
    let service_name = f
        .get("serviceName")
        .and_then(|n| text(ctx, n, "serviceName"));
    let cluster = f.get("cluster").and_then(|n| text(ctx, n, "cluster"));
    let task_definition = match f.get("taskDefinition") {
        Some(n) => text(ctx, n, "taskDefinition"),
        None => {
            ctx.error(
                root,
                "InvalidParameterException: TaskDefinition can not be blank.",
            );
            None
        }
    };
    let desired_count = match f.get("desiredCount") {
        None => 0,
        Some(n) => desired_count(ctx, n),
    };
    let launch_type = match f.get("launchType") {
        None => LaunchType::Ec2,
        Some(n) => launch_type(ctx, n),
    };
    let (minimum_healthy_percent, maximum_percent, circuit_breaker) =
        match f.get("deploymentConfiguration") {
            Some(n) => deployment_configuration(ctx, n),
            None => (100, 200, None),
        };
    let placement_strategy = placement(
        ctx,
        &mut f,
        "placementStrategy",
        "field",
        &["random", "spread", "binpack"],
    );
    let placement_constraints = placement(
        ctx,
        &mut f,
        "placementConstraints",
        "expression",
        &["distinctInstance", "memberOf"],
    );
    if launch_type == LaunchType::Fargate
        && (!placement_strategy.is_empty() || !placement_constraints.is_empty())
    {
        ctx.error(root, "InvalidParameterException: Placement strategies and constraints are not supported with FARGATE launch type.".to_owned());
    }
    let health_check_grace_period_seconds = f
        .get("healthCheckGracePeriodSeconds")
        .and_then(|n| number(ctx, n, "healthCheckGracePeriodSeconds", false))
        .unwrap_or(0);
    let load_balancers = load_balancers(ctx, &mut f);
    // Read by `aws ecs create-service` itself (the awsvpc rules, the task's ENI).
    let _ = f.get("networkConfiguration");
    f.finish_aws(ctx, SERVICE_IGNORED);
    if service_name.is_none() {
        ctx.error(
            root,
            "Parameter validation failed: Missing required parameter in input: \"serviceName\"",
        );
    }
    if ctx.errors_total() > errors_before {
        return None;
    }
    Some(ServiceDefinition {
        service_name: service_name?,
        cluster,
        task_definition: task_definition?,
        desired_count,
        launch_type,
        minimum_healthy_percent,
        maximum_percent,
        circuit_breaker,
        placement_strategy,
        placement_constraints,
        health_check_grace_period_seconds,
        load_balancers,
    })
}

/// `desiredCount`, at most what Sunaba runs for one service; 0 when refused or unreadable.
fn desired_count(ctx: &mut Ctx, n: &Node) -> u32 {
    match number(ctx, n, "desiredCount", false) {
        Some(v) if v <= DESIRED_MAX => v,
        Some(v) => {
            ctx.error(
                n,
                format!(
                    "InvalidParameterException: desiredCount {v} is more than Sunaba runs for one service ({}).",
                    DESIRED_MAX
                ),
            );
            0
        }
        None => 0,
    }
}

/// `launchType`: EC2 (also when refused or unreadable) or FARGATE.
fn launch_type(ctx: &mut Ctx, n: &Node) -> LaunchType {
    match text(ctx, n, "launchType").as_deref() {
        Some("EC2") => LaunchType::Ec2,
        Some("FARGATE") => LaunchType::Fargate,
        Some(other) => {
            ctx.error(n, format!("Parameter validation failed: Invalid value for parameter launchType: \"{shown}\", must be one of: EC2, FARGATE, EXTERNAL", shown = crate::input::definitions::shorten(other)));
            LaunchType::Ec2
        }
        None => LaunchType::Ec2,
    }
}

/// `deploymentConfiguration`: (minimumHealthyPercent, maximumPercent, circuit breaker
/// (enable, rollback)), defaulting to 100, 200 and none; the percentages checked together.
fn deployment_configuration(ctx: &mut Ctx, n: &Node) -> (u32, u32, Option<(bool, bool)>) {
    let (mut minimum_healthy_percent, mut maximum_percent, mut circuit_breaker) = (100, 200, None);
    let Some(mut d) = Fields::open(ctx, n, "deploymentConfiguration") else {
        return (minimum_healthy_percent, maximum_percent, circuit_breaker);
    };
    if let Some(v) = d.get("minimumHealthyPercent") {
        minimum_healthy_percent = number(
            ctx,
            v,
            "deploymentConfiguration.minimumHealthyPercent",
            false,
        )
        .unwrap_or(100);
    }
    if let Some(v) = d.get("maximumPercent") {
        maximum_percent =
            number(ctx, v, "deploymentConfiguration.maximumPercent", false).unwrap_or(200);
    }
    if let Some(v) = d.get("deploymentCircuitBreaker") {
        circuit_breaker = deployment_circuit_breaker(ctx, v);
    }
    d.finish_aws(
        ctx,
        &["alarms", "strategy", "bakeTimeInMinutes", "lifecycleHooks"],
    );
    if maximum_percent < minimum_healthy_percent {
        ctx.error(n, "InvalidParameterException: maximumPercent must be greater than or equal to minimumHealthyPercent.".to_owned());
    }
    if maximum_percent < 100 {
        ctx.error(n, "InvalidParameterException: maximumPercent must be at least 100 for the rolling update deployment type.".to_owned());
    }
    (minimum_healthy_percent, maximum_percent, circuit_breaker)
}

/// `deploymentCircuitBreaker`: (enable, rollback), both required.
fn deployment_circuit_breaker(ctx: &mut Ctx, v: &Node) -> Option<(bool, bool)> {
    let mut c = Fields::open(ctx, v, "deploymentConfiguration.deploymentCircuitBreaker")?;
    let enable = c.get("enable").and_then(|b| {
        flag(
            ctx,
            b,
            "deploymentConfiguration.deploymentCircuitBreaker.enable",
        )
    });
    let rollback = c.get("rollback").and_then(|b| {
        flag(
            ctx,
            b,
            "deploymentConfiguration.deploymentCircuitBreaker.rollback",
        )
    });
    c.finish_aws(ctx, &[]);
    match (enable, rollback) {
        (Some(e), Some(r)) => Some((e, r)),
        _ => {
            ctx.error(v, "Parameter validation failed: Missing required parameter in deploymentConfiguration.deploymentCircuitBreaker: \"enable\" and \"rollback\"");
            None
        }
    }
}

/// `placementStrategy` or `placementConstraints` (`key`): each entry's type, one of `kinds`,
/// with its `field` (the strategy's field, the constraint's expression).
fn placement(
    ctx: &mut Ctx,
    f: &mut Fields,
    key: &'static str,
    field: &'static str,
    kinds: &[&str],
) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let Some(n) = f.get(key) else { return out };
    for (i, item) in list(ctx, n, key).iter().enumerate() {
        let ip = format!("{key}[{i}]");
        let Some(mut p) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let kind = p
            .get("type")
            .and_then(|v| text(ctx, v, &format!("{ip}.type")));
        let arg = p
            .get(field)
            .and_then(|v| text(ctx, v, &format!("{ip}.{field}")));
        p.finish_aws(ctx, &[]);
        match kind {
            Some(k) if kinds.contains(&k.as_str()) => out.push((k, arg)),
            Some(k) => ctx.error(item, format!("Parameter validation failed: Invalid value for parameter {ip}.type: \"{shown}\", must be one of: {}", kinds.join(", "), shown = crate::input::definitions::shorten(&k))),
            None => {}
        }
    }
    out
}

/// `loadBalancers`: `{targetGroupArn, containerName, containerPort}` each (a Classic Load
/// Balancer's `loadBalancerName` is not simulated).
fn load_balancers(ctx: &mut Ctx, f: &mut Fields) -> Vec<ServiceLoadBalancer> {
    let mut out = Vec::new();
    let Some(n) = f.get("loadBalancers") else {
        return out;
    };
    let items = list(ctx, n, "loadBalancers");
    if items.len() > SERVICE_LOAD_BALANCERS_MAX {
        ctx.error(
            n,
            format!("InvalidParameterException: loadBalancers can have at most {SERVICE_LOAD_BALANCERS_MAX} items."),
        );
        return out;
    }
    for (i, item) in items.iter().enumerate() {
        let ip = format!("loadBalancers[{i}]");
        let Some(mut p) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let tg = p
            .get("targetGroupArn")
            .and_then(|v| text(ctx, v, &format!("{ip}.targetGroupArn")));
        let name = p
            .get("containerName")
            .and_then(|v| text(ctx, v, &format!("{ip}.containerName")));
        let port = p
            .get("containerPort")
            .and_then(|v| number(ctx, v, &format!("{ip}.containerPort"), false));
        if p.get("loadBalancerName").is_some() {
            ctx.error(item, "InvalidParameterException: Classic Load Balancers (loadBalancerName) are not simulated by Sunaba: use targetGroupArn.");
        }
        p.finish_aws(ctx, &[]);
        match (tg, name, port) {
            (Some(target_group_arn), Some(container_name), Some(container_port)) => {
                out.push(ServiceLoadBalancer {
                    target_group_arn,
                    container_name,
                    container_port,
                })
            }
            (None, _, _) => ctx.error(
                item,
                "InvalidParameterException: targetGroupArn can not be blank.",
            ),
            (_, None, _) => ctx.error(
                item,
                "InvalidParameterException: Container Name can not be blank.",
            ),
            (_, _, None) => ctx.error(
                item,
                "InvalidParameterException: Container Port can not be blank.",
            ),
        }
    }
    out
}
