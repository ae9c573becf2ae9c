//! What the playground keeps in `localStorage`, as versioned, size-bounded records, and the
//! reading that refuses anything else with a reason.
//!
//! Every record is a JSON object that names its app, kind and format version first:
//! `{"app":"sunaba","kind":"editor","version":1,"rev":3,"text":"…"}`. Reading classifies what
//! a key holds ([`Refusal`]): too large, damaged (starts like a record of ours but does not
//! parse: cut short), foreign (another app's, or another kind of ours), from a newer version,
//! or corrupt (our record, valid JSON, wrong shape). A refused value is never replaced by
//! reading it; what the shell does about it is decided in [`sync`].
//!
//! Values written before records existed (the editor's plain text, progress as `"step,best"`)
//! are still read, as version 0, and rewritten as records when next saved.
//!
//! Pure Rust: no `web_sys` here, so every rule has a native test.

pub mod progress;
pub mod sync;

use std::fmt;

use serde::{Deserialize, Serialize};

/// The `app` of every record this playground writes.
pub const APP: &str = "sunaba";
/// The record format written; records of a higher version are refused, never overwritten.
pub const VERSION: u32 = 1;
/// Longest editor text saved or read back. The same bound as a share link's texts, so any
/// saved text can be shared and any shared text can be saved.
pub const TEXT_MAX_BYTES: usize = crate::share::TEXT_MAX_BYTES;
/// Longest stored value read (JSON escapes may grow a text up to six times; browsers keep
/// about 5 M characters per origin, so anything longer than this was not written by us).
pub const STORED_MAX_BYTES: usize = 6 * TEXT_MAX_BYTES + 1024;
/// Most revisions counted: a counter at the bound is refused as corrupt rather than wrapping.
pub const REV_MAX: u64 = 1 << 53;

/// The kinds of record, each under its own keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The editor's autosaved text (`storageKey`).
    Editor,
    /// A learner's progress in one exercise (`sunaba:progress:ID`).
    Progress,
    /// A text kept aside (`storageKey:previous`: what an example or a share link replaced).
    Kept,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Editor => "editor",
            Kind::Progress => "progress",
            Kind::Kept => "kept",
        }
    }
}

/// Why a stored value was not read. It stays in storage as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Longer than any record we write.
    Oversized { bytes: usize, max_bytes: usize },
    /// Begins like a record of ours but is not JSON (cut short, or edited by hand).
    Damaged,
    /// Another app's record (`app` is not ours), or another kind of ours under this key.
    Foreign { app: String, kind: String },
    /// Written by a newer version of the playground.
    Future { version: u64 },
    /// Our record, valid JSON, but not the shape its version has.
    Corrupt { detail: String },
}

impl fmt::Display for Refusal {
    /// The English wording, for the console and the tests; the page shows
    /// [`crate::strings::SavedWorkText`]'s in its language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Oversized { bytes, max_bytes } => {
                write!(f, "it is {bytes} bytes; at most {max_bytes} are read")
            }
            Refusal::Damaged => write!(f, "it is damaged (cut short or not JSON)"),
            Refusal::Foreign { app, kind } => {
                write!(f, "it belongs to something else (app {app:?}, kind {kind:?})")
            }
            Refusal::Future { version } => write!(
                f,
                "it was saved by a newer version of the playground (format {version}; this one reads up to {VERSION})"
            ),
            Refusal::Corrupt { detail } => write!(f, "its content is not valid: {detail}"),
        }
    }
}

/// A short, printable excerpt of stored text for a message (never markup: the UI renders text).
fn shown(s: &str) -> String {
    s.chars().take(24).collect()
}

/// The header every record starts with, checked before its body.
#[derive(Deserialize)]
struct Header {
    app: Option<serde_json::Value>,
    kind: Option<serde_json::Value>,
    version: Option<serde_json::Value>,
}

/// The prefix every record of ours starts with: a value starting so that does not parse is
/// damaged rather than an old plain text.
const PREFIX: &str = "{\"app\":\"sunaba\"";

