//! Unit tests of the DaemonSet controller's pure decisions, in the shape of upstream's
//! `daemon_controller_test.go` and `update_test.go`. Each expected value comes from the cited
//! rule of the acceptance specification, not from a run of this code.

use super::*;
use crate::sim::testing::*;

const NOT_READY: &str = "node.kubernetes.io/not-ready";
const UNREACHABLE: &str = "node.kubernetes.io/unreachable";

fn by_node<'a>(pairs: &[(&'a str, Vec<&'a Pod>)]) -> BTreeMap<&'a str, Vec<&'a Pod>> {
    pairs.iter().cloned().collect()
}

/// The decision for one node, with the node's own `(shouldRun, shouldContinueRunning)`.
fn decide(node: &Node, pods: &[&Pod], ds: &DaemonSet, now: Millis, backoff: Option<(Millis, Millis)>) -> NodeDecision {
    let (should_run, should_continue) = node_should_run_daemon_pod(node, ds);
    pods_should_be_on_node(&node.metadata.name, pods, should_run, should_continue, ds, "new", now, backoff)
}

// ---- NodeShouldRunDaemonPod (DS-01..09) -----------------------------------------------------

#[test]
fn ds01_template_node_name_selects_only_that_node() {
    let ds = ds("nginx").node_name("n1");
    assert_eq!(node_should_run_daemon_pod(&node("n1"), &ds), (true, true));
    assert_eq!(node_should_run_daemon_pod(&node("n2"), &ds), (false, false));
}

#[test]
fn ds02_node_selector_mismatch_means_neither_run_nor_continue() {
    let ds = ds("nginx").node_selector("disk", "ssd");
    assert_eq!(node_should_run_daemon_pod(&node("n1").labeled("disk", "ssd"), &ds), (true, true));
    assert_eq!(node_should_run_daemon_pod(&node("n2").labeled("disk", "hdd"), &ds), (false, false));
    assert_eq!(node_should_run_daemon_pod(&node("n3"), &ds), (false, false));
}

#[test]
fn ds02_required_node_affinity_is_checked_and_its_terms_are_ored() {
    let mut ds = ds("nginx");
    let term = |zone: &str| NodeSelectorTerm {
        match_expressions: vec![NodeSelectorRequirement { key: "zone".into(), operator: "In".into(), values: vec![zone.into()] }],
        match_fields: Vec::new(),
    };
    ds.spec.template.spec.affinity = Some(Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector { node_selector_terms: vec![term("a"), term("b")] }),
            // Preferred terms are ignored by the controller (DS-02).
            preferred_during_scheduling_ignored_during_execution: Some(serde_json::json!([
                {"weight": 1, "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["c"]}]}}
            ])),
        }),
        ..Default::default()
    });
    assert_eq!(node_should_run_daemon_pod(&node("n1").labeled("zone", "a"), &ds), (true, true));
    assert_eq!(node_should_run_daemon_pod(&node("n2").labeled("zone", "b"), &ds), (true, true));
    assert_eq!(node_should_run_daemon_pod(&node("n3").labeled("zone", "c"), &ds), (false, false));
}

#[test]
fn ds03_only_noschedule_and_noexecute_taints_count() {
    let ds = ds("nginx");
    // Untolerated NoSchedule: no new pod, an existing one is kept.
    assert_eq!(node_should_run_daemon_pod(&node("n1").tainted("dedicated", "db", "NoSchedule"), &ds), (false, true));
    // Untolerated NoExecute: the existing pod goes too.
    assert_eq!(node_should_run_daemon_pod(&node("n1").tainted("dedicated", "db", "NoExecute"), &ds), (false, false));
    // PreferNoSchedule is ignored.
    assert_eq!(node_should_run_daemon_pod(&node("n1").tainted("dedicated", "db", "PreferNoSchedule"), &ds), (true, true));
    // NoExecute wins over NoSchedule whatever the taint order.
    let both = node("n1").tainted("a", "", "NoSchedule").tainted("b", "", "NoExecute");
    assert_eq!(node_should_run_daemon_pod(&both, &ds), (false, false));
}

