//! How `sim env create|delete` lays an environment out in one cluster, as the real tools
//! would: a kustomize overlay applied into its own namespace, or — for a folder holding an
//! ECS `task-definition.json` and `service.json` — an ECS cluster of its own with the task
//! definition rendered for it and its service: where (context, account, database) and how (the
//! commands run, and undone on failure or delete). `sim env …` is parsed and printed in
//! `lang::environments`; the environments' records live in [`crate::cloud::accounts`].
//!
//! Every step is a real command, printed before its output; every object made is recorded,
//! so deleting the environment (or rolling back a failed create) removes exactly those.

use std::collections::BTreeMap;

use crate::cloud::accounts::{
    rds_id, Account, Database, Environment, MAX_DATABASES, MAX_ENVIRONMENTS,
};
use crate::sim::ecs_status::ServiceStatus;

use crate::base::command::CommandError;
use crate::input::files::FileSource;
use crate::sim::world::World;

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

fn tokens(line: &[&str]) -> Vec<String> {
    line.iter().map(|s| s.to_string()).collect()
}

impl World {
    /// Renders an ECS environment's task definition: the family gets the environment's name
    /// (`shop` → `shop-pr-1`) and, with a database, its first container gets `APP_ENV` and
    /// `DATABASE_URL` — what a deploy pipeline's render step does.
    pub(crate) fn ecs_environment_plan<'a>(
        &self,
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
        if let Some(c) = self.ecs.clusters.get(name) {
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
        Ok(EnvPlan {
            dir: dir.to_string(),
            files: vec![(format!("{dir}/{ECS_TASK_FILE}"), text)],
            objects: Vec::new(),
            service_file: Some(service_path),
            rendered,
            inner: files,
        })
    }

    /// Creates an ECS environment: its cluster, its task definition, its service. Each object
    /// is recorded in `objects` as soon as it exists (a failure leaves a list to roll back).
    pub(crate) fn ecs_environment_apply(
        &mut self,
        name: &str,
        context: &str,
        plan: &EnvPlan<'_>,
        out: &mut String,
        objects: &mut Vec<(String, String, String)>,
    ) -> Result<(), CommandError> {
        let layered = plan.layered();
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
        let profile = self.account().map(|a| a.name.clone()).unwrap_or_default();
        out.push_str(&format!(
            "# context \"{context}\" runs in account {profile}: its AWS CLI profile\n"
        ));
        let step = |w: &mut World, line: Vec<String>, out: &mut String| {
            out.push_str(&format!(
                "$ aws --profile {profile} {}\n",
                line[1..].join(" ")
            ));
            let text = crate::lang::command::run_tokens(w, &line, &layered)?;
            out.push_str(&brief(&text));
            Ok::<String, CommandError>(text)
        };
        step(
            self,
            tokens(&["aws", "ecs", "create-cluster", "--cluster-name", name]),
            out,
        )?;
        objects.push(("EcsCluster".into(), String::new(), name.to_string()));
        let registered = step(
            self,
            tokens(&[
                "aws",
                "ecs",
                "register-task-definition",
                "--cli-input-json",
                &format!("file://{task_file}"),
            ]),
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
        let service_file = plan.service_file.clone().unwrap_or_default();
        step(
            self,
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
            out,
        )?;
        let services: Vec<String> = self
            .ecs
            .services
            .values()
            .filter(|s| s.cluster == name && s.status == ServiceStatus::Active)
            .map(|s| s.name.clone())
            .collect();
        for s in services {
            objects.push(("EcsService".into(), name.to_string(), s));
        }
        Ok(())
    }

    /// Creates a kustomize environment: its namespace (unless the overlay has one, renamed
    /// to it), `kubectl apply -k` of the generated kustomization, and traffic to its Services.
    pub(crate) fn kustomize_environment_apply(
        &mut self,
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
            self.controllers().create_namespace(name)?;
            out.push_str(&format!("namespace/{name} created\n"));
            objects.push(("Namespace".into(), String::new(), name.to_string()));
        }
        out.push_str(&format!(
            "$ kubectl --context {context} apply -k {}\n",
            plan.dir
        ));
        let applied = crate::lang::command::run_tokens(
            self,
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
                self.traffic.set(&mut self.k, (ns.clone(), svc.clone()), 10);
                out.push_str(&format!("traffic to service/{svc}: 10 requests/s\n"));
            }
        }
        Ok(())
    }

    /// Deletes an environment's objects, newest first, printing each command and its answer
    /// (an object already gone by hand is reported and skipped). ECS: the service is deleted
    /// with `--force`, the revision deregistered, and the cluster deleted once its tasks have
    /// stopped (`aws ecs wait services-inactive` then `delete-cluster`).
    pub(crate) fn delete_environment_objects(
        &mut self,
        context: &str,
        objects: &[(String, String, String)],
    ) -> String {
        let mut out = String::new();
        let profile = self.account().map(|a| a.name.clone()).unwrap_or_default();
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
                    let foreign_service = self.ecs.services.values().any(|s| {
                        s.cluster == *name
                            && s.status != ServiceStatus::Inactive
                            && !own.contains(&s.id())
                    });
                    let foreign_task = self.ecs.tasks.values().any(|t| {
                        t.cluster == *name
                            && !t.is_stopped()
                            && t.service.as_ref().is_none_or(|s| !own.contains(s))
                    });
                    if foreign_service || foreign_task {
                        let refusal = self
                            .ecs
                            .cluster_delete_refusal(&self.k, &self.agents, name)
                            .map(|e| e.message)
                            .unwrap_or_default();
                        out.push_str(&format!(
                            "{refusal}\n(cluster {name} keeps what was added to it besides the environment: delete that, then aws ecs delete-cluster --cluster {name})\n"
                        ));
                        continue;
                    }
                    match self.ecs.clusters.get_mut(name) {
                        Some(c) => {
                            c.delete_when_drained = true;
                            self.k.ecs_wake = true;
                            if self.ecs_engine().delete_drained_clusters() {
                                out.push_str(&format!("cluster {name} deleted\n"));
                            } else {
                                out.push_str(&format!(
                                    "cluster {name} is deleted when its last task has stopped\n"
                                ));
                            }
                        }
                        None => out.push_str(&format!("cluster {name} is already gone\n")),
                    }
                    continue;
                }
                _ if ns.is_empty() => {
                    tokens(&["kubectl", "delete", &kind.to_ascii_lowercase(), name])
                }
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
            match crate::lang::command::run_tokens(self, &line, &crate::input::files::NoFiles) {
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
}

