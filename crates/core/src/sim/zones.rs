//! Each node's zone (`topology.kubernetes.io/zone`) as a small number, for default topology
//! spreading: its score adds up a pod owner's pods per zone over every node at every attempt,
//! and looking the label up by name on 5,000 nodes for each of 150,000 pods was most of the
//! time it took to fill such a cluster. The table is rebuilt when the node table grows or a
//! node's labels change ([`crate::sim::kernel::Kernel::labels_changed`]).

use crate::sim::scheduler::{NodeInfo, ZONE_LABEL};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Zones {
    /// Per node (indexed like the node table): its zone's number, if it has a zone label.
    of_node: Vec<Option<u16>>,
    /// How many distinct zones.
    count: usize,
}

impl Zones {
    /// Numbers the zones of `nodes` in the order they first appear.
    pub fn of(nodes: &[NodeInfo]) -> Zones {
        let mut names: Vec<&str> = Vec::new();
        let of_node = nodes
            .iter()
            .map(|node| {
                let zone = node.labels.get(ZONE_LABEL)?;
                let at = match names.iter().position(|n| n == zone) {
                    Some(at) => at,
                    None => {
                        names.push(zone);
                        names.len() - 1
                    }
                };
                u16::try_from(at).ok()
            })
            .collect();
        Zones {
            of_node,
            count: names.len(),
        }
    }

    /// Node `i`'s zone number.
    pub fn of_node(&self, i: usize) -> Option<usize> {
        self.of_node.get(i).copied().flatten().map(usize::from)
    }

    pub fn count(&self) -> usize {
        self.count
    }

    /// Whether this table was made for a node table of `len` entries.
    pub fn covers(&self, len: usize) -> bool {
        self.of_node.len() == len
    }
}
