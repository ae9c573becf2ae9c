//! How an environment is laid out in one cluster, as the real tools would: a kustomize overlay
//! applied into its own namespace, or — for a folder holding an ECS `task-definition.json` and
//! `service.json` — an ECS cluster of its own with the task definition rendered for it and its
//! service. Every step is a real command line run through the command language and printed
//! before its output; every object made is recorded, so deleting the environment (or rolling
//! back a failed create) removes exactly those ([`super::lifecycle`]).

use std::collections::BTreeMap;

use crate::sim::ecs_status::ServiceStatus;

use crate::base::command::CommandError;
use crate::input::files::FileSource;
use crate::lang::args::err;
use crate::world::World;

/// The files an ECS environment folder holds (the `--cli-input-json` inputs).
pub const ECS_TASK_FILE: &str = "task-definition.json";
pub const ECS_SERVICE_FILE: &str = "service.json";
/// A task definition file read for rendering, at most (ECS allows 64 KiB).
const TASK_FILE_MAX: usize = 64 * 1024;

/// The database an environment gets with `--with-db`.
pub(crate) struct EnvDatabase {
    pub account: String,
    pub name: String,
    pub endpoint: String,
}

/// What an environment will create: generated files (on top of the learner's), what it
/// applies, and the objects a kustomize build renders.
pub(crate) struct EnvPlan<'a> {
    /// The generated folder (`.sunaba/environments/CONTEXT/NAME`).
    pub dir: String,
    pub files: Vec<(String, String)>,
    /// Kustomize: the objects the build renders, `(kind, namespace, name)`.
    pub objects: Vec<(String, String, String)>,
    /// ECS: the service file the service is created from.
    pub service_file: Option<String>,
    /// What rendering changed, one line each (ECS).
    pub rendered: Vec<String>,
    pub inner: &'a dyn FileSource,
    /// ECS: the load balancer it makes, when its folder has `target-group.json`.
    pub load_balancer: Option<super::load_balancer::EnvLoadBalancer>,
}

/// Files the shell gives, with the generated ones on top.
pub(crate) struct Layered<'a> {
    pub extra: BTreeMap<String, String>,
    pub inner: &'a dyn FileSource,
}

impl FileSource for Layered<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        match self.extra.get(&crate::input::kustomize::normalize(path)) {
            Some(text) => Ok(text.clone()),
            None => self.inner.read(path),
        }
    }
}

impl EnvPlan<'_> {
    fn layered(&self) -> Layered<'_> {
        Layered {
            extra: self.files.iter().cloned().collect(),
            inner: self.inner,
        }
    }
}

/// The ARNs and counts of an `aws ecs` JSON answer, one line: what a learner needs from
/// it in an environment's log (`aws ecs describe-*` prints the whole of it).
fn brief(json: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else {
        return json.to_string();
    };
    let Some(obj) = v.as_object().and_then(|o| o.values().next()) else {
        return json.to_string();
    };
    let mut parts = Vec::new();
    for key in [
        "clusterArn",
        "taskDefinitionArn",
        "serviceArn",
        "status",
        "desiredCount",
        "launchType",
    ] {
        if let Some(x) = obj.get(key) {
            parts.push(format!("\"{key}\": {x}"));
        }
    }
    if obj.get("serviceArn").is_some() {
        // Only the service's own ARN: its task definition and cluster are known by now.
        parts.retain(|p| {
            !p.starts_with("\"clusterArn\"") && !p.starts_with("\"taskDefinitionArn\"")
        });
    }
    format!("{{ {} … }}\n", parts.join(", "))
}

pub(crate) fn tokens(line: &[&str]) -> Vec<String> {
    line.iter().map(|s| s.to_string()).collect()
}

