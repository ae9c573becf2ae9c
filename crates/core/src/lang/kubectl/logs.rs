//! `kubectl logs (POD | TYPE/NAME | -l SELECTOR) [-c CONTAINER | --all-containers] [--previous]
//! [--tail=N] [--since=DURATION] [--timestamps] [--prefix] [-f]`.
//!
//! The runtime keeps each container's lines without a time of their own, so `--timestamps`
//! and `--since` take the container's start as every line's time. `-f` prints what has been
//! written so far: a script cannot wait for lines still to come.

use super::{matches, parse_selector};
use crate::base::clock::{parse_duration, Millis};
use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::sim::store::{ContainerState, ContainerStatus, Pod};
use crate::world::World;

/// How `--tail`, `--since`, `--timestamps` and `--prefix` shape the lines.
struct Shape {
    tail: Option<usize>,
    since_ms: Option<Millis>,
    timestamps: bool,
    prefix: bool,
}

impl Shape {
    fn of(a: &Args, selector: bool) -> Result<Shape, CommandError> {
        let tail = match a.flag("tail") {
            Some(t) => {
                let n: i64 = t.parse().map_err(|_| {
                    CommandError::new(format!("error: invalid argument \"{t}\" for \"--tail\" flag: strconv.ParseInt: parsing \"{t}\": invalid syntax"))
                })?;
                usize::try_from(n).ok()
            }
            // kubectl: all lines for one pod, the last 10 of each when a selector picks them.
            None if selector => Some(10),
            None => None,
        };
        let since_ms = a
            .flag("since")
            .map(|s| parse_duration(s).map_err(|e| CommandError::new(format!("error: {e}"))))
            .transpose()?;
        Ok(Shape {
            tail,
            since_ms,
            timestamps: a.has("timestamps"),
            prefix: a.has("prefix"),
        })
    }
}

/// `kubectl logs -l SELECTOR`: the logs of every matching pod, in name order.
pub(super) fn kubectl_logs_selected(
    w: &mut World,
    a: &Args,
    selector: &str,
) -> Result<String, CommandError> {
    let ns = a.namespace();
    let sel = Some(parse_selector(selector)?);
    let names: Vec<String> =
        w.k.store
            .pods
            .values()
            .filter(|p| p.meta.namespace == ns && matches(&sel, &p.meta.labels))
            .map(|p| p.meta.name.clone())
            .collect();
    if names.is_empty() {
        return Ok(format!("No resources found in {ns} namespace.\n"));
    }
    let shape = Shape::of(a, true)?;
    let mut out = String::new();
    for name in names {
        out.push_str(&pod_logs(w, a, &ns, &name, &shape)?);
    }
    Ok(out)
}

/// The pod a `TYPE/NAME` word stands for, as kubectl picks it: a ReplicaSet's or a Service's
/// first pod (a running one first), a Deployment's as `exec` picks it.
fn pick_pod(w: &World, ns: &str, target: &str) -> Result<(String, usize), CommandError> {
    let (kind, name) = target.split_once('/').unwrap_or(("pod", target));
    let owned_by_rs = |p: &&Pod| p.owner_name() == Some(name);
    let pods: Vec<&Pod> = match kind {
        "rs" | "replicaset" | "replicasets" => {
            if !w
                .k
                .store
                .replicasets
                .contains_key(&(ns.to_string(), name.to_string()))
            {
                return err(format!(
                    "Error from server (NotFound): replicasets.apps \"{name}\" not found"
                ));
            }
            w.k.store
                .pods
                .values()
                .filter(|p| p.meta.namespace == ns)
                .filter(owned_by_rs)
                .collect()
        }
        "svc" | "service" | "services" => {
            let Some(svc) = w.k.store.services.get(&(ns.to_string(), name.to_string())) else {
                return err(format!(
                    "Error from server (NotFound): services \"{name}\" not found"
                ));
            };
            let sel = &svc.spec.selector;
            if sel.is_empty() {
                return err(format!(
                    "error: cannot attach to *v1.Service: invalid selector for service {name}"
                ));
            }
            w.k.store
                .pods
                .values()
                .filter(|p| {
                    p.meta.namespace == ns
                        && sel.iter().all(|(k, v)| p.meta.labels.get(k) == Some(v))
                })
                .collect()
        }
        _ => return super::exec::target_pod(w, ns, target),
    };
    let mut pods: Vec<&Pod> = pods
        .into_iter()
        .filter(|p| p.meta.deletion_ms.is_none())
        .collect();
    crate::base::sort::sort_by(&mut pods, |a, b| a.meta.name.cmp(&b.meta.name));
    let running = pods.iter().find(|p| {
        p.status
            .containers
            .iter()
            .any(|c| matches!(c.state, ContainerState::Running { .. }))
    });
    match running.or(pods.first()) {
        Some(p) => Ok((format!("pods/{}", p.meta.name), pods.len())),
        None => err(format!(
            "error: timed out waiting for the condition (no pod of {target} to read)"
        )),
    }
}

