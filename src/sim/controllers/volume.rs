//! The PersistentVolume controller (`pkg/controller/volume/persistentvolume`), the
//! pvc/pv-protection controllers, and a simulated external provisioner for every StorageClass
//! whose provisioner is not `kubernetes.io/no-provisioner` (kind's `rancher.io/local-path`).
//!
//! [`find_matching_volume`] is `findByClaim` → `FindMatchingVolume` (PV-05/06), a pure
//! function; `bind`, `reclaim` and the recycler are the effects. PV- rules are cited inline.

use crate::sim::cluster::{Cluster, Task};
use crate::sim::objects::core::ObjectReference;
use crate::sim::objects::meta::LabelSelector;
use crate::sim::objects::pod::{Container, PodSpec, Volume, VolumeMount};
use crate::sim::objects::pod::{NodeSelector, NodeSelectorRequirement, NodeSelectorTerm};
use crate::sim::objects::storage::{PersistentVolume, PersistentVolumeClaim, PersistentVolumeSpec, StorageClass, VolumeNodeAffinity};
use crate::sim::objects::{Object, ObjectMeta, Pod};
use crate::sim::store::{ObjectKey, Propagation, WatchEvent, WatchEventType};
use crate::sim::time::{Millis, SECOND};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

pub const CONTROLLER: &str = "persistentvolume-controller";
/// From a claim or volume watch event to the controller's sync of it. Shorter than the
/// scheduler's latency (5–40 ms), so a claim that can bind at once is bound before its pod
/// is first tried (the tutorial shows no FailedScheduling for web-0).
pub const SYNC_LATENCY_MS: Millis = 3;
/// `--pvclaimbinder-sync-period` (PV-10): every claim and volume is re-synced this often.
pub const RESYNC_PERIOD_MS: Millis = 15 * SECOND;
/// How long the simulated external provisioner takes to create a volume (kind's local-path
/// provisioner runs a helper pod: about 1–3 s; a product choice).
pub const PROVISION_MS: (Millis, Millis) = (1000, 3000);
/// How long an external provisioner takes to delete a released dynamic volume.
pub const PROVISIONER_DELETE_MS: (Millis, Millis) = (500, 1500);
/// How long the recycler pod's `find /scrub -mindepth 1 -delete` runs once the pod is Running
/// (a product choice: an almost empty tutorial volume).
pub const RECYCLER_SCRUB_MS: Millis = 2 * SECOND;
/// The recycler pod's image (`NewPersistentVolumeRecyclerPodTemplate`; the tag moves with
/// releases [UNVERIFIED]).
pub const RECYCLER_IMAGE: &str = "registry.k8s.io/build-image/debian-base:bookworm-v1.0.4";
/// `--pv-recycler-minimum-timeout-hostpath` and `--pv-recycler-increment-timeout-hostpath` (PV-19, [mem]).
pub const RECYCLER_TIMEOUT_MIN_S: i64 = 60;
pub const RECYCLER_TIMEOUT_PER_GI_S: i64 = 30;
/// The event source of the simulated external provisioner (`<provisioner>_<pod>_<uid>` on a
/// real cluster; the pod and uid parts are fixed here).
pub const PROVISIONER_IDENTITY_SUFFIX: &str = "_local-path-provisioner-7577fdbbfb-8nnb6_0b1f7a6c-3d2e-4f5a-9b8c-7d6e5f4a3b2c";

pub const PVC_PROTECTION_FINALIZER: &str = "kubernetes.io/pvc-protection";
pub const PV_PROTECTION_FINALIZER: &str = "kubernetes.io/pv-protection";
pub const BOUND_BY_CONTROLLER: &str = "pv.kubernetes.io/bound-by-controller";
pub const BIND_COMPLETED: &str = "pv.kubernetes.io/bind-completed";
pub const PROVISIONED_BY: &str = "pv.kubernetes.io/provisioned-by";
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
pub const STORAGE_PROVISIONER: &str = "volume.kubernetes.io/storage-provisioner";
pub const BETA_STORAGE_PROVISIONER: &str = "volume.beta.kubernetes.io/storage-provisioner";

/// Where two volumes fit a claim equally (same access-mode group, same smallest capacity),
/// Kubernetes takes whichever its cache index yields first — effectively arbitrary. The
/// simulator takes the volume whose name sorts first (so pv001 before pv002).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TieBreak {
    NameAscending,
}
pub const EQUAL_VOLUME_TIE_BREAK: TieBreak = TieBreak::NameAscending;

#[derive(Clone, Debug, Default)]
pub struct VolumeState {
    /// Whether the periodic resync is armed (it starts with the first claim or volume).
    resync_armed: bool,
    /// Recycler pods by volume name.
    pub recycling: BTreeMap<String, String>,
    /// Claims the external provisioner is working on.
    provisioning: BTreeSet<(String, String)>,
}

// ---- informers ---------------------------------------------------------------------------

fn sync_claim_soon(cluster: &mut Cluster, namespace: &str, name: &str) {
    cluster.schedule(SYNC_LATENCY_MS, Task::SyncClaim { namespace: namespace.into(), name: name.into() });
}

fn sync_volume_soon(cluster: &mut Cluster, name: &str) {
    cluster.schedule(SYNC_LATENCY_MS, Task::SyncVolume { name: name.into() });
}

fn arm_resync(cluster: &mut Cluster) {
    if !cluster.volumes.resync_armed {
        cluster.volumes.resync_armed = true;
        cluster.schedule(RESYNC_PERIOD_MS, Task::VolumeResync);
    }
}

