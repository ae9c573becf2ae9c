//! `kubectl create -f FILE` and `kubectl replace -f FILE`: like `apply -f`, except that create
//! refuses an object already there (AlreadyExists) and replace one that is not (NotFound).

use super::apply::{apply_object, read_manifests};
use super::create_batch::{existing, plural_of};
use crate::base::command::{Args, CommandError};
use crate::input::definitions::{self, Severity};
use crate::input::files::FileSource;
use crate::input::model::Manifest;
use crate::lang::args::err;
use crate::world::World;

/// Which of the two verbs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Create,
    Replace,
}

pub(super) fn kubectl_create_files(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
    mode: Mode,
) -> Result<String, CommandError> {
    let mut out = String::new();
    let mut errors = Vec::new();
    let default_ns = a.namespace();
    for (path, text) in read_manifests(a, files)? {
        let loaded = definitions::load(&path, &text);
        for d in &loaded.diagnostics {
            match d.severity {
                Severity::Warning => out.push_str(&format!(
                    "Warning: {}:{}:{}: {}\n",
                    d.file, d.line, d.column, d.message
                )),
                Severity::Error => errors.push(d.to_string()),
            }
        }
        if loaded
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
        {
            continue;
        }
        for obj in &loaded.objects {
            let m = &obj.manifest;
            let ns = match m {
                Manifest::Namespace { .. } => default_ns.clone(),
                _ => m
                    .meta()
                    .namespace
                    .clone()
                    .unwrap_or_else(|| default_ns.clone()),
            };
            let name = &m.meta().name;
            match (mode, existing(w, &ns, m)) {
                (Mode::Create, Some(plural)) => {
                    errors.push(format!("Error from server (AlreadyExists): error when creating \"{path}\": {plural} \"{name}\" already exists"));
                    continue;
                }
                (Mode::Replace, None) => {
                    errors.push(format!("Error from server (NotFound): error when replacing \"{path}\": {} \"{name}\" not found", plural_of(m)));
                    continue;
                }
                _ => {}
            }
            match apply_object(w, &ns, m) {
                Ok(line) => {
                    match mode {
                        Mode::Create => out.push_str(&line),
                        // `deployment.apps/web configured` → `deployment.apps/web replaced`
                        Mode::Replace => {
                            out.push_str(line.split(' ').next().unwrap_or_default());
                            out.push_str(" replaced");
                        }
                    }
                    out.push('\n');
                }
                Err(e) => errors.push(e),
            }
        }
    }
    if errors.is_empty() {
        if out.is_empty() {
            return err(match mode {
                Mode::Create => "error: no objects passed to create",
                Mode::Replace => "error: no objects passed to replace",
            });
        }
        Ok(out)
    } else {
        err(format!("{out}{}", errors.join("\n")))
    }
}
