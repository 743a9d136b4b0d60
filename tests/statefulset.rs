//! Behavioural assertions per STS-/PV- rule, on the cluster a script leaves behind (the golden
//! transcripts in tests/scenarios/sts_*.kube show the whole story).

use kubarium::kubectl::Session;
use kubarium::sim::cluster::{Config, Profile};
use kubarium::sim::dns;
use kubarium::sim::objects::storage::{PersistentVolume, PersistentVolumeClaim, StatefulSet};
use kubarium::sim::objects::{Object, Pod};
use kubarium::sim::store::WatchEventType;
use std::path::Path;

fn session(seed: u64, profile: Profile) -> Session {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
    Session::new(Config { seed, profile, ..Config::default() })
        .with_loader(Box::new(move |name: &str| std::fs::read_to_string(base.join(name)).map_err(|e| e.to_string())))
}

fn tutorial(seed: u64) -> Session {
    let mut s = session(seed, Profile::Kubeadm);
    s.run_script("kubectl create -f manifests/tutorial-pvs.yaml\nkubectl create -f manifests/statefulset-demo.yaml\nsettle\n");
    s
}

fn pod(s: &Session, name: &str) -> Option<Pod> {
    s.cluster.get("Pod", "default", name).and_then(|p| p.as_pod().cloned())
}

fn pods(s: &Session) -> Vec<String> {
    s.cluster.store.list_in("Pod", "default").map(|p| p.name().to_string()).collect()
}

fn claim(s: &Session, name: &str) -> Option<PersistentVolumeClaim> {
    s.cluster.get("PersistentVolumeClaim", "default", name).and_then(|c| c.as_claim().cloned())
}

fn volume(s: &Session, name: &str) -> Option<PersistentVolume> {
    s.cluster.get("PersistentVolume", "", name).and_then(|v| v.as_volume().cloned())
}

fn set(s: &Session, name: &str) -> StatefulSet {
    s.cluster.get("StatefulSet", "default", name).expect("statefulset").as_statefulset().cloned().expect("a StatefulSet")
}

/// When each pod was first ADDED and first became Running+Ready, from the watch history.
fn added_at(s: &Session, name: &str) -> Vec<i64> {
    s.cluster
        .history
        .iter()
        .filter(|e| e.type_ == WatchEventType::Added && e.object.kind() == "Pod" && e.object.name() == name)
        .map(|e| e.at)
        .collect()
}

fn ready_at(s: &Session, name: &str) -> Option<i64> {
    s.cluster
        .history
        .iter()
        .find(|e| e.object.as_pod().is_some_and(|p| p.metadata.name == name && p.phase() == "Running" && p.is_ready()))
        .map(|e| e.at)
}

fn deleted_at(s: &Session, name: &str) -> Vec<i64> {
    s.cluster
        .history
        .iter()
        .filter(|e| e.type_ == WatchEventType::Deleted && e.object.kind() == "Pod" && e.object.name() == name)
        .map(|e| e.at)
        .collect()
}

#[test]
fn sts05_tutorial_web1_is_created_only_after_web0_is_running_and_ready() {
    for seed in [1, 2, 3, 4] {
        let s = tutorial(seed);
        let (web0_ready, web1_added) = (ready_at(&s, "web-0").expect("web-0 ready"), added_at(&s, "web-1")[0]);
        assert!(web1_added >= web0_ready, "seed {seed}: web-1 at {web1_added} before web-0 ready at {web0_ready}");
        assert_eq!(set(&s, "web").status.unwrap().ready_replicas, 2);
    }
}

