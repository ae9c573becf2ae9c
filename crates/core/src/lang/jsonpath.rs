//! kubectl's JSONPath dialect (`k8s.io/client-go/util/jsonpath`), evaluated over the same JSON
//! `-o json` prints: text with `{…}` actions; `.field`, `['field']`, `[n]`, `[a:b]`, `[*]`,
//! `..field`, filters `[?(@.x=="y")]`, `{range …}…{end}`, string literals `{"\n"}`. Several
//! results of one action are joined by a space; strings print bare, other values as compact
//! JSON. Missing keys print nothing (kubectl allows them). Bounded: template length, nesting
//! and the number of results.

use serde_json::Value;

use crate::base::command::CommandError;

const MAX_TEMPLATE: usize = 4096;
const MAX_DEPTH: usize = 16;
const MAX_RESULTS: usize = 100_000;

/// The template of `-o jsonpath=T` (also `jsonpath-as-json` is not supported); `None` for
/// another output format.
pub(crate) fn output_template(format: &str) -> Option<&str> {
    format.strip_prefix("jsonpath=")
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Field(String),
    All,
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    Descend(Option<String>),
    Filter(Box<Filter>),
}

#[derive(Clone, Debug, PartialEq)]
struct Filter {
    left: Vec<Step>,
    /// `None`: the left side only has to exist.
    cmp: Option<(String, Operand)>,
}

#[derive(Clone, Debug, PartialEq)]
enum Operand {
    Literal(Value),
    Path(Vec<Step>),
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Text(String),
    /// A path from the root (`$`, or a leading `.`) or from the range's item (`@`).
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Node>),
}

fn parse_error(template: &str, why: &str) -> CommandError {
    CommandError::new(format!("error: error parsing jsonpath {template}, {why}"))
}

/// Renders `template` over `root`, as `kubectl … -o jsonpath=TEMPLATE` prints it.
pub(crate) fn render(template: &str, root: &Value) -> Result<String, CommandError> {
    let template = strip_quotes(template);
    if template.len() > MAX_TEMPLATE {
        return Err(parse_error(template, "template too long"));
    }
    // Filters nest paths inside brackets: bound how deep before parsing recurses.
    let mut depth = 0usize;
    for c in template.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Err(parse_error(template, "brackets nested too deep"));
        }
    }
    let nodes = parse(template)?;
    let mut out = String::new();
    let mut budget = MAX_RESULTS;
    exec(&nodes, root, root, &mut out, &mut budget).map_err(|e| {
        CommandError::new(format!("error: error executing jsonpath {template:?}: {e}"))
    })?;
    Ok(out)
}

/// A learner's shell would strip one pair of quotes around the template.
fn strip_quotes(t: &str) -> &str {
    for q in ['\'', '"'] {
        if let Some(inner) = t.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner;
        }
    }
    t
}

/// The template's nodes: text, and actions in braces (a template without braces is one
/// action, as kubectl reads `.items[*].name`).
fn parse(template: &str) -> Result<Vec<Node>, CommandError> {
    let template_with_braces;
    let t = if template.contains('{') {
        template
    } else {
        template_with_braces = format!("{{{template}}}");
        &template_with_braces
    };
    let mut flat: Vec<(bool, String)> = Vec::new(); // (is action, text)
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            flat.push((false, rest[..open].to_string()));
        }
        let after = &rest[open + 1..];
        let close = action_end(after).ok_or_else(|| parse_error(template, "unclosed action"))?;
        flat.push((true, after[..close].trim().to_string()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        flat.push((false, rest.to_string()));
    }
    let mut pos = 0;
    let nodes = nest(template, &flat, &mut pos, 0)?;
    if pos < flat.len() {
        return Err(parse_error(template, "not in range, nothing to end"));
    }
    Ok(nodes)
}

/// Where the action's `}` is, skipping braces inside quotes.
fn action_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '}' => return Some(i),
            None => {}
        }
    }
    None
}

