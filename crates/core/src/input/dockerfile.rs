//! Dockerfiles: Docker's real syntax read into located instructions, then evaluated into the
//! steps a build runs (variables substituted where Docker substitutes them).
//!
//! Pure: text in, values out. Two levels, like BuildKit's `parser` and `instructions`:
//! [`parse`] turns text into [`Instruction`]s (parser directives, comments, `\` continuations,
//! keywords, leading `--flags`), and [`evaluate`] turns them into [`Stage`]s of typed [`Step`]s:
//! exec (JSON) and shell forms, `ENV K=V …` and legacy `ENV K V`, `ARG` defaults and
//! `${VAR}`/`$VAR`/`${VAR:-x}`/`${VAR:+x}` in the instructions Docker expands (ADD, COPY, ENV,
//! EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR — never RUN/CMD/ENTRYPOINT, which the
//! shell expands at run time), `HEALTHCHECK` options and `NONE`, `COPY --from`/`--chown`,
//! `EXPOSE 8080/tcp`, multi-stage `FROM … AS name`.
//!
//! Errors are located at the instruction's first line and worded like BuildKit's
//! (`dockerfile parse error on line 3: unknown instruction: FORM (did you mean FROM?)`).
//! Input is bounded: file size, logical line length, instruction count, expanded word length.
//! Never panics on any input (`tests/dockerfile_hostile.rs`).

use std::collections::BTreeMap;

/// Largest Dockerfile read.
pub const MAX_BYTES: usize = 128 * 1024;
/// Longest logical line (after joining `\` continuations).
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// Most instructions in one Dockerfile.
pub const MAX_INSTRUCTIONS: usize = 500;
/// Longest word after variable substitution.
pub const MAX_EXPANDED_BYTES: usize = 16 * 1024;

/// A located error; `message` is the part after `dockerfile parse error on line N: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerfileError {
    /// 1-based line of the instruction (its first physical line).
    pub line: usize,
    pub message: String,
}

impl DockerfileError {
    fn at(line: usize, message: impl Into<String>) -> DockerfileError {
        DockerfileError {
            line,
            message: message.into(),
        }
    }

    /// BuildKit's wording: `dockerfile parse error on line 3: unknown instruction: FORM`.
    pub fn docker_message(&self) -> String {
        format!(
            "dockerfile parse error on line {}: {}",
            self.line, self.message
        )
    }
}

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

// ------------------------------------------------------------------ evaluated steps

/// How RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD were written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandForm {
    /// `["node", "server.js"]`: run as is, no shell.
    Exec(Vec<String>),
    /// `node server.js`: run by `/bin/sh -c`.
    Shell(String),
}

impl CommandForm {
    /// The argv the runtime starts (`/bin/sh -c "…"` for the shell form).
    pub fn argv(&self) -> Vec<String> {
        match self {
            CommandForm::Exec(v) => v.clone(),
            CommandForm::Shell(s) => vec!["/bin/sh".into(), "-c".into(), s.clone()],
        }
    }
}

/// A `HEALTHCHECK` (Docker's defaults: interval 30 s, timeout 30 s, start period 0, 3 retries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Healthcheck {
    pub command: CommandForm,
    pub interval_ms: u64,
    pub timeout_ms: u64,
    pub start_period_ms: u64,
    pub retries: u32,
}

/// What one instruction does, with variables substituted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepKind {
    Run(CommandForm),
    Copy {
        /// `ADD` rather than `COPY`.
        add: bool,
        sources: Vec<String>,
        dest: String,
        /// `--from=stage|image`.
        from: Option<String>,
        chown: Option<String>,
    },
    Workdir(String),
    Env(Vec<(String, String)>),
    Arg(Vec<(String, Option<String>)>),
    Expose(Vec<(u16, String)>),
    User(String),
    Cmd(CommandForm),
    Entrypoint(CommandForm),
    /// `None` is `HEALTHCHECK NONE` (disable the base image's).
    Healthcheck(Option<Healthcheck>),
    Label(Vec<(String, String)>),
    /// Accepted, recorded, not simulated (MAINTAINER, ONBUILD, SHELL, STOPSIGNAL, VOLUME).
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub line: usize,
    pub end_line: usize,
    pub kind: StepKind,
    /// The instruction as `docker history` shows it (`RUN /bin/sh -c npm ci # buildkit`).
    pub created_by: String,
}

