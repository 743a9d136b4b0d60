//! The API objects the simulation stores. Kinds that a controller reads are typed; every other
//! supported kind is a [`Generic`] object, validated at ingest and kept as written.

pub mod apps;
pub mod codec;
pub mod core;
pub mod kinds;
pub mod meta;
pub mod node;
pub mod pod;
pub mod storage;

pub use apps::{ControllerRevision, DaemonSet};
pub use core::{Event, Service};
pub use meta::{LabelSelector, Labels, ObjectMeta, OwnerReference, Taint, Toleration};
pub use node::Node;
pub use pod::Pod;
pub use storage::{PersistentVolume, PersistentVolumeClaim, StatefulSet, StorageClass};

use codec::{Decode, DecodeError, Encode};
use serde_json::{Map, Value};

/// Any stored object of a kind no controller reads (ConfigMap, Role, custom resources…).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Generic {
    pub api_version: String,
    pub kind: String,
    pub metadata: ObjectMeta,
    /// Every top-level field except apiVersion, kind and metadata, as written.
    pub body: Map<String, Value>,
}

/// Objects live behind `Arc`s in the store, so the variants' size difference costs little.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Pod(Pod),
    Node(Node),
    DaemonSet(DaemonSet),
    StatefulSet(StatefulSet),
    ControllerRevision(ControllerRevision),
    PersistentVolume(PersistentVolume),
    PersistentVolumeClaim(PersistentVolumeClaim),
    StorageClass(StorageClass),
    Event(Event),
    Service(Service),
    Generic(Generic),
}

macro_rules! each_variant {
    ($value:expr, $binding:ident => $body:expr) => {
        match $value {
            Object::Pod($binding) => $body,
            Object::Node($binding) => $body,
            Object::DaemonSet($binding) => $body,
            Object::StatefulSet($binding) => $body,
            Object::ControllerRevision($binding) => $body,
            Object::PersistentVolume($binding) => $body,
            Object::PersistentVolumeClaim($binding) => $body,
            Object::StorageClass($binding) => $body,
            Object::Event($binding) => $body,
            Object::Service($binding) => $body,
            Object::Generic($binding) => $body,
        }
    };
}

impl Object {
    pub fn kind(&self) -> &str {
        match self {
            Object::Pod(_) => "Pod",
            Object::Node(_) => "Node",
            Object::DaemonSet(_) => "DaemonSet",
            Object::StatefulSet(_) => "StatefulSet",
            Object::ControllerRevision(_) => "ControllerRevision",
            Object::PersistentVolume(_) => "PersistentVolume",
            Object::PersistentVolumeClaim(_) => "PersistentVolumeClaim",
            Object::StorageClass(_) => "StorageClass",
            Object::Event(_) => "Event",
            Object::Service(_) => "Service",
            Object::Generic(g) => &g.kind,
        }
    }

    pub fn api_version(&self) -> &str {
        match self {
            Object::Pod(_)
            | Object::Node(_)
            | Object::Event(_)
            | Object::Service(_)
            | Object::PersistentVolume(_)
            | Object::PersistentVolumeClaim(_) => "v1",
            Object::DaemonSet(_) | Object::StatefulSet(_) | Object::ControllerRevision(_) => "apps/v1",
            Object::StorageClass(_) => "storage.k8s.io/v1",
            Object::Generic(g) => &g.api_version,
        }
    }

