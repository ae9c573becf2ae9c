//! `kubectl apply -f FILE | -k DIR`: manifests loaded, checked and applied object by object.

use super::Args;
use crate::base::command::CommandError;
use crate::input::definitions::{self, Severity};
use crate::input::files::FileSource;
use crate::input::model::Manifest;
use crate::lang::args::err;
use crate::world::World;

/// Most files one command reads (`-f` given many times, or a directory's files).
pub const FILES_MAX: usize = 200;

/// The manifests of every `-f` (a file, or a directory's `.yaml`, `.yml` and `.json` files, in
/// name order, as kubectl reads a directory without `-R`), in the order given; or of `-k DIR`
/// (the kustomize build, as `kubectl kustomize DIR` prints it; diagnostics then point into that
/// text, labelled `DIR (kustomize build)`). Each as (the path diagnostics name, its text).
pub(super) fn read_manifests(
    a: &Args,
    files: &dyn FileSource,
) -> Result<Vec<(String, String)>, CommandError> {
    let given = a.list("filename");
    match (given.is_empty(), a.flag("kustomize")) {
        (false, Some(_)) => err("error: only one of -f or -k can be specified"),
        (false, None) => {
            let mut out = Vec::new();
            for path in given {
                match files.read(path) {
                    Ok(text) => out.push((path.to_string(), text)),
                    Err(e) => {
                        let listed = files.list(path).ok().filter(|l| !l.is_empty());
                        let Some(listed) = listed else {
                            return err(format!("error: {e}"));
                        };
                        let dir = path.trim_end_matches('/');
                        for name in listed.iter().filter(|n| {
                            !n.contains('/')
                                && [".yaml", ".yml", ".json"].iter().any(|x| n.ends_with(x))
                        }) {
                            let full = format!("{dir}/{name}");
                            let text = files
                                .read(&full)
                                .map_err(|e| CommandError::new(format!("error: {e}")))?;
                            out.push((full, text));
                        }
                    }
                }
                if out.len() > FILES_MAX {
                    return err(format!("error: at most {FILES_MAX} files at once"));
                }
            }
            Ok(out)
        }
        (true, Some(dir)) => {
            let text = crate::input::kustomize::render(files, dir)
                .map_err(|e| CommandError::new(format!("error: {e}")))?;
            Ok(vec![(format!("{dir} (kustomize build)"), text)])
        }
        (true, None) => err("error: must specify one of -f and -k"),
    }
}

pub(super) fn kubectl_apply(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let sources = read_manifests(a, files)?;
    let mut out = String::new();
    let mut errors = Vec::new();
    let mut objects = 0;
    for (path, text) in &sources {
        objects += apply_one_file(w, a, path, text, &mut out, &mut errors)?;
    }
    // Files of kinds Sunaba does not run (a Job, an Ingress…) said so in their warnings: that
    // is the answer, not kubectl's empty-file error.
    if objects == 0 && errors.is_empty() && out.is_empty() {
        return err("error: no objects passed to apply");
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        err(format!("{out}{}", errors.join("\n")))
    }
}

/// Applies one file's objects, printing each; returns how many it had.
fn apply_one_file(
    w: &mut World,
    a: &Args,
    path: &str,
    text: &str,
    out: &mut String,
    errors: &mut Vec<String>,
) -> Result<usize, CommandError> {
    let loaded = definitions::load(path, text);
    for d in &loaded.diagnostics {
        match d.severity {
            Severity::Warning => out.push_str(&format!(
                "Warning: {}:{}:{}: {}\n",
                d.file, d.line, d.column, d.message
            )),
            Severity::Error => errors.push(d.to_string()),
        }
    }
    if let Some(e) = loaded.ecs.first() {
        // An AWS input handed to kubectl: say what it is and which tool takes it.
        let (what, verb) = match e.definition {
            definitions::EcsDefinition::Task(_) => (
                "an Amazon ECS task definition",
                "aws ecs register-task-definition",
            ),
            definitions::EcsDefinition::Service(_) => {
                ("an Amazon ECS service definition", "aws ecs create-service")
            }
        };
        return err(format!(
            "error: {path}:{}:{}: this is {what}, not a Kubernetes object; it is used with `{verb} --cli-input-json file://{path}` (ECS mode), not kubectl",
            e.line, e.column
        ));
    }
    let default_ns = a.namespace();
    for obj in &loaded.objects {
        let m = &obj.manifest;
        let ns = m
            .meta()
            .namespace
            .clone()
            .unwrap_or_else(|| default_ns.clone());
        if !matches!(m, Manifest::Namespace { .. }) {
            if let Err(e) = w.controllers().ensure_namespace(&ns) {
                errors.push(format!("{e} (when creating \"{path}\")"));
                continue;
            }
        }
        match apply_object(w, &ns, m) {
            Ok(line) => {
                out.push_str(&line);
                out.push('\n');
            }
            Err(e) => errors.push(e),
        }
    }
    Ok(loaded.objects.len())
}

