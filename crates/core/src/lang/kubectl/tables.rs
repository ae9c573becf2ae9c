//! The tables and JSON of `kubectl get` for nodes, events, services, endpoints and namespaces
//! (pods, workloads and configs are [`crate::lang::printers`]' and [`crate::lang::configs`]').

use crate::lang::printers::{self, Table};
use crate::world::World;

pub(super) fn nodes_table(w: &World, idx: &[usize], wide: bool) -> Table {
    let now = w.k.now_ms;
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
                w.k.nodes[i].name.clone(),
                w.node_status_text(i),
                "<none>".into(),
                crate::base::clock::human_duration(now - w.agents[i].created_ms),
                "v1.31.0".into(),
            ];
            if wide {
                r.extend([
                    w.agents[i].ip.clone(),
                    "<none>".into(),
                    "Debian GNU/Linux 12 (bookworm)".into(),
                    "6.1.0-28-amd64".into(),
                    "containerd://1.7.22".into(),
                ]);
            }
            r
        })
        .collect();
    Table::new(&header, rows)
}

pub(super) fn node_json(w: &World, i: usize) -> serde_json::Value {
    let n = &w.k.nodes[i];
    let a = &w.agents[i];
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

pub(super) fn events_table(
    items: &[&crate::sim::events::EventRecord],
    now: crate::input::model::Millis,
    all_ns: bool,
) -> Table {
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
                r.reason.to_string(),
                r.object.clone(),
                r.message.clone(),
            ];
            if all_ns {
                row.insert(0, r.namespace.clone());
            }
            row
        })
        .collect();
    Table::new(&header, rows)
}

pub(super) fn event_json(r: &crate::sim::events::EventRecord) -> serde_json::Value {
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

pub(super) fn services_table(
    items: &[&crate::sim::store::Service],
    now: crate::input::model::Millis,
    all_ns: bool,
    wide: bool,
) -> Table {
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
    Table::new(&header, rows)
}

pub(super) fn service_json(s: &crate::sim::store::Service) -> serde_json::Value {
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

pub(super) fn endpoints_table(
    w: &World,
    items: &[&crate::sim::store::Service],
    all_ns: bool,
) -> Table {
    let now = w.k.now_ms;
    let mut header = vec!["NAME", "ENDPOINTS", "AGE"];
    if all_ns {
        header.insert(0, "NAMESPACE");
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|s| {
            let eps = crate::sim::in_pod::endpoints(&w.k.store, s);
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
    Table::new(&header, rows)
}

pub(super) fn endpoints_json(w: &World, s: &crate::sim::store::Service) -> serde_json::Value {
    let endpoints = crate::sim::in_pod::endpoints(&w.k.store, s);
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

/// `NAME STATUS AGE` (kubectl's Namespace columns).
pub(super) fn namespaces_table(
    items: &[&crate::sim::store::Namespace],
    now: crate::input::model::Millis,
) -> Table {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|n| {
            vec![
                n.meta.name.clone(),
                "Active".into(),
                crate::base::clock::human_duration(now - n.meta.creation_ms),
            ]
        })
        .collect();
    Table::new(&["NAME", "STATUS", "AGE"], rows)
}

pub(super) fn namespace_json(n: &crate::sim::store::Namespace) -> serde_json::Value {
    serde_json::json!({
        "apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": n.meta.name, "uid": n.meta.uid, "labels": n.meta.labels},
        "status": {"phase": "Active"}
    })
}
