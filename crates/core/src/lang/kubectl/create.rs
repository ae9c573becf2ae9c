//! The imperative object makers of the tutorials: `kubectl create deployment|namespace|
//! configmap|secret generic`, `kubectl run` and `kubectl expose`. Each writes the object kubectl
//! would send (as JSON), loads it with the manifest loader and stores it through
//! [`apply_object`], the path `kubectl apply` takes; an object that is already there is the API
//! server's AlreadyExists, as `create` never updates.

use super::apply::apply_object;
use super::{type_and_names, Resource};
use crate::base::command::{Args, CommandError};
use crate::input::definitions::{self, Severity};
use crate::input::files::FileSource;
use crate::lang::args::err;
use crate::world::World;
use serde_json::{json, Map, Value};

/// `kubectl create …`.
pub(super) fn kubectl_create(
    w: &mut World,
    a: &Args,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let pos: Vec<&str> = a.positional.iter().map(String::as_str).collect();
    match pos.as_slice() {
        [] => err("error: must specify one of -f and -k"),
        ["job", rest @ ..] => match super::create_batch::create_job(w, a, one_name(rest, "job")?)? {
            Ok(obj) => create_object(w, a, obj),
            Err(done) => Ok(done),
        },
        ["cronjob" | "cj", rest @ ..] => {
            let obj = super::create_batch::cronjob_object(a, one_name(rest, "cronjob")?)?;
            create_object(w, a, obj)
        }
        ["namespace" | "ns", rest @ ..] => {
            super::namespaces::kubectl_create_namespace(w, one_name(rest, "namespace")?)
        }
        ["deployment" | "deploy", rest @ ..] => create_deployment(w, a, one_name(rest, "deployment")?),
        ["configmap" | "cm", rest @ ..] => {
            let name = one_name(rest, "configmap")?;
            let data = sources(a, files, ("ConfigMap", name))?;
            let obj = json!({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": name}, "data": data});
            create_object(w, a, obj)
        }
        ["secret", "generic", rest @ ..] => {
            let name = one_name(rest, "secret generic")?;
            let data = sources(a, files, ("Secret", name))?;
            let obj = json!({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                "metadata": {"name": name}, "stringData": data});
            create_object(w, a, obj)
        }
        ["secret", ..] => err("error: only \"kubectl create secret generic NAME\" is simulated\nSee 'kubectl create secret -h' for help and examples"),
        [kind, ..] => err(format!("error: unknown command \"{kind}\" for \"kubectl create\" (Sunaba simulates create deployment, namespace, configmap, secret generic, job and cronjob; use kubectl apply -f for other objects)")),
    }
}

/// The single NAME after `create KIND`, or kubectl's error.
fn one_name<'a>(rest: &[&'a str], kind: &str) -> Result<&'a str, CommandError> {
    match rest {
        [name] => Ok(name),
        _ => err(format!("error: exactly one NAME is required, got {}\nSee 'kubectl create {kind} -h' for help and examples", rest.len())),
    }
}

fn required_image(a: &Args) -> Result<&str, CommandError> {
    a.flag("image")
        .ok_or_else(|| CommandError::new("error: required flag(s) \"image\" not set"))
}

/// `--port P` as a number, kubectl's error otherwise.
fn port_flag(a: &Args, flag: &str) -> Result<Option<u16>, CommandError> {
    a.flag(flag)
        .map(|p| {
            p.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
                CommandError::new(format!(
                    "error: invalid argument \"{p}\" for \"--{flag}\" flag: strconv.ParseInt: parsing \"{p}\": invalid syntax"
                ))
            })
        })
        .transpose()
}

/// The container name kubectl derives from an image: its last path segment without tag or
/// digest (`registry.k8s.io/echoserver:1.4` → `echoserver`).
fn container_name(image: &str) -> String {
    let last = image.rsplit('/').next().unwrap_or(image);
    let last = last.split('@').next().unwrap_or(last);
    last.split(':').next().unwrap_or(last).to_string()
}

fn create_deployment(w: &mut World, a: &Args, name: &str) -> Result<String, CommandError> {
    required_image(a)?;
    let images = a.list("image");
    let replicas = match a.flag("replicas") {
        None => 1,
        Some(r) => r.parse::<u32>().map_err(|_| CommandError::new(format!("error: invalid argument \"{r}\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"{r}\": invalid syntax")))?,
    };
    let command = a.after_dashes.as_ref().filter(|w| !w.is_empty());
    if images.len() > 1 && command.is_some() {
        return err("error: cannot specify multiple --image options and command");
    }
    let port = port_flag(a, "port")?;
    let mut containers = Vec::new();
    for image in images {
        let mut container = json!({"name": container_name(image), "image": image});
        if let Some(p) = port {
            container["ports"] = json!([{"containerPort": p}]);
        }
        if let Some(words) = command {
            container["command"] = json!(words);
        }
        containers.push(container);
    }
    let obj = json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "labels": {"app": name}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}},
                "spec": {"containers": containers}}}});
    create_object(w, a, obj)
}

