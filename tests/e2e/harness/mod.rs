//! The e2e harness: a static file server for `dist/` (at `/` or a sub-path, gzipped), a chromedriver
//! process, a browser session, and [`Page`] helpers that wait with a timeout (Yew renders
//! asynchronously). A story can also open the single-file build from disk (`file://`) instead.

mod chromedriver;
mod page;
mod server;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::ClientBuilder;
use serde_json::json;

pub use page::{NetworkConditions, Page};

use chromedriver::ChromeDriver;
use server::{Mount, StaticServer};

/// What a story returns; any error fails the story (after a screenshot).
pub type StoryResult = Result<(), Box<dyn std::error::Error>>;

/// How long the `Page::wait_*` helpers wait before failing.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(15);

pub const DESKTOP: (u32, u32) = (1280, 720);
pub const FULL_HD: (u32, u32) = (1920, 1080);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorScheme {
    Light,
    Dark,
}

/// One end-to-end story: a name (used for screenshots), a window size, a colour scheme, what is
/// served where, and the network conditions of the browser.
pub struct Story {
    name: &'static str,
    viewport: (u32, u32),
    color_scheme: ColorScheme,
    /// (prefix, folder; None = the playground's dist/). Empty: dist/ at `/`.
    mounts: Vec<(&'static str, Option<PathBuf>)>,
    /// Open this file from disk instead of serving anything.
    file: Option<PathBuf>,
    offline: bool,
}

impl Story {
    pub fn new(name: &'static str) -> Self {
        Self { name, viewport: DESKTOP, color_scheme: ColorScheme::Light, mounts: Vec::new(), file: None, offline: false }
    }

    /// Serve dist/ under `prefix` (e.g. `/some/path/`) instead of `/`: `page.open("/")` then
    /// loads `http://127.0.0.1:PORT/some/path/`, and nothing outside the prefix is served.
    pub fn under(mut self, prefix: &'static str) -> Self {
        self.mounts.push((prefix, None));
        self
    }

    /// Also serve `folder` under `prefix` (the first mount is what `page.open` is relative to).
    pub fn mount(mut self, prefix: &'static str, folder: PathBuf) -> Self {
        self.mounts.push((prefix, Some(folder)));
        self
    }

    /// Serve nothing: `page.open("")` opens the single-file build (dist-single/kubarium.html, or
    /// $KUBARIUM_SINGLE_FILE) from disk with a `file://` URL.
    pub fn single_file(mut self) -> Self {
        self.file = Some(single_file_path());
        self
    }

    /// Take the browser offline (chromedriver's network conditions) before the story starts.
    pub fn offline(mut self) -> Self {
        self.offline = true;
        self
    }

    pub fn viewport(mut self, width: u32, height: u32) -> Self {
        self.viewport = (width, height);
        self
    }

    pub fn dark(mut self) -> Self {
        self.color_scheme = ColorScheme::Dark;
        self
    }

