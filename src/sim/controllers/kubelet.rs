//! The kubelet: for each pod bound to its node it pulls images, starts containers, runs
//! readiness probes and stops containers on deletion, reporting the container states and
//! phases that `kubectl get pods` shows (POD-03/04/08/09). Durations are seeded.

use crate::sim::cluster::{Cluster, Task, FAULT_ANNOTATION};
use crate::sim::controllers::node_lifecycle;
use crate::sim::objects::pod::{
    ContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, ContainerStatus, PodIp, PodStatus,
};
use crate::sim::objects::{Object, Pod};
use crate::sim::store::{ApiError, ObjectKey, Propagation, WatchEvent, WatchEventType};
use crate::sim::time::{Millis, Time, SECOND};
use std::collections::{BTreeMap, BTreeSet};

/// Lease renewal period (NODE-01).
pub const HEARTBEAT_PERIOD_MS: Millis = 10 * SECOND;
/// The kubelet posts its node status at least this often even when nothing changed.
pub const NODE_STATUS_REPORT_MS: Millis = 5 * 60 * SECOND;
/// From the pod being bound to the kubelet's first status write.
pub const KUBELET_WATCH_MS: (Millis, Millis) = (20, 120);
/// Sandbox (pause container + CNI) creation.
pub const SANDBOX_MS: (Millis, Millis) = (400, 1200);
/// A first pull of an image. Registries are not simulated; a product choice within what
/// `docker.io` pulls of small images take.
pub const IMAGE_PULL_MS: (Millis, Millis) = (1500, 6000);
/// A pull with `imagePullPolicy: Always` of an image already on the node (only the manifest).
pub const IMAGE_RECHECK_MS: (Millis, Millis) = (400, 1100);
/// Container create + start after the image is present.
pub const CONTAINER_START_MS: (Millis, Millis) = (100, 400);
/// How long a container takes to exit on its stop signal ("about a second for nginx").
pub const CONTAINER_STOP_MS: (Millis, Millis) = (300, 1300);
/// From the containers' exit to the kubelet's final delete of the pod object.
pub const FINAL_DELETE_MS: (Millis, Millis) = (50, 300);
/// How long a crash-looping container runs before it exits.
pub const CRASH_RUN_MS: (Millis, Millis) = (500, 2000);
/// CrashLoopBackOff / ImagePullBackOff: 10 s doubling to 300 s.
pub const BACKOFF_INITIAL_MS: Millis = 10 * SECOND;
pub const BACKOFF_MAX_MS: Millis = 300 * SECOND;

#[derive(Clone, Debug)]
pub struct Kubelet {
    pub running: bool,
    pub ever_ready: bool,
    pub last_heartbeat: Millis,
    /// When the kubelet last posted its node status unconditionally.
    pub last_status_report: Millis,
    /// Images present on the node.
    pub images: BTreeSet<String>,
    /// Pod runtimes by pod uid.
    pub pods: BTreeMap<String, PodRuntime>,
    index: u32,
    next_ip: u32,
}

impl Kubelet {
    pub fn new(index: u32, ready: bool, now: Millis) -> Kubelet {
        Kubelet {
            running: true,
            ever_ready: ready,
            last_heartbeat: now,
            last_status_report: now,
            images: BTreeSet::new(),
            pods: BTreeMap::new(),
            index,
            next_ip: 1,
        }
    }

    fn allocate_ip(&mut self) -> String {
        self.next_ip = self.next_ip % 250 + 1;
        format!("10.244.{}.{}", self.index, self.next_ip + 1)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    /// Bound, status not yet written.
    New,
    /// ContainerCreating: the sandbox is being set up until the given time.
    Sandbox { until: Millis },
    /// Containers are pulled, started and run.
    Containers,
    /// Stop signal sent; containers exit at `exit_at`.
    Killing { exit_at: Millis },
    /// Terminal status written; the final delete is due.
    Finalizing { delete_at: Millis },
}

#[derive(Clone, Debug, PartialEq)]
pub enum ContainerPhase {
    NotStarted,
    Pulling {
        until: Millis,
        started: Millis,
    },
    PullFailing {
        until: Millis,
    },
    ErrImagePull {
        until: Millis,
    },
    ImagePullBackOff {
        until: Millis,
    },
    Starting {
        until: Millis,
    },
    /// Running; `exit_at` is when the process exits, and with which code.
    Running {
        since: Millis,
        exit_at: Option<(Millis, i64)>,
    },
    /// Exited; shown as terminated until the kubelet reports the back-off.
    Exited {
        until: Millis,
    },
    CrashLoopBackOff {
        until: Millis,
    },
    Stopped {
        exit_code: i64,
    },
}

#[derive(Clone, Debug)]
pub struct ContainerRuntime {
    pub name: String,
    pub image: String,
    pub phase: ContainerPhase,
    pub ready: bool,
    pub restart_count: i64,
    pub backoff_ms: Millis,
    pub last_terminated: Option<ContainerStateTerminated>,
    pub container_id: Option<String>,
    pub next_probe: Option<Millis>,
    /// How the container ended when it will not be restarted (restartPolicy Never/OnFailure).
    pub final_state: Option<ContainerStateTerminated>,
}

#[derive(Clone, Debug)]
pub struct PodRuntime {
    pub stage: Stage,
    pub ip: Option<String>,
    pub containers: Vec<ContainerRuntime>,
    pub fault: Fault,
}

/// Faults a scenario can inject through the pod annotation `kubarium.io/fault`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    None,
    ImagePull,
    CrashLoop,
    Readiness,
}

