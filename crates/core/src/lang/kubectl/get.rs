//! `kubectl get TYPE [NAME…]`, `kubectl get a,b` and `kubectl get all`.

use super::tables::{
    endpoints_json, endpoints_table, event_json, events_table, node_json, nodes_table,
    service_json, services_table,
};
use super::{matches, parse_selector, type_and_names, Resource};
use crate::base::clock::human_duration;
use crate::base::command::{Args, CommandError};
use crate::base::sort;
use crate::input::model::Labels;
use crate::lang::args::err;
use crate::lang::{configs, printers};
use crate::sim::events::EventRecord;
use crate::sim::store::{ObjectMeta, Pod, Service};
use crate::world::view::natural_key;
use crate::world::World;

/// `kubectl get pods,services …` and `kubectl get all` (the "all" category: of what Sunaba
/// simulates, pods, services, deployments and replica sets). Each type's section as
/// `kubectl get TYPE` prints it, names prefixed with their kind (`pod/web-…`), sections
/// apart by a blank line; one List for `-o json|yaml`.
fn kubectl_get_many(w: &World, a: &Args, types: &str) -> Result<String, CommandError> {
    let mut resources: Vec<Resource> = Vec::new();
    for t in types.split(',').filter(|t| !t.is_empty()) {
        let expanded: &[Resource] = if t.eq_ignore_ascii_case("all") {
            &[
                Resource::Pods,
                Resource::Services,
                Resource::Deployments,
                Resource::ReplicaSets,
            ]
        } else {
            &[Resource::parse(t)?]
        };
        for r in expanded {
            if !resources.contains(r) {
                resources.push(*r);
            }
        }
    }
    let output = a.flag("output").unwrap_or("");
    let mut sections = Vec::new();
    let mut items = Vec::new();
    for r in &resources {
        let mut one = a.clone();
        one.positional[0] = r.plural().to_string();
        if matches!(output, "json" | "yaml") {
            one.set_flag("output".into(), "json".into());
        }
        let out = kubectl_get(w, &one)?;
        if out.starts_with("No resources found") {
            continue;
        }
        match output {
            "json" | "yaml" => {
                let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
                match v.get("items").and_then(|i| i.as_array()) {
                    Some(list) if v.get("kind").and_then(|k| k.as_str()) == Some("List") => {
                        items.extend(list.iter().cloned());
                    }
                    _ => items.push(v),
                }
            }
            "name" => sections.push(out),
            _ => {
                let name_column = usize::from(a.has("all-namespaces"));
                sections.push(printers::prefix_column(
                    &out,
                    name_column,
                    &format!("{}/", r.singular()),
                ));
            }
        }
    }
    if sections.is_empty() && items.is_empty() {
        return Ok(if a.has("all-namespaces") {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {} namespace.\n", a.namespace())
        });
    }
    Ok(match output {
        "json" => printers::kubectl_json(&printers::list_json(items)),
        "yaml" => {
            crate::input::yaml_out::to_yaml(&printers::kubectl_ordered(&printers::list_json(items)))
        }
        "name" => sections.concat(),
        _ => sections.join("\n"),
    })
}

pub(super) fn kubectl_get(w: &World, a: &Args) -> Result<String, CommandError> {
    if let Some(types) = a
        .positional
        .first()
        .filter(|t| !t.contains('/') && (t.contains(',') || t.eq_ignore_ascii_case("all")))
    {
        return kubectl_get_many(w, a, &types.clone());
    }
    let (res, names) = type_and_names(&a.positional)?;
    let all_ns = a.has("all-namespaces");
    let ns = a.namespace();
    let sel = a.flag("selector").map(parse_selector).transpose()?;
    let output = a.flag("output").unwrap_or("");
    if !["", "wide", "json", "yaml", "name"].contains(&output) {
        return err(format!(
            "error: unable to match a printer suitable for the output format \"{output}\", allowed formats are: json,name,wide,yaml"
        ));
    }
    let q = Query {
        res,
        names,
        all_ns,
        ns,
        sel,
        output,
    };
    list(w, &q)
}

/// One `kubectl get TYPE [NAME…]`: what it selects and how it prints.
struct Query<'a> {
    res: Resource,
    names: Vec<String>,
    all_ns: bool,
    ns: String,
    sel: Option<Labels>,
    output: &'a str,
}

impl Query<'_> {
    /// Across namespaces, ECS's task pods are left out: to kubectl they are not pods.
    fn in_ns(&self, obj_ns: &str) -> bool {
        if self.all_ns {
            !crate::ecs::task::is_task_namespace(obj_ns)
        } else {
            obj_ns == self.ns
        }
    }

    fn want(&self, name: &str) -> bool {
        self.names.is_empty() || self.names.iter().any(|n| n == name)
    }

    /// In the namespace(s), named (when names were given) and selected.
    fn keeps(&self, meta: &ObjectMeta) -> bool {
        self.in_ns(&meta.namespace) && self.want(&meta.name) && matches(&self.sel, &meta.labels)
    }

    fn wide(&self) -> bool {
        self.output == "wide"
    }

    fn empty(&self) -> String {
        if self.all_ns || matches!(self.res, Resource::Nodes | Resource::Namespaces) {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {} namespace.\n", self.ns)
        }
    }

    /// The items found, printed as asked; NotFound for a name asked for and not found.
    fn finish<T>(
        &self,
        items: &[T],
        name_of: impl Fn(&T) -> String,
        json: impl Fn(&T) -> serde_json::Value,
        table: impl Fn(&[T]) -> String,
    ) -> Result<String, CommandError> {
        for n in &self.names {
            if !items.iter().any(|i| name_of(i) == *n) {
                return err(format!(
                    "Error from server (NotFound): {} \"{n}\" not found",
                    self.res.plural()
                ));
            }
        }
        if items.is_empty() {
            return Ok(self.empty());
        }
        match self.output {
            "json" | "yaml" => {
                let values: Vec<serde_json::Value> = items.iter().map(&json).collect();
                let v = if self.names.len() == 1 && values.len() == 1 {
                    values.into_iter().next().unwrap_or_default()
                } else {
                    printers::list_json(values)
                };
                Ok(if self.output == "json" {
                    printers::kubectl_json(&v)
                } else {
                    crate::input::yaml_out::to_yaml(&printers::kubectl_ordered(&v))
                })
            }
            "name" => Ok(items
                .iter()
                .map(|i| format!("{}/{}\n", self.res.singular(), name_of(i)))
                .collect()),
            _ => Ok(table(items)),
        }
    }
}

