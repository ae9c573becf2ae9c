//! The definition a newcomer sees first: a 3-replica nginx Deployment and its Service.

pub const DEFAULT_DEFINITION: &str = include_str!("../../../www/examples/nginx-deployment.yaml");
