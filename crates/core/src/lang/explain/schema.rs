//! The fields `kubectl explain` describes, as one table: each kind Sunaba simulates, each object
//! type under it with its fields (name, type, required, description in the Kubernetes API
//! reference's words, shortened), and the real fields the manifest reader accepts there and
//! ignores — the reader's own lists ([`crate::input::definitions::schema`]), so both say the
//! same. Tests hold it to the reader both ways (`super::tests`). Fixed data: bounded.

use crate::input::definitions::schema as reader;

mod apps;

/// One kind, by the names kubectl takes for it.
pub struct Kind {
    /// Plural first, then singular and short names.
    pub names: &'static [&'static str],
    pub kind: &'static str,
    /// `""` for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub root: &'static Object,
    /// Whether learners write it (`kubectl apply`) or the simulation makes it.
    pub made: Made,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// Read from manifests.
    Manifest,
    /// Made by the simulation; this says how.
    Simulation(&'static str),
}

/// An object type (`PodSpec`, `Container`).
pub struct Object {
    pub name: &'static str,
    pub description: &'static str,
    pub fields: &'static [Field],
    /// The real fields accepted here and ignored (with a warning), as the reader lists them.
    pub ignored: &'static [&'static [&'static str]],
    /// What Sunaba adds about this object, or `""`.
    pub note: &'static str,
}

pub struct Field {
    pub name: &'static str,
    pub ty: Type,
    pub required: bool,
    pub by: By,
    pub description: &'static str,
}

/// Who writes a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// The learner: read from manifests and simulated.
    Learner,
    /// The simulation (status, uid, …): `kubectl get -o yaml` shows it; a manifest's is ignored.
    Simulation,
}

#[derive(Clone, Copy)]
pub enum Type {
    String,
    Integer,
    Boolean,
    /// A string with a fixed set of values.
    Enum(&'static [&'static str]),
    StringMap,
    Quantities,
    Strings,
    IntOrString,
    Object(&'static Object),
    Objects(&'static Object),
}

impl Type {
    /// As `kubectl explain` prints it between `<` and `>`.
    pub fn label(self) -> String {
        match self {
            Type::String | Type::Enum(_) => "string".into(),
            Type::Integer => "integer".into(),
            Type::Boolean => "boolean".into(),
            Type::StringMap => "map[string]string".into(),
            Type::Quantities => "map[string]Quantity".into(),
            Type::Strings => "[]string".into(),
            Type::IntOrString => "IntOrString".into(),
            Type::Object(o) => o.name.into(),
            Type::Objects(o) => format!("[]{}", o.name),
        }
    }

    pub fn object(self) -> Option<&'static Object> {
        match self {
            Type::Object(o) | Type::Objects(o) => Some(o),
            _ => None,
        }
    }
}

const fn f(name: &'static str, ty: Type, description: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        by: By::Learner,
        description,
    }
}
const fn req(name: &'static str, ty: Type, description: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        by: By::Learner,
        description,
    }
}
const fn set(name: &'static str, ty: Type, description: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        by: By::Simulation,
        description,
    }
}
const fn obj(
    name: &'static str,
    description: &'static str,
    fields: &'static [Field],
    ignored: &'static [&'static [&'static str]],
) -> Object {
    Object {
        name,
        description,
        fields,
        ignored,
        note: "",
    }
}

use Type::{
    Boolean as B, Enum as E, IntOrString as IOS, Integer as I, Object as O, Objects as L,
    Quantities as Q, String as S, StringMap as M, Strings as SS,
};

const API_VERSION: Field = f("apiVersion", S, "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.");
const KIND: Field = f("kind", S, "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase.");
const METADATA: Field = f("metadata", O(&OBJECT_META), "Standard object's metadata.");
const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];
const EFFECTS: &[&str] = &["NoExecute", "NoSchedule", "PreferNoSchedule"];

