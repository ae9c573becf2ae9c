//! `-o yaml`: prints a JSON value as block-style YAML, the way kubectl lays it out
//! (two-space indents, sequences not indented under their key, strings quoted only when needed).

use serde_json::Value;

/// Which YAML library's output to imitate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// kubectl's `-o yaml` (sigs.k8s.io/yaml over go-yaml v2): strings that would read as
    /// another type (number, bool, null, timestamp) are double-quoted, strings the syntax
    /// forbids plain are single-quoted, multi-line strings are literal blocks.
    Kubectl,
    /// kustomize's output (go-yaml v3 via kyaml): strings that would read as another type are
    /// double-quoted, multi-line strings are literal blocks (`|`, `|-`).
    Kustomize,
}

pub fn to_yaml(v: &Value) -> String {
    to_yaml_styled(v, Style::Kubectl)
}

/// One document as `kustomize build` prints it.
pub fn to_yaml_kustomize(v: &Value) -> String {
    to_yaml_styled(v, Style::Kustomize)
}

fn to_yaml_styled(v: &Value, style: Style) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(&mut out, m, 0, style),
        Value::Array(a) if !a.is_empty() => write_seq(&mut out, a, 0, style),
        other => {
            out.push_str(&scalar(other, style, 0));
            out.push('\n');
        }
    }
    out
}

fn scalar(v: &Value, style: Style, indent: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if style == Style::Kustomize => quote_v3(s, indent),
        Value::String(s) => quote_v2(s, indent),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// go-yaml v3's choice: literal block for multi-line text, double quotes when the plain text
/// would read back as a number, bool or null (including YAML 1.1's `yes`/`on`), single quotes
/// when plain text is not allowed for syntax reasons.
fn quote_v3(s: &str, indent: usize) -> String {
    if s.contains('\n') && !s.contains(['\t', '\r']) && !s.ends_with(' ') {
        return literal_block(s, indent);
    }
    let resolves_otherwise = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n" | ""
    ) || looks_numeric(s);
    if resolves_otherwise || s.contains(|c: char| c.is_control()) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    let plain = !s.starts_with(|c: char| " -?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #");
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// Would YAML read this plain text as a number (int, float, hex, octal, `.inf`, `.nan`)?
fn looks_numeric(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    if t.is_empty() {
        return false;
    }
    if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(&t) {
        return true;
    }
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0o")) {
        return !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit());
    }
    let t = t.replace('_', "");
    t.parse::<f64>().is_ok() && t.chars().all(|c| c.is_ascii_digit() || ".eE+-".contains(c))
}

/// go-yaml v2's choice, as `kubectl -o yaml` prints a string (encode.go `stringv`, then the
/// emitter's scalar analysis): a literal block for multi-line text; double quotes when the
/// plain text would resolve to another tag (`"48"`, `"true"`, `""`,
/// `"2026-11-28T10:00:00Z"`, `"1:20"`); single quotes when plain text is not allowed by the
/// syntax (`': x'`); plain otherwise (`128Mi`, `25%`, `-c`, `echo hi; exit 1`).
fn quote_v2(s: &str, indent: usize) -> String {
    // Characters the emitter must escape (not printable) force double quotes.
    let special = s
        .chars()
        .any(|c| c != '\n' && (c.is_control() || c == '\u{feff}'));
    if s.contains('\n') && !special && !s.ends_with(' ') && !s.contains(" \n") {
        let block = literal_block(s, indent);
        // Text that starts with a space or an empty line needs an indentation indicator.
        return if s.starts_with([' ', '\n']) {
            format!("|2{}", &block[1..])
        } else {
            block
        };
    }
    let resolves_otherwise = matches!(
        s,
        "" | "~"
            | "null"
            | "Null"
            | "NULL"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "y"
            | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    ) || looks_numeric(s)
        || looks_timestamp(s)
        || looks_base60(s);
    if resolves_otherwise || special || s.contains('\n') {
        return serde_json::to_string(s).unwrap_or_default();
    }
    if plain_allowed_in_block(s) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// libyaml's `yaml_emitter_analyze_scalar` for a block context: may this text be written plain?
fn plain_allowed_in_block(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if s.starts_with("---") || s.starts_with("...") || s.starts_with(' ') || s.ends_with(' ') {
        return false;
    }
    let blank_after = |i: usize| b.get(i + 1).is_none_or(|&c| c == b' ');
    if b"#,[]{}&*!|>'\"%@`".contains(&first) {
        return false;
    }
    if b"?:-".contains(&first) && blank_after(0) {
        return false;
    }
    for (i, &c) in b.iter().enumerate() {
        if c == b':' && blank_after(i) {
            return false;
        }
        if c == b'#' && i > 0 && b[i - 1] == b' ' {
            return false;
        }
    }
    true
}

/// A literal block (`|`, `|-` without a final newline, `|+` with more than one).
fn literal_block(s: &str, indent: usize) -> String {
    let body = s.strip_suffix('\n').unwrap_or(s);
    let chomp = if s.ends_with("\n\n") {
        "+"
    } else if s.ends_with('\n') {
        ""
    } else {
        "-"
    };
    let pad = " ".repeat(indent + 2);
    let mut out = format!("|{chomp}");
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    out
}

/// go-yaml v2's timestamp resolution (`parseTimestamp`): `2006-1-2`, or that date with a time
/// after `T`/`t` (and a zone, `Z` or `±hh:mm`) or after a space (no zone).
fn looks_timestamp(s: &str) -> bool {
    fn digits(s: &str, min: usize, max: usize) -> Option<&str> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (min..=max).contains(&n).then(|| &s[n..])
    }
    let date = || -> Option<&str> {
        let r = digits(s, 4, 4)?.strip_prefix('-')?;
        let r = digits(r, 1, 2)?.strip_prefix('-')?;
        digits(r, 1, 2)
    };
    let Some(rest) = date() else {
        return false;
    };
    if rest.is_empty() {
        return true;
    }
    let (zoned, time) = match rest.as_bytes()[0] {
        b'T' | b't' => (true, &rest[1..]),
        b' ' => (false, &rest[1..]),
        _ => return false,
    };
    let clock = || -> Option<&str> {
        let r = digits(time, 1, 2)?.strip_prefix(':')?;
        let r = digits(r, 1, 2)?.strip_prefix(':')?;
        let r = digits(r, 1, 2)?;
        match r.strip_prefix('.') {
            Some(f) => digits(f, 1, 9),
            None => Some(r),
        }
    };
    let Some(zone) = clock() else {
        return false;
    };
    if !zoned {
        return zone.is_empty();
    }
    if zone == "Z" {
        return true;
    }
    let Some(z) = zone.strip_prefix(['+', '-']) else {
        return false;
    };
    digits(z, 2, 2)
        .and_then(|r| r.strip_prefix(':'))
        .and_then(|r| digits(r, 2, 2))
        .is_some_and(str::is_empty)
}

