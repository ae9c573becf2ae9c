//! The pure parsers of what learners and authors write: manifests, kustomize trees,
//! Dockerfiles and exercise files. No world is needed: text in, values or located errors out.

use std::collections::BTreeMap;

use sunaba_core::input::definitions::{self, bounds, lint, Diagnostic};
use sunaba_core::input::{dockerfile, dockerfile_lint, kustomize};
use sunaba_core::lessons::exercise::{self, model};
use sunaba_core::MapFiles;

use crate::located::{assert_in_text, yaml_line_lengths};

/// Longest diagnostic message: user text is echoed shortened (64 characters, escaped), so a
/// message stays a line a person reads, whatever the input.
pub const MESSAGE_MAX_CHARS: usize = 1024;

/// The file name every diagnostic is labelled with.
const MANIFEST_FILE: &str = "fuzz.yaml";

/// A manifest (YAML or JSON, one document or many) through [`definitions::load`], the entry
/// `kubectl apply -f`, `sunaba check` and the editor's markers use, then the operability lint.
/// Every diagnostic is located inside the text and short; every object found is located.
pub fn manifest(data: &[u8]) {
    let text = crate::text(data);
    let loaded = definitions::load(MANIFEST_FILE, &text);
    // `load` reads past a leading byte-order mark; positions count from after it.
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lengths = yaml_line_lengths(body);
    for d in &loaded.diagnostics {
        check_diagnostic(&lengths, d);
    }
    for o in &loaded.objects {
        assert_in_text(&lengths, o.line, o.column, "an object's position");
    }
    for e in &loaded.ecs {
        assert_in_text(&lengths, e.line, e.column, "an ECS definition's position");
    }
    assert!(
        loaded.objects.len() + loaded.ecs.len() <= bounds::NODES_MAX,
        "more objects than YAML nodes allowed"
    );
    if !loaded.has_errors() {
        assert!(
            !loaded.objects.is_empty() || !loaded.ecs.is_empty(),
            "a file without errors yields something to apply"
        );
    }
    for f in lint::lint(MANIFEST_FILE, &text) {
        assert_eq!(f.file, MANIFEST_FILE);
        assert_in_text(&lengths, f.line, f.column, f.rule);
        assert_short(&f.message, f.rule);
    }
}

pub(crate) fn check_diagnostic(lengths: &[usize], d: &Diagnostic) {
    let shown = d.to_string();
    assert!(!d.message.trim().is_empty(), "an empty diagnostic: {shown}");
    assert!(
        !d.message.contains('\n'),
        "a diagnostic spans lines: {shown}"
    );
    assert_short(&d.message, &shown);
    assert_in_text(lengths, d.line, d.column, &shown);
}

fn assert_short(message: &str, what: &str) {
    let n = message.chars().count();
    assert!(
        n <= MESSAGE_MAX_CHARS,
        "a message of {n} characters (at most {MESSAGE_MAX_CHARS}): {}…",
        what.chars().take(200).collect::<String>()
    );
}

/// Most files a fuzzed kustomize tree is split into.
const TREE_FILES_MAX: usize = 16;

/// The bytes as a kustomize tree: NUL-separated parts (NUL never appears in YAML), each
/// `PATH\nCONTENT`; the build starts in the first file's directory. Deterministic, and the
/// paths are fuzzed too (`..`, absolute paths, the same file twice).
pub fn tree(data: &[u8]) -> (MapFiles, String) {
    let text = crate::text(data);
    let mut files = BTreeMap::new();
    let mut first_dir = None;
    for part in text.split('\0').take(TREE_FILES_MAX) {
        let (path, content) = part.split_once('\n').unwrap_or((part, ""));
        let path = path.trim();
        if first_dir.is_none() {
            first_dir = Some(
                path.rsplit_once('/')
                    .map_or(".", |(dir, _)| dir)
                    .to_string(),
            );
        }
        files.insert(path.to_string(), content.to_string());
    }
    (MapFiles(files), first_dir.unwrap_or_else(|| ".".into()))
}