/// A build stage: `FROM image [AS name]` and its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub line: usize,
    /// The base image (global ARGs substituted) or an earlier stage's name.
    pub from: String,
    pub name: Option<String>,
    pub steps: Vec<Step>,
}

/// Evaluates instructions into stages. `build_args` are `--build-arg` values; `base_env`
/// gives a base image's baked ENV (substitution sees it, as Docker's does).
pub fn evaluate(
    instructions: &[Instruction],
    build_args: &BTreeMap<String, String>,
    base_env: &dyn Fn(&str) -> Vec<(String, String)>,
) -> Result<Vec<Stage>, DockerfileError> {
    let mut global: BTreeMap<String, String> = BTreeMap::new();
    let mut stages: Vec<Stage> = Vec::new();
    // Variables visible in the current stage: declared ARGs, then ENV (ENV wins).
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    for ins in instructions {
        let line = ins.line;
        let e = |m: String| DockerfileError::at(line, m);
        if ins.keyword != Keyword::From && ins.keyword != Keyword::Arg && stages.is_empty() {
            return Err(e("no build stage in current context".into()));
        }
        let allowed: &[&str] = match ins.keyword {
            Keyword::From => &["platform"],
            Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
            Keyword::Add => &["chown", "chmod", "link", "checksum", "keep-git-dir"],
            Keyword::Run => &["mount", "network", "security"],
            Keyword::Healthcheck => &[
                "interval",
                "timeout",
                "start-period",
                "start-interval",
                "retries",
            ],
            _ => &[],
        };
        if let Some((bad, _)) = ins
            .flags
            .iter()
            .find(|(n, _)| !allowed.contains(&n.as_str()))
        {
            return Err(e(format!("unknown flag: {bad}")));
        }
        let flag = |n: &str| {
            ins.flags
                .iter()
                .rev()
                .find(|(k, _)| k == n)
                .map(|(_, v)| v.clone())
        };
        let kw = ins.keyword.name();
        let need_args = || -> Result<(), DockerfileError> {
            if ins.rest.trim().is_empty() {
                Err(DockerfileError::at(
                    line,
                    format!("{kw} requires at least one argument"),
                ))
            } else {
                Ok(())
            }
        };
        if ins.keyword == Keyword::From {
            need_args()?;
            let words = words(&ins.rest, &global, line)?;
            let (image, name) = match words.as_slice() {
                [image] => (image.clone(), None),
                [image, as_, name] if as_.eq_ignore_ascii_case("as") => {
                    (image.clone(), Some(name.to_ascii_lowercase()))
                }
                _ => return Err(e("FROM requires either one or three arguments".into())),
            };
            if image.is_empty() {
                return Err(e("base name (${…}) should not be blank".into()));
            }
            if let Some(n) = &name {
                if !valid_stage_name(n) {
                    return Err(e(format!("invalid name for build stage: \"{n}\", name can't start with a number or contain symbols")));
                }
                if stages.iter().any(|s| s.name.as_deref() == Some(n.as_str())) {
                    return Err(e(format!("duplicate stage name \"{n}\"")));
                }
            }
            let from_stage = stages
                .iter()
                .any(|s| s.name.as_deref() == Some(image.as_str()));
            vars.clear();
            if !from_stage {
                vars.extend(base_env(&image));
            }
            stages.push(Stage {
                line,
                from: image,
                name,
                steps: Vec::new(),
            });
            continue;
        }
        let kind = match ins.keyword {
            Keyword::From => unreachable_from(),
            Keyword::Arg => {
                need_args()?;
                let mut out = Vec::new();
                for w in words(&ins.rest, &vars, line)? {
                    let (k, v) = match w.split_once('=') {
                        Some((k, v)) => (k.to_string(), Some(v.to_string())),
                        None => (w.clone(), None),
                    };
                    if !valid_var_name(&k) {
                        return Err(e(format!("invalid ARG name: \"{k}\"")));
                    }
                    out.push((k, v));
                }
                for (k, v) in &out {
                    let value = build_args
                        .get(k)
                        .cloned()
                        .or_else(|| v.clone())
                        .or_else(|| {
                            if stages.is_empty() {
                                None
                            } else {
                                global.get(k).cloned()
                            }
                        });
                    if stages.is_empty() {
                        if let Some(v) = value {
                            global.insert(k.clone(), v);
                        }
                    } else if let Some(v) = value {
                        // ENV of the same name keeps precedence over ARG.
                        vars.entry(k.clone()).or_insert(v);
                    }
                }
                if stages.is_empty() {
                    continue;
                }
                StepKind::Arg(out)
            }
            Keyword::Env => {
                need_args()?;
                let pairs = env_pairs(&ins.rest, &vars, line, "ENV")?;
                for (k, v) in &pairs {
                    vars.insert(k.clone(), v.clone());
                }
                StepKind::Env(pairs)
            }
            Keyword::Label => {
                need_args()?;
                StepKind::Label(env_pairs(&ins.rest, &vars, line, "LABEL")?)
            }
            Keyword::Run => {
                need_args()?;
                StepKind::Run(command_form(&ins.rest))
            }
            Keyword::Cmd => {
                need_args()?;
                StepKind::Cmd(command_form(&ins.rest))
            }
            Keyword::Entrypoint => {
                need_args()?;
                StepKind::Entrypoint(command_form(&ins.rest))
            }
            Keyword::Copy | Keyword::Add => {
                let mut w = match json_array(&ins.rest) {
                    Some(v) => v
                        .iter()
                        .map(|s| expand(s, &vars, line))
                        .collect::<Result<Vec<_>, _>>()?,
                    None => words(&ins.rest, &vars, line)?,
                };
                if w.len() < 2 {
                    return Err(e(format!("{kw} requires at least two arguments, but only {} provided. Destination could not be determined", if w.is_empty() { "none" } else { "one was" })));
                }
                let dest = w.pop().unwrap_or_default();
                let from = flag("from").map(|f| f.to_ascii_lowercase());
                if ins.keyword == Keyword::Add && ins.flags.iter().any(|(n, _)| n == "from") {
                    return Err(e("unknown flag: from".into()));
                }
                StepKind::Copy {
                    add: ins.keyword == Keyword::Add,
                    sources: w,
                    dest,
                    from,
                    chown: flag("chown"),
                }
            }
            Keyword::Workdir => {
                let w = words(&ins.rest, &vars, line)?;
                if w.len() != 1 {
                    return Err(e("WORKDIR requires exactly one argument".into()));
                }
                let prev = stages
                    .last()
                    .and_then(|s| {
                        s.steps.iter().rev().find_map(|st| match &st.kind {
                            StepKind::Workdir(d) => Some(d.clone()),
                            _ => None,
                        })
                    })
                    .unwrap_or_else(|| "/".into());
                StepKind::Workdir(join_path(&prev, &w[0]))
            }
            Keyword::User => {
                let w = words(&ins.rest, &vars, line)?;
                if w.len() != 1 {
                    return Err(e("USER requires exactly one argument".into()));
                }
                StepKind::User(w[0].clone())
            }
            Keyword::Expose => {
                need_args()?;
                let mut ports = Vec::new();
                for w in words(&ins.rest, &vars, line)? {
                    let (p, proto) = match w.split_once('/') {
                        Some((p, proto)) => (p.to_string(), proto.to_ascii_lowercase()),
                        None => (w.clone(), "tcp".to_string()),
                    };
                    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
                        return Err(e(format!("invalid proto: {proto}")));
                    }
                    let (lo, hi) = match p.split_once('-') {
                        Some((a, b)) => (a, b),
                        None => (p.as_str(), p.as_str()),
                    };
                    let parse = |s: &str| s.parse::<u16>().ok().filter(|n| *n > 0);
                    let (Some(lo), Some(hi)) = (parse(lo), parse(hi)) else {
                        return Err(e(format!("invalid containerPort: {p}")));
                    };
                    if hi < lo || hi - lo > 1024 || ports.len() > 1024 {
                        return Err(e(format!("invalid range: {p}")));
                    }
                    for n in lo..=hi {
                        ports.push((n, proto.clone()));
                    }
                }
                StepKind::Expose(ports)
            }
            Keyword::Healthcheck => StepKind::Healthcheck(healthcheck(ins)?),
            Keyword::Maintainer
            | Keyword::Onbuild
            | Keyword::Shell
            | Keyword::Stopsignal
            | Keyword::Volume => {
                need_args()?;
                StepKind::Other(ins.rest.clone())
            }
        };
        let created_by = created_by(ins, &kind);
        if let Some(stage) = stages.last_mut() {
            stage.steps.push(Step {
                line,
                end_line: ins.end_line,
                kind,
                created_by,
            });
        }
    }
    if stages.is_empty() {
        return Err(DockerfileError::at(
            instructions.last().map_or(1, |i| i.line),
            "no build stage in current context",
        ));
    }
    Ok(stages)
}

