//! Evaluation: instructions into stages, stage by stage, with `ARG` (global and per stage,
//! from defaults and build args) and `ENV` (with the base image's) substituted in the
//! instructions Docker expands, `FROM` naming an earlier stage or an image, and each step's
//! history text.

use std::collections::BTreeMap;

use super::arguments::{command_form, env_pairs, healthcheck, json_array};
use super::expand::{expand, words};
use super::history::created_by;
use super::parse::{Instruction, Keyword};
use super::steps::{Stage, Step, StepKind};
use super::DockerfileError;
use crate::input::definitions::shorten;

/// Evaluates instructions into stages. `build_args` are `--build-arg` values; `base_env`
/// gives a base image's baked ENV (substitution sees it, as Docker's does).
pub fn evaluate(
    instructions: &[Instruction],
    build_args: &BTreeMap<String, String>,
    base_env: &dyn Fn(&str) -> Vec<(String, String)>,
) -> Result<Vec<Stage>, DockerfileError> {
    let mut global: BTreeMap<String, String> = BTreeMap::new();
    let mut stages: Vec<Stage> = Vec::new();
    // Variables visible in the current stage: declared ARGs, then ENV (ENV wins).
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    for ins in instructions {
        let line = ins.line;
        if ins.keyword != Keyword::From && ins.keyword != Keyword::Arg && stages.is_empty() {
            return Err(DockerfileError::at(
                line,
                "no build stage in current context",
            ));
        }
        check_flags(ins)?;
        let kind = match ins.keyword {
            Keyword::From => {
                let stage = from_stage(ins, &global, &stages)?;
                let from_stage = stages
                    .iter()
                    .any(|s| s.name.as_deref() == Some(stage.from.as_str()));
                vars.clear();
                if !from_stage {
                    vars.extend(base_env(&stage.from));
                }
                stages.push(stage);
                continue;
            }
            Keyword::Arg => {
                let in_stage = !stages.is_empty();
                let out = declare_args(ins, build_args, &mut global, &mut vars, in_stage)?;
                if !in_stage {
                    continue;
                }
                StepKind::Arg(out)
            }
            Keyword::Env => {
                need_args(ins)?;
                let pairs = env_pairs(&ins.rest, &vars, line, "ENV")?;
                for (k, v) in &pairs {
                    vars.insert(k.clone(), v.clone());
                }
                StepKind::Env(pairs)
            }
            _ => step_kind(ins, &vars, &stages)?,
        };
        let created_by = created_by(ins, &kind);
        if let Some(stage) = stages.last_mut() {
            stage.steps.push(Step {
                line,
                end_line: ins.end_line,
                kind,
                created_by,
            });
        }
    }
    if stages.is_empty() {
        return Err(DockerfileError::at(
            instructions.last().map_or(1, |i| i.line),
            "no build stage in current context",
        ));
    }
    Ok(stages)
}

/// Refuses a `--flag` the instruction does not take, in BuildKit's words.
fn check_flags(ins: &Instruction) -> Result<(), DockerfileError> {
    let allowed: &[&str] = match ins.keyword {
        Keyword::From => &["platform"],
        Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Keyword::Add => &["chown", "chmod", "link", "checksum", "keep-git-dir"],
        Keyword::Run => &["mount", "network", "security"],
        Keyword::Healthcheck => &[
            "interval",
            "timeout",
            "start-period",
            "start-interval",
            "retries",
        ],
        _ => &[],
    };
    if let Some((bad, _)) = ins
        .flags
        .iter()
        .find(|(n, _)| !allowed.contains(&n.as_str()))
    {
        return Err(DockerfileError::at(
            ins.line,
            format!("unknown flag: {}", shorten(bad)),
        ));
    }
    Ok(())
}

/// Refuses an instruction without arguments.
fn need_args(ins: &Instruction) -> Result<(), DockerfileError> {
    if ins.rest.trim().is_empty() {
        Err(DockerfileError::at(
            ins.line,
            format!("{} requires at least one argument", ins.keyword.name()),
        ))
    } else {
        Ok(())
    }
}

