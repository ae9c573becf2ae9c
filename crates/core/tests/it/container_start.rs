//! A container takes its image's start time between the kubelet's `Created` and `Started`
//! (busybox a tenth of a second, a Node.js server a second): `ContainerCreating` meanwhile, on
//! Kubernetes as on ECS (PENDING). And `PodReadyToStartContainers` is False while the pod's
//! sandbox is being made.

use expect_test::expect;
use sunaba_core::{MapFiles, TraceEvent, World};

fn files(entries: &[(&str, &str)]) -> MapFiles {
    let mut f = MapFiles::default();
    for (k, v) in entries {
        f.0.insert((*k).to_string(), (*v).to_string());
    }
    f
}

fn pod(name: &str, image: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: app\n    image: {image}\n"
    )
}

fn run(w: &mut World, cmd: &str, f: &MapFiles) -> String {
    sunaba_core::run(w, cmd, f).unwrap_or_else(|e| panic!("{cmd}: {}", e.message))
}

/// The pod's STATUS column at `t` ms.
fn status_at(w: &mut World, t: u64, name: &str) -> String {
    w.advance_to(t);
    let out = run(w, &format!("kubectl get pod {name}"), &MapFiles::default());
    out.lines()
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .nth(2)
        .unwrap_or_default()
        .to_string()
}

/// When the pod's `Created` and `Started` events happened (ms), from the trace.
fn created_and_started(trace: &[TraceEvent], name: &str) -> (u64, u64) {
    let object = format!("pod/{name}");
    let at = |reason: &str| {
        trace
            .iter()
            .find(|e| e.object == object && e.reason == reason)
            .map(|e| e.time_ms)
            .unwrap_or_else(|| panic!("no {reason} for {object}"))
    };
    (at("Created"), at("Started"))
}

#[test]
fn a_container_is_started_its_images_start_time_after_it_is_created() {
    let f = files(&[
        ("shell.yaml", &pod("shell", "busybox:1.36")),
        (
            "node.yaml",
            &pod("node", "gcr.io/google-samples/kubernetes-bootcamp:v1"),
        ),
    ]);
    let mut w = World::new(1);
    run(&mut w, "kubectl apply -f shell.yaml", &f);
    run(&mut w, "kubectl apply -f node.yaml", &f);
    w.advance_to(30_000);
    let trace = w.drain_trace();
    let (created, started) = created_and_started(&trace, "shell");
    assert_eq!(started - created, 100, "busybox is one static binary");
    let (created, started) = created_and_started(&trace, "node");
    assert_eq!(
        started - created,
        1_000,
        "a Node.js server loads its runtime"
    );
}

#[test]
fn the_pod_is_container_creating_until_its_container_has_started() {
    let f = files(&[(
        "node.yaml",
        &pod("node", "gcr.io/google-samples/kubernetes-bootcamp:v1"),
    )]);
    let mut w = World::new(1);
    run(&mut w, "kubectl apply -f node.yaml", &f);
    w.advance_to(30_000);
    let (created, started) = created_and_started(&w.drain_trace(), "node");
    let mut w = World::new(1);
    run(&mut w, "kubectl apply -f node.yaml", &f);
    let seen = [
        status_at(&mut w, created, "node"),
        status_at(&mut w, started - 1, "node"),
        status_at(&mut w, started, "node"),
    ];
    expect![[r#"["ContainerCreating", "ContainerCreating", "Running"]"#]]
        .assert_eq(&format!("{seen:?}"));
}

#[test]
fn pod_ready_to_start_containers_is_false_while_the_sandbox_is_made() {
    let f = files(&[("web.yaml", &pod("web", "nginx:1.14.2"))]);
    let mut w = World::new(1);
    run(&mut w, "kubectl apply -f web.yaml", &f);
    let conditions = |w: &mut World, t: u64| {
        w.advance_to(t);
        let yaml = run(w, "kubectl get pod web -o yaml", &MapFiles::default());
        let described = run(w, "kubectl describe pod web", &MapFiles::default());
        let table: Vec<&str> = described
            .lines()
            .skip_while(|l| !l.starts_with("Conditions:"))
            .take(7)
            .collect();
        let types: Vec<&str> = yaml
            .lines()
            .map(|l| l.trim_start().trim_start_matches("- "))
            .filter(|l| l.starts_with("status: \"") || l.starts_with("type: "))
            .collect();
        format!("{}\n{}\n", table.join("\n"), types.join("\n"))
    };
    expect![[r#"
        Conditions:
          Type                        Status
          PodReadyToStartContainers   False
          Initialized                 True
          Ready                       False
          ContainersReady             False
          PodScheduled                True
        status: "False"
        type: PodReadyToStartContainers
        status: "True"
        type: Initialized
        status: "False"
        type: Ready
        status: "False"
        type: ContainersReady
        status: "True"
        type: PodScheduled
    "#]]
    .assert_eq(&conditions(&mut w, 500));
    expect![[r#"
        Conditions:
          Type                        Status
          PodReadyToStartContainers   True
          Initialized                 True
          Ready                       False
          ContainersReady             False
          PodScheduled                True
        status: "True"
        type: PodReadyToStartContainers
        status: "True"
        type: Initialized
        status: "False"
        type: Ready
        status: "False"
        type: ContainersReady
        status: "True"
        type: PodScheduled
    "#]]
    .assert_eq(&conditions(&mut w, 1_500));
}

#[test]
fn an_ecs_task_is_pending_until_its_container_has_started() {
    let def = r#"{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.14.2", "cpu": 256, "memory": 128}]}"#;
    let f = files(&[("web.json", def)]);
    let mut w = World::new(1);
    run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://web.json",
        &f,
    );
    run(&mut w, "aws ecs run-task --task-definition web", &f);
    w.advance_to(60_000);
    let trace = w.drain_trace();
    let pod = trace
        .iter()
        .find(|e| e.reason == "Started")
        .map(|e| e.object.clone())
        .expect("the task's container started");
    let name = pod.trim_start_matches("pod/").to_string();
    let (created, started) = created_and_started(&trace, &name);
    assert_eq!(
        started - created,
        200,
        "nginx reads its configuration first"
    );
    let mut w = World::new(1);
    run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://web.json",
        &f,
    );
    run(&mut w, "aws ecs run-task --task-definition web", &f);
    let last_status = |w: &mut World, t: u64| {
        w.advance_to(t);
        let out = run(w, "aws ecs list-tasks", &MapFiles::default());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let arn = v["taskArns"][0].as_str().unwrap().to_string();
        let out = run(
            w,
            &format!("aws ecs describe-tasks --tasks {arn}"),
            &MapFiles::default(),
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v["tasks"][0]["lastStatus"].as_str().unwrap().to_string()
    };
    let seen = [
        last_status(&mut w, started - 1),
        last_status(&mut w, started),
    ];
    expect![[r#"["PENDING", "RUNNING"]"#]].assert_eq(&format!("{seen:?}"));
}
