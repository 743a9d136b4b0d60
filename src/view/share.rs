//! Share links and scenario files: a [`Scenario`] (the seed, the cluster's shape, the intents
//! and the moment being shared) as a URL fragment or as a downloadable JSON file.
//!
//! - Link: `#s1.<payload>`, where `1` is the format version and the payload is
//!   `base64url-no-pad(raw-deflate(compact JSON))`. Other `&key=value` parts may stand around
//!   it (`#s1.PAYLOAD&embed=1`); [`fragment_params`] reads them.
//! - File: indented JSON, `{"formatVersion": 1, "kind": "KubariumScenario", "scenario": {…}}`,
//!   for scenarios whose link would be longer than [`LINK_FALLBACK_CHARS`].
//!
//! Both carry the same scenario JSON with the same version numbering, and both go through
//! [`migrate`]: every format ever written keeps loading. Input is hostile until checked: every
//! size is capped before it is allocated and every field is range-checked ([`Scenario::validate`]);
//! nothing here panics on any input ([`check`] is the fuzz entry point).

use super::playground::{Intent, IntentLog, Playground, TimedIntent};
use crate::sim::cluster::{Config, Profile};
use crate::sim::gojson;
use crate::sim::objects::codec::{self, Decode, DecodeError, Encode};
use crate::sim::time::{Millis, MINUTE};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};
use std::fmt;

/// The link and file format written today.
pub const FORMAT_VERSION: u32 = 1;
/// The `kind` of a scenario file.
pub const FILE_KIND: &str = "KubariumScenario";
/// Links longer than this (the whole `s1.…` part) are refused before decoding.
pub const LINK_MAX_CHARS: usize = 64 * 1024;
/// Above this many characters the page offers a downloaded file instead of a link.
pub const LINK_FALLBACK_CHARS: usize = 8 * 1024;
/// A link's payload may inflate to at most this many bytes of JSON.
pub const INFLATED_MAX_BYTES: usize = 4 * 1024 * 1024;
/// A scenario file may be at most this many bytes.
pub const FILE_MAX_BYTES: usize = 3 * 1024 * 1024;
/// The largest seed a link carries: JSON readers (Go's, ours) read larger integers as floats.
pub const MAX_SEED: u64 = i64::MAX as u64;
/// At most this many nodes in a shared cluster.
pub const MAX_NODES: u32 = 5_000;
/// At most this many intents in a shared history.
pub const MAX_INTENTS: usize = 10_000;
/// At most this many bytes in one applied manifest or in the editor's text.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;
/// At most this many bytes in one console line.
pub const MAX_LINE_BYTES: usize = 4 * 1024;
/// At most this many bytes of text (manifests, editor texts, lines) in one scenario.
pub const MAX_TOTAL_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// A shared history runs at most this long (simulated): a page replays all of it.
pub const MAX_HISTORY_MS: Millis = 24 * 60 * MINUTE;
/// Slowest and fastest playback, in simulated ms per wall-clock second.
pub const SPEED_MIN: u32 = 1;
pub const SPEED_MAX: u32 = 3_600_000;
/// The fingerprint is at most this many characters (ASCII letters and digits).
pub const MAX_FINGERPRINT_CHARS: usize = 64;

/// A shared moment of a playground: what to replay and where to stop.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct Scenario {
    pub seed: u64,
    /// `"kubeadm"` or `"kind"` in JSON.
    pub profile: Profile,
    pub nodes: u32,
    /// In time order.
    pub intents: Vec<TimedIntent>,
    /// How far the recorded history runs (at least the last intent's time).
    pub head_ms: Millis,
    /// The shared moment: the page stops there (`0 ≤ at_ms ≤ head_ms`).
    pub at_ms: Millis,
    /// The editor's text.
    pub editor: String,
    /// Simulated ms per wall-clock second (1000 is 1×).
    pub speed: u32,
    /// [`history_fingerprint`] at `at_ms` when shared, to notice that a newer core replays the
    /// same intents into a different history.
    pub fingerprint: Option<String>,
    /// The lesson being played, and where (links made before lessons have none; left out when
    /// none, so links without one are what they were).
    #[json(skip_serializing_if = "Option::is_none")]
    pub lesson: Option<crate::view::lesson::SharedLesson>,
}

