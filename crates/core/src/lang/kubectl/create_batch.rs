//! `kubectl create job NAME (--image=IMAGE | --from=cronjob/NAME)
//! [-- COMMAND…]` and `kubectl create cronjob NAME --image=IMAGE --schedule=SPEC
//! [--restart=…] [-- COMMAND…]`: the objects kubectl sends, stored the way `apply` stores
//! them, with the API server's AlreadyExists for one that is there.

use serde_json::json;

use crate::base::command::{Args, CommandError};
use crate::input::model::Manifest;
use crate::lang::args::err;
use crate::sim::store::OwnerRef;
use crate::world::World;

/// The plural kubectl names an object by, when one of that kind and name is already there.
pub(super) fn existing(w: &World, ns: &str, m: &Manifest) -> Option<&'static str> {
    let s = &w.k.store;
    let name = &m.meta().name;
    let key = (ns.to_string(), name.clone());
    let found = match m {
        Manifest::Deployment { .. } => s.deployments.contains_key(&key),
        Manifest::Pod { .. } => s.pod_by_name(ns, name).is_some(),
        Manifest::Service { .. } => s.services.contains_key(&key),
        Manifest::Namespace { .. } => s.namespaces.contains_key(name),
        Manifest::ConfigMap { .. } => s.configmaps.contains_key(&key),
        Manifest::Secret { .. } => s.secrets.contains_key(&key),
        Manifest::Job { .. } => s.jobs.contains_key(&key),
        Manifest::CronJob { .. } => s.cronjobs.contains_key(&key),
        Manifest::Stored { kind, .. } => s
            .stored
            .contains_key(&crate::sim::stored::key(kind, ns, name)),
        Manifest::StatefulSet { .. } => s.statefulsets.contains_key(&key),
        Manifest::DaemonSet { .. } => s.daemonsets.contains_key(&key),
    };
    found.then_some(plural_of(m))
}

/// The resource name kubectl uses for `m`'s kind in messages (`deployments.apps`).
pub(super) fn plural_of(m: &Manifest) -> &'static str {
    match m {
        Manifest::Deployment { .. } => "deployments.apps",
        Manifest::Pod { .. } => "pods",
        Manifest::Service { .. } => "services",
        Manifest::Namespace { .. } => "namespaces",
        Manifest::ConfigMap { .. } => "configmaps",
        Manifest::Secret { .. } => "secrets",
        Manifest::Job { .. } => "jobs.batch",
        Manifest::CronJob { .. } => "cronjobs.batch",
        Manifest::Stored { kind, .. } => kind.plural_qualified,
        Manifest::StatefulSet { .. } => "statefulsets.apps",
        Manifest::DaemonSet { .. } => "daemonsets.apps",
    }
}

/// The container kubectl's `create job|cronjob` writes: named after the object, the words
/// after `--` as its command.
fn container(name: &str, image: &str, a: &Args) -> serde_json::Value {
    let mut c = json!({"name": name, "image": image});
    if let Some(words) = a.after_dashes.as_ref().filter(|w| !w.is_empty()) {
        c["command"] = json!(words);
    }
    c
}

/// What `kubectl create job NAME` makes: the Job object kubectl sends for `--image=IMAGE [--
/// COMMAND…]` (`Ok(Some)`), or, for `--from=cronjob/NAME`, the Job already made (`Ok(None)`,
/// its line printed).
pub(super) fn create_job(
    w: &mut World,
    a: &Args,
    name: &str,
) -> Result<Result<serde_json::Value, String>, CommandError> {
    match (a.flag("image"), a.flag("from")) {
        (Some(image), None) => Ok(Ok(json!({"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": name},
            "spec": {"template": {"spec": {
                "containers": [container(name, image, a)],
                "restartPolicy": "Never"}}}}))),
        (None, Some(from)) => create_job_from_cronjob(w, a, name, from).map(Err),
        _ => err("error: either --image or --from must be specified"),
    }
}

/// `--from=cronjob/NAME`: a Job from the CronJob's template, owned by it, marked as made by
/// hand (`cronjob.kubernetes.io/instantiate: manual`).
fn create_job_from_cronjob(
    w: &mut World,
    a: &Args,
    name: &str,
    from: &str,
) -> Result<String, CommandError> {
    let ns = a.namespace();
    let cj_name = [
        "cronjob/",
        "cronjobs/",
        "cj/",
        "cronjob.batch/",
        "cronjobs.batch/",
    ]
    .iter()
    .find_map(|p| from.strip_prefix(p))
    .ok_or_else(|| {
        CommandError::new(format!(
            "error: from must be an existing cronjob: {from} (write --from=cronjob/NAME)"
        ))
    })?;
    let Some(cj) = w.k.store.cronjobs.get(&(ns.clone(), cj_name.to_string())) else {
        return err(format!(
            "Error from server (NotFound): cronjobs.batch \"{cj_name}\" not found"
        ));
    };
    let template = cj.spec.job_template.clone();
    let owner = OwnerRef {
        kind: "CronJob",
        name: cj_name.to_string(),
        uid: cj.meta.uid.clone(),
    };
    let mut annotations = template.annotations.clone();
    annotations.insert("cronjob.kubernetes.io/instantiate".into(), "manual".into());
    w.controllers()
        .ensure_namespace(&ns)
        .map_err(CommandError::new)?;
    w.controllers()
        .create_job(
            &ns,
            name,
            (template.labels.clone(), annotations),
            &template.spec,
            Some(owner),
        )
        .map_err(CommandError::new)?;
    Ok(format!("job.batch/{name} created\n"))
}

/// The CronJob `kubectl create cronjob NAME --image=IMAGE --schedule=SPEC [--restart=…] [--
/// COMMAND…]` sends.
pub(super) fn cronjob_object(a: &Args, name: &str) -> Result<serde_json::Value, CommandError> {
    let mut missing = Vec::new();
    if a.flag("image").is_none() {
        missing.push("\"image\"");
    }
    if a.flag("schedule").is_none() {
        missing.push("\"schedule\"");
    }
    if !missing.is_empty() {
        return err(format!(
            "error: required flag(s) {} not set",
            missing.join(", ")
        ));
    }
    let image = a.flag("image").unwrap_or_default();
    let restart = a.flag("restart").unwrap_or("OnFailure");
    if !matches!(restart, "OnFailure" | "Never") {
        return err(format!("error: invalid restart policy: {restart}"));
    }
    Ok(json!({"apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": name},
        "spec": {
            "schedule": a.flag("schedule").unwrap_or_default(),
            "jobTemplate": {"metadata": {"name": name}, "spec": {"template": {"spec": {
                "containers": [container(name, image, a)],
                "restartPolicy": restart}}}}}}))
}
