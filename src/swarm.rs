//! The swarm: a simulator run in TigerBeetle's manner. From one seed, a generator draws a random
//! sequence of operations — DaemonSets and StatefulSets with random specs applied, patched,
//! scaled and deleted; volumes, claims and classes; nodes added, removed, stopped, cordoned and
//! tainted; the scheduler stopped; faults on pod templates; sleeps — as command-language lines,
//! and runs them through a [`Session`] under the invariant checker
//! ([`crate::sim::invariants`]). A liveness phase follows: every fault is healed, and the
//! cluster must converge (see [`check_liveness`]).
//!
//! Everything the generator does is a line of the command language, so a failing seed is a
//! replayable `.kube` script ([`Outcome::script`]), and the same seed always draws the same
//! script and the same history. New operations join [`OpKind`] and [`WEIGHTS`].

use crate::kubectl::script::parse_script;
use crate::kubectl::{CommandOutput, Session};
use crate::sim::cluster::{Cluster, Config, Profile, FAULT_ANNOTATION};
use crate::sim::controllers::{daemonset, statefulset, volume};
use crate::sim::objects::codec::Encode;
use crate::sim::objects::storage::{PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, StatefulSet};
use crate::sim::objects::{DaemonSet, Pod};
use crate::sim::rng::Rng;
use crate::sim::time::Millis;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// How one seed runs.
#[derive(Clone, Debug)]
pub struct Options {
    pub seed: u64,
    /// Operations drawn before the liveness phase.
    pub operations: usize,
    pub check_invariants: bool,
}

impl Options {
    pub fn new(seed: u64, operations: usize) -> Options {
        Options { seed, operations, check_invariants: true }
    }
}

/// What broke.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// A panic: an invariant violation (the checker panics with seed, time and task) or a bug.
    Panic(String),
    /// The liveness phase found the cluster not converged after healing.
    Liveness(Vec<String>),
    /// An input the generator made invalid on purpose was accepted.
    InvalidAccepted(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Panic(message) => write!(f, "panic: {message}"),
            Failure::Liveness(problems) => write!(f, "not converged after healing:\n  {}", problems.join("\n  ")),
            Failure::InvalidAccepted(line) => write!(f, "an invalid input was accepted: {line}"),
        }
    }
}

/// The result of one seed.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub seed: u64,
    pub config: Config,
    /// Operations drawn (the random phase), and commands run in all (healing included).
    pub operations: usize,
    pub commands: usize,
    /// Commands that failed (invalid inputs, and valid ones the cluster refused).
    pub failed_commands: usize,
    /// Simulated time at the end.
    pub simulated_ms: Millis,
    /// Tasks the invariant checker ran after.
    pub tasks_checked: u64,
    /// StatefulSets the liveness phase did not hold to their replicas because a claim is Lost
    /// or bound to a volume no node can use ("when volumes allow", see [`check_liveness`]).
    pub sets_blocked_by_volumes: usize,
    /// The whole run as a script, with a header giving the cluster's seed, nodes and profile.
    pub script: String,
    pub failure: Option<Failure>,
}

impl Outcome {
    /// `kubarium run --check …` for the script saved at `path`.
    pub fn reproduce_command(&self, path: &str) -> String {
        reproduce_command(&self.config, path)
    }
}

fn reproduce_command(config: &Config, path: &str) -> String {
    let profile = if config.profile == Profile::Kind { " --profile kind" } else { "" };
    format!("kubarium run --check --seed {} --nodes {}{profile} {path}", config.seed, config.nodes)
}

// ---- the script in flight -------------------------------------------------------------------

thread_local! {
    /// The seed and script being run on this thread, so that a panic hook (where panics abort,
    /// as in the release profile) can still print the reproducing script.
    static IN_FLIGHT: RefCell<Option<(Config, String)>> = const { RefCell::new(None) };
}

/// The config and script of the seed running on this thread, if any (for a panic hook).
pub fn in_flight() -> Option<(Config, String)> {
    IN_FLIGHT.with(|f| f.try_borrow().ok().and_then(|f| f.clone()))
}

/// The script's header: what `tests/scenarios` and `kubarium run` need to replay it.
fn header(config: &Config) -> String {
    let mut text = format!("# seed: {}\n# nodes: {}\n", config.seed, config.nodes);
    if config.profile == Profile::Kind {
        text.push_str("# profile: kind\n");
    }
    let _ = writeln!(text, "# swarm seed {}: {}", config.seed, reproduce_command(config, "THIS-FILE"));
    text
}

// ---- operations -----------------------------------------------------------------------------

/// What the generator can draw. Each kind renders as one or more command lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    ApplyDaemonSet,
    PatchDaemonSet,
    DeleteDaemonSet,
    ApplyStatefulSet,
    PatchStatefulSet,
    ScaleStatefulSet,
    DeleteStatefulSet,
    ApplyService,
    ApplyVolume,
    DeleteVolume,
    ApplyClass,
    DeleteClass,
    DeleteClaim,
    DeletePod,
    FaultTemplate,
    NodeAdd,
    NodeRemove,
    NodeStop,
    NodeStart,
    Cordon,
    Uncordon,
    Taint,
    Untaint,
    LabelNode,
    SchedulerStop,
    SchedulerStart,
    /// `apiserver fail-writes`: a controller with an error policy has some writes refused.
    FailWrites,
    Sleep,
    Settle,
    Invalid,
}

/// Relative weights of the operations.
pub const WEIGHTS: &[(OpKind, u32)] = &[
    (OpKind::ApplyDaemonSet, 10),
    (OpKind::PatchDaemonSet, 5),
    (OpKind::DeleteDaemonSet, 2),
    (OpKind::ApplyStatefulSet, 10),
    (OpKind::PatchStatefulSet, 5),
    (OpKind::ScaleStatefulSet, 6),
    (OpKind::DeleteStatefulSet, 2),
    (OpKind::ApplyService, 2),
    (OpKind::ApplyVolume, 6),
    (OpKind::DeleteVolume, 2),
    (OpKind::ApplyClass, 3),
    (OpKind::DeleteClass, 1),
    (OpKind::DeleteClaim, 2),
    (OpKind::DeletePod, 4),
    (OpKind::FaultTemplate, 3),
    (OpKind::NodeAdd, 3),
    (OpKind::NodeRemove, 2),
    (OpKind::NodeStop, 3),
    (OpKind::NodeStart, 3),
    (OpKind::Cordon, 2),
    (OpKind::Uncordon, 2),
    (OpKind::Taint, 3),
    (OpKind::Untaint, 2),
    (OpKind::LabelNode, 3),
    (OpKind::SchedulerStop, 1),
    (OpKind::SchedulerStart, 2),
    (OpKind::FailWrites, 3),
    (OpKind::Sleep, 14),
    (OpKind::Settle, 3),
    (OpKind::Invalid, 3),
];

/// The controllers whose failed writes are retried as upstream's are (docs/fidelity.md): only
/// these get injected write failures, so that the liveness phase still holds.
const RETRYING_CONTROLLERS: [&str; 6] =
    ["daemonset-controller", "statefulset-controller", "default-scheduler", "kubelet", "garbage-collector", "endpoints-controller"];

const DAEMONSET_NAMES: [&str; 3] = ["agent", "logs", "metrics"];
const STATEFULSET_NAMES: [&str; 3] = ["db", "web", "queue"];
const CLASS_NAMES: [&str; 4] = ["fast", "slow", "manual", "local"];
const FAULTS: [&str; 3] = ["ImagePullFailure", "CrashLoop", "ReadinessFailure"];
const SIZES: [&str; 4] = ["1Gi", "1Gi", "2Gi", "5Gi"];
/// The node labels DaemonSets select on, and the taints the generator adds (and heals).
const NODE_LABELS: [(&str, &str); 3] = [("disk", "ssd"), ("zone", "a"), ("zone", "b")];
const TAINTS: [(&str, &str, &str); 3] =
    [("dedicated", "infra", "NoSchedule"), ("maintenance", "", "NoExecute"), ("spot", "true", "PreferNoSchedule")];

