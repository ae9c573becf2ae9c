//! `docker build`, simulated: a Dockerfile and its build context become an image with layers,
//! sizes, a digest and a config whose behaviour follows from the Dockerfile.
//!
//! Pure: the Dockerfile is read by [`crate::input::dockerfile`], the context's files come through
//! [`FileSource`], base images from the [`Registry`] catalog. Nothing here touches the world;
//! the `sim build|images|history|tag|push` commands ([`crate::cloud::images`]) store results.
//!
//! What an image is made of — the talk's first lesson:
//! - **runtime**: the base image's layers (their sizes sum to the catalog size, compressed as a
//!   registry stores them; their history is the upstream image's),
//! - **dependencies**: `RUN npm ci`/`pip install`/`apt-get install`… and the COPY of the
//!   manifests they read (`package*.json`, `requirements.txt`, lock files),
//! - **code**: every other COPY/ADD, sized by the bytes of the files copied (`.dockerignore`
//!   honoured).
//!
//! RUN sizes are a deterministic estimate, not a measurement: `npm ci|install` 1.5 MB + 3.5 MB
//! per dependency in the `package.json` it finds (devDependencies too unless `--omit=dev` or
//! `--production`), `pip install` 12 MB + 6 MB per requirement, `apt-get install` 8 MB per
//! package plus 18 MB of package lists unless the same RUN removes `/var/lib/apt/lists`,
//! `apk add` 1 MB per package (+2 MB index without `--no-cache`), builds (`go build`,
//! `npm run build`, `cargo build`, `mvn`, `gradle`) 8 MB, `useradd`/`adduser`/`addgroup`
//! 3.4 kB, anything else 0 B. A RUN that runs `false` or `exit N` (N ≠ 0), `npm` without
//! node, or `npm ci` without a lock file fails the build the way the tool does.
//!
//! What the image runs: the base image's program, unless the command changes it — `node FILE`
//! (or `npm start`) on a file the build copied runs the demo app's program at the version in
//! `package.json`; any other command than the base's own runs as a shell script (so
//! `CMD ["sh","-c","echo done"]` exits at once: Completed, then CrashLoopBackOff).
//!
//! Bounded: context files and bytes read, layers.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::base::object_map::ObjectMap;

use sha2::{Digest, Sha256};

use crate::input::dockerfile::{self, CommandForm, Stage, StepKind};
use crate::input::files::FileSource;
use crate::sim::registry::{
    ImageConfig, ImageHealthcheck, ImageInfo, ImageRef, Layer, Program, Registry,
};

/// Most files a build context may hold.
pub const MAX_CONTEXT_FILES: usize = 1_000;
/// Most bytes read from a build context.
pub const MAX_CONTEXT_BYTES: usize = 16 * 1024 * 1024;

/// What a layer holds, for showing "image = runtime + dependencies + code".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LayerKind {
    Runtime,
    Dependencies,
    Code,
    /// Metadata (ENV, CMD, USER…): a history entry without a filesystem layer.
    Config,
    Other,
}

/// A failed build, located in the Dockerfile when it has a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    pub line: Option<usize>,
    /// BuildKit's words after `ERROR: failed to solve: `.
    pub message: String,
}

impl BuildError {
    fn at(line: usize, message: impl Into<String>) -> BuildError {
        BuildError {
            line: Some(line),
            message: message.into(),
        }
    }

    /// As `docker build` prints it: the Dockerfile excerpt, then the error.
    pub fn render(&self, dockerfile_name: &str, text: &str) -> String {
        let mut out = String::new();
        if let Some(line) = self.line {
            let lines: Vec<&str> = text.lines().collect();
            out.push_str(&format!("{dockerfile_name}:{line}\n--------------------\n"));
            let lo = line.saturating_sub(2).max(1);
            let hi = (line + 1).min(lines.len());
            for n in lo..=hi {
                let l = lines.get(n - 1).copied().unwrap_or_default();
                let l: String = l.chars().take(120).collect();
                let mark = if n == line { ">>>" } else { "   " };
                out.push_str(&format!(" {n:>3} | {mark} {l}\n"));
            }
            out.push_str("--------------------\n");
        }
        out.push_str(&format!("ERROR: failed to solve: {}", self.message));
        out
    }
}

