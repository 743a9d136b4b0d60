use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::state::ShareOutput;

#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    pub output: ShareOutput,
    /// Whether to offer the embed code (the full page does; an embed does not).
    #[prop_or_default]
    pub offer_embed: bool,
    pub on_close: Callback<()>,
}

/// `text` as a `data:` URL a download link can carry.
fn data_url(text: &str) -> String {
    let mut url = String::from("data:application/json;charset=utf-8,");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~:,".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// Copies the text of the element with this id to the clipboard (where the browser allows it),
/// and selects it either way so Ctrl+C works.
fn copy_from(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(element) = document.get_element_by_id(id) else { return };
        let value = if let Ok(input) = element.clone().dyn_into_input() {
            input.select();
            input.value()
        } else if let Ok(area) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlTextAreaElement>(element) {
            area.select();
            area.value()
        } else {
            return;
        };
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&value);
        }
    })
}

trait IntoInput {
    fn dyn_into_input(self) -> Result<HtmlInputElement, web_sys::Element>;
}

impl IntoInput for web_sys::Element {
    fn dyn_into_input(self) -> Result<HtmlInputElement, web_sys::Element> {
        wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(self)
    }
}

/// What "Share" made: the link (and the embed code) to copy, or a scenario file to download
/// when the link would be too long for a URL.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let body = match &props.output {
        ShareOutput::Link { url, embed_code } => html! {
            <>
                <label class="share__field">
                    <span>{ "Link to this scenario, at this moment" }</span>
                    <input id="share-url" type="text" readonly=true value={url.clone()} spellcheck="false" />
                </label>
                <button type="button" class="button button--primary" id="share-copy" onclick={copy_from("share-url")}>{ "Copy link" }</button>
                if props.offer_embed {
                    <label class="share__field">
                        <span>{ "Embed it in a tutorial page" }</span>
                        <textarea id="embed-code" readonly=true rows="3" spellcheck="false" value={embed_code.clone()} />
                    </label>
                    <button type="button" class="button" id="embed-copy" onclick={copy_from("embed-code")}>{ "Copy embed code" }</button>
                }
            </>
        },
        ShareOutput::File { name, text, reason } => html! {
            <>
                <p class="share__reason">{ reason.clone() }</p>
                <a class="button button--primary" id="share-download" download={name.clone()} href={data_url(text)}>
                    { format!("Download {name}") }
                </a>
            </>
        },
    };
    html! {
        <div class="share" id="share-panel" role="dialog" aria-label="Share this scenario">
            { body }
            <button type="button" class="button button--quiet" id="share-close" onclick={on_close}>{ "Close" }</button>
        </div>
    }
}
