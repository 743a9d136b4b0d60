//! Unit tests of the StatefulSet controller's pure decisions (`plan`, `compute_status`). As
//! upstream's `TestStatefulSetControl` runs every case Monotonic and Burst, each case here runs
//! under OrderedReady and under Parallel and states what differs. Expected values come from
//! the cited STS- rules, not from a run of this code.

use super::*;
use crate::sim::testing::*;

const CURRENT: &str = "web-6c8d5d8d9b";
const UPDATE: &str = "web-7f9c6b5d4c";

#[derive(Clone, Copy, Debug)]
enum Policy {
    OrderedReady,
    Parallel,
}

impl Policy {
    fn apply(self, set: StatefulSet) -> StatefulSet {
        match self {
            Policy::OrderedReady => set,
            Policy::Parallel => set.parallel(),
        }
    }

    /// The expected value under this policy.
    fn pick<T>(self, ordered_ready: T, parallel: T) -> T {
        match self {
            Policy::OrderedReady => ordered_ready,
            Policy::Parallel => parallel,
        }
    }
}

/// Runs `case` once per pod management policy.
fn for_both(case: impl Fn(Policy)) {
    case(Policy::OrderedReady);
    case(Policy::Parallel);
}

fn revisions(current: &str, update: &str) -> Revisions {
    Revisions { current: current.into(), update: update.into() }
}

fn steady() -> Revisions {
    revisions(CURRENT, CURRENT)
}

/// The pod the controller would have created for `ordinal` at `revision` (STS-02), Pending.
fn replica(set: &StatefulSet, ordinal: i64, revision: &str) -> Pod {
    let mut pod = new_pod(set, &set.spec.template, revision, ordinal).pending();
    pod.metadata.uid = format!("uid-{}", pod.metadata.name);
    pod
}

fn ready(set: &StatefulSet, ordinal: i64) -> Pod {
    replica(set, ordinal, CURRENT).running_ready_since(0)
}

fn create(ordinal: i64) -> Action {
    Action::CreatePod { ordinal, use_current: false }
}

fn delete(name: &str) -> Action {
    Action::DeletePod { name: name.into() }
}

fn actions(set: &StatefulSet, pods: &[&Pod], revisions: &Revisions, now: Millis) -> Vec<Action> {
    plan(set, pods, &Claims::new(), revisions, now).actions
}

// ---- scale up (STS-05..09) -------------------------------------------------------------------

#[test]
fn sts05_sts07_scale_up_creates_web0_first_or_all_at_once() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3));
        let expected = policy.pick(vec![create(0)], vec![create(0), create(1), create(2)]);
        assert_eq!(actions(&set, &[], &steady(), 0), expected, "{policy:?}");
    });
}

#[test]
fn sts01_ordinals_start_at_spec_ordinals_start() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3).start_ordinal(5));
        let expected = policy.pick(vec![create(5)], vec![create(5), create(6), create(7)]);
        assert_eq!(actions(&set, &[], &steady(), 0), expected, "{policy:?}");
    });
}

#[test]
fn sts05_each_ordinal_waits_for_its_predecessor_under_ordered_ready() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3));
        let web0 = ready(&set, 0);
        assert_eq!(actions(&set, &[&web0], &steady(), 0), policy.pick(vec![create(1)], vec![create(1), create(2)]), "{policy:?}");
        // web-1 exists but is still Pending: OrderedReady waits, Parallel goes on.
        let web1 = replica(&set, 1, CURRENT);
        assert_eq!(actions(&set, &[&web0, &web1], &steady(), 0), policy.pick(vec![], vec![create(2)]), "{policy:?}");
    });
}

#[test]
fn sts06_a_running_but_unready_pod_blocks_only_ordered_ready() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3));
        let web0 = replica(&set, 0, CURRENT).running_not_ready();
        assert_eq!(actions(&set, &[&web0], &steady(), 0), policy.pick(vec![], vec![create(1), create(2)]), "{policy:?}");
    });
}

