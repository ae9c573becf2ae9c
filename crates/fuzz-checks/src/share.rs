//! Share links (`#share=…`) through the playground's decoder, [`sunaba_ui::share::decode`].
//!
//! A link is base64url of zlib of JSON: random bytes rarely get past the first layer, so the
//! first byte of the input says which layer the rest is fuzzed at. A link read must hold every
//! bound the decoder documents and must encode and decode back to itself; a refusal is a
//! message of bounded length.

use sunaba_ui::session::JOURNAL_MAX;
use sunaba_ui::share::{
    decode, encode, COMMAND_MAX_BYTES, REPLAYED_TEXT_MAX_BYTES, SETUP_MAX, TEXT_MAX_BYTES,
    TIME_MAX_MS,
};

/// Longest refusal shown to the learner.
pub const ERROR_MAX_CHARS: usize = 1024;

/// The first byte (mod 4) chooses the layer: 0 the link's text itself, 1 the version 2
/// payload's zlib stream, 2 the version 2 JSON (deflated here), 3 the version 1 JSON.
pub fn share(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let link = match mode % 4 {
        0 => crate::text(rest).into_owned(),
        1 => format!("share=2.{}", base64url(rest)),
        2 => format!(
            "share=2.{}",
            base64url(&miniz_oxide::deflate::compress_to_vec_zlib(rest, 1))
        ),
        _ => format!("#share=1.{}", base64url(rest)),
    };
    match decode(&link) {
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.trim().is_empty(), "an empty refusal");
            assert!(
                shown.chars().count() <= ERROR_MAX_CHARS,
                "a refusal of {} characters",
                shown.chars().count()
            );
        }
        Ok(shared) => {
            assert!(shared.origin.setup.len() <= SETUP_MAX);
            assert!(shared.journal.len() <= JOURNAL_MAX);
            assert!(shared.editor.len() <= TEXT_MAX_BYTES);
            assert!(shared.at_ms <= TIME_MAX_MS);
            let mut last = 0;
            let mut replayed = 0usize;
            for e in &shared.journal {
                assert!(e.command.len() <= COMMAND_MAX_BYTES && !e.command.contains('\n'));
                assert!(e.at_ms >= last && e.at_ms <= TIME_MAX_MS, "time goes back");
                last = e.at_ms;
                replayed += e.editor.as_ref().map_or(0, |t| t.len());
            }
            assert!(replayed <= REPLAYED_TEXT_MAX_BYTES);
            for c in &shared.origin.setup {
                assert!(c.len() <= COMMAND_MAX_BYTES && !c.contains('\n'));
            }
            let again = decode(&encode(&shared)).expect("a link the playground writes opens");
            assert_eq!(again, shared, "a link read, written and read again changed");
        }
    }
}

/// RFC 4648 §5 without padding, as the playground writes links.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}
