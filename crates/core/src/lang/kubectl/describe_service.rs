//! `kubectl describe services`: kubectl's layout for a Service (Sunaba keeps no node ports,
//! so a NodePort or LoadBalancer Service shows no `NodePort:` line).

use super::matches;
use crate::base::command::CommandError;
use crate::input::model::Labels;
use crate::lang::printers::labels_block;
use crate::sim::store::Service;
use crate::world::World;

/// The width of kubectl's first column here (`External Traffic Policy:` and two spaces).
const WIDTH: usize = 26;

/// The Services named (each must exist), or else every Service of the namespace the
/// selector keeps, in name order.
pub(super) fn describe_services(
    w: &World,
    ns: &str,
    sel: &Option<Labels>,
    names: &[String],
) -> Result<Vec<String>, CommandError> {
    let store = &w.k.store;
    let services: Vec<&Service> = if names.is_empty() {
        store
            .services
            .iter()
            .filter(|(k, s)| k.0 == ns && matches(sel, &s.meta.labels))
            .map(|(_, s)| s)
            .collect()
    } else {
        let mut v = Vec::new();
        for n in names {
            v.push(
                store
                    .services
                    .get(&(ns.to_string(), n.clone()))
                    .ok_or_else(|| {
                        CommandError::new(format!(
                            "Error from server (NotFound): services \"{n}\" not found"
                        ))
                    })?,
            );
        }
        v
    };
    Ok(services
        .into_iter()
        .map(|s| describe_service(w, s))
        .collect())
}

fn line(out: &mut String, key: &str, value: &str) {
    out.push_str(&format!("{:<WIDTH$}{value}\n", format!("{key}:")));
}

fn describe_service(w: &World, s: &Service) -> String {
    let mut out = String::new();
    line(&mut out, "Name", &s.meta.name);
    line(&mut out, "Namespace", &s.meta.namespace);
    out.push_str(&labels_block("Labels", &s.meta.labels, WIDTH));
    out.push_str(&labels_block("Annotations", &s.meta.annotations, WIDTH));
    let selector: Vec<String> = s
        .spec
        .selector
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    // labels.FormatLabels: `<none>` for a Service without a selector (`kubernetes`).
    let selector = if selector.is_empty() {
        "<none>".to_string()
    } else {
        selector.join(",")
    };
    line(&mut out, "Selector", &selector);
    line(&mut out, "Type", &s.spec.type_);
    line(&mut out, "IP Family Policy", "SingleStack");
    line(&mut out, "IP Families", "IPv4");
    line(&mut out, "IP", &s.cluster_ip);
    line(&mut out, "IPs", &s.cluster_ip);
    let endpoints = w.k.store.service_endpoints(s);
    for p in &s.spec.ports {
        let name = p.name.as_deref().unwrap_or("<unset>");
        line(
            &mut out,
            "Port",
            &format!("{name}  {}/{}", p.port, p.protocol),
        );
        line(
            &mut out,
            "TargetPort",
            &format!("{}/{}", p.target_port, p.protocol),
        );
        let mine: Vec<&String> = endpoints
            .iter()
            .filter(|e| e.ends_with(&format!(":{}", p.target_port)))
            .collect();
        let shown = match mine.len() {
            0 => "<none>".to_string(),
            n if n <= 3 => mine
                .iter()
                .map(|e| e.as_str())
                .collect::<Vec<_>>()
                .join(","),
            n => format!(
                "{} + {} more...",
                mine[..3]
                    .iter()
                    .map(|e| e.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                n - 3
            ),
        };
        line(&mut out, "Endpoints", &shown);
    }
    line(&mut out, "Session Affinity", "None");
    if s.spec.type_ != "ClusterIP" {
        line(&mut out, "External Traffic Policy", "Cluster");
    }
    line(&mut out, "Internal Traffic Policy", "Cluster");
    line(&mut out, "Events", "<none>");
    out
}
