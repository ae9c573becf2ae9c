//! Structure options the ECS operations read through the CLI's shorthand syntax (or JSON):
//! `--deployment-configuration` and `--tags`.

use serde_json::Value;

use crate::base::command::{Args, CommandError};
use crate::input::definitions::ecs::ServiceDefinition;
use crate::input::files::FileSource;
use crate::lang::aws::shorthand;

fn validation(message: String) -> CommandError {
    CommandError::new(format!("\nParameter validation failed:\n{message}"))
}

/// `--deployment-configuration maximumPercent=200,minimumHealthyPercent=50`, into `def`.
pub(super) fn deployment_configuration(
    args: &Args,
    files: &dyn FileSource,
    def: &mut ServiceDefinition,
) -> Result<(), CommandError> {
    const OPTION: &str = "--deployment-configuration";
    let Some(v) = args.flag("deployment-configuration") else {
        return Ok(());
    };
    let m = shorthand::structure(OPTION, v, files)?;
    for (k, v) in &m {
        let path = format!("deploymentConfiguration.{k}");
        match k.as_str() {
            "maximumPercent" => def.maximum_percent = percent(OPTION, &path, v)?,
            "minimumHealthyPercent" => def.minimum_healthy_percent = percent(OPTION, &path, v)?,
            "deploymentCircuitBreaker" => {
                let Value::Object(cb) = v else {
                    return Err(validation(format!(
                        "Invalid type for parameter {path}, value: {v}, type: {}, valid types: <class 'dict'>",
                        shorthand::python_type(v)
                    )));
                };
                let flag = |name: &str| -> Result<bool, CommandError> {
                    match cb.get(name) {
                        None => Err(validation(format!(
                            "Missing required parameter in {path}: \"{name}\""
                        ))),
                        Some(Value::Bool(b)) => Ok(*b),
                        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(true),
                        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(false),
                        Some(other) => Err(validation(format!(
                            "Invalid type for parameter {path}.{name}, value: {other}, type: {}, valid types: <class 'bool'>",
                            shorthand::python_type(other)
                        ))),
                    }
                };
                def.circuit_breaker = Some((flag("enable")?, flag("rollback")?));
            }
            other => {
                return Err(validation(format!(
                    "Unknown parameter in deploymentConfiguration: \"{other}\", must be one of: deploymentCircuitBreaker, maximumPercent, minimumHealthyPercent, alarms, strategy, bakeTimeInMinutes, lifecycleHooks"
                )))
            }
        }
    }
    Ok(())
}

fn percent(option: &str, path: &str, v: &Value) -> Result<u32, CommandError> {
    let n = shorthand::int_of(option, path, v)?;
    u32::try_from(n).ok().filter(|&n| n <= 1000).ok_or_else(|| {
        crate::ecs::aws_error(
            "InvalidParameterException",
            "CreateService",
            format!("{path} must be between 0 and 1000 (got {n})."),
        )
    })
}

/// `--tags key=K,value=V …`: checked as botocore checks them, then left aside.
pub(super) fn check_tags(args: &Args, files: &dyn FileSource) -> Result<(), CommandError> {
    let words = args.list("tags");
    if words.is_empty() {
        return Ok(());
    }
    let tags = shorthand::structures("--tags", &words, files)?;
    if tags.len() > 50 {
        return Err(validation(format!(
            "Invalid length for parameter tags, value: {}, valid max length: 50",
            tags.len()
        )));
    }
    for (i, t) in tags.iter().enumerate() {
        if let Some(k) = t.keys().find(|k| *k != "key" && *k != "value") {
            return Err(validation(format!(
                "Unknown parameter in tags[{i}]: \"{k}\", must be one of: key, value"
            )));
        }
        for f in ["key", "value"] {
            if let Some(v) = t.get(f) {
                shorthand::string_of(&format!("tags[{i}].{f}"), v)?;
            }
        }
    }
    Ok(())
}
