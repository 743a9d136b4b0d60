//! The simulated cluster: the store, the virtual clock, the one seeded RNG, and a queue of
//! timed tasks that drive the controllers. Everything that happens is a task popped in
//! (time, sequence) order, so the same seed and the same inputs give the same history.

use crate::sim::controllers::{daemonset, endpoints, garbage_collector, kubelet, node_lifecycle, pod_gc, scheduler, statefulset, volume};
use crate::sim::invariants;
use crate::sim::objects::core::{Event, EventSource, ObjectReference};
use crate::sim::objects::{Object, ObjectMeta};
use crate::sim::rng::Rng;
use crate::sim::store::{ApiError, ObjectKey, Propagation, Store, WatchEvent, WatchEventType};
use crate::sim::time::{Millis, Time, SECOND, SIM_EPOCH_UNIX_S};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Which installer the default cluster imitates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Profile {
    /// kubeadm: no StorageClass (what the tutorial assumes).
    #[default]
    Kubeadm,
    /// kind: adds the `standard` StorageClass (rancher.io/local-path, WaitForFirstConsumer).
    Kind,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    pub nodes: usize,
    pub profile: Profile,
    /// Keep every watch event in [`Cluster::history`] (printers and the page read it).
    pub record_history: bool,
    /// Record core/v1 Events (benchmarks may turn this off to measure controllers alone).
    pub record_events: bool,
    /// Check [`crate::sim::invariants`] after every task and panic on a violation. On in
    /// debug builds and tests; `kubarium run --check` turns it on in release; benchmarks off.
    pub check_invariants: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            nodes: 3,
            profile: Profile::Kubeadm,
            record_history: true,
            record_events: true,
            check_invariants: cfg!(debug_assertions),
        }
    }
}

/// A unit of work on the clock. Ord gives a stable tie-break after (time, sequence).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Task {
    SyncDaemonSet {
        namespace: String,
        name: String,
    },
    SchedulePod {
        namespace: String,
        name: String,
    },
    KubeletSyncPod {
        node: String,
        namespace: String,
        name: String,
    },
    /// The pod worker's next step while a container is in a back-off loop (not work).
    KubeletBackOff {
        node: String,
        namespace: String,
        name: String,
    },
    KubeletProbe {
        node: String,
        namespace: String,
        name: String,
    },
    KubeletBecomesReady {
        node: String,
    },
    KubeletHeartbeat {
        node: String,
    },
    NodeMonitor,
    TaintEviction {
        namespace: String,
        name: String,
        uid: String,
    },
    PodGc,
    GarbageCollect {
        owner_uid: String,
    },
    SyncStatefulSet {
        namespace: String,
        name: String,
    },
    SyncClaim {
        namespace: String,
        name: String,
    },
    SyncVolume {
        name: String,
    },
    /// The PV controller's periodic resync (PV-10).
    VolumeResync,
    /// The StatefulSet informer's periodic resync (`statefulSetResyncPeriod`).
    StatefulSetResync,
    ProvisionClaim {
        namespace: String,
        name: String,
    },
    DeleteProvisionedVolume {
        name: String,
    },
    FinishRecycle {
        name: String,
    },
    SyncService {
        namespace: String,
        name: String,
    },
}

/// `SyncDaemonSet{default/nginx-ds}`, `KubeletSyncPod{node-1, default/web-0}`: what panics
/// and logs name.
impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let debug = format!("{self:?}");
        let variant = debug.split([' ', '{']).next().unwrap_or("");
        let args = match self {
            Task::SyncDaemonSet { namespace, name }
            | Task::SchedulePod { namespace, name }
            | Task::SyncStatefulSet { namespace, name }
            | Task::SyncClaim { namespace, name }
            | Task::ProvisionClaim { namespace, name }
            | Task::SyncService { namespace, name } => format!("{namespace}/{name}"),
            Task::KubeletSyncPod { node, namespace, name }
            | Task::KubeletBackOff { node, namespace, name }
            | Task::KubeletProbe { node, namespace, name } => {
                format!("{node}, {namespace}/{name}")
            }
            Task::KubeletBecomesReady { node } | Task::KubeletHeartbeat { node } => node.clone(),
            Task::TaintEviction { namespace, name, uid } => format!("{namespace}/{name}, {uid}"),
            Task::GarbageCollect { owner_uid } => owner_uid.clone(),
            Task::SyncVolume { name } | Task::DeleteProvisionedVolume { name } | Task::FinishRecycle { name } => name.clone(),
            Task::NodeMonitor | Task::PodGc | Task::VolumeResync | Task::StatefulSetResync => return f.write_str(variant),
        };
        write!(f, "{variant}{{{args}}}")
    }
}

