//! The parser: text into located [`Instruction`]s. Parser directives (the `escape` one is
//! honoured), comments, `\` continuations, keywords (with a did-you-mean for a misspelt one) and
//! leading `--flags`. Nothing is expanded here.

use super::{DockerfileError, MAX_BYTES, MAX_INSTRUCTIONS, MAX_LINE_BYTES};

/// The instructions Docker knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

const KEYWORDS: &[(&str, Keyword)] = &[
    ("ADD", Keyword::Add),
    ("ARG", Keyword::Arg),
    ("CMD", Keyword::Cmd),
    ("COPY", Keyword::Copy),
    ("ENTRYPOINT", Keyword::Entrypoint),
    ("ENV", Keyword::Env),
    ("EXPOSE", Keyword::Expose),
    ("FROM", Keyword::From),
    ("HEALTHCHECK", Keyword::Healthcheck),
    ("LABEL", Keyword::Label),
    ("MAINTAINER", Keyword::Maintainer),
    ("ONBUILD", Keyword::Onbuild),
    ("RUN", Keyword::Run),
    ("SHELL", Keyword::Shell),
    ("STOPSIGNAL", Keyword::Stopsignal),
    ("USER", Keyword::User),
    ("VOLUME", Keyword::Volume),
    ("WORKDIR", Keyword::Workdir),
];

impl Keyword {
    pub fn name(self) -> &'static str {
        KEYWORDS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }
}

/// One instruction as written: keyword, leading `--flags`, the rest of the logical line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// 1-based first and last physical lines.
    pub line: usize,
    pub end_line: usize,
    pub keyword: Keyword,
    /// `--name=value` (or bare `--name`, value empty) before the arguments, in order.
    pub flags: Vec<(String, String)>,
    /// The arguments after keyword and flags, continuations joined.
    pub rest: String,
}

/// Splits a Dockerfile into instructions. Honours the `escape` parser directive.
pub fn parse(text: &str) -> Result<Vec<Instruction>, DockerfileError> {
    if text.len() > MAX_BYTES {
        return Err(DockerfileError::at(
            1,
            format!("Dockerfile is larger than {MAX_BYTES} bytes"),
        ));
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut escape = '\\';
    // Parser directives: `# key=value` lines at the very top, before anything else.
    for l in &lines {
        let Some(d) = l.trim().strip_prefix('#') else {
            break;
        };
        let Some((k, v)) = d.split_once('=') else {
            break;
        };
        let k = k.trim().to_ascii_lowercase();
        if k.contains(' ') {
            break;
        }
        if k == "escape" {
            escape = match v.trim() {
                "`" => '`',
                "\\" => '\\',
                other => {
                    return Err(DockerfileError::at(
                        1,
                        format!("invalid escape token '{other}' does not match ` or \\"),
                    ))
                }
            };
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = lines[i].trim_start();
        if first.is_empty() || first.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut logical = String::new();
        let mut current = first;
        loop {
            let trimmed = current.trim_end();
            let continued = trimmed.ends_with(escape);
            let body = if continued {
                &trimmed[..trimmed.len() - escape.len_utf8()]
            } else {
                current
            };
            logical.push_str(body);
            if logical.len() > MAX_LINE_BYTES {
                return Err(DockerfileError::at(
                    start,
                    format!("instruction is longer than {MAX_LINE_BYTES} bytes"),
                ));
            }
            i += 1;
            if !continued {
                break;
            }
            // Comment and empty lines inside a continuation are skipped, as Docker does.
            while i < lines.len() && {
                let t = lines[i].trim_start();
                t.is_empty() || t.starts_with('#')
            } {
                i += 1;
            }
            if i >= lines.len() {
                break;
            }
            current = lines[i];
        }
        if out.len() >= MAX_INSTRUCTIONS {
            return Err(DockerfileError::at(
                start,
                format!("more than {MAX_INSTRUCTIONS} instructions"),
            ));
        }
        out.push(instruction(start, i.max(start), logical.trim())?);
    }
    if out.is_empty() {
        return Err(DockerfileError::at(1, "file with no instructions"));
    }
    Ok(out)
}

fn instruction(line: usize, end_line: usize, text: &str) -> Result<Instruction, DockerfileError> {
    let (word, rest) = match text.find(char::is_whitespace) {
        Some(p) => (&text[..p], text[p..].trim_start()),
        None => (text, ""),
    };
    let upper = word.to_ascii_uppercase();
    let Some(&(_, keyword)) = KEYWORDS.iter().find(|(n, _)| *n == upper) else {
        let hint = KEYWORDS
            .iter()
            .map(|(n, _)| (edit_distance(n, &upper), *n))
            .min()
            .filter(|(d, _)| *d <= 2)
            .map(|(_, n)| {
                // Suggested in the case the learner writes instructions in.
                if word.chars().any(|c| c.is_ascii_lowercase()) {
                    format!(" (did you mean {}?)", n.to_ascii_lowercase())
                } else {
                    format!(" (did you mean {n}?)")
                }
            })
            .unwrap_or_default();
        return Err(DockerfileError::at(
            line,
            format!("unknown instruction: {word}{hint}"),
        ));
    };
    let mut flags = Vec::new();
    let mut rest = rest;
    if matches!(
        keyword,
        Keyword::From | Keyword::Copy | Keyword::Add | Keyword::Run | Keyword::Healthcheck
    ) {
        while let Some(f) = rest.strip_prefix("--") {
            let end = f.find(char::is_whitespace).unwrap_or(f.len());
            let (name, value) = match f[..end].split_once('=') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None => (f[..end].to_string(), String::new()),
            };
            flags.push((name, value));
            rest = f[end..].trim_start();
        }
    }
    Ok(Instruction {
        line,
        end_line,
        keyword,
        flags,
        rest: rest.to_string(),
    })
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().take(32).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().take(32).enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}
