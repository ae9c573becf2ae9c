//! `aws …`: the service and operation looked up in the [grammar](crate::lang::grammar), the
//! options parsed the AWS CLI's way, then the operation run — `aws ecs` in this cluster by
//! [`ecs`], which asks the ECS engine ([`crate::ecs`]); `aws ecr` and `aws ssm` ([`ecr`],
//! [`ssm`]) are account-wide and routed before a cluster is chosen. Also what every AWS CLI
//! answer shares: its JSON layout ([`aws_json`]) and timestamps ([`aws_time`]).
//!
//! Owns the AWS CLI's wording for a line it cannot parse; changes the world only through the
//! operations of the layers below.

pub(crate) mod ecr;
pub(crate) mod ecs;
pub(crate) mod elbv2;
mod elbv2_input;
mod elbv2_output;
pub(crate) mod global;
pub(crate) mod logs;
pub(crate) mod shorthand;
pub(crate) mod ssm;
pub(crate) mod table;

use serde_json::Value;

use crate::base::command::{Args, CommandError};
use crate::input::files::FileSource;
use crate::input::model::Millis;
use crate::lang::grammar::{self, Takes};
use crate::world::World;

/// The AWS CLI's usage error for `aws ecs`, with the operations Sunaba simulates.
fn ecs_usage(message: &str) -> CommandError {
    service_usage("ecs", message)
}

/// The AWS CLI's usage error for `aws SERVICE`, with the operations Sunaba simulates.
fn service_usage(service: &str, message: &str) -> CommandError {
    CommandError::new(format!(
        "{}\n(supported: {})",
        global::usage_error(message).message,
        grammar::children(&["aws", service]).join(", ")
    ))
}

/// `aws …` in this cluster: `aws ecs` and `aws logs` reach here, with the global options
/// (`--region`, `--output`, `--query`, …) wherever they stand on the line.
pub(crate) fn run_aws(
    w: &mut World,
    t: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let (t, globals) = global::take_globals(t)?;
    let service = t.first().map(String::as_str);
    match service {
        Some("ecs" | "logs" | "elbv2") => {}
        Some(other) => {
            return Err(CommandError::new(format!(
                "aws: error: argument command: Invalid choice, valid choices are: {} (Sunaba simulates these only; got {other:?})",
                grammar::children(&["aws"]).join(", ")
            )))
        }
        None => return Err(ecs_usage("the following arguments are required: command")),
    }
    let service = service.unwrap_or("ecs");
    let account_region = w
        .account()
        .map_or(crate::ecs::REGION.to_string(), |a| a.region.clone());
    global::check_region(globals.region.as_deref(), service, &account_region)?;
    let Some(op) = t.get(1) else {
        return Err(ecs_usage("the following arguments are required: operation"));
    };
    let path = ["aws", service, op.as_str()];
    if grammar::find(&path).is_none() {
        return Err(service_usage(
            service,
            &format!("argument operation: Invalid choice: {op:?}"),
        ));
    }
    if service == "logs" && op == "tail" {
        // `tail` takes its group as a word, the one operation that does.
        let (group, rest) = match t.get(2) {
            Some(g) if !g.starts_with("--") => (g.clone(), &t[3..]),
            _ => {
                return Err(global::usage_error(
                    "the following arguments are required: group_name",
                ))
            }
        };
        parse_aws_options(rest, &path)?;
        return logs::tail(w, &group);
    }
    let args = parse_aws_options(&t[2..], &path)?;
    let answer = match service {
        "logs" => logs::run_logs_operation(w, op, &args)?,
        "elbv2" => elbv2::run_elbv2_operation(w, op, &args, files)?,
        _ => ecs::run_ecs_operation(w, op, &args, files)?,
    };
    global::render(answer, &globals, &operation_name(op))
}

