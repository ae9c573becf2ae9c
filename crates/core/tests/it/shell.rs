//! The container shell: each construct read and run (what it prints, its exit status and
//! when), syntax errors in busybox's words, and the bounds (a loop that never sleeps is cut
//! off with a message, not a hang).

use sunaba_core::sim::runtime::shell::{self, parse, Answer, Context, End, Net, NoNet, Query};

fn ctx() -> Context {
    Context {
        env: vec![
            ("PATH".into(), "/bin".into()),
            ("HOSTNAME".into(), "web-1".into()),
            ("GREETING".into(), "hello".into()),
        ],
        files: vec![(
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace".into(),
            "default".into(),
        )],
        start_ms: 0,
        old_nslookup: true,
        has_curl: false,
    }
}

/// Output lines joined, and how the script ended, run to a far horizon.
fn run(script: &str) -> (String, End) {
    run_with(script, &mut NoNet)
}

fn run_with(script: &str, net: &mut dyn Net) -> (String, End) {
    let t = shell::run(script, &ctx(), net, 3_600_000);
    let out: Vec<String> = t.lines.iter().map(|(_, l)| l.clone()).collect();
    (out.join("\n"), t.end)
}

fn exited(code: i32) -> End {
    End::Exited { at_ms: 0, code }
}

#[test]
fn each_construct_prints_and_exits_as_sh_does() {
    let cases: &[(&str, &str, i32)] = &[
        ("echo a; echo b", "a\nb", 0),
        ("echo a\necho b", "a\nb", 0),
        ("true && echo yes || echo no", "yes", 0),
        ("false && echo yes || echo no", "no", 0),
        ("! false && echo negated", "negated", 0),
        ("false; echo $?", "1", 0),
        ("echo $$", "1", 0),
        (
            "echo $HOSTNAME ${GREETING} ${MISSING:-fallback} ${GREETING:+set}",
            "web-1 hello fallback set",
            0,
        ),
        ("X=1; X=$((X + 41)); echo $X", "42", 0),
        ("echo \"a  b\" 'c  $X' d\\ e", "a  b c  $X d e", 0),
        ("echo $(echo inner) `echo back`", "inner back", 0),
        ("V=\"x y\"; for w in $V; do echo [$w]; done", "[x]\n[y]", 0),
        ("for i in 1 2 3; do echo $i; done", "1\n2\n3", 0),
        (
            "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i",
            "3",
            0,
        ),
        (
            "i=0; until [ $i -ge 2 ]; do i=$((i+1)); echo $i; done",
            "1\n2",
            0,
        ),
        (
            "if false; then echo a; elif true; then echo b; else echo c; fi",
            "b",
            0,
        ),
        (
            "case web-1 in db*) echo db;; web*|api*) echo web;; *) echo other;; esac",
            "web",
            0,
        ),
        ("{ echo in group; }; (exit 3); echo $?", "in group\n3", 0),
        ("printf '%s=%d\\n' a 1 b 2", "a=1\nb=2", 0),
        (
            "echo hi > /tmp/f; echo there >> /tmp/f; cat /tmp/f",
            "hi\nthere",
            0,
        ),
        ("echo hidden > /dev/null; echo shown", "shown", 0),
        ("echo to-stderr >&2", "to-stderr", 0),
        ("cat /nope 2>&1 | grep -c open", "1", 0),
        ("printf 'a\\nb\\nc\\n' | grep -v b | wc -l", "2", 0),
        ("seq 3 | tail -n 1", "3", 0),
        ("seq 5 | head -2", "1\n2", 0),
        ("expr 2 + 3", "5", 0),
        ("test -f /tmp/x || echo missing", "missing", 0),
        (
            "touch /tmp/x; [ -f /tmp/x ] && echo present; rm /tmp/x; ls /tmp/x",
            "present\nls: /tmp/x: No such file or directory",
            1,
        ),
        (
            "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace",
            "default",
            0,
        ),
        (
            "echo $(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc",
            "default.svc",
            0,
        ),
        ("env | grep GREETING", "GREETING=hello", 0),
        ("export NEW=1; printenv NEW", "1", 0),
        ("hostname", "web-1", 0),
        ("date", "Sat Nov 28 10:00:00 UTC 2026", 0),
        ("nosuch", "sh: nosuch: not found", 127),
        ("exit 7; echo never", "", 7),
        ("sh -c 'echo nested; exit 4'; echo $?", "nested\n4", 0),
        ("while true; do break; done; echo out", "out", 0),
        (
            "read L < /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo got $L",
            "got default",
            0,
        ),
    ];
    for (script, out, code) in cases {
        let (got, end) = run(script);
        assert_eq!(got, *out, "output of {script:?}");
        match end {
            End::Exited { code: c, .. } => assert_eq!(c, *code, "status of {script:?}"),
            other => panic!("{script:?} ended {other:?}"),
        }
    }
}

