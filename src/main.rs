//! The wasm entry: mounts the playground page.
#[cfg(target_arch = "wasm32")]
fn main() {
    yew::Renderer::<kubarium::ui::App>::new().render();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("kubarium-web is the browser entry point; build it with trunk. For the CLI use `kubarium`.");
    std::process::exit(2);
}
