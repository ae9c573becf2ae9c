//! `kubectl explain` held to the manifest reader both ways: a manifest with every field the
//! schema lists is read, and every key the reader then accepts (asks for, or ignores) is a field
//! the schema explains there; every field the schema says is simulated, the reader asks for.

use super::schema::{By, Kind, Made, Object, Type, KINDS};
use super::{candidates, explain, resolve, Found};
use crate::input::definitions::accepted_fields;
use serde_json::{json, Map, Value};

/// A value of `ty` the reader takes in (or at least reads through): objects with every
/// learner-written field, lists of two (so per-item rules such as a Service's port names are
/// read), an enum's last value (for these enums it is the one that makes the reader read on:
/// `RollingUpdate` reads `rollingUpdate`).
fn example(ty: Type, depth: usize) -> Value {
    match ty {
        Type::String => json!("a"),
        Type::Integer | Type::IntOrString => json!(1),
        Type::Boolean => json!(true),
        Type::Enum(values) => json!(values.last().copied().unwrap_or_default()),
        Type::StringMap => json!({"a": "b"}),
        Type::Quantities => json!({"cpu": "1"}),
        Type::Strings => json!(["a"]),
        Type::Object(o) => object_example(o, depth + 1),
        Type::Objects(o) => json!([object_example(o, depth + 1), object_example(o, depth + 1)]),
    }
}

fn object_example(o: &Object, depth: usize) -> Value {
    assert!(depth < 20, "{} nests too deep", o.name);
    let mut m = Map::new();
    for f in o.fields.iter().filter(|f| f.by == By::Learner) {
        m.insert(f.name.to_string(), example(f.ty, depth));
    }
    Value::Object(m)
}

fn manifest(kind: &Kind) -> String {
    let mut doc = object_example(kind.root, 0);
    let version = match kind.group {
        "" => kind.version.to_string(),
        g => format!("{g}/{}", kind.version),
    };
    doc["apiVersion"] = json!(version);
    doc["kind"] = json!(kind.kind);
    doc.to_string()
}

fn manifest_kinds() -> impl Iterator<Item = &'static Kind> {
    KINDS.iter().filter(|k| k.made == Made::Manifest)
}

/// `spec.containers[0].env[1]` → `spec.containers.env`.
fn without_indexes(path: &str) -> String {
    path.split('.')
        .map(|w| w.split('[').next().unwrap_or(w))
        .collect::<Vec<_>>()
        .join(".")
}

/// The object a reader path leads to in the schema.
fn object_at(kind: &Kind, path: &str) -> Option<&'static Object> {
    if path.is_empty() {
        return Some(kind.root);
    }
    match resolve(&format!("{}.{path}", kind.names[0])) {
        Ok((_, Found::Field { field, .. })) => field.ty.object(),
        _ => None,
    }
}

#[test]
fn every_field_the_manifest_reader_accepts_is_explainable() {
    for kind in manifest_kinds() {
        let text = manifest(kind);
        let accepted = accepted_fields(&text);
        assert!(
            accepted.len() > 3,
            "{}: the reader read nothing of {text}",
            kind.kind
        );
        for (path, key) in accepted {
            let path = without_indexes(&path);
            let object = object_at(kind, &path).unwrap_or_else(|| {
                panic!(
                    "{}: the reader reads {path:?}, explain has no object there",
                    kind.kind
                )
            });
            let known = object.fields.iter().any(|f| f.name == key)
                || object.ignored.iter().any(|l| l.contains(&key.as_str()));
            assert!(
                known,
                "{}: {path}.{key} is read but not explainable",
                kind.kind
            );
            let target = [kind.names[0], &path, &key]
                .iter()
                .filter(|w| !w.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(".");
            assert!(explain(&target, false).is_ok(), "kubectl explain {target}");
        }
    }
}

#[test]
fn every_simulated_field_is_one_the_reader_asks_for() {
    // Per object type (a Container is read under containers and initContainers): the keys
    // the reader accepted at any path where the type appears.
    let mut seen: Vec<(&'static Object, Vec<String>)> = Vec::new();
    for kind in manifest_kinds() {
        for (path, key) in accepted_fields(&manifest(kind)) {
            let Some(object) = object_at(kind, &without_indexes(&path)) else {
                continue;
            };
            match seen.iter_mut().find(|(o, _)| std::ptr::eq(*o, object)) {
                Some((_, keys)) => keys.push(key),
                None => seen.push((object, vec![key])),
            }
        }
    }
    assert!(seen.len() > 20, "only {} object types read", seen.len());
    for (object, keys) in &seen {
        for f in object.fields.iter().filter(|f| f.by == By::Learner) {
            assert!(
                keys.iter().any(|k| k == f.name),
                "{}.{} is never read",
                object.name,
                f.name
            );
        }
    }
}

#[test]
fn every_path_in_the_schema_explains_and_unknown_ones_are_kubectls_error() {
    fn walk(prefix: &str, o: &Object, depth: usize, count: &mut usize) {
        assert!(depth < 20);
        for f in o.fields {
            let target = format!("{prefix}.{}", f.name);
            *count += 1;
            let text = explain(&target, false).unwrap_or_else(|e| panic!("{target}: {e}"));
            assert!(text.contains(&format!("FIELD: {} <", f.name)), "{text}");
            if let Some(inner) = f.ty.object() {
                walk(&target, inner, depth + 1, count);
            }
        }
    }
    let mut count = 0;
    for kind in KINDS {
        for name in kind.names {
            assert!(explain(name, false).is_ok(), "{name}");
        }
        walk(kind.names[0], kind.root, 0, &mut count);
    }
    assert!(count > 150, "{count} paths");
    let no = |t: &str| explain(t, false).unwrap_err().message;
    assert_eq!(no("pods.spec.foo"), "error: field \"foo\" does not exist");
    assert_eq!(no("pods.foo.bar"), "error: field \"foo\" does not exist");
    assert_eq!(
        no("pods.spec.nodeName.x"),
        "error: field \"x\" does not exist"
    );
    assert!(no("podz").starts_with("error: the server doesn't have a resource type \"podz\""));
    assert!(no(&format!("pods{}", ".spec".repeat(40))).contains("at most"));
    assert!(
        explain("Pods.spec", false).is_ok(),
        "resource names are case-insensitive"
    );
}

#[test]
fn ignored_fields_say_so() {
    let text = explain("pods.spec.affinity.nodeAffinity", false).unwrap();
    assert!(text.contains("FIELD: nodeAffinity\n"), "{text}");
    assert!(
        text.contains("Sunaba accepts spec.affinity and ignores it"),
        "{text}"
    );
    let spec = explain("deploy.spec.template.spec", true).unwrap();
    assert!(spec.contains("Accepted but not simulated"), "{spec}");
    assert!(spec.contains("affinity"), "{spec}");
}

#[test]
fn tab_offers_resources_then_fields_one_level_at_a_time() {
    assert!(candidates("").contains(&"pods.".to_string()));
    let pods = candidates("pods.");
    assert!(pods.contains(&"pods.spec.".to_string()), "{pods:?}");
    assert!(pods.contains(&"pods.kind".to_string()), "{pods:?}");
    assert!(candidates("deploy.spec.template.spec.containers.")
        .contains(&"deploy.spec.template.spec.containers.resources.".to_string()));
    assert_eq!(explain("pods.spec.", false), explain("pods.spec", false));
    assert!(candidates("pods.spec.nodeName.").is_empty());
    assert!(candidates("nope.x").is_empty());
}
