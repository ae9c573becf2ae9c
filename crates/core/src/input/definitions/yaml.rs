//! YAML/JSON text → a small tree of located [`Node`]s, one per document, within fixed bounds.
//!
//! We pull events from `saphyr-parser` one at a time (its pull API keeps an explicit state stack,
//! it does not recurse) and assemble the tree with our own explicit stack, so nesting depth is
//! counted and refused before it can grow, and no recursion here depends on input depth.
//! Aliases share the anchored subtree (`Rc`) instead of copying it, and every alias charges the
//! full size of what it would expand to against [`NODES_MAX`]: a "billion laughs" bomb is refused
//! at the first alias that crosses the budget, after a few hundred events.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::bounds::{DEPTH_MAX, DOCUMENTS_MAX, NODES_MAX, SCALAR_LEN_MAX_BYTES};

/// The entries of a mapping, in document order.
pub type Entries = Vec<(Rc<Node>, Rc<Node>)>;

/// A located YAML node. Line and column are 1-based (column in characters).
#[derive(Debug)]
pub struct Node {
    pub line: usize,
    pub column: usize,
    pub value: Value,
}

#[derive(Debug)]
pub enum Value {
    /// `plain` = unquoted, so it may be a number, a bool or null (resolved on demand).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Rc<Node>>),
    /// Entries in document order; keys are kept as nodes for their location.
    Map(Entries),
}

/// What a plain or quoted scalar means, following the YAML core schema plus the YAML 1.1
/// booleans (`yes`, `no`, `on`, `off`) that kubectl's YAML library still resolves as booleans.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(&'a str),
}

impl Node {
    pub fn scalar(&self) -> Option<Scalar<'_>> {
        match &self.value {
            Value::Scalar { text, plain } => Some(if *plain {
                resolve_plain(text)
            } else {
                Scalar::Str(text)
            }),
            _ => None,
        }
    }

    /// The JSON-ish type name used in type errors: `string`, `integer`, `number`, `boolean`,
    /// `null`, `object`, `array`.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
            Value::Scalar { .. } => match self.scalar() {
                Some(Scalar::Null) => "null",
                Some(Scalar::Bool(_)) => "boolean",
                Some(Scalar::Int(_)) => "integer",
                Some(Scalar::Float(_)) => "number",
                _ => "string",
            },
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.scalar(), Some(Scalar::Null))
    }
}

fn resolve_plain(text: &str) -> Scalar<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        // Saturate: a 40-digit integer is still "an integer, too big".
        let v = unsigned.parse::<i128>().unwrap_or(i128::MAX);
        return Scalar::Int(if negative { -v } else { v });
    }
    let radix = |p: &str, r: u32| {
        text.strip_prefix(p)
            .filter(|d| !d.is_empty())
            .and_then(|d| i128::from_str_radix(d, r).ok())
    };
    if let Some(v) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return Scalar::Int(v);
    }
    if is_float(unsigned) {
        if let Ok(f) = text.parse::<f64>() {
            return Scalar::Float(f);
        }
    }
    Scalar::Str(text)
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (core schema float, sign stripped).
fn is_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let int_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        frac_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits == 0 {
            return false;
        }
        i += exp_digits;
    }
    i == b.len()
}

/// A parse failure, located (1-based).
#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// One document of the stream. `root` is `None` for an empty document (`---` then nothing).
pub struct Document {
    pub root: Option<Rc<Node>>,
}

/// A sequence or mapping being built, with its expanded size so far.
enum Frame {
    Seq {
        items: Vec<Rc<Node>>,
        span: Span,
        anchor: usize,
        size: usize,
    },
    Map {
        entries: Entries,
        key: Option<Rc<Node>>,
        span: Span,
        anchor: usize,
        size: usize,
    },
}

fn loc(span: &Span) -> (usize, usize) {
    (span.start.line(), span.start.col() + 1)
}

fn err_at(span: &Span, message: impl Into<String>) -> SyntaxError {
    let (line, column) = loc(span);
    SyntaxError {
        line,
        column,
        message: message.into(),
    }
}

/// A finished node, with its expanded size, its anchor id (0: none) and where it starts, to
/// attach to its parent.
type Finished = (Rc<Node>, usize, usize, Span);

/// The documents being built from the parser's events.
struct Tree {
    docs: Vec<Document>,
    /// The sequences and mappings still open, innermost last.
    stack: Vec<Frame>,
    /// anchor id → (subtree, expanded node count). Cleared per document, like YAML scopes it.
    anchors: BTreeMap<usize, (Rc<Node>, usize)>,
    /// Nodes of the document so far, aliases counted at their expanded size.
    nodes_total: usize,
    doc_root: Option<Rc<Node>>,
}

