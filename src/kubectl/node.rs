//! `kubectl cordon|uncordon|taint|label|annotate`.

use super::flags::{self, boolean, value};
use super::selector::Selector;
use super::verbs::parse_taint;
use super::{CommandError, CommandResult, Session};
use crate::sim::objects::Object;
use crate::sim::store::ObjectKey;

/// NODE-12: `spec.unschedulable`, and the kubelet's NodeNotSchedulable/NodeSchedulable event.
pub fn cordon(session: &mut Session, args: &[String], cordon: bool) -> CommandResult {
    let verb = if cordon { "cordon" } else { "uncordon" };
    let parsed = flags::parse(args, &[value("selector", Some('l')), boolean("dry-run", None)])
        .map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl {verb} --help' for usage.")))?;
    let names = node_names(session, &parsed, verb)?;
    for name in names {
        let node = session.get_object(&session.resolve_kind("nodes")?, "", &name)?;
        let already = node.as_node().is_some_and(|n| n.is_unschedulable() == cordon);
        let past = if cordon { "cordoned" } else { "uncordoned" };
        if already {
            session.print(&format!("node/{name} already {past}"));
            continue;
        }
        let updated = session
            .cluster
            .modify(&ObjectKey::new("Node", "", &name), |o| {
                if let Object::Node(n) = o {
                    n.spec.unschedulable = cordon.then_some(true);
                }
            })
            .map_err(|e| CommandError::api(&e))?;
        let reason = if cordon { "NodeNotSchedulable" } else { "NodeSchedulable" };
        let message = format!("Node {name} status is now: {reason}");
        session.cluster.record_event(&updated, "Normal", reason, &message, "kubelet", &name);
        session.cluster.flush_watch_events();
        session.print(&format!("node/{name} {past}"));
    }
    Ok(())
}

fn node_names(session: &Session, parsed: &flags::Parsed, verb: &str) -> Result<Vec<String>, CommandError> {
    if let Some(selector) = parsed.get("selector") {
        let selector = Selector::parse(selector).map_err(CommandError::plain)?;
        return Ok(session
            .cluster
            .store
            .list("Node")
            .filter(|n| selector.matches(&n.meta().labels))
            .map(|n| n.name().to_string())
            .collect());
    }
    if parsed.args.is_empty() {
        return Err(CommandError::new(format!("error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples")));
    }
    Ok(parsed.args.clone())
}

/// `kubectl taint nodes NAME KEY=VAL:EFFECT ... | KEY[:EFFECT]-`.
pub fn taint(session: &mut Session, args: &[String]) -> CommandResult {
    let parsed = flags::parse(args, &[boolean("overwrite", None), boolean("all", None), value("selector", Some('l'))])
        .map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl taint --help' for usage.")))?;
    let mut words = parsed.args.iter();
    let Some(resource) = words.next() else {
        return Err(CommandError::plain("at least one taint update is required"));
    };
    let (kind, mut names) = match resource.split_once('/') {
        Some((kind, name)) => (kind.to_string(), vec![name.to_string()]),
        None => (resource.clone(), Vec::new()),
    };
    if session.resolve_kind(&kind)?.kind != "Node" {
        return Err(CommandError::plain(format!("invalid resource type {kind}, only nodes are supported")));
    }
    let mut adds = Vec::new();
    let mut removes = Vec::new();
    for word in words {
        if word.contains(':') || word.ends_with('-') || word.contains('=') {
            if let Some(spec) = word.strip_suffix('-') {
                let (key, effect) = spec.split_once(':').unwrap_or((spec, ""));
                removes.push((key.split('=').next().unwrap_or(key).to_string(), effect.to_string()));
            } else {
                adds.push(parse_taint(word).map_err(CommandError::plain)?);
            }
        } else if names.is_empty() || adds.is_empty() && removes.is_empty() {
            names.push(word.clone());
        }
    }
    if parsed.bool("all") {
        names = session.cluster.store.list("Node").map(|n| n.name().to_string()).collect();
    }
    if adds.is_empty() && removes.is_empty() {
        return Err(CommandError::plain("at least one taint update is required"));
    }
    for name in names {
        let node = session.get_object(&session.resolve_kind("nodes")?, "", &name)?;
        let mut taints = node.as_node().map(|n| n.spec.taints.clone()).unwrap_or_default();
        for (key, effect) in &removes {
            let before = taints.len();
            taints.retain(|t| !(t.key == *key && (effect.is_empty() || t.effect == *effect)));
            if taints.len() == before {
                let what = if effect.is_empty() { key.clone() } else { format!("{key}:{effect}") };
                return Err(CommandError::plain(format!("taint {what:?} not found")));
            }
        }
        for add in &adds {
            if let Some(existing) = taints.iter_mut().find(|t| t.key == add.key && t.effect == add.effect) {
                if !parsed.bool("overwrite") {
                    return Err(CommandError::plain(format!(
                        "node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                        add.key
                    )));
                }
                existing.value = add.value.clone();
            } else {
                taints.push(add.clone());
            }
        }
        session
            .cluster
            .modify(&ObjectKey::new("Node", "", &name), |o| {
                if let Object::Node(n) = o {
                    n.spec.taints = taints;
                }
            })
            .map_err(|e| CommandError::api(&e))?;
        let past = if adds.is_empty() { "untainted" } else { "tainted" };
        session.print(&format!("node/{name} {past}"));
    }
    Ok(())
}

