//! Help against the grammar: every command appears in `help` (both languages), every kubectl and
//! sim command has a page whose examples run and whose usage names only its own flags, every
//! flag is in its command's Options; and the data tables name nothing the grammar lacks.

use super::texts::{self, SimTopic, GROUPS, KUBECTL_CATEGORIES, PAGES};
use super::{ja, wrap};
use crate::base::language::Language;
use crate::input::files::NoFiles;
use crate::lang::command::run_for;
use crate::lang::grammar::{self, COMMANDS};
use crate::world::World;

fn run_in(line: &str, reader: Language) -> Result<String, String> {
    let mut w = World::new(1);
    run_for(&mut w, line, &NoFiles, reader).map_err(|e| e.message)
}

fn out(line: &str) -> String {
    run_in(line, Language::En).unwrap_or_else(|e| panic!("`{line}` failed: {e}"))
}

#[test]
fn help_lists_every_command_of_the_grammar_in_both_languages() {
    for reader in [Language::En, Language::Ja] {
        let text = run_in("help", reader).unwrap();
        for c in COMMANDS {
            let line = text
                .lines()
                .find(|l| {
                    l.trim_start()
                        .starts_with(&format!("{} ", c.path.join(" ")))
                })
                .unwrap_or_else(|| panic!("{:?} missing from help ({reader:?})", c.path));
            let summary = match reader {
                Language::En => c.summary,
                Language::Ja => ja::summary(c.path).unwrap_or_default(),
            };
            assert!(line.ends_with(summary), "{line:?} ({reader:?})");
        }
    }
}

#[test]
fn lang_flag_overrides_the_readers_language_and_a_program_narrows_the_list() {
    assert_eq!(
        run_in("help --lang ja", Language::En),
        run_in("help", Language::Ja)
    );
    assert_eq!(
        run_in("help --lang en", Language::Ja),
        run_in("help", Language::En)
    );
    let sim = out("help sim");
    assert!(
        sim.contains("\n  sim wait ") && !sim.contains("\n  kubectl "),
        "{sim}"
    );
    assert_eq!(
        run_in("help --lang fr", Language::En).unwrap_err(),
        "error: invalid argument \"fr\" for \"--lang\" flag: en or ja"
    );
    assert!(run_in("help frob", Language::En).is_err());
    assert_eq!(out("help --help"), out("help"));
}

#[test]
fn every_command_has_a_japanese_summary_and_no_entry_is_stray() {
    for c in COMMANDS {
        let n = ja::SUMMARIES.iter().filter(|(p, _)| *p == c.path).count();
        assert_eq!(n, 1, "{:?} has {n} Japanese summaries", c.path);
    }
    for (path, _) in ja::SUMMARIES {
        assert!(grammar::find(path).is_some(), "{path:?} is not a command");
    }
}

#[test]
fn every_sim_verb_has_a_topic_and_every_topic_verb_exists() {
    for verb in grammar::children(&["sim"]) {
        assert!(SimTopic::of(verb).is_some(), "sim {verb} has no topic");
    }
    for topic in SimTopic::ALL {
        for verb in topic.verbs() {
            assert!(
                grammar::exists(&["sim", verb]),
                "{topic:?} lists sim {verb}"
            );
        }
    }
}

#[test]
fn kubectl_categories_hold_every_kubectl_verb_once() {
    for verb in grammar::children(&["kubectl"]) {
        let n = KUBECTL_CATEGORIES
            .iter()
            .filter(|(_, verbs)| verbs.contains(&verb))
            .count();
        assert_eq!(n, 1, "kubectl {verb} is in {n} categories");
    }
    for (_, verbs) in KUBECTL_CATEGORIES {
        for verb in *verbs {
            assert!(grammar::exists(&["kubectl", verb]), "kubectl {verb}");
        }
    }
}

/// Paths that are groups (they have sub-verbs), below a program.
fn groups() -> Vec<Vec<&'static str>> {
    let mut out: Vec<Vec<&'static str>> = Vec::new();
    for c in COMMANDS.iter().filter(|c| c.path.len() > 2) {
        let group = c.path[..c.path.len() - 1].to_vec();
        if !out.contains(&group) {
            out.push(group);
        }
    }
    out
}

#[test]
fn every_group_has_a_summary_and_every_summary_a_group() {
    for g in groups().iter().filter(|g| g[0] != "aws") {
        assert!(texts::group_summary(g).is_some(), "{g:?} has no summary");
    }
    for (path, _) in GROUPS {
        assert!(
            grammar::exists(path) && grammar::find(path).is_none(),
            "{path:?} is not a group"
        );
    }
}

#[test]
fn every_kubectl_and_sim_command_has_one_page_and_every_page_a_command() {
    for c in COMMANDS
        .iter()
        .filter(|c| matches!(c.path[0], "kubectl" | "sim"))
    {
        let n = PAGES.iter().filter(|p| p.path == c.path).count();
        assert_eq!(n, 1, "{:?} has {n} pages", c.path);
    }
    for p in PAGES {
        assert!(
            grammar::find(p.path).is_some(),
            "{:?} is not a command",
            p.path
        );
        assert!(
            p.usage.starts_with(&p.path.join(" ")),
            "{:?}: {}",
            p.path,
            p.usage
        );
    }
}

