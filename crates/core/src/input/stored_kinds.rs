//! The kinds Sunaba keeps in its API store without running them: `kubectl apply` stores an
//! Ingress, a HorizontalPodAutoscaler or a NetworkPolicy as the API server would, `get`,
//! `describe`, `-o yaml` and `delete` see it, and nothing acts on it (no controller, no
//! effect on traffic or scheduling). Apply says so plainly, once per object.
//!
//! One row per kind: what `kubectl api-resources` would print for it (plural, short names,
//! group, namespaced) and the versions the reader accepts.

/// A kind that is stored but not simulated.
#[derive(Debug, PartialEq, Eq)]
pub struct StoredKind {
    pub kind: &'static str,
    /// The API group (`""` for the core group).
    pub group: &'static str,
    /// `apiVersion`s accepted, the preferred one first.
    pub versions: &'static [&'static str],
    pub plural: &'static str,
    /// `ingresses.networking.k8s.io`, `serviceaccounts`: how kubectl names the resource in
    /// messages.
    pub plural_qualified: &'static str,
    /// `ingress.networking.k8s.io`: the prefix of `kind/name` lines.
    pub singular_qualified: &'static str,
    pub short_names: &'static [&'static str],
    pub namespaced: bool,
}

impl StoredKind {
    /// Whether `word` (any case, optionally `.group`-qualified) names this kind.
    pub fn is_named(&self, word: &str) -> bool {
        let lower = word.to_ascii_lowercase();
        let (base, group) = match lower.split_once('.') {
            Some((b, g)) => (b, Some(g)),
            None => (lower.as_str(), None),
        };
        if group.is_some_and(|g| g != self.group && !self.group.starts_with(&format!("{g}."))) {
            return false;
        }
        base == self.plural
            || base == self.kind.to_ascii_lowercase()
            || self.short_names.contains(&base)
    }
}

macro_rules! stored {
    // The core group: names without a group suffix.
    ($kind:literal, "", [$($v:literal),+], $plural:literal, $singular:literal, [$($s:literal),*], $ns:literal) => {
        StoredKind {
            kind: $kind,
            group: "",
            versions: &[$($v),+],
            plural: $plural,
            plural_qualified: $plural,
            singular_qualified: $singular,
            short_names: &[$($s),*],
            namespaced: $ns,
        }
    };
    ($kind:literal, $group:literal, [$($v:literal),+], $plural:literal, $singular:literal, [$($s:literal),*], $ns:literal) => {
        StoredKind {
            kind: $kind,
            group: $group,
            versions: &[$($v),+],
            plural: $plural,
            plural_qualified: concat!($plural, ".", $group),
            singular_qualified: concat!($singular, ".", $group),
            short_names: &[$($s),*],
            namespaced: $ns,
        }
    };
}

/// Every stored kind, in `kubectl api-resources` order (core group first, then by group).
pub const STORED_KINDS: &[StoredKind] = &[
    stored!(
        "LimitRange",
        "",
        ["v1"],
        "limitranges",
        "limitrange",
        ["limits"],
        true
    ),
    stored!(
        "PersistentVolume",
        "",
        ["v1"],
        "persistentvolumes",
        "persistentvolume",
        ["pv"],
        false
    ),
    stored!(
        "ResourceQuota",
        "",
        ["v1"],
        "resourcequotas",
        "resourcequota",
        ["quota"],
        true
    ),
    stored!(
        "ServiceAccount",
        "",
        ["v1"],
        "serviceaccounts",
        "serviceaccount",
        ["sa"],
        true
    ),
    stored!(
        "HorizontalPodAutoscaler",
        "autoscaling",
        ["autoscaling/v2", "autoscaling/v1"],
        "horizontalpodautoscalers",
        "horizontalpodautoscaler",
        ["hpa"],
        true
    ),
    stored!(
        "IngressClass",
        "networking.k8s.io",
        ["networking.k8s.io/v1"],
        "ingressclasses",
        "ingressclass",
        [],
        false
    ),
    stored!(
        "Ingress",
        "networking.k8s.io",
        ["networking.k8s.io/v1"],
        "ingresses",
        "ingress",
        ["ing"],
        true
    ),
    stored!(
        "NetworkPolicy",
        "networking.k8s.io",
        ["networking.k8s.io/v1"],
        "networkpolicies",
        "networkpolicy",
        ["netpol"],
        true
    ),
    stored!(
        "PodDisruptionBudget",
        "policy",
        ["policy/v1"],
        "poddisruptionbudgets",
        "poddisruptionbudget",
        ["pdb"],
        true
    ),
    stored!(
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io",
        ["rbac.authorization.k8s.io/v1"],
        "clusterrolebindings",
        "clusterrolebinding",
        [],
        false
    ),
    stored!(
        "ClusterRole",
        "rbac.authorization.k8s.io",
        ["rbac.authorization.k8s.io/v1"],
        "clusterroles",
        "clusterrole",
        [],
        false
    ),
    stored!(
        "RoleBinding",
        "rbac.authorization.k8s.io",
        ["rbac.authorization.k8s.io/v1"],
        "rolebindings",
        "rolebinding",
        [],
        true
    ),
    stored!(
        "Role",
        "rbac.authorization.k8s.io",
        ["rbac.authorization.k8s.io/v1"],
        "roles",
        "role",
        [],
        true
    ),
    stored!(
        "StorageClass",
        "storage.k8s.io",
        ["storage.k8s.io/v1"],
        "storageclasses",
        "storageclass",
        ["sc"],
        false
    ),
];

/// The stored kind written as `kind:` in a manifest.
pub fn by_kind(kind: &str) -> Option<&'static StoredKind> {
    STORED_KINDS.iter().find(|k| k.kind == kind)
}

/// The stored kind a command names (`ingress`, `ing`, `ingresses.networking.k8s.io`).
pub fn by_name(word: &str) -> Option<&'static StoredKind> {
    STORED_KINDS.iter().find(|k| k.is_named(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_is_found_by_every_name_kubectl_accepts() {
        for word in [
            "ingress",
            "ingresses",
            "ing",
            "Ingress",
            "ingresses.networking.k8s.io",
            "ing.networking",
        ] {
            assert_eq!(by_name(word).map(|k| k.kind), Some("Ingress"), "{word}");
        }
        assert_eq!(by_name("ingresses.apps"), None);
        assert_eq!(
            by_name("hpa").map(|k| k.kind),
            Some("HorizontalPodAutoscaler")
        );
        assert_eq!(
            by_name("sa").map(|k| k.plural_qualified),
            Some("serviceaccounts")
        );
        assert_eq!(
            by_name("netpol").map(|k| k.singular_qualified),
            Some("networkpolicy.networking.k8s.io")
        );
        assert_eq!(by_name("pods"), None);
    }

    #[test]
    fn every_stored_kind_is_one_the_reader_accepts_as_not_simulated() {
        for k in STORED_KINDS {
            let (_, versions) = crate::input::definitions::schema::KINDS_NOT_SIMULATED
                .iter()
                .find(|(kind, _)| *kind == k.kind)
                .unwrap_or_else(|| panic!("{} is not listed as not simulated", k.kind));
            for v in k.versions {
                assert!(versions.contains(v), "{} {v}", k.kind);
            }
        }
    }
}
