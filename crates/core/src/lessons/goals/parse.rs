//! A goal from the author's YAML, every mistake located (`unknown field "redy" for a
//! deployment (known: desired, ready, …)`), bounded in depth and size.

use std::collections::BTreeMap;

use super::fields::{fields, namespaced, Type, KINDS};
use super::{
    Cmp, Cond, EventMatch, Expect, FileCheck, Goal, Op, Select, Unchanged, CLAUSES_MAX, DEPTH_MAX,
};
use crate::input::definitions::shorten;
use std::rc::Rc;

use crate::input::definitions::yaml::{Node, Value};
use crate::lessons::exercise::read::{
    boolean, duration, entries, get, items, require, strings, text, ExerciseError, Read,
};

/// Reads one goal.
pub fn parse(node: &Node) -> Read<Goal> {
    let mut clauses = 0;
    goal(node, 0, &mut clauses)
}

fn goal(node: &Node, depth: usize, clauses: &mut usize) -> Read<Goal> {
    if depth > DEPTH_MAX {
        return Err(ExerciseError::at(
            node,
            format!("goal nested too deeply: at most {DEPTH_MAX} levels"),
        ));
    }
    *clauses += 1;
    if *clauses > CLAUSES_MAX {
        return Err(ExerciseError::at(
            node,
            format!("goal too large: at most {CLAUSES_MAX} clauses"),
        ));
    }
    let e = entries(node, "goal", &[])?;
    let has = |k: &str| get(&e, k).is_some();
    let list = |key: &str, clauses: &mut usize| -> Read<Vec<Goal>> {
        let v = require(node, &e, key, "goal")?;
        let out = items(v, key)?
            .iter()
            .map(|g| goal(g, depth + 1, clauses))
            .collect::<Read<Vec<Goal>>>()?;
        if out.is_empty() {
            return Err(ExerciseError::at(
                v,
                format!("{key}: give at least one goal"),
            ));
        }
        Ok(out)
    };
    let only = |allowed: &[&str]| -> Read<()> {
        for (k, v) in &e {
            if !allowed.contains(k) {
                return Err(ExerciseError::at(
                    v,
                    format!(
                        "\"{}\" cannot be combined with \"{}\" here",
                        shorten(k),
                        allowed[0]
                    ),
                ));
            }
        }
        Ok(())
    };
    if has("all") {
        only(&["all"])?;
        return Ok(Goal::All(list("all", clauses)?));
    }
    if has("any") {
        only(&["any"])?;
        return Ok(Goal::Any(list("any", clauses)?));
    }
    if let Some(inner) = get(&e, "not") {
        only(&["not"])?;
        return Ok(Goal::Not(Box::new(goal(inner, depth + 1, clauses)?)));
    }
    if let Some(d) = get(&e, "for") {
        only(&["for", "goal"])?;
        let ms = duration(d, "for")?;
        let inner = require(node, &e, "goal", "for")?;
        return Ok(Goal::For {
            goal: Box::new(goal(inner, depth + 1, clauses)?),
            ms,
        });
    }
    leaf(node, &e)
}

/// A clause that holds no other goal: events, traffic, commands, `unchanged`, a file, or
/// objects.
fn leaf(node: &Node, e: &[(&str, &Rc<Node>)]) -> Read<Goal> {
    let only = |allowed: &[&str]| -> Read<()> {
        for (k, v) in e {
            if !allowed.contains(k) {
                return Err(ExerciseError::at(
                    v,
                    format!(
                        "\"{}\" cannot be combined with \"{}\" here",
                        shorten(k),
                        allowed[0]
                    ),
                ));
            }
        }
        Ok(())
    };
    if let Some(m) = get(e, "event") {
        only(&["event", "count", "never"])?;
        return events(node, m, e);
    }
    if let Some(c) = get(e, "commands-not-used") {
        only(&["commands-not-used"])?;
        return Ok(Goal::CommandsNotUsed(strings(c, "commands-not-used")?));
    }
    if let Some(t) = get(e, "traffic") {
        only(&["traffic", "namespace", "requests", "errors"])?;
        let requests = get(e, "requests").map(|r| cmp(r, "requests")).transpose()?;
        let errors = get(e, "errors").map(|r| cmp(r, "errors")).transpose()?;
        if requests.is_none() && errors.is_none() {
            return Err(ExerciseError::at(t, "traffic: compare requests or errors"));
        }
        return Ok(Goal::Traffic {
            service: text(t, "traffic")?,
            namespace: get(e, "namespace")
                .map(|n| text(n, "namespace"))
                .transpose()?
                .unwrap_or_else(|| "default".into()),
            requests,
            errors,
        });
    }
    if let Some(c) = get(e, "commands-used") {
        only(&["commands-used"])?;
        return Ok(Goal::CommandsUsed(strings(c, "commands-used")?));
    }
    if let Some(u) = get(e, "unchanged") {
        only(&["unchanged"])?;
        return unchanged(u);
    }
    if let Some(f) = get(e, "file") {
        only(&["file", "exists", "path", "equals", "lint-clean", "contains"])?;
        return file(node, f, e);
    }
    objects(node, e)
}

