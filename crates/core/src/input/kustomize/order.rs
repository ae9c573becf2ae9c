//! kustomize's legacy output order (Namespace first, …, ConfigMap, Secret, Service, …,
//! Deployment, … webhooks last), applied once over the whole build.

use super::res::Res;

/// kustomize's legacy order: by kind (Namespace first … webhooks last), then by
/// group/version/kind, then by `Kind.version.group|namespace|name`.
pub(super) fn sort_legacy(res: &mut [Res]) {
    const FIRST: &[&str] = &[
        "Namespace",
        "ResourceQuota",
        "StorageClass",
        "CustomResourceDefinition",
        "ServiceAccount",
        "PodSecurityPolicy",
        "Role",
        "ClusterRole",
        "RoleBinding",
        "ClusterRoleBinding",
        "ConfigMap",
        "Secret",
        "Endpoints",
        "Service",
        "LimitRange",
        "PriorityClass",
        "PersistentVolume",
        "PersistentVolumeClaim",
        "Deployment",
        "StatefulSet",
        "CronJob",
        "PodDisruptionBudget",
    ];
    const LAST: &[&str] = &[
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
    ];
    let key = |r: &Res| {
        let rank: i64 = if let Some(i) = FIRST.iter().position(|k| *k == r.kind()) {
            i as i64 - FIRST.len() as i64
        } else if let Some(i) = LAST.iter().position(|k| *k == r.kind()) {
            1 + i as i64
        } else {
            0
        };
        let (group, version) = match r.api_version().split_once('/') {
            Some((g, v)) => (g.to_string(), v.to_string()),
            None => (String::new(), r.api_version().to_string()),
        };
        let or = |s: &str, d: &str| {
            if s.is_empty() {
                d.to_string()
            } else {
                s.to_string()
            }
        };
        let gvk = format!(
            "{}_{}_{}",
            or(&group, "~G"),
            or(&version, "~V"),
            or(r.kind(), "~K")
        );
        let id = format!(
            "{}.{}.{}|{}|{}",
            or(r.kind(), "[noKind]"),
            or(&version, "[noVer]"),
            or(&group, "[noGrp]"),
            or(r.namespace(), "~X"),
            or(r.name(), "~N")
        );
        (rank, gvk, id)
    };
    crate::base::sort::sort_by_key(res, key);
}
