//! The workshop scenarios in `www/scenarios/`, run through the `sunaba` binary exactly as a
//! learner or workshop author would (`sunaba run FILE`), with their lessons asserted.

use std::process::Command;

fn run(script: &str) -> String {
    let path = format!(
        "{}/../../www/scenarios/{script}",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::new(env!("CARGO_BIN_EXE_sunaba"))
        .args(["run", &path])
        .output()
        .expect("run sunaba");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The output of the `n`-th occurrence of command `cmd` in a run's echo.
fn output_of<'a>(stdout: &'a str, cmd: &str, n: usize) -> &'a str {
    let marker = format!("$ {cmd}\n");
    let start = stdout
        .match_indices(&marker)
        .nth(n)
        .unwrap_or_else(|| panic!("no `{cmd}` #{n} in:\n{stdout}"))
        .0
        + marker.len();
    let end = stdout[start..]
        .find("\n$ ")
        .map_or(stdout.len(), |i| start + i + 1);
    &stdout[start..end]
}

#[test]
fn self_healing_restarts_in_place_and_replaces_deleted_pods() {
    let out = run("self-healing.sunaba");
    let after_kill = output_of(&out, "kubectl get pods", 1);
    assert_eq!(
        after_kill
            .lines()
            .filter(|l| l.contains("Running   1 (5s ago)"))
            .count(),
        1,
        "{after_kill}"
    );
    assert_eq!(
        after_kill
            .lines()
            .filter(|l| l.contains("Running   0"))
            .count(),
        2,
        "{after_kill}"
    );
    let deployments = output_of(&out, "kubectl get deployments", 0);
    assert!(
        deployments.contains("nginx-deployment   3/3     3            3"),
        "{deployments}"
    );
}

#[test]
fn crashloop_shows_back_off_and_previous_logs() {
    let out = run("crashloop.sunaba");
    // Exits after 5 s of running; restarts at once, then after 10 s, 20 s, 40 s, 80 s: at 3m
    // the fifth restart has just happened, 84 s after the previous run ended.
    let pods = output_of(&out, "kubectl get pods", 0);
    assert!(
        pods.contains("1/1     Running   5 (84s ago)   3m"),
        "{pods}"
    );
    assert_eq!(
        output_of(&out, "kubectl logs -l app=crasher --previous", 0),
        "starting\n"
    );
}

#[test]
fn pending_pod_waits_for_a_big_enough_node() {
    let out = run("pending.sunaba");
    assert!(output_of(&out, "kubectl get pods", 0).contains("Pending"));
    assert!(output_of(&out, "kubectl get events", 0)
        .contains("0/3 nodes are available: 3 Insufficient memory."));
    let wide = output_of(&out, "kubectl get pods -o wide", 0);
    assert!(wide.contains("Running") && wide.contains("big-1"), "{wide}");
}

#[test]
fn missing_image_backs_off() {
    let out = run("missing-image.sunaba");
    let pods = output_of(&out, "kubectl get pods", 0);
    assert!(
        pods.contains("ImagePullBackOff") || pods.contains("ErrImagePull"),
        "{pods}"
    );
    let events = output_of(&out, "kubectl get events", 0);
    assert!(
        events.contains("Back-off pulling image \"nginx:1.99-doesnotexist\""),
        "{events}"
    );
}

#[test]
fn node_failure_evicts_and_replaces_pods() {
    let out = run("node-failure.sunaba");
    assert!(output_of(&out, "kubectl get nodes", 0).contains("node-1   NotReady"));
    let wide = output_of(&out, "kubectl get pods -o wide", 0);
    assert_eq!(
        wide.lines().filter(|l| l.contains("Running")).count(),
        3,
        "{wide}"
    );
    assert!(
        wide.lines()
            .filter(|l| l.contains("Running"))
            .all(|l| !l.contains("node-1")),
        "{wide}"
    );
    assert!(wide.contains("Terminating"), "{wide}");
    assert!(output_of(&out, "kubectl get nodes", 1).contains("node-1   Ready"));
}

