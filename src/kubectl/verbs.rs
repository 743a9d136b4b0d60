//! The simulator's own verbs: `node add|remove|stop|start`, `scheduler stop|start`,
//! `apiserver fail-writes|heal`, `sleep DURATION`, `settle [--timeout DURATION]`.

use super::flags::{self, value};
use super::{CommandError, CommandResult, Session, DEFAULT_SETTLE_TIMEOUT_MS};
use crate::sim::cluster::CONTROLLERS;
use crate::sim::controllers::node_lifecycle::NodeSpecRequest;
use crate::sim::objects::Taint;
use crate::sim::time::parse_duration;

const NODE_USAGE: &str =
    "usage: node add NAME [--label K=V]... [--taint K=V:EFFECT]... [--cpu N] [--memory Q] [--pods N]\n       node remove|stop|start NAME";

pub fn node(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [value("label", None), value("taint", None), value("cpu", None), value("memory", None), value("pods", None)];
    let parsed = flags::parse(args, &specs).map_err(|e| CommandError::new(format!("node: {e}\n{NODE_USAGE}")))?;
    let (Some(action), Some(name), None) = (parsed.args.first(), parsed.args.get(1), parsed.args.get(2)) else {
        return Err(CommandError::new(NODE_USAGE));
    };
    let name = name.clone();
    match action.as_str() {
        "add" => {
            let mut request = NodeSpecRequest { name: name.clone(), ..Default::default() };
            for label in parsed.all("label") {
                let (k, v) = label.split_once('=').ok_or_else(|| CommandError::new(format!("node: invalid label {label:?}: want K=V")))?;
                request.labels.insert(k.to_string(), v.to_string());
            }
            for taint in parsed.all("taint") {
                request.taints.push(parse_taint(&taint).map_err(|e| CommandError::new(format!("node: {e}")))?);
            }
            for (flag, slot) in [("cpu", &mut request.cpu), ("memory", &mut request.memory), ("pods", &mut request.pods)] {
                if let Some(quantity) = parsed.get(flag) {
                    if !crate::sim::quantity::is_valid(quantity) {
                        return Err(CommandError::new(format!(
                            "node: invalid --{flag} {quantity:?}: {}",
                            crate::sim::quantity::QuantityError::Format
                        )));
                    }
                    *slot = quantity.to_string();
                }
            }
            if !is_dns_subdomain(&name) {
                return Err(CommandError::new(format!("node: invalid name {name:?}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'")));
            }
            session.cluster.add_node(request).map_err(|e| CommandError::new(format!("node: {e}")))?;
            session.print(&format!("node/{name} added"));
        }
        "remove" => {
            session.cluster.remove_node(&name).map_err(|e| CommandError::new(format!("node: {e}")))?;
            session.print(&format!("node/{name} removed"));
        }
        "stop" => {
            session.cluster.stop_node(&name).map_err(|e| CommandError::new(format!("node: {e}")))?;
            session.print(&format!("node/{name} stopped (kubelet down)"));
        }
        "start" => {
            session.cluster.start_node(&name).map_err(|e| CommandError::new(format!("node: {e}")))?;
            session.print(&format!("node/{name} started"));
        }
        _ => return Err(CommandError::new(NODE_USAGE)),
    }
    Ok(())
}

pub fn is_dns_subdomain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// `key=value:Effect` or `key:Effect`.
pub fn parse_taint(text: &str) -> Result<Taint, String> {
    let (key_value, effect) = text.rsplit_once(':').ok_or_else(|| format!("invalid taint spec: {text}"))?;
    if !matches!(effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
        return Err(format!("invalid taint effect: {effect}, unsupported taint effect"));
    }
    let (key, value) = key_value.split_once('=').unwrap_or((key_value, ""));
    if key.is_empty() {
        return Err(format!("invalid taint spec: {text}"));
    }
    Ok(Taint { key: key.into(), value: value.into(), effect: effect.into(), time_added: None })
}

pub fn scheduler(session: &mut Session, args: &[String]) -> CommandResult {
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["stop"] => {
            session.cluster.set_scheduler_running(false);
            session.print("scheduler stopped");
        }
        ["start"] => {
            session.cluster.set_scheduler_running(true);
            session.print("scheduler started");
        }
        _ => return Err(CommandError::new("usage: scheduler stop|start")),
    }
    Ok(())
}

