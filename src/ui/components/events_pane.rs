use yew::prelude::*;

use crate::ui::model::EventRow;

#[derive(Properties, PartialEq)]
pub struct EventsPaneProps {
    pub events: Vec<EventRow>,
}

fn event_item(event: &EventRow) -> Html {
    let tone = event.tone().modifier();
    html! {
        <li class={classes!("events__item", format!("events__item--{tone}"))}>
            <div class="events__head">
                <span class={classes!("badge", format!("badge--{tone}"))}>{ event.kind.clone() }</span>
                <span class="events__reason">{ event.reason.clone() }</span>
                <span class="events__object">{ event.object.clone() }</span>
                <span class="events__age" title="Last seen">{ event.last_seen.clone() }</span>
            </div>
            <p class="events__message">{ event.message.clone() }</p>
        </li>
    }
}

/// The cluster's events, oldest first, with what `kubectl get events` shows of each: last seen,
/// type, reason, object and message.
#[component]
pub fn EventsPane(props: &EventsPaneProps) -> Html {
    html! {
        <section class="pane pane--events" aria-labelledby="events-heading">
            <div class="pane__head">
                <h2 class="pane__title" id="events-heading">{ "Events" }</h2>
                <span class="pane__meta">{ props.events.len() }</span>
            </div>
            <div class="pane__body">
                if props.events.is_empty() {
                    <p class="empty">{ "No events yet." }</p>
                } else {
                    <ol class="events" aria-live="polite">{ for props.events.iter().map(event_item) }</ol>
                }
            </div>
        </section>
    }
}
