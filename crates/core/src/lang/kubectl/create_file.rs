//! `kubectl create -f FILE`: like `apply -f`, except that an object already there is the API
//! server's AlreadyExists, never an update.

use super::apply::{apply_object, read_manifests};
use super::create::existing;
use crate::base::command::{Args, CommandError};
use crate::input::definitions::{self, Severity};
use crate::input::files::FileSource;
use crate::input::model::Manifest;
use crate::lang::args::err;
use crate::world::World;

pub(super) fn kubectl_create_files(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
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
            if let Some(plural) = existing(w, &ns, m) {
                errors.push(format!(
                    "Error from server (AlreadyExists): error when creating \"{path}\": {plural} \"{}\" already exists",
                    m.meta().name
                ));
                continue;
            }
            match apply_object(w, &ns, m) {
                Ok(line) => {
                    out.push_str(&line);
                    out.push('\n');
                }
                Err(e) => errors.push(format!("{e} (when creating \"{path}\")")),
            }
        }
    }
    if errors.is_empty() {
        if out.is_empty() {
            return err("error: no objects passed to create");
        }
        Ok(out)
    } else {
        err(format!("{out}{}", errors.join("\n")))
    }
}
