//! The load budget, measured (a figure, not a gate): the playground's release dist/ (at `/app/`)
//! against the bare Yew page of ../shared/baseline-app (at `/`: its URLs are absolute), both served
//! gzipped from the same server, cold, in the same headless Chromium, on localhost and under
//! emulated 10 Mbit/s with 40 ms latency.
//!
//! - **first node card**: node-1's card is on the page (the first frame after it was laid out),
//!   against the baseline's first text ("Spike inventory" in `document.body.innerText`). On this
//!   first visit that card is the build-time poster's (`view::poster`), drawn from the HTML and
//!   CSS alone; the live page replaces it when the wasm has started;
//! - **interactive**: the wasm has mounted and clicks on Step advance the simulated clock shown in
//!   the controls (the probe pauses the clock first, as Step works only while paused; the clock
//!   shows whole seconds and one step may advance less, so it clicks Step again after each redraw
//!   until the shown clock moves).
//! - the same two for a **share link**, which shows no poster (the first card is the live page's);
//!
//! Times are `performance.now()` in the page, i.e. from its navigation start, taken by a probe that
//! Chromium runs before the page's own scripts (`Page.addScriptToEvaluateOnNewDocument`). Every load
//! is cold: a new tab (a new renderer process), the browser cache cleared and disabled, and the server
//! sends `Cache-Control: no-store`. The playground and the baseline alternate, after one warm-up
//! load of each that is not counted. The story fails only when it cannot measure; it prints the
//! figures and writes them to $KUBARIUM_LOAD_REPORT (scripts/test: target/test-logs/load.txt).

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::harness::{NetworkConditions, Page, Story, StoryResult};

const RUNS: usize = 5;
/// The figure the issue asks the first node card to stay within, as a multiple of the baseline.
const BUDGET_RATIO: f64 = 1.5;

const SLOW: NetworkConditions =
    NetworkConditions { offline: false, latency_ms: 40, download_bytes_per_s: 1_250_000, upload_bytes_per_s: 1_250_000 };

/// Records into `window.__kbLoad` when the page reaches each milestone. It decides which page it is
/// in by the path (the playground is under `/app/`), so that the playground pays no `innerText` layout per mutation.
const PROBE: &str = r#"
(function () {
  if (window.top !== window) return;
  try { localStorage.clear(); } catch (e) {}
  var baseline = location.pathname.indexOf("/app/") !== 0;
  var r = window.__kbLoad = { baseline: baseline, first: null, interactive: null, stepClicked: null };
  var seen = {}, phase = 0, clockBefore = null, firstPending = false;
  function mark(key) {
    if (seen[key]) return;
    seen[key] = true;
    r[key + "Dom"] = performance.now();
    requestAnimationFrame(function () { r[key] = performance.now(); });
  }
  function check() {
    if (baseline) {
      if (!seen.first && document.body && document.body.innerText.indexOf("Spike inventory") >= 0) mark("first");
      return;
    }
    if (!seen.first && !firstPending && document.querySelector("[data-node='node-1']")) {
      // On screen, not only in the document: at the next frame (styles loaded: the stylesheet
      // blocks rendering) the card must still be there and laid out. The poster is parsed hidden,
      // and a share link removes it unshown.
      firstPending = true;
      requestAnimationFrame(function () {
        firstPending = false;
        var card = document.querySelector("[data-node='node-1']");
        if (!seen.first && card && card.getClientRects().length > 0) {
          seen.first = true;
          r.first = performance.now();
        }
      });
    }
    // The build-time poster (view::poster) shows the first node card; its controls are inert.
    if (seen.interactive || document.getElementById("poster")) return;
    var run = document.getElementById("run-button"), step = document.getElementById("step-button"),
        clock = document.getElementById("clock");
    if (!run || !step || !clock) return;
    if (phase === 0) {
      if (run.getAttribute("aria-pressed") === "true") run.click();
      phase = 1;
    }
    if (phase === 1 && !step.disabled) {
      clockBefore = clock.textContent;
      r.stepClicked = performance.now();
      r.steps = 1;
      rendered = false;
      step.click();
      phase = 2;
    } else if (phase === 2 && clock.textContent !== clockBefore) {
      mark("interactive");
    } else if (phase === 2 && rendered && !step.disabled) {
      // The clock shows whole seconds and a step may advance less: step again once the page has
      // drawn the last one, until the shown clock moves.
      r.steps += 1;
      rendered = false;
      step.click();
    }
  }
  var rendered = false;
  new MutationObserver(function () { rendered = true; check(); })
    .observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  setInterval(check, 25);
})();
"#;

