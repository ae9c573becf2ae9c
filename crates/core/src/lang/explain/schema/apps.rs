//! The explain table of StatefulSets and DaemonSets (and the claims a StatefulSet's templates
//! describe), in the API reference's words, shortened.

use super::Type::{
    Enum as E, IntOrString as IOS, Integer as I, Object as O, Objects as L, String as S,
    Strings as SS,
};
use super::{
    f, obj, reader, req, set, Object, API_VERSION, KIND, LABEL_SELECTOR, METADATA,
    POD_TEMPLATE_SPEC,
};

#[rustfmt::skip]
pub(super) static STATEFUL_SET: Object = obj("StatefulSet", "StatefulSet represents a set of pods with consistent identities: a stable DNS name and hostname each, and as many claims as requested.", &[
    API_VERSION, KIND, METADATA,
    f("spec", O(&STATEFUL_SET_SPEC), "Spec defines the desired identities of pods in this set."),
    set("status", O(&STATEFUL_SET_STATUS), "Status is the current status of Pods in this StatefulSet."),
], &[reader::OBJECT_IGNORED]);

#[rustfmt::skip]
static STATEFUL_SET_SPEC: Object = obj("StatefulSetSpec", "A StatefulSetSpec is the specification of a StatefulSet.", &[
    f("minReadySeconds", I, "Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available. Defaults to 0."),
    f("persistentVolumeClaimRetentionPolicy", O(&RETENTION), "What happens to the claims made from volumeClaimTemplates when the StatefulSet is deleted or scaled down. By default they are retained."),
    f("podManagementPolicy", E(&["OrderedReady", "Parallel"]), "How pods are created during initial scale up, when replacing pods on nodes, or when scaling down. OrderedReady (the default) creates pods in order 0..N-1, each after the one before is Running and Ready, and removes them in reverse order; Parallel creates and removes them all at once."),
    f("replicas", I, "The desired number of replicas of the given Template. Defaults to 1."),
    f("revisionHistoryLimit", I, "The maximum number of revisions that will be maintained in the StatefulSet's revision history. Defaults to 10."),
    req("selector", O(&LABEL_SELECTOR), "A label query over pods that should match the replica count. It must match the pod template's labels."),
    f("serviceName", S, "The name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set: pods get DNS names pod-specific-string.serviceName.default.svc.cluster.local."),
    req("template", O(&POD_TEMPLATE_SPEC), "The object that describes the pod that will be created if insufficient replicas are detected. Each pod stamped out by the StatefulSet fulfills the Template, but has a unique identity from the rest of the StatefulSet."),
    f("updateStrategy", O(&STATEFUL_SET_UPDATE), "Indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template."),
    f("volumeClaimTemplates", L(&CLAIM_TEMPLATE), "A list of claims that pods are allowed to reference. Every claim in this list gives each pod a claim TEMPLATE-STATEFULSET-ORDINAL."),
], &[reader::STATEFULSET_SPEC_IGNORED]);

#[rustfmt::skip]
static RETENTION: Object = obj("StatefulSetPersistentVolumeClaimRetentionPolicy", "Describes the policy used for PVCs created from the StatefulSet VolumeClaimTemplates.", &[
    f("whenDeleted", E(&["Delete", "Retain"]), "What happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted. Defaults to Retain."),
    f("whenScaled", E(&["Delete", "Retain"]), "What happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down. Defaults to Retain."),
], &[]);

#[rustfmt::skip]
static STATEFUL_SET_UPDATE: Object = obj("StatefulSetUpdateStrategy", "StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.", &[
    f("rollingUpdate", O(&ROLLING_UPDATE_STATEFUL_SET), "RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType."),
    f("type", E(&["OnDelete", "RollingUpdate"]), "Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate."),
], &[]);

#[rustfmt::skip]
static ROLLING_UPDATE_STATEFUL_SET: Object = obj("RollingUpdateStatefulSetStrategy", "RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.", &[
    f("maxUnavailable", IOS, "The maximum number of pods that can be unavailable during the update. Defaults to 1."),
    f("partition", I, "Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. During a rolling update, all pods from ordinal Replicas-1 to Partition are updated. All pods from ordinal Partition-1 to 0 remain untouched. Default value is 0."),
], &[]);

#[rustfmt::skip]
static CLAIM_TEMPLATE: Object = obj("PersistentVolumeClaim", "PersistentVolumeClaim is a user's request for and claim to a persistent volume.", &[
    METADATA,
    f("spec", O(&CLAIM_SPEC), "spec defines the desired characteristics of a volume requested by a pod author."),
], &[]);

