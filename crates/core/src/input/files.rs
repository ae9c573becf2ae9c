//! Where definitions, kustomizations and build contexts are read from. The core does no I/O:
//! each shell supplies a [`FileSource`] (the CLI reads the disk relative to the script; the UI
//! serves the editor's buffers and the example folders; tests hold files in a [`MapFiles`]).

use std::collections::BTreeMap;

/// Where `kubectl apply -f FILE` reads from. The core does no I/O: each shell supplies this
/// (the CLI reads the disk relative to the script; the UI serves the editor's buffers).
pub trait FileSource {
    fn read(&self, path: &str) -> Result<String, String>;

    /// Every file below `dir` (recursively), as paths relative to it: a build context.
    fn list(&self, dir: &str) -> Result<Vec<String>, String> {
        Err(format!("the path \"{dir}\" cannot be listed"))
    }
}

/// [`FileSource::list`] over a set of file paths: the paths below `dir`, relative to it,
/// sorted and each once; an error when there are none.
pub fn list_below<'a>(
    paths: impl Iterator<Item = &'a str>,
    dir: &str,
) -> Result<Vec<String>, String> {
    let dir = dir.trim_end_matches('/');
    let prefix = if dir.is_empty() || dir == "." {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut found: Vec<String> = paths
        .filter_map(|k| k.strip_prefix(prefix.as_str()).map(str::to_string))
        .collect();
    if found.is_empty() {
        return Err(format!("the path \"{dir}\" does not exist"));
    }
    crate::base::sort::sort(&mut found);
    found.dedup();
    Ok(found)
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

    fn list(&self, dir: &str) -> Result<Vec<String>, String> {
        list_below(self.0.keys().map(String::as_str), dir)
    }
}
