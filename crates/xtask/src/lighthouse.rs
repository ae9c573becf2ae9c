//! The second half of `cargo xtask bench browser`: Lighthouse on the site's pages, first and
//! repeat visits, and each page's first-visit transfer against its budget
//! (`tests/e2e/budget.json`), all measured by `tests/e2e/lighthouse.mjs`. Numbers are printed,
//! never asserted: only a page that cannot be measured fails the run.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::util::{self, Result};

/// Runs `tests/e2e/lighthouse.mjs` against the site served at `url` (built from `dist`).
pub fn bench(root: &Path, url: &str) -> Result {
    let mut cmd = Command::new("node");
    cmd.current_dir(root).args([
        "tests/e2e/lighthouse.mjs",
        url,
        "--dist",
        "dist",
        "--budget",
        "tests/e2e/budget.json",
        "--out",
        "target/bench/lighthouse.json",
    ]);
    // Three Lighthouse runs with simulated throttling take a few minutes on a busy machine.
    match util::run_with_timeout(&mut cmd, Duration::from_secs(900))? {
        true => Ok(()),
        false => Err("the Lighthouse measurement failed".into()),
    }
}
