//! The one boundary between the page and the core: [`Request`]s in, [`Frame`]s out.
//!
//! Everything the page asks of the simulation goes through [`Core::handle`]; the page keeps no
//! cluster of its own. A request is plain data with a JSON form (`{"type": "seek", "ms": 12000}`),
//! so the same interface can be driven from a tutorial's host page (`postMessage`, see
//! [`super::embed`]) and, later, across a Web Worker's message channel. A frame is what the page
//! draws afterwards: the cluster at the cursor, the events, the timeline, and the output of the
//! request.

use super::playground::{IntentLog, Playground};
use super::project::{EventRow, ObjectRef, Snapshot};
use super::share::{self, Scenario};
#[cfg(test)]
use super::timeline::MarkKind;
use super::timeline::{Fork, Mark, Timeline};
use crate::kubectl::apply::Diagnostic;
use crate::sim::cluster::Config;
use crate::sim::objects::codec::{self, Decode, DecodeError, Encode};
use crate::sim::time::Millis;
use serde_json::{Map, Value};

/// What the page (or a host page) asks the core to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// The editor's Apply (all or nothing).
    Apply {
        text: String,
    },
    /// A console line; `editor` is the editor's text (for `-f editor`).
    Command {
        line: String,
        editor: String,
    },
    /// Play: advance the cursor by this much simulated time.
    Advance {
        ms: Millis,
    },
    /// Move the cursor to a moment of the recorded history.
    Seek {
        ms: Millis,
    },
    /// To the next change (the page's Step; at the head it finds the next change).
    StepForward,
    StepBack,
    PreviousIntent,
    NextIntent,
    /// Bring back the future the last fork discarded.
    RestoreDiscarded,
    /// Ctrl-C in the console.
    StopWatches,
    /// A fresh cluster of the same configuration at time zero.
    Reset,
    /// Replace the history with a scenario (a share link, a file, a host page), cursor at its moment.
    Load {
        scenario: Box<Scenario>,
    },
    /// Which object the inspector shows (None: none).
    Inspect {
        target: Option<ObjectRef>,
    },
    /// Run step `step` (0-based) of a lesson (its file's text, `lessons/*.lesson.yaml`): its
    /// commands as intents, 1 ms after the cursor (a seek to the cursor's moment is the step's
    /// start), then the clock until the step settles; the outcome says which expectations held
    /// and which prediction choices came true. From a past moment it discards the future.
    LessonStep {
        lesson: String,
        step: usize,
    },
}

/// What a request printed or reported, beside the picture.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct Outcome {
    /// Console text (command output, or rows watches printed while time moved).
    pub text: String,
    pub failed: bool,
    /// Located errors and warnings of an Apply.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the request recorded an intent (the host page hears of it).
    pub recorded: bool,
    /// A lesson step's checks.
    pub lesson: Option<crate::view::lesson::LessonStepOutcome>,
}

/// What the page draws after a request. Its JSON form (camelCase fields, [`Frame::to_json`])
/// is what crosses a worker's message channel; [`Frame::from_json`] reads it back.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct Frame {
    pub now: Millis,
    pub head_ms: Millis,
    pub live: bool,
    pub snapshot: Snapshot,
    pub events: Vec<EventRow>,
    pub watching: bool,
    /// `kubectl describe` and `-o yaml` of the inspected object, while it exists.
    pub inspected: Option<(String, String)>,
    /// The last fork, while its discarded future can be restored.
    pub fork: Option<Fork>,
    /// How many marks the timeline knows; [`Core::marks`] gives them when it changes.
    pub marks_known: usize,
    pub intents: usize,
    pub next_node_name: String,
    pub outcome: Outcome,
}

impl Frame {
    /// The frame as JSON text, for a worker's `postMessage`.
    pub fn to_json(&self) -> String {
        crate::sim::gojson::compact(&self.encode())
    }

    pub fn from_json(text: &str) -> Result<Frame, DecodeError> {
        let value = crate::sim::gojson::parse(text).ok_or_else(|| DecodeError::new("a frame is JSON"))?;
        Frame::decode(&value)
    }
}

pub struct Core {
    timeline: Timeline,
    inspect: Option<ObjectRef>,
}

impl Core {
    /// The history a log describes, the cursor at its head.
    pub fn replay(log: &IntentLog) -> Core {
        Core { timeline: Timeline::replay(log), inspect: None }
    }