fn unreachable_from() -> StepKind {
    StepKind::Other(String::new())
}

fn valid_stage_name(n: &str) -> bool {
    n.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn valid_var_name(n: &str) -> bool {
    !n.is_empty()
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !n.starts_with(|c: char| c.is_ascii_digit())
}

/// `WORKDIR rel` is relative to the previous WORKDIR.
fn join_path(base: &str, p: &str) -> String {
    if p.starts_with('/') {
        p.to_string()
    } else if base.ends_with('/') {
        format!("{base}{p}")
    } else {
        format!("{base}/{p}")
    }
}

/// `docker history`'s CREATED BY for a BuildKit build.
fn created_by(ins: &Instruction, kind: &StepKind) -> String {
    let flags: String = ins
        .flags
        .iter()
        .map(|(n, v)| {
            if v.is_empty() {
                format!("--{n} ")
            } else {
                format!("--{n}={v} ")
            }
        })
        .collect();
    let text = match kind {
        StepKind::Run(CommandForm::Shell(s)) => format!("RUN {flags}/bin/sh -c {s} # buildkit"),
        StepKind::Run(CommandForm::Exec(v)) => format!("RUN {flags}{} # buildkit", v.join(" ")),
        StepKind::Copy { .. } => format!("{} {flags}{} # buildkit", ins.keyword.name(), ins.rest),
        StepKind::Workdir(d) => format!("WORKDIR {d}"),
        StepKind::Env(pairs) => format!(
            "ENV {}",
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StepKind::Arg(a) => format!(
            "ARG {}",
            a.iter()
                .map(|(k, v)| match v {
                    Some(v) => format!("{k}={v}"),
                    None => k.clone(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StepKind::Expose(ports) => format!(
            "EXPOSE map[{}]",
            ports
                .iter()
                .map(|(p, proto)| format!("{p}/{proto}:{{}}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StepKind::User(u) => format!("USER {u}"),
        StepKind::Cmd(c) => format!("CMD {}", go_slice(&c.argv())),
        StepKind::Entrypoint(c) => format!("ENTRYPOINT {}", go_slice(&c.argv())),
        StepKind::Healthcheck(None) => {
            "HEALTHCHECK &{[\"NONE\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}".into()
        }
        StepKind::Healthcheck(Some(h)) => {
            let test = match &h.command {
                CommandForm::Exec(v) => std::iter::once("CMD".to_string())
                    .chain(v.iter().cloned())
                    .collect(),
                CommandForm::Shell(s) => vec!["CMD-SHELL".to_string(), s.clone()],
            };
            format!(
                "HEALTHCHECK &{{{} \"{}\" \"{}\" \"{}\" \"0s\" '\\x{:02x}'}}",
                go_slice(&test),
                crate::base::clock::go_duration(h.interval_ms),
                crate::base::clock::go_duration(h.timeout_ms),
                crate::base::clock::go_duration(h.start_period_ms),
                h.retries.min(255)
            )
        }
        StepKind::Label(pairs) => format!(
            "LABEL {}",
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StepKind::Other(rest) => format!("{} {rest}", ins.keyword.name()),
    };
    text
}

/// Go's `%q`-quoted slice, as `docker history` prints CMD: `["node" "server.js"]`.
fn go_slice(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(|s| serde_json::to_string(s).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// A JSON array of strings (exec form), or `None` (then Docker treats it as shell form).
fn json_array(rest: &str) -> Option<Vec<String>> {
    let t = rest.trim();
    if !t.starts_with('[') {
        return None;
    }
    serde_json::from_str::<Vec<String>>(t).ok()
}

fn command_form(rest: &str) -> CommandForm {
    match json_array(rest) {
        Some(v) => CommandForm::Exec(v),
        None => CommandForm::Shell(rest.trim().to_string()),
    }
}

fn healthcheck(ins: &Instruction) -> Result<Option<Healthcheck>, DockerfileError> {
    let line = ins.line;
    let e = |m: String| DockerfileError::at(line, m);
    let rest = ins.rest.trim();
    let (kind, cmd) = match rest.find(char::is_whitespace) {
        Some(p) => (&rest[..p], rest[p..].trim()),
        None => (rest, ""),
    };
    if kind.is_empty() {
        return Err(e("HEALTHCHECK requires at least one argument".into()));
    }
    match kind.to_ascii_uppercase().as_str() {
        "NONE" => {
            if !cmd.is_empty() || !ins.flags.is_empty() {
                return Err(e("HEALTHCHECK NONE takes no arguments".into()));
            }
            Ok(None)
        }
        "CMD" => {
            if cmd.is_empty() {
                return Err(e("Missing command after HEALTHCHECK CMD".into()));
            }
            let duration = |name: &str, default_ms: u64| -> Result<u64, DockerfileError> {
                match ins.flags.iter().rev().find(|(n, _)| n == name) {
                    None => Ok(default_ms),
                    Some((_, v)) => {
                        let ms = crate::base::clock::parse_duration(v)
                            .map_err(|_| e(format!("time: invalid duration \"{v}\"")))?;
                        if v.trim().parse::<u64>().is_ok() && v.trim() != "0" {
                            // Go durations need a unit.
                            return Err(e(format!("time: missing unit in duration \"{v}\"")));
                        }
                        if ms == 0 {
                            Ok(default_ms)
                        } else {
                            Ok(ms)
                        }
                    }
                }
            };
            let retries = match ins.flags.iter().rev().find(|(n, _)| n == "retries") {
                None => 3,
                Some((_, v)) => match v.trim().parse::<i64>() {
                    Ok(n) if n < 0 => return Err(e(format!("--retries cannot be negative ({n})"))),
                    Ok(0) => 3,
                    Ok(n) => n.min(1_000_000) as u32,
                    Err(_) => {
                        return Err(e(format!(
                            "strconv.ParseInt: parsing \"{v}\": invalid syntax"
                        )))
                    }
                },
            };
            Ok(Some(Healthcheck {
                command: command_form(cmd),
                interval_ms: duration("interval", 30_000)?,
                timeout_ms: duration("timeout", 30_000)?,
                start_period_ms: duration("start-period", 0)?,
                retries,
            }))
        }
        other => Err(e(format!(
            "Unknown type \"{other}\" in HEALTHCHECK (try CMD)"
        ))),
    }
}

/// `K=V K2="v 2"` pairs, or the legacy `K value with spaces`.
fn env_pairs(
    rest: &str,
    vars: &BTreeMap<String, String>,
    line: usize,
    kw: &str,
) -> Result<Vec<(String, String)>, DockerfileError> {
    let first = rest.split_whitespace().next().unwrap_or_default();
    if !first.contains('=') {
        // Legacy form: one name, the rest of the line is the value.
        let (name, value) = match rest.trim().find(char::is_whitespace) {
            Some(p) => (&rest.trim()[..p], rest.trim()[p..].trim()),
            None => {
                return Err(DockerfileError::at(
                    line,
                    format!("{kw} must have two arguments"),
                ))
            }
        };
        let value = expand(value, vars, line)?;
        return Ok(vec![(name.to_string(), value)]);
    }
    let mut out = Vec::new();
    for w in words(rest, vars, line)? {
        match w.split_once('=') {
            Some((k, v)) if !k.is_empty() => out.push((k.to_string(), v.to_string())),
            _ => {
                return Err(DockerfileError::at(
                    line,
                    format!("{kw} names can not be blank"),
                ))
            }
        }
    }
    Ok(out)
}

/// Splits on unquoted whitespace, removing quotes and substituting variables like Docker's
/// shell lexer (`'…'` literal, `"…"` expands, `\` escapes).
fn words(
    text: &str,
    vars: &BTreeMap<String, String>,
    line: usize,
) -> Result<Vec<String>, DockerfileError> {
    lex(text, vars, line, true)
}

/// One word, quotes removed and variables substituted (no splitting).
fn expand(
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
                                return Err(DockerfileError::at(line, format!("{name}: {word}")));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn stages(text: &str) -> Result<Vec<Stage>, DockerfileError> {
        evaluate(&parse(text)?, &BTreeMap::new(), &|_| Vec::new())
    }

    fn steps(text: &str) -> Vec<StepKind> {
        stages(text)
            .unwrap()
            .into_iter()
            .flat_map(|s| s.steps)
            .map(|s| s.kind)
            .collect()
    }

    fn error(text: &str) -> String {
        stages(text).unwrap_err().docker_message()
    }

    #[test]
    fn continuations_join_lines_and_skip_comments_inside() {
        let ins =
            parse("FROM busybox\nRUN echo a \\\n# a comment\n\n    && echo b\nCMD x\n").unwrap();
        assert_eq!(ins[1].rest, "echo a     && echo b");
        assert_eq!((ins[1].line, ins[1].end_line), (2, 5));
        assert_eq!(ins[2].line, 6);
    }

    #[test]
    fn escape_directive_changes_the_continuation_character() {
        let ins = parse("# escape=`\nFROM busybox\nRUN echo a `\n  b\n").unwrap();
        assert_eq!(ins[1].rest, "echo a   b");
    }

    #[test]
    fn exec_and_shell_forms() {
        let s = steps("FROM node:20-slim\nCMD [\"node\", \"server.js\"]\nENTRYPOINT node server.js\nRUN ['bad json']\n");
        assert_eq!(
            s[0],
            StepKind::Cmd(CommandForm::Exec(vec!["node".into(), "server.js".into()]))
        );
        assert_eq!(
            s[1],
            StepKind::Entrypoint(CommandForm::Shell("node server.js".into()))
        );
        // Not valid JSON: Docker runs it through the shell.
        assert_eq!(
            s[2],
            StepKind::Run(CommandForm::Shell("['bad json']".into()))
        );
    }

    #[test]
    fn env_in_both_forms_with_quotes_and_substitution() {
        let s = steps("FROM busybox\nENV A=1 B=\"two words\" C=${A}x\nENV LEGACY some value here\nENV D=$A$B\n");
        assert_eq!(
            s[0],
            StepKind::Env(vec![
                ("A".into(), "1".into()),
                ("B".into(), "two words".into()),
                // Substitution sees the env before this instruction.
                ("C".into(), "x".into()),
            ])
        );
        assert_eq!(
            s[1],
            StepKind::Env(vec![("LEGACY".into(), "some value here".into())])
        );
        assert_eq!(s[2], StepKind::Env(vec![("D".into(), "1two words".into())]));
    }

    #[test]
    fn arg_defaults_build_args_and_global_args_in_from() {
        let text = "ARG TAG=20-slim\nFROM node:${TAG}\nARG TAG\nARG PORT=8080\nEXPOSE $PORT\nWORKDIR /srv/${TAG:-none}\nRUN echo $PORT\nUSER ${MISSING:-app}\n";
        let st = stages(text).unwrap();
        assert_eq!(st[0].from, "node:20-slim");
        let kinds: Vec<_> = st[0].steps.iter().map(|s| s.kind.clone()).collect();
        assert_eq!(kinds[2], StepKind::Expose(vec![(8080, "tcp".into())]));
        assert_eq!(kinds[3], StepKind::Workdir("/srv/20-slim".into()));
        // RUN is left to the shell.
        assert_eq!(
            kinds[4],
            StepKind::Run(CommandForm::Shell("echo $PORT".into()))
        );
        assert_eq!(kinds[5], StepKind::User("app".into()));
        let args = BTreeMap::from([("TAG".to_string(), "18".to_string())]);
        let st = evaluate(&parse(text).unwrap(), &args, &|_| Vec::new()).unwrap();
        assert_eq!(st[0].from, "node:18");
    }

    #[test]
    fn healthcheck_options_and_none() {
        let s = steps("FROM busybox\nHEALTHCHECK --interval=5s --timeout=2s --start-period=10s --retries=5 CMD wget -qO- localhost:8080/healthz\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"true\"]\n");
        assert_eq!(
            s[0],
            StepKind::Healthcheck(Some(Healthcheck {
                command: CommandForm::Shell("wget -qO- localhost:8080/healthz".into()),
                interval_ms: 5_000,
                timeout_ms: 2_000,
                start_period_ms: 10_000,
                retries: 5
            }))
        );
        assert_eq!(s[1], StepKind::Healthcheck(None));
        let StepKind::Healthcheck(Some(h)) = &s[2] else {
            panic!("{:?}", s[2])
        };
        assert_eq!(
            (h.interval_ms, h.timeout_ms, h.retries),
            (30_000, 30_000, 3)
        );
    }

    #[test]
    fn copy_flags_json_form_and_multi_stage() {
        let st = stages("FROM node:20-slim AS build\nCOPY --chown=app:app package*.json ./\nFROM node:20-slim\nCOPY --from=build [\"/app/dist\", \"/srv\"]\nEXPOSE 8080/tcp 53/udp\n").unwrap();
        assert_eq!(st[0].name.as_deref(), Some("build"));
        assert_eq!(
            st[0].steps[0].kind,
            StepKind::Copy {
                add: false,
                sources: vec!["package*.json".into()],
                dest: "./".into(),
                from: None,
                chown: Some("app:app".into())
            }
        );
        assert_eq!(
            st[0].steps[0].created_by,
            "COPY --chown=app:app package*.json ./ # buildkit"
        );
        let StepKind::Copy { from, sources, .. } = &st[1].steps[0].kind else {
            panic!()
        };
        assert_eq!(
            (from.as_deref(), sources.as_slice()),
            (Some("build"), &["/app/dist".to_string()][..])
        );
        assert_eq!(
            st[1].steps[1].kind,
            StepKind::Expose(vec![(8080, "tcp".into()), (53, "udp".into())])
        );
    }

    #[test]
    fn history_text_is_dockers() {
        let st = stages("FROM busybox\nCMD [\"node\",\"server.js\"]\nRUN npm ci\nEXPOSE 8080\n")
            .unwrap();
        let by: Vec<&str> = st[0].steps.iter().map(|s| s.created_by.as_str()).collect();
        assert_eq!(
            by,
            [
                "CMD [\"node\" \"server.js\"]",
                "RUN /bin/sh -c npm ci # buildkit",
                "EXPOSE map[8080/tcp:{}]"
            ]
        );
    }

    #[test]
    fn errors_are_located_and_worded_like_buildkit() {
        assert_eq!(
            error("FROM busybox\n\nFORM x\n"),
            "dockerfile parse error on line 3: unknown instruction: FORM (did you mean FROM?)"
        );
        assert_eq!(
            error("RUN echo\n"),
            "dockerfile parse error on line 1: no build stage in current context"
        );
        assert_eq!(
            error("FROM a\nCOPY x\n"),
            "dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"
        );
        assert_eq!(
            error("FROM a\nHEALTHCHECK FOO x\n"),
            "dockerfile parse error on line 2: Unknown type \"FOO\" in HEALTHCHECK (try CMD)"
        );
        assert_eq!(
            error("FROM a\nHEALTHCHECK --retries=-1 CMD x\n"),
            "dockerfile parse error on line 2: --retries cannot be negative (-1)"
        );
        assert_eq!(
            error("FROM a\nEXPOSE eighty\n"),
            "dockerfile parse error on line 2: invalid containerPort: eighty"
        );
        assert_eq!(
            error("FROM a\nCOPY --chwn=x a b\n"),
            "dockerfile parse error on line 2: unknown flag: chwn"
        );
        assert_eq!(
            error("FROM a\nENV X\n"),
            "dockerfile parse error on line 2: ENV must have two arguments"
        );
        assert_eq!(
            error("FROM a b\n"),
            "dockerfile parse error on line 1: FROM requires either one or three arguments"
        );
        assert_eq!(
            error("# only a comment\n\n"),
            "dockerfile parse error on line 1: file with no instructions"
        );
        assert_eq!(
            error("FROM a\nENV A=\"open\n"),
            "dockerfile parse error on line 2: unexpected end of statement while looking for matching double-quote"
        );
    }

    #[test]
    fn bounds_are_enforced() {
        let big = "#".repeat(MAX_BYTES + 1);
        assert!(error(&big).contains("larger than"));
        let many = "FROM a\n".to_string() + &"RUN x\n".repeat(MAX_INSTRUCTIONS);
        assert!(error(&many).contains("more than 500 instructions"));
        let long = format!("FROM a\nRUN {}\\\n{}\n", "x".repeat(9000), "y".repeat(9000));
        assert!(error(&long).contains("longer than"));
        // Substitution cannot blow up: each $A expands once, and words are bounded.
        let blow = format!(
            "FROM a\nENV A={}\nENV B={}\n",
            "x".repeat(8000),
            "$A".repeat(100)
        );
        assert!(error(&blow).contains("after substitution"));
    }

    #[test]
    fn hostile_input_never_panics() {
        let samples = [
            "",
            "\\",
            "FROM",
            "FROM \\",
            "FROM a\nRUN \\",
            "FROM a\nENV ${",
            "FROM a\nENV A=${B:-",
            "FROM a\nENV A='",
            "FROM a\nCOPY [",
            "FROM a\nHEALTHCHECK --interval=1 CMD x",
            "FROM a\nHEALTHCHECK --interval= CMD",
            "FROM a\nEXPOSE 9-1",
            "FROM a\nEXPOSE 1-65535",
            "FROM a\nWORKDIR",
            "FROM a\nUSER",
            "ARG\nFROM a",
            "FROM a AS 1x",
            "FROM a AS b\nFROM c AS b",
            "FROM é\nRUN ü\\",
            "\u{feff}FROM a",
            "FROM a\nENV é=ü",
            "FROM a\n\tCMD\t[\"x\"]",
            "# escape=x\nFROM a",
            "FROM a\nLABEL",
            "FROM a\nARG 1=2",
            "FROM a\nENV =x",
        ];
        for s in samples {
            // An error, if any, is located on a line of the text and says something.
            if let Err(e) = stages(s) {
                let lines = s.lines().count().max(1);
                assert!((1..=lines).contains(&e.line), "{s:?}: {e:?}");
                assert!(!e.message.is_empty(), "{s:?}: {e:?}");
            }
        }
        // Every prefix of a real Dockerfile.
        let real = include_str!("../../../../www/examples/app/Dockerfile");
        for (i, _) in real.char_indices() {
            let _ = stages(&real[..i]);
        }
    }
}