#[rustfmt::skip]
static CLAIM_SPEC: Object = obj("PersistentVolumeClaimSpec", "PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes.", &[
    f("accessModes", SS, "accessModes contains the desired access modes the volume should have: ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod."),
    f("resources", O(&CLAIM_RESOURCES), "resources represents the minimum resources the volume should have."),
    f("storageClassName", S, "storageClassName is the name of the StorageClass required by the claim. Left out, the cluster's default class (standard)."),
], &[reader::CLAIM_SPEC_IGNORED]);

#[rustfmt::skip]
static CLAIM_RESOURCES: Object = obj("VolumeResourceRequirements", "VolumeResourceRequirements describes the storage resource requirements for a volume.", &[
    f("requests", O(&CLAIM_REQUESTS), "Requests describes the minimum amount of compute resources required."),
], &[&["limits"]]);

#[rustfmt::skip]
static CLAIM_REQUESTS: Object = obj("ResourceList", "The storage a claim asks for.", &[
    f("storage", S, "The size of the volume (1Gi)."),
], &[]);

#[rustfmt::skip]
static STATEFUL_SET_STATUS: Object = obj("StatefulSetStatus", "StatefulSetStatus represents the current state of a StatefulSet.", &[
    f("availableReplicas", I, "Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset."),
    f("currentReplicas", I, "The number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision."),
    f("currentRevision", S, "The version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas)."),
    f("observedGeneration", I, "The most recent generation observed for this StatefulSet."),
    f("readyReplicas", I, "The number of pods created for this StatefulSet with a Ready Condition."),
    req("replicas", I, "The number of Pods created by the StatefulSet controller."),
    f("updateRevision", S, "The version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)."),
    f("updatedReplicas", I, "The number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision."),
], &[]);

#[rustfmt::skip]
pub(super) static DAEMON_SET: Object = obj("DaemonSet", "DaemonSet represents the configuration of a daemon set: a pod on every node the pod may run on.", &[
    API_VERSION, KIND, METADATA,
    f("spec", O(&DAEMON_SET_SPEC), "The desired behavior of this daemon set."),
    set("status", O(&DAEMON_SET_STATUS), "The current status of this daemon set."),
], &[reader::OBJECT_IGNORED]);

#[rustfmt::skip]
static DAEMON_SET_SPEC: Object = obj("DaemonSetSpec", "DaemonSetSpec is the specification of a daemon set.", &[
    f("minReadySeconds", I, "The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0."),
    f("revisionHistoryLimit", I, "The number of old history to retain to allow rollback. Defaults to 10."),
    req("selector", O(&LABEL_SELECTOR), "A label query over pods that are managed by the daemon set. It must match the pod template's labels. Cannot be updated."),
    req("template", O(&POD_TEMPLATE_SPEC), "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector and whose taints it tolerates."),
    f("updateStrategy", O(&DAEMON_SET_UPDATE), "An update strategy to replace existing DaemonSet pods with new pods."),
], &[reader::DAEMONSET_SPEC_IGNORED]);

#[rustfmt::skip]
static DAEMON_SET_UPDATE: Object = obj("DaemonSetUpdateStrategy", "DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.", &[
    f("rollingUpdate", O(&ROLLING_UPDATE_DAEMON_SET), "Rolling update config params. Present only if type = \"RollingUpdate\"."),
    f("type", E(&["OnDelete", "RollingUpdate"]), "Type of daemon set update. Can be \"RollingUpdate\" or \"OnDelete\". Default is RollingUpdate."),
], &[]);

#[rustfmt::skip]
static ROLLING_UPDATE_DAEMON_SET: Object = Object {
    note: "Sunaba reads maxSurge and replaces pods as if it were 0: an old pod goes before its new one starts.",
    ..obj("RollingUpdateDaemonSet", "Spec to control the desired behavior of daemon set rolling update.", &[
        f("maxSurge", IOS, "The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during an update. Defaults to 0."),
        f("maxUnavailable", IOS, "The maximum number of DaemonSet pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of total number of DaemonSet pods at the start of the update (ex: 10%). Absolute number is calculated from percentage by rounding up. Defaults to 1."),
    ], &[])
};

#[rustfmt::skip]
static DAEMON_SET_STATUS: Object = obj("DaemonSetStatus", "DaemonSetStatus represents the current status of a daemon set.", &[
    req("currentNumberScheduled", I, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
    req("desiredNumberScheduled", I, "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
    f("numberAvailable", I, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)."),
    req("numberMisscheduled", I, "The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod."),
    req("numberReady", I, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
    f("observedGeneration", I, "The most recent generation observed by the daemon set controller."),
    f("updatedNumberScheduled", I, "The total number of nodes that are running updated daemon pod."),
], &[]);
