//! core/v1 kinds besides Pod and Node that the core reads: Event, Service, Namespace.

use super::codec::{Decode, Encode};
use super::meta::ObjectMeta;
use crate::sim::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

/// core/v1 Event, as `kubectl get events` and `describe` read it.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Event {
    pub metadata: ObjectMeta,
    pub involved_object: ObjectReference,
    pub reason: String,
    pub message: String,
    pub source: EventSource,
    #[json(skip_serializing_if = "Option::is_none")]
    pub first_timestamp: Option<Time>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub last_timestamp: Option<Time>,
    pub count: i64,
    #[json(rename = "type")]
    pub type_: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub event_time: Option<Value>,
    pub reporting_component: String,
    pub reporting_instance: String,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ObjectReference {
    pub kind: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub api_version: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub field_path: String,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct EventSource {
    #[json(skip_serializing_if = "String::is_empty")]
    pub component: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub host: String,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Service {
    pub metadata: ObjectMeta,
    pub spec: ServiceSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ServiceSpec {
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServicePort>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub selector: BTreeMap<String, String>,
    #[json(rename = "clusterIP", skip_serializing_if = "Option::is_none")]
    pub cluster_ip: Option<String>,
    #[json(rename = "clusterIPs", skip_serializing_if = "Option::is_none")]
    pub cluster_ips: Option<Vec<String>>,
    #[json(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[json(rename = "externalIPs", skip_serializing_if = "Option::is_none")]
    pub external_ips: Option<Vec<String>>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub session_affinity: Option<String>,
    #[json(rename = "loadBalancerIP", skip_serializing_if = "Option::is_none")]
    pub load_balancer_ip: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub load_balancer_source_ranges: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub external_name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub external_traffic_policy: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub health_check_node_port: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub publish_not_ready_addresses: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub session_affinity_config: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub ip_families: Option<Vec<String>>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub ip_family_policy: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub allocate_load_balancer_node_ports: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub load_balancer_class: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub internal_traffic_policy: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub traffic_distribution: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ServicePort {
    #[json(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    pub port: i64,
    #[json(skip_serializing_if = "Option::is_none")]
    pub target_port: Option<super::meta::IntOrString>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i64>,
}
