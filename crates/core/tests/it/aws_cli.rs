//! The AWS CLI as the ECS getting-started guides use it: shorthand and JSON parameter values,
//! global options anywhere on the line (`--region`, `--output`, `--query`), argparse's
//! wording, and the awsvpc rules with the task's network interface.

use expect_test::expect;
use sunaba_core::{MapFiles, World};

const FARGATE_TASK: &str = r#"{
    "family": "sample-fargate",
    "networkMode": "awsvpc",
    "containerDefinitions": [{"name": "fargate-app", "image": "public.ecr.aws/docker/library/httpd:latest",
        "portMappings": [{"containerPort": 80, "hostPort": 80, "protocol": "tcp"}], "essential": true}],
    "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512"
}"#;

const BRIDGE_TASK: &str = r#"{"family": "sleep360", "containerDefinitions": [
    {"name": "sleep", "image": "busybox", "cpu": 10, "command": ["sleep", "360"], "memory": 10, "essential": true}]}"#;

const NET: &str = r#"--network-configuration "awsvpcConfiguration={subnets=[subnet-abcd1234],securityGroups=[sg-abcd1234],assignPublicIp=ENABLED}""#;

fn setup() -> (World, MapFiles) {
    let mut f = MapFiles::default();
    f.0.insert("fargate-task.json".into(), FARGATE_TASK.into());
    f.0.insert("sleep360.json".into(), BRIDGE_TASK.into());
    f.0.insert(
        "net.json".into(),
        r#"{"awsvpcConfiguration": {"subnets": ["subnet-abcd1234"], "assignPublicIp": "DISABLED"}}"#.into(),
    );
    let mut w = World::new(1);
    for line in [
        "aws ecs register-task-definition --cli-input-json file://fargate-task.json",
        "aws ecs register-task-definition --cli-input-json file://sleep360.json",
    ] {
        sunaba_core::run(&mut w, line, &f).unwrap_or_else(|e| panic!("{line}: {}", e.message));
    }
    (w, f)
}

fn run(w: &mut World, f: &MapFiles, line: &str) -> String {
    sunaba_core::run(w, line, f).unwrap_or_else(|e| panic!("{line}: {}", e.message))
}

fn fail(w: &mut World, f: &MapFiles, line: &str) -> String {
    match sunaba_core::run(w, line, f) {
        Ok(out) => panic!("{line} should fail, printed:\n{out}"),
        Err(e) => e.message,
    }
}

