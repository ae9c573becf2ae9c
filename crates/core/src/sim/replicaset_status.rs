//! The ReplicaSet controller's view of its pods: its status (replicas, ready, available) from
//! the counts kept as pods change ([`crate::sim::owner_counts`]), a full pass when
//! `minReadySeconds` makes availability a matter of time, and writing the status back.

use crate::input::model::Millis;
use crate::sim::controllers::Controllers;
use crate::sim::store::{Key, PodId, ReplicaSetStatus};
use crate::sim::timer::Timer;

impl Controllers<'_> {
    /// The ReplicaSet's status from its pods' counts, kept as they change
    /// ([`crate::sim::owner_counts`]); counted over every pod when `minReadySeconds` makes
    /// availability a matter of time.
    pub(super) fn replicaset_status(
        &mut self,
        key: &Key,
        min_ready_ms: Millis,
    ) -> ReplicaSetStatus {
        let (active, ready, ready_since) = self
            .k
            .store
            .owner_counts(&key.0, &key.1)
            .map_or((0, 0, 0), |c| c.numbers());
        #[cfg(debug_assertions)]
        {
            let pods = self.k.store.pods_of(&key.0, &key.1);
            let full = crate::sim::owner_counts::OwnerCounts::full(
                pods.iter().map(|id| self.k.store.pods[id].counted_now()),
            );
            assert_eq!(
                (active, ready, ready_since),
                full.numbers(),
                "replicaset/{}: kept counts (active, ready, ready since) differ from a full count",
                key.1
            );
        }
        if min_ready_ms > 0 {
            let pods = self.k.store.pods_of(&key.0, &key.1);
            return self.replicaset_observe(&pods, min_ready_ms).1;
        }
        ReplicaSetStatus {
            replicas: active,
            ready_replicas: ready,
            available_replicas: ready_since,
        }
    }

    /// One pass over a ReplicaSet's pods: the active ones, and the status they add up to.
    pub(super) fn replicaset_observe(
        &self,
        pods: &[PodId],
        min_ready_ms: Millis,
    ) -> (Vec<PodId>, ReplicaSetStatus) {
        let now = self.k.now_ms;
        let mut active = Vec::with_capacity(pods.len());
        let mut st = ReplicaSetStatus::default();
        for id in pods {
            let p = &self.k.store.pods[id];
            if !p.is_active() {
                continue;
            }
            active.push(*id);
            st.replicas += 1;
            if p.is_ready() {
                st.ready_replicas += 1;
                if p.status
                    .ready_since_ms
                    .is_some_and(|t| now >= t + min_ready_ms)
                {
                    st.available_replicas += 1;
                }
            }
        }
        (active, st)
    }

    /// A ready pod becomes available minReadySeconds later: sets a timer to look again at the
    /// first such moment still ahead.
    pub(super) fn wake_when_available(&mut self, key: &Key, pods: &[PodId], min_ready_ms: Millis) {
        let now = self.k.now_ms;
        let next = pods
            .iter()
            .filter_map(|id| self.k.store.pods[id].status.ready_since_ms)
            .map(|t| t + min_ready_ms)
            .filter(|&t| t > now)
            .min();
        if let Some(t) = next {
            self.k.set_timer(
                t,
                Timer::SyncReplicaSet {
                    namespace: key.0.clone(),
                    name: key.1.clone(),
                },
            );
        }
    }

    /// Writes the ReplicaSet's status (with a new resourceVersion) when it differs. Returns
    /// whether it did.
    pub(super) fn write_replicaset_status(&mut self, key: &Key, st: ReplicaSetStatus) -> bool {
        let changed = self
            .k
            .store
            .replicasets
            .get(key)
            .is_some_and(|rs| rs.status != st);
        if changed {
            let rv = self.k.store.next_rv();
            if let Some(rs) = self.k.store.replicasets.get_mut(key) {
                rs.status = st;
                rs.meta.resource_version = rv;
            }
        }
        changed
    }
}
