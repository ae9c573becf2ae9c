//! The commands a busybox shell finds: its builtins and the applets scripts in manifests use,
//! with busybox's messages and exit statuses.

use super::eval::{Flow, Interp};
use crate::base::clock;
use crate::input::model::Millis;

/// `sh -c` inside `sh -c` at most this deep.
const NESTED_SHELLS_MAX: u32 = 16;

impl Interp<'_> {
    /// Runs one command with its expanded words (not empty).
    pub fn command(&mut self, argv: &[String]) -> Result<(), Flow> {
        let name = argv[0].rsplit('/').next().unwrap_or_default().to_string();
        let args = &argv[1..];
        let status = match name.as_str() {
            ":" | "true" => 0,
            "false" => 1,
            "echo" => self.echo(args),
            "printf" => self.printf(args),
            "cat" => self.cat(args),
            "sleep" => return self.sleep_command(args),
            "date" => {
                let now = self.ctx.start_ms.saturating_add(self.clock_ms);
                let text = match args.first().map(String::as_str) {
                    Some("+%s") => (clock::EPOCH_UNIX_S + (now / 1000) as i64).to_string(),
                    _ => busybox_date(now),
                };
                self.write(1, &format!("{text}\n"));
                0
            }
            "hostname" => {
                let host = self.var("HOSTNAME").unwrap_or("localhost").to_string();
                self.write(1, &format!("{host}\n"));
                0
            }
            "env" | "printenv" => self.printenv(&name, args),
            "touch" => {
                for path in args.iter().filter(|a| !a.starts_with('-')) {
                    let path = self.absolute(path);
                    if !self.files.contains_key(&path) {
                        self.write_file(&path, String::new());
                    }
                }
                0
            }
            "rm" => {
                let force = args.iter().any(|a| a.starts_with('-') && a.contains('f'));
                let mut status = 0;
                for path in args.iter().filter(|a| !a.starts_with('-')) {
                    let abs = self.absolute(path);
                    if !self.remove_file(&abs) && !force {
                        self.write(
                            2,
                            &format!("rm: can't remove '{path}': No such file or directory\n"),
                        );
                        status = 1;
                    }
                }
                status
            }
            "mkdir" | "cd" | "trap" | "wait" | "kill" | "ulimit" | "umask" | "set" | "shift"
            | "chmod" | "chown" | "sync" => {
                if name == "cd" {
                    let dir = args
                        .first()
                        .map_or("/root".to_string(), |d| self.absolute(d));
                    self.set_var("PWD", dir);
                }
                0
            }
            "pwd" => {
                let cwd = self.var("PWD").unwrap_or("/").to_string();
                self.write(1, &format!("{cwd}\n"));
                0
            }
            "ls" => self.ls(args),
            "grep" => self.grep(args),
            "wc" => self.wc(args),
            "head" | "tail" => return self.head_tail(&name, args),
            "expr" => self.expr(args),
            "seq" => self.seq(args),
            "test" => test(self, args),
            "[" => match args.split_last() {
                Some((last, rest)) if last == "]" => test(self, rest),
                _ => {
                    self.write(2, "sh: [: missing ]\n");
                    2
                }
            },
            "exit" => {
                let code = match args.first() {
                    Some(c) => c.parse::<i64>().map_or(2, |c| c.rem_euclid(256) as i32),
                    None => self.status,
                };
                return Err(Flow::Exit(code));
            }
            "break" | "continue" => {
                let n = args
                    .first()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1)
                    .max(1);
                return Err(if name == "break" {
                    Flow::Break(n)
                } else {
                    Flow::Continue(n)
                });
            }
            "export" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    match a.split_once('=') {
                        Some((k, v)) => {
                            self.set_var(k, v.to_string());
                            self.export(k, v.to_string());
                        }
                        None => {
                            let v = self.var(a).unwrap_or_default().to_string();
                            self.export(a, v);
                        }
                    }
                }
                0
            }
            "unset" => {
                for a in args {
                    self.unset(a);
                }
                0
            }
            "read" => {
                let line = self.stdin.lines().next().map(str::to_string);
                let rest = self.stdin.split_once('\n').map(|(_, r)| r.to_string());
                self.stdin = rest.unwrap_or_default();
                if let Some(var) = args.iter().find(|a| !a.starts_with('-')) {
                    self.set_var(var, line.clone().unwrap_or_default());
                }
                i32::from(line.is_none())
            }
            "sh" | "ash" | "bash" => return self.nested_shell(args),
            "nslookup" => self.nslookup(args),
            "wget" => self.wget(args),
            "curl" if self.ctx.has_curl => self.curl(args),
            // Node.js without a TTY: the REPL exits at once; a script not in the image fails.
            "node" => match args.iter().find(|w| !w.starts_with('-')) {
                None => 0,
                Some(file) => {
                    self.write(2, &format!("Error: Cannot find module '{file}'\n"));
                    1
                }
            },
            _ => {
                self.write(2, &format!("sh: {}: not found\n", argv[0]));
                127
            }
        };
        self.status = status;
        Ok(())
    }

    fn echo(&mut self, args: &[String]) -> i32 {
        let (mut newline, mut escapes, mut i) = (true, false, 0);
        while let Some(flag) = args.get(i).filter(|a| {
            a.len() > 1 && a.starts_with('-') && a[1..].chars().all(|c| "neE".contains(c))
        }) {
            newline &= !flag.contains('n');
            escapes = flag.contains('e') || (escapes && !flag.contains('E'));
            i += 1;
        }
        let mut text = args[i..].join(" ");
        if escapes {
            let (t, stop) = unescape(&text);
            text = t;
            newline &= !stop;
        }
        if newline {
            text.push('\n');
        }
        self.write(1, &text);
        0
    }

    fn printf(&mut self, args: &[String]) -> i32 {
        let Some(format) = args.first() else {
            self.write(2, "printf: usage: printf FORMAT [ARGUMENT...]\n");
            return 1;
        };
        let mut rest = args[1..].iter();
        let mut out = String::new();
        // The format is reused while arguments remain (bounded).
        for _ in 0..256 {
            let mut used = false;
            let chars: Vec<char> = format.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                match chars[i] {
                    '%' if chars.get(i + 1) == Some(&'%') => {
                        out.push('%');
                        i += 2;
                    }
                    '%' => {
                        let mut j = i + 1;
                        while chars.get(j).is_some_and(|c| "-+ 0#.123456789".contains(*c)) {
                            j += 1;
                        }
                        let spec: String = chars[i + 1..j].iter().collect();
                        let arg = rest.next();
                        used |= arg.is_some();
                        let arg = arg.map_or("", String::as_str);
                        let value = match chars.get(j) {
                            Some('d' | 'i') => arg.trim().parse::<i64>().unwrap_or(0).to_string(),
                            _ => arg.to_string(),
                        };
                        let width: usize = spec
                            .trim_start_matches(['-', '0'])
                            .split('.')
                            .next()
                            .and_then(|w| w.parse().ok())
                            .unwrap_or(0)
                            .min(256);
                        if spec.starts_with('-') {
                            out.push_str(&format!("{value:<width$}"));
                        } else {
                            out.push_str(&format!("{value:>width$}"));
                        }
                        i = j + 1;
                    }
                    '\\' => {
                        let (t, _) = unescape(
                            &chars[i..(i + 2).min(chars.len())]
                                .iter()
                                .collect::<String>(),
                        );
                        out.push_str(&t);
                        i += 2;
                    }
                    c => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            if !used || rest.len() == 0 {
                break;
            }
        }
        self.write(1, &out);
        0
    }

    /// The text of the named files, or stdin; a missing file is an error.
    fn inputs(&mut self, applet: &str, files: &[&String]) -> (String, i32) {
        if files.is_empty() {
            return (self.stdin.clone(), 0);
        }
        let (mut text, mut status) = (String::new(), 0);
        for f in files {
            if f.as_str() == "-" {
                text.push_str(&self.stdin.clone());
                continue;
            }
            let path = self.absolute(f);
            match self.files.get(&path) {
                Some(t) => text.push_str(t),
                None => {
                    self.write(
                        2,
                        &format!("{applet}: can't open '{f}': No such file or directory\n"),
                    );
                    status = 1;
                }
            }
        }
        (text, status)
    }

    fn cat(&mut self, args: &[String]) -> i32 {
        let files: Vec<&String> = args
            .iter()
            .filter(|a| !a.starts_with('-') || *a == "-")
            .collect();
        let (text, status) = self.inputs("cat", &files);
        self.write(1, &text);
        status
    }

    fn sleep_command(&mut self, args: &[String]) -> Result<(), Flow> {
        let Some(d) = args.first() else {
            self.write(2, "sleep: missing operand\n");
            self.status = 1;
            return Ok(());
        };
        if d == "infinity" || d == "inf" {
            return Err(Flow::Forever(None));
        }
        let ms = match d.chars().last() {
            Some('d') => d[..d.len() - 1]
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n >= 0.0 && *n < 1e6)
                .map(|n| (n * 86_400_000.0) as Millis),
            _ if d.bytes().all(|b| b.is_ascii_digit() || b == b'.') => d
                .parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n < 1e9)
                .map(|n| (n * 1000.0) as Millis),
            _ => clock::parse_duration(d).ok(),
        };
        match ms {
            Some(ms) => {
                self.status = 0;
                self.sleep(ms)
            }
            None => {
                self.write(2, &format!("sleep: invalid number '{d}'\n"));
                self.status = 1;
                Ok(())
            }
        }
    }

    fn printenv(&mut self, name: &str, args: &[String]) -> i32 {
        let wanted: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if wanted.is_empty() || name == "env" {
            let text: String = self.env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
            self.write(1, &text);
            return 0;
        }
        let mut status = 0;
        for w in wanted {
            match self
                .env
                .iter()
                .find(|(k, _)| k == w)
                .map(|(_, v)| v.clone())
            {
                Some(v) => self.write(1, &format!("{v}\n")),
                None => status = 1,
            }
        }
        status
    }

    fn ls(&mut self, args: &[String]) -> i32 {
        let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let cwd = self.var("PWD").unwrap_or("/").to_string();
        let targets = if paths.is_empty() {
            vec![cwd]
        } else {
            paths.iter().map(|p| p.to_string()).collect()
        };
        let mut status = 0;
        for t in targets {
            let abs = self.absolute(&t);
            if self.files.contains_key(&abs) {
                self.write(1, &format!("{t}\n"));
                continue;
            }
            let prefix = format!("{}/", abs.trim_end_matches('/'));
            let mut names: Vec<String> = self
                .files
                .keys()
                .filter_map(|p| p.strip_prefix(&prefix))
                .map(|rest| rest.split('/').next().unwrap_or_default().to_string())
                .collect();
            names.dedup();
            if names.is_empty() && !is_known_dir(&abs) {
                self.write(2, &format!("ls: {t}: No such file or directory\n"));
                status = 1;
                continue;
            }
            let text: String = names.iter().map(|n| format!("{n}\n")).collect();
            self.write(1, &text);
        }
        status
    }

    fn grep(&mut self, args: &[String]) -> i32 {
        let flags: String = args
            .iter()
            .filter(|a| a.starts_with('-') && a.len() > 1)
            .flat_map(|a| a[1..].chars())
            .collect();
        let mut operands = args.iter().filter(|a| !a.starts_with('-') || a.len() == 1);
        let Some(pattern) = operands.next() else {
            self.write(2, "BusyBox v1.36.1 multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n");
            return 2;
        };
        let files: Vec<&String> = operands.collect();
        let (text, status) = self.inputs("grep", &files);
        let ignore_case = flags.contains('i');
        let matches = |line: &str| {
            let (l, p) = if ignore_case {
                (line.to_lowercase(), pattern.to_lowercase())
            } else {
                (line.to_string(), pattern.clone())
            };
            let anchored_start = p.starts_with('^');
            let anchored_end = p.ends_with('$') && p.len() > 1;
            let core = p.trim_start_matches('^');
            let core = if anchored_end {
                &core[..core.len() - 1]
            } else {
                core
            };
            let hit = match (anchored_start, anchored_end) {
                (true, true) => l == core,
                (true, false) => l.starts_with(core),
                (false, true) => l.ends_with(core),
                (false, false) => l.contains(core),
            };
            hit != flags.contains('v')
        };
        let hits: Vec<&str> = text.lines().filter(|l| matches(l)).collect();
        if flags.contains('c') {
            self.write(1, &format!("{}\n", hits.len()));
        } else if !flags.contains('q') {
            let out: String = hits.iter().map(|l| format!("{l}\n")).collect();
            self.write(1, &out);
        }
        if status != 0 {
            2
        } else {
            i32::from(hits.is_empty())
        }
    }

    fn wc(&mut self, args: &[String]) -> i32 {
        let flags: String = args
            .iter()
            .filter(|a| a.starts_with('-'))
            .flat_map(|a| a[1..].chars())
            .collect();
        let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let (text, status) = self.inputs("wc", &files);
        let counts = [
            ('l', text.matches('\n').count()),
            ('w', text.split_whitespace().count()),
            ('c', text.len()),
        ];
        let chosen: Vec<usize> = counts
            .iter()
            .filter(|(f, _)| flags.is_empty() || flags.contains(*f))
            .map(|(_, n)| *n)
            .collect();
        let line = if chosen.len() == 1 {
            chosen[0].to_string()
        } else {
            chosen
                .iter()
                .map(|n| format!("{n:>9}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        self.write(1, &format!("{line}\n"));
        status
    }

    fn head_tail(&mut self, name: &str, args: &[String]) -> Result<(), Flow> {
        if name == "tail" && args.iter().any(|a| a == "-f" || a == "-F") {
            return Err(Flow::Forever(None));
        }
        let mut n = 10usize;
        let mut files = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            if a == "-n" {
                n = args
                    .get(i + 1)
                    .and_then(|v| v.trim_start_matches('+').parse().ok())
                    .unwrap_or(10);
                i += 1;
            } else if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix('-')) {
                n = v.parse().unwrap_or(n);
            } else {
                files.push(a);
            }
            i += 1;
        }
        let (text, status) = self.inputs(name, &files);
        let lines: Vec<&str> = text.lines().collect();
        let kept = if name == "head" {
            &lines[..n.min(lines.len())]
        } else {
            &lines[lines.len().saturating_sub(n)..]
        };
        let out: String = kept.iter().map(|l| format!("{l}\n")).collect();
        self.write(1, &out);
        self.status = status;
        Ok(())
    }

    fn expr(&mut self, args: &[String]) -> i32 {
        let result = match args {
            [a] => Ok(a.clone()),
            [a, op, b] => {
                let (x, y) = (a.parse::<i64>(), b.parse::<i64>());
                match (op.as_str(), x, y) {
                    ("+", Ok(x), Ok(y)) => Ok(x.saturating_add(y).to_string()),
                    ("-", Ok(x), Ok(y)) => Ok(x.saturating_sub(y).to_string()),
                    ("*", Ok(x), Ok(y)) => Ok(x.saturating_mul(y).to_string()),
                    ("/" | "%", Ok(_), Ok(0)) => Err("expr: division by zero".to_string()),
                    ("/", Ok(x), Ok(y)) => Ok(x.wrapping_div(y).to_string()),
                    ("%", Ok(x), Ok(y)) => Ok(x.wrapping_rem(y).to_string()),
                    ("=", _, _) => Ok(i32::from(a == b).to_string()),
                    ("!=", _, _) => Ok(i32::from(a != b).to_string()),
                    ("<" | ">" | "<=" | ">=", Ok(x), Ok(y)) => Ok(i32::from(match op.as_str() {
                        "<" => x < y,
                        ">" => x > y,
                        "<=" => x <= y,
                        _ => x >= y,
                    })
                    .to_string()),
                    ("+" | "-" | "*" | "/" | "%", _, _) => {
                        Err("expr: non-numeric argument".to_string())
                    }
                    _ => Err("expr: syntax error".to_string()),
                }
            }
            _ => Err("expr: syntax error".to_string()),
        };
        match result {
            Ok(v) => {
                self.write(1, &format!("{v}\n"));
                i32::from(v == "0" || v.is_empty())
            }
            Err(e) => {
                self.write(2, &format!("{e}\n"));
                2
            }
        }
    }

    fn seq(&mut self, args: &[String]) -> i32 {
        let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
        let (first, step, last) = match nums.as_slice() {
            [l] => (1, 1, *l),
            [f, l] => (*f, 1, *l),
            [f, s, l] => (*f, *s, *l),
            _ => {
                self.write(2, "seq: invalid argument\n");
                return 1;
            }
        };
        if step == 0 {
            return 1;
        }
        let mut out = String::new();
        let mut x = first;
        for _ in 0..10_000 {
            if (step > 0 && x > last) || (step < 0 && x < last) {
                break;
            }
            out.push_str(&format!("{x}\n"));
            x = x.saturating_add(step);
        }
        self.write(1, &out);
        0
    }

    /// `sh -c 'script' [name args…]` inside a script: the same shell in a subshell.
    fn nested_shell(&mut self, args: &[String]) -> Result<(), Flow> {
        let Some(i) = args.iter().position(|a| a == "-c") else {
            self.status = 0;
            return Ok(());
        };
        let script = args.get(i + 1).cloned().unwrap_or_default();
        if self.shells_deep >= NESTED_SHELLS_MAX {
            self.write(2, "sh: too many nested shells\n");
            self.status = 2;
            return Ok(());
        }
        match super::parse::parse(&script) {
            Ok(cmd) => {
                let saved_args = std::mem::replace(
                    &mut self.args,
                    args.get(i + 3..)
                        .map(<[String]>::to_vec)
                        .unwrap_or_default(),
                );
                let vars = self.vars.clone();
                let env = self.env.clone();
                self.shells_deep += 1;
                let result = self.exec(&cmd);
                self.shells_deep -= 1;
                self.vars = vars;
                self.env = env;
                self.args = saved_args;
                match result {
                    Err(Flow::Exit(code)) => self.status = code,
                    Err(Flow::Break(_) | Flow::Continue(_)) => {}
                    other => return other,
                }
                Ok(())
            }
            Err(message) => {
                self.write(2, &format!("{message}\n"));
                self.status = 2;
                Ok(())
            }
        }
    }
}

