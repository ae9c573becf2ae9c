//! Drift: where the cluster no longer runs what a definition file declares. After
//! `kubectl set image`, `kubectl scale` or `kubectl rollout undo`, the editor still holds the old
//! text, and the next Apply would quietly undo the change; a shell says so beside Apply, and
//! [`take_live`] writes the cluster's values into the text in place (the learner's comments,
//! order and quoting stay).
//!
//! Compared: the Deployments of the file (replicas — 1 when the file leaves it out, as the API
//! defaults it — and each container's image) with the same Deployments in the current context's
//! cluster. An object the file declares but the cluster lacks is not drift (it is not applied).

use std::rc::Rc;

use serde::Serialize;

use crate::input::definitions::yaml::{parse_documents, Node, Scalar, Value};
use crate::world::World;

/// Most Deployments compared in one file.
pub const DRIFT_OBJECTS_MAX: usize = 50;

/// One value the cluster runs differently from the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Drift {
    pub namespace: String,
    /// `deployment/web`.
    pub object: String,
    pub field: DriftField,
    /// What the file says, as the file writes it.
    pub declared: String,
    /// What the cluster runs.
    pub live: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum DriftField {
    Replicas,
    Image { container: String },
}

/// A Deployment as the file declares it, with where its values are written.
struct Declared {
    namespace: String,
    name: String,
    /// The `spec` mapping (to insert `replicas:` into when the file leaves it out).
    spec: Rc<Node>,
    replicas: Option<Rc<Node>>,
    /// (container name, its `image` value).
    images: Vec<(String, Rc<Node>)>,
}

fn entry(node: &Node, key: &str) -> Option<Rc<Node>> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == key))
            .map(|(_, v)| v.clone()),
        _ => None,
    }
}

fn text_of(node: &Node) -> Option<String> {
    match node.scalar()? {
        Scalar::Str(s) => Some(s.to_string()),
        Scalar::Int(n) => Some(n.to_string()),
        _ => None,
    }
}

