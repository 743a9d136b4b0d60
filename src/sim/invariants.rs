//! Invariants of the simulated cluster, checked after every task of the task loop when
//! [`Config::check_invariants`](crate::sim::cluster::Config) is set (the default in debug
//! builds and tests; `kubarium run --check` in release).
//!
//! [`check`] looks at the state: controller guarantees (DS-21/36, STS-32, PV-09, NODE-10), the
//! cluster's own indexes against a recount from the store, the task queue's bookkeeping and
//! resourceVersion order. Two transition invariants are checked at the moment of the write,
//! by the controllers calling [`note_ordered_ready_create`] and [`note_daemonset_delete`]; what
//! they find is reported by the next [`check`], so every violation names the task that ran.

use crate::sim::cluster::{Cluster, Task};
use crate::sim::controllers::{daemonset, pod_gc, scheduler, statefulset};
use crate::sim::objects::codec::Encode;
use crate::sim::objects::{DaemonSet, Object, Pod};
use crate::sim::store::{ObjectKey, WatchEvent, WatchEventType};
use crate::sim::time::Millis;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Which invariant broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invariant {
    /// At most one live DaemonSet pod per node per DaemonSet (two while surging, DS-36).
    DaemonSetPodsPerNode,
    /// Never two live pods of one StatefulSet with one ordinal (STS-32).
    StatefulSetOrdinal,
    /// A Bound claim names a volume whose claimRef is that claim (PV-09).
    ClaimBinding,
    /// No volume is named by two Bound claims (PV-07, PV-09).
    VolumeClaimedTwice,
    /// A pod is bound to an existing node, or to one gone for less than PodGC needs (NODE-10).
    PodOnMissingNode,
    /// A cluster index differs from a recount from the store.
    Index,
    /// The task queue's bookkeeping, or a task naming nothing.
    Queue,
    /// resourceVersions did not strictly increase.
    ResourceVersion,
    /// OrderedReady created pod N+1 while one of 0..N was not Running and Ready (STS-05).
    OrderedReadyCreate,
    /// A rolling update with maxUnavailable 0 deleted a node's last available pod (DS-36).
    DaemonSetLastAvailable,
    /// A controller's cache (template hashes, expectations, back-off, its workqueue's failure
    /// counts) holds an entry for an object that is gone.
    Cache,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub invariant: Invariant,
    pub detail: String,
}

impl Violation {
    fn new(invariant: Invariant, detail: impl Into<String>) -> Violation {
        Violation { invariant, detail: detail.into() }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.invariant, self.detail)
    }
}

impl std::error::Error for Violation {}

/// What the checker remembers between tasks (kept in the cluster, so a checkpoint carries it).
#[derive(Clone, Debug, Default)]
pub struct CheckerState {
    /// Keys and uids of objects deleted so far: a task may still name them (a no-op sync).
    tombstones: BTreeSet<ObjectKey>,
    tombstone_uids: BTreeSet<String>,
    /// Claims and volumes named by a volume's claimRef or a claim's volumeName (PV-08
    /// pre-binding): the PV controller syncs them whether or not they exist.
    referenced: BTreeSet<ObjectKey>,
    /// When each node object was last deleted (NODE-10: PodGC's quarantine runs from there).
    node_gone_at: BTreeMap<String, Millis>,
    /// The store's resourceVersion counter, and how much of the history, at the last check.
    last_resource_version: u64,
    history_checked: usize,
    /// A transition violation seen at a write of the running task.
    transition: Option<Violation>,
    /// Tasks run with checking on.
    pub tasks_checked: u64,
}

// ---- hooks called by the cluster and the controllers --------------------------------------

/// Keeps the checker's memory from a watch event (called for every event when checking).
pub(crate) fn observe_event(state: &mut CheckerState, event: &WatchEvent) {
    let object = &*event.object;
    if event.type_ == WatchEventType::Deleted {
        state.tombstones.insert(ObjectKey::of(object));
        state.tombstone_uids.insert(object.meta().uid.clone());
    }
    match object {
        Object::Node(node) => {
            if event.type_ == WatchEventType::Deleted {
                state.node_gone_at.insert(node.metadata.name.clone(), event.at);
            } else {
                state.node_gone_at.remove(&node.metadata.name);
            }
        }
        Object::PersistentVolumeClaim(claim) if !claim.volume_name().is_empty() => {
            state.referenced.insert(ObjectKey::new("PersistentVolume", "", claim.volume_name()));
        }
        Object::PersistentVolume(volume) => {
            if let Some(r) = &volume.spec.claim_ref {
                state.referenced.insert(ObjectKey::new("PersistentVolumeClaim", &r.namespace, &r.name));
            }
        }
        _ => {}
    }
}

fn record(cluster: &mut Cluster, violation: Violation) {
    if cluster.invariants.transition.is_none() {
        cluster.invariants.transition = Some(violation);
    }
}

