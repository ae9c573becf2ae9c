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
        match cmd {
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
            "npm" | "yarn" | "pnpm" => {
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
                                return Err(fail(1));
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
                        size += 1_500_000 + 3_500_000 * n;
                        deps = true;
                    }
                    Some("run") => size += 8_000_000,
                    _ => {}
                }
            }
            "pip" | "pip3" if rest.first().map(String::as_str) == Some("install") => {
                deps = true;
                match rest.iter().position(|w| w == "-r" || w == "--requirement") {
                    Some(i) => {
                        let req = rest.get(i + 1).map(|f| resolve(&st.config.workdir, f));
                        let lines = req
                            .and_then(|r| st.fs.get(&r))
                            .and_then(|f| f.text.as_deref())
                            .map_or(0, |t| {
                                t.lines()
                                    .filter(|l| {
                                        !l.trim().is_empty() && !l.trim_start().starts_with('#')
                                    })
                                    .count() as u64
                            });
                        size += 12_000_000 + 6_000_000 * lines;
                    }
                    None => {
                        size += 6_000_000
                            * rest[1..].iter().filter(|w| !w.starts_with('-')).count() as u64
                    }
                }
            }
            "apt-get" | "apt" => match rest
                .iter()
                .find(|w| !w.starts_with('-'))
                .map(String::as_str)
            {
                Some("update") if !removes_lists => size += 18_000_000,
                Some("install") => {
                    deps = true;
                    size += 8_000_000
                        * rest.iter().skip(1).filter(|w| !w.starts_with('-')).count() as u64;
                }
                _ => {}
            },
            "apk" if rest.first().map(String::as_str) == Some("add") => {
                deps = true;
                size += 1_000_000 * rest[1..].iter().filter(|w| !w.starts_with('-')).count() as u64;
                if !rest.iter().any(|w| w == "--no-cache") {
                    size += 2_000_000;
                }
            }
            "go" | "cargo" | "mvn" | "gradle" | "make" => size += 8_000_000,
            "useradd" | "adduser" | "addgroup" | "groupadd" => size += 3_400,
            _ => {}
        }
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
