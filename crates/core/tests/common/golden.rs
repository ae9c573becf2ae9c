//! One fixed scenario whose event trace must be byte-identical on every platform. Its digest
//! is pinned here and checked natively (`tests/golden.rs`) and in WebAssembly
//! (`tests/wasm_determinism.rs`, run by `cargo xtask test` in headless Chromium): if both
//! pass, native and Wasm produce the same trace.

use sunaba_core::{MapFiles, World};

pub const GOLDEN_DIGEST: u64 = 0xb64c_626a_93cb_da20;

const NGINX: &str = include_str!("../../../../www/examples/nginx-deployment.yaml");
const CRASH: &str = include_str!("../../../../www/examples/crashloop.yaml");
const OOM: &str = include_str!("../../../../www/examples/oom.yaml");
const MISSING: &str = include_str!("../../../../www/examples/missing-image.yaml");
const ECS_TASK: &str = include_str!("../../../../www/examples/ecs/api-ec2.task.json");
const ECS_SERVICE: &str = include_str!("../../../../www/examples/ecs/api.service.json");
const ECS_BROKEN: &str = include_str!("../../../../www/examples/ecs/api-broken.task.json");

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
    let mut w = World::new(1);
    let mut lines = Vec::new();
    for cmd in SCRIPT {
        lines.push(format!("$ {cmd}"));
        match w.run(cmd, &f) {
            Ok(out) => lines.push(out),
            Err(e) => lines.push(format!("error: {e}")),
        }
        for e in w.drain_trace() {
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
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for l in trace_lines() {
        for b in l.bytes().chain(std::iter::once(b'\n')) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}
