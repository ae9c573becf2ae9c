//! Scenario tests: the lessons Sunaba teaches, asserted on states, event reasons, messages and
//! virtual timestamps. Each drives the world through the command language, as a learner would.

use sunaba_core::{MapFiles, World};

const NGINX: &str = include_str!("../../../../www/examples/nginx-deployment.yaml");

fn files(extra: &[(&str, &str)]) -> MapFiles {
    let mut f = MapFiles::default();
    f.0.insert("nginx.yaml".into(), NGINX.into());
    for (k, v) in extra {
        f.0.insert(k.to_string(), v.to_string());
    }
    f
}

fn run(w: &mut World, f: &MapFiles, cmd: &str) -> String {
    let out = sunaba_core::run(w, cmd, f).unwrap_or_else(|e| panic!("`{cmd}` failed: {e}"));
    w.check_invariants()
        .unwrap_or_else(|e| panic!("invariant broken after `{cmd}`: {e}"));
    out
}

/// (name, status, restarts) of every pod, from the view the UI uses.
fn pods(w: &World) -> Vec<(String, String, u32)> {
    let v = w.cluster_view();
    let mut all: Vec<_> = v
        .nodes
        .iter()
        .flat_map(|n| n.pods.iter())
        .chain(v.pending.iter())
        .map(|p| (p.name.clone(), p.status.clone(), p.restarts))
        .collect();
    all.sort();
    all
}

fn deployment(name: &str, image: &str, replicas: u32, extra_container_yaml: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: {name}\n        image: {image}\n{extra_container_yaml}"
    )
}

#[test]
fn killed_container_restarts_in_the_same_pod() {
    let f = files(&[]);
    let mut w = World::new(1);
    run(&mut w, &f, "kubectl apply -f nginx.yaml");
    run(&mut w, &f, "sim wait 30s");
    let before = pods(&w);
    assert_eq!(before.len(), 3);
    assert!(
        before.iter().all(|(_, s, r)| s == "Running" && *r == 0),
        "{before:?}"
    );
    let victim = before[0].0.clone();
    let out = run(&mut w, &f, &format!("sim kill {victim}"));
    assert!(out.contains("exit code 137"), "{out}");
    run(&mut w, &f, "sim wait 5s");
    let after = pods(&w);
    assert_eq!(
        after.iter().map(|p| &p.0).collect::<Vec<_>>(),
        before.iter().map(|p| &p.0).collect::<Vec<_>>(),
        "same pod names"
    );
    assert_eq!(after[0], (victim.clone(), "Running".to_string(), 1));
    let table = run(&mut w, &f, "kubectl get pods");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with(&victim) && l.contains("Running") && l.contains("1 (5s ago)")),
        "{table}"
    );
    let describe = run(&mut w, &f, &format!("kubectl describe pod {victim}"));
    assert!(
        describe.contains(
            "Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137"
        ),
        "{describe}"
    );
    assert!(describe.contains("Restart Count:  1"), "{describe}");
}

#[test]
fn deleted_pod_is_replaced_by_a_new_pod() {
    let f = files(&[]);
    let mut w = World::new(2);
    run(&mut w, &f, "kubectl apply -f nginx.yaml");
    run(&mut w, &f, "sim wait 30s");
    let before = pods(&w);
    let victim = before[1].0.clone();
    let out = run(&mut w, &f, &format!("kubectl delete pod {victim}"));
    assert_eq!(out, format!("pod \"{victim}\" deleted\n"));
    // Immediately: the old pod is Terminating and a replacement exists already.
    let now = pods(&w);
    assert_eq!(now.len(), 4, "{now:?}");
    assert!(now
        .iter()
        .any(|(n, s, _)| *n == victim && s == "Terminating"));
    run(&mut w, &f, "sim wait 30s");
    let after = pods(&w);
    assert_eq!(after.len(), 3, "{after:?}");
    assert!(
        after
            .iter()
            .all(|(n, s, r)| *n != victim && s == "Running" && *r == 0),
        "{after:?}"
    );
    let trace = w.drain_trace();
    assert!(trace
        .iter()
        .any(|e| e.reason == "Killing" && e.message == "Stopping container nginx"));
    assert_eq!(
        trace
            .iter()
            .filter(|e| e.reason == "SuccessfulCreate")
            .count(),
        4
    );
}

