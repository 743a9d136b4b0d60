//! `kubectl explain TYPE[.field.path]`: kubectl's OpenAPI v3 plain-text layout, trimmed to the
//! fields the simulation acts on (types from [`crate::sim::manifest::gotypes`], one-line
//! descriptions from the table below; the page's size budget rules out the full OpenAPI text).

use super::flags::{self, boolean, value};
use super::{CommandError, CommandResult, Session};
use crate::sim::manifest::gotypes::{self, Type};

/// `Struct` → its description; `Struct.field` → the field's. A field is shown only if it is
/// here. A leading `!` marks a required field.
const DOCS: &str = "
Pod|Pod is a collection of containers that can run on a host.
Node|Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).
DaemonSet|DaemonSet represents the configuration of a daemon set.
StatefulSet|StatefulSet represents a set of pods with consistent identities: network (hostname and DNS) and storage (claims from volumeClaimTemplates).
Service|Service is a named abstraction of software service (for example, mysql) consisting of local port that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.
PersistentVolumeClaim|PersistentVolumeClaim is a user's request for and claim to a persistent volume
PersistentVolume|PersistentVolume (PV) is a storage resource provisioned by an administrator. It is analogous to a node.
ObjectMeta|ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.
ObjectMeta.name|Name must be unique within a namespace.
ObjectMeta.generateName|An optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.
ObjectMeta.namespace|Namespace defines the space within which each name must be unique.
ObjectMeta.labels|Map of string keys and values that can be used to organize and categorize (scope and select) objects.
ObjectMeta.annotations|Annotations is an unstructured key value map stored with a resource that may be set by external tools.
ObjectMeta.ownerReferences|List of objects depended by this object. Used by the garbage collector.
ObjectMeta.finalizers|Must be empty before the object is deleted from the registry.
ObjectMeta.uid|UID is the unique in time and space value for this object.
ObjectMeta.creationTimestamp|CreationTimestamp is a timestamp representing the server time when this object was created.
ObjectMeta.deletionTimestamp|DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.
PodSpec|PodSpec is a description of a pod.
PodSpec.!containers|List of containers belonging to the pod.
PodSpec.initContainers|List of initialization containers belonging to the pod, run in order before the app containers.
PodSpec.volumes|List of volumes that can be mounted by containers belonging to the pod.
PodSpec.restartPolicy|Restart policy for all containers within the pod. One of Always, OnFailure, Never.
PodSpec.terminationGracePeriodSeconds|Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.
PodSpec.nodeSelector|NodeSelector is a selector which must be true for the pod to fit on a node.
PodSpec.nodeName|NodeName indicates in which node this pod is scheduled.
PodSpec.affinity|If specified, the pod's scheduling constraints
PodSpec.tolerations|If specified, the pod's tolerations.
PodSpec.hostname|Specifies the hostname of the Pod. If not specified, the pod's hostname will be set to a system-defined value.
PodSpec.subdomain|If specified, the fully qualified Pod hostname will be \"<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>\".
PodSpec.schedulerName|If specified, the pod will be dispatched by specified scheduler.
PodTemplateSpec|PodTemplateSpec describes the data a pod should have when created from a template
PodTemplateSpec.metadata|Standard object's metadata.
PodTemplateSpec.spec|Specification of the desired behavior of the pod.
Container|A single application container that you want to run within a pod.
Container.!name|Name of the container specified as a DNS_LABEL.
Container.image|Container image name.
Container.command|Entrypoint array. Not executed within a shell.
Container.args|Arguments to the entrypoint.
Container.ports|List of ports to expose from the container.
Container.env|List of environment variables to set in the container.
Container.resources|Compute Resources required by this container.
Container.volumeMounts|Pod volumes to mount into the container's filesystem.
Container.readinessProbe|Periodic probe of container service readiness.
Container.livenessProbe|Periodic probe of container liveness.
Container.imagePullPolicy|Image pull policy. One of Always, Never, IfNotPresent.
ContainerPort|ContainerPort represents a network port in a single container.
ContainerPort.!containerPort|Number of port to expose on the pod's IP address.
ContainerPort.name|If specified, this must be an IANA_SVC_NAME and unique within the pod.
ContainerPort.protocol|Protocol for port. Must be UDP, TCP, or SCTP. Defaults to \"TCP\".
VolumeMount|VolumeMount describes a mounting of a Volume within a container.
VolumeMount.!name|This must match the Name of a Volume.
VolumeMount.!mountPath|Path within the container at which the volume should be mounted.
VolumeMount.readOnly|Mounted read-only if true, read-write otherwise (false or unspecified).
Volume|Volume represents a named volume in a pod that may be accessed by any container in the pod.
Volume.!name|name of the volume. Must be a DNS_LABEL and unique within the pod.
Volume.persistentVolumeClaim|persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace.
Volume.emptyDir|emptyDir represents a temporary directory that shares a pod's lifetime.
Volume.hostPath|hostPath represents a pre-existing file or directory on the host machine.
Toleration|The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.
Toleration.key|Key is the taint key that the toleration applies to. Empty means match all taint keys.
Toleration.operator|Operator represents a key's relationship to the value. Valid operators are Exists and Equal.
Toleration.value|Value is the taint value the toleration matches to.
Toleration.effect|Effect indicates the taint effect to match. Empty means match all taint effects.
Toleration.tolerationSeconds|TolerationSeconds represents the period of time the toleration tolerates a NoExecute taint.
Probe|Probe describes a health check to be performed against a container.
Probe.httpGet|HTTPGet specifies an HTTP GET request to perform.
Probe.tcpSocket|TCPSocket specifies a connection to a TCP port.
Probe.exec|Exec specifies a command to execute in the container.
Probe.initialDelaySeconds|Number of seconds after the container has started before probes are initiated.
Probe.periodSeconds|How often (in seconds) to perform the probe. Default to 10 seconds.
Probe.failureThreshold|Minimum consecutive failures for the probe to be considered failed after having succeeded.
DaemonSetSpec|DaemonSetSpec is the specification of a daemon set.
DaemonSetSpec.!selector|A label query over pods that are managed by the daemon set. Must match in order to be controlled.
DaemonSetSpec.!template|An object that describes the pod that will be created on every node that matches the template's node selector.
DaemonSetSpec.updateStrategy|An update strategy to replace existing DaemonSet pods with new pods.
DaemonSetSpec.minReadySeconds|The minimum number of seconds for which a newly created DaemonSet pod should be ready without any of its container crashing, for it to be considered available.
DaemonSetSpec.revisionHistoryLimit|The number of old history to retain to allow rollback. Defaults to 10.
DaemonSetUpdateStrategy|DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.
DaemonSetUpdateStrategy.type|Type of daemon set update. Can be \"RollingUpdate\" or \"OnDelete\". Default is RollingUpdate.
DaemonSetUpdateStrategy.rollingUpdate|Rolling update config params. Present only if type = \"RollingUpdate\".
RollingUpdateDaemonSet|Spec to control the desired behavior of daemon set rolling update.
RollingUpdateDaemonSet.maxUnavailable|The maximum number of DaemonSet pods that can be unavailable during the update.
RollingUpdateDaemonSet.maxSurge|The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during an update.
StatefulSetSpec|A StatefulSetSpec is the specification of a StatefulSet.
StatefulSetSpec.replicas|replicas is the desired number of replicas of the given Template. Defaults to 1.
StatefulSetSpec.!selector|selector is a label query over pods that should match the replica count.
StatefulSetSpec.!template|template is the object that describes the pod that will be created if insufficient replicas are detected.
StatefulSetSpec.volumeClaimTemplates|volumeClaimTemplates is a list of claims that pods are allowed to reference.
StatefulSetSpec.serviceName|serviceName is the name of the service that governs this StatefulSet.
StatefulSetSpec.podManagementPolicy|podManagementPolicy controls how pods are created during initial scale up. OrderedReady (default) or Parallel.
StatefulSetSpec.updateStrategy|updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.
StatefulSetSpec.minReadySeconds|Minimum number of seconds for which a newly created pod should be ready without any of its container crashing for it to be considered available.
StatefulSetSpec.persistentVolumeClaimRetentionPolicy|persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates.
StatefulSetSpec.ordinals|ordinals controls the numbering of replica indices in a StatefulSet.
StatefulSetUpdateStrategy|StatefulSetUpdateStrategy indicates the strategy that the StatefulSet controller will use to perform updates.
StatefulSetUpdateStrategy.type|Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.
StatefulSetUpdateStrategy.rollingUpdate|RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.
RollingUpdateStatefulSetStrategy|RollingUpdateStatefulSetStrategy is used to communicate parameter for RollingUpdateStatefulSetStrategyType.
RollingUpdateStatefulSetStrategy.partition|Partition indicates the ordinal at which the StatefulSet should be partitioned for updates.
RollingUpdateStatefulSetStrategy.maxUnavailable|The maximum number of pods that can be unavailable during the update.
ServiceSpec|ServiceSpec describes the attributes that a user creates on a service.
ServiceSpec.ports|The list of ports that are exposed by this service.
ServiceSpec.selector|Route service traffic to pods with label keys and values matching this selector.
ServiceSpec.clusterIP|clusterIP is the IP address of the service. \"None\" makes a headless service.
ServiceSpec.type|type determines how the Service is exposed. Defaults to ClusterIP.
ServiceSpec.publishNotReadyAddresses|publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.
ServicePort|ServicePort contains information on service's port.
ServicePort.name|The name of this port within the service.
ServicePort.!port|The port that will be exposed by this service.
ServicePort.targetPort|Number or name of the port to access on the pods targeted by the service.
ServicePort.protocol|The IP protocol for this port. Supports \"TCP\", \"UDP\", and \"SCTP\". Default is TCP.
NodeSpec|NodeSpec describes the attributes that a node is created with.
NodeSpec.unschedulable|Unschedulable controls node schedulability of new pods. By default, node is schedulable.
NodeSpec.taints|If specified, the node's taints.
NodeSpec.podCIDR|PodCIDR represents the pod IP range assigned to the node.
Taint|The node this Taint is attached to has the \"effect\" on any pod that does not tolerate the Taint.
Taint.!key|Required. The taint key to be applied to a node.
Taint.value|The taint value corresponding to the taint key.
Taint.!effect|Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.
Taint.timeAdded|TimeAdded represents the time at which the taint was added.
PersistentVolumeClaimSpec|PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes
PersistentVolumeClaimSpec.accessModes|accessModes contains the desired access modes the volume should have.
PersistentVolumeClaimSpec.resources|resources represents the minimum resources the volume should have.
PersistentVolumeClaimSpec.storageClassName|storageClassName is the name of the StorageClass required by the claim.
PersistentVolumeClaimSpec.volumeName|volumeName is the binding reference to the PersistentVolume backing this claim.
PersistentVolumeClaimSpec.selector|selector is a label query over volumes to consider for binding.
PersistentVolumeSpec|PersistentVolumeSpec is the specification of a persistent volume.
PersistentVolumeSpec.capacity|capacity is the description of the persistent volume's resources and capacity.
PersistentVolumeSpec.accessModes|accessModes contains all ways the volume can be mounted.
PersistentVolumeSpec.claimRef|claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.
PersistentVolumeSpec.persistentVolumeReclaimPolicy|persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated).
PersistentVolumeSpec.storageClassName|storageClassName is the name of StorageClass to which this persistent volume belongs.
PersistentVolumeSpec.nodeAffinity|nodeAffinity defines constraints that limit what nodes this volume can be accessed from.
PersistentVolumeSpec.hostPath|hostPath represents a directory on the host.
";

