//! An attempt as a shell draws it — the lesson panel, the JS API's `check()`, `sunaba exercise
//! grade --json`: the steps with their texts read into pieces, which are done, the current
//! step's clauses with their reasons, the hints due. Plain serialisable values; shells decide
//! nothing.

use serde::Serialize;

use super::markup::{paragraphs, Inline};
use super::run::Attempt;
use crate::lessons::experiments::Text;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LessonView {
    pub id: String,
    pub title: Text,
    /// The step being done (`steps.len()` when all are done).
    pub step: usize,
    pub finished: bool,
    pub steps: Vec<StepView>,
    /// The current step's clauses at the latest look, in the goal's order.
    pub clauses: Vec<ClauseView>,
    /// The current step's hints that are due.
    pub hints: Vec<Text>,
    pub panels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepView {
    pub title: Text,
    pub text_en: Vec<Vec<Inline>>,
    pub text_ja: Vec<Vec<Inline>>,
    pub done: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClauseView {
    pub depth: usize,
    pub passed: bool,
    pub reason: Text,
}

/// The attempt as it stands.
pub fn lesson_view(a: &Attempt) -> LessonView {
    let ex = a.exercise;
    LessonView {
        id: ex.id.clone(),
        title: ex.title.clone(),
        step: a.step,
        finished: a.finished(),
        steps: ex
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| StepView {
                title: s.title.clone(),
                text_en: paragraphs(&s.text.en),
                text_ja: paragraphs(&s.text.ja),
                done: i < a.step,
            })
            .collect(),
        clauses: a
            .verdict
            .iter()
            .flat_map(|v| &v.clauses)
            .map(|c| ClauseView {
                depth: c.depth,
                passed: c.passed,
                reason: c.reason.clone(),
            })
            .collect(),
        hints: a.hints().into_iter().map(|h| h.text.clone()).collect(),
        panels: ex.panels.clone(),
    }
}
