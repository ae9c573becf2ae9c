//! The AWS CLI's parameter values for structures and lists of structures: its shorthand syntax
//! (`awscli/shorthand.py`: `key=value,key2=value2`, `key=a,b`, `key=[a,b]`, `key={k=v}`,
//! quoted values), or JSON when the value starts with `{` or `[` (strict, refused with Python's
//! `json` wording as the CLI prints it), or `file://NAME` read first (`awscli/paramfile.py`).
//!
//! Purely syntactic, like the CLI's `ShorthandParser`: every scalar comes back a string; the
//! options' readers convert numbers, booleans and one-element lists the way the CLI's
//! `BackCompatVisitor` does ([`int_of`], [`list_of`]). Bounded: input length and nesting depth.

use serde_json::{Map, Value};

use crate::base::command::CommandError;
use crate::input::files::FileSource;

/// Longest value parsed (a command line is at most 4 KiB; a file read for it may be larger).
const MAX_INPUT: usize = 64 * 1024;
/// Deepest nesting of `[` and `{`.
const MAX_DEPTH: usize = 32;

/// Where the shorthand parser stopped and why, as `ShorthandParseError` says it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ShorthandError {
    expected: String,
    actual: String,
    index: usize,
    value: String,
}

impl ShorthandError {
    /// `Expected: '=', received: 'EOF' for input:` then the input and a caret under the index.
    pub(crate) fn message(&self) -> String {
        let before = &self.value[..self.index.min(self.value.len())];
        let spaces = match before.rfind('\n') {
            Some(nl) => before[nl + 1..].chars().count(),
            None => before.chars().count(),
        };
        format!(
            "Expected: '{}', received: '{}' for input:\n{}\n{}^\n",
            self.expected,
            self.actual,
            self.value,
            " ".repeat(spaces)
        )
    }
}

/// Parses shorthand syntax into an object of strings, lists and objects.
pub(crate) fn parse(value: &str) -> Result<Map<String, Value>, ShorthandError> {
    let mut p = Parser {
        s: value,
        i: 0,
        depth: 0,
    };
    p.parameter()
}

