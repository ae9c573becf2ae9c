//! Recipes: the command lines some panels' buttons run, kept as data in `www/recipes/` so the
//! commands a learner sees in the terminal are read and changed in one plain file, not in a
//! component. A component keeps only what depends on live state (which steps are done, the
//! next free number) as small pure functions over the views.
//!
//! The format, one item a line (blank lines and lines starting with `#` are ignored):
//! - `[name]` starts a recipe;
//! - any other line is one command of the core's language; a recipe's commands run in order;
//! - `{placeholder}` is filled from live state by the component; each recipe's placeholders
//!   are declared in Rust ([`Spec`]) and checked at load;
//! - `unless KIND NAME: command` runs the command only while the views have no such thing
//!   ([`Kind`]: `account`, `context` or `environment`), so a setup can be pressed again.
//!
//! The files are compiled in (`include_str!`). A unit test loads every one, so bad data fails
//! a test with its file and line; in the page a bad recipe is reported on the console and its
//! buttons run nothing. This module never panics on its input.

use std::collections::BTreeMap;
use std::fmt;

/// A recipe the code uses: its name and the placeholders it may fill.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub name: &'static str,
    pub placeholders: &'static [&'static str],
}

/// What an `unless` line checks the views for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Account,
    Context,
    Environment,
}

impl Kind {
    fn parse(word: &str) -> Option<Kind> {
        match word {
            "account" => Some(Kind::Account),
            "context" => Some(Kind::Context),
            "environment" => Some(Kind::Environment),
            _ => None,
        }
    }
}

/// `unless KIND NAME:`: the step is done once the views have this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unless {
    pub kind: Kind,
    pub name: String,
}

/// One command of a recipe, with its placeholders still in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub unless: Option<Unless>,
    pub template: String,
}

/// Bad recipe data: where, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecipeError {
    pub file: &'static str,
    /// 1-based; 0 when the problem is the file as a whole (a recipe missing).
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RecipeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

impl std::error::Error for RecipeError {}

/// Bounds on a recipe file: it is ours, but a limit costs nothing.
const LINES_MAX: usize = 1_000;
const LINE_LEN_MAX: usize = 1_000;

/// The recipes of one file, each one the code asked for ([`Spec`]) and no other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Book {
    recipes: BTreeMap<&'static str, Vec<Step>>,
}

