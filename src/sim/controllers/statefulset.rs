//! The StatefulSet controller (`pkg/controller/statefulset`). [`plan`] is
//! `updateStatefulSet` + `processReplica` + `processCondemned` + the rolling update as a pure
//! function of the pods, claims and revisions; [`execute`] is `StatefulPodControl`, the one
//! place that creates, deletes or updates pods and claims. STS- rules are cited inline.

use crate::sim::cluster::{Cluster, Task};
use crate::sim::controllers::history::{self, compute_hash};
use crate::sim::controllers::workqueue::RateLimiter;
use crate::sim::objects::apps::ControllerRevision;
use crate::sim::objects::codec::Encode;
use crate::sim::objects::pod::{ClaimVolumeSource, PodTemplateSpec, Volume};
use crate::sim::objects::storage::{StatefulSet, StatefulSetStatus};
use crate::sim::objects::{Object, ObjectMeta, OwnerReference, PersistentVolumeClaim, Pod};
use crate::sim::store::{ApiError, ObjectKey, Propagation, WatchEvent, WatchEventType};
use crate::sim::time::{Millis, SECOND};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// From a watch event to the controller's sync of the StatefulSet (as the DaemonSet's).
pub const WATCH_LATENCY_MS: Millis = 15;
pub const CONTROLLER: &str = "statefulset-controller";
/// STS-02 labels.
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";
pub const REVISION_HASH_LABEL: &str = "controller-revision-hash";
/// STS-03: the label on a ControllerRevision.
pub const CONTROLLER_REVISION_HASH_LABEL: &str = "controller.kubernetes.io/hash";

#[derive(Clone, Debug, Default)]
pub struct StatefulSetState {
    /// The template hash per StatefulSet uid, for the generation it was computed at.
    hashes: history::HashCache,
    /// The workqueue's error policy: a failed sync is retried with back-off.
    pub queue: RateLimiter,
    /// Whether the periodic resync is queued (armed by the first StatefulSet).
    resync_armed: bool,
}

/// `statefulSetResyncPeriod`: the informer re-delivers every StatefulSet, and the update
/// handler enqueues each, so a set that a failed write or a vanished obstacle left idle is
/// looked at again.
pub const RESYNC_PERIOD_MS: Millis = 30 * SECOND;

impl StatefulSetState {
    /// What the controller caches, by uid and by `namespace/name` (for the invariant checker).
    pub fn cached_uids(&self) -> impl Iterator<Item = &str> {
        self.hashes.uids()
    }

    pub fn cached_keys(&self) -> impl Iterator<Item = &str> {
        self.queue.keys()
    }
}

// ---- informers ---------------------------------------------------------------------------

pub fn enqueue(cluster: &mut Cluster, namespace: &str, name: &str, delay: Millis) {
    cluster.schedule(delay, Task::SyncStatefulSet { namespace: namespace.into(), name: name.into() });
}

pub fn on_pod_event(cluster: &mut Cluster, event: &WatchEvent) {
    let meta = event.object.meta();
    if let Some(owner) = meta.controller_ref().filter(|r| r.kind == "StatefulSet") {
        let (namespace, name) = (meta.namespace.clone(), owner.name.clone());
        enqueue(cluster, &namespace, &name, WATCH_LATENCY_MS);
    }
}

/// The periodic resync: every StatefulSet is synced; the resync stays armed while any exists.
pub fn resync(cluster: &mut Cluster) {
    let sets: Vec<(String, String)> =
        cluster.store.list("StatefulSet").map(|s| (s.namespace().to_string(), s.name().to_string())).collect();
    cluster.statefulsets.resync_armed = !sets.is_empty();
    for (namespace, name) in &sets {
        sync(cluster, namespace, name);
    }
    if cluster.statefulsets.resync_armed {
        cluster.schedule(RESYNC_PERIOD_MS, Task::StatefulSetResync);
    }
}

pub fn on_statefulset_event(cluster: &mut Cluster, event: &WatchEvent) {
    if !cluster.statefulsets.resync_armed && event.type_ != WatchEventType::Deleted {
        cluster.statefulsets.resync_armed = true;
        cluster.schedule(RESYNC_PERIOD_MS, Task::StatefulSetResync);
    }
    if event.type_ == WatchEventType::Deleted {
        let uid = event.object.meta().uid.clone();
        cluster.statefulsets.hashes.forget(&uid);
        let key = format!("{}/{}", event.object.namespace(), event.object.name());
        cluster.statefulsets.queue.forget(&key);
        return;
    }
    let (namespace, name) = (event.object.namespace().to_string(), event.object.name().to_string());
    enqueue(cluster, &namespace, &name, WATCH_LATENCY_MS);
}

