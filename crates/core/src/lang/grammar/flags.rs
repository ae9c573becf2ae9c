//! Every flag of the language with what it does, in the words of the tool that has it (kubectl's
//! `--help`, the AWS CLI's reference), shortened, and saying so where Sunaba accepts a flag
//! without simulating it. `kubectl VERB --help` and `aws ecs OPERATION help` print these.
//!
//! A name may mean different things in different commands (`--force` of `kubectl delete`, of
//! `kubectl drain`, of `aws ecs delete-service`): each meaning is its own constant.

use super::{Flag, Takes, Value};

pub(super) const fn value(
    long: &'static str,
    short: Option<char>,
    v: Value,
    doc: &'static str,
) -> Flag {
    Flag {
        long,
        short,
        takes: Takes::One(v),
        doc,
    }
}
pub(super) const fn switch(long: &'static str, short: Option<char>, doc: &'static str) -> Flag {
    Flag {
        long,
        short,
        takes: Takes::Nothing,
        doc,
    }
}
const fn list(long: &'static str, v: Value, doc: &'static str) -> Flag {
    Flag {
        long,
        short: None,
        takes: Takes::Many(v),
        doc,
    }
}

// ---------------------------------------------------------------- kubectl (and sim, which
// speaks kubectl's dialect)
pub(super) const NAMESPACE: Flag = value(
    "namespace",
    Some('n'),
    Value::Namespace,
    "If present, the namespace scope for this CLI request",
);
pub(super) const OUTPUT: Flag = value(
    "output",
    Some('o'),
    Value::Choice(&["json", "name", "wide", "yaml"]),
    "Output format",
);
pub(super) const CONTEXTS_OUTPUT: Flag = value(
    "output",
    Some('o'),
    Value::Choice(&["name"]),
    "Output format",
);
pub(super) const SELECTOR: Flag = value(
    "selector",
    Some('l'),
    Value::Text,
    "Selector (label query) to filter on, supports '=' and '==' (e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
);
pub(super) const FILENAME: Flag = value(
    "filename",
    Some('f'),
    Value::File,
    "Files or directories that contain the configuration (YAML or JSON, several documents allowed; repeat -f for more)",
);
pub(super) const KUSTOMIZE: Flag = value(
    "kustomize",
    Some('k'),
    Value::Text,
    "Process a kustomization directory. This flag can't be used together with -f.",
);
pub(super) const CONTAINER: Flag = value(
    "container",
    Some('c'),
    Value::Text,
    "Container name. If omitted, the first container in the pod will be chosen",
);
pub(super) const STDIN: Flag = switch("stdin", Some('i'), "Pass stdin to the container");
pub(super) const TTY: Flag = switch("tty", Some('t'), "Stdin is a TTY");
pub(super) const ALL_NAMESPACES: Flag = switch(
    "all-namespaces",
    Some('A'),
    "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.",
);
pub(super) const SORT_BY: Flag = value(
    "sort-by",
    None,
    Value::Text,
    "If non-empty, sort list types using this field specification (accepted; Sunaba's lists are always sorted by name, events by time)",
);
pub(super) const FORCE: Flag = switch(
    "force",
    None,
    "If true, immediately remove resources from API and bypass graceful deletion.",
);
pub(super) const DRAIN_FORCE: Flag = switch(
    "force",
    None,
    "Continue even if there are pods that do not declare a controller.",
);
pub(super) const GRACE_PERIOD: Flag = value(
    "grace-period",
    None,
    Value::Integer,
    "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown.",
);
pub(super) const ALL: Flag = switch(
    "all",
    None,
    "Delete all resources, in the namespace of the specified resource types.",
);
pub(super) const REPLICAS: Flag = value(
    "replicas",
    None,
    Value::Integer,
    "The new desired number of replicas. Required.",
);
pub(super) const TO_REVISION: Flag = value(
    "to-revision",
    None,
    Value::Integer,
    "The revision to roll back to (undo) or to show (history). Default to 0 (last revision).",
);
pub(super) const WATCH: Flag = value(
    "watch",
    Some('w'),
    Value::Choice(&["false", "true"]),
    "Watch the status of the rollout until it's done.",
);
pub(super) const TIMEOUT: Flag = value(
    "timeout",
    None,
    Value::Text,
    "The length of time to wait before giving up, zero means infinite. Values take a time unit (e.g. 1s, 2m, 3h).",
);
pub(super) const IGNORE_DAEMONSETS: Flag =
    switch("ignore-daemonsets", None, "Ignore DaemonSet-managed pods.");