struct Sample {
    first: f64,
    interactive: Option<f64>,
    /// Step clicks until the shown clock moved.
    steps: f64,
    /// Bytes over the wire (encoded), the document and every resource.
    transferred: f64,
}

/// One cold load of `url` in a new tab, under `conditions` (None: no emulation).
async fn load_once(
    page: &Page,
    url: &str,
    baseline: bool,
    conditions: Option<&NetworkConditions>,
) -> Result<Sample, Box<dyn std::error::Error>> {
    let client = page.client();
    let original = client.window().await?;
    let tab = client.new_window(true).await?;
    client.switch_to_window(tab.handle).await?;
    if let Some(conditions) = conditions {
        page.set_network_conditions(conditions).await?;
    }
    page.cdp("Network.enable", json!({})).await?;
    page.cdp("Network.clearBrowserCache", json!({})).await?;
    page.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true })).await?;
    page.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": PROBE })).await?;
    client.goto(url).await?;
    let done = if baseline { "r && r.first !== null" } else { "r && r.first !== null && r.interactive !== null" };
    let result = page
        .wait_until(&format!("the load milestones of {url}"), || async {
            let value = page
                .eval(&format!(
                    "var r = window.__kbLoad; if (!({done})) return null;
                     var bytes = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                         .reduce(function (sum, e) {{ return sum + (e.transferSize || 0); }}, 0);
                     return {{ first: r.first, interactive: r.interactive, steps: r.steps || 0, transferred: bytes }};"
                ))
                .await?;
            Ok((!value.is_null()).then_some(value))
        })
        .await;
    let result = match result {
        Ok(result) => result,
        Err(error) => {
            let state =
                page.eval("return [window.__kbLoad || null, (document.getElementById('clock') || {}).textContent || null];").await?;
            return Err(format!("{error}; the probe's state: {state}").into());
        }
    };
    client.close_window().await?;
    client.switch_to_window(original).await?;
    let number = |key: &str| result.get(key).and_then(Value::as_f64);
    Ok(Sample {
        first: number("first").ok_or("the probe recorded no first milestone")?,
        interactive: number("interactive"),
        steps: number("steps").unwrap_or(0.0),
        transferred: number("transferred").unwrap_or(0.0),
    })
}

struct Spread {
    median: f64,
    min: f64,
    max: f64,
    p25: f64,
    p75: f64,
}

fn spread(values: &[f64]) -> Spread {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    // Linear interpolation between the closest ranks (the median of an even count is the mean of
    // the middle two).
    let quantile = |q: f64| {
        let rank = q * (sorted.len() - 1) as f64;
        let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
        sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
    };
    Spread { median: quantile(0.5), min: sorted[0], max: sorted[sorted.len() - 1], p25: quantile(0.25), p75: quantile(0.75) }
}

fn ms(spread: &Spread) -> String {
    format!("{:.0} ms ({:.0}–{:.0})", spread.median, spread.min, spread.max)
}

/// Median, quartiles and range: `707 ms [p25–p75 700–712] (697–738)`.
fn ms_quartiles(spread: &Spread) -> String {
    format!("{:.0} ms [p25–p75 {:.0}–{:.0}] ({:.0}–{:.0})", spread.median, spread.p25, spread.p75, spread.min, spread.max)
}

/// The baseline's release bundle: $KUBARIUM_BASELINE_DIST (scripts/test builds it once per lock file).
fn baseline_dist() -> PathBuf {
    let dir = std::env::var_os("KUBARIUM_BASELINE_DIST").map(PathBuf::from).unwrap_or_else(|| {
        panic!("KUBARIUM_BASELINE_DIST is not set: it names the release build of ../shared/baseline-app (scripts/test builds it)")
    });
    assert!(dir.join("index.html").is_file(), "{} holds no built baseline (index.html)", dir.display());
    dir
}

