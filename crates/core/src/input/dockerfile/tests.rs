//! The parser and evaluator against Dockerfiles written the ways people write them, BuildKit's
//! error wording, the bounds, and hostile input.

use std::collections::BTreeMap;

use super::*;

fn stages(text: &str) -> Result<Vec<Stage>, DockerfileError> {
    evaluate(&parse(text)?, &BTreeMap::new(), &|_| Vec::new())
}

fn steps(text: &str) -> Vec<StepKind> {
    stages(text)
        .unwrap()
        .into_iter()
        .flat_map(|s| s.steps)
        .map(|s| s.kind)
        .collect()
}

fn error(text: &str) -> String {
    stages(text).unwrap_err().docker_message()
}

#[test]
fn continuations_join_lines_and_skip_comments_inside() {
    let ins = parse("FROM busybox\nRUN echo a \\\n# a comment\n\n    && echo b\nCMD x\n").unwrap();
    assert_eq!(ins[1].rest, "echo a     && echo b");
    assert_eq!((ins[1].line, ins[1].end_line), (2, 5));
    assert_eq!(ins[2].line, 6);
}

#[test]
fn escape_directive_changes_the_continuation_character() {
    let ins = parse("# escape=`\nFROM busybox\nRUN echo a `\n  b\n").unwrap();
    assert_eq!(ins[1].rest, "echo a   b");
}

#[test]
fn exec_and_shell_forms() {
    let s = steps("FROM node:20-slim\nCMD [\"node\", \"server.js\"]\nENTRYPOINT node server.js\nRUN ['bad json']\n");
    assert_eq!(
        s[0],
        StepKind::Cmd(CommandForm::Exec(vec!["node".into(), "server.js".into()]))
    );
    assert_eq!(
        s[1],
        StepKind::Entrypoint(CommandForm::Shell("node server.js".into()))
    );
    // Not valid JSON: Docker runs it through the shell.
    assert_eq!(
        s[2],
        StepKind::Run(CommandForm::Shell("['bad json']".into()))
    );
}

#[test]
fn env_in_both_forms_with_quotes_and_substitution() {
    let s = steps(
        "FROM busybox\nENV A=1 B=\"two words\" C=${A}x\nENV LEGACY some value here\nENV D=$A$B\n",
    );
    assert_eq!(
        s[0],
        StepKind::Env(vec![
            ("A".into(), "1".into()),
            ("B".into(), "two words".into()),
            // Substitution sees the env before this instruction.
            ("C".into(), "x".into()),
        ])
    );
    assert_eq!(
        s[1],
        StepKind::Env(vec![("LEGACY".into(), "some value here".into())])
    );
    assert_eq!(s[2], StepKind::Env(vec![("D".into(), "1two words".into())]));
}

#[test]
fn arg_defaults_build_args_and_global_args_in_from() {
    let text = "ARG TAG=20-slim\nFROM node:${TAG}\nARG TAG\nARG PORT=8080\nEXPOSE $PORT\nWORKDIR /srv/${TAG:-none}\nRUN echo $PORT\nUSER ${MISSING:-app}\n";
    let st = stages(text).unwrap();
    assert_eq!(st[0].from, "node:20-slim");
    let kinds: Vec<_> = st[0].steps.iter().map(|s| s.kind.clone()).collect();
    assert_eq!(kinds[2], StepKind::Expose(vec![(8080, "tcp".into())]));
    assert_eq!(kinds[3], StepKind::Workdir("/srv/20-slim".into()));
    // RUN is left to the shell.
    assert_eq!(
        kinds[4],
        StepKind::Run(CommandForm::Shell("echo $PORT".into()))
    );
    assert_eq!(kinds[5], StepKind::User("app".into()));
    let args = BTreeMap::from([("TAG".to_string(), "18".to_string())]);
    let st = evaluate(&parse(text).unwrap(), &args, &|_| Vec::new()).unwrap();
    assert_eq!(st[0].from, "node:18");
}

#[test]
fn healthcheck_options_and_none() {
    let s = steps("FROM busybox\nHEALTHCHECK --interval=5s --timeout=2s --start-period=10s --retries=5 CMD wget -qO- localhost:8080/healthz\nHEALTHCHECK NONE\nHEALTHCHECK CMD [\"true\"]\n");
    assert_eq!(
        s[0],
        StepKind::Healthcheck(Some(Healthcheck {
            command: CommandForm::Shell("wget -qO- localhost:8080/healthz".into()),
            interval_ms: 5_000,
            timeout_ms: 2_000,
            start_period_ms: 10_000,
            retries: 5
        }))
    );
    assert_eq!(s[1], StepKind::Healthcheck(None));
    let StepKind::Healthcheck(Some(h)) = &s[2] else {
        panic!("{:?}", s[2])
    };
    assert_eq!(
        (h.interval_ms, h.timeout_ms, h.retries),
        (30_000, 30_000, 3)
    );
}

