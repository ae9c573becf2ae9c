//! Lexical path arithmetic: normalising, joining, and the containment checks behind
//! kustomize's load restrictions. Never touches a file system.

/// `a/./b/../c` → `a/c`; leading `..` are kept (the shell's root decides what they mean).
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

pub(super) fn leading_parents(path: &str) -> usize {
    path.split('/').take_while(|c| *c == "..").count()
}

pub(super) fn join(dir: &str, rel: &str) -> String {
    if dir.is_empty() {
        normalize(rel)
    } else {
        normalize(&format!("{dir}/{rel}"))
    }
}

pub(super) fn shown(dir: &str) -> &str {
    if dir.is_empty() {
        "."
    } else {
        dir
    }
}

/// Is `path` inside `dir` (or `dir` itself)?
pub(super) fn within(path: &str, dir: &str) -> bool {
    if dir.is_empty() {
        return !path.starts_with("..");
    }
    path == dir || path.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}
