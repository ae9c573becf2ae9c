//! The command language as one table: every command path (`kubectl get`, `kubectl rollout
//! status`, `aws ecs create-service`, `sim env create`, `help`, …), the flags it takes (and what
//! each does, [`flags`]), what its positional words name, and a one-line summary.
//!
//! The table is the single source for what exists: dispatch looks a verb up here before running
//! it (an unknown verb's error and every "available verbs" list are made from it), the flag
//! parser takes each command's flags from it, Tab completion offers its verbs, flags and flag
//! values from it, and `help`, `--help` and `aws … help` print it. It owns no behaviour: it
//! never reads or changes a world, and it never formats an error (the interpreters do, in each
//! tool's own wording).

mod elb_flags;
mod flags;
mod read_flags;
mod verb_flags;

use elb_flags::*;
use flags::*;
use read_flags::*;
use verb_flags::*;

/// The programs a line may start with; `k` is kubectl's usual alias. `help` is a program of
/// one command: Sunaba's own list of what it understands.
pub const PROGRAMS: &[&str] = &["kubectl", "aws", "sim", "help"];

/// The program a first word names (`k` → `kubectl`), `None` for an unknown one.
pub fn program(word: &str) -> Option<&'static str> {
    match word {
        "k" => Some("kubectl"),
        w => PROGRAMS.iter().copied().find(|p| *p == w),
    }
}

/// What a flag's value, or a positional word, names: how completion finds candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// Anything; nothing to offer.
    Text,
    /// A whole number (`--replicas 3`); nothing to offer.
    Integer,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// Anything; these words are worth offering (`--exit-code 137`, `file://editor.yaml`).
    Suggested(&'static [&'static str]),
    /// A manifest or JSON file the editor holds.
    File,
    Namespace,
    /// A kubeconfig context.
    Context,
    /// An account, by name.
    Account,
    /// A resource type of `get`/`describe`/`delete` (`pods`, `deploy`, …).
    ResourceType,
    /// An object of the resource type named by the word before (or `TYPE/NAME`).
    ObjectOfType,
    Pod,
    /// A pod, or an ECS task as `task/ID`.
    PodOrTask,
    /// `deployment/NAME`.
    Deployment,
    Node,
    /// A Kubernetes service.
    Service,
    /// An image of the local engine (`docker images`).
    LocalImage,
    /// An ECS task definition family or `family:revision`.
    TaskDefinition,
    EcsService,
    EcsTask,
    EcsCluster,
    ContainerInstance,
    /// What `kubectl explain` takes: a resource, then field names (`pods.spec.containers`).
    FieldPath,
    /// `deployment/NAME`, `statefulset/NAME` or `daemonset/NAME`: what `scale`, `set image`
    /// and `rollout` take.
    Workload,
    /// An ELB load balancer's ARN.
    LoadBalancerArn,
    /// An ELB target group's ARN.
    TargetGroupArn,
    /// An ELB listener's ARN.
    ListenerArn,
    /// A load balancer's name or ARN, or a Service (what `sim traffic` sends requests to).
    TrafficTarget,
}

/// How many values a flag takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takes {
    /// A switch: `--force`, `-A`.
    Nothing,
    /// `--name VALUE` or `--name=VALUE`.
    One(Value),
    /// The AWS CLI's lists: `--tasks a b c`, every word up to the next option.
    Many(Value),
}

/// One flag of one command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag {
    /// Without the dashes: `namespace`.
    pub long: &'static str,
    pub short: Option<char>,
    pub takes: Takes,
    /// What it does, one sentence or two, as the tool's own help says it.
    pub doc: &'static str,
}

impl Flag {
    pub fn takes_value(&self) -> bool {
        self.takes != Takes::Nothing
    }
}

/// One command path of the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Command {
    /// Program first: `["kubectl", "rollout", "status"]`.
    pub path: &'static [&'static str],
    pub flags: &'static [Flag],
    /// What the positional words after the path name, in order.
    pub operands: &'static [Value],
    pub summary: &'static str,
}

