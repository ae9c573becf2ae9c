//! Share links: both versions round-trip, old links open, new links are short, and hostile
//! links (damaged, truncated, bit-flipped, zip bombs) are refused with a message, never a panic.

use super::*;
use crate::session::Session;
use sunaba_core::sim::ecs_status::StopCode;

/// The hand-written codec against the `base64` crate's `URL_SAFE_NO_PAD` (which the links
/// were written with before): same text out, and for any input the same bytes or the same
/// error message.
#[test]
fn base64url_matches_the_base64_crate() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine as _;
    let mut seed = 11u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for len in 0..40 {
        let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        let ours = super::base64url::encode(&bytes);
        assert_eq!(ours, URL_SAFE_NO_PAD.encode(&bytes), "{bytes:?}");
        assert_eq!(super::base64url::decode(&ours), Ok(bytes));
    }
    // Damaged texts: valid symbols mixed with `=`, standard-alphabet and stray bytes.
    let symbols = b"AQgw_-9zZ=+/ \n%.";
    let mut texts: Vec<String> = ["", "=", "A", "AA", "AAA", "AAAA", "AB", "AR", "ABC", "ABD"]
        .iter()
        .map(|t| t.to_string())
        .collect();
    for _ in 0..5000 {
        let len = next() % 14;
        texts.push(
            (0..len)
                .map(|_| char::from(symbols[next() % symbols.len()]))
                .collect(),
        );
    }
    for text in &texts {
        let theirs = URL_SAFE_NO_PAD.decode(text).map_err(|e| e.to_string());
        assert_eq!(super::base64url::decode(text), theirs, "{text:?}");
    }
}

fn sample() -> Shared {
    let text: Rc<str> = Rc::from("apiVersion: apps/v1\nkind: Deployment # 砂場\n");
    Shared {
        origin: Origin {
            seed: 42,
            setup: vec!["sim nodes 5 --cpu 4".into()],
        },
        editor: "kind: Pod\n<script>alert(1)</script>".into(),
        journal: vec![
            JournalEntry {
                at_ms: 0,
                command: "kubectl apply -f editor.yaml".into(),
                editor: Some(text.clone()),
            },
            JournalEntry {
                at_ms: 1_500,
                command: "sim kill web-1".into(),
                editor: None,
            },
            JournalEntry {
                at_ms: 9_000,
                command: "kubectl apply -f editor.yaml".into(),
                editor: Some(text),
            },
        ],
        at_ms: 12_345,
        lang: Some(Lang::Ja),
    }
}

/// The JSON inside a version 2 link.
fn inflated(link: &str) -> v2::Wire {
    let packed = super::base64url::decode(link.split_once('.').unwrap().1).unwrap();
    let json = v2::inflate_bounded(&packed, UNPACKED_MAX_BYTES).unwrap();
    serde_json::from_slice(&json).unwrap()
}

fn v2_link(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 6);
    format!("share=2.{}", super::base64url::encode(&packed))
}

/// An ECS session (task definition and service applied from the editor, a task crashed)
/// reopens from its link to the very same tasks, ids and stopped reasons.
#[test]
fn an_ecs_session_reopens_identically_from_its_link() {
    let task = include_str!("../../../../www/examples/ecs/api-ec2.task.json");
    let service = include_str!("../../../../www/examples/ecs/api.service.json");
    let a = Session::new(9, task);
    a.apply_editor().expect("register");
    a.set_editor(service);
    a.apply_editor().expect("create-service");
    a.advance_by(40_000);
    a.run("sim crash --service api -c api --exit-code 3")
        .expect("crash");
    a.advance_by(20_000);
    let link = encode(&capture(&a, Some(Lang::En)));
    let shared = decode(&link).expect("decodes");
    assert_eq!(shared.lang, Some(Lang::En));
    let b = Session::new(1, "");
    b.load(shared.origin, shared.journal, shared.at_ms);
    let (va, vb) = (a.cluster_view(), b.cluster_view());
    assert_eq!(va.ecs, vb.ecs);
    assert!(va
        .ecs
        .tasks
        .iter()
        .any(|t| t.stop_code == Some(StopCode::EssentialContainerExited)));
}

