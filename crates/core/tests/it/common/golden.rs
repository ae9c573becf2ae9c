//! One fixed scenario whose event trace must be byte-identical on every platform. Its digest
//! is pinned here and checked natively (`tests/it/golden.rs`) and in WebAssembly
//! (`tests/wasm_determinism.rs`, run by `cargo xtask test` in headless Chromium): if both
//! pass, native and Wasm produce the same trace.

use sunaba_core::{MapFiles, World};

pub const GOLDEN_DIGEST: u64 = 0x3eb3_5ca9_8515_8d66;

const NGINX: &str = include_str!("../../../../../www/examples/nginx-deployment.yaml");
const CRASH: &str = include_str!("../../../../../www/examples/crashloop.yaml");
const OOM: &str = include_str!("../../../../../www/examples/oom.yaml");
const MISSING: &str = include_str!("../../../../../www/examples/missing-image.yaml");
const ECS_TASK: &str = include_str!("../../../../../www/examples/ecs/api-ec2.task.json");
const ECS_SERVICE: &str = include_str!("../../../../../www/examples/ecs/api.service.json");
const ECS_BROKEN: &str = include_str!("../../../../../www/examples/ecs/api-broken.task.json");

pub const SCRIPT: &[&str] = &[
    "sim seed 2026",
    "kubectl apply -f nginx.yaml",
    "kubectl apply -f crash.yaml",
    "kubectl apply -f oom.yaml",
    "kubectl apply -f missing.yaml",
    "sim wait 45s",
    "sim kill -l app=nginx",
    "kubectl scale deployment nginx-deployment --replicas=5",
    "sim wait 20s",
    "sim fail-node node-2",
    "sim wait 6m",
    "sim add-node --cpu 4 --memory 8Gi",
    "sim restore-node node-2",
    "sim wait 10m",
    "kubectl get pods -o wide",
    "kubectl get events",
    // Amazon ECS on the same machines: placement, replacement, a circuit breaker's rollback.
    "aws ecs register-task-definition --cli-input-json file://task.json",
    "aws ecs create-service --cli-input-json file://service.json",
    "sim side-by-side deployment/nginx-deployment",
    "sim wait 1m",
    "sim crash --service api -c api --exit-code 2",
    "aws ecs register-task-definition --cli-input-json file://broken.json",
    "aws ecs update-service --service api --task-definition api:2",
    "sim wait 5m",
    "aws ecs describe-services --services api nginx-deployment",
    "aws ecs list-tasks --desired-status STOPPED",
];

/// Runs the script; returns the trace and the outputs as text lines.
pub fn trace_lines() -> Vec<String> {
    let mut f = MapFiles::default();
    for (k, v) in [
        ("nginx.yaml", NGINX),
        ("crash.yaml", CRASH),
        ("oom.yaml", OOM),
        ("missing.yaml", MISSING),
        ("task.json", ECS_TASK),
        ("service.json", ECS_SERVICE),
        ("broken.json", ECS_BROKEN),
    ] {
        f.0.insert(k.into(), v.into());
    }
    run_script(SCRIPT, &f)
}

/// Runs `script` on a fresh world (seed 1); after each command, its output (or error) and the
/// events the current context's cluster emitted, as text lines.
fn run_script(script: &[&str], files: &MapFiles) -> Vec<String> {
    let mut w = World::new(1);
    let mut lines = Vec::new();
    for cmd in script {
        lines.push(format!("$ {cmd}"));
        match sunaba_core::run(&mut w, cmd, files) {
            Ok(out) => lines.push(out),
            Err(e) => lines.push(format!("error: {e}")),
        }
        for e in w.drain_active_trace() {
            lines.push(format!(
                "{} {:?} {} {} {} {}",
                e.time_ms, e.type_, e.reason, e.object, e.source, e.message
            ));
        }
    }
    lines
}

/// FNV-1a over the lines: a stable digest to pin.
pub fn trace_digest() -> u64 {
    fnv(&trace_lines())
}

