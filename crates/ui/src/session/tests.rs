//! The session's tests: replay, seek and branch, listeners, files, the Dockerfile panel.

use super::files::{files_with, files_with_dockerfile};
use super::*;
use crate::example::DEFAULT_DEFINITION;
use sunaba_core::input::files::FileSource;

#[test]
fn session_files_read_and_list_like_a_map_of_the_same_files() {
    let files = files_with_dockerfile("FROM scratch\n");
    let mut map = sunaba_core::MapFiles::default();
    for (p, t) in EXAMPLE_FILES {
        map.0.insert((*p).to_string(), (*t).to_string());
    }
    map.0.insert(DOCKERFILE.into(), "FROM scratch\n".into());
    map.0.insert(EDITOR_FILE.into(), String::new());
    for dir in [
        "",
        ".",
        "app",
        "kustomize/overlays",
        "ecs/environments/staging",
        "nope",
    ] {
        assert_eq!(files.list(dir), map.list(dir), "{dir}");
    }
    for (p, _) in EXAMPLE_FILES {
        assert_eq!(files.read(p), map.read(p), "{p}");
    }
    assert_eq!(files.read(DOCKERFILE).as_deref(), Ok("FROM scratch\n"));
    assert_eq!(files.read("nope.yaml"), map.read("nope.yaml"));
    assert_eq!(
        files_with("kind: Pod").read(EDITOR_FILE).as_deref(),
        Ok("kind: Pod")
    );
}

/// What a learner sees, for comparing two sessions.
fn seen(s: &Session) -> (u64, ClusterView, Vec<EventView>, Vec<String>) {
    let log = s
        .snapshot()
        .log
        .iter()
        .map(|e| e.command.clone() + &e.output)
        .collect();
    (s.now_ms(), s.cluster_view(), s.event_views(500), log)
}

fn first_pod(s: &Session) -> String {
    let view = s.cluster_view();
    view.nodes
        .iter()
        .flat_map(|n| n.pods.iter())
        .next()
        .map(|p| p.name.clone())
        .expect("a running pod")
}

/// A session driven like the frame loop does: odd-sized chunks, commands in between.
fn played() -> Session {
    let s = Session::new(7, DEFAULT_DEFINITION);
    s.apply_editor().expect("the default definition applies");
    for chunk in [16, 17, 1_000, 333, 20_000] {
        s.advance_by(chunk);
    }
    let pod = first_pod(&s);
    s.run(&format!("sim kill {pod}")).expect("kill");
    s.set_editor("not: [valid");
    s.advance_by(4_567);
    s.run("kubectl scale deployment/nginx-deployment --replicas=5")
        .expect("scale");
    for _ in 0..30 {
        s.advance_by(1_001);
    }
    s
}

#[test]
fn a_journal_replays_to_the_same_state() {
    let a = played();
    let b = Session::new(99, "");
    b.load(a.origin(), a.journal(), a.now_ms());
    assert_eq!(seen(&a), seen(&b));
    // The apply replayed the text it saw then, not the editor's later (invalid) text.
    assert!(b.journal()[0].editor.as_deref() == Some(DEFAULT_DEFINITION));
}

#[test]
fn seeking_back_then_playing_on_reaches_the_same_state() {
    let a = played();
    let end = a.now_ms();
    let head = seen(&a);
    a.seek(5_000).expect("seek");
    assert_eq!(a.now_ms(), 5_000);
    assert!(!a.clock().playing, "a seek pauses");
    let t = a.timeline();
    assert_eq!(t.horizon_ms, end);
    assert_eq!(t.ahead, 2, "the kill and the scale lie ahead");
    a.advance_by(end - 5_000);
    assert_eq!(seen(&a), head);
}

#[test]
fn running_a_command_in_the_past_branches() {
    let a = played();
    a.seek(5_000).expect("seek");
    a.run("kubectl get pods").expect("get");
    let t = a.timeline();
    assert_eq!(t.ahead, 0);
    assert_eq!(t.horizon_ms, 5_000);
    assert_eq!(
        a.journal().len(),
        2,
        "apply + the new command; the future is gone"
    );
}

