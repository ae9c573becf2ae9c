//! `kubectl scale deployment|replicaset NAME --replicas N`.

use super::{type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::world::World;

pub(super) fn kubectl_scale(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let (res, names) = type_and_names(&a.positional)?;
    let Some(r) = a.flag("replicas") else {
        return err("error: required flag(s) \"replicas\" not set");
    };
    let replicas: i64 = r.parse().map_err(|_| CommandError::new(format!("error: invalid argument \"{r}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax")))?;
    if replicas < 0 {
        return err("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
    }
    if replicas > i64::from(i32::MAX) {
        return err(format!("error: invalid argument \"{r}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{r}\": value out of range"));
    }
    let replicas = u32::try_from(replicas)
        .unwrap_or(u32::MAX)
        .min(crate::sim::kernel::MAX_PODS as u32);
    if res == Resource::StatefulSets {
        return super::apps_rollout::scale(w, a, &names, replicas);
    }
    if res != Resource::Deployments && res != Resource::ReplicaSets {
        return err(format!(
            "error: cannot scale {}: only deployments, replicasets and statefulsets can be scaled",
            res.plural()
        ));
    }
    if names.is_empty() {
        return err("error: resource(s) were provided, but no name was specified");
    }
    let ns = a.namespace();
    let mut out = String::new();
    for name in names {
        let key = (ns.clone(), name.clone());
        match res {
            Resource::Deployments => {
                let Some(d) = w.k.store.deployments.get_mut(&key) else {
                    return err(format!(
                        "Error from server (NotFound): deployments.apps \"{name}\" not found"
                    ));
                };
                if d.spec.replicas != replicas {
                    d.spec.replicas = replicas;
                    d.meta.generation += 1;
                    w.k.dirty_deployments.insert(key);
                }
                out.push_str(&format!("deployment.apps/{name} scaled\n"));
            }
            _ => {
                let Some(rs) = w.k.store.replicasets.get_mut(&key) else {
                    return err(format!(
                        "Error from server (NotFound): replicasets.apps \"{name}\" not found"
                    ));
                };
                rs.replicas = replicas;
                w.k.dirty_replicasets.insert(key);
                out.push_str(&format!("replicaset.apps/{name} scaled\n"));
            }
        }
    }
    Ok(out)
}
