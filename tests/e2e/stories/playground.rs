//! The playground's stories: the tutorial's DaemonSet following nodes in and out, the
//! StatefulSet starting its pods in order, the opening scenario, reload, and a page without errors.

use fantoccini::key::Key;

use crate::harness::{Page, Story, StoryResult, FULL_HD};

/// Daemon pods of nginx-ds on node cards that kubectl would print as Running (ghosts excluded).
const DAEMON_RUNNING: &str = ".node-card [data-pod^='nginx-ds-'][data-status='Running']:not(.chip--gone)";
const DAEMON_ANY: &str = ".node-card [data-pod^='nginx-ds-']:not(.chip--gone)";

/// A fresh cluster with `preset` applied from the editor, running at `speed` (its label).
async fn start_with_preset(page: &Page, preset: &str, speed: &str) -> StoryResult {
    page.open("/").await?;
    page.click("#reset-button").await?;
    page.wait_for_text("#console-lines", "The cluster was reset").await?;
    page.click(&format!("[data-preset='{preset}']")).await?;
    page.click("#apply-button").await?;
    page.wait_for_text("#apply-status", "Applied.").await?;
    page.click(&format!("button[aria-label='Speed {speed} times']")).await?;
    Ok(())
}

pub(crate) async fn assert_no_page_errors(page: &Page) -> StoryResult {
    let errors = page.errors().await?;
    assert!(errors.is_empty(), "the page reported errors: {errors:?}");
    Ok(())
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn daemon_pods_follow_nodes_in_and_out() {
    Story::new("story-daemonset").run(|page| async move {
        start_with_preset(&page, "daemonset.yaml", "5").await?;
        page.wait_for_count(".node-card", 3).await?;
        page.wait_for_count(DAEMON_RUNNING, 3).await?;
        for node in ["node-1", "node-2", "node-3"] {
            assert_eq!(page.count(&format!("[data-node='{node}'] [data-pod^='nginx-ds-']:not(.chip--gone)")).await?, 1, "{node}");
        }
        page.screenshot("three-nodes").await?;

        page.click("#add-node-button").await?;
        page.wait_for_count(".node-card", 4).await?;
        page.wait_for_count(DAEMON_RUNNING, 4).await?;
        assert_eq!(page.count("[data-node='node-4'] [data-pod^='nginx-ds-'][data-status='Running']").await?, 1);
        page.wait_for_text("#console-lines", "$ node add node-4").await?;
        page.screenshot("four-nodes").await?;

        page.click("[data-node='node-2'] .node-card__remove").await?;
        page.wait_for_count(".node-card", 3).await?;
        page.wait_for_count(DAEMON_ANY, 3).await?;
        page.wait_for_count(DAEMON_RUNNING, 3).await?;
        assert_eq!(page.count("[data-node='node-2']").await?, 0);
        page.screenshot("node-removed").await?;
        assert_no_page_errors(&page).await
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn statefulset_pods_start_in_order_with_their_claims_bound() {
    Story::new("story-statefulset").run(|page| async move {
        start_with_preset(&page, "statefulset.yaml", "1").await?;
        // Until web-0 is Running and Ready, web-1 does not exist: sample the page while it runs.
        let saw_web1_waiting = std::cell::Cell::new(false);
        let saw = &saw_web1_waiting;
        page.wait_until("web-1 to appear", || async {
            let web1 = page.count("[data-pod='web-1']").await?;
            let web0_ready = page.count("[data-ordinal='web-0'].ordinal--ready").await?;
            if web1 == 0 {
                if page.text("[data-ordinal='web-1']").await?.contains("waiting for web-0") {
                    saw.set(true);
                }
                return Ok(None);
            }
            assert_eq!(web0_ready, 1, "web-1 exists while web-0 is not Ready");
            Ok(Some(()))
        })
        .await?;
        assert!(saw_web1_waiting.get(), "the page said web-1 waits for web-0");
        page.screenshot("web-1-appears").await?;
        page.click("button[aria-label='Speed 5 times']").await?;
        page.wait_for("[data-pod='web-0'][data-status='Running']").await?;
        page.wait_for("[data-pod='web-1'][data-status='Running']").await?;
        page.wait_for("[data-ordinal='web-1'].ordinal--ready").await?;
        page.wait_for("[data-claim='www-web-0'][data-status='Bound']").await?;
        page.wait_for("[data-claim='www-web-1'][data-status='Bound']").await?;
        assert_eq!(page.count("[data-volume][data-status='Bound']").await?, 2);
        page.screenshot("both-running").await?;
        assert_no_page_errors(&page).await
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn the_page_opens_on_the_tutorial_and_a_reload_replays_it() {
    Story::new("opening").viewport(FULL_HD.0, FULL_HD.1).run(|page| async move {
        page.open("/").await?;
        // Pods are on the nodes within a second of opening, without a click.
        page.wait_for(".node-card [data-pod^='nginx-ds-']").await?;
        page.wait_for("[data-statefulset='web']").await?;
        page.wait_for_count(DAEMON_RUNNING, 3).await?;
        page.screenshot("running").await?;

        // A command, an edited editor, then a reload: same text, same scenario.
        page.type_into("#console-input", &format!("kubectl cordon node-3{}", char::from(Key::Enter))).await?;
        page.wait_for("[data-node='node-3'] .node-card__uncordon").await?;
        page.type_into("#manifest-text", "# my notes\n").await?;
        let text = page.eval("return document.querySelector('#manifest-text').value;").await?;
        page.client().refresh().await?;
        page.wait_for("#app .header__title").await?;
        page.wait_for("[data-node='node-3'] .node-card__uncordon").await?;
        assert_eq!(page.eval("return document.querySelector('#manifest-text').value;").await?, text);
        // WebDriver reads rendered text, which is "" while the card still fades in after the reload.
        let badge = page
            .wait_until("node-3's status badge to be drawn", || async {
                let text = page.text("[data-node='node-3'] .badge").await?;
                Ok((!text.is_empty()).then_some(text))
            })
            .await?;
        assert_eq!(badge, "Ready,SchedulingDisabled");
        assert_no_page_errors(&page).await
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn the_tutorial_pasted_verbatim_gets_kubectls_error_at_its_lines() {
    Story::new("verbatim").run(|page| async move {
        page.open("/").await?;
        let verbatim = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\nname: nginx-ds\nlabels:\nk8s-app: nginx\nspec:\nselector:\nmatchLabels:\nk8s-app: nginx\n";
        page.eval(&format!(
            "const t = document.querySelector('#manifest-text'); t.value = {}; t.dispatchEvent(new Event('input', {{bubbles: true}})); return null;",
            serde_json::to_string(verbatim)?
        ))
        .await?;
        page.click("#manifest-text").await?;
        page.type_into("#manifest-text", &format!("{}{}", Key::Control, Key::Enter)).await?;
        let status = page.wait_for_text("#apply-status", "Not applied").await?;
        assert!(status.contains("Error from server (BadRequest): error when "), "{status}");
        assert!(status.contains("\"editor\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error"), "{status}");
        assert!(page.count(".editor__line-number--error").await? >= 1);
        page.click(".problems__jump").await?;
        page.screenshot("errors").await?;
        assert_no_page_errors(&page).await
    });
}

/// The seed tutorial's blocks pasted exactly as its text has them (every line at column 0):
/// Apply fails with kubectl's error, the editor offers the repair, shows it with the moved lines
/// marked, and once accepted the same Apply creates the objects (view::repair).
#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn the_seed_text_pasted_verbatim_is_repaired_and_applied() {
    Story::new("repair").run(|page| async move {
        page.open("/").await?;
        // A cluster with nothing applied, so what appears below comes from the repaired text.
        page.click("#reset-button").await?;
        page.wait_for_text("#cluster-summary", "0 pods").await?;
        let pasted = [
            include_str!("../../fixtures/seed/daemonset.yaml"),
            include_str!("../../fixtures/seed/pv001.yaml"),
            include_str!("../../fixtures/seed/pv002.yaml"),
            include_str!("../../fixtures/seed/statefulset-demo.yaml"),
        ]
        .join("---\n");
        page.eval(&format!(
            "const t = document.querySelector('#manifest-text'); t.value = {}; t.dispatchEvent(new Event('input', {{bubbles: true}})); return null;",
            serde_json::to_string(&pasted)?
        ))
        .await?;
        page.click("#apply-button").await?;
        page.wait_for_text("#apply-status", "Not applied").await?;
        let offer = page.wait_for_text("#repair-offer", "The indentation looks lost").await?;
        assert!(offer.contains("lines move"), "{offer}");
        page.click("#repair-show").await?;
        let shown = page.wait_for_text("#repair-text", "containerPort: 80").await?;
        assert!(shown.contains("matchLabels:"), "{shown}");
        assert!(page.count(".repair__line--changed").await? > 20);
        page.screenshot("repair-offer").await?;
        page.click("#repair-accept").await?;
        page.wait_for_js("!document.getElementById('repair-offer')").await?;
        let text = page.eval("return document.querySelector('#manifest-text').value;").await?;
        let text = text.as_str().unwrap_or_default();
        assert!(text.contains("\n  name: nginx-ds\n") && text.contains("\n  selector:\n    matchLabels:\n      k8s-app: nginx\n"), "{text}");
        page.click("#apply-button").await?;
        page.wait_for_text("#apply-status", "Applied").await?;
        page.wait_for(".node-card [data-pod^='nginx-ds-']").await?;
        page.wait_for("[data-pod='web-0']").await?;
        assert_no_page_errors(&page).await
    });
}
