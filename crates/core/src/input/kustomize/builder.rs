//! The build's state: the files it may read, what it has read so far against the bounds,
//! the stack of kustomizations being built (cycle detection), and the kustomization file being
//! read ([`Kfile`]), which locates every error. Reading goes through the shell's `FileSource`,
//! never the disk, and never above the root or outside a kustomization's directory.

use super::paths::{join, leading_parents, shown, within};
use super::{fail, Result, BYTES_MAX, FILES_MAX};
use crate::input::definitions::Locations;
use crate::input::files::FileSource;

/// The names kustomize looks for in a directory, in its order.
pub(super) const KUSTOMIZATION_FILES: [&str; 3] =
    ["kustomization.yaml", "kustomization.yml", "Kustomization"];

pub(super) struct Builder<'f> {
    pub(super) files: &'f dyn FileSource,
    pub(super) floor: usize,
    /// The kustomization directories being built, outermost first (cycle detection).
    pub(super) stack: Vec<String>,
    pub(super) files_read: usize,
    pub(super) bytes_read: usize,
    pub(super) patch_ops: usize,
}

/// The kustomization file being read, for locating errors.
pub(super) struct Kfile {
    pub(super) path: String,
    pub(super) dir: String,
    pub(super) locations: Locations,
}

impl Kfile {
    /// `FILE:LINE:COL: ` for the node at `pointer` (or the nearest enclosing one).
    pub(super) fn at(&self, pointer: &str) -> String {
        let mut p = pointer.to_string();
        loop {
            if let Some((l, c)) = self.locations.get(&p) {
                return format!("{}:{l}:{c}: ", self.path);
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => return format!("{}: ", self.path),
            }
        }
    }
    pub(super) fn err<T>(&self, pointer: &str, message: impl std::fmt::Display) -> Result<T> {
        fail(format!("{}{message}", self.at(pointer)))
    }
}

impl Builder<'_> {
    pub(super) fn read(&mut self, path: &str) -> std::result::Result<String, String> {
        if self.files_read >= FILES_MAX {
            return Err(format!(
                "the build reads more than {FILES_MAX} files; refusing to read more"
            ));
        }
        let text = self.files.read(path)?;
        self.files_read += 1;
        self.bytes_read = self.bytes_read.saturating_add(text.len());
        if self.bytes_read > BYTES_MAX {
            return Err(format!(
                "the build reads more than {BYTES_MAX} bytes; refusing to read more"
            ));
        }
        Ok(text)
    }

    /// Checks that a resolved path stays under the root.
    pub(super) fn check_root(&self, path: &str) -> std::result::Result<(), String> {
        if leading_parents(path) > self.floor {
            return Err(format!(
                "'{path}' is outside the root of the files Sunaba can read (a path may not climb above the directory given to the command)"
            ));
        }
        Ok(())
    }

    /// A file the kustomization in `k.dir` names: resolved, inside the root and inside the
    /// kustomization's directory (kustomize's `LoadRestrictionsRootOnly`), then read.
    pub(super) fn read_local(
        &mut self,
        k: &Kfile,
        pointer: &str,
        rel: &str,
    ) -> Result<(String, String)> {
        if rel.starts_with('/') {
            return k.err(pointer, format!("'{rel}': absolute paths are not supported; write a path relative to the kustomization"));
        }
        let path = join(&k.dir, rel);
        if let Err(e) = self.check_root(&path) {
            return k.err(pointer, e);
        }
        if !within(&path, &k.dir) {
            return k.err(
                pointer,
                format!(
                    "security; file '{path}' is not in or below '{}'",
                    shown(&k.dir)
                ),
            );
        }
        match self.read(&path) {
            Ok(t) => Ok((path, t)),
            Err(e) => k.err(pointer, e),
        }
    }

    /// Reads the kustomization file of `dir`, if there is one.
    pub(super) fn read_kustomization(
        &mut self,
        dir: &str,
    ) -> Option<std::result::Result<(String, String), String>> {
        for name in KUSTOMIZATION_FILES {
            let path = join(dir, name);
            match self.files.read(&path) {
                Ok(_) => return Some(self.read(&path).map(|t| (path, t))),
                Err(_) => continue,
            }
        }
        None
    }
}
