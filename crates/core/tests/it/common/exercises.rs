//! The workshop's exercises, compiled in, so the same author's check runs natively and in a
//! browser (`wasm_determinism.rs`). `it/exercises.rs` checks that this list is the folder's.

/// (file name, text) of every exercise under `www/exercises/`.
pub const EXERCISES: &[(&str, &str)] = &[
    (
        "what-is-in-an-image.yaml",
        include_str!("../../../../../www/exercises/what-is-in-an-image.yaml"),
    ),
    (
        "write-the-dockerfile.yaml",
        include_str!("../../../../../www/exercises/write-the-dockerfile.yaml"),
    ),
    (
        "config-from-the-environment.yaml",
        include_str!("../../../../../www/exercises/config-from-the-environment.yaml"),
    ),
    (
        "definition-to-container.yaml",
        include_str!("../../../../../www/exercises/definition-to-container.yaml"),
    ),
    (
        "ecs-task-and-service.yaml",
        include_str!("../../../../../www/exercises/ecs-task-and-service.yaml"),
    ),
    (
        "self-healing.yaml",
        include_str!("../../../../../www/exercises/self-healing.yaml"),
    ),
    (
        "restart-or-replace.yaml",
        include_str!("../../../../../www/exercises/restart-or-replace.yaml"),
    ),
    (
        "pending-until-it-fits.yaml",
        include_str!("../../../../../www/exercises/pending-until-it-fits.yaml"),
    ),
    (
        "crashloop-missing-variable.yaml",
        include_str!("../../../../../www/exercises/crashloop-missing-variable.yaml"),
    ),
    (
        "image-pull-back-off.yaml",
        include_str!("../../../../../www/exercises/image-pull-back-off.yaml"),
    ),
    (
        "oom-killed.yaml",
        include_str!("../../../../../www/exercises/oom-killed.yaml"),
    ),
    (
        "test-staging-prod.yaml",
        include_str!("../../../../../www/exercises/test-staging-prod.yaml"),
    ),
    (
        "rollout-without-downtime.yaml",
        include_str!("../../../../../www/exercises/rollout-without-downtime.yaml"),
    ),
    (
        "ecs-rollout-behind-a-load-balancer.yaml",
        include_str!("../../../../../www/exercises/ecs-rollout-behind-a-load-balancer.yaml"),
    ),
    (
        "ecs-unhealthy-in-target-group.yaml",
        include_str!("../../../../../www/exercises/ecs-unhealthy-in-target-group.yaml"),
    ),
    (
        "pr-environment.yaml",
        include_str!("../../../../../www/exercises/pr-environment.yaml"),
    ),
    (
        "cross-account-pull.yaml",
        include_str!("../../../../../www/exercises/cross-account-pull.yaml"),
    ),
    (
        "baked-config-blocks-a-move.yaml",
        include_str!("../../../../../www/exercises/baked-config-blocks-a-move.yaml"),
    ),
];

/// Parses and checks every exercise; returns the failures as `FILE:LINE: message`.
pub fn unsound() -> Vec<String> {
    let mut out = Vec::new();
    for (name, text) in EXERCISES {
        match sunaba_core::lessons::exercise::parse(text) {
            Err(e) => out.push(format!("{name}:{}:{}: {}", e.line, e.column, e.message)),
            Ok(ex) => {
                if let Err(u) = sunaba_core::lessons::exercise::check::check(&ex) {
                    out.push(format!("{name}:{}: {}", u.line, u.message));
                }
            }
        }
    }
    out
}
