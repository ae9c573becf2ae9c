//! `kubectl exec POD [-c CONTAINER] -- COMMAND…`: the command runs in the container's shell
//! (the same interpreter as a busybox container's script) with the environment its process
//! has — the image's `ENV`, the pod spec's `env` and `envFrom` resolved as the kubelet resolves
//! them, the service links — its files, and the cluster's DNS and Services as they are now.

use crate::base::command::CommandError;
use crate::input::model::Container;
use crate::lang::args::{err, parse_args};
use crate::sim::in_pod;
use crate::sim::registry::{ImageRef, Program};
use crate::sim::runtime::shell;
use crate::sim::store::{ContainerState, Pod};
use crate::world::World;

const USAGE: &str =
    "error: usage: kubectl exec POD [-c CONTAINER] [-n NAMESPACE] -- COMMAND [args...]";

/// `kubectl exec POD [-c C] [-n NS] -- COMMAND…`: what the command prints in the container;
/// a non-zero exit is an error ending in kubectl's `command terminated with exit code N`.
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
    let index = running_container(pod, line.container.as_deref())?;
    let env = process_env(w, pod, &pod.spec.containers[index], index);
    run_program(w, pod, index, &line.argv, env)
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

/// The index of the container asked for with `-c` (else the first app container), which must
/// be running.
fn running_container(pod: &Pod, container: Option<&str>) -> Result<usize, CommandError> {
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
    Ok(index)
}

/// The process's environment as the kubelet made it when the container started: PATH and
/// HOSTNAME, the image's ENV, the pod's resolved `env`, the service links of the Services that
/// existed then, HOME.
fn process_env(w: &World, pod: &Pod, spec: &Container, index: usize) -> Vec<(String, String)> {
    if let Some(script) = pod
        .status
        .containers
        .get(index)
        .and_then(|c| c.script.as_ref())
    {
        return script.context().env.clone();
    }
    let info = w.multi.cloud.registry.lookup(&ImageRef::parse(&spec.image));
    let seen = match info.and_then(|i| i.config.as_deref()) {
        Some(config) => crate::sim::runtime::with_image_config(config, spec),
        None => spec.clone(),
    };
    let started = match pod.status.containers.get(index).map(|c| &c.state) {
        Some(ContainerState::Running { started_ms }) => *started_ms,
        _ => w.k.now_ms,
    };
    let services = in_pod::service_env(&w.k.store, &pod.meta.namespace, started);
    in_pod::process_env(info, &pod.meta.name, &seen, &services)
}

/// Runs the program in the container: the container's shell reads it (`sh -c '…'`, or the
/// command itself), against the cluster as it is now and the files the container has. A `|`
/// left in the words (`kubectl exec POD -- printenv | grep SERVICE` without a shell of one's
/// own) pipes inside the container, which prints the same.
fn run_program(
    w: &World,
    pod: &Pod,
    index: usize,
    argv: &[String],
    env: Vec<(String, String)>,
) -> Result<String, CommandError> {
    if argv.is_empty() {
        return err(USAGE);
    }
    let script = if argv.iter().any(|a| a == "|") {
        argv.iter()
            .map(|a| if a == "|" { a.clone() } else { shell::quote(a) })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        shell::script_of(argv)
    };
    let now = w.k.now_ms;
    let status = pod.status.containers.get(index);
    let mut files = in_pod::pod_files(pod);
    if let Some(run) = status.and_then(|c| c.script.as_ref()) {
        for (path, content) in run.files_at(now) {
            files.retain(|(p, _)| p != &path);
            files.push((path, content));
        }
    }
    let info = w
        .multi
        .cloud
        .registry
        .lookup(&ImageRef::parse(&pod.spec.containers[index].image));
    let ctx = shell::Context {
        env,
        files,
        start_ms: now,
        old_nslookup: info
            .is_some_and(|i| i.version.starts_with("1.2") || i.version.contains("curl")),
        has_curl: info.is_some_and(|i| i.program != Program::Busybox || i.version.contains("curl")),
    };
    let mut net = in_pod::ClusterNet {
        store: &w.k.store,
        namespace: pod.meta.namespace.clone(),
    };
    let trace = shell::run(&script, &ctx, &mut net, EXEC_HORIZON_MS);
    let mut out: String = trace.lines.iter().map(|(_, l)| format!("{l}\n")).collect();
    match trace.end {
        shell::End::Exited { code, .. } if code != 0 => {
            out.push_str(&format!("command terminated with exit code {code}"));
            err(out)
        }
        _ => Ok(out),
    }
}

/// How long a command run by `kubectl exec` is followed (its sleeps pass at once).
const EXEC_HORIZON_MS: crate::input::model::Millis = 3_600_000;
