//! What every layer says to a learner when a command fails, and the words of one command
//! once parsed. Both are plain data: the command language (`lang`) parses lines into [`Args`]
//! and decides what exists; the layers below refuse with a [`CommandError`] worded like the
//! real tool (kubectl, the AWS CLI, docker) because only they know the rule that was broken.
//!
//! Never parses or formats anything itself.

use std::collections::BTreeMap;

/// A failed command, worded like the real tool (`Error from server (NotFound): pods "x" not
/// found`, `An error occurred (ClientException) when calling …`): a message for the learner.
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

/// The parsed words of one command: positional words in order, flags by long name (the last
/// one given wins; [`Args::list`] has every value of a repeated flag), the AWS CLI's list
/// options (`--tasks a b c`) with all their values, and the words after a bare `--`.
#[derive(Clone, Debug, Default)]
pub struct Args {
    pub positional: Vec<String>,
    flags: BTreeMap<String, String>,
    lists: BTreeMap<String, Vec<String>>,
    /// The words after `--` (`kubectl exec POD -- env`), if `--` was given.
    pub after_dashes: Option<Vec<String>>,
}

impl Args {
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.flags.get(name).map(String::as_str)
    }
    pub fn has(&self, name: &str) -> bool {
        self.flags.contains_key(name)
    }
    /// The values of a list option, in order; empty when it was not given.
    pub fn list(&self, name: &str) -> Vec<&str> {
        self.lists
            .get(name)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }
    /// Every flag with a value, by long name (the AWS CLI's `--name VALUE` options).
    pub fn values(&self) -> BTreeMap<&str, &str> {
        self.flags
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
    /// `--namespace`, `default` when not given.
    pub fn namespace(&self) -> String {
        self.flag("namespace").unwrap_or("default").to_string()
    }
    pub fn set_flag(&mut self, name: String, value: String) {
        self.flags.insert(name, value);
    }
    pub fn clear_flag(&mut self, name: &str) {
        self.flags.remove(name);
    }
    pub fn push_list(&mut self, name: &str, value: String) {
        self.lists.entry(name.to_string()).or_default().push(value);
    }
}
