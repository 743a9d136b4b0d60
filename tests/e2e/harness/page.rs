//! The page under test: navigation, waiting (always with a timeout), reading, clicking, screenshots.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;

use super::{target_subdir, WAIT_TIMEOUT};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// chromedriver's network conditions for "no network at all".
pub const OFFLINE: NetworkConditions = NetworkConditions { offline: true, latency_ms: 0, download_bytes_per_s: 0, upload_bytes_per_s: 0 };

/// What chromedriver's `network_conditions` emulates in the current tab (throughputs in bytes/s).
#[derive(Clone, Copy, Debug)]
pub struct NetworkConditions {
    pub offline: bool,
    pub latency_ms: u64,
    pub download_bytes_per_s: u64,
    pub upload_bytes_per_s: u64,
}

#[derive(Clone)]
pub struct Page {
    client: Client,
    base_url: String,
    story: &'static str,
    driver_port: u16,
}

impl Page {
    pub(super) fn new(client: Client, base_url: String, story: &'static str, driver_port: u16) -> Self {
        Self { client, base_url, story, driver_port }
    }

    /// The URL `open("")` loads: the served prefix (`http://127.0.0.1:PORT/some/path`) or the file.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// POST a command fantoccini has no call for to `/session/{id}/{command}` of chromedriver.
    pub async fn driver_command(&self, command: &str, body: Value) -> Result<Value> {
        let session = self.client.session_id().await?.ok_or("the browser session has no id")?;
        Ok(super::chromedriver::post(self.driver_port, &format!("/session/{session}/{command}"), &body)?)
    }

    /// Emulate `conditions` in the current tab (chromedriver's `chromium/network_conditions`).
    pub async fn set_network_conditions(&self, conditions: &NetworkConditions) -> Result<()> {
        let body = serde_json::json!({ "network_conditions": {
            "offline": conditions.offline,
            "latency": conditions.latency_ms,
            "download_throughput": conditions.download_bytes_per_s,
            "upload_throughput": conditions.upload_bytes_per_s,
        }});
        self.driver_command("chromium/network_conditions", body).await?;
        Ok(())
    }

    /// A Chrome DevTools Protocol command in the current tab (chromedriver's `goog/cdp/execute`).
    pub async fn cdp(&self, method: &str, params: Value) -> Result<Value> {
        self.driver_command("goog/cdp/execute", serde_json::json!({ "cmd": method, "params": params })).await
    }

    /// The raw WebDriver client, for anything the helpers don't cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Load `path` of the served bundle and wait until the app has rendered: the live page, not
    /// the build-time poster it replaces (`view::poster`), whose elements are inert.
    pub async fn open(&self, path: &str) -> Result<()> {
        self.client.goto(&format!("{}{}", self.base_url, path)).await?;
        self.wait_for_live_app().await
    }

    /// Wait until the wasm has mounted the page: no poster, and the app's root.
    pub async fn wait_for_live_app(&self) -> Result<()> {
        self.wait_for_js("!document.getElementById('poster') && document.getElementById('app')").await
    }

    /// Poll `check` until it yields `Some`, or fail after [`WAIT_TIMEOUT`] saying what was awaited.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, mut check: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        let mut last_error = None;
        loop {
            match check().await {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(error) => last_error = Some(error.to_string()),
            }
            if Instant::now() >= deadline {
                let detail = last_error.map(|error| format!(" (last error: {error})")).unwrap_or_default();
                return Err(format!("timed out after {WAIT_TIMEOUT:?} waiting for {what}{detail}").into());
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Wait until an element matches `css`.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        self.wait_until(&format!("an element matching `{css}`"), || async {
            Ok(self.client.find_all(Locator::Css(css)).await?.into_iter().next())
        })
        .await
    }

    /// Wait until the element matching `css` has text containing `needle`; returns the whole text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> Result<String> {
        self.wait_until(&format!("`{css}` to contain {needle:?}"), || async {
            let text = self.text(css).await?;
            Ok(text.contains(needle).then_some(text))
        })
        .await
    }

