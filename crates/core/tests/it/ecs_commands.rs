//! `aws ecs` task definition commands: revisions, ARNs, the AWS CLI's JSON and error shapes.

use sunaba_core::{MapFiles, World};

const WEB: &str = include_str!("../../../../www/examples/ecs/web-fargate.task.json");

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    f.0.insert("web.json".into(), WEB.into());
    f.0.insert(
        "web-v2.json".into(),
        WEB.replace("nginx:1.27", "nginx:1.25"),
    );
    f.0.insert(
        "broken.json".into(),
        "{\"family\": \"web\",\n \"containerDefinitions\": []}\n".into(),
    );
    f
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn registering_twice_makes_two_revisions_with_their_arns() {
    let f = files();
    let mut w = World::new(1);
    let out = sunaba_core::run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://web.json",
        &f,
    )
    .unwrap();
    assert!(
        out.starts_with("{\n    \"taskDefinition\": {\n        \"taskDefinitionArn\": "),
        "4-space indent like the AWS CLI:\n{out}"
    );
    let v = json(&out);
    let td = &v["taskDefinition"];
    assert_eq!(
        td["taskDefinitionArn"],
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"
    );
    assert_eq!(
        (td["revision"].as_u64(), td["status"].as_str()),
        (Some(1), Some("ACTIVE"))
    );
    assert_eq!(
        (td["cpu"].as_str(), td["memory"].as_str()),
        (Some("256"), Some("512")),
        "task size as strings"
    );
    assert_eq!(td["compatibilities"], serde_json::json!(["EC2", "FARGATE"]));
    assert_eq!(td["containerDefinitions"][0]["healthCheck"]["interval"], 30);
    assert_eq!(
        td["containerDefinitions"][0]["portMappings"][0]["hostPort"], 80,
        "awsvpc: host port = container port"
    );
    assert_eq!(
        td["registeredAt"], "2026-11-28T10:00:00+00:00",
        "a whole second has no fraction (Python's isoformat, as the AWS CLI v2 prints it)"
    );

    w.advance_by(5_000);
    let v2 = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs register-task-definition --cli-input-json file://web-v2.json",
            &f,
        )
        .unwrap(),
    );
    assert_eq!(v2["taskDefinition"]["revision"], 2);
    let latest = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs describe-task-definition --task-definition web",
            &f,
        )
        .unwrap(),
    );
    assert_eq!(
        latest["taskDefinition"]["containerDefinitions"][0]["image"],
        "nginx:1.25"
    );
    let first = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs describe-task-definition --task-definition web:1",
            &f,
        )
        .unwrap(),
    );
    assert_eq!(
        first["taskDefinition"]["containerDefinitions"][0]["image"],
        "nginx:1.27"
    );
    let by_arn = sunaba_core::run(&mut w, "aws ecs describe-task-definition --task-definition arn:aws:ecs:us-east-1:123456789012:task-definition/web:2", &f)
        .unwrap();
    assert_eq!(json(&by_arn)["taskDefinition"]["revision"], 2);

    let list = json(&sunaba_core::run(&mut w, "aws ecs list-task-definitions", &f).unwrap());
    assert_eq!(list["taskDefinitionArns"].as_array().map(Vec::len), Some(2));
    let gone = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs deregister-task-definition --task-definition web:2",
            &f,
        )
        .unwrap(),
    );
    assert_eq!(gone["taskDefinition"]["status"], "INACTIVE");
    let latest = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs describe-task-definition --task-definition web",
            &f,
        )
        .unwrap(),
    );
    assert_eq!(
        latest["taskDefinition"]["revision"], 1,
        "family alone = the latest ACTIVE revision"
    );
    let inactive = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs list-task-definitions --status INACTIVE",
            &f,
        )
        .unwrap(),
    );
    assert_eq!(
        inactive["taskDefinitionArns"],
        serde_json::json!(["arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"])
    );
}

