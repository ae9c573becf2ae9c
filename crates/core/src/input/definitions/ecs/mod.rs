//! Amazon ECS definitions: the `register-task-definition` and `create-service` JSON inputs
//! (`--cli-input-json`), recognised by their shape (`containerDefinitions`, `serviceName`),
//! read strictly with located diagnostics, defaulted and validated with ECS's own rules and
//! wording (ClientException / InvalidParameterException messages, the AWS CLI's parameter
//! validation). See `../shared/reference/ecs.md` for the rules and their sources.

use super::decode::{Ctx, Fields};
use super::yaml::{Node, Scalar, Value};

mod container;
mod service;
mod task;

pub use service::service;
pub use task::task_definition;

/// A registered-to-be task definition (revision is assigned when registered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskDefinition {
    pub family: String,
    pub containers: Vec<EcsContainer>,
    /// Task-level CPU units (1024 = 1 vCPU) and memory MiB, when given.
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub network_mode: NetworkMode,
    pub requires_compatibilities: Vec<LaunchType>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkMode {
    Bridge,
    Host,
    Awsvpc,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaunchType {
    Ec2,
    Fargate,
}

impl LaunchType {
    /// As ECS prints it (`launchType`, `--launch-type`).
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchType::Ec2 => "EC2",
            LaunchType::Fargate => "FARGATE",
        }
    }
}

impl std::fmt::Display for LaunchType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serialised as the words ECS prints, like the states in `sim::ecs_status`.
impl serde::Serialize for LaunchType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcsContainer {
    pub name: String,
    pub image: String,
    pub cpu: u32,
    /// Hard limit (MiB): the container is killed above it.
    pub memory: Option<u32>,
    /// Soft limit (MiB): what placement reserves.
    pub memory_reservation: Option<u32>,
    pub essential: bool,
    /// `(containerPort, hostPort)`.
    pub port_mappings: Vec<(u32, Option<u32>)>,
    pub environment: Vec<(String, String)>,
    /// `(name, valueFrom)`: resolved from Secrets Manager / SSM at task start.
    pub secrets: Vec<(String, String)>,
    pub command: Vec<String>,
    pub entry_point: Vec<String>,
    pub health_check: Option<HealthCheck>,
    /// `(containerName, condition)`.
    pub depends_on: Vec<(String, DependsOn)>,
    /// Seconds between SIGTERM and SIGKILL (default 30).
    pub stop_timeout: u32,
    pub log_driver: Option<String>,
    /// `logConfiguration.options` (`awslogs-group`, `awslogs-stream-prefix`, …), in order.
    pub log_options: Vec<(String, String)>,
    /// The container restart policy, when enabled: restart in place instead of stopping the
    /// task (off by default).
    pub restart_policy: Option<ContainerRestartPolicy>,
}

/// `restartPolicy` of a container: `{enabled, ignoredExitCodes, restartAttemptPeriod}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerRestartPolicy {
    /// Exit codes that do not restart the container (at most 50).
    pub ignored_exit_codes: Vec<i32>,
    /// Seconds a container must have run before it may be restarted (60–1800, default 300).
    pub restart_attempt_period: u32,
}

/// Container health check with ECS's defaults: interval 30 s, timeout 5 s, retries 3,
/// startPeriod 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthCheck {
    pub command: Vec<String>,
    pub interval: u32,
    pub timeout: u32,
    pub retries: u32,
    pub start_period: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DependsOn {
    Start,
    Complete,
    Success,
    Healthy,
}

