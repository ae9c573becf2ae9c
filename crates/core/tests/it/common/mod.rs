//! Helpers shared by the integration tests. `golden` is also compiled on its own into the
//! WebAssembly test `tests/wasm_determinism.rs`, so it uses nothing from here.

pub mod exercises;
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

/// The cells of column `name`, top to bottom, in a table as kubectl prints it: a column starts
/// where its header name does (names are apart by two spaces or more; `LAST SEEN` holds one).
pub fn column(table: &str, name: &str) -> Vec<String> {
    let mut lines = table.lines();
    let header: Vec<char> = lines.next().unwrap_or_default().chars().collect();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < header.len() {
        let start = i;
        while i < header.len() && !(header[i] == ' ' && header.get(i + 1).is_none_or(|c| *c == ' '))
        {
            i += 1;
        }
        starts.push((header[start..i].iter().collect::<String>(), start));
        while i < header.len() && header[i] == ' ' {
            i += 1;
        }
    }
    let c = starts
        .iter()
        .position(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no column {name} in:\n{table}"));
    lines
        .map(|line| {
            let line: Vec<char> = line.chars().collect();
            let start = starts[c].1.min(line.len());
            let end = starts
                .get(c + 1)
                .map_or(line.len(), |n| n.1.min(line.len()));
            line[start..end]
                .iter()
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .collect()
}