#[test]
fn pv06_pv09_tutorial_claims_bind_the_two_recycle_volumes_by_name() {
    let s = tutorial(1);
    for (claim_name, volume_name) in [("www-web-0", "pv001"), ("www-web-1", "pv002")] {
        let c = claim(&s, claim_name).expect("claim");
        assert_eq!((c.phase(), c.volume_name()), ("Bound", volume_name));
        assert_eq!(c.metadata.annotations.get("pv.kubernetes.io/bind-completed").map(String::as_str), Some("yes"));
        assert_eq!(
            c.status.as_ref().and_then(|s| s.capacity.get("storage")).map(String::as_str),
            Some("1Gi"),
            "PV-07: capacity from the volume"
        );
        // STS-22: template labels + selector labels; STS-25 default Retain: no owners.
        assert_eq!(c.metadata.labels.get("role").map(String::as_str), Some("stateful"));
        assert!(c.metadata.owner_references.is_empty());
        let v = volume(&s, volume_name).unwrap();
        assert_eq!(v.phase(), "Bound");
        let reference = v.spec.claim_ref.unwrap();
        assert_eq!((reference.name.as_str(), reference.uid.as_str()), (claim_name, c.metadata.uid.as_str()));
    }
}

#[test]
fn sts02_sts03_identity_labels_hostname_and_full_revision_name() {
    let s = tutorial(1);
    let web = set(&s, "web");
    let revision = web.status.clone().unwrap().update_revision;
    assert!(revision.starts_with("web-"), "{revision}");
    for ordinal in 0..2 {
        let p = pod(&s, &format!("web-{ordinal}")).unwrap();
        let labels = &p.metadata.labels;
        assert_eq!(labels.get("statefulset.kubernetes.io/pod-name"), Some(&p.metadata.name));
        assert_eq!(labels.get("apps.kubernetes.io/pod-index"), Some(&ordinal.to_string()));
        assert_eq!(labels.get("controller-revision-hash"), Some(&revision), "the full revision name");
        assert_eq!(p.spec.hostname.as_deref(), Some(p.metadata.name.as_str()));
        assert_eq!(p.spec.subdomain.as_deref(), Some("nginx"));
        let volume = p.spec.volumes.iter().find(|v| v.name == "www").unwrap();
        assert_eq!(volume.persistent_volume_claim.as_ref().unwrap().claim_name, format!("www-web-{ordinal}"));
    }
    let revision_object = s.cluster.get("ControllerRevision", "default", &revision).unwrap();
    let hash = revision.trim_start_matches("web-");
    assert_eq!(revision_object.meta().labels.get("controller.kubernetes.io/hash").map(String::as_str), Some(hash));
}