/// A DaemonSet as the generator last applied it.
#[derive(Clone, Debug)]
struct DaemonSetModel {
    name: String,
    image: usize,
    node_selector: Option<(&'static str, &'static str)>,
    /// Indexes into [`TAINTS`] the pods tolerate.
    tolerations: Vec<usize>,
    /// None: OnDelete. Some((maxUnavailable, maxSurge)), each None when left to the default.
    rolling: Option<(Option<String>, Option<String>)>,
    min_ready_seconds: i64,
    fault: Option<&'static str>,
    probe: bool,
}

#[derive(Clone, Debug)]
struct ClaimTemplateModel {
    name: &'static str,
    size: &'static str,
    modes: Vec<&'static str>,
    class: Option<&'static str>,
}

/// A StatefulSet as the generator last applied it.
#[derive(Clone, Debug)]
struct StatefulSetModel {
    name: String,
    replicas: i64,
    parallel: bool,
    ordinals_start: Option<i64>,
    /// None: OnDelete; Some(partition).
    rolling: Option<Option<i64>>,
    min_ready_seconds: i64,
    retention: Option<(&'static str, &'static str)>,
    claims: Vec<ClaimTemplateModel>,
    image: usize,
    fault: Option<&'static str>,
    probe: bool,
    tolerations: Vec<usize>,
}

/// What the generator remembers of what it did (updated only when a command succeeds).
#[derive(Default)]
struct Model {
    daemonsets: BTreeMap<String, DaemonSetModel>,
    statefulsets: BTreeMap<String, StatefulSetModel>,
}

/// A change to the model, applied when its command succeeds.
enum Change {
    DaemonSet(DaemonSetModel),
    DaemonSetGone(String),
    StatefulSet(StatefulSetModel),
    StatefulSetGone(String),
}

struct Runner {
    session: Session,
    rng: Rng,
    model: Model,
    commands: usize,
    failed_commands: usize,
    invalid_accepted: Option<String>,
}

/// Runs one seed: the random phase, then healing and the liveness check. Panics (invariant
/// violations) are caught and reported; where panics abort, [`in_flight`] holds the script.
pub fn run(options: &Options) -> Outcome {
    let mut rng = Rng::new(options.seed ^ 0x5357_4152_4d00_0000);
    let nodes = rng.between(2, 4) as usize;
    let profile = if rng.between(0, 2) == 0 { Profile::Kind } else { Profile::Kubeadm };
    let config = Config { seed: options.seed, nodes, profile, check_invariants: options.check_invariants, ..Config::default() };
    IN_FLIGHT.with(|f| *f.borrow_mut() = Some((config.clone(), header(&config))));
    let mut runner: Option<Runner> = None;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let session = Session::new(config.clone());
        let runner =
            runner.insert(Runner { session, rng, model: Model::default(), commands: 0, failed_commands: 0, invalid_accepted: None });
        for _ in 0..options.operations {
            runner.step();
        }
        runner.heal();
        // A generous timeout: up to an hour more, in 5-minute steps, until converged. (A
        // DaemonSet surging with minReadySeconds moves on only when some event re-syncs it,
        // as upstream: docs/swarm.md.)
        for _ in 0..12 {
            if check_liveness(&runner.session.cluster).is_ok() {
                break;
            }
            runner.run("sleep 5m\nsettle --timeout 10m\n");
        }
        check_liveness(&runner.session.cluster)
    }));
    let script = IN_FLIGHT.with(|f| f.borrow_mut().take()).map(|(_, s)| s).unwrap_or_default();
    let (failure, blocked) = match result {
        Ok(Ok(blocked)) => (None, blocked),
        Ok(Err(problems)) => (Some(Failure::Liveness(problems)), 0),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic without a message".into());
            (Some(Failure::Panic(message)), 0)
        }
    };
    let failure = failure.or_else(|| runner.as_ref().and_then(|r| r.invalid_accepted.clone()).map(Failure::InvalidAccepted));
    let (commands, failed_commands, simulated_ms, tasks_checked) = match &runner {
        Some(r) => (r.commands, r.failed_commands, r.session.cluster.now, r.session.cluster.invariants.tasks_checked),
        None => (0, 0, 0, 0),
    };
    Outcome {
        seed: options.seed,
        config,
        operations: options.operations,
        commands,
        failed_commands,
        simulated_ms,
        tasks_checked,
        sets_blocked_by_volumes: blocked,
        script,
        failure,
    }
}

fn pick<T: Copy>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.index(items.len())]
}

fn chance(rng: &mut Rng, percent: i64) -> bool {
    rng.between(1, 100) <= percent
}

fn ds_image(index: usize) -> String {
    format!("nginx:1.{}", 20 + index)
}

fn sts_image(index: usize) -> String {
    format!("redis:7.{index}")
}

impl Runner {
    /// Runs `text` (one or more command lines, heredocs included) and records it.
    fn run(&mut self, text: &str) -> CommandOutput {
        IN_FLIGHT.with(|f| {
            if let Some((_, script)) = f.borrow_mut().as_mut() {
                script.push_str(text);
            }
        });
        let commands = parse_script(text).unwrap_or_else(|e| panic!("the swarm generated an unparsable script: {e:?}\n{text}"));
        let mut last = CommandOutput { text: String::new(), failed: false };
        for command in &commands {
            self.commands += 1;
            last = self.session.execute(command);
            if last.failed {
                self.failed_commands += 1;
            }
        }
        last
    }

    fn run_changing(&mut self, text: &str, change: Change) -> bool {
        let ok = !self.run(text).failed;
        if ok {
            match change {
                Change::DaemonSet(ds) => {
                    self.model.daemonsets.insert(ds.name.clone(), ds);
                }
                Change::DaemonSetGone(name) => {
                    self.model.daemonsets.remove(&name);
                }
                Change::StatefulSet(set) => {
                    self.model.statefulsets.insert(set.name.clone(), set);
                }
                Change::StatefulSetGone(name) => {
                    self.model.statefulsets.remove(&name);
                }
            }
        }
        ok
    }

    fn cluster(&self) -> &Cluster {
        &self.session.cluster
    }

    fn node_names(&self) -> Vec<String> {
        self.cluster().store.list("Node").map(|n| n.name().to_string()).collect()
    }

    /// Draws one operation and runs it.
    fn step(&mut self) {
        let total: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
        let mut draw = self.rng.between(0, total as i64 - 1) as u32;
        let mut kind = WEIGHTS[0].0;
        for &(k, weight) in WEIGHTS {
            if draw < weight {
                kind = k;
                break;
            }
            draw -= weight;
        }
        self.operation(kind);
    }

