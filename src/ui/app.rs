use gloo::timers::callback::Interval;
use yew::prelude::*;

use super::components::{ClusterView, Console, Controls, EventsPane, Header, ManifestEditor};
use super::state::{Action, DetailsTab, InspectorView, UiState, TICK_INTERVAL_MS};
use crate::view::playground::IntentLog;
use crate::view::project::ObjectRef;

/// localStorage key of the intent log (replayed on reload; the base of share links).
pub const LOG_KEY: &str = "kubarium.log.v1";
/// localStorage key of the editor's text.
pub const EDITOR_KEY: &str = "kubarium.editor.v1";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// A stored string. Values are JSON strings (the format gloo's storage wrote, so older visits
/// still restore).
fn stored_string(key: &str) -> Option<String> {
    let json = local_storage()?.get_item(key).ok()??;
    crate::sim::gojson::parse(&json)?.as_str().map(str::to_string)
}

/// Failing storage (private mode, quota) is not an error: the page just forgets on reload.
fn store_string(key: &str, text: String) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, &crate::sim::gojson::compact(&serde_json::Value::String(text)));
    }
}

/// The page as the last visit left it (or the opening scenario on a first visit).
fn restored_state() -> UiState {
    let log = stored_string(LOG_KEY).and_then(|json| IntentLog::from_json(&json));
    UiState::restore(log, stored_string(EDITOR_KEY))
}

/// The playground page. Owns the state; every region gets data and callbacks as props.
#[component]
pub fn App() -> Html {
    let state = use_reducer(restored_state);

    // While running, tick every TICK_INTERVAL_MS. The interval is dropped (cancelled) when
    // `paused` changes, and when the app unmounts.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.paused, move |&paused| {
            let interval = (!paused).then(|| Interval::new(TICK_INTERVAL_MS, move || dispatcher.dispatch(Action::Tick)));
            move || drop(interval)
        });
    }
    // Storage: the intent log when an intent is added or a simulated second passes, and the
    // editor's text when it changes. Failing storage (private mode, quota) is not an error.
    {
        let log = state.log_json();
        use_effect_with((state.intent_count(), state.clock_ms / 1_000, state.revision == 1), move |_| {
            store_string(LOG_KEY, log);
        });
        use_effect_with(state.manifest.clone(), |text| {
            store_string(EDITOR_KEY, text.to_string());
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
    let on_reset = dispatch(|()| Action::ResetCluster);
    let on_stop = dispatch(|()| Action::StopWatches);
    let dispatcher = state.dispatcher();
    let on_edit = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |text: String| dispatcher.dispatch(Action::EditManifest(text)))
    };
    let on_preset = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |file: &'static str| dispatcher.dispatch(Action::LoadPreset(file)))
    };
    let on_set_speed = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |speed: usize| dispatcher.dispatch(Action::SetSpeed(speed)))
    };
    let on_command = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |command: String| dispatcher.dispatch(Action::RunCommand(command)))
    };
    let on_select = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |target: ObjectRef| dispatcher.dispatch(Action::Select(target)))
    };
    let on_tab = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |tab: DetailsTab| dispatcher.dispatch(Action::ShowTab(tab)))
    };
    let on_view = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |view: InspectorView| dispatcher.dispatch(Action::ShowInspectorView(view)))
    };
    let next_node_name = AttrValue::from(state.playground.borrow().next_node_name());

    html! {
        <div class={classes!("app", state.large_text.then_some("app--large-text"))} id="app">
            <Header large_text={state.large_text} {on_toggle_large_text} />
            <main class="layout">
                <ManifestEditor
                    text={AttrValue::from(state.manifest.clone())}
                    diagnostics={state.diagnostics.clone()}
                    status={state.apply_status.clone()}
                    {on_edit}
                    {on_apply}
                    {on_preset}
                />
                <Controls
                    paused={state.paused}
                    speed={state.speed}
                    clock_ms={state.clock_ms}
                    {next_node_name}
                    on_command={on_command.clone()}
                    {on_reset}
                    {on_toggle_paused}
                    {on_step}
                    {on_set_speed}
                />
                <ClusterView
                    snapshot={state.snapshot.clone()}
                    selected={state.selected.clone()}
                    {on_select}
                    on_command={on_command.clone()}
                />
                <Console
                    lines={state.console.clone()}
                    history={state.history.clone()}
                    watching={state.watching}
                    {on_command}
                    {on_stop}
                />
                <EventsPane
                    events={state.events.clone()}
                    tab={state.details_tab}
                    view={state.inspector_view}
                    selected={state.selected.clone()}
                    inspected={state.inspected.clone()}
                    {on_tab}
                    {on_view}
                />
            </main>
        </div>
    }
}
