//! The little shell language busybox containers are given in manifests:
//! `sh -c "echo hi; sleep 5; exit 1"`, `sleep 3600`, `while true; do sleep 1; done` — evaluated
//! once, when the container starts, into what it prints, the files it writes and when it exits.

use super::PlannedExit;
use crate::base::clock;
use crate::input::model::Millis;

/// Commands a script may run in total before we call it endless (bounds script evaluation).
const SCRIPT_STEPS_MAX: usize = 200;

/// What a script does: its output, its exit (none: it runs forever) and the files it writes
/// (path, written at, removed at).
pub(super) struct ShellRun {
    pub lines: Vec<String>,
    pub exit: Option<PlannedExit>,
    pub files: Vec<(String, Millis, Option<Millis>)>,
}

/// Evaluates a container's command line (`argv`) as busybox's shell would run it.
pub(super) fn run_shell(argv: &[String]) -> ShellRun {
    let script = script_of(argv);
    if script.contains("while true") || script.contains("while :") || script.contains("tail -f") {
        return endless(&script);
    }
    let mut sh = Shell {
        lines: Vec::new(),
        files: Vec::new(),
        elapsed_ms: 0,
        status: 0,
    };
    for part in split_commands(&script).into_iter().take(SCRIPT_STEPS_MAX) {
        let words = shlex::split(&part)
            .unwrap_or_else(|| part.split_whitespace().map(str::to_string).collect());
        if words.is_empty() {
            continue;
        }
        if let Some(ended) = sh.run(&words) {
            return ended;
        }
    }
    ShellRun {
        lines: sh.lines,
        exit: Some(PlannedExit {
            after_ms: sh.elapsed_ms,
            exit_code: sh.status,
        }),
        files: sh.files,
    }
}

/// The script a command line runs: a shell's `-c` argument, or the command itself quoted back
/// into one line; nothing for a bare shell.
fn script_of(argv: &[String]) -> String {
    match argv.first().map(String::as_str) {
        None => String::new(), // busybox's default CMD is `sh`: no TTY, no input → exits 0 at once
        Some("sh" | "/bin/sh" | "bash" | "/bin/bash" | "ash") => {
            match argv.iter().position(|a| a == "-c") {
                Some(i) => argv.get(i + 1).cloned().unwrap_or_default(),
                None => String::new(),
            }
        }
        Some(_) => argv
            .iter()
            .map(|a| shell_quote(a))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// An endless loop: the echoes before it, then it runs forever.
fn endless(script: &str) -> ShellRun {
    let mut lines = Vec::new();
    for part in split_commands(script.split("while").next().unwrap_or_default())
        .into_iter()
        .take(SCRIPT_STEPS_MAX)
    {
        if let Some(text) = part.strip_prefix("echo ") {
            lines.push(unquote(text));
        }
    }
    ShellRun {
        lines,
        exit: None,
        files: Vec::new(),
    }
}

/// A script part-way through: what it printed and wrote, the time it has slept, and the last
/// command's status (`$?`).
struct Shell {
    lines: Vec<String>,
    files: Vec<(String, Millis, Option<Millis>)>,
    elapsed_ms: Millis,
    status: i32,
}

impl Shell {
    /// Runs one command (`words`, not empty). Returns how the script ended when it ends here
    /// (`exit`, `sleep infinity`).
    fn run(&mut self, words: &[String]) -> Option<ShellRun> {
        match words[0].as_str() {
            "echo" => {
                match words.iter().position(|w| w == ">" || w == ">>") {
                    Some(i) => {
                        if let Some(path) = words.get(i + 1) {
                            self.files.push((path.clone(), self.elapsed_ms, None));
                        }
                    }
                    None => self.lines.push(words[1..].join(" ")),
                }
                self.status = 0;
            }
            "touch" => {
                for path in &words[1..] {
                    self.files.push((path.clone(), self.elapsed_ms, None));
                }
                self.status = 0;
            }
            "rm" => {
                for path in words[1..].iter().filter(|w| !w.starts_with('-')) {
                    for f in self
                        .files
                        .iter_mut()
                        .filter(|f| &f.0 == path && f.2.is_none())
                    {
                        f.2 = Some(self.elapsed_ms);
                    }
                }
                self.status = 0;
            }
            "sleep" => return self.sleep(words.get(1).map(String::as_str)),
            "exit" => {
                let code = words
                    .get(1)
                    .and_then(|c| c.parse::<i64>().ok())
                    .unwrap_or(self.status.into());
                return Some(self.end(Some(PlannedExit {
                    after_ms: self.elapsed_ms,
                    exit_code: code.rem_euclid(256) as i32,
                })));
            }
            "true" | ":" | "cd" | "export" | "set" | "trap" | "date" | "hostname" | "env"
            | "cat" | "ls" => self.status = 0,
            "false" => self.status = 1,
            // Node.js without a TTY: the REPL exits at once; a script not in the image fails.
            "node" => match words.iter().skip(1).find(|w| !w.starts_with('-')) {
                None => self.status = 0,
                Some(file) => {
                    self.lines
                        .push(format!("Error: Cannot find module '{file}'"));
                    self.status = 1;
                }
            },
            other => {
                self.lines.push(format!("sh: {other}: not found"));
                self.status = 127;
            }
        }
        None
    }

    /// `sleep DURATION`: time passes; `sleep infinity` never returns (the script ends here,
    /// running forever).
    fn sleep(&mut self, duration: Option<&str>) -> Option<ShellRun> {
        match duration {
            Some("infinity") => return Some(self.end(None)),
            Some(d) => match clock::parse_duration(d) {
                Ok(ms) => {
                    self.elapsed_ms = self.elapsed_ms.saturating_add(ms);
                    self.status = 0;
                }
                Err(_) => {
                    self.lines.push(format!("sleep: invalid number '{d}'"));
                    self.status = 1;
                }
            },
            None => {
                self.lines.push("sleep: missing operand".into());
                self.status = 1;
            }
        }
        None
    }

    /// The script ends with `exit` (none: it runs forever).
    fn end(&mut self, exit: Option<PlannedExit>) -> ShellRun {
        ShellRun {
            lines: std::mem::take(&mut self.lines),
            exit,
            files: std::mem::take(&mut self.files),
        }
    }
}

/// `a; b && c` (and lines) → commands; comments dropped.
fn split_commands(script: &str) -> Vec<String> {
    script
        .split(['\n', ';'])
        .flat_map(|s| s.split("&&"))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && !s.starts_with('#'))
        .collect()
}

/// A word with its quotes removed.
fn unquote(s: &str) -> String {
    shlex::split(s)
        .map(|w| w.join(" "))
        .unwrap_or_else(|| s.to_string())
}

/// A word quoted back for a shell line.
fn shell_quote(s: &str) -> String {
    shlex::try_quote(s)
        .map(|q| q.into_owned())
        .unwrap_or_else(|_| s.to_string())
}
