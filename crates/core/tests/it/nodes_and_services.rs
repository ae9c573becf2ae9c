//! Node maintenance (cordon, uncordon, drain) and Service endpoints.

use sunaba_core::{MapFiles, World};

const NGINX: &str = include_str!("../../../../www/examples/nginx-deployment.yaml");

fn setup(seed: u64) -> (World, MapFiles) {
    let mut f = MapFiles::default();
    f.0.insert("nginx.yaml".into(), NGINX.into());
    f.0.insert(
        "bare.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\n  labels:\n    app: bare\nspec:\n  nodeName: node-1\n  containers:\n  - name: c\n    image: redis:7\n".into(),
    );
    let mut w = World::new(seed);
    sunaba_core::run(&mut w, "kubectl apply -f nginx.yaml", &f).unwrap();
    sunaba_core::run(&mut w, "sim wait 30s", &f).unwrap();
    (w, f)
}

fn run(w: &mut World, f: &MapFiles, cmd: &str) -> String {
    let out = sunaba_core::run(w, cmd, f).unwrap_or_else(|e| panic!("`{cmd}`: {e}"));
    w.check_invariants().unwrap();
    out
}

#[test]
fn cordoned_node_takes_no_new_pods_and_uncordon_reopens_it() {
    let (mut w, f) = setup(1);
    assert_eq!(
        run(&mut w, &f, "kubectl cordon node-1"),
        "node/node-1 cordoned\n"
    );
    assert_eq!(
        run(&mut w, &f, "kubectl cordon node-1"),
        "node/node-1 already cordoned\n"
    );
    assert!(run(&mut w, &f, "kubectl get nodes").contains("node-1   Ready,SchedulingDisabled"));
    run(
        &mut w,
        &f,
        "kubectl scale deployment nginx-deployment --replicas=9",
    );
    run(&mut w, &f, "sim wait 30s");
    let v = w.cluster_view();
    let on_1 = v
        .nodes
        .iter()
        .find(|n| n.name == "node-1")
        .unwrap()
        .pods
        .len();
    assert_eq!(on_1, 1, "only the pod from before the cordon");
    assert_eq!(
        run(&mut w, &f, "kubectl uncordon node-1"),
        "node/node-1 uncordoned\n"
    );
    assert!(run(&mut w, &f, "kubectl get nodes").contains("node-1   Ready    "));
}

#[test]
fn drain_evicts_pods_which_are_recreated_elsewhere() {
    let (mut w, f) = setup(2);
    let on_2: Vec<String> = w
        .cluster_view()
        .nodes
        .iter()
        .find(|n| n.name == "node-2")
        .unwrap()
        .pods
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(on_2.len(), 1);
    let before_ms = w.now_ms();
    let out = run(&mut w, &f, "kubectl drain node-2 --ignore-daemonsets");
    assert_eq!(
        out,
        format!("node/node-2 cordoned\nevicting pod default/{0}\npod/{0} evicted\nnode/node-2 drained\n", on_2[0])
    );
    // As kubectl does, drain returns once its evictions are done: the pod is gone already,
    // after its graceful shutdown took virtual time.
    assert!(
        w.now_ms() > before_ms,
        "no time passed while the pod shut down"
    );
    let pods = run(&mut w, &f, "kubectl get pods");
    assert!(!pods.contains(&on_2[0]), "{pods}");
    run(&mut w, &f, "sim wait 30s");
    let v = w.cluster_view();
    assert!(v
        .nodes
        .iter()
        .find(|n| n.name == "node-2")
        .unwrap()
        .pods
        .is_empty());
    w.deployments_converged().unwrap();
    let wide = run(&mut w, &f, "kubectl get pods -o wide");
    assert_eq!(
        wide.lines().filter(|l| l.contains("Running")).count(),
        3,
        "{wide}"
    );
}

#[test]
fn drain_refuses_pods_without_a_controller_unless_forced() {
    let (mut w, f) = setup(3);
    run(&mut w, &f, "kubectl apply -f bare.yaml");
    let e = sunaba_core::run(&mut w, "kubectl drain node-1", &f)
        .unwrap_err()
        .message;
    assert!(e.contains("error: unable to drain node \"node-1\" due to error: cannot delete Pods declare no controller (use --force to override): default/bare"), "{e}");
    assert!(run(&mut w, &f, "kubectl get nodes").contains("node-1   Ready,SchedulingDisabled"));
    let out = run(&mut w, &f, "kubectl drain node-1 --force");
    assert!(
        out.contains("Warning: deleting Pods that declare no controller: default/bare"),
        "{out}"
    );
    run(&mut w, &f, "sim wait 1m");
    assert!(
        sunaba_core::run(&mut w, "kubectl get pod bare", &f).is_err(),
        "a bare pod is gone for good"
    );
}

