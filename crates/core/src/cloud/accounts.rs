//! Accounts and what lives in them beside the clusters: each account's ECR registry
//! (`<account>.dkr.ecr.<region>.amazonaws.com`: repositories, their pull policy), its databases
//! and SSM parameters, and the image registries every cluster pulls from — the [`Cloud`] — with
//! its operations (create an account, a repository, a database; grant a pull; push an image),
//! which take typed arguments and check them. The command lines that reach them are parsed and
//! printed in `lang::accounts` and `lang::aws`.
//!
//! A cluster asks the cloud through [`crate::sim::outside::Outside`]: a repository in another
//! account answers `403 Forbidden` unless its repository policy grants this cluster's account
//! `ecr:BatchGetImage`, the way ECR checks the node's role; a database in another account is out
//! of reach. [`Multi`] is one cluster's place among them (its name, its account, the contexts,
//! the other clusters and the environments), held by the facade.

use std::collections::BTreeSet;

use crate::base::command::CommandError;
use crate::input::model::Millis;
use crate::sim::registry::{ImageInfo, ImageRef};

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
    pub parameters: ObjectMap<String, Parameter>,
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

/// An SSM Parameter Store parameter (its operations: [`crate::cloud::ssm`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// `String`, `StringList` or `SecureString`.
    pub kind: String,
    pub value: String,
    pub version: u32,
    pub modified_ms: Millis,
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
    /// `kubectl config set-context --namespace`: what commands without `-n` use (`None`:
    /// `default`).
    pub namespace: Option<String>,
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

impl Cloud {
    /// The database with this endpoint, and the account it lives in.
    pub(crate) fn database(&self, host: &str) -> Option<(&Account, &Database)> {
        self.accounts.values().find_map(|a| {
            a.databases
                .values()
                .find(|d| d.endpoint == host)
                .map(|d| (a, d))
        })
    }

    /// The account an account name or id refers to.
    pub(crate) fn find_account(&self, name_or_id: &str) -> Result<&Account, CommandError> {
        self.accounts
            .values()
            .find(|a| a.id == name_or_id || a.name == name_or_id)
            .ok_or_else(|| {
                CommandError::new(format!(
                    "error: no account \"{name_or_id}\" (sim accounts lists them; sim account create NAME adds one)"
                ))
            })
    }
    /// The region of an account (by id) this world knows.
    pub(crate) fn account_region(&self, id: &str) -> &str {
        &self.accounts[id].region
    }
    pub(crate) fn databases_total(&self) -> usize {
        self.accounts.values().map(|a| a.databases.len()).sum()
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
        if self.accounts.len() >= MAX_ACCOUNTS {
            return err(format!("error: at most {MAX_ACCOUNTS} accounts"));
        }
        if self.accounts.values().any(|x| x.name == name) {
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
                let mut n = self.accounts.len() as u64;
                loop {
                    let id = if n < 10 {
                        n.to_string().repeat(12)
                    } else {
                        format!("{:012}", 100_000_000_000 + n)
                    };
                    if !self.accounts.contains_key(&id) {
                        break id;
                    }
                    n += 1;
                }
            }
        };
        if self.accounts.contains_key(&id) {
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
        self.accounts.insert(id.clone(), account);
        Ok(&self.accounts[&id])
    }
    /// Puts an image into its registry (`docker push`). An ECR registry needs the account and
    /// the repository to exist, as ECR does.
    pub(crate) fn push_image(&mut self, r: &ImageRef, info: ImageInfo) -> Result<(), CommandError> {
        if let Some((id, region)) = ecr_host(&r.registry) {
            let Some(account) = self.accounts.get(id).filter(|a| a.region == region) else {
                return err(format!("dial tcp: lookup {}: no such host", r.registry));
            };
            if !account.repositories.contains_key(&r.repository) {
                return err(format!(
                    "name unknown: The repository with name '{}' does not exist in the registry with id '{id}'",
                    r.repository
                ));
            }
        }
        self.registry
            .add(&format!("{}/{}", r.registry, r.repository), &r.tag, info);
        Ok(())
    }
    /// Makes a database holding `environment`'s data in `account` (a name or id; by default
    /// the current context's account). Returns the account it is in and the database.
    pub(crate) fn create_database(
        &mut self,
        name: &str,
        account: Option<&str>,
        environment: &str,
        here: &str,
    ) -> Result<(&Account, &Database), CommandError> {
        if let Some(e) = crate::input::definitions::validate::dns1123_label(name) {
            return err(format!("error: invalid database name \"{name}\": {e}"));
        }
        let id = match account {
            Some(acct) => self.find_account(acct)?.id.clone(),
            None => here.to_string(),
        };
        if self.databases_total() >= MAX_DATABASES {
            return err(format!("error: at most {MAX_DATABASES} databases"));
        }
        let account = self.accounts.get_mut(&id).expect("found");
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
        let account = &self.accounts[&id];
        Ok((account, &account.databases[name]))
    }
    /// Lets exactly the accounts `from` pull from `owner`'s repository `repo`.
    pub(crate) fn grant_pull(
        &mut self,
        owner: &str,
        repo: &str,
        from: &[String],
    ) -> Result<(), CommandError> {
        let account = self.accounts.get_mut(owner).expect("known");
        let Some(r) = account.repositories.get_mut(repo) else {
            return err(format!(
                "An error occurred (RepositoryNotFoundException) when calling the SetRepositoryPolicy operation: The repository with name '{repo}' does not exist in the registry with id '{owner}'"
            ));
        };
        r.pull_from = crate::base::object_map::ObjectSet::new();
        for f in from {
            r.pull_from.insert(f.clone());
        }
        Ok(())
    }
    /// CreateRepository in `owner`'s registry, made now.
    pub(crate) fn create_repository(
        &mut self,
        owner: &str,
        name: &str,
        now: Millis,
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
        let account = self.accounts.get_mut(owner).expect("known");
        if account.repositories.contains_key(name) {
            return err(format!("An error occurred (RepositoryAlreadyExistsException) when calling the CreateRepository operation: The repository with name '{name}' already exists in the registry with id '{owner}'"));
        }
        if account.repositories.len() >= MAX_REPOSITORIES {
            return err(format!("An error occurred (LimitExceededException) when calling the CreateRepository operation: at most {MAX_REPOSITORIES} repositories per account here"));
        }
        account.repositories.insert(
            name.to_string(),
            Repository {
                created_ms: now,
                pull_from: crate::base::object_map::ObjectSet::new(),
            },
        );
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
