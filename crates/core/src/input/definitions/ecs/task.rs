//! `register-task-definition`: the task's fields, its container definitions, then ECS's own
//! rules across them (an essential container, memory, dependencies, awsvpc ports, CPU, and
//! the Fargate combinations).

use std::rc::Rc;

use super::container::container;
use super::{
    client, fargate_memory_allowed, list, number, text, DependsOn, EcsContainer, LaunchType,
    NetworkMode, TaskDefinition, TASK_IGNORED,
};
use crate::input::definitions::decode::{Ctx, Fields};
use crate::input::definitions::yaml::Node;

/// Reads a `register-task-definition` input.
pub fn task_definition(ctx: &mut Ctx, root: &Node) -> Option<TaskDefinition> {
    let mut f = Fields::open(ctx, root, "")?;
    let errors_before = ctx.errors_total();
    let family = family(ctx, root, f.get("family"));
    let cpu = f.get("cpu").and_then(|n| number(ctx, n, "cpu", true));
    let memory = f.get("memory").and_then(|n| number(ctx, n, "memory", true));
    let network_mode = match f.get("networkMode") {
        None => NetworkMode::Bridge,
        Some(n) => network_mode(ctx, n),
    };
    let requires_compatibilities = match f.get("requiresCompatibilities") {
        Some(n) => compatibilities(ctx, n),
        None => Vec::new(),
    };
    let defs_node = f.get("containerDefinitions");
    let containers = match defs_node {
        Some(n) => container_definitions(ctx, n),
        None => Vec::new(),
    };
    f.finish_aws(ctx, TASK_IGNORED);

    // ECS's own rules, after the shape is known good.
    let at = defs_node.unwrap_or(root);
    if defs_node.is_some() && containers.is_empty() && ctx.errors_total() == errors_before {
        client(ctx, at, "Container list cannot be empty.");
    }
    if !containers.is_empty() && !containers.iter().any(|(c, _)| c.essential) {
        client(
            ctx,
            at,
            "Task definition doesn't have any essential container.",
        );
    }
    let fargate = requires_compatibilities.contains(&LaunchType::Fargate);
    for (c, node) in &containers {
        check_container(ctx, c, node, &containers, fargate, memory, network_mode);
    }
    if let Some(task_cpu) = cpu {
        let sum: u32 = containers.iter().map(|(c, _)| c.cpu).sum();
        if sum > task_cpu {
            client(ctx, at, "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.");
        }
    }
    if fargate {
        check_fargate(ctx, root, network_mode, cpu, memory);
    }
    if ctx.errors_total() > errors_before {
        return None;
    }
    Some(TaskDefinition {
        family: family?,
        containers: containers.into_iter().map(|(c, _)| c).collect(),
        cpu,
        memory,
        network_mode,
        requires_compatibilities,
    })
}

/// `family`: required; letters, digits, hyphens and underscores, up to 255.
fn family(ctx: &mut Ctx, root: &Node, node: Option<&Node>) -> Option<String> {
    let Some(n) = node else {
        ctx.error(
            root,
            "Parameter validation failed: Missing required parameter in input: \"family\"",
        );
        return None;
    };
    let family = text(ctx, n, "family");
    if let Some(name) = &family {
        let ok = !name.is_empty()
            && name.len() <= 255
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            client(ctx, n, "Family contains invalid characters or is too long. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.");
        }
    }
    family
}

/// `networkMode`: bridge (also when unreadable), host, awsvpc or none.
fn network_mode(ctx: &mut Ctx, n: &Node) -> NetworkMode {
    match text(ctx, n, "networkMode").as_deref() {
        Some("bridge") => NetworkMode::Bridge,
        Some("host") => NetworkMode::Host,
        Some("awsvpc") => NetworkMode::Awsvpc,
        Some("none") => NetworkMode::None,
        Some(other) => {
            ctx.error(n, format!("Parameter validation failed: Invalid value for parameter networkMode: \"{shown}\", must be one of: bridge, host, awsvpc, none", shown = crate::input::definitions::shorten(other)));
            NetworkMode::Bridge
        }
        None => NetworkMode::Bridge,
    }
}

