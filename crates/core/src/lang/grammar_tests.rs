//! The grammar table against the interpreter and Tab completion: every command path in
//! [`grammar::COMMANDS`] must run (an argument error is fine, "unknown command" is not), and
//! Tab must offer its verbs and flags; every list of verbs an error prints must be the table's.
//! A verb added to one side only fails here.

use crate::input::files::NoFiles;
use crate::lang::complete::complete;
use crate::lang::grammar::{self, Takes};
use crate::world::World;

/// How each tool says "no such verb" or "no such flag".
const UNKNOWN: &[&str] = &[
    "unknown command",
    "unknown sim verb",
    "unknown image command",
    "Invalid choice",
    "is not simulated",
    "unknown flag",
    "unknown shorthand flag",
    "unrecognized arguments",
    "Unknown options",
];

fn run(line: &str) -> String {
    let mut w = World::new(1);
    match crate::lang::command::run(&mut w, line, &NoFiles) {
        Ok(out) => out,
        Err(e) => e.message,
    }
}

fn assert_known(line: &str) {
    let out = run(line);
    for marker in UNKNOWN {
        assert!(!out.contains(marker), "`{line}` was refused: {out}");
    }
}

#[test]
fn every_command_path_in_the_table_is_dispatched() {
    for c in grammar::COMMANDS {
        let path = c.path.join(" ");
        // `sim scale` alone fills 500 nodes with 15,000 pods: a small one says the same here.
        let line = if path == "sim scale" {
            format!("{path} --nodes 3 --pods 30")
        } else {
            path
        };
        assert_known(&line);
    }
}

#[test]
fn every_flag_in_the_table_is_accepted_by_its_command() {
    for c in grammar::COMMANDS {
        let path = c.path.join(" ");
        for f in c.flags {
            // A value of the right kind, so that only an unknown flag can fail.
            let value = match f.takes {
                Takes::Nothing => String::new(),
                Takes::One(grammar::Value::Choice(words) | grammar::Value::Suggested(words)) => {
                    format!(" {}", words[0])
                }
                Takes::One(_) | Takes::Many(_) => " x".to_string(),
            };
            assert_known(&format!("{path} --{}{value}", f.long));
            if let Some(short) = f.short {
                assert_known(&format!("{path} -{short}{value}"));
            }
        }
    }
}

fn offers(line: &str, candidate: &str) {
    let w = World::new(1);
    let got = complete(&w, line).candidates;
    assert!(
        got.iter().any(|c| c == candidate),
        "Tab after `{line}` offers {got:?}, not {candidate}"
    );
}

#[test]
fn tab_offers_every_verb_and_flag_in_the_table() {
    for c in grammar::COMMANDS {
        for (i, word) in c.path.iter().enumerate() {
            let head = c.path[..i].join(" ");
            let sep = if head.is_empty() { "" } else { " " };
            offers(&format!("{head}{sep}{}", &word[..1]), word);
        }
        let path = c.path.join(" ");
        for f in c.flags {
            offers(
                &format!("{path} --{}", &f.long[..1]),
                &format!("--{}", f.long),
            );
            if let Some(short) = f.short {
                offers(&format!("{path} -"), &format!("-{short}"));
            }
            if let Takes::One(grammar::Value::Choice(words) | grammar::Value::Suggested(words)) =
                f.takes
            {
                offers(&format!("{path} --{} ", f.long), words[0]);
            }
        }
    }
}

/// The verbs an error lists between `start` and `end`, split on `sep`.
fn listed<'a>(text: &'a str, start: &str, end: &str, sep: &str) -> Vec<&'a str> {
    let from = text.find(start).map(|i| i + start.len());
    let from = from.unwrap_or_else(|| panic!("{start:?} not in {text:?}"));
    let rest = &text[from..];
    let to = rest.find(end).unwrap_or(rest.len());
    rest[..to].split(sep).collect()
}

#[test]
fn every_list_of_verbs_an_error_prints_is_the_tables() {
    let cases: &[(&str, &[&str], &str, &str, &str)] = &[
        (
            "kubectl rollout",
            &["kubectl", "rollout"],
            "rollout ",
            " ",
            "|",
        ),
        (
            "aws ecs frobnicate",
            &["aws", "ecs"],
            "(supported: ",
            ")",
            ", ",
        ),
        (
            "aws ecr frobnicate",
            &["aws", "ecr"],
            "are:\n\n",
            "\n",
            " | ",
        ),
        (
            "aws ssm frobnicate",
            &["aws", "ssm"],
            "are:\n\n",
            "\n",
            " | ",
        ),
    ];
    for (line, prefix, start, end, sep) in cases {
        let out = run(line);
        assert_eq!(
            listed(&out, start, end, sep),
            grammar::children(prefix),
            "`{line}` printed {out}"
        );
    }
}

#[test]
fn an_unknown_verb_is_refused_in_each_tools_words() {
    assert_eq!(
        run("kubectl frobnicate"),
        "error: unknown command \"frobnicate\" for \"kubectl\""
    );
    assert_eq!(
        run("sim frobnicate"),
        "error: unknown command \"frobnicate\" for \"sim\""
    );
}