/// A claim that goes away (or starts terminating) may unblock a stale-claim wait (STS-25) or
/// need re-creating (processReplica step c): re-sync the StatefulSets that name it.
pub fn on_claim_event(cluster: &mut Cluster, event: &WatchEvent) {
    if event.type_ == WatchEventType::Added {
        return;
    }
    let namespace = event.object.namespace().to_string();
    let claim = event.object.name().to_string();
    let owners: Vec<String> = cluster
        .store
        .list_in("StatefulSet", &namespace)
        .filter(|s| claim_belongs_to(&claim, s.name()))
        .map(|s| s.name().to_string())
        .collect();
    for name in owners {
        enqueue(cluster, &namespace, &name, WATCH_LATENCY_MS);
    }
}

/// Whether `claim` has the shape `<template>-<set>-<ordinal>` for this set (STS-22).
fn claim_belongs_to(claim: &str, set: &str) -> bool {
    match parent_and_ordinal(claim) {
        Some((parent, _)) => parent.ends_with(&format!("-{set}")),
        None => false,
    }
}

// ---- pure helpers (`stateful_set_utils.go`) -------------------------------------------------

/// STS-01 `getParentNameAndOrdinal`: `^(.*)-([0-9]+)$`, or None (ordinal −1: ignored).
pub fn parent_and_ordinal(name: &str) -> Option<(&str, i64)> {
    let (parent, digits) = name.rsplit_once('-')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ordinal: i64 = digits.parse().ok().filter(|o: &i64| *o <= i32::MAX as i64)?;
    Some((parent, ordinal))
}

pub fn pod_name(set: &str, ordinal: i64) -> String {
    format!("{set}-{ordinal}")
}

/// STS-22 `getPersistentVolumeClaimName`.
pub fn claim_name(template: &str, set: &str, ordinal: i64) -> String {
    format!("{template}-{set}-{ordinal}")
}

fn is_created(pod: &Pod) -> bool {
    !pod.phase().is_empty()
}

fn is_terminating(pod: &Pod) -> bool {
    pod.metadata.is_deleting()
}

/// `isRunningAndReady`: phase Running and condition Ready=True.
pub fn is_running_and_ready(pod: &Pod) -> bool {
    pod.phase() == "Running" && pod.is_ready()
}

/// `isRunningAndAvailable`: ready for at least minReadySeconds.
pub fn is_running_and_available(pod: &Pod, min_ready_seconds: i64, now: Millis) -> bool {
    pod.phase() == "Running" && pod.is_available(min_ready_seconds, now)
}

/// `isHealthy`: running, ready and not terminating.
pub fn is_healthy(pod: &Pod) -> bool {
    is_running_and_ready(pod) && !is_terminating(pod)
}

pub fn pod_revision(pod: &Pod) -> &str {
    pod.metadata.labels.get(REVISION_HASH_LABEL).map(String::as_str).unwrap_or("")
}

/// `identityMatches` (and the pod-index label, STS-02).
fn identity_matches(set: &StatefulSet, pod: &Pod) -> bool {
    let Some((parent, ordinal)) = parent_and_ordinal(&pod.metadata.name) else { return false };
    parent == set.metadata.name
        && pod.metadata.namespace == set.metadata.namespace
        && pod.metadata.labels.get(POD_NAME_LABEL) == Some(&pod.metadata.name)
        && pod.metadata.labels.get(POD_INDEX_LABEL) == Some(&ordinal.to_string())
}

/// `storageMatches`: each claim template's volume names the pod's own claim.
fn storage_matches(set: &StatefulSet, pod: &Pod, ordinal: i64) -> bool {
    set.spec.volume_claim_templates.iter().all(|template| {
        let wanted = claim_name(&template.metadata.name, &set.metadata.name, ordinal);
        pod.spec
            .volumes
            .iter()
            .any(|v| v.name == template.metadata.name && v.persistent_volume_claim.as_ref().is_some_and(|c| c.claim_name == wanted))
    })
}

pub fn owner_reference(set: &StatefulSet) -> OwnerReference {
    history::controller_ref("apps/v1", "StatefulSet", &set.metadata)
}

