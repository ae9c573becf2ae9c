//! Inputs the fuzz targets (`fuzz/`) found breaking a documented bound, each kept as a test
//! beside the corpus that replays them (`crates/fuzz-checks/tests/corpus.rs`).

use sunaba_core::input::definitions::load;

/// An unknown ECS field named with control characters: each is echoed as six characters
/// (`\u0003`), so a 64-character name used to make a message of over 1,000 bytes.
#[test]
fn an_unknown_field_of_control_characters_is_echoed_shortened() {
    let key = "\\u0003".repeat(200);
    let text = format!(
        "{{\"family\": \"web\", \"containerDefinitions\": [{{\"name\": \"web\", \"image\": \"nginx\", \"{key}\": 1}}]}}"
    );
    let loaded = load("task.json", &text);
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.message.contains("Unknown parameter"))
        .expect("the unknown field is reported");
    assert_eq!((d.line, d.column), (1, 78), "{d}");
    let shown = d.message.split('"').nth(1).expect("the field is quoted");
    // 64 characters shown (the last escape whole), then an ellipsis.
    assert_eq!(shown.chars().count(), 11 * 6 + 1, "{shown}");
    assert!(shown.ends_with('…'), "{shown}");
    assert!(d.message.len() <= 1024, "{} bytes", d.message.len());
}

/// A long value baked into an ENV used to be echoed whole in the lint's finding (1,176
/// characters for the input found); it is shown shortened, and still found.
#[test]
fn a_dockerfile_finding_echoes_a_long_value_shortened() {
    let url = format!("https://staging.example.com/{}", "a".repeat(2000));
    let text = format!("FROM node:20-slim\nENV API_URL={url}\nUSER node\n");
    let findings = sunaba_core::input::dockerfile_lint::lint("Dockerfile", &text);
    let f = findings
        .iter()
        .find(|f| f.rule == "baked-environment-config")
        .expect("the URL is still found");
    assert_eq!((f.line, f.column), (2, 5));
    assert!(
        f.message
            .starts_with("ENV API_URL=https://staging.example.com/aaaa"),
        "{}",
        f.message
    );
    assert!(f.message.contains("a…: a URL points"), "{}", f.message);
    assert!(f.message.chars().count() < 250, "{}", f.message);
    assert!(f.message_ja.chars().count() < 250, "{}", f.message_ja);
}

/// saphyr places an unprintable character by bytes where the rest of its positions count
/// characters, so after Japanese text the column was past the end of the line.
#[test]
fn an_unprintable_character_after_japanese_text_is_located_on_it() {
    let loaded = load("pod.yaml", "name: 名前と値 \0\n");
    let d = &loaded.diagnostics[0];
    assert!(d.message.contains("unprintable"), "{d}");
    assert_eq!((d.line, d.column), (1, 12), "{d}");
}

/// An ECS value outside its enumeration (`networkMode`, `launchType`, …) used to be echoed
/// whole: a value with line breaks made a message over many lines. It is escaped and shortened.
#[test]
fn an_ecs_value_outside_its_choices_is_echoed_on_one_short_line() {
    let mode = format!("br\\nidge{}", "x".repeat(3000));
    let text = format!(
        "{{\"family\": \"web\", \"networkMode\": \"{mode}\", \"containerDefinitions\": [{{\"name\": \"web\", \"image\": \"nginx\"}}]}}"
    );
    let loaded = load("task.json", &text);
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| {
            d.message
                .contains("Invalid value for parameter networkMode")
        })
        .expect("the bad mode is reported");
    assert!(!d.message.contains('\n'), "{d}");
    assert!(d.message.contains("\"br\\nidge"), "{d}");
    assert!(d.message.len() <= 1024, "{} bytes", d.message.len());
}

/// An exercise file whose key is a long multi-line plain scalar (`? key` over several lines):
/// the unknown field was echoed whole, a message of 1,230 characters. Every key, id, panel and
/// path an exercise parser echoes is shortened now.
#[test]
fn an_exercise_key_of_any_length_is_echoed_shortened() {
    let key = format!("g-variable\n  - {}", "j".repeat(1200));
    let text = format!("? {key}\n: 1\n");
    let e = sunaba_core::lessons::exercise::parse(&text).expect_err("an unknown field");
    assert!(
        e.message.contains("unknown field \"g-variable"),
        "{}",
        e.message
    );
    assert!(e.message.contains('…'), "{}", e.message);
    assert!(
        e.message.chars().count() <= 300,
        "{} characters",
        e.message.len()
    );
    assert_eq!((e.line, e.column), (1, 3), "{}", e.message);

    let lesson = include_str!("../../../../www/exercises/self-healing.yaml");
    assert!(
        lesson.contains("      ready: 3\n"),
        "the lesson's first goal moved"
    );
    let goal = lesson.replacen(
        "      ready: 3\n",
        &format!("      {}: 3\n", "k".repeat(1000)),
        1,
    );
    let e = sunaba_core::lessons::exercise::parse(&goal).expect_err("an unknown goal field");
    assert!(e.message.contains('…'), "{}", e.message);
    assert!(
        e.message.chars().count() <= 400,
        "{} characters",
        e.message.len()
    );
}

/// An ARG name that is not a valid name was echoed whole: a name of 994 characters made the
/// lint's `parse-error` finding 1,029 characters long (found by the dockerfile target). Every
/// value a Dockerfile error echoes is shortened now.
#[test]
fn a_dockerfile_error_echoes_a_long_name_shortened() {
    let name = format!("V{}", "\u{e4}-".repeat(500));
    for text in [
        format!("FROM busybox\nARG {name}\n"),
        format!("FROM busybox AS {name}\n"),
        format!("FROM busybox\nEXPOSE {name}\n"),
        format!("FROM busybox\nHEALTHCHECK --interval={name} CMD true\n"),
    ] {
        let findings = sunaba_core::input::dockerfile_lint::lint("Dockerfile", &text);
        let f = findings
            .iter()
            .find(|f| f.rule == "parse-error")
            .unwrap_or_else(|| panic!("no parse error for {}", &text[..40]));
        // (A stage name is lower-cased, as Docker does.)
        assert!(
            f.message.to_lowercase().contains("v\u{e4}-\u{e4}-"),
            "{}",
            f.message
        );
        assert!(f.message.contains('…'), "{}", f.message);
        assert!(f.message.chars().count() < 200, "{}", f.message);
    }
}
