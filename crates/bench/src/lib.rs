//! The core benchmark as one workload with two runners: natively (`src/main.rs`, what `cargo
//! xtask bench core` runs) and compiled to Wasm in headless Chromium (`run_in_browser`, called
//! by `tests/e2e/core_bench.mjs`). Both run the same sections on the same seeds; each section
//! reports its rate and a digest of what the simulation decided (SHA-256 over the bound nodes or
//! the trace), so the two runs can be compared number for number and checked to be the same
//! simulation. Time comes from the runner's clock (`Instant` natively, `performance.now()` in
//! the page): the core itself never reads one.

mod workloads;

use serde::Serialize;

/// One measured section.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// Stable key, the same natively and in Wasm (`scheduler/5000`).
    pub key: String,
    /// What the number counts, per second of wall time (`decisions/s`).
    pub unit: &'static str,
    /// The rate: units per second of wall time.
    pub rate: f64,
    /// Wall time the measured part took, seconds.
    pub seconds: f64,
    /// What else to know (pods, bound, virtual time…).
    pub detail: String,
    /// SHA-256 (first 16 hex digits) of what the simulation decided.
    pub digest: String,
}

/// The section names `only` may select.
pub const SECTIONS: &[&str] = &["scheduler", "ledger", "end-to-end", "crash-wave", "ecs"];

/// Runs the sections (`only`: one of [`SECTIONS`], or all), timing with `clock` (milliseconds).
/// Each section runs twice and keeps its faster run: the first run in a page also pays for
/// the Wasm engine compiling hot code with its optimising tier. A section whose two runs
/// decided differently is reported with both digests joined, so the comparison fails.
pub fn run(only: Option<&str>, clock: &dyn Fn() -> f64) -> Vec<Section> {
    let first = run_once(only, clock);
    let second = run_once(only, clock);
    first
        .into_iter()
        .zip(second)
        .map(|(a, b)| {
            let digest = if a.digest == b.digest {
                a.digest.clone()
            } else {
                format!("{}≠{}", a.digest, b.digest)
            };
            let mut best = if b.seconds < a.seconds { b } else { a };
            best.digest = digest;
            best
        })
        .collect()
}

fn run_once(only: Option<&str>, clock: &dyn Fn() -> f64) -> Vec<Section> {
    let on = |name: &str| only.is_none_or(|o| o == name);
    let mut out = Vec::new();
    if on("scheduler") {
        out.push(workloads::scheduler(500, 5_000, false, clock));
        out.push(workloads::scheduler(5_000, 50_000, false, clock));
    }
    if on("ledger") {
        out.push(workloads::scheduler(500, 5_000, true, clock));
        out.push(workloads::scheduler(5_000, 50_000, true, clock));
    }
    if on("end-to-end") {
        out.push(workloads::end_to_end(500, 5_000, clock));
        out.push(workloads::end_to_end(5_000, 20_000, clock));
    }
    if on("crash-wave") {
        out.push(workloads::crash_wave(clock));
    }
    if on("ecs") {
        out.extend(workloads::ecs(100, 1_000, clock));
        out.extend(workloads::ecs(300, 1_000, clock));
    }
    out
}

/// The sections as a table, one line each.
pub fn table(sections: &[Section]) -> String {
    sections
        .iter()
        .map(|s| {
            format!(
                "{:<20} {:>12.0} {:<13} {:>8.2} s  {}  ({})\n",
                s.key, s.rate, s.unit, s.seconds, s.digest, s.detail
            )
        })
        .collect()
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance)]
        fn now() -> f64;
    }

    /// The sections run in this page, as JSON (`only`: a section name, or empty for all).
    #[wasm_bindgen]
    pub fn run_in_browser(only: &str) -> String {
        let only = (!only.is_empty()).then_some(only);
        let sections = super::run(only, &now);
        serde_json::to_string(&sections).unwrap_or_else(|_| "[]".into())
    }
}
