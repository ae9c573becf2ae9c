//! Layer 2, **sim**: the Kubernetes simulation. The [`kernel::Kernel`] holds what every part of a
//! cluster shares (virtual clock and timer queue, seeded RNG, event log, API store, node table,
//! scheduling and work queues); the subsystems own their state and take the kernel for the
//! shared part: the Deployment/ReplicaSet controllers (`controllers`, decisions in
//! `reconcile`), the scheduler (its Filter and Select steps in `placement`, shared with ECS
//! placement), the node agent (`kubelet/`) and node lifecycle, the container
//! runtime's crash model, the image registry and image builds, traffic through Services. What a
//! cluster asks of the world outside it is the [`outside::Outside`] trait, answered above.
//!
//! Deterministic: time is passed in, randomness is the kernel's seeded RNG, every decision comes
//! out as an event. May import [`crate::base`] and [`crate::input`].

pub mod build;
pub mod configs;
pub mod controllers;
pub mod cronjob_controller;
pub mod daemonset;
pub mod ecs_status;
pub mod elb_status;
pub mod event_facts;
pub mod event_reason;
pub mod events;
pub mod history;
pub mod image_start;
pub mod in_pod;
pub mod job_controller;
pub mod kernel;
pub mod kubelet;
pub mod ledger;
pub mod ledger_view;
pub mod metrics;
pub mod outside;
pub mod owner_counts;
pub mod placement;
pub mod pod_status;
pub mod reconcile;
pub mod registry;
pub mod relabel;
mod replicaset_status;
pub mod runtime;
pub mod scheduler;
pub mod scheduling;
pub mod statefulset;
pub mod store;
pub mod stored;
pub mod timer;
pub mod traffic;
pub mod view;
pub mod zones;