// ---------------------------------------------------------------- metadata and selectors
#[rustfmt::skip]
pub static OBJECT_META: Object = obj("ObjectMeta", "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.", &[
    f("annotations", M, "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects."),
    set("creationTimestamp", S, "CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only."),
    set("deletionTimestamp", S, "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested by the user. Read-only."),
    f("labels", M, "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services."),
    f("name", S, "Name must be unique within a namespace. Is required when creating resources. Cannot be updated."),
    f("namespace", S, "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace. Cannot be updated."),
    set("ownerReferences", L(&OWNER_REFERENCE), "List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected."),
    set("resourceVersion", S, "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Populated by the system. Read-only."),
    set("uid", S, "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource. Populated by the system. Read-only."),
], &[reader::METADATA_IGNORED]);

#[rustfmt::skip]
static OWNER_REFERENCE: Object = obj("OwnerReference", "OwnerReference contains enough information to let you identify an owning object.", &[
    req("apiVersion", S, "API version of the referent."),
    f("blockOwnerDeletion", B, "If true, AND if the owner has the \"foregroundDeletion\" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed."),
    f("controller", B, "If true, this reference points to the managing controller."),
    req("kind", S, "Kind of the referent."),
    req("name", S, "Name of the referent."),
    req("uid", S, "UID of the referent."),
], &[]);

#[rustfmt::skip]
static LABEL_SELECTOR: Object = obj("LabelSelector", "A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed.", &[
    f("matchExpressions", L(&LABEL_SELECTOR_REQUIREMENT), "matchExpressions is a list of label selector requirements. The requirements are ANDed."),
    f("matchLabels", M, "matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed."),
], &[]);

#[rustfmt::skip]
static LABEL_SELECTOR_REQUIREMENT: Object = obj("LabelSelectorRequirement", "A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.", &[
    req("key", S, "key is the label key that the selector applies to."),
    req("operator", E(&["DoesNotExist", "Exists", "In", "NotIn"]), "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist."),
    f("values", SS, "values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty."),
], &[]);

// ---------------------------------------------------------------- pods
#[rustfmt::skip]
static POD: Object = obj("Pod", "Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.", &[
    API_VERSION, KIND, METADATA,
    f("spec", O(&POD_SPEC), "Specification of the desired behavior of the pod."),
    set("status", O(&POD_STATUS), "Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only."),
], &[reader::OBJECT_IGNORED]);

