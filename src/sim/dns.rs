//! Cluster DNS as CoreDNS's `kubernetes` plugin answers it, from Services and Endpoints
//! (STS-27/28): pure functions of the cluster state, for the page and `nslookup` (issue #5).
//!
//! - `<svc>.<ns>.svc.cluster.local`: a ClusterIP Service → its ClusterIP; a headless Service
//!   → the addresses of its Endpoints (Ready pods, or all with `publishNotReadyAddresses`).
//! - `<hostname>.<svc>.<ns>.svc.cluster.local`: only for a headless Service, an endpoint
//!   address carrying that hostname (a pod with `hostname`/`subdomain` set, e.g. a
//!   StatefulSet pod whose serviceName is the Service), Ready or published.
//!
//! Not modelled: negative caching, SRV/PTR records, ExternalName CNAMEs, `<ip-dashes>` names.

use crate::sim::cluster::Cluster;
use crate::sim::objects::Object;
use serde_json::Value;

/// The cluster domain (kubelet `--cluster-domain`).
pub const CLUSTER_DOMAIN: &str = "cluster.local";

/// Resolves a fully qualified name to its A records, or None (NXDOMAIN).
pub fn resolve(cluster: &Cluster, name: &str) -> Option<Vec<String>> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let prefix = name.strip_suffix(&format!(".svc.{CLUSTER_DOMAIN}"))?;
    let labels: Vec<&str> = prefix.split('.').collect();
    match labels.as_slice() {
        [service, namespace] => service_records(cluster, namespace, service),
        [host, service, namespace] => pod_record(cluster, namespace, service, host),
        _ => None,
    }
}

/// Resolves as a pod in `namespace` would, through its resolv.conf search list
/// (`<ns>.svc.cluster.local svc.cluster.local cluster.local`). Returns the name that
/// answered and its records.
pub fn resolve_from(cluster: &Cluster, namespace: &str, name: &str) -> Option<(String, Vec<String>)> {
    if name.ends_with('.') {
        return resolve(cluster, name).map(|ips| (name.trim_end_matches('.').to_string(), ips));
    }
    let candidates = [
        format!("{name}.{namespace}.svc.{CLUSTER_DOMAIN}"),
        format!("{name}.svc.{CLUSTER_DOMAIN}"),
        format!("{name}.{CLUSTER_DOMAIN}"),
        name.to_string(),
    ];
    candidates.into_iter().find_map(|candidate| resolve(cluster, &candidate).map(|ips| (candidate, ips)))
}

fn service_records(cluster: &Cluster, namespace: &str, service: &str) -> Option<Vec<String>> {
    let Some(Object::Service(svc)) = cluster.get("Service", namespace, service).map(|s| &**s) else { return None };
    if svc.spec.cluster_ip.as_deref() != Some("None") {
        return svc.spec.cluster_ip.clone().filter(|ip| !ip.is_empty()).map(|ip| vec![ip]);
    }
    let ips: Vec<String> = endpoint_addresses(cluster, namespace, service).into_iter().map(|(ip, _)| ip).collect();
    (!ips.is_empty()).then_some(ips)
}

fn pod_record(cluster: &Cluster, namespace: &str, service: &str, host: &str) -> Option<Vec<String>> {
    let Some(Object::Service(svc)) = cluster.get("Service", namespace, service).map(|s| &**s) else { return None };
    if svc.spec.cluster_ip.as_deref() != Some("None") {
        return None; // STS-28: per-pod records need a headless Service.
    }
    let ips: Vec<String> =
        endpoint_addresses(cluster, namespace, service).into_iter().filter(|(_, h)| h.as_deref() == Some(host)).map(|(ip, _)| ip).collect();
    (!ips.is_empty()).then_some(ips)
}

/// The published (ready) addresses of a Service's Endpoints: (ip, hostname).
fn endpoint_addresses(cluster: &Cluster, namespace: &str, service: &str) -> Vec<(String, Option<String>)> {
    let Some(Object::Generic(endpoints)) = cluster.get("Endpoints", namespace, service).map(|e| &**e) else { return Vec::new() };
    let subsets = endpoints.body.get("subsets").and_then(Value::as_array).cloned().unwrap_or_default();
    subsets
        .iter()
        .flat_map(|s| s.get("addresses").and_then(Value::as_array).cloned().unwrap_or_default())
        .filter_map(|a| {
            let ip = a.get("ip")?.as_str()?.to_string();
            let hostname = a.get("hostname").and_then(Value::as_str).map(str::to_string);
            Some((ip, hostname))
        })
        .collect()
}