/// `count: 3`, `count: ">= 3"`, `ready: "< 2"`, `restarts: "!= 0"`.
pub fn cmp(node: &Node, what: &str) -> Read<Cmp> {
    let t = text(node, what)?;
    let t = t.trim();
    let (op, rest) = [
        (">=", Op::Ge),
        ("<=", Op::Le),
        ("!=", Op::Ne),
        ("==", Op::Eq),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
    ]
    .iter()
    .find_map(|(p, op)| t.strip_prefix(p).map(|r| (*op, r)))
    .unwrap_or((Op::Eq, t));
    let value = rest.trim().parse::<u64>().map_err(|_| {
        ExerciseError::at(
            node,
            format!(
                "{what}: \"{}\" is not a number or a comparison like \">= 3\"",
                shorten(t)
            ),
        )
    })?;
    Ok(Cmp { op, value })
}

fn events(node: &Node, m: &Node, e: &[(&str, &Rc<Node>)]) -> Read<Goal> {
    let me = entries(
        m,
        "event",
        &["reason", "type", "object", "namespace", "message"],
    )?;
    let field = |k: &str| get(&me, k).map(|v| text(v, k)).transpose();
    let matcher = EventMatch {
        reason: field("reason")?,
        type_: field("type")?,
        object: field("object")?,
        namespace: field("namespace")?,
        message: field("message")?,
    };
    if matcher == EventMatch::default() {
        return Err(ExerciseError::at(
            m,
            "event: say which events (reason, type, object, namespace or message)",
        ));
    }
    let count = match (get(e, "count"), get(e, "never")) {
        (Some(_), Some(n)) => {
            return Err(ExerciseError::at(n, "event: give count or never, not both"))
        }
        (Some(c), None) => cmp(c, "count")?,
        (None, Some(n)) if boolean(n, "never")? => Cmp {
            op: Op::Eq,
            value: 0,
        },
        (None, Some(n)) => {
            return Err(ExerciseError::at(
                n,
                "never: false says nothing; leave it out",
            ))
        }
        (None, None) => Cmp {
            op: Op::Ge,
            value: 1,
        },
    };
    let _ = node;
    Ok(Goal::Events { matcher, count })
}

fn unchanged(u: &Node) -> Read<Goal> {
    if let Value::Scalar { text: t, .. } = &u.value {
        if t == "nodes" {
            return Ok(Goal::Unchanged(Unchanged::Nodes));
        }
        return Err(ExerciseError::at(
            u,
            "unchanged: \"nodes\", or an object (deployment: web)",
        ));
    }
    let e = entries(u, "unchanged", &[])?;
    let (select, conds, count) = selection(u, &e)?;
    if !conds.is_empty() || count.is_some() || select.name.is_none() {
        return Err(ExerciseError::at(
            u,
            "unchanged: name one object (deployment: web), with no conditions",
        ));
    }
    Ok(Goal::Unchanged(Unchanged::Object(select)))
}

fn file(node: &Node, f: &Node, e: &[(&str, &Rc<Node>)]) -> Read<Goal> {
    let path = text(f, "file")?;
    let check = if let Some(x) = get(e, "exists") {
        FileCheck::Exists(boolean(x, "exists")?)
    } else if let Some(p) = get(e, "path") {
        let field = text(p, "path")?;
        match get(e, "equals") {
            Some(v) => FileCheck::PathEquals {
                path: field,
                value: text(v, "equals")?,
            },
            None => FileCheck::PathExists(field),
        }
    } else if let Some(l) = get(e, "lint-clean") {
        match &l.value {
            Value::Scalar { .. } if boolean(l, "lint-clean").is_ok() => {
                if !boolean(l, "lint-clean")? {
                    return Err(ExerciseError::at(l, "lint-clean: false says nothing"));
                }
                FileCheck::LintClean(Vec::new())
            }
            _ => FileCheck::LintClean(strings(l, "lint-clean")?),
        }
    } else if let Some(c) = get(e, "contains") {
        FileCheck::Contains(text(c, "contains")?)
    } else {
        return Err(ExerciseError::at(
            node,
            "file: say what to check (exists, path + equals, lint-clean or contains)",
        ));
    };
    Ok(Goal::File { path, check })
}

fn objects(node: &Node, e: &[(&str, &Rc<Node>)]) -> Read<Goal> {
    let (select, conds, count) = selection(node, e)?;
    Ok(Goal::Objects {
        select,
        conds,
        count,
    })
}

