//! `cargo xtask fuzz [--seconds N] [TARGET…]`: runs the cargo-fuzz targets of `fuzz/` (one per
//! parser a learner or an author feeds), each for N seconds, and prints what each one did.
//!
//! Needs nightly (`cargo +nightly`) and cargo-fuzz (installed when missing). Each target starts
//! from its committed corpus, `fuzz/corpus/TARGET/`, read only: what it finds goes into
//! `target/fuzz/corpus/TARGET/`, to be minimised into the committed one (`cargo +nightly fuzz
//! cmin`) when it is worth keeping. A crash stops the target and is written under
//! `fuzz/artifacts/TARGET/`; the run then fails. The committed corpora are also replayed as
//! ordinary tests (`crates/fuzz-checks/tests/corpus.rs`), without nightly.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::util::{display, repo_root, secs, Result};

/// Every target, in the order they run (the files of `fuzz/fuzz_targets/`).
pub const TARGETS: [&str; 7] = [
    "manifest",
    "ecs_json",
    "kustomize",
    "dockerfile",
    "command",
    "share",
    "exercise",
];

const SECONDS_DEFAULT: u64 = 60;

/// What one target did, read from libFuzzer's final lines.
struct Outcome {
    target: String,
    runs: Option<u64>,
    seconds: f64,
    crash: Option<String>,
}

pub fn fuzz(args: &[String]) -> Result {
    let (seconds, targets) = parse_args(args)?;
    ensure_cargo_fuzz()?;
    let root = repo_root();
    let work = root.join("target/fuzz");
    let mut outcomes = Vec::new();
    for target in &targets {
        outcomes.push(run_target(&root, &work, target, seconds)?);
    }
    println!("[fuzz] target       executions   seconds   execs/s   result");
    for o in &outcomes {
        let runs = o.runs.map_or("?".to_string(), |r| r.to_string());
        let rate = o
            .runs
            .map_or("?".to_string(), |r| format!("{:.0}", r as f64 / o.seconds));
        let result = o.crash.as_deref().unwrap_or("no crash");
        println!(
            "[fuzz] {:<12} {runs:>10} {:>9.0} {rate:>9}   {result}",
            o.target, o.seconds
        );
    }
    match outcomes.iter().find(|o| o.crash.is_some()) {
        Some(o) => Err(format!(
            "{} failed its check; replay it with `cargo +nightly fuzz run --fuzz-dir fuzz {} FILE`",
            o.target, o.target
        )),
        None => Ok(()),
    }
}

fn parse_args(args: &[String]) -> Result<(u64, Vec<String>)> {
    let mut seconds = SECONDS_DEFAULT;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--seconds" {
            let value = it.next().ok_or("--seconds needs a number")?;
            seconds = value
                .parse()
                .ok()
                .filter(|&s| s > 0)
                .ok_or_else(|| format!("--seconds {value:?}: a positive number of seconds"))?;
        } else if TARGETS.contains(&a.as_str()) {
            targets.push(a.clone());
        } else {
            return Err(format!(
                "unknown fuzz target {a:?} (targets: {})",
                TARGETS.join(", ")
            ));
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    Ok((seconds, targets))
}

/// cargo-fuzz, installed with `cargo install cargo-fuzz --locked` when `cargo fuzz` is missing.
fn ensure_cargo_fuzz() -> Result {
    let present = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    crate::util::run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))
}

/// One target for `seconds`, its libFuzzer output kept in `target/fuzz/TARGET.log`.
fn run_target(root: &Path, work: &Path, target: &str, seconds: u64) -> Result<Outcome> {
    let corpus = work.join("corpus").join(target);
    std::fs::create_dir_all(&corpus).map_err(|e| format!("{}: {e}", corpus.display()))?;
    let log_path = work.join(format!("{target}.log"));
    let log =
        std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root)
        .args(["+nightly", "fuzz", "run", "--fuzz-dir", "fuzz", target])
        .arg(&corpus)
        .arg(format!("fuzz/corpus/{target}"))
        .args([
            "--",
            &format!("-max_total_time={seconds}"),
            "-print_final_stats=1",
            "-timeout=30",
            "-rss_limit_mb=2048",
        ])
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
    eprintln!("  $ {}   (output in {})", display(&cmd), log_path.display());
    let start = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start cargo fuzz: {e}"))?;
    let elapsed = start.elapsed();
    let text = std::fs::read_to_string(&log_path).unwrap_or_default();
    let runs = executions(&text);
    // The build is timed too; libFuzzer's own count of seconds is the fuzzing alone.
    let seconds = fuzzing_seconds(&text).unwrap_or(elapsed.as_secs_f64());
    let crash = (!status.success()).then(|| {
        text.lines()
            .find_map(|l| l.split_once("Test unit written to ").map(|(_, p)| p.trim()))
            .map_or_else(
                || format!("failed ({status}), see {}", log_path.display()),
                |p| format!("CRASH: {p}"),
            )
    });
    eprintln!(
        "[fuzz] {target}: {} in {}",
        runs.map_or("? executions".into(), |r| format!("{r} executions")),
        secs(elapsed)
    );
    Ok(Outcome {
        target: target.to_string(),
        runs,
        seconds,
        crash,
    })
}

/// libFuzzer's `stat::number_of_executed_units: N`, else its last `#N` status line.
pub fn executions(log: &str) -> Option<u64> {
    let stat = log.lines().rev().find_map(|l| {
        l.strip_prefix("stat::number_of_executed_units:")
            .and_then(|n| n.trim().parse().ok())
    });
    stat.or_else(|| {
        log.lines().rev().find_map(|l| {
            l.strip_prefix('#')?
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse()
                .ok()
        })
    })
}

/// `Done N runs in S second(s)`: the seconds libFuzzer spent.
pub fn fuzzing_seconds(log: &str) -> Option<f64> {
    log.lines().rev().find_map(|l| {
        let rest = l.strip_prefix("Done ")?;
        let (_, after) = rest.split_once(" runs in ")?;
        after.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "#1048576\tpulse  cov: 1961 ft: 4282 corp: 324/110Kb exec/s: 47\n\
        Done 2000123 runs in 61 second(s)\n\
        stat::number_of_executed_units: 2000123\n\
        stat::average_exec_per_sec:     32789\n";

    #[test]
    fn reads_libfuzzers_final_statistics() {
        assert_eq!(executions(LOG), Some(2_000_123));
        assert_eq!(fuzzing_seconds(LOG), Some(61.0));
    }

    #[test]
    fn falls_back_to_the_last_status_line_when_a_crash_cut_the_statistics() {
        assert_eq!(
            executions("#4096\tpulse  cov: 1\n#5000\tNEW cov: 2\n"),
            Some(5000)
        );
        assert_eq!(fuzzing_seconds("#5000\tNEW cov: 2\n"), None);
    }

    #[test]
    fn refuses_an_unknown_target_and_a_bad_duration() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(parse_args(&args(&["yaml"])).is_err());
        assert!(parse_args(&args(&["--seconds", "0"])).is_err());
        let (s, t) = parse_args(&args(&["--seconds", "5", "share"])).unwrap();
        assert_eq!((s, t), (5, vec!["share".to_string()]));
        assert_eq!(parse_args(&[]).unwrap().1.len(), TARGETS.len());
    }
}
