//! Labels and annotations changed on live objects (`kubectl label`, `annotate`, `patch`): what
//! selects by label follows at once. A pod relabelled out of its ReplicaSet's selector is
//! released (its owner reference dropped, as the ReplicaSet controller does), so the
//! ReplicaSet counts one pod fewer and makes a replacement; a Service's endpoints are read from
//! labels every time, so they follow without anything to do here; a node's new labels may let
//! waiting pods fit.

use crate::input::model::Labels;
use crate::sim::kernel::Kernel;
use crate::sim::store::PodId;

/// Gives pod `id` these labels and annotations; releases it from a ReplicaSet that no longer
/// selects it. Returns whether it was released.
pub fn set_pod_metadata(k: &mut Kernel, id: PodId, labels: Labels, annotations: Labels) -> bool {
    let Some(pod) = k.store.pod_mut(id) else {
        return false;
    };
    pod.meta.labels = labels;
    pod.meta.annotations = annotations;
    let ns = pod.meta.namespace.clone();
    let Some(owner) = pod
        .meta
        .owner
        .as_ref()
        .filter(|o| o.kind == "ReplicaSet")
        .map(|o| o.name.clone())
    else {
        return false;
    };
    let key = (ns, owner);
    let still_selected = match (k.store.replicasets.get(&key), k.store.pods.get(&id)) {
        (Some(rs), Some(pod)) => rs.selector.matches(&pod.meta.labels),
        _ => true,
    };
    if still_selected {
        return false;
    }
    k.store.release_pod(id);
    k.dirty_replicasets.insert(key);
    true
}

/// Gives node `name` these labels; pods waiting for a node may fit now.
pub fn set_node_labels(k: &mut Kernel, name: &str, labels: Labels) -> bool {
    let Some(&i) = k.node_index.get(name) else {
        return false;
    };
    k.nodes[i].labels = labels;
    k.labels_changed();
    k.cluster_changed();
    true
}