#[test]
fn ev04_statefulset_events_in_order_with_exact_strings() {
    let s = tutorial(1);
    let messages: Vec<String> = s
        .cluster
        .store
        .list("Event")
        .filter_map(|e| e.as_event())
        .filter(|e| e.involved_object.kind == "StatefulSet")
        .map(|e| (e.first_timestamp.unwrap().0, e.metadata.name.clone(), e.message.clone()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|(_, _, m)| m)
        .collect();
    assert_eq!(
        messages,
        [
            "create Claim www-web-0 Pod web-0 in StatefulSet web success",
            "create Pod web-0 in StatefulSet web successful",
            "create Claim www-web-1 Pod web-1 in StatefulSet web success",
            "create Pod web-1 in StatefulSet web successful",
        ]
    );
}

#[test]
fn pod10_each_tutorial_pod_shows_pending_pending_containercreating_running() {
    let mut s = session(1, Profile::Kubeadm);
    let transcript = s.run_script(
        "kubectl get pods -w -l role=stateful\nkubectl create -f manifests/tutorial-pvs.yaml\nkubectl create -f manifests/statefulset-demo.yaml\nsettle\n",
    );
    for name in ["web-0", "web-1"] {
        let statuses: Vec<&str> =
            transcript.lines().filter(|l| l.starts_with(&format!("{name} "))).map(|l| l.split_whitespace().nth(2).unwrap()).collect();
        assert_eq!(statuses, ["Pending", "Pending", "ContainerCreating", "Running"], "{name}");
    }
}

#[test]
fn sts08_deleting_web0_recreates_it_with_the_same_claim_and_leaves_web1_alone() {
    let mut s = tutorial(2);
    let web1_uid = pod(&s, "web-1").unwrap().metadata.uid;
    let old_web0 = pod(&s, "web-0").unwrap().metadata.uid;
    let claim_uid = claim(&s, "www-web-0").unwrap().metadata.uid;
    s.run_script("kubectl delete pod web-0\nsettle\n");
    let web0 = pod(&s, "web-0").unwrap();
    assert_ne!(web0.metadata.uid, old_web0);
    assert!(web0.is_ready());
    assert_eq!(web0.spec.hostname.as_deref(), Some("web-0"));
    assert_eq!(claim(&s, "www-web-0").unwrap().metadata.uid, claim_uid, "STS-23: the claim is reused");
    assert_eq!(claim(&s, "www-web-0").unwrap().volume_name(), "pv001");
    assert_eq!(pod(&s, "web-1").unwrap().metadata.uid, web1_uid, "web-1 untouched");
    // The new web-0 appeared only once the old one was gone (STS-32 at-most-one).
    let gone = deleted_at(&s, "web-0")[0];
    assert!(added_at(&s, "web-0")[1] >= gone);
}

#[test]
fn sts05_sts10_scaling_2_to_5_to_1_goes_in_order_on_kind() {
    let mut s = session(5, Profile::Kind);
    s.run_script("kubectl create -f manifests/statefulset-demo.yaml\nsettle\nkubectl scale sts web --replicas=5\nsettle\n");
    for ordinal in 2..5 {
        let previous_ready = ready_at(&s, &format!("web-{}", ordinal - 1)).unwrap();
        assert!(added_at(&s, &format!("web-{ordinal}"))[0] >= previous_ready, "web-{ordinal}");
    }
    assert_eq!(set(&s, "web").status.unwrap().ready_replicas, 5);
    s.run_script("kubectl scale sts web --replicas=1\nsettle\n");
    assert_eq!(pods(&s), ["web-0"]);
    // Highest first; each deleted only after the previous is gone (STS-10).
    let gone: Vec<i64> = (1..5).rev().map(|o| deleted_at(&s, &format!("web-{o}"))[0]).collect();
    assert!(gone.windows(2).all(|w| w[0] < w[1]), "{gone:?}");
    let terminating_web3 =
        s.cluster.history.iter().find(|e| e.object.name() == "web-3" && e.object.meta().is_deleting()).map(|e| e.at).unwrap();
    assert!(terminating_web3 >= gone[0], "web-3 starts terminating only after web-4 is gone");
    // STS-25 Retain: all five claims stay, bound to provisioned volumes (PV-01, PV-12).
    for ordinal in 0..5 {
        let c = claim(&s, &format!("www-web-{ordinal}")).unwrap();
        assert_eq!((c.phase(), c.class()), ("Bound", "standard"));
        assert!(c.volume_name().starts_with("pvc-"));
    }
}

#[test]
fn sts06_sts24_pv10_with_two_pvs_scaling_to_3_leaves_web2_pending_and_blocking() {
    let mut s = tutorial(3);
    s.run_script("kubectl scale sts web --replicas=3\nsleep 40s\n");
    let c = claim(&s, "www-web-2").unwrap();
    assert_eq!(c.phase(), "Pending");
    let web2 = pod(&s, "web-2").unwrap();
    assert_eq!(web2.phase(), "Pending");
    assert!(web2.spec.node_name.is_empty());
    let condition = web2.condition("PodScheduled").unwrap();
    assert_eq!(
        condition.message.as_deref(),
        Some("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.")
    );
    let web = set(&s, "web");
    assert_eq!((web.status.as_ref().unwrap().ready_replicas, web.replicas()), (2, 3));
    // PV-10: FailedBinding repeated on every resync.
    let failed = s
        .cluster
        .store
        .list("Event")
        .filter_map(|e| e.as_event())
        .find(|e| e.involved_object.name == "www-web-2" && e.reason == "FailedBinding")
        .unwrap();
    assert_eq!(failed.message, "no persistent volumes available for this claim and no storage class is set");
    assert!(failed.count >= 2, "{}", failed.count);
    // A third volume binds at the next resync (≤ 15 s) and web-2 starts.
    s.run_script("kubectl create -f manifests/pv003.yaml\nsleep 16s\n");
    assert_eq!(claim(&s, "www-web-2").unwrap().volume_name(), "pv003");
    s.run_script("settle\n");
    assert!(pod(&s, "web-2").unwrap().is_ready());
}

#[test]
fn sts12_scale_down_waits_for_every_remaining_replica() {
    // STS-11: with web-0 deleted during a scale-down, web-2 is not deleted until web-0 is back.
    let mut s = session(21, Profile::Kind);
    s.run_script("kubectl create -f manifests/statefulset-demo.yaml\nkubectl scale sts web --replicas=3\nsettle\n");
    s.run_script("kubectl delete pod web-0 --wait=false\nkubectl scale sts web --replicas=2\nsettle\n");
    let web0_ready_again = s
        .cluster
        .history
        .iter()
        .filter(|e| e.object.as_pod().is_some_and(|p| p.metadata.name == "web-0" && p.is_ready()))
        .map(|e| e.at)
        .last()
        .unwrap();
    let web2_terminating =
        s.cluster.history.iter().find(|e| e.object.name() == "web-2" && e.object.meta().is_deleting()).map(|e| e.at).unwrap();
    assert!(web2_terminating >= web0_ready_again, "web-2 at {web2_terminating}, web-0 ready at {web0_ready_again}");
}

#[test]
fn sts06_a_running_but_unready_web0_keeps_web1_from_ever_being_created() {
    let mut s = session(11, Profile::Kubeadm);
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/sts_not_ready.kube")).unwrap();
    let first = script.split("kubectl get pods -w\n").next().unwrap();
    s.run_script(&format!("{first}sleep 10m\n"));
    assert_eq!(pods(&s), ["web-0"]);
    let web0 = pod(&s, "web-0").unwrap();
    assert_eq!((web0.phase(), web0.is_ready()), ("Running", false));
    assert_eq!(set(&s, "web").status.unwrap().ready_replicas, 0);
}

#[test]
fn sts14_sts16_partition_updates_only_ordinals_at_or_above_it() {
    let mut s = session(7, Profile::Kind);
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/sts_rolling_update.kube")).unwrap();
    let until = script.find("kubectl get pods -L controller-revision-hash\nkubectl delete pod web-1").unwrap();
    s.run_script(&script[..until]);
    let image = |s: &Session, name: &str| pod(s, name).unwrap().spec.containers[0].image.clone();
    assert_eq!(
        (image(&s, "web-0"), image(&s, "web-1"), image(&s, "web-2")),
        ("cnych/nginx-slim:0.8".into(), "cnych/nginx-slim:0.8".into(), "nginx:1.27".into())
    );
    let status = set(&s, "web").status.unwrap();
    assert_ne!(status.current_revision, status.update_revision, "STS-21: a partitioned rollout never completes");
    assert_eq!((status.current_replicas, status.updated_replicas), (2, 1));
    // Below the partition a deleted pod comes back with the current (old) template.
    s.run_script("kubectl delete pod web-1\nsettle\n");
    assert_eq!(image(&s, "web-1"), "cnych/nginx-slim:0.8");
    assert_eq!(pod(&s, "web-1").unwrap().metadata.labels.get("controller-revision-hash"), Some(&status.current_revision));
}

#[test]
fn sts15_rolling_update_goes_in_reverse_ordinal_order() {
    let mut s = session(7, Profile::Kind);
    s.run_script("kubectl create -f manifests/statefulset-demo.yaml\nkubectl scale sts web --replicas=3\nsettle\nkubectl set image sts/web nginx=nginx:1.27\nsettle\n");
    let first_delete: Vec<i64> = ["web-2", "web-1", "web-0"].iter().map(|n| deleted_at(&s, n)[0]).collect();
    assert!(first_delete.windows(2).all(|w| w[0] < w[1]), "{first_delete:?}");
    let status = set(&s, "web").status.unwrap();
    assert_eq!(status.current_revision, status.update_revision, "STS-21: completed");
    assert_eq!(status.current_replicas, 3);
    // Undo brings back the first template, through revision renumbering (STS-03).
    s.run_script("kubectl rollout undo sts/web\nsettle\n");
    assert!(pods(&s).iter().all(|n| pod(&s, n).unwrap().spec.containers[0].image == "cnych/nginx-slim:0.8"));
}

#[test]
fn sts07_sts01_parallel_creates_every_ordinal_from_start_in_one_sync() {
    let mut s = session(13, Profile::Kind);
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/sts_policies.kube")).unwrap();
    let until = script.find("settle\n").unwrap();
    s.run_script(&script[..until]);
    s.run_script("sleep 100ms\n");
    assert_eq!(pods(&s), ["db-5", "db-6", "db-7"]);
    let times: Vec<i64> = ["db-5", "db-6", "db-7"].iter().map(|n| added_at(&s, n)[0]).collect();
    assert!(times.iter().all(|t| *t == times[0]), "{times:?}");
}

#[test]
fn sts25_retention_delete_removes_condemned_claims_and_then_the_rest() {
    let mut s = session(13, Profile::Kind);
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/sts_policies.kube")).unwrap();
    let until = script.find("kubectl get sts db\n").unwrap();
    s.run_script(&script[..until]);
    let owners = claim(&s, "data-db-6").unwrap().metadata.owner_references;
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0].kind, "StatefulSet");
    s.run_script("kubectl scale sts db --replicas=1\nsettle\n");
    assert!(claim(&s, "data-db-6").is_none() && claim(&s, "data-db-7").is_none());
    assert!(claim(&s, "data-db-5").is_some());
    assert_eq!(s.cluster.store.list("PersistentVolume").count(), 1, "PV-18: released dynamic volumes are deleted");
    s.run_script("kubectl delete sts db\nsettle\n");
    assert!(claim(&s, "data-db-5").is_none());
}

