//! Multi-container pods: init containers run to completion, one at a time and in order, before
//! the app containers start; a failing one holds the pod in `Init:Error` /
//! `Init:CrashLoopBackOff`; sidecars (`restartPolicy: Always` init containers) start in init
//! order, keep running beside the app and count in READY (`2/2`).

use sunaba_core::{MapFiles, TraceEvent, World};

fn pod_yaml(init: &str, app_extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  initContainers:\n{init}  containers:\n  - name: app\n    image: nginx:1.27\n{app_extra}"
    )
}

fn start(yaml: &str) -> (World, MapFiles) {
    let mut f = MapFiles::default();
    f.0.insert("p.yaml".into(), yaml.to_string());
    let mut w = World::new(5);
    sunaba_core::run(&mut w, "kubectl apply -f p.yaml", &f).expect("apply");
    (w, f)
}

/// `kubectl get pod web` → (READY, STATUS, RESTARTS).
fn row(w: &mut World) -> (String, String, String) {
    let out = sunaba_core::run(w, "kubectl get pod web", &MapFiles::default()).expect("get");
    let line = out.lines().nth(1).expect("a row").to_owned();
    let cols: Vec<&str> = line.split_whitespace().collect();
    (cols[1].into(), cols[2].into(), cols[3].into())
}

fn started(trace: &[TraceEvent]) -> Vec<(String, u64)> {
    trace
        .iter()
        .filter(|e| e.reason == "Started")
        .map(|e| (e.message.clone(), e.time_ms))
        .collect()
}

const TWO_INITS: &str = "  - name: wait-db\n    image: busybox:1.36\n    command: [sh, -c, \"echo waiting for db; sleep 5\"]\n  - name: migrate\n    image: busybox:1.36\n    command: [sh, -c, \"echo migrating; sleep 3\"]\n";

#[test]
fn init_containers_run_in_order_to_completion_before_the_app() {
    let (mut w, f) = start(&pod_yaml(TWO_INITS, ""));
    assert_eq!(row(&mut w).1, "Init:0/2");
    // busybox pulls (≈1 s), then wait-db runs 5 s.
    sunaba_core::run(&mut w, "sim wait 3s", &f).unwrap();
    assert_eq!(row(&mut w), ("0/1".into(), "Init:0/2".into(), "0".into()));
    sunaba_core::run(&mut w, "sim wait 5s", &f).unwrap();
    assert_eq!(row(&mut w).1, "Init:1/2", "wait-db done, migrate running");
    sunaba_core::run(&mut w, "sim wait 60s", &f).unwrap();
    assert_eq!(row(&mut w), ("1/1".into(), "Running".into(), "0".into()));
    let s = started(&w.drain_trace());
    let names: Vec<&str> = s.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        names,
        [
            "Started container wait-db",
            "Started container migrate",
            "Started container app"
        ]
    );
    assert!(
        s[1].1 >= s[0].1 + 5_000,
        "migrate starts after wait-db's 5 s: {s:?}"
    );
    assert!(
        s[2].1 >= s[1].1 + 3_000,
        "the app starts after migrate's 3 s: {s:?}"
    );
    let logs = sunaba_core::run(&mut w, "kubectl logs web -c wait-db", &f).unwrap();
    assert!(logs.contains("waiting for db"), "{logs}");
    let describe = sunaba_core::run(&mut w, "kubectl describe pod web", &f).unwrap();
    let (init_at, app_at) = (
        describe
            .find("Init Containers:\n  wait-db:")
            .expect("init section"),
        describe.find("Containers:\n  app:").expect("app section"),
    );
    assert!(init_at < app_at, "{describe}");
    assert!(describe.contains("Reason:       Completed"), "{describe}");
}

#[test]
fn a_failing_init_container_blocks_the_app_with_init_crash_loop_back_off() {
    let init = "  - name: migrate\n    image: busybox:1.36\n    command: [sh, -c, \"echo cannot reach db; exit 1\"]\n";
    let (mut w, f) = start(&pod_yaml(init, ""));
    sunaba_core::run(&mut w, "sim wait 5s", &f).unwrap();
    let (ready, status, _) = row(&mut w);
    assert_eq!(ready, "0/1");
    assert_eq!(status, "Init:CrashLoopBackOff", "at 5s");
    sunaba_core::run(&mut w, "sim wait 2m", &f).unwrap();
    let (_, status, restarts) = row(&mut w);
    assert_eq!(status, "Init:CrashLoopBackOff");
    assert!(restarts.parse::<u32>().unwrap_or(0) >= 3, "{restarts}");
    let trace = w.drain_trace();
    assert!(
        !trace.iter().any(|e| e.message == "Started container app"),
        "the app never starts"
    );
    assert!(trace.iter().any(|e| e.reason == "BackOff"
        && e.message
            .starts_with("Back-off restarting failed container migrate in pod web")));
}

#[test]
fn a_failing_init_container_fails_a_never_restarting_pod() {
    let init = "  - name: migrate\n    image: busybox:1.36\n    command: [sh, -c, \"exit 2\"]\n";
    let yaml = pod_yaml(init, "").replace(
        "spec:\n  initContainers",
        "spec:\n  restartPolicy: Never\n  initContainers",
    );
    let (mut w, f) = start(&yaml);
    sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
    let (_, status, restarts) = row(&mut w);
    assert_eq!((status.as_str(), restarts.as_str()), ("Init:Error", "0"));
}

