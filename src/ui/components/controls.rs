use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::time::Millis;
use crate::ui::state::{add_node_command, format_clock, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Simulated time since the start, in milliseconds.
    pub clock_ms: Millis,
    pub on_toggle_paused: Callback<()>,
    pub on_step: Callback<()>,
    pub on_set_speed: Callback<usize>,
    /// The name the next added node gets (`node-4`).
    #[prop_or_default]
    pub next_node_name: AttrValue,
    /// Sends a command line (`node add …`).
    #[prop_or_default]
    pub on_command: Callback<String>,
    #[prop_or_default]
    pub on_reset: Callback<()>,
    /// Make a share link of the scenario as it is now.
    #[prop_or_default]
    pub on_share: Callback<()>,
    /// A scenario file was picked.
    #[prop_or_default]
    pub on_open_file: Callback<web_sys::File>,
    /// The timeline and the share panel, under the controls.
    #[prop_or_default]
    pub children: Html,
}

fn pressed(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// Time controls (run, pause, step, speed, the simulated clock), adding a node, and reset.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let on_toggle = props.on_toggle_paused.reform(|_: MouseEvent| ());
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    let speed_buttons = SPEEDS.iter().enumerate().map(|(index, (label, _))| {
        let onclick = props.on_set_speed.reform(move |_: MouseEvent| index);
        let on = props.speed == index;
        html! {
            <button
                type="button"
                class={classes!("button", "button--segment", on.then_some("button--on"))}
                aria-pressed={pressed(on)}
                aria-label={format!("Speed {}", label.replace('×', " times"))}
                {onclick}
            >
                { *label }
            </button>
        }
    });

    let form_open = use_state(|| false);
    let name_ref = use_node_ref();
    let labels_ref = use_node_ref();
    let taints_ref = use_node_ref();
    let on_quick_add = {
        let on_command = props.on_command.clone();
        let name = props.next_node_name.clone();
        Callback::from(move |_: MouseEvent| on_command.emit(format!("node add {name}")))
    };
    let on_toggle_form = {
        let form_open = form_open.clone();
        Callback::from(move |_: MouseEvent| form_open.set(!*form_open))
    };
    let on_submit = {
        let on_command = props.on_command.clone();
        let form_open = form_open.clone();
        let default_name = props.next_node_name.clone();
        let refs = (name_ref.clone(), labels_ref.clone(), taints_ref.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let value = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let name = value(&refs.0);
            let name = if name.trim().is_empty() { default_name.to_string() } else { name };
            on_command.emit(add_node_command(&name, &value(&refs.1), &value(&refs.2)));
            form_open.set(false);
        })
    };
    let on_reset = props.on_reset.reform(|_: MouseEvent| ());
    let on_share = props.on_share.reform(|_: MouseEvent| ());
    let on_file = {
        let emit = props.on_open_file.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                emit.emit(file);
            }
            input.set_value("");
        })
    };

    html! {
        <section class="pane pane--controls" aria-label="Controls">
            <div class="controls">
                <div class="controls__group" role="group" aria-label="Time">
                    <button
                        type="button"
                        class={classes!("button", "button--primary", "controls__run")}
                        id="run-button"
                        aria-pressed={pressed(!props.paused)}
                        aria-label={ if props.paused { "Run the simulation" } else { "Pause the simulation" } }
                        onclick={on_toggle}
                    >
                        { if props.paused { "▶ Run" } else { "❚❚ Pause" } }
                    </button>
                    <button
                        type="button"
                        class="button"
                        id="step-button"
                        disabled={!props.paused}
                        title="Advance simulated time to the next change"
                        aria-label="Step to the next event"
                        onclick={on_step}
                    >
                        { "Step ▸|" }
                    </button>
                    <div class="controls__speeds" role="group" aria-label="Speed">
                        { for speed_buttons }
                    </div>
                </div>
                <div class="controls__group" role="group" aria-label="Nodes">
                    <button type="button" class="button" id="add-node-button" onclick={on_quick_add}
                        aria-label={format!("Add a node named {}", props.next_node_name)}>
                        { "+ Add node" }
                    </button>
                    <button type="button" class="button button--small" id="add-node-options"
                        aria-expanded={pressed(*form_open)} aria-controls="add-node-form" onclick={on_toggle_form}>
                        { "Labels & taints…" }
                    </button>
                    <button type="button" class="button button--small button--quiet" id="reset-button" onclick={on_reset}
                        title="A fresh 3-node cluster at time zero (the editor keeps its text)">
                        { "Reset cluster" }
                    </button>
                </div>
                <div class="controls__group" role="group" aria-label="Scenario">
                    <button type="button" class="button" id="share-button" onclick={on_share}
                        title="A link that replays this scenario and stops at this moment">{ "Share…" }</button>
                    <label class="button button--small button--quiet" id="open-file-label" title="Open a .kubarium.json scenario file or a .lesson.yaml lesson (or drop it on the page)">
                        { "Open file…" }
                        <input type="file" id="open-file" class="visually-hidden" accept=".json,application/json,.yaml,.yml" onchange={on_file} />
                    </label>
                </div>
                <div class="controls__clock" role="timer" aria-label="Simulated time">
                    <span class="controls__clock-label">{ "Simulated time" }</span>
                    <span class="controls__clock-value" id="clock">{ format_clock(props.clock_ms) }</span>
                </div>
            </div>
            { props.children.clone() }
            if *form_open {
                <form class="add-node" id="add-node-form" onsubmit={on_submit} aria-label="Add a node">
                    <label class="add-node__field">
                        <span>{ "Name" }</span>
                        <input ref={name_ref} id="add-node-name" type="text" placeholder={props.next_node_name.clone()} spellcheck="false" />
                    </label>
                    <label class="add-node__field">
                        <span>{ "Labels" }</span>
                        <input ref={labels_ref} id="add-node-labels" type="text" placeholder="disk=ssd, zone=a" spellcheck="false" />
                    </label>
                    <label class="add-node__field">
                        <span>{ "Taints" }</span>
                        <input ref={taints_ref} id="add-node-taints" type="text" placeholder="gpu=true:NoSchedule" spellcheck="false" />
                    </label>
                    <button type="submit" class="button button--primary" id="add-node-submit">{ "Add" }</button>
                </form>
            }
        </section>
    }
}
