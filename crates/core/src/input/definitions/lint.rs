//! Operability lint (`sunaba lint FILE|DIR`): what will hurt in production, found in the
//! definition before it runs — each finding located at its line and column, with the rule it
//! breaks and what goes wrong, in the words of the failure it predicts.
//!
//! Kubernetes workloads (Deployment, Pod): no resource requests, no memory limit, no readiness
//! or liveness probe, a `:latest` (or missing) tag, one replica in a production namespace, a
//! grace period shorter than the app's own shutdown, an app that ignores SIGTERM, running as
//! root. Amazon ECS task definitions: the same where ECS has them (no health check on an
//! essential container, no hard memory limit, `:latest`, root), plus secrets in plain
//! `environment` instead of `secrets`.
//!
//! Read from the located YAML tree (not the typed objects) so every finding points at the
//! field, or at the object that lacks it.

use super::yaml::{parse_documents, Node, Scalar, Value};

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// Stable id: `no-requests`, `no-readiness-probe`, `latest-tag`…
    pub rule: &'static str,
    pub message: String,
    /// The same in Japanese (the editor shows the learner's language).
    pub message_ja: String,
}

/// The rules, with what each predicts (for `sunaba lint --rules` and the docs).
pub const RULES: &[(&str, &str)] = &[
    ("no-requests", "no CPU/memory requests: the scheduler reserves nothing, so the node can be overcommitted and the pod is first to be evicted"),
    ("no-memory-limit", "no memory limit: a leak grows until the node runs out, instead of an OOMKilled restart of this container alone"),
    ("no-readiness-probe", "no readiness probe: traffic reaches the pod before it can answer and while it is failing"),
    ("no-liveness-probe", "no liveness probe: a hung process keeps its place and is never restarted"),
    ("latest-tag", "image without a fixed tag (:latest): a restart or a new node can pull a different version"),
    ("single-replica-in-prod", "one replica in production: any crash, rollout or node failure is an outage"),
    ("grace-shorter-than-shutdown", "terminationGracePeriodSeconds shorter than the app's shutdown: SIGKILL cuts in-flight work"),
    ("ignores-sigterm", "the app ignores SIGTERM: every rollout and scale-in waits the whole grace period, then kills it"),
    ("runs-as-root", "runs as root (no runAsNonRoot / user): a compromised container is root in its namespace"),
    ("no-health-check", "an essential ECS container without a healthCheck: a hung task is never replaced"),
    ("secret-in-environment", "a secret in plain environment: anyone who can read the task definition reads it; use secrets (valueFrom)"),
    ("no-load-balancer", "an ECS web service without a load balancer: nothing health-checks its tasks from outside, and a deployment stops old tasks without draining their requests"),
    ("deregistration-delay-shorter-than-shutdown", "a target group's deregistration delay shorter than the app takes to finish its requests and shut down (or 0): requests still in flight when draining ends are cut"),
];

/// What each rule predicts, in Japanese (same order as [`RULES`]).
pub const RULES_JA: &[(&str, &str)] = &[
    ("no-requests", "CPU/メモリの requests がない: スケジューラは何も確保しないため、ノードが過剰に詰め込まれ、この Pod が最初に追い出されます"),
    ("no-memory-limit", "メモリ制限がない: リークはこのコンテナだけの OOMKilled 再起動で済まず、ノードのメモリが尽きるまで膨らみます"),
    ("no-readiness-probe", "readiness probe がない: Pod が応答できる前にも、失敗している間にもトラフィックが届きます"),
    ("no-liveness-probe", "liveness probe がない: ハングしたプロセスは居座り続け、再起動されません"),
    ("latest-tag", "タグが固定されていないイメージ（:latest）: 再起動や新しいノードで別のバージョンが取得されることがあります"),
    ("single-replica-in-prod", "本番でレプリカ 1 つ: クラッシュ、ロールアウト、ノード障害のどれもが停止になります"),
    ("grace-shorter-than-shutdown", "terminationGracePeriodSeconds がアプリの終了処理より短い: SIGKILL が処理中の仕事を打ち切ります"),
    ("ignores-sigterm", "アプリが SIGTERM を無視する: ロールアウトやスケールインのたびに猶予期間いっぱい待ち、最後に強制終了されます"),
    ("runs-as-root", "root で動く（runAsNonRoot / user がない）: 乗っ取られたコンテナはその名前空間で root になります"),
    ("no-health-check", "essential な ECS コンテナに healthCheck がない: ハングしたタスクは置き換えられません"),
    ("secret-in-environment", "秘密が平文の environment にある: タスク定義を読める人なら誰でも読めます。secrets（valueFrom）を使ってください"),
    ("no-load-balancer", "ロードバランサーのない ECS の Web サービス: タスクを外からヘルスチェックするものがなく、デプロイは古いタスクへのリクエストを排出せずに止めます"),
    ("deregistration-delay-shorter-than-shutdown", "ターゲットグループの登録解除の遅延が、アプリがリクエストを終えて終了するまでの時間より短い（または 0）: 排出が終わった時点で処理中のリクエストは打ち切られます"),
];

