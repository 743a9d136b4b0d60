//! The poster (`view::poster`): the opening page rendered at build time into index.html, shown to
//! a first visit while the wasm loads, and replaced by the live page with the same picture.

use serde_json::json;

use crate::harness::{Page, Story};
use crate::stories::playground::assert_no_page_errors;

/// Records, before the page's own scripts run: the poster as parsed (at DOMContentLoaded), and the
/// live page at the first moment scripts can see it (the mutation that removed the poster), and
/// whether any mutation ever left two elements with the app's id.
const PROBE: &str = r##"
(function () {
  if (window.top !== window) return;
  var r = window.__kbPoster = { parsed: null, live: null, doubled: false };
  // The visible text of a page root: the textarea's value in place of its content.
  function picture(root) {
    var copy = root.cloneNode(true);
    var areas = root.querySelectorAll("textarea"), copies = copy.querySelectorAll("textarea");
    for (var i = 0; i < copies.length; i++) copies[i].replaceWith("[" + areas[i].value + "]");
    return copy.textContent;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var poster = document.getElementById("poster");
    var app = poster && poster.querySelector("#app");
    r.parsed = {
      present: !!poster,
      shown: document.documentElement.classList.contains("kb-poster"),
      inert: !!poster && poster.hasAttribute("inert"),
      cards: poster ? poster.querySelectorAll("[data-node]").length : 0,
      visibleCards: poster ? Array.prototype.filter.call(poster.querySelectorAll("[data-node]"),
        function (e) { return e.getClientRects().length > 0; }).length : 0,
      picture: app ? picture(app) : null
    };
  });
  new MutationObserver(function () {
    if (document.querySelectorAll("#app").length > 1) r.doubled = true;
    var app = document.getElementById("app");
    if (r.live === null && r.parsed && !document.getElementById("poster") && app) r.live = picture(app);
  }).observe(document, { childList: true, subtree: true });
})();
"##;

async fn install_probe(page: &Page) -> Result<(), Box<dyn std::error::Error>> {
    page.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": PROBE })).await?;
    Ok(())
}

async fn parsed(page: &Page) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    page.wait_until("the probe's record of the parsed page", || async {
        let value = page.eval("return (window.__kbPoster || {}).parsed || null;").await?;
        Ok((!value.is_null()).then_some(value))
    })
    .await
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn a_first_visit_sees_the_opening_page_before_the_wasm_and_then_the_same_page_live() {
    Story::new("poster").run(|page| async move {
        install_probe(&page).await?;
        // Without the wasm the poster stays: the opening cluster, inert.
        page.cdp("Network.enable", json!({})).await?;
        page.cdp("Network.setBlockedURLs", json!({ "urls": ["*.wasm"] })).await?;
        page.client().goto(&format!("{}/", page.base_url())).await?;
        let record = parsed(&page).await?;
        assert_eq!(record["present"], true, "{record}");
        assert_eq!(record["shown"], true, "{record}");
        assert_eq!(record["inert"], true, "{record}");
        assert_eq!(record["cards"], 3, "the opening's three nodes: {record}");
        assert_eq!(record["visibleCards"], 3, "{record}");
        let poster_picture = record["picture"].as_str().ok_or("no picture of the poster")?.to_string();
        for text in ["node-1", "node-2", "node-3", "statefulset/web", "daemonset/nginx-ds", "00:00:00", "kind: DaemonSet"] {
            assert!(poster_picture.contains(text), "the poster shows {text}: {poster_picture}");
        }
        page.screenshot("poster-without-wasm").await?;

        // With the wasm: the live page's first picture is the poster's, and no script ever sees both.
        page.cdp("Network.setBlockedURLs", json!({ "urls": [] })).await?;
        page.client().goto("about:blank").await?;
        page.client().goto(&format!("{}/", page.base_url())).await?;
        page.wait_for_live_app().await?;
        let live = page
            .wait_until("the probe's record of the live page", || async {
                let value = page.eval("return (window.__kbPoster || {}).live || null;").await?;
                Ok(value.as_str().map(str::to_string))
            })
            .await?;
        assert_eq!(live, poster_picture, "the live page's first frame differs from the poster");
        assert_eq!(page.eval("return window.__kbPoster.doubled;").await?, false, "two #app elements at once");
        assert_eq!(page.count("#app").await?, 1);
        // The live page works: Step advances it (paused first).
        if page.attribute("#run-button", "aria-pressed").await?.as_deref() == Some("true") {
            page.click("#run-button").await?;
        }
        page.wait_for_attribute("#run-button", "aria-pressed", "false").await?;
        // Step until a DaemonSet pod is on a node: the first steps may only create the pods
        // (Pending) when the page was paused at its very first moment.
        for _ in 0..10 {
            if page.count(".node-card [data-pod^='nginx-ds-']").await? > 0 {
                break;
            }
            page.click("#step-button").await?;
            tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        }
        page.wait_for(".node-card [data-pod^='nginx-ds-']").await?;
        assert_no_page_errors(&page).await
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn a_link_an_embed_or_saved_work_never_shows_the_poster() {
    Story::new("poster-not-shown").run(|page| async move {
        install_probe(&page).await?;
        // The wasm is blocked, so what removes the poster is the script behind it, not the app.
        page.cdp("Network.enable", json!({})).await?;
        page.cdp("Network.setBlockedURLs", json!({ "urls": ["*.wasm"] })).await?;
        let base = page.base_url().to_string();
        let saved = format!("{base}/?saved");
        for url in [format!("{base}/?embed=1"), format!("{base}/#s1.AAAA"), format!("{base}/?lang=en"), saved.clone()] {
            page.client().goto("about:blank").await?;
            if url == saved {
                // Saved work from an earlier visit, at the plain URL.
                page.client().goto(&format!("{base}/?x")).await?;
                page.eval("localStorage.setItem('kubarium.editor.v1', JSON.stringify('kind: Pod'));").await?;
                page.client().goto("about:blank").await?;
                page.client().goto(&format!("{base}/")).await?;
            } else {
                page.client().goto(&url).await?;
            }
            let record = parsed(&page).await?;
            assert_eq!(record["present"], false, "{url}: {record}");
            assert_eq!(record["shown"], false, "{url}: {record}");
            assert_eq!(page.count("[data-node]").await?, 0, "{url}");
            page.eval("localStorage.clear();").await?;
        }
        Ok(())
    });
}
