//! Amazon ECS at run time: tasks on container instances and Fargate, the service scheduler's
//! replacements, rolling-update bounds, circuit breaker, placement strategies and the
//! `aws ecs` outputs — with the numbers and wording of ../shared/reference/ecs.md.

use serde_json::Value;
use sunaba_core::ecs::task::Health;
use sunaba_core::lang::side_by_side;
use sunaba_core::{MapFiles, World};

/// An EC2 task definition of one essential container.
fn ec2_task(family: &str, image: &str, env: &[(&str, &str)], memory: u32) -> String {
    let env: Vec<String> = env
        .iter()
        .map(|(k, v)| format!(r#"{{"name": "{k}", "value": "{v}"}}"#))
        .collect();
    format!(
        r#"{{"family": "{family}", "containerDefinitions": [{{"name": "app", "image": "{image}", "cpu": 256, "memory": {memory}, "environment": [{}]}}]}}"#,
        env.join(", ")
    )
}

fn files(entries: &[(&str, String)]) -> MapFiles {
    let mut f = MapFiles::default();
    for (k, v) in entries {
        f.0.insert((*k).into(), v.clone());
    }
    f
}

fn run(w: &mut World, f: &MapFiles, cmd: &str) -> Value {
    let out = sunaba_core::run(w, cmd, f).unwrap_or_else(|e| panic!("{cmd}: {}", e.message));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{cmd}: {e}\n{out}"))
}

fn sim(w: &mut World, cmd: &str) {
    sunaba_core::run(w, cmd, &MapFiles::default())
        .unwrap_or_else(|e| panic!("{cmd}: {}", e.message));
}

fn advance_checked(w: &mut World, ms: u64) {
    let end = w.now_ms() + ms;
    while w.now_ms() < end {
        w.advance_by(250.min(end - w.now_ms()));
        w.check_invariants().unwrap();
    }
}

fn service(w: &mut World, f: &MapFiles, name: &str) -> Value {
    run(
        w,
        f,
        &format!("aws ecs describe-services --services {name}"),
    )["services"][0]
        .clone()
}

fn events(svc: &Value) -> Vec<String> {
    svc["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_string())
        .collect()
}

/// Tasks of a service that the scheduler counts (not asked to stop), and how many are healthy.
fn counts(w: &World, service: &str) -> (usize, usize) {
    let tasks: Vec<_> = w
        .ecs()
        .tasks
        .values()
        .filter(|t| t.service.as_deref() == Some(&*format!("default/{service}")) && t.is_active())
        .collect();
    (
        tasks.len(),
        tasks.iter().filter(|t| t.counts_healthy()).count(),
    )
}

#[test]
fn essential_container_exit_stops_the_task_and_the_service_replaces_it() {
    let f = files(&[(
        "crash.json",
        ec2_task(
            "api",
            "sunaba/demo-app:1.0",
            &[("EXIT_AFTER", "20s"), ("EXIT_CODE", "3")],
            256,
        ),
    )]);
    let mut w = World::new(11);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://crash.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --service-name api --task-definition api --desired-count 1",
    );
    advance_checked(&mut w, 10_000);
    let first = run(&mut w, &f, "aws ecs list-tasks --service-name api")["taskArns"][0]
        .as_str()
        .unwrap()
        .to_string();
    let id = first.rsplit('/').next().unwrap().to_string();
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(
        (t["lastStatus"].as_str(), t["desiredStatus"].as_str()),
        (Some("RUNNING"), Some("RUNNING"))
    );
    // The app exits 20 s after starting: the task stops, it is not restarted in place.
    advance_checked(&mut w, 15_000);
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(t["lastStatus"], "STOPPED", "{t:#}");
    assert_eq!(t["desiredStatus"], "STOPPED");
    assert_eq!(t["stopCode"], "EssentialContainerExited");
    assert_eq!(t["stoppedReason"], "Essential container in task exited");
    assert_eq!(t["containers"][0]["exitCode"], 3);
    assert_eq!(t["containers"][0]["lastStatus"], "STOPPED");
    // …and the service scheduler started a *new* task.
    let running = run(&mut w, &f, "aws ecs list-tasks --service-name api")["taskArns"].clone();
    let running = running.as_array().unwrap();
    assert_eq!(running.len(), 1);
    assert_ne!(
        running[0].as_str().unwrap(),
        first,
        "a replacement, not a restart"
    );
    let svc = service(&mut w, &f, "api");
    let ev = events(&svc);
    assert_eq!(
        ev[0], "(service api) has reached a steady state.",
        "newest first"
    );
    assert!(
        ev[1].starts_with("(service api) has started 1 tasks: (task "),
        "{ev:#?}"
    );
    assert!(
        ev[1].contains(&running[0].as_str().unwrap()[60..]),
        "{ev:#?}"
    );
    // The reconcile inspector sees the service scheduler's passes: desired vs observed → action.
    let passes: Vec<_> = w
        .reconcile_log()
        .iter()
        .filter(|r| r.controller == "ecs-service-scheduler" && r.object == "service/api")
        .collect();
    assert_eq!(passes[0].action, "start 1 task", "{passes:#?}");
    assert_eq!((passes[0].desired, passes[0].observed), (1, 0));
    assert_eq!(
        passes.last().unwrap().action,
        "start 1 task",
        "the replacement"
    );
    // The pod that ran it is gone; Kubernetes never saw a restart count.
    let stopped = run(&mut w, &f, "aws ecs list-tasks --desired-status STOPPED")["taskArns"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(stopped, 1);
    let pods = sunaba_core::run(&mut w, "kubectl get pods -A", &f).unwrap();
    assert!(
        !pods.contains("ecs:"),
        "ECS tasks are not Kubernetes pods to kubectl:\n{pods}"
    );
}

#[test]
fn a_non_essential_container_exit_keeps_the_task_running() {
    let def = r#"{"family": "job", "containerDefinitions": [
        {"name": "web", "image": "nginx:1.27", "memory": 128},
        {"name": "once", "image": "busybox:1.36", "memory": 32, "essential": false,
         "command": ["sh", "-c", "echo hi; sleep 2; exit 1"]}]}"#;
    let f = files(&[("job.json", def.into())]);
    let mut w = World::new(3);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://job.json",
    );
    let out = run(&mut w, &f, "aws ecs run-task --task-definition job");
    let id = out["tasks"][0]["taskArn"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    advance_checked(&mut w, 30_000);
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(t["lastStatus"], "RUNNING", "{t:#}");
    let once = t["containers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "once")
        .unwrap();
    assert_eq!(
        (once["lastStatus"].as_str(), once["exitCode"].as_i64()),
        (Some("STOPPED"), Some(1))
    );
}

#[test]
fn rolling_update_of_6_tasks_at_50_150_stays_within_3_healthy_and_9_tasks() {
    let service_json = r#"{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 6,
        "launchType": "EC2",
        "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 150}}"#;
    let f = files(&[
        (
            "v1.json",
            ec2_task(
                "web",
                "sunaba/demo-app:1.0",
                &[("STARTUP_SECONDS", "3")],
                256,
            ),
        ),
        (
            "v2.json",
            ec2_task(
                "web",
                "sunaba/demo-app:2.0",
                &[("STARTUP_SECONDS", "3")],
                256,
            ),
        ),
        ("svc.json", service_json.into()),
    ]);
    let mut w = World::new(5);
    sim(&mut w, "sim nodes 4 --cpu 4 --memory 8Gi");
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://v1.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    advance_checked(&mut w, 20_000);
    assert_eq!(counts(&w, "web"), (6, 6));
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://v2.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs update-service --service web --task-definition web:2",
    );
    let (mut max_seen, mut min_healthy) = (0, usize::MAX);
    for _ in 0..600 {
        w.advance_by(100);
        w.check_invariants().unwrap();
        let (n, healthy) = counts(&w, "web");
        max_seen = max_seen.max(n);
        min_healthy = min_healthy.min(healthy);
        assert!(
            n <= 9,
            "maximumPercent 150 % of 6 = 9 (rounded down); saw {n}"
        );
        assert!(
            healthy >= 3,
            "minimumHealthyPercent 50 % of 6 = 3 (rounded up); saw {healthy}"
        );
    }
    assert_eq!(max_seen, 9, "the update used the room it had");
    assert_eq!(min_healthy, 3, "and went down to the minimum");
    let svc = service(&mut w, &f, "web");
    assert_eq!(svc["deployments"].as_array().unwrap().len(), 1, "{svc:#}");
    assert_eq!(svc["deployments"][0]["rolloutState"], "COMPLETED");
    assert!(svc["taskDefinition"].as_str().unwrap().ends_with("web:2"));
    assert!(w
        .ecs()
        .tasks
        .values()
        .filter(|t| t.is_active())
        .all(|t| t.revision == 2));
    assert_eq!(events(&svc)[0], "(service web) has reached a steady state.");
}

#[test]
fn rounding_follows_ecs_min_up_max_down() {
    // 5 tasks at 50 % / 150 %: at least ceil(2.5) = 3 healthy, at most floor(7.5) = 7 tasks.
    let service_json = r#"{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 5,
        "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 150}}"#;
    let f = files(&[
        ("v1.json", ec2_task("web", "nginx:1.25", &[], 128)),
        ("v2.json", ec2_task("web", "nginx:1.27", &[], 128)),
        ("svc.json", service_json.into()),
    ]);
    let mut w = World::new(8);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://v1.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    advance_checked(&mut w, 15_000);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://v2.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs update-service --service web --task-definition web:2",
    );
    let mut max_seen = 0;
    let mut min_healthy = usize::MAX;
    for _ in 0..300 {
        w.advance_by(100);
        let (n, h) = counts(&w, "web");
        max_seen = max_seen.max(n);
        min_healthy = min_healthy.min(h);
    }
    assert_eq!((max_seen, min_healthy), (7, 3));
}

