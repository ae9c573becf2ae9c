//! `sim kill|crash`: a container killed (SIGKILL, 137) or made to exit with a code.

use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::lang::kubectl::{matches, parse_selector};
use crate::sim::store::{Pod, PodId};
use crate::world::World;

/// `sim kill|crash POD | -l SELECTOR | task/ID | --service NAME [-c CONTAINER]`.
pub(super) fn kill_or_crash(
    w: &mut World,
    a: &Args,
    verb: &str,
    cmd: &str,
) -> Result<String, CommandError> {
    let ecs_task = ecs_task_pod(w, a)?;
    let id = match ecs_task {
        Some(id) => id,
        None => pod_named_or_selected(w, a, cmd)?,
    };
    let pod = &w.k.store.pods[&id];
    let pname = pod.meta.name.clone();
    let idx = container_index(pod, a)?;
    let cname = pod.spec.containers[idx].name.clone();
    let code = exit_code(a, verb)?;
    w.kubelet()
        .kill(id, idx, code)
        .map_err(|e| CommandError::new(format!("error: {e}")))?;
    let what = if ecs_task.is_some() {
        format!("task/{pname}")
    } else {
        format!("pod/{pname}")
    };
    Ok(if verb == "kill" {
        format!("container {cname} in {what} killed (SIGKILL, exit code 137)\n")
    } else {
        format!("container {cname} in {what} exited with code {code}\n")
    })
}

/// ECS: the pod of `task/ID`, or of `--service NAME`'s oldest running task; `None` when the
/// target is not an ECS one.
fn ecs_task_pod(w: &World, a: &Args) -> Result<Option<PodId>, CommandError> {
    Ok(match (a.positional.first(), a.flag("service")) {
        (Some(t), _) if t.starts_with("task/") => {
            let tid = t.trim_start_matches("task/");
            let tid = tid.rsplit('/').next().unwrap_or(tid);
            Some(
                w.ecs
                    .tasks
                    .get(tid)
                    .filter(|t| !t.desired_stopped)
                    .map(|t| t.pod)
                    .ok_or_else(|| {
                        CommandError::new(format!(
                            "error: no running ECS task {tid} (see aws ecs list-tasks)"
                        ))
                    })?,
            )
        }
        (None, Some(svc)) => {
            // `NAME` in the default cluster, or `CLUSTER/NAME`.
            let key = if svc.contains('/') {
                svc.to_string()
            } else {
                crate::ecs::service_id(crate::ecs::DEFAULT_CLUSTER, svc)
            };
            let mut tasks: Vec<&crate::ecs::task::EcsTask> = w
                .ecs
                .tasks
                .values()
                .filter(|t| {
                    t.service.as_ref() == Some(&key) && !t.desired_stopped && t.started_ms.is_some()
                })
                .collect();
            crate::base::sort::sort_by_key(&mut tasks, |t| t.seq);
            Some(tasks.first().map(|t| t.pod).ok_or_else(|| {
                CommandError::new(format!("error: ECS service {svc} has no running task"))
            })?)
        }
        _ => None,
    })
}

/// The pod named (`POD`, `pod/POD`) or the first running one `-l SELECTOR` selects.
fn pod_named_or_selected(w: &World, a: &Args, cmd: &str) -> Result<PodId, CommandError> {
    let ns = a.namespace();
    Ok(match (a.positional.first(), a.flag("selector")) {
        (Some(name), _) => {
            let name = name.strip_prefix("pod/").unwrap_or(name);
            *w
                .k.store
                .pod_names
                .get(&(ns.clone(), name.to_string()))
                .ok_or_else(|| {
                    CommandError::new(format!(
                        "Error from server (NotFound): pods \"{name}\" not found"
                    ))
                })?
        }
        (None, Some(s)) => {
            let sel = Some(parse_selector(s)?);
            let mut running: Vec<(&String, u64)> = w
                .k.store
                .pods
                .values()
                .filter(|p| {
                    p.meta.namespace == ns
                        && p.meta.deletion_ms.is_none()
                        && matches(&sel, &p.meta.labels)
                        && p.status.containers.iter().any(|c| c.alive)
                })
                .map(|p| (&p.meta.name, p.id))
                .collect();
            crate::base::sort::sort(&mut running);
            running.first().map(|(_, id)| *id).ok_or_else(|| {
                CommandError::new(format!("error: no running pod matches -l {s}"))
            })?
        }
        (None, None) => {
            return err(format!(
                "error: usage: {cmd} POD | -l SELECTOR | task/ECS_TASK_ID | --service ECS_SERVICE [-c CONTAINER]"
            ))
        }
    })
}

/// `-c CONTAINER`, or the first running app container (then any running one).
fn container_index(pod: &Pod, a: &Args) -> Result<usize, CommandError> {
    Ok(match a.flag("container") {
        Some(c) => crate::lang::kubectl::container_named(pod, c)?,
        None => {
            let main = pod.spec.main_container();
            let alive = |i: &usize| pod.status.containers.get(*i).is_some_and(|c| c.alive);
            (main..pod.status.containers.len())
                .find(alive)
                .or_else(|| (0..main).find(alive))
                .unwrap_or(main)
        }
    })
}

/// 137 for `kill` (which takes no `--exit-code`); `--exit-code` (default 1, 0..255) for `crash`.
fn exit_code(a: &Args, verb: &str) -> Result<i32, CommandError> {
    Ok(if verb == "kill" {
        if a.has("exit-code") {
            return err("error: unknown flag: --exit-code\nSee 'sim kill --help' for usage. (sim crash takes --exit-code)");
        }
        137
    } else {
        let c = a.flag("exit-code").unwrap_or("1");
        c.parse::<i32>()
            .ok()
            .filter(|c| (0..=255).contains(c))
            .ok_or_else(|| {
                CommandError::new(format!("error: invalid exit code \"{c}\": use 0..255"))
            })?
    })
}
