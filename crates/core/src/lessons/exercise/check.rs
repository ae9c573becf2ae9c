//! The author's check: an exercise ships only if it can be done and is not done already. For
//! each step, the world as the earlier steps' reference solutions leave it must fail the step's
//! goal, and the step's own solution must reach it (within the deadline, if there is one).

use super::model::{Action, Exercise};
use super::run::Attempt;
use crate::lessons::goals::eval::Verdict;

/// Why an exercise is unsound: which step (its 1-based line in the file), and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsound {
    pub line: usize,
    pub message: String,
}

/// The failed clauses of a verdict, one per line, indented by depth.
pub fn failed_clauses(v: &Verdict) -> String {
    v.clauses
        .iter()
        .filter(|c| !c.passed)
        .map(|c| format!("{}✗ {}\n", "  ".repeat(c.depth + 1), c.reason.en))
        .collect()
}

/// Plays every step's reference solution in order and checks each goal before and after.
/// Returns the number of steps checked.
pub fn check(exercise: &Exercise) -> Result<usize, Unsound> {
    let mut attempt = Attempt::start(exercise).map_err(|e| Unsound {
        line: 1,
        message: format!("setup command \"{}\" failed: {}", e.command, e.message),
    })?;
    for (i, step) in exercise.steps.iter().enumerate() {
        let n = i + 1;
        if attempt.look() {
            return Err(Unsound {
                line: step.line,
                message: format!(
                    "step {n} ({}) is done before the learner does anything: its goal already holds",
                    step.title.en
                ),
            });
        }
        for action in &step.solution {
            if attempt.progress.step > i {
                break;
            }
            if let Err(e) = attempt.act(action) {
                let what = match action {
                    Action::Run(line) => format!("command \"{line}\""),
                    Action::Write { path, .. } | Action::Replace { path, .. } => {
                        format!("change to {path}")
                    }
                };
                return Err(Unsound {
                    line: step.line,
                    message: format!(
                        "step {n} ({}): solution {what} failed: {}",
                        step.title.en, e.message
                    ),
                });
            }
        }
        if attempt.progress.step == i {
            let why = attempt
                .progress
                .verdict
                .as_ref()
                .map(failed_clauses)
                .unwrap_or_default();
            return Err(Unsound {
                line: step.line,
                message: format!(
                    "step {n} ({}): the reference solution does not reach the goal:\n{why}",
                    step.title.en
                ),
            });
        }
    }
    Ok(exercise.steps.len())
}
