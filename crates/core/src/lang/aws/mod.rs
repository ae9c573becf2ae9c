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
pub(crate) mod ssm;

use serde_json::Value;

use crate::base::command::{Args, CommandError};
use crate::input::files::FileSource;
use crate::input::model::Millis;
use crate::lang::grammar::{self, Takes};
use crate::world::World;

/// The AWS CLI's usage error for `aws ecs`, with the operations Sunaba simulates.
fn ecs_usage(message: &str) -> CommandError {
    CommandError::new(format!(
        "usage: aws ecs <command> [options]\naws: error: {message}\n(supported: {})",
        grammar::children(&["aws", "ecs"]).join(", ")
    ))
}

/// `aws …` in this cluster: only `aws ecs` reaches here.
pub(crate) fn run_aws(
    w: &mut World,
    t: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    match t.first().map(String::as_str) {
        Some("ecs") => {}
        Some(other) => {
            return Err(CommandError::new(format!(
                "aws: error: argument command: Invalid choice, valid choices are: {} (Sunaba simulates these only; got {other:?})",
                grammar::children(&["aws"]).join(", ")
            )))
        }
        None => return Err(ecs_usage("the following arguments are required: command")),
    }
    let Some(op) = t.get(1) else {
        return Err(ecs_usage("the following arguments are required: operation"));
    };
    let path = ["aws", "ecs", op.as_str()];
    if grammar::find(&path).is_none() {
        return Err(ecs_usage(&format!(
            "argument operation: Invalid choice: {op:?}"
        )));
    }
    let args = parse_aws_options(&t[2..], &path).map_err(|m| ecs_usage(&m))?;
    ecs::run_ecs_operation(w, op, &args, files)
}

/// Parses `aws ecs` options the AWS CLI's way, with the command's flags from the grammar:
/// switches (`--force`, `--no-force`) wherever they stand; list options (`--tasks a b c`) take
/// every word up to the next option; every other option takes the next word (or `=VALUE`); a
/// word outside an option is an error. The message is the AWS CLI's, without its usage lines.
pub(crate) fn parse_aws_options(tokens: &[String], path: &[&str]) -> Result<Args, String> {
    let known = grammar::flags_under(path);
    let mut args = Args::default();
    let is_switch = |t: &str| {
        known.iter().any(|f| {
            f.takes == Takes::Nothing
                && t.strip_prefix("--")
                    .is_some_and(|n| n == f.long || n.strip_prefix("no-") == Some(f.long))
        })
    };
    for f in known.iter().filter(|f| f.takes == Takes::Nothing) {
        if tokens.iter().any(|t| t.strip_prefix("--") == Some(f.long)) {
            args.set_flag(f.long.to_string(), "true".to_string());
        }
    }
    let mut others: Vec<&str> = Vec::new();
    let mut in_list: Option<&str> = None;
    for t in tokens.iter().map(String::as_str).filter(|t| !is_switch(t)) {
        let list = t.strip_prefix("--").and_then(|n| {
            known
                .iter()
                .find(|f| f.long == n && matches!(f.takes, Takes::Many(_)))
        });
        if let Some(list) = list {
            in_list = Some(list.long);
        } else if t.starts_with("--") {
            in_list = None;
            others.push(t);
        } else if let Some(list) = in_list {
            args.push_list(list, t.to_string());
        } else {
            others.push(t);
        }
    }
    let mut it = others.into_iter();
    while let Some(a) = it.next() {
        let Some(name) = a.strip_prefix("--") else {
            return Err(format!("unrecognized arguments: {a}"));
        };
        let (name, value) = match name.split_once('=') {
            Some((n, v)) => (n, v),
            None => match it.next() {
                Some(v) => (name, v),
                None => return Err(format!("argument --{name}: expected one argument")),
            },
        };
        if !known
            .iter()
            .any(|f| f.long == name && matches!(f.takes, Takes::One(_)))
        {
            return Err(format!("unrecognized arguments: --{name}"));
        }
        args.set_flag(name.to_string(), value.to_string());
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
