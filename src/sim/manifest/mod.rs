//! Manifest ingest: what `kubectl apply/create -f FILE` and the API server do with a file.
//!
//! 1. [`parse`] splits the text into documents the way kubectl's `YAMLOrJSONDecoder` does
//!    (`---` lines for YAML, a stream of objects for JSON), converts each to JSON with go-yaml v2's
//!    scalar rules (as `sigs.k8s.io/yaml` does), and remembers where every field was written.
//! 2. [`decode`] is kubectl's client-side checks (apiVersion/kind present, the kind is known)
//!    followed by the API server's decoding (wrong types → 400, unknown fields → 400 or
//!    warnings), defaulting and validation (422), with the API server's wording.
//! 3. [`apply_defaults`] is `SetDefaults_*` plus the admission plugins that fill fields
//!    (ServiceAccount, Priority, DefaultTolerationSeconds); [`on_create`] is what the registry
//!    does on create (DaemonSet template generation, initial status).
//!
//! Every error is a value ([`ManifestError`]) carrying the field path and the line:column in the
//! user's text. Nothing here panics on any input; inputs are bounded by [`LIMITS`].
//!
//! ## Fidelity notes (for docs/fidelity.md)
//!
//! Checked against the sources cited in each module. Deliberate gaps:
//! - Syntax errors come from yaml-rust2 (a YAML 1.2 parser), translated to go-yaml v2's wording
//!   and line rule (`yaml: line N: …`, where N is go-yaml's, i.e. often the line *before* the
//!   problem or the start of the enclosing mapping, counted from the start of the `---`
//!   document). Which problem is reported can differ from go-yaml for exotic inputs. The
//!   structured `line`/`col` always point at the real spot in the whole file.
//! - go-yaml v2 scalars: `yes/no/on/off/y/n` are booleans, `0755` is octal, `1_000` is 1000,
//!   quoted scalars stay strings. Timestamps stay strings. `!!binary` is kept as its text.
//! - Duplicate keys in one mapping: the last one wins, silently, as with go-yaml v2 non-strict
//!   decoding (kubectl converts YAML to JSON through a map before sending, so the API server
//!   never sees the duplicate).
//! - Unknown fields and type errors are judged by a table of the Go types ([`gotypes`]), for
//!   typed and JSON-kept kinds alike (the tests check the table against the Rust structs'
//!   fields). Inside fields the table marks `any` (volume sources other than the common ones,
//!   CRD schemas, a few status sub-objects) nothing is checked. Custom resources are checked
//!   at the top level only (against the CRD schema's top-level properties): the API server
//!   would use the CRD's full structural schema, which the core does not keep.
//! - Type errors name the innermost Go struct and the Go type from the table, as Go's
//!   `UnmarshalTypeError` does (`Go struct field ContainerPort.spec.template.spec.containers.
//!   ports.containerPort of type int32`: the struct holding the field, the path without
//!   indexes); quantities, times and base64 bytes report their own parse errors as Go does.
//!   Numbers are described from the decoded value (`number 2.5`), not from the literal text.
//! - Unknown fields are listed in the order the API server finds them: depth first through the
//!   JSON kubectl sends, whose keys are sorted.
//! - A `null` is a no-op for a known field (as in Go); a null list item or map value becomes the
//!   zero value. Unknown keys are reported whatever their value.
//! - The strict/invalid messages are the API server's; `ErrorKind::Invalid` carries what kubectl
//!   prints (`The DaemonSet "x" is invalid: …`, one cause inline, several as `* ` lines).
//! - A DaemonSet without `spec.selector` gets only the template-labels error (upstream
//!   `ValidateDaemonSetSpec` has no Required check for it); StatefulSets and Deployments get
//!   `spec.selector: Required value` as upstream. StatefulSet names are DNS-1123 labels (≥1.31).
//! - Validation runs on a defaulted copy (the API server defaults before it validates, which is
//!   why `maxSurge: 1` alone fails on a DaemonSet: DS-33); [`decode`] returns the objects as
//!   written, so kubectl's last-applied configuration can be computed from them.
//! - kubectl's YAML fallback for broken JSON is kept: a JSON file with a trailing comma is
//!   accepted (read as YAML flow), as kubectl ≥1.31 does.
//! - Validation covers metadata, Pod, pod templates (DaemonSet, Deployment, ReplicaSet),
//!   DaemonSet, StatefulSet, Service, Node, PersistentVolume, PersistentVolumeClaim,
//!   Namespace, StorageClass and CustomResourceDefinition basics (see [`validate`]).
//!   Values are printed as written (the API server prints canonical quantities: `500m` for
//!   `0.5`).
//! - Not done: the projected service-account token volume the ServiceAccount admission plugin
//!   mounts, LimitRanger, ResourceQuota, DefaultStorageClass (needs cluster state), nodePort
//!   and clusterIP allocation (the cluster's job), status validation, update validation,
//!   kubectl's duplicate-key check on JSON labels/annotations, quantity canonicalization,
//!   field-level validation of env var names, security contexts, DNS config and topology
//!   spread constraints.

