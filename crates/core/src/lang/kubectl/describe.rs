//! `kubectl describe pods|deployments|nodes|configmaps|secrets`: the layouts are
//! [`crate::lang::describe`]'s; this picks the objects.

use super::{matches, parse_selector, type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::world::World;

pub(super) fn kubectl_describe(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let (res, names) = type_and_names(&a.positional)?;
    let ns = a.namespace();
    let sel = a.flag("selector").map(parse_selector).transpose()?;
    let mut out = Vec::new();
    match res {
        Resource::Pods => {
            let pods: Vec<&crate::sim::store::Pod> = if names.is_empty() {
                w.k.store
                    .pods
                    .values()
                    .filter(|p| p.meta.namespace == ns && matches(&sel, &p.meta.labels))
                    .collect()
            } else {
                let mut v = Vec::new();
                for n in &names {
                    v.push(w.k.store.pod_by_name(&ns, n).ok_or_else(|| {
                        CommandError::new(format!(
                            "Error from server (NotFound): pods \"{n}\" not found"
                        ))
                    })?);
                }
                v
            };
            for p in pods {
                out.push(crate::lang::describe::describe_pod(w, p));
            }
        }
        Resource::Deployments => {
            for n in names_or_all_deployments(w, &ns, &names)? {
                let d = &w.k.store.deployments[&(ns.clone(), n)];
                out.push(crate::lang::describe::describe_deployment(w, d));
            }
        }
        Resource::Nodes => {
            let list: Vec<String> = if names.is_empty() {
                w.node_names()
            } else {
                names.clone()
            };
            for n in list {
                let idx = *w.k.node_index.get(&n).ok_or_else(|| {
                    CommandError::new(format!(
                        "Error from server (NotFound): nodes \"{n}\" not found"
                    ))
                })?;
                out.push(crate::lang::describe::describe_node(w, idx));
            }
        }
        Resource::ConfigMaps | Resource::Secrets => {
            let keys: Vec<String> = match res {
                Resource::ConfigMaps => {
                    w.k.store
                        .configmaps
                        .values()
                        .filter(|m| m.meta.namespace == ns && matches(&sel, &m.meta.labels))
                        .map(|m| m.meta.name.clone())
                        .collect()
                }
                _ => {
                    w.k.store
                        .secrets
                        .values()
                        .filter(|m| m.meta.namespace == ns && matches(&sel, &m.meta.labels))
                        .map(|m| m.meta.name.clone())
                        .collect()
                }
            };
            let wanted = if names.is_empty() {
                keys
            } else {
                names.clone()
            };
            for n in wanted {
                let key = (ns.clone(), n.clone());
                let text = match res {
                    Resource::ConfigMaps => {
                        w.k.store
                            .configmaps
                            .get(&key)
                            .map(crate::lang::configs::describe_config_map)
                    }
                    _ => {
                        w.k.store
                            .secrets
                            .get(&key)
                            .map(crate::lang::configs::describe_secret)
                    }
                };
                out.push(text.ok_or_else(|| {
                    CommandError::new(format!(
                        "Error from server (NotFound): {} \"{n}\" not found",
                        res.plural()
                    ))
                })?);
            }
        }
        other => {
            return err(format!(
                "error: describe of {} is not simulated yet; try kubectl get {} -o yaml",
                other.plural(),
                other.plural()
            ))
        }
    }
    if out.is_empty() {
        return Ok(format!("No resources found in {ns} namespace.\n"));
    }
    Ok(out.join("\n\n"))
}

fn names_or_all_deployments(
    w: &World,
    ns: &str,
    names: &[String],
) -> Result<Vec<String>, CommandError> {
    if names.is_empty() {
        return Ok(w
            .k
            .store
            .deployments
            .keys()
            .filter(|(n, _)| n == ns)
            .map(|(_, n)| n.clone())
            .collect());
    }
    for n in names {
        if !w
            .k
            .store
            .deployments
            .contains_key(&(ns.to_string(), n.clone()))
        {
            return err(format!(
                "Error from server (NotFound): deployments.apps \"{n}\" not found"
            ));
        }
    }
    Ok(names.to_vec())
}
