//! Layer 6, **lessons**: what is built on top of whole simulations — the lint findings'
//! "show me" experiments (each runs a fresh `World` as written and with the finding fixed).
//!
//! May import every layer below; nothing imports it.

pub mod experiments;
