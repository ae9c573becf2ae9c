//! Exercise files: read with located errors, and the author's check that refuses an exercise
//! that is done before it starts or whose reference solution does not reach its goal.

use super::check::check;
use super::parse;
use super::run::Attempt;

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: p}}\nspec:\n  containers:\n    - {name: c, image: nginx:1.27}\n";

fn exercise(goal: &str, solution: &str) -> String {
    format!(
        "id: t
title: {{en: T, ja: T}}
summary: {{en: S, ja: S}}
start:
  files:
    p.yaml: |
{}
steps:
  - title: {{en: Run it, ja: 動かす}}
    text: {{en: Apply., ja: 適用。}}
    goal: {goal}
    solution: [{solution}]
",
        POD.lines()
            .map(|l| format!("      {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    )
}

#[test]
fn a_sound_exercise_passes_its_check() {
    let ex = parse(&exercise(
        "{pod: p, status: Running}",
        "kubectl apply -f p.yaml, sim wait 20s",
    ))
    .unwrap();
    assert_eq!(check(&ex), Ok(1));
}

#[test]
fn an_exercise_done_before_the_learner_starts_is_refused() {
    let ex = parse(&exercise("{nodes: all, count: 3}", "sim wait 1s")).unwrap();
    let e = check(&ex).unwrap_err();
    // The step's line in the file (after the six lines of the pod).
    assert_eq!(e.line, 14);
    assert!(e.message.contains("its goal already holds"), "{e:?}");
}

#[test]
fn a_solution_that_misses_the_goal_is_refused_with_the_failed_clauses() {
    let ex = parse(&exercise(
        "{pod: p, restarts: \">= 1\"}",
        "kubectl apply -f p.yaml, sim wait 20s",
    ))
    .unwrap();
    let e = check(&ex).unwrap_err();
    assert!(
        e.message.contains("does not reach the goal")
            && e.message.contains("pod/p: restarts is 0, want ≥ 1"),
        "{e:?}"
    );
    let ex = parse(&exercise(
        "{pod: p, status: Running}",
        "kubectl apply -f nope.yaml",
    ))
    .unwrap();
    let e = check(&ex).unwrap_err();
    assert!(
        e.message
            .contains("solution command \"kubectl apply -f nope.yaml\" failed"),
        "{e:?}"
    );
}

#[test]
fn mistakes_in_an_exercise_file_are_located() {
    let e = parse("id: Bad_Id\n").unwrap_err();
    assert_eq!((e.line, e.column), (1, 5));
    let text = exercise("{pod: p, status: Running}", "sim wait 1s").replace("text:", "txt:");
    let e = parse(&text).unwrap_err();
    assert_eq!(e.line, 15);
    assert!(
        e.message.starts_with("step: unknown field \"txt\""),
        "{e:?}"
    );
    let e = parse("id: t\ntitle: {en: T}\n").unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (2, "title: \"ja\" is required")
    );
    let e = parse("[not, a, mapping]").unwrap_err();
    assert!(e.message.contains("must be a mapping"), "{e:?}");
    let e = parse("id: t\nid: u\n").unwrap_err();
    assert!(e.message.contains("already defined"), "{e:?}");
    assert!(parse("").is_err());
    assert!(parse(&"x: [".repeat(200)).is_err());
}

#[test]
fn a_learner_who_stops_halfway_has_the_first_steps_done() {
    let ex = parse(&exercise(
        "{pod: p, status: Running}",
        "kubectl apply -f p.yaml, sim wait 20s",
    ))
    .unwrap();
    let mut a = Attempt::start(&ex).unwrap();
    a.run("kubectl get pods").unwrap();
    assert_eq!((a.progress.step, a.progress.failed_checks), (0, 1));
    a.run("kubectl apply -f p.yaml").unwrap();
    a.run("sim wait 20s").unwrap();
    assert!(a.finished());
}

#[test]
fn a_step_done_after_its_deadline_is_not_done_and_says_so() {
    let text = exercise(
        "{pod: p, status: Running}",
        "kubectl apply -f p.yaml, sim wait 20s",
    )
    .replace("    solution:", "    deadline: 2s\n    solution:");
    let ex = parse(&text).unwrap();
    let e = check(&ex).unwrap_err();
    assert!(
        e.message.contains("the step's deadline of 2s has passed"),
        "{e:?}"
    );
}

#[test]
fn hints_come_after_their_time_or_their_attempts() {
    let text = exercise(
        "{pod: p, status: Running}",
        "kubectl apply -f p.yaml, sim wait 20s",
    )
    .replace(
        "    solution:",
        "    hints:\n      - {en: at once, ja: すぐ}\n      - {en: later, ja: あとで, after: 1m}\n      - {en: tries, ja: 試行, attempts: 2}\n    solution:",
    );
    let ex = parse(&text).unwrap();
    let mut a = Attempt::start(&ex).unwrap();
    let shown = |a: &Attempt| {
        a.hints()
            .iter()
            .map(|h| h.text.en.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(shown(&a), ["at once"]);
    a.run("kubectl get pods").unwrap();
    a.run("kubectl get nodes").unwrap();
    assert_eq!(shown(&a), ["at once", "tries"]);
    a.world.advance_by(60_000);
    assert_eq!(shown(&a), ["at once", "later", "tries"]);
}

#[test]
fn show_solution_plays_the_step_and_a_step_can_be_started_again() {
    let ex = parse(&exercise(
        "{pod: p, status: Running}",
        "kubectl apply -f p.yaml, sim wait 20s",
    ))
    .unwrap();
    let mut a = Attempt::start(&ex).unwrap();
    let played = a.show_solution();
    assert_eq!(played.len(), 2);
    assert!(played.iter().all(|(_, r)| r.is_ok()));
    assert!(a.finished());
    let again = Attempt::at_step(&ex, 0).unwrap();
    assert_eq!((again.step(), again.world.now_ms()), (0, 0));
    let done = Attempt::at_step(&ex, 1).unwrap();
    assert!(done.finished());
}

#[test]
fn the_lesson_view_shows_steps_done_clauses_and_hints_as_data() {
    let ex = parse(&exercise(
        "{pod: p, status: Running}",
        "kubectl apply -f p.yaml, sim wait 20s",
    ))
    .unwrap();
    let mut a = Attempt::start(&ex).unwrap();
    a.run("kubectl get pods").unwrap();
    let v = super::view::lesson_view(&a);
    assert_eq!((v.step, v.finished, v.steps[0].done), (0, false, false));
    assert_eq!(v.clauses[0].reason.en, "pod/p does not exist");
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["steps"][0]["text_en"][0][0]["kind"], "text");
    a.run("kubectl apply -f p.yaml").unwrap();
    a.run("sim wait 20s").unwrap();
    let v = super::view::lesson_view(&a);
    assert_eq!((v.step, v.finished, v.steps[0].done), (1, true, true));
}
