//! `kubectl get -f FILE…` (files and directories, `-f` repeated): the objects the files name,
//! in file order, each in its own namespace (or `-n`'s). Consecutive objects of one kind share
//! a table; with several kinds each table's names carry their kind (`deployment.apps/web`), a
//! blank line apart, as kubectl prints them. An object that is not there is kubectl's NotFound
//! error, after what was found.

use super::{listing, Listing, Output, Query};
use crate::base::command::{Args, CommandError};
use crate::input::files::FileSource;
use crate::lang::kubectl::delete::file_targets;
use crate::lang::kubectl::Resource;
use crate::world::World;

pub(in crate::lang::kubectl) fn kubectl_get_files(
    w: &World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let ns = a.namespace();
    let targets = file_targets(a, files, &ns)?;
    let several_kinds = targets.iter().any(|(res, _, _)| *res != targets[0].0);
    // One file (not a directory) naming one object prints that object alone with `-o
    // json|yaml`; anything else is a List (kubectl's "single item implied").
    let given = a.list("filename");
    let single = given.len() == 1 && files.read(given[0]).is_ok() && targets.len() == 1;
    let mut all = Listing::Empty;
    let mut output = Output::Table;
    let mut last: Option<Resource> = None;
    let mut errors = Vec::new();
    for (res, ons, name) in targets {
        let mut q = Query::new(a, res, vec![name])?;
        q.ns = ons;
        q.all_ns = false;
        output = q.output.clone();
        let found = match listing(w, &q) {
            Ok(found) => found,
            Err(e) => {
                errors.push(e.message);
                continue;
            }
        };
        let found = match found {
            Listing::Objects { items, .. } => Listing::Objects {
                items,
                bare: single,
            },
            other if several_kinds => other.into_section(&q),
            other => other,
        };
        all = if last == Some(res) {
            all.then_same_kind(found)
        } else {
            all.then(found)
        };
        last = Some(res);
    }
    let printed = all.print(&output, String::new(), a.has("no-headers"));
    if errors.is_empty() {
        Ok(printed)
    } else {
        Err(CommandError::new(format!("{printed}{}", errors.join("\n"))))
    }
}

impl Listing {
    /// This listing followed by `next` of the same kind: its rows join the last table.
    fn then_same_kind(self, next: Listing) -> Listing {
        match (self, next) {
            (Listing::Tables(mut a), Listing::Tables(b)) => {
                match (a.last_mut(), b.into_iter().next()) {
                    (Some(last), Some(t)) => last.rows.extend(t.rows),
                    (None, Some(t)) => a.push(t),
                    _ => {}
                }
                Listing::Tables(a)
            }
            (s, n) => s.then(n),
        }
    }
}