impl Encode for Profile {
    fn encode(&self) -> Value {
        Value::String(profile_name(*self).to_string())
    }
}

impl Decode for Profile {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value.as_str() {
            Some("kubeadm") => Ok(Profile::Kubeadm),
            Some("kind") => Ok(Profile::Kind),
            Some(other) => Err(DecodeError::new(format!("unknown profile {other:?}, expected \"kubeadm\" or \"kind\""))),
            None => Err(DecodeError::new("invalid type, expected a string")),
        }
    }
}

fn profile_name(profile: Profile) -> &'static str {
    match profile {
        Profile::Kubeadm => "kubeadm",
        Profile::Kind => "kind",
    }
}

impl Scenario {
    /// The page's log shared at `at_ms` (the history runs to the log's clock). The cluster is
    /// the page's default one; the fingerprint is left out ([`Scenario::with_fingerprint`]).
    pub fn from_log(log: &IntentLog, editor: &str, at_ms: Millis, speed: u32) -> Scenario {
        let config = Config::default();
        let head_ms = log.clock_ms.max(log.intents.last().map_or(0, |t| t.at_ms));
        Scenario {
            seed: log.seed,
            profile: config.profile,
            nodes: u32::try_from(config.nodes).unwrap_or(u32::MAX),
            intents: log.intents.clone(),
            head_ms,
            at_ms: at_ms.clamp(0, head_ms),
            editor: editor.to_string(),
            speed,
            fingerprint: None,
            lesson: None,
        }
    }

    /// Adds the fingerprint of `playground`'s history up to `at_ms` (its history must reach
    /// that far: the page's own playground, or one replayed from [`Scenario::log`]).
    pub fn with_fingerprint(mut self, playground: &Playground) -> Scenario {
        self.fingerprint = Some(history_fingerprint(playground, self.at_ms));
        self
    }

    /// The intent log to replay (its clock is `head_ms`).
    pub fn log(&self) -> IntentLog {
        IntentLog { version: IntentLog::VERSION, seed: self.seed, intents: self.intents.clone(), clock_ms: self.head_ms }
    }

    /// Whether this scenario is one a page may load: every count, size and time in range.
    pub fn validate(&self) -> Result<(), String> {
        if self.seed > MAX_SEED {
            return Err(format!("seed {} (at most {MAX_SEED})", self.seed));
        }
        if self.nodes > MAX_NODES {
            return Err(format!("{} nodes (at most {MAX_NODES})", self.nodes));
        }
        if !(SPEED_MIN..=SPEED_MAX).contains(&self.speed) {
            return Err(format!("speed {} (expected {SPEED_MIN} to {SPEED_MAX} ms per second)", self.speed));
        }
        if self.intents.len() > MAX_INTENTS {
            return Err(format!("{} steps (at most {MAX_INTENTS})", self.intents.len()));
        }
        if !(0..=MAX_HISTORY_MS).contains(&self.head_ms) {
            return Err(format!("a history of {} ms (expected 0 to {MAX_HISTORY_MS})", self.head_ms));
        }
        if !(0..=self.head_ms).contains(&self.at_ms) {
            return Err(format!("the moment {} ms lies outside its history (0 to {} ms)", self.at_ms, self.head_ms));
        }
        if self.editor.len() > MAX_TEXT_BYTES {
            return Err(format!("an editor text of {} bytes (at most {MAX_TEXT_BYTES})", self.editor.len()));
        }
        let mut total = self.editor.len();
        let mut previous: Millis = 0;
        for (i, timed) in self.intents.iter().enumerate() {
            let step = i + 1;
            if timed.at_ms < previous || timed.at_ms > self.head_ms {
                return Err(format!(
                    "step {step} at {} ms is out of time order (after {previous} ms, by {} ms)",
                    timed.at_ms, self.head_ms
                ));
            }
            previous = timed.at_ms;
            let (texts, line_len): (Vec<&str>, usize) = match &timed.intent {
                Intent::Apply { text } => (vec![text], 0),
                Intent::Command { line, editor } => (editor.iter().map(String::as_str).collect(), line.len()),
            };
            if line_len > MAX_LINE_BYTES {
                return Err(format!("step {step} has a command of {line_len} bytes (at most {MAX_LINE_BYTES})"));
            }
            total += line_len;
            for text in texts {
                if text.len() > MAX_TEXT_BYTES {
                    return Err(format!("step {step} has a manifest of {} bytes (at most {MAX_TEXT_BYTES})", text.len()));
                }
                total += text.len();
            }
            if total > MAX_TOTAL_TEXT_BYTES {
                return Err(format!("more than {MAX_TOTAL_TEXT_BYTES} bytes of text"));
            }
        }
        if let Some(lesson) = &self.lesson {
            lesson.validate(self.head_ms)?;
            if lesson.text.len() > MAX_TEXT_BYTES {
                return Err(format!("a lesson of {} bytes (at most {MAX_TEXT_BYTES})", lesson.text.len()));
            }
            total += lesson.text.len();
            if total > MAX_TOTAL_TEXT_BYTES {
                return Err(format!("more than {MAX_TOTAL_TEXT_BYTES} bytes of text"));
            }
        }
        if let Some(fingerprint) = &self.fingerprint {
            if fingerprint.len() > MAX_FINGERPRINT_CHARS || !fingerprint.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err("a malformed fingerprint".to_string());
            }
        }
        Ok(())
    }
}