impl Task {
    /// The component that runs this task, as its events name it: what injected write failures
    /// ([`WriteFailure::controller`]) select.
    pub fn controller(&self) -> &'static str {
        match self {
            Task::SyncDaemonSet { .. } => daemonset::CONTROLLER,
            Task::SyncStatefulSet { .. } | Task::StatefulSetResync => statefulset::CONTROLLER,
            Task::SchedulePod { .. } => scheduler::SCHEDULER_NAME,
            Task::KubeletSyncPod { .. }
            | Task::KubeletBackOff { .. }
            | Task::KubeletProbe { .. }
            | Task::KubeletBecomesReady { .. }
            | Task::KubeletHeartbeat { .. } => "kubelet",
            Task::NodeMonitor | Task::TaintEviction { .. } => "node-controller",
            Task::PodGc => "pod-garbage-collector",
            Task::GarbageCollect { .. } => "garbage-collector",
            Task::SyncClaim { .. }
            | Task::SyncVolume { .. }
            | Task::VolumeResync
            | Task::ProvisionClaim { .. }
            | Task::DeleteProvisionedVolume { .. }
            | Task::FinishRecycle { .. } => volume::CONTROLLER,
            Task::SyncService { .. } => "endpoints-controller",
        }
    }

    /// Whether this task is a controller's pending work. Heartbeats, periodic monitors and
    /// back-off loops are not: `settle` stops when only those remain.
    pub fn is_work(&self) -> bool {
        !matches!(
            self,
            Task::KubeletHeartbeat { .. }
                | Task::NodeMonitor
                | Task::PodGc
                | Task::KubeletProbe { .. }
                | Task::KubeletBackOff { .. }
                | Task::VolumeResync
                | Task::StatefulSetResync
        )
    }
}

/// Fault injection for a pod's containers, set with the pod (template) annotation
/// [`FAULT_ANNOTATION`]. Image registries are not simulated: every image pulls unless marked.
pub const FAULT_ANNOTATION: &str = "kubarium.io/fault";

/// Writes the API server refuses, as during an etcd timeout or an API server restart: the
/// test double of the one write path ([`Cluster::create`], `update`, `modify`, `delete`).
/// Only a controller's writes fail (a task is running); a user's own writes and Events never
/// do. Tests and the swarm set it with [`Cluster::fail_writes`].
#[derive(Clone, Debug, Default)]
pub struct WriteFailures {
    rules: Vec<WriteFailure>,
    /// How many writes have been refused so far.
    pub refused: u64,
}

/// `skip` writes of `controller` (any controller when None) go through, then `fail` are refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteFailure {
    pub controller: Option<&'static str>,
    pub skip: u64,
    pub fail: u64,
}

/// Every component that writes while running a task ([`Task::controller`]).
pub const CONTROLLERS: [&str; 9] = [
    daemonset::CONTROLLER,
    statefulset::CONTROLLER,
    scheduler::SCHEDULER_NAME,
    "kubelet",
    "node-controller",
    "pod-garbage-collector",
    "garbage-collector",
    volume::CONTROLLER,
    "endpoints-controller",
];