#[test]
fn seeking_clamps_to_the_horizon_and_reset_starts_over() {
    let a = played();
    let end = a.now_ms();
    a.seek(u64::MAX).expect("seek");
    assert_eq!(a.now_ms(), end);
    a.reset(3);
    assert_eq!(a.now_ms(), 0);
    assert!(a.journal().is_empty());
    assert_eq!(a.timeline().seed, 3);
    assert!(a.snapshot().log.is_empty());
}

#[test]
fn listeners_hear_every_event_and_may_run_commands() {
    let s = Rc::new(Session::new(1, DEFAULT_DEFINITION));
    let heard = Rc::new(RefCell::new(Vec::<String>::new()));
    let id = {
        let (heard, inner) = (heard.clone(), Rc::downgrade(&s));
        s.subscribe(Rc::new(move |events: &[TraceEvent]| {
            heard
                .borrow_mut()
                .extend(events.iter().map(|e| e.reason.to_string()));
            // Re-entrancy: a listener may drive the session.
            if let Some(s) = inner.upgrade() {
                if events
                    .iter()
                    .any(|e| e.reason == sunaba_core::sim::event_reason::Reason::Killing)
                {
                    let _ = s.run("kubectl get pods");
                }
            }
        }))
    };
    s.apply_editor().expect("apply");
    s.advance_by(60_000);
    assert!(heard.borrow().iter().any(|r| r == "Scheduled"));
    assert!(heard.borrow().iter().any(|r| r == "Started"));
    let pod = first_pod(&s);
    s.run(&format!("sim kill {pod}")).expect("kill");
    s.advance_by(1_000);
    assert!(s.unsubscribe(id));
    assert!(!s.unsubscribe(id));
    let count = heard.borrow().len();
    s.advance_by(60_000);
    assert_eq!(heard.borrow().len(), count, "no events after unsubscribing");
}

#[test]
fn apply_registers_an_ecs_task_definition_when_the_editor_holds_one() {
    let task = include_str!("../../../../www/examples/ecs/web-fargate.task.json");
    assert_eq!(apply_command_for(task), ECS_REGISTER_COMMAND);
    assert_eq!(apply_command_for(DEFAULT_DEFINITION), APPLY_COMMAND);
    assert_eq!(apply_command_for("not: [valid"), APPLY_COMMAND);
    let s = Session::new(1, task);
    let out = s.apply_editor().expect("registered");
    assert!(out.contains("task-definition/web:1"), "{out}");
    assert_eq!(
        s.snapshot().log.last().map(|e| e.command.as_str()),
        Some(ECS_REGISTER_COMMAND)
    );
    // The journal keeps the text, so a replay registers the same revision.
    let b = Session::new(9, "");
    b.load(s.origin(), s.journal(), s.now_ms());
    assert_eq!(
        b.run("aws ecs describe-task-definition --task-definition web:1")
            .map(|o| o.contains("nginx:1.27")),
        Ok(true)
    );
}