pub fn on_claim_event(cluster: &mut Cluster, event: &WatchEvent) {
    arm_resync(cluster);
    let (namespace, name) = (event.object.namespace().to_string(), event.object.name().to_string());
    if event.type_ == WatchEventType::Deleted {
        if let Some(claim) = event.object.as_claim().cloned() {
            if !claim.volume_name().is_empty() {
                sync_volume_soon(cluster, claim.volume_name());
            }
        }
        return;
    }
    sync_claim_soon(cluster, &namespace, &name);
}

pub fn on_volume_event(cluster: &mut Cluster, event: &WatchEvent) {
    arm_resync(cluster);
    let name = event.object.name().to_string();
    if event.type_ == WatchEventType::Deleted {
        if let Some(reference) = event.object.as_volume().cloned().and_then(|v| v.spec.claim_ref) {
            sync_claim_soon(cluster, &reference.namespace, &reference.name);
        }
        return;
    }
    sync_volume_soon(cluster, &name);
}

/// PV-03: a new default class is assigned retroactively to unbound claims without a class.
pub fn on_class_event(cluster: &mut Cluster, event: &WatchEvent) {
    if event.type_ == WatchEventType::Deleted {
        return;
    }
    let pending: Vec<(String, String)> = cluster
        .store
        .list("PersistentVolumeClaim")
        .filter_map(|c| c.as_claim().cloned())
        .filter(|c| !c.is_bound())
        .map(|c| (c.metadata.namespace, c.metadata.name))
        .collect();
    for (namespace, name) in pending {
        sync_claim_soon(cluster, &namespace, &name);
    }
}

/// Pods that stop using claims release them (pvc-protection, PV-16); the recycler pod's
/// progress drives the recycle (PV-19).
pub fn on_pod_event(cluster: &mut Cluster, event: &WatchEvent) {
    let Some(pod) = event.object.as_pod() else { return };
    // `enqueuePVCs`: a pod that is gone, terminal or not scheduled cannot hold a claim.
    let gone = event.type_ == WatchEventType::Deleted || pod.is_terminal() || pod.spec.node_name.is_empty();
    if gone {
        let claims: Vec<String> =
            pod.spec.volumes.iter().filter_map(|v| v.persistent_volume_claim.as_ref()).map(|c| c.claim_name.clone()).collect();
        for claim in claims {
            let deleting = cluster.get("PersistentVolumeClaim", &pod.metadata.namespace, &claim).is_some_and(|c| c.meta().is_deleting());
            if deleting {
                sync_claim_soon(cluster, &pod.metadata.namespace, &claim);
            }
        }
    }
    if let Some(volume) = pod.metadata.name.strip_prefix(RECYCLER_POD_PREFIX) {
        if pod.metadata.namespace == "default" && pod.phase() == "Running" && event.type_ != WatchEventType::Deleted {
            let volume = volume.to_string();
            cluster.schedule(RECYCLER_SCRUB_MS, Task::FinishRecycle { name: volume });
        }
    }
}

/// Whether the controller is bound to act without a watch event: an unbound Immediate claim
/// that a resync would bind now (`settle` waits for it, as the 15 s resync would).
pub fn has_pending_work(cluster: &Cluster) -> bool {
    if !cluster.volumes.resync_armed {
        return false;
    }
    cluster.store.list("PersistentVolumeClaim").filter_map(|c| c.as_claim()).any(|claim| {
        !claim.is_bound()
            && !claim.metadata.is_deleting()
            && claim.volume_name().is_empty()
            && !delays_binding(cluster, claim)
            && find_matching_volume(&volumes(cluster), claim, false).is_some()
    })
}

// ---- pure matching (PV-04..06) ------------------------------------------------------------

fn volumes(cluster: &Cluster) -> Vec<PersistentVolume> {
    cluster.store.list("PersistentVolume").filter_map(|v| v.as_volume().cloned()).collect()
}

/// `IsVolumeBoundToClaim`: the volume's claimRef names this claim (uid empty or equal).
pub fn is_volume_bound_to_claim(volume: &PersistentVolume, claim: &PersistentVolumeClaim) -> bool {
    volume.spec.claim_ref.as_ref().is_some_and(|r| {
        r.name == claim.metadata.name && r.namespace == claim.metadata.namespace && (r.uid.is_empty() || r.uid == claim.metadata.uid)
    })
}

/// The access-mode set as an index key (PV-05).
fn mode_set(modes: &[String]) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    set.extend(modes.iter().cloned());
    set
}

fn selector_matches(selector: Option<&LabelSelector>, volume: &PersistentVolume) -> bool {
    selector.is_none_or(|s| s.matches(&volume.metadata.labels))
}

