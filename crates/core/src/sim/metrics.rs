//! The Metrics API (`metrics.k8s.io`) as metrics-server serves it: each running container's
//! memory and CPU, from what its program does ([`crate::sim::runtime::Behaviour`]), sampled on
//! a fixed scrape grid.
//!
//! metrics-server scrapes every kubelet each `--metric-resolution` (15 s in minikube's addon)
//! and needs two samples of a container to compute its CPU rate, so a new container appears
//! one to two scrapes after it starts; until then `kubectl top` has nothing to show. Values are
//! those of the last scrape, so they change only every 15 s. Pure functions of the kernel: no
//! state of their own.

use crate::base::object_map::ObjectMap;
use crate::input::image_ref::ImageRef;
use crate::input::model::Millis;
use crate::sim::kernel::Kernel;
use crate::sim::outside::Outside;
use crate::sim::store::{ContainerState, Pod};

/// metrics-server's `--metric-resolution` as minikube's metrics-server addon sets it.
pub const SCRAPE_MS: Millis = 15_000;
/// What a node's own daemons (kubelet, container runtime, system services) use besides its
/// pods: a node is never at zero.
pub const NODE_SYSTEM_CPU_MILLI: u64 = 48;
pub const NODE_SYSTEM_MEMORY_BYTES: u64 = 612 * 1024 * 1024;

/// One container's usage at the last scrape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerUsage {
    pub name: String,
    pub cpu_milli: u64,
    pub memory_bytes: u64,
}

/// One node's usage and what it has to give (allocatable).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeUsage {
    pub name: String,
    pub cpu_milli: u64,
    pub memory_bytes: u64,
    pub cpu_allocatable_milli: u64,
    pub memory_allocatable_bytes: u64,
}

/// The time of the last scrape at `now`.
pub fn last_scrape(now: Millis) -> Millis {
    now - now % SCRAPE_MS
}

/// The pod's containers as the Metrics API reports them; `None` when it has no metrics (no
/// container running since before the scrape before the last, as metrics-server leaves out).
pub(crate) fn pod_usage(k: &Kernel, out: &dyn Outside, pod: &Pod) -> Option<Vec<ContainerUsage>> {
    let scrape = last_scrape(k.now_ms);
    let node_cpu = pod
        .spec
        .node_name
        .as_ref()
        .and_then(|n| k.node_index.get(n))
        .map_or(u64::MAX, |&i| k.nodes[i].cpu_allocatable_milli);
    let mut usage = Vec::new();
    for (spec, status) in pod.spec.containers.iter().zip(&pod.status.containers) {
        let ContainerState::Running { started_ms } = status.state else {
            continue;
        };
        if !status.alive || started_ms.saturating_add(SCRAPE_MS) > scrape {
            continue;
        }
        let Some(info) = out.image(&ImageRef::parse(&spec.image)) else {
            continue;
        };
        let b = out.behaviour(info, spec);
        // A CPU limit throttles the process (CFS quota): it gets no more, and is never killed.
        let cpu_cap = spec
            .resources
            .limits
            .cpu
            .as_ref()
            .map_or(node_cpu, |q| q.value);
        usage.push(ContainerUsage {
            name: spec.name.clone(),
            cpu_milli: b.cpu_milli.min(cpu_cap),
            memory_bytes: b.memory_after(scrape - started_ms),
        });
    }
    (!usage.is_empty()).then_some(usage)
}

/// Every Kubernetes node's usage (its pods' plus its own daemons'), by name; `None` before the
/// first two scrapes.
pub(crate) fn node_usage(k: &Kernel, out: &dyn Outside) -> Option<Vec<NodeUsage>> {
    if last_scrape(k.now_ms) < SCRAPE_MS {
        return None;
    }
    let mut by_node: ObjectMap<String, (u64, u64)> = ObjectMap::new();
    for pod in k.store.pods.values() {
        let Some(node) = pod.spec.node_name.as_ref() else {
            continue;
        };
        for c in pod_usage(k, out, pod).unwrap_or_default() {
            let e = by_node.get_or_default(node.clone());
            e.0 = e.0.saturating_add(c.cpu_milli);
            e.1 = e.1.saturating_add(c.memory_bytes);
        }
    }
    Some(
        k.node_index
            .values()
            .map(|&i| &k.nodes[i])
            .filter(|n| !n.removed && !n.hidden)
            .map(|n| {
                let (cpu, mem) = by_node.get(&n.name).copied().unwrap_or_default();
                NodeUsage {
                    name: n.name.clone(),
                    cpu_milli: (cpu + NODE_SYSTEM_CPU_MILLI).min(n.cpu_allocatable_milli),
                    memory_bytes: mem + NODE_SYSTEM_MEMORY_BYTES,
                    cpu_allocatable_milli: n.cpu_allocatable_milli,
                    memory_allocatable_bytes: n.memory_allocatable_bytes,
                }
            })
            .collect(),
    )
}