#[test]
fn ecs_replaces_tasks_and_the_circuit_breaker_rolls_back() {
    let out = run("ecs-replacement.sunaba");
    let steady = output_of(&out, "aws ecs describe-services --services api", 0);
    assert!(steady.contains("\"runningCount\": 6,"), "{steady}");
    assert!(
        steady.contains("(service api) has reached a steady state."),
        "{steady}"
    );
    let crash = output_of(&out, "sim crash --service api -c api --exit-code 1", 0);
    assert!(crash.starts_with("container api in task/"), "{crash}");
    let stopped = output_of(
        &out,
        "aws ecs list-tasks --service-name api --desired-status STOPPED",
        0,
    );
    assert_eq!(
        stopped
            .matches("arn:aws:ecs:us-east-1:123456789012:task/default/")
            .count(),
        1,
        "{stopped}"
    );
    let replaced = output_of(&out, "aws ecs describe-services --services api", 1);
    assert!(
        replaced.contains("(service api) has started 1 tasks: (task "),
        "a new task, not a restart:\n{replaced}"
    );
    let after = output_of(&out, "aws ecs describe-services --services api", 2);
    let failed = after
        .find("deployment failed: tasks failed to start.")
        .unwrap_or_else(|| panic!("{after}"));
    let rolled = after
        .find("(service api) rolling back to deployment ecs-svc/")
        .unwrap_or_else(|| panic!("{after}"));
    assert!(rolled < failed, "newest first");
    assert!(
        after.contains(
            "\"taskDefinition\": \"arn:aws:ecs:us-east-1:123456789012:task-definition/api:1\""
        ),
        "back on revision 1:\n{after}"
    );
}

#[test]
fn environments_apply_three_overlays_into_three_namespaces() {
    let out = run("environments.sunaba");
    let built = output_of(
        &out,
        "kubectl kustomize ../examples/kustomize/overlays/prod",
        0,
    );
    assert!(built.contains("  replicas: 6\n"), "{built}");
    assert!(built.contains("image: sunaba/demo-app:2.0\n"), "{built}");
    let applied = output_of(
        &out,
        "kubectl apply -k ../examples/kustomize/overlays/prod",
        0,
    );
    assert!(
        applied.starts_with("namespace/demo-prod created\nconfigmap/app-config-"),
        "{applied}"
    );
    let pods = output_of(&out, "kubectl get pods -A", 0);
    for (ns, n) in [("demo-test", 1), ("demo-staging", 2), ("demo-prod", 6)] {
        let running = pods
            .lines()
            .filter(|l| l.starts_with(&format!("{ns} ")) && l.contains("1/1     Running"))
            .count();
        assert_eq!(running, n, "{ns}:\n{pods}");
    }
    let deployments = output_of(&out, "kubectl get deployments -A", 0);
    assert!(
        deployments.contains("demo-prod      demo-app   6/6"),
        "{deployments}"
    );
}

#[test]
fn dockerfile_builds_the_demo_app_pushes_it_and_runs_it_with_injected_config() {
    let out = run("dockerfile.sunaba");
    let build = output_of(&out, "sim build -t shop:1.0 ../examples/app", 0);
    assert!(build.contains("[4/5] RUN npm ci --omit=dev"), "{build}");
    let history = output_of(&out, "sim history shop:1.0", 0);
    assert!(
        history.contains("RUN /bin/sh -c npm ci --omit=dev # buildkit     8.5MB"),
        "{history}"
    );
    let pods = output_of(&out, "kubectl get pods", 0);
    assert_eq!(pods.matches("1/1     Running").count(), 2, "{pods}");
    let env = output_of(&out, "kubectl exec deploy/shop -- env", 0);
    // Baked by the Dockerfile, and injected by this environment's Deployment.
    assert!(env.contains("NODE_ENV=production\nPORT=8080\n"), "{env}");
    assert!(
        env.contains("APP_ENV=staging\nFEATURE_FLAGS=checkout-v2\n"),
        "{env}"
    );
    assert!(env.ends_with("HOME=/home/node\n"), "{env}");
}

