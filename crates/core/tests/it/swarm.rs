//! Swarm and determinism tests (TigerBeetle's VOPR idea, small): hundreds of seeds, each a
//! random sequence of learner commands and faults, with the invariant checker after every
//! step (safety), then a quiet period after which replicas must converge when capacity allows
//! (liveness). Every failure prints its seed and the command list to replay it.

use sunaba_core::base::rng::SimRng;
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
    // Init container + sidecar: the kubelet's init sequencing under the same faults.
    f.0.insert(
        "init.yaml".into(),
        deployment("init", "nginx:1.27", 2, "100m", "64Mi", "")
            .replace(
                "      containers:\n",
                "      initContainers:\n      - name: migrate\n        image: busybox:1.36\n        command: [sh, -c, \"sleep 3\"]\n      - name: proxy\n        image: busybox:1.36\n        restartPolicy: Always\n        command: [sh, -c, \"while true; do sleep 1; done\"]\n      containers:\n",
            ),
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
    match rng.below(20) {
        19 => "kubectl apply -f init.yaml".into(),
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
        let _ = sunaba_core::run(&mut w, &cmd, &f); // commands may fail legitimately (e.g. restore a healthy node)
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
        let _ = sunaba_core::run(&mut w, &format!("sim restore-node {n}"), &f);
        let _ = sunaba_core::run(&mut w, &format!("kubectl uncordon {n}"), &f);
    }
    for cmd in [
        "kubectl delete deployment bad",
        "kubectl delete deployment flaky",
        "sim add-node --cpu 8 --memory 32Gi",
        "sim add-node --cpu 8 --memory 32Gi",
        "sim wait 20m",
    ] {
        script.push(cmd.to_string());
        let _ = sunaba_core::run(&mut w, cmd, &f);
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

/// A Deployment with a random RollingUpdate strategy; `version` picks the image (and for odd
/// versions a slow-starting app behind a readiness probe, so availability really lags).
fn rolling(replicas: u32, surge: &str, unavailable: &str, min_ready: u32, version: u32) -> String {
    // Every version differs in its template (an env var), so each apply is a new rollout.
    let (image, extra) = if version % 2 == 0 {
        (
            ["nginx:1.14.2", "nginx:1.16.1", "nginx:1.25", "nginx:1.27"]
                [(version / 2) as usize % 4],
            format!("        env:\n        - name: VERSION\n          value: \"{version}\"\n"),
        )
    } else {
        (
            ["sunaba/demo-app:1.0", "sunaba/demo-app:2.0"][(version / 2) as usize % 2],
            format!("        env:\n        - name: VERSION\n          value: \"{version}\"\n        - name: STARTUP_SECONDS\n          value: \"7\"\n        readinessProbe:\n          httpGet: {{path: /ready, port: 8080}}\n          periodSeconds: 2\n"),
        )
    };
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: roll\nspec:\n  replicas: {replicas}\n  minReadySeconds: {min_ready}\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: {surge}\n      maxUnavailable: {unavailable}\n  selector:\n    matchLabels:\n      app: roll\n  template:\n    metadata:\n      labels:\n        app: roll\n    spec:\n      containers:\n      - name: main\n        image: {image}\n        resources:\n          requests:\n            cpu: 50m\n            memory: 32Mi\n{extra}"
    )
}

/// One healthy rollout story: converge, then rollouts (new versions, even mid-rollout; undo;
/// restart) with only availability-neutral events (cordon, new nodes). After every 250 ms the
/// Deployment must have at most replicas + maxSurge pods and at least replicas − maxUnavailable
/// available.
fn run_rollout_seed(seed: u64) -> Result<(u32, u32), String> {
    let mut rng = SimRng::new(seed ^ 0x5011);
    let replicas = 1 + rng.below(12) as u32;
    let bound = |rng: &mut SimRng| -> String {
        if rng.below(2) == 0 {
            format!("{}%", [0, 10, 20, 25, 30, 50, 100][rng.below(7) as usize])
        } else {
            format!("{}", rng.below(4))
        }
    };
    let (surge, unavailable) = (bound(&mut rng), bound(&mut rng));
    let min_ready = [0, 0, 3][rng.below(3) as usize];
    let mut f = MapFiles::default();
    for v in 0..6 {
        f.0.insert(
            format!("v{v}.yaml"),
            rolling(replicas, &surge, &unavailable, min_ready, v),
        );
    }
    let mut w = World::new(seed);
    sunaba_core::run(&mut w, "sim add-node --cpu 4 --memory 8Gi", &f).ok();
    let mut script = vec![format!(
        "replicas {replicas}, maxSurge {surge}, maxUnavailable {unavailable}, minReadySeconds {min_ready}"
    )];
    let go = |w: &mut World, script: &mut Vec<String>, cmd: String| {
        script.push(cmd.clone());
        let _ = sunaba_core::run(w, &cmd, &f);
    };
    if let Err(e) = sunaba_core::run(&mut w, "kubectl apply -f v0.yaml", &f) {
        // Both zero is invalid, as the API server says; nothing else may fail.
        return if e.message.contains("may not be 0 when `maxSurge` is 0") {
            Ok((0, 0))
        } else {
            Err(format!("seed {seed}: apply failed: {}", e.message))
        };
    }
    script.push("kubectl apply -f v0.yaml".into());
    go(&mut w, &mut script, "sim wait 2m".into());
    let fail = |script: &[String], what: String| {
        format!("seed {seed}: {what}\nreplay:\n  {}", script.join("\n  "))
    };
    if let Err(e) = w.deployments_converged() {
        return Err(fail(
            &script,
            format!("did not converge before the rollout: {e}"),
        ));
    }
    let (mut most, mut least) = (0, u32::MAX);
    for step in 0..360 {
        if step % 40 == 0 || rng.below(60) == 0 {
            let nodes = w.node_names();
            let cmd = match rng.below(6) {
                0 | 1 => format!("kubectl apply -f v{}.yaml", 1 + rng.below(5)),
                2 => "kubectl rollout undo deployment/roll".into(),
                3 => "kubectl rollout restart deployment/roll".into(),
                4 => format!(
                    "kubectl cordon {}",
                    nodes[rng.below(nodes.len() as u64) as usize]
                ),
                _ => "sim add-node --cpu 2 --memory 4Gi".into(),
            };
            go(&mut w, &mut script, cmd);
        } else {
            w.advance_by(250);
        }
        w.check_invariants().map_err(|e| fail(&script, e))?;
        let b = w
            .rollout_bounds("default", "roll")
            .ok_or_else(|| format!("seed {seed}: the Deployment vanished"))?;
        most = most.max(b.pods);
        least = least.min(b.available);
        if b.pods > b.max_pods {
            return Err(fail(
                &script,
                format!(
                    "{} pods > replicas + maxSurge = {} at t={}ms",
                    b.pods,
                    b.max_pods,
                    w.now_ms()
                ),
            ));
        }
        if b.available < b.min_available {
            return Err(fail(
                &script,
                format!(
                    "{} available < replicas − maxUnavailable = {} at t={}ms",
                    b.available,
                    b.min_available,
                    w.now_ms()
                ),
            ));
        }
    }
    Ok((most, least))
}

#[test]
fn rollouts_never_exceed_max_surge_nor_drop_below_max_unavailable() {
    let results: Vec<Result<(u32, u32), String>> = (0..120).map(run_rollout_seed).collect();
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of 120 seeds failed; first:\n{}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn the_swarms_init_container_manifest_runs_with_its_sidecar() {
    let f = files();
    let mut w = World::new(3);
    sunaba_core::run(&mut w, "kubectl apply -f init.yaml", &f).expect("apply");
    sunaba_core::run(&mut w, "sim wait 1m", &f).expect("wait");
    w.deployments_converged().expect("converged");
    let pods = sunaba_core::run(&mut w, "kubectl get pods", &f).expect("get");
    assert_eq!(
        pods.matches(" 2/2 ").count(),
        2,
        "app + sidecar ready:\n{pods}"
    );
}
