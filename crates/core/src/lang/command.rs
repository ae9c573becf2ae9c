//! The command language's entry and dispatcher: `kubectl …`, `aws …` and `sim …` lines, routed to
//! their cluster and executed against a [`World`](crate::World). One interpreter serves every shell (CLI scripts, the UI's
//! terminal and buttons, the JS API, tests).
//!
//! The verbs and their flags are the [grammar](crate::lang::grammar)'s; this module looks a
//! verb up there before running it; every command's flags are parsed by
//! [`parse_args`](crate::lang::args::parse_args).
//! Errors are worded like kubectl's (`error: unknown flag: --foo`,
//! `Error from server (NotFound): pods "x" not found`). Input is bounded: line length, tokens.

pub use crate::base::command::CommandError;
use crate::input::files::FileSource;

/// Longest command line accepted.
pub const MAX_LINE_BYTES: usize = 4096;
/// Most words in one command.
pub const MAX_TOKENS: usize = 64;

use crate::base::language::Language;
use crate::lang::accounts::{kubectl_config, sim_multi};
use crate::lang::args::err;
use crate::world::World;

/// Runs one line of the command language in `w`; returns what kubectl (or aws, or sim) would
/// print. Every shell's entry (re-exported as `sunaba_core::run`). Sunaba's own words (`help`)
/// come in English: [`run_for`] is the same for a reader of another language.
pub fn run(w: &mut World, line: &str, files: &dyn FileSource) -> Result<String, CommandError> {
    run_for(w, line, files, Language::En)
}

/// [`run`], for a reader of `reader`'s language: what Sunaba says in its own words (`help`)
/// comes in that language. kubectl's and aws's output never changes (learners meet it as it
/// is); a shell passes the language its page is shown in, never text to translate.
pub fn run_for(
    w: &mut World,
    line: &str,
    files: &dyn FileSource,
    reader: Language,
) -> Result<String, CommandError> {
    if line.len() > MAX_LINE_BYTES {
        return err(format!(
            "error: command is longer than {MAX_LINE_BYTES} bytes"
        ));
    }
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(String::new());
    }
    let Some(tokens) = shlex::split(trimmed) else {
        return err("error: unterminated quote in command");
    };
    if tokens.len() > MAX_TOKENS {
        return err(format!("error: too many arguments (at most {MAX_TOKENS})"));
    }
    // Help reads no world: it is answered before the line goes to a cluster.
    if let Some(help) = crate::lang::help::answer(&tokens, reader) {
        return help;
    }
    let tokens = with_reader_language(tokens, reader);
    if let Some(result) = run_routed(w, &tokens, files) {
        w.settle();
        return result;
    }
    run_tokens(w, &tokens, files)
}

/// Runs a command already split into words, in this cluster.
pub(crate) fn run_tokens(
    w: &mut World,
    tokens: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let result = match tokens[0].as_str() {
        "kubectl" | "k" if tokens.get(1).map(String::as_str) == Some("exec") => {
            crate::lang::kubectl::exec::kubectl_exec(w, &tokens[2..])
        }
        "kubectl" | "k" => crate::lang::kubectl::run_kubectl(w, &tokens[1..], files),
        "sim" if matches!(tokens.get(1).map(String::as_str), Some("build" | "images" | "history" | "tag" | "push")) => {
            crate::lang::sim::images::run_image_command(w, &tokens[1..], files)
        }
        "sim" => crate::lang::sim::run_sim(w, &tokens[1..]),
        "aws" => crate::lang::aws::run_aws(w, &tokens[1..], files).map(|out| w.stamp_account(out)),
        other => err(format!(
            "error: unknown command \"{other}\": commands start with \"kubectl\", \"aws\" or \"sim\""
        )),
    };
    w.settle();
    result
}

/// Routes one command line (already split) to the cluster it is for, and runs the commands
/// that are about accounts, clusters, contexts and environments in the home world `w`.
/// `None`: run it in `w` as usual.
fn run_routed(
    w: &mut World,
    tokens: &[String],
    files: &dyn FileSource,
) -> Option<Result<String, CommandError>> {
    let head = tokens.first().map(String::as_str)?;
    let verb = tokens.get(1).map(String::as_str).unwrap_or("");
    match (head, verb) {
        ("kubectl" | "k", _) => {
            let (rest, context) = match take_context(&tokens[1..]) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            if rest.first().map(String::as_str) == Some("config") {
                return Some(kubectl_config(w, &rest[1..]));
            }
            let context = context.unwrap_or_else(|| w.current_context().to_string());
            let Some(cluster) = w.context_cluster(&context) else {
                return Some(err(format!("error: context \"{context}\" does not exist")));
            };
            let rest = with_context_namespace(rest, w.context_namespace(&context));
            let mut line = vec![tokens[0].clone()];
            if cluster == w.cluster_name() {
                if rest.len() + 1 == tokens.len() {
                    return None;
                }
                line.extend(rest);
                return Some(run_tokens(w, &line, files));
            }
            line.extend(rest);
            let member = w.member_cluster_mut(&cluster)?;
            Some(run_tokens(member, &line, files))
        }
        (
            "sim",
            "account" | "accounts" | "cluster" | "clusters" | "db" | "dbs" | "env" | "envs" | "ecr",
        ) => Some(sim_multi(w, verb, &tokens[2..], files)),
        // Time, and the learner's own machine (docker build/images/tag/push), are not a
        // cluster's: they stay here.
        ("sim", "wait" | "seed" | "build" | "images" | "history" | "tag" | "push") => None,
        ("sim", "compress") => {
            let r = run_tokens(w, tokens, files);
            let c = w.k.compression;
            for member in w.member_clusters_mut() {
                member.k.compression = c;
            }
            Some(r)
        }
        ("aws", _)
            if tokens
                .iter()
                .any(|t| t == "--profile" || t.starts_with("--profile=")) =>
        {
            Some(aws_with_profile(w, tokens, files))
        }
        ("aws", "ecr") => Some(crate::lang::aws::ecr::aws_ecr(w, &tokens[2..], files)),
        ("aws", "ssm") => Some(crate::lang::aws::ssm::aws_ssm(w, &tokens[2..])),
        ("sim" | "aws", _) => {
            let cluster = w.context_cluster(w.current_context())?;
            if cluster == w.cluster_name() {
                return None;
            }
            let member = w.member_cluster_mut(&cluster)?;
            Some(run_tokens(member, tokens, files))
        }
        _ => None,
    }
}

