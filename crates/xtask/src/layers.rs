//! `cargo xtask layers`: the core's floor plan, checked. Every module of `crates/core/src` sits
//! in a layer (its first path segment); a module may import only from its own layer or the
//! layers below it, and no set of modules may import each other in a cycle.
//!
//! The check reads the source as text (std only, no parser crate): comments and string literals
//! are blanked, then every `crate::a::b…` and `super::…` path is resolved to the longest module
//! that exists. Method calls are not imports and are not seen; that `impl World` stays in the
//! facade's own files is the facade's rule, checked by [`impl_world_outside_facade`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The core's layers, lowest first. The order is the rule.
pub const LAYERS: &[&str] = &[
    "base", "input", "sim", "elb", "ecs", "cloud", "world", "lang", "lessons",
];

/// The folder whose files may hold `impl World` blocks: the facade's own layer.
pub const FACADE_DIR: &str = "world/";

/// A module of the core: its path below the crate (`sim::world`) and its source, blanked.
#[derive(Clone, Debug)]
pub struct Module {
    pub path: String,
    pub file: String,
    pub code: String,
}

/// One import of one module by another.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub line: usize,
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Report {
    pub modules: usize,
    /// Every import between modules, one per (from, to) pair.
    pub imports: Vec<Edge>,
    /// Imports of a higher layer, one per (from, to) pair, first line.
    pub upward: Vec<Edge>,
    /// Strongly connected sets of more than one module.
    pub cycles: Vec<Vec<String>>,
    /// `impl World` (or `impl … for World`) outside [`FACADE_DIR`]: file, count.
    pub impl_world: Vec<(String, usize)>,
    /// Files over [`LINES_MAX`]: file, lines.
    pub long_files: Vec<(String, usize)>,
}

/// Longest file the core keeps.
pub const LINES_MAX: usize = 1000;

/// The rank of a module's layer, `None` for the crate root.
pub fn rank(module: &str) -> Option<usize> {
    let layer = module.split("::").next()?;
    LAYERS.iter().position(|l| *l == layer)
}