/// STS-02 `newStatefulSetPod` (`initIdentity` + `updateIdentity` + `updateStorage`) at a
/// revision: the pod the controller creates for `ordinal`.
pub fn new_pod(set: &StatefulSet, template: &PodTemplateSpec, revision: &str, ordinal: i64) -> Pod {
    let name = pod_name(&set.metadata.name, ordinal);
    let mut metadata = template.metadata.clone();
    metadata.name = name.clone();
    metadata.generate_name = String::new();
    metadata.namespace = set.metadata.namespace.clone();
    metadata.owner_references = vec![owner_reference(set)];
    metadata.labels.insert(POD_NAME_LABEL.into(), name.clone());
    metadata.labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
    metadata.labels.insert(REVISION_HASH_LABEL.into(), revision.into());
    let mut spec = template.spec.clone();
    spec.hostname = Some(name);
    spec.subdomain = (!set.spec.service_name.is_empty()).then(|| set.spec.service_name.clone());
    let mut volumes: Vec<Volume> = set
        .spec
        .volume_claim_templates
        .iter()
        .map(|t| Volume {
            name: t.metadata.name.clone(),
            persistent_volume_claim: Some(ClaimVolumeSource {
                claim_name: claim_name(&t.metadata.name, &set.metadata.name, ordinal),
                read_only: None,
            }),
            ..Default::default()
        })
        .collect();
    let claimed: Vec<String> = volumes.iter().map(|v| v.name.clone()).collect();
    volumes.extend(spec.volumes.iter().filter(|v| !claimed.contains(&v.name)).cloned());
    spec.volumes = volumes;
    Pod { metadata, spec, status: None }
}

/// STS-25: the owner references a claim should carry under the retention policy, for a pod
/// with `pod_uid` (None: the pod does not exist) that is or is not condemned.
pub fn expected_claim_owners(set: &StatefulSet, pod_name: &str, pod_uid: Option<&str>, condemned: bool) -> Vec<OwnerReference> {
    let (when_deleted, when_scaled) = set.retention_deletes();
    let set_ref = OwnerReference {
        api_version: "apps/v1".into(),
        kind: "StatefulSet".into(),
        name: set.metadata.name.clone(),
        uid: set.metadata.uid.clone(),
        controller: None,
        block_owner_deletion: None,
    };
    let pod_ref = |uid: &str| OwnerReference {
        api_version: "v1".into(),
        kind: "Pod".into(),
        name: pod_name.into(),
        uid: uid.into(),
        controller: None,
        block_owner_deletion: None,
    };
    match (when_deleted, when_scaled, condemned, pod_uid) {
        (_, true, true, Some(uid)) => vec![pod_ref(uid)],
        (true, _, _, _) => vec![set_ref],
        _ => Vec::new(),
    }
}

/// What the controller knows about one claim.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClaimInfo {
    pub deleting: bool,
    pub owners: Vec<OwnerReference>,
}

/// Claims by name, for the claim templates of the ordinals in play.
pub type Claims = BTreeMap<String, ClaimInfo>;

fn claims_match_policy(set: &StatefulSet, claims: &Claims, pod: &Pod, ordinal: i64, condemned: bool) -> bool {
    let expected = expected_claim_owners(set, &pod.metadata.name, Some(&pod.metadata.uid), condemned);
    set.spec.volume_claim_templates.iter().all(|t| {
        let name = claim_name(&t.metadata.name, &set.metadata.name, ordinal);
        match claims.get(&name) {
            None => true,
            Some(info) => {
                let relevant: Vec<&OwnerReference> = info
                    .owners
                    .iter()
                    .filter(|o| (o.kind == "StatefulSet" && o.uid == set.metadata.uid) || (o.kind == "Pod" && o.name == pod.metadata.name))
                    .collect();
                relevant.len() == expected.len() && expected.iter().all(|e| relevant.iter().any(|o| o.uid == e.uid))
            }
        }
    })
}

/// `PodClaimIsStale`: a claim still owned by an earlier pod of this ordinal (STS-25).
fn claim_is_stale(set: &StatefulSet, claims: &Claims, ordinal: i64) -> bool {
    let pod = pod_name(&set.metadata.name, ordinal);
    set.spec.volume_claim_templates.iter().any(|t| {
        claims
            .get(&claim_name(&t.metadata.name, &set.metadata.name, ordinal))
            .is_some_and(|info| info.owners.iter().any(|o| o.kind == "Pod" && o.name == pod))
    })
}

fn claims_missing(set: &StatefulSet, claims: &Claims, ordinal: i64) -> bool {
    set.spec.volume_claim_templates.iter().any(|t| !claims.contains_key(&claim_name(&t.metadata.name, &set.metadata.name, ordinal)))
}

