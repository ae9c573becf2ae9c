//! Strict, typed reading of the node tree: the equivalent of kubectl's strict JSON decoding.
//! Each object mapping is read through [`Fields`], which remembers the keys that were read; on
//! [`Fields::finish`] every other key is either an ignored real-Kubernetes field (warning) or
//! unknown (error, kubectl's `strict decoding error: unknown field "..."`).

use std::rc::Rc;

use super::yaml::{Node, Scalar, Value};
use super::{shorten, Diagnostic, Loaded, LoadedObject, Severity};
use crate::input::model::Labels;

/// A hostile file could produce one diagnostic per node; a learner reads the first few.
pub const DIAGNOSTICS_MAX: usize = 200;

pub struct Ctx {
    file: String,
    diagnostics: Vec<Diagnostic>,
    errors_total: usize,
    /// In tests, every `(path, key)` a mapping accepted: the keys the decoder asked for and
    /// the ones it ignores. `kubectl explain` is held to it (`lang/explain/tests.rs`).
    #[cfg(test)]
    pub(super) accepted: Vec<(String, String)>,
}

impl Ctx {
    pub fn new(file: &str) -> Ctx {
        Ctx {
            file: file.to_string(),
            diagnostics: Vec::new(),
            errors_total: 0,
            #[cfg(test)]
            accepted: Vec::new(),
        }
    }

    pub fn error_at(&mut self, line: usize, column: usize, message: String) {
        self.errors_total += 1;
        self.push(line, column, Severity::Error, message);
    }

    /// True once no more diagnostics will be shown: callers may skip costly hints.
    pub fn saturated(&self) -> bool {
        self.diagnostics.len() > DIAGNOSTICS_MAX
    }

    fn push(&mut self, line: usize, column: usize, severity: Severity, message: String) {
        if self.diagnostics.len() < DIAGNOSTICS_MAX {
            self.diagnostics.push(Diagnostic {
                file: self.file.clone(),
                line,
                column,
                severity,
                message,
                message_ja: None,
            });
        } else if self.diagnostics.len() == DIAGNOSTICS_MAX {
            self.diagnostics.push(Diagnostic {
                file: self.file.clone(),
                line,
                column,
                severity: Severity::Error,
                message_ja: None,
                message: format!("too many problems; stopping after {DIAGNOSTICS_MAX}"),
            });
        }
    }

    pub fn error(&mut self, node: &Node, message: impl Into<String>) {
        self.error_at(node.line, node.column, message.into());
    }

    pub fn warn_at(&mut self, line: usize, column: usize, message: String) {
        self.push(line, column, Severity::Warning, message);
    }

    pub fn warn(&mut self, node: &Node, message: impl Into<String>) {
        self.push(node.line, node.column, Severity::Warning, message.into());
    }

    /// Warns that Sunaba reads `what` but does not simulate it, in English and Japanese.
    pub fn not_simulated(&mut self, node: &Node, what: NotSimulated) {
        let before = self.diagnostics.len();
        self.push(node.line, node.column, Severity::Warning, what.en());
        if self.diagnostics.len() > before {
            if let Some(d) = self
                .diagnostics
                .last_mut()
                .filter(|d| d.severity == Severity::Warning)
            {
                d.message_ja = Some(what.ja());
            }
        }
    }

    /// Errors reported so far; used to tell whether one object came out valid.
    pub fn errors_total(&self) -> usize {
        self.errors_total
    }

    /// Diagnostics come out in file order (stable: same place keeps report order).
    pub fn finish(mut self, objects: Vec<LoadedObject>) -> Loaded {
        crate::base::sort::sort_by_key(&mut self.diagnostics, |d| (d.line, d.column));
        Loaded {
            ecs: Vec::new(),
            objects,
            diagnostics: self.diagnostics,
        }
    }

