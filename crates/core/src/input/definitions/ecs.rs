//! Amazon ECS definitions: the `register-task-definition` and `create-service` JSON inputs
//! (`--cli-input-json`), recognised by their shape (`containerDefinitions`, `serviceName`),
//! read strictly with located diagnostics, defaulted and validated with ECS's own rules and
//! wording (ClientException / InvalidParameterException messages, the AWS CLI's parameter
//! validation). See `../shared/reference/ecs.md` for the rules and their sources.

use super::decode::{Ctx, Fields};
use super::yaml::{Node, Scalar, Value};

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
}

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
    "loadBalancers",
    "serviceRegistries",
    "networkConfiguration",
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

/// Reads a `register-task-definition` input.
pub fn task_definition(ctx: &mut Ctx, root: &Node) -> Option<TaskDefinition> {
    let mut f = Fields::open(ctx, root, "")?;
    let errors_before = ctx.errors_total();
    let family = match f.get("family") {
        Some(n) => text(ctx, n, "family"),
        None => {
            ctx.error(
                root,
                "Parameter validation failed: Missing required parameter in input: \"family\"",
            );
            None
        }
    };
    if let (Some(name), Some(n)) = (&family, f.get("family")) {
        let ok = !name.is_empty()
            && name.len() <= 255
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            client(ctx, n, "Family contains invalid characters or is too long. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.");
        }
    }
    let cpu = f.get("cpu").and_then(|n| number(ctx, n, "cpu", true));
    let memory = f.get("memory").and_then(|n| number(ctx, n, "memory", true));
    let network_mode = match f.get("networkMode") {
        None => NetworkMode::Bridge,
        Some(n) => match text(ctx, n, "networkMode").as_deref() {
            Some("bridge") => NetworkMode::Bridge,
            Some("host") => NetworkMode::Host,
            Some("awsvpc") => NetworkMode::Awsvpc,
            Some("none") => NetworkMode::None,
            Some(other) => {
                ctx.error(n, format!("Parameter validation failed: Invalid value for parameter networkMode: \"{other}\", must be one of: bridge, host, awsvpc, none"));
                NetworkMode::Bridge
            }
            None => NetworkMode::Bridge,
        },
    };
    let compat_node = f.get("requiresCompatibilities");
    let mut requires_compatibilities = Vec::new();
    if let Some(n) = compat_node {
        for (i, item) in list(ctx, n, "requiresCompatibilities").iter().enumerate() {
            match text(ctx, item, &format!("requiresCompatibilities[{i}]")).as_deref() {
                Some("EC2") => requires_compatibilities.push(LaunchType::Ec2),
                Some("FARGATE") => requires_compatibilities.push(LaunchType::Fargate),
                Some("EXTERNAL" | "MANAGED_INSTANCES") => {}
                Some(other) => ctx.error(item, format!("Parameter validation failed: Invalid value for parameter requiresCompatibilities[{i}]: \"{other}\", must be one of: EC2, FARGATE, EXTERNAL")),
                None => {}
            }
        }
    }
    let defs_node = f.get("containerDefinitions");
    let mut containers = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    if let Some(n) = defs_node {
        for (i, item) in list(ctx, n, "containerDefinitions").iter().enumerate() {
            if let Some(c) = container(ctx, item, &format!("containerDefinitions[{i}]")) {
                if !names.insert(c.name.clone()) {
                    client(
                        ctx,
                        item,
                        format!("Container names must be unique: {}", c.name),
                    );
                }
                containers.push((c, item.clone()));
            }
        }
    }
    f.finish_aws(ctx, TASK_IGNORED);

    // ECS's own rules, after the shape is known good.
    let at = defs_node.unwrap_or(root);
    if defs_node.is_some() && containers.is_empty() && ctx.errors_total() == errors_before {
        client(ctx, at, "Container list cannot be empty.");
    }
    if !containers.is_empty() && !containers.iter().any(|(c, _)| c.essential) {
        client(
            ctx,
            at,
            "Task definition doesn't have any essential container.",
        );
    }
    let fargate = requires_compatibilities.contains(&LaunchType::Fargate);
    for (c, node) in &containers {
        if !fargate && memory.is_none() && c.memory.is_none() && c.memory_reservation.is_none() {
            client(ctx, node, format!("Invalid setting for container '{}'. At least one of 'memory' or 'memoryReservation' must be specified.", c.name));
        }
        if let (Some(hard), Some(soft)) = (c.memory, c.memory_reservation) {
            if hard < soft {
                client(ctx, node, format!("Invalid setting for container '{}'. 'memory' must be greater than or equal to 'memoryReservation'.", c.name));
            }
        }
        for (dep, condition) in &c.depends_on {
            if !containers.iter().any(|(o, _)| &o.name == dep) {
                client(ctx, node, format!("Container '{}' depends on container '{dep}', which is not in the task definition.", c.name));
            }
            let dep_essential = containers
                .iter()
                .any(|(o, _)| &o.name == dep && o.essential);
            if matches!(condition, DependsOn::Success | DependsOn::Complete) && dep_essential {
                client(ctx, node, "A dependency container with SUCCESS or COMPLETE condition cannot be an essential container");
            }
            if *condition == DependsOn::Healthy
                && !containers
                    .iter()
                    .any(|(o, _)| &o.name == dep && o.health_check.is_some())
            {
                client(ctx, node, format!("Container '{dep}' must have a healthCheck to be used with the HEALTHY dependency condition."));
            }
        }
        if network_mode == NetworkMode::Awsvpc
            && c.port_mappings
                .iter()
                .any(|(cp, hp)| hp.is_some_and(|h| h != *cp))
        {
            client(ctx, node, "When networkMode=awsvpc, the host ports and container ports in port mappings must match.");
        }
    }
    if let Some(task_cpu) = cpu {
        let sum: u32 = containers.iter().map(|(c, _)| c.cpu).sum();
        if sum > task_cpu {
            client(ctx, at, "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.");
        }
    }
    if fargate {
        if network_mode != NetworkMode::Awsvpc {
            client(ctx, root, "Fargate only supports network mode 'awsvpc'.");
        }
        match (cpu, memory) {
            (None, _) => client(ctx, root, "Fargate requires that 'cpu' be defined at the task level."),
            (Some(_), None) => client(ctx, root, "Fargate requires that 'memory' be defined at the task level."),
            (Some(c), Some(m)) if !fargate_memory_allowed(c, m) => client(
                ctx,
                root,
                format!("No Fargate configuration exists for given values: {c} CPU, {m} memory. See the Amazon ECS documentation for the valid values."),
            ),
            _ => {}
        }
    }
    if ctx.errors_total() > errors_before {
        return None;
    }
    Some(TaskDefinition {
        family: family?,
        containers: containers.into_iter().map(|(c, _)| c).collect(),
        cpu,
        memory,
        network_mode,
        requires_compatibilities,
    })
}

