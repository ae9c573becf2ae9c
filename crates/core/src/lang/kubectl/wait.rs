//! `kubectl wait --for=condition=C[=V]|delete|jsonpath='{…}'[=V] (TYPE/NAME… | TYPE -l SEL |
//! TYPE --all) [--timeout=30s]`: simulated time passes, a second at a time as `rollout status`
//! and `sim wait` let it, until each object meets the condition or its timeout passes.
//! Conditions are looked up by kind ([`conditions`]), so a kind brings its own.

use super::objects::{object_json, targets, uid_of};
use super::{type_and_names, Resource};
use crate::base::clock::{parse_duration, Millis, MAX_WAIT_MS};
use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::world::World;

/// kubectl's default `--timeout`.
const DEFAULT_TIMEOUT_MS: Millis = 30_000;
/// How often the condition is looked at while time passes.
const STEP_MS: Millis = 1_000;

/// What `--for` asks for.
#[derive(Debug, PartialEq, Eq)]
enum For {
    /// `condition=Ready` (value `true`), `condition=Ready=false`.
    Condition {
        kind: String,
        value: String,
    },
    Delete,
    /// `jsonpath={.status.phase}=Running`; no value: any value at that path.
    JsonPath {
        path: Vec<Step>,
        value: Option<String>,
    },
}

#[derive(Debug, PartialEq, Eq)]
enum Step {
    Field(String),
    Index(usize),
}

fn parse_for(s: &str) -> Result<For, CommandError> {
    if s == "delete" {
        return Ok(For::Delete);
    }
    if let Some(c) = s.strip_prefix("condition=") {
        let (kind, value) = match c.split_once('=') {
            Some((k, v)) => (k, v),
            None => (c, "true"),
        };
        if kind.is_empty() {
            return err(format!("error: unrecognized condition: {s:?}"));
        }
        return Ok(For::Condition {
            kind: kind.to_string(),
            value: value.to_string(),
        });
    }
    if let Some(j) = s.strip_prefix("jsonpath=") {
        let j = j.trim_matches('\'');
        let (expr, value) = match j.rfind("}=") {
            Some(i) => (&j[..=i], Some(j[i + 2..].trim_matches('\'').to_string())),
            None => (j, None),
        };
        if expr.is_empty() {
            return err("error: jsonpath expression cannot be empty");
        }
        if value.as_deref() == Some("") {
            return err("error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3");
        }
        return Ok(For::JsonPath {
            path: parse_path(expr)?,
            value,
        });
    }
    err(format!("error: unrecognized condition: {s:?}"))
}

/// `{.status.containerStatuses[0].ready}` → its steps (the subset of JSONPath a wait uses).
fn parse_path(expr: &str) -> Result<Vec<Step>, CommandError> {
    let bad = || {
        CommandError::new(format!("error: unsupported jsonpath expression {expr:?}: Sunaba reads paths like {{.status.phase}} or {{.status.conditions[0].status}}"))
    };
    let inner = expr
        .strip_prefix('{')
        .and_then(|e| e.strip_suffix('}'))
        .ok_or_else(bad)?;
    let inner = inner.strip_prefix('.').ok_or_else(bad)?;
    let mut steps = Vec::new();
    for part in inner.split('.') {
        let (field, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if field.is_empty() {
            return Err(bad());
        }
        steps.push(Step::Field(field.to_string()));
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']').ok_or_else(bad)?;
            steps.push(Step::Index(r[..end].parse().map_err(|_| bad())?));
            rest = &r[end + 1..];
        }
        if !rest.is_empty() {
            return Err(bad());
        }
    }
    Ok(steps)
}

