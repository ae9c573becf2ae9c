//! `kubectl logs POD [-c CONTAINER] [--previous]` and `kubectl logs -l SELECTOR`.

use super::{matches, parse_selector};
use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::sim::store::ContainerState;
use crate::world::World;

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
    let mut out = String::new();
    for name in names {
        let mut one = a.clone();
        one.positional = vec![name];
        one.clear_flag("selector");
        out.push_str(&kubectl_logs(w, &one)?);
    }
    Ok(out)
}

pub(super) fn kubectl_logs(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let ns = a.namespace();
    let Some(target) = a.positional.first() else {
        return err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
    };
    // `deploy/NAME`: one of its pods, as kubectl picks it (and says so when there are several).
    let (picked, of) = super::exec::target_pod(w, &ns, target)?;
    let found = if of > 1 && picked != *target {
        format!("Found {of} pods, using pod/{picked}\n")
    } else {
        String::new()
    };
    let name = picked.strip_prefix("pods/").unwrap_or(&picked).to_string();
    let name = name.as_str();
    let pod = w.k.store.pod_by_name(&ns, name).ok_or_else(|| {
        CommandError::new(format!(
            "Error from server (NotFound): pods \"{name}\" not found"
        ))
    })?;
    let idx = match a
        .flag("container")
        .or(a.positional.get(1).map(String::as_str))
    {
        Some(c) => super::container_named(pod, c)?,
        None => pod.spec.main_container(),
    };
    let cname = &pod.spec.containers[idx].name;
    let Some(st) = pod.status.containers.get(idx) else {
        return err(format!("Error from server (BadRequest): container \"{cname}\" in pod \"{name}\" is waiting to start: ContainerCreating"));
    };
    let lines = if a.has("previous") {
        st.previous_logs.as_ref().ok_or_else(|| {
            CommandError::new(format!("Error from server (BadRequest): previous terminated container \"{cname}\" in pod \"{name}\" not found"))
        })?
    } else {
        match &st.state {
            ContainerState::Waiting { reason, .. } if reason == "CrashLoopBackOff" => {
                st.previous_logs.as_ref().unwrap_or(&st.logs)
            }
            ContainerState::Waiting { reason, .. } => {
                let why = match reason.as_str() {
                    "ErrImagePull" | "ImagePullBackOff" => {
                        "trying and failing to pull image".to_string()
                    }
                    other => other.to_string(),
                };
                return err(format!("Error from server (BadRequest): container \"{cname}\" in pod \"{name}\" is waiting to start: {why}"));
            }
            _ => &st.logs,
        }
    };
    Ok(found + &lines.iter().map(|l| format!("{l}\n")).collect::<String>())
}
