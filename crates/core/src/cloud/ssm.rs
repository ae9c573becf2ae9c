//! AWS Systems Manager Parameter Store, per account: where an environment's secrets and
//! settings live outside the image. The store's operations (put, get, describe, delete) check
//! and change it here; `aws ssm …` is parsed and printed in `lang::aws::ssm`. An ECS task
//! definition's `secrets` name a parameter (`"valueFrom": "/shop/db-password"`), which the
//! agent reads in the account the task runs in — so every account an environment may run in
//! needs it (see `ecs::task`).

use crate::base::command::CommandError;
use crate::cloud::accounts::{Cloud, Parameter};
use crate::input::model::Millis;

/// Parameters per account (a playground bound; the Standard tier allows 10,000).
pub const MAX_PARAMETERS: usize = 200;
/// Standard tier: values up to 4 KB.
pub const MAX_VALUE_BYTES: usize = 4096;
pub const MAX_NAME_BYTES: usize = 2048;

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

impl Cloud {
    /// PutParameter in `owner`'s store: a new parameter (version 1) or, with `overwrite`, a
    /// new version of an existing one. Returns the version stored.
    pub(crate) fn put_parameter(
        &mut self,
        owner: &str,
        name: &str,
        kind: &str,
        value: &str,
        overwrite: bool,
        now: Millis,
    ) -> Result<u32, CommandError> {
        const OP: &str = "PutParameter";
        if !valid_name(name) {
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
        if !matches!(kind, "String" | "StringList" | "SecureString") {
            return Err(aws_error(
                "ValidationException",
                OP,
                &format!("1 validation error detected: Value '{kind}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]"),
            ));
        }
        let account = self.accounts.get_mut(owner).expect("known");
        let version = match account.parameters.get(name) {
            Some(_) if !overwrite => {
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
            name.to_string(),
            Parameter {
                kind: kind.to_string(),
                value: value.to_string(),
                version,
                modified_ms: now,
            },
        );
        Ok(version)
    }

    /// GetParameter: the parameter `name` of `owner`'s store.
    pub(crate) fn get_parameter(
        &self,
        owner: &str,
        name: &str,
    ) -> Result<&Parameter, CommandError> {
        self.accounts[owner]
            .parameters
            .get(name)
            .ok_or_else(|| aws_error("ParameterNotFound", "GetParameter", ""))
    }

    /// DescribeParameters: every parameter of `owner`'s store, in name order.
    pub(crate) fn parameters(&self, owner: &str) -> impl Iterator<Item = (&String, &Parameter)> {
        self.accounts[owner].parameters.iter()
    }

    /// DeleteParameter: removes `name` from `owner`'s store.
    pub(crate) fn delete_parameter(&mut self, owner: &str, name: &str) -> Result<(), CommandError> {
        let account = self.accounts.get_mut(owner).expect("known");
        if account.parameters.remove(name).is_none() {
            return Err(aws_error("ParameterNotFound", "DeleteParameter", ""));
        }
        Ok(())
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