#[test]
#[ignore = "measures load times against the baseline page: run by scripts/test (needs dist/ and the baseline's bundle)"]
fn load_budget() {
    let baseline = baseline_dist();
    Story::new("load-budget").mount("/app/", crate::harness::dist_dir()).mount("/", baseline).run(|page| async move {
        let origin = page.base_url().trim_end_matches("/app").to_string();
        let (app_url, baseline_url) = (format!("{origin}/app/"), format!("{origin}/"));
        // A share link (the first link format's fixture, at 00:00:20 with four nodes): no poster,
        // so its node-1 card is the live page's.
        let fixture = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/links/v1.txt"))?;
        let link_url = format!("{app_url}#{}", fixture.trim());
        let mut lines = Vec::new();
        for (label, conditions) in [("localhost", None), ("10 Mbit/s, 40 ms", Some(&SLOW))] {
            // One uncounted load of each: the server gzips each file once, Chromium warms up.
            load_once(&page, &app_url, false, conditions).await?;
            load_once(&page, &baseline_url, true, conditions).await?;
            load_once(&page, &link_url, false, conditions).await?;
            let (mut app, mut base, mut link) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..RUNS {
                app.push(load_once(&page, &app_url, false, conditions).await?);
                base.push(load_once(&page, &baseline_url, true, conditions).await?);
                link.push(load_once(&page, &link_url, false, conditions).await?);
            }
            let card = spread(&app.iter().map(|s| s.first).collect::<Vec<_>>());
            let interactive = spread(&app.iter().map(|s| s.interactive.ok_or("no interactive time")).collect::<Result<Vec<_>, _>>()?);
            let text = spread(&base.iter().map(|s| s.first).collect::<Vec<_>>());
            let kb = |samples: &[Sample]| spread(&samples.iter().map(|s| s.transferred / 1000.0).collect::<Vec<_>>()).median;
            lines.push(format!(
                "load ({label}): first node card {} vs baseline first text {}: {:.1}× [budget {BUDGET_RATIO}×]",
                ms(&card),
                ms(&text),
                card.median / text.median
            ));
            lines.push(format!(
                "load ({label}): interactive (Step advances the clock, {:.0} clicks) {} vs baseline first text {:.0} ms: {:.1}×",
                spread(&app.iter().map(|s| s.steps).collect::<Vec<_>>()).median,
                ms(&interactive),
                text.median,
                interactive.median / text.median
            ));
            let link_card = spread(&link.iter().map(|s| s.first).collect::<Vec<_>>());
            let link_interactive = spread(&link.iter().map(|s| s.interactive.ok_or("no interactive time")).collect::<Result<Vec<_>, _>>()?);
            lines.push(format!(
                "load ({label}): share link (no poster): first node card {}: {:.1}×; interactive {}: {:.1}×",
                ms(&link_card),
                link_card.median / text.median,
                ms(&link_interactive),
                link_interactive.median / text.median
            ));
            lines.push(format!(
                "load ({label}): transferred {:.0} KB (gzip) vs baseline {:.0} KB; {RUNS} cold loads each, alternating",
                kb(&app),
                kb(&base)
            ));
        }
        let report = lines.join("\n") + "\n";
        print!("{report}");
        let path = std::env::var_os("KUBARIUM_LOAD_REPORT")
            .map(PathBuf::from)
            .unwrap_or_else(|| crate::harness::target_subdir("test-logs").join("load.txt"));
        std::fs::write(&path, &report)?;
        println!("load: written to {}", path.display());
        StoryResult::Ok(())
    });
}

/// Loads per bundle in [`load_compare`]: $KUBARIUM_COMPARE_RUNS, default 15.
fn compare_runs() -> usize {
    std::env::var("KUBARIUM_COMPARE_RUNS").ok().and_then(|runs| runs.parse().ok()).filter(|runs| *runs > 0).unwrap_or(15)
}