/// `findByClaim` → `FindMatchingVolume` with `delayBinding` (PV-05/06): the access-mode groups
/// that are supersets of the claim's modes, fewest modes first; in the first group that yields
/// one, a volume pre-bound to the claim, else the smallest Available volume of the claim's
/// class whose labels match its selector.
pub fn find_matching_volume(volumes: &[PersistentVolume], claim: &PersistentVolumeClaim, delay_binding: bool) -> Option<String> {
    let wanted = mode_set(&claim.spec.access_modes);
    let mut groups: BTreeMap<(usize, BTreeSet<String>), Vec<&PersistentVolume>> = BTreeMap::new();
    for volume in volumes {
        let modes = mode_set(&volume.spec.access_modes);
        if wanted.is_subset(&modes) {
            groups.entry((modes.len(), modes)).or_default().push(volume);
        }
    }
    let request = claim.request_milli();
    for group in groups.values() {
        let mut sorted = group.clone();
        match EQUAL_VOLUME_TIE_BREAK {
            TieBreak::NameAscending => crate::sort::sort_by(&mut sorted, |a, b| a.metadata.name.cmp(&b.metadata.name)),
        }
        let mut smallest: Option<&PersistentVolume> = None;
        for volume in sorted {
            if volume.capacity_milli() < request || volume.volume_mode() != claim.volume_mode() || volume.metadata.is_deleting() {
                continue;
            }
            if is_volume_bound_to_claim(volume, claim) {
                return Some(volume.metadata.name.clone());
            }
            if delay_binding {
                continue;
            }
            if volume.phase() != "Available"
                || volume.spec.claim_ref.is_some()
                || !selector_matches(claim.spec.selector.as_ref(), volume)
                || volume.class() != claim.class()
            {
                continue;
            }
            if smallest.is_none_or(|s| volume.capacity_milli() < s.capacity_milli()) {
                smallest = Some(volume);
            }
        }
        if let Some(volume) = smallest {
            return Some(volume.metadata.name.clone());
        }
    }
    None
}

/// The scheduler's match for a WaitForFirstConsumer claim on a chosen node (PV-12): as
/// [`find_matching_volume`] without delay, also requiring the volume's node affinity to allow
/// the node.
pub fn find_volume_for_node(cluster: &Cluster, claim: &PersistentVolumeClaim, node: &crate::sim::objects::Node) -> Option<String> {
    let fitting: Vec<PersistentVolume> = volumes(cluster).into_iter().filter(|v| volume_allows_node(v, node)).collect();
    find_matching_volume(&fitting, claim, false)
}