/// The flags a usage line or example names: `--name`, `-n`, `(-o|--output=)`.
fn flags_named(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || "[]()|".contains(c))
        .filter(|w| w.starts_with('-') && w.len() > 1 && w != &"--")
        .map(|w| w.split('=').next().unwrap_or(w).to_string())
        .collect()
}

#[test]
fn usage_lines_name_only_flags_their_command_takes() {
    for p in PAGES {
        let flags = grammar::flags_at(p.path);
        for word in flags_named(p.usage) {
            let known = grammar::flag_named(&flags, &word).is_some();
            assert!(known, "{:?}: usage names {word}", p.path);
        }
    }
}

/// How each tool says "no such verb" or "no such flag".
const REFUSED: &[&str] = &[
    "unknown command",
    "unknown sim verb",
    "Invalid choice",
    "unknown flag",
    "unknown shorthand flag",
    "unrecognized arguments",
    "Unknown options",
];

#[test]
fn every_example_is_a_command_sunaba_takes() {
    for p in PAGES {
        for (_, example) in p.examples {
            assert!(
                example.starts_with(&p.path.join(" ")),
                "{:?}: {example}",
                p.path
            );
            // Kubernetes' own limits take minutes in a debug build: a tenth says the same.
            let example = example.replace("--nodes 5000 --pods 150000", "--nodes 5 --pods 150");
            let said = run_in(&example, Language::En).unwrap_or_else(|e| e);
            for marker in REFUSED {
                assert!(!said.contains(marker), "`{example}` was refused: {said}");
            }
        }
    }
}

#[test]
fn every_flag_is_in_its_commands_options() {
    for c in COMMANDS
        .iter()
        .filter(|c| matches!(c.path[0], "kubectl" | "sim"))
    {
        let page = out(&format!("{} --help", c.path.join(" ")));
        for f in c.flags {
            let short = f.short.map(|s| format!("-{s}, ")).unwrap_or_default();
            let line = format!("    {short}--{}=", f.long);
            assert!(page.contains(&line), "{:?} lacks {line:?}:\n{page}", c.path);
        }
    }
    for c in COMMANDS.iter().filter(|c| c.path[0] == "aws") {
        let page = out(&format!("{} help", c.path.join(" ")));
        for f in c.flags {
            assert!(
                page.contains(&format!("--{} ", f.long)),
                "{:?} --{}",
                c.path,
                f.long
            );
        }
    }
}

#[test]
fn every_verb_is_in_its_programs_and_groups_help() {
    for (program, groups) in [("kubectl", groups()), ("sim", groups())] {
        let root = out(&format!("{program} --help"));
        for verb in grammar::children(&[program]) {
            assert!(
                root.contains(&format!("\n  {verb} ")),
                "{program} --help lacks {verb}"
            );
        }
        for g in groups.iter().filter(|g| g[0] == program) {
            let page = out(&format!("{} --help", g.join(" ")));
            for verb in grammar::children(g) {
                assert!(page.contains(&format!("\n  {verb} ")), "{g:?} lacks {verb}");
            }
        }
    }
    for service in grammar::children(&["aws"]) {
        let page = out(&format!("aws {service} help"));
        for op in grammar::children(&["aws", service]) {
            assert!(
                page.contains(&format!("o {op}\n")),
                "aws {service} help lacks {op}"
            );
        }
    }
}

#[test]
fn help_is_asked_for_in_every_way_the_tools_take() {
    let get = out("kubectl get --help");
    for line in [
        "kubectl get -h",
        "k get pods -n kube-system --help",
        "kubectl --context other get --help",
        "kubectl help get",
        "kubectl get --help=true",
    ] {
        assert_eq!(out(line), get, "{line}");
    }
    assert_eq!(out("kubectl"), out("kubectl --help"));
    assert_eq!(out("kubectl help"), out("kubectl --help"));
    assert_eq!(out("sim"), out("sim --help"));
    assert_eq!(
        out("kubectl rollout undo -h"),
        out("kubectl help rollout undo")
    );
    assert_eq!(out("aws --profile dev ecs help"), out("aws ecs help"));
    // After a bare `--`, words belong to the container's command.
    assert!(run_in("kubectl exec web -- ls --help", Language::En)
        .unwrap_err()
        .contains("not found"));
}

#[test]
fn help_for_what_does_not_exist_is_each_tools_error() {
    assert_eq!(
        run_in("kubectl frob --help", Language::En).unwrap_err(),
        "error: unknown command \"frob\" for \"kubectl\""
    );
    assert_eq!(
        run_in("kubectl rollout frob -h", Language::En).unwrap_err(),
        "error: unknown command \"frob\" for \"kubectl rollout\""
    );
    assert_eq!(
        run_in("sim frob --help", Language::En).unwrap_err(),
        "error: unknown command \"frob\" for \"sim\""
    );
    let aws = run_in("aws ecs run-task --help", Language::En).unwrap_err();
    assert!(aws.contains("aws <command> <subcommand> help"), "{aws}");
    assert!(run_in("aws ecs frob help", Language::En)
        .unwrap_err()
        .contains("Invalid choice"));
}

#[test]
fn no_command_takes_h_for_itself() {
    // `-h` is help everywhere, as in kubectl.
    for c in COMMANDS {
        assert!(c.flags.iter().all(|f| f.short != Some('h')), "{:?}", c.path);
    }
}

#[test]
fn wrap_keeps_words_whole_within_the_width() {
    assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
    assert_eq!(wrap("unbreakable", 4), ["unbreakable"]);
    assert!(wrap("   ", 10).is_empty());
}
