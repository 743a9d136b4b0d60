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
use kubarium::ui::model::{NodeCard, PodChip, Tone};
use kubarium::ui::state::{format_clock, Action, UiState, CONSOLE_LINES_MAX, TICK_MS};
use kubarium::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlFormElement, HtmlInputElement};
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .expect("a window")
        .document()
        .expect("a document")
}

/// A fresh element in <body> to render into.
fn mount_point() -> Element {
    let element = document().create_element("div").expect("create a div");
    document()
        .body()
        .expect("a body")
        .append_child(&element)
        .expect("append the div");
    element
}

/// Let Yew finish rendering.
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(30)).await;
}

async fn render_app() -> Element {
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn has_class(element: &Element, class: &str) -> bool {
    element
        .class_name()
        .split_whitespace()
        .any(|name| name == class)
}

async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .click();
    settle().await;
}

#[wasm_bindgen_test]
async fn app_shell_shows_the_title_and_every_region() {
    let root = render_app().await;

    assert_eq!(text(&root, "header h1"), "Kubarium");
    assert!(text(&root, ".header__subtitle").contains("Kubernetes"));
    for (heading_id, title) in [
        ("manifest-heading", "Manifest"),
        ("cluster-heading", "Cluster"),
        ("console-heading", "Console"),
        ("events-heading", "Events"),
    ] {
        assert_eq!(text(&root, &format!("#{heading_id}")), title);
        find(
            &root,
            &format!("main section[aria-labelledby='{heading_id}']"),
        );
    }
    find(&root, "main section[aria-label='Controls']");
    let editor: web_sys::HtmlTextAreaElement =
        find(&root, "textarea#manifest-text").dyn_into().unwrap();
    assert!(editor.value().contains("kind: DaemonSet"));
    assert_eq!(text(&root, "#apply-button"), "Apply");
    assert_eq!(text(&root, "#clock"), "00:00:00");
    assert_eq!(
        text(&root, ".pane--cluster .empty"),
        "The cluster has no nodes yet."
    );
    assert_eq!(text(&root, ".pane--events .empty"), "No events yet.");
}

