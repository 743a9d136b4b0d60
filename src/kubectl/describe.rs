//! `kubectl describe`-style text.

use serde_json::Value;

/// A pod template as `kubectl rollout history --revision` prints it (`DescribePodTemplate`).
pub fn describe_template(template: &Value) -> String {
    let mut out = String::from("Pod Template:\n");
    let labels = template.pointer("/metadata/labels").and_then(Value::as_object);
    let label_text: Vec<String> = labels
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    if label_text.is_empty() {
        out.push_str("  Labels:\t<none>\n");
    } else {
        out.push_str(&format!("  Labels:\t{}\n", label_text.join("\n\t")));
    }
    out.push_str("  Containers:\n");
    for container in template.pointer("/spec/containers").and_then(Value::as_array).into_iter().flatten() {
        let name = container.get("name").and_then(Value::as_str).unwrap_or("");
        let image = container.get("image").and_then(Value::as_str).unwrap_or("");
        out.push_str(&format!("   {name}:\n    Image:\t{image}\n"));
        for port in container.get("ports").and_then(Value::as_array).into_iter().flatten() {
            let number = port.get("containerPort").and_then(Value::as_i64).unwrap_or(0);
            let protocol = port.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            out.push_str(&format!("    Port:\t{number}/{protocol}\n"));
        }
    }
    let mut tw = super::printers::tabwriter::TabWriter::new(0, 8, 2, b' ', false);
    tw.write(&out);
    tw.flush_output()
}

