//! `kubectl get`: tables (`-o wide`, `--show-labels`, `-L`), `-o yaml|json|name`, `-l`, `-n`,
//! `-A`, `--field-selector`, and `-w` watches that keep printing as the cluster changes.

use super::flags::{self, boolean, value};
use super::printers::table::{render_get, TableOptions, WatchPrinter};
use super::selector::Selector;
use super::watch::Watch;
use super::{CommandError, CommandResult, Session};
use crate::sim::objects::kinds::KindInfo;
use crate::sim::objects::Object;
use std::sync::Arc;

pub const SPECS: &[flags::FlagSpec] = &[
    value("output", Some('o')),
    value("selector", Some('l')),
    boolean("all-namespaces", Some('A')),
    boolean("show-labels", None),
    boolean("watch", Some('w')),
    boolean("watch-only", None),
    boolean("output-watch-events", None),
    boolean("no-headers", None),
    value("label-columns", Some('L')),
    boolean("show-kind", None),
    value("field-selector", None),
    value("filename", Some('f')),
    value("sort-by", None),
    boolean("ignore-not-found", None),
    value("chunk-size", None),
];

/// What `kubectl get all` expands to.
const ALL: &[&str] = &["pods", "services", "daemonsets", "deployments", "replicasets", "statefulsets"];

pub(crate) struct FieldSelector(Vec<(String, String, bool)>);

impl FieldSelector {
    pub(crate) fn parse(text: &str) -> Result<FieldSelector, CommandError> {
        let mut terms = Vec::new();
        for part in text.split(',').filter(|p| !p.is_empty()) {
            let (key, value, equal) = if let Some((k, v)) = part.split_once("!=") {
                (k, v, false)
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                (k, v, true)
            } else {
                return Err(CommandError::plain(format!("invalid selector: '{part}'; can't understand '{part}'")));
            };
            terms.push((key.to_string(), value.to_string(), equal));
        }
        Ok(FieldSelector(terms))
    }