/// `aws --profile ACCOUNT …`: the AWS CLI's named profile, here an account (name or id).
/// `aws ecs` goes to the current context's cluster when it runs in that account, else to the
/// first context (by name) whose cluster does.
fn aws_with_profile(
    w: &mut World,
    tokens: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let mut line = Vec::new();
    let mut profile = None;
    let mut it = tokens.iter();
    while let Some(t) = it.next() {
        if t == "--profile" {
            profile = it.next().cloned();
        } else if let Some(p) = t.strip_prefix("--profile=") {
            profile = Some(p.to_string());
        } else {
            line.push(t.clone());
        }
    }
    let Some(profile) = profile else {
        return err("aws: error: argument --profile: expected one argument");
    };
    let Ok(account) = w.multi.cloud.find_account(&profile).map(|a| a.id.clone()) else {
        return err(format!(
            "\nThe config profile ({profile}) could not be found"
        ));
    };
    if matches!(line.get(1).map(String::as_str), Some("ecr" | "ssm")) {
        // Account-wide services take the account from the profile themselves (after the
        // operation, which must come first).
        let mut rest = line[2..].to_vec();
        if !rest.is_empty() {
            rest.extend(["--profile".to_string(), profile]);
        }
        return if line[1] == "ecr" {
            crate::lang::aws::ecr::aws_ecr(w, &rest, files)
        } else {
            crate::lang::aws::ssm::aws_ssm(w, &rest)
        };
    }
    let in_account = |w: &World, c: &str| {
        w.cluster_world(c)
            .is_some_and(|cw| cw.account_id() == account)
    };
    let current = w.current_context().to_string();
    let context = if in_account(w, &current) {
        current
    } else {
        let Some(c) = w
            .contexts()
            .into_iter()
            .map(|c| c.0)
            .find(|c| in_account(w, c))
        else {
            return err(format!(
                "error: no cluster runs in account {profile} (sim cluster create NAME --account {profile})"
            ));
        };
        c
    };
    let cw = w.cluster_world_mut(&context).expect("listed");
    run_tokens(cw, &line, files)
}

/// The context's namespace (`kubectl config set-context --namespace`) as `--namespace=NS`
/// after the verb, for a verb that takes `-n` and a line that names no namespace itself.
fn with_context_namespace(mut rest: Vec<String>, ns: Option<&str>) -> Vec<String> {
    let Some(ns) = ns else {
        return rest;
    };
    let Some(verb) = rest.first() else {
        return rest;
    };
    let takes_namespace = crate::lang::grammar::flags_at(&["kubectl", verb.as_str()])
        .iter()
        .any(|f| f.long == "namespace");
    let names_one = rest.iter().take_while(|t| *t != "--").any(|t| {
        t == "-n"
            || t == "-A"
            || (t.starts_with("-n") && !t.starts_with("--"))
            || t.starts_with("--namespace")
            || t.starts_with("--all-namespaces")
    });
    if takes_namespace && !names_one {
        rest.insert(1, format!("--namespace={ns}"));
    }
    rest
}

/// Takes `--context C` / `--context=C` out of a kubectl command line.
fn take_context(t: &[String]) -> Result<(Vec<String>, Option<String>), CommandError> {
    let mut rest = Vec::with_capacity(t.len());
    let mut context = None;
    let mut i = 0;
    while i < t.len() {
        let tok = &t[i];
        if let Some(v) = tok.strip_prefix("--context=") {
            context = Some(v.to_string());
        } else if tok == "--context" {
            let Some(v) = t.get(i + 1) else {
                return err("error: flag needs an argument: --context");
            };
            context = Some(v.clone());
            i += 1;
        } else {
            rest.push(tok.clone());
        }
        i += 1;
    }
    Ok((rest, context))
}

/// `sim explain` speaks the reader's language unless `--lang` says otherwise.
fn with_reader_language(mut tokens: Vec<String>, reader: Language) -> Vec<String> {
    let explain = tokens.first().map(String::as_str) == Some("sim")
        && tokens.get(1).map(String::as_str) == Some("explain");
    let chosen = tokens
        .iter()
        .any(|t| t == "--lang" || t.starts_with("--lang="));
    if explain && !chosen && reader != Language::En {
        tokens.push(format!("--lang={}", reader.code()));
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_flags_come_out_of_the_line() {
        let t: Vec<String> = ["get", "pods", "--context", "prod", "-A"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (rest, c) = take_context(&t).unwrap();
        assert_eq!(rest, ["get", "pods", "-A"]);
        assert_eq!(c.as_deref(), Some("prod"));
        assert!(take_context(&["--context".to_string()]).is_err());
    }
}
