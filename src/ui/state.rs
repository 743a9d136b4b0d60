//! Page state and the actions that change it. `reduce` is pure: no timers, no DOM, no clock.

use std::rc::Rc;

use yew::{AttrValue, Reducible};

use super::model::{ConsoleLine, EventRow, NodeCard, PodChip};

/// Simulated milliseconds that one tick (and one Step) advances the clock.
pub const TICK_MS: u64 = 1_000;
/// Wall-clock milliseconds between ticks at 1x speed.
pub const TICK_INTERVAL_MS_AT_1X: u32 = 1_000;
/// The speeds offered by the controls.
pub const SPEEDS: [u32; 4] = [1, 2, 4, 8];
/// The console keeps at most this many lines; older ones are dropped.
pub const CONSOLE_LINES_MAX: usize = 500;

/// The manifest shown in the editor when the page opens.
pub const SAMPLE_MANIFEST: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-agent
spec:
  selector:
    matchLabels:
      app: log-agent
  template:
    metadata:
      labels:
        app: log-agent
    spec:
      containers:
      - name: agent
        image: fluent/fluent-bit:3.1
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
";

#[derive(Clone, Debug, PartialEq)]
pub struct UiState {
    /// Larger type for projectors and low vision (the header toggle).
    pub large_text: bool,
    /// The manifest editor's text.
    pub manifest: String,
    /// Whether simulated time stands still.
    pub paused: bool,
    /// Ticks per wall-clock second, one of [`SPEEDS`].
    pub speed: u32,
    /// Simulated time since the start, in milliseconds.
    pub clock_ms: u64,
    pub console: Vec<ConsoleLine>,
    pub nodes: Vec<NodeCard>,
    /// Pods that no node runs yet.
    pub unscheduled: Vec<PodChip>,
    pub events: Vec<EventRow>,
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            large_text: false,
            manifest: SAMPLE_MANIFEST.to_string(),
            paused: true,
            speed: SPEEDS[0],
            clock_ms: 0,
            console: Vec::new(),
            nodes: Vec::new(),
            unscheduled: Vec::new(),
            events: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    ToggleLargeText,
    EditManifest(String),
    /// Apply the editor's manifest.
    Apply,
    /// Run a command typed in the console.
    RunCommand(String),
    /// Pause or resume simulated time.
    TogglePaused,
    SetSpeed(u32),
    /// Advance simulated time by one tick (the Step button).
    Step,
    /// The interval fired: advance one tick unless paused.
    Tick,
}

impl UiState {
    fn with_console_line(mut self, line: ConsoleLine) -> Self {
        self.console.push(line);
        if self.console.len() > CONSOLE_LINES_MAX {
            let excess = self.console.len() - CONSOLE_LINES_MAX;
            self.console.drain(..excess);
        }
        debug_assert!(self.console.len() <= CONSOLE_LINES_MAX);
        self
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
                next = next.with_console_line(ConsoleLine::Command(AttrValue::from(
                    "kubectl apply -f manifest.yaml",
                )));
            }
            Action::RunCommand(command) => {
                let command = command.trim();
                if command.is_empty() {
                    return self;
                }
                next = next
                    .with_console_line(ConsoleLine::Command(AttrValue::from(command.to_string())));
            }
            Action::TogglePaused => next.paused = !next.paused,
            Action::SetSpeed(speed) => {
                if !SPEEDS.contains(&speed) {
                    return self;
                }
                next.speed = speed;
            }
            Action::Step => next.clock_ms += TICK_MS,
            Action::Tick => {
                if next.paused {
                    return self;
                }
                next.clock_ms += TICK_MS;
            }
        }
        Rc::new(next)
    }
}

/// `clock_ms` as `HH:MM:SS`, the way the controls show simulated time.
pub fn format_clock(clock_ms: u64) -> String {
    let seconds_total = clock_ms / 1_000;
    let hours = seconds_total / 3_600;
    let minutes = (seconds_total % 3_600) / 60;
    let seconds = seconds_total % 60;
    format!("{hours:02}:{minutes:02}:{seconds:02}")
}