#[test]
fn awsvpc_needs_a_network_configuration_and_bridge_refuses_one() {
    let (mut w, f) = setup();
    let e = fail(
        &mut w,
        &f,
        "aws ecs run-task --task-definition sample-fargate --launch-type FARGATE",
    );
    expect![[r#"An error occurred (InvalidParameterException) when calling the RunTask operation: Network Configuration must be provided when networkMode 'awsvpc' is specified."#]].assert_eq(&e);
    let e = fail(
        &mut w,
        &f,
        &format!("aws ecs run-task --task-definition sleep360 {NET}"),
    );
    expect![[r#"An error occurred (InvalidParameterException) when calling the RunTask operation: Network Configuration is not valid for the given networkMode of this task definition."#]].assert_eq(&e);
    let e = fail(
        &mut w,
        &f,
        "aws ecs create-service --service-name s --task-definition sample-fargate --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-12]}",
    );
    expect![[r#"An error occurred (InvalidParameterException) when calling the CreateService operation: Error retrieving subnet information for [subnet-12]: The subnet ID 'subnet-12' is malformed (ErrorCode: InvalidSubnetID.Malformed)"#]].assert_eq(&e);
    // The same configuration as JSON in a file.
    run(
        &mut w,
        &f,
        "aws ecs run-task --task-definition sample-fargate --launch-type FARGATE --network-configuration file://net.json",
    );
    assert!(w.check_invariants().is_ok());
}

#[test]
fn an_awsvpc_task_shows_its_network_interface_and_fargate_its_platform_version() {
    let (mut w, f) = setup();
    let out = run(
        &mut w,
        &f,
        &format!("aws ecs run-task --task-definition sample-fargate --launch-type FARGATE {NET} --query tasks[0].[lastStatus,platformVersion,attachments[0].status] --output text"),
    );
    expect![[r#"
        PROVISIONING	1.4.0	PRECREATED
    "#]]
    .assert_eq(&out);
    run(&mut w, &f, "sim wait 60s");
    let id = run(
        &mut w,
        &f,
        "aws ecs list-tasks --query taskArns[0] --output text",
    );
    let id = id.trim().rsplit('/').next().unwrap().to_string();
    let out = run(
        &mut w,
        &f,
        &format!("aws ecs describe-tasks --tasks {id} --query tasks[0].attachments[0]"),
    );
    expect![[r#"
        {
            "id": "0e1c5389-9a18-4872-a389-9a18e8720e1c",
            "type": "ElasticNetworkInterface",
            "status": "ATTACHED",
            "details": [
                {
                    "name": "subnetId",
                    "value": "subnet-abcd1234"
                },
                {
                    "name": "networkInterfaceId",
                    "value": "eni-00e1c53899a18e872"
                },
                {
                    "name": "macAddress",
                    "value": "0a:0e:1c:53:e8:72"
                },
                {
                    "name": "privateDnsName",
                    "value": "ip-172-31-232-114.ec2.internal"
                },
                {
                    "name": "privateIPv4Address",
                    "value": "172.31.232.114"
                }
            ]
        }
    "#]]
    .assert_eq(&out);
}

#[test]
fn shorthand_values_are_read_and_refused_as_the_cli_does() {
    let (mut w, f) = setup();
    let e = fail(
        &mut w,
        &f,
        "aws ecs create-service --service-name s --task-definition sample-fargate --launch-type FARGATE --network-configuration awsvpcConfiguration",
    );
    expect![[r#"

        Error parsing parameter '--network-configuration': Expected: '=', received: 'EOF' for input:
        awsvpcConfiguration
                           ^
    "#]]
    .assert_eq(&e);
    let e = fail(
        &mut w,
        &f,
        r#"aws ecs create-service --service-name s --task-definition sample-fargate --network-configuration '{"awsvpcConfiguration": {"subnets": ["subnet-abcd1234"],}}'"#,
    );
    expect![[r#"

        Error parsing parameter '--network-configuration': Invalid JSON: Expecting property name enclosed in double quotes: line 1 column 57 (char 56)
        JSON received: {"awsvpcConfiguration": {"subnets": ["subnet-abcd1234"],}}"#]]
    .assert_eq(&e);
    let e = fail(
        &mut w,
        &f,
        "aws ecs create-service --service-name s --task-definition sample-fargate --network-configuration awsvpcConfiguration={subnet=[subnet-abcd1234]}",
    );
    expect![[r#"

        Parameter validation failed:
        Unknown parameter in networkConfiguration.awsvpcConfiguration: "subnet", must be one of: subnets, securityGroups, assignPublicIp"#]]
    .assert_eq(&e);
    let out = run(
        &mut w,
        &f,
        &format!("aws ecs create-service --service-name web --task-definition sample-fargate --desired-count 2 --launch-type FARGATE {NET} --deployment-configuration maximumPercent=150,minimumHealthyPercent=50 --tags key=team,value=web key=env,value=dev --query service.deploymentConfiguration"),
    );
    expect![[r#"
        {
            "maximumPercent": 150,
            "minimumHealthyPercent": 50
        }
    "#]]
    .assert_eq(&out);
    let e = fail(
        &mut w,
        &f,
        "aws ecs create-service --service-name web2 --task-definition sleep360 --deployment-configuration maximumPercent=lots",
    );
    expect![[r#"

        Error parsing parameter '--deployment-configuration': invalid literal for int() with base 10: 'lots'"#]]
    .assert_eq(&e);
}

#[test]
fn global_options_stand_anywhere_and_shape_the_answer() {
    let (mut w, f) = setup();
    let text = run(
        &mut w,
        &f,
        "aws --region us-east-1 ecs list-task-definitions --output text",
    );
    expect![[r#"
        TASKDEFINITIONARNS	arn:aws:ecs:us-east-1:123456789012:task-definition/sample-fargate:1
        TASKDEFINITIONARNS	arn:aws:ecs:us-east-1:123456789012:task-definition/sleep360:1
    "#]]
    .assert_eq(&text);
    let table = run(
        &mut w,
        &f,
        "aws ecs list-clusters --output table --no-cli-pager",
    );
    expect![[r#"
        ----------------------------------------------------------
        |                      ListClusters                      |
        +--------------------------------------------------------+
        ||                      clusterArns                     ||
        |+------------------------------------------------------+|
        ||  arn:aws:ecs:us-east-1:123456789012:cluster/default  ||
        |+------------------------------------------------------+|
    "#]]
    .assert_eq(&table);
    let yaml = run(
        &mut w,
        &f,
        "aws ecs describe-task-definition --task-definition sleep360 --query taskDefinition.{family:family,revision:revision} --output yaml",
    );
    expect![[r#"
        family: sleep360
        revision: 1
    "#]]
    .assert_eq(&yaml);
    let e = fail(&mut w, &f, "aws ecs list-clusters --region mars-1");
    expect![[r#"

        Could not connect to the endpoint URL: "https://ecs.mars-1.amazonaws.com/""#]]
    .assert_eq(&e);
    let e = fail(&mut w, &f, "aws ecs list-tasks --cluster default --foo bar");
    expect![[r#"

        usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
        To see help text, you can run:

          aws help
          aws <command> help
          aws <command> <subcommand> help

        Unknown options: --foo, bar"#]]
    .assert_eq(&e);
    let e = fail(&mut w, &f, "aws ecs describe-services --cluster default");
    expect![[r#"

        usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
        To see help text, you can run:

          aws help
          aws <command> help
          aws <command> <subcommand> help

        aws: error: the following arguments are required: --services"#]]
    .assert_eq(&e);
    let e = fail(&mut w, &f, "aws ecs list-tasks --debug");
    assert!(e.contains("--debug is not simulated"), "{e}");
}

#[test]
fn an_unambiguous_prefix_names_its_option_as_argparse_allows() {
    let (mut w, f) = setup();
    run(
        &mut w,
        &f,
        "aws ecs run-task --task-definition sleep360:1 --count 1",
    );
    let id = run(
        &mut w,
        &f,
        "aws ecs list-tasks --query taskArns[0] --output text",
    );
    let id = id.trim().rsplit('/').next().unwrap().to_string();
    let out = run(
        &mut w,
        &f,
        &format!("aws ecs describe-tasks --cluster default --task {id} --query length(tasks)"),
    );
    assert_eq!(out, "1\n");
    let e = fail(&mut w, &f, "aws ecs list-tasks --c default");
    assert!(
        e.ends_with(
            "aws: error: ambiguous option: --c could match --cluster, --container-instance"
        ),
        "{e}"
    );
}
