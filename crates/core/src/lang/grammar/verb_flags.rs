//! The flags of kubectl's write verbs (`label`, `annotate`, `patch`, `wait`, `rollout
//! pause|resume`) and of `logs`' options, in kubectl's words, shortened.

use super::flags::{switch, value};
use super::{Flag, Value};

pub(super) const META_OVERWRITE: Flag = switch(
    "overwrite",
    None,
    "If true, allow labels (annotations) to be overwritten, otherwise reject updates that overwrite existing ones.",
);
pub(super) const SELECT_ALL: Flag = switch(
    "all",
    None,
    "Select all resources, in the namespace of the specified resource types.",
);
pub(super) const PATCH: Flag = value(
    "patch",
    Some('p'),
    Value::Text,
    "The patch to be applied to the resource JSON file.",
);
pub(super) const PATCH_FILE: Flag = value(
    "patch-file",
    None,
    Value::File,
    "A file containing a patch to be applied to the resource.",
);
pub(super) const PATCH_TYPE: Flag = value(
    "type",
    None,
    Value::Choice(&["strategic", "merge", "json"]),
    "The type of patch being provided; one of [json merge strategic]",
);
pub(super) const WAIT_FOR: Flag = value(
    "for",
    None,
    Value::Suggested(&[
        "condition=Ready",
        "condition=Available",
        "condition=Progressing",
        "delete",
        "jsonpath=",
    ]),
    "The condition to wait on: [delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true.",
);
pub(super) const WAIT_TIMEOUT: Flag = value(
    "timeout",
    None,
    Value::Text,
    "The length of time to wait before giving up (simulated time). Zero means check once and don't wait. Default 30s.",
);
pub(super) const TAIL: Flag = value(
    "tail",
    None,
    Value::Integer,
    "Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.",
);
pub(super) const SINCE: Flag = value(
    "since",
    None,
    Value::Text,
    "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs.",
);
pub(super) const TIMESTAMPS: Flag = switch(
    "timestamps",
    None,
    "Include timestamps on each line in the log output",
);
pub(super) const ALL_CONTAINERS: Flag = switch(
    "all-containers",
    None,
    "Get all containers' logs in the pod(s).",
);
pub(super) const PREFIX: Flag = switch(
    "prefix",
    None,
    "Prefix each log line with the log source (pod name and container name)",
);
pub(super) const FOLLOW: Flag = switch(
    "follow",
    Some('f'),
    "Specify if the logs should be streamed. In a script, the logs written so far are printed.",
);
