//! `kubectl apply -f FILE | -k DIR`: manifests loaded, checked and applied object by object.

use super::Args;
use crate::base::command::CommandError;
use crate::input::definitions::{self, Severity};
use crate::input::files::FileSource;
use crate::input::model::Manifest;
use crate::lang::args::err;
use crate::world::World;

/// The manifests of `-f FILE` (the file's text) or `-k DIR` (the kustomize build, as
/// `kubectl kustomize DIR` prints it; diagnostics then point into that text, labelled
/// `DIR (kustomize build)`).
pub(super) fn read_manifests(
    a: &Args,
    files: &dyn FileSource,
) -> Result<(String, String), CommandError> {
    match (a.flag("filename"), a.flag("kustomize")) {
        (Some(_), Some(_)) => err("error: only one of -f or -k can be specified"),
        (Some(path), None) => {
            let text = files
                .read(path)
                .map_err(|e| CommandError::new(format!("error: {e}")))?;
            Ok((path.to_string(), text))
        }
        (None, Some(dir)) => {
            let text = crate::input::kustomize::render(files, dir)
                .map_err(|e| CommandError::new(format!("error: {e}")))?;
            Ok((format!("{dir} (kustomize build)"), text))
        }
        (None, None) => err("error: must specify one of -f and -k"),
    }
}

pub(super) fn kubectl_apply(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let (path, text) = read_manifests(a, files)?;
    let path = path.as_str();
    let loaded = definitions::load(path, &text);
    let mut out = String::new();
    let mut errors = Vec::new();
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
    if loaded.objects.is_empty() && errors.is_empty() {
        return err("error: no objects passed to apply");
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
    if errors.is_empty() {
        Ok(out)
    } else {
        err(format!("{out}{}", errors.join("\n")))
    }
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
        Manifest::Deployment { meta, spec } => format!(
            "deployment.apps/{name} {}",
            w.controllers().apply_deployment(ns, meta, spec).as_str()
        ),
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
        Manifest::ConfigMap { meta, data } => format!(
            "configmap/{name} {}",
            crate::sim::configs::apply_config_map(&mut w.k, ns, meta, data).as_str()
        ),
        Manifest::Secret { meta, type_, data } => format!(
            "secret/{name} {}",
            crate::sim::configs::apply_secret(&mut w.k, ns, meta, type_, data).as_str()
        ),
    })
}
