//! Component tests: the Yew page rendered in headless Chromium by wasm-bindgen-test.
//!
//! Run: `cargo test --target wasm32-unknown-unknown --test web` (the runner is set in
//! .cargo/config.toml; scripts/test sets CHROMEDRIVER). Plain `#[test]`s are skipped on wasm32, so
//! every test here is a `#[wasm_bindgen_test]`. Yew renders asynchronously: each test awaits
//! [`settle`] after mounting and after every interaction.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;
use std::time::Duration;

use kubarium::ui::components::{ClusterView, ClusterViewProps};
use kubarium::ui::state::{add_node_command, format_clock, Action, UiState, CONSOLE_LINES_MAX, SPEEDS};
use kubarium::ui::App;
use kubarium::view::playground::{IntentLog, Playground};
use kubarium::view::presets;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlFormElement, HtmlInputElement};
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().expect("a window").document().expect("a document")
}

/// A fresh element in <body> to render into.
fn mount_point() -> Element {
    let element = document().create_element("div").expect("create a div");
    document().body().expect("a body").append_child(&element).expect("append the div");
    element
}

/// Let Yew finish rendering.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

/// The app as a first visit finds it (nothing stored by an earlier test).
async fn render_app() -> Element {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).expect("a valid selector").unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn has_class(element: &Element, class: &str) -> bool {
    element.class_name().split_whitespace().any(|name| name == class)
}

async fn click(root: &Element, selector: &str) {
    find(root, selector).dyn_into::<HtmlElement>().expect("an HTML element").click();
    settle().await;
}

