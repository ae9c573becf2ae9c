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
    edits.sort_by(|a, b| b.start.cmp(&a.start));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::files::MapFiles;

    const WEB: &str = "# the shop's front end\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: \"nginx:1.27\"\n";

    fn applied(text: &str) -> World {
        let mut w = World::new(1);
        let files = MapFiles([("web.yaml".to_string(), text.to_string())].into());
        crate::lang::command::run(&mut w, "kubectl apply -f web.yaml", &files).unwrap();
        w
    }

    fn run(w: &mut World, line: &str) {
        crate::lang::command::run(w, line, &MapFiles::default()).unwrap();
    }

    #[test]
    fn an_applied_file_does_not_drift_and_a_file_never_applied_neither() {
        let w = applied(WEB);
        assert_eq!(drift(&w, WEB), vec![]);
        assert_eq!(drift(&World::new(1), WEB), vec![]);
        assert_eq!(take_live(&w, WEB), WEB);
    }

    #[test]
    fn set_image_and_scale_are_drift_and_taking_the_clusters_version_keeps_the_rest() {
        let mut w = applied(WEB);
        run(&mut w, "kubectl set image deployment/web web=nginx:1.26");
        run(&mut w, "kubectl scale deployment/web --replicas=5");
        let d = drift(&w, WEB);
        assert_eq!(
            d.iter()
                .map(|x| (x.field.clone(), x.declared.as_str(), x.live.as_str()))
                .collect::<Vec<_>>(),
            vec![
                (DriftField::Replicas, "3", "5"),
                (
                    DriftField::Image {
                        container: "web".into()
                    },
                    "nginx:1.27",
                    "nginx:1.26"
                ),
            ]
        );
        let taken = take_live(&w, WEB);
        assert_eq!(
            taken,
            WEB.replace("replicas: 3", "replicas: 5")
                .replace("\"nginx:1.27\"", "\"nginx:1.26\"")
        );
        assert_eq!(drift(&w, &taken), vec![]);
    }

    #[test]
    fn a_file_that_leaves_replicas_out_gets_the_clusters_count_added() {
        let text = WEB.replace("  replicas: 3\n", "");
        let mut w = applied(&text);
        assert_eq!(drift(&w, &text), vec![], "1 by default on both sides");
        run(&mut w, "kubectl scale deployment/web --replicas=2");
        let taken = take_live(&w, &text);
        assert!(
            taken.contains("spec:\n  replicas: 2\n  selector:"),
            "{taken}"
        );
        assert_eq!(drift(&w, &taken), vec![]);
    }

    #[test]
    fn broken_or_hostile_text_is_no_drift_and_never_a_panic() {
        let w = applied(WEB);
        for text in [
            "",
            "{",
            "kind: Deployment",
            "kind: Deployment\nmetadata: 3\n",
            "- a\n- b\n",
            "kind: Deployment\nmetadata: {name: web}\nspec: {replicas: 9}\n",
        ] {
            let _ = drift(&w, text);
            let _ = take_live(&w, text);
        }
        let flow = "kind: Deployment\nmetadata: {name: web}\nspec: {replicas: 9}\n";
        assert_eq!(drift(&w, flow).len(), 1);
        assert_eq!(take_live(&w, flow), flow.replace("9", "3"));
    }
}
