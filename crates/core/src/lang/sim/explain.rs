//! `sim why` and `sim side-by-side`: what the simulation says about itself.

use crate::base::command::{Args, CommandError};
use crate::world::World;

/// `sim why [--cluster ECS_CLUSTER]`: why the namespace's (or the ECS cluster's) workloads are
/// in the state they are.
pub(super) fn why(w: &mut World, a: &Args) -> Result<String, CommandError> {
    match a.flag("cluster") {
        // An ECS cluster's services (an ECS environment).
        Some(c) if c == crate::ecs::DEFAULT_CLUSTER || w.ecs.clusters.contains_key(c) => {
            Ok(w.why_text(&crate::ecs::task_namespace(c)))
        }
        Some(c) => Err(CommandError::new(format!(
            "error: no ECS cluster \"{c}\" in this context (aws ecs list-clusters)"
        ))),
        None => Ok(w.why_text(&a.namespace())),
    }
}

/// `sim side-by-side deployment/NAME`: the deployment and its ECS equivalent, run together.
pub(super) fn side_by_side(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let target = a.positional.first().ok_or_else(|| {
        CommandError::new("error: usage: sim side-by-side deployment/NAME [-n NAMESPACE]")
    })?;
    let name = target
        .strip_prefix("deployment/")
        .or_else(|| target.strip_prefix("deployments/"))
        .or_else(|| target.strip_prefix("deploy/"))
        .unwrap_or(target);
    crate::lang::aws::ecs::convert::run_side_by_side(w, &a.namespace(), name)
}
