//! The controllers' decisions as values: pure functions from desired and observed state to the
//! action a pass takes, in the shape of kube-rs's `reconcile(obj, ctx) -> Action`. The
//! controllers in [`crate::sim::controllers`] gather what they observe, call these, and apply
//! the result (creating pods, scaling ReplicaSets, emitting events); the decision itself can be
//! printed, tested and shown to a learner without a `World`.
//!
//! Never reads the store, the clock or the RNG: everything it needs is passed in.

use std::fmt;

use crate::input::model::{DeploymentStrategy, IntOrPercent};

/// Pods one ReplicaSet pass may create (the real controller's `burstReplicas`).
pub const BURST_REPLICAS: u32 = 500;

/// What one ReplicaSet controller pass does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaSetAction {
    /// Observed equals desired.
    None,
    /// Create this many pods (at most [`BURST_REPLICAS`]; the rest next pass).
    Create(u32),
    /// Delete this many pods, in Kubernetes' order of preference.
    Delete(u32),
}

/// The ReplicaSet controller's decision: move the active pods toward `desired`.
pub fn replica_set(desired: u32, active: u32) -> ReplicaSetAction {
    if active < desired {
        ReplicaSetAction::Create((desired - active).min(BURST_REPLICAS))
    } else if active > desired {
        ReplicaSetAction::Delete(active - desired)
    } else {
        ReplicaSetAction::None
    }
}

fn pods(n: u32) -> &'static str {
    if n == 1 {
        "pod"
    } else {
        "pods"
    }
}

impl fmt::Display for ReplicaSetAction {
    /// As the reconcile inspector shows it: `create 3 pods`, `delete 1 pod`, `none`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ReplicaSetAction::None => f.write_str("none"),
            ReplicaSetAction::Create(n) => write!(f, "create {n} {}", pods(n)),
            ReplicaSetAction::Delete(n) => write!(f, "delete {n} {}", pods(n)),
        }
    }
}

/// The replicas a Deployment's new ReplicaSet starts with, when `old_total` pods are asked of
/// its old ones: all of them when there are none; 0 for Recreate (the old go first); for a
/// RollingUpdate, what maxSurge leaves room for, at most `replicas`.
pub fn new_replica_set_size(strategy: &DeploymentStrategy, replicas: u32, old_total: u32) -> u32 {
    match strategy {
        _ if old_total == 0 => replicas,
        DeploymentStrategy::Recreate => 0,
        DeploymentStrategy::RollingUpdate { max_surge, .. } => {
            let surge = max_surge.resolve(replicas, true);
            (replicas + surge).saturating_sub(old_total).min(replicas)
        }
    }
}

/// One ReplicaSet as the Deployment controller sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplicaSetCounts {
    /// `spec.replicas`: what it asks for now.
    pub replicas: u32,
    /// `status.availableReplicas`.
    pub available: u32,
}

/// Set ReplicaSet `index` to `to` replicas (index 0 is the new ReplicaSet, then the old ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    pub index: usize,
    pub to: u32,
}

/// The Deployment controller's RollingUpdate pass, kube's `reconcileNewReplicaSet` then
/// `reconcileOldReplicaSets`: the new ReplicaSet (`sets[0]`) scaled up within maxSurge, then
/// old ones (`sets[1..]`, oldest first) scaled down while at least `replicas − maxUnavailable`
/// stay available — first the pods that are not available anyway, then available ones. The
/// scalings in the order they are made; each changes a count.
pub fn rolling_update(
    replicas: u32,
    max_surge: IntOrPercent,
    max_unavailable: IntOrPercent,
    sets: &[ReplicaSetCounts],
) -> Vec<Scale> {
    let mut out = Vec::new();
    let Some(new) = sets.first().copied() else {
        return out;
    };
    let mut counts: Vec<u32> = sets.iter().map(|s| s.replicas).collect();
    let mut scale = |counts: &mut Vec<u32>, index: usize, to: u32| {
        counts[index] = to;
        out.push(Scale { index, to });
    };
    let mut surge = max_surge.resolve(replicas, true);
    let mut unavailable = max_unavailable.resolve(replicas, false);
    if surge == 0 && unavailable == 0 {
        unavailable = 1;
    }
    surge = surge.min(u32::MAX - replicas);

    // Scale the new ReplicaSet up, within maxSurge.
    let all: u32 = counts.iter().sum();
    if new.replicas > replicas {
        scale(&mut counts, 0, replicas);
    } else if new.replicas < replicas {
        let up = (replicas + surge)
            .saturating_sub(all)
            .min(replicas - new.replicas);
        if up > 0 {
            scale(&mut counts, 0, new.replicas + up);
        }
    }

    // Scale old ReplicaSets down, keeping at least replicas − maxUnavailable available.
    let all: u32 = counts.iter().sum();
    let min_available = replicas.saturating_sub(unavailable);
    let new_unavailable = counts[0].saturating_sub(new.available);
    let mut max_scaled_down =
        i64::from(all) - i64::from(min_available) - i64::from(new_unavailable);
    if max_scaled_down <= 0 {
        return out;
    }
    // First remove old pods that are not available anyway.
    for (i, old) in sets.iter().enumerate().skip(1) {
        if max_scaled_down <= 0 {
            break;
        }
        let r = counts[i];
        let unhealthy = i64::from(r.saturating_sub(old.available)).min(max_scaled_down);
        if unhealthy > 0 {
            scale(&mut counts, i, r - unhealthy as u32);
            max_scaled_down -= unhealthy;
        }
    }
    // Then available ones, oldest ReplicaSet first.
    let available: u32 = sets.iter().map(|s| s.available).sum();
    let mut total_down = i64::from(available) - i64::from(min_available);
    for i in 1..sets.len() {
        if total_down <= 0 {
            break;
        }
        let r = counts[i];
        let down = i64::from(r).min(total_down);
        if down > 0 {
            scale(&mut counts, i, r - down as u32);
            total_down -= down;
        }
    }
    out
}

