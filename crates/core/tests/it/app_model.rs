//! The app-implementation model: the same operations (create a PR environment, move it to
//! another account, delete it, roll out, scale in, crash) on a well-written and a badly
//! written app, with the outcome each gets — and the "why" note that explains it.
//!
//! Properties: config injected vs baked into the image; account values (the registry)
//! injected vs hard-coded; sessions in an external store vs in memory; SIGTERM handled vs
//! ignored; logs to stdout vs to a file; a readiness probe vs none with a slow start.

use sunaba_core::sim::registry::{ImageConfig, ImageRef, Registry};
use sunaba_core::{MapFiles, World};

const SANDBOX_ECR: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";

/// How the shop app is written.
#[derive(Clone, Copy)]
struct App {
    /// `CONFIG_SOURCE=image`: DATABASE_URL/APP_ENV read from the image's baked config.
    baked_config: bool,
    /// The image reference names the sandbox account's ECR.
    hard_coded_registry: bool,
    memory_sessions: bool,
    ignores_sigterm: bool,
    file_logs: bool,
    readiness: bool,
}

const GOOD: App = App {
    baked_config: false,
    hard_coded_registry: false,
    memory_sessions: false,
    ignores_sigterm: false,
    file_logs: false,
    readiness: true,
};

fn run(w: &mut World, files: &MapFiles, line: &str) -> String {
    sunaba_core::run(w, line, files).unwrap_or_else(|e| panic!("{line}: {}", e.message))
}

/// A world with the sandbox account (home cluster), a prod account with a cluster, the
/// staging database, the shop images in the sandbox ECR, and the app's base + staging overlay.
fn setup(app: App) -> (World, MapFiles) {
    let mut w = World::new(11);
    let none = MapFiles::default();
    run(&mut w, &none, "sim account create prod");
    run(
        &mut w,
        &none,
        "sim cluster create prod-cluster --account prod --nodes 3",
    );
    run(&mut w, &none, "sim db create staging-db --env staging");
    run(
        &mut w,
        &none,
        "aws ecr create-repository --repository-name shop",
    );
    let staging_db = w.cloud().accounts["123456789012"].databases["staging-db"]
        .endpoint
        .clone();
    let mut info = Registry::default_catalog()
        .lookup(&ImageRef::parse("sunaba/demo-app:1.0"))
        .cloned()
        .unwrap();
    if app.baked_config {
        info.config = Some(Box::new(ImageConfig {
            env: vec![
                ("CONFIG_SOURCE".into(), "image".into()),
                (
                    "DATABASE_URL".into(),
                    format!("postgres://{staging_db}:5432/app"),
                ),
                ("APP_ENV".into(), "staging".into()),
            ],
            ..Default::default()
        }));
    }
    w.push_image(&ImageRef::parse(&format!("{SANDBOX_ECR}/shop:1.0")), info)
        .unwrap();
    let image = if app.hard_coded_registry {
        format!("{SANDBOX_ECR}/shop:1.0")
    } else {
        "sunaba/demo-app:1.0".to_string()
    };
    let mut env = String::new();
    for (k, v, on) in [
        ("SESSION_STORE", "memory", app.memory_sessions),
        ("IGNORE_SIGTERM", "true", app.ignores_sigterm),
        ("LOG_FILE", "/var/log/shop.log", app.file_logs),
        ("STARTUP_SECONDS", "20", !app.readiness),
    ] {
        if on {
            env.push_str(&format!("        - name: {k}\n          value: \"{v}\"\n"));
        }
    }
    let env = if env.is_empty() {
        String::new()
    } else {
        format!("        env:\n{env}")
    };
    let readiness = if app.readiness {
        "        readinessProbe:\n          httpGet: {path: /healthz, port: 8080}\n          periodSeconds: 2\n"
    } else {
        ""
    };
    let deployment = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  replicas: 1\n  selector:\n    matchLabels: {{app: shop}}\n  template:\n    metadata:\n      labels: {{app: shop}}\n    spec:\n      containers:\n      - name: shop\n        image: {image}\n        ports:\n        - containerPort: 8080\n        envFrom:\n        - configMapRef:\n            name: app-config\n{env}{readiness}        resources:\n          requests: {{cpu: 100m, memory: 64Mi}}\n          limits: {{memory: 128Mi}}\n"
    );
    let mut f = MapFiles::default();
    let mut add = |p: &str, t: String| {
        f.0.insert(p.to_string(), t);
    };
    add("shop/base/deployment.yaml", deployment);
    add("shop/base/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: shop\nspec:\n  selector: {app: shop}\n  ports:\n  - port: 80\n    targetPort: 8080\n".into());
    add("shop/base/kustomization.yaml", "resources:\n- deployment.yaml\n- service.yaml\nconfigMapGenerator:\n- name: app-config\n  literals:\n  - APP_ENV=base\n".into());
    add("shop/overlays/staging/kustomization.yaml", format!("namespace: staging\nresources:\n- ../../base\nreplicas:\n- name: shop\n  count: 2\nconfigMapGenerator:\n- name: app-config\n  behavior: merge\n  literals:\n  - APP_ENV=staging\n  - DATABASE_URL=postgres://{staging_db}:5432/app\n"));
    run(&mut w, &f, "kubectl create namespace staging");
    run(&mut w, &f, "kubectl apply -k shop/overlays/staging");
    run(&mut w, &f, "sim wait 60s");
    (w, f)
}

