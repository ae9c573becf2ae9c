//! `sim side-by-side` for a Deployment a Service selects: the ECS twin goes behind a load
//! balancer whose target group checks what the readiness probe checks, and the same rollout
//! under the same traffic drops nothing on either side with a readiness probe and a preStop
//! sleep, and drops requests on both without them.

use sunaba_core::{MapFiles, World};

const TG: &str =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7";

/// The demo app as a Deployment of four, `probe` and `pre_stop` (YAML under the container, or
/// empty) added, and a Service `web` selecting it when `service`.
fn web(probe: &str, pre_stop: &str, service: bool) -> String {
    let mut y = format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: sunaba/demo-app:1.0
          ports:
            - name: http
              containerPort: 8080
{probe}{pre_stop}          resources:
            requests:
              cpu: 100m
              memory: 64Mi
"
    );
    if service {
        y.push_str(
            "---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
",
        );
    }
    y
}

const READINESS: &str = "          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 2
";
const PRE_STOP: &str = "          lifecycle:
            preStop:
              sleep:
                seconds: 10
";

fn files(yaml: String) -> MapFiles {
    let mut f = MapFiles::default();
    f.0.insert("web.yaml".into(), yaml);
    f
}

fn run(w: &mut World, f: &MapFiles, line: &str) -> String {
    sunaba_core::run(w, line, f).unwrap_or_else(|e| panic!("`{line}` failed: {}", e.message))
}

/// The world after `kubectl apply` and `sim side-by-side`, and what side-by-side printed.
fn translated(yaml: String) -> (World, MapFiles, String) {
    let f = files(yaml);
    let mut w = World::new(3);
    run(&mut w, &f, "sim nodes 3");
    run(&mut w, &f, "kubectl apply -f web.yaml");
    w.advance_by(30_000);
    let out = run(&mut w, &f, "sim side-by-side deployment/web");
    (w, f, out)
}

/// From the load balancer part of the output to its end.
fn load_balancer_part(out: &str) -> &str {
    let at = out.find("\nBehind a load balancer").unwrap_or(out.len());
    &out[at..]
}