#[test]
fn sts05_min_ready_seconds_must_pass_before_the_next_ordinal() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3).min_ready(10));
        let web0 = ready(&set, 0);
        assert_eq!(actions(&set, &[&web0], &steady(), 5_000), policy.pick(vec![], vec![create(1), create(2)]), "{policy:?}");
        assert_eq!(actions(&set, &[&web0], &steady(), 10_000), policy.pick(vec![create(1)], vec![create(1), create(2)]), "{policy:?}");
    });
}

#[test]
fn sts08_a_terminating_pod_blocks_ordered_ready_and_is_recreated_once_gone() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 4));
        let (web0, web2) = (ready(&set, 0), ready(&set, 2));
        let web1 = ready(&set, 1).deleting();
        assert_eq!(actions(&set, &[&web0, &web1, &web2], &steady(), 0), policy.pick(vec![], vec![create(3)]), "{policy:?}");
        // Gone: the same ordinal is recreated, and web-2 is left alone.
        let set = policy.apply(sts("web", 3));
        assert_eq!(actions(&set, &[&web0, &web2], &steady(), 0), vec![create(1)], "{policy:?}");
    });
}

#[test]
fn sts09_a_failed_or_succeeded_pod_is_deleted_then_recreated() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3));
        for terminal in [replica(&set, 0, CURRENT).failed(), replica(&set, 0, CURRENT).succeeded()] {
            let expected = policy.pick(vec![delete("web-0")], vec![delete("web-0"), create(1), create(2)]);
            assert_eq!(actions(&set, &[&terminal], &steady(), 0), expected, "{policy:?}");
            // Already being deleted: not deleted again; OrderedReady waits for it to go.
            let going = terminal.clone().deleting();
            assert_eq!(actions(&set, &[&going], &steady(), 0), policy.pick(vec![], vec![create(1), create(2)]), "{policy:?}");
        }
        // Once gone, web-0 is created again (upstream's RecreatesFailedPod).
        assert_eq!(actions(&set, &[], &steady(), 0)[0], create(0), "{policy:?}");
    });
}

// ---- scale down (STS-10..13) -----------------------------------------------------------------

#[test]
fn sts10_sts13_scale_down_from_the_highest_ordinal_one_at_a_time_or_all_at_once() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 2));
        let pods: Vec<Pod> = (0..5).map(|o| ready(&set, o)).collect();
        let refs: Vec<&Pod> = pods.iter().collect();
        let expected = policy.pick(vec![delete("web-4")], vec![delete("web-4"), delete("web-3"), delete("web-2")]);
        let decided = plan(&set, &refs, &Claims::new(), &steady(), 0);
        assert_eq!(decided.actions, expected, "{policy:?}");
        assert!(!decided.update_delete);
        // web-4 terminating: OrderedReady waits until it is fully gone (STS-10).
        let going = ready(&set, 4).deleting();
        let refs = [&pods[0], &pods[1], &pods[2], &pods[3], &going];
        assert_eq!(actions(&set, &refs, &steady(), 0), policy.pick(vec![], vec![delete("web-3"), delete("web-2")]), "{policy:?}");
    });
}

#[test]
fn sts11_scale_down_waits_for_every_remaining_replica() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 1));
        let web0 = replica(&set, 0, CURRENT).running_not_ready();
        let (web1, web2) = (ready(&set, 1), ready(&set, 2));
        let expected = policy.pick(vec![], vec![delete("web-2"), delete("web-1")]);
        assert_eq!(actions(&set, &[&web0, &web1, &web2], &steady(), 0), expected, "{policy:?}");
    });
}

