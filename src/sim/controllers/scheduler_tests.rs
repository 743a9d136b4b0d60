//! Unit tests of the scheduler's pure filter functions against the default plugins' behaviour:
//! the Filter order of the default profile (NodeUnschedulable, NodeName, TaintToleration,
//! NodeAffinity, NodePorts, NodeResourcesFit; the first failing plugin rejects the node) and
//! the FitError message of EV-02.

use super::*;
use crate::sim::objects::pod::{Affinity, NodeAffinity, NodeSelector};
use crate::sim::objects::Toleration;
use crate::sim::testing::*;

fn reasons(result: Result<(), NodeRejection>) -> Vec<String> {
    result.err().map(|r| r.reasons).unwrap_or_default()
}

fn usage(cpu: i128, memory: i128, pods: i128) -> NodeUsage {
    NodeUsage { cpu, memory, pods, ..Default::default() }
}

#[test]
fn ev02_ds09_a_cordoned_node_rejects_pods_that_do_not_tolerate_the_unschedulable_taint() {
    let cordoned = node("n1").unschedulable();
    let rejection = filter_node(&pod("web"), &cordoned, NodeUsage::default()).expect_err("rejected");
    assert_eq!((rejection.reasons, rejection.resolvable), (vec!["node(s) were unschedulable".to_string()], false));
    let tolerant = pod("ds").tolerates(Toleration::exists("node.kubernetes.io/unschedulable", "NoSchedule"));
    assert_eq!(filter_node(&tolerant, &cordoned, NodeUsage::default()), Ok(()));
}

#[test]
fn ev02_untolerated_noschedule_and_noexecute_taints_reject_prefer_noschedule_does_not() {
    let plain = pod("web");
    let tainted = |effect: &str| node("n1").tainted("dedicated", "db", effect);
    assert_eq!(
        reasons(filter_node(&plain, &tainted("NoSchedule"), NodeUsage::default())),
        ["node(s) had untolerated taint {dedicated: db}"]
    );
    assert_eq!(
        reasons(filter_node(&plain, &tainted("NoExecute"), NodeUsage::default())),
        ["node(s) had untolerated taint {dedicated: db}"]
    );
    assert_eq!(filter_node(&plain, &tainted("PreferNoSchedule"), NodeUsage::default()), Ok(()));
    let tolerant = pod("web").tolerates(Toleration::exists("dedicated", "NoSchedule"));
    assert_eq!(filter_node(&tolerant, &tainted("NoSchedule"), NodeUsage::default()), Ok(()));
    // The control-plane taint has no value: `{key: }`, as in EV-02's example.
    let cp = node("cp").tainted("node-role.kubernetes.io/control-plane", "", "NoSchedule");
    assert_eq!(
        reasons(filter_node(&plain, &cp, NodeUsage::default())),
        ["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"]
    );
}

#[test]
fn ev02_a_node_selector_mismatch_rejects_as_unresolvable() {
    let picky = pod("web").node_selector("disk", "ssd");
    let rejection = filter_node(&picky, &node("n1"), NodeUsage::default()).expect_err("rejected");
    assert_eq!((rejection.reasons, rejection.resolvable), (vec!["node(s) didn't match Pod's node affinity/selector".to_string()], false));
    assert_eq!(filter_node(&picky, &node("n1").labeled("disk", "ssd"), NodeUsage::default()), Ok(()));
}

#[test]
fn ev02_filters_run_in_the_default_profiles_order() {
    // NodeUnschedulable, then TaintToleration, then NodeAffinity, then NodeResourcesFit.
    let picky = pod("web").node_selector("disk", "ssd").requests("cpu", "4");
    let tainted = node("n1").tainted("dedicated", "db", "NoSchedule");
    assert_eq!(reasons(filter_node(&picky, &tainted.clone().unschedulable(), NodeUsage::default())), ["node(s) were unschedulable"]);
    assert_eq!(reasons(filter_node(&picky, &tainted, NodeUsage::default())), ["node(s) had untolerated taint {dedicated: db}"]);
    assert_eq!(reasons(filter_node(&picky, &node("n1"), NodeUsage::default())), ["node(s) didn't match Pod's node affinity/selector"]);
    assert_eq!(reasons(filter_node(&picky, &node("n1").labeled("disk", "ssd"), NodeUsage::default())), ["Insufficient cpu"]);
}

