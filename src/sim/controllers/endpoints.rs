//! The Endpoints and EndpointSlice controllers (`pkg/controller/endpoint`,
//! `pkg/controller/endpointslice`): for every Service with a selector, the pods it selects
//! that have an IP — Ready ones as addresses, the others as not-ready (unless the Service
//! publishes not-ready addresses). A pod whose `hostname`/`subdomain` name the Service gets
//! a hostname on its address, which is what makes `web-0.nginx` resolve (STS-27).

use crate::sim::cluster::{Cluster, Task};
use crate::sim::controllers::workqueue::RateLimiter;
use crate::sim::objects::core::Service;
use crate::sim::objects::meta::IntOrString;
use crate::sim::objects::{Generic, Object, ObjectMeta, OwnerReference, Pod};
use crate::sim::store::{ApiError, ObjectKey, Propagation, WatchEvent, WatchEventType};
use crate::sim::time::{Millis, Time};
use serde_json::{json, Map, Value};

/// From a pod or Service change to the controllers' write (`--endpoint-updates-batch-period`
/// is 0 by default; this is the queue + sync time, a product choice).
pub const SYNC_LATENCY_MS: Millis = 10;
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";
pub const MANAGED_BY_LABEL: &str = "endpointslice.kubernetes.io/managed-by";
pub const MANAGED_BY: &str = "endpointslice-controller.k8s.io";
pub const HEADLESS_LABEL: &str = "service.kubernetes.io/headless";
pub const TRIGGER_TIME_ANNOTATION: &str = "endpoints.kubernetes.io/last-change-trigger-time";

/// `maxRetries`: a Service whose sync failed this many times is dropped from the queue (the
/// next change to it or its pods syncs it again).
pub const MAX_RETRIES: u32 = 15;

/// The Endpoints controller's workqueue failures, by `namespace/name` of the Service.
#[derive(Clone, Debug, Default)]
pub struct EndpointsState {
    pub queue: RateLimiter,
}

fn enqueue(cluster: &mut Cluster, namespace: &str, name: &str) {
    cluster.schedule(SYNC_LATENCY_MS, Task::SyncService { namespace: namespace.into(), name: name.into() });
}

pub fn on_service_event(cluster: &mut Cluster, event: &WatchEvent) {
    let (namespace, name) = (event.object.namespace().to_string(), event.object.name().to_string());
    let has_selector = matches!(&*event.object, Object::Service(s) if !s.spec.selector.is_empty());
    if has_selector || event.type_ == WatchEventType::Deleted {
        enqueue(cluster, &namespace, &name);
    }
}

pub fn on_pod_event(cluster: &mut Cluster, event: &WatchEvent) {
    let Some(pod) = event.object.as_pod() else { return };
    let selecting: Vec<String> = cluster
        .store
        .list_in("Service", &pod.metadata.namespace)
        .filter_map(|s| match &**s {
            Object::Service(s) if selects(s, pod) => Some(s.metadata.name.clone()),
            _ => None,
        })
        .collect();
    for name in selecting {
        enqueue(cluster, &pod.metadata.namespace, &name);
    }
}

fn selects(service: &Service, pod: &Pod) -> bool {
    !service.spec.selector.is_empty() && service.spec.selector.iter().all(|(k, v)| pod.metadata.labels.get(k) == Some(v))
}

pub fn is_headless(service: &Service) -> bool {
    service.spec.cluster_ip.as_deref() == Some("None")
}

/// One endpoint address (`podToEndpointAddressForService`).
#[derive(Clone, Debug, PartialEq)]
pub struct Address {
    pub ip: String,
    pub hostname: Option<String>,
    pub node_name: String,
    pub pod: String,
    pub pod_uid: String,
    pub ready: bool,
    pub terminating: bool,
}

/// The addresses a Service has (pure): pods it selects that have an IP and are not finished,
/// sorted by IP. Terminating pods are left out unless the Service publishes not-ready ones.
pub fn addresses_for(service: &Service, pods: &[&Pod]) -> Vec<Address> {
    let publish = service.spec.publish_not_ready_addresses == Some(true);
    let mut addresses: Vec<Address> = pods
        .iter()
        .filter(|p| selects(service, p) && !p.is_terminal())
        .filter(|p| publish || !p.metadata.is_deleting())
        .filter_map(|p| {
            let ip = p.status.as_ref()?.pod_ip.clone()?;
            let hostname = match (&p.spec.hostname, &p.spec.subdomain) {
                (Some(h), Some(s)) if *s == service.metadata.name && !h.is_empty() => Some(h.clone()),
                _ => None,
            };
            Some(Address {
                ip,
                hostname,
                node_name: p.spec.node_name.clone(),
                pod: p.metadata.name.clone(),
                pod_uid: p.metadata.uid.clone(),
                ready: p.is_ready() && !p.metadata.is_deleting(),
                terminating: p.metadata.is_deleting(),
            })
        })
        .collect();
    crate::sort::sort_by(&mut addresses, |a, b| a.ip.cmp(&b.ip).then(a.pod.cmp(&b.pod)));
    addresses
}

