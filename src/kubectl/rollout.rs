//! `kubectl rollout status|history|undo|restart`, `kubectl set image` and `kubectl scale`, for
//! DaemonSets and StatefulSets.

use super::flags::{self, boolean, value};
use super::{CommandError, CommandResult, Session, DEFAULT_SETTLE_TIMEOUT_MS};
use crate::sim::objects::apps::ControllerRevision;
use crate::sim::objects::kinds::KindInfo;
use crate::sim::objects::storage::StatefulSet;
use crate::sim::objects::{DaemonSet, Object};
use crate::sim::store::ObjectKey;
use crate::sim::time::parse_duration;
use std::sync::Arc;

pub const CHANGE_CAUSE_ANNOTATION: &str = "kubernetes.io/change-cause";

fn one_target(session: &Session, parsed: &flags::Parsed, verb: &str) -> Result<(KindInfo, Arc<Object>), CommandError> {
    let namespace = Session::namespace(parsed);
    let targets = session.resource_args(&parsed.args).map_err(|_| {
        CommandError::new(format!("error: required resource not specified\nSee 'kubectl rollout {verb} -h' for help and examples"))
    })?;
    let Some((kind, name)) = targets.into_iter().next() else {
        return Err(CommandError::new(format!(
            "error: required resource not specified\nSee 'kubectl rollout {verb} -h' for help and examples"
        )));
    };
    if !matches!(kind.kind.as_str(), "DaemonSet" | "Deployment" | "StatefulSet") {
        return Err(CommandError::plain(format!(
            "no {} has been implemented for {{\"{}\" \"{}\"}}",
            history_noun(verb),
            kind.group,
            kind.kind
        )));
    }
    let object = session.get_object(&kind, &namespace, &name)?;
    Ok((kind, object))
}

fn history_noun(verb: &str) -> &'static str {
    match verb {
        "status" => "status viewer",
        "undo" => "rollbacker",
        _ => "history viewer",
    }
}

pub fn rollout(session: &mut Session, args: &[String]) -> CommandResult {
    let Some(sub) = args.first() else {
        return Err(CommandError::new("error: Required subcommand: one of history, pause, restart, resume, status, undo\nSee 'kubectl rollout -h' for help and examples"));
    };
    let specs = [value("to-revision", None), value("revision", None), value("timeout", None), boolean("watch", Some('w'))];
    let parsed = flags::parse(&args[1..], &specs)
        .map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl rollout {sub} --help' for usage.")))?;
    match sub.as_str() {
        "status" => status(session, &parsed),
        "history" => history(session, &parsed),
        "undo" => undo(session, &parsed),
        "restart" => restart(session, &parsed),
        other => Err(CommandError::new(format!("error: unknown command \"{other}\" for \"kubectl rollout\""))),
    }
}

/// kubectl's DaemonSetStatusViewer.
fn daemonset_status(ds: &DaemonSet) -> Result<(String, bool), String> {
    if ds.is_on_delete() {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let status = ds.status.clone().unwrap_or_default();
    if ds.metadata.generation.unwrap_or(0) <= status.observed_generation.unwrap_or(0) {
        let name = &ds.metadata.name;
        if status.updated_number_scheduled < status.desired_number_scheduled {
            return Ok((
                format!(
                    "Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...",
                    status.updated_number_scheduled, status.desired_number_scheduled
                ),
                false,
            ));
        }
        if status.number_available < status.desired_number_scheduled {
            return Ok((
                format!(
                    "Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...",
                    status.number_available, status.desired_number_scheduled
                ),
                false,
            ));
        }
        return Ok((format!("daemon set \"{name}\" successfully rolled out"), true));
    }
    Ok(("Waiting for daemon set spec update to be observed...".into(), false))
}

/// kubectl's StatefulSetStatusViewer (with the API defaults, `rollingUpdate.partition` is set,
/// so a RollingUpdate set reports "partitioned roll out").
fn statefulset_status(object: &Object) -> Result<(String, bool), String> {
    let sts: &StatefulSet = object.as_statefulset().ok_or("unable to read the StatefulSet")?;
    if sts.is_on_delete() {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    let status = sts.status.clone().unwrap_or_default();
    let observed = status.observed_generation.unwrap_or(0);
    if observed == 0 || sts.metadata.generation.unwrap_or(0) > observed {
        return Ok(("Waiting for statefulset spec update to be observed...".into(), false));
    }
    let replicas = sts.replicas();
    if status.ready_replicas < replicas {
        return Ok((format!("Waiting for {} pods to be ready...", replicas - status.ready_replicas), false));
    }
    let rolling = sts.spec.update_strategy.as_ref().and_then(|s| s.rolling_update.as_ref());
    if let Some(rolling) = rolling {
        if let Some(partition) = rolling.partition {
            if status.updated_replicas < replicas - partition {
                return Ok((
                    format!(
                        "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...",
                        status.updated_replicas,
                        replicas - partition
                    ),
                    false,
                ));
            }
        }
        return Ok((format!("partitioned roll out complete: {} new pods have been updated...", status.updated_replicas), true));
    }
    if status.update_revision != status.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...",
                status.updated_replicas, status.update_revision
            ),
            false,
        ));
    }
    Ok((format!("statefulset rolling update complete {} pods at revision {}...", status.current_replicas, status.current_revision), true))
}