/// Parses every document of `text`. Stops at the first syntax error or exceeded bound.
pub fn parse_documents(text: &str) -> Result<Vec<Document>, SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let mut tree = Tree {
        docs: Vec::new(),
        stack: Vec::new(),
        anchors: BTreeMap::new(),
        nodes_total: 0,
        doc_root: None,
    };
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(ev)) => ev,
            Some(Err(e)) => return Err(scanner_error(&e, text)),
        };
        let finished: Option<Finished> = match event {
            Event::StreamStart | Event::Nothing => None,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                if tree.docs.len() >= DOCUMENTS_MAX {
                    return Err(err_at(
                        &span,
                        format!("too many documents: at most {DOCUMENTS_MAX} per file"),
                    ));
                }
                tree.anchors.clear();
                tree.doc_root = None;
                None
            }
            Event::DocumentEnd => {
                tree.docs.push(Document {
                    root: tree.doc_root.take(),
                });
                None
            }
            Event::Alias(id) => Some(tree.alias(id, span, text)?),
            Event::Scalar(value, style, anchor, tag) => {
                // `!!str 123` is the string "123"; other tags keep plain resolution.
                let forced_string = tag
                    .as_ref()
                    .is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let plain = style == ScalarStyle::Plain && !forced_string;
                Some(tree.scalar(value.into_owned(), plain, anchor, span)?)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                let seq = matches!(event, Event::SequenceStart(..));
                tree.open(seq, anchor, span)?;
                None
            }
            Event::SequenceEnd | Event::MappingEnd => tree.close()?,
        };
        if let Some(finished) = finished {
            tree.attach(finished);
        }
    }
    Ok(tree.docs)
}

/// A scanner error in our words (saphyr's scanner caps flow nesting on its own).
fn scanner_error(e: &saphyr_parser::ScanError, text: &str) -> SyntaxError {
    let message = if e.info() == "recursion limit exceeded" {
        depth_message()
    } else {
        yaml_message(e.info())
    };
    // saphyr's column for an unprintable character is off by the extra bytes of the
    // multi-byte characters before it on its line (past the line's end in Japanese text):
    // the character is found here instead.
    let (line, column) = match e.info().contains("unprintable") {
        true => first_unprintable(text),
        false => None,
    }
    .unwrap_or_else(|| {
        let line = e.marker().line();
        (line, char_column(text, line, e.marker().col()))
    });
    SyntaxError {
        line,
        column,
        message,
    }
}

/// The 1-based character column of saphyr's 0-based `col` on 1-based `line`. Some of its
/// scanner errors count the line's bytes, not its characters (a byte order mark inside a
/// document after wide characters was reported at column 216 of a 90-character line): a
/// column past the line's end is read as a byte offset, and the result never leaves the line.
fn char_column(text: &str, line: usize, col: usize) -> usize {
    let Some(line_text) = yaml_line(text, line) else {
        return col + 1;
    };
    let chars = line_text.chars().count();
    if col <= chars {
        return col + 1;
    }
    let mut bytes = 0;
    for (i, c) in line_text.chars().enumerate() {
        if bytes >= col {
            return i + 1;
        }
        bytes += c.len_utf8();
    }
    chars + 1
}

/// The 1-based `line` of `text` as YAML counts lines: `\n`, `\r\n` and a lone `\r` each end
/// one (a lone `\r` inside what `split('\n')` calls one line is two lines to the parser).
fn yaml_line(text: &str, line: usize) -> Option<&str> {
    let mut start = 0;
    let mut number = 1;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let end = match bytes[i] {
            b'\n' => Some(i + 1),
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => Some(i + 2),
            b'\r' => Some(i + 1),
            _ => None,
        };
        if let Some(next) = end {
            if number == line {
                return text.get(start..i);
            }
            number += 1;
            start = next;
            i = next;
        } else {
            i += 1;
        }
    }
    (number == line).then(|| text.get(start..)).flatten()
}

