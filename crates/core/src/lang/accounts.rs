//! Which cluster a line is for, and the commands about the kubeconfig: `kubectl --context C …`,
//! `kubectl config get-contexts|current-context|use-context|get-clusters`, `aws --profile
//! ACCOUNT …`, and the `sim` verbs that act on every cluster (`sim account|cluster|db|env|ecr`).
//! The accounts, clusters and contexts themselves are [`crate::cloud::accounts`]'.

use crate::base::command::{Args, CommandError};
use crate::cloud::accounts::{Account, HOME_ACCOUNT_ID, MAX_CLUSTER_NODES};
use crate::input::files::FileSource;
use crate::lang::args::{err, node_shape, parse_args};
use crate::lang::environments;
use crate::lang::printers::table;
use crate::world::World;

/// `kubectl config …` (`t` starts after `config`).
pub(crate) fn kubectl_config(w: &mut World, t: &[String]) -> Result<String, CommandError> {
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
                        w.context_namespace(name).unwrap_or_default().to_string(),
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
        "view" => crate::lang::kubeconfig::config_view(w, &a),
        "set-context" => crate::lang::kubeconfig::set_context(w, &a),
        other => err(format!(
            "error: unknown command \"{other}\" for \"kubectl config\""
        )),
    }
}

/// `sim account|accounts|cluster|clusters|db|dbs|ecr|env|envs …` (`t` starts after the verb).
pub(crate) fn sim_multi(
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
    let id = w.cloud_mut(|c| {
        c.create_account(name, a.flag("id"), region)
            .map(|made| made.id.clone())
    })?;
    let account = &w.multi.cloud.accounts[&id];
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
            let ready = c.k.nodes.iter().filter(|n| !n.hidden).count();
            vec![
                name.to_string(),
                c.account().map(Account::label).unwrap_or_default(),
                ready.to_string(),
                c.k.store.pods.len().to_string(),
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
    let here = w.active().account_id().to_string();
    let id = w.cloud_mut(|c| {
        c.create_database(name, a.flag("account"), environment, &here)
            .map(|(made, _)| made.id.clone())
    })?;
    let account = &w.multi.cloud.accounts[&id];
    let db = &account.databases[name.as_str()];
    Ok(format!(
        "database \"{name}\" ({environment}'s data) created in account {}\nendpoint: {}:5432\n",
        account.label(),
        db.endpoint
    ))
}
