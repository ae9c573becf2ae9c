//! An exercise file (YAML) → [`Exercise`], every mistake located. The file's shape is taught in
//! `docs/authoring.md`; the goal language is [`crate::lessons::goals`].

use std::collections::BTreeMap;

use super::model::{
    Action, Exercise, Hint, Start, Step, COMMANDS_MAX, FILES_MAX, HINTS_MAX, STEPS_MAX,
};
use super::read::{
    bilingual, duration, entries, get, items, number, require, strings, text, ExerciseError, Read,
};
use crate::input::definitions::bounds::INPUT_MAX_BYTES;
use crate::input::definitions::shorten;
use crate::input::definitions::yaml::{parse_documents, Node};
use crate::lessons::goals;

/// The panels a step may ask for.
pub const PANELS: &[&str] = &[
    "terminal",
    "cluster",
    "events",
    "editor",
    "workloads",
    "ecs",
    "environments",
    "dockerfile",
    "side-by-side",
    "how-it-works",
    "reconcile",
    "charts",
];

/// Reads one exercise file.
pub fn parse(source: &str) -> Read<Exercise> {
    if source.len() > INPUT_MAX_BYTES {
        return Err(ExerciseError {
            line: 1,
            column: 1,
            message: format!("file too large: at most {INPUT_MAX_BYTES} bytes"),
        });
    }
    let docs = parse_documents(source).map_err(|e| ExerciseError {
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let mut roots = docs.into_iter().filter_map(|d| d.root);
    let Some(root) = roots.next() else {
        return Err(ExerciseError {
            line: 1,
            column: 1,
            message: "empty file: an exercise has id, title, summary, start and steps".into(),
        });
    };
    if let Some(extra) = roots.next() {
        return Err(ExerciseError::at(
            &extra,
            "one exercise per file (a second document here)",
        ));
    }
    exercise(&root)
}

fn exercise(root: &Node) -> Read<Exercise> {
    let e = entries(
        root,
        "exercise",
        &["id", "title", "summary", "start", "panels", "steps"],
    )?;
    let id_node = require(root, &e, "id", "exercise")?;
    let id = text(id_node, "id")?;
    if let Some(problem) = crate::input::definitions::validate::dns1123_label(&id) {
        return Err(ExerciseError::at(
            id_node,
            format!("id \"{}\": {problem}", shorten(&id)),
        ));
    }
    let panels = match get(&e, "panels") {
        Some(p) => {
            let list = strings(p, "panels")?;
            if let Some(bad) = list.iter().find(|x| !PANELS.contains(&x.as_str())) {
                return Err(ExerciseError::at(
                    p,
                    format!(
                        "panels: unknown panel \"{}\" (known: {})",
                        shorten(bad),
                        PANELS.join(", ")
                    ),
                ));
            }
            list
        }
        None => vec!["terminal".into(), "cluster".into(), "events".into()],
    };
    let title = bilingual(require(root, &e, "title", "exercise")?, "title")?;
    let summary = bilingual(require(root, &e, "summary", "exercise")?, "summary")?;
    let start = start(require(root, &e, "start", "exercise")?)?;
    let steps_node = require(root, &e, "steps", "exercise")?;
    let step_nodes = items(steps_node, "steps")?;
    if step_nodes.is_empty() || step_nodes.len() > STEPS_MAX {
        return Err(ExerciseError::at(
            steps_node,
            format!("steps: from 1 to {STEPS_MAX} steps"),
        ));
    }
    Ok(Exercise {
        id,
        title,
        summary,
        start,
        panels,
        steps: step_nodes.iter().map(|s| step(s)).collect::<Read<_>>()?,
    })
}

fn commands(node: &Node, what: &str) -> Read<Vec<String>> {
    let list = strings(node, what)?;
    if list.len() > COMMANDS_MAX {
        return Err(ExerciseError::at(
            node,
            format!("{what}: at most {COMMANDS_MAX} commands"),
        ));
    }
    Ok(list)
}

fn start(node: &Node) -> Read<Start> {
    let e = entries(
        node,
        "start",
        &["seed", "compression", "files", "editor", "setup"],
    )?;
    let seed = get(&e, "seed")
        .map(|s| number(s, "seed"))
        .transpose()?
        .unwrap_or(1);
    let compression = match get(&e, "compression") {
        Some(c) => match number(c, "compression")? {
            n @ (1 | 10 | 60) => n as u32,
            _ => {
                return Err(ExerciseError::at(
                    c,
                    "compression: 1, 10 or 60 (as sim compress)",
                ))
            }
        },
        None => 1,
    };
    let mut files = BTreeMap::new();
    if let Some(f) = get(&e, "files") {
        let list = entries(f, "files", &[])?;
        if list.len() > FILES_MAX {
            return Err(ExerciseError::at(f, format!("files: at most {FILES_MAX}")));
        }
        for (path, body) in list {
            files.insert(
                crate::input::kustomize::normalize(path),
                text(body, "a file's text")?,
            );
        }
    }
    let editor = match get(&e, "editor") {
        Some(ed) => {
            let path = crate::input::kustomize::normalize(&text(ed, "editor")?);
            if !files.contains_key(&path) {
                return Err(ExerciseError::at(
                    ed,
                    format!("editor: \"{}\" is not one of the files", shorten(&path)),
                ));
            }
            Some(path)
        }
        None => None,
    };
    let setup = match get(&e, "setup") {
        Some(s) => commands(s, "setup")?,
        None => Vec::new(),
    };
    Ok(Start {
        seed,
        compression,
        files,
        editor,
        setup,
    })
}

fn step(node: &Node) -> Read<Step> {
    let e = entries(
        node,
        "step",
        &["title", "text", "goal", "hints", "deadline", "solution"],
    )?;
    let hints = match get(&e, "hints") {
        Some(h) => {
            let list = items(h, "hints")?;
            if list.len() > HINTS_MAX {
                return Err(ExerciseError::at(h, format!("hints: at most {HINTS_MAX}")));
            }
            list.iter().map(|x| hint(x)).collect::<Read<_>>()?
        }
        None => Vec::new(),
    };
    let solution_node = require(node, &e, "solution", "step")?;
    let solution = actions(solution_node)?;
    if solution.is_empty() {
        return Err(ExerciseError::at(
            solution_node,
            "solution: the commands that do the step (at least one)",
        ));
    }
    Ok(Step {
        line: node.line,
        title: bilingual(require(node, &e, "title", "step")?, "title")?,
        text: bilingual(require(node, &e, "text", "step")?, "text")?,
        goal: goals::parse::parse(require(node, &e, "goal", "step")?)?,
        hints,
        deadline_ms: get(&e, "deadline")
            .map(|d| duration(d, "deadline"))
            .transpose()?,
        solution,
    })
}

/// A solution: command lines, and `{file: PATH, text: …}` / `{file: PATH, replace: OLD, with:
/// NEW}` for what the learner types in the editor.
fn actions(node: &Node) -> Read<Vec<Action>> {
    let list: Vec<&Node> = match &node.value {
        crate::input::definitions::yaml::Value::Seq(items) => items.iter().map(|i| &**i).collect(),
        _ => vec![node],
    };
    if list.len() > COMMANDS_MAX {
        return Err(ExerciseError::at(
            node,
            format!("solution: at most {COMMANDS_MAX} actions"),
        ));
    }
    list.into_iter()
        .map(|item| {
            if let crate::input::definitions::yaml::Value::Scalar { .. } = &item.value {
                return Ok(Action::Run(text(item, "solution")?));
            }
            let e = entries(item, "a file change", &["file", "text", "replace", "with"])?;
            let path = crate::input::kustomize::normalize(&text(
                require(item, &e, "file", "a file change")?,
                "file",
            )?);
            match (get(&e, "text"), get(&e, "replace"), get(&e, "with")) {
                (Some(t), None, None) => Ok(Action::Write {
                    path,
                    text: text(t, "text")?,
                }),
                (None, Some(old), Some(new)) => Ok(Action::Replace {
                    path,
                    old: text(old, "replace")?,
                    new: text(new, "with")?,
                }),
                _ => Err(ExerciseError::at(
                    item,
                    "a file change is {file, text} or {file, replace, with}",
                )),
            }
        })
        .collect()
}

fn hint(node: &Node) -> Read<Hint> {
    let e = entries(node, "hint", &["en", "ja", "after", "attempts"])?;
    let en = text(require(node, &e, "en", "hint")?, "en")?;
    let ja = text(require(node, &e, "ja", "hint")?, "ja")?;
    Ok(Hint {
        text: crate::lessons::experiments::Text { en, ja },
        after_ms: get(&e, "after").map(|a| duration(a, "after")).transpose()?,
        after_attempts: get(&e, "attempts")
            .map(|a| number(a, "attempts").map(|n| n as u32))
            .transpose()?,
    })
}
