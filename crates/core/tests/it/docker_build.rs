//! `sim build|images|history|tag|push` and what a built image does when a Deployment runs it:
//! image = runtime + dependencies + code; config baked with ENV shows in the process's
//! environment; a CMD that exits at once is Completed, then CrashLoopBackOff.

use sunaba_core::{MapFiles, World};

/// The demo app's source, as in `www/examples/app/`, under `app/`.
fn app_files(dockerfile: Option<&str>) -> MapFiles {
    let mut f = MapFiles::default();
    let entries = [
        (
            "Dockerfile",
            include_str!("../../../../www/examples/app/Dockerfile"),
        ),
        (
            "server.js",
            include_str!("../../../../www/examples/app/server.js"),
        ),
        (
            "healthcheck.js",
            include_str!("../../../../www/examples/app/healthcheck.js"),
        ),
        (
            "package.json",
            include_str!("../../../../www/examples/app/package.json"),
        ),
        (
            "package-lock.json",
            include_str!("../../../../www/examples/app/package-lock.json"),
        ),
        (
            ".dockerignore",
            include_str!("../../../../www/examples/app/.dockerignore"),
        ),
        (
            "README.md",
            include_str!("../../../../www/examples/app/README.md"),
        ),
    ];
    for (k, v) in entries {
        f.0.insert(format!("app/{k}"), v.to_string());
    }
    if let Some(d) = dockerfile {
        f.0.insert("app/Dockerfile".into(), d.to_string());
    }
    f
}

fn deployment(image: &str) -> String {
    format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: app\n        image: {image}\n")
}

fn run(w: &mut World, f: &MapFiles, line: &str) -> String {
    match sunaba_core::run(w, line, f) {
        Ok(out) => out,
        Err(e) => panic!("{line}: {}", e.message),
    }
}

fn pod_name(w: &mut World) -> String {
    let out = run(w, &MapFiles::default(), "kubectl get pods -o name");
    out.lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("pod/")
        .to_string()
}

#[test]
fn the_example_app_builds_into_runtime_dependencies_and_code_layers() {
    let f = app_files(None);
    let mut w = World::new(1);
    let out = run(&mut w, &f, "sim build -t shop:1.0 app");
    assert!(out.starts_with("#0 building with \"default\" instance using docker driver\n\n#1 [internal] load build definition from Dockerfile\n"), "{out}");
    assert!(
        out.contains("[1/5] FROM docker.io/library/node:20-slim"),
        "{out}"
    );
    assert!(out.contains("[4/5] RUN npm ci --omit=dev"), "{out}");
    assert!(
        out.contains("naming to docker.io/library/shop:1.0 done"),
        "{out}"
    );
    let view = w.image_view("shop:1.0").unwrap();
    // The base image's layers are the runtime: the catalog's node:20-slim size.
    assert_eq!(view.runtime_bytes, 68_900_000);
    // npm ci: 1.5 MB + 3.5 MB × 2 dependencies, plus the package*.json copy.
    let manifests = (include_str!("../../../../www/examples/app/package.json").len()
        + include_str!("../../../../www/examples/app/package-lock.json").len())
        as u64;
    assert_eq!(view.dependencies_bytes, 8_500_000 + manifests);
    // COPY . . copies the context minus .dockerignore (README.md is ignored).
    let code: u64 = [
        "server.js",
        "healthcheck.js",
        "package.json",
        "package-lock.json",
        "Dockerfile",
        ".dockerignore",
    ]
    .iter()
    .map(|n| app_files(None).0[&format!("app/{n}")].len() as u64)
    .sum();
    assert_eq!(view.code_bytes, code);
    assert_eq!(
        view.size_bytes,
        view.runtime_bytes + view.dependencies_bytes + view.code_bytes
    );
    assert_eq!(view.user, "node");
    assert_eq!(view.command, ["node", "server.js"]);
    let images = run(&mut w, &f, "sim images");
    let mut lines = images.lines();
    assert_eq!(
        lines.next(),
        Some("REPOSITORY   TAG   IMAGE ID       CREATED                  SIZE")
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with("shop         1.0   "), "{images}");
    assert!(row.ends_with("Less than a second ago   77.4MB"), "{images}");
    let history = run(&mut w, &f, "sim history shop:1.0");
    assert!(
        history.starts_with("IMAGE          CREATED                  CREATED BY"),
        "{history}"
    );
    assert!(
        history.contains("CMD [\"node\" \"server.js\"]"),
        "{history}"
    );
    assert!(
        history.contains("RUN /bin/sh -c npm ci --omit=dev # buildkit"),
        "{history}"
    );
    assert!(history.contains("<missing>      2 weeks ago"), "{history}");
}