/// Flags a whole program takes besides any verb's: kubectl's `--context`, aws's `--profile`,
/// and `--help` (`-h`) of kubectl and sim, which prints the command's help instead of running it.
pub const GLOBAL_FLAGS: &[(&str, Flag)] = &[
    ("kubectl", CONTEXT),
    ("kubectl", HELP),
    ("sim", HELP),
    ("aws", PROFILE),
];

const fn cmd(
    path: &'static [&'static str],
    flags: &'static [Flag],
    operands: &'static [Value],
    summary: &'static str,
) -> Command {
    Command {
        path,
        flags,
        operands,
        summary,
    }
}

const ROLLOUT_FLAGS: &[Flag] = &[NAMESPACE, TO_REVISION, WATCH, TIMEOUT];
const KILL_FLAGS: &[Flag] = &[NAMESPACE, SELECTOR, CONTAINER, EXIT_CODE, KILL_SERVICE];
const NODE_SHAPE: &[Flag] = &[CPU, MEMORY, ZONE];
const ECR_COMMON: [Flag; 3] = [PROFILE, AWS_REGION, AWS_OUTPUT];
const SSM_COMMON: [Flag; 3] = [PROFILE, AWS_REGION, AWS_OUTPUT];
const OBJECTS: &[Value] = &[Value::ResourceType, Value::ObjectOfType];
const EXIT_CODES: Value = Value::Suggested(&["1", "137", "143"]);