/// One step of the build as BuildKit reports it (`#6 [2/5] WORKDIR /app`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepReport {
    pub label: String,
    pub cached: bool,
    /// Estimated, for the report only (the virtual clock does not move).
    pub duration_ms: u64,
}

/// A built image and how it was built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    pub info: ImageInfo,
    /// The base image of the final stage (`docker.io/library/node:20-slim`).
    pub base: String,
    pub steps: Vec<StepReport>,
    /// Per entry of `info.config.layers`.
    pub kinds: Vec<LayerKind>,
    /// Bytes of context sent (after `.dockerignore`).
    pub context_bytes: u64,
}

/// A file in the image: its size and (for small text files) its contents.
#[derive(Clone, Debug, Default)]
struct ImageFile {
    size: u64,
    text: Option<String>,
}

/// Builds `dockerfile_text` with the context at `dir`.
pub fn build(
    dockerfile_text: &str,
    dir: &str,
    files: &dyn FileSource,
    registry: &Registry,
    build_args: &BTreeMap<String, String>,
) -> Result<Built, BuildError> {
    let parsed = dockerfile::parse(dockerfile_text)
        .map_err(|e| BuildError::at(e.line, e.docker_message()))?;
    let base_env = |image: &str| -> Vec<(String, String)> {
        base_config(registry, image).map_or_else(Vec::new, |c| c.env)
    };
    let stages = dockerfile::evaluate(&parsed, build_args, &base_env)
        .map_err(|e| BuildError::at(e.line, e.docker_message()))?;
    let context = read_context(dir, files)?;
    let context_bytes = context.values().map(|f| f.size).sum();
    let total_steps: usize = stages
        .iter()
        .map(|s| {
            1 + s
                .steps
                .iter()
                .filter(|st| makes_layer(&st.kind) || matches!(st.kind, StepKind::Workdir(_)))
                .count()
        })
        .sum();
    let mut done: Vec<(Option<String>, BuiltStage)> = Vec::new();
    let mut reports = Vec::new();
    let mut step_no = 0usize;
    let last = stages.len().saturating_sub(1);
    for (si, stage) in stages.iter().enumerate() {
        let prefix = match (&stage.name, si == last && stages.len() == 1) {
            (_, true) => String::new(),
            (Some(n), _) => format!("{n} "),
            (None, _) => format!("stage-{si} "),
        };
        step_no += 1;
        let built = build_stage(
            stage,
            &done,
            &context,
            registry,
            &mut reports,
            &mut step_no,
            total_steps,
            &prefix,
        )?;
        done.push((stage.name.clone(), built));
    }
    let Some((_, fin)) = done.pop() else {
        return Err(BuildError {
            line: None,
            message: "file with no instructions".into(),
        });
    };
    let mut config = fin.config;
    config.digest = manifest_digest(&config);
    let size_bytes = config.layers.iter().map(|l| l.size_bytes).sum();
    let info = ImageInfo {
        size_bytes,
        program: fin.program,
        version: Cow::Owned(fin.version),
        config: Some(Box::new(config)),
    };
    Ok(Built {
        info,
        base: fin.base,
        steps: reports,
        kinds: fin.kinds,
        context_bytes,
    })
}

struct BuiltStage {
    config: ImageConfig,
    kinds: Vec<LayerKind>,
    fs: Files,
    program: Program,
    version: String,
    base: String,
    /// Whether any RUN ran (files we cannot list may exist).
    ran: bool,
}

/// A stage's files (and the build context) by path. An `ObjectMap`: the map code is shared
/// with the other maps of boxed values keyed by `String` (bundle size).
type Files = ObjectMap<String, ImageFile>;

fn makes_layer(kind: &StepKind) -> bool {
    matches!(kind, StepKind::Run(_) | StepKind::Copy { .. })
}

