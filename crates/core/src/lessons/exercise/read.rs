//! Reading an author's YAML file into typed values, every mistake located: a thin layer over
//! the bounded, located YAML tree of [`crate::input::definitions::yaml`] with the questions an
//! exercise file asks (this key is a string, a list of strings, a duration, an EN/JA text).

use std::rc::Rc;

use crate::input::definitions::shorten;
use crate::input::definitions::yaml::{Node, Scalar, Value};
use crate::input::model::Millis;
use crate::lessons::experiments::Text;

/// A mistake in an exercise file: `FILE:LINE:COL: error: message` when printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl ExerciseError {
    pub(crate) fn at(node: &Node, message: impl Into<String>) -> ExerciseError {
        ExerciseError {
            line: node.line,
            column: node.column,
            message: message.into(),
        }
    }
}

pub(crate) type Read<T> = Result<T, ExerciseError>;

/// A mapping's entries as (key, value), refusing other shapes and keys not in `known`.
pub(crate) fn entries<'a>(
    node: &'a Node,
    what: &str,
    known: &[&str],
) -> Read<Vec<(&'a str, &'a Rc<Node>)>> {
    let Value::Map(items) = &node.value else {
        return Err(ExerciseError::at(
            node,
            format!("{what} must be a mapping, not {}", node.type_name()),
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (k, v) in items {
        let Value::Scalar { text: key, .. } = &k.value else {
            return Err(ExerciseError::at(k, format!("{what}: keys must be words")));
        };
        let key = key.as_str();
        if !known.is_empty() && !known.contains(&key) {
            return Err(ExerciseError::at(
                k,
                format!(
                    "{what}: unknown field \"{}\" (known: {})",
                    shorten(key),
                    known.join(", ")
                ),
            ));
        }
        if out.iter().any(|(seen, _)| *seen == key) {
            return Err(ExerciseError::at(
                k,
                format!("{what}: \"{}\" is given twice", shorten(key)),
            ));
        }
        out.push((key, v));
    }
    Ok(out)
}

/// The value of `key` among `items`, if given.
pub(crate) fn get<'a>(items: &[(&str, &'a Rc<Node>)], key: &str) -> Option<&'a Rc<Node>> {
    items.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The value of `key`, which must be given.
pub(crate) fn require<'a>(
    node: &Node,
    items: &[(&str, &'a Rc<Node>)],
    key: &str,
    what: &str,
) -> Read<&'a Rc<Node>> {
    get(items, key).ok_or_else(|| ExerciseError::at(node, format!("{what}: \"{key}\" is required")))
}

/// A scalar's text, whatever its type (`6`, `true`, `web`).
pub(crate) fn text(node: &Node, what: &str) -> Read<String> {
    match &node.value {
        Value::Scalar { text, .. } => Ok(text.clone()),
        _ => Err(ExerciseError::at(
            node,
            format!("{what} must be a single value, not {}", node.type_name()),
        )),
    }
}

pub(crate) fn boolean(node: &Node, what: &str) -> Read<bool> {
    match node.scalar() {
        Some(Scalar::Bool(b)) => Ok(b),
        _ => Err(ExerciseError::at(
            node,
            format!("{what} must be true or false"),
        )),
    }
}

pub(crate) fn number(node: &Node, what: &str) -> Read<u64> {
    match node.scalar() {
        Some(Scalar::Int(n)) if (0..=i128::from(u32::MAX)).contains(&n) => Ok(n as u64),
        _ => Err(ExerciseError::at(
            node,
            format!("{what} must be a whole number from 0 to {}", u32::MAX),
        )),
    }
}

/// A duration as `sim wait` takes it: `30s`, `5m`, `1h30m`.
pub(crate) fn duration(node: &Node, what: &str) -> Read<Millis> {
    let t = text(node, what)?;
    crate::base::clock::parse_duration(&t)
        .map_err(|e| ExerciseError::at(node, format!("{what}: {e}")))
}

/// A list of scalars (a single scalar is a list of one).
pub(crate) fn strings(node: &Node, what: &str) -> Read<Vec<String>> {
    match &node.value {
        Value::Seq(items) => items.iter().map(|i| text(i, what)).collect(),
        Value::Scalar { .. } => Ok(vec![text(node, what)?]),
        Value::Map(_) => Err(ExerciseError::at(
            node,
            format!("{what} must be a list, not a mapping"),
        )),
    }
}

/// A sequence's items.
pub(crate) fn items<'a>(node: &'a Node, what: &str) -> Read<&'a [Rc<Node>]> {
    match &node.value {
        Value::Seq(items) => Ok(items),
        _ => Err(ExerciseError::at(
            node,
            format!("{what} must be a list, not {}", node.type_name()),
        )),
    }
}

/// A text in both languages: `{en: …, ja: …}`; both are required (Kubernetes terms and
/// command output stay English inside the Japanese text).
pub(crate) fn bilingual(node: &Node, what: &str) -> Read<Text> {
    let e = entries(node, what, &["en", "ja"])?;
    let en = text(require(node, &e, "en", what)?, what)?;
    let ja = text(require(node, &e, "ja", what)?, what)?;
    if en.trim().is_empty() || ja.trim().is_empty() {
        return Err(ExerciseError::at(
            node,
            format!("{what}: en and ja must not be empty"),
        ));
    }
    Ok(Text { en, ja })
}
