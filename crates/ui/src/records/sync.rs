//! The editor's autosave as decisions: what to write, when a write would silently replace
//! another tab's work, what to do when another tab saves, and what to tell the learner.
//!
//! Every write is a compare-and-swap: the shell reads the key just before writing, and this
//! tab writes only if the key still holds what it last read or wrote (its *base*). Each write
//! counts a revision up. When another tab's save arrives (the `storage` event) this tab takes
//! it quietly if its own text is all saved, and otherwise asks the learner ("Load theirs" /
//! "Keep mine") and writes nothing until they choose.
//!
//! The shell (`crate::autosave`) does the reading and writing and shows [`Status`]; nothing
//! here touches the browser.

use super::{EditorRecord, Refusal, REV_MAX, TEXT_MAX_BYTES};

/// Appended to the key to keep a stored value this page could not read, before the first save
/// replaces it.
pub const UNREADABLE_SUFFIX: &str = ":unreadable";

/// Why the browser did not store a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageFailure {
    /// No `localStorage` (disabled, or a private mode that refuses it).
    Unavailable,
    /// The origin's quota is used up.
    Full,
}

/// What happened to a stored value this page could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kept {
    /// Copied under this key; this tab saves over the original as usual.
    CopiedTo(String),
    /// Left where it is; this tab does not save over it.
    Untouched,
}

/// What the learner is told about their saved work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Quiet,
    /// The stored value could not be read (at opening, or written meanwhile by another tab).
    Refused {
        refusal: Refusal,
        kept: Kept,
    },
    /// Another tab saved while this tab had changes of its own: nothing is saved until the
    /// learner chooses.
    Conflict,
    /// The last save failed: this tab's text lives only in this tab.
    SaveFailed(StorageFailure),
    /// The text is longer than a saved text may be; it is not saved.
    TooLarge {
        bytes: usize,
    },
}

/// What the key held when this tab last read or wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Base {
    Absent,
    Record(EditorRecord),
    /// A value this page cannot read, kept elsewhere: the first save may replace it.
    Replaceable(String),
}

impl Base {
    fn rev(&self) -> u64 {
        match self {
            Base::Record(r) => r.rev,
            Base::Absent | Base::Replaceable(_) => 0,
        }
    }

    /// Whether the key still holds this.
    fn is(&self, stored: Option<&str>) -> bool {
        match (self, stored) {
            (Base::Absent, None) => true,
            (Base::Record(r), Some(raw)) => EditorRecord::read(raw).as_ref() == Ok(r),
            (Base::Replaceable(s), Some(raw)) => s == raw,
            _ => false,
        }
    }
}

/// What the page opens with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Opening {
    /// Nothing saved: the page's default text.
    Nothing,
    /// The saved text.
    Text(String),
    /// Something unreadable is stored: the default text, and the value left alone until the
    /// shell has kept a copy ([`Sync::kept_copy`]).
    Refused,
}

/// Where a copy of an unreadable value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyPlan {
    /// The copy's key is free: write it there.
    Write,
    /// The copy's key already holds this very value.
    AlreadyKept,
    /// The copy's key holds something else, which must not be lost either.
    Occupied,
}

/// Whether the unreadable value `raw` can be copied to a key holding `existing`.
pub fn copy_plan(existing: Option<&str>, raw: &str) -> CopyPlan {
    match existing {
        None => CopyPlan::Write,
        Some(e) if e == raw => CopyPlan::AlreadyKept,
        Some(_) => CopyPlan::Occupied,
    }
}

/// What to do with the editor's text after an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Save {
    /// Store this record (then report [`Sync::committed`] or [`Sync::failed`]).
    Write(EditorRecord),
    /// Write nothing (the status says why, if there is a reason to say).
    Skip,
}

/// What another tab's save means for this tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arrived {
    /// Nothing changes here.
    Ignore,
    /// This tab had no unsaved changes: show this text.
    Take(String),
    /// This tab has changes of its own: ask the learner.
    Conflict,
}

/// One tab's autosave of one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sync {
    base: Base,
    /// The editor holds changes that are not stored.
    dirty: bool,
    /// Another tab's record, waiting for the learner's choice.
    theirs: Option<EditorRecord>,
    /// Never write: the key holds something unreadable that is not kept elsewhere.
    held: bool,
    status: Status,
}

