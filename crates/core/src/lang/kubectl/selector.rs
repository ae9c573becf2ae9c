//! Label selectors as the API server parses them (`apimachinery/pkg/labels`): `key=value`,
//! `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`, joined by
//! commas; and field selectors (`metadata.name=x,status.phase!=Running`).

use crate::base::command::CommandError;
use crate::input::model::Labels;

const MAX_REQUIREMENTS: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    Equals(String),
    NotEquals(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    DoesNotExist,
}

/// A parsed label selector: every requirement must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Selector(Vec<(String, Op)>);

fn parse_err(found: &str, expected: &str) -> CommandError {
    CommandError::new(format!(
        "error: unable to parse requirement: found '{found}', expected: {expected}"
    ))
}

/// The requirements of `s`, split at commas outside parentheses.
fn requirements(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

impl Selector {
    pub(crate) fn parse(s: &str) -> Result<Selector, CommandError> {
        let mut reqs = Vec::new();
        for part in requirements(s).into_iter().map(str::trim) {
            if part.is_empty() {
                if s.trim().is_empty() {
                    continue;
                }
                return Err(parse_err("", "!, identifier, or 'end of string'"));
            }
            if reqs.len() >= MAX_REQUIREMENTS {
                return Err(CommandError::new(
                    "error: too many requirements in the selector",
                ));
            }
            reqs.push(requirement(part)?);
        }
        Ok(Selector(reqs))
    }

    pub(crate) fn matches(&self, labels: &Labels) -> bool {
        self.0.iter().all(|(k, op)| {
            let v = labels.get(k);
            match op {
                Op::Equals(x) => v == Some(x),
                Op::NotEquals(x) => v != Some(x),
                Op::In(set) => v.is_some_and(|v| set.contains(v)),
                Op::NotIn(set) => v.is_none_or(|v| !set.contains(v)),
                Op::Exists => v.is_some(),
                Op::DoesNotExist => v.is_none(),
            }
        })
    }
}

fn requirement(part: &str) -> Result<(String, Op), CommandError> {
    if let Some(key) = part.strip_prefix('!') {
        let key = key.trim();
        check_key(key)?;
        return Ok((key.to_string(), Op::DoesNotExist));
    }
    for (op, make) in [
        ("!=", Op::NotEquals as fn(String) -> Op),
        ("==", Op::Equals),
        ("=", Op::Equals),
    ] {
        if let Some((k, v)) = part.split_once(op) {
            let (k, v) = (k.trim(), v.trim());
            check_key(k)?;
            check_value(v)?;
            return Ok((k.to_string(), make(v.to_string())));
        }
    }
    let mut words = part.splitn(2, char::is_whitespace);
    let key = words.next().unwrap_or_default();
    check_key(key)?;
    let Some(rest) = words.next().map(str::trim) else {
        return Ok((key.to_string(), Op::Exists));
    };
    let (word, set) = rest
        .split_once(|c: char| c.is_whitespace() || c == '(')
        .map(|(w, _)| (w, &rest[w.len()..]))
        .unwrap_or((rest, ""));
    let set = set.trim();
    let values = set
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .ok_or_else(|| {
            parse_err(
                set.split(|c: char| c.is_whitespace()).next().unwrap_or(""),
                "'('",
            )
        })?;
    let values: Vec<String> = values.split(',').map(|v| v.trim().to_string()).collect();
    for v in &values {
        check_value(v)?;
    }
    match word {
        "in" => Ok((key.to_string(), Op::In(values))),
        "notin" => Ok((key.to_string(), Op::NotIn(values))),
        other => Err(parse_err(other, "'=', '!=', '==', 'in', notin'")),
    }
}

/// A label key: an optional DNS prefix and `/`, then a name of at most 63 characters.
fn check_key(k: &str) -> Result<(), CommandError> {
    let name = k.rsplit_once('/').map_or(k, |(_, n)| n);
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(CommandError::new(format!(
            "error: key: Invalid value: \"{k}\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        )))
    }
}

fn check_value(v: &str) -> Result<(), CommandError> {
    let ok = v.is_empty()
        || (v.len() <= 63
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            && v.starts_with(|c: char| c.is_ascii_alphanumeric())
            && v.ends_with(|c: char| c.is_ascii_alphanumeric()));
    if ok {
        Ok(())
    } else {
        Err(CommandError::new(format!(
            "error: values[0][key]: Invalid value: \"{v}\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        )))
    }
}

/// One `field=value` / `field!=value` of a field selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldRequirement {
    pub field: String,
    pub value: String,
    pub equal: bool,
}

/// `--field-selector`: requirements joined by commas.
pub(crate) fn parse_field_selector(s: &str) -> Result<Vec<FieldRequirement>, CommandError> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if out.len() >= MAX_REQUIREMENTS {
            return Err(CommandError::new(
                "error: too many requirements in the field selector",
            ));
        }
        let (field, value, equal) = if let Some((f, v)) = part.split_once("!=") {
            (f, v, false)
        } else if let Some((f, v)) = part.split_once("==") {
            (f, v, true)
        } else if let Some((f, v)) = part.split_once('=') {
            (f, v, true)
        } else {
            return Err(CommandError::new(format!(
                "error: invalid selector: '{s}'; can't understand '{part}'"
            )));
        };
        out.push(FieldRequirement {
            field: field.trim().to_string(),
            value: value.trim().to_string(),
            equal,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_form_of_requirement() {
        let l = labels(&[("app", "web"), ("tier", "front")]);
        let m = |s: &str| Selector::parse(s).unwrap().matches(&l);
        assert!(m("app=web"));
        assert!(m("app==web"));
        assert!(!m("app!=web"));
        assert!(m("env!=prod"));
        assert!(m("app in (web, api)"));
        assert!(!m("app notin (web,api)"));
        assert!(m("env notin (prod)"));
        assert!(m("app"));
        assert!(!m("!app"));
        assert!(m("!env"));
        assert!(m("app,tier in (front),!env"));
        assert!(m(""));
    }

    #[test]
    fn parse_errors() {
        let e = |s: &str| Selector::parse(s).unwrap_err().to_string();
        assert_eq!(
            e("app in web"),
            "error: unable to parse requirement: found 'web', expected: '('"
        );
        assert_eq!(
            e("app is (web)"),
            "error: unable to parse requirement: found 'is', expected: '=', '!=', '==', 'in', notin'"
        );
        assert!(e("-bad=x").contains("key: Invalid value: \"-bad\""));
        assert!(e("app=-x").contains("Invalid value: \"-x\""));
        assert!(e("a=b,,c").contains("found ''"));
    }

    #[test]
    fn field_selectors() {
        let f = parse_field_selector("status.phase!=Running,metadata.name==x").unwrap();
        assert_eq!(f.len(), 2);
        assert!(!f[0].equal);
        assert!(parse_field_selector("nonsense").is_err());
    }
}
