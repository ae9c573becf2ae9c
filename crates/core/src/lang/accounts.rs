//! Which cluster a line is for, and the commands about the kubeconfig: `kubectl --context C …`,
//! `kubectl config get-contexts|current-context|use-context|get-clusters`, `aws --profile
//! ACCOUNT …`, and the `sim` verbs that act on every cluster (`sim account|cluster|db|env|ecr`).
//! The accounts, clusters and contexts themselves are [`crate::cloud::accounts`]'.

use crate::base::command::{Args, CommandError};
use crate::cloud::accounts::{Account, HOME_ACCOUNT_ID, MAX_CLUSTER_NODES};
use crate::input::files::FileSource;
use crate::lang::command::{err, node_shape, parse_args, run_tokens};
use crate::lang::environments;
use crate::lang::printers::table;
use crate::sim::world::World;

/// Routes one command line (already split) to the cluster it is for, and runs the commands
/// that are about accounts, clusters, contexts and environments in the home world `w`.
/// `None`: run it in `w` as usual.
pub(crate) fn run_routed(
    w: &mut World,
    tokens: &[String],
    files: &dyn FileSource,
) -> Option<Result<String, CommandError>> {
    let head = tokens.first().map(String::as_str)?;
    let verb = tokens.get(1).map(String::as_str).unwrap_or("");
    match (head, verb) {
        ("kubectl" | "k", _) => {
            let (rest, context) = match take_context(&tokens[1..]) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            if rest.first().map(String::as_str) == Some("config") {
                return Some(kubectl_config(w, &rest[1..]));
            }
            let context = context.unwrap_or_else(|| w.current_context().to_string());
            let Some(cluster) = w.context_cluster(&context) else {
                return Some(err(format!("error: context \"{context}\" does not exist")));
            };
            let mut line = vec![tokens[0].clone()];
            if cluster == w.cluster_name() {
                if rest.len() + 1 == tokens.len() {
                    return None;
                }
                line.extend(rest);
                return Some(run_tokens(w, &line, files));
            }
            line.extend(rest);
            let member = w.member_cluster_mut(&cluster)?;
            Some(run_tokens(member, &line, files))
        }
        (
            "sim",
            "account" | "accounts" | "cluster" | "clusters" | "db" | "dbs" | "env" | "envs" | "ecr",
        ) => Some(sim_multi(w, verb, &tokens[2..], files)),
        // Time, and the learner's own machine (docker build/images/tag/push), are not a
        // cluster's: they stay here.
        ("sim", "wait" | "seed" | "build" | "images" | "history" | "tag" | "push") => None,
        ("sim", "compress") => {
            let r = run_tokens(w, tokens, files);
            let c = w.compression;
            for member in w.member_clusters_mut() {
                member.compression = c;
            }
            Some(r)
        }
        ("aws", _)
            if tokens
                .iter()
                .any(|t| t == "--profile" || t.starts_with("--profile=")) =>
        {
            Some(aws_with_profile(w, tokens, files))
        }
        ("aws", "ecr") => Some(crate::lang::aws::ecr::aws_ecr(w, &tokens[2..], files)),
        ("aws", "ssm") => Some(crate::lang::aws::ssm::aws_ssm(w, &tokens[2..])),
        ("sim" | "aws", _) => {
            let cluster = w.context_cluster(w.current_context())?;
            if cluster == w.cluster_name() {
                return None;
            }
            let member = w.member_cluster_mut(&cluster)?;
            Some(run_tokens(member, tokens, files))
        }
        _ => None,
    }
}

