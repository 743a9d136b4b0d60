//! The playground behind the page: one [`Session`] (the cluster and the command language), the
//! log of what the user did (the intents, each at the simulated time it happened), and the
//! calls the page makes: apply the editor (all or nothing), run a console command, advance the
//! clock, step to the next change, reset.
//!
//! The same seed and the same intents give the same history, so the log is all a reload (or,
//! later, a share link) needs: [`Playground::replay`] rebuilds the scenario from it.

use super::presets;
use super::project::{self, EventRow, ObjectRef, PodView, Snapshot, Tone};
use crate::kubectl::apply::{apply_all_or_nothing, AtomicApply};
use crate::kubectl::{CommandOutput, Session};
use crate::sim::cluster::Config;
use crate::sim::objects::codec::{self, Decode, DecodeError, Encode};
use crate::sim::store::WatchEventType;
use crate::sim::time::Millis;
use serde_json::{Map, Value};

/// The seed of the page's cluster.
pub const DEFAULT_SEED: u64 = 1;
/// How long (simulated) a deleted pod stays on its node, fading out.
pub const GHOST_MS: Millis = 2_000;
/// "Step" gives up looking for a visible change after this much simulated time.
pub const STEP_HORIZON_MS: Millis = 10 * 60 * 1_000;
/// The page's localStorage key of the intent log (replayed on reload; the base of share links).
pub const LOG_KEY: &str = "kubarium.log.v1";
/// The page's localStorage key of the editor's text.
pub const EDITOR_KEY: &str = "kubarium.editor.v1";
/// The events pane shows at most this many rows.
pub const EVENTS_MAX: usize = 200;
/// The source name kubectl's messages use for the editor's text.
pub const EDITOR_SOURCE: &str = presets::EDITOR_FILE;

/// Something the user did that changes the cluster. Stored inside a [`TimedIntent`] as
/// `{"at_ms": 0, "type": "apply", "text": "..."}` or `{"type": "command", "line": "...", "editor": "..."}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// The editor's Apply (all or nothing) with this text.
    Apply { text: String },
    /// A console line (node buttons send one too). `editor` is the editor's text when the line
    /// reads it (`-f editor`).
    Command { line: String, editor: Option<String> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct TimedIntent {
    pub at_ms: Millis,
    pub intent: Intent,
}

impl Encode for TimedIntent {
    fn encode(&self) -> Value {
        let mut map = Map::new();
        codec::put(&mut map, "at_ms", self.at_ms.encode());
        match &self.intent {
            Intent::Apply { text } => {
                codec::put(&mut map, "type", "apply".to_string().encode());
                codec::put(&mut map, "text", text.encode());
            }
            Intent::Command { line, editor } => {
                codec::put(&mut map, "type", "command".to_string().encode());
                codec::put(&mut map, "line", line.encode());
                if let Some(editor) = editor {
                    codec::put(&mut map, "editor", editor.encode());
                }
            }
        }
        Value::Object(map)
    }
}

impl Decode for TimedIntent {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        let mut fields = codec::Fields::of(value, "struct TimedIntent")?;
        let intent = match fields.required::<String>("type").as_str() {
            "apply" => Intent::Apply { text: fields.required("text") },
            "command" => Intent::Command { line: fields.required("line"), editor: fields.required("editor") },
            other => return Err(DecodeError::new(format!("unknown variant `{other}`, expected `apply` or `command`"))),
        };
        let timed = TimedIntent { at_ms: fields.required("at_ms"), intent };
        fields.finish(timed)
    }
}

/// What a reload replays: the seed, the intents in order, and how far the clock had run.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct IntentLog {
    pub version: u32,
    pub seed: u64,
    pub intents: Vec<TimedIntent>,
    pub clock_ms: Millis,
}

impl IntentLog {
    pub const VERSION: u32 = 1;

    pub fn empty(seed: u64) -> IntentLog {
        IntentLog { version: Self::VERSION, seed, intents: Vec::new(), clock_ms: 0 }
    }

