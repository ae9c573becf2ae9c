//! `docker history`'s CREATED BY text of a step, as BuildKit writes it.

use super::parse::Instruction;
use super::steps::{CommandForm, StepKind};

/// `docker history`'s CREATED BY for a BuildKit build.
pub(super) fn created_by(ins: &Instruction, kind: &StepKind) -> String {
    let flags: String = ins
        .flags
        .iter()
        .map(|(n, v)| {
            if v.is_empty() {
                format!("--{n} ")
            } else {
                format!("--{n}={v} ")
            }
        })
        .collect();
    let text = match kind {
        StepKind::Run(CommandForm::Shell(s)) => format!("RUN {flags}/bin/sh -c {s} # buildkit"),
        StepKind::Run(CommandForm::Exec(v)) => format!("RUN {flags}{} # buildkit", v.join(" ")),
        StepKind::Copy { .. } => format!("{} {flags}{} # buildkit", ins.keyword.name(), ins.rest),
        StepKind::Workdir(d) => format!("WORKDIR {d}"),
        StepKind::Env(pairs) => format!(
            "ENV {}",
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StepKind::Arg(a) => format!(
            "ARG {}",
            a.iter()
                .map(|(k, v)| match v {
                    Some(v) => format!("{k}={v}"),
                    None => k.clone(),
                })
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StepKind::Expose(ports) => format!(
            "EXPOSE map[{}]",
            ports
                .iter()
                .map(|(p, proto)| format!("{p}/{proto}:{{}}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StepKind::User(u) => format!("USER {u}"),
        StepKind::Cmd(c) => format!("CMD {}", go_slice(&c.argv())),
        StepKind::Entrypoint(c) => format!("ENTRYPOINT {}", go_slice(&c.argv())),
        StepKind::Healthcheck(None) => {
            "HEALTHCHECK &{[\"NONE\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}".into()
        }
        StepKind::Healthcheck(Some(h)) => {
            let test = match &h.command {
                CommandForm::Exec(v) => std::iter::once("CMD".to_string())
                    .chain(v.iter().cloned())
                    .collect(),
                CommandForm::Shell(s) => vec!["CMD-SHELL".to_string(), s.clone()],
            };
            format!(
                "HEALTHCHECK &{{{} \"{}\" \"{}\" \"{}\" \"0s\" '\\x{:02x}'}}",
                go_slice(&test),
                crate::base::clock::go_duration(h.interval_ms),
                crate::base::clock::go_duration(h.timeout_ms),
                crate::base::clock::go_duration(h.start_period_ms),
                h.retries.min(255)
            )
        }
        StepKind::Label(pairs) => format!(
            "LABEL {}",
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        StepKind::Other(rest) => format!("{} {rest}", ins.keyword.name()),
    };
    text
}

/// Go's `%q`-quoted slice, as `docker history` prints CMD: `["node" "server.js"]`.
fn go_slice(v: &[String]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(|s| serde_json::to_string(s).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ")
    )
}