/// Directories every container has, empty or not.
fn is_known_dir(path: &str) -> bool {
    matches!(
        path,
        "/" | "/tmp" | "/etc" | "/root" | "/var" | "/bin" | "/usr" | "/home" | "/proc" | "/dev"
    )
}

/// `echo -e` escapes; the flag says `\c` stopped the output.
fn unescape(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

/// busybox `date`: `Sat Nov 28 10:00:00 UTC 2026`.
fn busybox_date(t_ms: Millis) -> String {
    // From `Sat, 28 Nov 2026 10:00:00 +0000`.
    let r = clock::rfc1123(t_ms);
    let f: Vec<&str> = r.split([',', ' ']).filter(|s| !s.is_empty()).collect();
    match f.as_slice() {
        [wd, d, mo, y, hms, ..] => {
            let day: u32 = d.parse().unwrap_or(1);
            format!("{wd} {mo} {day:>2} {hms} UTC {y}")
        }
        _ => r,
    }
}

/// `test` / `[ ]`: status 0 true, 1 false, 2 error.
fn test(sh: &mut Interp<'_>, args: &[String]) -> i32 {
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match eval_test(sh, &a) {
        Some(true) => 0,
        Some(false) => 1,
        None => {
            sh.write(2, "sh: test: syntax error\n");
            2
        }
    }
}

fn eval_test(sh: &Interp<'_>, a: &[&str]) -> Option<bool> {
    if let Some(i) = a.iter().position(|x| *x == "-o") {
        return Some(eval_test(sh, &a[..i])? || eval_test(sh, &a[i + 1..])?);
    }
    if let Some(i) = a.iter().position(|x| *x == "-a") {
        if i > 0 {
            return Some(eval_test(sh, &a[..i])? && eval_test(sh, &a[i + 1..])?);
        }
    }
    match a {
        [] => Some(false),
        ["!", rest @ ..] => eval_test(sh, rest).map(|b| !b),
        [s] => Some(!s.is_empty()),
        ["-z", s] => Some(s.is_empty()),
        ["-n", s] => Some(!s.is_empty()),
        [op @ ("-e" | "-f" | "-s" | "-r" | "-w" | "-x"), path] => {
            let p = sh.absolute(path);
            Some(match sh.files.get(&p) {
                Some(content) => *op != "-s" || !content.is_empty(),
                None => false,
            })
        }
        ["-d", path] => {
            let p = sh.absolute(path);
            let prefix = format!("{}/", p.trim_end_matches('/'));
            Some(is_known_dir(&p) || sh.files.keys().any(|k| k.starts_with(&prefix)))
        }
        [x, "=" | "==", y] => Some(x == y),
        [x, "!=", y] => Some(x != y),
        [x, op, y] => {
            let (x, y) = (x.trim().parse::<i64>().ok()?, y.trim().parse::<i64>().ok()?);
            Some(match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                "-ge" => x >= y,
                _ => return None,
            })
        }
        _ => None,
    }
}
