//! The swarm for Amazon ECS: hundreds of seeds, each a random sequence of `aws ecs` commands
//! and faults (task kills and crashes, stop-task, failed and drained instances, new revisions
//! that crash, fail their health checks or cannot be pulled), with the invariant checker after
//! every step — tasks and pods agree, no service exceeds maximumPercent — then a quiet period
//! after which every service must run its desired count of healthy tasks of a good revision.
//! One service sits behind a load balancer, with `aws elbv2` operations among the commands:
//! after every step no target outlives its task's deregistration delay, no more targets are
//! healthy than tasks run, and a refused `aws elbv2` command changes nothing.

use sunaba_core::base::rng::SimRng;
use sunaba_core::sim::ecs_status::{ServiceAction, ServiceStatus};
use sunaba_core::sim::event_reason::Reason;
use sunaba_core::{MapFiles, TraceEvent, World};

const SEEDS: u64 = 300;
const STEPS: usize = 40;
/// Seeds enough for every kind of service event to happen at least once.
const SERVICE_ACTION_SEEDS: u64 = 40;

fn task(family: &str, image: &str, env: &str, extra: &str) -> String {
    format!(
        r#"{{"family": "{family}", "containerDefinitions": [{{"name": "app", "image": "{image}",
            "cpu": 128, "memory": 256, "environment": [{env}]{extra}}}]}}"#
    )
}

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    let hc = r#", "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/healthz || exit 1"], "interval": 5, "retries": 2}"#;
    for (name, text) in [
        ("good.json", task("web", "sunaba/demo-app:1.0", "", "")),
        ("good2.json", task("web", "sunaba/demo-app:2.0", "", hc)),
        (
            "crash.json",
            task(
                "web",
                "sunaba/demo-app:2.0",
                r#"{"name": "EXIT_AFTER", "value": "3s"}"#,
                "",
            ),
        ),
        (
            "sick.json",
            task(
                "web",
                "sunaba/demo-app:2.0",
                r#"{"name": "UNHEALTHY_AFTER", "value": "20s"}"#,
                hc,
            ),
        ),
        ("missing.json", task("web", "sunaba/demo-app:0.0", "", "")),
        (
            "worker.json",
            task(
                "worker",
                "busybox:1.36",
                "",
                r#", "command": ["sh", "-c", "sleep 3600"]"#,
            ),
        ),
        (
            "fargate.json",
            r#"{"family": "edge", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc",
                "cpu": "256", "memory": "512",
                "containerDefinitions": [{"name": "edge", "image": "nginx:1.27"}]}"#
                .to_string(),
        ),
    ] {
        f.0.insert(name.into(), text);
    }
    let lb = r#""portMappings": [{"containerPort": 8080, "hostPort": 0}]"#;
    f.0.insert(
        "lbweb.json".into(),
        task("lbweb", "sunaba/demo-app:1.0", "", &format!(", {lb}")),
    );
    f.0.insert(
        "lbsick.json".into(),
        task(
            "lbweb",
            "sunaba/demo-app:2.0",
            r#"{"name": "UNHEALTHY_AFTER", "value": "40s"}"#,
            &format!(", {lb}"),
        ),
    );
    f.0.insert(
        "svc-lb.json".into(),
        format!(
            r#"{{"serviceName": "svc-lb", "taskDefinition": "lbweb", "desiredCount": 3,
                "loadBalancers": [{{"targetGroupArn": "{TG}", "containerName": "app", "containerPort": 8080}}],
                "healthCheckGracePeriodSeconds": 20,
                "deploymentConfiguration": {{"minimumHealthyPercent": 50, "maximumPercent": 200}}}}"#
        ),
    );
    for (name, extra) in [
        (
            "svc-a.json",
            r#""deploymentConfiguration": {"minimumHealthyPercent": 50, "maximumPercent": 150, "deploymentCircuitBreaker": {"enable": true, "rollback": true}}"#,
        ),
        (
            "svc-b.json",
            r#""deploymentConfiguration": {"minimumHealthyPercent": 100, "maximumPercent": 200}, "placementStrategy": [{"type": "binpack", "field": "memory"}]"#,
        ),
        (
            "svc-c.json",
            r#""deploymentConfiguration": {"minimumHealthyPercent": 0, "maximumPercent": 100}, "placementConstraints": [{"type": "distinctInstance"}]"#,
        ),
    ] {
        let svc = &name[..5];
        f.0.insert(
            name.into(),
            format!(
                r#"{{"serviceName": "{svc}", "taskDefinition": "web", "desiredCount": 3, {extra}}}"#
            ),
        );
    }
    f.0.insert(
        "svc-edge.json".into(),
        r#"{"serviceName": "edge", "taskDefinition": "edge", "desiredCount": 2, "launchType": "FARGATE", "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-abcd1234"]}}}"#.into(),
    );
    f
}