fn err<T>(message: impl Into<String>) -> Result<T, CommandError> {
    Err(CommandError::new(message))
}

/// Where environments are made, deleted and moved: contexts, accounts, databases.
impl World {
    /// Creates environment `name` from the overlay (or ECS folder) `from` in `context`, with
    /// its own database if `with_db`; returns the transcript of the commands it ran. A failed
    /// step rolls back what was made.
    pub(crate) fn create_environment(
        &mut self,
        name: &str,
        from: &str,
        context: &str,
        with_db: bool,
        files: &dyn FileSource,
    ) -> Result<String, CommandError> {
        if let Some(e) = crate::input::definitions::validate::dns1123_label(name) {
            return err(format!("error: invalid environment name \"{name}\": {e}"));
        }
        if name.len() > 50 {
            return err(format!(
                "error: invalid environment name \"{name}\": at most 50 characters"
            ));
        }
        if !self.multi.contexts.contains_key(context) {
            return err(format!("error: context \"{context}\" does not exist"));
        }
        if self
            .multi
            .environments
            .contains_key(&(context.to_string(), name.to_string()))
        {
            return err(format!(
                "error: environment \"{name}\" already exists in context \"{context}\""
            ));
        }
        if self.multi.environments.len() >= MAX_ENVIRONMENTS {
            return err(format!("error: at most {MAX_ENVIRONMENTS} environments"));
        }
        let source = crate::input::kustomize::normalize(from.trim_start_matches('/'));
        // The generated files sit beside the source's top folder, so a source given as
        // `../x` stays inside what the command may read.
        let up = "../".repeat(source.split('/').take_while(|c| *c == "..").count());
        let dir = format!("{up}.sunaba/environments/{context}/{name}");
        // Its own database, in the account of the cluster it runs in; the settings that
        // point the app at it are injected (kustomize: merged into the app's ConfigMap; ECS:
        // the task definition's environment).
        let database = if with_db {
            let Some(w) = self.cluster_world(context) else {
                return err(format!("error: context \"{context}\" does not exist"));
            };
            let account = w.multi.account_id.clone();
            let db = format!("{name}-db");
            let a = &self.multi.cloud.accounts[&account];
            let endpoint = format!(
                "{db}.{}.{}.rds.amazonaws.com",
                rds_id(&a.id, &a.region),
                a.region
            );
            Some(EnvDatabase {
                account,
                name: db,
                endpoint,
            })
        } else {
            None
        };
        let ecs = files.read(&format!("{source}/{ECS_TASK_FILE}")).is_ok()
            && files.read(&format!("{source}/kustomization.yaml")).is_err();
        if ecs {
            // ECS clusters are the account's: another context of the same account may hold one
            // of that name (Sunaba keeps ECS state per simulated cluster).
            let account = self
                .cluster_world(context)
                .map(|w| w.multi.account_id.clone())
                .unwrap_or_default();
            let taken = self.multi.contexts.keys().find(|c| {
                c.as_str() != context
                    && self.cluster_world(c).is_some_and(|w| {
                        w.multi.account_id == account && w.ecs.clusters.contains_key(name)
                    })
            });
            if let Some(c) = taken {
                return err(format!(
                    "error: an ECS cluster named \"{name}\" already exists in this account (context \"{c}\")"
                ));
            }
        }
        let plan = if ecs {
            self.cluster_world(context)
                .expect("checked")
                .ecs_environment_plan(name, &source, &dir, database.as_ref(), files)?
        } else {
            self.kustomize_environment_plan(name, &source, &dir, context, database.as_ref(), files)?
        };
        let mut out = String::new();
        if let Some(d) = &database {
            out.push_str(&self.env_database_create(name, d)?);
        }
        let w = self.cluster_world_mut(context).expect("checked");
        let mut objects = Vec::new();
        let result = if ecs {
            w.ecs_environment_apply(name, context, &plan, &mut out, &mut objects)
        } else {
            w.kustomize_environment_apply(name, context, &plan, &mut out, &mut objects)
        };
        match result {
            Ok(()) => {}
            Err(e) => {
                // Roll back what this command made: the partial environment and its database.
                out.push_str(&e.message);
                out.push_str(&format!(
                    "\n# environment \"{name}\" not created; rolling back what was made\n"
                ));
                let w = self.cluster_world_mut(context).expect("checked");
                out.push_str(&w.delete_environment_objects(context, &objects));
                if let Some(d) = &database {
                    if let Some(a) = self.multi.cloud.accounts.get_mut(&d.account) {
                        a.databases.remove(&d.name);
                    }
                    out.push_str(&format!(
                        "$ sim db delete {}\ndatabase \"{}\" deleted\n",
                        d.name, d.name
                    ));
                    self.sync_cloud();
                }
                return err(out);
            }
        }
        let w = self.cluster_world_mut(context).expect("checked");
        w.settle();
        let account = w.account().map(Account::label).unwrap_or_default();
        out.push_str(&format!(
            "environment \"{name}\" created from {source} in context \"{context}\" (account {account})\n"
        ));
        self.multi.environments.insert(
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
                created_ms: self.k.now_ms,
                objects,
                database: database.map(|d| (d.account, d.name)),
            },
        );
        Ok(out)
    }

    /// Checks what a kustomize environment would create and returns its plan: the generated
    /// kustomization (`namespace:` over the overlay, the database settings merged in).
    fn kustomize_environment_plan<'a>(
        &self,
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
        if self
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
        })
    }

    /// Makes an environment's database (in the account its cluster runs in).
    fn env_database_create(&mut self, env: &str, d: &EnvDatabase) -> Result<String, CommandError> {
        if self.databases_total() >= MAX_DATABASES {
            return err(format!("error: at most {MAX_DATABASES} databases"));
        }
        let a = self
            .multi
            .cloud
            .accounts
            .get_mut(&d.account)
            .expect("known");
        a.databases.insert(
            d.name.clone(),
            Database {
                name: d.name.clone(),
                endpoint: d.endpoint.clone(),
                environment: env.to_string(),
            },
        );
        let out = format!(
            "$ sim db create {db} --account {} --env {env}\ndatabase \"{db}\" created in account {}\nendpoint: {}:5432\n",
            a.name,
            a.label(),
            d.endpoint,
            db = d.name
        );
        self.sync_cloud();
        Ok(out)
    }

    /// The environment a name (and maybe `--context`) means.
    pub(crate) fn environment_key(
        &self,
        name: &str,
        context: Option<&str>,
    ) -> Result<(String, String), CommandError> {
        let matches: Vec<&(String, String)> = self
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
        &mut self,
        key: &(String, String),
    ) -> Result<String, CommandError> {
        let env = self.multi.environments.remove(key).expect("found");
        let Some(w) = self.cluster_world_mut(&env.context) else {
            return Ok(format!(
                "environment \"{}\" forgotten (its cluster is gone)\n",
                env.name
            ));
        };
        // Newest first (kubectl delete -k order is the reverse of apply), the namespace or
        // the ECS cluster last: exactly what the environment created.
        let mut out = w.delete_environment_objects(&env.context, &env.objects);
        let shared = env.database.as_ref().is_some_and(|d| {
            self.multi
                .environments
                .values()
                .any(|e| e.database.as_ref() == Some(d))
        });
        if let Some((account, db)) = env.database.as_ref().filter(|_| !shared) {
            if let Some(a) = self.multi.cloud.accounts.get_mut(account) {
                if a.databases.remove(db).is_some() {
                    out.push_str(&format!(
                        "$ sim db delete {db} --account {}\ndatabase \"{db}\" deleted\n",
                        a.name
                    ));
                }
            }
            self.sync_cloud();
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
        &mut self,
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
        let source = self.multi.environments[key].source.clone();
        let with_db = self.multi.environments[key].database.is_some();
        let mut out = format!("# 1. the same definitions through context \"{to}\"\n");
        out.push_str(&self.create_environment(&name, &source, to, with_db, files)?);
        out.push_str(&format!("# 2. the old one, from context \"{}\"\n", key.0));
        out.push_str(&self.delete_environment(key)?);
        Ok(out)
    }
}
