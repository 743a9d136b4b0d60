//! Plain view data for the components. Nothing here knows about the simulation core: the app
//! converts core state into these types, and the components only render them.

use yew::AttrValue;

/// How a status should look: the colour family of a badge or chip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Healthy and settled (Running, Ready, Bound).
    Ok,
    /// On its way (Pending, ContainerCreating, Terminating).
    Progress,
    /// Needs attention but not broken (SchedulingDisabled, a Warning event).
    Warning,
    /// Broken (Failed, CrashLoopBackOff, NotReady).
    Error,
    /// Finished or not applicable (Completed, Unknown).
    Neutral,
}

impl Tone {
    /// The BEM modifier used in CSS, e.g. `chip--ok`.
    pub fn modifier(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Progress => "progress",
            Tone::Warning => "warning",
            Tone::Error => "error",
            Tone::Neutral => "neutral",
        }
    }
}

/// A pod as a small chip on its node card: its name and kubectl's STATUS column.
#[derive(Clone, Debug, PartialEq)]
pub struct PodChip {
    pub name: AttrValue,
    pub status: AttrValue,
    pub tone: Tone,
}

/// One node of the cluster view.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeCard {
    pub name: AttrValue,
    /// kubectl's STATUS column for the node, e.g. `Ready` or `Ready,SchedulingDisabled`.
    pub status: AttrValue,
    pub tone: Tone,
    /// Free-form facts shown under the name (capacity, taints, zone).
    pub details: Vec<AttrValue>,
    pub pods: Vec<PodChip>,
}

/// One row of the events pane, in `kubectl get events` order of columns.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    pub last_seen: AttrValue,
    /// `Normal` or `Warning`.
    pub kind: AttrValue,
    pub reason: AttrValue,
    pub object: AttrValue,
    pub message: AttrValue,
}

impl EventRow {
    pub fn tone(&self) -> Tone {
        if self.kind.as_str() == "Warning" {
            Tone::Warning
        } else {
            Tone::Neutral
        }
    }
}

/// One line of the console transcript.
#[derive(Clone, Debug, PartialEq)]
pub enum ConsoleLine {
    /// Something the user ran (shown after a `$` prompt).
    Command(AttrValue),
    /// What a command printed.
    Output(AttrValue),
    /// What a command printed on its error stream.
    Error(AttrValue),
}
