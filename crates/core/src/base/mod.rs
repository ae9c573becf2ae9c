//! Layer 0, **base**: small pure utilities every layer may use — the virtual clock's formats,
//! the seeded RNG, deterministic sorting, ordered maps, base64, the learner-facing
//! [`command::CommandError`] every layer refuses a command with, and the [`language::Language`]
//! a learner reads Sunaba's own words in.
//!
//! Owns no state of the simulation. Imports nothing from the crate.

pub mod base64;
pub mod clock;
pub mod command;
pub mod language;
pub mod object_map;
pub mod rng;
pub mod sort;
