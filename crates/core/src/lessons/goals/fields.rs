//! What a goal can ask about each kind of object: the selector words (`deployment: web` names
//! one, `deployments: {app: web}` selects by labels), the fields each kind has, and their values
//! read from the world as it is now ([`facts`]).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::sim::store::{ContainerState, Pod};
use crate::world::World;

/// A kind of object a goal selects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Deployment,
    ReplicaSet,
    Pod,
    Node,
    Service,
    Namespace,
    EcsService,
    EcsTask,
    TaskDefinition,
    Environment,
    Repository,
    Database,
    Parameter,
    LocalImage,
    TargetGroup,
    LoadBalancer,
}

/// The type of a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    Number,
    Text,
    Bool,
    Pairs,
}

/// (singular selector, plural selector, kind, printed kind, namespaced).
pub const KINDS: &[(&str, &str, Kind, &str, bool)] = &[
    (
        "deployment",
        "deployments",
        Kind::Deployment,
        "deployment",
        true,
    ),
    (
        "replicaset",
        "replicasets",
        Kind::ReplicaSet,
        "replicaset",
        true,
    ),
    ("pod", "pods", Kind::Pod, "pod", true),
    ("node", "nodes", Kind::Node, "node", false),
    ("service", "services", Kind::Service, "service", true),
    (
        "namespace",
        "namespaces",
        Kind::Namespace,
        "namespace",
        false,
    ),
    (
        "ecs-service",
        "ecs-services",
        Kind::EcsService,
        "ecs-service",
        false,
    ),
    ("ecs-task", "ecs-tasks", Kind::EcsTask, "ecs-task", false),
    (
        "task-definition",
        "task-definitions",
        Kind::TaskDefinition,
        "task-definition",
        false,
    ),
    (
        "environment",
        "environments",
        Kind::Environment,
        "environment",
        false,
    ),
    (
        "repository",
        "repositories",
        Kind::Repository,
        "repository",
        false,
    ),
    ("database", "databases", Kind::Database, "database", false),
    (
        "parameter",
        "parameters",
        Kind::Parameter,
        "parameter",
        false,
    ),
    (
        "local-image",
        "local-images",
        Kind::LocalImage,
        "local-image",
        false,
    ),
    (
        "target-group",
        "target-groups",
        Kind::TargetGroup,
        "target-group",
        false,
    ),
    (
        "load-balancer",
        "load-balancers",
        Kind::LoadBalancer,
        "load-balancer",
        false,
    ),
];

/// The fields of a kind (every kind also has `exists`).
pub fn fields(kind: Kind) -> &'static [(&'static str, Type)] {
    use Type::*;
    match kind {
        Kind::Deployment => &[
            ("desired", Number),
            ("ready", Number),
            ("updated", Number),
            ("available", Number),
            ("image", Text),
            ("rollout", Text),
            ("revision", Number),
        ],
        Kind::ReplicaSet => &[("desired", Number), ("ready", Number), ("revision", Number)],
        Kind::Pod => &[
            ("status", Text),
            ("phase", Text),
            ("ready", Bool),
            ("restarts", Number),
            ("node", Text),
            ("image", Text),
            ("reason", Text),
            ("last-state", Text),
            ("exit-code", Number),
            ("env", Pairs),
            ("memory-limit", Text),
            ("terminating", Bool),
            ("owner", Text),
        ],
        Kind::Node => &[("ready", Bool), ("schedulable", Bool), ("pods", Number)],
        Kind::Service => &[("endpoints", Number), ("traffic-rate", Number)],
        Kind::Namespace => &[],
        Kind::EcsService => &[
            ("status", Text),
            ("desired", Number),
            ("running", Number),
            ("healthy", Number),
            ("task-definition", Text),
            ("family", Text),
            ("grace-period", Number),
        ],
        Kind::EcsTask => &[
            ("last-status", Text),
            ("desired-status", Text),
            ("health", Text),
            ("stop-code", Text),
            ("service", Text),
            ("task-definition", Text),
        ],
        Kind::TaskDefinition => &[("revision", Number)],
        Kind::Environment => &[
            ("context", Text),
            ("namespace", Text),
            ("ready", Number),
            ("desired", Number),
        ],
        Kind::Repository => &[("tags", Number), ("tag", Text), ("account", Text)],
        Kind::Database => &[("account", Text), ("environment", Text)],
        Kind::Parameter => &[("account", Text), ("type", Text)],
        Kind::LocalImage => &[
            ("user", Text),
            ("env", Pairs),
            ("runtime-bytes", Number),
            ("dependencies-bytes", Number),
            ("code-bytes", Number),
        ],
        Kind::TargetGroup => &[
            ("targets", Number),
            ("healthy", Number),
            ("unhealthy", Number),
            ("initial", Number),
            ("draining", Number),
            ("reason", Text),
            ("health-check-path", Text),
            ("deregistration-delay", Number),
        ],
        Kind::LoadBalancer => &[("state", Text), ("traffic-rate", Number)],
    }
}

