use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::components::{
    ClusterView, Console, Controls, EventsPane, Header, LessonPanel, ManifestEditor, NoticeBar, SharePanel, TimelineBar,
};
use super::state::{Action, DetailsTab, InspectorView, Notice, UiState, TICK_INTERVAL_MS};
use crate::sim::time::Millis;
use crate::view::embed::{self, HostMessage, PageEvent, PageOptions, Pane, Theme};
use crate::view::playground::IntentLog;
use crate::view::project::ObjectRef;
use crate::view::share;

pub use crate::view::playground::{EDITOR_KEY, LOG_KEY};

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

fn location() -> (String, String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return Default::default() };
    (location.search().unwrap_or_default(), location.hash().unwrap_or_default(), location.href().unwrap_or_default())
}

fn has_saved_work() -> bool {
    stored_string(LOG_KEY).and_then(|json| IntentLog::from_json(&json)).is_some()
}

/// The page as the URL and the last visit ask for.
fn initial_state() -> UiState {
    let (search, hash, _) = location();
    start_state(&search, &hash, has_saved_work, || {
        (stored_string(LOG_KEY).and_then(|json| IntentLog::from_json(&json)), stored_string(EDITOR_KEY))
    })
}

/// The page for a URL (`search`, `hash`) and the saved work of the last visit: a shared scenario
/// (paused at its moment, saved work kept), an embed (never reading or writing saved work), or the
/// saved work (else the opening scenario). With an empty URL and nothing saved it is the opening
/// page that kubarium-poster renders at build time.
fn start_state(
    search: &str,
    hash: &str,
    saved_work: impl FnOnce() -> bool,
    saved: impl FnOnce() -> (Option<IntentLog>, Option<String>),
) -> UiState {
    let options = PageOptions::from_url(search, hash);
    let embed = options.embed;
    if let Some(link) = options.link.clone() {
        return match share::decode_link(&link) {
            Ok(scenario) => {
                let state = UiState::from_scenario(&scenario).with_options(options);
                if !embed && saved_work() {
                    state.over_saved_work()
                } else {
                    state
                }
            }
            Err(error) => {
                let mut state = UiState::restore(None, None).with_options(options);
                state.persist = false;
                state.notice = Some(Notice::LinkError(error.to_string().into()));
                state
            }
        };
    }
    if embed {
        return UiState::restore(None, None).with_options(options);
    }
    let (log, editor) = saved();
    UiState::restore(log, editor).with_options(options)
}

/// Where the page starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Start {
    /// From the browser's URL and the last visit's saved work.
    #[default]
    Page,
    /// The opening scenario, as a first visit with no URL sees it, reading nothing from the
    /// browser: the build-time render (kubarium-poster), which shows until the wasm has mounted.
    Opening,
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub start: Start,
}

/// Whether keyboard shortcuts should leave this key to the focused element.
fn typing_target(event: &KeyboardEvent) -> bool {
    let Some(element) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    let tag = element.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select") || element.get_attribute("contenteditable").is_some_and(|v| v != "false")
}

/// The keyboard's timeline shortcuts: Space play/pause, ←/→ step, Shift+←/→ previous/next
/// intent, `[`/`]` slower/faster. Inactive while focus is in a text field.
fn shortcut(event: &KeyboardEvent) -> Option<Action> {
    if event.ctrl_key() || event.meta_key() || event.alt_key() || typing_target(event) {
        return None;
    }
    let on_button =
        event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| e.tag_name().eq_ignore_ascii_case("button"));
    match (event.key().as_str(), event.shift_key()) {
        // Space on a focused button presses that button.
        (" ", _) if !on_button => Some(Action::TogglePaused),
        ("ArrowLeft", false) => Some(Action::StepBack),
        ("ArrowRight", false) => Some(Action::Step),
        ("ArrowLeft", true) => Some(Action::PreviousIntent),
        ("ArrowRight", true) => Some(Action::NextIntent),
        ("[", _) => Some(Action::SlowerSpeed),
        ("]", _) => Some(Action::FasterSpeed),
        _ => None,
    }
}

