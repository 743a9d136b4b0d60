//! The page as a teaching medium (issue #7): scrubbing back and forking, share links, hostile
//! links, the embed at iframe sizes, and a host page driving an embed through postMessage.

use crate::harness::{target_subdir, Page, Story, StoryResult};
use crate::stories::playground::assert_no_page_errors;

/// Types a line into the console and submits it.
async fn run_in_console(page: &Page, line: &str) -> StoryResult {
    page.type_into("#console-input", &format!("{line}\n")).await?;
    Ok(())
}

/// Pauses the clock if it runs.
async fn pause(page: &Page) -> StoryResult {
    if page.attribute("#run-button", "aria-pressed").await?.as_deref() == Some("true") {
        page.click("#run-button").await?;
    }
    page.wait_for_attribute("#run-button", "aria-pressed", "false").await?;
    Ok(())
}

/// Moves the scrubber to `ms` as a drag would (an `input` event on the range).
async fn scrub_to(page: &Page, ms: i64) -> StoryResult {
    page.eval(&format!(
        "const s = document.getElementById('scrubber'); s.value = '{ms}'; s.dispatchEvent(new Event('input', {{ bubbles: true }})); return true;"
    ))
    .await?;
    Ok(())
}

/// The clock's seconds (`HH:MM:SS` in #clock).
async fn clock_seconds(page: &Page) -> Result<i64, Box<dyn std::error::Error>> {
    let text = page.text("#clock").await?;
    let parts: Vec<i64> = text.trim().split(':').filter_map(|p| p.parse().ok()).collect();
    match parts.as_slice() {
        [h, m, s] => Ok(h * 3_600 + m * 60 + s),
        _ => Err(format!("the clock reads {text:?}").into()),
    }
}

async fn wait_for_seconds(page: &Page, seconds: i64) -> StoryResult {
    page.wait_until(&format!("the clock to reach {seconds} s"), || async { Ok((clock_seconds(page).await? >= seconds).then_some(())) })
        .await
}

/// The link the share panel shows (the input's value property).
pub(crate) async fn share_url(page: &Page) -> Result<String, Box<dyn std::error::Error>> {
    page.wait_for("#share-url").await?;
    let value = page.eval("return document.getElementById('share-url').value;").await?;
    Ok(value.as_str().filter(|v| !v.is_empty()).ok_or("no link in the share panel")?.to_string())
}