#[test]
fn errors_read_like_the_aws_cli_and_say_where() {
    let f = files();
    let mut w = World::new(1);
    let e = sunaba_core::run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://broken.json",
        &f,
    )
    .unwrap_err()
    .message;
    assert!(e.starts_with("An error occurred (ClientException) when calling the RegisterTaskDefinition operation: Container list cannot be empty."), "{e}");
    assert!(e.contains("at broken.json:2:26"), "{e}");
    let e = sunaba_core::run(
        &mut w,
        "aws ecs describe-task-definition --task-definition nope",
        &f,
    )
    .unwrap_err()
    .message;
    assert_eq!(e, "An error occurred (ClientException) when calling the DescribeTaskDefinition operation: Unable to describe task definition.");
    let e = sunaba_core::run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://missing.json",
        &f,
    )
    .unwrap_err()
    .message;
    assert!(e.starts_with("Error parsing parameter 'cli-input-json': Unable to load paramfile file://missing.json"), "{e}");
    for (cmd, expected) in [
        ("aws ecs", "the following arguments are required: operation"),
        ("aws s3 ls", "Invalid choice"),
        (
            "aws ecs frobnicate",
            "argument operation: Invalid choice: \"frobnicate\"",
        ),
        (
            "aws ecs describe-task-definition",
            "required: --task-definition",
        ),
        (
            "aws ecs describe-task-definition --task-definition",
            "expected one argument",
        ),
        (
            "aws ecs list-task-definitions --bogus 1",
            "Unknown options: --bogus",
        ),
        (
            "aws ecs deregister-task-definition --task-definition web",
            "revision must be specified",
        ),
        (
            "aws ecs describe-task-definition --task-definition web:x",
            "Invalid revision number. Number: x",
        ),
    ] {
        let e = sunaba_core::run(&mut w, cmd, &f).unwrap_err().message;
        assert!(e.contains(expected), "`{cmd}`: {e}");
    }
    assert!(w.check_invariants().is_ok());
}

/// The cluster's machines are ECS container instances too: CPU units, MiB, zones, and what the
/// running pods already reserve.
#[test]
fn container_instances_are_the_clusters_machines() {
    let mut f = files();
    f.0.insert(
        "nginx.yaml".into(),
        include_str!("../../../../www/examples/nginx-deployment.yaml").into(),
    );
    let mut w = World::new(1);
    let list = json(&sunaba_core::run(&mut w, "aws ecs list-container-instances", &f).unwrap());
    let arns: Vec<String> = list["containerInstanceArns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(arns.len(), 3);
    assert!(
        arns[0].starts_with("arn:aws:ecs:us-east-1:123456789012:container-instance/default/"),
        "{arns:?}"
    );
    let id = arns[0].rsplit('/').next().unwrap();
    assert_eq!(id.len(), 32);

    let one = json(
        &sunaba_core::run(
            &mut w,
            &format!("aws ecs describe-container-instances --container-instances {id}"),
            &f,
        )
        .unwrap(),
    );
    let ci = &one["containerInstances"][0];
    assert_eq!(
        ci["registeredResources"][0]["integerValue"], 2048,
        "2 vCPU = 2048 units"
    );
    assert_eq!(
        ci["registeredResources"][1]["integerValue"], 4096,
        "4 GiB in MiB"
    );
    assert_eq!(ci["attributes"][0]["value"], "us-east-1a");
    assert_eq!(
        (ci["status"].as_str(), ci["agentConnected"].as_bool()),
        (Some("ACTIVE"), Some(true))
    );

    // Pods reserve capacity; cordon drains; a failed machine's agent disconnects.
    sunaba_core::run(&mut w, "kubectl apply -f nginx.yaml", &f).unwrap();
    w.advance_by(30_000);
    sunaba_core::run(&mut w, "kubectl cordon node-1", &f).unwrap();
    sunaba_core::run(&mut w, "sim fail-node node-2", &f).unwrap();
    let all = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs describe-container-instances --container-instances node-1 node-2 node-3 nope",
            &f,
        )
        .unwrap(),
    );
    let cis = all["containerInstances"].as_array().unwrap();
    assert_eq!(cis.len(), 3);
    let remaining: u64 = cis
        .iter()
        .map(|c| c["remainingResources"][0]["integerValue"].as_u64().unwrap())
        .sum();
    assert!(
        remaining < 3 * 2048,
        "the nginx pods' requests are taken: {remaining}"
    );
    assert_eq!(cis[0]["status"], "DRAINING");
    assert_eq!(cis[1]["agentConnected"], false);
    assert_eq!(all["failures"][0]["reason"], "MISSING");

    let e = sunaba_core::run(
        &mut w,
        "aws ecs list-container-instances --cluster prod",
        &f,
    )
    .unwrap_err()
    .message;
    assert_eq!(e, "An error occurred (ClusterNotFoundException) when calling the ListContainerInstances operation: Cluster not found.");
}

