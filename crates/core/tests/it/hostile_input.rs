//! Hostile and broken input: `definitions::load` must answer every input with located
//! diagnostics, within its bounds, without panicking, overflowing the stack or expanding bombs. (That it is also fast is
//! measured, not asserted: timing belongs in benchmarks.)

use sunaba_core::input::definitions::{bounds, load, Loaded, Severity};

/// Every diagnostic is located inside the text (1-based; one past the last line for EOF).
fn assert_well_located(text: &str, loaded: &Loaded) {
    // YAML breaks lines at "\n", "\r\n" and a lone "\r".
    let lines = text.replace("\r\n", "\n").matches(['\n', '\r']).count() + 2;
    for d in &loaded.diagnostics {
        assert!(d.line >= 1 && d.column >= 1, "unlocated: {d}");
        assert!(d.line <= lines, "line past the end ({lines} lines): {d}");
        assert!(!d.message.is_empty(), "empty message: {d}");
        assert!(
            !d.message.contains(['\n', '\r']),
            "multi-line message: {d:?}"
        );
        assert!(
            d.message.len() <= 1024,
            "runaway message: {} bytes",
            d.message.len()
        );
    }
    if loaded.objects.is_empty() {
        assert!(
            !loaded.diagnostics.is_empty(),
            "no objects and no diagnostics for {:?}",
            &text[..text.len().min(80)]
        );
    }
}

fn first_error(text: &str) -> String {
    let loaded = load("h.yaml", text);
    assert_well_located(text, &loaded);
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .unwrap_or_else(|| panic!("no error for {:?}", &text[..text.len().min(80)]));
    format!("{}:{}: {}", d.line, d.column, d.message)
}

#[test]
fn malformed_yaml_is_a_located_syntax_error() {
    assert_eq!(
        first_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n"),
        "5:1: error converting YAML to JSON: yaml: while parsing a flow sequence, expected ',' or ']'"
    );
    let e = first_error("apiVersion: v1\nkind: Pod\nmetadata: name: x\n");
    assert!(e.starts_with("3:"), "{e}");
    assert!(e.contains("mapping values are not allowed"), "{e}");
    assert!(e.contains("(hint: check the indentation"), "{e}");
    assert_eq!(
        first_error("key: \"unterminated\n"),
        "1:6: error converting YAML to JSON: yaml: while scanning a quoted scalar, found unexpected end of stream"
    );
}

#[test]
fn documents_of_the_wrong_shape_are_refused() {
    assert_eq!(
        first_error("just a string\n"),
        "1:1: error validating data: the document must be an object with apiVersion and kind, found string \"just a string\""
    );
    assert_eq!(
        first_error("- a\n- b\n"),
        "1:1: error validating data: the document must be an object with apiVersion and kind, found array \"array\""
    );
    assert_eq!(
        first_error("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: many\n"),
        "4:7: spec: Invalid value: \"many\": spec in body must be of type object"
    );
    assert_eq!(
        first_error("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers: {name: c}\n"),
        "5:15: spec.containers: Invalid value: \"object\": spec.containers in body must be of type array"
    );
    assert_eq!(
        first_error("apiVersion: [v1]\nkind: Pod\n"),
        "1:13: apiVersion: Invalid value: \"array\": apiVersion in body must be of type string"
    );
}

#[test]
fn non_string_keys_are_refused() {
    let e = first_error(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  labels:\n    ? [a, b]\n    : c\n",
    );
    assert_eq!(e, "6:7: metadata.labels: keys must be strings");
}

