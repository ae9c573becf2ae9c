//! `aws elbv2 <operation>`: Application Load Balancers, target groups, listeners and targets,
//! read the AWS CLI's way and answered as it prints them ([`super::elbv2_output`]). The state
//! and its rules are ELB's ([`crate::elb`]); what only the world knows — which ECS task an
//! address reaches, whether a service uses a target group — is asked of the ECS state here.

use serde_json::{json, Map, Value};

use super::elbv2_output as out;
use super::global::usage_error;
use super::shorthand;
use crate::base::command::{Args, CommandError};
use crate::elb::api::{NewLoadBalancer, NewTarget, NewTargetGroup, Place};
use crate::elb::{elb_error, HealthCheck, Scheme, TargetType};
use crate::input::files::{FileSource, NoFiles};
use crate::world::World;

fn required<'a>(a: &'a Args, name: &str) -> Result<&'a str, CommandError> {
    a.flag(name)
        .ok_or_else(|| usage_error(&format!("the following arguments are required: --{name}")))
}

/// `--port 80`: the CLI's integer parameter.
fn integer(a: &Args, name: &str) -> Result<Option<u32>, CommandError> {
    match a.flag(name) {
        None => Ok(None),
        Some(v) => v.parse::<u32>().map(Some).map_err(|_| {
            CommandError::new(format!(
                "\nError parsing parameter '--{name}': invalid literal for int() with base 10: '{v}'"
            ))
        }),
    }
}

/// The caller's account and Region, where the ARNs point.
pub(super) fn place(w: &World) -> Place {
    Place {
        account: w.account_id().to_string(),
        region: w
            .account()
            .map_or(crate::ecs::REGION.to_string(), |a| a.region.clone()),
    }
}

/// One `aws elbv2` operation, its options already parsed.
pub(crate) fn run_elbv2_operation(
    w: &mut World,
    op: &str,
    a: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    let merged = super::elbv2_input::with_cli_input(op, a, files)?;
    let a = &merged;
    match op {
        "create-load-balancer" => create_load_balancer(w, a),
        "create-target-group" => create_target_group(w, a),
        "create-listener" => create_listener(w, a, files),
        "describe-load-balancers" => describe_load_balancers(w, a),
        "describe-target-groups" => describe_target_groups(w, a),
        "describe-listeners" => describe_listeners(w, a),
        "describe-target-health" => describe_target_health(w, a, files),
        "describe-target-group-attributes" => {
            let arn = required(a, "target-group-arn")?;
            let tg = w
                .ecs
                .elb
                .target_group(arn, "DescribeTargetGroupAttributes")?;
            Ok(attributes_json(w, tg))
        }
        "modify-target-group-attributes" => modify_attributes(w, a, files),
        "modify-target-group" => modify_target_group(w, a),
        "register-targets" => register_targets(w, a, files),
        "deregister-targets" => deregister_targets(w, a, files),
        "delete-listener" => {
            w.ecs.elb.delete_listener(required(a, "listener-arn")?)?;
            Ok(Value::Null)
        }
        "delete-target-group" => {
            let arn = required(a, "target-group-arn")?;
            w.ecs.elb.target_group(arn, "DeleteTargetGroup")?;
            if w.ecs.services_using_target_group(arn) {
                return Err(crate::elb::api::resource_in_use(arn));
            }
            w.ecs.elb.delete_target_group(arn)?;
            Ok(Value::Null)
        }
        "delete-load-balancer" => {
            w.ecs
                .elb
                .delete_load_balancer(required(a, "load-balancer-arn")?)?;
            Ok(Value::Null)
        }
        other => Err(usage_error(&format!(
            "argument operation: Invalid choice: {other:?}"
        ))),
    }
}

