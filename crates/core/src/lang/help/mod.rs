//! The playground explaining itself: Sunaba's `help` (every command it understands, grouped,
//! in English or Japanese, [`overview`]), and each tool's own help for the commands Sunaba
//! simulates — `kubectl --help`, `kubectl VERB --help` / `-h`, `kubectl help VERB`,
//! `sim --help`, `sim VERB --help` in kubectl's layout ([`pages`]); `aws help`,
//! `aws SERVICE help`, `aws SERVICE OPERATION help` in the AWS CLI's ([`aws`]).
//!
//! Everything listed comes from the [grammar](crate::lang::grammar) — its commands, flags and
//! their docs — so help shows exactly what runs; [`texts`] adds usage lines and examples, and
//! [`ja`] the Japanese summaries. Help reads no world and changes nothing: [`answer`] runs
//! before a line is routed to a cluster. Only `help` is translated; the tools' own help is
//! English, as learners will meet it.

mod aws;
mod ja;
mod overview;
mod pages;
#[cfg(test)]
mod tests;
mod texts;

use crate::base::command::CommandError;
use crate::base::language::Language;
use crate::lang::grammar;

/// The help a command line asks for, or `None` when it asks for none (run it as usual).
/// `reader` is the language `help` answers in when `--lang` does not say.
pub(crate) fn answer(tokens: &[String], reader: Language) -> Option<Result<String, CommandError>> {
    let program = grammar::program(tokens.first()?)?;
    let words = &tokens[1..];
    match program {
        "help" => {
            let words: Vec<String> = words.iter().filter(|w| !is_dash_help(w)).cloned().collect();
            Some(overview::help(&words, reader))
        }
        "kubectl" | "sim" => kubectl_or_sim(program, words),
        "aws" => aws_help(words),
        _ => None,
    }
}

/// `kubectl --help` or `sim --help`: what a program alone answers.
pub(crate) fn program_page(program: &str) -> String {
    pages::page(&[program])
}

fn is_dash_help(word: &str) -> bool {
    matches!(word, "--help" | "-h" | "--help=true")
}

/// `kubectl …` / `sim …` with `--help` or `-h` (before a bare `--`), `kubectl help [VERB…]`,
/// or the program alone.
fn kubectl_or_sim(program: &'static str, words: &[String]) -> Option<Result<String, CommandError>> {
    let words = match words.iter().position(|w| w == "--") {
        Some(end) => &words[..end],
        None => words,
    };
    let first_word = words.iter().position(|w| !w.starts_with('-'));
    if program == "kubectl" && first_word.is_some_and(|i| words[i] == "help") {
        let mut rest = words.to_vec();
        rest.remove(first_word.unwrap_or_default());
        return Some(locate(program, &rest).map(|path| pages::page(&path)));
    }
    if words.is_empty() || words.iter().any(|w| is_dash_help(w)) {
        return Some(locate(program, words).map(|path| pages::page(&path)));
    }
    None
}

/// The command (or group) the words name: verbs taken while they lead somewhere in the grammar,
/// flags and their values skipped, everything after a command's path ignored.
fn locate(program: &'static str, words: &[String]) -> Result<Vec<&'static str>, CommandError> {
    let mut path = vec![program];
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if w.starts_with('-') && w.len() > 1 {
            let flag = grammar::flag_named(&grammar::flags_at(&path), w);
            if flag.is_some_and(|f| f.takes_value()) {
                it.next();
            }
            continue;
        }
        if grammar::find(&path).is_some() {
            break;
        }
        match grammar::children(&path).into_iter().find(|c| c == w) {
            Some(verb) => path.push(verb),
            None => {
                return Err(CommandError::new(format!(
                    "error: unknown command \"{w}\" for \"{}\"",
                    path.join(" ")
                )))
            }
        }
    }
    Ok(path)
}

/// `aws [SERVICE [OPERATION]] help`, and `--help`, which the AWS CLI refuses.
fn aws_help(words: &[String]) -> Option<Result<String, CommandError>> {
    let mut rest: Vec<&str> = Vec::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if w == "--profile" {
            it.next();
        } else if !w.starts_with("--profile=") {
            rest.push(w);
        }
    }
    if let Some(w) = rest.iter().find(|w| is_dash_help(w)) {
        return Some(Err(aws::dash_help_error(w)));
    }
    match rest.as_slice() {
        ["help"] => Some(Ok(aws::aws_page())),
        [service, "help"] if grammar::exists(&["aws", service]) => {
            Some(Ok(aws::service_page(service)))
        }
        [service, op, "help"] => {
            grammar::find(&["aws", service, op]).map(|c| Ok(aws::operation_page(c)))
        }
        _ => None,
    }
}

/// `text` broken at spaces into lines of at most `width` characters (a longer word stays
/// whole on its own line).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
