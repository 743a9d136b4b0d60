//! Indentation repair: YAML whose indentation was lost (copied from a web page, every line at
//! column 0) re-nested by the Kubernetes schema the core already knows, the Go type table
//! ([`super::gotypes`]). A key goes to the innermost open object whose type has that field (and
//! has not set it yet); a `- ` item to the innermost open list whose items can hold it. A free-form
//! map (labels, matchLabels, requests) takes any key with a plain value; a key with a nested
//! block after it is not a map entry, so it closes the map. What the schema cannot decide is
//! never guessed: a key that both a free-form map and an enclosing object could take, a key no
//! open object has, a nested block inside a field the table does not describe — each is an
//! error at its line.

use super::gotypes::{self, Type};

/// Why a text cannot be re-nested, at its line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepairError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RepairError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// What an open level of the document holds.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Holds {
    /// The document's root, before `kind:` names its type.
    Root(Option<&'static str>),
    /// An object of a table struct.
    Struct(&'static str),
    /// A map with free-form keys, of values of this type.
    Map(&'static str),
    /// A list of items of this type.
    List(&'static str),
}

#[derive(Debug)]
struct Level {
    holds: Holds,
    /// The indentation of its entries.
    indent: usize,
    /// The keys set so far (objects only).
    keys: Vec<String>,
}

impl Level {
    fn new(holds: Holds, indent: usize) -> Level {
        Level { holds, indent, keys: Vec::new() }
    }

    /// The type of field `key` of this level, when it can take it.
    fn field(&self, key: &str) -> Option<&'static str> {
        if self.keys.iter().any(|k| k == key) {
            return None;
        }
        match self.holds {
            Holds::Root(kind) => match key {
                "apiVersion" | "kind" => Some("string"),
                _ => kind.and_then(gotypes::struct_type).and_then(|s| s.field(key)),
            },
            Holds::Struct(name) => gotypes::struct_type(name).and_then(|s| s.field(key)),
            Holds::Map(value) => Some(value),
            Holds::List(_) => None,
        }
    }
}

fn is_scalar(expression: &'static str) -> bool {
    !matches!(gotypes::parse_type(expression), Type::Struct(_) | Type::Slice(_) | Type::Map(_) | Type::Any)
}

/// What a level opened by a field of this type holds (None: the table does not describe it).
fn opens(expression: &'static str) -> Option<Holds> {
    match gotypes::parse_type(expression) {
        Type::Struct(name) => Some(Holds::Struct(name)),
        Type::Slice(element) => Some(Holds::List(element)),
        Type::Map(value) => Some(Holds::Map(value)),
        _ => None,
    }
}

/// `key: value` (value may be empty) of a line without its indentation and `- `.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let (key, rest) = match text.find(": ") {
        Some(at) => (&text[..at], text[at + 2..].trim()),
        None => (text.strip_suffix(':')?, ""),
    };
    let key = key.trim();
    let plain = !key.is_empty() && !key.starts_with(['"', '\'', '[', '{', '#']) && !key.contains(' ');
    plain.then_some((key, rest))
}

/// The text re-nested, two spaces a level, list items at their key's indentation (as kubectl
/// writes YAML). Documents are separated by `---`; comments and blank lines are kept.
pub fn repair(text: &str) -> Result<String, RepairError> {
    let mut out = String::new();
    let mut stack: Vec<Level> = vec![Level::new(Holds::Root(None), 0)];
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let error = |message: String| RepairError { line, message };
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            out.push('\n');
            continue;
        }
        if trimmed == "---" {
            stack = vec![Level::new(Holds::Root(None), 0)];
            out.push_str("---\n");
            continue;
        }
        if trimmed.starts_with('#') {
            let indent = stack.last().map_or(0, |l| l.indent);
            out.push_str(&format!("{}{trimmed}\n", " ".repeat(indent)));
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ").or_else(|| (trimmed == "-").then_some("")) {
            // A new item of the innermost open list whose items can hold it.
            let key = split_key(item);
            let found = stack.iter().rposition(|level| match level.holds {
                Holds::List(element) => match key {
                    Some((key, _)) => gotypes::struct_type(element).is_some_and(|s| s.field(key).is_some()),
                    None => is_scalar(element) || gotypes::parse_type(element) == Type::Any,
                },
                _ => false,
            });
            let Some(at) = found else {
                return Err(error(format!("\"{trimmed}\": no open list takes this item")));
            };
            stack.truncate(at + 1);
            let list = &stack[at];
            let (indent, Holds::List(element)) = (list.indent, list.holds) else { unreachable!("found a list") };
            match key {
                None => out.push_str(&format!("{}- {item}\n", " ".repeat(indent))),
                Some((key, value)) => {
                    let mut object = Level::new(Holds::Struct(element), indent + 2);
                    let field = object.field(key).expect("the item's type has the field");
                    out.push_str(&format!("{}- {}\n", " ".repeat(indent), entry(key, value)));
                    object.keys.push(key.to_string());
                    stack.push(object);
                    open(&mut stack, field, value, indent + 4).map_err(error)?;
                }
            }
            continue;
        }
        if raw.starts_with("  ") && raw.trim_start().starts_with('|') {
            return Err(error("a block scalar cannot be re-nested".into()));
        }
        let Some((key, value)) = split_key(trimmed) else {
            return Err(error(format!("\"{trimmed}\": not a `key: value` line")));
        };
        if value.starts_with('|') || value.starts_with('>') {
            return Err(error(format!("{key}: a block scalar (`{value}`) cannot be re-nested")));
        }
        let block = value.is_empty();
        // Every open level that could take this key, innermost first.
        let candidates: Vec<usize> = (0..stack.len())
            .rev()
            .filter(|&i| {
                stack[i].field(key).is_some_and(|_| match stack[i].holds {
                    // A map entry is a plain value, or opens its value type's block.
                    Holds::Map(value) => block != is_scalar(value),
                    _ => true,
                })
            })
            .collect();
        let Some(&at) = candidates.first() else {
            return Err(error(format!("{key}: not a field of any object open here")));
        };
        if matches!(stack[at].holds, Holds::Map(_)) {
            if let Some(&outer) = candidates.get(1) {
                let name = match stack[outer].holds {
                    Holds::Struct(name) | Holds::Root(Some(name)) => name,
                    _ => "an enclosing object",
                };
                return Err(error(format!(
                    "{key}: ambiguous: an entry of the map above, or the field {key} of {name}; indent this line by hand"
                )));
            }
        }
        stack.truncate(at + 1);
        let level = stack.last_mut().expect("the root");
        let field = level.field(key).expect("a candidate");
        let indent = level.indent;
        if !matches!(level.holds, Holds::Map(_)) {
            level.keys.push(key.to_string());
        }
        if let (Holds::Root(None), "kind") = (level.holds, key) {
            let kind = gotypes::root_struct(value.trim_matches(['"', '\''])).map(|s| s.name);
            if kind.is_none() {
                return Err(error(format!("kind {value}: a kind whose fields the schema does not know")));
            }
            level.holds = Holds::Root(kind);
        }
        out.push_str(&format!("{}{}\n", " ".repeat(indent), entry(key, value)));
        open(&mut stack, field, value, indent + 2).map_err(error)?;
    }
    Ok(out)
}

