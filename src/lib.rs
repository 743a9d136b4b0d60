//! Kubarium: a Kubernetes workload playground.
//!
//! - [`sim`] is the reconcile core: pure, deterministic, no web crates.
//! - [`kubectl`] is the command language and kubectl's printers.
//! - [`lesson`] is the lesson format, its expectations and its headless runner.
//! - [`view`] is what the page shows and does, as plain data (the projection, the intent log).
//! - `ui` (wasm32, or natively with the `poster` feature) is the Yew page; it renders core state
//!   and sends intents.

pub mod kubectl;
pub mod lesson;
pub mod sim;
pub mod sort;
#[cfg(not(target_arch = "wasm32"))]
pub mod swarm;
pub mod view;

#[cfg(any(target_arch = "wasm32", feature = "poster"))]
pub mod ui;
