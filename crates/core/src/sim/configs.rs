//! ConfigMaps and Secrets: stored objects, and how the kubelet turns `env[].valueFrom` and `envFrom` into a container's environment.
//!
//! Resolution follows the kubelet (`makeEnvironmentVariables`): `envFrom` entries first, in
//! order, then `env` in order, a later name overriding an earlier one. A missing object or key
//! that is not `optional` fails container creation with `CreateContainerConfigError` and the
//! kubelet's message; the kubelet tries again on its next sync (here: whenever a ConfigMap or
//! Secret is applied, and on every settle for waiting pods). This module never mutates pods:
//! the kubelet calls [`resolve_env`] and stores the result.

use std::collections::BTreeMap;

use crate::input::model::{Container, EnvSourceKind, EnvVar, ManifestMeta};
use crate::sim::kernel::Kernel;
use crate::sim::store::{ConfigMap, ObjectMeta, Secret, Store};

/// Resolves a container's environment against the store, or returns the kubelet's error
/// message (`configmap "x" not found`, `couldn't find key k in ConfigMap default/x`).
pub fn resolve_env(store: &Store, namespace: &str, c: &Container) -> Result<Vec<EnvVar>, String> {
    let mut out: Vec<EnvVar> = Vec::new();
    let lookup = |kind: EnvSourceKind, name: &str| -> Option<BTreeMap<String, String>> {
        let key = (namespace.to_string(), name.to_string());
        match kind {
            EnvSourceKind::ConfigMap => store.configmaps.get(&key).map(|m| m.data.clone()),
            EnvSourceKind::Secret => store.secrets.get(&key).map(|s| {
                crate::base::sort::map_from(
                    s.data
                        .iter()
                        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned())),
                )
            }),
        }
    };
    for r in &c.env_sources.env_from {
        match lookup(r.kind, &r.name) {
            Some(data) => {
                for (k, v) in data {
                    let name = format!("{}{k}", r.prefix);
                    // The kubelet skips keys that are not valid variable names (an event says so).
                    if crate::input::definitions::valid_env_name(&name) {
                        out.push(EnvVar { name, value: v });
                    }
                }
            }
            None if r.optional => {}
            None => return Err(format!("{} \"{}\" not found", r.kind.lower(), r.name)),
        }
    }
    for (i, e) in c.env.iter().enumerate() {
        let Some(r) = c.env_sources.key_refs.iter().find(|r| r.index == i) else {
            out.push(e.clone());
            continue;
        };
        let kind_title = match r.kind {
            EnvSourceKind::ConfigMap => "ConfigMap",
            EnvSourceKind::Secret => "Secret",
        };
        match lookup(r.kind, &r.name) {
            Some(data) => match data.get(&r.key) {
                Some(v) => out.push(EnvVar {
                    name: e.name.clone(),
                    value: v.clone(),
                }),
                None if r.optional => {}
                None => {
                    return Err(format!(
                        "couldn't find key {} in {kind_title} {namespace}/{}",
                        r.key, r.name
                    ))
                }
            },
            None if r.optional => {}
            None => return Err(format!("{} \"{}\" not found", r.kind.lower(), r.name)),
        }
    }
    Ok(out)
}

/// The metadata of a new object the API server stores as written (no owner, generation 1).
pub(crate) fn new_meta(k: &mut Kernel, ns: &str, meta: &ManifestMeta) -> ObjectMeta {
    ObjectMeta {
        name: meta.name.clone(),
        namespace: ns.to_string(),
        uid: k.rng.uuid(),
        resource_version: k.store.next_rv(),
        generation: 1,
        labels: meta.labels.clone(),
        annotations: meta.annotations.clone(),
        creation_ms: k.now_ms,
        owner: None,
        deletion_ms: None,
    }
}

