//! One stage of a build, step by step: its files, its config, its layers and their kinds, and
//! the report of each step. A RUN's size comes from `run`, a COPY's from the files it copies.

use super::config::{image_config, runs_demo_app};
use super::context::{basename, join, resolve, select};
use super::digest::cache_ref;
use super::layers::{classify_existing, is_dependency_manifest, is_empty_layer};
use super::run::run_estimate;
use super::{BuildError, BuiltStage, Files, ImageFile, LayerKind, StepReport};
use crate::input::dockerfile::{CommandForm, Stage, Step, StepKind};
use crate::sim::registry::{ImageHealthcheck, ImageRef, Layer, Program, Registry};

/// RUN and COPY make a layer with files; other steps an empty one.
pub(super) fn makes_layer(kind: &StepKind) -> bool {
    matches!(kind, StepKind::Run(_) | StepKind::Copy { .. })
}

/// Builds one stage: FROM, then each step's layer or config change and report, then what the
/// image runs.
#[allow(clippy::too_many_arguments)]
pub(super) fn build_stage(
    stage: &Stage,
    done: &[(Option<String>, BuiltStage)],
    context: &Files,
    registry: &Registry,
    reports: &mut Vec<StepReport>,
    step_no: &mut usize,
    total: usize,
    prefix: &str,
) -> Result<BuiltStage, BuildError> {
    let mut st = from_stage(stage, done, registry)?;
    reports.push(StepReport {
        label: format!("[{prefix}{}/{total}] FROM {}", step_no, st.base),
        cached: true,
        duration_ms: 0,
    });
    let base_argv = st.config.argv();
    let base_program = st.program;
    for step in &stage.steps {
        let line = step.line;
        let (size, kind) = match &step.kind {
            StepKind::Run(form) => {
                let script = match form {
                    CommandForm::Shell(s) => s.clone(),
                    CommandForm::Exec(v) => v.join(" "),
                };
                let estimate = run_estimate(&script, &st, line, form)?;
                st.ran = true;
                estimate
            }
            StepKind::Copy {
                sources,
                dest,
                from,
                ..
            } => {
                let empty = Files::new();
                let (fs, ran) =
                    copy_source(from.as_deref(), done, context, registry, line, &empty)?;
                let copied = copy_files(&st, fs, ran && from.is_some(), sources, dest, line)?;
                let size = copied.iter().map(|(_, f)| f.size).sum();
                let kind = if from.is_none()
                    && !copied.is_empty()
                    && copied.iter().all(|(p, _)| is_dependency_manifest(p))
                {
                    LayerKind::Dependencies
                } else {
                    LayerKind::Code
                };
                st.fs.extend(copied);
                (size, kind)
            }
            other => {
                apply_config_step(&mut st, other);
                (0, LayerKind::Config)
            }
        };
        record_step(&mut st, step, size, kind, reports, step_no, total, prefix)?;
    }
    choose_program(&mut st, &base_argv, base_program);
    Ok(st)
}

/// The stage FROM starts at: a copy of an earlier stage by name, or the image from the
/// registry with its config and the kinds of its layers.
fn from_stage(
    stage: &Stage,
    done: &[(Option<String>, BuiltStage)],
    registry: &Registry,
) -> Result<BuiltStage, BuildError> {
    if let Some((_, s)) = done
        .iter()
        .find(|(n, _)| n.as_deref() == Some(stage.from.as_str()))
    {
        return Ok(BuiltStage {
            config: s.config.clone(),
            kinds: s.kinds.clone(),
            fs: s.fs.clone(),
            program: s.program,
            version: s.version.clone(),
            base: s.base.clone(),
            ran: s.ran,
        });
    }
    let r = ImageRef::parse(&stage.from);
    let Some(info) = registry.lookup(&r) else {
        let c = r.canonical();
        let short = stage.from.clone();
        return Err(BuildError::at(
            stage.line,
            format!("{short}: failed to resolve source metadata for {c}: {c}: not found"),
        ));
    };
    let config = image_config(info, &r);
    let kinds = match &info.config {
        Some(_) => classify_existing(&config),
        None => config
            .layers
            .iter()
            .map(|l| {
                if is_empty_layer(&l.created_by) {
                    LayerKind::Config
                } else {
                    LayerKind::Runtime
                }
            })
            .collect(),
    };
    Ok(BuiltStage {
        config,
        kinds,
        fs: Files::new(),
        program: info.program,
        version: info.version.to_string(),
        base: r.canonical(),
        ran: false,
    })
}

/// The files a COPY reads and whether a RUN made them: the context, an earlier stage (by name
/// or index), or an image (`empty`: its files are not modelled).
fn copy_source<'a>(
    from: Option<&str>,
    done: &'a [(Option<String>, BuiltStage)],
    context: &'a Files,
    registry: &Registry,
    line: usize,
    empty: &'a Files,
) -> Result<(&'a Files, bool), BuildError> {
    let Some(f) = from else {
        return Ok((context, false));
    };
    if let Some((_, s)) = done.iter().find(|(n, _)| n.as_deref() == Some(f)) {
        return Ok((&s.fs, s.ran));
    }
    if let Some((_, s)) = f.parse::<usize>().ok().and_then(|i| done.get(i)) {
        return Ok((&s.fs, s.ran));
    }
    let r = ImageRef::parse(f);
    if registry.lookup(&r).is_none() {
        let c = r.canonical();
        return Err(BuildError::at(
            line,
            format!("{f}: failed to resolve source metadata for {c}: {c}: not found"),
        ));
    }
    Ok((empty, true))
}