/// Reads a stored value as a record of `kind`: `Ok(Some(body))` for ours at a version read,
/// `Ok(None)` when it is not a JSON record at all (a version 0 value, for the caller to read),
/// else why it is refused.
fn read_record(raw: &str, kind: Kind) -> Result<Option<serde_json::Value>, Refusal> {
    if raw.len() > STORED_MAX_BYTES {
        return Err(Refusal::Oversized {
            bytes: raw.len(),
            max_bytes: STORED_MAX_BYTES,
        });
    }
    let trimmed = raw.trim_start();
    let value: serde_json::Value = match serde_json::from_str(trimmed) {
        Ok(v) => v,
        Err(_) if trimmed.starts_with(PREFIX) => return Err(Refusal::Damaged),
        Err(_) => return Ok(None),
    };
    let Some(object) = value.as_object() else {
        return Ok(None);
    };
    // A JSON object without `app` is a plain text that happens to be JSON (an ECS task
    // definition in the editor, say): version 0.
    if !object.contains_key("app") {
        return Ok(None);
    }
    let header: Header = serde_json::from_value(value.clone()).map_err(|e| Refusal::Corrupt {
        detail: e.to_string(),
    })?;
    let text_of = |v: &Option<serde_json::Value>| match v {
        Some(serde_json::Value::String(s)) => shown(s),
        Some(other) => shown(&other.to_string()),
        None => String::new(),
    };
    if header.app.as_ref().and_then(|a| a.as_str()) != Some(APP) {
        return Err(Refusal::Foreign {
            app: text_of(&header.app),
            kind: text_of(&header.kind),
        });
    }
    if header.kind.as_ref().and_then(|k| k.as_str()) != Some(kind.name()) {
        return Err(Refusal::Foreign {
            app: APP.into(),
            kind: text_of(&header.kind),
        });
    }
    match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => Ok(Some(value)),
        Some(v) if v > u64::from(VERSION) => Err(Refusal::Future { version: v }),
        _ => Err(Refusal::Corrupt {
            detail: format!(
                "its version is {}, not a number from 1 to {VERSION}",
                text_of(&header.version)
            ),
        }),
    }
}

/// An editor record: the text and the revision that wrote it (0: nothing saved yet, or a
/// plain text saved before records existed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditorRecord {
    pub rev: u64,
    pub text: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EditorWire {
    app: String,
    kind: String,
    version: u32,
    rev: u64,
    text: String,
}

impl EditorRecord {
    /// Reads what the editor's key holds.
    pub fn read(raw: &str) -> Result<EditorRecord, Refusal> {
        let Some(value) = read_record(raw, Kind::Editor)? else {
            return plain_text(raw);
        };
        let wire: EditorWire = serde_json::from_value(value).map_err(|e| Refusal::Corrupt {
            detail: e.to_string(),
        })?;
        if wire.rev == 0 || wire.rev > REV_MAX {
            return Err(Refusal::Corrupt {
                detail: format!("its revision is {}, not from 1 to {REV_MAX}", wire.rev),
            });
        }
        if wire.text.len() > TEXT_MAX_BYTES {
            return Err(Refusal::Oversized {
                bytes: wire.text.len(),
                max_bytes: TEXT_MAX_BYTES,
            });
        }
        Ok(EditorRecord {
            rev: wire.rev,
            text: wire.text,
        })
    }

    /// The stored form.
    pub fn write(&self) -> String {
        let wire = EditorWire {
            app: APP.into(),
            kind: Kind::Editor.name().into(),
            version: VERSION,
            rev: self.rev,
            text: self.text.clone(),
        };
        // A struct of strings and numbers always serialises.
        serde_json::to_string(&wire).unwrap_or_default()
    }
}

/// A version 0 editor value: the text itself.
fn plain_text(raw: &str) -> Result<EditorRecord, Refusal> {
    if raw.len() > TEXT_MAX_BYTES {
        return Err(Refusal::Oversized {
            bytes: raw.len(),
            max_bytes: TEXT_MAX_BYTES,
        });
    }
    Ok(EditorRecord {
        rev: 0,
        text: raw.to_owned(),
    })
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeptWire {
    app: String,
    kind: String,
    version: u32,
    text: String,
}

/// Reads a text kept aside (a plain text written before records existed is read too).
pub fn read_kept(raw: &str) -> Result<String, Refusal> {
    let Some(value) = read_record(raw, Kind::Kept)? else {
        return plain_text(raw).map(|r| r.text);
    };
    let wire: KeptWire = serde_json::from_value(value).map_err(|e| Refusal::Corrupt {
        detail: e.to_string(),
    })?;
    if wire.text.len() > TEXT_MAX_BYTES {
        return Err(Refusal::Oversized {
            bytes: wire.text.len(),
            max_bytes: TEXT_MAX_BYTES,
        });
    }
    Ok(wire.text)
}

/// The stored form of a text kept aside.
pub fn write_kept(text: &str) -> String {
    let wire = KeptWire {
        app: APP.into(),
        kind: Kind::Kept.name().into(),
        version: VERSION,
        text: text.to_owned(),
    };
    serde_json::to_string(&wire).unwrap_or_default()
}

#[cfg(test)]
mod tests;
