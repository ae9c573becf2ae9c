//! `sunaba`: the command-line shell of the simulator.
//!
//! - `sunaba check FILE...` validates definition files like `kubectl apply --dry-run` would,
//!   printing `FILE:LINE:COL: error: …` diagnostics (stderr) and a summary per file (stdout).
//! - `sunaba run SCRIPT [--seed N] [--json] [--keep-going]` runs a script of the command
//!   language (with `--keep-going`, past failing lines: a lesson often shows an error on purpose).
//! - `sunaba lint FILE|DIR...` reports operability findings (`FILE:LINE:COL: warning[rule]: …`).
//! - `sunaba exercise check|grade …` proves workshop exercises sound and grades a learner's
//!   script against one (`exercise.rs`).
//! - `sunaba lint --show-me RULE FILE` runs the experiment of that finding (the core's
//!   `lessons::experiments`) and prints its commands, their output and what it measured.
//!
//! Exit codes are part of the interface: 0 success, 1 invalid input or failed command,
//! 2 usage error. Arguments are parsed by hand: the surface is tiny and the codes must be exact.
//! This shell does the I/O (reading files, bounded); the core does everything else.

mod exercise;

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sunaba_core::input::definitions::{self, bounds::INPUT_MAX_BYTES, Severity};
use sunaba_core::{FileSource, World};

const USAGE: &str = "\
usage: sunaba check FILE...
       sunaba lint FILE|DIR...
       sunaba lint --show-me RULE FILE [--lang en|ja]
       sunaba run SCRIPT [--seed N] [--json] [--keep-going]
{EXERCISE_USAGE}

