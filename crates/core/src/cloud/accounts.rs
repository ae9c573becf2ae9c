//! Accounts, clusters and contexts: where an environment lives.
//!
//! The world starts as one cluster (`sunaba`) in one account (`sandbox`, 123456789012), and the
//! kubeconfig has one context for it. `sim account create` and `sim cluster create` add more:
//! every cluster is a whole simulated cluster of its own (its own API store, nodes, scheduler,
//! kubelets, ECS), kept in the home world and advanced on the same clock. `kubectl config
//! use-context` picks which one `kubectl`, `aws ecs` and the other `sim` verbs talk to, and
//! `kubectl --context C …` talks to another for one command.
//!
//! What is shared is what AWS shares: the accounts and, in each, its ECR registry
//! (`<account>.dkr.ecr.<region>.amazonaws.com`: repositories, their pull policy, the images
//! pushed to them) and its databases. Each cluster keeps a copy, refreshed whenever a command
//! changes it, so a kubelet checks a pull against its own account the way ECR checks the node's
//! role: a repository in another account answers `403 Forbidden` unless its repository policy
//! grants this account `ecr:BatchGetImage`.
//!
//! This module owns that state and its operations (create an account or a cluster, grant a
//! pull, …), which take typed arguments and check them; the command lines that reach them are
//! parsed and printed in `lang::accounts` and `lang::aws::ecr`.

use std::collections::BTreeSet;

use crate::base::command::CommandError;
use crate::input::model::Millis;
use crate::sim::ecs_status::ServiceStatus;
use crate::sim::registry::{ImageInfo, ImageRef};
use crate::sim::world::{NodeShape, World};

pub const HOME_CONTEXT: &str = "sunaba";
pub const HOME_ACCOUNT_NAME: &str = "sandbox";
pub const HOME_ACCOUNT_ID: &str = crate::ecs::ACCOUNT_ID;
pub const DEFAULT_REGION: &str = crate::ecs::REGION;
pub const MAX_ACCOUNTS: usize = 16;
/// Clusters besides the home one (each is a whole simulation).
pub const MAX_CLUSTERS: usize = 8;
pub const MAX_REPOSITORIES: usize = 64;
pub const MAX_DATABASES: usize = 32;
pub const MAX_ENVIRONMENTS: usize = 32;
/// Nodes a `sim cluster create` may ask for.
pub const MAX_CLUSTER_NODES: usize = 50;
/// Size of a repository policy document, as ECR limits it (10,240 characters).
const MAX_POLICY_BYTES: usize = 10_240;

/// Every account and what lives in it beside the clusters.
#[derive(Clone, Debug)]
pub struct Cloud {
    /// By 12-digit id.
    pub accounts: ObjectMap<String, Account>,
    /// Every image registry a cluster pulls from: the public ones' catalog, pushed images.
    pub(crate) registry: crate::sim::registry::Registry,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub region: String,
    /// ECR repositories by name.
    pub repositories: ObjectMap<String, Repository>,
    /// Databases (RDS) by name.
    pub databases: ObjectMap<String, Database>,
    /// SSM Parameter Store parameters by name.
    pub parameters: ObjectMap<String, crate::cloud::ssm::Parameter>,
}

impl Account {
    /// `123456789012.dkr.ecr.us-east-1.amazonaws.com`
    pub fn registry_host(&self) -> String {
        format!("{}.dkr.ecr.{}.amazonaws.com", self.id, self.region)
    }

    /// `sandbox (123456789012)`
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.id)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repository {
    pub created_ms: Millis,
    /// Other accounts whose principals the repository policy allows to pull.
    pub pull_from: crate::base::object_map::ObjectSet<String>,
}

/// A managed database endpoint, reachable only from inside its account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Database {
    pub name: String,
    /// `NAME.cXXXXXXXXXX.REGION.rds.amazonaws.com`
    pub endpoint: String,
    /// The environment whose data it holds.
    pub environment: String,
}

/// What `kubectl config get-contexts` lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextEntry {
    pub cluster: String,
}

/// An environment made by `sim env create`: one overlay applied into its own namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    pub context: String,
    pub namespace: String,
    /// The kustomization directory it was built from (`overlays/staging`).
    pub source: String,
    pub created_ms: Millis,
    /// Every object it created: (kind, namespace, name). Deleting the environment deletes
    /// exactly these.
    pub objects: Vec<(String, String, String)>,
    /// The database made for it (`--with-db`): (account id, name).
    pub database: Option<(String, String)>,
}

