//! Amazon ECS task and service definitions (`--cli-input-json` inputs): recognised by shape,
//! accepted when realistic, refused with ECS's own reasons at their line and column.

use sunaba_core::input::definitions::{ecs, load, EcsDefinition, Severity};

const FARGATE_WEB: &str = r#"{
  "family": "web",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "awsvpc",
  "cpu": "256",
  "memory": "512",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "containerDefinitions": [
    {
      "name": "web",
      "image": "nginx:1.27",
      "essential": true,
      "portMappings": [{ "containerPort": 80, "protocol": "tcp" }],
      "environment": [{ "name": "STAGE", "value": "prod" }],
      "secrets": [{ "name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db" }],
      "healthCheck": { "command": ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], "startPeriod": 10 },
      "logConfiguration": {
        "logDriver": "awslogs",
        "options": { "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web" }
      }
    }
  ]
}"#;

const EC2_WITH_SIDECAR: &str = r#"{
  "family": "api",
  "requiresCompatibilities": ["EC2"],
  "containerDefinitions": [
    {
      "name": "envoy",
      "image": "envoyproxy/envoy:v1.31",
      "memoryReservation": 64,
      "essential": true,
      "healthCheck": { "command": ["CMD-SHELL", "curl -s http://localhost:9901/ready"] }
    },
    {
      "name": "migrate",
      "image": "busybox:1.36",
      "memory": 64,
      "essential": false,
      "command": ["sh", "-c", "echo migrating; sleep 5"]
    },
    {
      "name": "api",
      "image": "sunaba/demo-app:1.0",
      "cpu": 256,
      "memory": 512,
      "memoryReservation": 256,
      "stopTimeout": 60,
      "portMappings": [{ "containerPort": 8080, "hostPort": 0 }],
      "dependsOn": [
        { "containerName": "envoy", "condition": "HEALTHY" },
        { "containerName": "migrate", "condition": "SUCCESS" }
      ]
    }
  ]
}"#;

const SERVICE: &str = r#"{
  "cluster": "prod",
  "serviceName": "api",
  "taskDefinition": "api:3",
  "desiredCount": 6,
  "launchType": "EC2",
  "deploymentConfiguration": {
    "minimumHealthyPercent": 50,
    "maximumPercent": 150,
    "deploymentCircuitBreaker": { "enable": true, "rollback": true }
  },
  "placementStrategy": [
    { "type": "spread", "field": "attribute:ecs.availability-zone" },
    { "type": "binpack", "field": "memory" }
  ],
  "placementConstraints": [{ "type": "distinctInstance" }],
  "healthCheckGracePeriodSeconds": 30
}"#;

fn errors(file: &str, text: &str) -> Vec<String> {
    load(file, text)
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn realistic_task_and_service_definitions_are_accepted_with_ecs_defaults() {
    let web = load("web.json", FARGATE_WEB);
    assert!(!web.has_errors(), "{:?}", web.diagnostics);
    assert!(web.objects.is_empty());
    let EcsDefinition::Task(t) = &web.ecs[0].definition else {
        panic!("a task definition")
    };
    assert_eq!(
        (t.family.as_str(), t.cpu, t.memory),
        ("web", Some(256), Some(512))
    );
    assert_eq!(t.network_mode, ecs::NetworkMode::Awsvpc);
    let c = &t.containers[0];
    let hc = c.health_check.as_ref().expect("health check");
    assert_eq!(
        (hc.interval, hc.timeout, hc.retries, hc.start_period),
        (30, 5, 3, 10),
        "ECS's defaults"
    );
    assert_eq!(
        (c.stop_timeout, c.log_driver.as_deref()),
        (30, Some("awslogs"))
    );
    // executionRoleArn is accepted, named in a warning as not simulated.
    assert!(web
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message.contains("executionRoleArn")));

    let api = load("api.json", EC2_WITH_SIDECAR);
    assert!(!api.has_errors(), "{:?}", api.diagnostics);
    let EcsDefinition::Task(t) = &api.ecs[0].definition else {
        panic!()
    };
    assert_eq!(t.containers.len(), 3);
    assert!(
        !t.containers[1].essential && t.containers[2].essential,
        "essential defaults to true"
    );
    assert_eq!(t.containers[2].depends_on.len(), 2);
    assert_eq!(t.containers[2].stop_timeout, 60);

    let svc = load("svc.json", SERVICE);
    assert!(!svc.has_errors(), "{:?}", svc.diagnostics);
    let EcsDefinition::Service(s) = &svc.ecs[0].definition else {
        panic!("a service")
    };
    assert_eq!(
        (
            s.desired_count,
            s.minimum_healthy_percent,
            s.maximum_percent
        ),
        (6, 50, 150)
    );
    assert_eq!(s.circuit_breaker, Some((true, true)));
    assert_eq!(s.placement_strategy.len(), 2);
}