/// A short hash (16 hex digits, FNV-1a) of the cluster history up to and including `at_ms`:
/// each watch event's time, type, kind, namespace, name and resourceVersion.
pub fn history_fingerprint(playground: &Playground, at_ms: Millis) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for event in playground.session().cluster.history.iter().take_while(|e| e.at <= at_ms) {
        let meta = event.object.meta();
        feed(&event.at.to_le_bytes());
        feed(event.type_.as_str().as_bytes());
        feed(event.object.kind().as_bytes());
        feed(meta.namespace.as_bytes());
        feed(meta.name.as_bytes());
        feed(meta.resource_version.as_bytes());
    }
    format!("{hash:016x}")
}

/// Where a scenario came from, for the wording of [`LinkError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Link,
    File,
}

impl Origin {
    fn noun(self) -> &'static str {
        match self {
            Origin::Link => "link",
            Origin::File => "file",
        }
    }
}

/// Why a link or file does not load. `Display` is one plain-text line a page can show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// No `s<version>.` part in the fragment, or a file that is not a scenario file.
    NoScenario(Origin),
    /// Cut short, bad base64, bad deflate data, not JSON, or JSON of the wrong shape.
    Damaged(Origin, String),
    /// Over one of the size caps.
    TooLarge(Origin, String),
    /// Written by a newer Kubarium, in this format version.
    UnsupportedVersion(Origin, u32),
    /// Well formed, but out of range (times out of order, too many nodes, …).
    Invalid(Origin, String),
}

impl LinkError {
    pub fn origin(&self) -> Origin {
        match self {
            LinkError::NoScenario(origin)
            | LinkError::Damaged(origin, _)
            | LinkError::TooLarge(origin, _)
            | LinkError::UnsupportedVersion(origin, _)
            | LinkError::Invalid(origin, _) => *origin,
        }
    }

