//! # sunaba-core
//!
//! A deterministic, sans-IO simulation of a container orchestrator, shaped like Kubernetes and
//! Amazon ECS: an API store, a scheduler, reconcile controllers, a node agent (kubelet), a
//! container runtime with a crash model, an image registry, accounts and environments. Time is
//! virtual and passed in; randomness comes from one seeded RNG; every decision comes out as an
//! event. The same seed and the same commands give the same trace, natively and in WebAssembly.
//!
//! Shells (the `sunaba` CLI, the Yew UI, the JS API, the tests) drive a [`World`] through one
//! command language ([`lang`]): real `kubectl` and `aws` verbs plus a few `sim` verbs.
//!
//! The modules are layers; a module may import only from layers listed above it here
//! (`cargo xtask test` checks it, see ARCHITECTURE.md):
//!
//! 0. [`base`]: clock formats, seeded RNG, deterministic sorting, ordered maps;
//! 1. [`input`]: manifests, ECS definitions, kustomize, Dockerfiles → the object model (pure);
//! 2. [`sim`]: the Kubernetes simulation — the kernel and the subsystems that share it;
//! 3. [`elb`]: Elastic Load Balancing — load balancers, target groups, health checks;
//!    then [`ecs`]: Amazon ECS — task definitions, tasks, services, placement;
//! 4. [`cloud`]: accounts, ECR, databases, SSM, local images: what lives outside a cluster;
//! 5. [`world`]: the [`World`] facade — holds every subsystem, fires timers, settles, views;
//! 6. [`lang`]: the command language and every printer;
//! 7. [`lessons`]: experiments run on whole simulations.
//!
//! Deliberately absent: I/O, wall clocks, threads, `HashMap` iteration, unseeded randomness.

pub mod base;
pub mod cloud;
pub mod ecs;
pub mod elb;
pub mod input;
pub mod lang;
pub mod lessons;
pub mod sim;
pub mod world;

pub use base::command::CommandError;
pub use base::language::Language;
pub use input::files::{FileSource, MapFiles, NoFiles};
/// Runs one line of the command language on a [`World`]: see [`lang`].
pub use lang::command::run;
/// [`run`] for a reader of another language: Sunaba's own words (`help`) come in it.
pub use lang::command::run_for;
pub use sim::events::{EventType, TraceEvent};
pub use world::World;
