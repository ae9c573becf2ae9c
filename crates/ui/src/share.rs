//! Share links: the seed, the cluster's setup, the editor's text and the command journal,
//! encoded into a URL fragment. Opening one replays the journal, so the state is the same.
//!
//! Format: `#share=1.<base64url(JSON)>`. JSON keeps the link debuggable and the decoder
//! strict; repeated editor texts are stored once (`texts`, referenced by index).
//!
//! Decoding is hostile-input safe: the link's size, every count and length, and every time are
//! bounded before anything is replayed; any problem is a [`ShareError`] with a message, never a
//! panic. Nothing decoded is ever inserted as markup (the UI renders text only).

use std::fmt;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::session::{JournalEntry, Origin, JOURNAL_MAX};

/// The URL fragment key.
pub const FRAGMENT_KEY: &str = "share=";
/// Format version written into every link.
pub const VERSION: &str = "1";
/// Longest link payload accepted (characters after `share=`).
pub const LINK_MAX_CHARS: usize = 512 * 1024;
/// Longest editor text or command carried.
pub const TEXT_MAX_BYTES: usize = 1024 * 1024;
pub const COMMAND_MAX_BYTES: usize = 4096;
/// Distinct applied texts carried.
pub const TEXTS_MAX: usize = 256;
pub const SETUP_MAX: usize = 16;
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
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    seed: u64,
    #[serde(default)]
    setup: Vec<String>,
    editor: String,
    at: u64,
    #[serde(default)]
    texts: Vec<String>,
    /// `[time_ms, command, text index or null]`
    #[serde(default)]
    log: Vec<(u64, String, Option<usize>)>,
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
                "the link has format version {v:?}; this playground reads version {VERSION}"
            ),
            ShareError::Encoding(e) => write!(f, "the link is damaged (base64: {e})"),
            ShareError::Format(e) => write!(f, "the link's content is not valid: {e}"),
            ShareError::Bound(e) => write!(f, "the link asks for too much: {e}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// What a session would share right now.
pub fn capture(session: &crate::session::Session) -> Shared {
    Shared {
        origin: session.origin(),
        editor: session.editor().to_string(),
        journal: session.journal(),
        at_ms: session.now_ms(),
    }
}

/// The fragment (without `#`) for a playground's state.
pub fn encode(shared: &Shared) -> String {
    let mut texts: Vec<Rc<str>> = Vec::new();
    let log = shared
        .journal
        .iter()
        .map(|entry| {
            let index = entry.editor.as_ref().map(|text| {
                texts.iter().position(|t| t == text).unwrap_or_else(|| {
                    texts.push(text.clone());
                    texts.len() - 1
                })
            });
            (entry.at_ms, entry.command.clone(), index)
        })
        .collect();
    let wire = Wire {
        seed: shared.origin.seed,
        setup: shared.origin.setup.clone(),
        editor: shared.editor.clone(),
        at: shared.at_ms,
        texts: texts.iter().map(|t| t.to_string()).collect(),
        log,
    };
    // Serialising plain strings and numbers cannot fail.
    let json = serde_json::to_vec(&wire).unwrap_or_default();
    format!("{FRAGMENT_KEY}{VERSION}.{}", base64url::encode(&json))
}

/// Reads a fragment (with or without the leading `#`, or a whole URL).
pub fn decode(link: &str) -> Result<Shared, ShareError> {
    let fragment = link.rsplit_once('#').map_or(link, |(_, f)| f);
    let payload = fragment
        .strip_prefix(FRAGMENT_KEY)
        .ok_or(ShareError::NotALink)?;
    if payload.len() > LINK_MAX_CHARS {
        return Err(ShareError::TooLong(payload.len()));
    }
    let (version, data) = payload.split_once('.').ok_or(ShareError::NotALink)?;
    if version != VERSION {
        let shown: String = version.chars().take(12).collect();
        return Err(ShareError::Version(shown));
    }
    let json = base64url::decode(data.trim_end_matches('=')).map_err(ShareError::Encoding)?;
    let wire: Wire =
        serde_json::from_slice(&json).map_err(|e| ShareError::Format(e.to_string()))?;
    validate(wire)
}

/// Unpadded base64url (RFC 4648 §5), as the `base64` crate's `URL_SAFE_NO_PAD` engine reads
/// and writes it, with its error messages, in 80 lines instead of the crate's 8 kB of Wasm
/// (a test compares the two).
mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            }
        }
        out
    }

    fn value_of(b: u8) -> Option<u32> {
        ALPHABET.iter().position(|&a| a == b).map(|p| p as u32)
    }

    fn invalid_byte(offset: usize, byte: u8) -> String {
        format!("Invalid symbol {byte}, offset {offset}.")
    }

    /// Decodes like `URL_SAFE_NO_PAD.decode`, and fails with the same message: the first bad
    /// byte of the leading complete quads, then the last (up to 4) bytes checked for `=`,
    /// length and trailing bits.
    pub fn decode(text: &str) -> Result<Vec<u8>, String> {
        let input = text.as_bytes();
        let rem = input.len() % 4;
        if rem == 1 {
            // The crate reports a bad last byte first (a trailing newline, say).
            let last = input[input.len() - 1];
            if last != b'=' && value_of(last).is_none() {
                return Err(invalid_byte(input.len() - 1, last));
            }
        }
        // The last quad (complete or not) is checked apart: it may hold padding.
        let body = input
            .len()
            .saturating_sub(rem)
            .saturating_sub(if rem == 0 { 4 } else { 0 });
        let mut out = Vec::with_capacity(input.len() / 4 * 3 + 2);
        for (q, quad) in input[..body].chunks(4).enumerate() {
            let mut n = 0u32;
            for (j, &b) in quad.iter().enumerate() {
                n = (n << 6) | value_of(b).ok_or_else(|| invalid_byte(q * 4 + j, b))?;
            }
            out.extend_from_slice(&n.to_be_bytes()[1..]);
        }
        let mut morsels = 0usize;
        let mut padding = 0usize;
        let mut first_padding = 0usize;
        let mut last_symbol = 0u8;
        let mut n = 0u32;
        for (i, &b) in input[body..].iter().enumerate() {
            if b == b'=' {
                if i < 2 {
                    return Err(invalid_byte(body + i, b));
                }
                if padding == 0 {
                    first_padding = i;
                }
                padding += 1;
                continue;
            }
            if padding > 0 {
                return Err(invalid_byte(body + first_padding, b'='));
            }
            let v = value_of(b).ok_or_else(|| invalid_byte(body + i, b))?;
            last_symbol = b;
            n |= v << (26 - 6 * morsels);
            morsels += 1;
        }
        if !input.is_empty() && morsels < 2 {
            return Err(format!("Invalid input length: {}", body + morsels));
        }
        if padding > 0 {
            return Err("Invalid padding".to_string());
        }
        let bytes = morsels * 6 / 8;
        if n & (!0u32 >> (bytes * 8)) != 0 {
            return Err(format!(
                "Invalid last symbol {last_symbol}, offset {}.",
                body + morsels - 1
            ));
        }
        out.extend_from_slice(&n.to_be_bytes()[..bytes]);
        Ok(out)
    }
}