impl Fault {
    pub fn of(pod: &Pod) -> Fault {
        match pod.metadata.annotations.get(FAULT_ANNOTATION).map(String::as_str) {
            Some("ImagePullFailure") => Fault::ImagePull,
            Some("CrashLoop") => Fault::CrashLoop,
            Some("ReadinessFailure") => Fault::Readiness,
            _ => Fault::None,
        }
    }
}

/// A plausible, stable image size in bytes for the `Pulled` event.
fn image_size_bytes(image: &str) -> u64 {
    let hash = image.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    20_000_000 + hash % 60_000_000
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A stable made-up sha256 digest (64 hex digits) for an image name.
fn image_digest(image: &str) -> String {
    (0u64..4)
        .map(|round| {
            let hash = image.bytes().fold(0xcbf2_9ce4_8422_2325u64 ^ round.wrapping_mul(0x9e37_79b9_7f4a_7c15), |h, b| {
                (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
            });
            format!("{hash:016x}")
        })
        .collect()
}

fn format_go_duration(ms: Millis) -> String {
    if ms < 1000 {
        format!("{ms}ms")
    } else {
        let fraction = format!("{:03}", ms % 1000);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            format!("{}s", ms / 1000)
        } else {
            format!("{}.{fraction}s", ms / 1000)
        }
    }
}

fn pull_policy_always(pod: &Pod, index: usize) -> bool {
    let container = &pod.spec.containers[index];
    match container.image_pull_policy.as_deref() {
        Some("Always") => true,
        Some(_) => false,
        None => {
            let last = container.image.rsplit('/').next().unwrap_or("");
            !last.contains(':') || last.ends_with(":latest")
        }
    }
}

/// How long a container's process runs, read from its command (or its image's default).
/// Images are not simulated, so this is a small table of what lessons run: servers run for
/// ever; a shell image with no command exits at once (the real beginner's CrashLoopBackOff);
/// `sleep N`, `nslookup`, `echo`… exit as those programs do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifetime {
    Forever,
    Exits { after: (Millis, Millis), code: i64 },
}

/// Images whose default command is a shell, which exits at once without a terminal.
pub const SHELL_IMAGES: &[&str] = &["busybox", "alpine", "ubuntu", "debian", "centos", "fedora", "bash", "rockylinux"];

const QUICK_EXIT_MS: (Millis, Millis) = (100, 600);

pub fn container_lifetime(container: &crate::sim::objects::pod::Container, resolves: &dyn Fn(&str) -> bool) -> Lifetime {
    let words: Vec<&str> = container.command.iter().flatten().chain(container.args.iter().flatten()).map(String::as_str).collect();
    if container.command.is_none() {
        let repository = container.image.rsplit('/').next().unwrap_or("").split([':', '@']).next().unwrap_or("");
        if !SHELL_IMAGES.contains(&repository) {
            return Lifetime::Forever; // The image's own server process.
        }
        if words.is_empty() {
            return Lifetime::Exits { after: QUICK_EXIT_MS, code: 0 };
        }
    }
    lifetime_of_words(&words, resolves)
}

fn lifetime_of_words(words: &[&str], resolves: &dyn Fn(&str) -> bool) -> Lifetime {
    let Some(first) = words.first() else { return Lifetime::Forever };
    let program = first.rsplit('/').next().unwrap_or(first);
    let quick = |code| Lifetime::Exits { after: QUICK_EXIT_MS, code };
    match program {
        "sh" | "bash" | "ash" if words.get(1) == Some(&"-c") => {
            let script = words[2..].join(" ");
            if ["while true", "while :", "sleep infinity", "tail -f", "nginx", "httpd"].iter().any(|forever| script.contains(forever)) {
                return Lifetime::Forever;
            }
            // Only a last, unconditional `exit N` decides the code; `… || exit 1` is a guard.
            let last = script.rsplit([';', '\n']).find(|s| !s.trim().is_empty()).unwrap_or("").trim();
            let code = last.strip_prefix("exit ").and_then(|c| c.trim().parse().ok()).unwrap_or(0);
            let sleep =
                script.split("sleep ").nth(1).and_then(|rest| rest.split(|c: char| c == ';' || c == '&' || c.is_whitespace()).next());
            match sleep.and_then(crate::sim::time::parse_duration) {
                Some(ms) => Lifetime::Exits { after: (ms, ms + 200), code },
                None => quick(code),
            }
        }
        "sleep" => match words.get(1).copied() {
            Some("infinity") | None => Lifetime::Forever,
            Some(duration) => match crate::sim::time::parse_duration(duration) {
                Some(ms) => Lifetime::Exits { after: (ms, ms + 100), code: 0 },
                None => quick(1),
            },
        },
        "true" | "echo" | "date" | "env" | "hostname" | "cat" | "ls" | "printenv" | "whoami" | "id" | "uname" => quick(0),
        "false" => quick(1),
        "nslookup" => quick(if words.get(1).is_some_and(|name| resolves(name)) { 0 } else { 1 }),
        _ => Lifetime::Forever,
    }
}

// ---- informer -----------------------------------------------------------------------------

