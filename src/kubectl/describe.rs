//! `kubectl describe`: kubectl's describers (`k8s.io/kubectl/pkg/describe`) for the kinds the
//! simulation runs — Pod, Node, DaemonSet, StatefulSet, PersistentVolumeClaim,
//! PersistentVolume, Service — and the generic one for the rest, each followed by the object's
//! Events. The text is laid out, as kubectl does, by one tab writer (minwidth 0, tabwidth 8,
//! padding 2) over the whole description, so `key:\tvalue` columns line up per block.

use crate::sim::cluster::Cluster;
use crate::sim::objects::pod::{Container, PodSpec, PodTemplateSpec};
use crate::sim::objects::{Object, ObjectMeta, Pod};
use crate::sim::time::{format_rfc3339, Time, SIM_EPOCH_UNIX_S};
use serde_json::Value;
use std::collections::BTreeMap;

/// kubectl's describe output skips this annotation (`skipAnnotations`).
const SKIPPED_ANNOTATIONS: &[&str] = &["kubectl.kubernetes.io/last-applied-configuration"];

/// A description under construction: lines of tab-separated cells.
#[derive(Default)]
struct Text(String);

impl Text {
    /// `key:\tvalue` at an indent level (two spaces a level).
    fn field(&mut self, level: usize, key: &str, value: &str) {
        self.0.push_str(&format!("{}{key}:\t{value}\n", "  ".repeat(level)));
    }
    fn heading(&mut self, level: usize, key: &str) {
        self.0.push_str(&format!("{}{key}:\n", "  ".repeat(level)));
    }
    fn raw(&mut self, text: &str) {
        self.0.push_str(text);
    }
    /// `Labels:  a=b` with further pairs on their own lines, or `<none>`.
    fn labels(&mut self, level: usize, key: &str, map: &BTreeMap<String, String>) {
        let pairs: Vec<String> = map.iter().map(|(k, v)| format!("{k}={v}")).collect();
        self.multiline(level, key, &pairs);
    }
    /// `Annotations:  key: value` per line (kubectl's `printAnnotationsMultiline`).
    fn annotations(&mut self, level: usize, map: &BTreeMap<String, String>) {
        let pairs: Vec<String> =
            map.iter().filter(|(k, _)| !SKIPPED_ANNOTATIONS.contains(&k.as_str())).map(|(k, v)| format!("{k}: {}", v.trim_end())).collect();
        self.multiline(level, "Annotations", &pairs);
    }
    fn multiline(&mut self, level: usize, key: &str, lines: &[String]) {
        if lines.is_empty() {
            self.field(level, key, "<none>");
        } else {
            self.field(level, key, &lines.join(&format!("\n{}\t", "  ".repeat(level))));
        }
    }
    fn finish(self) -> String {
        let mut tw = super::printers::tabwriter::TabWriter::new(0, 8, 2, b' ', false);
        tw.write(&self.0);
        tw.flush_output()
    }
}

/// `Thu, 01 Jan 2026 00:00:06 +0000`, the RFC 1123 form describe prints times in.
fn rfc1123(time: Option<Time>) -> String {
    let Some(time) = time else { return "<unset>".into() };
    let unix = SIM_EPOCH_UNIX_S + time.0.div_euclid(1000);
    let iso = format_rfc3339(unix); // YYYY-MM-DDTHH:MM:SSZ
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let weekday = DAYS[unix.div_euclid(86_400).rem_euclid(7) as usize];
    let month = MONTHS[iso[5..7].parse::<usize>().unwrap_or(1).clamp(1, 12) - 1];
    format!("{weekday}, {} {month} {} {} +0000", &iso[8..10], &iso[0..4], &iso[11..19])
}