fn validate(wire: Wire) -> Result<Shared, ShareError> {
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
    if wire.editor.len() > TEXT_MAX_BYTES || wire.texts.iter().any(|t| t.len() > TEXT_MAX_BYTES) {
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
    let texts: Vec<Rc<str>> = wire.texts.iter().map(|t| Rc::from(t.as_str())).collect();
    let mut journal = Vec::with_capacity(wire.log.len());
    let mut last = 0;
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
            Some(t) => Some(texts.get(t).cloned().ok_or_else(|| {
                ShareError::Format(format!(
                    "command {} refers to text {t}, which is missing",
                    i + 1
                ))
            })?),
        };
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
        editor: wire.editor,
        journal,
        at_ms: wire.at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sunaba_core::sim::ecs_status::StopCode;

    /// The hand-written codec against the `base64` crate's `URL_SAFE_NO_PAD` (which the links
    /// were written with before): same text out, and for any input the same bytes or the same
    /// error message.
    #[test]
    fn base64url_matches_the_base64_crate() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine as _;
        let mut seed = 11u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let ours = base64url::encode(&bytes);
            assert_eq!(ours, URL_SAFE_NO_PAD.encode(&bytes), "{bytes:?}");
            assert_eq!(base64url::decode(&ours), Ok(bytes));
        }
        // Damaged texts: valid symbols mixed with `=`, standard-alphabet and stray bytes.
        let symbols = b"AQgw_-9zZ=+/ \n%.";
        let mut texts: Vec<String> = ["", "=", "A", "AA", "AAA", "AAAA", "AB", "AR", "ABC", "ABD"]
            .iter()
            .map(|t| t.to_string())
            .collect();
        for _ in 0..5000 {
            let len = next() % 14;
            texts.push(
                (0..len)
                    .map(|_| char::from(symbols[next() % symbols.len()]))
                    .collect(),
            );
        }
        for text in &texts {
            let theirs = URL_SAFE_NO_PAD.decode(text).map_err(|e| e.to_string());
            assert_eq!(base64url::decode(text), theirs, "{text:?}");
        }
    }

    fn sample() -> Shared {
        let text: Rc<str> = Rc::from("apiVersion: apps/v1\nkind: Deployment # 砂場\n");
        Shared {
            origin: Origin {
                seed: 42,
                setup: vec!["sim nodes 5 --cpu 4".into()],
            },
            editor: "kind: Pod\n<script>alert(1)</script>".into(),
            journal: vec![
                JournalEntry {
                    at_ms: 0,
                    command: "kubectl apply -f editor.yaml".into(),
                    editor: Some(text.clone()),
                },
                JournalEntry {
                    at_ms: 1_500,
                    command: "sim kill web-1".into(),
                    editor: None,
                },
                JournalEntry {
                    at_ms: 9_000,
                    command: "kubectl apply -f editor.yaml".into(),
                    editor: Some(text),
                },
            ],
            at_ms: 12_345,
        }
    }

    /// An ECS session (task definition and service applied from the editor, a task crashed)
    /// reopens from its link to the very same tasks, ids and stopped reasons.
    #[test]
    fn an_ecs_session_reopens_identically_from_its_link() {
        let task = include_str!("../../../www/examples/ecs/api-ec2.task.json");
        let service = include_str!("../../../www/examples/ecs/api.service.json");
        let a = crate::session::Session::new(9, task);
        a.apply_editor().expect("register");
        a.set_editor(service);
        a.apply_editor().expect("create-service");
        a.advance_by(40_000);
        a.run("sim crash --service api -c api --exit-code 3")
            .expect("crash");
        a.advance_by(20_000);
        let link = encode(&capture(&a));
        let shared = decode(&link).expect("decodes");
        let b = crate::session::Session::new(1, "");
        b.load(shared.origin, shared.journal, shared.at_ms);
        let (va, vb) = (a.cluster_view(), b.cluster_view());
        assert_eq!(va.ecs, vb.ecs);
        assert!(va
            .ecs
            .tasks
            .iter()
            .any(|t| t.stop_code == Some(StopCode::EssentialContainerExited)));
    }

    #[test]
    fn a_link_round_trips_and_shares_repeated_texts() {
        let link = encode(&sample());
        assert!(link.starts_with("share=1."));
        assert!(
            link.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=._-".contains(&b)),
            "{link}"
        );
        assert_eq!(decode(&link), Ok(sample()));
        assert_eq!(
            decode(&format!("https://example.org/x#{link}")),
            Ok(sample())
        );
        let json = base64url::decode(link.split_once('.').unwrap().1).unwrap();
        let wire: Wire = serde_json::from_slice(&json).unwrap();
        assert_eq!(wire.texts.len(), 1, "the same applied text is stored once");
    }

    #[test]
    fn hostile_links_are_refused_with_a_message() {
        let b64 = |json: &str| format!("share=1.{}", base64url::encode(json.as_bytes()));
        let cases: Vec<(String, &str)> = vec![
            ("".into(), "not a Sunaba share link"),
            ("#share=".into(), "not a Sunaba share link"),
            ("share=2.e30".into(), "format version \"2\""),
            ("share=1.%%%".into(), "damaged"),
            (b64("{}"), "missing field"),
            (b64("[1,2,3]"), "not valid"),
            (b64(r#"{"seed":-1,"editor":"","at":0}"#), "not valid"),
            (
                b64(r#"{"seed":1,"editor":"","at":0,"evil":1}"#),
                "unknown field",
            ),
            (
                b64(r#"{"seed":1,"editor":"","at":99999999999999}"#),
                "too much",
            ),
            (
                b64(r#"{"seed":1,"editor":"","at":0,"log":[[5,"a",null],[4,"b",null]]}"#),
                "before the one",
            ),
            (
                b64(r#"{"seed":1,"editor":"","at":0,"log":[[5,"a",3]]}"#),
                "missing",
            ),
            (
                b64(r#"{"seed":1,"editor":"","at":0,"log":[[5,"a\nb",null]]}"#),
                "spans lines",
            ),
            (
                format!("share=1.{}", "A".repeat(LINK_MAX_CHARS + 1)),
                "characters long",
            ),
            (
                b64(&format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000))),
                "not valid",
            ),
        ];
        for (link, expected) in cases {
            let err = decode(&link).expect_err(&link[..link.len().min(60)]);
            assert!(err.to_string().contains(expected), "{link:.60}: {err}");
        }
        let many = format!(
            r#"{{"seed":1,"editor":"","at":0,"log":[{}]}}"#,
            vec![r#"[0,"x",null]"#; JOURNAL_MAX + 1].join(",")
        );
        assert!(matches!(decode(&b64(&many)), Err(ShareError::Bound(_))));
    }

    #[test]
    fn random_bytes_never_panic() {
        // A small deterministic fuzz: every prefix and byte-flip of a good link decodes or errs.
        let link = encode(&sample());
        for cut in 0..link.len() {
            let _ = decode(&link[..cut]);
        }
        let bytes = link.as_bytes();
        for i in 8..bytes.len() {
            let mut b = bytes.to_vec();
            b[i] = b[i].wrapping_add(1);
            if let Ok(s) = String::from_utf8(b) {
                let _ = decode(&s);
            }
        }
    }
}
