//! `aws logs …`: CloudWatch Logs as ECS tasks with the `awslogs` log driver fill it
//! ([`crate::ecs::logs`]): log groups made by hand or by the tasks, one stream per container
//! (`PREFIX/CONTAINER/TASK_ID`), its events read from the container's output.

use serde_json::{json, Value};

use crate::base::command::{Args, CommandError};
use crate::ecs::logs::{LogStream, LOG_GROUPS_MAX};
use crate::ecs::{ACCOUNT_ID, REGION};
use crate::world::World;

fn logs_error(code: &str, op: &str, message: &str) -> CommandError {
    CommandError::new(format!(
        "\nAn error occurred ({code}) when calling the {op} operation: {message}"
    ))
}

fn required(args: &Args, flag: &str) -> Result<String, CommandError> {
    args.flag(flag).map(str::to_string).ok_or_else(|| {
        super::global::usage_error(&format!("the following arguments are required: --{flag}"))
    })
}

/// CloudWatch's times: milliseconds since the Unix epoch.
fn epoch_ms(ms: crate::input::model::Millis) -> i64 {
    crate::base::clock::EPOCH_UNIX_S * 1000 + ms as i64
}

fn group_arn(name: &str) -> String {
    format!("arn:aws:logs:{REGION}:{ACCOUNT_ID}:log-group:{name}")
}

/// The streams of an existing group, or CloudWatch's ResourceNotFoundException.
fn streams(w: &World, group: &str, op: &str) -> Result<Vec<LogStream>, CommandError> {
    if !w.ecs.log_groups().iter().any(|(n, _)| n == group) {
        return Err(logs_error(
            "ResourceNotFoundException",
            op,
            "The specified log group does not exist.",
        ));
    }
    Ok(w.ecs.log_streams(group))
}

/// One `aws logs` operation, its options already parsed (`tail`'s group is its one word).
pub(crate) fn run_logs_operation(
    w: &mut World,
    op: &str,
    args: &Args,
) -> Result<Value, CommandError> {
    match op {
        "create-log-group" => {
            let name = required(args, "log-group-name")?;
            if name.is_empty() || name.len() > 512 {
                return Err(logs_error(
                    "InvalidParameterException",
                    "CreateLogGroup",
                    "1 validation error detected: Value at 'logGroupName' failed to satisfy constraint: Member must have length less than or equal to 512",
                ));
            }
            if w.ecs.log_groups().len() >= LOG_GROUPS_MAX {
                return Err(logs_error(
                    "LimitExceededException",
                    "CreateLogGroup",
                    "Resource limit exceeded.",
                ));
            }
            let now = w.k.now_ms;
            if !w.ecs.create_log_group(&name, now) {
                return Err(logs_error(
                    "ResourceAlreadyExistsException",
                    "CreateLogGroup",
                    "The specified log group already exists",
                ));
            }
            Ok(Value::Null)
        }
        "delete-log-group" => {
            let name = required(args, "log-group-name")?;
            if !w.ecs.delete_log_group(&name) {
                return Err(logs_error(
                    "ResourceNotFoundException",
                    "DeleteLogGroup",
                    "The specified log group does not exist.",
                ));
            }
            Ok(Value::Null)
        }
        "describe-log-groups" => {
            let prefix = args.flag("log-group-name-prefix").unwrap_or("");
            let groups: Vec<Value> = w
                .ecs
                .log_groups()
                .into_iter()
                .filter(|(n, _)| n.starts_with(prefix))
                .map(|(n, at)| {
                    let stored: usize = w
                        .ecs
                        .log_streams(&n)
                        .iter()
                        .map(|s| {
                            w.ecs
                                .log_lines(&w.k.store, s)
                                .iter()
                                .map(|l| l.len() + 26)
                                .sum::<usize>()
                        })
                        .sum();
                    json!({
                        "logGroupName": n,
                        "creationTime": epoch_ms(at),
                        "metricFilterCount": 0,
                        "arn": format!("{}:*", group_arn(&n)),
                        "storedBytes": stored,
                        "logGroupClass": "STANDARD",
                        "logGroupArn": group_arn(&n),
                    })
                })
                .collect();
            Ok(json!({"logGroups": groups}))
        }
        "describe-log-streams" => {
            let group = required(args, "log-group-name")?;
            let prefix = args.flag("log-stream-name-prefix").unwrap_or("");
            let items: Vec<Value> = streams(w, &group, "DescribeLogStreams")?
                .into_iter()
                .filter(|s| s.name.starts_with(prefix))
                .map(|s| {
                    let lines = w.ecs.log_lines(&w.k.store, &s).len();
                    let mut o = serde_json::Map::new();
                    o.insert("logStreamName".into(), json!(s.name));
                    o.insert("creationTime".into(), json!(epoch_ms(s.created_ms)));
                    if lines > 0 {
                        o.insert("firstEventTimestamp".into(), json!(epoch_ms(s.created_ms)));
                        o.insert("lastEventTimestamp".into(), json!(epoch_ms(s.created_ms)));
                        o.insert("lastIngestionTime".into(), json!(epoch_ms(s.created_ms)));
                    }
                    o.insert("uploadSequenceToken".into(), json!("1"));
                    o.insert(
                        "arn".into(),
                        json!(format!("{}:log-stream:{}", group_arn(&group), s.name)),
                    );
                    o.insert("storedBytes".into(), json!(0));
                    Value::Object(o)
                })
                .collect();
            Ok(json!({"logStreams": items}))
        }
        "get-log-events" => {
            let group = required(args, "log-group-name")?;
            let name = required(args, "log-stream-name")?;
            let Some(s) = streams(w, &group, "GetLogEvents")?
                .into_iter()
                .find(|s| s.name == name)
            else {
                return Err(logs_error(
                    "ResourceNotFoundException",
                    "GetLogEvents",
                    "The specified log stream does not exist.",
                ));
            };
            let events: Vec<Value> = w
                .ecs
                .log_lines(&w.k.store, &s)
                .into_iter()
                .map(|l| json!({"timestamp": epoch_ms(s.created_ms), "message": l, "ingestionTime": epoch_ms(s.created_ms)}))
                .collect();
            Ok(json!({
                "events": events,
                "nextForwardToken": format!("f/{:056}", events.len()),
                "nextBackwardToken": format!("b/{:056}", 0),
            }))
        }
        other => Err(super::global::usage_error(&format!(
            "argument operation: Invalid choice: {other:?}"
        ))),
    }
}

/// `aws logs tail GROUP`: each event as `TIMESTAMP STREAM MESSAGE`, as the CLI's text format.
pub(crate) fn tail(w: &World, group: &str) -> Result<String, CommandError> {
    let mut out = String::new();
    for s in streams(w, group, "FilterLogEvents")? {
        let at = crate::lang::aws::aws_time(s.created_ms);
        for l in w.ecs.log_lines(&w.k.store, &s) {
            out.push_str(&format!("{at} {} {l}\n", s.name));
        }
    }
    Ok(out)
}