fn nest(
    template: &str,
    flat: &[(bool, String)],
    pos: &mut usize,
    depth: usize,
) -> Result<Vec<Node>, CommandError> {
    if depth > MAX_DEPTH {
        return Err(parse_error(template, "ranges nested too deep"));
    }
    let mut nodes = Vec::new();
    while *pos < flat.len() {
        let (action, text) = &flat[*pos];
        *pos += 1;
        if !action {
            nodes.push(Node::Text(text.clone()));
            continue;
        }
        if text == "end" {
            if depth == 0 {
                return Err(parse_error(template, "not in range, nothing to end"));
            }
            return Ok(nodes);
        }
        if let Some(path) = text.strip_prefix("range ") {
            let steps = parse_path(template, path.trim())?;
            let body = nest(template, flat, pos, depth + 1)?;
            nodes.push(Node::Range(steps, body));
            continue;
        }
        if let Some(lit) = string_literal(text) {
            nodes.push(Node::Text(lit));
            continue;
        }
        nodes.push(Node::Path(parse_path(template, text)?));
    }
    if depth > 0 {
        return Err(parse_error(template, "unclosed range"));
    }
    Ok(nodes)
}

/// `"\n"`, `'x'`: a quoted text (Go's escapes `\n`, `\t`, `\"`, `\\`).
fn string_literal(s: &str) -> Option<String> {
    let q = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = s.strip_prefix(q)?.strip_suffix(q)?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(o) => out.push(o),
            None => out.push('\\'),
        }
    }
    Some(out)
}

fn parse_path(template: &str, s: &str) -> Result<Vec<Step>, CommandError> {
    let s = s
        .strip_prefix('$')
        .or_else(|| s.strip_prefix('@'))
        .unwrap_or(s);
    let b = s.as_bytes();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'.' if b.get(i + 1) == Some(&b'.') => {
                i += 2;
                let start = i;
                while i < b.len() && is_name(b[i]) {
                    i += 1;
                }
                let name = &s[start..i];
                steps.push(Step::Descend(
                    (!name.is_empty() && name != "*").then(|| name.to_string()),
                ));
                if b.get(i) == Some(&b'*') {
                    i += 1;
                }
            }
            b'.' => {
                i += 1;
                if b.get(i) == Some(&b'*') {
                    steps.push(Step::All);
                    i += 1;
                    continue;
                }
                let start = i;
                while i < b.len() && is_name(b[i]) {
                    i += 1;
                }
                if start == i {
                    if i == b.len() {
                        continue; // `{.}`: the value itself
                    }
                    return Err(parse_error(
                        template,
                        &format!(
                            "unrecognized character in action: U+{:04X} '{}'",
                            b[i], b[i] as char
                        ),
                    ));
                }
                steps.push(Step::Field(s[start..i].to_string()));
            }
            b'[' => {
                let close = bracket_end(&s[i..])
                    .ok_or_else(|| parse_error(template, "unterminated array"))?;
                let inner = &s[i + 1..i + close];
                steps.push(bracket(template, inner.trim())?);
                i += close + 1;
            }
            c if is_name(c) && i == 0 => {
                let start = i;
                while i < b.len() && is_name(b[i]) {
                    i += 1;
                }
                steps.push(Step::Field(s[start..i].to_string()));
            }
            c => {
                return Err(parse_error(
                    template,
                    &format!(
                        "unrecognized character in action: U+{:04X} '{}'",
                        c, c as char
                    ),
                ))
            }
        }
    }
    Ok(steps)
}

fn is_name(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'/'
}

/// The `]` closing the bracket `s` starts with, skipping quotes and nested brackets.
fn bracket_end(s: &str) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
    }
    None
}

fn bracket(template: &str, inner: &str) -> Result<Step, CommandError> {
    if inner == "*" {
        return Ok(Step::All);
    }
    if let Some(lit) = string_literal(inner) {
        return Ok(Step::Field(lit));
    }
    if let Some(f) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
        return filter(template, f.trim());
    }
    let num = |t: &str| -> Result<Option<i64>, CommandError> {
        let t = t.trim();
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<i64>()
            .map(Some)
            .map_err(|_| parse_error(template, &format!("invalid array index {t}")))
    };
    match inner.split(':').collect::<Vec<_>>().as_slice() {
        [one] => {
            Ok(Step::Index(num(one)?.ok_or_else(|| {
                parse_error(template, "invalid array index")
            })?))
        }
        [a, b] | [a, b, _] => Ok(Step::Slice(num(a)?, num(b)?)),
        _ => Err(parse_error(
            template,
            &format!("invalid array index {inner}"),
        )),
    }
}

