//! # sunaba-core
//!
//! A deterministic, sans-IO simulation of a container orchestrator, shaped like Kubernetes:
//! an API store, a scheduler, reconcile controllers, a node agent (kubelet), a container runtime
//! with a crash model, and an image registry. Time is virtual and passed in; randomness comes
//! from one seeded RNG; every decision comes out as an event. The same seed and the same
//! commands give the same trace, natively and in WebAssembly.
//!
//! Shells (the `sunaba` CLI, the Yew UI, the JS API, the tests) drive a [`World`] through one
//! command language ([`command`]): real `kubectl` verbs plus a few `sim` verbs.
//!
//! Deliberately absent: I/O, wall clocks, threads, `HashMap` iteration, unseeded randomness.

pub mod accounts;
pub mod base64;
pub mod build;
pub mod clock;
pub mod command;
pub mod complete;
pub mod configs;
pub mod controllers;
pub mod definitions;
mod describe;
pub mod dockerfile;
pub mod dockerfile_lint;
pub mod ecs;
pub mod environments;
pub mod events;
pub mod images;
pub mod invariants;
pub mod kubelet;
pub mod kustomize;
pub mod model;
pub mod object_map;
pub mod printers;
pub mod quantity;
pub mod registry;
pub mod rng;
pub mod runtime;
pub mod scheduler;
pub mod sort;
pub mod ssm;
pub mod store;
pub mod traffic;
pub mod view;
pub mod why;
pub mod world;
mod yaml_out;

pub use command::{CommandError, FileSource, MapFiles, NoFiles};
pub use events::{EventType, TraceEvent};
pub use world::World;
