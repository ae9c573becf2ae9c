//! An exercise done in the page: the session's world starts where the exercise starts, its
//! commands read the exercise's files (the editor and the Dockerfile panel edit two of them),
//! and the core's [`Progress`] looks at the current step's goal after every command, every
//! edit, and as time passes — so "done" appears by itself.
//!
//! Everything a lesson decides is the core's (the goal, the clauses and their reasons, which
//! hints are due); this file only feeds it what the session does and hands on what passed.
//! The timeline cannot seek during an exercise (a step cannot be undone by rewinding the
//! world under it): "Reset step" starts the step again instead.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Serialize;
use sunaba_core::lessons::exercise::model::Action as LessonAction;
use sunaba_core::lessons::exercise::progress::{wait_of, Progress};
use sunaba_core::lessons::exercise::run::{setup_commands, start_world};
use sunaba_core::lessons::exercise::view::{view_of, LessonView};
use sunaba_core::lessons::exercise::Exercise;
use sunaba_core::MapFiles;

use super::{Origin, Session};

/// Virtual time between two looks while the clock runs and nothing happens (a goal that must
/// hold for a while is seen holding).
pub const LOOK_EVERY_MS: u64 = 1_000;

/// The exercise a session is doing, and where the learner stands in it.
pub struct LessonRun {
    pub exercise: Rc<Exercise>,
    pub progress: Progress,
    /// The exercise's files with the learner's edits (what every command reads).
    pub files: BTreeMap<String, String>,
    /// The file the manifest editor edits (`None` when the exercise's editor file is a
    /// Dockerfile: the Dockerfile panel edits it).
    pub editor_path: Option<String>,
    /// The file the Dockerfile panel edits and builds from.
    pub dockerfile_path: Option<String>,
    /// (events emitted, controller passes, virtual time) at the latest look.
    last_look: (u64, u64, u64),
}

/// A step was done: the event a workshop page listens for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepPassed {
    pub exercise: String,
    /// The step done (0-based).
    pub step: usize,
    /// All steps are done.
    pub finished: bool,
    #[serde(rename = "atMs")]
    pub at_ms: u64,
}

pub type StepListener = Rc<dyn Fn(&StepPassed)>;

fn is_dockerfile(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.starts_with("Dockerfile"))
}

impl LessonRun {
    fn new(exercise: Rc<Exercise>, world: &sunaba_core::World) -> LessonRun {
        let files = exercise.start.files.clone();
        let editor = exercise.start.editor.clone();
        let dockerfile_path = [super::DOCKERFILE.to_string()]
            .into_iter()
            .chain(editor.clone())
            .find(|p| files.contains_key(p) && is_dockerfile(p));
        LessonRun {
            progress: Progress::begin(&exercise, world),
            editor_path: editor.filter(|p| !is_dockerfile(p)),
            dockerfile_path,
            files,
            exercise,
            last_look: (0, 0, 0),
        }
    }

    fn text_of(&self, path: &Option<String>) -> Option<&str> {
        path.as_ref()
            .and_then(|p| self.files.get(p))
            .map(String::as_str)
    }
}

impl Session {
    /// A session doing `exercise` from the start of step `step` (0-based; the reference
    /// solutions of the earlier steps play first, visibly in the terminal).
    pub fn for_exercise(exercise: Rc<Exercise>, step: usize) -> Result<Session, String> {
        let session = Session::new(exercise.start.seed, "");
        session.start_lesson(exercise, step)?;
        Ok(session)
    }

    /// Whether this session is doing an exercise.
    pub fn in_lesson(&self) -> bool {
        self.lesson.borrow().is_some()
    }

    pub fn exercise(&self) -> Option<Rc<Exercise>> {
        self.lesson.borrow().as_ref().map(|l| l.exercise.clone())
    }

    /// The lesson as the panel draws it (steps, done marks, clauses and reasons, hints due).
    pub fn lesson_view(&self) -> Option<LessonView> {
        let lesson = self.lesson.borrow();
        let l = lesson.as_ref()?;
        Some(view_of(&l.exercise, &l.progress, self.now_ms()))
    }

