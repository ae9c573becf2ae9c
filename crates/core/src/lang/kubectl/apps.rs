//! StatefulSets, DaemonSets and PersistentVolumeClaims in kubectl's words: `get` tables and
//! `-o json|yaml`, `describe`, and the selection `delete -l` and namespace deletion use. The
//! verbs that change them (`scale`, `set image`, `rollout`) are in `apps_rollout.rs`.

use std::fmt::Write;

use serde_json::{json, Value};

use super::{matches, Resource};
use crate::base::clock::human_duration;
use crate::base::command::CommandError;
use crate::input::model::{DaemonSetUpdateStrategy, StatefulSetUpdateStrategy};
use crate::input::model::{IntOrPercent, Labels, Millis, PodTemplate};
use crate::input::model_json::pod_spec_json;
use crate::lang::args::err;
use crate::lang::describe::{events_section, pod_template_lines};
use crate::lang::printers::{labels_block, labels_inline, meta_json, timestamp, Table};
use crate::sim::store::PodPhase;
use crate::sim::store::{DaemonSet, PersistentVolumeClaim, StatefulSet};
use crate::world::World;

/// `Annotations:` as describe prints them: `key: value`, one a line.
fn annotations_block(annotations: &Labels, width: usize) -> String {
    if annotations.is_empty() {
        return format!("{:<width$}<none>\n", "Annotations:");
    }
    let mut out = String::new();
    for (i, (k, v)) in annotations.iter().enumerate() {
        let head = if i == 0 { "Annotations:" } else { "" };
        out.push_str(&format!("{head:<width$}{k}: {v}\n"));
    }
    out
}

fn age(now: Millis, since: Millis) -> String {
    human_duration(now.saturating_sub(since))
}

fn int_or_percent(v: IntOrPercent) -> Value {
    match v {
        IntOrPercent::Int(n) => json!(n),
        IntOrPercent::Percent(p) => json!(format!("{p}%")),
    }
}

/// CONTAINERS and IMAGES of `-o wide`.
fn containers_and_images(t: &PodTemplate) -> [String; 2] {
    let c = &t.spec.containers;
    [
        c.iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(","),
        c.iter()
            .map(|c| c.image.as_str())
            .collect::<Vec<_>>()
            .join(","),
    ]
}

fn with_namespace(header: &mut Vec<&str>, rows: &mut [Vec<String>], nss: &[String], on: bool) {
    if on {
        header.insert(0, "NAMESPACE");
        for (r, ns) in rows.iter_mut().zip(nss) {
            r.insert(0, ns.clone());
        }
    }
}

/// `kubectl get statefulsets`: NAME READY AGE (+ CONTAINERS IMAGES).
pub(super) fn statefulsets_table(
    items: &[&StatefulSet],
    now: Millis,
    wide: bool,
    all_ns: bool,
) -> Table {
    let mut header = vec!["NAME", "READY", "AGE"];
    if wide {
        header.extend(["CONTAINERS", "IMAGES"]);
    }
    let mut rows: Vec<Vec<String>> = items
        .iter()
        .map(|s| {
            let mut r = vec![
                s.meta.name.clone(),
                format!("{}/{}", s.status.ready_replicas, s.spec.replicas),
                age(now, s.meta.creation_ms),
            ];
            if wide {
                r.extend(containers_and_images(&s.spec.template));
            }
            r
        })
        .collect();
    let nss: Vec<String> = items.iter().map(|s| s.meta.namespace.clone()).collect();
    with_namespace(&mut header, &mut rows, &nss, all_ns);
    Table::new(&header, rows)
}

/// `kubectl get daemonsets`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR
/// AGE (+ CONTAINERS IMAGES SELECTOR).
pub(super) fn daemonsets_table(
    items: &[&DaemonSet],
    now: Millis,
    wide: bool,
    all_ns: bool,
) -> Table {
    let mut header = vec![
        "NAME",
        "DESIRED",
        "CURRENT",
        "READY",
        "UP-TO-DATE",
        "AVAILABLE",
        "NODE SELECTOR",
        "AGE",
    ];
    if wide {
        header.extend(["CONTAINERS", "IMAGES", "SELECTOR"]);
    }
    let mut rows: Vec<Vec<String>> = items
        .iter()
        .map(|d| {
            let s = &d.status;
            let mut r = vec![
                d.meta.name.clone(),
                s.desired_number_scheduled.to_string(),
                s.current_number_scheduled.to_string(),
                s.number_ready.to_string(),
                s.updated_number_scheduled.to_string(),
                s.number_available.to_string(),
                labels_inline(&d.spec.template.spec.node_selector),
                age(now, d.meta.creation_ms),
            ];
            if wide {
                r.extend(containers_and_images(&d.spec.template));
                r.push(labels_inline(&d.spec.selector.match_labels));
            }
            r
        })
        .collect();
    let nss: Vec<String> = items.iter().map(|d| d.meta.namespace.clone()).collect();
    with_namespace(&mut header, &mut rows, &nss, all_ns);
    Table::new(&header, rows)
}