/// A `create-service` input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceDefinition {
    pub service_name: String,
    pub cluster: Option<String>,
    /// `family`, `family:revision` or an ARN.
    pub task_definition: String,
    pub desired_count: u32,
    pub launch_type: LaunchType,
    /// deploymentConfiguration: defaults 100 / 200.
    pub minimum_healthy_percent: u32,
    pub maximum_percent: u32,
    /// deploymentCircuitBreaker: `(enable, rollback)`.
    pub circuit_breaker: Option<(bool, bool)>,
    /// `(type, field)`: binpack/spread/random.
    pub placement_strategy: Vec<(String, Option<String>)>,
    /// `(type, expression)`: distinctInstance / memberOf.
    pub placement_constraints: Vec<(String, Option<String>)>,
    pub health_check_grace_period_seconds: u32,
    /// `loadBalancers`: the target groups its tasks register in.
    pub load_balancers: Vec<ServiceLoadBalancer>,
}

/// One of a service's `loadBalancers`: a target group and the container port it forwards to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceLoadBalancer {
    pub target_group_arn: String,
    pub container_name: String,
    pub container_port: u32,
}

/// Load balancers per service (the API's limit is 5 target groups).
pub const SERVICE_LOAD_BALANCERS_MAX: usize = 5;

/// What a document is, by shape: the AWS inputs have no `apiVersion`/`kind`.
pub fn shape_of(root: &Node) -> Option<&'static str> {
    let Value::Map(entries) = &root.value else {
        return None;
    };
    let has = |key: &str| {
        entries
            .iter()
            .any(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == key))
    };
    if has("apiVersion") || has("kind") {
        None
    } else if has("containerDefinitions") {
        Some("task definition")
    } else if has("serviceName") {
        Some("service")
    } else {
        None
    }
}

/// Fields of the inputs Sunaba accepts without simulating them.
const TASK_IGNORED: &[&str] = &[
    "taskRoleArn",
    "executionRoleArn",
    "volumes",
    "placementConstraints",
    "tags",
    "pidMode",
    "ipcMode",
    "proxyConfiguration",
    "inferenceAccelerators",
    "ephemeralStorage",
    "runtimePlatform",
    "enableFaultInjection",
];
const CONTAINER_IGNORED: &[&str] = &[
    "links",
    "repositoryCredentials",
    "mountPoints",
    "volumesFrom",
    "linuxParameters",
    "workingDirectory",
    "disableNetworking",
    "privileged",
    "readonlyRootFilesystem",
    "dnsServers",
    "dnsSearchDomains",
    "extraHosts",
    "dockerSecurityOptions",
    "interactive",
    "pseudoTerminal",
    "dockerLabels",
    "ulimits",
    "systemControls",
    "resourceRequirements",
    "firelensConfiguration",
    "credentialSpecs",
    "environmentFiles",
    "hostname",
    "user",
    "startTimeout",
    "versionConsistency",
];
const SERVICE_IGNORED: &[&str] = &[
    "serviceRegistries",
    "platformVersion",
    "role",
    "clientToken",
    "schedulingStrategy",
    "deploymentController",
    "tags",
    "enableECSManagedTags",
    "propagateTags",
    "enableExecuteCommand",
    "capacityProviderStrategy",
    "serviceConnectConfiguration",
    "volumeConfigurations",
    "availabilityZoneRebalancing",
];

/// The Fargate task sizes: CPU units → allowed memory MiB.
pub fn fargate_memory_allowed(cpu: u32, memory: u32) -> bool {
    let gib = |g: u32| g * 1024;
    match cpu {
        256 => [512, 1024, 2048].contains(&memory),
        512 => (gib(1)..=gib(4)).contains(&memory) && memory % 1024 == 0,
        1024 => (gib(2)..=gib(8)).contains(&memory) && memory % 1024 == 0,
        2048 => (gib(4)..=gib(16)).contains(&memory) && memory % 1024 == 0,
        4096 => (gib(8)..=gib(30)).contains(&memory) && memory % 1024 == 0,
        8192 => (gib(16)..=gib(60)).contains(&memory) && memory % gib(4) == 0,
        16384 => (gib(32)..=gib(120)).contains(&memory) && memory % gib(8) == 0,
        _ => false,
    }
}

fn client(ctx: &mut Ctx, node: &Node, message: impl AsRef<str>) {
    ctx.error(node, format!("ClientException: {}", message.as_ref()));
}

