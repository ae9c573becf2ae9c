//! Layer 5, **lang**: the command language every shell speaks — `kubectl …`, `aws …`, `sim …`
//! lines parsed, checked and run against the simulation — and everything printed for a person:
//! kubectl's tables, `describe` layouts, `-o json|yaml`, Tab completion, and the language
//! explaining itself (`help`, `--help`, `kubectl explain`: [`help`], [`explain`]).
//!
//! Text is made here, at the edge, and never parsed back. May import every layer below.
//!
//! The entry is [`command::run`]`(&mut world, line, files)`, re-exported as `sunaba_core::run`
//! (and [`command::run_for`], for a reader of another language); help is answered first, with
//! no world; otherwise it routes the line (to the context's cluster, or to `kubectl config` and `sim account|cluster|db|env`
//! in [`accounts`] and [`environments`]) and dispatches to [`kubectl`], [`sim`] or [`aws`], whose
//! handlers parse their flags with [`args`] and never call back into the dispatcher. Every handler is a free function taking the [`World`]
//! (`&mut` or `&`): no `impl World` lives in this layer. `run` is a function rather than a
//! method because the facade (`sim/world.rs`) may not import the layer above it, and an
//! extension trait implemented here would be an `impl … for World` outside the facade all the
//! same; so every shell calls `sunaba_core::run(&mut w, …)`.
//!
//! [`World`]: crate::World

pub(crate) mod accounts;
pub(crate) mod args;
pub(crate) mod aws;
pub mod batch;
pub mod command;
pub mod complete;
pub mod configs;
pub(crate) mod describe;
pub(crate) mod environments;
pub mod explain;
pub mod grammar;
#[cfg(test)]
mod grammar_tests;
pub(crate) mod help;
pub(crate) mod jsonpath;
pub(crate) mod kubeconfig;
pub(crate) mod kubectl;
pub mod printers;
pub(crate) mod sim;
pub mod stored;

/// A Deployment's ECS twin (`sim side-by-side`), for the shells and tests that read it.
pub use aws::ecs::convert::{side_by_side, SideBySide};
