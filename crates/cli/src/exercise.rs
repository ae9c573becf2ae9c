//! `sunaba exercise check FILE|DIR...` and `sunaba exercise grade FILE --script LEARNER.sunaba
//! [--json]`: the workshop author's CI and the teacher's grader, over the core's
//! `lessons::exercise`. Reading files is done here; parsing, playing and judging are the core's.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sunaba_core::lessons::exercise::{self, check::check, run::Attempt};

use crate::{read_or_report, report, ReadError};

pub const USAGE: &str = "\
       sunaba exercise check FILE|DIR...
       sunaba exercise grade FILE --script LEARNER.sunaba [--json]";

pub const HELP: &str = "\
  exercise check FILE|DIR...
                  prove exercises sound: the start alone must fail every step's goal and
                  the reference solution must pass it (directories: every .yaml below)
  exercise grade FILE --script SCRIPT
                  play a learner's commands on the exercise and say which steps they did;
                  --json prints the steps and every clause as JSON
";

#[derive(Debug, PartialEq, Eq)]
pub enum Exercise {
    Check(Vec<String>),
    Grade {
        file: String,
        script: String,
        json: bool,
    },
}

pub fn parse_args(rest: &[String]) -> Result<Exercise, String> {
    match rest.split_first() {
        Some((verb, args)) if verb == "check" => {
            if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
                return Err(format!("exercise check: unknown flag {flag}"));
            }
            if args.is_empty() {
                return Err("exercise check: no files given".into());
            }
            Ok(Exercise::Check(args.to_vec()))
        }
        Some((verb, args)) if verb == "grade" => {
            let mut file = None;
            let mut script = None;
            let mut json = false;
            let mut i = 0;
            while i < args.len() {
                match args[i].as_str() {
                    "--json" => json = true,
                    "--script" => {
                        i += 1;
                        script = Some(
                            args.get(i)
                                .cloned()
                                .ok_or("exercise grade: --script needs a file")?,
                        );
                    }
                    a if a.starts_with("--script=") => {
                        script = Some(a["--script=".len()..].to_string());
                    }
                    a if a.starts_with('-') => {
                        return Err(format!("exercise grade: unknown flag {a}"))
                    }
                    a if file.is_none() => file = Some(a.to_string()),
                    a => return Err(format!("exercise grade: unexpected argument {a:?}")),
                }
                i += 1;
            }
            Ok(Exercise::Grade {
                file: file.ok_or("exercise grade: no exercise file given")?,
                script: script.ok_or("exercise grade: --script LEARNER.sunaba is required")?,
                json,
            })
        }
        Some((other, _)) => Err(format!("exercise: unknown verb {other:?} (check or grade)")),
        None => Err("exercise: check or grade".into()),
    }
}

pub fn main(command: &Exercise) -> ExitCode {
    match command {
        Exercise::Check(paths) => check_all(paths),
        Exercise::Grade { file, script, json } => grade(file, script, *json),
    }
}

/// Every `.yaml`/`.yml` file below `dir`, sorted.
fn below(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            below(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e == "yaml" || e == "yml")
        {
            out.push(p);
        }
    }
    Ok(())
}

/// Reads and parses one exercise file, reporting a located error.
fn load(file: &str) -> Result<exercise::Exercise, ExitCode> {
    let text = read_or_report(file)?;
    exercise::parse(&text).map_err(|e| {
        report(
            file,
            &ReadError::Located {
                line: e.line,
                column: e.column,
                message: e.message,
            },
        );
        ExitCode::from(1)
    })
}