    fn operation(&mut self, kind: OpKind) {
        match kind {
            OpKind::ApplyDaemonSet => self.apply_daemonset(),
            OpKind::PatchDaemonSet => self.patch_daemonset(),
            OpKind::DeleteDaemonSet => self.delete_workload("ds", true),
            OpKind::ApplyStatefulSet => self.apply_statefulset(),
            OpKind::PatchStatefulSet => self.patch_statefulset(),
            OpKind::ScaleStatefulSet => self.scale_statefulset(),
            OpKind::DeleteStatefulSet => self.delete_workload("sts", false),
            OpKind::ApplyService => {
                let name = pick(&mut self.rng, &STATEFULSET_NAMES);
                self.run(&service_yaml(name));
            }
            OpKind::ApplyVolume => self.apply_volume(),
            OpKind::DeleteVolume => self.delete_some("PersistentVolume", "pv", ""),
            OpKind::ApplyClass => self.apply_class(),
            OpKind::DeleteClass => {
                let name = pick(&mut self.rng, &CLASS_NAMES);
                self.run(&format!("kubectl delete storageclass {name}\n"));
            }
            OpKind::DeleteClaim => self.delete_some("PersistentVolumeClaim", "pvc", "default"),
            OpKind::DeletePod => self.delete_pod(),
            OpKind::FaultTemplate => self.fault_template(),
            OpKind::NodeAdd => self.node_add(),
            OpKind::NodeRemove | OpKind::NodeStop | OpKind::NodeStart | OpKind::Cordon | OpKind::Uncordon => self.node_verb(kind),
            OpKind::Taint | OpKind::Untaint => self.taint(kind == OpKind::Taint),
            OpKind::LabelNode => self.label_node(),
            OpKind::SchedulerStop => {
                self.run("scheduler stop\n");
            }
            OpKind::SchedulerStart => {
                self.run("scheduler start\n");
            }
            OpKind::FailWrites => {
                let controller = pick(&mut self.rng, &RETRYING_CONTROLLERS);
                let (count, after) = (self.rng.between(1, 6), self.rng.between(0, 8));
                self.run(&format!("apiserver fail-writes {count} --controller {controller} --after {after}\n"));
            }
            OpKind::Sleep => {
                let seconds = match self.rng.between(0, 9) {
                    0..=5 => self.rng.between(1, 30),
                    6..=8 => self.rng.between(30, 120),
                    _ => self.rng.between(120, 420),
                };
                self.run(&format!("sleep {seconds}s\n"));
            }
            OpKind::Settle => {
                let minutes = self.rng.between(1, 5);
                self.run(&format!("settle --timeout {minutes}m\n"));
            }
            OpKind::Invalid => self.invalid(),
        }
    }

    // ---- DaemonSets ---------------------------------------------------------------------------

    fn random_daemonset(&mut self, name: &str) -> DaemonSetModel {
        let rng = &mut self.rng;
        let node_selector = chance(rng, 30).then(|| pick(rng, &NODE_LABELS));
        let mut tolerations = Vec::new();
        for index in 0..TAINTS.len() {
            if chance(rng, 25) {
                tolerations.push(index);
            }
        }
        let rolling = if chance(rng, 20) {
            None
        } else {
            // DS-33: maxSurge needs maxUnavailable 0; both 0 is invalid (left to Invalid).
            let surge = chance(rng, 35);
            let unavailable =
                if surge { Some("0".to_string()) } else { pick(rng, &[None, Some("1"), Some("2"), Some("50%")]).map(str::to_string) };
            let surge = if surge { Some(pick(rng, &["1", "2", "30%"]).to_string()) } else { None };
            Some((unavailable, surge))
        };
        DaemonSetModel {
            name: name.to_string(),
            image: rng.index(4),
            node_selector,
            tolerations,
            rolling,
            min_ready_seconds: pick(rng, &[0, 0, 0, 5, 20]),
            fault: chance(rng, 12).then(|| pick(rng, &FAULTS)),
            probe: chance(rng, 40),
        }
    }

    fn apply_daemonset(&mut self) {
        let name = pick(&mut self.rng, &DAEMONSET_NAMES);
        let ds = match self.model.daemonsets.get(name).cloned() {
            // An update: one or two fields change (the selector is immutable, DS-?).
            Some(mut ds) if chance(&mut self.rng, 70) => {
                let fresh = self.random_daemonset(name);
                for _ in 0..self.rng.between(1, 2) {
                    match self.rng.between(0, 5) {
                        0 | 1 => ds.image = (ds.image + 1 + self.rng.index(3)) % 5,
                        2 => ds.rolling = fresh.rolling.clone(),
                        3 => ds.node_selector = fresh.node_selector,
                        4 => ds.tolerations = fresh.tolerations.clone(),
                        _ => ds.min_ready_seconds = fresh.min_ready_seconds,
                    }
                }
                ds.fault = fresh.fault;
                ds
            }
            _ => self.random_daemonset(name),
        };
        self.run_changing(&apply(&daemonset_yaml(&ds)), Change::DaemonSet(ds));
    }

    fn patch_daemonset(&mut self) {
        let Some(mut ds) = self.pick_model_daemonset() else { return self.apply_daemonset() };
        let text = match self.rng.between(0, 3) {
            0 => {
                ds.image = (ds.image + 1) % 5;
                format!("kubectl set image ds/{} main={}\n", ds.name, ds_image(ds.image))
            }
            1 => {
                ds.image = (ds.image + 2) % 5;
                format!(
                    "kubectl patch ds {} -p '{{\"spec\":{{\"template\":{{\"spec\":{{\"containers\":[{{\"name\":\"main\",\"image\":\"{}\"}}]}}}}}}}}'\n",
                    ds.name,
                    ds_image(ds.image)
                )
            }
            2 => {
                ds.min_ready_seconds = pick(&mut self.rng, &[0, 3, 10]);
                format!("kubectl patch ds {} --type=merge -p '{{\"spec\":{{\"minReadySeconds\":{}}}}}'\n", ds.name, ds.min_ready_seconds)
            }
            _ => {
                let (unavailable, surge) = pick(&mut self.rng, &[("1", "0"), ("0", "1"), ("25%", "0")]);
                ds.rolling = Some((Some(unavailable.into()), Some(surge.into())));
                format!(
                    "kubectl patch ds {} --type=json -p '[{{\"op\":\"replace\",\"path\":\"/spec/updateStrategy\",\"value\":{{\"type\":\"RollingUpdate\",\"rollingUpdate\":{{\"maxUnavailable\":{},\"maxSurge\":{}}}}}}}]'\n",
                    ds.name,
                    json_int_or_string(unavailable),
                    json_int_or_string(surge)
                )
            }
        };
        self.run_changing(&text, Change::DaemonSet(ds));
    }

    fn pick_model_daemonset(&mut self) -> Option<DaemonSetModel> {
        let names: Vec<String> = self.model.daemonsets.keys().cloned().collect();
        (!names.is_empty()).then(|| self.model.daemonsets[&names[self.rng.index(names.len())]].clone())
    }

    fn pick_model_statefulset(&mut self) -> Option<StatefulSetModel> {
        let names: Vec<String> = self.model.statefulsets.keys().cloned().collect();
        (!names.is_empty()).then(|| self.model.statefulsets[&names[self.rng.index(names.len())]].clone())
    }

    fn delete_workload(&mut self, resource: &str, daemonset: bool) {
        let names: &[&str] = if daemonset { &DAEMONSET_NAMES } else { &STATEFULSET_NAMES };
        let name = pick(&mut self.rng, names);
        let flags = match self.rng.between(0, 3) {
            0 => " --cascade=orphan",
            1 => " --wait=false",
            _ => "",
        };
        let change = if daemonset { Change::DaemonSetGone(name.into()) } else { Change::StatefulSetGone(name.into()) };
        self.run_changing(&format!("kubectl delete {resource} {name}{flags}\n"), change);
    }

    // ---- StatefulSets -------------------------------------------------------------------------

    fn random_statefulset(&mut self, name: &str) -> StatefulSetModel {
        let rng = &mut self.rng;
        let mut claims = Vec::new();
        for template in ["data", "logs"] {
            if chance(rng, if template == "data" { 65 } else { 20 }) {
                let modes = match rng.between(0, 5) {
                    0 => vec!["ReadWriteMany"],
                    1 => vec!["ReadWriteOnce", "ReadOnlyMany"],
                    _ => vec!["ReadWriteOnce"],
                };
                let class = match rng.between(0, 4) {
                    0 | 1 => None,
                    _ => Some(pick(rng, &CLASS_NAMES)),
                };
                claims.push(ClaimTemplateModel { name: template, size: pick(rng, &SIZES), modes, class });
            }
        }
        let rolling = if chance(rng, 20) { None } else { Some(chance(rng, 25).then(|| rng.between(0, 3))) };
        let mut tolerations = Vec::new();
        if chance(rng, 20) {
            tolerations.push(rng.index(TAINTS.len()));
        }
        StatefulSetModel {
            name: name.to_string(),
            replicas: rng.between(0, 5),
            parallel: chance(rng, 40),
            ordinals_start: chance(rng, 15).then(|| rng.between(1, 5)),
            rolling,
            min_ready_seconds: pick(rng, &[0, 0, 0, 5]),
            retention: chance(rng, 40).then(|| (pick(rng, &["Retain", "Delete"]), pick(rng, &["Retain", "Delete"]))),
            claims,
            image: rng.index(4),
            fault: chance(rng, 12).then(|| pick(rng, &FAULTS)),
            probe: chance(rng, 40),
            tolerations,
        }
    }

