//! A size measurement, not a product: every entry point of `sunaba-core` that the playground
//! calls (commands, the clock, the views it draws, completion, the editor's and the
//! Dockerfile's checks, "show me" experiments), exported through wasm-bindgen and nothing else —
//! no Yew, no components, no share links. `cargo xtask bench size` builds it with the release
//! profile and wasm-opt exactly as `dist` builds the playground and prints both sizes, so the
//! Wasm bundle splits into "the simulation" and "the page around it".

use std::cell::RefCell;

use sunaba_core::{MapFiles, World};
use wasm_bindgen::prelude::*;

thread_local! {
    static WORLD: RefCell<World> = RefCell::new(World::new(1));
}

/// Starts over with this seed.
#[wasm_bindgen]
pub fn reset(seed: u32) {
    WORLD.with(|w| *w.borrow_mut() = World::new(u64::from(seed)));
}

/// One line of the command language, with `files` (a JSON object of path → text).
#[wasm_bindgen]
pub fn run(line: &str, files: &str) -> String {
    let files: std::collections::BTreeMap<String, String> =
        serde_json::from_str(files).unwrap_or_default();
    WORLD.with(
        |w| match sunaba_core::run(&mut w.borrow_mut(), line, &MapFiles(files)) {
            Ok(out) => out,
            Err(e) => e.message,
        },
    )
}

#[wasm_bindgen]
pub fn advance(ms: u32) {
    WORLD.with(|w| w.borrow_mut().advance_by(u64::from(ms)));
}

/// Every view the playground draws, as JSON.
#[wasm_bindgen]
pub fn views() -> String {
    WORLD.with(|w| {
        let home = w.borrow();
        let world = home.active();
        let parts = [
            serde_json::to_string(&world.cluster_view()),
            serde_json::to_string(&world.event_views(50)),
            serde_json::to_string(&world.availability_samples()),
            serde_json::to_string(&world.traffic_samples()),
            serde_json::to_string(&world.reconcile_log()),
            serde_json::to_string(&home.environments_view()),
        ];
        parts.into_iter().map(Result::unwrap_or_default).collect()
    })
}

/// Tab completion: the candidates, one per line.
#[wasm_bindgen]
pub fn complete(line: &str) -> String {
    WORLD.with(|w| {
        sunaba_core::lang::complete::complete(&w.borrow(), line)
            .candidates
            .join("\n")
    })
}

/// The editor's diagnostics and findings, the Dockerfile panel's findings, and the transcript of
/// the first finding's experiment.
#[wasm_bindgen]
pub fn check(text: &str) -> String {
    use sunaba_core::input::definitions::{lint, load};
    use sunaba_core::lessons::experiments;
    let loaded = load("editor.yaml", text);
    let findings = lint::lint("editor.yaml", text);
    let dockerfile = sunaba_core::input::dockerfile_lint::lint("Dockerfile", text);
    let transcript = findings
        .first()
        .and_then(|f| experiments::show_me(f, text).ok())
        .map(|s| experiments::transcript(&s.as_written, false))
        .unwrap_or_default();
    format!(
        "{} {} {} {}\n{transcript}",
        loaded.objects.len() + loaded.ecs.len(),
        loaded.diagnostics.len(),
        findings.len(),
        dockerfile.len()
    )
}
