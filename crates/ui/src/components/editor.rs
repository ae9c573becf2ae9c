use web_sys::{HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use crate::session::APPLY_COMMAND;
use crate::strings::use_strings;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: std::rc::Rc<str>,
    pub read_only: bool,
    pub last_apply: Option<Result<String, String>>,
    pub on_edit: Callback<String>,
    pub on_apply: Callback<()>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let s = use_strings();
    let oninput = props
        .on_edit
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onkeydown = {
        let on_apply = props.on_apply.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_apply.emit(());
            }
        })
    };
    let onclick = props.on_apply.reform(|_: MouseEvent| ());
    let result = match &props.last_apply {
        Some(Err(err)) => html! {
            <div class="sb-apply-error" role="alert" data-testid="apply-error">
                <strong>{ s.apply_error_heading }</strong>
                <pre>{ err }</pre>
            </div>
        },
        Some(Ok(out)) if !out.trim().is_empty() => html! {
            <pre class="sb-apply-ok" data-testid="apply-result" aria-live="polite">{ out }</pre>
        },
        _ => html! {},
    };
    html! {
        <section class="sb-panel sb-editor" aria-labelledby="sb-editor-heading">
            <div class="sb-panel-head">
                <h2 id="sb-editor-heading">{ s.editor_heading }
                    if props.read_only { <span class="sb-badge">{ s.read_only }</span> }
                </h2>
                <p class="sb-hint">{ s.editor_hint }</p>
            </div>
            <textarea data-testid="editor" class="sb-textarea"
                aria-label={s.editor_label}
                spellcheck="false" autocomplete="off" wrap="off" rows="20"
                readonly={props.read_only}
                value={props.text.to_string()}
                {oninput} {onkeydown} />
            <div class="sb-editor-actions">
                <button type="button" data-testid="apply" class="sb-btn sb-primary" {onclick}
                    title={APPLY_COMMAND}>{ s.apply }</button>
                <code class="sb-cmd-preview">{ format!("$ {APPLY_COMMAND}") }</code>
            </div>
            { result }
        </section>
    }
}
