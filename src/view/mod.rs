//! What the page shows and does, as plain Rust (no web crates, natively unit-tested):
//!
//! - [`boundary`]: the one interface between the page and the core (requests in, frames out).
//! - [`embed`]: the URL's options (embed mode, panes, theme, a shared scenario) and the
//!   `postMessage` API for a tutorial's host page.
//! - [`project`]: the view projection, a pure function of the cluster (nodes with their pods
//!   and kubectl's STATUS, the pending lane, StatefulSet order, claims and volumes, events).
//! - [`lesson`]: lessons in the page: the shipped ones, a step on the timeline, the narration.
//! - [`playground`]: the page's session and its intent log (replayed on reload).
//! - [`poster`]: the build-time render of the opening page, shown while the wasm loads.
//! - [`timeline`]: time travel over the playground: checkpoints, seeking, forks and marks.
//! - [`presets`]: the tutorial's manifests, properly indented.
//! - [`repair`]: the editor's offer to re-indent YAML that lost its indentation.
//! - [`share`]: share links (`#s1.…`) and scenario files, with their limits and migrations.

pub mod boundary;
pub mod embed;
pub mod lesson;
pub mod playground;
pub mod poster;
pub mod presets;
pub mod project;
pub mod repair;
pub mod share;
pub mod timeline;