/// A kind selector entry: (its key, its value, the kind's row of [`KINDS`]).
type KindEntry<'a> = (
    &'a str,
    &'a Rc<Node>,
    &'static (
        &'static str,
        &'static str,
        super::fields::Kind,
        &'static str,
        bool,
    ),
);

/// The one kind word of a clause (`deployment`, `pods`, …).
fn which_kind<'a>(node: &Node, e: &[(&'a str, &'a Rc<Node>)]) -> Read<KindEntry<'a>> {
    let mut kinds: Vec<_> = e
        .iter()
        .filter_map(|(k, v)| {
            KINDS
                .iter()
                .find(|x| x.0 == *k || x.1 == *k)
                .map(|x| (*k, *v, x))
        })
        .collect();
    // A kind word that is also a field of another kind given here is that field
    // (`namespace: prod` beside `deployment: web`; `environment: pr-1` beside `databases`);
    // alone, it names an object of its own kind.
    if kinds.len() > 1 {
        let words: Vec<&str> = kinds.iter().map(|(k, _, _)| *k).collect();
        let is_field_of_another = |k: &str| {
            k == "namespace"
                || kinds
                    .iter()
                    .any(|(other, _, x)| *other != k && fields(x.2).iter().any(|(f, _)| *f == k))
        };
        let keep: Vec<bool> = words.iter().map(|k| !is_field_of_another(k)).collect();
        let mut i = 0;
        kinds.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
    match kinds.as_slice() {
        [one] => Ok(*one),
        [] => {
            let words: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
            Err(ExerciseError::at(
                node,
                format!(
                    "goal: no clause here; a goal is all, any, not, for, event, traffic, file, unchanged, commands-used, commands-not-used or an object ({})",
                    words.join(", ")
                ),
            ))
        }
        [_, (k, v, _), ..] => Err(ExerciseError::at(
            v,
            format!(
                "\"{}\": one kind of object per clause (combine clauses with all)",
                shorten(k)
            ),
        )),
    }
}

/// A selector (one kind word), its `namespace`/`context`, `count`, and field conditions.
fn selection(
    node: &Node,
    e: &[(&str, &Rc<Node>)],
) -> Read<(Select, Vec<Cond>, Option<super::Cmp>)> {
    let (key, value, &(single, _, kind, word, _)) = which_kind(node, e)?;
    let plural = key != single;
    let (name, labels) = if plural {
        (None, selector_labels(value, key)?)
    } else {
        (Some(text(value, key)?), BTreeMap::new())
    };
    let mut namespace = "default".to_string();
    let mut context = None;
    let mut count = None;
    let mut conds = Vec::new();
    for (k, v) in e {
        match *k {
            k if k == key => {}
            "namespace" if namespaced(kind) => namespace = text(v, "namespace")?,
            "context" => context = Some(text(v, "context")?),
            "count" if plural => count = Some(cmp(v, "count")?),
            "exists" => conds.push(Cond {
                field: "exists",
                expect: Expect::Bool(boolean(v, "exists")?),
            }),
            other => {
                let known = fields(kind);
                let Some(&(field, ty)) = known.iter().find(|(f, _)| *f == other) else {
                    let mut names: Vec<&str> = known.iter().map(|(f, _)| *f).collect();
                    names.extend(["exists", "context"]);
                    if namespaced(kind) {
                        names.push("namespace");
                    }
                    if plural {
                        names.push("count");
                    }
                    return Err(ExerciseError::at(
                        v,
                        format!(
                            "unknown field \"{}\" for a {word} (known: {})",
                            shorten(other),
                            names.join(", ")
                        ),
                    ));
                };
                conds.push(Cond {
                    field,
                    expect: expect(v, field, ty)?,
                });
            }
        }
    }
    let select = Select {
        kind,
        name,
        namespace,
        labels,
        context,
    };
    Ok((select, conds, count))
}

/// `pods: {app: web}` (labels) or `pods: all`.
fn selector_labels(v: &Node, key: &str) -> Read<BTreeMap<String, String>> {
    if let Value::Scalar { text: t, .. } = &v.value {
        if t == "all" {
            return Ok(BTreeMap::new());
        }
        return Err(ExerciseError::at(
            v,
            format!("{key}: labels to select by ({{app: web}}) or all"),
        ));
    }
    entries(v, key, &[])?
        .into_iter()
        .map(|(k, v)| Ok((k.to_string(), text(v, key)?)))
        .collect()
}

fn expect(v: &Node, field: &str, ty: Type) -> Read<Expect> {
    Ok(match ty {
        Type::Number => Expect::Number(cmp(v, field)?),
        Type::Text => Expect::Text(text(v, field)?),
        Type::Bool => Expect::Bool(boolean(v, field)?),
        Type::Pairs => Expect::Pairs(
            entries(v, field, &[])?
                .into_iter()
                .map(|(k, x)| Ok((k.to_string(), text(x, field)?)))
                .collect::<Read<_>>()?,
        ),
    })
}
