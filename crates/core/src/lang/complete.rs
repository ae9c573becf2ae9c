//! Tab completion for the command language: verbs, sub-verbs and flags from the
//! [grammar](crate::lang::grammar), and the names of objects that exist right now. Pure: it reads the world and never changes it, so every
//! shell (the UI's terminal, the CLI) completes the same way.

use crate::lang::grammar::{self, Flag, Takes, Value};
use crate::sim::ecs_status::ServiceStatus;
use crate::world::World;

/// What may replace the word under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// Byte offset in the line where the word being completed starts.
    pub start: usize,
    /// Whole replacement words, sorted, at most [`MAX_CANDIDATES`].
    pub candidates: Vec<String>,
}

impl Completion {
    /// The longest prefix every candidate shares (what Tab inserts when several match).
    pub fn common_prefix(&self) -> &str {
        let Some(first) = self.candidates.first() else {
            return "";
        };
        let mut end = first.len();
        for c in &self.candidates[1..] {
            end = end.min(
                first
                    .char_indices()
                    .zip(c.chars())
                    .find(|((_, a), b)| a != b)
                    .map_or(first.len().min(c.len()), |((i, _), _)| i),
            );
        }
        &first[..end]
    }
}

pub const MAX_CANDIDATES: usize = 50;

/// Completes the word that ends at the end of `line`.
pub fn complete(world: &World, line: &str) -> Completion {
    // Bounded like the interpreter: completion of absurd lines offers nothing.
    if line.len() > 4096 {
        return Completion {
            start: line.len(),
            candidates: Vec::new(),
        };
    }
    let start = line
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &line[start..];
    let before: Vec<&str> = line[..start].split_whitespace().collect();
    let namespace = namespace_of(&before);
    let options = options_for(world, &before, word, &namespace);
    let mut candidates: Vec<String> = options
        .into_iter()
        .filter(|c| c.starts_with(word) && c != word)
        .collect();
    crate::base::sort::sort(&mut candidates);
    candidates.dedup();
    candidates.truncate(MAX_CANDIDATES);
    Completion { start, candidates }
}

fn namespace_of(words: &[&str]) -> String {
    let mut it = words.iter();
    while let Some(w) = it.next() {
        if *w == "-n" || *w == "--namespace" {
            if let Some(ns) = it.next() {
                return (*ns).to_owned();
            }
        } else if let Some(ns) = w.strip_prefix("--namespace=") {
            return ns.to_owned();
        }
    }
    "default".to_owned()
}

fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

/// Where the words before the cursor lead in the [grammar]: the command path (or group) they
/// name, the positional words after it, and the flag the last word is, when it wants a value.
struct Position<'a> {
    path: Vec<&'a str>,
    operands: Vec<&'a str>,
    pending_flag: Option<Flag>,
}

fn position<'a>(before: &[&'a str]) -> Position<'a> {
    let mut at = Position {
        path: Vec::new(),
        operands: Vec::new(),
        pending_flag: None,
    };
    let mut words = before.iter().copied();
    while let Some(w) = words.next() {
        if w.starts_with('-') && w.len() > 1 {
            let flag = grammar::flag_named(&grammar::flags_at(&at.path), w);
            if let Some(flag) = flag.filter(|f| f.takes_value()) {
                match words.next() {
                    Some(_) => {}
                    None => at.pending_flag = Some(flag),
                }
            }
            continue;
        }
        let next = match at.path.first() {
            None => grammar::program(w).unwrap_or(w),
            Some(_) => w,
        };
        let mut longer = at.path.clone();
        longer.push(next);
        if at.operands.is_empty()
            && grammar::find(&at.path).is_none()
            && (at.path.is_empty() || grammar::exists(&longer))
        {
            at.path = longer;
        } else {
            at.operands.push(w);
        }
    }
    at
}

fn options_for(world: &World, before: &[&str], word: &str, ns: &str) -> Vec<String> {
    let at = position(before);
    if let Some(flag) = at.pending_flag {
        return match flag.takes {
            Takes::One(v) | Takes::Many(v) => values(world, v, None, word, ns),
            Takes::Nothing => Vec::new(),
        };
    }
    if at.path.is_empty() {
        return owned(grammar::PROGRAMS);
    }
    if !grammar::exists(&at.path) {
        return Vec::new();
    }
    if word.starts_with('-') {
        return grammar::flags_at(&at.path)
            .iter()
            .flat_map(|f| {
                std::iter::once(format!("--{}", f.long)).chain(f.short.map(|c| format!("-{c}")))
            })
            .collect();
    }
    match grammar::find(&at.path) {
        Some(command) => match command.operands.get(at.operands.len()) {
            Some(v) => values(world, *v, at.operands.last().copied(), word, ns),
            None => Vec::new(),
        },
        None => owned(&grammar::children(&at.path)),
    }
}

