//! Share links: the seed, the cluster's setup, the editor's text, the command journal and the
//! page's language, encoded into a URL fragment. Opening one replays the journal, so the state
//! is the same.
//!
//! Formats, named by the version before the first `.`:
//! - `2` (written): `#share=2.<base64url(zlib(JSON))>` ([`v2`]): every distinct text once, the
//!   editor and the journal refer to texts by index, the language rides along; short enough for
//!   a slide or a QR code.
//! - `1` (still read, never written): `#share=1.<base64url(JSON)>` ([`v1`]).
//!
//! Decoding is hostile-input safe: the link's size, the unpacked size (checked while inflating,
//! never after), every count and length, and every time are bounded before anything is
//! replayed; any problem is a [`ShareError`] with a message, never a panic. Nothing decoded is
//! ever inserted as markup (the UI renders text only).

mod base64url;
mod v1;
mod v2;

use std::fmt;
use std::rc::Rc;

use crate::session::{JournalEntry, Origin, JOURNAL_MAX};
use crate::strings::Lang;

/// The URL fragment key.
pub const FRAGMENT_KEY: &str = "share=";
/// Format version written into every new link.
pub const VERSION: &str = "2";
/// Versions this playground opens.
pub const VERSIONS_READ: [&str; 2] = ["1", "2"];
/// Longest link payload accepted (characters after `share=`).
pub const LINK_MAX_CHARS: usize = 512 * 1024;
/// Most bytes a version 2 link may unpack to: inflating stops there (a small link that unpacks
/// to gigabytes is refused after at most this much work and memory).
pub const UNPACKED_MAX_BYTES: usize = 4 * 1024 * 1024;
/// Longest editor text or command carried.
pub const TEXT_MAX_BYTES: usize = 1024 * 1024;
pub const COMMAND_MAX_BYTES: usize = 4096;
/// Distinct texts carried.
pub const TEXTS_MAX: usize = 256;
pub const SETUP_MAX: usize = 16;
/// Most text bytes the journal's commands read in all (each is parsed again on replay: a
/// short link may not ask for gigabytes of parsing by applying one big text many times).
/// The most characters of a parser's own words a refusal quotes (serde quotes an unknown
/// field's name whole, and a link may name one of any length).
pub const DETAIL_MAX_CHARS: usize = 200;

