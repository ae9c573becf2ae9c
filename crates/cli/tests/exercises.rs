//! `sunaba exercise check|grade`: the workshop's exercises are sound (the CI gate authors rely
//! on), a broken one is reported with its location, and a learner's script is graded.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sunaba(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sunaba"))
        .args(args)
        .output()
        .expect("the sunaba binary runs")
}

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sunaba-ex-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn every_exercise_of_the_workshop_is_sound() {
    let o = sunaba(&["exercise", "check", &repo("www/exercises")]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(out.contains(", 0 failed"), "{out}");
}

#[test]
fn a_broken_exercise_is_reported_at_its_line_and_fails_the_check() {
    let dir = scratch("broken");
    let good = std::fs::read_to_string(repo("www/exercises/self-healing.yaml")).unwrap();
    std::fs::write(
        dir.join("a.yaml"),
        good.replace("ready: 3\n    hints:", "redy: 3\n    hints:"),
    )
    .unwrap();
    let o = sunaba(&["exercise", "check", &dir.to_string_lossy()]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("a.yaml:") && err.contains(": error: unknown field \"redy\" for a deployment"),
        "{err}"
    );
    let line: usize = err.split(':').nth(1).unwrap().parse().unwrap();
    assert_eq!(good.lines().nth(line - 1).map(str::trim), Some("ready: 3"));
}

#[test]
fn an_exercise_must_be_named_by_its_id_so_the_page_can_load_it() {
    let dir = scratch("misnamed");
    let good = std::fs::read_to_string(repo("www/exercises/self-healing.yaml")).unwrap();
    std::fs::write(dir.join("06-healing.yaml"), good).unwrap();
    let o = sunaba(&["exercise", "check", &dir.to_string_lossy()]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("06-healing.yaml:1:1: error: an exercise with the id \"self-healing\" is named self-healing.yaml"),
        "{err}"
    );
}

#[test]
fn a_learners_script_is_graded_step_by_step() {
    let dir = scratch("grade");
    let script = dir.join("learner.sunaba");
    std::fs::write(
        &script,
        "kubectl apply -f web.yaml\nsim wait 30s\nkubectl get pods\n",
    )
    .unwrap();
    let ex = repo("www/exercises/self-healing.yaml");
    let o = sunaba(&[
        "exercise",
        "grade",
        &ex,
        "--script",
        &script.to_string_lossy(),
    ]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains("✓ step 1: Declare three replicas\n✗ step 2: Kill a container\n"),
        "{out}"
    );
    assert!(
        out.contains("pods with app=web with restarts ≥ 1: 0, want ≥ 1"),
        "{out}"
    );
    assert!(out.ends_with("1/3 steps done\n"), "{out}");
    let o = sunaba(&[
        "exercise",
        "grade",
        &ex,
        "--script",
        &script.to_string_lossy(),
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["done"], 1);
    assert_eq!(v["steps"][1]["clauses"][0]["reason"], "all of (2/3 met)");
    let o = sunaba(&["exercise", "grade", &ex]);
    assert_eq!(o.status.code(), Some(2));
}
