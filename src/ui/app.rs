use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::components::{ClusterView, Console, Controls, EventsPane, Header, ManifestEditor};
use super::state::{Action, UiState, TICK_INTERVAL_MS_AT_1X};

/// The playground page. Owns the state; every region gets data and callbacks as props.
#[component]
pub fn App() -> Html {
    let state = use_reducer(UiState::default);

    // While running, tick at the chosen speed. The interval is dropped (cancelled) whenever
    // `paused` or `speed` changes, and when the app unmounts.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((state.paused, state.speed), move |&(paused, speed)| {
            let interval = (!paused).then(|| {
                let period_ms = TICK_INTERVAL_MS_AT_1X / speed.max(1);
                Interval::new(period_ms, move || dispatcher.dispatch(Action::Tick))
            });
            move || drop(interval)
        });
    }

    let dispatch = |make: fn(()) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(make(())))
    };
    let on_toggle_large_text = dispatch(|()| Action::ToggleLargeText);
    let on_apply = dispatch(|()| Action::Apply);
    let on_toggle_paused = dispatch(|()| Action::TogglePaused);
    let on_step = dispatch(|()| Action::Step);
    let on_edit = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Action::EditManifest(text)))
    };
    let on_set_speed = {
        let dispatcher = state.dispatcher();
        Callback::from(move |speed: u32| dispatcher.dispatch(Action::SetSpeed(speed)))
    };
    let on_command = {
        let dispatcher = state.dispatcher();
        Callback::from(move |command: String| dispatcher.dispatch(Action::RunCommand(command)))
    };

    html! {
        <div class={classes!("app", state.large_text.then_some("app--large-text"))} id="app">
            <Header large_text={state.large_text} {on_toggle_large_text} />
            <main class="layout">
                <ManifestEditor text={AttrValue::from(state.manifest.clone())} {on_edit} {on_apply} />
                <Controls
                    paused={state.paused}
                    speed={state.speed}
                    clock_ms={state.clock_ms}
                    {on_toggle_paused}
                    {on_step}
                    {on_set_speed}
                />
                <ClusterView nodes={state.nodes.clone()} unscheduled={state.unscheduled.clone()} />
                <Console lines={state.console.clone()} {on_command} />
                <EventsPane events={state.events.clone()} />
            </main>
        </div>
    }
}
