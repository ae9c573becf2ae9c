//! `--cli-input-json` for `aws elbv2 create-target-group` and `modify-target-group-attributes`:
//! the request's JSON (`file://PATH`, or the JSON itself) turned into the options it stands
//! for, under the options given beside it — the AWS CLI adds a key of the file only when its
//! option was not given (`awscli/customizations/cliinputjson.py`). Keys are checked as botocore
//! checks a request (unknown keys, types), every error located in the file.

use serde_json::Value;

use super::shorthand;
use crate::base::command::{Args, CommandError};
use crate::elb::elb_error;
use crate::input::definitions::yaml::{self, Node};
use crate::input::files::{FileSource, NoFiles};

/// A request file read for `--cli-input-json`, at most (a request is a few hundred bytes).
const INPUT_MAX_BYTES: usize = 64 * 1024;

/// What a request member holds, as the service model types it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    /// An integer with the service's range (`lo..=hi`): out of `u32` is refused here, the rest
    /// by the operation itself.
    Int(u32, u32),
    Bool,
    /// `Matcher: {HttpCode, GrpcCode}`.
    Matcher,
    /// `[{Key, Value}]`: `Tags` and `Attributes`.
    Pairs,
}

/// One member of a request: its key, the option that says the same (`None`: accepted, not
/// simulated), its type.
struct Member {
    key: &'static str,
    option: Option<&'static str>,
    kind: Kind,
}

const fn member(key: &'static str, option: Option<&'static str>, kind: Kind) -> Member {
    Member { key, option, kind }
}

/// CreateTargetGroup's members, in the service model's order (botocore lists them so).
const CREATE_TARGET_GROUP: &[Member] = &[
    member("Name", Some("name"), Kind::Str),
    member("Protocol", Some("protocol"), Kind::Str),
    member("ProtocolVersion", None, Kind::Str),
    member("Port", Some("port"), Kind::Int(1, 65535)),
    member("VpcId", Some("vpc-id"), Kind::Str),
    member(
        "HealthCheckProtocol",
        Some("health-check-protocol"),
        Kind::Str,
    ),
    member("HealthCheckPort", Some("health-check-port"), Kind::Str),
    member("HealthCheckEnabled", None, Kind::Bool),
    member("HealthCheckPath", Some("health-check-path"), Kind::Str),
    member(
        "HealthCheckIntervalSeconds",
        Some("health-check-interval-seconds"),
        Kind::Int(5, 300),
    ),
    member(
        "HealthCheckTimeoutSeconds",
        Some("health-check-timeout-seconds"),
        Kind::Int(2, 120),
    ),
    member(
        "HealthyThresholdCount",
        Some("healthy-threshold-count"),
        Kind::Int(2, 10),
    ),
    member(
        "UnhealthyThresholdCount",
        Some("unhealthy-threshold-count"),
        Kind::Int(2, 10),
    ),
    member("Matcher", Some("matcher"), Kind::Matcher),
    member("TargetType", Some("target-type"), Kind::Str),
    member("Tags", None, Kind::Pairs),
    member("IpAddressType", None, Kind::Str),
];

/// ModifyTargetGroupAttributes' members.
const MODIFY_TARGET_GROUP_ATTRIBUTES: &[Member] = &[
    member("TargetGroupArn", Some("target-group-arn"), Kind::Str),
    member("Attributes", Some("attributes"), Kind::Pairs),
];

/// The operations that read `--cli-input-json`, with their members and required keys.
fn request(op: &str) -> Option<(&'static [Member], &'static [&'static str])> {
    match op {
        "create-target-group" => Some((CREATE_TARGET_GROUP, &["Name"])),
        "modify-target-group-attributes" => Some((
            MODIFY_TARGET_GROUP_ATTRIBUTES,
            &["TargetGroupArn", "Attributes"],
        )),
        _ => None,
    }
}

fn validation(lines: &[String]) -> CommandError {
    CommandError::new(format!(
        "\nParameter validation failed:\n{}",
        lines.join("\n")
    ))
}

/// What botocore prints of a value in a type error: a string bare, the rest as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn type_error(path: &str, v: &Value, valid: &str) -> String {
    format!(
        "Invalid type for parameter {path}, value: {}, type: {}, valid types: {valid}",
        shown(v),
        shorthand::python_type(v)
    )
}

