//! Where environments are made, deleted and moved: `sim env create|delete|move` choose the
//! context, the account and the database, lay the environment out ([`super::layout`]) and keep
//! its record ([`crate::cloud::accounts::Environment`]): what it made, newest last, so delete
//! removes exactly that, newest first.

use crate::base::command::CommandError;
use crate::cloud::accounts::{
    rds_id, Account, Database, Environment, MAX_DATABASES, MAX_ENVIRONMENTS,
};
use crate::input::files::FileSource;
use crate::lang::environments::layout::{
    ecs_environment_apply, ecs_environment_plan, kustomize_environment_apply,
    kustomize_environment_plan, tokens, EnvDatabase, ECS_TASK_FILE,
};
use crate::sim::ecs_status::ServiceStatus;
use crate::world::World;

fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

/// Creates environment `name` from the overlay (or ECS folder) `from` in `context`, with
/// its own database if `with_db`; returns the transcript of the commands it ran. A failed
/// step rolls back what was made.
pub(crate) fn create_environment(
    world: &mut World,
    name: &str,
    from: &str,
    context: &str,
    with_db: bool,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    check_new_environment(world, name, context)?;
    let source = crate::input::kustomize::normalize(from.trim_start_matches('/'));
    // The generated files sit beside the source's top folder, so a source given as
    // `../x` stays inside what the command may read.
    let up = "../".repeat(source.split('/').take_while(|c| *c == "..").count());
    let dir = format!("{up}.sunaba/environments/{context}/{name}");
    let database = if with_db {
        Some(environment_database(world, name, context)?)
    } else {
        None
    };
    let ecs = files.read(&format!("{source}/{ECS_TASK_FILE}")).is_ok()
        && files.read(&format!("{source}/kustomization.yaml")).is_err();
    if ecs {
        check_ecs_cluster_free(world, name, context)?;
    }
    let plan = if ecs {
        ecs_environment_plan(
            world.cluster_world(context).expect("checked"),
            name,
            &source,
            &dir,
            database.as_ref(),
            files,
        )?
    } else {
        kustomize_environment_plan(
            world,
            name,
            &source,
            &dir,
            context,
            database.as_ref(),
            files,
        )?
    };
    let mut out = String::new();
    if let Some(d) = &database {
        out.push_str(&env_database_create(world, name, d)?);
    }
    let w = world.cluster_world_mut(context).expect("checked");
    let mut objects = Vec::new();
    let result = if ecs {
        ecs_environment_apply(w, name, context, &plan, &mut out, &mut objects)
    } else {
        kustomize_environment_apply(w, name, context, &plan, &mut out, &mut objects)
    };
    if let Err(e) = result {
        out.push_str(&e.message);
        roll_back(world, name, context, &objects, database.as_ref(), &mut out);
        return err(out);
    }
    let w = world.cluster_world_mut(context).expect("checked");
    w.settle();
    let account = w.account().map(Account::label).unwrap_or_default();
    out.push_str(&format!(
        "environment \"{name}\" created from {source} in context \"{context}\" (account {account})\n"
    ));
    world.multi.environments.insert(
        (context.to_string(), name.to_string()),
        Environment {
            name: name.to_string(),
            context: context.to_string(),
            namespace: if ecs {
                crate::ecs::task_namespace(name)
            } else {
                name.to_string()
            },
            source,
            created_ms: world.k.now_ms,
            objects,
            database: database.map(|d| (d.account, d.name)),
        },
    );
    Ok(out)
}

