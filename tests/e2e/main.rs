//! End-to-end stories: the release bundle in `dist/`, served over http on 127.0.0.1 by the test
//! itself, in headless Chromium driven through chromedriver (WebDriver, via fantoccini).
//!
//! scripts/test runs them after `trunk build --release`:
//!
//! ```text
//! cargo test --test e2e -- --include-ignored
//! ```
//!
//! They are `#[ignore]`d in a plain `cargo test`, because they need the built bundle and a browser.
//! Run explicitly, a story FAILS when `dist/` holds no bundle (it never passes without running).
//!
//! Add a story: write a `#[test] #[ignore = …]` function in a module under `stories/` that calls
//! [`harness::Story::run`]; the harness starts the server, chromedriver and a browser session,
//! saves a screenshot when the story fails, and shuts everything down, even on panic.
#![cfg(not(target_arch = "wasm32"))]

mod harness;
mod stories;
