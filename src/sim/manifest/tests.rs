//! Manifest ingest, end to end: parse → decode → defaults, with the exact strings kubectl and the
//! API server print and the positions in the user's text.

use super::*;
use crate::sim::objects::kinds::Registry;
use crate::sim::objects::Object;
use serde_json::{json, Value};

/// The DaemonSet of the tutorial (`/work/shared/seeds/000_c175b492ef4a51e1.txt`), indented: the
/// page's preset, so the tests and the page read the same text.
const TUTORIAL_DAEMONSET: &str = crate::view::presets::DAEMONSET;

/// The same text as the seed file holds it: every line lost its indentation.
const TUTORIAL_DAEMONSET_FLAT: &str = "\
apiVersion: apps/v1
kind: DaemonSet
metadata:
name: nginx-ds
labels:
k8s-app: nginx
spec:
selector:
matchLabels:
k8s-app: nginx
template:
metadata:
labels:
k8s-app: nginx
spec:
containers:
- image: nginx:1.7.9
name: nginx
ports:
- name: http
containerPort: 80
";

/// The tutorial's StatefulSet file (Service + StatefulSet), indented: the page's preset.
const TUTORIAL_STATEFULSET: &str = crate::view::presets::STATEFULSET_DEMO;

/// The tutorial's `pv001.yaml`: the page's preset.
const TUTORIAL_PV: &str = crate::view::presets::PV001;

fn registry() -> Registry {
    Registry::default()
}

fn one(text: &str) -> Document {
    let mut documents = parse(text).unwrap_or_else(|e| panic!("parse failed: {e:?}"));
    assert_eq!(documents.len(), 1, "{documents:?}");
    documents.remove(0)
}

fn decode_strict(text: &str) -> Result<Decoded, ManifestError> {
    decode(&one(text), &registry(), Validation::Strict)
}

fn decode_error(text: &str) -> ManifestError {
    match decode_strict(text) {
        Ok(decoded) => panic!("expected an error, got {decoded:?}"),
        Err(error) => error,
    }
}

fn decoded_object(text: &str) -> Object {
    let mut decoded = decode_strict(text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(decoded.objects.len(), 1);
    decoded.objects.remove(0)
}

fn defaulted_json(text: &str) -> Value {
    let mut object = decoded_object(text);
    apply_defaults(&mut object);
    object.to_json()
}

/// The text with `from` replaced by `to` (exactly once).
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?}");
    text.replacen(from, to, 1)
}

// ---- parsing ---------------------------------------------------------------------------------

#[test]
fn tutorial_daemonset_parses_with_positions() {
    let document = one(TUTORIAL_DAEMONSET);
    assert_eq!(document.value["spec"]["template"]["spec"]["containers"][0]["image"], json!("nginx:1.7.9"));
    assert_eq!(document.value["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"], json!(80));
    assert_eq!(document.positions["spec"], (7, 1));
    assert_eq!(document.positions["spec.template.spec.containers"], (16, 7));
    assert_eq!(document.positions["spec.template.spec.containers[0]"], (17, 9));
    assert_eq!(document.positions["spec.template.spec.containers[0].image"], (17, 9));
    assert_eq!(document.positions["spec.template.spec.containers[0].name"], (18, 9));
    assert_eq!(document.positions["spec.template.spec.containers[0].ports[0].containerPort"], (21, 11));
    assert_eq!(document.position("spec.template.spec.containers[0].imagePullPolicy"), (17, 9));
    assert_eq!((document.line, document.col), (1, 1));
}

#[test]
fn multiple_documents_keep_whole_file_positions_and_skip_empty_ones() {
    let text = format!("---\n# only a comment\n---\n{TUTORIAL_STATEFULSET}---\n---\n");
    let documents = parse(&text).unwrap();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0].value["kind"], json!("Service"));
    assert_eq!(documents[1].value["kind"], json!("StatefulSet"));
    assert_eq!(documents[1].index, 1);
    // The StatefulSet starts on line 4 + 14 of the file.
    assert_eq!(documents[1].positions["kind"], (19, 1));
    assert_eq!(documents[1].positions["spec.volumeClaimTemplates[0].spec.resources.requests.storage"], (51, 11));
}

#[test]
fn go_yaml_v2_scalars_in_a_manifest() {
    let document = one("a: yes\nb: off\nc: 0755\nd: \"0755\"\ne: ~\nf: 1.0\ng: 1.5\nh: 'on'\ni: 1_000\nj: 2001-12-14\n");
    assert_eq!(
        document.value,
        json!({"a": true, "b": false, "c": 493, "d": "0755", "e": null, "f": 1, "g": 1.5, "h": "on", "i": 1000, "j": "2001-12-14"})
    );
}

#[test]
fn duplicate_keys_keep_the_last_value_and_its_position() {
    let document = one("a:\n  x: 1\n  y: 2\nb: 3\na:\n  z: 4\n");
    assert_eq!(document.value, json!({"a": {"z": 4}, "b": 3}));
    assert_eq!(document.positions["a"], (5, 1));
    assert!(!document.positions.contains_key("a.x"));
    assert_eq!(document.positions["a.z"], (6, 3));
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let document = one("base: &base\n  app: web\n  tier: front\nlabels:\n  <<: *base\n  tier: back\ncopy: *base\n");
    assert_eq!(document.value["labels"], json!({"app": "web", "tier": "back"}));
    assert_eq!(document.value["copy"], json!({"app": "web", "tier": "front"}));
}

#[test]
fn keys_become_strings_like_sigs_k8s_io_yaml() {
    let document = one("yes: 1\n80: http\n1.5: x\n");
    assert_eq!(document.value, json!({"true": 1, "80": "http", "1.5": "x"}));
    let error = parse("~: 1\n").unwrap_err();
    assert_eq!(error.message, "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: 1");
}

#[test]
fn json_files_single_object_and_stream() {
    let text = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"p\"},\n  \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"nginx\"}]}\n}\n";
    let document = one(text);
    assert_eq!(document.value["spec"]["containers"][0]["image"], json!("nginx"));
    assert_eq!(document.positions["spec.containers[0].image"], (5, 41));
    let stream = format!("{text}{text}");
    assert_eq!(parse(&stream).unwrap().len(), 2);
    // YAML flow style that is not JSON still reads, through the YAML fallback.
    assert_eq!(one("{a: 1, b: [x, z]}").value, json!({"a": 1, "b": ["x", "z"]}));
}

#[test]
fn json_syntax_errors_are_gos() {
    // Broken JSON that is not YAML either: kubectl reports the JSON error.
    let error = parse("{\n  \"kind\": \"Pod\"\n  \"metadata\": {}\n}\n").unwrap_err();
    assert_eq!(error.kind, ErrorKind::Syntax);
    assert_eq!(error.message, "json: offset 21: invalid character '\"' after object key:value pair");
    assert_eq!((error.line, error.col), (3, 3));
    assert_eq!(
        error.kubectl_output("pod.json", "creating"),
        "error: error parsing pod.json: json: offset 21: invalid character '\"' after object key:value pair"
    );
    // A trailing comma is not JSON, but kubectl then reads the file as YAML, which allows it.
    assert_eq!(one("{\"kind\": \"Pod\",}").value, json!({"kind": "Pod"}));
    // Truncated JSON.
    assert_eq!(parse("{\"kind\": \"Pod\"").unwrap_err().message, "unexpected EOF");
}

#[test]
fn json_list_expands_to_its_items() {
    let text = r#"{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "v"}},
  {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}
]}"#;
    let decoded = decode_strict(text).unwrap();
    let kinds: Vec<&str> = decoded.objects.iter().map(Object::kind).collect();
    assert_eq!(kinds, ["ConfigMap", "Namespace"]);
    let bad = text.replace("\"metadata\": {\"name\": \"team-a\"}", "\"metadata\": {\"name\": \"Team_A\"}");
    let error = decode_error(&bad);
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert!(
        error
            .message
            .starts_with("The Namespace \"Team_A\" is invalid: metadata.name: Invalid value: \"Team_A\": a lowercase RFC 1123 label"),
        "{}",
        error.message
    );
    assert_eq!((error.line, error.col), (3, 58));
}

#[test]
fn yaml_list_kind_expands() {
    let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n    foo: 1\n";
    let error = decode_error(text);
    assert_eq!(error.kind, ErrorKind::StrictDecoding);
    assert_eq!(
        error.message,
        "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"metadata.foo\""
    );
    assert_eq!((error.line, error.col), (12, 5));
}

