//! JSON ⇄ typed objects, for the kinds the controllers read.
//!
//! `#[derive(Encode, Decode)]` (the `kubarium-derive` crate) writes the per-struct code; this
//! module holds what it calls. It replaces serde's derive, whose generic visitors make the page's
//! wasm 80 KB gzip larger and its load ~10 % slower (measured; README, "Bundle size"). Semantics
//! follow what serde did here:
//! - decoding: a missing field is an error unless the field has a default or is an `Option`;
//!   a JSON `null` counts as missing (the API server drops nulls from objects too); a value of
//!   the wrong JSON type is an error naming the field's path;
//! - encoding: every field is written unless its `skip_serializing_if` says otherwise, and
//!   `None` is `null`. Maps are `BTreeMap`s, so keys come out sorted as the API server's do.

use crate::sim::time::Time;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;
use std::fmt;

pub use kubarium_derive::{Decode, Encode};

/// Why a JSON tree does not fit a Rust type, with the field path where it went wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodeError {
    /// Dotted path from the decoded root (`spec.replicas`), empty at the root.
    pub path: String,
    pub message: String,
}

impl DecodeError {
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError { path: String::new(), message: message.into() }
    }

    fn within(mut self, key: &str) -> Self {
        self.path = if self.path.is_empty() { key.to_string() } else { format!("{key}.{}", self.path) };
        self
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DecodeError {}

pub trait Encode {
    fn encode(&self) -> Value;
}

pub trait Decode: Sized {
    /// The JSON keys of a derived struct's fields (for the test that checks them against the
    /// API's Go types); empty for leaves.
    const FIELDS: &'static [&'static str] = &[];

    fn decode(value: &Value) -> Result<Self, DecodeError>;

    /// The value a missing field takes when the struct gives it no default: only `Option`s have
    /// one (`None`); everything else is "missing field".
    fn absent() -> Option<Self> {
        None
    }
}

/// Decodes `T` from a JSON tree.
pub fn from_value<T: Decode>(value: &Value) -> Result<T, DecodeError> {
    T::decode(value)
}

// ---- what the derive calls ------------------------------------------------------------------
//
// A derived `decode` reads every field through [`Fields`], which keeps the first error instead
// of returning it: with no early return inside the struct literal, the compiler does not emit
// a separate clean-up path for every partially built struct (that was most of the code).

#[inline(never)]
pub fn put(map: &mut Map<String, Value>, key: &str, value: Value) {
    map.insert(key.to_string(), value);
}

pub fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, DecodeError> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(invalid_type(other, what)),
    }
}

/// The fields of one JSON object being decoded, and the first error met.
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    error: Option<DecodeError>,
}

impl<'a> Fields<'a> {
    pub fn of(value: &'a Value, what: &str) -> Result<Fields<'a>, DecodeError> {
        Ok(Fields { map: object(value, what)?, error: None })
    }

    fn present(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn fail(&mut self, error: DecodeError) {
        self.error.get_or_insert(error);
    }

    /// A field that takes its type's default when missing.
    #[inline(never)]
    pub fn or_default<T: Decode + Default>(&mut self, key: &str) -> T {
        match self.present(key).map(T::decode) {
            Some(Ok(value)) => value,
            Some(Err(error)) => {
                self.fail(error.within(key));
                T::default()
            }
            None => T::default(),
        }
    }

    /// A field of a struct without defaults: missing is an error unless it is an `Option`.
    #[inline(never)]
    pub fn required<T: Decode + Default>(&mut self, key: &str) -> T {
        if self.present(key).is_none() {
            if let Some(absent) = T::absent() {
                return absent;
            }
            self.fail(DecodeError::new(format!("missing field `{key}`")));
            return T::default();
        }
        self.or_default(key)
    }

    /// The decoded struct, or the first error.
    pub fn finish<T>(self, decoded: T) -> Result<T, DecodeError> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(decoded),
        }
    }
}

/// serde's wording: `invalid type: string "x", expected i64`.
fn invalid_type(found: &Value, expected: &str) -> DecodeError {
    let found = match found {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".to_string(),
        Value::Object(_) => "map".to_string(),
    };
    DecodeError::new(format!("invalid type: {found}, expected {expected}"))
}

// ---- leaves ---------------------------------------------------------------------------------

impl Encode for String {
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Decode for String {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        value.as_str().map(str::to_string).ok_or_else(|| invalid_type(value, "a string"))
    }
}

impl Encode for bool {
    fn encode(&self) -> Value {
        Value::Bool(*self)
    }
}

impl Decode for bool {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        value.as_bool().ok_or_else(|| invalid_type(value, "a boolean"))
    }
}

impl Encode for i64 {
    fn encode(&self) -> Value {
        Value::Number(Number::from(*self))
    }
}

impl Decode for i64 {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        value.as_i64().ok_or_else(|| invalid_type(value, "i64"))
    }
}

