//! Amazon ECS behind an Application Load Balancer: `aws elbv2` resources and their errors, a
//! target's health through its life, ACTIVATING/DEACTIVATING tasks, and a rolling deployment
//! at 100 requests/s that drops nothing with health checks, a grace period and a
//! deregistration delay, and drops requests without the delay.

use sunaba_core::{MapFiles, World};

const LB: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/330f103a4c29cf12";
const TG: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7";

fn task(image: &str, port_mapping: &str, network: &str) -> String {
    format!(
        r#"{{"family": "web", {network} "containerDefinitions": [{{"name": "web", "image": "{image}",
            "cpu": 256, "memory": 512, "essential": true, "portMappings": [{port_mapping}]}}]}}"#
    )
}

const FARGATE: &str = r#""requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512","#;

fn service(count: u32, grace: u32, target_group: &str, container: &str, port: u32) -> String {
    format!(
        r#"{{"serviceName": "web", "taskDefinition": "web", "desiredCount": {count}, "launchType": "FARGATE",
            "networkConfiguration": {{"awsvpcConfiguration": {{"subnets": ["subnet-0123456789abcdef0"]}}}},
            "loadBalancers": [{{"targetGroupArn": "{target_group}", "containerName": "{container}", "containerPort": {port}}}],
            "healthCheckGracePeriodSeconds": {grace},
            "deploymentConfiguration": {{"minimumHealthyPercent": 100, "maximumPercent": 200}}}}"#
    )
}

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    let mapping = r#"{"containerPort": 8080}"#;
    f.0.insert(
        "web.json".into(),
        task("sunaba/demo-app:1.0", mapping, FARGATE),
    );
    f.0.insert(
        "web2.json".into(),
        task("sunaba/demo-app:2.0", mapping, FARGATE),
    );
    f.0.insert(
        "bridge.json".into(),
        task(
            "sunaba/demo-app:1.0",
            r#"{"containerPort": 8080, "hostPort": 0}"#,
            "",
        ),
    );
    f.0.insert("svc.json".into(), service(6, 60, TG, "web", 8080));
    f.0.insert("svc-no-grace.json".into(), service(6, 0, TG, "web", 8080));
    f.0.insert("svc-port.json".into(), service(1, 0, TG, "web", 9999));
    f.0.insert("svc-name.json".into(), service(1, 0, TG, "api", 8080));
    f.0.insert(
        "svc-unknown.json".into(),
        service(1, 0, &TG.replace("26707ef1", "00000000"), "web", 8080),
    );
    f
}

fn run(w: &mut World, f: &MapFiles, line: &str) -> String {
    sunaba_core::run(w, line, f).unwrap_or_else(|e| panic!("`{line}` failed: {}", e.message))
}

fn fails(w: &mut World, f: &MapFiles, line: &str) -> String {
    match sunaba_core::run(w, line, f) {
        Ok(out) => panic!("`{line}` succeeded: {out}"),
        Err(e) => e.message,
    }
}

/// A load balancer, a target group checking `path` (`interval` s, thresholds 2/2) and a
/// listener, with `delay` seconds of deregistration delay.
fn load_balancer(w: &mut World, f: &MapFiles, path: &str, delay: u32) {
    run(w, f, "aws elbv2 create-load-balancer --name web-alb --subnets subnet-0123456789abcdef0 subnet-0123456789abcdef1");
    run(w, f, &format!("aws elbv2 create-target-group --name web-tg --protocol HTTP --port 8080 --vpc-id vpc-0a1b2c3d4e5f67890 --target-type ip --health-check-path {path} --health-check-interval-seconds 5 --health-check-timeout-seconds 2 --healthy-threshold-count 2 --unhealthy-threshold-count 2 --matcher HttpCode=200"));
    run(w, f, &format!("aws elbv2 create-listener --load-balancer-arn {LB} --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={TG}"));
    run(w, f, &format!("aws elbv2 modify-target-group-attributes --target-group-arn {TG} --attributes Key=deregistration_delay.timeout_seconds,Value={delay}"));
}