fn entry(key: &str, value: &str) -> String {
    if value.is_empty() {
        format!("{key}:")
    } else {
        format!("{key}: {value}")
    }
}

/// After `key:` with no value, open the level its type holds.
fn open(stack: &mut Vec<Level>, field: &'static str, value: &str, indent: usize) -> Result<(), String> {
    if !value.is_empty() {
        return Ok(());
    }
    match opens(field) {
        Some(Holds::List(element)) => {
            // Items are written at the key's own indentation.
            stack.push(Level::new(Holds::List(element), indent - 2));
        }
        Some(holds) => stack.push(Level::new(holds, indent)),
        None => return Err(format!("a nested block under a field of type {field}, which the schema does not describe")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::manifest;

    fn same_objects(a: &str, b: &str) {
        let values =
            |text: &str| manifest::parse(text).unwrap_or_else(|e| panic!("{e:?}\n{text}")).into_iter().map(|d| d.value).collect::<Vec<_>>();
        assert_eq!(values(a), values(b), "\n{a}\n----\n{b}");
    }

    fn flatten(text: &str) -> String {
        text.lines().map(|l| l.trim_start()).collect::<Vec<_>>().join("\n") + "\n"
    }

    #[test]
    fn flattened_presets_come_back_as_the_same_objects() {
        for preset in [
            crate::view::presets::DAEMONSET,
            crate::view::presets::PV001,
            crate::view::presets::PV002,
            crate::view::presets::STATEFULSET_DEMO,
        ] {
            let repaired = repair(&flatten(preset)).unwrap();
            same_objects(&repaired, preset);
            // A repaired text repairs to itself.
            assert_eq!(repair(&repaired).unwrap(), repaired);
        }
    }

    #[test]
    fn what_the_schema_cannot_decide_is_an_error_at_its_line() {
        let ambiguous = "apiVersion: v1\nkind: Pod\nmetadata:\nlabels:\napp: web\nnamespace: default\n";
        assert_eq!(
            repair(ambiguous),
            Err(RepairError {
                line: 6,
                message: "namespace: ambiguous: an entry of the map above, or the field namespace of ObjectMeta; indent this line by hand"
                    .into()
            })
        );
        let typo = "apiVersion: v1\nkind: Pod\nspec:\ncontaners:\n- name: c\n";
        assert_eq!(repair(typo).unwrap_err(), RepairError { line: 4, message: "contaners: not a field of any object open here".into() });
        let unknown = "apiVersion: example.com/v1\nkind: CronTab\nspec:\n";
        assert_eq!(repair(unknown).unwrap_err().line, 2);
        let item = "apiVersion: v1\nkind: Pod\nmetadata:\n- name: x\n";
        assert_eq!(repair(item).unwrap_err().line, 4);
    }
}

#[cfg(test)]
mod seed_tests {
    use super::*;
    use crate::sim::manifest;
    use crate::view::presets;

    /// The seed tutorial's four manifest blocks, exactly as its text has them (every line at
    /// column 0; tests/fixtures/seed/), come out as the objects of the presets the page ships.
    #[test]
    fn the_seed_tutorials_blocks_pasted_verbatim_repair_to_the_presets() {
        for (pasted, preset) in [
            (include_str!("../../../tests/fixtures/seed/daemonset.yaml"), presets::DAEMONSET),
            (include_str!("../../../tests/fixtures/seed/pv001.yaml"), presets::PV001),
            (include_str!("../../../tests/fixtures/seed/pv002.yaml"), presets::PV002),
            (include_str!("../../../tests/fixtures/seed/statefulset-demo.yaml"), presets::STATEFULSET_DEMO),
        ] {
            let objects = |text: &str| manifest::parse(text).unwrap().into_iter().map(|d| d.value).collect::<Vec<_>>();
            let as_pasted = manifest::parse(pasted).ok().map(|documents| documents.into_iter().map(|d| d.value).collect::<Vec<_>>());
            assert_ne!(as_pasted, Some(objects(preset)), "as pasted, the text is not the preset's objects");
            let repaired = repair(pasted).unwrap_or_else(|e| panic!("{e}\n{pasted}"));
            assert_eq!(objects(&repaired), objects(preset), "\n{repaired}");
        }
    }
}