/// The files a COPY of `sources` from `fs` puts under `dest`, at their paths in the image.
/// `estimate_missing`: a source not found was made by a RUN we do not model file by file.
fn copy_files(
    st: &BuiltStage,
    fs: &Files,
    estimate_missing: bool,
    sources: &[String],
    dest: &str,
    line: usize,
) -> Result<Vec<(String, ImageFile)>, BuildError> {
    let dest_dir = resolve(&st.config.workdir, dest);
    let mut copied: Vec<(String, ImageFile)> = Vec::new();
    for src in sources {
        let found = select(fs, src);
        if found.is_empty() {
            if estimate_missing {
                // Made by a RUN we do not model file by file: estimated at 1 MB.
                let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
                copied.push((
                    join(&dest_dir, name),
                    ImageFile {
                        size: 1_000_000,
                        text: None,
                    },
                ));
                continue;
            }
            let key = format!("/{}", src.trim_start_matches("./").trim_start_matches('/'));
            return Err(BuildError::at(line, format!("failed to compute cache key: failed to calculate checksum of ref {}: \"{}\": not found", cache_ref(src), key.trim_end_matches('/'))));
        }
        let single_file = found.len() == 1 && found[0].1;
        for (path, exact, rel) in found {
            let target = if single_file && !dest.ends_with('/') && sources.len() == 1 {
                dest_dir.clone()
            } else if exact {
                join(&dest_dir, path.rsplit('/').next().unwrap_or(&path))
            } else {
                join(&dest_dir, &rel)
            };
            if let Some(f) = fs.get(&path) {
                copied.push((target, f.clone()));
            }
        }
    }
    Ok(copied)
}

/// A step that changes only the image's config (WORKDIR, ENV, USER, CMD, ENTRYPOINT,
/// EXPOSE, HEALTHCHECK); ARG, LABEL and the others change nothing here.
fn apply_config_step(st: &mut BuiltStage, kind: &StepKind) {
    match kind {
        StepKind::Workdir(d) => st.config.workdir = d.clone(),
        StepKind::Env(pairs) => {
            for (k, v) in pairs {
                st.config.env.retain(|(n, _)| n != k);
                st.config.env.push((k.clone(), v.clone()));
            }
        }
        StepKind::User(u) => st.config.user = u.clone(),
        StepKind::Cmd(c) => st.config.cmd = c.argv(),
        // Docker resets CMD when ENTRYPOINT is set in this stage.
        StepKind::Entrypoint(c) => {
            st.config.entrypoint = c.argv();
            st.config.cmd.clear();
        }
        StepKind::Expose(ports) => {
            for (p, _) in ports {
                if !st.config.exposed_ports.contains(p) {
                    st.config.exposed_ports.push(*p);
                }
            }
            crate::base::sort::sort(&mut st.config.exposed_ports);
        }
        StepKind::Healthcheck(h) => {
            st.config.healthcheck = h.as_ref().map(|h| ImageHealthcheck {
                test: match &h.command {
                    CommandForm::Exec(v) => std::iter::once("CMD".to_string())
                        .chain(v.iter().cloned())
                        .collect(),
                    CommandForm::Shell(s) => vec!["CMD-SHELL".to_string(), s.clone()],
                },
                interval_ms: h.interval_ms,
                timeout_ms: h.timeout_ms,
                start_period_ms: h.start_period_ms,
                retries: h.retries,
            })
        }
        StepKind::Run(_)
        | StepKind::Copy { .. }
        | StepKind::Arg(_)
        | StepKind::Label(_)
        | StepKind::Other(_) => {}
    }
}

/// Reports a step that shows in the build's output (RUN, COPY, WORKDIR) and adds its layer
/// (empty for a config step); more than 1,000 layers is Docker's "max depth exceeded".
#[allow(clippy::too_many_arguments)]
fn record_step(
    st: &mut BuiltStage,
    step: &Step,
    size: u64,
    kind: LayerKind,
    reports: &mut Vec<StepReport>,
    step_no: &mut usize,
    total: usize,
    prefix: &str,
) -> Result<(), BuildError> {
    let shows_as_step = makes_layer(&step.kind) || matches!(step.kind, StepKind::Workdir(_));
    if shows_as_step {
        *step_no += 1;
        let what =
            step.created_by
                .trim_end_matches(" # buildkit")
                .replacen("RUN /bin/sh -c ", "RUN ", 1);
        reports.push(StepReport {
            label: format!("[{prefix}{}/{total}] {what}", step_no),
            cached: false,
            duration_ms: 100 + size / 5_000,
        });
    }
    if makes_layer(&step.kind) {
        st.kinds.push(kind);
    } else {
        st.kinds.push(LayerKind::Config);
    }
    st.config.layers.push(Layer {
        created_by: step.created_by.clone(),
        size_bytes: size,
    });
    if st.config.layers.len() > 1_000 {
        return Err(BuildError::at(step.line, "max depth exceeded"));
    }
    Ok(())
}

/// What the image runs: the demo app when its command runs it on copied code, else a shell
/// script when the command is not the base image's own.
fn choose_program(st: &mut BuiltStage, base_argv: &[String], base_program: Program) {
    let argv = st.config.argv();
    if let Some(version) = runs_demo_app(&argv, st) {
        st.program = Program::DemoApp;
        st.version = version;
    } else if argv != base_argv
        && base_program != Program::DemoApp
        && argv.first().map(|a| basename(a)) != base_argv.first().map(|a| basename(a))
    {
        st.program = Program::Busybox;
    }
}