impl Book {
    /// Parses `text` (named `file` in errors), checking it against `specs`.
    pub fn parse(file: &'static str, text: &str, specs: &[Spec]) -> Result<Book, RecipeError> {
        let error = |line: usize, message: String| RecipeError {
            file,
            line,
            message,
        };
        let mut recipes: BTreeMap<&'static str, Vec<Step>> = BTreeMap::new();
        let mut current: Option<&Spec> = None;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            if line_no > LINES_MAX {
                return Err(error(line_no, format!("more than {LINES_MAX} lines")));
            }
            if raw.len() > LINE_LEN_MAX {
                return Err(error(line_no, format!("longer than {LINE_LEN_MAX} bytes")));
            }
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(header) = line.strip_prefix('[') {
                let name = header
                    .strip_suffix(']')
                    .ok_or_else(|| error(line_no, format!("`{line}` has no closing `]`")))?;
                let spec = specs.iter().find(|s| s.name == name).ok_or_else(|| {
                    error(
                        line_no,
                        format!(
                            "unknown recipe [{name}]; the code uses {}",
                            list(specs.iter().map(|s| format!("[{}]", s.name)))
                        ),
                    )
                })?;
                if recipes.contains_key(spec.name) {
                    return Err(error(line_no, format!("recipe [{name}] appears twice")));
                }
                recipes.insert(spec.name, Vec::new());
                current = Some(spec);
                continue;
            }
            let spec = current.ok_or_else(|| {
                error(
                    line_no,
                    "a command before the first `[recipe]` header".to_owned(),
                )
            })?;
            let step = parse_step(line).map_err(|m| error(line_no, m))?;
            for name in placeholders(&step.template).map_err(|m| error(line_no, m))? {
                if !spec.placeholders.contains(&name) {
                    return Err(error(
                        line_no,
                        format!(
                            "unknown placeholder {{{name}}} in [{}]; it may use {}",
                            spec.name,
                            if spec.placeholders.is_empty() {
                                "none".to_owned()
                            } else {
                                list(spec.placeholders.iter().map(|p| format!("{{{p}}}")))
                            }
                        ),
                    ));
                }
            }
            if let Some(steps) = recipes.get_mut(spec.name) {
                steps.push(step);
            }
        }
        for spec in specs {
            match recipes.get(spec.name) {
                None => return Err(error(0, format!("recipe [{}] is missing", spec.name))),
                Some(steps) if steps.is_empty() => {
                    return Err(error(0, format!("recipe [{}] has no commands", spec.name)))
                }
                Some(_) => {}
            }
        }
        Ok(Book { recipes })
    }

    /// The steps of recipe `name` (none for a name no [`Spec`] declared).
    pub fn steps(&self, name: &str) -> &[Step] {
        self.recipes.get(name).map_or(&[], Vec::as_slice)
    }

    /// The commands of recipe `name`, filled with `values`, leaving out every `unless` step
    /// that `has` says is done.
    pub fn commands(
        &self,
        name: &str,
        values: &[(&str, &str)],
        has: impl Fn(&Unless) -> bool,
    ) -> Vec<String> {
        self.steps(name)
            .iter()
            .filter(|step| step.unless.as_ref().is_none_or(|u| !has(u)))
            .map(|step| fill(&step.template, values))
            .collect()
    }

    /// The commands of a recipe without `unless` steps.
    pub fn plain(&self, name: &str, values: &[(&str, &str)]) -> Vec<String> {
        self.commands(name, values, |_| false)
    }

    /// The first command of a one-line recipe (empty if the recipe could not be loaded).
    pub fn line(&self, name: &str, values: &[(&str, &str)]) -> String {
        self.plain(name, values)
            .into_iter()
            .next()
            .unwrap_or_default()
    }
}

/// Loads a compiled-in recipe file. A bad one is reported on the console and gives an empty
/// book: its buttons run nothing, the page goes on.
pub fn load(file: &'static str, text: &str, specs: &[Spec]) -> Book {
    Book::parse(file, text, specs).unwrap_or_else(|err| {
        report(&err);
        Book::default()
    })
}

#[cfg(target_arch = "wasm32")]
fn report(err: &RecipeError) {
    crate::mount::console_error(&format!("sunaba: bad recipe data: {err}"));
}

#[cfg(not(target_arch = "wasm32"))]
fn report(_: &RecipeError) {}

fn parse_step(line: &str) -> Result<Step, String> {
    let Some(rest) = line.strip_prefix("unless ") else {
        return Ok(Step {
            unless: None,
            template: line.to_owned(),
        });
    };
    let (guard, command) = rest
        .split_once(':')
        .ok_or("`unless` needs `KIND NAME: command`")?;
    let mut words = guard.split_whitespace();
    let (kind, name) = match (words.next(), words.next(), words.next()) {
        (Some(kind), Some(name), None) => (kind, name),
        _ => return Err(format!("`unless {guard}:` needs exactly KIND NAME")),
    };
    let kind = Kind::parse(kind).ok_or_else(|| {
        format!("unknown kind `{kind}` after `unless`; use account, context or environment")
    })?;
    let command = command.trim();
    if command.is_empty() {
        return Err(format!("`unless {guard}:` has no command"));
    }
    Ok(Step {
        unless: Some(Unless {
            kind,
            name: name.to_owned(),
        }),
        template: command.to_owned(),
    })
}