    /// `PATH: Invalid value: "x": PATH in body must be of type T` (the API server's wording).
    pub fn type_error(&mut self, node: &Node, path: &str, expected: &str) {
        let shown = shown_value(node);
        let mut message =
            format!("{path}: Invalid value: {shown}: {path} in body must be of type {expected}");
        match (expected, node.scalar()) {
            ("string", Some(Scalar::Int(_) | Scalar::Float(_) | Scalar::Bool(_))) => {
                if let Value::Scalar { text, .. } = &node.value {
                    message.push_str(&format!(" (hint: quote it: \"{}\")", shorten(text)));
                }
            }
            ("integer", Some(Scalar::Str(s))) if s.trim().parse::<i64>().is_ok() => {
                message.push_str(" (hint: write the number without quotes)");
            }
            _ => {}
        }
        self.error(node, message);
    }
}

/// How a value is echoed in messages: `"text"` for scalars, `"object"`/`"array"` otherwise.
pub fn shown_value(node: &Node) -> String {
    match &node.value {
        Value::Scalar { text, .. } => format!("\"{}\"", shorten(text)),
        Value::Map(_) => "\"object\"".to_string(),
        Value::Seq(_) => "\"array\"".to_string(),
    }
}

/// `path.key`, the key escaped and shortened (paths are only ever shown in messages).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        shorten(key)
    } else {
        format!("{path}.{}", shorten(key))
    }
}

/// The keys of one mapping, read strictly.
pub struct Fields<'n> {
    pub node: &'n Node,
    pub path: String,
    entries: &'n [(Rc<Node>, Rc<Node>)],
    used: Vec<bool>,
    /// Keys the decoder asked for: the simulated fields, offered as spelling hints.
    asked: Vec<&'static str>,
}

impl<'n> Fields<'n> {
    /// Opens `node` as an object. A non-mapping is a type error (returns `None`).
    pub fn open(ctx: &mut Ctx, node: &'n Node, path: &str) -> Option<Fields<'n>> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                node,
                path: path.to_string(),
                entries,
                used: vec![false; entries.len()],
                asked: Vec::new(),
            }),
            _ => {
                ctx.type_error(node, path, "object");
                None
            }
        }
    }

    /// The value of `key`, marking it read. `key: null` (or `key:` alone) counts as absent,
    /// like JSON `null` does for the API server.
    pub fn get(&mut self, key: &'static str) -> Option<&'n Node> {
        self.asked.push(key);
        let i = self
            .entries
            .iter()
            .position(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == key))?;
        self.used[i] = true;
        let v = &self.entries[i].1;
        if v.is_null() {
            None
        } else {
            Some(v)
        }
    }

    pub fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// Reports every key not read: `ignored` ones as warnings, the rest as unknown-field errors.
    /// Like [`Fields::finish`], worded as the AWS CLI validates its input
    /// (`Unknown parameter in containerDefinitions[0]: "x", must be one of: …`).
    pub fn finish_aws(self, ctx: &mut Ctx, ignored: &[&str]) {
        let mut known: Vec<&str> = self
            .asked
            .iter()
            .copied()
            .chain(ignored.iter().copied())
            .collect();
        crate::base::sort::sort(&mut known);
        known.dedup();
        let location = if self.path.is_empty() {
            "input".to_owned()
        } else {
            self.path.clone()
        };
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let Value::Scalar { text: key, .. } = &k.value else {
                ctx.error(
                    k,
                    format!("Parameter validation failed: {location}: keys must be strings"),
                );
                continue;
            };
            if ignored.contains(&key.as_str()) {
                if !v.is_null() {
                    ctx.not_simulated(k, NotSimulated::Field(&join(&self.path, key)));
                }
                continue;
            }
            ctx.error(
                k,
                format!(
                    "Parameter validation failed: Unknown parameter in {location}: \"{}\", must be one of: {}",
                    shorten(key),
                    known.join(", ")
                ),
            );
        }
    }

    pub fn finish(self, ctx: &mut Ctx, ignored: &[&str]) {
        #[cfg(test)]
        for key in self.asked.iter().chain(ignored) {
            ctx.accepted.push((self.path.clone(), key.to_string()));
        }
        for (i, (k, v)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let key = match &k.value {
                Value::Scalar { text, .. } => text.clone(),
                _ => {
                    ctx.error(k, format!("{}: keys must be strings", self.path));
                    continue;
                }
            };
            let path = join(&self.path, &key);
            if ignored.contains(&key.as_str()) {
                if v.is_null() {
                    // `creationTimestamp: null` in `kubectl get -o yaml` output: nothing ignored.
                    continue;
                }
                ctx.not_simulated(k, NotSimulated::Field(&path));
            } else if ctx.saturated() {
                // Still an error (the object is refused), but nobody will read it.
                ctx.error(k, String::new());
            } else {
                let hint = ignored
                    .iter()
                    .chain(self.asked.iter())
                    .find(|c| close_spelling(c, &key))
                    .map(|c| format!(" (hint: did you mean \"{c}\"?)"))
                    .unwrap_or_default();
                ctx.error(
                    k,
                    format!("strict decoding error: unknown field \"{path}\"{hint}",),
                );
            }
        }
    }
}

