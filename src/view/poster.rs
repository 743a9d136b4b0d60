//! The poster: the opening page, rendered at build time into `index.html` by the page's own
//! components (`src/bin/kubarium-poster.rs`, Yew's server renderer), so a first visit sees the
//! cluster as soon as the HTML and CSS arrive instead of after the whole wasm has loaded and
//! started. It is inert (nothing in it can be clicked or focused) and the wasm removes it in the
//! task that mounts the live page, whose first frame is the same picture.
//!
//! It shows only to a visit that will start where it does: no query or fragment in the URL (no
//! share link, no embed, no options), nothing saved by an earlier visit, and a browser with
//! JavaScript and WebAssembly. It is hidden until a small script right behind it decides: it
//! shows it, or removes it from the document, so any other visit never paints it and no script
//! of the page ever finds its elements.

use super::playground::{EDITOR_KEY, LOG_KEY};

/// The id of the poster's element, which the wasm removes when it mounts.
pub const ID: &str = "poster";
/// The class on `<html>` under which the poster shows (`static/kubarium.css`).
pub const SHOWN_CLASS: &str = "kb-poster";
/// Where in the source `index.html` the poster goes.
pub const MARKER: &str = "<!-- kubarium:poster -->";

/// The script that decides, right after the (hidden) poster is parsed, whether this visit starts
/// at the opening: then it shows the poster, else it removes it.
pub fn script() -> String {
    format!(
        "<script>(function () {{\n  var opening = false;\n  try {{\n    \
         opening = !location.search && !location.hash && typeof WebAssembly === \"object\"\n      \
         && localStorage.getItem({log:?}) === null && localStorage.getItem({editor:?}) === null;\n  \
         }} catch (e) {{}}\n  if (opening) document.documentElement.classList.add({class:?});\n  \
         else document.getElementById({id:?}).remove();\n}})();</script>",
        log = LOG_KEY,
        editor = EDITOR_KEY,
        class = SHOWN_CLASS,
        id = ID,
    )
}

/// `index_html` with the rendered page (`rendered`, the markup of the app's root) in place of the
/// [`MARKER`]. An error when the marker is missing or there twice, or the page is empty: a build
/// that ships no poster, or a broken one, should fail, not pass quietly.
pub fn insert(index_html: &str, rendered: &str) -> Result<String, String> {
    let count = index_html.matches(MARKER).count();
    if count != 1 {
        return Err(format!("index.html holds the poster marker `{MARKER}` {count} times, not once"));
    }
    if !rendered.contains("id=\"app\"") {
        return Err("the rendered page has no element with id=\"app\"".to_string());
    }
    let poster = format!("<div id=\"{ID}\" inert>{rendered}</div>\n    {}", script());
    Ok(index_html.replacen(MARKER, &poster, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<html><head></head><body>\n    <!-- kubarium:poster -->\n  </body></html>";

    #[test]
    fn the_poster_replaces_the_marker_in_front_of_its_script() {
        let page = insert(INDEX, r#"<div class="app" id="app">node-1</div>"#).unwrap();
        assert!(!page.contains(MARKER));
        let script_at = page.find("<script>").unwrap();
        let poster_at = page.find(r#"<div id="poster" inert><div class="app" id="app">node-1</div></div>"#).unwrap();
        assert!(poster_at < script_at, "the script removes the poster, so it must come after it:\n{page}");
        assert!(page.ends_with("</script>\n  </body></html>"));
    }

    #[test]
    fn the_script_names_the_saved_work_keys_and_the_class() {
        let script = script();
        for part in [
            "\"kubarium.log.v1\"",
            "\"kubarium.editor.v1\"",
            "\"kb-poster\"",
            "getElementById(\"poster\").remove()",
            "location.search",
            "location.hash",
            "WebAssembly",
        ] {
            assert!(script.contains(part), "{part} missing from {script}");
        }
    }

    #[test]
    fn a_missing_or_doubled_marker_or_an_empty_render_is_an_error() {
        assert!(insert("<body></body>", r#"<div id="app"></div>"#).unwrap_err().contains("0 times"));
        let doubled = format!("{MARKER}{MARKER}");
        assert!(insert(&doubled, r#"<div id="app"></div>"#).unwrap_err().contains("2 times"));
        assert!(insert(INDEX, "").unwrap_err().contains("id=\"app\""));
    }
}