fn codes(w: &World, context: &str, ns: &str) -> Vec<&'static str> {
    w.cluster_world(context)
        .unwrap()
        .why(ns)
        .iter()
        .map(|n| n.code)
        .collect()
}

fn logs(w: &mut World, f: &MapFiles, context: &str, ns: &str) -> String {
    let pods = run(
        w,
        f,
        &format!("kubectl --context {context} get pods -n {ns} -o name"),
    );
    let pod = pods
        .lines()
        .next()
        .expect("a pod")
        .trim_start_matches("pod/");
    run(
        w,
        f,
        &format!("kubectl --context {context} logs {pod} -n {ns}"),
    )
}

#[test]
fn staging_runs_for_both_apps() {
    for app in [
        GOOD,
        App {
            baked_config: true,
            hard_coded_registry: true,
            memory_sessions: true,
            ignores_sigterm: true,
            file_logs: false,
            readiness: true,
        },
    ] {
        let (mut w, f) = setup(app);
        let deps = run(&mut w, &f, "kubectl get deployments -n staging");
        assert!(deps.contains("shop   2/2"), "{deps}");
        assert!(!codes(&w, "sunaba", "staging").contains(&"shared-database"));
    }
}

#[test]
fn config_pr_environment_injected_gets_its_own_database_baked_talks_to_staging() {
    for baked in [false, true] {
        let (mut w, f) = setup(App {
            baked_config: baked,
            hard_coded_registry: true,
            ..GOOD
        });
        let out = run(
            &mut w,
            &f,
            "sim env create pr-42 --from shop/overlays/staging --with-db",
        );
        assert!(out.contains("database \"pr-42-db\" created"), "{out}");
        run(&mut w, &f, "sim wait 60s");
        let deps = run(&mut w, &f, "kubectl get deployments -n pr-42");
        assert!(deps.contains("shop   2/2"), "{deps}");
        let log = logs(&mut w, &f, "sunaba", "pr-42");
        let notes = codes(&w, "sunaba", "pr-42");
        if baked {
            assert!(log.contains("\"host\":\"staging-db."), "{log}");
            assert_eq!(notes, ["shared-database", "shared-database"]);
            let note = &w.why("pr-42")[0];
            assert!(note.en.contains("baked into the image"), "{}", note.en);
            assert!(note.ja.contains("焼き込まれ"), "{}", note.ja);
        } else {
            assert!(log.contains("\"host\":\"pr-42-db."), "{log}");
            assert!(notes.is_empty(), "{notes:?}");
        }
        // Deleting the environment takes its database and nothing else.
        let staging_pods = run(&mut w, &f, "kubectl get pods -n staging -o name");
        let out = run(&mut w, &f, "sim env delete pr-42");
        assert!(out.contains("database \"pr-42-db\" deleted"), "{out}");
        run(&mut w, &f, "sim wait 60s");
        assert_eq!(
            run(&mut w, &f, "kubectl get pods -n staging -o name"),
            staging_pods
        );
        assert!(run(&mut w, &f, "sim dbs").contains("staging-db"));
        assert!(!run(&mut w, &f, "sim dbs").contains("pr-42-db"));
        assert!(sunaba_core::run(&mut w, "kubectl get namespace pr-42", &f).is_err());
    }
}

