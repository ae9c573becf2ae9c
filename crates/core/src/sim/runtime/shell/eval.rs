//! Runs a parsed script on virtual time: expansions, control flow, redirections and the
//! streams between commands. Commands take no time except `sleep`; everything is bounded
//! (commands in total and between sleeps, output lines, string and file sizes).

use super::parse::{Cmd, Part, Redir, VarOp, Word};
use super::{Context, End, FileVersion, Net, Trace};
use crate::input::model::Millis;
use std::collections::BTreeMap as ObjectMap;

/// Commands a run may execute in all (a replay from the start included).
pub const STEPS_MAX: u32 = 200_000;
/// Commands a script may run without sleeping before we call it a busy loop.
pub const STEPS_AWAKE_MAX: u32 = 10_000;
/// Output lines kept per run.
const LINES_MAX: usize = 5_000;
/// The longest variable, captured output or file (bytes).
pub const TEXT_BYTES_MAX: usize = 64 * 1024;
/// Files a script may have.
const FILES_MAX: usize = 256;
/// File versions recorded (each write at a new time starts one).
const VERSIONS_MAX: usize = 2_000;

/// Why evaluation stops unwinding.
pub enum Flow {
    Exit(i32),
    Break(u32),
    Continue(u32),
    /// The horizon: the script sleeps until this offset.
    Pause(Millis),
    /// Runs forever from here, after this line (if any) in the log.
    Forever(Option<String>),
}

/// Where a stream goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Log,
    Buf(usize),
    File(String),
    Null,
}

pub struct Interp<'a> {
    pub ctx: &'a Context,
    pub net: &'a mut dyn Net,
    horizon_ms: Millis,
    /// Elapsed time since the start.
    pub clock_ms: Millis,
    steps: u32,
    awake_steps: u32,
    pub vars: ObjectMap<String, String>,
    /// The exported variables, in the order the process environment lists them.
    pub env: Vec<(String, String)>,
    pub status: i32,
    pub fds: [Target; 3],
    pub stdin: String,
    bufs: Vec<String>,
    lines: Vec<(Millis, String)>,
    partial: String,
    pub files: ObjectMap<String, String>,
    versions: Vec<FileVersion>,
    /// Positional parameters ($1…) for `sh -c 'script' name args…`.
    pub args: Vec<String>,
    /// Output lines not kept (already in the log from an earlier run), and lines seen so far.
    skip_lines: usize,
    lines_seen: usize,
    /// `sh -c` inside `sh -c`: how deep (a script can run itself through a variable).
    pub shells_deep: u32,
    /// Each file's open version (an index into `versions`).
    open: ObjectMap<String, usize>,
    /// Files of the start that were rewritten or removed.
    touched: std::collections::BTreeSet<String>,
}

