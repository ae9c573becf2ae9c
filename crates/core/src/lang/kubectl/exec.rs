//! `kubectl exec POD [-c CONTAINER] -- env|printenv [NAME]`: the environment a container's
//! process sees — the image's `ENV` first, then the pod spec's `env` and `envFrom` resolved as
//! the kubelet resolves them. Other programs are not simulated.

use crate::base::command::CommandError;
use crate::input::model::Container;
use crate::lang::args::{err, parse_args};
use crate::sim::registry::ImageRef;
use crate::sim::store::{ContainerState, Pod};
use crate::world::World;

const USAGE: &str =
    "error: usage: kubectl exec POD [-c CONTAINER] [-n NAMESPACE] -- env|printenv [NAME]";

/// `kubectl exec POD [-c C] [-n NS] -- env|printenv [NAME]`: the environment the process
/// sees (the image's baked ENV under the pod's own), the one thing `exec` shows here.
pub(crate) fn kubectl_exec(w: &World, t: &[String]) -> Result<String, CommandError> {
    let line = ExecLine::parse(t)?;
    let pod_name = target_pod_name(w, &line.namespace, &line.target)?;
    let pod =
        w.k.store
            .pod_by_name(&line.namespace, &pod_name)
            .ok_or_else(|| {
                CommandError::new(format!(
                    "Error from server (NotFound): pods \"{pod_name}\" not found"
                ))
            })?;
    let spec = running_container(pod, line.container.as_deref())?;
    let env = process_env(w, &pod_name, spec);
    run_program(&line.argv, &env)
}

/// The words of `kubectl exec`: its options before `--`, the program after.
struct ExecLine {
    /// `POD`, `pod/POD` or `deploy/NAME`, as written.
    target: String,
    container: Option<String>,
    namespace: String,
    argv: Vec<String>,
}

impl ExecLine {
    /// The one flag parser reads the flags; the words after `--` are the program.
    fn parse(t: &[String]) -> Result<ExecLine, CommandError> {
        let mut a = parse_args(t, &["kubectl", "exec"], "kubectl exec")?;
        let (Some(argv), [target]) = (a.after_dashes.take(), a.positional.as_slice()) else {
            return err(USAGE);
        };
        Ok(ExecLine {
            target: target.clone(),
            container: a.flag("container").map(str::to_string),
            namespace: a.namespace(),
            argv,
        })
    }
}

/// The pod `kubectl exec` runs in: `POD` or `pod/POD` itself; for `deploy/NAME`, kubectl picks
/// one of its pods (here the first running one by name).
pub(super) fn target_pod_name(
    w: &World,
    namespace: &str,
    target: &str,
) -> Result<String, CommandError> {
    target_pod(w, namespace, target).map(|(name, _)| name)
}

/// [`target_pod_name`], and how many pods the Deployment had to choose from (1 for a pod).
pub(super) fn target_pod(
    w: &World,
    namespace: &str,
    target: &str,
) -> Result<(String, usize), CommandError> {
    if let Some(job) = ["job/", "jobs/", "job.batch/", "jobs.batch/"]
        .iter()
        .find_map(|p| target.strip_prefix(p))
    {
        return crate::lang::batch::job_pod_for_logs(w, namespace, job).map_err(CommandError::new);
    }
    let Some(d) = target
        .strip_prefix("deploy/")
        .or_else(|| target.strip_prefix("deployment/"))
        .or_else(|| target.strip_prefix("deployments/"))
    else {
        return Ok((target.trim_start_matches("pod/").to_string(), 1));
    };
    let prefix = format!("{d}-");
    let mut candidates: Vec<&Pod> =
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
            .any(|c| matches!(c.state, ContainerState::Running { .. }))
    });
    match running.or(candidates.first()) {
        Some(p) => Ok((p.meta.name.clone(), candidates.len())),
        None => err(format!(
            "Error from server (NotFound): deployments.apps \"{d}\" not found"
        )),
    }
}

/// The container asked for with `-c` (else the first app container), which must be running.
fn running_container<'p>(
    pod: &'p Pod,
    container: Option<&str>,
) -> Result<&'p Container, CommandError> {
    let pod_name = &pod.meta.name;
    let first_app = pod.spec.init_count.min(pod.spec.containers.len());
    let index = match container {
        Some(c) => pod
            .spec
            .containers
            .iter()
            .position(|x| x.name == c)
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
        .is_some_and(|s| matches!(s.state, ContainerState::Running { .. }));
    if !running {
        return err(format!(
            "error: unable to upgrade connection: container not found (\"{}\")",
            spec.name
        ));
    }
    Ok(spec)
}

/// The process's environment: PATH and HOSTNAME, the image's ENV under the pod's resolved
/// `env`, and HOME from the image's user.
fn process_env(w: &World, pod_name: &str, spec: &Container) -> Vec<(String, String)> {
    let info = w.multi.cloud.registry.lookup(&ImageRef::parse(&spec.image));
    let seen = match info.and_then(|i| i.config.as_deref()) {
        Some(config) => crate::sim::runtime::with_image_config(config, spec),
        None => spec.clone(),
    };
    let mut env: Vec<(String, String)> = vec![(
        "PATH".into(),
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into(),
    )];
    env.push(("HOSTNAME".into(), pod_name.to_string()));
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
    env
}

/// `env`, `printenv` or `printenv NAME` over the environment; other programs are not simulated.
fn run_program(argv: &[String], env: &[(String, String)]) -> Result<String, CommandError> {
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
        [] => err(USAGE),
    }
}
