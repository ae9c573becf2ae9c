//! The `sunaba` binary as a user runs it: exit codes, output format, hostile files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sunaba(args: &[&str], cwd: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sunaba"));
    cmd.args(args);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.output().expect("the sunaba binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh scratch folder per test (tests run in parallel).
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sunaba-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn example(name: &str) -> String {
    format!("{}/../../www/examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

const BAD_REPLICAS: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: -1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n";

#[test]
fn help_prints_usage_and_exits_0() {
    for args in [&["--help"][..], &["-h"], &["help"], &["check", "--help"]] {
        let o = sunaba(args, None);
        assert_eq!(code(&o), 0, "{args:?}");
        assert!(
            stdout(&o).starts_with("usage: sunaba check FILE..."),
            "{args:?}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &[][..],
        &["check"],
        &["check", "--strict", "x.yaml"],
        &["frobnicate"],
        &["run"],
        &["run", "s.txt", "--seed"],
        &["run", "s.txt", "--seed", "-3"],
        &["run", "s.txt", "--verbose"],
        &["run", "a.txt", "b.txt"],
    ] {
        let o = sunaba(args, None);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).starts_with("sunaba: "), "{args:?}");
        assert!(stderr(&o).contains("usage: sunaba"), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn check_of_a_valid_file_prints_a_summary_and_exits_0() {
    let path = example("nginx-deployment.yaml");
    let o = sunaba(&["check", &path], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("{path}: ok (1 Deployment, 1 Service)\n")
    );
    assert_eq!(stderr(&o), "");
}

#[test]
fn check_reports_warnings_but_still_exits_0() {
    let dir = scratch("warnings");
    let path = write(
        &dir,
        "sa.yaml",
        format!(
            "{}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop\n",
            std::fs::read_to_string(example("multi-doc.yaml")).unwrap()
        ),
    );
    let o = sunaba(&["check", &path], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("{path}: ok (1 Namespace, 1 ConfigMap, 2 Deployments, 1 Service, 1 ServiceAccount; 1 warning)\n")
    );
    assert!(
        stderr(&o).ends_with(
            "warning: ServiceAccount \"shop\" is stored, but Sunaba does not simulate ServiceAccount objects: nothing acts on it\n"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_of_an_invalid_file_prints_file_line_column_and_exits_1() {
    let dir = scratch("invalid");
    let bad = write(&dir, "bad.yaml", BAD_REPLICAS);
    let good = example("oom.yaml");
    let o = sunaba(&["check", &bad, &good], None);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        format!(
            "{bad}:6:13: error: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n{bad}: invalid (1 error)\n"
        )
    );
    // The other file is still checked.
    assert_eq!(stdout(&o), format!("{good}: ok (1 Deployment)\n"));
}

#[test]
fn an_unreadable_file_is_reported_without_a_location() {
    let dir = scratch("unreadable");
    let missing = dir.join("nope.yaml").to_string_lossy().into_owned();
    let o = sunaba(&["check", &missing], None);
    assert_eq!(code(&o), 1);
    assert_eq!(stderr(&o), format!("{missing}: error: no such file\n"));
    let folder = dir.to_string_lossy().into_owned();
    let o = sunaba(&["check", &folder], None);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).starts_with(&format!("{folder}: error: ")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_file_that_is_not_utf8_is_located_at_the_first_bad_byte() {
    let dir = scratch("utf8");
    let path = write(
        &dir,
        "latin1.yaml",
        b"apiVersion: v1\nkind: Pod # caf\xe9\n",
    );
    let o = sunaba(&["check", &path], None);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        format!("{path}:2:16: error: the file is not UTF-8 text (byte 0xe9 at offset 30); save it as UTF-8\n")
    );
}

#[test]
fn hostile_files_exit_1_without_panicking() {
    let dir = scratch("hostile");
    let mut bomb = String::from("a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    let mut garbage = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        garbage.push((x >> 16) as u8);
    }
    let files = [
        write(&dir, "bomb.yaml", bomb),
        write(&dir, "deep.yaml", "[".repeat(100_000)),
        write(&dir, "deep-block.yaml", "- ".repeat(100_000)),
        write(&dir, "garbage.bin", garbage),
        write(&dir, "empty.yaml", ""),
        write(&dir, "huge.yaml", "#".repeat(2 * 1024 * 1024)),
        write(&dir, "nul.yaml", b"kind: \x00\x00\n"),
    ];
    let mut locations = Vec::new();
    for f in &files {
        let o = sunaba(&["check", f], None);
        let err = stderr(&o);
        assert_eq!(code(&o), 1, "{f}: {err}");
        assert!(!err.contains("panicked"), "{f}: {err}");
        let (at, _) = err
            .split_once(": error: ")
            .unwrap_or_else(|| panic!("{f}: {err}"));
        locations.push(at.replace(&format!("{}/", dir.display()), ""));
    }
    // Each error is located (FILE:LINE:COLUMN), where the reader stopped.
    assert_eq!(
        locations,
        [
            "bomb.yaml:5:38",
            "deep.yaml:1:256",
            "deep-block.yaml:1:129",
            "garbage.bin:1:1",
            "empty.yaml:1:1",
            "huge.yaml:1:1",
            "nul.yaml:1:7"
        ]
    );
    let o = sunaba(&["check", &files[5]], None);
    assert_eq!(
        stderr(&o),
        format!("{}:1:1: error: the file is larger than the limit of 1048576 bytes (1 MiB); split it into several files\n", files[5])
    );
}

#[test]
fn run_echoes_commands_and_skips_comments_and_blank_lines() {
    let dir = scratch("run-echo");
    std::fs::copy(example("nginx-deployment.yaml"), dir.join("deploy.yaml")).unwrap();
    let script = write(
        &dir,
        "demo.txt",
        "# a comment\n\n   \nkubectl apply -f deploy.yaml\n  # indented comment\nkubectl get deployments\n",
    );
    // Run from elsewhere: -f paths resolve against the script's folder, not the cwd.
    let o = sunaba(&["run", &script], Some(&std::env::temp_dir()));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let echoed: Vec<&str> = out.lines().filter(|l| l.starts_with("$ ")).collect();
    assert_eq!(
        echoed,
        [
            "$ kubectl apply -f deploy.yaml",
            "$ kubectl get deployments"
        ]
    );
    assert!(
        out.contains("deployment.apps/nginx-deployment created\n"),
        "{out}"
    );
    assert!(!out.contains('#'), "{out}");
}

#[test]
fn a_failed_command_prints_script_and_line_and_stops_with_1() {
    let dir = scratch("run-fail");
    let script = write(
        &dir,
        "fail.txt",
        "# first\nkubectl get pods\nkubectl frobnicate\nkubectl get nodes\n",
    );
    let o = sunaba(&["run", &script], None);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        format!("{script}:3: error: unknown command \"frobnicate\" for \"kubectl\"\n")
    );
    let out = stdout(&o);
    assert!(out.contains("$ kubectl frobnicate\n"), "{out}");
    assert!(
        !out.contains("$ kubectl get nodes"),
        "stopped at the failure: {out}"
    );
}

#[test]
fn keep_going_runs_every_line_and_prints_each_error_after_its_command() {
    let dir = scratch("run-keep-going");
    let script = write(
        &dir,
        "lesson.txt",
        "kubectl frobnicate\nkubectl get pods\nkubectl get deployment nope\nkubectl get nodes\n",
    );
    // Both streams into one pipe, as a terminal (or `> out 2>&1`) shows them.
    let o = Command::new(env!("CARGO_BIN_EXE_sunaba"))
        .args(["run", &script, "--keep-going"])
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("the sunaba binary runs");
    assert_eq!(code(&o), 1, "a failing line makes the run fail at the end");
    let out = stdout(&o);
    assert!(
        out.contains("$ kubectl get nodes\n"),
        "every line ran: {out}"
    );
    assert_eq!(
        stderr(&o),
        format!(
            "error: unknown command \"frobnicate\" for \"kubectl\"\nError from server (NotFound): deployments.apps \"nope\" not found\n{script}: 2 commands failed (line 1, 3)\n"
        )
    );
    let shell = format!(
        "{} run {script:?} --keep-going 2>&1",
        env!("CARGO_BIN_EXE_sunaba")
    );
    let merged = Command::new("sh").args(["-c", &shell]).output().unwrap();
    let merged = stdout(&merged);
    let lines: Vec<&str> = merged.lines().collect();
    assert_eq!(lines[0], "$ kubectl frobnicate", "{merged}");
    assert_eq!(
        lines[1], "error: unknown command \"frobnicate\" for \"kubectl\"",
        "the error on its own line, right after its command: {merged}"
    );
    assert_eq!(lines[2], "$ kubectl get pods", "{merged}");
    let ok = write(&dir, "ok.txt", "kubectl get pods\n");
    assert_eq!(code(&sunaba(&["run", &ok, "--keep-going"], None)), 0);
}

#[test]
fn run_reports_a_missing_file_with_kubectl_wording() {
    let dir = scratch("run-missing");
    let script = write(&dir, "s.txt", "kubectl apply -f nowhere.yaml\n");
    let o = sunaba(&["run", &script], None);
    assert_eq!(code(&o), 1);
    assert_eq!(
        stderr(&o),
        format!("{script}:1: error: the path \"nowhere.yaml\" does not exist\n")
    );
    let o = sunaba(&["run", &dir.join("absent.txt").to_string_lossy()], None);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).ends_with(": error: no such file\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn run_json_prints_the_trace_as_ndjson_and_is_reproducible() {
    let dir = scratch("run-json");
    std::fs::copy(example("nginx-deployment.yaml"), dir.join("deploy.yaml")).unwrap();
    let script = write(
        &dir,
        "s.txt",
        "kubectl apply -f deploy.yaml\nsim wait 30s\n",
    );
    let o = sunaba(&["run", &script, "--json", "--seed", "7"], None);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().count() > 3, "{out}");
    for line in out.lines() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v.is_object(), "{line}");
        assert!(!line.starts_with("$ "), "{line}");
    }
    let again = sunaba(&["run", &script, "--json", "--seed", "7"], None);
    assert_eq!(stdout(&again), out, "same seed, same trace");
}

#[test]
fn check_recognises_ecs_task_and_service_definitions_by_their_shape() {
    let files = [
        example("ecs/web-fargate.task.json"),
        example("ecs/api-ec2.task.json"),
        example("ecs/api.service.json"),
    ];
    let args: Vec<&str> = std::iter::once("check")
        .chain(files.iter().map(String::as_str))
        .collect();
    let o = sunaba(&args, None);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("web-fargate.task.json: ok (1 ECS task definition; 2 warnings)"),
        "{out}"
    );
    assert!(
        out.contains("api-ec2.task.json: ok (1 ECS task definition)"),
        "{out}"
    );
    assert!(
        out.contains("api.service.json: ok (1 ECS service)"),
        "{out}"
    );

    let dir = scratch("ecs-bad");
    let bad = write(
        &dir,
        "bad.json",
        "{\"family\": \"web\",\n \"requiresCompatibilities\": [\"FARGATE\"], \"networkMode\": \"awsvpc\",\n \"cpu\": \"256\", \"memory\": \"4096\",\n \"containerDefinitions\": [{\"name\": \"web\", \"image\": \"nginx\"}]}\n",
    );
    let o = sunaba(&["check", &bad], None);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains(&format!("{bad}:1:1: error: ClientException: No Fargate configuration exists for given values: 256 CPU, 4096 memory.")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn lint_reports_located_findings_and_exits_1_or_0_when_clean() {
    let dir = scratch("lint");
    let careful = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      securityContext: {runAsNonRoot: true, runAsUser: 1000}\n      containers:\n      - name: web\n        image: nginx:1.27\n        resources:\n          requests: {cpu: 100m, memory: 64Mi}\n          limits: {memory: 128Mi}\n        readinessProbe: {httpGet: {path: /, port: 80}}\n        livenessProbe: {httpGet: {path: /, port: 80}}\n";
    let clean = write(&dir, "clean.yaml", careful);
    let o = sunaba(&["lint", &clean], None);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "0 finding(s) in 1 file(s)\n");
    std::fs::create_dir_all(dir.join("prod")).unwrap();
    write(
        &dir.join("prod"),
        "web.yaml",
        careful
            .replace("replicas: 3", "replicas: 1")
            .replace("nginx:1.27", "nginx:latest"),
    );
    write(&dir.join("prod"), "notes.txt", "not linted");
    let o = sunaba(&["lint", dir.to_str().unwrap()], None);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].ends_with("prod/web.yaml:5:13: warning[single-replica-in-prod]: deployment/web runs 1 replica in namespace prod: any crash, rollout or node failure is an outage (run at least 2)"), "{out}");
    assert!(
        lines[1].contains("prod/web.yaml:13:16: warning[latest-tag]: "),
        "{out}"
    );
    assert_eq!(lines[2], "2 finding(s) in 2 file(s)", "{out}");
    let o = sunaba(&["lint", "--fix"], None);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("lint: unknown flag --fix"));
}

