//! The core's integration tests, as one test binary (one link instead of one per file): each
//! module below is a former `tests/*.rs` file, `common` holds the helpers they share. Run
//! one module with `cargo test -p sunaba-core --test it -- MODULE::`.
//!
//! `tests/wasm_determinism.rs` stays a target of its own: it runs in headless Chromium
//! (`cargo xtask test`) and includes `common/golden.rs` by path.

mod accounts;
mod app_model;
mod apply_files;
mod aws_cli;
mod aws_logs;
mod common;
mod configmaps;
mod container_start;
mod create;
mod cronjobs;
mod daemonsets;
mod definitions;
mod diagnose;
mod docker_build;
mod drift;
mod ecs_commands;
mod ecs_definitions;
mod ecs_environments;
mod ecs_environments_lb;
mod ecs_load_balancer;
mod ecs_runtime;
mod ecs_swarm;
mod elbv2_cli_input;
mod env_swarm;
mod exercises;
mod explain_pod;
mod fuzz_findings;
mod get_from_files;
mod golden;
mod help;
mod hostile_commands;
mod hostile_input;
mod immutable_configs;
mod init_containers;
mod jobs;
mod jobs_swarm;
mod kubectl_read;
mod kustomize;
mod label;
mod ledger_swarm;
mod lint_experiments;
mod logs_options;
mod narration;
mod nodes_and_services;
mod patch;
mod pause;
mod probes;
mod realistic;
mod rollouts;
mod scenarios;
mod services_in_pods;
mod shell;
mod side_by_side_lb;
mod sim_scale;
mod snapshots;
mod statefulsets;
mod stored_kinds;
mod swarm;
mod traffic;
mod wait;