fn aws_type(ctx: &mut Ctx, node: &Node, path: &str, valid: &str) {
    let (shown, class) = match node.scalar() {
        Some(Scalar::Str(s)) => (format!("{s:?}"), "str"),
        Some(Scalar::Int(i)) => (i.to_string(), "int"),
        Some(Scalar::Bool(b)) => (if b { "True".into() } else { "False".into() }, "bool"),
        Some(Scalar::Float(f)) => (f.to_string(), "float"),
        Some(Scalar::Null) => ("None".into(), "NoneType"),
        None if matches!(node.value, Value::Seq(_)) => ("[…]".into(), "list"),
        None => ("{…}".into(), "dict"),
    };
    ctx.error(
        node,
        format!(
            "Parameter validation failed: Invalid type for parameter {path}, value: {shown}, \
             type: <class '{class}'>, valid types: {valid}"
        ),
    );
}

fn text(ctx: &mut Ctx, node: &Node, path: &str) -> Option<String> {
    match node.scalar() {
        Some(Scalar::Str(s)) => Some(s.to_owned()),
        _ => {
            aws_type(ctx, node, path, "<class 'str'>");
            None
        }
    }
}

/// A non-negative integer the API takes as Integer (strings of digits are accepted where the
/// API does, e.g. task-level `cpu`/`memory`, via `lenient`).
fn number(ctx: &mut Ctx, node: &Node, path: &str, lenient: bool) -> Option<u32> {
    match node.scalar() {
        Some(Scalar::Int(i)) if (0..=i128::from(i32::MAX)).contains(&i) => u32::try_from(i).ok(),
        Some(Scalar::Str(s)) if lenient => match s.trim().parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                ctx.error(
                    node,
                    format!(
                        "ClientException: Invalid '{}' setting for task.",
                        path.rsplit('.').next().unwrap_or(path)
                    ),
                );
                None
            }
        },
        Some(Scalar::Int(_)) => {
            ctx.error(node, format!("Parameter validation failed: Invalid value for parameter {path}, must be between 0 and 2147483647"));
            None
        }
        _ => {
            aws_type(ctx, node, path, "<class 'int'>");
            None
        }
    }
}

fn flag(ctx: &mut Ctx, node: &Node, path: &str) -> Option<bool> {
    match node.scalar() {
        Some(Scalar::Bool(b)) => Some(b),
        _ => {
            aws_type(ctx, node, path, "<class 'bool'>");
            None
        }
    }
}

fn list<'n>(ctx: &mut Ctx, node: &'n Node, path: &str) -> &'n [std::rc::Rc<Node>] {
    match &node.value {
        Value::Seq(items) => items,
        _ => {
            aws_type(ctx, node, path, "<class 'list'>, <class 'tuple'>");
            &[]
        }
    }
}

fn strings(ctx: &mut Ctx, node: &Node, path: &str) -> Vec<String> {
    list(ctx, node, path)
        .iter()
        .enumerate()
        .filter_map(|(i, n)| text(ctx, n, &format!("{path}[{i}]")))
        .collect()
}

/// `[{name, value}]` pairs (`environment`) or `[{name, valueFrom}]` (`secrets`).
fn pairs(ctx: &mut Ctx, node: &Node, path: &str, value_key: &'static str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, item) in list(ctx, node, path).iter().enumerate() {
        let p = format!("{path}[{i}]");
        let Some(mut f) = Fields::open(ctx, item, &p) else {
            continue;
        };
        let name = f
            .get("name")
            .and_then(|n| text(ctx, n, &format!("{p}.name")));
        let value = f
            .get(value_key)
            .and_then(|n| text(ctx, n, &format!("{p}.{value_key}")));
        f.finish_aws(ctx, &[]);
        if let (Some(n), Some(v)) = (name, value) {
            out.push((n, v));
        }
    }
    out
}