/// `kubectl get pvc`: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
/// VOLUMEATTRIBUTESCLASS AGE (+ VOLUMEMODE).
pub(super) fn pvcs_table(
    items: &[&PersistentVolumeClaim],
    now: Millis,
    wide: bool,
    all_ns: bool,
) -> Table {
    let mut header = vec![
        "NAME",
        "STATUS",
        "VOLUME",
        "CAPACITY",
        "ACCESS MODES",
        "STORAGECLASS",
        "VOLUMEATTRIBUTESCLASS",
        "AGE",
    ];
    if wide {
        header.push("VOLUMEMODE");
    }
    let mut rows: Vec<Vec<String>> = items
        .iter()
        .map(|c| {
            let mut r = vec![
                c.meta.name.clone(),
                "Bound".to_string(),
                c.volume_name.clone(),
                c.storage.text.clone(),
                c.access_modes_short(),
                c.storage_class.clone(),
                "<unset>".to_string(),
                age(now, c.meta.creation_ms),
            ];
            if wide {
                r.push("Filesystem".to_string());
            }
            r
        })
        .collect();
    let nss: Vec<String> = items.iter().map(|c| c.meta.namespace.clone()).collect();
    with_namespace(&mut header, &mut rows, &nss, all_ns);
    Table::new(&header, rows)
}

fn template_json(t: &PodTemplate) -> Value {
    let mut meta = json!({ "labels": t.labels });
    if !t.annotations.is_empty() {
        meta["annotations"] = json!(t.annotations);
    }
    json!({ "metadata": meta, "spec": pod_spec_json(&t.spec) })
}

pub(super) fn statefulset_json(s: &StatefulSet) -> Value {
    let update = match &s.spec.update_strategy {
        StatefulSetUpdateStrategy::OnDelete => json!({ "type": "OnDelete" }),
        StatefulSetUpdateStrategy::RollingUpdate {
            partition,
            max_unavailable,
        } => {
            let mut r = json!({ "partition": partition });
            if *max_unavailable != IntOrPercent::Int(1) {
                r["maxUnavailable"] = int_or_percent(*max_unavailable);
            }
            json!({ "type": "RollingUpdate", "rollingUpdate": r })
        }
    };
    let claims: Vec<Value> = s
        .spec
        .volume_claim_templates
        .iter()
        .map(|t| {
            let mut meta = json!({ "name": t.name });
            if !t.labels.is_empty() {
                meta["labels"] = json!(t.labels);
            }
            let mut spec = json!({
                "accessModes": t.access_modes,
                "resources": { "requests": { "storage": t.storage.text } },
                "volumeMode": "Filesystem",
            });
            if let Some(c) = &t.storage_class {
                spec["storageClassName"] = json!(c);
            }
            json!({
                "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta,
                "spec": spec, "status": { "phase": "Pending" },
            })
        })
        .collect();
    let st = &s.status;
    let mut v = json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta_json(&s.meta, true),
        "spec": {
            "persistentVolumeClaimRetentionPolicy": {
                "whenDeleted": s.spec.claim_retention.0.as_str(),
                "whenScaled": s.spec.claim_retention.1.as_str(),
            },
            "podManagementPolicy": s.spec.pod_management_policy.as_str(),
            "replicas": s.spec.replicas,
            "revisionHistoryLimit": s.spec.revision_history_limit,
            "selector": { "matchLabels": s.spec.selector.match_labels },
            "serviceName": s.spec.service_name,
            "template": template_json(&s.spec.template),
            "updateStrategy": update,
        },
        "status": {
            "availableReplicas": st.available_replicas,
            "collisionCount": 0,
            "currentReplicas": st.current_replicas,
            "currentRevision": st.current_revision,
            "observedGeneration": st.observed_generation,
            "readyReplicas": st.ready_replicas,
            "replicas": st.replicas,
            "updateRevision": st.update_revision,
            "updatedReplicas": st.updated_replicas,
        }
    });
    if !claims.is_empty() {
        v["spec"]["volumeClaimTemplates"] = json!(claims);
    }
    if s.spec.min_ready_seconds > 0 {
        v["spec"]["minReadySeconds"] = json!(s.spec.min_ready_seconds);
    }
    // The API leaves out `omitempty` counts at zero.
    for field in ["readyReplicas", "currentReplicas", "updatedReplicas"] {
        if v["status"][field] == json!(0) {
            if let Some(o) = v["status"].as_object_mut() {
                o.remove(field);
            }
        }
    }
    v
}

