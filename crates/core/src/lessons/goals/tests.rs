//! The goal language, clause kind by clause kind: each passing and failing, with its reason.

use super::eval::{evaluate, Baseline, Look, Memory, Verdict};
use super::parse::parse;
use super::Goal;
use crate::input::definitions::yaml::parse_documents;
use crate::input::files::MapFiles;
use crate::world::World;

const WEB: &str = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          env: [{name: APP_ENV, value: test}]
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
";

fn goal(yaml: &str) -> Goal {
    let docs = parse_documents(yaml).expect("yaml");
    let root = docs.into_iter().find_map(|d| d.root).expect("a document");
    parse(&root).expect("a goal")
}

fn goal_error(yaml: &str) -> String {
    let docs = parse_documents(yaml).expect("yaml");
    let root = docs.into_iter().find_map(|d| d.root).expect("a document");
    let e = parse(&root).expect_err("an error");
    format!("{}:{}: {}", e.line, e.column, e.message)
}

fn files() -> MapFiles {
    MapFiles(crate::base::sort::map_from([(
        "web.yaml".to_string(),
        WEB.to_string(),
    )]))
}

/// A world with `web` (2 replicas) applied and running.
fn running() -> World {
    let mut w = World::new(1);
    crate::lang::command::run(&mut w, "kubectl apply -f web.yaml", &files()).unwrap();
    w.advance_by(30_000);
    w.drain_trace();
    w
}

fn check(w: &World, g: &Goal, commands: &[&str]) -> Verdict {
    let commands: Vec<String> = commands.iter().map(|c| c.to_string()).collect();
    let baseline = Baseline::take(w, g);
    let f = files();
    let look = Look {
        world: w,
        began_ms: 0,
        events: &[],
        commands: &commands,
        files: &f,
        baseline: &baseline,
    };
    evaluate(g, &look, &mut Memory::default())
}

fn reason(v: &Verdict, i: usize) -> &str {
    &v.clauses[i].reason.en
}

#[test]
fn a_named_object_meets_its_conditions_or_says_which_not() {
    let w = running();
    let v = check(
        &w,
        &goal("{deployment: web, ready: 2, image: nginx:1.27}"),
        &[],
    );
    assert!(v.passed, "{v:?}");
    assert_eq!(reason(&v, 0), "deployment/web: ready 2, image nginx:1.27");
    let v = check(&w, &goal("{deployment: web, ready: \">= 3\"}"), &[]);
    assert!(!v.passed);
    assert_eq!(reason(&v, 0), "deployment/web: ready is 2, want ≥ 3");
    assert_eq!(
        v.clauses[0].reason.ja,
        "deployment/web: ready は 2（期待 ≥ 3）"
    );
    let v = check(&w, &goal("{deployment: api, ready: 1}"), &[]);
    assert_eq!(
        (v.passed, reason(&v, 0)),
        (false, "deployment/api does not exist")
    );
    let v = check(&w, &goal("{deployment: api, exists: false}"), &[]);
    assert!(v.passed, "{v:?}");
}

#[test]
fn selected_objects_are_counted_or_must_all_meet_the_conditions() {
    let w = running();
    let v = check(
        &w,
        &goal("{pods: {app: web}, status: Running, count: 2}"),
        &[],
    );
    assert!(v.passed, "{v:?}");
    assert_eq!(
        reason(&v, 0),
        "pods with app=web with status Running: 2, want 2"
    );
    let v = check(
        &w,
        &goal("{pods: {app: web}, restarts: \"> 0\", count: \">= 1\"}"),
        &[],
    );
    assert!(!v.passed);
    let v = check(&w, &goal("{pods: {app: web}, env: {APP_ENV: test}}"), &[]);
    assert!(v.passed, "{v:?}");
    assert_eq!(
        reason(&v, 0),
        "pods with app=web: all 2 with env APP_ENV=test"
    );
    let v = check(&w, &goal("{pods: {app: api}, status: Running}"), &[]);
    assert_eq!(
        (v.passed, reason(&v, 0)),
        (false, "pods with app=api: none exist")
    );
    let v = check(&w, &goal("{namespace: default}"), &[]);
    assert_eq!(
        (v.passed, reason(&v, 0)),
        (true, "namespace/default: exists")
    );
    let v = check(&w, &goal("{deployment: web, namespace: prod}"), &[]);
    assert_eq!(reason(&v, 0), "deployment/web in prod does not exist");
    let v = check(&w, &goal("{nodes: all, ready: true, count: 3}"), &[]);
    assert!(v.passed, "{v:?}");
}

