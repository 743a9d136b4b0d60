use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use crate::ui::model::ConsoleLine;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub lines: Vec<ConsoleLine>,
    /// Commands run so far, oldest first (↑ recalls the newest).
    #[prop_or_default]
    pub history: Vec<String>,
    /// Whether a `kubectl get -w` is running (Ctrl+C ends it).
    #[prop_or_default]
    pub watching: bool,
    pub on_command: Callback<String>,
    #[prop_or_default]
    pub on_stop: Callback<()>,
}

fn console_line(line: &ConsoleLine) -> Html {
    match line {
        ConsoleLine::Command(text) => html! {
            <li class="console__line console__line--command">
                <span class="console__prompt" aria-hidden="true">{ "$ " }</span>{ text.clone() }
            </li>
        },
        ConsoleLine::Output(text) => html! {
            <li class="console__line">{ text.clone() }</li>
        },
        ConsoleLine::Error(text) => html! {
            <li class="console__line console__line--error">{ text.clone() }</li>
        },
    }
}

/// A kubectl console: the transcript, a command line with ↑/↓ history, and Ctrl+C for watches.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let input_ref = use_node_ref();
    let body_ref = use_node_ref();
    // Where ↑/↓ is in the history: None while typing a new command.
    let recall = use_state(|| None::<usize>);
    {
        let body_ref = body_ref.clone();
        use_effect_with(props.lines.len(), move |_| {
            if let Some(body) = body_ref.cast::<HtmlElement>() {
                body.set_scroll_top(body.scroll_height());
            }
        });
    }
    let onsubmit = {
        let input_ref = input_ref.clone();
        let on_command = props.on_command.clone();
        let recall = recall.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let command = input.value();
                if !command.trim().is_empty() {
                    on_command.emit(command);
                }
                input.set_value("");
                recall.set(None);
            }
        })
    };
    let onkeydown = {
        let history = props.history.clone();
        let recall = recall.clone();
        let on_stop = props.on_stop.clone();
        let watching = props.watching;
        Callback::from(move |event: KeyboardEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            match event.key().as_str() {
                "ArrowUp" if !history.is_empty() => {
                    event.prevent_default();
                    let index = match *recall {
                        Some(i) => i.saturating_sub(1),
                        None => history.len() - 1,
                    };
                    input.set_value(&history[index]);
                    recall.set(Some(index));
                }
                "ArrowDown" => {
                    if let Some(i) = *recall {
                        event.prevent_default();
                        if i + 1 < history.len() {
                            input.set_value(&history[i + 1]);
                            recall.set(Some(i + 1));
                        } else {
                            input.set_value("");
                            recall.set(None);
                        }
                    }
                }
                "c" | "C" if event.ctrl_key() && watching => {
                    let has_selection = input.selection_start().ok().flatten() != input.selection_end().ok().flatten();
                    if !has_selection {
                        event.prevent_default();
                        on_stop.emit(());
                    }
                }
                _ => {}
            }
        })
    };
    let on_stop_click = props.on_stop.reform(|_: MouseEvent| ());
    html! {
        <section class="pane pane--console" aria-labelledby="console-heading">
            <div class="pane__head">
                <h2 class="pane__title" id="console-heading">{ "Console" }</h2>
                if props.watching {
                    <button type="button" class="button button--tiny" id="stop-watch-button" onclick={on_stop_click}
                        aria-label="Stop watching (Ctrl+C)">{ "■ Stop watch (Ctrl+C)" }</button>
                } else {
                    <span class="pane__meta">{ "kubectl · node · settle" }</span>
                }
            </div>
            <div class="pane__body console__body" ref={body_ref}>
                if props.lines.is_empty() {
                    <p class="empty console__hint">
                        { "Try " }<code>{ "kubectl get pods -w" }</code>{ ", " }<code>{ "kubectl get pv,pvc" }</code>
                        { " or " }<code>{ "kubectl apply -f editor" }</code>{ ". ↑ recalls a command." }
                    </p>
                } else {
                    <ol class="console__lines" aria-live="polite" id="console-lines">{ for props.lines.iter().map(console_line) }</ol>
                }
            </div>
            <form class="console__form" {onsubmit}>
                <label class="console__prompt" for="console-input">{ "$" }</label>
                <input
                    ref={input_ref}
                    class="console__input"
                    id="console-input"
                    type="text"
                    aria-label="Command"
                    placeholder="kubectl get pods -o wide"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    {onkeydown}
                />
            </form>
        </section>
    }
}