#[allow(clippy::too_many_arguments)]
fn build_stage(
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

fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// `Some(version)` when the command runs node on a JS file the build copied (or `npm start`
/// whose script does): the Sunaba demo app's program, at `package.json`'s version.
fn runs_demo_app(argv: &[String], st: &BuiltStage) -> Option<String> {
    let words: Vec<String> = match argv.first().map(|a| basename(a)) {
        Some("sh" | "bash") if argv.get(1).map(String::as_str) == Some("-c") => {
            shlex::split(argv.get(2)?.trim().trim_start_matches("exec ")).unwrap_or_default()
        }
        _ => argv.to_vec(),
    };
    let package = st
        .fs
        .get(&join(&st.config.workdir, "package.json"))
        .and_then(|f| f.text.as_deref())
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    let file = match words.first().map(|w| basename(w)) {
        Some("node") => words.iter().skip(1).find(|w| !w.starts_with('-'))?.clone(),
        Some("npm") if words.get(1).map(String::as_str) == Some("start") => {
            let start = package.as_ref()?.pointer("/scripts/start")?.as_str()?;
            let w = shlex::split(start)?;
            if w.first().map(String::as_str) != Some("node") {
                return None;
            }
            w.get(1)?.clone()
        }
        _ => return None,
    };
    let path = resolve(&st.config.workdir, &file);
    let path = if st.fs.contains_key(&path) || path.ends_with(".js") {
        path
    } else {
        format!("{path}.js")
    };
    st.fs.get(&path)?;
    Some(
        package
            .as_ref()
            .and_then(|p| p.get("version"))
            .and_then(|v| v.as_str())
            .unwrap_or("0.0.0")
            .chars()
            .take(64)
            .collect(),
    )
}

fn is_dependency_manifest(path: &str) -> bool {
    let name = basename(path);
    matches!(
        name,
        "package.json"
            | "package-lock.json"
            | "npm-shrinkwrap.json"
            | "yarn.lock"
            | "pnpm-lock.yaml"
            | "requirements.txt"
            | "Pipfile"
            | "Pipfile.lock"
            | "poetry.lock"
            | "pyproject.toml"
            | "go.mod"
            | "go.sum"
            | "Gemfile"
            | "Gemfile.lock"
            | "Cargo.toml"
            | "Cargo.lock"
            | "pom.xml"
    )
}

/// The size and kind of a RUN's layer, or the build failure the command causes.
fn run_estimate(
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

/// Context files (relative path → file), `.dockerignore` applied, bounded.
fn read_context(dir: &str, files: &dyn FileSource) -> Result<Files, BuildError> {
    let dir = dir.trim_end_matches('/');
    let mut listed = files.list(dir).map_err(|e| BuildError {
        line: None,
        message: format!("failed to read build context: {e}"),
    })?;
    crate::base::sort::sort(&mut listed);
    let prefix = if dir.is_empty() || dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    };
    let ignore: Vec<String> = files
        .read(&format!("{prefix}.dockerignore"))
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| {
                    l.trim_start_matches("./")
                        .trim_start_matches('/')
                        .trim_end_matches('/')
                        .to_string()
                })
                .take(1_000)
                .collect()
        })
        .unwrap_or_default();
    let mut out = Files::new();
    let mut bytes = 0usize;
    for rel in listed {
        if ignored(&rel, &ignore) {
            continue;
        }
        if out.len() >= MAX_CONTEXT_FILES {
            return Err(BuildError {
                line: None,
                message: format!("build context has more than {MAX_CONTEXT_FILES} files"),
            });
        }
        let text = files
            .read(&format!("{prefix}{rel}"))
            .map_err(|e| BuildError {
                line: None,
                message: format!("failed to read build context: {e}"),
            })?;
        bytes += text.len();
        if bytes > MAX_CONTEXT_BYTES {
            return Err(BuildError {
                line: None,
                message: format!("build context is larger than {MAX_CONTEXT_BYTES} bytes"),
            });
        }
        let keep = text.len() <= 256 * 1024;
        out.insert(
            rel,
            ImageFile {
                size: text.len() as u64,
                text: keep.then_some(text),
            },
        );
    }
    Ok(out)
}

/// `.dockerignore`'s patterns: a path or any of its parent directories matches (with `*`, `?`;
/// `**/` matches any depth; `!` re-includes).
fn ignored(rel: &str, patterns: &[String]) -> bool {
    let mut out = false;
    for p in patterns {
        let (negate, p) = match p.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, p.as_str()),
        };
        let p = p.trim_start_matches("**/");
        let hit = std::iter::successors(Some(rel), |r| r.rsplit_once('/').map(|(a, _)| a))
            .any(|prefix| glob(p, prefix) || (!p.contains('/') && glob(p, basename(prefix))));
        if hit {
            out = !negate;
        }
    }
    out
}

