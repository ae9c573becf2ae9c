//! `aws elbv2 create-target-group` and `modify-target-group-attributes` with
//! `--cli-input-json`: the request's keys as the options, flags beside the file over them,
//! and botocore's "Parameter validation failed" for an unknown key or a wrong type, located in
//! the file.

use expect_test::expect;
use sunaba_core::{MapFiles, World};

const TG_JSON: &str = r#"{
  "Name": "shop-tg",
  "Protocol": "HTTP",
  "Port": 8080,
  "VpcId": "vpc-0a1b2c3d4e5f67890",
  "TargetType": "ip",
  "HealthCheckProtocol": "HTTP",
  "HealthCheckPath": "/healthz",
  "HealthCheckPort": "traffic-port",
  "HealthCheckIntervalSeconds": 10,
  "HealthCheckTimeoutSeconds": 5,
  "HealthyThresholdCount": 2,
  "UnhealthyThresholdCount": 3,
  "Matcher": {"HttpCode": "200-299"}
}
"#;

fn files() -> MapFiles {
    let mut f = MapFiles::default();
    f.0.insert("tg.json".into(), TG_JSON.into());
    f.0.insert(
        "tg-unknown.json".into(),
        "{\n  \"Name\": \"a\",\n  \"HealthCheckPathh\": \"/\"\n}\n".into(),
    );
    f.0.insert(
        "tg-port.json".into(),
        "{\"Name\": \"a\", \"Protocol\": \"HTTP\",\n \"Port\": \"80\"}".into(),
    );
    f.0.insert("tg-broken.json".into(), "{\"Name\": \"a\",, }".into());
    f.0.insert("tg-noname.json".into(), "{\"Protocol\": \"HTTP\"}".into());
    f.0.insert(
        "attrs.json".into(),
        r#"{"TargetGroupArn": "ARN", "Attributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]}"#.into(),
    );
    f
}

fn run(w: &mut World, line: &str) -> Result<String, String> {
    sunaba_core::run(w, line, &files()).map_err(|e| e.message)
}

fn tg_arn(w: &mut World) -> String {
    run(
        w,
        "aws elbv2 describe-target-groups --names shop-tg --query TargetGroups[0].TargetGroupArn --output text",
    )
    .unwrap()
    .trim()
    .to_string()
}

#[test]
fn a_target_group_is_created_from_its_request_file() {
    let mut w = World::new(1);
    let out = run(
        &mut w,
        "aws elbv2 create-target-group --cli-input-json file://tg.json --query TargetGroups[0].[TargetGroupName,Port,TargetType,HealthCheckPath,HealthCheckIntervalSeconds,HealthCheckTimeoutSeconds,HealthyThresholdCount,UnhealthyThresholdCount,Matcher.HttpCode] --output text",
    )
    .unwrap();
    expect![[r#"
        shop-tg	8080	ip	/healthz	10	5	2	3	200-299
    "#]]
    .assert_eq(&out);
}

#[test]
fn flags_beside_the_file_override_its_keys() {
    let mut w = World::new(1);
    let out = run(
        &mut w,
        "aws elbv2 create-target-group --cli-input-json file://tg.json --name other-tg --health-check-path /ready --query TargetGroups[0].[TargetGroupName,HealthCheckPath,Port] --output text",
    )
    .unwrap();
    assert_eq!(out, "other-tg\t/ready\t8080\n");
}

#[test]
fn an_unknown_key_is_botocores_validation_error_located_in_the_file() {
    let mut w = World::new(1);
    let e = run(
        &mut w,
        "aws elbv2 create-target-group --cli-input-json file://tg-unknown.json",
    )
    .unwrap_err();
    expect![[r#"

        Parameter validation failed:
        Unknown parameter in input: "HealthCheckPathh", must be one of: Name, Protocol, ProtocolVersion, Port, VpcId, HealthCheckProtocol, HealthCheckPort, HealthCheckEnabled, HealthCheckPath, HealthCheckIntervalSeconds, HealthCheckTimeoutSeconds, HealthyThresholdCount, UnhealthyThresholdCount, Matcher, TargetType, Tags, IpAddressType
          at file://tg-unknown.json:3:3"#]]
    .assert_eq(&e);
}

#[test]
fn a_wrong_type_broken_json_or_a_missing_name_is_refused_with_the_clis_words() {
    let mut w = World::new(1);
    let e = run(
        &mut w,
        "aws elbv2 create-target-group --cli-input-json file://tg-port.json",
    )
    .unwrap_err();
    expect![[r#"

        Parameter validation failed:
        Invalid type for parameter Port, value: 80, type: <class 'str'>, valid types: <class 'int'>
          at file://tg-port.json:2:2"#]]
    .assert_eq(&e);
    let e = run(
        &mut w,
        "aws elbv2 create-target-group --cli-input-json file://tg-broken.json",
    )
    .unwrap_err();
    assert!(
        e.starts_with("\nError parsing parameter 'cli-input-json': Invalid JSON: ")
            && e.contains("line 1 column 14"),
        "{e}"
    );
    let e = run(
        &mut w,
        "aws elbv2 create-target-group --cli-input-json file://tg-noname.json",
    )
    .unwrap_err();
    assert_eq!(
        e,
        "\nParameter validation failed:\nMissing required parameter in input: \"Name\""
    );
    let e = run(
        &mut w,
        "aws elbv2 create-target-group --cli-input-json file://missing.json",
    )
    .unwrap_err();
    assert!(
        e.contains("Unable to load paramfile file://missing.json"),
        "{e}"
    );
    // Nothing was made by the refused requests.
    let out = run(&mut w, "aws elbv2 describe-target-groups").unwrap();
    assert!(!out.contains("TargetGroupName"), "{out}");
}

#[test]
fn attributes_are_modified_from_a_request_whose_arn_a_flag_gives() {
    let mut w = World::new(1);
    run(
        &mut w,
        "aws elbv2 create-target-group --cli-input-json file://tg.json",
    )
    .unwrap();
    let arn = tg_arn(&mut w);
    // The file's ARN is a placeholder: the flag beside it wins.
    let out = run(
        &mut w,
        &format!("aws elbv2 modify-target-group-attributes --cli-input-json file://attrs.json --target-group-arn {arn} --query \"Attributes[?Key=='deregistration_delay.timeout_seconds'].Value\" --output text"),
    )
    .unwrap();
    assert_eq!(out, "30\n");
    // Without the flag the file's ARN is used, and ELB does not know it.
    let e = run(
        &mut w,
        "aws elbv2 modify-target-group-attributes --cli-input-json file://attrs.json",
    )
    .unwrap_err();
    assert!(
        e.contains("TargetGroupNotFound") || e.contains("ValidationError"),
        "{e}"
    );
    let inline = format!(
        "aws elbv2 modify-target-group-attributes --cli-input-json '{{\"TargetGroupArn\":\"{arn}\",\"Attributes\":[{{\"Key\":\"deregistration_delay.timeout_seconds\",\"Value\":\"5\"}}]}}' --query \"Attributes[?Key=='deregistration_delay.timeout_seconds'].Value\" --output text"
    );
    assert_eq!(run(&mut w, &inline).unwrap().trim(), "5");
}
