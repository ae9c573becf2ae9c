//! `aws ssm put-parameter | get-parameter | describe-parameters | delete-parameter`: parsed the
//! AWS CLI's way and printed as its JSON; the Parameter Store itself is
//! [`crate::cloud::ssm`]'s.

use serde_json::json;

use crate::base::command::CommandError;
use crate::cloud::ssm::parameter_arn;
use crate::lang::args::parse_args;
use crate::world::World;

/// `aws ssm …` in the profile's account (the current context's account by default); `t`
/// starts at the operation.
pub(crate) fn aws_ssm(w: &mut World, t: &[String]) -> Result<String, CommandError> {
    let Some(op) = t.first() else {
        return Err(CommandError::new(
            "usage: aws ssm <command> [parameters]\naws: error: the following arguments are required: operation",
        ));
    };
    let cmd = format!("aws ssm {op}");
    let a = parse_args(&t[1..], &["aws", "ssm"], &cmd)?;
    let owner = super::profile_account(w, &a)?;
    let region = w.multi.cloud.account_region(&owner).to_string();
    let name = || {
        a.flag("name").map(str::to_string).ok_or_else(|| {
            CommandError::new("\naws: error: the following arguments are required: --name")
        })
    };
    match op.as_str() {
        "put-parameter" => {
            let name = name()?;
            let value = a.flag("value").ok_or_else(|| {
                CommandError::new("\naws: error: the following arguments are required: --value")
            })?;
            let kind = a.flag("type").unwrap_or("String");
            let now = w.k.now_ms;
            let version = w.cloud_mut(|c| {
                c.put_parameter(
                &owner,
                &name,
                kind,
                value,
                a.has("overwrite"),
                now,
            )
            })?;
            Ok(super::aws_json(
                &json!({"Version": version, "Tier": "Standard"}),
            ))
        }
        "get-parameter" => {
            let name = name()?;
            let p = w.multi.cloud.get_parameter(&owner, &name)?;
            let value = if p.kind == "SecureString" && !a.has("with-decryption") {
                // Ciphertext: KMS-encrypted, base64 (not the value).
                format!(
                    "AQICAH{:08x}{:08x}",
                    crate::base::rng::fnv32a(p.value.as_bytes()),
                    crate::base::rng::fnv32a(name.as_bytes())
                )
            } else {
                p.value.clone()
            };
            Ok(super::aws_json(&json!({"Parameter": {
                "Name": name,
                "Type": p.kind,
                "Value": value,
                "Version": p.version,
                "LastModifiedDate": super::aws_time(p.modified_ms),
                "ARN": parameter_arn(&region, &owner, &name),
                "DataType": "text",
            }})))
        }
        "describe-parameters" => {
            let list: Vec<serde_json::Value> = w
                .multi.cloud.parameters(&owner)
                .map(|(n, p)| {
                    json!({
                        "Name": n,
                        "ARN": parameter_arn(&region, &owner, n),
                        "Type": p.kind,
                        "LastModifiedDate": super::aws_time(p.modified_ms),
                        "Version": p.version,
                        "Tier": "Standard",
                        "Policies": [],
                        "DataType": "text",
                    })
                })
                .collect();
            Ok(super::aws_json(&json!({ "Parameters": list })))
        }
        "delete-parameter" => {
            let name = name()?;
            w.cloud_mut(|c| c.delete_parameter(&owner, &name))?;
            Ok(String::new())
        }
        other => Err(CommandError::new(format!(
            "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: argument operation: Invalid choice, valid choices are:\n\nput-parameter | get-parameter | describe-parameters | delete-parameter\n(\"{other}\" is not simulated)"
        ))),
    }
}
