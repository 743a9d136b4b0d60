//! k8s-openapi as a test oracle: every object the simulation produces must deserialize as the
//! real Kubernetes type, and survive a round trip through it unchanged — so the core emits no
//! field, and no field shape, that a v1.34 API server would not.

use kubarium::kubectl::Session;
use kubarium::sim::cluster::{Config, Profile};
use serde_json::Value;

fn scenario(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios").join(name);
    std::fs::read_to_string(path).expect("scenario script")
}

/// Deserializes `value` as `T` and serializes it back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> Result<Value, String> {
    let typed: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}

fn check(value: &Value) -> Result<Value, String> {
    use k8s_openapi::api::{apps::v1 as apps, core::v1 as core, storage::v1 as storage};
    let kind = value.get("kind").and_then(Value::as_str).unwrap_or("");
    match kind {
        "Pod" => round_trip::<core::Pod>(value),
        "Node" => round_trip::<core::Node>(value),
        "Namespace" => round_trip::<core::Namespace>(value),
        "Service" => round_trip::<core::Service>(value),
        "Event" => round_trip::<core::Event>(value),
        "Endpoints" => round_trip::<core::Endpoints>(value),
        "PersistentVolume" => round_trip::<core::PersistentVolume>(value),
        "PersistentVolumeClaim" => round_trip::<core::PersistentVolumeClaim>(value),
        "DaemonSet" => round_trip::<apps::DaemonSet>(value),
        "StatefulSet" => round_trip::<apps::StatefulSet>(value),
        "ControllerRevision" => round_trip::<apps::ControllerRevision>(value),
        "StorageClass" => round_trip::<storage::StorageClass>(value),
        _ => Ok(value.clone()),
    }
}

/// Drops what a round trip may legitimately normalise: nulls and empty maps or lists.
fn normalise(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), normalise(v)))
                .filter(|(_, v)| {
                    !(v.is_null() || v.as_object().is_some_and(|m| m.is_empty()) || v.as_array().is_some_and(|a| a.is_empty()))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        other => other.clone(),
    }
}

/// The first path where two JSON values differ.
fn difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let child = format!("{path}.{key}");
                match (x.get(key), y.get(key)) {
                    (Some(l), Some(r)) => {
                        if let Some(d) = difference(l, r, &child) {
                            return Some(d);
                        }
                    }
                    (Some(_), None) => return Some(format!("{child} is not a field of the Kubernetes type")),
                    (None, Some(_)) => return Some(format!("{child} appeared in the round trip")),
                    (None, None) => {}
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (l, r))| difference(l, r, &format!("{path}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {a} became {b}")),
    }
}

fn assert_every_object_is_real_kubernetes(session: &Session) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for object in session.cluster.store.iter() {
        let value = object.to_json();
        match check(&value) {
            Ok(back) => {
                if let Some(d) = difference(&normalise(&value), &normalise(&back), object.kind()) {
                    failures.push(format!("{}/{}: {d}", object.kind(), object.name()));
                }
            }
            Err(e) => failures.push(format!("{}/{}: does not deserialize: {e}", object.kind(), object.name())),
        }
        checked += 1;
    }
    assert!(checked > 10, "checked only {checked} objects");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn objects_of_the_daemonset_scenarios_are_real_kubernetes_objects() {
    for script in ["ds_tutorial.kube", "ds_node_failure.kube", "ds_updates.kube", "pod_faults.kube", "ds_placement.kube"] {
        let mut session = Session::new(Config { seed: 3, ..Config::default() });
        session.run_script(&scenario(script));
        assert_every_object_is_real_kubernetes(&session);
    }
}

#[test]
fn the_kind_profile_cluster_is_real_kubernetes_objects() {
    let mut session = Session::new(Config { profile: Profile::Kind, ..Config::default() });
    session.run_script(&scenario("ds_tutorial.kube"));
    assert_every_object_is_real_kubernetes(&session);
}

#[test]
fn the_oracle_catches_a_field_kubernetes_does_not_have() {
    let good = serde_json::json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "c", "image": "nginx"}]}});
    let back = check(&good).unwrap();
    assert_eq!(difference(&normalise(&good), &normalise(&back), "Pod"), None);
    let mut bad = good.clone();
    bad["spec"]["containers"][0]["imagee"] = "nginx".into();
    let back = check(&bad).unwrap();
    assert_eq!(
        difference(&normalise(&bad), &normalise(&back), "Pod").as_deref(),
        Some("Pod.spec.containers[0].imagee is not a field of the Kubernetes type")
    );
    let mut wrong_type = good;
    wrong_type["spec"]["containers"][0]["ports"] = serde_json::json!([{"containerPort": "eighty"}]);
    assert!(check(&wrong_type).is_err());
}
