//! `-o yaml`: prints a JSON value as block-style YAML, the way kubectl lays it out
//! (two-space indents, sequences not indented under their key, strings quoted only when needed).

use serde_json::Value;

/// Which YAML library's output to imitate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// kubectl's `-o yaml` (go-yaml v2): single quotes.
    Kubectl,
    /// kustomize's output (go-yaml v3 via kyaml): strings that would read as another type are
    /// double-quoted, multi-line strings are literal blocks (`|`, `|-`).
    Kustomize,
}

pub fn to_yaml(v: &Value) -> String {
    to_yaml_styled(v, Style::Kubectl)
}

/// One document as `kustomize build` prints it.
pub fn to_yaml_kustomize(v: &Value) -> String {
    to_yaml_styled(v, Style::Kustomize)
}

fn to_yaml_styled(v: &Value, style: Style) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(&mut out, m, 0, style),
        Value::Array(a) if !a.is_empty() => write_seq(&mut out, a, 0, style),
        other => {
            out.push_str(&scalar(other, style, 0));
            out.push('\n');
        }
    }
    out
}

fn scalar(v: &Value, style: Style, indent: usize) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if style == Style::Kustomize => quote_v3(s, indent),
        Value::String(s) => quote(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// go-yaml v3's choice: literal block for multi-line text, double quotes when the plain text
/// would read back as a number, bool or null (including YAML 1.1's `yes`/`on`), single quotes
/// when plain text is not allowed for syntax reasons.
fn quote_v3(s: &str, indent: usize) -> String {
    if s.contains('\n') && !s.contains(['\t', '\r']) && !s.ends_with(' ') {
        let body = s.strip_suffix('\n').unwrap_or(s);
        let chomp = if s.ends_with("\n\n") {
            "+"
        } else if s.ends_with('\n') {
            ""
        } else {
            "-"
        };
        let pad = " ".repeat(indent + 2);
        let mut out = format!("|{chomp}");
        for line in body.split('\n') {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
        }
        return out;
    }
    let resolves_otherwise = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n" | ""
    ) || looks_numeric(s);
    if resolves_otherwise || s.contains(|c: char| c.is_control()) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    let plain = !s.starts_with(|c: char| " -?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #");
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// Would YAML read this plain text as a number (int, float, hex, octal, `.inf`, `.nan`)?
fn looks_numeric(s: &str) -> bool {
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    if t.is_empty() {
        return false;
    }
    if [".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"].contains(&t) {
        return true;
    }
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0o")) {
        return !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit());
    }
    let t = t.replace('_', "");
    t.parse::<f64>().is_ok() && t.chars().all(|c| c.is_ascii_digit() || ".eE+-".contains(c))
}

fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| " -?:,[]{}#&*!|>'\"%@`~".contains(c) || c.is_ascii_digit())
        && !s.ends_with(' ')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains('\n')
        && ![
            "true", "false", "null", "yes", "no", "on", "off", "~", "y", "n",
        ]
        .contains(&s.to_ascii_lowercase().as_str());
    if plain {
        s.to_string()
    } else if s.contains('\'') || s.contains('\n') {
        serde_json::to_string(s).unwrap_or_default()
    } else {
        format!("'{s}'")
    }
}

fn is_block(v: &Value) -> bool {
    matches!(v, Value::Object(m) if !m.is_empty()) || matches!(v, Value::Array(a) if !a.is_empty())
}

fn write_map(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize, style: Style) {
    for (k, v) in m {
        out.push_str(&" ".repeat(indent));
        out.push_str(&match style {
            Style::Kubectl => quote(k),
            Style::Kustomize => quote_v3(k, indent),
        });
        out.push(':');
        match v {
            Value::Object(inner) if !inner.is_empty() => {
                out.push('\n');
                write_map(out, inner, indent + 2, style);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                write_seq(out, a, indent, style);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other, style, indent));
                out.push('\n');
            }
        }
    }
}

fn write_seq(out: &mut String, a: &[Value], indent: usize, style: Style) {
    for v in a {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match v {
            Value::Object(m) if !m.is_empty() => {
                let mut inner = String::new();
                write_map(&mut inner, m, indent + 2, style);
                out.push_str(inner.trim_start());
            }
            Value::Array(inner) if !inner.is_empty() => {
                out.push('\n');
                write_seq(out, inner, indent + 2, style);
            }
            other => {
                out.push_str(&scalar(other, style, indent));
                out.push('\n');
            }
        }
        let _ = is_block;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_kubectl_style_yaml() {
        let v = serde_json::json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.14.2", "ports": [{"containerPort": 80}]}]}, "x": "true", "w": ""});
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: nginx\n    image: nginx:1.14.2\n    ports:\n    - containerPort: 80\nx: 'true'\nw: ''\n"
        );
    }
}
