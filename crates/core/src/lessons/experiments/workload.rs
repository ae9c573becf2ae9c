//! The workload of a Kubernetes experiment ([`Workload`]: the document, its pod spec and
//! container, with the Namespace, ConfigMaps, Secrets and Services of the same file) and what
//! an experiment puts around it (a namespace, a Service to send traffic through).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::document::{is_demo_app, repository, selector_arg, serving_port, str_at};
use crate::input::model::Millis;

/// Everything a Kubernetes experiment needs to know about the workload.
pub(super) struct Workload {
    pub(super) doc: Value,
    /// ConfigMaps, Secrets, Services and Namespaces of the same file (the workload may need them).
    pub(super) supporting: Vec<Value>,
    pub(super) pod_kind: bool,
    pub(super) name: String,
    pub(super) namespace: String,
    pub(super) labels: BTreeMap<String, String>,
    /// JSON pointer of the pod spec and of the container.
    pub(super) pod_spec: String,
    pub(super) container: String,
}

impl Workload {
    pub(super) fn container(&self) -> &Value {
        self.doc.pointer(&self.container).unwrap_or(&Value::Null)
    }

    pub(super) fn container_mut(&mut self) -> Option<&mut Value> {
        self.doc.pointer_mut(&self.container)
    }

    pub(super) fn image(&self) -> String {
        self.container()
            .get("image")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    }

    pub(super) fn replicas(&self) -> u64 {
        self.doc
            .pointer("/spec/replicas")
            .and_then(Value::as_u64)
            .unwrap_or(1)
    }

    pub(super) fn grace_ms(&self) -> Millis {
        self.doc
            .pointer(&format!("{}/terminationGracePeriodSeconds", self.pod_spec))
            .and_then(Value::as_u64)
            .unwrap_or(30)
            .min(86_400)
            * 1000
    }

    pub(super) fn selector(&self) -> String {
        selector_arg(&self.labels)
    }

    pub(super) fn ns_flag(&self) -> String {
        if self.namespace == "default" {
            String::new()
        } else {
            format!(" -n {}", self.namespace)
        }
    }

    /// `deployment/web` or the pod's name.
    pub(super) fn object(&self) -> String {
        if self.pod_kind {
            format!("pod/{}", self.name)
        } else {
            format!("deployment/{}", self.name)
        }
    }

    /// A Service of the file that selects the workload's pods.
    fn existing_service(&self) -> Option<String> {
        self.supporting.iter().find_map(|d| {
            if d.get("kind").and_then(Value::as_str) != Some("Service") {
                return None;
            }
            let ns = str_at(d, "/metadata/namespace").unwrap_or("default");
            let selector = d.pointer("/spec/selector")?.as_object()?;
            let selects = !selector.is_empty()
                && ns == self.namespace
                && selector
                    .iter()
                    .all(|(k, v)| self.labels.get(k).map(String::as_str) == v.as_str());
            selects
                .then(|| str_at(d, "/metadata/name").map(str::to_owned))
                .flatten()
        })
    }
}

pub(super) fn workload(doc: Value, others: Vec<Value>, containers: &str, index: usize) -> Workload {
    let pod_kind = doc.get("kind").and_then(Value::as_str) == Some("Pod");
    let name = str_at(&doc, "/metadata/name").unwrap_or("app").to_owned();
    let namespace = str_at(&doc, "/metadata/namespace")
        .unwrap_or("default")
        .to_owned();
    let labels_at = if pod_kind {
        "/metadata/labels"
    } else {
        "/spec/template/metadata/labels"
    };
    let mut labels: BTreeMap<String, String> = doc
        .pointer(labels_at)
        .and_then(Value::as_object)
        .map(|m| {
            crate::base::sort::map_from(
                m.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))),
            )
        })
        .unwrap_or_default();
    let mut doc = doc;
    if labels.is_empty() && pod_kind {
        // A Service needs a label to select the pod by.
        labels.insert("show-me".into(), name.clone());
        if let Some(meta) = doc.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.insert("labels".into(), json!({"show-me": name}));
        }
    }
    let supporting = others
        .into_iter()
        .filter(|d| {
            matches!(
                d.get("kind").and_then(Value::as_str),
                Some("ConfigMap" | "Secret" | "Service" | "Namespace")
            )
        })
        .collect();
    Workload {
        doc,
        supporting,
        pod_kind,
        name,
        namespace,
        labels,
        pod_spec: containers
            .strip_suffix("/containers")
            .unwrap_or(containers)
            .to_owned(),
        container: format!("{containers}/{index}"),
    }
}

pub(super) fn yaml_documents(values: &[Value]) -> String {
    values
        .iter()
        .map(crate::input::yaml_out::to_yaml_kustomize)
        .collect::<Vec<_>>()
        .join("---\n")
}

/// What every traffic experiment puts around the workload: its namespace, a Service.
pub(super) struct Around {
    pub(super) extra: Vec<Value>,
    pub(super) service: Option<String>,
}

pub(super) fn around(w: &Workload, with_service: bool) -> Around {
    let mut extra = Vec::new();
    let declared_ns = w.supporting.iter().any(|d| {
        d.get("kind").and_then(Value::as_str) == Some("Namespace")
            && str_at(d, "/metadata/name") == Some(w.namespace.as_str())
    });
    if w.namespace != "default" && !declared_ns {
        extra.push(
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": w.namespace}}),
        );
    }
    let service = if with_service {
        match w.existing_service() {
            Some(s) => Some(s),
            None => {
                let port = serving_port(w.container());
                let mut svc = json!({
                    "apiVersion": "v1", "kind": "Service",
                    "metadata": {"name": w.name},
                    "spec": {"selector": w.labels, "ports": [{"port": 80, "targetPort": port}]}
                });
                if w.namespace != "default" {
                    svc["metadata"]["namespace"] = json!(w.namespace);
                }
                extra.push(svc);
                Some(w.name.clone())
            }
        }
    } else {
        None
    };
    Around { extra, service }
}

pub(super) fn probe_for(c: &Value) -> Value {
    let image = c.get("image").and_then(Value::as_str).unwrap_or("");
    let port = serving_port(c);
    let http = is_demo_app(image)
        || matches!(
            repository(image).rsplit('/').next(),
            Some("nginx" | "httpd" | "envoy")
        );
    if http {
        let path = if is_demo_app(image) { "/ready" } else { "/" };
        json!({"httpGet": {"path": path, "port": port}, "periodSeconds": 2})
    } else {
        json!({"tcpSocket": {"port": port}, "periodSeconds": 2})
    }
}