const SERVICES: [&str; 3] = ["svc-a", "svc-b", "svc-c"];

const LB: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/330f103a4c29cf12";
const TG: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7";

/// The load balancer, its target group and listener, made before anything else.
const LB_SETUP: [&str; 4] = [
    "aws elbv2 create-load-balancer --name web-alb --subnets subnet-0123456789abcdef0 subnet-0123456789abcdef1",
    "aws elbv2 create-target-group --name web-tg --protocol HTTP --port 8080 --vpc-id vpc-1 --health-check-path /healthz --health-check-interval-seconds 5 --health-check-timeout-seconds 2 --healthy-threshold-count 2",
    "aws elbv2 create-listener --load-balancer-arn LB --port 80 --default-actions Type=forward,TargetGroupArn=TG",
    "aws ecs register-task-definition --cli-input-json file://lbweb.json",
];

/// An `aws elbv2` command or a load-balanced service's change.
fn random_lb_command(rng: &mut SimRng, w: &World) -> String {
    let targets: Vec<(String, u32)> = w
        .ecs()
        .elb
        .target_groups
        .values()
        .flat_map(|g| g.targets.iter().map(|t| (t.id.clone(), t.port)))
        .collect();
    match rng.below(12) {
        0 => "aws ecs create-service --cli-input-json file://svc-lb.json".into(),
        1 => format!("aws ecs update-service --service svc-lb --desired-count {}", rng.below(5)),
        2 => "aws ecs update-service --service svc-lb --force-new-deployment".into(),
        3 => "aws ecs register-task-definition --cli-input-json file://lbsick.json".into(),
        4 => "aws ecs update-service --service svc-lb --task-definition lbweb".into(),
        5 => format!(
            "aws elbv2 modify-target-group-attributes --target-group-arn {TG} --attributes Key=deregistration_delay.timeout_seconds,Value={}",
            [0, 5, 30, 300][rng.below(4) as usize]
        ),
        6 => match targets.get(rng.below(targets.len().max(1) as u64) as usize) {
            Some((id, port)) => format!(
                "aws elbv2 deregister-targets --target-group-arn {TG} --targets Id={id},Port={port}"
            ),
            None => format!("aws elbv2 describe-target-health --target-group-arn {TG}"),
        },
        7 => format!("aws elbv2 delete-target-group --target-group-arn {TG}"),
        8 => format!("aws elbv2 describe-target-health --target-group-arn {TG}x"),
        9 => format!(
            "aws elbv2 modify-target-group --target-group-arn {TG} --health-check-path {}",
            ["/healthz", "/nope", "/", "no-slash"][rng.below(4) as usize]
        ),
        10 => format!(
            "aws ecs update-service --service svc-lb --health-check-grace-period-seconds {}",
            [0, 30, 90][rng.below(3) as usize]
        ),
        _ => "aws elbv2 create-target-group --name web-tg --protocol HTTP --port 81 --vpc-id vpc-1".into(),
    }
}

/// The load balancer's promises, checked after every step.
fn check_load_balancer(w: &World) -> Result<(), String> {
    let now = w.now_ms();
    let ecs = w.ecs();
    let running = ecs.tasks.values().filter(|t| !t.is_stopped()).count();
    let mut healthy = 0;
    for g in ecs.elb.target_groups.values() {
        for t in &g.targets {
            if t.state == sunaba_core::elb::TargetState::Healthy {
                healthy += 1;
            }
            let Some(id) = &t.task else { continue };
            let task_stopped = ecs.tasks.get(id).is_none_or(|k| k.is_stopped());
            let draining_in_time = t.draining_until_ms.is_some_and(|until| until >= now);
            if task_stopped && !draining_in_time {
                return Err(format!(
                    "target {}:{} of stopped task {id} is still registered ({:?})",
                    t.id, t.port, t.state
                ));
            }
        }
    }
    if healthy > running {
        return Err(format!("{healthy} healthy targets but {running} tasks run"));
    }
    Ok(())
}

