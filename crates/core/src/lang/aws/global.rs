//! The AWS CLI's global options, which may stand anywhere on the line (`--region`, `--output`,
//! `--query`, `--no-cli-pager`, `--no-paginate`, `--color`; `--debug` refused), and what they
//! do to an answer: the JMESPath `--query` (the `jmespath` crate) and the output formats
//! (`awscli/formatter.py`: json, text, yaml here; table in [`super::table`]). Also the
//! argparse-shaped usage errors the CLI prints (`aws: error: …`, `Unknown options: …`).

use serde_json::Value;

use crate::base::command::CommandError;

/// The regions the AWS CLI reaches (commercial partition); any other is an endpoint that does
/// not resolve.
pub(crate) const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// `--output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Output {
    #[default]
    Json,
    Text,
    Table,
    Yaml,
}

/// The global options of one line.
#[derive(Clone, Debug, Default)]
pub(crate) struct Globals {
    pub region: Option<String>,
    pub output: Output,
    pub query: Option<String>,
}

const HELP_BLURB: &str =
    "To see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// argparse's error as the AWS CLI prints it: the usage, a blank line, `aws: error: MESSAGE`.
pub(crate) fn usage_error(message: &str) -> CommandError {
    CommandError::new(format!(
        "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n{HELP_BLURB}\naws: error: {message}"
    ))
}

/// Words no option of the operation took: `Unknown options: --foo, bar`, after the usage.
pub(crate) fn unknown_options(words: &[&str]) -> CommandError {
    CommandError::new(format!(
        "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\n{HELP_BLURB}\nUnknown options: {}",
        words.join(", ")
    ))
}

/// argparse's `Invalid choice` for a closed option, two choices a line, each padded to 40.
pub(crate) fn invalid_choice(option: &str, choices: &[&str]) -> CommandError {
    let lines: Vec<String> = choices
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|c| format!("{c:<40}"))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    usage_error(&format!(
        "argument {option}: Invalid choice, valid choices are:\n\n{}",
        lines.join("\n")
    ))
}

/// Takes the global options out of an `aws` line (after `aws`), wherever they stand.
pub(crate) fn take_globals(tokens: &[String]) -> Result<(Vec<String>, Globals), CommandError> {
    let mut g = Globals::default();
    let mut rest = Vec::new();
    let mut it = tokens.iter();
    while let Some(t) = it.next() {
        let (name, inline) = match t.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (t.as_str(), None),
        };
        let value = |it: &mut std::slice::Iter<'_, String>| -> Result<String, CommandError> {
            match inline.clone().or_else(|| it.next().cloned()) {
                Some(v) => Ok(v),
                None => Err(usage_error(&format!(
                    "argument {name}: expected one argument"
                ))),
            }
        };
        match name {
            "--region" => g.region = Some(value(&mut it)?),
            "--output" => {
                let v = value(&mut it)?;
                g.output = match v.as_str() {
                    "json" => Output::Json,
                    "text" => Output::Text,
                    "table" => Output::Table,
                    "yaml" => Output::Yaml,
                    _ => {
                        return Err(invalid_choice(
                            "--output",
                            &["json", "text", "table", "yaml", "yaml-stream"],
                        ))
                    }
                }
            }
            "--query" => g.query = Some(value(&mut it)?),
            "--color" => {
                let v = value(&mut it)?;
                if !matches!(v.as_str(), "on" | "off" | "auto") {
                    return Err(invalid_choice("--color", &["on", "off", "auto"]));
                }
            }
            // Sunaba prints straight into the terminal: there is no pager to turn off, and
            // every list already comes whole.
            "--no-cli-pager" | "--no-paginate" => {}
            "--debug" => {
                return Err(CommandError::new(
                    "aws: --debug is not simulated: Sunaba has no botocore log to print (run the command without --debug)",
                ))
            }
            _ => rest.push(t.clone()),
        }
    }
    Ok((rest, g))
}

/// `--region`: a region the CLI knows, and (one region per account in Sunaba) the account's.
pub(crate) fn check_region(
    region: Option<&str>,
    service: &str,
    account_region: &str,
) -> Result<(), CommandError> {
    let Some(r) = region else { return Ok(()) };
    if !REGIONS.contains(&r) {
        return Err(CommandError::new(format!(
            "\nCould not connect to the endpoint URL: \"https://{service}.{r}.amazonaws.com/\""
        )));
    }
    if r != account_region {
        return Err(CommandError::new(format!(
            "aws: --region {r}: this account's resources are all in {account_region} (Sunaba gives each account one region)"
        )));
    }
    Ok(())
}

