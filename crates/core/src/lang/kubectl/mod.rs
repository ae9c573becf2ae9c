//! `kubectl …`: the verbs Sunaba simulates, each in its own file, run against a [`World`].
//!
//! [`run_kubectl`] looks the verb up in the [grammar](crate::lang::grammar), parses its flags
//! with [`parse_args`] and hands the [`Args`] to the verb's handler. The handlers are free
//! functions: they read and change the world through its state operations and print what
//! kubectl would. Shared here: the resource types kubectl names, `TYPE/NAME` words, label
//! selectors and `--grace-period`.

mod apply;
mod apps;
mod apps_rollout;
mod create;
mod create_batch;
mod create_file;
mod delete;
mod describe;
mod describe_service;
pub(crate) mod exec;
mod get;
mod get_options;
pub(crate) mod info;
mod label;
mod logs;
mod namespaces;
mod nodes;
mod objects;
mod patch;
mod pause;
mod rollout;
mod scale;
mod selector;
mod tables;
mod top;
mod wait;

use crate::base::command::{Args, CommandError};
use crate::input::files::FileSource;
use crate::lang::args::{err, parse_args};
use crate::lang::grammar;
use crate::world::World;
pub(crate) use info::SERVER;

pub(crate) fn run_kubectl(
    w: &mut World,
    t: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let Some(verb) = t.first() else {
        // As kubectl does: no command, its help.
        return Ok(crate::lang::help::program_page("kubectl"));
    };
    let path = ["kubectl", verb.as_str()];
    if !grammar::exists(&path) {
        return err(format!("error: unknown command \"{verb}\" for \"kubectl\""));
    }
    let rest = &t[1..];
    let cmd = format!("kubectl {verb}");
    match verb.as_str() {
        "apply" => {
            let a = parse_args(rest, &path, &cmd)?;
            apply::kubectl_apply(w, &a, files)
        }
        "create" => {
            let a = parse_args(rest, &path, &cmd)?;
            if a.list("filename").is_empty() {
                create::kubectl_create(w, &a, files)
            } else {
                create_file::kubectl_create_files(w, &a, files, create_file::Mode::Create)
            }
        }
        "run" => {
            let a = parse_args(rest, &path, &cmd)?;
            create::kubectl_run(w, &a)
        }
        "expose" => {
            let a = parse_args(rest, &path, &cmd)?;
            create::kubectl_expose(w, &a)
        }
        "kustomize" => {
            let a = parse_args(rest, &path, &cmd)?;
            let dir =
                match a.positional.as_slice() {
                    [] => ".",
                    [d] => d.as_str(),
                    _ => return err(
                        "error: specify one directory\nSee 'kubectl kustomize --help' for usage.",
                    ),
                };
            crate::input::kustomize::render(files, dir)
                .map_err(|e| CommandError::new(format!("error: {e}")))
        }
        "get" => {
            let a = parse_args(rest, &path, &cmd)?;
            get::kubectl_get(w, &a, files)
        }
        "describe" => {
            let a = parse_args(rest, &path, &cmd)?;
            describe::kubectl_describe(w, &a, files)
        }
        "explain" => {
            let a = parse_args(rest, &path, &cmd)?;
            crate::lang::explain::kubectl_explain(&a)
        }
        "delete" => {
            let a = parse_args(rest, &path, &cmd)?;
            delete::kubectl_delete(w, &a, files)
        }
        "scale" => {
            let a = parse_args(rest, &path, &cmd)?;
            scale::kubectl_scale(w, &a)
        }
        "set" => {
            let a = parse_args(rest, &path, &cmd)?;
            rollout::kubectl_set(w, &a)
        }
        "rollout" => {
            let a = parse_args(rest, &path, &cmd)?;
            rollout::kubectl_rollout(w, &a)
        }
        "taint" => {
            let a = parse_args(rest, &path, &cmd)?;
            nodes::kubectl_taint(w, &a)
        }
        "cordon" | "uncordon" => {
            let a = parse_args(rest, &path, &cmd)?;
            nodes::kubectl_cordon(w, &a, verb == "cordon")
        }
        "drain" => {
            let a = parse_args(rest, &path, &cmd)?;
            nodes::kubectl_drain(w, &a)
        }
        "logs" => {
            let a = parse_args(rest, &path, &cmd)?;
            match a.flag("selector") {
                Some(sel) => logs::kubectl_logs_selected(w, &a, sel),
                None => logs::kubectl_logs(w, &a),
            }
        }
        "top" => {
            let a = parse_args(rest, &path, &cmd)?;
            top::kubectl_top(w, &a)
        }
        "version" => info::version(&parse_args(rest, &path, &cmd)?),
        "cluster-info" => {
            parse_args(rest, &path, &cmd)?;
            Ok(info::cluster_info())
        }
        "api-resources" => info::api_resources(&parse_args(rest, &path, &cmd)?),
        "api-versions" => {
            parse_args(rest, &path, &cmd)?;
            Ok(info::api_versions())
        }
        "label" => {
            let a = parse_args(rest, &path, &cmd)?;
            label::kubectl_label(w, &a, label::Which::Labels)
        }
        "wait" => {
            let a = parse_args(rest, &path, &cmd)?;
            wait::kubectl_wait(w, &a)
        }
        "edit" => err("error: kubectl edit opens an editor, which Sunaba does not have: change the file and run `kubectl apply -f FILE`, or change fields with `kubectl patch TYPE NAME -p '{…}'`"),
        "replace" => {
            let a = parse_args(rest, &path, &cmd)?;
            create_file::kubectl_create_files(w, &a, files, create_file::Mode::Replace)
        }
        "patch" => {
            let a = parse_args(rest, &path, &cmd)?;
            patch::kubectl_patch(w, &a, files)
        }
        "annotate" => {
            let a = parse_args(rest, &path, &cmd)?;
            label::kubectl_label(w, &a, label::Which::Annotations)
        }
        other => err(format!(
            "error: unknown command \"{other}\" for \"kubectl\""
        )),
    }
}

