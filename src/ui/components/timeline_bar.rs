use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::sim::time::Millis;
use crate::ui::state::format_clock;
use crate::view::timeline::{Fork, Mark, MarkKind};

/// The scrubber draws at most this many buckets of marks across its width.
pub const MARK_BUCKETS: usize = 240;

#[derive(Properties, PartialEq)]
pub struct TimelineBarProps {
    pub now: Millis,
    pub head_ms: Millis,
    pub live: bool,
    pub marks: Rc<Vec<Mark>>,
    #[prop_or_default]
    pub fork: Option<Fork>,
    pub on_seek: Callback<Millis>,
    pub on_step_back: Callback<()>,
    pub on_previous_intent: Callback<()>,
    pub on_next_intent: Callback<()>,
    pub on_go_live: Callback<()>,
    pub on_restore: Callback<()>,
}

fn kind_name(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Intent => "intent",
        MarkKind::Node => "node",
        MarkKind::Pod => "pod",
        MarkKind::Event => "event",
    }
}

/// One tick per (bucket, kind): where something happened, with what happened as its tooltip.
fn mark_ticks(marks: &[Mark], head_ms: Millis) -> Html {
    if head_ms <= 0 {
        return Html::default();
    }
    let mut buckets: Vec<[Vec<&str>; 4]> = vec![Default::default(); MARK_BUCKETS + 1];
    for mark in marks {
        let bucket = ((mark.at_ms.clamp(0, head_ms) as i128 * MARK_BUCKETS as i128) / head_ms as i128) as usize;
        let labels = &mut buckets[bucket][mark.kind as usize];
        if labels.len() < 6 {
            labels.push(&mark.label);
        }
    }
    let ticks = buckets.iter().enumerate().flat_map(|(bucket, kinds)| {
        kinds.iter().enumerate().filter(|(_, labels)| !labels.is_empty()).map(move |(kind, labels)| {
            let kind = [MarkKind::Intent, MarkKind::Node, MarkKind::Pod, MarkKind::Event][kind];
            let left = bucket as f64 * 100.0 / MARK_BUCKETS as f64;
            html! {
                <span
                    class={classes!("timeline__mark", format!("timeline__mark--{}", kind_name(kind)))}
                    style={format!("left: {left:.2}%")}
                    title={labels.join("\n")}
                ></span>
            }
        })
    });
    html! { <div class="timeline__marks" aria-hidden="true">{ for ticks }</div> }
}

/// The timeline: a scrubber over the recorded history with its marks, step back, jumps by
/// intent, the way back to the present, and the fork notice with its one-step restore.
#[component]
pub fn TimelineBar(props: &TimelineBarProps) -> Html {
    let oninput = props.on_seek.reform(|event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.value().parse::<f64>().map(|v| v as Millis).unwrap_or(0)
    });
    let on_step_back = props.on_step_back.reform(|_: MouseEvent| ());
    let on_previous = props.on_previous_intent.reform(|_: MouseEvent| ());
    let on_next = props.on_next_intent.reform(|_: MouseEvent| ());
    let on_live = props.on_go_live.reform(|_: MouseEvent| ());
    let on_restore = props.on_restore.reform(|_: MouseEvent| ());
    let head = props.head_ms.max(props.now);
    html! {
        <div class={classes!("timeline", (!props.live).then_some("timeline--past"))} role="group" aria-label="Timeline">
            <div class="timeline__row">
                <button type="button" class="button button--small" id="previous-intent-button" onclick={on_previous}
                    title="Jump to the previous thing you did (Shift+←)" aria-label="Previous intent">{ "⇤" }</button>
                <button type="button" class="button button--small" id="step-back-button" onclick={on_step_back}
                    title="Back to the previous change (←)" aria-label="Step back">{ "|◂ Back" }</button>
                <div class="timeline__track">
                    { mark_ticks(&props.marks, head) }
                    <input
                        type="range"
                        class="timeline__scrubber"
                        id="scrubber"
                        min="0"
                        max={head.to_string()}
                        step="1000"
                        value={props.now.to_string()}
                        aria-label="Simulated time"
                        aria-valuetext={format!("{} of {}", format_clock(props.now), format_clock(head))}
                        {oninput}
                    />
                </div>
                <button type="button" class="button button--small" id="next-intent-button" onclick={on_next}
                    title="Jump to the next thing you did (Shift+→)" aria-label="Next intent">{ "⇥" }</button>
                <span class="timeline__time" id="timeline-time">
                    { format!("{} / {}", format_clock(props.now), format_clock(head)) }
                </span>
                if props.live {
                    <span class="timeline__state timeline__state--live" id="timeline-state">{ "● Live" }</span>
                } else {
                    <button type="button" class="button button--small timeline__state" id="go-live-button" onclick={on_live}
                        title="Back to the latest moment">{ "Viewing the past · back to live ⇥" }</button>
                }
            </div>
            if let Some(fork) = &props.fork {
                <p class="timeline__fork" id="fork-notice" role="status">
                    { format!(
                        "You changed the past at {}: the old future ({} later intent{}, up to {}) was discarded. ",
                        format_clock(fork.at_ms),
                        fork.discarded_intents,
                        if fork.discarded_intents == 1 { "" } else { "s" },
                        format_clock(fork.discarded_head_ms)
                    ) }
                    <button type="button" class="button button--small" id="restore-button" onclick={on_restore}>
                        { "Restore the discarded future" }
                    </button>
                </p>
            }
        </div>
    }
}