    /// A scenario: its cluster and history, the cursor at its shared moment.
    pub fn load(scenario: &Scenario) -> Core {
        let config = Config { seed: scenario.seed, nodes: scenario.nodes as usize, profile: scenario.profile, ..Config::default() };
        let mut timeline = Timeline::replay_with(config, &scenario.log());
        timeline.seek(scenario.at_ms);
        Core { timeline, inspect: None }
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn playground(&self) -> &Playground {
        self.timeline.playground()
    }

    pub fn log(&self) -> &IntentLog {
        self.timeline.log()
    }

    pub fn marks(&self) -> Vec<Mark> {
        self.timeline.marks()
    }

    /// The scenario as of now, for a share link or a file: the whole history, the cursor's
    /// moment, and a fingerprint of the history up to it (to notice when a later core differs).
    pub fn scenario(&self, editor: &str, speed: u32) -> Scenario {
        let config = self.timeline.config();
        let mut scenario = Scenario::from_log(self.log(), editor, self.timeline.now(), speed);
        scenario.seed = config.seed;
        scenario.profile = config.profile;
        scenario.nodes = config.nodes as u32;
        scenario.with_fingerprint(self.playground())
    }

    /// Whether the history at the cursor is the one `scenario` was made from (false when a
    /// newer core plays the same intents differently).
    pub fn matches_fingerprint(&self, scenario: &Scenario) -> bool {
        match &scenario.fingerprint {
            Some(expected) => share::history_fingerprint(self.playground(), scenario.at_ms) == *expected,
            None => true,
        }
    }

    pub fn handle(&mut self, request: Request) -> Frame {
        let mut outcome = Outcome::default();
        match request {
            Request::Apply { text } => {
                let result = self.timeline.apply(&text);
                outcome.text = result.output;
                outcome.failed = result.failed;
                outcome.recorded = !result.failed;
                outcome.diagnostics = result.diagnostics;
            }
            Request::Command { line, editor } => {
                outcome.recorded = !crate::kubectl::is_read_only(&line) && !line.trim().is_empty();
                let output = self.timeline.run_command(&line, &editor);
                outcome.text = output.text;
                outcome.failed = output.failed;
            }
            Request::Advance { ms } => outcome.text = self.timeline.advance_by(ms),
            Request::Seek { ms } => self.timeline.seek(ms),
            Request::StepForward => outcome.text = self.timeline.step_forward(),
            Request::StepBack => self.timeline.step_back(),
            Request::PreviousIntent => self.timeline.previous_intent(),
            Request::NextIntent => self.timeline.next_intent(),
            Request::RestoreDiscarded => {
                self.timeline.restore_discarded();
            }
            Request::StopWatches => self.timeline.stop_watches(),
            Request::Reset => {
                let config = self.timeline.config().clone();
                self.timeline = Timeline::new(config);
                self.inspect = None;
            }
            Request::Load { scenario } => {
                *self = Core::load(&scenario);
            }
            Request::Inspect { target } => self.inspect = target,
            Request::LessonStep { lesson, step } => match crate::lesson::format::Lesson::parse(&lesson) {
                Ok(lesson) if step < lesson.steps.len() => {
                    // Run again from a past moment, the step discards the recorded future; its
                    // commands run 1 ms after the moment it started, so that a seek back to
                    // that moment (the page's Back) replays none of them.
                    self.timeline.cut_here();
                    self.timeline.advance_by(1);
                    let report = crate::lesson::runner::run_step(&mut self.timeline, &lesson.steps[step]);
                    outcome.text = report.transcript;
                    outcome.recorded = true;
                    outcome.lesson = Some(crate::view::lesson::LessonStepOutcome {
                        results: report
                            .results
                            .into_iter()
                            .map(|(text, result)| crate::view::lesson::ExpectationResult { text, failure: result.err() })
                            .collect(),
                        answers: report.answers,
                    });
                }
                Ok(_) => {
                    outcome.failed = true;
                    outcome.text = format!("the lesson has no step {}\n", step + 1);
                }
                Err(error) => {
                    outcome.failed = true;
                    outcome.text = format!("lesson: {error}\n");
                }
            },
        }
        self.frame(outcome)
    }

    /// The picture as of now, with `outcome`.
    pub fn frame(&self, outcome: Outcome) -> Frame {
        let playground = self.playground();
        Frame {
            now: self.timeline.now(),
            head_ms: self.timeline.head_ms(),
            live: self.timeline.is_live(),
            snapshot: playground.snapshot(),
            events: playground.events(),
            watching: playground.has_watches(),
            inspected: self.inspect.as_ref().and_then(|target| playground.inspect(target)),
            fork: self.timeline.fork(),
            marks_known: self.timeline.mark_count(),
            intents: self.timeline.log().intents.len(),
            next_node_name: playground.next_node_name(),
            outcome,
        }
    }
}

impl Encode for Request {
    fn encode(&self) -> Value {
        let mut map = Map::new();
        let mut put = |key: &str, value: Value| codec::put(&mut map, key, value);
        let kind = match self {
            Request::Apply { text } => {
                put("text", text.encode());
                "apply"
            }
            Request::Command { line, editor } => {
                put("line", line.encode());
                if !editor.is_empty() {
                    put("editor", editor.encode());
                }
                "command"
            }
            Request::Advance { ms } => {
                put("ms", ms.encode());
                "advance"
            }
            Request::Seek { ms } => {
                put("ms", ms.encode());
                "seek"
            }
            Request::StepForward => "step",
            Request::StepBack => "stepBack",
            Request::PreviousIntent => "previousIntent",
            Request::NextIntent => "nextIntent",
            Request::RestoreDiscarded => "restore",
            Request::StopWatches => "stopWatches",
            Request::Reset => "reset",
            Request::Load { scenario } => {
                put("scenario", Value::String(share::encode_link(scenario)));
                "load"
            }
            Request::Inspect { target } => {
                if let Some(target) = target {
                    put("kind", target.kind.encode());
                    put("namespace", target.namespace.encode());
                    put("name", target.name.encode());
                }
                "inspect"
            }
            Request::LessonStep { lesson, step } => {
                put("lesson", lesson.encode());
                put("step", Value::from(*step as u64));
                "lessonStep"
            }
        };
        codec::put(&mut map, "type", Value::String(kind.to_string()));
        Value::Object(map)
    }
}

impl Decode for Request {
    /// The JSON form. `load` takes a share link (`s1.…`, with or without `#`) or a scenario
    /// file's JSON text in `scenario`.
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        let object = value.as_object().ok_or_else(|| DecodeError::new("a request is a JSON object"))?;
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
        let ms =
            || object.get("ms").and_then(Value::as_i64).filter(|ms| *ms >= 0).ok_or_else(|| DecodeError::new("`ms` must be a number ≥ 0"));
        let kind = text("type").ok_or_else(|| DecodeError::new("a request needs a `type`"))?;
        Ok(match kind.as_str() {
            "apply" => Request::Apply { text: text("text").ok_or_else(|| DecodeError::new("`apply` needs `text`"))? },
            "command" => Request::Command {
                line: text("line").ok_or_else(|| DecodeError::new("`command` needs `line`"))?,
                editor: text("editor").unwrap_or_default(),
            },
            "advance" => Request::Advance { ms: ms()? },
            "seek" => Request::Seek { ms: ms()? },
            "step" => Request::StepForward,
            "stepBack" => Request::StepBack,
            "previousIntent" => Request::PreviousIntent,
            "nextIntent" => Request::NextIntent,
            "restore" => Request::RestoreDiscarded,
            "stopWatches" => Request::StopWatches,
            "reset" => Request::Reset,
            "load" => {
                let source = text("scenario").ok_or_else(|| DecodeError::new("`load` needs `scenario`"))?;
                let scenario = if source.trim_start().starts_with('{') { share::from_file(&source) } else { share::decode_link(&source) };
                Request::Load { scenario: Box::new(scenario.map_err(|error| DecodeError::new(error.to_string()))?) }
            }
            "lessonStep" => Request::LessonStep {
                lesson: text("lesson").ok_or_else(|| DecodeError::new("`lessonStep` needs `lesson` (a lesson file's text)"))?,
                step: object
                    .get("step")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| DecodeError::new("`lessonStep` needs `step`, a number ≥ 0"))? as usize,
            },
            "inspect" => Request::Inspect {
                target: match (text("kind"), text("name")) {
                    (Some(kind), Some(name)) => Some(ObjectRef { kind, namespace: text("namespace").unwrap_or_default(), name }),
                    _ => None,
                },
            },
            other => return Err(DecodeError::new(format!("unknown request type `{other}`"))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SECOND;

    fn request(json: &str) -> Result<Request, DecodeError> {
        Request::decode(&crate::sim::gojson::parse(json).expect("json"))
    }

    #[test]
    fn requests_round_trip_through_json() {
        let scenario = Core::replay(&IntentLog::opening()).scenario("", 1_000);
        for request in [
            Request::Apply { text: "kind: Pod".into() },
            Request::Command { line: "kubectl get pods".into(), editor: String::new() },
            Request::Command { line: "kubectl apply -f editor".into(), editor: "x".into() },
            Request::Advance { ms: 100 },
            Request::Seek { ms: 12_000 },
            Request::StepForward,
            Request::StepBack,
            Request::PreviousIntent,
            Request::NextIntent,
            Request::RestoreDiscarded,
            Request::StopWatches,
            Request::Reset,
            Request::Load { scenario: Box::new(scenario) },
            Request::Inspect { target: Some(ObjectRef::new("Pod", "default", "web-0")) },
            Request::Inspect { target: None },
        ] {
            let json = crate::sim::gojson::compact(&request.encode());
            assert_eq!(self::request(&json).unwrap(), request, "{json}");
        }
    }

    /// The other half of the boundary: every frame of a session that exercises each part of
    /// it (DaemonSet and StatefulSet cards, claims and volumes, events, the inspector, a
    /// failed apply's diagnostics, a fork) survives its JSON form unchanged, as do the marks.
    #[test]
    fn frames_and_marks_round_trip_through_json() {
        // The opening scenario: the tutorial's DaemonSet, volumes and StatefulSet.
        let mut core = Core::replay(&IntentLog::opening());
        let requests = [
            Request::Advance { ms: 80 * SECOND },
            Request::Apply { text: "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: 3\n".into() },
            Request::Inspect { target: Some(ObjectRef::new("Pod", "default", "web-0")) },
            Request::Command { line: "kubectl get pods -w".into(), editor: String::new() },
            Request::Seek { ms: 30 * SECOND },
            Request::Command { line: "kubectl cordon node-2".into(), editor: String::new() },
        ];
        let mut seen = (false, false, false, false);
        for request in requests {
            let frame = core.handle(request);
            seen.0 |= !frame.snapshot.statefulsets.is_empty() && !frame.snapshot.volumes.is_empty();
            seen.1 |= !frame.outcome.diagnostics.is_empty();
            seen.2 |= frame.inspected.is_some();
            seen.3 |= frame.fork.is_some();
            let json = frame.to_json();
            assert_eq!(Frame::from_json(&json).unwrap(), frame, "{json}");
        }
        assert_eq!(seen, (true, true, true, true), "the session reaches every part of a frame");
        let marks = core.marks();
        assert!(marks.iter().any(|m| m.kind == MarkKind::Event) && marks.iter().any(|m| m.kind == MarkKind::Pod));
        for mark in marks {
            assert_eq!(Mark::decode(&mark.encode()).unwrap(), mark);
        }
        assert!(Frame::from_json("{}").is_err(), "a frame needs its fields");
    }

    #[test]
    fn bad_requests_are_refused_with_a_reason() {
        for (json, reason) in [
            ("[]", "a request is a JSON object"),
            ("{}", "a request needs a `type`"),
            (r#"{"type":"fly"}"#, "unknown request type `fly`"),
            (r#"{"type":"seek","ms":-1}"#, "`ms` must be a number ≥ 0"),
            (r#"{"type":"load","scenario":"s1.AAAA"}"#, "This link is"),
        ] {
            let error = request(json).unwrap_err().to_string();
            assert!(error.contains(reason), "{json}: {error}");
        }
    }

    #[test]
    fn a_scenario_loads_at_its_moment_with_the_same_history() {
        let mut core = Core::replay(&IntentLog::opening());
        core.handle(Request::Advance { ms: 5 * SECOND });
        let frame = core.handle(Request::Command { line: "node add node-4".into(), editor: String::new() });
        assert!(frame.outcome.recorded);
        core.handle(Request::Advance { ms: 40 * SECOND });
        core.handle(Request::Seek { ms: 30 * SECOND });
        let scenario = core.scenario("editor text", 2_000);
        let link = share::encode_link(&scenario);
        let loaded = Core::load(&share::decode_link(&link).unwrap());
        assert_eq!(loaded.timeline().now(), 30 * SECOND);
        assert_eq!(loaded.timeline().head_ms(), 45 * SECOND);
        assert!(loaded.matches_fingerprint(&scenario));
        assert_eq!(loaded.frame(Outcome::default()).snapshot, core.frame(Outcome::default()).snapshot);
        let mut other = scenario.clone();
        other.fingerprint = Some("0000000000000000".into());
        assert!(!loaded.matches_fingerprint(&other));
    }

    #[test]
    fn reads_are_not_recorded_and_reset_starts_again() {
        let mut core = Core::replay(&IntentLog::opening());
        let frame = core.handle(Request::Command { line: "kubectl get pods".into(), editor: String::new() });
        assert!(!frame.outcome.recorded);
        assert_eq!(frame.intents, 1);
        let frame = core.handle(Request::Reset);
        assert_eq!((frame.now, frame.intents, frame.snapshot.pod_count), (0, 0, 0));
    }
}
