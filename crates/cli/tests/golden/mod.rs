//! Golden scripts: a folder of `NAME.sunaba` scripts, each with `NAME.out` beside it holding the
//! whole output of its run, compared byte for byte. Shared by the workshop scenarios
//! (`www/scenarios/`) and the official tutorials (`tests/tutorials/`).
//!
//! The scripts are found by listing the folder, so a new one cannot be forgotten: without its
//! `.out` it fails until the file is written (`UPDATE_EXPECT=1` writes it; review the diff).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use expect_test::expect_file;

/// The repository's root folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/cli sits two folders below the workspace")
        .to_path_buf()
}

/// The paths of the files in `dir` whose name ends in `.EXT`, sorted.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

pub fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Runs every script through `run` and compares its output with its `.out` file; names every
/// script that differs (the diffs are printed above), with the command that refreshes them.
pub fn assert_every_script_prints_its_output(
    dir: &Path,
    min_scripts: usize,
    run: impl Fn(&Path) -> String,
    refresh: &str,
) {
    let scripts = files_with_extension(dir, "sunaba");
    assert!(
        scripts.len() >= min_scripts,
        "expected at least {min_scripts} scripts in {}, found {}",
        dir.display(),
        scripts.len()
    );
    let mut differing = Vec::new();
    for script in &scripts {
        let actual = run(script);
        let expected = script.with_extension("out");
        // expect-test prints the diff (and with UPDATE_EXPECT=1 rewrites the file), then
        // panics; catch that to check every script and name all that differ.
        let compared = catch_unwind(AssertUnwindSafe(|| {
            expect_file![expected.clone()].assert_eq(&actual);
        }));
        if compared.is_err() {
            let was = std::fs::read_to_string(&expected).unwrap_or_default();
            differing.push(format!(
                "  {} (expected: {}): {}",
                file_name(script),
                file_name(&expected),
                first_difference(&was, &actual)
            ));
        }
    }
    assert!(
        differing.is_empty(),
        "{} script(s) in {} printed something other than their expected output (diffs above):\n{}\n\
         If the change is intended, rewrite the expected files with\n\
         \n    {refresh}\n\n\
         and review `git diff` of the folder before committing.",
        differing.len(),
        dir.display(),
        differing.join("\n")
    );
}

/// Every `.out` file has its script (a renamed or deleted script leaves none behind).
pub fn assert_every_output_has_its_script(dir: &Path) {
    let orphans: Vec<String> = files_with_extension(dir, "out")
        .iter()
        .filter(|out| !out.with_extension("sunaba").is_file())
        .map(|out| file_name(out))
        .collect();
    assert!(
        orphans.is_empty(),
        "expected outputs without their script in {} (delete them): {orphans:?}",
        dir.display()
    );
}

/// Where two outputs first differ, by line, for the failure summary.
fn first_difference(expected: &str, actual: &str) -> String {
    if expected.is_empty() {
        return "no expected output yet".to_owned();
    }
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for n in 1.. {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => {}
            (None, None) => return "the same lines, a different line ending".to_owned(),
            (x, y) => {
                let show =
                    |l: Option<&str>| l.map_or("(end of output)".to_owned(), |l| format!("{l:?}"));
                return format!("line {n} expected {}, got {}", show(x), show(y));
            }
        }
    }
    unreachable!()
}