#[wasm_bindgen_test]
async fn app_shell_opens_on_the_tutorial_with_every_region() {
    let root = render_app().await;

    assert_eq!(text(&root, "header h1"), "Kubarium");
    assert!(text(&root, ".header__subtitle").contains("Kubernetes"));
    for heading_id in ["manifest-heading", "cluster-heading", "console-heading", "events-heading"] {
        find(&root, &format!("main section[aria-labelledby='{heading_id}']"));
    }
    find(&root, "main section[aria-label='Controls']");
    let editor: web_sys::HtmlTextAreaElement = find(&root, "textarea#manifest-text").dyn_into().unwrap();
    assert!(editor.value().contains("kind: DaemonSet"));
    assert!(editor.value().contains("kind: StatefulSet"));
    assert_eq!(text(&root, "#apply-button"), "Apply");
    // The opening scenario is applied and running: three nodes, the tutorial's objects.
    assert_eq!(root.query_selector_all(".node-card").unwrap().length(), 3);
    find(&root, "[data-statefulset='web']");
    find(&root, "[data-daemonset='nginx-ds']");
    find(&root, "[data-volume='pv001']");
    assert_eq!(find(&root, "#run-button").get_attribute("aria-pressed").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn large_text_toggle_sets_the_root_class_and_aria_pressed() {
    let root = render_app().await;
    let app = find(&root, ".app");
    let toggle = "#large-text-toggle";
    assert_eq!(find(&root, toggle).get_attribute("aria-pressed").as_deref(), Some("false"));
    assert!(!has_class(&app, "app--large-text"));
    click(&root, toggle).await;
    assert_eq!(find(&root, toggle).get_attribute("aria-pressed").as_deref(), Some("true"));
    assert!(has_class(&find(&root, ".app"), "app--large-text"));
    click(&root, toggle).await;
    assert!(!has_class(&find(&root, ".app"), "app--large-text"));
}

#[wasm_bindgen_test]
async fn pause_step_and_speed_buttons_report_their_state() {
    let root = render_app().await;
    click(&root, "#run-button").await;
    assert_eq!(find(&root, "#run-button").get_attribute("aria-pressed").as_deref(), Some("false"));
    assert!(text(&root, "#run-button").contains("Run"));
    assert!(!find(&root, "#step-button").has_attribute("disabled"));
    let before = text(&root, "#clock");
    click(&root, "#step-button").await;
    assert!(text(&root, "#clock") >= before);

    click(&root, "#run-button").await;
    assert!(find(&root, "#step-button").has_attribute("disabled"), "Step is for a paused clock");
    click(&root, "button[aria-label='Speed 60 times']").await;
    assert_eq!(find(&root, "button[aria-label='Speed 60 times']").get_attribute("aria-pressed").as_deref(), Some("true"));
    assert_eq!(find(&root, "button[aria-label='Speed 1 times']").get_attribute("aria-pressed").as_deref(), Some("false"));
    click(&root, "#run-button").await;
}

#[wasm_bindgen_test]
async fn console_runs_a_command_and_clears_the_input() {
    let root = render_app().await;
    let input: HtmlInputElement = find(&root, "#console-input").dyn_into().unwrap();
    input.set_value("kubectl get nodes");
    let form: HtmlFormElement = find(&root, ".console__form").dyn_into().unwrap();
    form.request_submit().expect("submit the console form");
    settle().await;
    assert_eq!(text(&root, ".console__line--command"), "$ kubectl get nodes");
    assert!(text(&root, "#console-lines").contains("node-1   Ready"), "{}", text(&root, "#console-lines"));
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
async fn a_failed_apply_marks_the_lines_and_keeps_the_text() {
    let root = render_app().await;
    let verbatim: String = presets::DAEMONSET.lines().map(|l| l.trim_start().to_string() + "\n").collect();
    let editor: web_sys::HtmlTextAreaElement = find(&root, "textarea#manifest-text").dyn_into().unwrap();
    editor.set_value(&verbatim);
    editor.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    settle().await;
    click(&root, "#apply-button").await;
    assert!(text(&root, "#apply-status").contains("Not applied"), "{}", text(&root, "#apply-status"));
    assert!(text(&root, "#apply-status").contains("strict decoding error: unknown field"));
    assert!(root.query_selector_all(".editor__line-number--error").unwrap().length() > 0);
    assert!(root.query_selector_all(".problems__jump").unwrap().length() > 0);
    assert_eq!(editor.value(), verbatim, "the text stays as typed");
}

#[wasm_bindgen_test]
async fn cluster_view_draws_nodes_pods_the_pending_lane_and_statefulset_order() {
    let root = mount_point();
    let mut playground = Playground::new(1);
    assert!(!playground.apply(&presets::text("tutorial.yaml").unwrap()).failed);
    playground.run_command("kubectl cordon node-2", "");
    playground.advance_by(1_500);
    let props = ClusterViewProps {
        snapshot: Rc::new(playground.snapshot()),
        selected: None,
        on_select: Default::default(),
        on_command: Default::default(),
    };
    yew::Renderer::<ClusterView>::with_root_and_props(root.clone(), props).render();
    settle().await;

    assert_eq!(root.query_selector_all(".node-card").unwrap().length(), 3);
    assert_eq!(find(&root, ".node-card").get_attribute("aria-label").as_deref(), Some("Node node-1"));
    assert_eq!(text(&root, "[data-node='node-2'] .badge"), "Ready,SchedulingDisabled");
    find(&root, "[data-node='node-2'] .node-card__uncordon");
    find(&root, "#pending-lane");
    find(&root, "[data-ordinal='web-0']");
    find(&root, "[data-ordinal='web-1']");
    assert!(text(&root, "[data-node='node-1']").contains("nginx-ds-"));
}

// The reducer only calls the core; it lives in the wasm-only `ui` module, so its tests run here.

fn reduce(state: UiState, action: Action) -> UiState {
    (*Rc::new(state).reduce(action)).clone()
}

fn fresh() -> UiState {
    UiState::restore(Some(IntentLog::empty(1)), None)
}

#[wasm_bindgen_test]
fn tick_advances_the_clock_only_while_running() {
    let paused = reduce(fresh(), Action::TogglePaused);
    assert!(paused.paused);
    assert_eq!(reduce(paused, Action::Tick).clock_ms, 0);
    assert_eq!(reduce(fresh(), Action::Tick).clock_ms, 100, "1× advances 100 ms per 100 ms tick");
    let fast = reduce(fresh(), Action::SetSpeed(SPEEDS.len() - 1));
    assert_eq!(reduce(fast, Action::Tick).clock_ms, 6_000);
}

#[wasm_bindgen_test]
fn the_console_keeps_a_bounded_transcript() {
    let mut state = fresh();
    for i in 0..(CONSOLE_LINES_MAX / 2 + 10) {
        state = reduce(state, Action::RunCommand(format!("kubectl get nodes # {i}")));
    }
    assert_eq!(state.console.len(), CONSOLE_LINES_MAX);
    assert_eq!(reduce(state.clone(), Action::RunCommand("   ".into())).console, state.console);
}

#[wasm_bindgen_test]
fn unknown_speeds_are_ignored() {
    assert_eq!(reduce(fresh(), Action::SetSpeed(99)).speed, 1);
    assert_eq!(reduce(fresh(), Action::SetSpeed(0)).speed, 0);
}

#[wasm_bindgen_test]
fn reset_gives_an_empty_cluster_and_keeps_the_editor_text() {
    let state = UiState::restore(None, Some("my text".into()));
    assert!(state.snapshot.pod_count > 0 || !state.snapshot.daemonsets.is_empty());
    let reset = reduce(state, Action::ResetCluster);
    assert_eq!(reset.manifest, "my text");
    assert_eq!(reset.clock_ms, 0);
    assert!(reset.snapshot.daemonsets.is_empty() && reset.snapshot.statefulsets.is_empty());
    assert_eq!(reset.snapshot.nodes.len(), 3);
}

#[wasm_bindgen_test]
fn the_clock_reads_hours_minutes_seconds_and_node_forms_become_commands() {
    assert_eq!(format_clock(0), "00:00:00");
    assert_eq!(format_clock(3_723_999), "01:02:03");
    assert_eq!(
        add_node_command("node-4", "disk=ssd, zone=a", "gpu=true:NoSchedule"),
        "node add node-4 --label disk=ssd --label zone=a --taint gpu=true:NoSchedule"
    );
}