/// The objects of the query's type, found and printed: one row of this table per type.
fn list(w: &World, q: &Query<'_>) -> Result<String, CommandError> {
    let now = w.k.now_ms;
    let (wide, all_ns) = (q.wide(), q.all_ns);
    let store = &w.k.store;
    match q.res {
        Resource::Pods => {
            let mut items: Vec<&Pod> = store.pods.values().filter(|p| q.keeps(&p.meta)).collect();
            sort::sort_by(&mut items, |x, y| {
                (&x.meta.namespace, &x.meta.name).cmp(&(&y.meta.namespace, &y.meta.name))
            });
            q.finish(
                &items,
                |p| p.meta.name.clone(),
                |p| printers::pod_json(p),
                |i| printers::pods_table(i, now, wide, all_ns),
            )
        }
        Resource::Deployments => q.finish(
            &store.deployments.values().filter(|d| q.keeps(&d.meta)).collect::<Vec<_>>(),
            |d| d.meta.name.clone(),
            |d| printers::deployment_json(d),
            |i| printers::deployments_table(i, now, wide, all_ns),
        ),
        Resource::ReplicaSets => q.finish(
            &store.replicasets.values().filter(|r| q.keeps(&r.meta)).collect::<Vec<_>>(),
            |r| r.meta.name.clone(),
            |r| printers::replicaset_json(r),
            |i| printers::replicasets_table(i, now, wide, all_ns),
        ),
        Resource::Nodes => {
            let mut idx: Vec<usize> = w
                .k.node_index
                .iter()
                .filter(|(n, &i)| q.want(n) && matches(&q.sel, &w.k.nodes[i].labels))
                .map(|(_, &i)| i)
                .collect();
            sort::sort_by_key(&mut idx, |&i| natural_key(&w.k.nodes[i].name));
            q.finish(
                &idx,
                |i| w.k.nodes[*i].name.clone(),
                |i| node_json(w, *i),
                |i| nodes_table(w, i, wide),
            )
        }
        Resource::Events => {
            let mut items: Vec<&EventRecord> = w
                .k.events
                .records()
                .iter()
                .filter(|r| q.in_ns(&r.namespace) || r.object.starts_with("node/"))
                .collect();
            sort::sort_by_key(&mut items, |r| r.last_ms);
            q.finish(
                &items,
                |r| r.object.clone(),
                |r| event_json(r),
                |i| events_table(i, now, all_ns),
            )
        }
        Resource::Services => q.finish(
            &selected_services(w, q),
            |s| s.meta.name.clone(),
            |s| service_json(s),
            |i| services_table(i, now, all_ns, wide),
        ),
        Resource::Endpoints => q.finish(
            &selected_services(w, q),
            |s| s.meta.name.clone(),
            |s| endpoints_json(w, s),
            |i| endpoints_table(w, i, all_ns),
        ),
        Resource::ConfigMaps => q.finish(
            &store.configmaps.values().filter(|m| q.keeps(&m.meta)).collect::<Vec<_>>(),
            |m| m.meta.name.clone(),
            |m| configs::config_map_json(m),
            |i| configs::config_maps_table(i, now, all_ns),
        ),
        Resource::Secrets => q.finish(
            &store.secrets.values().filter(|m| q.keeps(&m.meta)).collect::<Vec<_>>(),
            |m| m.meta.name.clone(),
            |m| configs::secret_json(m),
            |i| configs::secrets_table(i, now, all_ns),
        ),
        Resource::Namespaces => q.finish(
            &store.namespaces.values().filter(|n| q.want(&n.meta.name)).collect::<Vec<_>>(),
            |n| n.meta.name.clone(),
            |n| serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n.meta.name, "uid": n.meta.uid, "labels": n.meta.labels}, "status": {"phase": "Active"}}),
            |i| {
                let rows: Vec<Vec<String>> = i
                    .iter()
                    .map(|n| {
                        vec![
                            n.meta.name.clone(),
                            "Active".into(),
                            human_duration(now - n.meta.creation_ms),
                        ]
                    })
                    .collect();
                printers::table(&["NAME", "STATUS", "AGE"], &rows)
            },
        ),
    }
}

fn selected_services<'w>(w: &'w World, q: &Query<'_>) -> Vec<&'w Service> {
    w.k.store
        .services
        .values()
        .filter(|s| q.keeps(&s.meta))
        .collect()
}