    /// The page's opening scenario: the tutorial's DaemonSet and StatefulSet (with its
    /// volumes and Service), applied at time zero on the default 3-node cluster.
    pub fn opening() -> IntentLog {
        let text = presets::text("tutorial.yaml").unwrap_or_default();
        let mut log = IntentLog::empty(DEFAULT_SEED);
        log.intents.push(TimedIntent { at_ms: 0, intent: Intent::Apply { text } });
        log
    }

    pub fn to_json(&self) -> String {
        crate::sim::gojson::compact(&self.encode())
    }

    /// A stored log, or None when it is not one this version wrote.
    pub fn from_json(text: &str) -> Option<IntentLog> {
        let value = crate::sim::gojson::parse(text)?;
        IntentLog::decode(&value).ok().filter(|log| log.version == Self::VERSION && log.clock_ms >= 0)
    }
}

/// Cheap to clone (the cluster is persistent): the timeline keeps clones as checkpoints.
#[derive(Clone)]
pub struct Playground {
    session: Session,
    log: IntentLog,
    /// Pods deleted within the last [`GHOST_MS`].
    ghosts: Vec<(Millis, PodView)>,
    /// How much of the cluster history the ghost tracker has read.
    history_seen: usize,
}

fn new_session(config: Config) -> Session {
    let mut session = Session::new(config);
    for file in presets::FILES {
        if let Some(text) = presets::text(file) {
            session.files.insert(file.to_string(), text);
        }
    }
    session
}

impl Playground {
    /// A fresh default cluster (3 Ready nodes), nothing applied.
    pub fn new(seed: u64) -> Playground {
        Playground::with_config(Config { seed, ..Config::default() })
    }

    /// A fresh cluster of this configuration (seed, profile, node count), nothing applied.
    pub fn with_config(config: Config) -> Playground {
        let seed = config.seed;
        let session = new_session(config);
        let history_seen = session.cluster.history.len();
        Playground { session, log: IntentLog::empty(seed), ghosts: Vec::new(), history_seen }
    }

    /// Applies one recorded intent at the current time (the timeline replays its log this way).
    pub fn replay_intent(&mut self, intent: &Intent) {
        match intent {
            Intent::Apply { text } => {
                self.apply(text);
            }
            Intent::Command { line, editor } => {
                self.run_command(line, editor.as_deref().unwrap_or(""));
            }
        }
    }

    /// Rebuilds the scenario a log describes: the same seed, each intent at its time, then the
    /// clock to where it was. Watches a replayed command started are stopped.
    pub fn replay(log: &IntentLog) -> Playground {
        let mut playground = Playground::new(log.seed);
        for timed in &log.intents {
            playground.advance_to(timed.at_ms);
            playground.replay_intent(&timed.intent);
        }
        playground.advance_to(log.clock_ms);
        playground.session.stop_watches();
        playground.ghosts.clear();
        playground
    }

