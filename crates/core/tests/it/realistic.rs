//! A manifest like the ones teams ship: its own namespace, an init container, probes on a named
//! port, a RollingUpdate with a percent and an absolute bound, requests and limits, and fields
//! Sunaba accepts without simulating (each named in a warning). It applies, runs, serves, and
//! stays in its namespace.

use sunaba_core::{MapFiles, World};

const SHOP: &str = include_str!("../../../../www/examples/realistic-shop.yaml");

#[test]
fn a_realistic_manifest_applies_warns_about_what_is_not_simulated_and_runs() {
    let mut f = MapFiles::default();
    f.0.insert("shop.yaml".into(), SHOP.into());
    let mut w = World::new(8);
    let out = sunaba_core::run(&mut w, "kubectl apply -f shop.yaml", &f).expect("apply");
    assert!(out.contains("namespace/shop created"), "{out}");
    assert!(out.contains("deployment.apps/checkout created"), "{out}");
    for ignored in [
        "securityContext",
        "affinity",
        "topologySpreadConstraints",
        "volumes",
        "volumeMounts",
    ] {
        assert!(out.contains(ignored), "a warning names {ignored}:\n{out}");
    }
    sunaba_core::run(&mut w, "sim wait 10s", &f).unwrap();
    let early = sunaba_core::run(&mut w, "kubectl get pods -n shop", &f).unwrap();
    assert_eq!(
        crate::common::column(&early, "STATUS"),
        ["Running"; 4],
        "at 10s\n{early}"
    );
    sunaba_core::run(&mut w, "sim wait 2m", &f).unwrap();
    w.check_invariants().unwrap();
    w.deployments_converged().unwrap();
    let pods = sunaba_core::run(&mut w, "kubectl get pods -n shop", &f).unwrap();
    assert_eq!(pods.matches(" 1/1 ").count(), 4, "{pods}");
    let endpoints = sunaba_core::run(&mut w, "kubectl get endpoints -n shop", &f).unwrap();
    assert!(endpoints.contains(":8080"), "{endpoints}");
    // Namespaces isolate: the default namespace has none of it; -A shows it with NAMESPACE.
    let default = sunaba_core::run(&mut w, "kubectl get pods", &f).unwrap();
    assert!(
        default.starts_with("No resources found in default namespace."),
        "{default}"
    );
    let all = sunaba_core::run(&mut w, "kubectl get pods -A", &f).unwrap();
    assert!(all.starts_with("NAMESPACE"), "{all}");
    assert_eq!(
        all.lines().filter(|l| l.starts_with("shop ")).count(),
        4,
        "{all}"
    );
    // A rollout honours maxSurge 25% of 4 (= 1) and maxUnavailable 1.
    sunaba_core::run(
        &mut w,
        "kubectl set image deployment/checkout app=sunaba/demo-app:2.0 -n shop",
        &f,
    )
    .unwrap();
    let (mut most, mut least) = (0, u32::MAX);
    for _ in 0..400 {
        w.advance_by(500);
        let b = w
            .rollout_bounds("shop", "checkout")
            .expect("rolling update");
        most = most.max(b.pods);
        least = least.min(b.available);
    }
    assert_eq!(
        (most, least),
        (5, 3),
        "4 + 1 surge at most, 4 − 1 available at least"
    );
    let status = sunaba_core::run(
        &mut w,
        "kubectl rollout status deployment/checkout -n shop",
        &f,
    )
    .unwrap();
    assert_eq!(status, "deployment \"checkout\" successfully rolled out\n");
}