    fn apply_statefulset(&mut self) {
        let name = pick(&mut self.rng, &STATEFULSET_NAMES);
        let set = match self.model.statefulsets.get(name).cloned() {
            // An update keeps what the API server forbids changing (selector, serviceName,
            // podManagementPolicy, volumeClaimTemplates).
            Some(mut set) if chance(&mut self.rng, 70) => {
                let fresh = self.random_statefulset(name);
                for _ in 0..self.rng.between(1, 2) {
                    match self.rng.between(0, 6) {
                        0 | 1 => set.image = (set.image + 1 + self.rng.index(3)) % 5,
                        2 => set.replicas = fresh.replicas,
                        3 => set.rolling = fresh.rolling,
                        4 => set.retention = fresh.retention,
                        5 => set.ordinals_start = fresh.ordinals_start,
                        _ => set.min_ready_seconds = fresh.min_ready_seconds,
                    }
                }
                set.fault = fresh.fault;
                set
            }
            _ => self.random_statefulset(name),
        };
        let mut text = String::new();
        if chance(&mut self.rng, 50) {
            text.push_str(&service_yaml(name));
        }
        text.push_str(&apply(&statefulset_yaml(&set)));
        self.run_changing(&text, Change::StatefulSet(set));
    }

    fn patch_statefulset(&mut self) {
        let Some(mut set) = self.pick_model_statefulset() else { return self.apply_statefulset() };
        let text = match self.rng.between(0, 3) {
            0 => {
                set.image = (set.image + 1) % 5;
                format!("kubectl set image sts/{} main={}\n", set.name, sts_image(set.image))
            }
            1 => {
                set.replicas = self.rng.between(0, 5);
                format!("kubectl patch sts {} --type=merge -p '{{\"spec\":{{\"replicas\":{}}}}}'\n", set.name, set.replicas)
            }
            2 if set.rolling.is_some() => {
                let partition = self.rng.between(0, 4);
                set.rolling = Some(Some(partition));
                format!(
                    "kubectl patch sts {} --type=json -p '[{{\"op\":\"replace\",\"path\":\"/spec/updateStrategy\",\"value\":{{\"type\":\"RollingUpdate\",\"rollingUpdate\":{{\"partition\":{partition}}}}}}}]'\n",
                    set.name
                )
            }
            _ => {
                set.image = (set.image + 2) % 5;
                format!(
                    "kubectl patch sts {} -p '{{\"spec\":{{\"template\":{{\"spec\":{{\"containers\":[{{\"name\":\"main\",\"image\":\"{}\"}}]}}}}}}}}'\n",
                    set.name,
                    sts_image(set.image)
                )
            }
        };
        self.run_changing(&text, Change::StatefulSet(set));
    }

    fn scale_statefulset(&mut self) {
        let Some(mut set) = self.pick_model_statefulset() else { return self.apply_statefulset() };
        set.replicas = self.rng.between(0, 5);
        let text = format!("kubectl scale sts {} --replicas={}\n", set.name, set.replicas);
        self.run_changing(&text, Change::StatefulSet(set));
    }

    /// A fault annotation added to (or removed from) a template by a patch.
    fn fault_template(&mut self) {
        let fault = chance(&mut self.rng, 75).then(|| pick(&mut self.rng, &FAULTS));
        let value = fault.map_or("null".to_string(), |f| format!("\"{f}\""));
        let patch = format!("'{{\"spec\":{{\"template\":{{\"metadata\":{{\"annotations\":{{\"{FAULT_ANNOTATION}\":{value}}}}}}}}}}}'");
        if chance(&mut self.rng, 50) {
            let Some(mut ds) = self.pick_model_daemonset() else { return };
            ds.fault = fault;
            self.run_changing(&format!("kubectl patch ds {} --type=merge -p {patch}\n", ds.name), Change::DaemonSet(ds));
        } else {
            let Some(mut set) = self.pick_model_statefulset() else { return };
            set.fault = fault;
            self.run_changing(&format!("kubectl patch sts {} --type=merge -p {patch}\n", set.name), Change::StatefulSet(set));
        }
    }

    // ---- storage ------------------------------------------------------------------------------

    fn apply_volume(&mut self) {
        let name = format!("pv-{}", self.rng.between(1, 8));
        let rng = &mut self.rng;
        let modes = match rng.between(0, 5) {
            0 => vec!["ReadWriteMany"],
            1 => vec!["ReadWriteOnce", "ReadOnlyMany"],
            2 => vec!["ReadWriteOnce", "ReadWriteMany"],
            _ => vec!["ReadWriteOnce"],
        };
        let class = match rng.between(0, 3) {
            0 | 1 => None,
            _ => Some(pick(rng, &CLASS_NAMES)),
        };
        let reclaim = pick(rng, &["Retain", "Delete", "Recycle"]);
        let path = if chance(rng, 70) { format!("/tmp/{name}") } else { format!("/data/{name}") };
        let nodes = self.node_names();
        let pinned = (!nodes.is_empty() && chance(&mut self.rng, 20)).then(|| nodes[self.rng.index(nodes.len())].clone());
        let mut yaml = format!(
            "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: {name}\nspec:\n  capacity:\n    storage: {}\n  accessModes:\n",
            pick(&mut self.rng, &SIZES)
        );
        for mode in &modes {
            let _ = writeln!(yaml, "  - {mode}");
        }
        let _ = writeln!(yaml, "  persistentVolumeReclaimPolicy: {reclaim}");
        if let Some(class) = class {
            let _ = writeln!(yaml, "  storageClassName: {class}");
        }
        let _ = writeln!(yaml, "  hostPath:\n    path: {path}");
        if let Some(node) = pinned {
            let _ = write!(
                yaml,
                "  nodeAffinity:\n    required:\n      nodeSelectorTerms:\n      - matchExpressions:\n        - key: kubernetes.io/hostname\n          operator: In\n          values:\n          - {node}\n"
            );
        }
        self.run(&apply(&yaml));
    }

    fn apply_class(&mut self) {
        let rng = &mut self.rng;
        let name = pick(rng, &CLASS_NAMES);
        let provisioner = if name == "manual" || chance(rng, 30) { "kubernetes.io/no-provisioner" } else { "rancher.io/local-path" };
        let mode = pick(rng, &["Immediate", "WaitForFirstConsumer"]);
        let reclaim = pick(rng, &["Delete", "Retain"]);
        let mut yaml = format!("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: {name}\n");
        if chance(rng, 15) {
            yaml.push_str("  annotations:\n    storageclass.kubernetes.io/is-default-class: \"true\"\n");
        }
        let _ = write!(yaml, "provisioner: {provisioner}\nreclaimPolicy: {reclaim}\nvolumeBindingMode: {mode}\n");
        self.run(&apply(&yaml));
    }

    /// Deletes one existing object of `kind` (a claim or a volume), without waiting: both are
    /// held by protection finalizers while in use.
    fn delete_some(&mut self, kind: &str, resource: &str, namespace: &str) {
        let names: Vec<String> = self.cluster().store.list_in(kind, namespace).map(|o| o.name().to_string()).collect();
        if names.is_empty() {
            return;
        }
        let name = names[self.rng.index(names.len())].clone();
        self.run(&format!("kubectl delete {resource} {name} --wait=false\n"));
    }

