//! Behavioural assertions per spec rule, on the cluster a script leaves behind. The golden
//! transcripts (tests/scenarios.rs) show the whole story; these pin the facts that matter.

use kubarium::kubectl::Session;
use kubarium::sim::cluster::Config;
use kubarium::sim::objects::{Object, Pod};

const NGINX_DS: &str = "kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nginx-ds
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
EOF
";

const PLAIN_POD: &str = "kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: plain
spec:
  nodeName: node-2
  containers:
  - name: app
    image: nginx:1.7.9
EOF
";

fn session(seed: u64) -> Session {
    Session::new(Config { seed, ..Config::default() })
}

fn pods(session: &Session) -> Vec<Pod> {
    session.cluster.store.list("Pod").filter_map(|p| p.as_pod().cloned()).collect()
}

fn run(session: &mut Session, script: &str) -> String {
    session.run_script(script)
}

#[test]
fn ds12_ds16_one_running_pod_per_node_with_generated_names() {
    let mut s = session(11);
    run(&mut s, &format!("{NGINX_DS}settle\n"));
    let pods = pods(&s);
    assert_eq!(pods.len(), 3);
    let mut nodes: Vec<&str> = pods.iter().map(|p| p.spec.node_name.as_str()).collect();
    nodes.sort();
    assert_eq!(nodes, ["node-1", "node-2", "node-3"]);
    for pod in &pods {
        assert_eq!(pod.phase(), "Running");
        assert!(pod.is_ready());
        let suffix = pod.metadata.name.strip_prefix("nginx-ds-").expect("generateName base");
        assert_eq!(suffix.len(), 5);
        assert!(suffix.bytes().all(|c| b"bcdfghjklmnpqrstvwxz2456789".contains(&c)), "{suffix}");
        // DS-17: the bare hash and the template generation.
        assert_eq!(pod.metadata.labels.get("pod-template-generation").map(String::as_str), Some("1"));
        assert!(pod.metadata.labels.get("controller-revision-hash").is_some_and(|h| !h.contains('-')));
        // DS-18: controller owner reference.
        let owner = pod.metadata.controller_ref().expect("owner");
        assert_eq!((owner.kind.as_str(), owner.block_owner_deletion), ("DaemonSet", Some(true)));
    }
}

#[test]
fn ds06_ds10_daemon_pods_get_tolerations_and_a_pinned_affinity() {
    let mut s = session(12);
    run(&mut s, &format!("{NGINX_DS}settle\n"));
    let pod = pods(&s).into_iter().next().expect("a pod");
    let keys: Vec<(String, String)> = pod.spec.tolerations.iter().map(|t| (t.key.clone(), t.effect.clone())).collect();
    for (key, effect) in [
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ] {
        assert!(keys.contains(&(key.to_string(), effect.to_string())), "missing {key}:{effect}");
    }
    // DS-07/NODE-06: no tolerationSeconds, so DefaultTolerationSeconds adds nothing.
    assert!(pod.spec.tolerations.iter().all(|t| t.toleration_seconds.is_none()));
    let affinity = pod.spec.affinity.clone().unwrap().node_affinity.unwrap();
    let term = &affinity.required_during_scheduling_ignored_during_execution.unwrap().node_selector_terms[0];
    assert_eq!(term.match_fields[0].key, "metadata.name");
    assert_eq!(term.match_fields[0].values, vec![pod.spec.node_name.clone()]);
}

#[test]
fn ds10_without_a_scheduler_daemon_pods_exist_but_stay_pending() {
    let mut s = session(13);
    run(&mut s, &format!("scheduler stop\n{NGINX_DS}sleep 60s\n"));
    let created = pods(&s);
    assert_eq!(created.len(), 3, "the controller still creates the pod objects");
    assert!(created.iter().all(|p| p.spec.node_name.is_empty() && p.phase() != "Running"));
    run(&mut s, "scheduler start\nsettle\n");
    assert!(pods(&s).iter().all(|p| p.phase() == "Running"));
}

#[test]
fn ds08b_node_join_gets_a_pod_only_once_ready_and_ds14_node10_podgc_collects_after_removal() {
    let mut s = session(14);
    run(&mut s, &format!("{NGINX_DS}settle\nnode add node-4\nsleep 2s\n"));
    assert!(pods(&s).iter().all(|p| p.spec.node_name != "node-4"), "NotReady node-4 must not get a pod yet");
    run(&mut s, "settle\n");
    assert!(pods(&s).iter().any(|p| p.spec.node_name == "node-4" && p.phase() == "Running"));
    run(&mut s, "node remove node-2\nsleep 30s\n");
    assert!(pods(&s).iter().any(|p| p.spec.node_name == "node-2"), "DS-14: the DaemonSet controller does not delete it");
    run(&mut s, "sleep 40s\n");
    assert!(pods(&s).iter().all(|p| p.spec.node_name != "node-2"), "NODE-10: PodGC force-deleted it");
    let status = s.cluster.get("DaemonSet", "default", "nginx-ds").unwrap().as_daemonset().unwrap().status.clone().unwrap();
    assert_eq!(status.desired_number_scheduled, 3);
}