#[wasm_bindgen_test]
async fn large_text_toggle_sets_the_root_class_and_aria_pressed() {
    let root = render_app().await;
    let app = find(&root, ".app");
    let toggle = "#large-text-toggle";
    assert_eq!(
        find(&root, toggle).get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert!(!has_class(&app, "app--large-text"));

    click(&root, toggle).await;
    assert_eq!(
        find(&root, toggle).get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(has_class(&find(&root, ".app"), "app--large-text"));

    click(&root, toggle).await;
    assert_eq!(
        find(&root, toggle).get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    assert!(!has_class(&find(&root, ".app"), "app--large-text"));
}

#[wasm_bindgen_test]
async fn run_pause_and_speed_buttons_report_their_state() {
    let root = render_app().await;
    assert_eq!(
        find(&root, "#run-button")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    assert!(!find(&root, "#step-button").has_attribute("disabled"));

    click(&root, "#step-button").await;
    assert_eq!(text(&root, "#clock"), "00:00:01");

    click(&root, "#run-button").await;
    assert_eq!(
        find(&root, "#run-button")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert!(text(&root, "#run-button").contains("Pause"));
    assert!(
        find(&root, "#step-button").has_attribute("disabled"),
        "Step is for a paused clock"
    );

    click(&root, "button[aria-label='Speed 4 times']").await;
    assert_eq!(
        find(&root, "button[aria-label='Speed 4 times']")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        find(&root, "button[aria-label='Speed 1 times']")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    click(&root, "#run-button").await;
}

#[wasm_bindgen_test]
async fn console_echoes_a_submitted_command_and_clears_the_input() {
    let root = render_app().await;
    assert!(
        text(&root, ".pane--console").contains("kubectl get pods"),
        "an empty console shows a hint"
    );

    let input: HtmlInputElement = find(&root, "#console-input").dyn_into().unwrap();
    input.set_value("kubectl get nodes");
    let form: HtmlFormElement = find(&root, ".console__form").dyn_into().unwrap();
    form.request_submit().expect("submit the console form");
    settle().await;

    assert_eq!(
        text(&root, ".console__line--command"),
        "$ kubectl get nodes"
    );
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
async fn apply_records_the_apply_command_in_the_console() {
    let root = render_app().await;
    click(&root, "#apply-button").await;
    assert_eq!(
        text(&root, ".console__line--command"),
        "$ kubectl apply -f manifest.yaml"
    );
}

#[wasm_bindgen_test]
async fn cluster_view_renders_a_card_per_node_with_its_pods() {
    let root = mount_point();
    let props = ClusterViewProps {
        nodes: vec![
            NodeCard {
                name: "node-a".into(),
                status: "Ready".into(),
                tone: Tone::Ok,
                details: vec!["4 CPU".into(), "8Gi".into()],
                pods: vec![PodChip {
                    name: "log-agent-x2k9f".into(),
                    status: "Running".into(),
                    tone: Tone::Ok,
                }],
            },
            NodeCard {
                name: "node-b".into(),
                status: "Ready,SchedulingDisabled".into(),
                tone: Tone::Warning,
                details: vec![],
                pods: vec![],
            },
        ],
        unscheduled: vec![PodChip {
            name: "web-0".into(),
            status: "Pending".into(),
            tone: Tone::Progress,
        }],
    };
    yew::Renderer::<ClusterView>::with_root_and_props(root.clone(), props).render();
    settle().await;

    let cards = root.query_selector_all(".node-card").unwrap();
    assert_eq!(cards.length(), 2);
    assert_eq!(text(&root, ".pane__meta"), "2 nodes · 2 pods");
    assert_eq!(
        find(&root, ".node-card")
            .get_attribute("aria-label")
            .as_deref(),
        Some("Node node-a")
    );
    assert_eq!(text(&root, ".chip--ok .chip__name"), "log-agent-x2k9f");
    assert_eq!(text(&root, ".badge--warning"), "Ready,SchedulingDisabled");
    assert_eq!(text(&root, ".cluster__unscheduled .chip__name"), "web-0");
    assert!(root.query_selector(".empty").unwrap().is_none());
}

// The reducer is pure; it lives in the wasm-only `ui` module, so its tests run here too.

fn reduce(state: UiState, action: Action) -> UiState {
    (*Rc::new(state).reduce(action)).clone()
}

#[wasm_bindgen_test]
fn tick_advances_the_clock_only_while_running() {
    assert_eq!(reduce(UiState::default(), Action::Tick).clock_ms, 0);
    let running = reduce(UiState::default(), Action::TogglePaused);
    assert_eq!(reduce(running, Action::Tick).clock_ms, TICK_MS);
}

#[wasm_bindgen_test]
fn the_console_keeps_a_bounded_transcript() {
    let mut state = UiState::default();
    for i in 0..(CONSOLE_LINES_MAX + 10) {
        state = reduce(state, Action::RunCommand(format!("kubectl get pods # {i}")));
    }
    assert_eq!(state.console.len(), CONSOLE_LINES_MAX);
    assert_eq!(
        reduce(state.clone(), Action::RunCommand("   ".into())).console,
        state.console
    );
}

#[wasm_bindgen_test]
fn unknown_speeds_are_ignored() {
    assert_eq!(reduce(UiState::default(), Action::SetSpeed(3)).speed, 1);
    assert_eq!(reduce(UiState::default(), Action::SetSpeed(8)).speed, 8);
}

#[wasm_bindgen_test]
fn the_clock_reads_hours_minutes_seconds() {
    assert_eq!(format_clock(0), "00:00:00");
    assert_eq!(format_clock(3_723_999), "01:02:03");
}