#[test]
fn the_circuit_breaker_rolls_a_crashing_revision_back() {
    let service_json = r#"{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 6,
        "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 150,
          "deploymentCircuitBreaker": {"enable": true, "rollback": true}}}"#;
    let f = files(&[
        ("v1.json", ec2_task("web", "sunaba/demo-app:1.0", &[], 256)),
        // The new version exits 2 s after it starts, before its first health check passes.
        (
            "v2.json",
            r#"{"family": "web", "containerDefinitions": [{"name": "app",
                "image": "sunaba/demo-app:2.0", "memory": 256,
                "environment": [{"name": "EXIT_AFTER", "value": "2s"}],
                "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/healthz"],
                                "interval": 5}}]}"#
                .into(),
        ),
        ("svc.json", service_json.into()),
    ]);
    let mut w = World::new(21);
    sim(&mut w, "sim nodes 4 --cpu 4 --memory 8Gi");
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://v1.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    advance_checked(&mut w, 20_000);
    let first = service(&mut w, &f, "web")["deployments"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://v2.json",
    );
    let updated = run(
        &mut w,
        &f,
        "aws ecs update-service --service web --task-definition web:2",
    );
    let failing = updated["service"]["deployments"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(first, failing);
    advance_checked(&mut w, 120_000);
    let svc = service(&mut w, &f, "web");
    let ev = events(&svc);
    let failed_at = ev
        .iter()
        .position(|e| {
            *e == format!(
                "(service web) (deployment {failing}) deployment failed: tasks failed to start."
            )
        })
        .unwrap_or_else(|| panic!("{ev:#?}"));
    let rolled = ev
        .iter()
        .position(|e| *e == format!("(service web) rolling back to deployment {first}."))
        .unwrap_or_else(|| panic!("{ev:#?}"));
    assert!(
        rolled < failed_at,
        "rollback after the failure (newest first)"
    );
    // Threshold for 6 tasks: max(3, 0.5 × 6) = 3 failed tasks.
    let stopped_v2 = w
        .ecs()
        .tasks
        .values()
        .filter(|t| {
            t.revision == 2
                && t.stop_code
                    == Some(sunaba_core::sim::ecs_status::StopCode::EssentialContainerExited)
        })
        .count();
    assert!(stopped_v2 >= 3, "{stopped_v2}");
    assert!(
        svc["taskDefinition"].as_str().unwrap().ends_with("web:1"),
        "{svc:#}"
    );
    assert_eq!(svc["deployments"][0]["rolloutState"], "COMPLETED");
    assert_eq!(counts(&w, "web"), (6, 6));
    assert!(w
        .ecs()
        .tasks
        .values()
        .filter(|t| t.is_active())
        .all(|t| t.revision == 1));
}