    fn retarget(self, origin: Origin) -> LinkError {
        match self {
            LinkError::NoScenario(_) => LinkError::NoScenario(origin),
            LinkError::Damaged(_, why) => LinkError::Damaged(origin, why),
            LinkError::TooLarge(_, why) => LinkError::TooLarge(origin, why),
            LinkError::UnsupportedVersion(_, version) => LinkError::UnsupportedVersion(origin, version),
            LinkError::Invalid(_, why) => LinkError::Invalid(origin, why),
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.origin().noun();
        match self {
            LinkError::NoScenario(Origin::Link) => write!(f, "This link holds no Kubarium scenario (expected #s{FORMAT_VERSION}.…)."),
            LinkError::NoScenario(Origin::File) => write!(f, "This file is not a Kubarium scenario (expected \"kind\": \"{FILE_KIND}\")."),
            LinkError::Damaged(_, why) => write!(f, "This {noun} is truncated or damaged: {why}."),
            LinkError::TooLarge(_, why) => write!(f, "This {noun} is too large: {why}."),
            LinkError::UnsupportedVersion(_, version) => write!(
                f,
                "This {noun} was made by a newer version of Kubarium (format {version}); this page reads formats up to {FORMAT_VERSION}. Reload to update."
            ),
            LinkError::Invalid(_, why) => write!(f, "This {noun} describes a scenario this page cannot play: {why}."),
        }
    }
}

impl std::error::Error for LinkError {}

/// Brings the scenario JSON of format `version` to today's format. Every format ever written
/// stays here forever: when format 2 arrives, `1` becomes `1 => migrate(2, v1_to_v2(json)?)`
/// and `2 => Ok(json)`. Errors say [`Origin::Link`]; callers retarget them.
pub fn migrate(version: u32, json: Value) -> Result<Value, LinkError> {
    match version {
        0 => Err(LinkError::Damaged(Origin::Link, "format 0 does not exist".to_string())),
        1 => Ok(json),
        newer => Err(LinkError::UnsupportedVersion(Origin::Link, newer)),
    }
}

/// The JSON of one scenario in format `version`, migrated, decoded and validated.
fn scenario_from_json(version: u32, json: Value, origin: Origin) -> Result<Scenario, LinkError> {
    let json = migrate(version, json).map_err(|e| e.retarget(origin))?;
    let scenario = Scenario::decode(&json).map_err(|e| LinkError::Damaged(origin, format!("the scenario does not read ({e})")))?;
    scenario.validate().map_err(|why| LinkError::Invalid(origin, why))?;
    Ok(scenario)
}

/// The fragment's `&`-separated parts as (key, value), `%XX` escapes decoded; a part without
/// `=` has an empty value. A leading `#` is skipped; empty parts are dropped.
pub fn fragment_params(fragment: &str) -> Vec<(String, String)> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    fragment
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| match part.split_once('=') {
            Some((key, value)) => (percent_decode(key), percent_decode(value)),
            None => (percent_decode(part), String::new()),
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The link's fragment payload, `s1.<base64url(deflate(json))>` (no `#`).
pub fn encode_link(scenario: &Scenario) -> String {
    let json = gojson::compact(&scenario.encode());
    let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10);
    format!("s{FORMAT_VERSION}.{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// The scenario in a page's fragment (`#s1.…`, with or without `#`, among other `&` parts).
pub fn decode_link(fragment: &str) -> Result<Scenario, LinkError> {
    const ORIGIN: Origin = Origin::Link;
    let too_large = || LinkError::TooLarge(ORIGIN, format!("more than {LINK_MAX_CHARS} characters"));
    // Other parameters are short: anything far beyond the cap is refused unread.
    if fragment.len() > LINK_MAX_CHARS + 4 * 1024 {
        return Err(too_large());
    }
    let part = fragment_params(fragment).into_iter().map(|(key, _)| key).find(|key| scenario_part(key).is_some());
    let Some(part) = part else {
        return Err(LinkError::NoScenario(ORIGIN));
    };
    if part.len() > LINK_MAX_CHARS {
        return Err(too_large());
    }
    let Some((version, payload)) = scenario_part(&part) else {
        return Err(LinkError::NoScenario(ORIGIN));
    };
    let Some(version) = version else {
        return Err(LinkError::UnsupportedVersion(ORIGIN, u32::MAX));
    };
    if version > FORMAT_VERSION {
        // A newer payload may not even be base64: say so before trying to read it.
        return Err(LinkError::UnsupportedVersion(ORIGIN, version));
    }
    if payload.is_empty() {
        return Err(LinkError::Damaged(ORIGIN, "its data is missing".to_string()));
    }
    let deflated = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| LinkError::Damaged(ORIGIN, "it has characters a link cannot have, or is cut short".to_string()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, INFLATED_MAX_BYTES).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
            LinkError::TooLarge(ORIGIN, format!("it expands to more than {} MiB", INFLATED_MAX_BYTES >> 20))
        }
        _ => LinkError::Damaged(ORIGIN, "its compressed data is cut short or corrupt".to_string()),
    })?;
    let json = String::from_utf8(json).map_err(|_| LinkError::Damaged(ORIGIN, "its data is not text".to_string()))?;
    let value = parse_json(&json, ORIGIN)?;
    scenario_from_json(version, value, ORIGIN)
}

