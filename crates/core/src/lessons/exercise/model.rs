//! An exercise as the core holds it: where it starts, its steps (text, goal, hints, deadline,
//! reference solution) and the panels its steps need. Read from an author's YAML file by
//! [`super::parse`]; nothing here runs anything.

use std::collections::BTreeMap;

use crate::input::model::Millis;
use crate::lessons::experiments::Text;
use crate::lessons::goals::Goal;

/// Most steps in one exercise, hints per step, commands in a setup or solution, files given.
pub const STEPS_MAX: usize = 20;
pub const HINTS_MAX: usize = 8;
pub const COMMANDS_MAX: usize = 200;
pub const FILES_MAX: usize = 50;

#[derive(Clone, Debug)]
pub struct Exercise {
    /// `self-healing`: a DNS-1123 label, unique in a course (the deep link names it).
    pub id: String,
    pub title: Text,
    /// One or two sentences for the lesson list.
    pub summary: Text,
    pub start: Start,
    /// The panels the steps need beside the text (`terminal`, `cluster`, `events`, `editor`,
    /// `ecs`, `environments`, `dockerfile`, `workloads`, `how-it-works`, `charts`, …).
    pub panels: Vec<String>,
    pub steps: Vec<Step>,
}

/// Where the exercise begins. Setup commands run on a fresh world with this seed, then the
/// learner starts; the same start always gives the same world.
#[derive(Clone, Debug)]
pub struct Start {
    pub seed: u64,
    /// `sim compress` factor (1 = Kubernetes' real timings).
    pub compression: u32,
    /// Files the learner gets (path → text), readable by `kubectl apply -f` and `sim build`.
    pub files: BTreeMap<String, String>,
    /// What the editor shows: one of `files` (by path).
    pub editor: Option<String>,
    /// Commands run before the learner starts (output hidden), in order.
    pub setup: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Step {
    /// Where the step is written (1-based line of its file), for errors about it.
    pub line: usize,
    pub title: Text,
    /// The step's text: a small Markdown subset; `` `$ command` `` spans are runnable.
    pub text: Text,
    pub goal: Goal,
    pub hints: Vec<Hint>,
    /// Virtual time the step allows, from its start; past it the step fails.
    pub deadline_ms: Option<Millis>,
    /// What does the step (what "Show solution" plays; the check plays it too).
    pub solution: Vec<Action>,
}

/// One thing a learner does: run a command line, or change a file (as in the editor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Run(String),
    /// The file's whole new text.
    Write {
        path: String,
        text: String,
    },
    /// The first occurrence of `old` in the file becomes `new`.
    Replace {
        path: String,
        old: String,
        new: String,
    },
}

#[derive(Clone, Debug)]
pub struct Hint {
    pub text: Text,
    /// Shown once this much virtual time has passed in the step…
    pub after_ms: Option<Millis>,
    /// …or after this many checks that did not pass.
    pub after_attempts: Option<u32>,
}