/// The `{names}` in a template, in order.
fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a `}` without its `{`".to_owned());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("a `{` without its `}`")?;
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(format!(
                "`{{{name}}}` is not a placeholder (lowercase letters and `_`)"
            ));
        }
        out.push(name);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// Fills `{name}`s in one pass (a value that contains braces stays as it is).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn list(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[Spec] = &[
        Spec {
            name: "greet",
            placeholders: &["who"],
        },
        Spec {
            name: "setup",
            placeholders: &[],
        },
    ];

    fn parse(text: &str) -> Result<Book, String> {
        Book::parse("test.recipes", text, SPECS).map_err(|e| e.to_string())
    }

    #[test]
    fn every_recipe_file_loads_against_the_recipes_its_panel_uses() {
        use crate::components::{ecs_load_balancer, environments, side_by_side};
        for (file, text, specs) in [
            (
                environments::RECIPES_FILE,
                environments::RECIPES,
                environments::RECIPE_SPECS,
            ),
            (
                side_by_side::RECIPES_FILE,
                side_by_side::RECIPES,
                side_by_side::RECIPE_SPECS,
            ),
            (
                ecs_load_balancer::RECIPES_FILE,
                ecs_load_balancer::RECIPES,
                ecs_load_balancer::RECIPE_SPECS,
            ),
        ] {
            let book = Book::parse(file, text, specs).unwrap_or_else(|e| panic!("{e}"));
            for spec in specs {
                assert!(!book.steps(spec.name).is_empty(), "{file}: [{}]", spec.name);
            }
        }
    }

    #[test]
    fn a_recipe_fills_its_placeholders_and_skips_the_steps_already_done() {
        let book = parse(
            "# hi\n[greet]\necho hello {who}\n\n[setup]\nunless account prod: sim account create prod\nsim build -t a:1 app\n",
        )
        .unwrap();
        assert_eq!(
            book.line("greet", &[("who", "{who} & co")]),
            "echo hello {who} & co"
        );
        assert_eq!(
            book.commands("setup", &[], |_| false),
            ["sim account create prod", "sim build -t a:1 app"]
        );
        let done = |u: &Unless| u.kind == Kind::Account && u.name == "prod";
        assert_eq!(book.commands("setup", &[], done), ["sim build -t a:1 app"]);
        assert!(book.steps("nope").is_empty());
    }

    #[test]
    fn bad_recipe_data_says_where_and_what() {
        for (text, expected) in [
            ("[greet]\necho {whom}\n[setup]\nx\n", "test.recipes:2: unknown placeholder {whom} in [greet]; it may use {who}"),
            ("[greet]\necho {who\n", "test.recipes:2: a `{` without its `}`"),
            ("[greet]\necho who}\n", "test.recipes:2: a `}` without its `{`"),
            ("[greet]\necho {Who}\n", "test.recipes:2: `{Who}` is not a placeholder (lowercase letters and `_`)"),
            ("echo\n[greet]\n", "test.recipes:1: a command before the first `[recipe]` header"),
            ("[greet\n", "test.recipes:1: `[greet` has no closing `]`"),
            ("[greeting]\n", "test.recipes:1: unknown recipe [greeting]; the code uses [greet], [setup]"),
            ("[greet]\na\n[greet]\n", "test.recipes:3: recipe [greet] appears twice"),
            ("[greet]\na\n", "test.recipes: recipe [setup] is missing"),
            ("[greet]\na\n[setup]\n# nothing\n", "test.recipes: recipe [setup] has no commands"),
            ("[setup]\nunless account: x\n", "test.recipes:2: `unless account:` needs exactly KIND NAME"),
            ("[setup]\nunless lane prod: x\n", "test.recipes:2: unknown kind `lane` after `unless`; use account, context or environment"),
            ("[setup]\nunless account prod:\n", "test.recipes:2: `unless account prod:` has no command"),
            ("[setup]\nunless account prod x\n", "test.recipes:2: `unless` needs `KIND NAME: command`"),
        ] {
            assert_eq!(parse(text).err().as_deref(), Some(expected), "{text:?}");
        }
        // In the page a bad file is an empty book: its buttons run nothing.
        let book = load("test.recipes", "[greet]\necho {whom}\n", SPECS);
        assert_eq!(book.line("greet", &[]), "");
        assert!(book.plain("setup", &[]).is_empty());
    }
}