/// STS-05: under OrderedReady, the controller creates the pod with `ordinal` only while every
/// lower ordinal (from `.spec.ordinals.start`) has a pod that is Running, Ready and not
/// terminating. Called just before the create.
pub fn note_ordered_ready_create(cluster: &mut Cluster, set: &crate::sim::objects::storage::StatefulSet, ordinal: i64) {
    if !enabled(cluster) || set.is_parallel() {
        return;
    }
    for lower in set.start_ordinal()..ordinal {
        let name = statefulset::pod_name(&set.metadata.name, lower);
        let pod = cluster.get("Pod", &set.metadata.namespace, &name).and_then(|p| p.as_pod());
        let healthy = pod.is_some_and(statefulset::is_healthy);
        if !healthy {
            let state = match pod {
                None => "missing".to_string(),
                Some(p) if p.metadata.is_deleting() => "terminating".to_string(),
                Some(p) => format!("phase {:?}, ready {}", p.phase(), p.is_ready()),
            };
            let detail = format!(
                "StatefulSet {}/{} (OrderedReady) creates {} while {name} is {state}",
                set.metadata.namespace,
                set.metadata.name,
                statefulset::pod_name(&set.metadata.name, ordinal)
            );
            record(cluster, Violation::new(Invariant::OrderedReadyCreate, detail));
            return;
        }
    }
}

/// DS-36: during a rolling update with maxUnavailable 0 (so maxSurge > 0), the controller
/// deletes an available pod on a node that should keep running the daemon only while another
/// live pod of the DaemonSet on that node is available. Called just before the delete.
///
/// Not covered, as upstream does the same: the surge branch of `podsShouldBeOnNode` prunes
/// excess pods keeping the *oldest* old and the oldest new pod, whether or not they are the
/// available ones; and nodes that stop being eligible (DS-21 `!shouldContinueRunning`).
pub fn note_daemonset_delete(cluster: &mut Cluster, ds: &DaemonSet, pod_name: &str) {
    if !enabled(cluster) || ds.is_on_delete() || !daemonset::allows_surge(ds) {
        return;
    }
    let rolling = ds.spec.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref());
    if !rolling.and_then(|r| r.max_unavailable.as_ref()).is_some_and(|v| v.is_zero()) {
        return;
    }
    let (now, min_ready) = (cluster.now, ds.min_ready_seconds());
    let Some(pod) = cluster.get("Pod", &ds.metadata.namespace, pod_name).and_then(|p| p.as_pod()) else { return };
    if pod.metadata.is_deleting() || !pod.is_available(min_ready, now) {
        return;
    }
    let Some(node_name) = daemonset::target_node_name(pod) else { return };
    let Some(node) = cluster.get("Node", "", node_name).and_then(|n| n.as_node()) else { return };
    if !daemonset::node_should_run_daemon_pod(node, ds).1 {
        return;
    }
    let on_node: Vec<Pod> = cluster
        .pods_on_node(node_name)
        .iter()
        .filter_map(|o| o.as_pod())
        .filter(|p| p.metadata.name != pod_name && p.metadata.controller_ref().is_some_and(|r| r.uid == ds.metadata.uid))
        .filter(|p| !p.metadata.is_deleting() && !p.is_terminal())
        .cloned()
        .collect();
    // The surge prune (see above): a pod with an older sibling of its own kind (both of the
    // current template, or both not) is an excess pod, deleted whether or not it is available.
    let hash =
        crate::sim::controllers::history::compute_hash(&ds.spec.template.encode(), ds.status.as_ref().and_then(|s| s.collision_count));
    let is_new = |p: &Pod| daemonset::is_pod_updated(p, &hash, ds.template_generation());
    let older = |p: &Pod| (&p.metadata.creation_timestamp, &p.metadata.name) < (&pod.metadata.creation_timestamp, &pod.metadata.name);
    if on_node.iter().any(|p| is_new(p) == is_new(pod) && older(p)) {
        return;
    }
    let sibling_available = on_node.iter().any(|p| p.is_available(min_ready, now));
    if !sibling_available {
        let detail = format!(
            "DaemonSet {}/{} (maxUnavailable 0) deletes {pod_name}, the last available pod on {node_name}",
            ds.metadata.namespace, ds.metadata.name
        );
        record(cluster, Violation::new(Invariant::DaemonSetLastAvailable, detail));
    }
}

/// Runs [`check`] after `task` and panics with the seed, the simulated time, the task and
/// what broke. Then remembers what the next check compares against.
/// Whether this build carries the checker: every native build and every debug build does;
/// the page's release bundle does not (nothing there turns it on, and it is ~10 KB of gzip).
pub const BUILT: bool = cfg!(any(not(target_arch = "wasm32"), debug_assertions));

/// Whether the checker runs for this cluster.
pub fn enabled(cluster: &Cluster) -> bool {
    BUILT && cluster.config.check_invariants
}

pub(crate) fn after_task(cluster: &mut Cluster, task: &Task) {
    cluster.invariants.tasks_checked += 1;
    if let Err(violation) = check(cluster) {
        panic!("invariant violated after task {task} at {} (seed {}): {violation}", seconds(cluster.now), cluster.config.seed);
    }
    cluster.invariants.last_resource_version = cluster.store.resource_version_counter();
    cluster.invariants.history_checked = cluster.history.len();
}

fn seconds(ms: Millis) -> String {
    let text = format!("{}.{:03}", ms.div_euclid(1000), ms.rem_euclid(1000));
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}s")
}

// ---- the check ----------------------------------------------------------------------------

