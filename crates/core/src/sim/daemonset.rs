//! The DaemonSet controller: one pod on every node the pod may run on.
//!
//! A node is eligible when the template's `nodeSelector` matches it and its taints are
//! tolerated (with the tolerations the controller adds to every daemon pod: not-ready,
//! unreachable, the pressure conditions and unschedulable). Each daemon pod carries a required
//! node affinity on its node's `metadata.name` and goes through the default scheduler, as in
//! current Kubernetes. A new node gets a pod; a pod whose node went away or no longer fits is
//! removed. RollingUpdate replaces outdated pods while at most `maxUnavailable` nodes are
//! without an available pod (maxSurge is read and treated as 0: old pods go before new ones).

use crate::input::model::{DaemonSetSpec, DaemonSetUpdateStrategy};
use crate::input::model::{
    IntOrPercent, ManifestMeta, Millis, PodTemplate, TaintEffect, Toleration,
};
use crate::sim::controllers::{ApplyOutcome, Controllers};
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::kubelet::Kubelet;
use crate::sim::statefulset::{object_meta, record_revision};
use crate::sim::store::{DaemonSet, DaemonSetStatus, REVISION_LABEL};
use crate::sim::store::{Key, OwnerRef, PodId, PodPhase};
use crate::sim::timer::Timer;

/// The tolerations the DaemonSet controller adds to each of its pods.
pub fn daemon_tolerations() -> Vec<Toleration> {
    let t = |key: &str, effect: TaintEffect| Toleration {
        key: Some(key.to_string()),
        exists: true,
        value: String::new(),
        effect: Some(effect),
    };
    vec![
        t("node.kubernetes.io/not-ready", TaintEffect::NoExecute),
        t("node.kubernetes.io/unreachable", TaintEffect::NoExecute),
        t("node.kubernetes.io/disk-pressure", TaintEffect::NoSchedule),
        t(
            "node.kubernetes.io/memory-pressure",
            TaintEffect::NoSchedule,
        ),
        t("node.kubernetes.io/pid-pressure", TaintEffect::NoSchedule),
        t("node.kubernetes.io/unschedulable", TaintEffect::NoSchedule),
    ]
}

/// The template's tolerations followed by the controller's (those not already there).
fn pod_tolerations(template: &PodTemplate) -> Vec<Toleration> {
    let mut all = template.spec.tolerations.clone();
    for t in daemon_tolerations() {
        if !all.contains(&t) {
            all.push(t);
        }
    }
    all
}

