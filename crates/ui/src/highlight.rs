//! Syntax highlighting of the definition editor: a small YAML/JSON tokenizer (JSON is YAML's
//! flow style, so one tokenizer serves both) and its rendering as escaped HTML spans.
//!
//! It only colours text; it never decides validity (that is the core's
//! `definitions::diagnose`). It is line-based and single-pass: one state carried from line to
//! line (open flow brackets, an open quoted string, a block scalar `|`/`>`), no backtracking
//! and no recursion, so any input costs O(length) and cannot panic: every token boundary is
//! the position of an ASCII byte or a line end, hence a char boundary. Texts beyond
//! [`HIGHLIGHT_LINES_MAX`] lines or [`HIGHLIGHT_BYTES_MAX`] bytes are not highlighted at all
//! (the editor shows them plain) so typing stays instant.

/// Highlighting stops beyond this many lines: a real manifest is a few hundred.
pub const HIGHLIGHT_LINES_MAX: usize = 2_000;
/// Highlighting stops beyond this many bytes (200 KiB).
pub const HIGHLIGHT_BYTES_MAX: usize = 200 * 1024;
/// Deepest flow nesting tracked (`[[[…`); deeper brackets are still coloured.
const FLOW_DEPTH_MAX: usize = 1_000;

/// What a piece of text is, for its colour. Anything not covered by a token is plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A mapping key (`name:` or `"name":`).
    Key,
    /// A quoted or plain string value, or the body of a block scalar.
    String,
    /// `80`, `-1.5`, `0x1F`, `.inf`.
    Number,
    /// `true` / `false`.
    Bool,
    /// `null` / `~`.
    Null,
    /// `# …` to the end of the line.
    Comment,
    /// Structure: `:`, `-`, `,`, brackets, `|`, `>`.
    Punct,
    /// An anchor `&name` or alias `*name`.
    Anchor,
    /// A tag `!!str`.
    Tag,
    /// A document marker `---` or `...`.
    Document,
}

impl Kind {
    /// The CSS class of the span.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Key => "sb-tok-key",
            Kind::String => "sb-tok-string",
            Kind::Number => "sb-tok-number",
            Kind::Bool => "sb-tok-bool",
            Kind::Null => "sb-tok-null",
            Kind::Comment => "sb-tok-comment",
            Kind::Punct => "sb-tok-punct",
            Kind::Anchor => "sb-tok-anchor",
            Kind::Tag => "sb-tok-tag",
            Kind::Document => "sb-tok-document",
        }
    }
}

/// A coloured piece of the text: byte range `start..end`, ordered and non-overlapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Whether `text` is small enough to highlight.
pub fn within_bounds(text: &str) -> bool {
    text.len() <= HIGHLIGHT_BYTES_MAX && text.lines().count() <= HIGHLIGHT_LINES_MAX
}

/// The tokens of `text`, or `None` when it is too large to highlight.
pub fn tokens(text: &str) -> Option<Vec<Token>> {
    if !within_bounds(text) {
        return None;
    }
    let mut tokenizer = Tokenizer::default();
    let mut out = Vec::new();
    let mut base = 0;
    for line in text.split('\n') {
        tokenizer.line(line, base, &mut out);
        base += line.len() + 1;
    }
    Some(out)
}

/// `text` as HTML for a `<pre>`, one string per line (`text.split('\n')`, newlines left out):
/// escaped, each token in a `<span class="sb-tok-…">`. Per line so the editor can replace only
/// the lines a keystroke changed. Tokens never cross a line end. `None` when too large.
pub fn to_html_lines(text: &str) -> Option<Vec<String>> {
    let mut tokens = tokens(text)?.into_iter().peekable();
    let mut lines = Vec::new();
    let mut base = 0;
    for line in text.split('\n') {
        let end = base + line.len();
        let mut html = String::with_capacity(line.len() * 2);
        let mut at = base;
        while let Some(t) = tokens.next_if(|t| t.end <= end) {
            escape_into(&mut html, text.get(at..t.start).unwrap_or(""));
            html.push_str("<span class=\"");
            html.push_str(t.kind.class());
            html.push_str("\">");
            escape_into(&mut html, text.get(t.start..t.end).unwrap_or(""));
            html.push_str("</span>");
            at = t.end;
        }
        escape_into(&mut html, text.get(at..end).unwrap_or(""));
        lines.push(html);
        base = end + 1;
    }
    Some(lines)
}

/// A piece of one line: a token's text with its kind, or the text between tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub kind: Option<Kind>,
    pub text: String,
}

