//! Each node's zone (`topology.kubernetes.io/zone`) as a small number, for default topology
//! spreading: its score adds up a pod owner's pods per zone over every node at every attempt,
//! and looking the label up by name on 5,000 nodes for each of 150,000 pods was most of the
//! time it took to fill such a cluster. The table is rebuilt when the node table grows or a
//! node's labels change ([`crate::sim::kernel::Kernel::labels_changed`]).

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Zones {
    /// Per node (indexed like the node table): its zone's number, if it has a zone label.
    of_node: Vec<Option<u16>>,
    /// How many distinct zones.
    count: usize,
}

impl Zones {
    /// Numbers the nodes' zones (each node's `topology.kubernetes.io/zone` label, in the node
    /// table's order) in the order they first appear.
    pub fn of<'a>(zone_labels: impl Iterator<Item = Option<&'a str>>) -> Zones {
        let mut names: Vec<&str> = Vec::new();
        let of_node = zone_labels
            .map(|zone| {
                let zone = zone?;
                let at = match names.iter().position(|&n| n == zone) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_numbered_in_order_of_first_appearance_and_unlabelled_nodes_have_none() {
        let zones = Zones::of([Some("zone-b"), None, Some("zone-a"), Some("zone-b")].into_iter());
        assert_eq!(zones.count(), 2);
        let numbers: Vec<_> = (0..5).map(|i| zones.of_node(i)).collect();
        assert_eq!(numbers, vec![Some(0), None, Some(1), Some(0), None]);
        assert!(zones.covers(4) && !zones.covers(5));
    }
}
