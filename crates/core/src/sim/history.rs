//! What the reconcilers did, kept for the people watching: every controller pass (the
//! inspector's log, bounded) and each Deployment's or ECS service's desired vs ready numbers
//! over time (the availability chart). Written by the controllers and the ECS service
//! scheduler; read through the facade.

use std::collections::VecDeque;

use serde::Serialize;

use crate::base::object_map::ObjectMap;
use crate::input::model::Millis;
use crate::sim::store::Key;

/// Desired vs ready replicas of a Deployment from this moment on (a step function: a sample is
/// recorded only when a number changes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AvailabilitySample {
    pub time_ms: Millis,
    pub desired: u32,
    pub ready: u32,
    pub available: u32,
    /// Pods of all revisions (not terminating).
    pub total: u32,
}

/// Samples kept per Deployment.
pub const MAX_AVAILABILITY_SAMPLES: usize = 2_000;

/// One controller pass: what it wanted, what it saw, what it did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReconcileRecord {
    pub time_ms: Millis,
    pub controller: &'static str,
    /// `replicaset/web-5d9c7b6f4`
    pub object: String,
    pub desired: u32,
    pub observed: u32,
    pub ready: u32,
    /// `create 1 pod`, `delete 2 pods`, `scale up web-5d9c7b6f4 to 3`, `none`
    pub action: String,
}

/// Reconcile records kept for the inspector.
const MAX_RECONCILE_RECORDS: usize = 500;

#[derive(Default)]
pub struct History {
    pub(crate) log: Vec<ReconcileRecord>,
    /// Reconcile passes recorded since the world began (the log keeps only the latest).
    pub(crate) passes: u64,
    pub(crate) availability: ObjectMap<Key, VecDeque<AvailabilitySample>>,
}

impl History {
    /// Records a Deployment's numbers when they changed since the last sample.
    pub(crate) fn record_availability(&mut self, key: &Key, sample: AvailabilitySample) {
        let series = self.availability.get_or_default(key.clone());
        let same = series.back().is_some_and(|b| {
            (b.desired, b.ready, b.available, b.total)
                == (sample.desired, sample.ready, sample.available, sample.total)
        });
        if same {
            return;
        }
        if series.back().is_some_and(|b| b.time_ms == sample.time_ms) {
            series.pop_back(); // several passes at one instant: keep the last
        }
        if series.len() >= MAX_AVAILABILITY_SAMPLES {
            series.pop_front();
        }
        series.push_back(sample);
    }

    pub(crate) fn record_reconcile(&mut self, rec: ReconcileRecord) {
        if self.log.len() >= MAX_RECONCILE_RECORDS {
            self.log.drain(..MAX_RECONCILE_RECORDS / 2);
        }
        self.log.push(rec);
        self.passes += 1;
    }
}