fn status(session: &mut Session, parsed: &flags::Parsed) -> CommandResult {
    let (kind, object) = one_target(session, parsed, "status")?;
    let key = ObjectKey::of(&object);
    let timeout = parsed.get("timeout").and_then(parse_duration).filter(|t| *t > 0).unwrap_or(DEFAULT_SETTLE_TIMEOUT_MS);
    let watch = parsed.get("watch").is_none_or(|w| w != "false");
    let view = |object: &Object| -> Result<(String, bool), String> {
        match object {
            Object::DaemonSet(ds) => daemonset_status(ds),
            Object::StatefulSet(_) => statefulset_status(object),
            _ => Err(format!("no status viewer has been implemented for {}", kind.kind)),
        }
    };
    let (message, mut done) = view(&object).map_err(CommandError::plain)?;
    session.print(&message);
    let mut last_version = object.meta().resource_version.clone();
    if !watch || done {
        return Ok(());
    }
    let deadline = session.cluster.now + timeout;
    while !done {
        let progressed = session.advance_until(deadline - session.cluster.now, |cluster| {
            cluster.store.get(&key).is_none_or(|o| o.meta().resource_version != last_version)
        });
        let Some(current) = session.cluster.store.get(&key).cloned() else {
            return Err(CommandError::plain("object has been deleted".to_string()));
        };
        if !progressed {
            return Err(CommandError::plain("timed out waiting for the condition"));
        }
        last_version = current.meta().resource_version.clone();
        let (message, finished) = view(&current).map_err(CommandError::plain)?;
        session.print(&message);
        done = finished;
    }
    Ok(())
}

fn owned_revisions(session: &Session, object: &Object) -> Vec<ControllerRevision> {
    let mut revisions: Vec<ControllerRevision> = session
        .cluster
        .store
        .list_in("ControllerRevision", object.namespace())
        .filter_map(|o| match &**o {
            Object::ControllerRevision(r) if r.metadata.controller_ref().is_some_and(|c| c.uid == object.meta().uid) => Some(r.clone()),
            _ => None,
        })
        .collect();
    crate::sort::sort_by_key(&mut revisions, |r| r.revision);
    revisions
}