#[test]
fn config_injected_moves_to_another_account_and_runs_with_that_accounts_database() {
    let (mut w, f) = setup(GOOD);
    run(
        &mut w,
        &f,
        "sim env create pr-7 --from shop/overlays/staging --with-db",
    );
    run(&mut w, &f, "sim wait 30s");
    let before = run(&mut w, &f, "kubectl get pods -n pr-7 -o name");
    let out = run(&mut w, &f, "sim env move pr-7 --to prod-cluster");
    assert!(
        out.contains("database \"pr-7-db\" created in account prod"),
        "{out}"
    );
    run(&mut w, &f, "sim wait 2m");
    let deps = run(
        &mut w,
        &f,
        "kubectl --context prod-cluster get deployments -n pr-7",
    );
    assert!(deps.contains("shop   2/2"), "{deps}");
    let log = logs(&mut w, &f, "prod-cluster", "pr-7");
    let prod_db = &w
        .cloud()
        .accounts
        .values()
        .find(|a| a.name == "prod")
        .unwrap()
        .databases["pr-7-db"];
    assert!(
        log.contains(&format!("\"host\":\"{}\"", prod_db.endpoint)),
        "{log}"
    );
    assert!(codes(&w, "prod-cluster", "pr-7").is_empty());
    assert!(!before.is_empty());
    assert!(sunaba_core::run(&mut w, "kubectl get namespace pr-7", &f).is_err());
}

#[test]
fn baked_config_in_another_account_times_out_and_explains_itself() {
    let (mut w, f) = setup(App {
        baked_config: true,
        hard_coded_registry: true,
        ..GOOD
    });
    // The registry is shared with prod on purpose here, so only the baked config differs.
    run(&mut w, &f, "sim ecr allow-pull shop --from prod");
    run(
        &mut w,
        &f,
        "sim env create pr-7 --from shop/overlays/staging --with-db --context prod-cluster",
    );
    run(&mut w, &f, "sim wait 3m");
    let pods = run(
        &mut w,
        &f,
        "kubectl --context prod-cluster get pods -n pr-7",
    );
    assert_eq!(
        crate::common::column(&pods, "STATUS"),
        ["CrashLoopBackOff", "CrashLoopBackOff"],
        "at 3m\n{pods}"
    );
    let notes = codes(&w, "prod-cluster", "pr-7");
    assert!(notes.contains(&"database-other-account"), "{notes:?}");
    let pod = pods
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let previous = run(
        &mut w,
        &f,
        &format!("kubectl --context prod-cluster logs {pod} -n pr-7 --previous"),
    );
    assert!(
        previous.contains("connect ETIMEDOUT staging-db."),
        "{previous}"
    );
}

#[test]
fn hard_coded_registry_cannot_be_pulled_after_a_move() {
    for hard in [false, true] {
        let (mut w, f) = setup(App {
            hard_coded_registry: hard,
            ..GOOD
        });
        run(
            &mut w,
            &f,
            "sim env create pr-9 --from shop/overlays/staging --with-db",
        );
        run(&mut w, &f, "sim env move pr-9 --to prod-cluster");
        run(&mut w, &f, "sim wait 2m");
        let pods = run(
            &mut w,
            &f,
            "kubectl --context prod-cluster get pods -n pr-9",
        );
        let notes = codes(&w, "prod-cluster", "pr-9");
        if hard {
            assert_eq!(
                crate::common::column(&pods, "STATUS"),
                ["ImagePullBackOff", "ImagePullBackOff"],
                "at 2m\n{pods}"
            );
            assert!(notes.contains(&"image-other-account"), "{notes:?}");
        } else {
            assert_eq!(pods.matches("Running").count(), 2, "{pods}");
            assert!(notes.is_empty(), "{notes:?}");
        }
        // The original is gone, staging untouched.
        assert!(sunaba_core::run(&mut w, "kubectl get namespace pr-9", &f).is_err());
        assert!(run(&mut w, &f, "kubectl get deployments -n staging").contains("2/2"));
    }
}