/// One edit apart (a typo), case-insensitively: `imagee`, `replica`, `contianers`.
pub fn close_spelling(candidate: &str, typed: &str) -> bool {
    let a: Vec<char> = candidate.to_lowercase().chars().collect();
    let b: Vec<char> = typed.to_lowercase().chars().collect();
    if a == b {
        return true;
    }
    if a.len().abs_diff(b.len()) > 1 || a.len() > 64 || b.len() > 64 {
        return false;
    }
    // Bounded Levenshtein on short strings.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        // Transposition (`contianers`).
        prev = cur;
    }
    let d = prev[b.len()];
    d <= 1
        || (d == 2 && a.len() == b.len() && {
            let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            diffs.len() == 2
                && diffs[1] == diffs[0] + 1
                && a[diffs[0]] == b[diffs[1]]
                && a[diffs[1]] == b[diffs[0]]
        })
}

pub fn string(ctx: &mut Ctx, node: &Node, path: &str) -> Option<String> {
    match node.scalar() {
        Some(Scalar::Str(s)) => Some(s.to_string()),
        _ => {
            ctx.type_error(node, path, "string");
            None
        }
    }
}

/// An integer field (int32 or int64 per `max`), with the API server's type error otherwise.
pub fn integer(ctx: &mut Ctx, node: &Node, path: &str, max: i128) -> Option<i128> {
    match node.scalar() {
        Some(Scalar::Int(v)) if v > max || v < -max - 1 => {
            let bits = if max == i128::from(i32::MAX) { 32 } else { 64 };
            ctx.error(
                node,
                format!(
                    "{path}: Invalid value: {}: {path} in body must be of type int{bits} \
                     (at most {max})",
                    shown_value(node)
                ),
            );
            None
        }
        Some(Scalar::Int(v)) => Some(v),
        _ => {
            ctx.type_error(node, path, "integer");
            None
        }
    }
}

pub const INT32_MAX: i128 = i32::MAX as i128;
pub const INT64_MAX: i128 = i64::MAX as i128;

/// An int32 that must be ≥ 0 (`replicas`, `minReadySeconds`, …).
pub fn non_negative_i32(ctx: &mut Ctx, node: &Node, path: &str) -> Option<u32> {
    let v = integer(ctx, node, path, INT32_MAX)?;
    if v < 0 {
        ctx.error(
            node,
            format!("{path}: Invalid value: {v}: must be greater than or equal to 0"),
        );
        return None;
    }
    u32::try_from(v).ok()
}

pub fn string_list(ctx: &mut Ctx, node: &Node, path: &str) -> Vec<String> {
    let Value::Seq(items) = &node.value else {
        if let Some(Scalar::Str(_)) = node.scalar() {
            // `command: sh -c "exit 1"`: a shell line where Kubernetes wants a list.
            ctx.error(
                node,
                format!(
                    "{path}: Invalid value: {}: {path} in body must be of type array \
                     (hint: write a list, e.g. [\"sh\", \"-c\", \"...\"])",
                    shown_value(node)
                ),
            );
        } else {
            ctx.type_error(node, path, "array");
        }
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| string(ctx, item, &format!("{path}[{i}]")))
        .collect()
}

