//! What a cluster's machines ask of the world outside the cluster: the image registries (may
//! this cluster pull that image, and what is in it), the databases its apps connect to, and
//! the account it runs in (its id, and the SSM parameters an ECS task's secrets name).
//!
//! The simulation defines the question; the cloud layer ([`crate::cloud::accounts`]) answers it
//! from the accounts, their ECR repository policies and databases. The kubelet, traffic and
//! ECS take an `&dyn Outside`, so nothing below the cloud layer imports it.

use crate::input::image_ref::ImageRef;
use crate::input::model::Container;
use crate::sim::registry::ImageInfo;
use crate::sim::runtime::{Behaviour, DatabaseReach};

/// How a registry answers this cluster's pull.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PullAnswer {
    Found(u64),
    NotFound,
    /// ECR in another account, without a policy for this one.
    Forbidden,
}

pub(crate) trait Outside {
    /// How the image's registry answers a pull from this cluster.
    fn pull_answer(&self, r: &ImageRef) -> PullAnswer;

    /// The image as its registry holds it (whether or not this cluster may pull it).
    fn image(&self, r: &ImageRef) -> Option<&ImageInfo>;

    /// What connecting to a database host from this cluster finds.
    fn database_reach(&self, host: &str) -> DatabaseReach;

    /// The id of the account this cluster runs in.
    fn account_id(&self) -> &str;

    /// The SSM parameter a secret's `valueFrom` names in this cluster's account (a name, or an
    /// SSM ARN of this account), when the account does not have it. `None` when it does, and
    /// for a Secrets Manager secret or another account's ARN (not this account's to look up).
    fn missing_parameter(&self, value_from: &str) -> Option<String>;

    /// What a container does: its image's program and its spec, with the database it reaches
    /// from here. One behaviour for the kubelet, probes, traffic and ECS.
    fn behaviour(&self, info: &ImageInfo, spec: &Container) -> Behaviour {
        let mut b = Behaviour::of(info, spec);
        if let Some(host) = b.database_host() {
            let reach = self.database_reach(host);
            b.connect_database(reach);
        }
        b
    }

    /// containerd's words for a failed pull (after `Failed to pull image "…": `).
    fn pull_failure_detail(&self, r: &ImageRef) -> String {
        let canonical = r.canonical();
        match self.pull_answer(r) {
            PullAnswer::Forbidden => format!(
                "rpc error: code = Unknown desc = failed to pull and unpack image \"{canonical}\": failed to resolve reference \"{canonical}\": unexpected status from HEAD request to https://{}/v2/{}/manifests/{}: 403 Forbidden",
                r.registry, r.repository, r.tag
            ),
            _ => format!(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"{canonical}\": failed to resolve reference \"{canonical}\": {canonical}: not found"
            ),
        }
    }
}