/// `kubectl describe KIND NAME` for one object, in kubectl's layout: its metadata, the fields
/// the kind's describer prints (Pod and Node have their own; other kinds show their spec and
/// status as the generic describer does), then the object's events.
pub fn describe_object(cluster: &crate::sim::cluster::Cluster, object: &crate::sim::objects::Object) -> String {
    use crate::sim::objects::Object;
    let now = cluster.now;
    let meta = object.meta();
    let mut out = String::new();
    let line = |out: &mut String, key: &str, value: &str| out.push_str(&format!("{key}:\t{value}\n"));
    line(&mut out, "Name", &meta.name);
    if !meta.namespace.is_empty() {
        line(&mut out, "Namespace", &meta.namespace);
    }
    match object {
        Object::Pod(pod) => {
            line(&mut out, "Priority", &pod.spec.priority.unwrap_or(0).to_string());
            line(&mut out, "Service Account", pod.spec.service_account_name.as_deref().unwrap_or("default"));
            let node = if pod.spec.node_name.is_empty() {
                "<none>".to_string()
            } else {
                let ip = pod.status.as_ref().and_then(|s| s.host_ip.clone()).unwrap_or_default();
                format!("{}/{ip}", pod.spec.node_name)
            };
            line(&mut out, "Node", &node);
            map_lines(&mut out, "Labels", &meta.labels);
            map_lines(&mut out, "Annotations", &meta.annotations);
            let cells = super::printers::columns::pod_cells(pod, now);
            line(&mut out, "Status", cells.get(2).map(String::as_str).unwrap_or(""));
            let ip = pod.status.as_ref().and_then(|s| s.pod_ip.clone()).unwrap_or_default();
            line(&mut out, "IP", &ip);
            if let Some(owner) = meta.controller_ref() {
                line(&mut out, "Controlled By", &format!("{}/{}", owner.kind, owner.name));
            }
            out.push_str("Containers:\n");
            for container in &pod.spec.containers {
                out.push_str(&format!("  {}:\n", container.name));
                out.push_str(&format!("    Image:\t{}\n", container.image));
                for port in &container.ports {
                    out.push_str(&format!("    Port:\t{}/{}\n", port.container_port, port.protocol.as_deref().unwrap_or("TCP")));
                }
                let status = pod.status.as_ref().and_then(|s| s.container_statuses.iter().find(|c| c.name == container.name));
                let state = status.map(|s| {
                    if s.state.running.is_some() {
                        "Running".to_string()
                    } else if let Some(waiting) = &s.state.waiting {
                        format!("Waiting\n      Reason:\t{}", waiting.reason.clone().unwrap_or_default())
                    } else if let Some(terminated) = &s.state.terminated {
                        format!("Terminated\n      Reason:\t{}\n      Exit Code:\t{}", terminated.reason.clone().unwrap_or_default(), terminated.exit_code)
                    } else {
                        "Waiting".to_string()
                    }
                });
                out.push_str(&format!("    State:\t{}\n", state.unwrap_or_else(|| "Waiting".into())));
                out.push_str(&format!("    Ready:\t{}\n", if status.is_some_and(|s| s.ready) { "True" } else { "False" }));
                out.push_str(&format!("    Restart Count:\t{}\n", status.map(|s| s.restart_count).unwrap_or(0)));
                if !container.volume_mounts.is_empty() {
                    out.push_str("    Mounts:\n");
                    for mount in &container.volume_mounts {
                        out.push_str(&format!("      {} from {}\n", mount.mount_path, mount.name));
                    }
                }
            }
            let conditions = pod.status.as_ref().map(|s| s.conditions.as_slice()).unwrap_or(&[]);
            if !conditions.is_empty() {
                out.push_str("Conditions:\n  Type\tStatus\n");
                for condition in conditions {
                    out.push_str(&format!("  {} \t{} \n", condition.type_, condition.status));
                }
            }
            if !pod.spec.volumes.is_empty() {
                out.push_str("Volumes:\n");
                for volume in &pod.spec.volumes {
                    out.push_str(&format!("  {}:\n", volume.name));
                    if let Some(claim) = &volume.persistent_volume_claim {
                        out.push_str(&format!("    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n", claim.claim_name));
                    }
                }
            }
            let tolerations: Vec<String> = pod
                .spec
                .tolerations
                .iter()
                .map(|t| {
                    let mut text = t.key.clone();
                    if !t.value.is_empty() {
                        text.push('=');
                        text.push_str(&t.value);
                    }
                    if !t.effect.is_empty() {
                        text.push(':');
                        text.push_str(&t.effect);
                    }
                    if t.operator == "Exists" && t.value.is_empty() {
                        text.push_str(" op=Exists");
                    }
                    if let Some(seconds) = t.toleration_seconds {
                        text.push_str(&format!(" for {seconds}s"));
                    }
                    text
                })
                .collect();
            line(&mut out, "Tolerations", &if tolerations.is_empty() { "<none>".to_string() } else { tolerations.join("\n\t") });
        }
        Object::Node(node) => {
            let roles = super::printers::columns::node_cells(node, now).get(2).cloned().unwrap_or_default();
            line(&mut out, "Roles", &roles);
            map_lines(&mut out, "Labels", &meta.labels);
            map_lines(&mut out, "Annotations", &meta.annotations);
            let taints: Vec<String> = node.spec.taints.iter().map(|t| t.to_flag()).collect();
            line(&mut out, "Taints", &if taints.is_empty() { "<none>".to_string() } else { taints.join("\n\t") });
            line(&mut out, "Unschedulable", if node.is_unschedulable() { "true" } else { "false" });
            if let Some(status) = &node.status {
                out.push_str("Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n");
                for c in &status.conditions {
                    out.push_str(&format!("  {}\t{}\t{}\t{}\n", c.type_, c.status, c.reason.clone().unwrap_or_default(), c.message.clone().unwrap_or_default()));
                }
                out.push_str("Addresses:\n");
                for address in &status.addresses {
                    out.push_str(&format!("  {}:\t{}\n", address.type_, address.address));
                }
                for (title, map) in [("Capacity", &status.capacity), ("Allocatable", &status.allocatable)] {
                    out.push_str(&format!("{title}:\n"));
                    for (key, value) in map {
                        out.push_str(&format!("  {key}:\t{value}\n"));
                    }
                }
            }
            let pods = cluster.pods_on_node(&meta.name);
            out.push_str(&format!("Non-terminated Pods:\t({} in total)\n", pods.iter().filter(|p| p.as_pod().is_some_and(|p| !p.is_terminal())).count()));
            if !pods.is_empty() {
                out.push_str("  Namespace\tName\tAge\n  ---------\t----\t---\n");
                for pod in pods.iter().filter(|p| p.as_pod().is_some_and(|p| !p.is_terminal())) {
                    let age = super::printers::translate_timestamp_since(pod.meta().creation_timestamp, now);
                    out.push_str(&format!("  {}\t{}\t{age}\n", pod.namespace(), pod.name()));
                }
            }
        }
        _ => {
            map_lines(&mut out, "Labels", &meta.labels);
            map_lines(&mut out, "Annotations", &meta.annotations);
            let json = object.to_json();
            line(&mut out, "API Version", object.api_version());
            line(&mut out, "Kind", object.kind());
            for section in ["spec", "status", "data", "provisioner", "involvedObject"] {
                if let Some(value) = json.get(section) {
                    out.push_str(&format!("{}:\n", capitalize(section)));
                    generic_fields(&mut out, value, 1);
                }
            }
        }
    }
    if object.kind() != "Event" {
        out.push_str(&describe_events(cluster, object));
    }
    let mut tw = super::printers::tabwriter::TabWriter::new(0, 8, 2, b' ', false);
    tw.write(&out);
    tw.flush_output()
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `Labels:  a=b` then one per line, or `<none>`.
fn map_lines(out: &mut String, title: &str, map: &std::collections::BTreeMap<String, String>) {
    if map.is_empty() {
        out.push_str(&format!("{title}:\t<none>\n"));
        return;
    }
    let lines: Vec<String> = map.iter().map(|(k, v)| format!("{k}={}", v.trim_end())).collect();
    out.push_str(&format!("{title}:\t{}\n", lines.join("\n\t")));
}

/// The generic describer: nested fields, capitalized, indented two spaces per level.
fn generic_fields(out: &mut String, value: &Value, depth: usize) {
    let indent = "  ".repeat(depth);
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::Object(_) | Value::Array(_) => {
                        out.push_str(&format!("{indent}{}:\n", capitalize(key)));
                        generic_fields(out, value, depth + 1);
                    }
                    scalar => out.push_str(&format!("{indent}{}:\t{}\n", capitalize(key), scalar_text(scalar))),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(_) | Value::Array(_) => generic_fields(out, item, depth),
                    scalar => out.push_str(&format!("{indent}{}\n", scalar_text(scalar))),
                }
            }
        }
        scalar => out.push_str(&format!("{indent}{}\n", scalar_text(scalar))),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `Events:` section: the object's events, oldest first, or `Events:  <none>`.
