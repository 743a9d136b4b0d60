use yew::prelude::*;

use super::Logo;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub large_text: bool,
    pub on_toggle_large_text: Callback<()>,
    /// Present mode: the cluster fills the screen, for a projector.
    #[prop_or_default]
    pub present: bool,
    #[prop_or_default]
    pub on_toggle_present: Callback<()>,
}

/// The page banner: the name, what the page is, and the display toggles.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let onclick = props.on_toggle_large_text.reform(|_: MouseEvent| ());
    let on_present = props.on_toggle_present.reform(|_: MouseEvent| ());
    html! {
        <header class="header">
            <div class="header__brand">
                <Logo />
                <div>
                    <h1 class="header__title">{ "Kubarium" }</h1>
                    <p class="header__subtitle">
                        { "A Kubernetes workload playground that runs entirely in your browser" }
                    </p>
                </div>
            </div>
            <div class="header__tools">
                <button
                    type="button"
                    class={classes!("button", "button--toggle", props.present.then_some("button--on"))}
                    id="present-toggle"
                    aria-pressed={ if props.present { "true" } else { "false" } }
                    title="The cluster fills the screen, in large type and high contrast, with the lesson as a caption"
                    onclick={on_present}
                >
                    { if props.present { "Exit present mode" } else { "Present" } }
                </button>
                <button
                    type="button"
                    class={classes!("button", "button--toggle", props.large_text.then_some("button--on"))}
                    id="large-text-toggle"
                    aria-pressed={ if props.large_text { "true" } else { "false" } }
                    title="Make all text larger, for projectors and small screens"
                    {onclick}
                >
                    <span aria-hidden="true" class="button__icon">{ "A" }<span class="button__icon-big">{ "A" }</span></span>
                    { "Large text" }
                </button>
            </div>
        </header>
    }
}