pub fn on_pod_event(cluster: &mut Cluster, event: &WatchEvent) {
    let Some(pod) = event.object.as_pod() else { return };
    let node = pod.spec.node_name.clone();
    if node.is_empty() {
        return;
    }
    if event.type_ == WatchEventType::Deleted {
        if let Some(kubelet) = cluster.kubelets.get_mut(&node) {
            kubelet.pods.remove(&pod.metadata.uid);
        }
        return;
    }
    if !cluster.kubelets.get(&node).is_some_and(|k| k.running) {
        return;
    }
    let delay = cluster.rng.between(KUBELET_WATCH_MS.0, KUBELET_WATCH_MS.1);
    let task = Task::KubeletSyncPod { node, namespace: pod.metadata.namespace.clone(), name: pod.metadata.name.clone() };
    cluster.schedule(delay, task);
}

// ---- node-level --------------------------------------------------------------------------

pub fn heartbeat(cluster: &mut Cluster, node: &str) {
    let now = cluster.now;
    let Some(kubelet) = cluster.kubelets.get_mut(node) else { return };
    if !kubelet.running {
        return;
    }
    kubelet.last_heartbeat = now;
    let ever_ready = kubelet.ever_ready;
    let report_due = now - kubelet.last_status_report >= NODE_STATUS_REPORT_MS;
    if report_due {
        kubelet.last_status_report = now;
    }
    // A kubelet back from an outage posts its status with the heartbeat.
    let stale = cluster.get("Node", "", node).and_then(|n| n.as_node()).is_some_and(|n| n.ready_status() == "Unknown");
    if stale && ever_ready {
        node_lifecycle::post_ready_status(cluster, node);
    } else if report_due && ever_ready {
        // `nodeStatusReportFrequency`: unchanged conditions are re-posted every 5 minutes.
        node_lifecycle::post_ready_status(cluster, node);
    }
    cluster.schedule(HEARTBEAT_PERIOD_MS, Task::KubeletHeartbeat { node: node.to_string() });
}

pub fn become_ready(cluster: &mut Cluster, node: &str) {
    let Some(kubelet) = cluster.kubelets.get_mut(node) else { return };
    if !kubelet.running {
        return;
    }
    kubelet.ever_ready = true;
    node_lifecycle::post_ready_status(cluster, node);
}

/// `node start`: heartbeats resume, the node posts Ready, and every pod bound here re-syncs.
pub fn restart(cluster: &mut Cluster, node: &str) -> Result<(), String> {
    let now = cluster.now;
    let kubelet = cluster.kubelets.get_mut(node).ok_or_else(|| format!("node \"{node}\" not found"))?;
    if kubelet.running {
        return Ok(());
    }
    kubelet.running = true;
    kubelet.last_heartbeat = now;
    let ever_ready = kubelet.ever_ready;
    if ever_ready {
        node_lifecycle::post_ready_status(cluster, node);
    } else {
        let delay = cluster.rng.between(node_lifecycle::NODE_JOIN_READY_MS.0, node_lifecycle::NODE_JOIN_READY_MS.1);
        cluster.schedule(delay, Task::KubeletBecomesReady { node: node.to_string() });
    }
    cluster.schedule(HEARTBEAT_PERIOD_MS, Task::KubeletHeartbeat { node: node.to_string() });
    let pods: Vec<(String, String)> =
        cluster.pods_on_node(node).iter().map(|p| (p.namespace().to_string(), p.name().to_string())).collect();
    for (namespace, name) in pods {
        cluster.schedule(0, Task::KubeletSyncPod { node: node.to_string(), namespace, name });
    }
    Ok(())
}

// ---- the pod worker ----------------------------------------------------------------------

fn draw(cluster: &mut Cluster, range: (Millis, Millis)) -> Millis {
    cluster.rng.between(range.0, range.1)
}

fn event(cluster: &mut Cluster, pod: &Object, type_: &str, reason: &str, message: &str, node: &str) {
    cluster.record_event(pod, type_, reason, message, "kubelet", node);
}

/// One pass of the pod worker: advance whatever is due, write the status, arm the next timer.
pub fn sync_pod(cluster: &mut Cluster, node: &str, namespace: &str, name: &str) {
    if !cluster.kubelets.get(node).is_some_and(|k| k.running) {
        return;
    }
    let Some(object) = cluster.get("Pod", namespace, name).cloned() else { return };
    let Some(pod) = object.as_pod().cloned() else { return };
    if pod.spec.node_name != node {
        return;
    }
    let uid = pod.metadata.uid.clone();
    let kubelet = cluster.kubelets.get_mut(node).expect("running kubelet");
    let mut runtime = kubelet.pods.remove(&uid).unwrap_or_else(|| PodRuntime {
        stage: Stage::New,
        ip: None,
        containers: pod
            .spec
            .containers
            .iter()
            .map(|c| ContainerRuntime {
                name: c.name.clone(),
                image: c.image.clone(),
                phase: ContainerPhase::NotStarted,
                ready: false,
                restart_count: 0,
                backoff_ms: BACKOFF_INITIAL_MS,
                last_terminated: None,
                container_id: None,
                next_probe: None,
                final_state: None,
            })
            .collect(),
        fault: Fault::of(&pod),
    });
    if pod.is_terminal() && !pod.metadata.is_deleting() {
        // A finished pod stays as it is until someone deletes it.
        cluster.kubelets.get_mut(node).expect("kubelet").pods.insert(uid, runtime);
        return;
    }
    let next = if pod.metadata.is_deleting() {
        step_termination(cluster, node, &object, &pod, &mut runtime)
    } else {
        step_lifecycle(cluster, node, &object, &pod, &mut runtime)
    };
    let Some(next) = next else {
        return; // The pod object is gone.
    };
    // The status manager reports once the sandbox exists (PLEG's first event), so the first
    // ContainerCreating row already carries the pod IP: one such row per pod, as in POD-10a.
    if !matches!(runtime.stage, Stage::Sandbox { .. }) {
        write_status(cluster, &pod, &runtime);
    }
    let looping = runtime_is_looping(&runtime);
    if let Some(kubelet) = cluster.kubelets.get_mut(node) {
        kubelet.pods.insert(uid, runtime);
    }
    if let Some(at) = next.sync_at {
        let (node, namespace, name) = (node.into(), namespace.into(), name.into());
        // A pod in a restart or image-pull back-off loop is not "in transition" for `settle`.
        let task = if looping { Task::KubeletBackOff { node, namespace, name } } else { Task::KubeletSyncPod { node, namespace, name } };
        cluster.schedule_at(at, task);
    }
    if let Some(at) = next.probe_at {
        cluster.schedule_at(at, Task::KubeletProbe { node: node.into(), namespace: namespace.into(), name: name.into() });
    }
}