// Errors are values the caller shows and locates; their size does not matter on this path.
#![allow(clippy::result_large_err)]

pub mod crd;
mod decode;
pub mod defaults;
pub mod gotypes;
mod json;
mod names;
mod path;
pub mod repair;
pub mod validate;
mod walk;
mod yaml;

#[cfg(test)]
mod tests;

pub use crd::kind_info_from_crd;
pub use decode::decode;
pub use defaults::{apply_defaults, on_create};

use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Upper bounds on what [`parse`] accepts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Bytes of input (the API server's request limit is 3 MiB).
    pub bytes_max: usize,
    /// Nesting of mappings and sequences.
    pub depth_max: usize,
    /// Nodes (scalars, mappings, sequences) per file, counting alias copies.
    pub nodes_max: usize,
    /// Nodes produced by expanding YAML aliases, per file.
    pub alias_nodes_max: usize,
}

pub const LIMITS: Limits = Limits { bytes_max: 3 * 1024 * 1024, depth_max: 200, nodes_max: 250_000, alias_nodes_max: 50_000 };

/// One document of a manifest file, converted to JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// 0-based index among the file's non-empty documents.
    pub index: usize,
    pub value: Value,
    /// Field path (`spec.template.spec.containers[0].image`) → (line, column), both 1-based,
    /// in the whole text. A mapping entry is located at its key, a sequence item at its first
    /// character. Every mapping key is written `.key` (also map keys such as labels).
    pub positions: BTreeMap<String, (usize, usize)>,
    /// Where the document's content starts (1-based).
    pub line: usize,
    pub col: usize,
}

impl Document {
    /// The position of `path`, or of its nearest written ancestor. Accepts the API server's
    /// spelling too (`spec.resources[storage]`).
    pub fn position(&self, path: &str) -> (usize, usize) {
        let key = path::display_to_position_key(path);
        let mut current: &str = &key;
        loop {
            if let Some(position) = self.positions.get(current) {
                return *position;
            }
            match path::parent_key(current) {
                Some(parent) => current = parent,
                None => return (self.line, self.col),
            }
        }
    }
}

/// kubectl's `--validate` flag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Validation {
    /// Unknown fields are an error (`--validate=strict`, also `true`; the default).
    #[default]
    Strict,
    /// Unknown fields become warnings (`--validate=warn`).
    Warn,
    /// Unknown fields are dropped silently, and kubectl skips its own checks
    /// (`--validate=ignore`, also `false`).
    Ignore,
}

impl Validation {
    /// Parses the value of kubectl's `--validate` flag.
    pub fn from_flag(value: &str) -> Option<Validation> {
        match value {
            "strict" | "true" => Some(Validation::Strict),
            "warn" => Some(Validation::Warn),
            "ignore" | "false" => Some(Validation::Ignore),
            _ => None,
        }
    }
}

/// The objects a document decodes to (a `List` gives its items) and the API warnings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decoded {
    /// As written (plus normalization: nulls dropped, numeric quantities as strings); call
    /// [`apply_defaults`] to get what the API server stores.
    pub objects: Vec<crate::sim::objects::Object>,
    /// Lines as kubectl prints them: `Warning: unknown field "spec.foo"`.
    pub warnings: Vec<String>,
    /// The same warnings, located (path and message without the `Warning: ` prefix).
    pub warning_details: Vec<FieldError>,
}