#[test]
fn ds03_user_tolerations_follow_tolerates_taint() {
    let tainted = node("n1").tainted("dedicated", "db", "NoSchedule");
    let equal = |value: &str| Toleration {
        key: "dedicated".into(),
        operator: "Equal".into(),
        value: value.into(),
        effect: "NoSchedule".into(),
        toleration_seconds: None,
    };
    assert_eq!(node_should_run_daemon_pod(&tainted, &ds("nginx").tolerates(equal("db"))), (true, true));
    assert_eq!(node_should_run_daemon_pod(&tainted, &ds("nginx").tolerates(equal("web"))), (false, true));
    assert_eq!(node_should_run_daemon_pod(&tainted, &ds("nginx").tolerates(Toleration::exists("dedicated", ""))), (true, true));
    // A toleration for another effect does not help.
    assert_eq!(node_should_run_daemon_pod(&tainted, &ds("nginx").tolerates(Toleration::exists("dedicated", "NoExecute"))), (false, true));
    // A blanket `operator: Exists` tolerates everything (DS-08b system DaemonSets).
    let blanket = Toleration { operator: "Exists".into(), ..Default::default() };
    let everything = node("n1").tainted("a", "", "NoExecute").not_ready();
    assert_eq!(node_should_run_daemon_pod(&everything, &ds("nginx").tolerates(blanket)), (true, true));
}

#[test]
fn ds06_the_daemon_tolerations_are_appended_after_the_users_own() {
    let keys = |t: &[Toleration]| t.iter().map(|t| format!("{}:{}", t.key, t.effect)).collect::<Vec<_>>();
    let expected = [
        "node.kubernetes.io/not-ready:NoExecute",
        "node.kubernetes.io/unreachable:NoExecute",
        "node.kubernetes.io/disk-pressure:NoSchedule",
        "node.kubernetes.io/memory-pressure:NoSchedule",
        "node.kubernetes.io/pid-pressure:NoSchedule",
        "node.kubernetes.io/unschedulable:NoSchedule",
    ];
    let plain = with_daemon_tolerations(&[], false);
    assert_eq!(keys(&plain), expected);
    assert!(plain.iter().all(|t| t.operator == "Exists" && t.toleration_seconds.is_none()), "DS-06/07: Exists, no tolerationSeconds");
    let host = with_daemon_tolerations(&[], true);
    assert_eq!(keys(&host).last().map(String::as_str), Some("node.kubernetes.io/network-unavailable:NoSchedule"));
    assert_eq!(host.len(), 7);
    let user = Toleration::exists("dedicated", "NoSchedule");
    let merged = with_daemon_tolerations(std::slice::from_ref(&user), false);
    assert_eq!(merged[0], user);
    assert_eq!(merged.len(), 7);
}