    /// The path the manifest editor's text is served at.
    pub fn editor_path(&self) -> String {
        match self.lesson.borrow().as_ref() {
            Some(l) => l.editor_path.clone().unwrap_or_default(),
            None => super::EDITOR_FILE.to_string(),
        }
    }

    /// Starts `exercise` again at step `step`: the exercise's world, files and editor text,
    /// an empty terminal, then the reference solutions of the steps before it.
    pub(crate) fn start_lesson(&self, exercise: Rc<Exercise>, step: usize) -> Result<(), String> {
        let world = start_world(&exercise)
            .map_err(|e| format!("setup command \"{}\" failed: {}", e.command, e.message))?;
        *self.origin.borrow_mut() = Origin {
            seed: exercise.start.seed,
            setup: setup_commands(&exercise),
        };
        self.clear_history();
        let run = LessonRun::new(exercise.clone(), &world);
        *self.world.borrow_mut() = world;
        *self.editor.borrow_mut() = Rc::from(run.text_of(&run.editor_path).unwrap_or(""));
        if let Some(text) = run.text_of(&run.dockerfile_path) {
            *self.dockerfile.borrow_mut() = Rc::from(text);
        }
        *self.lesson.borrow_mut() = Some(run);
        // The earlier steps are done by their reference solutions; nobody is told they passed.
        self.quiet_steps.set(true);
        let mut played = Ok(());
        while self.lesson_step() < step.min(exercise.steps.len()) {
            let before = self.lesson_step();
            self.play_solution();
            if self.lesson_step() == before {
                played = Err(format!(
                    "step {}'s reference solution does not reach its goal",
                    before + 1
                ));
                break;
            }
        }
        self.quiet_steps.set(false);
        self.passed_unheard.borrow_mut().clear();
        played
    }

    fn lesson_step(&self) -> usize {
        self.lesson.borrow().as_ref().map_or(0, |l| l.progress.step)
    }

    /// "Show solution": plays the current step's reference solution, each command in the
    /// terminal as if typed, stopping when the step is done.
    pub(crate) fn play_solution(&self) {
        let Some((exercise, here)) = self
            .lesson
            .borrow()
            .as_ref()
            .map(|l| (l.exercise.clone(), l.progress.step))
        else {
            return;
        };
        let Some(step) = exercise.steps.get(here) else {
            return;
        };
        for action in &step.solution {
            if self.lesson_step() != here {
                break;
            }
            match action {
                LessonAction::Run(line) => {
                    let _ = self.run(line);
                }
                LessonAction::Write { path, text } => self.write_file(path, text),
                LessonAction::Replace { path, old, new } => {
                    let current = self
                        .lesson
                        .borrow()
                        .as_ref()
                        .and_then(|l| l.files.get(path).cloned());
                    if let Some(current) = current.filter(|c| c.contains(old.as_str())) {
                        self.write_file(path, &current.replacen(old.as_str(), new, 1));
                    }
                }
            }
        }
    }

    /// A file of the exercise changed (the editor, the Dockerfile panel, a solution): later
    /// commands read it, `file` clauses check it.
    pub(crate) fn write_file(&self, path: &str, text: &str) {
        {
            let mut lesson = self.lesson.borrow_mut();
            let Some(l) = lesson.as_mut() else { return };
            l.files.insert(path.to_string(), text.to_string());
            if l.editor_path.as_deref() == Some(path) {
                *self.editor.borrow_mut() = Rc::from(text);
            }
            if l.dockerfile_path.as_deref() == Some(path) {
                *self.dockerfile.borrow_mut() = Rc::from(text);
            }
        }
        self.lesson_look(true, false);
        self.tell_step_listeners();
    }

    /// The editor's or the Dockerfile panel's text changed: the file it edits changes.
    pub(crate) fn lesson_edited(&self, dockerfile: bool) {
        let path = self.lesson.borrow().as_ref().and_then(|l| {
            if dockerfile {
                l.dockerfile_path.clone()
            } else {
                l.editor_path.clone()
            }
        });
        if let Some(path) = path {
            let text = if dockerfile {
                self.dockerfile.borrow().clone()
            } else {
                self.editor.borrow().clone()
            };
            self.write_file(&path, &text);
        }
    }

