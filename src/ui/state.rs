//! Page state and the actions that change it. `reduce` turns each action into a
//! [`Request`] to the core ([`Core`], behind the one page/core boundary) and copies the
//! [`Frame`] it returns into what the page draws. No timers, no DOM and no wall clock here: the
//! app's interval sends `Tick`, and storage is written by an effect.

use std::cell::RefCell;
use std::rc::Rc;

use yew::{AttrValue, Reducible};

use crate::kubectl::apply::Diagnostic;
use crate::sim::manifest::repair::RepairError;
use crate::sim::time::Millis;
use crate::view::boundary::{Core, Frame, Outcome, Request};
use crate::view::embed::PageOptions;
use crate::view::playground::IntentLog;
use crate::view::presets;
use crate::view::project::{EventRow, ObjectRef, Snapshot};
use crate::view::repair::RepairOffer;
use crate::view::share::{self, Scenario};
use crate::view::timeline::{Fork, Mark};

use super::model::ConsoleLine;

/// Wall-clock milliseconds between ticks.
pub const TICK_INTERVAL_MS: u32 = 100;
/// The speeds offered by the controls: (label, simulated ms per wall-clock second).
pub const SPEEDS: [(&str, Millis); 7] =
    [("0.5×", 500), ("1×", 1_000), ("2×", 2_000), ("5×", 5_000), ("10×", 10_000), ("30×", 30_000), ("60×", 60_000)];
/// The speed the page opens at (1×).
pub const DEFAULT_SPEED: usize = 1;
/// The console keeps at most this many lines; older ones are dropped.
pub const CONSOLE_LINES_MAX: usize = 500;
/// The console remembers this many commands for ↑/↓.
pub const HISTORY_MAX: usize = 100;

/// Which tab the details pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailsTab {
    Events,
    Inspector,
}

/// How the inspector shows an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InspectorView {
    Describe,
    Yaml,
}

/// The outcome of the editor's last Apply.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplyStatus {
    pub failed: bool,
    pub output: AttrValue,
}

/// A lesson being played in the page ([`crate::view::lesson`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LessonPlay {
    /// The lesson file's text (what [`Request::LessonStep`] carries).
    pub text: Rc<str>,
    pub lesson: Rc<crate::lesson::format::Lesson>,
    pub language: String,
    /// The step shown (0-based).
    pub step: usize,
    /// Each step's checks, once it has run.
    pub outcomes: Vec<Option<crate::view::lesson::LessonStepOutcome>>,
    /// The clock when each step ran (Back rewinds there).
    pub starts: Vec<Millis>,
    /// The prediction choice picked for the shown step.
    pub picked: Option<usize>,
    /// Why the lesson file did not open, or a step did not run.
    pub error: Option<AttrValue>,
}

impl LessonPlay {
    /// Where the lesson is, for a share link: a shipped lesson by its file name, else its text.
    pub fn shared(&self) -> crate::view::lesson::SharedLesson {
        let file = crate::view::lesson::SHIPPED.iter().find(|(_, _, text)| **text == *self.text).map(|(file, _, _)| file.to_string());
        crate::view::lesson::SharedLesson {
            text: if file.is_some() { String::new() } else { self.text.to_string() },
            file: file.unwrap_or_default(),
            language: self.language.clone(),
            step: self.step as u32,
            starts: self.starts[..=self.step].to_vec(),
            outcome: self.outcomes[self.step].clone(),
        }
    }

    /// The lesson at the shared position (None when it does not parse or has no such step).
    pub fn from_shared(shared: &crate::view::lesson::SharedLesson) -> Option<LessonPlay> {
        let text: Rc<str> = Rc::from(shared.lesson_text().unwrap_or(&shared.text));
        let lesson = crate::lesson::format::Lesson::parse(&text).ok()?;
        let steps = lesson.steps.len();
        let step = shared.step as usize;
        if step >= steps {
            return None;
        }
        let mut outcomes = vec![None; steps];
        outcomes[step] = shared.outcome.clone();
        let mut starts = vec![0; steps];
        for (i, at) in shared.starts.iter().take(steps).enumerate() {
            starts[i] = *at;
        }
        let language = if lesson.languages.contains(&shared.language) {
            shared.language.clone()
        } else {
            lesson.languages.first().cloned().unwrap_or_default()
        };
        Some(LessonPlay { text, lesson: Rc::new(lesson), language, step, outcomes, starts, picked: None, error: None })
    }
}

