//! Objects of the kinds Sunaba stores but does not run (an Ingress, an HPA, a Role, …): kept in
//! the API store as written, with the metadata the API server gives every object. No
//! controller reads them; that is the whole of their simulation.

use crate::input::model::ManifestMeta;
use crate::input::stored_kinds::StoredKind;
use crate::sim::configs::new_meta;
use crate::sim::controllers::ApplyOutcome;
use crate::sim::kernel::Kernel;
pub use crate::sim::store::{StoredKey, StoredObject};

/// The key of `name` of `kind` as seen from namespace `ns`.
pub fn key(kind: &'static StoredKind, ns: &str, name: &str) -> StoredKey {
    let ns = if kind.namespaced { ns } else { "" };
    (kind.kind, ns.to_string(), name.to_string())
}

/// `kubectl apply` of a stored kind: created, configured or unchanged.
pub(crate) fn apply_stored(
    k: &mut Kernel,
    ns: &str,
    kind: &'static StoredKind,
    api_version: &str,
    meta: &ManifestMeta,
    body: &serde_json::Map<String, serde_json::Value>,
) -> ApplyOutcome {
    let key = key(kind, ns, &meta.name);
    let rv = k.store.next_rv();
    if let Some(o) = k.store.stored.get_mut(&key) {
        if o.body == *body && o.meta.labels == meta.labels && o.meta.annotations == meta.annotations
        {
            return ApplyOutcome::Unchanged;
        }
        if o.body != *body {
            o.meta.generation += 1;
        }
        o.body = body.clone();
        o.api_version = api_version.to_string();
        o.meta.labels = meta.labels.clone();
        o.meta.annotations = meta.annotations.clone();
        o.meta.resource_version = rv;
        return ApplyOutcome::Configured;
    }
    let meta = new_meta(k, &key.1, meta);
    k.store.stored.insert(
        key,
        StoredObject {
            kind,
            api_version: api_version.to_string(),
            meta,
            body: body.clone(),
        },
    );
    ApplyOutcome::Created
}

/// The objects of `kind` in `ns` (every namespace: `None`), by name.
pub fn list<'s>(
    store: &'s crate::sim::store::Store,
    kind: &'static StoredKind,
    ns: Option<&'s str>,
) -> impl Iterator<Item = &'s StoredObject> + 's {
    store.stored.values().filter(move |o| {
        o.kind == kind && (!kind.namespaced || ns.is_none_or(|n| o.meta.namespace == n))
    })
}