/// Two release bundles of the playground against each other (`KUBARIUM_COMPARE_DIST=dirA,dirB`), to
/// decide a change that trades bundle bytes for something else by its load time: served from the same
/// server (A at `/app/a/`, B at `/app/b/`), cold, alternating A, B, A, B… after one uncounted load of
/// each, on localhost and at 10 Mbit/s. Prints the median, quartiles and range of each milestone
/// per bundle, and the difference of the medians; writes them with every sample to
/// $KUBARIUM_COMPARE_REPORT (default target/test-logs/load-compare.txt). Not run by scripts/test.
#[test]
#[ignore = "compares two built bundles' load times: KUBARIUM_COMPARE_DIST=dirA,dirB cargo test --test e2e -- --ignored --exact stories::load::load_compare --nocapture"]
fn load_compare() {
    let dirs = std::env::var("KUBARIUM_COMPARE_DIST")
        .unwrap_or_else(|_| panic!("KUBARIUM_COMPARE_DIST is not set: it names the two release dist/ folders to compare, `dirA,dirB`"));
    let dirs: Vec<PathBuf> = dirs.split(',').map(PathBuf::from).collect();
    assert_eq!(dirs.len(), 2, "KUBARIUM_COMPARE_DIST names two folders, `dirA,dirB`");
    for dir in &dirs {
        assert!(dir.join("index.html").is_file(), "{} holds no built bundle (index.html)", dir.display());
    }
    let names: Vec<String> =
        dirs.iter().map(|dir| dir.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()).collect();
    let runs = compare_runs();
    let load_average = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split(' ').take(3).collect::<Vec<_>>().join(" ");
    Story::new("load-compare").mount("/app/a/", dirs[0].clone()).mount("/app/b/", dirs[1].clone()).run(|page| async move {
        let origin = page.base_url().trim_end_matches("/app/a").to_string();
        let urls = [format!("{origin}/app/a/"), format!("{origin}/app/b/")];
        let mut report = vec![format!("load compare: A = {}, B = {}; {runs} cold loads each, alternating A, B", names[0], names[1])];
        report.push(format!("load compare: load average at the start {}", load_average()));
        let mut samples = Vec::new();
        for (label, conditions) in [("localhost", None), ("10 Mbit/s, 40 ms", Some(&SLOW))] {
            for url in &urls {
                load_once(&page, url, false, conditions).await?;
            }
            let mut by_bundle: [Vec<Sample>; 2] = [Vec::new(), Vec::new()];
            for run in 0..runs {
                for (which, url) in urls.iter().enumerate() {
                    let sample = load_once(&page, url, false, conditions).await?;
                    let interactive = sample.interactive.ok_or("no interactive time")?;
                    samples.push(format!(
                        "sample ({label}) {run:>2} {}: first node card {:.0} ms, interactive {interactive:.0} ms, {:.0} clicks, {:.0} KB",
                        ["A", "B"][which],
                        sample.first,
                        sample.steps,
                        sample.transferred / 1000.0
                    ));
                    by_bundle[which].push(sample);
                }
            }
            let card = |samples: &[Sample]| spread(&samples.iter().map(|s| s.first).collect::<Vec<_>>());
            let interactive = |samples: &[Sample]| spread(&samples.iter().map(|s| s.interactive.unwrap_or(f64::NAN)).collect::<Vec<_>>());
            let kb = |samples: &[Sample]| spread(&samples.iter().map(|s| s.transferred / 1000.0).collect::<Vec<_>>()).median;
            for (which, bundle) in by_bundle.iter().enumerate() {
                report.push(format!(
                    "load compare ({label}) {} {}: first node card {}; interactive {}; transferred {:.0} KB",
                    ["A", "B"][which],
                    names[which],
                    ms_quartiles(&card(bundle)),
                    ms_quartiles(&interactive(bundle)),
                    kb(bundle)
                ));
            }
            for (milestone, of) in [("first node card", &card as &dyn Fn(&[Sample]) -> Spread), ("interactive", &interactive)] {
                let (a, b) = (of(&by_bundle[0]), of(&by_bundle[1]));
                let overlap = a.p25 <= b.p75 && b.p25 <= a.p75;
                report.push(format!(
                    "load compare ({label}) {milestone}: B − A = {:+.0} ms ({:+.1} %) of the medians; the quartile ranges {}",
                    b.median - a.median,
                    (b.median - a.median) / a.median * 100.0,
                    if overlap { "overlap" } else { "do not overlap" }
                ));
            }
        }
        report.push(format!("load compare: load average at the end {}", load_average()));
        let text = report.join("\n") + "\n";
        print!("{text}");
        let path = std::env::var_os("KUBARIUM_COMPARE_REPORT")
            .map(PathBuf::from)
            .unwrap_or_else(|| crate::harness::target_subdir("test-logs").join("load-compare.txt"));
        std::fs::write(&path, text + &samples.join("\n") + "\n")?;
        println!("load compare: written with every sample to {}", path.display());
        StoryResult::Ok(())
    });
}