pub(super) fn daemonset_json(d: &DaemonSet) -> Value {
    let update = match &d.spec.update_strategy {
        DaemonSetUpdateStrategy::OnDelete => json!({ "type": "OnDelete" }),
        DaemonSetUpdateStrategy::RollingUpdate {
            max_unavailable,
            max_surge,
        } => json!({
            "type": "RollingUpdate",
            "rollingUpdate": {
                "maxSurge": int_or_percent(*max_surge),
                "maxUnavailable": int_or_percent(*max_unavailable),
            }
        }),
    };
    let s = &d.status;
    let mut v = json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta_json(&d.meta, true),
        "spec": {
            "revisionHistoryLimit": d.spec.revision_history_limit,
            "selector": { "matchLabels": d.spec.selector.match_labels },
            "template": template_json(&d.spec.template),
            "updateStrategy": update,
        },
        "status": {
            "currentNumberScheduled": s.current_number_scheduled,
            "desiredNumberScheduled": s.desired_number_scheduled,
            "numberAvailable": s.number_available,
            "numberMisscheduled": s.number_misscheduled,
            "numberReady": s.number_ready,
            "observedGeneration": s.observed_generation,
            "updatedNumberScheduled": s.updated_number_scheduled,
        }
    });
    if d.spec.min_ready_seconds > 0 {
        v["spec"]["minReadySeconds"] = json!(d.spec.min_ready_seconds);
    }
    if s.number_available == 0 {
        if let Some(o) = v["status"].as_object_mut() {
            o.remove("numberAvailable");
        }
    }
    v
}

pub(super) fn pvc_json(c: &PersistentVolumeClaim) -> Value {
    let mut meta = meta_json(&c.meta, true);
    meta["annotations"] = json!({
        "pv.kubernetes.io/bind-completed": "yes",
        "pv.kubernetes.io/bound-by-controller": "yes",
        "volume.beta.kubernetes.io/storage-provisioner": "rancher.io/local-path",
        "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path",
    });
    meta["finalizers"] = json!(["kubernetes.io/pvc-protection"]);
    json!({
        "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta,
        "spec": {
            "accessModes": c.access_modes,
            "resources": { "requests": { "storage": c.storage.text } },
            "storageClassName": c.storage_class,
            "volumeMode": "Filesystem",
            "volumeName": c.volume_name,
        },
        "status": {
            "accessModes": c.access_modes,
            "capacity": { "storage": c.storage.text },
            "phase": "Bound",
        }
    })
}

/// The names `delete -l`/`--all` selects among one of these kinds in `ns`.
pub(super) fn selected_names(
    w: &World,
    res: Resource,
    ns: &str,
    sel: &Option<Labels>,
) -> Vec<String> {
    let store = &w.k.store;
    let keep = |m: &crate::sim::store::ObjectMeta| m.namespace == ns && matches(sel, &m.labels);
    match res {
        Resource::StatefulSets => store
            .statefulsets
            .values()
            .filter(|s| keep(&s.meta))
            .map(|s| s.meta.name.clone())
            .collect(),
        Resource::DaemonSets => store
            .daemonsets
            .values()
            .filter(|s| keep(&s.meta))
            .map(|s| s.meta.name.clone())
            .collect(),
        _ => store
            .pvcs
            .values()
            .filter(|s| keep(&s.meta))
            .map(|s| s.meta.name.clone())
            .collect(),
    }
}