/// Reads every `.rs` file below `src` as a module.
pub fn read_tree(src: &Path) -> Result<Vec<Module>, String> {
    let mut out = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(src)
                    .map_err(|e| e.to_string())?
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                out.push(Module {
                    path: module_path(&rel),
                    file: rel,
                    code: text,
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// `sim/world.rs` → `sim::world`; `ecs/mod.rs` → `ecs`; `lib.rs` → `` (the root).
pub fn module_path(file: &str) -> String {
    let stem = file.trim_end_matches(".rs");
    let stem = stem
        .strip_suffix("/mod")
        .unwrap_or(if stem == "lib" { "" } else { stem });
    stem.replace('/', "::")
}

/// The source with comments and the contents of string and char literals replaced by spaces
/// (newlines kept, so line numbers stay right).
pub fn blank(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let keep = |c: u8| if c == b'\n' { b'\n' } else { b' ' };
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    out.extend([b' ', b' ']);
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    out.extend([b' ', b' ']);
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(keep(b[i]));
                    i += 1;
                }
            }
        } else if c == b'r' && matches!(b.get(i + 1), Some(b'"' | b'#')) && !ident_before(b, i) {
            // r"…" or r#"…"#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push(c);
                i += 1;
                continue;
            }
            out.extend(std::iter::repeat_n(b' ', j + 1 - i));
            i = j + 1;
            while i < b.len() {
                if b[i] == b'"' && (0..hashes).all(|h| b.get(i + 1 + h) == Some(&b'#')) {
                    out.extend(std::iter::repeat_n(b' ', 1 + hashes));
                    i += 1 + hashes;
                    break;
                }
                out.push(keep(b[i]));
                i += 1;
            }
        } else if c == b'"' {
            out.push(b' ');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    out.push(b' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(keep(b[i]));
                    i += 1;
                }
            }
            out.push(b' ');
            i += 1;
        } else if c == b'\'' && is_char_literal(b, i) {
            out.push(b' ');
            i += 1;
            while i < b.len() && b[i] != b'\'' {
                if b[i] == b'\\' {
                    out.push(b' ');
                    i += 1;
                }
                out.push(b' ');
                i += 1;
            }
            out.push(b' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ident_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// `'x'`, `'\n'`, `'\u{1F600}'`, a multi-byte char — not a lifetime `'a`.
fn is_char_literal(b: &[u8], i: usize) -> bool {
    match b.get(i + 1) {
        Some(b'\\') => true,
        Some(_) => {
            // The closing quote within the next few bytes (a UTF-8 char is at most 4).
            (2..=5).any(|k| b.get(i + k) == Some(&b'\''))
                && !b[i + 1..].iter().take(4).any(|c| *c == b'\n')
        }
        None => false,
    }
}

/// The module paths `code` (blanked) names, with their 1-based lines: `crate::…` as written,
/// `super::…` resolved against `module` (one level less inside an inline `mod x { … }`).
pub fn references(module: &str, code: &str) -> Vec<(Vec<String>, usize)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut line = 1;
    // Brace depth, and the depths at which inline modules opened.
    let mut depth = 0usize;
    let mut inline_mods: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if inline_mods.last() == Some(&depth) {
                    inline_mods.pop();
                }
            }
            _ => {}
        }
        if ident_before(b, i) || (i > 0 && b[i - 1] == b':') {
            i += 1;
            continue;
        }
        if code[i..].starts_with("mod ") {
            let rest = &code[i + 4..];
            let name_len = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if rest[name_len..].trim_start().starts_with('{') {
                inline_mods.push(depth);
            }
        }
        let (base, skip): (Option<Vec<String>>, usize) = if code[i..].starts_with("crate::") {
            (Some(Vec::new()), 7)
        } else if code[i..].starts_with("super::") {
            let mut parts: Vec<String> = if module.is_empty() {
                Vec::new()
            } else {
                module.split("::").map(str::to_string).collect()
            };
            let mut j = i;
            let mut ups = 0;
            while code[j..].starts_with("super::") {
                ups += 1;
                j += 7;
            }
            // Inside an inline module, the first `super` is this file's module. (For `x/mod.rs`
            // the module path is already `x`, so `super` is its parent, as for `x/y.rs`.)
            let free = inline_mods.len().min(ups);
            let mut steps = ups - free;
            while steps > 0 {
                parts.pop();
                steps -= 1;
            }
            (Some(parts), j - i)
        } else {
            (None, 0)
        };
        if let Some(mut parts) = base {
            let mut j = i + skip;
            loop {
                let start = j;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                if j == start {
                    break;
                }
                parts.push(code[start..j].to_string());
                if code[j..].starts_with("::") {
                    j += 2;
                } else {
                    break;
                }
            }
            out.push((parts, line));
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// The longest module in `known` that `parts` starts with.
fn resolve(parts: &[String], known: &BTreeSet<String>) -> Option<String> {
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|p| known.contains(p))
}

/// Every import between two different modules, once per (from, to) pair, at its first line.
pub fn edges(modules: &[Module]) -> Vec<Edge> {
    let known: BTreeSet<String> = modules.iter().map(|m| m.path.clone()).collect();
    let mut first: BTreeMap<(String, String), usize> = BTreeMap::new();
    for m in modules {
        let code = blank(&m.code);
        for (parts, line) in references(&m.path, &code) {
            let Some(to) = resolve(&parts, &known) else {
                continue;
            };
            // A module naming its own descendant, or itself, is not an import across modules.
            if to == m.path || m.path.is_empty() || is_ancestor(&m.path, &to) {
                continue;
            }
            first.entry((m.path.clone(), to)).or_insert(line);
        }
    }
    first
        .into_iter()
        .map(|((from, to), line)| Edge { from, to, line })
        .collect()
}

fn is_ancestor(a: &str, b: &str) -> bool {
    b.strip_prefix(a).is_some_and(|r| r.starts_with("::"))
}

/// Strongly connected sets of more than one module (Tarjan), each sorted, in order.
pub fn cycles(nodes: &BTreeSet<String>, edges: &[Edge]) -> Vec<Vec<String>> {
    let names: Vec<&String> = nodes.iter().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let mut adj = vec![Vec::new(); names.len()];
    for e in edges {
        if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
            adj[a].push(b);
        }
    }
    let mut t = Tarjan {
        adj,
        index: vec![None; names.len()],
        low: vec![0; names.len()],
        on_stack: vec![false; names.len()],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..names.len() {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    let mut out: Vec<Vec<String>> = t
        .out
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| {
            let mut c: Vec<String> = c.into_iter().map(|i| names[i].clone()).collect();
            c.sort();
            c
        })
        .collect();
    out.sort();
    out
}

struct Tarjan {
    adj: Vec<Vec<usize>>,
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    out: Vec<Vec<usize>>,
}

impl Tarjan {
    fn visit(&mut self, v: usize) {
        self.index[v] = Some(self.next);
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        for k in 0..self.adj[v].len() {
            let w = self.adj[v][k];
            match self.index[w] {
                None => {
                    self.visit(w);
                    self.low[v] = self.low[v].min(self.low[w]);
                }
                Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(self.low[v]) == self.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            self.out.push(comp);
        }
    }
}

/// `impl World {` and `impl Trait for World {` blocks per file, outside the facade's files.
pub fn impl_world_outside_facade(modules: &[Module]) -> Vec<(String, usize)> {
    modules
        .iter()
        .filter(|m| !m.file.starts_with(FACADE_DIR))
        .filter_map(|m| {
            let code = blank(&m.code);
            let n = code
                .lines()
                .map(str::trim_start)
                .filter(|l| {
                    l.starts_with("impl World ")
                        || (l.starts_with("impl ") && l.contains(" for World "))
                })
                .count();
            (n > 0).then(|| (m.file.clone(), n))
        })
        .collect()
}

/// Checks the tree below `src`.
pub fn check(src: &Path) -> Result<Report, String> {
    let modules = read_tree(src)?;
    let edges = edges(&modules);
    let nodes: BTreeSet<String> = modules
        .iter()
        .map(|m| m.path.clone())
        .filter(|p| !p.is_empty())
        .collect();
    let upward = edges
        .iter()
        .filter(|e| matches!((rank(&e.from), rank(&e.to)), (Some(a), Some(b)) if b > a))
        .cloned()
        .collect();
    let unlayered: Vec<&String> = nodes.iter().filter(|n| rank(n).is_none()).collect();
    if !unlayered.is_empty() {
        return Err(format!(
            "modules outside every layer ({}): {unlayered:?}",
            LAYERS.join(", ")
        ));
    }
    let long_files = modules
        .iter()
        .map(|m| (m.file.clone(), m.code.lines().count()))
        .filter(|(_, n)| *n > LINES_MAX)
        .collect();
    Ok(Report {
        modules: modules.len(),
        cycles: cycles(&nodes, &edges),
        imports: edges,
        upward,
        impl_world: impl_world_outside_facade(&modules),
        long_files,
    })
}

/// A finding as one line of the debt file: `upward FROM -> TO`, `cycle A, B, …`,
/// `impl-world FILE`, `long FILE`.
pub fn finding_lines(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(
        r.upward
            .iter()
            .map(|e| format!("upward {} -> {}", e.from, e.to)),
    );
    out.extend(r.cycles.iter().map(|c| format!("cycle {}", c.join(", "))));
    out.extend(r.impl_world.iter().map(|(f, _)| format!("impl-world {f}")));
    out.extend(r.long_files.iter().map(|(f, _)| format!("long {f}")));
    out
}

/// What the debt file (`crates/core/layers-debt.txt`: known findings still to be removed, one per
/// line, `#` comments) says against what was found: `(new, stale)`. A found cycle is known when
/// a listed cycle holds all its modules (cycles shrink as imports are removed); every other
/// finding must be listed exactly, and every listed line must still be found, so the file only
/// ever shrinks and always tells the truth.
pub fn against_debt(found: &[String], debt: &str) -> (Vec<String>, Vec<String>) {
    let listed: Vec<&str> = debt
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let members = |l: &str| -> Option<BTreeSet<String>> {
        l.strip_prefix("cycle ")
            .map(|c| c.split(", ").map(str::to_string).collect())
    };
    let covers =
        |listed_line: &str, found_line: &str| match (members(listed_line), members(found_line)) {
            (Some(big), Some(small)) => small.is_subset(&big),
            _ => listed_line == found_line,
        };
    let new = found
        .iter()
        .filter(|f| !listed.iter().any(|l| covers(l, f)))
        .cloned()
        .collect();
    let stale = listed
        .iter()
        .filter(|l| !found.iter().any(|f| covers(l, f)))
        .map(|l| l.to_string())
        .collect();
    (new, stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(path: &str, file: &str, code: &str) -> Module {
        Module {
            path: path.into(),
            file: file.into(),
            code: code.into(),
        }
    }

    #[test]
    fn comments_and_strings_are_blanked_but_lines_kept() {
        let src = "use crate::a; // crate::b\nlet s = \"crate::c\";\n/* crate::d\n */ let r = r#\"crate::e\"#; let c = '\"'; crate::f";
        let code = blank(src);
        let refs: Vec<String> = references("x", &code)
            .into_iter()
            .map(|(p, l)| format!("{}@{l}", p.join("::")))
            .collect();
        assert_eq!(refs, ["a@1", "f@4"]);
    }

    #[test]
    fn lifetimes_are_not_char_literals() {
        let code = blank("fn f<'a>(x: &'a str) -> crate::sim::World { }");
        assert!(code.contains("crate::sim::World"), "{code}");
    }

    #[test]
    fn super_is_resolved_against_the_module_and_inline_modules() {
        let code = "use super::task::X;\nmod tests {\n  use super::*;\n  use super::super::y;\n}\nuse super::z;";
        let refs: Vec<String> = references("ecs::service", &blank(code))
            .into_iter()
            .map(|(p, _)| p.join("::"))
            .collect();
        assert_eq!(refs, ["ecs::task::X", "ecs::service", "ecs::y", "ecs::z"]);
    }

    #[test]
    fn an_import_of_a_higher_layer_is_upward_and_a_cycle_is_found() {
        let modules = vec![
            module("sim", "sim/mod.rs", "pub mod world;"),
            module(
                "sim::world",
                "sim/world.rs",
                "use crate::lang::command::run;",
            ),
            module("lang", "lang/mod.rs", "pub mod command;"),
            module(
                "lang::command",
                "lang/command.rs",
                "use crate::sim::world::World;",
            ),
            module("base::sort", "base/sort.rs", "fn f() {}"),
        ];
        let e = edges(&modules);
        assert_eq!(
            e.iter()
                .map(|e| format!("{}->{}", e.from, e.to))
                .collect::<Vec<_>>(),
            ["lang::command->sim::world", "sim::world->lang::command"]
        );
        let nodes = modules.iter().map(|m| m.path.clone()).collect();
        assert_eq!(
            cycles(&nodes, &e),
            [vec!["lang::command".to_string(), "sim::world".to_string()]]
        );
        let up: Vec<_> = e
            .iter()
            .filter(|e| rank(&e.to) > rank(&e.from))
            .map(|e| e.from.as_str())
            .collect();
        assert_eq!(up, ["sim::world"]);
    }

    #[test]
    fn impl_world_is_counted_outside_the_facade_only() {
        let modules = vec![
            module("world", "world/mod.rs", "impl World {\n}\n"),
            module("world::view", "world/view.rs", "impl World {\n}\n"),
            module(
                "sim::kubelet",
                "sim/kubelet.rs",
                "impl World {\n}\n// impl World {\nimpl Drop for World {\n}\n",
            ),
        ];
        assert_eq!(
            impl_world_outside_facade(&modules),
            [("sim/kubelet.rs".to_string(), 2)]
        );
    }

    #[test]
    fn the_debt_file_must_list_every_finding_and_nothing_that_is_gone() {
        let debt = "# known\nupward sim::world -> ecs\ncycle a, b, c\nlong sim/kubelet.rs\n";
        let found = vec![
            "upward sim::world -> ecs".to_string(),
            "cycle a, b".to_string(),
            "upward sim::kubelet -> cloud".to_string(),
        ];
        let (new, stale) = against_debt(&found, debt);
        assert_eq!(new, ["upward sim::kubelet -> cloud"]);
        assert_eq!(stale, ["long sim/kubelet.rs"]);
    }

    #[test]
    fn module_paths_follow_the_files() {
        assert_eq!(module_path("sim/world.rs"), "sim::world");
        assert_eq!(module_path("ecs/mod.rs"), "ecs");
        assert_eq!(module_path("lib.rs"), "");
    }
}
