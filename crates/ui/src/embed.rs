//! The `embed/` page's URL parameters → mount options, for hosts that can only show an
//! `<iframe>` (slides, a CMS): `embed/?example=crashloop.yaml&panels=editor,cluster&lang=ja`.
//!
//! Read strictly and never fatally: an unknown parameter, a repeated one or a bad value is one
//! message (the page logs it on the console) and the option keeps its default. Names that
//! become URLs (`example`, `exercise`) are checked against a narrow alphabet, so a parameter can
//! only name a file of the site's own `examples/` and `exercises/` folders.

use crate::mount::{MountOptions, SPEED_MAX};
use crate::panels::{Panels, ViewMode, NAMES};
use crate::share::{FRAGMENT_KEY, LINK_MAX_CHARS};
use crate::strings::Lang;

/// The parameters the page reads, as a URL spells them.
pub const PARAMETERS: [&str; 11] = [
    "example", "panels", "lang", "mode", "seed", "speed", "playing", "readOnly", "exercise",
    "step", "share",
];
/// Longest query read (a share link is most of it).
pub const QUERY_MAX_CHARS: usize = LINK_MAX_CHARS + 4096;
/// Most `name=value` pairs read.
pub const PAIRS_MAX: usize = 32;
/// Longest example path (`ecs/api.service.json`).
pub const EXAMPLE_MAX_CHARS: usize = 128;

/// What the page mounts: the options, and the example file to fetch first (a path under the
/// site's `examples/`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedRequest {
    pub options: MountOptions,
    pub example: Option<String>,
    /// An exercise id: the page loads `exercises/ID.yaml`.
    pub exercise: Option<String>,
}

/// Reads `?a=b&c=d` (with or without the `?`). Returns the request and one message per
/// problem.
pub fn parse(query: &str) -> (EmbedRequest, Vec<String>) {
    let mut request = EmbedRequest::default();
    let mut problems = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    if query.len() > QUERY_MAX_CHARS {
        problems.push(format!(
            "sunaba embed: the address's parameters are {} characters long (at most \
             {QUERY_MAX_CHARS}); using the defaults",
            query.len()
        ));
        return (request, problems);
    }
    let mut seen: Vec<&'static str> = Vec::new();
    for (i, pair) in query.split('&').filter(|p| !p.is_empty()).enumerate() {
        if i == PAIRS_MAX {
            problems.push(format!(
                "sunaba embed: more than {PAIRS_MAX} parameters; the rest are ignored"
            ));
            break;
        }
        let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = match (percent_decode(raw_name), percent_decode(raw_value)) {
            (Some(n), Some(v)) => (n, v),
            _ => {
                problems.push(format!(
                    "sunaba embed: the parameter {:?} is not valid URL encoding; ignored",
                    shown(pair)
                ));
                continue;
            }
        };
        let Some(known) = PARAMETERS.iter().copied().find(|p| *p == name) else {
            problems.push(format!(
                "sunaba embed: unknown parameter {:?} (known: {}); ignored",
                shown(&name),
                PARAMETERS.join(", ")
            ));
            continue;
        };
        if seen.contains(&known) {
            problems.push(format!(
                "sunaba embed: `{known}` is given twice; the first is used"
            ));
            continue;
        }
        seen.push(known);
        if let Err(expected) = apply(&mut request, known, &value, &mut problems) {
            problems.push(format!(
                "sunaba embed: `{known}` must be {expected}, got {:?}; using the default",
                shown(&value)
            ));
        }
    }
    (request, problems)
}

/// Sets one parameter, or says what it must be.
fn apply(
    request: &mut EmbedRequest,
    name: &str,
    value: &str,
    problems: &mut Vec<String>,
) -> Result<(), &'static str> {
    let options = &mut request.options;
    match name {
        "example" => {
            request.example = Some(
                example_path(value)
                    .ok_or("a file of examples/ like crashloop.yaml or ecs/api.service.json")?,
            )
        }
        "panels" => {
            let names: Vec<&str> = value.split(',').filter(|n| !n.trim().is_empty()).collect();
            if names.is_empty() || names.len() > NAMES.len() * 2 {
                return Err("a comma-separated list of panel names");
            }
            let (panels, unknown) = Panels::from_names(&names);
            if !unknown.is_empty() {
                problems.push(format!(
                    "sunaba embed: unknown panel(s) {unknown:?}; known: {}",
                    NAMES.join(", ")
                ));
            }
            options.panels = panels;
        }
        "lang" => {
            options.lang = Some(
                Lang::ALL
                    .into_iter()
                    .find(|l| l.tag() == value)
                    .ok_or("en or ja")?,
            )
        }
        "mode" => {
            options.mode = ViewMode::ALL
                .into_iter()
                .find(|m| m.name() == value)
                .ok_or("kubernetes, ecs or side-by-side")?
        }
        "seed" => {
            options.seed =
                number(value, 0, 9_007_199_254_740_991).ok_or("a non-negative integer")?
        }
        "speed" => {
            options.speed = number(value, 1, u64::from(SPEED_MAX))
                .and_then(|n| u32::try_from(n).ok())
                .ok_or("an integer from 1 to 1000")?
        }
        "playing" => options.playing = flag(value).ok_or("1 or 0")?,
        "readOnly" => options.read_only = flag(value).ok_or("1 or 0")?,
        "exercise" => {
            request.exercise = Some(
                is_exercise_id(value)
                    .then(|| value.to_owned())
                    .ok_or("an exercise id like self-healing")?,
            )
        }
        "step" => {
            options.step = Some(
                number(value, 1, 1000)
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or("a step number from 1")?,
            )
        }
        "share" => {
            if value.is_empty() {
                return Err("a share link like 2.eNq…");
            }
            // `share=2.…` (the fragment's value), a whole fragment or a whole link.
            options.share = Some(if value.contains(FRAGMENT_KEY) {
                value.to_owned()
            } else {
                format!("{FRAGMENT_KEY}{value}")
            });
        }
        _ => {}
    }
    Ok(())
}

