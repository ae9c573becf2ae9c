//! Honest time: a command or Step that moves the clock at once is remembered, so the page says
//! by how much (playing moves it continuously and is not a jump).

use super::Session;

/// The clock moved at once by at least [`JUMP_SHOWN_MIN_MS`] because of a command or the Step
/// button (not by playing): the page says by how much, so time never jumps without a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jump {
    pub from_ms: u64,
    pub to_ms: u64,
    pub cause: JumpCause,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JumpCause {
    Command(String),
    Step,
}

/// Shorter moves (a frame, a command's own settle) are not jumps.
pub const JUMP_SHOWN_MIN_MS: u64 = 1_000;

impl Session {
    /// Remembers a jump of the clock from `from_ms` to now, if it moved far enough.
    pub(super) fn note_jump(&self, from_ms: u64, cause: JumpCause) {
        let to_ms = self.now_ms();
        if to_ms >= from_ms.saturating_add(JUMP_SHOWN_MIN_MS) {
            *self.jump.borrow_mut() = Some(Jump {
                from_ms,
                to_ms,
                cause,
            });
        }
    }

    /// The latest jump of the clock, if any.
    pub fn jump(&self) -> Option<Jump> {
        self.jump.borrow().clone()
    }
}
