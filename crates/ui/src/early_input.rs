//! What a learner typed into a page rendered at build time before its Wasm was live.
//!
//! The text areas of that first view are ordinary form fields: the browser edits them while
//! the Wasm still downloads, and hydration would then set them back to the text they were
//! rendered with (Yew writes a textarea's value when it takes it over). So, just before the
//! app takes over, their values are read: a value that differs from the field's default (the
//! text in the HTML) is the learner's, and becomes the session's (and is autosaved) unless a
//! script has already put another text there, as a later edit would replace an earlier one.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};

use crate::session::Session;
use crate::state::Action;

/// The session's texts when the page's Wasm started.
#[derive(Clone, Debug)]
pub struct FirstView {
    editor: String,
    dockerfile: String,
}

impl FirstView {
    pub fn of(session: &Session) -> Self {
        FirstView {
            editor: session.editor().to_string(),
            dockerfile: session.dockerfile().to_string(),
        }
    }

    /// The edits the learner made in `host`'s text areas, which the session does not have yet.
    pub fn typed(&self, host: &Element, session: &Session) -> Vec<Action> {
        let editor = typed_into(host, ".sb-textarea", &self.editor, &session.editor());
        let dockerfile = typed_into(
            host,
            ".sb-df-textarea",
            &self.dockerfile,
            &session.dockerfile(),
        );
        editor
            .map(Action::Edit)
            .into_iter()
            .chain(dockerfile.map(Action::EditDockerfile))
            .collect()
    }
}

/// The value of the text area `selector` when the learner changed it and the session's text
/// (`now`) is still the one the page started with (`then`).
fn typed_into(host: &Element, selector: &str, then: &str, now: &str) -> Option<String> {
    let field: HtmlTextAreaElement = host.query_selector(selector).ok()??.dyn_into().ok()?;
    let value = field.value();
    (now == then && field.default_value().ok()? != value).then_some(value)
}
