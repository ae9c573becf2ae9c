//! What evaluation produces: [`Stage`]s of typed [`Step`]s, the exec or shell
//! [`CommandForm`] of a command, a [`Healthcheck`]. Plain data, no logic beyond `argv`.

/// How RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD were written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandForm {
    /// `["node", "server.js"]`: run as is, no shell.
    Exec(Vec<String>),
    /// `node server.js`: run by `/bin/sh -c`.
    Shell(String),
}

impl CommandForm {
    /// The argv the runtime starts (`/bin/sh -c "…"` for the shell form).
    pub fn argv(&self) -> Vec<String> {
        match self {
            CommandForm::Exec(v) => v.clone(),
            CommandForm::Shell(s) => vec!["/bin/sh".into(), "-c".into(), s.clone()],
        }
    }
}

/// A `HEALTHCHECK` (Docker's defaults: interval 30 s, timeout 30 s, start period 0, 3 retries).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Healthcheck {
    pub command: CommandForm,
    pub interval_ms: u64,
    pub timeout_ms: u64,
    pub start_period_ms: u64,
    pub retries: u32,
}

/// What one instruction does, with variables substituted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepKind {
    Run(CommandForm),
    Copy {
        /// `ADD` rather than `COPY`.
        add: bool,
        sources: Vec<String>,
        dest: String,
        /// `--from=stage|image`.
        from: Option<String>,
        chown: Option<String>,
    },
    Workdir(String),
    Env(Vec<(String, String)>),
    Arg(Vec<(String, Option<String>)>),
    Expose(Vec<(u16, String)>),
    User(String),
    Cmd(CommandForm),
    Entrypoint(CommandForm),
    /// `None` is `HEALTHCHECK NONE` (disable the base image's).
    Healthcheck(Option<Healthcheck>),
    Label(Vec<(String, String)>),
    /// Accepted, recorded, not simulated (MAINTAINER, ONBUILD, SHELL, STOPSIGNAL, VOLUME).
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub line: usize,
    pub end_line: usize,
    pub kind: StepKind,
    /// The instruction as `docker history` shows it (`RUN /bin/sh -c npm ci # buildkit`).
    pub created_by: String,
}

/// A build stage: `FROM image [AS name]` and its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub line: usize,
    /// The base image (global ARGs substituted) or an earlier stage's name.
    pub from: String,
    pub name: Option<String>,
    pub steps: Vec<Step>,
}
