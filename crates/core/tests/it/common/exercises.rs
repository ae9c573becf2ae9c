//! The workshop's exercises, compiled in, so the same author's check runs natively and in a
//! browser (`wasm_determinism.rs`). `it/exercises.rs` checks that this list is the folder's.

/// (file name, text) of every exercise under `www/exercises/`.
pub const EXERCISES: &[(&str, &str)] = &[
    (
        "01-what-is-in-an-image.yaml",
        include_str!("../../../../../www/exercises/01-what-is-in-an-image.yaml"),
    ),
    (
        "02-write-the-dockerfile.yaml",
        include_str!("../../../../../www/exercises/02-write-the-dockerfile.yaml"),
    ),
    (
        "03-config-from-the-environment.yaml",
        include_str!("../../../../../www/exercises/03-config-from-the-environment.yaml"),
    ),
    (
        "04-definition-to-container.yaml",
        include_str!("../../../../../www/exercises/04-definition-to-container.yaml"),
    ),
    (
        "05-ecs-task-and-service.yaml",
        include_str!("../../../../../www/exercises/05-ecs-task-and-service.yaml"),
    ),
    (
        "06-self-healing.yaml",
        include_str!("../../../../../www/exercises/06-self-healing.yaml"),
    ),
    (
        "07-restart-or-replace.yaml",
        include_str!("../../../../../www/exercises/07-restart-or-replace.yaml"),
    ),
    (
        "08-pending.yaml",
        include_str!("../../../../../www/exercises/08-pending.yaml"),
    ),
    (
        "09-crashloop-missing-variable.yaml",
        include_str!("../../../../../www/exercises/09-crashloop-missing-variable.yaml"),
    ),
    (
        "10-image-pull.yaml",
        include_str!("../../../../../www/exercises/10-image-pull.yaml"),
    ),
    (
        "11-oom.yaml",
        include_str!("../../../../../www/exercises/11-oom.yaml"),
    ),
    (
        "12-test-staging-prod.yaml",
        include_str!("../../../../../www/exercises/12-test-staging-prod.yaml"),
    ),
    (
        "13-rollout-without-downtime.yaml",
        include_str!("../../../../../www/exercises/13-rollout-without-downtime.yaml"),
    ),
    (
        "14-pr-environment.yaml",
        include_str!("../../../../../www/exercises/14-pr-environment.yaml"),
    ),
    (
        "15-cross-account-pull.yaml",
        include_str!("../../../../../www/exercises/15-cross-account-pull.yaml"),
    ),
    (
        "16-baked-config-blocks-a-move.yaml",
        include_str!("../../../../../www/exercises/16-baked-config-blocks-a-move.yaml"),
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