    /// Serve dist/, start chromedriver and a browser, run `story` against the page, then tear
    /// everything down. Panics (fails the test) if the story fails or anything can't start.
    pub fn run<F, Fut>(self, story: F)
    where
        F: FnOnce(Page) -> Fut,
        Fut: Future<Output = StoryResult> + 'static,
    {
        // Kept alive until the story ends (the server thread lives as long as the test process).
        let (_server, base_url) = match &self.file {
            Some(file) => (None, file_url(file)),
            None => {
                let mut mounts: Vec<Mount> =
                    self.mounts.iter().map(|(prefix, folder)| Mount::new(prefix, folder.clone().unwrap_or_else(dist_dir))).collect();
                if mounts.is_empty() {
                    mounts.push(Mount::new("/", dist_dir()));
                }
                let base = mounts[0].prefix.trim_end_matches('/').to_string();
                let server = StaticServer::start(mounts);
                let url = format!("{}{base}", server.url());
                (Some(server), url)
            }
        };
        // Dropped on every exit path, panics included: asks chromedriver to shut down (which closes
        // Chromium) before killing it.
        let driver = ChromeDriver::start(self.name);
        let profile_dir = scratch_dir(self.name);

        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
        let outcome: StoryResult = tokio::task::LocalSet::new().block_on(&runtime, async {
            let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(capabilities(self.viewport, self.color_scheme, &profile_dir))
                .connect(&driver.url())
                .await
                .map_err(|error| format!("could not start a Chromium session via chromedriver: {error}"))?;
            fit_viewport(&client, self.viewport).await?;
            let page = Page::new(client.clone(), base_url, self.name, driver.port());
            if self.offline {
                page.set_network_conditions(&page::OFFLINE).await?;
            }
            // The story runs as its own task so that a failed assert! (a panic) still gets a
            // screenshot before the panic goes on to fail the test.
            let outcome = tokio::task::spawn_local(story(page.clone())).await;
            let failed = !matches!(outcome, Ok(Ok(())));
            if failed {
                if let Ok(path) = page.screenshot("failure").await {
                    eprintln!("story {}: failure screenshot at {}", self.name, path.display());
                }
            }
            let _ = client.close().await;
            match outcome {
                Ok(result) => result,
                Err(join_error) if join_error.is_panic() => std::panic::resume_unwind(join_error.into_panic()),
                Err(join_error) => Err(join_error.into()),
            }
        });
        drop(driver);
        let _ = std::fs::remove_dir_all(&profile_dir);
        if let Err(error) = outcome {
            panic!("story `{}` failed: {error}", self.name);
        }
    }
}

/// Resize the window so that the page's viewport (not the window) has the story's size: headless
/// Chromium counts its invisible toolbars in `--window-size`.
async fn fit_viewport(client: &fantoccini::Client, (width, height): (u32, u32)) -> StoryResult {
    let frame = client.execute("return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];", vec![]).await?;
    let extra = |i: usize| frame[i].as_u64().map(|value| value as u32).unwrap_or(0);
    client.set_window_size(width + extra(0), height + extra(1)).await?;
    let viewport = client.execute("return [window.innerWidth, window.innerHeight];", vec![]).await?;
    if viewport != json!([width, height]) {
        return Err(format!("could not size the viewport to {width}x{height}: it is {viewport}").into());
    }
    Ok(())
}

/// The bundle to serve: $KUBARIUM_DIST, or dist/ in the crate. Panics if it holds no release build.
pub fn dist_dir() -> PathBuf {
    let dist =
        std::env::var_os("KUBARIUM_DIST").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
    let has_index = dist.join("index.html").is_file();
    let has_wasm = std::fs::read_dir(&dist)
        .map(|entries| entries.filter_map(Result::ok).any(|entry| entry.file_name().to_string_lossy().ends_with("_bg.wasm")))
        .unwrap_or(false);
    assert!(
        has_index && has_wasm,
        "{} holds no built bundle (index.html and *_bg.wasm): build it first with \
         `trunk build --release`, or run `bash scripts/test`, which does",
        dist.display()
    );
    dist
}

/// The single-file build: $KUBARIUM_SINGLE_FILE, or dist-single/kubarium.html in the crate.
fn single_file_path() -> PathBuf {
    let file = std::env::var_os("KUBARIUM_SINGLE_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist-single").join("kubarium.html"));
    assert!(
        file.is_file(),
        "{} is missing: build it first with `bash scripts/single-file`, or run `bash scripts/test`, which does",
        file.display()
    );
    file
}

/// `file:///…` for an absolute path (spaces and the like percent-encoded).
fn file_url(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for byte in absolute.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => url.push(byte as char),
            other => url.push_str(&format!("%{other:02X}")),
        }
    }
    url
}

/// target/<what>/ (or $CARGO_TARGET_DIR/<what>/).
pub fn target_subdir(what: &str) -> PathBuf {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join(what);
    std::fs::create_dir_all(&dir).expect("create a folder under target/");
    dir
}

fn scratch_dir(story: &str) -> PathBuf {
    let dir = target_subdir("e2e").join(format!("profile-{story}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a Chromium profile folder");
    dir
}

/// The Chromium binary: $CHROME_BIN, else the first of the usual names on PATH (else chromedriver's
/// own default).
fn chrome_binary() -> Option<String> {
    if let Some(path) = std::env::var_os("CHROME_BIN") {
        return Some(path.to_string_lossy().into_owned());
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .map(|found| found.to_string_lossy().into_owned())
}

fn capabilities(
    (width, height): (u32, u32),
    color_scheme: ColorScheme,
    profile_dir: &std::path::Path,
) -> serde_json::Map<String, serde_json::Value> {
    let mut args = vec![
        "--headless=new".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        // No network but loopback here: keep Chromium from trying.
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--disable-extensions".into(),
        "--lang=en-US".into(),
        "--force-device-scale-factor=1".into(),
        format!("--window-size={width},{height}"),
        format!("--user-data-dir={}", profile_dir.display()),
    ];
    if color_scheme == ColorScheme::Dark {
        args.push("--force-dark-mode".into());
        args.push("--blink-settings=preferredColorScheme=0".into());
    }
    let mut options = json!({ "args": args });
    if let Some(binary) = chrome_binary() {
        options["binary"] = json!(binary);
    }
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": options,
    });
    match capabilities {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("a JSON object literal"),
    }
}