#[test]
fn syntax_errors_are_busybox_words_and_exit_2() {
    for (script, message) in [
        (
            "if true; then echo x",
            "sh: syntax error: unexpected end of file",
        ),
        ("echo 'open", "sh: syntax error: unterminated quoted string"),
        ("fi", "sh: syntax error: unexpected \"fi\""),
        (
            "while true; do done",
            "sh: syntax error: unexpected \"done\"",
        ),
    ] {
        let (out, end) = run(script);
        assert_eq!(out, message, "{script:?}");
        assert_eq!(end, exited(2), "{script:?}");
    }
    assert!(parse::parse("until nslookup x; do echo w; sleep 2; done").is_ok());
}

#[test]
fn sleep_moves_time_and_lines_keep_their_moment() {
    let t = shell::run(
        "echo a; sleep 2; echo b; sleep 1.5; exit 3",
        &ctx(),
        &mut NoNet,
        3_600_000,
    );
    assert_eq!(
        t.lines,
        vec![(0, "a".to_string()), (2_000, "b".to_string())]
    );
    assert_eq!(
        t.end,
        End::Exited {
            at_ms: 3_500,
            code: 3
        }
    );
    // Up to a horizon: the script pauses at the sleep that crosses it.
    let t = shell::run("echo a; sleep 10; echo b", &ctx(), &mut NoNet, 5_000);
    assert_eq!(t.lines, vec![(0, "a".to_string())]);
    assert_eq!(t.end, End::Paused { until_ms: 10_000 });
    assert_eq!(run("sleep infinity").1, End::Forever);
    assert_eq!(run("tail -f /dev/null").1, End::Forever);
}

#[test]
fn files_have_a_timeline_for_probes() {
    let t = shell::run(
        "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600",
        &ctx(),
        &mut NoNet,
        3_600_000,
    );
    let has = |at| t.files_at(at).iter().any(|(p, _)| p == "/tmp/healthy");
    assert!(has(0) && has(29_999));
    assert!(!has(30_000) && !has(100_000));
    assert_eq!(
        t.end,
        End::Exited {
            at_ms: 630_000,
            code: 0
        }
    );
}

#[test]
fn a_loop_that_never_sleeps_is_cut_off_with_a_message() {
    let (out, end) = run("while true; do :; done");
    assert_eq!(end, End::Forever);
    assert!(out.contains("without sleeping"), "{out}");
    // Sleeping loops are not cut off by the busy-loop bound (up to the horizon).
    let t = shell::run(
        "while true; do echo tick; sleep 1; done",
        &ctx(),
        &mut NoNet,
        20_000,
    );
    assert_eq!(t.lines.len(), 21);
    assert_eq!(t.end, End::Paused { until_ms: 21_000 });
    // Deep nesting and huge scripts are refused, not overflowing the stack.
    let deep = format!("{}true{}", "$(".repeat(100), ")".repeat(100));
    assert!(run(&deep).0.contains("nesting"));
    let big = "echo x;".repeat(5_000);
    assert!(run(&big).0.contains("too long"));
    // A script that runs itself through a variable stops at a depth, not the stack's end.
    let (out, _) = run("X='sh -c \"$X\"'; sh -c \"$X\"");
    assert!(out.contains("too many nested shells"), "{out}");
}

/// A network where `myservice` exists only from 7 s on.
struct Appears;

impl Net for Appears {
    fn ask(&mut self, at_ms: u64, q: &Query) -> Answer {
        match q {
            Query::Resolve(name) if name.starts_with("myservice") && at_ms >= 7_000 => {
                let fqdn = "myservice.default.svc.cluster.local".to_string();
                Answer::Resolved(Some((fqdn.clone(), vec![("10.96.0.3".into(), fqdn)])))
            }
            Query::Resolve(_) => Answer::Resolved(None),
            Query::Get { .. } => Answer::BadAddress,
        }
    }
}

#[test]
fn until_nslookup_waits_for_the_service() {
    let script = "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done";
    let t = shell::run(script, &ctx(), &mut Appears, 3_600_000);
    // Asked at 0, 2, 4, 6 s (not there), found at 8 s.
    assert_eq!(
        t.end,
        End::Exited {
            at_ms: 8_000,
            code: 0
        }
    );
    let text: Vec<&str> = t.lines.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        text[..5],
        [
            "Server:    10.96.0.10",
            "Address 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local",
            "",
            "nslookup: can't resolve 'myservice.default.svc.cluster.local'",
            "waiting for myservice",
        ]
    );
    assert_eq!(
        text[text.len() - 2..],
        [
            "Name:      myservice.default.svc.cluster.local",
            "Address 1: 10.96.0.3 myservice.default.svc.cluster.local",
        ]
    );
}