#[test]
fn negative_huge_and_fractional_replicas_are_refused() {
    let deploy = |replicas: &str| {
        format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: w}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{a: b}}}}\n  template:\n    metadata: {{labels: {{a: b}}}}\n    spec: {{containers: [{{name: c, image: i}}]}}\n"
        )
    };
    assert_eq!(
        first_error(&deploy("-5")),
        "5:13: spec.replicas: Invalid value: -5: must be greater than or equal to 0"
    );
    assert_eq!(
        first_error(&deploy("99999999999999999999999999999999999999999999")),
        "5:13: spec.replicas: Invalid value: \"99999999999999999999999999999999999999999999\": spec.replicas in body must be of type int32 (at most 2147483647)"
    );
    assert_eq!(
        first_error(&deploy("-2147483649")),
        "5:13: spec.replicas: Invalid value: \"-2147483649\": spec.replicas in body must be of type int32 (at most 2147483647)"
    );
    assert_eq!(
        first_error(&deploy("1e10")),
        "5:13: spec.replicas: Invalid value: \"1e10\": spec.replicas in body must be of type integer"
    );
    assert_eq!(
        first_error(&deploy(".inf")),
        "5:13: spec.replicas: Invalid value: \".inf\": spec.replicas in body must be of type integer"
    );
    assert_eq!(
        first_error(&deploy("{a: 1}")),
        "5:13: spec.replicas: Invalid value: \"object\": spec.replicas in body must be of type integer"
    );
}