/// A kustomize tree through `kubectl kustomize` (build, then print). A result holds at most
/// [`kustomize::RESOURCES_MAX`] objects; an error names its file and line:column inside it
/// when it gives one.
pub fn kustomize(data: &[u8]) {
    let (files, dir) = tree(data);
    match kustomize::build(&files, &dir) {
        Ok(objects) => {
            assert!(
                objects.len() <= kustomize::RESOURCES_MAX,
                "too many objects"
            );
            let printed = kustomize::render(&files, &dir).expect("a second build succeeds too");
            assert!(
                printed.len() <= 4 * kustomize::BYTES_MAX,
                "printed {}",
                printed.len()
            );
        }
        Err(e) => {
            assert!(!e.message.trim().is_empty(), "an empty kustomize error");
            check_kustomize_location(&files, &e.message);
            assert!(
                kustomize::render(&files, &dir).is_err(),
                "a second build fails too"
            );
        }
    }
}

/// `PATH:LINE:COL: …` for a file of the tree: LINE:COL must be inside that file.
fn check_kustomize_location(files: &MapFiles, message: &str) {
    for (path, content) in &files.0 {
        let Some(rest) = message.strip_prefix(path.as_str()) else {
            continue;
        };
        let mut parts = rest.splitn(4, ':');
        let (Some(""), Some(line), Some(column)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(line), Ok(column)) = (line.parse(), column.parse()) else {
            continue;
        };
        assert_in_text(&yaml_line_lengths(content), line, column, message);
        return;
    }
}

/// A Dockerfile through the parser, the evaluation into build stages (as `sim build` runs
/// them) and the lint: every error and finding is on a line of the file; the documented
/// bounds (instructions) hold.
pub fn dockerfile(data: &[u8]) {
    let text = crate::text(data);
    // Docker numbers physical lines; a last line without `\n` is a line too.
    let lines = text.split('\n').count();
    let on_a_line = |line: usize, what: &str| {
        assert!(
            (1..=lines).contains(&line),
            "{what}: line {line} of {lines}"
        );
    };
    match dockerfile::parse(&text) {
        Err(e) => {
            on_a_line(e.line, &e.docker_message());
            assert!(!e.message.trim().is_empty(), "an empty Dockerfile error");
            assert_short(&e.message, &e.docker_message());
        }
        Ok(instructions) => {
            assert!(instructions.len() <= dockerfile::MAX_INSTRUCTIONS);
            for i in &instructions {
                on_a_line(i.line, "an instruction");
                on_a_line(i.end_line, "an instruction's end");
                assert!(i.line <= i.end_line, "an instruction ends before it starts");
            }
            let base_env = |_: &str| vec![("PATH".to_string(), "/usr/bin:/bin".to_string())];
            if let Err(e) = dockerfile::evaluate(&instructions, &BTreeMap::new(), &base_env) {
                on_a_line(e.line, &e.docker_message());
                assert_short(&e.message, &e.docker_message());
            }
        }
    }
    for f in dockerfile_lint::lint("Dockerfile", &text) {
        on_a_line(f.line, f.rule);
        assert!(f.column >= 1, "{}: column 0", f.rule);
        assert_short(&f.message, f.rule);
    }
}

/// An exercise file (`www/exercises/*.yaml`) through [`exercise::parse`]: an error is located
/// inside the file; an exercise read stays inside the model's bounds.
pub fn exercise(data: &[u8]) {
    let text = crate::text(data);
    let lengths = yaml_line_lengths(&text);
    match exercise::parse(&text) {
        Err(e) => {
            let shown = format!("{}:{}: {}", e.line, e.column, e.message);
            assert!(!e.message.trim().is_empty(), "an empty exercise error");
            assert_in_text(&lengths, e.line, e.column, &shown);
            assert_short(&e.message, &shown);
        }
        Ok(ex) => {
            assert!(!ex.steps.is_empty() && ex.steps.len() <= model::STEPS_MAX);
            assert!(ex.start.files.len() <= model::FILES_MAX);
            assert!(ex.start.setup.len() <= model::COMMANDS_MAX);
            if let Some(editor) = &ex.start.editor {
                assert!(
                    ex.start.files.contains_key(editor),
                    "the editor shows a file given"
                );
            }
            for s in &ex.steps {
                assert!((1..=lengths.len()).contains(&s.line), "a step's line");
                assert!(s.hints.len() <= model::HINTS_MAX);
                assert!(s.solution.len() <= model::COMMANDS_MAX);
            }
        }
    }
}
