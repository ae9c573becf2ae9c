//! Contexts and clusters: which cluster a command talks to, the other clusters of the accounts,
//! and the one way the accounts are changed ([`World::cloud_mut`]).
//!
//! The world starts as one cluster (`sunaba`) in one account (`sandbox`, 123456789012) with one
//! kubeconfig context. `sim cluster create` adds clusters, each a whole simulated cluster of its
//! own (API store, nodes, scheduler, kubelets, ECS) kept here and advanced on the same clock;
//! `kubectl config use-context` picks which one `kubectl`, `aws ecs` and the other `sim` verbs
//! talk to. What AWS shares — accounts, their ECR registries and databases — is the
//! [`crate::cloud::accounts::Cloud`]: one value every cluster holds by reference (`Rc`). It
//! changes only through [`World::cloud_mut`]: copy-on-write, then every cluster points at the
//! new value.

use std::rc::Rc;

use crate::base::command::CommandError;
use crate::base::object_map::ObjectMap;
use crate::cloud::accounts::{
    ecr_host, Account, Cloud, ContextEntry, Environment, DEFAULT_REGION, HOME_ACCOUNT_ID,
    HOME_ACCOUNT_NAME, HOME_CONTEXT, MAX_CLUSTERS, MAX_CLUSTER_NODES,
};
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::kubelet::NodeShape;
use crate::sim::outside::PullAnswer;
use crate::sim::registry::{ImageInfo, ImageRef};
use crate::world::World;

/// The multi-cluster state. Every world has one: a member cluster only uses `cloud` (its
/// copy), `cluster` and `account_id`; the home world also holds the kubeconfig, the other
/// clusters and the environments.
pub struct Multi {
    /// The accounts, shared by every cluster: one value behind a reference count, replaced
    /// (copy-on-write) only by [`World::cloud_mut`].
    pub(crate) cloud: Rc<Cloud>,
    /// This cluster's name and the account it runs in.
    pub(crate) cluster: String,
    pub(crate) account_id: String,
    pub(crate) current: String,
    pub(crate) contexts: ObjectMap<String, ContextEntry>,
    /// The clusters besides this one, by name.
    pub(crate) clusters: ObjectMap<String, World>,
    /// By (context, name): during a move the same environment lives in two contexts.
    pub(crate) environments: ObjectMap<(String, String), Environment>,
}

impl Multi {
    pub(crate) fn home() -> Multi {
        let mut cloud = Cloud {
            accounts: ObjectMap::new(),
            registry: crate::sim::registry::Registry::default_catalog(),
        };
        cloud.accounts.insert(
            HOME_ACCOUNT_ID.to_string(),
            Account {
                id: HOME_ACCOUNT_ID.to_string(),
                name: HOME_ACCOUNT_NAME.to_string(),
                region: DEFAULT_REGION.to_string(),
                repositories: ObjectMap::new(),
                databases: ObjectMap::new(),
                parameters: ObjectMap::new(),
            },
        );
        let mut contexts = ObjectMap::new();
        contexts.insert(
            HOME_CONTEXT.to_string(),
            ContextEntry {
                cluster: HOME_CONTEXT.to_string(),
                namespace: None,
            },
        );
        Multi {
            cloud: Rc::new(cloud),
            cluster: HOME_CONTEXT.to_string(),
            account_id: HOME_ACCOUNT_ID.to_string(),
            current: HOME_CONTEXT.to_string(),
            contexts,
            clusters: ObjectMap::new(),
            environments: ObjectMap::new(),
        }
    }
}

/// A cluster asks its account: ECR answers a pull from another account with 403 unless the
/// repository's policy names this one; a database in another account is out of reach.
impl crate::sim::outside::Outside for Multi {
    fn pull_answer(&self, r: &ImageRef) -> PullAnswer {
        if let Some((id, region)) = ecr_host(&r.registry) {
            let account = self.cloud.accounts.get(id);
            let repo = account
                .filter(|a| a.region == region)
                .and_then(|a| a.repositories.get(&r.repository));
            if id != self.account_id
                && !repo.is_some_and(|p| p.pull_from.contains(&self.account_id))
            {
                return PullAnswer::Forbidden;
            }
            if repo.is_none() {
                return PullAnswer::NotFound;
            }
        }
        match self.cloud.registry.lookup(r) {
            Some(info) => PullAnswer::Found(info.size_bytes),
            None => PullAnswer::NotFound,
        }
    }

    fn image(&self, r: &ImageRef) -> Option<&ImageInfo> {
        self.cloud.registry.lookup(r)
    }

    fn database_reach(&self, host: &str) -> crate::sim::runtime::DatabaseReach {
        match self.cloud.database(host) {
            None => crate::sim::runtime::DatabaseReach::NoSuchHost,
            Some((a, _)) if a.id != self.account_id => {
                crate::sim::runtime::DatabaseReach::OtherAccount
            }
            Some(_) => crate::sim::runtime::DatabaseReach::Connected,
        }
    }