#[test]
fn clusters_are_created_listed_described_and_deleted_with_ecs_rules() {
    let mut f = files();
    f.0.insert(
        "ec2.json".into(),
        "{\"family\": \"batch\", \"containerDefinitions\": [{\"name\": \"b\", \"image\": \"busybox:1.36\", \"memory\": 64}]}\n".into(),
    );
    let mut w = World::new(3);
    let run = |w: &mut World, line: &str| {
        sunaba_core::run(w, line, &f).unwrap_or_else(|e| panic!("{line}: {}", e.message))
    };
    let fail = |w: &mut World, line: &str| match sunaba_core::run(w, line, &f) {
        Ok(out) => panic!("{line} should fail:\n{out}"),
        Err(e) => e.message,
    };
    let v = json(&run(&mut w, "aws ecs create-cluster --cluster-name pr-4"));
    assert_eq!(
        v["cluster"]["clusterArn"],
        "arn:aws:ecs:us-east-1:123456789012:cluster/pr-4"
    );
    assert_eq!(v["cluster"]["status"], "ACTIVE");
    assert_eq!(v["cluster"]["registeredContainerInstancesCount"], 0);
    // Idempotent, as in ECS.
    run(&mut w, "aws ecs create-cluster --cluster-name pr-4");
    let listed = json(&run(&mut w, "aws ecs list-clusters"));
    assert_eq!(
        listed["clusterArns"],
        serde_json::json!([
            "arn:aws:ecs:us-east-1:123456789012:cluster/default",
            "arn:aws:ecs:us-east-1:123456789012:cluster/pr-4"
        ])
    );
    assert!(fail(&mut w, "aws ecs create-cluster --cluster-name a/b")
        .contains("(InvalidParameterException) when calling the CreateCluster operation"));
    // A Fargate service in it; EC2 finds no container instances there.
    run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://web.json",
    );
    run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://ec2.json",
    );
    run(
        &mut w,
        "aws ecs create-service --cluster pr-4 --service-name web --task-definition web --desired-count 2 --launch-type FARGATE --network-configuration awsvpcConfiguration={subnets=[subnet-abcd1234]}",
    );
    let ec2 = json(&run(
        &mut w,
        "aws ecs run-task --cluster pr-4 --task-definition batch",
    ));
    assert_eq!(ec2["failures"][0]["reason"], "MISSING", "{ec2}");
    run(&mut w, "sim wait 1m");
    let d = json(&run(
        &mut w,
        "aws ecs describe-clusters --clusters pr-4 gone",
    ));
    assert_eq!(d["clusters"][0]["runningTasksCount"], 2);
    assert_eq!(d["clusters"][0]["activeServicesCount"], 1);
    assert_eq!(d["failures"][0]["reason"], "MISSING");
    // The same service name in another cluster is another service.
    assert!(json(&run(&mut w, "aws ecs list-services"))["serviceArns"]
        .as_array()
        .unwrap()
        .is_empty());
    let tasks = json(&run(&mut w, "aws ecs list-tasks --cluster pr-4"));
    assert!(tasks["taskArns"][0]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:ecs:us-east-1:123456789012:task/pr-4/"));
    assert!(fail(&mut w, "aws ecs delete-cluster --cluster pr-4").contains(
        "An error occurred (ClusterContainsServicesException) when calling the DeleteCluster operation: The Cluster cannot be deleted while Services are active."
    ));
    run(
        &mut w,
        "aws ecs delete-service --cluster pr-4 --service web --force",
    );
    assert!(fail(&mut w, "aws ecs delete-cluster --cluster pr-4")
        .contains("ClusterContainsServicesException"));
    run(&mut w, "sim wait 2m");
    let v = json(&run(&mut w, "aws ecs delete-cluster --cluster pr-4"));
    assert_eq!(v["cluster"]["status"], "INACTIVE");
    assert!(
        fail(&mut w, "aws ecs list-services --cluster pr-4").contains("(ClusterNotFoundException)")
    );
    // The default cluster holds the container instances.
    assert!(fail(&mut w, "aws ecs delete-cluster --cluster default")
        .contains("ClusterContainsContainerInstancesException"));
}