/// Renders an ECS environment's task definition: the family gets the environment's name
/// (`shop` → `shop-pr-1`) and, with a database, its first container gets `APP_ENV` and
/// `DATABASE_URL` — what a deploy pipeline's render step does.
pub(crate) fn ecs_environment_plan<'a>(
    world: &World,
    name: &str,
    source: &str,
    dir: &str,
    database: Option<&EnvDatabase>,
    files: &'a dyn FileSource,
) -> Result<EnvPlan<'a>, CommandError> {
    let task_path = format!("{source}/{ECS_TASK_FILE}");
    let service_path = format!("{source}/{ECS_SERVICE_FILE}");
    let text = files
        .read(&task_path)
        .map_err(|e| CommandError::new(format!("error: {task_path}: {e}")))?;
    files
        .read(&service_path)
        .map_err(|e| CommandError::new(format!("error: {service_path}: {e}")))?;
    if text.len() > TASK_FILE_MAX {
        return Err(CommandError::new(format!(
            "error: {task_path}: larger than {} KiB",
            TASK_FILE_MAX / 1024
        )));
    }
    let mut def: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        CommandError::new(format!(
            "error: {task_path}:{}:{}: invalid JSON: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let Some(family) = def
        .get("family")
        .and_then(|f| f.as_str())
        .map(str::to_string)
    else {
        return Err(CommandError::new(format!(
            "error: {task_path}: no \"family\" to render the environment's task definition from"
        )));
    };
    def["family"] = serde_json::Value::String(format!("{family}-{name}"));
    let mut rendered = vec![format!("\"family\": \"{family}-{name}\"")];
    if let Some(d) = database {
        let Some(env) = def
            .get_mut("containerDefinitions")
            .and_then(|c| c.get_mut(0))
            .and_then(|c| c.as_object_mut())
            .map(|c| {
                c.entry("environment")
                    .or_insert_with(|| serde_json::json!([]))
            })
            .and_then(|e| e.as_array_mut())
        else {
            return Err(CommandError::new(format!(
                "error: {task_path}: no container to inject the database settings into"
            )));
        };
        for (key, value) in [
            ("APP_ENV", name.to_string()),
            (
                "DATABASE_URL",
                format!("postgres://{}:5432/app", d.endpoint),
            ),
        ] {
            env.retain(|v| v.get("name").and_then(|n| n.as_str()) != Some(key));
            rendered.push(format!("environment {key}={value}"));
            env.push(serde_json::json!({"name": key, "value": value}));
        }
    }
    if let Some(c) = world.ecs.clusters.get(name) {
        return Err(CommandError::new(if c.delete_when_drained {
            format!("error: ECS cluster \"{name}\" is still being deleted: its tasks are stopping (sim wait 1m, then try again)")
        } else {
            format!("error: an ECS cluster named \"{name}\" already exists in this context (aws ecs list-clusters)")
        }));
    }
    if name == crate::ecs::DEFAULT_CLUSTER {
        return Err(CommandError::new(
            "error: an ECS environment cannot be named \"default\" (the default cluster)",
        ));
    }
    let text = serde_json::to_string_pretty(&def).unwrap_or_default() + "\n";
    let mut generated = vec![(format!("{dir}/{ECS_TASK_FILE}"), text)];
    let load_balancer =
        match super::load_balancer::plan(world, name, source, dir, &service_path, files)? {
            Some((lb, tg_file, tg_rendered)) => {
                generated.push(tg_file);
                rendered.extend(tg_rendered);
                Some(lb)
            }
            None => None,
        };
    Ok(EnvPlan {
        dir: dir.to_string(),
        files: generated,
        objects: Vec::new(),
        service_file: Some(service_path),
        rendered,
        inner: files,
        load_balancer,
    })
}

/// Creates an ECS environment: its cluster, its task definition, its service. Each object
/// is recorded in `objects` as soon as it exists (a failure leaves a list to roll back).
pub(crate) fn ecs_environment_apply(
    world: &mut World,
    name: &str,
    context: &str,
    plan: &EnvPlan<'_>,
    out: &mut String,
    objects: &mut Vec<(String, String, String)>,
) -> Result<(), CommandError> {
    let mut layered = plan.layered();
    let (task_file, _) = &plan.files[0];
    let source = plan.service_file.as_deref().unwrap_or_default();
    let source = source.strip_suffix(ECS_SERVICE_FILE).unwrap_or(source);
    out.push_str(&format!(
        "# {task_file}: {source}{ECS_TASK_FILE} rendered for this environment:\n"
    ));
    for line in &plan.rendered {
        out.push_str(&format!("#   {line}\n"));
    }
    // The AWS CLI's profile of the account this context's cluster runs in.
    let profile = world.account().map(|a| a.name.clone()).unwrap_or_default();
    out.push_str(&format!(
        "# context \"{context}\" runs in account {profile}: its AWS CLI profile\n"
    ));
    let step = |w: &mut World, line: Vec<String>, files: &Layered<'_>, out: &mut String| {
        out.push_str(&format!(
            "$ aws --profile {profile} {}\n",
            line[1..].join(" ")
        ));
        let text = crate::lang::command::run_tokens(w, &line, files)?;
        out.push_str(&brief(&text));
        Ok::<String, CommandError>(text)
    };
    step(
        world,
        tokens(&["aws", "ecs", "create-cluster", "--cluster-name", name]),
        &layered,
        out,
    )?;
    objects.push(("EcsCluster".into(), String::new(), name.to_string()));
    let registered = step(
        world,
        tokens(&[
            "aws",
            "ecs",
            "register-task-definition",
            "--cli-input-json",
            &format!("file://{task_file}"),
        ]),
        &layered,
        out,
    )?;
    let revision = serde_json::from_str::<serde_json::Value>(&registered)
        .ok()
        .and_then(|v| {
            let t = &v["taskDefinition"];
            Some(format!(
                "{}:{}",
                t["family"].as_str()?,
                t["revision"].as_u64()?
            ))
        })
        .unwrap_or_default();
    objects.push(("TaskDefinition".into(), String::new(), revision.clone()));
    let mut service_file = plan.service_file.clone().unwrap_or_default();
    if let Some(lb) = &plan.load_balancer {
        let (path, text) =
            super::load_balancer::apply(world, lb, &layered, &profile, out, objects)?;
        layered
            .extra
            .insert(crate::input::kustomize::normalize(&path), text);
        service_file = path;
    }
    step(
        world,
        tokens(&[
            "aws",
            "ecs",
            "create-service",
            "--cluster",
            name,
            "--task-definition",
            &revision,
            "--cli-input-json",
            &format!("file://{service_file}"),
        ]),
        &layered,
        out,
    )?;
    let services: Vec<String> = world
        .ecs
        .services
        .values()
        .filter(|s| s.cluster == name && s.status == ServiceStatus::Active)
        .map(|s| s.name.clone())
        .collect();
    for s in services {
        objects.push(("EcsService".into(), name.to_string(), s));
    }
    if let Some(lb) = &plan.load_balancer {
        super::load_balancer::start_traffic(world, context, lb, out);
    }
    Ok(())
}