// ---- the plan ------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// `CreateStatefulPod`: claims first (STS-23), then the pod at a revision (STS-14).
    CreatePod {
        ordinal: i64,
        use_current: bool,
    },
    /// `createMissingPersistentVolumeClaims` for a Pending pod.
    CreateMissingClaims {
        ordinal: i64,
    },
    DeletePod {
        name: String,
    },
    /// `UpdateStatefulPod`: restore identity labels (STS-02).
    UpdatePod {
        name: String,
    },
    /// `UpdatePodClaimForRetentionPolicy` (STS-25).
    UpdateClaims {
        ordinal: i64,
        condemned: bool,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub actions: Vec<Action>,
    /// Whether a rolling-update delete is among the actions (status.currentReplicas−1).
    pub update_delete: bool,
}

/// The revisions a sync works with: names, and whether the pods below the partition use the
/// current one.
pub struct Revisions {
    pub current: String,
    pub update: String,
}

/// `updateStatefulSet`: everything the controller does in one sync, in order (STS-05..21).
pub fn plan(set: &StatefulSet, pods: &[&Pod], claims: &Claims, revisions: &Revisions, now: Millis) -> Plan {
    let mut plan = Plan::default();
    let start = set.start_ordinal();
    let count = set.replicas();
    let monotonic = !set.is_parallel();
    let min_ready = set.min_ready_seconds();
    let mut replicas: Vec<Option<&Pod>> = vec![None; count as usize];
    let mut condemned: Vec<(i64, &Pod)> = Vec::new();
    for pod in pods {
        let Some((_, ordinal)) = parent_and_ordinal(&pod.metadata.name) else { continue };
        if ordinal >= start && ordinal < start + count {
            replicas[(ordinal - start) as usize] = Some(pod);
        } else {
            condemned.push((ordinal, pod));
        }
    }
    crate::sort::sort_by_key(&mut condemned, |c| std::cmp::Reverse(c.0));
    // firstUnhealthyPod: the lowest replica (placeholders count), else the lowest condemned.
    let first_unhealthy: Option<i64> = replicas
        .iter()
        .enumerate()
        .find(|(_, p)| p.is_none_or(|p| !is_healthy(p)))
        .map(|(i, _)| start + i as i64)
        .or_else(|| condemned.iter().rev().find(|(_, p)| !is_healthy(p)).map(|(o, _)| *o));
    let uses_current = |index: i64| !set.is_on_delete() && index < set.partition();

    // processReplica, ascending (STS-05/07/08/09).
    for (index, slot) in replicas.iter().enumerate() {
        let ordinal = start + index as i64;
        let Some(pod) = slot else {
            if claim_is_stale(set, claims, ordinal) {
                if monotonic {
                    return plan;
                }
                continue;
            }
            plan.actions.push(Action::CreatePod { ordinal, use_current: uses_current(index as i64) });
            if monotonic {
                return plan; // STS-05: one create per sync.
            }
            continue;
        };
        if pod.is_terminal() {
            if !is_terminating(pod) {
                plan.actions.push(Action::DeletePod { name: pod.metadata.name.clone() });
                // STS-09
            }
            if monotonic {
                return plan;
            }
            continue;
        }
        if pod.phase() == "Pending" && claims_missing(set, claims, ordinal) {
            plan.actions.push(Action::CreateMissingClaims { ordinal });
        }
        if monotonic && (is_terminating(pod) || !is_running_and_ready(pod) || !is_running_and_available(pod, min_ready, now)) {
            return plan; // STS-06, STS-08
        }
        if !identity_matches(set, pod) || !storage_matches(set, pod, ordinal) {
            plan.actions.push(Action::UpdatePod { name: pod.metadata.name.clone() });
        }
        if !claims_match_policy(set, claims, pod, ordinal, false) {
            plan.actions.push(Action::UpdateClaims { ordinal, condemned: false });
        }
    }
    // Condemned pods' claims get the pod as owner before the pod goes (STS-25).
    for (ordinal, pod) in &condemned {
        if !claims_match_policy(set, claims, pod, *ordinal, true) {
            plan.actions.push(Action::UpdateClaims { ordinal: *ordinal, condemned: true });
        }
    }
    // processCondemned, descending (STS-10..13).
    for (ordinal, pod) in &condemned {
        if is_terminating(pod) {
            if monotonic {
                return plan;
            }
            continue;
        }
        let first = first_unhealthy == Some(*ordinal);
        if monotonic && !first && (!is_running_and_ready(pod) || !is_running_and_available(pod, min_ready, now)) {
            return plan; // STS-12
        }
        plan.actions.push(Action::DeletePod { name: pod.metadata.name.clone() });
        if monotonic {
            return plan;
        }
    }
    if set.is_on_delete() {
        return plan; // STS-19
    }
    // The rolling update (STS-15/16/17): highest index first, down to the partition.
    let partition = set.partition().max(0);
    for index in (partition..count).rev() {
        let Some(pod) = replicas[index as usize] else { return plan };
        if pod_revision(pod) != revisions.update && !is_terminating(pod) {
            plan.actions.push(Action::DeletePod { name: pod.metadata.name.clone() });
            plan.update_delete = true;
            return plan;
        }
        if !is_healthy(pod) {
            return plan;
        }
    }
    plan
}