/// What the API server refuses in an update of a ConfigMap or Secret whose `immutable` is
/// true (`ValidateConfigMapUpdate`, `ValidateSecretUpdate`): unsetting `immutable`, changing
/// `data`; and a Secret's `type` never changes. `None` when the update is allowed.
fn refused_update(
    kind: &str,
    name: &str,
    was_immutable: Option<bool>,
    (immutable, data_changed): (Option<bool>, bool),
    type_change: Option<&str>,
) -> Option<String> {
    const FORBIDDEN: &str = "Forbidden: field is immutable when `immutable` is set";
    let mut causes = Vec::new();
    if let Some(t) = type_change {
        causes.push(format!("type: Invalid value: {t:?}: field is immutable"));
    }
    if was_immutable == Some(true) {
        if immutable != Some(true) {
            causes.push(format!("immutable: {FORBIDDEN}"));
        }
        if data_changed {
            causes.push(format!("data: {FORBIDDEN}"));
        }
    }
    // kubectl prints one cause as it is, several as an aggregate: `[a, b]`.
    let causes = match causes.len() {
        0 => return None,
        1 => causes.remove(0),
        _ => format!("[{}]", causes.join(", ")),
    };
    Some(format!("The {kind} {name:?} is invalid: {causes}"))
}

/// `kubectl apply` of a ConfigMap: created, configured or unchanged; refused as the API server
/// refuses a change to an immutable one.
pub(crate) fn apply_config_map(
    k: &mut Kernel,
    ns: &str,
    meta: &ManifestMeta,
    data: &BTreeMap<String, String>,
    immutable: Option<bool>,
) -> Result<crate::sim::controllers::ApplyOutcome, String> {
    use crate::sim::controllers::ApplyOutcome;
    let key = (ns.to_string(), meta.name.clone());
    if let Some(m) = k.store.configmaps.get(&key) {
        let change = (immutable, m.data != *data);
        if let Some(refused) = refused_update("ConfigMap", &meta.name, m.immutable, change, None) {
            return Err(refused);
        }
    }
    let rv = k.store.next_rv();
    if let Some(m) = k.store.configmaps.get_mut(&key) {
        if m.data == *data && m.meta.labels == meta.labels && m.immutable == immutable {
            return Ok(ApplyOutcome::Unchanged);
        }
        m.data = data.clone();
        m.immutable = immutable;
        m.meta.labels = meta.labels.clone();
        m.meta.annotations = meta.annotations.clone();
        m.meta.resource_version = rv;
        return Ok(ApplyOutcome::Configured);
    }
    let meta = new_meta(k, ns, meta);
    k.store.configmaps.insert(
        key,
        ConfigMap {
            meta,
            data: data.clone(),
            immutable,
        },
    );
    Ok(ApplyOutcome::Created)
}

/// `kubectl apply` of a Secret: created, configured or unchanged; refused as the API server
/// refuses a change of type or a change to an immutable one.
pub(crate) fn apply_secret(
    k: &mut Kernel,
    ns: &str,
    meta: &ManifestMeta,
    (type_, data): (&str, &BTreeMap<String, Vec<u8>>),
    immutable: Option<bool>,
) -> Result<crate::sim::controllers::ApplyOutcome, String> {
    use crate::sim::controllers::ApplyOutcome;
    let key = (ns.to_string(), meta.name.clone());
    if let Some(s) = k.store.secrets.get(&key) {
        let change = (immutable, s.data != *data);
        let type_change = (s.type_ != type_).then_some(type_);
        if let Some(refused) =
            refused_update("Secret", &meta.name, s.immutable, change, type_change)
        {
            return Err(refused);
        }
    }
    let rv = k.store.next_rv();
    if let Some(s) = k.store.secrets.get_mut(&key) {
        if s.data == *data && s.meta.labels == meta.labels && s.immutable == immutable {
            return Ok(ApplyOutcome::Unchanged);
        }
        s.data = data.clone();
        s.immutable = immutable;
        s.meta.labels = meta.labels.clone();
        s.meta.annotations = meta.annotations.clone();
        s.meta.resource_version = rv;
        return Ok(ApplyOutcome::Configured);
    }
    let meta = new_meta(k, ns, meta);
    k.store.secrets.insert(
        key,
        Secret {
            meta,
            type_: type_.to_string(),
            data: data.clone(),
            immutable,
        },
    );
    Ok(ApplyOutcome::Created)
}
