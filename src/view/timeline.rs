//! Time travel: the page's cluster at any moment of what the user did.
//!
//! A [`Timeline`] holds one branch of history — its intent log, which runs up to the *head* —
//! and a *cursor*: the [`Playground`] at the moment the page shows. Because the same seed and
//! the same intents give the same history, the cursor at time `t` is the fresh cluster with
//! every intent recorded at or before `t` applied, at its time. Seeking clones the nearest
//! checkpoint at or before `t` (a cheap clone: the store and the watch history are persistent)
//! and runs forward from it, replaying the recorded intents on the way; playing from a past
//! moment replays the recorded future the same way.
//!
//! An intent that changes the cluster, issued while the cursor is in the past, *forks*: the
//! old future is discarded (as RaftScope does) and the log is cut at the cursor, then the new
//! intent is recorded. The discarded branch is kept for one step, so "restore" brings it back.
//! Reads (`kubectl get`, `describe`, …) never fork: they run on the cursor and are not recorded.
//!
//! Marks say where something happened (an intent, a node or pod changing STATUS, an Event):
//! the scrubber draws them, and stepping by change moves between them. They are read from the
//! watch history as the cursor first passes a moment, so the marks of the recorded future are
//! known after seeking back.

use super::playground::{Intent, IntentLog, Playground, TimedIntent};
use super::project;
use crate::kubectl::apply::AtomicApply;
use crate::kubectl::CommandOutput;
use crate::sim::cluster::Config;
use crate::sim::objects::codec::{Decode, Encode};
use crate::sim::objects::Object;
use crate::sim::store::WatchEventType;
use crate::sim::time::{Millis, SECOND};
use std::collections::BTreeMap;

/// A checkpoint is taken whenever the cursor first passes a multiple of this (simulated).
/// Seeking costs at most this much simulated time of replay after a clone.
pub const CHECKPOINT_EVERY_MS: Millis = 5 * SECOND;
/// Above this many checkpoints every other one is dropped and the spacing doubles, so memory
/// stays bounded however long a session runs.
pub const CHECKPOINTS_MAX: usize = 512;
/// "Step forward" at the head looks this far ahead for the next change (as the page's Step).
pub use super::playground::STEP_HORIZON_MS;

/// What a mark on the scrubber stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum MarkKind {
    #[default]
    /// Something the user did (apply, a command, a node verb).
    Intent,
    /// A node joined, left or changed STATUS.
    Node,
    /// A pod appeared, went, or changed kubectl's STATUS.
    Pod,
    /// A core/v1 Event was recorded.
    Event,
}

const MARK_KINDS: [(MarkKind, &str); 4] =
    [(MarkKind::Intent, "intent"), (MarkKind::Node, "node"), (MarkKind::Pod, "pod"), (MarkKind::Event, "event")];

impl Encode for MarkKind {
    fn encode(&self) -> serde_json::Value {
        let name = MARK_KINDS.iter().find(|(kind, _)| kind == self).map_or("intent", |(_, name)| name);
        serde_json::Value::String(name.to_string())
    }
}