/// `kubectl config …` (`t` starts after `config`).
fn kubectl_config(w: &mut World, t: &[String]) -> Result<String, CommandError> {
    let Some(verb) = t.first() else {
        return err("error: usage: kubectl config get-contexts|current-context|use-context NAME|get-clusters");
    };
    let cmd = format!("kubectl config {verb}");
    let a = parse_args(&t[1..], &["kubectl", "config"], &cmd)?;
    let contexts = w.contexts();
    match verb.as_str() {
        "get-contexts" => {
            let names_only = a.flag("output") == Some("name");
            let rows: Vec<Vec<String>> = contexts
                .iter()
                .filter(|(name, ..)| a.positional.is_empty() || a.positional.contains(name))
                .map(|(name, cluster, _, current)| {
                    vec![
                        if *current { "*" } else { "" }.to_string(),
                        name.clone(),
                        cluster.clone(),
                        name.clone(),
                        String::new(),
                    ]
                })
                .collect();
            if let Some(missing) = a
                .positional
                .iter()
                .find(|n| !contexts.iter().any(|c| c.0 == **n))
            {
                return err(format!("error: context {missing} not found"));
            }
            if names_only {
                return Ok(rows.iter().map(|r| format!("{}\n", r[1])).collect());
            }
            Ok(crate::lang::printers::table(
                &["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"],
                &rows,
            ))
        }
        "current-context" => Ok(format!("{}\n", w.current_context())),
        "get-clusters" => {
            let mut out = String::from("NAME\n");
            for (_, cluster, ..) in &contexts {
                out.push_str(cluster);
                out.push('\n');
            }
            Ok(out)
        }
        "use-context" => {
            let Some(name) = a.positional.first() else {
                return err("error: Unexpected args: []\nSee 'kubectl config use-context -h' for help and examples");
            };
            if !w.use_context(name) {
                return err(format!(
                    "error: no context exists with the name: \"{name}\""
                ));
            }
            Ok(format!("Switched to context \"{name}\".\n"))
        }
        other => err(format!(
            "error: unknown command \"{other}\" for \"kubectl config\""
        )),
    }
}

/// `sim account|accounts|cluster|clusters|db|dbs|ecr|env|envs …` (`t` starts after the verb).
fn sim_multi(
    w: &mut World,
    verb: &str,
    t: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let cmd = format!("sim {verb}");
    match verb {
        "accounts" => Ok(accounts_table(w)),
        "account" => {
            let a = parse_args(t, &["sim", "account"], &cmd)?;
            match a.positional.first().map(String::as_str) {
                Some("create") => account_create(w, &a),
                _ => err(
                    "error: usage: sim account create NAME [--id 12-DIGIT-ID] [--region REGION]",
                ),
            }
        }
        "clusters" => Ok(clusters_table(w)),
        "cluster" => {
            let a = parse_args(t, &["sim", "cluster"], &cmd)?;
            match a.positional.first().map(String::as_str) {
                Some("create") => cluster_create(w, &a),
                Some("delete") => cluster_delete(w, &a),
                _ => err("error: usage: sim cluster create NAME --account ACCOUNT [--nodes 3] [--cpu 2] [--memory 4Gi] | sim cluster delete NAME"),
            }
        }
        "dbs" => Ok(databases_table(w)),
        "db" => {
            let a = parse_args(t, &["sim", "db"], &cmd)?;
            match a.positional.first().map(String::as_str) {
                Some("create") => db_create(w, &a),
                _ => {
                    err("error: usage: sim db create NAME [--account ACCOUNT] [--env ENVIRONMENT]")
                }
            }
        }
        "ecr" => {
            let a = parse_args(t, &["sim", "ecr"], &cmd)?;
            match a.positional.first().map(String::as_str) {
                Some("allow-pull") => crate::lang::aws::ecr::allow_pull(w, &a),
                _ => err("error: usage: sim ecr allow-pull REPOSITORY --from ACCOUNT [--profile ACCOUNT]"),
            }
        }
        "envs" => Ok(environments::environments_table(w)),
        "env" => environments::sim_env(w, t, files),
        _ => err(format!("error: unknown sim verb \"{verb}\"")),
    }
}

