//! Layer 4, **cloud**: what lives outside one cluster — accounts with their ECR repositories,
//! databases and SSM parameters, the kubeconfig contexts and the other clusters, environments
//! (per pull request, moved between accounts), the learner's local Docker images, and the "why"
//! notes that explain a failure across those boundaries.
//!
//! May import the layers below it: [`crate::base`], [`crate::input`], [`crate::sim`],
//! [`crate::ecs`].

pub mod accounts;
pub mod images;
pub mod ssm;
