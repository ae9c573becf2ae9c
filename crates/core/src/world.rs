//! The world: one simulated cluster, advanced only when told.
//! STUB of the public surface — the simulation is being written.

use crate::command::{CommandError, FileSource};
use crate::events::TraceEvent;
use crate::model::Millis;
use crate::view::{ClusterView, EventView};

pub struct World {
    now_ms: Millis,
}

impl World {
    /// A new world at t=0 with the default cluster: 3 nodes (`node-1`..`node-3`) of 2 CPU / 4Gi.
    pub fn new(seed: u64) -> World {
        let _ = seed;
        World { now_ms: 0 }
    }

    /// Runs one line of the command language; returns what kubectl would print.
    pub fn run(&mut self, line: &str, files: &dyn FileSource) -> Result<String, CommandError> {
        let _ = (line, files);
        Err(CommandError::new("not implemented"))
    }

    /// Advances virtual time to `t_ms`, processing every timer due on the way.
    pub fn advance_to(&mut self, t_ms: Millis) {
        self.now_ms = self.now_ms.max(t_ms);
    }

    pub fn advance_by(&mut self, ms: Millis) {
        self.advance_to(self.now_ms.saturating_add(ms));
    }

    pub fn now_ms(&self) -> Millis {
        self.now_ms
    }

    /// When the next timer is due (for "step to next event"), if any.
    pub fn next_wakeup_ms(&self) -> Option<Millis> {
        None
    }

    pub fn cluster_view(&self) -> ClusterView {
        ClusterView {
            now_ms: self.now_ms,
            nodes: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// The newest `limit` aggregated events, oldest first.
    pub fn event_views(&self, limit: usize) -> Vec<EventView> {
        let _ = limit;
        Vec::new()
    }

    /// Every event emitted since the last drain, in order.
    pub fn drain_trace(&mut self) -> Vec<TraceEvent> {
        Vec::new()
    }
}
