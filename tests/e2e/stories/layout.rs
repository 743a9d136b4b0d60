//! The page layout: every region is on screen and no two regions overlap, at common screen sizes.

use crate::harness::{Page, Story, StoryResult, DESKTOP, FULL_HD};

const REGIONS: &str = "main.layout > section";
const REGION_COUNT: usize = 5;

/// Fail unless the five regions are inside the viewport and pairwise disjoint.
async fn assert_regions_fit_without_overlap(page: &Page, (width, height): (u32, u32)) -> StoryResult {
    let viewport = page.eval("return [window.innerWidth, window.innerHeight];").await?;
    assert_eq!(viewport, serde_json::json!([width, height]), "the browser window has the story's size");

    let boxes = page.boxes(REGIONS).await?;
    assert_eq!(boxes.len(), REGION_COUNT, "regions: {boxes:?}");
    for (name, [x, y, w, h]) in &boxes {
        assert!(*w >= 200.0 && *h >= 40.0, "region {name} is too small: {w}x{h}");
        assert!(*x >= 0.0 && x + w <= f64::from(width) + 0.5, "region {name} leaves the viewport horizontally");
        assert!(*y >= 0.0 && y + h <= f64::from(height) + 0.5, "region {name} leaves the viewport vertically");
    }
    for (i, (name_a, a)) in boxes.iter().enumerate() {
        for (name_b, b) in &boxes[i + 1..] {
            let overlap_x = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
            let overlap_y = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
            assert!(overlap_x <= 0.5 || overlap_y <= 0.5, "regions {name_a} {a:?} and {name_b} {b:?} overlap");
        }
    }
    Ok(())
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn regions_fit_without_overlap_at_1280x720() {
    Story::new("layout-1280x720").viewport(DESKTOP.0, DESKTOP.1).run(|page| async move {
        page.open("/").await?;
        assert_regions_fit_without_overlap(&page, DESKTOP).await?;
        page.screenshot("shell").await?;
        Ok(())
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn regions_fit_without_overlap_at_1920x1080() {
    Story::new("layout-1920x1080").viewport(FULL_HD.0, FULL_HD.1).run(|page| async move {
        page.open("/").await?;
        assert_regions_fit_without_overlap(&page, FULL_HD).await?;
        page.screenshot("shell").await?;
        Ok(())
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn regions_fit_without_overlap_with_large_text_at_1280x720() {
    Story::new("layout-large-text-1280x720").viewport(DESKTOP.0, DESKTOP.1).run(|page| async move {
        page.open("/").await?;
        page.click("#large-text-toggle").await?;
        page.wait_for(".app.app--large-text").await?;
        assert_regions_fit_without_overlap(&page, DESKTOP).await?;
        page.screenshot("shell").await?;
        Ok(())
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn fifty_nodes_fit_in_the_cluster_pane_without_overlap() {
    Story::new("layout-50-nodes").viewport(DESKTOP.0, DESKTOP.1).run(|page| async move {
        page.open("/").await?;
        page.click("#run-button").await?;
        for n in 4..=50 {
            page.type_into("#console-input", &format!("node add node-{n}\n")).await?;
        }
        page.wait_for_count(".node-card", 50).await?;
        assert_regions_fit_without_overlap(&page, DESKTOP).await?;
        let cards = page.boxes(".node-card").await?;
        for (i, (_, a)) in cards.iter().enumerate() {
            assert!(a[2] >= 120.0, "a node card is too narrow: {a:?}");
            for (_, b) in &cards[i + 1..] {
                let overlap_x = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
                let overlap_y = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
                assert!(overlap_x <= 0.5 || overlap_y <= 0.5, "node cards {a:?} and {b:?} overlap");
            }
        }
        page.click("#run-button").await?;
        page.click("button[aria-label='Speed 10 times']").await?;
        page.wait_for_count(".node-card [data-pod^='nginx-ds-'][data-status='Running']", 50).await?;
        page.screenshot("running").await?;
        Ok(())
    });
}
