//! The Go types of the API (k8s.io/api v1.34), as far as ingest needs them: to name the Go
//! struct and type in decode errors (`json: cannot unmarshal string into Go struct field
//! ContainerPort.spec.template.spec.containers.ports.containerPort of type int32`), and to find
//! unknown fields in structs the core keeps as JSON.
//!
//! One line per struct: `Name: field type, field type, …`. The table is the judge of unknown
//! fields for every struct. A `!` after the name marks a struct the Rust core keeps as JSON;
//! for the others a test checks that the Rust struct has every field the table lists, except
//! the documented gaps (status fields the core does not model, dropped on decode).
//! Types: `string bool int32 int64 float64 intstr quantity time bytes any`, `[]T`, `map[T]`
//! (string keys), or a struct name. `any` is not checked (RawExtension, rarely used sources).

use std::collections::BTreeMap;
use std::sync::OnceLock;

const TABLE: &str = "
ObjectMeta: name string, generateName string, namespace string, selfLink string, uid string, resourceVersion string, generation int64, creationTimestamp time, deletionTimestamp time, deletionGracePeriodSeconds int64, labels map[string], annotations map[string], ownerReferences []OwnerReference, finalizers []string, managedFields []ManagedFieldsEntry
ManagedFieldsEntry!: manager string, operation string, apiVersion string, time time, fieldsType string, fieldsV1 any, subresource string
OwnerReference: apiVersion string, kind string, name string, uid string, controller bool, blockOwnerDeletion bool
LabelSelector: matchLabels map[string], matchExpressions []LabelSelectorRequirement
LabelSelectorRequirement: key string, operator string, values []string
Pod: metadata ObjectMeta, spec PodSpec, status PodStatus
PodTemplateSpec: metadata ObjectMeta, spec PodSpec
PodSpec: volumes []Volume, initContainers []Container, containers []Container, ephemeralContainers []any, restartPolicy string, terminationGracePeriodSeconds int64, activeDeadlineSeconds int64, dnsPolicy string, nodeSelector map[string], serviceAccountName string, serviceAccount string, automountServiceAccountToken bool, nodeName string, hostNetwork bool, hostPID bool, hostIPC bool, shareProcessNamespace bool, securityContext PodSecurityContext, imagePullSecrets []LocalObjectReference, hostname string, subdomain string, affinity Affinity, schedulerName string, tolerations []Toleration, hostAliases []HostAlias, priorityClassName string, priority int32, dnsConfig PodDNSConfig, readinessGates []PodReadinessGate, runtimeClassName string, enableServiceLinks bool, preemptionPolicy string, overhead map[quantity], topologySpreadConstraints []TopologySpreadConstraint, setHostnameAsFQDN bool, os PodOS, hostUsers bool, schedulingGates []PodSchedulingGate, resourceClaims []PodResourceClaim, resources ResourceRequirements
PodSecurityContext!: seLinuxOptions SELinuxOptions, windowsOptions WindowsSecurityContextOptions, runAsUser int64, runAsGroup int64, runAsNonRoot bool, supplementalGroups []int64, supplementalGroupsPolicy string, fsGroup int64, sysctls []Sysctl, fsGroupChangePolicy string, seccompProfile SeccompProfile, appArmorProfile AppArmorProfile, seLinuxChangePolicy string
SELinuxOptions!: user string, role string, type string, level string
WindowsSecurityContextOptions!: gmsaCredentialSpecName string, gmsaCredentialSpec string, runAsUserName string, hostProcess bool
Sysctl!: name string, value string
SeccompProfile!: type string, localhostProfile string
AppArmorProfile!: type string, localhostProfile string
LocalObjectReference!: name string
HostAlias!: ip string, hostnames []string
PodDNSConfig!: nameservers []string, searches []string, options []PodDNSConfigOption
PodDNSConfigOption!: name string, value string
PodReadinessGate!: conditionType string
TopologySpreadConstraint!: maxSkew int32, topologyKey string, whenUnsatisfiable string, labelSelector LabelSelector, minDomains int32, nodeAffinityPolicy string, nodeTaintsPolicy string, matchLabelKeys []string
PodOS!: name string
PodSchedulingGate!: name string
PodResourceClaim!: name string, resourceClaimName string, resourceClaimTemplateName string
Container: name string, image string, command []string, args []string, workingDir string, ports []ContainerPort, envFrom []EnvFromSource, env []EnvVar, resources ResourceRequirements, resizePolicy []ContainerResizePolicy, restartPolicy string, volumeMounts []VolumeMount, volumeDevices []VolumeDevice, livenessProbe Probe, readinessProbe Probe, startupProbe Probe, lifecycle Lifecycle, terminationMessagePath string, terminationMessagePolicy string, imagePullPolicy string, securityContext SecurityContext, stdin bool, stdinOnce bool, tty bool
ContainerPort: name string, hostPort int32, containerPort int32, protocol string, hostIP string
EnvFromSource!: prefix string, configMapRef ConfigMapEnvSource, secretRef SecretEnvSource
ConfigMapEnvSource!: name string, optional bool
SecretEnvSource!: name string, optional bool
EnvVar!: name string, value string, valueFrom EnvVarSource
EnvVarSource!: fieldRef ObjectFieldSelector, resourceFieldRef ResourceFieldSelector, configMapKeyRef ConfigMapKeySelector, secretKeyRef SecretKeySelector, fileKeyRef FileKeySelector
FileKeySelector!: volumeName string, path string, key string, optional bool
ObjectFieldSelector!: apiVersion string, fieldPath string
ResourceFieldSelector!: containerName string, resource string, divisor quantity
ConfigMapKeySelector!: name string, key string, optional bool
SecretKeySelector!: name string, key string, optional bool
ResourceRequirements: limits map[quantity], requests map[quantity], claims []ResourceClaim
ResourceClaim!: name string, request string
ContainerResizePolicy!: resourceName string, restartPolicy string
VolumeMount: name string, readOnly bool, recursiveReadOnly string, mountPath string, subPath string, mountPropagation string, subPathExpr string
VolumeDevice!: name string, devicePath string
Probe: exec ExecAction, httpGet HTTPGetAction, tcpSocket TCPSocketAction, grpc GRPCAction, initialDelaySeconds int32, timeoutSeconds int32, periodSeconds int32, successThreshold int32, failureThreshold int32, terminationGracePeriodSeconds int64
ExecAction!: command []string
HTTPGetAction!: path string, port intstr, host string, scheme string, httpHeaders []HTTPHeader
HTTPHeader!: name string, value string
TCPSocketAction!: port intstr, host string
GRPCAction!: port int32, service string
Lifecycle!: postStart LifecycleHandler, preStop LifecycleHandler, stopSignal string
LifecycleHandler!: exec ExecAction, httpGet HTTPGetAction, tcpSocket TCPSocketAction, sleep SleepAction
SleepAction!: seconds int64
SecurityContext!: capabilities Capabilities, privileged bool, seLinuxOptions SELinuxOptions, windowsOptions WindowsSecurityContextOptions, runAsUser int64, runAsGroup int64, runAsNonRoot bool, readOnlyRootFilesystem bool, allowPrivilegeEscalation bool, procMount string, seccompProfile SeccompProfile, appArmorProfile AppArmorProfile
Capabilities!: add []string, drop []string
Volume: name string, hostPath HostPathVolumeSource, emptyDir EmptyDirVolumeSource, gcePersistentDisk any, awsElasticBlockStore any, gitRepo any, secret SecretVolumeSource, nfs NFSVolumeSource, iscsi any, glusterfs any, persistentVolumeClaim PersistentVolumeClaimVolumeSource, rbd any, flexVolume any, cinder any, cephfs any, flocker any, downwardAPI DownwardAPIVolumeSource, fc any, azureFile any, configMap ConfigMapVolumeSource, vsphereVolume any, quobyte any, azureDisk any, photonPersistentDisk any, projected ProjectedVolumeSource, portworxVolume any, scaleIO any, storageos any, csi CSIVolumeSource, ephemeral EphemeralVolumeSource, image ImageVolumeSource
HostPathVolumeSource!: path string, type string
EmptyDirVolumeSource!: medium string, sizeLimit quantity
SecretVolumeSource!: secretName string, items []KeyToPath, defaultMode int32, optional bool
ConfigMapVolumeSource!: name string, items []KeyToPath, defaultMode int32, optional bool
KeyToPath!: key string, path string, mode int32
NFSVolumeSource!: server string, path string, readOnly bool
PersistentVolumeClaimVolumeSource: claimName string, readOnly bool
DownwardAPIVolumeSource!: items []DownwardAPIVolumeFile, defaultMode int32
DownwardAPIVolumeFile!: path string, fieldRef ObjectFieldSelector, resourceFieldRef ResourceFieldSelector, mode int32
ProjectedVolumeSource!: sources []any, defaultMode int32
CSIVolumeSource!: driver string, readOnly bool, fsType string, volumeAttributes map[string], nodePublishSecretRef LocalObjectReference
EphemeralVolumeSource!: volumeClaimTemplate PersistentVolumeClaimTemplate
PersistentVolumeClaimTemplate!: metadata ObjectMeta, spec PersistentVolumeClaimSpec
ImageVolumeSource!: reference string, pullPolicy string
Affinity: nodeAffinity NodeAffinity, podAffinity PodAffinity, podAntiAffinity PodAntiAffinity
NodeAffinity: requiredDuringSchedulingIgnoredDuringExecution NodeSelector, preferredDuringSchedulingIgnoredDuringExecution []PreferredSchedulingTerm
NodeSelector: nodeSelectorTerms []NodeSelectorTerm
NodeSelectorTerm: matchExpressions []NodeSelectorRequirement, matchFields []NodeSelectorRequirement
NodeSelectorRequirement: key string, operator string, values []string
PreferredSchedulingTerm!: weight int32, preference NodeSelectorTerm
PodAffinity!: requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm, preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm
PodAntiAffinity!: requiredDuringSchedulingIgnoredDuringExecution []PodAffinityTerm, preferredDuringSchedulingIgnoredDuringExecution []WeightedPodAffinityTerm
PodAffinityTerm!: labelSelector LabelSelector, namespaces []string, topologyKey string, namespaceSelector LabelSelector, matchLabelKeys []string, mismatchLabelKeys []string
WeightedPodAffinityTerm!: weight int32, podAffinityTerm PodAffinityTerm
Toleration: key string, operator string, value string, effect string, tolerationSeconds int64
PodStatus: phase string, conditions []PodCondition, message string, reason string, nominatedNodeName string, hostIP string, hostIPs []PodIP, podIP string, podIPs []PodIP, startTime time, initContainerStatuses []ContainerStatus, containerStatuses []ContainerStatus, qosClass string, ephemeralContainerStatuses []ContainerStatus, resize string, resourceClaimStatuses []any, observedGeneration int64
PodIP: ip string
PodCondition: type string, observedGeneration int64, status string, lastProbeTime time, lastTransitionTime time, reason string, message string
ContainerStatus: name string, state ContainerState, lastState ContainerState, ready bool, restartCount int32, image string, imageID string, containerID string, started bool, allocatedResources map[quantity], resources ResourceRequirements, volumeMounts []any, user any, allocatedResourcesStatus []any, stopSignal string
ContainerState: waiting ContainerStateWaiting, running ContainerStateRunning, terminated ContainerStateTerminated
ContainerStateWaiting: reason string, message string
ContainerStateRunning: startedAt time
ContainerStateTerminated: exitCode int32, signal int32, reason string, message string, startedAt time, finishedAt time, containerID string
DaemonSet: metadata ObjectMeta, spec DaemonSetSpec, status DaemonSetStatus
DaemonSetSpec: selector LabelSelector, template PodTemplateSpec, updateStrategy DaemonSetUpdateStrategy, minReadySeconds int32, revisionHistoryLimit int32
DaemonSetUpdateStrategy: type string, rollingUpdate RollingUpdateDaemonSet
RollingUpdateDaemonSet: maxUnavailable intstr, maxSurge intstr
DaemonSetStatus: currentNumberScheduled int32, numberMisscheduled int32, desiredNumberScheduled int32, numberReady int32, observedGeneration int64, updatedNumberScheduled int32, numberAvailable int32, numberUnavailable int32, collisionCount int32, conditions []any
ControllerRevision: metadata ObjectMeta, data any, revision int64
StatefulSet: metadata ObjectMeta, spec StatefulSetSpec, status StatefulSetStatus
StatefulSetSpec: replicas int32, selector LabelSelector, template PodTemplateSpec, volumeClaimTemplates []PersistentVolumeClaim, serviceName string, podManagementPolicy string, updateStrategy StatefulSetUpdateStrategy, revisionHistoryLimit int32, minReadySeconds int32, persistentVolumeClaimRetentionPolicy StatefulSetPersistentVolumeClaimRetentionPolicy, ordinals StatefulSetOrdinals
StatefulSetUpdateStrategy: type string, rollingUpdate RollingUpdateStatefulSetStrategy
RollingUpdateStatefulSetStrategy: partition int32, maxUnavailable intstr
StatefulSetPersistentVolumeClaimRetentionPolicy: whenDeleted string, whenScaled string
StatefulSetOrdinals: start int32
StatefulSetStatus: observedGeneration int64, replicas int32, readyReplicas int32, currentReplicas int32, updatedReplicas int32, currentRevision string, updateRevision string, collisionCount int32, conditions []any, availableReplicas int32
Deployment!: metadata ObjectMeta, spec DeploymentSpec, status any
DeploymentSpec!: replicas int32, selector LabelSelector, template PodTemplateSpec, strategy DeploymentStrategy, minReadySeconds int32, revisionHistoryLimit int32, paused bool, progressDeadlineSeconds int32
DeploymentStrategy!: type string, rollingUpdate RollingUpdateDeployment
RollingUpdateDeployment!: maxUnavailable intstr, maxSurge intstr
ReplicaSet!: metadata ObjectMeta, spec ReplicaSetSpec, status any
ReplicaSetSpec!: replicas int32, minReadySeconds int32, selector LabelSelector, template PodTemplateSpec
Service: metadata ObjectMeta, spec ServiceSpec, status any
ServiceSpec: ports []ServicePort, selector map[string], clusterIP string, clusterIPs []string, type string, externalIPs []string, sessionAffinity string, loadBalancerIP string, loadBalancerSourceRanges []string, externalName string, externalTrafficPolicy string, healthCheckNodePort int32, publishNotReadyAddresses bool, sessionAffinityConfig SessionAffinityConfig, ipFamilies []string, ipFamilyPolicy string, allocateLoadBalancerNodePorts bool, loadBalancerClass string, internalTrafficPolicy string, trafficDistribution string
SessionAffinityConfig!: clientIP ClientIPConfig
ClientIPConfig!: timeoutSeconds int32
ServicePort: name string, protocol string, appProtocol string, port int32, targetPort intstr, nodePort int32
Node: metadata ObjectMeta, spec NodeSpec, status NodeStatus
NodeSpec: podCIDR string, podCIDRs []string, providerID string, unschedulable bool, taints []Taint, configSource any, externalID string
Taint: key string, value string, effect string, timeAdded time
NodeStatus: capacity map[quantity], allocatable map[quantity], phase string, conditions []NodeCondition, addresses []NodeAddress, daemonEndpoints any, nodeInfo NodeSystemInfo, images []any, volumesInUse []string, volumesAttached []any, config any, runtimeHandlers []any, features any
NodeCondition: type string, status string, lastHeartbeatTime time, lastTransitionTime time, reason string, message string
NodeAddress: type string, address string
NodeSystemInfo: machineID string, systemUUID string, bootID string, kernelVersion string, osImage string, containerRuntimeVersion string, kubeletVersion string, kubeProxyVersion string, operatingSystem string, architecture string, swap any
Event: metadata ObjectMeta, involvedObject ObjectReference, reason string, message string, source EventSource, firstTimestamp time, lastTimestamp time, count int32, type string, eventTime any, series any, action string, related any, reportingComponent string, reportingInstance string
ObjectReference: kind string, namespace string, name string, uid string, apiVersion string, resourceVersion string, fieldPath string
EventSource: component string, host string
PersistentVolume: metadata ObjectMeta, spec PersistentVolumeSpec, status PersistentVolumeStatus
PersistentVolumeSpec: capacity map[quantity], accessModes []string, claimRef ObjectReference, persistentVolumeReclaimPolicy string, storageClassName string, mountOptions []string, volumeMode string, nodeAffinity VolumeNodeAffinity, volumeAttributesClassName string, hostPath HostPathVolumeSource, nfs NFSVolumeSource, local LocalVolumeSource, csi any, iscsi any, fc any, gcePersistentDisk any, awsElasticBlockStore any, glusterfs any, rbd any, cinder any, cephfs any, flexVolume any, flocker any, azureFile any, vsphereVolume any, quobyte any, azureDisk any, photonPersistentDisk any, portworxVolume any, scaleIO any, storageos any
VolumeNodeAffinity: required NodeSelector
LocalVolumeSource!: path string, fsType string
PersistentVolumeStatus: phase string, message string, reason string, lastPhaseTransitionTime time
PersistentVolumeClaim: apiVersion string, kind string, metadata ObjectMeta, spec PersistentVolumeClaimSpec, status PersistentVolumeClaimStatus
PersistentVolumeClaimSpec: accessModes []string, selector LabelSelector, resources VolumeResourceRequirements, volumeName string, storageClassName string, volumeMode string, dataSource TypedLocalObjectReference, dataSourceRef TypedObjectReference, volumeAttributesClassName string
VolumeResourceRequirements: limits map[quantity], requests map[quantity]
TypedLocalObjectReference!: apiGroup string, kind string, name string
TypedObjectReference!: apiGroup string, kind string, name string, namespace string
PersistentVolumeClaimStatus: phase string, accessModes []string, capacity map[quantity], conditions []any, allocatedResources map[quantity], allocatedResourceStatuses map[string], currentVolumeAttributesClassName string, modifyVolumeStatus any
Namespace!: metadata ObjectMeta, spec NamespaceSpec, status NamespaceStatus
NamespaceSpec!: finalizers []string
NamespaceStatus!: phase string, conditions []any
StorageClass: metadata ObjectMeta, provisioner string, parameters map[string], reclaimPolicy string, mountOptions []string, allowVolumeExpansion bool, volumeBindingMode string, allowedTopologies []any
ConfigMap!: metadata ObjectMeta, data map[string], binaryData map[bytes], immutable bool
Secret!: metadata ObjectMeta, data map[bytes], stringData map[string], type string, immutable bool
ServiceAccount!: metadata ObjectMeta, secrets []ObjectReference, imagePullSecrets []LocalObjectReference, automountServiceAccountToken bool
CustomResourceDefinition!: metadata ObjectMeta, spec CustomResourceDefinitionSpec, status any
CustomResourceDefinitionSpec!: group string, names CustomResourceDefinitionNames, scope string, versions []CustomResourceDefinitionVersion, conversion any, preserveUnknownFields bool
CustomResourceDefinitionNames!: plural string, singular string, shortNames []string, kind string, listKind string, categories []string
CustomResourceDefinitionVersion!: name string, served bool, storage bool, deprecated bool, deprecationWarning string, schema any, subresources any, additionalPrinterColumns []any, selectableFields []any
";