fn health(w: &mut World, f: &MapFiles) -> String {
    run(
        w,
        f,
        &format!("aws elbv2 describe-target-health --target-group-arn {TG} --query TargetHealthDescriptions[].[Target.Port,TargetHealth.State,TargetHealth.Reason,TargetHealth.Description] --output text"),
    )
}

#[test]
fn the_arns_and_defaults_are_the_apis() {
    let f = files();
    let mut w = World::new(1);
    load_balancer(&mut w, &f, "/", 300);
    let tg = run(
        &mut w,
        &f,
        "aws elbv2 create-target-group --name plain --protocol HTTP --port 80 --vpc-id vpc-1",
    );
    let v: serde_json::Value = serde_json::from_str(&tg).unwrap();
    let t = &v["TargetGroups"][0];
    assert_eq!(
        (
            &t["HealthCheckIntervalSeconds"],
            &t["HealthCheckTimeoutSeconds"],
            &t["HealthyThresholdCount"],
            &t["UnhealthyThresholdCount"],
            &t["HealthCheckPath"],
            &t["Matcher"]["HttpCode"],
            &t["TargetType"],
        ),
        (
            &serde_json::json!(30),
            &serde_json::json!(5),
            &serde_json::json!(5),
            &serde_json::json!(2),
            &serde_json::json!("/"),
            &serde_json::json!("200"),
            &serde_json::json!("instance"),
        )
    );
    let arn = t["TargetGroupArn"].as_str().unwrap();
    assert!(
        arn.starts_with("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/plain/")
            && arn.rsplit('/').next().unwrap().len() == 16,
        "{arn}"
    );
    let attrs = run(
        &mut w,
        &f,
        &format!("aws elbv2 describe-target-group-attributes --target-group-arn {arn} --query \"Attributes[?Key=='deregistration_delay.timeout_seconds'].Value\" --output text"),
    );
    assert_eq!(attrs.trim(), "300");
    let dns = run(
        &mut w,
        &f,
        "aws elbv2 describe-load-balancers --names web-alb --query LoadBalancers[0].[DNSName,State.Code] --output text",
    );
    assert_eq!(
        dns.trim(),
        "web-alb-956625210.us-east-1.elb.amazonaws.com\tprovisioning"
    );
    w.advance_by(60_000);
    let dns = run(
        &mut w,
        &f,
        "aws elbv2 describe-load-balancers --query LoadBalancers[0].State.Code --output text",
    );
    assert_eq!(dns.trim(), "active");
}