pub(super) const DELETE_EMPTYDIR_DATA: Flag = switch(
    "delete-emptydir-data",
    None,
    "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).",
);
pub(super) const PREVIOUS: Flag = switch(
    "previous",
    Some('p'),
    "If true, print the logs for the previous instance of the container in a pod if it exists.",
);
pub(super) const RECURSIVE: Flag = switch(
    "recursive",
    None,
    "When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.",
);
pub(super) const CONTEXT: Flag = value(
    "context",
    None,
    Value::Context,
    "The name of the kubeconfig context to use",
);
pub(super) const IMAGE: Flag = value(
    "image",
    None,
    Value::Text,
    "The image for the container to run (create deployment, run).",
);
pub(super) const CREATE_REPLICAS: Flag = value(
    "replicas",
    Some('r'),
    Value::Integer,
    "Number of replicas to create. Default is 1.",
);
pub(super) const CONTAINER_PORT: Flag = value(
    "port",
    None,
    Value::Integer,
    "The port that this container exposes.",
);
pub(super) const FROM_LITERAL: Flag = value(
    "from-literal",
    None,
    Value::Text,
    "Specify a key and literal value to insert in configmap or secret (i.e. mykey=somevalue); may be repeated",
);
pub(super) const FROM_FILE: Flag = value(
    "from-file",
    None,
    Value::File,
    "Key file can be specified using its file path, in which case file basename will be used as configmap or secret key, or optionally with a key and file path (key=path); may be repeated",
);
pub(super) const FROM_ENV_FILE: Flag = value(
    "from-env-file",
    None,
    Value::File,
    "Specify the path to a file to read lines of key=val pairs to create a configmap.",
);
pub(super) const RUN_ENV: Flag = value(
    "env",
    None,
    Value::Text,
    "Environment variables to set in the container (K=V); may be repeated.",
);
pub(super) const LABELS: Flag = value(
    "labels",
    Some('l'),
    Value::Text,
    "Comma separated labels to apply to the pod. Will override previous values.",
);
pub(super) const RESTART: Flag = value(
    "restart",
    None,
    Value::Choice(&["Always", "OnFailure", "Never"]),
    "The restart policy for this Pod. Legal values [Always, OnFailure, Never].",
);
pub(super) const RUN_COMMAND: Flag = switch(
    "command",
    None,
    "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
);
pub(super) const SERVICE_PORT: Flag = value(
    "port",
    None,
    Value::Integer,
    "The port that the service should serve on. Copied from the resource being exposed, if unspecified",
);
pub(super) const TARGET_PORT: Flag = value(
    "target-port",
    None,
    Value::Integer,
    "Number of the port on the container that the service should direct traffic to. Optional.",
);
pub(super) const SERVICE_TYPE: Flag = value(
    "type",
    None,
    Value::Choice(&["ClusterIP", "NodePort", "LoadBalancer"]),
    "Type for this service: ClusterIP, NodePort, or LoadBalancer. Default is 'ClusterIP'.",
);
pub(super) const EXPOSE_NAME: Flag = value(
    "name",
    None,
    Value::Text,
    "The name for the newly created object.",
);
pub(super) const HELP: Flag = switch("help", Some('h'), "Help for the command");

