//! The StatefulSet controller: pods with a stable identity.
//!
//! Pod `NAME-i` for each ordinal `i` below `replicas`, with hostname `NAME-i` in the subdomain
//! of the governing Service, and for each claim template a PersistentVolumeClaim
//! `TEMPLATE-NAME-i` made before the pod and kept after it (Kubernetes' default retention).
//! OrderedReady creates one pod at a time, each waiting until the one before is Running and
//! Ready, and removes from the highest ordinal down, one at a time; Parallel does both at once.
//! A RollingUpdate replaces pods whose revision is not the template's, highest ordinal first,
//! down to the partition, waiting for each to be healthy again. Level-triggered like
//! kube-controller-manager's `StatefulSetControl`: each pass looks at what exists and takes the
//! next step.

use crate::input::model::ManifestMeta;
use crate::input::model::{
    ClaimRetention, PodManagementPolicy, StatefulSetSpec, StatefulSetUpdateStrategy,
};
use crate::input::model::{Labels, Millis, PodTemplate};
use crate::sim::controllers::{ApplyOutcome, Controllers};
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::kubelet::Kubelet;
use crate::sim::store::{Key, ObjectMeta, OwnerRef, Pod, PodId, PodPhase};
use crate::sim::store::{
    PersistentVolumeClaim, Revision, StatefulSet, StatefulSetStatus, REVISION_LABEL,
};
use crate::sim::timer::Timer;

/// The storage class a claim without `storageClassName` gets (the cluster's default).
pub const DEFAULT_STORAGE_CLASS: &str = "standard";

/// The API server's refusal of a change to a field it keeps fixed.
const FORBIDDEN_UPDATE: &str = "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

/// The ordinal of a pod named `NAME-i` of the StatefulSet `NAME`.
pub fn ordinal_of(set: &str, pod: &str) -> Option<u32> {
    let rest = pod.strip_prefix(set)?.strip_prefix('-')?;
    if rest.is_empty() || rest.len() > 9 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if rest.len() > 1 && rest.starts_with('0') {
        return None;
    }
    rest.parse().ok()
}

/// Running, Ready, not terminating: what OrderedReady waits for.
fn running_and_ready(p: &Pod) -> bool {
    p.status.phase == PodPhase::Running && p.is_ready() && p.meta.deletion_ms.is_none()
}

/// The fields an update may change put back as they were: what must then be equal.
fn fixed_fields(spec: &StatefulSetSpec) -> StatefulSetSpec {
    let mut s = spec.clone();
    s.replicas = 0;
    s.template.labels.clear();
    s.template.annotations.clear();
    s.template.spec.containers.clear();
    s.template.spec.init_count = 0;
    s.template.spec.tolerations.clear();
    s.template.spec.node_selector.clear();
    s.update_strategy = StatefulSetUpdateStrategy::OnDelete;
    s.claim_retention = (ClaimRetention::Retain, ClaimRetention::Retain);
    s.min_ready_seconds = 0;
    s
}

