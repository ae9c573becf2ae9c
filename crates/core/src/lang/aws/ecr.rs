//! `aws ecr create-repository | describe-repositories | describe-images |
//! set-repository-policy` and `sim ecr allow-pull`: parsed the AWS CLI's way and printed as its
//! JSON; the registries themselves are [`crate::cloud::accounts`]'.

use serde_json::json;

use crate::base::command::{Args, CommandError};
use crate::input::files::FileSource;
use crate::lang::args::{err, parse_args};
use crate::world::World;

/// `aws ecr …` in the profile's account (the current context's by default); `t` starts at the
/// operation.
pub(crate) fn aws_ecr(
    w: &mut World,
    t: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let Some(op) = t.first() else {
        return err("usage: aws ecr <command> [<subcommand> ...] [parameters]\naws: error: the following arguments are required: operation");
    };
    let cmd = format!("aws ecr {op}");
    let a = parse_args(&t[1..], &["aws", "ecr"], &cmd)?;
    let owner = super::profile_account(w, &a)?;
    let region = w.multi.cloud.account_region(&owner).to_string();
    let at = Registry { owner, region };
    match op.as_str() {
        "create-repository" => create_repository(w, &at, repo_name(&a)?),
        "describe-repositories" => describe_repositories(w, &at, &a),
        "describe-images" => describe_images(w, &at, repo_name(&a)?),
        "set-repository-policy" => set_repository_policy(w, &at, &a, files),
        other => err(format!(
            "\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: argument operation: Invalid choice, valid choices are:\n\ncreate-repository | describe-repositories | describe-images | set-repository-policy\n(\"{other}\" is not simulated)"
        )),
    }
}

/// The account and region an `aws ecr` command works in.
struct Registry {
    owner: String,
    region: String,
}

impl Registry {
    /// A repository's ARN.
    fn repo_arn(&self, name: &str) -> String {
        format!(
            "arn:aws:ecr:{}:{}:repository/{name}",
            self.region, self.owner
        )
    }
}

/// The required `--repository-name`.
fn repo_name(a: &Args) -> Result<String, CommandError> {
    a.flag("repository-name")
        .map(str::to_string)
        .ok_or_else(|| {
            CommandError::new(
                "\naws: error: the following arguments are required: --repository-name",
            )
        })
}

/// `aws ecr create-repository`: the repository and its JSON.
fn create_repository(w: &mut World, at: &Registry, name: String) -> Result<String, CommandError> {
    let owner = &at.owner;
    let now = w.k.now_ms;
    w.cloud_mut(|c| c.create_repository(owner, &name, now))?;
    let host = w.cloud().accounts[owner].registry_host();
    Ok(super::aws_json(&json!({
        "repository": {
            "repositoryArn": at.repo_arn(&name),
            "registryId": owner,
            "repositoryName": name,
            "repositoryUri": format!("{host}/{name}"),
            "createdAt": super::aws_time(w.k.now_ms),
            "imageTagMutability": "MUTABLE",
            "imageScanningConfiguration": {"scanOnPush": false},
            "encryptionConfiguration": {"encryptionType": "AES256"}
        }
    })))
}

/// `aws ecr describe-repositories [--repository-names …]`: every named one must exist.
fn describe_repositories(w: &World, at: &Registry, a: &Args) -> Result<String, CommandError> {
    let owner = &at.owner;
    let account = &w.cloud().accounts[owner];
    let wanted: Vec<String> = a
        .flag("repository-names")
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    if let Some(missing) = wanted
        .iter()
        .find(|w| !account.repositories.contains_key(*w))
    {
        return err(format!("An error occurred (RepositoryNotFoundException) when calling the DescribeRepositories operation: The repository with name '{missing}' does not exist in the registry with id '{owner}'"));
    }
    let items: Vec<serde_json::Value> = account
        .repositories
        .iter()
        .filter(|(name, _)| wanted.is_empty() || wanted.contains(name))
        .map(|(name, r)| {
            json!({
                "repositoryArn": at.repo_arn(name),
                "registryId": owner,
                "repositoryName": name,
                "repositoryUri": format!("{}/{name}", account.registry_host()),
                "createdAt": super::aws_time(r.created_ms),
                "imageTagMutability": "MUTABLE"
            })
        })
        .collect();
    Ok(super::aws_json(&json!({ "repositories": items })))
}

/// `aws ecr describe-images --repository-name NAME`: its tags in the registry.
fn describe_images(w: &World, at: &Registry, name: String) -> Result<String, CommandError> {
    let owner = &at.owner;
    let account = &w.cloud().accounts[owner];
    if !account.repositories.contains_key(&name) {
        return err(format!("An error occurred (RepositoryNotFoundException) when calling the DescribeImages operation: The repository with name '{name}' does not exist in the registry with id '{owner}'"));
    }
    let host = account.registry_host();
    let items: Vec<serde_json::Value> = w
        .multi
        .cloud
        .registry
        .tags(&format!("{host}/{name}"))
        .map(|(tag, info)| {
            json!({
                "registryId": owner,
                "repositoryName": name,
                "imageDigest": info.config.as_ref().map(|c| c.digest.clone()).unwrap_or_default(),
                "imageTags": [tag],
                "imageSizeInBytes": info.size_bytes,
                "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json"
            })
        })
        .collect();
    Ok(super::aws_json(&json!({ "imageDetails": items })))
}

/// `aws ecr set-repository-policy --repository-name NAME --policy-text TEXT|file://PATH`.
fn set_repository_policy(
    w: &mut World,
    at: &Registry,
    a: &Args,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let owner = &at.owner;
    let name = repo_name(a)?;
    let Some(text) = a.flag("policy-text") else {
        return err("\naws: error: the following arguments are required: --policy-text");
    };
    let text = match text.strip_prefix("file://") {
        Some(path) => files.read(path).map_err(|e| {
            CommandError::new(format!(
                "\nError parsing parameter '--policy-text': Unable to load paramfile {text}: {e}"
            ))
        })?,
        None => text.to_string(),
    };
    w.cloud_mut(|c| c.set_repository_policy(owner, &name, &text))?;
    Ok(super::aws_json(&json!({
        "registryId": owner,
        "repositoryName": name,
        "policyText": text
    })))
}

/// `sim ecr allow-pull REPOSITORY --from ACCOUNT [--profile ACCOUNT]`: a repository policy
/// that lets one other account pull, without writing the JSON.
pub(crate) fn allow_pull(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let (Some(repo), Some(from)) = (a.positional.get(1), a.flag("from")) else {
        return err(
            "error: usage: sim ecr allow-pull REPOSITORY --from ACCOUNT [--profile ACCOUNT]",
        );
    };
    let owner = super::profile_account(w, a)?;
    let from = w.multi.cloud.find_account(from)?.id.clone();
    w.cloud_mut(|c| c.grant_pull(&owner, repo, std::slice::from_ref(&from)))?;
    Ok(format!(
        "repository policy of {repo} in {owner}: account {from} may pull (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer)\n"
    ))
}