    fn account_id(&self) -> &str {
        &self.account_id
    }

    fn missing_parameter(&self, value_from: &str) -> Option<String> {
        let name = crate::cloud::ssm::parameter_name(value_from, &self.account_id)?;
        let parameters = self
            .cloud
            .accounts
            .get(&self.account_id)
            .map(|a| &a.parameters);
        parameters
            .is_none_or(|p| !crate::cloud::ssm::has_parameter(p, &name))
            .then_some(name)
    }
}

fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

impl World {
    /// The world that kubectl talks to now (the current context's cluster).
    pub fn active(&self) -> &World {
        self.cluster_world(&self.multi.current).unwrap_or(self)
    }

    pub fn active_mut(&mut self) -> &mut World {
        let cluster = self.context_cluster(&self.multi.current.clone());
        match cluster {
            Some(c) if c != self.multi.cluster && self.multi.clusters.contains_key(&c) => {
                self.multi.clusters.get_mut(&c).expect("checked")
            }
            _ => self,
        }
    }

    /// The cluster a context names.
    pub(crate) fn context_cluster(&self, context: &str) -> Option<String> {
        self.multi.contexts.get(context).map(|c| c.cluster.clone())
    }

    /// The world of a context (`None` if there is no such context).
    pub fn cluster_world(&self, context: &str) -> Option<&World> {
        let cluster = self.multi.contexts.get(context)?.cluster.as_str();
        if cluster == self.multi.cluster {
            Some(self)
        } else {
            self.multi.clusters.get(cluster)
        }
    }

    pub(crate) fn cluster_world_mut(&mut self, context: &str) -> Option<&mut World> {
        let cluster = self.multi.contexts.get(context)?.cluster.clone();
        if cluster == self.multi.cluster {
            Some(self)
        } else {
            self.multi.clusters.get_mut(&cluster)
        }
    }

    /// The current context's name.
    pub fn current_context(&self) -> &str {
        &self.multi.current
    }

    /// This cluster's name (`sunaba` for the home world).
    pub(crate) fn cluster_name(&self) -> &str {
        &self.multi.cluster
    }

    /// The id of the account this cluster runs in.
    pub(crate) fn account_id(&self) -> &str {
        &self.multi.account_id
    }

    /// The world of another cluster, by cluster name.
    pub(crate) fn member_cluster_mut(&mut self, cluster: &str) -> Option<&mut World> {
        self.multi.clusters.get_mut(cluster)
    }

    /// Makes `context` the current one; `false` if there is no such context.
    pub(crate) fn use_context(&mut self, context: &str) -> bool {
        if !self.multi.contexts.contains_key(context) {
            return false;
        }
        self.multi.current = context.to_string();
        true
    }

    /// This cluster's account.
    pub fn account(&self) -> Option<&Account> {
        self.multi.cloud.accounts.get(&self.multi.account_id)
    }

    pub fn cloud(&self) -> &Cloud {
        &self.multi.cloud
    }

    /// Every context: (name, cluster, account, current?), in name order.
    pub fn contexts(&self) -> Vec<(String, String, String, bool)> {
        self.multi
            .contexts
            .iter()
            .map(|(name, c)| {
                let account = self
                    .cluster_world(name)
                    .and_then(World::account)
                    .map(Account::label)
                    .unwrap_or_default();
                (
                    name.clone(),
                    c.cluster.clone(),
                    account,
                    *name == self.multi.current,
                )
            })
            .collect()
    }

    /// The environments made by `sim env create`, by (context, name).
    pub fn environments(&self) -> impl Iterator<Item = &Environment> {
        self.multi.environments.values()
    }

    /// Every other cluster, for time and invariants.
    pub(crate) fn member_clusters_mut(&mut self) -> impl Iterator<Item = &mut World> {
        self.multi.clusters.values_mut()
    }

    pub fn member_clusters(&self) -> impl Iterator<Item = (&String, &World)> {
        self.multi.clusters.iter()
    }

    /// Changes the accounts (ECR, databases, parameters, the registry): the one way the cloud is
    /// written. Every cluster sees the change at once (they share the value).
    pub(crate) fn cloud_mut<R>(&mut self, change: impl FnOnce(&mut Cloud) -> R) -> R {
        let r = change(Rc::make_mut(&mut self.multi.cloud));
        self.share_cloud();
        r
    }

    /// Puts an image into its registry (`docker push`). An ECR registry needs the account and
    /// the repository to exist, as ECR does.
    pub fn push_image(&mut self, r: &ImageRef, info: ImageInfo) -> Result<(), CommandError> {
        self.cloud_mut(|c| c.push_image(r, info))
    }

    /// Points every other cluster at the cloud as it is now (they share it; nothing is copied).
    fn share_cloud(&mut self) {
        for w in self.multi.clusters.values_mut() {
            w.multi.cloud = Rc::clone(&self.multi.cloud);
        }
    }

