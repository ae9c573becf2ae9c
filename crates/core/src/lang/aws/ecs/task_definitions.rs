//! `aws ecs register-task-definition --cli-input-json file://PATH`,
//! `describe-task-definition`, `list-task-definitions`, `deregister-task-definition`.

use serde_json::{json, Value};

use super::output::{task_definition_arn, task_definition_json};
use super::{read_cli_input, usage};
use crate::base::command::{Args, CommandError};
use crate::ecs::aws_error;
use crate::input::definitions::EcsDefinition;
use crate::input::files::FileSource;
use crate::world::World;

pub(super) fn register(
    w: &mut World,
    args: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    const OP: &str = "RegisterTaskDefinition";
    let o = args.values();
    let Some(input) = o.get("cli-input-json") else {
        return Err(usage(
            "the following arguments are required: --cli-input-json (file://task.json)",
        ));
    };
    let (path, definitions) = read_cli_input(input, files, OP, "task.json", &[])?;
    let mut tasks = definitions.into_iter().filter_map(|d| match d {
        EcsDefinition::Task(t) => Some(t),
        EcsDefinition::Service(_) => None,
    });
    let (Some(def), None) = (tasks.next(), tasks.next()) else {
        return Err(CommandError::new(format!(
            "Parameter validation failed: {path} must hold one task definition (an object with family and containerDefinitions)"
        )));
    };
    let family = def.family.clone();
    let revision = w.ecs_engine().register_definition(def)?;
    let r = w
        .ecs
        .families
        .get(&family)
        .and_then(|revs| revs.iter().find(|r| r.revision == revision))
        .ok_or_else(|| aws_error("ClientException", OP, "Unable to describe task definition."))?;
    Ok(json!({"taskDefinition": task_definition_json(r)}))
}

pub(super) fn describe(w: &World, args: &Args) -> Result<Value, CommandError> {
    let o = args.values();
    let id = o
        .get("task-definition")
        .ok_or_else(|| usage("the following arguments are required: --task-definition"))?;
    let r = w.ecs.find_task_definition(id, "DescribeTaskDefinition")?;
    Ok(json!({"taskDefinition": task_definition_json(r)}))
}

pub(super) fn list(w: &World, args: &Args) -> Result<Value, CommandError> {
    let o = args.values();
    let prefix = o.get("family-prefix").copied().unwrap_or("");
    let want_active = match o.get("status").copied() {
        None | Some("ACTIVE") => true,
        Some("INACTIVE") => false,
        Some(s) => {
            return Err(usage(&format!(
                "argument --status: Invalid choice: {s:?} (choose from ACTIVE, INACTIVE)"
            )))
        }
    };
    let arns: Vec<String> = w
        .ecs
        .families
        .iter()
        .filter(|(f, _)| f.starts_with(prefix))
        .flat_map(|(f, revs)| {
            revs.iter()
                .filter(|r| r.active == want_active)
                .map(|r| task_definition_arn(f, r.revision))
        })
        .collect();
    Ok(json!({"taskDefinitionArns": arns}))
}

pub(super) fn deregister(w: &mut World, args: &Args) -> Result<Value, CommandError> {
    let o = args.values();
    let id = o
        .get("task-definition")
        .ok_or_else(|| usage("the following arguments are required: --task-definition"))?;
    let r = w.ecs.deregister_definition(id)?;
    Ok(json!({"taskDefinition": task_definition_json(r)}))
}
