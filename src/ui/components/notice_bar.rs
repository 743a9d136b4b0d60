use yew::prelude::*;

use crate::ui::state::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Notice,
    /// Keep the shared scenario as the saved work.
    pub on_keep: Callback<()>,
    /// Back to the saved work (the page without the link).
    pub on_back: Callback<()>,
    pub on_dismiss: Callback<()>,
    /// Whether the page keeps saved work at all (not in an embed).
    #[prop_or_default]
    pub has_saved_work: bool,
}

/// A notice across the top: a link that did not load, a shared scenario shown over saved
/// work, or a history that replays differently under this core. Text only, never markup.
#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let on_keep = props.on_keep.reform(|_: MouseEvent| ());
    let on_back = props.on_back.reform(|_: MouseEvent| ());
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let back = props.has_saved_work.then(|| {
        html! { <button type="button" class="button button--small" id="notice-back" onclick={on_back.clone()}>{ "Back to my saved work" }</button> }
    });
    let (class, body) = match &props.notice {
        Notice::LinkError(message) => (
            "notice--error",
            html! {
                <>
                    <strong>{ "This scenario could not be opened. " }</strong>
                    <span id="notice-message">{ message.clone() }</span>
                    <span>{ " The tutorial scenario is shown instead; your saved work is untouched." }</span>
                    { for back }
                </>
            },
        ),
        Notice::Shared { differs } => (
            "notice--info",
            html! {
                <>
                    <strong>{ "A shared scenario. " }</strong>
                    <span>{ "Your own saved work is kept and is not changed by what you do here." }</span>
                    if *differs {
                        <span>{ " This version of Kubarium plays it slightly differently from the one that made the link." }</span>
                    }
                    <button type="button" class="button button--small button--primary" id="notice-keep" onclick={on_keep}>
                        { "Keep this scenario instead" }
                    </button>
                    { for back }
                </>
            },
        ),
        Notice::Differs => (
            "notice--info",
            html! {
                <span id="notice-message">
                    { "This scenario was made with an older version of Kubarium; its history now plays slightly differently." }
                </span>
            },
        ),
    };
    html! {
        <div class={classes!("notice", class)} id="notice" role="status">
            { body }
            <button type="button" class="button button--small button--quiet" id="notice-dismiss" onclick={on_dismiss} aria-label="Dismiss">{ "✕" }</button>
        </div>
    }
}
