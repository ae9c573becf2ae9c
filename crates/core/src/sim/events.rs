//! Events: everything the simulation decides comes out as a Kubernetes-style event.
//!
//! Two outputs: the [`TraceEvent`] stream (every emission, in order: what determinism tests
//! compare and what `sunaba run --json` prints), and the aggregated event objects that
//! `kubectl get events` / `describe` show, where a repeat of the same (object, reason, message)
//! bumps `count` and `lastTimestamp` like the real event correlator does.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::input::model::Millis;
use crate::sim::ecs_status::ServiceAction;
use crate::sim::event_facts::EventFacts;
use crate::sim::event_reason::{Component, Reason};
use crate::sim::view::EventView;

pub use crate::sim::event_reason::EventType;

/// One emission, as it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TraceEvent {
    pub time_ms: Millis,
    #[serde(rename = "type")]
    pub type_: EventType,
    pub reason: Reason,
    /// `kind/name`, lower-case kind as kubectl prints it (`pod/web-…`).
    pub object: String,
    pub namespace: String,
    pub message: String,
    pub source: Component,
    /// For a service event of ECS's service scheduler: what it did, typed (the `message` is
    /// the sentence ECS prints). `None` for every other event. Not serialised: the JSON of an
    /// event stays what it was (`sunaba run --json`, the JS API).
    #[serde(skip)]
    pub service_action: Option<ServiceAction>,
    /// What the message says, typed ([`EventFacts`]), for the events that are explained;
    /// boxed, as most events carry none. Not serialised either.
    #[serde(skip)]
    pub facts: Option<Box<EventFacts>>,
}

impl TraceEvent {
    /// Attaches the typed parts of this event's message.
    pub(crate) fn set_facts(&mut self, facts: EventFacts) {
        self.facts = Some(Box::new(facts));
    }
}

/// Aggregated event object (what the API server stores).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    pub first_ms: Millis,
    pub last_ms: Millis,
    pub count: u32,
    pub type_: EventType,
    pub reason: Reason,
    pub object: String,
    pub namespace: String,
    pub message: String,
    pub source: Component,
}

/// Bounded: the API server expires events after an hour; we keep the newest this many.
pub const MAX_EVENT_RECORDS: usize = 2_000;
/// Bounded trace buffer between drains (a shell that never drains must not grow memory forever).
pub const MAX_TRACE_BUFFER: usize = 100_000;

#[derive(Clone, Debug, Default)]
pub struct EventLog {
    records: Vec<EventRecord>,
    /// (namespace, object, reason, message) → index into `records`, for aggregation.
    index: BTreeMap<(String, String, Reason, String), usize>,
    trace: std::collections::VecDeque<TraceEvent>,
    trace_dropped: u64,
    /// Total emissions ever: a cheap progress counter for benchmarks and tests.
    pub emitted: u64,
}

impl EventLog {
    /// Records `ev` and returns it as kept in the trace (so its emitter can add its facts).
    pub fn emit(&mut self, ev: TraceEvent) -> &mut TraceEvent {
        self.emitted += 1;
        let key = (
            ev.namespace.clone(),
            ev.object.clone(),
            ev.reason,
            ev.message.clone(),
        );
        match self.index.get(&key) {
            Some(&i) => {
                let r = &mut self.records[i];
                r.count = r.count.saturating_add(1);
                r.last_ms = ev.time_ms;
            }
            None => {
                if self.records.len() >= MAX_EVENT_RECORDS {
                    self.compact();
                }
                self.index.insert(key, self.records.len());
                self.records.push(EventRecord {
                    first_ms: ev.time_ms,
                    last_ms: ev.time_ms,
                    count: 1,
                    type_: ev.type_,
                    reason: ev.reason,
                    object: ev.object.clone(),
                    namespace: ev.namespace.clone(),
                    message: ev.message.clone(),
                    source: ev.source,
                });
            }
        }
        if self.trace.len() >= MAX_TRACE_BUFFER {
            self.trace.pop_front();
            self.trace_dropped += 1;
        }
        self.trace.push_back(ev);
        self.trace.back_mut().expect("just pushed")
    }

    /// Drops the older half of the records (oldest by last time seen).
    fn compact(&mut self) {
        let mut records = std::mem::take(&mut self.records);
        crate::base::sort::sort_by_key(&mut records, |r| r.last_ms);
        let keep = records.split_off(records.len() / 2);
        self.index.clear();
        for (i, r) in keep.iter().enumerate() {
            self.index.insert(
                (
                    r.namespace.clone(),
                    r.object.clone(),
                    r.reason,
                    r.message.clone(),
                ),
                i,
            );
        }
        self.records = keep;
    }

    /// Takes the trace emitted since the last drain.
    pub fn drain_trace(&mut self) -> Vec<TraceEvent> {
        std::mem::take(&mut self.trace).into()
    }

    pub fn records(&self) -> &[EventRecord] {
        &self.records
    }

    /// Records of one object, oldest first (for `describe`).
    pub fn for_object<'a>(
        &'a self,
        namespace: &'a str,
        object: &'a str,
    ) -> impl Iterator<Item = &'a EventRecord> + 'a {
        self.records
            .iter()
            .filter(move |r| r.namespace == namespace && r.object == object)
    }

    /// Forgets every aggregated record (the trace and the emission count stay): what a world's
    /// construction emitted is not its history.
    pub fn forget_records(&mut self) {
        self.records.clear();
        self.index.clear();
    }

    pub fn forget_object(&mut self, namespace: &str, object: &str) {
        if self
            .records
            .iter()
            .any(|r| r.namespace == namespace && r.object == object)
        {
            self.records
                .retain(|r| !(r.namespace == namespace && r.object == object));
            self.index.clear();
            for (i, r) in self.records.iter().enumerate() {
                self.index.insert(
                    (
                        r.namespace.clone(),
                        r.object.clone(),
                        r.reason,
                        r.message.clone(),
                    ),
                    i,
                );
            }
        }
    }

    pub fn views(&self, limit: usize) -> Vec<EventView> {
        let mut v: Vec<&EventRecord> = self.records.iter().collect();
        crate::base::sort::sort_by_key(&mut v, |r| r.last_ms);
        let start = v.len().saturating_sub(limit);
        v[start..]
            .iter()
            .map(|r| EventView {
                last_ms: r.last_ms,
                first_ms: r.first_ms,
                count: r.count,
                type_: r.type_,
                reason: r.reason,
                object: r.object.clone(),
                message: r.message.clone(),
                source: r.source,
            })
            .collect()
    }
}