#[test]
fn binpack_fills_one_instance_spread_uses_them_all() {
    let mk = |strategy: &str| {
        format!(
            r#"{{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 4,
              "placementStrategy": [{strategy}]}}"#
        )
    };
    let f = files(&[
        ("web.json", ec2_task("web", "nginx:1.27", &[], 512)),
        (
            "binpack.json",
            mk(r#"{"type": "binpack", "field": "memory"}"#),
        ),
        (
            "spread.json",
            mk(r#"{"type": "spread", "field": "instanceId"}"#),
        ),
    ]);
    let nodes_used = |file: &str| {
        let mut w = World::new(4);
        sim(&mut w, "sim nodes 4 --cpu 4 --memory 8Gi");
        run(
            &mut w,
            &f,
            "aws ecs register-task-definition --cli-input-json file://web.json",
        );
        run(
            &mut w,
            &f,
            &format!("aws ecs create-service --cli-input-json file://{file}"),
        );
        advance_checked(&mut w, 10_000);
        let mut nodes: Vec<String> = w
            .ecs()
            .tasks
            .values()
            .filter(|t| t.is_active())
            .map(|t| t.node.clone())
            .collect();
        nodes.sort();
        nodes.dedup();
        nodes.len()
    };
    assert_eq!(
        nodes_used("binpack.json"),
        1,
        "binpack: least memory left first"
    );
    assert_eq!(nodes_used("spread.json"), 4, "spread over instances");
}

#[test]
fn distinct_instance_leaves_tasks_unplaced_with_ecs_wording() {
    let svc = r#"{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 4,
        "placementConstraints": [{"type": "distinctInstance"}]}"#;
    let f = files(&[
        ("web.json", ec2_task("web", "nginx:1.27", &[], 128)),
        ("svc.json", svc.into()),
    ]);
    let mut w = World::new(2); // 3 instances
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    advance_checked(&mut w, 10_000);
    assert_eq!(counts(&w, "web").0, 3);
    let svc = service(&mut w, &f, "web");
    assert!(
        events(&svc).iter().any(|e| e.starts_with(
            "(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance "
        ) && e.contains("distinctInstance")),
        "{:#?}",
        events(&svc)
    );
    // A fourth instance: the scheduler places the last task there.
    sim(&mut w, "sim add-node node-4");
    advance_checked(&mut w, 10_000);
    assert_eq!(counts(&w, "web"), (4, 4));
}

#[test]
fn insufficient_memory_is_reported_not_pending_forever_silently() {
    let f = files(&[("big.json", ec2_task("big", "nginx:1.27", &[], 3000))]);
    let mut w = World::new(2); // 3 × 4 GiB
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://big.json",
    );
    let out = run(
        &mut w,
        &f,
        "aws ecs run-task --task-definition big --count 4",
    );
    assert_eq!(out["tasks"].as_array().unwrap().len(), 3);
    assert_eq!(out["failures"][0]["reason"], "RESOURCE:MEMORY", "{out:#}");
    run(
        &mut w,
        &f,
        "aws ecs create-service --service-name big --task-definition big --desired-count 1",
    );
    let svc = service(&mut w, &f, "big");
    let ev = events(&svc);
    assert!(
        ev[0].ends_with("has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."),
        "{ev:#?}"
    );
}

