//! `kubectl set image` and `kubectl rollout status|history|undo|restart` on deployments.

use super::{type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::lang::{grammar, printers};
use crate::sim::store::Key;
use crate::world::World;

fn deployment_arg(w: &World, a: &Args, words: &[String]) -> Result<(String, String), CommandError> {
    let ns = a.namespace();
    let (res, names) = type_and_names(words)?;
    if res != Resource::Deployments {
        return err(format!(
            "error: no rollout support for {}: only deployments, statefulsets and daemonsets are simulated",
            res.plural()
        ));
    }
    let Some(name) = names.first() else {
        return err("error: required resource not specified");
    };
    if !w
        .k
        .store
        .deployments
        .contains_key(&(ns.clone(), name.clone()))
    {
        return err(format!(
            "Error from server (NotFound): deployments.apps \"{name}\" not found"
        ));
    }
    Ok((ns, name.clone()))
}

/// `kubectl set image deployment/NAME CONTAINER=IMAGE…`
pub(super) fn kubectl_set(w: &mut World, a: &Args) -> Result<String, CommandError> {
    match a.positional.first().map(String::as_str) {
        Some("image") => {}
        Some(other) => {
            return err(format!(
            "error: unknown command \"{other}\" for \"kubectl set\" (Sunaba simulates set image)"
        ))
        }
        None => return err("error: usage: kubectl set image deployment/NAME CONTAINER=IMAGE"),
    }
    let words: Vec<String> = a.positional[1..]
        .iter()
        .filter(|w| !w.contains('='))
        .cloned()
        .collect();
    let pairs: Vec<(String, String)> = a.positional[1..]
        .iter()
        .filter_map(|w| {
            w.split_once('=')
                .map(|(c, i)| (c.to_string(), i.to_string()))
        })
        .collect();
    if pairs.is_empty() {
        return err("error: at least one image update is required");
    }
    if let Some(out) = super::apps_rollout::set_image(w, a, &words, &pairs)? {
        return Ok(out);
    }
    let key = deployment_arg(w, a, &words)?;
    let d = w.k.store.deployments.get_mut(&key).expect("checked");
    super::apps_rollout::update_images(&mut d.spec.template.spec, &pairs)?;
    d.meta.generation += 1;
    w.k.dirty_deployments.insert(key.clone());
    Ok(format!("deployment.apps/{} image updated\n", key.1))
}

pub(super) fn kubectl_rollout(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let Some(sub) = a.positional.first().cloned() else {
        return err(format!(
            "error: usage: kubectl rollout {} deployment/NAME",
            grammar::children(&["kubectl", "rollout"]).join("|")
        ));
    };
    if let Some(out) = super::apps_rollout::rollout(w, a, &sub)? {
        return Ok(out);
    }
    let key = deployment_arg(w, a, &a.positional[1..])?;
    let name = key.1.clone();
    match sub.as_str() {
        "status" => rollout_status(w, a, key, &name),
        "history" => rollout_history(w, key, &name),
        "undo" => {
            super::pause::refuse_if_paused(w, &key, "undo")?;
            rollout_undo(w, a, key, &name)
        }
        "restart" => {
            super::pause::refuse_if_paused(w, &key, "restart")?;
            rollout_restart(w, key, &name)
        }
        "pause" => super::pause::rollout_pause(w, key, &name, true),
        "resume" => super::pause::rollout_pause(w, key, &name, false),
        other => err(format!(
            "error: unknown command \"{other}\" for \"kubectl rollout\""
        )),
    }
}

/// `rollout status`: waits (virtual time, a second at a time) until the rollout is done, fails
/// or times out, printing each new state once.
fn rollout_status(w: &mut World, a: &Args, key: Key, name: &str) -> Result<String, CommandError> {
    let watch = a.flag("watch") != Some("false");
    let timeout_ms = match a.flag("timeout") {
        Some(t) => crate::base::clock::parse_duration(t)
            .map_err(|e| CommandError::new(format!("error: {e}")))?,
        None => crate::base::clock::MAX_WAIT_MS,
    };
    let start = w.k.now_ms;
    let mut out = String::new();
    let mut last = String::new();
    loop {
        let d = &w.k.store.deployments[&key];
        if d.status.progress_deadline_exceeded {
            return err(format!(
                "{out}error: deployment \"{name}\" exceeded its progress deadline"
            ));
        }
        let s = &d.status;
        let want = d.spec.replicas;
        let line = if s.updated_replicas < want {
            format!("Waiting for deployment \"{name}\" rollout to finish: {} out of {want} new replicas have been updated...\n", s.updated_replicas)
        } else if s.replicas > s.updated_replicas {
            format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...\n", s.replicas - s.updated_replicas)
        } else if s.available_replicas < s.updated_replicas {
            format!("Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...\n", s.available_replicas, s.updated_replicas)
        } else {
            out.push_str(&format!("deployment \"{name}\" successfully rolled out\n"));
            return Ok(out);
        };
        if line != last {
            out.push_str(&line);
            last = line;
        }
        if !watch {
            return Ok(out);
        }
        if d.spec.paused {
            // Nothing moves until `rollout resume`: kubectl would wait here until its timeout.
            return err(format!("{out}error: deployment \"{name}\" is paused: its rollout waits for `kubectl rollout resume deployment/{name}`"));
        }
        if w.k.now_ms - start >= timeout_ms {
            return err(format!("{out}error: timed out waiting for the condition"));
        }
        // Waiting is virtual time passing, like `sim wait`, one second at a time.
        w.advance_by(1000);
    }
}

/// `rollout history`: the revisions of the deployment's ReplicaSets, with their change causes.
fn rollout_history(w: &World, key: Key, name: &str) -> Result<String, CommandError> {
    let uid = w.k.store.deployments[&key].meta.uid.clone();
    let mut revs: Vec<(u64, String)> =
        w.k.store
            .replicasets
            .values()
            .filter(|rs| rs.meta.owner.as_ref().is_some_and(|o| o.uid == uid))
            .map(|rs| {
                (
                    rs.revision,
                    rs.template
                        .annotations
                        .get("kubernetes.io/change-cause")
                        .cloned()
                        .unwrap_or_else(|| "<none>".into()),
                )
            })
            .collect();
    crate::base::sort::sort(&mut revs);
    let rows: Vec<Vec<String>> = revs
        .into_iter()
        .map(|(r, c)| vec![r.to_string(), c])
        .collect();
    Ok(format!(
        "deployment.apps/{name}\n{}",
        printers::table_padded(&["REVISION", "CHANGE-CAUSE"], &rows, 2)
    ))
}

/// `rollout undo [--to-revision N]`: the template of an earlier revision (the previous one by
/// default) back in the deployment.
fn rollout_undo(w: &mut World, a: &Args, key: Key, name: &str) -> Result<String, CommandError> {
    let uid = w.k.store.deployments[&key].meta.uid.clone();
    let mut rss: Vec<(u64, crate::input::model::PodTemplate)> =
        w.k.store
            .replicasets
            .values()
            .filter(|rs| rs.meta.owner.as_ref().is_some_and(|o| o.uid == uid))
            .map(|rs| (rs.revision, rs.template.clone()))
            .collect();
    crate::base::sort::sort_by_key(&mut rss, |(r, _)| std::cmp::Reverse(*r));
    let target = match a.flag("to-revision") {
        Some(r) => {
            let r: u64 = r.parse().map_err(|_| {
                CommandError::new(format!(
                    "error: invalid argument \"{r}\" for \"--to-revision\" flag"
                ))
            })?;
            rss.iter()
                .find(|(rev, _)| *rev == r)
                .ok_or_else(|| {
                    CommandError::new(format!(
                        "error: unable to find specified revision {r} in history"
                    ))
                })?
                .1
                .clone()
        }
        None => rss
            .get(1)
            .ok_or_else(|| {
                CommandError::new(
                    "error: no rollout history found for deployment \"".to_string() + name + "\"",
                )
            })?
            .1
            .clone(),
    };
    let mut template = target;
    template.labels.remove("pod-template-hash");
    let d = w.k.store.deployments.get_mut(&key).expect("checked");
    if d.spec.template == template {
        return Ok(format!(
            "deployment.apps/{name} skipped rollback (current template already matches revision)\n"
        ));
    }
    d.spec.template = template;
    d.meta.generation += 1;
    w.k.dirty_deployments.insert(key.clone());
    Ok(format!("deployment.apps/{name} rolled back\n"))
}

/// `rollout restart`: a new `restartedAt` annotation in the template, so every pod is replaced.
fn rollout_restart(w: &mut World, key: Key, name: &str) -> Result<String, CommandError> {
    let stamp = crate::base::clock::rfc3339(w.k.now_ms);
    let d = w.k.store.deployments.get_mut(&key).expect("checked");
    d.spec
        .template
        .annotations
        .insert("kubectl.kubernetes.io/restartedAt".into(), stamp);
    d.meta.generation += 1;
    w.k.dirty_deployments.insert(key.clone());
    Ok(format!("deployment.apps/{name} restarted\n"))
}