/// Whether a container is in a CrashLoopBackOff or ImagePullBackOff cycle.
fn runtime_is_looping(runtime: &PodRuntime) -> bool {
    runtime.containers.iter().any(|c| {
        c.restart_count > 0
            || c.last_terminated.is_some()
            || c.backoff_ms > BACKOFF_INITIAL_MS
            || matches!(
                c.phase,
                ContainerPhase::Exited { .. }
                    | ContainerPhase::CrashLoopBackOff { .. }
                    | ContainerPhase::ErrImagePull { .. }
                    | ContainerPhase::ImagePullBackOff { .. }
            )
    })
}

#[derive(Default)]
struct NextWake {
    sync_at: Option<Millis>,
    probe_at: Option<Millis>,
}

impl NextWake {
    fn sync(&mut self, at: Millis) {
        self.sync_at = Some(self.sync_at.map_or(at, |s| s.min(at)));
    }
    fn probe(&mut self, at: Millis) {
        self.probe_at = Some(self.probe_at.map_or(at, |s| s.min(at)));
    }
}

fn step_lifecycle(cluster: &mut Cluster, node: &str, object: &Object, pod: &Pod, runtime: &mut PodRuntime) -> Option<NextWake> {
    let now = cluster.now;
    let mut next = NextWake::default();
    match runtime.stage {
        Stage::New => {
            let until = now + draw(cluster, SANDBOX_MS);
            runtime.stage = Stage::Sandbox { until };
            next.sync(until);
            return Some(next);
        }
        Stage::Sandbox { until } if until > now => {
            next.sync(until);
            return Some(next);
        }
        Stage::Sandbox { .. } => {
            runtime.ip = Some(cluster.kubelets.get_mut(node).expect("kubelet").allocate_ip());
            runtime.stage = Stage::Containers;
        }
        Stage::Containers => {}
        Stage::Killing { .. } | Stage::Finalizing { .. } => return Some(next),
    }
    // Containers start one after another, as the kubelet's SyncPod does.
    for index in 0..runtime.containers.len() {
        let previous_started = index == 0
            || !matches!(
                runtime.containers[index - 1].phase,
                ContainerPhase::NotStarted | ContainerPhase::Pulling { .. } | ContainerPhase::Starting { .. }
            );
        if !previous_started {
            break;
        }
        step_container(cluster, node, object, pod, runtime, index, &mut next);
    }
    Some(next)
}