/// The clusters of every world (the home one first), with their names.
fn every_cluster(w: &World) -> impl Iterator<Item = (&str, &World)> {
    std::iter::once((w.cluster_name(), w)).chain(w.member_clusters().map(|(n, c)| (n.as_str(), c)))
}

/// `sim accounts`
fn accounts_table(w: &World) -> String {
    let rows: Vec<Vec<String>> = w
        .cloud()
        .accounts
        .values()
        .map(|a| {
            let clusters: Vec<&str> = every_cluster(w)
                .filter(|(_, c)| c.account_id() == a.id)
                .map(|(n, _)| n)
                .collect();
            vec![
                a.name.clone(),
                a.id.clone(),
                a.region.clone(),
                if clusters.is_empty() {
                    "<none>".into()
                } else {
                    clusters.join(",")
                },
                a.registry_host(),
            ]
        })
        .collect();
    table(&["NAME", "ID", "REGION", "CLUSTERS", "REGISTRY"], &rows)
}

/// `sim account create NAME [--id 12-DIGIT-ID] [--region REGION]`
fn account_create(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let Some(name) = a.positional.get(1) else {
        return err("error: usage: sim account create NAME [--id 12-DIGIT-ID] [--region REGION]");
    };
    let region = a
        .flag("region")
        .unwrap_or(crate::cloud::accounts::DEFAULT_REGION);
    let account = w.create_account(name, a.flag("id"), region)?;
    Ok(format!(
        "account \"{name}\" created: id {}, region {}, registry {}\n",
        account.id,
        account.region,
        account.registry_host()
    ))
}

/// `sim clusters`
fn clusters_table(w: &World) -> String {
    let rows: Vec<Vec<String>> = every_cluster(w)
        .map(|(name, c)| {
            let ready = c.nodes.iter().filter(|n| !n.hidden).count();
            vec![
                name.to_string(),
                c.account().map(Account::label).unwrap_or_default(),
                ready.to_string(),
                c.store.pods.len().to_string(),
            ]
        })
        .collect();
    table(&["NAME", "ACCOUNT", "NODES", "PODS"], &rows)
}

/// `sim cluster create NAME --account ACCOUNT [--nodes 3] [--cpu 2] [--memory 4Gi]`
fn cluster_create(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let Some(name) = a.positional.get(1) else {
        return err("error: usage: sim cluster create NAME --account ACCOUNT [--nodes 3]");
    };
    let account = w
        .check_new_cluster(name, a.flag("account").unwrap_or(HOME_ACCOUNT_ID))?
        .clone();
    let nodes: usize = match a.flag("nodes") {
        None => 3,
        Some(n) => n
            .parse()
            .ok()
            .filter(|n| *n <= MAX_CLUSTER_NODES)
            .ok_or_else(|| {
                CommandError::new(format!(
                    "error: --nodes must be a number from 0 to {MAX_CLUSTER_NODES}"
                ))
            })?,
    };
    let shape = node_shape(a)?;
    w.add_cluster(name, &account.id, nodes, &shape);
    Ok(format!(
        "cluster \"{name}\" created in account {} with {nodes} node{}\ncontext \"{name}\" added to the kubeconfig (kubectl config use-context {name})\n",
        account.label(),
        if nodes == 1 { "" } else { "s" }
    ))
}

/// `sim cluster delete NAME`
fn cluster_delete(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let Some(name) = a.positional.get(1) else {
        return err("error: usage: sim cluster delete NAME");
    };
    w.remove_cluster(name)?;
    Ok(format!("cluster \"{name}\" deleted\n"))
}

/// `sim dbs`
fn databases_table(w: &World) -> String {
    let rows: Vec<Vec<String>> = w
        .cloud()
        .accounts
        .values()
        .flat_map(|a| {
            a.databases.values().map(|d| {
                vec![
                    d.name.clone(),
                    a.label(),
                    d.environment.clone(),
                    d.endpoint.clone(),
                ]
            })
        })
        .collect();
    table(&["NAME", "ACCOUNT", "ENVIRONMENT", "ENDPOINT"], &rows)
}