impl WriteFailures {
    /// Whether the next write of `controller` is refused (and counts it).
    fn refuses(&mut self, controller: &str) -> bool {
        let Some(index) = self.rules.iter().position(|r| r.controller.is_none_or(|c| c == controller)) else { return false };
        let rule = &mut self.rules[index];
        if rule.skip > 0 {
            rule.skip -= 1;
            return false;
        }
        rule.fail -= 1;
        if rule.fail == 0 {
            self.rules.remove(index);
        }
        self.refused += 1;
        true
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Refuse no more writes.
    pub fn heal(&mut self) {
        self.rules.clear();
    }
}

#[derive(Clone, Debug)]
pub struct Cluster {
    pub config: Config,
    pub store: Store,
    pub now: Millis,
    pub rng: Rng,
    pub(crate) queue: BTreeMap<(Millis, u64), Task>,
    /// Where each queued task sits in `queue`, and whether it counts as work: a task is queued
    /// at most once, at its earliest time.
    pub(crate) queued: BTreeMap<Task, (Millis, u64, bool)>,
    /// Set while a back-off or heartbeat task runs: what it schedules is not work either.
    in_background_task: bool,
    /// How many queued tasks are work ([`Task::is_work`]).
    pub(crate) work_queued: usize,
    sequence: u64,
    /// Every watch event, in order (when `config.record_history`). A persistent vector, so a
    /// checkpoint (a clone of the cluster) shares it instead of copying it.
    pub history: imbl::Vector<WatchEvent>,
    pub scheduler: scheduler::SchedulerState,
    pub kubelets: BTreeMap<String, kubelet::Kubelet>,
    pub node_lifecycle: node_lifecycle::NodeLifecycleState,
    pub pod_gc: pod_gc::PodGcState,
    pub daemonsets: daemonset::DaemonSetState,
    pub statefulsets: statefulset::StatefulSetState,
    pub volumes: volume::VolumeState,
    pub endpoints: endpoints::EndpointsState,
    pub garbage_collector: garbage_collector::GarbageCollectorState,
    /// Dependents by owner uid, for the garbage collector.
    pub dependents: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// The owner uids each dependent was last indexed under, so an owner reference that is
    /// removed (`--cascade=orphan`, STS-25 claim owners) leaves `dependents` too.
    owners_indexed: BTreeMap<ObjectKey, Vec<String>>,
    /// Pods and ControllerRevisions with no controller owner reference (adoption candidates).
    pub orphans: BTreeSet<ObjectKey>,
    /// Pods by the node they are bound to (an informer index, as the real controllers keep).
    pub pods_by_node: BTreeMap<String, BTreeSet<ObjectKey>>,
    /// Events by (involved uid, reason, message, component), for the event correlator.
    event_index: BTreeMap<(String, String, String, String), ObjectKey>,
    event_sequence: u64,
    next_service_ip: u32,
    /// Node objects in the store (kept from watch events).
    node_count: usize,
    /// What containers wrote (`kubectl exec`), by volume: see [`crate::sim::files`].
    pub files: crate::sim::files::FileSystems,
    /// The invariant checker's memory ([`Config::check_invariants`]).
    pub invariants: invariants::CheckerState,
    /// The controller whose task is running: its writes may be refused by `write_failures`.
    running_controller: Option<&'static str>,
    pub write_failures: WriteFailures,
}

/// The default nodes and the control plane were installed before the lesson started.
pub const CLUSTER_AGE_MS: Millis = 3 * 24 * 3600 * SECOND;

impl Cluster {
    pub fn new(config: Config) -> Cluster {
        let mut cluster = Cluster {
            rng: Rng::new(config.seed),
            config,
            store: Store::default(),
            now: 0,
            queue: BTreeMap::new(),
            queued: BTreeMap::new(),
            work_queued: 0,
            in_background_task: false,
            sequence: 0,
            history: imbl::Vector::new(),
            scheduler: Default::default(),
            kubelets: BTreeMap::new(),
            node_lifecycle: Default::default(),
            pod_gc: Default::default(),
            daemonsets: Default::default(),
            statefulsets: Default::default(),
            volumes: Default::default(),
            endpoints: Default::default(),
            garbage_collector: Default::default(),
            dependents: BTreeMap::new(),
            owners_indexed: BTreeMap::new(),
            pods_by_node: BTreeMap::new(),
            orphans: BTreeSet::new(),
            event_index: BTreeMap::new(),
            event_sequence: 0,
            next_service_ip: 10,
            node_count: 0,
            files: Default::default(),
            invariants: Default::default(),
            running_controller: None,
            write_failures: Default::default(),
        };
        cluster.bootstrap();
        cluster
    }