    /// ECS output names this cluster's account and region in its ARNs (the ECS code writes the
    /// home account's; a cluster in another account restamps them here, output only).
    pub(crate) fn stamp_account(&self, out: String) -> String {
        let Some(a) = self.account() else {
            return out;
        };
        if a.id == HOME_ACCOUNT_ID && a.region == DEFAULT_REGION {
            return out;
        }
        out.replace(
            &format!("arn:aws:ecs:{DEFAULT_REGION}:{HOME_ACCOUNT_ID}:"),
            &format!("arn:aws:ecs:{}:{}:", a.region, a.id),
        )
        .replace(
            &format!("arn:aws:iam::{HOME_ACCOUNT_ID}:user/learner"),
            &format!("arn:aws:iam::{}:user/learner", a.id),
        )
    }

    /// Checks that a cluster `name` may be made in `account` (a name or id); returns the
    /// account. [`World::add_cluster`] makes it.
    pub(crate) fn check_new_cluster(
        &self,
        name: &str,
        account: &str,
    ) -> Result<&Account, CommandError> {
        if let Some(e) = crate::input::definitions::validate::dns1123_label(name) {
            return err(format!("error: invalid cluster name \"{name}\": {e}"));
        }
        if name == self.multi.cluster || self.multi.clusters.contains_key(name) {
            return err(format!("error: cluster \"{name}\" already exists"));
        }
        if self.multi.contexts.contains_key(name) {
            return err(format!("error: context \"{name}\" already exists"));
        }
        if self.multi.clusters.len() >= MAX_CLUSTERS {
            return err(format!("error: at most {} clusters", MAX_CLUSTERS + 1));
        }
        self.multi.cloud.find_account(account)
    }

    /// Makes a cluster (checked by [`World::check_new_cluster`]) of `nodes` nodes in the
    /// account `account_id`, on this world's clock, and a context of the same name for it.
    pub(crate) fn add_cluster(
        &mut self,
        name: &str,
        account_id: &str,
        nodes: usize,
        shape: &NodeShape,
    ) {
        debug_assert!(nodes <= MAX_CLUSTER_NODES && !self.multi.contexts.contains_key(name));
        let seed = self.k.seed ^ u64::from(crate::base::rng::fnv32a(name.as_bytes()));
        let mut w = World::empty(seed);
        w.k.now_ms = self.k.now_ms;
        w.k.compression = self.k.compression;
        w.multi = Multi {
            cloud: Rc::clone(&self.multi.cloud),
            cluster: name.to_string(),
            account_id: account_id.to_string(),
            current: name.to_string(),
            contexts: ObjectMap::new(),
            clusters: ObjectMap::new(),
            environments: ObjectMap::new(),
        };
        w.set_nodes(nodes, shape);
        w.settle();
        w.k.events.drain_trace();
        self.multi.clusters.insert(name.to_string(), w);
        self.multi.contexts.insert(
            name.to_string(),
            ContextEntry {
                cluster: name.to_string(),
                namespace: None,
            },
        );
    }

    /// Deletes a cluster besides the home one, with its contexts and their environments.
    pub(crate) fn remove_cluster(&mut self, name: &str) -> Result<(), CommandError> {
        if name == self.multi.cluster {
            return err(format!(
                "error: cluster \"{name}\" is the home cluster and cannot be deleted"
            ));
        }
        if self.multi.clusters.remove(name).is_none() {
            return err(format!("error: cluster \"{name}\" not found"));
        }
        let contexts: Vec<String> = self
            .multi
            .contexts
            .iter()
            .filter(|(_, c)| c.cluster == name)
            .map(|(n, _)| n.clone())
            .collect();
        for c in &contexts {
            self.multi.contexts.remove(c);
            if self.multi.current == *c {
                self.multi.current = HOME_CONTEXT.to_string();
            }
        }
        self.multi
            .environments
            .retain(|(ctx, _), _| !contexts.contains(ctx));
        Ok(())
    }

    /// Ready and desired replicas of the Deployments in a namespace; for an ECS cluster's
    /// namespace (`ecs:CLUSTER`), healthy tasks and desiredCount of its services.
    pub(crate) fn namespace_replicas(&self, namespace: &str) -> (u32, u32) {
        if let Some(cluster) = namespace.strip_prefix("ecs:") {
            return self
                .ecs
                .services
                .values()
                .filter(|s| s.cluster == cluster && s.status == ServiceStatus::Active)
                .fold((0, 0), |(r, d), s| {
                    (r + self.ecs.service_healthy(&s.id()), d + s.desired_count)
                });
        }
        self.k
            .store
            .deployments
            .values()
            .filter(|d| d.meta.namespace == namespace)
            .fold((0, 0), |(r, d), dep| {
                (r + dep.status.ready_replicas, d + dep.spec.replicas)
            })
    }
}
