//! Plain view data for the components. The cluster's picture comes from [`crate::view::project`]
//! (re-exported here); the console's transcript lines are the page's own.

use yew::AttrValue;

pub use crate::view::project::{
    ClaimView, DaemonSetView, EventRow, NodeView, ObjectRef, OrdinalState, OrdinalView, PodView, Snapshot, StatefulSetView, Tone, Usage,
    VolumeView,
};

/// One line of the console transcript.
#[derive(Clone, Debug, PartialEq)]
pub enum ConsoleLine {
    /// Something the user ran (shown after a `$` prompt).
    Command(AttrValue),
    /// What a command printed.
    Output(AttrValue),
    /// What a failed command printed.
    Error(AttrValue),
}
