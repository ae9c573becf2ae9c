//! Layer 5, **lang**: the command language every shell speaks — `kubectl …`, `aws …`, `sim …`
//! lines parsed, checked and run against the simulation — and everything printed for a person:
//! kubectl's tables, `describe` layouts, `-o json|yaml`, Tab completion.
//!
//! Text is made here, at the edge, and never parsed back. May import every layer below.

pub(crate) mod aws;
pub mod command;
pub mod complete;
pub mod configs;
pub(crate) mod describe;
pub mod grammar;
#[cfg(test)]
mod grammar_tests;
pub(crate) mod kubectl;
pub mod printers;
pub(crate) mod sim;