/// Which stage rejected the manifest; decides how kubectl frames the message
/// (see [`ManifestError::kubectl_output`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Not YAML/JSON, or over a limit. kubectl: `error: error parsing FILE: MESSAGE`.
    Syntax,
    /// kubectl's own check of apiVersion/kind.
    /// kubectl: `error: error validating "FILE": MESSAGE; if you choose to ignore these errors, …`.
    TypeMeta,
    /// With `--validate=false`, a missing kind. kubectl: `error: unable to decode "FILE": MESSAGE`.
    UnableToDecode,
    /// The apiVersion/kind is not served. kubectl:
    /// `error: resource mapping not found for name: "N" namespace: "NS" from "FILE": MESSAGE`
    /// then `ensure CRDs are installed first`.
    NoMatch,
    /// The API server could not decode the object (wrong type, bad quantity): 400 BadRequest.
    BadRequest,
    /// Unknown fields with strict field validation: 400 BadRequest.
    StrictDecoding,
    /// Validation failed: 422 Invalid. `message` is what kubectl prints.
    Invalid,
}

/// The object an error is about, as far as it is known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectRef {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

/// One located problem with one field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldError {
    /// The API server's spelling: `spec.template.spec.containers[0].image`.
    pub path: String,
    /// Without the path: `Required value`, `Invalid value: "Foo": …`, `unknown field "x"`.
    pub message: String,
    /// 1-based, in the whole text; the nearest written ancestor when the field is absent.
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a manifest (or one document of it) was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManifestError {
    pub kind: ErrorKind,
    /// The core message, without kubectl's framing (see the [`ErrorKind`] variants), e.g.
    /// `no matches for kind "DaemonSet" in version "extensions/v1beta1"`.
    pub message: String,
    /// The offending field (`""` for the whole document).
    pub path: String,
    /// 1-based, in the whole text: the earliest offending spot.
    pub line: usize,
    pub col: usize,
    /// 0-based index of the document among the file's non-empty documents.
    pub document: usize,
    pub object: ObjectRef,
    /// Every located problem (validation causes, unknown fields); empty for single problems.
    pub causes: Vec<FieldError>,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ManifestError {}

impl ManifestError {
    /// What kubectl prints for this error when reading `source` (`verb` is `creating` or
    /// `applying`-style text used by kubectl: "creating", "patching").
    pub fn kubectl_output(&self, source: &str, verb: &str) -> String {
        match self.kind {
            ErrorKind::Syntax => format!("error: error parsing {source}: {}", self.message),
            ErrorKind::TypeMeta => format!(
                "error: error validating \"{source}\": {}; if you choose to ignore these errors, turn validation off with --validate=false",
                self.message
            ),
            ErrorKind::UnableToDecode => format!("error: unable to decode \"{source}\": {}", self.message),
            ErrorKind::NoMatch => format!(
                "error: resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{source}\": {}\nensure CRDs are installed first",
                self.object.name, self.object.namespace, self.message
            ),
            ErrorKind::BadRequest | ErrorKind::StrictDecoding => {
                format!("Error from server (BadRequest): error when {verb} \"{source}\": {}", self.message)
            }
            ErrorKind::Invalid => self.message.clone(),
        }
    }
}

/// Parses a manifest file: YAML documents separated by `---`, or a stream of JSON objects.
/// Empty documents are skipped. The first syntax error rejects the file.
pub fn parse(text: &str) -> Result<Vec<Document>, ManifestError> {
    match parse_partial(text) {
        (documents, None) => Ok(documents),
        (_, Some(error)) => Err(error),
    }
}

/// Like [`parse`], but also returns the documents before the first syntax error, which kubectl
/// has already applied by the time it reaches the broken one.
pub fn parse_partial(text: &str) -> (Vec<Document>, Option<ManifestError>) {
    yaml::parse_stream(text)
}

/// One JSON value, with nothing after it but whitespace, read by the same reader as JSON
/// manifests (Go's grammar); None when the text is not exactly one value.
pub fn parse_json_value(text: &str) -> Option<Value> {
    if text.len() > LIMITS.bytes_max {
        return None;
    }
    let outcome = json::parse_stream(text, &mut yaml::Budget::default());
    if outcome.error.is_some() || outcome.objects != 1 {
        return None;
    }
    Some(outcome.documents.into_iter().next().map_or(Value::Null, |d| d.value))
}

/// A syntax error at a spot.
pub(crate) fn syntax_error(message: String, line: usize, col: usize, document: usize) -> ManifestError {
    ManifestError {
        kind: ErrorKind::Syntax,
        message,
        path: String::new(),
        line,
        col,
        document,
        object: ObjectRef::default(),
        causes: Vec::new(),
    }
}
