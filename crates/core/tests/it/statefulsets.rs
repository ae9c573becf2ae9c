//! StatefulSets: stable names and hostnames, ordered creation and removal, claims that outlive
//! their pods, partitioned rolling updates, the API server's checks and kubectl's output.

use expect_test::expect;
use sunaba_core::{MapFiles, World};

use crate::common::column;

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n  labels:\n    app: nginx\nspec:\n  ports:\n  - port: 80\n    name: web\n  clusterIP: None\n  selector:\n    app: nginx\n";

/// The tutorial's StatefulSet, with `replicas`, image and extra spec lines.
fn statefulset(replicas: u32, image: &str, extra: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: {replicas}\n{extra}  selector:\n    matchLabels:\n      app: nginx\n  template:\n    metadata:\n      labels:\n        app: nginx\n    spec:\n      containers:\n      - name: nginx\n        image: {image}\n        ports:\n        - containerPort: 80\n          name: web\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [ \"ReadWriteOnce\" ]\n      resources:\n        requests:\n          storage: 1Gi\n"
    )
}

const IMAGE: &str = "registry.k8s.io/nginx-slim:0.21";
const NEW_IMAGE: &str = "registry.k8s.io/nginx-slim:0.24";

fn files(sts: &str) -> MapFiles {
    let mut f = MapFiles::default();
    f.0.insert("svc.yaml".into(), SERVICE.into());
    f.0.insert("web.yaml".into(), sts.into());
    f
}

