//! The apps/v1 StatefulSet, the core/v1 PersistentVolume and PersistentVolumeClaim, and the
//! storage.k8s.io/v1 StorageClass, typed like Pods and DaemonSets: every field of the API type
//! is a field here (sub-structs no controller reads are kept as JSON), so `-o yaml` and `apply`
//! keep everything a user wrote.

use super::codec::{Decode, Encode};
use super::core::ObjectReference;
use super::meta::{IntOrString, LabelSelector, ObjectMeta};
use super::pod::{NodeSelector, PodTemplateSpec};
use crate::sim::quantity::parse_milli;
use serde_json::Value;
use std::collections::BTreeMap;

// ---- StatefulSet ----------------------------------------------------------------------------
//
// Field for field as k8s.io/api v1.34 (the Go type table in `manifest/gotypes.rs` is checked
// against these structs): pointers are `Option`s, kept when set; `omitempty` scalars, lists and
// maps are skipped when empty, as Go's encoder skips them; sub-structs no controller reads are
// kept as JSON (`Value`).

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSet {
    pub metadata: ObjectMeta,
    pub spec: StatefulSetSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub status: Option<StatefulSetStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSetSpec {
    #[json(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub volume_claim_templates: Vec<ClaimTemplate>,
    #[json(skip_serializing_if = "String::is_empty")]
    pub service_name: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub pod_management_policy: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub update_strategy: Option<StatefulSetUpdateStrategy>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i64>,
    #[json(skip_serializing_if = "none_or_zero")]
    pub min_ready_seconds: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim_retention_policy: Option<StatefulSetPersistentVolumeClaimRetentionPolicy>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub ordinals: Option<StatefulSetOrdinals>,
}

/// An entry of `volumeClaimTemplates`: a v1 PersistentVolumeClaim, its type meta included.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ClaimTemplate {
    #[json(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    pub metadata: ObjectMeta,
    pub spec: PersistentVolumeClaimSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub status: Option<PersistentVolumeClaimStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSetUpdateStrategy {
    #[json(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateStatefulSetStrategy>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct RollingUpdateStatefulSetStrategy {
    #[json(skip_serializing_if = "Option::is_none")]
    pub partition: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSetPersistentVolumeClaimRetentionPolicy {
    #[json(skip_serializing_if = "Option::is_none")]
    pub when_deleted: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub when_scaled: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSetOrdinals {
    /// `json:"start"`: written even when 0.
    pub start: i64,
}

/// As `updateStatus` writes it: `replicas` and `availableReplicas` always, the other counters
/// when not zero.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSetStatus {
    #[json(skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    pub replicas: i64,
    #[json(skip_serializing_if = "is_zero")]
    pub ready_replicas: i64,
    #[json(skip_serializing_if = "is_zero")]
    pub current_replicas: i64,
    #[json(skip_serializing_if = "is_zero")]
    pub updated_replicas: i64,
    #[json(skip_serializing_if = "String::is_empty")]
    pub current_revision: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub update_revision: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Value>,
    pub available_replicas: i64,
}

fn is_zero(value: &i64) -> bool {
    *value == 0
}

fn none_or_zero(value: &Option<i64>) -> bool {
    value.unwrap_or(0) == 0
}

fn none_or_empty(value: &Option<String>) -> bool {
    value.as_deref().unwrap_or("").is_empty()
}

impl StatefulSet {
    pub fn replicas(&self) -> i64 {
        self.spec.replicas.unwrap_or(1).max(0)
    }

    /// STS-01: `getStartOrdinal`.
    pub fn start_ordinal(&self) -> i64 {
        self.spec.ordinals.as_ref().map_or(0, |o| o.start).max(0)
    }

    pub fn is_parallel(&self) -> bool {
        self.spec.pod_management_policy.as_deref() == Some("Parallel")
    }

    pub fn is_on_delete(&self) -> bool {
        self.spec.update_strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("OnDelete")
    }

    pub fn partition(&self) -> i64 {
        self.spec.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref()).and_then(|r| r.partition).unwrap_or(0)
    }

    pub fn min_ready_seconds(&self) -> i64 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }

    /// (whenDeleted is Delete, whenScaled is Delete), STS-25.
    pub fn retention_deletes(&self) -> (bool, bool) {
        let policy = self.spec.persistent_volume_claim_retention_policy.clone().unwrap_or_default();
        (policy.when_deleted.as_deref() == Some("Delete"), policy.when_scaled.as_deref() == Some("Delete"))
    }
}

// ---- PersistentVolume and PersistentVolumeClaim -----------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolume {
    pub metadata: ObjectMeta,
    pub spec: PersistentVolumeSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub status: Option<PersistentVolumeStatus>,
}

