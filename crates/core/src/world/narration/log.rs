//! The narration a shell keeps: [`Narration`], the newest lines, bounded. It hears each
//! batch of drained events ([`Narration::hear`]), tells them ([`super::narrate::narrate`]) and
//! merges what continues a line it already holds: the same thing said again (a readiness
//! probe failing every period) counts a repeat; more of a burst within a few seconds (the
//! kubelet's pulls finishing one after another) joins its line.

use std::collections::VecDeque;

use crate::input::model::Millis;
use crate::sim::events::TraceEvent;
use crate::world::narration::line::{NarrationKind, NarrationLine};
use crate::world::narration::narrate::narrate;
use crate::world::World;

/// Lines kept at most (a shell shows the newest few).
pub const LINES_KEPT_MAX: usize = 30;
/// A new line joins one of the newest lines at most this much (virtual) time after it began.
pub const MERGE_WINDOW_MS: Millis = 5_000;
/// How many of the newest lines a new one may join.
const JOIN_LOOKBACK: usize = 3;

#[derive(Clone, Debug, Default)]
pub struct Narration {
    lines: VecDeque<NarrationLine>,
    /// Changes whenever a line is added or changes (shells rebuild their view on a change).
    version: u64,
}

impl Narration {
    /// Tells one batch of events the world emitted (`first_seq` is the sequence number of
    /// `events[0]`), read against the world as it is after them. Returns the newest key
    /// moment among the lines it added, if any.
    pub fn hear(
        &mut self,
        world: &World,
        first_seq: u64,
        events: &[TraceEvent],
    ) -> Option<NarrationKind> {
        if events.is_empty() {
            return None;
        }
        let mut key = None;
        for line in narrate(world, first_seq, events) {
            self.version += 1;
            if self.join(&line) {
                continue;
            }
            if line.kind().is_key_moment() {
                key = Some(line.kind());
            }
            if self.lines.len() >= LINES_KEPT_MAX {
                self.lines.pop_front();
            }
            self.lines.push_back(line);
        }
        key
    }

    /// Merges `line` into one of the newest lines it continues; returns whether it did.
    fn join(&mut self, line: &NarrationLine) -> bool {
        let from = self.lines.len().saturating_sub(JOIN_LOOKBACK);
        for earlier in self.lines.range_mut(from..).rev() {
            if earlier.namespace != line.namespace || earlier.actor != line.actor {
                continue;
            }
            if earlier.said.repeated_by(&line.said) {
                earlier.said = line.said.clone();
                earlier.repeats = earlier.repeats.saturating_add(1 + line.repeats);
                return true;
            }
            if line.time_ms.saturating_sub(earlier.time_ms) <= MERGE_WINDOW_MS
                && earlier.said.absorb(&line.said)
            {
                return true;
            }
        }
        false
    }

    /// The lines, oldest first.
    pub fn lines(&self) -> impl DoubleEndedIterator<Item = &NarrationLine> + ExactSizeIterator {
        self.lines.iter()
    }

    /// The newest `n` lines, newest first.
    pub fn newest(&self, n: usize) -> Vec<NarrationLine> {
        self.lines.iter().rev().take(n).cloned().collect()
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// Forgets every line (the world started over).
    pub fn clear(&mut self) {
        self.lines.clear();
        self.version += 1;
    }
}