#[test]
fn ev02_node_resources_fit_keeps_every_insufficient_resource_and_is_resolvable() {
    // The node: 2 CPU, 4Gi, 110 pods.
    let big = pod("web").requests("cpu", "300m").requests("memory", "1Gi");
    let gib = 1024 * 1024 * 1024 * 1000;
    let rejection = filter_node(&big, &node("n1"), usage(1_800, 3 * gib + 1, 3)).expect_err("rejected");
    assert_eq!(rejection.reasons, ["Insufficient cpu", "Insufficient memory"]);
    assert!(rejection.resolvable, "preemption could help");
    assert_eq!(reasons(filter_node(&big, &node("n1"), usage(1_700, 3 * gib, 3))), Vec::<String>::new(), "exactly full fits");
    // The pod count is checked first, and counts even for a pod requesting nothing.
    let full = node("n1").allocatable("pods", "2");
    assert_eq!(reasons(filter_node(&big, &full, usage(1_800, 0, 2))), ["Too many pods", "Insufficient cpu"]);
    assert_eq!(reasons(filter_node(&pod("tiny"), &full, usage(2_000, 4 * gib, 1))), Vec::<String>::new());
}

#[test]
fn ev02_fit_error_counts_each_reason_and_each_node_once_for_preemption() {
    let rejections = vec![
        NodeRejection { reasons: vec!["Insufficient cpu".into(), "Insufficient memory".into()], resolvable: true },
        NodeRejection { reasons: vec!["Insufficient cpu".into()], resolvable: true },
        NodeRejection {
            reasons: vec!["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }".into()],
            resolvable: false,
        },
    ];
    assert_eq!(
        fit_error_message(3, &rejections),
        "0/3 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, \
         2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, \
         2 No preemption victims found for incoming pod."
    );
    assert_eq!(fit_error_message(0, &[]), "no nodes available to schedule pods");
}

#[test]
fn ds02_required_node_affinity_operators() {
    let with_terms = |terms: Vec<NodeSelectorTerm>| {
        let mut pod = pod("web");
        pod.spec.affinity = Some(Affinity {
            node_affinity: Some(NodeAffinity {
                required_during_scheduling_ignored_during_execution: Some(NodeSelector { node_selector_terms: terms }),
                ..Default::default()
            }),
            ..Default::default()
        });
        pod
    };
    let expr = |key: &str, op: &str, values: &[&str]| NodeSelectorTerm {
        match_expressions: vec![NodeSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }],
        match_fields: Vec::new(),
    };
    let gpu4 = node("n1").labeled("gpus", "4");
    assert!(matches_node_affinity(&with_terms(vec![expr("gpus", "Gt", &["3"])]).spec, &gpu4));
    assert!(!matches_node_affinity(&with_terms(vec![expr("gpus", "Gt", &["4"])]).spec, &gpu4));
    assert!(matches_node_affinity(&with_terms(vec![expr("gpus", "Lt", &["5"])]).spec, &gpu4));
    assert!(!matches_node_affinity(&with_terms(vec![expr("gpus", "Lt", &["x"])]).spec, &gpu4), "a non-integer bound matches nothing");
    assert!(matches_node_affinity(&with_terms(vec![expr("zone", "NotIn", &["a"])]).spec, &gpu4), "NotIn matches a missing label");
    assert!(matches_node_affinity(&with_terms(vec![expr("zone", "DoesNotExist", &[])]).spec, &gpu4));
    assert!(!matches_node_affinity(&with_terms(vec![expr("gpus", "DoesNotExist", &[])]).spec, &gpu4));
    // An empty term matches nothing; terms are ORed.
    assert!(!matches_node_affinity(&with_terms(vec![NodeSelectorTerm::default()]).spec, &gpu4));
    assert!(matches_node_affinity(&with_terms(vec![NodeSelectorTerm::default(), expr("gpus", "Exists", &[])]).spec, &gpu4));
    // matchFields reads metadata.name (DS-10's pinned pods).
    let pinned = NodeSelectorTerm {
        match_expressions: Vec::new(),
        match_fields: vec![NodeSelectorRequirement { key: "metadata.name".into(), operator: "In".into(), values: vec!["n1".into()] }],
    };
    assert!(matches_node_affinity(&with_terms(vec![pinned.clone()]).spec, &gpu4));
    assert!(!matches_node_affinity(&with_terms(vec![pinned]).spec, &node("n2")));
}
