//! `sim wait|compress|seed`: virtual time, Kubernetes' timings and the random seed.

use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::world::World;

/// `sim wait DURATION`: virtual time passes (at most 30 days at once).
pub(super) fn wait(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let d = a
        .positional
        .first()
        .ok_or_else(|| CommandError::new("error: usage: sim wait DURATION (500ms, 30s, 2m, 1h)"))?;
    let ms = crate::base::clock::parse_duration(d)
        .map_err(|e| CommandError::new(format!("error: {e}")))?;
    if ms > crate::base::clock::MAX_WAIT_MS {
        return err("error: sim wait accepts at most 30 days at once");
    }
    w.advance_by(ms);
    Ok(format!(
        "t={}\n",
        crate::base::clock::human_duration(w.k.now_ms)
    ))
}

/// `sim compress N`: Kubernetes' timings divided by N (1 = the real ones).
pub(super) fn compress(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let n: u32 = a
        .positional
        .first()
        .and_then(|s| {
            s.trim_start_matches('x')
                .trim_start_matches('×')
                .parse()
                .ok()
        })
        .filter(|n| (1..=60).contains(n))
        .ok_or_else(|| {
            CommandError::new(
                "error: usage: sim compress N (1 = real Kubernetes timings, up to 60)",
            )
        })?;
    w.k.compression = n;
    let div = |ms: u64| crate::base::clock::go_duration(ms / u64::from(n));
    Ok(if n == 1 {
        "timings are Kubernetes' real ones: back-off 10s…5m, node grace 50s, eviction after 5m\n"
            .to_string()
    } else {
        format!(
            "timings compressed ×{n} (not Kubernetes' real ones): back-off {}…{}, node grace {}, eviction after {}\n",
            div(crate::sim::kubelet::BACK_OFF_INITIAL_MS),
            div(crate::sim::kubelet::BACK_OFF_MAX_MS),
            div(crate::sim::kubelet::NODE_MONITOR_GRACE_MS),
            div(crate::sim::kubelet::EVICTION_TOLERATION_MS)
        )
    })
}

/// `sim seed N`: the random generator restarted from seed N.
pub(super) fn seed(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let seed: u64 = a
        .positional
        .first()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| CommandError::new("error: usage: sim seed N (a non-negative integer)"))?;
    w.k.seed = seed;
    w.k.rng = crate::base::rng::SimRng::new(seed);
    Ok(format!("seed set to {seed}\n"))
}