#[test]
fn flags_next_to_cli_input_json_are_merged_into_the_file_before_it_is_checked() {
    let mut f = files();
    // No serviceName, no taskDefinition, a desiredCount ECS would refuse: the flags supply and
    // replace them, so the AWS CLI sends a valid request.
    f.0.insert(
        "partial.json".into(),
        "{\n  \"desiredCount\": \"many\",\n  \"launchType\": \"FARGATE\",\n  \"networkConfiguration\": {\"awsvpcConfiguration\": {\"subnets\": [\"subnet-abcd1234\"]}}\n}\n".into(),
    );
    let mut w = World::new(1);
    sunaba_core::run(
        &mut w,
        "aws ecs register-task-definition --cli-input-json file://web.json",
        &f,
    )
    .unwrap();
    let out = sunaba_core::run(&mut w,
            "aws ecs create-service --cli-input-json file://partial.json --service-name web --task-definition web:1 --desired-count 2",
            &f,
        )
        .unwrap_or_else(|e| panic!("{}", e.message));
    let s = &json(&out)["service"];
    assert_eq!(s["serviceName"], "web");
    assert_eq!(
        s["taskDefinition"],
        "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"
    );
    assert_eq!(
        (s["desiredCount"].as_u64(), s["launchType"].as_str()),
        (Some(2), Some("FARGATE"))
    );

    // Without the flags, the same file is what ECS refuses, with where.
    let err = sunaba_core::run(
        &mut w,
        "aws ecs create-service --cli-input-json file://partial.json --service-name web2",
        &f,
    )
    .unwrap_err()
    .message;
    assert!(
        err.contains("TaskDefinition can not be blank") && err.contains("at partial.json:1:1"),
        "{err}"
    );
    let err = sunaba_core::run(&mut w,
            "aws ecs create-service --cli-input-json file://partial.json --service-name web3 --task-definition web:1",
            &f,
        )
        .unwrap_err()
        .message;
    assert!(
        err.contains("desiredCount") && err.contains("at partial.json:2:"),
        "{err}"
    );
}

/// The AWS CLI v2 prints a timestamp with Python's `isoformat()`: microseconds when there is a
/// fraction of a second, none on a whole second (aws/aws-cli#5912; the reference sample's
/// `"createdAt": "2026-11-28T10:05:00+00:00"`).
#[test]
fn timestamps_show_a_fraction_only_when_there_is_one() {
    let f = files();
    let mut w = World::new(1);
    w.advance_by(768);
    let v = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs register-task-definition --cli-input-json file://web.json",
            &f,
        )
        .unwrap(),
    );
    assert_eq!(
        v["taskDefinition"]["registeredAt"],
        "2026-11-28T10:00:00.768000+00:00"
    );
    w.advance_by(4_232);
    let v = json(
        &sunaba_core::run(
            &mut w,
            "aws ecs register-task-definition --cli-input-json file://web.json",
            &f,
        )
        .unwrap(),
    );
    assert_eq!(
        v["taskDefinition"]["registeredAt"],
        "2026-11-28T10:00:05+00:00"
    );
}
