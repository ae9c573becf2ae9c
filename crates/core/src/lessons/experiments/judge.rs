//! Each rule's reading of the numbers ([`Metrics`]) into an outcome in English and Japanese,
//! and the transcript of a run as text.

use super::{Experiment, Metrics, Run, Target, Text};
use crate::input::model::Millis;

fn secs(ms: Millis) -> String {
    let s = ms as f64 / 1000.0;
    if ms % 1000 == 0 {
        format!("{}", ms / 1000)
    } else {
        format!("{s:.1}")
    }
}

/// The rule's reading of the numbers: the outcome in words, and whether the predicted failure
/// happened.
pub(super) fn judge(e: &Experiment, m: &Metrics) -> (Text, bool) {
    let (grace_ms, shutdown_ms) = match &e.target {
        Target::Pods {
            grace_ms,
            shutdown_ms,
            ..
        } => (*grace_ms, *shutdown_ms),
        Target::Ecs { .. } => (0, None),
    };
    match e.rule {
        // More than kube-proxy's one-second lag when pods go (a few per cent at most).
        "no-readiness-probe" => {
            let failed = m.errors * 20 > m.requests;
            let mut t = traffic(m);
            if !failed {
                t.en.push_str("; this app answers moments after it starts, so the window is short here: an app that needs seconds to warm up (sunaba/demo-app with STARTUP_SECONDS) fails for all of them");
                t.ja.push_str("。このアプリは起動直後に応答するため、ここでは隙間が短いだけです。暖機に数秒かかるアプリ（STARTUP_SECONDS を付けた sunaba/demo-app）では、その間ずっと失敗します");
            }
            (t, failed)
        }
        "single-replica-in-prod" => (traffic(m), m.errors * 4 > m.requests),
        "no-liveness-probe" => {
            let t = traffic(m);
            (
                Text::new(
                    format!("{}; {} restart(s)", t.en, m.restarts),
                    format!("{}、再起動 {} 回", t.ja, m.restarts),
                ),
                m.restarts == 0 && m.errors > 0,
            )
        }
        "no-memory-limit" => memory_outcome(m),
        "no-requests" => (
            Text::new(
                format!(
                    "{} pods, {} Pending; the nodes reserved {} m CPU in all",
                    m.pods_seen, m.pending_pods, m.cpu_requested_milli
                ),
                format!(
                    "Pod {} 個、Pending {} 個。ノードが確保した CPU は合計 {} m",
                    m.pods_seen, m.pending_pods, m.cpu_requested_milli
                ),
            ),
            m.cpu_requested_milli == 0 && m.pending_pods == 0,
        ),
        "latest-tag" => (
            Text::new(
                format!(
                    "{} image pull(s) for {} pod(s) and {} restart(s)",
                    m.image_pulls, m.pods_seen, m.restarts
                ),
                format!(
                    "Pod {} 個・再起動 {} 回で、イメージの取得は {} 回",
                    m.pods_seen, m.restarts, m.image_pulls
                ),
            ),
            m.image_pulls > m.pods_seen,
        ),
        "ignores-sigterm" | "grace-shorter-than-shutdown" => {
            termination_outcome(e.rule, m, grace_ms, shutdown_ms)
        }
        "no-health-check" => (
            Text::new(
                format!(
                    "{} task(s) replaced after failed health checks; {} running",
                    m.health_check_replacements, m.tasks_running
                ),
                format!(
                    "ヘルスチェック失敗で置き換えられたタスク {} 個、実行中 {} 個",
                    m.health_check_replacements, m.tasks_running
                ),
            ),
            m.health_check_replacements == 0,
        ),
        "secret-in-environment" => {
            if m.secret_visible {
                (
                    Text::new(
                        "the secret's value is in the output",
                        "出力に秘密の値が表示されています",
                    ),
                    true,
                )
            } else {
                (
                    Text::new(
                        "the output holds only a reference to the secret, not its value",
                        "出力にあるのは秘密への参照だけで、値はありません",
                    ),
                    false,
                )
            }
        }
        _ => (Text::new("", ""), false),
    }
}