/// The ports each address serves: targetPort resolved against the first pod's named ports.
fn endpoint_ports(service: &Service, pods: &[&Pod]) -> Vec<Value> {
    service
        .spec
        .ports
        .iter()
        .map(|port| {
            let number = match &port.target_port {
                None => port.port,
                Some(IntOrString::Int(n)) => *n,
                Some(IntOrString::String(name)) => pods
                    .iter()
                    .filter(|p| selects(service, p))
                    .flat_map(|p| p.spec.containers.iter().flat_map(|c| c.ports.iter()))
                    .find(|cp| cp.name.as_deref() == Some(name.as_str()))
                    .map(|cp| cp.container_port)
                    .unwrap_or(port.port),
            };
            let mut map = Map::new();
            if let Some(name) = &port.name {
                map.insert("name".into(), json!(name));
            }
            map.insert("port".into(), json!(number));
            map.insert("protocol".into(), json!(port.protocol.clone().unwrap_or_else(|| "TCP".into())));
            Value::Object(map)
        })
        .collect()
}

fn target_ref(address: &Address, namespace: &str) -> Value {
    json!({"kind": "Pod", "namespace": namespace, "name": address.pod, "uid": address.pod_uid})
}

fn endpoints_subsets(service: &Service, addresses: &[Address], ports: &[Value]) -> Value {
    let publish = service.spec.publish_not_ready_addresses == Some(true);
    let render = |a: &Address| {
        let mut map = Map::new();
        map.insert("ip".into(), json!(a.ip));
        if let Some(h) = &a.hostname {
            map.insert("hostname".into(), json!(h));
        }
        map.insert("nodeName".into(), json!(a.node_name));
        map.insert("targetRef".into(), target_ref(a, &service.metadata.namespace));
        Value::Object(map)
    };
    let ready: Vec<Value> = addresses.iter().filter(|a| publish || a.ready).map(render).collect();
    let not_ready: Vec<Value> = addresses.iter().filter(|a| !publish && !a.ready).map(render).collect();
    if ready.is_empty() && not_ready.is_empty() {
        return Value::Null;
    }
    let mut subset = Map::new();
    if !ready.is_empty() {
        subset.insert("addresses".into(), Value::Array(ready));
    }
    if !not_ready.is_empty() {
        subset.insert("notReadyAddresses".into(), Value::Array(not_ready));
    }
    if !ports.is_empty() {
        subset.insert("ports".into(), Value::Array(ports.to_vec()));
    }
    json!([subset])
}

fn slice_endpoints(service: &Service, addresses: &[Address]) -> Value {
    let publish = service.spec.publish_not_ready_addresses == Some(true);
    Value::Array(
        addresses
            .iter()
            .map(|a| {
                let mut map = Map::new();
                map.insert("addresses".into(), json!([a.ip]));
                map.insert(
                    "conditions".into(),
                    json!({"ready": publish || a.ready, "serving": a.ready || (a.terminating && publish), "terminating": a.terminating}),
                );
                if let Some(h) = &a.hostname {
                    map.insert("hostname".into(), json!(h));
                }
                map.insert("nodeName".into(), json!(a.node_name));
                map.insert("targetRef".into(), target_ref(a, &service.metadata.namespace));
                Value::Object(map)
            })
            .collect(),
    )
}

fn labels_for(service: &Service) -> std::collections::BTreeMap<String, String> {
    let mut labels = service.metadata.labels.clone();
    if is_headless(service) {
        labels.insert(HEADLESS_LABEL.into(), String::new());
    }
    labels
}

/// One sync of a Service's Endpoints and EndpointSlice.
/// The worker: `syncService`, then `handleErr` — retried with the rate limiter's back-off up to
/// [`MAX_RETRIES`] times, then forgotten.
pub fn sync(cluster: &mut Cluster, namespace: &str, name: &str) {
    let key = format!("{namespace}/{name}");
    let result = sync_service(cluster, namespace, name);
    if result.is_err() && cluster.endpoints.queue.requeues(&key) >= MAX_RETRIES {
        cluster.endpoints.queue.forget(&key);
        return;
    }
    if let Some(delay) = cluster.endpoints.queue.after_sync(&key, &result) {
        cluster.schedule(delay, Task::SyncService { namespace: namespace.into(), name: name.into() });
    }
}

