//! Rollouts as the Deployment controller runs them: surge/unavailable fenceposts, a broken
//! version stalling with old pods serving, progress deadline, history, undo, restart.

use sunaba_core::{MapFiles, World};

fn deployment(replicas: u32, image: &str, strategy: &str, extra_spec: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {replicas}\n{strategy}{extra_spec}  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: {image}\n        resources:\n          requests:\n            cpu: 50m\n            memory: 64Mi\n"
    )
}

fn run(w: &mut World, f: &MapFiles, cmd: &str) -> String {
    let out = sunaba_core::run(w, cmd, f).unwrap_or_else(|e| panic!("`{cmd}`: {e}"));
    w.check_invariants().unwrap();
    out
}

/// (non-terminating pods, available pods) across all ReplicaSets of the deployment.
fn counts(w: &mut World, f: &MapFiles) -> (usize, u32) {
    let v = w.cluster_view();
    let live = v
        .nodes
        .iter()
        .flat_map(|n| &n.pods)
        .chain(&v.pending)
        .filter(|p| !p.terminating)
        .count();
    let d: serde_json::Value = serde_json::from_str(
        &sunaba_core::run(w, "kubectl get deployment web -o json", f).unwrap(),
    )
    .unwrap();
    (
        live,
        d["status"]["availableReplicas"].as_u64().unwrap_or(0) as u32,
    )
}

#[test]
fn rolling_update_respects_max_surge_and_max_unavailable() {
    let strategy = "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 30%\n      maxUnavailable: 20%\n";
    let mut f = MapFiles::default();
    f.0.insert(
        "v1.yaml".into(),
        deployment(10, "nginx:1.14.2", strategy, ""),
    );
    f.0.insert(
        "v2.yaml".into(),
        deployment(10, "nginx:1.16.1", strategy, ""),
    );
    let mut w = World::new(1);
    run(&mut w, &f, "kubectl apply -f v1.yaml");
    run(&mut w, &f, "sim wait 1m");
    assert_eq!(counts(&mut w, &f), (10, 10));
    run(&mut w, &f, "kubectl apply -f v2.yaml");
    let (mut max_pods, mut min_available) = (0, u32::MAX);
    for _ in 0..240 {
        run(&mut w, &f, "sim wait 250ms");
        let (pods, available) = counts(&mut w, &f);
        max_pods = max_pods.max(pods);
        min_available = min_available.min(available);
    }
    // maxSurge 30% of 10 rounds up to 3, maxUnavailable 20% rounds down to 2.
    assert_eq!(
        max_pods, 13,
        "never more than 13 pods, and the surge is used"
    );
    assert_eq!(min_available, 8, "never fewer than 8 available");
    w.deployments_converged().unwrap();
    let out = run(&mut w, &f, "kubectl rollout status deployment/web");
    assert_eq!(out, "deployment \"web\" successfully rolled out\n");
}

#[test]
fn set_image_status_history_undo() {
    let mut f = MapFiles::default();
    f.0.insert("v1.yaml".into(), deployment(3, "nginx:1.14.2", "", ""));
    let mut w = World::new(2);
    run(&mut w, &f, "kubectl apply -f v1.yaml");
    run(&mut w, &f, "sim wait 30s");
    assert_eq!(
        run(
            &mut w,
            &f,
            "kubectl set image deployment/web web=nginx:1.16.1"
        ),
        "deployment.apps/web image updated\n"
    );
    let status = run(&mut w, &f, "kubectl rollout status deployment/web");
    assert!(status.starts_with("Waiting for deployment \"web\" rollout to finish: 1 out of 3 new replicas have been updated...\n"), "{status}");
    assert!(
        status.ends_with("deployment \"web\" successfully rolled out\n"),
        "{status}"
    );
    assert_eq!(
        run(&mut w, &f, "kubectl rollout history deployment/web"),
        "deployment.apps/web\nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"
    );
    assert_eq!(
        run(&mut w, &f, "kubectl rollout undo deployment/web"),
        "deployment.apps/web rolled back\n"
    );
    run(&mut w, &f, "kubectl rollout status deployment/web");
    let json: serde_json::Value =
        serde_json::from_str(&run(&mut w, &f, "kubectl get deployment web -o json")).unwrap();
    assert_eq!(
        json["spec"]["template"]["spec"]["containers"][0]["image"],
        "nginx:1.14.2"
    );
    // The old ReplicaSet is reused and becomes revision 3.
    assert_eq!(
        run(&mut w, &f, "kubectl rollout history deployment/web"),
        "deployment.apps/web\nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n"
    );
    assert_eq!(run(&mut w, &f, "kubectl get rs").lines().count(), 3);
    let e =
        sunaba_core::run(&mut w, "kubectl set image deployment/web nope=nginx", &f).unwrap_err();
    assert_eq!(e.message, "error: unable to find container named \"nope\"");
}