#[test]
fn always_crashing_container_backs_off_10s_doubling_to_300s() {
    let crasher = deployment(
        "crasher",
        "busybox:1.36",
        1,
        "        command: [\"sh\", \"-c\", \"echo boom; exit 1\"]\n",
    );
    let f = files(&[("crasher.yaml", &crasher)]);
    let mut w = World::new(3);
    run(&mut w, &f, "kubectl apply -f crasher.yaml");
    run(&mut w, &f, "sim wait 20m");
    let trace = w.drain_trace();
    let started: Vec<u64> = trace
        .iter()
        .filter(|e| e.reason == "Started")
        .map(|e| e.time_ms)
        .collect();
    assert_eq!(started.len(), 9, "{started:?}");
    let gaps: Vec<u64> = started.windows(2).map(|w| w[1] - w[0]).collect();
    // First restart immediately, then 10 s, 20 s, 40 s, 80 s, 160 s, then capped at 300 s;
    // each new instance also takes busybox's 0.1 s from Created to Started.
    assert_eq!(
        &gaps[..7],
        &[100, 10_100, 20_100, 40_100, 80_100, 160_100, 300_100],
        "{gaps:?}"
    );
    let p = &pods(&w)[0];
    assert_eq!(p.1, "CrashLoopBackOff", "at 20m: {p:?}");
    assert!(trace.iter().any(|e| e.reason == "BackOff"
        && e.message
            .starts_with("Back-off restarting failed container crasher in pod crasher-")));
    let logs = run(&mut w, &f, &format!("kubectl logs {} --previous", p.0));
    assert_eq!(logs, "boom\n");
}

#[test]
fn completed_container_goes_into_crash_loop() {
    let done = deployment(
        "once",
        "busybox:1.36",
        1,
        "        command: [\"sh\", \"-c\", \"sleep 5\"]\n",
    );
    let f = files(&[("once.yaml", &done)]);
    let mut w = World::new(4);
    run(&mut w, &f, "kubectl apply -f once.yaml");
    run(&mut w, &f, "sim wait 10s");
    assert_eq!(pods(&w)[0].1, "Running", "first restart is immediate");
    run(&mut w, &f, "sim wait 6s");
    assert_eq!(pods(&w)[0].1, "CrashLoopBackOff");
    let table = run(&mut w, &f, "kubectl get pods");
    assert!(table.contains("CrashLoopBackOff   1 ("), "{table}");
}

#[test]
fn pod_too_big_stays_pending_until_a_big_node_arrives() {
    let big = deployment(
        "big",
        "nginx:1.14.2",
        1,
        "        resources:\n          requests:\n            memory: 6Gi\n",
    );
    let f = files(&[("big.yaml", &big)]);
    let mut w = World::new(5);
    run(&mut w, &f, "kubectl apply -f big.yaml");
    run(&mut w, &f, "sim wait 1m");
    let p = pods(&w);
    assert_eq!(p[0].1, "Pending");
    let events = run(&mut w, &f, "kubectl get events");
    assert!(
        events.contains("FailedScheduling    pod/big-") && events.contains("0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."),
        "{events}"
    );
    let view = w.cluster_view();
    assert!(view.pending[0]
        .reason
        .as_deref()
        .unwrap_or_default()
        .starts_with("0/3 nodes are available: 3 Insufficient memory."));
    run(&mut w, &f, "sim add-node --cpu 4 --memory 16Gi");
    w.drain_trace();
    run(&mut w, &f, "sim wait 10s");
    let p = pods(&w);
    assert_eq!(p[0].1, "Running");
    let wide = run(&mut w, &f, "kubectl get pods -o wide");
    assert!(wide.contains("node-4"), "{wide}");
}

