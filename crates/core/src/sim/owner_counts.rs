//! Each owner's pod counts (replicas, ready, ready with a readiness time), kept as its pods
//! change instead of counted over all of them at every pass. The ReplicaSet controller runs
//! after every change to any of its pods; counting them all each time made filling 5,000 nodes
//! quadratic in the pods (a Deployment of 5,000 pods: 25 million looks at pods).
//!
//! The store marks a pod *touched* for its owner whenever it hands the pod out for a change
//! ([`crate::sim::store::Store::pod_mut`]), creates it or re-owns it, and takes a removed pod's
//! share off at once. The next count looks again at the touched pods only, replacing what each
//! counted for before. The ReplicaSet controller checks every count against a full one in
//! debug builds (every test).

use crate::base::object_map::ObjectSet;
use crate::sim::store::{Pod, PodId};

/// What one pod counts for in its owner's status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counted {
    active: bool,
    ready: bool,
    ready_since: bool,
}

impl Counted {
    pub fn of(pod: &Pod) -> Counted {
        let active = pod.is_active();
        let ready = active && pod.is_ready();
        Counted {
            active,
            ready,
            ready_since: ready && pod.status.ready_since_ms.is_some(),
        }
    }
}

/// One owner's counts, as of its pods' last changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnerCounts {
    /// Pods neither terminating nor finished (`status.replicas`).
    pub active: u32,
    pub ready: u32,
    /// Ready, with the time they became so: available when `minReadySeconds` is 0.
    pub ready_since: u32,
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
        self.numbers() == (0, 0, 0) && self.touched.is_empty()
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
    }

    fn take(&mut self, c: Counted) {
        self.active -= u32::from(c.active);
        self.ready -= u32::from(c.ready);
        self.ready_since -= u32::from(c.ready_since);
    }

    /// The same counts over `pods` from scratch (what debug builds check against).
    pub fn full<'a>(pods: impl Iterator<Item = &'a Pod>) -> OwnerCounts {
        let mut counts = OwnerCounts::default();
        for p in pods {
            counts.recount(Counted::default(), Counted::of(p));
        }
        counts
    }

    /// The counts alone (no pending pods), for comparing.
    pub fn numbers(&self) -> (u32, u32, u32) {
        (self.active, self.ready, self.ready_since)
    }
}