impl Decode for MarkKind {
    fn decode(value: &serde_json::Value) -> Result<Self, crate::sim::objects::codec::DecodeError> {
        let found = MARK_KINDS.iter().find(|(_, name)| value.as_str() == Some(name));
        found.map(|(kind, _)| *kind).ok_or_else(|| crate::sim::objects::codec::DecodeError::new(format!("unknown mark kind {value}")))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct Mark {
    pub at_ms: Millis,
    pub kind: MarkKind,
    /// A short text for the mark's tooltip: the command line, `pod/web-0 Running`, an event reason.
    pub label: String,
}

#[derive(Clone)]
struct Checkpoint {
    at_ms: Millis,
    /// How many intents of the log the checkpoint has applied.
    applied: usize,
    playground: Playground,
}

/// What the mark scanner knows at the frontier: the STATUS it last saw of each pod and node.
#[derive(Clone, Default)]
struct Scanner {
    /// The latest moment the cursor has reached on this branch; marks are known up to here.
    frontier_ms: Millis,
    /// How much of the watch history has been read (valid at the frontier).
    history_read: usize,
    pods: BTreeMap<String, String>,
    nodes: BTreeMap<String, String>,
}

/// One branch: the log, its checkpoints and what is known of its marks.
#[derive(Clone)]
struct Branch {
    log: IntentLog,
    checkpoints: Vec<Checkpoint>,
    checkpoint_every_ms: Millis,
    marks: Vec<Mark>,
    scanner: Scanner,
}

/// The branch a fork discarded, and the moment it was cut.
#[derive(Clone)]
struct Discarded {
    branch: Branch,
    at_ms: Millis,
}

/// What the last fork did, for the page's notice.
#[derive(Clone, Debug, PartialEq, Eq, Default, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct Fork {
    /// Where the log was cut.
    pub at_ms: Millis,
    /// How far the discarded branch ran.
    pub discarded_head_ms: Millis,
    /// How many intents it had after the cut.
    pub discarded_intents: usize,
}

pub struct Timeline {
    config: Config,
    cursor: Playground,
    branch: Branch,
    discarded: Option<Discarded>,
}

impl Timeline {
    /// A fresh cluster of `config` with nothing applied, the cursor at zero.
    pub fn new(config: Config) -> Timeline {
        let cursor = Playground::with_config(config.clone());
        let checkpoint = Checkpoint { at_ms: 0, applied: 0, playground: cursor.clone() };
        let scanner = Scanner { history_read: cursor.session().cluster.history.len(), ..Scanner::default() };
        let branch = Branch {
            log: IntentLog::empty(config.seed),
            checkpoints: vec![checkpoint],
            checkpoint_every_ms: CHECKPOINT_EVERY_MS,
            marks: Vec::new(),
            scanner,
        };
        Timeline { config, cursor, branch, discarded: None }
    }

    /// The history a log describes, run to its head; the cursor at the head.
    pub fn replay(log: &IntentLog) -> Timeline {
        Timeline::replay_with(Config { seed: log.seed, ..Config::default() }, log)
    }

