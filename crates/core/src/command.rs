//! The command language: `kubectl …` and `sim …` lines, parsed and executed against a [`World`].
//! STUB for the shared types — the interpreter is being written.

use std::collections::BTreeMap;

/// Where `kubectl apply -f FILE` reads from. The core does no I/O: each shell supplies this
/// (the CLI reads the disk relative to the script; the UI serves the editor's buffers).
pub trait FileSource {
    fn read(&self, path: &str) -> Result<String, String>;
}

/// No files at all (every `-f` fails with kubectl's message).
pub struct NoFiles;

impl FileSource for NoFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        Err(format!("the path \"{path}\" does not exist"))
    }
}

/// Files held in memory: path → contents.
#[derive(Clone, Debug, Default)]
pub struct MapFiles(pub BTreeMap<String, String>);

impl FileSource for MapFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0
            .get(path)
            .cloned()
            .ok_or_else(|| format!("the path \"{path}\" does not exist"))
    }
}

/// A failed command, worded like kubectl (`Error from server (NotFound): pods "x" not found`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub message: String,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> Self {
        CommandError {
            message: message.into(),
        }
    }
}