fn run(w: &mut World, f: &MapFiles, line: &str) -> String {
    sunaba_core::run(w, line, f).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn run_err(w: &mut World, f: &MapFiles, line: &str) -> String {
    match sunaba_core::run(w, line, f) {
        Ok(out) => panic!("{line} succeeded: {out}"),
        Err(e) => e.to_string(),
    }
}

/// The pods of `kubectl get pods` as (name, ready, status).
fn pods(w: &mut World, f: &MapFiles) -> Vec<(String, String, String)> {
    let out = run(w, f, "kubectl get pods");
    if out.starts_with("No resources") {
        return Vec::new();
    }
    let names = column(&out, "NAME");
    let ready = column(&out, "READY");
    let status = column(&out, "STATUS");
    names
        .into_iter()
        .zip(ready)
        .zip(status)
        .map(|((n, r), s)| (n, r, s))
        .collect()
}

fn names(w: &mut World, f: &MapFiles) -> Vec<String> {
    pods(w, f).into_iter().map(|p| p.0).collect()
}

/// The image of one pod's first container.
fn image_of(w: &mut World, f: &MapFiles, pod: &str) -> String {
    let yaml = run(w, f, &format!("kubectl get pod {pod} -o yaml"));
    yaml.lines()
        .find_map(|l| l.trim().strip_prefix("- image: "))
        .unwrap_or_else(|| panic!("no image in {yaml}"))
        .to_string()
}

fn started(sts: &str) -> (World, MapFiles) {
    let f = files(sts);
    let mut w = World::new(7);
    run(&mut w, &f, "kubectl apply -f svc.yaml");
    run(&mut w, &f, "kubectl apply -f web.yaml");
    (w, f)
}

#[test]
fn ordered_ready_creates_each_pod_after_the_one_before_is_running_and_ready() {
    let (mut w, f) = started(&statefulset(3, IMAGE, ""));
    assert_eq!(names(&mut w, &f), ["web-0"]);
    let mut seen: Vec<String> = Vec::new();
    for _ in 0..120 {
        let now = pods(&mut w, &f);
        for (name, _, _) in &now {
            if !seen.contains(name) {
                // A new pod appears only when every lower ordinal is Running and 1/1.
                let i: usize = name.trim_start_matches("web-").parse().unwrap();
                assert_eq!(seen.len(), i, "{name} created out of order: {seen:?}");
                seen.push(name.clone());
            }
        }
        let lower_not_ready = now
            .iter()
            .filter(|(n, r, s)| {
                *n != format!("web-{}", seen.len() - 1) && (r != "1/1" || s != "Running")
            })
            .count();
        assert_eq!(lower_not_ready, 0, "{now:?}");
        w.advance_by(1_000);
    }
    assert_eq!(seen, ["web-0", "web-1", "web-2"]);
    let out = run(&mut w, &f, "kubectl get pods -o yaml");
    for i in 0..3 {
        assert!(out.contains(&format!("hostname: web-{i}")), "{out}");
    }
    assert!(out.contains("subdomain: nginx"));
    assert!(out.contains("statefulset.kubernetes.io/pod-name: web-2"));
}

#[test]
fn parallel_creates_every_pod_at_once() {
    let (mut w, f) = started(&statefulset(3, IMAGE, "  podManagementPolicy: Parallel\n"));
    assert_eq!(names(&mut w, &f), ["web-0", "web-1", "web-2"]);
}

#[test]
fn a_deleted_pod_comes_back_with_its_name_and_its_claim() {
    let (mut w, f) = started(&statefulset(2, IMAGE, ""));
    w.advance_by(60_000);
    let claims = run(&mut w, &f, "kubectl get pvc -l app=nginx");
    assert_eq!(column(&claims, "NAME"), ["www-web-0", "www-web-1"]);
    assert_eq!(column(&claims, "STATUS"), ["Bound", "Bound"]);
    assert_eq!(
        run(&mut w, &f, "kubectl delete pod web-1"),
        "pod \"web-1\" deleted\n"
    );
    w.advance_by(60_000);
    let now = pods(&mut w, &f);
    assert_eq!(
        now,
        [
            ("web-0".into(), "1/1".into(), "Running".into()),
            ("web-1".into(), "1/1".into(), "Running".into())
        ]
    );
    let age = column(&run(&mut w, &f, "kubectl get pods"), "AGE");
    assert_ne!(age[0], age[1], "web-1 is a new pod");
    // The same claims, bound to the same volumes.
    let after = run(&mut w, &f, "kubectl get pvc -l app=nginx");
    assert_eq!(column(&after, "VOLUME"), column(&claims, "VOLUME"));
    assert!(column(&after, "VOLUME")[0].starts_with("pvc-"));
}

#[test]
fn scaling_down_removes_the_highest_ordinal_first_one_at_a_time_and_keeps_the_claims() {
    let (mut w, f) = started(&statefulset(5, IMAGE, ""));
    w.advance_by(120_000);
    assert_eq!(names(&mut w, &f).len(), 5);
    assert_eq!(
        run(&mut w, &f, "kubectl scale sts web --replicas=3"),
        "statefulset.apps/web scaled\n"
    );
    for _ in 0..60 {
        let terminating = pods(&mut w, &f)
            .into_iter()
            .filter(|p| p.2 == "Terminating")
            .count();
        assert!(terminating <= 1, "two pods removed at once");
        w.advance_by(250);
    }
    let order: Vec<String> = run(&mut w, &f, "kubectl get events")
        .lines()
        .filter_map(|l| l.split_once("delete Pod ").map(|(_, r)| r[..5].to_string()))
        .collect();
    assert_eq!(order, ["web-4", "web-3"]);
    assert_eq!(names(&mut w, &f), ["web-0", "web-1", "web-2"]);
    let claims = run(&mut w, &f, "kubectl get pvc");
    assert_eq!(column(&claims, "NAME").len(), 5, "{claims}");
}

#[test]
fn a_partitioned_update_replaces_only_the_ordinals_at_or_above_the_partition() {
    let (mut w, mut f) = started(&statefulset(3, IMAGE, ""));
    w.advance_by(120_000);
    let partitioned =
        "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: 2\n";
    f.0.insert("web.yaml".into(), statefulset(3, NEW_IMAGE, partitioned));
    assert_eq!(
        run(&mut w, &f, "kubectl apply -f web.yaml"),
        "statefulset.apps/web configured\n"
    );
    assert_eq!(
        run(&mut w, &f, "kubectl rollout status sts/web"),
        "Waiting for 1 pods to be ready...\npartitioned roll out complete: 1 new pods have been updated...\n"
    );
    assert_eq!(image_of(&mut w, &f, "web-2"), NEW_IMAGE);
    assert_eq!(image_of(&mut w, &f, "web-1"), IMAGE);
    // A pod below the partition comes back at the current revision.
    run(&mut w, &f, "kubectl delete pod web-1");
    w.advance_by(60_000);
    assert_eq!(image_of(&mut w, &f, "web-1"), IMAGE);
    // Partition 0: the rest follow, highest first.
    f.0.insert(
        "web.yaml".into(),
        statefulset(
            3,
            NEW_IMAGE,
            &partitioned.replace("partition: 2", "partition: 0"),
        ),
    );
    run(&mut w, &f, "kubectl apply -f web.yaml");
    let status = run(&mut w, &f, "kubectl rollout status statefulset/web");
    assert!(
        status.ends_with("partitioned roll out complete: 3 new pods have been updated...\n"),
        "{status}"
    );
    for i in 0..3 {
        assert_eq!(image_of(&mut w, &f, &format!("web-{i}")), NEW_IMAGE);
    }
    let deletes: Vec<String> = run(&mut w, &f, "kubectl get events")
        .lines()
        .filter_map(|l| l.split_once("delete Pod ").map(|(_, r)| r[..5].to_string()))
        .collect();
    // Highest first (web-1 once by the learner, which is no controller event).
    assert_eq!(deletes, ["web-2", "web-1", "web-0"]);
    let history = run(&mut w, &f, "kubectl rollout history sts/web");
    assert_eq!(
        history,
        "statefulset.apps/web\nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n"
    );
    assert_eq!(
        run(&mut w, &f, "kubectl rollout undo sts/web"),
        "statefulset.apps/web rolled back\n"
    );
    run(&mut w, &f, "kubectl rollout status sts/web");
    assert_eq!(image_of(&mut w, &f, "web-0"), IMAGE);
}

#[test]
fn deleting_the_statefulset_deletes_its_pods_and_keeps_its_claims_unless_told() {
    let (mut w, f) = started(&statefulset(2, IMAGE, ""));
    w.advance_by(60_000);
    assert_eq!(
        run(&mut w, &f, "kubectl delete statefulset web"),
        "statefulset.apps \"web\" deleted\n"
    );
    w.advance_by(60_000);
    assert!(names(&mut w, &f).is_empty());
    assert_eq!(
        column(&run(&mut w, &f, "kubectl get pvc"), "NAME"),
        ["www-web-0", "www-web-1"]
    );

    let delete = "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Delete\n    whenScaled: Delete\n";
    let (mut w, f) = started(&statefulset(3, IMAGE, delete));
    w.advance_by(60_000);
    run(&mut w, &f, "kubectl scale statefulset web --replicas 2");
    w.advance_by(30_000);
    assert_eq!(
        column(&run(&mut w, &f, "kubectl get pvc"), "NAME"),
        ["www-web-0", "www-web-1"]
    );
    run(&mut w, &f, "kubectl delete sts web");
    assert_eq!(
        run(&mut w, &f, "kubectl get pvc"),
        "No resources found in default namespace.\n"
    );
}

#[test]
fn the_api_server_refuses_what_it_refuses() {
    let f = files(&statefulset(2, IMAGE, ""));
    let mut w = World::new(1);
    run(&mut w, &f, "kubectl apply -f web.yaml");
    let mut g = f.clone();
    g.0.insert(
        "web.yaml".into(),
        statefulset(2, IMAGE, "").replace("serviceName: nginx", "serviceName: other"),
    );
    assert_eq!(
        run_err(&mut w, &g, "kubectl apply -f web.yaml"),
        "The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    );
    let bad = [
        (
            statefulset(2, IMAGE, "").replace("      app: nginx\n  template", "      app: other\n  template"),
            "`selector` does not match template `labels`",
        ),
        (
            statefulset(2, IMAGE, "  podManagementPolicy: Sometimes\n"),
            "spec.podManagementPolicy: Unsupported value: \"Sometimes\": supported values: \"OrderedReady\", \"Parallel\"",
        ),
        (
            statefulset(2, IMAGE, "  updateStrategy:\n    type: OnDelete\n    rollingUpdate:\n      partition: 1\n"),
            "spec.updateStrategy.rollingUpdate: Invalid value: \"OnDelete\": only allowed for updateStrategy 'RollingUpdate'",
        ),
        (
            statefulset(2, IMAGE, "").replace("      resources:\n        requests:\n          storage: 1Gi\n", ""),
            "spec.volumeClaimTemplates[0].spec.resources[storage]: Required value",
        ),
    ];
    for (text, message) in bad {
        let mut g = MapFiles::default();
        g.0.insert("bad.yaml".into(), text);
        let e = run_err(&mut World::new(1), &g, "kubectl apply -f bad.yaml");
        assert!(e.contains(message), "{e}");
    }
}

#[test]
fn kubectl_prints_statefulsets_claims_and_headless_services_as_kubectl_does() {
    let (mut w, f) = started(&statefulset(2, IMAGE, ""));
    w.advance_by(65_000);
    let out = [
        "kubectl get service nginx",
        "kubectl get statefulset web",
        "kubectl get sts -o wide",
        "kubectl get pvc -l app=nginx",
        "kubectl get all",
    ]
    .iter()
    .map(|c| format!("$ {c}\n{}", run(&mut w, &f, c)))
    .collect::<String>();
    expect![[r#"
        $ kubectl get service nginx
        NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
        nginx   ClusterIP   None         <none>        80/TCP    65s
        $ kubectl get statefulset web
        NAME   READY   AGE
        web    2/2     65s
        $ kubectl get sts -o wide
        NAME   READY   AGE   CONTAINERS   IMAGES
        web    2/2     65s   nginx        registry.k8s.io/nginx-slim:0.21
        $ kubectl get pvc -l app=nginx
        NAME        STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
        www-web-0   Bound    pvc-4ab0e21e-8fce-45e7-b7c0-c48f54dc78a2   1Gi        RWO            standard       <unset>                 65s
        www-web-1   Bound    pvc-eac27ef1-7c0c-4392-ba5d-61cf37d60fc0   1Gi        RWO            standard       <unset>                 61s
        $ kubectl get all
        NAME        READY   STATUS    RESTARTS   AGE
        pod/web-0   1/1     Running   0          65s
        pod/web-1   1/1     Running   0          61s

        NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
        service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   65s
        service/nginx        ClusterIP   None         <none>        80/TCP    65s

        NAME                   READY   AGE
        statefulset.apps/web   2/2     65s
    "#]]
    .assert_eq(&out);
}

#[test]
fn an_orphaning_delete_leaves_the_pods_and_a_new_statefulset_adopts_them() {
    let (mut w, f) = started(&statefulset(3, IMAGE, ""));
    w.advance_by(60_000);
    assert_eq!(
        run(
            &mut w,
            &f,
            "kubectl delete statefulset web --cascade=orphan"
        ),
        "statefulset.apps \"web\" deleted\n"
    );
    w.advance_by(30_000);
    assert_eq!(names(&mut w, &f), ["web-0", "web-1", "web-2"]);
    let yaml = run(&mut w, &f, "kubectl get pod web-1 -o yaml");
    assert!(!yaml.contains("ownerReferences"), "{yaml}");
    run(&mut w, &f, "kubectl delete pod web-0");
    w.advance_by(30_000);
    assert_eq!(names(&mut w, &f), ["web-1", "web-2"]);
    // Made again with 2 replicas: web-1 adopted as it is, web-0 made, web-2 removed.
    let mut g = f.clone();
    g.0.insert("web.yaml".into(), statefulset(2, IMAGE, ""));
    run(&mut w, &g, "kubectl apply -f web.yaml");
    w.advance_by(60_000);
    assert_eq!(names(&mut w, &g), ["web-0", "web-1"]);
    let yaml = run(&mut w, &g, "kubectl get pod web-1 -o yaml");
    assert!(yaml.contains("kind: StatefulSet"), "{yaml}");
    // web-1 is the pod from before the orphaning delete, web-0 a new one.
    assert_eq!(
        column(&run(&mut w, &g, "kubectl get pods"), "AGE"),
        ["60s", "2m56s"]
    );
}
