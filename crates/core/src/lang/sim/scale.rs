//! `sim scale [--nodes N] [--pods P] [--deployments D]`: a cluster filled in one command, up to
//! Kubernetes' own scalability limits (5,000 nodes, 150,000 pods); by default a tenth of them,
//! which a browser tab builds in a few seconds. The nodes are replaced by N nodes of 8 CPU /
//! 32Gi across zones a, b and c, then D Deployments (`scale-0` …) share P replicas of 100m CPU /
//! 64Mi each, applied through `kubectl apply` like any file. Scheduling, kubelets and events
//! then run as always: `sim wait 5m`.

use crate::base::command::{Args, CommandError};
use crate::input::files::MapFiles;
use crate::lang::args::err;
use crate::sim::kernel::{MAX_NODES, MAX_PODS};
use crate::sim::kubelet::NodeShape;
use crate::world::World;

const NODE_CPU_MILLI: u64 = 8_000;
const NODE_MEMORY: u64 = 32 << 30;
const POD_CPU_MILLI: u64 = 100;
/// Pods that fit one node: its CPU over a pod's request, and the kubelet's `maxPods`.
const PODS_PER_NODE: u64 = {
    let by_cpu = NODE_CPU_MILLI / POD_CPU_MILLI;
    let max_pods = crate::sim::scheduler::MAX_PODS_PER_NODE as u64;
    if by_cpu < max_pods {
        by_cpu
    } else {
        max_pods
    }
};
const DEPLOYMENTS_MAX: u64 = 100;
const FILE: &str = "sim-scale.yaml";

pub(super) fn scale(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let nodes = number(a, "nodes", 500, MAX_NODES as u64)?;
    let pods = number(a, "pods", 15_000, MAX_PODS as u64)?;
    let deployments = number(a, "deployments", 10, DEPLOYMENTS_MAX)?;
    if nodes == 0 || deployments == 0 {
        return err("error: sim scale needs at least one node and one Deployment");
    }
    if pods > nodes * PODS_PER_NODE {
        return err(format!(
            "error: {pods} pods of {POD_CPU_MILLI}m CPU need at least {} nodes of 8 CPU ({PODS_PER_NODE} pods each); --nodes is {nodes}",
            pods.div_ceil(PODS_PER_NODE)
        ));
    }
    let shape = NodeShape {
        cpu_milli: NODE_CPU_MILLI,
        memory_bytes: NODE_MEMORY,
        zone: None,
    };
    w.set_nodes(nodes as usize, &shape);
    let mut out = format!(
        "cluster has {nodes} node{} (8 CPU, 32Gi memory each) in zone-a, zone-b and zone-c\n",
        if nodes == 1 { "" } else { "s" }
    );
    let mut files = MapFiles::default();
    files.0.insert(FILE.into(), manifest(pods, deployments));
    out.push_str(&crate::lang::command::run(
        w,
        &format!("kubectl apply -f {FILE}"),
        &files,
    )?);
    out.push_str(&format!(
        "{pods} pods of {POD_CPU_MILLI}m CPU and 64Mi memory to schedule; then: sim wait 5m, kubectl get deployments, sim fail-node --zone zone-a\n"
    ));
    Ok(out)
}

/// `--NAME N`, at most `max`; `default` without the flag.
fn number(a: &Args, name: &str, default: u64, max: u64) -> Result<u64, CommandError> {
    let Some(text) = a.flag(name) else {
        return Ok(default);
    };
    match text.parse::<u64>() {
        Ok(n) if n <= max => Ok(n),
        _ => err(format!(
            "error: --{name} {text:?}: a whole number from 0 to {max}"
        )),
    }
}

/// `deployments` Deployments sharing `pods` replicas (the first ones get the remainder).
fn manifest(pods: u64, deployments: u64) -> String {
    (0..deployments)
        .map(|i| {
            let replicas = pods / deployments + u64::from(i < pods % deployments);
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scale-{i}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: scale-{i}\n  template:\n    metadata:\n      labels:\n        app: scale-{i}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25\n        resources:\n          requests:\n            cpu: {POD_CPU_MILLI}m\n            memory: 64Mi\n"
            )
        })
        .collect::<Vec<_>>()
        .join("---\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_replicas_add_up_to_the_pods_asked_for() {
        let text = manifest(150_001, 10);
        let replicas: u64 = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("replicas: "))
            .map(|n| n.parse::<u64>().unwrap())
            .sum();
        assert_eq!(replicas, 150_001);
        assert_eq!(text.matches("kind: Deployment").count(), 10);
        assert_eq!(PODS_PER_NODE, 80);
    }
}