    fn delete_pod(&mut self) {
        let names: Vec<String> = self
            .cluster()
            .store
            .list_in("Pod", "default")
            .filter(|p| p.meta().controller_ref().is_some())
            .map(|o| o.name().to_string())
            .collect();
        if names.is_empty() {
            return;
        }
        let name = names[self.rng.index(names.len())].clone();
        let flags = match self.rng.between(0, 4) {
            0 => " --grace-period=0 --force",
            1 => " --grace-period=5 --wait=false",
            2 => " --timeout=30s",
            _ => " --wait=false",
        };
        self.run(&format!("kubectl delete pod {name}{flags}\n"));
    }

    // ---- nodes --------------------------------------------------------------------------------

    fn node_add(&mut self) {
        let existing = self.node_names();
        let limit = self.cluster().config.nodes + 3;
        let free: Vec<String> = (1..=limit).map(|i| format!("node-{i}")).filter(|n| !existing.contains(n)).collect();
        if free.is_empty() || existing.len() >= 6 {
            return;
        }
        let name = free[self.rng.index(free.len())].clone();
        let mut line = format!("node add {name}");
        for (key, value) in NODE_LABELS {
            if chance(&mut self.rng, 25) && !line.contains(&format!("--label {key}=")) {
                let _ = write!(line, " --label {key}={value}");
            }
        }
        if chance(&mut self.rng, 20) {
            let (key, value, effect) = pick(&mut self.rng, &TAINTS);
            let _ = write!(line, " --taint {}", taint_spec(key, value, effect));
        }
        line.push('\n');
        self.run(&line);
    }

    fn pick_node(&mut self) -> Option<String> {
        let nodes = self.node_names();
        (!nodes.is_empty()).then(|| nodes[self.rng.index(nodes.len())].clone())
    }

    fn node_verb(&mut self, kind: OpKind) {
        let Some(node) = self.pick_node() else { return };
        let line = match kind {
            OpKind::NodeRemove if self.node_names().len() > 1 => format!("node remove {node}\n"),
            OpKind::NodeStop => format!("node stop {node}\n"),
            OpKind::NodeStart => format!("node start {node}\n"),
            OpKind::Cordon => format!("kubectl cordon {node}\n"),
            OpKind::Uncordon => format!("kubectl uncordon {node}\n"),
            _ => return,
        };
        self.run(&line);
    }

    fn taint(&mut self, add: bool) {
        let Some(node) = self.pick_node() else { return };
        let (key, value, effect) = pick(&mut self.rng, &TAINTS);
        let line = if add {
            let overwrite = if chance(&mut self.rng, 30) { " --overwrite" } else { "" };
            format!("kubectl taint nodes {node} {}{overwrite}\n", taint_spec(key, value, effect))
        } else {
            format!("kubectl taint nodes {node} {key}:{effect}-\n")
        };
        self.run(&line);
    }

    fn label_node(&mut self) {
        let Some(node) = self.pick_node() else { return };
        let (key, value) = pick(&mut self.rng, &NODE_LABELS);
        let line = if chance(&mut self.rng, 30) {
            format!("kubectl label nodes {node} {key}-\n")
        } else {
            format!("kubectl label nodes {node} {key}={value} --overwrite\n")
        };
        self.run(&line);
    }

    // ---- invalid inputs -----------------------------------------------------------------------

    /// An input that must fail cleanly (an error, not a panic). One that succeeds is reported.
    fn invalid(&mut self) {
        let text = match self.rng.between(0, 13) {
            0 => {
                let mut ds = self.random_daemonset("agent");
                ds.fault = None;
                daemonset_yaml(&ds).replace("      labels:\n        app: agent\n", "      labels:\n        app: other\n")
            }
            1 => {
                let mut ds = self.random_daemonset("logs");
                ds.rolling = Some((Some("0".into()), Some("0".into())));
                daemonset_yaml(&ds)
            }
            2 => {
                let mut set = self.random_statefulset("web");
                set.replicas = -1;
                statefulset_yaml(&set)
            }
            3 => "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: [unclosed\n".to_string(),
            4 => "apiVersion: example.com/v1\nkind: Frobnicator\nmetadata:\n  name: x\n".to_string(),
            5 => "kubectl scale ds agent --replicas=2\n".into(),
            6 => "node start node-99\n".into(),
            7 => "node add Bad_Name\n".into(),
            8 => "kubectl taint nodes node-1 foo=bar:Sometimes\n".into(),
            9 => "sleep forever\n".into(),
            10 => "kubectl patch sts db --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/nope\"}]'\n".into(),
            11 => "kubectl frobnicate pods\n".into(),
            12 => "kubectl cordon node-99\n".into(),
            _ => "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-bad\nspec:\n  capacity:\n    storage: lots\n  accessModes:\n  - ReadWriteOnce\n  hostPath:\n    path: /tmp/bad\n".to_string(),
        };
        let text = if text.starts_with("apiVersion") { apply(&text) } else { text };
        let output = self.run(&text);
        if !output.failed && self.invalid_accepted.is_none() {
            self.invalid_accepted = Some(text.lines().take(12).collect::<Vec<_>>().join("\n"));
        }
    }

    // ---- healing ------------------------------------------------------------------------------

    /// Undoes every fault the generator can inject, as an operator would, then lets the
    /// cluster settle: the scheduler runs, every node's kubelet runs, no node is cordoned or
    /// carries a taint the generator adds, no template carries a fault, no StatefulSet holds a
    /// partition, pods made from faulted (or, under OnDelete, outdated) templates are deleted,
    /// and every claim a StatefulSet needs has a volume or a class that provisions one.
    fn heal(&mut self) {
        self.run("# ---- liveness: heal every fault, then settle ----\nscheduler start\napiserver heal\n");
        let mut text = String::new();
        let mut nodes = 0;
        for node in self.cluster().store.list("Node").filter_map(|n| n.as_node()) {
            nodes += 1;
            let name = &node.metadata.name;
            if self.cluster().kubelets.get(name).is_some_and(|k| !k.running) {
                let _ = writeln!(text, "node start {name}");
            }
            if node.is_unschedulable() {
                let _ = writeln!(text, "kubectl uncordon {name}");
            }
            for taint in node.spec.taints.iter().filter(|t| TAINTS.iter().any(|(key, _, _)| *key == t.key)) {
                let _ = writeln!(text, "kubectl taint nodes {name} {}:{}-", taint.key, taint.effect);
            }
        }
        if nodes == 0 {
            text.push_str("node add node-healed\n");
        }
        let strip = format!("'{{\"spec\":{{\"template\":{{\"metadata\":{{\"annotations\":{{\"{FAULT_ANNOTATION}\":null}}}}}}}}}}'");
        for ds in self.cluster().store.list_in("DaemonSet", "default").filter_map(|d| d.as_daemonset()) {
            if ds.spec.template.metadata.annotations.contains_key(FAULT_ANNOTATION) {
                let _ = writeln!(text, "kubectl patch ds {} --type=merge -p {strip}", ds.metadata.name);
            }
        }
        for set in live_statefulsets(self.cluster()) {
            if set.spec.template.metadata.annotations.contains_key(FAULT_ANNOTATION) {
                let _ = writeln!(text, "kubectl patch sts {} --type=merge -p {strip}", set.metadata.name);
            }
            if set.partition() > 0 && !set.is_on_delete() {
                let _ = writeln!(
                    text,
                    "kubectl patch sts {} --type=merge -p '{{\"spec\":{{\"updateStrategy\":{{\"rollingUpdate\":{{\"partition\":0}}}}}}}}'",
                    set.metadata.name
                );
            }
        }
        text.push_str("settle --timeout 10m\n");
        self.run(&text);
        // Twice: a pod deleted in the first pass may come back before its claim's volume does.
        for pass in 1..=2 {
            let mut text = String::new();
            let doomed = self.pods_to_replace();
            if !doomed.is_empty() {
                let _ = writeln!(text, "kubectl delete pod {} --wait=false", doomed.join(" "));
            }
            text.push_str(&self.volumes_for_claims(pass));
            text.push_str("settle --timeout 30m\n");
            self.run(&text);
        }
        // minReadySeconds, PodGC's quarantine and the PV controller's resync all pass.
        self.run("sleep 90s\nsettle --timeout 10m\n");
    }

