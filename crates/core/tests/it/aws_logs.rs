//! `aws logs`: the streams of ECS tasks that log with `awslogs`, their events, and the log
//! groups' life.

use expect_test::expect;
use sunaba_core::{MapFiles, World};

const TASK: &str = r#"{"family": "hello", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
 "containerDefinitions": [{"name": "app", "image": "busybox", "command": ["sh", "-c", "echo hello from ECS; sleep 3600"],
  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/hello", "awslogs-region": "us-east-1",
   "awslogs-stream-prefix": "ecs", "awslogs-create-group": "true"}}}]}"#;

fn run(w: &mut World, f: &MapFiles, line: &str) -> Result<String, String> {
    sunaba_core::run(w, line, f).map_err(|e| e.message)
}

#[test]
fn a_task_logging_with_awslogs_fills_its_stream() {
    let mut f = MapFiles::default();
    f.0.insert("t.json".into(), TASK.into());
    let mut w = World::new(1);
    let mut out = String::new();
    for line in [
        "aws logs describe-log-groups --query logGroups[].logGroupName --output text",
        "aws ecs register-task-definition --cli-input-json file://t.json --query taskDefinition.revision",
        "aws ecs run-task --task-definition hello --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]} --query tasks[0].lastStatus",
        "sim wait 60s",
        "aws logs describe-log-groups --query logGroups[].[logGroupName,creationTime] --output text",
        "aws logs describe-log-streams --log-group-name /ecs/hello --query logStreams[].logStreamName --output text",
        "aws logs tail /ecs/hello",
        "aws logs create-log-group --log-group-name /ecs/hello",
        "aws logs create-log-group --log-group-name mine",
        "aws logs describe-log-groups --log-group-name-prefix mi --query logGroups[].logGroupName --output text",
        "aws logs delete-log-group --log-group-name mine",
        "aws logs delete-log-group --log-group-name mine",
        "aws logs get-log-events --log-group-name /ecs/hello --log-stream-name nope",
        "aws logs describe-log-streams --log-group-name nope",
    ] {
        out.push_str(&format!("$ {line}\n"));
        match run(&mut w, &f, line) {
            Ok(o) => out.push_str(&o),
            Err(e) => out.push_str(&format!("error: {}\n", e.trim_start())),
        }
    }
    let stream = run(
        &mut w,
        &f,
        "aws logs describe-log-streams --log-group-name /ecs/hello --query logStreams[0].logStreamName --output text",
    )
    .unwrap();
    let events = run(
        &mut w,
        &f,
        &format!(
            "aws logs get-log-events --log-group-name /ecs/hello --log-stream-name {} --query events[].message --output text",
            stream.trim()
        ),
    )
    .unwrap();
    assert_eq!(events, "hello from ECS\n");
    expect![[r#"
        $ aws logs describe-log-groups --query logGroups[].logGroupName --output text
        $ aws ecs register-task-definition --cli-input-json file://t.json --query taskDefinition.revision
        1
        $ aws ecs run-task --task-definition hello --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]} --query tasks[0].lastStatus
        "PROVISIONING"
        $ sim wait 60s
        t=60s
        $ aws logs describe-log-groups --query logGroups[].[logGroupName,creationTime] --output text
        /ecs/hello	1795860020602
        $ aws logs describe-log-streams --log-group-name /ecs/hello --query logStreams[].logStreamName --output text
        ecs/app/db51d062deef24832336c550332b3e7f
        $ aws logs tail /ecs/hello
        2026-11-28T10:00:20.602000+00:00 ecs/app/db51d062deef24832336c550332b3e7f hello from ECS
        $ aws logs create-log-group --log-group-name /ecs/hello
        error: An error occurred (ResourceAlreadyExistsException) when calling the CreateLogGroup operation: The specified log group already exists
        $ aws logs create-log-group --log-group-name mine
        $ aws logs describe-log-groups --log-group-name-prefix mi --query logGroups[].logGroupName --output text
        mine
        $ aws logs delete-log-group --log-group-name mine
        $ aws logs delete-log-group --log-group-name mine
        error: An error occurred (ResourceNotFoundException) when calling the DeleteLogGroup operation: The specified log group does not exist.
        $ aws logs get-log-events --log-group-name /ecs/hello --log-stream-name nope
        error: An error occurred (ResourceNotFoundException) when calling the GetLogEvents operation: The specified log stream does not exist.
        $ aws logs describe-log-streams --log-group-name nope
        error: An error occurred (ResourceNotFoundException) when calling the DescribeLogStreams operation: The specified log group does not exist.
    "#]]
    .assert_eq(&out);
    assert!(w.check_invariants().is_ok());
}