#[test]
fn all_any_and_not_combine_clauses() {
    let w = running();
    let g = goal("all: [{deployment: web, ready: 2}, {deployment: web, ready: 3}]");
    let v = check(&w, &g, &[]);
    assert_eq!(
        (v.passed, reason(&v, 0), v.clauses.len()),
        (false, "all of (1/2 met)", 3)
    );
    assert_eq!((v.clauses[1].depth, v.clauses[1].passed), (1, true));
    let v = check(
        &w,
        &goal("any: [{deployment: web, ready: 2}, {deployment: web, ready: 3}]"),
        &[],
    );
    assert!(v.passed);
    let v = check(&w, &goal("not: {deployment: web, ready: 3}"), &[]);
    assert!(v.passed);
    assert_eq!(reason(&v, 0), "none of the following");
}

#[test]
fn a_for_clause_passes_only_once_its_goal_has_held_that_long() {
    let mut w = running();
    let g = goal("{for: 30s, goal: {deployment: web, ready: 2}}");
    let baseline = Baseline::take(&w, &g);
    let mut memory = Memory::default();
    let f = files();
    let look_at = |w: &World, memory: &mut Memory| {
        let look = Look {
            world: w,
            began_ms: 0,
            events: &[],
            commands: &[],
            files: &f,
            baseline: &baseline,
        };
        evaluate(&g, &look, memory)
    };
    let v = look_at(&w, &mut memory);
    assert_eq!((v.passed, reason(&v, 0)), (false, "held for 0s of 30s"));
    w.advance_by(20_000);
    assert!(!look_at(&w, &mut memory).passed);
    w.advance_by(10_000);
    let v = look_at(&w, &mut memory);
    assert_eq!((v.passed, reason(&v, 0)), (true, "held for 30s of 30s"));
}

#[test]
fn events_since_the_step_began_are_counted() {
    let mut w = running();
    crate::lang::command::run(&mut w, "sim kill -l app=web", &files()).unwrap();
    w.advance_by(5_000);
    let events = w.drain_trace();
    let g = goal("{event: {reason: Started, object: pod/web}, count: \">= 1\"}");
    let f = files();
    let baseline = Baseline::default();
    let look = Look {
        world: &w,
        began_ms: 0,
        events: &events,
        commands: &[],
        files: &f,
        baseline: &baseline,
    };
    let v = evaluate(&g, &look, &mut Memory::default());
    let started = events
        .iter()
        .filter(|e| e.reason.as_str() == "Started")
        .count();
    assert!(started > 0, "{events:?}");
    let g2 = goal("{event: {reason: Started}, never: true}");
    let v2 = evaluate(&g2, &look, &mut Memory::default());
    assert!(!v2.passed);
    assert_eq!(
        reason(&v2, 0),
        format!("events Started since the step began: {started}, want 0")
    );
    assert!(v.passed, "{v:?}");
    assert_eq!(
        reason(&v, 0),
        format!("events Started on pod/web since the step began: {started}, want ≥ 1")
    );
    let none = Look {
        events: &[],
        ..look
    };
    let v3 = evaluate(&g2, &none, &mut Memory::default());
    assert!(v3.passed, "{v3:?}");
}

#[test]
fn forbidden_commands_are_matched_by_their_first_words() {
    let w = running();
    let g = goal("{commands-not-used: [kubectl delete deployment, sim add-node]}");
    let v = check(&w, &g, &["kubectl get pods", "kubectl delete pod web-1"]);
    assert!(v.passed, "{v:?}");
    let v = check(&w, &g, &["kubectl  delete deployment web"]);
    assert_eq!(
        (v.passed, reason(&v, 0)),
        (
            false,
            "used \"kubectl  delete deployment web\", which this step does not allow"
        )
    );
}

#[test]
fn commands_used_must_each_have_been_run() {
    let w = running();
    let g = goal("{commands-used: [kubectl describe pod, kubectl get events]}");
    let v = check(&w, &g, &["kubectl describe pod -l app=web"]);
    assert_eq!(
        (v.passed, reason(&v, 0)),
        (false, "not used yet: kubectl get events")
    );
    let v = check(
        &w,
        &g,
        &["kubectl describe pod web-1", "kubectl get events -w"],
    );
    assert!(v.passed, "{v:?}");
}