/// The candidates for a flag's value or a positional word of kind `v`; `previous` is the word
/// before (the resource type an object name belongs to).
fn values(world: &World, v: Value, previous: Option<&str>, word: &str, ns: &str) -> Vec<String> {
    let ecs = &world.ecs;
    match v {
        Value::Text | Value::Integer => Vec::new(),
        Value::FieldPath => crate::lang::explain::candidates(word),
        Value::Choice(words) | Value::Suggested(words) => owned(words),
        Value::File => owned(&["editor.yaml"]),
        Value::Namespace => world.k.store.namespaces.keys().cloned().collect(),
        Value::Context => world.contexts().into_iter().map(|c| c.0).collect(),
        Value::Account => world
            .cloud()
            .accounts
            .values()
            .map(|a| a.name.clone())
            .collect(),
        Value::ResourceType if word.contains('/') => typed_names(world, word, ns),
        Value::ResourceType => owned(RESOURCES),
        Value::ObjectOfType => names_of(world, previous.unwrap_or_default(), ns),
        Value::Pod => pod_names(world, ns),
        Value::PodOrTask => {
            let mut names = pod_names(world, ns);
            names.extend(
                ecs.tasks
                    .values()
                    .filter(|t| t.is_active())
                    .map(|t| format!("task/{}", t.id)),
            );
            names
        }
        Value::Deployment => keys_in(world.k.store.deployments.keys(), ns)
            .into_iter()
            .map(|name| format!("deployment/{name}"))
            .collect(),
        Value::Workload => deployment_refs(world, ns),
        Value::Node | Value::ContainerInstance => world.node_names(),
        Value::Service => keys_in(world.k.store.services.keys(), ns),
        // The engine's images, by the short names `docker images` shows.
        Value::LocalImage => world
            .local_image_names()
            .iter()
            .map(|n| {
                n.strip_prefix("docker.io/library/")
                    .or_else(|| n.strip_prefix("docker.io/"))
                    .unwrap_or(n)
                    .to_string()
            })
            .collect(),
        Value::TaskDefinition => ecs
            .families
            .iter()
            .flat_map(|(f, revs)| {
                std::iter::once(f.clone()).chain(
                    revs.iter()
                        .filter(|r| r.active)
                        .map(move |r| format!("{f}:{}", r.revision)),
                )
            })
            .collect(),
        Value::EcsService => ecs
            .services
            .values()
            .filter(|s| s.status == ServiceStatus::Active)
            .map(|s| s.name.clone())
            .collect(),
        Value::EcsTask => ecs.tasks.keys().cloned().collect(),
        Value::EcsCluster => world.ecs.cluster_names(),
        Value::LoadBalancerArn => ecs.elb.load_balancers.keys().cloned().collect(),
        Value::TargetGroupArn => ecs.elb.target_groups.keys().cloned().collect(),
        Value::ListenerArn => ecs.elb.listeners.keys().cloned().collect(),
        Value::TrafficTarget => {
            let mut names = keys_in(world.k.store.services.keys(), ns);
            names.extend(ecs.elb.load_balancers.values().map(|l| l.name.clone()));
            names
        }
    }
}

/// The resource types `get`/`describe`/`delete` complete, by their plural names.
const RESOURCES: &[&str] = &[
    "configmaps",
    "cronjobs",
    "daemonsets",
    "deployments",
    "endpoints",
    "events",
    "jobs",
    "namespaces",
    "nodes",
    "persistentvolumeclaims",
    "pods",
    "replicasets",
    "secrets",
    "services",
    "statefulsets",
];

