//! Each owner's pod counts (replicas, ready, ready with a readiness time, and active pods per
//! node), kept as its pods change instead of counted over all of them at every pass. The
//! ReplicaSet controller runs after every change to any of its pods, and default topology
//! spreading counts the owner's pods per node at every attempt; counting them all each time
//! made filling 5,000 nodes, or losing a zone of them, quadratic in the pods.
//!
//! The store marks a pod *touched* for its owner whenever it hands the pod out for a change
//! ([`crate::sim::store::Store::pod_mut`]), creates it or re-owns it, and takes a removed pod's
//! share off at once. The next count looks again at the touched pods only, replacing what each
//! counted for before. The ReplicaSet controller checks every count against a full one in
//! debug builds (every test).

use std::collections::BTreeMap;

use crate::base::object_map::ObjectSet;

/// A pod's id ([`crate::sim::store::PodId`]).
type PodId = u64;

/// What one pod counts for in its owner's status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    active: bool,
    ready: bool,
    ready_since: bool,
    /// The node (its index in the node table) an active pod is bound to.
    node: Option<u32>,
}

impl Counted {
    /// A pod neither terminating nor finished (`active`), ready, with the time it became so,
    /// bound to `node`.
    pub fn new(active: bool, ready: bool, ready_since: bool, node: Option<u32>) -> Counted {
        let ready = active && ready;
        Counted {
            active,
            ready,
            ready_since: ready && ready_since,
            node: node.filter(|_| active),
        }
    }
}

/// One owner's counts, as of its pods' last changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnerCounts {
    /// Pods neither terminating nor finished (`status.replicas`).
    active: u32,
    ready: u32,
    /// Ready, with the time they became so: available when `minReadySeconds` is 0.
    ready_since: u32,
    /// Active pods per node (by index in the node table), nodes without any left out.
    per_node: BTreeMap<u32, u32>,
    /// Pods changed since the last count.
    touched: ObjectSet<PodId>,
}

impl OwnerCounts {
    pub(crate) fn touch(&mut self, id: PodId) {
        self.touched.insert(id);
    }

    /// Forgets `id` (removed, or owned by another now) and what it counted for.
    pub(crate) fn forget(&mut self, id: PodId, counted: Counted) {
        self.touched.remove(&id);
        self.take(counted);
    }

    /// Nothing counted and nothing to look at.
    pub(crate) fn is_empty(&self) -> bool {
        self.numbers() == (0, 0, 0) && self.touched.is_empty() && self.per_node.is_empty()
    }

    /// The pods to look at again, emptied.
    pub(crate) fn take_touched(&mut self) -> ObjectSet<PodId> {
        std::mem::take(&mut self.touched)
    }

    /// `id`'s share changes from `before` to `now`.
    pub(crate) fn recount(&mut self, before: Counted, now: Counted) {
        self.take(before);
        self.active += u32::from(now.active);
        self.ready += u32::from(now.ready);
        self.ready_since += u32::from(now.ready_since);
        if let Some(node) = now.node {
            *self.per_node.entry(node).or_default() += 1;
        }
    }

    fn take(&mut self, c: Counted) {
        self.active -= u32::from(c.active);
        self.ready -= u32::from(c.ready);
        self.ready_since -= u32::from(c.ready_since);
        if let Some(node) = c.node {
            if let Some(n) = self.per_node.get_mut(&node) {
                *n -= 1;
                if *n == 0 {
                    self.per_node.remove(&node);
                }
            }
        }
    }

    /// Active pods per node, indexed like a node table of `nodes` entries.
    pub fn per_node(&self, nodes: usize) -> Vec<u32> {
        let mut counts = vec![0u32; nodes];
        for (&node, &n) in &self.per_node {
            if let Some(c) = counts.get_mut(node as usize) {
                *c = n;
            }
        }
        counts
    }

    /// The same counts from scratch (what debug builds check against).
    pub fn full(pods: impl Iterator<Item = Counted>) -> OwnerCounts {
        let mut counts = OwnerCounts::default();
        for c in pods {
            counts.recount(Counted::default(), c);
        }
        counts
    }

    /// (active, ready, ready with a time): the counts alone, without the pods still to look at.
    pub fn numbers(&self) -> (u32, u32, u32) {
        (self.active, self.ready, self.ready_since)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pod_counts_once_and_its_share_moves_with_its_state() {
        let mut counts = OwnerCounts::default();
        let pending = Counted::new(true, false, false, None);
        let ready = Counted::new(true, true, true, Some(4));
        counts.recount(Counted::default(), pending);
        counts.recount(Counted::default(), ready);
        assert_eq!(counts.numbers(), (2, 1, 1));
        counts.touch(1);
        counts.recount(pending, ready);
        assert_eq!(counts.numbers(), (2, 2, 2));
        assert_eq!(counts.per_node(6), vec![0, 0, 0, 0, 2, 0]);
        counts.forget(1, ready);
        assert_eq!(counts.numbers(), (1, 1, 1));
        assert_eq!(counts.per_node(5), vec![0, 0, 0, 0, 1]);
        assert!(
            counts.take_touched().is_empty(),
            "forgetting a pod drops its touch"
        );
        // Not active: never ready, whatever the containers say (a terminating pod).
        assert_eq!(Counted::new(false, true, true, Some(1)), Counted::default());
        assert_eq!(
            OwnerCounts::full([pending, ready, ready].into_iter()).numbers(),
            (3, 2, 2)
        );
    }
}