/// `requiresCompatibilities`: EC2 and FARGATE kept; EXTERNAL and MANAGED_INSTANCES accepted
/// and not simulated.
fn compatibilities(ctx: &mut Ctx, n: &Node) -> Vec<LaunchType> {
    let mut out = Vec::new();
    for (i, item) in list(ctx, n, "requiresCompatibilities").iter().enumerate() {
        match text(ctx, item, &format!("requiresCompatibilities[{i}]")).as_deref() {
            Some("EC2") => out.push(LaunchType::Ec2),
            Some("FARGATE") => out.push(LaunchType::Fargate),
            Some("EXTERNAL" | "MANAGED_INSTANCES") => {}
            Some(other) => ctx.error(item, format!("Parameter validation failed: Invalid value for parameter requiresCompatibilities[{i}]: \"{shown}\", must be one of: EC2, FARGATE, EXTERNAL", shown = crate::input::definitions::shorten(other))),
            None => {}
        }
    }
    out
}

/// `containerDefinitions`: each readable container with its node; names unique.
fn container_definitions(ctx: &mut Ctx, n: &Node) -> Vec<(EcsContainer, Rc<Node>)> {
    let mut containers = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for (i, item) in list(ctx, n, "containerDefinitions").iter().enumerate() {
        if let Some(c) = container(ctx, item, &format!("containerDefinitions[{i}]")) {
            if !names.insert(c.name.clone()) {
                client(
                    ctx,
                    item,
                    format!("Container names must be unique: {}", c.name),
                );
            }
            containers.push((c, item.clone()));
        }
    }
    containers
}

/// ECS's rules for one container among the task's: memory given somewhere (outside Fargate)
/// and hard ≥ soft, its dependencies present and of a possible condition, and awsvpc's equal
/// ports.
fn check_container(
    ctx: &mut Ctx,
    c: &EcsContainer,
    node: &Node,
    containers: &[(EcsContainer, Rc<Node>)],
    fargate: bool,
    memory: Option<u32>,
    network_mode: NetworkMode,
) {
    if !fargate && memory.is_none() && c.memory.is_none() && c.memory_reservation.is_none() {
        client(ctx, node, format!("Invalid setting for container '{}'. At least one of 'memory' or 'memoryReservation' must be specified.", c.name));
    }
    if let (Some(hard), Some(soft)) = (c.memory, c.memory_reservation) {
        if hard < soft {
            client(ctx, node, format!("Invalid setting for container '{}'. 'memory' must be greater than or equal to 'memoryReservation'.", c.name));
        }
    }
    for (dep, condition) in &c.depends_on {
        if !containers.iter().any(|(o, _)| &o.name == dep) {
            client(ctx, node, format!("Container '{}' depends on container '{dep}', which is not in the task definition.", c.name));
        }
        let dep_essential = containers
            .iter()
            .any(|(o, _)| &o.name == dep && o.essential);
        if matches!(condition, DependsOn::Success | DependsOn::Complete) && dep_essential {
            client(ctx, node, "A dependency container with SUCCESS or COMPLETE condition cannot be an essential container");
        }
        if *condition == DependsOn::Healthy
            && !containers
                .iter()
                .any(|(o, _)| &o.name == dep && o.health_check.is_some())
        {
            client(ctx, node, format!("Container '{dep}' must have a healthCheck to be used with the HEALTHY dependency condition."));
        }
    }
    if network_mode == NetworkMode::Awsvpc
        && c.port_mappings
            .iter()
            .any(|(cp, hp)| hp.is_some_and(|h| h != *cp))
    {
        client(ctx, node, "When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
    }
}

/// Fargate's rules: awsvpc, task-level CPU and memory, in one of its combinations.
fn check_fargate(
    ctx: &mut Ctx,
    root: &Node,
    network_mode: NetworkMode,
    cpu: Option<u32>,
    memory: Option<u32>,
) {
    if network_mode != NetworkMode::Awsvpc {
        client(ctx, root, "Fargate only supports network mode 'awsvpc'.");
    }
    match (cpu, memory) {
        (None, _) => client(ctx, root, "Fargate requires that 'cpu' be defined at the task level."),
        (Some(_), None) => client(ctx, root, "Fargate requires that 'memory' be defined at the task level."),
        (Some(c), Some(m)) if !fargate_memory_allowed(c, m) => client(
            ctx,
            root,
            format!("No Fargate configuration exists for given values: {c} CPU, {m} memory. See the Amazon ECS documentation for the valid values."),
        ),
        _ => {}
    }
}