fn names_of(world: &World, resource: &str, ns: &str) -> Vec<String> {
    let base = resource.split('.').next().unwrap_or_default();
    match base {
        "po" | "pod" | "pods" => pod_names(world, ns),
        "deploy" | "deployment" | "deployments" => keys_in(world.k.store.deployments.keys(), ns),
        "rs" | "replicaset" | "replicasets" => keys_in(world.k.store.replicasets.keys(), ns),
        "svc" | "service" | "services" | "ep" | "endpoints" => {
            keys_in(world.k.store.services.keys(), ns)
        }
        "no" | "node" | "nodes" => world.node_names(),
        "ns" | "namespace" | "namespaces" => world.k.store.namespaces.keys().cloned().collect(),
        "cm" | "configmap" | "configmaps" => keys_in(world.k.store.configmaps.keys(), ns),
        "secret" | "secrets" => keys_in(world.k.store.secrets.keys(), ns),
        "job" | "jobs" => keys_in(world.k.store.jobs.keys(), ns),
        "cj" | "cronjob" | "cronjobs" => keys_in(world.k.store.cronjobs.keys(), ns),
        "sts" | "statefulset" | "statefulsets" => keys_in(world.k.store.statefulsets.keys(), ns),
        "ds" | "daemonset" | "daemonsets" => keys_in(world.k.store.daemonsets.keys(), ns),
        "pvc" | "persistentvolumeclaim" | "persistentvolumeclaims" => {
            keys_in(world.k.store.pvcs.keys(), ns)
        }
        _ => Vec::new(),
    }
}

/// `pod/we` → `pod/web-…`.
fn typed_names(world: &World, word: &str, ns: &str) -> Vec<String> {
    let Some((kind, _)) = word.split_once('/') else {
        return Vec::new();
    };
    names_of(world, kind, ns)
        .into_iter()
        .map(|name| format!("{kind}/{name}"))
        .collect()
}

fn keys_in<'a>(keys: impl Iterator<Item = &'a (String, String)>, ns: &str) -> Vec<String> {
    keys.filter(|(n, _)| n == ns)
        .map(|(_, name)| name.clone())
        .collect()
}

fn pod_names(world: &World, ns: &str) -> Vec<String> {
    keys_in(world.k.store.pod_names.keys(), ns)
}