fn step_container(
    cluster: &mut Cluster,
    node: &str,
    object: &Object,
    pod: &Pod,
    runtime: &mut PodRuntime,
    index: usize,
    next: &mut NextWake,
) {
    let now = cluster.now;
    let fault = runtime.fault;
    let image = runtime.containers[index].image.clone();
    let container_name = runtime.containers[index].name.clone();
    let pod_ref = format!("{}_{}({})", pod.metadata.name, pod.metadata.namespace, pod.metadata.uid);
    // Each arm moves the container at most one step; a follow-up step is armed by `next`.
    let phase = runtime.containers[index].phase.clone();
    let new_phase = match phase {
        ContainerPhase::NotStarted => {
            let cached = cluster.kubelets.get(node).is_some_and(|k| k.images.contains(&image));
            if fault == Fault::ImagePull {
                event(cluster, object, "Normal", "Pulling", &format!("Pulling image \"{image}\""), node);
                ContainerPhase::PullFailing { until: now + draw(cluster, IMAGE_RECHECK_MS) }
            } else if cached && !pull_policy_always(pod, index) {
                let message = format!("Container image \"{image}\" already present on machine and can be accessed by the pod");
                event(cluster, object, "Normal", "Pulled", &message, node);
                ContainerPhase::Starting { until: now + draw(cluster, CONTAINER_START_MS) }
            } else {
                event(cluster, object, "Normal", "Pulling", &format!("Pulling image \"{image}\""), node);
                let range = if cached { IMAGE_RECHECK_MS } else { IMAGE_PULL_MS };
                ContainerPhase::Pulling { until: now + draw(cluster, range), started: now }
            }
        }
        ContainerPhase::Pulling { until, started } if until <= now => {
            let took = format_go_duration(until - started);
            let message = format!(
                "Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {} bytes.",
                image_size_bytes(&image)
            );
            event(cluster, object, "Normal", "Pulled", &message, node);
            if let Some(kubelet) = cluster.kubelets.get_mut(node) {
                kubelet.images.insert(image.clone());
            }
            ContainerPhase::Starting { until: now + draw(cluster, CONTAINER_START_MS) }
        }
        ContainerPhase::PullFailing { until } if until <= now => {
            let reference = if image.contains('/') { image.clone() } else { format!("docker.io/library/{image}") };
            let message = format!(
                "Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": {reference}: not found"
            );
            event(cluster, object, "Warning", "Failed", &message, node);
            event(cluster, object, "Warning", "Failed", "Error: ErrImagePull", node);
            ContainerPhase::ErrImagePull { until: now + draw(cluster, (500, 1500)) }
        }
        ContainerPhase::ErrImagePull { until } if until <= now => {
            event(cluster, object, "Normal", "BackOff", &format!("Back-off pulling image \"{image}\""), node);
            event(cluster, object, "Warning", "Failed", "Error: ImagePullBackOff", node);
            let container = &mut runtime.containers[index];
            let wait = container.backoff_ms;
            container.backoff_ms = (container.backoff_ms * 2).min(BACKOFF_MAX_MS);
            ContainerPhase::ImagePullBackOff { until: now + wait }
        }
        ContainerPhase::ImagePullBackOff { until } if until <= now => {
            event(cluster, object, "Normal", "Pulling", &format!("Pulling image \"{image}\""), node);
            ContainerPhase::PullFailing { until: now + draw(cluster, IMAGE_RECHECK_MS) }
        }
        ContainerPhase::Starting { until } if until <= now => {
            event(cluster, object, "Normal", "Created", &format!("Created container: {container_name}"), node);
            event(cluster, object, "Normal", "Started", &format!("Started container {container_name}"), node);
            let (a, b) = (cluster.rng.between(0, i64::MAX) as u64, cluster.rng.between(0, i64::MAX) as u64);
            // containerd ids are 64 hex digits; the last two words are mixed from the draws.
            let container_id = format!("containerd://{a:016x}{b:016x}{:016x}{:016x}", splitmix64(a ^ b), splitmix64(a.wrapping_add(b)));
            let spec = &pod.spec.containers[index];
            let exit_at = if fault == Fault::CrashLoop {
                Some((now + draw(cluster, CRASH_RUN_MS), 1))
            } else {
                let resolves = |name: &str| crate::sim::dns::resolve_from(cluster, &pod.metadata.namespace, name).is_some();
                match container_lifetime(spec, &resolves) {
                    Lifetime::Forever => None,
                    Lifetime::Exits { after, code } => Some((now + draw(cluster, after), code)),
                }
            };
            let container = &mut runtime.containers[index];
            container.container_id = Some(container_id);
            match &spec.readiness_probe {
                Some(probe) => {
                    container.ready = false;
                    container.next_probe = Some(now + probe.initial_delay_seconds.unwrap_or(0).max(0) * SECOND);
                }
                None => container.ready = true,
            }
            ContainerPhase::Running { since: now, exit_at }
        }
        ContainerPhase::Running { since, exit_at: Some((at, code)) } if at <= now => {
            let container = &mut runtime.containers[index];
            container.ready = false;
            container.next_probe = None;
            let terminated = ContainerStateTerminated {
                exit_code: code,
                reason: Some(if code == 0 { "Completed" } else { "Error" }.into()),
                started_at: Some(Time(since)),
                finished_at: Some(Time(now)),
                container_id: container.container_id.clone(),
                ..Default::default()
            };
            let restarts = match pod.spec.restart_policy.as_deref().unwrap_or("Always") {
                "Never" => false,
                "OnFailure" => code != 0,
                _ => true,
            };
            if restarts {
                container.last_terminated = Some(terminated);
                ContainerPhase::Exited { until: now + draw(cluster, (200, 900)) }
            } else {
                container.final_state = Some(terminated);
                ContainerPhase::Stopped { exit_code: code }
            }
        }
        ContainerPhase::Exited { until } if until <= now => {
            let container = &mut runtime.containers[index];
            container.restart_count += 1;
            let wait = container.backoff_ms;
            container.backoff_ms = (container.backoff_ms * 2).min(BACKOFF_MAX_MS);
            let message = format!("Back-off restarting failed container {container_name} in pod {pod_ref}");
            event(cluster, object, "Warning", "BackOff", &message, node);
            ContainerPhase::CrashLoopBackOff { until: now + wait }
        }
        ContainerPhase::CrashLoopBackOff { until } if until <= now => {
            let message = format!("Container image \"{image}\" already present on machine and can be accessed by the pod");
            event(cluster, object, "Normal", "Pulled", &message, node);
            ContainerPhase::Starting { until: now + draw(cluster, CONTAINER_START_MS) }
        }
        unchanged => unchanged,
    };
    let container = &mut runtime.containers[index];
    container.phase = new_phase;
    match container.phase {
        ContainerPhase::Pulling { until, .. }
        | ContainerPhase::PullFailing { until }
        | ContainerPhase::ErrImagePull { until }
        | ContainerPhase::ImagePullBackOff { until }
        | ContainerPhase::Starting { until }
        | ContainerPhase::Exited { until }
        | ContainerPhase::CrashLoopBackOff { until } => next.sync(until),
        ContainerPhase::Running { exit_at: Some((at, _)), .. } => next.sync(at),
        ContainerPhase::NotStarted => next.sync(now),
        _ => {}
    }
    if let Some(at) = container.next_probe {
        next.probe(at);
    }
}