/// A parser's message about a link, cut to [`DETAIL_MAX_CHARS`] and kept on one line.
pub(crate) fn detail(message: impl fmt::Display) -> String {
    let text = message.to_string().replace(['\n', '\r'], " ");
    match text.char_indices().nth(DETAIL_MAX_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

pub const REPLAYED_TEXT_MAX_BYTES: usize = 16 * 1024 * 1024;
/// Latest virtual time a link may point at (7 days): opening a link replays up to it, and a
/// day of a small cluster with traffic replays in ≈ 0.2 s natively, so this bounds the wait.
pub const TIME_MAX_MS: u64 = 7 * 24 * 3600 * 1000;

/// Everything needed to reproduce a playground.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    pub origin: Origin,
    pub editor: String,
    pub journal: Vec<JournalEntry>,
    /// The virtual time the link opens at.
    pub at_ms: u64,
    /// The language of the page it was shared from (version 1 links carry none).
    pub lang: Option<Lang>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    NotALink,
    TooLong(usize),
    Version(String),
    Encoding(String),
    Format(String),
    Bound(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::NotALink => {
                write!(f, "not a Sunaba share link (expected #{FRAGMENT_KEY}…)")
            }
            ShareError::TooLong(n) => {
                write!(
                    f,
                    "the link is {n} characters long; at most {LINK_MAX_CHARS} are accepted"
                )
            }
            ShareError::Version(v) => write!(
                f,
                "the link has format version {v:?}; this playground reads versions {}",
                VERSIONS_READ.join(" and ")
            ),
            ShareError::Encoding(e) => write!(f, "the link is damaged ({e})"),
            ShareError::Format(e) => write!(f, "the link's content is not valid: {e}"),
            ShareError::Bound(e) => write!(f, "the link asks for too much: {e}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// What a session would share right now, from a page in `lang`.
pub fn capture(session: &crate::session::Session, lang: Option<Lang>) -> Shared {
    Shared {
        origin: session.origin(),
        editor: session.editor().to_string(),
        journal: session.journal(),
        at_ms: session.now_ms(),
        lang,
    }
}

/// The fragment (without `#`) for a playground's state, in the current format.
pub fn encode(shared: &Shared) -> String {
    format!("{FRAGMENT_KEY}{VERSION}.{}", v2::encode(shared))
}

/// Reads a fragment (with or without the leading `#`, or a whole URL) of any version read.
pub fn decode(link: &str) -> Result<Shared, ShareError> {
    let fragment = link.rsplit_once('#').map_or(link, |(_, f)| f);
    let payload = fragment
        .strip_prefix(FRAGMENT_KEY)
        .ok_or(ShareError::NotALink)?;
    if payload.len() > LINK_MAX_CHARS {
        return Err(ShareError::TooLong(payload.len()));
    }
    let (version, data) = payload.split_once('.').ok_or(ShareError::NotALink)?;
    let bytes = |data: &str| {
        base64url::decode(data.trim_end_matches('='))
            .map_err(|e| ShareError::Encoding(format!("base64: {e}")))
    };
    let unchecked = match version {
        "1" => v1::read(&bytes(data)?)?,
        "2" => v2::read(&bytes(data)?)?,
        _ => {
            let shown: String = version.chars().take(12).collect();
            return Err(ShareError::Version(shown));
        }
    };
    validate(unchecked)
}

/// The editor's text as a version carries it.
enum EditorText {
    Inline(String),
    /// An index into the texts.
    Text(usize),
}

/// A link's content as read, before any bound is checked.
struct Unchecked {
    seed: u64,
    setup: Vec<String>,
    lang: Option<String>,
    editor: EditorText,
    at: u64,
    texts: Vec<String>,
    /// `(time_ms, command, text index)`
    log: Vec<(u64, String, Option<usize>)>,
}

/// Each distinct text once, in order of first use, and every text's index.
struct TextTable {
    texts: Vec<Rc<str>>,
}

impl TextTable {
    fn index_of(&mut self, text: &Rc<str>) -> usize {
        self.texts
            .iter()
            .position(|t| t == text)
            .unwrap_or_else(|| {
                self.texts.push(text.clone());
                self.texts.len() - 1
            })
    }
}

fn validate(wire: Unchecked) -> Result<Shared, ShareError> {
    let bound = |what: String| Err(ShareError::Bound(what));
    if wire.setup.len() > SETUP_MAX {
        return bound(format!(
            "{} setup commands (at most {SETUP_MAX})",
            wire.setup.len()
        ));
    }
    if wire.log.len() > JOURNAL_MAX {
        return bound(format!(
            "{} commands (at most {JOURNAL_MAX})",
            wire.log.len()
        ));
    }
    if wire.texts.len() > TEXTS_MAX {
        return bound(format!("{} texts (at most {TEXTS_MAX})", wire.texts.len()));
    }
    let inline_too_long = matches!(&wire.editor, EditorText::Inline(t) if t.len() > TEXT_MAX_BYTES);
    if inline_too_long || wire.texts.iter().any(|t| t.len() > TEXT_MAX_BYTES) {
        return bound(format!("a text over {TEXT_MAX_BYTES} bytes"));
    }
    if let Some(c) = wire
        .setup
        .iter()
        .chain(wire.log.iter().map(|(_, c, _)| c))
        .find(|c| c.len() > COMMAND_MAX_BYTES || c.contains('\n'))
    {
        let shown: String = c.chars().take(40).collect();
        return bound(format!(
            "the command {shown:?}… is over {COMMAND_MAX_BYTES} bytes or spans lines"
        ));
    }
    if wire.at > TIME_MAX_MS {
        return bound(format!("time {} ms (at most 7 days)", wire.at));
    }
    let lang = match wire.lang.as_deref() {
        None => None,
        Some(tag) => Some(
            Lang::ALL
                .into_iter()
                .find(|l| l.tag() == tag)
                .ok_or_else(|| {
                    let shown: String = tag.chars().take(12).collect();
                    ShareError::Format(format!("the language {shown:?} is not \"en\" or \"ja\""))
                })?,
        ),
    };
    let texts: Vec<Rc<str>> = wire.texts.iter().map(|t| Rc::from(t.as_str())).collect();
    let missing = |what: String, t: usize| {
        ShareError::Format(format!("{what} refers to text {t}, which is missing"))
    };
    let editor = match wire.editor {
        EditorText::Inline(text) => text,
        EditorText::Text(t) => texts
            .get(t)
            .map(|text| text.to_string())
            .ok_or_else(|| missing("the editor".into(), t))?,
    };
    let mut journal = Vec::with_capacity(wire.log.len());
    let mut last = 0;
    let mut replayed_bytes = 0usize;
    for (i, (at_ms, command, text)) in wire.log.into_iter().enumerate() {
        if at_ms < last || at_ms > TIME_MAX_MS {
            return Err(ShareError::Format(format!(
                "command {} is at {at_ms} ms, before the one preceding it or after 7 days",
                i + 1
            )));
        }
        last = at_ms;
        let editor = match text {
            None => None,
            Some(t) => Some(
                texts
                    .get(t)
                    .cloned()
                    .ok_or_else(|| missing(format!("command {}", i + 1), t))?,
            ),
        };
        replayed_bytes = replayed_bytes.saturating_add(editor.as_ref().map_or(0, |t| t.len()));
        if replayed_bytes > REPLAYED_TEXT_MAX_BYTES {
            return bound(format!(
                "its commands read more than {REPLAYED_TEXT_MAX_BYTES} bytes of text in all"
            ));
        }
        journal.push(JournalEntry {
            at_ms,
            command,
            editor,
        });
    }
    Ok(Shared {
        origin: Origin {
            seed: wire.seed,
            setup: wire.setup,
        },
        editor,
        journal,
        at_ms: wire.at,
        lang,
    })
}

#[cfg(test)]
mod tests;