#[test]
fn lint_show_me_plays_the_predicted_failure_as_written_and_fixed() {
    let dir = scratch("show-me");
    let file = write(
        &dir,
        "api.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n      - name: api\n        image: sunaba/demo-app:1.0\n        env: [{name: IGNORE_SIGTERM, value: \"true\"}]\n",
    );
    let o = sunaba(&["lint", "--show-me", "ignores-sigterm", &file], None);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("$ kubectl scale deployment/api --replicas=1\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "as written: the pod was Terminating for 30 s (the whole grace period, 30 s: SIGKILL)"
        ),
        "{out}"
    );
    assert!(
        out.contains("fixed: the pod was Terminating for 0.5 s"),
        "{out}"
    );
    let o = sunaba(
        &[
            "lint",
            "--show-me",
            "ignores-sigterm",
            &file,
            "--lang",
            "ja",
        ],
        None,
    );
    assert!(
        stdout(&o).contains("Pod は 30 秒間 Terminating でした"),
        "{}",
        stdout(&o)
    );
    let o = sunaba(&["lint", "--show-me", "runs-as-root", &file], None);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("users and privileges"),
        "{}",
        stderr(&o)
    );
    let o = sunaba(&["lint", "--show-me", "latest-tag", &file], None);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("no latest-tag finding"),
        "{}",
        stderr(&o)
    );
    let o = sunaba(&["lint", "--show-me", "made-up", &file], None);
    assert_eq!(code(&o), 2);
}

