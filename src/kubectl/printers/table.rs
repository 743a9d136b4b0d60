//! `kubectl get` tables: the server-side rows ([`super::columns`]) decorated the way kubectl's
//! `HumanReadablePrinter` does (`cli-runtime/pkg/printers/tableprinter.go`: `decorateTable`,
//! `printTable`) and laid out with [`TabWriter`].
//!
//! Row order is the caller's: the API server lists objects in storage-key order
//! (namespace, then name), and `kubectl get` keeps that order unless `--sort-by` is given.
//! That includes `kubectl get events`, which is therefore **not** sorted by time (real event
//! names are `<object>.<hex timestamp>`, so they come out grouped by object).

use super::columns::{api_group, cells_for, columns_for, ColumnDef};
use super::tabwriter::TabWriter;
use crate::sim::objects::meta::format_labels;
use crate::sim::objects::Object;
use crate::sim::time::Millis;
use std::borrow::Borrow;

/// kubectl's print flags that shape a table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableOptions {
    /// `-o wide`: include priority-1 columns.
    pub wide: bool,
    /// `--show-labels`: a trailing LABELS column (`k=v,k2=v2` or `<none>`).
    pub show_labels: bool,
    /// `-L key` (`--label-columns`): one column per key, headed by the key's last path
    /// segment upper-cased; empty when the label is missing.
    pub label_columns: Vec<String>,
    /// `-A`: a leading NAMESPACE column. Ignored for cluster-scoped kinds (kubectl drops it for
    /// RESTScopeRoot mappings); a table counts as cluster-scoped when none of its objects has a
    /// namespace.
    pub with_namespace: bool,
    /// Several kinds requested (`kubectl get all`, `kubectl get pods,svc`, `--show-kind`): the
    /// name column becomes `pod/web-0`, `daemonset.apps/nginx-ds`.
    pub with_kind: bool,
    /// `--no-headers`.
    pub no_headers: bool,
}

/// A decorated table: visible headers (upper-cased) and the cells of each row, as printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The lower-cased GroupKind kubectl prefixes names with: `pod`, `daemonset.apps`.
pub fn kind_prefix(obj: &Object) -> String {
    let group = api_group(obj.api_version());
    let kind = obj.kind().to_ascii_lowercase();
    if group.is_empty() {
        kind
    } else {
        format!("{kind}.{}", group.to_ascii_lowercase())
    }
}

/// `appendCellValue`: a cell is cut at its first line break (`\n`, `\r`, `\f`) and marked
/// `...`; terminal escapes are neutralised (`ESC` → `^[`).
fn sanitize_cell(cell: &str) -> String {
    let (text, truncated) = match cell.find(['\n', '\r', '\x0c']) {
        Some(i) => (&cell[..i], true),
        None => (cell, false),
    };
    let mut out = text.replace('\x1b', "^[");
    if truncated {
        out.push_str("...");
    }
    out
}

/// Builds the table for objects of one kind (the kind of the first object decides the
/// columns; give each kind its own table, as [`render_get`] does).
pub fn build_table<O: Borrow<Object>>(objs: &[O], now: Millis, opts: &TableOptions) -> Table {
    build_table_with_event(objs, now, opts, None)
}

/// As [`build_table`]; with `event_type` (`--output-watch-events`) an EVENT column comes
/// first, holding `ADDED   `, `MODIFIED`, `DELETED ` (padded to eight as kubectl does).
pub fn build_table_with_event<O: Borrow<Object>>(objs: &[O], now: Millis, opts: &TableOptions, event_type: Option<&str>) -> Table {
    let Some(first) = objs.first() else {
        return Table::default();
    };
    let first: &Object = first.borrow();
    let columns = columns_for(first.kind());
    let namespaced = objs.iter().any(|o| !o.borrow().namespace().is_empty());
    let with_namespace = opts.with_namespace && namespaced;

    // Column list after decorateTable: [Namespace] + server columns + label columns + [Labels].
    let mut defs: Vec<(String, u8)> = Vec::new();
    if event_type.is_some() {
        defs.push(("EVENT".to_string(), 0));
    }
    if with_namespace {
        defs.push(("NAMESPACE".to_string(), 0));
    }
    defs.extend(columns.iter().map(|c| (c.name.to_ascii_uppercase(), c.priority)));
    for label in &opts.label_columns {
        let last = label.rsplit('/').next().unwrap_or(label);
        defs.push((last.to_ascii_uppercase(), 0));
    }
    if opts.show_labels {
        defs.push(("LABELS".to_string(), 0));
    }
    let visible: Vec<bool> = defs.iter().map(|(_, priority)| opts.wide || *priority == 0).collect();
    let header = defs.iter().zip(&visible).filter(|(_, v)| **v).map(|((name, _), _)| name.clone()).collect();

    let name_column = if opts.with_kind { columns.iter().position(|c: &ColumnDef| c.name_format) } else { None };
    let rows = objs
        .iter()
        .map(|o| {
            let obj: &Object = o.borrow();
            let mut cells = cells_for(obj, now);
            cells.resize(columns.len(), String::new());
            if let Some(i) = name_column {
                cells[i] = format!("{}/{}", kind_prefix(obj), cells[i]);
            }
            let mut row: Vec<String> = Vec::with_capacity(defs.len());
            if let Some(t) = event_type {
                row.push(format_event_type(t));
            }
            if with_namespace {
                row.push(obj.namespace().to_string());
            }
            row.extend(cells);
            let labels = &obj.meta().labels;
            for key in &opts.label_columns {
                row.push(labels.get(key).cloned().unwrap_or_default());
            }
            if opts.show_labels {
                row.push(format_labels(labels));
            }
            row.iter().zip(&visible).filter(|(_, v)| **v).map(|(c, _)| sanitize_cell(c)).collect()
        })
        .collect();
    Table { header, rows }
}

