//! Structs through the generated `Encode`/`Decode`, against the crate's real codec (included by
//! path, under the module path the derive names: `crate::sim::objects::codec`).

#[path = "../../../src/sim/objects/codec.rs"]
pub mod codec_source;
#[path = "../../../src/sim/time.rs"]
pub mod time_source;

mod sim {
    pub use crate::time_source as time;
    pub mod objects {
        pub use crate::codec_source as codec;
    }
}

use serde_json::json;
use sim::objects::codec::{from_value, Decode, Encode};
use sim::time::Time;
use std::collections::BTreeMap;

fn is_zero(n: &i64) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
struct PodStatus {
    #[json(skip_serializing_if = "String::is_empty")]
    phase: String,
    #[json(rename = "podIP", skip_serializing_if = "Option::is_none")]
    pod_ip: Option<String>,
    start_time: Option<Time>,
    #[json(skip_serializing_if = "is_zero")]
    restart_count: i64,
    conditions: Vec<Condition>,
    #[json(skip_serializing_if = "BTreeMap::is_empty")]
    labels: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
struct Condition {
    #[json(rename = "type")]
    type_: String,
    status: String,
    last_transition_time: Option<Time>,
}

/// No container default: a missing field is an error unless it is an `Option` or says `default`.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
struct Strict {
    name: String,
    note: Option<String>,
    #[json(default)]
    count: u32,
}

fn main() {
    let status = PodStatus {
        phase: "Running".into(),
        pod_ip: Some("10.244.1.5".into()),
        start_time: Some(Time(3_000)),
        restart_count: 0,
        conditions: vec![Condition { type_: "Ready".into(), status: "True".into(), last_transition_time: None }],
        labels: BTreeMap::new(),
    };
    let encoded = status.encode();
    assert_eq!(
        encoded,
        json!({
            "phase": "Running",
            "podIP": "10.244.1.5",
            "startTime": "2026-01-01T00:00:03Z",
            "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": null}],
        })
    );
    assert_eq!(from_value::<PodStatus>(&encoded).unwrap(), status);

    // Missing and null fields take the defaults; unknown fields are ignored.
    assert_eq!(from_value::<PodStatus>(&json!({"phase": null, "hostIP": "x"})).unwrap(), PodStatus::default());
    assert_eq!(PodStatus::FIELDS, ["phase", "podIP", "startTime", "restartCount", "conditions", "labels"]);

    assert_eq!(from_value::<Strict>(&json!({"name": "a"})).unwrap(), Strict { name: "a".into(), note: None, count: 0 });
    assert_eq!(from_value::<Strict>(&json!({"note": "b"})).unwrap_err().to_string(), "missing field `name`");
    let error = from_value::<PodStatus>(&json!({"conditions": [{"type": 7}]})).unwrap_err();
    assert_eq!(error.to_string(), "conditions.0.type: invalid type: integer `7`, expected a string");
    assert_eq!(Strict::FIELDS, ["name", "note", "count"]);
    let strict = Strict { name: "a".into(), note: None, count: 2 };
    assert_eq!(Strict::decode(&strict.encode()).unwrap(), strict);
}
