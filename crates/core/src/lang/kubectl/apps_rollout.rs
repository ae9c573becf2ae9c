//! `kubectl scale statefulset`, `kubectl set image` and `kubectl rollout
//! status|history|undo|restart` for StatefulSets and DaemonSets, with kubectl's messages (its
//! `StatefulSetStatusViewer` and `DaemonSetStatusViewer`).

use super::{type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::input::model::PodTemplate;
use crate::input::model::{DaemonSetUpdateStrategy, StatefulSetUpdateStrategy};
use crate::lang::args::err;
use crate::lang::printers;
use crate::sim::store::Key;
use crate::sim::store::Revision;
use crate::world::World;

/// Which of the two kinds a command names, and its key (which must exist).
fn app_arg(w: &World, a: &Args, words: &[String]) -> Result<Option<(Resource, Key)>, CommandError> {
    let (res, names) = type_and_names(words)?;
    if !matches!(res, Resource::StatefulSets | Resource::DaemonSets) {
        return Ok(None);
    }
    let Some(name) = names.first() else {
        return err("error: required resource not specified");
    };
    let key = (a.namespace(), name.clone());
    let exists = match res {
        Resource::StatefulSets => w.k.store.statefulsets.contains_key(&key),
        _ => w.k.store.daemonsets.contains_key(&key),
    };
    if !exists {
        return err(format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            res.plural()
        ));
    }
    Ok(Some((res, key)))
}

/// The template of a StatefulSet or DaemonSet, to change; marks it for its controller.
fn template_mut<'w>(w: &'w mut World, res: Resource, key: &Key) -> &'w mut PodTemplate {
    if res == Resource::StatefulSets {
        w.k.dirty_statefulsets.insert(key.clone());
        let s = w.k.store.statefulsets.get_mut(key).expect("checked");
        s.meta.generation += 1;
        &mut s.spec.template
    } else {
        w.k.dirty_daemonsets.insert(key.clone());
        let d = w.k.store.daemonsets.get_mut(key).expect("checked");
        d.meta.generation += 1;
        &mut d.spec.template
    }
}

/// The template as it is, to read.
fn template_of(w: &World, res: Resource, key: &Key) -> PodTemplate {
    if res == Resource::StatefulSets {
        w.k.store.statefulsets[key].spec.template.clone()
    } else {
        w.k.store.daemonsets[key].spec.template.clone()
    }
}

fn revisions(w: &World, res: Resource, key: &Key) -> Vec<Revision> {
    if res == Resource::StatefulSets {
        w.k.store.statefulsets[key].revisions.clone()
    } else {
        w.k.store.daemonsets[key].revisions.clone()
    }
}

/// `kubectl scale statefulset NAME… --replicas N`.
pub(crate) fn scale(
    w: &mut World,
    a: &Args,
    names: &[String],
    replicas: u32,
) -> Result<String, CommandError> {
    if names.is_empty() {
        return err("error: resource(s) were provided, but no name was specified");
    }
    let mut out = String::new();
    for name in names {
        let key = (a.namespace(), name.clone());
        let Some(s) = w.k.store.statefulsets.get_mut(&key) else {
            return err(format!(
                "Error from server (NotFound): statefulsets.apps \"{name}\" not found"
            ));
        };
        if s.spec.replicas != replicas {
            s.spec.replicas = replicas;
            s.meta.generation += 1;
            w.k.dirty_statefulsets.insert(key);
        }
        out.push_str(&format!("statefulset.apps/{name} scaled\n"));
    }
    Ok(out)
}

/// `kubectl set image statefulset/NAME|daemonset/NAME C=IMAGE…`; `None` for other kinds.
pub(crate) fn set_image(
    w: &mut World,
    a: &Args,
    words: &[String],
    pairs: &[(String, String)],
) -> Result<Option<String>, CommandError> {
    let Some((res, key)) = app_arg(w, a, words)? else {
        return Ok(None);
    };
    let mut spec = template_of(w, res, &key).spec;
    update_images(&mut spec, pairs)?;
    template_mut(w, res, &key).spec = spec;
    Ok(Some(format!(
        "{}/{} image updated\n",
        res.singular(),
        key.1
    )))
}