/// `describe-tasks` → `DescribeTasks`, the API operation's name (the table's first title).
fn operation_name(op: &str) -> String {
    op.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Parses an operation's options the AWS CLI's way (argparse), with the command's flags from
/// the grammar: switches (`--force`, `--no-force`) wherever they stand; list options (`--tasks
/// a b c`, `--tags k=a,v=b k=c,v=d`) take every word up to the next option; every other
/// option takes the next word (or `=VALUE`); a unique prefix names its option (`--task` is
/// `--tasks`, as argparse allows). Words no option takes are the CLI's `Unknown options: …`.
pub(crate) fn parse_aws_options(tokens: &[String], path: &[&str]) -> Result<Args, CommandError> {
    let known = grammar::flags_under(path);
    let mut args = Args::default();
    let mut unknown: Vec<&str> = Vec::new();
    // argparse: an exact name, else the one option the word is a prefix of.
    let resolve = |name: &str| -> Result<Option<grammar::Flag>, CommandError> {
        if let Some(f) = known.iter().find(|f| f.long == name) {
            return Ok(Some(*f));
        }
        let switch_off = |f: &&grammar::Flag| {
            f.takes == Takes::Nothing && name.strip_prefix("no-") == Some(f.long)
        };
        if let Some(f) = known.iter().find(switch_off) {
            return Ok(Some(*f));
        }
        let matches: Vec<&grammar::Flag> =
            known.iter().filter(|f| f.long.starts_with(name)).collect();
        match matches.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(**one)),
            many => Err(global::usage_error(&format!(
                "ambiguous option: --{name} could match {}",
                many.iter()
                    .map(|f| format!("--{}", f.long))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        i += 1;
        let Some(body) = t.strip_prefix("--").filter(|b| !b.is_empty()) else {
            unknown.push(t);
            continue;
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let Some(flag) = resolve(name)? else {
            unknown.push(t);
            continue;
        };
        let is_option = |w: &str| w.starts_with("--") && w.len() > 2;
        match flag.takes {
            Takes::Nothing => {
                if name.starts_with("no-") && name != flag.long {
                    args.clear_flag(flag.long);
                } else {
                    args.set_flag(flag.long.to_string(), "true".to_string());
                }
            }
            Takes::Many(_) => {
                let mut any = false;
                if let Some(v) = inline {
                    args.push_list(flag.long, v.to_string());
                    any = true;
                }
                while let Some(w) = tokens.get(i).filter(|w| !is_option(w)) {
                    args.push_list(flag.long, w.clone());
                    any = true;
                    i += 1;
                }
                if !any {
                    return Err(global::usage_error(&format!(
                        "argument --{}: expected at least one argument",
                        flag.long
                    )));
                }
            }
            Takes::One(_) => {
                let value = match inline {
                    Some(v) => v.to_string(),
                    None => match tokens.get(i).filter(|w| !is_option(w)) {
                        Some(v) => {
                            i += 1;
                            v.clone()
                        }
                        None => {
                            return Err(global::usage_error(&format!(
                                "argument --{}: expected one argument",
                                flag.long
                            )))
                        }
                    },
                };
                args.set_flag(flag.long.to_string(), value);
            }
        }
    }
    if !unknown.is_empty() {
        return Err(global::unknown_options(&unknown));
    }
    Ok(args)
}

/// The account an account-wide `aws` command (`ecr`, `ssm`) acts on: `--profile` (an account
/// name or id), else the current context's.
pub(crate) fn profile_account(w: &World, a: &Args) -> Result<String, CommandError> {
    match a.flag("profile") {
        Some(p) => Ok(w.multi.cloud.find_account(p)?.id.clone()),
        None => Ok(w.active().account_id().to_string()),
    }
}

/// `2026-11-28T10:00:05.768000+00:00`, as the AWS CLI v2 prints timestamps: Python's
/// `datetime.isoformat()`, which leaves the fraction out on a whole second
/// (`2026-11-28T10:00:05+00:00`, aws/aws-cli#5912).
pub(crate) fn aws_time(ms: Millis) -> String {
    let base = crate::base::clock::rfc3339(ms);
    let base = base.trim_end_matches('Z');
    match ms % 1000 {
        0 => format!("{base}+00:00"),
        frac => format!("{base}.{frac:03}000+00:00"),
    }
}

/// Pretty JSON with the AWS CLI's 4-space indent and a final newline.
pub(crate) fn aws_json(v: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    // Serialising a `Value` into memory cannot fail.
    let _ = serde::Serialize::serialize(v, &mut ser);
    let mut s = String::from_utf8(out).unwrap_or_default();
    s.push('\n');
    s
}