/// `updateStatus` + `completeRollingUpdate` (STS-21, STS-29), over the pods the sync saw.
pub fn compute_status(set: &StatefulSet, pods: &[&Pod], revisions: &Revisions, now: Millis) -> StatefulSetStatus {
    let mut status = StatefulSetStatus {
        observed_generation: set.metadata.generation,
        current_revision: revisions.current.clone(),
        update_revision: revisions.update.clone(),
        // `updateStatefulSetStatus` always writes it (a pointer to the count, 0 at first).
        collision_count: Some(set.status.as_ref().and_then(|s| s.collision_count).unwrap_or(0)),
        ..Default::default()
    };
    for pod in pods.iter().filter(|p| parent_and_ordinal(&p.metadata.name).is_some()) {
        if is_created(pod) {
            status.replicas += 1;
        }
        if is_running_and_ready(pod) {
            status.ready_replicas += 1;
            if is_running_and_available(pod, set.min_ready_seconds(), now) {
                status.available_replicas += 1;
            }
        }
        if is_created(pod) && !is_terminating(pod) {
            if pod_revision(pod) == revisions.current {
                status.current_replicas += 1;
            }
            if pod_revision(pod) == revisions.update {
                status.updated_replicas += 1;
            }
        }
    }
    status
}

/// STS-21: against spec.replicas, so a scale-down still under way (status.replicas above it) or
/// a replica still missing (below it) does not complete the update.
fn complete_rolling_update(set: &StatefulSet, status: &mut StatefulSetStatus) {
    let desired = set.replicas();
    if !set.is_on_delete() && status.updated_replicas == desired && status.ready_replicas == desired && status.replicas == desired {
        status.current_replicas = status.updated_replicas;
        status.current_revision = status.update_revision.clone();
    }
}

// ---- revisions ---------------------------------------------------------------------------

/// The template as a ControllerRevision stores it (`{"spec":{"template":…,"$patch":"replace"}}`).
fn revision_data(template: &Value) -> Value {
    let mut template = template.clone();
    if let Some(map) = template.as_object_mut() {
        map.insert("$patch".into(), "replace".into());
    }
    serde_json::json!({ "spec": { "template": template } })
}

/// The pod template a revision recorded.
pub fn revision_template(revision: &ControllerRevision) -> Option<PodTemplateSpec> {
    let mut template = revision.data.as_ref()?.pointer("/spec/template")?.clone();
    template.as_object_mut()?.remove("$patch");
    crate::sim::objects::codec::from_value(&template).ok()
}

/// `getStatefulSetRevisions` + `truncateHistory` (STS-03, STS-14): makes sure the update
/// revision exists and is the newest, picks the current one, prunes unused old revisions
/// beyond revisionHistoryLimit. Returns the names and the current revision's template.
fn sync_revisions(
    cluster: &mut Cluster,
    set: &StatefulSet,
    template_json: &Value,
    live: &[String],
) -> Result<(Revisions, Option<PodTemplateSpec>), ApiError> {
    let hash = cluster.statefulsets.hashes.get_or_compute(&set.metadata, || {
        // `getStatefulSetRevisions` always hashes the collision count, 0 when unset.
        compute_hash(template_json, Some(set.status.as_ref().and_then(|s| s.collision_count).unwrap_or(0)))
    });
    let update = format!("{}-{}", set.metadata.name, hash);
    let owned = history::owned_revisions(cluster, &set.metadata.uid);
    let mut labels = set.spec.template.metadata.labels.clone();
    labels.insert(CONTROLLER_REVISION_HASH_LABEL.into(), hash.clone());
    let wanted = ControllerRevision {
        metadata: ObjectMeta {
            name: update.clone(),
            namespace: set.metadata.namespace.clone(),
            labels,
            owner_references: vec![owner_reference(set)],
            ..Default::default()
        },
        data: Some(revision_data(template_json)),
        revision: 0,
    };
    history::ensure_newest(cluster, &owned, wanted)?;
    let wanted_current = set.status.as_ref().map(|s| s.current_revision.clone()).unwrap_or_default();
    let current = owned.iter().find(|r| r.metadata.name == wanted_current && !wanted_current.is_empty());
    let (current_name, current_template) = match current {
        Some(r) => (r.metadata.name.clone(), revision_template(r)),
        None => (update.clone(), None),
    };
    // truncateHistory: revisions neither live, current nor update, oldest first.
    let limit = set.spec.revision_history_limit.unwrap_or(10).max(0) as usize;
    let old: Vec<&ControllerRevision> =
        owned.iter().filter(|r| r.metadata.name != update && r.metadata.name != current_name && !live.contains(&r.metadata.name)).collect();
    history::truncate(cluster, &old, limit)?;
    Ok((Revisions { current: current_name, update }, current_template))
}

