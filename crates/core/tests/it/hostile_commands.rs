//! Bad input never crashes: random command lines (word soup, flags, quotes, unicode, huge
//! numbers) must return output or a kubectl-style error — never panic, never break invariants.

use crate::common;

use sunaba_core::base::rng::SimRng;
use sunaba_core::{MapFiles, World};

const WORDS: &[&str] = &[
    "kubectl",
    "sim",
    "get",
    "describe",
    "delete",
    "scale",
    "logs",
    "apply",
    "pods",
    "pod/",
    "deployment/web",
    "nodes",
    "node-1",
    "events",
    "rs",
    "-o",
    "json",
    "yaml",
    "wide",
    "-l",
    "app=web",
    "-n",
    "kube-system",
    "-A",
    "--replicas=",
    "--replicas",
    "-1",
    "99999999999999999999",
    "2147483648",
    "3",
    "-f",
    "web.yaml",
    "nope.yaml",
    "wait",
    "kill",
    "crash",
    "--exit-code",
    "256",
    "fail-node",
    "restore-node",
    "add-node",
    "nodes",
    "seed",
    "--cpu",
    "0",
    "--memory",
    "1e400",
    "'",
    "\"",
    "\\",
    "=",
    "--",
    "-",
    "--force",
    "--grace-period=0",
    "ｋｕｂｅ",
    "🙂",
    "\u{0}",
    "-c",
    "main",
    "--previous",
    "-p",
    "1h",
    "500ms",
    "30d",
    "remove-node",
    "-x",
    "--=",
    "help",
    "--help",
    "-h",
    "--lang",
    "ja",
    "explain",
    "pods.spec.containers",
    "deploy.spec.template.spec.containers.livenessProbe.httpGet",
    "pods.spec.affinity.x.y",
    "..",
    "--recursive",
    "aws",
    "ecs",
];

#[test]
fn random_command_lines_never_panic() {
    let mut files = MapFiles::default();
    files.0.insert(
        "web.yaml".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.14.2\n".into(),
    );
    for seed in 0..40u64 {
        let mut rng = SimRng::new(seed);
        let mut w = World::new(seed);
        sunaba_core::run(&mut w, "kubectl apply -f web.yaml", &files).expect("valid apply");
        for _ in 0..250 {
            let n = 1 + rng.below(7) as usize;
            let mut line: Vec<String> = (0..n)
                .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize].to_string())
                .collect();
            if rng.below(3) > 0 {
                let program = ["kubectl", "sim", "help", "aws"][rng.below(4) as usize];
                line.insert(0, program.into());
            }
            let line = line.join(if rng.below(5) == 0 { "" } else { " " });
            if line.contains("sim wait") && line.contains('d') {
                continue; // days of virtual time per step would only make the test slow
            }
            let _ = sunaba_core::run(&mut w, &line, &files);
            if let Err(e) = w.check_invariants() {
                panic!("seed {seed}: invariant broken after `{line}`: {e}");
            }
        }
    }
    let mut w = World::new(0);
    let long = "kubectl get pods ".repeat(1000);
    assert!(sunaba_core::run(&mut w, &long, &files)
        .unwrap_err()
        .message
        .contains("longer than"));
}

/// Real command lines of accounts, environments, images and ECS (`{X}` slots are filled at
/// random), so the lines reach deep states before they are damaged.
const CLOUD_TEMPLATES: &[&str] = &[
    "aws {P}ecs create-cluster --cluster-name {C}",
    "aws {P}ecs delete-cluster --cluster {C}",
    "aws {P}ecs describe-clusters --clusters {C} {C}",
    "aws {P}ecs register-task-definition --cli-input-json file://{TD}",
    "aws {P}ecs create-service --cluster {C} --cli-input-json file://{SD}",
    "aws {P}ecs create-service --cluster {C} --cli-input-json file://{SD} --service-name {S} --desired-count {N}",
    "aws {P}ecs create-service --cluster {C} --service-name {S} --task-definition shop --desired-count {N} --launch-type FARGATE",
    "aws {P}ecs update-service --cluster {C} --service {S} --desired-count {N}",
    "aws {P}ecs update-service --cluster {C} --service {S} --force-new-deployment",
    "aws {P}ecs delete-service --cluster {C} --service {S} --force",
    "aws {P}ecs describe-services --cluster {C} --services {S}",
    "aws {P}ecs list-tasks --cluster {C} --service-name {S}",
    "aws {P}ecs run-task --cluster {C} --task-definition shop --count {N} --launch-type FARGATE",
    "aws {P}ecs deregister-task-definition --task-definition shop:{N}",
    "aws {P}ssm put-parameter --name /shop/db-password --value {V} --type SecureString",
    "aws {P}ssm put-parameter --name /shop/db-password --value {V} --overwrite",
    "aws {P}ssm get-parameter --name /shop/db-password --with-decryption",
    "aws {P}ssm delete-parameter --name /shop/db-password",
    "aws {P}ecr create-repository --repository-name shop",
    "aws {P}ecr describe-images --repository-name shop",
    "sim ecr allow-pull shop --from {A}",
    "sim env create {E} --from {DIR} --context {X}",
    "sim env create {E} --from {DIR} --with-db",
    "sim env delete {E} --context {X}",
    "sim env move {E} --to {X}",
    "sim envs",
    "sim why --cluster {C}",
    "sim why -n {E}",
    "sim build -t shop:1.0 app",
    "sim build -t shop:baked -f app/Dockerfile.baked app",
    "sim tag shop:1.0 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0",
    "sim push 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0",
    "sim db create {E}-db --account {A}",
    "sim cluster create {X} --account {A} --nodes {N}",
    "sim cluster delete {X}",
    "sim account create {A} --id 2222222222{N}",
    "kubectl config use-context {X}",
    "kubectl --context {X} get pods -A",
    "kubectl apply -k {DIR}",
    "sim kill --service {S} --cluster {C}",
    "sim wait {W}",
];