/// Every state invariant, plus any transition violation recorded during the last task.
pub fn check(cluster: &Cluster) -> Result<(), Violation> {
    if let Some(violation) = &cluster.invariants.transition {
        return Err(violation.clone());
    }
    let recount = Recount::of(cluster)?;
    check_indexes(cluster, &recount)?;
    check_daemonsets(cluster, &recount)?;
    check_statefulsets(&recount)?;
    check_volumes(&recount)?;
    check_pods_on_missing_nodes(cluster, &recount)?;
    check_caches(cluster)?;
    check_queue(cluster)
}

/// At most one cache entry per live object: what the DaemonSet and StatefulSet controllers
/// keep by uid or by `namespace/name` names an object in the store (a deletion clears it).
fn check_caches(cluster: &Cluster) -> Result<(), Violation> {
    let live = |kind: &str| -> (BTreeSet<String>, BTreeSet<String>) {
        let objects = cluster.store.list(kind);
        objects.map(|o| (o.meta().uid.clone(), format!("{}/{}", o.namespace(), o.name()))).unzip()
    };
    let caches = [
        ("DaemonSet", cluster.daemonsets.cached_uids().collect::<Vec<_>>(), cluster.daemonsets.cached_keys().collect::<Vec<_>>()),
        ("StatefulSet", cluster.statefulsets.cached_uids().collect(), cluster.statefulsets.cached_keys().collect()),
    ];
    for (kind, uids, keys) in caches {
        let (live_uids, live_keys) = live(kind);
        if let Some(uid) = uids.iter().find(|u| !live_uids.contains(**u)) {
            return Err(Violation::new(Invariant::Cache, format!("the {kind} controller caches uid {uid}, which is gone")));
        }
        if let Some(key) = keys.iter().find(|k| !live_keys.contains(**k)) {
            return Err(Violation::new(Invariant::Cache, format!("the {kind} controller caches {key}, which is gone")));
        }
    }
    Ok(())
}

/// An object key borrowed from the store: (kind, namespace, name), ordered as [`ObjectKey`].
type KeyRef<'a> = (&'a str, &'a str, &'a str);

fn key_ref(object: &Object) -> KeyRef<'_> {
    (object.kind(), object.namespace(), object.name())
}

fn as_ref(key: &ObjectKey) -> KeyRef<'_> {
    (key.kind.as_str(), key.namespace.as_str(), key.name.as_str())
}

fn show(key: KeyRef) -> String {
    ObjectKey::new(key.0, key.1, key.2).to_string()
}

/// One pass over the store: everything the checks compare against.
#[derive(Default)]
struct Recount<'a> {
    pods_by_node: BTreeMap<&'a str, BTreeSet<KeyRef<'a>>>,
    orphans: BTreeSet<KeyRef<'a>>,
    dependents: BTreeMap<&'a str, BTreeSet<KeyRef<'a>>>,
    nodes: usize,
    usage: BTreeMap<&'a str, scheduler::NodeUsage>,
    accounted: BTreeSet<&'a str>,
    /// Live pods by (DaemonSet uid, target node).
    daemon_pods: BTreeMap<(&'a str, &'a str), Vec<&'a Pod>>,
    /// Live pods by (StatefulSet uid, ordinal).
    stateful_pods: BTreeMap<(&'a str, i64), Vec<&'a Pod>>,
    /// Bound claims: (namespace, name, uid, volumeName).
    bound_claims: Vec<(&'a str, &'a str, &'a str, &'a str)>,
    /// Volumes by name: their claimRef (namespace, name, uid).
    volumes: BTreeMap<&'a str, Option<(&'a str, &'a str, &'a str)>>,
    bound_pods: Vec<&'a Pod>,
}