#[test]
fn the_same_inputs_give_the_same_digest_and_a_code_change_another() {
    let build = |server: &str| {
        let mut f = app_files(None);
        f.0.insert("app/server.js".into(), server.to_string());
        let mut w = World::new(9);
        run(&mut w, &f, "sim build -t shop:1.0 app");
        run(&mut w, &f, "sim build -t localhost:5000/shop:1.0 app");
        let out = run(&mut w, &f, "sim push localhost:5000/shop:1.0");
        out.lines().last().unwrap_or_default().to_string()
    };
    let a = build("console.log('v1')\n");
    assert!(a.starts_with("1.0: digest: sha256:"), "{a}");
    assert_eq!(a, build("console.log('v1')\n"));
    assert_ne!(a, build("console.log('v2, longer')\n"));
}

#[test]
fn a_built_image_runs_only_once_pushed_and_then_runs_the_demo_app_with_its_baked_env() {
    let dockerfile = "FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nENV FEATURE_FLAGS=checkout-v2\nCMD [\"node\", \"server.js\"]\n";
    let mut f = app_files(Some(dockerfile));
    let mut w = World::new(3);
    run(&mut w, &f, "sim build -t shop:1.0 app");
    // Not pushed: the cluster cannot pull a local-only image.
    f.0.insert("d.yaml".into(), deployment("shop:1.0"));
    run(&mut w, &f, "kubectl apply -f d.yaml");
    run(&mut w, &f, "sim wait 5s");
    let pods = run(&mut w, &f, "kubectl get pods");
    assert_eq!(
        crate::common::column(&pods, "STATUS"),
        ["ImagePullBackOff"],
        "at 5s\n{pods}"
    );
    run(&mut w, &f, "kubectl delete deployment web");
    run(&mut w, &f, "sim wait 60s");
    // Pushed to a registry the cluster reaches: it runs.
    run(&mut w, &f, "sim tag shop:1.0 localhost:5000/shop:1.0");
    let push = run(&mut w, &f, "sim push localhost:5000/shop:1.0");
    assert!(
        push.starts_with("The push refers to repository [localhost:5000/shop]\n"),
        "{push}"
    );
    assert!(push.contains(": Pushed\n"), "{push}");
    f.0.insert("d.yaml".into(), deployment("localhost:5000/shop:1.0"));
    run(&mut w, &f, "kubectl apply -f d.yaml");
    run(&mut w, &f, "sim wait 30s");
    let pods = run(&mut w, &f, "kubectl get pods");
    assert!(pods.contains("1/1     Running"), "{pods}");
    let pod = pod_name(&mut w);
    let env = run(
        &mut w,
        &f,
        &format!("kubectl exec {pod} -- printenv FEATURE_FLAGS"),
    );
    assert_eq!(env, "checkout-v2\n");
    let logs = run(&mut w, &f, &format!("kubectl logs {pod}"));
    // The demo app's program, at package.json's version.
    assert!(logs.contains("\"version\":\"1.0.0\""), "{logs}");
}

#[test]
fn a_cmd_that_exits_at_once_is_completed_then_crash_loop_back_off() {
    let dockerfile = "FROM node:20-slim\nCMD [\"sh\", \"-c\", \"echo done\"]\n";
    let mut f = app_files(Some(dockerfile));
    let mut w = World::new(4);
    run(&mut w, &f, "sim build -t localhost:5000/once:1 app");
    run(&mut w, &f, "sim push localhost:5000/once:1");
    f.0.insert("d.yaml".into(), deployment("localhost:5000/once:1"));
    run(&mut w, &f, "kubectl apply -f d.yaml");
    // The sandbox takes 1 s, the pull (68.9 MB at 21 MB/s) about 3.6 s; the container
    // completes at once, is restarted at once, completes again: by 6 s it is in the back-off.
    run(&mut w, &f, "sim wait 6s");
    let first = run(&mut w, &f, "kubectl get pods");
    assert_eq!(
        crate::common::column(&first, "STATUS"),
        ["CrashLoopBackOff"],
        "at 6s\n{first}"
    );
    assert_eq!(crate::common::column(&first, "RESTARTS"), ["1 (1s ago)"]);
    run(&mut w, &f, "sim wait 60s");
    let later = run(&mut w, &f, "kubectl get pods");
    assert_eq!(
        crate::common::column(&later, "STATUS"),
        ["CrashLoopBackOff"],
        "at 65s\n{later}"
    );
    let pod = pod_name(&mut w);
    let logs = run(&mut w, &f, &format!("kubectl logs {pod}"));
    assert_eq!(logs.trim(), "done");
    let describe = run(&mut w, &f, &format!("kubectl describe pod {pod}"));
    assert!(describe.contains("Reason:       Completed"), "{describe}");
}

