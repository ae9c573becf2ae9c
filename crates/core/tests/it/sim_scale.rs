//! `sim scale` (a cluster filled with several Deployments across three zones) and a zone's
//! outage (`sim fail-node --zone`): the pods of the lost zone are evicted and placed on the
//! other two, and every Deployment is whole again.

use sunaba_core::{MapFiles, World};

fn run(w: &mut World, cmd: &str) -> String {
    let out =
        sunaba_core::run(w, cmd, &MapFiles::default()).unwrap_or_else(|e| panic!("`{cmd}`: {e}"));
    w.check_invariants().unwrap();
    out
}

/// (ready, desired) per Deployment, from `kubectl get deployments`.
fn readiness(w: &mut World) -> Vec<(u32, u32)> {
    run(w, "kubectl get deployments --no-headers")
        .lines()
        .map(|l| {
            let ready = l.split_whitespace().nth(1).unwrap();
            let (a, b) = ready.split_once('/').unwrap();
            (a.parse().unwrap(), b.parse().unwrap())
        })
        .collect()
}

/// Running pods per zone letter, from `kubectl get pods -o wide` and the nodes' zones.
fn running_in_zone_a(w: &mut World) -> usize {
    let zone_a: Vec<String> = run(
        w,
        "kubectl get nodes --no-headers -l topology.kubernetes.io/zone=zone-a",
    )
    .lines()
    .map(|l| l.split_whitespace().next().unwrap().to_string())
    .collect();
    assert_eq!(zone_a.len(), 10, "a third of 30 nodes");
    run(w, "kubectl get pods -o wide --no-headers")
        .lines()
        .filter(|l| l.contains(" Running "))
        .filter(|l| l.split_whitespace().any(|f| zone_a.iter().any(|n| n == f)))
        .count()
}

#[test]
fn a_scaled_cluster_fills_and_heals_the_loss_of_a_zone() {
    let mut w = World::new(3);
    let out = run(&mut w, "sim scale --nodes 30 --pods 900 --deployments 3");
    assert!(out.starts_with(
        "cluster has 30 nodes (8 CPU, 32Gi memory each) in zone-a, zone-b and zone-c\n\
         deployment.apps/scale-0 created\ndeployment.apps/scale-1 created\ndeployment.apps/scale-2 created\n"
    ), "{out}");
    run(&mut w, "sim wait 5m");
    assert_eq!(readiness(&mut w), vec![(300, 300); 3]);
    // Default spreading puts about a third in each zone.
    let before = running_in_zone_a(&mut w);
    assert!((250..=350).contains(&before), "{before} of 900 in zone-a");

    assert_eq!(
        run(&mut w, "sim fail-node --zone zone-a"),
        "10 nodes of zone zone-a failed: their kubelets and containers stopped\n"
    );
    assert_eq!(
        run(&mut w, "sim fail-node --zone zone-a"),
        "0 nodes of zone zone-a failed: their kubelets and containers stopped\n",
        "failing a failed zone again changes nothing"
    );
    // Unknown after 40-50 s, evicted 300 s later, replaced on the two zones left.
    run(&mut w, "sim wait 7m");
    assert_eq!(readiness(&mut w), vec![(300, 300); 3]);
    assert_eq!(running_in_zone_a(&mut w), 0);

    assert_eq!(
        run(&mut w, "sim restore-node --zone zone-a"),
        "10 nodes of zone zone-a restored\n"
    );
}

#[test]
fn sim_scale_refuses_what_cannot_fit_or_be_read() {
    let mut w = World::new(1);
    let f = MapFiles::default();
    let e = sunaba_core::run(&mut w, "sim scale --nodes 10 --pods 1000", &f).unwrap_err();
    assert_eq!(
        e.to_string(),
        "error: 1000 pods of 100m CPU need at least 13 nodes of 8 CPU (80 pods each); --nodes is 10"
    );
    let e = sunaba_core::run(&mut w, "sim scale --pods 150001", &f).unwrap_err();
    assert_eq!(
        e.to_string(),
        "error: --pods \"150001\": a whole number from 0 to 150000"
    );
    let e = sunaba_core::run(&mut w, "sim scale --nodes many", &f).unwrap_err();
    assert!(e.to_string().starts_with("error: --nodes \"many\""), "{e}");
    let e = sunaba_core::run(&mut w, "sim fail-node --zone zone-x", &f).unwrap_err();
    assert_eq!(e.to_string(), "error: no node is in zone \"zone-x\"");
    // Nothing changed: still the three default nodes.
    assert_eq!(
        sunaba_core::run(&mut w, "kubectl get nodes --no-headers", &f)
            .unwrap()
            .lines()
            .count(),
        3
    );
}