/// Refuses a new environment's name (a DNS label of at most 50 characters), an unknown
/// context, a name taken in it, and one environment past the limit.
fn check_new_environment(world: &World, name: &str, context: &str) -> Result<(), CommandError> {
    if let Some(e) = crate::input::definitions::validate::dns1123_label(name) {
        return err(format!("error: invalid environment name \"{name}\": {e}"));
    }
    if name.len() > 50 {
        return err(format!(
            "error: invalid environment name \"{name}\": at most 50 characters"
        ));
    }
    if !world.multi.contexts.contains_key(context) {
        return err(format!("error: context \"{context}\" does not exist"));
    }
    if world
        .multi
        .environments
        .contains_key(&(context.to_string(), name.to_string()))
    {
        return err(format!(
            "error: environment \"{name}\" already exists in context \"{context}\""
        ));
    }
    if world.multi.environments.len() >= MAX_ENVIRONMENTS {
        return err(format!("error: at most {MAX_ENVIRONMENTS} environments"));
    }
    Ok(())
}

/// The environment's own database, in the account of the cluster it runs in (not made yet);
/// the settings that point the app at it are injected (kustomize: merged into the app's
/// ConfigMap; ECS: the task definition's environment).
fn environment_database(
    world: &World,
    name: &str,
    context: &str,
) -> Result<EnvDatabase, CommandError> {
    let Some(w) = world.cluster_world(context) else {
        return err(format!("error: context \"{context}\" does not exist"));
    };
    let account = w.multi.account_id.clone();
    let db = format!("{name}-db");
    let a = &world.multi.cloud.accounts[&account];
    let endpoint = format!(
        "{db}.{}.{}.rds.amazonaws.com",
        rds_id(&a.id, &a.region),
        a.region
    );
    Ok(EnvDatabase {
        account,
        name: db,
        endpoint,
    })
}

/// ECS clusters are the account's: refuses `name` when another context of the same account
/// holds an ECS cluster of that name (Sunaba keeps ECS state per simulated cluster).
fn check_ecs_cluster_free(world: &World, name: &str, context: &str) -> Result<(), CommandError> {
    let account = world
        .cluster_world(context)
        .map(|w| w.multi.account_id.clone())
        .unwrap_or_default();
    let taken = world.multi.contexts.keys().find(|c| {
        c.as_str() != context
            && world
                .cluster_world(c)
                .is_some_and(|w| w.multi.account_id == account && w.ecs.clusters.contains_key(name))
    });
    if let Some(c) = taken {
        return err(format!(
            "error: an ECS cluster named \"{name}\" already exists in this account (context \"{c}\")"
        ));
    }
    Ok(())
}

/// Rolls back a failed create: the objects it made (newest first) and its database, each
/// step printed into `out`.
fn roll_back(
    world: &mut World,
    name: &str,
    context: &str,
    objects: &[(String, String, String)],
    database: Option<&EnvDatabase>,
    out: &mut String,
) {
    out.push_str(&format!(
        "\n# environment \"{name}\" not created; rolling back what was made\n"
    ));
    let w = world.cluster_world_mut(context).expect("checked");
    out.push_str(&delete_environment_objects(w, context, objects));
    if let Some(d) = database {
        world.cloud_mut(|c| {
            if let Some(a) = c.accounts.get_mut(&d.account) {
                a.databases.remove(&d.name);
            }
        });
        out.push_str(&format!(
            "$ sim db delete {}\ndatabase \"{}\" deleted\n",
            d.name, d.name
        ));
    }
}

/// Makes an environment's database (in the account its cluster runs in).
fn env_database_create(
    world: &mut World,
    env: &str,
    d: &EnvDatabase,
) -> Result<String, CommandError> {
    if world.multi.cloud.databases_total() >= MAX_DATABASES {
        return err(format!("error: at most {MAX_DATABASES} databases"));
    }
    let (name, label) = world
        .cloud_mut(|c| {
            let a = c.accounts.get_mut(&d.account)?;
            a.databases.insert(
                d.name.clone(),
                Database {
                    name: d.name.clone(),
                    endpoint: d.endpoint.clone(),
                    environment: env.to_string(),
                },
            );
            Some((a.name.clone(), a.label()))
        })
        .ok_or_else(|| CommandError::new(format!("error: no account {}", d.account)))?;
    Ok(format!(
        "$ sim db create {db} --account {name} --env {env}\ndatabase \"{db}\" created in account {label}\nendpoint: {}:5432\n",
        d.endpoint,
        db = d.name
    ))
}

