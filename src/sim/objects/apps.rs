//! apps/v1 workload kinds the controllers read: DaemonSet and ControllerRevision.

use super::codec::{Decode, Encode};
use super::meta::{IntOrString, LabelSelector, ObjectMeta};
use super::pod::PodTemplateSpec;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct DaemonSet {
    pub metadata: ObjectMeta,
    pub spec: DaemonSetSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub status: Option<DaemonSetStatus>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct DaemonSetSpec {
    pub selector: Option<LabelSelector>,
    pub template: PodTemplateSpec,
    #[json(skip_serializing_if = "Option::is_none")]
    pub update_strategy: Option<DaemonSetUpdateStrategy>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub min_ready_seconds: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct DaemonSetUpdateStrategy {
    #[json(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDaemonSet>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct RollingUpdateDaemonSet {
    #[json(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct DaemonSetStatus {
    pub current_number_scheduled: i64,
    pub number_misscheduled: i64,
    pub desired_number_scheduled: i64,
    pub number_ready: i64,
    #[json(skip_serializing_if = "Option::is_none")]
    pub observed_generation: Option<i64>,
    #[json(skip_serializing_if = "is_zero")]
    pub updated_number_scheduled: i64,
    #[json(skip_serializing_if = "is_zero")]
    pub number_available: i64,
    #[json(skip_serializing_if = "is_zero")]
    pub number_unavailable: i64,
    #[json(skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Value>,
}

fn is_zero(v: &i64) -> bool {
    *v == 0
}

impl DaemonSet {
    pub fn min_ready_seconds(&self) -> i64 {
        self.spec.min_ready_seconds.unwrap_or(0)
    }

    /// The `deprecated.daemonset.template.generation` annotation (DS-17).
    pub fn template_generation(&self) -> i64 {
        self.metadata.annotations.get(TEMPLATE_GENERATION_ANNOTATION).and_then(|v| v.parse().ok()).unwrap_or(1)
    }

    pub fn is_on_delete(&self) -> bool {
        self.spec.update_strategy.as_ref().and_then(|s| s.type_.as_deref()) == Some("OnDelete")
    }
}

pub const TEMPLATE_GENERATION_ANNOTATION: &str = "deprecated.daemonset.template.generation";

/// apps/v1 ControllerRevision: a snapshot of a workload's template.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ControllerRevision {
    pub metadata: ObjectMeta,
    #[json(skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    pub revision: i64,
}
