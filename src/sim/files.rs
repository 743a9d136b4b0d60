//! What containers write, as far as `kubectl exec … cat|ls` can read it back (issue #5): a file
//! tree per volume. A path under a mount of a PVC-backed volume is stored with the volume the
//! claim is bound to (so it survives the pod: a StatefulSet pod re-created with the same claim
//! sees it again, STS storage identity); an emptyDir lives as long as its pod; anything else
//! is the container's writable layer and goes with the container's pod.
//!
//! Not modelled: the image's own files (nothing is there until something writes it),
//! permissions, sizes, subPath mounts, read-only mounts.

use crate::sim::cluster::Cluster;
use crate::sim::objects::Pod;
use std::collections::BTreeMap;

/// Files by volume key, then by path relative to the volume's root (`/index.html`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileSystems {
    volumes: BTreeMap<String, BTreeMap<String, String>>,
}

/// Where a container path lives: the volume key, the path inside it, and whether the path is a
/// mount point (a directory that exists even when empty).
#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub volume: String,
    pub path: String,
    pub mount_point: bool,
}

impl FileSystems {
    pub fn read(&self, at: &Location) -> Option<&str> {
        self.volumes.get(&at.volume)?.get(&at.path).map(String::as_str)
    }

    pub fn write(&mut self, at: &Location, content: &str, append: bool) {
        let file = self.volumes.entry(at.volume.clone()).or_default().entry(at.path.clone()).or_default();
        if !append {
            file.clear();
        }
        file.push_str(content);
    }

    /// The entries directly under a directory (files and sub-directories), sorted; None when
    /// nothing is there.
    pub fn list(&self, at: &Location) -> Option<Vec<String>> {
        let files = self.volumes.get(&at.volume)?;
        let prefix = if at.path.ends_with('/') { at.path.clone() } else { format!("{}/", at.path) };
        let mut names: Vec<String> =
            files.keys().filter_map(|p| p.strip_prefix(&prefix)).map(|rest| rest.split('/').next().unwrap_or(rest).to_string()).collect();
        names.dedup();
        (!names.is_empty()).then_some(names)
    }

    pub fn is_file(&self, at: &Location) -> bool {
        self.read(at).is_some()
    }
}

/// Normalizes an absolute container path: `//a/./b/` → `/a/b`.
pub fn clean_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

impl Cluster {
    /// Where `path` (absolute, in container `container` of `pod`) is stored.
    pub fn file_location(&self, pod: &Pod, container: &str, path: &str) -> Location {
        let path = clean_path(path);
        let mounts = pod.spec.containers.iter().find(|c| c.name == container).map(|c| c.volume_mounts.as_slice()).unwrap_or(&[]);
        let best = mounts
            .iter()
            .filter(|m| {
                let root = clean_path(&m.mount_path);
                root == "/" || path == root || path.starts_with(&format!("{root}/"))
            })
            .max_by_key(|m| clean_path(&m.mount_path).len());
        let uid = &pod.metadata.uid;
        let Some(mount) = best else {
            return Location { volume: format!("pod/{uid}/{container}"), path, mount_point: false };
        };
        let root = clean_path(&mount.mount_path);
        let inner = clean_path(path.strip_prefix(&root).unwrap_or(""));
        let mount_point = inner == "/";
        let volume = pod.spec.volumes.iter().find(|v| v.name == mount.name);
        let claim = volume.and_then(|v| v.persistent_volume_claim.as_ref()).map(|c| c.claim_name.clone());
        let key = match claim {
            Some(claim) => match self.get("PersistentVolumeClaim", &pod.metadata.namespace, &claim) {
                Some(object) => {
                    let json = object.to_json();
                    match json.pointer("/spec/volumeName").and_then(|v| v.as_str()).filter(|v| !v.is_empty()) {
                        Some(volume) => format!("pv/{volume}"),
                        None => format!("pvc/{}", object.meta().uid),
                    }
                }
                None => format!("pvc/{}/{claim}", pod.metadata.namespace),
            },
            None => format!("pod/{uid}/volume/{}", mount.name),
        };
        Location { volume: key, path: inner, mount_point }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_cleaned_and_directories_list_their_entries() {
        assert_eq!(clean_path("//usr/./share/../share/nginx/"), "/usr/share/nginx");
        let mut files = FileSystems::default();
        let at = |p: &str| Location { volume: "v".into(), path: p.into(), mount_point: false };
        files.write(&at("/index.html"), "web-0\n", false);
        files.write(&at("/index.html"), "more\n", true);
        files.write(&at("/a/b.txt"), "x", false);
        assert_eq!(files.read(&at("/index.html")), Some("web-0\nmore\n"));
        assert_eq!(files.list(&at("/")), Some(vec!["a".to_string(), "index.html".to_string()]));
        assert_eq!(files.list(&at("/nothing")), None);
    }
}
