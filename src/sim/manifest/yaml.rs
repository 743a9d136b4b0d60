//! YAML (and JSON) text → [`Document`]s, as kubectl reads a file.
//!
//! Splitting follows `k8s.io/apimachinery/pkg/util/yaml` (`YAMLOrJSONDecoder`, `YAMLReader`):
//! a stream whose first non-space character is `{` is read as JSON objects first (falling back to
//! YAML when the first object does not parse); otherwise lines starting with `---` separate
//! documents, and a separator followed by anything but a comment is an error
//! (`invalid Yaml document separator: …`). Each YAML document is converted to JSON the way
//! `sigs.k8s.io/yaml` does with go-yaml v2: scalars resolve by go-yaml v2's rules (see
//! [`resolve_plain`]), mapping keys become strings, merge keys (`<<`) merge, duplicate keys keep
//! the last value (go-yaml v2 non-strict), and values JSON cannot hold (`.inf`, `.nan`) fail.
//! Floats that are whole numbers become integers, as kubectl's unstructured round trip makes them.

use super::path::{child_index, child_key};
use super::{json, syntax_error, Document, ManifestError, LIMITS};
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

/// Nodes built so far in the whole file, shared by its documents.
#[derive(Default)]
pub(super) struct Budget {
    pub nodes: usize,
    pub alias_nodes: usize,
}

impl Budget {
    /// Counts `count` more nodes; the message names the limit when one is passed.
    pub fn take(&mut self, count: usize, from_alias: bool) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(count);
        if from_alias {
            self.alias_nodes = self.alias_nodes.saturating_add(count);
            if self.alias_nodes > LIMITS.alias_nodes_max {
                return Err("document contains excessive aliasing".to_string());
            }
        }
        if self.nodes > LIMITS.nodes_max {
            return Err(format!("document contains too many nodes (more than {})", LIMITS.nodes_max));
        }
        Ok(())
    }
}

const CONVERT_PREFIX: &str = "error converting YAML to JSON: ";

pub(super) fn parse_stream(text: &str) -> (Vec<Document>, Option<ManifestError>) {
    if text.len() > LIMITS.bytes_max {
        let message = format!("the file is {} bytes, more than the limit of {} bytes", text.len(), LIMITS.bytes_max);
        return (Vec::new(), Some(syntax_error(message, 1, 1, 0)));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut budget = Budget::default();
    let first = text.trim_start_matches(char::is_whitespace);
    if !first.starts_with('{') {
        return parse_yaml_region(text, 0, &mut budget, 0);
    }
    let outcome = json::parse_stream(text, &mut budget);
    let mut documents = outcome.documents;
    let Some(json_error) = outcome.error else {
        return (documents, None);
    };
    // More than one object decoded: an unambiguous JSON stream, no switch to YAML.
    if outcome.objects > 1 || json_error.fatal {
        let index = documents.len();
        return (documents, Some(syntax_error(json_error.message, json_error.line, json_error.col, index)));
    }
    let resume = consume_whitespace(text, json_error.resume);
    let (more, yaml_error) = parse_yaml_region(text, resume, &mut budget, documents.len());
    match yaml_error {
        // The first YAML read failed too: kubectl reports the JSON error.
        Some(_) if more.is_empty() => {
            let index = documents.len();
            (documents, Some(syntax_error(json_error.message, json_error.line, json_error.col, index)))
        }
        error => {
            documents.extend(more);
            (documents, error)
        }
    }
}

/// `YAMLOrJSONDecoder.consumeWhitespace`: skips spaces up to and including the first newline.
fn consume_whitespace(text: &str, start: usize) -> usize {
    let mut position = start.min(text.len());
    while let Some(c) = text.get(position..).and_then(|rest| rest.chars().next()) {
        if !c.is_whitespace() {
            break;
        }
        position += c.len_utf8();
        if c == '\n' {
            break;
        }
    }
    position
}

/// 1-based line of byte `offset`, and the column (in chars, 0-based) it starts at.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before.get(line_start..).map(|s| s.chars().count()).unwrap_or(0);
    (line, column)
}

