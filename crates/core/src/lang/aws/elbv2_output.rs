//! `aws elbv2` answers as the AWS CLI prints them: the API's field names, in its order.

use serde_json::{json, Value};

use super::aws_time;
use crate::elb::{ElbState, LoadBalancer, Target, TargetGroup, TargetReason, TargetState};
use crate::input::model::Millis;

/// The VPC every load balancer and target group is in (Sunaba has one, the default VPC).
pub(super) const DEFAULT_VPC: &str = "vpc-0a1b2c3d4e5f67890";

/// The Route 53 hosted zone of Application Load Balancers in us-east-1.
const HOSTED_ZONE: &str = "Z35SXDOTRQ7X7K";

pub(super) fn load_balancer(lb: &LoadBalancer, now_ms: Millis, region: &str) -> Value {
    let zones: Vec<Value> = lb
        .subnets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let letter = (b'a' + (i % 6) as u8) as char;
            json!({"ZoneName": format!("{region}{letter}"), "SubnetId": s, "LoadBalancerAddresses": []})
        })
        .collect();
    json!({
        "LoadBalancerArn": lb.arn,
        "DNSName": lb.dns_name,
        "CanonicalHostedZoneId": HOSTED_ZONE,
        "CreatedTime": aws_time(lb.created_ms),
        "LoadBalancerName": lb.name,
        "Scheme": lb.scheme.as_str(),
        "VpcId": DEFAULT_VPC,
        "State": {"Code": lb.state(now_ms).as_str()},
        "Type": "application",
        "AvailabilityZones": zones,
        "SecurityGroups": lb.security_groups,
        "IpAddressType": "ipv4"
    })
}

pub(super) fn target_group(elb: &ElbState, tg: &TargetGroup) -> Value {
    let hc = &tg.health_check;
    json!({
        "TargetGroupArn": tg.arn,
        "TargetGroupName": tg.name,
        "Protocol": tg.protocol,
        "Port": tg.port,
        "VpcId": tg.vpc_id,
        "HealthCheckProtocol": hc.protocol,
        "HealthCheckPort": hc.port.map_or("traffic-port".to_string(), |p| p.to_string()),
        "HealthCheckEnabled": true,
        "HealthCheckIntervalSeconds": hc.interval_s,
        "HealthCheckTimeoutSeconds": hc.timeout_s,
        "HealthyThresholdCount": hc.healthy_threshold,
        "UnhealthyThresholdCount": hc.unhealthy_threshold,
        "HealthCheckPath": hc.path,
        "Matcher": {"HttpCode": hc.matcher},
        "LoadBalancerArns": elb.load_balancers_of(&tg.arn),
        "TargetType": tg.target_type.as_str(),
        "ProtocolVersion": "HTTP1",
        "IpAddressType": "ipv4"
    })
}

pub(super) fn listener(l: &crate::elb::Listener) -> Value {
    json!({
        "ListenerArn": l.arn,
        "LoadBalancerArn": l.load_balancer_arn,
        "Port": l.port,
        "Protocol": l.protocol,
        "DefaultActions": [{
            "Type": "forward",
            "TargetGroupArn": l.target_group_arn,
            "ForwardConfig": {
                "TargetGroups": [{"TargetGroupArn": l.target_group_arn, "Weight": 1}],
                "TargetGroupStickinessConfig": {"Enabled": false}
            }
        }]
    })
}

/// One `TargetHealthDescriptions` entry: a registered target (`Some`) or one asked about
/// that is not registered.
pub(super) fn target_health(
    tg: &TargetGroup,
    in_use: bool,
    target: Option<&Target>,
    asked: (&str, u32),
) -> Value {
    let (id, port) = target.map_or(asked, |t| (t.id.as_str(), t.port));
    let mut t = json!({"Id": id, "Port": port});
    if let (Some(r), crate::elb::TargetType::Ip) = (target, tg.target_type) {
        t["AvailabilityZone"] = json!(r.zone);
    }
    let (state, reason) = match target {
        None => (TargetState::Unused, Some(TargetReason::NotRegistered)),
        Some(r) if r.state == TargetState::Draining => (r.state, r.reason),
        Some(_) if !in_use => (TargetState::Unused, Some(TargetReason::NotInUse)),
        Some(r) => (r.state, r.reason),
    };
    let mut health = json!({"State": state.as_str()});
    if let Some(r) = reason {
        health["Reason"] = json!(r.code());
        health["Description"] = json!(r.description());
    }
    let hc_port = tg
        .health_check
        .port
        .map_or(port.to_string(), |p| p.to_string());
    json!({"Target": t, "HealthCheckPort": hc_port, "TargetHealth": health})
}
