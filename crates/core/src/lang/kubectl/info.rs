//! What kubectl tells about the cluster itself: `kubectl version`, `cluster-info`,
//! `api-resources` and `api-versions`. Sunaba's cluster is Kubernetes v1.31.0 (the version its
//! nodes' kubelets report); the resources are those Sunaba simulates, from one table.

use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::lang::printers::Table;

/// The simulated cluster's (and kubectl's) release, as `kubectl version` reports it.
pub(crate) const GIT_VERSION: &str = "v1.31.0";
const GIT_COMMIT: &str = "9edcffcde5595e8a5b1a35f88c421764e575afce";
const BUILD_DATE: &str = "2024-08-13T07:28:49Z";
const GO_VERSION: &str = "go1.22.5";
const KUSTOMIZE_VERSION: &str = "v5.4.2";
/// Where the API server listens, as the kubeconfig's `server` names it.
pub(crate) const SERVER: &str = "https://10.0.0.10:6443";

/// One resource type the API server serves: a row of `kubectl api-resources`.
pub(crate) struct ApiResource {
    pub name: &'static str,
    pub short_names: &'static str,
    /// `v1` for the core group, else `group/version`.
    pub api_version: &'static str,
    pub namespaced: bool,
    pub kind: &'static str,
}

const fn res(
    name: &'static str,
    short_names: &'static str,
    api_version: &'static str,
    namespaced: bool,
    kind: &'static str,
) -> ApiResource {
    ApiResource {
        name,
        short_names,
        api_version,
        namespaced,
        kind,
    }
}

/// Every resource type Sunaba serves. A new kind is one row, anywhere: the listing orders
/// them as the API server's discovery does (core group first, then by group, by name).
#[rustfmt::skip]
pub(crate) const API_RESOURCES: &[ApiResource] = &[
    res("configmaps", "cm", "v1", true, "ConfigMap"),
    res("endpoints", "ep", "v1", true, "Endpoints"),
    res("events", "ev", "v1", true, "Event"),
    res("namespaces", "ns", "v1", false, "Namespace"),
    res("nodes", "no", "v1", false, "Node"),
    res("pods", "po", "v1", true, "Pod"),
    res("secrets", "", "v1", true, "Secret"),
    res("services", "svc", "v1", true, "Service"),
    res("deployments", "deploy", "apps/v1", true, "Deployment"),
    res("replicasets", "rs", "apps/v1", true, "ReplicaSet"),
    res("nodes", "", "metrics.k8s.io/v1beta1", false, "NodeMetrics"),
    res("pods", "", "metrics.k8s.io/v1beta1", true, "PodMetrics"),
];

/// Discovery's order of the API groups (the core group first, the aggregated metrics API last).
const GROUP_ORDER: &[&str] = &["", "apps", "batch", "metrics.k8s.io"];

fn group(api_version: &str) -> &str {
    api_version.rsplit_once('/').map_or("", |(g, _)| g)
}

fn discovery_order() -> Vec<&'static ApiResource> {
    let mut rows: Vec<&ApiResource> = API_RESOURCES.iter().collect();
    crate::base::sort::sort_by_key(&mut rows, |r| {
        let g = group(r.api_version);
        let rank = GROUP_ORDER
            .iter()
            .position(|o| *o == g)
            .unwrap_or(GROUP_ORDER.len() - 1);
        (rank, g, r.name)
    });
    rows
}

/// `kubectl api-resources [-o name] [--no-headers]`.
pub(super) fn api_resources(a: &Args) -> Result<String, CommandError> {
    let rows = discovery_order();
    if a.flag("output") == Some("name") {
        return Ok(rows
            .iter()
            .map(|r| match group(r.api_version) {
                "" => format!("{}\n", r.name),
                g => format!("{}.{g}\n", r.name),
            })
            .collect());
    }
    let cells = rows
        .iter()
        .map(|r| {
            vec![
                r.name.to_string(),
                r.short_names.to_string(),
                r.api_version.to_string(),
                r.namespaced.to_string(),
                r.kind.to_string(),
            ]
        })
        .collect();
    let text = Table::new(
        &["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"],
        cells,
    )
    .render();
    Ok(if a.has("no-headers") {
        text.split_once('\n')
            .map_or(String::new(), |(_, r)| r.to_string())
    } else {
        text
    })
}