/// A message across the top of the page (plain text: never rendered as markup).
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A link or file did not load: the default scenario is shown, saved work is untouched.
    LinkError(AttrValue),
    /// A shared scenario is shown; the user's saved work is kept until they choose.
    Shared { differs: bool },
    /// A scenario replays, but its history is not the one it was made with (an older core).
    Differs,
}

/// What "Share" made: a link, or (when too long for a URL) a scenario file to download.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareOutput {
    Link { url: AttrValue, embed_code: AttrValue },
    File { name: AttrValue, text: AttrValue, reason: AttrValue },
}

#[derive(Clone)]
pub struct UiState {
    /// Larger type for projectors and low vision (the header toggle).
    pub large_text: bool,
    /// Present mode (a projector): the cluster, the controls and a lesson's caption only.
    pub present: bool,
    /// The language lessons are narrated in (kept when another lesson opens).
    pub lesson_language: String,
    /// The manifest editor's text.
    pub manifest: String,
    /// Whether simulated time stands still.
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// The cursor's simulated time, in milliseconds.
    pub clock_ms: Millis,
    /// How far the recorded history runs.
    pub head_ms: Millis,
    /// The cursor is at the head (not in the past).
    pub live: bool,
    pub console: Vec<ConsoleLine>,
    /// Commands run in the console, oldest first (for ↑/↓).
    pub history: Vec<String>,
    /// Whether a `-w` watch is running in the console.
    pub watching: bool,
    pub snapshot: Rc<Snapshot>,
    pub events: Rc<Vec<EventRow>>,
    /// The timeline's marks (re-read only when their number changes).
    pub marks: Rc<Vec<Mark>>,
    pub fork: Option<Fork>,
    pub intent_count: usize,
    pub next_node_name: AttrValue,
    /// Located errors and warnings of the last editor Apply.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub apply_status: Option<ApplyStatus>,
    /// After a failed Apply of YAML that lost its indentation: the repair offered, or why
    /// there is none.
    pub repair: Option<Rc<Result<RepairOffer, RepairError>>>,
    /// The lesson being played, if any.
    pub lesson: Option<Rc<LessonPlay>>,
    pub details_tab: DetailsTab,
    pub inspector_view: InspectorView,
    pub selected: Option<ObjectRef>,
    /// `kubectl describe` and `-o yaml` of the selected object (None once it is gone).
    pub inspected: Option<(AttrValue, AttrValue)>,
    pub notice: Option<Notice>,
    pub share: Option<ShareOutput>,
    /// What the URL asked for (embed mode and its options).
    pub options: Rc<PageOptions>,
    /// Whether the page's work is written to storage (false in an embed, and while a shared
    /// scenario is shown over saved work the user has not chosen to replace).
    pub persist: bool,
    /// The last frame's outcome, for the host page's events.
    pub last_outcome: Rc<Outcome>,
    /// The core, behind the page/core boundary. Every reduce that touches it bumps `revision`.
    pub core: Rc<RefCell<Core>>,
    pub revision: u64,
}

impl PartialEq for UiState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && Rc::ptr_eq(&self.core, &other.core)
    }
}