/// `s<digits>.<rest>` → (the version, or None when it overflows a u32; the rest).
fn scenario_part(key: &str) -> Option<(Option<u32>, &str)> {
    let rest = key.strip_prefix('s')?;
    let (digits, payload) = rest.split_once('.')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok(), payload))
}

fn parse_json(text: &str, origin: Origin) -> Result<Value, LinkError> {
    if text.len() > FILE_MAX_BYTES {
        return Err(LinkError::TooLarge(origin, format!("more than {} MiB of scenario", FILE_MAX_BYTES >> 20)));
    }
    gojson::parse(text).ok_or_else(|| LinkError::Damaged(origin, "its contents are not valid JSON".to_string()))
}

/// The scenario as a file to download: indented JSON with a `kind` and `formatVersion` header.
pub fn to_file(scenario: &Scenario) -> String {
    let mut map = Map::new();
    codec::put(&mut map, "formatVersion", FORMAT_VERSION.encode());
    codec::put(&mut map, "kind", FILE_KIND.to_string().encode());
    codec::put(&mut map, "scenario", scenario.encode());
    let mut text = gojson::indented(&Value::Object(map));
    text.push('\n');
    text
}

/// A scenario file's scenario (the same limits and migrations as links).
pub fn from_file(text: &str) -> Result<Scenario, LinkError> {
    const ORIGIN: Origin = Origin::File;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = parse_json(text, ORIGIN)?;
    let Value::Object(mut map) = value else {
        return Err(LinkError::NoScenario(ORIGIN));
    };
    if map.get("kind").and_then(Value::as_str) != Some(FILE_KIND) {
        return Err(LinkError::NoScenario(ORIGIN));
    }
    let version = match map.get("formatVersion") {
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) => u32::try_from(v).unwrap_or(u32::MAX),
            None => return Err(LinkError::Damaged(ORIGIN, "its formatVersion is not a whole number".to_string())),
        },
        _ => return Err(LinkError::Damaged(ORIGIN, "it has no formatVersion".to_string())),
    };
    if version > FORMAT_VERSION {
        return Err(LinkError::UnsupportedVersion(ORIGIN, version));
    }
    let Some(scenario) = map.remove("scenario") else {
        return Err(LinkError::Damaged(ORIGIN, "it has no scenario".to_string()));
    };
    scenario_from_json(version, scenario, ORIGIN)
}

/// Fuzz entry point: arbitrary bytes as a link (lossy UTF-8) and as a file. Neither may panic;
/// whatever decodes must re-encode to the same scenario, and encode the same way again.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(scenario) = decode_link(&text) {
        round_trip(&scenario);
    }
    if let Ok(scenario) = from_file(&text) {
        round_trip(&scenario);
    }
}