fn create_load_balancer(w: &mut World, a: &Args) -> Result<Value, CommandError> {
    const OP: &str = "CreateLoadBalancer";
    let name = required(a, "name")?.to_string();
    match a.flag("type") {
        None | Some("application") => {}
        Some(other) => {
            return Err(elb_error(
                "ValidationError",
                OP,
                format!("Load balancer type '{other}' is not simulated by Sunaba (application)"),
            ))
        }
    }
    let scheme = match a.flag("scheme") {
        None | Some("internet-facing") => Scheme::InternetFacing,
        Some("internal") => Scheme::Internal,
        Some(other) => {
            return Err(elb_error(
                "ValidationError",
                OP,
                format!("1 validation error detected: Value '{other}' at 'scheme' failed to satisfy constraint: Member must satisfy enum value set: [internet-facing, internal]"),
            ))
        }
    };
    let subnets: Vec<String> = a.list("subnets").iter().map(|s| s.to_string()).collect();
    if let Some(bad) = subnets.iter().find(|s| !s.starts_with("subnet-")) {
        return Err(elb_error(
            "InvalidSubnet",
            OP,
            format!("The subnet ID '{bad}' is not valid"),
        ));
    }
    let security_groups: Vec<String> = a
        .list("security-groups")
        .iter()
        .map(|s| s.to_string())
        .collect();
    if let Some(bad) = security_groups.iter().find(|s| !s.starts_with("sg-")) {
        return Err(elb_error(
            "InvalidSecurityGroup",
            OP,
            format!("One or more security groups are invalid: '{bad}'"),
        ));
    }
    let now = w.k.now_ms;
    let place = place(w);
    let arn = w.ecs.elb.create_load_balancer(
        now,
        &place,
        NewLoadBalancer {
            name,
            subnets,
            security_groups,
            scheme,
        },
    )?;
    let lb = &w.ecs.elb.load_balancers[&arn];
    Ok(json!({"LoadBalancers": [out::load_balancer(lb, now, &place.region)]}))
}

fn create_target_group(w: &mut World, a: &Args) -> Result<Value, CommandError> {
    const OP: &str = "CreateTargetGroup";
    let name = required(a, "name")?.to_string();
    let target_type = match a.flag("target-type") {
        None | Some("instance") => TargetType::Instance,
        Some("ip") => TargetType::Ip,
        Some(other) => {
            return Err(elb_error(
                "ValidationError",
                OP,
                format!("1 validation error detected: Value '{other}' at 'targetType' failed to satisfy constraint: Member must satisfy enum value set: [instance, ip]"),
            ))
        }
    };
    let protocol = a.flag("protocol").map(str::to_string);
    let port = integer(a, "port")?;
    let (protocol, port) = match (protocol, port) {
        (Some(p), Some(n)) => (p, n),
        _ => {
            return Err(elb_error(
                "ValidationError",
                OP,
                "A protocol and port must be specified",
            ))
        }
    };
    let vpc_id = a
        .flag("vpc-id")
        .ok_or_else(|| elb_error("ValidationError", OP, "A VPC ID must be specified"))?
        .to_string();
    let health_check = health_check_flags(a, &HealthCheck::default(), OP)?;
    let place = place(w);
    let arn = w.ecs.elb.create_target_group(
        &place,
        NewTargetGroup {
            name,
            protocol,
            port,
            vpc_id,
            target_type,
            health_check,
        },
    )?;
    let tg = &w.ecs.elb.target_groups[&arn];
    Ok(json!({"TargetGroups": [out::target_group(&w.ecs.elb, tg)]}))
}

/// The `--health-check-*`, `--*-threshold-count` and `--matcher` options over `base` (the
/// defaults when creating, the group's settings when modifying).
fn health_check_flags(a: &Args, base: &HealthCheck, op: &str) -> Result<HealthCheck, CommandError> {
    let port = match a.flag("health-check-port") {
        None => base.port,
        Some("traffic-port") => None,
        Some(p) => Some(p.parse::<u32>().map_err(|_| {
            elb_error(
                "ValidationError",
                op,
                format!("Health check port '{p}' must be 'traffic-port' or a number"),
            )
        })?),
    };
    let matcher = match a.flag("matcher") {
        None => base.matcher.clone(),
        Some(m) => shorthand::structure("--matcher", m, &NoFiles)?
            .get("HttpCode")
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| {
                elb_error(
                    "ValidationError",
                    op,
                    "A matcher must specify HttpCode (HttpCode=200)",
                )
            })?,
    };
    Ok(HealthCheck {
        protocol: a
            .flag("health-check-protocol")
            .map_or_else(|| base.protocol.clone(), str::to_string),
        port,
        path: a
            .flag("health-check-path")
            .map_or_else(|| base.path.clone(), str::to_string),
        interval_s: integer(a, "health-check-interval-seconds")?.unwrap_or(base.interval_s),
        timeout_s: integer(a, "health-check-timeout-seconds")?.unwrap_or(base.timeout_s),
        healthy_threshold: integer(a, "healthy-threshold-count")?.unwrap_or(base.healthy_threshold),
        unhealthy_threshold: integer(a, "unhealthy-threshold-count")?
            .unwrap_or(base.unhealthy_threshold),
        matcher,
    })
}