    /// The control plane as kubeadm (or kind) leaves it, then the worker nodes, all Ready.
    fn bootstrap(&mut self) {
        self.store.set_now(-CLUSTER_AGE_MS);
        for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
            let body = serde_json::json!({"metadata": {"name": ns, "labels": {"kubernetes.io/metadata.name": ns}},
                "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}});
            self.bootstrap_create("v1", "Namespace", body);
        }
        let service = serde_json::json!({
            "metadata": {"name": "kubernetes", "namespace": "default",
                "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                "sessionAffinity": "None", "type": "ClusterIP"},
            "status": {"loadBalancer": {}}});
        self.bootstrap_create("v1", "Service", service);
        if self.config.profile == Profile::Kind {
            let class = serde_json::json!({
                "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
                "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete",
                "volumeBindingMode": "WaitForFirstConsumer"});
            self.bootstrap_create("storage.k8s.io/v1", "StorageClass", class);
        }
        for index in 1..=self.config.nodes {
            let spec = node_lifecycle::NodeSpecRequest { name: format!("node-{index}"), ..Default::default() };
            self.join_node(spec, true);
        }
        self.store.set_now(0);
        self.schedule(5 * SECOND, Task::NodeMonitor);
        self.schedule(pod_gc::GC_CHECK_PERIOD_MS, Task::PodGc);
        self.flush_watch_events();
    }

    fn bootstrap_create(&mut self, api_version: &str, kind: &str, body: serde_json::Value) {
        let serde_json::Value::Object(map) = body else { return };
        if let Ok(object) = Object::from_parts(api_version, kind, map) {
            let _ = self.store.create(object, &mut self.rng);
        }
    }

    // ---- the clock -------------------------------------------------------------------------

    /// Queues `task` to run `delay` from now. A task already queued runs once, at the
    /// earlier of the two times.
    pub fn schedule(&mut self, delay: Millis, task: Task) {
        self.schedule_at(self.now + delay.max(0), task);
    }

    pub fn schedule_at(&mut self, at: Millis, task: Task) {
        let at = at.max(self.now);
        // What a back-off loop triggers (a controller re-syncing on a crash-looping pod's
        // status) is part of the loop, not work `settle` waits for.
        let work = task.is_work() && !self.in_background_task;
        if let Some(&(queued_at, queued_seq, queued_work)) = self.queued.get(&task) {
            if work && !queued_work {
                self.work_queued += 1;
                self.queued.insert(task.clone(), (queued_at, queued_seq, true));
            }
            if queued_at <= at {
                return;
            }
            self.queue.remove(&(queued_at, queued_seq));
            let still_work = work || queued_work;
            self.sequence += 1;
            self.queue.insert((at, self.sequence), task.clone());
            self.queued.insert(task, (at, self.sequence, still_work));
            return;
        }
        if work {
            self.work_queued += 1;
        }
        self.sequence += 1;
        self.queue.insert((at, self.sequence), task.clone());
        self.queued.insert(task, (at, self.sequence, work));
    }

    /// The queued tasks that count as work, soonest first (what keeps `settle` going).
    pub fn pending_work(&self) -> Vec<(Millis, Task)> {
        self.queue
            .iter()
            .filter(|(_, task)| self.queued.get(*task).is_some_and(|(_, _, work)| *work))
            .map(|((at, _), task)| (*at, task.clone()))
            .collect()
    }

    fn pop_task(&mut self, at: Millis, seq: u64) -> Task {
        let task = self.queue.remove(&(at, seq)).expect("queued task");
        if let Some((_, _, true)) = self.queued.remove(&task) {
            self.work_queued -= 1;
        }
        task
    }

    /// Time of the next queued task.
    pub fn next_task_time(&self) -> Option<Millis> {
        self.queue.keys().next().map(|(t, _)| *t)
    }

    /// Whether any controller still has something to do: queued work, or a decision a
    /// periodic controller is bound to make (a silent node to mark, orphaned pods to collect).
    pub fn has_pending_work(&self) -> bool {
        self.work_queued > 0 || node_lifecycle::has_pending_work(self) || pod_gc::has_pending_work(self) || volume::has_pending_work(self)
    }

    /// Runs every task due at or before `until`, then sets the clock to `until`.
    pub fn advance_to(&mut self, until: Millis) {
        while let Some((&(at, seq), _)) = self.queue.iter().next() {
            if at > until {
                break;
            }
            let task = self.pop_task(at, seq);
            self.now = at;
            self.run(task);
        }
        self.now = self.now.max(until);
        self.store.set_now(self.now);
    }

    pub fn advance(&mut self, duration: Millis) {
        self.advance_to(self.now + duration);
    }

    /// Runs the next task (if any) and returns the time it ran at: "step to the next event".
    pub fn step(&mut self) -> Option<Millis> {
        let (&(at, seq), _) = self.queue.iter().next()?;
        let task = self.pop_task(at, seq);
        self.now = at;
        self.run(task);
        Some(at)
    }

    /// Advances until no controller has work pending and no pod is in transition, or until
    /// `timeout`. Returns the simulated time it took, or None on timeout.
    pub fn settle(&mut self, timeout: Millis) -> Option<Millis> {
        let start = self.now;
        let deadline = start + timeout;
        loop {
            if !self.has_pending_work() {
                return Some(self.now - start);
            }
            match self.next_task_time() {
                Some(at) if at <= deadline => {
                    self.step();
                }
                _ => {
                    self.advance_to(deadline);
                    return None;
                }
            }
        }
    }

    fn run(&mut self, task: Task) {
        let checked = invariants::enabled(self).then(|| task.clone());
        self.running_controller = Some(task.controller());
        self.store.set_now(self.now);
        self.in_background_task = matches!(task, Task::KubeletBackOff { .. } | Task::KubeletProbe { .. } | Task::KubeletHeartbeat { .. });
        match task {
            Task::SyncDaemonSet { namespace, name } => daemonset::sync(self, &namespace, &name),
            Task::SchedulePod { namespace, name } => scheduler::schedule_pod(self, &namespace, &name),
            Task::KubeletSyncPod { node, namespace, name } | Task::KubeletBackOff { node, namespace, name } => {
                kubelet::sync_pod(self, &node, &namespace, &name)
            }
            Task::KubeletProbe { node, namespace, name } => kubelet::probe(self, &node, &namespace, &name),
            Task::KubeletBecomesReady { node } => kubelet::become_ready(self, &node),
            Task::KubeletHeartbeat { node } => kubelet::heartbeat(self, &node),
            Task::NodeMonitor => node_lifecycle::monitor(self),
            Task::TaintEviction { namespace, name, uid } => node_lifecycle::evict(self, &namespace, &name, &uid),
            Task::PodGc => pod_gc::run(self),
            Task::GarbageCollect { owner_uid } => garbage_collector::collect(self, &owner_uid),
            Task::SyncStatefulSet { namespace, name } => statefulset::sync(self, &namespace, &name),
            Task::SyncClaim { namespace, name } => volume::sync_claim(self, &namespace, &name),
            Task::SyncVolume { name } => volume::sync_volume(self, &name),
            Task::VolumeResync => volume::resync(self),
            Task::StatefulSetResync => statefulset::resync(self),
            Task::ProvisionClaim { namespace, name } => volume::provision_claim(self, &namespace, &name),
            Task::DeleteProvisionedVolume { name } => volume::delete_provisioned_volume(self, &name),
            Task::FinishRecycle { name } => volume::finish_recycle(self, &name),
            Task::SyncService { namespace, name } => endpoints::sync(self, &namespace, &name),
        }
        self.flush_watch_events();
        self.in_background_task = false;
        self.running_controller = None;
        if let Some(task) = checked {
            invariants::after_task(self, &task);
        }
    }

    /// Delivers the store's watch events to the informers of every controller.
    pub fn flush_watch_events(&mut self) {
        // Handlers may write, which produces more events: loop until quiet (bounded).
        for _ in 0..64 {
            let events = self.store.take_events();
            if events.is_empty() {
                return;
            }
            // Into the history first: a handler's write is flushed by a nested call, and its
            // events must follow these (a watch delivers events in resourceVersion order).
            if self.config.record_history {
                self.history.extend(events.iter().cloned());
            }
            for event in &events {
                self.index_dependents(event);
                self.dispatch(event);
            }
        }
    }

    fn index_dependents(&mut self, event: &WatchEvent) {
        if invariants::enabled(self) {
            invariants::observe_event(&mut self.invariants, event);
        }
        let key = ObjectKey::of(&event.object);
        if let Object::Node(_) = &*event.object {
            match event.type_ {
                WatchEventType::Added => self.node_count += 1,
                WatchEventType::Deleted => self.node_count -= 1,
                WatchEventType::Modified => {}
            }
        }
        if let Object::Pod(pod) = &*event.object {
            if !pod.spec.node_name.is_empty() {
                let set = self.pods_by_node.entry(pod.spec.node_name.clone()).or_default();
                if event.type_ == WatchEventType::Deleted {
                    set.remove(&key);
                } else {
                    set.insert(key.clone());
                }
            }
        }
        // Pods and revisions without a controller, which a controller with a matching
        // selector adopts (the ControllerRefManager).
        if matches!(&*event.object, Object::Pod(_) | Object::ControllerRevision(_)) {
            let orphan = event.type_ != WatchEventType::Deleted && event.object.meta().controller_ref().is_none();
            if orphan {
                self.orphans.insert(key.clone());
            } else {
                self.orphans.remove(&key);
            }
        }
        self.index_owners(&key, event);
        if event.type_ == WatchEventType::Deleted {
            let uid = event.object.meta().uid.clone();
            if self.dependents.get(&uid).is_some_and(|d| !d.is_empty()) {
                self.schedule(garbage_collector::GC_DELAY_MS, Task::GarbageCollect { owner_uid: uid });
            }
        }
    }

    /// `dependents`: the object under each current owner, and no longer under an owner whose
    /// reference went away (the event carries only the new object, so `owners_indexed`
    /// remembers the old owners).
    fn index_owners(&mut self, key: &ObjectKey, event: &WatchEvent) {
        let owners: Vec<String> = match event.type_ {
            WatchEventType::Deleted => Vec::new(),
            _ => event.object.meta().owner_references.iter().map(|r| r.uid.clone()).collect(),
        };
        let previous =
            if owners.is_empty() { self.owners_indexed.remove(key) } else { self.owners_indexed.insert(key.clone(), owners.clone()) };
        for uid in previous.unwrap_or_default() {
            if !owners.contains(&uid) {
                if let Some(set) = self.dependents.get_mut(&uid) {
                    set.remove(key);
                    if set.is_empty() {
                        self.dependents.remove(&uid);
                    }
                }
            }
        }
        for uid in owners {
            self.dependents.entry(uid).or_default().insert(key.clone());
        }
    }

    fn dispatch(&mut self, event: &WatchEvent) {
        match &*event.object {
            Object::Pod(_) => {
                daemonset::on_pod_event(self, event);
                scheduler::on_pod_event(self, event);
                kubelet::on_pod_event(self, event);
                node_lifecycle::on_pod_event(self, event);
                statefulset::on_pod_event(self, event);
                volume::on_pod_event(self, event);
                endpoints::on_pod_event(self, event);
            }
            Object::Service(_) => endpoints::on_service_event(self, event),
            Object::StatefulSet(_) => statefulset::on_statefulset_event(self, event),
            Object::PersistentVolumeClaim(_) => {
                volume::on_claim_event(self, event);
                statefulset::on_claim_event(self, event);
                scheduler::on_claim_event(self, event);
            }
            Object::PersistentVolume(_) => volume::on_volume_event(self, event),
            Object::StorageClass(_) => volume::on_class_event(self, event),
            Object::Node(_) => {
                daemonset::on_node_event(self, event);
                scheduler::on_node_event(self, event);
                node_lifecycle::on_node_event(self, event);
            }
            Object::DaemonSet(_) => daemonset::on_daemonset_event(self, event),
            _ => {}
        }
    }

    // ---- the API, as controllers and users call it ------------------------------------------

    // Every write of a controller or a user goes through these four, which is where an
    // injected failure refuses it.

    pub fn create(&mut self, object: Object) -> Result<Arc<Object>, ApiError> {
        self.admit_write()?;
        let created = self.store.create(object, &mut self.rng);
        self.flush_watch_events();
        created
    }

    pub fn update(&mut self, object: Object) -> Result<Arc<Object>, ApiError> {
        self.admit_write()?;
        let updated = self.store.update(object);
        self.flush_watch_events();
        updated
    }

    pub fn modify(&mut self, key: &ObjectKey, change: impl FnOnce(&mut Object)) -> Result<Arc<Object>, ApiError> {
        self.admit_write()?;
        let modified = self.store.modify(key, change);
        self.flush_watch_events();
        modified
    }

    pub fn delete(&mut self, key: &ObjectKey, grace: Option<i64>, propagation: Propagation) -> Result<Arc<Object>, ApiError> {
        self.admit_write()?;
        let deleted = self.store.delete(key, grace, propagation);
        self.flush_watch_events();
        deleted
    }

    /// Refuses a controller's write while an injected failure says so.
    fn admit_write(&mut self) -> Result<(), ApiError> {
        match self.running_controller {
            Some(controller) if !self.write_failures.is_empty() && self.write_failures.refuses(controller) => {
                Err(ApiError::InternalError { message: format!("injected write failure ({controller})") })
            }
            _ => Ok(()),
        }
    }

    /// From now on, `skip` writes of `controller` (of every controller when None) succeed and
    /// the `fail` after them are refused with an InternalError.
    pub fn fail_writes(&mut self, controller: Option<&'static str>, skip: u64, fail: u64) {
        if fail > 0 {
            self.write_failures.rules.push(WriteFailure { controller, skip, fail });
        }
    }

    pub fn get(&self, kind: &str, namespace: &str, name: &str) -> Option<&Arc<Object>> {
        self.store.get_named(kind, namespace, name)
    }

    /// Records a core/v1 Event, aggregating repeats as the event correlator does (count and
    /// lastTimestamp grow on an identical reason/message from the same source).
    pub fn record_event(&mut self, involved: &Object, type_: &str, reason: &str, message: &str, component: &str, host: &str) {
        if !self.config.record_events {
            return;
        }
        let meta = involved.meta();
        let namespace = if meta.namespace.is_empty() { "default".to_string() } else { meta.namespace.clone() };
        let index_key = (meta.uid.clone(), reason.to_string(), message.to_string(), component.to_string());
        let existing = self.event_index.get(&index_key).filter(|k| self.store.get(k).is_some()).cloned();
        let now = Time(self.now);
        if let Some(key) = existing {
            let _ = self.store.modify(&key, |o| {
                if let Object::Event(e) = o {
                    e.count += 1;
                    e.last_timestamp = Some(now);
                }
            });
            return;
        }
        self.event_sequence += 1;
        let nanos = (SIM_EPOCH_UNIX_S as i128 * 1000 + self.now as i128) * 1_000_000 + self.event_sequence as i128;
        let event = Event {
            metadata: ObjectMeta { name: format!("{}.{:x}", meta.name, nanos), namespace, ..Default::default() },
            involved_object: ObjectReference {
                kind: involved.kind().to_string(),
                namespace: meta.namespace.clone(),
                name: meta.name.clone(),
                uid: meta.uid.clone(),
                api_version: involved.api_version().to_string(),
                resource_version: meta.resource_version.clone(),
                field_path: String::new(),
            },
            reason: reason.to_string(),
            message: message.to_string(),
            source: EventSource { component: component.to_string(), host: host.to_string() },
            first_timestamp: Some(now),
            last_timestamp: Some(now),
            count: 1,
            type_: type_.to_string(),
            event_time: None,
            reporting_component: component.to_string(),
            reporting_instance: host.to_string(),
        };
        if let Ok(created) = self.store.create(Object::Event(event), &mut self.rng) {
            self.event_index.insert(index_key, ObjectKey::of(&created));
        }
    }

    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// The pods bound to `node`, from the index.
    pub fn pods_on_node(&self, node: &str) -> Vec<Arc<Object>> {
        self.pods_by_node.get(node).map(|keys| keys.iter().filter_map(|k| self.store.get(k).cloned()).collect()).unwrap_or_default()
    }

    /// Allocates a ClusterIP from the service range (10.96.0.0/12).
    pub fn allocate_service_ip(&mut self) -> String {
        self.next_service_ip += 1 + self.rng.between(0, 40) as u32;
        let n = self.next_service_ip;
        format!("10.{}.{}.{}", 96 + (n >> 16) % 16, (n >> 8) & 0xff, n & 0xff)
    }

    // ---- the simulator's own verbs ------------------------------------------------------------

    /// `node add`: a machine joins; its Node registers NotReady and turns Ready shortly after.
    pub fn add_node(&mut self, request: node_lifecycle::NodeSpecRequest) -> Result<(), String> {
        if self.get("Node", "", &request.name).is_some() {
            return Err(format!("node \"{}\" already exists", request.name));
        }
        self.join_node(request, false);
        self.flush_watch_events();
        Ok(())
    }

    fn join_node(&mut self, request: node_lifecycle::NodeSpecRequest, already_ready: bool) {
        node_lifecycle::join(self, request, already_ready);
    }

    /// `node remove`: the machine is gone — its kubelet stops and its Node object is deleted.
    pub fn remove_node(&mut self, name: &str) -> Result<(), String> {
        let Some(node) = self.get("Node", "", name).cloned() else {
            return Err(format!("node \"{name}\" not found"));
        };
        self.kubelets.remove(name);
        self.record_event(
            &node,
            "Normal",
            "RemovingNode",
            &format!("Node {name} event: Removing Node {name} from Controller"),
            "node-controller",
            "",
        );
        let _ = self.delete(&ObjectKey::new("Node", "", name), None, Propagation::Background);
        Ok(())
    }

    /// `node stop`: the kubelet stops posting heartbeats and stops acting on pods.
    pub fn stop_node(&mut self, name: &str) -> Result<(), String> {
        let kubelet = self.kubelets.get_mut(name).ok_or_else(|| format!("node \"{name}\" not found"))?;
        kubelet.running = false;
        Ok(())
    }

    /// `node start`: the kubelet resumes, posts Ready status and re-syncs its pods.
    pub fn start_node(&mut self, name: &str) -> Result<(), String> {
        kubelet::restart(self, name)
    }

    pub fn set_scheduler_running(&mut self, running: bool) {
        self.scheduler.stopped = !running;
        if running {
            scheduler::requeue_all(self);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_cluster_is_kubeadm_with_three_ready_nodes() {
        let cluster = Cluster::new(Config::default());
        let nodes: Vec<_> = cluster.store.list("Node").map(|n| n.name().to_string()).collect();
        assert_eq!(nodes, ["node-1", "node-2", "node-3"]);
        for node in cluster.store.list("Node") {
            assert_eq!(node.as_node().unwrap().ready_status(), "True");
            assert!(node.as_node().unwrap().spec.taints.is_empty());
        }
        assert!(cluster.get("Service", "default", "kubernetes").is_some());
        assert_eq!(cluster.store.list("StorageClass").count(), 0);
        let kind = Cluster::new(Config { profile: Profile::Kind, ..Config::default() });
        assert_eq!(kind.store.list("StorageClass").count(), 1);
    }
}

#[cfg(test)]
mod smoke {
    use super::*;

    pub fn tutorial_daemonset() -> Object {
        let body = serde_json::json!({
            "metadata": {"name": "nginx-ds", "labels": {"k8s-app": "nginx"}},
            "spec": {"selector": {"matchLabels": {"k8s-app": "nginx"}},
                "template": {"metadata": {"labels": {"k8s-app": "nginx"}},
                    "spec": {"containers": [{"image": "nginx:1.7.9", "name": "nginx",
                        "ports": [{"name": "http", "containerPort": 80}]}]}}}});
        let serde_json::Value::Object(map) = body else { unreachable!() };
        Object::from_parts("apps/v1", "DaemonSet", map).unwrap()
    }

    #[test]
    fn tutorial_daemonset_runs_one_pod_per_node() {
        let mut cluster = Cluster::new(Config::default());
        cluster.create_admitted(tutorial_daemonset()).unwrap();
        let took = cluster.settle(5 * 60 * SECOND).expect("settles");
        let pods: Vec<_> = cluster.store.list("Pod").filter_map(|p| p.as_pod()).collect();
        assert_eq!(pods.len(), 3, "{took}");
        let mut nodes: Vec<_> = pods.iter().map(|p| p.spec.node_name.clone()).collect();
        nodes.sort();
        assert_eq!(nodes, ["node-1", "node-2", "node-3"]);
        assert!(pods.iter().all(|p| p.phase() == "Running" && p.is_ready()));
        let ds = cluster.get("DaemonSet", "default", "nginx-ds").unwrap().as_daemonset().unwrap().clone();
        let status = ds.status.unwrap();
        assert_eq!((status.desired_number_scheduled, status.current_number_scheduled, status.number_ready), (3, 3, 3));
        assert_eq!(status.observed_generation, Some(1));
        for e in cluster.store.list("Event").filter_map(|e| e.as_event()) {
            eprintln!(
                "{:>8} {:<8} {:<18} {}/{} {}",
                e.first_timestamp.unwrap().0,
                e.type_,
                e.reason,
                e.involved_object.kind,
                e.involved_object.name,
                e.message
            );
        }
    }
}