/// One struct of the table.
#[derive(Debug)]
pub struct StructType {
    pub name: &'static str,
    /// The Rust core keeps this struct as JSON (no typed Rust struct).
    pub closed: bool,
    pub fields: Vec<(&'static str, &'static str)>,
}

impl StructType {
    pub fn field(&self, name: &str) -> Option<&'static str> {
        self.fields.iter().find(|(field, _)| *field == name).map(|(_, ty)| *ty)
    }
}

fn table() -> &'static BTreeMap<&'static str, StructType> {
    static TYPES: OnceLock<BTreeMap<&'static str, StructType>> = OnceLock::new();
    TYPES.get_or_init(|| {
        let mut types = BTreeMap::new();
        for line in TABLE.lines() {
            let Some((head, body)) = line.split_once(": ") else {
                continue;
            };
            let (name, closed) = match head.strip_suffix('!') {
                Some(name) => (name, true),
                None => (head, false),
            };
            let fields = body.split(", ").filter_map(|entry| entry.split_once(' ')).collect();
            types.insert(name, StructType { name, closed, fields });
        }
        types
    })
}

pub fn struct_type(name: &str) -> Option<&'static StructType> {
    table().get(name)
}

/// The table struct for a kind's whole object, if the table has it.
pub fn root_struct(kind: &str) -> Option<&'static StructType> {
    struct_type(kind)
}

