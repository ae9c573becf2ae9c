//! `kubectl get TYPE [NAME…]`, `kubectl get a,b` and `kubectl get all`.
//!
//! Each type is looked up into a [`Listing`] (its table, its objects, its names, or nothing
//! found); the command's text is made from the listings at the end, once.

mod from_files;

use serde_json::Value;

use super::get_options as opts;
use super::selector::{parse_field_selector, FieldRequirement, Selector};
use super::tables::{
    endpoints_json, endpoints_table, event_json, events_table, namespace_json, namespaces_table,
    node_json, nodes_table, service_json, services_table,
};
use super::{apps, type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::base::sort;
use crate::lang::args::err;
use crate::lang::configs;
use crate::lang::printers::{self, Table};
use crate::sim::events::EventRecord;
use crate::sim::store::{ObjectMeta, Pod, Service};
use crate::world::view::natural_key;
use crate::world::World;

pub(super) fn kubectl_get(
    w: &World,
    a: &Args,
    files: &dyn crate::input::files::FileSource,
) -> Result<String, CommandError> {
    let with_file = opts::output_from_file(a, files)?;
    let a = with_file.as_ref().unwrap_or(a);
    if a.has("filename") {
        return from_files::kubectl_get_files(w, a, files);
    }
    if let Some(types) = several_types(a) {
        return kubectl_get_many(w, a, types);
    }
    let (res, names) = type_and_names(&a.positional)?;
    let q = Query::new(a, res, names)?;
    let found = listing(w, &q)?;
    Ok(found.print(&q.output, q.empty(), q.no_headers))
}

/// `pods,services` or `all` as the first operand: several types in one command.
fn several_types(a: &Args) -> Option<&str> {
    a.positional
        .first()
        .filter(|t| !t.contains('/') && (t.contains(',') || t.eq_ignore_ascii_case("all")))
        .map(String::as_str)
}

/// `kubectl get pods,services …` and `kubectl get all` (the "all" category: of what Sunaba
/// simulates, pods, services, deployments and replica sets). Each type's section as
/// `kubectl get TYPE` prints it, names prefixed with their kind (`pod/web-…`), sections
/// apart by a blank line; one List for `-o json|yaml`.
fn kubectl_get_many(w: &World, a: &Args, types: &str) -> Result<String, CommandError> {
    let names = a.positional[1..].to_vec();
    let mut all = Listing::Empty;
    let mut output = Output::Table;
    for res in expand_types(types)? {
        let q = Query::new(a, res, names.clone())?;
        output = q.output.clone();
        all = all.then(listing(w, &q)?.into_section(&q));
    }
    let empty = if a.has("all-namespaces") {
        "No resources found\n".to_string()
    } else {
        format!("No resources found in {} namespace.\n", a.namespace())
    };
    Ok(all.print(&output, empty, a.has("no-headers")))
}

/// The types of `pods,svc` or `all`, each once, in the order first named.
fn expand_types(types: &str) -> Result<Vec<Resource>, CommandError> {
    let mut resources: Vec<Resource> = Vec::new();
    for t in types.split(',').filter(|t| !t.is_empty()) {
        let expanded: &[Resource] = if t.eq_ignore_ascii_case("all") {
            &[
                Resource::Pods,
                Resource::Services,
                Resource::DaemonSets,
                Resource::Deployments,
                Resource::ReplicaSets,
                Resource::StatefulSets,
                Resource::CronJobs,
                Resource::Jobs,
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
    Ok(resources)
}

/// The `-o` format of `kubectl get`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Output {
    Table,
    Wide,
    Json,
    Yaml,
    Name,
    /// `-o jsonpath=TEMPLATE`, over what `-o json` prints.
    JsonPath(String),
    /// `-o custom-columns=HEADER:.path,…`, one row per object.
    CustomColumns(String),
}

impl Output {
    fn parse(a: &Args) -> Result<Output, CommandError> {
        Ok(match a.flag("output").unwrap_or("") {
            "" => Output::Table,
            "wide" => Output::Wide,
            "json" => Output::Json,
            "yaml" => Output::Yaml,
            "name" => Output::Name,
            other if other.starts_with("jsonpath=") => {
                Output::JsonPath(other["jsonpath=".len()..].to_string())
            }
            other if other.starts_with("custom-columns=") => {
                Output::CustomColumns(other["custom-columns=".len()..].to_string())
            }
            other => return err(format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: custom-columns,json,jsonpath,name,wide,yaml"
            )),
        })
    }
}

/// What `kubectl get` found, before it is printed.
#[derive(Debug)]
enum Listing {
    /// Nothing matched: kubectl's "No resources found …".
    Empty,
    /// One table per type, printed a blank line apart.
    Tables(Vec<Table>),
    /// The objects for `-o json|yaml`: one object alone (`bare`) when one name was asked for
    /// and one type, else a List of them all.
    Objects { items: Vec<Value>, bare: bool },
    /// `kind/name` per object, for `-o name`.
    Names(Vec<String>),
}

impl Listing {
    /// One type's listing as a section of `kubectl get A,B`: NAMEs with their kind
    /// (`pod/web-…`), objects always in one List.
    fn into_section(self, q: &Query) -> Listing {
        match self {
            Listing::Tables(mut tables) => {
                for t in &mut tables {
                    // A table with no name column (events) is shown as it is.
                    if let Some(name) = t.column("NAME") {
                        t.prefix_cells(name, &format!("{}/", q.res.singular()));
                    }
                }
                Listing::Tables(tables)
            }
            Listing::Objects { items, .. } => Listing::Objects { items, bare: false },
            other => other,
        }
    }

    /// This listing followed by `next` (of the same output format).
    fn then(self, next: Listing) -> Listing {
        match (self, next) {
            (Listing::Empty, n) => n,
            (s, Listing::Empty) => s,
            (Listing::Tables(mut a), Listing::Tables(b)) => {
                a.extend(b);
                Listing::Tables(a)
            }
            (Listing::Objects { items: mut a, .. }, Listing::Objects { items: b, .. }) => {
                a.extend(b);
                Listing::Objects {
                    items: a,
                    bare: false,
                }
            }
            (Listing::Names(mut a), Listing::Names(b)) => {
                a.extend(b);
                Listing::Names(a)
            }
            // Every type of one command is listed in the same format.
            (s, _) => s,
        }
    }

    /// The text of the command: `empty` when nothing was found.
    fn print(self, output: &Output, empty: String, no_headers: bool) -> String {
        match self {
            Listing::Empty => empty,
            Listing::Tables(tables) => tables
                .iter()
                .map(|t| {
                    let text = t.render();
                    match text.split_once('\n') {
                        Some((_, rows)) if no_headers => rows.to_string(),
                        _ => text,
                    }
                })
                .collect::<Vec<_>>()
                .join(if no_headers { "" } else { "\n" }),
            Listing::Objects { items, bare } => {
                if let Output::CustomColumns(spec) = output {
                    return opts::custom_columns(spec, &items, no_headers)
                        .unwrap_or_else(|e| format!("{e}\n"));
                }
                let v = if bare && items.len() == 1 {
                    items.into_iter().next().unwrap_or_default()
                } else {
                    printers::list_json(items)
                };
                match output {
                    Output::Yaml => crate::input::yaml_out::to_yaml(&printers::kubectl_ordered(&v)),
                    Output::JsonPath(t) => {
                        crate::lang::jsonpath::render(t, &v).unwrap_or_else(|e| format!("{e}\n"))
                    }
                    _ => printers::kubectl_json(&v),
                }
            }
            Listing::Names(names) => names.iter().map(|n| format!("{n}\n")).collect(),
        }
    }
}

/// One `kubectl get TYPE [NAME…]`: what it selects and how it prints.
struct Query {
    res: Resource,
    names: Vec<String>,
    all_ns: bool,
    ns: String,
    sel: Option<Selector>,
    output: Output,
    fields: Vec<FieldRequirement>,
    sort_by: Option<String>,
    label_columns: Vec<String>,
    show_labels: bool,
    no_headers: bool,
}

impl Query {
    fn new(a: &Args, res: Resource, names: Vec<String>) -> Result<Query, CommandError> {
        let sel = a.flag("selector").map(Selector::parse).transpose()?;
        let output = Output::parse(a)?;
        let raw_fields = a.flag("field-selector").unwrap_or("");
        let fields = parse_field_selector(raw_fields)?;
        opts::check_fields(res, &fields, raw_fields, a.flag("selector").unwrap_or(""))?;
        // A template or a column spec that does not parse is refused before anything is
        // listed.
        match &output {
            Output::JsonPath(t) => {
                crate::lang::jsonpath::render(t, &Value::Null)?;
            }
            Output::CustomColumns(spec) => {
                opts::custom_columns(spec, &[], false)?;
            }
            _ => {}
        }
        Ok(Query {
            res,
            names,
            all_ns: a.has("all-namespaces"),
            ns: a.namespace(),
            sel,
            output,
            fields,
            sort_by: a.flag("sort-by").map(str::to_string),
            label_columns: a
                .list("label-columns")
                .iter()
                .flat_map(|l| l.split(','))
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            show_labels: a.has("show-labels"),
            no_headers: a.has("no-headers"),
        })
    }

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
        self.in_ns(&meta.namespace) && self.want(&meta.name) && self.selects(&meta.labels)
    }

    /// The label selector holds (or there is none).
    fn selects(&self, labels: &crate::input::model::Labels) -> bool {
        self.sel.as_ref().is_none_or(|s| s.matches(labels))
    }

    fn wide(&self) -> bool {
        self.output == Output::Wide
    }

    /// Whether listing needs each object's JSON (field selectors, sorting, label columns).
    fn needs_json(&self) -> bool {
        !self.fields.is_empty()
            || self.sort_by.is_some()
            || !self.label_columns.is_empty()
            || self.show_labels
    }

    /// What `kubectl get TYPE` prints when nothing matched.
    fn empty(&self) -> String {
        let cluster_scoped = match self.res {
            Resource::Nodes | Resource::Namespaces => true,
            Resource::Stored(kind) => !kind.namespaced,
            _ => false,
        };
        if self.all_ns || cluster_scoped {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {} namespace.\n", self.ns)
        }
    }

    /// The items found, as the output format wants them; NotFound for a name asked for and
    /// not found.
    fn found<T: Clone>(
        &self,
        items: &[T],
        name_of: impl Fn(&T) -> String,
        json: impl Fn(&T) -> Value,
        table: impl Fn(&[T]) -> Table,
    ) -> Result<Listing, CommandError> {
        for n in &self.names {
            if !items.iter().any(|i| name_of(i) == *n) {
                return err(format!(
                    "Error from server (NotFound): {} \"{n}\" not found",
                    self.res.plural()
                ));
            }
        }
        let mut kept: Vec<(T, Option<Value>)> = items
            .iter()
            .map(|i| (i.clone(), self.needs_json().then(|| json(i))))
            .filter(|(_, v)| {
                v.as_ref()
                    .is_none_or(|v| opts::fields_match(&self.fields, v))
            })
            .collect();
        if let Some(path) = &self.sort_by {
            let mut keyed = Vec::with_capacity(kept.len());
            for (i, v) in kept {
                let key = opts::sort_key(path, v.as_ref().unwrap_or(&Value::Null))?;
                keyed.push((key, i, v));
            }
            keyed.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
            kept = keyed.into_iter().map(|(_, i, v)| (i, v)).collect();
        }
        if kept.is_empty() {
            return Ok(Listing::Empty);
        }
        let items: Vec<T> = kept.iter().map(|(i, _)| i.clone()).collect();
        Ok(match self.output {
            Output::Json | Output::Yaml | Output::JsonPath(_) | Output::CustomColumns(_) => {
                Listing::Objects {
                    items: items.iter().map(json).collect(),
                    bare: self.names.len() == 1 && items.len() == 1,
                }
            }
            Output::Name => Listing::Names(
                items
                    .iter()
                    .map(|i| format!("{}/{}", self.res.singular(), name_of(i)))
                    .collect(),
            ),
            Output::Table | Output::Wide => {
                let mut t = table(&items);
                if !self.label_columns.is_empty() || self.show_labels {
                    let values: Vec<Value> = kept
                        .into_iter()
                        .map(|(_, v)| v.unwrap_or_default())
                        .collect();
                    opts::add_label_columns(&mut t, &values, &self.label_columns, self.show_labels);
                }
                Listing::Tables(vec![t])
            }
        })
    }
}

/// The objects of the query's type, found: one row of this table per type.
fn listing(w: &World, q: &Query) -> Result<Listing, CommandError> {
    let now = w.k.now_ms;
    let (wide, all_ns) = (q.wide(), q.all_ns);
    let store = &w.k.store;
    match q.res {
        Resource::Pods => q.found(
            &selected_pods(w, q),
            |p| p.meta.name.clone(),
            |p| printers::pod_json(p),
            |i| printers::pods_table(i, now, wide, all_ns),
        ),
        Resource::Deployments => q.found(
            &store
                .deployments
                .values()
                .filter(|d| q.keeps(&d.meta))
                .collect::<Vec<_>>(),
            |d| d.meta.name.clone(),
            |d| printers::deployment_json(d),
            |i| printers::deployments_table(i, now, wide, all_ns),
        ),
        Resource::ReplicaSets => q.found(
            &store
                .replicasets
                .values()
                .filter(|r| q.keeps(&r.meta))
                .collect::<Vec<_>>(),
            |r| r.meta.name.clone(),
            |r| printers::replicaset_json(r),
            |i| printers::replicasets_table(i, now, wide, all_ns),
        ),
        Resource::Nodes => q.found(
            &selected_nodes(w, q),
            |i| w.k.nodes[*i].name.clone(),
            |i| node_json(w, *i),
            |i| nodes_table(w, i, wide),
        ),
        Resource::Events => q.found(
            &selected_events(w, q),
            |r| r.object.clone(),
            |r| event_json(r),
            |i| events_table(i, now, all_ns),
        ),
        Resource::Services => q.found(
            &selected_services(w, q),
            |s| s.meta.name.clone(),
            |s| service_json(s),
            |i| services_table(i, now, all_ns, wide),
        ),
        Resource::Endpoints => q.found(
            &selected_services(w, q),
            |s| s.meta.name.clone(),
            |s| endpoints_json(w, s),
            |i| endpoints_table(w, i, all_ns),
        ),
        Resource::ConfigMaps => q.found(
            &store
                .configmaps
                .values()
                .filter(|m| q.keeps(&m.meta))
                .collect::<Vec<_>>(),
            |m| m.meta.name.clone(),
            |m| configs::config_map_json(m),
            |i| configs::config_maps_table(i, now, all_ns),
        ),
        Resource::Secrets => q.found(
            &store
                .secrets
                .values()
                .filter(|m| q.keeps(&m.meta))
                .collect::<Vec<_>>(),
            |m| m.meta.name.clone(),
            |m| configs::secret_json(m),
            |i| configs::secrets_table(i, now, all_ns),
        ),
        Resource::StatefulSets => q.found(
            &store
                .statefulsets
                .values()
                .filter(|s| q.keeps(&s.meta))
                .collect::<Vec<_>>(),
            |s| s.meta.name.clone(),
            |s| apps::statefulset_json(s),
            |i| apps::statefulsets_table(i, now, wide, all_ns),
        ),
        Resource::DaemonSets => q.found(
            &store
                .daemonsets
                .values()
                .filter(|d| q.keeps(&d.meta))
                .collect::<Vec<_>>(),
            |d| d.meta.name.clone(),
            |d| apps::daemonset_json(d),
            |i| apps::daemonsets_table(i, now, wide, all_ns),
        ),
        Resource::PersistentVolumeClaims => q.found(
            &store
                .pvcs
                .values()
                .filter(|c| q.keeps(&c.meta))
                .collect::<Vec<_>>(),
            |c| c.meta.name.clone(),
            |c| apps::pvc_json(c),
            |i| apps::pvcs_table(i, now, wide, all_ns),
        ),
        Resource::Jobs => q.found(
            &store
                .jobs
                .values()
                .filter(|j| q.keeps(&j.meta))
                .collect::<Vec<_>>(),
            |j| j.meta.name.clone(),
            |j| crate::lang::batch::job_json(j),
            |i| crate::lang::batch::jobs_table(i, now, wide, all_ns),
        ),
        Resource::CronJobs => q.found(
            &store
                .cronjobs
                .values()
                .filter(|c| q.keeps(&c.meta))
                .collect::<Vec<_>>(),
            |c| c.meta.name.clone(),
            |c| crate::lang::batch::cronjob_json(c),
            |i| crate::lang::batch::cronjobs_table(i, now, wide, all_ns),
        ),
        Resource::Namespaces => q.found(
            &store
                .namespaces
                .values()
                .filter(|n| q.want(&n.meta.name))
                .collect::<Vec<_>>(),
            |n| n.meta.name.clone(),
            |n| namespace_json(n),
            |i| namespaces_table(i, now),
        ),
        Resource::Stored(kind) => q.found(
            &crate::sim::stored::list(store, kind, None)
                .filter(|o| {
                    (!kind.namespaced || q.in_ns(&o.meta.namespace))
                        && q.want(&o.meta.name)
                        && q.selects(&o.meta.labels)
                })
                .collect::<Vec<_>>(),
            |o| o.meta.name.clone(),
            |o| crate::lang::stored::stored_json(o),
            |i| crate::lang::stored::stored_table(i, now, all_ns),
        ),
    }
}

/// The pods selected, by namespace then name.
fn selected_pods<'w>(w: &'w World, q: &Query) -> Vec<&'w Pod> {
    let mut items: Vec<&Pod> =
        w.k.store
            .pods
            .values()
            .filter(|p| q.keeps(&p.meta))
            .collect();
    sort::sort_by(&mut items, |x, y| {
        (&x.meta.namespace, &x.meta.name).cmp(&(&y.meta.namespace, &y.meta.name))
    });
    items
}

/// The indexes of the nodes selected, in natural order of their names (`node-2` before `node-10`).
fn selected_nodes(w: &World, q: &Query) -> Vec<usize> {
    let mut idx: Vec<usize> =
        w.k.node_index
            .iter()
            .filter(|(n, &i)| q.want(n) && q.selects(&w.k.nodes[i].labels))
            .map(|(_, &i)| i)
            .collect();
    sort::sort_by_key(&mut idx, |&i| natural_key(&w.k.nodes[i].name));
    idx
}

/// The events of the namespace(s) and of the nodes, oldest last seen first.
fn selected_events<'w>(w: &'w World, q: &Query) -> Vec<&'w EventRecord> {
    let mut items: Vec<&EventRecord> =
        w.k.events
            .records()
            .iter()
            .filter(|r| q.in_ns(&r.namespace) || r.object.starts_with("node/"))
            .collect();
    sort::sort_by_key(&mut items, |r| r.last_ms);
    items
}

fn selected_services<'w>(w: &'w World, q: &Query) -> Vec<&'w Service> {
    w.k.store
        .services
        .values()
        .filter(|s| q.keeps(&s.meta))
        .collect()
}