#[test]
fn unchanged_compares_with_what_the_step_began_with() {
    let mut w = running();
    let g = goal("all: [{unchanged: nodes}, {unchanged: {deployment: web}}]");
    let baseline = Baseline::take(&w, &g);
    crate::lang::command::run(&mut w, "kubectl delete deployment web", &files()).unwrap();
    crate::lang::command::run(&mut w, "kubectl apply -f web.yaml", &files()).unwrap();
    crate::lang::command::run(&mut w, "sim add-node", &files()).unwrap();
    let f = files();
    let look = Look {
        world: &w,
        began_ms: 0,
        events: &[],
        commands: &[],
        files: &f,
        baseline: &baseline,
    };
    let v = evaluate(&g, &look, &mut Memory::default());
    assert_eq!(reason(&v, 1), "nodes: 4, 3 when the step began");
    assert_eq!(reason(&v, 2), "deployment/web was deleted and made again");
    assert!(!v.clauses[1].passed && !v.clauses[2].passed);
}

#[test]
fn file_clauses_read_the_learners_files() {
    let w = running();
    let v = check(
        &w,
        &goal("{file: web.yaml, path: spec.replicas, equals: 2}"),
        &[],
    );
    assert!(v.passed, "{v:?}");
    let v = check(
        &w,
        &goal("{file: web.yaml, path: spec.replicas, equals: 6}"),
        &[],
    );
    assert_eq!(reason(&v, 0), "web.yaml: spec.replicas is 2, want 6");
    let v = check(
        &w,
        &goal("{file: web.yaml, path: spec.template.spec.containers.0.resources.limits.memory}"),
        &[],
    );
    assert!(v.passed, "{v:?}");
    let v = check(
        &w,
        &goal("{file: web.yaml, lint-clean: [no-readiness-probe]}"),
        &[],
    );
    assert!(!v.passed);
    assert!(
        reason(&v, 0).starts_with("web.yaml: no-readiness-probe (line "),
        "{v:?}"
    );
    let v = check(&w, &goal("{file: other.yaml, exists: false}"), &[]);
    assert!(v.passed);
    let v = check(&w, &goal("{file: web.yaml, contains: \"nginx:1.27\"}"), &[]);
    assert!(v.passed);
}

#[test]
fn mistakes_in_goals_are_located_and_named() {
    assert_eq!(
        goal_error("deployment: web\nredy: 3\n"),
        "2:7: unknown field \"redy\" for a deployment (known: desired, ready, updated, available, image, rollout, revision, exists, context, namespace)"
    );
    assert!(goal_error("deploy: web\n").starts_with("1:1: goal: no clause here"));
    assert_eq!(
        goal_error("deployment: web\nready: lots\n"),
        "2:8: ready: \"lots\" is not a number or a comparison like \">= 3\""
    );
    assert_eq!(
        goal_error("{deployment: web, pod: x}"),
        "1:24: \"pod\": one kind of object per clause (combine clauses with all)"
    );
    assert_eq!(goal_error("all: []"), "1:6: all: give at least one goal");
    let deep = format!(
        "{}{{deployment: web}}{}",
        "not: {".repeat(20),
        "}".repeat(20)
    );
    assert!(
        goal_error(&deep).contains("nested too deeply"),
        "{}",
        goal_error(&deep)
    );
    assert!(goal_error("{for: soon, goal: {deployment: web}}").starts_with("1:7: for: "));
    assert!(goal_error("{event: {}}").contains("say which events"));
}

#[test]
fn traffic_clauses_count_the_requests_and_errors_since_the_step_began() {
    let mut w = running();
    let svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";
    let f = MapFiles(crate::base::sort::map_from([(
        "svc.yaml".to_string(),
        svc.to_string(),
    )]));
    crate::lang::command::run(&mut w, "kubectl apply -f svc.yaml", &f).unwrap();
    crate::lang::command::run(&mut w, "sim traffic web 10", &f).unwrap();
    w.advance_by(5_000);
    let g = goal("{traffic: web, requests: \">= 40\", errors: 0}");
    let baseline = Baseline::default();
    let mut look = Look {
        world: &w,
        began_ms: 0,
        events: &[],
        commands: &[],
        files: &f,
        baseline: &baseline,
    };
    let v = evaluate(&g, &look, &mut Memory::default());
    assert!(v.passed, "{v:?}");
    assert!(
        reason(&v, 0).starts_with("traffic to service/web since the step began: 50 requests (want ≥ 40), 0 failed (want 0)"),
        "{v:?}"
    );
    look.began_ms = w.now_ms();
    let v = evaluate(&g, &look, &mut Memory::default());
    assert_eq!(
        (v.passed, reason(&v, 0)),
        (
            false,
            "traffic to service/web since the step began: 0 requests (want ≥ 40), 0 failed (want 0)"
        )
    );
}

