//! Narration: what just happened in the cluster, one plain sentence per thing, in English and
//! Japanese — "container nginx in pod web-… exited with code 1; the kubelet restarted it
//! (restart 1); the next crash waits 10 s".
//!
//! A pure reading of the trace: [`narrate`] turns one batch of drained events into typed
//! [`NarrationLine`]s (who acted, the object, a [`NarrationKind`], what was said as typed
//! parts [`Said`]), from each event's typed facts ([`crate::sim::event_facts`]) and, for ECS,
//! what the world keeps about its tasks; [`Narration`] keeps the newest lines, bounded, merging
//! bursts. Text is made only when asked for ([`NarrationLine::text`]). The kinds a learner must
//! not miss are [`NarrationKind::is_key_moment`]: a shell may slow its clock for them, and
//! decides nothing else.
//!
//! Files: `line` (the line and its kinds), `said` (what a line says, and merging), `narrate`
//! (events → lines), `ecs` (ECS's service events), `text` (the sentences), `log` (the kept
//! lines). It never changes the world.

pub mod ecs;
pub mod line;
pub mod log;
pub mod narrate;
pub mod said;
pub mod text;

pub use line::{NarrationKind, NarrationLine};
pub use log::Narration;
pub use narrate::narrate;
pub use said::Said;
pub use text::Language;