    /// "Check": looks now, and a look that fails counts towards the hints that come after a
    /// number of tries.
    pub(crate) fn lesson_check(&self) {
        self.lesson_look(true, true);
        self.tell_step_listeners();
    }

    /// What commands read during an exercise: its files with the learner's edits.
    pub(super) fn lesson_files(&self) -> Option<MapFiles> {
        self.lesson
            .borrow()
            .as_ref()
            .map(|l| MapFiles(l.files.clone()))
    }

    /// Before a command runs: it counts for the current step (`commands-used`).
    pub(super) fn lesson_before_command(&self, line: &str) {
        if let Some(l) = self.lesson.borrow_mut().as_mut() {
            l.progress.ran(line);
        }
    }

    /// A `sim wait D` during an exercise plays wake-up by wake-up with a look after each (as
    /// `sunaba exercise grade` does). Returns whether `line` was such a wait.
    pub(super) fn lesson_wait(&self, line: &str) -> bool {
        let Some(ms) = wait_of(line).filter(|_| self.in_lesson()) else {
            return false;
        };
        let target = self.now_ms().saturating_add(ms);
        loop {
            let next = self
                .world
                .borrow()
                .next_wakeup_ms()
                .filter(|t| *t <= target);
            let Some(next) = next else { break };
            self.world_advance(next);
            self.lesson_look(true, false);
        }
        self.world_advance(target);
        self.lesson_look(true, false);
        true
    }

    /// Looks at the current step: always when `force`, else when something happened or
    /// [`LOOK_EVERY_MS`] passed since the latest look. `tried`: the look answers the learner
    /// (a command, Check), so a failure counts towards the hints.
    pub(super) fn lesson_look(&self, force: bool, tried: bool) {
        let mut lesson = self.lesson.borrow_mut();
        let Some(l) = lesson.as_mut() else { return };
        let world = self.world.borrow();
        let now = (
            world.events_emitted(),
            world.reconcile_passes(),
            world.now_ms(),
        );
        let due = force
            || (now.0, now.1) != (l.last_look.0, l.last_look.1)
            || now.2 >= l.last_look.2.saturating_add(LOOK_EVERY_MS);
        if !due {
            return;
        }
        l.last_look = now;
        let files = MapFiles(l.files.clone());
        let before = l.progress.step;
        let passed = if tried {
            l.progress.look_after_command(&l.exercise, &world, &files)
        } else {
            l.progress.look(&l.exercise, &world, &files)
        };
        if passed && !self.quiet_steps.get() {
            self.passed_unheard.borrow_mut().push(StepPassed {
                exercise: l.exercise.id.clone(),
                step: before,
                finished: l.progress.finished(&l.exercise),
                at_ms: now.2,
            });
        }
    }

    /// Events the world emitted, for the current step's `event` clauses.
    pub(super) fn lesson_heard(&self, events: &[sunaba_core::sim::events::TraceEvent]) {
        if let Some(l) = self.lesson.borrow_mut().as_mut() {
            l.progress.heard(events.iter().cloned());
        }
    }

    /// Calls `listener` whenever a step is done from now on.
    pub fn on_step_passed(&self, listener: StepListener) -> u32 {
        let id = self.next_listener_id.get();
        self.next_listener_id.set(id.wrapping_add(1));
        self.step_listeners.borrow_mut().push((id, listener));
        id
    }

    pub fn off_step_passed(&self, id: u32) -> bool {
        let mut listeners = self.step_listeners.borrow_mut();
        let before = listeners.len();
        listeners.retain(|(i, _)| *i != id);
        listeners.len() != before
    }

    /// Tells the step listeners what passed, outside every borrow (a listener may act).
    pub(super) fn tell_step_listeners(&self) {
        let passed = std::mem::take(&mut *self.passed_unheard.borrow_mut());
        if passed.is_empty() {
            return;
        }
        let listeners: Vec<StepListener> = self
            .step_listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for p in &passed {
            for listener in &listeners {
                listener(p);
            }
        }
    }
}