#[test]
fn failing_health_checks_make_the_task_unhealthy_and_replaced() {
    let def = r#"{"family": "api", "containerDefinitions": [{"name": "api",
        "image": "sunaba/demo-app:1.0", "memory": 256,
        "environment": [{"name": "UNHEALTHY_AFTER", "value": "60s"}],
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/healthz || exit 1"],
                        "interval": 10, "retries": 3, "startPeriod": 5}}]}"#;
    let f = files(&[("api.json", def.into())]);
    let mut w = World::new(9);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://api.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --service-name api --task-definition api --desired-count 1",
    );
    advance_checked(&mut w, 30_000);
    let t = w.ecs().tasks.values().next().unwrap().clone();
    assert_eq!(t.health, Health::Healthy);
    let d = &run(
        &mut w,
        &f,
        &format!("aws ecs describe-tasks --tasks {}", t.id),
    )["tasks"][0];
    assert_eq!(
        (
            d["healthStatus"].as_str(),
            d["containers"][0]["healthStatus"].as_str()
        ),
        (Some("HEALTHY"), Some("HEALTHY"))
    );
    // From 60 s the app answers 500: three failed checks 10 s apart → UNHEALTHY → replaced.
    advance_checked(&mut w, 70_000);
    let d = &run(
        &mut w,
        &f,
        &format!("aws ecs describe-tasks --tasks {}", t.id),
    )["tasks"][0];
    assert_eq!(d["desiredStatus"], "STOPPED", "{d:#}");
    assert_eq!(d["stoppedReason"], "Task failed container health checks");
    // The view says so without its text: a scale-in has the same stopCode.
    let view = w.cluster_view();
    let stopped = view.ecs.tasks.iter().find(|v| v.id == t.id).unwrap();
    assert_eq!(
        (
            stopped.stop_code,
            stopped.health,
            stopped.failed_health_checks
        ),
        (
            Some(sunaba_core::sim::ecs_status::StopCode::ServiceSchedulerInitiated),
            Health::Unhealthy,
            true
        )
    );
    assert!(
        view.ecs
            .tasks
            .iter()
            .all(|v| v.id == t.id || !v.failed_health_checks),
        "only the unhealthy task"
    );
    let ev = events(&service(&mut w, &f, "api"));
    assert!(
        ev.contains(&format!(
            "(service api) (task {}) failed container health checks.",
            t.id
        )),
        "{ev:#?}"
    );
    assert_eq!(counts(&w, "api").0, 1, "a replacement runs");
}

#[test]
fn a_missing_image_stops_the_task_with_cannot_pull_container_error() {
    let f = files(&[("bad.json", ec2_task("bad", "nginx:1.99-typo", &[], 128))]);
    let mut w = World::new(1);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://bad.json",
    );
    let out = run(&mut w, &f, "aws ecs run-task --task-definition bad");
    let id = out["tasks"][0]["taskArn"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    advance_checked(&mut w, 10_000);
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(t["lastStatus"], "STOPPED");
    assert_eq!(t["stopCode"], "TaskFailedToStart");
    assert!(
        t["stoppedReason"]
            .as_str()
            .unwrap()
            .starts_with("CannotPullContainerError: "),
        "{t:#}"
    );
}

#[test]
fn tasks_that_keep_failing_to_start_get_throttled() {
    // PENDING → STOPPED again and again (the image does not exist).
    let f = files(&[(
        "crash.json",
        ec2_task("crash", "sunaba/demo-app:9.9", &[], 128),
    )]);
    let mut w = World::new(4);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://crash.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --service-name crash --task-definition crash --desired-count 1",
    );
    advance_checked(&mut w, 600_000);
    let ev = events(&service(&mut w, &f, "crash"));
    assert!(
        ev.iter().any(|e| e
            .starts_with("(service crash) is unable to consistently start tasks successfully.")),
        "{ev:#?}"
    );
    // Throttled: launches back off (10 s, 20 s, 40 s … up to 15 min) instead of one a second.
    let started = w.ecs().tasks.len();
    assert!(started < 15, "launches back off: {started} tasks in 10 min");
}

#[test]
fn stop_task_and_delete_service() {
    let f = files(&[("web.json", ec2_task("web", "nginx:1.27", &[], 128))]);
    let mut w = World::new(6);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --service-name web --task-definition web --desired-count 2",
    );
    advance_checked(&mut w, 10_000);
    let id = w.ecs().tasks.keys().next().unwrap().clone();
    let out = run(
        &mut w,
        &f,
        &format!("aws ecs stop-task --task {id} --reason \"testing auto-healing\""),
    );
    assert_eq!(out["task"]["desiredStatus"], "STOPPED");
    assert_eq!(out["task"]["stopCode"], "UserInitiated");
    assert_eq!(out["task"]["stoppedReason"], "testing auto-healing");
    advance_checked(&mut w, 10_000);
    assert_eq!(counts(&w, "web"), (2, 2), "the service replaced it");
    let e = sunaba_core::run(&mut w, "aws ecs delete-service --service web", &f).unwrap_err();
    assert_eq!(
        e.message,
        "An error occurred (InvalidParameterException) when calling the DeleteService operation: The service cannot be stopped while it is scaled above 0."
    );
    let out = run(&mut w, &f, "aws ecs delete-service --service web --force");
    assert_eq!(out["service"]["status"], "DRAINING");
    advance_checked(&mut w, 40_000);
    assert!(w.ecs().tasks.values().all(|t| t.is_stopped()));
    let out = run(&mut w, &f, "aws ecs describe-services --services web");
    assert_eq!(out["services"][0]["status"], "INACTIVE", "{out:#}");
    let out = run(&mut w, &f, "aws ecs list-services");
    assert_eq!(out["serviceArns"].as_array().unwrap().len(), 0);
}