impl Sync {
    /// Starts from what the key holds (`None`: nothing).
    pub fn start(stored: Option<&str>) -> (Sync, Opening) {
        let mut sync = Sync {
            base: Base::Absent,
            dirty: false,
            theirs: None,
            held: false,
            status: Status::Quiet,
        };
        let Some(raw) = stored else {
            return (sync, Opening::Nothing);
        };
        match EditorRecord::read(raw) {
            Ok(record) => {
                let text = record.text.clone();
                sync.base = Base::Record(record);
                (sync, Opening::Text(text))
            }
            Err(refusal) => {
                sync.held = true;
                sync.status = Status::Refused {
                    refusal,
                    kept: Kept::Untouched,
                };
                (sync, Opening::Refused)
            }
        }
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The shell has kept a copy of the unreadable `raw` under `copy_key`: saves may now
    /// replace it.
    pub fn kept_copy(&mut self, raw: &str, copy_key: &str) {
        if let Status::Refused { kept, .. } = &mut self.status {
            *kept = Kept::CopiedTo(copy_key.to_owned());
        }
        self.base = Base::Replaceable(raw.to_owned());
        self.held = false;
    }

    /// What the key holds could not be kept aside before something else replaced the editor's
    /// text (a share link): this tab writes nothing over it, and says why.
    pub fn hold(&mut self, why: StorageFailure) {
        self.held = true;
        self.status = Status::SaveFailed(why);
    }

    /// The learner changed the text to `text`; the key holds `stored` now.
    pub fn edited(&mut self, text: &str, stored: Option<&str>) -> Save {
        self.dirty = true;
        if self.held || self.theirs.is_some() {
            return Save::Skip;
        }
        if text.len() > TEXT_MAX_BYTES {
            self.status = Status::TooLarge { bytes: text.len() };
            return Save::Skip;
        }
        if !self.base.is(stored) {
            match stored.map(EditorRecord::read) {
                // Removed meanwhile (another tab, or the learner): nothing to lose.
                None => self.base = Base::Absent,
                Some(Ok(record)) if record.text == text => {
                    self.base = Base::Record(record);
                    self.dirty = false;
                    return Save::Skip;
                }
                Some(Ok(record)) => {
                    self.theirs = Some(record);
                    self.status = Status::Conflict;
                    return Save::Skip;
                }
                Some(Err(refusal)) => {
                    self.held = true;
                    self.status = Status::Refused {
                        refusal,
                        kept: Kept::Untouched,
                    };
                    return Save::Skip;
                }
            }
        }
        Save::Write(EditorRecord {
            rev: (self.base.rev() + 1).min(REV_MAX),
            text: text.to_owned(),
        })
    }

    /// The record of [`Save::Write`] is stored.
    pub fn committed(&mut self, record: EditorRecord) {
        self.base = Base::Record(record);
        self.dirty = false;
        if matches!(
            self.status,
            Status::SaveFailed(_) | Status::TooLarge { .. } | Status::Conflict
        ) {
            self.status = Status::Quiet;
        }
    }

    /// The browser refused to store the record of [`Save::Write`].
    pub fn failed(&mut self, why: StorageFailure) {
        self.status = Status::SaveFailed(why);
    }

    /// Another tab stored `stored` under this key (`None`: it removed it) while this editor
    /// shows `text`.
    pub fn arrived(&mut self, stored: Option<&str>, text: &str) -> Arrived {
        let Some(raw) = stored else {
            // The next save writes anew; until then there is nothing to take.
            return Arrived::Ignore;
        };
        if self.base.is(Some(raw)) {
            return Arrived::Ignore;
        }
        // Unreadable (a newer version's, say): the next save finds it and holds.
        let Ok(record) = EditorRecord::read(raw) else {
            return Arrived::Ignore;
        };
        // The unreadable value this tab would not save over is gone: another tab replaced it.
        self.held = false;
        if record.text == text {
            self.base = Base::Record(record);
            self.dirty = false;
            self.theirs = None;
            if self.status == Status::Conflict {
                self.status = Status::Quiet;
            }
            return Arrived::Ignore;
        }
        if self.dirty || self.theirs.is_some() {
            self.theirs = Some(record);
            self.status = Status::Conflict;
            return Arrived::Conflict;
        }
        let text = record.text.clone();
        self.base = Base::Record(record);
        Arrived::Take(text)
    }

    /// "Load theirs": the other tab's text, to show; this tab's is dropped.
    pub fn load_theirs(&mut self) -> Option<String> {
        let record = self.theirs.take()?;
        let text = record.text.clone();
        self.base = Base::Record(record);
        self.dirty = false;
        self.status = Status::Quiet;
        Some(text)
    }

    /// "Keep mine": this tab's `text` replaces what the key holds now (`stored`).
    pub fn keep_mine(&mut self, text: &str, stored: Option<&str>) -> Save {
        if self.theirs.take().is_none() {
            return Save::Skip;
        }
        self.status = Status::Quiet;
        self.base = match stored.map(EditorRecord::read) {
            None => Base::Absent,
            Some(Ok(record)) => Base::Record(record),
            // Something unreadable arrived meanwhile: the next edit holds rather than lose it.
            Some(Err(_)) => self.base.clone(),
        };
        self.edited(text, stored)
    }
}