/// Session errors of the staging Service over the last `ticks` seconds.
fn session_errors(w: &World, ticks: usize) -> (u32, u32) {
    let samples = &w.traffic_samples()["staging/shop"];
    samples
        .iter()
        .rev()
        .take(ticks)
        .fold((0, 0), |(e, s), x| (e + x.errors, s + x.session_errors))
}

#[test]
fn sessions_in_memory_fail_with_two_replicas_and_after_a_crash() {
    for memory in [false, true] {
        let (mut w, f) = setup(App {
            memory_sessions: memory,
            ..GOOD
        });
        run(&mut w, &f, "sim traffic shop 20 -n staging");
        run(&mut w, &f, "sim wait 60s");
        let (_, lost) = session_errors(&w, 60);
        let notes = codes(&w, "sunaba", "staging");
        if memory {
            assert!(
                lost > 60,
                "with 2 replicas users bounce between them: {lost}"
            );
            assert!(notes.contains(&"local-sessions"), "{notes:?}");
        } else {
            assert_eq!(lost, 0);
            assert!(notes.is_empty(), "{notes:?}");
        }
        // One replica: fine until it restarts, then every user is logged out once.
        run(
            &mut w,
            &f,
            "kubectl scale deployment shop --replicas 1 -n staging",
        );
        run(&mut w, &f, "sim wait 60s");
        let (_, steady) = session_errors(&w, 30);
        assert_eq!(steady, 0, "one replica keeps every session");
        let pod = run(&mut w, &f, "kubectl get pods -n staging -o name");
        let pod = pod
            .lines()
            .next()
            .unwrap()
            .trim_start_matches("pod/")
            .to_string();
        run(&mut w, &f, &format!("sim crash {pod} 1 -n staging"));
        run(&mut w, &f, "sim wait 30s");
        let (_, after_crash) = session_errors(&w, 30);
        if memory {
            assert!(after_crash > 0, "a restart forgets every session");
        } else {
            assert_eq!(after_crash, 0);
        }
    }
}

#[test]
fn ignoring_sigterm_stalls_every_scale_in_for_the_grace_period() {
    for ignores in [false, true] {
        let (mut w, f) = setup(App {
            ignores_sigterm: ignores,
            ..GOOD
        });
        run(
            &mut w,
            &f,
            "kubectl scale deployment shop --replicas 1 -n staging",
        );
        run(&mut w, &f, "sim wait 5s");
        let pods = run(&mut w, &f, "kubectl get pods -n staging");
        let notes = codes(&w, "sunaba", "staging");
        if ignores {
            assert!(pods.contains("Terminating"), "{pods}");
            assert_eq!(notes, ["ignores-sigterm"]);
        } else {
            assert!(!pods.contains("Terminating"), "{pods}");
            assert!(notes.is_empty(), "{notes:?}");
        }
        run(&mut w, &f, "sim wait 30s");
        assert!(!run(&mut w, &f, "kubectl get pods -n staging").contains("Terminating"));
    }
}

#[test]
fn file_logs_leave_kubectl_logs_empty() {
    for file in [false, true] {
        let (mut w, f) = setup(App {
            file_logs: file,
            ..GOOD
        });
        let log = logs(&mut w, &f, "sunaba", "staging");
        let notes = codes(&w, "sunaba", "staging");
        if file {
            assert_eq!(log, "");
            assert_eq!(notes, ["file-logs", "file-logs"]);
        } else {
            assert!(log.contains("demo-app starting"), "{log}");
            assert!(notes.is_empty());
        }
    }
}

#[test]
fn a_slow_start_without_readiness_costs_requests_in_a_rollout() {
    let mut errors = Vec::new();
    for readiness in [true, false] {
        let (mut w, f) = setup(App { readiness, ..GOOD });
        run(&mut w, &f, "sim traffic shop 20 -n staging");
        run(&mut w, &f, "sim wait 30s");
        run(
            &mut w,
            &f,
            "kubectl rollout restart deployment/shop -n staging",
        );
        run(&mut w, &f, "sim wait 90s");
        errors.push(session_errors(&w, 90).0);
    }
    // With readiness only the second of kube-proxy lag per replaced pod is lost (preStop
    // would close that); without it, every starting pod takes requests for 20 s.
    assert!(
        errors[0] * 5 < errors[1],
        "without readiness, requests reach starting pods: {errors:?}"
    );
    assert!(errors[1] > 100, "{errors:?}");
}