fn filter(template: &str, f: &str) -> Result<Step, CommandError> {
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        if let Some((l, r)) = f.split_once(op) {
            let left = parse_path(template, l.trim())?;
            let r = r.trim();
            let right = if let Some(s) = string_literal(r) {
                Operand::Literal(Value::String(s))
            } else if let Ok(n) = serde_json::from_str::<Value>(r) {
                Operand::Literal(n)
            } else {
                Operand::Path(parse_path(template, r)?)
            };
            return Ok(Step::Filter(Box::new(Filter {
                left,
                cmp: Some((op.to_string(), right)),
            })));
        }
    }
    Ok(Step::Filter(Box::new(Filter {
        left: parse_path(template, f)?,
        cmp: None,
    })))
}

fn exec(
    nodes: &[Node],
    root: &Value,
    cur: &Value,
    out: &mut String,
    budget: &mut usize,
) -> Result<(), String> {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(steps) => {
                let found = walk(steps, cur, budget)?;
                let _ = root;
                for (i, v) in found.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(&text(v));
                }
            }
            Node::Range(steps, body) => {
                for v in walk(steps, cur, budget)? {
                    // `range` over a list walks its items; over anything else, the value.
                    match v {
                        Value::Array(items) => {
                            for item in items {
                                exec(body, root, item, out, budget)?;
                            }
                        }
                        other => exec(body, root, other, out, budget)?,
                    }
                }
            }
        }
    }
    Ok(())
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn walk<'v>(
    steps: &[Step],
    start: &'v Value,
    budget: &mut usize,
) -> Result<Vec<&'v Value>, String> {
    let mut cur = vec![start];
    for step in steps {
        let mut next = Vec::new();
        for v in cur {
            apply(step, v, &mut next);
        }
        if next.len() > *budget {
            return Err("too many results".to_string());
        }
        cur = next;
    }
    *budget -= cur.len().min(*budget);
    Ok(cur)
}

fn apply<'v>(step: &Step, v: &'v Value, next: &mut Vec<&'v Value>) {
    match step {
        Step::Field(name) => {
            if let Some(x) = v.get(name.as_str()) {
                next.push(x);
            }
        }
        Step::All => match v {
            Value::Array(a) => next.extend(a.iter()),
            Value::Object(m) => next.extend(m.values()),
            _ => {}
        },
        Step::Index(i) => {
            if let Value::Array(a) = v {
                let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                if let Some(x) = usize::try_from(idx).ok().and_then(|i| a.get(i)) {
                    next.push(x);
                }
            }
        }
        Step::Slice(from, to) => {
            if let Value::Array(a) = v {
                let len = a.len() as i64;
                let clamp = |x: i64| (if x < 0 { len + x } else { x }).clamp(0, len) as usize;
                let (f, t) = (clamp(from.unwrap_or(0)), clamp(to.unwrap_or(len)));
                if f < t {
                    next.extend(a[f..t].iter());
                }
            }
        }
        Step::Descend(name) => descend(name.as_deref(), v, next, 0),
        Step::Filter(f) => {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            for item in items {
                if keeps(f, item) {
                    next.push(item);
                }
            }
        }
    }
}

fn descend<'v>(name: Option<&str>, v: &'v Value, next: &mut Vec<&'v Value>, depth: usize) {
    if depth > 64 {
        return;
    }
    let children: Vec<&Value> = match v {
        Value::Object(m) => {
            if let Some(n) = name {
                if let Some(x) = m.get(n) {
                    next.push(x);
                }
            }
            m.values().collect()
        }
        Value::Array(a) => a.iter().collect(),
        _ => Vec::new(),
    };
    for c in children {
        if name.is_none() {
            next.push(c);
        }
        descend(name, c, next, depth + 1);
    }
}

