//! The field table: for each object we decode, the real-Kubernetes fields that Sunaba accepts
//! but does not simulate. They load with a warning naming the ignored path. Any key that is
//! neither read by the decoder ([`super::objects`]) nor listed here is an unknown-field error.
//!
//! To start simulating a field (say `livenessProbe`): remove it from its list here, add it to
//! the model, and read it in `objects.rs` with `fields.get("livenessProbe")`.

/// Top level of every object.
pub const OBJECT_IGNORED: &[&str] = &["status"];

/// `metadata` (server-set fields are accepted so `kubectl get -o yaml` output loads back).
pub const METADATA_IGNORED: &[&str] = &[
    "generateName",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "ownerReferences",
    "finalizers",
    "selfLink",
];

/// Deployment `spec`.
pub const DEPLOYMENT_SPEC_IGNORED: &[&str] = &["paused"];

/// Pod `spec` (and a Deployment's `spec.template.spec`).
pub const POD_SPEC_IGNORED: &[&str] = &[
    "activeDeadlineSeconds",
    "affinity",
    "automountServiceAccountToken",
    "dnsConfig",
    "dnsPolicy",
    "enableServiceLinks",
    "ephemeralContainers",
    "hostAliases",
    "hostIPC",
    "hostNetwork",
    "hostPID",
    "hostUsers",
    "imagePullSecrets",
    "os",
    "overhead",
    "preemptionPolicy",
    "priority",
    "priorityClassName",
    "readinessGates",
    "resourceClaims",
    "runtimeClassName",
    "schedulerName",
    "schedulingGates",
    "securityContext",
    "serviceAccount",
    "serviceAccountName",
    "setHostnameAsFQDN",
    "shareProcessNamespace",
    "topologySpreadConstraints",
    "volumes",
];

/// One entry of `containers`.
pub const CONTAINER_IGNORED: &[&str] = &[
    "resizePolicy",
    "restartPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "tty",
    "volumeDevices",
    "volumeMounts",
    "workingDir",
];

/// A probe (`livenessProbe`, `readinessProbe`, `startupProbe`).
pub const PROBE_IGNORED: &[&str] = &["terminationGracePeriodSeconds"];

/// `httpGet` of a probe.
pub const HTTP_GET_IGNORED: &[&str] = &["host", "httpHeaders"];

/// `httpGet` of a `preStop` hook (the request goes to the container over plain HTTP).
pub const HOOK_HTTP_GET_IGNORED: &[&str] = &["host", "httpHeaders", "scheme"];

/// `tcpSocket` of a probe.
pub const TCP_SOCKET_IGNORED: &[&str] = &["host"];

/// `grpc` of a probe.
pub const GRPC_IGNORED: &[&str] = &["service"];

/// `lifecycle` of a container (postStart is accepted, not simulated).
pub const LIFECYCLE_IGNORED: &[&str] = &["postStart", "stopSignal"];

/// The `preStop` hook's handlers besides exec, httpGet and sleep.
pub const HOOK_HANDLER_IGNORED: &[&str] = &["tcpSocket"];

/// One entry of `env`.
pub const ENV_VAR_IGNORED: &[&str] = &[];

/// One entry of a container's `ports`.
pub const CONTAINER_PORT_IGNORED: &[&str] = &["hostPort", "hostIP"];

/// `resources` of a container.
pub const RESOURCES_IGNORED: &[&str] = &["claims"];

/// Resource names in `requests`/`limits` other than `cpu` and `memory` are accepted with a
/// warning (`ephemeral-storage`, `nvidia.com/gpu`, `hugepages-2Mi`, …).
pub const RESOURCE_NAMES_SIMULATED: &[&str] = &["cpu", "memory"];

/// Service `spec`.
pub const SERVICE_SPEC_IGNORED: &[&str] = &[
    "allocateLoadBalancerNodePorts",
    "clusterIPs",
    "externalIPs",
    "externalName",
    "externalTrafficPolicy",
    "healthCheckNodePort",
    "internalTrafficPolicy",
    "ipFamilies",
    "ipFamilyPolicy",
    "loadBalancerClass",
    "loadBalancerIP",
    "loadBalancerSourceRanges",
    "publishNotReadyAddresses",
    "sessionAffinity",
    "sessionAffinityConfig",
    "trafficDistribution",
];