/// `kubectl api-versions`: each group/version once, sorted.
pub(super) fn api_versions() -> String {
    let mut versions: Vec<&str> = API_RESOURCES.iter().map(|r| r.api_version).collect();
    versions.sort_unstable();
    versions.dedup();
    versions.iter().map(|v| format!("{v}\n")).collect()
}

/// `kubectl cluster-info`.
pub(super) fn cluster_info() -> String {
    format!(
        "Kubernetes control plane is running at {SERVER}\n\
         CoreDNS is running at {SERVER}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\
         \n\
         To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    )
}

/// `kubectl version [--client] [-o yaml|json]`.
pub(super) fn version(a: &Args) -> Result<String, CommandError> {
    let client = a.has("client");
    match a.flag("output") {
        None => {
            let mut out =
                format!("Client Version: {GIT_VERSION}\nKustomize Version: {KUSTOMIZE_VERSION}\n");
            if !client {
                out.push_str(&format!("Server Version: {GIT_VERSION}\n"));
            }
            Ok(out)
        }
        Some("json") => {
            let info = |indent: &str| {
                let f = [
                    ("major", "1"),
                    ("minor", "31"),
                    ("gitVersion", GIT_VERSION),
                    ("gitCommit", GIT_COMMIT),
                    ("gitTreeState", "clean"),
                    ("buildDate", BUILD_DATE),
                    ("goVersion", GO_VERSION),
                    ("compiler", "gc"),
                    ("platform", "linux/amd64"),
                ];
                f.iter()
                    .map(|(k, v)| format!("{indent}  \"{k}\": \"{v}\""))
                    .collect::<Vec<_>>()
                    .join(",\n")
            };
            let mut out = format!(
                "{{\n  \"clientVersion\": {{\n{}\n  }},\n  \"kustomizeVersion\": \"{KUSTOMIZE_VERSION}\"",
                info("  ")
            );
            if !client {
                out.push_str(&format!(",\n  \"serverVersion\": {{\n{}\n  }}", info("  ")));
            }
            out.push_str("\n}\n");
            Ok(out)
        }
        Some("yaml") => {
            // sigs.k8s.io/yaml: keys sorted, strings that read as numbers or dates quoted.
            let info = format!(
                "  buildDate: \"{BUILD_DATE}\"\n  compiler: gc\n  gitCommit: {GIT_COMMIT}\n  gitTreeState: clean\n  gitVersion: {GIT_VERSION}\n  goVersion: {GO_VERSION}\n  major: \"1\"\n  minor: \"31\"\n  platform: linux/amd64\n"
            );
            let mut out = format!("clientVersion:\n{info}kustomizeVersion: {KUSTOMIZE_VERSION}\n");
            if !client {
                out.push_str(&format!("serverVersion:\n{info}"));
            }
            Ok(out)
        }
        Some(_) => err("error: --output must be 'yaml' or 'json'"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_type_kubectl_get_knows_is_listed() {
        for r in API_RESOURCES
            .iter()
            .filter(|r| group(r.api_version) != "metrics.k8s.io")
        {
            assert!(super::super::Resource::parse(r.name).is_ok(), "{}", r.name);
            for s in r.short_names.split(',').filter(|s| !s.is_empty()) {
                assert!(super::super::Resource::parse(s).is_ok(), "{s}");
            }
        }
    }

    #[test]
    fn discovery_puts_the_core_group_first() {
        let rows = discovery_order();
        assert_eq!(rows[0].name, "configmaps");
        assert_eq!(rows.last().map(|r| r.kind), Some("PodMetrics"));
        assert!(api_versions().ends_with("v1\n"));
    }
}
