//! AWS Systems Manager Parameter Store, per account: where an environment's secrets and
//! settings live outside the image. `aws ssm put-parameter | get-parameter | describe-parameters
//! | delete-parameter` print the AWS CLI's JSON; an ECS task definition's `secrets` name a
//! parameter (`"valueFrom": "/shop/db-password"`), which the agent reads in the account the task
//! runs in — so every account an environment may run in needs it (see `ecs::task`).

use serde_json::json;

use crate::base::command::CommandError;
use crate::input::model::Millis;
use crate::lang::command::parse_args;
use crate::sim::world::World;

/// Parameters per account (a playground bound; the Standard tier allows 10,000).
pub const MAX_PARAMETERS: usize = 200;
/// Standard tier: values up to 4 KB.
pub const MAX_VALUE_BYTES: usize = 4096;
pub const MAX_NAME_BYTES: usize = 2048;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// `String`, `StringList` or `SecureString`.
    pub kind: String,
    pub value: String,
    pub version: u32,
    pub modified_ms: Millis,
}

fn aws_error(code: &str, op: &str, message: &str) -> CommandError {
    CommandError::new(format!(
        "An error occurred ({code}) when calling the {op} operation: {message}"
    ))
}

/// `arn:aws:ssm:REGION:ACCOUNT:parameter/NAME` (a name's leading `/` is not doubled).
pub fn parameter_arn(region: &str, account: &str, name: &str) -> String {
    format!(
        "arn:aws:ssm:{region}:{account}:parameter/{}",
        name.trim_start_matches('/')
    )
}

/// The parameter a task definition's `valueFrom` names in `account`: a name, or an SSM ARN
/// of that account. `None` for Secrets Manager and for other accounts' ARNs.
pub fn parameter_name<'a>(value_from: &'a str, account: &str) -> Option<String> {
    if !value_from.starts_with("arn:") {
        return Some(value_from.to_string());
    }
    let parts: Vec<&'a str> = value_from.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", _, "ssm", _, acct, rest] if *acct == account => {
            rest.strip_prefix("parameter/").map(|n| format!("/{n}"))
        }
        _ => None,
    }
}

/// Whether `name` (from [`parameter_name`]) is one of `parameters`. An ARN does not say
/// whether the name began with `/` (`parameter/x` is `/x` or `x`), so both are tried.
pub fn has_parameter(
    parameters: &crate::base::object_map::ObjectMap<String, Parameter>,
    name: &str,
) -> bool {
    parameters.contains_key(name) || parameters.contains_key(name.trim_start_matches('/'))
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_BYTES
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'/'))
        && !name
            .to_ascii_lowercase()
            .trim_start_matches('/')
            .starts_with("aws")
        && !name
            .to_ascii_lowercase()
            .trim_start_matches('/')
            .starts_with("ssm")
}