/// Splits `text[start..]` into `---` documents and converts each.
fn parse_yaml_region(text: &str, start: usize, budget: &mut Budget, index_base: usize) -> (Vec<Document>, Option<ManifestError>) {
    let mut documents = Vec::new();
    let region = text.get(start..).unwrap_or("");
    let (mut line_number, first_column) = line_and_column(text, start);
    let mut chunk_start: Option<(usize, usize, usize)> = None; // (byte offset, first line, column offset)
    let mut offset = 0usize;
    for line in region.split_inclusive('\n') {
        let column_offset = if offset == 0 { first_column } else { 0 };
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                let message = format!("invalid Yaml document separator: {trimmed}");
                let index = index_base + documents.len();
                return (documents, Some(syntax_error(message, line_number, column_offset + 1, index)));
            }
            if let Some((chunk_offset, chunk_line, chunk_column)) = chunk_start.take() {
                let chunk = &region[chunk_offset..offset];
                let index = index_base + documents.len();
                match convert_chunk(chunk, chunk_line, chunk_column, budget, index) {
                    Ok(Some(document)) => documents.push(document),
                    Ok(None) => {}
                    Err(error) => return (documents, Some(error)),
                }
            }
        } else if chunk_start.is_none() {
            chunk_start = Some((offset, line_number, column_offset));
        }
        offset += line.len();
        line_number += 1;
    }
    if let Some((chunk_offset, chunk_line, chunk_column)) = chunk_start {
        let index = index_base + documents.len();
        match convert_chunk(&region[chunk_offset..], chunk_line, chunk_column, budget, index) {
            Ok(Some(document)) => documents.push(document),
            Ok(None) => {}
            Err(error) => return (documents, Some(error)),
        }
    }
    (documents, None)
}

/// Where the lines of a chunk start, as character indexes: at `\n` (the text's lines) and at
/// YAML's breaks (`\n`, `\r\n`, a lone `\r`: yaml-rust2's lines).
struct Lines {
    starts: Vec<usize>,
    yaml_starts: Vec<usize>,
    chars: usize,
}

impl Lines {
    fn of(chunk: &str) -> Lines {
        let (mut starts, mut yaml_starts, mut chars) = (vec![0], vec![0], 0);
        let mut iter = chunk.chars().peekable();
        while let Some(c) = iter.next() {
            chars += 1;
            if c == '\n' {
                starts.push(chars);
            }
            if c == '\n' || (c == '\r' && iter.peek() != Some(&'\n')) {
                yaml_starts.push(chars);
            }
        }
        Lines { starts, yaml_starts, chars }
    }
}

/// One `---` document: the first YAML document in it, or None when it holds only comments.
fn convert_chunk(
    chunk: &str,
    first_line: usize,
    first_column: usize,
    budget: &mut Budget,
    index: usize,
) -> Result<Option<Document>, ManifestError> {
    let mut builder = Builder {
        chunk,
        lines: Lines::of(chunk),
        first_line,
        first_column,
        index,
        budget,
        stack: Vec::new(),
        positions: BTreeMap::new(),
        anchors: Vec::new(),
        root: None,
        root_position: None,
    };
    let mut parser = Parser::new_from_str(chunk);
    loop {
        let (event, mark) = parser.next_token().map_err(|e| builder.scan_error(&e))?;
        match event {
            Event::StreamStart | Event::DocumentStart | Event::Nothing => {}
            Event::DocumentEnd | Event::StreamEnd => break,
            Event::Alias(id) => builder.alias(id, mark)?,
            Event::Scalar(text, style, anchor, tag) => builder.scalar(text, style, anchor, tag.as_ref(), mark)?,
            Event::SequenceStart(anchor, _) => builder.start(false, anchor, mark)?,
            Event::MappingStart(anchor, _) => builder.start(true, anchor, mark)?,
            Event::SequenceEnd | Event::MappingEnd => builder.end(mark)?,
        }
        // The stack is closed by the matching end events; a document is done when it is empty.
        if builder.stack.is_empty() && builder.root.is_some() {
            break;
        }
    }
    let Some(value) = builder.root.take() else {
        return Ok(None);
    };
    if value.is_null() {
        return Ok(None);
    }
    let (line, col) = builder.root_position.unwrap_or((first_line, first_column + 1));
    Ok(Some(Document { index, value, positions: builder.positions, line, col }))
}

