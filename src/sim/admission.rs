//! What the API server does to an object between the request and the store: defaulting and
//! the admission plugins that matter to workloads (DefaultTolerationSeconds, ServiceAccount,
//! Priority, DefaultStorageClass, TaintNodesByCondition) and the registry strategies'
//! create/update hooks (DaemonSet template generation, ClusterIP allocation).

use crate::sim::cluster::Cluster;
use crate::sim::objects::apps::TEMPLATE_GENERATION_ANNOTATION;
use crate::sim::objects::meta::tolerates_taint;
use crate::sim::objects::{Object, Taint, Toleration};
use crate::sim::store::ApiError;
use std::sync::Arc;

/// DefaultTolerationSeconds (NODE-06).
pub const DEFAULT_TOLERATION_SECONDS: i64 = 300;

/// NODE-06: not-ready/unreachable NoExecute tolerations with 300 s, unless already tolerated.
pub fn default_toleration_seconds(tolerations: &mut Vec<Toleration>) {
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        let taint = Taint::new(key, "NoExecute");
        if !tolerates_taint(tolerations, &taint) {
            tolerations.push(Toleration {
                key: key.into(),
                operator: "Exists".into(),
                effect: "NoExecute".into(),
                toleration_seconds: Some(DEFAULT_TOLERATION_SECONDS),
                ..Default::default()
            });
        }
    }
}

/// The API server's defaulting (SetDefaults_*) and, on create, the registry's create hook.
fn api_defaults(object: &mut Object, create: bool) {
    crate::sim::manifest::apply_defaults(object);
    if create {
        crate::sim::manifest::on_create(object);
    }
}

/// Defaults and admission for a create.
pub fn admit_create(cluster: &mut Cluster, object: &mut Object) {
    api_defaults(object, true);
    match object {
        Object::Pod(pod) => {
            default_toleration_seconds(&mut pod.spec.tolerations);
            if pod.spec.service_account_name.is_none() {
                pod.spec.service_account_name = Some("default".into());
                pod.spec.service_account = Some("default".into());
            }
            pod.spec.priority.get_or_insert(0);
            pod.spec.preemption_policy.get_or_insert_with(|| "PreemptLowerPriority".into());
        }
        Object::DaemonSet(ds) => {
            ds.metadata.annotations.entry(TEMPLATE_GENERATION_ANNOTATION.into()).or_insert_with(|| "1".into());
        }
        Object::Service(service) => {
            let headless = service.spec.cluster_ip.as_deref() == Some("None");
            let external_name = service.spec.type_.as_deref() == Some("ExternalName");
            if !headless && !external_name && service.spec.cluster_ip.is_none() {
                let ip = cluster.allocate_service_ip();
                service.spec.cluster_ip = Some(ip.clone());
                service.spec.cluster_ips = Some(vec![ip]);
            } else if headless && service.spec.cluster_ips.is_none() {
                service.spec.cluster_ips = Some(vec!["None".into()]);
            }
        }
        Object::PersistentVolume(_) | Object::PersistentVolumeClaim(_) => crate::sim::controllers::volume::admit(cluster, object),
        _ => {}
    }
}

/// The registry strategies' update hooks: a DaemonSet's template change bumps its
/// `deprecated.daemonset.template.generation` (DS-17).
pub fn admit_update(old: &Object, object: &mut Object) {
    api_defaults(object, false);
    if let (Object::DaemonSet(old), Object::DaemonSet(new)) = (old, &mut *object) {
        let generation = old.template_generation();
        let next = if old.spec.template != new.spec.template { generation + 1 } else { generation };
        new.metadata.annotations.insert(TEMPLATE_GENERATION_ANNOTATION.into(), next.to_string());
    }
    if let (Object::Service(old), Object::Service(new)) = (old, &mut *object) {
        if new.spec.cluster_ip.is_none() {
            new.spec.cluster_ip = old.spec.cluster_ip.clone();
            new.spec.cluster_ips = old.spec.cluster_ips.clone();
        }
    }
}

impl Cluster {
    /// POST through admission: what a controller or a user's `create` does.
    pub fn create_admitted(&mut self, mut object: Object) -> Result<Arc<Object>, ApiError> {
        admit_create(self, &mut object);
        self.create(object)
    }

    /// PUT through the update hooks.
    pub fn update_admitted(&mut self, mut object: Object) -> Result<Arc<Object>, ApiError> {
        let key = crate::sim::store::ObjectKey::of(&object);
        if let Some(old) = self.store.get(&key).cloned() {
            admit_update(&old, &mut object);
        }
        self.update(object)
    }
}
