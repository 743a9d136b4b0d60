use std::rc::Rc;

use yew::prelude::*;

use crate::ui::model::{EventRow, ObjectRef};
use crate::ui::state::{DetailsTab, InspectorView};

#[derive(Properties, PartialEq)]
pub struct EventsPaneProps {
    pub events: Rc<Vec<EventRow>>,
    #[prop_or(DetailsTab::Events)]
    pub tab: DetailsTab,
    #[prop_or(InspectorView::Describe)]
    pub view: InspectorView,
    #[prop_or_default]
    pub selected: Option<ObjectRef>,
    /// `kubectl describe` and `-o yaml` of the selected object.
    #[prop_or_default]
    pub inspected: Option<(AttrValue, AttrValue)>,
    #[prop_or_default]
    pub on_tab: Callback<DetailsTab>,
    #[prop_or_default]
    pub on_view: Callback<InspectorView>,
}

fn event_row(event: &EventRow) -> Html {
    let tone = event.tone().modifier();
    html! {
        <tbody class={classes!("events__row", format!("events__row--{tone}"))} key={event.key.clone()}>
            <tr>
                <td class="events__age">{ event.last_seen.clone() }</td>
                <td><span class={classes!("badge", format!("badge--{tone}"))}>{ event.type_.clone() }</span></td>
                <td class="events__reason">{ event.reason.clone() }</td>
                <td class="events__object">{ event.object.clone() }</td>
            </tr>
            <tr>
                <td></td>
                <td class="events__message" colspan="3">
                    { event.message.clone() }
                    if event.count > 1 { <span class="events__count">{ format!(" (x{})", event.count) }</span> }
                </td>
            </tr>
        </tbody>
    }
}

fn tab_button(props: &EventsPaneProps, tab: DetailsTab, id: &'static str, panel: &'static str, label: String) -> Html {
    let on = props.tab == tab;
    let onclick = props.on_tab.reform(move |_: MouseEvent| tab);
    html! {
        <button type="button" role="tab" id={id} aria-controls={panel} aria-selected={if on { "true" } else { "false" }}
            class={classes!("tab", on.then_some("tab--on"))} {onclick}>{ label }</button>
    }
}

/// The details pane: the cluster's events as `kubectl get events` lists them (newest first), and
/// the inspector, which shows the clicked object as `kubectl describe` or `-o yaml`.
#[component]
pub fn EventsPane(props: &EventsPaneProps) -> Html {
    let inspector_label = match &props.selected {
        Some(target) => format!("Inspector · {}", target.label()),
        None => "Inspector".to_string(),
    };
    let view_button = |view: InspectorView, label: &'static str| {
        let on = props.view == view;
        let onclick = props.on_view.reform(move |_: MouseEvent| view);
        html! {
            <button type="button" class={classes!("button", "button--segment", "button--tiny", on.then_some("button--on"))}
                aria-pressed={if on { "true" } else { "false" }} {onclick}>{ label }</button>
        }
    };
    let inspector_body = match (&props.selected, &props.inspected) {
        (None, _) => html! { <p class="empty">{ "Click a node, pod, workload, claim or volume to inspect it." }</p> },
        (Some(target), None) => html! { <p class="empty">{ format!("{} is gone.", target.label()) }</p> },
        (Some(target), Some((describe, yaml))) => {
            let command = match props.view {
                InspectorView::Describe => format!("kubectl describe {}", target.label()),
                InspectorView::Yaml => format!("kubectl get {} -o yaml", target.label()),
            };
            let text = if props.view == InspectorView::Describe { describe.clone() } else { yaml.clone() };
            html! {
                <>
                    <div class="inspector__head">
                        <code class="inspector__command">{ command }</code>
                        <div class="controls__speeds" role="group" aria-label="Show as">
                            { view_button(InspectorView::Describe, "describe") }
                            { view_button(InspectorView::Yaml, "-o yaml") }
                        </div>
                    </div>
                    <pre class="inspector__text" id="inspector-text">{ text }</pre>
                </>
            }
        }
    };
    html! {
        <section class="pane pane--events" aria-labelledby="events-heading">
            <div class="pane__head pane__head--tabs">
                <h2 class="pane__title visually-hidden" id="events-heading">{ "Events" }</h2>
                <div role="tablist" aria-label="Details" class="tabs">
                    { tab_button(props, DetailsTab::Events, "events-tab", "events-panel", format!("Events · {}", props.events.len())) }
                    { tab_button(props, DetailsTab::Inspector, "inspector-tab", "inspector-panel", inspector_label) }
                </div>
            </div>
            if props.tab == DetailsTab::Events {
                <div class="pane__body" role="tabpanel" id="events-panel" aria-labelledby="events-tab" tabindex="0">
                    if props.events.is_empty() {
                        <p class="empty">{ "No events yet." }</p>
                    } else {
                        <table class="events">
                            <thead><tr>
                                <th scope="col">{ "LAST SEEN" }</th><th scope="col">{ "TYPE" }</th><th scope="col">{ "REASON" }</th>
                                <th scope="col">{ "OBJECT / MESSAGE" }</th>
                            </tr></thead>
                            { for props.events.iter().map(event_row) }
                        </table>
                    }
                </div>
            } else {
                <div class="pane__body inspector" role="tabpanel" id="inspector-panel" aria-labelledby="inspector-tab" tabindex="0">
                    { inspector_body }
                </div>
            }
        </section>
    }
}
