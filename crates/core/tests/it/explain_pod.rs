//! `sim explain pod/NAME`: the scheduler's decision ledger in the terminal, attempt by attempt,
//! in English and Japanese, and its bounds.

use expect_test::expect;
use sunaba_core::base::language::Language;
use sunaba_core::sim::ledger::{FilterPlugin, Limits};
use sunaba_core::{MapFiles, World};

fn pod(name: &str, cpu: &str, memory: &str, extra: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{extra}  containers:\n  - name: app\n    image: nginx:1.14.2\n    resources:\n      requests:\n        cpu: {cpu}\n        memory: {memory}\n"
    )
}

fn run(w: &mut World, f: &MapFiles, line: &str) -> String {
    sunaba_core::run(w, line, f).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn refused(w: &mut World, f: &MapFiles, line: &str) -> String {
    match sunaba_core::run(w, line, f) {
        Ok(out) => panic!("{line} ran: {out}"),
        Err(e) => e.message,
    }
}

/// Three 2-CPU/4Gi nodes, node-3 tainted; the pod `big` asks for 6Gi: Pending, then bound
/// once a large node joins.
fn pending_then_bound() -> (World, MapFiles) {
    let mut f = MapFiles::default();
    f.0.insert("big.yaml".into(), pod("big", "500m", "6Gi", ""));
    let mut w = World::empty(1);
    run(&mut w, &f, "sim nodes 3 --cpu 2 --memory 4Gi");
    run(
        &mut w,
        &f,
        "kubectl taint nodes node-3 dedicated=gpu:NoSchedule",
    );
    run(&mut w, &f, "kubectl apply -f big.yaml");
    (w, f)
}

#[test]
fn a_pending_pod_shows_each_nodes_failing_filter() {
    let (mut w, f) = pending_then_bound();
    let events = run(
        &mut w,
        &f,
        "kubectl get events --field-selector reason=FailedScheduling",
    );
    assert!(
        events.contains("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient memory."),
        "{events}"
    );
    expect![[r#"
        Scheduling decisions for pod default/big (kube-scheduler, default profile):

        Attempt 1 of 1 at t=0s: no node fits (Pending)
          Nodes: 3 in the cluster, 3 evaluated, 0 feasible.

          Filter:
          NODE     PLUGIN             RESULT                                           WHY
          node-1   NodeResourcesFit   Insufficient memory                              Less is left on the node than the pod requests (memory 6Gi).
          node-2   NodeResourcesFit   Insufficient memory                              Less is left on the node than the pod requests (memory 6Gi).
          node-3   TaintToleration    node(s) had untolerated taint {dedicated: gpu}   The node has a taint the pod has no toleration for.
    "#]]
    .assert_eq(&run(&mut w, &f, "sim explain pod/big"));
    run(&mut w, &f, "sim add-node big-node --cpu 8 --memory 16Gi");
    expect![[r#"
        Scheduling decisions for pod default/big (kube-scheduler, default profile):

        Attempt 1 of 2 at t=0s: no node fits (Pending)
          Nodes: 3 in the cluster, 3 evaluated, 0 feasible.

          Filter:
          NODE     PLUGIN             RESULT                                           WHY
          node-1   NodeResourcesFit   Insufficient memory                              Less is left on the node than the pod requests (memory 6Gi).
          node-2   NodeResourcesFit   Insufficient memory                              Less is left on the node than the pod requests (memory 6Gi).
          node-3   TaintToleration    node(s) had untolerated taint {dedicated: gpu}   The node has a taint the pod has no toleration for.

        Attempt 2 of 2 at t=0s: bound to big-node
          Nodes: 4 in the cluster, 4 evaluated, 1 feasible.

          Filter:
          NODE       PLUGIN             RESULT                                           WHY
          node-1     NodeResourcesFit   Insufficient memory                              Less is left on the node than the pod requests (memory 6Gi).
          node-2     NodeResourcesFit   Insufficient memory                              Less is left on the node than the pod requests (memory 6Gi).
          node-3     TaintToleration    node(s) had untolerated taint {dedicated: gpu}   The node has a taint the pod has no toleration for.
          big-node   -                  Passed                                           Passed every Filter plugin: the node can run the pod.

          Score:
          (each plugin: raw score → normalized 0-100 ×weight = weighted; * the chosen node)
          NODE         NodeResourcesFit   NodeResourcesBalancedAllocation   PodTopologySpread   TOTAL   WHY
          * big-node   77 → 77 ×1 = 77    84 → 84 ×1 = 84                   -                   161     Highest total: chosen.
          PodTopologySpread: no default constraints apply (the pod has no owner, or only one node was feasible).
    "#]]
    .assert_eq(&run(&mut w, &f, "sim explain big"));
}

#[test]
fn why_not_this_node_across_attempts() {
    let (mut w, f) = pending_then_bound();
    run(&mut w, &f, "sim add-node big-node --cpu 8 --memory 16Gi");
    expect![[r#"
        Scheduling decisions for pod default/big (kube-scheduler, default profile):

        Node node-3, attempt by attempt:
        ATTEMPT   TIME   PLUGIN            RESULT                                           TOTAL   RANK   WHY
        1         t=0s   TaintToleration   node(s) had untolerated taint {dedicated: gpu}   -       -      The node has a taint the pod has no toleration for.
        2         t=0s   TaintToleration   node(s) had untolerated taint {dedicated: gpu}   -       -      The node has a taint the pod has no toleration for.
    "#]]
    .assert_eq(&run(&mut w, &f, "sim explain pod/big --node node-3"));
    expect![[r#"
        Scheduling decisions for pod default/big (kube-scheduler, default profile):

        Node big-node, attempt by attempt:
        ATTEMPT   TIME   PLUGIN   RESULT          TOTAL   RANK   WHY
        1         t=0s   -        not evaluated   -       -      The node was not in the cluster yet.
        2         t=0s   -        Passed          161     1/1    Highest total: chosen.
    "#]]
    .assert_eq(&run(&mut w, &f, "sim explain pod/big --node big-node"));
}

#[test]
fn japanese_from_the_flag_and_from_the_readers_language() {
    let (mut w, f) = pending_then_bound();
    let flagged = run(&mut w, &f, "sim explain pod/big --lang ja");
    expect![[r#"
        Pod default/big のスケジューリングの判断（kube-scheduler、デフォルトのプロファイル）：

        試行 1/1（t=0s）：収まるノードがない（Pending）
          ノード：クラスターに 3、評価 3、候補（feasible）0。

          Filter:
          NODE     PLUGIN             RESULT                                           WHY
          node-1   NodeResourcesFit   Insufficient memory                              ノードの空きが Pod の要求（メモリ 6Gi）に足りない。
          node-2   NodeResourcesFit   Insufficient memory                              ノードの空きが Pod の要求（メモリ 6Gi）に足りない。
          node-3   TaintToleration    node(s) had untolerated taint {dedicated: gpu}   ノードに、Pod が toleration を持たない taint がある。
    "#]]
    .assert_eq(&flagged);
    let read = sunaba_core::lang::command::run_for(&mut w, "sim explain pod/big", &f, Language::Ja)
        .unwrap();
    assert_eq!(read, flagged);
    let english = sunaba_core::lang::command::run_for(
        &mut w,
        "sim explain pod/big --lang en",
        &f,
        Language::Ja,
    )
    .unwrap();
    assert_eq!(english, run(&mut w, &f, "sim explain pod/big"));
}

#[test]
fn a_tie_names_the_draw_that_chose() {
    let mut f = MapFiles::default();
    f.0.insert("p.yaml".into(), pod("solo", "100m", "128Mi", ""));
    let mut w = World::empty(5);
    run(&mut w, &f, "sim nodes 3 --cpu 2 --memory 4Gi");
    run(&mut w, &f, "kubectl apply -f p.yaml");
    expect![[r#"
        Scheduling decisions for pod default/solo (kube-scheduler, default profile):

        Attempt 1 of 1 at t=0s: bound to node-3
          Nodes: 3 in the cluster, 3 evaluated, 3 feasible.

          Filter:
          NODE     PLUGIN   RESULT   WHY
          node-1   -        Passed   Passed every Filter plugin: the node can run the pod.
          node-2   -        Passed   Passed every Filter plugin: the node can run the pod.
          node-3   -        Passed   Passed every Filter plugin: the node can run the pod.

          Score:
          (each plugin: raw score → normalized 0-100 ×weight = weighted; * the chosen node)
          NODE       NodeResourcesFit   NodeResourcesBalancedAllocation   PodTopologySpread   TOTAL   WHY
            node-1   95 → 95 ×1 = 95    99 → 99 ×1 = 99                   -                   194     Tied for the highest total: the draw chose another node.
            node-2   95 → 95 ×1 = 95    99 → 99 ×1 = 99                   -                   194     Tied for the highest total: the draw chose another node.
          * node-3   95 → 95 ×1 = 95    99 → 99 ×1 = 99                   -                   194     Tied for the highest total: the seeded draw chose it.
          PodTopologySpread: no default constraints apply (the pod has no owner, or only one node was feasible).
          Tie-break: 3 nodes shared the highest total; Select's reservoir sampling made 2 seeded draw(s): node-3, tied node 3 in filter order, won draw 2 (1 chance in 3) and no later draw replaced it.
    "#]]
    .assert_eq(&run(&mut w, &f, "sim explain pod/solo"));
}

#[test]
fn a_deployments_pods_spread_and_say_why() {
    let mut f = MapFiles::default();
    f.0.insert(
        "d.yaml".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.14.2\n        resources:\n          requests:\n            cpu: 250m\n            memory: 256Mi\n".into(),
    );
    let mut w = World::empty(2);
    run(&mut w, &f, "sim nodes 3 --cpu 2 --memory 4Gi");
    run(&mut w, &f, "kubectl apply -f d.yaml");
    let ledger = w.scheduling_ledger();
    let (_, last) = ledger.pods().last().expect("the third pod");
    let name = last.name.clone();
    let out = run(&mut w, &f, &format!("sim explain pod/{name}"));
    let out = out.replace(&name, "POD");
    expect![[r#"
        Scheduling decisions for pod default/POD (kube-scheduler, default profile):

        Attempt 1 of 1 at t=0s: bound to node-3
          Nodes: 3 in the cluster, 3 evaluated, 3 feasible.

          Filter:
          NODE     PLUGIN   RESULT   WHY
          node-1   -        Passed   Passed every Filter plugin: the node can run the pod.
          node-2   -        Passed   Passed every Filter plugin: the node can run the pod.
          node-3   -        Passed   Passed every Filter plugin: the node can run the pod.

          Score:
          (each plugin: raw score → normalized 0-100 ×weight = weighted; * the chosen node)
          NODE       NodeResourcesFit   NodeResourcesBalancedAllocation   PodTopologySpread     TOTAL   WHY
          * node-3   90 → 90 ×1 = 90    96 → 96 ×1 = 96                   6000 → 100 ×2 = 200   386     Highest total: chosen.
            node-1   81 → 81 ×1 = 81    93 → 93 ×1 = 93                   9218 → 65 ×2 = 130    304     82 below the chosen node, mostly on PodTopologySpread.
            node-2   81 → 81 ×1 = 81    93 → 93 ×1 = 93                   9218 → 65 ×2 = 130    304     82 below the chosen node, mostly on PodTopologySpread.
    "#]]
    .assert_eq(&out);
}

#[test]
fn errors_are_located() {
    let (mut w, f) = pending_then_bound();
    expect![[r#"Error from server (NotFound): pods "nope" not found"#]].assert_eq(&refused(
        &mut w,
        &f,
        "sim explain pod/nope",
    ));
    expect![[r#"Error from server (NotFound): nodes "node-9" not found"#]].assert_eq(&refused(
        &mut w,
        &f,
        "sim explain pod/big --node node-9",
    ));
    expect!["error: sim explain explains a pod's scheduling, not a deployment: pod/NAME"]
        .assert_eq(&refused(&mut w, &f, "sim explain deployment/web"));
    expect!["error: usage: sim explain pod/NAME [--node NODE] [-n NAMESPACE] [--lang en|ja]"]
        .assert_eq(&refused(&mut w, &f, "sim explain"));
    expect![[r#"error: invalid argument "fr" for "--lang" flag: expected en or ja"#]]
        .assert_eq(&refused(&mut w, &f, "sim explain pod/big --lang fr"));
    expect![[r#"Error from server (NotFound): pods "big" not found"#]].assert_eq(&refused(
        &mut w,
        &f,
        "sim explain pod/big -n other",
    ));
}

#[test]
fn a_pods_attempts_are_capped_and_the_dropped_ones_counted() {
    let (mut w, f) = pending_then_bound();
    w.set_ledger_limits(Limits {
        attempts_per_pod: 3,
        ..Limits::default()
    });
    // Every node added is a cluster change: the Pending pod is tried again each time.
    for i in 0..5 {
        run(
            &mut w,
            &f,
            &format!("sim add-node small-{i} --cpu 1 --memory 1Gi"),
        );
    }
    let ledger = w.scheduling_ledger();
    let (_, big) = ledger.pods().find(|(_, p)| p.name == "big").unwrap();
    assert_eq!(big.attempts.len(), 3);
    assert_eq!(big.dropped, 3, "6 attempts: the first 3 dropped");
    assert_eq!(big.number(0), 4);
    let out = run(&mut w, &f, "sim explain pod/big");
    assert!(
        out.contains("(3 older attempt(s) dropped: the ledger keeps the newest 3 per pod.)"),
        "{out}"
    );
    assert!(out.contains("Attempt 4 of 6 at"), "{out}");
    assert!(!out.contains("Attempt 3 of 6"), "{out}");
}

#[test]
fn the_stalest_pods_are_evicted_first_and_the_output_says_so() {
    let mut f = MapFiles::default();
    for i in 0..6 {
        f.0.insert(
            format!("p{i}.yaml"),
            pod(&format!("p{i}"), "100m", "64Mi", ""),
        );
    }
    let mut w = World::empty(3);
    w.set_ledger_limits(Limits {
        pods: 4,
        ..Limits::default()
    });
    run(&mut w, &f, "sim nodes 2 --cpu 2 --memory 4Gi");
    for i in 0..6 {
        run(&mut w, &f, &format!("kubectl apply -f p{i}.yaml"));
    }
    let ledger = w.scheduling_ledger();
    let kept: Vec<&str> = ledger.pods().map(|(_, p)| p.name.as_str()).collect();
    assert_eq!(kept, ["p2", "p3", "p4", "p5"]);
    assert_eq!(ledger.evicted_pods, 2);
    let out = refused(&mut w, &f, "sim explain pod/p0");
    assert!(out.contains("may have been evicted"), "{out}");
    let out = run(&mut w, &f, "sim explain pod/p5");
    assert!(
        out.contains("(The ledger has evicted 2 pod(s)' decisions, stalest first, to stay within 4 pods and 16 MiB.)"),
        "{out}"
    );
    // The byte bound evicts too, down to the newest pod alone.
    w.set_ledger_limits(Limits {
        bytes: 1,
        ..Limits::default()
    });
    f.0.insert("p6.yaml".into(), pod("p6", "100m", "64Mi", ""));
    run(&mut w, &f, "kubectl apply -f p6.yaml");
    let ledger = w.scheduling_ledger();
    let kept: Vec<&str> = ledger.pods().map(|(_, p)| p.name.as_str()).collect();
    assert_eq!(kept, ["p6"]);
    assert_eq!(ledger.evicted_pods, 6);
}

#[test]
fn at_scale_filtering_is_sampled_and_the_tables_count_nodes() {
    let mut f = MapFiles::default();
    f.0.insert("p.yaml".into(), pod("wide", "1500m", "1Gi", ""));
    let mut w = World::empty(4);
    run(&mut w, &f, "sim nodes 150 --cpu 2 --memory 4Gi");
    for i in 1..=40 {
        run(&mut w, &f, &format!("kubectl cordon node-{i}"));
    }
    run(&mut w, &f, "kubectl apply -f p.yaml");
    let out = run(&mut w, &f, "sim explain pod/wide");
    let chosen = out
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("* "))
        .and_then(|l| l.split_whitespace().next())
        .expect("a chosen row")
        .to_string();
    let out = out.replace(&format!("* {chosen} "), "* CHOSEN ");
    let head: String = out.lines().take(12).map(|l| format!("{l}\n")).collect();
    expect![[r#"
        Scheduling decisions for pod default/wide (kube-scheduler, default profile):

        Attempt 1 of 1 at t=0s: bound to node-101
          Nodes: 150 in the cluster; percentageOfNodesToScore 49%: filtering stopped after finding 100 feasible node(s) (enough: 100), 140 evaluated, 10 not evaluated.

          Filter:
          PLUGIN              RESULT                       NODES   WHY
          NodeUnschedulable   node(s) were unschedulable   40      40 node(s): the node is cordoned (kubectl cordon): it takes no new pods.
          -                   Passed                       100     100 node(s): passed every Filter plugin: the node can run the pod.

          Score:
          (each plugin: raw score → normalized 0-100 ×weight = weighted; * the chosen node)
    "#]]
    .assert_eq(&head);
    assert!(
        out.contains("… and 84 more feasible node(s), scored but not kept (the ledger keeps the best 16 by total)."),
        "{out}"
    );
    // A node sampling never reached.
    let node = run(&mut w, &f, "sim explain pod/wide --node node-150");
    expect![[r#"
        Scheduling decisions for pod default/wide (kube-scheduler, default profile):

        Node node-150, attempt by attempt:
        ATTEMPT   TIME   PLUGIN   RESULT          TOTAL   RANK   WHY
        1         t=0s   -        not evaluated   -       -      Not evaluated: sampling (percentageOfNodesToScore) had found enough feasible nodes before reaching it.
    "#]]
    .assert_eq(&node);
}

#[test]
fn the_ledger_view_gives_shells_the_same_facts_typed() {
    let (mut w, f) = pending_then_bound();
    run(&mut w, &f, "sim add-node big-node --cpu 8 --memory 16Gi");
    let view = w.pod_ledger_view("default", "big").expect("a ledger");
    assert_eq!(view.attempts.len(), 2);
    let first = &view.attempts[0];
    assert_eq!(first.chosen, None);
    assert_eq!((first.nodes, first.evaluated, first.feasible), (3, 3, 0));
    let rows: Vec<(String, Option<FilterPlugin>, Vec<String>)> = first
        .filters
        .iter()
        .map(|r| (r.node.clone(), r.plugin, r.reasons.clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (
                "node-1".into(),
                Some(FilterPlugin::NodeResourcesFit),
                vec!["Insufficient memory".into()]
            ),
            (
                "node-2".into(),
                Some(FilterPlugin::NodeResourcesFit),
                vec!["Insufficient memory".into()]
            ),
            (
                "node-3".into(),
                Some(FilterPlugin::TaintToleration),
                vec!["node(s) had untolerated taint {dedicated: gpu}".into()]
            ),
        ]
    );
    let counts: Vec<(Option<FilterPlugin>, usize)> = first
        .filter_counts
        .iter()
        .map(|c| (c.plugin, c.nodes))
        .collect();
    assert_eq!(
        counts,
        [
            (Some(FilterPlugin::TaintToleration), 1),
            (Some(FilterPlugin::NodeResourcesFit), 2)
        ]
    );
    let second = &view.attempts[1];
    assert_eq!(second.chosen.as_deref(), Some("big-node"));
    assert_eq!(second.scores.len(), 1);
    assert!(second.scores[0].chosen);
    assert_eq!(second.scores[0].total, 161);
    let json = serde_json::to_string(&view).unwrap();
    assert!(json.contains("\"plugin\":\"NodeResourcesFit\""), "{json}");
    assert_eq!(w.pod_ledger_view("default", "nope"), None);
}