fn describe_events(cluster: &crate::sim::cluster::Cluster, object: &crate::sim::objects::Object) -> String {
    let uid = &object.meta().uid;
    let mut events: Vec<_> = cluster
        .store
        .list("Event")
        .filter_map(|e| e.as_event())
        .filter(|e| &e.involved_object.uid == uid || (e.involved_object.kind == object.kind() && e.involved_object.name == object.name()))
        .collect();
    if events.is_empty() {
        return "Events:\t<none>\n".to_string();
    }
    events.sort_by_key(|e| e.first_timestamp.map(|t| t.0).unwrap_or(0));
    let mut out = String::from("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
    for event in events {
        let age = super::printers::translate_timestamp_since(event.last_timestamp.or(event.first_timestamp), cluster.now);
        let age = if event.count > 1 {
            let first = super::printers::translate_timestamp_since(event.first_timestamp, cluster.now);
            format!("{age} (x{} over {first})", event.count)
        } else {
            age
        };
        let from = if event.source.component.is_empty() { &event.reporting_component } else { &event.source.component };
        out.push_str(&format!("  {}\t{}\t{age}\t{from}\t{}\n", event.type_, event.reason, event.message.trim()));
    }
    out
}

/// `kubectl describe TYPE NAME...` (or `TYPE/NAME...`): one description per object, separated
/// by a blank line as kubectl does.
pub fn run(session: &mut super::Session, args: &[String]) -> super::CommandResult {
    let parsed = super::flags::parse(args, &[super::flags::value("namespace", Some('n'))])
        .map_err(|e| super::CommandError::new(format!("error: {e}\nSee 'kubectl describe --help' for usage.")))?;
    let namespace = super::Session::namespace(&parsed);
    let targets = session.resource_args(&parsed.args)?;
    if targets.is_empty() {
        return Err(super::CommandError::plain("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources."));
    }
    let mut texts = Vec::new();
    for (kind, name) in &targets {
        let object = session.get_object(kind, &namespace, name)?;
        texts.push(describe_object(&session.cluster, &object));
    }
    session.print_raw(&texts.join("\n\n"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::kubectl::Session;
    use crate::sim::cluster::Config;

    #[test]
    fn describe_prints_a_node_and_a_pod_in_kubectls_layout() {
        let mut session = Session::new(Config::default());
        let out = session.execute_line("kubectl describe node node-1", None);
        assert!(!out.failed, "{}", out.text);
        let lines: Vec<Vec<&str>> = out.text.lines().map(|l| l.split_whitespace().collect()).collect();
        assert_eq!(lines[0], ["Name:", "node-1"], "{}", out.text);
        assert!(lines.contains(&vec!["Taints:", "<none>"]), "{}", out.text);
        assert!(lines.contains(&vec!["Unschedulable:", "false"]), "{}", out.text);
        assert_eq!(lines.last().unwrap(), &vec!["Events:", "<none>"], "{}", out.text);
        let out = session.execute_line("kubectl describe pod nope", None);
        assert!(out.failed);
        assert_eq!(out.text, "Error from server (NotFound): pods \"nope\" not found\n");
    }
}
