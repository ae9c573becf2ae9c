//! The editor's autosave, the browser side of [`crate::records::sync`]: it reads and writes
//! the key, listens for other tabs' saves (the `storage` event), and shows what the learner
//! must know in a banner ("changed in another tab", "could not be saved", "could not be
//! read"). Every decision is `Sync`'s; this file only carries values between it and the page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::records::sync::{
    copy_plan, Arrived, CopyPlan, Kept, Opening, Save, Status, Sync, UNREADABLE_SUFFIX,
};
use crate::records::{Refusal, TEXT_MAX_BYTES};
use crate::session::Session;
use crate::state::Action;
use crate::storage;
use crate::strings::{fill, Lang, SavedWorkText, SAVED_WORK_EN, SAVED_WORK_JA};

/// One playground's autosave of its editor under one key.
#[derive(Clone)]
pub struct Autosave {
    key: Rc<str>,
    sync: Rc<RefCell<Sync>>,
}

impl PartialEq for Autosave {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sync, &other.sync)
    }
}

impl std::fmt::Debug for Autosave {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Autosave({:?})", self.key)
    }
}

impl Autosave {
    /// Reads `key`: the autosave, and the saved text to open with (`None`: the page's own).
    /// A value that cannot be read is copied aside before anything may replace it.
    pub fn open(key: &str) -> (Autosave, Option<String>) {
        let stored = storage::load(key);
        let (mut sync, opening) = Sync::start(stored.as_deref());
        let text = match opening {
            Opening::Text(text) => Some(text),
            Opening::Nothing => None,
            Opening::Refused => {
                if let Some(raw) = &stored {
                    let copy_key = format!("{key}{UNREADABLE_SUFFIX}");
                    let kept = match copy_plan(storage::load(&copy_key).as_deref(), raw) {
                        CopyPlan::Write => storage::store(&copy_key, raw).is_ok(),
                        CopyPlan::AlreadyKept => true,
                        CopyPlan::Occupied => false,
                    };
                    if kept {
                        sync.kept_copy(raw, &copy_key);
                    }
                }
                if let Status::Refused { refusal, .. } = sync.status() {
                    crate::mount::console_error(&format!(
                        "sunaba: the text saved under {key:?} was not read: {refusal}"
                    ));
                }
                None
            }
        };
        let autosave = Autosave {
            key: key.into(),
            sync: Rc::new(RefCell::new(sync)),
        };
        (autosave, text)
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn status(&self) -> Status {
        self.sync.borrow().status().clone()
    }

    /// The learner changed the editor's text: save it unless that would replace another
    /// tab's newer save.
    pub fn edited(&self, text: &str) {
        let stored = storage::load(&self.key);
        let save = self.sync.borrow_mut().edited(text, stored.as_deref());
        self.write(save);
    }

    fn write(&self, save: Save) {
        if let Save::Write(record) = save {
            match storage::store(&self.key, &record.write()) {
                Ok(()) => self.sync.borrow_mut().committed(record),
                Err(why) => self.sync.borrow_mut().failed(why),
            }
        }
    }

    /// The saved text could not be kept aside: never save over it here.
    pub fn hold(&self, why: crate::records::sync::StorageFailure) {
        self.sync.borrow_mut().hold(why);
    }

    /// Another tab stored `stored` under this key while the editor shows `text`.
    pub fn arrived(&self, stored: Option<&str>, text: &str) -> Arrived {
        self.sync.borrow_mut().arrived(stored, text)
    }

    /// "Load theirs": the text to show.
    pub fn load_theirs(&self) -> Option<String> {
        self.sync.borrow_mut().load_theirs()
    }

    /// "Keep mine": `text` replaces the other tab's save.
    pub fn keep_mine(&self, text: &str) {
        let stored = storage::load(&self.key);
        let save = self.sync.borrow_mut().keep_mine(text, stored.as_deref());
        self.write(save);
    }
}

/// `1.5 MB`, `12 kB`, `300 bytes`: sizes as the learner reads them.
pub fn size(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else if bytes >= 1_000 {
        format!("{} kB", bytes / 1_000)
    } else {
        format!("{bytes} bytes")
    }
}

fn reason(refusal: &Refusal, t: &SavedWorkText) -> String {
    match refusal {
        Refusal::Oversized { bytes, max_bytes } => fill(
            t.oversized,
            &[("size", &size(*bytes)), ("max", &size(*max_bytes))],
        ),
        Refusal::Damaged => t.damaged.into(),
        Refusal::Foreign { .. } => t.foreign.into(),
        Refusal::Future { .. } => t.future.into(),
        Refusal::Corrupt { .. } => t.corrupt.into(),
    }
}

/// What the banner says about `status` in `lang` (`None`: nothing to say).
pub fn message(status: &Status, lang: Lang) -> Option<String> {
    let t = lang.pick(&SAVED_WORK_EN, &SAVED_WORK_JA);
    Some(match status {
        Status::Quiet => return None,
        Status::Refused {
            refusal,
            kept: Kept::CopiedTo(key),
        } => fill(
            t.refused_copied,
            &[("reason", &reason(refusal, t)), ("key", key)],
        ),
        Status::Refused {
            refusal,
            kept: Kept::Untouched,
        } => fill(t.refused_untouched, &[("reason", &reason(refusal, t))]),
        Status::Conflict => t.conflict.into(),
        Status::SaveFailed(crate::records::sync::StorageFailure::Full) => t.save_full.into(),
        Status::SaveFailed(crate::records::sync::StorageFailure::Unavailable) => {
            t.save_unavailable.into()
        }
        Status::TooLarge { bytes } => fill(
            t.too_large,
            &[("size", &size(*bytes)), ("max", &size(TEXT_MAX_BYTES))],
        ),
    })
}

/// The autosave as the app uses it: the editor's `on_edit` (saves, then edits), and the
/// banner to draw.
#[hook]
pub fn use_autosave(
    autosave: Option<Autosave>,
    session: Rc<Session>,
    dispatcher: UseReducerDispatcher<crate::state::State>,
) -> (Callback<String>, Html) {
    let status = use_state_eq({
        let a = autosave.clone();
        move || a.map_or(Status::Quiet, |a| a.status())
    });
    let on_edit = use_callback(
        (autosave.clone(), dispatcher.clone(), status.setter()),
        |text: String, (autosave, d, status)| {
            if let Some(a) = autosave {
                a.edited(&text);
                status.set(a.status());
            }
            d.dispatch(Action::Edit(text));
        },
    );
    // Other tabs' saves (the event never fires in the tab that saved).
    let editor_of = session.clone();
    use_effect_with(
        (autosave.clone(), dispatcher.clone(), status.setter()),
        move |(autosave, d, status)| {
            let listener = autosave.clone().map(|a| {
                let (d, status, session) = (d.clone(), status.clone(), editor_of.clone());
                Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
                    if e.key().as_deref() != Some(a.key()) {
                        return;
                    }
                    let outcome = a.arrived(e.new_value().as_deref(), &session.editor());
                    if let Arrived::Take(text) = outcome {
                        d.dispatch(Action::Edit(text));
                    }
                    status.set(a.status());
                })
            });
            let window = web_sys::window();
            if let (Some(w), Some(l)) = (&window, &listener) {
                let _ = w.add_event_listener_with_callback("storage", l.as_ref().unchecked_ref());
            }
            move || {
                if let (Some(w), Some(l)) = (window, listener) {
                    let _ = w
                        .remove_event_listener_with_callback("storage", l.as_ref().unchecked_ref());
                }
            }
        },
    );
    let on_theirs = {
        let (autosave, d, status) = (autosave.clone(), dispatcher, status.setter());
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = &autosave {
                if let Some(text) = a.load_theirs() {
                    d.dispatch(Action::Edit(text));
                }
                status.set(a.status());
            }
        })
    };
    let on_mine = {
        let (autosave, session, status) = (autosave, session.clone(), status.setter());
        Callback::from(move |_: MouseEvent| {
            if let Some(a) = &autosave {
                a.keep_mine(&session.editor());
                status.set(a.status());
            }
        })
    };
    let banner = html! {
        <SavedWorkBanner status={(*status).clone()} {on_theirs} {on_mine} />
    };
    (on_edit, banner)
}

