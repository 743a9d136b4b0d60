//! Small builders for the controllers' unit tests. Each starts from the real typed object with
//! only the fields a case reads, and the extension traits add one field at a time:
//! `node("n1").tainted("k", "v", "NoSchedule")`, `ds("nginx").max_surge("1")`,
//! `pod("x").on("n1").hash("h").running_ready_since(0)`, `sts("web", 3).parallel()`.

use crate::sim::objects::apps::{DaemonSetUpdateStrategy, RollingUpdateDaemonSet};
use crate::sim::objects::meta::{IntOrString, LabelSelector, Labels};
use crate::sim::objects::node::{NodeCondition, NodeStatus};
use crate::sim::objects::pod::{Container, PodCondition, PodStatus};
use crate::sim::objects::storage::{
    ClaimTemplate, RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetOrdinals, StatefulSetPersistentVolumeClaimRetentionPolicy,
    StatefulSetUpdateStrategy,
};
use crate::sim::objects::{DaemonSet, Node, ObjectMeta, Pod, Taint, Toleration};
use crate::sim::time::{Millis, Time};

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// `"2"` is an absolute count, `"50%"` a percentage, as a manifest writes either.
pub fn int_or_percent(value: &str) -> IntOrString {
    match value.parse() {
        Ok(n) => IntOrString::Int(n),
        Err(_) => IntOrString::String(value.to_string()),
    }
}

// ---- Node ----------------------------------------------------------------------------------