/// The environment a name (and maybe `--context`) means.
pub(crate) fn environment_key(
    world: &World,
    name: &str,
    context: Option<&str>,
) -> Result<(String, String), CommandError> {
    let matches: Vec<&(String, String)> = world
        .multi
        .environments
        .keys()
        .filter(|(c, n)| n == name && context.is_none_or(|want| want == c))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => err(format!("error: environment \"{name}\" not found")),
        _ => err(format!(
            "error: environment \"{name}\" exists in several contexts ({}); say which with --context",
            matches
                .iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Deletes an environment (by its key, from [`World::environment_key`]): exactly the
/// objects it made, and its database unless another environment shares it; returns the
/// transcript.
pub(crate) fn delete_environment(
    world: &mut World,
    key: &(String, String),
) -> Result<String, CommandError> {
    let env = world.multi.environments.remove(key).expect("found");
    let Some(w) = world.cluster_world_mut(&env.context) else {
        return Ok(format!(
            "environment \"{}\" forgotten (its cluster is gone)\n",
            env.name
        ));
    };
    // Newest first (kubectl delete -k order is the reverse of apply), the namespace or
    // the ECS cluster last: exactly what the environment created.
    let mut out = delete_environment_objects(w, &env.context, &env.objects);
    let shared = env.database.as_ref().is_some_and(|d| {
        world
            .multi
            .environments
            .values()
            .any(|e| e.database.as_ref() == Some(d))
    });
    if let Some((account, db)) = env.database.as_ref().filter(|_| !shared) {
        let removed_from = world.cloud_mut(|c| {
            let a = c.accounts.get_mut(account)?;
            a.databases.remove(db).map(|_| a.name.clone())
        });
        if let Some(name) = removed_from {
            out.push_str(&format!(
                "$ sim db delete {db} --account {name}\ndatabase \"{db}\" deleted\n"
            ));
        }
    }
    out.push_str(&format!(
        "environment \"{}\" deleted from context \"{}\"\n",
        env.name, env.context
    ));
    Ok(out)
}

/// Moves environment `key` to context `to`: the same definitions created through `to`,
/// then the old one deleted. Returns the transcript.
pub(crate) fn move_environment(
    world: &mut World,
    key: &(String, String),
    to: &str,
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let name = key.1.clone();
    if key.0 == to {
        return Err(CommandError::new(format!(
            "error: environment \"{name}\" is already in context \"{to}\""
        )));
    }
    let source = world.multi.environments[key].source.clone();
    let with_db = world.multi.environments[key].database.is_some();
    let mut out = format!("# 1. the same definitions through context \"{to}\"\n");
    out.push_str(&create_environment(
        world, &name, &source, to, with_db, files,
    )?);
    out.push_str(&format!("# 2. the old one, from context \"{}\"\n", key.0));
    out.push_str(&delete_environment(world, key)?);
    Ok(out)
}

/// Deletes an environment's objects, newest first, printing each command and its answer
/// (an object already gone by hand is reported and skipped). ECS: the service is deleted
/// with `--force`, the revision deregistered, and the cluster deleted once its tasks have
/// stopped (`aws ecs wait services-inactive` then `delete-cluster`).
pub(crate) fn delete_environment_objects(
    world: &mut World,
    context: &str,
    objects: &[(String, String, String)],
) -> String {
    let mut out = String::new();
    let profile = world.account().map(|a| a.name.clone()).unwrap_or_default();
    for (kind, ns, name) in objects.iter().rev() {
        let line: Vec<String> = match kind.as_str() {
            "EcsService" => tokens(&[
                "aws",
                "ecs",
                "delete-service",
                "--cluster",
                ns,
                "--service",
                name,
                "--force",
            ]),
            "TaskDefinition" => tokens(&[
                "aws",
                "ecs",
                "deregister-task-definition",
                "--task-definition",
                name,
            ]),
            "EcsCluster" => {
                delete_environment_cluster(world, name, objects, &profile, &mut out);
                continue;
            }
            _ if super::load_balancer::delete_object(
                world, kind, name, objects, &profile, &mut out,
            ) =>
            {
                continue
            }
            _ if ns.is_empty() => tokens(&["kubectl", "delete", &kind.to_ascii_lowercase(), name]),
            _ => tokens(&[
                "kubectl",
                "delete",
                &kind.to_ascii_lowercase(),
                name,
                "-n",
                ns,
            ]),
        };
        if line[0] == "aws" {
            out.push_str(&format!(
                "$ aws --profile {profile} {}\n",
                line[1..].join(" ")
            ));
        } else {
            out.push_str(&format!(
                "$ kubectl --context {context} {}\n",
                line[1..].join(" ")
            ));
        }
        match crate::lang::command::run_tokens(world, &line, &crate::input::files::NoFiles) {
            // The JSON of a deleted service or deregistered revision is long; one line says it.
            Ok(_) if line[0] == "aws" => out.push_str(&format!(
                "{} {name}: {}\n",
                if kind == "EcsService" {
                    "service"
                } else {
                    "task definition"
                },
                if kind == "EcsService" {
                    "DRAINING"
                } else {
                    "INACTIVE"
                }
            )),
            Ok(text) => out.push_str(&text),
            Err(e) => out.push_str(&format!("{}\n", e.message)),
        }
    }
    out
}

/// Deletes an environment's ECS cluster (once its services are inactive) unless something
/// besides the environment runs in it, printing the command and what happened into `out`.
fn delete_environment_cluster(
    world: &mut World,
    name: &str,
    objects: &[(String, String, String)],
    profile: &str,
    out: &mut String,
) {
    let services: Vec<&str> = objects
        .iter()
        .filter(|(k, c, _)| k == "EcsService" && c == name)
        .map(|(_, _, s)| s.as_str())
        .collect();
    let wait = if services.is_empty() {
        String::new()
    } else {
        format!(
            "aws --profile {profile} ecs wait services-inactive --cluster {name} --services {} && ",
            services.join(" ")
        )
    };
    out.push_str(&format!(
        "$ {wait}aws --profile {profile} ecs delete-cluster --cluster {name}\n"
    ));
    // What was added to the cluster by hand stays, and so does the cluster:
    // `delete-cluster` would refuse, as it does here.
    let own: Vec<String> = services
        .iter()
        .map(|s| crate::ecs::service_id(name, s))
        .collect();
    let foreign_service = world.ecs.services.values().any(|s| {
        s.cluster == *name && s.status != ServiceStatus::Inactive && !own.contains(&s.id())
    });
    let foreign_task = world.ecs.tasks.values().any(|t| {
        t.cluster == *name && !t.is_stopped() && t.service.as_ref().is_none_or(|s| !own.contains(s))
    });
    if foreign_service || foreign_task {
        let refusal = world
            .ecs
            .cluster_delete_refusal(&world.k, &world.agents, name)
            .map(|e| e.message)
            .unwrap_or_default();
        out.push_str(&format!(
            "{refusal}\n(cluster {name} keeps what was added to it besides the environment: delete that, then aws ecs delete-cluster --cluster {name})\n"
        ));
        return;
    }
    match world.ecs.clusters.get_mut(name) {
        Some(c) => {
            c.delete_when_drained = true;
            world.k.ecs_wake = true;
            if world.ecs_engine().delete_drained_clusters() {
                out.push_str(&format!("cluster {name} deleted\n"));
            } else {
                out.push_str(&format!(
                    "cluster {name} is deleted when its last task has stopped\n"
                ));
            }
        }
        None => out.push_str(&format!("cluster {name} is already gone\n")),
    }
}