fn random_command(rng: &mut SimRng, w: &World) -> String {
    let nodes = w.node_names();
    let tasks: Vec<String> = w
        .ecs()
        .tasks
        .values()
        .filter(|t| t.is_active())
        .map(|t| t.id.clone())
        .collect();
    let pick =
        |rng: &mut SimRng, v: &[String]| v.get(rng.below(v.len().max(1) as u64) as usize).cloned();
    let svc = SERVICES[rng.below(3) as usize];
    let def = ["good", "good2", "crash", "sick", "missing"][rng.below(5) as usize];
    match rng.below(22) {
        0 | 1 => format!("aws ecs register-task-definition --cli-input-json file://{def}.json"),
        2 => format!("aws ecs create-service --cli-input-json file://{svc}.json"),
        3 => format!(
            "aws ecs update-service --service {svc} --desired-count {}",
            rng.below(7)
        ),
        4 => format!("aws ecs update-service --service {svc} --task-definition web"),
        5 => format!("aws ecs update-service --service {svc} --force-new-deployment"),
        6 => format!("aws ecs delete-service --service {svc} --force"),
        7 => pick(rng, &tasks).map_or("sim wait 1s".into(), |t| format!("aws ecs stop-task --task {t}")),
        8 => pick(rng, &tasks).map_or("sim wait 1s".into(), |t| format!("sim kill task/{t}")),
        9 => format!("sim crash --service {svc} --exit-code {}", rng.below(3)),
        10 => pick(rng, &nodes).map_or("sim add-node".into(), |n| format!("sim fail-node {n}")),
        11 => pick(rng, &nodes).map_or("sim add-node".into(), |n| format!("sim restore-node {n}")),
        12 => pick(rng, &nodes).map_or("sim add-node".into(), |n| {
            format!("aws ecs update-container-instances-state --container-instances {n} --status DRAINING")
        }),
        13 => pick(rng, &nodes).map_or("sim add-node".into(), |n| {
            format!("aws ecs update-container-instances-state --container-instances {n} --status ACTIVE")
        }),
        14 => "sim add-node --cpu 4 --memory 8Gi".into(),
        15 => "aws ecs register-task-definition --cli-input-json file://worker.json".into(),
        16 => format!("aws ecs run-task --task-definition worker --count {}", 1 + rng.below(3)),
        17 => "aws ecs register-task-definition --cli-input-json file://fargate.json".into(),
        18 => "aws ecs create-service --cli-input-json file://svc-edge.json".into(),
        19 => pick(rng, &nodes).map_or("sim add-node".into(), |n| format!("sim remove-node {n}")),
        20 => format!("sim wait {}s", 1 + rng.below(120)),
        _ => format!("sim wait {}ms", rng.below(3000)),
    }
}