/// The volume's `nodeAffinity.required` (VolumeBinding's filter: "volume node affinity conflict").
pub fn volume_allows_node(volume: &PersistentVolume, node: &crate::sim::objects::Node) -> bool {
    let Some(required) = volume.spec.node_affinity.as_ref().and_then(|a| a.required.as_ref()) else { return true };
    let spec = PodSpec {
        affinity: Some(crate::sim::objects::pod::Affinity {
            node_affinity: Some(crate::sim::objects::pod::NodeAffinity {
                required_during_scheduling_ignored_during_execution: Some(required.clone()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    crate::sim::controllers::scheduler::matches_node_affinity(&spec, node)
}

/// The claim's StorageClass object, if it names one that exists.
pub fn class_of(cluster: &Cluster, claim: &PersistentVolumeClaim) -> Option<StorageClass> {
    let class = claim.class();
    if class.is_empty() {
        return None;
    }
    cluster.get("StorageClass", "", class).and_then(|c| c.as_storage_class().cloned())
}

/// `IsDelayBindingMode`: the claim's class waits for the first consumer.
pub fn delays_binding(cluster: &Cluster, claim: &PersistentVolumeClaim) -> bool {
    class_of(cluster, claim).is_some_and(|c| c.waits_for_first_consumer())
}

// ---- claims ------------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
fn event_on(cluster: &mut Cluster, kind: &str, namespace: &str, name: &str, type_: &str, reason: &str, message: &str, component: &str) {
    if let Some(object) = cluster.get(kind, namespace, name).cloned() {
        cluster.record_event(&object, type_, reason, message, component, "");
    }
}

fn pods_using_claim(cluster: &Cluster, namespace: &str, claim: &str) -> Vec<Pod> {
    cluster
        .store
        .list_in("Pod", namespace)
        .filter_map(|p| p.as_pod())
        .filter(|p| !p.is_terminal())
        .filter(|p| p.spec.volumes.iter().any(|v| v.persistent_volume_claim.as_ref().is_some_and(|c| c.claim_name == claim)))
        .cloned()
        .collect()
}

/// `syncClaim`: bind, wait, provision, or report why not (PV-08..13); pvc-protection (PV-16).
pub fn sync_claim(cluster: &mut Cluster, namespace: &str, name: &str) {
    let Some(object) = cluster.get("PersistentVolumeClaim", namespace, name).cloned() else { return };
    let Some(claim) = object.as_claim().cloned() else { return };
    let key = ObjectKey::of(&object);
    if claim.metadata.is_deleting() {
        // PV-16: the finalizer goes once no pod uses the claim. `podUsesPVC` counts every
        // scheduled pod object that names it, finished ones too (a Succeeded pod holds its
        // claim until the pod is deleted), and no unscheduled one: the kubelet never starts a
        // pod whose claim is being deleted, so it would wait for the claim forever, and the
        // claim for it.
        let in_use = cluster.store.list_in("Pod", namespace).filter_map(|p| p.as_pod()).any(|p| {
            !p.spec.node_name.is_empty()
                && p.spec.volumes.iter().any(|v| v.persistent_volume_claim.as_ref().is_some_and(|c| c.claim_name == name))
        });
        if claim.metadata.finalizers.iter().any(|f| f == PVC_PROTECTION_FINALIZER) && !in_use {
            let _ = cluster.modify(&key, |o| o.meta_mut().finalizers.retain(|f| f != PVC_PROTECTION_FINALIZER));
        }
        return;
    }
    if claim.is_bound() || claim.phase() == "Lost" {
        // syncBoundClaim: the volume vanished → Lost (PV-14).
        if claim.is_bound() && cluster.get("PersistentVolume", "", claim.volume_name()).is_none() {
            set_claim_phase(cluster, &key, "Lost");
            let message = "Bound claim has lost its PersistentVolume. Data on the volume is lost!";
            event_on(cluster, "PersistentVolumeClaim", namespace, name, "Warning", "ClaimLost", message, CONTROLLER);
        }
        return;
    }
    if claim.class_unset() && claim.volume_name().is_empty() {
        // PV-03 `assignDefaultStorageClass`: an unbound claim without a class gets a default
        // class created after it.
        let mut probe = (*object).clone();
        admit(cluster, &mut probe);
        if probe.as_claim().cloned().is_some_and(|c| !c.class_unset()) {
            let _ = cluster.update(probe);
            return; // The update re-queues the claim.
        }
    }
    let all = volumes(cluster);
    if !claim.volume_name().is_empty() {
        // PV-08: pre-bound to a volume by name.
        let wanted = claim.volume_name().to_string();
        let Some(volume) = all.iter().find(|v| v.metadata.name == wanted) else {
            return; // Waits for the volume to appear.
        };
        if volume.spec.claim_ref.is_some() && !is_volume_bound_to_claim(volume, &claim) {
            let message = format!("volume \"{wanted}\" already bound to a different claim.");
            event_on(cluster, "PersistentVolumeClaim", namespace, name, "Warning", "FailedBinding", &message, CONTROLLER);
            return;
        }
        if let Err(why) = check_volume_satisfies_claim(volume, &claim) {
            let message = format!("Cannot bind to requested volume \"{wanted}\": {why}");
            event_on(cluster, "PersistentVolumeClaim", namespace, name, "Warning", "VolumeMismatch", &message, CONTROLLER);
            return;
        }
        bind(cluster, &wanted, &claim);
        return;
    }
    let delay = delays_binding(cluster, &claim);
    if let Some(volume) = find_matching_volume(&all, &claim, delay) {
        bind(cluster, &volume, &claim);
        return;
    }
    report_unbound(cluster, &claim);
}

/// PV-10..12: the event an unbound claim gets on each sync, and dynamic provisioning.
fn report_unbound(cluster: &mut Cluster, claim: &PersistentVolumeClaim) {
    let (namespace, name) = (claim.metadata.namespace.clone(), claim.metadata.name.clone());
    let class_name = claim.class().to_string();
    if class_name.is_empty() {
        let message = "no persistent volumes available for this claim and no storage class is set";
        event_on(cluster, "PersistentVolumeClaim", &namespace, &name, "Normal", "FailedBinding", message, CONTROLLER);
        return;
    }
    let Some(class) = class_of(cluster, claim) else {
        let message = format!("storageclass.storage.k8s.io \"{class_name}\" not found");
        event_on(cluster, "PersistentVolumeClaim", &namespace, &name, "Warning", "ProvisioningFailed", &message, CONTROLLER);
        return;
    };
    let selected_node = claim.metadata.annotations.get(SELECTED_NODE).cloned();
    if class.waits_for_first_consumer() && selected_node.is_none() {
        let users = pods_using_claim(cluster, &namespace, &name);
        match users.first() {
            None => {
                let message = "waiting for first consumer to be created before binding";
                event_on(cluster, "PersistentVolumeClaim", &namespace, &name, "Normal", "WaitForFirstConsumer", message, CONTROLLER);
            }
            Some(pod) => {
                let message = format!("waiting for pod {} to be scheduled", pod.metadata.name);
                event_on(cluster, "PersistentVolumeClaim", &namespace, &name, "Normal", "WaitForPodScheduled", &message, CONTROLLER);
            }
        }
        return;
    }
    if !class.provisions_dynamically() {
        // [mem] `findProvisionablePlugin` finds no in-tree plugin of that name.
        let message = format!("Failed to create provisioner: no volume plugin matched name: {}", class.provisioner);
        event_on(cluster, "PersistentVolumeClaim", &namespace, &name, "Warning", "ProvisioningFailed", &message, CONTROLLER);
        return;
    }
    // PV-11 (wording UNVERIFIED): the controller waits for the external provisioner.
    let message = format!(
        "Waiting for a volume to be created either by the external provisioner '{}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
        class.provisioner
    );
    event_on(cluster, "PersistentVolumeClaim", &namespace, &name, "Normal", "ExternalProvisioning", &message, CONTROLLER);
    if !claim.metadata.annotations.contains_key(STORAGE_PROVISIONER) {
        let provisioner = class.provisioner.clone();
        let _ = cluster.modify(&ObjectKey::new("PersistentVolumeClaim", &namespace, &name), |o| {
            let annotations = &mut o.meta_mut().annotations;
            annotations.insert(STORAGE_PROVISIONER.into(), provisioner.clone());
            annotations.insert(BETA_STORAGE_PROVISIONER.into(), provisioner);
        });
    }
    if cluster.volumes.provisioning.insert((namespace.clone(), name.clone())) {
        let delay = cluster.rng.between(PROVISION_MS.0, PROVISION_MS.1);
        let identity = format!("{}{PROVISIONER_IDENTITY_SUFFIX}", class.provisioner);
        let message = format!("External provisioner is provisioning volume for claim \"{namespace}/{name}\"");
        event_on(cluster, "PersistentVolumeClaim", &namespace, &name, "Normal", "Provisioning", &message, &identity);
        cluster.schedule(delay, Task::ProvisionClaim { namespace, name });
    }
}

/// `checkVolumeSatisfyClaim` (PV-08).
fn check_volume_satisfies_claim(volume: &PersistentVolume, claim: &PersistentVolumeClaim) -> Result<(), String> {
    if volume.capacity_milli() < claim.request_milli() {
        return Err("requested PV is too small".into());
    }
    if volume.class() != claim.class() {
        return Err("storageClassName does not match".into());
    }
    if volume.volume_mode() != claim.volume_mode() {
        return Err("incompatible volumeMode".into());
    }
    if !mode_set(&claim.spec.access_modes).is_subset(&mode_set(&volume.spec.access_modes)) {
        return Err("incompatible accessMode".into());
    }
    Ok(())
}

fn set_claim_phase(cluster: &mut Cluster, key: &ObjectKey, phase: &str) {
    let phase = phase.to_string();
    let _ = cluster.modify(key, |o| {
        if let Object::PersistentVolumeClaim(c) = o {
            c.status.get_or_insert_default().phase = phase;
        }
    });
}

fn set_volume_phase(cluster: &mut Cluster, name: &str, phase: &str, message: Option<&str>) {
    let (phase, message) = (phase.to_string(), message.map(str::to_string));
    let _ = cluster.modify(&ObjectKey::new("PersistentVolume", "", name), |o| {
        if let Object::PersistentVolume(v) = o {
            let status = v.status.get_or_insert_default();
            status.phase = phase;
            status.message = message.unwrap_or_default();
        }
    });
}

/// PV-09 `bind`: the volume's claimRef, then its phase; the claim's volumeName, then its status.
pub fn bind(cluster: &mut Cluster, volume_name: &str, claim: &PersistentVolumeClaim) {
    let volume_key = ObjectKey::new("PersistentVolume", "", volume_name);
    let Some(volume) = cluster.store.get(&volume_key).and_then(|v| v.as_volume().cloned()) else { return };
    let reference = ObjectReference {
        kind: "PersistentVolumeClaim".into(),
        namespace: claim.metadata.namespace.clone(),
        name: claim.metadata.name.clone(),
        uid: claim.metadata.uid.clone(),
        api_version: "v1".into(),
        resource_version: claim.metadata.resource_version.clone(),
        field_path: String::new(),
    };
    let controller_chose = volume.spec.claim_ref.is_none();
    if volume.spec.claim_ref.as_ref() != Some(&reference) {
        let _ = cluster.modify(&volume_key, |o| {
            if let Object::PersistentVolume(v) = o {
                v.spec.claim_ref = Some(reference);
                if controller_chose {
                    v.metadata.annotations.insert(BOUND_BY_CONTROLLER.into(), "yes".into());
                }
            }
        });
    }
    if volume.phase() != "Bound" {
        set_volume_phase(cluster, volume_name, "Bound", None);
    }
    let claim_key = ObjectKey::new("PersistentVolumeClaim", &claim.metadata.namespace, &claim.metadata.name);
    let claim_chose = claim.volume_name().is_empty();
    let name = volume_name.to_string();
    let _ = cluster.modify(&claim_key, |o| {
        if let Object::PersistentVolumeClaim(c) = o {
            c.spec.volume_name = Some(name);
            c.metadata.annotations.insert(BIND_COMPLETED.into(), "yes".into());
            if claim_chose {
                c.metadata.annotations.insert(BOUND_BY_CONTROLLER.into(), "yes".into());
            }
        }
    });
    let (modes, capacity) = (volume.spec.access_modes.clone(), volume.spec.capacity.clone());
    let _ = cluster.modify(&claim_key, |o| {
        if let Object::PersistentVolumeClaim(c) = o {
            let status = c.status.get_or_insert_default();
            status.phase = "Bound".into();
            status.access_modes = modes;
            status.capacity = capacity;
        }
    });
}

// ---- volumes -----------------------------------------------------------------------------

/// `syncVolume`: Available, Bound, or Released and reclaimed (PV-14..20); pv-protection.
pub fn sync_volume(cluster: &mut Cluster, name: &str) {
    let Some(object) = cluster.get("PersistentVolume", "", name).cloned() else { return };
    let Some(volume) = object.as_volume().cloned() else { return };
    if volume.metadata.is_deleting() {
        if volume.phase() != "Bound" && volume.metadata.finalizers.iter().any(|f| f == PV_PROTECTION_FINALIZER) {
            let _ = cluster.modify(&ObjectKey::of(&object), |o| o.meta_mut().finalizers.retain(|f| f != PV_PROTECTION_FINALIZER));
        }
        return;
    }
    let Some(reference) = volume.spec.claim_ref.clone() else {
        if volume.phase() != "Available" && volume.phase() != "Failed" {
            set_volume_phase(cluster, name, "Available", None);
        }
        return;
    };
    if reference.uid.is_empty() {
        // Pre-bound by the user and not bound yet: Available, for that claim only.
        if volume.phase() != "Available" {
            set_volume_phase(cluster, name, "Available", None);
        }
        sync_claim_soon(cluster, &reference.namespace, &reference.name);
        return;
    }
    let claim = cluster
        .get("PersistentVolumeClaim", &reference.namespace, &reference.name)
        .and_then(|c| c.as_claim().cloned())
        .filter(|c| c.metadata.uid == reference.uid);
    match claim {
        Some(claim) if claim.volume_name() == name => {
            if volume.phase() != "Bound" {
                set_volume_phase(cluster, name, "Bound", None);
            }
        }
        Some(_) => sync_claim_soon(cluster, &reference.namespace, &reference.name),
        None => {
            if volume.phase() == "Released" || volume.phase() == "Failed" {
                return;
            }
            set_volume_phase(cluster, name, "Released", None);
            reclaim(cluster, &volume);
        }
    }
}

fn volume_event(cluster: &mut Cluster, name: &str, type_: &str, reason: &str, message: &str) {
    event_on(cluster, "PersistentVolume", "", name, type_, reason, message, CONTROLLER);
}

/// `reclaimVolume` (PV-17..20).
fn reclaim(cluster: &mut Cluster, volume: &PersistentVolume) {
    let name = volume.metadata.name.clone();
    match volume.reclaim_policy() {
        "Retain" => {}
        "Recycle" => start_recycle(cluster, volume),
        "Delete" => {
            if volume.metadata.annotations.contains_key(PROVISIONED_BY) {
                let delay = cluster.rng.between(PROVISIONER_DELETE_MS.0, PROVISIONER_DELETE_MS.1);
                cluster.schedule(delay, Task::DeleteProvisionedVolume { name });
                return;
            }
            let path = volume.spec.host_path.as_ref().and_then(|h| h.get("path")).and_then(Value::as_str);
            match path {
                Some(path) if path.len() > 5 && path.starts_with("/tmp/") => {
                    let _ = cluster.delete(&ObjectKey::new("PersistentVolume", "", &name), None, Propagation::Background);
                }
                Some(path) => {
                    let message = format!("host_path deleter only supports /tmp/.+ but received provided {path}");
                    set_volume_phase(cluster, &name, "Failed", Some(&message));
                    volume_event(cluster, &name, "Warning", "VolumeFailedDelete", &message);
                }
                None => {
                    let message = format!("error getting deleter volume plugin for volume \"{name}\": no deletable volume plugin matched");
                    set_volume_phase(cluster, &name, "Failed", Some(&message));
                    volume_event(cluster, &name, "Warning", "VolumeFailedDelete", &message);
                }
            }
        }
        _ => {
            let message = "Volume has unrecognized PersistentVolumeReclaimPolicy";
            volume_event(cluster, &name, "Warning", "VolumeUnknownReclaimPolicy", message);
        }
    }
}

pub const RECYCLER_POD_PREFIX: &str = "recycler-for-";

/// PV-19: `recycleVolumeOperation` runs `recycler-for-<pv>` (the scrub pod).
fn start_recycle(cluster: &mut Cluster, volume: &PersistentVolume) {
    let name = volume.metadata.name.clone();
    if volume.spec.host_path.is_none() && volume.spec.nfs.is_none() {
        let message = "No recycler plugin found for the volume!";
        set_volume_phase(cluster, &name, "Failed", Some(message));
        volume_event(cluster, &name, "Warning", "VolumeFailedRecycle", message);
        return;
    }
    let users: Vec<String> = cluster
        .store
        .list("Pod")
        .filter_map(|p| p.as_pod())
        .filter(|p| !p.is_terminal())
        .filter(|p| {
            p.spec.volumes.iter().any(|v| {
                v.persistent_volume_claim.as_ref().is_some_and(|c| {
                    volume.spec.claim_ref.as_ref().is_some_and(|r| r.namespace == p.metadata.namespace && r.name == c.claim_name)
                })
            })
        })
        .map(|p| format!("{}/{}", p.metadata.namespace, p.metadata.name))
        .collect();
    if !users.is_empty() {
        let message = format!("Volume is used by pods: {}", users.join(","));
        volume_event(cluster, &name, "Warning", "VolumeFailedRecycle", &message);
        return;
    }
    let gi = (volume.capacity_milli() / 1000 / (1 << 30)) as i64;
    let timeout = (RECYCLER_TIMEOUT_PER_GI_S * gi).max(RECYCLER_TIMEOUT_MIN_S);
    let source = match &volume.spec.host_path {
        Some(host_path) => Volume {
            name: "vol".into(),
            host_path: Some(json!({"path": host_path.get("path").cloned().unwrap_or_default()})),
            ..Default::default()
        },
        None => Volume { name: "vol".into(), nfs: volume.spec.nfs.clone(), ..Default::default() },
    };
    let pod = Pod {
        metadata: ObjectMeta { name: format!("{RECYCLER_POD_PREFIX}{name}"), namespace: "default".into(), ..Default::default() },
        spec: PodSpec {
            active_deadline_seconds: Some(timeout),
            restart_policy: Some("Never".into()),
            volumes: vec![source],
            containers: vec![Container {
                name: "pv-recycler".into(),
                image: RECYCLER_IMAGE.into(),
                command: Some(vec!["/bin/sh".into()]),
                args: Some(vec![
                    "-c".into(),
                    "test -e /scrub && find /scrub -mindepth 1 -delete && test -z \"$(ls -A /scrub)\" || exit 1".into(),
                ]),
                volume_mounts: vec![VolumeMount { name: "vol".into(), mount_path: "/scrub".into(), ..Default::default() }],
                ..Default::default()
            }],
            ..Default::default()
        },
        status: None,
    };
    match cluster.create_admitted(Object::Pod(pod)) {
        Ok(created) => {
            cluster.volumes.recycling.insert(name, created.name().to_string());
        }
        Err(error) => {
            let message = format!("Recycle failed: {error}");
            set_volume_phase(cluster, &name, "Failed", Some(&message));
            volume_event(cluster, &name, "Warning", "VolumeFailedRecycle", &message);
        }
    }
}

/// The recycler pod finished its scrub: relay its events, remove it, and make the volume
/// Available again (PV-19 steps 3–4).
pub fn finish_recycle(cluster: &mut Cluster, name: &str) {
    let Some(pod_name) = cluster.volumes.recycling.remove(name) else { return };
    let pod_key = ObjectKey::new("Pod", "default", &pod_name);
    let Some(pod) = cluster.store.get(&pod_key).cloned() else { return };
    let relayed: Vec<(String, String)> = cluster
        .store
        .list_in("Event", "default")
        .filter_map(|e| e.as_event())
        .filter(|e| e.involved_object.uid == pod.meta().uid)
        .map(|e| (e.type_.clone(), e.message.clone()))
        .collect();
    for (type_, message) in relayed {
        volume_event(cluster, name, &type_, "RecyclerPod", &format!("Recycler pod: {message}"));
    }
    let _ = cluster.delete(&pod_key, Some(0), Propagation::Background);
    volume_event(cluster, name, "Normal", "VolumeRecycled", "Volume recycled");
    // `unbindVolume`: the claimRef goes, and with it the volume is Available.
    let _ = cluster.modify(&ObjectKey::new("PersistentVolume", "", name), |o| {
        if let Object::PersistentVolume(v) = o {
            v.spec.claim_ref = None;
            v.metadata.annotations.remove(BOUND_BY_CONTROLLER);
        }
    });
    set_volume_phase(cluster, name, "Available", None);
}

/// The external provisioner deletes a released dynamic volume (PV-18).
pub fn delete_provisioned_volume(cluster: &mut Cluster, name: &str) {
    let Some(volume) = cluster.get("PersistentVolume", "", name).and_then(|v| v.as_volume().cloned()) else { return };
    if volume.phase() != "Released" {
        return;
    }
    let _ = cluster.delete(&ObjectKey::new("PersistentVolume", "", name), None, Propagation::Background);
}

/// The simulated external provisioner creates a volume for the claim, pre-bound to it, on the
/// node the scheduler selected (WaitForFirstConsumer) — `pvc-<claim uid>`.
pub fn provision_claim(cluster: &mut Cluster, namespace: &str, name: &str) {
    cluster.volumes.provisioning.remove(&(namespace.to_string(), name.to_string()));
    let Some(claim) = cluster.get("PersistentVolumeClaim", namespace, name).and_then(|c| c.as_claim().cloned()) else { return };
    if claim.is_bound() || claim.metadata.is_deleting() {
        return;
    }
    let Some(class) = class_of(cluster, &claim) else { return };
    let volume_name = format!("pvc-{}", claim.metadata.uid);
    if cluster.get("PersistentVolume", "", &volume_name).is_some() {
        return;
    }
    let node = claim.metadata.annotations.get(SELECTED_NODE).cloned();
    let request = claim.spec.resources.requests.get("storage").cloned().unwrap_or_else(|| "0".into());
    let node_affinity = node.map(|node| VolumeNodeAffinity {
        required: Some(NodeSelector {
            node_selector_terms: vec![NodeSelectorTerm {
                match_expressions: vec![NodeSelectorRequirement {
                    key: "kubernetes.io/hostname".into(),
                    operator: "In".into(),
                    values: vec![node],
                }],
                match_fields: Vec::new(),
            }],
        }),
    });
    let spec = PersistentVolumeSpec {
        capacity: BTreeMap::from([("storage".to_string(), request)]),
        access_modes: claim.spec.access_modes.clone(),
        claim_ref: Some(ObjectReference {
            kind: "PersistentVolumeClaim".into(),
            namespace: namespace.into(),
            name: name.into(),
            uid: claim.metadata.uid.clone(),
            api_version: "v1".into(),
            resource_version: claim.metadata.resource_version.clone(),
            field_path: String::new(),
        }),
        persistent_volume_reclaim_policy: Some(class.reclaim_policy.clone().unwrap_or_else(|| "Delete".into())),
        storage_class_name: Some(class.metadata.name.clone()),
        volume_mode: Some(claim.volume_mode().to_string()),
        host_path: Some(
            json!({"path": format!("/var/local-path-provisioner/{volume_name}_{namespace}_{name}"), "type": "DirectoryOrCreate"}),
        ),
        node_affinity,
        ..Default::default()
    };
    let mut metadata = ObjectMeta { name: volume_name.clone(), ..Default::default() };
    metadata.annotations.insert(PROVISIONED_BY.into(), class.provisioner.clone());
    let volume = Object::PersistentVolume(PersistentVolume { metadata, spec, status: None });
    let identity = format!("{}{PROVISIONER_IDENTITY_SUFFIX}", class.provisioner);
    match cluster.create_admitted(volume) {
        Ok(_) => {
            let message = format!("Successfully provisioned volume {volume_name}");
            event_on(cluster, "PersistentVolumeClaim", namespace, name, "Normal", "ProvisioningSucceeded", &message, &identity);
        }
        Err(error) => {
            let message = format!("failed to provision volume with StorageClass \"{}\": {error}", class.metadata.name);
            event_on(cluster, "PersistentVolumeClaim", namespace, name, "Warning", "ProvisioningFailed", &message, &identity);
        }
    }
}

/// The periodic resync (PV-10): every claim that is not bound, and every volume.
pub fn resync(cluster: &mut Cluster) {
    let claims: Vec<(String, String)> = cluster
        .store
        .list("PersistentVolumeClaim")
        .filter_map(|c| c.as_claim().cloned())
        .filter(|c| !c.is_bound() || c.metadata.is_deleting())
        .map(|c| (c.metadata.namespace, c.metadata.name))
        .collect();
    for (namespace, name) in claims {
        sync_claim(cluster, &namespace, &name);
    }
    let volumes: Vec<String> = cluster.store.list("PersistentVolume").map(|v| v.name().to_string()).collect();
    for name in volumes {
        sync_volume(cluster, &name);
    }
    cluster.schedule(RESYNC_PERIOD_MS, Task::VolumeResync);
}

/// Admission for claims and volumes: DefaultStorageClass (PV-01; the newest default wins) and
/// the StorageObjectInUseProtection finalizers (PV-16).
pub fn admit(cluster: &Cluster, object: &mut Object) {
    match object {
        Object::PersistentVolumeClaim(claim) => {
            if claim.class_unset() {
                let newest =
                    cluster.store.list("StorageClass").filter_map(|c| c.as_storage_class()).filter(|c| c.is_default()).max_by(|a, b| {
                        a.metadata.creation_timestamp.cmp(&b.metadata.creation_timestamp).then(b.metadata.name.cmp(&a.metadata.name))
                    });
                if let Some(class) = newest {
                    claim.spec.storage_class_name = Some(class.metadata.name.clone());
                }
            }
            if !claim.metadata.finalizers.iter().any(|f| f == PVC_PROTECTION_FINALIZER) {
                claim.metadata.finalizers.push(PVC_PROTECTION_FINALIZER.into());
            }
        }
        Object::PersistentVolume(volume) if !volume.metadata.finalizers.iter().any(|f| f == PV_PROTECTION_FINALIZER) => {
            volume.metadata.finalizers.push(PV_PROTECTION_FINALIZER.into());
        }
        _ => {}
    }
}

/// Quantities in the claim's request, for messages.
pub fn request_text(claim: &PersistentVolumeClaim) -> String {
    claim.spec.resources.requests.get("storage").cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::quantity::parse_milli;

    fn pv(name: &str, size: &str, modes: &[&str], class: Option<&str>) -> PersistentVolume {
        let mut v = PersistentVolume::default();
        v.metadata.name = name.into();
        v.spec.capacity.insert("storage".into(), size.into());
        v.spec.access_modes = modes.iter().map(|m| m.to_string()).collect();
        v.spec.storage_class_name = class.map(str::to_string);
        v.status.get_or_insert_default().phase = "Available".into();
        v
    }

    fn claim(size: &str, modes: &[&str]) -> PersistentVolumeClaim {
        let mut c = PersistentVolumeClaim::default();
        c.metadata.name = "c".into();
        c.metadata.namespace = "default".into();
        c.metadata.uid = "u".into();
        c.spec.access_modes = modes.iter().map(|m| m.to_string()).collect();
        c.spec.resources.requests.insert("storage".into(), size.into());
        c
    }

    #[test]
    fn pv05_the_exact_mode_group_wins_over_a_smaller_superset() {
        let volumes = vec![pv("a", "10Gi", &["ReadWriteOnce"], None), pv("b", "5Gi", &["ReadWriteOnce", "ReadWriteMany"], None)];
        assert_eq!(find_matching_volume(&volumes, &claim("1Gi", &["ReadWriteOnce"]), false).as_deref(), Some("a"));
    }

    #[test]
    fn pv06_smallest_fit_class_and_tie_break() {
        let volumes = vec![
            pv("p20", "20Gi", &["ReadWriteOnce"], None),
            pv("p5", "5Gi", &["ReadWriteOnce"], None),
            pv("p10", "10Gi", &["ReadWriteOnce"], None),
        ];
        assert_eq!(find_matching_volume(&volumes, &claim("3Gi", &["ReadWriteOnce"]), false).as_deref(), Some("p5"));
        let equal = vec![pv("pv002", "1Gi", &["ReadWriteOnce"], None), pv("pv001", "1Gi", &["ReadWriteOnce"], None)];
        assert_eq!(find_matching_volume(&equal, &claim("1Gi", &["ReadWriteOnce"]), false).as_deref(), Some("pv001"));
        let classed = vec![pv("m", "1Gi", &["ReadWriteOnce"], Some("manual"))];
        assert_eq!(find_matching_volume(&classed, &claim("1Gi", &["ReadWriteOnce"]), false), None, "PV-04");
        assert_eq!(find_matching_volume(&equal, &claim("2Gi", &["ReadWriteOnce"]), false), None);
    }

    #[test]
    fn pv06_released_volumes_and_delayed_binding_are_skipped() {
        let mut released = pv("r", "1Gi", &["ReadWriteOnce"], None);
        released.status.get_or_insert_default().phase = "Released".into();
        assert_eq!(find_matching_volume(&[released], &claim("1Gi", &["ReadWriteOnce"]), false), None, "PV-15");
        let mut prebound = pv("pre", "1Gi", &["ReadWriteOnce"], None);
        prebound.spec.claim_ref = Some(ObjectReference { name: "c".into(), namespace: "default".into(), ..Default::default() });
        let volumes = vec![pv("a", "1Gi", &["ReadWriteOnce"], None), prebound];
        assert_eq!(find_matching_volume(&volumes, &claim("1Gi", &["ReadWriteOnce"]), true).as_deref(), Some("pre"));
        assert_eq!(find_matching_volume(&volumes[..1], &claim("1Gi", &["ReadWriteOnce"]), true), None);
    }

    #[test]
    fn request_parses() {
        assert_eq!(parse_milli("1Gi"), Some(1_073_741_824_000));
    }
}