/// The multi-cluster state. Every world has one: a member cluster only uses `cloud` (its
/// copy), `cluster` and `account_id`; the home world also holds the kubeconfig, the other
/// clusters and the environments.
pub struct Multi {
    pub(crate) cloud: Cloud,
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
    /// The database with this endpoint, and the account it lives in.
    pub(crate) fn database(&self, host: &str) -> Option<(&Account, &Database)> {
        self.cloud.accounts.values().find_map(|a| {
            a.databases
                .values()
                .find(|d| d.endpoint == host)
                .map(|d| (a, d))
        })
    }

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
            },
        );
        Multi {
            cloud,
            cluster: HOME_CONTEXT.to_string(),
            account_id: HOME_ACCOUNT_ID.to_string(),
            current: HOME_CONTEXT.to_string(),
            contexts,
            clusters: ObjectMap::new(),
            environments: ObjectMap::new(),
        }
    }
}

/// `(account id, region)` of an ECR registry host.
pub fn ecr_host(host: &str) -> Option<(&str, &str)> {
    let rest = host.strip_suffix(".amazonaws.com")?;
    let (id, region) = rest.split_once(".dkr.ecr.")?;
    (id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) && !region.is_empty())
        .then_some((id, region))
}

use crate::base::object_map::ObjectMap;

fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