/// `text` as runs, one list per line (`text.split('\n')`, newlines left out), for the editor to
/// build its `<pre>` from as DOM nodes: learner text never goes through an HTML parser. Tokens
/// never cross a line end. `None` when too large.
pub fn to_run_lines(text: &str) -> Option<Vec<Vec<Run>>> {
    let mut tokens = tokens(text)?.into_iter().peekable();
    let mut lines = Vec::new();
    let mut base = 0;
    for line in text.split('\n') {
        let end = base + line.len();
        let mut runs = Vec::new();
        let mut push = |kind: Option<Kind>, from: usize, to: usize| {
            if let Some(piece) = text.get(from..to).filter(|p| !p.is_empty()) {
                runs.push(Run {
                    kind,
                    text: piece.to_owned(),
                });
            }
        };
        let mut at = base;
        while let Some(t) = tokens.next_if(|t| t.end <= end) {
            push(None, at, t.start);
            push(Some(t.kind), t.start, t.end);
            at = t.end;
        }
        push(None, at, end);
        lines.push(runs);
        base = end + 1;
    }
    Some(lines)
}

/// The whole of `text` as HTML for a `<pre>` (the lines of [`to_html_lines`] joined). A text
/// ending with a newline gets a trailing space so the `<pre>` is as tall as a `<textarea>`
/// holding the same text (a `<pre>` does not draw an empty last line). `None` when too large.
pub fn to_html(text: &str) -> Option<String> {
    let mut html = to_html_lines(text)?.join("\n");
    if text.ends_with('\n') {
        html.push(' ');
    }
    Some(html)
}

