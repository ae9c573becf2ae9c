//! Layer 2, **sim**: the Kubernetes simulation — the [`world::World`] facade with its virtual
//! clock, timers and settle loop; the API store; the scheduler; the Deployment/ReplicaSet
//! controllers; the node agent (kubelet) and node lifecycle; the container runtime's crash
//! model; the image registry and image builds; traffic through Services; events and views.
//!
//! Deterministic: time is passed in, randomness is the world's seeded RNG, every decision comes
//! out as an event. May import [`crate::base`] and [`crate::input`].

pub mod build;
pub mod configs;
pub mod controllers;
pub mod ecs_status;
pub mod event_reason;
pub mod events;
pub mod history;
pub mod invariants;
pub mod kernel;
pub mod kubelet;
pub mod outside;
pub mod pod_status;
pub mod reconcile;
pub mod registry;
pub mod runtime;
pub mod scheduler;
pub mod store;
pub mod timer;
pub mod traffic;
pub mod view;
pub mod world;