/// One entry of a Service's `ports`.
pub const SERVICE_PORT_IGNORED: &[&str] = &["nodePort", "appProtocol"];

/// Namespace `spec` (only `finalizers` exists).
pub const NAMESPACE_SPEC_IGNORED: &[&str] = &["finalizers"];

/// Kinds kubectl knows that Sunaba accepts without simulating them: `(kind, apiVersions)`.
pub const KINDS_NOT_SIMULATED: &[(&str, &[&str])] = &[
    ("ServiceAccount", &["v1"]),
    ("PersistentVolumeClaim", &["v1"]),
    ("PersistentVolume", &["v1"]),
    ("LimitRange", &["v1"]),
    ("ResourceQuota", &["v1"]),
    ("Endpoints", &["v1"]),
    ("ReplicationController", &["v1"]),
    ("ReplicaSet", &["apps/v1"]),
    (
        "HorizontalPodAutoscaler",
        &["autoscaling/v1", "autoscaling/v2"],
    ),
    ("Ingress", &["networking.k8s.io/v1"]),
    ("IngressClass", &["networking.k8s.io/v1"]),
    ("NetworkPolicy", &["networking.k8s.io/v1"]),
    ("PodDisruptionBudget", &["policy/v1"]),
    ("Role", &["rbac.authorization.k8s.io/v1"]),
    ("RoleBinding", &["rbac.authorization.k8s.io/v1"]),
    ("ClusterRole", &["rbac.authorization.k8s.io/v1"]),
    ("ClusterRoleBinding", &["rbac.authorization.k8s.io/v1"]),
    ("StorageClass", &["storage.k8s.io/v1"]),
    ("PriorityClass", &["scheduling.k8s.io/v1"]),
    ("EndpointSlice", &["discovery.k8s.io/v1"]),
    ("CustomResourceDefinition", &["apiextensions.k8s.io/v1"]),
];

/// Kinds Sunaba simulates: `(kind, apiVersion)`.
pub const KINDS_SIMULATED: &[(&str, &str)] = &[
    ("Deployment", "apps/v1"),
    ("Pod", "v1"),
    ("Service", "v1"),
    ("Namespace", "v1"),
    ("ConfigMap", "v1"),
    ("Secret", "v1"),
    ("Job", "batch/v1"),
    ("CronJob", "batch/v1"),
    ("StatefulSet", "apps/v1"),
    ("DaemonSet", "apps/v1"),
];

/// Top level of a ConfigMap besides `data`.
pub const CONFIGMAP_IGNORED: &[&str] = &["binaryData"];

/// Top level of a Secret besides `data`, `stringData` and `type`.
pub const SECRET_IGNORED: &[&str] = &[];

/// `valueFrom` sources other than ConfigMap and Secret keys (accepted, value left empty).
pub const VALUE_FROM_IGNORED: &[&str] = &["fieldRef", "resourceFieldRef"];

/// Job `spec` (and a CronJob's `jobTemplate.spec`): the selector is the API server's own
/// (generated from the Job's uid); failure and success policies are not simulated.
pub const JOB_SPEC_IGNORED: &[&str] = &[
    "backoffLimitPerIndex",
    "managedBy",
    "manualSelector",
    "maxFailedIndexes",
    "podFailurePolicy",
    "podReplacementPolicy",
    "selector",
    "successPolicy",
];

/// CronJob `spec`.
pub const CRONJOB_SPEC_IGNORED: &[&str] = &[];
/// StatefulSet `spec` (the ordinals' start is not simulated: pods count from 0).
pub const STATEFULSET_SPEC_IGNORED: &[&str] = &["ordinals"];

/// A `volumeClaimTemplates[]` entry's `spec`: the claim is always bound to a new volume.
pub const CLAIM_SPEC_IGNORED: &[&str] = &[
    "selector",
    "volumeMode",
    "volumeName",
    "dataSource",
    "dataSourceRef",
    "volumeAttributesClassName",
];

/// DaemonSet `spec`.
pub const DAEMONSET_SPEC_IGNORED: &[&str] = &[];