/// The stage a FROM begins (`image [AS name]`, global ARGs substituted), its name checked
/// against Docker's rules and the earlier stages'.
fn from_stage(
    ins: &Instruction,
    global: &BTreeMap<String, String>,
    stages: &[Stage],
) -> Result<Stage, DockerfileError> {
    let line = ins.line;
    let e = |m: String| DockerfileError::at(line, m);
    need_args(ins)?;
    let words = words(&ins.rest, global, line)?;
    let (image, name) = match words.as_slice() {
        [image] => (image.clone(), None),
        [image, as_, name] if as_.eq_ignore_ascii_case("as") => {
            (image.clone(), Some(name.to_ascii_lowercase()))
        }
        _ => return Err(e("FROM requires either one or three arguments".into())),
    };
    if image.is_empty() {
        return Err(e("base name (${…}) should not be blank".into()));
    }
    if let Some(n) = &name {
        if !valid_stage_name(n) {
            return Err(e(format!("invalid name for build stage: \"{}\", name can't start with a number or contain symbols", shorten(n))));
        }
        if stages.iter().any(|s| s.name.as_deref() == Some(n.as_str())) {
            return Err(e(format!("duplicate stage name \"{}\"", shorten(n))));
        }
    }
    Ok(Stage {
        line,
        from: image,
        name,
        steps: Vec::new(),
    })
}

/// An ARG's names and defaults. Each gets its value from the build args, its default, or
/// (inside a stage) the global ARG of that name: before the first FROM into `global`, inside
/// a stage into `vars` unless an ENV of the same name is there already.
fn declare_args(
    ins: &Instruction,
    build_args: &BTreeMap<String, String>,
    global: &mut BTreeMap<String, String>,
    vars: &mut BTreeMap<String, String>,
    in_stage: bool,
) -> Result<Vec<(String, Option<String>)>, DockerfileError> {
    let line = ins.line;
    need_args(ins)?;
    let mut out = Vec::new();
    for w in words(&ins.rest, vars, line)? {
        let (k, v) = match w.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (w.clone(), None),
        };
        if !valid_var_name(&k) {
            return Err(DockerfileError::at(
                line,
                format!("invalid ARG name: \"{}\"", shorten(&k)),
            ));
        }
        out.push((k, v));
    }
    for (k, v) in &out {
        let value = build_args
            .get(k)
            .cloned()
            .or_else(|| v.clone())
            .or_else(|| {
                if in_stage {
                    global.get(k).cloned()
                } else {
                    None
                }
            });
        if !in_stage {
            if let Some(v) = value {
                global.insert(k.clone(), v);
            }
        } else if let Some(v) = value {
            // ENV of the same name keeps precedence over ARG.
            vars.entry(k.clone()).or_insert(v);
        }
    }
    Ok(out)
}

/// The step of an instruction that changes no variables (all but FROM, ARG and ENV), with
/// `vars` substituted where Docker does.
fn step_kind(
    ins: &Instruction,
    vars: &BTreeMap<String, String>,
    stages: &[Stage],
) -> Result<StepKind, DockerfileError> {
    let line = ins.line;
    let e = |m: String| DockerfileError::at(line, m);
    Ok(match ins.keyword {
        Keyword::From | Keyword::Arg | Keyword::Env => unreachable_from(),
        Keyword::Label => {
            need_args(ins)?;
            StepKind::Label(env_pairs(&ins.rest, vars, line, "LABEL")?)
        }
        Keyword::Run => {
            need_args(ins)?;
            StepKind::Run(command_form(&ins.rest))
        }
        Keyword::Cmd => {
            need_args(ins)?;
            StepKind::Cmd(command_form(&ins.rest))
        }
        Keyword::Entrypoint => {
            need_args(ins)?;
            StepKind::Entrypoint(command_form(&ins.rest))
        }
        Keyword::Copy | Keyword::Add => copy_step(ins, vars)?,
        Keyword::Workdir => {
            let w = words(&ins.rest, vars, line)?;
            if w.len() != 1 {
                return Err(e("WORKDIR requires exactly one argument".into()));
            }
            let prev = stages
                .last()
                .and_then(|s| {
                    s.steps.iter().rev().find_map(|st| match &st.kind {
                        StepKind::Workdir(d) => Some(d.clone()),
                        _ => None,
                    })
                })
                .unwrap_or_else(|| "/".into());
            StepKind::Workdir(join_path(&prev, &w[0]))
        }
        Keyword::User => {
            let w = words(&ins.rest, vars, line)?;
            if w.len() != 1 {
                return Err(e("USER requires exactly one argument".into()));
            }
            StepKind::User(w[0].clone())
        }
        Keyword::Expose => {
            need_args(ins)?;
            StepKind::Expose(exposed_ports(ins, vars)?)
        }
        Keyword::Healthcheck => StepKind::Healthcheck(healthcheck(ins)?),
        Keyword::Maintainer
        | Keyword::Onbuild
        | Keyword::Shell
        | Keyword::Stopsignal
        | Keyword::Volume => {
            need_args(ins)?;
            StepKind::Other(ins.rest.clone())
        }
    })
}

