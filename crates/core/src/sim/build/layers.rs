//! The kind of a layer (runtime, dependencies, code), told from its history text, so images
//! built earlier read the same as a fresh build.

use super::config::BASE_MARK;
use super::context::basename;
use super::LayerKind;
use crate::sim::registry::ImageConfig;

pub(super) fn is_dependency_manifest(path: &str) -> bool {
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