enum Key {
    /// Waiting for a key.
    None,
    Text {
        key: String,
        merge: bool,
    },
    /// A null key: sigs.k8s.io/yaml rejects it once the value is known.
    Null,
}

struct Frame {
    mapping: bool,
    map: Map<String, Value>,
    items: Vec<Value>,
    /// Position key of this collection.
    path: String,
    key: Key,
    anchor: usize,
    /// Nodes counted when the collection started, to size an anchor.
    nodes_at_start: usize,
    /// Line (0-based, in the document) where the collection starts: go-yaml's context mark.
    start_line0: usize,
    start: (usize, usize),
    /// The position is not recorded yet (sequence items and the root take their first child's).
    pending: bool,
}

struct Builder<'a, 'b> {
    chunk: &'a str,
    first_line: usize,
    first_column: usize,
    lines: Lines,
    index: usize,
    budget: &'b mut Budget,
    stack: Vec<Frame>,
    positions: BTreeMap<String, (usize, usize)>,
    /// Anchored values and their node counts, by anchor id (yaml-rust2 numbers them 1, 2, …).
    anchors: Vec<Option<(Value, usize)>>,
    root: Option<Value>,
    root_position: Option<(usize, usize)>,
}

impl Builder<'_, '_> {
    /// A marker in the document → (line, col), 1-based, in the whole text.
    /// A marker in the document → (line, col), 1-based, in the whole text, with lines counted
    /// at `\n` as the document splitter and the JSON reader count them. Found by the manifest
    /// fuzz target, three ways yaml-rust2's marker is not that spot: its lines also break at a
    /// lone `\r`; at the end of the stream it is on a line past the last (it forces a line
    /// break there: `a: b\nc` was located at 3:1); and after a block scalar's line its column
    /// and index count bytes, not characters. So the spot is its line's start (characters, by
    /// yaml-rust2's breaks) plus its column, kept inside that line.
    fn absolute(&self, mark: Marker) -> (usize, usize) {
        let yaml_line = mark.line().max(1) - 1;
        let index = match self.lines.yaml_starts.get(yaml_line) {
            Some(start) => {
                let end = self.lines.yaml_starts.get(yaml_line + 1).map_or(self.lines.chars, |next| next - 1);
                (start + mark.col()).min(end)
            }
            None => self.lines.chars,
        };
        let line0 = self.lines.starts.partition_point(|start| *start <= index) - 1;
        let col0 = index - self.lines.starts[line0];
        let column = if line0 == 0 { self.first_column + col0 } else { col0 };
        (self.first_line + line0, column + 1)
    }

    fn error_at(&self, message: String, mark: Marker) -> ManifestError {
        let (line, col) = self.absolute(mark);
        syntax_error(format!("{CONVERT_PREFIX}{message}"), line, col, self.index)
    }

