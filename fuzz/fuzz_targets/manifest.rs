#![no_main]
// What this target checks: sunaba_fuzz_checks::manifest (crates/fuzz-checks).
libfuzzer_sys::fuzz_target!(|data: &[u8]| sunaba_fuzz_checks::manifest(data));