/// The names of the pods drawn on node cards, sorted.
async fn pods_on_cards(page: &Page) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let value =
        page.eval("return [...document.querySelectorAll('.node-card [data-pod]')].map(e => e.getAttribute('data-pod')).sort();").await?;
    Ok(serde_json::from_value(value)?)
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn timeline_scrub_back_fork_and_restore() {
    Story::new("timeline-fork").run(|page| async move {
        page.open("/").await?;
        page.wait_for("[data-node='node-1']").await?;
        page.click("button[aria-label='Speed 10 times']").await?;
        wait_for_seconds(&page, 10).await?;
        run_in_console(&page, "node add node-4").await?;
        page.wait_for("[data-node='node-4']").await?;
        wait_for_seconds(&page, 25).await?;
        pause(&page).await?;
        let head = clock_seconds(&page).await?;

        // Back to 5 s: node-4 has not joined yet, and the page says it shows the past.
        scrub_to(&page, 5_000).await?;
        page.wait_for_text("#clock", "00:00:05").await?;
        page.wait_for("#go-live-button").await?;
        assert_eq!(page.count("[data-node='node-4']").await?, 0, "node-4 joined at 10 s");
        assert!(page.count(".timeline__mark--intent").await? >= 2, "marks for the apply and for node add");
        page.screenshot("scrubbed-back").await?;

        // ← (outside a text field) steps back by change; → forward again.
        page.eval("document.activeElement && document.activeElement.blur(); return true;").await?;
        page.eval("window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' })); return true;").await?;
        page.wait_until("← to step back", || async { Ok((clock_seconds(&page).await? < 5).then_some(())) }).await?;
        page.eval("window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight' })); return true;").await?;
        scrub_to(&page, 5_000).await?;
        page.wait_for_text("#clock", "00:00:05").await?;

        // A change in the past forks: the old future (node-4) is gone, the log cut at 5 s.
        page.click("[data-node='node-1'] .node-card__cordon").await?;
        page.wait_for("#fork-notice").await?;
        assert!(page.text("#fork-notice").await?.contains("1 later intent"), "{}", page.text("#fork-notice").await?);
        page.wait_for("#timeline-state").await?;
        page.click("#run-button").await?;
        wait_for_seconds(&page, 20).await?;
        pause(&page).await?;
        assert_eq!(page.count("[data-node='node-4']").await?, 0, "the discarded future must not come back by itself");
        assert!(page.text("[data-node='node-1'] .badge").await?.contains("SchedulingDisabled"));
        page.screenshot("forked").await?;

        // Restore brings the old future back, at the moment it was cut.
        page.click("#restore-button").await?;
        page.wait_until("the fork notice to go", || async { Ok((page.count("#fork-notice").await? == 0).then_some(())) }).await?;
        page.wait_for_text("#clock", "00:00:05").await?;
        page.click("#go-live-button").await?;
        page.wait_for("[data-node='node-4']").await?;
        assert!(clock_seconds(&page).await? >= head);
        assert!(!page.text("[data-node='node-1'] .badge").await?.contains("SchedulingDisabled"));
        assert_no_page_errors(&page).await
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn share_link_round_trip_and_the_v1_fixture() {
    Story::new("share-link").run(|page| async move {
        page.open("/").await?;
        page.wait_for("[data-node='node-1']").await?;
        page.click("button[aria-label='Speed 10 times']").await?;
        wait_for_seconds(&page, 6).await?;
        run_in_console(&page, "node add node-4 --label disk=ssd").await?;
        wait_for_seconds(&page, 30).await?;
        pause(&page).await?;
        scrub_to(&page, 20_000).await?;
        page.wait_for_text("#clock", "00:00:20").await?;
        let pods = pods_on_cards(&page).await?;
        let events = page.text("#events-panel").await?;
        page.click("#share-button").await?;
        page.wait_for("#share-url").await?;
        let url = share_url(&page).await?;
        assert!(url.contains("#s1."), "{url}");
        assert!(page.text("#share-panel").await?.contains("Embed"), "the full page offers the embed code");

        // The link reproduces the same pods (names included) and events at the shared moment, paused.
        page.client().goto("about:blank").await?;
        page.client().goto(&url).await?;
        page.wait_for("[data-node='node-4']").await?;
        page.wait_for_text("#clock", "00:00:20").await?;
        assert_eq!(page.attribute("#run-button", "aria-pressed").await?.as_deref(), Some("false"));
        assert_eq!(pods_on_cards(&page).await?, pods);
        assert_eq!(page.text("#events-panel").await?, events);
        // Saved work exists (the visit above), so the link asks before replacing it.
        page.wait_for("#notice-keep").await?;
        page.screenshot("opened-link").await?;

        // A link made by the first link format (kept forever in tests/fixtures/links).
        let fixture = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/links/v1.txt"))?;
        page.client().goto("about:blank").await?;
        page.open(&format!("/#{}", fixture.trim())).await?;
        page.wait_for("[data-node='node-4']").await?;
        page.wait_for_text("#clock", "00:00:20").await?;
        page.wait_for(".node-card [data-pod^='nginx-ds-']").await?;
        assert_no_page_errors(&page).await
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn hostile_and_truncated_links_show_the_error_and_keep_saved_work() {
    Story::new("hostile-links").run(|page| async move {
        // Saved work: the opening scenario plus a node of our own.
        page.open("/").await?;
        page.wait_for("[data-node='node-1']").await?;
        run_in_console(&page, "node add node-7").await?;
        page.wait_for("[data-node='node-7']").await?;
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
        page.click("#share-button").await?;
        let url = share_url(&page).await?;
        let link = url.split('#').nth(1).ok_or("no fragment")?.to_string();

        let hostile = "s1.%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E";
        let truncated = &link[..link.len() / 2];
        for (name, fragment) in [("hostile", hostile.to_string()), ("truncated", truncated.to_string()), ("garbage", "s1.AAAA".to_string())]
        {
            page.client().goto("about:blank").await?;
            page.open(&format!("/#{fragment}")).await?;
            page.wait_for("#notice").await?;
            let notice = page.text("#notice").await?;
            assert!(notice.contains("could not be opened"), "{name}: {notice}");
            // The default scenario, not the saved work; nothing from the link ran as markup.
            page.wait_for("[data-node='node-3']").await?;
            assert_eq!(page.count("[data-node='node-7']").await?, 0, "{name}");
            assert_eq!(page.eval("return window.__pwned === undefined;").await?, serde_json::json!(true));
            assert_eq!(page.count("#notice img").await?, 0);
            page.screenshot(name).await?;
        }
        // The saved work is intact.
        page.client().goto("about:blank").await?;
        page.open("/").await?;
        page.wait_for("[data-node='node-7']").await?;
        assert_no_page_errors(&page).await
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn embed_at_600x400() {
    embed_story("embed-600x400", 600, 400);
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn embed_at_800x500() {
    embed_story("embed-800x500", 800, 500);
}

fn embed_story(name: &'static str, width: u32, height: u32) {
    Story::new(name).viewport(width, height).run(move |page| async move {
        // page.open waits for the page header, which an embed does not have.
        page.client().goto(&format!("{}/?embed=1&panes=console,editor&autoplay=1", page.base_url())).await?;
        page.wait_for("[data-node='node-1']").await?;
        // The cluster first: no page header, the node card and the time bar within the frame.
        assert_eq!(page.count(".header").await?, 0);
        for css in ["#run-button", "#scrubber", "[data-node='node-1']", "#open-full"] {
            let boxes = page.boxes(css).await?;
            let (_, [x, y, w, h]) = boxes.first().ok_or(format!("{css} not drawn"))?.clone();
            assert!(w > 0.0 && h > 0.0 && x >= 0.0 && y >= 0.0 && x + w <= width as f64 + 0.5, "{css} at {x},{y} {w}×{h}");
            assert!(y < height as f64, "{css} below the frame at y={y}");
        }
        let overflow = page.eval("return document.documentElement.scrollWidth - window.innerWidth;").await?;
        assert!(overflow.as_f64().unwrap_or(1.0) <= 0.0, "the embed scrolls sideways by {overflow}");
        wait_for_seconds(&page, 2).await?;
        let full = page.attribute("#open-full", "href").await?.unwrap_or_default();
        assert!(full.contains("#s1."), "open in full playground carries the scenario: {full}");
        page.screenshot("cluster").await?;
        page.click("#embed-tab-console").await?;
        page.wait_for("#console-input").await?;
        page.screenshot("console").await?;
        // An embed writes nothing to the playground's saved work.
        let stored = page.eval("return localStorage.getItem('kubarium.log.v1');").await?;
        assert_eq!(stored, serde_json::Value::Null);
        assert_no_page_errors(&page).await
    });
}

/// A host page that embeds the playground from `embed_src` and records every message it gets.
fn host_page(embed_src: &str, target_origin: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>
<iframe id="kb" src="{embed_src}" width="800" height="500" style="border:0"></iframe>
<script>
  window.__received = [];
  window.addEventListener("message", (e) => {{ window.__received.push({{ origin: e.origin, data: JSON.parse(e.data) }}); }});
  window.send = (message) => document.getElementById("kb").contentWindow.postMessage(message, "{target_origin}");
</script></body></html>"#
    )
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn a_host_page_on_another_origin_drives_the_embed_and_others_are_ignored() {
    let folder = target_subdir("e2e-host-page");
    Story::new("host-page").under("/").mount("/host/", folder.clone()).run(move |page| async move {
        // Two origins on one server: the embed at 127.0.0.1, the host at localhost.
        let embed_origin = page.base_url().trim_end_matches('/').to_string();
        let host_origin = embed_origin.replace("127.0.0.1", "localhost");
        let allowed = embed_origin.replace("127.0.0.1", "localhost");
        let src = format!("{embed_origin}/?embed=1&origins={}", allowed.replace(':', "%3A").replace('/', "%2F"));
        std::fs::write(folder.join("index.html"), host_page(&src, &embed_origin))?;
        std::fs::write(
            folder.join("other.html"),
            host_page(&format!("{embed_origin}/?embed=1&origins=https%3A%2F%2Fnot-this.example"), &embed_origin),
        )?;

        page.client().goto(&format!("{host_origin}/host/")).await?;
        page.wait_until("the embed's ready event", || async {
            let ready = page.eval("return window.__received.some(m => m.data.type === 'ready');").await?;
            Ok((ready == serde_json::json!(true)).then_some(()))
        })
        .await?;
        let origin = page.eval("return window.__received[0].origin;").await?;
        assert_eq!(origin, serde_json::json!(embed_origin));
        page.eval(r#"send(JSON.stringify({ type: "command", line: "node add node-4" })); send({ type: "play" }); return true;"#).await?;
        page.wait_until("the intent event for node add", || async {
            let seen =
                page.eval("return window.__received.some(m => m.data.type === 'intent' && m.data.line === 'node add node-4');").await?;
            Ok((seen == serde_json::json!(true)).then_some(()))
        })
        .await?;
        page.wait_until("a kubectl event and a time event", || async {
            let seen =
                page.eval("const t = window.__received.map(m => m.data.type); return t.includes('event') && t.includes('time');").await?;
            Ok((seen == serde_json::json!(true)).then_some(()))
        })
        .await?;
        page.eval(r#"send({ type: "seek", ms: 0 }); send({ type: "fly" }); return true;"#).await?;
        page.wait_until("an error event for the unknown message", || async {
            let seen = page.eval("return window.__received.some(m => m.data.type === 'error' && m.data.message.includes('fly'));").await?;
            Ok((seen == serde_json::json!(true)).then_some(()))
        })
        .await?;
        page.screenshot("driven").await?;

        // A host that is not on the embed's allow-list: its messages do nothing, and it hears nothing.
        page.client().goto(&format!("{host_origin}/host/other.html")).await?;
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
        page.eval(r#"send({ type: "command", line: "node add node-9" }); return true;"#).await?;
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
        assert_eq!(page.eval("return window.__received.length;").await?, serde_json::json!(0));
        page.client().enter_frame(0).await?;
        page.wait_for("[data-node='node-1']").await?;
        assert_eq!(page.count("[data-node='node-9']").await?, 0, "a message from a non-allowed origin was obeyed");
        page.client().enter_parent_frame().await?;
        Ok(())
    });
}

/// A scenario whose link would pass ~8 KB is offered as a `.kubarium.json` file instead, and
/// the file holds the whole scenario (here, an editor text of 24 KB that compresses badly).
#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn a_scenario_too_big_for_a_link_is_shared_as_a_file() {
    Story::new("share-file").run(|page| async move {
        page.open("/").await?;
        page.wait_for("[data-node='node-1']").await?;
        pause(&page).await?;
        // Pseudo-random names (an LCG in the page) defeat compression, as a pasted install file's hashes do.
        let text = page
            .eval(
                r##"let s = 7, out = "# notes\n";
                   while (out.length < 24000) { s = (s * 1103515245 + 12345) % 2147483648; out += "# " + s.toString(36) + "\n"; }
                   const editor = document.getElementById("manifest-text");
                   editor.value = out;
                   editor.dispatchEvent(new InputEvent("input", { bubbles: true }));
                   return out;"##,
            )
            .await?;
        let text = text.as_str().ok_or("the editor text")?.to_string();
        page.click("#share-button").await?;
        page.wait_for("#share-download").await?;
        assert!(page.text("#share-panel").await?.to_lowercase().contains("file"), "the panel says why it offers a file");
        assert_eq!(page.count("#share-url").await?, 0, "no link for a scenario this big");
        let href = page.attribute("#share-download", "href").await?.ok_or("a download link")?;
        let encoded = href.strip_prefix("data:application/json;charset=utf-8,").ok_or("a JSON data URL")?;
        let json = percent_decode(encoded);
        let scenario = kubarium::view::share::from_file(&json).map_err(|e| e.to_string())?;
        assert_eq!(scenario.editor, text, "the file carries the editor text");
        assert!(!scenario.intents.is_empty(), "and the history");
        page.screenshot("file-offered").await?;
        assert_no_page_errors(&page).await
    });
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `autoplay=1` plays an embed only while it is on screen: below the fold its clock stays
/// put; scrolled into view it runs; scrolled away it stops again.
#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn an_autoplaying_embed_plays_only_while_visible() {
    let folder = target_subdir("e2e-autoplay");
    Story::new("autoplay-visible").under("/").mount("/host/", folder.clone()).run(move |page| async move {
        let embed_origin = page.base_url().trim_end_matches('/').to_string();
        let host_origin = embed_origin.replace("127.0.0.1", "localhost");
        let allowed = host_origin.replace(':', "%3A").replace('/', "%2F");
        let page_html = format!(
            r#"<!doctype html><html><head><meta charset="utf-8"><title>autoplay</title></head><body style="margin:0">
<p>A tutorial's text, long enough that the embed starts below the fold.</p><div style="height:3000px"></div>
<iframe id="kb" src="{embed_origin}/?embed=1&autoplay=1&origins={allowed}" width="800" height="500" style="border:0"></iframe>
<script>
  window.__latest = null;
  window.addEventListener("message", (e) => {{ const d = JSON.parse(e.data); if (d.type === "time") window.__latest = d; }});
</script></body></html>"#
        );
        std::fs::write(folder.join("index.html"), page_html)?;
        page.client().goto(&format!("{host_origin}/host/")).await?;
        page.wait_until("the embed's first time event", || async {
            let latest = page.eval("return window.__latest;").await?;
            Ok((!latest.is_null()).then_some(()))
        })
        .await?;
        tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
        let hidden = page.eval("return window.__latest.ms;").await?;
        assert_eq!(hidden, serde_json::json!(0), "an embed below the fold does not play");

        page.eval("document.getElementById('kb').scrollIntoView(); return true;").await?;
        page.wait_until("the clock to run once visible", || async {
            let ms = page.eval("return window.__latest.ms;").await?;
            Ok((ms.as_i64().unwrap_or(0) >= 2_000).then_some(()))
        })
        .await?;
        page.screenshot("visible").await?;

        page.eval("window.scrollTo(0, 0); return true;").await?;
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
        let stopped = page.eval("return window.__latest.ms;").await?;
        tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
        assert_eq!(page.eval("return window.__latest.ms;").await?, stopped, "scrolled away, the embed stops");
        Ok(())
    });
}