impl Controllers<'_> {
    fn kubelet_here(&mut self) -> Kubelet<'_> {
        Kubelet {
            agents: &mut *self.agents,
            k: &mut *self.k,
            out: self.out,
        }
    }

    /// A StatefulSet applied: created, or its changeable fields updated (the API server's
    /// Forbidden for any other).
    pub(crate) fn apply_statefulset(
        &mut self,
        ns: &str,
        meta: &ManifestMeta,
        spec: &StatefulSetSpec,
    ) -> Result<ApplyOutcome, String> {
        let key = (ns.to_string(), meta.name.clone());
        let now = self.k.now_ms;
        let outcome = match self.k.store.statefulsets.get_mut(&key) {
            Some(s) if s.spec == *spec && s.meta.labels == meta.labels => ApplyOutcome::Unchanged,
            Some(s) => {
                if fixed_fields(&s.spec) != fixed_fields(spec) {
                    return Err(format!(
                        "The StatefulSet \"{}\" is invalid: {FORBIDDEN_UPDATE}",
                        meta.name
                    ));
                }
                if s.spec != *spec {
                    s.meta.generation += 1;
                }
                s.spec = spec.clone();
                s.meta.labels = meta.labels.clone();
                s.meta.annotations = meta.annotations.clone();
                ApplyOutcome::Configured
            }
            None => {
                let uid = self.k.rng.uuid();
                let s = StatefulSet {
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
                    status: StatefulSetStatus::default(),
                    revisions: Vec::new(),
                };
                self.k.store.statefulsets.insert(key.clone(), s);
                ApplyOutcome::Created
            }
        };
        if outcome != ApplyOutcome::Unchanged {
            let rv = self.k.store.next_rv();
            if let Some(s) = self.k.store.statefulsets.get_mut(&key) {
                s.meta.resource_version = rv;
            }
            self.k.dirty_statefulsets.insert(key);
        }
        Ok(outcome)
    }

    /// Deletes a StatefulSet and, through garbage collection, its pods; claims stay unless
    /// `whenDeleted: Delete`.
    pub(crate) fn delete_statefulset(&mut self, key: &Key) -> bool {
        let Some(s) = self.k.store.statefulsets.remove(key) else {
            return false;
        };
        for id in self.owned_pods(key, &s.meta.uid) {
            self.kubelet_here().delete_pod_gracefully(id, None);
        }
        if s.spec.claim_retention.0 == ClaimRetention::Delete {
            let claims: Vec<Key> = self
                .k
                .store
                .pvcs
                .keys()
                .filter(|(ns, name)| {
                    *ns == key.0
                        && s.spec.volume_claim_templates.iter().any(|t| {
                            name.strip_prefix(&format!("{}-", t.name))
                                .and_then(|rest| ordinal_of(&key.1, rest))
                                .is_some()
                        })
                })
                .cloned()
                .collect();
            for c in claims {
                self.k.store.pvcs.remove(&c);
            }
        }
        true
    }

    /// `kubectl delete statefulset --cascade=orphan`: the StatefulSet goes, its pods stay
    /// without an owner (a StatefulSet of that name made later adopts them).
    pub(crate) fn orphan_statefulset(&mut self, key: &Key) -> bool {
        let Some(s) = self.k.store.statefulsets.remove(key) else {
            return false;
        };
        for id in self.owned_pods(key, &s.meta.uid) {
            self.k.store.set_owner(id, None);
        }
        true
    }

    /// Adopts the pods without an owner that the selector matches and whose names are this
    /// set's ordinals, as the controller's ref manager does.
    fn adopt_orphans(&mut self, key: &Key, owner: &OwnerRef, spec: &StatefulSetSpec) {
        let orphans: Vec<PodId> = self
            .k
            .store
            .pods
            .values()
            .filter(|p| {
                p.meta.namespace == key.0
                    && p.meta.owner.is_none()
                    && p.meta.deletion_ms.is_none()
                    && ordinal_of(&key.1, &p.meta.name).is_some()
                    && spec.selector.matches(&p.meta.labels)
            })
            .map(|p| p.id)
            .collect();
        for id in orphans {
            self.k.store.set_owner(id, Some(owner.clone()));
        }
    }

    /// The pods in the set's namespace owned by the object with `uid`.
    pub(crate) fn owned_pods(&self, key: &Key, uid: &str) -> Vec<PodId> {
        self.k
            .store
            .pods_of(&key.0, &key.1)
            .into_iter()
            .filter(|id| {
                self.k.store.pods[id]
                    .meta
                    .owner
                    .as_ref()
                    .is_some_and(|o| o.uid == uid)
            })
            .collect()
    }

    /// A pod's owner woke it by name: the StatefulSet or DaemonSet of that name, if any.
    pub(crate) fn wake_apps_owner(&mut self, key: &Key) {
        if self.k.store.statefulsets.contains_key(key) {
            self.k.dirty_statefulsets.insert(key.clone());
        }
        if self.k.store.daemonsets.contains_key(key) {
            self.k.dirty_daemonsets.insert(key.clone());
        }
    }

    /// One pass of the StatefulSet controller.
    pub(crate) fn reconcile_statefulset(&mut self, key: &Key) {
        let Some(s) = self.k.store.statefulsets.get_mut(key) else {
            return;
        };
        let spec = s.spec.clone();
        let uid = s.meta.uid.clone();
        let current_hash = s
            .status
            .current_revision
            .strip_prefix(&format!("{}-", key.1))
            .unwrap_or_default()
            .to_string();
        let hash = record_revision(
            &mut s.revisions,
            &spec.template,
            spec.revision_history_limit,
            &[current_hash.as_str()],
        );
        let update_rev = format!("{}-{hash}", key.1);
        if s.status.current_revision.is_empty() {
            s.status.current_revision = update_rev.clone();
        }
        let current_rev = s.status.current_revision.clone();
        let current_template = s
            .revision(&current_rev)
            .map_or_else(|| spec.template.clone(), |r| r.template.clone());
        let owner = OwnerRef {
            kind: "StatefulSet",
            name: key.1.clone(),
            uid: uid.clone(),
        };
        self.adopt_orphans(key, &owner, &spec);
        self.statefulset_step(
            key,
            &spec,
            &owner,
            (&current_rev, &current_template),
            &update_rev,
        );
        self.write_statefulset_status(key, &uid, &update_rev);
    }

    /// The pods by ordinal (the highest wins a name clash, which cannot happen: names are unique).
    fn pods_by_ordinal(&self, key: &Key, uid: &str) -> std::collections::BTreeMap<u32, PodId> {
        let mut out = std::collections::BTreeMap::new();
        for id in self.owned_pods(key, uid) {
            if let Some(i) = ordinal_of(&key.1, &self.k.store.pods[&id].meta.name) {
                out.insert(i, id);
            }
        }
        out
    }

    /// Takes the next steps toward the spec: create missing pods, remove condemned ones,
    /// replace outdated ones — in order, waiting where OrderedReady waits.
    fn statefulset_step(
        &mut self,
        key: &Key,
        spec: &StatefulSetSpec,
        owner: &OwnerRef,
        (current_rev, current_template): (&str, &PodTemplate),
        update_rev: &str,
    ) {
        let ordered = spec.pod_management_policy == PodManagementPolicy::OrderedReady;
        let pods = self.pods_by_ordinal(key, &owner.uid);
        // Create (or replace a finished pod) at each ordinal below replicas, in order.
        for i in 0..spec.replicas {
            match pods.get(&i).map(|id| &self.k.store.pods[id]) {
                None => {
                    let (rev, template) = match &spec.update_strategy {
                        StatefulSetUpdateStrategy::RollingUpdate { partition, .. }
                            if i < *partition =>
                        {
                            (current_rev, current_template)
                        }
                        _ => (update_rev, &spec.template),
                    };
                    let created = self.create_stateful_pod(key, spec, owner, i, rev, template);
                    if ordered || !created {
                        return;
                    }
                }
                Some(p) if matches!(p.status.phase, PodPhase::Failed | PodPhase::Succeeded) => {
                    if p.meta.deletion_ms.is_none() {
                        let id = p.id;
                        self.delete_stateful_pod(key, id);
                    }
                    if ordered {
                        return;
                    }
                }
                Some(p) if ordered && !running_and_ready(p) => return,
                Some(_) => {}
            }
        }
        // Remove the pods at ordinals past replicas, highest first.
        let condemned: Vec<(u32, PodId)> = pods
            .range(spec.replicas..)
            .rev()
            .map(|(i, id)| (*i, *id))
            .collect();
        for (i, id) in condemned {
            if self.k.store.pods[&id].meta.deletion_ms.is_some() {
                if ordered {
                    return;
                }
                continue;
            }
            self.delete_stateful_pod(key, id);
            if spec.claim_retention.1 == ClaimRetention::Delete {
                for t in &spec.volume_claim_templates {
                    let claim = (key.0.clone(), format!("{}-{}-{i}", t.name, key.1));
                    self.k.store.pvcs.remove(&claim);
                }
            }
            if ordered {
                return;
            }
        }
        // RollingUpdate: from the highest ordinal down to the partition, one pod at a time.
        let StatefulSetUpdateStrategy::RollingUpdate { partition, .. } = spec.update_strategy
        else {
            return;
        };
        let min_ready_ms = Millis::from(spec.min_ready_seconds) * 1000;
        let now = self.k.now_ms;
        for i in (partition..spec.replicas).rev() {
            let Some(&id) = pods.get(&i) else {
                return;
            };
            let p = &self.k.store.pods[&id];
            let rev = p.meta.labels.get(REVISION_LABEL).map(String::as_str);
            if rev != Some(update_rev) && p.meta.deletion_ms.is_none() {
                self.delete_stateful_pod(key, id);
                return;
            }
            let available = running_and_ready(p)
                && p.status
                    .ready_since_ms
                    .is_some_and(|t| now >= t + min_ready_ms);
            if !available {
                return;
            }
        }
    }

    /// Creates the claims of ordinal `i` that do not exist yet, then its pod. Returns whether
    /// the pod was created.
    fn create_stateful_pod(
        &mut self,
        key: &Key,
        spec: &StatefulSetSpec,
        owner: &OwnerRef,
        i: u32,
        rev: &str,
        template: &PodTemplate,
    ) -> bool {
        let name = format!("{}-{i}", key.1);
        if self.k.store.pod_by_name(&key.0, &name).is_some() {
            return false; // a pod of that name that is not ours (or still being removed)
        }
        for t in &spec.volume_claim_templates {
            let claim = format!("{}-{}-{i}", t.name, key.1);
            let ckey = (key.0.clone(), claim.clone());
            if self.k.store.pvcs.contains_key(&ckey) {
                continue;
            }
            let mut labels = t.labels.clone();
            labels.extend(spec.selector.match_labels.clone());
            let uid = self.k.rng.uuid();
            let rv = self.k.store.next_rv();
            let mut meta = object_meta(
                &claim,
                &key.0,
                labels,
                Default::default(),
                self.k.now_ms,
                uid.clone(),
                None,
            );
            meta.resource_version = rv;
            self.k.store.pvcs.insert(
                ckey,
                PersistentVolumeClaim {
                    meta,
                    access_modes: t.access_modes.clone(),
                    storage: t.storage.clone(),
                    storage_class: t
                        .storage_class
                        .clone()
                        .unwrap_or_else(|| DEFAULT_STORAGE_CLASS.to_string()),
                    volume_name: format!("pvc-{uid}"),
                    bound_ms: self.k.now_ms,
                },
            );
            self.k.emit(
                EventType::Normal,
                Reason::SuccessfulCreate,
                format!("statefulset/{}", key.1),
                &key.0,
                format!(
                    "create Claim {claim} Pod {name} in StatefulSet {} success",
                    key.1
                ),
                Component::StatefulSetController,
            );
        }
        let mut labels = template.labels.clone();
        labels.insert(REVISION_LABEL.into(), rev.to_string());
        labels.insert("statefulset.kubernetes.io/pod-name".into(), name.clone());
        labels.insert("apps.kubernetes.io/pod-index".into(), i.to_string());
        let mut pod_spec = template.spec.clone();
        pod_spec.hostname = Some(name.clone());
        if !spec.service_name.is_empty() {
            pod_spec.subdomain = Some(spec.service_name.clone());
        }
        match self.create_pod(
            &key.0,
            &name,
            labels,
            template.annotations.clone(),
            pod_spec,
            Some(owner.clone()),
        ) {
            Ok(_) => {
                self.k.emit(
                    EventType::Normal,
                    Reason::SuccessfulCreate,
                    format!("statefulset/{}", key.1),
                    &key.0,
                    format!("create Pod {name} in StatefulSet {} successful", key.1),
                    Component::StatefulSetController,
                );
                true
            }
            Err(msg) => {
                self.k.emit(
                    EventType::Warning,
                    Reason::FailedCreate,
                    format!("statefulset/{}", key.1),
                    &key.0,
                    format!(
                        "create Pod {name} in StatefulSet {} failed error: {msg}",
                        key.1
                    ),
                    Component::StatefulSetController,
                );
                false
            }
        }
    }

    fn delete_stateful_pod(&mut self, key: &Key, id: PodId) {
        let name = self.k.store.pods[&id].meta.name.clone();
        self.kubelet_here().delete_pod_gracefully(id, None);
        self.k.emit(
            EventType::Normal,
            Reason::SuccessfulDelete,
            format!("statefulset/{}", key.1),
            &key.0,
            format!("delete Pod {name} in StatefulSet {} successful", key.1),
            Component::StatefulSetController,
        );
    }

    /// Counts the pods into the status; the update becomes current once every pod runs it
    /// and is ready. Sets a timer for the next pod to pass minReadySeconds.
    fn write_statefulset_status(&mut self, key: &Key, uid: &str, update_rev: &str) {
        let Some(s) = self.k.store.statefulsets.get(key) else {
            return;
        };
        let min_ready_ms = Millis::from(s.spec.min_ready_seconds) * 1000;
        let rolling = matches!(
            s.spec.update_strategy,
            StatefulSetUpdateStrategy::RollingUpdate { .. }
        );
        let mut st = StatefulSetStatus {
            observed_generation: s.meta.generation,
            current_revision: s.status.current_revision.clone(),
            update_revision: update_rev.to_string(),
            ..Default::default()
        };
        let now = self.k.now_ms;
        let mut next_available: Option<Millis> = None;
        for id in self.owned_pods(key, uid) {
            let p = &self.k.store.pods[&id];
            if p.meta.deletion_ms.is_some() {
                continue;
            }
            st.replicas += 1;
            let rev = p.meta.labels.get(REVISION_LABEL).map(String::as_str);
            if running_and_ready(p) {
                st.ready_replicas += 1;
                match p.status.ready_since_ms.map(|t| t + min_ready_ms) {
                    Some(t) if now >= t => st.available_replicas += 1,
                    Some(t) => next_available = Some(next_available.map_or(t, |n| n.min(t))),
                    None => {}
                }
            }
            if rev == Some(st.current_revision.as_str()) {
                st.current_replicas += 1;
            }
            if rev == Some(update_rev) {
                st.updated_replicas += 1;
            }
        }
        if rolling && st.updated_replicas == st.replicas && st.ready_replicas == st.replicas {
            st.current_revision = update_rev.to_string();
            st.current_replicas = st.updated_replicas;
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
            .statefulsets
            .get(key)
            .is_some_and(|s| s.status != st)
        {
            let rv = self.k.store.next_rv();
            if let Some(s) = self.k.store.statefulsets.get_mut(key) {
                s.status = st;
                s.meta.resource_version = rv;
            }
        }
    }
}