/// `sim db create NAME [--account ACCOUNT] [--env ENVIRONMENT]`
fn db_create(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let Some(name) = a.positional.get(1) else {
        return err("error: usage: sim db create NAME [--account ACCOUNT] [--env ENVIRONMENT]");
    };
    let environment = a.flag("env").unwrap_or(name);
    let (account, db) = w.create_database(name, a.flag("account"), environment)?;
    Ok(format!(
        "database \"{name}\" ({environment}'s data) created in account {}\nendpoint: {}:5432\n",
        account.label(),
        db.endpoint
    ))
}

/// `aws --profile ACCOUNT …`: the AWS CLI's named profile, here an account (name or id).
/// `aws ecs` goes to the current context's cluster when it runs in that account, else to the
/// first context (by name) whose cluster does.
fn aws_with_profile(
    w: &mut World,
    tokens: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let mut line = Vec::new();
    let mut profile = None;
    let mut it = tokens.iter();
    while let Some(t) = it.next() {
        if t == "--profile" {
            profile = it.next().cloned();
        } else if let Some(p) = t.strip_prefix("--profile=") {
            profile = Some(p.to_string());
        } else {
            line.push(t.clone());
        }
    }
    let Some(profile) = profile else {
        return err("aws: error: argument --profile: expected one argument");
    };
    let Ok(account) = w.find_account(&profile).map(|a| a.id.clone()) else {
        return err(format!(
            "\nThe config profile ({profile}) could not be found"
        ));
    };
    if matches!(line.get(1).map(String::as_str), Some("ecr" | "ssm")) {
        // Account-wide services take the account from the profile themselves (after the
        // operation, which must come first).
        let mut rest = line[2..].to_vec();
        if !rest.is_empty() {
            rest.extend(["--profile".to_string(), profile]);
        }
        return if line[1] == "ecr" {
            crate::lang::aws::ecr::aws_ecr(w, &rest, files)
        } else {
            crate::lang::aws::ssm::aws_ssm(w, &rest)
        };
    }
    let in_account = |w: &World, c: &str| {
        w.cluster_world(c)
            .is_some_and(|cw| cw.account_id() == account)
    };
    let current = w.current_context().to_string();
    let context = if in_account(w, &current) {
        current
    } else {
        let Some(c) = w
            .contexts()
            .into_iter()
            .map(|c| c.0)
            .find(|c| in_account(w, c))
        else {
            return err(format!(
                "error: no cluster runs in account {profile} (sim cluster create NAME --account {profile})"
            ));
        };
        c
    };
    let cw = w.cluster_world_mut(&context).expect("listed");
    run_tokens(cw, &line, files)
}

/// Takes `--context C` / `--context=C` out of a kubectl command line.
fn take_context(t: &[String]) -> Result<(Vec<String>, Option<String>), CommandError> {
    let mut rest = Vec::with_capacity(t.len());
    let mut context = None;
    let mut i = 0;
    while i < t.len() {
        let tok = &t[i];
        if let Some(v) = tok.strip_prefix("--context=") {
            context = Some(v.to_string());
        } else if tok == "--context" {
            let Some(v) = t.get(i + 1) else {
                return err("error: flag needs an argument: --context");
            };
            context = Some(v.clone());
            i += 1;
        } else {
            rest.push(tok.clone());
        }
        i += 1;
    }
    Ok((rest, context))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_flags_come_out_of_the_line() {
        let t: Vec<String> = ["get", "pods", "--context", "prod", "-A"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (rest, c) = take_context(&t).unwrap();
        assert_eq!(rest, ["get", "pods", "-A"]);
        assert_eq!(c.as_deref(), Some("prod"));
        assert!(take_context(&["--context".to_string()]).is_err());
    }
}