    /// Pods of a DaemonSet or StatefulSet made from a faulted template; under OnDelete the pods
    /// not at the current revision (DS-37, STS-19: only a deletion replaces them); and
    /// StatefulSet pods, of an old revision or condemned by a scale-down, that are not Running
    /// and Ready.
    fn pods_to_replace(&self) -> Vec<String> {
        let cluster = self.cluster();
        let mut doomed = BTreeSet::new();
        for pod in cluster.store.list_in("Pod", "default").filter_map(|p| p.as_pod()) {
            if pod.metadata.is_deleting() || pod.metadata.controller_ref().is_none() {
                continue;
            }
            if pod.metadata.annotations.contains_key(FAULT_ANNOTATION) {
                doomed.insert(pod.metadata.name.clone());
            }
        }
        for ds in cluster.store.list_in("DaemonSet", "default").filter_map(|d| d.as_daemonset()) {
            if ds.is_on_delete() && !ds.metadata.is_deleting() {
                let hash = daemonset_hash(ds);
                for pod in owned_pods(cluster, &ds.metadata.uid) {
                    if !daemonset::is_pod_updated(pod, &hash, ds.template_generation()) && !pod.metadata.is_deleting() {
                        doomed.insert(pod.metadata.name.clone());
                    }
                }
            }
        }
        // A StatefulSet pod of an old revision that is not Running and Ready blocks an
        // OrderedReady set before its rolling update starts: upstream's "forced rollback" asks
        // the operator to delete it.
        for set in live_statefulsets(cluster) {
            let update = set.status.as_ref().map(|s| s.update_revision.clone()).unwrap_or_default();
            let range = set.start_ordinal()..set.start_ordinal() + set.replicas();
            for pod in owned_pods(cluster, &set.metadata.uid) {
                let outdated = statefulset::pod_revision(pod) != update;
                let ready = statefulset::is_running_and_ready(pod);
                // STS-12: two unhealthy condemned pods stall an OrderedReady scale-down for good.
                let condemned = !statefulset::parent_and_ordinal(&pod.metadata.name).is_some_and(|(_, o)| range.contains(&o));
                if !pod.metadata.is_deleting() && (outdated && (set.is_on_delete() || !ready) || condemned && !ready) {
                    doomed.insert(pod.metadata.name.clone());
                }
            }
        }
        doomed.into_iter().collect()
    }

    /// A Retain hostPath volume pre-bound to it (claimRef by name, PV-08), sized and moded for
    /// it, for every claim a StatefulSet needs (pods 0..replicas from ordinals.start) that is not
    /// Bound, has no such volume waiting, and whose class cannot provision one.
    fn volumes_for_claims(&mut self, pass: usize) -> String {
        let cluster = self.cluster();
        let mut text = String::new();
        for set in live_statefulsets(cluster) {
            for ordinal in set.start_ordinal()..set.start_ordinal() + set.replicas() {
                for template in &set.spec.volume_claim_templates {
                    let claim_name = statefulset::claim_name(&template.metadata.name, &set.metadata.name, ordinal);
                    let claim = cluster.get("PersistentVolumeClaim", "default", &claim_name).and_then(|c| c.as_claim().cloned());
                    if claim.as_ref().is_some_and(|c| c.is_bound() || c.phase() == "Lost") {
                        continue;
                    }
                    let template_claim = claim_from_template(&template.spec);
                    let spec = match &claim {
                        Some(c) if !c.metadata.is_deleting() => c.clone(),
                        _ => template_claim,
                    };
                    let class = match &claim {
                        Some(c) if !c.metadata.is_deleting() => c.class().to_string(),
                        _ if spec.class_unset() => default_class(cluster).unwrap_or_default(),
                        _ => spec.class().to_string(),
                    };
                    let provisions = cluster
                        .get("StorageClass", "", &class)
                        .and_then(|c| c.as_storage_class().cloned())
                        .is_some_and(|c| c.provisions_dynamically());
                    // A volume pre-bound to the claim by name (PV-08), so no other claim takes it.
                    let waiting = cluster.store.list("PersistentVolume").filter_map(|v| v.as_volume().cloned()).any(|v| {
                        v.spec.claim_ref.as_ref().is_some_and(|r| r.name == claim_name && r.uid.is_empty()) && !v.metadata.is_deleting()
                    });
                    if provisions || waiting {
                        continue;
                    }
                    let volume_name = format!("heal-{pass}-{claim_name}");
                    let size = spec.spec.resources.requests.get("storage").cloned().unwrap_or_else(|| "1Gi".into());
                    let mut yaml = format!(
                        "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: {volume_name}\nspec:\n  capacity:\n    storage: {size}\n  accessModes:\n"
                    );
                    for mode in &spec.spec.access_modes {
                        let _ = writeln!(yaml, "  - {mode}");
                    }
                    if !class.is_empty() {
                        let _ = writeln!(yaml, "  storageClassName: {class}");
                    }
                    let _ = writeln!(yaml, "  claimRef:\n    namespace: default\n    name: {claim_name}");
                    let _ = writeln!(yaml, "  persistentVolumeReclaimPolicy: Retain\n  hostPath:\n    path: /tmp/{volume_name}");
                    text.push_str(&apply(&yaml));
                }
            }
        }
        text
    }
}

/// A claim template's spec read as a claim (what the StatefulSet controller will create).
fn claim_from_template(spec: &PersistentVolumeClaimSpec) -> PersistentVolumeClaim {
    let mut claim = PersistentVolumeClaim { spec: spec.clone(), ..Default::default() };
    claim.metadata.name = "template".into();
    claim.metadata.namespace = "default".into();
    claim
}

/// The default class a claim created now would get (PV-01: the newest default wins).
fn default_class(cluster: &Cluster) -> Option<String> {
    cluster
        .store
        .list("StorageClass")
        .filter_map(|c| c.as_storage_class().cloned())
        .filter(|c| c.is_default())
        .max_by(|a, b| a.metadata.creation_timestamp.cmp(&b.metadata.creation_timestamp).then(b.metadata.name.cmp(&a.metadata.name)))
        .map(|c| c.metadata.name)
}

fn live_statefulsets(cluster: &Cluster) -> Vec<StatefulSet> {
    cluster
        .store
        .list_in("StatefulSet", "default")
        .filter_map(|s| s.as_statefulset().cloned())
        .filter(|s| !s.metadata.is_deleting())
        .collect()
}

fn owned_pods<'a>(cluster: &'a Cluster, uid: &str) -> Vec<&'a Pod> {
    cluster
        .store
        .list_in("Pod", "default")
        .filter_map(|p| p.as_pod())
        .filter(|p| p.metadata.controller_ref().is_some_and(|r| r.uid == uid))
        .collect()
}

/// The hash the DaemonSet controller gives pods of the current template.
fn daemonset_hash(ds: &DaemonSet) -> String {
    crate::sim::controllers::history::compute_hash(&ds.spec.template.encode(), ds.status.as_ref().and_then(|s| s.collision_count))
}

fn apply(yaml: &str) -> String {
    format!("kubectl apply -f - <<EOF\n{yaml}EOF\n")
}