struct Parser<'a> {
    s: &'a str,
    /// A byte index into `s`, always on a char boundary.
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &str, actual: &str) -> ShorthandError {
        ShorthandError {
            expected: expected.to_string(),
            actual: actual.to_string(),
            index: self.i,
            value: self.s.to_string(),
        }
    }

    fn current(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn at_eof(&self) -> bool {
        self.i >= self.s.len()
    }

    fn consume_whitespace(&mut self) {
        while let Some(c) = self.current().filter(|c| c.is_ascii_whitespace()) {
            self.i += c.len_utf8();
        }
    }

    fn expect(&mut self, ch: char, consume_whitespace: bool) -> Result<(), ShorthandError> {
        if consume_whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => return Err(self.error(&ch.to_string(), "EOF")),
            Some(c) if c != ch => return Err(self.error(&ch.to_string(), &c.to_string())),
            Some(_) => self.i += ch.len_utf8(),
        }
        if consume_whitespace {
            self.consume_whitespace();
        }
        Ok(())
    }

    fn nest(&mut self) -> Result<(), ShorthandError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!("at most {MAX_DEPTH} levels of nesting"), "more"));
        }
        Ok(())
    }

    /// parameter = keyval *("," keyval)
    fn parameter(&mut self) -> Result<Map<String, Value>, ShorthandError> {
        let mut params = Map::new();
        let (k, v) = self.keyval()?;
        params.insert(k, v);
        while !self.at_eof() {
            self.expect(',', true)?;
            let (k, v) = self.keyval()?;
            params.insert(k, v);
        }
        Ok(params)
    }

    /// keyval = key "=" [values]
    fn keyval(&mut self) -> Result<(String, Value), ShorthandError> {
        let key = self.key();
        self.expect('=', true)?;
        Ok((key, self.values()?))
    }

    /// key = 1*(ALPHA / DIGIT); may be empty, as the CLI's is.
    fn key(&mut self) -> String {
        let start = self.i;
        while self.current().is_some_and(|c| c.is_ascii_alphanumeric()) {
            self.i += 1;
        }
        self.s[start..self.i].to_string()
    }

    fn values(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// `foo=bar` → "bar"; `foo=bar,baz` → ["bar", "baz"]; backtracks to the last comma when
    /// what follows is the next `key=`.
    fn csv_value(&mut self) -> Result<Value, ShorthandError> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.current() != Some(',') {
            return Ok(Value::String(first));
        }
        self.expect(',', true)?;
        let mut list = vec![Value::String(first.clone())];
        loop {
            let attempt = self.second_value().and_then(|v| {
                self.consume_whitespace();
                if !self.at_eof() {
                    self.expect(',', true)?;
                }
                Ok(v)
            });
            match attempt {
                Ok(v) => {
                    list.push(Value::String(v));
                    if self.at_eof() {
                        break;
                    }
                }
                Err(e) => {
                    if self.at_eof() {
                        return Err(e);
                    }
                    self.backtrack_to(',');
                    break;
                }
            }
        }
        if list.len() == 1 {
            return Ok(Value::String(first));
        }
        Ok(Value::Array(list))
    }

    fn backtrack_to(&mut self, ch: char) {
        while self.i > 0 && !self.s[self.i..].starts_with(ch) {
            self.i -= 1;
            while !self.s.is_char_boundary(self.i) {
                self.i -= 1;
            }
        }
    }

    /// explicit-list = "[" [value *("," value)] "]"
    fn explicit_list(&mut self) -> Result<Value, ShorthandError> {
        self.nest()?;
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_values()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        self.depth -= 1;
        Ok(Value::Array(values))
    }

    fn explicit_values(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => Ok(Value::String(self.first_value()?)),
        }
    }

    fn hash_literal(&mut self) -> Result<Value, ShorthandError> {
        self.nest()?;
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.expect('=', true)?;
            let v = self.explicit_values()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            map.insert(key, v);
        }
        self.expect('}', false)?;
        self.depth -= 1;
        Ok(Value::Object(map))
    }

    /// first-value = value / single-quoted / double-quoted
    fn first_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some(q @ ('\'' | '"')) => self.quoted(q),
            _ => Ok(self.unquoted(true).unwrap_or_default()),
        }
    }

    fn second_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some(q @ ('\'' | '"')) => self.quoted(q),
            _ => self
                .unquoted(false)
                .ok_or_else(|| self.error("<second>", "<none>")),
        }
    }

    /// The CLI's `first`/`second` value regexes. A value starts with a printable character
    /// other than a quote, `,`, `=`, `[` or `{`; a first value goes on up to a space, quote,
    /// `,`, `]` or `}`, a second (a later item of `a=b,c`) up to a space, quote, `,` or `=`.
    /// `\,` is an escaped comma in both.
    fn unquoted(&mut self, first: bool) -> Option<String> {
        let rest = &self.s[self.i..];
        let mut out = String::new();
        let mut chars = rest.char_indices();
        let mut end = 0;
        while let Some((at, c)) = chars.next() {
            if c == '\\' && rest[at + 1..].starts_with(',') {
                chars.next();
                out.push(',');
                end = at + 2;
                continue;
            }
            let printable = c > ' ' && !matches!(c, '"' | '\'' | ',');
            let ok = printable
                && if end == 0 {
                    !matches!(c, '=' | '[' | '{')
                } else if first {
                    !matches!(c, ']' | '}')
                } else {
                    c != '='
                };
            if !ok {
                break;
            }
            out.push(c);
            end = at + c.len_utf8();
        }
        if end == 0 {
            return None;
        }
        self.i += end;
        Some(out)
    }

    /// A quoted value; `\'` (or `\"`) and `\\` are its escapes.
    fn quoted(&mut self, q: char) -> Result<String, ShorthandError> {
        let rest = &self.s[self.i + 1..];
        let mut out = String::new();
        let mut chars = rest.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '\\' if rest[at + 1..].starts_with(q) || rest[at + 1..].starts_with('\\') => {
                    if let Some((_, e)) = chars.next() {
                        out.push(e);
                    }
                }
                c if c == q => {
                    self.i += 1 + at + 1;
                    return Ok(out);
                }
                c => out.push(c),
            }
        }
        let name = if q == '\'' {
            "<singled quoted>"
        } else {
            "<double quoted>"
        };
        Err(self.error(name, "<none>"))
    }
}

/// The value of a structure option (`--network-configuration`, `--deployment-configuration`,
/// `--overrides`): `file://NAME` read first, JSON if it starts with `{`, else shorthand. Errors
/// are the CLI's `Error parsing parameter '--NAME': …`.
pub(crate) fn structure(
    option: &str,
    value: &str,
    files: &dyn FileSource,
) -> Result<Map<String, Value>, CommandError> {
    let text = param_file(option, value, files)?;
    let text = text.as_str();
    if text.len() > MAX_INPUT {
        return Err(param_error(
            option,
            &format!("the value is longer than {MAX_INPUT} bytes"),
        ));
    }
    if text.trim_start().starts_with('{') {
        return match json(option, text)? {
            Value::Object(m) => Ok(m),
            _ => Err(param_error(option, &format!("Invalid JSON:\n{text}"))),
        };
    }
    if text.trim_start().starts_with('[') {
        return Err(param_error(option, &format!("Invalid JSON:\n{text}")));
    }
    parse(text).map_err(|e| param_error(option, &e.message()))
}