fn history(session: &mut Session, parsed: &flags::Parsed) -> CommandResult {
    let (kind, object) = one_target(session, parsed, "history")?;
    let revisions = owned_revisions(session, &object);
    let header = format!("{}/{}", kind.group_kind_lower(), object.name());
    if let Some(wanted) = parsed.get("revision").and_then(|r| r.parse::<i64>().ok()).filter(|r| *r > 0) {
        let Some(revision) = revisions.iter().find(|r| r.revision == wanted) else {
            return Err(CommandError::plain("unable to find the specified revision".to_string()));
        };
        let template = revision.data.as_ref().and_then(|d| d.pointer("/spec/template")).cloned().unwrap_or_default();
        let text = crate::kubectl::describe_template(&template);
        session.print(&format!("{header} with revision #{wanted}\n{text}"));
        return Ok(());
    }
    let mut table = String::from("REVISION  CHANGE-CAUSE\n");
    for revision in &revisions {
        let cause = revision.metadata.annotations.get(CHANGE_CAUSE_ANNOTATION).cloned().unwrap_or_else(|| "<none>".into());
        table.push_str(&format!("{:<10}{cause}\n", revision.revision));
    }
    session.print(&format!("{header} \n{table}"));
    Ok(())
}

fn undo(session: &mut Session, parsed: &flags::Parsed) -> CommandResult {
    let (kind, object) = one_target(session, parsed, "undo")?;
    if kind.kind == "StatefulSet" {
        return undo_statefulset(session, parsed, &kind, &object);
    }
    let Object::DaemonSet(ds) = &*object else {
        return Err(CommandError::plain(format!("no rollbacker has been implemented for {{\"{}\" \"{}\"}}", kind.group, kind.kind)));
    };
    let revisions = owned_revisions(session, &object);
    let to_revision = parsed.get("to-revision").and_then(|r| r.parse::<i64>().ok()).unwrap_or(0);
    let target = if to_revision > 0 {
        revisions
            .iter()
            .find(|r| r.revision == to_revision)
            .ok_or_else(|| CommandError::plain(format!("unable to find specified revision {to_revision} in history")))?
    } else {
        // The previous revision: the second highest.
        if revisions.len() < 2 {
            return Err(CommandError::plain(format!("no rollout history found for daemonset \"{}\"", ds.metadata.name)));
        }
        &revisions[revisions.len() - 2]
    };
    let template = target.data.as_ref().and_then(|d| d.pointer("/spec/template")).cloned().unwrap_or_default();
    let mut template = template;
    if let Some(map) = template.as_object_mut() {
        map.remove("$patch");
    }
    let template: crate::sim::objects::pod::PodTemplateSpec =
        crate::sim::objects::codec::from_value(&template).map_err(CommandError::plain)?;
    let name = format!("{}/{}", kind.group_kind_lower(), ds.metadata.name);
    if template == ds.spec.template {
        session.print(&format!("{name} skipped rollback (current template already matches revision {})", target.revision));
        return Ok(());
    }
    let mut updated = ds.clone();
    updated.spec.template = template;
    session.cluster.update_admitted(Object::DaemonSet(updated)).map_err(|e| CommandError::api(&e))?;
    session.print(&format!("{name} rolled back"));
    Ok(())
}

/// kubectl's StatefulSetRollbacker: the chosen revision's template replaces the set's.
fn undo_statefulset(session: &mut Session, parsed: &flags::Parsed, kind: &KindInfo, object: &Object) -> CommandResult {
    let revisions = owned_revisions(session, object);
    let to_revision = parsed.get("to-revision").and_then(|r| r.parse::<i64>().ok()).unwrap_or(0);
    let target = if to_revision > 0 {
        revisions
            .iter()
            .find(|r| r.revision == to_revision)
            .ok_or_else(|| CommandError::plain(format!("unable to find specified revision {to_revision} in history")))?
    } else {
        if revisions.len() < 2 {
            return Err(CommandError::plain("no last revision to roll back to"));
        }
        &revisions[revisions.len() - 2]
    };
    let mut template = target.data.as_ref().and_then(|d| d.pointer("/spec/template")).cloned().unwrap_or_default();
    if let Some(map) = template.as_object_mut() {
        map.remove("$patch");
    }
    let name = format!("{}/{}", kind.group_kind_lower(), object.name());
    let current = object.to_json().pointer("/spec/template").cloned().unwrap_or_default();
    if current == template {
        session.print(&format!("{name} skipped rollback (current template already matches revision {})", target.revision));
        return Ok(());
    }
    let updated = edited(object, |map| {
        body_path(map, &["spec"]).insert("template".into(), template);
    })?;
    session.cluster.update_admitted(updated).map_err(|e| CommandError::api(&e))?;
    session.print(&format!("{name} rolled back"));
    Ok(())
}

