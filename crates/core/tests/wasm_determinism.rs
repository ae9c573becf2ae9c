//! WebAssembly half of the cross-platform checks: the same scenario run inside a browser must
//! give the digest pinned from the native run (see `it/common/golden.rs`), and every workshop
//! exercise passes the author's check there too (`it/common/exercises.rs`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "it/common/golden.rs"]
mod golden;

#[path = "it/common/exercises.rs"]
mod exercises;

#[wasm_bindgen_test]
fn wasm_trace_matches_the_native_digest() {
    assert_eq!(golden::trace_digest(), golden::GOLDEN_DIGEST);
}

#[wasm_bindgen_test]
fn wasm_cloud_trace_matches_the_native_digest() {
    assert_eq!(golden::cloud_trace_digest(), golden::GOLDEN_CLOUD_DIGEST);
}

#[wasm_bindgen_test]
fn every_exercise_is_sound_in_the_browser() {
    assert_eq!(exercises::unsound(), Vec::<String>::new());
}
