//! `kubectl top pod|pods [NAME]` and `kubectl top node|nodes [NAME]`: the Metrics API's last
//! scrape ([`crate::sim::metrics`]) in kubectl's layout (`pkg/metricsutil/metrics_printer.go`):
//! CPU in millicores (`250m`), memory in whole mebibytes (`155Mi`), a node's share of its
//! allocatable as a truncated percentage.

use super::selector::Selector;
use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::lang::printers::Table;
use crate::sim::metrics::ContainerUsage;
use crate::sim::store::Pod;
use crate::world::World;

const MIB: u64 = 1024 * 1024;
/// kubectl's `metricsCreationDelay`: a pod older than this without metrics is reported.
const METRICS_CREATION_DELAY_MS: u64 = 120_000;

pub(super) fn kubectl_top(w: &World, a: &Args) -> Result<String, CommandError> {
    let what = a.positional.first().map(String::as_str).unwrap_or("");
    let name = a.positional.get(1).cloned();
    if a.positional.len() > 2 {
        return err(format!(
            "error: Unexpected args: {:?}\nSee 'kubectl top {what} -h' for help and examples",
            &a.positional[2..]
        ));
    }
    if let Some(s) = a.flag("sort-by") {
        if s != "cpu" && s != "memory" {
            return err("error: --sort-by accepts only cpu or memory");
        }
    }
    match what {
        "pod" | "pods" | "po" => top_pods(w, a, name),
        "node" | "nodes" | "no" => top_nodes(w, a, name),
        "" => err("error: Display resource (CPU/memory) usage.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]"),
        other => err(format!("error: unknown command \"{other}\" for \"kubectl top\"")),
    }
}

fn cpu(m: u64) -> String {
    format!("{m}m")
}

fn memory(bytes: u64) -> String {
    format!("{}Mi", bytes / MIB)
}

fn top_pods(w: &World, a: &Args, name: Option<String>) -> Result<String, CommandError> {
    let sel = a.flag("selector").map(Selector::parse).transpose()?;
    if name.is_some() && sel.is_some() {
        return err("error: only one of NAME or selector can be provided");
    }
    let all_ns = a.has("all-namespaces");
    let ns = a.namespace();
    let mut pods: Vec<&Pod> =
        w.k.store
            .pods
            .values()
            .filter(|p| {
                (if all_ns {
                    !crate::ecs::task::is_task_namespace(&p.meta.namespace)
                } else {
                    p.meta.namespace == ns
                }) && name.as_ref().is_none_or(|n| *n == p.meta.name)
                    && sel.as_ref().is_none_or(|s| s.matches(&p.meta.labels))
            })
            .collect();
    crate::base::sort::sort_by(&mut pods, |x, y| {
        (&x.meta.namespace, &x.meta.name).cmp(&(&y.meta.namespace, &y.meta.name))
    });
    let mut found: Vec<(&Pod, Vec<ContainerUsage>)> = pods
        .iter()
        .filter_map(|p| w.pod_metrics(p).map(|m| (*p, m)))
        .collect();
    if let Some(n) = &name {
        if found.is_empty() {
            return err(format!(
                "Error from server (NotFound): podmetrics.metrics.k8s.io \"{ns}/{n}\" not found"
            ));
        }
    }
    if found.is_empty() {
        if pods.is_empty() {
            return Ok(if all_ns {
                "No resources found\n".to_string()
            } else {
                format!("No resources found in {ns} namespace.\n")
            });
        }
        let now = w.k.now_ms;
        if let Some(old) = pods
            .iter()
            .find(|p| now.saturating_sub(p.meta.creation_ms) > METRICS_CREATION_DELAY_MS)
        {
            return err(format!(
                "error: Metrics not available for pod {}/{}, age: {}",
                old.meta.namespace,
                old.meta.name,
                go_duration(now.saturating_sub(old.meta.creation_ms))
            ));
        }
        return err("error: metrics not available yet");
    }
    let total = |m: &[ContainerUsage]| {
        m.iter().fold((0u64, 0u64), |(c, b), u| {
            (c + u.cpu_milli, b.saturating_add(u.memory_bytes))
        })
    };
    match a.flag("sort-by") {
        Some("cpu") => {
            crate::base::sort::sort_by_key(&mut found, |(_, m)| std::cmp::Reverse(total(m).0))
        }
        Some("memory") => {
            crate::base::sort::sort_by_key(&mut found, |(_, m)| std::cmp::Reverse(total(m).1))
        }
        _ => {}
    }
    let containers = a.has("containers");
    let mut header: Vec<&str> = Vec::new();
    if all_ns {
        header.push("NAMESPACE");
    }
    if containers {
        header.push("POD");
    }
    header.extend(["NAME", "CPU(cores)", "MEMORY(bytes)"]);
    let mut rows = Vec::new();
    for (p, m) in &found {
        let lead = |row: &mut Vec<String>| {
            if all_ns {
                row.push(p.meta.namespace.clone());
            }
        };
        if containers {
            for c in m {
                let mut row = Vec::new();
                lead(&mut row);
                row.extend([
                    p.meta.name.clone(),
                    c.name.clone(),
                    cpu(c.cpu_milli),
                    memory(c.memory_bytes),
                ]);
                rows.push(row);
            }
        } else {
            let (c, b) = total(m);
            let mut row = Vec::new();
            lead(&mut row);
            row.extend([p.meta.name.clone(), cpu(c), memory(b)]);
            rows.push(row);
        }
    }
    Ok(render(&header, rows, a.has("no-headers")))
}

