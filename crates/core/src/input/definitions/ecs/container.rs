//! A task definition's container definitions: each container's fields (ports, environment,
//! secrets, command, health check, dependencies, stop timeout, log configuration, restart
//! policy), read strictly and defaulted as ECS does.

use super::{
    aws_type, client, flag, list, number, pairs, strings, text, ContainerRestartPolicy, DependsOn,
    EcsContainer, HealthCheck, CONTAINER_IGNORED,
};
use crate::input::definitions::decode::{Ctx, Fields};
use crate::input::definitions::yaml::{Node, Value};

/// One container definition: its fields read and checked one by one.
pub(super) fn container(ctx: &mut Ctx, node: &Node, path: &str) -> Option<EcsContainer> {
    let mut f = Fields::open(ctx, node, path)?;
    let p = |k: &str| format!("{path}.{k}");
    let name = f.get("name").and_then(|n| text(ctx, n, &p("name")));
    if name.as_deref().is_none_or(str::is_empty) {
        client(ctx, node, "Container.name should not be null or empty.");
    }
    let image = f.get("image").and_then(|n| text(ctx, n, &p("image")));
    if image.as_deref().is_none_or(str::is_empty) {
        client(ctx, node, "Container.image should not be null or empty.");
    }
    let cpu = f
        .get("cpu")
        .and_then(|n| number(ctx, n, &p("cpu"), false))
        .unwrap_or(0);
    let memory = f
        .get("memory")
        .and_then(|n| number(ctx, n, &p("memory"), false));
    let memory_reservation = f
        .get("memoryReservation")
        .and_then(|n| number(ctx, n, &p("memoryReservation"), false));
    let essential = f
        .get("essential")
        .and_then(|n| flag(ctx, n, &p("essential")))
        .unwrap_or(true);
    let port_mappings = match f.get("portMappings") {
        Some(n) => port_mappings(ctx, n, path),
        None => Vec::new(),
    };
    let environment = f
        .get("environment")
        .map(|n| pairs(ctx, n, &p("environment"), "value"))
        .unwrap_or_default();
    let secrets = f
        .get("secrets")
        .map(|n| pairs(ctx, n, &p("secrets"), "valueFrom"))
        .unwrap_or_default();
    let command = f
        .get("command")
        .map(|n| strings(ctx, n, &p("command")))
        .unwrap_or_default();
    let entry_point = f
        .get("entryPoint")
        .map(|n| strings(ctx, n, &p("entryPoint")))
        .unwrap_or_default();
    let health_check = f
        .get("healthCheck")
        .and_then(|n| health_check(ctx, n, &p("healthCheck")));
    let depends_on = match f.get("dependsOn") {
        Some(n) => depends_on(ctx, n, path),
        None => Vec::new(),
    };
    let stop_timeout = match f.get("stopTimeout") {
        None => 30,
        Some(n) => stop_timeout(ctx, n, path),
    };
    let (log_driver, log_options) = f
        .get("logConfiguration")
        .and_then(|n| log_configuration(ctx, n, &p("logConfiguration")))
        .unwrap_or_default();
    let restart_policy = f
        .get("restartPolicy")
        .and_then(|n| restart_policy(ctx, n, &p("restartPolicy")));
    f.finish_aws(ctx, CONTAINER_IGNORED);
    Some(EcsContainer {
        name: name.filter(|n| !n.is_empty())?,
        image: image.filter(|i| !i.is_empty())?,
        cpu,
        memory,
        memory_reservation,
        essential,
        port_mappings,
        environment,
        secrets,
        command,
        entry_point,
        health_check,
        depends_on,
        stop_timeout,
        log_driver,
        log_options,
        restart_policy,
    })
}

/// `portMappings`: (containerPort, hostPort) of each mapping that has a container port.
fn port_mappings(ctx: &mut Ctx, n: &Node, path: &str) -> Vec<(u32, Option<u32>)> {
    let mut port_mappings = Vec::new();
    for (i, item) in list(ctx, n, &format!("{path}.portMappings"))
        .iter()
        .enumerate()
    {
        let ip = format!("{path}.portMappings[{i}]");
        let Some(mut m) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let cp = m
            .get("containerPort")
            .and_then(|v| number(ctx, v, &format!("{ip}.containerPort"), false));
        let hp = m
            .get("hostPort")
            .and_then(|v| number(ctx, v, &format!("{ip}.hostPort"), false));
        m.finish_aws(
            ctx,
            &[
                "protocol",
                "name",
                "appProtocol",
                "containerPortRange",
                "hostPortRange",
            ],
        );
        if let Some(cp) = cp {
            port_mappings.push((cp, hp));
        }
    }
    port_mappings
}

/// `dependsOn`: (containerName, condition) of each complete entry.
fn depends_on(ctx: &mut Ctx, n: &Node, path: &str) -> Vec<(String, DependsOn)> {
    let mut depends_on = Vec::new();
    for (i, item) in list(ctx, n, &format!("{path}.dependsOn"))
        .iter()
        .enumerate()
    {
        let ip = format!("{path}.dependsOn[{i}]");
        let Some(mut d) = Fields::open(ctx, item, &ip) else {
            continue;
        };
        let dep = d
            .get("containerName")
            .and_then(|v| text(ctx, v, &format!("{ip}.containerName")));
        let condition = d.get("condition").and_then(|v| {
            match text(ctx, v, &format!("{ip}.condition")).as_deref() {
                Some("START") => Some(DependsOn::Start),
                Some("COMPLETE") => Some(DependsOn::Complete),
                Some("SUCCESS") => Some(DependsOn::Success),
                Some("HEALTHY") => Some(DependsOn::Healthy),
                Some(other) => {
                    ctx.error(v, format!("Parameter validation failed: Invalid value for parameter {ip}.condition: \"{shown}\", must be one of: START, COMPLETE, SUCCESS, HEALTHY", shown = crate::input::definitions::shorten(other)));
                    None
                }
                None => None,
            }
        });
        d.finish_aws(ctx, &[]);
        if let (Some(dep), Some(c)) = (dep, condition) {
            depends_on.push((dep, c));
        }
    }
    depends_on
}

