//! The workshop scenarios in `www/scenarios/`, run through the `sunaba` binary exactly as a
//! learner or workshop author would (`sunaba run FILE`).
//!
//! Golden files: every `NAME.sunaba` has beside it `NAME.out`, the whole output of its run
//! (each command echoed as `$ cmd`, then what it printed), compared byte for byte. The
//! scenarios are found by listing the folder, so a new one cannot be forgotten: without its
//! `.out` it fails until the file is written. After an intended change of output, refresh the
//! files and review what changed:
//!
//! ```text
//! UPDATE_EXPECT=1 cargo test -p sunaba-cli --test scenarios
//! git diff www/scenarios
//! ```
//!
//! The `.out` files are not served: Trunk copies `www/examples` into the site, not
//! `www/scenarios`.
//!
//! The lesson of each scenario is also asserted below, on the columns of the tables it prints
//! (and on the JSON of the AWS CLI), so that refreshing the golden files cannot bless a
//! broken lesson.

mod golden;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn scenarios_dir() -> PathBuf {
    golden::workspace().join("www/scenarios")
}

/// The standard output of `sunaba run www/scenarios/SCRIPT`, which must succeed.
fn run(script: &str) -> String {
    let path = scenarios_dir().join(script);
    let out = Command::new(env!("CARGO_BIN_EXE_sunaba"))
        .arg("run")
        .arg(&path)
        .output()
        .expect("run sunaba");
    let stdout = String::from_utf8(out.stdout).expect("the output is UTF-8");
    assert!(
        out.status.success(),
        "{script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn every_scenario_prints_exactly_its_expected_output() {
    golden::assert_every_script_prints_its_output(
        &scenarios_dir(),
        10,
        |script| run(&golden::file_name(script)),
        "UPDATE_EXPECT=1 cargo test -p sunaba-cli --test scenarios",
    );
}

#[test]
fn every_expected_output_belongs_to_a_scenario() {
    golden::assert_every_output_has_its_script(&scenarios_dir());
}

/// The output of the `n`-th occurrence of command `cmd` in a run's echo.
fn output_of<'a>(stdout: &'a str, cmd: &str, n: usize) -> &'a str {
    let marker = format!("$ {cmd}\n");
    let start = stdout
        .match_indices(&marker)
        .nth(n)
        .unwrap_or_else(|| panic!("no `{cmd}` #{n} in:\n{stdout}"))
        .0
        + marker.len();
    let end = stdout[start..]
        .find("\n$ ")
        .map_or(stdout.len(), |i| start + i + 1);
    &stdout[start..end]
}

/// A table as kubectl (and `sim`) prints it: columns start where a header name follows two or
/// more spaces, and each row's cell is the text below its column, trimmed.
struct Table {
    columns: Vec<(String, usize)>,
    rows: Vec<Vec<char>>,
    text: String,
}

fn table(text: &str) -> Table {
    let mut lines = text.lines();
    let header: Vec<char> = lines.next().expect("a header line").chars().collect();
    let mut columns = Vec::new();
    let mut i = 0;
    while i < header.len() {
        let start = i;
        // A name ends at two spaces in a row (names such as `LAST SEEN` hold one).
        while i < header.len() && !(header[i] == ' ' && header.get(i + 1).is_none_or(|c| *c == ' '))
        {
            i += 1;
        }
        columns.push((header[start..i].iter().collect(), start));
        while i < header.len() && header[i] == ' ' {
            i += 1;
        }
    }
    Table {
        columns,
        rows: lines.map(|l| l.chars().collect()).collect(),
        text: text.to_owned(),
    }
}

impl Table {
    fn cell(&self, row: usize, column: &str) -> String {
        let c = self
            .columns
            .iter()
            .position(|(name, _)| name == column)
            .unwrap_or_else(|| panic!("no column {column} in:\n{}", self.text));
        let line = &self.rows[row];
        let start = self.columns[c].1.min(line.len());
        let end = self
            .columns
            .get(c + 1)
            .map_or(line.len(), |next| next.1.min(line.len()));
        line[start..end]
            .iter()
            .collect::<String>()
            .trim()
            .to_owned()
    }

    /// Every row's cells in `columns`.
    fn project(&self, columns: &[&str]) -> Vec<Vec<String>> {
        (0..self.rows.len())
            .map(|r| columns.iter().map(|c| self.cell(r, c)).collect())
            .collect()
    }