/// Fresh metadata for an object the controllers or `apply` make.
pub(crate) fn object_meta(
    name: &str,
    namespace: &str,
    labels: Labels,
    annotations: Labels,
    now: Millis,
    uid: String,
    owner: Option<OwnerRef>,
) -> ObjectMeta {
    ObjectMeta {
        name: name.to_string(),
        namespace: namespace.to_string(),
        uid,
        resource_version: 0,
        generation: 1,
        labels,
        annotations,
        creation_ms: now,
        owner,
        deletion_ms: None,
    }
}

/// Records the template as the newest revision: a new one gets the next number; one seen
/// before (a rollback) is renumbered as the newest, as ControllerRevisions are. Keeps at most
/// `limit` old revisions besides the newest and any named in `keep`. Returns the hash.
pub(crate) fn record_revision(
    revisions: &mut Vec<Revision>,
    template: &PodTemplate,
    limit: u32,
    keep: &[&str],
) -> String {
    let hash = crate::input::model_json::pod_template_hash(template);
    let next = revisions.iter().map(|r| r.number).max().unwrap_or(0) + 1;
    match revisions.iter().position(|r| r.hash == hash) {
        Some(i) if i + 1 == revisions.len() => {}
        Some(i) => {
            let mut r = revisions.remove(i);
            r.number = next;
            revisions.push(r);
        }
        None => revisions.push(Revision {
            number: next,
            hash: hash.clone(),
            template: template.clone(),
        }),
    }
    while revisions.len() > limit as usize + 1 {
        let Some(i) = revisions
            .iter()
            .position(|r| r.hash != hash && !keep.contains(&r.hash.as_str()))
        else {
            break;
        };
        revisions.remove(i);
    }
    hash
}