/// `*` and `?` within one path segment.
fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char], budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        match p.first() {
            None => t.is_empty(),
            Some('*') => (0..=t.len())
                .take_while(|i| *i == 0 || t[i - 1] != '/')
                .any(|i| go(&p[1..], &t[i..], budget)),
            Some('?') => t.first().is_some_and(|c| *c != '/') && go(&p[1..], &t[1..], budget),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..], budget),
        }
    }
    let p: Vec<char> = pattern.chars().take(256).collect();
    let t: Vec<char> = text.chars().take(1024).collect();
    go(&p, &t, &mut 100_000)
}

/// Files a COPY source selects: (path in `fs`, the source named this file exactly, path
/// relative to the source directory).
fn select(fs: &Files, src: &str) -> Vec<(String, bool, String)> {
    let absolute = src.starts_with('/');
    let s = src.trim_start_matches("./").trim_end_matches('/');
    let s = if absolute {
        s.to_string()
    } else {
        s.trim_start_matches('/').to_string()
    };
    if s.is_empty() || s == "." {
        return fs
            .keys()
            .map(|k| (k.clone(), false, k.trim_start_matches('/').to_string()))
            .collect();
    }
    let mut out = Vec::new();
    for k in fs.keys() {
        if *k == s || (s.contains(['*', '?']) && glob(&s, k)) {
            out.push((k.clone(), true, String::new()));
        } else if let Some(rest) = k.strip_prefix(&format!("{s}/")) {
            out.push((k.clone(), false, rest.to_string()));
        }
    }
    out
}

fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// A destination relative to WORKDIR, normalised (no trailing `/`, no `.`).
fn resolve(workdir: &str, p: &str) -> String {
    let full = if p.starts_with('/') {
        p.to_string()
    } else {
        join(if workdir.is_empty() { "/" } else { workdir }, p)
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

fn cache_ref(src: &str) -> String {
    let h = Sha256::digest(format!("context:{src}").as_bytes());
    let hex = hex(&h);
    format!("{}::{}", &hex[..25], &hex[25..50])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a history entry adds no filesystem layer (metadata instructions).
pub fn is_empty_layer(created_by: &str) -> bool {
    let word = created_by.split_whitespace().next().unwrap_or_default();
    matches!(
        word,
        "ENV"
            | "ARG"
            | "CMD"
            | "ENTRYPOINT"
            | "EXPOSE"
            | "USER"
            | "HEALTHCHECK"
            | "LABEL"
            | "WORKDIR"
            | "MAINTAINER"
            | "ONBUILD"
            | "SHELL"
            | "STOPSIGNAL"
            | "VOLUME"
    )
}

/// The kinds of an image's history entries, read from their text (for images built earlier).
pub fn classify_existing(config: &ImageConfig) -> Vec<LayerKind> {
    config
        .layers
        .iter()
        .map(|l| classify(&l.created_by))
        .collect()
}

/// The kind of one history entry from its text: base-image rows are marked by the catalog
/// (see [`base_layers`]), ours by instruction.
pub fn classify(created_by: &str) -> LayerKind {
    if created_by.ends_with(BASE_MARK)
        || created_by.starts_with("# debian.sh")
        || created_by.starts_with("ADD file:")
    {
        return LayerKind::Runtime;
    }
    if is_empty_layer(created_by) {
        return LayerKind::Config;
    }
    let body = created_by.trim_end_matches(" # buildkit");
    if let Some(rest) = body
        .strip_prefix("COPY ")
        .or_else(|| body.strip_prefix("ADD "))
    {
        let words: Vec<&str> = rest
            .split_whitespace()
            .filter(|w| !w.starts_with("--"))
            .collect();
        let sources = &words[..words.len().saturating_sub(1)];
        let deps = !sources.is_empty()
            && sources.iter().all(|s| {
                is_dependency_manifest(s)
                    || s.starts_with("package") && s.ends_with(".json")
                    || s.starts_with("requirements")
            });
        return if deps {
            LayerKind::Dependencies
        } else {
            LayerKind::Code
        };
    }
    if [
        "npm ci",
        "npm install",
        "yarn install",
        "pip install",
        "pip3 install",
        "apt-get install",
        "apk add",
        "pnpm install",
    ]
    .iter()
    .any(|k| body.contains(k))
    {
        return LayerKind::Dependencies;
    }
    LayerKind::Other
}

/// Marks a base image's own history rows (upstream's), so they read as the runtime.
const BASE_MARK: &str = " # upstream";

/// The config of an image as a build starts from it: its own when built here, else the
/// catalog image's defaults (upstream's ENV/CMD/EXPOSE and layers).
pub fn image_config(info: &ImageInfo, r: &ImageRef) -> ImageConfig {
    if let Some(c) = &info.config {
        return (**c).clone();
    }
    base_defaults(info, r)
}

fn base_config(registry: &Registry, image: &str) -> Option<ImageConfig> {
    let r = ImageRef::parse(image);
    registry.lookup(&r).map(|info| image_config(info, &r))
}

/// Upstream defaults for a catalog image: ENV, CMD, exposed ports, and its history (sizes
/// summing to the catalog size). Entrypoint wrapper scripts are not modelled.
fn base_defaults(info: &ImageInfo, r: &ImageRef) -> ImageConfig {
    let path = (
        "PATH".to_string(),
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string(),
    );
    let v = info.version.to_string();
    type Defaults<'a> = (
        Vec<(String, String)>,
        Vec<&'a str>,
        Vec<u16>,
        Vec<(&'a str, u32)>,
    );
    let (env, cmd, ports, rows): Defaults =
        match info.program {
            Program::Nginx => (
                vec![path, ("NGINX_VERSION".into(), v)],
                vec!["nginx", "-g", "daemon off;"],
                vec![80],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 40), ("RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && apt-get install --no-install-recommends --no-install-suggests -y nginx", 58), ("COPY docker-entrypoint.sh / # buildkit", 1), ("EXPOSE map[80/tcp:{}]", 0), ("CMD [\"nginx\" \"-g\" \"daemon off;\"]", 0)],
            ),
            Program::Httpd => (
                vec![path, ("HTTPD_VERSION".into(), v)],
                vec!["httpd-foreground"],
                vec![80],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 48), ("RUN /bin/sh -c set -eux; apt-get install -y --no-install-recommends libapr1-dev libaprutil1-dev; make install", 51), ("EXPOSE map[80/tcp:{}]", 0), ("CMD [\"httpd-foreground\"]", 0)],
            ),
            Program::Redis => (
                vec![path, ("REDIS_VERSION".into(), v)],
                vec!["redis-server"],
                vec![6379],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 62), ("RUN /bin/sh -c set -eux; groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis", 1), ("RUN /bin/sh -c set -eux; make -C /usr/src/redis install", 37), ("EXPOSE map[6379/tcp:{}]", 0), ("CMD [\"redis-server\"]", 0)],
            ),
            Program::Postgres => (
                vec![path, ("PG_VERSION".into(), v), ("PGDATA".into(), "/var/lib/postgresql/data".into())],
                vec!["postgres"],
                vec![5432],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 18), ("RUN /bin/sh -c set -ex; apt-get install -y --no-install-recommends postgresql-common", 82), ("EXPOSE map[5432/tcp:{}]", 0), ("CMD [\"postgres\"]", 0)],
            ),
            Program::Busybox if r.repository.contains("node") => (
                vec![path, ("NODE_VERSION".into(), v), ("YARN_VERSION".into(), "1.22.22".into())],
                vec!["node"],
                vec![],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 41), ("RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit", 1), ("ENV NODE_VERSION=20.18.1", 0), ("RUN /bin/sh -c ARCH= && dpkgArch=\"$(dpkg --print-architecture)\" && curl -fsSLO --compressed \"https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz\" # buildkit", 53), ("ENV YARN_VERSION=1.22.22", 0), ("RUN /bin/sh -c set -ex && curl -fsSLO --compressed \"https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz\" # buildkit", 5), ("CMD [\"node\"]", 0)],
            ),
            Program::Busybox => (
                vec![path],
                vec!["sh"],
                vec![],
                vec![("ADD file:a3d6a5a3d5f1b7c2e9e3c0b5f0d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0 in / ", 100), ("CMD [\"sh\"]", 0)],
            ),
            Program::DemoApp => (
                vec![path, ("PORT".into(), "8080".into())],
                vec!["node", "server.js"],
                vec![8080],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 70), ("RUN /bin/sh -c npm ci --omit=dev # buildkit", 20), ("COPY . . # buildkit", 10), ("EXPOSE map[8080/tcp:{}]", 0), ("CMD [\"node\" \"server.js\"]", 0)],
            ),
            Program::Envoy => (
                vec![path],
                vec!["envoy", "-c", "/etc/envoy/envoy.yaml"],
                vec![10000],
                vec![("# debian.sh --arch 'amd64' out/ 'bookworm' '@1732492800'", 45), ("COPY envoy /usr/local/bin/envoy # buildkit", 55), ("EXPOSE map[10000/tcp:{}]", 0), ("CMD [\"envoy\" \"-c\" \"/etc/envoy/envoy.yaml\"]", 0)],
            ),
        };
    // Split the catalog size over the filesystem rows by their weights; the last takes the rest.
    let total_weight: u64 = rows.iter().map(|(_, w)| u64::from(*w)).sum::<u64>().max(1);
    let mut left = info.size_bytes;
    let fs_rows = rows.iter().filter(|(_, w)| *w > 0).count();
    let mut seen = 0;
    let layers = rows
        .iter()
        .map(|(by, w)| {
            let size = if *w == 0 {
                0
            } else {
                seen += 1;
                if seen == fs_rows {
                    left
                } else {
                    let s = info.size_bytes / total_weight * u64::from(*w);
                    left = left.saturating_sub(s);
                    s
                }
            };
            Layer {
                created_by: format!("{by}{BASE_MARK}"),
                size_bytes: size,
            }
        })
        .collect();
    ImageConfig {
        env,
        user: String::new(),
        entrypoint: Vec::new(),
        cmd: cmd.into_iter().map(str::to_string).collect(),
        workdir: String::new(),
        exposed_ports: ports,
        healthcheck: None,
        layers,
        digest: String::new(),
    }
}