fn container(ctx: &mut Ctx, node: &Node, path: &str) -> Option<EcsContainer> {
    let mut f = Fields::open(ctx, node, path)?;
    let p = |k: &str| format!("{path}.{k}");
    let name = f.get("name").and_then(|n| text(ctx, n, &p("name")));
    if name.as_deref().is_none_or(str::is_empty) {
        client(ctx, node, "Container.name should not be null or empty.");
    }
    let image = f.get("image").and_then(|n| text(ctx, n, &p("image")));
    if image.as_deref().is_none_or(str::is_empty) {
        client(ctx, node, "Container.image should not be null or empty.");
    }
    let cpu = f
        .get("cpu")
        .and_then(|n| number(ctx, n, &p("cpu"), false))
        .unwrap_or(0);
    let memory = f
        .get("memory")
        .and_then(|n| number(ctx, n, &p("memory"), false));
    let memory_reservation = f
        .get("memoryReservation")
        .and_then(|n| number(ctx, n, &p("memoryReservation"), false));
    let essential = f
        .get("essential")
        .and_then(|n| flag(ctx, n, &p("essential")))
        .unwrap_or(true);
    let mut port_mappings = Vec::new();
    if let Some(n) = f.get("portMappings") {
        for (i, item) in list(ctx, n, &p("portMappings")).iter().enumerate() {
            let ip = format!("{path}.portMappings[{i}]");
            let Some(mut m) = Fields::open(ctx, item, &ip) else {
                continue;
            };
            let cp = m
                .get("containerPort")
                .and_then(|v| number(ctx, v, &format!("{ip}.containerPort"), false));
            let hp = m
                .get("hostPort")
                .and_then(|v| number(ctx, v, &format!("{ip}.hostPort"), false));
            m.finish_aws(
                ctx,
                &[
                    "protocol",
                    "name",
                    "appProtocol",
                    "containerPortRange",
                    "hostPortRange",
                ],
            );
            if let Some(cp) = cp {
                port_mappings.push((cp, hp));
            }
        }
    }
    let environment = f
        .get("environment")
        .map(|n| pairs(ctx, n, &p("environment"), "value"))
        .unwrap_or_default();
    let secrets = f
        .get("secrets")
        .map(|n| pairs(ctx, n, &p("secrets"), "valueFrom"))
        .unwrap_or_default();
    let command = f
        .get("command")
        .map(|n| strings(ctx, n, &p("command")))
        .unwrap_or_default();
    let entry_point = f
        .get("entryPoint")
        .map(|n| strings(ctx, n, &p("entryPoint")))
        .unwrap_or_default();
    let health_check = f
        .get("healthCheck")
        .and_then(|n| health_check(ctx, n, &p("healthCheck")));
    let mut depends_on = Vec::new();
    if let Some(n) = f.get("dependsOn") {
        for (i, item) in list(ctx, n, &p("dependsOn")).iter().enumerate() {
            let ip = format!("{path}.dependsOn[{i}]");
            let Some(mut d) = Fields::open(ctx, item, &ip) else {
                continue;
            };
            let dep = d
                .get("containerName")
                .and_then(|v| text(ctx, v, &format!("{ip}.containerName")));
            let condition = d.get("condition").and_then(|v| {
                match text(ctx, v, &format!("{ip}.condition")).as_deref() {
                    Some("START") => Some(DependsOn::Start),
                    Some("COMPLETE") => Some(DependsOn::Complete),
                    Some("SUCCESS") => Some(DependsOn::Success),
                    Some("HEALTHY") => Some(DependsOn::Healthy),
                    Some(other) => {
                        ctx.error(v, format!("Parameter validation failed: Invalid value for parameter {ip}.condition: \"{other}\", must be one of: START, COMPLETE, SUCCESS, HEALTHY"));
                        None
                    }
                    None => None,
                }
            });
            d.finish_aws(ctx, &[]);
            if let (Some(dep), Some(c)) = (dep, condition) {
                depends_on.push((dep, c));
            }
        }
    }
    let stop_timeout = match f.get("stopTimeout") {
        None => 30,
        Some(n) => match number(ctx, n, &p("stopTimeout"), false) {
            Some(v) if v <= 120 => v,
            Some(_) => {
                client(
                    ctx,
                    n,
                    "Invalid 'stopTimeout' value: must be between 0 and 120 seconds.",
                );
                30
            }
            None => 30,
        },
    };
    let log_driver = f
        .get("logConfiguration")
        .and_then(|n| log_configuration(ctx, n, &p("logConfiguration")));
    let restart_policy = f
        .get("restartPolicy")
        .and_then(|n| restart_policy(ctx, n, &p("restartPolicy")));
    f.finish_aws(ctx, CONTAINER_IGNORED);
    Some(EcsContainer {
        name: name.filter(|n| !n.is_empty())?,
        image: image.filter(|i| !i.is_empty())?,
        cpu,
        memory,
        memory_reservation,
        essential,
        port_mappings,
        environment,
        secrets,
        command,
        entry_point,
        health_check,
        depends_on,
        stop_timeout,
        log_driver,
        restart_policy,
    })
}

