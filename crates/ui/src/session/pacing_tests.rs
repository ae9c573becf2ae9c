//! Narration in the session and slowing down at key moments.

use super::*;
use crate::example::DEFAULT_DEFINITION;
use sunaba_core::world::narration::Language;

const CRASHER: &str = include_str!("../../../../www/examples/crashloop.yaml");

/// A session with the default example running.
fn running() -> Session {
    let s = Session::new(7, DEFAULT_DEFINITION);
    s.run("kubectl apply -f editor.yaml").unwrap();
    s.advance_by(30_000);
    s
}

fn first_pod(s: &Session) -> String {
    s.cluster_view().nodes[0].pods[0].name.clone()
}

#[test]
fn a_killed_pod_is_narrated_newest_first_in_both_languages() {
    let s = running();
    let pod = first_pod(&s);
    s.run(&format!("sim kill {pod}")).unwrap();
    // Created again at once; nginx's image takes 0.2 s to start.
    s.advance_by(1_000);
    let snap = s.snapshot();
    let newest = &snap.narration[0];
    assert_eq!(newest.kind(), NarrationKind::Restart);
    assert_eq!(newest.object, format!("pod/{pod}"));
    assert!(newest
        .text(Language::En)
        .contains("the kubelet restarted it (restart 1)"));
    assert!(newest.text(Language::Ja).contains("再起動 1 回目"));
    assert!(snap.narration.len() <= NARRATION_SHOWN_MAX);
    // The line points at the event it tells: the kubelet's Started, in the kept trace.
    let event = snap
        .trace
        .iter()
        .find(|i| i.seq == newest.seq)
        .expect("event");
    assert_eq!(event.event.reason, "Started");
    // A reset starts the narration over.
    s.reset(7);
    assert!(s.snapshot().narration.is_empty());
}

#[test]
fn slowing_down_holds_the_clock_at_a_key_moment_then_goes_on() {
    let s = Session::new(7, CRASHER);
    s.run("kubectl apply -f editor.yaml").unwrap();
    s.set_speed(60);
    s.set_slow_at_key_moments(true);
    // 16 ms frames at ×60: about 1 s of virtual time each.
    let mut frames = 0;
    while s.slowed().is_none() && frames < 600 {
        s.on_frame(16.0);
        frames += 1;
    }
    let held = s.slowed().expect("the first crash holds the clock");
    assert_eq!(held.kind, NarrationKind::Restart);
    let at = s.now_ms();
    let line = &s.snapshot().narration[0];
    assert_eq!(
        line.time_ms, at,
        "the clock stops at the very moment, not a frame later"
    );
    // 1.5 s of real time: the clock stays put, and says why.
    for _ in 0..90 {
        s.on_frame(16.0);
    }
    assert_eq!(s.now_ms(), at);
    assert!(s.snapshot().slowed.is_some());
    assert!(s.on_frame(100.0), "the hold ends: the views redraw");
    assert!(s.slowed().is_none());
    s.on_frame(16.0);
    assert!(s.now_ms() > at, "and time goes on");
}

#[test]
fn without_slowing_down_the_clock_never_holds() {
    let s = Session::new(7, CRASHER);
    s.run("kubectl apply -f editor.yaml").unwrap();
    s.set_speed(60);
    for _ in 0..600 {
        s.on_frame(16.0);
    }
    assert!(s.slowed().is_none());
    assert!(s.now_ms() > 500_000);
    assert!(s
        .snapshot()
        .narration
        .iter()
        .any(|l| l.kind().is_key_moment()));
}

#[test]
fn a_key_moment_from_a_command_holds_at_the_next_frame_and_pausing_ends_a_hold() {
    let s = running();
    let pod = first_pod(&s);
    // Restarted once (its image started), the next kill is a crash that waits: a key moment
    // in the instant of the command.
    s.run(&format!("sim kill {pod}")).unwrap();
    s.advance_by(1_000);
    s.set_slow_at_key_moments(true);
    s.run(&format!("sim kill {pod}")).unwrap();
    let at = s.now_ms();
    assert!(s.on_frame(16.0), "the hold begins: the views redraw");
    assert_eq!(s.now_ms(), at);
    assert!(s.slowed().is_some());
    s.set_playing(false);
    s.on_frame(16.0);
    assert!(s.slowed().is_none());
}
