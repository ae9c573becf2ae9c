//! Tab completion for the command language: verbs, resource types, flags and the names of
//! objects that exist right now. Pure: it reads the world and never changes it, so every
//! shell (the UI's terminal, the CLI) completes the same way.

use crate::sim::world::World;

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

const KUBECTL_VERBS: &[&str] = &[
    "apply",
    "cordon",
    "delete",
    "describe",
    "drain",
    "exec",
    "get",
    "kustomize",
    "logs",
    "rollout",
    "scale",
    "set",
    "taint",
    "uncordon",
];
const SIM_VERBS: &[&str] = &[
    "add-node",
    "build",
    "compress",
    "crash",
    "fail-node",
    "history",
    "images",
    "kill",
    "nodes",
    "push",
    "remove-node",
    "restore-node",
    "seed",
    "side-by-side",
    "tag",
    "traffic",
    "wait",
];
const RESOURCES: &[&str] = &[
    "configmaps",
    "deployments",
    "endpoints",
    "events",
    "namespaces",
    "nodes",
    "pods",
    "replicasets",
    "secrets",
    "services",
];
const ROLLOUT_VERBS: &[&str] = &["history", "restart", "status", "undo"];

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

fn options_for(world: &World, before: &[&str], word: &str, ns: &str) -> Vec<String> {
    let positional: Vec<&str> = before
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    let last = before.last().copied().unwrap_or("");
    // Flag values first: `-n <ns>`, `-o <format>`.
    match last {
        "-n" | "--namespace" => return world.store.namespaces.keys().cloned().collect(),
        "-o" | "--output" => return owned(&["json", "name", "wide", "yaml"]),
        "-f" | "--filename" => return owned(&["editor.yaml"]),
        _ => {}
    }
    let Some(&program) = positional.first() else {
        return owned(&["aws", "kubectl", "sim"]);
    };
    if program == "aws" {
        return match positional.len() {
            1 => owned(&["ecr", "ecs", "ssm"]),
            2 if word.starts_with('-') => Vec::new(),
            2 if positional[1] == "ecr" => owned(&[
                "create-repository",
                "describe-images",
                "describe-repositories",
                "set-repository-policy",
            ]),
            2 if positional[1] == "ssm" => owned(&[
                "delete-parameter",
                "describe-parameters",
                "get-parameter",
                "put-parameter",
            ]),
            2 => owned(crate::ecs::OPERATIONS),
            _ if word.starts_with('-') => owned(aws_flags(positional[2])),
            _ => aws_values(world, before.last().copied().unwrap_or("")),
        };
    }
    let verb = positional.get(1).copied();
    let args = positional.get(2..).unwrap_or(&[]);
    if word.starts_with('-') {
        return flags(program, verb.unwrap_or(""));
    }
    match (program, verb) {
        ("kubectl" | "k", None) => owned(KUBECTL_VERBS),
        ("sim", None) => owned(SIM_VERBS),
        ("kubectl" | "k", Some(verb)) => kubectl_args(world, verb, args, word, ns),
        ("sim", Some(verb)) => sim_args(world, verb, args, ns),
        _ => Vec::new(),
    }
}

/// The options of one `aws ecs` operation.
fn aws_flags(op: &str) -> &'static [&'static str] {
    match op {
        "register-task-definition" => &["--cli-input-json"],
        "describe-task-definition" => &["--task-definition"],
        "deregister-task-definition" => &["--task-definition"],
        "list-task-definitions" => &["--family-prefix", "--status"],
        "list-container-instances" => &["--cluster"],
        "describe-container-instances" => &["--cluster", "--container-instances"],
        "update-container-instances-state" => &["--cluster", "--container-instances", "--status"],
        "run-task" => &[
            "--cluster",
            "--count",
            "--group",
            "--launch-type",
            "--placement-constraints",
            "--placement-strategy",
            "--started-by",
            "--task-definition",
        ],
        "stop-task" => &["--cluster", "--reason", "--task"],
        "list-tasks" => &[
            "--cluster",
            "--container-instance",
            "--desired-status",
            "--family",
            "--service-name",
        ],
        "describe-tasks" => &["--cluster", "--tasks"],
        "create-service" => &[
            "--cli-input-json",
            "--cluster",
            "--desired-count",
            "--launch-type",
            "--placement-constraints",
            "--placement-strategy",
            "--service-name",
            "--task-definition",
        ],
        "update-service" => &[
            "--cluster",
            "--desired-count",
            "--force-new-deployment",
            "--service",
            "--task-definition",
        ],
        "delete-service" => &["--cluster", "--force", "--service"],
        "describe-services" => &["--cluster", "--services"],
        "list-services" => &["--cluster"],
        _ => &[],
    }
}

/// Values after an `aws ecs` option: families and revisions, services, tasks, instances.
fn aws_values(world: &World, option: &str) -> Vec<String> {
    let ecs = &world.ecs;
    match option {
        "--task-definition" | "--family" | "--family-prefix" => ecs
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
        "--service" | "--services" | "--service-name" => ecs
            .services
            .values()
            .filter(|s| s.status == "ACTIVE")
            .map(|s| s.name.clone())
            .collect(),
        "--task" | "--tasks" => ecs.tasks.keys().cloned().collect(),
        "--container-instances" | "--container-instance" => world.node_names(),
        "--status" => owned(&["ACTIVE", "DRAINING", "INACTIVE"]),
        "--launch-type" => owned(&["EC2", "FARGATE"]),
        "--desired-status" => owned(&["RUNNING", "STOPPED"]),
        "--cli-input-json" => owned(&["file://editor.yaml"]),
        "--cluster" => owned(&["default"]),
        _ => Vec::new(),
    }
}

