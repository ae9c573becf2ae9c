//! The definition editor: a native `<textarea>` (native editing, IME, undo, accessibility)
//! laid over a `<pre aria-hidden>` that draws the same text highlighted, scroll-synchronised,
//! beside a line-number gutter that marks lines with errors and warnings.
//!
//! Diagnostics come from the core's `definitions::load` as the learner types: exactly what
//! `kubectl apply -f editor.yaml` would report. They are also listed under the editor as
//! "line N: message" buttons that move the caret to the line. Ready examples load from a menu;
//! the text they replace stays recoverable ("Undo load", also kept in localStorage under
//! `<storageKey>:previous`). Nothing here decides validity or touches the cluster.
//!
//! The operability lint's findings (`definitions::lint`) are a third, milder severity, "hint",
//! in the gutter and the list, in the current language. Each has a "Show me" button: the
//! core's `lessons::experiments::show_me` plays the failure the rule predicts on a fresh
//! simulated cluster (never the learner's), as written and fixed, and the editor shows the
//! commands, their output and the numbers. The experiment is the core's; this only draws it.
//!
//! Files: `text` (the words, EN/JA), `marks` (the gutter), `layers` (the highlighted layer,
//! caret and scrolling), `toolbar` (the examples menu), `problems` (the list under the editor),
//! `show_me` (the experiments' results). This file puts them together.

mod code;
mod drift;
mod layers;
mod marks;
mod problems;
mod show_me;
mod text;
mod toolbar;

use std::rc::Rc;

use sunaba_core::input::definitions::lint::{lint, Finding};
use sunaba_core::input::definitions::load;
use sunaba_core::lessons::experiments;
use yew::prelude::*;

use crate::session::{apply_command_of, EDITOR_FILE};
use crate::storage;
use crate::strings::{use_lang, use_strings};
use code::Code;
use layers::go_to;
use problems::{problems, ProblemsProps};
use show_me::{show_me_panel, Shown};
use toolbar::{previous_key, Examples};