fn fnv(lines: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for l in lines {
        for b in l.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

pub const GOLDEN_CLOUD_DIGEST: u64 = 0x62c8_5db1_3c9d_14a4;

macro_rules! example_files {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../../../../www/examples/", $path)))),*]
    };
}

/// The example folders the cloud scenario reads, at their paths below `www/examples/`.
const CLOUD_FILES: &[(&str, &str)] = example_files![
    "app/.dockerignore",
    "app/Dockerfile",
    "app/Dockerfile.baked",
    "app/README.md",
    "app/healthcheck.js",
    "app/package-lock.json",
    "app/package.json",
    "app/server.js",
    "kustomize/base/deployment.yaml",
    "kustomize/base/kustomization.yaml",
    "kustomize/base/service.yaml",
    "kustomize/overlays/prod/kustomization.yaml",
    "kustomize/overlays/prod/namespace.yaml",
    "kustomize/overlays/prod/resources.yaml",
    "kustomize/overlays/staging/kustomization.yaml",
    "kustomize/overlays/staging/namespace.yaml",
    "kustomize/overlays/staging-ecr/kustomization.yaml",
    "kustomize/overlays/staging-baked/kustomization.yaml",
    "kustomize/overlays/test/kustomization.yaml",
    "kustomize/overlays/test/namespace.yaml",
    "ecs/environments/test/service.json",
    "ecs/environments/test/task-definition.json",
    "ecs/environments/test/target-group.json",
    "ecs/environments/test/target-group-attributes.json",
    "ecs/environments/staging/service.json",
    "ecs/environments/staging/task-definition.json",
    "ecs/environments/staging-secrets/service.json",
    "ecs/environments/staging-secrets/task-definition.json",
];

pub const CLOUD_SCRIPT: &[&str] = &[
    "sim seed 2027",
    "sim add-node node-4 --zone us-east-1b --cpu 4 --memory 8Gi",
    "sim account create prod --id 111111111111",
    "sim cluster create prod-cluster --account prod --nodes 3",
    "sim build -t shop:1.0 app",
    "sim build -t shop:baked -f app/Dockerfile.baked app",
    "sim images",
    "aws ecr create-repository --repository-name shop",
    "sim tag shop:1.0 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0",
    "sim push 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0",
    "sim tag shop:baked 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0-baked",
    "sim push 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0-baked",
    "aws ssm put-parameter --name /shop/db-password --type SecureString --value sandbox-pw",
    "aws --profile prod ssm put-parameter --name /shop/db-password --type SecureString --value prod-pw",
    "sim env create test --from kustomize/overlays/test --with-db",
    "sim env create staging --from kustomize/overlays/staging --with-db",
    "sim env create prod --from kustomize/overlays/prod --context prod-cluster --with-db",
    "sim wait 2m",
    "sim envs",
    "sim env create pr-1 --from kustomize/overlays/staging-ecr --context prod-cluster",
    "sim env create pr-2 --from kustomize/overlays/staging-baked --with-db",
    "sim env create ecs-test --from ecs/environments/test --with-db",
    "sim env create ecs-pr --from ecs/environments/staging-secrets --context prod-cluster --with-db",
    "sim wait 3m",
    "sim envs",
    "sim why -n pr-2",
    "kubectl config use-context prod-cluster",
    "sim why -n pr-1",
    "sim why --cluster ecs-pr",
    "kubectl get pods -A -o wide",
    "kubectl config use-context sunaba",
    "sim ecr allow-pull shop --from prod",
    "sim env move staging --to prod-cluster",
    "sim env delete test",
    "sim kill -l app=demo-app -n pr-2",
    "sim wait 2m",
    "sim envs",
    "kubectl get pods -A -o wide",
    "aws ecs list-clusters",
    "sim dbs",
];

/// Runs the cloud script; returns the outputs and the current context's trace as text lines.
pub fn cloud_trace_lines() -> Vec<String> {
    let mut f = MapFiles::default();
    for (k, v) in CLOUD_FILES {
        f.0.insert((*k).into(), (*v).into());
    }
    run_script(CLOUD_SCRIPT, &f)
}

pub fn cloud_trace_digest() -> u64 {
    fnv(&cloud_trace_lines())
}