#[rustfmt::skip]
pub static POD_SPEC: Object = obj("PodSpec", "PodSpec is a description of a pod.", &[
    req("containers", L(&CONTAINER), "List of containers belonging to the pod. There must be at least one container in a Pod. Cannot be updated."),
    f("hostname", S, "Specifies the hostname of the Pod If not specified, the pod's hostname will be set to a system-defined value."),
    f("initContainers", L(&CONTAINER), "List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. An init container with restartPolicy Always is a sidecar: it starts first and keeps running beside the containers."),
    f("nodeName", S, "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod."),
    f("hostname", S, "Specifies the hostname of the Pod. If not specified, the pod's hostname will be set to a system-defined value."),
    f("nodeSelector", M, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
    f("restartPolicy", E(&["Always", "Never", "OnFailure"]), "Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always."),
    f("subdomain", S, "If specified, the fully qualified Pod hostname will be \"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\". If not specified, the pod will not have a domainname at all."),
    f("terminationGracePeriodSeconds", I, "Optional duration in seconds the pod needs to terminate gracefully: the time between the termination signal (SIGTERM) and the kill signal (SIGKILL). Value must be non-negative integer. The value zero indicates stop immediately via the kill signal. Defaults to 30 seconds."),
    f("subdomain", S, "If specified, the fully qualified Pod hostname will be \"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\". If not specified, the pod will not have a domainname at all."),
    f("tolerations", L(&TOLERATION), "If specified, the pod's tolerations."),
], &[reader::POD_SPEC_IGNORED]);

#[rustfmt::skip]
static TOLERATION: Object = obj("Toleration", "The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.", &[
    f("effect", E(EFFECTS), "Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute."),
    f("key", S, "Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists."),
    f("operator", E(&["Equal", "Exists"]), "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal. Exists is equivalent to wildcard for value."),
    f("tolerationSeconds", I, "TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute) tolerates the taint. By default, it is not set, which means tolerate the taint forever (do not evict)."),
    f("value", S, "Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string."),
], &[]);

#[rustfmt::skip]
static CONTAINER: Object = obj("Container", "A single application container that you want to run within a pod.", &[
    f("args", SS, "Arguments to the entrypoint. The container image's CMD is used if this is not provided. Cannot be updated."),
    f("command", SS, "Entrypoint array. Not executed within a shell. The container image's ENTRYPOINT is used if this is not provided. Cannot be updated."),
    f("env", L(&ENV_VAR), "List of environment variables to set in the container. Cannot be updated."),
    f("envFrom", L(&ENV_FROM_SOURCE), "List of sources to populate environment variables in the container. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence."),
    f("image", S, "Container image name."),
    f("imagePullPolicy", E(&["Always", "IfNotPresent", "Never"]), "Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated."),
    f("lifecycle", O(&LIFECYCLE), "Actions that the management system should take in response to container lifecycle events. Cannot be updated."),
    f("livenessProbe", O(&PROBE), "Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated."),
    req("name", S, "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated."),
    f("ports", L(&CONTAINER_PORT), "List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed."),
    f("readinessProbe", O(&PROBE), "Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated."),
    f("resources", O(&RESOURCE_REQUIREMENTS), "Compute Resources required by this container. Cannot be updated."),
    f("restartPolicy", E(&["Always"]), "RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is \"Always\": such an init container is a sidecar."),
    f("startupProbe", O(&PROBE), "StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. If this probe fails, the Pod will be restarted, just as if the livenessProbe failed."),
], &[reader::CONTAINER_IGNORED]);

#[rustfmt::skip]
static ENV_VAR: Object = obj("EnvVar", "EnvVar represents an environment variable present in a Container.", &[
    req("name", S, "Name of the environment variable. Must be a C_IDENTIFIER."),
    f("value", S, "The variable's value. Defaults to \"\"."),
    f("valueFrom", O(&ENV_VAR_SOURCE), "Source for the environment variable's value. Cannot be used if value is not empty."),
], &[reader::ENV_VAR_IGNORED]);

#[rustfmt::skip]
static ENV_VAR_SOURCE: Object = obj("EnvVarSource", "EnvVarSource represents a source for the value of an EnvVar.", &[
    f("configMapKeyRef", O(&CONFIG_MAP_KEY_SELECTOR), "Selects a key of a ConfigMap."),
    f("secretKeyRef", O(&SECRET_KEY_SELECTOR), "Selects a key of a secret in the pod's namespace"),
], &[reader::VALUE_FROM_IGNORED]);

#[rustfmt::skip]
static CONFIG_MAP_KEY_SELECTOR: Object = obj("ConfigMapKeySelector", "Selects a key from a ConfigMap.", &[
    req("key", S, "The key to select."),
    f("name", S, "Name of the referent."),
    f("optional", B, "Specify whether the ConfigMap or its key must be defined"),
], &[]);

#[rustfmt::skip]
static SECRET_KEY_SELECTOR: Object = obj("SecretKeySelector", "SecretKeySelector selects a key of a Secret.", &[
    req("key", S, "The key of the secret to select from. Must be a valid secret key."),
    f("name", S, "Name of the referent."),
    f("optional", B, "Specify whether the Secret or its key must be defined"),
], &[]);

#[rustfmt::skip]
static ENV_FROM_SOURCE: Object = obj("EnvFromSource", "EnvFromSource represents the source of a set of ConfigMaps or Secrets", &[
    f("configMapRef", O(&CONFIG_MAP_ENV_SOURCE), "The ConfigMap to select from"),
    f("prefix", S, "Optional text to prepend to the name of each environment variable. Must be a C_IDENTIFIER."),
    f("secretRef", O(&SECRET_ENV_SOURCE), "The Secret to select from"),
], &[]);

#[rustfmt::skip]
static CONFIG_MAP_ENV_SOURCE: Object = obj("ConfigMapEnvSource", "ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.", &[
    f("name", S, "Name of the referent."),
    f("optional", B, "Specify whether the ConfigMap must be defined"),
], &[]);

#[rustfmt::skip]
static SECRET_ENV_SOURCE: Object = obj("SecretEnvSource", "SecretEnvSource selects a Secret to populate the environment variables with.", &[
    f("name", S, "Name of the referent."),
    f("optional", B, "Specify whether the Secret must be defined"),
], &[]);

#[rustfmt::skip]
static CONTAINER_PORT: Object = obj("ContainerPort", "ContainerPort represents a network port in a single container.", &[
    req("containerPort", I, "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536."),
    f("name", S, "If specified, this must be an IANA_SVC_NAME and unique within the pod. Name for the port that can be referred to by services."),
    f("protocol", E(PROTOCOLS), "Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\"."),
], &[reader::CONTAINER_PORT_IGNORED]);

#[rustfmt::skip]
static RESOURCE_REQUIREMENTS: Object = Object {
    note: "Of the resources, Sunaba simulates cpu and memory: the scheduler places pods by their requests, and a container over its memory limit is OOMKilled. Other resource names load with a warning.",
    ..obj("ResourceRequirements", "ResourceRequirements describes the compute resource requirements.", &[
    f("limits", Q, "Limits describes the maximum amount of compute resources allowed."),
    f("requests", Q, "Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified. Requests cannot exceed Limits."),
], &[reader::RESOURCES_IGNORED])
};

#[rustfmt::skip]
static PROBE: Object = obj("Probe", "Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.", &[
    f("exec", O(&EXEC_ACTION), "Exec specifies a command to execute in the container."),
    f("failureThreshold", I, "Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1."),
    f("grpc", O(&GRPC_ACTION), "GRPC specifies a GRPC HealthCheckRequest."),
    f("httpGet", O(&HTTP_GET_ACTION), "HTTPGet specifies an HTTP GET request to perform."),
    f("initialDelaySeconds", I, "Number of seconds after the container has started before liveness probes are initiated."),
    f("periodSeconds", I, "How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1."),
    f("successThreshold", I, "Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1."),
    f("tcpSocket", O(&TCP_SOCKET_ACTION), "TCPSocket specifies a connection to a TCP port."),
    f("timeoutSeconds", I, "Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1."),
], &[reader::PROBE_IGNORED]);

#[rustfmt::skip]
static EXEC_ACTION: Object = obj("ExecAction", "ExecAction describes a \"run in container\" action.", &[
    f("command", SS, "Command is the command line to execute inside the container. The command is simply exec'd, it is not run inside a shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy."),
], &[]);

const HTTP_PATH: Field = f("path", S, "Path to access on the HTTP server.");
const HANDLER_PORT: Field = req("port", IOS, "Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.");

#[rustfmt::skip]
static HTTP_GET_ACTION: Object = obj("HTTPGetAction", "HTTPGetAction describes an action based on HTTP Get requests.", &[
    HTTP_PATH, HANDLER_PORT,
    f("scheme", E(&["HTTP", "HTTPS"]), "Scheme to use for connecting to the host. Defaults to HTTP."),
], &[reader::HTTP_GET_IGNORED]);

#[rustfmt::skip]
static TCP_SOCKET_ACTION: Object = obj("TCPSocketAction", "TCPSocketAction describes an action based on opening a socket", &[HANDLER_PORT], &[reader::TCP_SOCKET_IGNORED]);

#[rustfmt::skip]
static GRPC_ACTION: Object = obj("GRPCAction", "GRPCAction specifies an action involving a GRPC service.", &[
    req("port", I, "Port number of the gRPC service. Number must be in the range 1 to 65535."),
], &[reader::GRPC_IGNORED]);

#[rustfmt::skip]
static LIFECYCLE: Object = obj("Lifecycle", "Lifecycle describes actions that the management system should take in response to container lifecycle events.", &[
    f("preStop", O(&LIFECYCLE_HANDLER), "PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure. The handler is not called if the container crashes or exits. The Pod's termination grace period countdown begins before the PreStop hook is executed."),
], &[reader::LIFECYCLE_IGNORED]);

#[rustfmt::skip]
static LIFECYCLE_HANDLER: Object = obj("LifecycleHandler", "LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.", &[
    f("exec", O(&EXEC_ACTION), "Exec specifies a command to execute in the container."),
    f("httpGet", O(&HOOK_HTTP_GET_ACTION), "HTTPGet specifies an HTTP GET request to perform."),
    f("sleep", O(&SLEEP_ACTION), "Sleep represents a duration that the container should sleep."),
], &[reader::HOOK_HANDLER_IGNORED]);

#[rustfmt::skip]
static HOOK_HTTP_GET_ACTION: Object = obj("HTTPGetAction", "HTTPGetAction describes an action based on HTTP Get requests.", &[HTTP_PATH, HANDLER_PORT], &[reader::HOOK_HTTP_GET_IGNORED]);

#[rustfmt::skip]
static SLEEP_ACTION: Object = obj("SleepAction", "SleepAction describes a \"sleep\" action.", &[
    req("seconds", I, "Seconds is the number of seconds to sleep."),
], &[]);

// ---------------------------------------------------------------- pod status (set by the simulation)
#[rustfmt::skip]
static POD_STATUS: Object = obj("PodStatus", "PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.", &[
    f("conditions", L(&CONDITION), "Current service state of pod."),
    f("containerStatuses", L(&CONTAINER_STATUS), "The list has one entry per container in the manifest."),
    f("hostIP", S, "hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has not started yet."),
    f("phase", E(&["Failed", "Pending", "Running", "Succeeded", "Unknown"]), "The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle."),
    f("podIP", S, "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
    f("qosClass", E(&["BestEffort", "Burstable", "Guaranteed"]), "The Quality of Service (QOS) classification assigned to the pod based on resource requirements."),
    f("startTime", S, "RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod."),
], &[]);

#[rustfmt::skip]
static CONDITION: Object = obj("Condition", "A condition of the object: its type and whether it holds.", &[
    req("status", S, "Status is the status of the condition. Can be True, False, Unknown."),
    req("type", S, "Type is the type of the condition."),
], &[]);

#[rustfmt::skip]
static CONTAINER_STATUS: Object = obj("ContainerStatus", "ContainerStatus contains details for the current status of this container.", &[
    req("image", S, "Image is the name of container image that the container is running."),
    f("lastState", O(&CONTAINER_STATE), "LastTerminationState holds the last termination state of the container to help debug container crashes and restarts."),
    req("name", S, "Name is a DNS_LABEL representing the unique name of the container."),
    req("ready", B, "Ready specifies whether the container is currently passing its readiness check."),
    req("restartCount", I, "RestartCount holds the number of times the container has been restarted."),
    f("started", B, "Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe."),
    f("state", O(&CONTAINER_STATE), "State holds details about the container's current condition."),
], &[]);

#[rustfmt::skip]
static CONTAINER_STATE: Object = obj("ContainerState", "ContainerState holds a possible state of container. Only one of its members may be specified.", &[
    f("running", O(&STATE_RUNNING), "Details about a running container"),
    f("terminated", O(&STATE_TERMINATED), "Details about a terminated container"),
    f("waiting", O(&STATE_WAITING), "Details about a waiting container"),
], &[]);

#[rustfmt::skip]
static STATE_RUNNING: Object = obj("ContainerStateRunning", "ContainerStateRunning is a running state of a container.", &[
    f("startedAt", S, "Time at which the container was last (re-)started"),
], &[]);

#[rustfmt::skip]
static STATE_TERMINATED: Object = obj("ContainerStateTerminated", "ContainerStateTerminated is a terminated state of a container.", &[
    req("exitCode", I, "Exit status from the last termination of the container"),
    f("finishedAt", S, "Time at which the container last terminated"),
    f("reason", S, "(brief) reason from the last termination of the container"),
    f("startedAt", S, "Time at which previous execution of the container started"),
], &[]);

#[rustfmt::skip]
static STATE_WAITING: Object = obj("ContainerStateWaiting", "ContainerStateWaiting is a waiting state of a container.", &[
    f("message", S, "Message regarding why the container is not yet running."),
    f("reason", S, "(brief) reason the container is not yet running."),
], &[]);

// ---------------------------------------------------------------- deployments and replica sets
#[rustfmt::skip]
static DEPLOYMENT: Object = obj("Deployment", "Deployment enables declarative updates for Pods and ReplicaSets.", &[
    API_VERSION, KIND, METADATA,
    f("spec", O(&DEPLOYMENT_SPEC), "Specification of the desired behavior of the Deployment."),
    set("status", O(&DEPLOYMENT_STATUS), "Most recently observed status of the Deployment."),
], &[reader::OBJECT_IGNORED]);

#[rustfmt::skip]
static DEPLOYMENT_SPEC: Object = obj("DeploymentSpec", "DeploymentSpec is the specification of the desired behavior of the Deployment.", &[
    f("minReadySeconds", I, "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)"),
    f("progressDeadlineSeconds", I, "The maximum time in seconds for a deployment to make progress before it is considered to be failed. A condition with a ProgressDeadlineExceeded reason will be surfaced in the deployment status. Defaults to 600s."),
    f("replicas", I, "Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1."),
    f("revisionHistoryLimit", I, "The number of old ReplicaSets to retain to allow rollback. Defaults to 10."),
    req("selector", O(&LABEL_SELECTOR), "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment. It must match the pod template's labels."),
    f("strategy", O(&DEPLOYMENT_STRATEGY), "The deployment strategy to use to replace existing pods with new ones."),
    req("template", O(&POD_TEMPLATE_SPEC), "Template describes the pods that will be created. The only allowed template.spec.restartPolicy value is \"Always\"."),
], &[reader::DEPLOYMENT_SPEC_IGNORED]);

#[rustfmt::skip]
static DEPLOYMENT_STRATEGY: Object = obj("DeploymentStrategy", "DeploymentStrategy describes how to replace existing pods with new ones.", &[
    f("rollingUpdate", O(&ROLLING_UPDATE_DEPLOYMENT), "Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate."),
    f("type", E(&["Recreate", "RollingUpdate"]), "Type of deployment. Can be \"Recreate\" or \"RollingUpdate\". Default is RollingUpdate."),
], &[]);

#[rustfmt::skip]
static ROLLING_UPDATE_DEPLOYMENT: Object = obj("RollingUpdateDeployment", "Spec to control the desired behavior of rolling update.", &[
    f("maxSurge", IOS, "The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up. Defaults to 25%."),
    f("maxUnavailable", IOS, "The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. This can not be 0 if MaxSurge is 0. Defaults to 25%."),
], &[]);

#[rustfmt::skip]
static POD_TEMPLATE_SPEC: Object = obj("PodTemplateSpec", "PodTemplateSpec describes the data a pod should have when created from a template", &[
    METADATA,
    f("spec", O(&POD_SPEC), "Specification of the desired behavior of the pod."),
], &[]);

#[rustfmt::skip]
static DEPLOYMENT_STATUS: Object = obj("DeploymentStatus", "DeploymentStatus is the most recently observed status of the Deployment.", &[
    f("availableReplicas", I, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
    f("observedGeneration", I, "The generation observed by the deployment controller."),
    f("readyReplicas", I, "readyReplicas is the number of pods targeted by this Deployment with a Ready Condition."),
    f("replicas", I, "Total number of non-terminated pods targeted by this deployment (their labels match the selector)."),
    f("unavailableReplicas", I, "Total number of unavailable pods targeted by this deployment: the pods still required for the deployment to have 100% available capacity."),
    f("updatedReplicas", I, "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
], &[]);

#[rustfmt::skip]
static REPLICA_SET: Object = obj("ReplicaSet", "ReplicaSet ensures that a specified number of pod replicas are running at any given time.", &[
    API_VERSION, KIND, METADATA,
    f("spec", O(&REPLICA_SET_SPEC), "Spec defines the specification of the desired behavior of the ReplicaSet."),
    set("status", O(&REPLICA_SET_STATUS), "Status is the most recently observed status of the ReplicaSet."),
], &[]);

#[rustfmt::skip]
static REPLICA_SET_SPEC: Object = obj("ReplicaSetSpec", "ReplicaSetSpec is the specification of a ReplicaSet.", &[
    f("replicas", I, "Replicas is the number of desired pods. Defaults to 1."),
    req("selector", O(&LABEL_SELECTOR), "Selector is a label query over pods that should match the replica count. It must match the pod template's labels."),
    f("template", O(&POD_TEMPLATE_SPEC), "Template is the object that describes the pod that will be created if insufficient replicas are detected."),
], &[]);

#[rustfmt::skip]
static REPLICA_SET_STATUS: Object = obj("ReplicaSetStatus", "ReplicaSetStatus represents the current status of a ReplicaSet.", &[
    f("availableReplicas", I, "The number of available replicas (ready for at least minReadySeconds) for this replica set."),
    f("readyReplicas", I, "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition."),
    req("replicas", I, "Replicas is the most recently observed number of replicas."),
], &[]);

// ---------------------------------------------------------------- services, config, namespaces
#[rustfmt::skip]
static SERVICE: Object = obj("Service", "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.", &[
    API_VERSION, KIND, METADATA,
    f("spec", O(&SERVICE_SPEC), "Spec defines the behavior of a service."),
    set("status", O(&SERVICE_STATUS), "Most recently observed status of the service. Populated by the system. Read-only."),
], &[reader::OBJECT_IGNORED]);

#[rustfmt::skip]
static SERVICE_SPEC: Object = obj("ServiceSpec", "ServiceSpec describes the attributes that a user creates on a service.", &[
    f("clusterIP", S, "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required."),
    f("ports", L(&SERVICE_PORT), "The list of ports that are exposed by this service."),
    f("selector", M, "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify."),
    f("type", E(&["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]), "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer."),
], &[reader::SERVICE_SPEC_IGNORED]);

#[rustfmt::skip]
static SERVICE_PORT: Object = obj("ServicePort", "ServicePort contains information on service's port.", &[
    f("name", S, "The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. Optional if only one ServicePort is defined on this service."),
    req("port", I, "The port that will be exposed by this service."),
    f("protocol", E(PROTOCOLS), "The IP protocol for this port. Supports \"TCP\", \"UDP\", and \"SCTP\". Default is TCP."),
    f("targetPort", IOS, "Number or name of the port to access on the pods targeted by the service. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used."),
], &[reader::SERVICE_PORT_IGNORED]);

#[rustfmt::skip]
static SERVICE_STATUS: Object = Object {
    note: "Sunaba simulates no load balancers: the status is always empty.",
    ..obj("ServiceStatus", "ServiceStatus represents the current status of a service.", &[], &[])
};

#[rustfmt::skip]
static CONFIG_MAP: Object = obj("ConfigMap", "ConfigMap holds configuration data for pods to consume.", &[
    API_VERSION, KIND, METADATA,
    f("data", M, "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'."),
    f("immutable", B, "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil."),
], &[reader::OBJECT_IGNORED, reader::CONFIGMAP_IGNORED]);

#[rustfmt::skip]
static SECRET: Object = obj("Secret", "Secret holds secret data of a certain type.", &[
    API_VERSION, KIND, METADATA,
    f("data", M, "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string."),
    f("immutable", B, "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified). If not set to true, the field can be modified at any time. Defaulted to nil."),
    f("stringData", M, "stringData allows specifying non-binary secret data in string form. It is provided as a write-only input field for convenience. All keys and values are merged into the data field on write, overwriting any existing values."),
    f("type", S, "Used to facilitate programmatic handling of secret data. Defaults to Opaque."),
], &[reader::OBJECT_IGNORED, reader::SECRET_IGNORED]);

#[rustfmt::skip]
static NAMESPACE: Object = obj("Namespace", "Namespace provides a scope for Names. Use of multiple namespaces is optional.", &[
    API_VERSION, KIND, METADATA,
    f("spec", O(&NAMESPACE_SPEC), "Spec defines the behavior of the Namespace."),
    set("status", O(&NAMESPACE_STATUS), "Status describes the current status of a Namespace."),
], &[reader::OBJECT_IGNORED]);

#[rustfmt::skip]
static NAMESPACE_SPEC: Object = obj("NamespaceSpec", "NamespaceSpec describes the attributes on a Namespace.", &[], &[reader::NAMESPACE_SPEC_IGNORED]);

#[rustfmt::skip]
static NAMESPACE_STATUS: Object = obj("NamespaceStatus", "NamespaceStatus is information about the current status of a Namespace.", &[
    f("phase", E(&["Active", "Terminating"]), "Phase is the current lifecycle phase of the namespace."),
], &[]);

// ---------------------------------------------------------------- nodes (made by the simulation)
#[rustfmt::skip]
static NODE: Object = obj("Node", "Node is a worker node in Kubernetes.", &[
    API_VERSION, KIND, METADATA,
    f("spec", O(&NODE_SPEC), "Spec defines the behavior of a node."),
    set("status", O(&NODE_STATUS), "Most recently observed status of the node. Populated by the system. Read-only."),
], &[]);

#[rustfmt::skip]
static NODE_SPEC: Object = obj("NodeSpec", "NodeSpec describes the attributes that a node is created with.", &[
    f("taints", L(&TAINT), "If specified, the node's taints."),
    f("unschedulable", B, "Unschedulable controls node schedulability of new pods. By default, node is schedulable."),
], &[]);

#[rustfmt::skip]
static TAINT: Object = obj("Taint", "The node this Taint is attached to has the \"effect\" on any pod that does not tolerate the Taint.", &[
    req("effect", E(EFFECTS), "Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute."),
    req("key", S, "Required. The taint key to be applied to a node."),
    f("value", S, "The taint value corresponding to the taint key."),
], &[]);

#[rustfmt::skip]
static NODE_STATUS: Object = obj("NodeStatus", "NodeStatus is information about the current status of a node.", &[
    f("addresses", L(&NODE_ADDRESS), "List of addresses reachable to the node."),
    f("allocatable", Q, "Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity."),
    f("capacity", Q, "Capacity represents the total resources of a node."),
    f("conditions", L(&CONDITION), "Conditions is an array of current observed node conditions."),
    f("nodeInfo", O(&NODE_SYSTEM_INFO), "Set of ids/uuids to uniquely identify the node."),
], &[]);

#[rustfmt::skip]
static NODE_ADDRESS: Object = obj("NodeAddress", "NodeAddress contains information for the node's address.", &[
    req("address", S, "The node address."),
    req("type", S, "Node address type, one of Hostname, ExternalIP or InternalIP."),
], &[]);

#[rustfmt::skip]
static NODE_SYSTEM_INFO: Object = obj("NodeSystemInfo", "NodeSystemInfo is a set of ids/uuids to uniquely identify the node.", &[
    req("containerRuntimeVersion", S, "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."),
    req("kubeletVersion", S, "Kubelet Version reported by the node."),
], &[]);

// ---------------------------------------------------------------- the kinds
#[rustfmt::skip]
pub static KINDS: &[Kind] = &[
    Kind { names: &["pods", "pod", "po"], kind: "Pod", group: "", version: "v1", root: &POD, made: Made::Manifest },
    Kind { names: &["deployments", "deployment", "deploy"], kind: "Deployment", group: "apps", version: "v1", root: &DEPLOYMENT, made: Made::Manifest },
    Kind { names: &["replicasets", "replicaset", "rs"], kind: "ReplicaSet", group: "apps", version: "v1", root: &REPLICA_SET,
        made: Made::Simulation("Sunaba's Deployment controller makes ReplicaSets; a ReplicaSet manifest is accepted with a warning and not simulated.") },
    Kind { names: &["services", "service", "svc"], kind: "Service", group: "", version: "v1", root: &SERVICE, made: Made::Manifest },
    Kind { names: &["configmaps", "configmap", "cm"], kind: "ConfigMap", group: "", version: "v1", root: &CONFIG_MAP, made: Made::Manifest },
    Kind { names: &["secrets", "secret"], kind: "Secret", group: "", version: "v1", root: &SECRET, made: Made::Manifest },
    Kind { names: &["namespaces", "namespace", "ns"], kind: "Namespace", group: "", version: "v1", root: &NAMESPACE, made: Made::Manifest },
    Kind { names: &["nodes", "node", "no"], kind: "Node", group: "", version: "v1", root: &NODE,
        made: Made::Simulation("Sunaba makes nodes itself (sim nodes, sim add-node); kubectl cordon, drain and taint change them.") },
    Kind { names: &["statefulsets", "statefulset", "sts"], kind: "StatefulSet", group: "apps", version: "v1", root: &apps::STATEFUL_SET, made: Made::Manifest },
    Kind { names: &["daemonsets", "daemonset", "ds"], kind: "DaemonSet", group: "apps", version: "v1", root: &apps::DAEMON_SET, made: Made::Manifest },
];