    /// The values of one column, top to bottom.
    fn column(&self, column: &str) -> Vec<String> {
        (0..self.rows.len()).map(|r| self.cell(r, column)).collect()
    }

    /// The row whose first column is `key`, as its cells in `columns`.
    fn row(&self, key: &str, columns: &[&str]) -> Vec<String> {
        let first = &self.columns[0].0;
        let r = (0..self.rows.len())
            .find(|&r| self.cell(r, first) == key)
            .unwrap_or_else(|| panic!("no row {key} in:\n{}", self.text));
        columns.iter().map(|c| self.cell(r, c)).collect()
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{text}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().expect("a string"))
        .collect()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn self_healing_restarts_a_killed_container_in_place_and_replaces_deleted_pods() {
    let out = run("self-healing.sunaba");
    let before = table(output_of(&out, "kubectl get pods", 0));
    let after_kill = table(output_of(&out, "kubectl get pods", 1));
    // The same three pods: the kubelet restarted the container, the pod was not replaced.
    assert_eq!(after_kill.column("NAME"), before.column("NAME"));
    let killed = &before.column("NAME")[0];
    assert_eq!(
        output_of(&out, "sim kill -l app=nginx", 0),
        format!("container nginx in pod/{killed} killed (SIGKILL, exit code 137)\n")
    );
    let mut restarts = after_kill.project(&["STATUS", "RESTARTS"]);
    restarts.sort();
    assert_eq!(
        restarts,
        [
            ["Running", "0"],
            ["Running", "0"],
            ["Running", "1 (5s ago)"]
        ]
    );
    assert_eq!(
        after_kill.row(killed, &["RESTARTS"]),
        ["1 (5s ago)"],
        "the killed pod's container restarted"
    );
    let deleted: BTreeSet<&str> =
        output_of(&out, "kubectl delete pod -l app=nginx --grace-period=0", 0)
            .lines()
            .map(|l| {
                l.strip_prefix("pod \"")
                    .and_then(|l| l.strip_suffix("\" deleted"))
                    .unwrap_or_else(|| panic!("{l}"))
            })
            .collect();
    assert_eq!(
        deleted,
        before.column("NAME").iter().map(String::as_str).collect()
    );
    let deployments = table(output_of(&out, "kubectl get deployments", 0));
    assert_eq!(
        deployments.project(&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]),
        [["nginx-deployment", "3/3", "3", "3", "65s"]],
        "three new pods are ready 30 s after the delete"
    );
}

#[test]
fn crashloop_shows_back_off_and_previous_logs() {
    let out = run("crashloop.sunaba");
    // Its sandbox takes 1 s; each run starts 0.1 s after it is created (busybox) and exits
    // after 5 s of running; restarts at once, then after 10 s, 20 s, 40 s, 80 s: at 3m the
    // fifth restart has just happened, 82 s after the previous run ended.
    let pods = table(output_of(&out, "kubectl get pods", 0));
    assert_eq!(
        pods.project(&["READY", "STATUS", "RESTARTS", "AGE"]),
        [["1/1", "Running", "5 (82s ago)", "3m"]]
    );
    assert_eq!(
        output_of(&out, "kubectl logs -l app=crasher --previous", 0),
        "starting\n"
    );
}

#[test]
fn a_pending_pod_waits_for_a_big_enough_node() {
    let out = run("pending.sunaba");
    let pods = table(output_of(&out, "kubectl get pods", 0));
    assert_eq!(
        pods.project(&["READY", "STATUS", "AGE"]),
        [["0/1", "Pending", "30s"]]
    );
    let pod = &pods.column("NAME")[0];
    let events = table(output_of(&out, "kubectl get events", 0));
    let scheduling: Vec<Vec<String>> = events
        .project(&["TYPE", "REASON", "OBJECT", "MESSAGE"])
        .into_iter()
        .filter(|r| r[1] == "FailedScheduling")
        .collect();
    assert_eq!(scheduling.len(), 1, "{}", events.text);
    assert_eq!(
        scheduling[0][..3],
        ["Warning", "FailedScheduling", format!("pod/{pod}").as_str()]
    );
    assert!(
        scheduling[0][3].starts_with("0/3 nodes are available: 3 Insufficient memory."),
        "{}",
        scheduling[0][3]
    );
    let wide = table(output_of(&out, "kubectl get pods -o wide", 0));
    assert_eq!(
        wide.project(&["NAME", "READY", "STATUS", "NODE", "AGE"]),
        [[pod.as_str(), "1/1", "Running", "big-1", "60s"]],
        "the same pod, scheduled on the node added for it"
    );
}