#[test]
fn fargate_tasks_need_no_instances_but_start_slower() {
    const WEB: &str = include_str!("../../../../www/examples/ecs/web-fargate.task.json");
    let f = files(&[("web.json", WEB.into())]);
    let mut w = World::empty(3); // not a single container instance
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    let e = sunaba_core::run(
        &mut w,
        "aws ecs run-task --task-definition web --launch-type EC2",
        &f,
    )
    .unwrap_err();
    assert!(
        e.message.contains("does not support launch_type EC2"),
        "{}",
        e.message
    );
    let out = run(
        &mut w,
        &f,
        "aws ecs run-task --task-definition web --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}",
    );
    let t = &out["tasks"][0];
    assert_eq!(t["lastStatus"], "PROVISIONING");
    assert!(t.get("containerInstanceArn").is_none());
    let id = t["taskArn"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    advance_checked(&mut w, 10_000);
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(
        t["lastStatus"], "PROVISIONING",
        "Fargate takes longer to start"
    );
    advance_checked(&mut w, 30_000);
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(t["lastStatus"], "RUNNING", "{t:#}");
    assert_eq!(
        t["healthStatus"], "UNKNOWN",
        "the first check runs one interval (30 s) after start"
    );
    advance_checked(&mut w, 30_000);
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(
        t["healthStatus"], "HEALTHY",
        "curl -f http://localhost/ against nginx"
    );
    // Fargate capacity is nobody's node or container instance.
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get nodes", &f).unwrap(),
        "No resources found\n"
    );
    let ci = run(&mut w, &f, "aws ecs list-container-instances");
    assert_eq!(ci["containerInstanceArns"].as_array().unwrap().len(), 0);
}

