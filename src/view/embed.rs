//! The page's URL options and the embed API, as plain Rust.
//!
//! - [`PageOptions::from_url`] reads what the URL asks for: a shared scenario (`#s1.…`), embed
//!   mode (`?embed` or `#…&embed=1`) and its options — `panes=console,editor`, `autoplay=1`,
//!   `speed=2`, `readonly=1`, `theme=light|dark` — and `origins=`, the host pages allowed to
//!   drive the embed through `postMessage`.
//! - [`HostMessage`]: what a host page may send (the boundary's [`Request`]s, plus play/pause),
//!   and [`PageEvent`]: what the embed tells the allowed origins (ready, time, each intent, each
//!   kubectl event, errors). With no `origins=` there is no API: nothing is accepted or sent.
//!
//! `docs/embedding.md` documents both for tutorial authors.

use super::boundary::Request;
use super::playground::TimedIntent;
use super::project::EventRow;
use super::share;
use crate::sim::objects::codec::{self, Decode, Encode};
use crate::sim::time::Millis;
use serde_json::{Map, Value};

/// The public address of the playground, set at build time (`KUBARIUM_PUBLIC_URL=https://…/`):
/// share links made in an embed or in a copy opened from disk point there.
pub const PUBLIC_URL: Option<&str> = option_env!("KUBARIUM_PUBLIC_URL");

/// At most this many origins in an allow-list, each at most [`ORIGIN_MAX_CHARS`].
pub const ORIGINS_MAX: usize = 16;
pub const ORIGIN_MAX_CHARS: usize = 200;

/// The optional panes of an embed (the cluster is always there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Console,
    Editor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct PageOptions {
    pub embed: bool,
    /// The fragment's scenario link (`s1.…`), if any.
    pub link: Option<String>,
    /// Embed panes besides the cluster, in the order given.
    pub panes: Vec<Pane>,
    /// Start playing (in an embed: only while the frame is visible).
    pub autoplay: Option<bool>,
    /// A speed multiplier (`2` for 2×), if given.
    pub speed: Option<f64>,
    /// No editor and no console input: the cluster can be watched and scrubbed, not changed.
    pub read_only: bool,
    pub theme: Option<Theme>,
    /// Origins allowed to drive the embed and hear its events; empty: no API.
    pub origins: Vec<String>,
}

fn truthy(value: &str) -> bool {
    !matches!(value, "0" | "false" | "no" | "off")
}

impl PageOptions {
    /// Reads `location.search` and `location.hash` (each with or without its `?`/`#`).
    /// Unknown options are ignored; a malformed value is ignored like a missing one.
    pub fn from_url(search: &str, hash: &str) -> PageOptions {
        let search = search.strip_prefix('?').unwrap_or(search);
        let mut params = share::fragment_params(search);
        let fragment = share::fragment_params(hash);
        let mut options = PageOptions::default();
        for (key, _) in &fragment {
            if key.starts_with('s') && key.contains('.') && options.link.is_none() {
                options.link = Some(key.clone());
            }
        }
        params.extend(fragment);
        for (key, value) in params {
            match key.as_str() {
                "embed" => options.embed = truthy(&value),
                "panes" => {
                    options.panes = value
                        .split(',')
                        .filter_map(|pane| match pane.trim() {
                            "console" => Some(Pane::Console),
                            "editor" => Some(Pane::Editor),
                            _ => None,
                        })
                        .fold(Vec::new(), |mut panes, pane| {
                            if !panes.contains(&pane) {
                                panes.push(pane);
                            }
                            panes
                        })
                }
                "autoplay" => options.autoplay = Some(truthy(&value)),
                "speed" => options.speed = value.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0 && *s <= 3_600.0),
                "readonly" => options.read_only = truthy(&value),
                "theme" => {
                    options.theme = match value.as_str() {
                        "light" => Some(Theme::Light),
                        "dark" => Some(Theme::Dark),
                        _ => None,
                    }
                }
                "origins" => {
                    options.origins = value
                        .split(',')
                        .map(str::trim)
                        .filter(|origin| valid_origin(origin))
                        .take(ORIGINS_MAX)
                        .map(str::to_string)
                        .collect()
                }
                _ => {}
            }
        }
        options
    }

    /// Whether a message from `origin` may drive the page (exact match with the allow-list).
    pub fn accepts(&self, origin: &str) -> bool {
        self.embed && self.origins.iter().any(|allowed| allowed == origin)
    }

    /// Whether there is a host API at all.
    pub fn has_api(&self) -> bool {
        self.embed && !self.origins.is_empty()
    }
}

