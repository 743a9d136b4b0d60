//! Typed read-only *views* of kinds the store keeps as written ([`Generic`]): StatefulSet,
//! PersistentVolume, PersistentVolumeClaim and StorageClass. The store, the printers and
//! `-o yaml` keep the object exactly as the API server would serve it (every field the user
//! wrote survives); a controller deserializes the view it needs with [`view`] and writes back
//! through [`Generic::body`] paths. Unknown fields are ignored by the views.

use super::codec::{Decode, Encode};
use super::meta::{LabelSelector, ObjectMeta};
use super::pod::{NodeSelector, PodTemplateSpec};
use super::{Generic, Object};
use crate::sim::quantity::parse_milli;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Deserializes the typed view of a stored object (None when the shape does not fit).
pub fn view<T: Decode>(object: &Object) -> Option<T> {
    match object {
        Object::Generic(g) => {
            let mut map = g.body.clone();
            map.insert("metadata".into(), g.metadata.encode());
            T::decode(&Value::Object(map)).ok()
        }
        other => T::decode(&other.to_json()).ok(),
    }
}

/// The object at `path` inside a generic body, created when absent.
pub fn body_path<'a>(body: &'a mut Map<String, Value>, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut current = body;
    for key in path {
        let slot = current.entry(key.to_string()).or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        current = slot.as_object_mut().expect("just made an object");
    }
    current
}

/// Runs `change` on a generic object's body (no-op on typed kinds).
pub fn edit_body(object: &mut Object, change: impl FnOnce(&mut Generic)) {
    if let Object::Generic(g) = object {
        change(g);
    }
}

// ---- StatefulSet ----------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSet {
    pub metadata: ObjectMeta,
    pub spec: StatefulSetSpec,
    pub status: Option<StatefulSetStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSetSpec {
    pub replicas: Option<i64>,
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    pub volume_claim_templates: Vec<ClaimTemplate>,
    pub service_name: String,
    pub pod_management_policy: Option<String>,
    pub update_strategy: Option<StatefulSetUpdateStrategy>,
    pub revision_history_limit: Option<i64>,
    pub min_ready_seconds: Option<i64>,
    pub persistent_volume_claim_retention_policy: Option<RetentionPolicy>,
    pub ordinals: Option<Ordinals>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ClaimTemplate {
    pub metadata: ObjectMeta,
    pub spec: Value,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSetUpdateStrategy {
    #[json(rename = "type")]
    pub type_: Option<String>,
    pub rolling_update: Option<RollingUpdateStatefulSet>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct RollingUpdateStatefulSet {
    pub partition: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct RetentionPolicy {
    pub when_deleted: Option<String>,
    pub when_scaled: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Ordinals {
    pub start: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StatefulSetStatus {
    pub observed_generation: Option<i64>,
    pub replicas: i64,
    pub ready_replicas: i64,
    pub current_replicas: i64,
    pub updated_replicas: i64,
    pub available_replicas: i64,
    pub current_revision: String,
    pub update_revision: String,
    pub collision_count: Option<i64>,
}

impl StatefulSet {
    pub fn replicas(&self) -> i64 {
        self.spec.replicas.unwrap_or(1).max(0)
    }

    /// STS-01: `getStartOrdinal`.
    pub fn start_ordinal(&self) -> i64 {
        self.spec.ordinals.as_ref().and_then(|o| o.start).unwrap_or(0).max(0)
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

/// The StatefulSet status as the API serves it (zero counters included, as `updateStatus`
/// writes them).
pub fn statefulset_status_json(status: &StatefulSetStatus) -> Value {
    let mut map = Map::new();
    if let Some(g) = status.observed_generation {
        map.insert("observedGeneration".into(), g.into());
    }
    map.insert("replicas".into(), status.replicas.into());
    if status.ready_replicas > 0 {
        map.insert("readyReplicas".into(), status.ready_replicas.into());
    }
    if status.current_replicas > 0 {
        map.insert("currentReplicas".into(), status.current_replicas.into());
    }
    if status.updated_replicas > 0 {
        map.insert("updatedReplicas".into(), status.updated_replicas.into());
    }
    map.insert("availableReplicas".into(), status.available_replicas.into());
    if !status.current_revision.is_empty() {
        map.insert("currentRevision".into(), status.current_revision.clone().into());
    }
    if !status.update_revision.is_empty() {
        map.insert("updateRevision".into(), status.update_revision.clone().into());
    }
    map.insert("collisionCount".into(), status.collision_count.unwrap_or(0).into());
    Value::Object(map)
}

// ---- PersistentVolume and PersistentVolumeClaim -----------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ClaimReference {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub api_version: String,
    pub resource_version: String,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolume {
    pub metadata: ObjectMeta,
    pub spec: PersistentVolumeSpec,
    pub status: PhaseStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolumeSpec {
    pub capacity: BTreeMap<String, String>,
    pub access_modes: Vec<String>,
    pub claim_ref: Option<ClaimReference>,
    pub persistent_volume_reclaim_policy: Option<String>,
    pub storage_class_name: Option<String>,
    pub volume_mode: Option<String>,
    pub host_path: Option<Value>,
    pub nfs: Option<Value>,
    pub node_affinity: Option<VolumeNodeAffinity>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct VolumeNodeAffinity {
    pub required: Option<NodeSelector>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PhaseStatus {
    pub phase: String,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PersistentVolumeClaim {
    pub metadata: ObjectMeta,
    pub spec: ClaimSpec,
    pub status: ClaimStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ClaimSpec {
    pub access_modes: Vec<String>,
    pub selector: Option<LabelSelector>,
    pub resources: ClaimResources,
    pub volume_name: Option<String>,
    pub storage_class_name: Option<String>,
    pub volume_mode: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ClaimResources {
    pub requests: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ClaimStatus {
    pub phase: String,
    pub access_modes: Vec<String>,
    pub capacity: BTreeMap<String, String>,
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

    pub fn is_bound(&self) -> bool {
        self.status.phase == "Bound"
    }
}

// ---- StorageClass ---------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct StorageClass {
    pub metadata: ObjectMeta,
    pub provisioner: String,
    pub reclaim_policy: Option<String>,
    pub volume_binding_mode: Option<String>,
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
