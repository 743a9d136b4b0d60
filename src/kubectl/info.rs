//! `kubectl api-resources`, `api-versions`, `version`, `cluster-info`, and what kubectl says
//! about commands it does not have (cobra's "Did you mean this?" suggestions).

use super::flags::{self, boolean, value};
use super::printers::tabwriter::TabWriter;
use super::{CommandError, CommandResult, Session};

/// kubectl v1.34's top-level commands (cobra suggests among the available ones).
pub const KUBECTL_COMMANDS: &[&str] = &[
    "annotate",
    "api-resources",
    "api-versions",
    "apply",
    "attach",
    "auth",
    "autoscale",
    "certificate",
    "cluster-info",
    "completion",
    "config",
    "cordon",
    "cp",
    "create",
    "debug",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "kustomize",
    "label",
    "logs",
    "options",
    "patch",
    "plugin",
    "port-forward",
    "proxy",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "top",
    "uncordon",
    "version",
    "wait",
];

pub const CLIENT_VERSION: &str = "v1.34.0";
pub const KUSTOMIZE_VERSION: &str = "v5.7.1";
/// The API server address the simulated kubeconfig points at.
pub const SERVER: &str = "https://127.0.0.1:6443";

pub fn api_resources(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [
        value("output", Some('o')),
        value("api-group", None),
        value("namespaced", None),
        boolean("no-headers", None),
        value("sort-by", None),
        boolean("cached", None),
        value("verbs", None),
        value("categories", None),
    ];
    let parsed =
        flags::parse(args, &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl api-resources --help' for usage.")))?;
    let output = parsed.get("output").unwrap_or("");
    if !matches!(output, "" | "wide" | "name") {
        return Err(CommandError::plain(format!("--output {output} is not available")));
    }
    let mut kinds: Vec<_> = session.cluster.store.registry.all().to_vec();
    kinds.retain(|k| parsed.get("api-group").is_none_or(|g| g == k.group));
    if let Some(namespaced) = parsed.get("namespaced") {
        kinds.retain(|k| k.namespaced.to_string() == namespaced);
    }
    match parsed.get("sort-by") {
        Some("name") => crate::sort::sort_by(&mut kinds, |a, b| a.plural.cmp(&b.plural)),
        Some("kind") => crate::sort::sort_by(&mut kinds, |a, b| a.kind.cmp(&b.kind).then(a.plural.cmp(&b.plural))),
        _ => crate::sort::sort_by(&mut kinds, |a, b| a.group.cmp(&b.group).then(a.plural.cmp(&b.plural))),
    }
    if output == "name" {
        for kind in &kinds {
            session.print(&kind.group_resource());
        }
        return Ok(());
    }
    let mut writer = TabWriter::kubectl();
    if !parsed.bool("no-headers") {
        writer.write_row(&["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]);
    }
    for kind in &kinds {
        let namespaced = kind.namespaced.to_string();
        writer.write_row(&[kind.plural.as_str(), &kind.short_names.join(","), &kind.api_version(), &namespaced, &kind.kind]);
    }
    writer.flush();
    let text = writer.take_output();
    session.print_raw(&text);
    Ok(())
}

pub fn api_versions(session: &mut Session, args: &[String]) -> CommandResult {
    flags::parse(args, &[]).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl api-versions --help' for usage.")))?;
    let mut versions: Vec<String> = session.cluster.store.registry.all().iter().map(|k| k.api_version()).collect();
    crate::sort::sort(&mut versions);
    versions.dedup();
    for version in versions {
        session.print(&version);
    }
    Ok(())
}

pub fn version(session: &mut Session, args: &[String]) -> CommandResult {
    let parsed = flags::parse(args, &[boolean("client", None), value("output", Some('o'))])
        .map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl version --help' for usage.")))?;
    if let Some(output) = parsed.get("output").filter(|o| !matches!(*o, "yaml" | "json")) {
        return Err(CommandError::plain(format!("--output must be 'yaml' or 'json', got '{output}'")));
    }
    match parsed.get("output") {
        Some("json") => {
            let mut text = format!("{{\n  \"clientVersion\": {{\n    \"major\": \"1\",\n    \"minor\": \"34\",\n    \"gitVersion\": \"{CLIENT_VERSION}\"\n  }},\n  \"kustomizeVersion\": \"{KUSTOMIZE_VERSION}\"");
            if !parsed.bool("client") {
                text.push_str(&format!(",\n  \"serverVersion\": {{\n    \"major\": \"1\",\n    \"minor\": \"34\",\n    \"gitVersion\": \"{CLIENT_VERSION}\"\n  }}"));
            }
            session.print(&(text + "\n}"));
        }
        Some(_) => {
            let mut text = format!(
                "clientVersion:\n  gitVersion: {CLIENT_VERSION}\n  major: \"1\"\n  minor: \"34\"\nkustomizeVersion: {KUSTOMIZE_VERSION}\n"
            );
            if !parsed.bool("client") {
                text.push_str(&format!("serverVersion:\n  gitVersion: {CLIENT_VERSION}\n  major: \"1\"\n  minor: \"34\"\n"));
            }
            session.print_raw(&text);
        }
        None => {
            session.print(&format!("Client Version: {CLIENT_VERSION}"));
            session.print(&format!("Kustomize Version: {KUSTOMIZE_VERSION}"));
            if !parsed.bool("client") {
                session.print(&format!("Server Version: {CLIENT_VERSION}"));
            }
        }
    }
    Ok(())
}

/// `kubectl cluster-info`: the control plane, and the services labelled
/// `kubernetes.io/cluster-service=true` in kube-system (the simulation runs none).
pub fn cluster_info(session: &mut Session, args: &[String]) -> CommandResult {
    let parsed =
        flags::parse(args, &[]).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl cluster-info --help' for usage.")))?;
    if parsed.args.first().is_some_and(|a| a == "dump") {
        return Err(CommandError::plain("kubectl cluster-info dump is not available in the simulation"));
    }
    session.print(&format!("Kubernetes control plane is running at {SERVER}"));
    let services: Vec<(String, String)> = session
        .cluster
        .store
        .list_in("Service", "kube-system")
        .filter(|s| s.meta().labels.get("kubernetes.io/cluster-service").is_some_and(|v| v == "true"))
        .map(|s| {
            let name = s.meta().labels.get("kubernetes.io/name").cloned().unwrap_or_else(|| s.name().to_string());
            (name, s.name().to_string())
        })
        .collect();
    for (title, name) in services {
        session.print(&format!("{title} is running at {SERVER}/api/v1/namespaces/kube-system/services/{name}/proxy"));
    }
    session.print("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.");
    Ok(())
}

/// Levenshtein distance, case-insensitive as cobra's `ld(…, ignoreCase=true)`.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// cobra's `SuggestionsFor`: distance ≤ 2, or the typed word is a prefix of the command.
pub fn suggestions(typed: &str) -> Vec<&'static str> {
    KUBECTL_COMMANDS.iter().copied().filter(|c| levenshtein(typed, c) <= 2 || c.starts_with(&typed.to_ascii_lowercase())).collect()
}

pub fn unknown_command(verb: &str) -> CommandError {
    let mut message = format!("error: unknown command \"{verb}\" for \"kubectl\"");
    let suggested = suggestions(verb);
    if !suggested.is_empty() {
        message.push_str("\n\nDid you mean this?\n");
        for command in suggested {
            message.push_str(&format!("\t{command}\n"));
        }
    }
    message.push_str("\nRun 'kubectl --help' for usage.");
    if !message.contains("Did you mean") {
        message = message.replacen("\n\nRun", "\nRun", 1);
    }
    CommandError::new(message)
}

/// A real kubectl command the simulation does not offer.
pub fn not_available(verb: &str) -> CommandError {
    CommandError::plain(format!("\"kubectl {verb}\" is not available in the simulation"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_like_cobra() {
        assert_eq!(levenshtein("gett", "get"), 1);
        // cobra's distance of 2 also takes `set` (g→s, drop a t).
        assert_eq!(suggestions("gett"), ["get", "set"]);
        assert_eq!(suggestions("descibe"), ["describe"]);
        assert_eq!(suggestions("desribe"), ["describe"]);
        assert!(suggestions("xyzzy").is_empty());
        assert_eq!(unknown_command("xyzzy").message, "error: unknown command \"xyzzy\" for \"kubectl\"\nRun 'kubectl --help' for usage.");
        assert_eq!(
            unknown_command("logz").message,
            "error: unknown command \"logz\" for \"kubectl\"\n\nDid you mean this?\n\tlogs\n\nRun 'kubectl --help' for usage."
        );
    }
}