/// The answer as `--query` and `--output` ask: JSON with 4-space indents, the text format,
/// YAML or the table.
pub(crate) fn render(v: Value, g: &Globals, operation: &str) -> Result<String, CommandError> {
    let v = match &g.query {
        Some(q) => query(&v, q)?,
        None => v,
    };
    Ok(match g.output {
        Output::Json => {
            // The CLI prints nothing for an empty answer (`null` from a query).
            if v.is_null() {
                String::new()
            } else {
                super::aws_json(&v)
            }
        }
        Output::Text => text(&v),
        Output::Yaml => crate::input::yaml_out::to_yaml(&v),
        Output::Table => super::table::table(operation, &v),
    })
}

/// JMESPath `expression` over `v`.
pub(crate) fn query(v: &Value, expression: &str) -> Result<Value, CommandError> {
    if expression.len() > 1024 {
        return Err(usage_error(
            "argument --query: the expression is longer than 1024 bytes",
        ));
    }
    let expr = jmespath::compile(expression).map_err(|e| {
        usage_error(&format!(
            "argument --query: Bad value for --query {expression}: {}",
            first_line(&e.to_string())
        ))
    })?;
    let data = jmespath::Variable::from_json(&v.to_string())
        .map_err(|e| CommandError::new(format!("aws: --query: {e}")))?;
    let found = expr
        .search(data)
        .map_err(|e| CommandError::new(format!("aws: --query: {}", first_line(&e.to_string()))))?;
    let found = serde_json::to_value(&*found)
        .map_err(|e| CommandError::new(format!("aws: --query: {e}")))?;
    // The crate keeps objects in key order; the CLI keeps the answer's order. An object the
    // query passed through whole gets its order back from the answer.
    let mut orders = std::collections::BTreeMap::new();
    key_orders(v, &mut orders, 0);
    Ok(reorder(found, &orders, 0))
}

