//! Every "show me" experiment of the operability lint makes the failure its rule predicts
//! happen on the simulation, and the same experiment on the fixed definition does not.

use sunaba_core::input::definitions::lint;
use sunaba_core::lessons::experiments::{self, Metrics, Run, Variant};

fn deployment(namespace: &str, replicas: u32, env: &[(&str, &str)], extra: &str) -> String {
    let env: String = env
        .iter()
        .map(|(k, v)| format!("        - name: {k}\n          value: \"{v}\"\n"))
        .collect();
    let env = if env.is_empty() {
        String::new()
    } else {
        format!("        env:\n{env}")
    };
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: {namespace}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n{extra}      containers:\n      - name: web\n        image: sunaba/demo-app:1.0\n        ports:\n        - containerPort: 8080\n{env}"
    )
}

/// Runs a rule's experiment on `text` as written and fixed, after checking the lint finds it.
fn both(rule: &str, text: &str) -> (Run, Run) {
    let findings = lint::lint("app.yaml", text);
    let f = findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("{rule} not found in {findings:#?}"));
    let show = experiments::show_me(f, text).unwrap_or_else(|e| panic!("{rule}: {}", e.en));
    let fixed = show
        .fixed
        .unwrap_or_else(|| panic!("{rule}: no fixed variant"));
    for run in [&show.as_written, &fixed] {
        for s in &run.steps {
            assert!(s.ok, "{rule}: `{}` failed: {}", s.command, s.output);
        }
    }
    eprintln!(
        "{rule}\n  as written: {:?}\n  fixed: {:?}",
        show.as_written.metrics, fixed.metrics
    );
    (show.as_written, fixed)
}

fn m(r: &Run) -> &Metrics {
    &r.metrics
}

const ECS_TASK: &str = r#"{"family": "api", "containerDefinitions": [{"name": "api",
  "image": "sunaba/demo-app:1.0", "memory": 256, "portMappings": [{"containerPort": 8080}],
  "environment": [{"name": "DB_PASSWORD", "value": "hunter2"}]}]}"#;

#[test]
fn no_readiness_probe_a_rollout_restart_sends_requests_to_pods_still_warming_up() {
    let d = deployment("default", 3, &[("STARTUP_SECONDS", "8")], "");
    let (bad, good) = both("no-readiness-probe", &d);
    assert!(bad.failure_observed && !good.failure_observed);
    assert_eq!(m(&bad).requests, 7_000, "70 s at 100 requests/s");
    // Three new pods, each in the endpoints 8 s before it answers.
    assert!(m(&bad).errors >= 500, "{:?}", m(&bad));
    // With the probe only kube-proxy's one-second lag remains when old pods go.
    assert!(m(&good).errors * 5 <= m(&bad).errors, "{:?}", m(&good));
    assert!(bad
        .steps
        .iter()
        .any(|s| s.command == "kubectl rollout restart deployment/web"));
}

#[test]
fn no_liveness_probe_a_hung_app_is_never_restarted() {
    let d = deployment("default", 3, &[], "");
    let (bad, good) = both("no-liveness-probe", &d);
    assert!(bad.failure_observed && !good.failure_observed);
    assert_eq!(m(&bad).restarts, 0);
    // Hung from 30 s after start to the end: every request of the last 100 s fails.
    assert_eq!(m(&bad).errors, m(&bad).requests, "{:?}", m(&bad));
    assert!(m(&good).restarts >= 3, "{:?}", m(&good));
    assert!(m(&good).errors * 10 <= m(&bad).errors * 7, "{:?}", m(&good));
}

#[test]
fn no_memory_limit_a_leak_eats_the_node_before_anything_stops_it() {
    let d = deployment("default", 1, &[], "");
    let (bad, good) = both("no-memory-limit", &d);
    assert!(bad.failure_observed && !good.failure_observed);
    // (4096 − 32) MiB of node memory at 16 MiB/s: 254 s.
    assert_eq!(m(&bad).first_oom_after_ms, Some(254_000));
    // 128Mi limit: (128 − 32) / 16 = 6 s, this container alone.
    assert_eq!(m(&good).first_oom_after_ms, Some(6_000));
    assert!(bad.outcome.en.contains("4096 MiB"), "{}", bad.outcome.en);
}