    /// As [`Timeline::replay`], on a cluster of `config` (its seed is the log's).
    pub fn replay_with(config: Config, log: &IntentLog) -> Timeline {
        let mut timeline = Timeline::new(Config { seed: log.seed, ..config });
        timeline.branch.log.intents = log.intents.clone();
        timeline.branch.log.intents.sort_by_key(|timed| timed.at_ms);
        timeline.branch.log.clock_ms = log.clock_ms.max(timeline.branch.log.intents.last().map_or(0, |t| t.at_ms));
        let head = timeline.head_ms();
        timeline.run_cursor_to(head);
        timeline.cursor.stop_watches();
        timeline
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The cluster at the cursor (what the page draws).
    pub fn playground(&self) -> &Playground {
        &self.cursor
    }

    /// The cursor's simulated time.
    pub fn now(&self) -> Millis {
        self.cursor.now()
    }

    /// How far the recorded history runs.
    pub fn head_ms(&self) -> Millis {
        self.branch.log.clock_ms
    }

    /// The cursor is at the head: what happens next is not recorded yet.
    pub fn is_live(&self) -> bool {
        self.now() >= self.head_ms() && self.applied() == self.branch.log.intents.len()
    }

    /// The whole branch's log (what storage keeps and a share link carries).
    pub fn log(&self) -> &IntentLog {
        &self.branch.log
    }

    /// Marks known so far (up to the furthest moment reached), in time order, intents included.
    pub fn marks(&self) -> Vec<Mark> {
        let mut marks: Vec<Mark> = self
            .branch
            .log
            .intents
            .iter()
            .map(|timed| Mark { at_ms: timed.at_ms, kind: MarkKind::Intent, label: intent_label(&timed.intent) })
            .collect();
        marks.extend(self.branch.marks.iter().cloned());
        crate::sort::sort_by(&mut marks, |a: &Mark, b: &Mark| a.at_ms.cmp(&b.at_ms).then(a.kind.cmp(&b.kind)));
        marks
    }

    /// How many marks [`Timeline::marks`] would give, without building them (the page re-reads
    /// the marks only when this changes).
    pub fn mark_count(&self) -> usize {
        self.branch.log.intents.len() + self.branch.marks.len()
    }

    /// The number of checkpoints held (the benchmark reports it).
    pub fn checkpoint_count(&self) -> usize {
        self.branch.checkpoints.len()
    }

    fn applied(&self) -> usize {
        self.cursor.log().intents.len()
    }

    /// Moves the cursor to `at_ms` (clamped to 0..=head): the nearest checkpoint at or before
    /// it, cloned, then run forward. Watches end (a seek is not something `-w` would print).
    pub fn seek(&mut self, at_ms: Millis) {
        let at_ms = at_ms.clamp(0, self.head_ms());
        let index = self.branch.checkpoints.partition_point(|c| c.at_ms <= at_ms).saturating_sub(1);
        let checkpoint = &self.branch.checkpoints[index];
        // Running forward from the cursor is cheaper when it is already between the checkpoint and the target.
        let forward_from_cursor = self.now() <= at_ms && self.now() >= checkpoint.at_ms;
        if !forward_from_cursor {
            self.cursor = checkpoint.playground.clone();
        }
        self.run_cursor_to(at_ms);
        self.cursor.stop_watches();
    }

    /// Plays: advances the cursor by `duration`, replaying the recorded future on the way and
    /// recording past the head. Returns the rows running watches printed.
    pub fn advance_by(&mut self, duration: Millis) -> String {
        let until = self.now() + duration.max(0);
        self.run_cursor_to(until)
    }

    /// The cursor runs to `until`, applying each recorded intent at its time, taking a
    /// checkpoint at every multiple of the spacing it passes, and reading marks past the
    /// frontier. Past the head the head moves with it.
    fn run_cursor_to(&mut self, until: Millis) -> String {
        let mut rows = String::new();
        loop {
            let now = self.now();
            let next_intent = self.branch.log.intents.get(self.applied()).map(|t| t.at_ms).filter(|&at| at <= until);
            let every = self.branch.checkpoint_every_ms;
            let next_checkpoint = Some((now / every + 1) * every).filter(|&at| at <= until);
            let target = match (next_intent, next_checkpoint) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => until,
            };
            rows.push_str(&self.cursor.advance_to(target));
            self.scan_marks();
            if next_checkpoint == Some(target) {
                self.take_checkpoint();
            }
            if next_intent == Some(target) {
                let applied = self.applied();
                let intent = self.branch.log.intents[applied].intent.clone();
                self.cursor.replay_intent(&intent);
                // A recorded intent replays into the same record, or the history is not the same one.
                debug_assert_eq!(self.applied(), applied + 1, "a recorded intent did not replay: {intent:?}");
                if self.applied() != applied + 1 {
                    // Defensive in release: drop what did not replay rather than loop for ever.
                    self.branch.log.intents.remove(applied);
                }
                self.scan_marks();
                continue;
            }
            if target >= until {
                break;
            }
        }
        if self.now() > self.branch.log.clock_ms {
            self.branch.log.clock_ms = self.now();
        }
        rows
    }

    fn take_checkpoint(&mut self) {
        let at_ms = self.now();
        let applied = self.applied();
        let checkpoints = &mut self.branch.checkpoints;
        if checkpoints.last().is_some_and(|c| (c.at_ms, c.applied) >= (at_ms, applied)) {
            return;
        }
        checkpoints.push(Checkpoint { at_ms, applied, playground: self.cursor.clone() });
        if checkpoints.len() > CHECKPOINTS_MAX {
            // Keep the first (time zero) and every other one after it; the spacing doubles.
            let mut index = 0;
            checkpoints.retain(|_| {
                index += 1;
                index == 1 || index % 2 == 1
            });
            self.branch.checkpoint_every_ms *= 2;
        }
    }

