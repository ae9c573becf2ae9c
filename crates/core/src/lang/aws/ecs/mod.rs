//! `aws ecs <operation>`: each operation's options read the AWS CLI's way, the ECS engine asked
//! ([`crate::ecs`]: its operations and what it holds), and the answer printed as the AWS CLI
//! prints it (JSON with the API's field names, [`output`]). Errors read like the AWS CLI's:
//! `An error occurred (ClientException) when calling the RegisterTaskDefinition operation: …`.
//!
//! One file per kind of object: task definitions ([`task_definitions`]), container instances
//! ([`instances`]), tasks ([`tasks`]), services ([`services`]), clusters ([`clusters`]); and
//! `sim side-by-side`, which runs a Deployment's ECS twin next to it ([`convert`]). This file
//! holds the dispatch and what several operations read the same way (`--cli-input-json`,
//! shorthand lists, `--launch-type`).

mod clusters;
pub(crate) mod convert;
pub mod convert_lb;
mod instances;
mod network;
mod options;
mod output;
mod services;
mod task_definitions;
mod tasks;

use serde_json::Value;

use crate::base::command::{Args, CommandError};
use crate::ecs::aws_error;
use crate::input::definitions::ecs::LaunchType;
use crate::input::definitions::{self, EcsDefinition, Severity};
use crate::input::files::FileSource;
use crate::world::World;

/// argparse's error with the CLI's usage (`aws: error: the following arguments are required:
/// --cluster`).
fn usage(message: &str) -> CommandError {
    crate::lang::aws::global::usage_error(message)
}

/// One `aws ecs` operation, its options already parsed by the command language.
pub(crate) fn run_ecs_operation(
    w: &mut World,
    verb: &str,
    args: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    match verb {
        "register-task-definition" => task_definitions::register(w, args, files),
        "describe-task-definition" => task_definitions::describe(w, args),
        "list-task-definitions" => task_definitions::list(w, args),
        "deregister-task-definition" => task_definitions::deregister(w, args),
        "list-container-instances" => instances::list(w, args),
        "update-container-instances-state" => instances::update_state(w, args),
        "describe-container-instances" => instances::describe(w, args),
        "run-task" => tasks::run(w, args, files),
        "stop-task" => tasks::stop(w, args),
        "list-tasks" => tasks::list(w, args),
        "describe-tasks" => tasks::describe(w, args),
        "create-service" => services::create(w, args, files),
        "update-service" => services::update(w, args),
        "delete-service" => services::delete(w, args),
        "describe-services" => services::describe(w, args),
        "list-services" => services::list(w, args),
        "create-cluster" => clusters::create(w, args, files),
        "delete-cluster" => clusters::delete(w, args),
        "list-clusters" => Ok(clusters::list(w)),
        "describe-clusters" => clusters::describe(w, args),
        other => Err(usage(&format!(
            "argument operation: Invalid choice: {other:?}"
        ))),
    }
}

/// `--cli-input-json file://PATH`: the file's ECS definitions, or the AWS CLI's error — a
/// ClientException/InvalidParameterException where ECS would refuse it — with where it is
/// (which the AWS CLI does not say). `example` is the file name the hint suggests; `flags` are
/// the fields given as flags next to the file, merged in first as the AWS CLI does
/// ([`definitions::load_overriding`]).
fn read_cli_input(
    input: &str,
    files: &dyn FileSource,
    op: &str,
    example: &str,
    flags: &[(&str, Option<&str>)],
) -> Result<(String, Vec<EcsDefinition>), CommandError> {
    let Some(path) = input.strip_prefix("file://") else {
        return Err(CommandError::new(format!(
            "Error parsing parameter 'cli-input-json': Invalid JSON: {input:?} (hint: pass a file as file://{example})"
        )));
    };
    let text = files.read(path).map_err(|e| {
        CommandError::new(format!(
            "Error parsing parameter 'cli-input-json': Unable to load paramfile file://{path}: {e}"
        ))
    })?;
    let loaded = definitions::load_overriding(path, &text, flags);
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        let located = format!("{}:{}:{}", d.file, d.line, d.column);
        return Err(match d.message.split_once(": ") {
            Some((code @ ("ClientException" | "InvalidParameterException"), msg)) => {
                CommandError::new(format!(
                    "{}\n  at {located}",
                    aws_error(code, op, msg).message
                ))
            }
            _ => CommandError::new(format!("{}\n  at {located}", d.message)),
        });
    }
    Ok((
        path.to_owned(),
        loaded.ecs.into_iter().map(|e| e.definition).collect(),
    ))
}

/// Shorthand `type=spread,field=instanceId` items into `(type, field-or-expression)`.
fn shorthand_pairs(items: &[&str], second: &str) -> Result<Vec<(String, Option<String>)>, String> {
    items
        .iter()
        .map(|item| {
            let mut kind = None;
            let mut other = None;
            for part in item.split(',') {
                match part.split_once('=') {
                    Some(("type", v)) => kind = Some(v.to_string()),
                    Some((k, v)) if k == second => other = Some(v.to_string()),
                    _ => {
                        return Err(format!(
                            "Error parsing parameter: Expected: '<key>=<value>' with keys type and {second}, received: {part:?}"
                        ))
                    }
                }
            }
            kind.map(|k| (k, other))
                .ok_or_else(|| format!("Error parsing parameter: missing type= in {item:?}"))
        })
        .collect()
}

/// `--launch-type`: EC2 when not given.
fn launch_type(value: Option<&&str>, op: &str) -> Result<LaunchType, CommandError> {
    match value.copied() {
        None | Some("EC2") => Ok(LaunchType::Ec2),
        Some("FARGATE") => Ok(LaunchType::Fargate),
        Some(other) => Err(aws_error(
            "InvalidParameterException",
            op,
            format!("launchType {other} is not supported (EC2, FARGATE)."),
        )),
    }
}