#[test]
fn no_requests_the_scheduler_reserves_nothing_for_thirty_pods() {
    let d = deployment("default", 2, &[], "");
    let (bad, good) = both("no-requests", &d);
    assert!(bad.failure_observed && !good.failure_observed);
    assert_eq!(
        (
            m(&bad).pods_seen,
            m(&bad).pending_pods,
            m(&bad).cpu_requested_milli
        ),
        (30, 0, 0)
    );
    // 500m each on 3 × 2 CPU: 12 fit, 18 wait.
    assert_eq!(
        (m(&good).pending_pods, m(&good).cpu_requested_milli),
        (18, 6_000)
    );
}

#[test]
fn latest_tag_every_restart_pulls_the_tag_again() {
    let d = deployment("default", 3, &[], "").replace("demo-app:1.0", "demo-app:latest");
    let (bad, good) = both("latest-tag", &d);
    assert!(bad.failure_observed && !good.failure_observed);
    assert_eq!((m(&bad).image_pulls, m(&bad).restarts), (6, 3));
    assert_eq!((m(&good).image_pulls, m(&good).restarts), (3, 3));
    assert!(good.experiment.files[0].1.contains("sunaba/demo-app:2.0"));
}

#[test]
fn single_replica_in_prod_a_node_failure_is_an_outage() {
    let (bad, good) = both("single-replica-in-prod", &deployment("prod", 1, &[], ""));
    assert!(bad.failure_observed && !good.failure_observed);
    assert_eq!(m(&bad).requests, 13_000);
    // Every request from the failure on (2 min), minus nothing: the pod is not replaced yet.
    assert!(m(&bad).errors >= 11_900, "{:?}", m(&bad));
    // Three replicas: a third of the requests fail until the node is noticed (~40–50 s).
    assert!(m(&good).errors <= 2_000, "{:?}", m(&good));
    assert!(bad.experiment.files[0].1.contains("kind: Namespace"));
    assert!(bad
        .steps
        .iter()
        .any(|s| s.command.starts_with("sim fail-node node-")));
}

#[test]
fn ignores_sigterm_scale_in_waits_the_whole_grace_period() {
    let d = deployment("default", 2, &[("IGNORE_SIGTERM", "true")], "");
    let (bad, good) = both("ignores-sigterm", &d);
    assert!(bad.failure_observed && !good.failure_observed);
    assert_eq!(m(&bad).longest_terminating_ms, Some(30_000));
    assert_eq!(m(&good).longest_terminating_ms, Some(500));
}

#[test]
fn grace_shorter_than_shutdown_sigkill_cuts_the_shutdown() {
    let d = deployment(
        "default",
        2,
        &[("SHUTDOWN_SECONDS", "25")],
        "      terminationGracePeriodSeconds: 10\n",
    );
    let (bad, good) = both("grace-shorter-than-shutdown", &d);
    assert!(bad.failure_observed && !good.failure_observed);
    assert_eq!(m(&bad).longest_terminating_ms, Some(10_000));
    assert_eq!(m(&good).longest_terminating_ms, Some(25_000));
    assert!(good.experiment.change.en.contains("35"));
}

#[test]
fn no_health_check_a_hung_ecs_task_stays_running() {
    let (bad, good) = both("no-health-check", ECS_TASK);
    assert!(bad.failure_observed && !good.failure_observed);
    assert_eq!(
        (m(&bad).health_check_replacements, m(&bad).tasks_running),
        (0, 1)
    );
    assert!(m(&good).health_check_replacements >= 2, "{:?}", m(&good));
}