/// The `status.conditions` of an object as (type, status), by kind: what `--for=condition=`
/// reads. A kind without conditions has none.
fn conditions(w: &World, r: Resource, ns: &str, name: &str) -> Vec<(String, String)> {
    let s = &w.k.store;
    let key = (ns.to_string(), name.to_string());
    let own = |v: Vec<(&str, &str)>| {
        v.into_iter()
            .map(|(t, s)| (t.to_string(), s.to_string()))
            .collect()
    };
    match r {
        Resource::Pods => s
            .pod_by_name(ns, name)
            .map(|p| own(crate::lang::printers::pod_conditions(p)))
            .unwrap_or_default(),
        Resource::Deployments => s
            .deployments
            .get(&key)
            .map(|d| own(deployment_conditions(d)))
            .unwrap_or_default(),
        Resource::Nodes => {
            w.k.node_index
                .get(name)
                .and_then(|_| object_json(w, r, ns, name))
                .map(|v| json_conditions(&v))
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// A Deployment's Available and Progressing conditions, as `describe` shows them.
fn deployment_conditions(d: &crate::sim::store::Deployment) -> Vec<(&'static str, &'static str)> {
    use crate::input::model::DeploymentStrategy;
    let max_unavailable = match d.spec.strategy {
        DeploymentStrategy::RollingUpdate {
            max_unavailable, ..
        } => max_unavailable.resolve(d.spec.replicas, false),
        DeploymentStrategy::Recreate => 0,
    };
    let available = d.status.available_replicas >= d.spec.replicas.saturating_sub(max_unavailable);
    let progressing = if d.spec.paused {
        "Unknown"
    } else if d.status.progress_deadline_exceeded {
        "False"
    } else {
        "True"
    };
    vec![
        ("Available", if available { "True" } else { "False" }),
        ("Progressing", progressing),
    ]
}

fn json_conditions(v: &serde_json::Value) -> Vec<(String, String)> {
    v["status"]["conditions"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    (
                        c["type"].as_str().unwrap_or_default().to_string(),
                        c["status"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn lookup<'a>(v: &'a serde_json::Value, path: &[Step]) -> Option<&'a serde_json::Value> {
    path.iter().try_fold(v, |v, s| match s {
        Step::Field(f) => v.get(f),
        Step::Index(i) => v.get(i),
    })
}

/// Whether the object now meets the condition (`None`: it is gone).
fn met(w: &World, r: Resource, ns: &str, name: &str, f: &For, uid: &str) -> Option<bool> {
    match f {
        For::Delete => Some(uid_of(w, r, ns, name).is_none_or(|u| u != uid)),
        For::Condition { kind, value } => {
            object_json(w, r, ns, name)?;
            Some(
                conditions(w, r, ns, name)
                    .iter()
                    .any(|(t, s)| t.eq_ignore_ascii_case(kind) && s.eq_ignore_ascii_case(value)),
            )
        }
        For::JsonPath { path, value } => {
            let v = object_json(w, r, ns, name)?;
            Some(match (lookup(&v, path), value) {
                (None | Some(serde_json::Value::Null), _) => false,
                (Some(_), None) => true,
                (Some(serde_json::Value::String(s)), Some(want)) => s == want,
                (
                    Some(x @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))),
                    Some(want),
                ) => want.as_str() == x.to_string().as_str(),
                (Some(_), Some(_)) => false,
            })
        }
    }
}

pub(super) fn kubectl_wait(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let Some(f) = a.flag("for") else {
        return err("error: --for must be set");
    };
    let f = parse_for(f)?;
    let timeout_ms = match a.flag("timeout") {
        Some(t) if t.starts_with('-') => MAX_WAIT_MS,
        Some(t) => parse_duration(t)
            .map_err(|e| CommandError::new(format!("error: {e}")))?
            .min(MAX_WAIT_MS),
        None => DEFAULT_TIMEOUT_MS,
    };
    if a.positional.is_empty() {
        return err("error: you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.");
    }
    let (res, names) = type_and_names(&a.positional)?;
    let ns = a.namespace();
    let names = match targets(w, a, res, names) {
        Ok(n) => n,
        Err(e) if e.message.starts_with("No resources found") => {
            return err("error: no matching resources found")
        }
        Err(e) => return Err(e),
    };
    let mut out = String::new();
    for name in names {
        let Some(uid) = uid_of(w, res, &ns, &name) else {
            if f == For::Delete {
                continue;
            }
            return err(format!(
                "{out}{}",
                super::objects::not_found(res, &name).message
            ));
        };
        let start = w.k.now_ms;
        loop {
            match met(w, res, &ns, &name, &f, &uid) {
                Some(true) => {
                    out.push_str(&format!("{}/{name} condition met\n", res.singular()));
                    break;
                }
                None => {
                    return err(format!(
                        "{out}{}",
                        super::objects::not_found(res, &name).message
                    ))
                }
                Some(false) => {}
            }
            let plural = res.plural().split('.').next().unwrap_or_default();
            if timeout_ms == 0 {
                return err(format!("{out}error: condition not met for {plural}/{name}"));
            }
            if w.k.now_ms - start >= timeout_ms {
                return err(format!(
                    "{out}error: timed out waiting for the condition on {plural}/{name}"
                ));
            }
            // Waiting is virtual time passing, as in `rollout status` and `sim wait`: a second at
            // a time, or straight to the deadline when nothing is due before it (a quiet world
            // cannot change, so a long --timeout costs nothing).
            let deadline = start.saturating_add(timeout_ms);
            let step = w.k.now_ms.saturating_add(STEP_MS).min(deadline);
            let next = match w.next_wakeup_ms() {
                Some(t) if t <= deadline => step,
                _ => deadline,
            };
            w.advance_to(next);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_takes_conditions_delete_and_jsonpath() {
        assert_eq!(
            parse_for("condition=Ready").unwrap(),
            For::Condition {
                kind: "Ready".into(),
                value: "true".into()
            }
        );
        assert_eq!(parse_for("delete").unwrap(), For::Delete);
        assert_eq!(
            parse_for("jsonpath={.status.containerStatuses[0].ready}=true").unwrap(),
            For::JsonPath {
                path: vec![
                    Step::Field("status".into()),
                    Step::Field("containerStatuses".into()),
                    Step::Index(0),
                    Step::Field("ready".into())
                ],
                value: Some("true".into())
            }
        );
        assert!(parse_for("ready").is_err());
        assert!(parse_for("jsonpath={.status.phase}=").is_err());
        assert!(parse_for("jsonpath=status").is_err());
    }
}