#[test]
fn node01_to_node08_a_silent_node_goes_notready_and_its_ordinary_pod_is_evicted_after_300s() {
    let mut s = session(15);
    // The last heartbeat was at most 10 s before the stop; the grace period is 50 s.
    run(&mut s, &format!("{NGINX_DS}{PLAIN_POD}settle\nnode stop node-2\nsleep 39s\n"));
    let node = |s: &Session| s.cluster.get("Node", "", "node-2").unwrap().as_node().unwrap().clone();
    assert_eq!(node(&s).ready_status(), "True", "still inside the 50 s grace period");
    run(&mut s, "sleep 16s\n");
    let n = node(&s);
    assert_eq!(n.ready_status(), "Unknown");
    let taints: Vec<String> = n.spec.taints.iter().map(|t| t.to_flag()).collect();
    assert!(taints.contains(&"node.kubernetes.io/unreachable:NoSchedule".to_string()), "{taints:?}");
    assert!(taints.contains(&"node.kubernetes.io/unreachable:NoExecute".to_string()), "{taints:?}");
    let plain_pod = |s: &Session| s.cluster.get("Pod", "default", "plain").map(|p| p.as_pod().unwrap().clone());
    let p = plain_pod(&s).unwrap();
    assert!(!p.is_ready(), "NODE-02: Ready condition False");
    assert!(p.status.unwrap().container_statuses[0].ready, "NODE-05: container status untouched");
    let status = s.cluster.get("DaemonSet", "default", "nginx-ds").unwrap().as_daemonset().unwrap().status.clone().unwrap();
    assert_eq!((status.desired_number_scheduled, status.number_misscheduled), (2, 1), "DS-08/DS-29");
    run(&mut s, "sleep 4m\n");
    assert!(!plain_pod(&s).unwrap().metadata.is_deleting(), "not before 300 s");
    run(&mut s, "sleep 60s\n");
    assert!(plain_pod(&s).unwrap().metadata.is_deleting(), "NODE-07: evicted");
    let daemon_on_node_2 = pods(&s).into_iter().find(|p| p.spec.node_name == "node-2" && p.metadata.name != "plain").unwrap();
    assert!(!daemon_on_node_2.metadata.is_deleting(), "DS-07: the daemon pod is not evicted");
    run(&mut s, "sleep 10m\n");
    assert!(plain_pod(&s).is_some(), "NODE-08: stays Terminating while the kubelet is away");
    run(&mut s, "node start node-2\nsettle\n");
    assert!(plain_pod(&s).is_none());
    assert_eq!(node(&s).ready_status(), "True");
    assert!(node(&s).spec.taints.is_empty());
}

#[test]
fn ds35_rolling_update_replaces_one_node_at_a_time() {
    let mut s = session(16);
    run(&mut s, &format!("{NGINX_DS}settle\nkubectl set image ds/nginx-ds nginx=nginx:1.9.1\n"));
    let mut max_terminating = 0;
    for _ in 0..400 {
        run(&mut s, "sleep 100ms\n");
        let terminating = pods(&s).iter().filter(|p| p.metadata.is_deleting()).count();
        max_terminating = max_terminating.max(terminating);
    }
    assert_eq!(max_terminating, 1, "maxUnavailable 1");
    assert!(pods(&s).iter().all(|p| p.spec.containers[0].image == "nginx:1.9.1" && p.phase() == "Running"));
    let revisions: Vec<i64> = s
        .cluster
        .store
        .list("ControllerRevision")
        .filter_map(|o| match &**o {
            Object::ControllerRevision(r) => Some(r.revision),
            _ => None,
        })
        .collect();
    assert_eq!(revisions.len(), 2, "DS-19");
}

#[test]
fn ds22_a_deleted_daemon_pod_is_replaced_only_after_it_is_gone() {
    let mut s = session(17);
    run(&mut s, &format!("{NGINX_DS}settle\n"));
    let victim = pods(&s).into_iter().find(|p| p.spec.node_name == "node-1").unwrap().metadata.name;
    let out = run(&mut s, &format!("kubectl delete pod {victim} --wait=false\nsleep 200ms\n"));
    assert!(out.contains(&format!("pod \"{victim}\" deleted")), "{out}");
    let targeting_node_1 = pods(&s).into_iter().filter(|p| p.spec.node_name == "node-1" || p.spec.node_name.is_empty()).count();
    assert_eq!(targeting_node_1, 1, "no replacement while the old pod is Terminating");
    run(&mut s, "settle\n");
    let now: Vec<Pod> = pods(&s).into_iter().filter(|p| p.spec.node_name == "node-1").collect();
    assert_eq!(now.len(), 1);
    assert_ne!(now[0].metadata.name, victim);
}

