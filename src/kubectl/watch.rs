//! `kubectl get -w`: after the initial list, one row per watch event (POD-10), printed through
//! a tabwriter that remembers column widths (POD-10a).

use super::printers::table::WatchPrinter;
use super::selector::Selector;
use crate::sim::cluster::Cluster;
use crate::sim::store::WatchEvent;

#[derive(Clone)]
pub struct Watch {
    pub kind: String,
    /// None watches every namespace (`-A`) or a cluster-scoped kind.
    pub namespace: Option<String>,
    pub selector: Selector,
    /// Watching named objects only (`kubectl get pod web-0 -w`).
    pub names: Vec<String>,
    pub printer: WatchPrinter,
}

impl Watch {
    /// The row this event prints, if the watch selects the object.
    pub fn row_for(&mut self, event: &WatchEvent, _cluster: &Cluster, _now: crate::sim::time::Millis) -> Option<String> {
        let object = &event.object;
        if object.kind() != self.kind {
            return None;
        }
        if self.namespace.as_deref().is_some_and(|ns| ns != object.namespace()) {
            return None;
        }
        if !self.names.is_empty() && !self.names.iter().any(|n| n == object.name()) {
            return None;
        }
        if !self.selector.matches(&object.meta().labels) {
            return None;
        }
        let text = self.printer.event(event.type_.as_str(), object, event.at);
        (!text.is_empty()).then_some(text)
    }
}
