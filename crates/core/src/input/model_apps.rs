//! The object model of the `apps/v1` workloads that keep pods by identity or by node:
//! StatefulSets (stable names, ordered starts, a claim per pod from `volumeClaimTemplates`)
//! and DaemonSets (one pod per eligible node). Data only, like [`crate::input::model`];
//! reading and defaults live in `definitions/objects/{statefulset,daemonset}.rs`.

use crate::input::model::{IntOrPercent, LabelSelector, Labels, PodTemplate, Quantity};

/// `spec.podManagementPolicy`: one pod at a time, in ordinal order, or all at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodManagementPolicy {
    OrderedReady,
    Parallel,
}

impl PodManagementPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            PodManagementPolicy::OrderedReady => "OrderedReady",
            PodManagementPolicy::Parallel => "Parallel",
        }
    }
}

/// `spec.updateStrategy` of a StatefulSet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatefulSetUpdateStrategy {
    /// Pods at ordinals ≥ `partition` are replaced, highest first, `max_unavailable` at a time.
    RollingUpdate {
        partition: u32,
        max_unavailable: IntOrPercent,
    },
    /// Pods take the new template only when the learner deletes them.
    OnDelete,
}

/// `whenDeleted` / `whenScaled` of `persistentVolumeClaimRetentionPolicy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimRetention {
    Retain,
    Delete,
}

impl ClaimRetention {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimRetention::Retain => "Retain",
            ClaimRetention::Delete => "Delete",
        }
    }
}

/// One entry of `volumeClaimTemplates`: what each pod's claim asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimTemplate {
    pub name: String,
    pub labels: Labels,
    /// As written (`ReadWriteOnce`, …).
    pub access_modes: Vec<String>,
    /// `resources.requests.storage`.
    pub storage: Quantity,
    /// `None`: the cluster's default class (`standard`).
    pub storage_class: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatefulSetSpec {
    /// The governing (headless) Service: pods get `subdomain` = this name.
    pub service_name: String,
    pub replicas: u32,
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub pod_management_policy: PodManagementPolicy,
    pub update_strategy: StatefulSetUpdateStrategy,
    pub volume_claim_templates: Vec<ClaimTemplate>,
    pub min_ready_seconds: u32,
    pub revision_history_limit: u32,
    /// (whenDeleted, whenScaled); Retain and Retain by default.
    pub claim_retention: (ClaimRetention, ClaimRetention),
}

/// `spec.updateStrategy` of a DaemonSet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DaemonSetUpdateStrategy {
    RollingUpdate {
        max_unavailable: IntOrPercent,
        max_surge: IntOrPercent,
    },
    OnDelete,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DaemonSetSpec {
    pub selector: LabelSelector,
    pub template: PodTemplate,
    pub update_strategy: DaemonSetUpdateStrategy,
    pub min_ready_seconds: u32,
    pub revision_history_limit: u32,
}
