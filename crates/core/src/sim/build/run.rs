//! A RUN's layer, estimated: its size per command (`npm ci`, `pip install`, `apt-get install`
//! …) and the build failures a command causes, as the module doc describes. Deterministic, never
//! measured.

use super::context::{basename, join, resolve};
use super::{BuildError, BuiltStage, LayerKind};
use crate::input::dockerfile::CommandForm;

/// The size and kind of a RUN's layer, or the build failure the command causes.
pub(super) fn run_estimate(
    script: &str,
    st: &BuiltStage,
    line: usize,
    form: &CommandForm,
) -> Result<(u64, LayerKind), BuildError> {
    let shown = match form {
        CommandForm::Shell(s) => format!("/bin/sh -c {s}"),
        CommandForm::Exec(v) => v.join(" "),
    };
    let fail = |code: i32| {
        BuildError::at(
            line,
            format!("process \"{shown}\" did not complete successfully: exit code: {code}"),
        )
    };
    let has_node = st.base.contains("/node:") || st.base.contains("/library/node");
    let is_busybox = st.base.contains("/busybox:");
    let mut size: u64 = 0;
    let mut deps = false;
    let removes_lists = script.contains("/var/lib/apt/lists");
    for part in split_commands(script) {
        let words = shlex::split(&part)
            .unwrap_or_else(|| part.split_whitespace().map(str::to_string).collect());
        let Some(cmd) = words.first().map(|w| basename(w)) else {
            continue;
        };
        let rest = &words[1..];
        // (bytes, whether they are dependencies) of this command.
        let (s, d) = match cmd {
            "false" => return Err(fail(1)),
            "exit" => {
                let code = rest
                    .first()
                    .and_then(|c| c.parse::<i32>().ok())
                    .unwrap_or(0);
                if code != 0 {
                    return Err(fail(code.rem_euclid(256)));
                }
                break;
            }
            "npm" | "yarn" | "pnpm" | "npx" | "node" if !has_node => return Err(fail(127)),
            "apt-get" | "apt" if is_busybox => return Err(fail(127)),
            "npm" | "yarn" | "pnpm" => node_packages(cmd, rest, st).map_err(fail)?,
            "pip" | "pip3" if rest.first().map(String::as_str) == Some("install") => {
                (pip_install(rest, st), true)
            }
            "apt-get" | "apt" => apt(rest, removes_lists),
            "apk" if rest.first().map(String::as_str) == Some("add") => (apk_add(rest), true),
            "go" | "cargo" | "mvn" | "gradle" | "make" => (8_000_000, false),
            "useradd" | "adduser" | "addgroup" | "groupadd" => (3_400, false),
            _ => (0, false),
        };
        size += s;
        deps |= d;
    }
    Ok((
        size,
        if deps {
            LayerKind::Dependencies
        } else {
            LayerKind::Other
        },
    ))
}

/// `npm`/`yarn`/`pnpm` (`cmd`) with its words: an install's size from `package.json`'s
/// dependencies (dependencies: true), a script run's; `npm ci` without a lock file fails
/// (the exit code).
fn node_packages(cmd: &str, rest: &[String], st: &BuiltStage) -> Result<(u64, bool), i32> {
    let sub = rest
        .iter()
        .find(|w| !w.starts_with('-'))
        .map(String::as_str);
    match sub {
        Some("ci" | "install" | "i") | None if cmd != "npm" || sub.is_some() => {
            let pkg = st
                .fs
                .get(&join(&st.config.workdir, "package.json"))
                .and_then(|f| f.text.as_deref())
                .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
            if cmd == "npm" && sub == Some("ci") {
                let lock = ["package-lock.json", "npm-shrinkwrap.json"]
                    .iter()
                    .any(|f| st.fs.contains_key(&join(&st.config.workdir, f)));
                if !lock {
                    return Err(1);
                }
            }
            let count = |key: &str| {
                pkg.as_ref()
                    .and_then(|p| p.get(key))
                    .and_then(|d| d.as_object())
                    .map_or(0, |d| d.len() as u64)
            };
            let omit_dev = rest
                .iter()
                .any(|w| w == "--omit=dev" || w == "--production" || w == "--prod");
            let n = count("dependencies")
                + if omit_dev {
                    0
                } else {
                    count("devDependencies")
                };
            Ok((1_500_000 + 3_500_000 * n, true))
        }
        Some("run") => Ok((8_000_000, false)),
        _ => Ok((0, false)),
    }
}

/// `pip install`'s size: per line of a `-r` requirements file, else per package named.
fn pip_install(rest: &[String], st: &BuiltStage) -> u64 {
    match rest.iter().position(|w| w == "-r" || w == "--requirement") {
        Some(i) => {
            let req = rest.get(i + 1).map(|f| resolve(&st.config.workdir, f));
            let lines = req
                .and_then(|r| st.fs.get(&r))
                .and_then(|f| f.text.as_deref())
                .map_or(0, |t| {
                    t.lines()
                        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                        .count() as u64
                });
            12_000_000 + 6_000_000 * lines
        }
        None => 6_000_000 * rest[1..].iter().filter(|w| !w.starts_with('-')).count() as u64,
    }
}

/// `apt-get`/`apt`: `update`'s package lists (unless the script removes them), `install`'s
/// packages (dependencies: true).
fn apt(rest: &[String], removes_lists: bool) -> (u64, bool) {
    match rest
        .iter()
        .find(|w| !w.starts_with('-'))
        .map(String::as_str)
    {
        Some("update") if !removes_lists => (18_000_000, false),
        Some("install") => (
            8_000_000 * rest.iter().skip(1).filter(|w| !w.starts_with('-')).count() as u64,
            true,
        ),
        _ => (0, false),
    }
}

/// `apk add`'s size: per package, plus the index unless `--no-cache`.
fn apk_add(rest: &[String]) -> u64 {
    let mut size = 1_000_000 * rest[1..].iter().filter(|w| !w.starts_with('-')).count() as u64;
    if !rest.iter().any(|w| w == "--no-cache") {
        size += 2_000_000;
    }
    size
}

/// `a && b; c || d` → commands (quotes not respected: an estimate).
fn split_commands(script: &str) -> Vec<String> {
    script
        .replace("&&", ";")
        .replace("||", ";")
        .replace('\n', ";")
        .split(';')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .take(200)
        .collect()
}