/// `stopTimeout`: 0 to 120 seconds; 30 when out of range or unreadable.
fn stop_timeout(ctx: &mut Ctx, n: &Node, path: &str) -> u32 {
    match number(ctx, n, &format!("{path}.stopTimeout"), false) {
        Some(v) if v <= 120 => v,
        Some(_) => {
            client(
                ctx,
                n,
                "Invalid 'stopTimeout' value: must be between 0 and 120 seconds.",
            );
            30
        }
        None => 30,
    }
}

/// `restartPolicy`: `Some` only when `enabled` is true.
fn restart_policy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ContainerRestartPolicy> {
    let mut f = Fields::open(ctx, node, path)?;
    let enabled = match f.get("enabled") {
        Some(n) => flag(ctx, n, &format!("{path}.enabled")),
        None => {
            client(ctx, node, "The restartPolicy must specify 'enabled'.");
            None
        }
    };
    let mut ignored = Vec::new();
    if let Some(n) = f.get("ignoredExitCodes") {
        let items = list(ctx, n, &format!("{path}.ignoredExitCodes"));
        if items.len() > 50 {
            client(
                ctx,
                n,
                "The restartPolicy can ignore at most 50 exit codes.",
            );
        }
        for (i, item) in items.iter().enumerate().take(50) {
            if let Some(code) = number(ctx, item, &format!("{path}.ignoredExitCodes[{i}]"), false) {
                ignored.push(i32::try_from(code).unwrap_or(i32::MAX));
            }
        }
    }
    let period = match f.get("restartAttemptPeriod") {
        None => 300,
        Some(n) => match number(ctx, n, &format!("{path}.restartAttemptPeriod"), false) {
            Some(v) if (60..=1800).contains(&v) => v,
            Some(_) => {
                client(
                    ctx,
                    n,
                    "Invalid 'restartAttemptPeriod' value: must be between 60 and 1800 seconds.",
                );
                300
            }
            None => 300,
        },
    };
    f.finish_aws(ctx, &[]);
    enabled.filter(|&e| e).map(|_| ContainerRestartPolicy {
        ignored_exit_codes: ignored,
        restart_attempt_period: period,
    })
}

fn health_check(ctx: &mut Ctx, node: &Node, path: &str) -> Option<HealthCheck> {
    let mut f = Fields::open(ctx, node, path)?;
    let command = f
        .get("command")
        .map(|n| strings(ctx, n, &format!("{path}.command")))
        .unwrap_or_default();
    let mut get = |f: &mut Fields, key: &'static str, default: u32, range: (u32, u32)| {
        let Some(n) = f.get(key) else { return default };
        match number(ctx, n, &format!("{path}.{key}"), false) {
            Some(v) if (range.0..=range.1).contains(&v) => v,
            Some(v) => {
                client(
                    ctx,
                    n,
                    format!(
                        "Invalid '{key}' value {v} in the healthCheck: must be between {} and {}.",
                        range.0, range.1
                    ),
                );
                default
            }
            None => default,
        }
    };
    let interval = get(&mut f, "interval", 30, (5, 300));
    let timeout = get(&mut f, "timeout", 5, (2, 120));
    let retries = get(&mut f, "retries", 3, (1, 10));
    let start_period = get(&mut f, "startPeriod", 0, (0, 300));
    f.finish_aws(ctx, &[]);
    if command.is_empty() {
        client(ctx, node, "The healthCheck command must not be empty (e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]).");
        return None;
    }
    Some(HealthCheck {
        command,
        interval,
        timeout,
        retries,
        start_period,
    })
}

/// A log driver and its options (string values; others are left out).
type LogConfiguration = (Option<String>, Vec<(String, String)>);

/// The driver and its options.
fn log_configuration(ctx: &mut Ctx, node: &Node, path: &str) -> Option<LogConfiguration> {
    let mut f = Fields::open(ctx, node, path)?;
    let driver = f
        .get("logDriver")
        .and_then(|n| text(ctx, n, &format!("{path}.logDriver")));
    let mut values: Vec<(String, String)> = Vec::new();
    let options: Vec<String> = match f.get("options") {
        Some(Node {
            value: Value::Map(entries),
            ..
        }) => entries
            .iter()
            .filter_map(|(k, v)| match &k.value {
                Value::Scalar { text, .. } => {
                    if let Value::Scalar { text: value, .. } = &v.value {
                        values.push((text.clone(), value.clone()));
                    }
                    Some(text.clone())
                }
                _ => None,
            })
            .collect(),
        Some(other) => {
            aws_type(ctx, other, &format!("{path}.options"), "<class 'dict'>");
            Vec::new()
        }
        None => Vec::new(),
    };
    f.finish_aws(ctx, &["secretOptions"]);
    if driver.as_deref() == Some("awslogs") {
        let missing: Vec<&str> = ["awslogs-region", "awslogs-group"]
            .into_iter()
            .filter(|o| !options.iter().any(|k| k == o))
            .collect();
        if !missing.is_empty() {
            client(
                ctx,
                node,
                format!(
                    "Log driver awslogs requires options: {}",
                    missing.join(", ")
                ),
            );
        }
    }
    Some((driver, values))
}