#[test]
fn build_errors_are_dockers_and_located() {
    let mut w = World::new(5);
    let bad = app_files(Some("FROM node:20-slim\nWORKDIR /app\nFORM x\n"));
    let e = sunaba_core::run(&mut w, "sim build -t x:1 app", &bad)
        .unwrap_err()
        .message;
    assert_eq!(
        e,
        "Dockerfile:3\n--------------------\n   1 |     FROM node:20-slim\n   2 |     WORKDIR /app\n   3 | >>> FORM x\n--------------------\nERROR: failed to solve: dockerfile parse error on line 3: unknown instruction: FORM (did you mean FROM?)"
    );
    let missing = app_files(Some("FROM node:20-slim\nCOPY serverr.js .\n"));
    let e = sunaba_core::run(&mut w, "sim build -t x:1 app", &missing)
        .unwrap_err()
        .message;
    assert!(e.starts_with("Dockerfile:2\n"), "{e}");
    assert!(e.contains("ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref "), "{e}");
    assert!(e.ends_with(": \"/serverr.js\": not found"), "{e}");
    let no_base = app_files(Some("FROM nginx:9.9\n"));
    let e = sunaba_core::run(&mut w, "sim build -t x:1 app", &no_base)
        .unwrap_err()
        .message;
    assert!(e.ends_with("ERROR: failed to solve: nginx:9.9: failed to resolve source metadata for docker.io/library/nginx:9.9: docker.io/library/nginx:9.9: not found"), "{e}");
    let fails = app_files(Some("FROM node:20-slim\nRUN npm ci\n"));
    let e = sunaba_core::run(&mut w, "sim build -t x:1 app", &fails)
        .unwrap_err()
        .message;
    assert!(e.ends_with("ERROR: failed to solve: process \"/bin/sh -c npm ci\" did not complete successfully: exit code: 1"), "{e}");
    let e = sunaba_core::run(&mut w, "sim build app", &MapFiles::default())
        .unwrap_err()
        .message;
    assert_eq!(e, "ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory");
}

#[test]
fn pushes_go_where_docker_would_let_them() {
    let f = app_files(None);
    let mut w = World::new(6);
    run(&mut w, &f, "sim build -t shop:1.0 app");
    let e = sunaba_core::run(&mut w, "sim push shop:1.0", &f)
        .unwrap_err()
        .message;
    assert!(
        e.starts_with("The push refers to repository [docker.io/library/shop]\n"),
        "{e}"
    );
    assert!(
        e.ends_with("denied: requested access to the resource is denied"),
        "{e}"
    );
    let ecr = "111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/shop:1.0";
    run(&mut w, &f, &format!("sim tag shop:1.0 {ecr}"));
    let e = sunaba_core::run(&mut w, &format!("sim push {ecr}"), &f)
        .unwrap_err()
        .message;
    // No such account in the world: the registry host does not resolve.
    assert!(
        e.ends_with(
            "dial tcp: lookup 111111111111.dkr.ecr.ap-northeast-1.amazonaws.com: no such host"
        ),
        "{e}"
    );
    // The sandbox account's registry: a missing repository is ECR's name unknown; once
    // `aws ecr create-repository` made it, the push goes through.
    let sandbox = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0";
    run(&mut w, &f, &format!("sim tag shop:1.0 {sandbox}"));
    let e = sunaba_core::run(&mut w, &format!("sim push {sandbox}"), &f)
        .unwrap_err()
        .message;
    assert!(e.ends_with("name unknown: The repository with name 'shop' does not exist in the registry with id '123456789012'"), "{e}");
    run(
        &mut w,
        &f,
        "aws ecr create-repository --repository-name shop",
    );
    let out = run(&mut w, &f, &format!("sim push {sandbox}"));
    assert!(
        out.starts_with(
            "The push refers to repository [123456789012.dkr.ecr.us-east-1.amazonaws.com/shop]\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(": Pushed\n") && out.contains("1.0: digest: sha256:"),
        "{out}"
    );
    let e = sunaba_core::run(&mut w, "sim push nothing:1", &f)
        .unwrap_err()
        .message;
    assert_eq!(e, "An image does not exist locally with the tag: nothing");
    let e = sunaba_core::run(&mut w, "sim history nothing", &f)
        .unwrap_err()
        .message;
    assert_eq!(
        e,
        "Error response from daemon: No such image: nothing:latest"
    );
}

#[test]
fn hostile_build_commands_never_panic() {
    let f = app_files(None);
    let mut w = World::new(7);
    for line in [
        "sim build",
        "sim build -t",
        "sim build -t A:B app",
        "sim build -t x app app",
        "sim build --nope app",
        "sim build -t x -f nope app",
        "sim build -t x .",
        "sim build -t x:1 /",
        "sim history",
        "sim tag a",
        "sim tag x y",
        "sim push",
        "sim push -",
        "kubectl exec",
        "kubectl exec x -- env",
        "kubectl exec -- env",
        "sim build -t x:1 --build-arg app",
    ] {
        let e = sunaba_core::run(&mut w, line, &f)
            .expect_err(&format!("`{line}` is refused"))
            .message;
        assert!(!e.is_empty() && !e.contains("panicked"), "{line}: {e}");
    }
    // Like `docker images REPOSITORY`: a filter that matches nothing.
    assert_eq!(
        sunaba_core::run(&mut w, "sim images extra", &f).unwrap(),
        "REPOSITORY   TAG   IMAGE ID   CREATED   SIZE\n"
    );
}
