//! Lessons: steps a teacher walks a class through, narrated in each language, each running
//! commands of the one command language and checking expectations against the cluster.
//!
//! - [`format`]: the lesson file (`lessons/*.lesson.yaml`, docs/lessons.md).
//! - [`expect`]: expectation lines (`pod web-1: absent while pod web-0: not Ready`).
//! - [`runner`]: runs a lesson headless (`kubarium lesson FILE`, the tests) with the same
//!   session the page uses.

pub mod expect;
pub mod format;
pub mod runner;