/// A rule's description in English or Japanese.
pub fn describe_rule(rule: &str, ja: bool) -> Option<&'static str> {
    let table = if ja { RULES_JA } else { RULES };
    table.iter().find(|(r, _)| *r == rule).map(|(_, d)| *d)
}

pub(super) fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == key))
            .map(|(_, v)| v.as_ref()),
        _ => None,
    }
}

fn path<'a>(node: &'a Node, keys: &[&str]) -> Option<&'a Node> {
    keys.iter().try_fold(node, |n, k| get(n, k))
}

pub(super) fn text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

pub(super) fn int(node: &Node) -> Option<i128> {
    match node.scalar()? {
        Scalar::Int(i) => Some(i),
        Scalar::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub(super) fn items(node: Option<&Node>) -> &[std::rc::Rc<Node>] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

fn is_true(node: Option<&Node>) -> bool {
    node.and_then(Node::scalar) == Some(Scalar::Bool(true))
}

/// An image reference without a tag or digest, or with `:latest`.
fn floating(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

/// Secret-looking names: PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY…
pub(crate) fn secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
    ]
    .iter()
    .any(|w| n.contains(w))
}

struct Linter<'f> {
    file: &'f str,
    out: Vec<Finding>,
}

impl Linter<'_> {
    fn add(&mut self, at: &Node, rule: &'static str, message: String, message_ja: String) {
        self.out.push(Finding {
            file: self.file.to_owned(),
            line: at.line,
            column: at.column,
            rule,
            message,
            message_ja,
        });
    }

    /// `env` as (name node, value) pairs of a Kubernetes container.
    fn env(c: &Node) -> Vec<(&Node, &str, Option<&str>)> {
        items(get(c, "env"))
            .iter()
            .filter_map(|e| {
                let name = get(e, "name")?;
                Some((e.as_ref(), text(name)?, get(e, "value").and_then(text)))
            })
            .collect()
    }

    /// The rules on a Deployment or Pod (`kind`): its replicas, then each container.
    fn workload(&mut self, root: &Node, kind: &str) {
        let name = path(root, &["metadata", "name"])
            .and_then(text)
            .unwrap_or("?")
            .to_owned();
        let namespace = path(root, &["metadata", "namespace"])
            .and_then(text)
            .unwrap_or("default")
            .to_owned();
        let pod = if kind == "Pod" {
            get(root, "spec")
        } else {
            path(root, &["spec", "template", "spec"])
        };
        let Some(pod) = pod else { return };
        // A Deployment without a selector cannot be applied (apps/v1 requires one): it is a
        // kustomize patch, a fragment to merge, not a workload to judge.
        if kind == "Deployment" && path(root, &["spec", "selector"]).is_none() {
            return;
        }
        let object = format!("{}/{name}", kind.to_ascii_lowercase());
        if kind == "Deployment" {
            self.single_replica(root, &object, &name, &namespace);
        }
        let grace = get(pod, "terminationGracePeriodSeconds")
            .and_then(int)
            .unwrap_or(30);
        let pod_non_root = is_true(path(pod, &["securityContext", "runAsNonRoot"]))
            || path(pod, &["securityContext", "runAsUser"])
                .and_then(int)
                .is_some_and(|u| u != 0);
        for c in items(get(pod, "containers")) {
            if get(c, "image").is_none() {
                continue; // a container fragment (patch), not a container
            }
            self.container(c, &object, grace, pod_non_root);
        }
    }

    /// `single-replica-in-prod`: a Deployment of one replica in a production namespace (or
    /// named for production).
    fn single_replica(&mut self, root: &Node, object: &str, name: &str, namespace: &str) {
        let replicas = path(root, &["spec", "replicas"]);
        let count = replicas.and_then(int).unwrap_or(1);
        let prod = ["prod", "production"].iter().any(|p| {
            namespace.split(['-', '_']).any(|w| w == *p) || name.ends_with(&format!("-{p}"))
        });
        if count == 1 && prod {
            self.add(
                replicas.unwrap_or(root),
                "single-replica-in-prod",
                format!("{object} runs 1 replica in namespace {namespace}: any crash, rollout or node failure is an outage (run at least 2)"),
                format!("{object} は名前空間 {namespace} でレプリカ 1 つです: クラッシュ、ロールアウト、ノード障害のどれもが停止になります（2 つ以上にしてください）"),
            );
        }
    }

    /// The rules on one container of a workload's pod (`object`): its image's tag, requests,
    /// memory limit, probes, SIGTERM handling and shutdown time against the pod's `grace`,
    /// and whether it may run as root (`pod_non_root`: the pod says it does not).
    fn container(&mut self, c: &Node, object: &str, grace: i128, pod_non_root: bool) {
        let cname = get(c, "name").and_then(text).unwrap_or("?").to_owned();
        let who = format!("{object} container {cname}");
        if let Some(image) = get(c, "image") {
            if text(image).is_some_and(floating) {
                self.add(
                image,
                "latest-tag",
                format!("{who}: image {} has no fixed tag; a restart or a new node may pull another version (pin a version or a digest)", text(image).unwrap_or_default()),
                format!("{who}: イメージ {} のタグが固定されていません。再起動や新しいノードで別のバージョンが取得されることがあります（バージョンかダイジェストで固定してください）", text(image).unwrap_or_default()),
            );
            }
        }
        let resources = get(c, "resources");
        if resources.and_then(|r| get(r, "requests")).is_none() {
            self.add(
            resources.unwrap_or(c),
            "no-requests",
            format!("{who}: no resources.requests; the scheduler reserves nothing for it (set cpu and memory requests)"),
            format!("{who}: resources.requests がありません。スケジューラはこのコンテナのために何も確保しません（cpu と memory の requests を設定してください）"),
        );
        }
        if resources
            .and_then(|r| path(r, &["limits", "memory"]))
            .is_none()
        {
            self.add(
            resources.unwrap_or(c),
            "no-memory-limit",
            format!("{who}: no memory limit; a leak grows until the node runs out instead of an OOMKilled restart"),
            format!("{who}: メモリ制限がありません。リークは OOMKilled で再起動される代わりに、ノードのメモリが尽きるまで膨らみます"),
        );
        }
        if get(c, "readinessProbe").is_none() {
            self.add(
            c,
            "no-readiness-probe",
            format!("{who}: no readinessProbe; the Service sends it traffic before it can answer and while it fails"),
            format!("{who}: readinessProbe がありません。Service は応答できる前にも、失敗している間にもトラフィックを送ります"),
        );
        }
        if get(c, "livenessProbe").is_none() {
            self.add(
                c,
                "no-liveness-probe",
                format!("{who}: no livenessProbe; if the process hangs, nothing restarts it"),
                format!(
                    "{who}: livenessProbe がありません。プロセスがハングしても、誰も再起動しません"
                ),
            );
        }
        let env = Self::env(c);
        if let Some((at, _, _)) = env.iter().find(|(_, n, v)| {
            *n == "IGNORE_SIGTERM" && v.is_some_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
        }) {
            self.add(
            at,
            "ignores-sigterm",
            format!("{who} ignores SIGTERM: every rollout and scale-in waits {grace} s and then kills it, dropping its requests"),
            format!("{who} は SIGTERM を無視します: ロールアウトやスケールインのたびに {grace} 秒待ってから強制終了され、処理中のリクエストは失われます"),
        );
        }
        if let Some((at, _, Some(v))) = env.iter().find(|(_, n, _)| *n == "SHUTDOWN_SECONDS") {
            if v.trim().parse::<f64>().is_ok_and(|s| s > grace as f64) {
                self.add(
                at,
                "grace-shorter-than-shutdown",
                format!("{who} needs {v} s to shut down but terminationGracePeriodSeconds is {grace}: SIGKILL cuts it short"),
                format!("{who} の終了処理には {v} 秒必要ですが、terminationGracePeriodSeconds は {grace} です: SIGKILL で途中で打ち切られます"),
            );
            }
        }
        let non_root = pod_non_root
            || is_true(path(c, &["securityContext", "runAsNonRoot"]))
            || path(c, &["securityContext", "runAsUser"])
                .and_then(int)
                .is_some_and(|u| u != 0);
        if !non_root {
            self.add(
            c,
            "runs-as-root",
            format!("{who} may run as root: set securityContext.runAsNonRoot: true (and a non-zero runAsUser)"),
            format!("{who} は root で動く可能性があります: securityContext.runAsNonRoot: true（と 0 以外の runAsUser）を設定してください"),
        );
        }
    }

    fn task_definition(&mut self, root: &Node) {
        let family = get(root, "family").and_then(text).unwrap_or("?").to_owned();
        for c in items(get(root, "containerDefinitions")) {
            let cname = get(c, "name").and_then(text).unwrap_or("?").to_owned();
            let who = format!("task definition {family} container {cname}");
            if let Some(image) = get(c, "image") {
                if text(image).is_some_and(floating) {
                    self.add(
                        image,
                        "latest-tag",
                        format!(
                            "{who}: image {} has no fixed tag; a new task may pull another version",
                            text(image).unwrap_or_default()
                        ),
                        format!(
                            "{who}: イメージ {} のタグが固定されていません。新しいタスクが別のバージョンを取得することがあります",
                            text(image).unwrap_or_default()
                        ),
                    );
                }
            }
            let essential = get(c, "essential").and_then(Node::scalar) != Some(Scalar::Bool(false));
            if essential && get(c, "healthCheck").is_none() {
                self.add(c, "no-health-check", format!("{who}: essential but no healthCheck; a hung task stays RUNNING and is never replaced"), format!("{who}: essential ですが healthCheck がありません。ハングしたタスクは RUNNING のまま置き換えられません"));
            }
            if get(c, "memory").is_none() && get(root, "memory").is_none() {
                self.add(c, "no-memory-limit", format!("{who}: no hard memory limit (memory); a leak grows until the instance runs out"), format!("{who}: ハードメモリ制限（memory）がありません。リークはインスタンスのメモリが尽きるまで膨らみます"));
            }
            match get(c, "user").and_then(text) {
                Some(u) if u != "root" && u != "0" && !u.starts_with("0:") => {}
                _ => self.add(
                    c,
                    "runs-as-root",
                    format!("{who} runs as root: set user to a non-root uid"),
                    format!("{who} は root で動きます: user に root 以外の uid を設定してください"),
                ),
            }
            for e in items(get(c, "environment")) {
                if let Some(n) = get(e, "name").and_then(text) {
                    if secret_name(n) {
                        self.add(e, "secret-in-environment", format!("{who}: {n} is a secret in plain environment; reference it through secrets (valueFrom: Secrets Manager or SSM)"), format!("{who}: {n} は平文の environment にある秘密です。secrets（valueFrom: Secrets Manager か SSM）で参照してください"));
                    }
                }
            }
        }
    }
}