fn keeps(f: &Filter, item: &Value) -> bool {
    let mut budget = MAX_RESULTS;
    let Ok(left) = walk(&f.left, item, &mut budget) else {
        return false;
    };
    let Some((op, right)) = &f.cmp else {
        return !left.is_empty();
    };
    let right: Vec<Value> = match right {
        Operand::Literal(v) => vec![v.clone()],
        Operand::Path(p) => walk(p, item, &mut budget)
            .unwrap_or_default()
            .into_iter()
            .cloned()
            .collect(),
    };
    left.iter().any(|l| right.iter().any(|r| compare(op, l, r)))
}

fn compare(op: &str, l: &Value, r: &Value) -> bool {
    use std::cmp::Ordering;
    let ord = match (l, r) {
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .zip(b.as_f64())
            .and_then(|(a, b)| a.partial_cmp(&b)),
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (a, b) if a == b => Some(Ordering::Equal),
        _ => None,
    };
    match (op, ord) {
        ("==", o) => o == Some(Ordering::Equal),
        ("!=", o) => o != Some(Ordering::Equal),
        ("<", Some(o)) => o == Ordering::Less,
        (">", Some(o)) => o == Ordering::Greater,
        ("<=", Some(o)) => o != Ordering::Greater,
        (">=", Some(o)) => o != Ordering::Less,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pods() -> Value {
        json!({"kind": "List", "items": [
            {"metadata": {"name": "a", "labels": {"app": "web"}}, "status": {"phase": "Running"},
             "spec": {"containers": [{"name": "c1", "image": "nginx"}, {"name": "c2", "image": "redis"}]}},
            {"metadata": {"name": "b"}, "status": {"phase": "Pending"},
             "spec": {"containers": [{"name": "c1", "image": "busybox"}]}}
        ]})
    }

    fn r(t: &str) -> String {
        render(t, &pods()).unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn the_forms_kubectl_documents() {
        assert_eq!(r("{.items[*].metadata.name}"), "a b");
        assert_eq!(r("{.items[0].metadata.name}"), "a");
        assert_eq!(r("{.items[-1].metadata.name}"), "b");
        assert_eq!(r("{.items[0:1].metadata.name}"), "a");
        assert_eq!(r("{..image}"), "nginx redis busybox");
        assert_eq!(r("{.items[*]['metadata.name']}"), "");
        assert_eq!(r("{.items[0].metadata['name']}"), "a");
        assert_eq!(
            r("{.items[?(@.status.phase==\"Pending\")].metadata.name}"),
            "b"
        );
        assert_eq!(r("{.items[?(@.metadata.labels.app)].metadata.name}"), "a");
        assert_eq!(
            r("{range .items[*]}{.metadata.name}{\"\\t\"}{.status.phase}{\"\\n\"}{end}"),
            "a\tRunning\nb\tPending\n"
        );
        assert_eq!(r("'{.kind}'"), "List");
        assert_eq!(r(".kind"), "List");
        assert_eq!(r("{.items[0].metadata.labels}"), "{\"app\":\"web\"}");
        assert_eq!(r("{.nothing}"), "");
        assert_eq!(r("x={.kind}!"), "x=List!");
    }

    #[test]
    fn parse_errors_are_kubectls() {
        assert_eq!(
            r("{.items[0}"),
            "error: error parsing jsonpath {.items[0}, unterminated array"
        );
        assert_eq!(
            r("{.kind"),
            "error: error parsing jsonpath {.kind, unclosed action"
        );
        assert_eq!(
            r("{end}"),
            "error: error parsing jsonpath {end}, not in range, nothing to end"
        );
        assert_eq!(
            r("{range .items[*]}{.x}"),
            "error: error parsing jsonpath {range .items[*]}{.x}, unclosed range"
        );
        assert!(r("{.items[x]}").contains("invalid array index x"));
        assert!(r("{.items#}").contains("unrecognized character in action"));
        assert!(r(&"{.a}".repeat(2000)).contains("too long"));
        assert!(r(&format!("{{.a{}}}", "[?(@.b".repeat(40))).contains("nested too deep"));
    }
}
