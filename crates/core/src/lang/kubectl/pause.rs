//! `kubectl rollout pause|resume deployment/NAME`: a paused Deployment keeps its template
//! changes to itself (no new ReplicaSet, no rollout step) until it is resumed.

use crate::base::command::CommandError;
use crate::lang::args::err;
use crate::sim::store::Key;
use crate::world::World;

/// Pauses (`pause == true`) or resumes the Deployment, in kubectl's words.
pub(super) fn rollout_pause(
    w: &mut World,
    key: Key,
    name: &str,
    pause: bool,
) -> Result<String, CommandError> {
    let rv = w.k.store.next_rv();
    let Some(d) = w.k.store.deployments.get_mut(&key) else {
        return err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ));
    };
    if d.spec.paused == pause {
        let state = if pause {
            "already paused"
        } else {
            "not paused"
        };
        return err(format!("error: deployments.apps \"{name}\" is {state}"));
    }
    d.spec.paused = pause;
    d.meta.generation += 1;
    d.meta.resource_version = rv;
    w.k.dirty_deployments.insert(key);
    Ok(format!(
        "deployment.apps/{name} {}\n",
        if pause { "paused" } else { "resumed" }
    ))
}

/// `rollout undo` and `restart` refuse a paused Deployment, as kubectl does.
pub(super) fn refuse_if_paused(w: &World, key: &Key, verb: &str) -> Result<(), CommandError> {
    if !w
        .k
        .store
        .deployments
        .get(key)
        .is_some_and(|d| d.spec.paused)
    {
        return Ok(());
    }
    match verb {
        "undo" => err("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again"),
        _ => err(format!("error: deployments.apps \"{}\" can't restart paused deployment (run rollout resume first)", key.1)),
    }
}
