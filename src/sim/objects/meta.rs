//! ObjectMeta and the small shared types (selectors, owner references, tolerations).

use super::codec::{Decode, Encode};
use crate::sim::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

pub type Labels = BTreeMap<String, String>;

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct ObjectMeta {
    #[json(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub generate_name: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub generation: Option<i64>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Time>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Labels,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub owner_references: Vec<OwnerReference>,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub finalizers: Vec<String>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub managed_fields: Option<Value>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub self_link: Option<String>,
}

impl ObjectMeta {
    pub fn controller_ref(&self) -> Option<&OwnerReference> {
        self.owner_references.iter().find(|r| r.controller == Some(true))
    }

    pub fn is_deleting(&self) -> bool {
        self.deletion_timestamp.is_some()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[json(skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct LabelSelector {
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: Labels,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[json(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelector {
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// `metav1.LabelSelectorAsSelector(...).Matches(labels)`.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels.iter().all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|r| {
                let value = labels.get(&r.key);
                match r.operator.as_str() {
                    "In" => value.is_some_and(|v| r.values.contains(v)),
                    "NotIn" => value.is_none_or(|v| !r.values.contains(v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }

    /// `metav1.FormatLabelSelector`: `app=nginx,tier in (a,b)`.
    pub fn format(&self) -> String {
        let mut parts: Vec<String> = self.match_labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for r in &self.match_expressions {
            parts.push(match r.operator.as_str() {
                "In" => format!("{} in ({})", r.key, r.values.join(",")),
                "NotIn" => format!("{} notin ({})", r.key, r.values.join(",")),
                "Exists" => r.key.clone(),
                "DoesNotExist" => format!("!{}", r.key),
                other => format!("{} {other} ({})", r.key, r.values.join(",")),
            });
        }
        if parts.is_empty() {
            "<none>".to_string()
        } else {
            parts.join(",")
        }
    }
}

/// `labels.FormatLabels`: `k=v,k2=v2`, or `<none>`.
pub fn format_labels(labels: &Labels) -> String {
    if labels.is_empty() {
        return "<none>".to_string();
    }
    labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Toleration {
    #[json(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub operator: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub effect: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    pub fn exists(key: &str, effect: &str) -> Toleration {
        Toleration { key: key.into(), operator: "Exists".into(), effect: effect.into(), ..Default::default() }
    }

    /// `v1.Toleration.ToleratesTaint`.
    pub fn tolerates(&self, taint: &Taint) -> bool {
        if !self.effect.is_empty() && self.effect != taint.effect {
            return false;
        }
        if !self.key.is_empty() && self.key != taint.key {
            return false;
        }
        match self.operator.as_str() {
            "Exists" => true,
            "" | "Equal" => self.value == taint.value,
            _ => false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct Taint {
    pub key: String,
    #[json(skip_serializing_if = "String::is_empty")]
    pub value: String,
    pub effect: String,
    #[json(skip_serializing_if = "Option::is_none")]
    pub time_added: Option<Time>,
}

impl Taint {
    pub fn new(key: &str, effect: &str) -> Taint {
        Taint { key: key.into(), effect: effect.into(), ..Default::default() }
    }

    /// `key=value:Effect` as kubectl shows taints.
    pub fn to_flag(&self) -> String {
        if self.value.is_empty() {
            format!("{}:{}", self.key, self.effect)
        } else {
            format!("{}={}:{}", self.key, self.value, self.effect)
        }
    }
}

pub fn tolerates_taint(tolerations: &[Toleration], taint: &Taint) -> bool {
    tolerations.iter().any(|t| t.tolerates(taint))
}

/// intstr.IntOrString: a JSON number or string.
#[derive(Clone, Debug, PartialEq)]
pub enum IntOrString {
    Int(i64),
    String(String),
}

impl Encode for IntOrString {
    fn encode(&self) -> Value {
        match self {
            IntOrString::Int(n) => n.encode(),
            IntOrString::String(s) => s.encode(),
        }
    }
}

impl Decode for IntOrString {
    fn decode(value: &Value) -> Result<Self, super::codec::DecodeError> {
        match value {
            Value::String(s) => Ok(IntOrString::String(s.clone())),
            other => i64::decode(other).map(IntOrString::Int),
        }
    }
}

impl IntOrString {
    /// `intstr.GetScaledValueFromIntOrPercent`.
    pub fn scaled(&self, total: i64, round_up: bool) -> Option<i64> {
        match self {
            IntOrString::Int(v) => Some(*v),
            IntOrString::String(s) => {
                let percent: i64 = s.strip_suffix('%')?.parse().ok()?;
                let scaled = percent * total;
                Some(if round_up { (scaled + 99) / 100 } else { scaled / 100 })
            }
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, IntOrString::Int(0)) || matches!(self, IntOrString::String(s) if s == "0%" || s == "0")
    }
}

pub fn skip_false(b: &bool) -> bool {
    is_false(b)
}