// ---- the sync loop -----------------------------------------------------------------------

/// `ClaimPods` (with the `isMemberOf` filter) and `AdoptOrphanRevisions`: pods without a
/// controller that match the selector and are named `<set>-<ordinal>`, and revisions without
/// one that match the selector, get this set as their controller — a set re-created after
/// `kubectl delete --cascade=orphan` takes its pods back instead of failing to create them.
fn adopt_orphans(cluster: &mut Cluster, set: &StatefulSet) {
    let Some(selector) = set.spec.selector.as_ref() else { return };
    let member = |key: &ObjectKey| {
        key.kind == "ControllerRevision" || parent_and_ordinal(&key.name).is_some_and(|(parent, _)| parent == set.metadata.name)
    };
    let candidates: Vec<ObjectKey> = cluster
        .orphans
        .iter()
        .filter(|k| k.namespace == set.metadata.namespace && member(k))
        .filter(|k| cluster.store.get(k).is_some_and(|o| !o.meta().is_deleting() && selector.matches(&o.meta().labels)))
        .cloned()
        .collect();
    for key in candidates {
        let owner = owner_reference(set);
        let _ = cluster.modify(&key, |o| {
            if o.meta().controller_ref().is_none() {
                o.meta_mut().owner_references.push(owner);
            }
        });
    }
}

fn owned_pods(cluster: &Cluster, set: &StatefulSet) -> Vec<Arc<Object>> {
    let Some(keys) = cluster.dependents.get(&set.metadata.uid) else { return Vec::new() };
    keys.iter()
        .filter(|k| k.kind == "Pod")
        .filter_map(|k| cluster.store.get(k))
        .filter(|o| {
            o.as_pod().is_some_and(|pod| {
                pod.metadata.controller_ref().is_some_and(|r| r.uid == set.metadata.uid)
                    && parent_and_ordinal(&pod.metadata.name).is_some_and(|(parent, _)| parent == set.metadata.name)
            })
        })
        .cloned()
        .collect()
}

fn claims_for(cluster: &Cluster, set: &StatefulSet, ordinals: impl Iterator<Item = i64>) -> Claims {
    let mut claims = Claims::new();
    if set.spec.volume_claim_templates.is_empty() {
        return claims;
    }
    for ordinal in ordinals {
        for template in &set.spec.volume_claim_templates {
            let name = claim_name(&template.metadata.name, &set.metadata.name, ordinal);
            if let Some(claim) = cluster.get("PersistentVolumeClaim", &set.metadata.namespace, &name) {
                let meta = claim.meta();
                claims.insert(name, ClaimInfo { deleting: meta.is_deleting(), owners: meta.owner_references.clone() });
            }
        }
    }
    claims
}

/// The worker: `syncStatefulSet`, then the workqueue's error policy — a failed sync is
/// retried with the rate limiter's back-off (`AddRateLimited`), a clean one is forgotten.
pub fn sync(cluster: &mut Cluster, namespace: &str, name: &str) {
    let key = format!("{namespace}/{name}");
    let result = sync_statefulset(cluster, namespace, name);
    if let Some(delay) = cluster.statefulsets.queue.after_sync(&key, &result) {
        enqueue(cluster, namespace, name, delay);
    }
}

