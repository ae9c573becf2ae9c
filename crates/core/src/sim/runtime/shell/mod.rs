//! The shell busybox containers run: `sh -c "…"` scripts, a container's `command`/`args`, and
//! `kubectl exec POD -- sh -c '…'`. A POSIX subset read by [`parse`] and run by [`eval`] on
//! virtual time: a script is a pure function of (script, environment, files, and what the
//! network answers when asked), run from its start up to a horizon. The runtime
//! ([`super`]) replays it further as time passes; nothing here keeps state between runs.

pub mod arith;
pub mod commands;
pub mod eval;
pub mod net;
pub mod parse;

use crate::input::model::Millis;

/// What a script asks the network: the runtime answers from the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// A DNS name as written (the search path is the answerer's).
    Resolve(String),
    /// An HTTP GET of `http://HOST[:PORT]/PATH`.
    Get {
        host: String,
        port: u16,
        path: String,
    },
}

/// How the network answered a [`Query`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The name found (its full name) and its addresses, each with the name a reverse lookup
    /// gives; `None`: no such name.
    Resolved(Option<(String, Vec<(String, String)>)>),
    /// The body of a 200 answer.
    Body(String),
    /// The host name does not resolve.
    BadAddress,
    /// Resolved, but nothing listens there: (the address tried).
    Refused(String),
}

/// The network as a script sees it, asked at a virtual time (absolute ms).
pub trait Net {
    fn ask(&mut self, at_ms: Millis, query: &Query) -> Answer;
}

/// A network where nothing resolves (a script evaluated without a cluster).
pub struct NoNet;

impl Net for NoNet {
    fn ask(&mut self, _: Millis, query: &Query) -> Answer {
        match query {
            Query::Resolve(_) => Answer::Resolved(None),
            Query::Get { .. } => Answer::BadAddress,
        }
    }
}

/// Where and as whom a script runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// The process's environment, in order.
    pub env: Vec<(String, String)>,
    /// Files present at the start (path, content): `/etc/hostname`, the service account's
    /// namespace, `/etc/resolv.conf`, and for `exec` what the container wrote.
    pub files: Vec<(String, String)>,
    /// Absolute virtual time of the script's start (for `date`).
    pub start_ms: Millis,
    /// busybox before 1.29 prints nslookup in the old layout.
    pub old_nslookup: bool,
    /// The image has curl (radial/busyboxplus:curl).
    pub has_curl: bool,
}

/// A version of a file: its content from `from_ms` until `to_ms` (none: still so), offsets
/// from the script's start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileVersion {
    pub path: String,
    pub content: String,
    pub from_ms: Millis,
    pub to_ms: Option<Millis>,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    /// The script exited at this offset with this status.
    Exited { at_ms: Millis, code: i32 },
    /// It runs on forever without doing anything more (`sleep infinity`, `tail -f`, a loop
    /// cut off).
    Forever,
    /// It reached the horizon while sleeping until this offset; run again further to know more.
    Paused { until_ms: Millis },
}

/// What a script did up to its horizon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// Output lines (stdout and stderr, as `kubectl logs` shows both) at their offsets.
    pub lines: Vec<(Millis, String)>,
    pub files: Vec<FileVersion>,
    pub end: End,
}

impl Trace {
    /// The files as they are at offset `at_ms`: (path, content).
    pub fn files_at(&self, at_ms: Millis) -> Vec<(String, String)> {
        self.files
            .iter()
            .filter(|f| f.from_ms <= at_ms && f.to_ms.is_none_or(|t| at_ms < t))
            .map(|f| (f.path.clone(), f.content.clone()))
            .collect()
    }
}

/// The script a command line runs: a shell's `-c` argument, or the command itself quoted back
/// into one line; nothing for a bare shell (busybox's default CMD is `sh`: no TTY, no input →
/// it exits 0 at once).
pub fn script_of(argv: &[String]) -> String {
    match argv.first().map(String::as_str) {
        None => String::new(),
        Some("sh" | "/bin/sh" | "bash" | "/bin/bash" | "ash" | "/bin/ash") => {
            match argv.iter().position(|a| a == "-c") {
                Some(i) => argv.get(i + 1).cloned().unwrap_or_default(),
                None => String::new(),
            }
        }
        Some(_) => argv.iter().map(|a| quote(a)).collect::<Vec<_>>().join(" "),
    }
}

/// A word quoted back for a shell line.
pub fn quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Runs `script` from its start up to `horizon_ms` (an offset from its start).
pub fn run(script: &str, ctx: &Context, net: &mut dyn Net, horizon_ms: Millis) -> Trace {
    run_from(script, ctx, net, horizon_ms, 0)
}

/// [`run`], keeping only the output lines from the `skip_lines`th on (a replay's earlier lines
/// are already in the log).
pub fn run_from(
    script: &str,
    ctx: &Context,
    net: &mut dyn Net,
    horizon_ms: Millis,
    skip_lines: usize,
) -> Trace {
    match parse::parse(script) {
        Ok(cmd) => eval::Interp::new(ctx, net, horizon_ms, skip_lines).run(&cmd),
        Err(message) => Trace {
            lines: if skip_lines == 0 {
                vec![(0, message)]
            } else {
                Vec::new()
            },
            files: Vec::new(),
            end: End::Exited { at_ms: 0, code: 2 },
        },
    }
}