commands:
  check FILE...   validate Kubernetes definition files (YAML or JSON); a directory is a
                  kustomization: what `kubectl kustomize DIR` builds is checked
  lint FILE|DIR   what will hurt in production: no requests/limits/probes, :latest,
                  1 replica in prod, SIGTERM and grace period, root, ECS health checks
                  and secrets; Dockerfiles (Dockerfile, *.Dockerfile): secrets and
                  environment config baked with ENV, no USER, FROM without a tag
                  (directories: every .yaml/.yml/.json and Dockerfile below, sorted)
  lint --show-me RULE FILE
                  play the failure RULE predicts for FILE's first such finding on a fresh
                  simulated cluster, as written and fixed: commands, output, numbers
  run SCRIPT      run a script of kubectl/sim commands, one per line
                  ('#' comments and blank lines are ignored; -f paths are
                  relative to the script's folder)

{EXERCISE_HELP}
options for run:
  --seed N        seed of the simulation (default 1); the same seed gives the same run
  --json          print the event trace as NDJSON instead of echoing commands
  --keep-going    run every line even after one fails: each error is printed right
                  after its command, and the exit status is 1 if any line failed

exit status: 0 ok, 1 invalid file, failed command or lint findings, 2 usage error
";

/// The usage text with the exercise commands filled in.
fn usage() -> String {
    USAGE
        .replace("{EXERCISE_USAGE}\n", &format!("{}\n", exercise::USAGE))
        .replace("{EXERCISE_HELP}\n", exercise::HELP)
}

const DEFAULT_SEED: u64 = 1;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse_args(&args) {
        Ok(Command::Help) => {
            print!("{}", usage());
            ExitCode::SUCCESS
        }
        Ok(Command::Check(files)) => check(&files),
        Ok(Command::Lint(paths)) => lint(&paths),
        Ok(Command::ShowMe { rule, file, ja }) => show_me(&rule, &file, ja),
        Ok(Command::Run {
            script,
            seed,
            json,
            keep_going,
        }) => run(&script, seed, json, keep_going),
        Ok(Command::Exercise(e)) => exercise::main(&e),
        Err(message) => {
            eprintln!("sunaba: {message}");
            eprint!("{}", usage());
            ExitCode::from(2)
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Command {
    Help,
    Exercise(exercise::Exercise),
    Check(Vec<String>),
    Lint(Vec<String>),
    ShowMe {
        rule: String,
        file: String,
        ja: bool,
    },
    Run {
        script: String,
        seed: u64,
        json: bool,
        /// Run every line even after one fails (a lesson often shows an error on purpose);
        /// the exit status still says that something failed.
        keep_going: bool,
    },
}

fn parse_args(args: &[String]) -> Result<Command, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    let Some((command, rest)) = args.split_first() else {
        return Err("missing command".to_string());
    };
    match command.as_str() {
        "help" => Ok(Command::Help),
        "exercise" => exercise::parse_args(rest).map(Command::Exercise),
        "check" => {
            let mut files = Vec::new();
            let mut only_files = false;
            for a in rest {
                if !only_files && a == "--" {
                    only_files = true;
                } else if !only_files && a.starts_with('-') && a != "-" {
                    return Err(format!("check: unknown flag {a}"));
                } else {
                    files.push(a.clone());
                }
            }
            if files.is_empty() {
                return Err("check: no files given".to_string());
            }
            Ok(Command::Check(files))
        }
        "lint"
            if rest
                .iter()
                .any(|a| a == "--show-me" || a.starts_with("--show-me=")) =>
        {
            let mut rule = None;
            let mut file = None;
            let mut ja = false;
            let mut i = 0;
            while i < rest.len() {
                let a = rest[i].as_str();
                let mut value = |flag: &str| -> Result<String, String> {
                    match a.strip_prefix(&format!("{flag}=")) {
                        Some(v) => Ok(v.to_string()),
                        None => {
                            i += 1;
                            rest.get(i)
                                .cloned()
                                .ok_or_else(|| format!("lint: {flag} needs a value"))
                        }
                    }
                };
                if a == "--show-me" || a.starts_with("--show-me=") {
                    rule = Some(value("--show-me")?);
                } else if a == "--lang" || a.starts_with("--lang=") {
                    ja = match value("--lang")?.as_str() {
                        "en" => false,
                        "ja" => true,
                        other => {
                            return Err(format!("lint: --lang must be en or ja, got {other:?}"))
                        }
                    };
                } else if a.starts_with('-') {
                    return Err(format!("lint: unknown flag {a}"));
                } else if file.is_none() {
                    file = Some(a.to_string());
                } else {
                    return Err("lint: --show-me takes one file".to_string());
                }
                i += 1;
            }
            let rule = rule.unwrap_or_default();
            if !definitions::lint::RULES.iter().any(|(r, _)| *r == rule) {
                return Err(format!("lint: unknown rule {rule:?}"));
            }
            let file = file.ok_or_else(|| "lint: --show-me needs a file".to_string())?;
            Ok(Command::ShowMe { rule, file, ja })
        }
        "lint" => {
            if let Some(flag) = rest.iter().find(|a| a.starts_with('-')) {
                return Err(format!("lint: unknown flag {flag}"));
            }
            if rest.is_empty() {
                return Err("lint: no files or directories given".to_string());
            }
            Ok(Command::Lint(rest.to_vec()))
        }
        "run" => {
            let mut script = None;
            let mut seed = DEFAULT_SEED;
            let mut json = false;
            let mut keep_going = false;
            let mut i = 0;
            while i < rest.len() {
                let a = &rest[i];
                if a == "--json" {
                    json = true;
                } else if a == "--keep-going" {
                    keep_going = true;
                } else if a == "--seed" || a.starts_with("--seed=") {
                    let value = match a.strip_prefix("--seed=") {
                        Some(v) => v.to_string(),
                        None => {
                            i += 1;
                            rest.get(i)
                                .cloned()
                                .ok_or_else(|| "run: --seed needs a value".to_string())?
                        }
                    };
                    seed = value.parse().map_err(|_| {
                        format!(
                            "run: --seed must be a whole number from 0 to {}, got {value:?}",
                            u64::MAX
                        )
                    })?;
                } else if a.starts_with('-') {
                    return Err(format!("run: unknown flag {a}"));
                } else if script.is_none() {
                    script = Some(a.clone());
                } else {
                    return Err(format!(
                        "run: unexpected argument {a:?} (one script at a time)"
                    ));
                }
                i += 1;
            }
            let script = script.ok_or_else(|| "run: no script given".to_string())?;
            Ok(Command::Run {
                script,
                seed,
                json,
                keep_going,
            })
        }
        other => Err(format!("unknown command {other:?}")),
    }
}

/// Reads a whole file as UTF-8 text, refusing more than [`INPUT_MAX_BYTES`] without reading
/// it all. Errors are located (`LINE:COL: message`) when they point into the text.
fn read_text(path: &Path) -> Result<String, ReadError> {
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(io_message(&e)))?;
    let mut bytes = Vec::new();
    file.take(INPUT_MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(io_message(&e)))?;
    if bytes.len() > INPUT_MAX_BYTES {
        return Err(ReadError::Located {
            line: 1,
            column: 1,
            message: format!(
                "the file is larger than the limit of {INPUT_MAX_BYTES} bytes (1 MiB); split it \
                 into several files"
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The valid prefix is UTF-8 by definition.
        let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or("");
        let line = prefix.matches('\n').count() + 1;
        let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ReadError::Located {
            line,
            column,
            message: format!(
                "the file is not UTF-8 text (byte 0x{:02x} at offset {valid_up_to}); \
                 save it as UTF-8",
                bytes[valid_up_to]
            ),
        }
    })
}

pub(crate) enum ReadError {
    Io(String),
    Located {
        line: usize,
        column: usize,
        message: String,
    },
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(21) => "is a directory".to_string(),
        _ => e.to_string(),
    }
}

/// Files a lint path stands for: the file itself, or every .yaml/.yml/.json below a directory
/// (sorted, at most `LINT_FILES_MAX`, `LINT_DEPTH_MAX` levels deep).
fn lint_files(path: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), String> {
    const LINT_FILES_MAX: usize = 1_000;
    const LINT_DEPTH_MAX: usize = 16;
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if depth > LINT_DEPTH_MAX {
        return Err(format!(
            "{}: deeper than {LINT_DEPTH_MAX} levels",
            path.display()
        ));
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            lint_files(&p, depth + 1, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
            || sunaba_core::input::dockerfile_lint::is_dockerfile_name(&p.to_string_lossy())
        {
            if out.len() >= LINT_FILES_MAX {
                return Err(format!("more than {LINT_FILES_MAX} files to lint"));
            }
            out.push(p);
        }
    }
    Ok(())
}

fn lint(paths: &[String]) -> ExitCode {
    let mut files = Vec::new();
    for p in paths {
        if let Err(e) = lint_files(Path::new(p), 0, &mut files) {
            eprintln!("sunaba lint: {e}");
            return ExitCode::from(1);
        }
    }
    let mut findings = 0usize;
    let mut unreadable = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // What needs several files (a service and its task definition) is linted after them all.
    let mut texts: Vec<(String, String)> = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let text = match read_text(file) {
            Ok(t) => t,
            Err(e) => {
                report(&name, &e);
                unreadable = true;
                continue;
            }
        };
        let found = if sunaba_core::input::dockerfile_lint::is_dockerfile_name(&name) {
            sunaba_core::input::dockerfile_lint::lint(&name, &text)
        } else {
            let found = definitions::lint::lint(&name, &text);
            texts.push((name.clone(), text));
            found
        };
        for f in found {
            findings += 1;
            let _ = writeln!(
                out,
                "{}:{}:{}: warning[{}]: {}",
                f.file, f.line, f.column, f.rule, f.message
            );
        }
    }
    let pairs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    for f in definitions::lint_services::lint_services(&pairs) {
        findings += 1;
        let _ = writeln!(
            out,
            "{}:{}:{}: warning[{}]: {}",
            f.file, f.line, f.column, f.rule, f.message
        );
    }
    let _ = writeln!(out, "{} finding(s) in {} file(s)", findings, files.len());
    if findings > 0 || unreadable {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `sunaba lint --show-me RULE FILE`: the first finding of RULE in FILE, played as written and
/// fixed. Exit 0 when the predicted failure was observed, 1 when it was not or there is no
/// such finding or experiment.
fn show_me(rule: &str, file: &str, ja: bool) -> ExitCode {
    use sunaba_core::lessons::experiments;
    let text = match read_or_report(file) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let findings = definitions::lint::lint(file, &text);
    let Some(finding) = findings.iter().find(|f| f.rule == rule) else {
        eprintln!("{file}: no {rule} finding");
        return ExitCode::from(1);
    };
    let message = if ja {
        &finding.message_ja
    } else {
        &finding.message
    };
    println!(
        "{}:{}:{}: warning[{}]: {message}",
        finding.file, finding.line, finding.column, finding.rule
    );
    let show = match experiments::show_me(finding, &text) {
        Ok(s) => s,
        Err(why) => {
            eprintln!("{file}: no experiment for {rule}: {}", why.pick(ja));
            return ExitCode::from(1);
        }
    };
    let (as_written, fixed) = if ja {
        ("書いたとおり", "修正後")
    } else {
        ("as written", "fixed")
    };
    println!();
    println!("==== {as_written} ====");
    print!("{}", experiments::transcript(&show.as_written, ja));
    println!("{}", show.as_written.experiment.look_at.pick(ja));
    if let Some(f) = &show.fixed {
        println!();
        println!("==== {fixed}: {} ====", f.experiment.change.pick(ja));
        print!("{}", experiments::transcript(f, ja));
    }
    println!();
    println!("{as_written}: {}", show.as_written.outcome.pick(ja));
    if let Some(f) = &show.fixed {
        println!("{fixed}: {}", f.outcome.pick(ja));
    }
    if show.as_written.failure_observed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn check(files: &[String]) -> ExitCode {
    let mut all_ok = true;
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    for file in files {
        // A directory is a kustomization: check what `kubectl kustomize DIR` builds.
        let (file, text) = if Path::new(file).is_dir() {
            // From the filesystem's root, so its bases (`../../base`) resolve wherever they
            // are, as `kubectl kustomize` allows.
            let abs = std::fs::canonicalize(file).unwrap_or_else(|_| PathBuf::from(file));
            let disk = DiskFiles {
                base: PathBuf::from("/"),
            };
            let dir = abs.to_string_lossy().trim_start_matches('/').to_owned();
            match sunaba_core::input::kustomize::render(&disk, &dir) {
                Ok(text) => (format!("{file} (kustomize build)"), Ok(text)),
                Err(e) => {
                    let _ = writeln!(stderr.lock(), "{file}: error: {e}");
                    all_ok = false;
                    continue;
                }
            }
        } else {
            (file.clone(), read_text(Path::new(file)))
        };
        let file = &file;
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                report(file, &e);
                all_ok = false;
                continue;
            }
        };
        let loaded = definitions::load(file, &text);
        {
            let mut err = stderr.lock();
            for d in &loaded.diagnostics {
                let _ = writeln!(err, "{d}");
            }
        }
        if loaded.has_errors() {
            all_ok = false;
            let errors = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            let plural = if errors == 1 { "" } else { "s" };
            let _ = writeln!(stderr.lock(), "{file}: invalid ({errors} error{plural})");
        } else {
            let _ = writeln!(stdout.lock(), "{file}: ok ({})", summary(&loaded));
        }
    }
    if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `1 Deployment, 1 Service` in order of first appearance, plus warnings if any.
fn summary(loaded: &definitions::Loaded) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let kinds = loaded
        .objects
        .iter()
        .map(|o| o.manifest.kind())
        .chain(loaded.ecs.iter().map(|e| e.definition.kind()));
    for kind in kinds {
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind, 1)),
        }
    }
    let mut s = if counts.is_empty() {
        "no simulated objects".to_string()
    } else {
        counts
            .iter()
            .map(|(k, n)| format!("{n} {k}{}", if *n == 1 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let warnings = loaded.diagnostics.len();
    if warnings > 0 {
        let _ = write!(
            s,
            "; {warnings} warning{}",
            if warnings == 1 { "" } else { "s" }
        );
    }
    s
}

/// `kubectl apply -f PATH` inside a script reads from disk, relative to the script's folder.
struct DiskFiles {
    base: PathBuf,
}

impl FileSource for DiskFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        let full = self.base.join(path);
        match read_text(&full) {
            Ok(t) => Ok(t),
            Err(ReadError::Io(m)) if m == "no such file" => {
                Err(format!("the path \"{path}\" does not exist"))
            }
            Err(ReadError::Io(m)) => Err(format!("error reading {path}: {m}")),
            Err(ReadError::Located {
                line,
                column,
                message,
            }) => Err(format!("error reading {path}:{line}:{column}: {message}")),
        }
    }

    /// A build context: every file below `dir`, relative to it (sorted, bounded like
    /// `sunaba lint`'s walk; symbolic links are not followed).
    fn list(&self, dir: &str) -> Result<Vec<String>, String> {
        const FILES_MAX: usize = 1_000;
        const DEPTH_MAX: usize = 16;
        fn walk(root: &Path, rel: &str, depth: usize, out: &mut Vec<String>) -> Result<(), String> {
            if depth > DEPTH_MAX {
                return Err(format!("{rel}: deeper than {DEPTH_MAX} levels"));
            }
            let here = if rel.is_empty() {
                root.to_path_buf()
            } else {
                root.join(rel)
            };
            let mut entries: Vec<(String, bool)> = std::fs::read_dir(&here)
                .map_err(|e| {
                    format!(
                        "the path \"{}\" does not exist ({})",
                        here.display(),
                        io_message(&e)
                    )
                })?
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let kind = e.file_type().ok()?;
                    let name = e.file_name().to_str()?.to_string();
                    (!kind.is_symlink()).then_some((name, kind.is_dir()))
                })
                .collect();
            entries.sort();
            for (name, is_dir) in entries {
                let path = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}/{name}")
                };
                if is_dir {
                    walk(root, &path, depth + 1, out)?;
                } else {
                    if out.len() >= FILES_MAX {
                        return Err(format!("more than {FILES_MAX} files in the build context"));
                    }
                    out.push(path);
                }
            }
            Ok(())
        }
        let mut out = Vec::new();
        walk(&self.base.join(dir), "", 0, &mut out)?;
        Ok(out)
    }
}