/// `modify-target-group`: new health-check settings for a target group.
fn modify_target_group(w: &mut World, a: &Args) -> Result<Value, CommandError> {
    const OP: &str = "ModifyTargetGroup";
    let arn = required(a, "target-group-arn")?.to_string();
    let base = w.ecs.elb.target_group(&arn, OP)?.health_check.clone();
    let health_check = health_check_flags(a, &base, OP)?;
    w.ecs.elb.modify_target_group(&arn, health_check)?;
    let tg = w.ecs.elb.target_group(&arn, OP)?;
    Ok(json!({"TargetGroups": [out::target_group(&w.ecs.elb, tg)]}))
}

/// Shorthand or JSON structures of a list option, as `(option, parsed)`.
fn structures(
    a: &Args,
    name: &str,
    files: &dyn FileSource,
) -> Result<Vec<Map<String, Value>>, CommandError> {
    shorthand::structures(&format!("--{name}"), &a.list(name), files)
}

fn text_field(m: &Map<String, Value>, key: &str) -> Option<String> {
    match m.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn create_listener(w: &mut World, a: &Args, files: &dyn FileSource) -> Result<Value, CommandError> {
    const OP: &str = "CreateListener";
    let lb = required(a, "load-balancer-arn")?.to_string();
    let actions = structures(a, "default-actions", files)?;
    if actions.is_empty() {
        return Err(usage_error(
            "the following arguments are required: --default-actions",
        ));
    }
    let action = &actions[0];
    match text_field(action, "Type").as_deref() {
        Some("forward") => {}
        other => {
            return Err(elb_error(
                "ValidationError",
                OP,
                format!(
                    "Action type '{}' is not simulated by Sunaba (forward)",
                    other.unwrap_or("")
                ),
            ))
        }
    }
    let tg = text_field(action, "TargetGroupArn").ok_or_else(|| {
        elb_error(
            "ValidationError",
            OP,
            "A target group ARN must be specified",
        )
    })?;
    let protocol = a.flag("protocol").unwrap_or("HTTP").to_string();
    let port = integer(a, "port")?.unwrap_or(80);
    let arn = w
        .ecs
        .elb
        .create_listener(&mut w.k, &lb, &protocol, port, &tg)?;
    Ok(json!({"Listeners": [out::listener(&w.ecs.elb.listeners[&arn])]}))
}

fn describe_load_balancers(w: &World, a: &Args) -> Result<Value, CommandError> {
    const OP: &str = "DescribeLoadBalancers";
    let elb = &w.ecs.elb;
    let arns = a.list("load-balancer-arns");
    let names = a.list("names");
    let mut found = Vec::new();
    for arn in &arns {
        let lb = elb.load_balancers.get(*arn).ok_or_else(|| {
            elb_error(
                "LoadBalancerNotFound",
                OP,
                format!("Load balancers '[{arn}]' not found"),
            )
        })?;
        found.push(lb);
    }
    for name in &names {
        let lb = elb
            .load_balancers
            .values()
            .find(|l| l.name == *name)
            .ok_or_else(|| {
                elb_error(
                    "LoadBalancerNotFound",
                    OP,
                    format!("Load balancers '[{name}]' not found"),
                )
            })?;
        found.push(lb);
    }
    if arns.is_empty() && names.is_empty() {
        found = elb.load_balancers.values().collect();
    }
    let region = place(w).region;
    Ok(
        json!({"LoadBalancers": found.iter().map(|l| out::load_balancer(l, w.k.now_ms, &region)).collect::<Vec<_>>()}),
    )
}

fn describe_target_groups(w: &World, a: &Args) -> Result<Value, CommandError> {
    const OP: &str = "DescribeTargetGroups";
    let elb = &w.ecs.elb;
    let mut found = Vec::new();
    for arn in a.list("target-group-arns") {
        found.push(elb.target_group(arn, OP)?);
    }
    for name in a.list("names") {
        let tg = elb
            .target_groups
            .values()
            .find(|t| t.name == name)
            .ok_or_else(|| {
                elb_error(
                    "TargetGroupNotFound",
                    OP,
                    "One or more target groups not found",
                )
            })?;
        found.push(tg);
    }
    if let Some(lb) = a.flag("load-balancer-arn") {
        if !elb.load_balancers.contains_key(lb) {
            return Err(elb_error(
                "LoadBalancerNotFound",
                OP,
                format!("Load balancers '[{lb}]' not found"),
            ));
        }
        found = elb
            .target_groups
            .values()
            .filter(|t| elb.load_balancers_of(&t.arn).iter().any(|l| l == lb))
            .collect();
    } else if found.is_empty()
        && a.list("target-group-arns").is_empty()
        && a.list("names").is_empty()
    {
        found = elb.target_groups.values().collect();
    }
    Ok(json!({"TargetGroups": found.iter().map(|t| out::target_group(elb, t)).collect::<Vec<_>>()}))
}

fn describe_listeners(w: &World, a: &Args) -> Result<Value, CommandError> {
    const OP: &str = "DescribeListeners";
    let elb = &w.ecs.elb;
    let arns = a.list("listener-arns");
    let lb = a.flag("load-balancer-arn");
    if lb.is_none() && arns.is_empty() {
        return Err(elb_error(
            "ValidationError",
            OP,
            "You must specify either listener ARNs or a load balancer ARN",
        ));
    }
    let mut found = Vec::new();
    if let Some(lb) = lb {
        if !elb.load_balancers.contains_key(lb) {
            return Err(elb_error(
                "LoadBalancerNotFound",
                OP,
                format!("Load balancers '[{lb}]' not found"),
            ));
        }
        let mut mine: Vec<&crate::elb::Listener> = elb
            .listeners
            .values()
            .filter(|l| l.load_balancer_arn == lb)
            .collect();
        mine.sort_by_key(|l| l.port);
        found.extend(mine);
    }
    for arn in arns {
        found.push(
            elb.listeners.get(arn).ok_or_else(|| {
                elb_error("ListenerNotFound", OP, "One or more listeners not found")
            })?,
        );
    }
    Ok(json!({"Listeners": found.iter().map(|l| out::listener(l)).collect::<Vec<_>>()}))
}

/// `--targets Id=…,Port=…`: (id, port).
fn targets_of(
    a: &Args,
    files: &dyn FileSource,
) -> Result<Vec<(String, Option<u32>)>, CommandError> {
    let items = structures(a, "targets", files)?;
    if items.len() > crate::elb::TARGETS_MAX {
        return Err(usage_error("argument --targets: too many targets"));
    }
    items
        .iter()
        .map(|m| {
            let id = text_field(m, "Id").ok_or_else(|| {
                CommandError::new(
                    "\nParameter validation failed:\nMissing required parameter in Targets[0]: \"Id\"",
                )
            })?;
            let port = match m.get("Port") {
                None => None,
                Some(v) => Some(
                    u32::try_from(shorthand::int_of("--targets", "Port", v)?).map_err(|_| {
                        CommandError::new("\nError parsing parameter '--targets': Port must be a positive integer")
                    })?,
                ),
            };
            Ok((id, port))
        })
        .collect()
}

fn describe_target_health(
    w: &World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    const OP: &str = "DescribeTargetHealth";
    let arn = required(a, "target-group-arn")?;
    let elb = &w.ecs.elb;
    let tg = elb.target_group(arn, OP)?;
    let in_use = elb.in_use(arn);
    let asked = targets_of(a, files)?;
    let descriptions: Vec<Value> = if asked.is_empty() {
        tg.targets
            .iter()
            .map(|t| out::target_health(tg, in_use, Some(t), (&t.id, t.port)))
            .collect()
    } else {
        asked
            .iter()
            .map(|(id, port)| {
                let port = port.unwrap_or(tg.port);
                let t = tg.targets.iter().find(|t| t.id == *id && t.port == port);
                out::target_health(tg, in_use, t, (id, port))
            })
            .collect()
    };
    Ok(json!({"TargetHealthDescriptions": descriptions}))
}

fn attributes_json(w: &World, tg: &crate::elb::TargetGroup) -> Value {
    let attrs: Vec<Value> = w
        .ecs
        .elb
        .target_group_attributes(tg)
        .into_iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect();
    json!({"Attributes": attrs})
}

fn modify_attributes(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    let arn = required(a, "target-group-arn")?.to_string();
    let pairs: Vec<(String, String)> = structures(a, "attributes", files)?
        .iter()
        .map(|m| {
            (
                text_field(m, "Key").unwrap_or_default(),
                text_field(m, "Value").unwrap_or_default(),
            )
        })
        .collect();
    if pairs.is_empty() {
        return Err(usage_error(
            "the following arguments are required: --attributes",
        ));
    }
    w.ecs.elb.modify_target_group_attributes(&arn, &pairs)?;
    let tg = w
        .ecs
        .elb
        .target_group(&arn, "ModifyTargetGroupAttributes")?;
    Ok(attributes_json(w, tg))
}

fn register_targets(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    const OP: &str = "RegisterTargets";
    let arn = required(a, "target-group-arn")?.to_string();
    let tg = w.ecs.elb.target_group(&arn, OP)?;
    let (target_type, default_port) = (tg.target_type, tg.port);
    let asked = targets_of(a, files)?;
    if asked.is_empty() {
        return Err(usage_error(
            "the following arguments are required: --targets",
        ));
    }
    let mut new = Vec::new();
    for (id, port) in asked {
        let port_now = port.unwrap_or(default_port);
        let resolved = w.ecs.resolve_target(&w.k, target_type, &id, port_now, OP)?;
        new.push(NewTarget {
            id,
            port,
            zone: resolved.0,
            backend: resolved.1,
            task: None,
        });
    }
    w.ecs.elb.register_targets(&mut w.k, &arn, new, OP)?;
    Ok(Value::Null)
}

fn deregister_targets(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    let arn = required(a, "target-group-arn")?.to_string();
    let asked = targets_of(a, files)?;
    if asked.is_empty() {
        return Err(usage_error(
            "the following arguments are required: --targets",
        ));
    }
    w.ecs
        .elb
        .deregister_targets(&mut w.k, &arn, &asked, "DeregisterTargets")?;
    Ok(Value::Null)
}

/// `aws ecs create-service --load-balancers targetGroupArn=…,containerName=…,containerPort=…`
/// and `--health-check-grace-period-seconds`, over what `--cli-input-json` said.
pub(crate) fn service_load_balancers(
    a: &Args,
    files: &dyn FileSource,
    def: &mut crate::input::definitions::ecs::ServiceDefinition,
) -> Result<(), CommandError> {
    const OP: &str = "CreateService";
    let items = structures(a, "load-balancers", files)?;
    if items.len() > crate::input::definitions::ecs::SERVICE_LOAD_BALANCERS_MAX {
        return Err(crate::ecs::aws_error(
            "InvalidParameterException",
            OP,
            "loadBalancers can have at most 5 items.",
        ));
    }
    if !items.is_empty() {
        def.load_balancers = items
            .iter()
            .map(|m| {
                let blank = |what: &str| {
                    crate::ecs::aws_error(
                        "InvalidParameterException",
                        OP,
                        format!("{what} can not be blank."),
                    )
                };
                let port = match m.get("containerPort") {
                    Some(v) => {
                        u32::try_from(shorthand::int_of("--load-balancers", "containerPort", v)?)
                            .map_err(|_| blank("Container Port"))?
                    }
                    None => return Err(blank("Container Port")),
                };
                Ok(crate::input::definitions::ecs::ServiceLoadBalancer {
                    target_group_arn: text_field(m, "targetGroupArn")
                        .ok_or_else(|| blank("targetGroupArn"))?,
                    container_name: text_field(m, "containerName")
                        .ok_or_else(|| blank("Container Name"))?,
                    container_port: port,
                })
            })
            .collect::<Result<_, CommandError>>()?;
    }
    if let Some(g) = integer(a, "health-check-grace-period-seconds")? {
        def.health_check_grace_period_seconds = g;
    }
    Ok(())
}