#[test]
fn missing_image_gives_err_image_pull_then_image_pull_back_off() {
    let bad = deployment("bad", "nginx:1.99-doesnotexist", 1, "");
    let f = files(&[("bad.yaml", &bad)]);
    let mut w = World::new(6);
    run(&mut w, &f, "kubectl apply -f bad.yaml");
    // The sandbox takes 1 s, then the pull fails at once.
    run(&mut w, &f, "sim wait 1900ms");
    assert_eq!(pods(&w)[0].1, "ErrImagePull");
    run(&mut w, &f, "sim wait 2s");
    assert_eq!(pods(&w)[0].1, "ImagePullBackOff");
    run(&mut w, &f, "sim wait 5m");
    let trace = w.drain_trace();
    let pulls: Vec<u64> = trace
        .iter()
        .filter(|e| e.reason == "Pulling")
        .map(|e| e.time_ms)
        .collect();
    let gaps: Vec<u64> = pulls.windows(2).map(|w| w[1] - w[0]).collect();
    // Each retry waits the back-off after the failed pull (800 ms to fail).
    assert_eq!(&gaps[..4], &[10_800, 20_800, 40_800, 80_800], "{gaps:?}");
    assert!(trace.iter().any(|e| e.message.starts_with(
        "Failed to pull image \"nginx:1.99-doesnotexist\": rpc error: code = NotFound"
    )));
    assert!(trace.iter().any(|e| e.reason == "BackOff"
        && e.message == "Back-off pulling image \"nginx:1.99-doesnotexist\""));
    let name = pods(&w)[0].0.clone();
    let e = sunaba_core::run(&mut w, &format!("kubectl logs {name}"), &f).unwrap_err();
    assert_eq!(e.message, format!("Error from server (BadRequest): container \"bad\" in pod \"{name}\" is waiting to start: trying and failing to pull image"));
}

#[test]
fn memory_leak_is_oom_killed_with_exit_137() {
    let leak = deployment(
        "leaky",
        "sunaba/demo-app:1.0",
        1,
        "        env:\n        - name: LEAK_MEMORY_MIB_PER_SEC\n          value: \"16\"\n        resources:\n          limits:\n            memory: 128Mi\n",
    );
    let f = files(&[("leak.yaml", &leak)]);
    let mut w = World::new(7);
    run(&mut w, &f, "kubectl apply -f leak.yaml");
    run(&mut w, &f, "sim wait 20s");
    let name = pods(&w)[0].0.clone();
    let d = run(&mut w, &f, &format!("kubectl describe pod {name}"));
    assert!(
        d.contains("Reason:       OOMKilled\n      Exit Code:    137"),
        "{d}"
    );
    let trace = w.drain_trace();
    assert!(trace
        .iter()
        .any(|e| e.reason == "OOMKilling" && e.object.starts_with("node/")));
}

#[test]
fn failed_node_pods_are_replaced_after_grace_and_toleration() {
    let f = files(&[]);
    let mut w = World::new(8);
    run(&mut w, &f, "kubectl apply -f nginx.yaml");
    run(&mut w, &f, "sim wait 30s");
    w.drain_trace();
    let t0 = w.now_ms();
    let victim_node = w.cluster_view().nodes[0].name.clone();
    let lost: Vec<String> = w.cluster_view().nodes[0]
        .pods
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert!(!lost.is_empty());
    run(&mut w, &f, &format!("sim fail-node {victim_node}"));
    run(&mut w, &f, "sim wait 39s");
    assert!(
        run(&mut w, &f, "kubectl get nodes").contains(&format!("{victim_node}   Ready")),
        "not noticed yet"
    );
    run(&mut w, &f, "sim wait 11s");
    let nodes = run(&mut w, &f, "kubectl get nodes");
    assert!(
        nodes.contains(&format!("{victim_node}   NotReady")),
        "{nodes}"
    );
    run(&mut w, &f, "sim wait 6m");
    let trace = w.drain_trace();
    let not_ready = trace
        .iter()
        .find(|e| e.reason == "NodeNotReady")
        .expect("NodeNotReady")
        .time_ms;
    assert!(
        (40_000..=50_000).contains(&(not_ready - t0)),
        "NotReady after {} ms",
        not_ready - t0
    );
    let evicted = trace
        .iter()
        .find(|e| e.reason == "TaintManagerEviction")
        .expect("eviction")
        .time_ms;
    assert_eq!(evicted - not_ready, 300_000);
    let replaced = trace
        .iter()
        .find(|e| e.reason == "SuccessfulCreate")
        .expect("replacement")
        .time_ms;
    assert!(
        (340_000..=350_000).contains(&(replaced - t0)),
        "replaced after {} ms",
        replaced - t0
    );
    // Old pods are stuck Terminating on the dead node; new ones run elsewhere.
    let all = pods(&w);
    for name in &lost {
        assert!(
            all.iter().any(|(n, s, _)| n == name && s == "Terminating"),
            "{all:?}"
        );
    }
    assert_eq!(
        all.iter().filter(|(_, s, _)| s == "Running").count(),
        3,
        "{all:?}"
    );
    run(&mut w, &f, &format!("sim restore-node {victim_node}"));
    assert_eq!(pods(&w).len(), 3);
}