/// 1-based line and column of the first character YAML 1.2 does not allow in a stream (§5.1).
fn first_unprintable(text: &str) -> Option<(usize, usize)> {
    let (mut line, mut column) = (1, 1);
    let mut previous = '\0';
    for c in text.chars() {
        let printable = matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}')
            || matches!(c, '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
        if !printable {
            return Some((line, column));
        }
        match c {
            '\n' if previous == '\r' => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
        previous = c;
    }
    None
}

impl Tree {
    /// An alias: the anchored subtree again, charged at its expanded size against the bound.
    fn alias(&mut self, id: usize, span: Span, text: &str) -> Result<Finished, SyntaxError> {
        let Some((node, size)) = self.anchors.get(&id).cloned() else {
            // The parser knows the anchor, but not within this document, or the alias
            // sits inside the very node it names (a cycle).
            return Err(err_at(
                &span,
                yaml_message(&format!(
                    "unknown anchor '{}' referenced (hint: an alias must come after its \
                     anchor's node in the same document; anchors do not cross ---)",
                    super::shorten(span_text(text, &span).trim_start_matches('*'))
                )),
            ));
        };
        self.nodes_total = self.nodes_total.saturating_add(size);
        if self.nodes_total > NODES_MAX {
            return Err(err_at(
                &span,
                format!(
                    "this alias would expand the document past {NODES_MAX} nodes; \
                     refusing to expand it (is this a YAML bomb?)"
                ),
            ));
        }
        Ok((node, size, 0, span))
    }

    /// A scalar node, within the node and length bounds.
    fn scalar(
        &mut self,
        text: String,
        plain: bool,
        anchor: usize,
        span: Span,
    ) -> Result<Finished, SyntaxError> {
        charge(&mut self.nodes_total, &span)?;
        if text.len() > SCALAR_LEN_MAX_BYTES {
            return Err(err_at(
                &span,
                format!(
                    "string of {} bytes is longer than the limit of {SCALAR_LEN_MAX_BYTES} bytes",
                    text.len()
                ),
            ));
        }
        let (line, column) = loc(&span);
        let node = Node {
            line,
            column,
            value: Value::Scalar { text, plain },
        };
        Ok((Rc::new(node), 1, anchor, span))
    }

    /// Opens a sequence (`seq`) or a mapping, within the node and depth bounds.
    fn open(&mut self, seq: bool, anchor: usize, span: Span) -> Result<(), SyntaxError> {
        charge(&mut self.nodes_total, &span)?;
        if self.stack.len() >= DEPTH_MAX {
            return Err(err_at(&span, depth_message()));
        }
        self.stack.push(if seq {
            Frame::Seq {
                items: Vec::new(),
                span,
                anchor,
                size: 1,
            }
        } else {
            Frame::Map {
                entries: Vec::new(),
                key: None,
                span,
                anchor,
                size: 1,
            }
        });
        Ok(())
    }

    /// Closes the innermost sequence or mapping (merge keys applied, duplicate keys refused).
    fn close(&mut self) -> Result<Option<Finished>, SyntaxError> {
        Ok(match self.stack.pop() {
            Some(Frame::Seq {
                items,
                span,
                anchor,
                size,
            }) => {
                let (line, column) = loc(&span);
                let node = Node {
                    line,
                    column,
                    value: Value::Seq(items),
                };
                Some((Rc::new(node), size, anchor, span))
            }
            Some(Frame::Map {
                entries,
                span,
                anchor,
                size,
                ..
            }) => {
                let (line, column) = loc(&span);
                let entries = merge_keys(entries)?;
                check_duplicate_keys(&entries)?;
                let node = Node {
                    line,
                    column,
                    value: Value::Map(entries),
                };
                Some((Rc::new(node), size, anchor, span))
            }
            None => None,
        })
    }

    /// Records a finished node's anchor and attaches it: the document's root, the next item
    /// of the open sequence, or the next key or value of the open mapping.
    fn attach(&mut self, (node, size, anchor, _span): Finished) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.doc_root = Some(node),
            Some(Frame::Seq { items, size: s, .. }) => {
                items.push(node);
                *s = s.saturating_add(size);
            }
            Some(Frame::Map {
                entries,
                key,
                size: s,
                ..
            }) => {
                *s = s.saturating_add(size);
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => entries.push((k, node)),
                }
            }
        }
    }
}

/// A YAML-level error, worded like kubectl's (`error converting YAML to JSON: yaml: …`).
fn yaml_message(detail: &str) -> String {
    format!("error converting YAML to JSON: yaml: {detail}")
}

fn depth_message() -> String {
    format!("nesting is deeper than the limit of {DEPTH_MAX} levels")
}

/// The source text of a span (character indices), for messages.
fn span_text(text: &str, span: &Span) -> String {
    text.chars()
        .skip(span.start.index())
        .take(span.len().min(256))
        .collect()
}

fn charge(nodes_total: &mut usize, span: &Span) -> Result<(), SyntaxError> {
    *nodes_total += 1;
    if *nodes_total > NODES_MAX {
        return Err(err_at(
            span,
            format!("the file has more than {NODES_MAX} nodes"),
        ));
    }
    Ok(())
}

fn key_text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

fn is_merge_key(node: &Node) -> bool {
    matches!(&node.value, Value::Scalar { text, plain: true } if text == "<<")
}