/// The id of the service's task with this desired status.
fn task_id(w: &mut World, f: &MapFiles, desired: &str) -> String {
    let arns = run(
        w,
        f,
        &format!("aws ecs list-tasks --desired-status {desired} --query taskArns[0] --output text"),
    );
    arns.trim()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_targets_health_through_its_life() {
    let f = files();
    let mut w = World::new(1);
    load_balancer(&mut w, &f, "/healthz", 30);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    let svc = service(1, 0, TG, "web", 8080).replace(
        "\"minimumHealthyPercent\": 100",
        "\"minimumHealthyPercent\": 0",
    );
    let mut f2 = f.clone();
    f2.0.insert("one.json".into(), svc);
    run(
        &mut w,
        &f2,
        "aws ecs create-service --cli-input-json file://one.json",
    );
    // Every second, what changed: the task's lastStatus and its target's health.
    let mut timeline = String::new();
    let mut last = String::new();
    for at_s in 1..=60 {
        w.advance_to(at_s * 1000);
        let id = task_id(&mut w, &f2, "RUNNING");
        let status = if id == "None" {
            "none".to_string()
        } else {
            run(
                &mut w,
                &f2,
                &format!(
                    "aws ecs describe-tasks --tasks {id} --query tasks[0].lastStatus --output text"
                ),
            )
        };
        let h = health(&mut w, &f2);
        let now = format!(
            "{:<12} {}",
            status.trim(),
            if h.is_empty() { "(no targets)\n" } else { &h }
        );
        if now != last {
            timeline.push_str(&format!("t={at_s}s {now}"));
            last = now;
        }
    }
    // Scale to zero: the target drains for the deregistration delay, the task DEACTIVATING.
    run(
        &mut w,
        &f2,
        "aws ecs update-service --service web --desired-count 0",
    );
    w.advance_by(1_000);
    timeline.push_str("after scale-in: ");
    timeline.push_str(&health(&mut w, &f2));
    let id = task_id(&mut w, &f2, "STOPPED");
    let status = run(
        &mut w,
        &f2,
        &format!("aws ecs describe-tasks --tasks {id} --query tasks[0].[lastStatus,desiredStatus] --output text"),
    );
    timeline.push_str(&format!("task: {status}"));
    w.advance_by(31_000);
    let h = health(&mut w, &f2);
    let status = run(
        &mut w,
        &f2,
        &format!("aws ecs describe-tasks --tasks {id} --query tasks[0].lastStatus --output text"),
    );
    timeline.push_str(&format!(
        "after the delay: task {} targets [{}]\n",
        status.trim(),
        h.trim()
    ));
    expect_test::expect![[r#"
        t=1s PROVISIONING (no targets)
        t=20s PENDING      (no targets)
        t=22s ACTIVATING   (no targets)
        t=24s RUNNING      8080	initial	Elb.RegistrationInProgress	Target registration is in progress
        t=29s RUNNING      8080	initial	Elb.InitialHealthChecking	Initial health checks in progress
        t=34s RUNNING      8080	healthy	None	None
        after scale-in: 8080	draining	Target.DeregistrationInProgress	Target deregistration is in progress
        task: DEACTIVATING	STOPPED
        after the delay: task DEPROVISIONING targets []
    "#]]
    .assert_eq(&timeline);
}

#[test]
fn a_wrong_health_check_path_is_a_404_and_ecs_replaces_the_task_after_the_grace_period() {
    let f = files();
    let mut w = World::new(1);
    load_balancer(&mut w, &f, "/status", 30);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    let mut f2 = f.clone();
    f2.0.insert("one.json".into(), service(1, 40, TG, "web", 8080));
    run(
        &mut w,
        &f2,
        "aws ecs create-service --cli-input-json file://one.json",
    );
    w.advance_to(40_000);
    let whole = run(
        &mut w,
        &f2,
        &format!("aws elbv2 describe-target-health --target-group-arn {TG}"),
    );
    expect_test::expect![[r#"
        {
            "TargetHealthDescriptions": [
                {
                    "Target": {
                        "Id": "172.31.57.11",
                        "Port": 8080,
                        "AvailabilityZone": "us-east-1a"
                    },
                    "HealthCheckPort": "8080",
                    "TargetHealth": {
                        "State": "unhealthy",
                        "Reason": "Target.ResponseCodeMismatch",
                        "Description": "Health checks failed with these codes: [404]"
                    }
                }
            ]
        }
    "#]]
    .assert_eq(&whole);
    let h = health(&mut w, &f2);
    assert_eq!(
        h,
        "8080\tunhealthy\tTarget.ResponseCodeMismatch\tHealth checks failed with these codes: [404]\n"
    );
    // Within the grace period (the task started at about 22 s): not replaced yet.
    let stopped = run(
        &mut w,
        &f2,
        "aws ecs list-tasks --desired-status STOPPED --query taskArns --output text",
    );
    assert_eq!(stopped.trim(), "", "replaced within the grace period");
    w.drain_active_trace();
    w.advance_to(70_000);
    // What a shell narrates: the load balancer's checks, not the container's.
    let events_now = w.drain_active_trace();
    let first = w.events_emitted() + 1 - events_now.len() as u64;
    let mut narration = sunaba_core::world::narration::Narration::default();
    narration.hear(&w, first, &events_now);
    let said: Vec<String> = narration
        .lines()
        .map(|l| l.text(sunaba_core::world::narration::Language::En))
        .collect();
    assert!(
        said.iter()
            .any(|l| l.contains("(it failed its load balancer's health checks)")),
        "{said:?}"
    );
    let events = run(
        &mut w,
        &f2,
        "aws ecs describe-services --services web --query services[0].events[].message --output text",
    );
    assert!(
        events.contains(&format!("(port 8080) is unhealthy in (target-group {TG}) due to (reason Health checks failed with these codes: [404]).")),
        "{events}"
    );
    let stopped = run(
        &mut w,
        &f2,
        "aws ecs list-tasks --desired-status STOPPED --query taskArns[0] --output text",
    );
    let id = stopped.trim().rsplit('/').next().unwrap().to_string();
    let why = run(
        &mut w,
        &f2,
        &format!(
            "aws ecs describe-tasks --tasks {id} --query tasks[0].stoppedReason --output text"
        ),
    );
    assert_eq!(
        why.trim(),
        format!("Task failed ELB health checks in (target-group {TG})")
    );
}

/// Errors of a 6-task rolling deployment at 100 requests/s: (requests, errors).
fn rolling_deployment(delay: u32, service_file: &str) -> (u64, u64) {
    let f = files();
    let mut w = World::new(7);
    load_balancer(&mut w, &f, "/healthz", delay);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    run(
        &mut w,
        &f,
        &format!("aws ecs create-service --cli-input-json file://{service_file}"),
    );
    w.advance_to(90_000);
    let healthy = health(&mut w, &f);
    assert_eq!(healthy.matches("\thealthy\t").count(), 6, "{healthy}");
    run(&mut w, &f, "sim traffic web-alb 100");
    w.advance_by(10_000);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web2.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs update-service --service web --task-definition web:2",
    );
    w.advance_by(600_000);
    let done = run(
        &mut w,
        &f,
        "aws ecs describe-services --services web --query services[0].deployments[].[status,taskDefinition,runningCount] --output text",
    );
    assert!(
        done.starts_with("PRIMARY\tarn:aws:ecs:us-east-1:123456789012:task-definition/web:2\t6")
            && done.lines().count() == 1,
        "{done}"
    );
    let samples = &w.traffic_samples()["loadbalancer/web-alb"];
    let requests = samples.iter().map(|s| u64::from(s.requests)).sum();
    let errors = samples.iter().map(|s| u64::from(s.errors)).sum();
    (requests, errors)
}

#[test]
fn a_rolling_deployment_drops_nothing_with_a_deregistration_delay_and_drops_without() {
    let (requests, errors) = rolling_deployment(30, "svc.json");
    println!("with health checks, a 60 s grace period and a 30 s deregistration delay: {errors} errors of {requests} requests");
    assert!(requests >= 60_000, "{requests}");
    assert_eq!(errors, 0);
    let (requests, errors) = rolling_deployment(0, "svc-no-grace.json");
    println!(
        "without a grace period or a deregistration delay: {errors} errors of {requests} requests"
    );
    assert!(errors > 0, "{errors} of {requests}");
}

#[test]
fn bad_input_is_refused_in_the_apis_words_and_changes_nothing() {
    let f = files();
    let mut w = World::new(1);
    load_balancer(&mut w, &f, "/", 300);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    let before = run(&mut w, &f, "aws elbv2 describe-target-groups");
    let unknown = TG.replace("26707ef1", "00000000");
    let cases: Vec<(String, String)> = vec![
        (
            format!("aws elbv2 describe-target-health --target-group-arn {unknown}"),
            "An error occurred (TargetGroupNotFound) when calling the DescribeTargetHealth operation: One or more target groups not found".into(),
        ),
        (
            "aws elbv2 create-target-group --name web-tg --protocol HTTP --port 81 --vpc-id vpc-1".into(),
            "An error occurred (DuplicateTargetGroupName) when calling the CreateTargetGroup operation: A target group with the same name 'web-tg' exists, but with different settings".into(),
        ),
        (
            "aws elbv2 create-target-group --name bad_name --protocol HTTP --port 80 --vpc-id vpc-1".into(),
            "An error occurred (ValidationError) when calling the CreateTargetGroup operation: Target group name 'bad_name' can only contain characters that are alphanumeric characters or hyphens(-)".into(),
        ),
        (
            "aws elbv2 create-target-group --name t2 --protocol HTTP --port 80 --vpc-id vpc-1 --health-check-interval-seconds 5 --health-check-timeout-seconds 5".into(),
            "An error occurred (ValidationError) when calling the CreateTargetGroup operation: Health check interval must be greater than the timeout.".into(),
        ),
        (
            format!("aws elbv2 create-listener --load-balancer-arn {LB}x --port 81 --default-actions Type=forward,TargetGroupArn={TG}"),
            "An error occurred (LoadBalancerNotFound) when calling the CreateListener operation: One or more load balancers not found".into(),
        ),
        (
            format!("aws elbv2 delete-target-group --target-group-arn {TG}"),
            format!("An error occurred (ResourceInUse) when calling the DeleteTargetGroup operation: Target group '{TG}' is currently in use by a listener or a rule"),
        ),
        (
            "aws ecs create-service --cli-input-json file://svc-port.json".into(),
            "An error occurred (InvalidParameterException) when calling the CreateService operation: The container web did not have a container port 9999 defined.".into(),
        ),
        (
            "aws ecs create-service --cli-input-json file://svc-name.json".into(),
            "An error occurred (InvalidParameterException) when calling the CreateService operation: The container api does not exist in the task definition.".into(),
        ),
        (
            "aws ecs create-service --cli-input-json file://svc-unknown.json".into(),
            "An error occurred (InvalidParameterException) when calling the CreateService operation: Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.".into(),
        ),
    ];
    for (line, want) in &cases {
        assert_eq!(&fails(&mut w, &f, line), want, "{line}");
    }
    assert_eq!(run(&mut w, &f, "aws elbv2 describe-target-groups"), before);
    assert_eq!(
        run(
            &mut w,
            &f,
            "aws ecs list-services --query serviceArns --output text"
        )
        .trim(),
        ""
    );
    // Target type instance with awsvpc; a target group no load balancer uses.
    run(
        &mut w,
        &f,
        "aws elbv2 create-target-group --name inst --protocol HTTP --port 8080 --vpc-id vpc-1",
    );
    let inst = run(&mut w, &f, "aws elbv2 describe-target-groups --names inst --query TargetGroups[0].TargetGroupArn --output text");
    let inst = inst.trim();
    let mut f2 = f.clone();
    f2.0.insert("inst.json".into(), service(1, 0, inst, "web", 8080));
    assert_eq!(
        fails(&mut w, &f2, "aws ecs create-service --cli-input-json file://inst.json"),
        format!("An error occurred (InvalidParameterException) when calling the CreateService operation: The target group with targetGroupArn {inst} does not have an associated load balancer.")
    );
    run(&mut w, &f2, &format!("aws elbv2 create-listener --load-balancer-arn {LB} --port 8080 --default-actions Type=forward,TargetGroupArn={inst}"));
    assert_eq!(
        fails(&mut w, &f2, "aws ecs create-service --cli-input-json file://inst.json"),
        format!("An error occurred (InvalidParameterException) when calling the CreateService operation: The provided target group {inst} has target type instance, which is incompatible with the awsvpc network mode specified in the task definition.")
    );
    // A listener on a deleted target group.
    let listener = run(&mut w, &f2, &format!("aws elbv2 describe-listeners --load-balancer-arn {LB} --query \"Listeners[?Port==`8080`].ListenerArn\" --output text"));
    run(
        &mut w,
        &f2,
        &format!(
            "aws elbv2 delete-listener --listener-arn {}",
            listener.trim()
        ),
    );
    run(
        &mut w,
        &f2,
        &format!("aws elbv2 delete-target-group --target-group-arn {inst}"),
    );
    assert_eq!(
        fails(&mut w, &f2, &format!("aws elbv2 create-listener --load-balancer-arn {LB} --port 8080 --default-actions Type=forward,TargetGroupArn={inst}")),
        "An error occurred (TargetGroupNotFound) when calling the CreateListener operation: One or more target groups not found"
    );
    // A target group an ECS service uses is in use even without its listener.
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    let listener = run(&mut w, &f, &format!("aws elbv2 describe-listeners --load-balancer-arn {LB} --query Listeners[0].ListenerArn --output text"));
    run(
        &mut w,
        &f,
        &format!(
            "aws elbv2 delete-listener --listener-arn {}",
            listener.trim()
        ),
    );
    assert!(fails(
        &mut w,
        &f,
        &format!("aws elbv2 delete-target-group --target-group-arn {TG}")
    )
    .contains("(ResourceInUse)"));
}

#[test]
fn the_ecs_view_carries_the_load_balancer_its_target_groups_and_each_targets_health() {
    let f = files();
    let mut w = World::new(1);
    load_balancer(&mut w, &f, "/healthz", 30);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    w.advance_to(60_000);
    run(&mut w, &f, "sim traffic web-alb 10");
    let view = w.cluster_view().ecs;
    let lb = &view.load_balancers[0];
    assert_eq!(
        (lb.name.as_str(), lb.state.as_str(), lb.traffic_rate),
        ("web-alb", "active", 10)
    );
    assert_eq!(
        (lb.listeners[0].port, lb.listeners[0].target_group.as_str()),
        (80, "web-tg")
    );
    let tg = &view.target_groups[0];
    assert_eq!(tg.services, ["default/web"]);
    assert_eq!(tg.load_balancers, ["web-alb"]);
    let healthy = tg
        .targets
        .iter()
        .filter(|t| t.state.as_str() == "healthy" && t.task.is_some())
        .count();
    assert_eq!(healthy, 6, "{:?}", tg.targets);
    let json = serde_json::to_value(&view.target_groups[0].targets[0]).unwrap();
    assert_eq!(json["state"], "healthy");
}

#[test]
fn hostile_elbv2_input_is_refused_without_a_panic_and_changes_nothing() {
    let f = files();
    let mut w = World::new(1);
    load_balancer(&mut w, &f, "/", 300);
    let before = w.ecs().elb.clone();
    for line in [
        "aws elbv2 create-target-group --name x --protocol HTTP --port -1 --vpc-id v",
        "aws elbv2 create-target-group --name x --protocol HTTP --port 99999999999 --vpc-id v",
        "aws elbv2 create-target-group --name x --protocol HTTP --port 80 --vpc-id v --matcher HttpCode=",
        "aws elbv2 create-target-group --name x --protocol HTTP --port 80 --vpc-id v --matcher HttpCode=600",
        "aws elbv2 create-target-group --name x --protocol UDP --port 80 --vpc-id v",
        "aws elbv2 create-target-group --name x --protocol HTTP --port 80 --vpc-id v --health-check-path nope",
        "aws elbv2 create-target-group --name x --protocol HTTP --port 80 --vpc-id v --target-type lambda",
        "aws elbv2 create-target-group --name x --port 80 --vpc-id v",
        "aws elbv2 create-load-balancer --name x --subnets subnet-1",
        "aws elbv2 create-load-balancer --name internal-x --subnets subnet-1 subnet-2",
        "aws elbv2 create-load-balancer --name x --subnets subnet-1 subnet-2 --type network",
        "aws elbv2 create-listener --load-balancer-arn x --default-actions Type=forward",
        "aws elbv2 create-listener --load-balancer-arn x --default-actions Type=redirect",
        "aws elbv2 create-listener --load-balancer-arn x --default-actions '{'",
        "aws elbv2 register-targets --target-group-arn x --targets Id=1.2.3.4",
        "aws elbv2 register-targets --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7 --targets Id=nope",
        "aws elbv2 register-targets --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7 --targets Port=80",
        "aws elbv2 register-targets --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7 --targets Id=1.2.3.4,Port=-5",
        "aws elbv2 deregister-targets --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7 --targets Id=1.2.3.4",
        "aws elbv2 modify-target-group-attributes --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7 --attributes Key=deregistration_delay.timeout_seconds,Value=99999",
        "aws elbv2 modify-target-group-attributes --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7 --attributes Key=nope,Value=1",
        "aws elbv2 describe-listeners",
        "aws elbv2 describe-load-balancers --names nope",
        "aws elbv2 delete-listener --listener-arn nope",
        "aws elbv2 delete-load-balancer --load-balancer-arn nope",
        "aws elbv2 describe-target-health",
        "sim traffic nope 10",
        "sim traffic web-alb 9999999",
    ] {
        let e = fails(&mut w, &f, line);
        assert!(!e.is_empty() && e.len() < 2_000, "{line}: {e}");
        assert_eq!(w.ecs().elb, before, "{line} changed ELB's state");
    }
}

/// `modify-target-group` fixes a wrong health-check path in place: the unhealthy targets turn
/// healthy after `healthy_threshold` passing checks and the service stops replacing its tasks;
/// `update-service --health-check-grace-period-seconds` changes the grace period. Bad values are
/// refused in the APIs' words and change nothing.
#[test]
fn a_wrong_health_check_path_is_fixed_in_place_and_the_grace_period_updated() {
    let f = files();
    let mut w = World::new(1);
    load_balancer(&mut w, &f, "/api/health", 30);
    run(
        &mut w,
        &f,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    run(
        &mut w,
        &f,
        "aws ecs create-service --cli-input-json file://svc.json",
    );
    w.advance_to(50_000);
    assert_eq!(health(&mut w, &f).matches("\tunhealthy\t").count(), 6);
    let before = w.ecs().elb.clone();
    let unknown = TG.replace("26707ef1", "00000000");
    for (line, want) in [
        (
            format!("aws elbv2 modify-target-group --target-group-arn {unknown} --health-check-path /healthz"),
            "An error occurred (TargetGroupNotFound) when calling the ModifyTargetGroup operation: One or more target groups not found".to_string(),
        ),
        (
            format!("aws elbv2 modify-target-group --target-group-arn {TG} --health-check-timeout-seconds 6"),
            "An error occurred (ValidationError) when calling the ModifyTargetGroup operation: Health check interval must be greater than the timeout.".to_string(),
        ),
        (
            format!("aws elbv2 modify-target-group --target-group-arn {TG} --health-check-path healthz"),
            "An error occurred (ValidationError) when calling the ModifyTargetGroup operation: Health check path must begin with a '/' character, and can be at most 1024 characters in length".to_string(),
        ),
        (
            "aws ecs update-service --service web --health-check-grace-period-seconds soon".to_string(),
            "\nError parsing parameter '--health-check-grace-period-seconds': invalid literal for int() with base 10: 'soon'".to_string(),
        ),
    ] {
        assert_eq!(fails(&mut w, &f, &line), want, "{line}");
        assert_eq!(w.ecs().elb, before, "{line} changed ELB's state");
    }
    let out = run(
        &mut w,
        &f,
        &format!("aws elbv2 modify-target-group --target-group-arn {TG} --health-check-path /healthz --query TargetGroups[0].[HealthCheckPath,HealthCheckIntervalSeconds,HealthyThresholdCount,Matcher.HttpCode] --output text"),
    );
    assert_eq!(out, "/healthz\t5\t2\t200\n", "the other settings are kept");
    w.advance_by(15_000);
    assert_eq!(health(&mut w, &f).matches("\thealthy\t").count(), 6);
    let out = run(
        &mut w,
        &f,
        "aws ecs update-service --service web --health-check-grace-period-seconds 120 --query service.healthCheckGracePeriodSeconds",
    );
    assert_eq!(out, "120\n");
    // A service without load balancers takes no grace period, as ECS says; nothing changes.
    let plain = r#"{"serviceName": "plain", "taskDefinition": "web", "desiredCount": 0, "launchType": "FARGATE",
        "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0123456789abcdef0"]}}}"#;
    let mut f2 = f.clone();
    f2.0.insert("plain.json".into(), plain.into());
    run(
        &mut w,
        &f2,
        "aws ecs create-service --cli-input-json file://plain.json",
    );
    let before = run(&mut w, &f2, "aws ecs describe-services --services plain");
    assert_eq!(
        fails(&mut w, &f2, "aws ecs update-service --service plain --desired-count 2 --health-check-grace-period-seconds 60"),
        "An error occurred (InvalidParameterException) when calling the UpdateService operation: Health check grace period is only valid for services configured to use load balancers"
    );
    assert_eq!(
        run(&mut w, &f2, "aws ecs describe-services --services plain"),
        before
    );
}