const ROOT_FIELDS: &[(&str, &str, &str)] = &[
    ("apiVersion", "string", "APIVersion defines the versioned schema of this representation of an object."),
    ("kind", "string", "Kind is a string value representing the REST resource this object represents."),
    ("metadata", "ObjectMeta", "Standard object's metadata."),
    ("spec", "", "Specification of the desired behavior of the object."),
    ("status", "", "Most recently observed status of the object. Populated by the system. Read-only."),
];

fn doc(key: &str) -> Option<(bool, &'static str)> {
    DOCS.lines().find_map(|line| {
        let (name, text) = line.split_once('|')?;
        let (struct_name, field) = match name.split_once('.') {
            Some((s, f)) => (s, Some(f)),
            None => (name, None),
        };
        let (required, field) = match field {
            Some(f) => (f.starts_with('!'), Some(f.trim_start_matches('!'))),
            None => (false, None),
        };
        let full = match field {
            Some(f) => format!("{struct_name}.{f}"),
            None => struct_name.to_string(),
        };
        (full == key).then_some((required, text))
    })
}

fn type_name(expression: &'static str) -> String {
    match gotypes::parse_type(expression) {
        Type::String | Type::Time | Type::Bytes => "string".into(),
        Type::Bool => "boolean".into(),
        Type::Int32 | Type::Int64 => "integer".into(),
        Type::Float64 => "number".into(),
        Type::IntOrString => "IntOrString".into(),
        Type::Quantity => "Quantity".into(),
        Type::Any => "Object".into(),
        Type::Slice(element) => format!("[]{}", type_name(element)),
        Type::Map(value) => format!("map[string]{}", type_name(value)),
        Type::Struct(name) => name.to_string(),
    }
}