fn sync_statefulset(cluster: &mut Cluster, namespace: &str, name: &str) -> Result<(), String> {
    let Some(object) = cluster.get("StatefulSet", namespace, name).cloned() else { return Ok(()) };
    let Some(set) = object.as_statefulset().cloned() else { return Ok(()) };
    if set.metadata.is_deleting() || set.spec.selector.as_ref().is_none_or(|s| s.is_empty()) {
        return Ok(());
    }
    let now = cluster.now;
    let template_json = set.spec.template.encode();
    adopt_orphans(cluster, &set);
    let pods = owned_pods(cluster, &set);
    let pod_refs: Vec<&Pod> = pods.iter().filter_map(|p| p.as_pod()).collect();
    let live: Vec<String> = pod_refs.iter().map(|p| pod_revision(p).to_string()).collect();
    let (revisions, current_template) = sync_revisions(cluster, &set, &template_json, &live).map_err(|e| e.to_string())?;
    let ordinals = pod_refs
        .iter()
        .filter_map(|p| parent_and_ordinal(&p.metadata.name).map(|(_, o)| o))
        .chain(set.start_ordinal()..set.start_ordinal() + set.replicas());
    let claims = claims_for(cluster, &set, ordinals);
    let decided = plan(&set, &pod_refs, &claims, &revisions, now);
    let current_template = current_template.unwrap_or_else(|| set.spec.template.clone());
    let executed = execute(cluster, &object, &set, &decided, &revisions, &current_template);

    // `updateStatefulSetStatus` runs whether or not a write failed.
    let mut status = compute_status(&set, &pod_refs, &revisions, now);
    if decided.update_delete {
        status.current_replicas -= 1;
    }
    complete_rolling_update(&set, &mut status);
    let (ready, available) = (status.ready_replicas, status.available_replicas);
    let mut status_written = Ok(());
    if set.status.as_ref() != Some(&status) {
        status_written = cluster
            .modify(&ObjectKey::of(&object), |o| {
                if let Object::StatefulSet(s) = o {
                    s.status = Some(status);
                }
            })
            .map(|_| ())
            .map_err(|e| e.to_string());
    }
    if set.min_ready_seconds() > 0 && ready != available {
        enqueue(cluster, namespace, name, set.min_ready_seconds() * SECOND);
    }
    executed.and(status_written)
}

fn record(cluster: &mut Cluster, set: &Object, type_: &str, reason: &str, message: &str) {
    cluster.record_event(set, type_, reason, message, CONTROLLER, "");
}

/// `StatefulPodControl`: carries out the plan in order, stopping at the first failure.
pub fn execute(
    cluster: &mut Cluster,
    object: &Object,
    set: &StatefulSet,
    plan: &Plan,
    revisions: &Revisions,
    current_template: &PodTemplateSpec,
) -> Result<(), String> {
    let set_name = set.metadata.name.clone();
    for action in &plan.actions {
        let done: Result<(), String> = match action {
            Action::CreatePod { ordinal, use_current } => {
                let (template, revision) = if *use_current {
                    (current_template, revisions.current.as_str())
                } else {
                    (&set.spec.template, revisions.update.as_str())
                };
                let pod = new_pod(set, template, revision, *ordinal);
                crate::sim::invariants::note_ordered_ready_create(cluster, set, *ordinal);
                create_stateful_pod(cluster, object, set, pod, *ordinal)
            }
            Action::CreateMissingClaims { ordinal } => {
                let pod = pod_name(&set_name, *ordinal);
                let uid = cluster.get("Pod", &set.metadata.namespace, &pod).map(|p| p.meta().uid.clone());
                create_claims(cluster, object, set, *ordinal, uid.as_deref())
            }
            Action::DeletePod { name } => {
                let key = ObjectKey::new("Pod", &set.metadata.namespace, name);
                match cluster.delete(&key, None, Propagation::Background) {
                    Ok(_) => {
                        record(
                            cluster,
                            object,
                            "Normal",
                            "SuccessfulDelete",
                            &format!("delete Pod {name} in StatefulSet {set_name} successful"),
                        );
                        Ok(())
                    }
                    Err(error) => {
                        let message = format!("delete Pod {name} in StatefulSet {set_name} failed error: {error}");
                        record(cluster, object, "Warning", "FailedDelete", &message);
                        Err(error.to_string())
                    }
                }
            }
            Action::UpdatePod { name } => {
                let key = ObjectKey::new("Pod", &set.metadata.namespace, name);
                let ordinal = parent_and_ordinal(name).map(|(_, o)| o).unwrap_or(0);
                let result = cluster.modify(&key, |o| {
                    if let Object::Pod(p) = o {
                        p.metadata.labels.insert(POD_NAME_LABEL.into(), p.metadata.name.clone());
                        p.metadata.labels.insert(POD_INDEX_LABEL.into(), ordinal.to_string());
                    }
                });
                match result {
                    Ok(_) => {
                        record(
                            cluster,
                            object,
                            "Normal",
                            "SuccessfulUpdate",
                            &format!("update Pod {name} in StatefulSet {set_name} successful"),
                        );
                        Ok(())
                    }
                    Err(error) => {
                        let message = format!("update Pod {name} in StatefulSet {set_name} failed error: {error}");
                        record(cluster, object, "Warning", "FailedUpdate", &message);
                        Err(error.to_string())
                    }
                }
            }
            Action::UpdateClaims { ordinal, condemned } => {
                let pod = pod_name(&set_name, *ordinal);
                let uid = cluster.get("Pod", &set.metadata.namespace, &pod).map(|p| p.meta().uid.clone());
                let expected = expected_claim_owners(set, &pod, uid.as_deref(), *condemned);
                for template in &set.spec.volume_claim_templates {
                    let claim = claim_name(&template.metadata.name, &set_name, *ordinal);
                    let key = ObjectKey::new("PersistentVolumeClaim", &set.metadata.namespace, &claim);
                    let (set_uid, pod_name) = (set.metadata.uid.clone(), pod.clone());
                    let expected = expected.clone();
                    cluster
                        .modify(&key, move |o| {
                            let owners = &mut o.meta_mut().owner_references;
                            owners.retain(|r| !((r.kind == "StatefulSet" && r.uid == set_uid) || (r.kind == "Pod" && r.name == pod_name)));
                            owners.extend(expected);
                        })
                        .map_err(|e| e.to_string())?;
                }
                Ok(())
            }
        };
        // The control stops at the first failure; the sync's error requeues the set.
        done?;
    }
    Ok(())
}

