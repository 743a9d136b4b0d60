use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ManifestEditorProps {
    /// The YAML text shown in the editor.
    pub text: AttrValue,
    pub on_edit: Callback<String>,
    pub on_apply: Callback<()>,
}

/// The manifest editor: a YAML text area and an Apply button.
#[component]
pub fn ManifestEditor(props: &ManifestEditorProps) -> Html {
    let oninput = props
        .on_edit
        .reform(|event: InputEvent| event.target_unchecked_into::<HtmlTextAreaElement>().value());
    let onclick = props.on_apply.reform(|_: MouseEvent| ());
    let line_count = props.text.lines().count();
    html! {
        <section class="pane pane--editor" aria-labelledby="manifest-heading">
            <div class="pane__head">
                <h2 class="pane__title" id="manifest-heading">{ "Manifest" }</h2>
                <span class="pane__meta">{ format!("YAML · {line_count} lines") }</span>
            </div>
            <textarea
                class="editor__text"
                id="manifest-text"
                aria-label="Manifest YAML"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                value={props.text.clone()}
                {oninput}
            />
            <div class="pane__actions">
                <button type="button" class="button button--primary" id="apply-button" {onclick}>
                    { "Apply" }
                </button>
            </div>
        </section>
    }
}