#[test]
fn describe_tasks_has_the_aws_cli_shape() {
    let f = files(&[("web.json", ec2_task("web", "nginx:1.27", &[], 128))]);
    let mut w = World::new(1);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    let out = sunaba_core::run(&mut w, "aws ecs run-task --task-definition web:1", &f).unwrap();
    assert!(
        out.starts_with("{\n    \"tasks\": [\n        {\n            \"attachments\": []"),
        "{out}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let t = &v["tasks"][0];
    let keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(
        keys, sorted,
        "ECS returns task fields in alphabetical order"
    );
    assert_eq!(t["group"], "family:web");
    assert_eq!(t["memory"], "128");
    assert_eq!(t["cpu"], "256");
    assert_eq!(t["launchType"], "EC2");
    let e = sunaba_core::run(&mut w, "aws ecs describe-tasks --tasks nope", &f).unwrap();
    assert!(e.contains("\"reason\": \"MISSING\""), "{e}");
}

#[test]
fn the_realistic_ec2_service_runs_its_sidecar_and_dependency() {
    const TASK: &str = include_str!("../../../../www/examples/ecs/api-ec2.task.json");
    const SERVICE: &str = include_str!("../../../../www/examples/ecs/api.service.json");
    let f = files(&[("api.json", TASK.into()), ("svc.json", SERVICE.into())]);
    let mut w = World::new(12);
    sim(&mut w, "sim nodes 6 --cpu 2 --memory 4Gi");
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://api.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    advance_checked(&mut w, 60_000);
    let svc = service(&mut w, &f, "api");
    assert_eq!(
        (svc["runningCount"].as_u64(), svc["desiredCount"].as_u64()),
        (Some(6), Some(6)),
        "{svc:#}"
    );
    // distinctInstance: one task per instance; spread over the three zones.
    let mut nodes: Vec<String> = w.ecs().tasks.values().map(|t| t.node.clone()).collect();
    nodes.sort();
    nodes.dedup();
    assert_eq!(nodes.len(), 6);
    let t = w.ecs().tasks.values().next().unwrap().id.clone();
    let d = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {t}"))["tasks"][0];
    let status = |name: &str| {
        let c = d["containers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
            .clone();
        (
            c["lastStatus"].as_str().unwrap().to_string(),
            c["exitCode"].as_i64(),
            c["healthStatus"].as_str().map(str::to_string),
        )
    };
    assert_eq!(
        status("migrate"),
        ("STOPPED".into(), Some(0), None),
        "ran to completion first"
    );
    assert_eq!(status("api"), ("RUNNING".into(), None, None));
    assert_eq!(
        status("envoy"),
        ("RUNNING".into(), None, Some("HEALTHY".into()))
    );
    assert_eq!(d["healthStatus"], "HEALTHY");
    // Killing the sidecar (essential) replaces the whole task.
    sim(&mut w, &format!("sim kill task/{t} -c envoy"));
    advance_checked(&mut w, 90_000);
    let d = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {t}"))["tasks"][0];
    assert_eq!(d["stoppedReason"], "Essential container in task exited");
    assert_eq!(counts(&w, "api"), (6, 6));
}

#[test]
fn sim_faults_reach_tasks_and_draining_moves_them() {
    let f = files(&[("web.json", ec2_task("web", "nginx:1.27", &[], 128))]);
    let mut w = World::new(14);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --service-name web --task-definition web --desired-count 3",
    );
    advance_checked(&mut w, 10_000);
    let out = sunaba_core::run(&mut w, "sim crash --service web --exit-code 2", &f).unwrap();
    assert!(out.starts_with("container app in task/"), "{out}");
    assert!(out.ends_with(" exited with code 2\n"), "{out}");
    advance_checked(&mut w, 10_000);
    assert_eq!(counts(&w, "web"), (3, 3));
    let crashed = w
        .ecs()
        .tasks
        .values()
        .find(|t| t.is_stopped())
        .expect("the crashed task is kept, STOPPED");
    assert_eq!(crashed.containers[0].exit_code, Some(2));
    // Drain the instance of one task: the service starts its replacement elsewhere first.
    let victim = w
        .ecs()
        .tasks
        .values()
        .find(|t| t.is_active())
        .unwrap()
        .clone();
    let out = run(
        &mut w,
        &f,
        &format!(
            "aws ecs update-container-instances-state --container-instances {} --status DRAINING",
            victim.node
        ),
    );
    assert_eq!(out["containerInstances"][0]["status"], "DRAINING");
    advance_checked(&mut w, 30_000);
    assert_eq!(counts(&w, "web"), (3, 3));
    assert!(w
        .ecs()
        .tasks
        .values()
        .filter(|t| t.is_active())
        .all(|t| t.node != victim.node));
    let stopped = &w.ecs().tasks[&victim.id];
    assert_eq!(
        stopped.stopped_reason.as_deref(),
        Some("Container instance is being drained")
    );
    // A failed instance: its tasks stop with the host and are replaced on the others.
    let node = w
        .ecs()
        .tasks
        .values()
        .find(|t| t.is_active())
        .unwrap()
        .node
        .clone();
    sim(&mut w, &format!("sim fail-node {node}"));
    advance_checked(&mut w, 20_000);
    assert_eq!(counts(&w, "web"), (3, 3));
    assert!(w
        .ecs()
        .tasks
        .values()
        .any(|t| t.stopped_reason.as_deref().is_some_and(|r| r
            .starts_with("Host EC2 (instance i-0")
            && r.ends_with(") stopped/terminated."))));
}

#[test]
fn side_by_side_runs_one_app_both_ways_and_the_same_fault_differs() {
    const DEPLOYMENT: &str = include_str!("../../../../www/examples/nginx-deployment.yaml");
    let f = files(&[("app.yaml", DEPLOYMENT.into())]);
    let mut w = World::new(31);
    sunaba_core::run(&mut w, "kubectl apply -f app.yaml", &f).unwrap();
    let out = sunaba_core::run(&mut w, "sim side-by-side deployment/nginx-deployment", &f).unwrap();
    assert!(out.contains("ECS maximumPercent 125 % rounds down, minimumHealthyPercent 75 % up → at most 3 tasks, at least 3 healthy"), "{out}");
    assert!(
        out.contains("at most 4 pods, at least 3 available"),
        "{out}"
    );
    assert!(out.contains("a new revision could never roll out"), "{out}");
    let sbs = side_by_side(&w, "default", "nginx-deployment").unwrap();
    let c = &sbs.task.containers[0];
    assert_eq!(
        (c.image.as_str(), c.port_mappings.as_slice()),
        ("nginx:1.14.2", &[(80, Some(0))][..])
    );
    assert_eq!(sbs.service.desired_count, 3);
    // service/nginx selects the pods: the tasks count as healthy once their targets pass the
    // target group's default health check (5 checks 30 s apart).
    assert!(out.contains("Behind a load balancer, as service/nginx is in Kubernetes"));
    advance_checked(&mut w, 200_000);
    assert_eq!(counts(&w, "nginx-deployment"), (3, 3));
    // The same fault on both sides.
    sim(&mut w, "sim kill -l app=nginx");
    let before: Vec<String> = w.ecs().tasks.keys().cloned().collect();
    sim(&mut w, "sim kill --service nginx-deployment");
    advance_checked(&mut w, 15_000);
    let pods = sunaba_core::run(&mut w, "kubectl get pods", &f).unwrap();
    assert!(
        pods.contains("1 (15s ago)"),
        "Kubernetes restarted the container in place:\n{pods}"
    );
    let now: Vec<String> = w
        .ecs()
        .tasks
        .values()
        .filter(|t| t.is_active())
        .map(|t| t.id.clone())
        .collect();
    assert_eq!(now.len(), 3);
    assert_eq!(
        now.iter().filter(|id| !before.contains(id)).count(),
        1,
        "ECS replaced one task with a new one"
    );
    let view = w.cluster_view();
    assert_eq!(view.ecs.services[0].desired, 3);
    assert_eq!(
        (
            view.ecs.services[0].max_tasks,
            view.ecs.services[0].min_healthy
        ),
        (3, 3)
    );
    assert!(view
        .ecs
        .tasks
        .iter()
        .any(|t| t.stopped_reason.as_deref() == Some("Essential container in task exited")));
    // The same machines run both: pods and task pods share node cards.
    assert!(view
        .nodes
        .iter()
        .any(|n| n.pods.iter().any(|p| p.namespace == "ecs:default")));
    assert!(w
        .availability_samples()
        .contains_key("ecs:default/nginx-deployment"));
}

#[test]
fn a_container_restart_policy_restarts_in_place_after_the_attempt_period() {
    let def = |period: u32| {
        format!(
            r#"{{"family": "api", "containerDefinitions": [{{"name": "app", "image": "sunaba/demo-app:1.0",
            "memory": 128, "environment": [{{"name": "EXIT_AFTER", "value": "90s"}}],
            "restartPolicy": {{"enabled": true, "ignoredExitCodes": [0], "restartAttemptPeriod": {period}}}}}]}}"#
        )
    };
    // Ran 90 s ≥ the 60 s period: restarted in place, the task keeps running.
    let f = files(&[("ok.json", def(60)), ("late.json", def(120))]);
    let mut w = World::new(5);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://ok.json",
    );
    let id = run(&mut w, &f, "aws ecs run-task --task-definition api")["tasks"][0]["taskArn"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    advance_checked(&mut w, 100_000);
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(t["lastStatus"], "RUNNING", "{t:#}");
    // Exited before its 120 s period: not restarted, so the essential container stops the task.
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://late.json",
    );
    let id = run(&mut w, &f, "aws ecs run-task --task-definition api:2")["tasks"][0]["taskArn"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    advance_checked(&mut w, 100_000);
    let t = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(
        t["stoppedReason"], "Essential container in task exited",
        "{t:#}"
    );
    // An ignored exit code is not restarted: exit 0 is in ignoredExitCodes.
    let zero = def(60).replace(
        r#"{"name": "EXIT_AFTER", "value": "90s"}"#,
        r#"{"name": "EXIT_AFTER", "value": "90s"}, {"name": "EXIT_CODE", "value": "0"}"#,
    );
    let f0 = files(&[("zero.json", zero)]);
    run(
        &mut w,
        &f0,
        "aws ecs register-task-definition --cli-input-json file://zero.json",
    );
    let id = run(&mut w, &f0, "aws ecs run-task --task-definition api:3")["tasks"][0]["taskArn"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    advance_checked(&mut w, 100_000);
    let t = &run(&mut w, &f0, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
    assert_eq!(t["containers"][0]["exitCode"], 0, "{t:#}");
    assert_eq!(t["lastStatus"], "STOPPED");
    // An out-of-range period and an unknown field are refused.
    let bad = def(60).replace(
        "\"ignoredExitCodes\": [0], ",
        "\"ignoredExitCodes\": [0], \"bogus\": 1, ",
    );
    let f = files(&[("bad.json", bad), ("range.json", def(30))]);
    let e = sunaba_core::run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://range.json",
        &f,
    )
    .unwrap_err();
    assert!(e.message.contains("restartAttemptPeriod"), "{}", e.message);
    assert!(sunaba_core::run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://bad.json",
        &f
    )
    .is_err());
}

