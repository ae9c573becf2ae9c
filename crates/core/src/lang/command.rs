//! The command language: `kubectl …` and `sim …` lines, parsed and executed against a
//! [`World`](crate::World). One interpreter serves every shell (CLI scripts, the UI's
//! terminal and buttons, the JS API, tests).
//!
//! The verbs and their flags are the [grammar](crate::lang::grammar)'s; this module looks a
//! verb up there before running it and parses every command's flags with [`parse_args`].
//! Errors are worded like kubectl's (`error: unknown flag: --foo`,
//! `Error from server (NotFound): pods "x" not found`). Input is bounded: line length, tokens.

use crate::input::files::FileSource;
use crate::lang::grammar;

pub(crate) use crate::base::command::Args;
pub use crate::base::command::CommandError;

/// Longest command line accepted.
pub const MAX_LINE_BYTES: usize = 4096;
/// Most words in one command.
pub const MAX_TOKENS: usize = 64;

fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

/// Parses the flags of the command (or group of commands) at `path` in the
/// [grammar](crate::lang::grammar), kubectl's way: `--name VALUE`, `--name=VALUE`, `-n VALUE`,
/// `-nVALUE`, switches `--force`/`--force=false`; every other word is positional. Errors are
/// worded like kubectl's, with `cmd` in the usage hint.
pub(crate) fn parse_args(
    tokens: &[String],
    path: &[&str],
    cmd: &str,
) -> Result<Args, CommandError> {
    debug_assert!(grammar::exists(path), "{path:?} is not in the grammar");
    let known = grammar::flags_under(path);
    let mut args = Args::default();
    let usage = format!("See '{cmd} --help' for usage.");
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        i += 1;
        let (name, inline): (String, Option<String>) = if let Some(long) = t.strip_prefix("--") {
            match long.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            }
        } else if t.len() > 1
            && t.starts_with('-')
            && !t[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            let mut chars = t[1..].chars();
            let short = chars.next().unwrap_or('-');
            let rest: String = chars.collect();
            match known.iter().find(|f| f.short == Some(short)) {
                Some(f) => {
                    let rest = rest.strip_prefix('=').map(str::to_string).unwrap_or(rest);
                    (
                        f.long.to_string(),
                        if rest.is_empty() { None } else { Some(rest) },
                    )
                }
                None => {
                    return err(format!(
                        "error: unknown shorthand flag: '{short}' in {t}\n{usage}"
                    ))
                }
            }
        } else {
            args.positional.push(t.clone());
            continue;
        };
        let Some(flag) = known.iter().find(|f| f.long == name) else {
            return err(format!("error: unknown flag: --{name}\n{usage}"));
        };
        if flag.takes_value() {
            let value = match inline {
                Some(v) => v,
                None => {
                    let Some(v) = tokens.get(i) else {
                        return err(format!("error: flag needs an argument: --{name}\n{usage}"));
                    };
                    i += 1;
                    v.clone()
                }
            };
            args.set_flag(name, value);
        } else {
            match inline.as_deref() {
                None | Some("true") => args.set_flag(name, "true".into()),
                Some("false") => args.clear_flag(&name),
                Some(v) => return err(format!("error: invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax")),
            };
        }
    }
    Ok(args)
}

/// Resource kinds the `get`/`describe`/`delete` verbs know, with kubectl's aliases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Resource {
    Pods,
    Deployments,
    ReplicaSets,
    Nodes,
    Events,
    Services,
    Namespaces,
    Endpoints,
    ConfigMaps,
    Secrets,
}

impl Resource {
    fn parse(s: &str) -> Result<Resource, CommandError> {
        let lower = s.to_ascii_lowercase();
        let base = lower.split('.').next().unwrap_or_default();
        Ok(match base {
            "po" | "pod" | "pods" => Resource::Pods,
            "deploy" | "deployment" | "deployments" => Resource::Deployments,
            "rs" | "replicaset" | "replicasets" => Resource::ReplicaSets,
            "no" | "node" | "nodes" => Resource::Nodes,
            "ev" | "event" | "events" => Resource::Events,
            "svc" | "service" | "services" => Resource::Services,
            "ns" | "namespace" | "namespaces" => Resource::Namespaces,
            "ep" | "endpoints" => Resource::Endpoints,
            "cm" | "configmap" | "configmaps" => Resource::ConfigMaps,
            "secret" | "secrets" => Resource::Secrets,
            _ => {
                return err(format!(
                    "error: the server doesn't have a resource type \"{s}\""
                ))
            }
        })
    }

    /// `pods`, `deployments.apps`: how kubectl names the resource in messages.
    fn plural(self) -> &'static str {
        match self {
            Resource::Pods => "pods",
            Resource::Deployments => "deployments.apps",
            Resource::ReplicaSets => "replicasets.apps",
            Resource::Nodes => "nodes",
            Resource::Events => "events",
            Resource::Services => "services",
            Resource::Namespaces => "namespaces",
            Resource::Endpoints => "endpoints",
            Resource::ConfigMaps => "configmaps",
            Resource::Secrets => "secrets",
        }
    }

    /// `pod`, `deployment.apps`: the prefix of `kind/name` output lines.
    fn singular(self) -> &'static str {
        match self {
            Resource::Pods => "pod",
            Resource::Deployments => "deployment.apps",
            Resource::ReplicaSets => "replicaset.apps",
            Resource::Nodes => "node",
            Resource::Events => "event",
            Resource::Services => "service",
            Resource::Namespaces => "namespace",
            Resource::Endpoints => "endpoints",
            Resource::ConfigMaps => "configmap",
            Resource::Secrets => "secret",
        }
    }
}

