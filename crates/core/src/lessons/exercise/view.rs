//! An attempt as a shell draws it — the lesson panel, the JS API's `check()`, `sunaba exercise
//! grade --json`: the steps with their texts read into pieces, which are done, the current
//! step's clauses with their reasons, the hints due. Plain serialisable values; shells decide
//! nothing.

use serde::Serialize;

use super::markup::{paragraphs, Inline};
use super::model::Exercise;
use super::progress::Progress;
use super::run::Attempt;
use crate::input::model::Millis;
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
    pub hints: Vec<HintView>,
    pub panels: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepView {
    pub title: Text,
    pub text_en: Vec<Vec<Inline>>,
    pub text_ja: Vec<Vec<Inline>>,
    pub done: bool,
}

/// A hint: its text as written, and read into pieces like a step's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HintView {
    pub text: Text,
    pub pieces_en: Vec<Vec<Inline>>,
    pub pieces_ja: Vec<Vec<Inline>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClauseView {
    pub depth: usize,
    pub passed: bool,
    pub reason: Text,
}

/// The attempt as it stands.
pub fn lesson_view(a: &Attempt) -> LessonView {
    view_of(a.exercise, &a.progress, a.world.now_ms())
}

/// A learner's progress in `ex` as it stands at `now_ms` (hints are due by time).
pub fn view_of(ex: &Exercise, p: &Progress, now_ms: Millis) -> LessonView {
    LessonView {
        id: ex.id.clone(),
        title: ex.title.clone(),
        step: p.step,
        finished: p.finished(ex),
        steps: ex
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| StepView {
                title: s.title.clone(),
                text_en: paragraphs(&s.text.en),
                text_ja: paragraphs(&s.text.ja),
                done: i < p.step,
            })
            .collect(),
        clauses: p
            .verdict
            .iter()
            .flat_map(|v| &v.clauses)
            .map(|c| ClauseView {
                depth: c.depth,
                passed: c.passed,
                reason: c.reason.clone(),
            })
            .collect(),
        hints: p
            .hints(ex, now_ms)
            .into_iter()
            .map(|h| HintView {
                text: h.text.clone(),
                pieces_en: paragraphs(&h.text.en),
                pieces_ja: paragraphs(&h.text.ja),
            })
            .collect(),
        panels: ex.panels.clone(),
    }
}
