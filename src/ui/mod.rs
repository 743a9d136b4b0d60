//! The playground page: a Yew app shell (wasm32; natively with the `poster` feature, for the
//! build-time render of the opening page, `src/bin/kubarium-poster.rs`).
//!
//! - [`state`] holds the page state ([`state::UiState`]) and the [`state::Action`]s that change it;
//!   its `reduce` turns each action into calls on the core's [`crate::view::playground::Playground`]
//!   and copies the projection out (no timers, no DOM).
//! - [`model`] holds the plain data the components render: the view projection
//!   ([`crate::view::project`]) and console lines. Components never see the core.
//! - [`components`] holds one function component per region, each taking data and `Callback`s as props.
//! - [`app`] is the root: it owns the reducer, the tick interval, and wires regions together.

pub mod app;
pub mod components;
pub mod model;
pub mod state;

pub use app::{App, AppProps, Start};