/// `pod/x`, `deployment/x` or `pods x`: splits a `TYPE/NAME` word.
fn type_and_names(pos: &[String]) -> Result<(Resource, Vec<String>), CommandError> {
    let Some(first) = pos.first() else {
        return err("error: you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    if let Some((t, n)) = first.split_once('/') {
        let r = Resource::parse(t)?;
        let mut names = vec![n.to_string()];
        for p in &pos[1..] {
            match p.split_once('/') {
                Some((_, n)) => names.push(n.to_string()),
                None => return err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form"),
            }
        }
        return Ok((r, names));
    }
    Ok((Resource::parse(first)?, pos[1..].to_vec()))
}

fn parse_selector(s: &str) -> Result<crate::input::model::Labels, CommandError> {
    let mut m = crate::input::model::Labels::new();
    for part in s.split(',').filter(|p| !p.is_empty()) {
        let (k, v) = part
            .split_once("==")
            .or_else(|| part.split_once('='))
            .ok_or_else(|| CommandError::new(format!("error: unable to parse requirement: found '{part}', expected: '=', '!=', '==', 'in', notin'")))?;
        m.insert(k.trim().to_string(), v.trim().to_string());
    }
    Ok(m)
}

fn matches(
    sel: &Option<crate::input::model::Labels>,
    labels: &crate::input::model::Labels,
) -> bool {
    sel.as_ref()
        .is_none_or(|s| s.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

use crate::input::definitions::{self, Severity};

/// The manifests of `-f FILE` (the file's text) or `-k DIR` (the kustomize build, as
/// `kubectl kustomize DIR` prints it; diagnostics then point into that text, labelled
/// `DIR (kustomize build)`).
fn read_manifests(a: &Args, files: &dyn FileSource) -> Result<(String, String), CommandError> {
    match (a.flag("filename"), a.flag("kustomize")) {
        (Some(_), Some(_)) => err("error: only one of -f or -k can be specified"),
        (Some(path), None) => {
            let text = files
                .read(path)
                .map_err(|e| CommandError::new(format!("error: {e}")))?;
            Ok((path.to_string(), text))
        }
        (None, Some(dir)) => {
            let text = crate::input::kustomize::render(files, dir)
                .map_err(|e| CommandError::new(format!("error: {e}")))?;
            Ok((format!("{dir} (kustomize build)"), text))
        }
        (None, None) => err("error: must specify one of -f and -k"),
    }
}
use crate::input::model::Manifest;
use crate::lang::printers;
use crate::sim::world::{NodeShape, World};

impl World {
    /// Runs one line of the command language; returns what kubectl would print.
    pub fn run(&mut self, line: &str, files: &dyn FileSource) -> Result<String, CommandError> {
        if line.len() > MAX_LINE_BYTES {
            return err(format!(
                "error: command is longer than {MAX_LINE_BYTES} bytes"
            ));
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(String::new());
        }
        let Some(tokens) = shlex::split(trimmed) else {
            return err("error: unterminated quote in command");
        };
        if tokens.len() > MAX_TOKENS {
            return err(format!("error: too many arguments (at most {MAX_TOKENS})"));
        }
        if let Some(result) = self.run_routed(&tokens, files) {
            self.settle();
            return result;
        }
        self.run_tokens(&tokens, files)
    }

    /// Runs a command already split into words, in this cluster.
    pub(crate) fn run_tokens(
        &mut self,
        tokens: &[String],
        files: &dyn FileSource,
    ) -> Result<String, CommandError> {
        let result = match tokens[0].as_str() {
            "kubectl" | "k" if tokens.get(1).map(String::as_str) == Some("exec") => {
                self.kubectl_exec(&tokens[2..])
            }
            "kubectl" | "k" => self.run_kubectl(&tokens[1..], files),
            "sim" if matches!(tokens.get(1).map(String::as_str), Some("build" | "images" | "history" | "tag" | "push")) => {
                self.run_image_command(&tokens[1..], files)
            }
            "sim" => self.run_sim(&tokens[1..]),
            "aws" => crate::lang::aws::run_aws(self, &tokens[1..], files)
                .map(|out| self.stamp_account(out)),
            other => err(format!(
                "error: unknown command \"{other}\": commands start with \"kubectl\", \"aws\" or \"sim\""
            )),
        };
        self.settle();
        result
    }

    fn run_kubectl(
        &mut self,
        t: &[String],
        files: &dyn FileSource,
    ) -> Result<String, CommandError> {
        let Some(verb) = t.first() else {
            return err(format!(
                "kubectl controls the Kubernetes cluster manager.\n\nBasic Commands: {}",
                grammar::children(&["kubectl"]).join(", ")
            ));
        };
        let path = ["kubectl", verb.as_str()];
        if !grammar::exists(&path) {
            return err(format!("error: unknown command \"{verb}\" for \"kubectl\""));
        }
        let rest = &t[1..];
        let cmd = format!("kubectl {verb}");
        match verb.as_str() {
            "apply" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_apply(&a, files)
            }
            "create" => {
                let a = parse_args(rest, &path, &cmd)?;
                match a.positional.as_slice() {
                    [kind, name] if matches!(kind.as_str(), "namespace" | "ns") => {
                        self.kubectl_create_namespace(name)
                    }
                    [kind, ..] if matches!(kind.as_str(), "namespace" | "ns") => {
                        err("error: exactly one NAME is required, got 0\nSee 'kubectl create namespace -h' for help and examples")
                    }
                    _ => err("error: only \"kubectl create namespace NAME\" is simulated; use kubectl apply -f for other objects"),
                }
            }
            "kustomize" => {
                let a = parse_args(rest, &path, &cmd)?;
                let dir = match a.positional.as_slice() {
                    [] => ".",
                    [d] => d.as_str(),
                    _ => return err(
                        "error: specify one directory\nSee 'kubectl kustomize --help' for usage.",
                    ),
                };
                crate::input::kustomize::render(files, dir)
                    .map_err(|e| CommandError::new(format!("error: {e}")))
            }
            "get" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_get(&a)
            }
            "describe" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_describe(&a)
            }
            "delete" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_delete(&a, files)
            }
            "scale" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_scale(&a)
            }
            "set" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_set(&a)
            }
            "rollout" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_rollout(&a)
            }
            "taint" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_taint(&a)
            }
            "cordon" | "uncordon" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_cordon(&a, verb == "cordon")
            }
            "drain" => {
                let a = parse_args(rest, &path, &cmd)?;
                self.kubectl_drain(&a)
            }
            "logs" => {
                let a = parse_args(rest, &path, &cmd)?;
                match a.flag("selector") {
                    Some(sel) => self.kubectl_logs_selected(&a, sel),
                    None => self.kubectl_logs(&a),
                }
            }
            other => err(format!(
                "error: unknown command \"{other}\" for \"kubectl\""
            )),
        }
    }

    fn kubectl_apply(&mut self, a: &Args, files: &dyn FileSource) -> Result<String, CommandError> {
        let (path, text) = read_manifests(a, files)?;
        let path = path.as_str();
        let loaded = definitions::load(path, &text);
        let mut out = String::new();
        let mut errors = Vec::new();
        for d in &loaded.diagnostics {
            match d.severity {
                Severity::Warning => out.push_str(&format!(
                    "Warning: {}:{}:{}: {}\n",
                    d.file, d.line, d.column, d.message
                )),
                Severity::Error => errors.push(d.to_string()),
            }
        }
        if let Some(e) = loaded.ecs.first() {
            // An AWS input handed to kubectl: say what it is and which tool takes it.
            let (what, verb) = match e.definition {
                definitions::EcsDefinition::Task(_) => (
                    "an Amazon ECS task definition",
                    "aws ecs register-task-definition",
                ),
                definitions::EcsDefinition::Service(_) => {
                    ("an Amazon ECS service definition", "aws ecs create-service")
                }
            };
            return err(format!(
                "error: {path}:{}:{}: this is {what}, not a Kubernetes object; it is used with `{verb} --cli-input-json file://{path}` (ECS mode), not kubectl",
                e.line, e.column
            ));
        }
        if loaded.objects.is_empty() && errors.is_empty() {
            return err("error: no objects passed to apply");
        }
        let default_ns = a.namespace();
        for obj in &loaded.objects {
            let m = &obj.manifest;
            let ns = m
                .meta()
                .namespace
                .clone()
                .unwrap_or_else(|| default_ns.clone());
            if !matches!(m, Manifest::Namespace { .. }) {
                if let Err(e) = self.ensure_namespace(&ns) {
                    errors.push(format!("{e} (when creating \"{path}\")"));
                    continue;
                }
            }
            let name = &m.meta().name;
            let line = match m {
                Manifest::Deployment { meta, spec } => {
                    format!(
                        "deployment.apps/{name} {}",
                        self.apply_deployment(&ns, meta, spec).as_str()
                    )
                }
                Manifest::Pod { meta, spec } => match self.apply_pod(&ns, meta, spec) {
                    Ok(o) => format!("pod/{name} {}", o.as_str()),
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                },
                Manifest::Service { meta, spec } => format!(
                    "service/{name} {}",
                    self.apply_service(&ns, meta, spec).as_str()
                ),
                Manifest::Namespace { meta } => {
                    format!("namespace/{name} {}", self.apply_namespace(meta).as_str())
                }
                Manifest::ConfigMap { meta, data } => format!(
                    "configmap/{name} {}",
                    self.apply_config_map(&ns, meta, data).as_str()
                ),
                Manifest::Secret { meta, type_, data } => format!(
                    "secret/{name} {}",
                    self.apply_secret(&ns, meta, type_, data).as_str()
                ),
            };
            out.push_str(&line);
            out.push('\n');
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            err(format!("{out}{}", errors.join("\n")))
        }
    }

    /// `kubectl get pods,services …` and `kubectl get all` (the "all" category: of what Sunaba
    /// simulates, pods, services, deployments and replica sets). Each type's section as
    /// `kubectl get TYPE` prints it, names prefixed with their kind (`pod/web-…`), sections
    /// apart by a blank line; one List for `-o json|yaml`.
    fn kubectl_get_many(&mut self, a: &Args, types: &str) -> Result<String, CommandError> {
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
            let out = self.kubectl_get(&one)?;
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
            "yaml" => crate::input::yaml_out::to_yaml(&printers::kubectl_ordered(
                &printers::list_json(items),
            )),
            "name" => sections.concat(),
            _ => sections.join("\n"),
        })
    }

    fn kubectl_get(&mut self, a: &Args) -> Result<String, CommandError> {
        if let Some(types) = a
            .positional
            .first()
            .filter(|t| !t.contains('/') && (t.contains(',') || t.eq_ignore_ascii_case("all")))
        {
            return self.kubectl_get_many(a, &types.clone());
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
        let now = self.now_ms;
        // Across namespaces, ECS's task pods are left out: to kubectl they are not pods.
        let in_ns = |obj_ns: &str| {
            if all_ns {
                !crate::ecs::task::is_task_namespace(obj_ns)
            } else {
                obj_ns == ns
            }
        };
        let want = |name: &str| names.is_empty() || names.iter().any(|n| n == name);
        let not_found = |n: &str| {
            CommandError::new(format!(
                "Error from server (NotFound): {} \"{n}\" not found",
                res.plural()
            ))
        };
        let empty = || {
            if all_ns || matches!(res, Resource::Nodes | Resource::Namespaces) {
                "No resources found\n".to_string()
            } else {
                format!("No resources found in {ns} namespace.\n")
            }
        };
        macro_rules! finish {
            ($items:expr, $name_of:expr, $json:expr, $table:expr) => {{
                let items = $items;
                for n in &names {
                    if !items.iter().any(|i| $name_of(i) == *n) {
                        return Err(not_found(n));
                    }
                }
                if items.is_empty() {
                    return Ok(empty());
                }
                match output {
                    "json" | "yaml" => {
                        let values: Vec<serde_json::Value> =
                            items.iter().map(|i| $json(i)).collect();
                        let v = if names.len() == 1 && values.len() == 1 {
                            values.into_iter().next().unwrap_or_default()
                        } else {
                            printers::list_json(values)
                        };
                        Ok(if output == "json" {
                            printers::kubectl_json(&v)
                        } else {
                            crate::input::yaml_out::to_yaml(&printers::kubectl_ordered(&v))
                        })
                    }
                    "name" => Ok(items
                        .iter()
                        .map(|i| format!("{}/{}\n", res.singular(), $name_of(i)))
                        .collect()),
                    _ => Ok($table(&items)),
                }
            }};
        }
        match res {
            Resource::Pods => {
                let mut items: Vec<&crate::sim::store::Pod> = self
                    .store
                    .pods
                    .values()
                    .filter(|p| {
                        in_ns(&p.meta.namespace)
                            && want(&p.meta.name)
                            && matches(&sel, &p.meta.labels)
                    })
                    .collect();
                crate::base::sort::sort_by(&mut items, |x, y| {
                    (&x.meta.namespace, &x.meta.name).cmp(&(&y.meta.namespace, &y.meta.name))
                });
                finish!(
                    items,
                    |p: &&crate::sim::store::Pod| p.meta.name.clone(),
                    |p: &&crate::sim::store::Pod| printers::pod_json(p),
                    |i: &[&crate::sim::store::Pod]| printers::pods_table(
                        i,
                        now,
                        output == "wide",
                        all_ns
                    )
                )
            }
            Resource::Deployments => {
                let items: Vec<&crate::sim::store::Deployment> = self
                    .store
                    .deployments
                    .values()
                    .filter(|d| {
                        in_ns(&d.meta.namespace)
                            && want(&d.meta.name)
                            && matches(&sel, &d.meta.labels)
                    })
                    .collect();
                finish!(
                    items,
                    |d: &&crate::sim::store::Deployment| d.meta.name.clone(),
                    |d: &&crate::sim::store::Deployment| printers::deployment_json(d),
                    |i: &[&crate::sim::store::Deployment]| printers::deployments_table(
                        i,
                        now,
                        output == "wide",
                        all_ns
                    )
                )
            }
            Resource::ReplicaSets => {
                let items: Vec<&crate::sim::store::ReplicaSet> = self
                    .store
                    .replicasets
                    .values()
                    .filter(|r| {
                        in_ns(&r.meta.namespace)
                            && want(&r.meta.name)
                            && matches(&sel, &r.meta.labels)
                    })
                    .collect();
                finish!(
                    items,
                    |r: &&crate::sim::store::ReplicaSet| r.meta.name.clone(),
                    |r: &&crate::sim::store::ReplicaSet| printers::replicaset_json(r),
                    |i: &[&crate::sim::store::ReplicaSet]| printers::replicasets_table(
                        i,
                        now,
                        output == "wide",
                        all_ns
                    )
                )
            }
            Resource::Nodes => {
                let mut idx: Vec<usize> = self
                    .node_index
                    .iter()
                    .filter(|(n, &i)| want(n) && matches(&sel, &self.nodes[i].labels))
                    .map(|(_, &i)| i)
                    .collect();
                crate::base::sort::sort_by_key(&mut idx, |&i| {
                    crate::sim::world::natural_key(&self.nodes[i].name)
                });
                let w: &World = self;
                finish!(
                    idx,
                    |i: &usize| w.nodes[*i].name.clone(),
                    |i: &usize| w.node_json(*i),
                    |i: &[usize]| w.nodes_table(i, output == "wide")
                )
            }
            Resource::Events => {
                let mut items: Vec<&crate::sim::events::EventRecord> = self
                    .events
                    .records()
                    .iter()
                    .filter(|r| in_ns(&r.namespace) || r.object.starts_with("node/"))
                    .collect();
                crate::base::sort::sort_by_key(&mut items, |r| r.last_ms);
                finish!(
                    items,
                    |r: &&crate::sim::events::EventRecord| r.object.clone(),
                    |r: &&crate::sim::events::EventRecord| event_json(r),
                    |i: &[&crate::sim::events::EventRecord]| events_table(i, now, all_ns)
                )
            }
            Resource::Services => {
                let items: Vec<&crate::sim::store::Service> = self
                    .store
                    .services
                    .values()
                    .filter(|s| {
                        in_ns(&s.meta.namespace)
                            && want(&s.meta.name)
                            && matches(&sel, &s.meta.labels)
                    })
                    .collect();
                finish!(
                    items,
                    |s: &&crate::sim::store::Service| s.meta.name.clone(),
                    |s: &&crate::sim::store::Service| service_json(s),
                    |i: &[&crate::sim::store::Service]| services_table(
                        i,
                        now,
                        all_ns,
                        output == "wide"
                    )
                )
            }
            Resource::Endpoints => {
                let items: Vec<&crate::sim::store::Service> = self
                    .store
                    .services
                    .values()
                    .filter(|s| {
                        in_ns(&s.meta.namespace)
                            && want(&s.meta.name)
                            && matches(&sel, &s.meta.labels)
                    })
                    .collect();
                let w: &World = self;
                finish!(
                    items,
                    |s: &&crate::sim::store::Service| s.meta.name.clone(),
                    |s: &&crate::sim::store::Service| w.endpoints_json(s),
                    |i: &[&crate::sim::store::Service]| w.endpoints_table(i, all_ns)
                )
            }
            Resource::ConfigMaps => {
                let items: Vec<&crate::sim::store::ConfigMap> = self
                    .store
                    .configmaps
                    .values()
                    .filter(|m| {
                        in_ns(&m.meta.namespace)
                            && want(&m.meta.name)
                            && matches(&sel, &m.meta.labels)
                    })
                    .collect();
                finish!(
                    items,
                    |m: &&crate::sim::store::ConfigMap| m.meta.name.clone(),
                    |m: &&crate::sim::store::ConfigMap| crate::lang::configs::config_map_json(m),
                    |i: &[&crate::sim::store::ConfigMap]| crate::lang::configs::config_maps_table(
                        i, now, all_ns
                    )
                )
            }
            Resource::Secrets => {
                let items: Vec<&crate::sim::store::Secret> = self
                    .store
                    .secrets
                    .values()
                    .filter(|m| {
                        in_ns(&m.meta.namespace)
                            && want(&m.meta.name)
                            && matches(&sel, &m.meta.labels)
                    })
                    .collect();
                finish!(
                    items,
                    |m: &&crate::sim::store::Secret| m.meta.name.clone(),
                    |m: &&crate::sim::store::Secret| crate::lang::configs::secret_json(m),
                    |i: &[&crate::sim::store::Secret]| crate::lang::configs::secrets_table(
                        i, now, all_ns
                    )
                )
            }
            Resource::Namespaces => {
                let items: Vec<&crate::sim::store::Namespace> = self
                    .store
                    .namespaces
                    .values()
                    .filter(|n| want(&n.meta.name))
                    .collect();
                finish!(
                    items,
                    |n: &&crate::sim::store::Namespace| n.meta.name.clone(),
                    |n: &&crate::sim::store::Namespace| serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n.meta.name, "uid": n.meta.uid, "labels": n.meta.labels}, "status": {"phase": "Active"}}),
                    |i: &[&crate::sim::store::Namespace]| printers::table(
                        &["NAME", "STATUS", "AGE"],
                        &i.iter()
                            .map(|n| vec![
                                n.meta.name.clone(),
                                "Active".into(),
                                crate::base::clock::human_duration(now - n.meta.creation_ms)
                            ])
                            .collect::<Vec<_>>()
                    )
                )
            }
        }
    }

    fn kubectl_describe(&mut self, a: &Args) -> Result<String, CommandError> {
        let (res, names) = type_and_names(&a.positional)?;
        let ns = a.namespace();
        let sel = a.flag("selector").map(parse_selector).transpose()?;
        let mut out = Vec::new();
        match res {
            Resource::Pods => {
                let pods: Vec<&crate::sim::store::Pod> = if names.is_empty() {
                    self.store
                        .pods
                        .values()
                        .filter(|p| p.meta.namespace == ns && matches(&sel, &p.meta.labels))
                        .collect()
                } else {
                    let mut v = Vec::new();
                    for n in &names {
                        v.push(self.store.pod_by_name(&ns, n).ok_or_else(|| {
                            CommandError::new(format!(
                                "Error from server (NotFound): pods \"{n}\" not found"
                            ))
                        })?);
                    }
                    v
                };
                for p in pods {
                    out.push(crate::lang::describe::describe_pod(self, p));
                }
            }
            Resource::Deployments => {
                for n in self.names_or_all_deployments(&ns, &names)? {
                    let d = &self.store.deployments[&(ns.clone(), n)];
                    out.push(crate::lang::describe::describe_deployment(self, d));
                }
            }
            Resource::Nodes => {
                let list: Vec<String> = if names.is_empty() {
                    self.node_names()
                } else {
                    names.clone()
                };
                for n in list {
                    let idx = *self.node_index.get(&n).ok_or_else(|| {
                        CommandError::new(format!(
                            "Error from server (NotFound): nodes \"{n}\" not found"
                        ))
                    })?;
                    out.push(crate::lang::describe::describe_node(self, idx));
                }
            }
            Resource::ConfigMaps | Resource::Secrets => {
                let keys: Vec<String> = match res {
                    Resource::ConfigMaps => self
                        .store
                        .configmaps
                        .values()
                        .filter(|m| m.meta.namespace == ns && matches(&sel, &m.meta.labels))
                        .map(|m| m.meta.name.clone())
                        .collect(),
                    _ => self
                        .store
                        .secrets
                        .values()
                        .filter(|m| m.meta.namespace == ns && matches(&sel, &m.meta.labels))
                        .map(|m| m.meta.name.clone())
                        .collect(),
                };
                let wanted = if names.is_empty() {
                    keys
                } else {
                    names.clone()
                };
                for n in wanted {
                    let key = (ns.clone(), n.clone());
                    let text = match res {
                        Resource::ConfigMaps => self
                            .store
                            .configmaps
                            .get(&key)
                            .map(crate::lang::configs::describe_config_map),
                        _ => self
                            .store
                            .secrets
                            .get(&key)
                            .map(crate::lang::configs::describe_secret),
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
        &self,
        ns: &str,
        names: &[String],
    ) -> Result<Vec<String>, CommandError> {
        if names.is_empty() {
            return Ok(self
                .store
                .deployments
                .keys()
                .filter(|(n, _)| n == ns)
                .map(|(_, n)| n.clone())
                .collect());
        }
        for n in names {
            if !self
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

    fn kubectl_delete(&mut self, a: &Args, files: &dyn FileSource) -> Result<String, CommandError> {
        let ns = a.namespace();
        let force = a.has("force");
        let grace_ms = match a.flag("grace-period") {
            Some(g) => Some(
                g.parse::<i64>()
                    .map_err(|_| {
                        CommandError::new(format!(
                            "error: invalid argument \"{g}\" for \"--grace-period\" flag"
                        ))
                    })?
                    .max(0) as u64
                    * 1000,
            ),
            None if force => Some(0),
            None => None,
        };
        let mut out = String::new();
        if force && grace_ms == Some(0) {
            out.push_str("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
        }
        let mut targets: Vec<(Resource, String, String)> = Vec::new();
        if a.has("filename") || a.has("kustomize") {
            let (path, text) = read_manifests(a, files)?;
            let loaded = definitions::load(&path, &text);
            if loaded.has_errors() {
                return err(loaded
                    .diagnostics
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"));
            }
            for o in loaded.objects {
                let m = o.manifest;
                let res = match m {
                    Manifest::Deployment { .. } => Resource::Deployments,
                    Manifest::Pod { .. } => Resource::Pods,
                    Manifest::Service { .. } => Resource::Services,
                    Manifest::Namespace { .. } => Resource::Namespaces,
                    Manifest::ConfigMap { .. } => Resource::ConfigMaps,
                    Manifest::Secret { .. } => Resource::Secrets,
                };
                let ons = m.meta().namespace.clone().unwrap_or_else(|| ns.clone());
                targets.push((res, ons, m.meta().name.clone()));
            }
        } else {
            let (res, mut names) = type_and_names(&a.positional)?;
            if names.is_empty() {
                let sel = a.flag("selector").map(parse_selector).transpose()?;
                if sel.is_none() && !a.has("all") {
                    return err("error: resource(s) were provided, but no name was specified");
                }
                names = match res {
                    Resource::Pods => self
                        .store
                        .pods
                        .values()
                        .filter(|p| p.meta.namespace == ns && matches(&sel, &p.meta.labels))
                        .map(|p| p.meta.name.clone())
                        .collect(),
                    Resource::Deployments => self
                        .store
                        .deployments
                        .values()
                        .filter(|d| d.meta.namespace == ns && matches(&sel, &d.meta.labels))
                        .map(|d| d.meta.name.clone())
                        .collect(),
                    Resource::Services => self
                        .store
                        .services
                        .values()
                        .filter(|s| s.meta.namespace == ns && matches(&sel, &s.meta.labels))
                        .map(|s| s.meta.name.clone())
                        .collect(),
                    Resource::ConfigMaps => self
                        .store
                        .configmaps
                        .values()
                        .filter(|s| s.meta.namespace == ns && matches(&sel, &s.meta.labels))
                        .map(|s| s.meta.name.clone())
                        .collect(),
                    Resource::Secrets => self
                        .store
                        .secrets
                        .values()
                        .filter(|s| s.meta.namespace == ns && matches(&sel, &s.meta.labels))
                        .map(|s| s.meta.name.clone())
                        .collect(),
                    _ => Vec::new(),
                };
                if names.is_empty() {
                    return Ok(format!("No resources found in {ns} namespace.\n"));
                }
            }
            targets.extend(names.into_iter().map(|n| (res, ns.clone(), n)));
        }
        let mut errors = Vec::new();
        // A namespace goes last: the API server deletes its contents asynchronously, so the
        // objects listed with it (`delete -k`, `delete -f`) are still found and reported.
        let mut namespaces_to_delete = Vec::new();
        for (res, ns, name) in targets {
            let key = (ns.clone(), name.clone());
            let found = match res {
                Resource::Pods => match self.store.pod_names.get(&key).copied() {
                    Some(id) => {
                        if grace_ms == Some(0) && force {
                            self.remove_pod(id);
                        } else {
                            self.delete_pod_gracefully(id, grace_ms);
                        }
                        true
                    }
                    None => false,
                },
                Resource::Deployments => self.delete_deployment(&key),
                Resource::ReplicaSets => {
                    let exists = self.store.replicasets.contains_key(&key);
                    self.delete_replicaset(&key);
                    exists
                }
                Resource::Services => self.store.services.remove(&key).is_some(),
                Resource::ConfigMaps => self.store.configmaps.remove(&key).is_some(),
                Resource::Secrets => self.store.secrets.remove(&key).is_some(),
                Resource::Namespaces => {
                    if ["default", "kube-system", "kube-public", "kube-node-lease"]
                        .contains(&name.as_str())
                    {
                        errors.push(format!("Error from server (Forbidden): namespaces \"{name}\" is forbidden: this namespace may not be deleted"));
                        continue;
                    }
                    let exists = self.store.namespaces.contains_key(&name);
                    if exists {
                        namespaces_to_delete.push(name.clone());
                    }
                    exists
                }
                Resource::Nodes => match self.node_index.contains_key(&name) {
                    true => {
                        self.remove_node(&name);
                        true
                    }
                    false => false,
                },
                Resource::Events | Resource::Endpoints => false,
            };
            if found {
                out.push_str(&format!("{} \"{name}\" deleted\n", res.singular()));
            } else {
                errors.push(format!(
                    "Error from server (NotFound): {} \"{name}\" not found",
                    res.plural()
                ));
            }
        }
        for name in namespaces_to_delete {
            self.delete_namespace(&name);
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            err(format!("{out}{}", errors.join("\n")))
        }
    }

    pub(crate) fn kubectl_create_namespace(&mut self, name: &str) -> Result<String, CommandError> {
        self.create_namespace(name)?;
        Ok(format!("namespace/{name} created\n"))
    }

    fn delete_namespace(&mut self, name: &str) -> bool {
        if self.store.namespaces.remove(name).is_none() {
            return false;
        }
        let deployments: Vec<_> = self
            .store
            .deployments
            .keys()
            .filter(|k| k.0 == name)
            .cloned()
            .collect();
        for k in deployments {
            self.delete_deployment(&k);
        }
        let rss: Vec<_> = self
            .store
            .replicasets
            .keys()
            .filter(|k| k.0 == name)
            .cloned()
            .collect();
        for k in rss {
            self.delete_replicaset(&k);
        }
        let pods: Vec<_> = self
            .store
            .pods
            .values()
            .filter(|p| p.meta.namespace == name)
            .map(|p| p.id)
            .collect();
        for id in pods {
            self.delete_pod_gracefully(id, None);
        }
        self.store.services.retain(|k, _| k.0 != name);
        self.store.configmaps.retain(|k, _| k.0 != name);
        self.store.secrets.retain(|k, _| k.0 != name);
        true
    }

    fn kubectl_scale(&mut self, a: &Args) -> Result<String, CommandError> {
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
            .min(crate::sim::world::MAX_PODS as u32);
        if res != Resource::Deployments && res != Resource::ReplicaSets {
            return err(format!(
                "error: cannot scale {}: only deployments and replicasets can be scaled",
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
                    let Some(d) = self.store.deployments.get_mut(&key) else {
                        return err(format!(
                            "Error from server (NotFound): deployments.apps \"{name}\" not found"
                        ));
                    };
                    if d.spec.replicas != replicas {
                        d.spec.replicas = replicas;
                        d.meta.generation += 1;
                        self.dirty_deployments.insert(key);
                    }
                    out.push_str(&format!("deployment.apps/{name} scaled\n"));
                }
                _ => {
                    let Some(rs) = self.store.replicasets.get_mut(&key) else {
                        return err(format!(
                            "Error from server (NotFound): replicasets.apps \"{name}\" not found"
                        ));
                    };
                    rs.replicas = replicas;
                    self.dirty_replicasets.insert(key);
                    out.push_str(&format!("replicaset.apps/{name} scaled\n"));
                }
            }
        }
        Ok(out)
    }

    /// `kubectl logs -l SELECTOR`: the logs of every matching pod, in name order.
    fn kubectl_logs_selected(&mut self, a: &Args, selector: &str) -> Result<String, CommandError> {
        let ns = a.namespace();
        let sel = Some(parse_selector(selector)?);
        let names: Vec<String> = self
            .store
            .pods
            .values()
            .filter(|p| p.meta.namespace == ns && matches(&sel, &p.meta.labels))
            .map(|p| p.meta.name.clone())
            .collect();
        if names.is_empty() {
            return Ok(format!("No resources found in {ns} namespace.\n"));
        }
        let mut out = String::new();
        for name in names {
            let mut one = a.clone();
            one.positional = vec![name];
            one.clear_flag("selector");
            out.push_str(&self.kubectl_logs(&one)?);
        }
        Ok(out)
    }

    fn kubectl_logs(&mut self, a: &Args) -> Result<String, CommandError> {
        let ns = a.namespace();
        let Some(target) = a.positional.first() else {
            return err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command");
        };
        let name = target
            .strip_prefix("pod/")
            .or_else(|| target.strip_prefix("pods/"))
            .unwrap_or(target);
        let pod = self.store.pod_by_name(&ns, name).ok_or_else(|| {
            CommandError::new(format!(
                "Error from server (NotFound): pods \"{name}\" not found"
            ))
        })?;
        let idx = match a
            .flag("container")
            .or(a.positional.get(1).map(String::as_str))
        {
            Some(c) => pod
                .spec
                .containers
                .iter()
                .position(|k| k.name == c)
                .ok_or_else(|| {
                    CommandError::new(format!("error: container {c} is not valid for pod {name}"))
                })?,
            None => pod.spec.main_container(),
        };
        let cname = &pod.spec.containers[idx].name;
        let Some(st) = pod.status.containers.get(idx) else {
            return err(format!("Error from server (BadRequest): container \"{cname}\" in pod \"{name}\" is waiting to start: ContainerCreating"));
        };
        let lines = if a.has("previous") {
            st.previous_logs.as_ref().ok_or_else(|| {
                CommandError::new(format!("Error from server (BadRequest): previous terminated container \"{cname}\" in pod \"{name}\" not found"))
            })?
        } else {
            match &st.state {
                ContainerStateRef::Waiting { reason, .. } if reason == "CrashLoopBackOff" => {
                    st.previous_logs.as_ref().unwrap_or(&st.logs)
                }
                ContainerStateRef::Waiting { reason, .. } => {
                    let why = match reason.as_str() {
                        "ErrImagePull" | "ImagePullBackOff" => {
                            "trying and failing to pull image".to_string()
                        }
                        other => other.to_string(),
                    };
                    return err(format!("Error from server (BadRequest): container \"{cname}\" in pod \"{name}\" is waiting to start: {why}"));
                }
                _ => &st.logs,
            }
        };
        Ok(lines.iter().map(|l| format!("{l}\n")).collect())
    }

    fn endpoints_table(&self, items: &[&crate::sim::store::Service], all_ns: bool) -> String {
        let now = self.now_ms;
        let mut header = vec!["NAME", "ENDPOINTS", "AGE"];
        if all_ns {
            header.insert(0, "NAMESPACE");
        }
        let rows: Vec<Vec<String>> = items
            .iter()
            .map(|s| {
                let eps = self.store.service_endpoints(s);
                let shown = match eps.len() {
                    0 => "<none>".to_string(),
                    1..=3 => eps.join(","),
                    n => format!("{} + {} more...", eps[..3].join(","), n - 3),
                };
                let mut r = vec![
                    s.meta.name.clone(),
                    shown,
                    crate::base::clock::human_duration(now - s.meta.creation_ms),
                ];
                if all_ns {
                    r.insert(0, s.meta.namespace.clone());
                }
                r
            })
            .collect();
        printers::table(&header, &rows)
    }

    fn endpoints_json(&self, s: &crate::sim::store::Service) -> serde_json::Value {
        let endpoints = self.store.service_endpoints(s);
        let addresses: Vec<serde_json::Value> = crate::base::sort::set_from(
            endpoints
                .iter()
                .filter_map(|e| e.split_once(':').map(|(ip, _)| ip.to_string())),
        )
        .into_iter()
        .map(|ip| serde_json::json!({ "ip": ip }))
        .collect();
        let ports: Vec<serde_json::Value> = s
            .spec
            .ports
            .iter()
            .map(|p| serde_json::json!({"port": p.target_port, "protocol": p.protocol}))
            .collect();
        serde_json::json!({
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": { "name": s.meta.name, "namespace": s.meta.namespace },
            "subsets": if addresses.is_empty() { serde_json::json!([]) } else { serde_json::json!([{ "addresses": addresses, "ports": ports }]) },
        })
    }

    fn node_names_arg(&self, a: &Args) -> Result<Vec<String>, CommandError> {
        if let Some(sel) = a.flag("selector") {
            let sel = Some(parse_selector(sel)?);
            let names: Vec<String> = self
                .node_index
                .iter()
                .filter(|(_, &i)| matches(&sel, &self.nodes[i].labels))
                .map(|(n, _)| n.clone())
                .collect();
            return Ok(names);
        }
        if a.positional.is_empty() {
            return err("error: USAGE: cordon NODE [flags]");
        }
        a.positional
            .iter()
            .map(|n| {
                let n = n.strip_prefix("node/").unwrap_or(n);
                if self.node_index.contains_key(n) {
                    Ok(n.to_string())
                } else {
                    err(format!(
                        "Error from server (NotFound): nodes \"{n}\" not found"
                    ))
                }
            })
            .collect()
    }

    fn kubectl_cordon(&mut self, a: &Args, on: bool) -> Result<String, CommandError> {
        let mut out = String::new();
        for name in self.node_names_arg(a)? {
            let changed = self.set_unschedulable(&name, on);
            let word = if on { "cordoned" } else { "uncordoned" };
            out.push_str(&if changed {
                format!("node/{name} {word}\n")
            } else {
                format!("node/{name} already {word}\n")
            });
        }
        Ok(out)
    }

    /// `kubectl taint nodes NODE key=value:Effect` (add) or `key[:Effect]-` (remove). A new
    /// NoExecute taint evicts the pods on the node that do not tolerate it.
    fn kubectl_taint(&mut self, a: &Args) -> Result<String, CommandError> {
        let usage = "error: usage: kubectl taint nodes NODE KEY[=VALUE]:EFFECT[-] (EFFECT: NoSchedule, PreferNoSchedule, NoExecute)";
        let mut words: Vec<String> = a.positional.clone();
        if words
            .first()
            .is_some_and(|w| w == "nodes" || w == "node" || w == "no")
        {
            words.remove(0);
        }
        let Some(node) = words
            .first()
            .map(|n| n.strip_prefix("node/").unwrap_or(n).to_string())
        else {
            return err(usage);
        };
        let Some(&idx) = self.node_index.get(&node) else {
            return err(format!(
                "Error from server (NotFound): nodes \"{node}\" not found"
            ));
        };
        if words.len() < 2 {
            return err(usage);
        }
        let mut changed = Vec::new();
        for spec in &words[1..] {
            if let Some(del) = spec.strip_suffix('-') {
                let (key, effect) = match del.split_once(':') {
                    Some((k, e)) => (
                        k.split('=').next().unwrap_or(k),
                        Some(
                            crate::input::model::TaintEffect::parse(e)
                                .ok_or_else(|| CommandError::new(usage))?,
                        ),
                    ),
                    None => (del, None),
                };
                let before = self.nodes[idx].taints.len();
                self.nodes[idx]
                    .taints
                    .retain(|t| !(t.key == key && effect.is_none_or(|e| e == t.effect)));
                if self.nodes[idx].taints.len() == before {
                    return err(format!("error: taint \"{del}\" not found"));
                }
                changed.push("untainted");
                continue;
            }
            let (kv, effect) = spec
                .rsplit_once(':')
                .ok_or_else(|| CommandError::new(usage))?;
            let effect = crate::input::model::TaintEffect::parse(effect).ok_or_else(|| {
                CommandError::new(format!(
                    "error: invalid taint effect: {effect}, unsupported taint effect"
                ))
            })?;
            let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
            if key.is_empty() || key.len() > 253 || value.len() > 63 {
                return err(format!("error: invalid taint spec: {spec}"));
            }
            let taint = crate::input::model::Taint {
                key: key.to_string(),
                value: value.to_string(),
                effect,
            };
            let taints = &mut self.nodes[idx].taints;
            taints.retain(|t| !(t.key == taint.key && t.effect == taint.effect));
            taints.push(taint);
            crate::base::sort::sort(taints);
            if effect == crate::input::model::TaintEffect::NoExecute {
                self.evict_untolerating(idx);
            }
            changed.push("tainted");
        }
        self.cluster_changed();
        let word = if changed.contains(&"tainted") {
            "tainted"
        } else {
            "untainted"
        };
        Ok(format!("node/{node} {word}\n"))
    }

    /// The taint manager: pods on `idx` that do not tolerate a NoExecute taint are evicted.
    fn evict_untolerating(&mut self, idx: usize) {
        let name = self.nodes[idx].name.clone();
        let victims: Vec<(crate::sim::store::PodId, String, String)> = self
            .store
            .pods
            .values()
            .filter(|p| {
                p.spec.node_name.as_deref() == Some(name.as_str()) && p.meta.deletion_ms.is_none()
            })
            .filter(|p| {
                self.nodes[idx].taints.iter().any(|t| {
                    t.effect == crate::input::model::TaintEffect::NoExecute
                        && !p.spec.tolerations.iter().any(|tol| tol.tolerates(t))
                })
            })
            .map(|p| (p.id, p.meta.namespace.clone(), p.meta.name.clone()))
            .collect();
        for (id, ns, pod) in victims {
            self.emit(
                crate::sim::events::EventType::Normal,
                "TaintManagerEviction",
                format!("pod/{pod}"),
                &ns,
                format!("Marking for deletion Pod {ns}/{pod}"),
                "taint-eviction-controller",
            );
            self.delete_pod_gracefully(id, None);
        }
    }

    /// `kubectl drain`: cordon, then evict every pod on the node (its controller recreates it
    /// elsewhere). Pods without a controller are refused unless `--force`.
    fn kubectl_drain(&mut self, a: &Args) -> Result<String, CommandError> {
        let grace_ms = match a.flag("grace-period") {
            Some(g) => Some(
                g.parse::<i64>()
                    .map_err(|_| {
                        CommandError::new(format!(
                            "error: invalid argument \"{g}\" for \"--grace-period\" flag"
                        ))
                    })?
                    .max(0) as u64
                    * 1000,
            ),
            None => None,
        };
        let mut out = String::new();
        for name in self.node_names_arg(a)? {
            let pods: Vec<(crate::sim::store::PodId, String, String, bool)> = self
                .store
                .pods
                .values()
                .filter(|p| {
                    p.spec.node_name.as_deref() == Some(name.as_str())
                        && p.meta.deletion_ms.is_none()
                })
                .map(|p| {
                    (
                        p.id,
                        p.meta.namespace.clone(),
                        p.meta.name.clone(),
                        p.meta.owner.is_some(),
                    )
                })
                .collect();
            let bare: Vec<String> = pods
                .iter()
                .filter(|p| !p.3)
                .map(|p| format!("{}/{}", p.1, p.2))
                .collect();
            if !bare.is_empty() && !a.has("force") {
                let changed = self.set_unschedulable(&name, true);
                out.push_str(&format!(
                    "node/{name} {}\n",
                    if changed {
                        "cordoned"
                    } else {
                        "already cordoned"
                    }
                ));
                return err(format!(
                    "{out}error: unable to drain node \"{name}\" due to error: cannot delete Pods declare no controller (use --force to override): {}, continuing command...\nThere are pending nodes to be drained:\n {name}",
                    bare.join(", ")
                ));
            }
            let changed = self.set_unschedulable(&name, true);
            out.push_str(&format!(
                "node/{name} {}\n",
                if changed {
                    "cordoned"
                } else {
                    "already cordoned"
                }
            ));
            if !bare.is_empty() {
                out.push_str(&format!(
                    "Warning: deleting Pods that declare no controller: {}\n",
                    bare.join(", ")
                ));
            }
            for (id, ns, pod, _) in &pods {
                out.push_str(&format!("evicting pod {ns}/{pod}\n"));
                self.emit(
                    crate::sim::events::EventType::Normal,
                    "Evicted",
                    format!("pod/{pod}"),
                    ns,
                    "Eviction API: evicting".into(),
                    "disruption-controller",
                );
                self.delete_pod_gracefully(*id, grace_ms);
            }
            for (_, _, pod, _) in &pods {
                out.push_str(&format!("pod/{pod} evicted\n"));
            }
            out.push_str(&format!("node/{name} drained\n"));
        }
        Ok(out)
    }

    fn deployment_arg(&self, a: &Args, words: &[String]) -> Result<(String, String), CommandError> {
        let ns = a.namespace();
        let (res, names) = type_and_names(words)?;
        if res != Resource::Deployments {
            return err(format!(
                "error: no rollout support for {}: only deployments are simulated",
                res.plural()
            ));
        }
        let Some(name) = names.first() else {
            return err("error: required resource not specified");
        };
        if !self
            .store
            .deployments
            .contains_key(&(ns.clone(), name.clone()))
        {
            return err(format!(
                "Error from server (NotFound): deployments.apps \"{name}\" not found"
            ));
        }
        Ok((ns, name.clone()))
    }

    /// `kubectl set image deployment/NAME CONTAINER=IMAGE…`
    fn kubectl_set(&mut self, a: &Args) -> Result<String, CommandError> {
        match a.positional.first().map(String::as_str) {
            Some("image") => {}
            Some(other) => return err(format!("error: unknown command \"{other}\" for \"kubectl set\" (Sunaba simulates set image)")),
            None => return err("error: usage: kubectl set image deployment/NAME CONTAINER=IMAGE"),
        }
        let words: Vec<String> = a.positional[1..]
            .iter()
            .filter(|w| !w.contains('='))
            .cloned()
            .collect();
        let pairs: Vec<(String, String)> = a.positional[1..]
            .iter()
            .filter_map(|w| {
                w.split_once('=')
                    .map(|(c, i)| (c.to_string(), i.to_string()))
            })
            .collect();
        if pairs.is_empty() {
            return err("error: at least one image update is required");
        }
        let key = self.deployment_arg(a, &words)?;
        let d = self.store.deployments.get_mut(&key).expect("checked");
        for (c, image) in &pairs {
            if image.is_empty() || image.contains(char::is_whitespace) {
                return err(format!("error: invalid image name \"{image}\""));
            }
            let containers = &mut d.spec.template.spec.containers;
            if c == "*" {
                for k in containers.iter_mut() {
                    k.image = image.clone();
                    k.image_pull_policy = crate::input::definitions::default_pull_policy(image);
                }
            } else {
                let Some(k) = containers.iter_mut().find(|k| &k.name == c) else {
                    return err(format!("error: unable to find container named \"{c}\""));
                };
                k.image = image.clone();
                k.image_pull_policy = crate::input::definitions::default_pull_policy(image);
            }
        }
        d.meta.generation += 1;
        self.dirty_deployments.insert(key.clone());
        Ok(format!("deployment.apps/{} image updated\n", key.1))
    }

    fn kubectl_rollout(&mut self, a: &Args) -> Result<String, CommandError> {
        let Some(sub) = a.positional.first().cloned() else {
            return err(format!(
                "error: usage: kubectl rollout {} deployment/NAME",
                grammar::children(&["kubectl", "rollout"]).join("|")
            ));
        };
        let key = self.deployment_arg(a, &a.positional[1..])?;
        let name = key.1.clone();
        match sub.as_str() {
            "status" => {
                let watch = a.flag("watch") != Some("false");
                let timeout_ms = match a.flag("timeout") {
                    Some(t) => crate::base::clock::parse_duration(t)
                        .map_err(|e| CommandError::new(format!("error: {e}")))?,
                    None => crate::base::clock::MAX_WAIT_MS,
                };
                let start = self.now_ms;
                let mut out = String::new();
                let mut last = String::new();
                loop {
                    let d = &self.store.deployments[&key];
                    if d.status.progress_deadline_exceeded {
                        return err(format!(
                            "{out}error: deployment \"{name}\" exceeded its progress deadline"
                        ));
                    }
                    let s = &d.status;
                    let want = d.spec.replicas;
                    let line = if s.updated_replicas < want {
                        format!("Waiting for deployment \"{name}\" rollout to finish: {} out of {want} new replicas have been updated...\n", s.updated_replicas)
                    } else if s.replicas > s.updated_replicas {
                        format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...\n", s.replicas - s.updated_replicas)
                    } else if s.available_replicas < s.updated_replicas {
                        format!("Waiting for deployment \"{name}\" rollout to finish: {} of {} updated replicas are available...\n", s.available_replicas, s.updated_replicas)
                    } else {
                        out.push_str(&format!("deployment \"{name}\" successfully rolled out\n"));
                        return Ok(out);
                    };
                    if line != last {
                        out.push_str(&line);
                        last = line;
                    }
                    if !watch {
                        return Ok(out);
                    }
                    if self.now_ms - start >= timeout_ms {
                        return err(format!("{out}error: timed out waiting for the condition"));
                    }
                    // Waiting is virtual time passing, like `sim wait`, one second at a time.
                    self.advance_by(1000);
                }
            }
            "history" => {
                let uid = self.store.deployments[&key].meta.uid.clone();
                let mut revs: Vec<(u64, String)> = self
                    .store
                    .replicasets
                    .values()
                    .filter(|rs| rs.meta.owner.as_ref().is_some_and(|o| o.uid == uid))
                    .map(|rs| {
                        (
                            rs.revision,
                            rs.template
                                .annotations
                                .get("kubernetes.io/change-cause")
                                .cloned()
                                .unwrap_or_else(|| "<none>".into()),
                        )
                    })
                    .collect();
                crate::base::sort::sort(&mut revs);
                let rows: Vec<Vec<String>> = revs
                    .into_iter()
                    .map(|(r, c)| vec![r.to_string(), c])
                    .collect();
                Ok(format!(
                    "deployment.apps/{name}\n{}",
                    printers::table_padded(&["REVISION", "CHANGE-CAUSE"], &rows, 2)
                ))
            }
            "undo" => {
                let uid = self.store.deployments[&key].meta.uid.clone();
                let mut rss: Vec<(u64, crate::input::model::PodTemplate)> = self
                    .store
                    .replicasets
                    .values()
                    .filter(|rs| rs.meta.owner.as_ref().is_some_and(|o| o.uid == uid))
                    .map(|rs| (rs.revision, rs.template.clone()))
                    .collect();
                crate::base::sort::sort_by_key(&mut rss, |(r, _)| std::cmp::Reverse(*r));
                let target = match a.flag("to-revision") {
                    Some(r) => {
                        let r: u64 = r.parse().map_err(|_| {
                            CommandError::new(format!(
                                "error: invalid argument \"{r}\" for \"--to-revision\" flag"
                            ))
                        })?;
                        rss.iter()
                            .find(|(rev, _)| *rev == r)
                            .ok_or_else(|| {
                                CommandError::new(format!(
                                    "error: unable to find specified revision {r} in history"
                                ))
                            })?
                            .1
                            .clone()
                    }
                    None => rss
                        .get(1)
                        .ok_or_else(|| {
                            CommandError::new(
                                "error: no rollout history found for deployment \"".to_string()
                                    + &name
                                    + "\"",
                            )
                        })?
                        .1
                        .clone(),
                };
                let mut template = target;
                template.labels.remove("pod-template-hash");
                let d = self.store.deployments.get_mut(&key).expect("checked");
                if d.spec.template == template {
                    return Ok(format!("deployment.apps/{name} skipped rollback (current template already matches revision)\n"));
                }
                d.spec.template = template;
                d.meta.generation += 1;
                self.dirty_deployments.insert(key.clone());
                Ok(format!("deployment.apps/{name} rolled back\n"))
            }
            "restart" => {
                let stamp = crate::base::clock::rfc3339(self.now_ms);
                let d = self.store.deployments.get_mut(&key).expect("checked");
                d.spec
                    .template
                    .annotations
                    .insert("kubectl.kubernetes.io/restartedAt".into(), stamp);
                d.meta.generation += 1;
                self.dirty_deployments.insert(key.clone());
                Ok(format!("deployment.apps/{name} restarted\n"))
            }
            other => err(format!(
                "error: unknown command \"{other}\" for \"kubectl rollout\""
            )),
        }
    }

    // ------------------------------------------------------------------ sim verbs

    fn run_sim(&mut self, t: &[String]) -> Result<String, CommandError> {
        let Some(verb) = t.first() else {
            return err(format!(
                "error: sim needs a verb: {}",
                grammar::children(&["sim"]).join(", ")
            ));
        };
        let path = ["sim", verb.as_str()];
        if !grammar::exists(&path) {
            return err(format!("error: unknown command \"{verb}\" for \"sim\""));
        }
        let rest = &t[1..];
        let cmd = format!("sim {verb}");
        match verb.as_str() {
            "nodes" => {
                let a = parse_args(rest, &path, &cmd)?;
                let n: usize = a
                    .positional
                    .first()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| {
                        CommandError::new("error: usage: sim nodes N [--cpu 2] [--memory 4Gi]")
                    })?;
                if n > crate::sim::world::MAX_NODES {
                    return err(format!(
                        "error: at most {} nodes",
                        crate::sim::world::MAX_NODES
                    ));
                }
                let shape = node_shape(&a)?;
                self.set_nodes(n, &shape);
                Ok(format!(
                    "cluster has {n} node{} ({} CPU, {} memory each)\n",
                    if n == 1 { "" } else { "s" },
                    crate::lang::describe::cpu_text(shape.cpu_milli),
                    crate::input::quantity::format_bytes_binary(shape.memory_bytes)
                ))
            }
            "add-node" => {
                let a = parse_args(rest, &path, &cmd)?;
                if self.node_index.len() >= crate::sim::world::MAX_NODES {
                    return err(format!(
                        "error: at most {} nodes",
                        crate::sim::world::MAX_NODES
                    ));
                }
                let shape = node_shape(&a)?;
                let name = match a.positional.first() {
                    Some(n) => {
                        if self.node_index.contains_key(n) {
                            return err(format!(
                                "Error from server (AlreadyExists): nodes \"{n}\" already exists"
                            ));
                        }
                        if !is_dns_label(n) {
                            return err(format!("error: invalid node name \"{n}\": must be lowercase letters, digits and '-'"));
                        }
                        n.clone()
                    }
                    None => {
                        let mut i = self.node_index.len() + 1;
                        while self.node_index.contains_key(&format!("node-{i}")) {
                            i += 1;
                        }
                        format!("node-{i}")
                    }
                };
                self.add_node(name.clone(), &shape);
                Ok(format!("node/{name} added\n"))
            }
            "remove-node" => {
                let a = parse_args(rest, &path, &cmd)?;
                let name = self.node_arg(&a)?;
                self.remove_node(&name);
                Ok(format!("node/{name} removed\n"))
            }
            "why" => {
                let a = parse_args(rest, &path, &cmd)?;
                match a.flag("cluster") {
                    // An ECS cluster's services (an ECS environment).
                    Some(c)
                        if c == crate::ecs::DEFAULT_CLUSTER
                            || self.ecs.clusters.contains_key(c) =>
                    {
                        Ok(self.why_text(&crate::ecs::task_namespace(c)))
                    }
                    Some(c) => Err(CommandError::new(format!(
                        "error: no ECS cluster \"{c}\" in this context (aws ecs list-clusters)"
                    ))),
                    None => Ok(self.why_text(&a.namespace())),
                }
            }
            "traffic" => {
                let a = parse_args(rest, &path, &cmd)?;
                if a.positional.is_empty() {
                    return Ok(self.traffic_report());
                }
                let ns = a.namespace();
                let name = a.positional[0]
                    .strip_prefix("service/")
                    .or_else(|| a.positional[0].strip_prefix("svc/"))
                    .unwrap_or(&a.positional[0])
                    .to_string();
                let rate: u32 = a
                    .positional
                    .get(1)
                    .and_then(|r| r.trim_end_matches("/s").parse().ok())
                    .filter(|r| *r <= crate::sim::traffic::MAX_RATE)
                    .ok_or_else(|| CommandError::new(format!("error: usage: sim traffic SERVICE RATE (requests per second, 0 to stop, at most {})", crate::sim::traffic::MAX_RATE)))?;
                let key = (ns.clone(), name.clone());
                if !self.store.services.contains_key(&key) {
                    return err(format!(
                        "Error from server (NotFound): services \"{name}\" not found"
                    ));
                }
                self.set_traffic(key, rate);
                Ok(if rate == 0 {
                    format!("traffic to service/{name} stopped\n")
                } else {
                    format!("sending {rate} requests/s to service/{name}\n")
                })
            }
            "compress" => {
                let a = parse_args(rest, &path, &cmd)?;
                let n: u32 = a
                    .positional
                    .first()
                    .and_then(|s| {
                        s.trim_start_matches('x')
                            .trim_start_matches('×')
                            .parse()
                            .ok()
                    })
                    .filter(|n| (1..=60).contains(n))
                    .ok_or_else(|| {
                        CommandError::new(
                            "error: usage: sim compress N (1 = real Kubernetes timings, up to 60)",
                        )
                    })?;
                self.compression = n;
                let div = |ms: u64| crate::base::clock::go_duration(ms / u64::from(n));
                Ok(if n == 1 {
                    "timings are Kubernetes' real ones: back-off 10s…5m, node grace 50s, eviction after 5m\n".to_string()
                } else {
                    format!(
                        "timings compressed ×{n} (not Kubernetes' real ones): back-off {}…{}, node grace {}, eviction after {}\n",
                        div(crate::sim::kubelet::BACK_OFF_INITIAL_MS),
                        div(crate::sim::kubelet::BACK_OFF_MAX_MS),
                        div(crate::sim::kubelet::NODE_MONITOR_GRACE_MS),
                        div(crate::sim::kubelet::EVICTION_TOLERATION_MS)
                    )
                })
            }
            "seed" => {
                let a = parse_args(rest, &path, &cmd)?;
                let seed: u64 = a
                    .positional
                    .first()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| {
                        CommandError::new("error: usage: sim seed N (a non-negative integer)")
                    })?;
                self.seed = seed;
                self.rng = crate::base::rng::SimRng::new(seed);
                Ok(format!("seed set to {seed}\n"))
            }
            "wait" => {
                let a = parse_args(rest, &path, &cmd)?;
                let d = a.positional.first().ok_or_else(|| {
                    CommandError::new("error: usage: sim wait DURATION (500ms, 30s, 2m, 1h)")
                })?;
                let ms = crate::base::clock::parse_duration(d)
                    .map_err(|e| CommandError::new(format!("error: {e}")))?;
                if ms > crate::base::clock::MAX_WAIT_MS {
                    return err("error: sim wait accepts at most 30 days at once");
                }
                self.advance_by(ms);
                Ok(format!(
                    "t={}\n",
                    crate::base::clock::human_duration(self.now_ms)
                ))
            }
            "side-by-side" => {
                let a = parse_args(rest, &path, &cmd)?;
                let target = a.positional.first().ok_or_else(|| {
                    CommandError::new(
                        "error: usage: sim side-by-side deployment/NAME [-n NAMESPACE]",
                    )
                })?;
                let name = target
                    .strip_prefix("deployment/")
                    .or_else(|| target.strip_prefix("deployments/"))
                    .or_else(|| target.strip_prefix("deploy/"))
                    .unwrap_or(target);
                self.run_side_by_side(&a.namespace(), name)
            }
            "kill" | "crash" => {
                let a = parse_args(rest, &path, &cmd)?;
                let ns = a.namespace();
                // ECS: `task/ID` or `--service NAME` (its oldest running task).
                let ecs_task = match (a.positional.first(), a.flag("service")) {
                    (Some(t), _) if t.starts_with("task/") => {
                        let tid = t.trim_start_matches("task/");
                        let tid = tid.rsplit('/').next().unwrap_or(tid);
                        Some(
                            self.ecs
                                .tasks
                                .get(tid)
                                .filter(|t| !t.desired_stopped)
                                .map(|t| t.pod)
                                .ok_or_else(|| {
                                    CommandError::new(format!(
                                        "error: no running ECS task {tid} (see aws ecs list-tasks)"
                                    ))
                                })?,
                        )
                    }
                    (None, Some(svc)) => {
                        // `NAME` in the default cluster, or `CLUSTER/NAME`.
                        let key = if svc.contains('/') {
                            svc.to_string()
                        } else {
                            crate::ecs::service_id(crate::ecs::DEFAULT_CLUSTER, svc)
                        };
                        let mut tasks: Vec<&crate::ecs::task::EcsTask> = self
                            .ecs
                            .tasks
                            .values()
                            .filter(|t| {
                                t.service.as_ref() == Some(&key)
                                    && !t.desired_stopped
                                    && t.started_ms.is_some()
                            })
                            .collect();
                        crate::base::sort::sort_by_key(&mut tasks, |t| t.seq);
                        Some(tasks.first().map(|t| t.pod).ok_or_else(|| {
                            CommandError::new(format!(
                                "error: ECS service {svc} has no running task"
                            ))
                        })?)
                    }
                    _ => None,
                };
                let id = match (a.positional.first(), a.flag("selector")) {
                    _ if ecs_task.is_some() => ecs_task.unwrap_or_default(),
                    (Some(name), _) => {
                        let name = name.strip_prefix("pod/").unwrap_or(name);
                        *self
                            .store
                            .pod_names
                            .get(&(ns.clone(), name.to_string()))
                            .ok_or_else(|| {
                                CommandError::new(format!(
                                    "Error from server (NotFound): pods \"{name}\" not found"
                                ))
                            })?
                    }
                    (None, Some(s)) => {
                        let sel = Some(parse_selector(s)?);
                        let mut running: Vec<(&String, u64)> = self
                            .store
                            .pods
                            .values()
                            .filter(|p| {
                                p.meta.namespace == ns
                                    && p.meta.deletion_ms.is_none()
                                    && matches(&sel, &p.meta.labels)
                                    && p.status.containers.iter().any(|c| c.alive)
                            })
                            .map(|p| (&p.meta.name, p.id))
                            .collect();
                        crate::base::sort::sort(&mut running);
                        running.first().map(|(_, id)| *id).ok_or_else(|| {
                            CommandError::new(format!("error: no running pod matches -l {s}"))
                        })?
                    }
                    (None, None) => {
                        return err(format!(
                            "error: usage: {cmd} POD | -l SELECTOR | task/ECS_TASK_ID | --service ECS_SERVICE [-c CONTAINER]"
                        ))
                    }
                };
                let pod = &self.store.pods[&id];
                let pname = pod.meta.name.clone();
                let idx = match a.flag("container") {
                    Some(c) => pod
                        .spec
                        .containers
                        .iter()
                        .position(|k| k.name == c)
                        .ok_or_else(|| {
                            CommandError::new(format!(
                                "error: container {c} is not valid for pod {pname}"
                            ))
                        })?,
                    // The first running app container (then any running one).
                    None => {
                        let main = pod.spec.main_container();
                        let alive =
                            |i: &usize| pod.status.containers.get(*i).is_some_and(|c| c.alive);
                        (main..pod.status.containers.len())
                            .find(alive)
                            .or_else(|| (0..main).find(alive))
                            .unwrap_or(main)
                    }
                };
                let cname = pod.spec.containers[idx].name.clone();
                let code: i32 = if verb == "kill" {
                    if a.has("exit-code") {
                        return err("error: unknown flag: --exit-code\nSee 'sim kill --help' for usage. (sim crash takes --exit-code)");
                    }
                    137
                } else {
                    let c = a.flag("exit-code").unwrap_or("1");
                    c.parse::<i32>()
                        .ok()
                        .filter(|c| (0..=255).contains(c))
                        .ok_or_else(|| {
                            CommandError::new(format!(
                                "error: invalid exit code \"{c}\": use 0..255"
                            ))
                        })?
                };
                self.kubelet_kill(id, idx, code)
                    .map_err(|e| CommandError::new(format!("error: {e}")))?;
                let what = if ecs_task.is_some() {
                    format!("task/{pname}")
                } else {
                    format!("pod/{pname}")
                };
                Ok(if verb == "kill" {
                    format!("container {cname} in {what} killed (SIGKILL, exit code 137)\n")
                } else {
                    format!("container {cname} in {what} exited with code {code}\n")
                })
            }
            "fail-node" | "restore-node" => {
                let a = parse_args(rest, &path, &cmd)?;
                let name = self.node_arg(&a)?;
                let idx = self.node_index[&name];
                if verb == "fail-node" {
                    if !self.agents[idx].up {
                        return err(format!("error: node {name} has already failed"));
                    }
                    self.fail_node(idx);
                    Ok(format!(
                        "node/{name} failed: its kubelet and containers stopped\n"
                    ))
                } else {
                    if self.agents[idx].up {
                        return err(format!("error: node {name} is not failed"));
                    }
                    self.restore_node(idx);
                    Ok(format!("node/{name} restored\n"))
                }
            }
            other => err(format!("error: unknown command \"{other}\" for \"sim\"")),
        }
    }

    fn node_arg(&self, a: &Args) -> Result<String, CommandError> {
        let name = a
            .positional
            .first()
            .ok_or_else(|| CommandError::new("error: a node name is required"))?;
        let name = name.strip_prefix("node/").unwrap_or(name).to_string();
        if !self.node_index.contains_key(&name) {
            return err(format!(
                "Error from server (NotFound): nodes \"{name}\" not found"
            ));
        }
        Ok(name)
    }

    fn nodes_table(&self, idx: &[usize], wide: bool) -> String {
        let now = self.now_ms;
        let mut header = vec!["NAME", "STATUS", "ROLES", "AGE", "VERSION"];
        if wide {
            header.extend([
                "INTERNAL-IP",
                "EXTERNAL-IP",
                "OS-IMAGE",
                "KERNEL-VERSION",
                "CONTAINER-RUNTIME",
            ]);
        }
        let rows: Vec<Vec<String>> = idx
            .iter()
            .map(|&i| {
                let mut r = vec![
                    self.nodes[i].name.clone(),
                    self.node_status_text(i),
                    "<none>".into(),
                    crate::base::clock::human_duration(now - self.agents[i].created_ms),
                    "v1.31.0".into(),
                ];
                if wide {
                    r.extend([
                        self.agents[i].ip.clone(),
                        "<none>".into(),
                        "Debian GNU/Linux 12 (bookworm)".into(),
                        "6.1.0-28-amd64".into(),
                        "containerd://1.7.22".into(),
                    ]);
                }
                r
            })
            .collect();
        printers::table(&header, &rows)
    }

    fn node_json(&self, i: usize) -> serde_json::Value {
        let n = &self.nodes[i];
        let a = &self.agents[i];
        serde_json::json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": { "name": n.name, "labels": n.labels, "creationTimestamp": crate::base::clock::rfc3339(a.created_ms) },
            "spec": { "unschedulable": n.unschedulable },
            "status": {
                "capacity": { "cpu": crate::lang::describe::cpu_text(n.cpu_allocatable_milli), "memory": crate::input::quantity::format_bytes_binary(n.memory_allocatable_bytes), "pods": n.pods_allocatable.to_string() },
                "allocatable": { "cpu": crate::lang::describe::cpu_text(n.cpu_allocatable_milli), "memory": crate::input::quantity::format_bytes_binary(n.memory_allocatable_bytes), "pods": n.pods_allocatable.to_string() },
                "conditions": [{ "type": "Ready", "status": if a.ready { "True" } else { "Unknown" } }],
                "addresses": [{ "type": "InternalIP", "address": a.ip }, { "type": "Hostname", "address": n.name }],
                "nodeInfo": { "kubeletVersion": "v1.31.0", "containerRuntimeVersion": "containerd://1.7.22" }
            }
        })
    }
}

use crate::sim::store::ContainerState as ContainerStateRef;

fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

pub(crate) fn node_shape(a: &Args) -> Result<NodeShape, CommandError> {
    let mut shape = NodeShape::default();
    if let Some(c) = a.flag("cpu") {
        let q = crate::input::quantity::parse_cpu(c)
            .map_err(|e| CommandError::new(format!("error: --cpu {c}: {e}")))?;
        if q.value == 0 || q.value > 1_000_000 {
            return err("error: --cpu must be between 1m and 1000");
        }
        shape.cpu_milli = q.value;
    }
    if let Some(m) = a.flag("memory") {
        let q = crate::input::quantity::parse_memory(m)
            .map_err(|e| CommandError::new(format!("error: --memory {m}: {e}")))?;
        if q.value == 0 || q.value > (1u64 << 50) {
            return err("error: --memory must be between 1 byte and 1Pi");
        }
        shape.memory_bytes = q.value;
    }
    if let Some(z) = a.flag("zone") {
        shape.zone = Some(z.to_string());
    }
    Ok(shape)
}

fn events_table(
    items: &[&crate::sim::events::EventRecord],
    now: crate::input::model::Millis,
    all_ns: bool,
) -> String {
    let mut header = vec!["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
    if all_ns {
        header.insert(0, "NAMESPACE");
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|r| {
            let mut row = vec![
                crate::base::clock::human_duration(now - r.last_ms),
                r.type_.as_str().into(),
                r.reason.clone(),
                r.object.clone(),
                r.message.clone(),
            ];
            if all_ns {
                row.insert(0, r.namespace.clone());
            }
            row
        })
        .collect();
    printers::table(&header, &rows)
}

fn event_json(r: &crate::sim::events::EventRecord) -> serde_json::Value {
    let (kind, name) = r.object.split_once('/').unwrap_or(("", &r.object));
    serde_json::json!({
        "apiVersion": "v1", "kind": "Event",
        "metadata": { "namespace": r.namespace },
        "involvedObject": { "kind": capitalize_kind(kind), "name": name, "namespace": r.namespace },
        "reason": r.reason, "message": r.message, "type": r.type_.as_str(), "count": r.count,
        "firstTimestamp": crate::base::clock::rfc3339(r.first_ms), "lastTimestamp": crate::base::clock::rfc3339(r.last_ms),
        "source": { "component": r.source },
    })
}

fn capitalize_kind(k: &str) -> &'static str {
    match k {
        "pod" => "Pod",
        "deployment" => "Deployment",
        "replicaset" => "ReplicaSet",
        "node" => "Node",
        "service" => "Service",
        _ => "Object",
    }
}

fn services_table(
    items: &[&crate::sim::store::Service],
    now: crate::input::model::Millis,
    all_ns: bool,
    wide: bool,
) -> String {
    let mut header = vec![
        "NAME",
        "TYPE",
        "CLUSTER-IP",
        "EXTERNAL-IP",
        "PORT(S)",
        "AGE",
    ];
    if all_ns {
        header.insert(0, "NAMESPACE");
    }
    if wide {
        header.push("SELECTOR");
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|s| {
            let ports = s
                .spec
                .ports
                .iter()
                .map(|p| format!("{}/{}", p.port, p.protocol))
                .collect::<Vec<_>>()
                .join(",");
            let external = if s.spec.type_ == "LoadBalancer" {
                "<pending>"
            } else {
                "<none>"
            };
            let mut r = vec![
                s.meta.name.clone(),
                s.spec.type_.clone(),
                s.cluster_ip.clone(),
                external.into(),
                if ports.is_empty() {
                    "<none>".into()
                } else {
                    ports
                },
                crate::base::clock::human_duration(now - s.meta.creation_ms),
            ];
            if all_ns {
                r.insert(0, s.meta.namespace.clone());
            }
            if wide {
                let selector: Vec<String> = s
                    .spec
                    .selector
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                r.push(if selector.is_empty() {
                    "<none>".into()
                } else {
                    selector.join(",")
                });
            }
            r
        })
        .collect();
    printers::table(&header, &rows)
}

fn service_json(s: &crate::sim::store::Service) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": printers::meta_json(&s.meta, true),
        "spec": {
            "type": s.spec.type_, "clusterIP": s.cluster_ip, "clusterIPs": [s.cluster_ip],
            "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
            "selector": s.spec.selector, "sessionAffinity": "None",
            "ports": s.spec.ports.iter().map(|p| serde_json::json!({"port": p.port, "targetPort": p.target_port, "protocol": p.protocol})).collect::<Vec<_>>(),
        },
        "status": { "loadBalancer": {} }
    })
}