    pub(crate) fn matches(&self, object: &Object) -> Result<bool, CommandError> {
        for (key, value, equal) in &self.0 {
            let actual = match key.as_str() {
                "metadata.name" => object.name().to_string(),
                "metadata.namespace" => object.namespace().to_string(),
                "spec.nodeName" => object.as_pod().map(|p| p.spec.node_name.clone()).unwrap_or_default(),
                "status.phase" => object.as_pod().map(|p| p.phase().to_string()).unwrap_or_default(),
                "involvedObject.name" => object.as_event().map(|e| e.involved_object.name.clone()).unwrap_or_default(),
                "involvedObject.kind" => object.as_event().map(|e| e.involved_object.kind.clone()).unwrap_or_default(),
                "type" => object.as_event().map(|e| e.type_.clone()).unwrap_or_default(),
                "reason" => object.as_event().map(|e| e.reason.clone()).unwrap_or_default(),
                other => {
                    return Err(CommandError::new(format!(
                        "Error from server (BadRequest): Unable to find \"/v1, Resource={}\" that match label selector \"\", field selector \"{other}={value}\": field label not supported: {other}",
                        object.kind().to_ascii_lowercase() + "s"
                    )))
                }
            };
            if (actual == *value) != *equal {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

pub fn run(session: &mut Session, args: &[String]) -> CommandResult {
    let parsed = flags::parse(args, SPECS).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl get --help' for usage.")))?;
    let all_namespaces = parsed.bool("all-namespaces");
    let namespace = Session::namespace(&parsed);
    let output = parsed.get("output").unwrap_or("");
    if !matches!(output, "" | "wide" | "yaml" | "json" | "name") {
        return Err(CommandError::plain(format!(
            "unable to match a printer suitable for the output format \"{output}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml"
        )));
    }
    let selector = Selector::parse(parsed.get("selector").unwrap_or("")).map_err(CommandError::plain)?;
    let fields = FieldSelector::parse(parsed.get("field-selector").unwrap_or(""))?;
    if parsed.args.is_empty() && !parsed.has("filename") {
        return Err(CommandError::new(
            "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples",
        ));
    }

    // Resolve what to list: kinds (with optional names).
    let mut requests: Vec<(KindInfo, Vec<String>)> = Vec::new();
    if parsed.has("filename") {
        for (kind, name) in session.manifest_targets(&parsed)? {
            requests.push((kind, vec![name]));
        }
    } else if parsed.args.iter().all(|a| a.contains('/')) {
        for arg in &parsed.args {
            let (resource, name) = arg.split_once('/').expect("checked");
            requests.push((session.resolve_kind(resource)?, vec![name.to_string()]));
        }
    } else {
        let names: Vec<String> = parsed.args[1..].to_vec();
        for resource in parsed.args[0].split(',') {
            if resource == "all" {
                for expanded in ALL {
                    requests.push((session.resolve_kind(expanded)?, Vec::new()));
                }
            } else {
                requests.push((session.resolve_kind(resource)?, names.clone()));
            }
        }
        if requests.len() > 1 && !names.is_empty() {
            return Err(CommandError::plain("arguments in resource/name form must have a single resource and name"));
        }
    }
    let several_kinds = requests.len() > 1 || parsed.args.first().is_some_and(|a| a == "all");

    let mut objects: Vec<Arc<Object>> = Vec::new();
    let mut errors = Vec::new();
    for (kind, names) in &requests {
        let scope = if !kind.namespaced || all_namespaces { None } else { Some(namespace.as_str()) };
        if names.is_empty() {
            let listed: Vec<Arc<Object>> = match scope {
                Some(ns) => session.cluster.store.list_in(&kind.kind, ns).cloned().collect(),
                None => session.cluster.store.list(&kind.kind).cloned().collect(),
            };
            for object in listed {
                if selector.matches(&object.meta().labels) && fields.matches(&object)? {
                    objects.push(object);
                }
            }
        } else {
            for name in names {
                match session.get_object(kind, &namespace, name) {
                    Ok(object) => objects.push(object),
                    Err(_) if parsed.bool("ignore-not-found") => {}
                    Err(error) => errors.push(error.message),
                }
            }
        }
    }

    let now = session.cluster.now;
    let watching = parsed.bool("watch") || parsed.bool("watch-only");
    let options = TableOptions {
        wide: output == "wide",
        show_labels: parsed.bool("show-labels"),
        label_columns: parsed.all("label-columns").iter().flat_map(|l| l.split(',').map(str::to_string)).collect(),
        with_namespace: all_namespaces,
        with_kind: several_kinds || parsed.bool("show-kind"),
        no_headers: parsed.bool("no-headers"),
    };
    if watching {
        if requests.len() != 1 {
            return Err(CommandError::plain(format!(
                "watch is only supported on individual resources and resource collections, but {} resources were found",
                requests.len()
            )));
        }
        let (kind, names) = requests.into_iter().next().expect("one request");
        let mut printer = WatchPrinter::new(options, parsed.bool("output-watch-events"));
        if !parsed.bool("watch-only") {
            let initial = printer.initial(&objects, now);
            session.print_raw(&initial);
        }
        session.add_watch(Watch {
            kind: kind.kind.clone(),
            namespace: (kind.namespaced && !all_namespaces).then(|| namespace.clone()),
            selector,
            names,
            printer,
        });
        return errors.is_empty().then_some(()).ok_or_else(|| CommandError::new(errors.join("\n")));
    }

    let text = match output {
        "yaml" | "json" | "name" => {
            let single = requests.len() == 1 && requests[0].1.len() == 1;
            render_objects(&objects, output, single)
        }
        _ => render_get(&objects, now, &options),
    };
    if !text.is_empty() {
        session.print_raw(&text);
    }
    if objects.is_empty() && errors.is_empty() {
        if all_namespaces || requests.iter().all(|(k, _)| !k.namespaced) {
            session.print("No resources found");
        } else {
            session.print(&format!("No resources found in {namespace} namespace."));
        }
    }
    errors.is_empty().then_some(()).ok_or_else(|| CommandError::new(errors.join("\n")))
}

/// `-o yaml|json|name`: a single named object prints bare; anything listed prints as a List
/// (even of one), as kubectl decides by the request, not by the count.
fn render_objects(objects: &[Arc<Object>], output: &str, single: bool) -> String {
    use super::printers::render;
    match (output, single && objects.len() == 1) {
        ("name", _) => render::names(objects),
        ("yaml", true) => render::object_yaml(&objects[0]),
        ("yaml", false) => render::list_yaml(objects),
        ("json", true) => render::object_json(&objects[0]),
        _ => render::list_json(objects),
    }
}