/// Lints one file's text. Syntax errors are `sunaba check`'s business: a file that does not
/// parse gives no findings here.
pub fn lint(file: &str, source: &str) -> Vec<Finding> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let Ok(docs) = parse_documents(source) else {
        return Vec::new();
    };
    let mut l = Linter {
        file,
        out: Vec::new(),
    };
    for doc in docs {
        let Some(root) = doc.root else { continue };
        if get(&root, "containerDefinitions").is_some() {
            l.task_definition(&root);
            continue;
        }
        if let Some(kind @ ("Deployment" | "Pod")) = get(&root, "kind").and_then(text) {
            l.workload(&root, kind);
        }
    }
    crate::base::sort::sort_by_key(&mut l.out, |f| (f.line, f.column, f.rule));
    l.out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(text: &str) -> Vec<&'static str> {
        lint("x.yaml", text).iter().map(|f| f.rule).collect()
    }

    #[test]
    fn every_rule_has_its_explanation() {
        // The rules across files are raised in lint_services.rs.
        let src = [include_str!("lint.rs"), include_str!("lint_services.rs")].concat();
        for (rule, _) in RULES {
            assert!(
                // RULES, RULES_JA and at least one finding.
                src.matches(&format!("\"{rule}\"")).count() >= 3,
                "{rule} is never raised"
            );
        }
    }

    #[test]
    fn every_rule_and_finding_is_also_in_japanese() {
        assert_eq!(
            RULES.iter().map(|(r, _)| r).collect::<Vec<_>>(),
            RULES_JA.iter().map(|(r, _)| r).collect::<Vec<_>>()
        );
        let d = "kind: Deployment\nmetadata: {name: api, namespace: prod}\nspec:\n  replicas: 1\n  selector: {}\n  template:\n    spec:\n      terminationGracePeriodSeconds: 10\n      containers:\n      - name: api\n        image: nginx\n        env:\n        - {name: SHUTDOWN_SECONDS, value: \"25\"}\n        - {name: IGNORE_SIGTERM, value: \"true\"}\n";
        let t = r#"{"family": "web", "containerDefinitions": [{"name": "web", "image": "nginx", "environment": [{"name": "TOKEN", "value": "x"}]}]}"#;
        let mut seen = std::collections::BTreeSet::new();
        for f in lint("x", d).into_iter().chain(lint("x", t)) {
            assert!(
                f.message_ja
                    .chars()
                    .any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)),
                "{}: {}",
                f.rule,
                f.message_ja
            );
            seen.insert(f.rule);
        }
        // `no-load-balancer` and `deregistration-delay-shorter-than-shutdown` need several
        // files: lint_services.rs checks their Japanese.
        assert_eq!(seen.len() + 2, RULES.len(), "{seen:?}");
    }

    #[test]
    fn floating_tags() {
        assert!(floating("nginx"));
        assert!(floating("nginx:latest"));
        assert!(floating("localhost:5000/app"));
        assert!(!floating("localhost:5000/app:1.2"));
        assert!(!floating("nginx@sha256:abc"));
        assert!(!floating("nginx:1.27"));
    }

    #[test]
    fn a_careful_deployment_is_clean_and_a_careless_one_is_not() {
        let careful = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    spec:\n      securityContext: {runAsNonRoot: true, runAsUser: 1000}\n      containers:\n      - name: web\n        image: nginx:1.27\n        resources:\n          requests: {cpu: 100m, memory: 64Mi}\n          limits: {memory: 128Mi}\n        readinessProbe: {httpGet: {path: /, port: 80}}\n        livenessProbe: {httpGet: {path: /, port: 80}}\n";
        assert_eq!(rules(careful), Vec::<&str>::new());
        let careless = careful
            .replace("replicas: 3", "replicas: 1")
            .replace("nginx:1.27", "nginx")
            .replace(
                "      securityContext: {runAsNonRoot: true, runAsUser: 1000}\n",
                "",
            );
        assert_eq!(
            rules(&careless),
            ["single-replica-in-prod", "runs-as-root", "latest-tag"]
        );
        let f = &lint("x.yaml", &careless)[2];
        assert_eq!((f.line, f.column), (11, 16), "at the image's value");
        // Without a selector it is a kustomize patch: not judged.
        let patch = careless.replace("  selector: {matchLabels: {app: web}}\n", "");
        assert_eq!(rules(&patch), Vec::<&str>::new());
    }

    #[test]
    fn sigterm_and_shutdown_follow_the_demo_apps_env() {
        let d = "kind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {}\n  template:\n    spec:\n      terminationGracePeriodSeconds: 10\n      containers:\n      - name: api\n        image: sunaba/demo-app:1.0\n        env:\n        - {name: SHUTDOWN_SECONDS, value: \"25\"}\n        - {name: IGNORE_SIGTERM, value: \"true\"}\n";
        let r = rules(d);
        assert!(r.contains(&"grace-shorter-than-shutdown"), "{r:?}");
        assert!(r.contains(&"ignores-sigterm"), "{r:?}");
        let m = lint("x.yaml", d);
        let sig = m.iter().find(|f| f.rule == "ignores-sigterm").unwrap();
        assert!(sig.message.contains("waits 10 s"), "{}", sig.message);
        assert_eq!(sig.line, 13);
    }

    #[test]
    fn ecs_task_definitions_are_linted_where_ecs_has_the_fields() {
        let t = r#"{"family": "web", "containerDefinitions": [
          {"name": "web", "image": "nginx:latest", "memoryReservation": 64,
           "environment": [{"name": "DB_PASSWORD", "value": "hunter2"}]},
          {"name": "log", "image": "busybox:1.36", "essential": false, "memory": 32, "user": "1000"}]}"#;
        assert_eq!(
            rules(t),
            [
                "no-health-check",
                "no-memory-limit",
                "runs-as-root",
                "latest-tag",
                "secret-in-environment"
            ]
        );
    }

    #[test]
    fn odd_input_gives_no_findings_and_no_panic() {
        for text in [
            "",
            "kind: Deployment",
            "kind: Deployment\nspec: 3",
            "[1, 2",
            "{\"containerDefinitions\": 5}",
        ] {
            let findings = lint("x", text);
            assert!(findings.is_empty(), "{text:?}: {findings:#?}");
        }
    }

    #[test]
    fn a_container_list_with_a_non_mapping_skips_it_and_lints_the_mapping_as_unnamed() {
        let text = "kind: Pod\nspec:\n  containers: [1, {image: 2}]";
        let found: Vec<(usize, usize, &str)> = lint("x", text)
            .iter()
            .map(|f| (f.line, f.column, f.rule))
            .collect();
        assert_eq!(
            found,
            [
                (3, 19, "no-liveness-probe"),
                (3, 19, "no-memory-limit"),
                (3, 19, "no-readiness-probe"),
                (3, 19, "no-requests"),
                (3, 19, "runs-as-root"),
                (3, 27, "latest-tag"),
            ]
        );
    }
}