/// sha256 of one layer's content description, chained on its parent.
pub fn layer_digests(config: &ImageConfig) -> Vec<String> {
    let mut parent = String::new();
    config
        .layers
        .iter()
        .map(|l| {
            let mut h = Sha256::new();
            h.update(parent.as_bytes());
            h.update(l.created_by.as_bytes());
            h.update(l.size_bytes.to_le_bytes());
            parent = format!("sha256:{}", hex(&h.finalize()));
            parent.clone()
        })
        .collect()
}

/// The image ID (`docker images`' IMAGE ID is its first 12 hex digits): sha256 of the config.
pub fn image_id(config: &ImageConfig) -> String {
    let mut h = Sha256::new();
    h.update(config_text(config).as_bytes());
    for d in layer_digests(config) {
        h.update(d.as_bytes());
    }
    format!("sha256:{}", hex(&h.finalize()))
}

/// The manifest digest (`docker push`'s `digest: sha256:…`): sha256 over config digest and layers.
pub fn manifest_digest(config: &ImageConfig) -> String {
    let mut h = Sha256::new();
    h.update(b"application/vnd.oci.image.manifest.v1+json\n");
    h.update(image_id(config).as_bytes());
    for (d, l) in layer_digests(config).iter().zip(&config.layers) {
        if !is_empty_layer(&l.created_by) {
            h.update(d.as_bytes());
        }
    }
    format!("sha256:{}", hex(&h.finalize()))
}

fn config_text(c: &ImageConfig) -> String {
    let hc = c.healthcheck.as_ref().map(|h| {
        format!(
            "{:?} {} {} {} {}",
            h.test, h.interval_ms, h.timeout_ms, h.start_period_ms, h.retries
        )
    });
    format!(
        "env={:?}\nuser={}\nentrypoint={:?}\ncmd={:?}\nworkdir={}\nports={:?}\nhealthcheck={:?}\n",
        c.env, c.user, c.entrypoint, c.cmd, c.workdir, c.exposed_ports, hc
    )
}