/// The struct behind a type expression (`[]Container` → `Container`).
fn struct_of(expression: &'static str) -> Option<&'static str> {
    match gotypes::parse_type(expression) {
        Type::Struct(name) => Some(name),
        Type::Slice(element) | Type::Map(element) => struct_of(element),
        _ => None,
    }
}

fn fields_text(struct_name: &str, root: bool) -> String {
    let mut text = String::from("FIELDS:\n");
    if root {
        for (name, ty, description) in ROOT_FIELDS {
            let ty = if ty.is_empty() {
                gotypes::struct_type(struct_name).and_then(|s| s.field(name)).map(type_name)
            } else {
                Some((*ty).to_string())
            };
            if let Some(ty) = ty {
                text.push_str(&format!("  {name}\t<{ty}>\n    {description}\n\n"));
            }
        }
        return text;
    }
    if let Some(table) = gotypes::struct_type(struct_name) {
        for (field, ty) in &table.fields {
            if let Some((required, description)) = doc(&format!("{struct_name}.{field}")) {
                let marker = if required { " -required-" } else { "" };
                text.push_str(&format!("  {field}\t<{}>{marker}\n    {description}\n\n", type_name(ty)));
            }
        }
    }
    text
}

pub fn run(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [boolean("recursive", None), value("api-version", None), value("output", Some('o'))];
    let parsed =
        flags::parse(args, &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl explain --help' for usage.")))?;
    let Some(target) = parsed.args.first() else {
        return Err(CommandError::new("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl explain -h' for help and examples"));
    };
    let mut parts = target.split('.');
    let resource = parts.next().unwrap_or("");
    let kind = session.resolve_kind(resource)?;
    if gotypes::root_struct(&kind.kind).is_none() || doc(&kind.kind).is_none() {
        return Err(CommandError::plain(format!(
            "couldn't find resource for \"{}\" in the simulation's explain data",
            kind.group_resource()
        )));
    }
    let mut header = String::new();
    if !kind.group.is_empty() {
        header.push_str(&format!("GROUP:      {}\n", kind.group));
    }
    header.push_str(&format!("KIND:       {}\nVERSION:    {}\n\n", kind.kind, kind.version));
    let path: Vec<&str> = parts.collect();
    if path.is_empty() {
        let (_, description) = doc(&kind.kind).expect("checked");
        session.print_raw(&format!("{header}DESCRIPTION:\n    {description}\n    \n{}", fields_text(&kind.kind, true)));
        return Ok(());
    }
    // Walk the field path through the Go types.
    let mut owner = kind.kind.clone();
    let mut expression: &'static str = "";
    for (index, field) in path.iter().enumerate() {
        let table = gotypes::struct_type(&owner);
        let found = table
            .and_then(|t| t.fields.iter().find(|(name, _)| name == field))
            .map(|(_, ty)| *ty)
            .or_else(|| (index == 0 && matches!(*field, "apiVersion" | "kind")).then_some("string"));
        let shown = index == 0 && ROOT_FIELDS.iter().any(|(name, _, _)| name == field) || doc(&format!("{owner}.{field}")).is_some();
        match found.filter(|_| shown) {
            Some(ty) => expression = ty,
            None => {
                return Err(CommandError::plain(format!("field \"{field}\" does not exist")));
            }
        }
        if index + 1 < path.len() {
            owner = struct_of(expression)
                .map(str::to_string)
                .ok_or_else(|| CommandError::plain(format!("field \"{}\" does not exist", path[index + 1])))?;
        }
    }
    let field = path.last().expect("non-empty");
    let parent_description = if path.len() == 1 {
        ROOT_FIELDS.iter().find(|(name, _, _)| name == field).map(|(_, _, d)| d.to_string())
    } else {
        doc(&format!("{owner}.{field}")).map(|(_, d)| d.to_string())
    };
    let mut text = format!("{header}FIELD: {field} <{}>\n\n", type_name(expression));
    text.push_str("DESCRIPTION:\n");
    if let Some(description) = parent_description {
        text.push_str(&format!("    {description}\n"));
    }
    if let Some(struct_name) = struct_of(expression) {
        if let Some((_, description)) = doc(struct_name) {
            text.push_str(&format!("    {description}\n"));
        }
        text.push_str("    \n");
        text.push_str(&fields_text(struct_name, false));
    } else {
        text.push_str("    \n\n");
    }
    session.print_raw(&text);
    Ok(())
}