#[test]
fn task_definitions_are_selected_by_family() {
    let mut w = World::new(1);
    let td = "{\"family\": \"shop\", \"requiresCompatibilities\": [\"EC2\"], \"containerDefinitions\": [{\"name\": \"shop\", \"image\": \"nginx:1.27\", \"memory\": 128}]}";
    let f = MapFiles(crate::base::sort::map_from([(
        "td.json".to_string(),
        td.to_string(),
    )]));
    let g = goal("{task-definition: shop, revision: 2}");
    assert!(!check(&w, &g, &[]).passed);
    for _ in 0..2 {
        crate::lang::command::run(
            &mut w,
            "aws ecs register-task-definition --cli-input-json file://td.json",
            &f,
        )
        .unwrap();
    }
    let v = check(&w, &g, &[]);
    assert_eq!(
        (v.passed, reason(&v, 0)),
        (true, "task-definition/shop: revision 2")
    );
}

#[test]
fn target_groups_count_their_targets_by_health_and_load_balancers_their_requests() {
    const TG: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7";
    const LB: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/330f103a4c29cf12";
    let td = r#"{"family": "web", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "web", "image": "sunaba/demo-app:1.0", "portMappings": [{"containerPort": 8080}]}]}"#;
    let svc = format!(
        r#"{{"serviceName": "web", "taskDefinition": "web", "desiredCount": 2, "launchType": "FARGATE",
        "networkConfiguration": {{"awsvpcConfiguration": {{"subnets": ["subnet-0123456789abcdef0"]}}}},
        "loadBalancers": [{{"targetGroupArn": "{TG}", "containerName": "web", "containerPort": 8080}}],
        "healthCheckGracePeriodSeconds": 90}}"#
    );
    let f = MapFiles(crate::base::sort::map_from([
        ("td.json".to_string(), td.to_string()),
        ("svc.json".to_string(), svc),
    ]));
    let mut w = World::new(1);
    for line in [
        "aws elbv2 create-load-balancer --name web-alb --subnets subnet-0123456789abcdef0 subnet-0123456789abcdef1".to_string(),
        "aws elbv2 create-target-group --name web-tg --protocol HTTP --port 8080 --vpc-id vpc-1 --target-type ip --health-check-path /nope --health-check-interval-seconds 10 --healthy-threshold-count 2".to_string(),
        format!("aws elbv2 create-listener --load-balancer-arn {LB} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={TG}"),
        "aws ecs register-task-definition --cli-input-json file://td.json".to_string(),
        "aws ecs create-service --cli-input-json file://svc.json".to_string(),
    ] {
        crate::lang::command::run(&mut w, &line, &f).unwrap();
    }
    w.advance_by(80_000);
    let sick = goal("{target-group: web-tg, unhealthy: 2, healthy: 0, reason: Target.ResponseCodeMismatch, health-check-path: /nope}");
    let v = check(&w, &sick, &[]);
    assert!(v.passed, "{v:?}");
    let grace = goal("{ecs-service: web, grace-period: 90}");
    assert!(check(&w, &grace, &[]).passed);
    crate::lang::command::run(
        &mut w,
        &format!(
            "aws elbv2 modify-target-group --target-group-arn {TG} --health-check-path /healthz"
        ),
        &f,
    )
    .unwrap();
    w.advance_by(30_000);
    let well = goal("{target-group: web-tg, healthy: 2, unhealthy: 0}");
    assert!(check(&w, &well, &[]).passed, "{:?}", check(&w, &well, &[]));
    let v = check(&w, &sick, &[]);
    assert!(!v.passed);
    assert_eq!(reason(&v, 0), "target-group/web-tg: unhealthy is 0, want 2; healthy is 2, want 0; reason is none, want Target.ResponseCodeMismatch; health-check-path is /healthz, want /nope");
    crate::lang::command::run(&mut w, "sim traffic web-alb 10", &f).unwrap();
    w.advance_by(5_000);
    let traffic = goal("{traffic: loadbalancer/web-alb, requests: \">= 40\", errors: 0}");
    let v = check(&w, &traffic, &[]);
    assert_eq!(
        (v.passed, reason(&v, 0)),
        (
            true,
            "traffic to loadbalancer/web-alb since the step began: 50 requests (want ≥ 40), 0 failed (want 0)"
        )
    );
    let lb = goal("{load-balancer: web-alb, state: active, traffic-rate: 10}");
    assert!(check(&w, &lb, &[]).passed);
}