fn run_seed(seed: u64) -> Result<Vec<TraceEvent>, String> {
    let f = files();
    let mut w = World::new(seed);
    let mut rng = SimRng::new(seed ^ 0xEC5);
    let mut script: Vec<String> = LB_SETUP
        .iter()
        .map(|c| {
            c.replace("=TG", &format!("={TG}"))
                .replace(" LB ", &format!(" {LB} "))
        })
        .collect();
    script.extend([
        "aws ecs register-task-definition --cli-input-json file://good.json".to_string(),
        "aws ecs create-service --cli-input-json file://svc-a.json".to_string(),
    ]);
    for cmd in &script {
        let _ = sunaba_core::run(&mut w, cmd, &f);
    }
    let mut trace = Vec::new();
    let fail = |script: &[String], what: String| {
        format!("seed {seed}: {what}\nreplay:\n  {}", script.join("\n  "))
    };
    for _ in 0..STEPS {
        let cmd = if rng.below(4) == 0 {
            random_lb_command(&mut rng, &w)
        } else {
            random_command(&mut rng, &w)
        };
        script.push(cmd.clone());
        let before = w.ecs().elb.clone();
        // Commands may fail legitimately; a refused `aws elbv2` one changes nothing.
        if sunaba_core::run(&mut w, &cmd, &f).is_err()
            && cmd.starts_with("aws elbv2")
            && w.ecs().elb != before
        {
            return Err(fail(
                &script,
                "a refused command changed ELB's state".into(),
            ));
        }
        w.check_invariants().map_err(|e| fail(&script, e))?;
        check_load_balancer(&w).map_err(|e| fail(&script, e))?;
        for e in w.drain_trace() {
            check_service_action(&e).map_err(|what| fail(&script, what))?;
            trace.push(e);
        }
    }
    // Liveness: heal, add room, roll every service to the good revision, wait out throttling.
    let mut heal = Vec::new();
    for n in w.node_names() {
        heal.push(format!("sim restore-node {n}"));
        heal.push(format!(
            "aws ecs update-container-instances-state --container-instances {n} --status ACTIVE"
        ));
    }
    // Six fresh instances: svc-c (distinctInstance) may want up to 6 tasks.
    heal.extend((0..6).map(|_| "sim add-node --cpu 8 --memory 32Gi".to_string()));
    // The health check back on the path the app answers (a swarm step may have broken it).
    heal.push(format!(
        "aws elbv2 modify-target-group --target-group-arn {TG} --health-check-path /healthz"
    ));
    // (At desiredCount 1, 50 %/150 % rounds to 1/1: a deployment could never start or stop
    // a task — ECS's rounding, faithfully. Healing sets 3.)
    let live: Vec<String> = w.ecs().services.values().map(|s| s.name.clone()).collect();
    for s in &live {
        let def = if s == "svc-lb" { "lbweb:1" } else { "web:1" };
        heal.push(format!(
            "aws ecs update-service --service {s} --task-definition {def} --force-new-deployment --desired-count 3"
        ));
    }
    heal.push("sim wait 20m".into());
    for cmd in heal {
        script.push(cmd.clone());
        let _ = sunaba_core::run(&mut w, &cmd, &f);
        w.check_invariants().map_err(|e| fail(&script, e))?;
        check_load_balancer(&w).map_err(|e| fail(&script, e))?;
    }
    for (name, s) in &w.ecs().services {
        if s.status != ServiceStatus::Active {
            continue; // deleted
        }
        // The Fargate service keeps its own (never broken) definition.
        let family = match s.name.as_str() {
            "edge" => "edge",
            "svc-lb" => "lbweb",
            _ => "web",
        };
        let running = w
            .ecs()
            .tasks
            .values()
            .filter(|t| t.service.as_deref() == Some(name.as_str()) && t.counts_healthy())
            .filter(|t| t.family == family && (t.revision == 1 || family == "edge"))
            .count() as u32;
        let steady = s.deployments.len() == 1;
        if running != s.desired_count || !steady {
            return Err(fail(
                &script,
                format!(
                    "service {name} did not converge: {running} healthy of {} desired, {} deployments",
                    s.desired_count,
                    s.deployments.len()
                ),
            ));
        }
    }
    for e in w.drain_trace() {
        check_service_action(&e).map_err(|what| fail(&script, what))?;
        trace.push(e);
    }
    Ok(trace)
}

/// A service event's typed action (what a shell draws without reading the sentence) agrees
/// with its sentence; no other event has one.
fn check_service_action(e: &TraceEvent) -> Result<(), String> {
    let agrees = match e.service_action {
        Some(action) => e.reason == Reason::ServiceEvent && e.message.contains(action.as_str()),
        None => e.reason != Reason::ServiceEvent,
    };
    if agrees {
        Ok(())
    } else {
        Err(format!(
            "event {} {} carries service action {:?}: {}",
            e.reason, e.object, e.service_action, e.message
        ))
    }
}

#[test]
fn ecs_swarm_keeps_invariants_and_converges() {
    let failures: Vec<String> = (0..SEEDS).filter_map(|s| run_seed(s).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {SEEDS} seeds failed; first:\n{}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn ecs_same_seed_same_trace() {
    for seed in [3, 33] {
        let a = run_seed(seed).unwrap_or_else(|e| panic!("{e}"));
        let b = run_seed(seed).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            a.iter().any(|e| e.reason == Reason::ServiceEvent),
            "ECS acted"
        );
        assert_eq!(a, b, "seed {seed}");
    }
}

#[test]
fn the_swarm_sees_every_kind_of_service_event() {
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..SERVICE_ACTION_SEEDS {
        let trace = run_seed(seed).unwrap_or_else(|e| panic!("{e}"));
        seen.extend(trace.iter().filter_map(|e| e.service_action));
    }
    let missing: Vec<_> = ServiceAction::ALL
        .iter()
        .filter(|a| !seen.contains(*a))
        .collect();
    assert!(
        missing.is_empty(),
        "no service event {missing:?} in seeds 0..{SERVICE_ACTION_SEEDS}"
    );
}
