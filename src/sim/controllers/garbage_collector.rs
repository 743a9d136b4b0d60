//! The garbage collector: when an owner is gone, deletes dependents that have no other live
//! owner (background propagation, as kubectl's default cascade). A delete that fails is
//! retried with the workqueue's back-off (`attemptToDelete.AddRateLimited`).

use crate::sim::cluster::{Cluster, Task};
use crate::sim::controllers::workqueue::RateLimiter;
use crate::sim::store::{ApiError, ObjectKey, Propagation};
use crate::sim::time::Millis;

/// From the owner's DELETED event to the collector acting on its dependents.
pub const GC_DELAY_MS: Millis = 30;

/// The collector's workqueue failures, by owner uid.
#[derive(Clone, Debug, Default)]
pub struct GarbageCollectorState {
    pub queue: RateLimiter,
}

pub fn collect(cluster: &mut Cluster, owner_uid: &str) {
    let result = collect_dependents(cluster, owner_uid);
    if let Some(delay) = cluster.garbage_collector.queue.after_sync(owner_uid, &result) {
        cluster.schedule(delay, Task::GarbageCollect { owner_uid: owner_uid.to_string() });
    }
}

/// Every dependent is tried; the first error is returned.
fn collect_dependents(cluster: &mut Cluster, owner_uid: &str) -> Result<(), ApiError> {
    let mut result = Ok(());
    let dependents: Vec<ObjectKey> = cluster.dependents.get(owner_uid).map(|d| d.iter().cloned().collect()).unwrap_or_default();
    for key in dependents {
        let Some(object) = cluster.store.get(&key).cloned() else { continue };
        let meta = object.meta();
        // Orphaned dependents (`--cascade=orphan`) no longer name the owner.
        if meta.is_deleting() || !meta.owner_references.iter().any(|r| r.uid == owner_uid) {
            continue;
        }
        let has_live_owner = meta.owner_references.iter().any(|r| {
            r.uid != owner_uid && {
                let namespace =
                    if cluster.store.registry.by_kind(&r.kind).is_some_and(|k| !k.namespaced) { "" } else { meta.namespace.as_str() };
                cluster.store.uid_exists(&r.kind, namespace, &r.name, &r.uid)
            }
        });
        if !has_live_owner {
            match cluster.delete(&key, None, Propagation::Background) {
                Ok(_) | Err(ApiError::NotFound { .. }) => {}
                Err(error) => result = result.and(Err(error)),
            }
        }
    }
    result
}