fn top_nodes(w: &World, a: &Args, name: Option<String>) -> Result<String, CommandError> {
    let sel = a.flag("selector").map(Selector::parse).transpose()?;
    if name.is_some() && sel.is_some() {
        return err("error: only one of NAME or --selector can be provided");
    }
    if let Some(n) = &name {
        if !w.k.node_index.contains_key(n) {
            return err(format!(
                "Error from server (NotFound): nodes \"{n}\" not found"
            ));
        }
    }
    let Some(mut nodes) = w.node_metrics() else {
        return err("error: metrics not available yet");
    };
    nodes.retain(|u| {
        name.as_ref().is_none_or(|n| *n == u.name)
            && w.k
                .node_index
                .get(&u.name)
                .is_some_and(|&i| sel.as_ref().is_none_or(|s| s.matches(&w.k.nodes[i].labels)))
    });
    if nodes.is_empty() {
        return Ok("No resources found\n".to_string());
    }
    crate::base::sort::sort_by_key(&mut nodes, |u| crate::world::view::natural_key(&u.name));
    match a.flag("sort-by") {
        Some("cpu") => {
            crate::base::sort::sort_by_key(&mut nodes, |u| std::cmp::Reverse(u.cpu_milli))
        }
        Some("memory") => {
            crate::base::sort::sort_by_key(&mut nodes, |u| std::cmp::Reverse(u.memory_bytes))
        }
        _ => {}
    }
    let rows = nodes
        .iter()
        .map(|u| {
            vec![
                u.name.clone(),
                cpu(u.cpu_milli),
                percent(u.cpu_milli, u.cpu_allocatable_milli),
                memory(u.memory_bytes),
                percent(u.memory_bytes, u.memory_allocatable_bytes),
            ]
        })
        .collect();
    Ok(render(
        &["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"],
        rows,
        a.has("no-headers"),
    ))
}

/// `int64(used / available * 100)`: truncated, as kubectl prints it.
fn percent(used: u64, available: u64) -> String {
    if available == 0 {
        return "0%".to_string();
    }
    format!("{}%", (used as u128 * 100 / available as u128) as u64)
}

fn render(header: &[&str], rows: Vec<Vec<String>>, no_headers: bool) -> String {
    let text = Table::new(header, rows).render();
    if no_headers {
        text.split_once('\n')
            .map_or(String::new(), |(_, r)| r.to_string())
    } else {
        text
    }
}

/// Go's `time.Duration.String()` for a whole number of milliseconds: `2m3.5s`, `1h0m0s`.
pub(crate) fn go_duration(ms: u64) -> String {
    let (h, m) = (ms / 3_600_000, ms / 60_000 % 60);
    let (s, frac) = (ms / 1000 % 60, ms % 1000);
    let secs = if frac == 0 {
        format!("{s}s")
    } else {
        let f = format!("{frac:03}");
        format!("{s}.{}s", f.trim_end_matches('0'))
    };
    if h > 0 {
        format!("{h}h{m}m{secs}")
    } else if m > 0 {
        format!("{m}m{secs}")
    } else if ms == 0 {
        "0s".to_string()
    } else if ms < 1000 {
        format!("{ms}ms")
    } else {
        secs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_go_prints_them() {
        assert_eq!(go_duration(0), "0s");
        assert_eq!(go_duration(500), "500ms");
        assert_eq!(go_duration(150_000), "2m30s");
        assert_eq!(go_duration(123_450), "2m3.45s");
        assert_eq!(go_duration(3_600_000), "1h0m0s");
    }

    #[test]
    fn percentages_truncate() {
        assert_eq!(percent(999, 1000), "99%");
        assert_eq!(percent(1, 0), "0%");
        assert_eq!(memory(162_856_960), "155Mi");
    }
}
