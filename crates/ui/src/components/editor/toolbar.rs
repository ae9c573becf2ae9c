//! The examples menu: load a ready example into the editor, and take it back ("Undo load").
//! The text an example replaced is kept (in localStorage too, under `<storageKey>:previous`),
//! unless it was empty or itself an untouched example.

use std::rc::Rc;

use web_sys::{Element, HtmlSelectElement};
use yew::prelude::*;

use super::text::{EN, JA};
use crate::example::{Example, EXAMPLES};
use crate::storage;
use crate::strings::use_lang;

/// Where the text an example replaced is kept.
pub(super) fn previous_key(storage_key: &Option<AttrValue>) -> Option<String> {
    storage_key.as_ref().map(|k| format!("{k}:previous"))
}

#[derive(Properties, PartialEq)]
pub(super) struct ExamplesProps {
    /// Prefix of element ids (unique on the page).
    pub ids: AttrValue,
    pub text: Rc<str>,
    pub on_edit: Callback<String>,
    pub storage_key: Option<AttrValue>,
    /// The text an example replaced (the editor keeps it while the menu comes and goes).
    pub previous: UseStateHandle<Option<Rc<str>>>,
    /// The textarea, scrolled back to the top when an example loads.
    pub textarea: NodeRef,
}

#[function_component(Examples)]
pub(super) fn examples(props: &ExamplesProps) -> Html {
    let lang = use_lang();
    let t = lang.pick(&EN, &JA);
    let select_ref = use_node_ref();
    let on_load = {
        let (on_edit, previous, select_ref, textarea) = (
            props.on_edit.clone(),
            props.previous.clone(),
            select_ref.clone(),
            props.textarea.clone(),
        );
        let (text, key) = (props.text.clone(), previous_key(&props.storage_key));
        Callback::from(move |_: MouseEvent| {
            let Some(select) = select_ref.cast::<HtmlSelectElement>() else {
                return;
            };
            let Some(example) = Example::find(&select.value()) else {
                return;
            };
            let loaded = example.text_in(lang);
            if *text == *loaded {
                return;
            }
            // Keep what the learner wrote; an untouched example needs no keeping.
            let untouched = text.trim().is_empty() || EXAMPLES.iter().any(|e| e.is(&text));
            if !untouched {
                if let Some(key) = &key {
                    storage::save(key, &crate::records::write_kept(&text));
                }
                previous.set(Some(text.clone()));
            }
            on_edit.emit(loaded);
            if let Some(ta) = textarea.cast::<Element>() {
                ta.set_scroll_top(0);
                ta.set_scroll_left(0);
            }
        })
    };
    let on_undo = {
        let (on_edit, previous, key) = (
            props.on_edit.clone(),
            props.previous.clone(),
            previous_key(&props.storage_key),
        );
        Callback::from(move |_: MouseEvent| {
            if let Some(text) = (*previous).clone() {
                on_edit.emit(text.to_string());
            }
            if let Some(key) = &key {
                storage::remove(key);
            }
            previous.set(None);
        })
    };
    let select_id = format!("{}-example", props.ids);
    let current = EXAMPLES.iter().find(|e| e.is(&props.text)).map(|e| e.id);
    html! {
        <div class="sb-editor-toolbar">
            <label for={select_id.clone()}>{ t.examples_label }</label>
            <select id={select_id} ref={select_ref} class="sb-select"
                data-testid="example-select">
                // The menu names what the editor holds: an example as it is, or the learner's
                // own text. `selected` explicitly: options are inserted last-first, and a
                // select without one would show the first inserted.
                if current.is_none() {
                    <option value="" selected=true disabled=true>{ t.own_text }</option>
                }
                { for EXAMPLES.iter().map(|e| html! {
                    <option value={e.id} selected={current == Some(e.id)}>{ e.title(lang) }</option>
                }) }
            </select>
            <button type="button" class="sb-btn" data-testid="load-example"
                title={t.load_example_title} onclick={on_load}>{ t.load_example }</button>
            if props.previous.is_some() {
                <button type="button" class="sb-btn" data-testid="undo-load"
                    title={t.undo_load_title} onclick={on_undo}>{ t.undo_load }</button>
            }
        </div>
    }
}