    /// Reads the watch history past the frontier into marks (only while the cursor is there:
    /// behind it, the marks are known already).
    fn scan_marks(&mut self) {
        let cluster = &self.cursor.session().cluster;
        let scanner = &mut self.branch.scanner;
        if cluster.now < scanner.frontier_ms {
            return;
        }
        let history = &cluster.history;
        if scanner.history_read > history.len() {
            scanner.history_read = history.len();
        }
        // By index: `iter().skip(n)` would step through every event already read, each frame.
        for event in (scanner.history_read..history.len()).map(|index| &history[index]) {
            match &*event.object {
                Object::Pod(pod) => {
                    let key = pod.metadata.uid.clone();
                    let label = format!("pod/{}", pod.metadata.name);
                    if event.type_ == WatchEventType::Deleted {
                        scanner.pods.remove(&key);
                        self.branch.marks.push(Mark { at_ms: event.at, kind: MarkKind::Pod, label: format!("{label} deleted") });
                        continue;
                    }
                    let status = project::pod_view(pod, event.at).status;
                    if scanner.pods.get(&key) != Some(&status) {
                        self.branch.marks.push(Mark { at_ms: event.at, kind: MarkKind::Pod, label: format!("{label} {status}") });
                        scanner.pods.insert(key, status);
                    }
                }
                Object::Node(node) => {
                    let key = node.metadata.name.clone();
                    let label = format!("node/{key}");
                    if event.type_ == WatchEventType::Deleted {
                        scanner.nodes.remove(&key);
                        self.branch.marks.push(Mark { at_ms: event.at, kind: MarkKind::Node, label: format!("{label} removed") });
                        continue;
                    }
                    let status = node_status(node, event.at);
                    if scanner.nodes.get(&key) != Some(&status) {
                        self.branch.marks.push(Mark { at_ms: event.at, kind: MarkKind::Node, label: format!("{label} {status}") });
                        scanner.nodes.insert(key, status);
                    }
                }
                Object::Event(kube_event) if event.type_ == WatchEventType::Added => {
                    let reason = kube_event.reason.clone();
                    self.branch.marks.push(Mark { at_ms: event.at, kind: MarkKind::Event, label: reason });
                }
                _ => {}
            }
        }
        scanner.history_read = history.len();
        scanner.frontier_ms = cluster.now;
    }

    /// The moment of the change before the cursor (any mark), or zero.
    pub fn previous_change(&self) -> Millis {
        let now = self.now();
        self.marks().iter().rev().map(|m| m.at_ms).find(|&at| at < now).unwrap_or(0)
    }

    /// Step back: to the previous change.
    pub fn step_back(&mut self) {
        let at = self.previous_change();
        self.seek(at);
    }

    /// Step forward: to the next change. Within the recorded history that is the next mark;
    /// at the frontier it is the next moment the picture changes (the page's Step), found on a
    /// clone so that the cursor itself runs there through the usual path.
    pub fn step_forward(&mut self) -> String {
        let now = self.now();
        let known = self.marks().iter().map(|m| m.at_ms).find(|&at| at > now);
        let target = match known {
            Some(at) => at,
            None => {
                let mut probe = self.cursor.clone();
                probe.stop_watches();
                probe.step_to_next_change();
                probe.now()
            }
        };
        self.run_cursor_to(target)
    }

    /// Shift+←: the latest intent before the cursor (or zero).
    pub fn previous_intent(&mut self) {
        let now = self.now();
        let at = self.branch.log.intents.iter().rev().map(|t| t.at_ms).find(|&at| at < now).unwrap_or(0);
        self.seek(at);
    }

    /// Shift+→: the next recorded intent after the cursor (or the head).
    pub fn next_intent(&mut self) {
        let now = self.now();
        let at = self.branch.log.intents.iter().map(|t| t.at_ms).find(|&at| at > now).unwrap_or(self.head_ms());
        self.seek(at);
    }

    /// Discards the recorded future past the cursor (kept for one "restore"), as an intent
    /// here would: what a lesson step does before it runs again.
    pub fn cut_here(&mut self) {
        self.fork_here();
    }

    /// Whether an intent now would discard a recorded future.
    pub fn would_fork(&self) -> bool {
        !self.is_live()
    }