#[test]
fn yaml_syntax_errors_are_located_in_go_yamls_words() {
    // A mis-indented label: go-yaml names the line of the enclosing mapping's start, 0-based.
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    a: b\n   c: d\n";
    let error = parse(text).unwrap_err();
    assert_eq!(error.kind, ErrorKind::Syntax);
    assert_eq!(error.message, "error converting YAML to JSON: yaml: line 3: did not find expected key");
    assert_eq!((error.line, error.col), (7, 5));
    assert_eq!(
        error.kubectl_output("pod.yaml", "creating"),
        "error: error parsing pod.yaml: error converting YAML to JSON: yaml: line 3: did not find expected key"
    );
    let error = parse("a: b\n c: d\n").unwrap_err();
    assert_eq!(error.message, "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context");
    assert_eq!((error.line, error.col), (2, 3));
    let error = parse("a:\n\t- b\n").unwrap_err();
    assert_eq!(error.message, "error converting YAML to JSON: yaml: line 2: found character that cannot start any token");
}

#[test]
fn yaml_line_numbers_in_messages_count_from_the_document() {
    let text = format!("{TUTORIAL_PV}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n    a: b\n   c: d\n");
    let (documents, error) = parse_partial(&text);
    assert_eq!(documents.len(), 1, "the PV before the broken document is kept");
    let error = error.unwrap();
    assert_eq!(error.message, "error converting YAML to JSON: yaml: line 3: did not find expected key");
    assert_eq!((error.line, error.col), (22, 5));
    assert_eq!(error.document, 1);
}

#[test]
fn separators_followed_by_text_are_rejected() {
    let error = parse("a: 1\n--- b: 2\n").unwrap_err();
    assert_eq!(error.message, "invalid Yaml document separator: b: 2");
    assert_eq!(error.line, 2);
}

#[test]
fn alias_bombs_depth_and_size_are_bounded() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let previous = level - 1;
        bomb.push_str(&format!("a{level}: &a{level} [*a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}, *a{previous}]\n"));
    }
    let error = parse(&bomb).unwrap_err();
    assert_eq!(error.message, "error converting YAML to JSON: yaml: document contains excessive aliasing");
    let deep = "[".repeat(250) + &"]".repeat(250);
    let error = parse(&deep).unwrap_err();
    assert!(error.message.contains("exceeded max depth") || error.message.contains("json:"), "{}", error.message);
    let deep_block = (0..300).map(|i| format!("{}- \n", "  ".repeat(i))).collect::<String>();
    assert!(parse(&deep_block).is_err());
    let huge = "a: b\n".repeat(LIMITS.bytes_max / 5 + 1);
    assert!(parse(&huge).unwrap_err().message.contains("more than the limit"));
}

#[test]
fn nothing_panics_on_garbage() {
    let samples = [
        "",
        "---",
        "...",
        "- - -",
        "{",
        "}",
        "[",
        "]",
        "{{{{",
        "&a *a",
        "*unknown",
        "!!int abc",
        "!!binary ???",
        "a: !!float x",
        ":",
        "? a\n: b",
        "? [a, b]\n: c",
        "a: |\n  x\n b",
        "\"\\u12\"",
        "'",
        "a: 'x",
        "%YAML 1.2\n---\na: 1",
        "- &a [*a]",
        "a: &a\n  b: *a",
        "{\"a\": 1e999}",
        "{\"a\": -}",
        "{\"a\": \"\\ud800\"}",
        "\u{feff}a: 1",
        "a: .nan",
        "a: -.inf",
        "<<: [1, 2]",
        "<<: *x",
        "a:\r\n  b: c\r\n",
        "\t",
        "a: \"\\x\"",
        "- a\nb: c",
        "[a, b]: c",
        "a: b: c: d",
    ];
    for sample in samples {
        let (documents, _) = parse_partial(sample);
        for document in &documents {
            let _ = decode(document, &registry(), Validation::Strict);
            let _ = decode(document, &registry(), Validation::Ignore);
        }
    }
    // Pseudo-random mutations of real manifests.
    let mut rng = crate::sim::rng::Rng::new(7);
    let alphabet: Vec<char> = " :-\n\t[]{},&*!|>'\"#%@`?~0aZé".chars().collect();
    for round in 0..1500 {
        let base: Vec<char> = [TUTORIAL_DAEMONSET, TUTORIAL_STATEFULSET, TUTORIAL_PV][round % 3].chars().collect();
        let mut text = base.clone();
        for _ in 0..(1 + rng.index(6)) {
            if text.is_empty() {
                break;
            }
            let at = rng.index(text.len());
            match rng.index(3) {
                0 => {
                    text.remove(at);
                }
                1 => text.insert(at, alphabet[rng.index(alphabet.len())]),
                _ => text[at] = alphabet[rng.index(alphabet.len())],
            }
        }
        let text: String = text.into_iter().collect();
        let (documents, _) = parse_partial(&text);
        for document in &documents {
            for validation in [Validation::Strict, Validation::Warn, Validation::Ignore] {
                if let Ok(decoded) = decode(document, &registry(), validation) {
                    for mut object in decoded.objects {
                        apply_defaults(&mut object);
                        on_create(&mut object);
                    }
                }
            }
        }
    }
}

// ---- the tutorial pasted without indentation -------------------------------------------------

#[test]
fn flat_tutorial_is_rejected_with_located_unknown_fields() {
    let document = one(TUTORIAL_DAEMONSET_FLAT);
    let error = decode(&document, &registry(), Validation::Strict).unwrap_err();
    assert_eq!(error.kind, ErrorKind::StrictDecoding);
    assert_eq!(
        error.message,
        "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"containerPort\", unknown field \"containers\", unknown field \"k8s-app\", unknown field \"labels\", unknown field \"matchLabels\", unknown field \"name\", unknown field \"ports\", unknown field \"selector\", unknown field \"template\""
    );
    // The earliest offending spot: `selector:` on line 8 (`name`, `labels` and `k8s-app` come
    // earlier but are written again further down, and the last one wins).
    assert_eq!((error.line, error.col), (8, 1));
    assert_eq!(error.causes.len(), 9);
    assert_eq!(error.causes[0].path, "containerPort");
    assert_eq!((error.causes[0].line, error.causes[0].col), (21, 1));
    // With --validate=warn the same fields are warnings, and validation then rejects it.
    let error = decode(&document, &registry(), Validation::Warn).unwrap_err();
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert!(
        error.message.starts_with("The DaemonSet \"\" is invalid: \n* metadata.name: Required value: name or generateName is required\n"),
        "{}",
        error.message
    );
}

// ---- kubectl's apiVersion/kind check ---------------------------------------------------------

#[test]
fn missing_kind_and_api_version() {
    let error = decode_error("metadata:\n  name: x\n");
    assert_eq!(error.kind, ErrorKind::TypeMeta);
    assert_eq!(error.message, "error validating data: [apiVersion not set, kind not set]");
    assert_eq!((error.line, error.col), (1, 1));
    assert_eq!(
        error.kubectl_output("x.yaml", "creating"),
        "error: error validating \"x.yaml\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false"
    );
    let error = decode_error("apiVersion: v1\nmetadata:\n  name: x\n");
    assert_eq!(error.message, "error validating data: kind not set");
    let error = decode_error("apiVersion: v1\nkind: [Pod]\n");
    assert_eq!(error.message, "error validating data: kind isn't string type");
    assert_eq!((error.line, error.col), (2, 1));
    let error = decode_error("apiVersion: a/b/c\nkind: Pod\n");
    assert_eq!(error.message, "error validating data: unexpected GroupVersion string: a/b/c");
    // --validate=false skips kubectl's check; its decoder then needs a kind.
    let document = one("apiVersion: v1\nmetadata:\n  name: x\n");
    let error = decode(&document, &registry(), Validation::Ignore).unwrap_err();
    assert_eq!(error.kind, ErrorKind::UnableToDecode);
    assert_eq!(error.message, "Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'");
    assert_eq!(
        error.kubectl_output("x.yaml", "creating"),
        "error: unable to decode \"x.yaml\": Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'"
    );
}

#[test]
fn prose_pasted_as_a_manifest_is_not_an_object() {
    let error = decode_error("DaemonSet\n\nDaemon,就是用来部署守护进程的\n");
    assert_eq!(error.kind, ErrorKind::TypeMeta);
    assert_eq!(error.message, "error validating data: invalid object to validate");
    assert_eq!((error.line, error.col), (1, 1));
}

// ---- resource mapping ------------------------------------------------------------------------

