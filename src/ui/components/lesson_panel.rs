use std::rc::Rc;

use yew::prelude::*;

use crate::lesson::format::in_language;
use crate::ui::state::LessonPlay;
use crate::view::lesson::{narration, Block, Span};

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub play: Rc<LessonPlay>,
    pub on_next: Callback<()>,
    pub on_back: Callback<()>,
    pub on_close: Callback<()>,
    pub on_pick: Callback<usize>,
    pub on_language: Callback<String>,
}

fn language_name(language: &str) -> &str {
    match language {
        "en" => "English",
        "zh-CN" => "中文",
        other => other,
    }
}

fn spans(spans: &[Span]) -> Html {
    html! {
        { for spans.iter().map(|span| match span {
            Span::Text(text) => html! { { text.clone() } },
            Span::Code(code) => html! { <code>{ code.clone() }</code> },
            Span::Bold(bold) => html! { <strong>{ bold.clone() }</strong> },
        }) }
    }
}

/// A lesson's shown step: its narration, its prediction, and once run, the cluster's answer and
/// a mark per expectation; Back, Close and Next (which runs the step, then moves on).
#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let play = &props.play;
    let language = play.language.as_str();
    let step = &play.lesson.steps[play.step];
    let outcome = play.outcomes[play.step].as_ref();
    let count = play.lesson.steps.len();
    let languages = play.lesson.languages.iter().map(|l| {
        let on = l == language;
        let choose = props.on_language.reform({
            let l = l.clone();
            move |_: MouseEvent| l.clone()
        });
        html! {
            <button type="button" class={classes!("button", "button--segment", on.then_some("button--on"))}
                aria-pressed={ if on { "true" } else { "false" } } onclick={choose} data-language={l.clone()} lang={l.clone()}>
                { language_name(l) }
            </button>
        }
    });
    let blocks = narration(in_language(&step.narration, language)).into_iter().map(|block| match block {
        Block::Paragraph(content) => html! { <p>{ spans(&content) }</p> },
        Block::List(items) => html! { <ul>{ for items.iter().map(|item| html! { <li>{ spans(item) }</li> }) }</ul> },
    });
    let prediction = step.predict.as_ref().map(|predict| {
        let choices = predict.choices.iter().enumerate().map(|(index, choice)| {
            let picked = play.picked == Some(index);
            let answer = outcome.and_then(|o| o.answers.get(index).copied());
            let pick = props.on_pick.reform(move |_: MouseEvent| index);
            html! {
                <li>
                    <button type="button"
                        class={classes!("lesson__choice", picked.then_some("lesson__choice--picked"),
                            (answer == Some(true)).then_some("lesson__choice--answer"))}
                        aria-pressed={ if picked { "true" } else { "false" } } disabled={outcome.is_some()} onclick={pick}
                        data-choice={index.to_string()}>
                        <span class="lesson__choice-mark" aria-hidden="true">{ if answer == Some(true) { "✓" } else if picked { "●" } else { "○" } }</span>
                        { in_language(&choice.label, language).to_string() }
                        if answer == Some(true) { <span class="lesson__answer-label">{ " — the cluster's answer" }</span> }
                    </button>
                </li>
            }
        });
        html! {
            <div class="lesson__predict" role="group" aria-label="Predict">
                <p class="lesson__question"><strong>{ "Predict: " }</strong>{ in_language(&predict.question, language).to_string() }</p>
                <ul class="lesson__choices">{ for choices }</ul>
            </div>
        }
    });
    let checks = outcome.map(|outcome| {
        let held = outcome.results.iter().all(|r| r.failure.is_none());
        html! {
            <div class={classes!("lesson__checks", if held { "lesson__checks--held" } else { "lesson__checks--failed" })} id="lesson-checks" role="status">
                <p class="lesson__verdict">{ if held { "✓ Every expectation held." } else { "✗ Not every expectation held." } }</p>
                <ul>
                    { for outcome.results.iter().map(|result| html! {
                        <li class={classes!("check", if result.failure.is_none() { "check--held" } else { "check--failed" })}>
                            <span class="check__mark" aria-hidden="true">{ if result.failure.is_none() { "✓" } else { "✗" } }</span>
                            <span class="check__label">{ if result.failure.is_none() { "held: " } else { "did not hold: " } }</span>
                            <code>{ result.text.clone() }</code>
                            if let Some(failure) = &result.failure { <span class="check__why">{ format!(" — {failure}") }</span> }
                        </li>
                    }) }
                </ul>
            </div>
        }
    });
    let last = play.step + 1 == count;
    let next_label = match (outcome.is_some(), last) {
        (false, _) => "Run step ▸",
        (true, false) => "Next ▸",
        (true, true) => "Lesson done",
    };
    let on_next = props.on_next.reform(|_: MouseEvent| ());
    let on_back = props.on_back.reform(|_: MouseEvent| ());
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="pane pane--editor pane--lesson" aria-labelledby="lesson-heading" id="lesson-panel" lang={language.to_string()}>
            <div class="pane__head">
                <h2 class="pane__title" id="lesson-heading">{ in_language(&play.lesson.title, language).to_string() }</h2>
                <span class="pane__meta" id="lesson-progress">{ format!("Step {} of {count}", play.step + 1) }</span>
            </div>
            <div class="lesson__languages" role="group" aria-label="Language of the lesson">{ for languages }</div>
            <div class="pane__body lesson">
                <h3 class="lesson__step-title" id="lesson-step-title">{ in_language(&step.title, language).to_string() }</h3>
                <div class="lesson__narration" id="lesson-narration">{ for blocks }</div>
                { for prediction }
                { for checks }
                if let Some(error) = &play.error { <pre class="lesson__error">{ error.clone() }</pre> }
            </div>
            <div class="pane__actions lesson__actions">
                <button type="button" class="button" id="lesson-back" onclick={on_back}
                    disabled={play.step == 0 && outcome.is_none()}>{ "◂ Back" }</button>
                <button type="button" class="button button--quiet" id="lesson-close" onclick={on_close}>{ "Close" }</button>
                <button type="button" class="button button--primary" id="lesson-next" onclick={on_next}
                    disabled={last && outcome.is_some()}>{ next_label }</button>
            </div>
        </section>
    }
}