/// A deterministic RDS-style cluster identifier for an account and region (`c7f3a9e21b0d`).
pub(crate) fn rds_id(account: &str, region: &str) -> String {
    let a = u64::from(crate::base::rng::fnv32a(account.as_bytes()));
    let r = u64::from(crate::base::rng::fnv32a(region.as_bytes()));
    format!("c{:011x}", ((a << 12) ^ r) & 0xfff_ffff_ffff)
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

    /// The region of an account (by id) this world knows.
    pub(crate) fn account_region(&self, id: &str) -> &str {
        &self.multi.cloud.accounts[id].region
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

    /// The account an account name or id refers to.
    pub(crate) fn find_account(&self, name_or_id: &str) -> Result<&Account, CommandError> {
        self.multi
            .cloud
            .accounts
            .values()
            .find(|a| a.id == name_or_id || a.name == name_or_id)
            .ok_or_else(|| {
                CommandError::new(format!(
                    "error: no account \"{name_or_id}\" (sim accounts lists them; sim account create NAME adds one)"
                ))
            })
    }

    /// Copies the shared state (accounts, registries, databases) into every member cluster.
    pub(crate) fn sync_cloud(&mut self) {
        let cloud = self.multi.cloud.clone();
        for w in self.multi.clusters.values_mut() {
            w.multi.cloud = cloud.clone();
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

    /// Puts an image into its registry (`docker push`). An ECR registry needs the account and
    /// the repository to exist, as ECR does.
    pub fn push_image(&mut self, r: &ImageRef, info: ImageInfo) -> Result<(), CommandError> {
        if let Some((id, region)) = ecr_host(&r.registry) {
            let Some(account) = self
                .multi
                .cloud
                .accounts
                .get(id)
                .filter(|a| a.region == region)
            else {
                return err(format!("dial tcp: lookup {}: no such host", r.registry));
            };
            if !account.repositories.contains_key(&r.repository) {
                return err(format!(
                    "name unknown: The repository with name '{}' does not exist in the registry with id '{id}'",
                    r.repository
                ));
            }
        }
        self.multi
            .cloud
            .registry
            .add(&format!("{}/{}", r.registry, r.repository), &r.tag, info);
        self.sync_cloud();
        Ok(())
    }

    pub(crate) fn databases_total(&self) -> usize {
        self.multi
            .cloud
            .accounts
            .values()
            .map(|a| a.databases.len())
            .sum()
    }

    /// The database an endpoint names, with the account it lives in.
    pub(crate) fn database(&self, host: &str) -> Option<(&Account, &Database)> {
        self.multi.database(host)
    }

    /// Adds an account: `id` is 12 digits (by default the next of 111111111111,
    /// 222222222222, …), `region` as AWS spells them. Returns the account made.
    pub(crate) fn create_account(
        &mut self,
        name: &str,
        id: Option<&str>,
        region: &str,
    ) -> Result<&Account, CommandError> {
        if let Some(e) = crate::input::definitions::validate::dns1123_label(name) {
            return err(format!("error: invalid account name \"{name}\": {e}"));
        }
        if self.multi.cloud.accounts.len() >= MAX_ACCOUNTS {
            return err(format!("error: at most {MAX_ACCOUNTS} accounts"));
        }
        if self.multi.cloud.accounts.values().any(|x| x.name == name) {
            return err(format!("error: account \"{name}\" already exists"));
        }
        let id = match id {
            Some(id) if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) => id.to_string(),
            Some(id) => {
                return err(format!(
                    "error: invalid account id \"{id}\": an AWS account id is 12 digits"
                ))
            }
            None => {
                // 111111111111, 222222222222, … then onwards: easy to tell apart on screen.
                let mut n = self.multi.cloud.accounts.len() as u64;
                loop {
                    let id = if n < 10 {
                        n.to_string().repeat(12)
                    } else {
                        format!("{:012}", 100_000_000_000 + n)
                    };
                    if !self.multi.cloud.accounts.contains_key(&id) {
                        break id;
                    }
                    n += 1;
                }
            }
        };
        if self.multi.cloud.accounts.contains_key(&id) {
            return err(format!("error: account id {id} is already taken"));
        }
        if region.is_empty()
            || region.len() > 32
            || !region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return err(format!("error: invalid region \"{region}\""));
        }
        let account = Account {
            id: id.clone(),
            name: name.to_string(),
            region: region.to_string(),
            repositories: ObjectMap::new(),
            databases: ObjectMap::new(),
            parameters: ObjectMap::new(),
        };
        self.multi.cloud.accounts.insert(id.clone(), account);
        self.sync_cloud();
        Ok(&self.multi.cloud.accounts[&id])
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
        self.find_account(account)
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
        w.multi.cloud.registry = self.multi.cloud.registry.clone();
        w.multi = Multi {
            cloud: self.multi.cloud.clone(),
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

    /// Makes a database holding `environment`'s data in `account` (a name or id; by default
    /// the current context's account). Returns the account it is in and the database.
    pub(crate) fn create_database(
        &mut self,
        name: &str,
        account: Option<&str>,
        environment: &str,
    ) -> Result<(&Account, &Database), CommandError> {
        if let Some(e) = crate::input::definitions::validate::dns1123_label(name) {
            return err(format!("error: invalid database name \"{name}\": {e}"));
        }
        let id = match account {
            Some(acct) => self.find_account(acct)?.id.clone(),
            None => self.active().multi.account_id.clone(),
        };
        if self.databases_total() >= MAX_DATABASES {
            return err(format!("error: at most {MAX_DATABASES} databases"));
        }
        let account = self.multi.cloud.accounts.get_mut(&id).expect("found");
        if account.databases.contains_key(name) {
            return err(format!(
                "DBInstanceAlreadyExists: DB instance already exists: {name}"
            ));
        }
        let endpoint = format!(
            "{name}.{}.{}.rds.amazonaws.com",
            rds_id(&account.id, &account.region),
            account.region
        );
        account.databases.insert(
            name.to_string(),
            Database {
                name: name.to_string(),
                endpoint,
                environment: environment.to_string(),
            },
        );
        self.sync_cloud();
        let account = &self.multi.cloud.accounts[&id];
        Ok((account, &account.databases[name]))
    }

    /// Lets exactly the accounts `from` pull from `owner`'s repository `repo`.
    pub(crate) fn grant_pull(
        &mut self,
        owner: &str,
        repo: &str,
        from: &[String],
    ) -> Result<(), CommandError> {
        let account = self.multi.cloud.accounts.get_mut(owner).expect("known");
        let Some(r) = account.repositories.get_mut(repo) else {
            return err(format!(
                "An error occurred (RepositoryNotFoundException) when calling the SetRepositoryPolicy operation: The repository with name '{repo}' does not exist in the registry with id '{owner}'"
            ));
        };
        r.pull_from = crate::base::object_map::ObjectSet::new();
        for f in from {
            r.pull_from.insert(f.clone());
        }
        self.sync_cloud();
        Ok(())
    }

    /// CreateRepository in `owner`'s registry, made now.
    pub(crate) fn create_repository(
        &mut self,
        owner: &str,
        name: &str,
    ) -> Result<(), CommandError> {
        if name.is_empty()
            || name.len() > 256
            || !name.bytes().all(|b| {
                b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || matches!(b, b'.' | b'_' | b'-' | b'/')
            })
        {
            return err("An error occurred (InvalidParameterException) when calling the CreateRepository operation: Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''");
        }
        let account = self.multi.cloud.accounts.get_mut(owner).expect("known");
        if account.repositories.contains_key(name) {
            return err(format!("An error occurred (RepositoryAlreadyExistsException) when calling the CreateRepository operation: The repository with name '{name}' already exists in the registry with id '{owner}'"));
        }
        if account.repositories.len() >= MAX_REPOSITORIES {
            return err(format!("An error occurred (LimitExceededException) when calling the CreateRepository operation: at most {MAX_REPOSITORIES} repositories per account here"));
        }
        account.repositories.insert(
            name.to_string(),
            Repository {
                created_ms: self.k.now_ms,
                pull_from: crate::base::object_map::ObjectSet::new(),
            },
        );
        self.sync_cloud();
        Ok(())
    }

    /// SetRepositoryPolicy: the accounts the policy document `text` lets pull replace the
    /// repository's.
    pub(crate) fn set_repository_policy(
        &mut self,
        owner: &str,
        repo: &str,
        text: &str,
    ) -> Result<(), CommandError> {
        let from = policy_pull_accounts(text).map_err(|m| {
            CommandError::new(format!("An error occurred (InvalidParameterException) when calling the SetRepositoryPolicy operation: Invalid parameter at 'PolicyText' failed to satisfy constraint: '{m}'"))
        })?;
        self.grant_pull(owner, repo, &from)
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

/// The accounts a repository policy lets pull: statements with `Effect: Allow`, an action
/// covering `ecr:BatchGetImage`, and principals given as account ids or
/// `arn:aws:iam::ID:root` ARNs.
fn policy_pull_accounts(text: &str) -> Result<Vec<String>, String> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(format!(
            "policy text is longer than {MAX_POLICY_BYTES} characters"
        ));
    }
    let doc: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("Invalid repository policy provided: {e}"))?;
    let statements = match &doc["Statement"] {
        serde_json::Value::Array(items) => items.clone(),
        serde_json::Value::Object(_) => vec![doc["Statement"].clone()],
        _ => return Err("Invalid repository policy provided: Statement is missing".into()),
    };
    let strings = |v: &serde_json::Value| -> Vec<String> {
        match v {
            serde_json::Value::String(s) => vec![s.clone()],
            serde_json::Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    let mut accounts = BTreeSet::new();
    for s in statements {
        if s["Effect"].as_str() != Some("Allow") {
            continue;
        }
        let actions = strings(&s["Action"]);
        if !actions
            .iter()
            .any(|a| a == "ecr:BatchGetImage" || a == "ecr:*" || a == "*")
        {
            continue;
        }
        let principals = match &s["Principal"] {
            serde_json::Value::Object(m) => m.get("AWS").map(strings).unwrap_or_default(),
            v => strings(v),
        };
        for p in principals {
            let id = p
                .strip_prefix("arn:aws:iam::")
                .and_then(|r| r.split(':').next())
                .unwrap_or(&p)
                .to_string();
            if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
                accounts.insert(id);
            } else {
                return Err(format!(
                    "Invalid repository policy provided: invalid principal {p}"
                ));
            }
        }
    }
    Ok(accounts.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecr_hosts_are_recognised() {
        assert_eq!(
            ecr_host("222222222222.dkr.ecr.ap-northeast-1.amazonaws.com"),
            Some(("222222222222", "ap-northeast-1"))
        );
        assert_eq!(ecr_host("docker.io"), None);
        assert_eq!(ecr_host("12.dkr.ecr.us-east-1.amazonaws.com"), None);
    }

    #[test]
    fn repository_policies_name_the_accounts_that_may_pull() {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow",
            "Principal":{"AWS":["arn:aws:iam::222222222222:root","333333333333"]},
            "Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]},
            {"Effect":"Deny","Principal":"*","Action":"ecr:*"}]}"#;
        assert_eq!(
            policy_pull_accounts(policy).unwrap(),
            ["222222222222", "333333333333"]
        );
        assert!(policy_pull_accounts("{").is_err());
        assert!(policy_pull_accounts(
            r#"{"Statement":{"Effect":"Allow","Principal":{"AWS":"bob"},"Action":"ecr:*"}}"#
        )
        .is_err());
    }
}

/// One account's lane in the environments view.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AccountLane {
    pub id: String,
    pub name: String,
    pub region: String,
    /// Contexts whose cluster runs in this account, in name order.
    pub contexts: Vec<String>,
    pub environments: Vec<EnvironmentCard>,
}

/// One environment as the swimlanes show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EnvironmentCard {
    pub name: String,
    pub context: String,
    pub namespace: String,
    pub source: String,
    pub ready: u32,
    pub desired: u32,
    /// Requests and failures over the last 30 s of traffic to its Services.
    pub requests: u32,
    pub errors: u32,
    pub database: Option<String>,
    pub notes: Vec<crate::cloud::why::WhyNote>,
}