/// For each object in `v`: its keys, sorted and joined → the keys in their order.
fn key_orders(v: &Value, out: &mut std::collections::BTreeMap<String, Vec<String>>, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(m) => {
            let mut sorted: Vec<&String> = m.keys().collect();
            sorted.sort();
            let id = sorted
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join("\u{0}");
            out.entry(id).or_insert_with(|| m.keys().cloned().collect());
            for x in m.values() {
                key_orders(x, out, depth + 1);
            }
        }
        Value::Array(items) => {
            for x in items {
                key_orders(x, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn reorder(
    v: Value,
    orders: &std::collections::BTreeMap<String, Vec<String>>,
    depth: usize,
) -> Value {
    if depth > 64 {
        return v;
    }
    match v {
        Value::Object(mut m) => {
            let mut sorted: Vec<String> = m.keys().cloned().collect();
            sorted.sort();
            let keys = orders.get(&sorted.join("\u{0}")).cloned().unwrap_or(sorted);
            let mut out = serde_json::Map::new();
            for k in keys {
                if let Some(x) = m.remove(&k) {
                    out.insert(k, reorder(x, orders, depth + 1));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|x| reorder(x, orders, depth + 1))
                .collect(),
        ),
        other => other,
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// `--output text` (`awscli/text.py`): a dict's scalars on one tab-separated line (sorted by
/// key; inside a list, every key any element has), its lists and dicts after it, each line of
/// a nested value led by its key in capitals.
pub(crate) fn text(v: &Value) -> String {
    let mut out = String::new();
    format_text(v, None, None, &mut out);
    out
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// Python's `str()` of a scalar.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        other => other.to_string(),
    }
}

fn format_text(
    v: &Value,
    identifier: Option<&str>,
    scalar_keys: Option<&[String]>,
    out: &mut String,
) {
    match v {
        Value::Object(m) => {
            let mut scalars: Vec<String> = Vec::new();
            let mut nested: Vec<(&String, &Value)> = Vec::new();
            match scalar_keys {
                None => {
                    let mut keys: Vec<&String> = m.keys().collect();
                    keys.sort();
                    for k in keys {
                        let val = &m[k];
                        if is_scalar(val) {
                            scalars.push(py_str(val));
                        } else {
                            nested.push((k, val));
                        }
                    }
                }
                Some(keys) => {
                    for k in keys {
                        scalars.push(m.get(k).map(py_str).unwrap_or_default());
                    }
                    let mut rest: Vec<&String> = m.keys().filter(|k| !keys.contains(k)).collect();
                    rest.sort();
                    nested.extend(rest.into_iter().map(|k| (k, &m[k])));
                }
            }
            if !scalars.is_empty() {
                if let Some(id) = identifier {
                    scalars.insert(0, id.to_uppercase());
                }
                out.push_str(&scalars.join("\t"));
                out.push('\n');
            }
            for (k, val) in nested {
                format_text(val, Some(k), None, out);
            }
        }
        Value::Array(items) => {
            if items.is_empty() {
                return;
            }
            if items.iter().any(|e| e.is_object()) {
                let mut keys: Vec<String> = Vec::new();
                for e in items {
                    if let Value::Object(m) = e {
                        for (k, val) in m {
                            if is_scalar(val) && !keys.contains(k) {
                                keys.push(k.clone());
                            }
                        }
                    }
                }
                keys.sort();
                for e in items {
                    format_text(e, identifier, Some(&keys), out);
                }
            } else if items.iter().any(|e| e.is_array()) {
                let scalars: Vec<&Value> = items.iter().filter(|e| is_scalar(e)).collect();
                if !scalars.is_empty() {
                    scalar_list(&scalars, identifier, out);
                }
                for e in items.iter().filter(|e| !is_scalar(e)) {
                    format_text(e, identifier, None, out);
                }
            } else {
                let all: Vec<&Value> = items.iter().collect();
                scalar_list(&all, identifier, out);
            }
        }
        scalar => {
            out.push_str(&py_str(scalar));
            out.push('\n');
        }
    }
}

fn scalar_list(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for i in items {
                out.push_str(&format!("{}\t{}\n", id.to_uppercase(), py_str(i)));
            }
        }
        None => {
            let words: Vec<String> = items.iter().map(|i| py_str(i)).collect();
            out.push_str(&words.join("\t"));
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn globals_are_taken_wherever_they_stand() {
        let (rest, g) = take_globals(&words(
            "--region us-east-1 ecs list-tasks --output=text --cluster c --query taskArns --no-cli-pager",
        ))
        .unwrap();
        assert_eq!(rest, words("ecs list-tasks --cluster c"));
        assert_eq!(g.region.as_deref(), Some("us-east-1"));
        assert_eq!(g.output, Output::Text);
        assert_eq!(g.query.as_deref(), Some("taskArns"));
        let e = take_globals(&words("ecs list-tasks --output xml")).unwrap_err();
        assert!(e.message.contains("aws: error: argument --output: Invalid choice, valid choices are:\n\njson                                     | text"), "{}", e.message);
        assert!(take_globals(&words("ecs list-tasks --debug")).is_err());
        assert!(take_globals(&words("ecs list-tasks --region"))
            .unwrap_err()
            .message
            .ends_with("aws: error: argument --region: expected one argument"));
    }

    #[test]
    fn text_output_is_the_clis() {
        let v = json!({"taskArns": ["a", "b"], "failures": []});
        assert_eq!(text(&v), "TASKARNS\ta\nTASKARNS\tb\n");
        let v = json!({"services": [{"serviceName": "web", "desiredCount": 2, "events": [{"id": "1", "message": "m"}]}]});
        assert_eq!(text(&v), "SERVICES\t2\tweb\nEVENTS\t1\tm\n");
        assert_eq!(text(&json!(["x", "y"])), "x\ty\n");
        assert_eq!(text(&json!(true)), "True\n");
    }

    #[test]
    fn queries_are_jmespath() {
        let v = json!({"tasks": [{"lastStatus": "RUNNING", "id": 1}, {"lastStatus": "STOPPED", "id": 2}]});
        assert_eq!(query(&v, "tasks[0].lastStatus").unwrap(), json!("RUNNING"));
        assert_eq!(
            query(&v, "tasks[?lastStatus=='STOPPED'].id").unwrap(),
            json!([2])
        );
        assert_eq!(query(&v, "length(tasks)").unwrap(), json!(2));
        let e = query(&v, "tasks[").unwrap_err();
        assert!(
            e.message
                .contains("aws: error: argument --query: Bad value for --query tasks["),
            "{}",
            e.message
        );
    }
}
