//! One file per controller. Each reads the store, decides (a pure function where the real
//! controller has one), then writes through the cluster's API methods.

pub mod daemonset;
pub mod endpoints;
pub mod garbage_collector;
pub mod history;
pub mod kubelet;
pub mod node_lifecycle;
pub mod pod_gc;
pub mod scheduler;
pub mod statefulset;
pub mod volume;
pub mod workqueue;
