//! Layer 7, **lessons**: what is built on top of whole simulations — the lint findings'
//! "show me" experiments (each runs a fresh `World` as written and with the finding fixed), and
//! workshop exercises: steps whose goals ([`goals`]) are checked on the live simulation.
//!
//! May import every layer below; nothing imports it.

pub mod exercise;
pub mod experiments;
pub mod goals;