/// Failed requests out of all, with their share.
fn traffic(m: &Metrics) -> Text {
    let pct = if m.requests == 0 {
        0.0
    } else {
        m.errors as f64 * 100.0 / m.requests as f64
    };
    Text::new(
        format!(
            "{} of {} requests failed ({pct:.1} %)",
            m.errors, m.requests
        ),
        format!(
            "{} 件中 {} 件のリクエストが失敗（{pct:.1} %）",
            m.requests, m.errors
        ),
    )
}

/// `no-memory-limit`: when the leak was OOMKilled, and at about what size (the demo app: 32 MiB,
/// then +16 MiB/s); failed when the limit did not stop it within a minute.
fn memory_outcome(m: &Metrics) -> (Text, bool) {
    match m.first_oom_after_ms {
        Some(t) => {
            let mib = 32 + t / 1000 * 16; // the demo app: 32 MiB, then +16 MiB/s
            (
                Text::new(
                    format!("OOMKilled after {} s, at about {mib} MiB", secs(t)),
                    format!("{} 秒後、約 {mib} MiB で OOMKilled", secs(t)),
                ),
                t > 60_000,
            )
        }
        None => (
            Text::new(
                "never OOMKilled: the leak kept growing into the node's memory",
                "OOMKilled にならず、リークはノードのメモリを食い続けました",
            ),
            true,
        ),
    }
}

/// `ignores-sigterm` and `grace-shorter-than-shutdown`: how long the pod was Terminating, whether
/// it was killed at the end of the grace period and whether that cut its shutdown short.
fn termination_outcome(
    rule: &str,
    m: &Metrics,
    grace_ms: Millis,
    shutdown_ms: Option<Millis>,
) -> (Text, bool) {
    match m.longest_terminating_ms {
        Some(t) => {
            let killed = t >= grace_ms;
            let cut = shutdown_ms.is_some_and(|s| s > t);
            let mut en = format!("the pod was Terminating for {} s", secs(t));
            let mut ja = format!("Pod は {} 秒間 Terminating でした", secs(t));
            if killed {
                en.push_str(&format!(
                    " (the whole grace period, {} s: SIGKILL)",
                    secs(grace_ms)
                ));
                ja.push_str(&format!(
                    "（猶予期間 {} 秒いっぱい: SIGKILL）",
                    secs(grace_ms)
                ));
            }
            if let Some(s) = shutdown_ms.filter(|_| cut) {
                en.push_str(&format!("; its shutdown needed {} s", secs(s)));
                ja.push_str(&format!("。終了処理には {} 秒必要でした", secs(s)));
            }
            let failed = if rule == "ignores-sigterm" {
                killed
            } else {
                cut
            };
            (Text::new(en, ja), failed)
        }
        None => (
            Text::new("no pod was stopped", "停止した Pod はありません"),
            false,
        ),
    }
}

/// The whole run as text: title, files, each command with its output, the outcome (for the
/// CLI and for shells that show a transcript).
pub fn transcript(run: &Run, ja: bool) -> String {
    use std::fmt::Write as _;
    let e = &run.experiment;
    let mut s = String::new();
    let _ = writeln!(s, "# {}", e.title.pick(ja));
    if !e.change.en.is_empty() {
        let _ = writeln!(s, "# {}", e.change.pick(ja));
    }
    for (name, text) in &e.files {
        let _ = writeln!(s, "## {name}");
        s.push_str(text);
        if !text.ends_with('\n') {
            s.push('\n');
        }
    }
    for step in &run.steps {
        let _ = writeln!(s, "$ {}", step.command);
        s.push_str(&step.output);
        if !step.output.is_empty() && !step.output.ends_with('\n') {
            s.push('\n');
        }
    }
    let _ = writeln!(s, "=> {}", run.outcome.pick(ja));
    s
}
