//! core/v1 Pod, with the fields the controllers read typed and the rest kept as written.

use super::codec::{Decode, Encode};
use super::meta::{Labels, ObjectMeta, Toleration};
use crate::sim::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Pod {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub status: Option<PodStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PodTemplateSpec {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PodSpec {
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    pub containers: Vec<Container>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub ephemeral_containers: Option<Value>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<Volume>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub active_deadline_seconds: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub dns_policy: Option<String>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: Labels,
    #[json(skip_serializing_if = "Option::is_none")]
    pub service_account_name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub automount_service_account_token: Option<bool>,
    #[json(skip_serializing_if = "String::is_empty")]
    pub node_name: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub host_network: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    #[json(rename = "hostPID")]
    pub host_pid: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    #[json(rename = "hostIPC")]
    pub host_ipc: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub share_process_namespace: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub security_context: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub image_pull_secrets: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub affinity: Option<Affinity>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub scheduler_name: Option<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub tolerations: Vec<Toleration>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub host_aliases: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub priority_class_name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub dns_config: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub readiness_gates: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub runtime_class_name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub enable_service_links: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub preemption_policy: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub overhead: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub topology_spread_constraints: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    #[json(rename = "setHostnameAsFQDN")]
    pub set_hostname_as_fqdn: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub os: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub host_users: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub scheduling_gates: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub resource_claims: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub resources: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Container {
    pub name: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub image: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<String>>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub working_dir: Option<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub env_from: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub env: Option<Value>,
    #[json(skip_serializing_if = "ResourceRequirements::is_empty")]
    pub resources: ResourceRequirements,
    #[json(skip_serializing_if = "Option::is_none")]
    pub resize_policy: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub volume_mounts: Vec<VolumeMount>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub volume_devices: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub startup_probe: Option<Probe>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub termination_message_path: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub termination_message_policy: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub image_pull_policy: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub security_context: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub stdin: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub stdin_once: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub tty: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ContainerPort {
    #[json(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i64>,
    pub container_port: i64,
    #[json(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[json(rename = "hostIP", skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ResourceRequirements {
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, String>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub claims: Option<Value>,
}

impl ResourceRequirements {
    pub fn is_empty(&self) -> bool {
        self.limits.is_empty() && self.requests.is_empty() && self.claims.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct VolumeMount {
    pub name: String,
    pub mount_path: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub sub_path: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub sub_path_expr: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub mount_propagation: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub recursive_read_only: Option<String>,
}

/// A pod volume. Sources other than claims, emptyDir and hostPath are kept as written.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Volume {
    pub name: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub persistent_volume_claim: Option<ClaimVolumeSource>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub empty_dir: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub host_path: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub config_map: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub secret: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub projected: Option<Value>,
    #[json(rename = "downwardAPI", skip_serializing_if = "Option::is_none")]
    pub downward_api: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub nfs: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub csi: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub ephemeral: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub image: Option<Value>,
    /// Other (mostly deprecated) volume sources, kept as written.
    #[json(skip_serializing_if = "Option::is_none")]
    pub gce_persistent_disk: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub aws_elastic_block_store: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub git_repo: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub iscsi: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub glusterfs: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub rbd: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub flex_volume: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub cinder: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub cephfs: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub flocker: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub fc: Option<Value>,
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
pub struct ClaimVolumeSource {
    pub claim_name: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Probe {
    #[json(skip_serializing_if = "Option::is_none")]
    pub exec: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub http_get: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub tcp_socket: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub grpc: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub initial_delay_seconds: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub period_seconds: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub success_threshold: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub failure_threshold: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Affinity {
    #[json(skip_serializing_if = "Option::is_none")]
    pub node_affinity: Option<NodeAffinity>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub pod_affinity: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub pod_anti_affinity: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeAffinity {
    #[json(skip_serializing_if = "Option::is_none")]
    pub required_during_scheduling_ignored_during_execution: Option<NodeSelector>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub preferred_during_scheduling_ignored_during_execution: Option<Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeSelector {
    pub node_selector_terms: Vec<NodeSelectorTerm>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeSelectorTerm {
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<NodeSelectorRequirement>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub match_fields: Vec<NodeSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct NodeSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PodStatus {
    #[json(skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<PodCondition>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub nominated_node_name: Option<String>,
    #[json(rename = "hostIP", skip_serializing_if = "Option::is_none")]
    pub host_ip: Option<String>,
    #[json(rename = "hostIPs", skip_serializing_if = "Option::is_none")]
    pub host_ips: Option<Vec<PodIp>>,
    #[json(rename = "podIP", skip_serializing_if = "Option::is_none")]
    pub pod_ip: Option<String>,
    #[json(rename = "podIPs", skip_serializing_if = "Option::is_none")]
    pub pod_ips: Option<Vec<PodIp>>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub init_container_statuses: Vec<ContainerStatus>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub qos_class: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(default)]
pub struct PodIp {
    pub ip: String,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct PodCondition {
    #[json(rename = "type")]
    pub type_: String,
    pub status: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub last_probe_time: Option<Time>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ContainerStatus {
    pub name: String,
    pub state: ContainerState,
    #[json(skip_serializing_if = "ContainerState::is_empty")]
    pub last_state: ContainerState,
    pub ready: bool,
    pub restart_count: i64,
    pub image: String,
    #[json(rename = "imageID")]
    pub image_id: String,
    #[json(rename = "containerID", skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ContainerState {
    #[json(skip_serializing_if = "Option::is_none")]
    pub waiting: Option<ContainerStateWaiting>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub running: Option<ContainerStateRunning>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub terminated: Option<ContainerStateTerminated>,
}

impl ContainerState {
    pub fn is_empty(&self) -> bool {
        self.waiting.is_none() && self.running.is_none() && self.terminated.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ContainerStateWaiting {
    #[json(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ContainerStateRunning {
    #[json(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ContainerStateTerminated {
    pub exit_code: i64,
    #[json(skip_serializing_if = "Option::is_none")]
    pub signal: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Time>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Time>,
    #[json(rename = "containerID", skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
}

impl Pod {
    pub fn phase(&self) -> &str {
        self.status.as_ref().map(|s| s.phase.as_str()).unwrap_or("")
    }

    pub fn is_terminal(&self) -> bool {
        matches!(self.phase(), "Succeeded" | "Failed")
    }

    pub fn condition(&self, type_: &str) -> Option<&PodCondition> {
        self.status.as_ref()?.conditions.iter().find(|c| c.type_ == type_)
    }

    /// `podutil.IsPodReady`: the Ready condition is True.
    pub fn is_ready(&self) -> bool {
        self.condition("Ready").is_some_and(|c| c.status == "True")
    }

    /// `podutil.IsPodAvailable`: Ready for at least `min_ready_seconds`.
    pub fn is_available(&self, min_ready_seconds: i64, now: crate::sim::time::Millis) -> bool {
        match self.condition("Ready") {
            Some(c) if c.status == "True" => {
                min_ready_seconds == 0 || c.last_transition_time.is_some_and(|t| t.0 + min_ready_seconds * 1000 <= now)
            }
            _ => false,
        }
    }

    /// The grace period the API server uses on delete: the pod's own, 30 s by default.
    pub fn grace_period_seconds(&self) -> i64 {
        self.spec.termination_grace_period_seconds.unwrap_or(30)
    }
}

impl PodStatus {
    pub fn set_condition(&mut self, type_: &str, status: &str, reason: Option<&str>, message: Option<&str>, now: Time) {
        if let Some(existing) = self.conditions.iter_mut().find(|c| c.type_ == type_) {
            if existing.status != status {
                existing.last_transition_time = Some(now);
            }
            existing.status = status.to_string();
            existing.reason = reason.map(str::to_string);
            existing.message = message.map(str::to_string);
            return;
        }
        self.conditions.push(PodCondition {
            type_: type_.to_string(),
            status: status.to_string(),
            last_probe_time: None,
            last_transition_time: Some(now),
            reason: reason.map(str::to_string),
            message: message.map(str::to_string),
        });
        // The kubelet's order (POD-11).
        const ORDER: [&str; 6] =
            ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled", "DisruptionTarget"];
        crate::sort::sort_by_key(&mut self.conditions, |c| ORDER.iter().position(|o| *o == c.type_).unwrap_or(ORDER.len()));
    }
}
