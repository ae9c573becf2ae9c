//! The Metrics API of this cluster: [`crate::sim::metrics`] asked with the images and
//! databases the cluster reaches.

use crate::sim::metrics::{self, ContainerUsage, NodeUsage};
use crate::sim::store::Pod;
use crate::world::World;

impl World {
    /// A pod's containers at the last scrape; `None` while metrics-server has none for it.
    pub(crate) fn pod_metrics(&self, pod: &Pod) -> Option<Vec<ContainerUsage>> {
        metrics::pod_usage(&self.k, &self.multi, pod)
    }

    /// Every node's usage at the last scrape; `None` before the first CPU rate exists.
    pub(crate) fn node_metrics(&self) -> Option<Vec<NodeUsage>> {
        metrics::node_usage(&self.k, &self.multi)
    }
}
