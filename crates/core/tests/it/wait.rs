//! `kubectl wait`: simulated time passes until the condition holds or the timeout passes.

use super::label::{pod_names, transcript};
use expect_test::expect;
use sunaba_core::{MapFiles, World};

#[test]
fn wait_returns_when_the_condition_holds() {
    transcript(
        &[
            "kubectl create deployment web --image=nginx --replicas=2",
            "kubectl wait --for=condition=Available deployment/web",
            "kubectl get pods",
            "kubectl wait --for=condition=Ready pod -l app=web --timeout=60s",
            "kubectl wait --for=condition=ready=TRUE pods --all",
            "kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l app=web",
            "kubectl wait --for=jsonpath={.status.readyReplicas}=2 deployment/web",
            "kubectl wait --for=jsonpath={.status.podIP} pod -l app=web",
        ],
        expect![[r#"
            $ kubectl create deployment web --image=nginx --replicas=2
            deployment.apps/web created
            $ kubectl wait --for=condition=Available deployment/web
            deployment.apps/web condition met
            $ kubectl get pods
            NAME                   READY   STATUS    RESTARTS   AGE
            web-5bfc69d98f-khhn5   1/1     Running   0          5s
            web-5bfc69d98f-qzg8h   1/1     Running   0          5s
            $ kubectl wait --for=condition=Ready pod -l app=web --timeout=60s
            pod/web-5bfc69d98f-khhn5 condition met
            pod/web-5bfc69d98f-qzg8h condition met
            $ kubectl wait --for=condition=ready=TRUE pods --all
            pod/web-5bfc69d98f-khhn5 condition met
            pod/web-5bfc69d98f-qzg8h condition met
            $ kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l app=web
            pod/web-5bfc69d98f-khhn5 condition met
            pod/web-5bfc69d98f-qzg8h condition met
            $ kubectl wait --for=jsonpath={.status.readyReplicas}=2 deployment/web
            deployment.apps/web condition met
            $ kubectl wait --for=jsonpath={.status.podIP} pod -l app=web
            pod/web-5bfc69d98f-khhn5 condition met
            pod/web-5bfc69d98f-qzg8h condition met
        "#]],
    );
}

#[test]
fn wait_times_out_after_30_simulated_seconds_by_default() {
    let f = MapFiles::default();
    let mut w = World::new(7);
    sunaba_core::run(&mut w, "kubectl run stuck --image=nginx:no-such-tag", &f).unwrap();
    let before = w.now_ms();
    let e =
        sunaba_core::run(&mut w, "kubectl wait --for=condition=Ready pod/stuck", &f).unwrap_err();
    assert_eq!(
        e.to_string(),
        "error: timed out waiting for the condition on pods/stuck"
    );
    assert_eq!(w.now_ms() - before, 30_000);
    let before = w.now_ms();
    let e = sunaba_core::run(
        &mut w,
        "kubectl wait --for=condition=Ready pod/stuck --timeout=5s",
        &f,
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("error: timed out"), "{e}");
    assert_eq!(w.now_ms() - before, 5_000);
}

#[test]
fn wait_errors_and_delete() {
    let mut w = transcript(
        &[
            "kubectl run stuck --image=nginx:no-such-tag",
            "kubectl wait --for=condition=Ready pod/stuck --timeout=0s",
            "kubectl wait --for=condition=Ready pod/nope",
            "kubectl wait --for=condition=Ready pod -l app=nope",
            "kubectl wait pod/stuck",
            "kubectl wait --for=ready pod/stuck",
            "kubectl wait --for=jsonpath={.status.phase}= pod/stuck",
            "kubectl wait --for=condition=Ready",
            "kubectl wait --for=condition=Ready pod --all -l a=b",
            "kubectl wait --for=condition=Ready pod --timeout=soon stuck",
            "kubectl delete pod stuck",
            "kubectl wait --for=delete pod/stuck --timeout=60s",
            "kubectl wait --for=delete pod/never-there",
        ],
        expect![[r#"
            $ kubectl run stuck --image=nginx:no-such-tag
            pod/stuck created
            $ kubectl wait --for=condition=Ready pod/stuck --timeout=0s
            error: condition not met for pods/stuck
            $ kubectl wait --for=condition=Ready pod/nope
            Error from server (NotFound): pods "nope" not found
            $ kubectl wait --for=condition=Ready pod -l app=nope
            error: no matching resources found
            $ kubectl wait pod/stuck
            error: --for must be set
            $ kubectl wait --for=ready pod/stuck
            error: unrecognized condition: "ready"
            $ kubectl wait --for=jsonpath={.status.phase}= pod/stuck
            error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3
            $ kubectl wait --for=condition=Ready
            error: you must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.
            $ kubectl wait --for=condition=Ready pod --all -l a=b
            error: cannot set --all and --selector at the same time
            $ kubectl wait --for=condition=Ready pod --timeout=soon stuck
            error: invalid duration "soon": use a number with a unit, like 500ms, 30s, 2m or 1h
            $ kubectl delete pod stuck
            pod "stuck" deleted
            $ kubectl wait --for=delete pod/stuck --timeout=60s
            pod/stuck condition met
            $ kubectl wait --for=delete pod/never-there
        "#]],
    );
    assert!(!pod_names(&mut w).iter().any(|p| p.starts_with("pod/")));
}

#[test]
fn a_long_timeout_in_a_quiet_world_goes_straight_to_its_deadline() {
    let f = MapFiles::default();
    let mut w = World::new(7);
    for line in [
        "sim nodes 1",
        "kubectl cordon node-1",
        "kubectl run idle --image=nginx",
    ] {
        sunaba_core::run(&mut w, line, &f).unwrap();
    }
    let before = w.now_ms();
    let e = sunaba_core::run(
        &mut w,
        "kubectl wait --for=condition=Ready pod/idle --timeout=720h",
        &f,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "error: timed out waiting for the condition on pods/idle"
    );
    assert_eq!(w.now_ms() - before, 720 * 3_600_000);
}
