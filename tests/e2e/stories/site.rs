//! The playground as it is deployed: dist/ from a sub-path of a static host (relative URLs), and the
//! single-file build opened from disk with no network.

use crate::harness::{Story, StoryResult};
use crate::stories::playground::assert_no_page_errors;

/// Wait until the simulated clock in the controls shows another time than it does now.
async fn wait_for_the_clock_to_advance(page: &crate::harness::Page) -> StoryResult {
    let before = page.text("#clock").await?;
    page.wait_until(&format!("the clock to advance past {before}"), || async { Ok((page.text("#clock").await? != before).then_some(())) })
        .await?;
    Ok(())
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn subpath_deploy() {
    Story::new("subpath-deploy").under("/some/path/").run(|page| async move {
        // Only /some/path/ is served: a URL of the bundle that is absolute (/kubarium-….js) is a 404.
        page.open("/").await?;
        let url = page.client().current_url().await?;
        assert_eq!(url.path(), "/some/path/");
        page.wait_for("[data-node='node-1']").await?;
        page.wait_for(".node-card [data-pod^='nginx-ds-']").await?;
        let outside = page
            .eval(
                "const base = location.origin + '/some/path/';
                 return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(base));",
            )
            .await?;
        assert_eq!(outside, serde_json::json!([]), "the page loaded files from outside /some/path/");
        page.screenshot("loaded").await?;
        // Without the trailing slash the server redirects, as static hosts do, and the page loads too.
        page.open("").await?;
        assert_eq!(page.client().current_url().await?.path(), "/some/path/");
        page.wait_for("[data-node='node-1']").await?;
        assert_no_page_errors(&page).await
    });
}

#[test]
#[ignore = "needs dist-single/kubarium.html (bash scripts/single-file) and Chromium: run by scripts/test"]
fn single_file_offline() {
    Story::new("single-file-offline").single_file().offline().run(|page| async move {
        page.open("").await?;
        assert_eq!(page.client().current_url().await?.scheme(), "file");
        // The emulation took: the browser is offline, so a request to the network cannot succeed.
        assert_eq!(page.eval("return navigator.onLine;").await?, serde_json::json!(false));
        for node in ["node-1", "node-2", "node-3"] {
            page.wait_for(&format!("[data-node='{node}']")).await?;
        }
        page.wait_for(".node-card [data-pod^='nginx-ds-']").await?;
        wait_for_the_clock_to_advance(&page).await?;
        // Nothing but the file itself (and data: URLs) was loaded.
        let fetched =
            page.eval("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'));").await?;
        assert_eq!(fetched, serde_json::json!([]), "the single file loaded other files");
        page.screenshot("running").await?;
        assert_no_page_errors(&page).await
    });
}
