//! Dockerfiles: Docker's real syntax read into located instructions, then evaluated into the
//! steps a build runs (variables substituted where Docker substitutes them).
//!
//! Pure: text in, values out. Two levels, like BuildKit's `parser` and `instructions`:
//! [`parse`] turns text into [`Instruction`]s (parser directives, comments, `\` continuations,
//! keywords, leading `--flags`), and [`evaluate`] turns them into [`Stage`]s of typed [`Step`]s:
//! exec (JSON) and shell forms, `ENV K=V …` and legacy `ENV K V`, `ARG` defaults and
//! `${VAR}`/`$VAR`/`${VAR:-x}`/`${VAR:+x}` in the instructions Docker expands (ADD, COPY, ENV,
//! EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR — never RUN/CMD/ENTRYPOINT, which the
//! shell expands at run time), `HEALTHCHECK` options and `NONE`, `COPY --from`/`--chown`,
//! `EXPOSE 8080/tcp`, multi-stage `FROM … AS name`.
//!
//! Errors are located at the instruction's first line and worded like BuildKit's
//! (`dockerfile parse error on line 3: unknown instruction: FORM (did you mean FROM?)`).
//! Input is bounded: file size, logical line length, instruction count, expanded word length.
//! Never panics on any input (`tests/dockerfile_hostile.rs`).
//!
//! Files: `parse` (text → instructions), `steps` (the evaluated model), `evaluate` (instructions →
//! stages), with `arguments` (an instruction's arguments: exec or shell form, `HEALTHCHECK`
//! options, `ENV` pairs), `expand` (quotes and variable substitution) and `history` (`docker
//! history`'s CREATED BY text). This file holds the bounds and the located error.

mod arguments;
mod evaluate;
mod expand;
mod history;
mod parse;
mod steps;

pub use evaluate::evaluate;
pub use parse::{parse, Instruction, Keyword};
pub use steps::{CommandForm, Healthcheck, Stage, Step, StepKind};

/// Largest Dockerfile read.
pub const MAX_BYTES: usize = 128 * 1024;

/// Longest logical line (after joining `\` continuations).
pub const MAX_LINE_BYTES: usize = 16 * 1024;

/// Most instructions in one Dockerfile.
pub const MAX_INSTRUCTIONS: usize = 500;

/// Longest word after variable substitution.
pub const MAX_EXPANDED_BYTES: usize = 16 * 1024;

/// A located error; `message` is the part after `dockerfile parse error on line N: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerfileError {
    /// 1-based line of the instruction (its first physical line).
    pub line: usize,
    pub message: String,
}

impl DockerfileError {
    pub(super) fn at(line: usize, message: impl Into<String>) -> DockerfileError {
        DockerfileError {
            line,
            message: message.into(),
        }
    }

    /// BuildKit's wording: `dockerfile parse error on line 3: unknown instruction: FORM`.
    pub fn docker_message(&self) -> String {
        format!(
            "dockerfile parse error on line {}: {}",
            self.line, self.message
        )
    }
}

#[cfg(test)]
mod tests;
