//! The API's discovery data: which kinds exist, in which group/version, under which resource
//! names, and whether they are namespaced. Custom kinds join at run time through CRDs.

#[derive(Clone, Debug, PartialEq)]
pub struct KindInfo {
    pub kind: String,
    /// "" for the core group.
    pub group: String,
    pub version: String,
    /// The lower-case plural resource name (`daemonsets`).
    pub plural: String,
    pub short_names: Vec<String>,
    pub namespaced: bool,
    /// Top-level fields besides apiVersion/kind/metadata, for kinds stored as written.
    pub fields: Vec<String>,
}

impl KindInfo {
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `daemonsets.apps`, as used in kubectl's messages.
    pub fn group_resource(&self) -> String {
        if self.group.is_empty() {
            self.plural.clone()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// What `kubectl get` prints before the name: `daemonset.apps`.
    pub fn group_kind_lower(&self) -> String {
        let kind = self.kind.to_ascii_lowercase();
        if self.group.is_empty() {
            kind
        } else {
            format!("{kind}.{}", self.group)
        }
    }
}

/// (kind, group, version, plural, short names, namespaced, top-level fields)
type Row = (&'static str, &'static str, &'static str, &'static str, &'static [&'static str], bool, &'static [&'static str]);

const SPEC_STATUS: &[&str] = &["spec", "status"];

const BUILTIN: &[Row] = &[
    ("Pod", "", "v1", "pods", &["po"], true, SPEC_STATUS),
    ("Node", "", "v1", "nodes", &["no"], false, SPEC_STATUS),
    ("Namespace", "", "v1", "namespaces", &["ns"], false, SPEC_STATUS),
    ("Service", "", "v1", "services", &["svc"], true, SPEC_STATUS),
    ("Endpoints", "", "v1", "endpoints", &["ep"], true, &["subsets"]),
    (
        "Event",
        "",
        "v1",
        "events",
        &["ev"],
        true,
        &[
            "involvedObject",
            "reason",
            "message",
            "source",
            "firstTimestamp",
            "lastTimestamp",
            "count",
            "type",
            "eventTime",
            "series",
            "action",
            "related",
            "reportingComponent",
            "reportingInstance",
        ],
    ),
    ("ConfigMap", "", "v1", "configmaps", &["cm"], true, &["data", "binaryData", "immutable"]),
    ("Secret", "", "v1", "secrets", &[], true, &["data", "stringData", "type", "immutable"]),
    ("ServiceAccount", "", "v1", "serviceaccounts", &["sa"], true, &["secrets", "imagePullSecrets", "automountServiceAccountToken"]),
    ("PersistentVolume", "", "v1", "persistentvolumes", &["pv"], false, SPEC_STATUS),
    ("PersistentVolumeClaim", "", "v1", "persistentvolumeclaims", &["pvc"], true, SPEC_STATUS),
    ("DaemonSet", "apps", "v1", "daemonsets", &["ds"], true, SPEC_STATUS),
    ("StatefulSet", "apps", "v1", "statefulsets", &["sts"], true, SPEC_STATUS),
    ("Deployment", "apps", "v1", "deployments", &["deploy"], true, SPEC_STATUS),
    ("ReplicaSet", "apps", "v1", "replicasets", &["rs"], true, SPEC_STATUS),
    ("ControllerRevision", "apps", "v1", "controllerrevisions", &[], true, &["data", "revision"]),
    (
        "StorageClass",
        "storage.k8s.io",
        "v1",
        "storageclasses",
        &["sc"],
        false,
        &["provisioner", "parameters", "reclaimPolicy", "mountOptions", "allowVolumeExpansion", "volumeBindingMode", "allowedTopologies"],
    ),
    ("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", &[], true, &["addressType", "endpoints", "ports"]),
    ("Role", "rbac.authorization.k8s.io", "v1", "roles", &[], true, &["rules"]),
    ("ClusterRole", "rbac.authorization.k8s.io", "v1", "clusterroles", &[], false, &["rules", "aggregationRule"]),
    ("RoleBinding", "rbac.authorization.k8s.io", "v1", "rolebindings", &[], true, &["subjects", "roleRef"]),
    ("ClusterRoleBinding", "rbac.authorization.k8s.io", "v1", "clusterrolebindings", &[], false, &["subjects", "roleRef"]),
    ("CustomResourceDefinition", "apiextensions.k8s.io", "v1", "customresourcedefinitions", &["crd", "crds"], false, SPEC_STATUS),
];

pub fn builtin_kinds() -> Vec<KindInfo> {
    BUILTIN
        .iter()
        .map(|(kind, group, version, plural, short, namespaced, fields)| KindInfo {
            kind: kind.to_string(),
            group: group.to_string(),
            version: version.to_string(),
            plural: plural.to_string(),
            short_names: short.iter().map(|s| s.to_string()).collect(),
            namespaced: *namespaced,
            fields: fields.iter().map(|s| s.to_string()).collect(),
        })
        .collect()
}

/// The discovery registry: built-in kinds plus those added by CRDs.
#[derive(Clone, Debug)]
pub struct Registry {
    kinds: Vec<KindInfo>,
}

impl Default for Registry {
    fn default() -> Self {
        Registry { kinds: builtin_kinds() }
    }
}

impl Registry {
    /// The kind served at `apiVersion`, or None ("no matches for kind").
    pub fn lookup(&self, api_version: &str, kind: &str) -> Option<&KindInfo> {
        self.kinds.iter().find(|k| k.kind == kind && k.api_version() == api_version)
    }

    pub fn by_kind(&self, kind: &str) -> Option<&KindInfo> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// Resolves what a user types after `kubectl get`: `pods`, `pod`, `po`, `ds`,
    /// `daemonsets.apps`, `DaemonSet`.
    pub fn resolve_resource(&self, name: &str) -> Option<&KindInfo> {
        let lower = name.to_ascii_lowercase();
        let (resource, group) = match lower.split_once('.') {
            Some((r, g)) => (r.to_string(), Some(g.to_string())),
            None => (lower.clone(), None),
        };
        self.kinds.iter().find(|k| {
            let group_ok = group.as_ref().is_none_or(|g| *g == k.group);
            group_ok && (k.plural == resource || k.kind.to_ascii_lowercase() == resource || k.short_names.contains(&resource))
        })
    }

    pub fn add(&mut self, info: KindInfo) {
        self.kinds.retain(|k| !(k.kind == info.kind && k.group == info.group));
        self.kinds.push(info);
    }

    pub fn remove_group_kind(&mut self, group: &str, kind: &str) {
        self.kinds.retain(|k| !(k.kind == kind && k.group == group));
    }

    pub fn all(&self) -> &[KindInfo] {
        &self.kinds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_kubectl_resource_names() {
        let registry = Registry::default();
        for name in ["ds", "daemonset", "daemonsets", "DaemonSet", "daemonsets.apps"] {
            assert_eq!(registry.resolve_resource(name).map(|k| k.kind.as_str()), Some("DaemonSet"), "{name}");
        }
        assert_eq!(registry.resolve_resource("po").unwrap().kind, "Pod");
        assert!(registry.resolve_resource("daemonsets.extensions").is_none());
        assert!(registry.lookup("extensions/v1beta1", "DaemonSet").is_none());
        assert_eq!(registry.lookup("apps/v1", "DaemonSet").unwrap().group_resource(), "daemonsets.apps");
    }
}
