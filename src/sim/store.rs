//! The object store: behaves like the API server for what the simulation needs — uids,
//! resourceVersions, generations, generateName, graceful deletion and watch events.
//!
//! It is a persistent map (`imbl::OrdMap`), so cloning a store for a checkpoint shares all
//! unchanged objects: that is what makes rewinding a lesson affordable.

use crate::sim::objects::kinds::Registry;
use crate::sim::objects::Object;
use crate::sim::rng::Rng;
use crate::sim::time::{Millis, Time};
use imbl::OrdMap;
use std::fmt;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectKey {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl ObjectKey {
    pub fn new(kind: &str, namespace: &str, name: &str) -> ObjectKey {
        ObjectKey { kind: kind.to_string(), namespace: namespace.to_string(), name: name.to_string() }
    }

    pub fn of(object: &Object) -> ObjectKey {
        ObjectKey::new(object.kind(), object.namespace(), object.name())
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            write!(f, "{}/{}", self.kind, self.name)
        } else {
            write!(f, "{}/{}/{}", self.kind, self.namespace, self.name)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchEventType {
    Added,
    Modified,
    Deleted,
}

impl WatchEventType {
    pub fn as_str(self) -> &'static str {
        match self {
            WatchEventType::Added => "ADDED",
            WatchEventType::Modified => "MODIFIED",
            WatchEventType::Deleted => "DELETED",
        }
    }
}

#[derive(Clone, Debug)]
pub struct WatchEvent {
    pub type_: WatchEventType,
    pub object: Arc<Object>,
    pub at: Millis,
}

/// API errors, displayed in the API server's wording.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    AlreadyExists {
        resource: String,
        name: String,
    },
    NotFound {
        resource: String,
        name: String,
    },
    Invalid {
        message: String,
    },
    BadRequest {
        message: String,
    },
    /// A write the API server could not carry out (etcd unavailable, a timeout): what the
    /// cluster's injected write failures return ([`crate::sim::cluster::WriteFailures`]).
    InternalError {
        message: String,
    },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::AlreadyExists { resource, name } => write!(f, "{resource} \"{name}\" already exists"),
            ApiError::NotFound { resource, name } => write!(f, "{resource} \"{name}\" not found"),
            ApiError::Invalid { message } | ApiError::BadRequest { message } => f.write_str(message),
            ApiError::InternalError { message } => write!(f, "Internal error occurred: {message}"),
        }
    }
}

impl ApiError {
    /// kubectl's prefix for errors returned by the API server.
    pub fn kubectl_prefix(&self) -> &'static str {
        match self {
            ApiError::AlreadyExists { .. } => "Error from server (AlreadyExists): ",
            ApiError::NotFound { .. } => "Error from server (NotFound): ",
            ApiError::Invalid { .. } => "The ",
            ApiError::BadRequest { .. } => "Error from server (BadRequest): ",
            ApiError::InternalError { .. } => "Error from server (InternalError): ",
        }
    }
}

/// How dependents are treated when their owner is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Propagation {
    #[default]
    Background,
    Orphan,
}

#[derive(Clone, Debug)]
pub struct Store {
    objects: OrdMap<ObjectKey, Arc<Object>>,
    pub registry: Registry,
    resource_version: u64,
    /// Watch events since the owner last drained them.
    pending: Vec<WatchEvent>,
    now: Millis,
}

impl Default for Store {
    fn default() -> Self {
        Store { objects: OrdMap::new(), registry: Registry::default(), resource_version: 1000, pending: Vec::new(), now: 0 }
    }
}

impl Store {
    /// The instant stamped on writes until the next call.
    pub fn set_now(&mut self, now: Millis) {
        self.now = now;
    }

    pub fn now(&self) -> Millis {
        self.now
    }

    /// The last resourceVersion handed out (every write takes the next one).
    pub fn resource_version_counter(&self) -> u64 {
        self.resource_version
    }

    pub fn take_events(&mut self) -> Vec<WatchEvent> {
        std::mem::take(&mut self.pending)
    }

    pub fn has_pending_events(&self) -> bool {
        !self.pending.is_empty()
    }