/// Appends `s` escaped for HTML text and double-quoted attribute values.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// What is carried from one line to the next.
#[derive(Default)]
struct Tokenizer {
    /// Open `[`/`{` brackets (JSON and YAML flow style may span lines).
    flow_depth: usize,
    /// A quoted string left open at the end of the previous line, by its quote.
    open_quote: Option<u8>,
    /// Inside a block scalar (`key: |`): lines indented deeper than this are its text.
    block_scalar_indent: Option<usize>,
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

impl Tokenizer {
    fn line(&mut self, line: &str, base: usize, out: &mut Vec<Token>) {
        let b = line.as_bytes();
        let len = b.len();
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        let mut push = |kind: Kind, start: usize, end: usize| {
            if start < end {
                out.push(Token {
                    kind,
                    start: base + start,
                    end: base + end,
                });
            }
        };

        if let Some(parent) = self.block_scalar_indent {
            if b.iter().all(|&c| is_blank(c)) {
                return;
            }
            if indent > parent {
                push(Kind::String, indent, len);
                return;
            }
            self.block_scalar_indent = None;
        }

        let mut i = 0;
        if let Some(quote) = self.open_quote {
            let (end, closed) = scan_quoted(b, 0, quote);
            push(Kind::String, 0, end);
            if !closed {
                return;
            }
            self.open_quote = None;
            i = end;
        }
        if i == 0
            && (line.starts_with("---") || line.starts_with("..."))
            && b.get(3).is_none_or(|&c| is_blank(c))
        {
            push(Kind::Document, 0, 3);
            i = 3;
        }

        while i < len {
            let c = b[i];
            let next = b.get(i + 1).copied();
            let next_is_blank = next.is_none_or(is_blank);
            match c {
                c if is_blank(c) => i += 1,
                b'#' if i == 0 || is_blank(b[i - 1]) => {
                    push(Kind::Comment, i, len);
                    return;
                }
                b'"' | b'\'' => {
                    let (end, closed) = scan_quoted(b, i + 1, c);
                    let kind = if closed && followed_by_colon(b, end, self.flow_depth) {
                        Kind::Key
                    } else {
                        Kind::String
                    };
                    push(kind, i, end);
                    if !closed {
                        self.open_quote = Some(c);
                    }
                    i = end;
                }
                b'[' | b'{' => {
                    self.flow_depth = (self.flow_depth + 1).min(FLOW_DEPTH_MAX);
                    push(Kind::Punct, i, i + 1);
                    i += 1;
                }
                b']' | b'}' => {
                    self.flow_depth = self.flow_depth.saturating_sub(1);
                    push(Kind::Punct, i, i + 1);
                    i += 1;
                }
                b',' if self.flow_depth > 0 => {
                    push(Kind::Punct, i, i + 1);
                    i += 1;
                }
                b'-' | b'?' if next_is_blank && self.flow_depth == 0 => {
                    push(Kind::Punct, i, i + 1);
                    i += 1;
                }
                b':' if next_is_blank || self.flow_depth > 0 => {
                    push(Kind::Punct, i, i + 1);
                    i += 1;
                }
                b'&' | b'*' | b'!' => {
                    let end = (i + 1..len)
                        .find(|&j| is_blank(b[j]) || is_flow_indicator(b[j]))
                        .unwrap_or(len);
                    let kind = if c == b'!' { Kind::Tag } else { Kind::Anchor };
                    push(kind, i, end);
                    i = end;
                }
                b'|' | b'>'
                    if self.flow_depth == 0 && block_scalar_header(&b[i + 1..]).is_some() =>
                {
                    let modifiers = block_scalar_header(&b[i + 1..]).unwrap_or(0);
                    push(Kind::Punct, i, i + 1 + modifiers);
                    self.block_scalar_indent = Some(indent);
                    i += 1 + modifiers;
                }
                _ => {
                    let end = plain_scalar_end(b, i, self.flow_depth);
                    let kind = if followed_by_colon(b, end, self.flow_depth) {
                        Kind::Key
                    } else {
                        classify_plain(&line[i..end])
                    };
                    push(kind, i, end);
                    i = end.max(i + 1);
                }
            }
        }
    }
}

/// The end of a quoted string whose body starts at `from` (after the opening quote): the
/// position after the closing quote, or the line's end when it stays open.
fn scan_quoted(b: &[u8], from: usize, quote: u8) -> (usize, bool) {
    let mut j = from;
    while j < b.len() {
        match b[j] {
            b'\\' if quote == b'"' => j += 2,
            b'\'' if quote == b'\'' && b.get(j + 1) == Some(&b'\'') => j += 2,
            c if c == quote => return (j + 1, true),
            _ => j += 1,
        }
    }
    (b.len(), false)
}

/// Whether only blanks then a key's `:` follow position `at`.
fn followed_by_colon(b: &[u8], at: usize, flow_depth: usize) -> bool {
    let mut j = at;
    while j < b.len() && is_blank(b[j]) {
        j += 1;
    }
    b.get(j) == Some(&b':') && {
        let after = b.get(j + 1).copied();
        after.is_none_or(|c| is_blank(c) || (flow_depth > 0 && is_flow_indicator(c)))
            || flow_depth > 0
    }
}

/// After `|` or `>`: the length of its modifiers (`-`, `+`, an indentation digit) when only
/// blanks or a comment follow them, i.e. when this really starts a block scalar.
fn block_scalar_header(rest: &[u8]) -> Option<usize> {
    let modifiers = rest
        .iter()
        .take_while(|&&c| matches!(c, b'-' | b'+' | b'0'..=b'9'))
        .count();
    let tail = &rest[modifiers..];
    match tail.iter().position(|&c| !is_blank(c)) {
        None => Some(modifiers),
        Some(k) if tail[k] == b'#' && k > 0 => Some(modifiers),
        Some(_) => None,
    }
}

/// The end of a plain (unquoted) scalar starting at `from`, trailing blanks excluded: it stops
/// before `: `, ` #`, the line's end, and inside flow brackets before `,[]{}`.
fn plain_scalar_end(b: &[u8], from: usize, flow_depth: usize) -> usize {
    let mut j = from + 1;
    while j < b.len() {
        let c = b[j];
        let ends = match c {
            b':' => b
                .get(j + 1)
                .is_none_or(|&n| is_blank(n) || (flow_depth > 0 && is_flow_indicator(n))),
            b'#' => is_blank(b[j - 1]),
            c if flow_depth > 0 && is_flow_indicator(c) => true,
            _ => false,
        };
        if ends {
            break;
        }
        j += 1;
    }
    let mut end = j.min(b.len());
    while end > from + 1 && is_blank(b[end - 1]) {
        end -= 1;
    }
    end
}

/// A plain scalar's YAML 1.2 core type (what the core's parser resolves it to).
fn classify_plain(s: &str) -> Kind {
    match s {
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => Kind::Bool,
        "null" | "Null" | "NULL" | "~" => Kind::Null,
        _ if is_number(s) => Kind::Number,
        _ => Kind::String,
    }
}

fn is_number(s: &str) -> bool {
    let digits = |t: &str, radix: u32| !t.is_empty() && t.chars().all(|c| c.is_digit(radix));
    if let Some(hex) = s.strip_prefix("0x") {
        return digits(hex, 16);
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return digits(oct, 8);
    }
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(k) => (&unsigned[..k], Some(&unsigned[k + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let mantissa_ok = match fraction {
        None => digits(whole, 10),
        Some(f) => {
            (whole.is_empty() || digits(whole, 10))
                && (f.is_empty() || digits(f, 10))
                && !(whole.is_empty() && f.is_empty())
        }
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(kind, text)` of every token, for readable assertions.
    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        tokens(text)
            .expect("within bounds")
            .into_iter()
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn keys_strings_numbers_and_punctuation_of_a_mapping() {
        use Kind::*;
        assert_eq!(
            kinds("metadata:\n  name: web\n  replicas: 3\n"),
            vec![
                (Key, "metadata"),
                (Punct, ":"),
                (Key, "name"),
                (Punct, ":"),
                (String, "web"),
                (Key, "replicas"),
                (Punct, ":"),
                (Number, "3"),
            ]
        );
    }

    #[test]
    fn quoted_strings_and_quantities_are_strings_not_numbers() {
        use Kind::*;
        assert_eq!(
            kinds("a: \"it's \\\"x\\\"\"\nb: 'don''t'\ncpu: 100m\nport: \"80\"\n"),
            vec![
                (Key, "a"),
                (Punct, ":"),
                (String, "\"it's \\\"x\\\"\""),
                (Key, "b"),
                (Punct, ":"),
                (String, "'don''t'"),
                (Key, "cpu"),
                (Punct, ":"),
                (String, "100m"),
                (Key, "port"),
                (Punct, ":"),
                (String, "\"80\""),
            ]
        );
    }

    #[test]
    fn numbers_booleans_and_null_follow_yaml_1_2() {
        for n in [
            "0", "-1", "+2", "1.5", ".5", "1e3", "2.5E-3", "0x1F", "0o17", ".inf", "-.Inf", ".nan",
        ] {
            assert_eq!(classify_plain(n), Kind::Number, "{n}");
        }
        for s in [
            "1.2.3", "64Mi", "0x", "e3", ".", "-", "1e", "yes", "on", "1_000",
        ] {
            assert_eq!(classify_plain(s), Kind::String, "{s}");
        }
        for b in ["true", "False", "TRUE"] {
            assert_eq!(classify_plain(b), Kind::Bool, "{b}");
        }
        for n in ["null", "~", "NULL"] {
            assert_eq!(classify_plain(n), Kind::Null, "{n}");
        }
    }

    #[test]
    fn comments_only_start_after_a_blank() {
        use Kind::*;
        assert_eq!(
            kinds("# top\nimage: nginx#1 # the tag\n"),
            vec![
                (Comment, "# top"),
                (Key, "image"),
                (Punct, ":"),
                (String, "nginx#1"),
                (Comment, "# the tag"),
            ]
        );
    }

    #[test]
    fn sequences_documents_anchors_aliases_and_tags() {
        use Kind::*;
        assert_eq!(
            kinds("---\n- &a x\n- *a\n- !!str 5\n...\n"),
            vec![
                (Document, "---"),
                (Punct, "-"),
                (Anchor, "&a"),
                (String, "x"),
                (Punct, "-"),
                (Anchor, "*a"),
                (Punct, "-"),
                (Tag, "!!str"),
                (Number, "5"),
                (Document, "..."),
            ]
        );
    }

    #[test]
    fn json_keys_values_and_brackets_across_lines() {
        use Kind::*;
        assert_eq!(
            kinds("{\"kind\": \"Pod\",\n \"n\":[1, true,null],\"x\":{}}"),
            vec![
                (Punct, "{"),
                (Key, "\"kind\""),
                (Punct, ":"),
                (String, "\"Pod\""),
                (Punct, ","),
                (Key, "\"n\""),
                (Punct, ":"),
                (Punct, "["),
                (Number, "1"),
                (Punct, ","),
                (Bool, "true"),
                (Punct, ","),
                (Null, "null"),
                (Punct, "]"),
                (Punct, ","),
                (Key, "\"x\""),
                (Punct, ":"),
                (Punct, "{"),
                (Punct, "}"),
                (Punct, "}"),
            ]
        );
    }

    #[test]
    fn flow_sequences_in_yaml_split_on_commas() {
        use Kind::*;
        assert_eq!(
            kinds("command: [\"sh\", -c, 5]"),
            vec![
                (Key, "command"),
                (Punct, ":"),
                (Punct, "["),
                (String, "\"sh\""),
                (Punct, ","),
                (String, "-c"),
                (Punct, ","),
                (Number, "5"),
                (Punct, "]"),
            ]
        );
    }

    #[test]
    fn block_scalars_colour_their_body_as_a_string() {
        use Kind::*;
        assert_eq!(
            kinds("script: |-\n  a: b # not a key\n\n  c\nnext: 1\n"),
            vec![
                (Key, "script"),
                (Punct, ":"),
                (Punct, "|-"),
                (String, "a: b # not a key"),
                (String, "c"),
                (Key, "next"),
                (Punct, ":"),
                (Number, "1"),
            ]
        );
        // `>` inside a value is not a block scalar.
        assert_eq!(kinds("a: b > c")[2], (String, "b > c"));
    }

    #[test]
    fn a_quoted_string_may_span_lines() {
        use Kind::*;
        assert_eq!(
            kinds("a: \"one\n  two\" \nb: 1"),
            vec![
                (Key, "a"),
                (Punct, ":"),
                (String, "\"one"),
                (String, "  two\""),
                (Key, "b"),
                (Punct, ":"),
                (Number, "1"),
            ]
        );
    }

    #[test]
    fn html_is_escaped_and_keeps_a_trailing_empty_line() {
        let html = to_html("a: \"<b>&\"\n").unwrap();
        assert_eq!(
            html,
            "<span class=\"sb-tok-key\">a</span><span class=\"sb-tok-punct\">:</span> \
             <span class=\"sb-tok-string\">&quot;&lt;b&gt;&amp;&quot;</span>\n "
        );
        assert_eq!(to_html("").unwrap(), "");
    }

    #[test]
    fn html_lines_match_the_text_lines_even_across_multi_line_state() {
        let text = "a: |\n  x: 1\nb: \"two\n  lines\" # c\n\n";
        let lines = to_html_lines(text).unwrap();
        assert_eq!(lines.len(), text.split('\n').count());
        assert_eq!(lines[1], "  <span class=\"sb-tok-string\">x: 1</span>");
        assert_eq!(lines[3], "<span class=\"sb-tok-string\">  lines&quot;</span> <span class=\"sb-tok-comment\"># c</span>");
        assert_eq!(lines[4], "");
    }

    #[test]
    fn run_lines_hold_the_text_as_written_with_the_html_lines_kinds() {
        let text = "a: \"<img src=x onerror=alert(1)>\"\n  x: |\n\n# c";
        let lines = to_run_lines(text).unwrap();
        let html = to_html_lines(text).unwrap();
        assert_eq!(lines.len(), html.len());
        for (runs, line) in lines.iter().zip(text.split('\n')) {
            let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
            assert_eq!(joined, line);
        }
        assert_eq!(
            lines[0][3],
            Run {
                kind: Some(Kind::String),
                text: "\"<img src=x onerror=alert(1)>\"".into()
            }
        );
        assert!(lines[2].is_empty());
        assert!(to_run_lines(&"x".repeat(HIGHLIGHT_BYTES_MAX + 1)).is_none());
    }

    #[test]
    fn large_texts_are_not_highlighted() {
        assert!(tokens(&"a: 1\n".repeat(HIGHLIGHT_LINES_MAX)).is_some());
        assert!(tokens(&"a: 1\n".repeat(HIGHLIGHT_LINES_MAX + 1)).is_none());
        assert!(to_html(&"x".repeat(HIGHLIGHT_BYTES_MAX + 1)).is_none());
    }

    #[test]
    fn hostile_text_never_panics_and_tokens_stay_on_char_boundaries() {
        let inputs = [
            "名前: \"値\" # コメント\n- 日本語: [é, 🦀]\n".to_string(),
            "\u{feff}\u{202e}:\u{0}\t\r\n\"\\".to_string(),
            "[".repeat(5_000) + &"]".repeat(6_000),
            "\"".repeat(999) + "\n'" + &"''".repeat(500),
            "key: |".to_string(),
            "|\n>\n- |+9\n   x\n&\n*\n!\n#\n:\n-\n?\n---x\n".to_string(),
            "a:b:c: d::\n::\n\\\\:\n".to_string(),
            "🦀".repeat(50_000),
            "\r\n\r\n a\r\n".to_string(),
        ];
        for text in &inputs {
            let Some(tokens) = tokens(text) else { continue };
            let mut at = 0;
            for t in &tokens {
                assert!(
                    t.start >= at && t.start < t.end && t.end <= text.len(),
                    "{t:?}"
                );
                assert!(
                    text.is_char_boundary(t.start) && text.is_char_boundary(t.end),
                    "{t:?}"
                );
                at = t.end;
            }
            let html = to_html(text).unwrap();
            assert!(!html.contains("<script"));
        }
    }
}
