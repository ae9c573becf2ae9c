//! Layer 1, **input**: what a learner writes, read and checked — Kubernetes manifests and ECS
//! definitions ([`definitions`]), kustomize, Dockerfiles and their lint, quantities — into the
//! object model ([`model`]). Also where files come from ([`files`]) and YAML as kubectl prints it.
//!
//! Pure functions of text: no `World`, no clock, no commands. May import only [`crate::base`].

pub mod definitions;
pub mod dockerfile;
pub mod dockerfile_lint;
pub mod files;
pub mod image_ref;
pub mod kustomize;
pub mod model;
pub mod model_json;
pub mod quantity;
pub(crate) mod yaml_out;