/// `kubectl label|annotate TYPE NAME K=V ... K-` with `--overwrite`.
pub fn label(session: &mut Session, args: &[String], verb: &str) -> CommandResult {
    let parsed = flags::parse(args, &[boolean("overwrite", None), boolean("all", None), value("selector", Some('l'))])
        .map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl {verb} --help' for usage.")))?;
    let namespace = Session::namespace(&parsed);
    let (resources, changes): (Vec<String>, Vec<String>) = parsed.args.iter().cloned().partition(|w| !w.contains('=') && !w.ends_with('-'));
    if changes.is_empty() {
        return Err(CommandError::plain(format!(
            "at least one {} update is required",
            if verb == "label" { "label" } else { "annotation" }
        )));
    }
    let mut targets = Vec::new();
    if let (Some(selector), Some(resource)) = (parsed.get("selector"), resources.first()) {
        let kind = session.resolve_kind(resource)?;
        let selector = Selector::parse(selector).map_err(CommandError::plain)?;
        let scope = if kind.namespaced { namespace.clone() } else { String::new() };
        for object in session.cluster.store.list_in(&kind.kind, &scope) {
            if selector.matches(&object.meta().labels) {
                targets.push((kind.clone(), object.name().to_string()));
            }
        }
    } else {
        targets = session.resource_args(&resources)?;
    }
    for (kind, name) in targets {
        let object = session.get_object(&kind, &namespace, &name)?;
        let mut map = if verb == "label" { object.meta().labels.clone() } else { object.meta().annotations.clone() };
        let mut removed_only = true;
        for change in &changes {
            if let Some(key) = change.strip_suffix('-') {
                map.remove(key);
                continue;
            }
            removed_only = false;
            let (key, value) = change.split_once('=').expect("partitioned on '='");
            if let Some(existing) = map.get(key) {
                if existing != value && !parsed.bool("overwrite") {
                    return Err(CommandError::plain(format!("'{key}' already has a value ({existing}), and --overwrite is false")));
                }
            }
            map.insert(key.to_string(), value.to_string());
        }
        let key = ObjectKey::of(&object);
        let is_label = verb == "label";
        session
            .cluster
            .modify(&key, |o| {
                if is_label {
                    o.meta_mut().labels = map;
                } else {
                    o.meta_mut().annotations = map;
                }
            })
            .map_err(|e| CommandError::api(&e))?;
        let past = match (is_label, removed_only) {
            (true, true) => "unlabeled",
            (true, false) => "labeled",
            (false, _) => "annotated",
        };
        session.print(&format!("{}/{name} {past}", kind.group_kind_lower()));
    }
    Ok(())
}