/// Readiness probes (POD-08): the first after `initialDelaySeconds`, then every
/// `periodSeconds` until it succeeds (a failing probe keeps the pod 0/1, with `Unhealthy`).
pub fn probe(cluster: &mut Cluster, node: &str, namespace: &str, name: &str) {
    if !cluster.kubelets.get(node).is_some_and(|k| k.running) {
        return;
    }
    let Some(object) = cluster.get("Pod", namespace, name).cloned() else { return };
    let Some(pod) = object.as_pod().cloned() else { return };
    let now = cluster.now;
    let uid = pod.metadata.uid.clone();
    let Some(mut runtime) = cluster.kubelets.get_mut(node).and_then(|k| k.pods.remove(&uid)) else { return };
    let mut next_probe: Option<Millis> = None;
    let mut failed = Vec::new();
    for (index, container) in runtime.containers.iter_mut().enumerate() {
        let Some(due) = container.next_probe else { continue };
        let Some(probe) = pod.spec.containers.get(index).and_then(|c| c.readiness_probe.as_ref()) else { continue };
        if due > now {
            next_probe = Some(next_probe.map_or(due, |n| n.min(due)));
            continue;
        }
        if !matches!(container.phase, ContainerPhase::Running { .. }) || pod.metadata.is_deleting() {
            container.next_probe = None;
            continue;
        }
        if runtime.fault == Fault::Readiness {
            failed.push(probe_failure_message(probe, runtime.ip.as_deref().unwrap_or("")));
            let at = now + probe.period_seconds.unwrap_or(10).max(1) * SECOND;
            container.next_probe = Some(at);
            next_probe = Some(next_probe.map_or(at, |n| n.min(at)));
        } else {
            container.ready = true;
            container.next_probe = None;
        }
    }
    for message in failed {
        event(cluster, &object, "Warning", "Unhealthy", &message, node);
    }
    write_status(cluster, &pod, &runtime);
    if let Some(kubelet) = cluster.kubelets.get_mut(node) {
        kubelet.pods.insert(uid, runtime);
    }
    if let Some(at) = next_probe {
        cluster.schedule_at(at, Task::KubeletProbe { node: node.into(), namespace: namespace.into(), name: name.into() });
    }
}

fn probe_failure_message(probe: &crate::sim::objects::pod::Probe, ip: &str) -> String {
    if let Some(http) = &probe.http_get {
        let port = http.get("port").map(|p| p.to_string().trim_matches('"').to_string()).unwrap_or_default();
        let path = http.get("path").and_then(|p| p.as_str()).unwrap_or("/");
        return format!("Readiness probe failed: Get \"http://{ip}:{port}{path}\": dial tcp {ip}:{port}: connect: connection refused");
    }
    if let Some(tcp) = &probe.tcp_socket {
        let port = tcp.get("port").map(|p| p.to_string().trim_matches('"').to_string()).unwrap_or_default();
        return format!("Readiness probe failed: dial tcp {ip}:{port}: connect: connection refused");
    }
    "Readiness probe failed: command failed with exit code 1".to_string()
}

fn step_termination(cluster: &mut Cluster, node: &str, object: &Object, pod: &Pod, runtime: &mut PodRuntime) -> Option<NextWake> {
    let now = cluster.now;
    let mut next = NextWake::default();
    match runtime.stage {
        Stage::Killing { exit_at } if exit_at > now => next.sync(exit_at),
        Stage::Killing { .. } => {
            for container in runtime.containers.iter_mut() {
                if let ContainerPhase::Running { since, .. } = container.phase {
                    container.last_terminated = None;
                    container.phase = ContainerPhase::Stopped { exit_code: 0 };
                    container.ready = false;
                    let _ = since;
                } else if !matches!(container.phase, ContainerPhase::Stopped { .. }) {
                    container.phase = ContainerPhase::Stopped { exit_code: 137 };
                    container.ready = false;
                }
            }
            let delete_at = now + draw(cluster, FINAL_DELETE_MS);
            runtime.stage = Stage::Finalizing { delete_at };
            next.sync(delete_at);
        }
        Stage::Finalizing { delete_at } if delete_at > now => next.sync(delete_at),
        Stage::Finalizing { .. } => {
            // The status manager's final delete; refused, it is tried again next period.
            if cluster.delete(&ObjectKey::of(object), Some(0), Propagation::Background).is_err() {
                next.sync(now + STATUS_SYNC_PERIOD_MS);
                return Some(next);
            }
            return None;
        }
        _ => {
            let running: Vec<String> =
                runtime.containers.iter().filter(|c| matches!(c.phase, ContainerPhase::Running { .. })).map(|c| c.name.clone()).collect();
            for name in &running {
                event(cluster, object, "Normal", "Killing", &format!("Stopping container {name}"), node);
            }
            if running.is_empty() && runtime.stage == Stage::New {
                // Never started: nothing to stop, the pod object can go.
                if cluster.delete(&ObjectKey::of(object), Some(0), Propagation::Background).is_err() {
                    next.sync(now + STATUS_SYNC_PERIOD_MS);
                    return Some(next);
                }
                return None;
            }
            let grace_ms = pod.metadata.deletion_grace_period_seconds.unwrap_or(30).max(0) * SECOND;
            let stop = if running.is_empty() { 0 } else { draw(cluster, CONTAINER_STOP_MS) };
            let exit_at = now + stop.min(grace_ms);
            runtime.stage = Stage::Killing { exit_at };
            next.sync(exit_at);
        }
    }
    Some(next)
}

