//! `cargo xtask bench core`: the core benchmark (`crates/bench`) natively, then the same
//! sections compiled to Wasm in headless Chromium (`tests/e2e/core_bench.mjs`), printed side by
//! side with the Wasm/native time ratio per section and whether both runs decided the same
//! (their digests). Both builds use the `bench` profile (`opt-level = 3`); the shipped Wasm is
//! tuned for size instead. Writes `target/bench/core-{native,wasm}.json`; asserts nothing
//! about time, fails only when a run breaks.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::setup::{self, wasm_release_env, Need, WASM_TARGET};
use crate::util::{self, repo_root, run, Result};

/// The goal the issue sets for the Wasm build, printed beside each ratio.
const RATIO_GOAL: f64 = 1.5;

pub fn bench_core(only: Option<&str>) -> Result {
    let root = repo_root();
    let native_json = root.join("target/bench/core-native.json");
    let wasm_json = root.join("target/bench/core-wasm.json");
    std::fs::create_dir_all(root.join("target/bench")).map_err(|e| e.to_string())?;

    let mut native = Command::new("cargo");
    native.current_dir(&root).args([
        "run",
        "--profile",
        "bench",
        "-p",
        "sunaba-bench",
        "--bin",
        "sunaba-bench",
        "--",
        "--json",
    ]);
    native.arg(&native_json);
    if let Some(o) = only {
        native.args(["--only", o]);
    }
    run(&mut native)?;
    if only == Some("state") {
        return Ok(()); // bytes per pod: measured natively only
    }

    let s = setup::setup(Need::Everything)?;
    let mut build = Command::new("cargo");
    build.current_dir(&root).args([
        "build",
        "--profile",
        "bench",
        "--target",
        WASM_TARGET,
        "-p",
        "sunaba-bench",
        "--lib",
    ]);
    run(wasm_release_env(&mut build, s.wasm_std))?;
    // The bench profile inherits release and shares its output folder.
    let wasm = root.join(format!("target/{WASM_TARGET}/release/sunaba_bench.wasm"));
    let out = root.join("target/bench/wasm-core");
    run(Command::new("wasm-bindgen")
        .current_dir(&root)
        .args(["--target", "web", "--out-dir"])
        .arg(&out)
        .arg(&wasm))?;
    let mut page = Command::new("node");
    page.current_dir(&root)
        .arg("tests/e2e/core_bench.mjs")
        .arg(&out)
        .arg("--out")
        .arg(&wasm_json);
    if let Some(o) = only {
        page.args(["--only", o]);
    }
    if !util::run_with_timeout(&mut page, Duration::from_secs(20 * 60))? {
        return Err("the Wasm core benchmark failed in Chromium".into());
    }
    let native = sections(&native_json, None)?;
    let wasm = sections(&wasm_json, Some("sections"))?;
    print!("{}", compare(&native, &wasm));
    match native.iter().zip(&wasm).find(|(n, w)| n.digest != w.digest) {
        Some((n, _)) => Err(format!(
            "{}: the Wasm run decided differently from the native one (digests differ)",
            n.key
        )),
        None if native.len() != wasm.len() => {
            Err("the two runs measured different sections".into())
        }
        None => Ok(()),
    }
}

#[derive(Debug, PartialEq)]
struct Measured {
    key: String,
    unit: String,
    rate: f64,
    seconds: f64,
    digest: String,
}

fn sections(path: &Path, field: Option<&str>) -> Result<Vec<Measured>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = match field {
        Some(f) => &v[f],
        None => &v,
    };
    let list = list
        .as_array()
        .ok_or_else(|| format!("{}: no list of sections", path.display()))?;
    Ok(list
        .iter()
        .map(|s| Measured {
            key: s["key"].as_str().unwrap_or("?").to_string(),
            unit: s["unit"].as_str().unwrap_or("").to_string(),
            rate: s["rate"].as_f64().unwrap_or(0.0),
            seconds: s["seconds"].as_f64().unwrap_or(0.0),
            digest: s["digest"].as_str().unwrap_or("").to_string(),
        })
        .collect())
}

/// The table: each section's native and Wasm rate, the Wasm/native time ratio against the
/// goal, and whether the digests agree.
fn compare(native: &[Measured], wasm: &[Measured]) -> String {
    let mut out = format!(
        "\n[bench] core, native and Wasm (headless Chromium), same sections and seeds\n{:<20} {:>12} {:>12}  {:<13} {:>10}  {}\n",
        "section", "native", "wasm", "unit", "wasm/native", "same decisions"
    );
    for n in native {
        let Some(w) = wasm.iter().find(|w| w.key == n.key) else {
            out.push_str(&format!(
                "{:<20} {:>12.0} {:>12}  {:<13}\n",
                n.key, n.rate, "-", n.unit
            ));
            continue;
        };
        let ratio = if n.seconds > 0.0 {
            w.seconds / n.seconds
        } else {
            0.0
        };
        out.push_str(&format!(
            "{:<20} {:>12.0} {:>12.0}  {:<13} {:>9.2}×{}  {}\n",
            n.key,
            n.rate,
            w.rate,
            n.unit,
            ratio,
            if ratio <= RATIO_GOAL { " " } else { "!" },
            if n.digest == w.digest {
                format!("yes ({})", n.digest)
            } else {
                format!("NO (native {}, wasm {})", n.digest, w.digest)
            }
        ));
    }
    out.push_str(&format!(
        "(wasm/native: the Wasm run's time over the native run's; goal ≤ {RATIO_GOAL}×, ! above it)\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(key: &str, seconds: f64, digest: &str) -> Measured {
        Measured {
            key: key.into(),
            unit: "decisions/s".into(),
            rate: 1000.0 / seconds,
            seconds,
            digest: digest.into(),
        }
    }

    #[test]
    fn the_table_gives_each_sections_ratio_and_says_when_the_runs_disagree() {
        let table = compare(
            &[
                m("scheduler/500", 1.0, "aa"),
                m("end-to-end/500", 2.0, "bb"),
            ],
            &[
                m("scheduler/500", 1.25, "aa"),
                m("end-to-end/500", 4.0, "cc"),
            ],
        );
        let rows: Vec<&str> = table.lines().skip(3).collect();
        assert!(
            rows[0].starts_with("scheduler/500")
                && rows[0].contains("1.25× ")
                && rows[0].ends_with("yes (aa)"),
            "{table}"
        );
        assert!(
            rows[1].contains("2.00×!") && rows[1].ends_with("NO (native bb, wasm cc)"),
            "{table}"
        );
    }
}