/// Posts a page event to every allowed origin of the host page.
fn post_to_host(options: &PageOptions, event: &PageEvent) {
    if !options.has_api() {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if parent == window {
        return;
    }
    let json = wasm_bindgen::JsValue::from_str(&event.to_json());
    for origin in &options.origins {
        // A file:// host's origin is "null", which postMessage cannot target by name.
        let target = if origin == "null" { "*" } else { origin.as_str() };
        let _ = parent.post_message(&json, target);
    }
}

/// Reads a dropped or picked scenario file and dispatches it (or its error).
fn read_scenario_file(
    file: web_sys::File,
    dispatcher: UseReducerDispatcher<UiState>,
    keep: Rc<RefCell<Option<gloo::file::callbacks::FileReader>>>,
) {
    let file = gloo::file::File::from(file);
    if file.size() > share::FILE_MAX_BYTES as u64 {
        dispatcher.dispatch(Action::ShowError(format!("The file is too large ({} KB).", file.size() / 1024)));
        return;
    }
    let reader = gloo::file::callbacks::read_as_text(&file, move |result| match result {
        // A lesson file (docs/lessons.md) opens as a lesson.
        Ok(text) if text.contains("kubariumLesson:") => dispatcher.dispatch(Action::OpenLesson(Rc::from(text.as_str()))),
        Ok(text) => match share::from_file(&text) {
            Ok(scenario) => dispatcher.dispatch(Action::LoadScenario(Box::new(scenario))),
            Err(error) => dispatcher.dispatch(Action::ShowError(error.to_string())),
        },
        Err(_) => dispatcher.dispatch(Action::ShowError("The file could not be read.".to_string())),
    });
    *keep.borrow_mut() = Some(reader);
}

/// The playground page. Owns the state; every region gets data and callbacks as props.
#[component]
pub fn App(props: &AppProps) -> Html {
    let start = props.start;
    let state = use_reducer(move || match start {
        Start::Page => initial_state(),
        Start::Opening => start_state("", "", || false, || (None, None)),
    });
    let visible = use_state(|| true);
    let file_reader = use_mut_ref(|| None::<gloo::file::callbacks::FileReader>);
    // Read once: "Back to my saved work" is about what was saved before this visit.
    let saved_work = *use_memo((), move |_| start == Start::Page && has_saved_work());

    // While running (and, in an embed, while the frame is on screen), tick every
    // TICK_INTERVAL_MS. The interval is dropped (cancelled) when that changes, and on unmount.
    {
        let dispatcher = state.dispatcher();
        let running = !state.paused && *visible;
        use_effect_with(running, move |&running| {
            let interval = running.then(|| Interval::new(TICK_INTERVAL_MS, move || dispatcher.dispatch(Action::Tick)));
            move || drop(interval)
        });
    }
    // An embed plays only while it is visible (IntersectionObserver on the root).
    {
        let visible = visible.clone();
        let embed = state.options.embed;
        use_effect_with(embed, move |&embed| {
            let mut keep = None;
            if embed {
                let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                    if let Some(entry) = entries.get(0).dyn_ref::<web_sys::IntersectionObserverEntry>() {
                        visible.set(entry.is_intersecting());
                    }
                });
                if let (Ok(observer), Some(root)) = (
                    web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()),
                    web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")),
                ) {
                    observer.observe(&root);
                    keep = Some((observer, callback));
                }
            }
            move || {
                if let Some((observer, _callback)) = keep {
                    observer.disconnect();
                }
            }
        });
    }
    // Keyboard shortcuts for the timeline.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                    if let Some(action) = shortcut(event) {
                        event.prevent_default();
                        dispatcher.dispatch(action);
                    }
                })
            });
            move || drop(listener)
        });
    }
    // The host page's messages (only from the allowed origins; with no allow-list, no API).
    {
        let dispatcher = state.dispatcher();
        let options = state.options.clone();
        use_effect_with((), move |_| {
            let listener = (options.has_api()).then(|| {
                let window = web_sys::window().expect("a window");
                let options = options.clone();
                EventListener::new(&window, "message", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                    if !options.accepts(&event.origin()) {
                        return;
                    }
                    let data = event.data();
                    let json =
                        data.as_string().or_else(|| js_sys::JSON::stringify(&data).ok().and_then(|s| s.as_string())).unwrap_or_default();
                    match embed::parse_host_message(&json) {
                        Ok(HostMessage::Play) => dispatcher.dispatch(Action::Play),
                        Ok(HostMessage::Pause) => dispatcher.dispatch(Action::Pause),
                        Ok(HostMessage::Request(request)) => dispatcher.dispatch(Action::Host(Box::new(request))),
                        Err(message) => post_to_host(&options, &PageEvent::Error(message)),
                    }
                })
            });
            post_to_host(&options, &PageEvent::Ready);
            move || drop(listener)
        });
    }
    // Events for the host page: the clock (each second), each recorded intent, each new
    // kubectl event, and failures.
    {
        let options = state.options.clone();
        let core = state.core.clone();
        let seen = use_mut_ref(|| (0usize, std::collections::BTreeSet::<String>::new(), true));
        let (second, paused, head) = (state.clock_ms / 1_000, state.paused, state.head_ms);
        let now = state.clock_ms;
        let events = state.events.clone();
        let outcome = state.last_outcome.clone();
        let intents = state.intent_count;
        use_effect_with((second, paused, intents, state.revision / 10, events.len(), Rc::as_ptr(&outcome) as usize), move |_| {
            if options.has_api() {
                post_to_host(&options, &PageEvent::Time { ms: now, head_ms: head, playing: !paused });
                let mut seen = seen.borrow_mut();
                let core = core.borrow();
                let intents = &core.log().intents;
                seen.0 = seen.0.min(intents.len());
                for timed in &intents[seen.0..] {
                    post_to_host(&options, &PageEvent::Intent(timed.clone()));
                }
                seen.0 = intents.len();
                let first = seen.2;
                for row in events.iter() {
                    if seen.1.insert(format!("{}|{}", row.key, row.count)) && !first {
                        post_to_host(&options, &PageEvent::Event(row.clone()));
                    }
                }
                seen.2 = false;
                if outcome.failed {
                    post_to_host(&options, &PageEvent::Error(outcome.text.trim_end().to_string()));
                }
            }
        });
    }
    // Storage: the intent log when an intent is added or a simulated second passes, and the
    // editor's text when it changes — only while this page keeps saved work.
    {
        let log = state.log_json();
        let persist = state.persist;
        use_effect_with((state.intent_count(), state.head_ms / 1_000, state.revision == 1, persist), move |_| {
            if persist {
                store_string(LOG_KEY, log);
            }
        });
        use_effect_with((state.manifest.clone(), persist), |(text, persist)| {
            if *persist {
                store_string(EDITOR_KEY, text.to_string());
            }
        });
    }

    let dispatch = |make: fn(()) -> Action| {
        let dispatcher = state.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(make(())))
    };
    let on_toggle_large_text = dispatch(|()| Action::ToggleLargeText);
    let on_toggle_present = dispatch(|()| Action::TogglePresent);
    let on_apply = dispatch(|()| Action::Apply);
    let on_accept_repair = dispatch(|()| Action::AcceptRepair);
    let on_lesson_next = dispatch(|()| Action::LessonNext);
    let on_lesson_back = dispatch(|()| Action::LessonBack);
    let on_lesson_close = dispatch(|()| Action::CloseLesson);
    let on_lesson_pick = {
        let dispatcher = state.dispatcher();
        Callback::from(move |choice: usize| dispatcher.dispatch(Action::LessonPick(choice)))
    };
    let on_lesson_language = {
        let dispatcher = state.dispatcher();
        Callback::from(move |language: String| dispatcher.dispatch(Action::LessonLanguage(language)))
    };
    let on_open_lesson = {
        let dispatcher = state.dispatcher();
        Callback::from(move |text: &'static str| dispatcher.dispatch(Action::OpenLesson(Rc::from(text))))
    };
    let on_toggle_paused = dispatch(|()| Action::TogglePaused);
    let on_step = dispatch(|()| Action::Step);
    let on_step_back = dispatch(|()| Action::StepBack);
    let on_previous_intent = dispatch(|()| Action::PreviousIntent);
    let on_next_intent = dispatch(|()| Action::NextIntent);
    let on_go_live = dispatch(|()| Action::GoLive);
    let on_restore = dispatch(|()| Action::RestoreDiscarded);
    let on_reset = dispatch(|()| Action::ResetCluster);
    let on_stop = dispatch(|()| Action::StopWatches);
    let on_close_share = dispatch(|()| Action::CloseShare);
    let on_keep = dispatch(|()| Action::KeepShared);
    let on_dismiss = dispatch(|()| Action::DismissNotice);
    let on_back = Callback::from(|()| {
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            let _ = location.set_hash("");
            let _ = location.reload();
        }
    });
    let dispatcher = state.dispatcher();
    let on_share = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::Share { page_href: location().2 }))
    };
    let on_seek = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |ms: Millis| dispatcher.dispatch(Action::Seek(ms)))
    };
    let on_open_file = {
        let dispatcher = dispatcher.clone();
        let keep = file_reader.clone();
        Callback::from(move |file: web_sys::File| read_scenario_file(file, dispatcher.clone(), keep.clone()))
    };
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
    // A scenario file dropped anywhere on the page.
    let on_dragover = Callback::from(|event: DragEvent| event.prevent_default());
    let on_drop = {
        let on_open_file = on_open_file.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if let Some(file) = event.data_transfer().and_then(|d| d.files()).and_then(|files| files.get(0)) {
                on_open_file.emit(file);
            }
        })
    };

    let options = state.options.clone();
    let theme = match options.theme {
        Some(Theme::Light) => Some("app--light"),
        Some(Theme::Dark) => Some("app--dark"),
        None => None,
    };
    let notice = state.notice.clone().map(|notice| {
        html! { <NoticeBar {notice} on_keep={on_keep.clone()} on_back={on_back.clone()} on_dismiss={on_dismiss.clone()}
        has_saved_work={!options.embed && saved_work} /> }
    });
    let share_panel = state.share.clone().map(|output| {
        html! { <SharePanel {output} offer_embed={!options.embed} on_close={on_close_share.clone()} /> }
    });
    let timeline = html! {
        <TimelineBar
            now={state.clock_ms}
            head_ms={state.head_ms}
            live={state.live}
            marks={state.marks.clone()}
            fork={state.fork.clone()}
            on_seek={on_seek.clone()}
            on_step_back={on_step_back.clone()}
            on_previous_intent={on_previous_intent.clone()}
            on_next_intent={on_next_intent.clone()}
            on_go_live={on_go_live.clone()}
            on_restore={on_restore.clone()}
        />
    };
    let cluster = html! {
        <ClusterView
            snapshot={state.snapshot.clone()}
            selected={state.selected.clone()}
            on_select={on_select.clone()}
            on_command={if options.read_only { Callback::noop() } else { on_command.clone() }}
        />
    };

    if options.embed {
        return html! {
            <div class={classes!("app", "app--embed", theme)} id="app" ondragover={on_dragover} ondrop={on_drop}>
                { for notice }
                <EmbedBar state={Rc::new((*state).clone())} on_toggle_paused={on_toggle_paused} on_step={on_step} on_share={on_share} />
                { timeline }
                { for share_panel }
                <EmbedPanes state={Rc::new((*state).clone())} cluster={cluster} on_command={on_command} on_stop={on_stop}
                    on_edit={on_edit} on_apply={on_apply} on_preset={on_preset} />
            </div>
        };
    }

    html! {
        <div class={classes!("app", state.large_text.then_some("app--large-text"), state.present.then_some("app--present"), theme)}
            id="app" ondragover={on_dragover} ondrop={on_drop}>
            <Header large_text={state.large_text} {on_toggle_large_text} present={state.present} {on_toggle_present} />
            { for notice }
            <main class="layout">
                if let Some(play) = state.lesson.clone() {
                    <LessonPanel {play} on_next={on_lesson_next} on_back={on_lesson_back} on_close={on_lesson_close}
                        on_pick={on_lesson_pick} on_language={on_lesson_language} />
                } else {
                    <ManifestEditor
                        text={AttrValue::from(state.manifest.clone())}
                        diagnostics={state.diagnostics.clone()}
                        status={state.apply_status.clone()}
                        repair={state.repair.clone()}
                        {on_accept_repair}
                        {on_edit}
                        {on_apply}
                        {on_preset}
                        {on_open_lesson}
                    />
                }
                <Controls
                    paused={state.paused}
                    speed={state.speed}
                    clock_ms={state.clock_ms}
                    next_node_name={state.next_node_name.clone()}
                    on_command={on_command.clone()}
                    {on_reset}
                    {on_toggle_paused}
                    {on_step}
                    {on_set_speed}
                    {on_share}
                    {on_open_file}
                >
                    { timeline }
                    { for share_panel }
                </Controls>
                { cluster }
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

#[derive(Properties, PartialEq)]
struct EmbedBarProps {
    state: Rc<UiState>,
    on_toggle_paused: Callback<()>,
    on_step: Callback<()>,
    on_share: Callback<()>,
}

/// The embed's compact bar: run/pause, step, the clock, and a link to the full playground
/// that carries the scenario.
#[component]
fn EmbedBar(props: &EmbedBarProps) -> Html {
    let state = &props.state;
    let on_toggle = props.on_toggle_paused.reform(|_: MouseEvent| ());
    let on_step = props.on_step.reform(|_: MouseEvent| ());
    let on_share = props.on_share.reform(|_: MouseEvent| ());
    // The link is compressed anew once per simulated second or change, not on every tick.
    let full = {
        let core = state.core.clone();
        let (manifest, speed) = (state.manifest.clone(), state.speed_ms() as u32);
        use_memo((state.intent_count, state.clock_ms / 1_000, state.head_ms / 1_000, state.manifest.clone(), speed), move |_| {
            let scenario = core.borrow().scenario(&manifest, speed);
            let (_, _, href) = location();
            format!("{}#{}", embed::share_base(&href, true), share::encode_link(&scenario))
        })
    };
    html! {
        <div class="embed-bar" role="group" aria-label="Controls">
            <button type="button" class={classes!("button", "button--primary", "controls__run")} id="run-button"
                aria-pressed={ if state.paused { "false" } else { "true" } } onclick={on_toggle}
                aria-label={ if state.paused { "Run the simulation" } else { "Pause the simulation" } }>
                { if state.paused { "▶ Run" } else { "❚❚ Pause" } }
            </button>
            <button type="button" class="button" id="step-button" onclick={on_step} aria-label="Step to the next event">{ "Step ▸|" }</button>
            <span class="embed-bar__clock" id="clock" role="timer">{ super::state::format_clock(state.clock_ms) }</span>
            <span class="embed-bar__spacer"></span>
            <button type="button" class="button button--small button--quiet" id="share-button" onclick={on_share}>{ "Share" }</button>
            <a class="button button--small" id="open-full" href={(*full).clone()} target="_blank" rel="noopener">{ "Open in full playground ↗" }</a>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EmbedPanesProps {
    state: Rc<UiState>,
    cluster: Html,
    on_command: Callback<String>,
    on_stop: Callback<()>,
    on_edit: Callback<String>,
    on_apply: Callback<()>,
    on_preset: Callback<&'static str>,
}

/// The cluster first; the panes the URL asked for as tabs beside it.
#[component]
fn EmbedPanes(props: &EmbedPanesProps) -> Html {
    let state = &props.state;
    let options = &state.options;
    let tab = use_state(|| None::<Pane>);
    let panes: Vec<Pane> = options.panes.iter().copied().filter(|pane| !(options.read_only && *pane == Pane::Editor)).collect();
    let tabs = (!panes.is_empty()).then(|| {
        let button = |pane: Option<Pane>, label: &'static str| {
            let on = *tab == pane;
            let tab = tab.clone();
            html! {
                <button type="button" class={classes!("button", "button--segment", on.then_some("button--on"))}
                    aria-pressed={ if on { "true" } else { "false" } } onclick={Callback::from(move |_: MouseEvent| tab.set(pane))}
                    id={format!("embed-tab-{}", label.to_ascii_lowercase())}>{ label }</button>
            }
        };
        html! {
            <div class="embed-tabs" role="group" aria-label="Panes">
                { button(None, "Cluster") }
                { for panes.iter().map(|pane| match pane {
                    Pane::Console => button(Some(Pane::Console), "Console"),
                    Pane::Editor => button(Some(Pane::Editor), "Editor"),
                }) }
            </div>
        }
    });
    let body = match *tab {
        Some(Pane::Console) => html! {
            <Console lines={state.console.clone()} history={state.history.clone()} watching={state.watching}
                on_command={props.on_command.clone()} on_stop={props.on_stop.clone()} />
        },
        Some(Pane::Editor) => html! {
            <ManifestEditor text={AttrValue::from(state.manifest.clone())} diagnostics={state.diagnostics.clone()}
                status={state.apply_status.clone()} on_edit={props.on_edit.clone()} on_apply={props.on_apply.clone()}
                on_preset={props.on_preset.clone()} />
        },
        None => props.cluster.clone(),
    };
    html! {
        <main class="embed-main">
            { for tabs }
            { body }
        </main>
    }
}
