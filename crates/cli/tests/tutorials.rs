//! The official Kubernetes and Amazon ECS tutorials, followed step by step as a learner types
//! them: `tests/tutorials/NAME.sunaba`, with the tutorial's manifests and JSON files in
//! `tests/tutorials/NAME/`, run through the `sunaba` binary (`sunaba run --keep-going`, as a
//! learner who meets an error goes on reading). Each script's `NAME.out` is what a terminal
//! shows: every command echoed as `$ cmd`, then its output and, on lines of their own, its
//! errors; a run with errors ends with `NAME.sunaba: N commands failed (line …)`. After an
//! intended change of output:
//!
//! ```text
//! UPDATE_EXPECT=1 cargo test -p sunaba-cli --test tutorials
//! git diff tests/tutorials
//! ```

mod golden;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn tutorials_dir() -> PathBuf {
    golden::workspace().join("tests/tutorials")
}

/// What a terminal shows for `sunaba run --keep-going SCRIPT`: standard output and standard
/// error through one file, in the order they were written.
fn run(script: &Path) -> String {
    let dir = std::env::temp_dir().join(format!("sunaba-tutorials-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let capture = dir.join(golden::file_name(script));
    let file = File::create(&capture).expect("a capture file");
    let status = Command::new(env!("CARGO_BIN_EXE_sunaba"))
        .arg("run")
        .arg("--keep-going")
        // By its name from its folder, so the output reads the same on every machine.
        .arg(golden::file_name(script))
        .current_dir(tutorials_dir())
        .stdout(Stdio::from(
            file.try_clone().expect("the capture file twice"),
        ))
        .stderr(Stdio::from(file))
        .status()
        .expect("run sunaba");
    let text = std::fs::read_to_string(&capture).expect("the output is UTF-8");
    let _ = std::fs::remove_file(&capture);
    // A tutorial whose script fails somewhere says so in its output (the error lines are part
    // of the golden file); the exit status must agree with it.
    let errors = text.lines().any(|l| l.contains(".sunaba:"));
    assert_eq!(
        status.success(),
        !errors,
        "{}: exit status {status} but the output {} error lines",
        golden::file_name(script),
        if errors { "has" } else { "has no" }
    );
    text
}

#[test]
fn every_tutorial_prints_exactly_its_expected_output() {
    golden::assert_every_script_prints_its_output(
        &tutorials_dir(),
        14,
        run,
        "UPDATE_EXPECT=1 cargo test -p sunaba-cli --test tutorials",
    );
}

#[test]
fn every_expected_output_belongs_to_a_tutorial() {
    golden::assert_every_output_has_its_script(&tutorials_dir());
}
