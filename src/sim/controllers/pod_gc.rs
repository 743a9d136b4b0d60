//! PodGC (NODE-10/11): force-deletes pods bound to nodes that no longer exist (after a
//! quarantine), unscheduled terminating pods, and terminating pods on out-of-service nodes.

use crate::sim::cluster::{Cluster, Task};
use crate::sim::controllers::node_lifecycle::TAINT_OUT_OF_SERVICE;
use crate::sim::objects::Object;
use crate::sim::store::{ObjectKey, Propagation};
use crate::sim::time::{Millis, Time, SECOND};
use std::collections::BTreeMap;

/// `gcCheckPeriod`.
pub const GC_CHECK_PERIOD_MS: Millis = 20 * SECOND;
/// `quarantineTime`.
pub const QUARANTINE_MS: Millis = 40 * SECOND;

#[derive(Clone, Debug, Default)]
pub struct PodGcState {
    /// Orphaned pods by uid → when PodGC first saw them orphaned.
    pub orphans_seen: BTreeMap<String, Millis>,
}

pub fn run(cluster: &mut Cluster) {
    let now = cluster.now;
    let mut seen_now = BTreeMap::new();
    let mut to_force_delete: Vec<(ObjectKey, bool)> = Vec::new();
    for object in cluster.store.list("Pod") {
        let Some(pod) = object.as_pod() else { continue };
        let uid = pod.metadata.uid.clone();
        if pod.spec.node_name.is_empty() {
            if pod.metadata.is_deleting() {
                to_force_delete.push((ObjectKey::of(object), false));
            }
            continue;
        }
        match cluster.store.get_named("Node", "", &pod.spec.node_name).and_then(|n| n.as_node()) {
            None => {
                let first = cluster.pod_gc.orphans_seen.get(&uid).copied().unwrap_or(now);
                if now - first >= QUARANTINE_MS {
                    to_force_delete.push((ObjectKey::of(object), true));
                } else {
                    seen_now.insert(uid, first);
                }
            }
            Some(node) => {
                let out_of_service = node.spec.taints.iter().any(|t| t.key == TAINT_OUT_OF_SERVICE && t.effect == "NoExecute");
                if out_of_service && pod.metadata.is_deleting() && node.ready_status() != "True" {
                    to_force_delete.push((ObjectKey::of(object), false));
                }
            }
        }
    }
    cluster.pod_gc.orphans_seen = seen_now;
    let stamp = Time(now);
    for (key, orphan) in to_force_delete {
        if orphan {
            let _ = cluster.modify(&key, |o| {
                if let Object::Pod(p) = o {
                    let status = p.status.get_or_insert_with(Default::default);
                    status.set_condition("DisruptionTarget", "True", Some("DeletionByPodGC"), Some("PodGC: node no longer exists"), stamp);
                    if !matches!(status.phase.as_str(), "Succeeded" | "Failed") {
                        status.phase = "Failed".into();
                    }
                }
            });
        }
        let _ = cluster.delete(&key, Some(0), Propagation::Background);
    }
    cluster.schedule(GC_CHECK_PERIOD_MS, Task::PodGc);
}

/// Whether PodGC will delete orphaned pods on a later pass, so `settle` keeps advancing.
pub fn has_pending_work(cluster: &Cluster) -> bool {
    cluster.pods_by_node.iter().any(|(node, pods)| !pods.is_empty() && cluster.store.get_named("Node", "", node).is_none())
}
