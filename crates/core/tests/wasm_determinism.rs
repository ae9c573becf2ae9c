//! WebAssembly half of the cross-platform determinism check: the same scenario run inside a
//! browser must give the digest pinned from the native run (see `it/common/golden.rs`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "it/common/golden.rs"]
mod golden;

#[wasm_bindgen_test]
fn wasm_trace_matches_the_native_digest() {
    assert_eq!(golden::trace_digest(), golden::GOLDEN_DIGEST);
}

#[wasm_bindgen_test]
fn wasm_cloud_trace_matches_the_native_digest() {
    assert_eq!(golden::cloud_trace_digest(), golden::GOLDEN_CLOUD_DIGEST);
}