/// `kubectl rollout SUB statefulset/NAME|daemonset/NAME`; `None` for other kinds.
pub(crate) fn rollout(w: &mut World, a: &Args, sub: &str) -> Result<Option<String>, CommandError> {
    let Some((res, key)) = app_arg(w, a, &a.positional[1..])? else {
        return Ok(None);
    };
    let prefix = format!("{}/{}", res.singular(), key.1);
    Ok(Some(match sub {
        "status" => status(w, a, res, &key)?,
        "history" => {
            let rows: Vec<Vec<String>> = revisions(w, res, &key)
                .iter()
                .map(|r| {
                    let cause = r
                        .template
                        .annotations
                        .get("kubernetes.io/change-cause")
                        .cloned()
                        .unwrap_or_else(|| "<none>".into());
                    vec![r.number.to_string(), cause]
                })
                .collect();
            format!(
                "{prefix}\n{}",
                printers::table_padded(&["REVISION", "CHANGE-CAUSE"], &rows, 2)
            )
        }
        "undo" => {
            let mut revs = revisions(w, res, &key);
            revs.reverse();
            let target = match a.flag("to-revision") {
                Some(r) => {
                    let n: u64 = r.parse().map_err(|_| {
                        CommandError::new(format!(
                            "error: invalid argument \"{r}\" for \"--to-revision\" flag"
                        ))
                    })?;
                    revs.iter().find(|x| x.number == n).ok_or_else(|| {
                        CommandError::new(format!(
                            "error: unable to find specified revision {n} in history"
                        ))
                    })?
                }
                None => revs
                    .get(1)
                    .ok_or_else(|| CommandError::new("error: no last revision to roll back to"))?,
            };
            let template = target.template.clone();
            if template_of(w, res, &key) == template {
                format!(
                    "{prefix} skipped rollback (current template already matches revision {})\n",
                    target.number
                )
            } else {
                *template_mut(w, res, &key) = template;
                format!("{prefix} rolled back\n")
            }
        }
        "restart" => {
            let stamp = crate::base::clock::rfc3339(w.k.now_ms);
            template_mut(w, res, &key)
                .annotations
                .insert("kubectl.kubernetes.io/restartedAt".into(), stamp);
            format!("{prefix} restarted\n")
        }
        other => {
            return err(format!(
                "error: unknown command \"{other}\" for \"kubectl rollout\""
            ))
        }
    }))
}

/// One look at the rollout, as kubectl's status viewer words it: (line, done).
fn status_line(w: &World, res: Resource, key: &Key) -> Result<(String, bool), CommandError> {
    let only_rolling = "error: rollout status is only available for RollingUpdate strategy type";
    if res == Resource::StatefulSets {
        let s = &w.k.store.statefulsets[key];
        let StatefulSetUpdateStrategy::RollingUpdate { partition, .. } = s.spec.update_strategy
        else {
            return err(only_rolling);
        };
        let st = &s.status;
        if st.observed_generation == 0 || s.meta.generation > st.observed_generation {
            return Ok((
                "Waiting for statefulset spec update to be observed...\n".into(),
                false,
            ));
        }
        let want = s.spec.replicas;
        if st.ready_replicas < want {
            return Ok((
                format!(
                    "Waiting for {} pods to be ready...\n",
                    want - st.ready_replicas
                ),
                false,
            ));
        }
        let to_update = want.saturating_sub(partition);
        if st.updated_replicas < to_update {
            return Ok((
                format!(
                    "Waiting for partitioned roll out to finish: {} out of {to_update} new pods have been updated...\n",
                    st.updated_replicas
                ),
                false,
            ));
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...\n",
                st.updated_replicas
            ),
            true,
        ));
    }
    let d = &w.k.store.daemonsets[key];
    if d.spec.update_strategy == DaemonSetUpdateStrategy::OnDelete {
        return err(only_rolling);
    }
    let (st, name) = (&d.status, &d.meta.name);
    if d.meta.generation > st.observed_generation {
        return Ok((
            "Waiting for daemon set spec update to be observed...\n".into(),
            false,
        ));
    }
    if st.updated_number_scheduled < st.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...\n",
                st.updated_number_scheduled, st.desired_number_scheduled
            ),
            false,
        ));
    }
    if st.number_available < st.desired_number_scheduled {
        return Ok((
            format!(
                "Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...\n",
                st.number_available, st.desired_number_scheduled
            ),
            false,
        ));
    }
    Ok((
        format!("daemon set \"{name}\" successfully rolled out\n"),
        true,
    ))
}

/// `rollout status`: waits (virtual time, a second at a time) until done or timed out,
/// printing each new state once.
fn status(w: &mut World, a: &Args, res: Resource, key: &Key) -> Result<String, CommandError> {
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
        let exists = match res {
            Resource::StatefulSets => w.k.store.statefulsets.contains_key(key),
            _ => w.k.store.daemonsets.contains_key(key),
        };
        if !exists {
            return err(format!(
                "{out}Error from server (NotFound): {} \"{}\" not found",
                res.plural(),
                key.1
            ));
        }
        let (line, done) = status_line(w, res, key)?;
        if line != last {
            out.push_str(&line);
            last = line;
        }
        if done || !watch {
            return Ok(out);
        }
        if w.k.now_ms - start >= timeout_ms {
            return err(format!("{out}error: timed out waiting for the condition"));
        }
        w.advance_by(1000);
    }
}

/// `CONTAINER=IMAGE` pairs (`*` for every container) written into a pod spec.
pub(crate) fn update_images(
    spec: &mut crate::input::model::PodSpec,
    pairs: &[(String, String)],
) -> Result<(), CommandError> {
    for (c, image) in pairs {
        if image.is_empty() || image.contains(char::is_whitespace) {
            return err(format!("error: invalid image name \"{image}\""));
        }
        let containers = &mut spec.containers;
        if c == "*" {
            for k in containers.iter_mut() {
                k.image = image.clone();
                k.image_pull_policy = crate::input::definitions::default_pull_policy(image);
            }
        } else {
            let Some(k) = containers.iter_mut().find(|k| &k.name == c) else {
                return err(format!("error: unable to find container named \"{c}\""));
            };
            k.image = image.clone();
            k.image_pull_policy = crate::input::definitions::default_pull_policy(image);
        }
    }
    Ok(())
}