#[test]
fn without_rollback_a_failed_deployment_stops_launching() {
    let svc = r#"{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 4,
        "deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 200,
          "deploymentCircuitBreaker": {"enable": true, "rollback": false}}}"#;
    let f = files(&[
        ("v1.json", ec2_task("web", "nginx:1.27", &[], 128)),
        ("v2.json", ec2_task("web", "nginx:0.0-missing", &[], 128)),
        ("svc.json", svc.into()),
    ]);
    let mut w = World::new(17);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://v1.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    advance_checked(&mut w, 15_000);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://v2.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs update-service --service web --task-definition web:2",
    );
    advance_checked(&mut w, 120_000);
    let s = service(&mut w, &f, "web");
    assert_eq!(s["deployments"][0]["rolloutState"], "FAILED", "{s:#}");
    assert_eq!(
        s["deployments"][0]["failedTasks"], 3,
        "threshold for 4 tasks: 3"
    );
    let ev = events(&s);
    assert!(!ev.iter().any(|e| e.contains("rolling back")), "{ev:#?}");
    let v2_tasks = w.ecs().tasks.values().filter(|t| t.revision == 2).count();
    advance_checked(&mut w, 300_000);
    assert_eq!(
        w.ecs().tasks.values().filter(|t| t.revision == 2).count(),
        v2_tasks,
        "no launches after the failure"
    );
    // The old tasks that were not stopped keep serving.
    assert!(counts(&w, "web").1 >= 2);
}

#[test]
fn failed_checks_inside_the_start_period_do_not_count() {
    let def = r#"{"family": "slow", "containerDefinitions": [{"name": "app",
        "image": "sunaba/demo-app:1.0", "memory": 128,
        "environment": [{"name": "UNHEALTHY_AFTER", "value": "0s"}],
        "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/healthz || exit 1"],
                        "interval": 5, "retries": 3, "startPeriod": 60}}]}"#;
    let f = files(&[("slow.json", def.into())]);
    let mut w = World::new(23);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://slow.json",
    );
    run(&mut w, &f, "aws ecs run-task --task-definition slow");
    let started = {
        advance_checked(&mut w, 5_000);
        w.ecs()
            .tasks
            .values()
            .next()
            .unwrap()
            .started_ms
            .expect("running")
    };
    // Checks at start + 5 s, 10 s, …: the ones up to 60 s do not count; 65, 70, 75 fail.
    let mut unhealthy_at = None;
    for _ in 0..200 {
        w.advance_by(500);
        let t = w.ecs().tasks.values().next().unwrap();
        if t.health == Health::Unhealthy {
            unhealthy_at = Some(w.now_ms() - started);
            break;
        }
    }
    let at = unhealthy_at.expect("UNHEALTHY eventually");
    assert!(
        (75_000..76_000).contains(&at),
        "UNHEALTHY {at} ms after start"
    );
}