fn sync_service(cluster: &mut Cluster, namespace: &str, name: &str) -> Result<(), ApiError> {
    let endpoints_key = ObjectKey::new("Endpoints", namespace, name);
    let service = match cluster.get("Service", namespace, name).map(|s| &**s) {
        Some(Object::Service(s)) if !s.spec.selector.is_empty() => s.clone(),
        _ => {
            // The Service is gone (or lost its selector): its Endpoints go; slices follow by GC.
            if cluster.store.get(&endpoints_key).is_some() {
                cluster.delete(&endpoints_key, None, Propagation::Background)?;
            }
            return Ok(());
        }
    };
    let pods: Vec<Pod> = cluster.store.list_in("Pod", namespace).filter_map(|p| p.as_pod().cloned()).collect();
    let pod_refs: Vec<&Pod> = pods.iter().collect();
    let addresses = addresses_for(&service, &pod_refs);
    let ports = endpoint_ports(&service, &pod_refs);
    let subsets = endpoints_subsets(&service, &addresses, &ports);
    let stamp = Time(cluster.now).rfc3339();
    let labels = labels_for(&service);
    match cluster.store.get(&endpoints_key).cloned() {
        None => {
            let mut metadata = ObjectMeta { name: name.into(), namespace: namespace.into(), labels: labels.clone(), ..Default::default() };
            metadata.annotations.insert(TRIGGER_TIME_ANNOTATION.into(), stamp.clone());
            let mut body = Map::new();
            if !subsets.is_null() {
                body.insert("subsets".into(), subsets.clone());
            }
            cluster.create(Object::Generic(Generic { api_version: "v1".into(), kind: "Endpoints".into(), metadata, body }))?;
        }
        Some(existing) => {
            let current = match &*existing {
                Object::Generic(g) => g.body.get("subsets").cloned().unwrap_or(Value::Null),
                _ => Value::Null,
            };
            if current != subsets {
                let (subsets, stamp) = (subsets.clone(), stamp.clone());
                cluster.modify(&endpoints_key, move |o| {
                    if let Object::Generic(g) = o {
                        if subsets.is_null() {
                            g.body.remove("subsets");
                        } else {
                            g.body.insert("subsets".into(), subsets);
                        }
                        g.metadata.annotations.insert(TRIGGER_TIME_ANNOTATION.into(), stamp);
                    }
                })?;
            }
        }
    }
    sync_slice(cluster, &service, &addresses, &ports, labels)
}

fn sync_slice(
    cluster: &mut Cluster,
    service: &Service,
    addresses: &[Address],
    ports: &[Value],
    mut labels: std::collections::BTreeMap<String, String>,
) -> Result<(), ApiError> {
    let namespace = service.metadata.namespace.clone();
    labels.insert(SERVICE_NAME_LABEL.into(), service.metadata.name.clone());
    labels.insert(MANAGED_BY_LABEL.into(), MANAGED_BY.into());
    let endpoints = slice_endpoints(service, addresses);
    let existing = cluster
        .store
        .list_in("EndpointSlice", &namespace)
        .find(|s| {
            s.meta().labels.get(SERVICE_NAME_LABEL) == Some(&service.metadata.name)
                && s.meta().controller_ref().is_some_and(|r| r.uid == service.metadata.uid)
        })
        .cloned();
    let ports = Value::Array(ports.to_vec());
    match existing {
        None => {
            let metadata = ObjectMeta {
                generate_name: format!("{}-", service.metadata.name),
                namespace: namespace.clone(),
                labels,
                owner_references: vec![OwnerReference {
                    api_version: "v1".into(),
                    kind: "Service".into(),
                    name: service.metadata.name.clone(),
                    uid: service.metadata.uid.clone(),
                    controller: Some(true),
                    block_owner_deletion: Some(true),
                }],
                ..Default::default()
            };
            let mut body = Map::new();
            body.insert("addressType".into(), Value::from("IPv4"));
            body.insert("endpoints".into(), endpoints);
            body.insert("ports".into(), ports);
            cluster.create(Object::Generic(Generic {
                api_version: "discovery.k8s.io/v1".into(),
                kind: "EndpointSlice".into(),
                metadata,
                body,
            }))?;
        }
        Some(slice) => {
            let unchanged = match &*slice {
                Object::Generic(g) => g.body.get("endpoints") == Some(&endpoints) && g.body.get("ports") == Some(&ports),
                _ => true,
            };
            if !unchanged {
                cluster.modify(&ObjectKey::of(&slice), move |o| {
                    if let Object::Generic(g) = o {
                        g.body.insert("endpoints".into(), endpoints);
                        g.body.insert("ports".into(), ports);
                    }
                })?;
            }
        }
    }
    Ok(())
}