/// A field's value as read now.
#[derive(Clone, Debug, PartialEq)]
pub enum Fact {
    Number(u64),
    Text(String),
    Bool(bool),
    Pairs(BTreeMap<String, String>),
    /// The field has no value here (a pod that never terminated has no exit code).
    Missing,
}

/// One object as a goal sees it: how reasons name it, its uid (for `unchanged`), its labels and
/// its fields.
#[derive(Clone, Debug)]
pub struct Facts {
    pub name: String,
    /// `deployment/web` (+ ` in prod` for another namespace).
    pub label: String,
    pub uid: Option<String>,
    pub labels: BTreeMap<String, String>,
    pub values: BTreeMap<&'static str, Fact>,
}

impl Facts {
    fn new(kind_word: &str, name: &str, namespace: Option<&str>) -> Facts {
        let label = match namespace {
            Some(ns) if ns != "default" => format!("{kind_word}/{name} in {ns}"),
            _ => format!("{kind_word}/{name}"),
        };
        Facts {
            name: name.to_string(),
            label,
            uid: None,
            labels: BTreeMap::new(),
            values: BTreeMap::new(),
        }
    }

    fn set(&mut self, field: &'static str, fact: Fact) {
        self.values.insert(field, fact);
    }

    pub fn get(&self, field: &str) -> &Fact {
        self.values.get(field).unwrap_or(&Fact::Missing)
    }
}

/// The word a kind's selector prints (`deployment`).
pub fn kind_word(kind: Kind) -> &'static str {
    KINDS.iter().find(|k| k.2 == kind).map_or("object", |k| k.3)
}

pub fn namespaced(kind: Kind) -> bool {
    KINDS.iter().any(|k| k.2 == kind && k.4)
}

/// An enum as the AWS CLI or kubectl words it (`RUNNING`, `ACTIVE`).
fn word<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Every object of `kind` in `namespace` (namespaced kinds) of world `w`, with its facts.
pub fn facts(w: &World, kind: Kind, namespace: &str) -> Vec<Facts> {
    match kind {
        Kind::Deployment => deployments(w, namespace),
        Kind::ReplicaSet => replicasets(w, namespace),
        Kind::Pod => {
            w.k.store
                .pods
                .values()
                .filter(|p| p.meta.namespace == namespace)
                .map(|p| pod_facts(w, p))
                .collect()
        }
        Kind::Node => nodes(w),
        Kind::Service => services(w, namespace),
        Kind::Namespace => {
            w.k.store
                .namespaces
                .keys()
                .map(|n| Facts::new("namespace", n, None))
                .collect()
        }
        Kind::EcsService | Kind::EcsTask | Kind::TaskDefinition => ecs(w, kind),
        Kind::Environment => environments(w),
        Kind::Repository | Kind::Database | Kind::Parameter => cloud(w, kind),
        Kind::LocalImage => local_images(w),
        Kind::TargetGroup | Kind::LoadBalancer => load_balancing(w, kind),
    }
}

fn deployments(w: &World, ns: &str) -> Vec<Facts> {
    w.k.store
        .deployments
        .iter()
        .filter(|((n, _), _)| n == ns)
        .map(|((_, name), obj)| {
            // Only this Deployment's view: the whole cluster view would build every pod's.
            let d = w.deployment_view(ns, name, obj);
            let mut f = Facts::new("deployment", name, Some(ns));
            f.uid = Some(obj.meta.uid.clone());
            f.labels = obj.meta.labels.clone();
            f.set("desired", Fact::Number(u64::from(d.replicas)));
            f.set("ready", Fact::Number(u64::from(d.ready)));
            f.set("updated", Fact::Number(u64::from(d.updated)));
            f.set("available", Fact::Number(u64::from(d.available)));
            if let Some((_, image)) = d.images.first() {
                f.set("image", Fact::Text(image.clone()));
            }
            f.set("rollout", Fact::Text(d.rollout.clone()));
            f.set("revision", Fact::Number(d.revision));
            f
        })
        .collect()
}

fn replicasets(w: &World, ns: &str) -> Vec<Facts> {
    w.k.store
        .replicasets
        .iter()
        .filter(|((n, _), _)| n == ns)
        .map(|((_, name), rs)| {
            let mut f = Facts::new("replicaset", name, Some(ns));
            f.uid = Some(rs.meta.uid.clone());
            f.labels = rs.meta.labels.clone();
            f.set("desired", Fact::Number(u64::from(rs.replicas)));
            f.set("ready", Fact::Number(u64::from(rs.status.ready_replicas)));
            f.set("revision", Fact::Number(rs.revision));
            f
        })
        .collect()
}

