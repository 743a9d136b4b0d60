//! `kubectl wait --for=condition=C[=V] | --for=delete | --for=jsonpath='{…}'=V` on named
//! objects or a label selector, advancing simulated time until each holds or `--timeout`
//! (default 30s) passes.

use super::flags::{self, boolean, value};
use super::selector::Selector;
use super::{CommandError, CommandResult, Session};
use crate::sim::cluster::Cluster;
use crate::sim::objects::kinds::KindInfo;
use crate::sim::store::ObjectKey;
use crate::sim::time::{parse_duration, SECOND};
use serde_json::Value;

#[derive(Clone, Debug)]
enum Condition {
    Delete,
    Status { name: String, value: String },
    JsonPath { path: Vec<String>, value: Option<String> },
    Create,
}

fn parse_for(text: &str) -> Result<Condition, CommandError> {
    if text == "delete" {
        return Ok(Condition::Delete);
    }
    if text == "create" {
        return Ok(Condition::Create);
    }
    if let Some(rest) = text.strip_prefix("condition=") {
        let (name, value) = rest.split_once('=').unwrap_or((rest, "true"));
        return Ok(Condition::Status { name: name.to_string(), value: value.to_string() });
    }
    if let Some(rest) = text.strip_prefix("jsonpath=") {
        let (expression, value) = match rest.rfind('}') {
            Some(end) => (&rest[..=end], rest[end + 1..].strip_prefix('=').map(str::to_string)),
            None => return Err(CommandError::plain(format!("unrecognized condition: \"{text}\""))),
        };
        let inner = expression.trim_start_matches('{').trim_end_matches('}').trim_start_matches('.');
        let mut path = Vec::new();
        for part in inner.split('.') {
            match part.split_once('[') {
                Some((name, index)) => {
                    if !name.is_empty() {
                        path.push(name.to_string());
                    }
                    path.push(index.trim_end_matches(']').to_string());
                }
                None => path.push(part.to_string()),
            }
        }
        return Ok(Condition::JsonPath { path, value });
    }
    Err(CommandError::plain(format!("unrecognized condition: \"{text}\"")))
}

fn holds(cluster: &Cluster, key: &ObjectKey, uid: Option<&str>, condition: &Condition) -> bool {
    let object = cluster.store.get(key);
    match condition {
        Condition::Delete => object.is_none_or(|o| uid.is_some_and(|u| o.meta().uid != u)),
        Condition::Create => object.is_some(),
        Condition::Status { name, value } => object.is_some_and(|o| {
            let json = o.to_json();
            json.pointer("/status/conditions").and_then(Value::as_array).is_some_and(|conditions| {
                conditions.iter().any(|c| {
                    c.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case(name))
                        && c.get("status").and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case(value))
                })
            })
        }),
        Condition::JsonPath { path, value } => object.is_some_and(|o| {
            let mut current = o.to_json();
            for part in path {
                current = match &current {
                    Value::Object(map) => map.get(part).cloned().unwrap_or(Value::Null),
                    Value::Array(items) => part.parse::<usize>().ok().and_then(|i| items.get(i).cloned()).unwrap_or(Value::Null),
                    _ => Value::Null,
                };
            }
            match (value, &current) {
                (_, Value::Null) => false,
                (None, _) => true,
                (Some(wanted), Value::String(s)) => s == wanted,
                (Some(wanted), other) => crate::sim::gojson::parse(wanted).is_some_and(|parsed| parsed == *other),
            }
        }),
    }
}

pub fn run(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [
        value("for", None),
        value("timeout", None),
        value("selector", Some('l')),
        boolean("all", None),
        boolean("all-namespaces", Some('A')),
        value("filename", Some('f')),
        value("output", Some('o')),
        value("field-selector", None),
    ];
    let parsed = flags::parse(args, &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl wait --help' for usage.")))?;
    let namespace = Session::namespace(&parsed);
    let Some(for_text) = parsed.get("for") else {
        return Err(CommandError::plain("--for must be specified"));
    };
    let condition = parse_for(for_text)?;
    let timeout = match parsed.get("timeout") {
        Some(text) => parse_duration(text).ok_or_else(|| {
            CommandError::plain(format!("invalid argument \"{text}\" for \"--timeout\" flag: time: invalid duration \"{text}\""))
        })?,
        None => 30 * SECOND,
    };
    let mut targets: Vec<(KindInfo, String)> = Vec::new();
    if parsed.has("filename") {
        targets = session.manifest_targets(&parsed)?;
    } else if parsed.has("selector") || parsed.bool("all") {
        let resource = parsed.args.first().ok_or_else(|| CommandError::plain("resource(s) were provided, but no name was specified"))?;
        let kind = session.resolve_kind(resource)?;
        let selector = Selector::parse(parsed.get("selector").unwrap_or("")).map_err(CommandError::plain)?;
        let scope = if kind.namespaced { namespace.as_str() } else { "" };
        for object in session.cluster.store.list_in(&kind.kind, scope) {
            if selector.matches(&object.meta().labels) {
                targets.push((kind.clone(), object.name().to_string()));
            }
        }
        if targets.is_empty() {
            return Err(CommandError::plain("no matching resources found"));
        }
    } else {
        if parsed.args.is_empty() {
            return Err(CommandError::plain("resource(s) were provided, but no name was specified"));
        }
        targets = session.resource_args(&parsed.args)?;
    }
    let deadline = session.cluster.now + timeout;
    for (kind, name) in targets {
        let scope = if kind.namespaced { namespace.clone() } else { String::new() };
        let key = ObjectKey::new(&kind.kind, &scope, &name);
        let uid = session.cluster.store.get(&key).map(|o| o.meta().uid.clone());
        if uid.is_none() && !matches!(condition, Condition::Delete | Condition::Create) {
            return Err(CommandError::api(&crate::sim::store::ApiError::NotFound { resource: kind.group_resource(), name: name.clone() }));
        }
        if uid.is_none() && matches!(condition, Condition::Delete) {
            continue;
        }
        let remaining = (deadline - session.cluster.now).max(0);
        let condition_ref = &condition;
        let met = session.advance_until(remaining, |cluster| holds(cluster, &key, uid.as_deref(), condition_ref));
        if !met {
            return Err(CommandError::plain(format!("timed out waiting for the condition on {}/{name}", kind.group_resource())));
        }
        session.print(&format!("{}/{name} condition met", kind.group_kind_lower()));
    }
    Ok(())
}