impl Controllers<'_> {
    fn kubelet_ds(&mut self) -> Kubelet<'_> {
        Kubelet {
            agents: &mut *self.agents,
            k: &mut *self.k,
            out: self.out,
        }
    }

    /// A DaemonSet applied: created, or updated (the selector is immutable).
    pub(crate) fn apply_daemonset(
        &mut self,
        ns: &str,
        meta: &ManifestMeta,
        spec: &DaemonSetSpec,
    ) -> Result<ApplyOutcome, String> {
        let key = (ns.to_string(), meta.name.clone());
        let now = self.k.now_ms;
        let outcome = match self.k.store.daemonsets.get_mut(&key) {
            Some(d) if d.spec == *spec && d.meta.labels == meta.labels => ApplyOutcome::Unchanged,
            Some(d) => {
                if d.spec.selector != spec.selector {
                    return Err(format!(
                        "The DaemonSet \"{}\" is invalid: spec.selector: Invalid value: {}: field is immutable",
                        meta.name,
                        go_selector(&spec.selector)
                    ));
                }
                if d.spec != *spec {
                    d.meta.generation += 1;
                }
                d.spec = spec.clone();
                d.meta.labels = meta.labels.clone();
                d.meta.annotations = meta.annotations.clone();
                ApplyOutcome::Configured
            }
            None => {
                let uid = self.k.rng.uuid();
                let d = DaemonSet {
                    meta: object_meta(
                        &meta.name,
                        ns,
                        meta.labels.clone(),
                        meta.annotations.clone(),
                        now,
                        uid,
                        None,
                    ),
                    spec: spec.clone(),
                    status: DaemonSetStatus::default(),
                    revisions: Vec::new(),
                    seen_nodes: Vec::new(),
                };
                self.k.store.daemonsets.insert(key.clone(), d);
                ApplyOutcome::Created
            }
        };
        if outcome != ApplyOutcome::Unchanged {
            let rv = self.k.store.next_rv();
            if let Some(d) = self.k.store.daemonsets.get_mut(&key) {
                d.meta.resource_version = rv;
            }
            self.k.dirty_daemonsets.insert(key);
        }
        Ok(outcome)
    }

    /// Deletes a DaemonSet and, through garbage collection, its pods.
    pub(crate) fn delete_daemonset(&mut self, key: &Key) -> bool {
        let Some(d) = self.k.store.daemonsets.remove(key) else {
            return false;
        };
        for id in self.owned_pods(key, &d.meta.uid) {
            self.kubelet_ds().delete_pod_gracefully(id, None);
        }
        true
    }

    /// The nodes a daemon pod of this template should run on, by name: the selector matches
    /// and every NoSchedule and NoExecute taint is tolerated (`keep`: only NoExecute ones,
    /// which is what a pod already there must tolerate to stay).
    pub(crate) fn eligible_nodes(&self, template: &PodTemplate, keep: bool) -> Vec<String> {
        let mut tolerations = pod_tolerations(template);
        if keep {
            // A NoSchedule taint does not evict: tolerate them all.
            tolerations.push(Toleration {
                key: None,
                exists: true,
                value: String::new(),
                effect: Some(TaintEffect::NoSchedule),
            });
        }
        let mut out: Vec<String> = self
            .k
            .node_index
            .iter()
            .map(|(_, &i)| &self.k.nodes[i])
            .filter(|n| !n.removed && !n.hidden)
            .filter(|n| {
                template
                    .spec
                    .node_selector
                    .iter()
                    .all(|(k, v)| n.labels.get(k) == Some(v))
            })
            .filter(|n| crate::sim::scheduler::untolerated(n, &tolerations).is_none())
            .map(|n| n.name.clone())
            .collect();
        crate::base::sort::sort(&mut out);
        out
    }

    /// Marks the DaemonSets whose eligible nodes changed since their last pass. Returns
    /// whether any was.
    pub(crate) fn daemonsets_see_nodes(&mut self) -> bool {
        let mut stale = Vec::new();
        for (key, d) in self.k.store.daemonsets.iter() {
            if self.eligible_nodes(&d.spec.template, false) != d.seen_nodes {
                stale.push(key.clone());
            }
        }
        let any = !stale.is_empty();
        for key in stale {
            self.k.dirty_daemonsets.insert(key);
        }
        any
    }

    /// One pass of the DaemonSet controller.
    pub(crate) fn reconcile_daemonset(&mut self, key: &Key) {
        let Some(d) = self.k.store.daemonsets.get_mut(key) else {
            return;
        };
        let spec = d.spec.clone();
        let uid = d.meta.uid.clone();
        let hash = record_revision(
            &mut d.revisions,
            &spec.template,
            spec.revision_history_limit,
            &[],
        );
        let nodes = self.eligible_nodes(&spec.template, false);
        let keep = self.eligible_nodes(&spec.template, true);
        if let Some(d) = self.k.store.daemonsets.get_mut(key) {
            d.seen_nodes = nodes.clone();
        }
        let owner = OwnerRef {
            kind: "DaemonSet",
            name: key.1.clone(),
            uid: uid.clone(),
        };
        let min_ready_ms = Millis::from(spec.min_ready_seconds) * 1000;
        let now = self.k.now_ms;
        // Each node's live pod (the first by name when there are several: the rest go).
        let mut on_node: std::collections::BTreeMap<String, PodId> = Default::default();
        for id in self.owned_pods(key, &uid) {
            let p = &self.k.store.pods[&id];
            if p.meta.deletion_ms.is_some() {
                continue;
            }
            let node = p.spec.affinity_node.clone().unwrap_or_default();
            let failed = matches!(p.status.phase, PodPhase::Failed | PodPhase::Succeeded);
            if failed || !keep.contains(&node) || on_node.contains_key(&node) {
                self.delete_daemon_pod(key, id);
            } else {
                on_node.insert(node, id);
            }
        }
        for node in &nodes {
            if !on_node.contains_key(node) && !self.daemon_pod_leaving(key, &uid, node) {
                self.create_daemon_pod(key, &spec.template, &owner, node, &hash);
            }
        }
        if let DaemonSetUpdateStrategy::RollingUpdate {
            max_unavailable, ..
        } = spec.update_strategy
        {
            self.roll_daemon_pods(
                key,
                &on_node,
                &hash,
                max_unavailable,
                nodes.len(),
                min_ready_ms,
            );
        }
        self.write_daemonset_status(key, &uid, &nodes, &hash, min_ready_ms, now);
    }

    /// Whether a deleted pod of this DaemonSet is still terminating on `node`: its
    /// replacement waits, so at most one daemon pod runs on a node at a time.
    fn daemon_pod_leaving(&self, key: &Key, uid: &str, node: &str) -> bool {
        self.owned_pods(key, uid).iter().any(|id| {
            let p = &self.k.store.pods[id];
            p.meta.deletion_ms.is_some() && p.spec.affinity_node.as_deref() == Some(node)
        })
    }

    /// Deletes outdated pods: those not available at once, then as many available ones as
    /// maxUnavailable leaves room for.
    fn roll_daemon_pods(
        &mut self,
        key: &Key,
        on_node: &std::collections::BTreeMap<String, PodId>,
        hash: &str,
        max_unavailable: IntOrPercent,
        desired: usize,
        min_ready_ms: Millis,
    ) {
        let now = self.k.now_ms;
        let budget = max_unavailable.resolve(desired as u32, true).max(1) as usize;
        let available = |p: &crate::sim::store::Pod| {
            p.meta.deletion_ms.is_none()
                && p.is_ready()
                && p.status
                    .ready_since_ms
                    .is_some_and(|t| now >= t + min_ready_ms)
        };
        let mut unavailable = desired.saturating_sub(on_node.len());
        let mut old_available = Vec::new();
        for &id in on_node.values() {
            let p = &self.k.store.pods[&id];
            let old = p.meta.labels.get(REVISION_LABEL).map(String::as_str) != Some(hash);
            if available(p) {
                if old {
                    old_available.push(id);
                }
            } else {
                unavailable += 1;
                if old {
                    self.delete_daemon_pod(key, id);
                }
            }
        }
        for id in old_available {
            if unavailable >= budget {
                break;
            }
            self.delete_daemon_pod(key, id);
            unavailable += 1;
        }
    }

    fn create_daemon_pod(
        &mut self,
        key: &Key,
        template: &PodTemplate,
        owner: &OwnerRef,
        node: &str,
        hash: &str,
    ) {
        let name = loop {
            let n = format!("{}-{}", key.1, self.k.rng.alphanums(5));
            if self.k.store.pod_by_name(&key.0, &n).is_none() {
                break n;
            }
        };
        let mut labels = template.labels.clone();
        labels.insert(REVISION_LABEL.into(), hash.to_string());
        let mut spec = template.spec.clone();
        spec.affinity_node = Some(node.to_string());
        spec.tolerations = pod_tolerations(template);
        let (event_type, reason, message) = match self.create_pod(
            &key.0,
            &name,
            labels,
            template.annotations.clone(),
            spec,
            Some(owner.clone()),
        ) {
            Ok(_) => (
                EventType::Normal,
                Reason::SuccessfulCreate,
                format!("Created pod: {name}"),
            ),
            Err(msg) => (
                EventType::Warning,
                Reason::FailedCreate,
                format!("Error creating: {msg}"),
            ),
        };
        self.k.emit(
            event_type,
            reason,
            format!("daemonset/{}", key.1),
            &key.0,
            message,
            Component::DaemonSetController,
        );
    }

    fn delete_daemon_pod(&mut self, key: &Key, id: PodId) {
        let name = self.k.store.pods[&id].meta.name.clone();
        self.kubelet_ds().delete_pod_gracefully(id, None);
        self.k.emit(
            EventType::Normal,
            Reason::SuccessfulDelete,
            format!("daemonset/{}", key.1),
            &key.0,
            format!("Deleted pod: {name}"),
            Component::DaemonSetController,
        );
    }

    fn write_daemonset_status(
        &mut self,
        key: &Key,
        uid: &str,
        nodes: &[String],
        hash: &str,
        min_ready_ms: Millis,
        now: Millis,
    ) {
        let Some(d) = self.k.store.daemonsets.get(key) else {
            return;
        };
        let mut st = DaemonSetStatus {
            observed_generation: d.meta.generation,
            desired_number_scheduled: nodes.len() as u32,
            ..Default::default()
        };
        let mut next_available: Option<Millis> = None;
        for id in self.owned_pods(key, uid) {
            let p = &self.k.store.pods[&id];
            if p.meta.deletion_ms.is_some() {
                continue;
            }
            let on = p.spec.affinity_node.as_deref().unwrap_or_default();
            if !nodes.iter().any(|n| n == on) {
                st.number_misscheduled += 1;
                continue;
            }
            if p.spec.node_name.is_some() {
                st.current_number_scheduled += 1;
            }
            if p.meta.labels.get(REVISION_LABEL).map(String::as_str) == Some(hash) {
                st.updated_number_scheduled += 1;
            }
            if p.is_ready() {
                st.number_ready += 1;
                match p.status.ready_since_ms.map(|t| t + min_ready_ms) {
                    Some(t) if now >= t => st.number_available += 1,
                    Some(t) => next_available = Some(next_available.map_or(t, |n| n.min(t))),
                    None => {}
                }
            }
        }
        if let Some(t) = next_available {
            self.k.set_timer(
                t,
                Timer::SyncReplicaSet {
                    namespace: key.0.clone(),
                    name: key.1.clone(),
                },
            );
        }
        if self
            .k
            .store
            .daemonsets
            .get(key)
            .is_some_and(|d| d.status != st)
        {
            let rv = self.k.store.next_rv();
            if let Some(d) = self.k.store.daemonsets.get_mut(key) {
                d.status = st;
                d.meta.resource_version = rv;
            }
        }
    }
}

/// A label selector as the API server prints it in a Go `%#v` message.
fn go_selector(s: &crate::input::model::LabelSelector) -> String {
    let labels = s
        .match_labels
        .iter()
        .map(|(k, v)| format!("{k:?}:{v:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    let labels = if s.match_labels.is_empty() {
        "map[string]string(nil)".to_string()
    } else {
        format!("map[string]string{{{labels}}}")
    };
    format!(
        "v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}"
    )
}
