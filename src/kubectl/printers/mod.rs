//! kubectl's output formats, byte for byte: `kubectl get` tables (server-side columns plus
//! kubectl's decoration and tab-writer layout), `-w` watch output, and `-o yaml|json|name`.
//!
//! Everything here is a pure function of objects and `now` (simulated milliseconds): no clock
//! reads, no panics.
//!
//! - [`tabwriter`]: port of `github.com/liggitt/tabwriter` as kubectl configures it.
//! - [`duration`]: `duration.HumanDuration` / `ShortHumanDuration` (AGE, LAST SEEN).
//! - [`columns`]: the API server's per-kind printers (`printers.go`).
//! - [`table`]: kubectl's table decoration (`-o wide`, `-A`, `--show-labels`, `-L`, kind
//!   prefixes), multi-kind `kubectl get` output and [`WatchPrinter`] for `-w`.
//! - [`render`] / [`yaml`]: `-o json` (Go `MarshalIndent`), `-o yaml` (go-yaml v2 via
//!   sigs.k8s.io/yaml), `-o name`.

pub mod columns;
pub mod duration;
pub mod render;
pub mod table;
pub mod tabwriter;
pub mod yaml;

#[cfg(test)]
mod tests;

pub use duration::{human_duration, short_human_duration, translate_timestamp_since};
pub use render::{list_json, list_value, list_yaml, names, object_json, object_name, object_yaml, printable_json, to_json};
pub use table::{build_table, build_table_with_event, kind_prefix, render_get, Table, TableOptions, WatchPrinter};
pub use tabwriter::TabWriter;
pub use yaml::to_yaml;