#[test]
fn scaling_up_and_down_converges() {
    let f = files(&[]);
    let mut w = World::new(9);
    run(&mut w, &f, "kubectl apply -f nginx.yaml");
    run(&mut w, &f, "sim wait 30s");
    assert_eq!(
        run(
            &mut w,
            &f,
            "kubectl scale deployment nginx-deployment --replicas=6"
        ),
        "deployment.apps/nginx-deployment scaled\n"
    );
    run(&mut w, &f, "sim wait 30s");
    w.deployments_converged().unwrap();
    assert_eq!(pods(&w).len(), 6);
    run(
        &mut w,
        &f,
        "kubectl scale deployment/nginx-deployment --replicas=1",
    );
    run(&mut w, &f, "sim wait 1m");
    w.deployments_converged().unwrap();
    assert_eq!(pods(&w).len(), 1);
    let trace = w.drain_trace();
    let scaled_down: Vec<&str> = trace
        .iter()
        .filter(|e| e.message.starts_with("Scaled down replica set"))
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(
        scaled_down,
        ["Scaled down replica set nginx-deployment-75d67467c5 to 1 from 6"]
    );
}

#[test]
fn apply_twice_is_unchanged_and_changed_template_rolls_out() {
    let f = files(&[("v2.yaml", &NGINX.replace("nginx:1.14.2", "nginx:1.16.1"))]);
    let mut w = World::new(10);
    assert!(run(&mut w, &f, "kubectl apply -f nginx.yaml")
        .contains("deployment.apps/nginx-deployment created"));
    assert!(run(&mut w, &f, "kubectl apply -f nginx.yaml")
        .contains("deployment.apps/nginx-deployment unchanged"));
    run(&mut w, &f, "sim wait 30s");
    assert!(run(&mut w, &f, "kubectl apply -f v2.yaml")
        .contains("deployment.apps/nginx-deployment configured"));
    let mut max_pods = 0;
    for _ in 0..120 {
        run(&mut w, &f, "sim wait 500ms");
        max_pods = max_pods.max(
            pods(&w)
                .iter()
                .filter(|(_, s, _)| s != "Terminating")
                .count(),
        );
    }
    w.deployments_converged().unwrap();
    // 3 replicas, maxSurge 25% → 1: never more than 4 pods.
    assert!(max_pods <= 4, "{max_pods}");
    let rs = run(&mut w, &f, "kubectl get rs");
    assert_eq!(rs.lines().count(), 3, "{rs}");
}

#[test]
fn kubectl_errors_are_worded_like_kubectl() {
    let f = files(&[]);
    let mut w = World::new(11);
    let e = |w: &mut World, c: &str| sunaba_core::run(w, c, &f).unwrap_err().message;
    assert_eq!(
        e(&mut w, "kubectl get podz"),
        "error: the server doesn't have a resource type \"podz\""
    );
    assert_eq!(
        e(&mut w, "kubectl get pods nope"),
        "Error from server (NotFound): pods \"nope\" not found"
    );
    assert_eq!(
        e(&mut w, "kubectl frobnicate"),
        "error: unknown command \"frobnicate\" for \"kubectl\""
    );
    assert!(e(&mut w, "kubectl get pods --bogus").starts_with("error: unknown flag: --bogus"));
    assert_eq!(
        e(&mut w, "kubectl scale deployment x"),
        "error: required flag(s) \"replicas\" not set"
    );
    assert!(e(&mut w, "kubectl apply -f missing.yaml").contains("missing.yaml"));
    assert!(e(&mut w, "sim wait forever").contains("invalid duration"));
    assert!(e(&mut w, "kubectl get pods 'unterminated").contains("unterminated"));
    assert_eq!(
        run(&mut w, &f, "kubectl get pods"),
        "No resources found in default namespace.\n"
    );
}

