//! Reconcile controllers: Deployment → ReplicaSet → Pods.
//!
//! Level-triggered and idempotent, like kube-controller-manager's: each pass reads the desired
//! state (spec) and the observed state (the pods that exist), and takes the one action that
//! moves observed toward desired — whatever happened before. Running a pass twice does
//! nothing the second time. Every pass is recorded ([`ReconcileRecord`]) so learners can see
//! "desired 3, ready 2 → create 1 pod".
//!
//! The Deployment controller owns ReplicaSets (one per pod template, named
//! `<deployment>-<pod-template-hash>`) and rolls between them (RollingUpdate with
//! maxSurge/maxUnavailable, or Recreate). The ReplicaSet controller owns pods (named
//! `<replicaset>-<5 random chars>`), creating missing ones and deleting extra ones in
//! Kubernetes' order of preference.

use crate::base::command::CommandError;
use crate::base::rng::SimRng;
use crate::input::model::{
    DeploymentSpec, DeploymentStrategy, Labels, ManifestMeta, Millis, PodSpec, PodTemplate,
};
use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::events::EventType;
use crate::sim::history::{AvailabilitySample, History, ReconcileRecord};
use crate::sim::kernel::{Kernel, MAX_PODS};
use crate::sim::kubelet::{Kubelet, NodeAgent};
use crate::sim::outside::Outside;
use crate::sim::reconcile::{self, ReplicaSetAction, ReplicaSetCounts};
use crate::sim::store::{
    Deployment, DeploymentStatus, Key, Namespace, ObjectMeta, OwnerRef, Pod, PodId, PodPhase,
    PodStatus, ReplicaSet, ReplicaSetStatus, Store,
};
use crate::sim::timer::Timer;

pub(crate) fn insert_namespace(store: &mut Store, name: &str, now: Millis, rng: &mut SimRng) {
    let rv = store.next_rv();
    let mut labels = Labels::new();
    labels.insert("kubernetes.io/metadata.name".into(), name.into());
    store.namespaces.insert(
        name.to_string(),
        Namespace {
            meta: new_meta(name, "", labels, Labels::new(), now, rng.uuid(), rv, None),
        },
    );
}

#[allow(clippy::too_many_arguments)]
fn new_meta(
    name: &str,
    namespace: &str,
    labels: Labels,
    annotations: Labels,
    now: Millis,
    uid: String,
    rv: u64,
    owner: Option<OwnerRef>,
) -> ObjectMeta {
    ObjectMeta {
        name: name.to_string(),
        namespace: namespace.to_string(),
        uid,
        resource_version: rv,
        generation: 1,
        labels,
        annotations,
        creation_ms: now,
        owner,
        deletion_ms: None,
    }
}

/// Result of applying one object, for kubectl's `created` / `configured` / `unchanged`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyOutcome {
    Created,
    Configured,
    Unchanged,
}

impl ApplyOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplyOutcome::Created => "created",
            ApplyOutcome::Configured => "configured",
            ApplyOutcome::Unchanged => "unchanged",
        }
    }
}

/// The Deployment and ReplicaSet controllers at work: the kernel they read and write, the record
/// they keep, and the kubelets they hand pods to (a pod with `spec.nodeName` goes straight to its
/// node's agent; a deleted pod is stopped by it). Built by the facade for each call.
pub(crate) struct Controllers<'a> {
    pub(crate) k: &'a mut Kernel,
    pub(crate) history: &'a mut History,
    pub(crate) agents: &'a mut Vec<NodeAgent>,
    pub(crate) out: &'a dyn Outside,
}

