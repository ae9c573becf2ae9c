//! Which parts of the world hold its memory, for the benchmark's bytes per pod
//! (`crates/bench`). Each part is cloned on request: a clone allocates about what the part
//! holds (spare capacity is not counted). The core measures nothing itself.

use std::any::Any;

use super::World;

impl World {
    /// The parts [`World::clone_part`] knows; the rest of the world is what their sum leaves.
    pub const PARTS: &'static [&'static str] = &[
        "pods",
        "pod indexes",
        "events",
        "timers",
        "decision ledger",
        "nodes and kubelets",
    ];

    /// A copy of one of [`World::PARTS`], to be measured and dropped.
    #[doc(hidden)]
    pub fn clone_part(&self, part: &str) -> Option<Box<dyn Any>> {
        let k = &self.k;
        Some(match part {
            "pods" => Box::new(k.store.pods.clone()),
            "pod indexes" => Box::new(k.store.pod_indexes_clone()),
            "events" => Box::new(k.events.clone()),
            "timers" => Box::new(k.timers_clone()),
            "decision ledger" => Box::new(self.scheduling.ledger.clone()),
            "nodes and kubelets" => Box::new((k.nodes.clone(), self.agents.clone())),
            _ => return None,
        })
    }
}