/// `--from-literal K=V`, `--from-file [K=]PATH` (a folder: each file directly in it, by its
/// name) and `--from-env-file PATH` (lines of `K=V`), in the order given, as a config map's or
/// secret's data.
fn sources(
    a: &Args,
    files: &dyn FileSource,
    object: (&str, &str),
) -> Result<Map<String, Value>, CommandError> {
    let mut data = Map::new();
    let env_files = a.list("from-env-file");
    if !env_files.is_empty()
        && (!a.list("from-literal").is_empty() || !a.list("from-file").is_empty())
    {
        return err("error: from-env-file cannot be combined with from-file or from-literal");
    }
    for path in env_files {
        let text = files
            .read(path)
            .map_err(|e| CommandError::new(format!("error: {e}")))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                // kubectl would take the value from its own environment: there is none here.
                return err(format!(
                    "error: {path}:{}: {line:?} has no value: write it as KEY=VALUE",
                    n + 1
                ));
            };
            if !crate::input::definitions::valid_env_name(k) {
                return err(format!(
                    "error: \"{k}\" is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit"
                ));
            }
            insert_key(&mut data, object, k, v.to_string())?;
        }
    }
    for lit in a.list("from-literal") {
        let Some((k, v)) = lit.split_once('=').filter(|(k, _)| !k.is_empty()) else {
            return err(format!(
                "error: invalid literal source {lit}, expected key=value"
            ));
        };
        insert_key(&mut data, object, k, v.to_string())?;
    }
    for src in a.list("from-file") {
        let (key, path) = match src.split_once('=') {
            Some((k, p)) => (Some(k.to_string()), p),
            None => (None, src),
        };
        match files.read(path) {
            Ok(text) => {
                let key =
                    key.unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_string());
                insert_key(&mut data, object, &key, text)?;
            }
            Err(e) => {
                // A folder: every file directly in it, keyed by its name.
                let listed = files.list(path).ok().filter(|l| !l.is_empty());
                let Some(listed) = listed else {
                    return err(format!("error: {e}"));
                };
                if key.is_some() {
                    return err(format!(
                        "error: cannot give a key name for a directory path {path}"
                    ));
                }
                let dir = path.trim_end_matches('/');
                for name in listed.iter().filter(|n| !n.contains('/')) {
                    let text = files
                        .read(&format!("{dir}/{name}"))
                        .map_err(|e| CommandError::new(format!("error: {e}")))?;
                    insert_key(&mut data, object, name, text)?;
                }
            }
        }
    }
    Ok(data)
}

/// One key of the data, refused when given twice as kubectl refuses it.
fn insert_key(
    data: &mut Map<String, Value>,
    (kind, name): (&str, &str),
    key: &str,
    value: String,
) -> Result<(), CommandError> {
    if data.contains_key(key) {
        return err(format!(
            "error: cannot add key \"{key}\", another key by that name already exists in Data for {kind} \"{name}\""
        ));
    }
    data.insert(key.to_string(), Value::String(value));
    Ok(())
}

/// `kubectl run NAME --image=IMAGE …`: one pod labelled `run=NAME`.
pub(super) fn kubectl_run(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let name = match a.positional.as_slice() {
        [name] => name.as_str(),
        [] => return err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples"),
        _ => return err("error: exactly one NAME is required, got more\nSee 'kubectl run -h' for help and examples"),
    };
    let image = required_image(a)?;
    let labels = match a.flag("labels") {
        Some(l) => {
            let parsed = super::parse_selector(l)?;
            Value::Object(
                parsed
                    .into_iter()
                    .map(|(k, v)| (k, Value::String(v)))
                    .collect(),
            )
        }
        None => json!({"run": name}),
    };
    let mut container = json!({"name": name, "image": image});
    if let Some(p) = port_flag(a, "port")? {
        container["ports"] = json!([{"containerPort": p}]);
    }
    let mut env = Vec::new();
    for e in a.list("env") {
        let Some((k, v)) = e.split_once('=') else {
            return err(format!("error: invalid env: {e}"));
        };
        env.push(json!({"name": k, "value": v}));
    }
    if !env.is_empty() {
        container["env"] = Value::Array(env);
    }
    if let Some(words) = a.after_dashes.as_ref().filter(|w| !w.is_empty()) {
        let field = if a.has("command") { "command" } else { "args" };
        container[field] = json!(words);
    }
    let restart = a.flag("restart").unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return err(format!("error: invalid restart policy: {restart}"));
    }
    let obj = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "labels": labels},
        "spec": {"restartPolicy": restart, "containers": [container]}});
    create_object(w, a, obj)
}

