//! Native half of the cross-platform determinism check (see `common/golden.rs`).

use crate::common::golden;

#[test]
fn native_trace_matches_the_pinned_digest() {
    let digest = golden::trace_digest();
    assert_eq!(
        digest,
        golden::GOLDEN_DIGEST,
        "the golden trace changed (digest {digest:#x}). If the change is intended, pin the new digest in crates/core/tests/it/common/golden.rs; the first lines were:\n{}",
        golden::trace_lines().iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn native_cloud_trace_matches_the_pinned_digest() {
    let lines = golden::cloud_trace_lines();
    let digest = golden::cloud_trace_digest();
    let errors: Vec<&String> = lines.iter().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        digest,
        golden::GOLDEN_CLOUD_DIGEST,
        "the cloud golden trace changed (digest {digest:#x}). If the change is intended, pin the new digest in crates/core/tests/it/common/golden.rs; its errors were:\n{errors:#?}"
    );
}
