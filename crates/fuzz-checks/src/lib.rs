//! What each fuzz target checks, in one place: the cargo-fuzz targets (`fuzz/fuzz_targets/`)
//! call these functions with libFuzzer's bytes, and the corpus replay test
//! (`tests/corpus.rs`) calls the same functions with every file of `fuzz/corpus/TARGET/`, so
//! CI replays what fuzzing found without nightly or cargo-fuzz.
//!
//! Each check feeds the bytes to a parser a learner or an author feeds, through the entry the
//! product uses, and panics — which libFuzzer records as a crash — when the parser panics or
//! when a bound its module documents is broken: an error without a location inside the text,
//! an output past its size, a count past its limit, a world whose invariants no longer hold.
//!
//! Deterministic: the same bytes always take the same path (fresh worlds from a fixed seed, no
//! state kept between calls), so every crash replays.

mod command;
mod inputs;
mod located;
mod share;

pub use command::{command, ecs_json};
pub use inputs::{dockerfile, exercise, kustomize, manifest};
pub use share::share;

/// One fuzz target: its name (the `fuzz/fuzz_targets/NAME.rs` file and `fuzz/corpus/NAME/`)
/// and its check.
pub struct Target {
    pub name: &'static str,
    pub check: fn(&[u8]),
}

/// Every target, in the order `cargo xtask fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "manifest",
        check: manifest,
    },
    Target {
        name: "ecs_json",
        check: ecs_json,
    },
    Target {
        name: "kustomize",
        check: kustomize,
    },
    Target {
        name: "dockerfile",
        check: dockerfile,
    },
    Target {
        name: "command",
        check: command,
    },
    Target {
        name: "share",
        check: share,
    },
    Target {
        name: "exercise",
        check: exercise,
    },
];

/// The bytes as the text a shell would hand over: browsers and the CLI read files as UTF-8,
/// replacing what is not (so every input reaches the parser instead of most being refused).
pub(crate) fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}