    fn remember(&mut self, anchor: usize, value: Value, size: usize) {
        // Ids grow by one per anchor, so the table is as long as the anchors seen.
        if anchor > self.anchors.len() + LIMITS.nodes_max {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some((value, size));
    }

    fn record(&mut self, path: String, position: (usize, usize)) {
        for frame in self.stack.iter_mut().rev() {
            if !frame.pending {
                break;
            }
            frame.pending = false;
            self.positions.insert(frame.path.clone(), position);
        }
        if self.root_position.is_none() {
            self.root_position = Some(position);
        }
        self.positions.insert(path, position);
    }

    /// The position key of the next child of the top frame, and whether it still needs one.
    fn child_path(&self) -> Option<String> {
        let frame = self.stack.last()?;
        if frame.mapping {
            match &frame.key {
                Key::Text { key, .. } => Some(child_key(&frame.path, key)),
                _ => Some(frame.path.clone()),
            }
        } else {
            Some(child_index(&frame.path, frame.items.len()))
        }
    }

    fn start(&mut self, mapping: bool, anchor: usize, mark: Marker) -> Result<(), ManifestError> {
        if self.stack.len() >= LIMITS.depth_max {
            return Err(self.error_at(format!("yaml: exceeded max depth of {}", LIMITS.depth_max), mark));
        }
        self.budget.take(1, false).map_err(|m| self.error_at(format!("yaml: {m}"), mark))?;
        let position = self.absolute(mark);
        let (path, pending) = match self.stack.last() {
            None => (String::new(), true),
            Some(frame) if frame.mapping => match &frame.key {
                Key::None => return Err(self.error_at("yaml: invalid map key: a mapping or sequence".to_string(), mark)),
                Key::Null => (frame.path.clone(), false),
                Key::Text { .. } => (self.child_path().unwrap_or_default(), false),
            },
            Some(_) => (self.child_path().unwrap_or_default(), true),
        };
        if !pending && self.root_position.is_none() {
            self.root_position = Some(position);
        }
        let start_line0 = mark.line().saturating_sub(1);
        self.stack.push(Frame {
            mapping,
            map: Map::new(),
            items: Vec::new(),
            path,
            key: Key::None,
            anchor,
            nodes_at_start: self.budget.nodes,
            start_line0,
            start: position,
            pending,
        });
        Ok(())
    }

    fn end(&mut self, mark: Marker) -> Result<(), ManifestError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        if frame.pending {
            self.record(frame.path.clone(), frame.start);
        }
        let value = if frame.mapping { Value::Object(frame.map) } else { Value::Array(frame.items) };
        if frame.anchor != 0 {
            let size = self.budget.nodes.saturating_sub(frame.nodes_at_start).max(1);
            self.remember(frame.anchor, value.clone(), size);
        }
        self.place(value, mark)
    }

    fn alias(&mut self, id: usize, mark: Marker) -> Result<(), ManifestError> {
        let Some((value, size)) = self.anchors.get(id).cloned().flatten() else {
            return Err(self.error_at("yaml: unknown anchor referenced".to_string(), mark));
        };
        self.budget.take(size, true).map_err(|m| self.error_at(format!("yaml: {m}"), mark))?;
        let position = self.absolute(mark);
        if self.expecting_key() {
            let key = match &value {
                Value::String(s) => Key::Text { key: s.clone(), merge: false },
                Value::Bool(b) => Key::Text { key: b.to_string(), merge: false },
                Value::Number(n) => Key::Text { key: n.to_string(), merge: false },
                Value::Null => Key::Null,
                _ => return Err(self.error_at("yaml: invalid map key: a mapping or sequence".to_string(), mark)),
            };
            self.set_key(key, position);
            return Ok(());
        }
        self.locate_value(position);
        self.place(value, mark)
    }

