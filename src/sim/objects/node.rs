//! core/v1 Node.

use super::codec::{Decode, Encode};
use super::meta::{ObjectMeta, Taint};
use crate::sim::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Node {
    pub metadata: ObjectMeta,
    pub spec: NodeSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub status: Option<NodeStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeSpec {
    #[json(rename = "podCIDR", skip_serializing_if = "Option::is_none")]
    pub pod_cidr: Option<String>,
    #[json(rename = "podCIDRs", skip_serializing_if = "Option::is_none")]
    pub pod_cidrs: Option<Vec<String>>,
    #[json(rename = "providerID", skip_serializing_if = "Option::is_none")]
    pub provider_id: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub unschedulable: Option<bool>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<Taint>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub config_source: Option<Value>,
    #[json(rename = "externalID", skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeStatus {
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, String>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub allocatable: BTreeMap<String, String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<NodeCondition>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<NodeAddress>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub daemon_endpoints: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub node_info: Option<NodeSystemInfo>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub images: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volumes_in_use: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volumes_attached: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub config: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub runtime_handlers: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub features: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeCondition {
    #[json(rename = "type")]
    pub type_: String,
    pub status: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub last_heartbeat_time: Option<Time>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeAddress {
    #[json(rename = "type")]
    pub type_: String,
    pub address: String,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeSystemInfo {
    #[json(rename = "machineID")]
    pub machine_id: String,
    #[json(rename = "systemUUID")]
    pub system_uuid: String,
    #[json(rename = "bootID")]
    pub boot_id: String,
    pub kernel_version: String,
    pub os_image: String,
    pub container_runtime_version: String,
    pub kubelet_version: String,
    pub kube_proxy_version: String,
    pub operating_system: String,
    pub architecture: String,
}

impl Node {
    pub fn condition(&self, type_: &str) -> Option<&NodeCondition> {
        self.status.as_ref()?.conditions.iter().find(|c| c.type_ == type_)
    }

    /// The Ready condition's status: "True", "False", "Unknown", or "" when absent.
    pub fn ready_status(&self) -> &str {
        self.condition("Ready").map(|c| c.status.as_str()).unwrap_or("")
    }

    pub fn is_unschedulable(&self) -> bool {
        self.spec.unschedulable == Some(true)
    }

    pub fn allocatable_milli(&self, resource: &str) -> i128 {
        self.status
            .as_ref()
            .and_then(|s| s.allocatable.get(resource).or_else(|| s.capacity.get(resource)))
            .and_then(|q| crate::sim::quantity::parse_milli(q))
            .unwrap_or(0)
    }

    pub fn internal_ip(&self) -> Option<&str> {
        self.status.as_ref()?.addresses.iter().find(|a| a.type_ == "InternalIP").map(|a| a.address.as_str())
    }
}