/// The spec with its volume source inline (`PersistentVolumeSource`, one pointer per plugin).
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolumeSpec {
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub claim_ref: Option<ObjectReference>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub persistent_volume_reclaim_policy: Option<String>,
    /// A string in Go (`omitempty`): "" is not written.
    #[json(skip_serializing_if = "none_or_empty")]
    pub storage_class_name: Option<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub mount_options: Vec<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub node_affinity: Option<VolumeNodeAffinity>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volume_attributes_class_name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub host_path: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub nfs: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub local: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub csi: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub iscsi: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub fc: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub gce_persistent_disk: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub aws_elastic_block_store: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub glusterfs: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub rbd: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub cinder: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub cephfs: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub flex_volume: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub flocker: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub azure_file: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub vsphere_volume: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub quobyte: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub azure_disk: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub photon_persistent_disk: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub portworx_volume: Option<Value>,
    #[json(rename = "scaleIO", skip_serializing_if = "Option::is_none")]
    pub scale_io: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub storageos: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct VolumeNodeAffinity {
    #[json(skip_serializing_if = "Option::is_none")]
    pub required: Option<NodeSelector>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolumeStatus {
    #[json(skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub last_phase_transition_time: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolumeClaim {
    pub metadata: ObjectMeta,
    pub spec: PersistentVolumeClaimSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub status: Option<PersistentVolumeClaimStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolumeClaimSpec {
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
    pub resources: VolumeResourceRequirements,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volume_name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub storage_class_name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volume_mode: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub data_source: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub data_source_ref: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volume_attributes_class_name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct VolumeResourceRequirements {
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, String>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolumeClaimStatus {
    #[json(skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub access_modes: Vec<String>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Value>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub allocated_resources: BTreeMap<String, String>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub allocated_resource_statuses: BTreeMap<String, String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub current_volume_attributes_class_name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub modify_volume_status: Option<Value>,
}

/// The beta annotation that, when present, overrides `storageClassName` (PV-04).
pub const BETA_STORAGE_CLASS_ANNOTATION: &str = "volume.beta.kubernetes.io/storage-class";

impl PersistentVolume {
    /// `GetPersistentVolumeClass`: the beta annotation, else `storageClassName`, nil as "".
    pub fn class(&self) -> &str {
        match self.metadata.annotations.get(BETA_STORAGE_CLASS_ANNOTATION) {
            Some(class) => class,
            None => self.spec.storage_class_name.as_deref().unwrap_or(""),
        }
    }

    /// Capacity in thousandths of a byte (0 when unparsable).
    pub fn capacity_milli(&self) -> i128 {
        self.spec.capacity.get("storage").and_then(|q| parse_milli(q)).unwrap_or(0)
    }

    pub fn volume_mode(&self) -> &str {
        self.spec.volume_mode.as_deref().unwrap_or("Filesystem")
    }

    pub fn reclaim_policy(&self) -> &str {
        self.spec.persistent_volume_reclaim_policy.as_deref().unwrap_or("Retain")
    }

    /// `status.phase`, "" before the API server set one.
    pub fn phase(&self) -> &str {
        self.status.as_ref().map_or("", |s| s.phase.as_str())
    }
}

impl PersistentVolumeClaim {
    /// `GetPersistentVolumeClaimClass`: the beta annotation, else `storageClassName`, nil as "".
    pub fn class(&self) -> &str {
        match self.metadata.annotations.get(BETA_STORAGE_CLASS_ANNOTATION) {
            Some(class) => class,
            None => self.spec.storage_class_name.as_deref().unwrap_or(""),
        }
    }

    /// Whether the class was left unset (nil, not ""), for default-class assignment (PV-01/03).
    pub fn class_unset(&self) -> bool {
        self.spec.storage_class_name.is_none() && !self.metadata.annotations.contains_key(BETA_STORAGE_CLASS_ANNOTATION)
    }

    pub fn request_milli(&self) -> i128 {
        self.spec.resources.requests.get("storage").and_then(|q| parse_milli(q)).unwrap_or(0)
    }

    pub fn volume_mode(&self) -> &str {
        self.spec.volume_mode.as_deref().unwrap_or("Filesystem")
    }

    pub fn volume_name(&self) -> &str {
        self.spec.volume_name.as_deref().unwrap_or("")
    }

    /// `status.phase`, "" before the API server set one.
    pub fn phase(&self) -> &str {
        self.status.as_ref().map_or("", |s| s.phase.as_str())
    }

    pub fn is_bound(&self) -> bool {
        self.phase() == "Bound"
    }
}

// ---- StorageClass ---------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StorageClass {
    pub metadata: ObjectMeta,
    pub provisioner: String,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub reclaim_policy: Option<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub mount_options: Vec<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub allow_volume_expansion: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volume_binding_mode: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub allowed_topologies: Option<Value>,
}

pub const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";
pub const BETA_DEFAULT_CLASS_ANNOTATION: &str = "storageclass.beta.kubernetes.io/is-default-class";
/// The provisioner name meaning "static volumes only".
pub const NO_PROVISIONER: &str = "kubernetes.io/no-provisioner";

impl StorageClass {
    pub fn is_default(&self) -> bool {
        [DEFAULT_CLASS_ANNOTATION, BETA_DEFAULT_CLASS_ANNOTATION]
            .iter()
            .any(|k| self.metadata.annotations.get(*k).is_some_and(|v| v == "true"))
    }

    pub fn waits_for_first_consumer(&self) -> bool {
        self.volume_binding_mode.as_deref() == Some("WaitForFirstConsumer")
    }

    pub fn provisions_dynamically(&self) -> bool {
        !self.provisioner.is_empty() && self.provisioner != NO_PROVISIONER
    }
}