#[test]
fn sts19_on_delete_replaces_only_deleted_pods_and_current_revision_stays() {
    let mut s = session(13, Profile::Kind);
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/sts_policies.kube")).unwrap();
    let from = script.find("kubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: cache").unwrap();
    s.run_script(&script[from..]);
    let images: Vec<String> = ["cache-0", "cache-1"].iter().map(|n| pod(&s, n).unwrap().spec.containers[0].image.clone()).collect();
    assert_eq!(images, ["memcached:1.6", "memcached:1.6.29"]);
    let status = set(&s, "cache").status.unwrap();
    assert_ne!(status.current_revision, status.update_revision);
}

#[test]
fn pv19_recycle_runs_a_recycler_pod_and_the_volume_is_available_again() {
    let mut s = tutorial(3);
    s.run_script("kubectl scale sts web --replicas=1\nsettle\nkubectl delete pvc www-web-1\n");
    s.run_script("settle\n");
    let v = volume(&s, "pv002").unwrap();
    assert_eq!(v.phase(), "Available");
    assert!(v.spec.claim_ref.is_none());
    assert!(s.cluster.history.iter().any(|e| e.object.name() == "recycler-for-pv002" && e.object.kind() == "Pod"));
    assert!(pod(&s, "recycler-for-pv002").is_none());
    let reasons: Vec<String> = s
        .cluster
        .store
        .list("Event")
        .filter_map(|e| e.as_event())
        .filter(|e| e.involved_object.name == "pv002")
        .map(|e| e.reason.clone())
        .collect();
    assert!(reasons.contains(&"VolumeRecycled".to_string()), "{reasons:?}");
    // The recycled volume binds a new claim: scaling back up gets www-web-1 again, on pv002.
    s.run_script("kubectl scale sts web --replicas=2\nsettle\n");
    assert_eq!(claim(&s, "www-web-1").unwrap().volume_name(), "pv002");
}

