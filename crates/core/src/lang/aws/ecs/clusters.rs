//! `aws ecs create-cluster`, `delete-cluster`, `list-clusters`, `describe-clusters`.

use serde_json::{json, Map, Value};

use super::output::cluster_arn;
use super::usage;
use crate::base::command::{Args, CommandError};
use crate::ecs::DEFAULT_CLUSTER;
use crate::input::files::FileSource;
use crate::world::World;

/// One element of `describe-clusters` → `clusters[]`.
fn cluster_json(w: &World, name: &str, status: &str) -> Value {
    let c = w.ecs.cluster_counts(&w.k, &w.agents, name);
    let mut o = Map::new();
    o.insert("clusterArn".into(), json!(cluster_arn(name)));
    o.insert("clusterName".into(), json!(name));
    o.insert("status".into(), json!(status));
    o.insert(
        "registeredContainerInstancesCount".into(),
        json!(c.instances),
    );
    o.insert("runningTasksCount".into(), json!(c.running));
    o.insert("pendingTasksCount".into(), json!(c.pending));
    o.insert("activeServicesCount".into(), json!(c.services));
    o.insert("statistics".into(), json!([]));
    o.insert("tags".into(), json!([]));
    o.insert(
        "settings".into(),
        json!([{"name": "containerInsights", "value": "disabled"}]),
    );
    o.insert("capacityProviders".into(), json!([]));
    o.insert("defaultCapacityProviderStrategy".into(), json!([]));
    Value::Object(o)
}

pub(super) fn create(
    w: &mut World,
    args: &Args,
    files: &dyn FileSource,
) -> Result<Value, CommandError> {
    super::options::check_tags(args, files)?;
    let o = args.values();
    let name = o.get("cluster-name").copied().unwrap_or(DEFAULT_CLUSTER);
    w.ecs_engine().create_cluster(name)?;
    Ok(json!({"cluster": cluster_json(w, name, "ACTIVE")}))
}

pub(super) fn delete(w: &mut World, args: &Args) -> Result<Value, CommandError> {
    const OP: &str = "DeleteCluster";
    let o = args.values();
    let given = o
        .get("cluster")
        .ok_or_else(|| usage("the following arguments are required: --cluster"))?;
    let name = w.ecs.check_cluster(given, OP)?;
    // What it holds as it goes (printed only if it does go).
    let out = cluster_json(w, &name, "INACTIVE");
    w.ecs_engine().delete_cluster(&name)?;
    Ok(json!({"cluster": out}))
}

pub(super) fn list(w: &World) -> Value {
    let arns: Vec<String> = w
        .ecs
        .cluster_names()
        .iter()
        .map(|n| cluster_arn(n))
        .collect();
    json!({"clusterArns": arns})
}

pub(super) fn describe(w: &World, args: &Args) -> Result<Value, CommandError> {
    let names = args.list("clusters");
    let names: Vec<&str> = if names.is_empty() {
        vec![DEFAULT_CLUSTER]
    } else {
        names
    };
    let mut found = Vec::new();
    let mut failures = Vec::new();
    for n in names {
        let short = n.rsplit('/').next().unwrap_or(n);
        if short == DEFAULT_CLUSTER || w.ecs.clusters.contains_key(short) {
            found.push(cluster_json(w, short, "ACTIVE"));
        } else {
            failures.push(json!({"arn": cluster_arn(short), "reason": "MISSING"}));
        }
    }
    Ok(json!({"clusters": found, "failures": failures}))
}
