//! The build context: its files read through [`FileSource`] within the bounds,
//! `.dockerignore` honoured, and the sources of a COPY or ADD matched by their glob.

use super::{BuildError, Files, ImageFile, MAX_CONTEXT_BYTES, MAX_CONTEXT_FILES};
use crate::input::files::FileSource;

pub(super) fn basename(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

/// Context files (relative path → file), `.dockerignore` applied, bounded.
pub(super) fn read_context(dir: &str, files: &dyn FileSource) -> Result<Files, BuildError> {
    let dir = dir.trim_end_matches('/');
    let mut listed = files.list(dir).map_err(|e| BuildError {
        line: None,
        message: format!("failed to read build context: {e}"),
    })?;
    crate::base::sort::sort(&mut listed);
    let prefix = if dir.is_empty() || dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    };
    let ignore: Vec<String> = files
        .read(&format!("{prefix}.dockerignore"))
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(|l| {
                    l.trim_start_matches("./")
                        .trim_start_matches('/')
                        .trim_end_matches('/')
                        .to_string()
                })
                .take(1_000)
                .collect()
        })
        .unwrap_or_default();
    let mut out = Files::new();
    let mut bytes = 0usize;
    for rel in listed {
        if ignored(&rel, &ignore) {
            continue;
        }
        if out.len() >= MAX_CONTEXT_FILES {
            return Err(BuildError {
                line: None,
                message: format!("build context has more than {MAX_CONTEXT_FILES} files"),
            });
        }
        let text = files
            .read(&format!("{prefix}{rel}"))
            .map_err(|e| BuildError {
                line: None,
                message: format!("failed to read build context: {e}"),
            })?;
        bytes += text.len();
        if bytes > MAX_CONTEXT_BYTES {
            return Err(BuildError {
                line: None,
                message: format!("build context is larger than {MAX_CONTEXT_BYTES} bytes"),
            });
        }
        let keep = text.len() <= 256 * 1024;
        out.insert(
            rel,
            ImageFile {
                size: text.len() as u64,
                text: keep.then_some(text),
            },
        );
    }
    Ok(out)
}

/// `.dockerignore`'s patterns: a path or any of its parent directories matches (with `*`, `?`;
/// `**/` matches any depth; `!` re-includes).
fn ignored(rel: &str, patterns: &[String]) -> bool {
    let mut out = false;
    for p in patterns {
        let (negate, p) = match p.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, p.as_str()),
        };
        let p = p.trim_start_matches("**/");
        let hit = std::iter::successors(Some(rel), |r| r.rsplit_once('/').map(|(a, _)| a))
            .any(|prefix| glob(p, prefix) || (!p.contains('/') && glob(p, basename(prefix))));
        if hit {
            out = !negate;
        }
    }
    out
}

/// `*` and `?` within one path segment.
fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char], budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        match p.first() {
            None => t.is_empty(),
            Some('*') => (0..=t.len())
                .take_while(|i| *i == 0 || t[i - 1] != '/')
                .any(|i| go(&p[1..], &t[i..], budget)),
            Some('?') => t.first().is_some_and(|c| *c != '/') && go(&p[1..], &t[1..], budget),
            Some(c) => t.first() == Some(c) && go(&p[1..], &t[1..], budget),
        }
    }
    let p: Vec<char> = pattern.chars().take(256).collect();
    let t: Vec<char> = text.chars().take(1024).collect();
    go(&p, &t, &mut 100_000)
}

/// Files a COPY source selects: (path in `fs`, the source named this file exactly, path
/// relative to the source directory).
pub(super) fn select(fs: &Files, src: &str) -> Vec<(String, bool, String)> {
    let absolute = src.starts_with('/');
    let s = src.trim_start_matches("./").trim_end_matches('/');
    let s = if absolute {
        s.to_string()
    } else {
        s.trim_start_matches('/').to_string()
    };
    if s.is_empty() || s == "." {
        return fs
            .keys()
            .map(|k| (k.clone(), false, k.trim_start_matches('/').to_string()))
            .collect();
    }
    let mut out = Vec::new();
    for k in fs.keys() {
        if *k == s || (s.contains(['*', '?']) && glob(&s, k)) {
            out.push((k.clone(), true, String::new()));
        } else if let Some(rest) = k.strip_prefix(&format!("{s}/")) {
            out.push((k.clone(), false, rest.to_string()));
        }
    }
    out
}

pub(super) fn join(dir: &str, name: &str) -> String {
    if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// A destination relative to WORKDIR, normalised (no trailing `/`, no `.`).
pub(super) fn resolve(workdir: &str, p: &str) -> String {
    let full = if p.starts_with('/') {
        p.to_string()
    } else {
        join(if workdir.is_empty() { "/" } else { workdir }, p)
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in full.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}