#[test]
fn endpoints_list_ready_pods_only() {
    let (mut w, f) = setup(4);
    let eps = run(&mut w, &f, "kubectl get endpoints");
    assert!(eps.contains("kubernetes   10.0.0.10:6443"), "{eps}");
    let line = eps.lines().find(|l| l.starts_with("nginx")).unwrap();
    assert!(
        line.split_whitespace()
            .nth(1)
            .unwrap()
            .starts_with("10.244."),
        "{eps}"
    );
    assert_eq!(line.matches(":80").count(), 3, "{eps}");
    let pod = w.pod_names("default")[0].clone();
    run(&mut w, &f, &format!("sim kill {pod}"));
    run(&mut w, &f, "sim fail-node node-3");
    run(&mut w, &f, "sim wait 55s");
    let eps = run(&mut w, &f, "kubectl get ep nginx");
    assert!(
        eps.lines().nth(1).unwrap().matches(":80").count() < 3,
        "a lost node's pod is not an endpoint: {eps}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&run(&mut w, &f, "kubectl get endpoints nginx -o json")).unwrap();
    assert_eq!(json["kind"], "Endpoints");
    assert_eq!(json["subsets"][0]["ports"][0]["port"], 80);
}

#[test]
fn taints_repel_pods_that_do_not_tolerate_them() {
    let (mut w, mut f) = setup(5);
    assert_eq!(
        run(
            &mut w,
            &f,
            "kubectl taint nodes node-1 dedicated=gpu:NoSchedule"
        )
        .trim(),
        "node/node-1 tainted"
    );
    f.0.insert(
        "gpu.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: trainer\nspec:\n  tolerations:\n  - key: dedicated\n    operator: Equal\n    value: gpu\n    effect: NoSchedule\n  nodeSelector:\n    kubernetes.io/hostname: node-1\n  containers:\n  - name: c\n    image: redis:7\n".into(),
    );
    f.0.insert(
        "plain.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: plain\nspec:\n  nodeSelector:\n    kubernetes.io/hostname: node-1\n  containers:\n  - name: c\n    image: redis:7\n".into(),
    );
    run(&mut w, &f, "kubectl apply -f gpu.yaml");
    run(&mut w, &f, "kubectl apply -f plain.yaml");
    run(&mut w, &f, "sim wait 10s");
    let pods = run(&mut w, &f, "kubectl get pods trainer plain");
    assert!(
        pods.lines()
            .any(|l| l.starts_with("trainer") && l.contains("Running")),
        "{pods}"
    );
    assert!(
        pods.lines()
            .any(|l| l.starts_with("plain") && l.contains("Pending")),
        "{pods}"
    );
    let events = run(&mut w, &f, "kubectl get events");
    assert!(
        events.contains("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector."),
        "{events}"
    );
    assert!(run(&mut w, &f, "kubectl describe node node-1")
        .contains("Taints:             dedicated=gpu:NoSchedule"));
    assert_eq!(
        run(
            &mut w,
            &f,
            "kubectl taint nodes node-1 dedicated:NoSchedule-"
        ),
        "node/node-1 untainted\n"
    );
    run(&mut w, &f, "sim wait 10s");
    assert!(run(&mut w, &f, "kubectl get pod plain").contains("Running"));
}

#[test]
fn a_no_execute_taint_evicts_pods_without_a_toleration() {
    let (mut w, f) = setup(6);
    let on_3: Vec<String> = w
        .cluster_view()
        .nodes
        .iter()
        .find(|n| n.name == "node-3")
        .unwrap()
        .pods
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(on_3.len(), 1);
    run(
        &mut w,
        &f,
        "kubectl taint node node-3 maintenance=true:NoExecute",
    );
    let trace = w.drain_trace();
    assert!(trace.iter().any(|e| e.reason == "TaintManagerEviction"
        && e.message == format!("Marking for deletion Pod default/{}", on_3[0])));
    run(&mut w, &f, "sim wait 30s");
    assert!(w
        .cluster_view()
        .nodes
        .iter()
        .find(|n| n.name == "node-3")
        .unwrap()
        .pods
        .is_empty());
    w.deployments_converged().unwrap();
    assert!(
        sunaba_core::run(&mut w, "kubectl taint nodes node-3 bad:Sometimes", &f)
            .unwrap_err()
            .message
            .contains("invalid taint effect")
    );
    assert!(
        sunaba_core::run(&mut w, "kubectl taint nodes node-9 a=b:NoSchedule", &f)
            .unwrap_err()
            .message
            .contains("not found")
    );
}

/// PodTopologySpread's default constraints: a big node would win every LeastAllocated score,
/// yet the replicas of one ReplicaSet spread over every node and zone.
#[test]
fn replicas_spread_across_nodes_and_zones_even_when_one_node_is_much_bigger() {
    let mut f = MapFiles::default();
    f.0.insert(
        "web.yaml".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 6\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        resources:\n          requests: {cpu: 100m, memory: 64Mi}\n".into(),
    );
    let mut w = World::empty(3);
    run(
        &mut w,
        &f,
        "sim add-node big --cpu 16 --memory 32Gi --zone zone-a",
    );
    run(
        &mut w,
        &f,
        "sim add-node small-b --cpu 2 --memory 4Gi --zone zone-b",
    );
    run(
        &mut w,
        &f,
        "sim add-node small-c --cpu 2 --memory 4Gi --zone zone-c",
    );
    run(&mut w, &f, "kubectl apply -f web.yaml");
    run(&mut w, &f, "sim wait 1m");
    let wide = run(&mut w, &f, "kubectl get pods -o wide");
    for node in ["big", "small-b", "small-c"] {
        let n = wide
            .lines()
            .filter(|l| l.contains(&format!(" {node} ")))
            .count();
        assert_eq!(n, 2, "{node} holds 2 of 6 replicas:\n{wide}");
    }
    // A bare pod has no owner, hence no default constraints: LeastAllocated sends it to `big`.
    f.0.insert(
        "bare.yaml".into(),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources:\n      requests: {cpu: 100m, memory: 64Mi}\n".into(),
    );
    run(&mut w, &f, "kubectl apply -f bare.yaml");
    let bare = run(&mut w, &f, "kubectl get pod bare -o wide");
    assert!(bare.contains(" big "), "{bare}");
}

/// A shell's quiet setup replaced the default nodes: forgetting its events leaves each node now
/// there started and registered once, and no `RemovingNode` for a name that is back and Ready.
#[test]
fn forgetting_the_setup_events_leaves_each_node_joined_once() {
    let f = MapFiles::default();
    let mut w = World::new(3);
    run(&mut w, &f, "sim nodes 2 --cpu 4");
    let before = run(&mut w, &f, "kubectl get events");
    assert!(before.contains("RemovingNode"), "{before}");
    w.forget_setup_events();
    let after = run(&mut w, &f, "kubectl get events");
    let rows: Vec<&str> = after.lines().skip(1).collect();
    assert_eq!(rows.len(), 4, "{after}");
    for (row, (reason, node)) in rows.iter().zip([
        ("Starting", "node-1"),
        ("RegisteredNode", "node-1"),
        ("Starting", "node-2"),
        ("RegisteredNode", "node-2"),
    ]) {
        assert!(
            row.contains(reason) && row.contains(&format!("node/{node}")),
            "{row}"
        );
    }
    assert!(w.drain_trace().is_empty(), "nothing new to animate");
    assert_eq!(w.node_names(), ["node-1", "node-2"]);
}

#[test]
fn drain_of_a_node_that_does_not_answer_names_the_pods_left_terminating() {
    let (mut w, f) = setup(2);
    run(&mut w, &f, "sim fail-node node-2");
    let e = sunaba_core::run(&mut w, "kubectl drain node-2 --ignore-daemonsets", &f)
        .unwrap_err()
        .message;
    assert!(
        e.starts_with("node/node-2 cordoned\nevicting pod default/"),
        "{e}"
    );
    assert!(
        e.contains("still terminating after the grace period")
            && e.ends_with("There are pending nodes to be drained:\n node-2"),
        "{e}"
    );
}
