//! `kubectl cordon|uncordon|taint|drain`: the node verbs, and the taint manager's eviction.

use super::{grace_period_ms, matches, parse_selector};
use crate::base::command::{Args, CommandError};
use crate::lang::args::err;
use crate::sim::event_reason::{Component, Reason};
use crate::world::World;

fn node_names_arg(w: &World, a: &Args) -> Result<Vec<String>, CommandError> {
    if let Some(sel) = a.flag("selector") {
        let sel = Some(parse_selector(sel)?);
        let names: Vec<String> =
            w.k.node_index
                .iter()
                .filter(|(_, &i)| matches(&sel, &w.k.nodes[i].labels))
                .map(|(n, _)| n.clone())
                .collect();
        return Ok(names);
    }
    if a.positional.is_empty() {
        return err("error: USAGE: cordon NODE [flags]");
    }
    a.positional
        .iter()
        .map(|n| {
            let n = n.strip_prefix("node/").unwrap_or(n);
            if w.k.node_index.contains_key(n) {
                Ok(n.to_string())
            } else {
                err(format!(
                    "Error from server (NotFound): nodes \"{n}\" not found"
                ))
            }
        })
        .collect()
}

pub(super) fn kubectl_cordon(w: &mut World, a: &Args, on: bool) -> Result<String, CommandError> {
    let mut out = String::new();
    for name in node_names_arg(w, a)? {
        let changed = w.kubelet().set_unschedulable(&name, on);
        let word = if on { "cordoned" } else { "uncordoned" };
        out.push_str(&if changed {
            format!("node/{name} {word}\n")
        } else {
            format!("node/{name} already {word}\n")
        });
    }
    Ok(out)
}

/// `kubectl taint nodes NODE key=value:Effect` (add) or `key[:Effect]-` (remove). A new
/// NoExecute taint evicts the pods on the node that do not tolerate it.
pub(super) fn kubectl_taint(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let usage = "error: usage: kubectl taint nodes NODE KEY[=VALUE]:EFFECT[-] (EFFECT: NoSchedule, PreferNoSchedule, NoExecute)";
    let mut words: Vec<String> = a.positional.clone();
    if words
        .first()
        .is_some_and(|w| w == "nodes" || w == "node" || w == "no")
    {
        words.remove(0);
    }
    let Some(node) = words
        .first()
        .map(|n| n.strip_prefix("node/").unwrap_or(n).to_string())
    else {
        return err(usage);
    };
    let Some(&idx) = w.k.node_index.get(&node) else {
        return err(format!(
            "Error from server (NotFound): nodes \"{node}\" not found"
        ));
    };
    if words.len() < 2 {
        return err(usage);
    }
    let mut changed = Vec::new();
    for spec in &words[1..] {
        if let Some(del) = spec.strip_suffix('-') {
            let (key, effect) = match del.split_once(':') {
                Some((k, e)) => (
                    k.split('=').next().unwrap_or(k),
                    Some(
                        crate::input::model::TaintEffect::parse(e)
                            .ok_or_else(|| CommandError::new(usage))?,
                    ),
                ),
                None => (del, None),
            };
            let before = w.k.nodes[idx].taints.len();
            w.k.nodes[idx]
                .taints
                .retain(|t| !(t.key == key && effect.is_none_or(|e| e == t.effect)));
            if w.k.nodes[idx].taints.len() == before {
                return err(format!("error: taint \"{del}\" not found"));
            }
            changed.push("untainted");
            continue;
        }
        let (kv, effect) = spec
            .rsplit_once(':')
            .ok_or_else(|| CommandError::new(usage))?;
        let effect = crate::input::model::TaintEffect::parse(effect).ok_or_else(|| {
            CommandError::new(format!(
                "error: invalid taint effect: {effect}, unsupported taint effect"
            ))
        })?;
        let (key, value) = kv.split_once('=').unwrap_or((kv, ""));
        if key.is_empty() || key.len() > 253 || value.len() > 63 {
            return err(format!("error: invalid taint spec: {spec}"));
        }
        let taint = crate::input::model::Taint {
            key: key.to_string(),
            value: value.to_string(),
            effect,
        };
        let taints = &mut w.k.nodes[idx].taints;
        taints.retain(|t| !(t.key == taint.key && t.effect == taint.effect));
        taints.push(taint);
        crate::base::sort::sort(taints);
        if effect == crate::input::model::TaintEffect::NoExecute {
            evict_untolerating(w, idx);
        }
        changed.push("tainted");
    }
    w.k.cluster_changed();
    let word = if changed.contains(&"tainted") {
        "tainted"
    } else {
        "untainted"
    };
    Ok(format!("node/{node} {word}\n"))
}