impl World {
    /// `aws ssm …` in the profile's account (the current context's account by default).
    pub(crate) fn aws_ssm(&mut self, t: &[String]) -> Result<String, CommandError> {
        let Some(op) = t.first() else {
            return Err(CommandError::new(
                "usage: aws ssm <command> [parameters]\naws: error: the following arguments are required: operation",
            ));
        };
        let cmd = format!("aws ssm {op}");
        let a = parse_args(&t[1..], &["aws", "ssm"], &cmd)?;
        let owner = self.profile_account(&a)?;
        let region = self.multi.cloud.accounts[&owner].region.clone();
        let name = || {
            a.flag("name").map(str::to_string).ok_or_else(|| {
                CommandError::new("\naws: error: the following arguments are required: --name")
            })
        };
        let now = self.now_ms;
        let out = match op.as_str() {
            "put-parameter" => {
                const OP: &str = "PutParameter";
                let name = name()?;
                let value = a.flag("value").ok_or_else(|| {
                    CommandError::new(
                        "\naws: error: the following arguments are required: --value",
                    )
                })?;
                if !valid_name(&name) {
                    return Err(aws_error(
                        "ValidationException",
                        OP,
                        "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.",
                    ));
                }
                if value.is_empty() || value.len() > MAX_VALUE_BYTES {
                    return Err(aws_error(
                        "ValidationException",
                        OP,
                        &format!("1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length between 1 and {MAX_VALUE_BYTES}"),
                    ));
                }
                let kind = a.flag("type").unwrap_or("String");
                if !matches!(kind, "String" | "StringList" | "SecureString") {
                    return Err(aws_error(
                        "ValidationException",
                        OP,
                        &format!("1 validation error detected: Value '{kind}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]"),
                    ));
                }
                let account = self.multi.cloud.accounts.get_mut(&owner).expect("known");
                let version = match account.parameters.get(&name) {
                    Some(_) if !a.has("overwrite") => {
                        return Err(aws_error(
                            "ParameterAlreadyExists",
                            OP,
                            "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
                        ))
                    }
                    Some(p) => p.version + 1,
                    None if account.parameters.len() >= MAX_PARAMETERS => {
                        return Err(aws_error(
                            "ParameterLimitExceeded",
                            OP,
                            &format!("at most {MAX_PARAMETERS} parameters per account in Sunaba"),
                        ))
                    }
                    None => 1,
                };
                account.parameters.insert(
                    name,
                    Parameter {
                        kind: kind.to_string(),
                        value: value.to_string(),
                        version,
                        modified_ms: now,
                    },
                );
                crate::ecs::aws_json(&json!({"Version": version, "Tier": "Standard"}))
            }
            "get-parameter" => {
                let name = name()?;
                let p = self.multi.cloud.accounts[&owner]
                    .parameters
                    .get(&name)
                    .ok_or_else(|| aws_error("ParameterNotFound", "GetParameter", ""))?;
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
                crate::ecs::aws_json(&json!({"Parameter": {
                    "Name": name,
                    "Type": p.kind,
                    "Value": value,
                    "Version": p.version,
                    "LastModifiedDate": crate::ecs::aws_time(p.modified_ms),
                    "ARN": parameter_arn(&region, &owner, &name),
                    "DataType": "text",
                }}))
            }
            "describe-parameters" => {
                let list: Vec<serde_json::Value> = self.multi.cloud.accounts[&owner]
                    .parameters
                    .iter()
                    .map(|(n, p)| {
                        json!({
                            "Name": n,
                            "ARN": parameter_arn(&region, &owner, n),
                            "Type": p.kind,
                            "LastModifiedDate": crate::ecs::aws_time(p.modified_ms),
                            "Version": p.version,
                            "Tier": "Standard",
                            "Policies": [],
                            "DataType": "text",
                        })
                    })
                    .collect();
                crate::ecs::aws_json(&json!({ "Parameters": list }))
            }
            "delete-parameter" => {
                let name = name()?;
                let account = self.multi.cloud.accounts.get_mut(&owner).expect("known");
                if account.parameters.remove(&name).is_none() {
                    return Err(aws_error("ParameterNotFound", "DeleteParameter", ""));
                }
                String::new()
            }
            other => {
                return Err(CommandError::new(format!(
                    "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: argument operation: Invalid choice, valid choices are:\n\nput-parameter | get-parameter | describe-parameters | delete-parameter\n(\"{other}\" is not simulated)"
                )))
            }
        };
        self.sync_cloud();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_from_names_a_parameter_of_the_tasks_account() {
        assert_eq!(
            parameter_name("/shop/db-password", "111111111111").as_deref(),
            Some("/shop/db-password")
        );
        assert_eq!(
            parameter_name(
                "arn:aws:ssm:us-east-1:111111111111:parameter/shop/db-password",
                "111111111111"
            )
            .as_deref(),
            Some("/shop/db-password")
        );
        assert_eq!(
            parameter_name(
                "arn:aws:ssm:us-east-1:123456789012:parameter/shop/db-password",
                "111111111111"
            ),
            None
        );
        assert_eq!(
            parameter_name(
                "arn:aws:secretsmanager:us-east-1:111111111111:secret:db",
                "111111111111"
            ),
            None
        );
        assert_eq!(
            parameter_arn("us-east-1", "111111111111", "/shop/db"),
            "arn:aws:ssm:us-east-1:111111111111:parameter/shop/db"
        );
        assert!(!valid_name("/aws/x") && !valid_name("a b") && valid_name("/shop/db-password"));
        // An ARN's `parameter/plain` is the parameter `plain` (made without a leading `/`).
        let mut p = crate::base::object_map::ObjectMap::new();
        p.insert(
            "plain".to_string(),
            Parameter {
                kind: "String".into(),
                value: "v".into(),
                version: 1,
                modified_ms: 0,
            },
        );
        let name = parameter_name("arn:aws:ssm:us-east-1:1:parameter/plain", "1").unwrap();
        assert!(has_parameter(&p, &name));
        assert!(!has_parameter(&p, "/other"));
    }
}