/// Every command of the language. Within a program, verbs are listed in the order the usage
/// texts list them; `aws ecs` operations alphabetically, as the AWS CLI lists them.
#[rustfmt::skip]
pub const COMMANDS: &[Command] = &[
    // ---------------------------------------------------------------- kubectl
    cmd(&["kubectl", "get"], &[NAMESPACE, OUTPUT, SELECTOR, ALL_NAMESPACES, SORT_BY, SHOW_LABELS,
        LABEL_COLUMNS, FIELD_SELECTOR, NO_HEADERS, FILENAME], OBJECTS,
        "Display one or many resources"),
    cmd(&["kubectl", "describe"], &[NAMESPACE, SELECTOR, FILENAME], OBJECTS,
        "Show details of a specific resource or group of resources"),
    cmd(&["kubectl", "explain"], &[RECURSIVE], &[Value::FieldPath],
        "Get documentation for a resource"),
    cmd(&["kubectl", "apply"], &[FILENAME, KUSTOMIZE, NAMESPACE], &[],
        "Apply a configuration to a resource by file name or kustomize directory"),
    cmd(&["kubectl", "delete"], &[NAMESPACE, SELECTOR, FILENAME, KUSTOMIZE, FORCE, GRACE_PERIOD, ALL, CASCADE],
        OBJECTS, "Delete resources by file names, resources and names, or by label selector"),
    cmd(&["kubectl", "scale"], &[NAMESPACE, REPLICAS], &[Value::Workload],
        "Set a new size for a deployment"),
    cmd(&["kubectl", "logs"],
        &[NAMESPACE, CONTAINER, PREVIOUS, SELECTOR, TAIL, SINCE, TIMESTAMPS, ALL_CONTAINERS, PREFIX,
          FOLLOW],
        &[Value::Pod],
        "Print the logs for a container in a pod"),
    cmd(&["kubectl", "create"],
        &[NAMESPACE, IMAGE, CREATE_REPLICAS, CONTAINER_PORT, FROM_LITERAL, FROM_FILE, FROM_ENV_FILE, FILENAME,
          CREATE_FROM, SCHEDULE, JOB_RESTART],
        &[Value::Choice(&["deployment", "namespace", "configmap", "secret", "job", "cronjob"]), Value::Text],
        "Create a resource from a file, or a deployment, namespace, configmap, secret, job or cronjob"),
    cmd(&["kubectl", "expose"], &[NAMESPACE, SERVICE_PORT, TARGET_PORT, SERVICE_TYPE, EXPOSE_NAME],
        OBJECTS, "Expose a deployment or pod as a new Kubernetes service"),
    cmd(&["kubectl", "run"], &[NAMESPACE, IMAGE, CONTAINER_PORT, RUN_ENV, LABELS, RESTART, RUN_COMMAND],
        &[Value::Text], "Run a particular image on the cluster"),
    cmd(&["kubectl", "set"], &[NAMESPACE], &[Value::Choice(&["image"]), Value::Workload],
        "Set a new image on a deployment's containers"),
    cmd(&["kubectl", "rollout", "status"], ROLLOUT_FLAGS, &[Value::Workload],
        "Show the status of the rollout"),
    cmd(&["kubectl", "rollout", "history"], ROLLOUT_FLAGS, &[Value::Workload],
        "View rollout history"),
    cmd(&["kubectl", "rollout", "undo"], ROLLOUT_FLAGS, &[Value::Workload],
        "Undo a previous rollout"),
    cmd(&["kubectl", "rollout", "restart"], ROLLOUT_FLAGS, &[Value::Workload],
        "Restart a deployment"),
    cmd(&["kubectl", "exec"], &[CONTAINER, NAMESPACE, STDIN, TTY], &[Value::Pod],
        "Execute a command in a container"),
    cmd(&["kubectl", "kustomize"], &[], &[Value::Text],
        "Build a kustomization target from a directory"),
    cmd(&["kubectl", "cordon"], &[SELECTOR], &[Value::Node], "Mark node as unschedulable"),
    cmd(&["kubectl", "uncordon"], &[SELECTOR], &[Value::Node], "Mark node as schedulable"),
    cmd(&["kubectl", "drain"],
        &[IGNORE_DAEMONSETS, DELETE_EMPTYDIR_DATA, DRAIN_FORCE, GRACE_PERIOD, TIMEOUT, SELECTOR],
        &[Value::Node], "Drain node in preparation for maintenance"),
    cmd(&["kubectl", "taint"], &[], &[Value::Node, Value::Choice(&["nodes"])],
        "Update the taints on one or more nodes"),
    cmd(&["kubectl", "config", "get-contexts"], &[CONTEXTS_OUTPUT], &[Value::Context],
        "Describe one or many contexts"),
    cmd(&["kubectl", "config", "current-context"], &[], &[], "Display the current-context"),
    cmd(&["kubectl", "config", "use-context"], &[], &[Value::Context],
        "Set the current-context"),
    cmd(&["kubectl", "config", "get-clusters"], &[], &[],
        "Display clusters defined in the kubeconfig"),
    cmd(&["kubectl", "top", "pod"],
        &[NAMESPACE, ALL_NAMESPACES, SELECTOR, CONTAINERS, NO_HEADERS, TOP_SORT_BY],
        &[Value::Pod], "Display resource (CPU/memory) usage of pods"),
    cmd(&["kubectl", "top", "node"], &[SELECTOR, NO_HEADERS, TOP_SORT_BY], &[Value::Node],
        "Display resource (CPU/memory) usage of nodes"),
    cmd(&["kubectl", "version"], &[CLIENT, VERSION_OUTPUT], &[],
        "Print the client and server version information"),
    cmd(&["kubectl", "cluster-info"], &[], &[], "Display cluster information"),
    cmd(&["kubectl", "api-resources"], &[NO_HEADERS, API_RESOURCES_OUTPUT], &[],
        "Print the supported API resources on the server"),
    cmd(&["kubectl", "api-versions"], &[], &[],
        "Print the supported API versions on the server, in the form of \"group/version\""),
    cmd(&["kubectl", "config", "view"], &[MINIFY, CONFIG_OUTPUT], &[],
        "Display merged kubeconfig settings"),
    cmd(&["kubectl", "config", "set-context"], &[CURRENT, CONTEXT_NAMESPACE], &[Value::Context],
        "Set a context entry in kubeconfig"),
    // ---------------------------------------------------------------- aws
    cmd(&["aws", "ecs", "create-cluster"], &[CLUSTER_NAME, TAGS], &[], "Create an ECS cluster"),
    cmd(&["aws", "ecs", "create-service"],
        &[CLI_INPUT_JSON, CLUSTER, SERVICE_NAME, TASK_DEFINITION, DESIRED_COUNT, LAUNCH_TYPE,
          NETWORK_CONFIGURATION, PLACEMENT_STRATEGY, PLACEMENT_CONSTRAINTS,
          DEPLOYMENT_CONFIGURATION, TAGS, LOAD_BALANCERS, HEALTH_CHECK_GRACE_PERIOD],
        &[], "Run and maintain a desired number of tasks"),
    cmd(&["aws", "ecs", "delete-cluster"], &[CLUSTER], &[], "Delete an empty cluster"),
    cmd(&["aws", "ecs", "delete-service"], &[CLUSTER, SERVICE, DELETE_SERVICE_FORCE], &[],
        "Delete a service"),
    cmd(&["aws", "ecs", "deregister-task-definition"], &[TASK_DEFINITION], &[],
        "Mark a task definition revision INACTIVE"),
    cmd(&["aws", "ecs", "describe-clusters"], &[CLUSTERS], &[], "Describe clusters"),
    cmd(&["aws", "ecs", "describe-container-instances"], &[CLUSTER, CONTAINER_INSTANCES], &[],
        "Describe container instances"),
    cmd(&["aws", "ecs", "describe-services"], &[CLUSTER, SERVICES], &[], "Describe services"),
    cmd(&["aws", "ecs", "describe-task-definition"], &[TASK_DEFINITION], &[],
        "Describe a task definition"),
    cmd(&["aws", "ecs", "describe-tasks"], &[CLUSTER, TASKS], &[], "Describe tasks"),
    cmd(&["aws", "ecs", "list-clusters"], &[], &[], "List clusters"),
    cmd(&["aws", "ecs", "list-container-instances"], &[CLUSTER], &[],
        "List container instances"),
    cmd(&["aws", "ecs", "list-services"], &[CLUSTER], &[], "List services"),
    cmd(&["aws", "ecs", "list-task-definitions"], &[FAMILY_PREFIX, DEFINITION_STATUS], &[],
        "List task definitions"),
    cmd(&["aws", "ecs", "list-tasks"],
        &[CLUSTER, SERVICE_NAME, FAMILY, DESIRED_STATUS, CONTAINER_INSTANCE, STARTED_BY,
          LAUNCH_TYPE],
        &[], "List tasks"),
    cmd(&["aws", "ecs", "register-task-definition"], &[CLI_INPUT_JSON], &[],
        "Register a task definition from a JSON file"),
    cmd(&["aws", "ecs", "run-task"],
        &[CLUSTER, TASK_DEFINITION, COUNT, LAUNCH_TYPE, STARTED_BY, GROUP,
          NETWORK_CONFIGURATION, PLACEMENT_STRATEGY, PLACEMENT_CONSTRAINTS, TAGS],
        &[], "Start tasks from a task definition"),
    cmd(&["aws", "ecs", "stop-task"], &[CLUSTER, TASK, REASON], &[], "Stop a running task"),
    cmd(&["aws", "ecs", "update-container-instances-state"],
        &[CLUSTER, INSTANCE_STATUS, CONTAINER_INSTANCES], &[],
        "Drain or reactivate container instances"),
    cmd(&["aws", "ecs", "update-service"],
        &[CLUSTER, SERVICE, DESIRED_COUNT, TASK_DEFINITION, FORCE_NEW_DEPLOYMENT,
          HEALTH_CHECK_GRACE_PERIOD], &[],
        "Change a service's count or task definition"),
    cmd(&["aws", "ecr", "create-repository"],
        &[REPOSITORY_NAME, ECR_COMMON[0], ECR_COMMON[1], ECR_COMMON[2]], &[],
        "Create an image repository"),
    cmd(&["aws", "ecr", "describe-repositories"],
        &[REPOSITORY_NAMES, ECR_COMMON[0], ECR_COMMON[1], ECR_COMMON[2]], &[],
        "Describe image repositories"),
    cmd(&["aws", "ecr", "describe-images"],
        &[REPOSITORY_NAME, ECR_COMMON[0], ECR_COMMON[1], ECR_COMMON[2]], &[],
        "Describe the images in a repository"),
    cmd(&["aws", "ecr", "set-repository-policy"],
        &[REPOSITORY_NAME, POLICY_TEXT, ECR_COMMON[0], ECR_COMMON[1], ECR_COMMON[2]], &[],
        "Set which accounts may pull from a repository"),
    cmd(&["aws", "ssm", "put-parameter"],
        &[PARAMETER_NAME, PARAMETER_VALUE, PARAMETER_TYPE, OVERWRITE, SSM_COMMON[0],
          SSM_COMMON[1], SSM_COMMON[2]],
        &[], "Add or overwrite a parameter"),
    cmd(&["aws", "ssm", "get-parameter"],
        &[PARAMETER_NAME, WITH_DECRYPTION, SSM_COMMON[0], SSM_COMMON[1], SSM_COMMON[2]], &[],
        "Get a parameter's value"),
    cmd(&["aws", "ssm", "describe-parameters"], &[SSM_COMMON[0], SSM_COMMON[1], SSM_COMMON[2]],
        &[], "List parameters"),
    cmd(&["aws", "ssm", "delete-parameter"],
        &[PARAMETER_NAME, SSM_COMMON[0], SSM_COMMON[1], SSM_COMMON[2]], &[],
        "Delete a parameter"),
    // ---------------------------------------------------------------- sim
    cmd(&["sim", "nodes"], NODE_SHAPE, &[Value::Text], "Set the number of nodes"),
    cmd(&["sim", "add-node"], NODE_SHAPE, &[Value::Text], "Add a node"),
    cmd(&["sim", "remove-node"], &[], &[Value::Node], "Remove a node"),
    cmd(&["sim", "seed"], &[], &[Value::Text], "Restart the simulation with a seed"),
    cmd(&["sim", "wait"], &[], &[Value::Text], "Let simulated time pass"),
    cmd(&["sim", "kill"], KILL_FLAGS, &[Value::PodOrTask], "Kill a container (SIGKILL)"),
    cmd(&["sim", "crash"], KILL_FLAGS, &[Value::PodOrTask, EXIT_CODES],
        "Make a container exit with a code"),
    cmd(&["sim", "scale"], &[NODES, PODS, DEPLOYMENTS], &[],
        "Fill a cluster of up to 5,000 nodes with up to 150,000 pods"),
    cmd(&["sim", "fail-node"], &[ZONE_OF], &[Value::Node], "Stop a node's kubelet and containers"),
    cmd(&["sim", "restore-node"], &[ZONE_OF], &[Value::Node], "Bring a failed node back"),
    cmd(&["sim", "why"], &[NAMESPACE, WHY_CLUSTER], &[], "Explain what is not running, and why"),
    cmd(&["sim", "traffic"], &[NAMESPACE], &[Value::TrafficTarget],
        "Send requests to a service or a load balancer"),
    cmd(&["sim", "compress"], &[], &[Value::Suggested(&["1", "10", "60"])],
        "Run simulated time faster"),
    cmd(&["sim", "side-by-side"], &[NAMESPACE], &[Value::Deployment],
        "Show a deployment beside its ECS equivalent"),
    cmd(&["sim", "explain"], &[NAMESPACE, EXPLAIN_NODE, EXPLAIN_LANG], &[Value::Pod],
        "Explain the scheduler's decisions for a pod"),
    cmd(&["sim", "build"], &[TAG, DOCKERFILE, BUILD_ARG], &[Value::Text],
        "Build an image from a Dockerfile (docker build)"),
    cmd(&["sim", "images"], &[], &[], "List the local images (docker images)"),
    cmd(&["sim", "history"], &[], &[Value::LocalImage], "Show an image's layers"),
    cmd(&["sim", "tag"], &[], &[Value::LocalImage, Value::Text], "Tag a local image"),
    cmd(&["sim", "push"], &[], &[Value::LocalImage], "Push an image to its registry"),
    cmd(&["sim", "accounts"], &[], &[], "List the accounts"),
    cmd(&["sim", "account", "create"], &[ID, ACCOUNT_REGION], &[Value::Text], "Create an account"),
    cmd(&["sim", "clusters"], &[], &[], "List the clusters"),
    cmd(&["sim", "cluster", "create"], &[ACCOUNT, NODES, CPU, MEMORY], &[Value::Text],
        "Create a cluster (and its context) in an account"),
    cmd(&["sim", "cluster", "delete"], &[], &[Value::Text], "Delete a cluster"),
    cmd(&["sim", "dbs"], &[], &[], "List the databases"),
    cmd(&["sim", "db", "create"], &[ACCOUNT, ENV], &[Value::Text], "Create a database"),
    cmd(&["sim", "ecr", "allow-pull"], &[FROM_ACCOUNT, PROFILE], &[Value::Text],
        "Let other accounts pull from a repository"),
    cmd(&["sim", "envs"], &[], &[], "List the environments"),
    cmd(&["sim", "env", "create"], &[FROM_OVERLAY, CONTEXT, WITH_DB], &[Value::Text],
        "Create an environment from an overlay"),
    cmd(&["sim", "env", "delete"], &[CONTEXT], &[Value::Text], "Delete an environment"),
    cmd(&["sim", "env", "move"], &[TO_CONTEXT, CONTEXT], &[Value::Text],
        "Move an environment to another context"),
    cmd(&["sim", "env", "list"], &[], &[], "List the environments"),
    // ---------------------------------------------------------------- help
    cmd(&["help"], &[LANG], &[Value::Choice(&["kubectl", "aws", "sim"])],
        "List the commands Sunaba understands"),
    // ---------------------------------------------------------------- aws logs
    cmd(&["aws", "logs", "create-log-group"], &[LOG_GROUP_NAME], &[], "Create a log group"),
    cmd(&["aws", "logs", "delete-log-group"], &[LOG_GROUP_NAME], &[], "Delete a log group"),
    cmd(&["aws", "logs", "describe-log-groups"], &[LOG_GROUP_NAME_PREFIX], &[],
        "List the log groups"),
    cmd(&["aws", "logs", "describe-log-streams"], &[LOG_GROUP_NAME, LOG_STREAM_NAME_PREFIX], &[],
        "List the log streams of a log group"),
    cmd(&["aws", "logs", "get-log-events"], &[LOG_GROUP_NAME, LOG_STREAM_NAME], &[],
        "Get the log events of a log stream"),
    cmd(&["aws", "logs", "tail"], &[LOGS_SINCE], &[Value::Suggested(&["/ecs/sample-fargate"])],
        "Show the log events of a log group"),
    // ---------------------------------------------------------------- aws elbv2
    cmd(&["aws", "elbv2", "create-load-balancer"],
        &[LB_NAME, SUBNETS, SECURITY_GROUPS, SCHEME, LB_TYPE, IP_ADDRESS_TYPE, TAGS], &[],
        "Create an Application Load Balancer"),
    cmd(&["aws", "elbv2", "create-target-group"],
        &[TG_NAME, TG_PROTOCOL, TG_PORT, VPC_ID, TARGET_TYPE, HC_PROTOCOL, HC_PORT, HC_PATH,
          HC_INTERVAL, HC_TIMEOUT, HEALTHY_THRESHOLD, UNHEALTHY_THRESHOLD, MATCHER, TAGS,
          CLI_INPUT_JSON],
        &[], "Create a target group"),
    cmd(&["aws", "elbv2", "create-listener"],
        &[LOAD_BALANCER_ARN, LISTENER_PROTOCOL, LISTENER_PORT, DEFAULT_ACTIONS, TAGS], &[],
        "Create a listener that forwards to a target group"),
    cmd(&["aws", "elbv2", "describe-load-balancers"], &[LOAD_BALANCER_ARNS, LB_NAMES], &[],
        "Describe load balancers"),
    cmd(&["aws", "elbv2", "describe-target-groups"],
        &[LOAD_BALANCER_ARN, TARGET_GROUP_ARNS, TG_NAMES], &[], "Describe target groups"),
    cmd(&["aws", "elbv2", "describe-listeners"], &[LOAD_BALANCER_ARN, LISTENER_ARNS], &[],
        "Describe listeners"),
    cmd(&["aws", "elbv2", "describe-target-health"], &[TARGET_GROUP_ARN, TARGETS], &[],
        "Describe the health of a target group's targets"),
    cmd(&["aws", "elbv2", "describe-target-group-attributes"], &[TARGET_GROUP_ARN], &[],
        "Describe a target group's attributes"),
    cmd(&["aws", "elbv2", "modify-target-group-attributes"],
        &[TARGET_GROUP_ARN, ATTRIBUTES, CLI_INPUT_JSON],
        &[], "Modify a target group's attributes"),
    cmd(&["aws", "elbv2", "modify-target-group"],
        &[TARGET_GROUP_ARN, HC_PROTOCOL, HC_PORT, HC_PATH, HC_INTERVAL, HC_TIMEOUT,
          HEALTHY_THRESHOLD, UNHEALTHY_THRESHOLD, MATCHER],
        &[], "Modify the health checks of a target group"),
    cmd(&["aws", "elbv2", "register-targets"], &[TARGET_GROUP_ARN, TARGETS], &[],
        "Register targets with a target group"),
    cmd(&["aws", "elbv2", "deregister-targets"], &[TARGET_GROUP_ARN, TARGETS], &[],
        "Deregister targets from a target group"),
    cmd(&["aws", "elbv2", "delete-listener"], &[LISTENER_ARN], &[], "Delete a listener"),
    cmd(&["aws", "elbv2", "delete-target-group"], &[TARGET_GROUP_ARN], &[],
        "Delete a target group"),
    cmd(&["aws", "elbv2", "delete-load-balancer"], &[LOAD_BALANCER_ARN], &[],
        "Delete a load balancer and its listeners"),
    // ---------------------------------------------------------------- kubectl's write verbs
    cmd(&["kubectl", "label"], &[NAMESPACE, META_OVERWRITE, SELECTOR, SELECT_ALL], OBJECTS,
        "Update the labels on a resource"),
    cmd(&["kubectl", "annotate"], &[NAMESPACE, META_OVERWRITE, SELECTOR, SELECT_ALL], OBJECTS,
        "Update the annotations on a resource"),
    cmd(&["kubectl", "patch"], &[NAMESPACE, PATCH, PATCH_FILE, PATCH_TYPE], OBJECTS,
        "Update fields of a resource"),
    cmd(&["kubectl", "wait"], &[NAMESPACE, WAIT_FOR, WAIT_TIMEOUT, SELECTOR, SELECT_ALL], OBJECTS,
        "Experimental: Wait for a specific condition on one or many resources"),
    cmd(&["kubectl", "edit"], &[NAMESPACE], OBJECTS,
        "Edit a resource on the server (not in Sunaba: use apply or patch)"),
    cmd(&["kubectl", "rollout", "pause"], ROLLOUT_FLAGS, &[Value::Deployment],
        "Mark the provided resource as paused"),
    cmd(&["kubectl", "rollout", "resume"], ROLLOUT_FLAGS, &[Value::Deployment],
        "Resume a paused resource"),
    cmd(&["kubectl", "replace"], &[NAMESPACE, FILENAME], &[],
        "Replace a resource by file name"),
];

