//! ECS environments behind a load balancer of their own: the folder's `target-group.json`
//! and `target-group-attributes.json` make `NAME-alb`, its target group and a listener; the
//! service is wired to it; its users send 10 requests/s. Traffic per environment shows in
//! `sim envs` and the environments view; prod keeps 0 errors through a rolling deployment
//! (health checks, grace period, deregistration delay); deleting an environment deletes its
//! load balancer and, once the service is INACTIVE, its target group; a move recreates them in
//! the other account, where the well-written app keeps serving.

use crate::common;

use sunaba_core::{MapFiles, World};

fn files() -> MapFiles {
    common::example_files("ecs/environments")
}

fn run(w: &mut World, line: &str) -> String {
    run_with(w, line, &files())
}

fn run_with(w: &mut World, line: &str, f: &MapFiles) -> String {
    sunaba_core::run(w, line, f).unwrap_or_else(|e| panic!("{line}: {}", e.message))
}

/// Sandbox (context `sunaba`) and prod (context `prod-cluster`), the app's secret in both.
fn two_accounts() -> World {
    let mut w = World::new(23);
    run(&mut w, "sim account create prod");
    run(
        &mut w,
        "sim cluster create prod-cluster --account prod --nodes 3",
    );
    run(
        &mut w,
        "aws ssm put-parameter --name /shop/db-password --type SecureString --value sandbox-pw",
    );
    run(
        &mut w,
        "aws --profile prod ssm put-parameter --name /shop/db-password --type SecureString --value prod-pw",
    );
    w
}

/// Requests and errors through a context's load balancer since `since_ms`.
fn traffic_since(w: &World, context: &str, lb: &str, since_ms: u64) -> (u64, u64) {
    let cw = w.cluster_world(context).expect("context");
    let samples = cw
        .traffic_samples()
        .remove(&format!("loadbalancer/{lb}"))
        .unwrap_or_default();
    samples
        .iter()
        .filter(|s| s.time_ms > since_ms)
        .fold((0, 0), |(r, e), s| {
            (r + u64::from(s.requests), e + u64::from(s.errors))
        })
}

