//! An exercise done in a session: the same goals as `sunaba exercise grade`, looked at after
//! commands, edits and as the clock plays; steps told to listeners; deep links and resets.

use std::cell::RefCell;
use std::rc::Rc;

use super::*;
use sunaba_core::lessons::exercise::{parse, Exercise};

fn exercise(source: &str) -> Rc<Exercise> {
    Rc::new(parse(source).expect("the exercise reads"))
}

fn self_healing() -> Rc<Exercise> {
    exercise(include_str!("../../../../www/exercises/self-healing.yaml"))
}

fn step_of(s: &Session) -> usize {
    s.lesson_view().expect("in a lesson").step
}

#[test]
fn commands_typed_in_the_session_do_the_steps_and_listeners_hear_each_one() {
    let s = Session::for_exercise(self_healing(), 0).unwrap();
    let heard = Rc::new(RefCell::new(Vec::new()));
    s.on_step_passed({
        let heard = heard.clone();
        Rc::new(move |p: &StepPassed| heard.borrow_mut().push((p.step, p.finished)))
    });
    assert_eq!(step_of(&s), 0);
    // The exercise's file is what the command reads (no `editor.yaml` here).
    s.run("kubectl apply -f web.yaml").unwrap();
    assert_eq!(step_of(&s), 0, "the pods are not ready yet");
    let v = s.lesson_view().unwrap();
    assert!(v
        .clauses
        .iter()
        .any(|c| !c.passed && c.reason.en.contains("ready")));
    s.run("sim wait 30s").unwrap();
    assert_eq!(step_of(&s), 1);
    s.run("sim kill -l app=web").unwrap();
    s.run("sim wait 10s").unwrap();
    assert_eq!(step_of(&s), 2);
    s.run("kubectl delete pod -l app=web").unwrap();
    // The clock playing (frames) is enough: no command needed for "done" to appear.
    for _ in 0..40 {
        s.on_frame(1000.0);
    }
    let v = s.lesson_view().unwrap();
    assert!(v.finished, "{:?}", v.clauses);
    assert_eq!(*heard.borrow(), vec![(0, false), (1, false), (2, true)]);
    assert!(s.snapshot().lesson.is_some_and(|l| l.finished));
}

#[test]
fn the_page_and_the_cli_grade_the_same_commands_alike() {
    let ex = self_healing();
    let lines = [
        "kubectl apply -f web.yaml",
        "sim wait 30s",
        "kubectl get pods",
    ];
    let s = Session::for_exercise(ex.clone(), 0).unwrap();
    let mut a = sunaba_core::lessons::exercise::run::Attempt::start(&ex).unwrap();
    for line in lines {
        let _ = s.run(line);
        let _ = a.run(line);
    }
    let page = s.lesson_view().unwrap();
    let cli = sunaba_core::lessons::exercise::view::lesson_view(&a);
    assert_eq!((page.step, &page.clauses), (cli.step, &cli.clauses));
    assert_eq!(s.now_ms(), a.world.now_ms());
}

#[test]
fn a_deep_link_starts_at_its_step_after_the_earlier_solutions_and_tells_nobody() {
    let heard = Rc::new(RefCell::new(0));
    let s = Session::for_exercise(self_healing(), 2).unwrap();
    s.on_step_passed({
        let heard = heard.clone();
        Rc::new(move |_: &StepPassed| *heard.borrow_mut() += 1)
    });
    assert_eq!(step_of(&s), 2);
    // The solutions ran in the terminal, visibly.
    let log = s.snapshot().log;
    assert!(log.iter().any(|e| e.command == "sim kill -l app=web"));
    // Reset step: back to the start of the same step.
    s.run("kubectl delete deployment web").unwrap();
    s.start_lesson(s.exercise().unwrap(), 2).unwrap();
    assert_eq!(step_of(&s), 2);
    assert_eq!(
        s.cluster_view()
            .nodes
            .iter()
            .map(|n| n.pods.len())
            .sum::<usize>(),
        3
    );
    assert_eq!(*heard.borrow(), 0);
    // A step past the end is the finished exercise.
    let done = Session::for_exercise(self_healing(), 99).unwrap();
    assert!(done.lesson_view().unwrap().finished);
}

#[test]
fn show_solution_plays_the_step_in_the_terminal_and_stops_when_it_is_done() {
    let s = Session::for_exercise(self_healing(), 0).unwrap();
    s.play_solution();
    assert_eq!(step_of(&s), 1);
    let commands: Vec<String> = s.snapshot().log.iter().map(|e| e.command.clone()).collect();
    assert_eq!(commands, ["kubectl apply -f web.yaml", "sim wait 30s"]);
}

#[test]
fn the_timeline_does_not_rewind_during_an_exercise_and_reset_restarts_it() {
    let s = Session::for_exercise(self_healing(), 0).unwrap();
    s.run("kubectl apply -f web.yaml").unwrap();
    s.advance_by(5_000);
    assert!(s.seek(1_000).unwrap_err().contains("Reset step"));
    s.reset(42);
    assert_eq!((step_of(&s), s.now_ms()), (0, 0));
    assert!(s.snapshot().log.is_empty());
}

/// An exercise whose goal is about the editor's file, and whose editor is a Dockerfile.
const FILES: &str = r#"
id: files
title: {en: Files, ja: ファイル}
summary: {en: Edit., ja: 編集。}
panels: [editor, terminal]
start:
  files:
    app.yaml: |
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app
      data:
        mode: debug
  editor: app.yaml
steps:
  - title: {en: Set the mode, ja: モードを設定}
    text: {en: Set `mode` to `prod`., ja: "`mode` を `prod` に。"}
    goal:
      file: app.yaml
      path: data.mode
      equals: prod
    solution:
      - {file: app.yaml, replace: "mode: debug", with: "mode: prod"}
"#;

#[test]
fn the_editor_edits_the_exercises_file_and_an_edit_alone_can_do_a_step() {
    let s = Session::for_exercise(exercise(FILES), 0).unwrap();
    assert!(s.editor().contains("mode: debug"));
    assert_eq!(s.editor_path(), "app.yaml");
    s.set_editor(&s.editor().replace("debug", "prod"));
    assert!(s.lesson_view().unwrap().finished);
    // Apply reads the same file under its own name.
    s.apply_editor().unwrap();
    assert_eq!(s.snapshot().log[0].command, "kubectl apply -f app.yaml");
}

/// Every exercise of the workshop can be done in the page as the CLI's check does it: each
/// step's reference solution, played through the session, does the step.
#[test]
fn every_exercise_of_the_workshop_can_be_done_in_a_session() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/exercises");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| !p.ends_with("course.yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 16, "{names:?}");
    for path in names {
        let ex = exercise(&std::fs::read_to_string(&path).unwrap());
        let s = Session::for_exercise(ex.clone(), 0).unwrap();
        for i in 0..ex.steps.len() {
            assert_eq!(step_of(&s), i, "{}", path.display());
            s.play_solution();
            let v = s.lesson_view().unwrap();
            assert_eq!(
                v.step,
                i + 1,
                "{}: step {} not done: {:?}",
                path.display(),
                i + 1,
                v.clauses
            );
        }
        assert!(s.lesson_view().unwrap().finished, "{}", path.display());
    }
}
