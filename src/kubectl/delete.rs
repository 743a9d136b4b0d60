//! `kubectl delete`: by name, `-f`, `-l`, `--all`, `--grace-period`, `--force`, `--cascade`,
//! waiting (like kubectl's default `--wait=true`) until the objects are gone.

use super::flags::{self, boolean, value};
use super::selector::Selector;
use super::{CommandError, CommandResult, Session, DEFAULT_SETTLE_TIMEOUT_MS};
use crate::sim::objects::kinds::KindInfo;
use crate::sim::store::{ObjectKey, Propagation};

pub const SPECS: &[flags::FlagSpec] = &[
    value("filename", Some('f')),
    value("selector", Some('l')),
    value("field-selector", None),
    boolean("all", None),
    boolean("all-namespaces", Some('A')),
    value("grace-period", None),
    boolean("force", None),
    boolean("now", None),
    value("cascade", None),
    value("wait", None),
    boolean("ignore-not-found", None),
    value("timeout", None),
    value("output", Some('o')),
    boolean("recursive", Some('R')),
];

pub fn run(session: &mut Session, args: &[String]) -> CommandResult {
    let parsed = flags::parse(args, SPECS).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl delete --help' for usage.")))?;
    let namespace = Session::namespace(&parsed);
    let force = parsed.bool("force");
    let mut grace: Option<i64> = match parsed.get("grace-period") {
        Some(text) => Some(text.parse().map_err(|_| {
            CommandError::plain(format!(
                "invalid argument \"{text}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax"
            ))
        })?),
        None => None,
    };
    if parsed.bool("now") {
        if grace.is_some() {
            return Err(CommandError::plain("--now and --grace-period cannot be specified together"));
        }
        grace = Some(1);
    }
    if force && grace.is_some_and(|g| g > 0) {
        return Err(CommandError::plain("--force and --grace-period greater than 0 cannot be specified together"));
    }
    // kubectl: a grace period of 0 means "immediately" only with --force; otherwise 1 s.
    match (grace, force) {
        (Some(0), false) => grace = Some(1),
        (Some(g), _) if g < 0 => grace = None,
        (None, true) => grace = Some(0),
        _ => {}
    }
    let propagation = match parsed.get("cascade").unwrap_or("background") {
        "background" | "true" | "foreground" => Propagation::Background,
        "orphan" | "false" => Propagation::Orphan,
        other => {
            return Err(CommandError::plain(format!(
                "invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\""
            )))
        }
    };
    let wait = parsed.get("wait").is_none_or(|w| w != "false");
    let targets = targets(session, &parsed, &namespace)?;
    if targets.is_empty() {
        session.print("No resources found");
        return Ok(());
    }
    if force && grace == Some(0) {
        session.print("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.");
    }
    let mut deleted = Vec::new();
    let mut failure = None;
    for (kind, name) in targets {
        let scope = if kind.namespaced { namespace.clone() } else { String::new() };
        let key = ObjectKey::new(&kind.kind, &scope, &name);
        match session.cluster.delete(&key, grace, propagation) {
            Ok(object) => {
                super::apply::unregister_crd(session, &object);
                let mut verb = if force && grace == Some(0) { "force deleted" } else { "deleted" }.to_string();
                // kubectl ≥ 1.33 names the namespace of a namespaced object.
                if kind.namespaced {
                    verb = format!("{verb} from {scope} namespace");
                }
                let lower = kind.group_kind_lower();
                session.print(&format!("{lower} \"{name}\" {verb}"));
                deleted.push((key, object.meta().uid.clone()));
            }
            Err(error) if parsed.bool("ignore-not-found") && matches!(error, crate::sim::store::ApiError::NotFound { .. }) => {}
            Err(error) => failure = Some(CommandError::api(&error)),
        }
    }
    if wait && !deleted.is_empty() {
        let gone = session.advance_until(DEFAULT_SETTLE_TIMEOUT_MS, |cluster| {
            deleted.iter().all(|(key, uid)| cluster.store.get(key).is_none_or(|o| o.meta().uid != *uid))
        });
        if !gone {
            let (key, _) = &deleted[0];
            return Err(CommandError::plain(format!(
                "timed out waiting for the condition on {}/{}",
                key.kind.to_ascii_lowercase() + "s",
                key.name
            )));
        }
    }
    failure.map_or(Ok(()), Err)
}

fn targets(session: &Session, parsed: &flags::Parsed, namespace: &str) -> Result<Vec<(KindInfo, String)>, CommandError> {
    if parsed.has("filename") {
        return session.manifest_targets(parsed);
    }
    if parsed.has("selector") || parsed.has("field-selector") || parsed.bool("all") {
        let fields = super::get::FieldSelector::parse(parsed.get("field-selector").unwrap_or(""))?;
        let resources = parsed.args.first().ok_or_else(|| CommandError::plain("resource(s) were provided, but no name was specified"))?;
        let selector = Selector::parse(parsed.get("selector").unwrap_or("")).map_err(CommandError::plain)?;
        let mut targets = Vec::new();
        for resource in resources.split(',') {
            let kind = session.resolve_kind(resource)?;
            let scope = if kind.namespaced { namespace } else { "" };
            for object in session.cluster.store.list_in(&kind.kind, scope) {
                if selector.matches(&object.meta().labels) && fields.matches(object)? && !object.meta().is_deleting() {
                    targets.push((kind.clone(), object.name().to_string()));
                }
            }
        }
        return Ok(targets);
    }
    if parsed.args.len() == 1 && !parsed.args[0].contains('/') {
        return Err(CommandError::plain("resource(s) were provided, but no name was specified"));
    }
    if parsed.args.is_empty() {
        return Err(CommandError::new("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'"));
    }
    session.resource_args(&parsed.args)
}
