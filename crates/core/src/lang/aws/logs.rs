//! `aws logs …`: CloudWatch Logs as ECS tasks with the `awslogs` log driver fill it.

use serde_json::Value;

use crate::base::command::{Args, CommandError};
use crate::world::World;

/// One `aws logs` operation, its options already parsed.
pub(crate) fn run_logs_operation(
    _w: &mut World,
    op: &str,
    _args: &Args,
) -> Result<Value, CommandError> {
    Err(CommandError::new(format!("aws logs {op}: not simulated")))
}