pub(super) fn kubectl_logs(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let ns = a.namespace();
    let Some(target) = a.positional.first() else {
        return err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
    };
    let (picked, of) = pick_pod(w, &ns, target)?;
    let found = if of > 1 && picked != *target {
        let shown = if picked.starts_with("pods/") {
            picked.replacen("pods/", "pod/", 1)
        } else {
            format!("pod/{picked}")
        };
        format!("Found {of} pods, using {shown}\n")
    } else {
        String::new()
    };
    let name = picked.strip_prefix("pods/").unwrap_or(&picked).to_string();
    let shape = Shape::of(a, false)?;
    Ok(found + &pod_logs(w, a, &ns, &name, &shape)?)
}

/// The lines of one pod's container (`-c`, else the first app container) or of all of them.
fn pod_logs(
    w: &World,
    a: &Args,
    ns: &str,
    name: &str,
    shape: &Shape,
) -> Result<String, CommandError> {
    let pod = w.k.store.pod_by_name(ns, name).ok_or_else(|| {
        CommandError::new(format!(
            "Error from server (NotFound): pods \"{name}\" not found"
        ))
    })?;
    let chosen = a
        .flag("container")
        .or(a.positional.get(1).map(String::as_str));
    let indexes: Vec<usize> = match (chosen, a.has("all-containers")) {
        (Some(_), true) => return err("error: --container cannot be used with --all-containers"),
        (Some(c), false) => vec![super::container_named(pod, c)?],
        (None, true) => (0..pod.spec.containers.len()).collect(),
        (None, false) => vec![pod.spec.main_container()],
    };
    let mut out = String::new();
    for idx in indexes {
        let cname = &pod.spec.containers[idx].name;
        let Some(st) = pod.status.containers.get(idx) else {
            return err(format!("Error from server (BadRequest): container \"{cname}\" in pod \"{name}\" is waiting to start: ContainerCreating"));
        };
        let lines = container_lines(st, a.has("previous"), cname, name)?;
        out.push_str(&shaped(
            w,
            st,
            lines,
            shape,
            &format!("[pod/{name}/{cname}] "),
        ));
    }
    Ok(out)
}

/// The lines the container wrote (its previous instance's with `--previous`, or while it
/// waits in CrashLoopBackOff), or kubectl's error while it has none to show.
fn container_lines<'a>(
    st: &'a ContainerStatus,
    previous: bool,
    cname: &str,
    name: &str,
) -> Result<&'a [String], CommandError> {
    if previous {
        return st.previous_logs.as_deref().ok_or_else(|| {
            CommandError::new(format!("Error from server (BadRequest): previous terminated container \"{cname}\" in pod \"{name}\" not found"))
        });
    }
    match &st.state {
        ContainerState::Waiting { reason, .. } if reason == "CrashLoopBackOff" => {
            Ok(st.previous_logs.as_deref().unwrap_or(&st.logs))
        }
        ContainerState::Waiting { reason, .. } => {
            let why = match reason.as_str() {
                "ErrImagePull" | "ImagePullBackOff" => "trying and failing to pull image",
                other => other,
            };
            err(format!("Error from server (BadRequest): container \"{cname}\" in pod \"{name}\" is waiting to start: {why}"))
        }
        _ => Ok(&st.logs),
    }
}

/// `--since`, `--tail`, `--timestamps`, then `--prefix`, in the order kubelet and kubectl
/// apply them.
fn shaped(
    w: &World,
    st: &ContainerStatus,
    lines: &[String],
    shape: &Shape,
    prefix: &str,
) -> String {
    let started = match st.state {
        ContainerState::Running { started_ms } | ContainerState::Terminated { started_ms, .. } => {
            started_ms
        }
        ContainerState::Waiting { .. } => w.k.now_ms,
    };
    if shape
        .since_ms
        .is_some_and(|s| started < w.k.now_ms.saturating_sub(s))
    {
        return String::new();
    }
    let skip = shape.tail.map_or(0, |n| lines.len().saturating_sub(n));
    let stamp = crate::base::clock::rfc3339(started).replace('Z', ".000000000Z");
    lines[skip..]
        .iter()
        .map(|l| {
            let mut s = String::new();
            if shape.prefix {
                s.push_str(prefix);
            }
            if shape.timestamps {
                s.push_str(&stamp);
                s.push(' ');
            }
            s.push_str(l);
            s.push('\n');
            s
        })
        .collect()
}
