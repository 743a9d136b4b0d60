//! The manifests the page offers: the tutorial's DaemonSet, its PersistentVolumes and
//! StatefulSet, and both together, as properly indented copies of the tutorial's YAML (the
//! tutorial's web page lost the indentation; pasted verbatim it gets kubectl's error).
//!
//! In the page, `kubectl apply -f NAME` reads a preset by its file name (and `-f editor` the
//! editor's text); the tutorial's own file names (`pv001.yaml`, `statefulset-demo.yaml`) work too.

/// The tutorial's DaemonSet (`nginx-ds`, `nginx:1.7.9`): one nginx pod per node.
pub const DAEMONSET: &str = r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nginx-ds
  labels:
    k8s-app: nginx
spec:
  selector:
    matchLabels:
      k8s-app: nginx
  template:
    metadata:
      labels:
        k8s-app: nginx
    spec:
      containers:
      - image: nginx:1.7.9
        name: nginx
        ports:
        - name: http
          containerPort: 80
"#;

/// The tutorial's `pv001.yaml`.
pub const PV001: &str = r#"apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv001
  labels:
    release: stable
spec:
  capacity:
    storage: 1Gi
  accessModes:
  - ReadWriteOnce
  persistentVolumeReclaimPolicy: Recycle
  hostPath:
    path: /tmp/data
"#;

/// The tutorial's `pv002.yaml`.
pub const PV002: &str = r#"apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv002
  labels:
    release: stable
spec:
  capacity:
    storage: 1Gi
  accessModes:
  - ReadWriteOnce
  persistentVolumeReclaimPolicy: Recycle
  hostPath:
    path: /tmp/data
"#;

/// The tutorial's `statefulset-demo.yaml`: the headless Service `nginx` and the StatefulSet
/// `web` (2 replicas, `cnych/nginx-slim:0.8`, a 1Gi `www` claim per pod).
pub const STATEFULSET_DEMO: &str = r#"apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
    role: stateful

---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
      role: stateful
  template:
    metadata:
      labels:
        app: nginx
        role: stateful
    spec:
      containers:
      - name: nginx
        image: cnych/nginx-slim:0.8
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
"#;

/// A preset the editor can load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// What `-f` calls it.
    pub file: &'static str,
    /// The button's label.
    pub label: &'static str,
    pub description: &'static str,
}

pub const PRESETS: [Preset; 3] = [
    Preset { file: "daemonset.yaml", label: "DaemonSet", description: "The tutorial's DaemonSet: one nginx pod on every node" },
    Preset {
        file: "statefulset.yaml",
        label: "PVs + StatefulSet",
        description: "pv001, pv002, the headless Service nginx and the StatefulSet web",
    },
    Preset { file: "tutorial.yaml", label: "Both", description: "The DaemonSet and the StatefulSet with its volumes" },
];

/// The file `-f` reads for the editor's own text.
pub const EDITOR_FILE: &str = "editor";

/// The text of a preset or tutorial file, by the name `-f` uses.
pub fn text(file: &str) -> Option<String> {
    let separator = "---\n";
    Some(match file {
        "daemonset.yaml" | "nginx-ds.yaml" => DAEMONSET.to_string(),
        "pv001.yaml" => PV001.to_string(),
        "pv002.yaml" => PV002.to_string(),
        "statefulset-demo.yaml" => STATEFULSET_DEMO.to_string(),
        "statefulset.yaml" => [PV001, PV002, STATEFULSET_DEMO].join(separator),
        "tutorial.yaml" => [DAEMONSET, PV001, PV002, STATEFULSET_DEMO].join(separator),
        _ => return None,
    })
}

/// Every file name [`text`] knows, for the session's `files`.
pub const FILES: [&str; 7] =
    ["daemonset.yaml", "nginx-ds.yaml", "pv001.yaml", "pv002.yaml", "statefulset-demo.yaml", "statefulset.yaml", "tutorial.yaml"];

/// A 30-minute class after the opening scenario, at simulated seconds: a node joining, a
/// cordon, a scale-up, a rollout, a node failing and coming back. The timeline's seek
/// benchmarks (native and in the page) record it.
pub const CLASS_SESSION: &[(i64, &str)] = &[
    (90, "node add node-4"),
    (300, "kubectl cordon node-2"),
    (420, "kubectl scale sts web --replicas=3"),
    (600, "kubectl set image ds/nginx-ds nginx=nginx:1.9.1"),
    (900, "node stop node-3"),
    (1_200, "node start node-3"),
    (1_500, "kubectl uncordon node-2"),
];
pub const CLASS_SESSION_MS: crate::sim::time::Millis = 30 * 60 * crate::sim::time::SECOND;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::manifest;

    #[test]
    fn every_preset_parses_to_the_tutorial_objects() {
        let objects = |file: &str| -> Vec<String> {
            let documents = manifest::parse(&text(file).unwrap()).unwrap();
            documents
                .iter()
                .map(|d| format!("{}/{}", d.value["kind"].as_str().unwrap(), d.value["metadata"]["name"].as_str().unwrap()))
                .collect()
        };
        assert_eq!(objects("daemonset.yaml"), ["DaemonSet/nginx-ds"]);
        assert_eq!(objects("statefulset.yaml"), ["PersistentVolume/pv001", "PersistentVolume/pv002", "Service/nginx", "StatefulSet/web"]);
        assert_eq!(objects("tutorial.yaml").len(), 5);
        for file in FILES {
            assert!(text(file).is_some(), "{file}");
        }
        for preset in PRESETS {
            assert!(text(preset.file).is_some(), "{}", preset.file);
        }
        assert!(text("nope.yaml").is_none());
    }
}