    /// Records where a scalar or alias value is, unless it is a mapping value (located at its key).
    fn locate_value(&mut self, position: (usize, usize)) {
        match self.stack.last() {
            None => self.root_position = Some(position),
            Some(frame) if frame.mapping => {}
            Some(_) => {
                if let Some(path) = self.child_path() {
                    self.record(path, position);
                }
            }
        }
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(frame) if frame.mapping && matches!(frame.key, Key::None))
    }

    /// Stores the key the top mapping waits a value for, and locates the entry at it.
    fn set_key(&mut self, key: Key, position: (usize, usize)) {
        let locate = matches!(key, Key::Text { merge: false, .. });
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let repeated = match &key {
            Key::Text { key, merge: false, .. } => frame.map.contains_key(key).then(|| child_key(&frame.path, key)),
            _ => None,
        };
        frame.key = key;
        let start = (!locate && frame.pending).then(|| {
            // The mapping starts here even when its first key is special.
            frame.pending = false;
            frame.path.clone()
        });
        if let Some(child) = repeated {
            self.forget_positions_under(&child);
        }
        if locate {
            let path = self.child_path().unwrap_or_default();
            self.record(path, position);
        } else if let Some(path) = start {
            self.positions.insert(path, position);
            if self.root_position.is_none() {
                self.root_position = Some(position);
            }
        }
    }

    fn scalar(&mut self, text: String, style: TScalarStyle, anchor: usize, tag: Option<&Tag>, mark: Marker) -> Result<(), ManifestError> {
        self.budget.take(1, false).map_err(|m| self.error_at(format!("yaml: {m}"), mark))?;
        let position = self.absolute(mark);
        let is_merge = style == TScalarStyle::Plain && tag.is_none() && text == "<<";
        let resolved = resolve(text, style, tag).map_err(|m| self.error_at(m, mark))?;
        if self.expecting_key() {
            let key = if is_merge {
                Key::Text { key: "<<".into(), merge: true }
            } else {
                match key_string(&resolved) {
                    Some(key) => Key::Text { key, merge: false },
                    None => Key::Null,
                }
            };
            if anchor != 0 {
                let value = scalar_value(resolved).unwrap_or(Value::Null);
                self.remember(anchor, value, 1);
            }
            self.set_key(key, position);
            return Ok(());
        }
        let value = scalar_value(resolved).map_err(|m| self.error_at(m, mark))?;
        if anchor != 0 {
            self.remember(anchor, value.clone(), 1);
        }
        self.locate_value(position);
        self.place(value, mark)
    }

    /// Puts a finished node into its parent (or makes it the root).
    fn place(&mut self, value: Value, mark: Marker) -> Result<(), ManifestError> {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(value);
            return Ok(());
        };
        if !frame.mapping {
            frame.items.push(value);
            return Ok(());
        }
        match std::mem::replace(&mut frame.key, Key::None) {
            Key::None => Err(self.error_at("yaml: invalid map key: a mapping or sequence".to_string(), mark)),
            Key::Null => {
                Err(self.error_at(format!("unsupported map key of type: %!s(<nil>), key: <nil>, value: {}", go_value_repr(&value)), mark))
            }
            Key::Text { merge: true, .. } => {
                // go-yaml v2 `d.merge`: a mapping, or a sequence of mappings merged last-first.
                match value {
                    Value::Object(entries) => {
                        frame.map.extend(entries);
                        Ok(())
                    }
                    Value::Array(items) if items.iter().all(Value::is_object) => {
                        for item in items.into_iter().rev() {
                            if let Value::Object(entries) = item {
                                frame.map.extend(entries);
                            }
                        }
                        Ok(())
                    }
                    _ => Err(self.error_at("yaml: map merge requires map or sequence of maps as the value".to_string(), mark)),
                }
            }
            Key::Text { key, .. } => {
                // A repeated key: the last value wins (go-yaml v2 non-strict).
                frame.map.insert(key, value);
                Ok(())
            }
        }
    }

    /// Forgets the positions of an entry that is written again (its key and everything below).
    fn forget_positions_under(&mut self, child: &str) {
        let stale: Vec<String> = self
            .positions
            .range(child.to_string()..)
            .take_while(|(k, _)| k.starts_with(child))
            .filter(|(k, _)| k.len() == child.len() || matches!(k.as_bytes()[child.len()], b'.' | b'['))
            .map(|(k, _)| k.clone())
            .collect();
        for key in stale {
            self.positions.remove(&key);
        }
    }

    /// A yaml-rust2 error → go-yaml v2's message and line rule (`yaml.v2` `parser.fail`).
    fn scan_error(&self, error: &ScanError) -> ManifestError {
        let info = error.info();
        let mark = *error.marker();
        let problem_line0 = mark.line().saturating_sub(1);
        let innermost = |mapping: bool| self.stack.iter().rev().find(|f| f.mapping == mapping).map(|f| f.start_line0);
        let (problem, line) = if info.contains("found unknown anchor") {
            let name = self.alias_name_at(mark);
            return self.error_at_message(format!("yaml: unknown anchor '{name}' referenced"), mark);
        } else if info.contains("did not find expected key") {
            ("did not find expected key".to_string(), parser_line(innermost(true), problem_line0))
        } else if info.contains("did not find expected ',' or '}'") {
            ("did not find expected ',' or '}'".to_string(), parser_line(innermost(true), problem_line0))
        } else if info.contains("did not find expected '-' indicator") {
            ("did not find expected '-' indicator".to_string(), parser_line(innermost(false), problem_line0))
        } else if info.contains("expected ',' or ']'") {
            ("did not find expected ',' or ']'".to_string(), parser_line(innermost(false), problem_line0))
        } else if info.contains("did not find expected node content") {
            ("did not find expected node content".to_string(), parser_line(None, problem_line0))
        } else if info.contains("simple key expect") {
            ("could not find expected ':'".to_string(), scanner_line(problem_line0))
        } else if info.contains("tab") || info.starts_with("unexpected character") {
            ("found character that cannot start any token".to_string(), scanner_line(problem_line0))
        } else {
            let problem = match info.split_once(", ") {
                Some((context, problem)) if context.starts_with("while ") => problem,
                _ => info,
            };
            (problem.to_string(), scanner_line(problem_line0))
        };
        let message = match line {
            Some(line) => format!("yaml: line {line}: {problem}"),
            None => format!("yaml: {problem}"),
        };
        self.error_at_message(message, mark)
    }

    fn error_at_message(&self, message: String, mark: Marker) -> ManifestError {
        self.error_at(message, mark)
    }

    /// The anchor name after `*` at `mark`, read from the document text.
    fn alias_name_at(&self, mark: Marker) -> String {
        let Some(line) = self.chunk.split('\n').nth(mark.line().saturating_sub(1)) else {
            return String::new();
        };
        line.chars()
            .skip(mark.col())
            .skip_while(|c| *c == '*')
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .take(128)
            .collect()
    }
}