// ---------------------------------------------------------------- sim
pub(super) const CPU: Flag = value(
    "cpu",
    None,
    Value::Text,
    "CPU of each node, as a quantity (2, 500m)",
);
pub(super) const MEMORY: Flag = value(
    "memory",
    None,
    Value::Text,
    "Memory of each node, as a quantity (4Gi, 512Mi)",
);
pub(super) const ZONE: Flag = value(
    "zone",
    None,
    Value::Text,
    "The node's zone (its topology.kubernetes.io/zone label)",
);
pub(super) const WHY_CLUSTER: Flag = value(
    "cluster",
    None,
    Value::EcsCluster,
    "Explain this ECS cluster's services instead of a namespace",
);
pub(super) const EXIT_CODE: Flag = value(
    "exit-code",
    None,
    Value::Suggested(&["1", "137", "143"]),
    "The exit code the process ends with, 0..255 (sim crash only; default 1)",
);
pub(super) const KILL_SERVICE: Flag = value(
    "service",
    None,
    Value::EcsService,
    "A task of this ECS service instead of a pod",
);
pub(super) const TAG: Flag = value(
    "tag",
    Some('t'),
    Value::Text,
    "Name and optionally a tag in the 'name:tag' format",
);
pub(super) const DOCKERFILE: Flag = value(
    "file",
    Some('f'),
    Value::Text,
    "Name of the Dockerfile (default is 'PATH/Dockerfile')",
);
pub(super) const BUILD_ARG: Flag = value(
    "build-arg",
    None,
    Value::Text,
    "Set build-time variables (KEY=VALUE)",
);
pub(super) const ID: Flag = value(
    "id",
    None,
    Value::Text,
    "The account's 12-digit id (default: one made from its name)",
);
pub(super) const ACCOUNT_REGION: Flag =
    value("region", None, Value::Text, "The account's one region");
pub(super) const ACCOUNT: Flag = value(
    "account",
    None,
    Value::Account,
    "The account it belongs to (name or id)",
);
pub(super) const NODES: Flag = value("nodes", None, Value::Integer, "How many nodes");
pub(super) const PODS: Flag = value("pods", None, Value::Integer, "How many pods in all");
pub(super) const DEPLOYMENTS: Flag = value(
    "deployments",
    None,
    Value::Integer,
    "How many Deployments share the pods",
);
pub(super) const ZONE_OF: Flag = value(
    "zone",
    None,
    Value::Text,
    "Every node of this zone instead of one node",
);
pub(super) const ENV: Flag = value(
    "env",
    None,
    Value::Text,
    "The environment the database belongs to",
);
pub(super) const FROM_ACCOUNT: Flag = value(
    "from",
    None,
    Value::Account,
    "The account allowed to pull (name or id)",
);
pub(super) const FROM_OVERLAY: Flag = value(
    "from",
    None,
    Value::Text,
    "The kustomize overlay, or the ECS folder, the environment is made from",
);
pub(super) const TO_CONTEXT: Flag = value(
    "to",
    None,
    Value::Context,
    "The context to move the environment to",
);
pub(super) const WITH_DB: Flag = switch(
    "with-db",
    None,
    "Give the environment a database of its own",
);
pub(super) const LANG: Flag = value(
    "lang",
    None,
    Value::Choice(&["en", "ja"]),
    "The language of the list: en (English) or ja (日本語)",
);