fn billion_laughs(levels: usize) -> String {
    let mut s =
        String::from("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: lol}\ndata:\n");
    s.push_str("  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..levels {
        let p = i - 1;
        s.push_str(&format!(
            "  a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    s
}

#[test]
fn a_yaml_bomb_is_refused_at_the_alias_that_crosses_the_node_budget() {
    let bomb = billion_laughs(10);
    let loaded = load("bomb.yaml", &bomb);
    assert!(loaded.objects.is_empty());
    assert_eq!(loaded.diagnostics.len(), 1, "{:#?}", loaded.diagnostics);
    let d = &loaded.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(
        d.message,
        format!(
            "this alias would expand the document past {} nodes; refusing to expand it (is this a YAML bomb?)",
            bounds::NODES_MAX
        )
    );
    // Level a3 expands to 11 111 nodes: the 9th alias of it on line a4 crosses 100 000.
    assert_eq!(d.line, 9, "{d}");
    assert!(d.column > 10, "{d}");
}

#[test]
fn a_small_alias_tree_under_the_budget_is_expanded() {
    // Three levels: 1 111 nodes in all, well within the budget; ServiceAccount is only warned.
    let loaded = load("ok.yaml", &billion_laughs(3));
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
}

#[test]
fn a_cyclic_or_foreign_alias_is_an_unknown_anchor() {
    assert_eq!(
        first_error("a: &x [1, *x]\n"),
        "1:11: error converting YAML to JSON: yaml: unknown anchor 'x' referenced (hint: an alias must come after its anchor's node in the same document; anchors do not cross ---)"
    );
    assert_eq!(
        first_error("a: &x 1\n---\nb: *x\n"),
        "3:4: error converting YAML to JSON: yaml: unknown anchor 'x' referenced (hint: an alias must come after its anchor's node in the same document; anchors do not cross ---)"
    );
    let e = first_error("a: *nowhere\n");
    assert!(e.starts_with("1:4: "), "{e}");
}

fn assert_depth_refused(text: &str, expected_line: usize) {
    let loaded = load("deep.yaml", text);
    assert_well_located(text, &loaded);
    assert_eq!(loaded.diagnostics.len(), 1, "{:#?}", loaded.diagnostics);
    let d = &loaded.diagnostics[0];
    assert_eq!(
        d.message,
        format!(
            "nesting is deeper than the limit of {} levels",
            bounds::DEPTH_MAX
        ),
        "{d}"
    );
    assert_eq!(d.line, expected_line, "{d}");
}

#[test]
fn hundred_thousand_deep_flow_nesting_is_refused_without_recursion() {
    assert_depth_refused(&"[".repeat(100_000), 1);
    assert_depth_refused(
        &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        1,
    );
    assert_depth_refused(&"{a: ".repeat(100_000), 1);
}

#[test]
fn hundred_thousand_deep_block_nesting_is_refused_without_recursion() {
    // `- - - - x`: one block sequence per "- ", all on one line.
    assert_depth_refused(&format!("{}x\n", "- ".repeat(100_000)), 1);
    // Indented mappings, as deep as fit in the size bound.
    let mut text = String::new();
    for depth in 0..1_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str("a:\n");
    }
    assert_depth_refused(&text, bounds::DEPTH_MAX + 1);
    // Indented mappings 100 000 deep exceed the size bound first.
    let mut huge = String::new();
    for depth in 0..100_000usize {
        if huge.len() > bounds::INPUT_MAX_BYTES {
            break;
        }
        huge.push_str(&" ".repeat(depth));
        huge.push_str("a:\n");
    }
    assert!(first_error(&huge).starts_with("1:1: the file is"));
}

#[test]
fn a_file_over_the_size_bound_is_refused_before_parsing() {
    let text = format!("# {}\n", "x".repeat(bounds::INPUT_MAX_BYTES));
    assert_eq!(
        first_error(&text),
        format!(
            "1:1: the file is {} bytes, larger than the limit of {} bytes (1 MiB); split it into several files",
            text.len(),
            bounds::INPUT_MAX_BYTES
        )
    );
}

#[test]
fn too_many_nodes_documents_or_bytes_in_a_string_are_refused() {
    let wide = format!("[{}0]", "0,".repeat(bounds::NODES_MAX));
    assert_eq!(
        first_error(&wide),
        format!(
            "1:{}: the file has more than {} nodes",
            2 * bounds::NODES_MAX,
            bounds::NODES_MAX
        )
    );
    let docs = "---\na: 1\n".repeat(bounds::DOCUMENTS_MAX + 1);
    assert_eq!(
        first_error(&docs),
        format!(
            "{}:1: too many documents: at most {} per file",
            2 * bounds::DOCUMENTS_MAX + 1,
            bounds::DOCUMENTS_MAX
        )
    );
    let long = format!("a: {}\n", "x".repeat(bounds::SCALAR_LEN_MAX_BYTES + 1));
    assert_eq!(
        first_error(&long),
        format!(
            "1:4: string of {} bytes is longer than the limit of {} bytes",
            bounds::SCALAR_LEN_MAX_BYTES + 1,
            bounds::SCALAR_LEN_MAX_BYTES
        )
    );
}

#[test]
fn a_mapping_with_thousands_of_unknown_keys_reports_a_bounded_list() {
    let mut text = String::from("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n");
    for i in 0..20_000 {
        text.push_str(&format!("k{i}: 1\n"));
    }
    let loaded = load("many.yaml", &text);
    assert_well_located(&text, &loaded);
    assert!(
        loaded.diagnostics.len() <= 201,
        "{}",
        loaded.diagnostics.len()
    );
    assert_eq!(
        loaded.diagnostics[0].message,
        "strict decoding error: unknown field \"k0\""
    );
}

#[test]
fn an_empty_file_is_an_error_not_a_panic() {
    assert_eq!(
        first_error(""),
        "1:1: no objects passed to apply (the file has no YAML or JSON documents)"
    );
    assert_eq!(
        first_error("\u{feff}"),
        "1:1: no objects passed to apply (the file has no YAML or JSON documents)"
    );
}

#[test]
fn control_characters_and_binary_garbage_are_located_errors() {
    for text in [
        "\u{0}\u{1}\u{2}\u{3}",
        "apiVersion: v1\nkind: Pod\u{7}\n",
        "\u{fffd}\u{fffd}PNG\r\n\u{1a}\n",
        "\t\tkind: Pod",
        "%YAML 9.9\n--- a\n",
        "!!binary aGVsbG8=\n",
        "@@@",
        "`",
        "key: \u{1b}[31mred\n",
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"a\\nb\\u0007\"\n",
    ] {
        let loaded = load("bin.yaml", text);
        assert_well_located(text, &loaded);
        assert!(loaded.has_errors(), "no error for {text:?}");
    }
}

#[test]
fn crlf_line_endings_and_unicode_columns_work() {
    let text = "apiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  labels: {\u{e9}t\u{e9}: x}\r\n  name: \u{1f600}\r\n";
    let loaded = load("u.yaml", text);
    let errs: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}", d.line, d.column))
        .collect();
    // The label key is not ASCII; the name is not a DNS label. Columns count characters.
    assert_eq!(errs, ["4:12", "5:9"], "{:#?}", loaded.diagnostics);
}

/// A small deterministic generator (xorshift64*), so failures replay from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SEED: u64 = 0x5eed_5eed_1234_5678;

#[test]
fn random_bytes_never_panic_and_always_locate_their_diagnostics() {
    let mut rng = Rng(SEED);
    for iteration in 0..3_000 {
        let len = rng.below(300);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let loaded = load("r.yaml", &text);
        assert!(
            loaded.has_errors() || !loaded.objects.is_empty() || !loaded.diagnostics.is_empty(),
            "seed {SEED:#x} iteration {iteration}: nothing reported"
        );
        assert_well_located(&text, &loaded);
    }
}

#[test]
fn random_yaml_token_soup_never_panics() {
    const TOKENS: &[&str] = &[
        "apiVersion: apps/v1\n",
        "kind: Deployment\n",
        "kind: Pod\n",
        "apiVersion: v1\n",
        "metadata:\n",
        "  name: web\n",
        "spec:\n",
        "  replicas: 3\n",
        "  selector:\n",
        "    matchLabels: {app: web}\n",
        "  template:\n",
        "containers:\n",
        "- name: c\n",
        "  image: nginx\n",
        "- ",
        "  ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&a ",
        "*a",
        "<<: ",
        "\"",
        "'",
        "#",
        "---\n",
        "...\n",
        "\n",
        "\t",
        "?",
        "|\n",
        ">-\n",
        "!!str ",
        "!tag ",
        "%YAML 1.2\n",
        "~",
        "null",
        "-1",
        "1e9",
        "250m",
        "\u{1f600}",
        "\r\n",
    ];
    let mut rng = Rng(SEED ^ 0xfeed);
    for iteration in 0..5_000 {
        let count = rng.below(60);
        let text: String = (0..count)
            .map(|_| TOKENS[rng.below(TOKENS.len())])
            .collect();
        let loaded = load("soup.yaml", &text);
        if loaded.objects.is_empty() {
            assert!(
                !loaded.diagnostics.is_empty(),
                "seed {SEED:#x} iteration {iteration}: {text:?}"
            );
        }
        assert_well_located(&text, &loaded);
    }
}

#[test]
fn mutated_valid_manifests_never_panic() {
    let base = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.14.2\n          ports: [{containerPort: 80, name: http}]\n          resources:\n            requests: {cpu: 100m, memory: 64Mi}\n            limits: {memory: 128Mi}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n";
    assert!(!load("m.yaml", base).has_errors());
    let mut rng = Rng(SEED ^ 0xabcd);
    let mut valid_after_mutation = 0;
    for iteration in 0..3_000 {
        let mut bytes = base.as_bytes().to_vec();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(bytes.len());
            match rng.below(4) {
                0 => {
                    const NOISE: &[u8] = b" :-[]{}\n\t#&*0a";
                    bytes[i] = NOISE[rng.below(NOISE.len())];
                }
                1 => {
                    bytes.remove(i);
                }
                2 => bytes.insert(i, b"-: \n9"[rng.below(5)]),
                _ => bytes.truncate(i),
            }
            if bytes.is_empty() {
                break;
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let loaded = load("m.yaml", &text);
        if !loaded.has_errors() {
            valid_after_mutation += 1;
        }
        if loaded.objects.is_empty() {
            assert!(
                !loaded.diagnostics.is_empty(),
                "seed {SEED:#x} iteration {iteration}: {text:?}"
            );
        }
        assert_well_located(&text, &loaded);
    }
    // The mutations must exercise both paths, or this test is not testing much.
    assert!(valid_after_mutation > 0 && valid_after_mutation < 3_000);
}

#[test]
fn user_text_in_messages_is_escaped_onto_one_line() {
    assert_eq!(
        first_error("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"a\\nb\\u0007\\\"\"\n"),
        "4:9: metadata.name: Invalid value: \"a\\nb\\u0007\\\"\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
    assert_eq!(
        first_error("apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n\"bad\\nkey\": 1\n"),
        "4:1: strict decoding error: unknown field \"bad\\nkey\""
    );
}