/// Creates a kustomize environment: its namespace (unless the overlay has one, renamed
/// to it), `kubectl apply -k` of the generated kustomization, and traffic to its Services.
pub(crate) fn kustomize_environment_apply(
    world: &mut World,
    name: &str,
    context: &str,
    plan: &EnvPlan<'_>,
    out: &mut String,
    objects: &mut Vec<(String, String, String)>,
) -> Result<(), CommandError> {
    let layered = plan.layered();
    for (file, text) in &plan.files {
        out.push_str(&format!("# {file}\n{text}"));
    }
    let has_namespace = plan
        .objects
        .iter()
        .any(|(kind, _, n)| kind == "Namespace" && n == name);
    // The namespace first: deleting it takes everything in it (a rollback needs no more).
    if has_namespace {
        objects.push(("Namespace".into(), String::new(), name.to_string()));
    } else {
        out.push_str(&format!(
            "$ kubectl --context {context} create namespace {name}\n"
        ));
        world.controllers().create_namespace(name)?;
        out.push_str(&format!("namespace/{name} created\n"));
        objects.push(("Namespace".into(), String::new(), name.to_string()));
    }
    out.push_str(&format!(
        "$ kubectl --context {context} apply -k {}\n",
        plan.dir
    ));
    let applied = crate::lang::command::run_tokens(
        world,
        &tokens(&["kubectl", "apply", "-k", &plan.dir]),
        &layered,
    )?;
    out.push_str(&applied);
    objects.extend(
        plan.objects
            .iter()
            .filter(|(kind, _, n)| !(kind == "Namespace" && n == name))
            .cloned(),
    );
    // Its users: a steady request rate to every Service it created.
    for (kind, ns, svc) in &plan.objects {
        if kind == "Service" {
            out.push_str(&format!(
                "$ sim --context {context} traffic {svc} 10 -n {ns}\n"
            ));
            world
                .traffic
                .set(&mut world.k, (ns.clone(), svc.clone()), 10);
            out.push_str(&format!("traffic to service/{svc}: 10 requests/s\n"));
        }
    }
    Ok(())
}

/// Checks what a kustomize environment would create and returns its plan: the generated
/// kustomization (`namespace:` over the overlay, the database settings merged in).
pub(crate) fn kustomize_environment_plan<'a>(
    world: &World,
    name: &str,
    source: &str,
    dir: &str,
    context: &str,
    database: Option<&EnvDatabase>,
    files: &'a dyn FileSource,
) -> Result<EnvPlan<'a>, CommandError> {
    let depth = dir.split('/').filter(|c| *c != "..").count();
    let mut kustomization = format!(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: {name}\nresources:\n- {}{source}\n",
        "../".repeat(depth),
        source = source.trim_start_matches("../")
    );
    if let Some(d) = database {
        kustomization.push_str(&format!(
            "configMapGenerator:\n- name: app-config\n  behavior: merge\n  literals:\n  - APP_ENV={name}\n  - DATABASE_URL=postgres://{}:5432/app\n",
            d.endpoint
        ));
    }
    let mut extra = BTreeMap::new();
    let file = format!("{dir}/kustomization.yaml");
    extra.insert(file.clone(), kustomization.clone());
    let layered = Layered {
        extra,
        inner: files,
    };
    let built = crate::input::kustomize::build(&layered, dir)
        .map_err(|e| CommandError::new(format!("error: {e}")))?;
    let mut objects: Vec<(String, String, String)> = Vec::new();
    for doc in &built {
        let kind = doc["kind"].as_str().unwrap_or_default().to_string();
        let obj_name = doc["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let ns = doc["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        objects.push((kind, ns, obj_name));
    }
    if world
        .cluster_world(context)
        .is_some_and(|w| w.k.store.namespaces.contains_key(name))
    {
        return err(format!(
            "Error from server (AlreadyExists): namespaces \"{name}\" already exists"
        ));
    }
    Ok(EnvPlan {
        dir: dir.to_string(),
        files: vec![(file, kustomization)],
        objects,
        service_file: None,
        rendered: Vec::new(),
        inner: files,
        load_balancer: None,
    })
}