/// A field type, parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Type {
    String,
    Bool,
    Int32,
    Int64,
    Float64,
    IntOrString,
    Quantity,
    Time,
    Bytes,
    Any,
    Slice(&'static str),
    Map(&'static str),
    Struct(&'static str),
}

pub fn parse_type(expression: &'static str) -> Type {
    if let Some(element) = expression.strip_prefix("[]") {
        return Type::Slice(element);
    }
    if let Some(value) = expression.strip_prefix("map[").and_then(|rest| rest.strip_suffix(']')) {
        return Type::Map(value);
    }
    match expression {
        "string" => Type::String,
        "bool" => Type::Bool,
        "int32" => Type::Int32,
        "int64" => Type::Int64,
        "float64" => Type::Float64,
        "intstr" => Type::IntOrString,
        "quantity" => Type::Quantity,
        "time" => Type::Time,
        "bytes" => Type::Bytes,
        "any" => Type::Any,
        name => Type::Struct(name),
    }
}

/// How Go prints the type in `… of type T` (an `IntOrString` fails inside its own
/// UnmarshalJSON as an int32, a metav1.Time as a string).
pub fn go_type_name(expression: &'static str) -> String {
    match parse_type(expression) {
        Type::String | Type::Time => "string".into(),
        Type::Bool => "bool".into(),
        Type::Int32 | Type::IntOrString => "int32".into(),
        Type::Int64 => "int64".into(),
        Type::Float64 => "float64".into(),
        Type::Quantity => "resource.Quantity".into(),
        Type::Bytes => "[]uint8".into(),
        Type::Any => "interface {}".into(),
        Type::Slice(element) => format!("[]{}", go_type_name(element)),
        Type::Map(value) => format!("map[string]{}", go_type_name(value)),
        Type::Struct(name) => format!("v1.{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_every_struct_reference_resolves() {
        let types = table();
        assert!(types.len() > 100);
        for structure in types.values() {
            for (field, expression) in &structure.fields {
                let mut ty = parse_type(expression);
                loop {
                    match ty {
                        Type::Slice(inner) | Type::Map(inner) => ty = parse_type(inner),
                        Type::Struct(name) => {
                            assert!(struct_type(name).is_some(), "{}.{field}: {name}", structure.name);
                            break;
                        }
                        _ => break,
                    }
                }
            }
        }
        assert_eq!(go_type_name("[]Container"), "[]v1.Container");
        assert_eq!(struct_type("ContainerPort").unwrap().field("containerPort"), Some("int32"));
        assert!(struct_type("HostPathVolumeSource").unwrap().closed);
        assert!(!struct_type("PodSpec").unwrap().closed);
    }
}