/// `kubectl expose deployment|pod NAME --port P …`: a service selecting what the object
/// selects (a deployment's selector, a pod's labels).
pub(super) fn kubectl_expose(w: &mut World, a: &Args) -> Result<String, CommandError> {
    if a.positional.is_empty() {
        return err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--resource=rsrc.json'");
    }
    let (res, names) = type_and_names(&a.positional)?;
    let [name] = names.as_slice() else {
        return err("error: exactly one NAME is required for expose\nSee 'kubectl expose -h' for help and examples");
    };
    let ns = a.namespace();
    let key = (ns.clone(), name.clone());
    let (selector, ports) = match res {
        Resource::Deployments => {
            let Some(d) = w.k.store.deployments.get(&key) else {
                return err(format!(
                    "Error from server (NotFound): deployments.apps \"{name}\" not found"
                ));
            };
            (
                d.spec.selector.match_labels.clone(),
                container_ports(&d.spec.template.spec),
            )
        }
        Resource::Pods => {
            let Some(p) = w.k.store.pod_by_name(&ns, name) else {
                return err(format!(
                    "Error from server (NotFound): pods \"{name}\" not found"
                ));
            };
            (p.meta.labels.clone(), container_ports(&p.spec))
        }
        other => {
            return err(format!(
                "error: cannot expose a {}",
                other.singular().split('.').next().unwrap_or_default()
            ))
        }
    };
    if selector.is_empty() {
        return err(format!(
            "error: couldn't retrieve selectors via --selector flag or introspection: the {} has no labels",
            res.singular().split('.').next().unwrap_or_default()
        ));
    }
    let port = match port_flag(a, "port")? {
        Some(p) => p,
        None => match ports.first() {
            Some(p) => *p,
            None => {
                return err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples")
            }
        },
    };
    let target = port_flag(a, "target-port")?.unwrap_or(port);
    let svc_name = a.flag("name").unwrap_or(name);
    let type_ = a.flag("type").unwrap_or("ClusterIP");
    if !matches!(type_, "ClusterIP" | "NodePort" | "LoadBalancer") {
        return err(format!("The Service \"{svc_name}\" is invalid: spec.type: Unsupported value: \"{type_}\": supported values: \"ClusterIP\", \"LoadBalancer\", \"NodePort\" (Sunaba simulates these three)"));
    }
    let obj = json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": svc_name, "labels": selector},
        "spec": {"type": type_, "selector": selector,
            "ports": [{"port": port, "targetPort": target, "protocol": "TCP"}]}});
    let created = create_object(w, a, obj)?;
    Ok(created.replacen(" created\n", " exposed\n", 1))
}

fn container_ports(spec: &crate::input::model::PodSpec) -> Vec<u16> {
    spec.containers[spec.init_count..]
        .iter()
        .flat_map(|c| c.ports.iter().map(|p| p.container_port))
        .collect()
}

/// Loads the object kubectl would send and stores it in `-n`'s namespace unless one of its
/// kind and name is already there.
fn create_object(w: &mut World, a: &Args, obj: Value) -> Result<String, CommandError> {
    let text = serde_json::to_string_pretty(&obj).unwrap_or_default();
    let loaded = definitions::load("create", &text);
    let refused = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error || loaded.objects.is_empty());
    if let Some(d) = refused {
        // The API server's validation, in its words.
        let kind = obj["kind"].as_str().unwrap_or_default();
        let name = obj["metadata"]["name"].as_str().unwrap_or_default();
        return err(format!("The {kind} \"{name}\" is invalid: {}", d.message));
    }
    let Some(m) = loaded.objects.first().map(|o| &o.manifest) else {
        return err("error: no object to create");
    };
    let ns = a.namespace();
    w.controllers()
        .ensure_namespace(&ns)
        .map_err(CommandError::new)?;
    let name = m.meta().name.clone();
    let exists = super::create_batch::existing(w, &ns, m);
    if let Some(plural) = exists {
        return err(format!(
            "Error from server (AlreadyExists): {plural} \"{name}\" already exists"
        ));
    }
    let line = apply_object(w, &ns, m).map_err(CommandError::new)?;
    Ok(format!("{line}\n"))
}