/// Applies `change` to a StatefulSet's pod template JSON and writes it back; false if unchanged.
fn edit_statefulset_template(
    session: &mut Session,
    object: &Object,
    change: impl FnOnce(&mut serde_json::Value) -> Result<(), CommandError>,
) -> Result<bool, CommandError> {
    let mut failed = Ok(());
    let updated = edited(object, |map| {
        let template = body_path(map, &["spec"]).entry("template").or_insert_with(|| serde_json::json!({}));
        failed = change(template);
    })?;
    failed?;
    if updated == *object {
        return Ok(false);
    }
    session.cluster.update_admitted(updated).map_err(|e| CommandError::api(&e))?;
    Ok(true)
}

/// `object` with `change` made to its JSON (as the API serves it), rebuilt as its kind.
fn edited(object: &Object, change: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) -> Result<Object, CommandError> {
    let serde_json::Value::Object(mut map) = object.to_json() else { return Err(CommandError::plain("unable to read the object")) };
    change(&mut map);
    map.remove("apiVersion");
    map.remove("kind");
    Object::from_parts(object.api_version(), object.kind(), map).map_err(|e| CommandError::plain(e.to_string()))
}

/// The object at `path` inside a JSON map, created when absent.
fn body_path<'a>(
    body: &'a mut serde_json::Map<String, serde_json::Value>,
    path: &[&str],
) -> &'a mut serde_json::Map<String, serde_json::Value> {
    let mut current = body;
    for key in path {
        let slot = current.entry(key.to_string()).or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if !slot.is_object() {
            *slot = serde_json::Value::Object(serde_json::Map::new());
        }
        current = slot.as_object_mut().expect("just made an object");
    }
    current
}