/// A Ready node with room for 110 pods, no labels and no taints.
pub fn node(name: &str) -> Node {
    Node {
        metadata: ObjectMeta { name: name.into(), uid: format!("uid-{name}"), ..Default::default() },
        status: Some(NodeStatus {
            allocatable: [("cpu", "2"), ("memory", "4Gi"), ("pods", "110")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            conditions: vec![NodeCondition { type_: "Ready".into(), status: "True".into(), ..Default::default() }],
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub trait NodeBuilder {
    fn tainted(self, key: &str, value: &str, effect: &str) -> Self;
    fn labeled(self, key: &str, value: &str) -> Self;
    /// `kubectl cordon`: spec.unschedulable and the taint the lifecycle controller adds (DS-09).
    fn cordoned(self) -> Self;
    /// spec.unschedulable alone, before the lifecycle controller has tainted the node.
    fn unschedulable(self) -> Self;
    /// Ready=False, with the `not-ready:NoSchedule` taint the lifecycle controller adds (NODE-03).
    fn not_ready(self) -> Self;
    fn allocatable(self, resource: &str, quantity: &str) -> Self;
}

impl NodeBuilder for Node {
    fn tainted(mut self, key: &str, value: &str, effect: &str) -> Self {
        self.spec.taints.push(Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added: None });
        self
    }

    fn labeled(mut self, key: &str, value: &str) -> Self {
        self.metadata.labels.insert(key.into(), value.into());
        self
    }

    fn cordoned(self) -> Self {
        self.unschedulable().tainted("node.kubernetes.io/unschedulable", "", "NoSchedule")
    }

    fn unschedulable(mut self) -> Self {
        self.spec.unschedulable = Some(true);
        self
    }

    fn not_ready(mut self) -> Self {
        if let Some(ready) = self.status.as_mut().and_then(|s| s.conditions.iter_mut().find(|c| c.type_ == "Ready")) {
            ready.status = "False".into();
        }
        self.tainted("node.kubernetes.io/not-ready", "", "NoSchedule")
    }

    fn allocatable(mut self, resource: &str, quantity: &str) -> Self {
        self.status.get_or_insert_with(Default::default).allocatable.insert(resource.into(), quantity.into());
        self
    }
}

// ---- DaemonSet -----------------------------------------------------------------------------

/// A DaemonSet as the API server stores it after defaulting: selector and template labels
/// `app=<name>`, one container, template generation 1, no update strategy (so the defaults of
/// DS-32 apply).
pub fn ds(name: &str) -> DaemonSet {
    let mut ds = DaemonSet {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            uid: format!("uid-{name}"),
            generation: Some(1),
            annotations: labels(&[(crate::sim::objects::apps::TEMPLATE_GENERATION_ANNOTATION, "1")]),
            ..Default::default()
        },
        ..Default::default()
    };
    ds.spec.selector = Some(LabelSelector { match_labels: labels(&[("app", name)]), ..Default::default() });
    ds.spec.template.metadata.labels = labels(&[("app", name)]);
    ds.spec.template.spec.containers = vec![Container { name: name.into(), image: "nginx".into(), ..Default::default() }];
    ds
}

pub trait DaemonSetBuilder {
    fn node_selector(self, key: &str, value: &str) -> Self;
    fn node_name(self, node: &str) -> Self;
    fn tolerates(self, toleration: Toleration) -> Self;
    fn host_network(self) -> Self;
    fn max_unavailable(self, value: &str) -> Self;
    fn max_surge(self, value: &str) -> Self;
    fn on_delete(self) -> Self;
    fn min_ready(self, seconds: i64) -> Self;
    fn template_generation(self, generation: i64) -> Self;
}

fn rolling(ds: &mut DaemonSet) -> &mut RollingUpdateDaemonSet {
    let strategy = ds.spec.update_strategy.get_or_insert_with(DaemonSetUpdateStrategy::default);
    strategy.type_.get_or_insert_with(|| "RollingUpdate".into());
    strategy.rolling_update.get_or_insert_with(Default::default)
}

impl DaemonSetBuilder for DaemonSet {
    fn node_selector(mut self, key: &str, value: &str) -> Self {
        self.spec.template.spec.node_selector.insert(key.into(), value.into());
        self
    }

    fn node_name(mut self, node: &str) -> Self {
        self.spec.template.spec.node_name = node.into();
        self
    }

    fn tolerates(mut self, toleration: Toleration) -> Self {
        self.spec.template.spec.tolerations.push(toleration);
        self
    }

    fn host_network(mut self) -> Self {
        self.spec.template.spec.host_network = Some(true);
        self
    }

    fn max_unavailable(mut self, value: &str) -> Self {
        rolling(&mut self).max_unavailable = Some(int_or_percent(value));
        self
    }

    fn max_surge(mut self, value: &str) -> Self {
        rolling(&mut self).max_surge = Some(int_or_percent(value));
        self
    }

    /// `updateStrategy.type: OnDelete`; a rollingUpdate block already set is left in place.
    fn on_delete(mut self) -> Self {
        self.spec.update_strategy.get_or_insert_with(DaemonSetUpdateStrategy::default).type_ = Some("OnDelete".into());
        self
    }

    fn min_ready(mut self, seconds: i64) -> Self {
        self.spec.min_ready_seconds = Some(seconds);
        self
    }

    fn template_generation(mut self, generation: i64) -> Self {
        self.metadata.annotations.insert(crate::sim::objects::apps::TEMPLATE_GENERATION_ANNOTATION.into(), generation.to_string());
        self
    }
}

// ---- Pod -----------------------------------------------------------------------------------

/// A pod in namespace `default` that the API server has accepted (phase Pending), unbound.
pub fn pod(name: &str) -> Pod {
    Pod {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            uid: format!("uid-{name}"),
            creation_timestamp: Some(Time(0)),
            ..Default::default()
        },
        status: Some(PodStatus { phase: "Pending".into(), ..Default::default() }),
        ..Default::default()
    }
}

pub trait PodBuilder {
    /// Bound to `node` (spec.nodeName).
    fn on(self, node: &str) -> Self;
    fn labeled(self, key: &str, value: &str) -> Self;
    /// The DaemonSet revision label (`controller-revision-hash`, DS-17).
    fn hash(self, hash: &str) -> Self;
    /// The `pod-template-generation` label (DS-17).
    fn generation(self, generation: i64) -> Self;
    fn created_at(self, at: Millis) -> Self;
    /// Phase Running with Ready=True since `since`.
    fn running_ready_since(self, since: Millis) -> Self;
    /// Phase Running with Ready=False (a failing readiness probe, STS-06).
    fn running_not_ready(self) -> Self;
    fn pending(self) -> Self;
    fn failed(self) -> Self;
    fn succeeded(self) -> Self;
    /// A deletionTimestamp: graceful deletion has begun.
    fn deleting(self) -> Self;
    fn requests(self, resource: &str, quantity: &str) -> Self;
    fn tolerates(self, toleration: Toleration) -> Self;
    fn node_selector(self, key: &str, value: &str) -> Self;
}

fn set_phase(pod: &mut Pod, phase: &str, ready: Option<(&str, Millis)>) {
    let status = pod.status.get_or_insert_with(Default::default);
    status.phase = phase.into();
    status.conditions.retain(|c| c.type_ != "Ready");
    if let Some((value, since)) = ready {
        status.conditions.push(PodCondition {
            type_: "Ready".into(),
            status: value.into(),
            last_transition_time: Some(Time(since)),
            ..Default::default()
        });
    }
}

impl PodBuilder for Pod {
    fn on(mut self, node: &str) -> Self {
        self.spec.node_name = node.into();
        self
    }

    fn labeled(mut self, key: &str, value: &str) -> Self {
        self.metadata.labels.insert(key.into(), value.into());
        self
    }

    fn hash(self, hash: &str) -> Self {
        self.labeled(crate::sim::controllers::daemonset::REVISION_HASH_LABEL, hash)
    }

    fn generation(self, generation: i64) -> Self {
        self.labeled(crate::sim::controllers::daemonset::TEMPLATE_GENERATION_LABEL, &generation.to_string())
    }

    fn created_at(mut self, at: Millis) -> Self {
        self.metadata.creation_timestamp = Some(Time(at));
        self
    }

    fn running_ready_since(mut self, since: Millis) -> Self {
        set_phase(&mut self, "Running", Some(("True", since)));
        self
    }

    fn running_not_ready(mut self) -> Self {
        set_phase(&mut self, "Running", Some(("False", 0)));
        self
    }

    fn pending(mut self) -> Self {
        set_phase(&mut self, "Pending", None);
        self
    }

    fn failed(mut self) -> Self {
        set_phase(&mut self, "Failed", Some(("False", 0)));
        self
    }

    fn succeeded(mut self) -> Self {
        set_phase(&mut self, "Succeeded", Some(("False", 0)));
        self
    }

    fn deleting(mut self) -> Self {
        self.metadata.deletion_timestamp = Some(Time(0));
        self.metadata.deletion_grace_period_seconds = Some(30);
        self
    }

    fn requests(mut self, resource: &str, quantity: &str) -> Self {
        if self.spec.containers.is_empty() {
            self.spec.containers.push(Container { name: "app".into(), ..Default::default() });
        }
        self.spec.containers[0].resources.requests.insert(resource.into(), quantity.into());
        self
    }

    fn tolerates(mut self, toleration: Toleration) -> Self {
        self.spec.tolerations.push(toleration);
        self
    }

    fn node_selector(mut self, key: &str, value: &str) -> Self {
        self.spec.node_selector.insert(key.into(), value.into());
        self
    }
}

// ---- StatefulSet ---------------------------------------------------------------------------

/// A StatefulSet as stored after defaulting (STS-04): OrderedReady, RollingUpdate with
/// partition 0, Retain/Retain, selector and template labels `app=<name>`, serviceName `<name>`.
pub fn sts(name: &str, replicas: i64) -> StatefulSet {
    let mut set = StatefulSet {
        metadata: ObjectMeta {
            name: name.into(),
            namespace: "default".into(),
            uid: format!("uid-{name}"),
            generation: Some(1),
            ..Default::default()
        },
        ..Default::default()
    };
    set.spec.replicas = Some(replicas);
    set.spec.selector = Some(LabelSelector { match_labels: labels(&[("app", name)]), ..Default::default() });
    set.spec.service_name = name.into();
    set.spec.template.metadata.labels = labels(&[("app", name)]);
    set.spec.template.spec.containers = vec![Container { name: name.into(), image: "nginx".into(), ..Default::default() }];
    set.spec.pod_management_policy = Some("OrderedReady".into());
    set.spec.update_strategy = Some(StatefulSetUpdateStrategy {
        type_: Some("RollingUpdate".into()),
        rolling_update: Some(RollingUpdateStatefulSetStrategy { partition: Some(0), max_unavailable: None }),
    });
    set.spec.persistent_volume_claim_retention_policy =
        Some(StatefulSetPersistentVolumeClaimRetentionPolicy { when_deleted: Some("Retain".into()), when_scaled: Some("Retain".into()) });
    set
}

pub trait StatefulSetBuilder {
    fn parallel(self) -> Self;
    /// `updateStrategy.rollingUpdate.partition` (named so as not to shadow `StatefulSet::partition`).
    fn partitioned(self, partition: i64) -> Self;
    fn on_delete(self) -> Self;
    fn min_ready(self, seconds: i64) -> Self;
    fn claim_template(self, name: &str) -> Self;
    fn start_ordinal(self, start: i64) -> Self;
    /// `persistentVolumeClaimRetentionPolicy.whenScaled: Delete` (STS-25).
    fn delete_claims_when_scaled(self) -> Self;
}

impl StatefulSetBuilder for StatefulSet {
    fn parallel(mut self) -> Self {
        self.spec.pod_management_policy = Some("Parallel".into());
        self
    }

    fn partitioned(mut self, partition: i64) -> Self {
        self.spec.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some("RollingUpdate".into()),
            rolling_update: Some(RollingUpdateStatefulSetStrategy { partition: Some(partition), max_unavailable: None }),
        });
        self
    }

    fn on_delete(mut self) -> Self {
        self.spec.update_strategy = Some(StatefulSetUpdateStrategy { type_: Some("OnDelete".into()), rolling_update: None });
        self
    }

    fn min_ready(mut self, seconds: i64) -> Self {
        self.spec.min_ready_seconds = Some(seconds);
        self
    }

    fn claim_template(mut self, name: &str) -> Self {
        let mut template = ClaimTemplate { metadata: ObjectMeta { name: name.into(), ..Default::default() }, ..Default::default() };
        template.spec.access_modes = vec!["ReadWriteOnce".into()];
        template.spec.resources.requests.insert("storage".into(), "1Gi".into());
        self.spec.volume_claim_templates.push(template);
        self
    }

    fn start_ordinal(mut self, start: i64) -> Self {
        self.spec.ordinals = Some(StatefulSetOrdinals { start });
        self
    }

    fn delete_claims_when_scaled(mut self) -> Self {
        self.spec.persistent_volume_claim_retention_policy.get_or_insert_with(Default::default).when_scaled = Some("Delete".into());
        self
    }
}