/// A label selector as the API server prints it in a validation error (Go's `%#v` of
/// `v1.LabelSelector`, map keys sorted).
fn go_label_selector(sel: &crate::input::model::LabelSelector) -> String {
    use crate::input::model::SelectorOp;
    let labels: Vec<String> = sel
        .match_labels
        .iter()
        .map(|(k, v)| format!("{k:?}:{v:?}"))
        .collect();
    let expressions = if sel.match_expressions.is_empty() {
        "[]v1.LabelSelectorRequirement(nil)".to_string()
    } else {
        let items: Vec<String> = sel
            .match_expressions
            .iter()
            .map(|r| {
                let op = match r.operator {
                    SelectorOp::In => "In",
                    SelectorOp::NotIn => "NotIn",
                    SelectorOp::Exists => "Exists",
                    SelectorOp::DoesNotExist => "DoesNotExist",
                };
                let values = if r.values.is_empty() {
                    "[]string(nil)".to_string()
                } else {
                    let v: Vec<String> = r.values.iter().map(|v| format!("{v:?}")).collect();
                    format!("[]string{{{}}}", v.join(", "))
                };
                format!(
                    "v1.LabelSelectorRequirement{{Key:{:?}, Operator:{op:?}, Values:{values}}}",
                    r.key
                )
            })
            .collect();
        format!("[]v1.LabelSelectorRequirement{{{}}}", items.join(", "))
    };
    format!(
        "v1.LabelSelector{{MatchLabels:map[string]string{{{}}}, MatchExpressions:{expressions}}}",
        labels.join(", ")
    )
}

/// Puts one loaded object into namespace `ns` (its own, for a Namespace) as `kubectl apply`
/// does, and says so as kubectl does: `deployment.apps/web created`. The way every kubectl verb
/// that makes an object (apply, create, run, expose) reaches the store.
pub(super) fn apply_object(w: &mut World, ns: &str, m: &Manifest) -> Result<String, String> {
    if !matches!(m, Manifest::Namespace { .. }) {
        w.controllers().ensure_namespace(ns)?;
    }
    let name = &m.meta().name;
    Ok(match m {
        Manifest::Deployment { meta, spec } => {
            let key = (ns.to_string(), name.clone());
            let changed = w.k.store.deployments.get(&key);
            if changed.is_some_and(|d| d.spec.selector != spec.selector) {
                // The API server refuses: a Deployment's selector is immutable (apps/v1).
                return Err(format!(
                    "The Deployment \"{name}\" is invalid: spec.selector: Invalid value: {}: field is immutable",
                    go_label_selector(&spec.selector)
                ));
            }
            // The reader ignores `spec.paused`: a paused Deployment stays paused.
            let mut spec = spec.clone();
            spec.paused = changed.is_some_and(|d| d.spec.paused);
            format!(
                "deployment.apps/{name} {}",
                w.controllers().apply_deployment(ns, meta, &spec).as_str()
            )
        }
        Manifest::Pod { meta, spec } if metadata_only_change(w, ns, meta, spec) => {
            // Labels and annotations may change on a live pod; what selects it follows.
            let id = w.k.store.pod_names[&(ns.to_string(), name.clone())];
            let (labels, annotations) = (meta.labels.clone(), meta.annotations.clone());
            crate::sim::relabel::set_pod_metadata(&mut w.k, id, labels, annotations);
            format!("pod/{name} configured")
        }
        Manifest::Pod { meta, spec } => {
            format!(
                "pod/{name} {}",
                w.controllers().apply_pod(ns, meta, spec)?.as_str()
            )
        }
        Manifest::Service { meta, spec } => format!(
            "service/{name} {}",
            w.controllers().apply_service(ns, meta, spec).as_str()
        ),
        Manifest::Namespace { meta } => format!(
            "namespace/{name} {}",
            w.controllers().apply_namespace(meta).as_str()
        ),
        Manifest::ConfigMap {
            meta,
            data,
            immutable,
        } => format!(
            "configmap/{name} {}",
            crate::sim::configs::apply_config_map(&mut w.k, ns, meta, data, *immutable)?.as_str()
        ),
        Manifest::Secret {
            meta,
            type_,
            data,
            immutable,
        } => format!(
            "secret/{name} {}",
            crate::sim::configs::apply_secret(&mut w.k, ns, meta, (type_, data), *immutable)?
                .as_str()
        ),
        Manifest::Stored {
            kind,
            api_version,
            meta,
            body,
        } => format!(
            "{}/{name} {}",
            kind.singular_qualified,
            crate::sim::stored::apply_stored(&mut w.k, ns, kind, api_version, meta, body).as_str()
        ),
        Manifest::Job { meta, spec } => format!(
            "job.batch/{name} {}",
            w.controllers().apply_job(ns, meta, spec)?.as_str()
        ),
        Manifest::CronJob { meta, spec } => format!(
            "cronjob.batch/{name} {}",
            w.controllers().apply_cronjob(ns, meta, spec).as_str()
        ),
        Manifest::StatefulSet { meta, spec } => format!(
            "statefulset.apps/{name} {}",
            w.controllers().apply_statefulset(ns, meta, spec)?.as_str()
        ),
        Manifest::DaemonSet { meta, spec } => format!(
            "daemonset.apps/{name} {}",
            w.controllers().apply_daemonset(ns, meta, spec)?.as_str()
        ),
    })
}

/// Whether `meta`/`spec` differ from the pod in the store only in labels or annotations.
fn metadata_only_change(
    w: &World,
    ns: &str,
    meta: &crate::input::model::ManifestMeta,
    spec: &crate::input::model::PodSpec,
) -> bool {
    let Some(p) = w.k.store.pod_by_name(ns, &meta.name) else {
        return false;
    };
    let mut want = spec.clone();
    want.node_name = p.spec.node_name.clone().or(want.node_name);
    p.spec == want && (p.meta.labels != meta.labels || p.meta.annotations != meta.annotations)
}
