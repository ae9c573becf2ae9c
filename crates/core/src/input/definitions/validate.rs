//! Name and label syntax, as the API server checks it (`apimachinery/pkg/util/validation`),
//! with its messages. Each function returns the first problem found, or `None`.

const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const ENV_VAR_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

pub const LABEL_LEN_MAX_CHARS: usize = 63;
pub const SUBDOMAIN_LEN_MAX_CHARS: usize = 253;
pub const PORT_NAME_LEN_MAX_CHARS: usize = 15;

fn max_len(s: &str, max: usize) -> Option<String> {
    (s.len() > max).then(|| format!("must be no more than {max} characters"))
}

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn dns1123_label_ok(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| is_lower_alnum(c) || c == '-')
        && s.starts_with(is_lower_alnum)
        && s.ends_with(is_lower_alnum)
}

/// Container names, Namespace names, label-like names: ≤ 63.
pub fn dns1123_label(s: &str) -> Option<String> {
    max_len(s, LABEL_LEN_MAX_CHARS)
        .or_else(|| (!dns1123_label_ok(s)).then(|| DNS1123_LABEL_MSG.to_string()))
}

/// Deployment and Pod names: ≤ 253, dot-separated labels.
pub fn dns1123_subdomain(s: &str) -> Option<String> {
    max_len(s, SUBDOMAIN_LEN_MAX_CHARS).or_else(|| {
        (!s.split('.').all(dns1123_label_ok)).then(|| DNS1123_SUBDOMAIN_MSG.to_string())
    })
}

/// Service names: must start with a letter (they become DNS names and env var prefixes).
pub fn dns1035_label(s: &str) -> Option<String> {
    max_len(s, LABEL_LEN_MAX_CHARS).or_else(|| {
        (!(dns1123_label_ok(s) && s.starts_with(|c: char| c.is_ascii_lowercase())))
            .then(|| DNS1035_LABEL_MSG.to_string())
    })
}

fn qualified_part_ok(s: &str) -> bool {
    let alnum = |c: char| c.is_ascii_alphanumeric();
    !s.is_empty()
        && s.chars()
            .all(|c| alnum(c) || c == '-' || c == '_' || c == '.')
        && s.starts_with(alnum)
        && s.ends_with(alnum)
}

/// Label and annotation keys: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63.
pub fn qualified_name(s: &str) -> Option<String> {
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if name.contains('/') {
        return Some("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')".to_string());
    }
    if let Some(p) = prefix {
        if p.is_empty() {
            return Some("prefix part must be non-empty".to_string());
        }
        if let Some(e) = dns1123_subdomain(p) {
            return Some(format!("prefix part {e}"));
        }
    }
    if name.is_empty() {
        return Some("name part must be non-empty".to_string());
    }
    if name.len() > LABEL_LEN_MAX_CHARS {
        return Some(format!(
            "name part must be no more than {LABEL_LEN_MAX_CHARS} characters"
        ));
    }
    (!qualified_part_ok(name)).then(|| QUALIFIED_NAME_MSG.to_string())
}

pub fn label_value(s: &str) -> Option<String> {
    max_len(s, LABEL_LEN_MAX_CHARS)
        .or_else(|| (!s.is_empty() && !qualified_part_ok(s)).then(|| LABEL_VALUE_MSG.to_string()))
}

pub fn env_var_name(s: &str) -> Option<String> {
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit());
    (!ok).then(|| ENV_VAR_NAME_MSG.to_string())
}

/// Port names (`IANA_SVC_NAME`): ≤ 15, lowercase alnum and single hyphens, at least a letter.
pub fn port_name(s: &str) -> Option<String> {
    if s.len() > PORT_NAME_LEN_MAX_CHARS {
        return Some(format!(
            "must be no more than {PORT_NAME_LEN_MAX_CHARS} characters"
        ));
    }
    if !s.chars().all(|c| is_lower_alnum(c) || c == '-') {
        return Some(
            "must contain only alphanumeric characters (a-z, 0-9), and hyphens (-)".into(),
        );
    }
    if s.contains("--") {
        return Some("must not contain consecutive hyphens".into());
    }
    if !s.chars().any(|c| c.is_ascii_lowercase()) {
        return Some("must contain at least one letter (a-z)".into());
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some("must not begin or end with a hyphen".into());
    }
    None
}

/// ConfigMap and Secret keys (`IsConfigMapKey`): at most 253 characters of `[-._a-zA-Z0-9]`,
/// and not `.` or `..`.
pub fn config_key(s: &str) -> Option<String> {
    if s.len() > 253 {
        return Some("must be no more than 253 characters".into());
    }
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
    {
        return Some("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')".into());
    }
    if s == "." || s == ".." {
        return Some(format!("must not be '{s}'"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rfc_1123() {
        assert!(dns1123_subdomain("nginx-deployment").is_none());
        assert!(dns1123_subdomain("a.b-c.d").is_none());
        assert!(dns1123_subdomain("Web_App").is_some());
        assert!(dns1123_subdomain("-web").is_some());
        assert!(dns1123_subdomain(&"a".repeat(254)).is_some());
        assert!(dns1123_label("a.b").is_some());
        assert!(dns1123_label(&"a".repeat(64)).is_some());
        assert!(dns1035_label("1web").is_some());
        assert!(dns1035_label("web-1").is_none());
    }

    #[test]
    fn label_keys_and_values() {
        assert!(qualified_name("app").is_none());
        assert!(qualified_name("app.kubernetes.io/name").is_none());
        assert!(qualified_name("a/b/c").is_some());
        assert!(qualified_name("/x").is_some());
        assert!(qualified_name("bad key").is_some());
        assert!(label_value("").is_none());
        assert!(label_value("v1.2_x").is_none());
        assert!(label_value("-x").is_some());
    }

    #[test]
    fn port_and_env_names() {
        assert!(port_name("http").is_none());
        assert!(port_name("http--x").is_some());
        assert!(port_name("8080").is_some());
        assert!(port_name("a-very-long-port-name").is_some());
        assert!(env_var_name("LEAK_MEMORY_MIB_PER_SEC").is_none());
        assert!(env_var_name("1X").is_some());
    }
}
