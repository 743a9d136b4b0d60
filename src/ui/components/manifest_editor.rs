use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::kubectl::apply::{Diagnostic, Severity};
use crate::sim::manifest::repair::RepairError;
use crate::ui::state::ApplyStatus;
use crate::view::presets::PRESETS;
use crate::view::repair::RepairOffer;

#[derive(Properties, PartialEq)]
pub struct ManifestEditorProps {
    /// The YAML text shown in the editor.
    pub text: AttrValue,
    /// Located errors and warnings of the last Apply.
    #[prop_or_default]
    pub diagnostics: Rc<Vec<Diagnostic>>,
    #[prop_or_default]
    pub status: Option<ApplyStatus>,
    /// After a failed Apply of YAML that lost its indentation: the repair, or why there is none.
    #[prop_or_default]
    pub repair: Option<Rc<Result<RepairOffer, RepairError>>>,
    /// Put the offered repair in the editor.
    #[prop_or_default]
    pub on_accept_repair: Callback<()>,
    pub on_edit: Callback<String>,
    pub on_apply: Callback<()>,
    /// Load a preset by its `-f` name.
    #[prop_or_default]
    pub on_preset: Callback<&'static str>,
    /// Open a shipped lesson (its file's text).
    #[prop_or_default]
    pub on_open_lesson: Callback<&'static str>,
}

