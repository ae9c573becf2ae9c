//! The decision ledger against the scheduler, over random clusters (nodes of different sizes,
//! labels, taints, cordons; pods with requests, selectors, tolerations and owners; seeds): for
//! every attempt the ledger's totals pick exactly the node the scheduler bound (the highest
//! total, the tie-break among equals consistent), and its Filter results give exactly the
//! counts of the `FailedScheduling` message. Every failure prints its seed and commands.

use std::collections::BTreeMap;

use sunaba_core::base::rng::SimRng;
use sunaba_core::sim::event_reason::Reason;
use sunaba_core::sim::ledger::{Attempt, Limits, Verdict, SCORE_ROWS_MAX};
use sunaba_core::{MapFiles, World};

const SEEDS: u64 = 60;
const STEPS: usize = 24;

fn pod_yaml(name: &str, cpu: u64, mem_mi: u64, selector: bool, tolerates: bool) -> String {
    let mut spec = String::new();
    if selector {
        spec.push_str("  nodeSelector:\n    disk: ssd\n");
    }
    if tolerates {
        spec.push_str("  tolerations:\n  - key: dedicated\n    operator: Equal\n    value: gpu\n    effect: NoSchedule\n");
    }
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n{spec}  containers:\n  - name: app\n    image: nginx:1.14.2\n    resources:\n      requests:\n        cpu: {cpu}m\n        memory: {mem_mi}Mi\n"
    )
}

fn deployment_yaml(name: &str, replicas: u64, cpu: u64) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.14.2\n        resources:\n          requests:\n            cpu: {cpu}m\n            memory: 128Mi\n"
    )
}

