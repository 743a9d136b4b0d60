//! The app shell: title, the large-text toggle, the console, the clock, and the themes.

use fantoccini::key::Key;

use crate::harness::{Story, DESKTOP};

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn the_page_shows_the_title_and_every_region() {
    Story::new("shell").run(|page| async move {
        page.open("/").await?;
        assert_eq!(page.eval("return document.title;").await?, "Kubarium");
        assert_eq!(page.text("header h1").await?, "Kubarium");
        for heading in ["Manifest", "Cluster", "Console"] {
            let selector = format!("#{}-heading", heading.to_lowercase());
            assert_eq!(page.text(&selector).await?, heading);
        }
        assert!(page.text("#events-tab").await?.starts_with("Events"));
        assert!(page.text("#inspector-tab").await?.starts_with("Inspector"));
        page.wait_for("section[aria-label='Controls'] #run-button").await?;
        page.wait_for("textarea[aria-label='Manifest YAML']").await?;
        Ok(())
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn the_large_text_toggle_enlarges_the_page_text() {
    Story::new("large-text").viewport(DESKTOP.0, DESKTOP.1).run(|page| async move {
        page.open("/").await?;
        assert_eq!(page.attribute("#large-text-toggle", "aria-pressed").await?.as_deref(), Some("false"));
        assert_eq!(page.computed_style(".app", "font-size").await?, "16px");
        let title_before = page.computed_style(".header__title", "font-size").await?;

        page.click("#large-text-toggle").await?;
        page.wait_for_attribute("#large-text-toggle", "aria-pressed", "true").await?;
        page.wait_for(".app.app--large-text").await?;
        assert_eq!(page.computed_style(".app", "font-size").await?, "20px");
        let title_after = page.computed_style(".header__title", "font-size").await?;
        assert!(px(&title_after)? > px(&title_before)?, "the title grows too: {title_before} -> {title_after}");
        page.screenshot("on").await?;

        page.click("#large-text-toggle").await?;
        page.wait_for_attribute("#large-text-toggle", "aria-pressed", "false").await?;
        assert_eq!(page.computed_style(".app", "font-size").await?, "16px");
        Ok(())
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn the_console_echoes_a_typed_command() {
    Story::new("console").run(|page| async move {
        page.open("/").await?;
        page.type_into("#console-input", &format!("kubectl get pods{}", char::from(Key::Enter))).await?;
        page.wait_for_text(".console__lines", "$ kubectl get pods").await?;
        let input = page.client().find(fantoccini::Locator::Css("#console-input")).await?;
        assert_eq!(input.prop("value").await?.as_deref(), Some(""));
        Ok(())
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn running_advances_the_simulated_clock() {
    Story::new("clock").run(|page| async move {
        page.open("/").await?;
        // The page opens running at 1×.
        page.wait_for_attribute("#run-button", "aria-pressed", "true").await?;
        page.click("#run-button").await?;
        page.wait_for_attribute("#run-button", "aria-pressed", "false").await?;
        let paused_at = page.text("#clock").await?;
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert_eq!(page.text("#clock").await?, paused_at, "a paused clock stands still");
        page.click("#step-button").await?;
        page.click("button[aria-label='Speed 60 times']").await?;
        page.click("#run-button").await?;
        page.wait_for_attribute("#run-button", "aria-pressed", "true").await?;
        page.wait_until("the clock to pass 00:00:30", || async { Ok((page.text("#clock").await?.as_str() > "00:00:30").then_some(())) })
            .await?;
        Ok(())
    });
}

#[test]
#[ignore = "needs the release bundle in dist/ and Chromium: run by scripts/test"]
fn the_dark_theme_follows_the_system_preference() {
    Story::new("dark").dark().run(|page| async move {
        page.open("/").await?;
        page.wait_for_js("matchMedia('(prefers-color-scheme: dark)').matches").await?;
        let background = page.computed_style("body", "background-color").await?;
        assert_eq!(background, "rgb(14, 20, 29)", "the dark --bg");
        page.screenshot("shell").await?;
        Ok(())
    });
}

fn px(value: &str) -> Result<f64, Box<dyn std::error::Error>> {
    Ok(value.trim_end_matches("px").parse::<f64>()?)
}