/// The environments, one lane per account (every account, even an empty one).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct EnvironmentsView {
    pub current_context: String,
    pub lanes: Vec<AccountLane>,
}

impl World {
    pub fn environments_view(&self) -> EnvironmentsView {
        // The home account's lane first, then the others by id.
        let home = self.multi.cloud.accounts.get(&self.multi.account_id);
        let lanes = home
            .into_iter()
            .chain(
                self.multi
                    .cloud
                    .accounts
                    .values()
                    .filter(|a| a.id != self.multi.account_id),
            )
            .map(|a| {
                let contexts: Vec<String> = self
                    .multi
                    .contexts
                    .keys()
                    .filter(|c| {
                        self.cluster_world(c)
                            .is_some_and(|w| w.multi.account_id == a.id)
                    })
                    .cloned()
                    .collect();
                let environments = self
                    .multi
                    .environments
                    .values()
                    .filter(|e| contexts.contains(&e.context))
                    .filter_map(|e| {
                        let w = self.cluster_world(&e.context)?;
                        let (ready, desired) = w.namespace_replicas(&e.namespace);
                        let (requests, errors) = w
                            .traffic
                            .flows
                            .iter()
                            .filter(|((ns, _), _)| *ns == e.namespace)
                            .flat_map(|(_, f)| f.samples.iter().rev().take(30))
                            .fold((0u32, 0u32), |(r, x), s| {
                                (r.saturating_add(s.requests), x.saturating_add(s.errors))
                            });
                        Some(EnvironmentCard {
                            name: e.name.clone(),
                            context: e.context.clone(),
                            namespace: e.namespace.clone(),
                            source: e.source.clone(),
                            ready,
                            desired,
                            requests,
                            errors,
                            database: e.database.as_ref().map(|(_, d)| d.clone()),
                            notes: {
                                // One note per cause: two replicas failing alike say it once.
                                let mut seen = BTreeSet::new();
                                w.why(&e.namespace)
                                    .into_iter()
                                    .filter(|n| seen.insert(n.code))
                                    .collect()
                            },
                        })
                    })
                    .collect();
                AccountLane {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    region: a.region.clone(),
                    contexts,
                    environments,
                }
            })
            .collect();
        EnvironmentsView {
            current_context: self.multi.current.clone(),
            lanes,
        }
    }

    /// Drains the current context's trace (what the shells animate); the other clusters'
    /// traces are dropped, so none of them grows while nobody looks.
    pub fn drain_active_trace(&mut self) -> Vec<crate::sim::events::TraceEvent> {
        let current = self.multi.current.clone();
        let active = self
            .multi
            .contexts
            .get(&current)
            .map(|c| c.cluster.clone())
            .unwrap_or_default();
        let mut out = self.drain_trace();
        if active != self.multi.cluster {
            out.clear();
        }
        for (name, w) in &mut self.multi.clusters {
            let drained = w.drain_trace();
            if *name == active {
                out = drained;
            }
        }
        out
    }
}

/// A cluster asks its account: ECR answers a pull from another account with 403 unless the
/// repository's policy names this one; a database in another account is out of reach.
use crate::sim::outside::PullAnswer;

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
        match self.database(host) {
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