#[derive(Properties, PartialEq)]
struct BannerProps {
    status: Status,
    on_theirs: Callback<MouseEvent>,
    on_mine: Callback<MouseEvent>,
}

/// The saved work's status; a conflict offers the two choices and cannot be dismissed.
#[function_component(SavedWorkBanner)]
fn saved_work_banner(props: &BannerProps) -> Html {
    let lang = crate::strings::use_lang();
    let t = lang.pick(&SAVED_WORK_EN, &SAVED_WORK_JA);
    // A dismissed message comes back only when the status changes.
    let dismissed = use_state_eq(|| None::<Status>);
    let Some(text) = message(&props.status, lang) else {
        return html! {};
    };
    if dismissed.as_ref() == Some(&props.status) {
        return html! {};
    }
    let conflict = props.status == Status::Conflict;
    let close = {
        let (dismissed, status) = (dismissed.clone(), props.status.clone());
        Callback::from(move |_: MouseEvent| dismissed.set(Some(status.clone())))
    };
    html! {
        <div class="sb-notice is-error" role={if conflict { "alert" } else { "status" }}
            data-testid="saved-work">
            <p>{ text }</p>
            if conflict {
                <button type="button" class="sb-btn" data-testid="load-theirs"
                    onclick={props.on_theirs.clone()}>{ t.load_theirs }</button>
                <button type="button" class="sb-btn" data-testid="keep-mine"
                    onclick={props.on_mine.clone()}>{ t.keep_mine }</button>
            } else {
                <button type="button" class="sb-btn sb-notice-close" aria-label={t.dismiss}
                    title={t.dismiss} onclick={close}>{ "×" }</button>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::sync::StorageFailure;

    #[test]
    fn every_status_but_quiet_has_a_message_in_both_languages() {
        let statuses = [
            Status::Refused {
                refusal: Refusal::Oversized {
                    bytes: 7_000_000,
                    max_bytes: 6_292_480,
                },
                kept: Kept::CopiedTo("sunaba:editor:unreadable".into()),
            },
            Status::Refused {
                refusal: Refusal::Damaged,
                kept: Kept::Untouched,
            },
            Status::Refused {
                refusal: Refusal::Future { version: 2 },
                kept: Kept::Untouched,
            },
            Status::Conflict,
            Status::SaveFailed(StorageFailure::Full),
            Status::SaveFailed(StorageFailure::Unavailable),
            Status::TooLarge { bytes: 2_000_000 },
        ];
        for status in &statuses {
            for lang in Lang::ALL {
                let m = message(status, lang).expect("a message");
                assert!(!m.contains('{'), "{m}");
            }
        }
        assert_eq!(message(&Status::Quiet, Lang::En), None);
        assert_eq!(
            message(&statuses[0], Lang::En).unwrap(),
            "Your saved work could not be read (it is 7.0 MB, over the 6.3 MB this playground \
             reads), so the playground opens without it. It was kept unchanged in this browser \
             under the key “sunaba:editor:unreadable”; your new work is saved as usual."
        );
        assert_eq!(
            message(&statuses[6], Lang::Ja).unwrap(),
            "このテキストは 2.0 MB あり、保存できるのは 1.0 MB までのため保存されません。このタブを閉じるまでは残ります。"
        );
    }

    #[test]
    fn sizes_read_as_bytes_kilobytes_or_megabytes() {
        assert_eq!(size(300), "300 bytes");
        assert_eq!(size(12_345), "12 kB");
        assert_eq!(size(1_048_576), "1.0 MB");
    }
}