/// The values of a list-of-structures option (`--tags key=a,value=b key=c,value=d`): one JSON
/// list (`[{…}, …]`), or each word one structure in shorthand (or JSON `{…}`).
pub(crate) fn structures(
    option: &str,
    words: &[&str],
    files: &dyn FileSource,
) -> Result<Vec<Map<String, Value>>, CommandError> {
    if let [one] = words {
        let text = param_file(option, one, files)?;
        if text.trim_start().starts_with('[') {
            return match json(option, &text)? {
                Value::Array(items) => items
                    .into_iter()
                    .map(|v| match v {
                        Value::Object(m) => Ok(m),
                        other => Err(param_error(
                            option,
                            &format!("Invalid type for parameter {option}[0], value: {other}, type: <class 'str'>, valid types: <class 'dict'>"),
                        )),
                    })
                    .collect(),
                _ => Err(param_error(option, &format!("Invalid JSON:\n{text}"))),
            };
        }
    }
    words.iter().map(|w| structure(option, w, files)).collect()
}

/// `file://NAME`: the file's text (`awscli/paramfile.py`); any other value as it is.
fn param_file(option: &str, value: &str, files: &dyn FileSource) -> Result<String, CommandError> {
    match value.strip_prefix("file://") {
        Some(path) => files
            .read(path)
            .map_err(|e| param_error(option, &format!("Unable to load paramfile {value}: {e}"))),
        None => Ok(value.to_string()),
    }
}

fn param_error(option: &str, message: &str) -> CommandError {
    CommandError::new(format!("\nError parsing parameter '{option}': {message}"))
}

/// Strict JSON, refused with Python's `json` wording: `Invalid JSON: Expecting ',' delimiter:
/// line 1 column 12 (char 11)` then the text received.
fn json(option: &str, text: &str) -> Result<Value, CommandError> {
    serde_json::from_str(text).map_err(|e| {
        let line = e.line();
        let column = e.column();
        let msg = e.to_string();
        let what = if msg.starts_with("key must be a string") || msg.starts_with("trailing comma")
        {
            "Expecting property name enclosed in double quotes"
        } else if msg.starts_with("expected `:`") {
            "Expecting ':' delimiter"
        } else if msg.starts_with("expected `,` or `}`") || msg.starts_with("expected `,` or `]`") {
            "Expecting ',' delimiter"
        } else if msg.starts_with("trailing characters") {
            "Extra data"
        } else if msg.starts_with("control character") || msg.starts_with("EOF while parsing a string") {
            "Unterminated string starting at"
        } else {
            "Expecting value"
        };
        // serde_json points at the offending character; Python counts columns from 1 too, and
        // gives the offset in characters.
        let col = column.max(1);
        let char_index: usize = text
            .split('\n')
            .take(line.saturating_sub(1))
            .map(|l| l.chars().count() + 1)
            .sum::<usize>()
            + col
            - 1;
        param_error(
            option,
            &format!(
                "Invalid JSON: {what}: line {line} column {col} (char {char_index})\nJSON received: {text}"
            ),
        )
    })
}

/// A scalar the model says is an integer: `"200"` → 200, as the CLI's `int(value)`.
pub(crate) fn int_of(option: &str, key: &str, v: &Value) -> Result<i64, CommandError> {
    match v {
        Value::Number(n) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
        Value::String(s) => s.trim().parse().map_err(|_| {
            param_error(
                option,
                &format!("invalid literal for int() with base 10: '{s}'"),
            )
        }),
        other => Err(CommandError::new(format!(
            "\nParameter validation failed:\nInvalid type for parameter {key}, value: {other}, type: {}, valid types: <class 'int'>",
            python_type(other)
        ))),
    }
}

/// A list the model says is a list of strings: `a` → `[a]`, as the CLI's back-compat visitor.
pub(crate) fn list_of(key: &str, v: &Value) -> Result<Vec<String>, CommandError> {
    let items: Vec<&Value> = match v {
        Value::Array(items) => items.iter().collect(),
        one => vec![one],
    };
    items
        .into_iter()
        .map(|i| match i {
            Value::String(s) => Ok(s.clone()),
            other => Err(CommandError::new(format!(
                "\nParameter validation failed:\nInvalid type for parameter {key}, value: {other}, type: {}, valid types: <class 'str'>",
                python_type(other)
            ))),
        })
        .collect()
}

/// A string the model says is a string.
pub(crate) fn string_of(key: &str, v: &Value) -> Result<String, CommandError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => Err(CommandError::new(format!(
            "\nParameter validation failed:\nInvalid type for parameter {key}, value: {other}, type: {}, valid types: <class 'str'>",
            python_type(other)
        ))),
    }
}

