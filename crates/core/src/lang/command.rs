//! The command language: `kubectl …` and `sim …` lines, parsed and executed against a
//! [`World`](crate::World). One interpreter serves every shell (CLI scripts, the UI's
//! terminal and buttons, the JS API, tests).
//!
//! The verbs and their flags are the [grammar](crate::lang::grammar)'s; this module looks a
//! verb up there before running it and parses every command's flags with [`parse_args`].
//! Errors are worded like kubectl's (`error: unknown flag: --foo`,
//! `Error from server (NotFound): pods "x" not found`). Input is bounded: line length, tokens.

use crate::input::files::FileSource;
use crate::lang::grammar;

pub(crate) use crate::base::command::Args;
pub use crate::base::command::CommandError;

/// Longest command line accepted.
pub const MAX_LINE_BYTES: usize = 4096;
/// Most words in one command.
pub const MAX_TOKENS: usize = 64;

pub(crate) fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

/// Parses the flags of the command (or group of commands) at `path` in the
/// [grammar](crate::lang::grammar), kubectl's way: `--name VALUE`, `--name=VALUE`, `-n VALUE`,
/// `-nVALUE`, switches `--force`/`--force=false`; every other word is positional. Errors are
/// worded like kubectl's, with `cmd` in the usage hint.
pub(crate) fn parse_args(
    tokens: &[String],
    path: &[&str],
    cmd: &str,
) -> Result<Args, CommandError> {
    debug_assert!(grammar::exists(path), "{path:?} is not in the grammar");
    let known = grammar::flags_under(path);
    let mut args = Args::default();
    let usage = format!("See '{cmd} --help' for usage.");
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        i += 1;
        let (name, inline): (String, Option<String>) = if let Some(long) = t.strip_prefix("--") {
            match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            }
        } else if t.len() > 1
            && t.starts_with('-')
            && !t[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            let mut chars = t[1..].chars();
            let short = chars.next().unwrap_or('-');
            let rest: String = chars.collect();
            match known.iter().find(|f| f.short == Some(short)) {
                Some(f) => {
                    let rest = rest.strip_prefix('=').map(str::to_string).unwrap_or(rest);
                    (
                        f.long.to_string(),
                        if rest.is_empty() { None } else { Some(rest) },
                    )
                }
                None => {
                    return err(format!(
                        "error: unknown shorthand flag: '{short}' in {t}\n{usage}"
                    ))
                }
            }
        } else {
            args.positional.push(t.clone());
            continue;
        };
        let Some(flag) = known.iter().find(|f| f.long == name) else {
            return err(format!("error: unknown flag: --{name}\n{usage}"));
        };
        if flag.takes_value() {
            let value = match inline {
                Some(v) => v,
                None => {
                    let Some(v) = tokens.get(i) else {
                        return err(format!("error: flag needs an argument: --{name}\n{usage}"));
                    };
                    i += 1;
                    v.clone()
                }
            };
            args.set_flag(name, value);
        } else {
            match inline.as_deref() {
                None | Some("true") => args.set_flag(name, "true".into()),
                Some("false") => args.clear_flag(&name),
                Some(v) => return err(format!("error: invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax")),
            };
        }
    }
    Ok(args)
}

use crate::sim::world::{NodeShape, World};

/// Runs one line of the command language in `w`; returns what kubectl (or aws, or sim) would
/// print. Every shell's entry (re-exported as `sunaba_core::run`).
pub fn run(w: &mut World, line: &str, files: &dyn FileSource) -> Result<String, CommandError> {
    if line.len() > MAX_LINE_BYTES {
        return err(format!(
            "error: command is longer than {MAX_LINE_BYTES} bytes"
        ));
    }
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(String::new());
    }
    let Some(tokens) = shlex::split(trimmed) else {
        return err("error: unterminated quote in command");
    };
    if tokens.len() > MAX_TOKENS {
        return err(format!("error: too many arguments (at most {MAX_TOKENS})"));
    }
    if let Some(result) = crate::lang::accounts::run_routed(w, &tokens, files) {
        w.settle();
        return result;
    }
    run_tokens(w, &tokens, files)
}

/// Runs a command already split into words, in this cluster.
pub(crate) fn run_tokens(
    w: &mut World,
    tokens: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let result = match tokens[0].as_str() {
        "kubectl" | "k" if tokens.get(1).map(String::as_str) == Some("exec") => {
            w.kubectl_exec(&tokens[2..])
        }
        "kubectl" | "k" => crate::lang::kubectl::run_kubectl(w, &tokens[1..], files),
        "sim" if matches!(tokens.get(1).map(String::as_str), Some("build" | "images" | "history" | "tag" | "push")) => {
            w.run_image_command(&tokens[1..], files)
        }
        "sim" => crate::lang::sim::run_sim(w, &tokens[1..]),
        "aws" => crate::lang::aws::run_aws(w, &tokens[1..], files).map(|out| w.stamp_account(out)),
        other => err(format!(
            "error: unknown command \"{other}\": commands start with \"kubectl\", \"aws\" or \"sim\""
        )),
    };
    w.settle();
    result
}

/// The node shape of `--cpu`, `--memory` and `--zone` (`sim nodes`, `sim add-node`,
/// `sim cluster create`).
pub(crate) fn node_shape(a: &Args) -> Result<NodeShape, CommandError> {
    let mut shape = NodeShape::default();
    if let Some(c) = a.flag("cpu") {
        let q = crate::input::quantity::parse_cpu(c)
            .map_err(|e| CommandError::new(format!("error: --cpu {c}: {e}")))?;
        if q.value == 0 || q.value > 1_000_000 {
            return err("error: --cpu must be between 1m and 1000");
        }
        shape.cpu_milli = q.value;
    }
    if let Some(m) = a.flag("memory") {
        let q = crate::input::quantity::parse_memory(m)
            .map_err(|e| CommandError::new(format!("error: --memory {m}: {e}")))?;
        if q.value == 0 || q.value > (1u64 << 50) {
            return err("error: --memory must be between 1 byte and 1Pi");
        }
        shape.memory_bytes = q.value;
    }
    if let Some(z) = a.flag("zone") {
        shape.zone = Some(z.to_string());
    }
    Ok(shape)
}