fn taint_spec(key: &str, value: &str, effect: &str) -> String {
    if value.is_empty() {
        format!("{key}:{effect}")
    } else {
        format!("{key}={value}:{effect}")
    }
}

fn json_int_or_string(value: &str) -> String {
    if value.ends_with('%') {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

fn yaml_int_or_string(value: &str) -> String {
    if value.ends_with('%') {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

fn service_yaml(name: &str) -> String {
    apply(&format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}\nspec:\n  clusterIP: None\n  selector:\n    app: {name}\n  ports:\n  - port: 80\n    name: web\n"
    ))
}

fn tolerations_yaml(out: &mut String, tolerations: &[usize]) {
    if tolerations.is_empty() {
        return;
    }
    out.push_str("      tolerations:\n");
    for &index in tolerations {
        let (key, value, effect) = TAINTS[index];
        if value.is_empty() {
            let _ = write!(out, "      - key: {key}\n        operator: Exists\n        effect: {effect}\n");
        } else {
            let _ = write!(out, "      - key: {key}\n        operator: Equal\n        value: \"{value}\"\n        effect: {effect}\n");
        }
    }
}

fn template_metadata_yaml(out: &mut String, name: &str, fault: Option<&str>) {
    let _ = write!(out, "  template:\n    metadata:\n      labels:\n        app: {name}\n");
    if let Some(fault) = fault {
        let _ = writeln!(out, "      annotations:\n        {FAULT_ANNOTATION}: {fault}");
    }
    out.push_str("    spec:\n");
}

fn container_yaml(out: &mut String, image: &str, probe: bool, fault: Option<&str>) {
    let _ = write!(out, "      containers:\n      - name: main\n        image: {image}\n        ports:\n        - containerPort: 80\n");
    if probe || fault == Some("ReadinessFailure") {
        out.push_str(
            "        readinessProbe:\n          httpGet:\n            path: /healthz\n            port: 80\n          periodSeconds: 5\n",
        );
    }
}

fn daemonset_yaml(ds: &DaemonSetModel) -> String {
    let name = &ds.name;
    let mut out = format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\nspec:\n  selector:\n    matchLabels:\n      app: {name}\n"
    );
    if ds.min_ready_seconds > 0 {
        let _ = writeln!(out, "  minReadySeconds: {}", ds.min_ready_seconds);
    }
    match &ds.rolling {
        None => out.push_str("  updateStrategy:\n    type: OnDelete\n"),
        Some((unavailable, surge)) => {
            out.push_str("  updateStrategy:\n    type: RollingUpdate\n");
            if unavailable.is_some() || surge.is_some() {
                out.push_str("    rollingUpdate:\n");
            }
            if let Some(value) = unavailable {
                let _ = writeln!(out, "      maxUnavailable: {}", yaml_int_or_string(value));
            }
            if let Some(value) = surge {
                let _ = writeln!(out, "      maxSurge: {}", yaml_int_or_string(value));
            }
        }
    }
    template_metadata_yaml(&mut out, name, ds.fault);
    if let Some((key, value)) = ds.node_selector {
        let _ = write!(out, "      nodeSelector:\n        {key}: {value}\n");
    }
    tolerations_yaml(&mut out, &ds.tolerations);
    container_yaml(&mut out, &ds_image(ds.image), ds.probe, ds.fault);
    out
}

fn statefulset_yaml(set: &StatefulSetModel) -> String {
    let name = &set.name;
    let mut out = format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  serviceName: {name}\n  replicas: {}\n",
        set.replicas
    );
    if set.parallel {
        out.push_str("  podManagementPolicy: Parallel\n");
    }
    if set.min_ready_seconds > 0 {
        let _ = writeln!(out, "  minReadySeconds: {}", set.min_ready_seconds);
    }
    if let Some(start) = set.ordinals_start {
        let _ = write!(out, "  ordinals:\n    start: {start}\n");
    }
    if let Some((deleted, scaled)) = set.retention {
        let _ = write!(out, "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: {deleted}\n    whenScaled: {scaled}\n");
    }
    match set.rolling {
        None => out.push_str("  updateStrategy:\n    type: OnDelete\n"),
        Some(None) => out.push_str("  updateStrategy:\n    type: RollingUpdate\n"),
        Some(Some(partition)) => {
            let _ = write!(out, "  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n      partition: {partition}\n");
        }
    }
    let _ = write!(out, "  selector:\n    matchLabels:\n      app: {name}\n");
    template_metadata_yaml(&mut out, name, set.fault);
    tolerations_yaml(&mut out, &set.tolerations);
    container_yaml(&mut out, &sts_image(set.image), set.probe, set.fault);
    if !set.claims.is_empty() {
        out.push_str("        volumeMounts:\n");
        for claim in &set.claims {
            let _ = write!(out, "        - name: {}\n          mountPath: /{}\n", claim.name, claim.name);
        }
        out.push_str("  volumeClaimTemplates:\n");
        for claim in &set.claims {
            let modes: Vec<String> = claim.modes.iter().map(|m| format!("\"{m}\"")).collect();
            let _ = write!(out, "  - metadata:\n      name: {}\n    spec:\n      accessModes: [{}]\n", claim.name, modes.join(", "));
            if let Some(class) = claim.class {
                let _ = writeln!(out, "      storageClassName: {class}");
            }
            let _ = write!(out, "      resources:\n        requests:\n          storage: {}\n", claim.size);
        }
    }
    out
}

// ---- liveness -------------------------------------------------------------------------------

/// Whether the claim blocks its pod for good: it is Lost (its volume was deleted, PV-14), or it
/// is Bound to a volume that is gone or whose node affinity no node satisfies (a dynamically
/// provisioned WaitForFirstConsumer volume, or a pinned one, on a node that was removed).
fn claim_blocks(cluster: &Cluster, claim: &PersistentVolumeClaim) -> bool {
    if claim.phase() == "Lost" {
        return true;
    }
    if !claim.is_bound() {
        return false;
    }
    let Some(volume) = cluster.get("PersistentVolume", "", claim.volume_name()).and_then(|v| v.as_volume().cloned()) else {
        return true;
    };
    !cluster.store.list("Node").filter_map(|n| n.as_node()).any(|node| volume::volume_allows_node(&volume, node))
}

/// Whether a pod's bound claims pin it to nodes no single node satisfies: each volume has a
/// node some node can use, but not one node for all (an Immediate claim bound to a volume on
/// one node, a WaitForFirstConsumer one provisioned on another; the scheduler's
/// VolumeBinding filter then rejects every node, "volume node affinity conflict").
fn volumes_conflict(cluster: &Cluster, claims: &[&PersistentVolumeClaim]) -> bool {
    let volumes: Vec<PersistentVolume> = claims
        .iter()
        .filter(|c| c.is_bound())
        .filter_map(|c| cluster.get("PersistentVolume", "", c.volume_name()).and_then(|v| v.as_volume().cloned()))
        .collect();
    volumes.len() > 1
        && !cluster.store.list("Node").filter_map(|n| n.as_node()).any(|node| volumes.iter().all(|v| volume::volume_allows_node(v, node)))
}

