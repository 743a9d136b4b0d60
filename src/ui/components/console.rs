use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::model::ConsoleLine;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub lines: Vec<ConsoleLine>,
    pub on_command: Callback<String>,
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

/// A kubectl-style console: the transcript and a command line.
#[component]
pub fn Console(props: &ConsoleProps) -> Html {
    let input_ref = use_node_ref();
    let onsubmit = {
        let input_ref = input_ref.clone();
        let on_command = props.on_command.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = input_ref.cast::<HtmlInputElement>() {
                let command = input.value();
                if !command.trim().is_empty() {
                    on_command.emit(command);
                }
                input.set_value("");
            }
        })
    };
    html! {
        <section class="pane pane--console" aria-labelledby="console-heading">
            <div class="pane__head">
                <h2 class="pane__title" id="console-heading">{ "Console" }</h2>
            </div>
            <div class="pane__body console__body">
                if props.lines.is_empty() {
                    <p class="empty console__hint">
                        { "Type a command such as " }<code>{ "kubectl get pods" }</code>{ " and press Enter." }
                    </p>
                } else {
                    <ol class="console__lines" aria-live="polite">{ for props.lines.iter().map(console_line) }</ol>
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
                />
            </form>
        </section>
    }
}