impl<'a> Interp<'a> {
    pub fn new(
        ctx: &'a Context,
        net: &'a mut dyn Net,
        horizon_ms: Millis,
        skip_lines: usize,
    ) -> Interp<'a> {
        let mut vars = ObjectMap::new();
        for (k, v) in &ctx.env {
            vars.insert(k.clone(), v.clone());
        }
        let mut files = ObjectMap::new();
        for (path, content) in &ctx.files {
            files.insert(path.clone(), content.clone());
        }
        Interp {
            ctx,
            net,
            horizon_ms,
            clock_ms: 0,
            steps: 0,
            awake_steps: 0,
            vars,
            env: ctx.env.clone(),
            status: 0,
            fds: [Target::Null, Target::Log, Target::Log],
            stdin: String::new(),
            bufs: Vec::new(),
            lines: Vec::new(),
            partial: String::new(),
            files,
            versions: Vec::new(),
            args: Vec::new(),
            skip_lines,
            lines_seen: 0,
            shells_deep: 0,
            open: ObjectMap::new(),
            touched: Default::default(),
        }
    }

    /// Runs the whole script and reports what it did.
    pub fn run(mut self, cmd: &Cmd) -> Trace {
        let end = match self.exec(cmd) {
            Ok(()) => End::Exited {
                at_ms: self.clock_ms,
                code: self.status,
            },
            Err(Flow::Exit(code)) => End::Exited {
                at_ms: self.clock_ms,
                code,
            },
            Err(Flow::Break(_) | Flow::Continue(_)) => End::Exited {
                at_ms: self.clock_ms,
                code: 0,
            },
            Err(Flow::Pause(until_ms)) => End::Paused { until_ms },
            Err(Flow::Forever(line)) => {
                if let Some(line) = line {
                    self.write(2, &format!("{line}\n"));
                }
                End::Forever
            }
        };
        if !self.partial.is_empty() {
            let line = std::mem::take(&mut self.partial);
            self.push_line(line);
        }
        for (path, i) in std::mem::take(&mut self.open) {
            self.versions[i].content = self.files.get(&path).cloned().unwrap_or_default();
        }
        let mut files = self.versions;
        // Files present from the start that were never rewritten keep their first version.
        for (path, content) in &self.ctx.files {
            if !self.touched.contains(path) {
                files.push(FileVersion {
                    path: path.clone(),
                    content: content.clone(),
                    from_ms: 0,
                    to_ms: None,
                });
            }
        }
        Trace {
            lines: self.lines,
            files,
            end,
        }
    }

    /// One more command; a script that only loops, or runs too long, stops here.
    fn step(&mut self) -> Result<(), Flow> {
        self.steps += 1;
        self.awake_steps += 1;
        if self.awake_steps > STEPS_AWAKE_MAX {
            return Err(Flow::Forever(Some(format!(
                "sunaba: this script ran {STEPS_AWAKE_MAX} commands without sleeping; a real shell would keep spinning, the simulation stops following it here"
            ))));
        }
        if self.steps > STEPS_MAX {
            return Err(Flow::Forever(Some(format!(
                "sunaba: this script ran {STEPS_MAX} commands; the simulation stops following it here"
            ))));
        }
        Ok(())
    }

    /// Time passes: `ms` of sleep, or a pause at the horizon.
    pub fn sleep(&mut self, ms: Millis) -> Result<(), Flow> {
        let until = self.clock_ms.saturating_add(ms);
        if until > self.horizon_ms {
            return Err(Flow::Pause(until));
        }
        self.clock_ms = until;
        self.awake_steps = 0;
        Ok(())
    }

    pub fn exec(&mut self, cmd: &Cmd) -> Result<(), Flow> {
        match cmd {
            Cmd::Simple {
                assigns,
                words,
                redirs,
            } => self.simple(assigns, words, redirs),
            Cmd::List(cmds) => {
                for c in cmds {
                    self.exec(c)?;
                }
                Ok(())
            }
            Cmd::And(a, b) => {
                self.exec(a)?;
                if self.status == 0 {
                    self.exec(b)?;
                }
                Ok(())
            }
            Cmd::Or(a, b) => {
                self.exec(a)?;
                if self.status != 0 {
                    self.exec(b)?;
                }
                Ok(())
            }
            Cmd::Pipeline { cmds, negate } => {
                self.pipeline(cmds)?;
                if *negate {
                    self.status = i32::from(self.status == 0);
                }
                Ok(())
            }
            Cmd::If {
                branches,
                otherwise,
            } => {
                for (cond, then) in branches {
                    self.exec(cond)?;
                    if self.status == 0 {
                        return self.exec(then);
                    }
                }
                self.status = 0;
                match otherwise {
                    Some(o) => self.exec(o),
                    None => Ok(()),
                }
            }
            Cmd::Loop { cond, body, until } => {
                self.status = 0;
                let mut last = 0;
                loop {
                    self.step()?;
                    self.exec(cond)?;
                    if (self.status == 0) == *until {
                        break;
                    }
                    match self.exec(body) {
                        Ok(()) => {}
                        Err(Flow::Break(n)) if n > 1 => return Err(Flow::Break(n - 1)),
                        Err(Flow::Break(_)) => break,
                        Err(Flow::Continue(n)) if n > 1 => return Err(Flow::Continue(n - 1)),
                        Err(Flow::Continue(_)) => {}
                        Err(e) => return Err(e),
                    }
                    last = self.status;
                }
                self.status = last;
                Ok(())
            }
            Cmd::For { var, items, body } => {
                let items = match items {
                    Some(words) => self.expand_words(words)?,
                    None => self.args.clone(),
                };
                self.status = 0;
                for item in items {
                    self.step()?;
                    self.set_var(var, item);
                    match self.exec(body) {
                        Ok(()) => {}
                        Err(Flow::Break(n)) if n > 1 => return Err(Flow::Break(n - 1)),
                        Err(Flow::Break(_)) => break,
                        Err(Flow::Continue(n)) if n > 1 => return Err(Flow::Continue(n - 1)),
                        Err(Flow::Continue(_)) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(())
            }
            Cmd::Case { word, arms } => {
                let value = self.expand_joined(word)?;
                self.status = 0;
                for (patterns, body) in arms {
                    for p in patterns {
                        let pattern = self.expand_pattern(p)?;
                        if glob(&pattern, &value) {
                            return self.exec(body);
                        }
                    }
                }
                Ok(())
            }
            Cmd::Group {
                body,
                subshell,
                redirs,
            } => {
                let Some(saved) = self.redirect(redirs)? else {
                    return Ok(());
                };
                let result = if *subshell {
                    self.subshell(body)
                } else {
                    self.exec(body)
                };
                self.fds = saved;
                result
            }
        }
    }

    /// Runs `body` with its own variables and directory: an `exit` there ends only it.
    fn subshell(&mut self, body: &Cmd) -> Result<(), Flow> {
        let vars = self.vars.clone();
        let env = self.env.clone();
        let result = self.exec(body);
        self.vars = vars;
        self.env = env;
        match result {
            Err(Flow::Exit(code)) => {
                self.status = code;
                Ok(())
            }
            Err(Flow::Break(_) | Flow::Continue(_)) => Ok(()),
            other => other,
        }
    }

    fn pipeline(&mut self, cmds: &[Cmd]) -> Result<(), Flow> {
        let saved_out = self.fds[1].clone();
        let saved_in = std::mem::take(&mut self.stdin);
        let mut input = saved_in.clone();
        let mut result = Ok(());
        for (n, c) in cmds.iter().enumerate() {
            self.stdin = std::mem::take(&mut input);
            let last = n + 1 == cmds.len();
            let buf = (!last).then(|| self.open_buf());
            self.fds[1] = match buf {
                Some(b) => Target::Buf(b),
                None => saved_out.clone(),
            };
            // Each stage runs in a subshell of its own.
            result = self.subshell(c);
            if let Some(b) = buf {
                input = self.close_buf(b);
            }
            if result.is_err() {
                break;
            }
        }
        self.fds[1] = saved_out;
        self.stdin = saved_in;
        result
    }

    pub fn open_buf(&mut self) -> usize {
        self.bufs.push(String::new());
        self.bufs.len() - 1
    }

    pub fn close_buf(&mut self, b: usize) -> String {
        let text = std::mem::take(&mut self.bufs[b]);
        self.bufs.truncate(b);
        text
    }

    fn simple(
        &mut self,
        assigns: &[(String, Word)],
        words: &[Word],
        redirs: &[Redir],
    ) -> Result<(), Flow> {
        self.step()?;
        let argv = self.expand_words(words)?;
        let mut values = Vec::new();
        for (name, w) in assigns {
            values.push((name.clone(), self.expand_joined(w)?));
        }
        if argv.is_empty() {
            for (name, value) in values {
                self.set_var(&name, value);
            }
            if let Some(saved) = self.redirect(redirs)? {
                self.fds = saved;
            }
            // A bare assignment's status is that of its last command substitution, else 0.
            if !words_have_sub(assigns) {
                self.status = 0;
            }
            return Ok(());
        }
        // `NAME=value cmd`: the assignment is the command's environment only.
        let saved_vars = (!values.is_empty()).then(|| (self.vars.clone(), self.env.clone()));
        for (name, value) in values {
            self.set_var(&name, value.clone());
            self.export(&name, value);
        }
        let redirected = self.redirect(redirs);
        let result = match redirected {
            Ok(Some(saved)) => {
                let result = self.command(&argv);
                self.fds = saved;
                result
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Some((vars, env)) = saved_vars {
            self.vars = vars;
            self.env = env;
        }
        result
    }

    /// Applies redirections; returns the streams to restore afterwards (none: a file to read
    /// is missing, the command does not run and the status is 1).
    fn redirect(&mut self, redirs: &[Redir]) -> Result<Option<[Target; 3]>, Flow> {
        let saved = self.fds.clone();
        for r in redirs {
            match r {
                Redir::Out { fd, target, append } => {
                    let path = self.expand_joined(target)?;
                    let t = if path == "/dev/null" {
                        Target::Null
                    } else if path == "/dev/stderr" {
                        self.fds[2].clone()
                    } else if path == "/dev/stdout" {
                        self.fds[1].clone()
                    } else {
                        let path = self.absolute(&path);
                        if !*append || !self.files.contains_key(&path) {
                            self.write_file(&path, String::new());
                        }
                        Target::File(path)
                    };
                    match fd {
                        3 => {
                            self.fds[1] = t.clone();
                            self.fds[2] = t;
                        }
                        0..=2 => self.fds[*fd as usize] = t,
                        _ => {}
                    }
                }
                Redir::In { target } => {
                    let path = self.expand_joined(target)?;
                    let path = self.absolute(&path);
                    match self.files.get(&path) {
                        Some(text) => self.stdin = text.clone(),
                        None => {
                            self.write(
                                2,
                                &format!("sh: can't open '{path}': No such file or directory\n"),
                            );
                            self.status = 1;
                            self.fds = saved;
                            return Ok(None);
                        }
                    }
                }
                Redir::Dup { fd, to } => {
                    if *fd <= 2 && *to <= 2 {
                        self.fds[*fd as usize] = self.fds[*to as usize].clone();
                    }
                }
            }
        }
        Ok(Some(saved))
    }

    /// Writes `text` to stream `fd`.
    pub fn write(&mut self, fd: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.fds[fd.min(2)].clone() {
            Target::Log => {
                self.partial.push_str(text);
                while let Some(n) = self.partial.find('\n') {
                    let line: String = self.partial[..n].to_string();
                    self.partial.drain(..=n);
                    self.push_line(line);
                }
                if self.partial.len() > TEXT_BYTES_MAX {
                    let line = std::mem::take(&mut self.partial);
                    self.push_line(line);
                }
            }
            Target::Buf(b) => {
                if let Some(buf) = self.bufs.get_mut(b) {
                    if buf.len() + text.len() <= TEXT_BYTES_MAX {
                        buf.push_str(text);
                    }
                }
            }
            Target::File(path) => {
                let len = self.files.get(&path).map_or(0, String::len);
                if len + text.len() <= TEXT_BYTES_MAX && self.files.contains_key(&path) {
                    self.versioning(&path);
                    if let Some(content) = self.files.get_mut(&path) {
                        content.push_str(text);
                    }
                }
            }
            Target::Null => {}
        }
    }

    fn push_line(&mut self, line: String) {
        self.lines_seen += 1;
        if self.lines_seen > self.skip_lines && self.lines.len() < LINES_MAX {
            self.lines.push((self.clock_ms, line));
        }
    }

    /// A file's new content from now on.
    pub fn write_file(&mut self, path: &str, content: String) {
        if !self.files.contains_key(path) && self.files.len() >= FILES_MAX {
            return;
        }
        self.versioning(path);
        self.files.insert(path.to_string(), content);
    }

    /// Before `path` changes now: its open version from an earlier moment closes with the
    /// content it had, and a new one opens (its content is filled in when it closes or when
    /// the run ends, so a write costs only its own bytes).
    fn versioning(&mut self, path: &str) {
        let now = self.clock_ms;
        match self.open.get(path).copied() {
            Some(i) if self.versions[i].from_ms == now => return,
            Some(i) => self.close_version(path, i),
            None => self.end_initial_version(path),
        }
        if self.versions.len() < VERSIONS_MAX {
            self.open.insert(path.to_string(), self.versions.len());
            self.versions.push(FileVersion {
                path: path.to_string(),
                content: String::new(),
                from_ms: now,
                to_ms: None,
            });
        }
    }

    fn close_version(&mut self, path: &str, i: usize) {
        let content = self.files.get(path).cloned().unwrap_or_default();
        let v = &mut self.versions[i];
        v.to_ms = Some(self.clock_ms);
        v.content = content;
        self.open.remove(path);
    }

    /// A file present from the start is rewritten or removed: its first version ends now.
    fn end_initial_version(&mut self, path: &str) {
        if !self.touched.insert(path.to_string()) {
            return;
        }
        if let Some((_, content)) = self.ctx.files.iter().find(|(p, _)| p == path) {
            if self.versions.len() < VERSIONS_MAX {
                self.versions.push(FileVersion {
                    path: path.to_string(),
                    content: content.clone(),
                    from_ms: 0,
                    to_ms: Some(self.clock_ms),
                });
            }
        }
    }

    pub fn remove_file(&mut self, path: &str) -> bool {
        if !self.files.contains_key(path) {
            return false;
        }
        match self.open.get(path).copied() {
            Some(i) => self.close_version(path, i),
            None => self.end_initial_version(path),
        }
        self.files.remove(path);
        true
    }

    pub fn absolute(&self, path: &str) -> String {
        if path.starts_with('/') {
            path.to_string()
        } else {
            let cwd = self.var("PWD").unwrap_or("/");
            format!("{}/{path}", cwd.trim_end_matches('/'))
        }
    }

    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    pub fn set_var(&mut self, name: &str, mut value: String) {
        truncate(&mut value);
        if let Some(e) = self.env.iter_mut().find(|(k, _)| k == name) {
            e.1 = value.clone();
        }
        self.vars.insert(name.to_string(), value);
    }

    pub fn export(&mut self, name: &str, value: String) {
        match self.env.iter_mut().find(|(k, _)| k == name) {
            Some(e) => e.1 = value,
            None => {
                if self.env.len() < 1_000 {
                    self.env.push((name.to_string(), value));
                }
            }
        }
    }

    pub fn unset(&mut self, name: &str) {
        self.vars.remove(name);
        self.env.retain(|(k, _)| k != name);
    }

    /// Words → fields: expansions, then field splitting of unquoted expansion results.
    pub fn expand_words(&mut self, words: &[Word]) -> Result<Vec<String>, Flow> {
        let mut out = Vec::new();
        for w in words {
            for f in self.expand_fields(w)? {
                if out.len() >= 4_096 {
                    break;
                }
                out.push(f);
            }
        }
        Ok(out)
    }

    fn expand_fields(&mut self, word: &Word) -> Result<Vec<String>, Flow> {
        let mut fields: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut have = false;
        for part in word {
            let (text, quoted) = self.expand_part(part)?;
            if quoted || matches!(part, Part::Lit { .. }) {
                current.push_str(&text);
                have = true;
                continue;
            }
            // An unquoted expansion splits on whitespace.
            let pieces: Vec<&str> = text
                .split([' ', '\t', '\n'])
                .filter(|p| !p.is_empty())
                .collect();
            let starts_blank = text.starts_with([' ', '\t', '\n']);
            if starts_blank && have {
                fields.push(std::mem::take(&mut current));
                have = false;
            }
            for (n, p) in pieces.iter().enumerate() {
                current.push_str(p);
                have = true;
                if n + 1 < pieces.len() && fields.len() < 4_096 {
                    fields.push(std::mem::take(&mut current));
                    have = false;
                }
            }
            if text.ends_with([' ', '\t', '\n']) && have {
                fields.push(std::mem::take(&mut current));
                have = false;
            }
        }
        if have {
            fields.push(current);
        }
        Ok(fields)
    }

    /// A word as one string (no field splitting): assignments, redirection targets, `case`.
    pub fn expand_joined(&mut self, word: &Word) -> Result<String, Flow> {
        let mut s = String::new();
        for part in word {
            s.push_str(&self.expand_part(part)?.0);
        }
        truncate(&mut s);
        Ok(s)
    }

    /// A `case` pattern: quoted parts match literally.
    fn expand_pattern(&mut self, word: &Word) -> Result<String, Flow> {
        let mut s = String::new();
        for part in word {
            let (text, quoted) = self.expand_part(part)?;
            if quoted || matches!(part, Part::Lit { quoted: true, .. }) {
                for c in text.chars() {
                    if "*?[\\".contains(c) {
                        s.push('\\');
                    }
                    s.push(c);
                }
            } else {
                s.push_str(&text);
            }
        }
        Ok(s)
    }

    /// One part's text, and whether it is quoted.
    fn expand_part(&mut self, part: &Part) -> Result<(String, bool), Flow> {
        Ok(match part {
            Part::Lit { text, quoted } => (text.clone(), *quoted),
            Part::Var { name, op, quoted } => (self.expand_var(name, op)?, *quoted),
            Part::Sub { cmd, quoted } => {
                let b = self.open_buf();
                let saved = self.fds[1].clone();
                self.fds[1] = Target::Buf(b);
                let result = self.subshell(cmd);
                self.fds[1] = saved;
                let mut text = self.close_buf(b);
                result?;
                while text.ends_with('\n') {
                    text.pop();
                }
                (text, *quoted)
            }
            Part::Arith { expr, quoted } => {
                let expanded = self.expand_arith_vars(expr);
                match super::arith::arith(&expanded) {
                    Ok(n) => (n.to_string(), *quoted),
                    Err(e) => {
                        self.write(2, &format!("sh: arithmetic syntax error: {e}\n"));
                        return Err(Flow::Exit(2));
                    }
                }
            }
        })
    }

    /// `$((…))`: `$X` and bare names become their values.
    fn expand_arith_vars(&self, expr: &str) -> String {
        let mut out = String::new();
        let mut name = String::new();
        let flush = |name: &mut String, out: &mut String| {
            if !name.is_empty() {
                if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    out.push_str(name);
                } else {
                    out.push_str(self.var(name).filter(|v| !v.is_empty()).unwrap_or("0"));
                }
                name.clear();
            }
        };
        for c in expr.chars() {
            if c.is_ascii_alphanumeric() || c == '_' {
                name.push(c);
            } else {
                flush(&mut name, &mut out);
                if c != '$' {
                    out.push(c);
                }
            }
        }
        flush(&mut name, &mut out);
        out
    }

    fn expand_var(&mut self, name: &str, op: &VarOp) -> Result<String, Flow> {
        let value = self.special(name);
        Ok(match op {
            VarOp::Plain => value.unwrap_or_default(),
            VarOp::Length => value.unwrap_or_default().chars().count().to_string(),
            VarOp::Default { word, colon } => match value {
                Some(v) if !(*colon && v.is_empty()) => v,
                _ => self.expand_joined(word)?,
            },
            VarOp::Assign { word, colon } => match value {
                Some(v) if !(*colon && v.is_empty()) => v,
                _ => {
                    let v = self.expand_joined(word)?;
                    self.set_var(name, v.clone());
                    v
                }
            },
            VarOp::Alternative { word, colon } => match value {
                Some(v) if !(*colon && v.is_empty()) => self.expand_joined(word)?,
                _ => String::new(),
            },
        })
    }

    /// A variable or special parameter's value; `None` when unset.
    fn special(&self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            // The container's shell is its PID 1.
            "$" => Some("1".into()),
            "#" => Some(self.args.len().to_string()),
            "@" | "*" => Some(self.args.join(" ")),
            "0" => Some("sh".into()),
            "!" | "-" => Some(String::new()),
            n if n.bytes().all(|b| b.is_ascii_digit()) => n
                .parse::<usize>()
                .ok()
                .and_then(|i| self.args.get(i.checked_sub(1)?).cloned()),
            n => self.vars.get(n).cloned(),
        }
    }
}

fn words_have_sub(assigns: &[(String, Word)]) -> bool {
    assigns
        .iter()
        .any(|(_, w)| w.iter().any(|p| matches!(p, Part::Sub { .. })))
}

fn truncate(s: &mut String) {
    if s.len() > TEXT_BYTES_MAX {
        let mut n = TEXT_BYTES_MAX;
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s.truncate(n);
    }
}

/// Shell pattern matching: `*`, `?`, `[…]`, `\x`.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matching with one backtrack point for the last `*` (linear in practice).
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let step = match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => Some(1),
            Some('[') => match class(&p[pi..], t[ti]) {
                Some((true, len)) => Some(len),
                _ => None,
            },
            Some('\\') if p.get(pi + 1) == Some(&t[ti]) => Some(2),
            Some(c) if *c == t[ti] && *c != '\\' => Some(1),
            _ => None,
        };
        match step {
            Some(len) => {
                pi += len;
                ti += 1;
            }
            None => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// `[abc]`, `[a-z]`, `[!x]` at the start of `p`: (matches `c`, the class's length).
fn class(p: &[char], c: char) -> Option<(bool, usize)> {
    let end = p.iter().skip(2).position(|x| *x == ']')? + 2;
    let body = &p[1..end];
    let (negate, body) = match body.first() {
        Some('!' | '^') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut hit = false;
    let mut i = 0;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == '-' {
            hit |= body[i] <= c && c <= body[i + 2];
            i += 3;
        } else {
            hit |= body[i] == c;
            i += 1;
        }
    }
    Some((hit != negate, end + 1))
}
