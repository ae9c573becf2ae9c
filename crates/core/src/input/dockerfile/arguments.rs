//! An instruction's arguments: the JSON exec form or the shell form, `HEALTHCHECK` options
//! (or `NONE`), and `ENV K=V …` / legacy `ENV K V` pairs.

use std::collections::BTreeMap;

use super::expand::{expand, words};
use super::parse::Instruction;
use super::steps::{CommandForm, Healthcheck};
use super::DockerfileError;
use crate::input::definitions::shorten;

/// A JSON array of strings (exec form), or `None` (then Docker treats it as shell form).
pub(super) fn json_array(rest: &str) -> Option<Vec<String>> {
    let t = rest.trim();
    if !t.starts_with('[') {
        return None;
    }
    serde_json::from_str::<Vec<String>>(t).ok()
}

pub(super) fn command_form(rest: &str) -> CommandForm {
    match json_array(rest) {
        Some(v) => CommandForm::Exec(v),
        None => CommandForm::Shell(rest.trim().to_string()),
    }
}

pub(super) fn healthcheck(ins: &Instruction) -> Result<Option<Healthcheck>, DockerfileError> {
    let line = ins.line;
    let e = |m: String| DockerfileError::at(line, m);
    let rest = ins.rest.trim();
    let (kind, cmd) = match rest.find(char::is_whitespace) {
        Some(p) => (&rest[..p], rest[p..].trim()),
        None => (rest, ""),
    };
    if kind.is_empty() {
        return Err(e("HEALTHCHECK requires at least one argument".into()));
    }
    match kind.to_ascii_uppercase().as_str() {
        "NONE" => {
            if !cmd.is_empty() || !ins.flags.is_empty() {
                return Err(e("HEALTHCHECK NONE takes no arguments".into()));
            }
            Ok(None)
        }
        "CMD" => {
            if cmd.is_empty() {
                return Err(e("Missing command after HEALTHCHECK CMD".into()));
            }
            let duration = |name: &str, default_ms: u64| -> Result<u64, DockerfileError> {
                match ins.flags.iter().rev().find(|(n, _)| n == name) {
                    None => Ok(default_ms),
                    Some((_, v)) => {
                        let ms = crate::base::clock::parse_duration(v)
                            .map_err(|_| e(format!("time: invalid duration \"{}\"", shorten(v))))?;
                        if v.trim().parse::<u64>().is_ok() && v.trim() != "0" {
                            // Go durations need a unit.
                            return Err(e(format!(
                                "time: missing unit in duration \"{}\"",
                                shorten(v)
                            )));
                        }
                        if ms == 0 {
                            Ok(default_ms)
                        } else {
                            Ok(ms)
                        }
                    }
                }
            };
            let retries = match ins.flags.iter().rev().find(|(n, _)| n == "retries") {
                None => 3,
                Some((_, v)) => match v.trim().parse::<i64>() {
                    Ok(n) if n < 0 => return Err(e(format!("--retries cannot be negative ({n})"))),
                    Ok(0) => 3,
                    Ok(n) => n.min(1_000_000) as u32,
                    Err(_) => {
                        return Err(e(format!(
                            "strconv.ParseInt: parsing \"{}\": invalid syntax",
                            shorten(v)
                        )))
                    }
                },
            };
            Ok(Some(Healthcheck {
                command: command_form(cmd),
                interval_ms: duration("interval", 30_000)?,
                timeout_ms: duration("timeout", 30_000)?,
                start_period_ms: duration("start-period", 0)?,
                retries,
            }))
        }
        other => Err(e(format!(
            "Unknown type \"{}\" in HEALTHCHECK (try CMD)",
            shorten(other)
        ))),
    }
}

/// `K=V K2="v 2"` pairs, or the legacy `K value with spaces`.
pub(super) fn env_pairs(
    rest: &str,
    vars: &BTreeMap<String, String>,
    line: usize,
    kw: &str,
) -> Result<Vec<(String, String)>, DockerfileError> {
    let first = rest.split_whitespace().next().unwrap_or_default();
    if !first.contains('=') {
        // Legacy form: one name, the rest of the line is the value.
        let (name, value) = match rest.trim().find(char::is_whitespace) {
            Some(p) => (&rest.trim()[..p], rest.trim()[p..].trim()),
            None => {
                return Err(DockerfileError::at(
                    line,
                    format!("{kw} must have two arguments"),
                ))
            }
        };
        let value = expand(value, vars, line)?;
        return Ok(vec![(name.to_string(), value)]);
    }
    let mut out = Vec::new();
    for w in words(rest, vars, line)? {
        match w.split_once('=') {
            Some((k, v)) if !k.is_empty() => out.push((k.to_string(), v.to_string())),
            _ => {
                return Err(DockerfileError::at(
                    line,
                    format!("{kw} names can not be blank"),
                ))
            }
        }
    }
    Ok(out)
}
