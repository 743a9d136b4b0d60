//! The reconcile core: a deterministic simulated Kubernetes cluster. Pure Rust; no web crate
//! may be imported here.

pub mod admission;
pub mod cluster;
pub mod controllers;
pub mod dns;
pub mod files;
pub mod gofloat;
pub mod gojson;
pub mod invariants;
pub mod manifest;
pub mod objects;
pub mod quantity;
pub mod rng;
pub mod store;
#[cfg(test)]
pub(crate) mod testing;
pub mod time;