// ---------------------------------------------------------------- the AWS CLI
pub(super) const PROFILE: Flag = value(
    "profile",
    None,
    Value::Account,
    "Use a specific profile: in Sunaba, an account (name or id)",
);
// `-o` as well: the ecr/ssm verbs have always accepted kubectl's shorthand.
pub(super) const AWS_OUTPUT: Flag = value(
    "output",
    Some('o'),
    Value::Choice(&["json", "table", "text"]),
    "The formatting style for command output",
);
pub(super) const AWS_REGION: Flag = value(
    "region",
    None,
    Value::Text,
    "The region to use (each account has one)",
);
pub(super) const CLUSTER: Flag = value(
    "cluster",
    None,
    Value::EcsCluster,
    "The short name or full Amazon Resource Name (ARN) of the cluster. If you do not specify a cluster, the default cluster is assumed.",
);
pub(super) const CLUSTER_NAME: Flag = value(
    "cluster-name",
    None,
    Value::Text,
    "The name of your cluster.",
);
pub(super) const CLUSTERS: Flag = list(
    "clusters",
    Value::EcsCluster,
    "A list of up to 100 cluster names or full cluster Amazon Resource Name (ARN) entries.",
);
pub(super) const CLI_INPUT_JSON: Flag = value(
    "cli-input-json",
    None,
    Value::Suggested(&["file://editor.yaml"]),
    "Reads arguments from the JSON file given as file://NAME.",
);
pub(super) const TASK_DEFINITION: Flag = value(
    "task-definition",
    None,
    Value::TaskDefinition,
    "The family and revision (family:revision) or full ARN of the task definition.",
);
pub(super) const FAMILY: Flag = value(
    "family",
    None,
    Value::TaskDefinition,
    "The name of the task definition family to filter the results with.",
);
pub(super) const FAMILY_PREFIX: Flag = value(
    "family-prefix",
    None,
    Value::TaskDefinition,
    "The full family name to filter the results with.",
);
pub(super) const SERVICE: Flag = value(
    "service",
    None,
    Value::EcsService,
    "The name of the service.",
);
pub(super) const SERVICES: Flag = list(
    "services",
    Value::EcsService,
    "A list of services to describe.",
);
pub(super) const SERVICE_NAME: Flag = value(
    "service-name",
    None,
    Value::EcsService,
    "The name of the service (to create, or to filter the results with).",
);
pub(super) const TASK: Flag = value(
    "task",
    None,
    Value::EcsTask,
    "The task ID of the task to stop.",
);
pub(super) const TASKS: Flag = list(
    "tasks",
    Value::EcsTask,
    "A list of up to 100 task IDs or full ARN entries.",
);
pub(super) const CONTAINER_INSTANCE: Flag = value(
    "container-instance",
    None,
    Value::ContainerInstance,
    "The container instance ID or full ARN of the container instance to filter the task list with.",
);
pub(super) const CONTAINER_INSTANCES: Flag = list(
    "container-instances",
    Value::ContainerInstance,
    "A list of container instance IDs or full ARN entries.",
);
pub(super) const LAUNCH_TYPE: Flag = value(
    "launch-type",
    None,
    Value::Choice(&["EC2", "FARGATE"]),
    "The infrastructure to run your tasks on.",
);
pub(super) const COUNT: Flag = value(
    "count",
    None,
    Value::Integer,
    "The number of instantiations of the specified task to place on your cluster.",
);
pub(super) const DESIRED_COUNT: Flag = value(
    "desired-count",
    None,
    Value::Integer,
    "The number of instantiations of the specified task definition to place and keep running in your service.",
);
pub(super) const STARTED_BY: Flag = value(
    "started-by",
    None,
    Value::Text,
    "An optional tag specified when a task is started.",
);
pub(super) const GROUP: Flag = value(
    "group",
    None,
    Value::Text,
    "The name of the task group to associate with the task.",
);
pub(super) const NETWORK_CONFIGURATION: Flag = value(
    "network-configuration",
    None,
    Value::Text,
    "The network configuration for the task: awsvpcConfiguration={subnets=[subnet-…],securityGroups=[sg-…],assignPublicIp=ENABLED|DISABLED} (shorthand or JSON). Required by awsvpc task definitions; any well-formed subnet and security group id counts as one of the account's default VPC.",
);
pub(super) const PLACEMENT_STRATEGY: Flag = list(
    "placement-strategy",
    Value::Text,
    "The placement strategy objects to use (type=binpack,field=memory; type=spread,field=…; type=random).",
);
pub(super) const PLACEMENT_CONSTRAINTS: Flag = list(
    "placement-constraints",
    Value::Text,
    "An array of placement constraint objects to use (type=distinctInstance).",
);
pub(super) const REASON: Flag = value(
    "reason",
    None,
    Value::Text,
    "An optional message specified when a task is stopped.",
);
pub(super) const DESIRED_STATUS: Flag = value(
    "desired-status",
    None,
    Value::Choice(&["RUNNING", "STOPPED"]),
    "The task desired status to filter the results with.",
);
pub(super) const DEFINITION_STATUS: Flag = value(
    "status",
    None,
    Value::Choice(&["ACTIVE", "INACTIVE"]),
    "The task definition status to filter the results with.",
);
pub(super) const INSTANCE_STATUS: Flag = value(
    "status",
    None,
    Value::Choice(&["ACTIVE", "DRAINING"]),
    "The container instance state to update the container instance with.",
);
pub(super) const FORCE_NEW_DEPLOYMENT: Flag = switch(
    "force-new-deployment",
    None,
    "Determines whether to force a new deployment of the service.",
);
pub(super) const DELETE_SERVICE_FORCE: Flag = switch(
    "force",
    None,
    "If true, allows you to delete a service even if it wasn't scaled down to zero tasks.",
);
pub(super) const REPOSITORY_NAME: Flag = value(
    "repository-name",
    None,
    Value::Text,
    "The name of the repository.",
);
pub(super) const REPOSITORY_NAMES: Flag = value(
    "repository-names",
    None,
    Value::Text,
    "A list of repositories to describe.",
);
pub(super) const POLICY_TEXT: Flag = value(
    "policy-text",
    None,
    Value::Text,
    "The JSON repository policy text to apply to the repository (file://NAME).",
);
pub(super) const PARAMETER_NAME: Flag = value(
    "name",
    None,
    Value::Text,
    "The fully qualified name of the parameter.",
);
pub(super) const PARAMETER_VALUE: Flag = value(
    "value",
    None,
    Value::Text,
    "The parameter value that you want to add to the system.",
);
pub(super) const PARAMETER_TYPE: Flag = value(
    "type",
    None,
    Value::Choice(&["SecureString", "String", "StringList"]),
    "The type of parameter that you want to create.",
);
pub(super) const OVERWRITE: Flag = switch("overwrite", None, "Overwrite an existing parameter.");
pub(super) const WITH_DECRYPTION: Flag = switch(
    "with-decryption",
    None,
    "Return decrypted values for secure string parameters.",
);
pub(super) const CREATE_FROM: Flag = value(
    "from",
    None,
    Value::Suggested(&["cronjob/"]),
    "The name of the resource to create a Job from (only cronjob is supported).",
);
pub(super) const SCHEDULE: Flag = value(
    "schedule",
    None,
    Value::Suggested(&["@hourly", "*/5 * * * *", "@daily"]),
    "A schedule in the Cron format the job should be run with.",
);
pub(super) const JOB_RESTART: Flag = value(
    "restart",
    None,
    Value::Choice(&["OnFailure", "Never"]),
    "job's restart policy. supported values: OnFailure, Never",
);
pub(super) const CASCADE: Flag = value(
    "cascade",
    None,
    Value::Choice(&["background", "foreground", "orphan"]),
    "Must be \"background\", \"orphan\", or \"foreground\". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.",
);
pub(super) const DEPLOYMENT_CONFIGURATION: Flag = value(
    "deployment-configuration",
    None,
    Value::Suggested(&["maximumPercent=200,minimumHealthyPercent=100"]),
    "Optional deployment parameters that control how many tasks run during the deployment and the ordering of stopping and starting tasks (maximumPercent=N,minimumHealthyPercent=N[,deploymentCircuitBreaker={enable=true,rollback=true}]).",
);
pub(super) const LOG_GROUP_NAME: Flag = value(
    "log-group-name",
    None,
    Value::Suggested(&["/ecs/sample-fargate"]),
    "The name of the log group.",
);
pub(super) const LOG_GROUP_NAME_PREFIX: Flag = value(
    "log-group-name-prefix",
    None,
    Value::Text,
    "The prefix to match.",
);
pub(super) const LOG_STREAM_NAME: Flag = value(
    "log-stream-name",
    None,
    Value::Text,
    "The name of the log stream (PREFIX/CONTAINER/TASK_ID for an ECS task).",
);
pub(super) const LOG_STREAM_NAME_PREFIX: Flag = value(
    "log-stream-name-prefix",
    None,
    Value::Text,
    "The prefix to match.",
);
pub(super) const LOGS_SINCE: Flag = value(
    "since",
    None,
    Value::Suggested(&["10m", "1h"]),
    "From what time to begin displaying logs (accepted; every event the streams hold is shown).",
);
pub(super) const TAGS: Flag = list(
    "tags",
    Value::Text,
    "The metadata that you apply to the resource (key=K,value=V …; checked, not stored).",
);
pub(super) const EXPLAIN_NODE: Flag = value(
    "node",
    None,
    Value::Node,
    "Explain why the pod was or was not placed on this node, attempt by attempt",
);
pub(super) const EXPLAIN_LANG: Flag = value(
    "lang",
    None,
    Value::Choice(&["en", "ja"]),
    "The language of the explanations: en (English) or ja (日本語); the page's language by default",
);
