//! The object model as the Kubernetes API writes it in JSON (field names, the fields left unset
//! omitted): what `kubectl get -o json|yaml` prints of a pod template, and what
//! `pod-template-hash` is computed over.

use serde_json::{json, Value};

fn resources_json(r: &crate::input::model::ResourceRequirements) -> Value {
    let list = |l: &crate::input::model::ResourceList| {
        let mut m = serde_json::Map::new();
        if let Some(c) = &l.cpu {
            m.insert("cpu".into(), json!(c.text));
        }
        if let Some(mem) = &l.memory {
            m.insert("memory".into(), json!(mem.text));
        }
        Value::Object(m)
    };
    let mut v = serde_json::Map::new();
    if !r.limits.is_empty() {
        v.insert("limits".into(), list(&r.limits));
    }
    if !r.requests.is_empty() {
        v.insert("requests".into(), list(&r.requests));
    }
    Value::Object(v)
}

pub fn pod_spec_json(spec: &crate::input::model::PodSpec) -> Value {
    let containers: Vec<Value> = spec
        .containers
        .iter()
        .map(|c| {
            let mut v = json!({ "name": c.name, "image": c.image, "imagePullPolicy": c.image_pull_policy.as_str(), "resources": resources_json(&c.resources) });
            if !c.command.is_empty() {
                v["command"] = json!(c.command);
            }
            if !c.args.is_empty() {
                v["args"] = json!(c.args);
            }
            if !c.env.is_empty() {
                v["env"] = json!(c.env.iter().map(|e| json!({"name": e.name, "value": e.value})).collect::<Vec<_>>());
            }
            for (key, probe) in [("livenessProbe", &c.liveness_probe), ("readinessProbe", &c.readiness_probe), ("startupProbe", &c.startup_probe)] {
                if let Some(p) = probe {
                    v[key] = probe_json(p);
                }
            }
            if let Some(h) = &c.pre_stop {
                use crate::input::model::PreStopHook;
                let hook = match h {
                    PreStopHook::Exec { command } => json!({"exec": {"command": command}}),
                    PreStopHook::HttpGet { path, port } => json!({"httpGet": {"path": path, "port": port.to_string()}}),
                    PreStopHook::Sleep { seconds } => json!({"sleep": {"seconds": seconds}}),
                };
                v["lifecycle"] = json!({ "preStop": hook });
            }
            if !c.ports.is_empty() {
                v["ports"] = json!(c.ports.iter().map(|p| json!({"containerPort": p.container_port, "protocol": p.protocol})).collect::<Vec<_>>());
            }
            v
        })
        .collect();
    let mut v = json!({
        "containers": containers,
        "restartPolicy": spec.restart_policy.as_str(),
        "terminationGracePeriodSeconds": spec.termination_grace_period_seconds,
        "schedulerName": "default-scheduler",
    });
    if let Some(n) = &spec.node_name {
        v["nodeName"] = json!(n);
    }
    if let Some(h) = &spec.hostname {
        v["hostname"] = json!(h);
    }
    if let Some(d) = &spec.subdomain {
        v["subdomain"] = json!(d);
    }
    if let Some(n) = &spec.affinity_node {
        v["affinity"] = json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [n]}]}]}}});
    }
    if !spec.node_selector.is_empty() {
        v["nodeSelector"] = json!(spec.node_selector);
    }
    if !spec.tolerations.is_empty() {
        v["tolerations"] = json!(spec
            .tolerations
            .iter()
            .map(|t| {
                let mut o = json!({ "operator": if t.exists { "Exists" } else { "Equal" } });
                if let Some(k) = &t.key {
                    o["key"] = json!(k);
                }
                if !t.value.is_empty() {
                    o["value"] = json!(t.value);
                }
                if let Some(e) = t.effect {
                    o["effect"] = json!(e.as_str());
                }
                o
            })
            .collect::<Vec<_>>());
    }
    v
}

fn probe_json(p: &crate::input::model::Probe) -> Value {
    use crate::input::model::{PortRef, ProbeHandler};
    let port = |p: &PortRef| match p {
        PortRef::Number(n) => json!(n),
        PortRef::Name(s) => json!(s),
    };
    let mut v = match &p.handler {
        ProbeHandler::HttpGet {
            path,
            port: pr,
            scheme,
        } => json!({"httpGet": {"path": path, "port": port(pr), "scheme": scheme}}),
        ProbeHandler::TcpSocket { port: pr } => json!({"tcpSocket": {"port": port(pr)}}),
        ProbeHandler::Exec { command } => json!({"exec": {"command": command}}),
        ProbeHandler::Grpc { port: n } => json!({"grpc": {"port": n}}),
    };
    v["initialDelaySeconds"] = json!(p.initial_delay_seconds);
    v["periodSeconds"] = json!(p.period_seconds);
    v["timeoutSeconds"] = json!(p.timeout_seconds);
    v["successThreshold"] = json!(p.success_threshold);
    v["failureThreshold"] = json!(p.failure_threshold);
    v
}

/// `pod-template-hash`: FNV-32a of the template, its decimal form safe-encoded (as Kubernetes does).
/// Hashed over the template's JSON (fields left unset are omitted), so adding an optional
/// field to the model does not rename every ReplicaSet.
pub fn pod_template_hash(template: &crate::input::model::PodTemplate) -> String {
    let json = serde_json::json!({
        "metadata": { "labels": template.labels, "annotations": template.annotations },
        "spec": crate::input::model_json::pod_spec_json(&template.spec),
    });
    let hash = crate::base::rng::fnv32a(json.to_string().as_bytes());
    crate::base::rng::safe_encode(&hash.to_string())
}