    /// Wait until the element matching `css` has attribute `name` equal to `value`.
    pub async fn wait_for_attribute(&self, css: &str, name: &str, value: &str) -> Result<()> {
        self.wait_until(&format!("`{css}` to have {name}={value:?}"), || async {
            Ok((self.attribute(css, name).await?.as_deref() == Some(value)).then_some(()))
        })
        .await
    }

    /// Wait until the JavaScript expression `expression` is truthy.
    pub async fn wait_for_js(&self, expression: &str) -> Result<()> {
        self.wait_until(&format!("`{expression}`"), || async {
            let value = self.eval(&format!("return Boolean({expression});")).await?;
            Ok((value == Value::Bool(true)).then_some(()))
        })
        .await
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        self.wait_for(css).await?.click().await?;
        Ok(())
    }

    /// Type into the element matching `css` (use `fantoccini::key::Key` chars for special keys).
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        self.wait_for(css).await?.send_keys(text).await?;
        Ok(())
    }

    /// The rendered text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String> {
        Ok(self.client.find(Locator::Css(css)).await?.text().await?)
    }

    pub async fn attribute(&self, css: &str, name: &str) -> Result<Option<String>> {
        Ok(self.client.find(Locator::Css(css)).await?.attr(name).await?)
    }

    /// Run a script (its `return` value comes back as JSON).
    pub async fn eval(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, Vec::new()).await?)
    }

    /// `getComputedStyle(element)[property]` of the first element matching `css`.
    pub async fn computed_style(&self, css: &str, property: &str) -> Result<String> {
        let value = self
            .client
            .execute(
                "const element = document.querySelector(arguments[0]);
                 return element ? getComputedStyle(element).getPropertyValue(arguments[1]) : null;",
                vec![Value::from(css), Value::from(property)],
            )
            .await?;
        value.as_str().map(str::to_owned).ok_or_else(|| format!("nothing matches `{css}`").into())
    }

    /// The bounding box (x, y, width, height) of every element matching `css`, in document order.
    pub async fn boxes(&self, css: &str) -> Result<Vec<(String, [f64; 4])>> {
        let value = self
            .client
            .execute(
                "return Array.from(document.querySelectorAll(arguments[0])).map(element => {
                     const r = element.getBoundingClientRect();
                     const name = element.getAttribute('aria-label') || element.getAttribute('aria-labelledby') || element.className;
                     return [name, r.x, r.y, r.width, r.height];
                 });",
                vec![Value::from(css)],
            )
            .await?;
        let rows = value.as_array().ok_or("boxes: not an array")?;
        rows.iter()
            .map(|row| {
                let name = row[0].as_str().unwrap_or("?").to_string();
                let number = |i: usize| row[i].as_f64().ok_or("boxes: not a number");
                Ok((name, [number(1)?, number(2)?, number(3)?, number(4)?]))
            })
            .collect()
    }

    /// What the page reported as errors since it loaded: uncaught exceptions (a wasm panic
    /// included), unhandled rejections and `console.error` calls, as index.html's hook records them.
    pub async fn errors(&self) -> Result<Vec<String>> {
        let value = self.eval("return window.__kubariumErrors || null;").await?;
        let list = value.as_array().ok_or("index.html's error hook is missing")?;
        Ok(list.iter().map(|v| v.as_str().unwrap_or("?").to_string()).collect())
    }

    /// How many elements match `css` right now.
    pub async fn count(&self, css: &str) -> Result<usize> {
        Ok(self.client.find_all(Locator::Css(css)).await?.len())
    }

    /// Wait until exactly `n` elements match `css`.
    pub async fn wait_for_count(&self, css: &str, n: usize) -> Result<()> {
        self.wait_until(&format!("{n} elements matching `{css}`"), || async { Ok((self.count(css).await? == n).then_some(())) }).await
    }

    /// Save a PNG of the viewport as target/screenshots/<story>-<label>.png and return its path.
    pub async fn screenshot(&self, label: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let path = target_subdir("screenshots").join(format!("{}-{label}.png", self.story));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}
