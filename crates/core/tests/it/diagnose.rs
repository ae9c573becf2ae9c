//! `definitions::diagnose`: what the editor marks as the learner types. The same diagnostics as
//! `kubectl apply -f` and `sunaba check`, located on their line, for any text without panicking.

use sunaba_core::input::definitions::{diagnose, load, Diagnostic, Severity};

const GOOD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: solo
spec:
  containers:
    - name: web
      image: nginx:1.14.2
";

fn summary(diagnostics: &[Diagnostic]) -> Vec<(usize, usize, Severity)> {
    diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.severity))
        .collect()
}

#[test]
fn a_valid_manifest_has_no_diagnostics() {
    assert_eq!(diagnose("editor.yaml", GOOD), vec![]);
}

#[test]
fn a_syntax_error_is_located_on_its_line_and_column() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n";
    let diagnostics = diagnose("editor.yaml", text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.file, "editor.yaml");
    assert!((4..=5).contains(&d.line), "{d}");
    assert!(d.column >= 1, "{d}");
}

#[test]
fn a_validation_error_points_at_the_offending_value() {
    let text = GOOD.replace("name: solo", "name: Solo_Pod");
    let diagnostics = diagnose("editor.yaml", &text);
    assert_eq!(summary(&diagnostics), vec![(4, 9, Severity::Error)]);
    assert!(
        diagnostics[0].message.contains("metadata.name"),
        "{}",
        diagnostics[0]
    );
}

#[test]
fn an_unknown_field_is_an_error_and_an_ignored_field_a_warning() {
    let text = GOOD.replace("      image:", "      imagePulPolicy: Always\n      image:");
    let diagnostics = diagnose("editor.yaml", &text);
    assert_eq!(
        summary(&diagnostics),
        vec![(8, 7, Severity::Error)],
        "{diagnostics:#?}"
    );
    assert!(diagnostics[0].message.contains("imagePulPolicy"));

    let text = GOOD.replace("spec:\n", "spec:\n  dnsPolicy: ClusterFirst\n");
    let diagnostics = diagnose("editor.yaml", &text);
    assert_eq!(
        summary(&diagnostics),
        vec![(6, 3, Severity::Warning)],
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics[0].message.contains("dnsPolicy"),
        "{}",
        diagnostics[0]
    );
}

#[test]
fn diagnose_reports_exactly_what_load_and_sunaba_check_report() {
    let texts = [
        GOOD.to_string(),
        GOOD.replace("kind: Pod", "kind: Pd"),
        GOOD.replace(
            "spec:\n",
            "spec:\n  hostNetwork: true\n  restartPolicy: Sometimes\n",
        ),
        format!("{GOOD}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"),
    ];
    for text in &texts {
        assert_eq!(
            diagnose("f.yaml", text),
            load("f.yaml", text).diagnostics,
            "{text}"
        );
    }
}

#[test]
fn hostile_text_gives_diagnostics_without_panicking() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    let huge = "x".repeat(2 * 1024 * 1024);
    let deep = "[".repeat(10_000);
    let odd = "\u{feff}\u{202e}名前: \"\\u{0}\"\t\r\n\0\u{10ffff}: 🦀🦀\n- ]\n";
    let tabs = "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n";
    for text in [
        "",
        "\n\n",
        "---\n---\n",
        bomb,
        &huge,
        &deep,
        odd,
        tabs,
        "{\"a\": ",
        "'",
        "|",
    ] {
        let diagnostics = diagnose("editor.yaml", text);
        assert!(
            diagnostics.iter().any(|d| d.severity == Severity::Error),
            "{:?}: {diagnostics:#?}",
            text.chars().take(40).collect::<String>()
        );
        let lines = text.lines().count().max(1);
        for d in &diagnostics {
            assert!(
                d.line >= 1 && d.line <= lines + 1,
                "{d} beyond {lines} lines"
            );
            assert!(d.column >= 1, "{d}");
        }
    }
}