#[test]
fn secret_in_environment_describe_task_definition_prints_it() {
    let (bad, good) = both("secret-in-environment", ECS_TASK);
    assert!(bad.failure_observed && !good.failure_observed);
    assert!(bad.steps.last().unwrap().output.contains("hunter2"));
    assert!(!good.steps.last().unwrap().output.contains("hunter2"));
    assert!(good.steps.last().unwrap().output.contains("secretsmanager"));
}

#[test]
fn a_bare_pod_with_its_own_service_is_killed_and_the_service_reused() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: front}\nspec:\n  selector: {app: front}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: front\n  labels: {app: front}\nspec:\n  containers:\n  - name: app\n    image: sunaba/demo-app:1.0\n    env: [{name: STARTUP_SECONDS, value: \"5\"}]\n";
    let (bad, good) = both("no-readiness-probe", text);
    assert!(good.experiment.files[0].1.contains("readinessProbe"));
    assert!(bad.failure_observed);
    assert!(bad
        .steps
        .iter()
        .any(|s| s.command == "sim traffic front 100"));
    assert!(bad
        .steps
        .iter()
        .any(|s| s.command == "sim kill -l app=front"));
    assert!(!bad
        .experiment
        .files
        .iter()
        .any(|(n, _)| n == "show-me.yaml"));
    assert!(m(&bad).errors >= 400, "{:?}", m(&bad));
    // One pod: the probe alone cannot help, nobody else can take the requests (the fix for
    // that is replicas); the run says so in its numbers instead of pretending.
    assert!(m(&good).errors >= 400, "{:?}", m(&good));
}

#[test]
fn the_same_finding_gives_the_same_run() {
    let d = deployment("default", 3, &[("STARTUP_SECONDS", "8")], "");
    let f = lint::lint("a.yaml", &d);
    let f = f.iter().find(|f| f.rule == "no-readiness-probe").unwrap();
    assert_eq!(experiments::show_me(f, &d), experiments::show_me(f, &d));
}

#[test]
fn rules_without_an_experiment_say_why_in_both_languages() {
    let d = deployment("default", 3, &[], "");
    let f = lint::lint("a.yaml", &d);
    let root = f.iter().find(|f| f.rule == "runs-as-root").unwrap();
    let why = experiments::show_me(root, &d).unwrap_err();
    assert!(why.en.contains("users and privileges") && !why.ja.is_empty());
    let nginx = d.replace("sunaba/demo-app:1.0", "nginx:1.27");
    let e = experiments::experiment("no-liveness-probe", &nginx, 20, Variant::AsWritten);
    assert!(e.unwrap_err().en.contains("HANG_AFTER"));
    for text in [
        "",
        "kind: Deployment",
        "[1, 2",
        "kind: Pod\nspec: 3",
        "{\"containerDefinitions\": 5}",
    ] {
        for rule in experiments::RULES_WITH_EXPERIMENTS {
            if let Ok(e) = experiments::experiment(rule, text, 1, Variant::Fixed) {
                let _ = experiments::run(&e, 1);
            }
        }
    }
}

#[test]
fn a_huge_deployment_is_capped_and_the_title_says_so() {
    let d = deployment("default", 5000, &[("IGNORE_SIGTERM", "true")], "");
    let (bad, _) = both("ignores-sigterm", &d);
    assert!(bad
        .experiment
        .title
        .en
        .ends_with("(replicas capped at 10 here)"));
    assert!(bad.experiment.files[0].1.contains("replicas: 10\n"));
    assert!(bad
        .steps
        .iter()
        .any(|s| s.command == "kubectl scale deployment/web --replicas=9"));
    assert_eq!(m(&bad).longest_terminating_ms, Some(30_000));
}

#[test]
fn every_rule_with_an_experiment_is_a_lint_rule() {
    for rule in experiments::RULES_WITH_EXPERIMENTS {
        assert!(lint::RULES.iter().any(|(r, _)| r == rule), "{rule}");
    }
}