/// Resource kinds the `get`/`describe`/`delete` verbs know, with kubectl's aliases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resource {
    Pods,
    Deployments,
    ReplicaSets,
    Nodes,
    Events,
    Services,
    Namespaces,
    Endpoints,
    ConfigMaps,
    Secrets,
    Jobs,
    CronJobs,
    /// A kind stored but not run (`crate::input::stored_kinds`).
    Stored(&'static crate::input::stored_kinds::StoredKind),
    StatefulSets,
    DaemonSets,
    PersistentVolumeClaims,
}

impl Resource {
    pub(super) fn parse(s: &str) -> Result<Resource, CommandError> {
        let lower = s.to_ascii_lowercase();
        let base = lower.split('.').next().unwrap_or_default();
        Ok(match base {
            "po" | "pod" | "pods" => Resource::Pods,
            "deploy" | "deployment" | "deployments" => Resource::Deployments,
            "rs" | "replicaset" | "replicasets" => Resource::ReplicaSets,
            "no" | "node" | "nodes" => Resource::Nodes,
            "ev" | "event" | "events" => Resource::Events,
            "svc" | "service" | "services" => Resource::Services,
            "ns" | "namespace" | "namespaces" => Resource::Namespaces,
            "ep" | "endpoints" => Resource::Endpoints,
            "cm" | "configmap" | "configmaps" => Resource::ConfigMaps,
            "secret" | "secrets" => Resource::Secrets,
            "job" | "jobs" => Resource::Jobs,
            "cj" | "cronjob" | "cronjobs" => Resource::CronJobs,
            _ if crate::input::stored_kinds::by_name(&lower).is_some() => {
                Resource::Stored(crate::input::stored_kinds::by_name(&lower).expect("found"))
            }
            "sts" | "statefulset" | "statefulsets" => Resource::StatefulSets,
            "ds" | "daemonset" | "daemonsets" => Resource::DaemonSets,
            "pvc" | "persistentvolumeclaim" | "persistentvolumeclaims" => {
                Resource::PersistentVolumeClaims
            }
            _ => {
                return err(format!(
                    "error: the server doesn't have a resource type \"{s}\""
                ))
            }
        })
    }