/// `file:1:2` where the key starts, or the file alone.
fn at(file: &str, node: Option<&Node>) -> String {
    match node {
        Some(n) => format!("\n  at {file}:{}:{}", n.line, n.column),
        None => format!("\n  at {file}"),
    }
}

/// `op`'s options with `--cli-input-json`'s keys added beneath them; `a` itself when the
/// option is not given (or `op` does not read it).
pub(crate) fn with_cli_input(
    op: &str,
    a: &Args,
    files: &dyn FileSource,
) -> Result<Args, CommandError> {
    let (Some(input), Some((members, required))) = (a.flag("cli-input-json"), request(op)) else {
        return Ok(a.clone());
    };
    let (file, text) = match input.strip_prefix("file://") {
        Some(path) => (
            format!("file://{path}"),
            files.read(path).map_err(|e| {
                CommandError::new(format!(
                    "\nError parsing parameter 'cli-input-json': Unable to load paramfile file://{path}: {e}"
                ))
            })?,
        ),
        None => ("cli-input-json".to_string(), input.to_string()),
    };
    if text.len() > INPUT_MAX_BYTES {
        return Err(CommandError::new(format!(
            "\nError parsing parameter 'cli-input-json': {file} is larger than {} KiB",
            INPUT_MAX_BYTES / 1024
        )));
    }
    if !text.trim_start().starts_with('{') {
        return Err(CommandError::new(format!(
            "\nError parsing parameter 'cli-input-json': Invalid JSON: Expecting value: line 1 column 1 (char 0)\nJSON received: {text}{}",
            at(&file, None)
        )));
    }
    // The CLI's JSON errors (Python's wording, with line and column).
    let m = shorthand::structure("cli-input-json", &text, &NoFiles)?;
    // The same text as a located tree: where each key is.
    let docs = yaml::parse_documents(&text).ok();
    let keys: Vec<std::rc::Rc<Node>> = docs
        .as_ref()
        .and_then(|d| d.first())
        .and_then(|d| d.root.as_ref())
        .map(|root| match &root.value {
            yaml::Value::Map(entries) => entries.iter().map(|(k, _)| k.clone()).collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let key_node = |key: &str| {
        keys.iter()
            .find(|k| matches!(&k.value, yaml::Value::Scalar { text, .. } if text == key))
            .map(|k| k.as_ref())
    };
    let mut out = a.clone();
    let valid: Vec<&str> = members.iter().map(|m| m.key).collect();
    // Every unknown key, in the file's order, as botocore reports them all at once.
    let mut unknown: Vec<String> = Vec::new();
    let mut first_unknown = None;
    for k in &keys {
        let yaml::Value::Scalar { text: key, .. } = &k.value else {
            continue;
        };
        if !valid.contains(&key.as_str()) {
            first_unknown.get_or_insert(k.as_ref());
            unknown.push(format!(
                "Unknown parameter in input: \"{key}\", must be one of: {}",
                valid.join(", ")
            ));
        }
    }
    if !unknown.is_empty() {
        let mut e = validation(&unknown);
        e.message.push_str(&at(&file, first_unknown));
        return Err(e);
    }
    for mem in members {
        let Some(v) = m.get(mem.key) else { continue };
        let located = |lines: Vec<String>| {
            let mut e = validation(&lines);
            e.message.push_str(&at(&file, key_node(mem.key)));
            e
        };
        let value = checked(mem, v).map_err(located)?;
        if let (Some(option), Some(value)) = (mem.option, value) {
            if mem.kind == Kind::Pairs {
                if out.list(option).is_empty() {
                    out.push_list(option, value);
                }
            } else if !out.has(option) {
                out.set_flag(option.to_string(), value);
            }
        }
        if let Kind::Int(lo, hi) = mem.kind {
            if let Some(n) = v.as_i64().filter(|n| u32::try_from(*n).is_err()) {
                let (bound, word) = if n < 0 { (lo, "greater") } else { (hi, "less") };
                let field = lower_first(mem.key);
                let mut e = elb_error(
                    "ValidationError",
                    "CreateTargetGroup",
                    format!("1 validation error detected: Value '{n}' at '{field}' failed to satisfy constraint: Member must have value {word} than or equal to {bound}"),
                );
                e.message.push_str(&at(&file, key_node(mem.key)));
                return Err(e);
            }
        }
    }
    for key in required {
        let given = members
            .iter()
            .find(|m| m.key == *key)
            .and_then(|m| m.option)
            .is_some_and(|o| out.has(o) || !out.list(o).is_empty());
        if !given {
            return Err(validation(&[format!(
                "Missing required parameter in input: \"{key}\""
            )]));
        }
    }
    Ok(out)
}

fn lower_first(key: &str) -> String {
    let mut c = key.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// A member's value checked against its type, as the option's text (`None`: nothing to pass
/// on), or botocore's lines saying what is wrong.
fn checked(mem: &Member, v: &Value) -> Result<Option<String>, Vec<String>> {
    let key = mem.key;
    match mem.kind {
        Kind::Str => match v {
            Value::String(s) => Ok(Some(s.clone())),
            other => Err(vec![type_error(key, other, "<class 'str'>")]),
        },
        Kind::Int(..) => match v {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(|n| n.to_string())),
            other => Err(vec![type_error(key, other, "<class 'int'>")]),
        },
        Kind::Bool => match v {
            Value::Bool(_) => Ok(None),
            other => Err(vec![type_error(key, other, "<class 'bool'>")]),
        },
        Kind::Matcher => {
            let Value::Object(m) = v else {
                return Err(vec![type_error(key, v, "<class 'dict'>")]);
            };
            let mut errors = Vec::new();
            for (k, x) in m {
                match k.as_str() {
                    "HttpCode" | "GrpcCode" if !x.is_string() => {
                        errors.push(type_error(&format!("{key}.{k}"), x, "<class 'str'>"));
                    }
                    "HttpCode" | "GrpcCode" => {}
                    other => errors.push(format!(
                        "Unknown parameter in {key}: \"{other}\", must be one of: HttpCode, GrpcCode"
                    )),
                }
            }
            if errors.is_empty() {
                Ok(Some(Value::Object(m.clone()).to_string()))
            } else {
                Err(errors)
            }
        }
        Kind::Pairs => pairs(key, v).map(Some),
    }
}

/// `[{Key, Value}, …]` checked, as one JSON list (what the option takes as one word).
fn pairs(key: &str, v: &Value) -> Result<String, Vec<String>> {
    let Value::Array(items) = v else {
        return Err(vec![type_error(key, v, "<class 'list'>, <class 'tuple'>")]);
    };
    let mut errors = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("{key}[{i}]");
        let Value::Object(m) = item else {
            errors.push(type_error(&path, item, "<class 'dict'>"));
            continue;
        };
        for (k, x) in m {
            if k != "Key" && k != "Value" {
                errors.push(format!(
                    "Unknown parameter in {path}: \"{k}\", must be one of: Key, Value"
                ));
            } else if !x.is_string() {
                errors.push(type_error(&format!("{path}.{k}"), x, "<class 'str'>"));
            }
        }
        if key == "Tags" && !m.contains_key("Key") {
            errors.push(format!("Missing required parameter in {path}: \"Key\""));
        }
    }
    if errors.is_empty() {
        Ok(Value::Array(items.clone()).to_string())
    } else {
        Err(errors)
    }
}

/// Every member key of the requests read here (the help lists them).
#[cfg(test)]
pub(crate) fn member_keys(op: &str) -> Vec<&'static str> {
    request(op)
        .map(|(m, _)| m.iter().map(|m| m.key).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_target_group_lists_the_models_members_in_its_order() {
        let keys = member_keys("create-target-group");
        assert_eq!(keys.first(), Some(&"Name"));
        assert_eq!(keys.last(), Some(&"IpAddressType"));
        assert_eq!(keys.len(), 17);
    }

    #[test]
    fn a_pair_list_with_an_unknown_key_says_where() {
        let v: Value = serde_json::from_str(r#"[{"Key":"a","Valu":"b"}]"#).unwrap();
        let e = pairs("Attributes", &v).unwrap_err();
        assert_eq!(
            e,
            vec!["Unknown parameter in Attributes[0]: \"Valu\", must be one of: Key, Value"]
        );
    }
}