    pub fn meta(&self) -> &ObjectMeta {
        each_variant!(self, o => &o.metadata)
    }

    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        each_variant!(self, o => &mut o.metadata)
    }

    pub fn name(&self) -> &str {
        &self.meta().name
    }

    pub fn namespace(&self) -> &str {
        &self.meta().namespace
    }

    /// The object as the API serves it: apiVersion, kind, metadata, then its fields.
    pub fn to_json(&self) -> Value {
        let mut map = match self {
            Object::Generic(g) => {
                let mut map = g.body.clone();
                map.insert("metadata".into(), g.metadata.encode());
                map
            }
            Object::Pod(o) => typed_map(o),
            Object::Node(o) => typed_map(o),
            Object::DaemonSet(o) => typed_map(o),
            Object::StatefulSet(o) => typed_map(o),
            Object::ControllerRevision(o) => typed_map(o),
            Object::PersistentVolume(o) => typed_map(o),
            Object::PersistentVolumeClaim(o) => typed_map(o),
            Object::StorageClass(o) => typed_map(o),
            Object::Event(o) => typed_map(o),
            Object::Service(o) => typed_map(o),
        };
        map.insert("apiVersion".into(), Value::String(self.api_version().to_string()));
        map.insert("kind".into(), Value::String(self.kind().to_string()));
        Value::Object(map)
    }

    /// Builds the typed object for `kind` from a JSON body without apiVersion/kind.
    pub fn from_parts(api_version: &str, kind: &str, mut body: Map<String, Value>) -> Result<Object, DecodeError> {
        fn typed<T: Decode>(body: Map<String, Value>) -> Result<T, DecodeError> {
            T::decode(&Value::Object(body))
        }
        Ok(match kind {
            "Pod" => Object::Pod(typed(body)?),
            "Node" => Object::Node(typed(body)?),
            "DaemonSet" => Object::DaemonSet(typed(body)?),
            "StatefulSet" => Object::StatefulSet(typed(body)?),
            "ControllerRevision" => Object::ControllerRevision(typed(body)?),
            "PersistentVolume" => Object::PersistentVolume(typed(body)?),
            "PersistentVolumeClaim" => Object::PersistentVolumeClaim(typed(body)?),
            "StorageClass" => Object::StorageClass(typed(body)?),
            "Event" => Object::Event(typed(body)?),
            "Service" => Object::Service(typed(body)?),
            _ => {
                let metadata = match body.remove("metadata") {
                    Some(m) => ObjectMeta::decode(&m)?,
                    None => ObjectMeta::default(),
                };
                Object::Generic(Generic { api_version: api_version.into(), kind: kind.into(), metadata, body })
            }
        })
    }

    pub fn as_pod(&self) -> Option<&Pod> {
        match self {
            Object::Pod(p) => Some(p),
            _ => None,
        }
    }

    pub fn as_node(&self) -> Option<&Node> {
        match self {
            Object::Node(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_daemonset(&self) -> Option<&DaemonSet> {
        match self {
            Object::DaemonSet(d) => Some(d),
            _ => None,
        }
    }

    pub fn as_statefulset(&self) -> Option<&StatefulSet> {
        match self {
            Object::StatefulSet(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_volume(&self) -> Option<&PersistentVolume> {
        match self {
            Object::PersistentVolume(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_claim(&self) -> Option<&PersistentVolumeClaim> {
        match self {
            Object::PersistentVolumeClaim(c) => Some(c),
            _ => None,
        }
    }

    pub fn as_storage_class(&self) -> Option<&StorageClass> {
        match self {
            Object::StorageClass(c) => Some(c),
            _ => None,
        }
    }

    pub fn as_event(&self) -> Option<&Event> {
        match self {
            Object::Event(e) => Some(e),
            _ => None,
        }
    }

    /// The spec as JSON, for generation bumps on spec changes.
    pub fn spec_json(&self) -> Option<Value> {
        match self {
            Object::Pod(p) => Some(p.spec.encode()),
            Object::Node(n) => Some(n.spec.encode()),
            Object::DaemonSet(d) => Some(d.spec.encode()),
            Object::StatefulSet(s) => Some(s.spec.encode()),
            Object::PersistentVolume(v) => Some(v.spec.encode()),
            Object::PersistentVolumeClaim(c) => Some(c.spec.encode()),
            Object::Service(s) => Some(s.spec.encode()),
            Object::Generic(g) => g.body.get("spec").cloned(),
            _ => None,
        }
    }
}

fn typed_map<T: Encode>(value: &T) -> Map<String, Value> {
    match value.encode() {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