fn access_modes_short(modes: &[String]) -> String {
    modes
        .iter()
        .map(|m| match m.as_str() {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// A pod template as `kubectl rollout history --revision` prints it (`DescribePodTemplate`).
pub fn describe_template(template: &Value) -> String {
    let mut text = Text::default();
    match crate::sim::objects::codec::from_value::<PodTemplateSpec>(template) {
        Ok(template) => pod_template(&mut text, &template, None),
        Err(_) => text.field(0, "Pod Template", "<invalid>"),
    }
    text.finish()
}

/// `DescribePodTemplate`: labels, annotations, containers, volumes, node selectors, tolerations.
fn pod_template(text: &mut Text, template: &PodTemplateSpec, pod: Option<&Pod>) {
    text.heading(0, "Pod Template");
    text.labels(1, "Labels", &template.metadata.labels);
    let annotations: BTreeMap<String, String> = template.metadata.annotations.clone();
    if !annotations.is_empty() {
        text.annotations(1, &annotations);
    }
    containers(text, 1, "Containers", &template.spec.containers, pod, true);
    volumes(text, 1, &template.spec);
    text.field(1, "Node-Selectors", &node_selectors(&template.spec));
    text.multiline(1, "Tolerations", &tolerations(&template.spec));
}

fn node_selectors(spec: &PodSpec) -> String {
    if spec.node_selector.is_empty() {
        "<none>".into()
    } else {
        spec.node_selector.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n")
    }
}

fn tolerations(spec: &PodSpec) -> Vec<String> {
    spec.tolerations
        .iter()
        .map(|t| {
            let mut line = t.key.clone();
            if !t.value.is_empty() {
                line.push('=');
                line.push_str(&t.value);
            }
            if !t.effect.is_empty() {
                line.push(':');
                line.push_str(&t.effect);
            }
            if t.operator == "Exists" && t.value.is_empty() {
                line.push_str(" op=Exists");
            }
            if let Some(seconds) = t.toleration_seconds {
                line.push_str(&format!(" for {seconds}s"));
            }
            line
        })
        .collect()
}

/// `describeContainers`: one block per container, with its status when a pod is given. In a
/// pod template kubectl indents the container's name by three spaces and its fields by four.
fn containers(text: &mut Text, level: usize, title: &str, list: &[Container], pod: Option<&Pod>, template: bool) {
    if list.is_empty() {
        return;
    }
    text.heading(level, title);
    let level = if template { level - 1 } else { level };
    for container in list {
        if template {
            text.raw(&format!("   {}:\n", container.name));
        } else {
            text.heading(level + 1, &container.name);
        }
        let status = pod.and_then(|p| p.status.as_ref()).and_then(|s| s.container_statuses.iter().find(|c| c.name == container.name));
        if pod.is_some() {
            text.field(level + 2, "Container ID", status.and_then(|s| s.container_id.as_deref()).unwrap_or(""));
        }
        text.field(level + 2, "Image", &container.image);
        if pod.is_some() {
            text.field(level + 2, "Image ID", status.map(|s| s.image_id.as_str()).unwrap_or(""));
        }
        match container.ports.as_slice() {
            [] => {
                text.field(level + 2, "Port", "<none>");
                text.field(level + 2, "Host Port", "<none>");
            }
            ports => {
                let protocol = |p: &crate::sim::objects::pod::ContainerPort| p.protocol.clone().unwrap_or_else(|| "TCP".into());
                let list: Vec<String> = ports.iter().map(|p| format!("{}/{}", p.container_port, protocol(p))).collect();
                let hosts: Vec<String> = ports.iter().map(|p| format!("{}/{}", p.host_port.unwrap_or(0), protocol(p))).collect();
                text.field(level + 2, if ports.len() == 1 { "Port" } else { "Ports" }, &list.join(", "));
                text.field(level + 2, if ports.len() == 1 { "Host Port" } else { "Host Ports" }, &hosts.join(", "));
            }
        }
        if let Some(command) = &container.command {
            text.heading(level + 2, "Command");
            for word in command {
                text.raw(&format!("{}{word}\n", "  ".repeat(level + 3)));
            }
        }
        if let Some(args) = &container.args {
            text.heading(level + 2, "Args");
            for word in args {
                text.raw(&format!("{}{word}\n", "  ".repeat(level + 3)));
            }
        }
        if let Some(status) = status {
            container_state(text, level + 2, "State", &status.state);
            if !status.last_state.is_empty() {
                container_state(text, level + 2, "Last State", &status.last_state);
            }
            text.field(level + 2, "Ready", if status.ready { "True" } else { "False" });
            text.field(level + 2, "Restart Count", &status.restart_count.to_string());
        } else if pod.is_some() {
            text.field(level + 2, "State", "Waiting");
            text.field(level + 2, "Ready", "False");
            text.field(level + 2, "Restart Count", "0");
        }
        for (key, value) in [("Limits", &container.resources.limits), ("Requests", &container.resources.requests)] {
            if !value.is_empty() {
                text.heading(level + 2, key);
                for (resource, quantity) in value {
                    text.field(level + 3, resource, quantity);
                }
            }
        }
        if let Some(probe) = &container.readiness_probe {
            let action = if let Some(http) = &probe.http_get {
                format!(
                    "http-get http://:{}{}",
                    http.get("port").map(|p| p.to_string().trim_matches('"').to_string()).unwrap_or_default(),
                    http.get("path").and_then(Value::as_str).unwrap_or("/")
                )
            } else if let Some(tcp) = &probe.tcp_socket {
                format!("tcp-socket :{}", tcp.get("port").map(|p| p.to_string().trim_matches('"').to_string()).unwrap_or_default())
            } else {
                "exec".to_string()
            };
            text.field(
                level + 2,
                "Readiness",
                &format!(
                    "{action} delay={}s timeout={}s period={}s #success={} #failure={}",
                    probe.initial_delay_seconds.unwrap_or(0),
                    probe.timeout_seconds.unwrap_or(1),
                    probe.period_seconds.unwrap_or(10),
                    probe.success_threshold.unwrap_or(1),
                    probe.failure_threshold.unwrap_or(3)
                ),
            );
        }
        text.field(level + 2, "Environment", if container.env.is_some() { "(see -o yaml)" } else { "<none>" });
        if container.volume_mounts.is_empty() {
            text.field(level + 2, "Mounts", "<none>");
        } else {
            text.heading(level + 2, "Mounts");
            for mount in &container.volume_mounts {
                let mode = if mount.read_only == Some(true) { "ro" } else { "rw" };
                text.raw(&format!("{}{} from {} ({mode})\n", "  ".repeat(level + 3), mount.mount_path, mount.name));
            }
        }
    }
}

fn container_state(text: &mut Text, level: usize, title: &str, state: &crate::sim::objects::pod::ContainerState) {
    if let Some(running) = &state.running {
        text.field(level, title, "Running");
        text.field(level + 1, "Started", &rfc1123(running.started_at));
    } else if let Some(waiting) = &state.waiting {
        text.field(level, title, "Waiting");
        text.field(level + 1, "Reason", waiting.reason.as_deref().unwrap_or(""));
    } else if let Some(terminated) = &state.terminated {
        text.field(level, title, "Terminated");
        text.field(level + 1, "Reason", terminated.reason.as_deref().unwrap_or(""));
        text.field(level + 1, "Exit Code", &terminated.exit_code.to_string());
        text.field(level + 1, "Started", &rfc1123(terminated.started_at));
        text.field(level + 1, "Finished", &rfc1123(terminated.finished_at));
    } else {
        text.field(level, title, "Waiting");
    }
}

fn volumes(text: &mut Text, level: usize, spec: &PodSpec) {
    if spec.volumes.is_empty() {
        text.field(level, "Volumes", "<none>");
        return;
    }
    text.heading(level, "Volumes");
    for volume in &spec.volumes {
        text.heading(level + 1, &volume.name);
        if let Some(claim) = &volume.persistent_volume_claim {
            text.field(level + 2, "Type", "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
            text.field(level + 2, "ClaimName", &claim.claim_name);
            text.field(level + 2, "ReadOnly", if claim.read_only == Some(true) { "true" } else { "false" });
        } else if let Some(host_path) = &volume.host_path {
            text.field(level + 2, "Type", "HostPath (bare host directory volume)");
            text.field(level + 2, "Path", str_at(host_path, "/path"));
            text.field(level + 2, "HostPathType", str_at(host_path, "/type"));
        } else if volume.empty_dir.is_some() {
            text.field(level + 2, "Type", "EmptyDir (a temporary directory that shares a pod's lifetime)");
            text.field(level + 2, "Medium", "");
        } else if let Some(config_map) = &volume.config_map {
            text.field(level + 2, "Type", "ConfigMap (a volume populated by a ConfigMap)");
            text.field(level + 2, "Name", str_at(config_map, "/name"));
        } else if let Some(secret) = &volume.secret {
            text.field(level + 2, "Type", "Secret (a volume populated by a Secret)");
            text.field(level + 2, "SecretName", str_at(secret, "/secretName"));
        } else {
            text.field(level + 2, "Type", "<unknown>");
        }
    }
}

fn metadata(text: &mut Text, meta: &ObjectMeta, namespaced: bool) {
    text.field(0, "Name", &meta.name);
    if namespaced {
        text.field(0, "Namespace", &meta.namespace);
    }
}

fn describe_pod(text: &mut Text, pod: &Pod, now: crate::sim::time::Millis) {
    let meta = &pod.metadata;
    metadata(text, meta, true);
    text.field(0, "Priority", &pod.spec.priority.unwrap_or(0).to_string());
    text.field(0, "Service Account", pod.spec.service_account_name.as_deref().unwrap_or("default"));
    let status = pod.status.clone().unwrap_or_default();
    let node = if pod.spec.node_name.is_empty() {
        "<none>".to_string()
    } else {
        format!("{}/{}", pod.spec.node_name, status.host_ip.clone().unwrap_or_default())
    };
    text.field(0, "Node", &node);
    if let Some(start) = status.start_time {
        text.field(0, "Start Time", &rfc1123(Some(start)));
    }
    text.labels(0, "Labels", &meta.labels);
    text.annotations(0, &meta.annotations);
    let cells = super::printers::columns::pod_cells(pod, now);
    let shown = cells.get(2).cloned().unwrap_or_default();
    if let Some(deleting) = meta.deletion_timestamp {
        text.field(0, "Status", &format!("Terminating (lasts {})", super::printers::duration::human_duration((deleting.0 - now).max(0))));
        text.field(0, "Termination Grace Period", &format!("{}s", meta.deletion_grace_period_seconds.unwrap_or(30)));
    } else {
        text.field(0, "Status", if status.phase.is_empty() { &shown } else { &status.phase });
    }
    if let Some(reason) = &status.reason {
        text.field(0, "Reason", reason);
    }
    text.field(0, "IP", status.pod_ip.as_deref().unwrap_or(""));
    match &status.pod_ips {
        Some(ips) if !ips.is_empty() => {
            text.heading(0, "IPs");
            for ip in ips {
                text.field(1, "IP", &ip.ip);
            }
        }
        _ => text.field(0, "IPs", "<none>"),
    }
    if let Some(owner) = meta.controller_ref() {
        text.field(0, "Controlled By", &format!("{}/{}", owner.kind, owner.name));
    }
    containers(text, 0, "Containers", &pod.spec.containers, Some(pod), false);
    if !status.conditions.is_empty() {
        text.heading(0, "Conditions");
        text.raw("  Type\tStatus\n");
        for condition in &status.conditions {
            text.raw(&format!("  {} \t{} \n", condition.type_, condition.status));
        }
    }
    volumes(text, 0, &pod.spec);
    text.field(0, "QoS Class", status.qos_class.as_deref().unwrap_or("BestEffort"));
    text.field(0, "Node-Selectors", &node_selectors(&pod.spec));
    text.multiline(0, "Tolerations", &tolerations(&pod.spec));
}

fn describe_node(text: &mut Text, cluster: &Cluster, node: &crate::sim::objects::Node) {
    let meta = &node.metadata;
    let now = cluster.now;
    metadata(text, meta, false);
    let roles = super::printers::columns::node_cells(node, now).get(2).cloned().unwrap_or_default();
    text.field(0, "Roles", &roles);
    text.labels(0, "Labels", &meta.labels);
    text.annotations(0, &meta.annotations);
    text.field(0, "CreationTimestamp", &rfc1123(meta.creation_timestamp));
    let taints: Vec<String> = node.spec.taints.iter().map(|t| t.to_flag()).collect();
    text.multiline(0, "Taints", &taints);
    text.field(0, "Unschedulable", if node.is_unschedulable() { "true" } else { "false" });
    let Some(status) = &node.status else { return };
    text.heading(0, "Conditions");
    text.raw("  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    text.raw("  ----\t------\t-----------------\t------------------\t------\t-------\n");
    for c in &status.conditions {
        text.raw(&format!(
            "  {}\t{}\t{}\t{}\t{}\t{}\n",
            c.type_,
            c.status,
            rfc1123(c.last_heartbeat_time),
            rfc1123(c.last_transition_time),
            c.reason.clone().unwrap_or_default(),
            c.message.clone().unwrap_or_default()
        ));
    }
    text.heading(0, "Addresses");
    for address in &status.addresses {
        text.field(1, &address.type_, &address.address);
    }
    for (title, map) in [("Capacity", &status.capacity), ("Allocatable", &status.allocatable)] {
        text.heading(0, title);
        for (key, value) in map {
            text.field(1, key, value);
        }
    }
    if let Some(info) = &status.node_info {
        text.heading(0, "System Info");
        for (key, value) in [
            ("Machine ID", &info.machine_id),
            ("System UUID", &info.system_uuid),
            ("Boot ID", &info.boot_id),
            ("Kernel Version", &info.kernel_version),
            ("OS Image", &info.os_image),
            ("Operating System", &info.operating_system),
            ("Architecture", &info.architecture),
            ("Container Runtime Version", &info.container_runtime_version),
            ("Kubelet Version", &info.kubelet_version),
        ] {
            text.field(1, key, value);
        }
    }
    if let Some(cidr) = &node.spec.pod_cidr {
        text.field(0, "PodCIDR", cidr);
        text.field(0, "PodCIDRs", &node.spec.pod_cidrs.clone().unwrap_or_default().join(","));
    }
    let pods: Vec<Pod> = cluster.pods_on_node(&meta.name).iter().filter_map(|p| p.as_pod().cloned()).filter(|p| !p.is_terminal()).collect();
    text.field(0, "Non-terminated Pods", &format!("({} in total)", pods.len()));
    if !pods.is_empty() {
        text.raw("  Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
        text.raw("  ---------\t----\t------------\t----------\t---------------\t-------------\t---\n");
        for pod in &pods {
            let sum = |limits: bool, resource: &str| -> String {
                let total: i128 = pod
                    .spec
                    .containers
                    .iter()
                    .filter_map(|c| if limits { c.resources.limits.get(resource) } else { c.resources.requests.get(resource) })
                    .filter_map(|q| crate::sim::quantity::parse_milli(q))
                    .sum();
                let allocatable = node.allocatable_milli(resource).max(1);
                if total == 0 {
                    return "0 (0%)".into();
                }
                let shown = if resource == "cpu" { format!("{total}m") } else { format!("{}Mi", total / 1000 / (1 << 20)) };
                format!("{shown} ({}%)", total * 100 / allocatable)
            };
            let age = super::printers::translate_timestamp_since(pod.metadata.creation_timestamp, now);
            text.raw(&format!(
                "  {}\t{}\t{}\t{}\t{}\t{}\t{age}\n",
                pod.metadata.namespace,
                pod.metadata.name,
                sum(false, "cpu"),
                sum(true, "cpu"),
                sum(false, "memory"),
                sum(true, "memory")
            ));
        }
    }
}

/// "N Running / N Waiting / N Succeeded / N Failed" over a controller's pods.
fn pods_status(cluster: &Cluster, owner_uid: &str) -> String {
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for key in cluster.dependents.get(owner_uid).into_iter().flatten() {
        let Some(pod) = cluster.store.get(key).and_then(|o| o.as_pod().cloned()) else { continue };
        match pod.phase() {
            "Running" => running += 1,
            "Succeeded" => succeeded += 1,
            "Failed" => failed += 1,
            _ => waiting += 1,
        }
    }
    format!("{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed")
}

fn describe_daemonset(text: &mut Text, cluster: &Cluster, ds: &crate::sim::objects::DaemonSet) {
    // kubectl's DaemonSetDescriber prints no Namespace line, and writes the node counts
    // without a tab, so they do not line up with the fields around them.
    let meta = &ds.metadata;
    text.field(0, "Name", &meta.name);
    text.field(0, "Selector", &ds.spec.selector.as_ref().map(|s| s.format()).unwrap_or_else(|| "<none>".into()));
    text.field(0, "Node-Selector", &node_selectors(&ds.spec.template.spec));
    text.labels(0, "Labels", &meta.labels);
    text.annotations(0, &meta.annotations);
    let status = ds.status.clone().unwrap_or_default();
    text.raw(&format!("Desired Number of Nodes Scheduled: {}\n", status.desired_number_scheduled));
    text.raw(&format!("Current Number of Nodes Scheduled: {}\n", status.current_number_scheduled));
    text.raw(&format!("Number of Nodes Scheduled with Up-to-date Pods: {}\n", status.updated_number_scheduled));
    text.raw(&format!("Number of Nodes Scheduled with Available Pods: {}\n", status.number_available));
    text.raw(&format!("Number of Nodes Misscheduled: {}\n", status.number_misscheduled));
    text.field(0, "Pods Status", &pods_status(cluster, &meta.uid));
    pod_template(text, &ds.spec.template, None);
}

fn describe_statefulset(text: &mut Text, cluster: &Cluster, object: &Object) {
    let meta = object.meta();
    let json = object.to_json();
    metadata(text, meta, true);
    text.field(0, "CreationTimestamp", &rfc1123(meta.creation_timestamp));
    let selector: Option<crate::sim::objects::LabelSelector> =
        json.pointer("/spec/selector").and_then(|s| crate::sim::objects::codec::from_value(s).ok());
    text.field(0, "Selector", &selector.map(|s| s.format()).unwrap_or_else(|| "<none>".into()));
    text.labels(0, "Labels", &meta.labels);
    text.annotations(0, &meta.annotations);
    let desired = json.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
    let total = json.pointer("/status/replicas").and_then(Value::as_i64).unwrap_or(0);
    text.field(0, "Replicas", &format!("{desired} desired | {total} total"));
    let strategy = str_at(&json, "/spec/updateStrategy/type");
    text.field(0, "Update Strategy", if strategy.is_empty() { "RollingUpdate" } else { strategy });
    if strategy != "OnDelete" {
        let partition = json.pointer("/spec/updateStrategy/rollingUpdate/partition").and_then(Value::as_i64).unwrap_or(0);
        text.field(1, "Partition", &partition.to_string());
    }
    text.field(0, "Pods Status", &pods_status(cluster, &meta.uid));
    if let Some(template) = json.pointer("/spec/template").and_then(|t| crate::sim::objects::codec::from_value::<PodTemplateSpec>(t).ok()) {
        pod_template(text, &template, None);
    }
    let claims = json.pointer("/spec/volumeClaimTemplates").and_then(Value::as_array).cloned().unwrap_or_default();
    if claims.is_empty() {
        text.field(0, "Volume Claims", "<none>");
    } else {
        text.heading(0, "Volume Claims");
        for claim in &claims {
            text.field(1, "Name", str_at(claim, "/metadata/name"));
            text.field(1, "StorageClass", str_at(claim, "/spec/storageClassName"));
            let labels: BTreeMap<String, String> =
                claim.pointer("/metadata/labels").and_then(|l| crate::sim::objects::codec::from_value(l).ok()).unwrap_or_default();
            text.labels(1, "Labels", &labels);
            let annotations: BTreeMap<String, String> =
                claim.pointer("/metadata/annotations").and_then(|l| crate::sim::objects::codec::from_value(l).ok()).unwrap_or_default();
            text.annotations(1, &annotations);
            text.field(1, "Capacity", str_at(claim, "/spec/resources/requests/storage"));
            text.field(1, "Access Modes", &format!("[{}]", strings(claim.pointer("/spec/accessModes")).join(" ")));
        }
    }
}

fn describe_claim(text: &mut Text, cluster: &Cluster, object: &Object) {
    let meta = object.meta();
    let json = object.to_json();
    metadata(text, meta, true);
    text.field(0, "StorageClass", str_at(&json, "/spec/storageClassName"));
    let phase = if meta.is_deleting() { "Terminating".to_string() } else { str_at(&json, "/status/phase").to_string() };
    text.field(0, "Status", if phase.is_empty() { "Pending" } else { &phase });
    text.field(0, "Volume", str_at(&json, "/spec/volumeName"));
    text.labels(0, "Labels", &meta.labels);
    text.annotations(0, &meta.annotations);
    text.field(0, "Finalizers", &format!("[{}]", meta.finalizers.join(" ")));
    text.field(0, "Capacity", str_at(&json, "/status/capacity/storage"));
    text.field(0, "Access Modes", &access_modes_short(&strings(json.pointer("/status/accessModes"))));
    let mode = str_at(&json, "/spec/volumeMode");
    text.field(0, "VolumeMode", if mode.is_empty() { "Filesystem" } else { mode });
    let users: Vec<String> = cluster
        .store
        .list_in("Pod", &meta.namespace)
        .filter_map(|p| p.as_pod())
        .filter(|p| p.spec.volumes.iter().any(|v| v.persistent_volume_claim.as_ref().is_some_and(|c| c.claim_name == meta.name)))
        .map(|p| p.metadata.name.clone())
        .collect();
    text.multiline(0, "Used By", &users);
}

fn describe_volume(text: &mut Text, object: &Object) {
    let meta = object.meta();
    let json = object.to_json();
    metadata(text, meta, false);
    text.labels(0, "Labels", &meta.labels);
    text.annotations(0, &meta.annotations);
    text.field(0, "Finalizers", &format!("[{}]", meta.finalizers.join(" ")));
    text.field(0, "StorageClass", str_at(&json, "/spec/storageClassName"));
    let phase = if meta.is_deleting() { "Terminating".to_string() } else { str_at(&json, "/status/phase").to_string() };
    text.field(0, "Status", &phase);
    let claim = match (str_at(&json, "/spec/claimRef/namespace"), str_at(&json, "/spec/claimRef/name")) {
        (_, "") => String::new(),
        (namespace, name) => format!("{namespace}/{name}"),
    };
    text.field(0, "Claim", &claim);
    let policy = str_at(&json, "/spec/persistentVolumeReclaimPolicy");
    text.field(0, "Reclaim Policy", if policy.is_empty() { "Retain" } else { policy });
    text.field(0, "Access Modes", &access_modes_short(&strings(json.pointer("/spec/accessModes"))));
    let mode = str_at(&json, "/spec/volumeMode");
    text.field(0, "VolumeMode", if mode.is_empty() { "Filesystem" } else { mode });
    text.field(0, "Capacity", str_at(&json, "/spec/capacity/storage"));
    text.field(0, "Node Affinity", if json.pointer("/spec/nodeAffinity").is_some() { "(see -o yaml)" } else { "<none>" });
    text.field(0, "Message", str_at(&json, "/status/message"));
    text.heading(0, "Source");
    if let Some(host_path) = json.pointer("/spec/hostPath") {
        text.field(2, "Type", "HostPath (bare host directory volume)");
        text.field(2, "Path", str_at(host_path, "/path"));
        text.field(2, "HostPathType", str_at(host_path, "/type"));
    } else if let Some(local) = json.pointer("/spec/local") {
        text.field(2, "Type", "LocalVolume (a persistent volume backed by local storage on a node)");
        text.field(2, "Path", str_at(local, "/path"));
    } else {
        text.field(2, "Type", "<unknown>");
    }
}

fn describe_service(text: &mut Text, cluster: &Cluster, service: &crate::sim::objects::Service) {
    let meta = &service.metadata;
    metadata(text, meta, true);
    text.labels(0, "Labels", &meta.labels);
    text.annotations(0, &meta.annotations);
    let selector: Vec<String> = service.spec.selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
    text.field(0, "Selector", &if selector.is_empty() { "<none>".to_string() } else { selector.join(",") });
    text.field(0, "Type", service.spec.type_.as_deref().unwrap_or("ClusterIP"));
    text.field(0, "IP Family Policy", service.spec.ip_family_policy.as_deref().unwrap_or("SingleStack"));
    text.field(0, "IP Families", &service.spec.ip_families.clone().unwrap_or_else(|| vec!["IPv4".into()]).join(","));
    text.field(0, "IP", service.spec.cluster_ip.as_deref().unwrap_or(""));
    text.field(0, "IPs", &service.spec.cluster_ips.clone().unwrap_or_default().join(","));
    let endpoints = cluster.get("Endpoints", &meta.namespace, &meta.name).map(|e| e.to_json()).unwrap_or(Value::Null);
    let addresses: Vec<String> = endpoints
        .pointer("/subsets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|subset| {
            let ports: Vec<i64> = subset
                .get("ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| p.get("port").and_then(Value::as_i64))
                .collect();
            let ips: Vec<String> = subset
                .get("addresses")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|a| a.get("ip").and_then(Value::as_str).map(str::to_string))
                .collect();
            ips.into_iter().flat_map(move |ip| ports.clone().into_iter().map(move |port| format!("{ip}:{port}")))
        })
        .collect();
    for port in &service.spec.ports {
        let name = port.name.clone().unwrap_or_else(|| "<unset>".into());
        let protocol = port.protocol.clone().unwrap_or_else(|| "TCP".into());
        text.field(0, "Port", &format!("{name}  {}/{protocol}", port.port));
        let target = match &port.target_port {
            Some(crate::sim::objects::meta::IntOrString::Int(n)) => n.to_string(),
            Some(crate::sim::objects::meta::IntOrString::String(s)) => s.clone(),
            None => port.port.to_string(),
        };
        text.field(0, "TargetPort", &format!("{target}/{protocol}"));
        text.field(0, "Endpoints", &addresses.join(","));
    }
    text.field(0, "Session Affinity", service.spec.session_affinity.as_deref().unwrap_or("None"));
    text.field(0, "Internal Traffic Policy", service.spec.internal_traffic_policy.as_deref().unwrap_or("Cluster"));
}

/// The generic describer: the fields of the object, capitalised and nested.
fn describe_generic(text: &mut Text, object: &Object) {
    let meta = object.meta();
    metadata(text, meta, !meta.namespace.is_empty());
    text.labels(0, "Labels", &meta.labels);
    text.annotations(0, &meta.annotations);
    text.field(0, "API Version", object.api_version());
    text.field(0, "Kind", object.kind());
    let json = object.to_json();
    if let Value::Object(map) = &json {
        for (key, value) in map {
            if matches!(key.as_str(), "apiVersion" | "kind" | "metadata") {
                continue;
            }
            match value {
                Value::Object(_) | Value::Array(_) => {
                    text.heading(0, &capitalize(key));
                    generic_fields(text, value, 1);
                }
                scalar => text.field(0, &capitalize(key), &scalar_text(scalar)),
            }
        }
    }
}

/// `kubectl describe KIND NAME` for one object, then its events.
pub fn describe_object(cluster: &Cluster, object: &Object) -> String {
    let mut text = Text::default();
    match object {
        Object::Pod(pod) => describe_pod(&mut text, pod, cluster.now),
        Object::Node(node) => describe_node(&mut text, cluster, node),
        Object::DaemonSet(ds) => describe_daemonset(&mut text, cluster, ds),
        Object::Service(service) => describe_service(&mut text, cluster, service),
        Object::StatefulSet(_) => describe_statefulset(&mut text, cluster, object),
        Object::PersistentVolumeClaim(_) => describe_claim(&mut text, cluster, object),
        Object::PersistentVolume(_) => describe_volume(&mut text, object),
        _ => describe_generic(&mut text, object),
    }
    if object.kind() != "Event" {
        text.raw(&describe_events(cluster, object));
    }
    text.finish()
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => std::iter::once(first.to_ascii_uppercase()).chain(chars).collect(),
        None => String::new(),
    }
}

/// The generic describer's nesting: capitalised keys, two spaces a level.
fn generic_fields(text: &mut Text, value: &Value, level: usize) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match value {
                    Value::Object(_) | Value::Array(_) => {
                        text.heading(level, &capitalize(key));
                        generic_fields(text, value, level + 1);
                    }
                    scalar => text.field(level, &capitalize(key), &scalar_text(scalar)),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(_) | Value::Array(_) => generic_fields(text, item, level),
                    scalar => text.raw(&format!("{}{}\n", "  ".repeat(level), scalar_text(scalar))),
                }
            }
        }
        scalar => text.raw(&format!("{}{}\n", "  ".repeat(level), scalar_text(scalar))),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `Events:` section: the object's events, oldest first, or `Events:  <none>`.
fn describe_events(cluster: &Cluster, object: &Object) -> String {
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
    crate::sort::sort_by_key(&mut events, |e| e.first_timestamp.map(|t| t.0).unwrap_or(0));
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

/// `kubectl describe TYPE NAME...` (or `TYPE/NAME...`), or every object of a type (`-l` to
/// filter): one description per object, separated by a blank line as kubectl does.
pub fn run(session: &mut super::Session, args: &[String]) -> super::CommandResult {
    let parsed =
        super::flags::parse(args, &[super::flags::value("selector", Some('l')), super::flags::boolean("all-namespaces", Some('A'))])
            .map_err(|e| super::CommandError::new(format!("error: {e}\nSee 'kubectl describe --help' for usage.")))?;
    let namespace = super::Session::namespace(&parsed);
    let mut objects = Vec::new();
    if parsed.args.len() == 1 && !parsed.args[0].contains('/') {
        // `kubectl describe pods [-l …]`: every object of the kind.
        let kind = session.resolve_kind(&parsed.args[0])?;
        let selector = super::selector::Selector::parse(parsed.get("selector").unwrap_or("")).map_err(super::CommandError::plain)?;
        let scope = if kind.namespaced { namespace.clone() } else { String::new() };
        for object in session.cluster.store.list_in(&kind.kind, &scope) {
            if selector.matches(&object.meta().labels) {
                objects.push(object.clone());
            }
        }
        if objects.is_empty() {
            session.print(&format!("No resources found in {namespace} namespace."));
            return Ok(());
        }
    } else {
        let targets = session.resource_args(&parsed.args)?;
        if targets.is_empty() {
            return Err(super::CommandError::plain("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources."));
        }
        for (kind, name) in &targets {
            objects.push(session.get_object(kind, &namespace, name)?);
        }
    }
    let texts: Vec<String> = objects.iter().map(|o| describe_object(&session.cluster, o)).collect();
    session.print_raw(&texts.join("\n\n"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::rfc1123;
    use crate::kubectl::Session;
    use crate::sim::cluster::Config;
    use crate::sim::time::Time;

    #[test]
    fn times_print_in_rfc1123() {
        assert_eq!(rfc1123(Some(Time(6_000))), "Thu, 01 Jan 2026 00:00:06 +0000");
        assert_eq!(rfc1123(Some(Time(86_400_000 * 3))), "Sun, 04 Jan 2026 00:00:00 +0000");
    }

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

    #[test]
    fn describe_skips_the_last_applied_annotation_and_prints_annotations_with_colons() {
        let mut session = Session::new(Config::default());
        let script = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    team: web\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    ports:\n    - containerPort: 80\nEOF\nsettle\nkubectl describe pod p\n";
        let out = session.run_script(script);
        assert!(out.contains("Annotations:      team: web\n"), "{out}");
        assert!(!out.contains("last-applied-configuration"), "{out}");
        assert!(out.contains("    Port:           80/TCP\n"), "{out}");
        assert!(out.contains("    Host Port:      0/TCP\n"), "{out}");
        assert!(out.contains("QoS Class:"), "{out}");
        assert!(out.contains("Start Time:       Thu, 01 Jan 2026 00:00:0"), "{out}");
    }
}
