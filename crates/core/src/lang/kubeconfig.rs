//! `kubectl config view` and `kubectl config set-context`: the kubeconfig Sunaba keeps (one
//! cluster, user and context per cluster; credentials embedded, so kubectl shows them as
//! `DATA+OMITTED`), and the namespace a context gives commands without `-n`.

use serde_json::{json, Value};

use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::world::World;

/// The kubeconfig as kubectl holds it (its fields in `clientcmd/api/v1`'s order).
fn kubeconfig(w: &World, minify: bool) -> Value {
    let current = w.current_context().to_string();
    let contexts: Vec<(String, String)> = w
        .contexts()
        .into_iter()
        .filter(|(name, ..)| !minify || *name == current)
        .map(|(name, cluster, ..)| (name, cluster))
        .collect();
    let mut clusters: Vec<&str> = contexts.iter().map(|(_, c)| c.as_str()).collect();
    clusters.dedup();
    json!({
        "kind": "Config",
        "apiVersion": "v1",
        "preferences": {},
        "clusters": clusters.iter().map(|c| json!({
            "name": c,
            "cluster": {
                "server": crate::lang::kubectl::SERVER,
                "certificate-authority-data": "DATA+OMITTED",
            },
        })).collect::<Vec<_>>(),
        "users": contexts.iter().map(|(n, _)| json!({
            "name": n,
            "user": {
                "client-certificate-data": "DATA+OMITTED",
                "client-key-data": "DATA+OMITTED",
            },
        })).collect::<Vec<_>>(),
        "contexts": contexts.iter().map(|(n, c)| {
            let mut context = json!({ "cluster": c, "user": n });
            if let Some(ns) = w.context_namespace(n) {
                context["namespace"] = json!(ns);
            }
            json!({ "name": n, "context": context })
        }).collect::<Vec<_>>(),
        "current-context": current,
    })
}

/// `kubectl config view [--minify] [-o yaml|json|jsonpath=…]`.
pub(crate) fn config_view(w: &World, a: &Args) -> Result<String, CommandError> {
    let v = kubeconfig(w, a.has("minify"));
    match a.flag("output").unwrap_or("yaml") {
        "yaml" => Ok(crate::input::yaml_out::to_yaml(&crate::lang::printers::kubectl_ordered(&v))),
        "json" => Ok(struct_order_json(&v)),
        other => match crate::lang::jsonpath::output_template(other) {
            Some(template) => crate::lang::jsonpath::render(template, &v),
            None => err(format!(
                "error: unable to match a printer suitable for the output format \"{other}\", allowed formats are: json,jsonpath,jsonpath-as-json,jsonpath-file,yaml"
            )),
        },
    }
}

/// JSON in the order of the Go struct's fields, indented by four spaces as kubectl does.
fn struct_order_json(v: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    // Serialising a `Value` into memory cannot fail.
    let _ = serde::Serialize::serialize(v, &mut ser);
    let mut s = String::from_utf8(out).unwrap_or_default();
    s.push('\n');
    s
}

/// `kubectl config set-context (NAME | --current) --namespace=NS`.
pub(crate) fn set_context(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let name = match (a.has("current"), a.positional.as_slice()) {
        (true, []) => w.current_context().to_string(),
        (true, [_, ..]) => {
            return err("error: you cannot specify both a context name and --current")
        }
        (false, [n]) => n.clone(),
        (false, []) => {
            return err("error: you must specify a non-empty context name or --current")
        }
        (false, _) => {
            return err("error: Unexpected args: more than one context name\nSee 'kubectl config set-context -h' for help and examples")
        }
    };
    if let Some(ns) = a.flag("namespace") {
        if !w.set_context_namespace(&name, ns) {
            return err(format!(
                "error: no context exists with the name: \"{name}\" (Sunaba's kubeconfig holds one context per cluster; `sim cluster create` adds one)"
            ));
        }
    } else if w.context_namespace(&name).is_none() && w.context_cluster(&name).is_none() {
        return err(format!(
            "error: no context exists with the name: \"{name}\""
        ));
    }
    Ok(format!("Context \"{name}\" modified.\n"))
}
