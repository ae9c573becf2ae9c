//! Version 2 links: `#share=2.<base64url(zlib(JSON))>`.
//!
//! Short enough for a slide or a QR code: every distinct text is stored once (`texts`) and the
//! editor and the journal refer to it by index; deflate (`miniz_oxide`, pure Rust) packs the
//! JSON; zlib's 6 bytes of framing carry an Adler-32 checksum, so a damaged link is refused
//! instead of opening with a changed text. The JSON keeps the decoder strict (unknown fields
//! are refused) and the link debuggable once inflated.
//!
//! Inflating is bounded while it runs: the output grows to at most [`UNPACKED_MAX_BYTES`] and
//! the work stops there, so a few characters that unpack to gigabytes cost at most that much.

use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;
use serde::{Deserialize, Serialize};

use super::{base64url, EditorText, ShareError, Shared, TextTable, Unchecked, UNPACKED_MAX_BYTES};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Wire {
    pub seed: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub setup: Vec<String>,
    /// `en` or `ja`: the page the link was shared from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub at: u64,
    pub texts: Vec<String>,
    /// The editor's text: an index into `texts`.
    pub editor: usize,
    /// `[time_ms, command, text index or null]`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<(u64, String, Option<usize>)>,
}

/// zlib's strongest level: links are made once and read many times.
const LEVEL: u8 = 10;
/// Inflating's first output buffer, before it doubles towards the bound.
const FIRST_BUFFER_BYTES: usize = 16 * 1024;

/// The payload after `share=2.`.
pub(super) fn encode(shared: &Shared) -> String {
    let mut table = TextTable { texts: Vec::new() };
    let editor = table.index_of(&std::rc::Rc::from(shared.editor.as_str()));
    let log = shared
        .journal
        .iter()
        .map(|e| {
            let index = e.editor.as_ref().map(|t| table.index_of(t));
            (e.at_ms, e.command.clone(), index)
        })
        .collect();
    let wire = Wire {
        seed: shared.origin.seed,
        setup: shared.origin.setup.clone(),
        lang: shared.lang.map(|l| l.tag().to_owned()),
        at: shared.at_ms,
        texts: table.texts.iter().map(|t| t.to_string()).collect(),
        editor,
        log,
    };
    // Serialising plain strings and numbers cannot fail.
    let json = serde_json::to_vec(&wire).unwrap_or_default();
    base64url::encode(&miniz_oxide::deflate::compress_to_vec_zlib(&json, LEVEL))
}

/// The zlib bytes of a version 2 link → its content, unchecked.
pub(super) fn read(packed: &[u8]) -> Result<Unchecked, ShareError> {
    let json = inflate_bounded(packed, UNPACKED_MAX_BYTES)?;
    let wire: Wire =
        serde_json::from_slice(&json).map_err(|e| ShareError::Format(super::detail(e)))?;
    Ok(Unchecked {
        seed: wire.seed,
        setup: wire.setup,
        lang: wire.lang,
        editor: EditorText::Text(wire.editor),
        at: wire.at,
        texts: wire.texts,
        log: wire.log,
    })
}

/// Inflates a zlib stream into at most `max_bytes`, checking its checksum and that nothing
/// follows it. The buffer doubles from a small start, so a short link costs little memory.
pub(super) fn inflate_bounded(packed: &[u8], max_bytes: usize) -> Result<Vec<u8>, ShareError> {
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut state = Box::<DecompressorOxide>::default();
    let mut out = vec![0u8; FIRST_BUFFER_BYTES.min(max_bytes)];
    let (mut read, mut written) = (0usize, 0usize);
    // Each round either finishes or doubles the buffer: a few dozen rounds at most.
    for _ in 0..64 {
        let input = packed.get(read..).unwrap_or_default();
        let (status, used, made) = decompress(&mut state, input, &mut out, written, flags);
        read = read.saturating_add(used);
        written = written.saturating_add(made).min(out.len());
        match status {
            TINFLStatus::Done if read < packed.len() => {
                return Err(ShareError::Encoding(format!(
                    "{} bytes follow the end of its data",
                    packed.len() - read
                )))
            }
            TINFLStatus::Done => {
                out.truncate(written);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput if out.len() >= max_bytes => {
                return Err(ShareError::Bound(format!(
                    "it unpacks to more than {max_bytes} bytes"
                )))
            }
            TINFLStatus::HasMoreOutput => {
                let grown = out.len().saturating_mul(2).clamp(1, max_bytes);
                out.resize(grown, 0);
            }
            TINFLStatus::Adler32Mismatch => {
                return Err(ShareError::Encoding("its checksum does not match".into()))
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(ShareError::Encoding("it is cut short".into()))
            }
            _ => {
                return Err(ShareError::Encoding(
                    "its compressed data is invalid".into(),
                ))
            }
        }
    }
    Err(ShareError::Encoding(
        "its compressed data is invalid".into(),
    ))
}