#[test]
fn a_missing_image_backs_off() {
    let out = run("missing-image.sunaba");
    // Pulls fail at 32-33 s; at 60 s both pods wait in the back-off after ErrImagePull.
    let pods = table(output_of(&out, "kubectl get pods", 0));
    assert_eq!(
        pods.project(&["READY", "STATUS", "RESTARTS"]),
        [
            ["0/1", "ImagePullBackOff", "0"],
            ["0/1", "ImagePullBackOff", "0"]
        ]
    );
    let events = table(output_of(&out, "kubectl get events", 0));
    let rows = events.project(&["OBJECT", "REASON", "MESSAGE"]);
    for pod in pods.column("NAME") {
        let object = format!("pod/{pod}");
        let errors: Vec<&str> = rows
            .iter()
            .filter(|r| r[0] == object && r[1] == "Failed" && r[2].starts_with("Error: "))
            .map(|r| r[2].as_str())
            .collect();
        assert_eq!(
            errors,
            ["Error: ErrImagePull", "Error: ImagePullBackOff"],
            "{pod}: the pull fails, then the kubelet backs off"
        );
        let back_off: Vec<&str> = rows
            .iter()
            .filter(|r| r[0] == object && r[1] == "BackOff")
            .map(|r| r[2].as_str())
            .collect();
        assert_eq!(
            back_off,
            ["Back-off pulling image \"nginx:1.99-doesnotexist\""],
            "{pod}"
        );
    }
}

#[test]
fn a_failed_node_goes_not_ready_and_its_pod_is_replaced_on_another_node() {
    let out = run("node-failure.sunaba");
    let nodes = table(output_of(&out, "kubectl get nodes", 0));
    assert_eq!(
        nodes.project(&["NAME", "STATUS"]),
        [
            ["node-1", "NotReady"],
            ["node-2", "Ready"],
            ["node-3", "Ready"]
        ]
    );
    let wide = table(output_of(&out, "kubectl get pods -o wide", 0));
    let mut pods = wide.project(&["STATUS", "NODE", "AGE"]);
    pods.sort();
    assert_eq!(
        pods,
        [
            ["Running", "node-2", "10s"],
            ["Running", "node-2", "6m30s"],
            ["Running", "node-3", "6m30s"],
            ["Terminating", "node-1", "6m30s"],
        ],
        "evicted 300 s after NotReady, replaced on node-2"
    );
    let restored = table(output_of(&out, "kubectl get nodes", 1));
    assert_eq!(
        restored.project(&["NAME", "STATUS"]),
        [
            ["node-1", "Ready"],
            ["node-2", "Ready"],
            ["node-3", "Ready"]
        ]
    );
}

