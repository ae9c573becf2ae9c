//! DaemonSets: one pod on every node the pod may run on, following nodes as they come and go,
//! honouring taints and tolerations, and rolling updates within maxUnavailable.

use expect_test::expect;
use sunaba_core::{MapFiles, World};

use crate::common::column;

fn daemonset(image: &str, tolerations: &str, extra: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: fluentd-elasticsearch\n  namespace: kube-system\n  labels:\n    k8s-app: fluentd-logging\nspec:\n  selector:\n    matchLabels:\n      name: fluentd-elasticsearch\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 1\n{extra}  template:\n    metadata:\n      labels:\n        name: fluentd-elasticsearch\n    spec:\n{tolerations}      containers:\n      - name: fluentd-elasticsearch\n        image: {image}\n      terminationGracePeriodSeconds: 30\n"
    )
}

const IMAGE: &str = "quay.io/fluentd_elasticsearch/fluentd:v2.5.2";
const NEW_IMAGE: &str = "quay.io/fluentd_elasticsearch/fluentd:v2.6.0";

fn run(w: &mut World, f: &MapFiles, line: &str) -> String {
    sunaba_core::run(w, line, f).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn started(text: &str) -> (World, MapFiles) {
    let mut f = MapFiles::default();
    f.0.insert("ds.yaml".into(), text.to_string());
    let mut w = World::new(3);
    run(&mut w, &f, "kubectl apply -f ds.yaml");
    (w, f)
}

/// The node of each live daemon pod, sorted.
fn pod_nodes(w: &mut World, f: &MapFiles) -> Vec<String> {
    let out = run(w, f, "kubectl get pods -n kube-system -o wide");
    if out.starts_with("No resources") {
        return Vec::new();
    }
    let mut nodes: Vec<String> = column(&out, "NODE")
        .into_iter()
        .zip(column(&out, "STATUS"))
        .filter(|(_, s)| s != "Terminating")
        .map(|(n, _)| n)
        .collect();
    nodes.sort();
    nodes
}

fn ds_column(w: &mut World, f: &MapFiles, name: &str) -> String {
    column(&run(w, f, "kubectl get ds -n kube-system"), name)[0].clone()
}

#[test]
fn one_pod_runs_on_every_node_and_follows_nodes_as_they_come_and_go() {
    let (mut w, f) = started(&daemonset(IMAGE, "", ""));
    w.advance_by(30_000);
    assert_eq!(pod_nodes(&mut w, &f), ["node-1", "node-2", "node-3"]);
    assert_eq!(ds_column(&mut w, &f, "AVAILABLE"), "3");
    run(&mut w, &f, "sim nodes 4");
    w.advance_by(30_000);
    assert_eq!(
        pod_nodes(&mut w, &f),
        ["node-1", "node-2", "node-3", "node-4"]
    );
    assert_eq!(ds_column(&mut w, &f, "DESIRED"), "4");
    run(&mut w, &f, "kubectl delete node node-2");
    w.advance_by(60_000);
    assert_eq!(pod_nodes(&mut w, &f), ["node-1", "node-3", "node-4"]);
    assert_eq!(ds_column(&mut w, &f, "CURRENT"), "3");
}

#[test]
fn a_tainted_node_gets_a_daemon_pod_only_when_the_template_tolerates_the_taint() {
    let mut f = MapFiles::default();
    let mut w = World::new(3);
    run(
        &mut w,
        &f,
        "kubectl taint nodes node-1 node-role.kubernetes.io/control-plane:NoSchedule",
    );
    f.0.insert("ds.yaml".into(), daemonset(IMAGE, "", ""));
    run(&mut w, &f, "kubectl apply -f ds.yaml");
    w.advance_by(30_000);
    assert_eq!(pod_nodes(&mut w, &f), ["node-2", "node-3"]);
    let tolerate = "      tolerations:\n      - key: node-role.kubernetes.io/control-plane\n        operator: Exists\n        effect: NoSchedule\n";
    f.0.insert("ds.yaml".into(), daemonset(IMAGE, tolerate, ""));
    run(&mut w, &f, "kubectl apply -f ds.yaml");
    w.advance_by(60_000);
    assert_eq!(pod_nodes(&mut w, &f), ["node-1", "node-2", "node-3"]);
    // A cordoned node keeps its daemon pod (daemon pods tolerate `unschedulable`).
    run(&mut w, &f, "kubectl cordon node-3");
    run(&mut w, &f, "kubectl delete pods -n kube-system --all");
    w.advance_by(60_000);
    assert_eq!(pod_nodes(&mut w, &f), ["node-1", "node-2", "node-3"]);
}

#[test]
fn a_rolling_update_keeps_all_but_max_unavailable_nodes_served() {
    let (mut w, mut f) = started(&daemonset(IMAGE, "", ""));
    w.advance_by(30_000);
    f.0.insert("ds.yaml".into(), daemonset(NEW_IMAGE, "", ""));
    assert_eq!(
        run(&mut w, &f, "kubectl apply -f ds.yaml"),
        "daemonset.apps/fluentd-elasticsearch configured\n"
    );
    let mut lowest = 3;
    for _ in 0..120 {
        let available: u32 = ds_column(&mut w, &f, "AVAILABLE").parse().unwrap();
        lowest = lowest.min(available);
        assert!(
            pod_nodes(&mut w, &f).windows(2).all(|p| p[0] != p[1]),
            "two pods on one node"
        );
        w.advance_by(500);
    }
    assert_eq!(lowest, 2, "maxUnavailable 1 of 3");
    assert_eq!(ds_column(&mut w, &f, "UP-TO-DATE"), "3");
    assert_eq!(
        run(
            &mut w,
            &f,
            "kubectl rollout status ds/fluentd-elasticsearch -n kube-system"
        ),
        "daemon set \"fluentd-elasticsearch\" successfully rolled out\n"
    );
    let out = run(&mut w, &f, "kubectl get pods -n kube-system -o yaml");
    assert_eq!(
        out.matches(&format!("- image: {NEW_IMAGE}\n      imagePullPolicy"))
            .count(),
        3,
        "{out}"
    );
}

#[test]
fn rollout_status_follows_an_update_and_undo_goes_back() {
    let (mut w, f) = started(&daemonset(IMAGE, "", ""));
    w.advance_by(30_000);
    assert_eq!(
        run(&mut w, &f, &format!("kubectl set image ds/fluentd-elasticsearch fluentd-elasticsearch={NEW_IMAGE} -n kube-system")),
        "daemonset.apps/fluentd-elasticsearch image updated\n"
    );
    let status = run(
        &mut w,
        &f,
        "kubectl rollout status ds/fluentd-elasticsearch -n kube-system",
    );
    expect![[r#"
        Waiting for daemon set "fluentd-elasticsearch" rollout to finish: 0 out of 3 new pods have been updated...
        Waiting for daemon set "fluentd-elasticsearch" rollout to finish: 1 out of 3 new pods have been updated...
        Waiting for daemon set "fluentd-elasticsearch" rollout to finish: 2 out of 3 new pods have been updated...
        Waiting for daemon set "fluentd-elasticsearch" rollout to finish: 2 of 3 updated pods are available...
        daemon set "fluentd-elasticsearch" successfully rolled out
    "#]]
    .assert_eq(&status);
    assert_eq!(
        run(
            &mut w,
            &f,
            "kubectl rollout undo daemonset/fluentd-elasticsearch -n kube-system"
        ),
        "daemonset.apps/fluentd-elasticsearch rolled back\n"
    );
    run(
        &mut w,
        &f,
        "kubectl rollout status ds/fluentd-elasticsearch -n kube-system",
    );
    let out = run(&mut w, &f, "kubectl get pods -n kube-system -o yaml");
    assert_eq!(
        out.matches(&format!("- image: {IMAGE}\n      imagePullPolicy"))
            .count(),
        3,
        "{out}"
    );
    assert_eq!(
        run(&mut w, &f, "kubectl rollout history ds/fluentd-elasticsearch -n kube-system"),
        "daemonset.apps/fluentd-elasticsearch\nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n"
    );
}

#[test]
fn the_selector_of_a_daemonset_is_immutable() {
    let (mut w, mut f) = started(&daemonset(IMAGE, "", ""));
    f.0.insert(
        "ds.yaml".into(),
        daemonset(IMAGE, "", "")
            .replace(
                "name: fluentd-elasticsearch\n  update",
                "name: other\n  update",
            )
            .replace(
                "        name: fluentd-elasticsearch\n    spec",
                "        name: other\n    spec",
            ),
    );
    let e = sunaba_core::run(&mut w, "kubectl apply -f ds.yaml", &f)
        .unwrap_err()
        .to_string();
    assert_eq!(e, "The DaemonSet \"fluentd-elasticsearch\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"name\":\"other\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
}

#[test]
fn kubectl_prints_daemonsets_as_kubectl_does() {
    let (mut w, f) = started(&daemonset(IMAGE, "", ""));
    w.advance_by(45_000);
    let out = [
        "kubectl get ds -n kube-system",
        "kubectl get daemonset -A -o wide",
        "kubectl describe ds fluentd-elasticsearch -n kube-system",
    ]
    .iter()
    .map(|c| format!("$ {c}\n{}", run(&mut w, &f, c)))
    .collect::<String>();
    expect![[r#"
        $ kubectl get ds -n kube-system
        NAME                    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
        fluentd-elasticsearch   3         3         3       3            3           <none>          45s
        $ kubectl get daemonset -A -o wide
        NAMESPACE     NAME                    DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE   CONTAINERS              IMAGES                                         SELECTOR
        kube-system   fluentd-elasticsearch   3         3         3       3            3           <none>          45s   fluentd-elasticsearch   quay.io/fluentd_elasticsearch/fluentd:v2.5.2   name=fluentd-elasticsearch
        $ kubectl describe ds fluentd-elasticsearch -n kube-system
        Name:           fluentd-elasticsearch
        Selector:       name=fluentd-elasticsearch
        Node-Selector:  <none>
        Labels:         k8s-app=fluentd-logging
        Annotations:    deprecated.daemonset.template.generation: 1
        Desired Number of Nodes Scheduled: 3
        Current Number of Nodes Scheduled: 3
        Number of Nodes Scheduled with Up-to-date Pods: 3
        Number of Nodes Scheduled with Available Pods: 3
        Number of Nodes Misscheduled: 0
        Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed
        Pod Template:
          Labels:  name=fluentd-elasticsearch
          Containers:
           fluentd-elasticsearch:
            Image:        quay.io/fluentd_elasticsearch/fluentd:v2.5.2
            Environment:  <none>
        Events:
          Type    Reason            Age   From                  Message
          ----    ------            ----  ----                  -------
          Normal  SuccessfulCreate  45s   daemonset-controller  Created pod: fluentd-elasticsearch-zkmhs
          Normal  SuccessfulCreate  45s   daemonset-controller  Created pod: fluentd-elasticsearch-klf9c
          Normal  SuccessfulCreate  45s   daemonset-controller  Created pod: fluentd-elasticsearch-5wpcx
    "#]]
    .assert_eq(&out);
}