#[test]
fn pr_environments_move_to_another_account_and_the_hard_coded_registry_breaks() {
    let out = run("pr-environments.sunaba");
    let contexts = output_of(&out, "kubectl config get-contexts", 0);
    assert!(contexts.contains("*         sunaba"), "{contexts}");
    assert!(contexts.contains("prod-cluster"), "{contexts}");
    let before = output_of(&out, "sim envs", 0);
    for env in ["staging", "pr-1", "pr-2"] {
        let row = before.lines().find(|l| l.starts_with(env)).unwrap();
        assert!(
            row.contains("sandbox (123456789012)") && row.contains("2/2"),
            "{row}"
        );
    }
    let after = output_of(&out, "sim envs", 1);
    let pr1 = after.lines().find(|l| l.starts_with("pr-1")).unwrap();
    let pr2 = after.lines().find(|l| l.starts_with("pr-2")).unwrap();
    assert!(pr1.contains("prod-cluster") && pr1.contains("2/2"), "{pr1}");
    assert!(pr2.contains("prod-cluster") && pr2.contains("0/2"), "{pr2}");
    let pods = output_of(&out, "kubectl --context prod-cluster get pods -n pr-2", 0);
    assert!(
        pods.contains("ImagePullBackOff") || pods.contains("ErrImagePull"),
        "{pods}"
    );
    let why = output_of(&out, "sim why -n pr-2", 0);
    assert!(why.contains("[image-other-account]"), "{why}");
    assert!(
        why.contains("cannot pull 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0"),
        "{why}"
    );
    // The environment verbs echo the kubectl lines they run: read up to the next command.
    let deleted = &out[out.find("$ sim env delete pr-1").unwrap()..out.find("$ sim dbs").unwrap()];
    assert!(deleted.contains("namespace \"pr-1\" deleted"), "{deleted}");
    assert!(
        deleted.contains("database \"pr-1-db\" deleted"),
        "{deleted}"
    );
    let dbs = output_of(&out, "sim dbs", 0);
    assert!(
        dbs.contains("staging-db") && dbs.contains("pr-2-db") && !dbs.contains("pr-1-db"),
        "{dbs}"
    );
    let home = output_of(&out, "kubectl get deployments -A", 0);
    assert!(home.contains("staging     demo-app   2/2"), "{home}");
    assert!(!home.contains("pr-1") && !home.contains("pr-2"), "{home}");
}

#[test]
fn ecs_environments_are_clusters_per_account_and_a_hard_coded_secret_breaks_in_prod() {
    let out = run("ecs-environments.sunaba");
    let envs = output_of(&out, "sim envs", 0);
    for (env, account, ready) in [
        ("test", "sandbox (123456789012)", "1/1"),
        ("staging", "sandbox (123456789012)", "2/2"),
        ("prod", "prod (111111111111)", "6/6"),
    ] {
        let row = envs.lines().find(|l| l.starts_with(env)).unwrap();
        assert!(row.contains(account) && row.contains(ready), "{row}");
    }
    let services = output_of(
        &out,
        "aws --profile prod ecs list-services --cluster prod",
        0,
    );
    assert!(
        services.contains("arn:aws:ecs:us-east-1:111111111111:service/prod/shop"),
        "{services}"
    );
    let prs = output_of(&out, "sim envs", 1);
    let pr1 = prs.lines().find(|l| l.starts_with("pr-1")).unwrap();
    let pr2 = prs.lines().find(|l| l.starts_with("pr-2")).unwrap();
    assert!(pr1.contains("prod-cluster") && pr1.contains("2/2"), "{pr1}");
    assert!(pr2.contains("prod-cluster") && pr2.contains("0/2"), "{pr2}");
    let why = output_of(&out, "sim why --cluster pr-2", 0);
    assert!(why.contains("service/shop [secret-other-account]"), "{why}");
    let after = output_of(&out, "sim envs", 2);
    assert!(
        after
            .lines()
            .any(|l| l.starts_with("pr-1") && l.contains("sunaba") && l.contains("2/2")),
        "{after}"
    );
    assert!(!after.contains("pr-2"), "{after}");
    let prod = output_of(&out, "aws --profile prod ecs list-clusters", 0);
    assert!(!prod.contains("pr-1") && !prod.contains("pr-2"), "{prod}");
    let sandbox = output_of(&out, "aws ecs list-clusters", 1);
    assert!(sandbox.contains("cluster/pr-1"), "{sandbox}");
    let dbs = output_of(&out, "sim dbs", 0);
    assert!(dbs.contains("pr-1-db") && !dbs.contains("pr-2-db"), "{dbs}");
}