fn pod_facts(w: &World, p: &Pod) -> Facts {
    let mut f = Facts::new("pod", &p.meta.name, Some(&p.meta.namespace));
    f.uid = Some(p.meta.uid.clone());
    f.labels = p.meta.labels.clone();
    let view = w.pod_view(p);
    f.set("status", Fact::Text(view.status.clone()));
    f.set("phase", Fact::Text(format!("{:?}", p.status.phase)));
    f.set("ready", Fact::Bool(view.all_ready));
    f.set("restarts", Fact::Number(u64::from(view.restarts)));
    if let Some(node) = &view.node {
        f.set("node", Fact::Text(node.clone()));
    }
    if let Some(owner) = p.owner_name() {
        f.set("owner", Fact::Text(owner.to_string()));
    }
    f.set("terminating", Fact::Bool(view.terminating));
    let app = p.spec.init_count;
    if let Some(c) = p.spec.containers.get(app) {
        f.set("image", Fact::Text(c.image.clone()));
        let env = c
            .env_sources
            .resolved
            .as_ref()
            .unwrap_or(&c.env)
            .iter()
            .map(|e| (e.name.clone(), e.value.clone()))
            .collect();
        f.set("env", Fact::Pairs(env));
        if let Some(m) = &c.resources.limits.memory {
            f.set("memory-limit", Fact::Text(m.text.clone()));
        }
    }
    let statuses = p.status.containers.iter().skip(app);
    for st in statuses {
        match &st.state {
            ContainerState::Waiting { reason, .. } if !f.values.contains_key("reason") => {
                f.set("reason", Fact::Text(reason.clone()));
            }
            ContainerState::Terminated { reason, .. } if !f.values.contains_key("reason") => {
                f.set("reason", Fact::Text(reason.as_str().to_owned()));
            }
            _ => {}
        }
        if let Some(ContainerState::Terminated {
            reason, exit_code, ..
        }) = &st.last_state
        {
            if !f.values.contains_key("last-state") {
                f.set("last-state", Fact::Text(reason.as_str().to_owned()));
                f.set(
                    "exit-code",
                    Fact::Number(u64::from(exit_code.unsigned_abs())),
                );
            }
        }
    }
    f
}

fn nodes(w: &World) -> Vec<Facts> {
    w.cluster_view()
        .nodes
        .iter()
        .map(|n| {
            let mut f = Facts::new("node", &n.name, None);
            f.set("ready", Fact::Bool(n.ready));
            f.set("schedulable", Fact::Bool(!n.unschedulable));
            f.set("pods", Fact::Number(n.pods.len() as u64));
            f
        })
        .collect()
}

fn services(w: &World, ns: &str) -> Vec<Facts> {
    w.cluster_view()
        .services
        .iter()
        .filter(|s| s.namespace == ns)
        .map(|s| {
            let mut f = Facts::new("service", &s.name, Some(ns));
            if let Some(obj) = w.k.store.services.get(&(ns.to_string(), s.name.clone())) {
                f.uid = Some(obj.meta.uid.clone());
                f.labels = obj.meta.labels.clone();
            }
            f.set("endpoints", Fact::Number(u64::from(s.ready_endpoints)));
            f.set("traffic-rate", Fact::Number(u64::from(s.traffic_rate)));
            f
        })
        .collect()
}

fn ecs(w: &World, kind: Kind) -> Vec<Facts> {
    let view = w.cluster_view().ecs;
    if kind == Kind::TaskDefinition {
        // One per family: its newest ACTIVE revision.
        let mut out: Vec<Facts> = Vec::new();
        for d in &view.task_definitions {
            out.retain(|f| f.name != d.family);
            let mut f = Facts::new("task-definition", &d.family, None);
            f.set("revision", Fact::Number(u64::from(d.revision)));
            out.push(f);
        }
        return out;
    }
    if kind == Kind::EcsService {
        return view
            .services
            .iter()
            .map(|s| {
                let mut f = Facts::new("ecs-service", &s.name, None);
                f.set("status", Fact::Text(word(&s.status)));
                f.set("desired", Fact::Number(u64::from(s.desired)));
                f.set("running", Fact::Number(u64::from(s.running)));
                f.set("healthy", Fact::Number(u64::from(s.healthy)));
                f.set("task-definition", Fact::Text(s.task_definition.clone()));
                f.set("family", Fact::Text(s.family.clone()));
                f.set(
                    "grace-period",
                    Fact::Number(u64::from(s.health_check_grace_period_s)),
                );
                f
            })
            .collect();
    }
    view.tasks
        .iter()
        .map(|t| {
            let mut f = Facts::new("ecs-task", &t.id, None);
            f.set("last-status", Fact::Text(word(&t.last_status)));
            f.set("desired-status", Fact::Text(word(&t.desired_status)));
            f.set("health", Fact::Text(word(&t.health)));
            if let Some(code) = &t.stop_code {
                f.set("stop-code", Fact::Text(word(code)));
            }
            if let Some(s) = &t.service {
                f.set("service", Fact::Text(s.clone()));
            }
            f.set("task-definition", Fact::Text(t.task_definition.clone()));
            f
        })
        .collect()
}

