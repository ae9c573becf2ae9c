//! The service worker's precache list, generated at build time: every file of `dist/` a learner
//! needs offline (pages, the boot and bindgen JS, the Wasm, the style sheet, examples, exercises,
//! recipes, images) with a content revision, written into `dist/sw.js` in place of its
//! placeholder line. The worker names its cache after the list's own hash, so a build that
//! changes any file is a new worker version, and one that changes nothing is not.

use crate::compress::{relative_name, site_files};
use crate::headers;
use crate::util::Result;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The worker script, copied by Trunk from `www/sw.js`; never precached (the browser fetches
/// it itself to look for a new version).
pub const WORKER: &str = "sw.js";
/// The line of `www/sw.js` this module replaces; everything after `=` is rewritten.
pub const PLACEHOLDER_PREFIX: &str = "self.__PRECACHE = ";
/// Hex digits of a SHA-256 kept as a revision: plenty to tell two versions of a file apart.
const REVISION_HEX: usize = 16;

/// One precached file: its URL relative to the worker's scope (the site root) and a hash of
/// its bytes; `immutable` when its name already changes with its content (Trunk's hashed
/// files), so the browser's HTTP cache may serve it while the worker installs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub url: String,
    pub revision: String,
    pub immutable: bool,
}

/// The list for `dist` and its version (the hash of the list itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Precache {
    pub version: String,
    pub entries: Vec<Entry>,
}

/// Builds the list and writes it into `dist/sw.js`.
pub fn write(dist: &Path) -> Result {
    let list = build(dist)?;
    let worker = dist.join(WORKER);
    let script = std::fs::read_to_string(&worker).map_err(|e| {
        format!(
            "cannot read {} (index.html copies www/sw.js): {e}",
            worker.display()
        )
    })?;
    let script = fill(&script, &list)?;
    std::fs::write(&worker, script)
        .map_err(|e| format!("cannot write {}: {e}", worker.display()))?;
    let bytes: u64 = list
        .entries
        .iter()
        .map(|e| std::fs::metadata(dist.join(&e.url)).map_or(0, |m| m.len()))
        .sum();
    println!(
        "[dist] precache: {} files ({:.1} kB before compression) for offline use, version {}",
        list.entries.len(),
        bytes as f64 / 1000.0,
        list.version
    );
    Ok(())
}

/// Every file of `dist` except the worker, precompressed variants and hidden files.
pub fn build(dist: &Path) -> Result<Precache> {
    let mut entries = Vec::new();
    for file in site_files(dist)? {
        let name = relative_name(dist, &file);
        if name == WORKER {
            continue;
        }
        let bytes =
            std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let file_name = name.rsplit('/').next().unwrap_or(&name);
        entries.push(Entry {
            url: url_escape(&name),
            revision: sha256_hex(&bytes)[..REVISION_HEX].to_string(),
            immutable: headers::is_content_hashed(file_name),
        });
    }
    let version = sha256_hex(entries_json(&entries).as_bytes())[..REVISION_HEX].to_string();
    Ok(Precache { version, entries })
}

/// `script` with its placeholder line replaced by the list (exactly one such line).
pub fn fill(script: &str, list: &Precache) -> Result<String> {
    let hits = script
        .lines()
        .filter(|l| l.starts_with(PLACEHOLDER_PREFIX))
        .count();
    if hits != 1 {
        return Err(format!(
            "{WORKER}: expected one line starting with `{PLACEHOLDER_PREFIX}`, found {hits}"
        ));
    }
    let line = format!(
        "{PLACEHOLDER_PREFIX}{{\"version\":\"{}\",\"entries\":{}}};",
        list.version,
        entries_json(&list.entries)
    );
    let mut out = String::with_capacity(script.len() + line.len());
    for l in script.split_inclusive('\n') {
        if l.starts_with(PLACEHOLDER_PREFIX) {
            out.push_str(&line);
            out.push('\n');
        } else {
            out.push_str(l);
        }
    }
    Ok(out)
}