#[test]
fn pv15_pv17_retain_releases_and_a_new_claim_stays_pending() {
    let mut s = session(4, Profile::Kubeadm);
    let pv = "kubectl create -f - <<EOF\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: keep\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  hostPath:\n    path: /data/keep\nEOF\n";
    let pvc = "kubectl create -f - <<EOF\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c1\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\nEOF\n";
    s.run_script(&format!("{pv}{pvc}settle\n"));
    assert_eq!(volume(&s, "keep").unwrap().phase(), "Bound");
    assert_eq!(volume(&s, "keep").unwrap().reclaim_policy(), "Retain", "PV-17: manual PVs default to Retain");
    s.run_script(&format!("kubectl delete pvc c1\nsettle\n{pvc}sleep 20s\n"));
    assert_eq!(volume(&s, "keep").unwrap().phase(), "Released");
    assert_eq!(claim(&s, "c1").unwrap().phase(), "Pending");
}

#[test]
fn pv18_delete_of_a_hostpath_outside_tmp_fails() {
    let mut s = session(4, Profile::Kubeadm);
    let script = "kubectl create -f - <<EOF\napiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv1\nspec:\n  capacity:\n    storage: 1Gi\n  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Delete\n  hostPath:\n    path: /data/pv1\n---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c1\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\nEOF\nsettle\nkubectl delete pvc c1\nsettle\n";
    s.run_script(script);
    let v = volume(&s, "pv1").unwrap();
    assert_eq!(v.phase(), "Failed");
    let event = s.cluster.store.list("Event").filter_map(|e| e.as_event()).find(|e| e.reason == "VolumeFailedDelete").unwrap();
    assert_eq!(event.message, "host_path deleter only supports /tmp/.+ but received provided /data/pv1");
}