/// `formatEventType`.
pub fn format_event_type(t: &str) -> String {
    match t {
        "ADDED" => "ADDED   ".to_string(),
        "MODIFIED" => "MODIFIED".to_string(),
        "DELETED" => "DELETED ".to_string(),
        "ERROR" => "ERROR   ".to_string(),
        other => other.to_string(),
    }
}

impl Table {
    /// Writes the table to `tw` (without flushing). Like kubectl, a table without rows prints
    /// nothing at all, not even its header.
    pub fn write_to(&self, tw: &mut TabWriter, header: bool) {
        if self.rows.is_empty() {
            return;
        }
        if header {
            tw.write_row(&self.header);
        }
        for row in &self.rows {
            tw.write_row(row);
        }
    }

    /// The table as printed on its own (fresh writer, one flush).
    pub fn render(&self, no_headers: bool) -> String {
        let mut tw = TabWriter::kubectl();
        self.write_to(&mut tw, !no_headers);
        tw.flush_output()
    }
}

/// The output of `kubectl get` for `objs` (any kinds, in the order the API returned them):
/// one table per run of same-kind objects, each with its own header and column widths,
/// separated by a blank line once something was printed. Returns "" when there is nothing to
/// print; kubectl then writes `No resources found in <ns> namespace.` to stderr (the caller's
/// job).
pub fn render_get<O: Borrow<Object>>(objs: &[O], now: Millis, opts: &TableOptions) -> String {
    let mut out = String::new();
    let mut tw = TabWriter::kubectl();
    let mut start = 0;
    let mut first_group = true;
    while start < objs.len() {
        let kind = objs[start].borrow().kind().to_string();
        let mut end = start + 1;
        while end < objs.len() && objs[end].borrow().kind() == kind {
            end += 1;
        }
        tw.set_remembered_widths(Vec::new());
        let text = {
            build_table(&objs[start..end], now, opts).write_to(&mut tw, !opts.no_headers);
            tw.flush_output()
        };
        if !text.is_empty() {
            if !first_group && !opts.no_headers && !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&text);
        }
        first_group = false;
        start = end;
    }
    out
}

/// `kubectl get -w`: one writer for the whole watch, flushed after the initial list and after
/// every event, so column widths only grow (POD-10a). The header is printed once, before the
/// first row.
#[derive(Clone, Debug)]
pub struct WatchPrinter {
    tw: TabWriter,
    opts: TableOptions,
    output_watch_events: bool,
    printed_header: bool,
}

impl WatchPrinter {
    /// `output_watch_events` is `--output-watch-events` (an EVENT column).
    pub fn new(opts: TableOptions, output_watch_events: bool) -> WatchPrinter {
        WatchPrinter { tw: TabWriter::kubectl(), opts, output_watch_events, printed_header: false }
    }

    fn print(&mut self, table: Table) -> String {
        let header = !self.printed_header && !self.opts.no_headers;
        if !table.rows.is_empty() {
            self.printed_header = true;
        }
        table.write_to(&mut self.tw, header);
        self.tw.flush_output()
    }

    /// The initial listing (every object as ADDED with `--output-watch-events`), at `now`.
    pub fn initial<O: Borrow<Object>>(&mut self, objs: &[O], now: Millis) -> String {
        if self.output_watch_events {
            let mut out = String::new();
            for o in objs {
                let t = build_table_with_event(std::slice::from_ref(o.borrow()), now, &self.opts, Some("ADDED"));
                let header = !self.printed_header && !self.opts.no_headers;
                if !t.rows.is_empty() {
                    self.printed_header = true;
                }
                t.write_to(&mut self.tw, header);
            }
            out.push_str(&self.tw.flush_output());
            return out;
        }
        let table = build_table(objs, now, &self.opts);
        self.print(table)
    }

    /// One watch event (`ADDED`, `MODIFIED`, `DELETED`) for `obj`, rendered at `now` (the API
    /// server renders the row when it sends the event). A DELETED row looks like the last state.
    pub fn event(&mut self, event_type: &str, obj: &Object, now: Millis) -> String {
        let event = if self.output_watch_events { Some(event_type) } else { None };
        let table = build_table_with_event(std::slice::from_ref(obj), now, &self.opts, event);
        self.print(table)
    }
}
