//! `kubectl exec POD [-c CONTAINER] -- env|printenv [NAME]`: the environment a container's
//! process sees — the image's `ENV` first, then the pod spec's `env` and `envFrom` resolved as
//! the kubelet resolves them. Other programs are not simulated.

use crate::base::command::CommandError;
use crate::lang::args::{err, parse_args};
use crate::sim::registry::ImageRef;
use crate::world::World;
/// `kubectl exec POD [-c C] [-n NS] -- env|printenv [NAME]`: the environment the process
/// sees (the image's baked ENV under the pod's own), the one thing `exec` shows here.
pub(crate) fn kubectl_exec(w: &World, t: &[String]) -> Result<String, CommandError> {
    let usage =
        "error: usage: kubectl exec POD [-c CONTAINER] [-n NAMESPACE] -- env|printenv [NAME]";
    let a = parse_args(t, &["kubectl", "exec"], "kubectl exec")?;
    let (Some(argv), [pod_name]) = (a.after_dashes.as_deref(), a.positional.as_slice()) else {
        return err(usage);
    };
    let pod_name = pod_name.clone();
    let container = a.flag("container").map(str::to_string);
    let namespace = a.namespace();
    // `deploy/NAME`: kubectl picks one of its pods (here the first running one by name).
    let pod_name = match pod_name
        .strip_prefix("deploy/")
        .or_else(|| pod_name.strip_prefix("deployment/"))
        .or_else(|| pod_name.strip_prefix("deployments/"))
    {
        Some(d) => {
            let prefix = format!("{d}-");
            let mut candidates: Vec<&crate::sim::store::Pod> =
                w.k.store
                    .pods
                    .values()
                    .filter(|p| p.meta.namespace == namespace && p.meta.deletion_ms.is_none())
                    .filter(|p| p.owner_name().is_some_and(|o| o.starts_with(&prefix)))
                    .collect();
            crate::base::sort::sort_by(&mut candidates, |a, b| a.meta.name.cmp(&b.meta.name));
            let running = candidates.iter().find(|p| {
                p.status
                    .containers
                    .iter()
                    .any(|c| matches!(c.state, crate::sim::store::ContainerState::Running { .. }))
            });
            match running.or(candidates.first()) {
                Some(p) => p.meta.name.clone(),
                None => {
                    return err(format!(
                        "Error from server (NotFound): deployments.apps \"{d}\" not found"
                    ))
                }
            }
        }
        None => pod_name.trim_start_matches("pod/").to_string(),
    };
    let pod =
        w.k.store
            .pod_by_name(&namespace, &pod_name)
            .ok_or_else(|| {
                CommandError::new(format!(
                    "Error from server (NotFound): pods \"{pod_name}\" not found"
                ))
            })?;
    let first_app = pod.spec.init_count.min(pod.spec.containers.len());
    let index = match &container {
        Some(c) => pod
            .spec
            .containers
            .iter()
            .position(|x| &x.name == c)
            .ok_or_else(|| {
                CommandError::new(format!(
                    "Error from server (BadRequest): container {c} is not valid for pod {pod_name}"
                ))
            })?,
        None => first_app,
    };
    let Some(spec) = pod.spec.containers.get(index) else {
        return err(format!(
            "Error from server (BadRequest): pod {pod_name} has no containers"
        ));
    };
    let running = pod
        .status
        .containers
        .get(index)
        .is_some_and(|s| matches!(s.state, crate::sim::store::ContainerState::Running { .. }));
    if !running {
        return err(format!(
            "error: unable to upgrade connection: container not found (\"{}\")",
            spec.name
        ));
    }
    let info = w.multi.cloud.registry.lookup(&ImageRef::parse(&spec.image));
    let seen = match info.and_then(|i| i.config.as_deref()) {
        Some(config) => crate::sim::runtime::with_image_config(config, spec),
        None => spec.clone(),
    };
    let mut env: Vec<(String, String)> = vec![(
        "PATH".into(),
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
    )];
    env.push(("HOSTNAME".into(), pod_name.clone()));
    for e in seen.env_sources.resolved.as_ref().unwrap_or(&seen.env) {
        env.retain(|(k, _)| k != &e.name);
        env.push((e.name.clone(), e.value.clone()));
    }
    let user = info.map_or("root", |i| i.user());
    let home = match user.split(':').next().unwrap_or(user) {
        "root" | "0" => "/root".to_string(),
        u if u.bytes().all(|b| b.is_ascii_digit()) => "/".to_string(),
        u => format!("/home/{u}"),
    };
    env.push(("HOME".into(), home));
    match argv
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["env"] | ["printenv"] => Ok(env.iter().map(|(k, v)| format!("{k}={v}\n")).collect()),
        ["printenv", name] => match env.iter().find(|(k, _)| k == name) {
            Some((_, v)) => Ok(format!("{v}\n")),
            None => err("command terminated with exit code 1"),
        },
        [cmd, ..] => err(format!(
            "error: only env and printenv run in exec here; \"{cmd}\" is not simulated"
        )),
        [] => err(usage),
    }
}