#[test]
fn removed_api_versions_have_no_match() {
    let text = edit(TUTORIAL_DAEMONSET, "apiVersion: apps/v1", "apiVersion: extensions/v1beta1");
    let error = decode_error(&text);
    assert_eq!(error.kind, ErrorKind::NoMatch);
    assert_eq!(error.message, "no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"");
    assert_eq!((error.line, error.col), (1, 1));
    assert_eq!(
        error.object,
        ObjectRef { api_version: "extensions/v1beta1".into(), kind: "DaemonSet".into(), name: "nginx-ds".into(), namespace: String::new() }
    );
    assert_eq!(
        error.kubectl_output("ds.yaml", "creating"),
        "error: resource mapping not found for name: \"nginx-ds\" namespace: \"\" from \"ds.yaml\": no matches for kind \"DaemonSet\" in version \"extensions/v1beta1\"\nensure CRDs are installed first"
    );
    let text = edit(TUTORIAL_DAEMONSET, "apiVersion: apps/v1", "apiVersion: apps/v1beta2");
    assert_eq!(decode_error(&text).message, "no matches for kind \"DaemonSet\" in version \"apps/v1beta2\"");
    let error = decode_error("apiVersion: v1\nkind: Deamonset\nmetadata:\n  name: x\n");
    assert_eq!(error.message, "no matches for kind \"Deamonset\" in version \"v1\"");
    assert_eq!((error.line, error.col), (2, 1));
}

#[test]
fn custom_kinds_need_their_crd() {
    let crd_text = "\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec: {type: string}
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
";
    let crd = decoded_object(crd_text);
    let info = kind_info_from_crd(&crd.to_json()).unwrap();
    assert_eq!(
        (info.kind.as_str(), info.group.as_str(), info.version.as_str(), info.plural.as_str()),
        ("CronTab", "stable.example.com", "v1", "crontabs")
    );
    assert_eq!(info.short_names, ["ct"]);
    assert!(info.namespaced);
    assert_eq!(info.fields, ["spec"]);
    let resource = "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: my-cron\nspec:\n  cronSpec: '* * * * */5'\n  image: my-cron-image\n";
    let document = one(resource);
    let mut registry = registry();
    let error = decode(&document, &registry, Validation::Strict).unwrap_err();
    assert_eq!(error.message, "no matches for kind \"CronTab\" in version \"stable.example.com/v1\"");
    registry.add(info);
    let decoded = decode(&document, &registry, Validation::Strict).unwrap();
    assert_eq!(decoded.objects[0].to_json()["spec"]["image"], json!("my-cron-image"));
    let error = decode(&one(&format!("{resource}extra: 1\n")), &registry, Validation::Strict).unwrap_err();
    assert_eq!(error.message, "CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field \"extra\"");
    assert_eq!((error.line, error.col), (8, 1));
    let bad = crd_text.replace("name: crontabs.stable.example.com", "name: crontab.stable.example.com");
    let error = decode_error(&bad);
    assert_eq!(error.message, "The CustomResourceDefinition \"crontab.stable.example.com\" is invalid: metadata.name: Invalid value: \"crontab.stable.example.com\": must be spec.names.plural+\".\"+spec.group");
    assert!(kind_info_from_crd(
        &json!({"spec": {"group": "g.io", "names": {"kind": "K", "plural": "ks"}, "scope": "Cluster", "versions": []}})
    )
    .is_err());
}

// ---- unknown fields --------------------------------------------------------------------------

#[test]
fn unknown_fields_strict_warn_ignore() {
    let text = edit(TUTORIAL_DAEMONSET, "      containers:\n", "      contaners:\n");
    let text = edit(&text, "spec:\n  selector:", "spec:\n  foo: bar\n  selector:");
    let document = one(&text);
    let error = decode(&document, &registry(), Validation::Strict).unwrap_err();
    assert_eq!(error.kind, ErrorKind::StrictDecoding);
    assert_eq!(
        error.message,
        "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.template.spec.contaners\""
    );
    assert_eq!(error.causes[0], FieldError { path: "spec.foo".into(), message: "unknown field \"spec.foo\"".into(), line: 8, col: 3 });
    assert_eq!(error.causes[1].path, "spec.template.spec.contaners");
    assert_eq!((error.causes[1].line, error.causes[1].col), (17, 7));
    assert_eq!((error.line, error.col), (8, 3));
    assert_eq!(
        error.kubectl_output("ds.yaml", "creating"),
        "Error from server (BadRequest): error when creating \"ds.yaml\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"spec.foo\", unknown field \"spec.template.spec.contaners\""
    );
    // warn: warnings, then validation finds no containers.
    let error = decode(&document, &registry(), Validation::Warn).unwrap_err();
    assert_eq!(error.message, "The DaemonSet \"nginx-ds\" is invalid: spec.template.spec.containers: Required value");
    assert_eq!((error.line, error.col), (16, 5));
    // A typo inside a list item.
    let text = edit(TUTORIAL_DAEMONSET, "      - image: nginx:1.7.9", "      - imagee: nginx:1.7.9");
    let document = one(&text);
    let error = decode(&document, &registry(), Validation::Strict).unwrap_err();
    assert!(
        error.message.ends_with("strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\""),
        "{}",
        error.message
    );
    assert_eq!((error.line, error.col), (17, 9));
    let error = decode(&document, &registry(), Validation::Warn).unwrap_err();
    assert_eq!(error.message, "The DaemonSet \"nginx-ds\" is invalid: spec.template.spec.containers[0].image: Required value");
    assert_eq!((error.line, error.col), (17, 9));
    // Warnings when the rest is valid; ignore drops them silently.
    let text = edit(TUTORIAL_DAEMONSET, "        name: nginx\n", "        name: nginx\n        imagePullPolicyy: Always\n");
    let document = one(&text);
    let decoded = decode(&document, &registry(), Validation::Warn).unwrap();
    assert_eq!(decoded.warnings, ["Warning: unknown field \"spec.template.spec.containers[0].imagePullPolicyy\""]);
    assert_eq!((decoded.warning_details[0].line, decoded.warning_details[0].col), (19, 9));
    assert_eq!(decoded.objects.len(), 1);
    let decoded = decode(&document, &registry(), Validation::Ignore).unwrap();
    assert!(decoded.warnings.is_empty());
    assert!(decoded.objects[0].to_json()["spec"]["template"]["spec"]["containers"][0].get("imagePullPolicyy").is_none());
}

#[test]
fn unknown_fields_in_kinds_kept_as_json_are_dropped_like_the_api_server() {
    let (_, statefulset) = TUTORIAL_STATEFULSET.split_once("---\n").unwrap();
    let text = edit(statefulset, "  serviceName:", "  serviceNmae: x\n  serviceName:");
    let text = edit(&text, "          mountPath:", "          mountPth: /x\n          mountPath:");
    let document = one(&text);
    let error = decode(&document, &registry(), Validation::Strict).unwrap_err();
    assert_eq!(
        error.message,
        "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: strict decoding error: unknown field \"spec.serviceNmae\", unknown field \"spec.template.spec.containers[0].volumeMounts[0].mountPth\""
    );
    let decoded = decode(&document, &registry(), Validation::Ignore).unwrap();
    let json = decoded.objects[0].to_json();
    assert!(json["spec"].get("serviceNmae").is_none());
    assert!(json["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0].get("mountPth").is_none());
    assert_eq!(json["spec"]["serviceName"], json!("nginx"));
}

// ---- wrong types -----------------------------------------------------------------------------

#[test]
fn wrong_types_in_the_api_servers_words() {
    let text = edit(TUTORIAL_DAEMONSET, "containerPort: 80", "containerPort: \"80\"");
    let error = decode_error(&text);
    assert_eq!(error.kind, ErrorKind::BadRequest);
    assert_eq!(
        error.message,
        "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32"
    );
    assert_eq!(error.path, "spec.template.spec.containers[0].ports[0].containerPort");
    assert_eq!((error.line, error.col), (21, 11));
    assert_eq!(
        error.kubectl_output("ds.yaml", "creating"),
        format!("Error from server (BadRequest): error when creating \"ds.yaml\": {}", error.message)
    );
    // go-yaml v2 reads `yes` as a boolean.
    let text = edit(TUTORIAL_DAEMONSET, "    k8s-app: nginx\nspec", "    k8s-app: nginx\n    enabled: yes\nspec");
    let error = decode_error(&text);
    assert_eq!(error.message, "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string");
    assert_eq!((error.line, error.col), (7, 5));
    let (_, statefulset) = TUTORIAL_STATEFULSET.split_once("---\n").unwrap();
    let error = decode_error(&edit(statefulset, "replicas: 2", "replicas: two"));
    assert_eq!(error.message, "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32");
    let error = decode_error(&edit(statefulset, "replicas: 2", "replicas: 2.5"));
    assert_eq!(error.message, "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: json: cannot unmarshal number 2.5 into Go struct field StatefulSetSpec.spec.replicas of type int32");
    let error = decode_error(&edit(statefulset, "storage: 1Gi", "storage: 1GB"));
    assert_eq!(
        error.message,
        "StatefulSet in version \"v1\" cannot be handled as a StatefulSet: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
    );
    assert_eq!(error.path, "spec.volumeClaimTemplates[0].spec.resources.requests[storage]");
    assert_eq!((error.line, error.col), (34, 11));
    let error = decode_error(&edit(TUTORIAL_DAEMONSET, "      containers:\n", "      containers: nginx\n      initContainers:\n"));
    assert_eq!(error.message, "DaemonSet in version \"v1\" cannot be handled as a DaemonSet: json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container");
    let error = decode_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: yesterday\nspec:\n  containers: []\n");
    assert_eq!(error.message, "Pod in version \"v1\" cannot be handled as a Pod: parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"");
    // Text that would trip the core's time parser is caught first.
    let error = decode_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: \"2026-01-01T00:00:00+0é:0\"\n");
    assert_eq!(error.kind, ErrorKind::BadRequest);
    let error = decode_error("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: not*base64\n");
    assert_eq!(error.message, "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3");
}

// ---- validation ------------------------------------------------------------------------------

#[test]
fn daemonset_validation_messages() {
    let text = edit(TUTORIAL_DAEMONSET, "  selector:\n    matchLabels:\n      k8s-app: nginx\n", "");
    let error = decode_error(&text);
    assert_eq!(error.kind, ErrorKind::Invalid);
    assert_eq!(
        error.message,
        "The DaemonSet \"nginx-ds\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"k8s-app\":\"nginx\"}: `selector` does not match template `labels`"
    );
    assert_eq!((error.line, error.col), (10, 7));
    let text = edit(TUTORIAL_DAEMONSET, "      k8s-app: nginx\n  template", "      k8s-app: web\n  template");
    let error = decode_error(&text);
    assert!(error.message.ends_with("`selector` does not match template `labels`"));
    let text = edit(TUTORIAL_DAEMONSET, "  name: nginx-ds", "  name: Foo_bar");
    assert_eq!(
        decode_error(&text).message,
        "The DaemonSet \"Foo_bar\" is invalid: metadata.name: Invalid value: \"Foo_bar\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    );
    assert_eq!((decode_error(&text).line, decode_error(&text).col), (4, 3));
    let text = edit(TUTORIAL_DAEMONSET, "      - image: nginx:1.7.9\n        name: nginx\n", "      - ports:\n");
    let text = edit(&text, "        ports:\n        - name", "        - name");
    let error = decode_error(&text);
    assert_eq!(
        error.message,
        "The DaemonSet \"nginx-ds\" is invalid: \n* spec.template.spec.containers[0].name: Required value\n* spec.template.spec.containers[0].image: Required value"
    );
    assert_eq!(error.causes.len(), 2);
    assert_eq!((error.causes[0].line, error.causes[0].col), (17, 9));
    let text = edit(TUTORIAL_DAEMONSET, "      containers:\n      - image: nginx:1.7.9\n        name: nginx\n        ports:\n        - name: http\n          containerPort: 80\n", "      containers: []\n");
    assert_eq!(decode_error(&text).message, "The DaemonSet \"nginx-ds\" is invalid: spec.template.spec.containers: Required value");
}

#[test]
fn daemonset_rolling_update_rules_ds_33() {
    let strategy = |body: &str| {
        edit(
            TUTORIAL_DAEMONSET,
            "spec:\n  selector:",
            &format!("spec:\n  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n{body}  selector:"),
        )
    };
    // Only maxSurge: defaulting fills maxUnavailable 1, so both are non-zero.
    let error = decode_error(&strategy("      maxSurge: 1\n"));
    assert_eq!(
        error.message,
        "The DaemonSet \"nginx-ds\" is invalid: spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero"
    );
    assert_eq!((error.line, error.col), (11, 7));
    let error = decode_error(&strategy("      maxSurge: 0\n      maxUnavailable: 0\n"));
    assert_eq!(error.message, "The DaemonSet \"nginx-ds\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0");
    assert!(decode_strict(&strategy("      maxSurge: 1\n      maxUnavailable: 0\n")).is_ok());
    assert!(decode_strict(&strategy("      maxUnavailable: 50%\n")).is_ok());
    let error = decode_error(&strategy("      maxUnavailable: \"50\"\n"));
    assert_eq!(
        error.message,
        "The DaemonSet \"nginx-ds\" is invalid: spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"50\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
    );
    let error = decode_error(&strategy("      maxUnavailable: 150%\n"));
    assert!(
        error.message.ends_with("Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%"),
        "{}",
        error.message
    );
}

#[test]
fn pod_validation_messages() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  restartPolicy: Sometimes\n  containers:\n  - name: Web\n    image: nginx\n    imagePullPolicy: Sometimes\n    ports:\n    - containerPort: 70000\n      protocol: tcp\n    resources:\n      requests:\n        cpu: \"2\"\n      limits:\n        cpu: \"1\"\n    livenessProbe:\n      periodSeconds: 5\n    volumeMounts:\n    - name: data\n      mountPath: /data\n";
    let error = decode_error(pod);
    let lines: Vec<&str> = error.message.lines().collect();
    assert_eq!(lines[0], "The Pod \"web\" is invalid: ");
    assert_eq!(
        &lines[1..],
        [
            "* spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            "* spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
            "* spec.containers[0].ports[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "* spec.containers[0].volumeMounts[0].name: Not found: \"data\"",
            "* spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
            "* spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
            "* spec.containers[0].livenessProbe: Required value: must specify a handler type",
            "* spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
        ]
    );
    let positions: Vec<(usize, usize)> = error.causes.iter().map(|c| (c.line, c.col)).collect();
    assert_eq!(positions, [(8, 5), (12, 7), (13, 7), (22, 7), (10, 5), (15, 7), (19, 5), (6, 3)]);
    assert_eq!((error.line, error.col), (6, 3));
    let error = decode_error(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: x\nspec:\n  containers:\n  - name: a\n    image: b\n    tolerations: []\n",
    );
    assert!(error.message.contains("unknown field \"spec.containers[0].tolerations\""));
    let error =
        decode_error("apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    app: x\nspec:\n  containers:\n  - name: a\n    image: b\n");
    assert_eq!(error.message, "The Pod \"\" is invalid: metadata.name: Required value: name or generateName is required");
    assert_eq!((error.line, error.col), (3, 1));
    let error = decode_error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    bad key: \"-x\"\nspec:\n  containers:\n  - name: a\n    image: b\n");
    assert_eq!(error.causes.len(), 2);
    assert!(error.causes[0].message.starts_with("Invalid value: \"bad key\": name part must consist of alphanumeric characters"));
    assert!(error.causes[1]
        .message
        .starts_with("Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters"));
    assert_eq!((error.causes[1].line, error.causes[1].col), (6, 5));
}

#[test]
fn statefulset_validation_messages() {
    let (_, statefulset) = TUTORIAL_STATEFULSET.split_once("---\n").unwrap();
    assert!(decode_strict(statefulset).is_ok());
    let text = edit(statefulset, "  selector:\n    matchLabels:\n      app: nginx\n      role: stateful\n", "");
    let error = decode_error(&text);
    assert_eq!(
        error.message,
        "The StatefulSet \"web\" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"nginx\", \"role\":\"stateful\"}: `selector` does not match template `labels`"
    );
    let text = edit(statefulset, "    spec:\n      containers:", "    spec:\n      restartPolicy: OnFailure\n      containers:");
    assert_eq!(
        decode_error(&text).message,
        "The StatefulSet \"web\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""
    );
    // The API server does not validate a StatefulSet's pod spec (no image is accepted).
    assert!(decode_strict(&edit(statefulset, "        image: cnych/nginx-slim:0.8\n", "")).is_ok());
    let text = edit(statefulset, "metadata:\n  name: web\n", "metadata:\n  name: web.v1\n");
    assert!(decode_error(&text).message.contains("metadata.name: Invalid value: \"web.v1\": a lowercase RFC 1123 label"));
}

#[test]
fn service_validation_messages() {
    let (service, _) = TUTORIAL_STATEFULSET.split_once("---\n").unwrap();
    assert!(decode_strict(service).is_ok());
    let without_ports = edit(service, "  ports:\n  - port: 80\n    name: web\n", "");
    assert!(decode_strict(&without_ports).is_ok(), "headless services need no ports");
    let error = decode_error(&edit(&without_ports, "  clusterIP: None\n", ""));
    assert_eq!(error.message, "The Service \"nginx\" is invalid: spec.ports: Required value");
    assert_eq!((error.line, error.col), (5, 1));
    assert!(decode_strict(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db.example.com\n"
    )
    .is_ok());
    let text =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: 1web\nspec:\n  ports:\n  - port: 80\n  - port: 0\n    targetPort: http_port\n";
    let error = decode_error(text);
    let messages: Vec<String> = error.causes.iter().map(|c| c.to_string()).collect();
    assert_eq!(messages[0], "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    assert_eq!(
        &messages[1..4],
        [
            "spec.ports[0].name: Required value",
            "spec.ports[1].name: Required value",
            "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
        ]
    );
    assert!(
        messages[4].starts_with("spec.ports[1].targetPort: Invalid value: \"http_port\": must contain only alpha-numeric characters"),
        "{messages:?}"
    );
}

#[test]
fn storage_validation_and_warnings() {
    let decoded = decode_strict(TUTORIAL_PV).unwrap();
    assert_eq!(
        decoded.warnings,
        ["Warning: spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, the recommended approach is to use dynamic provisioning."]
    );
    assert_eq!((decoded.warning_details[0].line, decoded.warning_details[0].col), (12, 3));
    let text = edit(TUTORIAL_PV, "  capacity:\n    storage: 1Gi\n  accessModes:\n  - ReadWriteOnce\n", "");
    let error = decode_error(&text);
    assert_eq!(
        error.message,
        "The PersistentVolume \"pv001\" is invalid: \n* spec.accessModes: Required value\n* spec.capacity: Required value\n* spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\""
    );
    let claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      memory: 1Gi\n";
    let error = decode_error(claim);
    assert_eq!(error.message, "The PersistentVolumeClaim \"data\" is invalid: spec.resources[storage]: Required value");
    assert_eq!((error.line, error.col), (7, 3));
    let claim = edit(claim, "memory: 1Gi", "storage: 1Gi");
    assert!(decode_strict(&claim).is_ok());
    let error = decode_error(&edit(&claim, "  accessModes: [ReadWriteOnce]\n", ""));
    assert_eq!(
        error.message,
        "The PersistentVolumeClaim \"data\" is invalid: spec.accessModes: Required value: at least 1 access mode is required"
    );
    let error = decode_error(&edit(TUTORIAL_PV, "/tmp/data", "/"));
    assert_eq!(error.message, "The PersistentVolume \"pv001\" is invalid: spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'");
    let error = decode_error("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Team.A\n");
    assert!(error
        .message
        .starts_with("The Namespace \"Team.A\" is invalid: metadata.name: Invalid value: \"Team.A\": a lowercase RFC 1123 label"));
    let error = decode_error("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nvolumeBindingMode: Later\n");
    assert_eq!(
        error.message,
        "The StorageClass \"fast\" is invalid: \n* provisioner: Required value\n* volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\""
    );
}

#[test]
fn node_validation_messages() {
    let text = "apiVersion: v1\nkind: Node\nmetadata:\n  name: w1\nspec:\n  taints:\n  - key: dedicated\n    effect: NoSchedulee\n  - key: gpu\nstatus:\n  capacity:\n    cpu: 4\n    memory: 8Gi\n";
    let error = decode_error(text);
    assert_eq!(
        error.message,
        "The Node \"w1\" is invalid: \n* spec.taints[0].effect: Unsupported value: \"NoSchedulee\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"\n* spec.taints[1].effect: Required value"
    );
    assert_eq!((error.causes[0].line, error.causes[0].col), (8, 5));
    assert_eq!((error.causes[1].line, error.causes[1].col), (9, 5));
}

// ---- defaults --------------------------------------------------------------------------------

#[test]
fn pod_defaults_and_admission() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 80
    readinessProbe:
      httpGet:
        port: 80
    resources:
      limits:
        cpu: 500m
  - name: sidecar
    image: busybox:1.36
  tolerations:
  - key: node.kubernetes.io/unreachable
    operator: Exists
    effect: NoExecute
";
    let json = defaulted_json(text);
    let spec = &json["spec"];
    assert_eq!(spec["restartPolicy"], json!("Always"));
    assert_eq!(spec["terminationGracePeriodSeconds"], json!(30));
    assert_eq!(spec["dnsPolicy"], json!("ClusterFirst"));
    assert_eq!(spec["schedulerName"], json!("default-scheduler"));
    assert_eq!(spec["securityContext"], json!({}));
    assert_eq!(spec["enableServiceLinks"], json!(true));
    assert_eq!(spec["serviceAccountName"], json!("default"));
    assert_eq!(spec["serviceAccount"], json!("default"));
    assert_eq!(spec["priority"], json!(0));
    assert_eq!(spec["preemptionPolicy"], json!("PreemptLowerPriority"));
    let web = &spec["containers"][0];
    assert_eq!(web["imagePullPolicy"], json!("Always"));
    assert_eq!(web["terminationMessagePath"], json!("/dev/termination-log"));
    assert_eq!(web["terminationMessagePolicy"], json!("File"));
    assert_eq!(web["ports"][0]["protocol"], json!("TCP"));
    assert_eq!(
        web["readinessProbe"],
        json!({"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3})
    );
    assert_eq!(web["resources"]["requests"], json!({"cpu": "500m"}));
    assert_eq!(spec["containers"][1]["imagePullPolicy"], json!("IfNotPresent"));
    // NODE-06: only the missing toleration is added.
    assert_eq!(
        spec["tolerations"],
        json!([
            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
        ])
    );
    let mut object = decoded_object(text);
    apply_defaults(&mut object);
    let once = object.clone();
    apply_defaults(&mut object);
    assert_eq!(object, once, "defaults are idempotent");
    on_create(&mut object);
    assert_eq!(object.to_json()["status"], json!({"phase": "Pending", "qosClass": "Burstable"}));
}

#[test]
fn daemonset_defaults_ds_32_and_the_template_generation() {
    let json = defaulted_json(TUTORIAL_DAEMONSET);
    assert_eq!(json["spec"]["updateStrategy"], json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}));
    assert_eq!(json["spec"]["revisionHistoryLimit"], json!(10));
    let pod = &json["spec"]["template"]["spec"];
    assert_eq!(pod["restartPolicy"], json!("Always"));
    assert_eq!(pod["containers"][0]["imagePullPolicy"], json!("IfNotPresent"));
    assert!(pod.get("enableServiceLinks").is_none(), "templates are not pods");
    assert!(pod.get("serviceAccountName").is_none());
    assert!(pod.get("tolerations").is_none());
    let mut object = decoded_object(TUTORIAL_DAEMONSET);
    apply_defaults(&mut object);
    on_create(&mut object);
    let json = object.to_json();
    assert_eq!(json["metadata"]["annotations"], json!({"deprecated.daemonset.template.generation": "1"}));
    assert_eq!(object.as_daemonset().map(|d| d.template_generation()), Some(1));
    // OnDelete gets no rolling update parameters.
    let text = edit(TUTORIAL_DAEMONSET, "spec:\n  selector:", "spec:\n  updateStrategy:\n    type: OnDelete\n  selector:");
    assert_eq!(defaulted_json(&text)["spec"]["updateStrategy"], json!({"type": "OnDelete"}));
}

#[test]
fn statefulset_and_storage_defaults() {
    let documents = parse(TUTORIAL_STATEFULSET).unwrap();
    let mut objects = Vec::new();
    for document in &documents {
        for mut object in decode(document, &registry(), Validation::Strict).unwrap().objects {
            apply_defaults(&mut object);
            objects.push(object.to_json());
        }
    }
    let service = &objects[0]["spec"];
    assert_eq!(service["type"], json!("ClusterIP"));
    assert_eq!(service["sessionAffinity"], json!("None"));
    assert_eq!(service["ports"][0], json!({"name": "web", "port": 80, "protocol": "TCP", "targetPort": 80}));
    assert_eq!(service["ipFamilies"], json!(["IPv4"]));
    assert_eq!(service["ipFamilyPolicy"], json!("SingleStack"));
    assert_eq!(service["internalTrafficPolicy"], json!("Cluster"));
    assert_eq!(service["clusterIPs"], json!(["None"]));
    let spec = &objects[1]["spec"];
    assert_eq!(spec["replicas"], json!(2), "written values stay");
    assert_eq!(spec["podManagementPolicy"], json!("OrderedReady"));
    assert_eq!(spec["updateStrategy"], json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}));
    assert_eq!(spec["persistentVolumeClaimRetentionPolicy"], json!({"whenDeleted": "Retain", "whenScaled": "Retain"}));
    assert_eq!(spec["revisionHistoryLimit"], json!(10));
    assert_eq!(spec["template"]["spec"]["dnsPolicy"], json!("ClusterFirst"));
    let claim = &spec["volumeClaimTemplates"][0];
    assert_eq!(claim["spec"]["volumeMode"], json!("Filesystem"));
    assert_eq!(claim["status"], json!({"phase": "Pending"}));
    let statefulset = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  selector:\n    matchLabels: {a: b}\n  template:\n    metadata:\n      labels: {a: b}\n    spec:\n      containers: [{name: c, image: i}]\n";
    assert_eq!(defaulted_json(statefulset)["spec"]["replicas"], json!(1));
    let pv = defaulted_json(&edit(TUTORIAL_PV, "  persistentVolumeReclaimPolicy: Recycle\n", ""));
    assert_eq!(pv["spec"]["persistentVolumeReclaimPolicy"], json!("Retain"));
    assert_eq!(pv["spec"]["volumeMode"], json!("Filesystem"));
    assert_eq!(pv["spec"]["hostPath"], json!({"path": "/tmp/data", "type": ""}));
    let class =
        defaulted_json("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local\nprovisioner: rancher.io/local-path\n");
    assert_eq!(class["reclaimPolicy"], json!("Delete"));
    assert_eq!(class["volumeBindingMode"], json!("Immediate"));
    let claim = defaulted_json("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n");
    assert_eq!(claim["spec"]["volumeMode"], json!("Filesystem"));
    let namespace = defaulted_json("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n");
    assert_eq!(namespace["metadata"]["labels"], json!({"kubernetes.io/metadata.name": "team-a"}));
}

