//! Environment swarm: random environment operations (create, delete, move between accounts)
//! mixed with faults and time, on many seeds. After every step: an environment's delete
//! removed exactly its own objects — every other environment's objects, the learner's own
//! Deployment and the other namespaces are still there — and a move left the original
//! untouched until its delete. The same seed gives the same trace. Kustomize overlays and
//! ECS environment folders (a cluster, a task definition, a service each; `ecs/test` also a
//! load balancer and a target group) are mixed.

use serde_json::Value;

use std::collections::BTreeSet;

use crate::common;

use sunaba_core::base::rng::SimRng;
use sunaba_core::{MapFiles, World};

const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n";

fn example() -> MapFiles {
    let mut f = common::example_files("kustomize");
    for (path, text) in common::example_files("ecs/environments").0 {
        f.0.insert(format!("ecs/{path}"), text);
    }
    f.0.insert("web.yaml".into(), WEB.into());
    f
}

const CONTEXTS: [&str; 2] = ["sunaba", "prod-cluster"];
const NAMES: [&str; 4] = ["pr-1", "pr-2", "pr-3", "qa"];
const SOURCES: [&str; 5] = [
    "overlays/test",
    "overlays/staging",
    "overlays/prod",
    "ecs/test",
    "ecs/staging-sigterm",
];
/// The AWS CLI profile of each context's account.
const PROFILES: [&str; 2] = ["sandbox", "prod"];

fn json(w: &mut World, files: &MapFiles, line: &str) -> Value {
    serde_json::from_str(&sunaba_core::run(w, line, files).unwrap()).unwrap()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str())
        .map(|s| s.rsplit('/').next().unwrap_or(s).to_string())
        .collect()
}

/// The ECS objects of an account: clusters (besides `default`), ACTIVE services and ACTIVE
/// task definitions, each under the namespace of the environment its name says it belongs
/// to (`ecs:NAME`; a task definition `shop-NAME:REV`).
fn ecs_objects(w: &mut World, files: &MapFiles, profile: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let clusters = json(
        w,
        files,
        &format!("aws --profile {profile} ecs list-clusters"),
    );
    for c in strings(&clusters["clusterArns"]) {
        if c == "default" {
            continue;
        }
        out.insert((format!("ecs:{c}"), format!("ecs-cluster/{c}")));
        let services = json(
            w,
            files,
            &format!("aws --profile {profile} ecs list-services --cluster {c}"),
        );
        // (A deleted service is listed while DRAINING: only ACTIVE ones count as present.)
        for s in strings(&services["serviceArns"]) {
            let d = json(
                w,
                files,
                &format!(
                    "aws --profile {profile} ecs describe-services --cluster {c} --services {s}"
                ),
            );
            if d["services"][0]["status"] == "ACTIVE" {
                out.insert((format!("ecs:{c}"), format!("ecs-service/{s}")));
            }
        }
    }
    let defs = json(
        w,
        files,
        &format!("aws --profile {profile} ecs list-task-definitions"),
    );
    for d in strings(&defs["taskDefinitionArns"]) {
        let env = d
            .split(':')
            .next()
            .unwrap_or("")
            .trim_start_matches("shop-");
        out.insert((format!("ecs:{env}"), format!("task-definition/{d}")));
    }
    // Load balancers `NAME-alb` and target groups `NAME-tg`, under their environment's.
    for (what, line) in [
        (
            "load-balancer",
            "describe-load-balancers --query LoadBalancers[].LoadBalancerName",
        ),
        (
            "target-group",
            "describe-target-groups --query TargetGroups[].TargetGroupName",
        ),
    ] {
        let names = json(w, files, &format!("aws --profile {profile} elbv2 {line}"));
        for n in strings(&names) {
            let env = n.rsplit_once('-').map_or(n.as_str(), |(e, _)| e);
            out.insert((format!("ecs:{env}"), format!("{what}/{n}")));
        }
    }
    out
}