#[test]
fn copy_flags_json_form_and_multi_stage() {
    let st = stages("FROM node:20-slim AS build\nCOPY --chown=app:app package*.json ./\nFROM node:20-slim\nCOPY --from=build [\"/app/dist\", \"/srv\"]\nEXPOSE 8080/tcp 53/udp\n").unwrap();
    assert_eq!(st[0].name.as_deref(), Some("build"));
    assert_eq!(
        st[0].steps[0].kind,
        StepKind::Copy {
            add: false,
            sources: vec!["package*.json".into()],
            dest: "./".into(),
            from: None,
            chown: Some("app:app".into())
        }
    );
    assert_eq!(
        st[0].steps[0].created_by,
        "COPY --chown=app:app package*.json ./ # buildkit"
    );
    let StepKind::Copy { from, sources, .. } = &st[1].steps[0].kind else {
        panic!()
    };
    assert_eq!(
        (from.as_deref(), sources.as_slice()),
        (Some("build"), &["/app/dist".to_string()][..])
    );
    assert_eq!(
        st[1].steps[1].kind,
        StepKind::Expose(vec![(8080, "tcp".into()), (53, "udp".into())])
    );
}

#[test]
fn history_text_is_dockers() {
    let st =
        stages("FROM busybox\nCMD [\"node\",\"server.js\"]\nRUN npm ci\nEXPOSE 8080\n").unwrap();
    let by: Vec<&str> = st[0].steps.iter().map(|s| s.created_by.as_str()).collect();
    assert_eq!(
        by,
        [
            "CMD [\"node\" \"server.js\"]",
            "RUN /bin/sh -c npm ci # buildkit",
            "EXPOSE map[8080/tcp:{}]"
        ]
    );
}

#[test]
fn errors_are_located_and_worded_like_buildkit() {
    assert_eq!(
        error("FROM busybox\n\nFORM x\n"),
        "dockerfile parse error on line 3: unknown instruction: FORM (did you mean FROM?)"
    );
    assert_eq!(
        error("RUN echo\n"),
        "dockerfile parse error on line 1: no build stage in current context"
    );
    assert_eq!(
        error("FROM a\nCOPY x\n"),
        "dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"
    );
    assert_eq!(
        error("FROM a\nHEALTHCHECK FOO x\n"),
        "dockerfile parse error on line 2: Unknown type \"FOO\" in HEALTHCHECK (try CMD)"
    );
    assert_eq!(
        error("FROM a\nHEALTHCHECK --retries=-1 CMD x\n"),
        "dockerfile parse error on line 2: --retries cannot be negative (-1)"
    );
    assert_eq!(
        error("FROM a\nEXPOSE eighty\n"),
        "dockerfile parse error on line 2: invalid containerPort: eighty"
    );
    assert_eq!(
        error("FROM a\nCOPY --chwn=x a b\n"),
        "dockerfile parse error on line 2: unknown flag: chwn"
    );
    assert_eq!(
        error("FROM a\nENV X\n"),
        "dockerfile parse error on line 2: ENV must have two arguments"
    );
    assert_eq!(
        error("FROM a b\n"),
        "dockerfile parse error on line 1: FROM requires either one or three arguments"
    );
    assert_eq!(
        error("# only a comment\n\n"),
        "dockerfile parse error on line 1: file with no instructions"
    );
    assert_eq!(
        error("FROM a\nENV A=\"open\n"),
        "dockerfile parse error on line 2: unexpected end of statement while looking for matching double-quote"
    );
}

#[test]
fn bounds_are_enforced() {
    let big = "#".repeat(MAX_BYTES + 1);
    assert!(error(&big).contains("larger than"));
    let many = "FROM a\n".to_string() + &"RUN x\n".repeat(MAX_INSTRUCTIONS);
    assert!(error(&many).contains("more than 500 instructions"));
    let long = format!("FROM a\nRUN {}\\\n{}\n", "x".repeat(9000), "y".repeat(9000));
    assert!(error(&long).contains("longer than"));
    // Substitution cannot blow up: each $A expands once, and words are bounded.
    let blow = format!(
        "FROM a\nENV A={}\nENV B={}\n",
        "x".repeat(8000),
        "$A".repeat(100)
    );
    assert!(error(&blow).contains("after substitution"));
}

#[test]
fn hostile_input_never_panics() {
    let samples = [
        "",
        "\\",
        "FROM",
        "FROM \\",
        "FROM a\nRUN \\",
        "FROM a\nENV ${",
        "FROM a\nENV A=${B:-",
        "FROM a\nENV A='",
        "FROM a\nCOPY [",
        "FROM a\nHEALTHCHECK --interval=1 CMD x",
        "FROM a\nHEALTHCHECK --interval= CMD",
        "FROM a\nEXPOSE 9-1",
        "FROM a\nEXPOSE 1-65535",
        "FROM a\nWORKDIR",
        "FROM a\nUSER",
        "ARG\nFROM a",
        "FROM a AS 1x",
        "FROM a AS b\nFROM c AS b",
        "FROM é\nRUN ü\\",
        "\u{feff}FROM a",
        "FROM a\nENV é=ü",
        "FROM a\n\tCMD\t[\"x\"]",
        "# escape=x\nFROM a",
        "FROM a\nLABEL",
        "FROM a\nARG 1=2",
        "FROM a\nENV =x",
    ];
    for s in samples {
        // An error, if any, is located on a line of the text and says something.
        if let Err(e) = stages(s) {
            let lines = s.lines().count().max(1);
            assert!((1..=lines).contains(&e.line), "{s:?}: {e:?}");
            assert!(!e.message.is_empty(), "{s:?}: {e:?}");
        }
    }
    // Every prefix of a real Dockerfile.
    let real = include_str!("../../../../../www/examples/app/Dockerfile");
    for (i, _) in real.char_indices() {
        let _ = stages(&real[..i]);
    }
}
