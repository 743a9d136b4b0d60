//! JSON ⇄ typed objects, for the kinds the controllers read.
//!
//! The typed objects derive serde's `Serialize`/`Deserialize`; [`Encode`] and [`Decode`] are the
//! names the rest of the crate calls them by, implemented for every serde type over
//! `serde_json::Value` trees. Semantics:
//! - decoding: a missing field is an error unless the field has a default or is an `Option`;
//!   a value of the wrong JSON type is an error (serde's wording);
//! - encoding: every field is written unless its `skip_serializing_if` says otherwise, and
//!   `None` is `null`. Maps are `BTreeMap`s, so keys come out sorted as the API server's do.
//!
//! A few types are coded by hand over JSON trees ([`ByHand`]) and given serde impls through
//! [`serde_by_hand!`](crate::serde_by_hand).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;
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

impl<T: Serialize + ?Sized> Encode for T {
    fn encode(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

pub trait Decode: Sized {
    fn decode(value: &Value) -> Result<Self, DecodeError>;
}

impl<T: DeserializeOwned> Decode for T {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        T::deserialize(value).map_err(|error| DecodeError::new(error.to_string()))
    }
}

/// Decodes `T` from a JSON tree.
pub fn from_value<T: Decode>(value: &Value) -> Result<T, DecodeError> {
    T::decode(value)
}

/// A type coded by hand over JSON trees; [`serde_by_hand!`](crate::serde_by_hand) gives it serde impls.
pub trait ByHand: Sized {
    fn to_tree(&self) -> Value;
    fn from_tree(value: &Value) -> Result<Self, DecodeError>;
}

/// `Serialize`/`Deserialize` for a [`ByHand`] type, through a `serde_json::Value`.
#[macro_export]
macro_rules! serde_by_hand {
    ($type:ty) => {
        impl ::serde::Serialize for $type {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&$crate::sim::objects::codec::ByHand::to_tree(self), serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $type {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let tree = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                $crate::sim::objects::codec::ByHand::from_tree(&tree).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}

// ---- helpers for the hand-coded types ---------------------------------------------------------

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

    /// A field that takes its type's default when missing or null.
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

    /// A field that must be there (an `Option` field takes [`Fields::or_default`]).
    pub fn required<T: Decode + Default>(&mut self, key: &str) -> T {
        if self.present(key).is_none() {
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

/// The JSON keys a serde struct reads (for the test that checks them against the API's Go
/// types): serde hands them to `deserialize_struct`, which this deserializer records and refuses.
#[cfg(test)]
pub fn fields<T: DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::{self, Visitor};
    use std::cell::Cell;

    struct Probe<'a>(&'a Cell<&'static [&'static str]>);

    impl<'de> de::Deserializer<'de> for Probe<'_> {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(de::Error::custom("probed"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    let seen = Cell::new(&[][..]);
    let _ = T::deserialize(Probe(&seen));
    seen.get()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::time::Time;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    struct Sample {
        #[serde(skip_serializing_if = "String::is_empty")]
        pod_ip: String,
        #[serde(rename = "type")]
        type_: String,
        replicas: Option<i64>,
        labels: BTreeMap<String, String>,
    }

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    fn missing_and_mistyped_fields_are_errors() {
        assert_eq!(from_value::<Strict>(&json!({})).unwrap_err().to_string(), "missing field `name`");
        assert_eq!(from_value::<Strict>(&json!({"name": "a"})).unwrap(), Strict { name: "a".into(), note: None });
        let error = from_value::<Sample>(&json!({"labels": {"app": 3}})).unwrap_err();
        assert_eq!(error.to_string(), "invalid type: integer `3`, expected a string");
        let error = from_value::<Vec<Strict>>(&json!([{"name": "a"}, {"name": true}])).unwrap_err();
        assert_eq!(error.to_string(), "invalid type: boolean `true`, expected a string");
    }

    #[test]
    fn time_round_trips_as_rfc3339() {
        let time = Time(90_000);
        let text = time.encode();
        assert_eq!(Time::decode(&text).unwrap(), time);
        assert!(Time::decode(&json!("yesterday")).unwrap_err().message.starts_with("parsing time \"yesterday\""));
    }
}
