//! One stage of a build, step by step: its files, its config, its layers and their kinds, and
//! the report of each step. A RUN's size comes from `run`, a COPY's from the files it copies.

use super::config::{image_config, runs_demo_app};
use super::context::{basename, join, resolve, select};
use super::digest::cache_ref;
use super::layers::{classify_existing, is_dependency_manifest, is_empty_layer};
use super::run::run_estimate;
use super::{BuildError, BuiltStage, Files, ImageFile, LayerKind, StepReport};
use crate::input::dockerfile::{CommandForm, Stage, StepKind};
use crate::sim::registry::{ImageHealthcheck, ImageRef, Layer, Program, Registry};

pub(super) fn makes_layer(kind: &StepKind) -> bool {
    matches!(kind, StepKind::Run(_) | StepKind::Copy { .. })
}

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
    // FROM: an earlier stage or an image.
    let mut st = match done
        .iter()
        .find(|(n, _)| n.as_deref() == Some(stage.from.as_str()))
    {
        Some((_, s)) => BuiltStage {
            config: s.config.clone(),
            kinds: s.kinds.clone(),
            fs: s.fs.clone(),
            program: s.program,
            version: s.version.clone(),
            base: s.base.clone(),
            ran: s.ran,
        },
        None => {
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
            BuiltStage {
                config,
                kinds,
                fs: Files::new(),
                program: info.program,
                version: info.version.to_string(),
                base: r.canonical(),
                ran: false,
            }
        }
    };
    reports.push(StepReport {
        label: format!("[{prefix}{}/{total}] FROM {}", step_no, st.base),
        cached: true,
        duration_ms: 0,
    });
    let base_argv = st.config.argv();
    let base_program = st.program;
    // Docker resets CMD when ENTRYPOINT is set in this stage.
    for step in &stage.steps {
        let line = step.line;
        let mut size: u64 = 0;
        let mut kind = LayerKind::Config;
        match &step.kind {
            StepKind::Run(form) => {
                let script = match form {
                    CommandForm::Shell(s) => s.clone(),
                    CommandForm::Exec(v) => v.join(" "),
                };
                let (s, k) = run_estimate(&script, &st, line, form)?;
                size = s;
                kind = k;
                st.ran = true;
            }
            StepKind::Copy {
                sources,
                dest,
                from,
                ..
            } => {
                let dest_dir = resolve(&st.config.workdir, dest);
                let source_fs: Files;
                let (fs, ran) = match from {
                    None => (context, false),
                    Some(f) => match done.iter().find(|(n, _)| n.as_deref() == Some(f.as_str())) {
                        Some((_, s)) => (&s.fs, s.ran),
                        None => match f.parse::<usize>().ok().and_then(|i| done.get(i)) {
                            Some((_, s)) => (&s.fs, s.ran),
                            None => {
                                let r = ImageRef::parse(f);
                                if registry.lookup(&r).is_none() {
                                    let c = r.canonical();
                                    return Err(BuildError::at(line, format!("{f}: failed to resolve source metadata for {c}: {c}: not found")));
                                }
                                source_fs = Files::new();
                                (&source_fs, true)
                            }
                        },
                    },
                };
                let mut copied: Vec<(String, ImageFile)> = Vec::new();
                for src in sources {
                    let found = select(fs, src);
                    if found.is_empty() {
                        if ran && from.is_some() {
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
                        let key =
                            format!("/{}", src.trim_start_matches("./").trim_start_matches('/'));
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
                size = copied.iter().map(|(_, f)| f.size).sum();
                kind = if from.is_none()
                    && !copied.is_empty()
                    && copied.iter().all(|(p, _)| is_dependency_manifest(p))
                {
                    LayerKind::Dependencies
                } else {
                    LayerKind::Code
                };
                st.fs.extend(copied);
            }
            StepKind::Workdir(d) => st.config.workdir = d.clone(),
            StepKind::Env(pairs) => {
                for (k, v) in pairs {
                    st.config.env.retain(|(n, _)| n != k);
                    st.config.env.push((k.clone(), v.clone()));
                }
            }
            StepKind::User(u) => st.config.user = u.clone(),
            StepKind::Cmd(c) => st.config.cmd = c.argv(),
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
            StepKind::Arg(_) | StepKind::Label(_) | StepKind::Other(_) => {}
        }
        let shows_as_step = makes_layer(&step.kind) || matches!(step.kind, StepKind::Workdir(_));
        if shows_as_step {
            *step_no += 1;
            let what = step.created_by.trim_end_matches(" # buildkit").replacen(
                "RUN /bin/sh -c ",
                "RUN ",
                1,
            );
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
            return Err(BuildError::at(line, "max depth exceeded"));
        }
    }
    // What the image runs.
    let argv = st.config.argv();
    if let Some(version) = runs_demo_app(&argv, &st) {
        st.program = Program::DemoApp;
        st.version = version;
    } else if argv != base_argv
        && base_program != Program::DemoApp
        && argv.first().map(|a| basename(a)) != base_argv.first().map(|a| basename(a))
    {
        st.program = Program::Busybox;
    }
    Ok(st)
}