/// Every object of a context: (kind, namespace, name), Deployments, Services, ConfigMaps
/// and Namespaces.
fn objects(w: &mut World, files: &MapFiles, context: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (kind, prefix) in [
        ("deployments", "deployment.apps"),
        ("services", "service"),
        ("configmaps", "configmap"),
        ("namespaces", "namespace"),
    ] {
        let table = sunaba_core::run(
            w,
            &format!("kubectl --context {context} get {kind} -A"),
            files,
        )
        .unwrap();
        // NAMESPACE NAME … (namespaces themselves: NAME …); "No resources found" has no header.
        if !table.starts_with("NAMESPACE") && !table.starts_with("NAME") {
            continue;
        }
        for row in table.lines().skip(1) {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let (ns, name) = if kind == "namespaces" {
                (String::new(), cols[0])
            } else {
                (cols[0].to_string(), cols[1])
            };
            out.insert((ns, format!("{prefix}/{name}")));
        }
    }
    let profile = PROFILES[CONTEXTS.iter().position(|c| *c == context).unwrap()];
    out.extend(ecs_objects(w, files, profile));
    out
}

fn run_seed(seed: u64) -> Vec<String> {
    let files = example();
    let mut w = World::new(seed);
    let mut rng = SimRng::new(seed ^ 0xe5);
    let mut trace = Vec::new();
    sunaba_core::run(&mut w, "sim account create prod", &files).unwrap();
    sunaba_core::run(
        &mut w,
        "sim cluster create prod-cluster --account prod --nodes 3",
        &files,
    )
    .unwrap();
    sunaba_core::run(&mut w, "kubectl apply -f web.yaml", &files).unwrap();
    for profile in PROFILES {
        sunaba_core::run(&mut w,
            &format!("aws --profile {profile} ssm put-parameter --name /shop/db-password --type SecureString --value pw"),
            &files,
        )
        .unwrap();
    }
    for step in 0..30 {
        let before: Vec<BTreeSet<(String, String)>> = CONTEXTS
            .iter()
            .map(|c| objects(&mut w, &files, c))
            .collect();
        let envs: Vec<(String, String, String)> = w
            .environments()
            .map(|e| (e.context.clone(), e.name.clone(), e.namespace.clone()))
            .collect();
        let op = rng.below(6);
        let name = NAMES[rng.below(NAMES.len() as u64) as usize];
        let context = CONTEXTS[rng.below(2) as usize];
        let line = match op {
            0 | 1 => format!(
                "sim env create {name} --from {} --context {context}{}",
                SOURCES[rng.below(SOURCES.len() as u64) as usize],
                if rng.below(2) == 0 { " --with-db" } else { "" }
            ),
            2 => format!("sim env delete {name} --context {context}"),
            3 => format!(
                "sim env move {name} --to {} --context {context}",
                CONTEXTS[rng.below(2) as usize]
            ),
            4 => format!("sim wait {}s", 1 + rng.below(40)),
            _ => {
                let pods = sunaba_core::run(
                    &mut w,
                    &format!("kubectl --context {context} get pods -A"),
                    &files,
                )
                .unwrap();
                match pods.lines().nth(1 + rng.below(4) as usize) {
                    Some(row) => {
                        let cols: Vec<&str> = row.split_whitespace().collect();
                        format!("sim --context {context} crash {} 1 -n {}", cols[1], cols[0])
                    }
                    None => "sim wait 1s".into(),
                }
            }
        };
        let line = line.replace("sim --context ", "kubectl config use-context ");
        // `sim` verbs follow the current context: switch for a crash.
        let result = if let Some(rest) = line.strip_prefix("kubectl config use-context ") {
            let (ctx, cmd) = rest.split_once(' ').unwrap();
            sunaba_core::run(&mut w, &format!("kubectl config use-context {ctx}"), &files).unwrap();
            sunaba_core::run(&mut w, &format!("sim {cmd}"), &files)
        } else {
            sunaba_core::run(&mut w, &line, &files)
        };
        trace.push(format!("{step} {line} -> {}", result.is_ok()));
        if result.is_err() {
            // A refused command changes nothing.
            let after: Vec<_> = CONTEXTS
                .iter()
                .map(|c| objects(&mut w, &files, c))
                .collect();
            if !line.starts_with("sim crash") && !line.contains("crash") {
                assert_eq!(
                    after, before,
                    "seed {seed} step {step}: refused {line} changed objects"
                );
            }
            continue;
        }
        let after: Vec<BTreeSet<(String, String)>> = CONTEXTS
            .iter()
            .map(|c| objects(&mut w, &files, c))
            .collect();
        let gone = |ci: usize| -> BTreeSet<(String, String)> {
            before[ci].difference(&after[ci]).cloned().collect()
        };
        // Only a delete or a move takes objects away, and only the environment's own.
        let mut allowed: Vec<(usize, String)> = Vec::new();
        if line.starts_with("sim env delete") || line.starts_with("sim env move") {
            for (c, n, ns) in &envs {
                if n == name && (c == context || !line.contains("--context")) {
                    allowed.push((CONTEXTS.iter().position(|x| x == c).unwrap(), ns.clone()));
                }
            }
        }
        let live: Vec<(String, String)> = w
            .environments()
            .map(|e| (e.context.clone(), e.namespace.clone()))
            .collect();
        for (ci, context_name) in CONTEXTS.iter().enumerate() {
            for (ns, obj) in gone(ci) {
                // An ECS cluster is deleted once its tasks have stopped, some steps after its
                // environment's delete: then no environment owns it any more.
                // So is its target group, once its service is INACTIVE.
                let drained_cluster = (obj.starts_with("ecs-cluster/")
                    || obj.starts_with("target-group/"))
                    && !live.iter().any(|(c, n)| c == context_name && *n == ns);
                let own = drained_cluster
                    || allowed
                        .iter()
                        .any(|(c, n)| *c == ci && (ns == *n || obj == format!("namespace/{n}")));
                assert!(
                    own,
                    "seed {seed} step {step}: {line} removed {obj} in {ns} of {context_name} (not its own)"
                );
            }
        }
        // Deleted: nothing of the environment is left in its context.
        if line.starts_with("sim env delete") {
            for (ci, ns) in &allowed {
                // (Its ECS cluster waits for the tasks to stop; its service is already gone.)
                assert!(
                    !after[*ci].iter().any(|(n, o)| (n == ns
                        && !o.starts_with("ecs-cluster/")
                        && !o.starts_with("target-group/"))
                        || *o == format!("namespace/{ns}")),
                    "seed {seed} step {step}: {line} left objects of {ns}"
                );
            }
        }
        // The learner's own Deployment is never touched.
        assert!(after[0].contains(&("default".to_string(), "deployment.apps/web".to_string())));
    }
    trace.push(format!("{:?}", w.environments_view()));
    trace
}

#[test]
fn deleting_or_moving_an_environment_touches_exactly_its_objects() {
    for seed in 0..40 {
        run_seed(seed);
    }
}

#[test]
fn the_same_seed_gives_the_same_environment_trace() {
    assert_eq!(run_seed(7), run_seed(7));
}

#[test]
fn the_swarm_really_creates_deletes_and_moves() {
    let traces: Vec<String> = (0..40).flat_map(run_seed).collect();
    let ok = |verb: &str| {
        traces
            .iter()
            .filter(|l| l.contains(verb) && l.ends_with("-> true"))
            .count()
    };
    assert!(ok("sim env create") > 100, "{}", ok("sim env create"));
    assert!(ok("sim env delete") > 20, "{}", ok("sim env delete"));
    assert!(ok("sim env move") > 20, "{}", ok("sim env move"));
    assert!(
        ok("--from ecs/") > 30,
        "ECS environments: {}",
        ok("--from ecs/")
    );
    assert!(
        ok("--from ecs/test") > 10,
        "ECS environments behind a load balancer: {}",
        ok("--from ecs/test")
    );
}