fn event_messages(service: &Value) -> Vec<&str> {
    service["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["message"].as_str().expect("a message"))
        .collect()
}

#[test]
fn ecs_replaces_a_crashed_task_and_the_circuit_breaker_rolls_back() {
    let out = run("ecs-replacement.sunaba");
    let describe = |n| {
        json(output_of(
            &out,
            "aws ecs describe-services --services api",
            n,
        ))
    };
    let steady = describe(0);
    let steady = &steady["services"][0];
    assert_eq!(steady["runningCount"], 6);
    assert_eq!(
        event_messages(steady)[0],
        "(service api) has reached a steady state."
    );
    let first_deployment = steady["deployments"][0]["id"].as_str().unwrap().to_owned();

    let crash = output_of(&out, "sim crash --service api -c api --exit-code 1", 0);
    let crashed = crash
        .strip_prefix("container api in task/")
        .and_then(|l| l.strip_suffix(" exited with code 1\n"))
        .unwrap_or_else(|| panic!("{crash}"));
    let stopped = json(output_of(
        &out,
        "aws ecs list-tasks --service-name api --desired-status STOPPED",
        0,
    ));
    assert_eq!(
        strings(&stopped["taskArns"]),
        [format!(
            "arn:aws:ecs:us-east-1:123456789012:task/default/{crashed}"
        )],
        "the crashed task stopped"
    );
    let replaced = describe(1);
    let replaced = &replaced["services"][0];
    assert_eq!(replaced["runningCount"], 6);
    let started = event_messages(replaced)[0];
    assert!(
        started.starts_with("(service api) has started 1 tasks: (task ")
            && !started.contains(crashed),
        "a new task, not a restart: {started}"
    );

    let after = describe(2);
    let after = &after["services"][0];
    let messages = event_messages(after);
    let failed = messages
        .iter()
        .position(|m| m.ends_with("deployment failed: tasks failed to start."))
        .unwrap_or_else(|| panic!("{messages:#?}"));
    let rolled = messages
        .iter()
        .position(|m| *m == format!("(service api) rolling back to deployment {first_deployment}."))
        .unwrap_or_else(|| panic!("{messages:#?}"));
    assert_eq!(
        rolled + 1,
        failed,
        "newest first: the roll-back follows the failure"
    );
    assert_eq!(
        after["taskDefinition"], "arn:aws:ecs:us-east-1:123456789012:task-definition/api:1",
        "back on revision 1"
    );
    assert_eq!(after["runningCount"], 6);
    assert_eq!(after["deployments"][0]["rolloutState"], "COMPLETED");
}

#[test]
fn environments_apply_three_overlays_into_three_namespaces() {
    let out = run("environments.sunaba");
    let built = lines(output_of(
        &out,
        "kubectl kustomize ../examples/kustomize/overlays/prod",
        0,
    ));
    let trimmed: Vec<&str> = built.iter().map(|l| l.trim()).collect();
    assert!(trimmed.contains(&"replicas: 6"), "{built:#?}");
    assert!(
        trimmed.contains(&"image: sunaba/demo-app:2.0"),
        "{built:#?}"
    );
    let applied = lines(output_of(
        &out,
        "kubectl apply -k ../examples/kustomize/overlays/prod",
        0,
    ));
    assert_eq!(applied.len(), 4, "{applied:#?}");
    assert_eq!(applied[0], "namespace/demo-prod created");
    assert!(
        applied[1].starts_with("configmap/app-config-") && applied[1].ends_with(" created"),
        "{}",
        applied[1]
    );
    let pods = table(output_of(&out, "kubectl get pods -A", 0));
    for (ns, n) in [("demo-test", 1), ("demo-staging", 2), ("demo-prod", 6)] {
        let in_ns: Vec<Vec<String>> = pods
            .project(&["NAMESPACE", "READY", "STATUS"])
            .into_iter()
            .filter(|r| r[0] == ns)
            .collect();
        assert_eq!(in_ns, vec![vec![ns, "1/1", "Running"]; n], "{ns}");
    }
    let deployments = table(output_of(&out, "kubectl get deployments -A", 0));
    assert_eq!(
        deployments.project(&["NAMESPACE", "NAME", "READY"]),
        [
            ["demo-prod", "demo-app", "6/6"],
            ["demo-staging", "demo-app", "2/2"],
            ["demo-test", "demo-app", "1/1"],
        ]
    );
}

#[test]
fn dockerfile_builds_the_demo_app_pushes_it_and_runs_it_with_injected_config() {
    let out = run("dockerfile.sunaba");
    let build = lines(output_of(&out, "sim build -t shop:1.0 ../examples/app", 0));
    assert!(
        build.contains(&"#8 [4/5] RUN npm ci --omit=dev"),
        "{build:#?}"
    );
    let history = table(output_of(&out, "sim history shop:1.0", 0));
    let npm: Vec<Vec<String>> = history
        .project(&["CREATED BY", "SIZE"])
        .into_iter()
        .filter(|r| r[0].contains("npm ci"))
        .collect();
    assert_eq!(
        npm,
        [["RUN /bin/sh -c npm ci --omit=dev # buildkit", "8.5MB"]]
    );
    let pods = table(output_of(&out, "kubectl get pods", 0));
    assert_eq!(
        pods.project(&["READY", "STATUS"]),
        [["1/1", "Running"], ["1/1", "Running"]]
    );
    let env = lines(output_of(&out, "kubectl exec deploy/shop -- env", 0));
    // Baked by the Dockerfile, then injected by this environment's Deployment, then the
    // kubelet's service links (8 lines for the `kubernetes` Service), then HOME.
    assert!(env[env.len() - 9..env.len() - 1]
        .iter()
        .all(|l| l.starts_with("KUBERNETES_")));
    let env: Vec<&str> = env
        .into_iter()
        .filter(|l| !l.starts_with("KUBERNETES_"))
        .collect();
    assert_eq!(
        env[env.len() - 5..],
        [
            "NODE_ENV=production",
            "PORT=8080",
            "APP_ENV=staging",
            "FEATURE_FLAGS=checkout-v2",
            "HOME=/home/node"
        ]
    );
}

#[test]
fn pr_environments_move_to_another_account_and_the_hard_coded_registry_breaks() {
    let out = run("pr-environments.sunaba");
    let contexts = table(output_of(&out, "kubectl config get-contexts", 0));
    assert_eq!(
        contexts.project(&["CURRENT", "NAME", "CLUSTER"]),
        [
            ["", "prod-cluster", "prod-cluster"],
            ["*", "sunaba", "sunaba"]
        ]
    );
    let before = table(output_of(&out, "sim envs", 0));
    assert_eq!(
        before.project(&["ENVIRONMENT", "CONTEXT", "ACCOUNT", "READY"]),
        [
            ["pr-1", "sunaba", "sandbox (123456789012)", "2/2"],
            ["pr-2", "sunaba", "sandbox (123456789012)", "2/2"],
            ["staging", "sunaba", "sandbox (123456789012)", "2/2"],
        ]
    );
    let after = table(output_of(&out, "sim envs", 1));
    assert_eq!(
        after.project(&["ENVIRONMENT", "CONTEXT", "ACCOUNT", "READY"]),
        [
            ["pr-1", "prod-cluster", "prod (111111111111)", "2/2"],
            ["pr-2", "prod-cluster", "prod (111111111111)", "0/2"],
            ["staging", "sunaba", "sandbox (123456789012)", "2/2"],
        ],
        "pr-2's overlay names the sandbox registry: its pods cannot pull in prod"
    );
    let pods = table(output_of(
        &out,
        "kubectl --context prod-cluster get pods -n pr-2",
        0,
    ));
    assert_eq!(
        pods.project(&["READY", "STATUS"]),
        [["0/1", "ImagePullBackOff"], ["0/1", "ImagePullBackOff"]]
    );
    let why = lines(output_of(&out, "sim why -n pr-2", 0));
    for pod in pods.column("NAME") {
        assert!(
            why.contains(&format!("pod/{pod} [image-other-account]").as_str()),
            "{why:#?}"
        );
        let reason =
            format!("  {pod} cannot pull 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:1.0: ");
        assert!(why.iter().any(|l| l.starts_with(&reason)), "{why:#?}");
    }
    // The environment verbs echo the kubectl lines they run: read up to the next command.
    let deleted =
        lines(&out[out.find("$ sim env delete pr-1").unwrap()..out.find("$ sim dbs").unwrap()]);
    assert!(
        deleted.contains(&"namespace \"pr-1\" deleted"),
        "{deleted:#?}"
    );
    assert!(
        deleted.contains(&"database \"pr-1-db\" deleted"),
        "{deleted:#?}"
    );
    let dbs = table(output_of(&out, "sim dbs", 0));
    assert_eq!(dbs.column("NAME"), ["pr-2-db", "staging-db"]);
    let home = table(output_of(&out, "kubectl get deployments -A", 0));
    assert_eq!(
        home.project(&["NAMESPACE", "NAME", "READY"]),
        [["staging", "demo-app", "2/2"]]
    );
}

#[test]
fn ecs_environments_are_clusters_per_account_and_a_hard_coded_secret_breaks_in_prod() {
    let out = run("ecs-environments.sunaba");
    // Two tables: the environments, then their load balancers and traffic.
    let (envs, lbs) = output_of(&out, "sim envs", 0)
        .split_once("\n\n")
        .expect("a load balancer table");
    let envs = table(envs);
    assert_eq!(
        envs.project(&["ENVIRONMENT", "CONTEXT", "ACCOUNT", "READY"]),
        [
            ["prod", "prod-cluster", "prod (111111111111)", "6/6"],
            ["staging", "sunaba", "sandbox (123456789012)", "2/2"],
            ["test", "sunaba", "sandbox (123456789012)", "1/1"],
        ]
    );
    let lbs = table(lbs);
    assert_eq!(
        lbs.project(&["ENVIRONMENT", "TRAFFIC", "ERRORS (30S)"]),
        [
            ["prod", "10/s", "0"],
            ["staging", "10/s", "0"],
            ["test", "10/s", "0"]
        ]
    );
    // Prod's rolling deployment: not one request failed in the minutes it took.
    for n in 1..=3 {
        let report = output_of(&out, "sim traffic", n + 1);
        assert!(
            report.starts_with("loadbalancer/prod-alb: 10 req/s; last 60s: 600 ok, 0 errors"),
            "{report}"
        );
    }
    let services = json(output_of(
        &out,
        "aws --profile prod ecs list-services --cluster prod",
        0,
    ));
    assert_eq!(
        strings(&services["serviceArns"]),
        ["arn:aws:ecs:us-east-1:111111111111:service/prod/shop"]
    );
    let prs = table(output_of(&out, "sim envs", 1));
    assert_eq!(
        prs.row("pr-1", &["CONTEXT", "READY"]),
        ["prod-cluster", "2/2"]
    );
    assert_eq!(
        prs.row("pr-2", &["CONTEXT", "READY"]),
        ["prod-cluster", "0/2"],
        "pr-2's task definition names a sandbox secret ARN"
    );
    let why = lines(output_of(&out, "sim why --cluster pr-2", 0));
    assert_eq!(why[0], "service/shop [secret-other-account]");
    let (after, after_lbs) = output_of(&out, "sim envs", 2)
        .split_once("\n\n")
        .expect("a load balancer table");
    // pr-1 serves from its new load balancer in the sandbox account.
    assert_eq!(
        table(after_lbs).row("pr-1", &["CONTEXT", "TRAFFIC", "ERRORS (30S)"]),
        ["sunaba", "10/s", "0"]
    );
    let after = table(after);
    assert_eq!(
        after.project(&["ENVIRONMENT", "CONTEXT", "READY"]),
        [
            ["prod", "prod-cluster", "6/6"],
            ["pr-1", "sunaba", "2/2"],
            ["staging", "sunaba", "2/2"],
            ["test", "sunaba", "1/1"],
        ],
        "pr-1 moved back to the sandbox, pr-2 deleted"
    );
    let prod = json(output_of(&out, "aws --profile prod ecs list-clusters", 0));
    assert_eq!(
        strings(&prod["clusterArns"]),
        [
            "arn:aws:ecs:us-east-1:111111111111:cluster/default",
            "arn:aws:ecs:us-east-1:111111111111:cluster/prod"
        ]
    );
    let sandbox = json(output_of(&out, "aws ecs list-clusters", 1));
    assert_eq!(
        strings(&sandbox["clusterArns"]),
        [
            "arn:aws:ecs:us-east-1:123456789012:cluster/default",
            "arn:aws:ecs:us-east-1:123456789012:cluster/pr-1",
            "arn:aws:ecs:us-east-1:123456789012:cluster/staging",
            "arn:aws:ecs:us-east-1:123456789012:cluster/test"
        ]
    );
    let dbs = table(output_of(&out, "sim dbs", 0));
    assert_eq!(
        dbs.project(&["NAME", "ACCOUNT"]),
        [
            ["prod-db", "prod (111111111111)"],
            ["pr-1-db", "sandbox (123456789012)"],
            ["staging-db", "sandbox (123456789012)"],
            ["test-db", "sandbox (123456789012)"],
        ]
    );
}

#[test]
fn the_scheduler_ledger_names_each_nodes_failing_filter_then_the_pick() {
    let out = run("scheduler-ledger.sunaba");
    for row in [
        "node-1   NodeResourcesFit   Insufficient memory",
        "node-3   TaintToleration    node(s) had untolerated taint {dedicated: gpu}",
    ] {
        assert!(out.contains(row), "{row}\n{out}");
    }
    // The node that joined was chosen at the second attempt, at its time.
    assert!(
        out.contains(
            "2         t=30s   -        Passed          161     1/1    Highest total: chosen."
        ),
        "{out}"
    );
    assert!(
        out.contains("ノードに、Pod が toleration を持たない taint がある。"),
        "{out}"
    );
}