/// YAML 1.1 sexagesimal numbers (`1:20`, `190:20:30.15`), which go-yaml v2 quotes.
fn looks_base60(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let mut parts = int.split(':');
    let head = parts.next().unwrap_or_default();
    let head_ok = head.starts_with(|c: char| c.is_ascii_digit())
        && head.chars().all(|c| c.is_ascii_digit() || c == '_');
    let mut tails = 0;
    for p in parts {
        let ok = (1..=2).contains(&p.len())
            && p.chars().all(|c| c.is_ascii_digit())
            && (p.len() == 1 || p.as_bytes()[0] <= b'5');
        if !ok {
            return false;
        }
        tails += 1;
    }
    head_ok && tails > 0 && frac.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit() || c == '_'))
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
}

fn write_map(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize, style: Style) {
    for (k, v) in m {
        out.push_str(&" ".repeat(indent));
        out.push_str(&match style {
            Style::Kubectl => quote_v2(k, indent),
            Style::Kustomize => quote_v3(k, indent),
        });
        out.push(':');
        match v {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                write_map(out, inner, indent + 2, style);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                write_seq(out, a, indent, style);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other, style, indent));
                out.push('\n');
            }
        }
    }
}

fn write_seq(out: &mut String, a: &[Value], indent: usize, style: Style) {
    for v in a {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => {
                let mut inner = String::new();
                write_map(&mut inner, m, indent + 2, style);
                out.push_str(inner.trim_start());
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2, style);
            }
            other => {
                out.push_str(&scalar(other, style, indent));
                out.push('\n');
            }
        }
        let _ = is_block;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_kubectl_style_yaml() {
        let v = serde_json::json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2", "ports": [{"containerPort": 80}]}]}, "x": "true", "w": ""});
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.14.2\n    ports:\n    - containerPort: 80\nx: \"true\"\nw: \"\"\n"
        );
    }

    /// What `kubectl get -o yaml` prints for each kind of string (go-yaml v2 via
    /// sigs.k8s.io/yaml): `resourceVersion: "48"`, `creationTimestamp: "2026-…Z"`,
    /// `memory: 128Mi`, `- -c`.
    #[test]
    fn kubectl_quotes_strings_like_go_yaml_v2() {
        let cases = [
            ("128Mi", "128Mi"),
            ("25%", "25%"),
            ("100m", "100m"),
            ("-c", "-c"),
            (
                "echo starting; sleep 5; exit 1",
                "echo starting; sleep 5; exit 1",
            ),
            (
                "3968ecee-abb2-4b41-b47b-06f2bb9262d9",
                "3968ecee-abb2-4b41-b47b-06f2bb9262d9",
            ),
            ("nginx:1.14.2", "nginx:1.14.2"),
            ("48", "\"48\""),
            ("1.5", "\"1.5\""),
            ("0x1F", "\"0x1F\""),
            ("", "\"\""),
            ("true", "\"true\""),
            ("on", "\"on\""),
            ("null", "\"null\""),
            ("2026-11-28T10:00:00Z", "\"2026-11-28T10:00:00Z\""),
            ("2026-11-28", "\"2026-11-28\""),
            ("1:20", "\"1:20\""),
            ("- x", "'- x'"),
            (": x", "': x'"),
            ("a: b", "'a: b'"),
            ("it's", "it's"),
            ("it's #1", "'it''s #1'"),
            ("a#b", "a#b"),
            ("x #y", "'x #y'"),
            ("*", "'*'"),
            (" padded", "' padded'"),
            ("tab\there", "\"tab\\there\""),
            ("line1\nline2\n", "|\n    line1\n    line2"),
            ("line1\nline2", "|-\n    line1\n    line2"),
        ];
        for (text, printed) in cases {
            assert_eq!(quote_v2(text, 2), printed, "{text:?}");
        }
    }
}