/// COPY or ADD: the sources and the destination (JSON or words, substituted), `--from` and
/// `--chown`; ADD takes no `--from`.
fn copy_step(
    ins: &Instruction,
    vars: &BTreeMap<String, String>,
) -> Result<StepKind, DockerfileError> {
    let line = ins.line;
    let e = |m: String| DockerfileError::at(line, m);
    let kw = ins.keyword.name();
    let flag = |n: &str| {
        ins.flags
            .iter()
            .rev()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
    };
    let mut w = match json_array(&ins.rest) {
        Some(v) => v
            .iter()
            .map(|s| expand(s, vars, line))
            .collect::<Result<Vec<_>, _>>()?,
        None => words(&ins.rest, vars, line)?,
    };
    if w.len() < 2 {
        return Err(e(format!("{kw} requires at least two arguments, but only {} provided. Destination could not be determined", if w.is_empty() { "none" } else { "one was" })));
    }
    let dest = w.pop().unwrap_or_default();
    let from = flag("from").map(|f| f.to_ascii_lowercase());
    if ins.keyword == Keyword::Add && ins.flags.iter().any(|(n, _)| n == "from") {
        return Err(e("unknown flag: from".into()));
    }
    Ok(StepKind::Copy {
        add: ins.keyword == Keyword::Add,
        sources: w,
        dest,
        from,
        chown: flag("chown"),
    })
}

/// EXPOSE's ports (`80`, `53/udp`, ranges `8000-8010`), each with its protocol; at most
/// about 1,024 of them.
fn exposed_ports(
    ins: &Instruction,
    vars: &BTreeMap<String, String>,
) -> Result<Vec<(u16, String)>, DockerfileError> {
    let line = ins.line;
    let e = |m: String| DockerfileError::at(line, m);
    let mut ports = Vec::new();
    for w in words(&ins.rest, vars, line)? {
        let (p, proto) = match w.split_once('/') {
            Some((p, proto)) => (p.to_string(), proto.to_ascii_lowercase()),
            None => (w.clone(), "tcp".to_string()),
        };
        if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
            return Err(e(format!("invalid proto: {}", shorten(&proto))));
        }
        let (lo, hi) = match p.split_once('-') {
            Some((a, b)) => (a, b),
            None => (p.as_str(), p.as_str()),
        };
        let parse = |s: &str| s.parse::<u16>().ok().filter(|n| *n > 0);
        let (Some(lo), Some(hi)) = (parse(lo), parse(hi)) else {
            return Err(e(format!("invalid containerPort: {}", shorten(&p))));
        };
        if hi < lo || hi - lo > 1024 || ports.len() > 1024 {
            return Err(e(format!("invalid range: {}", shorten(&p))));
        }
        for n in lo..=hi {
            ports.push((n, proto.clone()));
        }
    }
    Ok(ports)
}

/// FROM, ARG and ENV are evaluated before [`step_kind`] is asked; never reached.
fn unreachable_from() -> StepKind {
    StepKind::Other(String::new())
}

fn valid_stage_name(n: &str) -> bool {
    n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn valid_var_name(n: &str) -> bool {
    !n.is_empty()
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !n.starts_with(|c: char| c.is_ascii_digit())
}

/// `WORKDIR rel` is relative to the previous WORKDIR.
fn join_path(base: &str, p: &str) -> String {
    if p.starts_with('/') {
        p.to_string()
    } else if base.ends_with('/') {
        format!("{base}{p}")
    } else {
        format!("{base}/{p}")
    }
}