/// A `map[string]string` (labels, annotations, nodeSelector, Service selector), in key order.
/// Returns each value's node too, for located validation.
pub fn string_map<'n>(
    ctx: &mut Ctx,
    node: &'n Node,
    path: &str,
) -> Vec<(String, &'n Node, String, &'n Node)> {
    let Value::Map(entries) = &node.value else {
        ctx.type_error(node, path, "object");
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let key = match &k.value {
            Value::Scalar { text, .. } => text.clone(),
            _ => {
                ctx.error(k, format!("{path}: keys must be strings"));
                continue;
            }
        };
        let value_path = join(path, &key);
        let value = if v.is_null() {
            // `key:` with nothing decodes to "" for a map[string]string.
            Some(String::new())
        } else {
            string(ctx, v, &value_path)
        };
        if let Some(value) = value {
            out.push((key, &**k, value, &**v));
        }
    }
    out
}

pub fn to_labels(entries: &[(String, &Node, String, &Node)]) -> Labels {
    // Inserted one by one rather than `collect()`ed: `BTreeMap::from_iter` sorts first, which
    // compiles one more copy of the stable sort into the Wasm. Same map (a later duplicate key's
    // value wins either way).
    let mut labels = Labels::new();
    for (k, _, v, _) in entries {
        labels.insert(k.clone(), v.clone());
    }
    labels
}

/// The items of a sequence; a non-sequence is a type error.
pub fn seq<'n>(ctx: &mut Ctx, node: &'n Node, path: &str) -> &'n [Rc<Node>] {
    match &node.value {
        Value::Seq(items) => items,
        _ => {
            ctx.type_error(node, path, "array");
            &[]
        }
    }
}

/// What Sunaba accepts in a definition but does not simulate.
#[derive(Clone, Copy, Debug)]
pub enum NotSimulated<'a> {
    /// A field (its path), ignored.
    Field(&'a str),
    /// A resource name under `resources` (its path), ignored.
    Resource(&'a str),
    /// A whole object of a kind Sunaba does not run.
    Object { kind: &'a str, name: &'a str },
    /// A Service of type ExternalName (its name).
    ExternalName(&'a str),
    /// A whole object of a kind Sunaba keeps in its store without running it.
    Stored { kind: &'a str, name: &'a str },
}

impl NotSimulated<'_> {
    pub fn en(self) -> String {
        match self {
            NotSimulated::Field(p) => {
                format!("{p}: field is accepted but not simulated by Sunaba (ignored)")
            }
            NotSimulated::Resource(p) => {
                format!("{p}: resource is accepted but not simulated by Sunaba (ignored)")
            }
            NotSimulated::Object { kind, name } => {
                format!("{kind} \"{name}\" is accepted but not simulated by Sunaba")
            }
            NotSimulated::ExternalName(name) => format!(
                "Service \"{name}\" of type ExternalName is accepted but not simulated by Sunaba"
            ),
            NotSimulated::Stored { kind, name } => format!(
                "{kind} \"{name}\" is stored, but Sunaba does not simulate {kind} objects: nothing acts on it"
            ),
        }
    }

    pub fn ja(self) -> String {
        match self {
            NotSimulated::Field(p) => {
                format!("{p}: このフィールドは受け付けますが、Sunaba ではシミュレートしません（無視します）")
            }
            NotSimulated::Resource(p) => {
                format!("{p}: このリソースは受け付けますが、Sunaba ではシミュレートしません（無視します）")
            }
            NotSimulated::Object { kind, name } => {
                format!("{kind} \"{name}\" は受け付けますが、Sunaba ではシミュレートしません")
            }
            NotSimulated::ExternalName(name) => format!(
                "type ExternalName の Service \"{name}\" は受け付けますが、Sunaba ではシミュレートしません"
            ),
            NotSimulated::Stored { kind, name } => format!(
                "{kind} \"{name}\" は保存されますが、Sunaba は {kind} をシミュレートしません（何も作用しません）"
            ),
        }
    }
}