fn environments(w: &World) -> Vec<Facts> {
    w.environments()
        .map(|e| {
            let mut f = Facts::new("environment", &e.name, None);
            f.set("context", Fact::Text(e.context.clone()));
            f.set("namespace", Fact::Text(e.namespace.clone()));
            if let Some(c) = w.cluster_world(&e.context) {
                let (ready, desired) = c.namespace_replicas(&e.namespace);
                f.set("ready", Fact::Number(u64::from(ready)));
                f.set("desired", Fact::Number(u64::from(desired)));
            }
            f
        })
        .collect()
}

fn cloud(w: &World, kind: Kind) -> Vec<Facts> {
    let cloud = w.cloud();
    let mut out = Vec::new();
    for a in cloud.accounts.values() {
        match kind {
            Kind::Repository => {
                for name in a.repositories.keys() {
                    let mut f = Facts::new("repository", name, None);
                    let repository = format!("{}/{name}", a.registry_host());
                    let tags: Vec<String> = cloud
                        .registry
                        .tags(&repository)
                        .map(|(t, _)| t.clone())
                        .collect();
                    f.set("tags", Fact::Number(tags.len() as u64));
                    if let Some(t) = tags.first() {
                        f.set("tag", Fact::Text(t.clone()));
                    }
                    f.set("account", Fact::Text(a.name.clone()));
                    out.push(f);
                }
            }
            Kind::Database => {
                for (name, d) in &a.databases {
                    let mut f = Facts::new("database", name, None);
                    f.set("account", Fact::Text(a.name.clone()));
                    f.set("environment", Fact::Text(d.environment.clone()));
                    out.push(f);
                }
            }
            _ => {
                for (name, p) in &a.parameters {
                    let mut f = Facts::new("parameter", name, None);
                    f.set("account", Fact::Text(a.name.clone()));
                    f.set("type", Fact::Text(p.kind.clone()));
                    out.push(f);
                }
            }
        }
    }
    out
}

fn local_images(w: &World) -> Vec<Facts> {
    w.local_image_names()
        .iter()
        .filter_map(|name| {
            let v = w.image_view(name)?;
            let short = name
                .strip_prefix("docker.io/library/")
                .unwrap_or(name)
                .to_string();
            let mut f = Facts::new("local-image", &short, None);
            f.set("user", Fact::Text(v.user.clone()));
            f.set("env", Fact::Pairs(v.env.iter().cloned().collect()));
            f.set("runtime-bytes", Fact::Number(v.runtime_bytes));
            f.set("dependencies-bytes", Fact::Number(v.dependencies_bytes));
            f.set("code-bytes", Fact::Number(v.code_bytes));
            Some(f)
        })
        .collect()
}

/// Target groups (with how many targets are in each health state, and the reason code of the
/// first one that is not healthy) and load balancers, as `describe-target-health` and
/// `describe-load-balancers` would tell.
fn load_balancing(w: &World, kind: Kind) -> Vec<Facts> {
    use crate::sim::elb_status::TargetState;
    let view = w.cluster_view().ecs;
    if kind == Kind::LoadBalancer {
        return view
            .load_balancers
            .iter()
            .map(|lb| {
                let mut f = Facts::new("load-balancer", &lb.name, None);
                f.set("state", Fact::Text(lb.state.as_str().to_string()));
                f.set("traffic-rate", Fact::Number(u64::from(lb.traffic_rate)));
                f
            })
            .collect();
    }
    view.target_groups
        .iter()
        .map(|tg| {
            let mut f = Facts::new("target-group", &tg.name, None);
            let count = |s: TargetState| tg.targets.iter().filter(|t| t.state == s).count() as u64;
            f.set("targets", Fact::Number(tg.targets.len() as u64));
            f.set("healthy", Fact::Number(count(TargetState::Healthy)));
            f.set("unhealthy", Fact::Number(count(TargetState::Unhealthy)));
            f.set("initial", Fact::Number(count(TargetState::Initial)));
            f.set("draining", Fact::Number(count(TargetState::Draining)));
            if let Some(r) = tg
                .targets
                .iter()
                .filter(|t| t.state != TargetState::Healthy)
                .find_map(|t| t.reason.clone())
            {
                f.set("reason", Fact::Text(r));
            }
            f.set(
                "health-check-path",
                Fact::Text(tg.health_check_path.clone()),
            );
            f.set(
                "deregistration-delay",
                Fact::Number(u64::from(tg.deregistration_delay_s)),
            );
            f
        })
        .collect()
}
