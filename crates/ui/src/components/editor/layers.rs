//! The code area's layers: the highlighted `<pre>` kept in step with the text line by line, the
//! caret placed from a (line, column), and the layers scrolled with the textarea.

use std::collections::BTreeMap;

use web_sys::{Document, Element, HtmlTextAreaElement, Node};
use yew::prelude::*;

use super::marks::{severity_icon, severity_name, Level, LineMark};
use crate::highlight::Run;

/// Makes the `<pre>`'s line elements show `new` when they showed `old`: keeps the common
/// first and last lines, replaces the ones between. If the `<pre>` does not hold `old` (it was
/// just created), it is rebuilt whole. Lines are built as elements and text nodes, never parsed
/// from HTML: the text is the learner's.
pub(super) fn update_lines(pre: &Element, old: &[Vec<Run>], new: &[Vec<Run>]) {
    let holds_old = usize::try_from(pre.child_element_count()).ok() == Some(old.len());
    let old = if holds_old {
        old
    } else {
        pre.set_text_content(None);
        &[]
    };
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut at = pre.first_element_child();
    for _ in 0..prefix {
        at = at.and_then(|e| e.next_element_sibling());
    }
    for _ in prefix..old.len() - suffix {
        let next = at.as_ref().and_then(Element::next_element_sibling);
        if let Some(e) = &at {
            e.remove();
        }
        at = next;
    }
    let Some(doc) = pre.owner_document() else {
        return;
    };
    let before: Option<&Node> = at.as_ref().map(|e| e.as_ref());
    for runs in &new[prefix..new.len() - suffix] {
        if let Some(line) = line_element(&doc, runs) {
            let _ = pre.insert_before(&line, before);
        }
    }
}

/// One line of the highlighted layer: a block (CSS) so an edit re-lays out only its own line,
/// each token in a `<span class="sb-tok-…">`, the text between them as text nodes.
fn line_element(doc: &Document, runs: &[Run]) -> Option<Element> {
    let line = doc.create_element("span").ok()?;
    line.set_class_name("sb-line");
    for run in runs {
        match run.kind {
            None => line.append_with_str_1(&run.text).ok()?,
            Some(kind) => {
                let token = doc.create_element("span").ok()?;
                token.set_class_name(kind.class());
                token.set_text_content(Some(&run.text));
                line.append_with_node_1(&token).ok()?;
            }
        }
    }
    Some(line)
}

/// Fills the gutter: one line number per line, lines with marks marked (icon, colour and the
/// messages as a tooltip). Built as elements, only when the line count or the marks change
/// (not diffed as 2,000 virtual nodes); the messages quote the learner's text, so they are
/// never parsed as HTML.
pub(super) fn fill_gutter(gutter: &Element, line_count: usize, marks: &BTreeMap<usize, LineMark>) {
    gutter.set_text_content(None);
    let Some(doc) = gutter.owner_document() else {
        return;
    };
    for line in 1..=line_count {
        let Ok(row) = doc.create_element("div") else {
            return;
        };
        let number = line.to_string();
        match marks.get(&line) {
            None => row.set_class_name("sb-gutter-line"),
            Some(mark) => {
                let severity = severity_name(mark.severity);
                row.set_class_name(&format!("sb-gutter-line is-{severity}"));
                if let Ok(marker) = doc.create_element("span") {
                    // Hints have their own test id: "no markers" still means no kubectl problems.
                    let testid = if mark.severity == Level::Hint {
                        "editor-hint-marker"
                    } else {
                        "editor-marker"
                    };
                    marker.set_class_name(&format!("sb-marker is-{severity}"));
                    let _ = marker.set_attribute("data-testid", testid);
                    let _ = marker.set_attribute("data-line", &number);
                    let _ = marker.set_attribute("data-severity", severity);
                    let _ = marker.set_attribute("title", &mark.messages.join("\n"));
                    marker.set_text_content(Some(severity_icon(mark.severity)));
                    let _ = row.append_with_node_1(&marker);
                }
            }
        }
        let _ = row.append_with_str_1(&number);
        let _ = gutter.append_with_node_1(&row);
    }
}

/// The caret position (UTF-16 units, as the DOM counts) of 1-based `line` and `column`
/// (characters), clamped to the text.
pub(super) fn caret_offset(text: &str, line: usize, column: usize) -> u32 {
    let mut offset = 0usize;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return u32::try_from(offset + within).unwrap_or(u32::MAX);
        }
        offset += l.encode_utf16().count() + 1;
    }
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// Copies the textarea's scroll position to the highlighted layer and the gutter.
pub(super) fn sync_scroll(textarea: &NodeRef, layers: &[&NodeRef]) {
    let Some(ta) = textarea.cast::<Element>() else {
        return;
    };
    // Read once, then write: reading after a write would lay the page out again.
    let (top, left) = (ta.scroll_top(), ta.scroll_left());
    for layer in layers {
        if let Some(el) = layer.cast::<Element>() {
            el.set_scroll_top(top);
            el.set_scroll_left(left);
        }
    }
}

/// Moves the caret to `line`/`column` and scrolls the line to the middle of the textarea.
pub(super) fn go_to(textarea: &NodeRef, layers: &[&NodeRef], line: usize, column: usize) {
    let Some(ta) = textarea.cast::<HtmlTextAreaElement>() else {
        return;
    };
    let text = ta.value();
    let caret = caret_offset(&text, line, column);
    let _ = ta.focus();
    let _ = ta.set_selection_range(caret, caret);
    // Centre the line: the textarea does not scroll to a caret set from script.
    let lines = text.split('\n').count().max(1) as f64;
    let line_height = f64::from(ta.scroll_height()) / lines;
    let top = (line.saturating_sub(1) as f64) * line_height - f64::from(ta.client_height()) / 2.0;
    ta.set_scroll_top(top.max(0.0) as i32);
    sync_scroll(textarea, layers);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_offsets_count_utf16_units_and_clamp() {
        let text = "a: 1\n名前: 🦀x\nlast";
        assert_eq!(caret_offset(text, 1, 1), 0);
        assert_eq!(caret_offset(text, 2, 1), 5);
        // "名前: " is 4 chars; 🦀 is 2 UTF-16 units.
        assert_eq!(caret_offset(text, 2, 6), 5 + 4 + 2);
        assert_eq!(caret_offset(text, 2, 99), 5 + 4 + 2 + 1);
        assert_eq!(caret_offset(text, 9, 1), text.encode_utf16().count() as u32);
        assert_eq!(caret_offset("", 0, 0), 0);
    }
}