impl<'a> Recount<'a> {
    fn of(cluster: &'a Cluster) -> Result<Recount<'a>, Violation> {
        let mut recount = Recount::default();
        let counter = cluster.store.resource_version_counter();
        let last = cluster.invariants.last_resource_version;
        if counter < last {
            return Err(Violation::new(Invariant::ResourceVersion, format!("the store's counter went back from {last} to {counter}")));
        }
        let mut versions = Vec::with_capacity(cluster.store.len());
        for object in cluster.store.iter() {
            let meta = object.meta();
            let key = key_ref(object);
            // Every write takes the next resourceVersion: none ahead of the counter (all
            // distinct, checked below).
            match meta.resource_version.parse::<u64>() {
                Ok(rv) if rv <= counter => versions.push((rv, key)),
                _ => {
                    let detail = format!("{} has resourceVersion {:?}, counter {counter}", show(key), meta.resource_version);
                    return Err(Violation::new(Invariant::ResourceVersion, detail));
                }
            }
            for owner in &meta.owner_references {
                recount.dependents.entry(owner.uid.as_str()).or_default().insert(key);
            }
            match &**object {
                Object::Pod(pod) => recount.add_pod(key, pod),
                Object::ControllerRevision(_) if meta.controller_ref().is_none() => {
                    recount.orphans.insert(key);
                }
                Object::Node(_) => recount.nodes += 1,
                Object::PersistentVolumeClaim(claim) if claim.is_bound() => {
                    recount.bound_claims.push((meta.namespace.as_str(), meta.name.as_str(), meta.uid.as_str(), claim.volume_name()));
                }
                Object::PersistentVolume(volume) => {
                    let reference = volume.spec.claim_ref.as_ref().map(|r| (r.namespace.as_str(), r.name.as_str(), r.uid.as_str()));
                    recount.volumes.insert(meta.name.as_str(), reference);
                }
                _ => {}
            }
        }
        versions.sort_unstable();
        if let Some(pair) = versions.windows(2).find(|w| w[0].0 == w[1].0) {
            let detail = format!("{} and {} share resourceVersion {}", show(pair[0].1), show(pair[1].1), pair[0].0);
            return Err(Violation::new(Invariant::ResourceVersion, detail));
        }
        // The watch events since the last check carry strictly increasing resourceVersions.
        if cluster.config.record_history {
            let mut previous = last;
            // By index: `iter().skip(n)` steps through the n events already checked, which made
            // the checker quadratic in the history (a fuzzed script with a failing readiness
            // probe took seconds per command).
            for index in cluster.invariants.history_checked..cluster.history.len() {
                let event = &cluster.history[index];
                let rv = event.object.meta().resource_version.parse::<u64>().unwrap_or(0);
                if rv <= previous {
                    let detail = format!(
                        "{} event for {} has resourceVersion {rv}, not above {previous}",
                        event.type_.as_str(),
                        ObjectKey::of(&event.object)
                    );
                    return Err(Violation::new(Invariant::ResourceVersion, detail));
                }
                previous = rv;
            }
        }
        Ok(recount)
    }

    fn add_pod(&mut self, key: KeyRef<'a>, pod: &'a Pod) {
        let meta = &pod.metadata;
        if !pod.spec.node_name.is_empty() {
            self.pods_by_node.entry(pod.spec.node_name.as_str()).or_default().insert(key);
            self.bound_pods.push(pod);
            if !pod.is_terminal() {
                let total = self.usage.entry(pod.spec.node_name.as_str()).or_default();
                let share = scheduler::pod_share(pod);
                total.cpu += share.cpu;
                total.memory += share.memory;
                total.pods += share.pods;
                total.nonzero_cpu += share.nonzero_cpu;
                total.nonzero_memory += share.nonzero_memory;
                self.accounted.insert(meta.uid.as_str());
            }
        }
        let Some(controller) = meta.controller_ref() else {
            self.orphans.insert(key);
            return;
        };
        if meta.is_deleting() {
            return;
        }
        match controller.kind.as_str() {
            "DaemonSet" => {
                if let Some(node) = daemonset::target_node_name(pod) {
                    self.daemon_pods.entry((controller.uid.as_str(), node)).or_default().push(pod);
                }
            }
            "StatefulSet" => {
                let ordinal = statefulset::parent_and_ordinal(&meta.name)
                    .filter(|(parent, _)| *parent == controller.name)
                    .map(|(_, o)| o)
                    .or_else(|| meta.labels.get(statefulset::POD_INDEX_LABEL).and_then(|l| l.parse().ok()));
                if let Some(ordinal) = ordinal {
                    self.stateful_pods.entry((controller.uid.as_str(), ordinal)).or_default().push(pod);
                }
            }
            _ => {}
        }
    }
}

fn index_error(index: &str, detail: String) -> Violation {
    Violation::new(Invariant::Index, format!("{index}: {detail}"))
}

/// Compares an index keyed by name with its recount, ignoring emptied entries the index keeps.
fn compare_index(
    index: &str,
    kept: &BTreeMap<String, BTreeSet<ObjectKey>>,
    recount: &BTreeMap<&str, BTreeSet<KeyRef>>,
) -> Result<(), Violation> {
    let kept_entries = kept.iter().filter(|(_, set)| !set.is_empty());
    let same =
        kept_entries.clone().map(|(name, set)| (name.as_str(), set)).zip(recount.iter()).all(|((name, set), (counted_name, counted))| {
            name == *counted_name && set.len() == counted.len() && set.iter().map(as_ref).eq(counted.iter().copied())
        });
    if same && kept_entries.count() == recount.len() {
        return Ok(());
    }
    let empty = BTreeSet::new();
    for (name, set) in kept {
        let counted = recount.get(name.as_str()).unwrap_or(&empty);
        if let Some(extra) = set.iter().find(|k| !counted.contains(&as_ref(k))) {
            return Err(index_error(index, format!("{name} lists {extra}, which the store does not")));
        }
    }
    for (name, counted) in recount {
        let listed = kept.get(*name);
        if let Some(missing) = counted.iter().find(|k| !listed.is_some_and(|l| l.contains(&ObjectKey::new(k.0, k.1, k.2)))) {
            return Err(index_error(index, format!("{name} is missing {}", show(*missing))));
        }
    }
    Err(index_error(index, "differs from a recount".into()))
}

fn check_indexes(cluster: &Cluster, recount: &Recount) -> Result<(), Violation> {
    compare_index("pods_by_node", &cluster.pods_by_node, &recount.pods_by_node)?;
    compare_index("dependents", &cluster.dependents, &recount.dependents)?;
    if !cluster.orphans.iter().map(as_ref).eq(recount.orphans.iter().copied()) {
        let extra = cluster.orphans.iter().find(|k| !recount.orphans.contains(&as_ref(k)));
        let missing = recount.orphans.iter().find(|k| !cluster.orphans.contains(&ObjectKey::new(k.0, k.1, k.2)));
        let detail = match (extra, missing) {
            (Some(k), _) => format!("lists {k}, which has a controller or is gone"),
            (None, Some(k)) => format!("is missing {}", show(*k)),
            (None, None) => "differs from a recount".into(),
        };
        return Err(index_error("orphans", detail));
    }
    if cluster.node_count() != recount.nodes {
        return Err(index_error("node_count", format!("{} but the store has {} nodes", cluster.node_count(), recount.nodes)));
    }
    // The scheduler cache: what bound, non-terminal pods request, per node.
    let zero = scheduler::NodeUsage::default();
    for (node, usage) in &cluster.scheduler.usage {
        let counted = recount.usage.get(node.as_str()).copied().unwrap_or_default();
        if *usage != counted {
            return Err(index_error("scheduler.usage", format!("{node} has {usage:?}, a recount gives {counted:?}")));
        }
    }
    for (node, counted) in &recount.usage {
        if !cluster.scheduler.usage.contains_key(*node) && *counted != zero {
            return Err(index_error("scheduler.usage", format!("{node} is missing {counted:?}")));
        }
    }
    let accounted: BTreeSet<&str> = cluster.scheduler.accounted_uids().collect();
    if accounted != recount.accounted {
        return Err(index_error(
            "scheduler.accounted",
            format!("{} pods counted, {} bound and not terminal", accounted.len(), recount.accounted.len()),
        ));
    }
    Ok(())
}

/// The objects a task names (kind, namespace, name).
fn task_objects(task: &Task) -> Vec<ObjectKey> {
    match task {
        Task::SyncDaemonSet { namespace, name } => vec![ObjectKey::new("DaemonSet", namespace, name)],
        Task::SchedulePod { namespace, name } | Task::TaintEviction { namespace, name, .. } => vec![ObjectKey::new("Pod", namespace, name)],
        Task::KubeletSyncPod { node, namespace, name }
        | Task::KubeletBackOff { node, namespace, name }
        | Task::KubeletProbe { node, namespace, name } => {
            vec![ObjectKey::new("Node", "", node), ObjectKey::new("Pod", namespace, name)]
        }
        Task::KubeletBecomesReady { node } | Task::KubeletHeartbeat { node } => vec![ObjectKey::new("Node", "", node)],
        Task::SyncStatefulSet { namespace, name } => vec![ObjectKey::new("StatefulSet", namespace, name)],
        Task::SyncClaim { namespace, name } | Task::ProvisionClaim { namespace, name } => {
            vec![ObjectKey::new("PersistentVolumeClaim", namespace, name)]
        }
        Task::SyncVolume { name } | Task::DeleteProvisionedVolume { name } | Task::FinishRecycle { name } => {
            vec![ObjectKey::new("PersistentVolume", "", name)]
        }
        Task::SyncService { namespace, name } => vec![ObjectKey::new("Service", namespace, name)],
        Task::NodeMonitor | Task::PodGc | Task::VolumeResync | Task::StatefulSetResync | Task::GarbageCollect { .. } => Vec::new(),
    }
}

fn check_queue(cluster: &Cluster) -> Result<(), Violation> {
    let queue_error = |detail: String| Err(Violation::new(Invariant::Queue, detail));
    if cluster.queue.len() != cluster.queued.len() {
        return queue_error(format!("{} tasks in the queue, {} in its index", cluster.queue.len(), cluster.queued.len()));
    }
    let state = &cluster.invariants;
    for (&(at, seq), task) in &cluster.queue {
        match cluster.queued.get(task) {
            Some(&(queued_at, queued_seq, _)) if (queued_at, queued_seq) == (at, seq) => {}
            other => return queue_error(format!("{task} sits at ({at}, {seq}) but its index says {other:?} (queued twice?)")),
        }
        for key in task_objects(task) {
            if cluster.store.get(&key).is_none() && !state.tombstones.contains(&key) && !state.referenced.contains(&key) {
                return queue_error(format!("{task} names {key}, which never existed"));
            }
        }
        if let Task::GarbageCollect { owner_uid } = task {
            if !state.tombstone_uids.contains(owner_uid) {
                return queue_error(format!("{task} names an owner that was never deleted"));
            }
        }
    }
    let work = cluster.queued.values().filter(|(_, _, work)| *work).count();
    if work != cluster.work_queued {
        return queue_error(format!("work_queued is {} but {work} queued tasks are work", cluster.work_queued));
    }
    Ok(())
}

/// DS-21: with no surge, a node keeps at most one live pod of a DaemonSet (excess pods are
/// deleted in the sync that sees them). DS-36: while surging, the old and the new pod.
///
/// Refinement: right after a user edit (metadata.generation not yet in status.observedGeneration)
/// the controller has not acted on the new spec — for example maxSurge set back to 0 with a
/// surge pod still running — so the surge bound applies until it syncs.
fn check_daemonsets(cluster: &Cluster, recount: &Recount) -> Result<(), Violation> {
    for ((uid, node), pods) in &recount.daemon_pods {
        // A node that is gone is PodGC's (NODE-10, checked by PodOnMissingNode): the DaemonSet
        // controller only manages the pods of nodes it lists.
        if pods.len() <= 1 || cluster.store.get_named("Node", "", node).is_none() {
            continue;
        }
        let reference = pods[0].metadata.controller_ref().expect("grouped by controller");
        let ds = cluster.get("DaemonSet", &pods[0].metadata.namespace, &reference.name).and_then(|d| d.as_daemonset());
        let Some(ds) = ds.filter(|d| d.metadata.uid == *uid && !d.metadata.is_deleting()) else {
            continue; // The DaemonSet is gone or going (DS-25): the garbage collector acts, not it.
        };
        let observed = ds.status.as_ref().and_then(|s| s.observed_generation) == ds.metadata.generation;
        let limit = if daemonset::allows_surge(ds) || !observed { 2 } else { 1 };
        if pods.len() > limit {
            let names: Vec<&str> = pods.iter().map(|p| p.metadata.name.as_str()).collect();
            let detail = format!(
                "DaemonSet {}/{} has {} live pods on {node} ({}), at most {limit} allowed",
                ds.metadata.namespace,
                ds.metadata.name,
                pods.len(),
                names.join(", ")
            );
            return Err(Violation::new(Invariant::DaemonSetPodsPerNode, detail));
        }
    }
    Ok(())
}

/// STS-32 (at most one pod per identity): two live pods of one set never share an ordinal.
fn check_statefulsets(recount: &Recount) -> Result<(), Violation> {
    for ((_, ordinal), pods) in &recount.stateful_pods {
        if pods.len() > 1 {
            let names: Vec<&str> = pods.iter().map(|p| p.metadata.name.as_str()).collect();
            let set = pods[0].metadata.controller_ref().map(|r| r.name.as_str()).unwrap_or("");
            let detail = format!(
                "StatefulSet {}/{set} has {} live pods with ordinal {ordinal}: {}",
                pods[0].metadata.namespace,
                pods.len(),
                names.join(", ")
            );
            return Err(Violation::new(Invariant::StatefulSetOrdinal, detail));
        }
    }
    Ok(())
}

/// PV-09: a Bound claim's volume has a claimRef naming that claim (uid included); no volume is
/// named by two Bound claims. A Bound claim whose volume vanished is not a violation: the
/// controller marks it Lost on its next sync (PV-14).
fn check_volumes(recount: &Recount) -> Result<(), Violation> {
    let mut by_volume: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for &(namespace, name, uid, volume) in &recount.bound_claims {
        by_volume.entry(volume).or_default().push((namespace, name));
        let Some(reference) = recount.volumes.get(volume) else { continue };
        if *reference != Some((namespace, name, uid)) {
            let detail = format!("claim {namespace}/{name} is Bound to {volume:?}, whose claimRef is {reference:?}");
            return Err(Violation::new(Invariant::ClaimBinding, detail));
        }
    }
    for (volume, claims) in by_volume {
        if claims.len() > 1 {
            let names: Vec<String> = claims.iter().map(|(n, c)| format!("{n}/{c}")).collect();
            return Err(Violation::new(Invariant::VolumeClaimedTwice, format!("volume {volume:?} is claimed by {}", names.join(" and "))));
        }
    }
    Ok(())
}

/// NODE-10: PodGC deletes pods bound to a node that no longer exists once it has seen them
/// orphaned for `quarantineTime`. It first sees them on its next pass (every `gcCheckPeriod`),
/// so such a pod lives at most period + quarantine after its node went (or after the pod was
/// created, if it was bound to a node already gone).
fn check_pods_on_missing_nodes(cluster: &Cluster, recount: &Recount) -> Result<(), Violation> {
    let allowed = pod_gc::GC_CHECK_PERIOD_MS + pod_gc::QUARANTINE_MS;
    for pod in &recount.bound_pods {
        let node = pod.spec.node_name.as_str();
        if cluster.store.get_named("Node", "", node).is_some() {
            continue;
        }
        let created = pod.metadata.creation_timestamp.map_or(Millis::MIN, |t| t.0);
        let gone = cluster.invariants.node_gone_at.get(node).copied().unwrap_or(Millis::MIN).max(created);
        if cluster.now.saturating_sub(gone) > allowed {
            let detail = format!(
                "pod {}/{} is bound to {node}, gone since {}, past PodGC's {}",
                pod.metadata.namespace,
                pod.metadata.name,
                seconds(gone),
                seconds(allowed)
            );
            return Err(Violation::new(Invariant::PodOnMissingNode, detail));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cluster::Config;
    use crate::sim::objects::{ObjectMeta, OwnerReference};
    use crate::sim::time::SECOND;

    fn cluster() -> Cluster {
        let mut cluster = Cluster::new(Config::default());
        cluster.settle(60 * SECOND);
        cluster
    }

    fn object(api_version: &str, kind: &str, body: serde_json::Value) -> Object {
        let serde_json::Value::Object(map) = body else { unreachable!() };
        Object::from_parts(api_version, kind, map).unwrap()
    }

    fn daemonset_cluster() -> Cluster {
        let mut cluster = cluster();
        let ds = object(
            "apps/v1",
            "DaemonSet",
            serde_json::json!({"metadata": {"name": "ds"}, "spec": {"selector": {"matchLabels": {"app": "d"}},
                "template": {"metadata": {"labels": {"app": "d"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}),
        );
        cluster.create_admitted(ds).unwrap();
        cluster.settle(60 * SECOND).expect("settles");
        assert_eq!(check(&cluster), Ok(()));
        cluster
    }

    fn expect(cluster: &Cluster, invariant: Invariant) {
        match check(cluster) {
            Err(v) if v.invariant == invariant => {}
            other => panic!("wanted {invariant:?}, got {other:?}"),
        }
    }

    fn pod_on(name: &str, node: &str, owner: Option<OwnerReference>) -> Object {
        let mut pod =
            Pod { metadata: ObjectMeta { name: name.into(), namespace: "default".into(), ..Default::default() }, ..Default::default() };
        pod.metadata.owner_references.extend(owner);
        pod.spec.node_name = node.into();
        Object::Pod(pod)
    }

    #[test]
    fn a_settled_cluster_holds_every_invariant() {
        let cluster = daemonset_cluster();
        assert!(cluster.invariants.tasks_checked > 0);
    }

    #[test]
    fn a_second_daemon_pod_on_a_node_is_caught() {
        let mut cluster = daemonset_cluster();
        let ds = cluster.get("DaemonSet", "default", "ds").unwrap().as_daemonset().unwrap().clone();
        let pod = pod_on("extra", "node-1", Some(daemonset::owner_reference(&ds)));
        cluster.create(pod).unwrap();
        expect(&cluster, Invariant::DaemonSetPodsPerNode);
    }

    #[test]
    fn two_pods_with_one_ordinal_are_caught() {
        let mut cluster = cluster();
        let owner = OwnerReference {
            api_version: "apps/v1".into(),
            kind: "StatefulSet".into(),
            name: "web".into(),
            uid: "sts-uid".into(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        };
        cluster.create(pod_on("web-0", "node-1", Some(owner.clone()))).unwrap();
        let mut twin = pod_on("web-00", "node-2", Some(owner));
        twin.meta_mut().labels.insert(statefulset::POD_INDEX_LABEL.into(), "0".into());
        cluster.create(twin).unwrap();
        expect(&cluster, Invariant::StatefulSetOrdinal);
    }

    fn claim(name: &str, volume: &str) -> Object {
        object(
            "v1",
            "PersistentVolumeClaim",
            serde_json::json!({"metadata": {"name": name, "namespace": "default"}, "spec": {"volumeName": volume,
                "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}, "status": {"phase": "Bound"}}),
        )
    }

    #[test]
    fn a_bound_claim_whose_volume_names_another_claim_is_caught() {
        let mut cluster = cluster();
        let volume = object(
            "v1",
            "PersistentVolume",
            serde_json::json!({"metadata": {"name": "pv1"}, "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                "claimRef": {"namespace": "default", "name": "other", "uid": "x"}}}),
        );
        cluster.store.create(volume, &mut cluster.rng).unwrap();
        cluster.store.create(claim("c1", "pv1"), &mut cluster.rng).unwrap();
        cluster.store.take_events();
        expect(&cluster, Invariant::ClaimBinding);
    }

    #[test]
    fn a_volume_bound_by_two_claims_is_caught() {
        let mut cluster = cluster();
        cluster.store.create(claim("c1", "gone"), &mut cluster.rng).unwrap();
        cluster.store.create(claim("c2", "gone"), &mut cluster.rng).unwrap();
        cluster.store.take_events();
        expect(&cluster, Invariant::VolumeClaimedTwice);
    }

    #[test]
    fn a_pod_left_on_a_missing_node_past_podgc_is_caught() {
        let mut cluster = cluster();
        cluster.create(pod_on("stray", "node-9", None)).unwrap();
        assert_eq!(check(&cluster), Ok(()));
        cluster.now += pod_gc::GC_CHECK_PERIOD_MS + pod_gc::QUARANTINE_MS + 1;
        expect(&cluster, Invariant::PodOnMissingNode);
    }

    #[test]
    fn corrupt_indexes_are_caught() {
        let base = daemonset_cluster();
        let mut cluster = base.clone();
        cluster.pods_by_node.entry("node-1".into()).or_default().insert(ObjectKey::new("Pod", "default", "bogus"));
        expect(&cluster, Invariant::Index);
        let mut cluster = base.clone();
        cluster.dependents.entry("nobody".into()).or_default().insert(ObjectKey::new("Pod", "default", "bogus"));
        expect(&cluster, Invariant::Index);
        let mut cluster = base.clone();
        cluster.orphans.insert(ObjectKey::new("Pod", "default", "bogus"));
        expect(&cluster, Invariant::Index);
        let mut cluster = base.clone();
        cluster.scheduler.usage.entry("node-1".into()).or_default().pods += 1;
        expect(&cluster, Invariant::Index);
    }

    #[test]
    fn queue_bookkeeping_and_tasks_naming_nothing_are_caught() {
        let base = cluster();
        let mut cluster = base.clone();
        cluster.work_queued += 1;
        expect(&cluster, Invariant::Queue);
        let mut cluster = base.clone();
        cluster.schedule(SECOND, Task::SyncDaemonSet { namespace: "default".into(), name: "never".into() });
        expect(&cluster, Invariant::Queue);
        let mut cluster = base.clone();
        let (&key, task) = cluster.queue.iter().next().map(|(k, t)| (k, t.clone())).unwrap();
        cluster.queue.insert((key.0 + 1, key.1 + 1_000_000), task);
        expect(&cluster, Invariant::Queue);
    }

    #[test]
    fn resource_versions_going_back_are_caught() {
        let base = cluster();
        let mut cluster = base.clone();
        cluster.invariants.last_resource_version = cluster.store.resource_version_counter() + 1;
        expect(&cluster, Invariant::ResourceVersion);
        // A watch event out of resourceVersion order in the history.
        let mut cluster = base.clone();
        cluster.invariants.history_checked = cluster.history.len();
        cluster.invariants.last_resource_version = cluster.store.resource_version_counter();
        let first = cluster.history[0].clone();
        cluster.history.push_back(first);
        expect(&cluster, Invariant::ResourceVersion);
    }

    #[test]
    fn ordered_ready_create_past_an_unready_pod_is_caught() {
        let mut cluster = cluster();
        let set = object(
            "apps/v1",
            "StatefulSet",
            serde_json::json!({"metadata": {"name": "web", "namespace": "default"}, "spec": {"replicas": 2,
                "selector": {"matchLabels": {"app": "w"}}, "serviceName": "web",
                "template": {"metadata": {"labels": {"app": "w"}}, "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}),
        );
        let set = set.as_statefulset().cloned().unwrap();
        note_ordered_ready_create(&mut cluster, &set, 0);
        assert_eq!(check(&cluster), Ok(()));
        note_ordered_ready_create(&mut cluster, &set, 1);
        expect(&cluster, Invariant::OrderedReadyCreate);
    }

    /// The set's rolling update: maxSurge 1, maxUnavailable 0.
    fn surge_without_unavailability(cluster: &mut Cluster) {
        let key = ObjectKey::new("DaemonSet", "default", "ds");
        cluster
            .modify(&key, |o| {
                if let Object::DaemonSet(d) = o {
                    let strategy = d.spec.update_strategy.get_or_insert_with(Default::default);
                    let rolling = strategy.rolling_update.get_or_insert_with(Default::default);
                    rolling.max_surge = Some(crate::sim::objects::meta::IntOrString::Int(1));
                    rolling.max_unavailable = Some(crate::sim::objects::meta::IntOrString::Int(0));
                }
            })
            .unwrap();
    }

    #[test]
    fn deleting_the_last_available_daemon_pod_with_max_unavailable_0_is_caught() {
        let mut cluster = daemonset_cluster();
        surge_without_unavailability(&mut cluster);
        let ds = cluster.get("DaemonSet", "default", "ds").unwrap().as_daemonset().unwrap().clone();
        let victim = cluster.pods_on_node("node-1")[0].name().to_string();
        note_daemonset_delete(&mut cluster, &ds, &victim);
        expect(&cluster, Invariant::DaemonSetLastAvailable);
    }

    #[test]
    fn daemon_pods_left_on_a_removed_node_are_podgcs_not_a_second_pod() {
        let mut cluster = daemonset_cluster();
        let ds = cluster.get("DaemonSet", "default", "ds").unwrap().as_daemonset().unwrap().clone();
        cluster.remove_node("node-1").unwrap();
        cluster.create(pod_on("extra", "node-1", Some(daemonset::owner_reference(&ds)))).unwrap();
        assert_eq!(check(&cluster), Ok(()));
        // On a node that exists, the same second pod is caught (the case above).
        cluster.create(pod_on("extra2", "node-2", Some(daemonset::owner_reference(&ds)))).unwrap();
        expect(&cluster, Invariant::DaemonSetPodsPerNode);
    }

    #[test]
    fn the_surge_prune_of_a_newer_twin_is_not_a_last_available_delete() {
        let mut cluster = daemonset_cluster();
        surge_without_unavailability(&mut cluster);
        let ds = cluster.get("DaemonSet", "default", "ds").unwrap().as_daemonset().unwrap().clone();
        let original = cluster.pods_on_node("node-1")[0].as_pod().unwrap().clone();
        cluster.now += SECOND;
        cluster.store.set_now(cluster.now);
        let mut twin = pod_on("twin", "node-1", Some(daemonset::owner_reference(&ds)));
        twin.meta_mut().labels = original.metadata.labels.clone();
        if let Object::Pod(p) = &mut twin {
            p.status = original.status.clone();
        }
        cluster.create(twin).unwrap();
        // The older pod is not available; the newer twin is the node's only available pod.
        cluster
            .modify(&ObjectKey::new("Pod", "default", &original.metadata.name), |o| {
                if let Object::Pod(p) = o {
                    p.status = None;
                }
            })
            .unwrap();
        // DS-36 pruning keeps the oldest pod of each kind: deleting the newer twin is allowed,
        // even though it is the only available one.
        note_daemonset_delete(&mut cluster, &ds, "twin");
        assert_eq!(check(&cluster), Ok(()));
    }

    #[test]
    fn a_violation_in_the_task_loop_panics_with_seed_time_and_task() {
        let mut cluster = cluster();
        cluster.work_queued += 1;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            cluster.step();
        }));
        let message = *result.unwrap_err().downcast::<String>().unwrap();
        assert!(message.starts_with("invariant violated after task "), "{message}");
        assert!(message.contains("(seed 1): Queue: work_queued"), "{message}");
    }

    #[test]
    fn tasks_display_as_variant_and_object() {
        let task = Task::SyncDaemonSet { namespace: "default".into(), name: "nginx-ds".into() };
        assert_eq!(task.to_string(), "SyncDaemonSet{default/nginx-ds}");
        assert_eq!(Task::PodGc.to_string(), "PodGc");
        assert_eq!(seconds(12_300), "12.3s");
    }
}
