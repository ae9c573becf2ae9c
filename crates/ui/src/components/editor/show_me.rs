//! "Show me": the failure a lint hint predicts, played by the core on a fresh simulated cluster
//! (never the learner's), as written and fixed — the commands, their output and the outcome.

use std::fmt::Write as _;
use std::rc::Rc;

use sunaba_core::input::definitions::lint::Finding;
use sunaba_core::lessons::experiments::{Run, ShowMe, Text};
use yew::prelude::*;

use super::text::{pick, EN, JA};
use crate::strings::Lang;

/// A finding and what its experiment gave.
pub(super) type Shown = Rc<(Finding, Result<ShowMe, Text>)>;

/// The panel (a plain function, not a component: it holds no state of its own).
pub(super) fn show_me_panel(shown: &Shown, on_close: &Callback<()>, lang: Lang) -> Html {
    let t = lang.pick(&EN, &JA);
    let (finding, result) = shown.as_ref();
    let close = on_close.reform(|_: MouseEvent| ());
    let body = match result {
        Err(why) => html! {
            <p class="sb-hint">{ format!("{}: {}", t.no_experiment, pick(why, lang)) }</p>
        },
        Ok(show) => {
            let e = &show.as_written.experiment;
            html! {
                <>
                    <p class="sb-show-me-title"><strong>{ pick(&e.title, lang).to_owned() }</strong></p>
                    <p class="sb-hint">{ format!("{}: {}", t.look_at, pick(&e.look_at, lang)) }</p>
                    <div class="sb-show-me-runs">
                        { run_view(&show.as_written, t.as_written, lang, "show-me-as-written") }
                        if let Some(fixed) = &show.fixed {
                            { run_view(fixed, t.fixed, lang, "show-me-fixed") }
                        }
                    </div>
                </>
            }
        }
    };
    html! {
        <section class="sb-show-me" data-testid="show-me-result" data-rule={finding.rule}
            aria-live="polite">
            <div class="sb-show-me-head">
                <h3>{ format!("{} — {}", t.show_me_heading, finding.rule) }</h3>
                <button type="button" class="sb-btn" data-testid="show-me-close" onclick={close}>{ t.close }</button>
            </div>
            { body }
        </section>
    }
}

/// One run of an experiment: what changed, each command with its output, the outcome.
fn run_view(run: &Run, heading: &str, lang: Lang, testid: &'static str) -> Html {
    let change = pick(&run.experiment.change, lang);
    let heading = if change.is_empty() {
        heading.to_owned()
    } else {
        format!("{heading}: {change}")
    };
    let mut transcript = String::new();
    for step in &run.steps {
        let _ = writeln!(transcript, "$ {}", step.command);
        transcript.push_str(&step.output);
        if !step.output.is_empty() && !step.output.ends_with('\n') {
            transcript.push('\n');
        }
    }
    let files = run
        .experiment
        .files
        .iter()
        .map(|(name, text)| {
            html! {
                <details class="sb-show-me-file">
                    <summary><code>{ name.clone() }</code></summary>
                    <pre>{ text.clone() }</pre>
                </details>
            }
        })
        .collect::<Html>();
    html! {
        <div class={classes!("sb-show-me-run", run.failure_observed.then_some("is-failure"))}
            data-testid={testid}>
            <h4>{ heading }</h4>
            { files }
            <pre class="sb-show-me-transcript" tabindex="0">{ transcript }</pre>
            <p class="sb-show-me-outcome" data-testid="show-me-outcome">
                <strong>{ "=> " }{ pick(&run.outcome, lang).to_owned() }</strong>
            </p>
        </div>
    }
}