/// `restartPolicy`: `Some` only when `enabled` is true.
fn restart_policy(ctx: &mut Ctx, node: &Node, path: &str) -> Option<ContainerRestartPolicy> {
    let mut f = Fields::open(ctx, node, path)?;
    let enabled = match f.get("enabled") {
        Some(n) => flag(ctx, n, &format!("{path}.enabled")),
        None => {
            client(ctx, node, "The restartPolicy must specify 'enabled'.");
            None
        }
    };
    let mut ignored = Vec::new();
    if let Some(n) = f.get("ignoredExitCodes") {
        let items = list(ctx, n, &format!("{path}.ignoredExitCodes"));
        if items.len() > 50 {
            client(
                ctx,
                n,
                "The restartPolicy can ignore at most 50 exit codes.",
            );
        }
        for (i, item) in items.iter().enumerate().take(50) {
            if let Some(code) = number(ctx, item, &format!("{path}.ignoredExitCodes[{i}]"), false) {
                ignored.push(i32::try_from(code).unwrap_or(i32::MAX));
            }
        }
    }
    let period = match f.get("restartAttemptPeriod") {
        None => 300,
        Some(n) => match number(ctx, n, &format!("{path}.restartAttemptPeriod"), false) {
            Some(v) if (60..=1800).contains(&v) => v,
            Some(_) => {
                client(
                    ctx,
                    n,
                    "Invalid 'restartAttemptPeriod' value: must be between 60 and 1800 seconds.",
                );
                300
            }
            None => 300,
        },
    };
    f.finish_aws(ctx, &[]);
    enabled.filter(|&e| e).map(|_| ContainerRestartPolicy {
        ignored_exit_codes: ignored,
        restart_attempt_period: period,
    })
}

