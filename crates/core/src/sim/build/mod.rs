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
//!
//! Files: this one holds the results and [`build`]; `stage` builds one stage step by step,
//! `context` reads the build context, `run` estimates a RUN's layer, `layers` tells a layer's
//! kind, `config` is an image's config (base images' upstream defaults, what the image runs) and
//! `digest` computes ids and digests.

mod config;
mod context;
mod digest;
mod layers;
mod run;
mod stage;

pub use config::image_config;
pub use digest::{image_id, layer_digests, manifest_digest};
pub use layers::{classify, classify_existing, is_empty_layer};

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::base::object_map::ObjectMap;

use crate::input::dockerfile::{self, StepKind};
use crate::input::files::FileSource;
use crate::sim::registry::{ImageConfig, ImageInfo, Program, Registry};
use config::base_config;
use context::read_context;
use stage::{build_stage, makes_layer};

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
    pub(super) fn at(line: usize, message: impl Into<String>) -> BuildError {
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
pub(super) struct ImageFile {
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

pub(super) struct BuiltStage {
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
pub(super) type Files = ObjectMap<String, ImageFile>;