fn slot(rng: &mut SimRng, name: &str) -> &'static str {
    let pick = |rng: &mut SimRng, options: &[&'static str]| {
        options[rng.below(options.len() as u64) as usize]
    };
    match name {
        "P" => pick(
            rng,
            &[
                "",
                "",
                "--profile prod ",
                "--profile sandbox ",
                "--profile nobody ",
            ],
        ),
        "C" => pick(rng, &["default", "pr-1", "pr-2", "staging", "nope"]),
        "TD" => pick(
            rng,
            &[
                "ecs/environments/staging/task-definition.json",
                "ecs/environments/staging-secrets/task-definition.json",
                "ecs/web-fargate.task.json",
                "ecs/api-broken.task.json",
                "nope.json",
            ],
        ),
        "SD" => pick(
            rng,
            &[
                "ecs/environments/staging/service.json",
                "ecs/environments/prod/service.json",
                "ecs/api.service.json",
                "ecs/web-fargate.task.json",
            ],
        ),
        "S" => pick(rng, &["shop", "api", "web", "nope"]),
        "N" => pick(rng, &["0", "1", "2", "6", "-1", "99999999999999999999"]),
        "V" => pick(rng, &["s3cret", "", "🙂"]),
        "A" => pick(rng, &["sandbox", "prod", "nobody"]),
        "E" => pick(rng, &["pr-1", "pr-2", "staging", "Bad_Name"]),
        "DIR" => pick(
            rng,
            &[
                "kustomize/overlays/staging",
                "kustomize/overlays/staging-ecr",
                "kustomize/overlays/staging-baked",
                "ecs/environments/staging",
                "ecs/environments/staging-secrets",
                "ecs/environments/staging-sigterm",
                "nope",
            ],
        ),
        "X" => pick(rng, &["sunaba", "prod-cluster", "nope"]),
        "W" => pick(rng, &["5s", "30s", "2m"]),
        _ => "?",
    }
}

/// Damage done to a line: a token dropped, doubled, or replaced by noise.
const NOISE: &[&str] = &[
    "'",
    "\"",
    "=",
    "--",
    "-",
    "🙂",
    "ｅｃｓ",
    "\u{0}",
    "--cluster",
    "file://",
];

fn damaged(rng: &mut SimRng, line: String) -> String {
    let mut words: Vec<String> = line.split(' ').map(str::to_owned).collect();
    let at = rng.below(words.len() as u64) as usize;
    match rng.below(3) {
        0 => {
            words.remove(at);
        }
        1 => {
            let w = words[at].clone();
            words.insert(at, w);
        }
        _ => words[at] = NOISE[rng.below(NOISE.len() as u64) as usize].to_owned(),
    }
    words.join(" ")
}

#[test]
fn random_lines_of_the_cloud_environment_and_image_verbs_never_panic() {
    let files = common::example_files("");
    let (mut ok, mut total, mut envs_created) = (0, 0, 0);
    for seed in 0..40u64 {
        let mut rng = SimRng::new(seed);
        let mut w = World::new(seed);
        for setup in [
            "sim account create prod --id 111111111111",
            "sim cluster create prod-cluster --account prod --nodes 2",
        ] {
            sunaba_core::run(&mut w, setup, &files)
                .unwrap_or_else(|e| panic!("{setup}: {}", e.message));
        }
        for _ in 0..120 {
            let template = CLOUD_TEMPLATES[rng.below(CLOUD_TEMPLATES.len() as u64) as usize];
            let mut line = String::new();
            let mut rest = template;
            while let Some(open) = rest.find('{') {
                let close = open + rest[open..].find('}').expect("closed slot");
                line.push_str(&rest[..open]);
                line.push_str(slot(&mut rng, &rest[open + 1..close]));
                rest = &rest[close + 1..];
            }
            line.push_str(rest);
            if rng.below(4) == 0 {
                line = damaged(&mut rng, line);
            }
            total += 1;
            if sunaba_core::run(&mut w, &line, &files).is_ok() {
                ok += 1;
                envs_created += usize::from(line.starts_with("sim env create"));
            }
            if let Err(e) = w.check_invariants() {
                panic!("seed {seed}: invariant broken after `{line}`: {e}");
            }
        }
    }
    // The lines must reach real states, not only be refused at the first word.
    assert!(ok * 4 >= total, "only {ok} of {total} lines succeeded");
    assert!(
        envs_created >= 10,
        "only {envs_created} environments created"
    );
}
