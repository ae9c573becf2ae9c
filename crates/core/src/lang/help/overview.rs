//! `help [kubectl|aws|sim] [--lang en|ja]`: every command Sunaba understands, one line each,
//! under headings, in English or Japanese. Made from the grammar table as it is, so it lists
//! exactly what runs: a command added to the grammar appears here (under a plain heading, and a
//! test then asks for its topic and its Japanese summary).

use super::ja;
use super::texts::SimTopic;
use crate::base::command::CommandError;
use crate::base::language::Language;
use crate::lang::args::{err, parse_args};
use crate::lang::grammar::{self, Command};

/// The heading a command is listed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Kubectl,
    /// `aws SERVICE`.
    Aws(&'static str),
    /// A sim verb's topic; `None` for a verb no topic lists yet.
    Sim(Option<SimTopic>),
    Help,
}

fn section_of(c: &Command) -> Section {
    match c.path {
        ["kubectl", ..] => Section::Kubectl,
        ["aws", service, ..] => Section::Aws(service),
        ["sim", verb, ..] => Section::Sim(SimTopic::of(verb)),
        _ => Section::Help,
    }
}

fn heading(s: Section, lang: Language) -> String {
    match s {
        Section::Kubectl => "kubectl: Kubernetes".to_string(),
        Section::Aws("ecs") => "aws ecs: Amazon ECS (Elastic Container Service)".to_string(),
        Section::Aws("ecr") => lang
            .pick(
                "aws ecr: Amazon ECR (image registries)",
                "aws ecr: Amazon ECR（イメージのレジストリ）",
            )
            .to_string(),
        Section::Aws("ssm") => lang
            .pick(
                "aws ssm: AWS Systems Manager Parameter Store",
                "aws ssm: AWS Systems Manager パラメータストア",
            )
            .to_string(),
        Section::Aws("logs") => "aws logs: Amazon CloudWatch Logs".to_string(),
        Section::Aws("elbv2") => {
            "aws elbv2: Elastic Load Balancing (Application Load Balancers)".to_string()
        }
        Section::Aws(service) => format!("aws {service}"),
        Section::Sim(Some(topic)) => {
            format!("sim: {}", lang.pick(topic.title_en(), topic.title_ja()))
        }
        Section::Sim(None) => "sim".to_string(),
        Section::Help => lang.pick("help: this list", "help: この一覧").to_string(),
    }
}

const INTRO_EN: &str =
    "Sunaba understands these commands. kubectl and aws are the real tools' commands, simulated \
(only those listed here); sim acts on the simulation itself.
More: add --help to a kubectl or sim command (kubectl get --help), aws ecs OPERATION help, \
kubectl explain RESOURCE[.FIELD] for a manifest's fields. Tab completes.";

const INTRO_JA: &str =
    "Sunaba が理解するコマンドの一覧です。kubectl と aws は本物のツールのコマンドを\
シミュレートしたもの（ここにあるものだけ）、sim はシミュレーションそのものを操作します。
詳しくは: kubectl や sim のコマンドに --help を付ける（kubectl get --help）、aws ecs 操作名 help、\
マニフェストのフィールドは kubectl explain リソース[.フィールド]。Tab で補完できます。
kubectl と aws の出力は、現場で目にするとおり英語のままです。";

/// `help …` (the words after `help`), in `reader`'s language unless `--lang` says otherwise.
pub(super) fn help(words: &[String], reader: Language) -> Result<String, CommandError> {
    let a = parse_args(words, &["help"], "help")?;
    let lang = match a.flag("lang") {
        None => reader,
        Some(code) => Language::from_code(code).ok_or_else(|| {
            CommandError::new(format!(
                "error: invalid argument \"{code}\" for \"--lang\" flag: en or ja"
            ))
        })?,
    };
    let program = match a.positional.as_slice() {
        [] => None,
        [p] => match grammar::program(p).filter(|p| *p != "help") {
            Some(p) => Some(p),
            None => {
                return err(format!(
                    "error: unknown command \"{p}\" for \"help\" (kubectl, aws or sim)"
                ))
            }
        },
        _ => return err("error: help takes one of kubectl, aws or sim, or nothing"),
    };
    Ok(overview(program, lang))
}

/// The list, for one program or (`None`) all of them.
pub(super) fn overview(program: Option<&str>, lang: Language) -> String {
    let listed: Vec<&Command> = grammar::COMMANDS
        .iter()
        .filter(|c| program.is_none_or(|p| c.path[0] == p))
        .collect();
    // Sections in the order they first appear in the table; commands in table order.
    let mut sections: Vec<(Section, Vec<&Command>)> = Vec::new();
    for c in &listed {
        let s = section_of(c);
        match sections.iter_mut().find(|(t, _)| *t == s) {
            Some((_, cs)) => cs.push(c),
            None => sections.push((s, vec![c])),
        }
    }
    let mut out = String::from(lang.pick(INTRO_EN, INTRO_JA));
    out.push('\n');
    for (section, commands) in sections {
        out.push('\n');
        out.push_str(&heading(section, lang));
        out.push('\n');
        let width = commands
            .iter()
            .map(|c| c.path.join(" ").len())
            .max()
            .unwrap_or(0);
        for c in commands {
            let summary = match lang {
                Language::En => c.summary,
                Language::Ja => ja::summary(c.path).unwrap_or(c.summary),
            };
            let path = c.path.join(" ");
            out.push_str(&format!("  {path:<width$}   {summary}\n"));
        }
    }
    out
}