#[test]
fn sts12_an_unhealthy_condemned_pod_goes_only_if_it_is_the_first_unhealthy() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3));
        let healthy: Vec<Pod> = (0..3).map(|o| ready(&set, o)).collect();
        let (web3, web4) = (replica(&set, 3, CURRENT).running_not_ready(), replica(&set, 4, CURRENT).running_not_ready());
        let both = [&healthy[0], &healthy[1], &healthy[2], &web3, &web4];
        // web-3 is the first unhealthy pod, so web-4 (deleted first) blocks OrderedReady.
        assert_eq!(actions(&set, &both, &steady(), 0), policy.pick(vec![], vec![delete("web-4"), delete("web-3")]), "{policy:?}");
        let web3 = ready(&set, 3);
        let only4 = [&healthy[0], &healthy[1], &healthy[2], &web3, &web4];
        assert_eq!(
            actions(&set, &only4, &steady(), 0),
            policy.pick(vec![delete("web-4")], vec![delete("web-4"), delete("web-3")]),
            "{policy:?}"
        );
    });
}

// ---- updates (STS-14..21) ----------------------------------------------------------------------

#[test]
fn sts15_sts17_sts20_rolling_update_replaces_one_pod_at_a_time_from_the_highest_ordinal() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3));
        let rolling = revisions(CURRENT, UPDATE);
        let (web0, web1, web2) = (ready(&set, 0), ready(&set, 1), ready(&set, 2));
        // Every pod is stale, yet one is deleted per sync (maxUnavailable gate off, STS-20).
        let decided = plan(&set, &[&web0, &web1, &web2], &Claims::new(), &rolling, 0);
        assert_eq!(decided.actions, vec![delete("web-2")], "{policy:?}");
        assert!(decided.update_delete);
        // web-2 gone: it is recreated at the update revision.
        assert_eq!(actions(&set, &[&web0, &web1], &rolling, 0), vec![create(2)], "{policy:?}");
        // web-2 updated but not Ready yet: wait (STS-15, STS-17).
        let new2 = replica(&set, 2, UPDATE).running_not_ready();
        assert_eq!(actions(&set, &[&web0, &web1, &new2], &rolling, 0), policy.pick(vec![], vec![]), "{policy:?}");
        // web-2 updated and Ready: web-1 is next.
        let new2 = replica(&set, 2, UPDATE).running_ready_since(0);
        assert_eq!(actions(&set, &[&web0, &web1, &new2], &rolling, 0), vec![delete("web-1")], "{policy:?}");
    });
}

#[test]
fn sts17_parallel_does_not_wait_for_lower_ordinals_before_updating() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3));
        let web0 = replica(&set, 0, CURRENT).running_not_ready();
        let (web1, web2) = (ready(&set, 1), ready(&set, 2));
        // OrderedReady blocks in processReplica on web-0; Parallel reaches the update step.
        let expected = policy.pick(vec![], vec![delete("web-2")]);
        assert_eq!(actions(&set, &[&web0, &web1, &web2], &revisions(CURRENT, UPDATE), 0), expected, "{policy:?}");
    });
}

#[test]
fn sts13_scaling_takes_precedence_over_the_update() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 2));
        let pods: Vec<Pod> = (0..3).map(|o| ready(&set, o)).collect();
        let refs: Vec<&Pod> = pods.iter().collect();
        // Under OrderedReady the condemned delete ends the sync. Under Parallel upstream's
        // runForAll ignores processCondemned's "blocked", so the update step runs in the same
        // sync: STS-13's "nothing is updated until the scale-down is finished" is OrderedReady's.
        let decided = plan(&set, &refs, &Claims::new(), &revisions(CURRENT, UPDATE), 0);
        assert_eq!(decided.actions, policy.pick(vec![delete("web-2")], vec![delete("web-2"), delete("web-1")]), "{policy:?}");
        assert_eq!(decided.update_delete, policy.pick(false, true), "{policy:?}");
    });
}