/// The byte offsets of the start and end of 1-based `line` in `text`, in UTF-16 units (what a
/// textarea's selection counts).
fn line_range_utf16(text: &str, line: usize) -> (u32, u32) {
    let mut start = 0u32;
    for (index, content) in text.split('\n').enumerate() {
        let length = content.encode_utf16().count() as u32;
        if index + 1 == line {
            return (start, start + length);
        }
        start += length + 1;
    }
    (start, start)
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The manifest editor: presets, a YAML text area with line numbers and problem markers, the
/// problems of the last Apply (each jumps to its line), and the Apply button (Ctrl/Cmd+Enter).
#[component]
pub fn ManifestEditor(props: &ManifestEditorProps) -> Html {
    let textarea_ref = use_node_ref();
    let gutter_ref = use_node_ref();
    let oninput = props.on_edit.reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onkeydown = {
        let on_apply = props.on_apply.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                event.prevent_default();
                on_apply.emit(());
            }
        })
    };
    let onscroll = {
        let gutter_ref = gutter_ref.clone();
        Callback::from(move |event: Event| {
            let Some(textarea) = event.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) else { return };
            if let Some(gutter) = gutter_ref.cast::<HtmlElement>() {
                gutter.set_scroll_top(textarea.scroll_top());
            }
        })
    };
    let jump_to = {
        let textarea_ref = textarea_ref.clone();
        let text = props.text.clone();
        move |line: usize| {
            let textarea_ref = textarea_ref.clone();
            let text = text.clone();
            Callback::from(move |_: MouseEvent| {
                let Some(textarea) = textarea_ref.cast::<HtmlTextAreaElement>() else { return };
                let (start, end) = line_range_utf16(&text, line);
                let _ = textarea.focus();
                let _ = textarea.set_selection_range(start, end);
                let lines = text.split('\n').count().max(1) as i32;
                let line_height = textarea.scroll_height() / lines;
                textarea.set_scroll_top(((line as i32 - 3).max(0)) * line_height);
            })
        }
    };
    let line_count = props.text.split('\n').count().max(1);
    let marker = |line: usize| -> Option<Severity> {
        let mut found = None;
        for diagnostic in props.diagnostics.iter().filter(|d| d.line == line) {
            found = match (found, diagnostic.severity) {
                (Some(Severity::Error), _) | (_, Severity::Error) => Some(Severity::Error),
                _ => Some(Severity::Warning),
            };
        }
        found
    };
    let gutter = (1..=line_count).map(|line| match marker(line) {
        Some(severity) => html! {
            <div class={classes!("editor__line-number", format!("editor__line-number--{}", severity_name(severity)))}>
                <span class="editor__marker">{ if severity == Severity::Error { "●" } else { "▲" } }</span>{ line }
            </div>
        },
        None => html! { <div class="editor__line-number">{ line }</div> },
    });
    let presets = PRESETS.iter().map(|preset| {
        let file = preset.file;
        let onclick = props.on_preset.reform(move |_: MouseEvent| file);
        html! {
            <button type="button" class="button button--small" title={preset.description}
                aria-label={format!("Load the {} preset into the editor", preset.label)}
                data-preset={file} {onclick}>
                { preset.label }
            </button>
        }
    });
    let lessons = crate::view::lesson::SHIPPED.iter().map(|&(file, title, text)| {
        let onclick = props.on_open_lesson.reform(move |_: MouseEvent| text);
        html! {
            <button type="button" class="button button--small" data-lesson={file} aria-label={format!("Open the lesson {title}")} {onclick}>
                { title }
            </button>
        }
    });
    let problems = props.diagnostics.iter().map(|diagnostic| {
        let kind = severity_name(diagnostic.severity);
        html! {
            <li class={classes!("problems__item", format!("problems__item--{kind}"))}>
                <button type="button" class="problems__jump" onclick={jump_to(diagnostic.line)}
                    aria-label={format!("{kind} on line {}: {}. Go to the line.", diagnostic.line, diagnostic.message)}>
                    <span class="problems__line">{ format!("Line {}", diagnostic.line) }</span>
                    <span class="problems__message">{ diagnostic.message.clone() }</span>
                </button>
            </li>
        }
    });
    let status = props.status.as_ref().map(|status| {
        let (class, summary) = if status.failed {
            ("editor__status--failed", "Not applied: the cluster is unchanged.")
        } else {
            ("editor__status--ok", "Applied.")
        };
        html! {
            <div class={classes!("editor__status", class)} role="status" id="apply-status">
                <p class="editor__status-summary">{ summary }</p>
                if status.failed {
                    <pre class="editor__status-output">{ status.output.clone() }</pre>
                }
            </div>
        }
    });
    let show_repair = use_state(|| false);
    let repair = props.repair.as_deref().map(|offer| match offer {
        Ok(offer) => {
            let toggle = {
                let show_repair = show_repair.clone();
                Callback::from(move |_: MouseEvent| show_repair.set(!*show_repair))
            };
            let accept = {
                let show_repair = show_repair.clone();
                props.on_accept_repair.reform(move |_: MouseEvent| show_repair.set(false))
            };
            let lines = offer.repaired.lines().enumerate().map(|(index, line)| {
                let changed = offer.changed.binary_search(&(index + 1)).is_ok();
                html! {
                    <span class={classes!("repair__line", changed.then_some("repair__line--changed"))}>
                        <span class="repair__mark" aria-hidden="true">{ if changed { "→" } else { " " } }</span>{ format!("{line}\n") }
                    </span>
                }
            });
            html! {
                <div class="repair" id="repair-offer" role="region" aria-label="Indentation repair">
                    <p class="repair__summary">
                        { format!("The indentation looks lost, as when YAML is copied from a web page. \
                            Re-indented by the Kubernetes schema, {} lines move.", offer.changed.len()) }
                    </p>
                    <div class="repair__actions">
                        <button type="button" class="button button--small" id="repair-show" aria-expanded={ if *show_repair { "true" } else { "false" } }
                            onclick={toggle}>{ if *show_repair { "Hide the repaired YAML" } else { "Show the repaired YAML" } }</button>
                        <button type="button" class="button button--small button--primary" id="repair-accept" onclick={accept}>
                            { "Use the repaired YAML" }
                        </button>
                    </div>
                    if *show_repair {
                        <pre class="repair__text" id="repair-text" aria-label="The repaired YAML; moved lines are marked with an arrow">{ for lines }</pre>
                    }
                </div>
            }
        }
        Err(error) => html! {
            <div class="repair repair--refused" id="repair-offer" role="region" aria-label="Indentation repair">
                <p class="repair__summary">
                    { format!("The indentation looks lost, but it cannot be re-indented safely: line {}: {}", error.line, error.message) }
                </p>
            </div>
        },
    });
    let onclick = props.on_apply.reform(|_: MouseEvent| ());
    html! {
        <section class="pane pane--editor" aria-labelledby="manifest-heading">
            <div class="pane__head">
                <h2 class="pane__title" id="manifest-heading">{ "Manifest" }</h2>
                <span class="pane__meta">{ format!("YAML · {line_count} lines") }</span>
            </div>
            <div class="editor__presets" role="group" aria-label="Presets">
                <span class="editor__presets-label">{ "Presets" }</span>
                { for presets }
            </div>
            <div class="editor__presets" role="group" aria-label="Lessons">
                <span class="editor__presets-label">{ "Lessons" }</span>
                { for lessons }
            </div>
            <div class="editor">
                <div class="editor__gutter" aria-hidden="true" ref={gutter_ref}>{ for gutter }</div>
                <textarea
                    ref={textarea_ref}
                    class="editor__text"
                    id="manifest-text"
                    aria-label="Manifest YAML"
                    aria-describedby="apply-hint"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    value={props.text.clone()}
                    {oninput}
                    {onkeydown}
                    {onscroll}
                />
            </div>
            if !props.diagnostics.is_empty() || props.status.is_some() {
                <div class="editor__problems" aria-label="Problems">
                    { for repair }
                    { for status }
                    if !props.diagnostics.is_empty() {
                        <ul class="problems">{ for problems }</ul>
                    }
                </div>
            }
            <div class="pane__actions">
                <span class="pane__hint" id="apply-hint">{ "Ctrl+Enter applies, all or nothing" }</span>
                <button type="button" class="button button--primary" id="apply-button" {onclick}>
                    { "Apply" }
                </button>
            </div>
        </section>
    }
}