/// The Deployment controller's Recreate pass: every old ReplicaSet to 0; the new one to
/// `replicas` once no old pod is left.
pub fn recreate(replicas: u32, sets: &[ReplicaSetCounts], old_pods_left: bool) -> Vec<Scale> {
    let mut out: Vec<Scale> = sets
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, s)| s.replicas > 0)
        .map(|(index, _)| Scale { index, to: 0 })
        .collect();
    if let Some(new) = sets.first() {
        if !old_pods_left && new.replicas != replicas {
            out.push(Scale {
                index: 0,
                to: replicas,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(replicas: u32, available: u32) -> ReplicaSetCounts {
        ReplicaSetCounts {
            replicas,
            available,
        }
    }

    fn scales(v: &[Scale]) -> Vec<(usize, u32)> {
        v.iter().map(|s| (s.index, s.to)).collect()
    }

    #[test]
    fn a_new_replica_set_starts_within_max_surge_or_empty_for_recreate() {
        let rolling = DeploymentStrategy::RollingUpdate {
            max_surge: IntOrPercent::Percent(25),
            max_unavailable: IntOrPercent::Percent(25),
        };
        // No old pods: the whole Deployment at once, whatever the strategy.
        assert_eq!(new_replica_set_size(&rolling, 4, 0), 4);
        assert_eq!(new_replica_set_size(&DeploymentStrategy::Recreate, 4, 0), 4);
        assert_eq!(new_replica_set_size(&DeploymentStrategy::Recreate, 4, 4), 0);
        // 4 replicas + 1 surge − 4 old = 1; and never more than replicas.
        assert_eq!(new_replica_set_size(&rolling, 4, 4), 1);
        assert_eq!(new_replica_set_size(&rolling, 4, 1), 4);
        assert_eq!(new_replica_set_size(&rolling, 4, 9), 0);
    }

    #[test]
    fn a_replica_set_creates_what_is_missing_in_bursts_and_deletes_what_is_extra() {
        assert_eq!(replica_set(3, 1), ReplicaSetAction::Create(2));
        assert_eq!(replica_set(2_000, 0), ReplicaSetAction::Create(500));
        assert_eq!(replica_set(1, 4), ReplicaSetAction::Delete(3));
        assert_eq!(replica_set(2, 2), ReplicaSetAction::None);
        assert_eq!(replica_set(3, 1).to_string(), "create 2 pods");
        assert_eq!(replica_set(1, 2).to_string(), "delete 1 pod");
        assert_eq!(replica_set(0, 0).to_string(), "none");
    }

    #[test]
    fn a_rolling_update_at_25_percent_surges_one_pod_then_waits_for_it_to_be_available() {
        // 4 replicas, maxSurge 25 % (1, rounded up), maxUnavailable 25 % (1, rounded down).
        let p = IntOrPercent::Percent(25);
        let first = rolling_update(4, p, p, &[rs(0, 0), rs(4, 4)]);
        // Up to 5 pods in all: the new ReplicaSet gets 1; then one old pod may go (4 − 1 = 3
        // must stay available, 5 exist, the new one is not available yet: 5 − 3 − 1 = 1).
        assert_eq!(scales(&first), [(0, 1), (1, 3)]);
        // Next pass, the old pod has gone (4 exist): the surge room refills, but with the new
        // pods not available yet nothing more may go.
        assert_eq!(
            scales(&rolling_update(4, p, p, &[rs(1, 0), rs(3, 3)])),
            [(0, 2)]
        );
        // One new pod is available: one more old pod may go.
        assert_eq!(
            scales(&rolling_update(4, p, p, &[rs(2, 1), rs(3, 3)])),
            [(1, 2)]
        );
    }

    #[test]
    fn unavailable_old_pods_go_first_and_zero_surge_and_unavailable_still_moves() {
        let zero = IntOrPercent::Int(0);
        // maxSurge 0 and maxUnavailable 0 would deadlock: kube treats unavailable as 1.
        assert_eq!(
            scales(&rolling_update(2, zero, zero, &[rs(0, 0), rs(2, 2)])),
            [(1, 1)]
        );
        // Two old ReplicaSets; the older has broken pods: they are scaled away before healthy ones.
        let one = IntOrPercent::Int(1);
        assert_eq!(
            scales(&rolling_update(
                3,
                one,
                one,
                &[rs(3, 3), rs(2, 0), rs(1, 1)]
            )),
            [(1, 0), (2, 0)]
        );
    }

    #[test]
    fn recreate_empties_old_replica_sets_before_the_new_one_grows() {
        let sets = [rs(0, 0), rs(3, 3), rs(0, 0)];
        assert_eq!(scales(&recreate(3, &sets, true)), [(1, 0)]);
        let sets = [rs(0, 0), rs(0, 0)];
        assert_eq!(scales(&recreate(3, &sets, true)), []);
        assert_eq!(scales(&recreate(3, &sets, false)), [(0, 3)]);
    }
}