    pub fn now(&self) -> Millis {
        self.session.cluster.now
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The log as of now (its clock is the cluster's).
    pub fn log(&self) -> &IntentLog {
        &self.log
    }

    fn record(&mut self, intent: Intent) {
        let at_ms = self.now();
        self.log.intents.push(TimedIntent { at_ms, intent });
        self.log.clock_ms = at_ms;
    }

    /// The editor's Apply: all or nothing. A failed apply changes nothing and is not recorded.
    pub fn apply(&mut self, text: &str) -> AtomicApply {
        self.session.files.insert(presets::EDITOR_FILE.to_string(), text.to_string());
        let result = apply_all_or_nothing(&mut self.session, EDITOR_SOURCE, text);
        if !result.failed {
            self.record(Intent::Apply { text: text.to_string() });
            self.track_ghosts();
        }
        result
    }

    /// A console line, as kubectl (or the simulator's verbs) runs it. `-f editor` reads
    /// `editor_text`.
    pub fn run_command(&mut self, line: &str, editor_text: &str) -> CommandOutput {
        let line = line.trim();
        if line.is_empty() {
            return CommandOutput { text: String::new(), failed: false };
        }
        let reads_editor = line.split_whitespace().any(|word| word == presets::EDITOR_FILE || word.ends_with("=editor"));
        self.session.files.insert(presets::EDITOR_FILE.to_string(), editor_text.to_string());
        let output = self.session.execute_line(line, None);
        // A read changes nothing a replay needs: only the other lines are intents.
        if !crate::kubectl::is_read_only(line) {
            self.record(Intent::Command { line: line.to_string(), editor: reads_editor.then(|| editor_text.to_string()) });
        }
        self.log.clock_ms = self.now();
        self.track_ghosts();
        output
    }

    /// Advances the clock to `until`; returns the rows running watches printed meanwhile.
    pub fn advance_to(&mut self, until: Millis) -> String {
        if until <= self.now() {
            return String::new();
        }
        let rows = self.session.advance_to(until);
        self.log.clock_ms = self.now();
        self.track_ghosts();
        rows
    }

    pub fn advance_by(&mut self, duration: Millis) -> String {
        self.advance_to(self.now() + duration.max(0))
    }

    /// "Step": advances to the next moment the picture changes (a pod appears, changes status or
    /// goes, a node changes, an event is recorded), running every task due at that moment.
    /// Gives up after [`STEP_HORIZON_MS`] of simulated time.
    pub fn step_to_next_change(&mut self) -> String {
        let before = (self.snapshot_without_ghosts(), self.session.cluster.store.list("Event").count());
        let horizon = self.now() + STEP_HORIZON_MS;
        let mut rows = String::new();
        while let Some(at) = self.session.cluster.next_task_time() {
            if at > horizon {
                break;
            }
            rows.push_str(&self.advance_to(at.max(self.now() + 1)));
            let after = (self.snapshot_without_ghosts(), self.session.cluster.store.list("Event").count());
            if after != before {
                return rows;
            }
        }
        rows.push_str(&self.advance_to(horizon));
        rows
    }

    fn snapshot_without_ghosts(&self) -> Snapshot {
        let mut snapshot = project::project(&self.session.cluster, &[]);
        snapshot.now = 0;
        snapshot
    }

    /// Reads new history for deleted pods (shown fading out for a moment) and forgets old ones.
    fn track_ghosts(&mut self) {
        let history = &self.session.cluster.history;
        if self.history_seen > history.len() {
            self.history_seen = history.len();
        }
        // By index: `iter().skip(n)` would step through every event already seen, each frame.
        for event in (self.history_seen..history.len()).map(|index| &history[index]) {
            if event.type_ != WatchEventType::Deleted {
                continue;
            }
            if let Some(pod) = event.object.as_pod() {
                let mut view = project::pod_view(pod, event.at);
                if view.node.is_empty() {
                    continue;
                }
                view.gone = true;
                view.tone = Tone::Neutral;
                self.ghosts.push((event.at, view));
            }
        }
        self.history_seen = history.len();
        let now = self.now();
        self.ghosts.retain(|(at, _)| now - at < GHOST_MS);
    }

    /// What the cluster pane draws.
    pub fn snapshot(&self) -> Snapshot {
        let ghosts: Vec<PodView> = self.ghosts.iter().map(|(_, view)| view.clone()).collect();
        project::project(&self.session.cluster, &ghosts)
    }

    pub fn events(&self) -> Vec<EventRow> {
        project::events(&self.session.cluster, EVENTS_MAX)
    }

    /// `kubectl describe` and `kubectl get -o yaml` of one object, or None when it is gone.
    pub fn inspect(&self, target: &ObjectRef) -> Option<(String, String)> {
        let object = self.session.cluster.get(&target.kind, &target.namespace, &target.name)?;
        let describe = crate::kubectl::describe_object(&self.session.cluster, object);
        let yaml = crate::kubectl::printers::object_yaml(object);
        Some((describe, yaml))
    }

    pub fn has_watches(&self) -> bool {
        self.session.has_watches()
    }

    /// Ctrl-C in the console: ends every `-w` watch.
    pub fn stop_watches(&mut self) {
        self.session.stop_watches();
    }

    /// Names for the next node the "Add node" button creates: `node-N` with the first free N.
    pub fn next_node_name(&self) -> String {
        (1..).map(|n| format!("node-{n}")).find(|name| self.session.cluster.get("Node", "", name).is_none()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::apply::Severity;
    use crate::sim::time::SECOND;

    fn fingerprint(playground: &Playground) -> Vec<String> {
        playground
            .session
            .cluster
            .history
            .iter()
            .map(|e| format!("{} {} {} {}", e.at, e.type_.as_str(), e.object.kind(), e.object.name()))
            .collect()
    }

    #[test]
    fn the_opening_scenario_runs_daemon_pods_on_every_node_within_seconds() {
        let mut playground = Playground::replay(&IntentLog::opening());
        assert_eq!(playground.snapshot().nodes.len(), 3);
        playground.advance_to(30 * SECOND);
        let snapshot = playground.snapshot();
        for node in &snapshot.nodes {
            let daemon: Vec<_> = node.pods.iter().filter(|p| p.owner == "DaemonSet/nginx-ds").collect();
            assert_eq!(daemon.len(), 1, "{}: {:?}", node.name, node.pods);
            assert_eq!((daemon[0].status.as_str(), daemon[0].tone), ("Running", Tone::Ok));
        }
        assert_eq!(snapshot.volumes.len(), 2);
        assert_eq!(snapshot.statefulsets.len(), 1);
        assert_eq!(snapshot.statefulsets[0].ordinals.len(), 2);
        assert!(snapshot.daemonsets.iter().any(|d| d.name == "nginx-ds" && d.ready == 3));
    }

    #[test]
    fn the_same_log_replays_the_same_history() {
        let mut first = Playground::replay(&IntentLog::opening());
        first.advance_to(3 * SECOND);
        first.run_command("node add node-4 --label disk=ssd", "");
        first.advance_to(7_500);
        first.run_command("kubectl cordon node-2", "");
        first.step_to_next_change();
        first.advance_by(12_345);
        let log = IntentLog::from_json(&first.log().to_json()).expect("round trip");
        assert_eq!(&log, first.log());
        let second = Playground::replay(&log);
        assert_eq!(second.now(), first.now());
        assert_eq!(fingerprint(&second), fingerprint(&first));
        assert_eq!(
            second.snapshot().nodes,
            first
                .snapshot()
                .nodes
                .iter()
                .cloned()
                .map(|mut n| {
                    n.pods.retain(|p| !p.gone);
                    n
                })
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_failed_apply_changes_nothing_and_is_not_recorded() {
        let mut playground = Playground::new(DEFAULT_SEED);
        let before = fingerprint(&playground);
        // The second document is invalid: the first must not be created either.
        let text = format!(
            "{}---\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: bad\nspec:\n  capacity:\n    storage: lots\n",
            presets::DAEMONSET
        );
        let result = playground.apply(&text);
        assert!(result.failed, "{}", result.output);
        assert!(!result.diagnostics.is_empty());
        assert!(result.diagnostics.iter().all(|d| d.line > 21), "{:?}", result.diagnostics);
        assert_eq!(fingerprint(&playground), before);
        assert!(playground.session.cluster.get("DaemonSet", "default", "nginx-ds").is_none());
        assert!(playground.log().intents.is_empty());
    }

    #[test]
    fn the_tutorial_pasted_verbatim_gets_kubectls_error_at_its_lines() {
        let verbatim: String = presets::DAEMONSET.lines().map(|l| l.trim_start().to_string() + "\n").collect();
        let mut playground = Playground::new(DEFAULT_SEED);
        let result = playground.apply(&verbatim);
        assert!(result.failed);
        assert!(
            result.output.starts_with("Error from server (BadRequest): error when creating \"editor\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field"),
            "{}",
            result.output
        );
        assert!(result.diagnostics.iter().all(|d| d.severity == Severity::Error && d.line >= 1));
        assert!(result.diagnostics.len() > 3, "{:?}", result.diagnostics);
        let syntax = playground.apply("apiVersion: v1\nkind: [\n");
        assert!(
            syntax.failed && syntax.output.starts_with("error: error parsing editor: error converting YAML to JSON: yaml: line"),
            "{}",
            syntax.output
        );
        assert_eq!(syntax.diagnostics.len(), 1);
        assert_eq!(playground.snapshot().pod_count, 0);
    }

    #[test]
    fn console_apply_reads_presets_and_the_editor() {
        let mut playground = Playground::new(DEFAULT_SEED);
        let output = playground.run_command("kubectl apply -f editor", presets::DAEMONSET);
        assert_eq!(output.text, "daemonset.apps/nginx-ds created\n");
        let output = playground.run_command("kubectl apply -f pv001.yaml", "");
        assert!(output.text.contains("persistentvolume/pv001 created"), "{}", output.text);
        assert_eq!(playground.log().intents.len(), 2);
        assert!(matches!(&playground.log().intents[0].intent, Intent::Command { editor: Some(_), .. }));
    }

    #[test]
    fn daemon_pods_follow_nodes_in_and_out_and_removed_pods_fade() {
        let mut playground = Playground::new(DEFAULT_SEED);
        assert!(!playground.apply(presets::DAEMONSET).failed);
        playground.advance_by(30 * SECOND);
        let name = playground.next_node_name();
        assert_eq!(name, "node-4");
        playground.run_command(&format!("node add {name} --taint dedicated=gpu:NoSchedule"), "");
        playground.advance_by(30 * SECOND);
        let snapshot = playground.snapshot();
        let node = snapshot.nodes.iter().find(|n| n.name == "node-4").unwrap();
        assert_eq!(node.taints, ["dedicated=gpu:NoSchedule"]);
        // The tutorial's DaemonSet tolerates no custom taint: no pod on node-4.
        assert!(node.pods.is_empty(), "{:?}", node.pods);
        playground.run_command("node remove node-3", "");
        playground.advance_by(1);
        let snapshot = playground.snapshot();
        assert!(snapshot.nodes.iter().all(|n| n.name != "node-3"));
        playground.advance_by(60 * SECOND);
        assert_eq!(playground.snapshot().pod_count, 2);
    }

    #[test]
    fn statefulset_ordinals_wait_for_their_predecessor() {
        let mut playground = Playground::new(DEFAULT_SEED);
        assert!(!playground.apply(&presets::text("statefulset.yaml").unwrap()).failed);
        let snapshot = playground.snapshot();
        let web = &snapshot.statefulsets[0];
        assert_eq!((web.name.as_str(), web.replicas), ("web", 2));
        assert_eq!(web.ordinals[0].claims, ["www-web-0"]);
        if playground.session.cluster.get("Pod", "default", "web-0").is_none() {
            assert_eq!(web.ordinals[1].state, OrdinalStateCheck::waiting_for("web-0"));
        }
    }

    struct OrdinalStateCheck;
    impl OrdinalStateCheck {
        fn waiting_for(pod: &str) -> project::OrdinalState {
            project::OrdinalState::Waiting { waiting_for: Some(pod.to_string()) }
        }
    }

    #[test]
    fn step_stops_at_the_next_visible_change() {
        let mut playground = Playground::new(DEFAULT_SEED);
        assert!(!playground.apply(presets::DAEMONSET).failed);
        let before = playground.snapshot();
        playground.step_to_next_change();
        assert!(playground.now() > 0 && playground.now() < 10 * SECOND, "{}", playground.now());
        assert_ne!(playground.snapshot(), before);
    }

    #[test]
    fn stored_logs_of_another_version_or_garbage_are_refused() {
        assert!(IntentLog::from_json("not json").is_none());
        let mut log = IntentLog::opening();
        log.version = 99;
        assert!(IntentLog::from_json(&log.to_json()).is_none());
        assert!(IntentLog::from_json(&IntentLog::opening().to_json()).is_some());
    }
}