#[test]
fn each_environment_gets_a_load_balancer_and_traffic_and_prod_drops_nothing_in_a_rollout() {
    let mut w = two_accounts();
    let out = run(&mut w, "sim env create test --from test --with-db");
    for step in [
        "$ aws --profile sandbox elbv2 create-load-balancer --name test-alb --subnets subnet-0a1b2c3d subnet-1a2b3c4d --security-groups sg-0a1b2c3d",
        "$ aws --profile sandbox elbv2 create-target-group --cli-input-json file://.sunaba/environments/sunaba/test/target-group.json",
        "--protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/test-tg/",
        "--cli-input-json file://test/target-group-attributes.json",
        "deregistration_delay.timeout_seconds = 30",
        "--cli-input-json file://.sunaba/environments/sunaba/test/service.json",
        "$ sim --context sunaba traffic test-alb 10",
    ] {
        assert!(out.contains(step), "{step} missing in\n{out}");
    }
    run(&mut w, "sim env create staging --from staging --with-db");
    run(
        &mut w,
        "sim env create prod --from prod --context prod-cluster --with-db",
    );
    run(&mut w, "sim wait 3m");
    // The service uses the environment's own target group, with the folder's health check.
    run(&mut w, "kubectl config use-context prod-cluster");
    let lb = run(
        &mut w,
        "aws ecs describe-services --cluster prod --services shop --query services[0].[loadBalancers[0].targetGroupArn,healthCheckGracePeriodSeconds] --output text",
    );
    assert!(
        lb.starts_with("arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/prod-tg/")
            && lb.trim_end().ends_with("\t60"),
        "{lb}"
    );
    let health = run(
        &mut w,
        "aws elbv2 describe-target-groups --names prod-tg --query TargetGroups[0].[HealthCheckPath,HealthCheckIntervalSeconds,HealthyThresholdCount] --output text",
    );
    assert_eq!(health, "/healthz\t10\t2\n");
    let targets = run(
        &mut w,
        &format!("aws elbv2 describe-target-health --target-group-arn {} --query TargetHealthDescriptions[].TargetHealth.State --output text", lb.split('\t').next().unwrap()),
    );
    assert_eq!(
        targets
            .split_whitespace()
            .filter(|s| *s == "healthy")
            .count(),
        6,
        "{targets}"
    );
    run(&mut w, "kubectl config use-context sunaba");
    // `sim envs` shows where each environment's users go and how it went.
    let envs = run(&mut w, "sim envs");
    for env in ["test", "staging", "prod"] {
        let row = envs
            .lines()
            .find(|l| l.starts_with(&format!("{env} ")) && l.contains(".elb.amazonaws.com"))
            .unwrap_or_else(|| panic!("no load balancer row for {env} in\n{envs}"));
        let cells: Vec<&str> = row.split_whitespace().collect();
        assert!(cells[2].starts_with(&format!("{env}-alb-")), "{row}");
        assert_eq!(&cells[3..], &["10/s", "300", "0"], "{row}");
    }
    // The environments view counts the same traffic on each card.
    let view = w.environments_view();
    let cards: Vec<_> = view.lanes.iter().flat_map(|l| &l.environments).collect();
    assert_eq!(cards.len(), 3);
    for c in &cards {
        assert_eq!((c.requests, c.errors), (300, 0), "{}", c.name);
    }
    // Prod: a task killed, then a rolling deployment, at 10 requests/s.
    let t0 = w.now_ms();
    run(&mut w, "kubectl config use-context prod-cluster");
    let task = run(
        &mut w,
        "aws ecs list-tasks --cluster prod --query taskArns[0] --output text",
    );
    let id = task.trim().rsplit('/').next().unwrap().to_string();
    run(&mut w, &format!("sim kill task/{id}"));
    run(&mut w, "sim wait 2m");
    let (_, after_kill) = traffic_since(&w, "prod-cluster", "prod-alb", t0);
    run(
        &mut w,
        "aws ecs update-service --cluster prod --service shop --force-new-deployment",
    );
    let t1 = w.now_ms();
    run(&mut w, "sim wait 6m");
    let rollout = run(
        &mut w,
        "aws ecs describe-services --cluster prod --services shop --query services[0].[runningCount,deployments[0].rolloutState,length(deployments)] --output text",
    );
    assert_eq!(rollout, "6\tCOMPLETED\t1\n");
    let (requests, errors) = traffic_since(&w, "prod-cluster", "prod-alb", t1);
    println!("prod: {after_kill} errors after a kill; rollout {errors} errors of {requests}");
    assert!(requests >= 3_500, "{requests}");
    assert_eq!(
        errors, 0,
        "a rolling deployment behind the load balancer drops nothing"
    );
    // Killing a task loses at most the requests already on their way to it.
    assert!(after_kill <= 10, "{after_kill}");
}

#[test]
fn deleting_an_environment_deletes_its_load_balancer_and_then_its_target_group() {
    let mut w = two_accounts();
    run(&mut w, "sim env create staging --from staging --with-db");
    run(&mut w, "sim wait 2m");
    let out = run(&mut w, "sim env delete staging");
    let at = |s: &str| {
        out.find(s)
            .unwrap_or_else(|| panic!("{s} missing in\n{out}"))
    };
    // After the service, as AWS requires: a target group in use cannot be deleted.
    assert!(at("ecs delete-service") < at("elbv2 delete-listener"));
    assert!(at("elbv2 delete-listener") < at("elbv2 delete-target-group"));
    assert!(at("elbv2 delete-target-group") < at("elbv2 delete-load-balancer"));
    assert!(
        out.contains("target group staging-tg is deleted when its service is INACTIVE"),
        "{out}"
    );
    let groups = |w: &mut World| {
        run(
            w,
            "aws elbv2 describe-target-groups --query TargetGroups[].TargetGroupName --output text",
        )
    };
    assert_eq!(groups(&mut w).trim(), "staging-tg", "still draining");
    let e = sunaba_core::run(&mut w, "sim env create staging --from staging", &files())
        .unwrap_err()
        .message;
    assert!(e.contains("is still being deleted"), "{e}");
    assert_eq!(
        run(&mut w, "aws elbv2 describe-load-balancers --query LoadBalancers[].LoadBalancerName --output text").trim(),
        ""
    );
    run(&mut w, "sim wait 2m");
    assert_eq!(
        groups(&mut w).trim(),
        "",
        "gone once the service is INACTIVE"
    );
    assert!(!run(&mut w, "sim envs").contains("elb.amazonaws.com"));
    // A name made again is free.
    run(&mut w, "sim env create staging --from staging");
}