    /// Cuts the branch at the cursor, keeping the old one for one "restore".
    fn fork_here(&mut self) {
        if !self.would_fork() {
            return;
        }
        let at_ms = self.now();
        let applied = self.applied();
        let old = &self.branch;
        let mut log = old.log.clone();
        log.intents.truncate(applied);
        log.clock_ms = at_ms;
        let mut branch = Branch {
            log,
            // A prefix of the old checkpoints: each is a cheap clone of a persistent cluster.
            checkpoints: old.checkpoints.iter().filter(|c| c.at_ms <= at_ms && c.applied <= applied).cloned().collect(),
            checkpoint_every_ms: old.checkpoint_every_ms,
            marks: old.marks.iter().filter(|m| m.at_ms <= at_ms).cloned().collect(),
            scanner: Scanner::default(),
        };
        // The scanner starts again from the cursor's own state.
        let cluster = &self.cursor.session().cluster;
        let mut scanner = Scanner { frontier_ms: at_ms, history_read: cluster.history.len(), ..Scanner::default() };
        for pod in cluster.store.list("Pod").filter_map(|o| o.as_pod()) {
            scanner.pods.insert(pod.metadata.uid.clone(), project::pod_view(pod, at_ms).status);
        }
        for object in cluster.store.list("Node") {
            if let Object::Node(node) = &**object {
                scanner.nodes.insert(node.metadata.name.clone(), node_status(node, at_ms));
            }
        }
        branch.scanner = scanner;
        let old = std::mem::replace(&mut self.branch, branch);
        self.discarded = Some(Discarded { branch: old, at_ms });
    }

    /// What the last fork discarded, while it can still be restored.
    pub fn fork(&self) -> Option<Fork> {
        let discarded = self.discarded.as_ref()?;
        let log = &discarded.branch.log;
        Some(Fork {
            at_ms: discarded.at_ms,
            discarded_head_ms: log.clock_ms,
            discarded_intents: log.intents.iter().filter(|t| t.at_ms > discarded.at_ms).count(),
        })
    }

    /// Brings back the future the last fork discarded (one step), the cursor where it was cut.
    /// Returns false when there is nothing to restore.
    pub fn restore_discarded(&mut self) -> bool {
        let Some(discarded) = self.discarded.take() else { return false };
        self.branch = discarded.branch;
        // The cursor's state belongs to the new branch: start from the old one's checkpoint.
        let index = self.branch.checkpoints.partition_point(|c| c.at_ms <= discarded.at_ms).saturating_sub(1);
        self.cursor = self.branch.checkpoints[index].playground.clone();
        self.run_cursor_to(discarded.at_ms);
        self.cursor.stop_watches();
        true
    }

    /// The editor's Apply at the cursor: forks when the cursor is in the past and the apply
    /// succeeds (a failed apply changes nothing, so it never forks).
    pub fn apply(&mut self, text: &str) -> AtomicApply {
        if self.would_fork() {
            // Try it on a clone first: a rejected apply must leave the future alone.
            let mut probe = self.cursor.clone();
            let result = probe.apply(text);
            if result.failed {
                return result;
            }
            self.fork_here();
        }
        let result = self.cursor.apply(text);
        self.after_intent();
        result
    }

    /// A console line. A read runs on the cursor and changes nothing; anything else is an
    /// intent, which forks when the cursor is in the past.
    pub fn run_command(&mut self, line: &str, editor_text: &str) -> CommandOutput {
        if !crate::kubectl::is_read_only(line) {
            self.fork_here();
        }
        let before = self.applied();
        let output = self.cursor.run_command(line, editor_text);
        if self.applied() > before {
            self.after_intent();
        } else if self.now() > self.branch.log.clock_ms {
            self.branch.log.clock_ms = self.now();
        }
        output
    }

    /// The cursor recorded an intent at the head: copy it into the branch's log.
    fn after_intent(&mut self) {
        let recorded: &[TimedIntent] = &self.cursor.log().intents;
        let log = &mut self.branch.log;
        if recorded.len() > log.intents.len() {
            log.intents.extend_from_slice(&recorded[log.intents.len()..]);
        }
        log.clock_ms = log.clock_ms.max(self.cursor.now());
        self.scan_marks();
    }