/// go-yaml v2 parser errors: the context mark's line if not the first, else the problem's,
/// both 0-based (so usually one less than the 1-based line).
fn parser_line(context_line0: Option<usize>, problem_line0: usize) -> Option<usize> {
    match context_line0 {
        Some(line) if line != 0 => Some(line),
        _ if problem_line0 != 0 => Some(problem_line0),
        _ => None,
    }
}

/// go-yaml v2 scanner errors: 1-based, omitted on the first line.
fn scanner_line(problem_line0: usize) -> Option<usize> {
    (problem_line0 != 0).then_some(problem_line0 + 1)
}

/// A resolved scalar, before it becomes JSON.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
}

const YAML_TAG_PREFIX: &str = "tag:yaml.org,2002:";

fn full_tag(tag: &Tag) -> String {
    if tag.handle == "!!" {
        format!("{YAML_TAG_PREFIX}{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

/// go-yaml v2 `resolve` plus `decoder.scalar` for an `interface{}` target.
pub(super) fn resolve(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Result<Scalar, String> {
    let Some(tag) = tag.map(full_tag) else {
        return Ok(if style == TScalarStyle::Plain { resolve_plain(&text) } else { Scalar::Str(text) });
    };
    let Some(short) = tag.strip_prefix(YAML_TAG_PREFIX) else {
        // Local and unknown tags are not resolvable: the text is kept.
        return Ok(Scalar::Str(text));
    };
    let resolved = resolve_plain(&text);
    let resolved_short = match &resolved {
        Scalar::Null => "null",
        Scalar::Bool(_) => "bool",
        Scalar::Int(_) | Scalar::Uint(_) => "int",
        Scalar::Float(_) => "float",
        Scalar::Str(_) => "str",
    };
    match short {
        "str" | "binary" | "timestamp" => Ok(Scalar::Str(text)),
        "int" | "bool" | "null" if short == resolved_short => Ok(resolved),
        "float" => match resolved {
            Scalar::Float(_) => Ok(resolved),
            Scalar::Int(i) => Ok(Scalar::Float(i as f64)),
            Scalar::Uint(u) => Ok(Scalar::Float(u as f64)),
            _ => Err(format!("yaml: cannot decode !!{resolved_short} `{text}` as a !!float")),
        },
        "int" | "bool" | "null" => Err(format!("yaml: cannot decode !!{resolved_short} `{text}` as a !!{short}")),
        _ => Ok(if style == TScalarStyle::Plain { resolved } else { Scalar::Str(text) }),
    }
}

/// go-yaml v2's resolution of an untagged plain scalar (`resolve.go`): the resolve map
/// (`y/yes/on/true…` → true, `n/no/off/false…` → false, `~/null` and empty → null, `.inf`,
/// `.nan`), then for scalars starting with a digit or sign `strconv.ParseInt(s, 0, 64)` after
/// removing `_` (so `0x1F`, `0o17`, `0755` octal, `0b101`), then ParseUint, then floats of the
/// form `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`. Everything else is a string.
pub(super) fn resolve_plain(text: &str) -> Scalar {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => return Scalar::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => return Scalar::Bool(false),
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    let first = text.as_bytes()[0];
    match first {
        b'.' => {
            if is_yaml_style_float(text) {
                if let Some(f) = parse_finite_float(text) {
                    return Scalar::Float(f);
                }
            }
            Scalar::Str(text.to_string())
        }
        b'+' | b'-' | b'0'..=b'9' => {
            let plain: String = text.chars().filter(|c| *c != '_').collect();
            if let Some(i) = go_parse_int(&plain) {
                return Scalar::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain) {
                return Scalar::Uint(u);
            }
            if is_yaml_style_float(&plain) {
                if let Some(f) = parse_finite_float(&plain) {
                    return Scalar::Float(f);
                }
            }
            Scalar::Str(text.to_string())
        }
        _ => Scalar::Str(text.to_string()),
    }
}

/// Go's ParseFloat fails (ErrRange) where Rust gives infinity.
fn parse_finite_float(text: &str) -> Option<f64> {
    let value: f64 = text.parse().ok()?;
    value.is_finite().then_some(value)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    if bytes.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    } else {
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
        if bytes.get(i) == Some(&b'.') {
            i += 1 + digits(i + 1);
        }
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == bytes.len()
}

/// Go's base-0 prefix rules: `0x`, `0o`, `0b`, a leading `0` means octal.
fn split_base(body: &str) -> (u32, &str) {
    let bytes = body.as_bytes();
    if bytes.len() >= 2 && bytes[0] == b'0' {
        match bytes[1] {
            b'x' | b'X' => return (16, &body[2..]),
            b'o' | b'O' => return (8, &body[2..]),
            b'b' | b'B' => return (2, &body[2..]),
            _ => return (8, &body[1..]),
        }
    }
    (10, body)
}

fn parse_magnitude(body: &str) -> Option<u64> {
    let (base, digits) = split_base(body);
    if digits.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for c in digits.chars() {
        let digit = c.to_digit(base)?;
        value = value.checked_mul(base as u64)?.checked_add(digit as u64)?;
    }
    Some(value)
}

/// `strconv.ParseInt(s, 0, 64)`.
pub(super) fn go_parse_int(text: &str) -> Option<i64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'+') => (false, &text[1..]),
        Some(b'-') => (true, &text[1..]),
        _ => (false, text),
    };
    let magnitude = parse_magnitude(body)?;
    if negative {
        if magnitude <= 1u64 << 63 {
            Some((magnitude as i128).wrapping_neg() as i64)
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// `strconv.ParseUint(s, 0, 64)` (no sign).
fn go_parse_uint(text: &str) -> Option<u64> {
    if text.starts_with(['+', '-']) {
        return None;
    }
    parse_magnitude(text)
}

/// How sigs.k8s.io/yaml turns a resolved key into a JSON key; None for a null key.
fn key_string(scalar: &Scalar) -> Option<String> {
    match scalar {
        Scalar::Null => None,
        Scalar::Bool(b) => Some(b.to_string()),
        Scalar::Int(i) => Some(i.to_string()),
        Scalar::Uint(u) => Some(u.to_string()),
        Scalar::Float(f) => Some(crate::sim::gofloat::format_g(*f)),
        Scalar::Str(s) => Some(s.clone()),
    }
}

/// The JSON value of a resolved scalar, as kubectl's YAML → JSON → unstructured round trip
/// leaves it.
pub(super) fn scalar_value(scalar: Scalar) -> Result<Value, String> {
    Ok(match scalar {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Number(i.into()),
        Scalar::Uint(u) => float_value(u as f64)?,
        Scalar::Float(f) => float_value(f)?,
        Scalar::Str(s) => Value::String(s),
    })
}

/// Go's json.Marshal of a float64, decoded again by kubectl (int64 when it fits).
pub(super) fn float_value(value: f64) -> Result<Value, String> {
    if value.is_nan() {
        return Err("json: unsupported value: NaN".into());
    }
    if value.is_infinite() {
        return Err(format!("json: unsupported value: {}Inf", if value > 0.0 { "+" } else { "-" }));
    }
    if value.fract() == 0.0 && value.abs() < 1e21 && (i64::MIN as f64..i64::MAX as f64).contains(&value) {
        return Ok(Value::Number((value as i64).into()));
    }
    Ok(Number::from_f64(value).map(Value::Number).unwrap_or(Value::Null))
}

/// Go's `%+#v` of a decoded YAML value, as sigs.k8s.io/yaml prints it in key errors.
fn go_value_repr(value: &Value) -> String {
    match value {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "[]interface {}{…}".into(),
        Value::Object(_) => "map[interface {}]interface {}{…}".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_yaml_v2_scalars() {
        for (text, expected) in [
            ("yes", Scalar::Bool(true)),
            ("Off", Scalar::Bool(false)),
            ("y", Scalar::Bool(true)),
            ("~", Scalar::Null),
            ("", Scalar::Null),
            ("0755", Scalar::Int(493)),
            ("0x1F", Scalar::Int(31)),
            ("0o17", Scalar::Int(15)),
            ("0b101", Scalar::Int(5)),
            ("1_000", Scalar::Int(1000)),
            ("-12", Scalar::Int(-12)),
            ("+7", Scalar::Int(7)),
            ("08", Scalar::Float(8.0)),
            ("1e3", Scalar::Float(1000.0)),
            (".5", Scalar::Float(0.5)),
            ("1.", Scalar::Float(1.0)),
            ("18446744073709551615", Scalar::Uint(u64::MAX)),
            ("1e400", Scalar::Str("1e400".into())),
            ("1:20", Scalar::Str("1:20".into())),
            ("2001-12-14", Scalar::Str("2001-12-14".into())),
            ("nginx:1.7.9", Scalar::Str("nginx:1.7.9".into())),
            ("0x", Scalar::Str("0x".into())),
        ] {
            assert_eq!(resolve_plain(text), expected, "{text}");
        }
        assert!(matches!(resolve_plain(".inf"), Scalar::Float(f) if f.is_infinite()));
    }

    #[test]
    fn json_forms_of_numbers_follow_the_kubectl_round_trip() {
        assert_eq!(scalar_value(Scalar::Float(8.0)).unwrap(), Value::from(8));
        assert_eq!(scalar_value(Scalar::Float(1.5)).unwrap(), Value::from(1.5));
        assert_eq!(scalar_value(Scalar::Float(f64::INFINITY)).unwrap_err(), "json: unsupported value: +Inf");
        assert_eq!(crate::sim::gofloat::format_g(1234567.0), "1.234567e+06");
        assert_eq!(crate::sim::gofloat::format_g(100.0), "100");
        assert_eq!(crate::sim::gofloat::format_g(1e21), "1e+21");
    }
}