#[test]
fn invalid_task_definitions_are_refused_with_ecs_reasons_at_their_location() {
    let cases: &[(&str, &str)] = &[
        (r#"{"family": "x", "containerDefinitions": []}"#, "1:41: error: ClientException: Container list cannot be empty."),
        (
            "{\"family\": \"x\",\n \"containerDefinitions\": [{\"name\": \"a\", \"image\": \"nginx\", \"memory\": 128, \"essential\": false}]}",
            "2:26: error: ClientException: Task definition doesn't have any essential container.",
        ),
        (
            "{\"family\": \"x\",\n \"containerDefinitions\": [\n  {\"name\": \"web\", \"image\": \"nginx\"}]}",
            "3:3: error: ClientException: Invalid setting for container 'web'. At least one of 'memory' or 'memoryReservation' must be specified.",
        ),
        (
            r#"{"family": "x", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "1024", "memory": "1024", "containerDefinitions": [{"name": "a", "image": "nginx"}]}"#,
            "ClientException: No Fargate configuration exists for given values: 1024 CPU, 1024 memory. See the Amazon ECS documentation for the valid values.",
        ),
        (
            r#"{"family": "x", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512", "containerDefinitions": [{"name": "a", "image": "nginx"}]}"#,
            "ClientException: Fargate only supports network mode 'awsvpc'.",
        ),
        (
            r#"{"family": "x", "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "image": "nginx"}]}"#,
            "ClientException: Fargate requires that 'cpu' be defined at the task level.",
        ),
        (
            r#"{"family": "x", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64, "dependsOn": [{"containerName": "b", "condition": "SUCCESS"}]}, {"name": "b", "image": "busybox", "memory": 64}]}"#,
            "ClientException: A dependency container with SUCCESS or COMPLETE condition cannot be an essential container",
        ),
        (
            r#"{"family": "x", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": "512"}]}"#,
            "Parameter validation failed: Invalid type for parameter containerDefinitions[0].memory, value: \"512\", type: <class 'str'>, valid types: <class 'int'>",
        ),
        (
            r#"{"family": "x", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64, "memmory": 1}]}"#,
            "Parameter validation failed: Unknown parameter in containerDefinitions[0]: \"memmory\", must be one of:",
        ),
        (
            r#"{"family": "x", "containerDefinitions": [{"name": "a", "image": "nginx", "memory": 64, "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}}}]}"#,
            "ClientException: Log driver awslogs requires options: awslogs-region",
        ),
    ];
    for (text, expected) in cases {
        let found = errors("td.json", text);
        assert!(
            found.iter().any(|e| e.contains(expected)),
            "expected {expected:?} for {text}\ngot {found:#?}"
        );
        assert!(load("td.json", text).ecs.is_empty(), "refused: {text}");
    }
}

#[test]
fn the_fargate_size_table_is_enforced() {
    for (cpu, ok, bad) in [
        (256, vec![512, 1024, 2048], vec![256, 3072, 4096]),
        (512, vec![1024, 2048, 4096], vec![512, 1536, 5120]),
        (1024, vec![2048, 8192], vec![1024, 9216]),
        (4096, vec![8192, 30720], vec![31744, 4096]),
        (8192, vec![16384, 20480, 61440], vec![17408, 65536]),
        (16384, vec![32768, 40960, 122880], vec![36864, 131072]),
    ] {
        for m in ok {
            assert!(
                ecs::fargate_memory_allowed(cpu, m),
                "{cpu} CPU, {m} MiB is valid"
            );
        }
        for m in bad {
            assert!(
                !ecs::fargate_memory_allowed(cpu, m),
                "{cpu} CPU, {m} MiB is not"
            );
        }
    }
    assert!(!ecs::fargate_memory_allowed(128, 512));
}

#[test]
fn invalid_services_are_refused() {
    let bad_max = SERVICE.replace("\"maximumPercent\": 150", "\"maximumPercent\": 40");
    assert!(errors("s.json", &bad_max).iter().any(
        |e| e.contains("maximumPercent must be greater than or equal to minimumHealthyPercent")
    ));
    let fargate = SERVICE.replace("\"launchType\": \"EC2\"", "\"launchType\": \"FARGATE\"");
    assert!(errors("s.json", &fargate)
        .iter()
        .any(|e| e.contains("not supported with FARGATE")));
    let no_td = SERVICE.replace("\"taskDefinition\": \"api:3\",", "");
    assert!(errors("s.json", &no_td)
        .iter()
        .any(|e| e.contains("InvalidParameterException: TaskDefinition can not be blank.")));
}

#[test]
fn kubectl_apply_of_an_ecs_file_says_which_tool_takes_it() {
    let mut f = sunaba_core::MapFiles::default();
    f.0.insert("web.json".into(), FARGATE_WEB.into());
    let mut w = sunaba_core::World::new(1);
    let e = sunaba_core::run(&mut w, "kubectl apply -f web.json", &f)
        .unwrap_err()
        .message;
    assert!(
        e.contains("this is an Amazon ECS task definition, not a Kubernetes object"),
        "{e}"
    );
    assert!(
        e.contains("aws ecs register-task-definition --cli-input-json file://web.json"),
        "{e}"
    );
}

#[test]
fn hostile_ecs_inputs_never_panic() {
    for text in [
        r#"{"containerDefinitions": 5}"#,
        r#"{"containerDefinitions": [null, 1, "x", [], {}]}"#,
        r#"{"family": 1, "containerDefinitions": [{"name": 2, "image": [], "cpu": -5, "memory": 99999999999999}]}"#,
        r#"{"serviceName": [], "deploymentConfiguration": 7, "placementStrategy": [{"type": "x"}]}"#,
        r#"{"serviceName": "s", "taskDefinition": "t", "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": "yes"}}}"#,
        r#"{"family": "x", "containerDefinitions": [{"name": "a", "image": "b", "memory": 1, "healthCheck": {"command": [], "interval": 9999}}]}"#,
    ] {
        let loaded = load("h.json", text);
        assert!(loaded.has_errors(), "{text}");
        assert!(loaded.ecs.is_empty());
    }
}
