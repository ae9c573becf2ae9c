//! Quotes and variables in a word, where Docker expands them: `$VAR`, `${VAR}`,
//! `${VAR:-default}`, `${VAR:+alternative}`, bounded by [`MAX_EXPANDED_BYTES`](super::MAX_EXPANDED_BYTES).

use std::collections::BTreeMap;

use super::{DockerfileError, MAX_EXPANDED_BYTES};
use crate::input::definitions::shorten;

/// Splits on unquoted whitespace, removing quotes and substituting variables like Docker's
/// shell lexer (`'…'` literal, `"…"` expands, `\` escapes).
pub(super) fn words(
    text: &str,
    vars: &BTreeMap<String, String>,
    line: usize,
) -> Result<Vec<String>, DockerfileError> {
    lex(text, vars, line, true)
}

/// One word, quotes removed and variables substituted (no splitting).
pub(super) fn expand(
    text: &str,
    vars: &BTreeMap<String, String>,
    line: usize,
) -> Result<String, DockerfileError> {
    Ok(lex(text, vars, line, false)?.concat())
}

fn lex(
    text: &str,
    vars: &BTreeMap<String, String>,
    line: usize,
    split: bool,
) -> Result<Vec<String>, DockerfileError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut i = 0;
    let too_long = || {
        DockerfileError::at(
            line,
            format!("word is longer than {MAX_EXPANDED_BYTES} bytes after substitution"),
        )
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() && split => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
                i += 1;
            }
            '\'' => {
                in_word = true;
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    cur.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(DockerfileError::at(
                        line,
                        "unexpected end of statement while looking for matching single-quote",
                    ));
                }
                i += 1;
            }
            '"' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(DockerfileError::at(
                            line,
                            "unexpected end of statement while looking for matching double-quote",
                        )),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$')) => {
                            cur.push(chars[i + 1]);
                            i += 2;
                        }
                        Some('$') => i = substitute(&chars, i, vars, &mut cur, line)?,
                        Some(c) => {
                            cur.push(*c);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.get(i + 1) {
                    cur.push(*n);
                }
                i += 2;
            }
            '$' => {
                in_word = true;
                i = substitute(&chars, i, vars, &mut cur, line)?;
            }
            c => {
                in_word = true;
                cur.push(c);
                i += 1;
            }
        }
        if cur.len() > MAX_EXPANDED_BYTES {
            return Err(too_long());
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

/// Substitutes the variable at `chars[i] == '$'`; returns the index after it.
fn substitute(
    chars: &[char],
    i: usize,
    vars: &BTreeMap<String, String>,
    out: &mut String,
    line: usize,
) -> Result<usize, DockerfileError> {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    match chars.get(i + 1) {
        Some('{') => {
            let mut j = i + 2;
            let mut name = String::new();
            while j < chars.len() && name_char(chars[j]) {
                name.push(chars[j]);
                j += 1;
            }
            let value = vars.get(&name);
            match chars.get(j) {
                Some('}') => {
                    out.push_str(value.map_or("", String::as_str));
                    Ok(j + 1)
                }
                Some(':') if matches!(chars.get(j + 1), Some('-' | '+' | '?')) => {
                    let op = chars[j + 1];
                    let mut k = j + 2;
                    let mut word = String::new();
                    while k < chars.len() && chars[k] != '}' {
                        word.push(chars[k]);
                        k += 1;
                    }
                    if k >= chars.len() {
                        return Err(DockerfileError::at(
                            line,
                            "missing '}' in variable substitution",
                        ));
                    }
                    let set = value.is_some_and(|v| !v.is_empty());
                    match op {
                        '-' => out.push_str(if set {
                            value.map_or("", String::as_str)
                        } else {
                            &word
                        }),
                        '+' => {
                            if set {
                                out.push_str(&word)
                            }
                        }
                        _ => {
                            if !set {
                                return Err(DockerfileError::at(
                                    line,
                                    format!("{}: {}", shorten(&name), shorten(&word)),
                                ));
                            }
                            out.push_str(value.map_or("", String::as_str));
                        }
                    }
                    Ok(k + 1)
                }
                _ => Err(DockerfileError::at(
                    line,
                    "missing '}' in variable substitution",
                )),
            }
        }
        Some(c) if name_char(*c) => {
            let mut j = i + 1;
            let mut name = String::new();
            while j < chars.len() && name_char(chars[j]) {
                name.push(chars[j]);
                j += 1;
            }
            out.push_str(vars.get(&name).map_or("", String::as_str));
            Ok(j)
        }
        _ => {
            out.push('$');
            Ok(i + 1)
        }
    }
}