/// STS-23 `createPersistentVolumeClaims`: each missing claim is created (event "… success");
/// an existing one is reused; one being deleted is an error.
fn create_claims(cluster: &mut Cluster, object: &Object, set: &StatefulSet, ordinal: i64, pod_uid: Option<&str>) -> Result<(), String> {
    let pod = pod_name(&set.metadata.name, ordinal);
    let selector_labels = set.spec.selector.as_ref().map(|s| s.match_labels.clone()).unwrap_or_default();
    for template in &set.spec.volume_claim_templates {
        let name = claim_name(&template.metadata.name, &set.metadata.name, ordinal);
        if let Some(existing) = cluster.get("PersistentVolumeClaim", &set.metadata.namespace, &name) {
            if existing.meta().is_deleting() {
                return Err(format!("pvc {name} is being deleted"));
            }
            continue;
        }
        let mut labels = template.metadata.labels.clone();
        labels.extend(selector_labels.clone());
        let metadata = ObjectMeta {
            name: name.clone(),
            namespace: set.metadata.namespace.clone(),
            labels,
            annotations: template.metadata.annotations.clone(),
            owner_references: expected_claim_owners(set, &pod, pod_uid, false),
            ..Default::default()
        };
        let claim = Object::PersistentVolumeClaim(PersistentVolumeClaim { metadata, spec: template.spec.clone(), status: None });
        match cluster.create_admitted(claim) {
            Ok(_) => {
                let message = format!("create Claim {name} Pod {pod} in StatefulSet {} success", set.metadata.name);
                record(cluster, object, "Normal", "SuccessfulCreate", &message);
            }
            Err(error) => {
                let message = format!("create Claim {name} for Pod {pod} in StatefulSet {} failed error: {error}", set.metadata.name);
                record(cluster, object, "Warning", "FailedCreate", &message);
                return Err(error.to_string());
            }
        }
    }
    Ok(())
}

/// `CreateStatefulPod`: claims, then the pod (EV-04 wording).
fn create_stateful_pod(cluster: &mut Cluster, object: &Object, set: &StatefulSet, pod: Pod, ordinal: i64) -> Result<(), String> {
    let name = pod.metadata.name.clone();
    let set_name = set.metadata.name.clone();
    if let Err(error) = create_claims(cluster, object, set, ordinal, None) {
        let message = format!("create Pod {name} in StatefulSet {set_name} failed error: {error}");
        record(cluster, object, "Warning", "FailedCreate", &message);
        return Err(error);
    }
    match cluster.create_admitted(Object::Pod(pod)) {
        Ok(_) => {
            record(cluster, object, "Normal", "SuccessfulCreate", &format!("create Pod {name} in StatefulSet {set_name} successful"));
            Ok(())
        }
        Err(error) => {
            let message = format!("create Pod {name} in StatefulSet {set_name} failed error: {error}");
            record(cluster, object, "Warning", "FailedCreate", &message);
            Err(error.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sts01_ordinals_parse_like_the_controller() {
        assert_eq!(parent_and_ordinal("web-0"), Some(("web", 0)));
        assert_eq!(parent_and_ordinal("my-web-12"), Some(("my-web", 12)));
        assert_eq!(parent_and_ordinal("web"), None);
        assert_eq!(parent_and_ordinal("web-x1"), None);
        assert_eq!(parent_and_ordinal("web-99999999999"), None);
        assert_eq!(claim_name("www", "web", 1), "www-web-1");
        assert!(claim_belongs_to("www-web-1", "web"));
        assert!(!claim_belongs_to("www-webby-1", "web"));
    }
}

#[cfg(test)]
#[path = "statefulset_tests.rs"]
mod decision_tests;