#[test]
fn pv16_a_claim_in_use_stays_terminating_until_its_pod_is_gone() {
    let mut s = tutorial(5);
    s.run_script("kubectl delete pvc www-web-1 --wait=false\n");
    let c = s.cluster.get("PersistentVolumeClaim", "default", "www-web-1").unwrap();
    assert!(c.meta().is_deleting());
    s.run_script("kubectl scale sts web --replicas=1\nsettle\n");
    assert!(claim(&s, "www-web-1").is_none());
}

#[test]
fn pv01_pv02_default_class_admission_and_the_empty_class() {
    let mut s = session(6, Profile::Kind);
    let claim_yaml = |name: &str, class: &str| {
        format!("kubectl create -f - <<EOF\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: {name}\nspec:\n{class}  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\nEOF\n")
    };
    s.run_script(&format!("{}{}sleep 20s\n", claim_yaml("defaulted", ""), claim_yaml("none", "  storageClassName: \"\"\n")));
    assert_eq!(claim(&s, "defaulted").unwrap().spec.storage_class_name.as_deref(), Some("standard"));
    assert_eq!(claim(&s, "none").unwrap().spec.storage_class_name.as_deref(), Some(""));
    // PV-12: WaitForFirstConsumer leaves the defaulted claim unbound with no consumer.
    assert_eq!(claim(&s, "defaulted").unwrap().phase(), "Pending");
    let reasons: Vec<(String, String)> =
        s.cluster.store.list("Event").filter_map(|e| e.as_event()).map(|e| (e.involved_object.name.clone(), e.reason.clone())).collect();
    assert!(reasons.contains(&("defaulted".into(), "WaitForFirstConsumer".into())));
    assert!(reasons.contains(&("none".into(), "FailedBinding".into())));
}