// ---- status ------------------------------------------------------------------------------

/// The status the kubelet reports for the runtime state (a pure function of it).
pub fn pod_status(pod: &Pod, runtime: &PodRuntime, host_ip: Option<String>, now: Millis) -> PodStatus {
    let mut status = pod.status.clone().unwrap_or_default();
    let stamp = Time(now);
    if runtime.stage == Stage::New {
        return status;
    }
    status.host_ip = host_ip.clone();
    status.host_ips = host_ip.map(|ip| vec![PodIp { ip }]);
    if status.start_time.is_none() {
        status.start_time = Some(stamp);
    }
    if let Some(ip) = &runtime.ip {
        status.pod_ip = Some(ip.clone());
        status.pod_ips = Some(vec![PodIp { ip: ip.clone() }]);
    }
    status.qos_class = Some(qos_class(pod));
    let sandbox_ready = !matches!(runtime.stage, Stage::Sandbox { .. }) && runtime.ip.is_some();
    let stopped_all = runtime.containers.iter().all(|c| matches!(c.phase, ContainerPhase::Stopped { .. }));
    status.container_statuses = runtime.containers.iter().map(|c| container_status(pod, c)).collect();
    let unready: Vec<&str> = runtime.containers.iter().filter(|c| !c.ready).map(|c| c.name.as_str()).collect();
    let all_ready = unready.is_empty();
    let unready_message = format!("containers with unready status: [{}]", unready.join(" "));
    let (reason, message) = if all_ready { (None, None) } else { (Some("ContainersNotReady"), Some(unready_message.as_str())) };
    let sandbox = if sandbox_ready && !stopped_all { "True" } else { "False" };
    status.set_condition("PodReadyToStartContainers", sandbox, None, None, stamp);
    status.set_condition("Initialized", "True", None, None, stamp);
    let ready = if all_ready { "True" } else { "False" };
    let completed = stopped_all.then_some("PodCompleted");
    status.set_condition("Ready", ready, completed.or(reason), if stopped_all { None } else { message }, stamp);
    status.set_condition("ContainersReady", ready, completed.or(reason), if stopped_all { None } else { message }, stamp);
    status.phase = phase(runtime).to_string();
    status
}

/// The kubelet's `getPhase` for restartPolicy Always pods, and terminal phases on deletion.
fn phase(runtime: &PodRuntime) -> &'static str {
    let (mut waiting, mut running, mut stopped, mut failed) = (0, 0, 0, 0);
    for c in &runtime.containers {
        match &c.phase {
            ContainerPhase::Running { .. } => running += 1,
            ContainerPhase::Stopped { exit_code } => {
                stopped += 1;
                if *exit_code != 0 {
                    failed += 1;
                }
            }
            ContainerPhase::Exited { .. } => stopped += 1,
            _ if c.last_terminated.is_some() => stopped += 1,
            _ => waiting += 1,
        }
    }
    // Terminal when every container has stopped for good: on deletion, or when the restart
    // policy does not bring them back (`getPhase`).
    if stopped == runtime.containers.len() && runtime.containers.iter().all(|c| matches!(c.phase, ContainerPhase::Stopped { .. })) {
        return if failed == 0 { "Succeeded" } else { "Failed" };
    }
    if waiting > 0 {
        "Pending"
    } else if running > 0 || stopped > 0 {
        "Running"
    } else {
        "Pending"
    }
}

fn container_status(pod: &Pod, c: &ContainerRuntime) -> ContainerStatus {
    let waiting = |reason: &str, message: Option<String>| ContainerState {
        waiting: Some(ContainerStateWaiting { reason: Some(reason.into()), message }),
        ..Default::default()
    };
    let pod_ref = format!("{}_{}({})", pod.metadata.name, pod.metadata.namespace, pod.metadata.uid);
    let state = match &c.phase {
        ContainerPhase::NotStarted
        | ContainerPhase::Pulling { .. }
        | ContainerPhase::PullFailing { .. }
        | ContainerPhase::Starting { .. } => {
            if c.last_terminated.is_some() {
                waiting(
                    "CrashLoopBackOff",
                    Some(format!("back-off {}s restarting failed container={} pod={pod_ref}", c.backoff_ms / 2000, c.name)),
                )
            } else {
                waiting("ContainerCreating", None)
            }
        }
        ContainerPhase::ErrImagePull { .. } => {
            waiting("ErrImagePull", Some(format!("failed to pull and unpack image \"{}\": not found", c.image)))
        }
        ContainerPhase::ImagePullBackOff { .. } => waiting("ImagePullBackOff", Some(format!("Back-off pulling image \"{}\"", c.image))),
        ContainerPhase::Running { since, .. } => {
            ContainerState { running: Some(ContainerStateRunning { started_at: Some(Time(*since)) }), ..Default::default() }
        }
        ContainerPhase::Exited { .. } => ContainerState { terminated: c.last_terminated.clone(), ..Default::default() },
        ContainerPhase::CrashLoopBackOff { .. } => waiting(
            "CrashLoopBackOff",
            Some(format!("back-off {}s restarting failed container={} pod={pod_ref}", c.backoff_ms / 2000, c.name)),
        ),
        ContainerPhase::Stopped { exit_code } => ContainerState {
            terminated: Some(c.final_state.clone().unwrap_or_else(|| ContainerStateTerminated {
                exit_code: *exit_code,
                reason: Some(if *exit_code == 0 { "Completed" } else { "Error" }.into()),
                container_id: c.container_id.clone(),
                ..Default::default()
            })),
            ..Default::default()
        },
    };
    let last_state = match (&c.phase, &c.last_terminated) {
        (ContainerPhase::Exited { .. }, _) => ContainerState::default(),
        (_, Some(t)) => ContainerState { terminated: Some(t.clone()), ..Default::default() },
        _ => ContainerState::default(),
    };
    let running = matches!(c.phase, ContainerPhase::Running { .. });
    let image_id = if c.container_id.is_some() || c.last_terminated.is_some() {
        let repository = c.image.split(':').next().unwrap_or("");
        let repository =
            if repository.contains('/') { format!("docker.io/{repository}") } else { format!("docker.io/library/{repository}") };
        format!("{repository}@sha256:{}", image_digest(&c.image))
    } else {
        String::new()
    };
    ContainerStatus {
        name: c.name.clone(),
        state,
        last_state,
        ready: c.ready && running,
        restart_count: c.restart_count,
        image: c.image.clone(),
        image_id,
        container_id: c.container_id.clone(),
        started: Some(running),
    }
}