/// The name Python gives the type of a parsed value, as botocore's validator prints it.
pub(crate) fn python_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'collections.OrderedDict'>",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shorthand_forms_parse_as_the_cli_parses_them() {
        let cases: &[(&str, Value)] = &[
            ("a=b", json!({"a": "b"})),
            ("a=b,c=d", json!({"a": "b", "c": "d"})),
            ("a=b,c", json!({"a": ["b", "c"]})),
            ("a=b,c,d=e", json!({"a": ["b", "c"], "d": "e"})),
            ("a=", json!({"a": ""})),
            ("a=[b,c]", json!({"a": ["b", "c"]})),
            ("a=[]", json!({"a": []})),
            ("a={b=c,d=[e]}", json!({"a": {"b": "c", "d": ["e"]}})),
            (
                "awsvpcConfiguration={subnets=[subnet-abcd1234],securityGroups=[sg-abcd1234],assignPublicIp=ENABLED}",
                json!({"awsvpcConfiguration": {"subnets": ["subnet-abcd1234"], "securityGroups": ["sg-abcd1234"], "assignPublicIp": "ENABLED"}}),
            ),
            ("maximumPercent=200,minimumHealthyPercent=50", json!({"maximumPercent": "200", "minimumHealthyPercent": "50"})),
            ("a='b,c'", json!({"a": "b,c"})),
            ("a=\"x=y\"", json!({"a": "x=y"})),
            ("a=b\\,c", json!({"a": "b,c"})),
            ("a = b , c = d", json!({"a": "b", "c": "d"})),
            ("a=[{b=c},{b=d}]", json!({"a": [{"b": "c"}, {"b": "d"}]})),
            ("a=b=c", json!({"a": "b=c"})),
        ];
        for (input, want) in cases {
            let got = parse(input).map(Value::Object);
            assert_eq!(got.as_ref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn shorthand_errors_say_what_was_expected_and_point_at_it() {
        let cases: &[(&str, &str)] = &[
            ("a", "Expected: '=', received: 'EOF' for input:\na\n ^\n"),
            ("a=b,", "Expected: '<second>', received: '<none>' for input:\na=b,\n    ^\n"),
            ("a=[b", "Expected: ',', received: 'EOF' for input:\na=[b\n    ^\n"),
            ("a={b=c", "Expected: ',', received: 'EOF' for input:\na={b=c\n      ^\n"),
            ("a=b c=d", "Expected: ',', received: 'c' for input:\na=b c=d\n    ^\n"),
            ("a='b", "Expected: '<singled quoted>', received: '<none>' for input:\na='b\n  ^\n"),
            ("awsvpcConfiguration", "Expected: '=', received: 'EOF' for input:\nawsvpcConfiguration\n                   ^\n"),
        ];
        for (input, want) in cases {
            let got = parse(input).map_err(|e| e.message());
            assert_eq!(got, Err(want.to_string()), "{input}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!("a={}", "[".repeat(MAX_DEPTH + 5));
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn json_values_are_strict_and_refused_in_pythons_words() {
        let files = crate::input::files::NoFiles;
        let ok = structure("--overrides", r#"{"a": [1, 2]}"#, &files).unwrap();
        assert_eq!(Value::Object(ok), json!({"a": [1, 2]}));
        let e = structure("--overrides", r#"{"a": 1,}"#, &files).unwrap_err();
        assert_eq!(
            e.message,
            "\nError parsing parameter '--overrides': Invalid JSON: Expecting property name enclosed in double quotes: line 1 column 9 (char 8)\nJSON received: {\"a\": 1,}"
        );
        let e = structure("--overrides", "{'a': 1}", &files).unwrap_err();
        assert!(
            e.message.contains(
                "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
            ),
            "{}",
            e.message
        );
        let e = structure("--overrides", "file://nope.json", &files).unwrap_err();
        assert!(e.message.starts_with("\nError parsing parameter '--overrides': Unable to load paramfile file://nope.json"), "{}", e.message);
    }

    #[test]
    fn lists_of_structures_take_one_word_each_or_one_json_list() {
        let files = crate::input::files::NoFiles;
        let two = structures("--tags", &["key=a,value=b", "key=c,value=d"], &files).unwrap();
        assert_eq!(
            Value::Array(two.into_iter().map(Value::Object).collect()),
            json!([{"key": "a", "value": "b"}, {"key": "c", "value": "d"}])
        );
        let one = structures("--tags", &[r#"[{"key": "a", "value": "b"}]"#], &files).unwrap();
        assert_eq!(one.len(), 1);
    }
}
