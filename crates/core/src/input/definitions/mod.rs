//! Definitions: Kubernetes manifests (YAML or JSON) → validated, defaulted [`Manifest`]s.
//!
//! The pipeline is `text → yaml (located node tree) → decode (strict, typed, per kind) →
//! validate (API-server rules and wording) → default (documented Kubernetes defaults)`.
//! It owns everything a learner can get wrong in a file; it must never touch the cluster.
//!
//! Contract: [`load`] never panics on any input; it is bounded in size, depth, documents and
//! alias expansion ([`bounds`]); every diagnostic carries file, 1-based line and column pointing
//! at the offending node (for a missing field: the mapping that lacks it).
//!
//! YAML crate: `saphyr-parser`, a maintained pure-Rust YAML 1.2 parser (JSON parses through it
//! too). `serde_yaml` is deprecated and its forks lose source positions once values go through
//! serde; we need a line:column for every *semantic* error (a bad `replicas`, an unknown field),
//! and we need alias expansion under our control to refuse YAML bombs. So we read saphyr's
//! span-carrying events into our own small tree ([`yaml`]) and decode that tree by hand.
//!
//! Which fields are simulated, ignored (accepted with a warning) or unknown (an error, like
//! kubectl's strict decoding) is declared in one table per object: [`schema`].

pub mod bounds;
mod decode;
pub mod ecs;
mod objects;
pub use objects::default_pull_policy;
pub mod lint;
pub mod lint_services;
pub mod schema;
pub(crate) mod validate;
pub(crate) mod yaml;

