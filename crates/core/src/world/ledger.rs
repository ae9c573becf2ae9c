//! The scheduler's decision ledger, read from outside the core (tests, shells): what
//! `sim explain pod/NAME` prints, as values.

use crate::sim::ledger::{Ledger, Limits};
use crate::sim::ledger_view::LedgerView;
use crate::world::World;

impl World {
    /// Every pod's scheduling attempts, as the scheduler recorded them (bounded).
    pub fn scheduling_ledger(&self) -> &Ledger {
        &self.scheduling.ledger
    }

    /// The name of the node at `index` in the node table (the ledger's node numbers).
    pub fn node_name_at(&self, index: usize) -> Option<&str> {
        self.k.nodes.get(index).map(|n| n.name.as_str())
    }

    /// Changes the ledger's bounds (tests use small ones); what it holds is trimmed at the next
    /// attempt.
    pub fn set_ledger_limits(&mut self, limits: Limits) {
        self.scheduling.ledger.limits = limits;
    }

    /// The ledger of the pod `namespace/name` (the one there now, else the newest of that
    /// name), as a view a shell draws; `None` when it has none.
    pub fn pod_ledger_view(&self, namespace: &str, name: &str) -> Option<LedgerView> {
        let ledger = &self.scheduling.ledger;
        let current = self
            .k
            .store
            .pod_names
            .get(&(namespace.to_string(), name.to_string()));
        let pod = current
            .and_then(|id| ledger.pod(*id))
            .or_else(|| ledger.find(namespace, name).map(|(_, p)| p))?;
        let name_of = |i: usize| self.node_name_at(i).unwrap_or("?").to_string();
        Some(crate::sim::ledger_view::view(
            pod,
            ledger.evicted_pods,
            ledger.limits,
            &name_of,
        ))
    }
}