impl Controllers<'_> {
    fn kubelet(&mut self) -> Kubelet<'_> {
        Kubelet {
            agents: &mut *self.agents,
            k: &mut *self.k,
            out: self.out,
        }
    }

    pub(crate) fn ensure_namespace(&mut self, ns: &str) -> Result<(), String> {
        if self.k.store.namespaces.contains_key(ns) {
            Ok(())
        } else {
            Err(format!(
                "Error from server (NotFound): namespaces \"{ns}\" not found"
            ))
        }
    }

    /// `kubectl create namespace NAME`'s operation: a valid, new name, or kubectl's error.
    pub(crate) fn create_namespace(&mut self, name: &str) -> Result<(), CommandError> {
        if let Some(e) = crate::input::definitions::validate::dns1123_label(name) {
            return Err(CommandError::new(format!(
                "The Namespace \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": {e}"
            )));
        }
        if self.k.store.namespaces.contains_key(name) {
            return Err(CommandError::new(format!(
                "Error from server (AlreadyExists): namespaces \"{name}\" already exists"
            )));
        }
        let seed = self.k.seed;
        insert_namespace(
            &mut self.k.store,
            name,
            self.k.now_ms,
            &mut SimRng::new(seed ^ 0x5eed),
        );
        Ok(())
    }

    /// A Service applied: created with the next cluster IP, or its spec and labels updated.
    pub(crate) fn apply_service(
        &mut self,
        ns: &str,
        meta: &ManifestMeta,
        spec: &crate::input::model::ServiceSpec,
    ) -> ApplyOutcome {
        let key = (ns.to_string(), meta.name.clone());
        if let Some(s) = self.k.store.services.get_mut(&key) {
            if s.spec == *spec && s.meta.labels == meta.labels {
                return ApplyOutcome::Unchanged;
            }
            s.spec = spec.clone();
            s.meta.labels = meta.labels.clone();
            return ApplyOutcome::Configured;
        }
        let rv = self.k.store.next_rv();
        let cluster_ip = crate::sim::in_pod::allocate_cluster_ip(&self.k.store, spec);
        let uid = self.k.rng.uuid();
        let svc = crate::sim::store::Service {
            meta: ObjectMeta {
                name: meta.name.clone(),
                namespace: ns.to_string(),
                uid,
                resource_version: rv,
                generation: 1,
                labels: meta.labels.clone(),
                annotations: meta.annotations.clone(),
                creation_ms: self.k.now_ms,
                owner: None,
                deletion_ms: None,
            },
            spec: spec.clone(),
            cluster_ip,
        };
        self.k.store.services.insert(key, svc);
        ApplyOutcome::Created
    }

    pub(crate) fn apply_namespace(&mut self, meta: &ManifestMeta) -> ApplyOutcome {
        if self.k.store.namespaces.contains_key(&meta.name) {
            return ApplyOutcome::Unchanged;
        }
        let now = self.k.now_ms;
        insert_namespace(&mut self.k.store, &meta.name, now, &mut self.k.rng);
        ApplyOutcome::Created
    }

    pub(crate) fn apply_deployment(
        &mut self,
        ns: &str,
        meta: &ManifestMeta,
        spec: &DeploymentSpec,
    ) -> ApplyOutcome {
        let key = (ns.to_string(), meta.name.clone());
        let now = self.k.now_ms;
        let outcome = match self.k.store.deployments.get_mut(&key) {
            Some(d)
                if d.spec == *spec
                    && d.meta.labels == meta.labels
                    && d.meta.annotations == meta.annotations =>
            {
                ApplyOutcome::Unchanged
            }
            Some(d) => {
                if d.spec != *spec {
                    d.meta.generation += 1;
                }
                d.spec = spec.clone();
                d.meta.labels = meta.labels.clone();
                d.meta.annotations = meta.annotations.clone();
                ApplyOutcome::Configured
            }
            None => {
                let rv = self.k.store.next_rv();
                let uid = self.k.rng.uuid();
                let d = Deployment {
                    meta: new_meta(
                        &meta.name,
                        ns,
                        meta.labels.clone(),
                        meta.annotations.clone(),
                        now,
                        uid,
                        rv,
                        None,
                    ),
                    spec: spec.clone(),
                    status: DeploymentStatus::default(),
                };
                self.k.store.deployments.insert(key.clone(), d);
                ApplyOutcome::Created
            }
        };
        if outcome != ApplyOutcome::Unchanged {
            let rv = self.k.store.next_rv();
            if let Some(d) = self.k.store.deployments.get_mut(&key) {
                d.meta.resource_version = rv;
            }
            self.k.dirty_deployments.insert(key);
        }
        outcome
    }

    pub(crate) fn apply_pod(
        &mut self,
        ns: &str,
        meta: &ManifestMeta,
        spec: &PodSpec,
    ) -> Result<ApplyOutcome, String> {
        if let Some(existing) = self.k.store.pod_by_name(ns, &meta.name) {
            let mut want = spec.clone();
            want.node_name = existing.spec.node_name.clone().or(want.node_name);
            if existing.spec == want && existing.meta.labels == meta.labels {
                return Ok(ApplyOutcome::Unchanged);
            }
            // Pod specs are immutable apart from a few fields; the API server refuses the rest.
            return Err(format!(
                "The Pod \"{}\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
                meta.name
            ));
        }
        self.create_pod(
            ns,
            &meta.name,
            meta.labels.clone(),
            meta.annotations.clone(),
            spec.clone(),
            None,
        )?;
        Ok(ApplyOutcome::Created)
    }

    /// Creates a pod object and hands it to the scheduler (or straight to the kubelet when
    /// `spec.nodeName` is set, which bypasses the scheduler like in Kubernetes).
    pub(crate) fn create_pod(
        &mut self,
        ns: &str,
        name: &str,
        labels: Labels,
        annotations: Labels,
        spec: PodSpec,
        owner: Option<OwnerRef>,
    ) -> Result<PodId, String> {
        let node_name = spec.node_name.clone();
        let id = self.insert_pod_object(ns, name, labels, annotations, spec, owner)?;
        match node_name.and_then(|n| self.k.node_index.get(&n).copied()) {
            Some(node) => self.kubelet().bind(id, node),
            None => self.k.enqueue_for_scheduling(id),
        }
        Ok(id)
    }

    /// The pod object alone, Pending and unbound, nobody told (ECS binds its tasks itself).
    pub(crate) fn insert_pod_object(
        &mut self,
        ns: &str,
        name: &str,
        labels: Labels,
        annotations: Labels,
        spec: PodSpec,
        owner: Option<OwnerRef>,
    ) -> Result<PodId, String> {
        if self.k.store.pods.len() >= MAX_PODS {
            return Err(format!(
                "exceeded quota: the simulation holds at most {MAX_PODS} pods"
            ));
        }
        let id = self.k.store.new_pod_id();
        let now = self.k.now_ms;
        let uid = self.k.rng.uuid();
        let mut spec = spec;
        spec.node_name = None;
        let pod = Pod {
            id,
            meta: new_meta(name, ns, labels, annotations, now, uid, 0, owner),
            spec,
            status: PodStatus {
                phase: PodPhase::Pending,
                unschedulable_message: None,
                scheduled_ms: None,
                start_ms: None,
                pod_ip: None,
                host_ip: None,
                containers: Vec::new(),
                node_lost: false,
                ready_since_ms: None,
                sandbox_ready: false,
            },
            counted: Default::default(),
            bound_to: None,
        };
        self.k.store.insert_pod(pod);
        Ok(id)
    }

    /// Deletes a Deployment and, through garbage collection, its ReplicaSets and their pods.
    pub(crate) fn delete_deployment(&mut self, key: &Key) -> bool {
        if self.k.store.deployments.remove(key).is_none() {
            return false;
        }
        self.k.store.forget_template_hash(key);
        let owned: Vec<Key> = self
            .k
            .store
            .replicasets
            .iter()
            .filter(|(k, rs)| {
                k.0 == key.0 && rs.meta.owner.as_ref().is_some_and(|o| o.name == key.1)
            })
            .map(|(k, _)| k.clone())
            .collect();
        for rs in owned {
            self.delete_replicaset(&rs);
        }
        true
    }

    pub(crate) fn delete_replicaset(&mut self, key: &Key) {
        if self.k.store.replicasets.remove(key).is_some() {
            for id in self.k.store.pods_of(&key.0, &key.1) {
                self.kubelet().delete_pod_gracefully(id, None);
            }
        }
    }

    // ------------------------------------------------------------------ Deployment controller

    /// One pass of the Deployment controller: make sure the ReplicaSet of the current template
    /// exists (created, or re-used with the newest revision on a rollback), move the pods over
    /// by the strategy, clean up old ReplicaSets and write the status.
    pub(crate) fn reconcile_deployment(&mut self, key: &Key) {
        let Some(d) = self.k.store.deployments.get(key) else {
            return;
        };
        let spec = d.spec.clone();
        let uid = d.meta.uid.clone();
        let hash = self.k.store.template_hash(key, &spec.template);
        let new_key = (key.0.clone(), format!("{}-{hash}", key.1));
        let owned = self.owned_replicasets(&key.0, &uid);
        let mut old: Vec<Key> = owned.iter().filter(|k| **k != new_key).cloned().collect();
        crate::base::sort::sort_by_key(&mut old, |k| {
            self.k
                .store
                .replicasets
                .get(k)
                .map_or(0, |rs| rs.meta.creation_ms)
        });
        let old_total: u32 = old
            .iter()
            .filter_map(|k| self.k.store.replicasets.get(k))
            .map(|rs| rs.replicas)
            .sum();
        let max_revision = owned
            .iter()
            .filter_map(|k| self.k.store.replicasets.get(k))
            .map(|rs| rs.revision)
            .max()
            .unwrap_or(0);
        let has_new = self.k.store.replicasets.contains_key(&new_key);
        if spec.paused && (!has_new || !old.is_empty()) {
            // Paused: no new ReplicaSet and no rollout step until `rollout resume`.
            return self.update_deployment_status(key, &new_key);
        }
        if !has_new {
            let owner = OwnerRef {
                kind: "Deployment",
                name: key.1.clone(),
                uid,
            };
            self.create_new_replicaset(key, &spec, owner, &hash, max_revision, old_total);
        } else if let Some(rs) = self.k.store.replicasets.get_mut(&new_key) {
            // Rolling back to an old template re-uses its ReplicaSet and gives it the newest revision.
            if rs.revision < max_revision {
                rs.revision = max_revision + 1;
                rs.meta.annotations.insert(
                    "deployment.kubernetes.io/revision".into(),
                    rs.revision.to_string(),
                );
            }
        }
        if !self.k.store.replicasets.contains_key(&new_key) {
        } else if old.is_empty() {
            let current = self
                .k
                .store
                .replicasets
                .get(&new_key)
                .map_or(0, |rs| rs.replicas);
            if current != spec.replicas {
                self.scale_replicaset(key, &new_key, spec.replicas);
            }
        } else {
            match spec.strategy {
                DeploymentStrategy::Recreate => self.rollout_recreate(key, &new_key, &old, &spec),
                DeploymentStrategy::RollingUpdate { .. } => {
                    self.rollout_rolling(key, &new_key, &old, &spec)
                }
            }
        }
        self.cleanup_old_replicasets(key, &new_key, spec.revision_history_limit);
        self.update_deployment_status(key, &new_key);
    }

    /// The ReplicaSets in `namespace` owned by the object with `uid`.
    fn owned_replicasets(&self, namespace: &str, uid: &str) -> Vec<Key> {
        self.k
            .store
            .replicasets
            .iter()
            .filter(|(k, rs)| {
                k.0 == namespace && rs.meta.owner.as_ref().is_some_and(|o| o.uid == uid)
            })
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Creates the ReplicaSet of the Deployment's current template (`hash`), with the next
    /// revision and as many replicas as [`reconcile::new_replica_set_size`] allows, its event
    /// and its pass record.
    fn create_new_replicaset(
        &mut self,
        key: &Key,
        spec: &DeploymentSpec,
        owner: OwnerRef,
        hash: &str,
        max_revision: u64,
        old_total: u32,
    ) {
        let now = self.k.now_ms;
        let new_name = format!("{}-{hash}", key.1);
        let new_key = (key.0.clone(), new_name.clone());
        let initial = reconcile::new_replica_set_size(&spec.strategy, spec.replicas, old_total);
        let mut template = spec.template.clone();
        template
            .labels
            .insert("pod-template-hash".into(), hash.to_string());
        let mut selector = spec.selector.clone();
        selector
            .match_labels
            .insert("pod-template-hash".into(), hash.to_string());
        let rv = self.k.store.next_rv();
        let rs_uid = self.k.rng.uuid();
        let mut annotations = Labels::new();
        annotations.insert(
            "deployment.kubernetes.io/revision".into(),
            (max_revision + 1).to_string(),
        );
        let rs = ReplicaSet {
            meta: new_meta(
                &new_name,
                &key.0,
                template.labels.clone(),
                annotations,
                now,
                rs_uid,
                rv,
                Some(owner),
            ),
            replicas: initial,
            selector,
            template,
            revision: max_revision + 1,
            status: ReplicaSetStatus::default(),
        };
        self.k.store.replicasets.insert(new_key.clone(), rs);
        self.k.dirty_replicasets.insert(new_key);
        self.k
            .emit(
                EventType::Normal,
                Reason::ScalingReplicaSet,
                format!("deployment/{}", key.1),
                &key.0,
                format!("Scaled up replica set {new_name} to {initial}"),
                Component::DeploymentController,
            )
            .set_facts(EventFacts::ScaledReplicaSet {
                replica_set: new_name.clone(),
                from: 0,
                to: initial,
            });
        self.history.record_reconcile(ReconcileRecord {
            time_ms: now,
            controller: "deployment-controller",
            object: format!("deployment/{}", key.1),
            desired: spec.replicas,
            observed: old_total,
            ready: 0,
            action: format!("create replica set {new_name} with {initial} replicas"),
        });
    }

    /// Recreate: the decision is [`reconcile::recreate`]'s. (Scaling a ReplicaSet removes no
    /// pod in this pass: its own controller deletes them, gracefully, so "old pods left" is
    /// read once, before.)
    fn rollout_recreate(&mut self, key: &Key, new_key: &Key, old: &[Key], spec: &DeploymentSpec) {
        let keys: Vec<&Key> = std::iter::once(new_key).chain(old).collect();
        let sets = self.replica_set_counts(&keys);
        let old_pods_left = old
            .iter()
            .any(|k| !self.k.store.pods_of(&k.0, &k.1).is_empty());
        for s in reconcile::recreate(spec.replicas, &sets, old_pods_left) {
            self.scale_replicaset(key, keys[s.index], s.to);
        }
    }

    /// `reconcileNewReplicaSet` + `reconcileOldReplicaSets` of the real controller: the decision
    /// is [`reconcile::rolling_update`]'s, applied here in its order.
    fn rollout_rolling(&mut self, key: &Key, new_key: &Key, old: &[Key], spec: &DeploymentSpec) {
        let DeploymentStrategy::RollingUpdate {
            max_surge,
            max_unavailable,
        } = spec.strategy
        else {
            return;
        };
        let keys: Vec<&Key> = std::iter::once(new_key).chain(old).collect();
        let sets = self.replica_set_counts(&keys);
        for s in reconcile::rolling_update(spec.replicas, max_surge, max_unavailable, &sets) {
            self.scale_replicaset(key, keys[s.index], s.to);
        }
    }

    /// What the Deployment controller reads of each of its ReplicaSets.
    fn replica_set_counts(&self, keys: &[&Key]) -> Vec<ReplicaSetCounts> {
        keys.iter()
            .map(|k| {
                self.k.store.replicasets.get(*k).map_or(
                    ReplicaSetCounts {
                        replicas: 0,
                        available: 0,
                    },
                    |rs| ReplicaSetCounts {
                        replicas: rs.replicas,
                        available: rs.status.available_replicas,
                    },
                )
            })
            .collect()
    }

    fn scale_replicaset(&mut self, deployment: &Key, rs_key: &Key, to: u32) {
        let now = self.k.now_ms;
        let Some(rs) = self.k.store.replicasets.get_mut(rs_key) else {
            return;
        };
        let from = rs.replicas;
        if from == to {
            return;
        }
        rs.replicas = to;
        self.k.dirty_replicasets.insert(rs_key.clone());
        let dir = if to > from { "up" } else { "down" };
        self.k
            .emit(
                EventType::Normal,
                Reason::ScalingReplicaSet,
                format!("deployment/{}", deployment.1),
                &deployment.0,
                format!("Scaled {dir} replica set {} to {to} from {from}", rs_key.1),
                Component::DeploymentController,
            )
            .set_facts(EventFacts::ScaledReplicaSet {
                replica_set: rs_key.1.clone(),
                from,
                to,
            });
        self.history.record_reconcile(ReconcileRecord {
            time_ms: now,
            controller: "deployment-controller",
            object: format!("deployment/{}", deployment.1),
            desired: to,
            observed: from,
            ready: 0,
            action: format!("scale {dir} {} from {from} to {to}", rs_key.1),
        });
    }

    fn cleanup_old_replicasets(&mut self, key: &Key, new_key: &Key, limit: u32) {
        let uid = match self.k.store.deployments.get(key) {
            Some(d) => d.meta.uid.clone(),
            None => return,
        };
        let mut idle: Vec<(u64, Key)> = self
            .k
            .store
            .replicasets
            .iter()
            .filter(|(k, rs)| {
                *k != new_key
                    && rs.meta.owner.as_ref().is_some_and(|o| o.uid == uid)
                    && rs.replicas == 0
                    && rs.status.replicas == 0
            })
            .map(|(k, rs)| (rs.revision, k.clone()))
            .collect();
        crate::base::sort::sort(&mut idle);
        let excess = idle.len().saturating_sub(limit as usize);
        for (_, k) in idle.into_iter().take(excess) {
            if self.k.store.pods_of(&k.0, &k.1).is_empty() {
                self.k.store.replicasets.remove(&k);
            }
        }
    }

    fn update_deployment_status(&mut self, key: &Key, new_key: &Key) {
        let Some(d) = self.k.store.deployments.get(key) else {
            return;
        };
        let uid = d.meta.uid.clone();
        let mut st = DeploymentStatus {
            observed_generation: d.meta.generation,
            ..Default::default()
        };
        for (k, rs) in &self.k.store.replicasets {
            if rs.meta.owner.as_ref().is_some_and(|o| o.uid == uid) {
                st.replicas += rs.status.replicas;
                st.ready_replicas += rs.status.ready_replicas;
                st.available_replicas += rs.status.available_replicas;
                if k == new_key {
                    st.updated_replicas = rs.status.replicas;
                }
            }
        }
        let want = d.spec.replicas;
        let deadline_ms = Millis::from(d.spec.progress_deadline_seconds) * 1000;
        st.unavailable_replicas = want.max(st.replicas).saturating_sub(st.available_replicas);
        let now = self.k.now_ms;
        let old = &d.status;
        let progressed = d.meta.generation != old.observed_generation
            || st.updated_replicas > old.updated_replicas
            || st.available_replicas > old.available_replicas
            || st.replicas < old.replicas;
        st.progress_ms = if progressed { now } else { old.progress_ms };
        let complete = st.complete(want);
        st.progress_deadline_exceeded = !complete
            && !d.spec.paused
            && (old.progress_deadline_exceeded && !progressed
                || now >= st.progress_ms + deadline_ms);
        let newly_exceeded = st.progress_deadline_exceeded && !old.progress_deadline_exceeded;
        if !complete && !st.progress_deadline_exceeded && progressed && !d.spec.paused {
            self.k.set_timer(
                st.progress_ms + deadline_ms,
                Timer::SyncDeployment {
                    namespace: key.0.clone(),
                    name: key.1.clone(),
                },
            );
        }
        let rv = self.k.store.next_rv();
        let sample = AvailabilitySample {
            time_ms: now,
            desired: want,
            ready: st.ready_replicas,
            available: st.available_replicas,
            total: st.replicas,
        };
        if let Some(d) = self.k.store.deployments.get_mut(key) {
            if d.status != st {
                d.status = st;
                d.meta.resource_version = rv;
            }
        }
        self.history.record_availability(key, sample);
        if newly_exceeded {
            self.history.record_reconcile(ReconcileRecord {
                time_ms: now,
                controller: "deployment-controller",
                object: format!("deployment/{}", key.1),
                desired: want,
                observed: 0,
                ready: 0,
                action: format!("ReplicaSet \"{}\" has timed out progressing", new_key.1),
            });
        }
    }

    // ------------------------------------------------------------------ ReplicaSet controller

    /// One pass of the ReplicaSet controller: observe its pods, create or delete toward the
    /// desired count ([`reconcile::replica_set`]), then write the status over the pods that
    /// exist now and wake its Deployment if anything changed.
    pub(crate) fn reconcile_replicaset(&mut self, key: &Key) {
        let Some(rs) = self.k.store.replicasets.get(key) else {
            return;
        };
        let desired = rs.replicas;
        let template = rs.template.clone();
        let owner = OwnerRef {
            kind: "ReplicaSet",
            name: key.1.clone(),
            uid: rs.meta.uid.clone(),
        };
        let deployment = rs
            .meta
            .owner
            .as_ref()
            .map(|o| (key.0.clone(), o.name.clone()));
        let min_ready_ms = deployment
            .as_ref()
            .and_then(|k| self.k.store.deployments.get(k))
            .map_or(0, |d| Millis::from(d.spec.min_ready_seconds) * 1000);
        let now = self.k.now_ms;
        let status_before = self.replicaset_status(key, min_ready_ms);
        let observed = status_before.replicas;
        let ready_count = status_before.ready_replicas;
        // What was done, for the inspector: a failed create ends the burst early.
        let done = match reconcile::replica_set(desired, observed) {
            ReplicaSetAction::None => ReplicaSetAction::None,
            ReplicaSetAction::Create(n) => {
                let created =
                    self.create_replica_set_pods(key, &owner, &template, (desired, observed, n));
                if created < desired - observed {
                    self.k.dirty_replicasets.insert(key.clone());
                }
                ReplicaSetAction::Create(created)
            }
            ReplicaSetAction::Delete(n) => {
                let pods = self.k.store.pods_of(&key.0, &key.1);
                let active = self.replicaset_observe(&pods, min_ready_ms).0;
                self.delete_replica_set_pods(key, &active, (desired, n));
                ReplicaSetAction::Delete(n)
            }
        };
        let acted = done != ReplicaSetAction::None;
        if acted {
            self.history.record_reconcile(ReconcileRecord {
                time_ms: now,
                controller: "replicaset-controller",
                object: format!("replicaset/{}", key.1),
                desired,
                observed,
                ready: ready_count,
                action: done.to_string(),
            });
        }
        // Status over the pods that exist now (unchanged when this pass took no action).
        let st = if acted {
            self.replicaset_status(key, min_ready_ms)
        } else {
            status_before
        };
        if min_ready_ms > 0 {
            let pods = self.k.store.pods_of(&key.0, &key.1);
            self.wake_when_available(key, &pods, min_ready_ms);
        }
        let changed = self.write_replicaset_status(key, st);
        if let Some(d) = deployment {
            if changed || acted {
                self.k.dirty_deployments.insert(d);
            }
        }
    }

    /// Deletes `n` of the `active` pods, in Kubernetes' order of preference, each gracefully
    /// and with its event.
    fn delete_replica_set_pods(&mut self, key: &Key, active: &[PodId], (desired, n): (u32, u32)) {
        let mut ranked: Vec<PodId> = active.to_vec();
        crate::base::sort::sort_by_key(&mut ranked, |id| deletion_rank(&self.k.store.pods[id]));
        for id in ranked.into_iter().take(n as usize) {
            let name = self.k.store.pods[&id].meta.name.clone();
            self.kubelet().delete_pod_gracefully(id, None);
            self.k
                .emit(
                    EventType::Normal,
                    Reason::SuccessfulDelete,
                    format!("replicaset/{}", key.1),
                    &key.0,
                    format!("Deleted pod: {name}"),
                    Component::ReplicaSetController,
                )
                .set_facts(EventFacts::PodDeleted {
                    pod: name,
                    desired,
                    observed: active.len() as u32,
                });
        }
    }

    /// Creates up to `n` pods from the template, each with its event; stops at the first
    /// refusal (reported as `FailedCreate`). Returns how many were created.
    fn create_replica_set_pods(
        &mut self,
        key: &Key,
        owner: &OwnerRef,
        template: &PodTemplate,
        (desired, observed, n): (u32, u32, u32),
    ) -> u32 {
        let mut created = 0;
        for _ in 0..n {
            let name = self.unique_pod_name(&key.0, &key.1);
            match self.create_pod(
                &key.0,
                &name,
                template.labels.clone(),
                template.annotations.clone(),
                template.spec.clone(),
                Some(owner.clone()),
            ) {
                Ok(_) => {
                    created += 1;
                    self.k
                        .emit(
                            EventType::Normal,
                            Reason::SuccessfulCreate,
                            format!("replicaset/{}", key.1),
                            &key.0,
                            format!("Created pod: {name}"),
                            Component::ReplicaSetController,
                        )
                        .set_facts(EventFacts::PodCreated {
                            pod: name,
                            desired,
                            observed,
                        });
                }
                Err(msg) => {
                    self.k.emit(
                        EventType::Warning,
                        Reason::FailedCreate,
                        format!("replicaset/{}", key.1),
                        &key.0,
                        format!("Error creating: {msg}"),
                        Component::ReplicaSetController,
                    );
                    break;
                }
            }
        }
        created
    }

    fn unique_pod_name(&mut self, ns: &str, prefix: &str) -> String {
        loop {
            let name = format!("{prefix}-{}", self.k.rng.alphanums(5));
            if self.k.store.pod_by_name(ns, &name).is_none() {
                return name;
            }
        }
    }
}

/// Which pod a ReplicaSet deletes first (lower = first), after `controller.ActivePods`:
/// unscheduled before scheduled, pending before running, not ready before ready, ready for
/// less time before ready for longer, more restarts first, newer first. (The swarm test found
/// that ranking by age alone could delete an available pod while a just-ready one stayed,
/// dropping a rollout below `replicas − maxUnavailable`.)
#[allow(clippy::type_complexity)]
fn deletion_rank(
    p: &Pod,
) -> (
    u8,
    u8,
    u8,
    std::cmp::Reverse<Millis>,
    std::cmp::Reverse<u32>,
    std::cmp::Reverse<Millis>,
    String,
) {
    let scheduled = u8::from(p.spec.node_name.is_some());
    let phase = match p.status.phase {
        PodPhase::Pending => 0,
        _ => 1,
    };
    (
        scheduled,
        phase,
        u8::from(p.is_ready()),
        // Ready for less time before ready for more (kube's ActivePodsWithRanks): a pod that
        // just became ready goes before one that counts as available.
        std::cmp::Reverse(p.status.ready_since_ms.unwrap_or(0)),
        std::cmp::Reverse(p.restarts()),
        std::cmp::Reverse(p.meta.creation_ms),
        p.meta.name.clone(),
    )
}
