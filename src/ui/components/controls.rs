use yew::prelude::*;

use crate::ui::state::{format_clock, SPEEDS};

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub paused: bool,
    pub speed: u32,
    /// Simulated time since the start, in milliseconds.
    pub clock_ms: u64,
    pub on_toggle_paused: Callback<()>,
    pub on_step: Callback<()>,
    pub on_set_speed: Callback<u32>,
    /// Node controls appear when the app can act on nodes.
    #[prop_or_default]
    pub on_add_node: Option<Callback<()>>,
    #[prop_or_default]
    pub on_remove_node: Option<Callback<()>>,
}

fn pressed(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// Time controls (run, pause, step, speed, the simulated clock) and node controls.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let on_toggle = props.on_toggle_paused.reform(|_: MouseEvent| ());
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    let speed_buttons = SPEEDS.iter().map(|&speed| {
        let onclick = props.on_set_speed.reform(move |_: MouseEvent| speed);
        let on = props.speed == speed;
        html! {
            <button
                type="button"
                class={classes!("button", "button--segment", on.then_some("button--on"))}
                aria-pressed={pressed(on)}
                aria-label={format!("Speed {speed} times")}
                {onclick}
            >
                { format!("{speed}×") }
            </button>
        }
    });
    let node_buttons = match (&props.on_add_node, &props.on_remove_node) {
        (None, None) => Html::default(),
        (add, remove) => html! {
            <div class="controls__group" role="group" aria-label="Nodes">
                if let Some(add) = add {
                    <button type="button" class="button" id="add-node-button"
                        onclick={add.reform(|_: MouseEvent| ())}>{ "Add node" }</button>
                }
                if let Some(remove) = remove {
                    <button type="button" class="button" id="remove-node-button"
                        onclick={remove.reform(|_: MouseEvent| ())}>{ "Remove node" }</button>
                }
            </div>
        },
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
                        onclick={on_toggle}
                    >
                        { if props.paused { "▶ Run" } else { "⏸ Pause" } }
                    </button>
                    <button
                        type="button"
                        class="button"
                        id="step-button"
                        disabled={!props.paused}
                        title="Advance simulated time by one second"
                        onclick={on_step}
                    >
                        { "Step" }
                    </button>
                    <div class="controls__speeds" role="group" aria-label="Speed">
                        { for speed_buttons }
                    </div>
                </div>
                { node_buttons }
                <div class="controls__clock" role="timer" aria-label="Simulated time">
                    <span class="controls__clock-label">{ "Simulated time" }</span>
                    <span class="controls__clock-value" id="clock">{ format_clock(props.clock_ms) }</span>
                </div>
            </div>
        </section>
    }
}