/// At most this many diagnostics are listed under the editor (all are marked in the gutter).
pub const DIAGNOSTICS_LISTED_MAX: usize = 50;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: Rc<str>,
    pub read_only: bool,
    pub last_apply: Option<Result<String, String>>,
    pub on_edit: Callback<String>,
    pub on_apply: Callback<()>,
    /// The app's autosave key; the text replaced by an example is kept under `KEY:previous`.
    #[prop_or_default]
    pub storage_key: Option<AttrValue>,
    /// The file the text is served as (an exercise's own file, e.g. `web.yaml`); an exercise's
    /// editor offers no examples (they would replace the file the exercise is about).
    #[prop_or_default]
    pub file: Option<AttrValue>,
    /// Where the cluster no longer runs what the text declares.
    #[prop_or_default]
    pub drift: Rc<Vec<sunaba_core::world::drift::Drift>>,
    /// "Take the cluster's version into the editor".
    #[prop_or_default]
    pub on_take_cluster: Callback<()>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let s = use_strings();
    let lang = use_lang();
    // The playground's own prefix (`sb-1-editor`): unique on a page of several playgrounds, and
    // the same in a page rendered at build time as in the browser that hydrates it.
    let ids = crate::ids::use_ids().id("editor");
    let textarea_ref = use_node_ref();
    let pre_ref = use_node_ref();
    let gutter_ref = use_node_ref();

    // One load per text gives both the problems to mark and what Apply runs (it registers an
    // ECS task definition, or applies Kubernetes objects).
    let file = props.file.clone();
    let checked = use_memo((props.text.clone(), file.clone()), |(text, file)| {
        let path = file.as_deref().unwrap_or(EDITOR_FILE);
        let loaded = load(path, text);
        let command = apply_command_of(&loaded).replacen(EDITOR_FILE, path, 1);
        (command, Rc::new(loaded.diagnostics))
    });
    let (apply_command, diagnostics) = (checked.0.clone(), checked.1.clone());
    let findings = use_memo((props.text.clone(), file.clone()), |(text, file)| {
        Rc::new(lint(file.as_deref().unwrap_or(EDITOR_FILE), text))
    });
    let findings: Rc<Vec<Finding>> = (*findings).clone();
    // The finding whose experiment is shown, and its result (the core ran it).
    let show_me = use_state(|| None::<Shown>);
    // The text an example replaced, recoverable after a reload too.
    let previous = use_state({
        let key = previous_key(&props.storage_key);
        move || key.and_then(|k| storage::load(&k)).map(Rc::<str>::from)
    });

    let on_go_to = {
        let (textarea_ref, pre_ref, gutter_ref) =
            (textarea_ref.clone(), pre_ref.clone(), gutter_ref.clone());
        Callback::from(move |(line, column): (usize, usize)| {
            go_to(&textarea_ref, &[&pre_ref, &gutter_ref], line, column);
        })
    };
    let on_show_me = {
        let (show_me, text) = (show_me.clone(), props.text.clone());
        Callback::from(move |finding: Finding| {
            let result = experiments::show_me(&finding, &text);
            show_me.set(Some(Rc::new((finding, result))));
        })
    };
    let on_close_show_me = {
        let show_me = show_me.clone();
        Callback::from(move |()| show_me.set(None))
    };

    let result = match &props.last_apply {
        Some(Err(err)) => html! {
            <div class="sb-apply-error" role="alert" data-testid="apply-error">
                <strong>{ s.apply_error_heading }</strong>
                <pre>{ err }</pre>
            </div>
        },
        Some(Ok(out)) if !out.trim().is_empty() => html! {
            <pre class="sb-apply-ok" data-testid="apply-result" aria-live="polite" tabindex="0">{ out }</pre>
        },
        _ => html! {},
    };
    let heading_id = format!("{ids}-heading");
    let summary_id: AttrValue = format!("{ids}-summary").into();
    html! {
        <section class="sb-panel sb-editor" aria-labelledby={heading_id.clone()}>
            <div class="sb-panel-head">
                <h2 id={heading_id}>{ s.editor_heading }
                    if props.read_only { <span class="sb-badge">{ s.read_only }</span> }
                </h2>
                if !props.read_only { <p class="sb-hint">{ s.editor_hint }</p> }
            </div>
            if !props.read_only {
                <div class="sb-editor-actions">
                    <button type="button" data-testid="apply" class="sb-btn sb-primary"
                        onclick={props.on_apply.reform(|_: MouseEvent| ())}
                        title={apply_command.clone()}>{ s.apply }</button>
                    <code class="sb-cmd-preview" data-testid="apply-command">{ format!("$ {apply_command}") }</code>
                </div>
                if !props.drift.is_empty() {
                    { drift::notice(&props.drift, &props.on_take_cluster, lang) }
                }
            }
            if !props.read_only && props.file.is_none() {
                <Examples ids={AttrValue::from(ids.to_string())} text={props.text.clone()}
                    on_edit={props.on_edit.clone()} storage_key={props.storage_key.clone()}
                    previous={previous.clone()} textarea={textarea_ref.clone()} />
            }
            <Code text={props.text.clone()} read_only={props.read_only}
                diagnostics={diagnostics.clone()} findings={findings.clone()}
                summary_id={summary_id.clone()} textarea={textarea_ref.clone()}
                pre={pre_ref.clone()} gutter={gutter_ref.clone()}
                on_edit={props.on_edit.clone()} on_apply={props.on_apply.clone()} />
            { problems(&ProblemsProps {
                diagnostics,
                findings,
                line_count: props.text.split('\n').count(),
                summary_id,
                on_go_to,
                on_show_me,
                // The experiment's result right under the hint whose button asked for it.
                shown: (*show_me).clone().map(|shown| {
                    let at = (shown.0.rule, shown.0.line);
                    (at, show_me_panel(&shown, &on_close_show_me, lang))
                }),
            }, lang) }
            { result }
        </section>
    }
}