#[test]
fn sts14_sts16_partition_keeps_lower_ordinals_and_recreates_them_at_the_current_revision() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3).partitioned(2));
        let rolling = revisions(CURRENT, UPDATE);
        let (web0, web1, web2) = (ready(&set, 0), ready(&set, 1), ready(&set, 2));
        assert_eq!(actions(&set, &[&web0, &web1, &web2], &rolling, 0), vec![delete("web-2")], "{policy:?}");
        let new2 = replica(&set, 2, UPDATE).running_ready_since(0);
        assert_eq!(actions(&set, &[&web0, &web1, &new2], &rolling, 0), vec![], "{policy:?}: web-0 and web-1 stay");
        // web-0 deleted by the user comes back at the current revision; web-2 at the update one.
        let current0 = Action::CreatePod { ordinal: 0, use_current: true };
        assert_eq!(actions(&set, &[&web1, &new2], &rolling, 0), vec![current0.clone()], "{policy:?}");
        assert_eq!(actions(&set, &[&web1], &rolling, 0), policy.pick(vec![current0.clone()], vec![current0, create(2)]), "{policy:?}");
        // A partition above replicas updates nothing.
        let above = policy.apply(sts("web", 3).partitioned(5));
        assert_eq!(actions(&above, &[&web0, &web1, &web2], &rolling, 0), vec![], "{policy:?}");
    });
}

#[test]
fn sts19_on_delete_never_deletes_for_an_update_and_recreates_at_the_update_revision() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3).on_delete());
        let rolling = revisions(CURRENT, UPDATE);
        let (web0, web1, web2) = (ready(&set, 0), ready(&set, 1), ready(&set, 2));
        assert_eq!(actions(&set, &[&web0, &web1, &web2], &rolling, 0), vec![], "{policy:?}");
        assert_eq!(actions(&set, &[&web0, &web2], &rolling, 0), vec![create(1)], "{policy:?}");
    });
}

// ---- claims and identity (STS-02, STS-22..25) -----------------------------------------------

#[test]
fn sts22_sts24_a_pending_pod_gets_its_missing_claim_recreated() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3).claim_template("www"));
        let web0 = replica(&set, 0, CURRENT);
        let expected = policy
            .pick(vec![Action::CreateMissingClaims { ordinal: 0 }], vec![Action::CreateMissingClaims { ordinal: 0 }, create(1), create(2)]);
        assert_eq!(actions(&set, &[&web0], &steady(), 0), expected, "{policy:?}");
        // With its claim present the Pending pod just blocks OrderedReady (STS-24).
        let claims: Claims = [("www-web-0".to_string(), ClaimInfo::default())].into_iter().collect();
        let decided = plan(&set, &[&web0], &claims, &steady(), 0).actions;
        assert_eq!(decided, policy.pick(vec![], vec![create(1), create(2)]), "{policy:?}");
    });
}

#[test]
fn sts22_the_created_pod_names_its_own_claim() {
    let set = sts("web", 3).claim_template("www");
    let pod = new_pod(&set, &set.spec.template, CURRENT, 1);
    let claim = pod.spec.volumes.iter().find(|v| v.name == "www").and_then(|v| v.persistent_volume_claim.as_ref());
    assert_eq!(claim.map(|c| c.claim_name.as_str()), Some("www-web-1"));
    assert!(storage_matches(&set, &pod, 1));
    assert!(!storage_matches(&set, &pod, 2));
}

#[test]
fn sts25_a_stale_claim_holds_back_its_ordinal() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 3).claim_template("www").delete_claims_when_scaled());
        let web0 = ready(&set, 0);
        let earlier_pod = OwnerReference {
            api_version: "v1".into(),
            kind: "Pod".into(),
            name: "web-1".into(),
            uid: "uid-old".into(),
            ..Default::default()
        };
        let claims: Claims = [
            ("www-web-0".to_string(), ClaimInfo::default()),
            ("www-web-1".to_string(), ClaimInfo { deleting: false, owners: vec![earlier_pod] }),
        ]
        .into_iter()
        .collect();
        let decided = plan(&set, &[&web0], &claims, &steady(), 0).actions;
        assert_eq!(decided, policy.pick(vec![], vec![create(2)]), "{policy:?}");
    });
}

