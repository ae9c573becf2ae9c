//! `kubectl --help`, `kubectl VERB --help`, `sim --help`, `sim VERB --help`: help in kubectl's
//! layout (a description, `Examples:`, `Options:`, `Usage:`), listing what Sunaba simulates and
//! saying so. Options come from the grammar with their docs; usage lines and examples from
//! [`texts`](super::texts).

use super::texts::{self, SimTopic, KUBECTL_CATEGORIES};
use super::wrap;
use crate::lang::grammar::{self, Command, Flag, Takes, Value};

/// The help of a program (`["kubectl"]`), a group (`["kubectl", "rollout"]`) or a command.
pub(super) fn page(path: &[&str]) -> String {
    match (path, grammar::find(path)) {
        (_, Some(command)) => command_page(command),
        (["kubectl"], None) => kubectl_root(),
        (["sim"], None) => sim_root(),
        (_, None) => group_page(path),
    }
}

/// The column the summaries of these verbs start at, as cobra pads names (at least 11).
fn name_width(verbs: &[&str]) -> usize {
    verbs.iter().map(|v| v.len()).max().unwrap_or(0).max(11)
}

/// One line per verb: its name padded to `width`, its summary.
fn verb_lines(out: &mut String, rows: &[(&str, &str)], width: usize) {
    for (name, summary) in rows {
        out.push_str(&format!("  {name:<width$}   {summary}\n"));
    }
}

/// What a word after `prefix` does: a command's summary, or a group's.
fn summary_of(prefix: &[&str], word: &'static str) -> &'static str {
    let mut path = prefix.to_vec();
    path.push(word);
    match grammar::find(&path) {
        Some(c) => c.summary,
        None => texts::group_summary(&path).unwrap_or(""),
    }
}

fn kubectl_root() -> String {
    let mut out = String::from(
        "kubectl controls the Kubernetes cluster manager.\n\n \
         Sunaba simulates the commands listed here; the real kubectl has more.\n",
    );
    let verbs = grammar::children(&["kubectl"]);
    let width = name_width(&verbs);
    let mut listed: Vec<&str> = Vec::new();
    for (category, names) in KUBECTL_CATEGORIES {
        let rows: Vec<(&str, &str)> = names
            .iter()
            .filter_map(|n| verbs.iter().find(|v| *v == n))
            .map(|v| (*v, summary_of(&["kubectl"], v)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        listed.extend(rows.iter().map(|(n, _)| *n));
        out.push_str(&format!("\n{category}:\n"));
        verb_lines(&mut out, &rows, width);
    }
    // A verb no category names still shows (a test asks for its category).
    let rest: Vec<(&str, &str)> = verbs
        .iter()
        .filter(|v| !listed.contains(v))
        .map(|v| (*v, summary_of(&["kubectl"], v)))
        .collect();
    if !rest.is_empty() {
        out.push_str("\nMore Commands:\n");
        verb_lines(&mut out, &rest, width);
    }
    out.push_str(
        "\nUsage:\n  kubectl [flags] [options]\n\n\
         Use \"kubectl <command> --help\" for more information about a given command.\n\
         Use \"kubectl --context CONTEXT <command>\" to run a command in another context.\n",
    );
    out
}

fn sim_root() -> String {
    let mut out = String::from(
        "sim acts on the simulation itself: its nodes and clock, faults, traffic, images, \
         and the accounts, clusters and environments around the cluster.\n",
    );
    let verbs = grammar::children(&["sim"]);
    let width = name_width(&verbs);
    let topics = SimTopic::ALL.map(Some);
    for topic in topics.into_iter().chain([None]) {
        let rows: Vec<(&str, &str)> = verbs
            .iter()
            .filter(|v| SimTopic::of(v) == topic)
            .map(|v| (*v, summary_of(&["sim"], v)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let title = topic.map_or("More Commands", SimTopic::title_en);
        out.push_str(&format!("\n{title}:\n"));
        verb_lines(&mut out, &rows, width);
    }
    out.push_str(
        "\nUsage:\n  sim VERB [flags] [options]\n\n\
         Use \"sim <command> --help\" for more information about a given command.\n",
    );
    out
}

fn group_page(path: &[&str]) -> String {
    let name = path.join(" ");
    let mut out = match texts::group_summary(path) {
        Some(summary) => format!("{summary}.\n"),
        None => String::new(),
    };
    let mut verbs = grammar::children(path);
    crate::base::sort::sort(&mut verbs);
    let rows: Vec<(&str, &str)> = verbs.iter().map(|v| (*v, summary_of(path, v))).collect();
    out.push_str("\nAvailable Commands:\n");
    verb_lines(&mut out, &rows, name_width(&verbs));
    out.push_str(&format!(
        "\nUsage:\n  {name} SUBCOMMAND [options]\n\n\
         Use \"{name} <command> --help\" for more information about a given command.\n"
    ));
    out
}

fn command_page(c: &Command) -> String {
    let mut out = format!("{}.\n", c.summary);
    let page = texts::page_of(c.path);
    if let Some(page) = page.filter(|p| !p.examples.is_empty()) {
        out.push_str("\nExamples:\n");
        for (i, (comment, command)) in page.examples.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("  # {comment}\n  {command}\n"));
        }
    }
    let mut flags: Vec<Flag> = c.flags.to_vec();
    crate::base::sort::sort_by_key(&mut flags, |f| f.long);
    if !flags.is_empty() {
        out.push_str("\nOptions:\n");
        for (i, f) in flags.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            option_lines(&mut out, f);
        }
    }
    let usage = match page {
        Some(p) => p.usage.replace("{output}", &output_choices(c)),
        None => format!("{} [options]", c.path.join(" ")),
    };
    out.push_str(&format!("\nUsage:\n  {usage}\n"));
    if c.path[0] == "kubectl" {
        out.push_str(
            "\nSunaba simulates only the options listed here, and the global --context.\n",
        );
    }
    out
}

/// `    -n, --namespace='':` and its doc under it, tab-indented, as kubectl prints an option.
fn option_lines(out: &mut String, f: &Flag) {
    let default = match f.takes {
        Takes::Nothing => "false",
        Takes::One(Value::Integer) => "0",
        Takes::One(_) | Takes::Many(_) => "''",
    };
    let short = f.short.map(|s| format!("-{s}, ")).unwrap_or_default();
    out.push_str(&format!("    {short}--{}={default}:\n", f.long));
    for line in wrap(&flag_doc(f), 100) {
        out.push_str(&format!("\t{line}\n"));
    }
}

/// A flag's doc, with its choices when it has a fixed set (`Output format. One of: (json, …).`).
pub(super) fn flag_doc(f: &Flag) -> String {
    match f.takes {
        Takes::One(Value::Choice(words)) | Takes::Many(Value::Choice(words)) => format!(
            "{}. One of: ({}).",
            f.doc.trim_end_matches('.'),
            words.join(", ")
        ),
        _ => f.doc.to_string(),
    }
}

/// `json|name|wide|yaml`: the `-o` choices of a command, for its usage line.
fn output_choices(c: &Command) -> String {
    c.flags
        .iter()
        .find_map(|f| match f.takes {
            Takes::One(Value::Choice(words)) if f.long == "output" => Some(words.join("|")),
            _ => None,
        })
        .unwrap_or_default()
}
