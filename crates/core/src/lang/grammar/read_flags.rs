//! The flags of kubectl's reading commands and options (`top`, `version`, `config view`,
//! `get --show-labels|-L|--field-selector|--no-headers`), in kubectl's own help words.

use super::flags::{switch, value};
use super::{Flag, Value};

pub(super) const CONTAINERS: Flag = switch(
    "containers",
    None,
    "If present, print usage of containers within a pod.",
);
pub(super) const NO_HEADERS: Flag = switch(
    "no-headers",
    None,
    "If present, print output without headers.",
);
pub(super) const TOP_SORT_BY: Flag = value(
    "sort-by",
    None,
    Value::Choice(&["cpu", "memory"]),
    "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.",
);
pub(super) const SHOW_LABELS: Flag = switch(
    "show-labels",
    None,
    "When printing, show all labels as the last column (default hide labels column)",
);
pub(super) const LABEL_COLUMNS: Flag = value(
    "label-columns",
    Some('L'),
    Value::Text,
    "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...",
);
pub(super) const FIELD_SELECTOR: Flag = value(
    "field-selector",
    None,
    Value::Text,
    "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
);
pub(super) const CLIENT: Flag = switch(
    "client",
    None,
    "If true, shows client version only (no server required).",
);
pub(super) const VERSION_OUTPUT: Flag = value(
    "output",
    Some('o'),
    Value::Choice(&["json", "yaml"]),
    "One of 'yaml' or 'json'.",
);
pub(super) const CONFIG_OUTPUT: Flag = value(
    "output",
    Some('o'),
    Value::Choice(&["json", "yaml", "jsonpath="]),
    "Output format. One of: (json, yaml, jsonpath).",
);
pub(super) const MINIFY: Flag = switch(
    "minify",
    None,
    "Remove all information not used by current-context from the output",
);
pub(super) const CURRENT: Flag = switch("current", None, "Modify the current context");
pub(super) const CONTEXT_NAMESPACE: Flag = value(
    "namespace",
    None,
    Value::Namespace,
    "namespace for the context entry in kubeconfig",
);
pub(super) const API_RESOURCES_OUTPUT: Flag = value(
    "output",
    Some('o'),
    Value::Choice(&["name"]),
    "Output format. One of: (name).",
);