#[test]
fn same_seed_same_history_and_different_seeds_differ() {
    let script = format!("{NGINX_DS}node add node-4\nsettle\nkubectl get pods -o wide\nkubectl get events\n");
    let a = session(99).run_script(&script);
    let b = session(99).run_script(&script);
    assert_eq!(a, b);
    let c = session(100).run_script(&script);
    assert_ne!(a, c);
    let history = |seed| {
        let mut s = session(seed);
        s.run_script(&script);
        s.cluster
            .history
            .iter()
            .map(|e| format!("{} {} {} {}", e.at, e.type_.as_str(), e.object.name(), e.object.meta().resource_version))
            .collect::<Vec<_>>()
    };
    assert_eq!(history(5), history(5));
}

#[test]
fn bad_commands_are_errors_not_panics() {
    let mut s = session(1);
    for line in [
        "kubectl",
        "kubectl get",
        "kubectl get foos",
        "kubectl delete",
        "kubectl get pods -o bogus",
        "node",
        "node add",
        "sleep",
        "sleep x",
        "settle --timeout=zz",
        "kubectl taint nodes node-1",
        "kubectl rollout",
        "kubectl set image ds/x",
        "whoami",
        "kubectl get pods --bogus",
    ] {
        let out = s.execute_line(line, None);
        assert!(out.failed, "{line} should fail: {}", out.text);
        assert!(!out.text.is_empty(), "{line} should say why");
    }
    let out = s.execute_line("kubectl get pods --bogus", None);
    assert_eq!(out.text, "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
    let out = s.execute_line("kubectl get foos", None);
    assert_eq!(out.text, "error: the server doesn't have a resource type \"foos\"\n");
}

#[test]
fn gc_deleting_a_daemonset_removes_its_pods_and_cascade_orphan_keeps_them() {
    let mut s = session(18);
    run(&mut s, &format!("{NGINX_DS}settle\nkubectl delete ds nginx-ds --cascade=orphan\nsettle\n"));
    let orphans = pods(&s);
    assert_eq!(orphans.len(), 3, "orphaned pods stay");
    assert!(orphans.iter().all(|p| p.metadata.owner_references.is_empty()), "their owner reference is removed");
    run(&mut s, &format!("kubectl delete pods --all\n{NGINX_DS}settle\nkubectl delete ds nginx-ds\nsettle\n"));
    assert!(pods(&s).is_empty(), "background cascade deletes the dependents");
    assert_eq!(s.cluster.store.list("ControllerRevision").count(), 0, "revisions go with their owner");
}

/// A seeded stream of half-sensible command lines: nothing may panic, and the same seed must
/// give the same transcript.
#[test]
fn random_command_lines_never_panic() {
    const WORDS: &[&str] = &[
        "kubectl",
        "get",
        "pods",
        "nodes",
        "ds",
        "delete",
        "apply",
        "-f",
        "-",
        "-o",
        "yaml",
        "wide",
        "-l",
        "app=x",
        "-n",
        "kube-system",
        "-w",
        "node",
        "add",
        "remove",
        "stop",
        "start",
        "node-1",
        "node-9",
        "sleep",
        "1s",
        "settle",
        "cordon",
        "uncordon",
        "taint",
        "k=v:NoSchedule",
        "k-",
        "label",
        "a=b",
        "rollout",
        "status",
        "undo",
        "history",
        "ds/nginx-ds",
        "set",
        "image",
        "nginx=nginx:2",
        "scheduler",
        "--timeout=5s",
        "--force",
        "--grace-period=0",
        "'unterminated",
        "\"",
        "\\",
        "--",
        "=",
        ":",
    ];
    let transcript = |seed: u64| {
        let mut s = session(seed);
        run(&mut s, &format!("{NGINX_DS}settle\n"));
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let mut next = |n: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        };
        let mut out = String::new();
        for _ in 0..150 {
            let length = 1 + next(6);
            let line: Vec<&str> = (0..length).map(|_| WORDS[next(WORDS.len())]).collect();
            out.push_str(&s.execute_line(&line.join(" "), Some("kind: Pod\n".into())).text);
        }
        out
    };
    for seed in 0..8 {
        assert_eq!(transcript(seed), transcript(seed));
    }
}
