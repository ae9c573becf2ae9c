//! The editor's marks: kubectl's errors and warnings and the lint's hints, by line, drawn in
//! the gutter (built by `layers::fill_gutter`).

use std::collections::BTreeMap;

use sunaba_core::input::definitions::lint::Finding;
use sunaba_core::input::definitions::{Diagnostic, Severity};

use crate::strings::Lang;

/// How bad a mark is: kubectl's errors and warnings, then the lint's hints (ordered, worst last).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Level {
    Hint,
    Warning,
    Error,
}

impl From<Severity> for Level {
    fn from(s: Severity) -> Level {
        match s {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        }
    }
}

/// The diagnostics of one line, worst severity first.
#[derive(Debug, PartialEq)]
pub(super) struct LineMark {
    pub(super) severity: Level,
    pub(super) messages: Vec<String>,
}

pub(super) fn severity_name(severity: Level) -> &'static str {
    match severity {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Hint => "hint",
    }
}

pub(super) fn severity_icon(severity: Level) -> &'static str {
    match severity {
        Level::Error => "✖",
        Level::Warning => "▲",
        Level::Hint => "●",
    }
}

/// Marks grouped by line, clamped to the text's lines (an error "at the end of the file" may
/// point one line past the last); a line shows its worst level.
pub(super) fn marks_by_line(
    marks_in: &[(usize, Level, String)],
    line_count: usize,
) -> BTreeMap<usize, LineMark> {
    let mut marks: BTreeMap<usize, LineMark> = BTreeMap::new();
    for (line, level, message) in marks_in {
        let line = (*line).clamp(1, line_count.max(1));
        let mark = marks.entry(line).or_insert(LineMark {
            severity: *level,
            messages: Vec::new(),
        });
        mark.severity = mark.severity.max(*level);
        mark.messages.push(message.clone());
    }
    marks
}

/// Every mark of the gutter: the diagnostics, then the lint's findings in `lang`.
pub(super) fn all_marks(
    diagnostics: &[Diagnostic],
    findings: &[Finding],
    lang: Lang,
) -> Vec<(usize, Level, String)> {
    diagnostics
        .iter()
        .map(|d| (d.line, Level::from(d.severity), diagnostic_message(d, lang)))
        .chain(
            findings
                .iter()
                .map(|f| (f.line, Level::Hint, finding_message(f, lang))),
        )
        .collect()
}

/// A diagnostic in `lang` when the words are Sunaba's own; the tools' errors stay English.
pub(super) fn diagnostic_message(d: &Diagnostic, lang: Lang) -> String {
    match (lang, &d.message_ja) {
        (Lang::Ja, Some(ja)) => ja.clone(),
        _ => d.message.clone(),
    }
}

pub(super) fn finding_message(f: &Finding, lang: Lang) -> String {
    let message = match lang {
        Lang::En => &f.message,
        Lang::Ja => &f.message_ja,
    };
    format!("[{}] {message}", f.rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::session::EDITOR_FILE;
    use sunaba_core::input::definitions::lint::lint;

    #[test]
    fn marks_keep_the_worst_severity_and_stay_on_existing_lines() {
        let d = |line, severity| (line, severity, format!("m{line}"));
        let marks = marks_by_line(
            &[
                d(2, Level::Hint),
                d(2, Level::Warning),
                d(2, Level::Error),
                d(9, Level::Warning),
                d(1, Level::Hint),
            ],
            3,
        );
        assert_eq!(marks.keys().copied().collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(marks[&2].severity, Level::Error);
        assert_eq!(marks[&2].messages, vec!["m2", "m2", "m2"]);
        assert_eq!(marks[&3].severity, Level::Warning);
        assert_eq!(marks[&1].severity, Level::Hint);
    }

    #[test]
    fn lint_findings_become_hints_in_the_current_language() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n";
        let findings = lint(EDITOR_FILE, text);
        let marks = all_marks(&[], &findings, Lang::Ja);
        let ready = marks
            .iter()
            .find(|(_, _, m)| m.starts_with("[no-readiness-probe]"))
            .expect("a readiness hint");
        assert_eq!((ready.0, ready.1), (6, Level::Hint));
        assert!(
            ready.2.contains("readinessProbe がありません"),
            "{}",
            ready.2
        );
    }
}