fn round_trip(scenario: &Scenario) {
    let link = encode_link(scenario);
    match decode_link(&link) {
        Ok(again) => {
            assert_eq!(&again, scenario, "link round trip");
            assert_eq!(encode_link(&again), link, "link encoding is stable");
        }
        // A payload packed tighter than ours may decode but not re-encode within the caps.
        Err(LinkError::TooLarge(..)) => assert!(link.len() > LINK_MAX_CHARS || gojson::compact(&scenario.encode()).len() > FILE_MAX_BYTES),
        Err(other) => panic!("a decoded scenario does not decode again: {other}"),
    }
    let file = to_file(scenario);
    match from_file(&file) {
        Ok(again) => {
            assert_eq!(&again, scenario, "file round trip");
            assert_eq!(to_file(&again), file, "file encoding is stable");
        }
        Err(LinkError::TooLarge(..)) => assert!(file.len() > FILE_MAX_BYTES),
        Err(other) => panic!("a decoded scenario does not load from its file: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::SECOND;

    fn sample() -> Scenario {
        let mut log = IntentLog::opening();
        log.intents.push(TimedIntent { at_ms: 5 * SECOND, intent: Intent::Command { line: "node add node-4".to_string(), editor: None } });
        log.intents.push(TimedIntent {
            at_ms: 6 * SECOND,
            intent: Intent::Command { line: "kubectl apply -f editor".to_string(), editor: Some("kind: <&>\n\u{1}é😀".to_string()) },
        });
        log.clock_ms = 30 * SECOND;
        let mut scenario = Scenario::from_log(&log, "editor text", 20 * SECOND, 1_000);
        scenario.fingerprint = Some("0123abcd".to_string());
        scenario
    }

    fn link_of(json: &str) -> String {
        format!("s1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6)))
    }

    #[test]
    fn links_and_files_round_trip() {
        let scenario = sample();
        let link = encode_link(&scenario);
        assert!(link.starts_with("s1."));
        assert_eq!(decode_link(&link).unwrap(), scenario);
        assert_eq!(decode_link(&format!("#{link}")).unwrap(), scenario);
        assert_eq!(decode_link(&format!("#embed=1&{link}&theme=dark")).unwrap(), scenario);
        let file = to_file(&scenario);
        assert!(file.starts_with("{\n    \"formatVersion\": 1,\n    \"kind\": \"KubariumScenario\",\n    \"scenario\": {"), "{file}");
        assert_eq!(from_file(&file).unwrap(), scenario);
        let mut extreme = scenario.clone();
        extreme.seed = MAX_SEED;
        extreme.profile = Profile::Kind;
        extreme.fingerprint = None;
        assert_eq!(decode_link(&encode_link(&extreme)).unwrap(), extreme);
        extreme.seed = MAX_SEED + 1;
        // Read back as a float, then refused: a page's seeds stay below MAX_SEED.
        assert!(decode_link(&encode_link(&extreme)).is_err());
        extreme.seed = MAX_SEED;
        assert_eq!(from_file(&to_file(&extreme)).unwrap(), extreme);
        check(link.as_bytes());
        check(file.as_bytes());
    }

    #[test]
    fn the_log_comes_back_with_its_clock() {
        let scenario = sample();
        let log = scenario.log();
        assert_eq!((log.seed, log.clock_ms, log.intents.len()), (1, 30 * SECOND, 3));
        assert_eq!(log.intents, scenario.intents);
        assert_eq!((scenario.nodes, scenario.profile, scenario.at_ms, scenario.head_ms), (3, Profile::Kubeadm, 20_000, 30_000));
    }

    #[test]
    fn fragment_params_split_and_unescape() {
        assert_eq!(
            fragment_params("#s1.AB-_&embed=1&&q=a%20b%zz&flag"),
            [("s1.AB-_", ""), ("embed", "1"), ("q", "a b%zz"), ("flag", "")].map(|(k, v)| (k.to_string(), v.to_string()))
        );
        assert!(fragment_params("").is_empty());
        assert!(fragment_params("#").is_empty());
        assert_eq!(fragment_params("a=%4"), [("a".to_string(), "%4".to_string())]);
    }

    #[test]
    fn truncated_links_are_errors() {
        let link = encode_link(&sample());
        for end in 0..link.len() {
            let error = decode_link(&link[..end]).unwrap_err();
            assert!(matches!(error, LinkError::Damaged(..) | LinkError::NoScenario(_)), "{end}: {error}");
        }
        assert_eq!(
            decode_link(&link[..link.len() - 8]).unwrap_err().to_string(),
            "This link is truncated or damaged: its compressed data is cut short or corrupt."
        );
    }

    #[test]
    fn flipped_characters_never_panic() {
        let link = encode_link(&sample());
        let alphabet = b"AZaz09-_.%&=#+/";
        for i in 0..link.len() {
            for &c in alphabet {
                let mut bytes = link.clone().into_bytes();
                bytes[i] = c;
                let text = String::from_utf8(bytes).unwrap();
                // Either an error or a scenario that round-trips (deflate has no checksum).
                check(text.as_bytes());
                let _ = decode_link(&text);
            }
        }
    }

    #[test]
    fn newer_and_unknown_versions() {
        let link = encode_link(&sample());
        let newer = format!("s7.{}", &link[3..]);
        let error = decode_link(&newer).unwrap_err();
        assert_eq!(error, LinkError::UnsupportedVersion(Origin::Link, 7));
        assert!(error.to_string().starts_with("This link was made by a newer version of Kubarium (format 7)"), "{error}");
        assert_eq!(decode_link("s7.%%%not-even-base64").unwrap_err(), LinkError::UnsupportedVersion(Origin::Link, 7));
        assert!(matches!(decode_link("s99999999999999999999.x").unwrap_err(), LinkError::UnsupportedVersion(_, u32::MAX)));
        assert!(matches!(decode_link(&format!("s0.{}", &link[3..])).unwrap_err(), LinkError::Damaged(..)));
        assert_eq!(decode_link("#embed=1").unwrap_err(), LinkError::NoScenario(Origin::Link));
        assert_eq!(decode_link("sx.abc").unwrap_err(), LinkError::NoScenario(Origin::Link));
        let file = to_file(&sample()).replace("\"formatVersion\": 1", "\"formatVersion\": 3");
        assert_eq!(from_file(&file).unwrap_err(), LinkError::UnsupportedVersion(Origin::File, 3));
        assert!(from_file(&file).unwrap_err().to_string().starts_with("This file was made by a newer version of Kubarium (format 3)"));
        assert_eq!(migrate(1, Value::Null), Ok(Value::Null));
    }

    #[test]
    fn oversize_links_files_and_bombs_are_refused() {
        let long = format!("s1.{}", "A".repeat(LINK_MAX_CHARS));
        let error = decode_link(&long).unwrap_err();
        assert!(matches!(error, LinkError::TooLarge(..)));
        assert!(error.to_string().starts_with("This link is too large: "), "{error}");
        assert!(matches!(decode_link(&"x".repeat(10 * LINK_MAX_CHARS)).unwrap_err(), LinkError::TooLarge(..)));
        // 16 MiB of spaces deflate to 16 KB: refused at 4 MiB of output.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 16 << 20], 10);
        let bomb = format!("s1.{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(bomb.len() < LINK_MAX_CHARS, "{}", bomb.len());
        assert!(matches!(decode_link(&bomb).unwrap_err(), LinkError::TooLarge(..)));
        let file = format!("{{\"kind\": \"{FILE_KIND}\", \"formatVersion\": 1, \"pad\": \"{}\"}}", " ".repeat(FILE_MAX_BYTES));
        assert!(matches!(from_file(&file).unwrap_err(), LinkError::TooLarge(Origin::File, _)));
        let mut many = sample();
        many.intents = vec![many.intents[1].clone(); MAX_INTENTS + 1];
        assert!(matches!(decode_link(&encode_link(&many)).unwrap_err(), LinkError::Invalid(..)));
    }

    #[test]
    fn out_of_range_scenarios_are_invalid() {
        type Change = fn(&mut Scenario);
        let cases: Vec<(&str, Change)> = vec![
            ("nodes", |s| s.nodes = MAX_NODES + 1),
            ("speed 0", |s| s.speed = 0),
            ("speed", |s| s.speed = SPEED_MAX + 1),
            ("negative head", |s| s.head_ms = -1),
            ("long head", |s| s.head_ms = MAX_HISTORY_MS + 1),
            ("at after head", |s| s.at_ms = s.head_ms + 1),
            ("negative at", |s| s.at_ms = -5),
            ("negative step", |s| s.intents[0].at_ms = -1),
            ("unsorted", |s| s.intents.swap(1, 2)),
            ("step after head", |s| s.intents[2].at_ms = s.head_ms + 1),
            ("line", |s| s.intents[1].intent = Intent::Command { line: "x".repeat(MAX_LINE_BYTES + 1), editor: None }),
            ("editor", |s| s.editor = "x".repeat(MAX_TEXT_BYTES + 1)),
            ("fingerprint", |s| s.fingerprint = Some("not hex!".to_string())),
        ];
        for (what, change) in cases {
            let mut scenario = sample();
            change(&mut scenario);
            let error = decode_link(&encode_link(&scenario)).unwrap_err();
            assert!(matches!(error, LinkError::Invalid(Origin::Link, _)), "{what}: {error}");
            assert!(error.to_string().starts_with("This link describes a scenario this page cannot play: "), "{error}");
            assert!(matches!(from_file(&to_file(&scenario)).unwrap_err(), LinkError::Invalid(Origin::File, _)), "{what}");
        }
        let mut edge = sample();
        edge.nodes = 0;
        edge.at_ms = edge.head_ms;
        assert_eq!(decode_link(&encode_link(&edge)).unwrap(), edge);
    }

    #[test]
    fn wrong_shapes_are_damaged() {
        for json in ["", "[]", "{}", "{\"seed\": 1}", "{\"seed\": -1, \"profile\": \"kubeadm\"}", "{} {}", "null"] {
            let error = decode_link(&link_of(json)).unwrap_err();
            assert!(matches!(error, LinkError::Damaged(..)), "{json}: {error}");
        }
        let mut value = sample().encode();
        value["profile"] = Value::String("minikube".to_string());
        let error = decode_link(&link_of(&gojson::compact(&value))).unwrap_err();
        assert!(error.to_string().contains("unknown profile \"minikube\""), "{error}");
        value["profile"] = Value::String("kind".to_string());
        value["intents"][0]["at_ms"] = serde_json::json!(1.5);
        assert!(matches!(decode_link(&link_of(&gojson::compact(&value))).unwrap_err(), LinkError::Damaged(..)));
        assert_eq!(from_file("{\"kind\": \"Pod\"}").unwrap_err(), LinkError::NoScenario(Origin::File));
        assert_eq!(from_file("[1]").unwrap_err(), LinkError::NoScenario(Origin::File));
        assert!(matches!(from_file("{\"kind\": \"KubariumScenario\"}").unwrap_err(), LinkError::Damaged(..)));
        assert!(matches!(from_file("{\"kind\": \"KubariumScenario\", \"formatVersion\": 1}").unwrap_err(), LinkError::Damaged(..)));
        assert!(matches!(from_file("not json").unwrap_err(), LinkError::Damaged(Origin::File, _)));
    }

    #[test]
    fn the_opening_scenario_fits_a_link_and_has_a_stable_fingerprint() {
        let mut log = IntentLog::opening();
        log.intents.push(TimedIntent { at_ms: 5 * SECOND, intent: Intent::Command { line: "node add node-4".to_string(), editor: None } });
        log.clock_ms = 30 * SECOND;
        let playground = Playground::replay(&log);
        let editor = crate::view::presets::text("tutorial.yaml").unwrap_or_default();
        let scenario = Scenario::from_log(&log, &editor, 20 * SECOND, 1_000).with_fingerprint(&playground);
        let link = encode_link(&scenario);
        println!("opening scenario link: {} characters (fallback above {LINK_FALLBACK_CHARS})", link.len());
        assert!(link.len() < LINK_FALLBACK_CHARS / 2, "{}", link.len());
        let back = decode_link(&link).unwrap();
        let replayed = Playground::replay(&back.log());
        assert_eq!(back.fingerprint, Some(history_fingerprint(&replayed, back.at_ms)));
        assert_ne!(history_fingerprint(&replayed, back.at_ms), history_fingerprint(&replayed, SECOND));
    }
}
