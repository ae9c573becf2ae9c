//! The problems under the editor: a summary ("2 error(s), 1 warning(s) · 3 operability
//! hint(s)"), then each diagnostic and lint hint as a "line N: message" button that moves the
//! caret to its line; a hint with an experiment has a "Show me" button.

use std::rc::Rc;

use sunaba_core::input::definitions::lint::Finding;
use sunaba_core::input::definitions::{Diagnostic, Severity};
use sunaba_core::lessons::experiments;
use yew::prelude::*;

use super::marks::{diagnostic_message, finding_message, severity_icon, severity_name, Level};
use super::text::{fill, EN, JA};
use super::DIAGNOSTICS_LISTED_MAX;
use crate::strings::Lang;

/// What the problems list shows and does.
pub(super) struct ProblemsProps {
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub findings: Rc<Vec<Finding>>,
    pub line_count: usize,
    /// The summary's element id (the textarea is described by it).
    pub summary_id: AttrValue,
    /// Move the caret to (line, column).
    pub on_go_to: Callback<(usize, usize)>,
    pub on_show_me: Callback<Finding>,
    /// The "Show me" result on show, and the hint it belongs to (rule, line).
    pub shown: Option<((&'static str, usize), Html)>,
}

/// The list (a plain function, not a component: it holds no state of its own).
pub(super) fn problems(props: &ProblemsProps, lang: Lang) -> Html {
    let t = lang.pick(&EN, &JA);
    let (diagnostics, findings) = (&props.diagnostics, &props.findings);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let mut summary = if diagnostics.is_empty() {
        t.no_problems.to_owned()
    } else {
        fill(
            t.problems,
            &[
                ("errors", &errors.to_string()),
                ("warnings", &warnings.to_string()),
            ],
        )
    };
    if !findings.is_empty() {
        summary.push_str(" · ");
        summary.push_str(&fill(t.hints, &[("count", &findings.len().to_string())]));
    }
    let clamp = |line: usize| line.clamp(1, props.line_count.max(1));
    let diagnostic_list = diagnostics
        .iter()
        .take(DIAGNOSTICS_LISTED_MAX)
        .map(|d| {
            let (line, column) = (clamp(d.line), d.column);
            let severity = severity_name(d.severity.into());
            let word = match d.severity {
                Severity::Error => t.error,
                Severity::Warning => t.warning,
            };
            let onclick = props.on_go_to.reform(move |_: MouseEvent| (line, column));
            let text = fill(
                t.line_message,
                &[("line", &line.to_string()), ("message", &crate::visible::reveal_bidi(&diagnostic_message(d, lang)))],
            );
            html! {
                <li>
                    <button type="button" class={classes!("sb-diagnostic", format!("is-{severity}"))}
                        data-testid="editor-diagnostic" data-line={line.to_string()}
                        data-severity={severity} {onclick}>
                        <span class="sb-diagnostic-icon" aria-hidden="true">{ severity_icon(d.severity.into()) }</span>
                        <span class="sb-diagnostic-severity">{ word }</span>
                        <span class="sb-diagnostic-text">{ text }</span>
                    </button>
                </li>
            }
        })
        .collect::<Html>();
    let hint_list = findings
        .iter()
        .take(DIAGNOSTICS_LISTED_MAX.saturating_sub(diagnostics.len()))
        .map(|f| {
            let (line, column) = (clamp(f.line), f.column);
            let onclick = props.on_go_to.reform(move |_: MouseEvent| (line, column));
            let run = {
                let finding = f.clone();
                props.on_show_me.reform(move |_: MouseEvent| finding.clone())
            };
            let text = fill(
                t.line_message,
                &[("line", &line.to_string()), ("message", &finding_message(f, lang))],
            );
            let has_experiment = experiments::RULES_WITH_EXPERIMENTS.contains(&f.rule);
            html! {
                <li class="sb-hint-row">
                    <button type="button" class="sb-diagnostic is-hint"
                        data-testid="editor-hint" data-line={line.to_string()}
                        data-severity="hint" data-rule={f.rule} {onclick}>
                        <span class="sb-diagnostic-icon" aria-hidden="true">{ severity_icon(Level::Hint) }</span>
                        <span class="sb-diagnostic-severity">{ t.hint }</span>
                        <span class="sb-diagnostic-text">{ text }</span>
                    </button>
                    if has_experiment {
                        <button type="button" class="sb-btn sb-show-me-btn" data-testid="show-me"
                            data-rule={f.rule} title={t.show_me_title} onclick={run}>{ t.show_me }</button>
                    }
                    if let Some((_, panel)) = props.shown.as_ref().filter(|(at, _)| *at == (f.rule, f.line)) {
                        { panel.clone() }
                    }
                </li>
            }
        })
        .collect::<Html>();
    let listed = diagnostics.len() + findings.len();
    let not_listed = listed.saturating_sub(DIAGNOSTICS_LISTED_MAX);
    html! {
        <div class="sb-diagnostics">
            <p id={props.summary_id.clone()} role="status" title={t.checked_hint}
                class={classes!("sb-diagnostics-summary", (errors > 0).then_some("has-errors"), (errors == 0 && warnings > 0).then_some("has-warnings"))}
                data-testid="editor-summary">
                <span aria-hidden="true">{ if errors > 0 { "✖ " } else if warnings > 0 { "▲ " } else { "✓ " } }</span>
                { summary }
            </p>
            if listed > 0 {
                <ul class="sb-diagnostic-list" aria-label={t.diagnostics_label}>
                    { diagnostic_list }
                    { hint_list }
                    if not_listed > 0 {
                        <li class="sb-hint">{ fill(t.more, &[("count", &not_listed.to_string())]) }</li>
                    }
                </ul>
            }
        </div>
    }
}
