//! # sunaba-ui
//!
//! The Yew components of the Sunaba playground. The UI holds no orchestration logic: it turns
//! clicks into commands of the core's language (shown in the command log), advances virtual
//! time from a `requestAnimationFrame` loop, and draws the core's views.
//!
//! Where things are: [`session`] (the shell around one `World`), [`state`] (actions and the
//! reducer), [`app`] (the page), [`components`] (the panels), [`mount`] (embedding with
//! options), [`recipes`] (the command text of some buttons, as data in `www/recipes/`),
//! [`strings`] (all UI text).

pub mod app;
pub mod autosave;
pub mod components;
pub mod course;
pub mod cssom;
pub mod early_input;
pub mod embed;
pub mod example;
pub mod format;
pub mod frame_loop;
pub mod highlight;
pub mod ids;
pub mod later;
pub mod mount;
pub mod panels;
pub mod prerender;
pub mod ready;
pub mod recipes;
pub mod records;
pub mod session;
pub mod share;
pub mod state;
pub mod storage;
pub mod strings;
pub mod visible;

pub use app::{App, AppProps};
pub use mount::{mount, MountOptions, Mounted};
pub use session::Session;

#[cfg(test)]
mod stylesheet_tests {
    /// The stylesheet every page loads. A lost `}` (easy in a merge) silently disables every
    /// rule after it, so this checks the structure, not the looks.
    const CSS: &str = include_str!("../../../www/style.css");

    #[test]
    fn braces_balance_and_no_merge_markers_remain() {
        let mut depth = 0i32;
        let mut in_comment = false;
        let bytes = CSS.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if in_comment {
                if bytes[i..].starts_with(b"*/") {
                    in_comment = false;
                    i += 1;
                }
            } else if bytes[i..].starts_with(b"/*") {
                in_comment = true;
                i += 1;
            } else if bytes[i] == b'{' {
                depth += 1;
            } else if bytes[i] == b'}' {
                depth -= 1;
                let line = CSS[..i].lines().count();
                assert!(depth >= 0, "an extra `}}` at line {line}");
            }
            i += 1;
        }
        assert!(!in_comment, "an unclosed comment");
        assert_eq!(depth, 0, "a `{{` is never closed");
        for marker in ["<<<<<<<", ">>>>>>>", "\n=======\n"] {
            assert!(
                !CSS.contains(marker),
                "merge marker {marker:?} left in style.css"
            );
        }
    }
}