#[test]
fn check_builds_a_kustomization_directory_and_validates_the_result() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let o = sunaba(
        &["check", "www/examples/kustomize/overlays/prod"],
        Some(&root),
    );
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(
        stdout(&o),
        "www/examples/kustomize/overlays/prod (kustomize build): ok (1 Namespace, 1 ConfigMap, 1 Service, 1 Deployment)\n"
    );
    let dir = scratch("kustomize-check");
    write(&dir, "kustomization.yaml", "resources:\n- missing.yaml\n");
    let o = sunaba(&["check", dir.to_str().unwrap()], None);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("kustomization.yaml:2:3: accumulating resources:"),
        "{}",
        stderr(&o)
    );
    // A Deployment the build produces is validated like any file.
    write(&dir, "kustomization.yaml", "resources:\n- d.yaml\n");
    write(
        &dir,
        "d.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: -1\n",
    );
    let o = sunaba(&["check", dir.to_str().unwrap()], None);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("(kustomize build): invalid"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn lint_reads_dockerfiles_and_locates_baked_secrets_and_config() {
    let dir = scratch("lint-dockerfile");
    let bad = write(
        &dir,
        "web.Dockerfile",
        "FROM node\nENV DB_PASSWORD=hunter2 \\\n    DATABASE_URL=postgres://shop.abc.ap-northeast-1.rds.amazonaws.com/shop\nCMD [\"node\", \"server.js\"]\n",
    );
    let o = sunaba(&["lint", &bad], None);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert_eq!(lines[0], format!("{bad}:1:1: warning[runs-as-root]: no USER in the final stage: the container runs as root; add a user (USER node, USER 1000)"));
    assert!(
        lines[1].starts_with(&format!("{bad}:1:6: warning[latest-tag]: FROM node:")),
        "{out}"
    );
    assert!(
        lines[2].starts_with(&format!(
            "{bad}:2:5: warning[secret-in-env]: ENV DB_PASSWORD"
        )),
        "{out}"
    );
    assert!(
        lines[3].starts_with(&format!(
            "{bad}:3:5: warning[baked-environment-config]: ENV DATABASE_URL="
        )),
        "{out}"
    );
    assert_eq!(lines[4], "4 finding(s) in 1 file(s)");
    // The example app's Dockerfile is clean; a directory walk finds Dockerfiles too.
    let app = format!("{}/../../www/examples/app", env!("CARGO_MANIFEST_DIR"));
    let o = sunaba(&["lint", &format!("{app}/Dockerfile")], None);
    assert_eq!(
        (code(&o), stdout(&o)),
        (0, "0 finding(s) in 1 file(s)\n".to_string())
    );
    let o = sunaba(&["lint", dir.to_str().unwrap()], None);
    assert!(
        stdout(&o).ends_with("4 finding(s) in 1 file(s)\n"),
        "{}",
        stdout(&o)
    );
    let broken = write(&dir, "Dockerfile", "FROM a:1\nFORM b\n");
    let o = sunaba(&["lint", &broken], None);
    assert!(stdout(&o).starts_with(&format!("{broken}:2:1: warning[parse-error]: dockerfile parse error on line 2: unknown instruction: FORM")), "{}", stdout(&o));
}