/// The taint manager: pods on `idx` that do not tolerate a NoExecute taint are evicted.
fn evict_untolerating(w: &mut World, idx: usize) {
    let name = w.k.nodes[idx].name.clone();
    let victims: Vec<(crate::sim::store::PodId, String, String)> =
        w.k.store
            .pods
            .values()
            .filter(|p| {
                p.spec.node_name.as_deref() == Some(name.as_str()) && p.meta.deletion_ms.is_none()
            })
            .filter(|p| {
                w.k.nodes[idx].taints.iter().any(|t| {
                    t.effect == crate::input::model::TaintEffect::NoExecute
                        && !p.spec.tolerations.iter().any(|tol| tol.tolerates(t))
                })
            })
            .map(|p| (p.id, p.meta.namespace.clone(), p.meta.name.clone()))
            .collect();
    for (id, ns, pod) in victims {
        w.k.emit(
            crate::sim::events::EventType::Normal,
            Reason::TaintManagerEviction,
            format!("pod/{pod}"),
            &ns,
            format!("Marking for deletion Pod {ns}/{pod}"),
            Component::TaintEvictionController,
        );
        w.kubelet().delete_pod_gracefully(id, None);
    }
}

/// `kubectl drain`: cordon, then evict every pod on the node (its controller recreates it
/// elsewhere). Pods without a controller are refused unless `--force`.
pub(super) fn kubectl_drain(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let grace_ms = grace_period_ms(a)?;
    let mut out = String::new();
    for name in node_names_arg(w, a)? {
        let pods: Vec<(crate::sim::store::PodId, String, String, bool)> = w
            .k
            .store
            .pods
            .values()
            .filter(|p| {
                p.spec.node_name.as_deref() == Some(name.as_str()) && p.meta.deletion_ms.is_none()
            })
            .map(|p| {
                (
                    p.id,
                    p.meta.namespace.clone(),
                    p.meta.name.clone(),
                    p.meta.owner.is_some(),
                )
            })
            .collect();
        let bare: Vec<String> = pods
            .iter()
            .filter(|p| !p.3)
            .map(|p| format!("{}/{}", p.1, p.2))
            .collect();
        if !bare.is_empty() && !a.has("force") {
            let changed = w.kubelet().set_unschedulable(&name, true);
            out.push_str(&format!(
                "node/{name} {}\n",
                if changed {
                    "cordoned"
                } else {
                    "already cordoned"
                }
            ));
            return err(format!(
                "{out}error: unable to drain node \"{name}\" due to error: cannot delete Pods declare no controller (use --force to override): {}, continuing command...\nThere are pending nodes to be drained:\n {name}",
                bare.join(", ")
            ));
        }
        let changed = w.kubelet().set_unschedulable(&name, true);
        out.push_str(&format!(
            "node/{name} {}\n",
            if changed {
                "cordoned"
            } else {
                "already cordoned"
            }
        ));
        if !bare.is_empty() {
            out.push_str(&format!(
                "Warning: deleting Pods that declare no controller: {}\n",
                bare.join(", ")
            ));
        }
        for (id, ns, pod, _) in &pods {
            out.push_str(&format!("evicting pod {ns}/{pod}\n"));
            w.k.emit(
                crate::sim::events::EventType::Normal,
                Reason::Evicted,
                format!("pod/{pod}"),
                ns,
                "Eviction API: evicting".into(),
                Component::DisruptionController,
            );
            w.kubelet().delete_pod_gracefully(*id, grace_ms);
        }
        match wait_for_evictions(w, &pods, grace_ms) {
            Ok(gone) => {
                for pod in gone {
                    out.push_str(&format!("pod/{pod} evicted\n"));
                }
            }
            Err(left) => {
                return err(format!(
                    "{out}error: unable to drain node \"{name}\": {} still terminating after the grace period (its node does not answer: `kubectl delete pod --grace-period=0 --force` removes it)\nThere are pending nodes to be drained:\n {name}",
                    left.join(", ")
                ))
            }
        }
        out.push_str(&format!("node/{name} drained\n"));
    }
    Ok(out)
}

/// kubectl drain waits until each evicted pod is gone (its grace period, SIGTERM handling and
/// preStop hook run their course in virtual time) and names them in the order they went.
/// Bounded: a pod whose node does not answer stays Terminating; after the longest grace period
/// and a minute, the names of those left are returned.
fn wait_for_evictions(
    w: &mut World,
    pods: &[(crate::sim::store::PodId, String, String, bool)],
    grace_ms: Option<u64>,
) -> Result<Vec<String>, Vec<String>> {
    const STEP_MS: u64 = 1_000;
    let longest_grace_ms = pods
        .iter()
        .filter_map(|(id, ..)| w.k.store.pods.get(id))
        .map(|p| grace_ms.unwrap_or(p.spec.termination_grace_period_seconds * 1_000))
        .max()
        .unwrap_or(0);
    let deadline =
        w.k.now_ms
            .saturating_add(longest_grace_ms)
            .saturating_add(60_000);
    let mut gone = Vec::new();
    loop {
        for (id, _, pod, _) in pods {
            if !w.k.store.pods.contains_key(id) && !gone.contains(pod) {
                gone.push(pod.clone());
            }
        }
        if gone.len() == pods.len() {
            return Ok(gone);
        }
        if w.k.now_ms >= deadline {
            return Err(pods
                .iter()
                .filter(|(.., pod, _)| !gone.contains(pod))
                .map(|(_, ns, pod, _)| format!("{ns}/{pod}"))
                .collect());
        }
        let next = w.k.now_ms.saturating_add(STEP_MS).min(deadline);
        w.advance_to(next);
    }
}