#[test]
fn a_link_round_trips_with_its_language_and_stores_each_text_once() {
    let link = encode(&sample());
    assert!(link.starts_with("share=2."));
    assert!(
        link.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=._-".contains(&b)),
        "{link}"
    );
    assert_eq!(decode(&link), Ok(sample()));
    assert_eq!(
        decode(&format!("https://example.org/x#{link}")),
        Ok(sample())
    );
    let wire = inflated(&link);
    assert_eq!(wire.texts.len(), 2, "the editor's text and the applied one");
    assert_eq!(wire.lang.as_deref(), Some("ja"));
    // The editor holding what was applied: one text for both.
    let mut same = sample();
    same.editor = same.journal[0].editor.as_deref().unwrap().to_owned();
    same.lang = None;
    let link = encode(&same);
    assert_eq!(inflated(&link).texts.len(), 1);
    assert_eq!(decode(&link), Ok(same));
}

/// Links written before version 2 open to the same state (they carry no language).
#[test]
fn version_1_links_still_open() {
    let mut old = sample();
    old.lang = None;
    assert_eq!(decode(&v1::encode(&old)), Ok(old));
    // A link as the playground wrote it then, byte for byte.
    let written = "share=1.eyJzZWVkIjo0Miwic2V0dXAiOlsic2ltIG5vZGVzIDIgLS1jcHUgNCJdLCJlZGl0b3IiOiJraW5kOiBQb2RcbiIsImF0Ijo1MDAwLCJ0ZXh0cyI6WyJraW5kOiBQb2RcbiJdLCJsb2ciOltbMCwia3ViZWN0bCBhcHBseSAtZiBlZGl0b3IueWFtbCIsMF0sWzE1MDAsInNpbSBraWxsIHdlYi0xIixudWxsXV19";
    let shared = decode(written).expect("a version 1 link opens");
    assert_eq!(shared.origin.seed, 42);
    assert_eq!(shared.origin.setup, vec!["sim nodes 2 --cpu 4".to_owned()]);
    assert_eq!(shared.editor, "kind: Pod\n");
    assert_eq!(shared.at_ms, 5_000);
    assert_eq!(shared.journal.len(), 2);
    assert_eq!(shared.journal[0].editor.as_deref(), Some("kind: Pod\n"));
    assert_eq!(shared.lang, None);
}

/// The link of a playground that applied `text` (seed 1, in Japanese: the longest case).
fn playground_link(text: &str) -> (String, String) {
    let session = Session::new(1, text);
    let _ = session.apply_editor();
    session.advance_by(30_000);
    let shared = capture(&session, Some(Lang::Ja));
    (encode(&shared), v1::encode(&shared))
}

/// A whole URL is the page's address plus the fragment: leave room for a workshop's host.
const URL_ROOM: usize = 64;
const SHORT_LINK_MAX: usize = 1000;

/// The default example's link, and a playground link after applying each exercise's editor
/// file (its start state, as a learner would share it), fit on a slide or in a QR code.
#[test]
fn the_default_example_and_every_exercise_start_make_links_under_1000_characters() {
    let (link, old) = playground_link(crate::example::DEFAULT_DEFINITION);
    eprintln!(
        "default example: {} characters (version 1: {})",
        link.len(),
        old.len()
    );
    assert!(link.len() + URL_ROOM < SHORT_LINK_MAX, "{}", link.len());
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/exercises");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("www/exercises")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .filter(|p| p.file_name().is_some_and(|n| n != "course.yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        let exercise = sunaba_core::lessons::exercise::parse::parse(&source)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let start = &exercise.start;
        let text = start
            .editor
            .as_ref()
            .and_then(|f| start.files.get(f))
            .or_else(|| start.files.values().next())
            .cloned()
            .unwrap_or_default();
        let (link, old) = playground_link(&text);
        eprintln!(
            "{}: {} characters (version 1: {})",
            exercise.id,
            link.len(),
            old.len()
        );
        assert!(
            link.len() + URL_ROOM < SHORT_LINK_MAX,
            "{}: {} characters",
            exercise.id,
            link.len()
        );
    }
}