/// Prints why a file could not be read: `FILE: error: …` or `FILE:LINE:COL: error: …`.
pub(crate) fn report(file: &str, e: &ReadError) {
    match e {
        ReadError::Io(message) => eprintln!("{file}: error: {message}"),
        ReadError::Located {
            line,
            column,
            message,
        } => eprintln!("{file}:{line}:{column}: error: {message}"),
    }
}

/// A file's text, or its error reported and exit code 1.
pub(crate) fn read_or_report(file: &str) -> Result<String, ExitCode> {
    read_text(Path::new(file)).map_err(|e| {
        report(file, &e);
        ExitCode::from(1)
    })
}

fn run(script: &str, seed: u64, json: bool, keep_going: bool) -> ExitCode {
    let text = match read_or_report(script) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let base = Path::new(script)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let files = DiskFiles { base };
    let mut world = World::new(seed);
    let stdout = std::io::stdout();
    let mut failed_lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let result = sunaba_core::run(&mut world, line, &files);
        let mut out = stdout.lock();
        if json {
            for event in world.drain_trace() {
                match serde_json::to_string(&event) {
                    Ok(s) => {
                        let _ = writeln!(out, "{s}");
                    }
                    Err(e) => {
                        drop(out);
                        eprintln!("{script}:{}: cannot encode an event: {e}", index + 1);
                        return ExitCode::from(1);
                    }
                }
            }
        } else {
            let _ = writeln!(out, "$ {line}");
            if let Ok(output) = &result {
                let _ = write!(out, "{output}");
                if !output.is_empty() && !output.ends_with('\n') {
                    let _ = writeln!(out);
                }
            }
        }
        let _ = out.flush();
        drop(out);
        if let Err(e) = result {
            if !keep_going {
                eprintln!("{script}:{}: {e}", index + 1);
                return ExitCode::from(1);
            }
            // As a terminal shows it: the tool's error alone, on the lines after the command.
            let e = e.to_string();
            eprint!("{e}");
            if !e.ends_with('\n') {
                eprintln!();
            }
            failed_lines.push((index + 1).to_string());
        }
    }
    if failed_lines.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "{script}: {} failed (line {})",
        if failed_lines.len() == 1 {
            "1 command".to_string()
        } else {
            format!("{} commands", failed_lines.len())
        },
        failed_lines.join(", ")
    );
    ExitCode::from(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &[&str]) -> Vec<String> {
        s.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn run_arguments_parse_with_defaults() {
        assert_eq!(
            parse_args(&args(&["run", "s.txt"])),
            Ok(Command::Run {
                script: "s.txt".into(),
                seed: 1,
                json: false,
                keep_going: false
            })
        );
        assert_eq!(
            parse_args(&args(&["run", "--seed", "42", "s.txt", "--json"])),
            Ok(Command::Run {
                script: "s.txt".into(),
                seed: 42,
                json: true,
                keep_going: false
            })
        );
        assert_eq!(
            parse_args(&args(&["run", "--seed=7", "s.txt"])),
            Ok(Command::Run {
                script: "s.txt".into(),
                seed: 7,
                json: false,
                keep_going: false
            })
        );
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        assert!(parse_args(&args(&[])).is_err());
        assert!(parse_args(&args(&["run"])).is_err());
        assert!(parse_args(&args(&["run", "--seed", "x", "s"])).is_err());
        assert!(parse_args(&args(&["run", "a", "b"])).is_err());
        assert!(parse_args(&args(&["check"])).is_err());
        assert!(parse_args(&args(&["check", "--strict", "f"])).is_err());
        assert!(parse_args(&args(&["frobnicate"])).is_err());
        assert!(parse_args(&args(&["lint", "--show-me", "nope", "f"])).is_err());
        assert!(parse_args(&args(&["lint", "--show-me", "latest-tag"])).is_err());
        assert!(parse_args(&args(&["lint", "--show-me"])).is_err());
        assert!(parse_args(&args(&[
            "lint",
            "--show-me=latest-tag",
            "--lang",
            "fr",
            "f"
        ]))
        .is_err());
        assert_eq!(
            parse_args(&args(&[
                "lint",
                "f.yaml",
                "--show-me=latest-tag",
                "--lang=ja"
            ])),
            Ok(Command::ShowMe {
                rule: "latest-tag".into(),
                file: "f.yaml".into(),
                ja: true
            })
        );
        assert_eq!(
            parse_args(&args(&["check", "--", "-odd.yaml"])),
            Ok(Command::Check(vec!["-odd.yaml".into()]))
        );
    }
}