#[test]
fn extreme_numbers_are_refused_or_bounded_never_a_panic() {
    let huge = r#"{"family": "huge", "containerDefinitions": [
        {"name": "a", "image": "nginx", "cpu": 2000000000, "memory": 2000000000},
        {"name": "b", "image": "nginx", "cpu": 2000000000, "memory": 2000000000},
        {"name": "c", "image": "nginx", "cpu": 2000000000, "memory": 2000000000}]}"#;
    let svc_huge = r#"{"serviceName": "x", "taskDefinition": "huge", "desiredCount": 2147483647}"#;
    let svc_zero = r#"{"serviceName": "x", "taskDefinition": "huge", "desiredCount": 1,
        "deploymentConfiguration": {"minimumHealthyPercent": 0, "maximumPercent": 0}}"#;
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1000\n  selector:\n    matchLabels: {app: web}\n  strategy:\n    rollingUpdate: {maxSurge: 50000000, maxUnavailable: 0}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n";
    let f = files(&[
        ("huge.json", huge.into()),
        ("svc-huge.json", svc_huge.into()),
        ("svc-zero.json", svc_zero.into()),
        ("d.yaml", deployment.into()),
    ]);
    let mut w = World::new(1);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://huge.json",
    );
    let out = run(&mut w, &f, "aws ecs run-task --task-definition huge");
    assert_eq!(out["failures"][0]["reason"], "RESOURCE:CPU", "{out:#}");
    for file in ["svc-huge.json", "svc-zero.json"] {
        let e = sunaba_core::run(
            &mut w,
            &format!("aws ecs create-service --cli-input-json file://{file}"),
            &f,
        )
        .unwrap_err();
        assert!(
            e.message.contains("InvalidParameterException"),
            "{file}: {}",
            e.message
        );
    }
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f).unwrap();
    let view = w.cluster_view();
    assert_eq!(view.deployments[0].max_pods, 50_001_000);
    let sbs = side_by_side(&w, "default", "web").unwrap();
    assert_eq!(
        sbs.service.maximum_percent, 200,
        "50,000,000 × 100 computed wide"
    );
    let percent = deployment.replace("maxSurge: 50000000", "maxSurge: \"999999999%\"");
    let f = files(&[("p.yaml", percent)]);
    sunaba_core::run(&mut w, "kubectl apply -f p.yaml", &f).unwrap();
    assert_eq!(
        w.cluster_view().deployments[0].max_pods,
        u32::MAX,
        "saturated"
    );
    assert_eq!(
        side_by_side(&w, "default", "web").unwrap().max_pods,
        u32::MAX
    );
    w.check_invariants().unwrap();
}

#[test]
fn list_tasks_filters_by_launch_type_and_pending() {
    const WEB: &str = include_str!("../../../../www/examples/ecs/web-fargate.task.json");
    let f = files(&[
        ("web.json", WEB.into()),
        ("ec2.json", ec2_task("api", "nginx:1.27", &[], 128)),
    ]);
    let mut w = World::new(2);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://ec2.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs run-task --task-definition web --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}",
    );
    run(&mut w, &f, "aws ecs run-task --task-definition api");
    advance_checked(&mut w, 5_000);
    let n = |w: &mut World, cmd: &str| run(w, &f, cmd)["taskArns"].as_array().unwrap().len();
    assert_eq!(n(&mut w, "aws ecs list-tasks"), 2);
    assert_eq!(n(&mut w, "aws ecs list-tasks --launch-type FARGATE"), 1);
    assert_eq!(n(&mut w, "aws ecs list-tasks --launch-type EC2"), 1);
    assert_eq!(
        n(&mut w, "aws ecs list-tasks --desired-status PENDING"),
        1,
        "Fargate still provisioning"
    );
}

#[test]
fn the_ecs_view_serialises_its_states_as_the_words_aws_ecs_prints() {
    let f = files(&[(
        "crash.json",
        ec2_task(
            "api",
            "sunaba/demo-app:1.0",
            &[("EXIT_AFTER", "20s"), ("EXIT_CODE", "3")],
            256,
        ),
    )]);
    let mut w = World::new(11);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://crash.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --service-name api --task-definition api --desired-count 1",
    );
    advance_checked(&mut w, 35_000);
    let view = serde_json::to_value(w.cluster_view().ecs).unwrap();
    let svc = &view["services"][0];
    let described = service(&mut w, &f, "api");
    assert_eq!(svc["status"], described["status"]);
    assert_eq!(svc["launch_type"], described["launchType"]);
    assert_eq!(
        (&svc["family"], &svc["task_definition"]),
        (&"api".into(), &"api:1".into())
    );
    assert_eq!(
        (
            &svc["status"],
            &svc["launch_type"],
            &svc["deployments"][0]["status"]
        ),
        (&"ACTIVE".into(), &"EC2".into(), &"PRIMARY".into())
    );
    assert_eq!(
        svc["deployments"][0]["rollout_state"],
        described["deployments"][0]["rolloutState"]
    );
    let tasks = view["tasks"].as_array().unwrap();
    let stopped = tasks
        .iter()
        .find(|t| t["last_status"] == "STOPPED")
        .expect("the first task stopped when its essential container exited");
    assert_eq!(
        (
            &stopped["desired_status"],
            &stopped["stop_code"],
            &stopped["containers"][0]["last_status"]
        ),
        (
            &"STOPPED".into(),
            &"EssentialContainerExited".into(),
            &"STOPPED".into()
        )
    );
    for t in tasks {
        let id = t["id"].as_str().unwrap();
        let d = &run(&mut w, &f, &format!("aws ecs describe-tasks --tasks {id}"))["tasks"][0];
        assert_eq!(
            (
                &t["last_status"],
                &t["desired_status"],
                &t["health"],
                &t["launch_type"]
            ),
            (
                &d["lastStatus"],
                &d["desiredStatus"],
                &d["healthStatus"],
                &d["launchType"]
            ),
            "{t:#}\n{d:#}"
        );
    }
    let instance = &view["instances"][0];
    assert_eq!(instance["status"], "ACTIVE");
    sim(
        &mut w,
        &format!("kubectl cordon {}", instance["node"].as_str().unwrap()),
    );
    let view = serde_json::to_value(w.cluster_view().ecs).unwrap();
    assert_eq!(view["instances"][0]["status"], "DRAINING");
}