#[test]
fn hostile_links_are_refused_with_a_message() {
    let b64 = |json: &str| format!("share=1.{}", super::base64url::encode(json.as_bytes()));
    let good = encode(&sample());
    let payload = good.split_once('.').unwrap().1;
    let packed = super::base64url::decode(payload).unwrap();
    let mut bad_sum = packed.clone();
    let last = bad_sum.len() - 1;
    bad_sum[last] ^= 1;
    let mut trailing = packed.clone();
    trailing.extend_from_slice(b"xyz");
    let packed_link = |bytes: &[u8]| format!("share=2.{}", super::base64url::encode(bytes));
    let cases: Vec<(String, &str)> = vec![
        ("".into(), "not a Sunaba share link"),
        ("#share=".into(), "not a Sunaba share link"),
        ("share=3.e30".into(), "format version \"3\""),
        ("share=1.%%%".into(), "damaged"),
        ("share=2.%%%".into(), "damaged"),
        (b64("{}"), "missing field"),
        (b64("[1,2,3]"), "not valid"),
        (b64(r#"{"seed":-1,"editor":"","at":0}"#), "not valid"),
        (
            b64(r#"{"seed":1,"editor":"","at":0,"evil":1}"#),
            "unknown field",
        ),
        (
            b64(r#"{"seed":1,"editor":"","at":99999999999999}"#),
            "too much",
        ),
        (
            b64(r#"{"seed":1,"editor":"","at":0,"log":[[5,"a",null],[4,"b",null]]}"#),
            "before the one",
        ),
        (
            b64(r#"{"seed":1,"editor":"","at":0,"log":[[5,"a",3]]}"#),
            "missing",
        ),
        (
            b64(r#"{"seed":1,"editor":"","at":0,"log":[[5,"a\nb",null]]}"#),
            "spans lines",
        ),
        (
            format!("share=1.{}", "A".repeat(LINK_MAX_CHARS + 1)),
            "characters long",
        ),
        (
            b64(&format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000))),
            "not valid",
        ),
        // Version 2: the same strictness inside the compressed JSON, and damage to the packing.
        (v2_link("{}"), "missing field"),
        (
            v2_link(r#"{"seed":1,"at":0,"texts":[],"editor":0}"#),
            "the editor refers to text 0",
        ),
        (
            v2_link(r#"{"seed":1,"at":0,"texts":[""],"editor":0,"lang":"fr"}"#),
            "the language \"fr\"",
        ),
        (
            v2_link(r#"{"seed":1,"at":0,"texts":[""],"editor":0,"x":1}"#),
            "unknown field",
        ),
        (
            v2_link(r#"{"seed":1,"at":0,"texts":[""],"editor":0,"log":[[1,"a",7]]}"#),
            "command 1 refers to text 7",
        ),
        (packed_link(&bad_sum), "checksum"),
        (packed_link(&trailing), "follow the end"),
        (packed_link(&packed[..packed.len() / 2]), "cut short"),
        (packed_link(b""), "damaged"),
        (packed_link(&[0xff; 40]), "damaged"),
        // Uncompressed JSON where zlib is expected.
        (format!("share=2.{}", &b64("{}")[8..]), "damaged"),
    ];
    for (link, expected) in cases {
        let err = decode(&link).expect_err(&link[..link.len().min(60)]);
        assert!(err.to_string().contains(expected), "{link:.60}: {err}");
    }
    let many = format!(
        r#"{{"seed":1,"editor":"","at":0,"log":[{}]}}"#,
        vec![r#"[0,"x",null]"#; JOURNAL_MAX + 1].join(",")
    );
    assert!(matches!(decode(&b64(&many)), Err(ShareError::Bound(_))));
}

/// A few kilobytes that unpack to far more than the bound stop at the bound: the work and the
/// memory are those of [`UNPACKED_MAX_BYTES`], whatever the link claims.
#[test]
fn zip_bombs_stop_at_the_unpacked_bound() {
    let zeros = vec![b' '; 64 * 1024 * 1024];
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 1);
    let link = format!("share=2.{}", super::base64url::encode(&packed));
    assert!(link.len() < LINK_MAX_CHARS, "{}", link.len());
    let err = decode(&link).expect_err("a bomb");
    assert!(matches!(err, ShareError::Bound(_)), "{err}");
    assert!(err.to_string().contains("unpacks to more than"), "{err}");
    // JSON bombs inside the bound: one huge text, and one text applied over and over.
    let huge = format!(
        r#"{{"seed":1,"at":0,"texts":["{}"],"editor":0}}"#,
        "a".repeat(TEXT_MAX_BYTES + 1)
    );
    let err = decode(&v2_link(&huge)).expect_err("a huge text");
    assert!(err.to_string().contains("a text over"), "{err}");
    let applies = [r#"[0,"kubectl apply -f editor.yaml",0]"#; 20].join(",");
    let replayed = format!(
        r#"{{"seed":1,"at":0,"texts":["{}"],"editor":0,"log":[{applies}]}}"#,
        "a".repeat(TEXT_MAX_BYTES)
    );
    let err = decode(&v2_link(&replayed)).expect_err("re-applied text");
    assert!(err.to_string().contains("bytes of text in all"), "{err}");
}

/// A small deterministic fuzz: every prefix, every character changed to each other base64
/// symbol, and every bit of the packed bytes flipped, in both versions, decodes or errs.
#[test]
fn truncated_and_bit_flipped_links_never_panic() {
    let mut old = sample();
    old.lang = None;
    let symbols = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for link in [encode(&sample()), v1::encode(&old)] {
        for cut in 0..link.len() {
            let _ = decode(&link[..cut]);
        }
        let bytes = link.as_bytes();
        for i in 8..bytes.len() {
            for &s in symbols.iter().step_by(7) {
                let mut b = bytes.to_vec();
                b[i] = s;
                if let Ok(s) = String::from_utf8(b) {
                    let _ = decode(&s);
                }
            }
        }
        let packed = super::base64url::decode(link.split_once('.').unwrap().1).unwrap();
        let prefix = &link[..8];
        let mut opened = 0;
        for i in 0..packed.len() * 8 {
            let mut b = packed.clone();
            b[i / 8] ^= 1 << (i % 8);
            if decode(&format!("{prefix}{}", super::base64url::encode(&b))).is_ok() {
                opened += 1;
            }
        }
        eprintln!(
            "{prefix}: {opened} of {} bit flips still open",
            packed.len() * 8
        );
    }
    // A version 2 link is checksummed: no single bit flip opens a changed playground (a flip
    // in the padding bits after deflate's last block changes nothing, and opens the same).
    let packed = super::base64url::decode(encode(&sample()).split_once('.').unwrap().1).unwrap();
    for i in 0..packed.len() * 8 {
        let mut b = packed.clone();
        b[i / 8] ^= 1 << (i % 8);
        let link = format!("share=2.{}", super::base64url::encode(&b));
        if let Ok(opened) = decode(&link) {
            assert_eq!(
                opened,
                sample(),
                "bit {i} flipped opens a changed playground"
            );
        }
    }
}

/// Found by the share fuzz target: serde quotes an unknown field's name whole, so a link
/// naming a field of thousands of characters made a refusal of as many.
#[test]
fn a_refusal_quotes_at_most_a_bounded_detail() {
    let name = format!("x{}\\ny", "z".repeat(5_000));
    let link = v2_link(&format!("{{\"{name}\": 1}}"));
    let err = decode(&link).unwrap_err().to_string();
    assert!(
        err.chars().count() < DETAIL_MAX_CHARS + 200,
        "{} chars",
        err.chars().count()
    );
    assert!(!err.contains('\n'), "{err}");
    assert!(err.contains('…'), "{err}");
}