    pub fn len(&self) -> usize {
        self.objects.len()
    }

    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }

    pub fn get(&self, key: &ObjectKey) -> Option<&Arc<Object>> {
        self.objects.get(key)
    }

    pub fn get_named(&self, kind: &str, namespace: &str, name: &str) -> Option<&Arc<Object>> {
        self.objects.get(&ObjectKey::new(kind, namespace, name))
    }

    /// Every object of `kind`, ordered by namespace then name.
    pub fn list<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Arc<Object>> + 'a {
        let start = ObjectKey::new(kind, "", "");
        self.objects.range(start..).take_while(move |(k, _)| k.kind == kind).map(|(_, v)| v)
    }

    pub fn list_in<'a>(&'a self, kind: &'a str, namespace: &'a str) -> impl Iterator<Item = &'a Arc<Object>> + 'a {
        let start = ObjectKey::new(kind, namespace, "");
        self.objects.range(start..).take_while(move |(k, _)| k.kind == kind && k.namespace == namespace).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Object>> {
        self.objects.values()
    }

    fn resource_name(&self, kind: &str) -> String {
        self.registry.by_kind(kind).map(|k| k.group_resource()).unwrap_or_else(|| kind.to_ascii_lowercase() + "s")
    }

    fn next_resource_version(&mut self) -> String {
        self.resource_version += 1;
        self.resource_version.to_string()
    }

    fn emit(&mut self, type_: WatchEventType, object: Arc<Object>) {
        self.pending.push(WatchEvent { type_, object, at: self.now });
    }

    /// POST: names the object (generateName), assigns uid, resourceVersion, generation and
    /// creationTimestamp, and emits ADDED.
    pub fn create(&mut self, mut object: Object, rng: &mut Rng) -> Result<Arc<Object>, ApiError> {
        let kind = object.kind().to_string();
        let namespaced = self.registry.by_kind(&kind).is_none_or(|k| k.namespaced);
        if namespaced && object.namespace().is_empty() {
            object.meta_mut().namespace = "default".into();
        }
        if !namespaced {
            object.meta_mut().namespace.clear();
        }
        let namespace = object.namespace().to_string();
        if namespaced && kind != "Event" && self.get_named("Namespace", "", &namespace).is_none() {
            return Err(ApiError::NotFound { resource: "namespaces".into(), name: namespace });
        }
        if object.name().is_empty() {
            let base = object.meta().generate_name.clone();
            if base.is_empty() {
                return Err(ApiError::Invalid { message: "resource name may not be empty".into() });
            }
            // The API server retries a colliding generated name; so do we, boundedly.
            let mut name = rng.generate_name(&base);
            for _ in 0..8 {
                if self.get_named(&kind, &namespace, &name).is_none() {
                    break;
                }
                name = rng.generate_name(&base);
            }
            object.meta_mut().name = name;
        }
        let key = ObjectKey::of(&object);
        if self.objects.contains_key(&key) {
            return Err(ApiError::AlreadyExists { resource: self.resource_name(&kind), name: key.name });
        }
        // Pods, Nodes, volumes and claims have no metadata.generation in the API.
        let has_generation = !matches!(object, Object::Pod(_) | Object::Node(_) | Object::Event(_))
            && !matches!(kind.as_str(), "PersistentVolume" | "PersistentVolumeClaim")
            && object.spec_json().is_some();
        let now = self.now;
        let uid = rng.uid();
        let resource_version = self.next_resource_version();
        let meta = object.meta_mut();
        meta.uid = uid;
        meta.resource_version = resource_version;
        meta.creation_timestamp = Some(Time(now));
        meta.deletion_timestamp = None;
        meta.deletion_grace_period_seconds = None;
        if has_generation {
            meta.generation = Some(1);
        }
        let stored = Arc::new(object);
        self.objects.insert(key, stored.clone());
        self.emit(WatchEventType::Added, stored.clone());
        Ok(stored)
    }

    /// PUT: replaces the object, bumping resourceVersion, and generation when the spec changed.
    pub fn update(&mut self, mut object: Object) -> Result<Arc<Object>, ApiError> {
        let key = ObjectKey::of(&object);
        let Some(current) = self.objects.get(&key).cloned() else {
            return Err(ApiError::NotFound { resource: self.resource_name(&key.kind), name: key.name });
        };
        let old_meta = current.meta();
        // Only kinds with a generation compare specs (serializing is not free).
        let spec_changed = old_meta.generation.is_some() && object.spec_json() != current.spec_json();
        let meta = object.meta_mut();
        meta.uid = old_meta.uid.clone();
        meta.creation_timestamp = old_meta.creation_timestamp;
        if meta.deletion_timestamp.is_none() {
            meta.deletion_timestamp = old_meta.deletion_timestamp;
            meta.deletion_grace_period_seconds = old_meta.deletion_grace_period_seconds;
        }
        meta.generation = match old_meta.generation {
            Some(g) if spec_changed => Some(g + 1),
            other => other,
        };
        let ready_to_vanish = meta.deletion_timestamp.is_some() && meta.finalizers.is_empty() && !matches!(object, Object::Pod(_));
        object.meta_mut().resource_version = self.next_resource_version();
        if ready_to_vanish {
            return Ok(self.remove(&key).unwrap_or(current));
        }
        let stored = Arc::new(object);
        self.objects.insert(key, stored.clone());
        self.emit(WatchEventType::Modified, stored.clone());
        Ok(stored)
    }

    /// Applies `change` to the stored object and writes it back (a read-modify-write).
    pub fn modify(&mut self, key: &ObjectKey, change: impl FnOnce(&mut Object)) -> Result<Arc<Object>, ApiError> {
        let Some(current) = self.objects.get(key) else {
            return Err(ApiError::NotFound { resource: self.resource_name(&key.kind), name: key.name.clone() });
        };
        let mut object = (**current).clone();
        change(&mut object);
        if object == **current {
            return Ok(current.clone());
        }
        self.update(object)
    }

    /// Removes the object for good and emits DELETED.
    pub fn remove(&mut self, key: &ObjectKey) -> Option<Arc<Object>> {
        let removed = self.objects.remove(key)?;
        let mut last = (*removed).clone();
        last.meta_mut().resource_version = self.next_resource_version();
        let last = Arc::new(last);
        self.emit(WatchEventType::Deleted, last.clone());
        Some(last)
    }

    /// DELETE with the API server's graceful-deletion rules: a bound, non-terminal pod gets a
    /// deletionTimestamp and stays until its kubelet confirms (POD-09); an unbound or terminal
    /// pod, grace 0, and objects without finalizers go at once. `--cascade=orphan` strips the
    /// owner reference from dependents first.
    pub fn delete(
        &mut self,
        key: &ObjectKey,
        grace_period_seconds: Option<i64>,
        propagation: Propagation,
    ) -> Result<Arc<Object>, ApiError> {
        let Some(current) = self.objects.get(key).cloned() else {
            return Err(ApiError::NotFound { resource: self.resource_name(&key.kind), name: key.name.clone() });
        };
        if propagation == Propagation::Orphan {
            self.orphan_dependents(&current.meta().uid);
        }
        let grace = match &*current {
            Object::Pod(pod) if pod.spec.node_name.is_empty() || pod.is_terminal() => 0,
            Object::Pod(pod) => grace_period_seconds.unwrap_or_else(|| pod.grace_period_seconds()).max(0),
            _ => 0,
        };
        let has_finalizers = !current.meta().finalizers.is_empty();
        if grace == 0 && !has_finalizers {
            return Ok(self.remove(key).unwrap_or(current));
        }
        let now = self.now;
        let mut object = (*current).clone();
        let meta = object.meta_mut();
        let deadline = now + grace * 1000;
        // A second delete may shorten the grace period, never lengthen it.
        if meta.deletion_timestamp.is_none_or(|t| deadline < t.0) {
            meta.deletion_timestamp = Some(Time(deadline));
            meta.deletion_grace_period_seconds = Some(grace);
        }
        if let Some(generation) = meta.generation {
            meta.generation = Some(generation + 1);
        }
        let key = key.clone();
        object.meta_mut().resource_version = self.next_resource_version();
        let stored = Arc::new(object);
        self.objects.insert(key, stored.clone());
        self.emit(WatchEventType::Modified, stored.clone());
        Ok(stored)
    }

    fn orphan_dependents(&mut self, owner_uid: &str) {
        let dependents: Vec<ObjectKey> = self
            .objects
            .iter()
            .filter(|(_, o)| o.meta().owner_references.iter().any(|r| r.uid == owner_uid))
            .map(|(k, _)| k.clone())
            .collect();
        for key in dependents {
            let _ = self.modify(&key, |o| o.meta_mut().owner_references.retain(|r| r.uid != owner_uid));
        }
    }

    /// Whether an object with this uid exists (the garbage collector's owner check).
    pub fn uid_exists(&self, kind: &str, namespace: &str, name: &str, uid: &str) -> bool {
        self.get_named(kind, namespace, name).is_some_and(|o| o.meta().uid == uid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::objects::{ObjectMeta, Pod};

    fn store_with_default_namespace(rng: &mut Rng) -> Store {
        let mut store = Store::default();
        let ns = Object::from_parts("v1", "Namespace", serde_json::from_str(r#"{"metadata":{"name":"default"}}"#).unwrap()).unwrap();
        store.create(ns, rng).unwrap();
        store.take_events();
        store
    }

    fn pod(name: &str, node: &str) -> Object {
        let mut pod = Pod { metadata: ObjectMeta { name: name.into(), ..Default::default() }, ..Default::default() };
        pod.spec.node_name = node.into();
        Object::Pod(pod)
    }

    #[test]
    fn create_assigns_identity_and_emits_added() {
        let mut rng = Rng::new(1);
        let mut store = store_with_default_namespace(&mut rng);
        let created = store.create(pod("web-0", ""), &mut rng).unwrap();
        assert_eq!(created.namespace(), "default");
        assert_eq!(created.meta().uid.len(), 36);
        assert!(!created.meta().resource_version.is_empty());
        let events = store.take_events();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].type_, WatchEventType::Added);
        let again = store.create(pod("web-0", ""), &mut rng).unwrap_err();
        assert_eq!(again.to_string(), "pods \"web-0\" already exists");
    }

    #[test]
    fn unknown_namespace_is_not_found() {
        let mut rng = Rng::new(1);
        let mut store = store_with_default_namespace(&mut rng);
        let mut object = pod("x", "");
        object.meta_mut().namespace = "nope".into();
        assert_eq!(store.create(object, &mut rng).unwrap_err().to_string(), "namespaces \"nope\" not found");
    }

    #[test]
    fn bound_pods_delete_gracefully_pod09() {
        let mut rng = Rng::new(1);
        let mut store = store_with_default_namespace(&mut rng);
        store.create(pod("bound", "node-1"), &mut rng).unwrap();
        store.create(pod("unbound", ""), &mut rng).unwrap();
        store.set_now(5_000);
        let deleting = store.delete(&ObjectKey::new("Pod", "default", "bound"), None, Propagation::Background).unwrap();
        assert_eq!(deleting.meta().deletion_timestamp, Some(Time(35_000)));
        assert_eq!(deleting.meta().deletion_grace_period_seconds, Some(30));
        assert!(store.get_named("Pod", "default", "bound").is_some());
        store.delete(&ObjectKey::new("Pod", "default", "unbound"), None, Propagation::Background).unwrap();
        assert!(store.get_named("Pod", "default", "unbound").is_none());
    }

    #[test]
    fn snapshots_share_structure_and_do_not_see_later_writes() {
        let mut rng = Rng::new(1);
        let mut store = store_with_default_namespace(&mut rng);
        store.create(pod("a", ""), &mut rng).unwrap();
        let snapshot = store.clone();
        store.create(pod("b", ""), &mut rng).unwrap();
        assert_eq!(snapshot.list("Pod").count(), 1);
        assert_eq!(store.list("Pod").count(), 2);
    }
}
