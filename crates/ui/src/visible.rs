//! Learner text shown as what it is. Markup needs nothing here: Yew puts text in text nodes, so
//! `<img onerror>` is shown, never parsed. What text nodes do not neutralise are the Unicode bidi
//! controls (embeddings, overrides and isolates, U+202A–U+202E and U+2066–U+2069): invisible,
//! they reorder what follows on the line, so a log line or an annotation can show `exe.png` for
//! `gnp.exe` or make one table row read like another ("Trojan Source", CVE-2021-42574). A
//! terminal without bidi support prints them as nothing, in the order they were written; here
//! each is shown as its code point, `<U+202E>`, as code review tools do, so the order is the
//! written one and the learner sees that something is there. Other invisible characters
//! (zero-width space and joiners, marks) cannot reorder text and stay as they are: joiners are
//! needed by emoji and by many scripts.

use std::borrow::Cow;

/// Whether `c` is one of the explicit bidi formatting characters (embedding, override, pop,
/// isolate).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` with each bidi control replaced by `<U+XXXX>`, for a text node (which owns its text).
pub fn reveal_bidi(text: &str) -> String {
    revealed(text).into_owned()
}

/// `text` with each bidi control replaced by `<U+XXXX>`; borrowed when there is none.
pub fn revealed(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_bidi_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_bidi_control(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_controls_are_shown_as_their_code_points_in_written_order() {
        assert_eq!(
            reveal_bidi("\u{202E}gnp.exe\u{202C} \u{2066}a\u{2069}"),
            "<U+202E>gnp.exe<U+202C> <U+2066>a<U+2069>"
        );
        for c in ['\u{202A}', '\u{202B}', '\u{202D}', '\u{2067}', '\u{2068}'] {
            assert!(reveal_bidi(&c.to_string()).starts_with("<U+"), "{c:?}");
        }
    }

    #[test]
    fn other_text_is_borrowed_unchanged_joiners_and_markup_included() {
        for text in [
            "<img src=x onerror=alert(1)>",
            "zero\u{200B}width 👨\u{200D}👩",
            "名前",
            "",
        ] {
            assert!(
                matches!(revealed(text), Cow::Borrowed(t) if t == text),
                "{text:?}"
            );
        }
    }
}
