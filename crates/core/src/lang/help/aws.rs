//! `aws help`, `aws SERVICE help`, `aws SERVICE OPERATION help`: the AWS CLI's help pages
//! (NAME, DESCRIPTION, SYNOPSIS, OPTIONS, AVAILABLE COMMANDS) for the services and operations
//! Sunaba simulates, made from the grammar; and the AWS CLI's usage error for `--help`, which
//! it does not take.

use super::pages::flag_doc;
use super::wrap;
use crate::base::command::CommandError;
use crate::lang::grammar::{self, Command, Flag, Takes, Value};

/// What each service is, in its reference's first sentence.
fn service_description(service: &str) -> &'static str {
    match service {
        "ecs" => "Amazon Elastic Container Service (Amazon ECS) is a highly scalable, fast, container management service. It makes it easy to run, stop, and manage containers on a cluster.",
        "ecr" => "Amazon Elastic Container Registry (Amazon ECR) is a managed container image registry service.",
        "ssm" => "Amazon Web Services Systems Manager is the operations hub for your Amazon Web Services applications and resources. Sunaba simulates its Parameter Store.",
        "logs" => "You can use Amazon CloudWatch Logs to monitor, store, and access your log files from EC2 instances, CloudTrail, and other sources. Sunaba fills it from ECS tasks that log with awslogs.",
        "elbv2" => "A load balancer distributes incoming traffic across targets, such as your EC2 instances or ECS tasks. Sunaba simulates Application Load Balancers: listeners, target groups, health checks and the ECS tasks registered in them.",
        _ => "",
    }
}

const BODY: usize = 70;

fn section(out: &mut String, title: &str, text: &str) {
    out.push_str(&format!("{title}\n"));
    for line in wrap(text, BODY) {
        out.push_str(&format!("       {line}\n"));
    }
    out.push('\n');
}

fn items(out: &mut String, title: &str, names: &[&str]) {
    out.push_str(&format!("{title}\n"));
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("       o {name}\n"));
    }
}

/// `aws help`.
pub(super) fn aws_page() -> String {
    let mut out = String::new();
    section(&mut out, "NAME", "aws -");
    section(
        &mut out,
        "DESCRIPTION",
        "The AWS Command Line Interface is a unified tool to manage your AWS services. \
         Sunaba simulates the services listed here, and some operations of each \
         (aws SERVICE help lists them).",
    );
    out.push_str(
        "SYNOPSIS\n          aws [options] <command> <subcommand> [parameters]\n\n\
         OPTIONS\n       --profile (string)\n",
    );
    if let Some((_, profile)) = grammar::GLOBAL_FLAGS.iter().find(|(p, _)| *p == "aws") {
        for line in wrap(profile.doc, BODY) {
            out.push_str(&format!("          {line}\n"));
        }
    }
    out.push('\n');
    items(&mut out, "AVAILABLE SERVICES", &grammar::children(&["aws"]));
    out
}

/// `aws SERVICE help`.
pub(super) fn service_page(service: &str) -> String {
    let mut out = String::new();
    section(&mut out, "NAME", &format!("{service} -"));
    section(
        &mut out,
        "DESCRIPTION",
        &format!(
            "{} Sunaba simulates the operations listed here; the AWS CLI has more.",
            service_description(service)
        ),
    );
    items(
        &mut out,
        "AVAILABLE COMMANDS",
        &grammar::children(&["aws", service]),
    );
    out
}

/// `aws SERVICE OPERATION help`.
pub(super) fn operation_page(c: &Command) -> String {
    let op = c.path.last().copied().unwrap_or_default();
    let mut out = String::new();
    section(&mut out, "NAME", &format!("{op} -"));
    section(
        &mut out,
        "DESCRIPTION",
        &format!(
            "{}. Sunaba simulates the options listed here; the AWS CLI has more.",
            c.summary
        ),
    );
    out.push_str(&format!("SYNOPSIS\n            {op}\n"));
    for f in c.flags {
        out.push_str(&format!("          {}\n", synopsis(f)));
    }
    if !c.flags.is_empty() {
        out.push_str("\nOPTIONS\n");
        for (i, f) in c.flags.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            option(&mut out, f);
        }
    }
    out
}

fn synopsis(f: &Flag) -> String {
    match f.takes {
        Takes::Nothing => format!("[--{0} | --no-{0}]", f.long),
        Takes::One(_) => format!("[--{} <value>]", f.long),
        Takes::Many(_) => format!("[--{} <value> [<value> ...]]", f.long),
    }
}

fn option(out: &mut String, f: &Flag) {
    let (name, kind) = match f.takes {
        Takes::Nothing => (format!("--{0} | --no-{0}", f.long), "boolean"),
        Takes::One(Value::Integer) => (format!("--{}", f.long), "integer"),
        Takes::One(_) => (format!("--{}", f.long), "string"),
        Takes::Many(_) => (format!("--{}", f.long), "list"),
    };
    out.push_str(&format!("       {name} ({kind})\n"));
    for line in wrap(&flag_doc(f), BODY) {
        out.push_str(&format!("          {line}\n"));
    }
}

/// The AWS CLI's answer to `--help` (it takes `help` as a word instead).
pub(super) fn dash_help_error(word: &str) -> CommandError {
    CommandError::new(format!(
        "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n\
         To see help text, you can run:\n\n  \
         aws help\n  aws <command> help\n  aws <command> <subcommand> help\n\n\
         aws: error: unrecognized arguments: {word}"
    ))
}
