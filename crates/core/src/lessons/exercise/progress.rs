//! Where a learner stands in an exercise, apart from the world they act on: the step being
//! done, when it began, what happened since (events, commands), what its `unchanged` clauses
//! compare with, and the latest look at its goal.
//!
//! A shell that owns its world — the page's session, with its journal and frame loop — keeps a
//! `Progress` beside it and calls [`Progress::heard`] with every event the world emits,
//! [`Progress::ran`] with every command line, and [`Progress::look`] after commands and as time
//! passes. [`super::run::Attempt`] is exactly that around a world of its own (the CLI, the check).

use super::model::{Exercise, Hint};
use crate::input::files::FileSource;
use crate::input::model::Millis;
use crate::lessons::experiments::Text;
use crate::lessons::goals::eval::{evaluate, Baseline, Clause, Look, Memory, Verdict};
use crate::sim::events::TraceEvent;
use crate::world::World;

/// Events kept per step for `event` clauses (older ones are dropped first).
pub const STEP_EVENTS_MAX: usize = 100_000;
/// Commands kept per step for `commands-not-used`.
pub const STEP_COMMANDS_MAX: usize = 10_000;

/// One learner's place in one exercise.
#[derive(Clone, Debug)]
pub struct Progress {
    /// The step being done (`steps.len()` once all are done).
    pub step: usize,
    pub step_began_ms: Millis,
    events: Vec<TraceEvent>,
    commands: Vec<String>,
    baseline: Baseline,
    memory: Memory,
    /// Looks at the current step that did not pass after a command (hints count them).
    pub failed_checks: u32,
    /// The latest look at the current step.
    pub verdict: Option<Verdict>,
}

impl Progress {
    /// Step 1 begins now, on `world` as the exercise's start left it.
    pub fn begin(exercise: &Exercise, world: &World) -> Progress {
        let mut p = Progress {
            step: 0,
            step_began_ms: 0,
            events: Vec::new(),
            commands: Vec::new(),
            baseline: Baseline::default(),
            memory: Memory::default(),
            failed_checks: 0,
            verdict: None,
        };
        p.begin_step(exercise, world);
        p
    }

    pub fn finished(&self, exercise: &Exercise) -> bool {
        self.step >= exercise.steps.len()
    }

    fn begin_step(&mut self, exercise: &Exercise, world: &World) {
        self.step_began_ms = world.now_ms();
        self.events.clear();
        self.commands.clear();
        self.memory = Memory::default();
        self.failed_checks = 0;
        self.verdict = None;
        if let Some(step) = exercise.steps.get(self.step) {
            self.baseline = Baseline::take(world, &step.goal);
        }
    }

    /// Events the world emitted since the last call (for `event` clauses).
    pub fn heard(&mut self, events: impl IntoIterator<Item = TraceEvent>) {
        self.events.extend(events);
        if self.events.len() > STEP_EVENTS_MAX {
            let extra = self.events.len() - STEP_EVENTS_MAX;
            self.events.drain(..extra);
        }
    }

    /// A command line the learner ran (for `commands-used` and `commands-not-used`).
    pub fn ran(&mut self, line: &str) {
        if self.commands.len() < STEP_COMMANDS_MAX {
            self.commands.push(line.trim().to_string());
        }
    }

    /// Looks at the current step's goal now; a step that passes is done and the next begins.
    /// Returns whether a step was done.
    pub fn look(&mut self, exercise: &Exercise, world: &World, files: &dyn FileSource) -> bool {
        let Some(step) = exercise.steps.get(self.step) else {
            return false;
        };
        let look = Look {
            world,
            began_ms: self.step_began_ms,
            events: &self.events,
            commands: &self.commands,
            files,
            baseline: &self.baseline,
        };
        let mut verdict = evaluate(&step.goal, &look, &mut self.memory);
        if let Some(d) = step.deadline_ms {
            let spent = world.now_ms().saturating_sub(self.step_began_ms);
            if spent > d {
                verdict.passed = false;
                verdict.clauses.push(deadline_passed(d, spent));
            }
        }
        let passed = verdict.passed;
        self.verdict = Some(verdict);
        if passed {
            self.step += 1;
            self.begin_step(exercise, world);
        }
        passed
    }

    /// The look after a command: as [`Progress::look`], and a look that fails counts towards
    /// the hints that come after a number of tries.
    pub fn look_after_command(
        &mut self,
        exercise: &Exercise,
        world: &World,
        files: &dyn FileSource,
    ) -> bool {
        let passed = self.look(exercise, world, files);
        if !passed && !self.finished(exercise) {
            self.failed_checks += 1;
        }
        passed
    }

    /// The hints of the current step that are due at `now_ms`: after their time in the step,
    /// or after their number of looks that did not pass (a hint with neither is due at once).
    pub fn hints<'e>(&self, exercise: &'e Exercise, now_ms: Millis) -> Vec<&'e Hint> {
        let Some(step) = exercise.steps.get(self.step) else {
            return Vec::new();
        };
        let spent = now_ms.saturating_sub(self.step_began_ms);
        step.hints
            .iter()
            .filter(|h| {
                let by_time = h.after_ms.is_some_and(|t| spent >= t);
                let by_tries = h.after_attempts.is_some_and(|n| self.failed_checks >= n);
                by_time || by_tries || (h.after_ms.is_none() && h.after_attempts.is_none())
            })
            .collect()
    }
}

fn deadline_passed(d: Millis, spent: Millis) -> Clause {
    let t = crate::base::clock::human_duration;
    Clause {
        depth: 0,
        passed: false,
        reason: Text {
            en: format!(
                "the step's deadline of {} has passed ({} spent)",
                t(d),
                t(spent)
            ),
            ja: format!("ステップの期限 {} を過ぎました（{} 経過）", t(d), t(spent)),
        },
    }
}

/// The virtual time a `sim wait D` line asks for, when it is one: shells play such a wait
/// wake-up by wake-up with a look after each, so a goal that holds for a while is seen holding.
pub fn wait_of(line: &str) -> Option<Millis> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        ["sim", "wait", d] => crate::base::clock::parse_duration(d)
            .ok()
            .filter(|ms| *ms <= crate::base::clock::MAX_WAIT_MS),
        _ => None,
    }
}
