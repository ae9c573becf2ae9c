//! Doing an exercise: a world that began from the exercise's start, the learner's commands run
//! on it through the ordinary command language, and a look at the current step's goal after each
//! command and each wake-up of virtual time. A step whose goal holds at a look is done; the
//! next begins there (its events, commands and `for` clauses count from then).
//!
//! The same [`Attempt`] serves the page (commands typed, time played), the CLI's
//! `sunaba exercise grade` (a learner's script) and [`super::check`] (the reference solution).

use std::collections::BTreeMap;

use super::model::{Action, Exercise, Hint};
use crate::base::command::CommandError;
use crate::input::files::MapFiles;
use crate::input::model::Millis;
use crate::lessons::experiments::Text;
use crate::lessons::goals::eval::{evaluate, Baseline, Clause, Look, Memory, Verdict};
use crate::sim::events::TraceEvent;
use crate::world::World;

/// Events kept per step for `event` clauses (older ones are dropped first).
pub const STEP_EVENTS_MAX: usize = 100_000;
/// Commands kept per step for `commands-not-used`.
pub const STEP_COMMANDS_MAX: usize = 10_000;

/// A setup command that failed: the exercise cannot start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartError {
    pub command: String,
    pub message: String,
}

/// One learner's way through one exercise.
pub struct Attempt<'e> {
    pub exercise: &'e Exercise,
    pub world: World,
    /// The exercise's files with the learner's edits.
    pub files: BTreeMap<String, String>,
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