/// `scheme://host[:port]` as `MessageEvent.origin` gives it, or `null` (a file:// host page).
fn valid_origin(origin: &str) -> bool {
    if origin == "null" {
        return true;
    }
    let Some((scheme, rest)) = origin.split_once("://") else { return false };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && origin.len() <= ORIGIN_MAX_CHARS
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// What a host page may send: `{"type": "play"}`, `{"type": "pause"}`, or a [`Request`]:
/// `load`, `command`, `step`, `stepBack`, `seek`, `reset` (and the other requests the page
/// itself uses).
#[derive(Clone, Debug, PartialEq)]
pub enum HostMessage {
    Play,
    Pause,
    Request(Request),
}

/// Reads a host page's message (the JSON text of `event.data`).
pub fn parse_host_message(json: &str) -> Result<HostMessage, String> {
    if json.len() > share::LINK_MAX_CHARS * 2 {
        return Err("the message is too large".to_string());
    }
    let value = crate::sim::gojson::parse(json).ok_or_else(|| "the message is not JSON".to_string())?;
    match value.get("type").and_then(Value::as_str) {
        Some("play") => Ok(HostMessage::Play),
        Some("pause") => Ok(HostMessage::Pause),
        _ => Request::decode(&value).map(HostMessage::Request).map_err(|error| error.to_string()),
    }
}

/// What the embed tells its host page.
#[derive(Clone, Debug, PartialEq)]
pub enum PageEvent {
    /// The page is up and accepts messages.
    Ready,
    /// The simulated clock (sent when its second changes, or after a seek).
    Time { ms: Millis, head_ms: Millis, playing: bool },
    /// An intent was recorded (an apply, a command that changes the cluster).
    Intent(TimedIntent),
    /// A kubectl event appeared in `kubectl get events`.
    Event(EventRow),
    /// A message was refused, a command failed, or a link did not load.
    Error(String),
}

impl PageEvent {
    /// The message posted to the host: a JSON object with `"source": "kubarium"`.
    pub fn to_json(&self) -> String {
        let mut map = Map::new();
        codec::put(&mut map, "source", Value::String("kubarium".into()));
        let kind = match self {
            PageEvent::Ready => "ready",
            PageEvent::Time { ms, head_ms, playing } => {
                codec::put(&mut map, "ms", ms.encode());
                codec::put(&mut map, "headMs", head_ms.encode());
                codec::put(&mut map, "playing", Value::Bool(*playing));
                "time"
            }
            PageEvent::Intent(timed) => {
                codec::put(&mut map, "atMs", timed.at_ms.encode());
                codec::put(&mut map, "line", Value::String(super::timeline::intent_label(&timed.intent)));
                "intent"
            }
            PageEvent::Event(row) => {
                codec::put(&mut map, "eventType", Value::String(row.type_.clone()));
                codec::put(&mut map, "reason", Value::String(row.reason.clone()));
                codec::put(&mut map, "object", Value::String(row.object.clone()));
                codec::put(&mut map, "message", Value::String(row.message.clone()));
                codec::put(&mut map, "count", row.count.encode());
                "event"
            }
            PageEvent::Error(message) => {
                codec::put(&mut map, "message", Value::String(message.clone()));
                "error"
            }
        };
        codec::put(&mut map, "type", Value::String(kind.into()));
        crate::sim::gojson::compact(&Value::Object(map))
    }
}

/// The address a share link points at: the public URL when one was set at build time and the
/// page is an embed or opened from disk, else the page's own address (without its fragment or
/// embed options).
pub fn share_base(page_href: &str, embed: bool) -> String {
    let own = page_href.split('#').next().unwrap_or(page_href);
    let own = own.split('?').next().unwrap_or(own);
    match PUBLIC_URL {
        Some(public) if embed || own.starts_with("file:") => public.to_string(),
        _ => own.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::playground::Intent;

    #[test]
    fn options_come_from_the_query_and_the_fragment() {
        let options = PageOptions::from_url(
            "?embed&panes=console,editor,bogus,console&speed=2&readonly=1&theme=dark",
            "#s1.abc&autoplay=1&origins=https%3A%2F%2Ftutorial.example,http://127.0.0.1:8000,javascript:alert(1),*",
        );
        assert!(options.embed);
        assert_eq!(options.link.as_deref(), Some("s1.abc"));
        assert_eq!(options.panes, [Pane::Console, Pane::Editor]);
        assert_eq!((options.autoplay, options.speed, options.read_only), (Some(true), Some(2.0), true));
        assert_eq!(options.theme, Some(Theme::Dark));
        assert_eq!(options.origins, ["https://tutorial.example", "http://127.0.0.1:8000"]);
        assert!(options.accepts("https://tutorial.example"));
        assert!(!options.accepts("https://evil.example"));
        assert!(!options.accepts("https://tutorial.example.evil.example"));

        let plain = PageOptions::from_url("", "#s1.xyz");
        assert!(!plain.embed && !plain.has_api());
        assert_eq!(plain.link.as_deref(), Some("s1.xyz"));
        // No allow-list, no API — and the full page never has one.
        assert!(!PageOptions::from_url("?embed=1", "").has_api());
        assert!(!PageOptions::from_url("?origins=https://a.example", "").accepts("https://a.example"));
        assert!(PageOptions::from_url("", "#embed=1").embed);
        assert!(!PageOptions::from_url("?embed=0", "").embed);
        assert_eq!(PageOptions::from_url("?speed=NaN", "").speed, None);
    }

    #[test]
    fn host_messages_are_requests_or_play_and_pause() {
        assert_eq!(parse_host_message(r#"{"type":"play"}"#), Ok(HostMessage::Play));
        assert_eq!(parse_host_message(r#"{"type":"pause"}"#), Ok(HostMessage::Pause));
        assert_eq!(
            parse_host_message(r#"{"type":"command","line":"kubectl get pods"}"#),
            Ok(HostMessage::Request(Request::Command { line: "kubectl get pods".into(), editor: String::new() }))
        );
        assert_eq!(parse_host_message(r#"{"type":"seek","ms":5000}"#), Ok(HostMessage::Request(Request::Seek { ms: 5000 })));
        assert!(parse_host_message("<script>").unwrap_err().contains("not JSON"));
        assert!(parse_host_message(r#"{"type":"format-disk"}"#).unwrap_err().contains("unknown request type"));
    }

    #[test]
    fn page_events_are_json_objects_marked_as_kubarium() {
        let json = PageEvent::Time { ms: 1_500, head_ms: 9_000, playing: true }.to_json();
        assert_eq!(json, r#"{"headMs":9000,"ms":1500,"playing":true,"source":"kubarium","type":"time"}"#);
        let intent = TimedIntent { at_ms: 3, intent: Intent::Command { line: "node add node-4".into(), editor: None } };
        assert_eq!(PageEvent::Intent(intent).to_json(), r#"{"atMs":3,"line":"node add node-4","source":"kubarium","type":"intent"}"#);
        assert!(PageEvent::Error("a <b>".into()).to_json().contains(r#""message":"a \u003cb\u003e""#));
    }

    #[test]
    fn share_links_point_at_the_page_itself_unless_a_public_url_is_set() {
        let base = share_base("http://127.0.0.1:8080/some/path/?embed=1#s1.abc", false);
        assert_eq!(base, "http://127.0.0.1:8080/some/path/");
        if PUBLIC_URL.is_none() {
            assert_eq!(share_base("file:///home/teacher/kubarium.html", false), "file:///home/teacher/kubarium.html");
        }
    }
}