    /// `pods`, `deployments.apps`: how kubectl names the resource in messages.
    pub(super) fn plural(self) -> &'static str {
        match self {
            Resource::Pods => "pods",
            Resource::Deployments => "deployments.apps",
            Resource::ReplicaSets => "replicasets.apps",
            Resource::Nodes => "nodes",
            Resource::Events => "events",
            Resource::Services => "services",
            Resource::Namespaces => "namespaces",
            Resource::Endpoints => "endpoints",
            Resource::ConfigMaps => "configmaps",
            Resource::Secrets => "secrets",
            Resource::Jobs => "jobs.batch",
            Resource::CronJobs => "cronjobs.batch",
            Resource::Stored(k) => k.plural_qualified,
            Resource::StatefulSets => "statefulsets.apps",
            Resource::DaemonSets => "daemonsets.apps",
            Resource::PersistentVolumeClaims => "persistentvolumeclaims",
        }
    }

    /// `pod`, `deployment.apps`: the prefix of `kind/name` output lines.
    pub(super) fn singular(self) -> &'static str {
        match self {
            Resource::Pods => "pod",
            Resource::Deployments => "deployment.apps",
            Resource::ReplicaSets => "replicaset.apps",
            Resource::Nodes => "node",
            Resource::Events => "event",
            Resource::Services => "service",
            Resource::Namespaces => "namespace",
            Resource::Endpoints => "endpoints",
            Resource::ConfigMaps => "configmap",
            Resource::Secrets => "secret",
            Resource::Jobs => "job.batch",
            Resource::CronJobs => "cronjob.batch",
            Resource::Stored(k) => k.singular_qualified,
            Resource::StatefulSets => "statefulset.apps",
            Resource::DaemonSets => "daemonset.apps",
            Resource::PersistentVolumeClaims => "persistentvolumeclaim",
        }
    }
}

/// `pod/x`, `deployment/x` or `pods x`: splits a `TYPE/NAME` word.
pub(super) fn type_and_names(pos: &[String]) -> Result<(Resource, Vec<String>), CommandError> {
    let Some(first) = pos.first() else {
        return err("error: you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    if let Some((t, n)) = first.split_once('/') {
        let r = Resource::parse(t)?;
        let mut names = vec![n.to_string()];
        for p in &pos[1..] {
            match p.split_once('/') {
                Some((_, n)) => names.push(n.to_string()),
                None => return err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form"),
            }
        }
        return Ok((r, names));
    }
    Ok((Resource::parse(first)?, pos[1..].to_vec()))
}

pub(crate) fn parse_selector(s: &str) -> Result<crate::input::model::Labels, CommandError> {
    let mut m = crate::input::model::Labels::new();
    for part in s.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = part
            .split_once("==")
            .or_else(|| part.split_once('='))
            .ok_or_else(|| CommandError::new(format!("error: unable to parse requirement: found '{part}', expected: '=', '!=', '==', 'in', notin'")))?;
        m.insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok(m)
}

pub(crate) fn matches(
    sel: &Option<crate::input::model::Labels>,
    labels: &crate::input::model::Labels,
) -> bool {
    sel.as_ref()
        .is_none_or(|s| s.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

/// `--grace-period SECONDS` in milliseconds (negative counts as 0); `None` when not given.
fn grace_period_ms(a: &Args) -> Result<Option<u64>, CommandError> {
    match a.flag("grace-period") {
        Some(g) => Ok(Some(
            g.parse::<i64>()
                .map_err(|_| {
                    CommandError::new(format!(
                        "error: invalid argument \"{g}\" for \"--grace-period\" flag"
                    ))
                })?
                .max(0) as u64
                * 1000,
        )),
        None => Ok(None),
    }
}

/// The index of container `name` in `pod`, or kubectl's error for a name it does not have.
pub(crate) fn container_named(
    pod: &crate::sim::store::Pod,
    name: &str,
) -> Result<usize, CommandError> {
    pod.spec
        .containers
        .iter()
        .position(|k| k.name == name)
        .ok_or_else(|| {
            CommandError::new(format!(
                "error: container {name} is not valid for pod {}",
                pod.meta.name
            ))
        })
}