fn declared(text: &str) -> Vec<Declared> {
    let Ok(docs) = parse_documents(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for root in docs.into_iter().filter_map(|d| d.root) {
        if out.len() >= DRIFT_OBJECTS_MAX {
            break;
        }
        if entry(&root, "kind").and_then(|k| text_of(&k)).as_deref() != Some("Deployment") {
            continue;
        }
        let meta = entry(&root, "metadata");
        let Some(name) = meta
            .as_ref()
            .and_then(|m| entry(m, "name"))
            .and_then(|n| text_of(&n))
        else {
            continue;
        };
        let namespace = meta
            .as_ref()
            .and_then(|m| entry(m, "namespace"))
            .and_then(|n| text_of(&n))
            .unwrap_or_else(|| "default".into());
        let Some(spec) = entry(&root, "spec") else {
            continue;
        };
        let containers = entry(&spec, "template")
            .and_then(|t| entry(&t, "spec"))
            .and_then(|s| entry(&s, "containers"));
        let images = match containers.as_deref().map(|c| &c.value) {
            Some(Value::Seq(items)) => items
                .iter()
                .filter_map(|c| {
                    let name = entry(c, "name").and_then(|n| text_of(&n))?;
                    Some((name, entry(c, "image")?))
                })
                .collect(),
            _ => Vec::new(),
        };
        out.push(Declared {
            namespace,
            name,
            replicas: entry(&spec, "replicas"),
            spec,
            images,
        });
    }
    out
}

/// Where `text` (a definition file) and the current context's cluster disagree.
pub fn drift(world: &World, text: &str) -> Vec<Drift> {
    let live_world = world.active();
    let mut out = Vec::new();
    for d in declared(text) {
        let key = (d.namespace.clone(), d.name.clone());
        let Some(live) = live_world.k.store.deployments.get(&key) else {
            continue;
        };
        let object = format!("deployment/{}", d.name);
        let declared_replicas = match &d.replicas {
            Some(n) => text_of(n).unwrap_or_default(),
            None => "1".into(),
        };
        if declared_replicas != live.spec.replicas.to_string() {
            out.push(Drift {
                namespace: d.namespace.clone(),
                object: object.clone(),
                field: DriftField::Replicas,
                declared: declared_replicas,
                live: live.spec.replicas.to_string(),
            });
        }
        for (container, image) in &d.images {
            let declared_image = text_of(image).unwrap_or_default();
            let live_image = live
                .spec
                .template
                .spec
                .containers
                .iter()
                .find(|c| c.name == *container)
                .map(|c| c.image.clone());
            if let Some(live_image) = live_image.filter(|l| *l != declared_image) {
                out.push(Drift {
                    namespace: d.namespace.clone(),
                    object: object.clone(),
                    field: DriftField::Image {
                        container: container.clone(),
                    },
                    declared: declared_image,
                    live: live_image,
                });
            }
        }
    }
    out
}

/// `text` with the cluster's values written in place of the drifted ones (a missing
/// `replicas:` is added at the top of its `spec`). Values the text writes in a way that cannot
/// be changed in place (a multi-line scalar) are left as they are.
pub fn take_live(world: &World, text: &str) -> String {
    let drifts = drift(world, text);
    if drifts.is_empty() {
        return text.to_string();
    }
    let mut edits: Vec<Edit> = Vec::new();
    for d in declared(text) {
        let object = format!("deployment/{}", d.name);
        for x in drifts
            .iter()
            .filter(|x| x.object == object && x.namespace == d.namespace)
        {
            match &x.field {
                DriftField::Replicas => match &d.replicas {
                    Some(n) => edits.extend(replace_scalar(text, n, &x.live)),
                    None => edits.extend(insert_first_entry(
                        text,
                        &d.spec,
                        &format!("replicas: {}", x.live),
                    )),
                },
                DriftField::Image { container } => {
                    if let Some((_, n)) = d.images.iter().find(|(c, _)| c == container) {
                        edits.extend(replace_scalar(text, n, &x.live));
                    }
                }
            }
        }
    }
    // From the end, so earlier offsets stay valid.
    edits.sort_by_key(|e| std::cmp::Reverse(e.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.start..e.end, &e.with);
    }
    out
}

struct Edit {
    start: usize,
    end: usize,
    with: String,
}

/// The byte offset of a 1-based line and (character) column.
fn offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let rest = text.get(line_start..)?;
    let within = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// Replaces a one-line scalar's written form, keeping its quotes.
fn replace_scalar(text: &str, node: &Node, with: &str) -> Option<Edit> {
    let Value::Scalar { text: value, plain } = &node.value else {
        return None;
    };
    let start = offset(text, node.line, node.column)?;
    let rest = text.get(start..)?;
    let first_line = rest.split('\n').next()?;
    if *plain {
        first_line.starts_with(value.as_str()).then(|| Edit {
            start,
            end: start + value.len(),
            with: with.to_string(),
        })
    } else {
        let quote = first_line
            .chars()
            .next()
            .filter(|q| *q == '"' || *q == '\'')?;
        let close = first_line[1..].find(quote)? + 1;
        Some(Edit {
            start,
            end: start + close + 1,
            with: format!("{quote}{with}{quote}"),
        })
    }
}

/// Inserts `line` as the first entry of a block mapping, at its entries' indentation.
fn insert_first_entry(text: &str, map: &Node, line: &str) -> Option<Edit> {
    let Value::Map(entries) = &map.value else {
        return None;
    };
    let (first_key, _) = entries.first()?;
    let start = offset(text, first_key.line, first_key.column)?;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..start];
    if !indent.chars().all(|c| c == ' ') {
        return None; // a flow mapping or `- key:`: leave it to the learner
    }
    Some(Edit {
        start: line_start,
        end: line_start,
        with: format!("{indent}{line}\n"),
    })
}
