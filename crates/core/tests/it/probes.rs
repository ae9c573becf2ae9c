//! Probes as Kubernetes runs them: liveness restarts, readiness gates READY, startup holds
//! both off — with the documented defaults, event wording and timings.

use sunaba_core::{MapFiles, TraceEvent, World};

fn deployment(name: &str, image: &str, container_extra: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: {name}\n        image: {image}\n{container_extra}"
    )
}

fn start(yaml: &str, seed: u64) -> (World, MapFiles) {
    let mut f = MapFiles::default();
    f.0.insert("d.yaml".into(), yaml.to_string());
    let mut w = World::new(seed);
    sunaba_core::run(&mut w, "kubectl apply -f d.yaml", &f).expect("apply");
    (w, f)
}

fn pod(w: &World) -> sunaba_core::sim::view::PodView {
    let v = w.cluster_view();
    v.nodes
        .iter()
        .flat_map(|n| n.pods.clone())
        .chain(v.pending.clone())
        .find(|p| !p.terminating)
        .expect("a pod")
}

fn times(trace: &[TraceEvent], reason: &str) -> Vec<u64> {
    trace
        .iter()
        .filter(|e| e.reason == reason)
        .map(|e| e.time_ms)
        .collect()
}

/// The liveness example from the Kubernetes docs (configure-liveness-readiness-startup-probes).
#[test]
fn exec_liveness_probe_restarts_the_container_like_the_docs_example() {
    let yaml = deployment(
        "liveness",
        "busybox:1.36",
        "        args: [/bin/sh, -c, \"touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600\"]\n        livenessProbe:\n          exec:\n            command: [cat, /tmp/healthy]\n          initialDelaySeconds: 5\n          periodSeconds: 5\n",
    );
    let (mut w, f) = start(&yaml, 1);
    sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
    let started = times(&w.drain_trace(), "Started")[0];
    assert_eq!(pod(&w).restarts, 0);
    sunaba_core::run(&mut w, "sim wait 2m", &f).unwrap();
    let trace = w.drain_trace();
    let unhealthy: Vec<&TraceEvent> = trace.iter().filter(|e| e.reason == "Unhealthy").collect();
    assert!(unhealthy.len() >= 3, "{unhealthy:?}");
    assert_eq!(
        unhealthy[0].message,
        "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    );
    // Probes at 5 … 25 s pass; the file is gone at 30 s: 30, 35, 40 fail; the third kills it.
    let fails: Vec<u64> = unhealthy
        .iter()
        .take(3)
        .map(|e| e.time_ms - started)
        .collect();
    assert_eq!(fails, vec![30_000, 35_000, 40_000]);
    let killing = trace
        .iter()
        .find(|e| e.reason == "Killing")
        .expect("Killing");
    assert_eq!(
        killing.message,
        "Container liveness failed liveness probe, will be restarted"
    );
    assert_eq!(killing.time_ms - started, 40_000);
    // The shell ignores SIGTERM: SIGKILL after the 30 s grace period, exit 137, restarted at
    // once (busybox is up 0.1 s after it is created).
    let restarted = times(&trace, "Started")[0];
    assert_eq!(restarted - started, 70_100);
    assert!(pod(&w).restarts >= 1);
    let name = pod(&w).name;
    let d = sunaba_core::run(&mut w, &format!("kubectl describe pod {name}"), &f).unwrap();
    assert!(d.contains("    Liveness:     exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3"), "{d}");
    assert!(d.contains("Exit Code:    137"), "{d}");
}

#[test]
fn readiness_probe_gates_ready_until_the_app_serves() {
    let yaml = deployment(
        "slow",
        "sunaba/demo-app:1.0",
        "        env:\n        - name: STARTUP_SECONDS\n          value: \"20\"\n        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n          periodSeconds: 5\n",
    );
    let (mut w, f) = start(&yaml, 2);
    sunaba_core::run(&mut w, "sim wait 10s", &f).unwrap();
    let p = pod(&w);
    assert_eq!((p.status.as_str(), p.ready.as_str()), ("Running", "0/1"));
    assert!(sunaba_core::run(&mut w, "kubectl get deployment slow", &f)
        .unwrap()
        .contains("slow   0/1     1            0"));
    sunaba_core::run(&mut w, "sim wait 25s", &f).unwrap();
    let p = pod(&w);
    assert_eq!(
        (p.status.as_str(), p.ready.as_str(), p.restarts),
        ("Running", "1/1", 0)
    );
    assert!(sunaba_core::run(&mut w, "kubectl get deployment slow", &f)
        .unwrap()
        .contains("slow   1/1     1            1"));
    let trace = w.drain_trace();
    assert!(trace.iter().any(|e| e.reason == "Unhealthy"
        && e.message
            .starts_with("Readiness probe failed: Get \"http://10.244.")
        && e.message.contains(":8080/ready\": dial tcp 10.244.")
        && e.message.ends_with(": connect: connection refused")));
    assert!(
        !trace.iter().any(|e| e.reason == "Killing"),
        "readiness never restarts"
    );
}

#[test]
fn liveness_on_a_path_nginx_does_not_serve_is_a_restart_loop() {
    let yaml = deployment(
        "web",
        "nginx:1.14.2",
        "        livenessProbe:\n          httpGet: {path: /healthz, port: 80}\n",
    );
    let (mut w, f) = start(&yaml, 3);
    sunaba_core::run(&mut w, "sim wait 3m", &f).unwrap();
    let trace = w.drain_trace();
    assert!(trace
        .iter()
        .any(|e| e.message == "Liveness probe failed: HTTP probe failed with statuscode: 404"));
    assert!(trace
        .iter()
        .any(|e| e.message == "Container web failed liveness probe, will be restarted"));
    assert!(pod(&w).restarts >= 2, "{:?}", pod(&w));
}

#[test]
fn startup_probe_holds_off_liveness_for_a_slow_starter() {
    let probe = "          httpGet: {path: /healthz, port: 8080}\n          periodSeconds: 10\n";
    let yaml = deployment(
        "legacy",
        "sunaba/demo-app:1.0",
        &format!("        env:\n        - name: STARTUP_SECONDS\n          value: \"60\"\n        startupProbe:\n{probe}          failureThreshold: 30\n        livenessProbe:\n{probe}"),
    );
    let (mut w, f) = start(&yaml, 4);
    sunaba_core::run(&mut w, "sim wait 3m", &f).unwrap();
    let trace = w.drain_trace();
    assert!(trace
        .iter()
        .any(|e| e.message.starts_with("Startup probe failed: Get \"http://")));
    assert!(
        !trace
            .iter()
            .any(|e| e.message.starts_with("Liveness probe failed")),
        "liveness waits for startup"
    );
    assert!(!trace.iter().any(|e| e.reason == "Killing"));
    let p = pod(&w);
    assert_eq!((p.ready.as_str(), p.restarts), ("1/1", 0));
    // Without the startup probe the same app is killed before it ever serves.
    let yaml = deployment(
        "legacy",
        "sunaba/demo-app:1.0",
        &format!("        env:\n        - name: STARTUP_SECONDS\n          value: \"60\"\n        livenessProbe:\n{probe}"),
    );
    let (mut w, f) = start(&yaml, 4);
    sunaba_core::run(&mut w, "sim wait 3m", &f).unwrap();
    assert!(w
        .drain_trace()
        .iter()
        .any(|e| e.message == "Container legacy failed liveness probe, will be restarted"));
    assert!(pod(&w).restarts >= 1);
}

#[test]
fn unhealthy_demo_app_fails_liveness_and_is_restarted() {
    let yaml = deployment(
        "api",
        "sunaba/demo-app:1.0",
        "        env:\n        - name: UNHEALTHY_AFTER\n          value: 1m\n        livenessProbe:\n          httpGet: {path: /healthz, port: 8080}\n",
    );
    let (mut w, f) = start(&yaml, 5);
    sunaba_core::run(&mut w, "sim wait 2m", &f).unwrap();
    let trace = w.drain_trace();
    assert!(trace
        .iter()
        .any(|e| e.message == "Liveness probe failed: HTTP probe failed with statuscode: 500"));
    assert_eq!(pod(&w).restarts, 1);
    let name = pod(&w).name;
    let d = sunaba_core::run(&mut w, &format!("kubectl describe pod {name}"), &f).unwrap();
    assert!(
        d.contains(
            "Last State:     Terminated\n      Reason:       Completed\n      Exit Code:    0"
        ),
        "graceful SIGTERM: {d}"
    );
}

/// Termination: preStop runs first and counts against the grace period; then SIGTERM; an app
/// that ignores SIGTERM is killed when the grace period ends.
#[test]
fn pre_stop_hook_and_grace_period_decide_how_long_terminating_lasts() {
    fn terminating_for(image: &str, extra: &str, seed: u64) -> u64 {
        let yaml = deployment("app", image, extra);
        let (mut w, f) = start(&yaml, seed);
        sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
        let name = pod(&w).name;
        let t0 = w.now_ms();
        sunaba_core::run(&mut w, &format!("kubectl delete pod {name}"), &f).unwrap();
        for step in 0..1000 {
            sunaba_core::run(&mut w, "sim wait 100ms", &f).unwrap();
            if sunaba_core::run(&mut w, &format!("kubectl get pod {name}"), &f).is_err() {
                return w.now_ms() - t0;
            }
            assert!(step < 999, "pod never went away");
        }
        unreachable!()
    }
    // nginx stops ~100 ms after SIGTERM.
    assert_eq!(terminating_for("nginx:1.14.2", "", 1), 100);
    // A 5 s preStop sleep keeps it serving first (the classic endpoint-drain trick).
    let hook = "        lifecycle:\n          preStop:\n            exec:\n              command: [sh, -c, \"sleep 5\"]\n";
    assert_eq!(terminating_for("nginx:1.14.2", hook, 2), 5_100);
    // The native sleep action works the same.
    assert_eq!(terminating_for("nginx:1.14.2", "        lifecycle:\n          preStop:\n            sleep:\n              seconds: 3\n", 3), 3_100);
    // An app ignoring SIGTERM is SIGKILLed at the 30 s grace period…
    assert_eq!(
        terminating_for("busybox:1.36", "        command: [sleep, infinity]\n", 4),
        30_000
    );
}
