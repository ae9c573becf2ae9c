//! The flag parser every command uses, reading each command's flags from the
//! [grammar](crate::lang::grammar), and the small helpers the handlers share: kubectl-worded
//! errors and the node shape of `--cpu`/`--memory`/`--zone`.

use crate::base::command::{Args, CommandError};
use crate::lang::grammar;
use crate::sim::kubelet::NodeShape;

pub(crate) fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

/// Parses the flags of the command (or group of commands) at `path` in the
/// [grammar](crate::lang::grammar), kubectl's way: `--name VALUE`, `--name=VALUE`, `-n VALUE`,
/// `-nVALUE`, switches `--force`/`--force=false` and grouped short switches (`-it`); a value
/// flag given twice keeps every value in order ([`Args::list`]); a bare `--` ends the flags and
/// the words after it are [`Args::after_dashes`]; every other word is positional. Errors are
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
        if t == "--" {
            args.after_dashes = Some(tokens[i..].to_vec());
            break;
        }
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
                // Grouped switches: `-it` is `-i -t`.
                Some(f) if !f.takes_value() && !rest.is_empty() && !rest.starts_with('=') => {
                    args.set_flag(f.long.to_string(), "true".into());
                    let mut more = format!("-{rest}");
                    while let Some(c) = more.chars().nth(1) {
                        match known
                            .iter()
                            .find(|g| g.short == Some(c) && !g.takes_value())
                        {
                            Some(g) => args.set_flag(g.long.to_string(), "true".into()),
                            None => {
                                return err(format!(
                                    "error: unknown shorthand flag: '{c}' in {t}\n{usage}"
                                ))
                            }
                        }
                        more.remove(1);
                    }
                    continue;
                }
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
            args.push_list(&name, value.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn a_bare_double_dash_ends_the_flags() {
        let a = parse_args(
            &words("-n shop web-1 -c app -- printenv -n"),
            &["kubectl", "exec"],
            "kubectl exec",
        )
        .unwrap();
        assert_eq!(a.positional, ["web-1"]);
        assert_eq!(
            (a.namespace(), a.flag("container")),
            ("shop".into(), Some("app"))
        );
        assert_eq!(a.after_dashes.as_deref(), Some(&words("printenv -n")[..]));
        let none = parse_args(&words("web-1"), &["kubectl", "exec"], "kubectl exec").unwrap();
        assert_eq!(none.after_dashes, None);
    }

    #[test]
    fn grouped_short_switches_are_each_set_and_unknown_ones_are_named() {
        let a = parse_args(
            &words("-it web-1 -- env"),
            &["kubectl", "exec"],
            "kubectl exec",
        )
        .unwrap();
        assert!(a.has("stdin") && a.has("tty"), "{a:?}");
        let e = parse_args(&words("-ix web-1"), &["kubectl", "exec"], "kubectl exec").unwrap_err();
        assert!(
            e.message
                .starts_with("error: unknown shorthand flag: 'x' in -ix"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_repeated_value_flag_keeps_every_value_in_order() {
        let a = parse_args(
            &words("-t a:1 --tag=b:2 --build-arg X=1 --build-arg Y app"),
            &["sim", "build"],
            "sim build",
        )
        .unwrap();
        assert_eq!(a.list("tag"), ["a:1", "b:2"]);
        assert_eq!(a.flag("tag"), Some("b:2"));
        assert_eq!(a.list("build-arg"), ["X=1", "Y"]);
        assert_eq!(a.positional, ["app"]);
    }
}
