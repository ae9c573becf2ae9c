//! Replays every file of `fuzz/corpus/TARGET/` through the same check as the fuzz target, so
//! what fuzzing found (and every crash fixed since) is an ordinary test, run without nightly or
//! cargo-fuzz.

use std::path::{Path, PathBuf};

use sunaba_fuzz_checks::{Target, TARGETS};

fn corpus_dir(target: &Target) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target.name)
}

/// The corpus's files, sorted (a failure names the same file on every machine).
fn inputs(target: &Target) -> Vec<PathBuf> {
    let dir = corpus_dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn replay(name: &str) {
    let target = TARGETS
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no fuzz target {name}"));
    let files = inputs(target);
    assert!(
        !files.is_empty(),
        "{} holds no inputs",
        corpus_dir(target).display()
    );
    for path in &files {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let outcome = std::panic::catch_unwind(|| (target.check)(&data));
        assert!(
            outcome.is_ok(),
            "{} fails its check; replay it with `cargo +nightly fuzz run {name} {}`",
            path.display(),
            path.display()
        );
    }
}

#[test]
fn every_target_has_a_corpus_and_a_fuzz_target_file() {
    for t in TARGETS {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/fuzz_targets")
            .join(format!("{}.rs", t.name));
        assert!(source.is_file(), "{} is missing", source.display());
        assert!(corpus_dir(t).is_dir(), "{} has no corpus", t.name);
    }
}

#[test]
fn manifest_corpus_passes() {
    replay("manifest");
}

#[test]
fn ecs_json_corpus_passes() {
    replay("ecs_json");
}

#[test]
fn kustomize_corpus_passes() {
    replay("kustomize");
}

#[test]
fn dockerfile_corpus_passes() {
    replay("dockerfile");
}

#[test]
fn command_corpus_passes() {
    replay("command");
}

#[test]
fn share_corpus_passes() {
    replay("share");
}

#[test]
fn exercise_corpus_passes() {
    replay("exercise");
}
