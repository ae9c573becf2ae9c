//! `sim env create|delete|move|list` and `sim envs`: parsed and printed here; making, deleting
//! and moving an environment are [`crate::cloud::environments`]' operations.

pub(crate) mod layout;
pub(crate) mod lifecycle;
pub(crate) mod load_balancer;

use crate::base::command::{Args, CommandError};
use crate::cloud::accounts::Account;
use crate::input::files::FileSource;
use crate::lang::args::{err, parse_args};
use crate::world::World;

/// `sim env …` (`t` starts after `env`).
pub(crate) fn sim_env(
    w: &mut World,
    t: &[String],
    files: &dyn FileSource,
) -> Result<String, CommandError> {
    let a = parse_args(t, &["sim", "env"], "sim env")?;
    match a.positional.first().map(String::as_str) {
        Some("create") => env_create(w, &a, files),
        Some("delete") => env_delete(w, &a),
        Some("move") => env_move(w, &a, files),
        Some("list") => Ok(environments_table(w)),
        _ => err("error: usage: sim env create NAME --from OVERLAY_DIR [--context C] [--with-db] | sim env delete NAME [--context C] | sim env move NAME --to CONTEXT | sim envs"),
    }
}

/// `sim envs`: every environment, where it runs and how ready it is.
pub(crate) fn environments_table(w: &World) -> String {
    let rows: Vec<Vec<String>> = w
        .environments()
        .map(|e| {
            let cw = w.cluster_world(&e.context);
            let (ready, desired) = cw.map_or((0, 0), |cw| cw.namespace_replicas(&e.namespace));
            vec![
                e.name.clone(),
                e.context.clone(),
                cw.and_then(World::account)
                    .map(Account::label)
                    .unwrap_or_default(),
                e.namespace.clone(),
                e.source.clone(),
                format!("{ready}/{desired}"),
                crate::base::clock::human_duration(w.k.now_ms.saturating_sub(e.created_ms)),
            ]
        })
        .collect();
    let mut out = crate::lang::printers::table(
        &[
            "ENVIRONMENT",
            "CONTEXT",
            "ACCOUNT",
            "NAMESPACE",
            "FROM",
            "READY",
            "AGE",
        ],
        &rows,
    );
    out.push_str(&load_balancer::environments_load_balancers(w));
    out
}

/// `sim env create NAME --from OVERLAY_DIR [--context CONTEXT] [--with-db]`
fn env_create(w: &mut World, a: &Args, files: &dyn FileSource) -> Result<String, CommandError> {
    let (Some(name), Some(from)) = (a.positional.get(1), a.flag("from")) else {
        return err(
            "error: usage: sim env create NAME --from OVERLAY_DIR [--context CONTEXT] [--with-db]",
        );
    };
    let context = a
        .flag("context")
        .map_or_else(|| w.current_context().to_string(), str::to_string);
    lifecycle::create_environment(w, name, from, &context, a.has("with-db"), files)
}

/// `sim env delete NAME [--context CONTEXT]`
fn env_delete(w: &mut World, a: &Args) -> Result<String, CommandError> {
    let Some(name) = a.positional.get(1) else {
        return err("error: usage: sim env delete NAME [--context CONTEXT]");
    };
    let key = lifecycle::environment_key(w, name, a.flag("context"))?;
    lifecycle::delete_environment(w, &key)
}

/// `sim env move NAME --to CONTEXT [--context FROM_CONTEXT]`
fn env_move(w: &mut World, a: &Args, files: &dyn FileSource) -> Result<String, CommandError> {
    let (Some(name), Some(to)) = (a.positional.get(1), a.flag("to")) else {
        return err("error: usage: sim env move NAME --to CONTEXT [--context FROM_CONTEXT]");
    };
    let key = lifecycle::environment_key(w, name, a.flag("context"))?;
    lifecycle::move_environment(w, &key, to, files)
}
