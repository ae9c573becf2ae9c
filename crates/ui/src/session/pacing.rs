//! Slowing down at key moments: while the learner asks for it, the frame loop advances the
//! world wake-up by wake-up and, when the narration tells a key moment (a crash, a restart,
//! an OOM kill, an ECS task replaced — the core's [`NarrationKind::is_key_moment`] decides
//! which), stops the clock right there for [`KEY_MOMENT_HOLD_REAL_MS`] of real time, so the
//! moment is on screen at ×10 and ×60 too. Only pacing changes: the virtual clock shows the
//! very moment, no virtual time is skipped or invented (the frame's remaining time is not
//! owed), and the views say that it holds ([`Slowed`]).

use sunaba_core::world::narration::NarrationKind;

use super::Session;

/// Real time the clock holds still after a key moment.
pub const KEY_MOMENT_HOLD_REAL_MS: f64 = 1_500.0;
/// Wake-ups one frame steps through looking for a key moment, at most (then it advances the
/// rest of the frame at once).
const WAKEUPS_PER_FRAME_MAX: usize = 256;

/// The clock holds still at a key moment of this kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slowed {
    pub kind: NarrationKind,
}

impl Session {
    /// While holding (or when a key moment was just told, by a command for instance): counts
    /// the hold down by `real` ms. `Some(changed)` while the clock must stay still — `changed`
    /// when the hold began or ended this frame; `None` to advance as usual.
    pub(super) fn hold_still(&self, real: f64) -> Option<bool> {
        if let Some(kind) = self.key_heard.take() {
            self.hold.set(Some((KEY_MOMENT_HOLD_REAL_MS, kind)));
            self.virtual_ms_carry.set(0.0);
            return Some(true);
        }
        let (left, kind) = self.hold.get()?;
        let left = left - real;
        self.virtual_ms_carry.set(0.0);
        if left > 0.0 {
            self.hold.set(Some((left, kind)));
            Some(false)
        } else {
            self.hold.set(None);
            Some(true)
        }
    }

    /// Advances by `virtual_ms`, wake-up by wake-up, stopping at the first key moment told
    /// (the clock then holds there). Returns whether it stopped.
    pub(super) fn advance_until_key_moment(&self, virtual_ms: u64) -> bool {
        let target = self.now_ms().saturating_add(virtual_ms);
        for _ in 0..WAKEUPS_PER_FRAME_MAX {
            let now = self.now_ms();
            let next = self
                .next_wakeup_ms()
                .filter(|&t| t < target)
                .unwrap_or(target)
                .max(now);
            self.advance_to(next);
            if let Some(kind) = self.key_heard.take() {
                self.hold.set(Some((KEY_MOMENT_HOLD_REAL_MS, kind)));
                self.virtual_ms_carry.set(0.0);
                return true;
            }
            if next >= target {
                return false;
            }
        }
        self.advance_to(target);
        false
    }

    /// The hold in force, if any.
    pub fn slowed(&self) -> Option<Slowed> {
        self.hold.get().map(|(_, kind)| Slowed { kind })
    }
}