#[test]
fn objects_keep_every_field_the_user_wrote() {
    let text = edit(
        TUTORIAL_DAEMONSET,
        "    spec:\n      containers:",
        "    spec:\n      hostNetwork: true\n      priorityClassName: high\n      containers:",
    );
    let text = edit(&text, "          containerPort: 80\n", "          containerPort: 80\n          hostPort: 80\n        env:\n        - name: A\n          value: \"1\"\n        securityContext:\n          privileged: true\n");
    let json = decoded_object(&text).to_json();
    let pod = &json["spec"]["template"]["spec"];
    assert_eq!(pod["hostNetwork"], json!(true));
    assert_eq!(pod["priorityClassName"], json!("high"));
    assert_eq!(pod["containers"][0]["env"], json!([{"name": "A", "value": "1"}]));
    assert_eq!(pod["containers"][0]["securityContext"], json!({"privileged": true}));
    assert_eq!(json["metadata"]["labels"], json!({"k8s-app": "nginx"}));
}

// ---- k8s-openapi oracle ----------------------------------------------------------------------

/// decode → apply_defaults → on_create → to_json must deserialize into the real Kubernetes type
/// and serialize back to the same JSON: no field the core writes is unknown to Kubernetes.
#[cfg(not(target_arch = "wasm32"))]
fn assert_kubernetes_accepts<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) {
    for document in parse(text).unwrap() {
        for mut object in decode(&document, &registry(), Validation::Strict).unwrap().objects {
            apply_defaults(&mut object);
            on_create(&mut object);
            let json = object.to_json();
            let typed: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{e}: {json:#}"));
            let round_trip = serde_json::to_value(&typed).unwrap();
            assert_eq!(round_trip, json, "fields k8s-openapi does not know or types it writes differently");
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn oracle_tutorial_daemonset() {
    assert_kubernetes_accepts::<k8s_openapi::api::apps::v1::DaemonSet>(TUTORIAL_DAEMONSET);
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn oracle_pod_with_probes_resources_affinity_tolerations() {
    let text = "\
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
  labels:
    app: web
  annotations:
    note: hi
spec:
  nodeSelector:
    disk: ssd
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - key: kubernetes.io/os
            operator: In
            values: [linux]
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 1
        preference:
          matchExpressions:
          - {key: zone, operator: In, values: [a]}
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels: {app: web}
  tolerations:
  - key: dedicated
    operator: Equal
    value: web
    effect: NoSchedule
  initContainers:
  - name: init
    image: busybox:1.36
    command: [sh, -c, 'true']
  volumes:
  - name: cache
  - name: config
    configMap:
      name: web-config
  - name: data
    persistentVolumeClaim:
      claimName: data
  containers:
  - name: web
    image: nginx:1.25
    args: [--port, '8080']
    env:
    - name: POD_NAME
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
    ports:
    - name: http
      containerPort: 8080
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
      limits:
        cpu: 1
        memory: 256Mi
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
      initialDelaySeconds: 5
    readinessProbe:
      tcpSocket:
        port: 8080
    startupProbe:
      exec:
        command: [cat, /tmp/ready]
      failureThreshold: 30
    volumeMounts:
    - name: cache
      mountPath: /cache
    - name: config
      mountPath: /etc/web
      readOnly: true
    - name: data
      mountPath: /data
    lifecycle:
      preStop:
        exec:
          command: [sleep, '5']
";
    assert_kubernetes_accepts::<k8s_openapi::api::core::v1::Pod>(text);
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn oracle_service_statefulset_and_storage() {
    let (service, statefulset) = TUTORIAL_STATEFULSET.split_once("---\n").unwrap();
    assert_kubernetes_accepts::<k8s_openapi::api::core::v1::Service>(service);
    assert_kubernetes_accepts::<k8s_openapi::api::core::v1::Service>(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: http\n    name: http\n  - port: 443\n    name: https\n",
    );
    assert_kubernetes_accepts::<k8s_openapi::api::apps::v1::StatefulSet>(statefulset);
    assert_kubernetes_accepts::<k8s_openapi::api::core::v1::PersistentVolume>(TUTORIAL_PV);
    assert_kubernetes_accepts::<k8s_openapi::api::core::v1::PersistentVolumeClaim>(
        "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: manual\n  resources: {requests: {storage: 1Gi}}\n",
    );
    assert_kubernetes_accepts::<k8s_openapi::api::core::v1::Namespace>("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n");
    assert_kubernetes_accepts::<k8s_openapi::api::storage::v1::StorageClass>(
        "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local\nprovisioner: rancher.io/local-path\n",
    );
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn oracle_node() {
    let text = "\
apiVersion: v1
kind: Node
metadata:
  name: worker-1
  labels:
    kubernetes.io/hostname: worker-1
    node-role.kubernetes.io/worker: \"\"
spec:
  podCIDR: 10.244.1.0/24
  taints:
  - key: dedicated
    value: gpu
    effect: NoSchedule
status:
  capacity:
    cpu: 4
    memory: 8Gi
    pods: 110
  conditions:
  - type: Ready
    status: \"True\"
    lastHeartbeatTime: \"2026-01-01T00:00:00Z\"
    lastTransitionTime: \"2026-01-01T00:00:00Z\"
    reason: KubeletReady
    message: kubelet is posting ready status
  addresses:
  - type: InternalIP
    address: 10.0.0.11
";
    assert_kubernetes_accepts::<k8s_openapi::api::core::v1::Node>(text);
    let json = defaulted_json(text);
    assert_eq!(json["status"]["allocatable"], json!({"cpu": "4", "memory": "8Gi", "pods": "110"}));
}

// ---- the Go type table against the Rust structs ----------------------------------------------

fn rust_fields<T: crate::sim::objects::codec::Decode>() -> Vec<&'static str> {
    T::FIELDS.to_vec()
}

/// Every field of every typed Rust struct is in the table (else the walk would call it
/// unknown), and the table's extra fields are exactly these status fields the core does not
/// model.
#[test]
fn go_type_table_covers_the_rust_structs() {
    use crate::sim::objects::{apps, core, meta, node, pod, storage};
    let structs: Vec<(&str, Vec<&'static str>)> = vec![
        ("ObjectMeta", rust_fields::<meta::ObjectMeta>()),
        ("OwnerReference", rust_fields::<meta::OwnerReference>()),
        ("LabelSelector", rust_fields::<meta::LabelSelector>()),
        ("LabelSelectorRequirement", rust_fields::<meta::LabelSelectorRequirement>()),
        ("Toleration", rust_fields::<meta::Toleration>()),
        ("Taint", rust_fields::<meta::Taint>()),
        ("Pod", rust_fields::<pod::Pod>()),
        ("PodTemplateSpec", rust_fields::<pod::PodTemplateSpec>()),
        ("PodSpec", rust_fields::<pod::PodSpec>()),
        ("Container", rust_fields::<pod::Container>()),
        ("ContainerPort", rust_fields::<pod::ContainerPort>()),
        ("ResourceRequirements", rust_fields::<pod::ResourceRequirements>()),
        ("VolumeMount", rust_fields::<pod::VolumeMount>()),
        ("Volume", rust_fields::<pod::Volume>()),
        ("PersistentVolumeClaimVolumeSource", rust_fields::<pod::ClaimVolumeSource>()),
        ("Probe", rust_fields::<pod::Probe>()),
        ("Affinity", rust_fields::<pod::Affinity>()),
        ("NodeAffinity", rust_fields::<pod::NodeAffinity>()),
        ("NodeSelector", rust_fields::<pod::NodeSelector>()),
        ("NodeSelectorTerm", rust_fields::<pod::NodeSelectorTerm>()),
        ("NodeSelectorRequirement", rust_fields::<pod::NodeSelectorRequirement>()),
        ("PodStatus", rust_fields::<pod::PodStatus>()),
        ("PodIP", rust_fields::<pod::PodIp>()),
        ("PodCondition", rust_fields::<pod::PodCondition>()),
        ("ContainerStatus", rust_fields::<pod::ContainerStatus>()),
        ("ContainerState", rust_fields::<pod::ContainerState>()),
        ("ContainerStateWaiting", rust_fields::<pod::ContainerStateWaiting>()),
        ("ContainerStateRunning", rust_fields::<pod::ContainerStateRunning>()),
        ("ContainerStateTerminated", rust_fields::<pod::ContainerStateTerminated>()),
        ("DaemonSet", rust_fields::<apps::DaemonSet>()),
        ("DaemonSetSpec", rust_fields::<apps::DaemonSetSpec>()),
        ("DaemonSetUpdateStrategy", rust_fields::<apps::DaemonSetUpdateStrategy>()),
        ("RollingUpdateDaemonSet", rust_fields::<apps::RollingUpdateDaemonSet>()),
        ("DaemonSetStatus", rust_fields::<apps::DaemonSetStatus>()),
        ("ControllerRevision", rust_fields::<apps::ControllerRevision>()),
        ("StatefulSet", rust_fields::<storage::StatefulSet>()),
        ("StatefulSetSpec", rust_fields::<storage::StatefulSetSpec>()),
        ("PersistentVolumeClaim", rust_fields::<storage::ClaimTemplate>()),
        ("StatefulSetUpdateStrategy", rust_fields::<storage::StatefulSetUpdateStrategy>()),
        ("RollingUpdateStatefulSetStrategy", rust_fields::<storage::RollingUpdateStatefulSetStrategy>()),
        ("StatefulSetPersistentVolumeClaimRetentionPolicy", rust_fields::<storage::StatefulSetPersistentVolumeClaimRetentionPolicy>()),
        ("StatefulSetOrdinals", rust_fields::<storage::StatefulSetOrdinals>()),
        ("StatefulSetStatus", rust_fields::<storage::StatefulSetStatus>()),
        ("PersistentVolume", rust_fields::<storage::PersistentVolume>()),
        ("PersistentVolumeSpec", rust_fields::<storage::PersistentVolumeSpec>()),
        ("VolumeNodeAffinity", rust_fields::<storage::VolumeNodeAffinity>()),
        ("PersistentVolumeStatus", rust_fields::<storage::PersistentVolumeStatus>()),
        // The stored claim: its apiVersion and kind are the Object's (below, as gaps).
        ("PersistentVolumeClaim", rust_fields::<storage::PersistentVolumeClaim>()),
        ("PersistentVolumeClaimSpec", rust_fields::<storage::PersistentVolumeClaimSpec>()),
        ("VolumeResourceRequirements", rust_fields::<storage::VolumeResourceRequirements>()),
        ("PersistentVolumeClaimStatus", rust_fields::<storage::PersistentVolumeClaimStatus>()),
        ("StorageClass", rust_fields::<storage::StorageClass>()),
        ("Service", rust_fields::<core::Service>()),
        ("ServiceSpec", rust_fields::<core::ServiceSpec>()),
        ("ServicePort", rust_fields::<core::ServicePort>()),
        ("Event", rust_fields::<core::Event>()),
        ("ObjectReference", rust_fields::<core::ObjectReference>()),
        ("EventSource", rust_fields::<core::EventSource>()),
        ("Node", rust_fields::<node::Node>()),
        ("NodeSpec", rust_fields::<node::NodeSpec>()),
        ("NodeStatus", rust_fields::<node::NodeStatus>()),
        ("NodeCondition", rust_fields::<node::NodeCondition>()),
        ("NodeAddress", rust_fields::<node::NodeAddress>()),
        ("NodeSystemInfo", rust_fields::<node::NodeSystemInfo>()),
    ];
    let mut gaps = Vec::new();
    for (name, fields) in &structs {
        assert!(!fields.is_empty(), "{name}");
        let table = gotypes::struct_type(name).unwrap_or_else(|| panic!("{name} is not in the table"));
        assert!(!table.closed, "{name} is typed in Rust");
        for field in fields {
            assert!(table.field(field).is_some(), "{name}.{field} is missing from the Go type table");
        }
        for (field, _) in &table.fields {
            if !fields.contains(field) {
                gaps.push(format!("{name}.{field}"));
            }
        }
    }
    assert_eq!(
        gaps,
        [
            "PodStatus.ephemeralContainerStatuses",
            "PodStatus.resize",
            "PodStatus.resourceClaimStatuses",
            "PodStatus.observedGeneration",
            "PodCondition.observedGeneration",
            "ContainerStatus.allocatedResources",
            "ContainerStatus.resources",
            "ContainerStatus.volumeMounts",
            "ContainerStatus.user",
            "ContainerStatus.allocatedResourcesStatus",
            "ContainerStatus.stopSignal",
            "PersistentVolumeClaim.apiVersion",
            "PersistentVolumeClaim.kind",
            "Event.series",
            "Event.action",
            "Event.related",
            "NodeSystemInfo.swap",
        ]
    );
}

/// The Rust types agree with the table walk on what is unknown: decoding into the typed
/// DaemonSet and encoding it back drops exactly the fields the walk reports.
#[test]
fn table_walk_agrees_with_the_rust_types() {
    /// Paths (API-server spelling) of keys in `input` that `output` lacks.
    fn dropped(input: &Value, output: &Value, path: &str, found: &mut Vec<String>) {
        match (input, output) {
            (Value::Object(a), Value::Object(b)) => {
                for (key, value) in a {
                    let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                    match b.get(key) {
                        Some(kept) => dropped(value, kept, &at, found),
                        None => found.push(at),
                    }
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    dropped(x, y, &format!("{path}[{i}]"), found);
                }
            }
            _ => {}
        }
    }
    let text = edit(TUTORIAL_DAEMONSET, "      containers:\n", "      contaners: []\n      containers:\n");
    let text = edit(
        &text,
        "        name: nginx\n",
        "        name: nginx\n        imagee: x\n        livenessProbe:\n          periodSecond: 3\n          exec: {command: [a]}\n",
    );
    let text = edit(&text, "  name: nginx-ds\n", "  name: nginx-ds\n  nmespace: x\n");
    let document = one(&text);
    let error = decode(&document, &registry(), Validation::Strict).unwrap_err();
    let from_table: Vec<String> = error.causes.iter().map(|c| c.path.clone()).collect();
    let mut body = document.value.clone();
    if let Value::Object(map) = &mut body {
        map.remove("apiVersion");
        map.remove("kind");
    }
    use crate::sim::objects::codec::{Decode, Encode};
    let typed = crate::sim::objects::DaemonSet::decode(&body).unwrap();
    let mut from_rust = Vec::new();
    dropped(&body, &typed.encode(), "", &mut from_rust);
    let mut sorted = from_rust.clone();
    sorted.sort();
    assert_eq!(from_table, sorted);
    assert_eq!(
        from_table,
        [
            "metadata.nmespace",
            "spec.template.spec.containers[0].imagee",
            "spec.template.spec.containers[0].livenessProbe.periodSecond",
            "spec.template.spec.contaners",
        ]
    );
}

// ---- odds and ends ---------------------------------------------------------------------------

#[test]
fn validate_flag_values() {
    assert_eq!(Validation::from_flag("strict"), Some(Validation::Strict));
    assert_eq!(Validation::from_flag("true"), Some(Validation::Strict));
    assert_eq!(Validation::from_flag("warn"), Some(Validation::Warn));
    assert_eq!(Validation::from_flag("false"), Some(Validation::Ignore));
    assert_eq!(Validation::from_flag("ignore"), Some(Validation::Ignore));
    assert_eq!(Validation::from_flag("maybe"), None);
    assert_eq!(Validation::default(), Validation::Strict);
}

#[test]
fn more_defaults() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  serviceAccount: builder\n  containers:\n  - name: c\n    image: registry.local:5000/app:latest\n    ports:\n    - containerPort: 9100\n    resources:\n      limits: {cpu: 1, memory: 1Gi}\n  volumes:\n  - name: scratch\n  - name: config\n    configMap: {name: c}\n";
    let json = defaulted_json(pod);
    let spec = &json["spec"];
    assert_eq!(spec["containers"][0]["ports"][0], json!({"containerPort": 9100, "hostPort": 9100, "protocol": "TCP"}));
    assert_eq!(spec["containers"][0]["imagePullPolicy"], json!("Always"));
    assert_eq!(spec["containers"][0]["resources"]["requests"], json!({"cpu": "1", "memory": "1Gi"}));
    assert_eq!(spec["serviceAccountName"], json!("builder"));
    assert_eq!(
        spec["volumes"],
        json!([{"name": "scratch", "emptyDir": {}}, {"name": "config", "configMap": {"name": "c", "defaultMode": 420}}])
    );
    let mut object = decoded_object(pod);
    apply_defaults(&mut object);
    on_create(&mut object);
    assert_eq!(object.to_json()["status"]["qosClass"], json!("Guaranteed"));
    let external = defaulted_json(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db.example.com\n",
    );
    assert_eq!(external["spec"], json!({"type": "ExternalName", "externalName": "db.example.com", "sessionAffinity": "None"}));
    let node_port = defaulted_json("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n");
    assert_eq!(node_port["spec"]["externalTrafficPolicy"], json!("Cluster"));
    assert_eq!(node_port["spec"]["ports"][0]["targetPort"], json!("http"));
    let deployment = defaulted_json("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n");
    assert_eq!(
        deployment["spec"]["strategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}})
    );
    assert_eq!(deployment["spec"]["progressDeadlineSeconds"], json!(600));
    let mut namespace = decoded_object("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n");
    apply_defaults(&mut namespace);
    on_create(&mut namespace);
    assert_eq!(namespace.to_json()["spec"], json!({"finalizers": ["kubernetes"]}));
    assert_eq!(namespace.to_json()["status"], json!({"phase": "Active"}));
    let secret = defaulted_json("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData: {a: b}\n");
    assert_eq!(secret["type"], json!("Opaque"));
}

/// The DaemonSet part of the seed page, verbatim: prose, then the unindented YAML.
const SEED_PAGE: &str = r#"DaemonSet

Daemon,就是用来部署守护进程的,DaemonSet用于在每个Kubernetes节点中将守护进程的副本作为后台进程运行,说白了就是在每个节点部署一个Pod副本,当节点加入到Kubernetes集群中,Pod会被调度到该节点上运行,当节点从集群只能够被移除后,该节点上的这个Pod也会被移除,当然,如果我们删除DaemonSet,所有和这个对象相关的Pods都会被删除。

正常情况下,Pod运行在哪个节点上是由Kubernetes的调度器策略来决定的,然而,由DaemonSet控制器创建的Pod实际上提前已经确定了在哪个节点上了(Pod创建时指定了.spec.nodeName),所以:

  • DaemonSet并不关心一个节点的unshedulable字段
  • DaemonSet可以创建Pod,即使调度器还没有启动,这点非常重要。

示例

在每个节点上部署一个Nginx Pod

apiVersion: apps/v1
kind: DaemonSet
metadata:
name: nginx-ds
labels:
k8s-app: nginx
spec:
selector:
matchLabels:
k8s-app: nginx
template:
metadata:
labels:
k8s-app: nginx
spec:
containers:
- image: nginx:1.7.9
name: nginx
ports:
- name: http
containerPort: 80
"#;

/// The seed page as a whole (prose, unindented YAML) fails with a located error, and nothing
/// panics.
#[test]
fn the_whole_seed_page_is_rejected_not_accepted() {
    let page = SEED_PAGE;
    let (documents, error) = parse_partial(page);
    let decoded: Vec<_> = documents.iter().map(|d| decode(d, &registry(), Validation::Strict)).collect();
    let accepted = decoded.iter().filter(|d| d.is_ok()).count();
    assert_eq!(accepted, 0, "{decoded:?}");
    let error = error.or_else(|| decoded.into_iter().find_map(Result::err)).unwrap();
    assert!(error.line >= 1 && error.col >= 1, "{error:?}");
}

/// yaml-rust2 reports an error at the end of the stream on a line past the last (it forces a
/// line break there); the structured spot is the end of the last line (found by fuzzing).
#[test]
fn an_error_at_the_end_of_the_text_is_located_inside_it() {
    let error = parse("a: b\nc").unwrap_err();
    assert_eq!(error.message, "error converting YAML to JSON: yaml: line 3: could not find expected ':'");
    assert_eq!((error.line, error.col), (2, 2));
    let error = parse("x: 1\n---\na: b\r\nc").unwrap_err();
    assert_eq!((error.line, error.col, error.document), (4, 2, 1));
}

/// A lone `\r` is a YAML line break but not a line of the text as the splitter and the JSON
/// reader count them (at `\n`): positions follow the text's lines (found by fuzzing).
#[test]
fn a_lone_carriage_return_does_not_shift_positions() {
    let documents = parse("a: 1\rb: 2\nc: 3\n---\nd: x\n").unwrap();
    assert_eq!((documents[0].positions["b"], documents[0].positions["c"]), ((1, 6), (2, 1)));
    assert_eq!(documents[1].positions["d"], (4, 1));
    let error = parse("a\rb: 1\n---\nx: 1\nc").unwrap_err();
    assert_eq!((error.line, error.col, error.document), (4, 2, 1));
}

/// yaml-rust2 counts a block scalar line's bytes into its marker's index and column; the spot
/// of what follows is still counted in characters (found by fuzzing).
#[test]
fn positions_after_a_block_scalar_with_wide_characters() {
    let documents = parse("a: |\n  ééééé\nb: 1\nc: [1, 2]\n").unwrap();
    assert_eq!((documents[0].positions["b"], documents[0].positions["c[1]"]), ((3, 1), (4, 8)));
}

/// A JSON value with every field of the table's struct `name` set (recursively, to a small
/// depth), for round-trip tests of the typed kinds.
fn every_field(name: &'static str, depth: usize) -> serde_json::Value {
    use gotypes::Type;
    fn sample(expression: &'static str, depth: usize) -> serde_json::Value {
        match gotypes::parse_type(expression) {
            Type::String => json!("x"),
            Type::Bool => json!(true),
            Type::Int32 | Type::Int64 | Type::IntOrString => json!(3),
            Type::Float64 => json!(1.5),
            Type::Quantity => json!("1Gi"),
            Type::Time => json!("2024-01-02T03:04:05Z"),
            Type::Bytes => json!("eA=="),
            Type::Any => json!({"any": [1, "two"]}),
            Type::Slice(element) => json!([sample(element, depth)]),
            Type::Map(value) => json!({"key": sample(value, depth)}),
            Type::Struct(name) => every_field(name, depth + 1),
        }
    }
    let structure = gotypes::struct_type(name).unwrap_or_else(|| panic!("{name} is not in the table"));
    let mut map = serde_json::Map::new();
    if depth < 6 {
        for (field, expression) in &structure.fields {
            map.insert(field.to_string(), sample(expression, depth));
        }
    }
    serde_json::Value::Object(map)
}

/// The typed StatefulSet, PersistentVolume, PersistentVolumeClaim and StorageClass keep every
/// field the API has (a user's `-o yaml` and `apply` lose nothing): an object with every field
/// of the Go type table set comes back from decode and encode unchanged. The pod template is
/// the Pod's (round-tripped by the Pod's own tests), so here it is a small one.
#[test]
fn typed_storage_kinds_keep_every_field_of_the_api() {
    for (api_version, kind) in
        [("apps/v1", "StatefulSet"), ("v1", "PersistentVolume"), ("v1", "PersistentVolumeClaim"), ("storage.k8s.io/v1", "StorageClass")]
    {
        let mut written = every_field(kind, 0);
        let map = written.as_object_mut().unwrap();
        // Fields the typed ObjectMeta keeps in its own shape; the struct round-trips by itself.
        map.insert("metadata".into(), json!({"name": "every", "namespace": "default", "labels": {"a": "b"}}));
        if kind == "StatefulSet" {
            let spec = map.get_mut("spec").and_then(serde_json::Value::as_object_mut).unwrap();
            spec.insert(
                "template".into(),
                json!({"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "i"}]}}),
            );
            spec.insert("selector".into(), json!({"matchLabels": {"a": "b"}}));
            let template = &mut spec.get_mut("volumeClaimTemplates").unwrap()[0];
            template["metadata"] = json!({"name": "www"});
            template["apiVersion"] = json!("v1");
            template["kind"] = json!("PersistentVolumeClaim");
        }
        let mut body = written.as_object().unwrap().clone();
        // The table's PersistentVolumeClaim is also the template's, with its type meta; a stored
        // object's apiVersion and kind are the Object's.
        body.remove("apiVersion");
        body.remove("kind");
        let object = Object::from_parts(api_version, kind, body.clone()).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
        assert!(!matches!(object, Object::Generic(_)), "{kind} is typed");
        let mut served = object.to_json();
        let served = served.as_object_mut().unwrap();
        assert_eq!(served.remove("kind"), Some(json!(kind)));
        assert_eq!(served.remove("apiVersion"), Some(json!(api_version)));
        for (field, value) in &body {
            assert_eq!(served.get(field), Some(value), "{kind}.{field} did not survive decode and encode");
        }
        assert_eq!(served.len(), body.len(), "{kind}: {served:?}");
    }
}
