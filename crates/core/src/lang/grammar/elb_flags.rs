//! The flags of `aws elbv2`, in the words of the AWS CLI's reference, shortened.

use super::flags::value;
use super::{Flag, Takes, Value};

const fn list(long: &'static str, v: Value, doc: &'static str) -> Flag {
    Flag {
        long,
        short: None,
        takes: Takes::Many(v),
        doc,
    }
}

pub(super) const LB_NAME: Flag = value(
    "name",
    None,
    Value::Text,
    "The name of the load balancer (or target group): up to 32 alphanumeric characters or hyphens, not beginning or ending with a hyphen.",
);
pub(super) const TG_NAME: Flag = LB_NAME;
pub(super) const SUBNETS: Flag = list(
    "subnets",
    Value::Suggested(&["subnet-0123456789abcdef0"]),
    "The IDs of the subnets, at least two in different Availability Zones.",
);
pub(super) const SECURITY_GROUPS: Flag = list(
    "security-groups",
    Value::Suggested(&["sg-0123456789abcdef0"]),
    "The IDs of the security groups for the load balancer (accepted, not simulated).",
);
pub(super) const SCHEME: Flag = value(
    "scheme",
    None,
    Value::Choice(&["internet-facing", "internal"]),
    "internet-facing (the default) or internal.",
);
pub(super) const LB_TYPE: Flag = value(
    "type",
    None,
    Value::Choice(&["application"]),
    "The type of load balancer. The default is application (the only type Sunaba simulates).",
);
pub(super) const IP_ADDRESS_TYPE: Flag = value(
    "ip-address-type",
    None,
    Value::Choice(&["ipv4"]),
    "The IP address type. The default is ipv4.",
);
pub(super) const TG_PROTOCOL: Flag = value(
    "protocol",
    None,
    Value::Choice(&["HTTP", "HTTPS"]),
    "The protocol to use for routing traffic to the targets (of a listener: for connections from clients).",
);
pub(super) const LISTENER_PROTOCOL: Flag = TG_PROTOCOL;
pub(super) const TG_PORT: Flag = value(
    "port",
    None,
    Value::Integer,
    "The port on which the targets receive traffic (of a listener: on which the load balancer is listening).",
);
pub(super) const LISTENER_PORT: Flag = TG_PORT;
pub(super) const VPC_ID: Flag = value(
    "vpc-id",
    None,
    Value::Suggested(&["vpc-0123456789abcdef0"]),
    "The identifier of the virtual private cloud (VPC).",
);
pub(super) const TARGET_TYPE: Flag = value(
    "target-type",
    None,
    Value::Choice(&["instance", "ip"]),
    "The type of target: instance (the default; EC2 launch type with bridge networking) or ip (awsvpc, Fargate).",
);
pub(super) const HC_PROTOCOL: Flag = value(
    "health-check-protocol",
    None,
    Value::Choice(&["HTTP", "HTTPS"]),
    "The protocol the load balancer uses when performing health checks on targets.",
);
pub(super) const HC_PORT: Flag = value(
    "health-check-port",
    None,
    Value::Suggested(&["traffic-port"]),
    "The port the load balancer uses when performing health checks. The default is traffic-port.",
);
pub(super) const HC_PATH: Flag = value(
    "health-check-path",
    None,
    Value::Suggested(&["/"]),
    "The destination for health checks on the targets. The default is /.",
);
pub(super) const HC_INTERVAL: Flag = value(
    "health-check-interval-seconds",
    None,
    Value::Integer,
    "The approximate amount of time, in seconds, between health checks of an individual target (5–300, default 30).",
);
pub(super) const HC_TIMEOUT: Flag = value(
    "health-check-timeout-seconds",
    None,
    Value::Integer,
    "The amount of time, in seconds, during which no response from a target means a failed health check (2–120, default 5).",
);
pub(super) const HEALTHY_THRESHOLD: Flag = value(
    "healthy-threshold-count",
    None,
    Value::Integer,
    "The number of consecutive health check successes required before considering a target healthy (2–10, default 5).",
);
pub(super) const UNHEALTHY_THRESHOLD: Flag = value(
    "unhealthy-threshold-count",
    None,
    Value::Integer,
    "The number of consecutive health check failures required before considering a target unhealthy (2–10, default 2).",
);
pub(super) const MATCHER: Flag = value(
    "matcher",
    None,
    Value::Suggested(&["HttpCode=200"]),
    "The HTTP codes to use when checking for a successful response from a target (HttpCode=200, 200,202 or 200-299).",
);
pub(super) const LOAD_BALANCER_ARN: Flag = value(
    "load-balancer-arn",
    None,
    Value::LoadBalancerArn,
    "The Amazon Resource Name (ARN) of the load balancer.",
);
pub(super) const LOAD_BALANCER_ARNS: Flag = list(
    "load-balancer-arns",
    Value::LoadBalancerArn,
    "The Amazon Resource Names (ARN) of the load balancers.",
);
pub(super) const LB_NAMES: Flag = list(
    "names",
    Value::Text,
    "The names of the load balancers (of describe-target-groups: of the target groups).",
);
pub(super) const TG_NAMES: Flag = LB_NAMES;
pub(super) const DEFAULT_ACTIONS: Flag = list(
    "default-actions",
    Value::Suggested(&["Type=forward,TargetGroupArn="]),
    "The actions for the default rule: Type=forward,TargetGroupArn=ARN.",
);
pub(super) const TARGET_GROUP_ARN: Flag = value(
    "target-group-arn",
    None,
    Value::TargetGroupArn,
    "The Amazon Resource Name (ARN) of the target group.",
);
pub(super) const TARGET_GROUP_ARNS: Flag = list(
    "target-group-arns",
    Value::TargetGroupArn,
    "The Amazon Resource Names (ARN) of the target groups.",
);
pub(super) const LISTENER_ARN: Flag = value(
    "listener-arn",
    None,
    Value::ListenerArn,
    "The Amazon Resource Name (ARN) of the listener.",
);
pub(super) const LISTENER_ARNS: Flag = list(
    "listener-arns",
    Value::ListenerArn,
    "The Amazon Resource Names (ARN) of the listeners.",
);
pub(super) const TARGETS: Flag = list(
    "targets",
    Value::Text,
    "The targets: Id=i-0123456789abcdef0,Port=80 (an instance) or Id=172.31.5.9 (an IP address).",
);
pub(super) const ATTRIBUTES: Flag = list(
    "attributes",
    Value::Suggested(&["Key=deregistration_delay.timeout_seconds,Value=30"]),
    "The attributes: Key=deregistration_delay.timeout_seconds,Value=SECONDS.",
);

// ---------------------------------------------------------------- aws ecs, for load balancers
pub(super) const LOAD_BALANCERS: Flag = list(
    "load-balancers",
    Value::Suggested(&["targetGroupArn=ARN,containerName=web,containerPort=80"]),
    "The load balancers of the service: targetGroupArn=ARN,containerName=NAME,containerPort=PORT each.",
);
pub(super) const HEALTH_CHECK_GRACE_PERIOD: Flag = value(
    "health-check-grace-period-seconds",
    None,
    Value::Integer,
    "The period of time, in seconds, that the Amazon ECS service scheduler ignores unhealthy Elastic Load Balancing target health checks after a task has first started.",
);