impl Encode for u32 {
    fn encode(&self) -> Value {
        Value::Number(Number::from(*self))
    }
}

impl Decode for u32 {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        value.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| invalid_type(value, "u32"))
    }
}

impl Encode for usize {
    fn encode(&self) -> Value {
        Value::Number(Number::from(*self as u64))
    }
}

impl Decode for usize {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        value.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(|| invalid_type(value, "usize"))
    }
}

/// A pair as a two-element array.
impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self) -> Value {
        Value::Array(vec![self.0.encode(), self.1.encode()])
    }
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((A::decode(a)?, B::decode(b)?)),
            _ => Err(invalid_type(value, "a pair")),
        }
    }
}

impl Encode for u64 {
    fn encode(&self) -> Value {
        Value::Number(Number::from(*self))
    }
}

impl Decode for u64 {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        value.as_u64().ok_or_else(|| invalid_type(value, "u64"))
    }
}

/// Fields the core keeps as written (`Option<Value>` for parts no controller reads).
impl Encode for Value {
    fn encode(&self) -> Value {
        self.clone()
    }
}

impl Decode for Value {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        Ok(value.clone())
    }
}

/// metav1.Time: RFC 3339 with second precision, as the API server writes it.
impl Encode for Time {
    fn encode(&self) -> Value {
        Value::String(self.rfc3339())
    }
}

impl Decode for Time {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        let text = value.as_str().ok_or_else(|| invalid_type(value, "a string"))?;
        Time::from_rfc3339(text)
            .ok_or_else(|| DecodeError::new(format!("parsing time {text:?} as \"2006-01-02T15:04:05Z07:00\": cannot parse")))
    }
}

// ---- containers -----------------------------------------------------------------------------

impl<T: Encode> Encode for Option<T> {
    fn encode(&self) -> Value {
        match self {
            Some(value) => value.encode(),
            None => Value::Null,
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        if value.is_null() {
            return Ok(None);
        }
        T::decode(value).map(Some)
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Encode::encode).collect())
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        let Value::Array(items) = value else {
            return Err(invalid_type(value, "a sequence"));
        };
        let mut decoded = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            decoded.push(T::decode(item).map_err(|e| e.within(&i.to_string()))?);
        }
        Ok(decoded)
    }
}

impl<T: Encode> Encode for BTreeMap<String, T> {
    fn encode(&self) -> Value {
        let mut map = Map::new();
        for (k, v) in self {
            map.insert(k.clone(), v.encode());
        }
        Value::Object(map)
    }
}

impl<T: Decode> Decode for BTreeMap<String, T> {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        let mut decoded = BTreeMap::new();
        for (k, v) in object(value, "a map")? {
            decoded.insert(k.clone(), T::decode(v).map_err(|e| e.within(k))?);
        }
        Ok(decoded)
    }
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self) -> Value {
        (**self).encode()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
    #[json(rename_all = "camelCase", default)]
    struct Sample {
        #[json(skip_serializing_if = "String::is_empty")]
        pod_ip: String,
        #[json(rename = "type")]
        type_: String,
        replicas: Option<i64>,
        labels: BTreeMap<String, String>,
    }

    #[derive(Clone, Debug, PartialEq, Encode, Decode)]
    struct Strict {
        name: String,
        note: Option<String>,
    }

    #[test]
    fn decodes_renamed_defaulted_and_null_fields() {
        let sample: Sample = from_value(&json!({"podIp": "10.0.0.1", "type": "x", "replicas": null})).unwrap();
        assert_eq!(sample, Sample { pod_ip: "10.0.0.1".into(), type_: "x".into(), replicas: None, labels: BTreeMap::new() });
    }

    #[test]
    fn encodes_with_skips_and_nulls_like_serde() {
        let sample = Sample { type_: "x".into(), ..Default::default() };
        assert_eq!(sample.encode(), json!({"type": "x", "replicas": null, "labels": {}}));
    }

    #[test]
    fn missing_and_mistyped_fields_are_errors_with_paths() {
        assert_eq!(from_value::<Strict>(&json!({})).unwrap_err().to_string(), "missing field `name`");
        assert_eq!(from_value::<Strict>(&json!({"name": "a"})).unwrap(), Strict { name: "a".into(), note: None });
        let error = from_value::<Sample>(&json!({"labels": {"app": 3}})).unwrap_err();
        assert_eq!(error.to_string(), "labels.app: invalid type: integer `3`, expected a string");
        let error = from_value::<Vec<Strict>>(&json!([{"name": "a"}, {"name": true}])).unwrap_err();
        assert_eq!(error.to_string(), "1.name: invalid type: boolean `true`, expected a string");
    }

    #[test]
    fn time_round_trips_as_rfc3339() {
        let time = Time(90_000);
        let text = time.encode();
        assert_eq!(Time::decode(&text).unwrap(), time);
        assert!(Time::decode(&json!("yesterday")).unwrap_err().message.starts_with("parsing time \"yesterday\""));
    }
}