fn kubectl_args(world: &World, verb: &str, args: &[&str], word: &str, ns: &str) -> Vec<String> {
    match verb {
        "get" | "describe" | "delete" => match args.first() {
            None if word.contains('/') => typed_names(world, word, ns),
            None => owned(RESOURCES),
            Some(resource) => names_of(world, resource, ns),
        },
        "logs" | "exec" if args.is_empty() => pod_names(world, ns),
        "scale" if args.is_empty() => deployment_refs(world, ns),
        "set" if args.is_empty() => owned(&["image"]),
        "set" if args.len() == 1 => deployment_refs(world, ns),
        "rollout" if args.is_empty() => owned(ROLLOUT_VERBS),
        "rollout" if args.len() == 1 => deployment_refs(world, ns),
        "cordon" | "uncordon" | "drain" | "taint" if args.is_empty() => world.node_names(),
        "taint" if args.len() == 1 => owned(&["nodes"]),
        "apply" => Vec::new(),
        _ => Vec::new(),
    }
}

fn sim_args(world: &World, verb: &str, args: &[&str], ns: &str) -> Vec<String> {
    match verb {
        "kill" | "crash" if args.is_empty() => {
            let mut names = pod_names(world, ns);
            names.extend(
                world
                    .ecs
                    .tasks
                    .values()
                    .filter(|t| t.is_active())
                    .map(|t| format!("task/{}", t.id)),
            );
            names
        }
        "side-by-side" if args.is_empty() => deployment_refs(world, ns),
        "crash" if args.len() == 1 => owned(&["1", "137", "143"]),
        "fail-node" | "restore-node" | "remove-node" if args.is_empty() => world.node_names(),
        "traffic" if args.is_empty() => world
            .store
            .services
            .keys()
            .filter(|(n, _)| n == ns)
            .map(|(_, name)| name.clone())
            .collect(),
        "compress" if args.is_empty() => owned(&["1", "10", "60"]),
        // The engine's images, by the short names `docker images` shows.
        "history" | "push" | "tag" if args.is_empty() => world
            .local_image_names()
            .iter()
            .map(|n| {
                n.strip_prefix("docker.io/library/")
                    .or_else(|| n.strip_prefix("docker.io/"))
                    .unwrap_or(n)
                    .to_string()
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn flags(program: &str, verb: &str) -> Vec<String> {
    let list: &[&str] = match (program, verb) {
        ("sim", "build") => &["--build-arg", "--file", "--tag", "-f", "-t"],
        ("sim", _) => &["--cpu", "--memory", "--namespace", "--zone"],
        (_, "get") => &[
            "--all-namespaces",
            "--namespace",
            "--output",
            "--selector",
            "--sort-by",
            "-A",
            "-n",
            "-o",
            "-l",
        ],
        (_, "apply") => &["--filename", "--kustomize", "--namespace", "-f", "-k", "-n"],
        (_, "delete") => &[
            "--all",
            "--force",
            "--grace-period",
            "--namespace",
            "--selector",
            "-f",
            "-n",
            "-l",
        ],
        (_, "logs") => &[
            "--container",
            "--namespace",
            "--previous",
            "--selector",
            "-c",
            "-n",
            "-p",
            "-l",
        ],
        (_, "scale") => &["--namespace", "--replicas", "-n"],
        (_, "rollout") => &["--namespace", "--to-revision", "-n"],
        (_, "drain") => &[
            "--delete-emptydir-data",
            "--force",
            "--grace-period",
            "--ignore-daemonsets",
            "--timeout",
        ],
        _ => &["--namespace", "-n"],
    };
    owned(list)
}

fn names_of(world: &World, resource: &str, ns: &str) -> Vec<String> {
    let base = resource.split('.').next().unwrap_or_default();
    match base {
        "po" | "pod" | "pods" => pod_names(world, ns),
        "deploy" | "deployment" | "deployments" => keys_in(world.store.deployments.keys(), ns),
        "rs" | "replicaset" | "replicasets" => keys_in(world.store.replicasets.keys(), ns),
        "svc" | "service" | "services" | "ep" | "endpoints" => {
            keys_in(world.store.services.keys(), ns)
        }
        "no" | "node" | "nodes" => world.node_names(),
        "ns" | "namespace" | "namespaces" => world.store.namespaces.keys().cloned().collect(),
        "cm" | "configmap" | "configmaps" => keys_in(world.store.configmaps.keys(), ns),
        "secret" | "secrets" => keys_in(world.store.secrets.keys(), ns),
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
    keys_in(world.store.pod_names.keys(), ns)
}

fn deployment_refs(world: &World, ns: &str) -> Vec<String> {
    keys_in(world.store.deployments.keys(), ns)
        .into_iter()
        .map(|name| format!("deployment/{name}"))
        .collect()
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
        w.run("kubectl apply -f d.yaml", &MapFiles(files))
            .expect("apply");
        w
    }

    fn words(w: &World, line: &str) -> Vec<String> {
        complete(w, line).candidates
    }

    #[test]
    fn verbs_resources_and_flags() {
        let w = world();
        assert_eq!(words(&w, ""), ["aws", "kubectl", "sim"]);
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
    fn ecs_names_complete_from_what_exists() {
        let mut files = crate::MapFiles::default();
        files.0.insert(
            "t.json".into(),
            r#"{"family": "web", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64}]}"#.into(),
        );
        let mut w = World::new(1);
        w.run(
            "aws ecs register-task-definition --cli-input-json file://t.json",
            &files,
        )
        .unwrap();
        w.run(
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