fn health_check(ctx: &mut Ctx, node: &Node, path: &str) -> Option<HealthCheck> {
    let mut f = Fields::open(ctx, node, path)?;
    let command = f
        .get("command")
        .map(|n| strings(ctx, n, &format!("{path}.command")))
        .unwrap_or_default();
    let mut get = |f: &mut Fields, key: &'static str, default: u32, range: (u32, u32)| {
        let Some(n) = f.get(key) else { return default };
        match number(ctx, n, &format!("{path}.{key}"), false) {
            Some(v) if (range.0..=range.1).contains(&v) => v,
            Some(v) => {
                client(
                    ctx,
                    n,
                    format!(
                        "Invalid '{key}' value {v} in the healthCheck: must be between {} and {}.",
                        range.0, range.1
                    ),
                );
                default
            }
            None => default,
        }
    };
    let interval = get(&mut f, "interval", 30, (5, 300));
    let timeout = get(&mut f, "timeout", 5, (2, 120));
    let retries = get(&mut f, "retries", 3, (1, 10));
    let start_period = get(&mut f, "startPeriod", 0, (0, 300));
    f.finish_aws(ctx, &[]);
    if command.is_empty() {
        client(ctx, node, "The healthCheck command must not be empty (e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]).");
        return None;
    }
    Some(HealthCheck {
        command,
        interval,
        timeout,
        retries,
        start_period,
    })
}