use crate::input::model::Manifest;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// The message in Japanese when the words are Sunaba's own ("accepted but not simulated");
    /// `None` for what the real tools say (kubectl's and the AWS CLI's errors stay English).
    pub message_ja: Option<String>,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, sev, self.message
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedObject {
    pub manifest: Manifest,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    pub objects: Vec<LoadedObject>,
    /// Amazon ECS inputs (task and service definitions), recognised by their shape.
    pub ecs: Vec<LoadedEcs>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EcsDefinition {
    Task(ecs::TaskDefinition),
    Service(ecs::ServiceDefinition),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedEcs {
    pub definition: EcsDefinition,
    pub line: usize,
    pub column: usize,
}

impl EcsDefinition {
    /// How `sunaba check` names it.
    pub fn kind(&self) -> &'static str {
        match self {
            EcsDefinition::Task(_) => "ECS task definition",
            EcsDefinition::Service(_) => "ECS service",
        }
    }
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Loads every object of a definition file. `file` is only used to label diagnostics.
///
/// A syntax error or an exceeded bound refuses the whole file, like kubectl's decoder does.
/// Otherwise each document stands alone: an object with an error is left out of `objects`,
/// the valid ones are returned (kubectl applies those and reports the others); callers that
/// want all-or-nothing check [`Loaded::has_errors`]. Warnings never block. Empty documents
/// (`---` alone) are skipped like kubectl does.
pub fn load(file: &str, text: &str) -> Loaded {
    load_overriding(file, text, &[])
}

/// [`load`], with top-level fields of each document's root mapping replaced first: `(key,
/// Some(text))` sets the field to that string, `(key, None)` removes it. This is how the AWS CLI
/// merges `--service-name` and the like into `--cli-input-json` before anything is checked, so
/// a flag can supply a field the file lacks, or stand in for a bad one.
pub fn load_overriding(file: &str, text: &str, overrides: &[(&str, Option<&str>)]) -> Loaded {
    let mut ctx = decode::Ctx::new(file);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > bounds::INPUT_MAX_BYTES {
        ctx.error_at(
            1,
            1,
            format!(
                "the file is {} bytes, larger than the limit of {} bytes (1 MiB); \
                 split it into several files",
                text.len(),
                bounds::INPUT_MAX_BYTES
            ),
        );
        return ctx.finish(Vec::new());
    }
    let docs = match yaml::parse_documents(text) {
        Ok(docs) => docs,
        Err(e) => {
            let message = syntax_message(text, &e);
            ctx.error_at(e.line, e.column, message);
            return ctx.finish(Vec::new());
        }
    };
    let mut collected = objects::Collected::default();
    let mut ecs_defs = Vec::new();
    let mut documents_with_content = 0;
    for doc in &docs {
        let Some(root) = doc.root.as_ref().filter(|r| !r.is_null()) else {
            continue;
        };
        let overridden = override_fields(root, overrides);
        let root = overridden.as_ref().unwrap_or(root);
        documents_with_content += 1;
        // AWS inputs have no apiVersion/kind: their shape says what they are.
        let definition = match ecs::shape_of(root) {
            Some("task definition") => {
                ecs::task_definition(&mut ctx, root).map(EcsDefinition::Task)
            }
            Some(_) => ecs::service(&mut ctx, root).map(EcsDefinition::Service),
            None => {
                objects::load_document(&mut ctx, root, &mut collected);
                continue;
            }
        };
        if let Some(definition) = definition {
            ecs_defs.push(LoadedEcs {
                definition,
                line: root.line,
                column: root.column,
            });
        }
    }
    if documents_with_content == 0 {
        ctx.error_at(
            1,
            1,
            "no objects passed to apply (the file has no YAML or JSON documents)".to_string(),
        );
    }
    objects::resolve_named_target_ports(&mut ctx, &mut collected);
    let mut loaded = ctx.finish(collected.objects);
    loaded.ecs = ecs_defs;
    loaded
}

/// Every `(path, key)` the decoder accepts while reading the Kubernetes objects of `text`: the
/// keys it asks for and the ones it ignores, with the mapping's path (`spec.containers[0]`).
/// For tests that hold a description of the fields (`kubectl explain`) to the decoder.
#[cfg(test)]
pub(crate) fn accepted_fields(text: &str) -> Vec<(String, String)> {
    let mut ctx = decode::Ctx::new("test.yaml");
    let Ok(docs) = yaml::parse_documents(text) else {
        return Vec::new();
    };
    let mut collected = objects::Collected::default();
    for root in docs.iter().filter_map(|d| d.root.as_ref()) {
        objects::load_document(&mut ctx, root, &mut collected);
    }
    ctx.accepted
}

/// A copy of `root` (a mapping) with `overrides` applied; `None` when there is nothing to change.
/// A field set from a flag has the mapping's own location, as the flag has none in the file.
fn override_fields(root: &yaml::Node, overrides: &[(&str, Option<&str>)]) -> Option<yaml::Node> {
    let yaml::Value::Map(entries) = &root.value else {
        return None;
    };
    if overrides.is_empty() {
        return None;
    }
    let is_key = |k: &yaml::Node, key: &str| matches!(&k.value, yaml::Value::Scalar { text, .. } if text == key);
    let at = |value| {
        std::rc::Rc::new(yaml::Node {
            line: root.line,
            column: root.column,
            value,
        })
    };
    let mut entries: yaml::Entries = entries
        .iter()
        .filter(|(k, _)| !overrides.iter().any(|(key, _)| is_key(k, key)))
        .cloned()
        .collect();
    for (key, value) in overrides {
        if let Some(value) = value {
            let scalar = |text: &str| yaml::Value::Scalar {
                text: text.to_owned(),
                plain: false,
            };
            entries.push((at(scalar(key)), at(scalar(value))));
        }
    }
    Some(yaml::Node {
        line: root.line,
        column: root.column,
        value: yaml::Value::Map(entries),
    })
}

/// Every diagnostic of a definition file, for an editor that marks them as the learner types:
/// exactly what `kubectl apply -f` and `sunaba check` report for this text (syntax errors,
/// validation errors, "accepted but not simulated" warnings), in the order [`load`] finds them.
///
/// It is [`load`] without the objects: same bounds, never panics, one diagnostic per problem
/// with a 1-based line and column. Cluster-dependent failures (a missing namespace, an
/// immutable selector) are not known here: they only appear when the file is applied.
pub fn diagnose(file: &str, text: &str) -> Vec<Diagnostic> {
    load(file, text).diagnostics
}

/// A syntax error's message, with a hint for the two classic mistakes.
fn syntax_message(text: &str, e: &yaml::SyntaxError) -> String {
    let line_text = text.lines().nth(e.line.saturating_sub(1)).unwrap_or("");
    let indent: &str = &line_text[..line_text.len() - line_text.trim_start().len()];
    let mut message = e.message.clone();
    if indent.contains('\t') || e.message.contains("tab") {
        message.push_str(" (hint: YAML indentation must use spaces, not tabs)");
    } else if e.message.contains("mapping values are not allowed") {
        message.push_str(
            " (hint: check the indentation of this line, or quote a value that contains \": \")",
        );
    }
    message
}

/// User text as echoed inside a message: escaped like Go's `%q` (so a diagnostic stays on one
/// line and quotes stay balanced) and shortened, so a hostile 200 KiB name gives a short line.
/// The bound counts what is shown: a control character is shown as six (`\u0003`), so a name
/// of them must not reach six times the length.
pub(crate) fn shorten(s: &str) -> String {
    const SHOWN_MAX_CHARS: usize = 64;
    let mut out = String::new();
    for c in s.chars() {
        if out.chars().count() >= SHOWN_MAX_CHARS {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// A valid environment variable name (`C_IDENTIFIER`-like, as the API server checks it): what
/// the kubelet keeps of an `envFrom` key.
pub fn valid_env_name(name: &str) -> bool {
    validate::env_var_name(name).is_none()
}

/// Where each node of a parsed document is: JSON pointer (`/spec/replicas`) → (line, column).
/// An `ObjectMap`: its code is shared with the other `String`-keyed maps (bundle size).
pub type Locations = crate::base::object_map::ObjectMap<String, (usize, usize)>;

/// One YAML/JSON document as a plain value, with the location of every node.
pub struct ParsedDocument {
    pub value: serde_json::Value,
    pub locations: Locations,
}

/// Parses every non-empty document of `text` into plain values (for tools that work on any
/// object, like kustomize), under the same bounds as [`load`]. Plain scalars resolve like
/// kubectl's YAML library (numbers, booleans, null); quoted ones stay strings.
pub fn parse_values(text: &str) -> Result<Vec<ParsedDocument>, (usize, usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > bounds::INPUT_MAX_BYTES {
        return Err((
            1,
            1,
            format!(
                "the file is {} bytes, larger than the limit of {} bytes",
                text.len(),
                bounds::INPUT_MAX_BYTES
            ),
        ));
    }
    let docs = yaml::parse_documents(text).map_err(|e| {
        let message = syntax_message(text, &e);
        (e.line, e.column, message)
    })?;
    let mut out = Vec::new();
    for doc in docs {
        let Some(root) = doc.root.filter(|r| !r.is_null()) else {
            continue;
        };
        let mut locations = Locations::new();
        let value = to_value(&root, String::new(), &mut locations);
        out.push(ParsedDocument { value, locations });
    }
    Ok(out)
}

/// Escapes a key for a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn pointer_escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A YAML node as the JSON value it decodes to (scalars resolved as YAML 1.2's core schema).
pub(crate) fn node_value(node: &yaml::Node) -> serde_json::Value {
    to_value(node, String::new(), &mut Locations::new())
}

fn to_value(node: &yaml::Node, path: String, locations: &mut Locations) -> serde_json::Value {
    use serde_json::Value as J;
    locations.insert(path.clone(), (node.line, node.column));
    match &node.value {
        yaml::Value::Scalar { text, .. } => match node.scalar() {
            Some(yaml::Scalar::Null) => J::Null,
            Some(yaml::Scalar::Bool(b)) => J::Bool(b),
            Some(yaml::Scalar::Int(i)) => i64::try_from(i)
                .map(J::from)
                .unwrap_or_else(|_| J::String(text.clone())),
            Some(yaml::Scalar::Float(f)) => serde_json::Number::from_f64(f)
                .map(J::Number)
                .unwrap_or_else(|| J::String(text.clone())),
            _ => J::String(text.clone()),
        },
        yaml::Value::Seq(items) => J::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, n)| to_value(n, format!("{path}/{i}"), locations))
                .collect(),
        ),
        yaml::Value::Map(entries) => {
            let mut m = serde_json::Map::new();
            for (k, v) in entries {
                let key = match &k.value {
                    yaml::Value::Scalar { text, .. } => text.clone(),
                    _ => format!("{}:{}", k.line, k.column),
                };
                let child = format!("{path}/{}", pointer_escape(&key));
                let value = to_value(v, child.clone(), locations);
                // An entry is located at its key: that is where a learner looks for it.
                locations.insert(child, (k.line, k.column));
                m.insert(key, value);
            }
            J::Object(m)
        }
    }
}

/// Why `key` is not a valid ConfigMap/Secret key, if it is not.
pub fn config_key_problem(key: &str) -> Option<String> {
    validate::config_key(key)
}
