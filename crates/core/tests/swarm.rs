//! Swarm and determinism tests (TigerBeetle's VOPR idea, small): hundreds of seeds, each a
//! random sequence of learner commands and faults, with the invariant checker after every
//! step (safety), then a quiet period after which replicas must converge when capacity allows
//! (liveness). Every failure prints its seed and the command list to replay it.

use sunaba_core::rng::SimRng;
use sunaba_core::{MapFiles, World};

const SEEDS: u64 = 300;
const STEPS: usize = 40;

fn deployment(name: &str, image: &str, replicas: u32, cpu: &str, mem: &str, env: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n      - name: main\n        image: {image}\n        resources:\n          requests:\n            cpu: {cpu}\n            memory: {mem}\n{env}"
    )
}

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    f.0.insert(
        "web.yaml".into(),
        deployment("web", "nginx:1.14.2", 3, "100m", "64Mi", ""),
    );
    f.0.insert(
        "web-v2.yaml".into(),
        deployment("web", "nginx:1.16.1", 3, "100m", "64Mi", ""),
    );
    f.0.insert(
        "api.yaml".into(),
        deployment("api", "redis:7", 2, "250m", "256Mi", ""),
    );
    f.0.insert(
        "flaky.yaml".into(),
        deployment(
            "flaky",
            "sunaba/demo-app:1.0",
            2,
            "100m",
            "128Mi",
            "        env:\n        - name: EXIT_AFTER\n          value: 45s\n",
        ),
    );
    f.0.insert(
        "bad.yaml".into(),
        deployment("bad", "nginx:0.0-nope", 1, "50m", "32Mi", ""),
    );
    f.0.insert(
        "huge.yaml".into(),
        deployment("huge", "nginx:1.14.2", 2, "1500m", "3Gi", ""),
    );
    f
}

/// A random command from what a learner can do, faults included.
fn random_command(rng: &mut SimRng, w: &World) -> String {
    let pods = w.pod_names("default");
    let nodes = w.node_names();
    let pick =
        |rng: &mut SimRng, v: &[String]| v.get(rng.below(v.len().max(1) as u64) as usize).cloned();
    match rng.below(19) {
        0 => "kubectl apply -f web.yaml".into(),
        1 => "kubectl apply -f web-v2.yaml".into(),
        2 => "kubectl apply -f api.yaml".into(),
        3 => "kubectl apply -f flaky.yaml".into(),
        4 => "kubectl apply -f bad.yaml".into(),
        5 => "kubectl apply -f huge.yaml".into(),
        6 => format!("kubectl scale deployment web --replicas={}", rng.below(8)),
        7 => pick(rng, &pods).map_or("sim wait 1s".into(), |p| format!("sim kill {p}")),
        8 => pick(rng, &pods).map_or("sim wait 1s".into(), |p| {
            format!("sim crash {p} --exit-code {}", rng.below(3))
        }),
        9 => pick(rng, &pods).map_or("sim wait 1s".into(), |p| format!("kubectl delete pod {p}")),
        10 => pick(rng, &nodes).map_or("sim add-node".into(), |n| format!("sim fail-node {n}")),
        11 => pick(rng, &nodes).map_or("sim add-node".into(), |n| format!("sim restore-node {n}")),
        12 => "sim add-node --cpu 4 --memory 8Gi".into(),
        13 => "kubectl delete deployment flaky".into(),
        16 => pick(rng, &nodes).map_or("sim add-node".into(), |n| format!("kubectl cordon {n}")),
        17 => pick(rng, &nodes).map_or("sim add-node".into(), |n| format!("kubectl uncordon {n}")),
        18 => pick(rng, &nodes).map_or("sim add-node".into(), |n| {
            format!("kubectl drain {n} --force")
        }),
        14 => format!("sim wait {}s", 1 + rng.below(120)),
        _ => format!("sim wait {}ms", rng.below(3000)),
    }
}

/// Runs one seed; returns the trace (for determinism) or the failure with a replay recipe.
fn run_seed(seed: u64) -> Result<Vec<String>, String> {
    let f = files();
    let mut w = World::new(seed);
    let mut rng = SimRng::new(seed ^ 0xC0FFEE);
    let mut script = Vec::new();
    let mut trace = Vec::new();
    for _ in 0..STEPS {
        let cmd = random_command(&mut rng, &w);
        script.push(cmd.clone());
        let _ = w.run(&cmd, &f); // commands may fail legitimately (e.g. restore a healthy node)
        if let Err(e) = w.check_invariants() {
            return Err(format!(
                "seed {seed}: {e}\nreplay:\n  {}",
                script.join("\n  ")
            ));
        }
        trace.extend(
            w.drain_trace()
                .into_iter()
                .map(|e| format!("{} {} {} {}", e.time_ms, e.reason, e.object, e.message)),
        );
    }
    // Liveness: heal every node, give enough room, wait out the longest back-offs.
    for n in w.node_names() {
        let _ = w.run(&format!("sim restore-node {n}"), &f);
        let _ = w.run(&format!("kubectl uncordon {n}"), &f);
    }
    for cmd in [
        "kubectl delete deployment bad",
        "kubectl delete deployment flaky",
        "sim add-node --cpu 8 --memory 32Gi",
        "sim add-node --cpu 8 --memory 32Gi",
        "sim wait 20m",
    ] {
        script.push(cmd.to_string());
        let _ = w.run(cmd, &f);
    }
    w.check_invariants().map_err(|e| {
        format!(
            "seed {seed} (after healing): {e}\nreplay:\n  {}",
            script.join("\n  ")
        )
    })?;
    w.deployments_converged().map_err(|e| {
        format!(
            "seed {seed}: did not converge: {e}\nreplay:\n  {}",
            script.join("\n  ")
        )
    })?;
    trace.extend(
        w.drain_trace()
            .into_iter()
            .map(|e| format!("{} {} {} {}", e.time_ms, e.reason, e.object, e.message)),
    );
    Ok(trace)
}

#[test]
fn swarm_keeps_invariants_and_converges() {
    let failures: Vec<String> = (0..SEEDS).filter_map(|s| run_seed(s).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {SEEDS} seeds failed; first:\n{}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn same_seed_same_trace() {
    for seed in [1, 42, 4242] {
        let a = run_seed(seed).unwrap_or_else(|e| panic!("{e}"));
        let b = run_seed(seed).unwrap_or_else(|e| panic!("{e}"));
        assert!(!a.is_empty());
        if let Some(i) = a.iter().zip(&b).position(|(x, y)| x != y) {
            panic!(
                "seed {seed}: traces diverge at event {i}:\n  {}\n  {}",
                a[i], b[i]
            );
        }
        assert_eq!(a.len(), b.len(), "seed {seed}");
    }
    assert_ne!(
        run_seed(1).unwrap(),
        run_seed(2).unwrap(),
        "different seeds should differ"
    );
}