fn log_configuration(ctx: &mut Ctx, node: &Node, path: &str) -> Option<String> {
    let mut f = Fields::open(ctx, node, path)?;
    let driver = f
        .get("logDriver")
        .and_then(|n| text(ctx, n, &format!("{path}.logDriver")));
    let options: Vec<String> = match f.get("options") {
        Some(Node {
            value: Value::Map(entries),
            ..
        }) => entries
            .iter()
            .filter_map(|(k, _)| match &k.value {
                Value::Scalar { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect(),
        Some(other) => {
            aws_type(ctx, other, &format!("{path}.options"), "<class 'dict'>");
            Vec::new()
        }
        None => Vec::new(),
    };
    f.finish_aws(ctx, &["secretOptions"]);
    if driver.as_deref() == Some("awslogs") {
        let missing: Vec<&str> = ["awslogs-region", "awslogs-group"]
            .into_iter()
            .filter(|o| !options.iter().any(|k| k == o))
            .collect();
        if !missing.is_empty() {
            client(
                ctx,
                node,
                format!(
                    "Log driver awslogs requires options: {}",
                    missing.join(", ")
                ),
            );
        }
    }
    driver
}

/// Reads a `create-service` input.
pub fn service(ctx: &mut Ctx, root: &Node) -> Option<ServiceDefinition> {
    let mut f = Fields::open(ctx, root, "")?;
    let errors_before = ctx.errors_total();
    let service_name = f
        .get("serviceName")
        .and_then(|n| text(ctx, n, "serviceName"));
    let cluster = f.get("cluster").and_then(|n| text(ctx, n, "cluster"));
    let task_definition = match f.get("taskDefinition") {
        Some(n) => text(ctx, n, "taskDefinition"),
        None => {
            ctx.error(
                root,
                "InvalidParameterException: TaskDefinition can not be blank.",
            );
            None
        }
    };
    let desired_count = match f.get("desiredCount") {
        None => 0,
        Some(n) => match number(ctx, n, "desiredCount", false) {
            Some(v) if v <= super::bounds::DESIRED_MAX => v,
            Some(v) => {
                ctx.error(
                    n,
                    format!(
                        "InvalidParameterException: desiredCount {v} is more than Sunaba runs for one service ({}).",
                        super::bounds::DESIRED_MAX
                    ),
                );
                0
            }
            None => 0,
        },
    };
    let launch_type = match f.get("launchType") {
        None => LaunchType::Ec2,
        Some(n) => match text(ctx, n, "launchType").as_deref() {
            Some("EC2") => LaunchType::Ec2,
            Some("FARGATE") => LaunchType::Fargate,
            Some(other) => {
                ctx.error(n, format!("Parameter validation failed: Invalid value for parameter launchType: \"{other}\", must be one of: EC2, FARGATE, EXTERNAL"));
                LaunchType::Ec2
            }
            None => LaunchType::Ec2,
        },
    };
    let (mut minimum_healthy_percent, mut maximum_percent, mut circuit_breaker) = (100, 200, None);
    if let Some(n) = f.get("deploymentConfiguration") {
        if let Some(mut d) = Fields::open(ctx, n, "deploymentConfiguration") {
            if let Some(v) = d.get("minimumHealthyPercent") {
                minimum_healthy_percent = number(
                    ctx,
                    v,
                    "deploymentConfiguration.minimumHealthyPercent",
                    false,
                )
                .unwrap_or(100);
            }
            if let Some(v) = d.get("maximumPercent") {
                maximum_percent =
                    number(ctx, v, "deploymentConfiguration.maximumPercent", false).unwrap_or(200);
            }
            if let Some(v) = d.get("deploymentCircuitBreaker") {
                if let Some(mut c) =
                    Fields::open(ctx, v, "deploymentConfiguration.deploymentCircuitBreaker")
                {
                    let enable = c.get("enable").and_then(|b| {
                        flag(
                            ctx,
                            b,
                            "deploymentConfiguration.deploymentCircuitBreaker.enable",
                        )
                    });
                    let rollback = c.get("rollback").and_then(|b| {
                        flag(
                            ctx,
                            b,
                            "deploymentConfiguration.deploymentCircuitBreaker.rollback",
                        )
                    });
                    c.finish_aws(ctx, &[]);
                    match (enable, rollback) {
                        (Some(e), Some(r)) => circuit_breaker = Some((e, r)),
                        _ => ctx.error(v, "Parameter validation failed: Missing required parameter in deploymentConfiguration.deploymentCircuitBreaker: \"enable\" and \"rollback\""),
                    }
                }
            }
            d.finish_aws(
                ctx,
                &["alarms", "strategy", "bakeTimeInMinutes", "lifecycleHooks"],
            );
            if maximum_percent < minimum_healthy_percent {
                ctx.error(n, "InvalidParameterException: maximumPercent must be greater than or equal to minimumHealthyPercent.".to_owned());
            }
            if maximum_percent < 100 {
                ctx.error(n, "InvalidParameterException: maximumPercent must be at least 100 for the rolling update deployment type.".to_owned());
            }
        }
    }
    let placement = |ctx: &mut Ctx,
                     f: &mut Fields,
                     key: &'static str,
                     field: &'static str,
                     kinds: &[&str]| {
        let mut out = Vec::new();
        let Some(n) = f.get(key) else { return out };
        for (i, item) in list(ctx, n, key).iter().enumerate() {
            let ip = format!("{key}[{i}]");
            let Some(mut p) = Fields::open(ctx, item, &ip) else {
                continue;
            };
            let kind = p
                .get("type")
                .and_then(|v| text(ctx, v, &format!("{ip}.type")));
            let arg = p
                .get(field)
                .and_then(|v| text(ctx, v, &format!("{ip}.{field}")));
            p.finish_aws(ctx, &[]);
            match kind {
                Some(k) if kinds.contains(&k.as_str()) => out.push((k, arg)),
                Some(k) => ctx.error(item, format!("Parameter validation failed: Invalid value for parameter {ip}.type: \"{k}\", must be one of: {}", kinds.join(", "))),
                None => {}
            }
        }
        out
    };
    let placement_strategy = placement(
        ctx,
        &mut f,
        "placementStrategy",
        "field",
        &["random", "spread", "binpack"],
    );
    let placement_constraints = placement(
        ctx,
        &mut f,
        "placementConstraints",
        "expression",
        &["distinctInstance", "memberOf"],
    );
    if launch_type == LaunchType::Fargate
        && (!placement_strategy.is_empty() || !placement_constraints.is_empty())
    {
        ctx.error(root, "InvalidParameterException: Placement strategies and constraints are not supported with FARGATE launch type.".to_owned());
    }
    let health_check_grace_period_seconds = f
        .get("healthCheckGracePeriodSeconds")
        .and_then(|n| number(ctx, n, "healthCheckGracePeriodSeconds", false))
        .unwrap_or(0);
    f.finish_aws(ctx, SERVICE_IGNORED);
    if service_name.is_none() {
        ctx.error(
            root,
            "Parameter validation failed: Missing required parameter in input: \"serviceName\"",
        );
    }
    if ctx.errors_total() > errors_before {
        return None;
    }
    Some(ServiceDefinition {
        service_name: service_name?,
        cluster,
        task_definition: task_definition?,
        desired_count,
        launch_type,
        minimum_healthy_percent,
        maximum_percent,
        circuit_breaker,
        placement_strategy,
        placement_constraints,
        health_check_grace_period_seconds,
    })
}
