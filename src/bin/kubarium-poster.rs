//! Renders the opening page into a built `index.html` (the poster, `src/view/poster.rs`), in
//! place of its marker. Trunk runs it after every build (`scripts/poster`, a post_build hook):
//!
//!     kubarium-poster [INDEX_HTML]    (default: $TRUNK_STAGING_DIR/index.html)
//!
//! The page is rendered by its own components through Yew's server renderer, from the state a
//! first visit starts in ([`Start::Opening`]), so the poster is the live page's first frame.

use std::path::PathBuf;
use std::process::ExitCode;

use kubarium::ui::{App, AppProps, Start};
use kubarium::view::poster;

fn render() -> String {
    // Yew's local server renderer runs on a current-thread tokio runtime inside a LocalSet.
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a current-thread tokio runtime");
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, async {
        yew::LocalServerRenderer::<App>::with_props(AppProps { start: Start::Opening }).hydratable(false).render().await
    })
}

fn main() -> ExitCode {
    let path = match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None => match std::env::var_os("TRUNK_STAGING_DIR") {
            Some(dir) => PathBuf::from(dir).join("index.html"),
            None => {
                eprintln!("usage: kubarium-poster INDEX_HTML (or run as Trunk's post_build hook, with $TRUNK_STAGING_DIR)");
                return ExitCode::from(2);
            }
        },
    };
    let index = match std::fs::read_to_string(&path) {
        Ok(index) => index,
        Err(error) => {
            eprintln!("kubarium-poster: cannot read {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let rendered = render();
    match poster::insert(&index, &rendered) {
        Ok(page) => {
            if let Err(error) = std::fs::write(&path, &page) {
                eprintln!("kubarium-poster: cannot write {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
            println!("poster: the opening page, {:.1} KB of HTML, rendered into {}", rendered.len() as f64 / 1000.0, path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("kubarium-poster: {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