/// A Fargate task definition running `image` with `env`.
fn task_definition(image: &str, env: &[(&str, &str)]) -> String {
    let env: Vec<String> = env
        .iter()
        .map(|(k, v)| format!(r#"{{"name":"{k}","value":"{v}"}}"#))
        .collect();
    format!(
        r#"{{"family":"shop","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"256","memory":"512",
        "containerDefinitions":[{{"name":"shop","image":"{image}","essential":true,
        "portMappings":[{{"containerPort":8080}}],"environment":[{}]}}]}}"#,
        env.join(",")
    )
}

/// The first task's `lastStatus` and `stoppedReason` after `wait`.
fn run_one_task(w: &mut World, task: &str, wait: &str) -> (String, String) {
    let mut f = MapFiles::default();
    f.0.insert("task.json".into(), task.to_string());
    let none = MapFiles::default();
    run(
        w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://task.json",
    );
    let out = run(
        w,
        &none,
        "aws ecs run-task --task-definition shop --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}",
    );
    let arn = out
        .split('"')
        .find(|s| s.contains(":task/"))
        .expect("a task arn")
        .to_string();
    // ARNs name the account the cluster runs in.
    let account = w.active().account().unwrap().id.clone();
    assert!(
        arn.starts_with(&format!("arn:aws:ecs:us-east-1:{account}:task/")),
        "{arn}"
    );
    let id = arn.rsplit('/').next().unwrap().to_string();
    run(w, &none, &format!("sim wait {wait}"));
    let d = run(w, &none, &format!("aws ecs describe-tasks --tasks {id}"));
    let v: serde_json::Value = serde_json::from_str(&d).unwrap();
    let t = &v["tasks"][0];
    (
        t["lastStatus"].as_str().unwrap_or_default().to_string(),
        format!(
            "{} {}",
            t["stoppedReason"].as_str().unwrap_or_default(),
            t["containers"][0]["reason"].as_str().unwrap_or_default()
        ),
    )
}

#[test]
fn ecs_tasks_in_another_account_break_the_same_way() {
    let (mut w, f) = setup(GOOD);
    run(&mut w, &f, "kubectl config use-context prod-cluster");
    let staging_db = w.cloud().accounts["123456789012"].databases["staging-db"]
        .endpoint
        .clone();
    // The image names the sandbox account's registry: ECR refuses the prod account.
    let image = format!("{SANDBOX_ECR}/shop:1.0");
    let (status, reason) = run_one_task(&mut w, &task_definition(&image, &[]), "2m");
    assert_eq!(status, "STOPPED", "{reason}");
    assert!(reason.contains("CannotPullContainerError"), "{reason}");
    assert!(reason.contains("403 Forbidden"), "{reason}");
    // With the repository policy, the same task runs.
    run(
        &mut w,
        &f,
        "sim ecr allow-pull shop --from prod --profile sandbox",
    );
    let (status, reason) = run_one_task(&mut w, &task_definition(&image, &[]), "1m");
    assert_eq!(status, "RUNNING", "{reason}");
    // A DATABASE_URL of the sandbox account: the connection times out and the task stops.
    let url = format!("postgres://{staging_db}:5432/app");
    let (status, reason) = run_one_task(
        &mut w,
        &task_definition(&image, &[("DATABASE_URL", &url)]),
        "2m",
    );
    assert_eq!(status, "STOPPED", "{reason}");
    assert!(
        reason.contains("Essential container in task exited"),
        "{reason}"
    );
    // Its own account's database: runs.
    run(
        &mut w,
        &f,
        "sim db create prod-db --account prod --env prod",
    );
    let prod_db = w
        .cloud()
        .accounts
        .values()
        .find(|a| a.name == "prod")
        .unwrap()
        .databases["prod-db"]
        .endpoint
        .clone();
    let url = format!("postgres://{prod_db}:5432/app");
    let (status, reason) = run_one_task(
        &mut w,
        &task_definition(&image, &[("DATABASE_URL", &url)]),
        "1m",
    );
    assert_eq!(status, "RUNNING", "{reason}");
}
