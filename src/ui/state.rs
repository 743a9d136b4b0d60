//! Page state and the actions that change it. `reduce` turns each action into calls on the
//! [`Playground`] (the core) and copies what the page draws out of it. No timers, no DOM and no
//! wall clock here: the app's interval sends `Tick`, and storage is written by an effect.

use std::cell::RefCell;
use std::rc::Rc;

use yew::{AttrValue, Reducible};

use crate::kubectl::apply::Diagnostic;
use crate::sim::time::Millis;
use crate::view::playground::{IntentLog, Playground};
use crate::view::presets;
use crate::view::project::{EventRow, ObjectRef, Snapshot};

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

#[derive(Clone)]
pub struct UiState {
    /// Larger type for projectors and low vision (the header toggle).
    pub large_text: bool,
    /// The manifest editor's text.
    pub manifest: String,
    /// Whether simulated time stands still.
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Simulated time since the start, in milliseconds.
    pub clock_ms: Millis,
    pub console: Vec<ConsoleLine>,
    /// Commands run in the console, oldest first (for ↑/↓).
    pub history: Vec<String>,
    /// Whether a `-w` watch is running in the console.
    pub watching: bool,
    pub snapshot: Rc<Snapshot>,
    pub events: Rc<Vec<EventRow>>,
    /// Located errors and warnings of the last editor Apply.
    pub diagnostics: Rc<Vec<Diagnostic>>,
    pub apply_status: Option<ApplyStatus>,
    pub details_tab: DetailsTab,
    pub inspector_view: InspectorView,
    pub selected: Option<ObjectRef>,
    /// `kubectl describe` and `-o yaml` of the selected object (None once it is gone).
    pub inspected: Option<(AttrValue, AttrValue)>,
    /// The core. Shared between states; every reduce that touches it bumps `revision`.
    pub playground: Rc<RefCell<Playground>>,
    pub revision: u64,
}

impl PartialEq for UiState {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && Rc::ptr_eq(&self.playground, &other.playground)
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
    EditManifest(String),
    /// Apply the editor's manifest (all or nothing).
    Apply,
    /// Put a preset's text in the editor (by its `-f` name).
    LoadPreset(&'static str),
    /// A fresh default cluster at time zero; the editor keeps its text.
    ResetCluster,
    /// Run a line in the console (the node controls send their command line too).
    RunCommand(String),
    /// Ctrl-C: end the console's watches.
    StopWatches,
    TogglePaused,
    SetSpeed(usize),
    /// Advance to the next moment something visible changes.
    Step,
    /// The interval fired: advance one tick's worth of simulated time unless paused.
    Tick,
    /// Show an object in the inspector.
    Select(ObjectRef),
    ShowTab(DetailsTab),
    ShowInspectorView(InspectorView),
}

impl UiState {
    /// The page as a reload finds it: the stored log replayed (else the opening scenario) and
    /// the stored editor text (else the tutorial's manifests). Time runs from the start.
    pub fn restore(log: Option<IntentLog>, manifest: Option<String>) -> UiState {
        let log = log.unwrap_or_else(IntentLog::opening);
        let playground = Playground::replay(&log);
        let mut state = UiState {
            large_text: false,
            manifest: manifest.unwrap_or_else(|| presets::text("tutorial.yaml").unwrap_or_default()),
            paused: false,
            speed: DEFAULT_SPEED,
            clock_ms: 0,
            console: Vec::new(),
            history: Vec::new(),
            watching: false,
            snapshot: Rc::default(),
            events: Rc::default(),
            diagnostics: Rc::default(),
            apply_status: None,
            details_tab: DetailsTab::Events,
            inspector_view: InspectorView::Describe,
            selected: None,
            inspected: None,
            playground: Rc::new(RefCell::new(playground)),
            revision: 0,
        };
        state.refresh();
        state
    }

    /// The intent log as of now, for storage.
    pub fn log_json(&self) -> String {
        self.playground.borrow().log().to_json()
    }

    /// How many intents the log holds (storage is rewritten when it or the second changes).
    pub fn intent_count(&self) -> usize {
        self.playground.borrow().log().intents.len()
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

    /// Copies what the page draws out of the core.
    fn refresh(&mut self) {
        let playground = self.playground.borrow();
        self.clock_ms = playground.now();
        self.snapshot = Rc::new(playground.snapshot());
        self.events = Rc::new(playground.events());
        self.watching = playground.has_watches();
        self.inspected =
            self.selected.as_ref().and_then(|target| playground.inspect(target)).map(|(describe, yaml)| (describe.into(), yaml.into()));
        drop(playground);
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
        let output = self.playground.borrow_mut().run_command(line, &self.manifest);
        self.with_output(&output.text, output.failed);
    }
}

impl Reducible for UiState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::ToggleLargeText => next.large_text = !next.large_text,
            Action::EditManifest(text) => next.manifest = text,
            Action::Apply => {
                next.with_console_line(ConsoleLine::Command(AttrValue::from("kubectl apply -f editor")));
                let result = next.playground.borrow_mut().apply(&next.manifest);
                next.with_output(&result.output, result.failed);
                next.apply_status = Some(ApplyStatus { failed: result.failed, output: AttrValue::from(result.output) });
                next.diagnostics = Rc::new(result.diagnostics);
            }
            Action::LoadPreset(file) => {
                let Some(text) = presets::text(file) else { return self };
                next.manifest = text;
                next.diagnostics = Rc::default();
                next.apply_status = None;
            }
            Action::ResetCluster => {
                let seed = next.playground.borrow().log().seed;
                next.playground = Rc::new(RefCell::new(Playground::new(seed)));
                next.with_console_line(ConsoleLine::Output(AttrValue::from(
                    "# The cluster was reset: 3 Ready nodes, nothing applied, the clock at zero.",
                )));
                next.selected = None;
                next.diagnostics = Rc::default();
                next.apply_status = None;
            }
            Action::RunCommand(command) => {
                let command = command.trim();
                if command.is_empty() {
                    return self;
                }
                next.run_command(command);
            }
            Action::StopWatches => {
                if !next.watching {
                    return self;
                }
                next.playground.borrow_mut().stop_watches();
                next.with_console_line(ConsoleLine::Output(AttrValue::from("^C")));
            }
            Action::TogglePaused => next.paused = !next.paused,
            Action::SetSpeed(speed) => {
                if speed >= SPEEDS.len() {
                    return self;
                }
                next.speed = speed;
            }
            Action::Step => {
                let rows = next.playground.borrow_mut().step_to_next_change();
                next.with_output(&rows, false);
            }
            Action::Tick => {
                if next.paused {
                    return self;
                }
                let step_ms = SPEEDS[next.speed].1 * Millis::from(TICK_INTERVAL_MS) / 1_000;
                let rows = next.playground.borrow_mut().advance_by(step_ms);
                next.with_output(&rows, false);
            }
            Action::Select(target) => {
                next.selected = Some(target);
                next.details_tab = DetailsTab::Inspector;
            }
            Action::ShowTab(tab) => next.details_tab = tab,
            Action::ShowInspectorView(view) => next.inspector_view = view,
        }
        next.refresh();
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