/// A namespace being deleted takes its StatefulSets, DaemonSets and claims with it.
pub(super) fn delete_in_namespace(w: &mut World, ns: &str) {
    let sts: Vec<_> =
        w.k.store
            .statefulsets
            .keys()
            .filter(|k| k.0 == ns)
            .cloned()
            .collect();
    for k in sts {
        w.controllers().delete_statefulset(&k);
    }
    let dss: Vec<_> =
        w.k.store
            .daemonsets
            .keys()
            .filter(|k| k.0 == ns)
            .cloned()
            .collect();
    for k in dss {
        w.controllers().delete_daemonset(&k);
    }
    w.k.store.pvcs.retain(|k, _| k.0 != ns);
}

/// `kubectl describe statefulset|daemonset|pvc [NAME…]`.
pub(super) fn describe(
    w: &World,
    res: Resource,
    ns: &str,
    sel: &Option<Labels>,
    names: &[String],
) -> Result<Vec<String>, CommandError> {
    let found = selected_names(w, res, ns, sel);
    let list: Vec<String> = if names.is_empty() {
        found
    } else {
        for n in names {
            let key = (ns.to_string(), n.clone());
            let exists = match res {
                Resource::StatefulSets => w.k.store.statefulsets.contains_key(&key),
                Resource::DaemonSets => w.k.store.daemonsets.contains_key(&key),
                _ => w.k.store.pvcs.contains_key(&key),
            };
            if !exists {
                return err(format!(
                    "Error from server (NotFound): {} \"{n}\" not found",
                    res.plural()
                ));
            }
        }
        names.to_vec()
    };
    Ok(list
        .into_iter()
        .map(|n| {
            let key = (ns.to_string(), n);
            match res {
                Resource::StatefulSets => describe_statefulset(w, &w.k.store.statefulsets[&key]),
                Resource::DaemonSets => describe_daemonset(w, &w.k.store.daemonsets[&key]),
                _ => describe_pvc(w, &w.k.store.pvcs[&key]),
            }
        })
        .collect())
}

/// `Pods Status:` of a workload: its pods by phase.
fn pods_status(w: &World, ns: &str, owner: &str, uid: &str) -> String {
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for id in w.k.store.pods_of(ns, owner) {
        let p = &w.k.store.pods[&id];
        if p.meta.owner.as_ref().is_none_or(|o| o.uid != uid) {
            continue;
        }
        match p.status.phase {
            PodPhase::Running => running += 1,
            PodPhase::Pending => waiting += 1,
            PodPhase::Succeeded => succeeded += 1,
            PodPhase::Failed => failed += 1,
        }
    }
    format!("{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed")
}

fn describe_statefulset(w: &World, s: &StatefulSet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<20}{}", "Name:", s.meta.name);
    let _ = writeln!(out, "{:<20}{}", "Namespace:", s.meta.namespace);
    let _ = writeln!(
        out,
        "{:<20}{}",
        "CreationTimestamp:",
        timestamp(s.meta.creation_ms)
    );
    let _ = writeln!(
        out,
        "{:<20}{}",
        "Selector:",
        labels_inline(&s.spec.selector.match_labels)
    );
    out.push_str(&labels_block("Labels", &s.meta.labels, 20));
    out.push_str(&annotations_block(&s.meta.annotations, 20));
    let _ = writeln!(
        out,
        "{:<20}{} desired | {} total",
        "Replicas:", s.spec.replicas, s.status.replicas
    );
    match &s.spec.update_strategy {
        StatefulSetUpdateStrategy::RollingUpdate { partition, .. } => {
            let _ = writeln!(out, "{:<20}RollingUpdate", "Update Strategy:");
            let _ = writeln!(out, "  {:<18}{partition}", "Partition:");
        }
        StatefulSetUpdateStrategy::OnDelete => {
            let _ = writeln!(out, "{:<20}OnDelete", "Update Strategy:");
        }
    }
    let _ = writeln!(
        out,
        "{:<20}{}",
        "Pods Status:",
        pods_status(w, &s.meta.namespace, &s.meta.name, &s.meta.uid)
    );
    pod_template_lines(&mut out, &s.spec.template);
    if s.spec.volume_claim_templates.is_empty() {
        out.push_str("Volume Claims:  <none>\n");
    } else {
        out.push_str("Volume Claims:\n");
        for t in &s.spec.volume_claim_templates {
            let _ = writeln!(out, "  {:<15}{}", "Name:", t.name);
            let _ = writeln!(
                out,
                "  {:<15}{}",
                "StorageClass:",
                t.storage_class.as_deref().unwrap_or_default()
            );
            out.push_str(&labels_block("  Labels", &t.labels, 17));
            let _ = writeln!(out, "  {:<15}<none>", "Annotations:");
            let _ = writeln!(out, "  {:<15}{}", "Capacity:", t.storage.text);
            let _ = writeln!(
                out,
                "  {:<15}[{}]",
                "Access Modes:",
                t.access_modes.join(" ")
            );
        }
    }
    out.push_str(&events_section(
        w,
        &s.meta.namespace,
        &format!("statefulset/{}", s.meta.name),
    ));
    out
}