/// `kubectl scale TYPE/NAME --replicas=N` for StatefulSets (and other kinds with spec.replicas).
pub fn scale(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [
        value("replicas", None),
        value("current-replicas", None),
        value("timeout", None),
        value("selector", Some('l')),
        boolean("all", None),
    ];
    let parsed =
        flags::parse(args, &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl scale -h' for help and examples")))?;
    let namespace = Session::namespace(&parsed);
    let Some(text) = parsed.get("replicas") else {
        return Err(CommandError::new("error: required flag(s) \"replicas\" not set"));
    };
    let replicas: i64 = text.parse().map_err(|_| {
        CommandError::new(format!(
            "error: invalid argument \"{text}\" for \"--replicas\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax"
        ))
    })?;
    if replicas < 0 {
        return Err(CommandError::plain("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0"));
    }
    let targets = session.resource_args(&parsed.args)?;
    if targets.is_empty() {
        return Err(CommandError::new("error: resource(s) were provided, but no name was specified"));
    }
    for (kind, name) in targets {
        if !matches!(kind.kind.as_str(), "StatefulSet" | "Deployment" | "ReplicaSet") {
            return Err(CommandError::plain(format!("no scaler has been implemented for {{\"{}\" \"{}\"}}", kind.group, kind.kind)));
        }
        let object = session.get_object(&kind, &namespace, &name)?;
        if let Some(current) = parsed.get("current-replicas").and_then(|c| c.parse::<i64>().ok()) {
            let actual = object.to_json().pointer("/spec/replicas").and_then(|r| r.as_i64()).unwrap_or(1);
            if actual != current {
                return Err(CommandError::plain(format!("Expected replicas to be {current}, was {actual}")));
            }
        }
        let updated = edited(&object, |map| {
            body_path(map, &["spec"]).insert("replicas".into(), replicas.into());
        })?;
        session.cluster.update_admitted(updated).map_err(|e| CommandError::api(&e))?;
        session.print(&format!("{}/{name} scaled", kind.group_kind_lower()));
    }
    Ok(())
}

fn restart(session: &mut Session, parsed: &flags::Parsed) -> CommandResult {
    let (kind, object) = one_target(session, parsed, "restart")?;
    if kind.kind == "StatefulSet" {
        let stamp = crate::sim::time::Time(session.cluster.now).rfc3339();
        edit_statefulset_template(session, &object, |template| {
            let metadata = template.as_object_mut().map(|m| body_path(m, &["metadata", "annotations"]));
            if let Some(annotations) = metadata {
                annotations.insert("kubectl.kubernetes.io/restartedAt".into(), stamp.into());
            }
            Ok(())
        })?;
        session.print(&format!("{}/{} restarted", kind.group_kind_lower(), object.name()));
        return Ok(());
    }
    let Object::DaemonSet(ds) = &*object else {
        return Err(CommandError::plain(format!("restarting is not supported for {}", kind.kind)));
    };
    let mut updated = ds.clone();
    let stamp = crate::sim::time::Time(session.cluster.now).rfc3339();
    updated.spec.template.metadata.annotations.insert("kubectl.kubernetes.io/restartedAt".into(), stamp);
    session.cluster.update_admitted(Object::DaemonSet(updated)).map_err(|e| CommandError::api(&e))?;
    session.print(&format!("{}/{} restarted", kind.group_kind_lower(), ds.metadata.name));
    Ok(())
}

/// `kubectl set image TYPE/NAME CONTAINER=IMAGE...`.
pub fn set(session: &mut Session, args: &[String]) -> CommandResult {
    let Some(sub) = args.first() else {
        return Err(CommandError::new("error: Required subcommand: one of env, image, resources, selector, serviceaccount, subject\nSee 'kubectl set -h' for help and examples"));
    };
    if sub != "image" {
        return Err(CommandError::new(format!("error: unknown command \"{sub}\" for \"kubectl set\"")));
    }
    let parsed = flags::parse(&args[1..], &[boolean("all", None), value("selector", Some('l'))])
        .map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl set image --help' for usage.")))?;
    let namespace = Session::namespace(&parsed);
    let (resources, images): (Vec<String>, Vec<String>) = parsed.args.iter().cloned().partition(|w| !w.contains('='));
    if images.is_empty() {
        return Err(CommandError::plain("at least one image update is required"));
    }
    for (kind, name) in session.resource_args(&resources)? {
        let object = session.get_object(&kind, &namespace, &name)?;
        if kind.kind == "StatefulSet" {
            let changed = edit_statefulset_template(session, &object, |template| {
                let containers = template.pointer_mut("/spec/containers").and_then(|c| c.as_array_mut());
                let Some(containers) = containers else { return Err(CommandError::plain("unable to find container named")) };
                for pair in &images {
                    let (container, image) = pair.split_once('=').expect("partitioned on '='");
                    let mut matched = false;
                    for c in containers.iter_mut() {
                        if container == "*" || c.get("name").and_then(|n| n.as_str()) == Some(container) {
                            c["image"] = image.into();
                            matched = true;
                        }
                    }
                    if !matched {
                        return Err(CommandError::plain(format!("unable to find container named \"{container}\"")));
                    }
                }
                Ok(())
            })?;
            if changed {
                session.print(&format!("{}/{name} image updated", kind.group_kind_lower()));
            }
            continue;
        }
        let Object::DaemonSet(ds) = &*object else {
            return Err(CommandError::plain(format!("{}/{name} has no containers to update", kind.group_kind_lower())));
        };
        let mut updated = ds.clone();
        for pair in &images {
            let (container, image) = pair.split_once('=').expect("partitioned on '='");
            let containers = &mut updated.spec.template.spec.containers;
            let matched: Vec<_> = containers.iter_mut().filter(|c| container == "*" || c.name == container).collect();
            if matched.is_empty() {
                return Err(CommandError::plain(format!("unable to find container named \"{container}\"")));
            }
            for c in matched {
                c.image = image.to_string();
            }
        }
        let label = format!("{}/{name}", kind.group_kind_lower());
        if updated == *ds {
            continue;
        }
        session.cluster.update_admitted(Object::DaemonSet(updated)).map_err(|e| CommandError::api(&e))?;
        session.print(&format!("{label} image updated"));
    }
    Ok(())
}