/// Digits only (no sign, no exponent), within `min..=max`.
fn number(value: &str, min: u64, max: u64) -> Option<u64> {
    if value.is_empty() || value.len() > 20 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok().filter(|n| (min..=max).contains(n))
}

fn flag(value: &str) -> Option<bool> {
    match value {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// `crashloop.yaml`, `ecs/api.service.json`: lower-case letters, digits, `-`, `_` and `.` in
/// each segment, no segment starting with `.` (so no `..`), a YAML or JSON file.
fn example_path(value: &str) -> Option<String> {
    let segment_ok = |s: &str| {
        !s.is_empty()
            && !s.starts_with('.')
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.')
            })
    };
    let file_ok = [".yaml", ".yml", ".json"]
        .iter()
        .any(|ext| value.ends_with(ext));
    (value.len() <= EXAMPLE_MAX_CHARS && file_ok && value.split('/').all(segment_ok))
        .then(|| value.to_owned())
}

/// An exercise's id, as its file is named (`exercises/ID.yaml`).
fn is_exercise_id(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 63
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `%XX` escapes and `+` as a space, as a form encodes them; `None` for a bad escape or bytes
/// that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// At most 40 characters of a value, for a message.
fn shown(value: &str) -> String {
    value.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_is_read() {
        let (r, problems) = parse(
            "?example=ecs/api.service.json&panels=editor,cluster&lang=ja&mode=ecs&seed=7\
             &speed=10&playing=0&readOnly=1&step=2&exercise=self-healing&share=2.eNqr",
        );
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(r.example.as_deref(), Some("ecs/api.service.json"));
        assert_eq!(r.exercise.as_deref(), Some("self-healing"));
        let o = &r.options;
        assert!(o.panels.editor && o.panels.cluster && !o.panels.events && !o.panels.timeline);
        assert_eq!(o.lang, Some(Lang::Ja));
        assert_eq!(o.mode, ViewMode::Ecs);
        assert_eq!(
            (o.seed, o.speed, o.playing, o.read_only),
            (7, 10, false, true)
        );
        assert_eq!(o.step, Some(2));
        assert_eq!(o.share.as_deref(), Some("share=2.eNqr"));
        let (none, problems) = parse("");
        assert_eq!((none, problems.len()), (EmbedRequest::default(), 0));
    }

    #[test]
    fn bad_parameters_are_reported_and_keep_their_defaults() {
        let cases = [
            ("example=../index.html", "`example` must be"),
            ("example=%2E%2E/secret.yaml", "`example` must be"),
            ("example=https://evil.example/x.yaml", "`example` must be"),
            ("example=.hidden.yaml", "`example` must be"),
            ("exercise=../x", "`exercise` must be"),
            ("exercise=A", "`exercise` must be"),
            ("lang=fr", "`lang` must be en or ja"),
            ("mode=swarm", "`mode` must be"),
            ("seed=-1", "`seed` must be"),
            ("seed=1e3", "`seed` must be"),
            ("seed=99999999999999999999999", "`seed` must be"),
            ("speed=0", "`speed` must be"),
            ("speed=1001", "`speed` must be"),
            ("playing=yes", "`playing` must be 1 or 0"),
            ("readOnly=", "`readOnly` must be 1 or 0"),
            ("step=0", "`step` must be"),
            ("share=", "`share` must be"),
            ("panels=", "`panels` must be"),
            ("panels=editor,nope", "unknown panel(s) [\"nope\"]"),
            ("colour=red", "unknown parameter \"colour\""),
            ("seed=1&seed=2", "given twice"),
            ("seed=%ZZ", "not valid URL encoding"),
            ("lang=%FF", "not valid URL encoding"),
        ];
        for (query, expected) in cases {
            let (r, problems) = parse(query);
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{query}: {problems:?}"
            );
            assert!(problems.iter().all(|p| p.starts_with("sunaba embed: ")));
            assert_eq!(r.example, None, "{query}");
            assert_eq!(r.exercise, None, "{query}");
            if !query.starts_with("seed=1&") {
                assert_eq!(r.options.seed, 1, "{query}");
            }
        }
        let (r, _) = parse("seed=1&seed=2");
        assert_eq!(r.options.seed, 1, "the first wins");
        let (r, problems) = parse(&"a=b&".repeat(100));
        assert_eq!(r, EmbedRequest::default());
        assert!(
            problems.last().unwrap().contains("more than 32"),
            "{problems:?}"
        );
        let (r, problems) = parse(&"x".repeat(QUERY_MAX_CHARS + 1));
        assert_eq!((r, problems.len()), (EmbedRequest::default(), 1));
    }

    #[test]
    fn values_are_percent_decoded_and_links_accepted_whole() {
        let (r, problems) =
            parse("panels=editor%2Ccluster&share=https%3A%2F%2Fx.org%2F%23share%3D2.abc");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(r.options.panels.editor && r.options.panels.cluster);
        assert_eq!(
            r.options.share.as_deref(),
            Some("https://x.org/#share=2.abc")
        );
        // Truncated escapes at the very end never panic.
        for q in ["seed=%", "seed=%4", "x%", "%e3%81"] {
            let _ = parse(q);
        }
    }
}