#[test]
fn broken_version_stalls_with_old_pods_serving_until_the_progress_deadline() {
    let mut f = MapFiles::default();
    f.0.insert(
        "v1.yaml".into(),
        deployment(4, "nginx:1.14.2", "", "  progressDeadlineSeconds: 60\n"),
    );
    let mut w = World::new(3);
    run(&mut w, &f, "kubectl apply -f v1.yaml");
    run(&mut w, &f, "sim wait 30s");
    run(
        &mut w,
        &f,
        "kubectl set image deployment/web web=nginx:1.99-typo",
    );
    let e = sunaba_core::run(&mut w, "kubectl rollout status deployment/web", &f)
        .unwrap_err()
        .message;
    // Surge 1 → a new pod; unavailable 1 → old scaled to 3; room again → a second new pod.
    assert!(e.starts_with("Waiting for deployment \"web\" rollout to finish: 2 out of 4 new replicas have been updated...\n"), "{e}");
    assert!(
        e.ends_with("error: deployment \"web\" exceeded its progress deadline"),
        "{e}"
    );
    // Two new pods stuck pulling, three old pods still serving: the rollout stalls safely.
    let (pods, available) = counts(&mut w, &f);
    assert_eq!((pods, available), (5, 3));
    let pods_table = run(&mut w, &f, "kubectl get pods");
    assert_eq!(
        pods_table.matches("ImagePullBackOff").count() + pods_table.matches("ErrImagePull").count(),
        2,
        "{pods_table}"
    );
    let d = run(&mut w, &f, "kubectl describe deployment web");
    assert!(
        d.contains("  Progressing    False   ProgressDeadlineExceeded"),
        "{d}"
    );
    run(&mut w, &f, "kubectl rollout undo deployment/web");
    run(&mut w, &f, "sim wait 1m");
    w.deployments_converged().unwrap();
}

#[test]
fn rollout_restart_replaces_every_pod() {
    let mut f = MapFiles::default();
    f.0.insert("v1.yaml".into(), deployment(3, "nginx:1.14.2", "", ""));
    let mut w = World::new(4);
    run(&mut w, &f, "kubectl apply -f v1.yaml");
    run(&mut w, &f, "sim wait 30s");
    let before = w.pod_names("default");
    assert_eq!(
        run(&mut w, &f, "kubectl rollout restart deployment/web"),
        "deployment.apps/web restarted\n"
    );
    run(&mut w, &f, "kubectl rollout status deployment/web");
    run(&mut w, &f, "sim wait 1m");
    let after = w.pod_names("default");
    assert_eq!(after.len(), 3);
    assert!(
        after.iter().all(|p| !before.contains(p)),
        "{before:?} {after:?}"
    );
}

/// `revisionHistoryLimit` keeps that many old ReplicaSets (scaled to 0) for `rollout undo`;
/// older ones are deleted, and `rollout history` lists what is left.
#[test]
fn revision_history_limit_keeps_that_many_old_replicasets() {
    let mut f = MapFiles::default();
    for (i, image) in ["nginx:1.14.2", "nginx:1.16.1", "nginx:1.25", "nginx:1.27"]
        .iter()
        .enumerate()
    {
        f.0.insert(
            format!("v{i}.yaml"),
            deployment(2, image, "", "  revisionHistoryLimit: 2\n"),
        );
    }
    let mut w = World::new(4);
    for i in 0..4 {
        run(&mut w, &f, &format!("kubectl apply -f v{i}.yaml"));
        run(&mut w, &f, "sim wait 2m");
    }
    let rs = run(&mut w, &f, "kubectl get replicasets");
    assert_eq!(
        rs.lines().count() - 1,
        3,
        "the current one and 2 old ones:\n{rs}"
    );
    let history = run(&mut w, &f, "kubectl rollout history deployment/web");
    let revisions: Vec<&str> = history
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(revisions, ["2", "3", "4"], "{history}");
}

/// `kubectl get events --sort-by=.lastTimestamp`: oldest first, as kubectl sorts.
#[test]
fn events_sort_by_last_timestamp() {
    let mut f = MapFiles::default();
    f.0.insert("v0.yaml".into(), deployment(2, "nginx:1.14.2", "", ""));
    let mut w = World::new(2);
    run(&mut w, &f, "kubectl apply -f v0.yaml");
    run(&mut w, &f, "sim wait 1m");
    let pod = w.pod_names("default")[0].clone();
    run(&mut w, &f, &format!("kubectl delete pod {pod}"));
    run(&mut w, &f, "sim wait 1m");
    let out = run(&mut w, &f, "kubectl get events --sort-by=.lastTimestamp");
    let ages: Vec<u64> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .map(|age| {
            // `45s`, `2m3s`, `2m`
            let (m, s) = age
                .trim_end_matches('s')
                .split_once('m')
                .unwrap_or(("0", age.trim_end_matches('s')));
            m.parse::<u64>().unwrap_or(0) * 60 + s.parse::<u64>().unwrap_or(0)
        })
        .collect();
    assert!(ages.len() > 5, "{out}");
    assert!(
        ages.windows(2).all(|w| w[0] >= w[1]),
        "newest at the bottom:\n{out}"
    );
    assert!(out.contains("Killing"), "{out}");
}
