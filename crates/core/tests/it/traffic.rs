//! Traffic through a Service shows availability the way users feel it.

use sunaba_core::{MapFiles, World};

fn app(replicas: u32, container_extra: &str, image: &str, port: u16) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: {image}\n        ports:\n        - containerPort: {port}\n{container_extra}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: {port}\n"
    )
}

fn errors_after(yaml: &str, seed: u64, disrupt: &[&str]) -> (u32, u32) {
    let mut f = MapFiles::default();
    f.0.insert("app.yaml".into(), yaml.to_string());
    let mut w = World::new(seed);
    sunaba_core::run(&mut w, "kubectl apply -f app.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 1m", &f).unwrap();
    assert_eq!(
        sunaba_core::run(&mut w, "sim traffic web 100", &f).unwrap(),
        "sending 100 requests/s to service/web\n"
    );
    sunaba_core::run(&mut w, "sim wait 10s", &f).unwrap();
    for cmd in disrupt {
        sunaba_core::run(&mut w, cmd, &f).unwrap_or_else(|e| panic!("{cmd}: {e}"));
    }
    sunaba_core::run(&mut w, "sim wait 2m", &f).unwrap();
    w.check_invariants().unwrap();
    let samples = &w.traffic_samples()["default/web"];
    let requests = samples.iter().map(|s| s.requests).sum();
    let errors = samples.iter().map(|s| s.errors).sum();
    (requests, errors)
}

const SLOW_START: &str = "        env:\n        - name: STARTUP_SECONDS\n          value: \"8\"\n";
const READINESS: &str = "        readinessProbe:\n          httpGet: {path: /ready, port: 8080}\n          periodSeconds: 1\n";

#[test]
fn one_replica_and_a_crash_is_an_outage() {
    let (requests, errors) = errors_after(
        &app(1, SLOW_START, "sunaba/demo-app:1.0", 8080),
        1,
        &["sim kill -l app=web"],
    );
    assert_eq!(requests, 130 * 100);
    // The restarted app needs 8 s before it answers again: every request fails meanwhile.
    assert!(errors >= 700, "{errors}");
}

#[test]
fn three_replicas_with_readiness_lose_almost_nothing() {
    let extra = format!("{SLOW_START}{READINESS}");
    let (requests, errors) = errors_after(
        &app(3, &extra, "sunaba/demo-app:1.0", 8080),
        2,
        &["sim kill -l app=web"],
    );
    assert_eq!(requests, 130 * 100);
    // Only the second before kube-proxy learns the endpoint is gone: a third of one second.
    assert!(errors <= 34, "{errors}");
    assert!(errors > 0, "the endpoint-propagation lag is real: {errors}");
}

#[test]
fn three_replicas_without_readiness_serve_errors_while_the_restarted_pod_warms_up() {
    let (_, errors) = errors_after(
        &app(3, SLOW_START, "sunaba/demo-app:1.0", 8080),
        3,
        &["sim kill -l app=web"],
    );
    // Ready at once without a probe: a third of the requests fail while it starts (~7–8 s).
    assert!((200..=300).contains(&errors), "{errors}");
}

#[test]
fn rolling_update_needs_pre_stop_to_drain_without_errors() {
    let v1 = app(3, "", "nginx:1.14.2", 80);
    let (_, errors_plain) = errors_after(
        &v1,
        4,
        &["kubectl set image deployment/web web=nginx:1.16.1"],
    );
    assert!(
        errors_plain > 0,
        "pods stop on SIGTERM before kube-proxy notices: {errors_plain}"
    );
    let hook =
        "        lifecycle:\n          preStop:\n            sleep:\n              seconds: 5\n";
    let v1_hook = app(3, hook, "nginx:1.14.2", 80);
    let (_, errors_hook) = errors_after(
        &v1_hook,
        4,
        &["kubectl set image deployment/web web=nginx:1.16.1"],
    );
    assert_eq!(
        errors_hook, 0,
        "preStop keeps them serving until they left the endpoints"
    );
}

#[test]
fn traffic_report_and_bad_input() {
    let mut f = MapFiles::default();
    f.0.insert("app.yaml".into(), app(2, "", "nginx:1.14.2", 80));
    let mut w = World::new(5);
    assert!(sunaba_core::run(&mut w, "sim traffic", &f)
        .unwrap()
        .starts_with("no traffic"));
    sunaba_core::run(&mut w, "kubectl apply -f app.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
    sunaba_core::run(&mut w, "sim traffic web 20", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 1m", &f).unwrap();
    assert_eq!(
        sunaba_core::run(&mut w, "sim traffic", &f).unwrap(),
        "service/web (default): 20 req/s; last 60s: 1200 ok, 0 errors (100.0% success), mean latency 2ms\n"
    );
    assert!(sunaba_core::run(&mut w, "sim traffic nope 5", &f)
        .unwrap_err()
        .message
        .contains("services \"nope\" not found"));
    assert!(sunaba_core::run(&mut w, "sim traffic web lots", &f).is_err());
    assert_eq!(
        sunaba_core::run(&mut w, "sim traffic web 0", &f).unwrap(),
        "traffic to service/web stopped\n"
    );
    sunaba_core::run(&mut w, "sim wait 5s", &f).unwrap();
    assert!(w.traffic_samples().is_empty());
}

#[test]
fn availability_series_records_the_dip_and_the_recovery() {
    let extra = format!("{SLOW_START}{READINESS}");
    let mut f = MapFiles::default();
    f.0.insert(
        "app.yaml".into(),
        app(3, &extra, "sunaba/demo-app:1.0", 8080),
    );
    let mut w = World::new(6);
    sunaba_core::run(&mut w, "kubectl apply -f app.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 1m", &f).unwrap();
    let t_kill = w.now_ms();
    sunaba_core::run(&mut w, "sim kill -l app=web", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 1m", &f).unwrap();
    let series = &w.availability_samples()["default/web"];
    let ready: Vec<(u64, u32)> = series.iter().map(|s| (s.time_ms, s.ready)).collect();
    assert_eq!(
        ready.first().map(|r| r.1),
        Some(0),
        "starts from nothing: {ready:?}"
    );
    let dip = series
        .iter()
        .find(|s| s.time_ms >= t_kill && s.ready == 2)
        .expect("a dip to 2 ready");
    assert_eq!(dip.time_ms, t_kill);
    let back = series
        .iter()
        .find(|s| s.time_ms > t_kill && s.ready == 3)
        .expect("recovered");
    assert!(
        (8_000..=10_000).contains(&(back.time_ms - t_kill)),
        "{ready:?}"
    );
    assert!(series.iter().all(|s| s.desired == 3));
}
