//! `kubectl apply -f` and `kubectl create -f`: object by object, as kubectl does — each
//! failure is reported and the rest still go in (a custom resource before its CRD fails alone).

use super::flags::{self, value};
use super::{CommandError, CommandResult, Session};
use crate::sim::manifest::{self, Document, ManifestError, Validation};
use crate::sim::objects::codec::{Decode, DecodeError, Encode};
use crate::sim::objects::kinds::KindInfo;
use crate::sim::objects::Object;
use crate::sim::store::ApiError;
use serde_json::Value;

pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";

pub const SPECS: &[flags::FlagSpec] = &[
    value("filename", Some('f')),
    value("dry-run", None),
    value("validate", None),
    value("output", Some('o')),
    value("server-side", None),
    value("force-conflicts", None),
    value("field-manager", None),
    value("recursive", Some('R')),
    value("save-config", None),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Apply,
    Create,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum DryRun {
    None,
    Client,
    Server,
}

pub fn apply(session: &mut Session, args: &[String], stdin: Option<&str>) -> CommandResult {
    run(session, args, stdin, Mode::Apply)
}

pub fn create(session: &mut Session, args: &[String], stdin: Option<&str>) -> CommandResult {
    run(session, args, stdin, Mode::Create)
}

/// Where kubectl says an object came from: `STDIN` for `-f -`, else the path.
fn source_name(file: &str) -> String {
    if file == "-" {
        "STDIN".into()
    } else {
        file.to_string()
    }
}

fn run(session: &mut Session, args: &[String], stdin: Option<&str>, mode: Mode) -> CommandResult {
    let verb = if mode == Mode::Apply { "apply" } else { "create" };
    let parsed = flags::parse(args, SPECS).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl {verb} --help' for usage.")))?;
    let files = parsed.all("filename");
    if files.is_empty() {
        return Err(CommandError::new(if mode == Mode::Apply {
            "error: must specify one of -f and -k".to_string()
        } else {
            "error: must specify one of -f and -k\n\nerror: Unexpected args: []\nSee 'kubectl create -h' for help and examples".to_string()
        }));
    }
    let validation = match parsed.get("validate") {
        None => Validation::Strict,
        Some(v) => Validation::from_flag(v).ok_or_else(|| {
            CommandError::plain(format!("invalid - validate option \"{v}\"; must be one of: strict (or true), warn, ignore (or false)"))
        })?,
    };
    let dry_run = match parsed.get("dry-run") {
        None | Some("none") => DryRun::None,
        Some("client") | Some("true") => DryRun::Client,
        Some("server") => DryRun::Server,
        Some(other) => {
            return Err(CommandError::plain(format!("Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".")))
        }
    };
    let namespace_flag = parsed.get("namespace").map(str::to_string);
    let mut failed = false;
    for file in files {
        let text = session.read_file(&file, stdin)?;
        let source = source_name(&file);
        let (documents, syntax_error) = manifest::parse_partial(&text);
        for document in &documents {
            failed |= !apply_document(session, document, &source, validation, dry_run, mode, namespace_flag.as_deref());
        }
        if let Some(error) = syntax_error {
            session.print(&error.kubectl_output(&source, "creating"));
            failed = true;
        }
    }
    if failed {
        return Err(CommandError { message: String::new(), exit_code: 1 });
    }
    Ok(())
}

/// Applies every object of one document; false if any failed (the error is printed).
fn apply_document(
    session: &mut Session,
    document: &Document,
    source: &str,
    validation: Validation,
    dry_run: DryRun,
    mode: Mode,
    namespace_flag: Option<&str>,
) -> bool {
    let decoded = match manifest::decode(document, &session.cluster.store.registry, validation) {
        Ok(decoded) => decoded,
        Err(error) => {
            // kubectl apply patches an object that exists and creates one that does not.
            let exists = session.cluster.store.registry.by_kind(&error.object.kind).is_some_and(|kind| {
                let namespace = match (kind.namespaced, error.object.namespace.is_empty()) {
                    (false, _) => "",
                    (true, true) => namespace_flag.unwrap_or("default"),
                    (true, false) => error.object.namespace.as_str(),
                };
                session.cluster.get(&kind.kind, namespace, &error.object.name).is_some()
            });
            let verb = if mode == Mode::Apply && exists { "patching" } else { "creating" };
            session.print(&error.kubectl_output(source, verb));
            return false;
        }
    };
    for warning in &decoded.warnings {
        session.print(warning);
    }
    let mut ok = true;
    for object in decoded.objects {
        ok &= apply_object(session, object, source, dry_run, mode, namespace_flag);
    }
    ok
}

fn apply_object(
    session: &mut Session,
    mut object: Object,
    source: &str,
    dry_run: DryRun,
    mode: Mode,
    namespace_flag: Option<&str>,
) -> bool {
    let Some(kind) = session.cluster.store.registry.by_kind(object.kind()).cloned() else { return false };
    if kind.namespaced {
        let wanted = namespace_flag.unwrap_or("default");
        if object.namespace().is_empty() {
            object.meta_mut().namespace = wanted.to_string();
        } else if namespace_flag.is_some_and(|ns| ns != object.namespace()) {
            session.print(&format!(
                "error: the namespace from the provided object \"{}\" does not match the namespace \"{wanted}\". You must pass '--namespace={}' to perform this operation.",
                object.namespace(),
                object.namespace()
            ));
            return false;
        }
    }
    let label = format!("{}/{}", kind.group_kind_lower(), object.name());
    let suffix = match dry_run {
        DryRun::None => "",
        DryRun::Client => " (dry run)",
        DryRun::Server => " (server dry run)",
    };
    if mode == Mode::Apply {
        let mut annotated = object.to_json();
        if let Some(meta) = annotated.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.entry("annotations").or_insert_with(|| Value::Object(Default::default()));
        }
        let last_applied = crate::sim::gojson::compact(&annotated) + "\n";
        object.meta_mut().annotations.insert(LAST_APPLIED_ANNOTATION.into(), last_applied);
    }
    let scope = if kind.namespaced { object.namespace().to_string() } else { String::new() };
    let existing = session.cluster.get(object.kind(), &scope, object.name()).cloned();
    match (existing, mode) {
        (Some(_), Mode::Create) => {
            let error = ApiError::AlreadyExists { resource: kind.group_resource(), name: object.name().to_string() };
            session.print(&format!("Error from server (AlreadyExists): error when creating \"{source}\": {error}"));
            false
        }
        (None, _) => {
            if dry_run != DryRun::None {
                session.print(&format!("{label} created{suffix}"));
                return true;
            }
            let result = session.cluster.create_admitted(object);
            report_write(session, result, &label, "created", source, "creating")
        }
        (Some(live), Mode::Apply) => {
            let merged = merge_for_apply(&live, object);
            let mut defaulted = merged.clone();
            crate::sim::admission::admit_update(&live, &mut defaulted);
            if defaulted == *live {
                session.print(&format!("{label} unchanged{suffix}"));
                return true;
            }
            if dry_run != DryRun::None {
                session.print(&format!("{label} configured{suffix}"));
                return true;
            }
            let result = session.cluster.update_admitted(merged);
            report_write(session, result, &label, "configured", source, "patching")
        }
    }
}

/// What apply's patch does to the live object, for the fields the simulation models: the
/// manifest's labels, annotations and spec replace the live ones; status and the fields the
/// system owns (uid, generation, the template-generation annotation) stay.
fn merge_for_apply(live: &Object, desired: Object) -> Object {
    let mut merged = desired;
    let live_meta = live.meta().clone();
    let meta = merged.meta_mut();
    for (key, value) in &live_meta.annotations {
        if key == crate::sim::objects::apps::TEMPLATE_GENERATION_ANNOTATION {
            meta.annotations.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    meta.uid = live_meta.uid.clone();
    meta.resource_version = live_meta.resource_version.clone();
    meta.generation = live_meta.generation;
    meta.creation_timestamp = live_meta.creation_timestamp;
    meta.owner_references =
        if meta.owner_references.is_empty() { live_meta.owner_references.clone() } else { meta.owner_references.clone() };
    meta.finalizers = if meta.finalizers.is_empty() { live_meta.finalizers.clone() } else { meta.finalizers.clone() };
    match (&mut merged, live) {
        (Object::Pod(new), Object::Pod(old)) => {
            new.status = old.status.clone();
            // A pod's spec is immutable but for images and a few fields; keep the binding.
            new.spec.node_name = old.spec.node_name.clone();
        }
        (Object::Node(new), Object::Node(old)) => new.status = old.status.clone(),
        (Object::DaemonSet(new), Object::DaemonSet(old)) => new.status = old.status.clone(),
        (Object::Service(new), Object::Service(old)) => new.status = old.status.clone(),
        (Object::StatefulSet(new), Object::StatefulSet(old)) => new.status = old.status.clone(),
        (Object::PersistentVolume(new), Object::PersistentVolume(old)) => new.status = old.status.clone(),
        (Object::PersistentVolumeClaim(new), Object::PersistentVolumeClaim(old)) => new.status = old.status.clone(),
        (Object::Generic(new), Object::Generic(old)) => {
            if let Some(status) = old.body.get("status") {
                new.body.insert("status".into(), status.clone());
            }
        }
        _ => {}
    }
    if matches!(merged, Object::StatefulSet(_) | Object::PersistentVolume(_) | Object::PersistentVolumeClaim(_) | Object::Generic(_)) {
        keep_fields_of_other_writers(&mut merged, live, live_meta.annotations.get(LAST_APPLIED_ANNOTATION));
    }
    merged
}

/// The three-way part of apply's merge, one level deep in `spec`: a field the live object has
/// that neither the manifest nor the last applied configuration names was written by someone
/// else — a PersistentVolume's `claimRef` and a claim's `volumeName` (the PV controller, PV-09),
/// a claim's defaulted `storageClassName` (PV-01), a StatefulSet's `replicas` after `kubectl
/// scale` — and stays. A field the last applied configuration had and the manifest dropped goes.
fn keep_fields_of_other_writers(new: &mut Object, old: &Object, last_applied: Option<&String>) {
    // Our reader, not serde_json's (whose deserializer would join the page's bundle for this).
    let last: Option<serde_json::Value> = last_applied.and_then(|text| crate::sim::gojson::parse(text));
    let last_spec = last.as_ref().and_then(|l| l.get("spec"));
    let (serde_json::Value::Object(mut json), old_json) = (new.to_json(), old.to_json()) else { return };
    let Some(serde_json::Value::Object(live_spec)) = old_json.get("spec") else { return };
    let Some(serde_json::Value::Object(spec)) = json.get_mut("spec") else { return };
    let mut kept = false;
    for (key, value) in live_spec {
        if !spec.contains_key(key) && last_spec.and_then(|l| l.get(key)).is_none() {
            spec.insert(key.clone(), value.clone());
            kept = true;
        }
    }
    if kept {
        json.remove("apiVersion");
        json.remove("kind");
        if let Ok(object) = Object::from_parts(new.api_version(), new.kind(), json) {
            *new = object;
        }
    }
}

/// Prints the outcome of a create or update as kubectl does; a CRD starts serving its kind.
fn report_write(
    session: &mut Session,
    result: Result<std::sync::Arc<Object>, ApiError>,
    label: &str,
    past: &str,
    source: &str,
    doing: &str,
) -> bool {
    match result {
        Ok(written) => {
            register_crd(session, &written);
            session.print(&format!("{label} {past}"));
            true
        }
        Err(error) => {
            session.print(&api_error_text(&error, source, doing));
            false
        }
    }
}

fn api_error_text(error: &ApiError, source: &str, verb: &str) -> String {
    match error {
        ApiError::Invalid { message } => message.clone(),
        other => format!("{}error when {verb} \"{source}\": {other}", other.kubectl_prefix()),
    }
}

/// A CustomResourceDefinition serves its kind from now on.
fn register_crd(session: &mut Session, object: &Object) {
    if object.kind() != "CustomResourceDefinition" {
        return;
    }
    if let Ok(info) = manifest::kind_info_from_crd(&object.to_json()) {
        session.cluster.store.registry.add(info);
    }
}

impl Session {
    /// The objects named by `-f` (for delete/get): their kinds and names.
    pub(crate) fn manifest_targets(&self, parsed: &flags::Parsed) -> Result<Vec<(KindInfo, String)>, CommandError> {
        let mut targets = Vec::new();
        for file in parsed.all("filename") {
            let text = self.read_file(&file, None)?;
            let source = source_name(&file);
            let documents = manifest::parse(&text).map_err(|e: ManifestError| CommandError::new(e.kubectl_output(&source, "creating")))?;
            for document in &documents {
                let decoded = manifest::decode(document, &self.cluster.store.registry, Validation::Ignore)
                    .map_err(|e| CommandError::new(e.kubectl_output(&source, "creating")))?;
                for object in decoded.objects {
                    if let Some(kind) = self.cluster.store.registry.by_kind(object.kind()) {
                        targets.push((kind.clone(), object.name().to_string()));
                    }
                }
            }
        }
        Ok(targets)
    }
}

/// Removes a deleted CRD's kind from discovery.
pub fn unregister_crd(session: &mut Session, object: &Object) {
    if object.kind() != "CustomResourceDefinition" {
        return;
    }
    if let Ok(info) = manifest::kind_info_from_crd(&object.to_json()) {
        session.cluster.store.registry.remove_group_kind(&info.group, &info.kind);
    }
}

/// How serious a located apply message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// `"error"` or `"warning"` in a frame's JSON.
impl Encode for Severity {
    fn encode(&self) -> Value {
        Value::String(if *self == Severity::Error { "error" } else { "warning" }.to_string())
    }
}

impl Decode for Severity {
    fn decode(value: &Value) -> Result<Self, DecodeError> {
        match value.as_str() {
            Some("error") => Ok(Severity::Error),
            Some("warning") => Ok(Severity::Warning),
            _ => Err(DecodeError::new(format!("unknown severity {value}"))),
        }
    }
}

/// One problem at a spot of the applied text (1-based line and column), for an editor's gutter.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct Diagnostic {
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    /// kubectl's wording for this one problem (`spec.replicas: Invalid value: …`).
    pub message: String,
}

/// What [`apply_all_or_nothing`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AtomicApply {
    /// What kubectl prints (`daemonset.apps/nginx-ds created`, warnings, or the errors).
    pub output: String,
    /// True when nothing was applied.
    pub failed: bool,
    /// Every error and warning, located in the text, in text order.
    pub diagnostics: Vec<Diagnostic>,
}

/// `kubectl apply -f SOURCE` with the text of `SOURCE`, all or nothing (the page's editor): every
/// document is parsed and checked first, and when any object fails — in the checks or at the API
/// server — the cluster is left exactly as it was (clock, RNG and history included) and the
/// errors are reported in kubectl's wording. When all succeed it prints what kubectl prints and
/// the watch rows the change produced.
pub fn apply_all_or_nothing(session: &mut Session, source: &str, text: &str) -> AtomicApply {
    let mut diagnostics = Vec::new();
    let (documents, syntax_error) = manifest::parse_partial(text);
    if let Some(error) = syntax_error {
        diagnostics.push(Diagnostic { line: error.line, col: error.col, severity: Severity::Error, message: error.message.clone() });
        return AtomicApply { output: error.kubectl_output(source, "creating") + "\n", failed: true, diagnostics };
    }
    if documents.is_empty() {
        return AtomicApply { output: "error: no objects passed to apply\n".into(), failed: true, diagnostics };
    }
    let mut output = String::new();
    let mut errors = String::new();
    let mut decoded_documents = Vec::new();
    for document in &documents {
        match manifest::decode(document, &session.cluster.store.registry, Validation::Strict) {
            Ok(decoded) => {
                for (line, detail) in decoded.warnings.iter().zip(decoded.warning_details.iter().map(Some).chain(std::iter::repeat(None))) {
                    output.push_str(line);
                    output.push('\n');
                    let (at_line, at_col) = detail.map(|d| (d.line, d.col)).unwrap_or((document.line, document.col));
                    let message = line.strip_prefix("Warning: ").unwrap_or(line).to_string();
                    diagnostics.push(Diagnostic { line: at_line, col: at_col, severity: Severity::Warning, message });
                }
                decoded_documents.push((document, decoded));
            }
            Err(error) => {
                let exists = session.cluster.store.registry.by_kind(&error.object.kind).is_some_and(|kind| {
                    let namespace = if kind.namespaced {
                        if error.object.namespace.is_empty() {
                            "default"
                        } else {
                            &error.object.namespace
                        }
                    } else {
                        ""
                    };
                    session.cluster.get(&kind.kind, namespace, &error.object.name).is_some()
                });
                errors.push_str(&error.kubectl_output(source, if exists { "patching" } else { "creating" }));
                errors.push('\n');
                if error.causes.is_empty() {
                    diagnostics.push(Diagnostic {
                        line: error.line,
                        col: error.col,
                        severity: Severity::Error,
                        message: error.message.clone(),
                    });
                }
                for cause in &error.causes {
                    diagnostics.push(Diagnostic {
                        line: cause.line,
                        col: cause.col,
                        severity: Severity::Error,
                        message: cause.to_string(),
                    });
                }
            }
        }
    }
    crate::sort::sort_by_key(&mut diagnostics, |d| (d.line, d.col, d.severity == Severity::Warning));
    if !errors.is_empty() {
        return AtomicApply { output: output + &errors, failed: true, diagnostics };
    }

    // Every object passed the checks: apply them to the live cluster, and put the checkpoint
    // back if the API server refuses any of them.
    let checkpoint = session.cluster.clone();
    let printed_before = std::mem::take(&mut session.out);
    let mut failed = false;
    for (document, decoded) in decoded_documents {
        for object in decoded.objects {
            let start = session.out.len();
            if !apply_object(session, object, source, DryRun::None, Mode::Apply, None) {
                failed = true;
                errors.push_str(&session.out[start..]);
                diagnostics.push(Diagnostic {
                    line: document.line,
                    col: document.col,
                    severity: Severity::Error,
                    message: session.out[start..].trim_end().to_string(),
                });
            }
        }
    }
    let printed = std::mem::replace(&mut session.out, printed_before);
    if failed {
        session.cluster = checkpoint;
        crate::sort::sort_by_key(&mut diagnostics, |d| (d.line, d.col, d.severity == Severity::Warning));
        return AtomicApply { output: output + &errors, failed: true, diagnostics };
    }
    output.push_str(&printed);
    // The watch rows of what the apply changed (`kubectl get -w` running in the console).
    let saved = std::mem::take(&mut session.out);
    session.flush_watches();
    output.push_str(&std::mem::replace(&mut session.out, saved));
    AtomicApply { output, failed: false, diagnostics }
}

/// The manifest ingest fuzz check (`fuzz/fuzz_targets/manifest.rs`, replayed by
/// `tests/fuzz_corpus.rs`): any text, as a YAML or JSON manifest, through parsing, decoding
/// with each `--validate` mode, defaulting, and `kubectl apply -f -` on a fresh small cluster.
/// Beyond not panicking:
/// - every error and every field position is a line:column inside the text;
/// - [`manifest::parse`] and [`manifest::parse_partial`] agree;
/// - a document that parses re-parses to the same value from `-o json` and `-o yaml` text;
/// - what decodes strictly decodes the same with `--validate=warn`, and what decodes with
///   `warn` decodes the same with `ignore`;
/// - a decoded object, defaulted as the API server stores it, validates.
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if text.len() > manifest::LIMITS.bytes_max {
        return;
    }
    let inside = |line: usize, col: usize, what: &str| {
        assert!(is_inside(&text, line, col), "{what} at {line}:{col} is not inside the text");
    };
    let (documents, error) = manifest::parse_partial(&text);
    match (&error, manifest::parse(&text)) {
        (None, Ok(all)) => assert_eq!(all, documents),
        (Some(partial), Err(whole)) => assert_eq!(partial, &whole),
        (partial, whole) => panic!("parse and parse_partial disagree: {partial:?} / {whole:?}"),
    }
    if let Some(error) = &error {
        inside(error.line, error.col, "a syntax error");
    }
    // Indentation repair: never a panic; a refusal names a line of the text; a repaired text
    // repairs to itself.
    match manifest::repair::repair(&text) {
        Ok(repaired) => assert_eq!(manifest::repair::repair(&repaired).as_ref(), Ok(&repaired), "repairing {repaired:?} again"),
        Err(error) => assert!(error.line >= 1 && error.line <= text.lines().count().max(1), "a repair error at line {}", error.line),
    }
    let registry = crate::sim::objects::kinds::Registry::default();
    for document in &documents {
        inside(document.line, document.col, "a document");
        for (path, (line, col)) in &document.positions {
            inside(*line, *col, path);
        }
        for again in [crate::sim::gojson::compact(&document.value), super::printers::yaml::to_yaml(&document.value)] {
            let reparsed = manifest::parse(&again).unwrap_or_else(|e| panic!("{again:?} does not parse again: {e}"));
            let value = reparsed.first().map_or(&Value::Null, |d| &d.value);
            assert!(reparsed.len() == 1 && same_json(value, &document.value), "{again:?} re-parses as {value:?}, not {:?}", document.value);
        }
        let validations = [Validation::Strict, Validation::Warn, Validation::Ignore];
        let decodes = validations.map(|v| manifest::decode(document, &registry, v).map_err(Box::new));
        for decoded in &decodes {
            match decoded {
                Err(error) => {
                    inside(error.line, error.col, "a decode error");
                    assert_eq!(error.document, document.index);
                    for cause in &error.causes {
                        inside(cause.line, cause.col, &cause.path);
                    }
                }
                Ok(decoded) => {
                    for warning in &decoded.warning_details {
                        inside(warning.line, warning.col, &warning.path);
                    }
                    for object in &decoded.objects {
                        let mut stored = object.clone();
                        manifest::apply_defaults(&mut stored);
                        let namespaced = registry.by_kind(stored.kind()).is_some_and(|k| k.namespaced);
                        let causes = manifest::validate::validate(&stored.to_json(), namespaced);
                        assert!(causes.is_empty(), "a decoded {} does not validate once defaulted: {causes:?}", stored.kind());
                        manifest::on_create(&mut stored);
                    }
                }
            }
        }
        if let (Ok(strict), Ok(warn)) = (&decodes[0], &decodes[1]) {
            assert_eq!(strict, warn, "strict and warn decode differently");
        }
        assert!(decodes[0].is_err() || decodes[1].is_ok(), "strict accepts what warn rejects");
        match (&decodes[1], &decodes[2]) {
            (Ok(warn), Ok(ignore)) => assert_eq!(warn.objects, ignore.objects, "warn and ignore decode differently"),
            (Ok(_), Err(error)) => panic!("warn accepts what ignore rejects: {error:?}"),
            _ => {}
        }
    }
    // Through the session as `kubectl apply` does it: the same pipeline plus the store's
    // admission, with the invariant checker on.
    let mut session = super::check_session();
    session.execute(&super::script::ScriptCommand {
        line: "kubectl apply -f -".into(),
        words: ["kubectl", "apply", "-f", "-"].map(String::from).to_vec(),
        stdin: Some(text.to_string()),
        line_number: 1,
    });
}

/// Whether a 1-based line:column is a spot of `text` (a column may be one past a line's end).
/// Lines break at `\n` (a `\r` is a character of its line); columns count characters.
fn is_inside(text: &str, line: usize, col: usize) -> bool {
    line >= 1 && col >= 1 && text.split('\n').nth(line - 1).is_some_and(|l| col <= l.chars().count() + 1)
}

/// JSON equality with numbers compared by value: `1.0` written as `1` reads back as an integer.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().zip(y).all(|((kx, x), (ky, y))| kx == ky && same_json(x, y)),
        _ => a == b,
    }
}