fn qos_class(pod: &Pod) -> String {
    let containers = &pod.spec.containers;
    let any = containers.iter().any(|c| !c.resources.requests.is_empty() || !c.resources.limits.is_empty());
    if !any {
        return "BestEffort".into();
    }
    let guaranteed = containers.iter().all(|c| {
        ["cpu", "memory"].iter().all(|r| {
            let limit = c.resources.limits.get(*r);
            limit.is_some() && c.resources.requests.get(*r).is_none_or(|q| Some(q) == limit)
        })
    });
    if guaranteed { "Guaranteed" } else { "Burstable" }.into()
}

fn write_status(cluster: &mut Cluster, pod: &Pod, runtime: &PodRuntime) {
    let host_ip = cluster.get("Node", "", &pod.spec.node_name).and_then(|n| n.as_node()).and_then(|n| n.internal_ip().map(str::to_string));
    // Read the latest object: another controller may have written since this step began.
    let key = ObjectKey::new("Pod", &pod.metadata.namespace, &pod.metadata.name);
    let Some(current) = cluster.get("Pod", &pod.metadata.namespace, &pod.metadata.name).and_then(|p| p.as_pod().cloned()) else {
        return;
    };
    if current.metadata.uid != pod.metadata.uid {
        return;
    }
    let status = pod_status(&current, runtime, host_ip, cluster.now);
    if current.status.as_ref() == Some(&status) {
        return;
    }
    let written = cluster.modify(&key, |o| {
        if let Object::Pod(p) = o {
            p.status = Some(status);
        }
    });
    // The status manager keeps a refused status and posts it again on its next batch (a pod
    // that is gone has nothing to post).
    if written.is_err_and(|e| !matches!(e, ApiError::NotFound { .. })) {
        retry_sync(cluster, pod);
    }
}

/// `syncBatch`: the status manager posts what the API server refused on its next period.
pub const STATUS_SYNC_PERIOD_MS: Millis = 10 * SECOND;

fn retry_sync(cluster: &mut Cluster, pod: &Pod) {
    let task = Task::KubeletSyncPod {
        node: pod.spec.node_name.clone(),
        namespace: pod.metadata.namespace.clone(),
        name: pod.metadata.name.clone(),
    };
    cluster.schedule(STATUS_SYNC_PERIOD_MS, task);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::objects::pod::Container;

    fn container(image: &str, command: Option<&[&str]>, args: Option<&[&str]>) -> Container {
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect();
        Container { name: "c".into(), image: image.into(), command: command.map(owned), args: args.map(owned), ..Default::default() }
    }

    #[test]
    fn servers_run_for_ever_and_shells_exit() {
        let never = |_: &str| false;
        assert_eq!(container_lifetime(&container("nginx:1.27", None, None), &never), Lifetime::Forever);
        assert_eq!(container_lifetime(&container("busybox:1.36", None, None), &never), Lifetime::Exits { after: QUICK_EXIT_MS, code: 0 });
        assert_eq!(container_lifetime(&container("busybox", Some(&["sleep", "infinity"]), None), &never), Lifetime::Forever);
        assert_eq!(
            container_lifetime(&container("busybox", Some(&["sleep", "30"]), None), &never),
            Lifetime::Exits { after: (30_000, 30_100), code: 0 }
        );
        assert_eq!(
            container_lifetime(&container("busybox", None, Some(&["sh", "-c", "echo hi; exit 3"])), &never),
            Lifetime::Exits { after: QUICK_EXIT_MS, code: 3 }
        );
        assert_eq!(
            container_lifetime(&container("busybox", Some(&["sh", "-c", "while true; do sleep 1; done"]), None), &never),
            Lifetime::Forever
        );
        let web0 = |name: &str| name == "web-0.nginx";
        assert_eq!(
            container_lifetime(&container("busybox:1.28", None, Some(&["nslookup", "web-0.nginx"])), &web0),
            Lifetime::Exits { after: QUICK_EXIT_MS, code: 0 }
        );
        assert_eq!(
            container_lifetime(&container("busybox:1.28", None, Some(&["nslookup", "web-9.nginx"])), &web0),
            Lifetime::Exits { after: QUICK_EXIT_MS, code: 1 }
        );
    }
}
