//! Helpers shared by the integration tests. `golden` is also compiled on its own into the
//! WebAssembly test `tests/wasm_determinism.rs`, so it uses nothing from here.

pub mod golden;

use sunaba_core::MapFiles;

/// The files of `www/examples/<dir>/`, keyed by their path below it (what a shell would serve).
pub fn example_files(dir: &str) -> MapFiles {
    let root = format!("{}/../../www/examples/{dir}", env!("CARGO_MANIFEST_DIR"));
    let mut f = MapFiles::default();
    let mut stack = vec![std::path::PathBuf::from(&root)];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read example dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                f.0.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    f
}