/// `<<: *base` (or `<<: [*a, *b]`) merge keys, as kubectl's YAML library applies them: keys of
/// the mapping itself win, then earlier merged mappings win over later ones.
fn merge_keys(entries: Entries) -> Result<Entries, SyntaxError> {
    if !entries.iter().any(|(k, _)| is_merge_key(k)) {
        return Ok(entries);
    }
    let mut own = Vec::new();
    let mut merged_sources = Vec::new();
    for (k, v) in entries {
        if is_merge_key(&k) {
            match &v.value {
                Value::Map(_) => merged_sources.push(v),
                Value::Seq(items) => {
                    for item in items {
                        if !matches!(item.value, Value::Map(_)) {
                            return Err(SyntaxError {
                                line: item.line,
                                column: item.column,
                                message: yaml_message(
                                    "map merge requires map or sequence of maps as the value",
                                ),
                            });
                        }
                        merged_sources.push(item.clone());
                    }
                }
                Value::Scalar { .. } => {
                    return Err(SyntaxError {
                        line: v.line,
                        column: v.column,
                        message: yaml_message(
                            "map merge requires map or sequence of maps as the value",
                        ),
                    })
                }
            }
        } else {
            own.push((k, v));
        }
    }
    let mut present: BTreeSet<String> = crate::base::sort::set_from(
        own.iter()
            .filter_map(|(k, _)| key_text(k).map(str::to_string)),
    );
    let mut merged = Vec::new();
    for source in merged_sources {
        if let Value::Map(src) = &source.value {
            for (k, v) in src {
                let fresh = key_text(k).is_none_or(|t| present.insert(t.to_string()));
                if fresh {
                    merged.push((k.clone(), v.clone()));
                }
            }
        }
    }
    own.extend(merged);
    Ok(own)
}

fn check_duplicate_keys(entries: &[(Rc<Node>, Rc<Node>)]) -> Result<(), SyntaxError> {
    // Mappings are small (a manifest mapping has tens of keys), but a hostile one could have
    // tens of thousands: use an ordered map, not a quadratic scan.
    let mut seen: crate::base::object_map::ObjectMap<&str, usize> =
        crate::base::object_map::ObjectMap::new();
    for (k, _) in entries {
        if let Some(text) = key_text(k) {
            if let Some(first_line) = seen.insert(text, k.line) {
                return Err(SyntaxError {
                    line: k.line,
                    column: k.column,
                    message: yaml_message(&format!(
                        "mapping key \"{}\" already defined at line {first_line}",
                        super::shorten(text)
                    )),
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    #[test]
    fn columns_are_counted_on_the_line_yaml_sees() {
        // A lone `\r` ends a line for the parser: the column of an error on the second line is
        // that line's, and a byte count past its end is read back as characters.
        let text = "a: 1\rb: \u{00e9}\u{00e9}x\r\nc: 3";
        assert_eq!(yaml_line(text, 1), Some("a: 1"));
        assert_eq!(yaml_line(text, 2), Some("b: \u{00e9}\u{00e9}x"));
        assert_eq!(yaml_line(text, 3), Some("c: 3"));
        assert_eq!(yaml_line(text, 4), None);
        assert_eq!(char_column(text, 2, 2), 3);
        // `x` is at byte 7 of line 2 but character 6 (é is two bytes).
        assert_eq!(char_column(text, 2, 7), 6);
        assert!(char_column(text, 2, 50) <= "b: ééx".chars().count() + 1);
    }
    use super::*;

    #[test]
    fn plain_scalars_resolve_like_kubectl() {
        assert_eq!(resolve_plain("3"), Scalar::Int(3));
        assert_eq!(resolve_plain("-3"), Scalar::Int(-3));
        assert_eq!(resolve_plain("0.5"), Scalar::Float(0.5));
        assert_eq!(resolve_plain("1e3"), Scalar::Float(1000.0));
        assert_eq!(resolve_plain("yes"), Scalar::Bool(true));
        assert_eq!(resolve_plain("~"), Scalar::Null);
        assert_eq!(resolve_plain("250m"), Scalar::Str("250m"));
        assert_eq!(resolve_plain("1.2.3"), Scalar::Str("1.2.3"));
        assert_eq!(resolve_plain("0x1F"), Scalar::Int(31));
    }

    #[test]
    fn documents_carry_located_nodes() {
        let docs = parse_documents("a: 1\nb:\n  - x\n").unwrap();
        assert_eq!(docs.len(), 1);
        let root = docs[0].root.as_ref().unwrap();
        let Value::Map(entries) = &root.value else {
            panic!("not a map")
        };
        let (k, v) = &entries[1];
        assert_eq!((k.line, k.column), (2, 1));
        assert_eq!((v.line, v.column), (3, 3));
    }
}