/// After healing, the cluster must have converged. Returns how many StatefulSets were excused
/// because volumes do not allow them, or the problems found.
///
/// - Every DaemonSet (not being deleted) has, on every node where
///   [`daemonset::node_should_run_daemon_pod`] says it should run, exactly one live pod, Running,
///   Ready and of the current template; no live pod on any other node; and a status that says
///   so (desired = current = ready = updated = available = eligible nodes, none misscheduled or
///   unavailable, the generation observed).
/// - Every StatefulSet (not being deleted) *when volumes allow* — none of the claims of its pods
///   `start..start+replicas` is Lost or Bound to a volume that is gone or that no node can use
///   ([`claim_blocks`]), and no ordinal's volumes together rule out every node
///   ([`volumes_conflict`]); every other claim can bind, since healing gave each one that needed it
///   a volume — has exactly those pods, Running, Ready and at the update revision, no other live
///   pod, those claims Bound, and a status that says so (replicas = ready = available = updated;
///   under RollingUpdate also currentRevision = updateRevision).
/// - No claim is left Pending that could bind: none with Immediate binding (or no class) that a
///   volume matches (PV-05/06), or whose class provisions dynamically.
pub fn check_liveness(cluster: &Cluster) -> Result<usize, Vec<String>> {
    let mut problems = Vec::new();
    let nodes: Vec<&crate::sim::objects::Node> = cluster.store.list("Node").filter_map(|n| n.as_node()).collect();
    let now = cluster.now;
    for ds in cluster.store.list_in("DaemonSet", "default").filter_map(|d| d.as_daemonset()) {
        if ds.metadata.is_deleting() {
            continue;
        }
        let name = &ds.metadata.name;
        let hash = daemonset_hash(ds);
        let pods: Vec<&Pod> = owned_pods(cluster, &ds.metadata.uid).into_iter().filter(|p| !p.metadata.is_deleting()).collect();
        let mut eligible = 0;
        for node in &nodes {
            let node_name = node.metadata.name.as_str();
            let here: Vec<&&Pod> = pods.iter().filter(|p| daemonset::target_node_name(p) == Some(node_name)).collect();
            if !daemonset::node_should_run_daemon_pod(node, ds).0 {
                if !here.is_empty() {
                    problems.push(format!("DaemonSet {name} has {} pod(s) on {node_name}, which should not run it", here.len()));
                }
                continue;
            }
            eligible += 1;
            match here.as_slice() {
                [pod] => {
                    let updated = daemonset::is_pod_updated(pod, &hash, ds.template_generation());
                    if !(pod.phase() == "Running" && pod.is_ready() && updated) {
                        problems.push(format!(
                            "DaemonSet {name}'s pod {} on {node_name} is {} ready={} updated={updated}",
                            pod.metadata.name,
                            pod.phase(),
                            pod.is_ready()
                        ));
                    }
                }
                _ => problems.push(format!("DaemonSet {name} has {} live pods on {node_name}, wants 1", here.len())),
            }
        }
        let status = ds.status.clone().unwrap_or_default();
        let counts = [
            ("desiredNumberScheduled", status.desired_number_scheduled),
            ("currentNumberScheduled", status.current_number_scheduled),
            ("numberReady", status.number_ready),
            ("updatedNumberScheduled", status.updated_number_scheduled),
            ("numberAvailable", status.number_available),
        ];
        for (field, value) in counts {
            if value != eligible {
                problems.push(format!("DaemonSet {name} status.{field} is {value}, {eligible} nodes should run it"));
            }
        }
        if status.number_misscheduled != 0 || status.number_unavailable != 0 {
            problems.push(format!(
                "DaemonSet {name} status has {} misscheduled and {} unavailable",
                status.number_misscheduled, status.number_unavailable
            ));
        }
        if status.observed_generation != ds.metadata.generation {
            problems.push(format!(
                "DaemonSet {name} observedGeneration {:?} != generation {:?}",
                status.observed_generation, ds.metadata.generation
            ));
        }
    }
    let mut blocked = 0;
    for set in live_statefulsets(cluster) {
        let name = &set.metadata.name;
        let range = set.start_ordinal()..set.start_ordinal() + set.replicas();
        let claims: Vec<(String, Option<PersistentVolumeClaim>)> = range
            .clone()
            .flat_map(|ordinal| {
                set.spec.volume_claim_templates.iter().map(move |t| statefulset::claim_name(&t.metadata.name, name, ordinal))
            })
            .map(|claim| {
                let found = cluster.get("PersistentVolumeClaim", "default", &claim).and_then(|c| c.as_claim().cloned());
                (claim, found)
            })
            .collect();
        let ordinal_unplaceable = range.clone().any(|ordinal| {
            let mine: Vec<&PersistentVolumeClaim> = set
                .spec
                .volume_claim_templates
                .iter()
                .filter_map(|t| {
                    let claim = statefulset::claim_name(&t.metadata.name, name, ordinal);
                    claims.iter().find(|(n, _)| *n == claim).and_then(|(_, c)| c.as_ref())
                })
                .collect();
            volumes_conflict(cluster, &mine)
        });
        if ordinal_unplaceable || claims.iter().any(|(_, c)| c.as_ref().is_some_and(|c| claim_blocks(cluster, c))) {
            blocked += 1;
            continue;
        }
        let status = set.status.clone().unwrap_or_default();
        let pods: Vec<&Pod> = owned_pods(cluster, &set.metadata.uid).into_iter().filter(|p| !p.metadata.is_deleting()).collect();
        for ordinal in range.clone() {
            let pod_name = statefulset::pod_name(name, ordinal);
            match pods.iter().find(|p| p.metadata.name == pod_name) {
                None => problems.push(format!("StatefulSet {name} has no pod {pod_name}")),
                Some(pod) => {
                    let revision = statefulset::pod_revision(pod);
                    if !(statefulset::is_running_and_available(pod, set.min_ready_seconds(), now) && revision == status.update_revision) {
                        problems.push(format!(
                            "StatefulSet {name}'s pod {pod_name} is {} ready={} at revision {revision} (update revision {})",
                            pod.phase(),
                            pod.is_ready(),
                            status.update_revision
                        ));
                    }
                }
            }
        }
        for pod in &pods {
            let ordinal = statefulset::parent_and_ordinal(&pod.metadata.name).map(|(_, o)| o);
            if !ordinal.is_some_and(|o| range.contains(&o)) {
                problems.push(format!("StatefulSet {name} still has pod {} outside {range:?}", pod.metadata.name));
            }
        }
        for (claim, found) in &claims {
            if !found.as_ref().is_some_and(|c| c.is_bound()) {
                let phase = found.as_ref().map_or("missing".to_string(), |c| c.phase().to_string());
                problems.push(format!("StatefulSet {name}'s claim {claim} is {phase}, not Bound"));
            }
        }
        let replicas = set.replicas();
        let counts = [
            ("replicas", status.replicas),
            ("readyReplicas", status.ready_replicas),
            ("availableReplicas", status.available_replicas),
            ("updatedReplicas", status.updated_replicas),
        ];
        for (field, value) in counts {
            if value != replicas {
                problems.push(format!("StatefulSet {name} status.{field} is {value}, wants {replicas}"));
            }
        }
        if !set.is_on_delete() && status.current_revision != status.update_revision {
            problems.push(format!(
                "StatefulSet {name} currentRevision {} != updateRevision {}",
                status.current_revision, status.update_revision
            ));
        }
        if status.observed_generation != set.metadata.generation {
            problems.push(format!(
                "StatefulSet {name} observedGeneration {:?} != generation {:?}",
                status.observed_generation, set.metadata.generation
            ));
        }
    }
    let volumes: Vec<PersistentVolume> = cluster.store.list("PersistentVolume").filter_map(|v| v.as_volume().cloned()).collect();
    for claim in cluster.store.list("PersistentVolumeClaim").filter_map(|c| c.as_claim().cloned()) {
        if claim.is_bound() || claim.phase() == "Lost" || claim.metadata.is_deleting() || volume::delays_binding(cluster, &claim) {
            continue;
        }
        if let Some(found) = volume::find_matching_volume(&volumes, &claim, false) {
            problems.push(format!("claim {} is {:?} while volume {found} matches it", claim.metadata.name, claim.phase()));
        } else if volume::class_of(cluster, &claim).is_some_and(|c| c.provisions_dynamically()) {
            problems.push(format!("claim {} is {:?} while its class provisions volumes", claim.metadata.name, claim.phase()));
        }
    }
    if problems.is_empty() {
        Ok(blocked)
    } else {
        Err(problems)
    }
}