#[test]
fn ds06_ds08_node_conditions_matter_only_through_their_taints() {
    let ds = ds("nginx");
    // Tolerated by the daemon tolerations (DS-06).
    for (key, effect) in [
        (NOT_READY, "NoExecute"),
        (UNREACHABLE, "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ] {
        assert_eq!(node_should_run_daemon_pod(&node("n1").tainted(key, "", effect), &ds), (true, true), "{key}:{effect}");
    }
    // DS-08: not-ready and unreachable NoSchedule are not tolerated: no new pod, keep the old.
    assert_eq!(node_should_run_daemon_pod(&node("n1").not_ready(), &ds), (false, true));
    assert_eq!(node_should_run_daemon_pod(&node("n1").tainted(UNREACHABLE, "", "NoSchedule"), &ds), (false, true));
    // network-unavailable is tolerated only with hostNetwork.
    let network = node("n1").tainted("node.kubernetes.io/network-unavailable", "", "NoSchedule");
    assert_eq!(node_should_run_daemon_pod(&network, &ds), (false, true));
    assert_eq!(node_should_run_daemon_pod(&network, &ds.clone().host_network()), (true, true));
}

#[test]
fn ds05_the_ready_condition_alone_is_not_read() {
    // DS-05: a node whose Ready condition is Unknown but not yet tainted still runs the pod.
    let mut silent = node("n1");
    if let Some(status) = silent.status.as_mut() {
        status.conditions[0].status = "Unknown".into();
    }
    assert_eq!(node_should_run_daemon_pod(&silent, &ds("nginx")), (true, true));
}

#[test]
fn ds09_a_cordoned_node_still_runs_and_keeps_the_daemon_pod() {
    assert_eq!(node_should_run_daemon_pod(&node("n1").cordoned(), &ds("nginx")), (true, true));
    assert_eq!(node_should_run_daemon_pod(&node("n1").unschedulable(), &ds("nginx")), (true, true));
}

// ---- the pod the controller creates (DS-10, DS-16..18) ----------------------------------------

#[test]
fn ds10_new_daemon_pod_pins_the_node_and_keeps_the_users_selector() {
    let mut ds = ds("fluentd").node_selector("disk", "ssd").template_generation(3);
    let term = NodeSelectorTerm {
        match_expressions: vec![NodeSelectorRequirement { key: "zone".into(), operator: "In".into(), values: vec!["a".into()] }],
        match_fields: Vec::new(),
    };
    ds.spec.template.spec.affinity = Some(Affinity {
        node_affinity: Some(NodeAffinity {
            required_during_scheduling_ignored_during_execution: Some(NodeSelector { node_selector_terms: vec![term] }),
            preferred_during_scheduling_ignored_during_execution: Some(serde_json::json!([{"weight": 1}])),
        }),
        ..Default::default()
    });
    let pod = new_daemon_pod(&ds, "n1", "6c8d5d8d9b");
    let affinity = pod.spec.affinity.as_ref().and_then(|a| a.node_affinity.as_ref()).expect("node affinity");
    let terms = &affinity.required_during_scheduling_ignored_during_execution.as_ref().expect("required").node_selector_terms;
    assert_eq!(terms.len(), 1, "the required terms are replaced by exactly one");
    assert!(terms[0].match_expressions.is_empty());
    assert_eq!(
        terms[0].match_fields,
        vec![NodeSelectorRequirement { key: "metadata.name".into(), operator: "In".into(), values: vec!["n1".into()] }]
    );
    assert!(affinity.preferred_during_scheduling_ignored_during_execution.is_some(), "preferred terms are kept");
    assert_eq!(pod.spec.node_selector.get("disk").map(String::as_str), Some("ssd"));
    assert!(pod.spec.node_name.is_empty(), "the default scheduler binds it");
    // DS-16..18.
    assert_eq!(pod.metadata.generate_name, "fluentd-");
    assert!(pod.metadata.name.is_empty());
    assert_eq!(pod.metadata.labels.get(REVISION_HASH_LABEL).map(String::as_str), Some("6c8d5d8d9b"));
    assert_eq!(pod.metadata.labels.get(TEMPLATE_GENERATION_LABEL).map(String::as_str), Some("3"));
    assert_eq!(pod.metadata.labels.get("app").map(String::as_str), Some("fluentd"));
    let owner = pod.metadata.controller_ref().expect("controller reference");
    assert_eq!((owner.kind.as_str(), owner.name.as_str(), owner.block_owner_deletion), ("DaemonSet", "fluentd", Some(true)));
    assert_eq!(pod.spec.tolerations.len(), 6, "DS-06");
    // DS-11: the pinned pod is recognised as targeting n1 before it is bound.
    assert_eq!(target_node_name(&pod), Some("n1"));
}

#[test]
fn ds11_target_node_name_prefers_spec_node_name() {
    let pinned = new_daemon_pod(&ds("nginx"), "n1", "h");
    assert_eq!(target_node_name(&pinned.clone().on("n2")), Some("n2"));
    assert_eq!(target_node_name(&pod("x")), None);
}

#[test]
fn ds17_is_pod_updated_by_hash_or_by_template_generation() {
    assert!(is_pod_updated(&pod("a").hash("new"), "new", 2));
    assert!(is_pod_updated(&pod("b").hash("old").generation(2), "new", 2));
    assert!(!is_pod_updated(&pod("c").hash("old").generation(1), "new", 2));
    assert!(!is_pod_updated(&pod("d"), "new", 2));
}

// ---- podsShouldBeOnNode (DS-20..22, DS-36) --------------------------------------------------

#[test]
fn ds21_a_node_that_should_run_and_has_no_pod_gets_one() {
    let decision = decide(&node("n1"), &[], &ds("nginx"), 0, None);
    assert_eq!(decision, NodeDecision { needs_pod: true, ..Default::default() });
    // A node that must not run it gets nothing, and nothing is deleted.
    assert_eq!(decide(&node("n1").not_ready(), &[], &ds("nginx"), 0, None), NodeDecision::default());
}

#[test]
fn ds21_a_failed_pod_is_deleted_with_an_event_and_not_replaced_in_the_same_sync() {
    let failed = pod("nginx-abcde").on("n1").hash("new").failed();
    let decision = decide(&node("n1"), &[&failed], &ds("nginx"), 5_000, None);
    assert!(!decision.needs_pod, "the replacement comes in a later sync, once the pod is gone");
    assert_eq!(decision.pods_to_delete, ["nginx-abcde"]);
    assert_eq!(
        decision.events,
        [("Warning", "FailedDaemonPod", "Found failed daemon pod default/nginx-abcde on node n1, will try to kill it".to_string())]
    );
    assert_eq!(decision.retry_after, None);
}

#[test]
fn ds21_a_failed_pod_in_back_off_waits_and_asks_for_a_retry() {
    let failed = pod("nginx-abcde").on("n1").failed();
    // Back-off until t=9 s; now is 5 s.
    let waiting = decide(&node("n1"), &[&failed], &ds("nginx"), 5_000, Some((9_000, 4_000)));
    assert!(waiting.pods_to_delete.is_empty() && waiting.events.is_empty());
    assert_eq!(waiting.retry_after, Some(4_000));
    // Once the back-off has passed the pod is deleted.
    let due = decide(&node("n1"), &[&failed], &ds("nginx"), 9_000, Some((9_000, 4_000)));
    assert_eq!(due.pods_to_delete, ["nginx-abcde"]);
    assert_eq!(due.retry_after, None);
}

#[test]
fn ds21_a_succeeded_pod_is_deleted_with_a_normal_event() {
    let done = pod("nginx-abcde").on("n1").succeeded();
    let decision = decide(&node("n1"), &[&done], &ds("nginx"), 0, None);
    assert_eq!(decision.pods_to_delete, ["nginx-abcde"]);
    assert_eq!(
        decision.events,
        [("Normal", "SucceededDaemonPod", "Found succeeded daemon pod default/nginx-abcde on node n1, will try to delete it".to_string())]
    );
}

#[test]
fn ds22_a_terminating_pod_blocks_its_replacement() {
    let terminating = pod("nginx-abcde").on("n1").hash("new").running_ready_since(0).deleting();
    assert_eq!(decide(&node("n1"), &[&terminating], &ds("nginx"), 0, None), NodeDecision::default());
    // A failed pod that is already being deleted is not deleted again.
    let failed_deleting = pod("nginx-fghij").on("n1").failed().deleting();
    assert_eq!(decide(&node("n1"), &[&failed_deleting], &ds("nginx"), 0, None), NodeDecision::default());
}

#[test]
fn ds21_without_surge_only_the_oldest_running_pod_is_kept() {
    let (a, b, c) = (
        pod("nginx-a").on("n1").created_at(30_000).running_ready_since(0),
        pod("nginx-b").on("n1").created_at(10_000).running_ready_since(0),
        pod("nginx-c").on("n1").created_at(20_000).pending(),
    );
    let mut decision = decide(&node("n1"), &[&a, &b, &c], &ds("nginx"), 0, None);
    decision.pods_to_delete.sort();
    assert_eq!(decision.pods_to_delete, ["nginx-a", "nginx-c"]);
    // podByCreationTimestampAndPhase: a bound pod beats an older unbound one; equal times go by name.
    let unbound_older = pod("nginx-a").created_at(0);
    let bound_younger = pod("nginx-b").on("n1").created_at(50_000);
    assert_eq!(decide(&node("n1"), &[&unbound_older, &bound_younger], &ds("nginx"), 0, None).pods_to_delete, ["nginx-a"]);
    let (x, y) = (pod("nginx-y").on("n1"), pod("nginx-x").on("n1"));
    assert_eq!(decide(&node("n1"), &[&x, &y], &ds("nginx"), 0, None).pods_to_delete, ["nginx-y"]);
}

#[test]
fn ds01_ds03_pods_on_a_node_that_must_not_continue_are_all_deleted() {
    let (a, b) = (pod("nginx-a").on("n2").running_ready_since(0), pod("nginx-b").on("n2").deleting());
    // DS-01: the template names another node.
    let decision = decide(&node("n2"), &[&a, &b], &ds("nginx").node_name("n1"), 0, None);
    assert_eq!(decision.pods_to_delete, ["nginx-a"], "the terminating pod is not deleted again");
    // DS-03: an untolerated NoExecute taint; DS-02: a label removed.
    assert_eq!(decide(&node("n2").tainted("k", "", "NoExecute"), &[&a], &ds("nginx"), 0, None).pods_to_delete, ["nginx-a"]);
    assert_eq!(decide(&node("n2"), &[&a], &ds("nginx").node_selector("disk", "ssd"), 0, None).pods_to_delete, ["nginx-a"]);
    // DS-03/DS-08: NoSchedule keeps the pod.
    assert_eq!(decide(&node("n2").not_ready(), &[&a], &ds("nginx"), 0, None), NodeDecision::default());
}

fn surge_ds() -> DaemonSet {
    ds("nginx").max_surge("1").max_unavailable("0")
}

#[test]
fn ds36_with_surge_an_unready_new_pod_keeps_the_ready_old_one() {
    let old = pod("nginx-old").on("n1").hash("old").created_at(0).running_ready_since(0);
    let new = pod("nginx-new").on("n1").hash("new").created_at(10_000).pending();
    assert_eq!(decide(&node("n1"), &[&old, &new], &surge_ds(), 20_000, None), NodeDecision::default());
}

#[test]
fn ds36_with_surge_the_old_pod_goes_once_the_new_one_is_available() {
    let old = pod("nginx-old").on("n1").hash("old").created_at(0).running_ready_since(0);
    let new = pod("nginx-new").on("n1").hash("new").created_at(10_000).running_ready_since(15_000);
    assert_eq!(decide(&node("n1"), &[&old, &new], &surge_ds(), 20_000, None).pods_to_delete, ["nginx-old"]);
    // With minReadySeconds 10 the new pod is available only from t=25 s.
    let min_ready = surge_ds().min_ready(10);
    assert!(decide(&node("n1"), &[&old, &new], &min_ready, 20_000, None).pods_to_delete.is_empty());
    assert_eq!(decide(&node("n1"), &[&old, &new], &min_ready, 25_000, None).pods_to_delete, ["nginx-old"]);
}

#[test]
fn ds36_with_surge_excess_pods_of_each_revision_are_pruned_keeping_the_oldest() {
    let old1 = pod("nginx-old1").on("n1").hash("old").created_at(0).running_ready_since(0);
    let old2 = pod("nginx-old2").on("n1").hash("old").created_at(5_000).running_ready_since(0);
    let new1 = pod("nginx-new1").on("n1").hash("new").created_at(10_000).pending();
    let new2 = pod("nginx-new2").on("n1").hash("new").created_at(20_000).pending();
    let mut decision = decide(&node("n1"), &[&new2, &old2, &new1, &old1], &surge_ds(), 30_000, None);
    decision.pods_to_delete.sort();
    assert_eq!(decision.pods_to_delete, ["nginx-new2", "nginx-old2"]);
}

// ---- maxSurge / maxUnavailable (DS-32..34) --------------------------------------------------

#[test]
fn ds32_ds34_budgets_resolve_against_desired_and_round_up() {
    // Defaults: maxUnavailable 1, maxSurge 0.
    assert_eq!(max_surge_and_unavailable(&ds("nginx"), 5), (0, 1));
    assert_eq!(max_surge_and_unavailable(&ds("nginx").max_unavailable("2"), 5), (0, 2));
    // 50% of 5 = 2.5 → 3; 10% of 5 = 0.5 → 1; 25% of 8 = 2.
    assert_eq!(max_surge_and_unavailable(&ds("nginx").max_unavailable("50%"), 5), (0, 3));
    assert_eq!(max_surge_and_unavailable(&ds("nginx").max_unavailable("10%"), 5), (0, 1));
    assert_eq!(max_surge_and_unavailable(&ds("nginx").max_unavailable("25%"), 8), (0, 2));
    // maxSurge 20% of 3 = 0.6 → 1.
    assert_eq!(max_surge_and_unavailable(&ds("nginx").max_surge("20%").max_unavailable("0"), 3), (1, 0));
    // Both resolving to 0 falls back to maxUnavailable 1 when any node is desired.
    assert_eq!(max_surge_and_unavailable(&ds("nginx").max_unavailable("0%"), 3), (0, 1));
    assert_eq!(max_surge_and_unavailable(&ds("nginx").max_unavailable("0%"), 0), (0, 0));
}

#[test]
fn ds37_on_delete_allows_no_surge() {
    let on_delete = ds("nginx").max_surge("1").max_unavailable("0").on_delete();
    assert!(!allows_surge(&on_delete));
    assert_eq!(max_surge_and_unavailable(&on_delete, 3).0, 0);
    assert!(allows_surge(&surge_ds()));
    assert!(!allows_surge(&ds("nginx").max_surge("0%")));
}

// ---- rollingUpdate (DS-35/36) ---------------------------------------------------------------

fn old_ready(name: &str, node: &str) -> Pod {
    pod(name).on(node).hash("old").generation(1).running_ready_since(0)
}

#[test]
fn ds35_max_unavailable_one_deletes_one_old_pod_in_node_order() {
    let ds = ds("nginx").template_generation(2);
    let (a, b, c) = (old_ready("a", "n1"), old_ready("b", "n2"), old_ready("c", "n3"));
    let pods = by_node(&[("n1", vec![&a]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &pods, &["n1", "n2", "n3"], "new", 3, 0), (vec!["a".to_string()], vec![]));
    // The order stands for Go's map order: the first candidates in it go.
    assert_eq!(rolling_update(&ds, &pods, &["n3", "n1", "n2"], "new", 3, 0), (vec!["c".to_string()], vec![]));
}

#[test]
fn ds34_ds35_absolute_and_percent_budgets() {
    let (a, b, c) = (old_ready("a", "n1"), old_ready("b", "n2"), old_ready("c", "n3"));
    let pods = by_node(&[("n1", vec![&a]), ("n2", vec![&b]), ("n3", vec![&c])]);
    let order = ["n1", "n2", "n3"];
    let (two, _) = rolling_update(&ds("nginx").template_generation(2).max_unavailable("2"), &pods, &order, "new", 3, 0);
    assert_eq!(two, ["a", "b"]);
    // 34% of 3 = 1.02 → 2.
    let (percent, _) = rolling_update(&ds("nginx").template_generation(2).max_unavailable("34%"), &pods, &order, "new", 3, 0);
    assert_eq!(percent, ["a", "b"]);
    let (all, _) = rolling_update(&ds("nginx").template_generation(2).max_unavailable("100%"), &pods, &order, "new", 3, 0);
    assert_eq!(all, ["a", "b", "c"]);
}

#[test]
fn ds35_unavailable_nodes_use_up_the_budget() {
    let ds = ds("nginx").template_generation(2);
    let (b, c) = (old_ready("b", "n2"), old_ready("c", "n3"));
    let order = ["n1", "n2", "n3"];
    // A new pod that is not yet ready counts as unavailable.
    let starting = pod("a2").on("n1").hash("new").running_not_ready();
    let pods = by_node(&[("n1", vec![&starting]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &pods, &order, "new", 3, 0), (vec![], vec![]));
    // So does a node with no pod, and one with both an old and a new pod.
    let empty = by_node(&[("n1", vec![]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &empty, &order, "new", 3, 0), (vec![], vec![]));
    let (old, new) = (old_ready("a", "n1"), pod("a2").on("n1").hash("new").running_ready_since(0));
    let both = by_node(&[("n1", vec![&old, &new]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &both, &order, "new", 3, 0), (vec![], vec![]));
    // A terminating pod is not counted as a pod: its node has none, and is unavailable.
    let gone = old_ready("a", "n1").deleting();
    let terminating = by_node(&[("n1", vec![&gone]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &terminating, &order, "new", 3, 0), (vec![], vec![]));
    // An available new pod does not.
    let done = pod("a2").on("n1").hash("new").running_ready_since(0);
    let updated = by_node(&[("n1", vec![&done]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &updated, &order, "new", 3, 0), (vec!["b".to_string()], vec![]));
}

#[test]
fn ds35_an_unavailable_old_pod_is_replaced_without_using_the_budget() {
    let ds = ds("nginx").template_generation(2);
    let broken = pod("a").on("n1").hash("old").running_not_ready();
    let (b, c) = (old_ready("b", "n2"), old_ready("c", "n3"));
    let pods = by_node(&[("n1", vec![&broken]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &pods, &["n1", "n2", "n3"], "new", 3, 0).0, ["a", "b"]);
}

#[test]
fn ds35_min_ready_seconds_delays_availability_of_the_new_pod() {
    let ds = ds("nginx").template_generation(2).min_ready(10);
    // The new pod on n1 turned Ready at 20 s; old b has been Ready since 0.
    let new = pod("a2").on("n1").hash("new").running_ready_since(20_000);
    let b = old_ready("b", "n2");
    let pods = by_node(&[("n1", vec![&new]), ("n2", vec![&b])]);
    // At 25 s the new pod is not yet available (20 + 10 > 25): it uses the budget of 1.
    assert_eq!(rolling_update(&ds, &pods, &["n1", "n2"], "new", 2, 25_000), (vec![], vec![]));
    // At 30 s it is, so b may go.
    assert_eq!(rolling_update(&ds, &pods, &["n1", "n2"], "new", 2, 30_000), (vec!["b".to_string()], vec![]));
}

#[test]
fn ds36_surge_creates_new_pods_beside_old_ones_up_to_max_surge() {
    let ds = surge_ds().template_generation(2);
    let (a, b, c) = (old_ready("a", "n1"), old_ready("b", "n2"), old_ready("c", "n3"));
    let pods = by_node(&[("n1", vec![&a]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &pods, &["n2", "n1", "n3"], "new", 3, 0), (vec![], vec!["n2".to_string()]));
    let two = rolling_update(&ds.clone().max_surge("2"), &pods, &["n1", "n2", "n3"], "new", 3, 0);
    assert_eq!(two, (vec![], vec!["n1".to_string(), "n2".to_string()]));
}

#[test]
fn ds36_surge_deletes_the_old_pod_once_the_new_one_is_available() {
    let ds = surge_ds().template_generation(2);
    let (a, b, c) = (old_ready("a", "n1"), old_ready("b", "n2"), old_ready("c", "n3"));
    let ready_new = pod("a2").on("n1").hash("new").running_ready_since(0);
    let pods = by_node(&[("n1", vec![&a, &ready_new]), ("n2", vec![&b]), ("n3", vec![&c])]);
    // n1's surge is over: its old pod goes and the surge moves on to the next node.
    assert_eq!(rolling_update(&ds, &pods, &["n1", "n2", "n3"], "new", 3, 0), (vec!["a".to_string()], vec!["n2".to_string()]));
    // While the new pod is not available the surge is used up.
    let starting = pod("a2").on("n1").hash("new").running_not_ready();
    let surging = by_node(&[("n1", vec![&a, &starting]), ("n2", vec![&b]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &surging, &["n1", "n2", "n3"], "new", 3, 0), (vec![], vec![]));
}

#[test]
fn ds36_an_unavailable_old_pod_gets_a_new_pod_beside_it_at_once() {
    let ds = surge_ds().template_generation(2);
    let (a, c) = (old_ready("a", "n1"), old_ready("c", "n3"));
    let broken = pod("b").on("n2").hash("old").running_not_ready();
    let pods = by_node(&[("n1", vec![&a]), ("n2", vec![&broken]), ("n3", vec![&c])]);
    assert_eq!(rolling_update(&ds, &pods, &["n1", "n2", "n3"], "new", 3, 0), (vec![], vec!["n2".to_string(), "n1".to_string()]));
}

// ---- status (DS-27..30) ---------------------------------------------------------------------

#[test]
fn ds27_status_counts_over_existing_nodes() {
    let ds = ds("nginx");
    let (n1, n2, n3, n4) = (node("n1"), node("n2"), node("n3").not_ready(), node("n4"));
    let ready_old = pod("a").on("n1").hash("old").running_ready_since(0);
    let stranded = pod("c").on("n3").hash("new").running_ready_since(0);
    let starting_new = pod("d").on("n4").hash("new").pending();
    let on_deleted_node = pod("e").on("n9").hash("new").running_ready_since(0);
    let pods = by_node(&[("n1", vec![&ready_old]), ("n3", vec![&stranded]), ("n4", vec![&starting_new]), ("n9", vec![&on_deleted_node])]);
    let nodes: Vec<(&Node, bool)> = [&n1, &n2, &n3, &n4].into_iter().map(|n| (n, node_should_run_daemon_pod(n, &ds).0)).collect();
    let status = compute_status(&ds, &nodes, &pods, "new", 0);
    assert_eq!(status.desired_number_scheduled, 3, "n3 is NotReady (DS-08)");
    assert_eq!(status.current_number_scheduled, 2, "n1 and n4; a pending pod counts");
    assert_eq!(status.number_misscheduled, 1, "n3's pod");
    assert_eq!(status.number_ready, 1);
    assert_eq!(status.number_available, 1);
    assert_eq!(status.updated_number_scheduled, 1, "n4's pod; n3's does not count, its node should not run it");
    assert_eq!(status.number_unavailable, 2);
}

#[test]
fn ds27_the_oldest_pod_on_a_node_is_the_one_counted() {
    let ds = ds("nginx");
    let n1 = node("n1");
    let old_unready = pod("a").on("n1").hash("old").created_at(0).running_not_ready();
    let new_ready = pod("b").on("n1").hash("new").created_at(10_000).running_ready_since(10_000);
    let pods = by_node(&[("n1", vec![&new_ready, &old_unready])]);
    let status = compute_status(&ds, &[(&n1, true)], &pods, "new", 20_000);
    assert_eq!((status.current_number_scheduled, status.number_ready, status.updated_number_scheduled), (1, 0, 0));
    // Updated by the template generation label alone (util.IsPodUpdated).
    let by_generation = pod("c").on("n1").hash("old").generation(1).running_ready_since(0);
    let pods = by_node(&[("n1", vec![&by_generation])]);
    assert_eq!(compute_status(&ds, &[(&n1, true)], &pods, "new", 0).updated_number_scheduled, 1);
}

#[test]
fn ds28_ds29_control_plane_taint_and_a_not_ready_worker() {
    let (cp, w1, w2) = (node("cp").tainted("node-role.kubernetes.io/control-plane", "", "NoSchedule"), node("w1"), node("w2"));
    let desired = |ds: &DaemonSet, nodes: &[&Node]| nodes.iter().filter(|n| node_should_run_daemon_pod(n, ds).0).count();
    assert_eq!(desired(&ds("nginx"), &[&cp, &w1, &w2]), 2);
    let tolerant = ds("nginx").tolerates(Toleration::exists("node-role.kubernetes.io/control-plane", "NoSchedule"));
    assert_eq!(desired(&tolerant, &[&cp, &w1, &w2]), 3);
    // DS-29: with the toleration, w2 goes NotReady and its pod stays.
    let w2 = w2.not_ready();
    let p = |name: &str, on: &str| pod(name).on(on).hash("new").running_ready_since(0);
    let (p0, p1, p2) = (p("a", "cp"), p("b", "w1"), p("c", "w2"));
    let pods = by_node(&[("cp", vec![&p0]), ("w1", vec![&p1]), ("w2", vec![&p2])]);
    let nodes: Vec<(&Node, bool)> = [&cp, &w1, &w2].into_iter().map(|n| (n, node_should_run_daemon_pod(n, &tolerant).0)).collect();
    let status = compute_status(&tolerant, &nodes, &pods, "new", 0);
    assert_eq!((status.desired_number_scheduled, status.current_number_scheduled, status.number_misscheduled), (2, 2, 1));
}

#[test]
fn ds30_min_ready_seconds_separates_ready_from_available() {
    let ds = ds("nginx").min_ready(10);
    let n1 = node("n1");
    let ready = pod("a").on("n1").hash("new").running_ready_since(0);
    let pods = by_node(&[("n1", vec![&ready])]);
    let early = compute_status(&ds, &[(&n1, true)], &pods, "new", 5_000);
    assert_eq!((early.number_ready, early.number_available, early.number_unavailable), (1, 0, 1));
    let later = compute_status(&ds, &[(&n1, true)], &pods, "new", 10_000);
    assert_eq!((later.number_ready, later.number_available, later.number_unavailable), (1, 1, 0));
}

#[test]
fn ds06_ds07_a_users_toleration_matching_a_daemon_one_is_replaced_by_it() {
    // AddOrUpdateTolerationInPodSpec: a toleration with the same key, operator, value and effect
    // is replaced in place by the daemon's (which has no tolerationSeconds).
    let user = Toleration { toleration_seconds: Some(60), ..Toleration::exists(UNREACHABLE, "NoExecute") };
    let merged = with_daemon_tolerations(&[user], false);
    assert_eq!(merged.len(), 6);
    assert_eq!(merged[0], Toleration::exists(UNREACHABLE, "NoExecute"));
    assert_eq!(merged[1], Toleration::exists(NOT_READY, "NoExecute"));
    assert!(merged.iter().all(|t| t.toleration_seconds.is_none()), "DS-07: never evicted by taint eviction");
}

#[test]
fn ds36_with_surge_a_node_left_without_a_live_pod_gets_one_in_the_same_sync() {
    // podsShouldBeOnNode's surge branch: "we need to have at least one non-deleted pod on the node".
    let terminating = pod("nginx-old").on("n1").hash("old").running_ready_since(0).deleting();
    assert!(decide(&node("n1"), &[&terminating], &surge_ds(), 0, None).needs_pod);
    let failed = pod("nginx-f").on("n1").hash("new").failed();
    let decision = decide(&node("n1"), &[&failed], &surge_ds(), 0, None);
    assert_eq!((decision.needs_pod, decision.pods_to_delete), (true, vec!["nginx-f".to_string()]));
}

#[test]
fn ds36_with_surge_an_unready_old_pod_goes_before_the_new_one_is_available() {
    // podsShouldBeOnNode: `case !podutil.IsPodReady(oldestOldPod)` deletes the old pod.
    let old = pod("nginx-old").on("n1").hash("old").created_at(0).running_not_ready();
    let new = pod("nginx-new").on("n1").hash("new").created_at(10_000).pending();
    assert_eq!(decide(&node("n1"), &[&old, &new], &surge_ds(), 20_000, None).pods_to_delete, ["nginx-old"]);
}