#[test]
fn json_output_is_kubernetes_shaped() {
    let f = files(&[]);
    let mut w = World::new(12);
    run(&mut w, &f, "kubectl apply -f nginx.yaml");
    run(&mut w, &f, "sim wait 10s");
    let v: serde_json::Value =
        serde_json::from_str(&run(&mut w, &f, "kubectl get pods -o json")).unwrap();
    assert_eq!(v["kind"], "List");
    assert_eq!(v["items"].as_array().unwrap().len(), 3);
    assert_eq!(v["items"][0]["kind"], "Pod");
    assert_eq!(v["items"][0]["status"]["phase"], "Running");
    assert_eq!(
        v["items"][0]["metadata"]["ownerReferences"][0]["kind"],
        "ReplicaSet"
    );
    let d: serde_json::Value = serde_json::from_str(&run(
        &mut w,
        &f,
        "kubectl get deployment nginx-deployment -o json",
    ))
    .unwrap();
    assert_eq!(d["kind"], "Deployment");
    assert_eq!(d["status"]["readyReplicas"], 3);
    let y = run(
        &mut w,
        &f,
        "kubectl get deployment nginx-deployment -o yaml",
    );
    assert!(
        y.starts_with("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"),
        "{y}"
    );
}

#[test]
fn crash_back_off_survives_image_pulls_of_untagged_images() {
    // `busybox` means `:latest`, so imagePullPolicy is Always and every restart pulls first;
    // a successful pull must not reset the crash back-off.
    let crasher = deployment(
        "crasher",
        "busybox",
        1,
        "        command: [\"sh\", \"-c\", \"sleep 5; exit 1\"]\n",
    );
    let f = files(&[("crasher.yaml", &crasher)]);
    let mut w = World::new(13);
    run(&mut w, &f, "kubectl apply -f crasher.yaml");
    run(&mut w, &f, "sim wait 40s");
    assert_eq!(
        pods(&w)[0].2,
        2,
        "restarts at once, then after 10 s; the next waits 20 s"
    );
    let trace = w.drain_trace();
    assert!(trace.iter().any(|e| e.reason == "BackOff"));
}

#[test]
fn time_compression_scales_documented_timings_and_says_so() {
    let crasher = deployment(
        "crasher",
        "busybox:1.36",
        1,
        "        command: [\"sh\", \"-c\", \"exit 1\"]\n",
    );
    let f = files(&[("crasher.yaml", &crasher)]);
    let mut w = World::new(14);
    assert_eq!(w.time_compression(), 1);
    let out = run(&mut w, &f, "sim compress 10");
    assert_eq!(out, "timings compressed ×10 (not Kubernetes' real ones): back-off 1s…30s, node grace 5s, eviction after 30s\n");
    assert_eq!(w.time_compression(), 10);
    run(&mut w, &f, "kubectl apply -f crasher.yaml");
    run(&mut w, &f, "sim wait 2m");
    let started: Vec<u64> = w
        .drain_trace()
        .iter()
        .filter(|e| e.reason == "Started")
        .map(|e| e.time_ms)
        .collect();
    let gaps: Vec<u64> = started.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(
        &gaps[..7],
        &[100, 1_100, 2_100, 4_100, 8_100, 16_100, 30_100],
        "{gaps:?}"
    );
    assert!(run(&mut w, &f, "sim compress 1").starts_with("timings are Kubernetes' real ones"));
    assert!(sunaba_core::run(&mut w, "sim compress 61", &f).is_err());
}
