//! `--network-configuration` (shorthand or JSON, as the AWS CLI reads it) and what awsvpc adds
//! to the answers: a task's `attachments` (its elastic network interface), a service's and a
//! deployment's `networkConfiguration`, and Fargate's `platformVersion`.

use serde_json::{json, Map, Value};

use crate::base::command::{Args, CommandError};
use crate::ecs::network::AwsvpcConfig;
use crate::ecs::task::EcsTask;
use crate::input::definitions::ecs::LaunchType;
use crate::input::files::FileSource;
use crate::lang::aws::shorthand;
use crate::world::World;

/// What Fargate runs when a task or service asks for `LATEST`.
pub(super) const FARGATE_PLATFORM: &str = "1.4.0";

fn validation(message: String) -> CommandError {
    CommandError::new(format!("\nParameter validation failed:\n{message}"))
}

/// The `networkConfiguration` structure, checked as botocore checks it against the model.
pub(super) fn read_network(v: &Map<String, Value>) -> Result<AwsvpcConfig, CommandError> {
    if let Some(k) = v.keys().find(|k| *k != "awsvpcConfiguration") {
        return Err(validation(format!(
            "Unknown parameter in networkConfiguration: \"{k}\", must be one of: awsvpcConfiguration"
        )));
    }
    let Some(a) = v.get("awsvpcConfiguration") else {
        return Err(validation(
            "Missing required parameter in networkConfiguration: \"awsvpcConfiguration\"".into(),
        ));
    };
    let Value::Object(a) = a else {
        return Err(validation(format!(
            "Invalid type for parameter networkConfiguration.awsvpcConfiguration, value: {a}, type: {}, valid types: <class 'dict'>",
            shorthand::python_type(a)
        )));
    };
    const KEYS: [&str; 3] = ["subnets", "securityGroups", "assignPublicIp"];
    if let Some(k) = a.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(validation(format!(
            "Unknown parameter in networkConfiguration.awsvpcConfiguration: \"{k}\", must be one of: {}",
            KEYS.join(", ")
        )));
    }
    let Some(subnets) = a.get("subnets") else {
        return Err(validation(
            "Missing required parameter in networkConfiguration.awsvpcConfiguration: \"subnets\""
                .into(),
        ));
    };
    let subnets = shorthand::list_of("networkConfiguration.awsvpcConfiguration.subnets", subnets)?;
    let security_groups = match a.get("securityGroups") {
        Some(g) => {
            shorthand::list_of("networkConfiguration.awsvpcConfiguration.securityGroups", g)?
        }
        None => Vec::new(),
    };
    let assign_public_ip = match a.get("assignPublicIp") {
        None => false,
        Some(v) => {
            match shorthand::string_of(
                "networkConfiguration.awsvpcConfiguration.assignPublicIp",
                v,
            )?
            .as_str()
            {
                "ENABLED" => true,
                "DISABLED" => false,
                other => {
                    return Err(crate::ecs::aws_error(
                        "InvalidParameterException",
                        "RunTask",
                        format!("assignPublicIp must be ENABLED or DISABLED (got {other})."),
                    ))
                }
            }
        }
    };
    Ok(AwsvpcConfig {
        subnets,
        security_groups,
        assign_public_ip,
    })
}

/// `--network-configuration`, if given.
pub(super) fn network_flag(
    args: &Args,
    files: &dyn FileSource,
) -> Result<Option<AwsvpcConfig>, CommandError> {
    match args.flag("network-configuration") {
        None => Ok(None),
        Some(v) => {
            let m = shorthand::structure("--network-configuration", v, files)?;
            read_network(&m).map(Some)
        }
    }
}

/// The `networkConfiguration` of a `--cli-input-json` file, which the definition reader leaves
/// aside.
pub(super) fn network_in_file(
    input: &str,
    files: &dyn FileSource,
) -> Result<Option<AwsvpcConfig>, CommandError> {
    let Some(text) = input
        .strip_prefix("file://")
        .and_then(|p| files.read(p).ok())
    else {
        return Ok(None);
    };
    let Ok(Value::Object(root)) = serde_json::from_str::<Value>(&text) else {
        return Ok(None);
    };
    match root.get("networkConfiguration") {
        Some(Value::Object(m)) => read_network(m).map(Some),
        _ => Ok(None),
    }
}

/// `networkConfiguration` as ECS returns it.
pub(super) fn network_json(c: &AwsvpcConfig) -> Value {
    json!({"awsvpcConfiguration": {
        "subnets": c.subnets,
        "securityGroups": c.security_groups,
        "assignPublicIp": if c.assign_public_ip { "ENABLED" } else { "DISABLED" },
    }})
}

/// A task's `attachments`: its ENI while awsvpc, with the status its lifecycle gives it.
pub(super) fn attachments_json(w: &World, t: &EcsTask, last_status: &str) -> Value {
    let Some(eni) = w.ecs.eni_of(t) else {
        return json!([]);
    };
    let status = match last_status {
        "PROVISIONING" => "PRECREATED",
        "DEPROVISIONING" => "DELETED",
        "STOPPED" => "DELETED",
        _ => "ATTACHED",
    };
    json!([{
        "id": eni.attachment_id,
        "type": "ElasticNetworkInterface",
        "status": status,
        "details": [
            {"name": "subnetId", "value": eni.subnet_id},
            {"name": "networkInterfaceId", "value": eni.network_interface_id},
            {"name": "macAddress", "value": eni.mac_address},
            {"name": "privateDnsName", "value": eni.private_dns_name},
            {"name": "privateIPv4Address", "value": eni.private_ipv4},
        ],
    }])
}

/// A container's `networkInterfaces` in an awsvpc task.
pub(super) fn container_interfaces(w: &World, t: &EcsTask) -> Option<Value> {
    let eni = w.ecs.eni_of(t)?;
    Some(json!([{"attachmentId": eni.attachment_id, "privateIpv4Address": eni.private_ipv4}]))
}

/// `platformVersion`: Fargate's, else none.
pub(super) fn platform_version(lt: LaunchType) -> Option<&'static str> {
    (lt == LaunchType::Fargate).then_some(FARGATE_PLATFORM)
}