/// `deployment/NAME`, `statefulset/NAME`, `daemonset/NAME`: what scale, set image and rollout
/// take.
fn deployment_refs(world: &World, ns: &str) -> Vec<String> {
    let store = &world.k.store;
    let mut refs: Vec<String> = keys_in(store.deployments.keys(), ns)
        .into_iter()
        .map(|name| format!("deployment/{name}"))
        .collect();
    refs.extend(
        keys_in(store.statefulsets.keys(), ns)
            .into_iter()
            .map(|name| format!("statefulset/{name}")),
    );
    refs.extend(
        keys_in(store.daemonsets.keys(), ns)
            .into_iter()
            .map(|name| format!("daemonset/{name}")),
    );
    refs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::files::MapFiles;

    fn world() -> World {
        let mut w = World::new(1);
        let mut files = std::collections::BTreeMap::new();
        files.insert(
            "d.yaml".to_owned(),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n".to_owned(),
        );
        crate::lang::command::run(&mut w, "kubectl apply -f d.yaml", &MapFiles(files))
            .expect("apply");
        w
    }

    fn words(w: &World, line: &str) -> Vec<String> {
        complete(w, line).candidates
    }

    #[test]
    fn verbs_resources_and_flags() {
        let w = world();
        assert_eq!(words(&w, ""), ["aws", "help", "kubectl", "sim"]);
        assert_eq!(words(&w, "aws ecs reg"), ["register-task-definition"]);
        assert_eq!(
            words(&w, "aws ecs register-task-definition --cli"),
            ["--cli-input-json"]
        );
        assert_eq!(words(&w, "kub"), ["kubectl"]);
        assert_eq!(words(&w, "kubectl ge"), ["get"]);
        assert_eq!(words(&w, "kubectl de"), ["delete", "describe"]);
        assert_eq!(words(&w, "sim fa"), ["fail-node"]);
        assert_eq!(words(&w, "kubectl get dep"), ["deployments"]);
        assert_eq!(words(&w, "kubectl get pods -o w"), ["wide"]);
        assert!(words(&w, "kubectl logs --p").contains(&"--previous".to_owned()));
        assert_eq!(words(&w, "kubectl rollout st"), ["status"]);
        assert_eq!(words(&w, "aws ecs update-s"), ["update-service"]);
        assert_eq!(
            words(&w, "aws ecs update-service --f"),
            ["--force-new-deployment"]
        );
        assert_eq!(words(&w, "aws ecs run-task --launch-type F"), ["FARGATE"]);
        assert_eq!(words(&w, "sim si"), ["side-by-side"]);
        assert_eq!(words(&w, "kubectl kus"), ["kustomize"]);
        assert_eq!(words(&w, "kubectl get con"), ["configmaps"]);
        assert_eq!(words(&w, "kubectl get sec"), ["secrets"]);
    }

    #[test]
    fn help_explain_and_dash_help_complete() {
        let w = world();
        assert_eq!(words(&w, "he"), ["help"]);
        assert_eq!(words(&w, "help "), ["aws", "kubectl", "sim"]);
        assert_eq!(words(&w, "help --lang "), ["en", "ja"]);
        assert_eq!(words(&w, "kubectl expl"), ["explain"]);
        assert_eq!(words(&w, "kubectl exp"), ["explain", "expose"]);
        assert_eq!(words(&w, "kubectl explain po"), ["pods."]);
        assert_eq!(words(&w, "kubectl explain pods.sp"), ["pods.spec."]);
        assert_eq!(
            words(&w, "kubectl explain deploy.spec.rep"),
            ["deploy.spec.replicas"]
        );
        assert_eq!(words(&w, "kubectl explain --rec"), ["--recursive"]);
        assert_eq!(words(&w, "kubectl get pods --he"), ["--help"]);
        assert_eq!(words(&w, "kubectl --he"), ["--help"]);
        assert_eq!(words(&w, "sim wait --he"), ["--help"]);
        assert!(words(&w, "sim kill -").contains(&"-h".to_owned()));
    }

    #[test]
    fn ecs_names_complete_from_what_exists() {
        let mut files = crate::MapFiles::default();
        files.0.insert(
            "t.json".into(),
            r#"{"family": "web", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64}]}"#.into(),
        );
        let mut w = World::new(1);
        crate::lang::command::run(
            &mut w,
            "aws ecs register-task-definition --cli-input-json file://t.json",
            &files,
        )
        .unwrap();
        crate::lang::command::run(
            &mut w,
            "aws ecs create-service --service-name front --task-definition web --desired-count 1",
            &files,
        )
        .unwrap();
        assert_eq!(words(&w, "aws ecs update-service --service f"), ["front"]);
        assert_eq!(
            words(
                &w,
                "aws ecs update-service --service front --task-definition w"
            ),
            ["web", "web:1"]
        );
        let task = w.ecs().tasks.keys().next().unwrap().clone();
        assert_eq!(
            words(&w, &format!("aws ecs stop-task --task {}", &task[..6])),
            [task.as_str()]
        );
        assert_eq!(
            words(&w, &format!("sim kill task/{}", &task[..6])),
            [format!("task/{task}")]
        );
    }

    #[test]
    fn names_come_from_the_world() {
        let w = world();
        let pods = words(&w, "sim kill web-");
        assert_eq!(pods.len(), 2, "{pods:?}");
        assert!(pods.iter().all(|p| p.starts_with("web-")));
        assert_eq!(
            words(&w, "kubectl rollout status deployment/"),
            ["deployment/web"]
        );
        assert_eq!(words(&w, "kubectl scale "), ["deployment/web"]);
        assert_eq!(
            words(&w, "kubectl describe pod/"),
            words(&w, "kubectl describe pod/web")
        );
        assert!(words(&w, "kubectl describe pod/")
            .iter()
            .all(|p| p.starts_with("pod/web-")));
        assert_eq!(words(&w, "kubectl cordon "), w.node_names());
        assert!(
            words(&w, "sim kill -n kube-system ").is_empty(),
            "no pods there"
        );
        assert!(words(&w, "kubectl get pods -n k").contains(&"kube-system".to_owned()));
    }

    #[test]
    fn tab_inserts_the_common_prefix() {
        let w = world();
        let c = complete(&w, "kubectl get po");
        assert_eq!(c.start, "kubectl get ".len());
        assert_eq!(c.common_prefix(), "pods");
        let c = complete(&w, "sim kill w");
        assert!(c.common_prefix().starts_with("web-"));
        let c = complete(&w, "kubectl de");
        assert_eq!(c.common_prefix(), "de");
    }

    #[test]
    fn odd_input_is_harmless() {
        let w = world();
        for line in [
            "   ",
            "kubectl  ",
            "日本語 ",
            "sim kill 砂",
            "-",
            "kubectl get -o",
            &"x ".repeat(5000),
        ] {
            let c = complete(&w, line);
            assert!(c.start <= line.len());
            assert!(line.is_char_boundary(c.start));
        }
    }
}