    /// Ctrl-C: ends the console's watches.
    pub fn stop_watches(&mut self) {
        self.cursor.stop_watches();
    }
}

/// kubectl's STATUS of a node (`Ready`, `NotReady,SchedulingDisabled`).
fn node_status(node: &crate::sim::objects::node::Node, at: Millis) -> String {
    crate::kubectl::printers::columns::node_cells(node, at).get(1).cloned().unwrap_or_default()
}

/// How an intent reads in a mark and to a host page: its command line, or the editor's Apply.
pub fn intent_label(intent: &Intent) -> String {
    match intent {
        Intent::Apply { .. } => "kubectl apply -f editor".to_string(),
        Intent::Command { line, .. } => line.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::presets;

    fn fingerprint(playground: &Playground) -> Vec<String> {
        playground
            .session()
            .cluster
            .history
            .iter()
            .map(|e| format!("{} {} {} {} {}", e.at, e.type_.as_str(), e.object.kind(), e.object.name(), e.object.meta().resource_version))
            .collect()
    }

    fn opening_to(ms: Millis) -> Timeline {
        let mut timeline = Timeline::replay(&IntentLog::opening());
        timeline.advance_by(ms);
        timeline
    }

    #[test]
    fn a_seek_reaches_exactly_the_state_a_fresh_run_reaches() {
        let mut timeline = opening_to(3 * SECOND);
        timeline.run_command("node add node-4 --label disk=ssd", "");
        timeline.advance_by(40 * SECOND);
        timeline.run_command("kubectl cordon node-2", "");
        timeline.advance_by(60 * SECOND);
        let head = timeline.head_ms();
        for at in [0, 1, 2_999, 3_000, 3_001, 12_345, 43_000, 70_000, head] {
            timeline.seek(at);
            assert_eq!(timeline.now(), at);
            let mut fresh = Playground::replay(&IntentLog::opening());
            for timed in timeline.log().intents.iter().filter(|t| t.at_ms <= at).skip(1) {
                fresh.advance_to(timed.at_ms);
                fresh.replay_intent(&timed.intent);
            }
            fresh.advance_to(at);
            assert_eq!(fingerprint(timeline.playground()), fingerprint(&fresh), "at {at}");
        }
        // Playing from the past replays the recorded future: the head is reached unchanged.
        let head_fingerprint = {
            timeline.seek(head);
            fingerprint(timeline.playground())
        };
        timeline.seek(10 * SECOND);
        timeline.advance_by(head - 10 * SECOND);
        assert_eq!(fingerprint(timeline.playground()), head_fingerprint);
        assert_eq!(timeline.log().intents.len(), 3);
    }

    #[test]
    fn reads_in_the_past_never_fork_and_are_not_recorded() {
        let mut timeline = opening_to(30 * SECOND);
        timeline.run_command("node add node-4", "");
        timeline.advance_by(30 * SECOND);
        let log = timeline.log().clone();
        timeline.seek(10 * SECOND);
        let output = timeline.run_command("kubectl get pods -o wide", "");
        assert!(output.text.contains("nginx-ds-"), "{}", output.text);
        timeline.run_command("kubectl describe node node-1", "");
        timeline.run_command("kubectl rollout history ds/nginx-ds", "");
        assert_eq!(timeline.log(), &log);
        assert!(timeline.fork().is_none());
        assert!(!timeline.is_live());
    }

    #[test]
    fn an_intent_in_the_past_forks_and_the_old_future_can_be_restored() {
        let mut timeline = opening_to(20 * SECOND);
        timeline.run_command("node add node-4", "");
        timeline.advance_by(40 * SECOND);
        let old_log = timeline.log().clone();
        let old_head = timeline.head_ms();
        timeline.seek(old_head);
        let old_head_fingerprint = fingerprint(timeline.playground());

        timeline.seek(10 * SECOND);
        timeline.run_command("kubectl cordon node-1", "");
        // The old future is gone: the log is cut at 10 s, and the new intent recorded there.
        assert_eq!(timeline.head_ms(), 10 * SECOND);
        assert!(timeline.is_live());
        let lines: Vec<_> = timeline.log().intents.iter().map(|t| (t.at_ms, intent_label(&t.intent))).collect();
        assert_eq!(lines, [(0, "kubectl apply -f editor".to_string()), (10 * SECOND, "kubectl cordon node-1".to_string())]);
        let fork = timeline.fork().expect("a fork");
        assert_eq!((fork.at_ms, fork.discarded_head_ms, fork.discarded_intents), (10 * SECOND, old_head, 1));
        timeline.advance_by(60 * SECOND);
        assert!(timeline.playground().session().cluster.get("Node", "", "node-4").is_none());
        assert!(timeline.marks().iter().all(|m| m.label != "node add node-4"));

        assert!(timeline.restore_discarded());
        assert_eq!(timeline.log(), &old_log);
        assert_eq!(timeline.now(), 10 * SECOND);
        assert!(timeline.fork().is_none());
        assert!(!timeline.restore_discarded());
        timeline.seek(old_head);
        assert_eq!(fingerprint(timeline.playground()), old_head_fingerprint);
    }

    #[test]
    fn a_rejected_apply_in_the_past_keeps_the_future() {
        let mut timeline = opening_to(30 * SECOND);
        let log = timeline.log().clone();
        timeline.seek(5 * SECOND);
        let result = timeline.apply("apiVersion: v1\nkind: [\n");
        assert!(result.failed);
        assert_eq!(timeline.log(), &log);
        assert!(timeline.fork().is_none());
        // A good one forks.
        let result = timeline.apply(&presets::text("pv001.yaml").unwrap());
        assert!(!result.failed, "{}", result.output);
        assert_eq!(timeline.head_ms(), 5 * SECOND);
        assert!(timeline.fork().is_some());
    }

    #[test]
    fn marks_show_intents_pods_nodes_and_events_and_steps_move_between_them() {
        let mut timeline = opening_to(15 * SECOND);
        timeline.run_command("node add node-4", "");
        timeline.advance_by(30 * SECOND);
        let marks = timeline.marks();
        assert!(marks.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
        for kind in [MarkKind::Intent, MarkKind::Pod, MarkKind::Node, MarkKind::Event] {
            assert!(marks.iter().any(|m| m.kind == kind), "no {kind:?} mark in {marks:?}");
        }
        assert!(marks.iter().any(|m| m.kind == MarkKind::Node && m.label == "node/node-4 NotReady"), "{marks:?}");
        assert!(marks.iter().any(|m| m.kind == MarkKind::Pod && m.label.starts_with("pod/web-0 Running")), "{marks:?}");

        // Back and forth by change visits the marks in order.
        timeline.seek(15 * SECOND);
        let before = timeline.previous_change();
        assert!(before < 15 * SECOND);
        timeline.step_back();
        assert_eq!(timeline.now(), before);
        timeline.step_forward();
        let next = marks.iter().map(|m| m.at_ms).find(|&at| at > before).unwrap();
        assert_eq!(timeline.now(), next);
        // Shift+→ / Shift+←: by intent.
        timeline.seek(1_000);
        timeline.next_intent();
        assert_eq!(timeline.now(), 15 * SECOND);
        timeline.next_intent();
        assert_eq!(timeline.now(), timeline.head_ms());
        timeline.previous_intent();
        assert_eq!(timeline.now(), 15 * SECOND);
        timeline.previous_intent();
        assert_eq!(timeline.now(), 0);
    }

    #[test]
    fn marks_of_the_future_are_known_after_seeking_back_and_are_not_doubled() {
        let mut timeline = opening_to(60 * SECOND);
        let marks = timeline.marks();
        timeline.seek(5 * SECOND);
        timeline.advance_by(55 * SECOND);
        assert_eq!(timeline.marks(), marks);
    }

    #[test]
    fn checkpoints_thin_out_in_a_long_session() {
        let mut timeline = Timeline::replay(&IntentLog::opening());
        timeline.advance_by(3 * 3_600 * SECOND);
        assert!(timeline.checkpoint_count() <= CHECKPOINTS_MAX, "{}", timeline.checkpoint_count());
        assert!(timeline.checkpoint_count() > CHECKPOINTS_MAX / 4);
        let head = timeline.head_ms();
        timeline.seek(head / 2 + 777);
        assert_eq!(timeline.now(), head / 2 + 777);
    }

    #[test]
    fn a_replayed_log_equals_the_playground_replay() {
        let mut first = opening_to(3 * SECOND);
        first.run_command("node add node-4", "");
        first.advance_by(30 * SECOND);
        let log = first.log().clone();
        let timeline = Timeline::replay(&log);
        let playground = Playground::replay(&log);
        assert_eq!(timeline.now(), playground.now());
        assert_eq!(fingerprint(timeline.playground()), fingerprint(&playground));
    }
}
