//! Controller history (`pkg/controller/history` and the revision code the DaemonSet and
//! StatefulSet controllers share): the template hash, the ControllerRevisions an owner
//! controls, making the current one the newest, and pruning old ones.

use crate::sim::cluster::Cluster;
use crate::sim::objects::apps::ControllerRevision;
use crate::sim::objects::{Object, ObjectMeta, OwnerReference};
use crate::sim::store::{ApiError, ObjectKey, Propagation};
use std::collections::BTreeMap;

/// The template hash per owner uid, for the generation it was computed at: hashing encodes the
/// whole template, so syncs reuse it until the owner's spec changes.
#[derive(Clone, Debug, Default)]
pub struct HashCache(BTreeMap<String, (Option<i64>, String)>);

impl HashCache {
    /// The owner's hash, from `compute` when its generation moved since the last one.
    pub fn get_or_compute(&mut self, owner: &ObjectMeta, compute: impl FnOnce() -> String) -> String {
        match self.0.get(&owner.uid) {
            Some((generation, hash)) if *generation == owner.generation => hash.clone(),
            _ => {
                let hash = compute();
                self.0.insert(owner.uid.clone(), (owner.generation, hash.clone()));
                hash
            }
        }
    }

    /// The owner is gone.
    pub fn forget(&mut self, uid: &str) {
        self.0.remove(uid);
    }

    pub fn uids(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

/// `ComputeHash`: FNV-32a of the template (and collision count), then `SafeEncodeString` of
/// its decimal form — the same alphabet and shape as Kubernetes (e.g. `6c8d5d8d9b`), though
/// not byte-identical, since Go hashes its own struct dump.
pub fn compute_hash(template: &serde_json::Value, collision_count: Option<i64>) -> String {
    let mut hash: u32 = 0x811c_9dc5;
    let text = template.to_string();
    let extra = collision_count.map(|c| c.to_string()).unwrap_or_default();
    for byte in text.bytes().chain(extra.bytes()) {
        hash ^= byte as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.to_string().bytes().map(|b| crate::sim::rng::NAME_ALPHABET[b as usize % crate::sim::rng::NAME_ALPHABET.len()] as char).collect()
}

/// `metav1.NewControllerRef`: the owner reference a controller puts on what it creates.
pub fn controller_ref(api_version: &str, kind: &str, owner: &ObjectMeta) -> OwnerReference {
    OwnerReference {
        api_version: api_version.into(),
        kind: kind.into(),
        name: owner.name.clone(),
        uid: owner.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }
}

/// `ListControllerRevisions` filtered to those `owner_uid` controls, oldest revision first.
pub fn owned_revisions(cluster: &Cluster, owner_uid: &str) -> Vec<ControllerRevision> {
    let mut revisions: Vec<ControllerRevision> = cluster
        .dependents
        .get(owner_uid)
        .into_iter()
        .flatten()
        .filter(|k| k.kind == "ControllerRevision")
        .filter_map(|k| match cluster.store.get(k).map(|o| &**o) {
            Some(Object::ControllerRevision(r)) if r.metadata.controller_ref().is_some_and(|c| c.uid == owner_uid) => Some(r.clone()),
            _ => None,
        })
        .collect();
    crate::sort::sort_by_key(&mut revisions, |r| r.revision);
    revisions
}

/// The revision `wanted` describes becomes the newest of `owned`: created with the next
/// number, or, when a revision of that name exists but is older than another, re-numbered
/// (a rollback re-uses its revision, DS-19, STS-14).
pub fn ensure_newest(cluster: &mut Cluster, owned: &[ControllerRevision], mut wanted: ControllerRevision) -> Result<(), ApiError> {
    let max_revision = owned.iter().map(|r| r.revision).max().unwrap_or(0);
    match owned.iter().find(|r| r.metadata.name == wanted.metadata.name) {
        Some(existing) if existing.revision < max_revision => {
            let key = ObjectKey::new("ControllerRevision", &existing.metadata.namespace, &existing.metadata.name);
            cluster.modify(&key, |o| {
                if let Object::ControllerRevision(r) = o {
                    r.revision = max_revision + 1;
                }
            })?;
        }
        Some(_) => {}
        None => {
            wanted.revision = max_revision + 1;
            cluster.create(Object::ControllerRevision(wanted))?;
        }
    }
    Ok(())
}

/// `cleanupHistory` / `truncateHistory`: deletes the oldest of `old` (revisions no pod uses,
/// oldest first) beyond `limit`.
pub fn truncate(cluster: &mut Cluster, old: &[&ControllerRevision], limit: usize) -> Result<(), ApiError> {
    if old.len() <= limit {
        return Ok(());
    }
    let mut old = old.to_vec();
    crate::sort::sort_by_key(&mut old, |r| r.revision);
    let excess: Vec<ObjectKey> =
        old[..old.len() - limit].iter().map(|r| ObjectKey::new("ControllerRevision", &r.metadata.namespace, &r.metadata.name)).collect();
    for key in excess {
        cluster.delete(&key, None, Propagation::Background)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cluster::Config;

    fn revision(name: &str, owner: &ObjectMeta, number: i64) -> ControllerRevision {
        ControllerRevision {
            metadata: ObjectMeta {
                name: name.into(),
                namespace: "default".into(),
                owner_references: vec![controller_ref("apps/v1", "DaemonSet", owner)],
                ..Default::default()
            },
            data: None,
            revision: number,
        }
    }

    #[test]
    fn hash_is_stable_and_depends_on_template_and_collisions() {
        let a = serde_json::json!({"spec": {"containers": [{"image": "nginx:1.7.9"}]}});
        let b = serde_json::json!({"spec": {"containers": [{"image": "nginx:1.8"}]}});
        assert_eq!(compute_hash(&a, None), compute_hash(&a, None));
        assert_ne!(compute_hash(&a, None), compute_hash(&b, None));
        assert_ne!(compute_hash(&a, Some(0)), compute_hash(&a, Some(1)));
        let hash = compute_hash(&a, None);
        assert!(hash.bytes().all(|c| crate::sim::rng::NAME_ALPHABET.contains(&c)), "{hash}");
    }

    #[test]
    fn the_wanted_revision_becomes_the_newest_and_old_ones_are_truncated() {
        let mut cluster = Cluster::new(Config::default());
        let owner = ObjectMeta { name: "ds".into(), namespace: "default".into(), uid: "owner-uid".into(), ..Default::default() };
        for (name, number) in [("ds-a", 0), ("ds-b", 0), ("ds-a", 0)] {
            let owned = owned_revisions(&cluster, &owner.uid);
            ensure_newest(&mut cluster, &owned, revision(name, &owner, number)).unwrap();
        }
        // ds-a made 1, ds-b 2, then ds-a again: re-numbered to 3 rather than created anew.
        let owned = owned_revisions(&cluster, &owner.uid);
        let numbers: Vec<(&str, i64)> = owned.iter().map(|r| (r.metadata.name.as_str(), r.revision)).collect();
        assert_eq!(numbers, [("ds-b", 2), ("ds-a", 3)]);
        let old: Vec<&ControllerRevision> = owned.iter().filter(|r| r.metadata.name != "ds-a").collect();
        truncate(&mut cluster, &old, 1).unwrap();
        assert_eq!(owned_revisions(&cluster, &owner.uid).len(), 2, "within the limit nothing goes");
        truncate(&mut cluster, &old, 0).unwrap();
        let left: Vec<String> = owned_revisions(&cluster, &owner.uid).into_iter().map(|r| r.metadata.name).collect();
        assert_eq!(left, ["ds-a"]);
    }
}