/// kube-scheduler's `FitError` message, rebuilt from the ledger's Filter results alone.
fn fit_message(a: &Attempt) -> String {
    let verdicts: Vec<Verdict> = a
        .evaluated()
        .map(|(_, v)| v)
        .filter(|v| *v != Verdict::NotANode)
        .collect();
    let n = verdicts.len();
    if n == 0 {
        return "no nodes available to schedule pods".into();
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut resource_only = 0;
    for v in &verdicts {
        for r in v.reasons(&a.taints) {
            *counts.entry(r).or_default() += 1;
        }
        if matches!(v, Verdict::Resources { .. }) {
            resource_only += 1;
        }
    }
    let mut parts: Vec<String> = counts.iter().map(|(r, c)| format!("{c} {r}")).collect();
    parts.sort();
    let mut pre = Vec::new();
    if n > resource_only {
        pre.push(format!(
            "{} Preemption is not helpful for scheduling",
            n - resource_only
        ));
    }
    if resource_only > 0 {
        pre.push(format!(
            "{resource_only} No preemption victims found for incoming pod"
        ));
    }
    pre.sort();
    format!(
        "0/{n} nodes are available: {}. preemption: 0/{n} nodes are available: {}.",
        parts.join(", "),
        pre.join(", ")
    )
}

/// One attempt against the event the scheduler emitted for it.
fn check_attempt(w: &World, a: &Attempt, event: &(Reason, String), ctx: &str) {
    let feasible = a
        .evaluated()
        .filter(|(_, v)| *v == Verdict::Feasible)
        .count();
    assert_eq!(a.feasible as usize, feasible, "{ctx}");
    assert_eq!(a.scores.len(), feasible.min(SCORE_ROWS_MAX), "{ctx}");
    for r in &a.scores {
        let spread = if a.spread { 2 * u16::from(r.spread) } else { 0 };
        assert_eq!(
            r.total,
            u16::from(r.least) + u16::from(r.balanced) + spread,
            "{ctx}"
        );
        assert!(a.spread || r.spread == 0, "{ctx}");
    }
    assert!(
        a.scores.windows(2).all(|p| p[0].total >= p[1].total),
        "highest first: {ctx}"
    );
    match a.chosen {
        Some(c) => {
            let name = w.node_name_at(c as usize).unwrap();
            assert_eq!(event.0, Reason::Scheduled, "{ctx}");
            assert!(
                event.1.ends_with(&format!(" to {name}")),
                "{ctx}: {}",
                event.1
            );
            let best = a.scores[0].total;
            let tied: Vec<u32> = a
                .scores
                .iter()
                .filter(|r| r.total == best)
                .map(|r| r.node)
                .collect();
            assert!(
                tied.contains(&c),
                "the chosen node has the highest total: {ctx}"
            );
            match a.tie {
                None => assert_eq!(tied, [c], "{ctx}"),
                Some(t) => {
                    assert!(t.tied > 1 && t.position < t.tied, "{ctx}");
                    if (t.tied as usize) <= SCORE_ROWS_MAX {
                        assert_eq!(tied.len(), t.tied as usize, "{ctx}");
                        // Equals are kept in filter order: the winner's place is its draw.
                        assert_eq!(tied[t.position as usize], c, "{ctx}");
                    }
                }
            }
        }
        None => {
            assert_eq!(event.0, Reason::FailedScheduling, "{ctx}");
            assert_eq!(feasible, 0, "{ctx}");
            assert_eq!(event.1, fit_message(a), "{ctx}");
        }
    }
}

#[test]
fn the_ledger_agrees_with_every_decision_the_scheduler_made() {
    let mut attempts_checked = 0;
    let mut ties = 0;
    let mut failures = 0;
    for seed in 0..SEEDS {
        let mut r = SimRng::new(seed);
        let mut w = World::empty(seed);
        w.set_ledger_limits(Limits {
            attempts_per_pod: 10_000,
            ..Limits::default()
        });
        let mut f = MapFiles::default();
        let mut lines: Vec<String> = Vec::new();
        let mut nodes = 0;
        let add_node = |r: &mut SimRng, lines: &mut Vec<String>, nodes: &mut usize| {
            let name = format!("n{}", *nodes);
            *nodes += 1;
            let cpu = [1, 2, 4][r.below(3) as usize];
            let mem = [1, 2, 4, 8][r.below(4) as usize];
            let zone = ["zone-a", "zone-b"][r.below(2) as usize];
            lines.push(format!(
                "sim add-node {name} --cpu {cpu} --memory {mem}Gi --zone {zone}"
            ));
            if r.below(3) == 0 {
                lines.push(format!("kubectl label nodes {name} disk=ssd"));
            }
            if r.below(4) == 0 {
                lines.push(format!(
                    "kubectl taint nodes {name} dedicated=gpu:NoSchedule"
                ));
            }
            if r.below(6) == 0 {
                lines.push(format!("kubectl taint nodes {name} team=red:NoExecute"));
            }
        };
        for _ in 0..1 + r.below(5) {
            add_node(&mut r, &mut lines, &mut nodes);
        }
        for step in 0..STEPS {
            match r.below(10) {
                0..=4 => {
                    let name = format!("p{step}");
                    let cpu = [0, 100, 500, 1000, 3000][r.below(5) as usize];
                    let mem = [0, 64, 512, 2048, 6144][r.below(5) as usize];
                    let yaml = pod_yaml(&name, cpu, mem, r.below(3) == 0, r.below(2) == 0);
                    f.0.insert(format!("{name}.yaml"), yaml);
                    lines.push(format!("kubectl apply -f {name}.yaml"));
                }
                5 => {
                    let name = format!("d{step}");
                    let yaml = deployment_yaml(
                        &name,
                        1 + r.below(4),
                        [100, 250, 600][r.below(3) as usize],
                    );
                    f.0.insert(format!("{name}.yaml"), yaml);
                    lines.push(format!("kubectl apply -f {name}.yaml"));
                }
                6 => add_node(&mut r, &mut lines, &mut nodes),
                7 => lines.push(format!("kubectl cordon n{}", r.below(nodes as u64))),
                8 => lines.push(format!("kubectl uncordon n{}", r.below(nodes as u64))),
                _ => lines.push(format!("sim remove-node n{}", r.below(nodes as u64))),
            }
        }
        // Every Scheduled/FailedScheduling emission, per pod, in order.
        let mut events: BTreeMap<String, Vec<(Reason, String)>> = BTreeMap::new();
        for line in &lines {
            let _ = sunaba_core::run(&mut w, line, &f);
            for e in w.drain_trace() {
                if matches!(e.reason, Reason::Scheduled | Reason::FailedScheduling) {
                    events
                        .entry(e.object.clone())
                        .or_default()
                        .push((e.reason, e.message));
                }
            }
        }
        let replay = format!("seed {seed}, commands:\n{}", lines.join("\n"));
        let ledger = w.scheduling_ledger();
        assert_eq!(ledger.evicted_pods, 0, "{replay}");
        for (_, pod) in ledger.pods() {
            let object = format!("pod/{}", pod.name);
            let seen = events.get(&object).cloned().unwrap_or_default();
            assert_eq!(pod.dropped, 0);
            assert_eq!(pod.attempts.len(), seen.len(), "{object}: {replay}");
            for (i, (a, event)) in pod.attempts.iter().zip(&seen).enumerate() {
                let ctx = format!("{object} attempt {}: {a:?}\n{replay}", i + 1);
                check_attempt(&w, a, event, &ctx);
                attempts_checked += 1;
                ties += usize::from(a.tie.is_some());
                failures += usize::from(a.chosen.is_none());
            }
        }
    }
    // The swarm must have met what it checks.
    assert!(attempts_checked > 500, "{attempts_checked}");
    assert!(ties > 20, "{ties}");
    assert!(failures > 20, "{failures}");
}
