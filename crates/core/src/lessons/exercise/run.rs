//! Doing an exercise: a world that began from the exercise's start, the learner's commands run
//! on it through the ordinary command language, and a look at the current step's goal after each
//! command and each wake-up of virtual time. A step whose goal holds at a look is done; the
//! next begins there (its events, commands and `for` clauses count from then).
//!
//! The same [`Attempt`] serves the page (commands typed, time played), the CLI's
//! `sunaba exercise grade` (a learner's script) and [`super::check`] (the reference solution).

use std::collections::BTreeMap;

use super::model::{Action, Exercise, Hint};
use super::progress::{wait_of, Progress};
use crate::base::command::CommandError;
use crate::input::files::MapFiles;
use crate::input::model::Millis;
use crate::world::World;

/// A setup command that failed: the exercise cannot start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartError {
    pub command: String,
    pub message: String,
}

/// The commands that set an exercise's world up before the learner starts: the time
/// compression, then the author's setup (their output is not shown).
pub fn setup_commands(exercise: &Exercise) -> Vec<String> {
    let mut setup = Vec::new();
    if exercise.start.compression != 1 {
        setup.push(format!("sim compress {}", exercise.start.compression));
    }
    setup.extend(exercise.start.setup.iter().cloned());
    setup
}

/// The world at the exercise's start: the seed, then [`setup_commands`] reading the
/// exercise's files; what the setup emitted is drained (the learner starts after it).
pub fn start_world(exercise: &Exercise) -> Result<World, StartError> {
    let mut world = World::new(exercise.start.seed);
    let files = MapFiles(exercise.start.files.clone());
    for line in setup_commands(exercise) {
        crate::lang::command::run(&mut world, &line, &files).map_err(|e| StartError {
            command: line.clone(),
            message: e.message,
        })?;
    }
    world.drain_active_trace();
    Ok(world)
}

/// One learner's way through one exercise, on a world of its own.
pub struct Attempt<'e> {
    pub exercise: &'e Exercise,
    pub world: World,
    /// The exercise's files with the learner's edits.
    pub files: BTreeMap<String, String>,
    pub progress: Progress,
}

impl<'e> Attempt<'e> {
    /// A fresh world at the exercise's start ([`start_world`]), then the first step begins.
    pub fn start(exercise: &'e Exercise) -> Result<Attempt<'e>, StartError> {
        let world = start_world(exercise)?;
        let progress = Progress::begin(exercise, &world);
        Ok(Attempt {
            exercise,
            world,
            files: exercise.start.files.clone(),
            progress,
        })
    }

    /// The step being done (`steps.len()` once all are done).
    pub fn step(&self) -> usize {
        self.progress.step
    }

    pub fn finished(&self) -> bool {
        self.progress.finished(self.exercise)
    }

    /// Looks at the current step's goal now (events emitted since the last look count); a step
    /// that passes is done and the next begins. Returns whether a step was done.
    pub fn look(&mut self) -> bool {
        self.progress.heard(self.world.drain_active_trace());
        let files = MapFiles(self.files.clone());
        self.progress.look(self.exercise, &self.world, &files)
    }

    /// Runs one command line of the learner's, then looks. `sim wait` is played wake-up by
    /// wake-up with a look after each, so a goal that holds for a while is seen holding.
    pub fn run(&mut self, line: &str) -> Result<String, CommandError> {
        self.progress.ran(line);
        let result = match wait_of(line) {
            Some(ms) => {
                self.advance(ms);
                crate::lang::command::run(&mut self.world, "sim wait 0s", &MapFiles::default())
            }
            None => crate::lang::command::run(&mut self.world, line, &MapFiles(self.files.clone())),
        };
        self.progress.heard(self.world.drain_active_trace());
        let files = MapFiles(self.files.clone());
        self.progress
            .look_after_command(self.exercise, &self.world, &files);
        result
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

    /// The hints of the current step that are due now.
    pub fn hints(&self) -> Vec<&'e Hint> {
        self.progress.hints(self.exercise, self.world.now_ms())
    }

    /// Plays the current step's reference solution ("Show solution"): each action with what it
    /// printed, stopping when the step is done.
    pub fn show_solution(&mut self) -> Vec<(Action, Result<String, CommandError>)> {
        let Some(step) = self.exercise.steps.get(self.progress.step) else {
            return Vec::new();
        };
        let here = self.progress.step;
        let mut out = Vec::new();
        for action in &step.solution {
            if self.progress.step != here {
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
        while a.progress.step < n.min(exercise.steps.len()) {
            let before = a.progress.step;
            let played = a.show_solution();
            if a.progress.step == before {
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