/// The entries as a JSON array on one line (so that the filled placeholder stays one line).
fn entries_json(entries: &[Entry]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{{\"url\":{},\"revision\":\"{}\"{}}}",
                json_string(&e.url),
                e.revision,
                if e.immutable {
                    ",\"immutable\":true"
                } else {
                    ""
                }
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A path made safe as a relative URL: bytes other than unreserved characters and `/` are
/// percent-encoded (a `#` or `?` in a file name would otherwise cut the URL).
fn url_escape(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::tests::Site;

    fn site() -> Site {
        let s = Site::new("precache");
        s.write("index.html", b"<!doctype html><p>home</p>");
        s.write("lessons/self-healing/index.html", b"<p>lesson</p>");
        s.write("sunaba-0123456789abcdef_bg.wasm", b"\0asm");
        s.write("exercises/self-healing.yaml", b"id: self-healing\n");
        s.write("examples/app/Dockerfile", b"FROM nginx\n");
        s.write("a b#c.txt", b"odd name");
        s.write(
            "sw.js",
            b"// worker\nself.__PRECACHE = { version: 'unbuilt', entries: [] };\n",
        );
        s.write(".trunk-lock", b"");
        s
    }

    #[test]
    fn lists_every_file_but_the_worker_variants_and_hidden_files_and_each_exists() {
        let s = site();
        crate::compress::write_variants(&s.root).unwrap();
        let list = build(&s.root).unwrap();
        let urls: Vec<&str> = list.entries.iter().map(|e| e.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "a%20b%23c.txt",
                "examples/app/Dockerfile",
                "exercises/self-healing.yaml",
                "index.html",
                "lessons/self-healing/index.html",
                "sunaba-0123456789abcdef_bg.wasm",
            ]
        );
        for e in &list.entries {
            let path = e.url.replace("%20", " ").replace("%23", "#");
            assert!(
                s.root.join(&path).is_file(),
                "{} is listed but absent",
                e.url
            );
            assert!(!e.url.ends_with(".br") && !e.url.ends_with(".gz"));
            assert_eq!(e.revision.len(), REVISION_HEX);
            assert_eq!(e.immutable, e.url.starts_with("sunaba-"), "{}", e.url);
        }
    }

    #[test]
    fn a_changed_file_changes_its_revision_and_the_version_and_nothing_else() {
        let s = site();
        let before = build(&s.root).unwrap();
        assert_eq!(
            build(&s.root).unwrap(),
            before,
            "the same files give the same list"
        );
        s.write(
            "exercises/self-healing.yaml",
            b"id: self-healing\ntitle: x\n",
        );
        let after = build(&s.root).unwrap();
        assert_ne!(after.version, before.version);
        for (a, b) in after.entries.iter().zip(&before.entries) {
            assert_eq!(a.url, b.url);
            let changed = a.url == "exercises/self-healing.yaml";
            assert_eq!(a.revision != b.revision, changed, "{}", a.url);
        }
    }

    #[test]
    fn write_fills_the_workers_placeholder_line_only() {
        let s = site();
        write(&s.root).unwrap();
        let script = std::fs::read_to_string(s.root.join("sw.js")).unwrap();
        let list = build(&s.root).unwrap();
        assert!(script.starts_with("// worker\nself.__PRECACHE = {\"version\":\""));
        assert!(script.contains(&format!("\"version\":\"{}\"", list.version)));
        assert!(script.contains("{\"url\":\"sunaba-0123456789abcdef_bg.wasm\",\"revision\":\""));
        assert!(script.contains("\"immutable\":true}"));
        assert!(!script.contains("'unbuilt'"));
        // Filled again (a second build over the same dist/), it still has one list.
        write(&s.root).unwrap();
        let again = std::fs::read_to_string(s.root.join("sw.js")).unwrap();
        assert_eq!(again.matches(PLACEHOLDER_PREFIX).count(), 1);
        assert!(fill("no list here\n", &list).is_err());
    }

    #[test]
    fn the_worker_never_takes_over_the_open_tabs_of_a_built_site() {
        let script = std::fs::read_to_string(crate::util::repo_root().join("www/sw.js")).unwrap();
        let code: Vec<&str> = script
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        assert!(!code.iter().any(|l| l.contains("clients.claim")));
        let skips: Vec<&str> = code
            .iter()
            .copied()
            .filter(|l| l.contains("skipWaiting"))
            .collect();
        // Only the unfilled worker (never a build's: its version is a hash) skips waiting.
        assert_eq!(
            skips,
            ["  if (LIST.version === 'unbuilt') self.skipWaiting();"]
        );
        assert!(script.contains("self.__PRECACHE = { version: 'unbuilt', entries: [] };"));
        let site = site();
        let version = build(&site.root).unwrap().version;
        assert!(version.bytes().all(|b| b.is_ascii_hexdigit()), "{version}");
    }

    #[test]
    fn the_sites_worker_has_exactly_one_placeholder_line() {
        let script = std::fs::read_to_string(crate::util::repo_root().join("www/sw.js")).unwrap();
        let list = Precache {
            version: "v".into(),
            entries: vec![],
        };
        let filled = fill(&script, &list).unwrap();
        assert!(filled.contains("self.__PRECACHE = {\"version\":\"v\",\"entries\":[]};"));
    }
}
