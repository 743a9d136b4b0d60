use yew::prelude::*;

/// The Kubarium mark: a seven-spoked helm inside a fish bowl. Decorative (hidden from screen readers).
#[component]
pub fn Logo() -> Html {
    html! {
        <svg class="logo" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
            <path class="logo__bowl" d="M20 8h24v5c10 4 16 13 16 23 0 14-12 24-28 24S4 50 4 36c0-10 6-19 16-23z" />
            <path class="logo__water" d="M7 34c6 3 12 3 18 0s13-3 19 0 10 3 13 0c1 14-10 23-25 23S6 48 7 34z" />
            <g class="logo__helm" transform="translate(32 36)">
                <circle r="11" fill="none" stroke-width="3.5" />
                <circle r="3.5" />
                <path stroke-width="3" stroke-linecap="round"
                    d="M0-4V-15M3.1-2.5L11.7-9.4M3.9 .9L14.6 3.3M1.7 3.6L6.5 13.5M-1.7 3.6L-6.5 13.5M-3.9 .9L-14.6 3.3M-3.1-2.5L-11.7-9.4" />
            </g>
        </svg>
    }
}
