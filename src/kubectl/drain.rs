//! `kubectl drain NODE` (NODE-13): cordon, then the filters of `k8s.io/kubectl/pkg/drain`
//! (`filters.go`) in their order — DaemonSet-managed, mirror, local storage, unreplicated —
//! then eviction of the rest (a graceful delete) and waiting until they are gone. The node
//! stays cordoned when the drain fails.

use super::flags::{self, boolean, value};
use super::{CommandError, CommandResult, Session, DEFAULT_SETTLE_TIMEOUT_MS};
use crate::sim::objects::{Object, Pod};
use crate::sim::store::{ObjectKey, Propagation};
use crate::sim::time::parse_duration;
use std::collections::BTreeMap;

const DAEMONSET_FATAL: &str = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
const DAEMONSET_WARNING: &str = "ignoring DaemonSet-managed Pods";
const LOCAL_STORAGE_FATAL: &str = "Pods with local storage (use --delete-emptydir-data to override)";
const LOCAL_STORAGE_WARNING: &str = "deleting Pods with local storage";
const UNMANAGED_FATAL: &str = "Pods declare no controller (use --force to override)";
const UNMANAGED_WARNING: &str = "deleting Pods that declare no controller";
const MIRROR_ANNOTATION: &str = "kubernetes.io/config.mirror";

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Okay,
    Skip,
    Warning(&'static str, bool),
    Error(&'static str),
}

impl Status {
    fn deletes(&self) -> bool {
        matches!(self, Status::Okay | Status::Warning(_, true))
    }
}

struct Options {
    ignore_daemonsets: bool,
    delete_emptydir_data: bool,
    force: bool,
}

/// One pod through the filters, stopping at the first that keeps it (`GetPodsForDeletion`).
fn filter(session: &Session, pod: &Pod, options: &Options) -> Status {
    let terminal = pod.is_terminal();
    let mut status = Status::Okay;
    let filters: [&dyn Fn() -> Status; 4] = [
        &|| {
            let Some(owner) = pod.metadata.controller_ref().filter(|r| r.kind == "DaemonSet") else { return Status::Okay };
            if terminal {
                return Status::Okay;
            }
            let exists = session.cluster.get("DaemonSet", &pod.metadata.namespace, &owner.name).is_some();
            if !exists && !options.force {
                return Status::Error("daemonset-missing");
            }
            if !options.ignore_daemonsets {
                return Status::Error(DAEMONSET_FATAL);
            }
            Status::Warning(DAEMONSET_WARNING, false)
        },
        &|| if pod.metadata.annotations.contains_key(MIRROR_ANNOTATION) { Status::Skip } else { Status::Okay },
        &|| {
            if terminal || !pod.spec.volumes.iter().any(|v| v.empty_dir.is_some()) {
                return Status::Okay;
            }
            if options.delete_emptydir_data {
                Status::Warning(LOCAL_STORAGE_WARNING, true)
            } else {
                Status::Error(LOCAL_STORAGE_FATAL)
            }
        },
        &|| {
            if terminal || pod.metadata.controller_ref().is_some() {
                return Status::Okay;
            }
            if options.force {
                Status::Warning(UNMANAGED_WARNING, true)
            } else {
                Status::Error(UNMANAGED_FATAL)
            }
        },
    ];
    for check in filters {
        let result = check();
        // A warning that still deletes goes on through the later filters, as upstream.
        let stop = !result.deletes();
        if result != Status::Okay {
            status = result;
        }
        if stop {
            break;
        }
    }
    status
}

pub fn run(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [
        boolean("ignore-daemonsets", None),
        boolean("delete-emptydir-data", None),
        boolean("delete-local-data", None),
        boolean("force", None),
        value("grace-period", None),
        value("timeout", None),
        value("selector", Some('l')),
        value("pod-selector", None),
        value("dry-run", None),
        boolean("disable-eviction", None),
        value("skip-wait-for-delete-timeout", None),
        value("chunk-size", None),
    ];
    let parsed = flags::parse(args, &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl drain --help' for usage.")))?;
    let Some(node) = parsed.args.first().cloned() else {
        return Err(CommandError::new("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples"));
    };
    let options = Options {
        ignore_daemonsets: parsed.bool("ignore-daemonsets"),
        delete_emptydir_data: parsed.bool("delete-emptydir-data") || parsed.bool("delete-local-data"),
        force: parsed.bool("force"),
    };
    let grace: Option<i64> = match parsed.get("grace-period") {
        Some(text) => {
            let value: i64 = text.parse().map_err(|_| {
                CommandError::plain(format!(
                    "invalid argument \"{text}\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"{text}\": invalid syntax"
                ))
            })?;
            (value >= 0).then_some(value)
        }
        None => None,
    };
    let timeout = match parsed.get("timeout") {
        Some(text) => parse_duration(text).ok_or_else(|| {
            CommandError::plain(format!("invalid argument \"{text}\" for \"--timeout\" flag: time: invalid duration \"{text}\""))
        })?,
        None => 0,
    };
    // Cordon first (NODE-13), with cordon's own output.
    super::node::cordon(session, std::slice::from_ref(&node), true)?;

    let mut pods: Vec<Pod> = session.cluster.pods_on_node(&node).iter().filter_map(|o| o.as_pod().cloned()).collect();
    crate::sort::sort_by(&mut pods, |a, b| (&a.metadata.namespace, &a.metadata.name).cmp(&(&b.metadata.namespace, &b.metadata.name)));
    let mut errors: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut warnings: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut evict = Vec::new();
    for pod in pods {
        let id = format!("{}/{}", pod.metadata.namespace, pod.metadata.name);
        let status = filter(session, &pod, &options);
        match &status {
            Status::Error("daemonset-missing") => {
                let owner = pod.metadata.controller_ref().map(|r| r.name.clone()).unwrap_or_default();
                errors.entry(format!("daemonset.apps \"{owner}\" not found")).or_default().push(id.clone());
            }
            Status::Error(message) => errors.entry((*message).to_string()).or_default().push(id.clone()),
            Status::Warning(message, _) => warnings.entry(message).or_default().push(id.clone()),
            _ => {}
        }
        if status.deletes() {
            evict.push(pod);
        }
    }
    if !errors.is_empty() {
        let parts: Vec<String> = errors.iter().map(|(message, pods)| format!("cannot delete {message}: {}", pods.join(", "))).collect();
        let aggregate = if parts.len() == 1 { parts[0].clone() } else { format!("[{}]", parts.join(", ")) };
        session.print(&format!("error: unable to drain node \"{node}\" due to error:{aggregate}, continuing command..."));
        session.print(&format!("There are pending nodes to be drained:\n {node}"));
        let message = if parts.len() == 1 { format!("error: {}", parts[0]) } else { parts.join("\n") };
        return Err(CommandError::new(message));
    }
    if !warnings.is_empty() {
        let parts: Vec<String> = warnings.iter().map(|(message, pods)| format!("{message}: {}", pods.join(", "))).collect();
        session.print(&format!("Warning: {}", parts.join("; ")));
    }
    let mut waiting = Vec::new();
    for pod in &evict {
        let key = ObjectKey::new("Pod", &pod.metadata.namespace, &pod.metadata.name);
        session.print(&format!("evicting pod {}/{}", pod.metadata.namespace, pod.metadata.name));
        match session.cluster.delete(&key, grace, Propagation::Background) {
            Ok(_) => waiting.push((key, pod.metadata.uid.clone())),
            Err(crate::sim::store::ApiError::NotFound { .. }) => {}
            Err(error) => return Err(CommandError::api(&error)),
        }
    }
    session.cluster.flush_watch_events();
    let deadline = if timeout > 0 { timeout } else { DEFAULT_SETTLE_TIMEOUT_MS };
    let start = session.cluster.now;
    while !waiting.is_empty() {
        let remaining = deadline - (session.cluster.now - start);
        let gone_one = session.advance_until(remaining.max(0), |cluster| {
            waiting.iter().any(|(key, uid)| cluster.store.get(key).is_none_or(|o| o.meta().uid != *uid))
        });
        if !gone_one {
            let (key, _) = &waiting[0];
            let took = crate::kubectl::format_seconds(deadline);
            session.print(&format!(
                "error: unable to drain node \"{node}\" due to error:error when waiting for pod \"{}\" in namespace \"{}\" to terminate: global timeout reached: {took}, continuing command...",
                key.name, key.namespace
            ));
            session.print(&format!("There are pending nodes to be drained:\n {node}"));
            return Err(CommandError::plain(format!(
                "error when waiting for pod \"{}\" in namespace \"{}\" to terminate: global timeout reached: {took}",
                key.name, key.namespace
            )));
        }
        let mut still = Vec::new();
        for (key, uid) in waiting {
            if session.cluster.store.get(&key).is_none_or(|o: &std::sync::Arc<Object>| o.meta().uid != uid) {
                session.print(&format!("pod/{} evicted", key.name));
            } else {
                still.push((key, uid));
            }
        }
        waiting = still;
    }
    session.print(&format!("node/{node} drained"));
    Ok(())
}