#[test]
fn sts25_a_condemned_pods_claim_gets_the_pod_as_owner_before_the_pod_goes() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 1).claim_template("www").delete_claims_when_scaled());
        let (web0, web1) = (ready(&set, 0), ready(&set, 1));
        let claims: Claims = ["www-web-0", "www-web-1"].iter().map(|n| (n.to_string(), ClaimInfo::default())).collect();
        let decided = plan(&set, &[&web0, &web1], &claims, &steady(), 0).actions;
        assert_eq!(decided, vec![Action::UpdateClaims { ordinal: 1, condemned: true }, delete("web-1")], "{policy:?}");
    });
}

#[test]
fn sts02_a_pod_that_lost_its_identity_labels_is_updated() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 1));
        let mut web0 = ready(&set, 0);
        web0.metadata.labels.remove(POD_INDEX_LABEL);
        assert_eq!(actions(&set, &[&web0], &steady(), 0), vec![Action::UpdatePod { name: "web-0".into() }], "{policy:?}");
    });
}

// ---- status (STS-21, STS-29) ------------------------------------------------------------------

#[test]
fn sts29_status_counts_every_owned_pod_including_terminating_ones() {
    for_both(|policy| {
        let set = policy.apply(sts("web", 2));
        let web0 = ready(&set, 0);
        let web1 = replica(&set, 1, UPDATE).running_ready_since(0);
        let web2 = ready(&set, 2).deleting();
        let mut web3 = replica(&set, 3, CURRENT);
        web3.status = None; // not created yet (no phase)
        let status = compute_status(&set, &[&web0, &web1, &web2, &web3], &revisions(CURRENT, UPDATE), 0);
        assert_eq!(status.replicas, 3, "{policy:?}: web-2 is terminating but counts");
        assert_eq!((status.ready_replicas, status.available_replicas), (3, 3), "{policy:?}");
        assert_eq!((status.current_replicas, status.updated_replicas), (1, 1), "{policy:?}: not the terminating web-2");
        assert_eq!((status.current_revision.as_str(), status.update_revision.as_str()), (CURRENT, UPDATE));
        assert_eq!(status.observed_generation, Some(1));
    });
}

#[test]
fn sts29_min_ready_seconds_separates_ready_from_available() {
    let set = sts("web", 1).min_ready(10);
    let web0 = ready(&set, 0);
    let early = compute_status(&set, &[&web0], &steady(), 5_000);
    assert_eq!((early.ready_replicas, early.available_replicas), (1, 0));
    let later = compute_status(&set, &[&web0], &steady(), 10_000);
    assert_eq!((later.ready_replicas, later.available_replicas), (1, 1));
}

#[test]
fn sts21_the_rolling_update_completes_when_every_desired_replica_is_updated_and_ready() {
    let set = sts("web", 2);
    let (new0, new1) = (replica(&set, 0, UPDATE).running_ready_since(0), replica(&set, 1, UPDATE).running_ready_since(0));
    let mut done = compute_status(&set, &[&new0, &new1], &revisions(CURRENT, UPDATE), 0);
    complete_rolling_update(&set, &mut done);
    assert_eq!((done.current_revision.as_str(), done.current_replicas), (UPDATE, 2));
    // One replica still missing: not complete, though the pods that exist are all updated.
    let mut short = compute_status(&set, &[&new0], &revisions(CURRENT, UPDATE), 0);
    complete_rolling_update(&set, &mut short);
    assert_eq!((short.current_revision.as_str(), short.current_replicas), (CURRENT, 0));
    // A condemned pod not yet deleted: status.replicas is 3, not spec.replicas 2.
    let old2 = replica(&set, 2, UPDATE).running_ready_since(0);
    let mut shrinking = compute_status(&set, &[&new0, &new1, &old2], &revisions(CURRENT, UPDATE), 0);
    complete_rolling_update(&set, &mut shrinking);
    assert_eq!(shrinking.current_revision, CURRENT);
    // STS-19: OnDelete never completes.
    let on_delete = sts("web", 2).on_delete();
    let mut stuck = compute_status(&on_delete, &[&new0, &new1], &revisions(CURRENT, UPDATE), 0);
    complete_rolling_update(&on_delete, &mut stuck);
    assert_eq!(stuck.current_revision, CURRENT);
}