#[test]
fn the_dockerfile_panel_sees_the_built_image_and_pushes_to_the_contexts_ecr() {
    let s = Session::new(1, DEFAULT_DEFINITION);
    let before = s.snapshot().docker;
    assert_eq!(before.image, None, "nothing built yet");
    assert!(!before.repository_exists);
    let registry = before.registry.clone().expect("the sandbox account");
    assert!(registry.ends_with(".amazonaws.com"), "{registry}");
    s.set_dockerfile(&EXAMPLE_DOCKERFILE.replace("USER node", "ENV TIER=gold\nUSER node"));
    s.run("sim build -t shop:1.0 app").expect("build");
    let image = s.snapshot().docker.image.clone().expect("built");
    assert!(image.runtime_bytes > 0 && image.dependencies_bytes > 0 && image.code_bytes > 0);
    assert!(
        image.env.iter().any(|(k, v)| k == "TIER" && v == "gold"),
        "the panel's text was built"
    );
    for line in [
        "aws ecr create-repository --repository-name shop".to_owned(),
        format!("sim tag shop:1.0 {registry}/shop:1.0"),
        format!("sim push {registry}/shop:1.0"),
    ] {
        s.run(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
    }
    assert!(s.snapshot().docker.repository_exists);
}

#[test]
fn step_goes_to_the_next_wakeup() {
    let s = Session::new(1, DEFAULT_DEFINITION);
    s.apply_editor().expect("apply");
    let before = s.now_ms();
    let at = s.step_to_next().expect("pulls are scheduled");
    assert!(at > before);
    assert_eq!(s.now_ms(), at);
}

#[test]
fn a_command_or_step_that_moves_the_clock_says_by_how_much_and_playing_does_not() {
    let s = Session::new(1, DEFAULT_DEFINITION);
    s.apply_editor().unwrap();
    assert_eq!(s.jump(), None, "an apply settles in place");
    let at = s.step_to_next().expect("pulls are scheduled");
    if at >= JUMP_SHOWN_MIN_MS {
        assert_eq!(s.jump().unwrap().cause, JumpCause::Step);
    } else {
        assert_eq!(s.jump(), None, "a step under a second is not a jump");
    }
    let from = s.now_ms();
    s.run("sim wait 10m").unwrap();
    let jump = s.jump().expect("a jump");
    assert_eq!((jump.from_ms, jump.to_ms), (from, from + 600_000));
    assert_eq!(jump.cause, JumpCause::Command("sim wait 10m".into()));
    assert_eq!(s.snapshot().log.last().unwrap().advanced_ms, 600_000);
    // Playing moves the clock continuously: not a jump.
    s.set_playing(true);
    for _ in 0..50 {
        s.on_frame(100.0);
    }
    assert_eq!(s.jump().unwrap().to_ms, from + 600_000);
    s.run("kubectl get pods").unwrap();
    assert_eq!(s.snapshot().log.last().unwrap().advanced_ms, 0);
    s.reset(1);
    assert_eq!(s.jump(), None);
}

#[test]
fn reset_returns_to_the_state_the_playground_opened_in() {
    let opened = || {
        let s = Session::new(1, DEFAULT_DEFINITION);
        s.apply_editor().unwrap();
        s.mark_opening();
        s
    };
    let fresh = opened();
    let s = opened();
    s.advance_by(40_000);
    s.run("kubectl scale deployment/nginx-deployment --replicas=1")
        .unwrap();
    s.set_editor("# my own text\n");
    s.reset(1);
    assert_eq!(s.cluster_view(), fresh.cluster_view());
    assert_eq!(s.now_ms(), 0);
    assert_eq!(s.snapshot().log.len(), 1, "the opening apply, once");
    assert_eq!(
        &*s.editor(),
        "# my own text\n",
        "the learner's text is kept"
    );
    s.advance_by(40_000);
    fresh.advance_by(40_000);
    assert_eq!(seen(&s).1, seen(&fresh).1);
}

/// An embed with `cluster: {nodes: 2, …}` starts with two nodes that joined once: the setup
/// replacing the default three is not shown as something that happened to this cluster (no
/// `RemovingNode` for a node that is Ready), before or after a seek rebuilds the world, and the
/// world runs exactly as one whose setup events were kept.
#[test]
fn a_setup_cluster_shows_only_its_own_nodes_joining() {
    let setup = "sim nodes 2 --cpu 4 --memory 8Gi";
    let s = Session::with_origin(
        Origin {
            seed: 2,
            setup: vec![setup.into()],
        },
        DEFAULT_DEFINITION,
    );
    let joined = |s: &Session| -> Vec<String> {
        s.event_views(EVENTS_SHOWN_MAX)
            .iter()
            .filter(|e| e.object.starts_with("node/"))
            .map(|e| format!("{:?} {} ×{}", e.reason, e.object, e.count))
            .collect()
    };
    let expected = [
        "Starting node/node-1 ×1",
        "RegisteredNode node/node-1 ×1",
        "Starting node/node-2 ×1",
        "RegisteredNode node/node-2 ×1",
    ];
    assert_eq!(joined(&s), expected);
    s.apply_editor().expect("apply");
    s.advance_by(60_000);
    assert_eq!(joined(&s), expected);
    let printed = s.run("kubectl get events").expect("get events");
    assert!(!printed.contains("RemovingNode"), "{printed}");
    assert!(!printed.contains("node-3"), "{printed}");

    let mut kept = World::new(2);
    sunaba_core::run(&mut kept, setup, &files_with("")).expect("setup");
    sunaba_core::run(&mut kept, APPLY_COMMAND, &files_with(DEFAULT_DEFINITION)).expect("apply");
    kept.advance_to(60_000);
    assert_eq!(s.cluster_view(), kept.cluster_view());

    s.seek(30_000).expect("seek");
    assert_eq!(joined(&s), expected);
}