fn describe_daemonset(w: &World, d: &DaemonSet) -> String {
    // kubectl aligns the first lines as one block and prints the counts untabbed.
    let mut out = String::new();
    let st = &d.status;
    let _ = writeln!(out, "{:<16}{}", "Name:", d.meta.name);
    let _ = writeln!(
        out,
        "{:<16}{}",
        "Selector:",
        labels_inline(&d.spec.selector.match_labels)
    );
    let _ = writeln!(
        out,
        "{:<16}{}",
        "Node-Selector:",
        labels_inline(&d.spec.template.spec.node_selector)
    );
    out.push_str(&labels_block("Labels", &d.meta.labels, 16));
    let mut annotations = d.meta.annotations.clone();
    annotations.insert(
        "deprecated.daemonset.template.generation".into(),
        d.meta.generation.to_string(),
    );
    out.push_str(&annotations_block(&annotations, 16));
    let _ = writeln!(
        out,
        "Desired Number of Nodes Scheduled: {}",
        st.desired_number_scheduled
    );
    let _ = writeln!(
        out,
        "Current Number of Nodes Scheduled: {}",
        st.current_number_scheduled
    );
    let _ = writeln!(
        out,
        "Number of Nodes Scheduled with Up-to-date Pods: {}",
        st.updated_number_scheduled
    );
    let _ = writeln!(
        out,
        "Number of Nodes Scheduled with Available Pods: {}",
        st.number_available
    );
    let _ = writeln!(
        out,
        "Number of Nodes Misscheduled: {}",
        st.number_misscheduled
    );
    let _ = writeln!(
        out,
        "{:<14}{}",
        "Pods Status:",
        pods_status(w, &d.meta.namespace, &d.meta.name, &d.meta.uid)
    );
    pod_template_lines(&mut out, &d.spec.template);
    out.push_str(&events_section(
        w,
        &d.meta.namespace,
        &format!("daemonset/{}", d.meta.name),
    ));
    out
}

fn describe_pvc(w: &World, c: &PersistentVolumeClaim) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<15}{}", "Name:", c.meta.name);
    let _ = writeln!(out, "{:<15}{}", "Namespace:", c.meta.namespace);
    let _ = writeln!(out, "{:<15}{}", "StorageClass:", c.storage_class);
    let _ = writeln!(out, "{:<15}Bound", "Status:");
    let _ = writeln!(out, "{:<15}{}", "Volume:", c.volume_name);
    out.push_str(&labels_block("Labels", &c.meta.labels, 15));
    let _ = writeln!(
        out,
        "{:<15}pv.kubernetes.io/bind-completed: yes",
        "Annotations:"
    );
    let _ = writeln!(out, "{:<15}pv.kubernetes.io/bound-by-controller: yes", "");
    let _ = writeln!(out, "{:<15}[kubernetes.io/pvc-protection]", "Finalizers:");
    let _ = writeln!(out, "{:<15}{}", "Capacity:", c.storage.text);
    let _ = writeln!(out, "{:<15}{}", "Access Modes:", c.access_modes_short());
    let _ = writeln!(out, "{:<15}Filesystem", "VolumeMode:");
    let users: Vec<String> =
        w.k.store
            .pods
            .values()
            .filter(|p| {
                p.meta.namespace == c.meta.namespace
                    && c.meta
                        .name
                        .split_once('-')
                        .is_some_and(|(_, pod)| pod == p.meta.name)
            })
            .map(|p| p.meta.name.clone())
            .collect();
    let used = if users.is_empty() {
        "<none>".to_string()
    } else {
        users.join(", ")
    };
    let _ = writeln!(out, "{:<15}{used}", "Used By:");
    out.push_str(&events_section(
        w,
        &c.meta.namespace,
        &format!("persistentvolumeclaim/{}", c.meta.name),
    ));
    out
}
