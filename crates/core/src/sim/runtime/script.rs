//! A running shell script, followed on virtual time without polling.
//!
//! The script is a pure function of its start and of what the network answered, so it is run
//! from its start up to a little past now ([`LOOKAHEAD_MS`]), answering every question the
//! script asks after now with the world as it is now. The container wakes only when something
//! is due: its next output line, its exit, the next question answered in advance (asked again
//! at its time: the same answer keeps the plan, a different one replays the script from its
//! start with the answers given so far), or the end of the look-ahead. So `until nslookup
//! myservice; do sleep 2; done` finishes at the first question asked after the Service exists.

use super::shell::{self, Answer, Context, End, Net, Query, Trace};
use crate::input::model::Millis;

/// How far past now a script is run in advance.
pub const LOOKAHEAD_MS: Millis = 300_000;
/// Answers remembered per run (a replay gives the earlier ones again).
const ANSWERS_MAX: usize = 20_000;

/// One question the script asked, when, and the answer it got (or is assumed to get).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Asked {
    at_ms: Millis,
    query: Query,
    answer: Answer,
}

/// A container's script as far as it has been followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptRun {
    script: String,
    ctx: Context,
    started_ms: Millis,
    trace: Trace,
    /// Index (over the whole run) of `trace.lines[0]`.
    first_line: usize,
    answers: Vec<Asked>,
    /// Lines (over the whole run) already written to the container's log.
    emitted: usize,
    /// Answers asked at or before this time are what the world really answered.
    checked: Millis,
    /// When the container must look at its script again (none: nothing more will happen).
    pub wake_ms: Option<Millis>,
}

/// What became due at a wake-up: log lines, and the exit status if the script ended.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Due {
    pub lines: Vec<String>,
    pub exit: Option<i32>,
}

impl ScriptRun {
    /// The script starts now.
    pub fn start(
        script: String,
        ctx: Context,
        now_ms: Millis,
        live: &mut dyn Net,
    ) -> (ScriptRun, Due) {
        let mut run = ScriptRun {
            script,
            ctx: Context {
                start_ms: now_ms,
                ..ctx
            },
            started_ms: now_ms,
            trace: Trace {
                lines: Vec::new(),
                files: Vec::new(),
                end: End::Forever,
            },
            first_line: 0,
            answers: Vec::new(),
            emitted: 0,
            checked: now_ms,
            wake_ms: None,
        };
        run.replay(now_ms, 0, live);
        let due = run.due(now_ms);
        (run, due)
    }

    /// A wake-up at `now_ms`: check the answers given in advance, follow the script further
    /// if needed, and say what is due.
    pub fn wake(&mut self, now_ms: Millis, live: &mut dyn Net) -> Due {
        let checked = self.checked;
        let changed = self.answers.iter().position(|a| {
            a.at_ms > checked && a.at_ms <= now_ms && live.ask(now_ms, &a.query) != a.answer
        });
        if let Some(j) = changed {
            self.replay(now_ms, j, live);
        } else if let End::Paused { until_ms } = self.trace.end {
            if self.started_ms.saturating_add(until_ms) <= now_ms {
                let keep = self.answers.partition_point(|a| a.at_ms <= now_ms);
                self.replay(now_ms, keep, live);
            }
        }
        self.checked = now_ms;
        self.due(now_ms)
    }

    /// Runs the script again from its start, keeping the first `keep` answers.
    fn replay(&mut self, now_ms: Millis, keep: usize, live: &mut dyn Net) {
        self.answers.truncate(keep);
        let mut net = Replaying {
            recorded: std::mem::take(&mut self.answers),
            next: 0,
            live,
            now_ms,
            asked: Vec::new(),
        };
        let horizon = now_ms
            .saturating_sub(self.started_ms)
            .saturating_add(LOOKAHEAD_MS);
        let trace = shell::run_from(&self.script, &self.ctx, &mut net, horizon, self.emitted);
        self.answers = net.asked;
        self.first_line = self.emitted;
        self.trace = trace;
        self.checked = now_ms;
    }

    /// The lines due by now, the exit if it is due, and the next wake-up.
    fn due(&mut self, now_ms: Millis) -> Due {
        let mut due = Due::default();
        let at = |offset: Millis| self.started_ms.saturating_add(offset);
        while let Some((t, line)) = self.trace.lines.get(self.emitted - self.first_line) {
            if at(*t) > now_ms {
                break;
            }
            due.lines.push(line.clone());
            self.emitted += 1;
        }
        let next_line = self
            .trace
            .lines
            .get(self.emitted - self.first_line)
            .map(|(t, _)| at(*t));
        let next_answer = self.answers.iter().map(|a| a.at_ms).find(|t| *t > now_ms);
        let end = match self.trace.end {
            End::Exited { at_ms, code } if at(at_ms) <= now_ms && next_line.is_none() => {
                due.exit = Some(code);
                self.wake_ms = None;
                return due;
            }
            End::Exited { at_ms, .. } => Some(at(at_ms)),
            End::Paused { until_ms } => Some(at(until_ms)),
            End::Forever => None,
        };
        self.wake_ms = [next_line, next_answer, end].into_iter().flatten().min();
        due
    }

    /// The files the script has at `now_ms`: (path, content).
    pub fn files_at(&self, now_ms: Millis) -> Vec<(String, String)> {
        self.trace.files_at(now_ms.saturating_sub(self.started_ms))
    }

    /// The script's files as (path, written at, removed at), offsets from its start.
    pub fn file_timeline(&self) -> Vec<(String, Millis, Option<Millis>)> {
        self.trace
            .files
            .iter()
            .map(|f| (f.path.clone(), f.from_ms, f.to_ms))
            .collect()
    }

    /// The environment the script's process has.
    pub fn context(&self) -> &Context {
        &self.ctx
    }
}

/// The network during a replay: the answers given before, then the live world (asked as of
/// now, whatever time the script asks at), every answer recorded.
struct Replaying<'a> {
    recorded: Vec<Asked>,
    next: usize,
    live: &'a mut dyn Net,
    now_ms: Millis,
    asked: Vec<Asked>,
}

impl Net for Replaying<'_> {
    fn ask(&mut self, at_ms: Millis, query: &Query) -> Answer {
        let answer = match self.recorded.get(self.next) {
            Some(a) if a.query == *query => {
                self.next += 1;
                a.answer.clone()
            }
            _ => {
                self.next = usize::MAX;
                self.live.ask(self.now_ms, query)
            }
        };
        if self.asked.len() < ANSWERS_MAX {
            self.asked.push(Asked {
                at_ms,
                query: query.clone(),
                answer: answer.clone(),
            });
        }
        answer
    }
}
