//! The wasm entry: mounts the playground page.
#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<kubarium::ui::App>::new().render();
    // The build-time render of the opening page (src/bin/kubarium-poster.rs) shows until now.
    // Yew's first render runs in a microtask, after this task and before the next frame, so no
    // frame is painted between the poster and the page, and no script sees both.
    if let Some(poster) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(kubarium::view::poster::ID)) {
        poster.remove();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kubarium-web is the browser entry point; build it with trunk. For the CLI use `kubarium`.");
    std::process::exit(2);
}