/// The command at exactly this path.
pub fn find(path: &[&str]) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.path == path)
}

/// Whether some command's path starts with `prefix` (the prefix is a command or a group).
pub fn exists(prefix: &[&str]) -> bool {
    COMMANDS.iter().any(|c| c.path.starts_with(prefix))
}

/// The words that may follow `prefix`, in table order, each once: `children(&["kubectl",
/// "rollout"])` is `status, history, undo, restart`.
pub fn children(prefix: &[&str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in COMMANDS {
        if c.path.len() > prefix.len() && c.path.starts_with(prefix) {
            let next = c.path[prefix.len()];
            if !out.contains(&next) {
                out.push(next);
            }
        }
    }
    out
}

/// The flags of every command under `prefix`, each once, in table order: what a group's
/// parser accepts before it knows which sub-verb follows.
pub fn flags_under(prefix: &[&str]) -> Vec<Flag> {
    let mut out: Vec<Flag> = Vec::new();
    for c in COMMANDS.iter().filter(|c| c.path.starts_with(prefix)) {
        for f in c.flags {
            if !out.iter().any(|o| o.long == f.long) {
                out.push(*f);
            }
        }
    }
    out
}

/// The flags a command (or group) takes, its program's global ones included.
pub fn flags_at(path: &[&str]) -> Vec<Flag> {
    let mut flags = flags_under(path);
    if let Some(program) = path.first() {
        flags.extend(
            GLOBAL_FLAGS
                .iter()
                .filter(|(p, _)| p == program)
                .map(|(_, f)| *f),
        );
    }
    flags
}

/// The flag `word` names among `flags` (`--namespace`, `-n`); `None` for another word, an
/// unknown flag, or a flag with its value inside (`--namespace=x`, `-nx`).
pub fn flag_named(flags: &[Flag], word: &str) -> Option<Flag> {
    if let Some(long) = word.strip_prefix("--") {
        return flags.iter().find(|f| f.long == long).copied();
    }
    let mut chars = word.strip_prefix('-')?.chars();
    let short = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    flags.iter().find(|f| f.short == Some(short)).copied()
}

/// The longest command path that `words` begins with, and how many words it took.
pub fn longest_match(words: &[&str]) -> Option<(&'static Command, usize)> {
    COMMANDS
        .iter()
        .filter(|c| words.starts_with(c.path))
        .max_by_key(|c| c.path.len())
        .map(|c| (c, c.path.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_unique_and_starts_with_a_program() {
        for (i, c) in COMMANDS.iter().enumerate() {
            assert!(PROGRAMS.contains(&c.path[0]), "{:?}", c.path);
            // A program is a group of verbs, or (`help`) one command of its own.
            assert!(c.path.len() >= 2 || c.path == ["help"], "{:?}", c.path);
            assert!(
                COMMANDS[..i].iter().all(|o| o.path != c.path),
                "{:?} twice",
                c.path
            );
            // A leaf is never also a group: `kubectl rollout` is only a group.
            assert!(
                COMMANDS
                    .iter()
                    .all(|o| o.path.len() <= c.path.len() || !o.path.starts_with(c.path)),
                "{:?} is both a command and a group",
                c.path
            );
        }
    }

    #[test]
    fn a_flag_name_means_one_thing_within_a_program() {
        // The group parsers take the union of their children's flags: a name must not switch
        // between a switch and a value there.
        for c in COMMANDS {
            for f in c.flags {
                for o in flags_under(&c.path[..c.path.len() - 1]) {
                    if o.long == f.long {
                        assert_eq!(
                            o.takes_value(),
                            f.takes_value(),
                            "{:?} --{}",
                            c.path,
                            f.long
                        );
                    }
                }
            }
        }
    }
}
