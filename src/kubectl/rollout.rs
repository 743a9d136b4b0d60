//! `kubectl rollout status|history|undo|restart` and `kubectl set image`, for DaemonSets.

use super::flags::{self, boolean, value};
use super::{CommandError, CommandResult, Session, DEFAULT_SETTLE_TIMEOUT_MS};
use crate::sim::objects::apps::ControllerRevision;
use crate::sim::objects::kinds::KindInfo;
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
        return Err(CommandError::new(format!("error: required resource not specified\nSee 'kubectl rollout {verb} -h' for help and examples")));
    };
    if !matches!(kind.kind.as_str(), "DaemonSet" | "Deployment" | "StatefulSet") {
        return Err(CommandError::plain(format!("no {} has been implemented for {{\"{}\" \"{}\"}}", history_noun(verb), kind.group, kind.kind)));
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
    let parsed = flags::parse(&args[1..], &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl rollout {sub} --help' for usage.")))?;
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
            return Ok((format!("Waiting for daemon set \"{name}\" rollout to finish: {} out of {} new pods have been updated...", status.updated_number_scheduled, status.desired_number_scheduled), false));
        }
        if status.number_available < status.desired_number_scheduled {
            return Ok((format!("Waiting for daemon set \"{name}\" rollout to finish: {} of {} updated pods are available...", status.number_available, status.desired_number_scheduled), false));
        }
        return Ok((format!("daemon set \"{name}\" successfully rolled out"), true));
    }
    Ok(("Waiting for daemon set spec update to be observed...".into(), false))
}

fn status(session: &mut Session, parsed: &flags::Parsed) -> CommandResult {
    let (kind, object) = one_target(session, parsed, "status")?;
    let key = ObjectKey::of(&object);
    let timeout = parsed.get("timeout").and_then(parse_duration).filter(|t| *t > 0).unwrap_or(DEFAULT_SETTLE_TIMEOUT_MS);
    let watch = parsed.get("watch").is_none_or(|w| w != "false");
    let view = |object: &Object| -> Result<(String, bool), String> {
        match object {
            Object::DaemonSet(ds) => daemonset_status(ds),
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
            return Err(CommandError::plain(format!("object has been deleted")));
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
    revisions.sort_by_key(|r| r.revision);
    revisions
}

fn history(session: &mut Session, parsed: &flags::Parsed) -> CommandResult {
    let (kind, object) = one_target(session, parsed, "history")?;
    let revisions = owned_revisions(session, &object);
    let header = format!("{}/{}", kind.group_kind_lower(), object.name());
    if let Some(wanted) = parsed.get("revision").and_then(|r| r.parse::<i64>().ok()).filter(|r| *r > 0) {
        let Some(revision) = revisions.iter().find(|r| r.revision == wanted) else {
            return Err(CommandError::plain(format!("unable to find the specified revision")));
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
    let Object::DaemonSet(ds) = &*object else {
        return Err(CommandError::plain(format!("no rollbacker has been implemented for {{\"{}\" \"{}\"}}", kind.group, kind.kind)));
    };
    let revisions = owned_revisions(session, &object);
    let to_revision = parsed.get("to-revision").and_then(|r| r.parse::<i64>().ok()).unwrap_or(0);
    let target = if to_revision > 0 {
        revisions.iter().find(|r| r.revision == to_revision).ok_or_else(|| CommandError::plain(format!("unable to find specified revision {to_revision} in history")))?
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
    let template: crate::sim::objects::pod::PodTemplateSpec = serde_json::from_value(template).map_err(CommandError::plain)?;
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

fn restart(session: &mut Session, parsed: &flags::Parsed) -> CommandResult {
    let (kind, object) = one_target(session, parsed, "restart")?;
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