fn check_all(paths: &[String]) -> ExitCode {
    let mut files = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            if let Err(e) = below(path, &mut files) {
                eprintln!("{p}: error: {e}");
                return ExitCode::from(1);
            }
        } else {
            files.push(path.to_path_buf());
        }
    }
    let (courses, files): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|f| {
        f.file_name()
            .is_some_and(|n| n == exercise::course::COURSE_FILE)
    });
    let mut failed = 0;
    let mut ids: Vec<(String, String)> = Vec::new();
    for f in &files {
        let name = f.to_string_lossy().to_string();
        let ex = match load(&name) {
            Ok(ex) => ex,
            Err(_) => {
                failed += 1;
                continue;
            }
        };
        if let Some((_, other)) = ids.iter().find(|(id, _)| *id == ex.id) {
            eprintln!("{name}:1:1: error: id \"{}\" is also {other}'s", ex.id);
            failed += 1;
            continue;
        }
        ids.push((ex.id.clone(), name.clone()));
        let expected = exercise::course::exercise_file(&ex.id);
        if f.file_name()
            .is_some_and(|n| n.to_string_lossy() != expected)
        {
            eprintln!(
                "{name}:1:1: error: an exercise with the id \"{}\" is named {expected} (the page loads it by that name)",
                ex.id
            );
            failed += 1;
            continue;
        }
        match check(&ex) {
            Ok(steps) => println!("ok    {name}: {} ({steps} steps)", ex.id),
            Err(u) => {
                eprintln!("{name}:{}:1: error: {}", u.line, u.message.trim_end());
                failed += 1;
            }
        }
    }
    let all_ids: Vec<String> = ids.iter().map(|(id, _)| id.clone()).collect();
    let mut course_errors = 0;
    for c in &courses {
        course_errors += check_course(&c.to_string_lossy(), &all_ids);
    }
    println!(
        "{} exercise(s) checked, {} sound, {failed} failed",
        files.len(),
        files.len() - failed
    );
    if failed == 0 && course_errors == 0 && !files.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A course must list exactly the exercises beside it. Returns the number of errors.
fn check_course(file: &str, ids: &[String]) -> usize {
    let Ok(text) = read_or_report(file) else {
        return 1;
    };
    let course = match exercise::course::parse_course(&text) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{file}:{}:{}: error: {}", e.line, e.column, e.message);
            return 1;
        }
    };
    let (unknown, missing) = exercise::course::mismatches(&course, ids);
    for (id, line) in &unknown {
        eprintln!("{file}:{line}:1: error: no exercise has the id \"{id}\"");
    }
    for id in &missing {
        eprintln!("{file}:1:1: error: exercise \"{id}\" is not in the course");
    }
    if unknown.is_empty() && missing.is_empty() {
        println!(
            "ok    {file}: {} exercises in order",
            course.exercises.len()
        );
    }
    unknown.len() + missing.len()
}

fn grade(file: &str, script: &str, json: bool) -> ExitCode {
    let ex = match load(file) {
        Ok(ex) => ex,
        Err(code) => return code,
    };
    let text = match read_or_report(script) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let mut attempt = match Attempt::start(&ex) {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "{file}: error: setup command \"{}\" failed: {}",
                e.command, e.message
            );
            return ExitCode::from(1);
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || attempt.finished() {
            continue;
        }
        if let Err(e) = attempt.run(line) {
            if !json {
                println!("$ {line}\n{}", e.message.trim_end());
            }
        }
    }
    let done = attempt.progress.step;
    if json {
        let steps: Vec<serde_json::Value> = ex
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let clauses = (i == done)
                    .then_some(attempt.progress.verdict.as_ref())
                    .flatten()
                    .map(|v| {
                        v.clauses
                            .iter()
                            .map(|c| {
                                serde_json::json!({
                                    "depth": c.depth,
                                    "passed": c.passed,
                                    "reason": c.reason.en,
                                    "reason_ja": c.reason.ja,
                                })
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                serde_json::json!({
                    "title": s.title.en,
                    "done": i < done,
                    "clauses": clauses,
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"exercise": ex.id, "done": done, "steps": steps})
        );
    } else {
        for (i, s) in ex.steps.iter().enumerate() {
            let mark = if i < done { "✓" } else { "✗" };
            println!("{mark} step {}: {}", i + 1, s.title.en);
            if i == done {
                if let Some(v) = &attempt.progress.verdict {
                    print!("{}", exercise::check::failed_clauses(v));
                }
            }
        }
        println!("{done}/{} steps done", ex.steps.len());
    }
    if attempt.finished() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