#[test]
fn sts27_sts28_dns_names_resolve_only_through_a_headless_service_and_ready_pods() {
    let s = tutorial(1);
    let ip0 = pod(&s, "web-0").unwrap().status.unwrap().pod_ip.unwrap();
    assert_eq!(dns::resolve(&s.cluster, "web-0.nginx.default.svc.cluster.local"), Some(vec![ip0.clone()]));
    assert_eq!(dns::resolve(&s.cluster, "nginx.default.svc.cluster.local").map(|v| v.len()), Some(2));
    assert_eq!(dns::resolve(&s.cluster, "web-9.nginx.default.svc.cluster.local"), None);
    assert_eq!(dns::resolve(&s.cluster, "kubernetes.default.svc.cluster.local"), Some(vec!["10.96.0.1".to_string()]));
    assert_eq!(dns::resolve_from(&s.cluster, "default", "web-0.nginx").map(|(_, ips)| ips), Some(vec![ip0]));
    // Not Ready (the unready scenario): no record unless publishNotReadyAddresses.
    let mut unready = session(11, Profile::Kubeadm);
    let script = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/sts_not_ready.kube")).unwrap();
    unready.run_script(&format!("{}sleep 30s\n", script.split("kubectl get pods -w\n").next().unwrap()));
    assert_eq!(dns::resolve(&unready.cluster, "web-0.nginx.default.svc.cluster.local"), None);
    let Some(Object::Service(svc)) = unready.cluster.get("Service", "default", "nginx").map(|o| (**o).clone()) else { panic!() };
    let mut published = svc.clone();
    published.spec.publish_not_ready_addresses = Some(true);
    unready.cluster.update(Object::Service(published)).unwrap();
    unready.run_script("sleep 1s\n");
    assert!(dns::resolve(&unready.cluster, "web-0.nginx.default.svc.cluster.local").is_some());
    // STS-28: a ClusterIP Service gives no per-pod records.
    let mut clusterip = session(1, Profile::Kubeadm);
    let demo =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/manifests/statefulset-demo.yaml")).unwrap();
    clusterip.run_script(&format!(
        "kubectl create -f manifests/tutorial-pvs.yaml\nkubectl create -f - <<EOF\n{}EOF\nsettle\n",
        demo.replace("  clusterIP: None\n", "")
    ));
    assert!(dns::resolve(&clusterip.cluster, "nginx.default.svc.cluster.local").is_some());
    assert_eq!(dns::resolve(&clusterip.cluster, "web-0.nginx.default.svc.cluster.local"), None);
}

#[test]
fn sts26_no_service_pods_run_and_names_do_not_resolve() {
    let mut s = session(8, Profile::Kubeadm);
    let demo =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/manifests/statefulset-demo.yaml")).unwrap();
    let sts_only = demo.split("---\n").nth(1).unwrap();
    s.run_script(&format!("kubectl create -f manifests/tutorial-pvs.yaml\nkubectl create -f - <<EOF\n{sts_only}EOF\nsettle\n"));
    assert_eq!(set(&s, "web").status.unwrap().ready_replicas, 2);
    assert_eq!(dns::resolve(&s.cluster, "web-0.nginx.default.svc.cluster.local"), None);
}

#[test]
fn sts29_status_counts_terminating_pods_during_scale_down() {
    let mut s = session(5, Profile::Kind);
    s.run_script("kubectl create -f manifests/statefulset-demo.yaml\nsettle\nkubectl scale sts web --replicas=1\n");
    let saw = s.cluster.history.len();
    s.run_script("settle\n");
    // While web-1 terminates, status.replicas stays 2; afterwards 1.
    let during: Vec<i64> = s
        .cluster
        .history
        .iter()
        .skip(saw)
        .filter(|e| e.object.kind() == "StatefulSet")
        .filter_map(|e| e.object.as_statefulset().cloned())
        .map(|v| v.status.unwrap().replicas)
        .collect();
    assert!(during.contains(&2), "{during:?}");
    assert_eq!(set(&s, "web").status.unwrap().replicas, 1);
}

#[test]
fn every_statefulset_run_is_deterministic() {
    let a = tutorial(9);
    let b = tutorial(9);
    let names = |s: &Session| {
        s.cluster.store.iter().map(|o| format!("{}/{}/{}", o.kind(), o.name(), o.meta().resource_version)).collect::<Vec<_>>()
    };
    assert_eq!(names(&a), names(&b));
}

#[test]
fn pv03_a_default_class_created_later_is_assigned_to_unbound_claims() {
    let mut s = session(6, Profile::Kubeadm);
    let class = "kubectl create -f - <<EOF\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\n  annotations:\n    storageclass.kubernetes.io/is-default-class: \"true\"\nprovisioner: example.com/fast\nEOF\n";
    s.run_script(&format!("kubectl create -f manifests/statefulset-demo.yaml\nsleep 5s\n{class}settle\n"));
    let c = claim(&s, "www-web-0").unwrap();
    assert_eq!(c.spec.storage_class_name.as_deref(), Some("fast"));
    assert_eq!(c.phase(), "Bound", "PV-11: the Immediate class's provisioner creates a volume");
    assert!(set(&s, "web").status.unwrap().ready_replicas == 2);
}
