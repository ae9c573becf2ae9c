//! # sunaba-ui
//!
//! The Yew components of the Sunaba playground. The UI holds no orchestration logic: it turns
//! clicks into commands of the core's language (shown in the command log), advances virtual
//! time from a `requestAnimationFrame` loop, and draws the core's views.
//!
//! Where things are: [`session`] (the shell around one `World`), [`state`] (actions and the
//! reducer), [`app`] (the page), [`components`] (the panels), [`mount`] (embedding with
//! options), [`strings`] (all UI text).

pub mod app;
pub mod components;
pub mod example;
pub mod format;
pub mod frame_loop;
pub mod highlight;
pub mod mount;
pub mod panels;
pub mod session;
pub mod share;
pub mod state;
pub mod storage;
pub mod strings;

pub use app::{App, AppProps};
pub use mount::{mount, MountOptions, Mounted};
pub use session::Session;