#[test]
fn a_deployment_behind_a_service_gets_a_load_balancer_checking_its_readiness_path() {
    let (mut w, f, out) = translated(web(READINESS, PRE_STOP, true));
    expect_test::expect![[r#"

        Behind a load balancer, as service/web is in Kubernetes (the same as typing):
          aws elbv2 create-load-balancer --name web-alb --subnets subnet-0123456789abcdef0 subnet-0123456789abcdef1
          aws elbv2 create-target-group --name web-tg --protocol HTTP --port 8080 --vpc-id vpc-0a1b2c3d4e5f67890 --target-type instance --health-check-path /healthz --health-check-interval-seconds 5 --health-check-timeout-seconds 2 --healthy-threshold-count 2 --unhealthy-threshold-count 3 --matcher HttpCode=200-399
          aws elbv2 create-listener --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/330f103a4c29cf12 --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7
          aws elbv2 modify-target-group-attributes --target-group-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/26707ef1b16277b7 --attributes Key=deregistration_delay.timeout_seconds,Value=10

        What differs:
        - a crashed container: Kubernetes restarts it in place (RESTARTS +1, back-off 10 s … 5 min); ECS stops the task and its service starts a new one
        - rollout bounds for 4 replicas: Kubernetes maxSurge rounds up, maxUnavailable down → at most 5 pods, at least 3 available; ECS maximumPercent 125 % rounds down, minimumHealthyPercent 75 % up → at most 5 tasks, at least 3 healthy
        - probes: readiness decides traffic and liveness restarts; an ECS health check only marks the task UNHEALTHY, and the service replaces it
        - no room: a pod waits Pending (FailedScheduling); ECS reports "unable to place a task" and retries
        - ready and stopping: Kubernetes sends a pod requests from service/web once its readiness probe passes (every 2 s, ready after 1 success, out after 3 failures); ECS sends a task requests from web-alb once its target passes the target group's health check (GET /healthz every 5 s, healthy after 2, unhealthy after 3); on the way out the pod leaves the endpoints, preStop sleeps 10 s, then SIGTERM; the target drains for 10 s (deregistration delay), then ECS stops the task (SIGTERM)
        - readiness periodSeconds 2 → health check interval 5 s (ALB allows 5–300 s)
        - readiness timeoutSeconds 1 → health check timeout 2 s (ALB allows 2–120 s, below the interval)
        - readiness successThreshold 1 → healthy threshold 2 (ALB allows 2–10): a new target needs 2 passing checks, 10 s at best, before it gets requests
        - no initialDelaySeconds: healthCheckGracePeriodSeconds 60 — a pod that is not ready is only kept out of the Service, while ECS replaces a task whose target turns unhealthy, so new tasks get 60 s to start
        - preStop sleeps 10 s after the pod leaves the endpoints, before SIGTERM: deregistration delay 10 s drains the target as long before ECS stops the task
    "#]]
    .assert_eq(load_balancer_part(&out));
    // What the AWS CLI then says about what was made.
    let svc = run(
        &mut w,
        &f,
        "aws ecs describe-services --services web --query services[0].[healthCheckGracePeriodSeconds,loadBalancers[0].containerName,loadBalancers[0].containerPort] --output text",
    );
    assert_eq!(svc, "60\tweb\t8080\n");
    let tg = run(
        &mut w,
        &f,
        "aws elbv2 describe-target-groups --names web-tg --query TargetGroups[0].[TargetType,Port,HealthCheckPath,HealthCheckIntervalSeconds,HealthCheckTimeoutSeconds,HealthyThresholdCount,UnhealthyThresholdCount,Matcher.HttpCode,LoadBalancerArns[0]] --output text",
    );
    assert_eq!(
        tg,
        "instance\t8080\t/healthz\t5\t2\t2\t3\t200-399\tarn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/330f103a4c29cf12\n"
    );
    let delay = run(
        &mut w,
        &f,
        &format!("aws elbv2 describe-target-group-attributes --target-group-arn {TG} --query \"Attributes[?Key=='deregistration_delay.timeout_seconds'].Value\" --output text"),
    );
    assert_eq!(delay.trim(), "10");
    // Every task turns into a healthy target.
    w.advance_by(90_000);
    let health = run(
        &mut w,
        &f,
        &format!("aws elbv2 describe-target-health --target-group-arn {TG} --query TargetHealthDescriptions[].TargetHealth.State --output text"),
    );
    assert_eq!(health.trim(), "healthy\thealthy\thealthy\thealthy");
    // Running it again rolls the service; the load balancer is the one there is.
    let again = run(&mut w, &f, "sim side-by-side deployment/web");
    assert!(!again.contains("Behind a load balancer"), "{again}");
    assert!(again.contains("- ready and stopping:"), "{again}");
    assert_eq!(w.ecs().elb.load_balancers.len(), 1);
    assert_eq!(w.ecs().elb.target_groups.len(), 1);
}

#[test]
fn values_outside_albs_ranges_are_brought_in_and_said() {
    let probe = "          readinessProbe:
            httpGet:
              path: healthz
              port: 9090
            initialDelaySeconds: 15
            periodSeconds: 400
            timeoutSeconds: 500
            successThreshold: 1
            failureThreshold: 1
";
    let pre_stop = "          lifecycle:
            preStop:
              exec:
                command: [\"/bin/sh\", \"-c\", \"sleep 45\"]
      terminationGracePeriodSeconds: 30
";
    // terminationGracePeriodSeconds belongs to the pod: put it after the containers.
    let yaml = web(probe, "", true).replace(
        "              memory: 64Mi\n",
        &format!(
            "              memory: 64Mi\n{}",
            pre_stop.replace("      terminationGracePeriodSeconds: 30\n", "")
        ),
    );
    let yaml = yaml.replace(
        "      containers:\n",
        "      terminationGracePeriodSeconds: 30\n      containers:\n",
    );
    let (w, _, out) = translated(yaml);
    let notes: Vec<&str> = load_balancer_part(&out)
        .lines()
        .skip_while(|l| !l.starts_with("- ready and stopping"))
        .collect();
    expect_test::expect![[r#"
        - ready and stopping: Kubernetes sends a pod requests from service/web once its readiness probe passes (every 400 s, ready after 1 success, out after 1 failure); ECS sends a task requests from web-alb once its target passes the target group's health check (GET /healthz every 300 s, healthy after 2, unhealthy after 2); on the way out the pod leaves the endpoints, preStop sleeps 45 s, then SIGTERM; the target drains for 30 s (deregistration delay), then ECS stops the task (SIGTERM)
        - readiness periodSeconds 400 → health check interval 300 s (ALB allows 5–300 s)
        - readiness timeoutSeconds 500 → health check timeout 120 s (ALB allows 2–120 s, below the interval)
        - readiness successThreshold 1 → healthy threshold 2 (ALB allows 2–10): a new target needs 2 passing checks, 600 s at best, before it gets requests
        - readiness failureThreshold 1 → unhealthy threshold 2 (ALB allows 2–10)
        - the readiness probe checks another port than service/web reaches: the target group checks the traffic port (8080 in the container)
        - readiness initialDelaySeconds 15 → healthCheckGracePeriodSeconds 15
        - preStop sleeps 45 s, cut to 30 s (terminationGracePeriodSeconds and the API's 3,600 s): deregistration delay 30 s"#]]
    .assert_eq(&notes.join("\n"));
    let tg = w.ecs().elb.target_groups.values().next().unwrap();
    assert_eq!(
        (
            tg.health_check.interval_s,
            tg.health_check.timeout_s,
            tg.deregistration_delay_s
        ),
        (300, 120, 30)
    );
}

#[test]
fn without_a_service_the_translation_has_no_load_balancer() {
    let (w, _, out) = translated(web(READINESS, PRE_STOP, false));
    assert!(!out.contains("load balancer"), "{out}");
    assert!(w.ecs().elb.load_balancers.is_empty());
    let svc = w.ecs().services.values().next().unwrap();
    assert!(svc.definition.load_balancers.is_empty());
    assert_eq!(svc.definition.health_check_grace_period_seconds, 0);
}

#[test]
fn without_a_readiness_probe_the_target_group_keeps_albs_default_check_and_it_passes() {
    let (mut w, f, out) = translated(web("", "", true));
    assert!(
        out.contains("- no readiness probe: the target group keeps ALB's default health check (GET / every 30 s, healthy after 5, unhealthy after 2)"),
        "{out}"
    );
    assert!(
        out.contains("- no preStop: the pod gets SIGTERM as it leaves the endpoints; deregistration delay 0 s does the same"),
        "{out}"
    );
    // The demo app answers / with 200: its targets turn healthy, after 5 checks 30 s apart.
    w.advance_by(120_000);
    let health = run(
        &mut w,
        &f,
        &format!("aws elbv2 describe-target-health --target-group-arn {TG} --query TargetHealthDescriptions[].TargetHealth.State --output text"),
    );
    assert_eq!(health.trim(), "initial\tinitial\tinitial\tinitial");
    w.advance_by(90_000);
    let health = run(
        &mut w,
        &f,
        &format!("aws elbv2 describe-target-health --target-group-arn {TG} --query TargetHealthDescriptions[].TargetHealth.State --output text"),
    );
    assert_eq!(health.trim(), "healthy\thealthy\thealthy\thealthy");
}

#[test]
fn what_this_call_made_is_removed_when_the_load_balancer_cannot_be_completed() {
    let f = files(web(READINESS, PRE_STOP, true));
    let mut w = World::new(3);
    run(&mut w, &f, "kubectl apply -f web.yaml");
    // web-alb exists already, its port 80 forwarding elsewhere.
    run(&mut w, &f, "aws elbv2 create-load-balancer --name web-alb --subnets subnet-0123456789abcdef0 subnet-0123456789abcdef1");
    let other = run(&mut w, &f, "aws elbv2 create-target-group --name other --protocol HTTP --port 80 --vpc-id vpc-0a1b2c3d4e5f67890 --query TargetGroups[0].TargetGroupArn --output text");
    run(&mut w, &f, &format!("aws elbv2 create-listener --load-balancer-arn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-alb/330f103a4c29cf12 --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn={}", other.trim()));
    let elb = |w: &World| {
        let e = &w.ecs().elb;
        format!("{:?}", (&e.load_balancers, &e.target_groups, &e.listeners))
    };
    let before = elb(&w);
    let e = sunaba_core::run(&mut w, "sim side-by-side deployment/web", &f).unwrap_err();
    assert_eq!(
        e.message,
        "An error occurred (DuplicateListener) when calling the CreateListener operation: A listener already exists on this port for this load balancer"
    );
    assert_eq!(elb(&w), before, "the new target group is gone again");
    assert!(w.ecs().services.is_empty());
    assert!(w.ecs().families.is_empty(), "no task definition registered");
}

/// A 4-replica rollout on both sides under 100 requests/s each: `kubectl rollout restart` and
/// `aws ecs update-service --force-new-deployment` at the same instant; (requests, errors) of
/// the Service's flow and of the load balancer's, from the rollout until both are done.
fn same_rollout(yaml: String) -> ((u64, u64), (u64, u64)) {
    let (mut w, f, _) = translated(yaml);
    w.advance_by(240_000);
    run(&mut w, &f, "sim traffic web 100");
    run(&mut w, &f, "sim traffic web-alb 100");
    w.advance_by(10_000);
    let from_ms = w.now_ms();
    run(&mut w, &f, "kubectl rollout restart deployment/web");
    run(
        &mut w,
        &f,
        "aws ecs update-service --service web --force-new-deployment",
    );
    w.advance_by(300_000);
    let status = run(&mut w, &f, "kubectl rollout status deployment/web");
    assert!(status.contains("successfully rolled out"), "{status}");
    let done = run(
        &mut w,
        &f,
        "aws ecs describe-services --services web --query services[0].deployments[].[status,rolloutState] --output text",
    );
    assert_eq!(done, "PRIMARY\tCOMPLETED\n");
    let samples = w.traffic_samples();
    let sum = |key: &str| {
        samples[key]
            .iter()
            .filter(|s| s.time_ms > from_ms)
            .fold((0, 0), |(r, e), s| {
                (r + u64::from(s.requests), e + u64::from(s.errors))
            })
    };
    (sum("default/web"), sum("loadbalancer/web-alb"))
}

#[test]
fn the_same_rollout_drops_nothing_on_either_side_with_readiness_and_pre_stop_and_drops_on_both_without(
) {
    let (k8s, ecs) = same_rollout(web(READINESS, PRE_STOP, true));
    println!(
        "with a readiness probe and preStop: Service {} errors of {} requests, load balancer {} of {}",
        k8s.1, k8s.0, ecs.1, ecs.0
    );
    assert!(k8s.0 >= 29_000 && ecs.0 >= 29_000, "{k8s:?} {ecs:?}");
    assert_eq!((k8s.1, ecs.1), (0, 0));
    let (k8s, ecs) = same_rollout(web("", "", true));
    println!(
        "without: Service {} errors of {} requests, load balancer {} of {}",
        k8s.1, k8s.0, ecs.1, ecs.0
    );
    assert!(k8s.1 > 0, "{k8s:?}");
    assert!(ecs.1 > 0, "{ecs:?}");
}

#[test]
fn the_views_carry_both_sides_numbers_for_the_shells() {
    let (mut w, f, _) = translated(web(READINESS, PRE_STOP, true));
    let view = w.cluster_view();
    let d = &view.deployments[0];
    assert_eq!(d.service.as_deref(), Some("web"));
    let p = d.readiness.as_ref().unwrap();
    assert_eq!(
        (p.period_s, p.success_threshold, p.failure_threshold),
        (2, 1, 3)
    );
    assert_eq!(d.pre_stop_ms, Some(10_000));
    assert_eq!(d.rollout_started_ms, 0);
    let s = &view.ecs.services[0];
    assert_eq!(s.target_groups, ["web-tg"]);
    assert_eq!(s.health_check_grace_period_s, 60);
    assert_eq!(s.deployments[0].created_ms, 30_000);
    w.advance_by(5_000);
    run(&mut w, &f, "kubectl rollout restart deployment/web");
    run(
        &mut w,
        &f,
        "aws ecs update-service --service web --force-new-deployment",
    );
    let view = w.cluster_view();
    assert_eq!(view.deployments[0].rollout_started_ms, 35_000);
    assert_eq!(view.ecs.services[0].deployments[0].created_ms, 35_000);
    // Without a Service: no Service and no target groups.
    let (w, _, _) = translated(web("", "", false));
    let view = w.cluster_view();
    assert_eq!(
        (
            view.deployments[0].service.as_deref(),
            &view.deployments[0].readiness,
            view.deployments[0].pre_stop_ms
        ),
        (None, &None, None)
    );
    assert!(view.ecs.services[0].target_groups.is_empty());
}

#[test]
fn a_service_made_after_the_twin_is_said_to_need_a_new_twin() {
    let mut f = files(web(READINESS, PRE_STOP, false));
    let mut w = World::new(3);
    run(&mut w, &f, "kubectl apply -f web.yaml");
    run(&mut w, &f, "sim side-by-side deployment/web");
    f.0.insert("web.yaml".into(), web(READINESS, PRE_STOP, true));
    run(&mut w, &f, "kubectl apply -f web.yaml");
    let again = run(&mut w, &f, "sim side-by-side deployment/web");
    assert!(
        again.ends_with("- service web was created without a load balancer and keeps none: delete it (aws ecs delete-service --service web --force) and run sim side-by-side again to put it behind web-alb\n"),
        "{again}"
    );
    assert!(w.ecs().elb.load_balancers.is_empty());
    run(&mut w, &f, "aws ecs delete-service --service web --force");
    w.advance_by(60_000);
    let fresh = run(&mut w, &f, "sim side-by-side deployment/web");
    assert!(fresh.contains("Behind a load balancer"), "{fresh}");
    assert_eq!(w.ecs().elb.load_balancers.len(), 1);
}
