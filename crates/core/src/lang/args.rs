//! The flag parser every command uses, reading each command's flags from the
//! [grammar](crate::lang::grammar), and the small helpers the handlers share: kubectl-worded
//! errors and the node shape of `--cpu`/`--memory`/`--zone`.

use crate::base::command::{Args, CommandError};
use crate::lang::grammar;
use crate::sim::kernel::NodeShape;

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