impl Default for UiState {
    fn default() -> Self {
        UiState::restore(None, None)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    ToggleLargeText,
    TogglePresent,
    EditManifest(String),
    /// Apply the editor's manifest (all or nothing).
    Apply,
    /// Put the offered repair of the editor's YAML in the editor.
    AcceptRepair,
    /// Open a lesson (a lesson file's text): the cluster it starts from, at its first step.
    OpenLesson(Rc<str>),
    CloseLesson,
    /// Show the lesson's narration in this language.
    LessonLanguage(String),
    /// Pick a prediction's choice before the step runs.
    LessonPick(usize),
    /// Run the shown step, or, once it has run, show the next one.
    LessonNext,
    /// Rewind to the shown step's start (once it has run), else to the previous step's.
    LessonBack,
    /// Put a preset's text in the editor (by its `-f` name).
    LoadPreset(&'static str),
    /// A fresh default cluster at time zero; the editor keeps its text.
    ResetCluster,
    /// Run a line in the console (the node controls send their command line too).
    RunCommand(String),
    /// Ctrl-C: end the console's watches.
    StopWatches,
    TogglePaused,
    Play,
    Pause,
    SetSpeed(usize),
    /// `[` and `]`: one speed slower or faster.
    SlowerSpeed,
    FasterSpeed,
    /// Advance to the next change (at the head: the next moment something visible changes).
    Step,
    /// Back to the previous change.
    StepBack,
    /// Shift+← / Shift+→: the previous or next intent.
    PreviousIntent,
    NextIntent,
    /// The scrubber: jump to this moment.
    Seek(Millis),
    /// Back to the head (the present).
    GoLive,
    /// Bring back the future the last fork discarded.
    RestoreDiscarded,
    /// The interval fired: advance one tick's worth of simulated time unless paused.
    Tick,
    /// Show an object in the inspector.
    Select(ObjectRef),
    ShowTab(DetailsTab),
    ShowInspectorView(InspectorView),
    /// Make a share link (or a file, when too long) of the scenario as it is now.
    Share {
        page_href: String,
    },
    CloseShare,
    /// A scenario from a file or a host page.
    LoadScenario(Box<Scenario>),
    /// A file or message that did not load: the message is shown, nothing changes.
    ShowError(String),
    /// A request from the host page of an embed (postMessage).
    Host(Box<Request>),
    /// Keep the shared scenario as the saved work (replacing what was saved).
    KeepShared,
    DismissNotice,
}

fn speed_index(ms_per_second: Millis) -> usize {
    SPEEDS.iter().position(|(_, ms)| *ms >= ms_per_second).unwrap_or(SPEEDS.len() - 1)
}

impl UiState {
    /// The page as a reload finds it: the stored log replayed (else the opening scenario) and
    /// the stored editor text (else the tutorial's manifests). The cursor at the head.
    pub fn restore(log: Option<IntentLog>, manifest: Option<String>) -> UiState {
        let log = log.unwrap_or_else(IntentLog::opening);
        let core = Core::replay(&log);
        UiState::with_core(core, manifest.unwrap_or_else(|| presets::text("tutorial.yaml").unwrap_or_default()))
    }

    /// A shared scenario: its history, its editor text, paused at its moment, at its speed.
    pub fn from_scenario(scenario: &Scenario) -> UiState {
        let core = Core::load(scenario);
        let differs = !core.matches_fingerprint(scenario);
        let mut state = UiState::with_core(core, scenario.editor.clone());
        state.paused = true;
        state.speed = speed_index(Millis::from(scenario.speed));
        if differs {
            state.notice = Some(Notice::Differs);
        }
        if let Some(shared) = &scenario.lesson {
            state.lesson = LessonPlay::from_shared(shared).map(Rc::new);
            if let Some(play) = &state.lesson {
                state.lesson_language = play.language.clone();
            }
        }
        state
    }

    fn with_core(core: Core, manifest: String) -> UiState {
        let mut state = UiState {
            large_text: false,
            present: false,
            lesson_language: "en".to_string(),
            manifest,
            paused: false,
            speed: DEFAULT_SPEED,
            clock_ms: 0,
            head_ms: 0,
            live: true,
            console: Vec::new(),
            history: Vec::new(),
            watching: false,
            snapshot: Rc::default(),
            events: Rc::default(),
            marks: Rc::default(),
            fork: None,
            intent_count: 0,
            next_node_name: AttrValue::default(),
            diagnostics: Rc::default(),
            apply_status: None,
            repair: None,
            lesson: None,
            details_tab: DetailsTab::Events,
            inspector_view: InspectorView::Describe,
            selected: None,
            inspected: None,
            notice: None,
            share: None,
            options: Rc::default(),
            persist: true,
            last_outcome: Rc::default(),
            core: Rc::new(RefCell::new(core)),
            revision: 0,
        };
        let frame = state.core.borrow().frame(Outcome::default());
        state.absorb(frame);
        state
    }

    /// Shown over the user's saved work: nothing is stored until they choose to keep it.
    pub fn over_saved_work(mut self) -> UiState {
        self.persist = false;
        self.notice = Some(Notice::Shared { differs: self.notice == Some(Notice::Differs) });
        self
    }

    /// Applies the URL's options: embed mode never persists, speed and autoplay as asked.
    pub fn with_options(mut self, options: PageOptions) -> UiState {
        if let Some(speed) = options.speed {
            self.speed = speed_index((speed * 1_000.0) as Millis);
        }
        if options.embed {
            self.persist = false;
            self.paused = !options.autoplay.unwrap_or(false);
        } else if let Some(autoplay) = options.autoplay {
            self.paused = !autoplay;
        }
        self.options = Rc::new(options);
        self
    }

    /// The intent log as of now, for storage.
    pub fn log_json(&self) -> String {
        self.core.borrow().log().to_json()
    }

    /// How many intents the log holds (storage is rewritten when it or the second changes).
    pub fn intent_count(&self) -> usize {
        self.intent_count
    }

    /// The simulated ms per wall-clock second of the current speed.
    pub fn speed_ms(&self) -> Millis {
        SPEEDS[self.speed].1
    }

    fn with_console_line(&mut self, line: ConsoleLine) {
        self.console.push(line);
        if self.console.len() > CONSOLE_LINES_MAX {
            let excess = self.console.len() - CONSOLE_LINES_MAX;
            self.console.drain(..excess);
        }
        debug_assert!(self.console.len() <= CONSOLE_LINES_MAX);
    }

    fn with_output(&mut self, text: &str, failed: bool) {
        let text = text.trim_end_matches('\n');
        if text.is_empty() {
            return;
        }
        let text = AttrValue::from(text.to_string());
        self.with_console_line(if failed { ConsoleLine::Error(text) } else { ConsoleLine::Output(text) });
    }

    /// Sends a request across the boundary and copies the frame back.
    fn request(&mut self, request: Request) -> Outcome {
        let frame = self.core.borrow_mut().handle(request);
        let outcome = frame.outcome.clone();
        self.absorb(frame);
        outcome
    }

    /// Copies what the page draws out of a frame.
    fn absorb(&mut self, frame: Frame) {
        self.clock_ms = frame.now;
        self.head_ms = frame.head_ms;
        self.live = frame.live;
        self.snapshot = Rc::new(frame.snapshot);
        self.events = Rc::new(frame.events);
        self.watching = frame.watching;
        self.fork = frame.fork;
        self.intent_count = frame.intents;
        self.next_node_name = AttrValue::from(frame.next_node_name);
        if frame.marks_known != self.marks.len() {
            self.marks = Rc::new(self.core.borrow().marks());
        }
        self.inspected = frame.inspected.map(|(describe, yaml)| (describe.into(), yaml.into()));
        self.last_outcome = Rc::new(frame.outcome);
        self.revision += 1;
    }

    fn run_command(&mut self, line: &str) {
        self.with_console_line(ConsoleLine::Command(AttrValue::from(line.to_string())));
        if self.history.last().map(String::as_str) != Some(line) {
            self.history.push(line.to_string());
            if self.history.len() > HISTORY_MAX {
                self.history.remove(0);
            }
        }
        let outcome = self.request(Request::Command { line: line.to_string(), editor: self.manifest.clone() });
        self.with_output(&outcome.text, outcome.failed);
    }

    fn share(&mut self, page_href: &str) {
        let mut scenario = self.core.borrow().scenario(&self.manifest, self.speed_ms() as u32);
        scenario.lesson = self.lesson.as_deref().map(LessonPlay::shared);
        let link = share::encode_link(&scenario);
        if link.len() > share::LINK_FALLBACK_CHARS {
            let reason = format!(
                "This scenario is too long for a link ({} KB): download it as a file and open it with “Open file…” or by dropping it on the page.",
                link.len() / 1024
            );
            self.share = Some(ShareOutput::File {
                name: "scenario.kubarium.json".into(),
                text: share::to_file(&scenario).into(),
                reason: reason.into(),
            });
            return;
        }
        let base = crate::view::embed::share_base(page_href, self.options.embed);
        let url = format!("{base}#{link}");
        let embed_code = format!(
            "<iframe src=\"{base}?embed=1#{link}\" width=\"800\" height=\"500\" style=\"border:0\" title=\"Kubarium playground\" loading=\"lazy\"></iframe>"
        );
        self.share = Some(ShareOutput::Link { url: url.into(), embed_code: embed_code.into() });
    }
}

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        let read_only = next.options.read_only;
        match action {
            Action::ToggleLargeText => {
                next.large_text = !next.large_text;
                return Rc::new(next);
            }
            Action::TogglePresent => {
                next.present = !next.present;
                return Rc::new(next);
            }
            Action::EditManifest(text) => {
                next.manifest = text;
                next.repair = None;
                return Rc::new(next);
            }
            Action::OpenLesson(text) => {
                let lesson = match crate::lesson::format::Lesson::parse(&text) {
                    Ok(lesson) => lesson,
                    Err(error) => {
                        next.notice = Some(Notice::LinkError(AttrValue::from(format!("The lesson did not open: {error}"))));
                        return Rc::new(next);
                    }
                };
                // The cluster the lesson starts from, at time zero.
                let config = crate::lesson::runner::config(&lesson);
                let mut scenario = Scenario::from_log(&IntentLog::empty(config.seed), &next.manifest, 0, next.speed_ms() as u32);
                scenario.profile = config.profile;
                scenario.nodes = config.nodes as u32;
                next.request(Request::Load { scenario: Box::new(scenario) });
                next.paused = true;
                let language = if lesson.languages.iter().any(|l| l == &next.lesson_language) {
                    next.lesson_language.clone()
                } else {
                    lesson.languages.first().cloned().unwrap_or_default()
                };
                let steps = lesson.steps.len();
                next.lesson = Some(Rc::new(LessonPlay {
                    text,
                    lesson: Rc::new(lesson),
                    language,
                    step: 0,
                    outcomes: vec![None; steps],
                    starts: vec![0; steps],
                    picked: None,
                    error: None,
                }));
            }
            Action::CloseLesson => {
                next.lesson = None;
                return Rc::new(next);
            }
            Action::LessonLanguage(language) => {
                let Some(play) = next.lesson.as_deref() else { return self };
                let mut play = play.clone();
                next.lesson_language = language.clone();
                play.language = language;
                next.lesson = Some(Rc::new(play));
                return Rc::new(next);
            }
            Action::LessonPick(choice) => {
                let Some(play) = next.lesson.as_deref() else { return self };
                if play.outcomes[play.step].is_some() {
                    return self;
                }
                let mut play = play.clone();
                play.picked = Some(choice);
                next.lesson = Some(Rc::new(play));
                return Rc::new(next);
            }
            Action::LessonNext => {
                let Some(play) = next.lesson.as_deref() else { return self };
                let mut play = play.clone();
                if play.outcomes[play.step].is_some() {
                    if play.step + 1 < play.lesson.steps.len() {
                        play.step += 1;
                        play.picked = None;
                    }
                } else {
                    next.paused = true;
                    // Back rewinds here (the core runs the step's commands 1 ms later).
                    play.starts[play.step] = next.clock_ms;
                    let title = crate::lesson::format::in_language(&play.lesson.steps[play.step].title, &play.language).to_string();
                    next.with_console_line(ConsoleLine::Command(AttrValue::from(format!("# lesson step {}: {title}", play.step + 1))));
                    let outcome = next.request(Request::LessonStep { lesson: play.text.to_string(), step: play.step });
                    next.with_output(&outcome.text, outcome.failed);
                    play.error = outcome.failed.then(|| AttrValue::from(outcome.text.trim_end().to_string()));
                    play.outcomes[play.step] = outcome.lesson;
                }
                next.lesson = Some(Rc::new(play));
            }
            Action::LessonBack => {
                let Some(play) = next.lesson.as_deref() else { return self };
                let mut play = play.clone();
                if play.outcomes[play.step].is_none() {
                    if play.step == 0 {
                        return self;
                    }
                    play.step -= 1;
                }
                play.outcomes[play.step] = None;
                play.picked = None;
                next.paused = true;
                next.request(Request::Seek { ms: play.starts[play.step] });
                next.lesson = Some(Rc::new(play));
            }
            Action::AcceptRepair => {
                let Some(Ok(offer)) = next.repair.take().as_deref().cloned() else { return self };
                next.manifest = offer.repaired;
                next.diagnostics = Rc::default();
                next.apply_status = None;
                return Rc::new(next);
            }
            Action::Apply => {
                if read_only {
                    return self;
                }
                next.with_console_line(ConsoleLine::Command(AttrValue::from("kubectl apply -f editor")));
                let outcome = next.request(Request::Apply { text: next.manifest.clone() });
                next.with_output(&outcome.text, outcome.failed);
                next.apply_status = Some(ApplyStatus { failed: outcome.failed, output: AttrValue::from(outcome.text) });
                next.diagnostics = Rc::new(outcome.diagnostics);
                next.repair = if outcome.failed { crate::view::repair::offer(&next.manifest).map(Rc::new) } else { None };
            }
            Action::LoadPreset(file) => {
                let Some(text) = presets::text(file) else { return self };
                next.manifest = text;
                next.diagnostics = Rc::default();
                next.apply_status = None;
                next.repair = None;
                return Rc::new(next);
            }
            Action::ResetCluster => {
                if read_only {
                    return self;
                }
                next.request(Request::Reset);
                next.with_console_line(ConsoleLine::Output(AttrValue::from(
                    "# The cluster was reset: 3 Ready nodes, nothing applied, the clock at zero.",
                )));
                next.selected = None;
                next.diagnostics = Rc::default();
                next.apply_status = None;
            }
            Action::RunCommand(command) => {
                let command = command.trim();
                if command.is_empty() || (read_only && !crate::kubectl::is_read_only(command)) {
                    return self;
                }
                next.run_command(command);
            }
            Action::StopWatches => {
                if !next.watching {
                    return self;
                }
                next.request(Request::StopWatches);
                next.with_console_line(ConsoleLine::Output(AttrValue::from("^C")));
            }
            Action::TogglePaused => {
                next.paused = !next.paused;
                return Rc::new(next);
            }
            Action::Play | Action::Pause => {
                next.paused = action == Action::Pause;
                return Rc::new(next);
            }
            Action::SetSpeed(speed) => {
                if speed >= SPEEDS.len() {
                    return self;
                }
                next.speed = speed;
                return Rc::new(next);
            }
            Action::SlowerSpeed => {
                next.speed = next.speed.saturating_sub(1);
                return Rc::new(next);
            }
            Action::FasterSpeed => {
                next.speed = (next.speed + 1).min(SPEEDS.len() - 1);
                return Rc::new(next);
            }
            Action::Step => {
                let outcome = next.request(Request::StepForward);
                next.with_output(&outcome.text, false);
            }
            Action::StepBack => {
                next.request(Request::StepBack);
            }
            Action::PreviousIntent => {
                next.request(Request::PreviousIntent);
            }
            Action::NextIntent => {
                next.request(Request::NextIntent);
            }
            Action::Seek(ms) => {
                next.request(Request::Seek { ms });
            }
            Action::GoLive => {
                let head = next.head_ms;
                next.request(Request::Seek { ms: head });
            }
            Action::RestoreDiscarded => {
                next.request(Request::RestoreDiscarded);
                next.with_console_line(ConsoleLine::Output(AttrValue::from("# The discarded future was restored.")));
            }
            Action::Tick => {
                if next.paused {
                    return self;
                }
                let step_ms = SPEEDS[next.speed].1 * Millis::from(TICK_INTERVAL_MS) / 1_000;
                let outcome = next.request(Request::Advance { ms: step_ms });
                next.with_output(&outcome.text, false);
            }
            Action::Select(target) => {
                next.selected = Some(target.clone());
                next.details_tab = DetailsTab::Inspector;
                next.request(Request::Inspect { target: Some(target) });
            }
            Action::ShowTab(tab) => {
                next.details_tab = tab;
                return Rc::new(next);
            }
            Action::ShowInspectorView(view) => {
                next.inspector_view = view;
                return Rc::new(next);
            }
            Action::Share { page_href } => {
                next.share(&page_href);
                return Rc::new(next);
            }
            Action::CloseShare => {
                next.share = None;
                return Rc::new(next);
            }
            Action::LoadScenario(scenario) => {
                let mut loaded = UiState::from_scenario(&scenario);
                // A scenario from a file or a host page never replaces saved work unasked.
                if !next.options.embed {
                    loaded = loaded.over_saved_work();
                }
                loaded.options = next.options.clone();
                loaded.large_text = next.large_text;
                loaded.console = next.console.clone();
                loaded.history = next.history.clone();
                loaded.with_console_line(ConsoleLine::Output(AttrValue::from("# A scenario was loaded.")));
                loaded.revision = next.revision + 1;
                return Rc::new(loaded);
            }
            Action::ShowError(message) => {
                next.notice = Some(Notice::LinkError(message.into()));
                return Rc::new(next);
            }
            Action::Host(request) => match *request {
                Request::Command { line, .. } => {
                    if line.trim().is_empty() {
                        return self;
                    }
                    next.run_command(line.trim());
                }
                Request::Load { scenario } => return self.reduce(Action::LoadScenario(scenario)),
                Request::Apply { text } => {
                    next.manifest = text;
                    return Rc::new(next).reduce(Action::Apply);
                }
                Request::StepForward => return self.reduce(Action::Step),
                Request::Reset => return self.reduce(Action::ResetCluster),
                other => {
                    next.request(other);
                }
            },
            Action::KeepShared => {
                next.persist = true;
                next.notice = None;
                next.revision += 1;
                return Rc::new(next);
            }
            Action::DismissNotice => {
                next.notice = None;
                return Rc::new(next);
            }
        }
        Rc::new(next)
    }
}

/// `clock_ms` as `HH:MM:SS`, the way the controls show simulated time.
pub fn format_clock(clock_ms: Millis) -> String {
    let seconds_total = clock_ms.max(0) / 1_000;
    let hours = seconds_total / 3_600;
    let minutes = (seconds_total % 3_600) / 60;
    let seconds = seconds_total % 60;
    format!("{hours:02}:{minutes:02}:{seconds:02}")
}

/// The command line the "Add node" form sends: `node add NAME --label K=V… --taint K=V:E…`.
/// Labels and taints are separated by commas or spaces.
pub fn add_node_command(name: &str, labels: &str, taints: &str) -> String {
    let mut line = format!("node add {}", name.trim());
    let words = |text: &str| text.split([',', ' ']).map(str::trim).filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>();
    for label in words(labels) {
        line.push_str(&format!(" --label {label}"));
    }
    for taint in words(taints) {
        line.push_str(&format!(" --taint {taint}"));
    }
    line
}