const APISERVER_USAGE: &str = "usage: apiserver fail-writes COUNT [--controller NAME] [--after N]\n       apiserver heal";

/// `apiserver fail-writes 3 --controller daemonset-controller --after 2`: the API server lets
/// the next 2 writes of that controller through, then refuses 3 with an InternalError, as
/// during an etcd timeout. A user's own commands are never refused. `apiserver heal` ends it.
pub fn apiserver(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [value("controller", None), value("after", None)];
    let parsed = flags::parse(args, &specs).map_err(|e| CommandError::new(format!("apiserver: {e}\n{APISERVER_USAGE}")))?;
    let words: Vec<&str> = parsed.args.iter().map(String::as_str).collect();
    match words.as_slice() {
        ["heal"] if parsed.get("controller").is_none() && parsed.get("after").is_none() => {
            session.cluster.write_failures.heal();
            session.print("apiserver: writes succeed again");
        }
        ["fail-writes", count] => {
            let count: u64 =
                count.parse().map_err(|_| CommandError::new(format!("apiserver: invalid COUNT {count:?}: want a whole number")))?;
            let after: u64 = match parsed.get("after") {
                Some(text) => {
                    text.parse().map_err(|_| CommandError::new(format!("apiserver: invalid --after {text:?}: want a whole number")))?
                }
                None => 0,
            };
            let controller = match parsed.get("controller") {
                Some(name) => Some(*CONTROLLERS.iter().find(|c| **c == name).ok_or_else(|| {
                    CommandError::new(format!("apiserver: unknown controller {name:?}: one of {}", CONTROLLERS.join(", ")))
                })?),
                None => None,
            };
            session.cluster.fail_writes(controller, after, count);
            let whose = controller.map_or("any controller".to_string(), str::to_string);
            let plural = |n: u64| if n == 1 { "" } else { "s" };
            let first = if after == 0 {
                String::new()
            } else {
                format!(" after {after} more write{} succeed{}", plural(after), if after == 1 { "s" } else { "" })
            };
            session.print(&format!("apiserver: {count} write{} of {whose} will fail{first}", plural(count)));
        }
        _ => return Err(CommandError::new(APISERVER_USAGE)),
    }
    Ok(())
}

pub fn sleep(session: &mut Session, args: &[String]) -> CommandResult {
    let [duration] = args else { return Err(CommandError::new("usage: sleep DURATION (e.g. 30s, 2m)")) };
    let millis = parse_duration(duration)
        .filter(|d| *d >= 0)
        .ok_or_else(|| CommandError::new(format!("sleep: invalid time interval '{duration}'")))?;
    let until = session.cluster.now + millis;
    let allowed = session.advance_deadline();
    if until > allowed {
        let limit = crate::kubectl::format_seconds(session.limits.command_advance_max);
        let left = crate::kubectl::format_seconds((allowed - session.cluster.now).max(0));
        return Err(CommandError::new(format!("sleep: {duration} is more simulated time than a command may take ({limit}; {left} left)")));
    }
    session.advance_printing(until);
    Ok(())
}

pub fn settle(session: &mut Session, args: &[String]) -> CommandResult {
    let parsed = flags::parse(args, &[value("timeout", None)]).map_err(|e| CommandError::new(format!("settle: {e}")))?;
    let timeout = match parsed.get("timeout") {
        Some(text) => parse_duration(text).ok_or_else(|| CommandError::new(format!("settle: invalid duration {text:?}")))?,
        None => DEFAULT_SETTLE_TIMEOUT_MS,
    };
    let start = session.cluster.now;
    let settled = session.advance_until(timeout, |cluster| !cluster.has_pending_work());
    let took = crate::kubectl::format_seconds(session.cluster.now - start);
    if settled {
        session.print(&format!("settled after {took}"));
        Ok(())
    } else {
        let pending: Vec<String> = session.cluster.pending_work().iter().take(3).map(|(_, task)| format!("{task:?}")).collect();
        let why = if pending.is_empty() { "a controller still has a decision to make".to_string() } else { pending.join(", ") };
        Err(CommandError::new(format!("not settled after {took}: still pending: {why}")))
    }
}