impl<'e> Attempt<'e> {
    /// A fresh world at the exercise's start: the seed, the time compression, the setup
    /// commands (their output is not shown), then the first step begins.
    pub fn start(exercise: &'e Exercise) -> Result<Attempt<'e>, StartError> {
        let mut world = World::new(exercise.start.seed);
        let files = exercise.start.files.clone();
        let mut setup = Vec::new();
        if exercise.start.compression != 1 {
            setup.push(format!("sim compress {}", exercise.start.compression));
        }
        setup.extend(exercise.start.setup.iter().cloned());
        for line in &setup {
            crate::lang::command::run(&mut world, line, &MapFiles(files.clone())).map_err(|e| {
                StartError {
                    command: line.clone(),
                    message: e.message,
                }
            })?;
        }
        world.drain_trace();
        let mut a = Attempt {
            exercise,
            world,
            files,
            step: 0,
            step_began_ms: 0,
            events: Vec::new(),
            commands: Vec::new(),
            baseline: Baseline::default(),
            memory: Memory::default(),
            failed_checks: 0,
            verdict: None,
        };
        a.begin_step();
        Ok(a)
    }

    pub fn finished(&self) -> bool {
        self.step >= self.exercise.steps.len()
    }

    fn begin_step(&mut self) {
        self.step_began_ms = self.world.now_ms();
        self.events.clear();
        self.commands.clear();
        self.memory = Memory::default();
        self.failed_checks = 0;
        self.verdict = None;
        if let Some(step) = self.exercise.steps.get(self.step) {
            self.baseline = Baseline::take(&self.world, &step.goal);
        }
    }

    /// Collects the events the world emitted since the last look.
    fn collect(&mut self) {
        let new = self.world.drain_trace();
        self.events.extend(new);
        if self.events.len() > STEP_EVENTS_MAX {
            let extra = self.events.len() - STEP_EVENTS_MAX;
            self.events.drain(..extra);
        }
    }

    /// Looks at the current step's goal now; a step that passes is done and the next begins.
    /// Returns whether a step was done.
    pub fn look(&mut self) -> bool {
        self.collect();
        let Some(step) = self.exercise.steps.get(self.step) else {
            return false;
        };
        let files = MapFiles(self.files.clone());
        let look = Look {
            world: &self.world,
            began_ms: self.step_began_ms,
            events: &self.events,
            commands: &self.commands,
            files: &files,
            baseline: &self.baseline,
        };
        let mut verdict = evaluate(&step.goal, &look, &mut self.memory);
        if let Some(d) = step.deadline_ms {
            let spent = self.world.now_ms() - self.step_began_ms;
            if spent > d {
                let t = crate::base::clock::human_duration;
                verdict.passed = false;
                verdict.clauses.push(Clause {
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
                });
            }
        }
        let passed = verdict.passed;
        self.verdict = Some(verdict);
        if passed {
            self.step += 1;
            self.begin_step();
        }
        passed
    }

    /// Runs one command line of the learner's, then looks. `sim wait` is played wake-up by
    /// wake-up with a look after each, so a goal that holds for a while is seen holding.
    pub fn run(&mut self, line: &str) -> Result<String, CommandError> {
        if self.commands.len() < STEP_COMMANDS_MAX {
            self.commands.push(line.trim().to_string());
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        let result = match words.as_slice() {
            ["sim", "wait", d] => match crate::base::clock::parse_duration(d) {
                Ok(ms) if ms <= crate::base::clock::MAX_WAIT_MS => {
                    self.advance(ms);
                    crate::lang::command::run(&mut self.world, "sim wait 0s", &MapFiles::default())
                }
                _ => self.run_line(line),
            },
            _ => self.run_line(line),
        };
        if !self.look() && !self.finished() {
            self.failed_checks += 1;
        }
        result
    }

    fn run_line(&mut self, line: &str) -> Result<String, CommandError> {
        crate::lang::command::run(&mut self.world, line, &MapFiles(self.files.clone()))
    }

    /// Virtual time passes by `ms`, wake-up by wake-up, with a look after each.
    pub fn advance(&mut self, ms: Millis) {
        let target = self.world.now_ms().saturating_add(ms);
        while let Some(next) = self.world.next_wakeup_ms().filter(|t| *t <= target) {
            self.world.advance_to(next);
            self.look();
        }
        self.world.advance_to(target);
        self.look();
    }

    /// The hints of the current step that are due: after their time in the step, or after
    /// their number of looks that did not pass (a hint with neither is due at once).
    pub fn hints(&self) -> Vec<&'e Hint> {
        let Some(step) = self.exercise.steps.get(self.step) else {
            return Vec::new();
        };
        let spent = self.world.now_ms() - self.step_began_ms;
        step.hints
            .iter()
            .filter(|h| {
                let by_time = h.after_ms.is_some_and(|t| spent >= t);
                let by_tries = h.after_attempts.is_some_and(|n| self.failed_checks >= n);
                by_time || by_tries || (h.after_ms.is_none() && h.after_attempts.is_none())
            })
            .collect()
    }

    /// Plays the current step's reference solution ("Show solution"): each action with what it
    /// printed, stopping when the step is done.
    pub fn show_solution(&mut self) -> Vec<(Action, Result<String, CommandError>)> {
        let Some(step) = self.exercise.steps.get(self.step) else {
            return Vec::new();
        };
        let here = self.step;
        let mut out = Vec::new();
        for action in &step.solution {
            if self.step != here {
                break;
            }
            let result = self.act(action);
            out.push((action.clone(), result));
        }
        out
    }

    /// An attempt at the start of step `n`: the exercise's start, then the reference solutions
    /// of the steps before it ("reset the step", or a deep link to a later step).
    pub fn at_step(exercise: &'e Exercise, n: usize) -> Result<Attempt<'e>, StartError> {
        let mut a = Attempt::start(exercise)?;
        while a.step < n.min(exercise.steps.len()) {
            let before = a.step;
            let played = a.show_solution();
            if a.step == before {
                let failed = played.iter().find_map(|(act, r)| {
                    r.as_ref()
                        .err()
                        .map(|e| (format!("{act:?}"), e.message.clone()))
                });
                let (command, message) = failed.unwrap_or_else(|| {
                    (
                        format!("step {}'s solution", before + 1),
                        "does not reach its goal".into(),
                    )
                });
                return Err(StartError { command, message });
            }
        }
        Ok(a)
    }

    /// The learner saved a file (the editor): later commands read it, `file` clauses check it.
    pub fn set_file(&mut self, path: &str, text: &str) {
        self.files.insert(path.to_string(), text.to_string());
        self.look();
    }

    /// Plays one action of a solution: a command, or a change to a file.
    pub fn act(&mut self, action: &Action) -> Result<String, CommandError> {
        match action {
            Action::Run(line) => self.run(line),
            Action::Write { path, text } => {
                self.set_file(path, text);
                Ok(String::new())
            }
            Action::Replace { path, old, new } => {
                let Some(current) = self.files.get(path) else {
                    return Err(CommandError::new(format!("{path}: no such file")));
                };
                if !current.contains(old.as_str()) {
                    return Err(CommandError::new(format!(
                        "{path}: \"{old}\" is not in the file"
                    )));
                }
                let changed = current.replacen(old.as_str(), new, 1);
                self.set_file(path, &changed);
                Ok(String::new())
            }
        }
    }
}
