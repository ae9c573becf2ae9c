//! The code area: a native `<textarea>` over a highlighted `<pre aria-hidden>` of the same
//! text, scroll-synchronised, beside the line-number gutter with its marks. The highlighted
//! text and the gutter are rebuilt (as DOM nodes, never parsed HTML) only when they change.

use std::rc::Rc;

use sunaba_core::input::definitions::lint::Finding;
use sunaba_core::input::definitions::Diagnostic;
use web_sys::{Element, HtmlTextAreaElement, KeyboardEvent};
use yew::prelude::*;

use super::layers::{fill_gutter, sync_scroll, update_lines};
use super::marks::{all_marks, marks_by_line};
use super::text::{EN, JA};
use crate::highlight;
use crate::strings::{use_lang, use_strings};

#[derive(Properties, PartialEq)]
pub(super) struct CodeProps {
    pub text: Rc<str>,
    pub read_only: bool,
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub findings: Rc<Vec<Finding>>,
    /// The problems summary that describes the textarea.
    pub summary_id: AttrValue,
    pub textarea: NodeRef,
    pub pre: NodeRef,
    pub gutter: NodeRef,
    pub on_edit: Callback<String>,
    pub on_apply: Callback<()>,
}

#[function_component(Code)]
pub(super) fn code(props: &CodeProps) -> Html {
    let s = use_strings();
    let lang = use_lang();
    let t = lang.pick(&EN, &JA);
    let (textarea_ref, pre_ref, gutter_ref) = (
        props.textarea.clone(),
        props.pre.clone(),
        props.gutter.clone(),
    );
    let (diagnostics, findings) = (props.diagnostics.clone(), props.findings.clone());
    let highlighted = use_memo(props.text.clone(), |text| highlight::to_run_lines(text));
    let line_count = props.text.split('\n').count();
    let plain = highlighted.is_none();
    let gutter = use_memo(
        (
            line_count,
            diagnostics.clone(),
            findings.clone(),
            lang,
            plain,
        ),
        |(line_count, diagnostics, findings, lang, plain)| {
            (!*plain).then(|| {
                let marks = all_marks(diagnostics, findings, *lang);
                (*line_count, marks_by_line(&marks, *line_count))
            })
        },
    );

    // The highlighted text and the gutter are built as DOM nodes (not diffed as tens of
    // thousands of virtual nodes), only when they change; of the text, only the lines that
    // changed (a keystroke replaces one line element, not 2,000).
    let shown_lines = use_mut_ref(|| Rc::new(None::<Vec<Vec<highlight::Run>>>));
    {
        let pre_ref = pre_ref.clone();
        use_effect_with(highlighted.clone(), move |lines| {
            let Some(pre) = pre_ref.cast::<Element>() else {
                return;
            };
            let mut shown = shown_lines.borrow_mut();
            update_lines(
                &pre,
                shown.as_ref().as_deref().unwrap_or(&[]),
                lines.as_deref().unwrap_or(&[]),
            );
            *shown = lines.clone();
        });
    }
    {
        let gutter_ref = gutter_ref.clone();
        use_effect_with(gutter.clone(), move |gutter| {
            if let (Some(element), Some((line_count, marks))) =
                (gutter_ref.cast::<Element>(), gutter.as_ref())
            {
                fill_gutter(&element, *line_count, marks);
            }
        });
    }

    // The highlighted layer and the gutter follow the textarea when its text changes (scrolling
    // has its own handler). Not on the first render: nothing has scrolled yet, and reading the
    // scroll position would force the whole page's first layout inside the hydration's task.
    {
        let (textarea_ref, pre_ref, gutter_ref) =
            (textarea_ref.clone(), pre_ref.clone(), gutter_ref.clone());
        let first = use_mut_ref(|| true);
        use_effect_with(props.text.clone(), move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                sync_scroll(&textarea_ref, &[&pre_ref, &gutter_ref]);
            }
        });
    }
    let onscroll = {
        let (textarea_ref, pre_ref, gutter_ref) =
            (textarea_ref.clone(), pre_ref.clone(), gutter_ref.clone());
        Callback::from(move |_: Event| sync_scroll(&textarea_ref, &[&pre_ref, &gutter_ref]))
    };
    let oninput = props
        .on_edit
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onkeydown = {
        let (on_apply, read_only) = (props.on_apply.clone(), props.read_only);
        Callback::from(move |e: KeyboardEvent| {
            if !read_only && e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_apply.emit(());
            }
        })
    };

    let gutter_layer = if plain {
        html! {}
    } else {
        // Room for the widest line number, the marker icon and the padding.
        // A class per width in www/style.css (2 to 7 digits: the editor holds far fewer lines).
        let digits = (line_count.max(10).ilog10() + 1).min(7);
        let class = classes!("sb-gutter", format!("is-digits-{digits}"));
        html! { <div {class} aria-hidden="true" ref={gutter_ref}></div> }
    };
    let highlight_layer = if plain {
        html! {}
    } else {
        html! { <pre class="sb-code-highlight" aria-hidden="true" ref={pre_ref}></pre> }
    };
    html! {
        <>
                <div class={classes!("sb-code", plain.then_some("is-plain"), props.read_only.then_some("is-read-only"))}>
                    { gutter_layer }
                    <div class="sb-code-area">
                        { highlight_layer }
                        <textarea data-testid="editor" class="sb-textarea" ref={textarea_ref}
                            aria-label={if props.text.trim_start().starts_with('{') { s.editor_label_ecs } else { s.editor_label }} aria-describedby={props.summary_id.clone()}
                            spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" rows="20"
                            readonly={props.read_only}
                            value={props.text.to_string()}
                            {oninput} {onkeydown} {onscroll} />
                    </div>
                </div>
                if plain { <p class="sb-hint sb-plain-notice">{ t.plain_notice }</p> }
        </>
    }
}