#[test]
fn a_moved_environment_keeps_serving_through_its_new_load_balancer() {
    let mut w = two_accounts();
    run(&mut w, "sim env create staging --from staging --with-db");
    run(&mut w, "sim wait 2m");
    let out = run(&mut w, "sim env move staging --to prod-cluster");
    assert!(
        out.contains("$ aws --profile prod elbv2 create-load-balancer --name staging-alb")
            && out.contains("$ aws --profile sandbox elbv2 delete-load-balancer"),
        "{out}"
    );
    let t0 = w.now_ms();
    run(&mut w, "sim wait 3m");
    let (requests, errors) = traffic_since(&w, "prod-cluster", "staging-alb", t0 + 120_000);
    assert_eq!((requests, errors), (600, 0));
    let envs = run(&mut w, "sim envs");
    assert!(
        envs.lines()
            .any(|l| l.starts_with("staging ") && l.contains("prod-cluster") && l.contains("10/s")),
        "{envs}"
    );
    // The sandbox account's cluster holds none of it any more.
    run(&mut w, "kubectl config use-context sunaba");
    let left = run(
        &mut w,
        "aws elbv2 describe-target-groups --query TargetGroups[].TargetGroupName --output text",
    );
    assert_eq!(left.trim(), "");
}

#[test]
fn a_folder_whose_service_has_no_open_load_balancer_entry_is_refused_before_anything_is_made() {
    let mut f = files();
    f.0.insert(
        "lb-bad/task-definition.json".into(),
        f.0["staging/task-definition.json"].clone(),
    );
    f.0.insert(
        "lb-bad/target-group.json".into(),
        f.0["staging/target-group.json"].clone(),
    );
    // The service as it was before load balancers: one subnet, no loadBalancers.
    f.0.insert(
        "lb-bad/service.json".into(),
        r#"{"serviceName": "shop", "desiredCount": 1, "launchType": "FARGATE",
  "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a1b2c3d"]}}}"#
            .into(),
    );
    let mut w = two_accounts();
    let e = sunaba_core::run(&mut w, "sim env create bad --from lb-bad", &f).unwrap_err();
    assert!(
        e.message.contains(
            "lb-bad/service.json: no \"loadBalancers\" entry without a \"targetGroupArn\""
        ),
        "{}",
        e.message
    );
    // Entries that are not objects are never filled in (nor panicked on).
    f.0.insert(
        "lb-bad/service.json".into(),
        f.0["staging/service.json"].replace(
            r#""loadBalancers": [{"containerName": "app", "containerPort": 8080}]"#,
            r#""loadBalancers": [5, "x"]"#,
        ),
    );
    let e = sunaba_core::run(&mut w, "sim env create bad --from lb-bad", &f).unwrap_err();
    assert!(
        e.message.contains("no \"loadBalancers\" entry"),
        "{}",
        e.message
    );
    f.0.insert("lb-bad/target-group.json".into(), "[1]".into());
    let e = sunaba_core::run(&mut w, "sim env create bad --from lb-bad", &f).unwrap_err();
    assert_eq!(
        e.message,
        "error: lb-bad/target-group.json:1:1: expected a JSON object"
    );
    // A broken target group request: located, nothing made.
    f.0.insert(
        "lb-bad/target-group.json".into(),
        "{\n  \"Port\": 8080,\n  \"Bogus\": 1\n}\n".into(),
    );
    f.0.insert(
        "lb-bad/service.json".into(),
        f.0["staging/service.json"].clone(),
    );
    let e = sunaba_core::run(&mut w, "sim env create bad --from lb-bad", &f).unwrap_err();
    assert!(
        e.message.contains("Unknown parameter in input: \"Bogus\"")
            && e.message
                .contains("at file://.sunaba/environments/sunaba/bad/target-group.json:3:3")
            && e.message.contains("rolling back"),
        "{}",
        e.message
    );
    assert_eq!(
        run_with(&mut w, "aws elbv2 describe-load-balancers --query LoadBalancers[].LoadBalancerName --output text", &f).trim(),
        ""
    );
    assert_eq!(
        run_with(
            &mut w,
            "aws ecs list-clusters --query clusterArns --output text",
            &f
        )
        .trim(),
        "arn:aws:ecs:us-east-1:123456789012:cluster/default"
    );
    // A name too long for ELB's 32 characters is refused before anything is made.
    let e = sunaba_core::run(
        &mut w,
        "sim env create a-very-long-environment-name-x --from staging",
        &f,
    )
    .unwrap_err();
    assert!(
        e.message.contains("ELB allows at most 32 characters"),
        "{}",
        e.message
    );
}