const SIDECAR: &str = "  - name: log-shipper\n    image: busybox:1.36\n    restartPolicy: Always\n    command: [sh, -c, \"while true; do sleep 1; done\"]\n    resources:\n      requests: {cpu: 100m, memory: 64Mi}\n";

#[test]
fn a_sidecar_starts_first_keeps_running_and_counts_in_ready() {
    let app = "    resources:\n      requests: {cpu: 200m, memory: 128Mi}\n";
    let (mut w, f) = start(&pod_yaml(SIDECAR, app));
    sunaba_core::run(&mut w, "sim wait 1m", &f).unwrap();
    assert_eq!(row(&mut w), ("2/2".into(), "Running".into(), "0".into()));
    let s = started(&w.drain_trace());
    assert_eq!(s[0].0, "Started container log-shipper");
    assert_eq!(s[1].0, "Started container app");
    // Requests: app + sidecar (300m / 192Mi), as the scheduler fits them.
    let node = sunaba_core::run(&mut w, "kubectl describe node node-1", &f).unwrap()
        + &sunaba_core::run(&mut w, "kubectl describe node node-2", &f).unwrap()
        + &sunaba_core::run(&mut w, "kubectl describe node node-3", &f).unwrap();
    assert!(node.contains("300m (15%)"), "{node}");
    // The sidecar dies: only it restarts; the app keeps running.
    sunaba_core::run(&mut w, "sim kill web -c log-shipper", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 2s", &f).unwrap();
    let (ready, status, restarts) = row(&mut w);
    assert_eq!((ready.as_str(), status.as_str()), ("2/2", "Running"));
    assert!(restarts.starts_with('1'), "{restarts}");
}

#[test]
fn an_init_container_larger_than_the_app_sets_the_pods_request() {
    let init = "  - name: warm-cache\n    image: busybox:1.36\n    command: [sh, -c, \"sleep 2\"]\n    resources:\n      requests: {cpu: \"3\", memory: 64Mi}\n";
    let (mut w, f) = start(&pod_yaml(
        init,
        "    resources:\n      requests: {cpu: 100m}\n",
    ));
    sunaba_core::run(&mut w, "sim wait 5s", &f).unwrap();
    let events = sunaba_core::run(&mut w, "kubectl get events", &f).unwrap();
    assert!(
        events.contains("0/3 nodes are available: 3 Insufficient cpu."),
        "the 3-CPU init container does not fit a 2-CPU node:\n{events}"
    );
}

#[test]
fn probes_on_a_regular_init_container_and_odd_restart_policies_are_refused() {
    let mut f = MapFiles::default();
    f.0.insert("probe.yaml".into(), pod_yaml("  - name: i\n    image: busybox:1.36\n    readinessProbe:\n      exec: {command: [cat, /tmp/ready]}\n", ""));
    f.0.insert(
        "policy.yaml".into(),
        pod_yaml(
            "  - name: i\n    image: busybox:1.36\n    restartPolicy: Never\n",
            "",
        ),
    );
    f.0.insert(
        "dup.yaml".into(),
        pod_yaml("  - name: app\n    image: busybox:1.36\n", ""),
    );
    let mut w = World::new(1);
    let e = sunaba_core::run(&mut w, "kubectl apply -f probe.yaml", &f)
        .unwrap_err()
        .message;
    assert!(e.contains("spec.initContainers[0].readinessProbe: Invalid value: must not be set for init containers"), "{e}");
    let e = sunaba_core::run(&mut w, "kubectl apply -f policy.yaml", &f)
        .unwrap_err()
        .message;
    assert!(
        e.contains("spec.initContainers[0].restartPolicy: Unsupported value: \"Never\""),
        "{e}"
    );
    let e = sunaba_core::run(&mut w, "kubectl apply -f dup.yaml", &f)
        .unwrap_err()
        .message;
    assert!(
        e.contains("spec.containers[0].name: Duplicate value: \"app\""),
        "{e}"
    );
}

#[test]
fn after_a_node_comes_back_the_init_containers_run_again_before_the_app() {
    let (mut w, f) = start(&pod_yaml(TWO_INITS, ""));
    sunaba_core::run(&mut w, "sim wait 1m", &f).unwrap();
    assert_eq!(row(&mut w).1, "Running");
    let wide = sunaba_core::run(&mut w, "kubectl get pod web -o wide", &f).unwrap();
    let node = ["node-1", "node-2", "node-3"]
        .into_iter()
        .find(|n| wide.contains(&format!(" {n} ")))
        .expect("scheduled");
    sunaba_core::run(&mut w, &format!("sim fail-node {node}"), &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 20s", &f).unwrap();
    w.drain_trace();
    sunaba_core::run(&mut w, &format!("sim restore-node {node}"), &f).unwrap();
    assert!(row(&mut w).1.starts_with("Init:"), "{:?}", row(&mut w));
    sunaba_core::run(&mut w, "sim wait 1m", &f).unwrap();
    w.check_invariants().unwrap();
    assert_eq!(row(&mut w).1, "Running");
    let names: Vec<String> = started(&w.drain_trace())
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(
        names,
        [
            "Started container wait-db",
            "Started container migrate",
            "Started container app"
        ],
        "in order again"
    );
}
