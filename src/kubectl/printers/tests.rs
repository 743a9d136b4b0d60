//! Golden-text tests: the exact bytes kubectl prints.

use super::*;
use crate::sim::objects::Object;
use crate::sim::time::Millis;
use serde_json::{json, Value};

const S: Millis = 1000;
const M: Millis = 60 * S;

/// An object from its JSON form, as the API serves it.
fn obj(v: Value) -> Object {
    let Value::Object(mut map) = v else { panic!("object JSON") };
    let api_version = map.remove("apiVersion").and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let kind = map.remove("kind").and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    Object::from_parts(&api_version, &kind, map).expect("valid object")
}

fn get(objs: &[Object], now: Millis) -> String {
    render_get(objs, now, &TableOptions::default())
}

fn get_with(objs: &[Object], now: Millis, opts: TableOptions) -> String {
    render_get(objs, now, &opts)
}

fn pod(name: &str, status: Value) -> Value {
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z",
                     "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}], "nodeName": "node1"},
        "status": status
    })
}

fn container(state: Value, ready: bool, restarts: i64) -> Value {
    json!({"name": "nginx", "state": state, "ready": ready, "restartCount": restarts,
           "image": "nginx:1.27", "imageID": ""})
}

fn pod_zoo() -> Vec<Object> {
    let running = json!({"running": {"startedAt": "2026-01-01T00:00:02Z"}});
    let mut terminating = pod(
        "web-terminating",
        json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
               "containerStatuses": [container(running.clone(), true, 0)]}),
    );
    terminating["metadata"]["deletionTimestamp"] = json!("2026-01-01T00:05:30Z");
    let mut completed = pod(
        "web-completed",
        json!({"phase": "Succeeded",
               "containerStatuses": [container(json!({"terminated": {"exitCode": 0, "reason": "Completed"}}), false, 0)]}),
    );
    completed["metadata"]["deletionTimestamp"] = json!("2026-01-01T00:05:30Z");
    let mut pending = pod(
        "web-pending",
        json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]}),
    );
    pending["spec"].as_object_mut().unwrap().remove("nodeName");
    vec![
        obj(pending),
        obj(pod(
            "web-creating",
            json!({"phase": "Pending",
                   "containerStatuses": [container(json!({"waiting": {"reason": "ContainerCreating"}}), false, 0)]}),
        )),
        obj(pod(
            "web-running",
            json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                   "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}],
                   "containerStatuses": [container(running.clone(), true, 0)]}),
        )),
        // A readiness probe that has not passed yet.
        obj(pod(
            "web-unready",
            json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}],
                   "containerStatuses": [container(running.clone(), false, 0)]}),
        )),
        obj(terminating),
        obj(completed),
        obj(pod(
            "web-crash",
            json!({"phase": "Running",
                   "containerStatuses": [{
                       "name": "nginx", "ready": false, "restartCount": 3, "image": "nginx:1.27", "imageID": "",
                       "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container"}},
                       "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                                     "startedAt": "2026-01-01T00:04:34Z", "finishedAt": "2026-01-01T00:04:35Z"}}}]}),
        )),
        obj(pod(
            "web-errpull",
            json!({"phase": "Pending",
                   "containerStatuses": [container(json!({"waiting": {"reason": "ErrImagePull"}}), false, 0)]}),
        )),
    ]
}

#[test]
fn pods_status_column_for_every_lifecycle_state() {
    // now = 5m after creation; the crash-looping container last exited 25 s ago.
    let now = 5 * M;
    assert_eq!(
        get(&pod_zoo(), now),
        "\
NAME              READY   STATUS              RESTARTS      AGE
web-pending       0/1     Pending             0             5m
web-creating      0/1     ContainerCreating   0             5m
web-running       1/1     Running             0             5m
web-unready       0/1     Running             0             5m
web-terminating   1/1     Terminating         0             5m
web-completed     0/1     Completed           0             5m
web-crash         0/1     CrashLoopBackOff    3 (25s ago)   5m
web-errpull       0/1     ErrImagePull        0             5m
"
    );
}

#[test]
fn pods_wide_adds_ip_node_nominated_node_and_readiness_gates() {
    let zoo = pod_zoo();
    let mut gated = pod(
        "web-gated",
        json!({"phase": "Running", "podIPs": [{"ip": "10.244.2.7"}], "nominatedNodeName": "node2",
               "conditions": [{"type": "Ready", "status": "False"}, {"type": "example.com/lb", "status": "True"}],
               "containerStatuses": [container(json!({"running": {}}), true, 0)]}),
    );
    gated["spec"]["readinessGates"] = json!([{"conditionType": "example.com/lb"}, {"conditionType": "example.com/dns"}]);
    let objs = vec![zoo[0].clone(), zoo[2].clone(), obj(gated)];
    assert_eq!(
        get_with(&objs, 45 * S, TableOptions { wide: true, ..Default::default() }),
        "\
NAME          READY   STATUS    RESTARTS   AGE   IP           NODE     NOMINATED NODE   READINESS GATES
web-pending   0/1     Pending   0          45s   <none>       <none>   <none>           <none>
web-running   1/1     Running   0          45s   10.244.1.5   node1    <none>           <none>
web-gated     1/1     Running   0          45s   10.244.2.7   node1    node2            1/2
"
    );
}

#[test]
fn pods_init_containers_sidecars_and_special_reasons() {
    let now = 90 * S;
    // Waiting on the first of two init containers.
    let mut init = pod(
        "init-wait",
        json!({"phase": "Pending", "conditions": [{"type": "Initialized", "status": "False"}],
               "initContainerStatuses": [
                   {"name": "setup", "ready": false, "restartCount": 0, "image": "busybox", "imageID": "",
                    "state": {"running": {}}},
                   {"name": "migrate", "ready": false, "restartCount": 0, "image": "busybox", "imageID": "",
                    "state": {"waiting": {"reason": "PodInitializing"}}}],
               "containerStatuses": [container(json!({"waiting": {"reason": "PodInitializing"}}), false, 0)]}),
    );
    init["spec"]["initContainers"] = json!([{"name": "setup", "image": "busybox"}, {"name": "migrate", "image": "busybox"}]);
    // A failed init container with no reason, killed by a signal.
    let mut init_failed = pod(
        "init-signal",
        json!({"phase": "Pending",
               "initContainerStatuses": [{"name": "setup", "ready": false, "restartCount": 2, "image": "busybox",
                    "imageID": "", "state": {"terminated": {"exitCode": 137, "signal": 9}}}],
               "containerStatuses": [container(json!({"waiting": {"reason": "PodInitializing"}}), false, 0)]}),
    );
    init_failed["spec"]["initContainers"] = json!([{"name": "setup", "image": "busybox"}]);
    // A running native sidecar counts towards READY and TOTAL.
    let mut sidecar = pod(
        "sidecar",
        json!({"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}, {"type": "Ready", "status": "True"}],
               "initContainerStatuses": [{"name": "proxy", "ready": true, "started": true, "restartCount": 1,
                    "image": "envoy", "imageID": "", "state": {"running": {}},
                    "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-01-01T00:01:00Z"}}}],
               "containerStatuses": [container(json!({"running": {}}), true, 0)]}),
    );
    sidecar["spec"]["initContainers"] = json!([{"name": "proxy", "image": "envoy", "restartPolicy": "Always"}]);
    let gated =
        pod("gated", json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}));
    let mut lost = pod("lost", json!({"phase": "Running", "reason": "NodeLost"}));
    lost["metadata"]["deletionTimestamp"] = json!("2026-01-01T00:01:00Z");
    let evicted = pod("evicted", json!({"phase": "Failed", "reason": "Evicted"}));
    let exit_code =
        pod("exitcode", json!({"phase": "Running", "containerStatuses": [container(json!({"terminated": {"exitCode": 2}}), false, 0)]}));
    let objs: Vec<Object> = [init, init_failed, sidecar, gated, lost, evicted, exit_code].into_iter().map(obj).collect();
    assert_eq!(
        get(&objs, now),
        "\
NAME          READY   STATUS            RESTARTS      AGE
init-wait     0/1     Init:0/2          0             90s
init-signal   0/1     Init:Signal:9     2             90s
sidecar       2/2     Running           1 (30s ago)   90s
gated         0/1     SchedulingGated   0             90s
lost          0/1     Unknown           0             90s
evicted       0/1     Evicted           0             90s
exitcode      0/1     ExitCode:2        0             90s
"
    );
}

#[test]
fn pod_10a_watch_rows_keep_grown_widths() {
    let created = "2026-01-01T00:00:00Z";
    let web = |name: &str, status: Value| {
        obj(json!({"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": name, "namespace": "default", "creationTimestamp": created},
                   "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}, "status": status}))
    };
    let pending = web("web-0", json!({"phase": "Pending"}));
    let creating = web(
        "web-0",
        json!({"phase": "Pending", "containerStatuses": [container(json!({"waiting": {"reason": "ContainerCreating"}}), false, 0)]}),
    );
    let running = web(
        "web-0",
        json!({"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
               "containerStatuses": [container(json!({"running": {}}), true, 0)]}),
    );
    let mut next = obj(json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "web-1", "namespace": "default", "creationTimestamp": "2026-01-01T00:00:02Z"},
        "spec": {"containers": [{"name": "nginx", "image": "nginx"}]}, "status": {"phase": "Pending"}}));
    next.meta_mut().labels.clear();

    let mut w = WatchPrinter::new(TableOptions::default(), false);
    let mut out = w.initial(std::slice::from_ref(&pending), 0);
    out += &w.event("MODIFIED", &pending, 0);
    out += &w.event("MODIFIED", &creating, 500);
    out += &w.event("MODIFIED", &running, 2 * S);
    out += &w.event("ADDED", &next, 2 * S + 100);
    assert_eq!(
        out,
        "\
NAME    READY   STATUS    RESTARTS   AGE
web-0   0/1     Pending   0          0s
web-0   0/1     Pending   0          0s
web-0   0/1     ContainerCreating   0          0s
web-0   1/1     Running             0          2s
web-1   0/1     Pending             0          0s
"
    );
}

#[test]
fn watch_with_output_watch_events_and_empty_initial_list() {
    let p = obj(pod("web-0", json!({"phase": "Pending"})));
    let mut w = WatchPrinter::new(TableOptions::default(), true);
    assert_eq!(w.initial::<Object>(&[], 0), "");
    let out = w.event("ADDED", &p, 0) + &w.event("DELETED", &p, 3 * S);
    assert_eq!(
        out,
        "\
EVENT      NAME    READY   STATUS    RESTARTS   AGE
ADDED      web-0   0/1     Pending   0          0s
DELETED    web-0   0/1     Pending   0          3s
"
    );
}

fn node(name: &str, labels: Value, unschedulable: bool, ready: Option<&str>) -> Object {
    let conditions = match ready {
        Some(status) => json!([{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": status}]),
        None => json!([]),
    };
    let mut spec = json!({});
    if unschedulable {
        spec["unschedulable"] = json!(true);
    }
    obj(json!({
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "labels": labels, "creationTimestamp": "2026-01-01T00:00:00Z"},
        "spec": spec,
        "status": {"conditions": conditions,
                   "addresses": [{"type": "InternalIP", "address": format!("172.18.0.{}", name.len())},
                                 {"type": "Hostname", "address": name}],
                   "nodeInfo": {"machineID": "", "systemUUID": "", "bootID": "", "kernelVersion": "6.8.0-1017-gcp",
                                "osImage": "Debian GNU/Linux 12 (bookworm)", "containerRuntimeVersion": "containerd://2.1.1",
                                "kubeletVersion": "v1.34.0", "kubeProxyVersion": "", "operatingSystem": "linux",
                                "architecture": "amd64"}}
    }))
}

fn nodes() -> Vec<Object> {
    vec![
        node("control-plane", json!({"node-role.kubernetes.io/control-plane": ""}), false, Some("True")),
        node("worker-1", json!({"kubernetes.io/role": "worker"}), true, Some("True")),
        node("worker-2", json!({}), false, Some("Unknown")),
        node("worker-3", json!({}), true, Some("False")),
        node("worker-4", json!({}), false, None),
    ]
}

#[test]
fn nodes_status_roles_and_scheduling_disabled() {
    assert_eq!(
        get(&nodes(), 3 * 60 * M),
        "\
NAME            STATUS                        ROLES           AGE   VERSION
control-plane   Ready                         control-plane   3h    v1.34.0
worker-1        Ready,SchedulingDisabled      worker          3h    v1.34.0
worker-2        NotReady                      <none>          3h    v1.34.0
worker-3        NotReady,SchedulingDisabled   <none>          3h    v1.34.0
worker-4        Unknown                       <none>          3h    v1.34.0
"
    );
}

#[test]
fn nodes_wide_and_all_namespaces_ignores_cluster_scope() {
    let opts = TableOptions { wide: true, with_namespace: true, ..Default::default() };
    assert_eq!(
        get_with(&nodes()[..1], 48 * 60 * M, opts),
        "\
NAME            STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME
control-plane   Ready    control-plane   2d    v1.34.0   172.18.0.13   <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1017-gcp   containerd://2.1.1
"
    );
}

fn tutorial_daemonset() -> Object {
    obj(json!({
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": {"name": "nginx-ds", "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z",
                     "generation": 1, "annotations": {"deprecated.daemonset.template.generation": "1"}},
        "spec": {"selector": {"matchLabels": {"app": "nginx-ds"}},
                 "template": {"metadata": {"labels": {"app": "nginx-ds"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
        "status": {"currentNumberScheduled": 3, "numberMisscheduled": 0, "desiredNumberScheduled": 3,
                   "numberReady": 3, "updatedNumberScheduled": 3, "numberAvailable": 3, "observedGeneration": 1}
    }))
}

#[test]
fn daemonset_tutorial_row() {
    assert_eq!(
        get(&[tutorial_daemonset()], 45 * S),
        "\
NAME       DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
nginx-ds   3         3         3       3            3           <none>          45s
"
    );
}

#[test]
fn daemonset_wide_with_node_selector() {
    let mut ds = tutorial_daemonset();
    if let Object::DaemonSet(d) = &mut ds {
        d.spec.template.spec.node_selector.insert("disk".into(), "ssd".into());
        d.spec.template.spec.node_selector.insert("arch".into(), "amd64".into());
        d.status = None;
    }
    assert_eq!(
        get_with(&[ds], 3 * M + 20 * S, TableOptions { wide: true, ..Default::default() }),
        "\
NAME       DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR         AGE     CONTAINERS   IMAGES       SELECTOR
nginx-ds   0         0         0       0            0           arch=amd64,disk=ssd   3m20s   nginx        nginx:1.27   app=nginx-ds
"
    );
}

#[test]
fn controller_revisions_name_their_controller_with_group() {
    let cr = |name: &str, revision: i64, owner: Value| {
        obj(json!({"apiVersion": "apps/v1", "kind": "ControllerRevision",
                   "metadata": {"name": name, "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z",
                                "ownerReferences": owner},
                   "revision": revision}))
    };
    let owner = json!([{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "nginx-ds", "uid": "u1", "controller": true}]);
    let objs = vec![cr("nginx-ds-6b8f7c9d4", 1, owner.clone()), cr("nginx-ds-7d9c5b8f6", 2, owner), cr("orphan", 1, json!([]))];
    assert_eq!(
        get(&objs, 10 * M),
        "\
NAME                 CONTROLLER                REVISION   AGE
nginx-ds-6b8f7c9d4   daemonset.apps/nginx-ds   1          10m
nginx-ds-7d9c5b8f6   daemonset.apps/nginx-ds   2          10m
orphan               <none>                    1          10m
"
    );
}

fn event(name: &str, kind: &str, object: &str, type_: &str, reason: &str, message: &str, last: &str) -> Object {
    obj(json!({
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": name, "namespace": "default", "creationTimestamp": last},
        "involvedObject": {"kind": kind, "namespace": "default", "name": object, "apiVersion": "v1",
                           "fieldPath": if kind == "Pod" { "spec.containers{nginx}" } else { "" }},
        "reason": reason, "message": message,
        "source": {"component": if kind == "Pod" { "kubelet" } else { "daemonset-controller" },
                   "host": if kind == "Pod" { "node1" } else { "" }},
        "firstTimestamp": "2026-01-01T00:00:10Z", "lastTimestamp": last,
        "count": 1, "type": type_, "reportingComponent": "", "reportingInstance": ""
    }))
}

fn events() -> Vec<Object> {
    vec![
        event(
            "nginx-ds.1881a2b3c4d5e6f7",
            "DaemonSet",
            "nginx-ds",
            "Normal",
            "SuccessfulCreate",
            "Created pod: nginx-ds-7xk2p",
            "2026-01-01T00:00:10Z",
        ),
        event(
            "web-0.1881a2b3c4d5e6f8",
            "Pod",
            "web-0",
            "Warning",
            "BackOff",
            "Back-off restarting failed container nginx in pod web-0_default(abc)\n",
            "2026-01-01T00:01:50Z",
        ),
    ]
}

#[test]
fn events_table_uses_lowercase_kind_without_group() {
    assert_eq!(
        get(&events(), 2 * M),
        "\
LAST SEEN   TYPE      REASON             OBJECT               MESSAGE
110s        Normal    SuccessfulCreate   daemonset/nginx-ds   Created pod: nginx-ds-7xk2p
10s         Warning   BackOff            pod/web-0            Back-off restarting failed container nginx in pod web-0_default(abc)
"
    );
}

#[test]
fn events_wide_adds_subobject_source_first_seen_count_name() {
    let out = get_with(&events()[1..], 2 * M, TableOptions { wide: true, ..Default::default() });
    assert_eq!(
        out,
        "\
LAST SEEN   TYPE      REASON    OBJECT      SUBOBJECT                SOURCE           MESSAGE                                                                FIRST SEEN   COUNT   NAME
10s         Warning   BackOff   pod/web-0   spec.containers{nginx}   kubelet, node1   Back-off restarting failed container nginx in pod web-0_default(abc)   110s         1       web-0.1881a2b3c4d5e6f8
"
    );
}

fn service(name: &str, spec: Value) -> Object {
    obj(json!({"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": name, "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z"},
               "spec": spec}))
}

#[test]
fn services_cluster_ip_headless_and_node_port() {
    let objs = vec![
        service(
            "kubernetes",
            json!({"type": "ClusterIP", "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"],
                                     "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]}),
        ),
        service(
            "nginx",
            json!({"clusterIP": "None", "clusterIPs": ["None"], "selector": {"app": "nginx"},
                                "ports": [{"name": "web", "port": 80, "protocol": "TCP"}]}),
        ),
        service(
            "web-np",
            json!({"type": "NodePort", "clusterIP": "10.96.12.34", "selector": {"app": "web", "tier": "fe"},
                                 "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}]}),
        ),
        service("lb", json!({"type": "LoadBalancer", "clusterIPs": ["10.96.7.7"], "ports": [{"port": 80, "nodePort": 31000}]})),
    ];
    assert_eq!(
        get_with(&objs, 3 * 24 * 60 * M + 4 * 60 * M, TableOptions { wide: true, ..Default::default() }),
        "\
NAME         TYPE           CLUSTER-IP    EXTERNAL-IP   PORT(S)               AGE    SELECTOR
kubernetes   ClusterIP      10.96.0.1     <none>        443/TCP               3d4h   <none>
nginx        ClusterIP      None          <none>        80/TCP                3d4h   app=nginx
web-np       NodePort       10.96.12.34   <none>        80:30080/TCP,53/UDP   3d4h   app=web,tier=fe
lb           LoadBalancer   10.96.7.7     <pending>     80:31000/TCP          3d4h   <none>
"
    );
}

fn generic(api_version: &str, kind: &str, name: &str, namespace: &str, extra: Value) -> Object {
    let mut v = json!({"apiVersion": api_version, "kind": kind,
                       "metadata": {"name": name, "creationTimestamp": "2026-01-01T00:00:00Z"}});
    if !namespace.is_empty() {
        v["metadata"]["namespace"] = json!(namespace);
    }
    if let (Some(target), Value::Object(extra)) = (v.as_object_mut(), extra) {
        for (k, val) in extra {
            if k == "metadata" {
                for (mk, mv) in val.as_object().cloned().unwrap_or_default() {
                    target["metadata"][mk] = mv;
                }
            } else {
                target.insert(k, val);
            }
        }
    }
    obj(v)
}

#[test]
fn namespaces_configmaps_secrets_serviceaccounts() {
    let now = 20 * 60 * M + 30 * M; // 20h30m → "20h"
    assert_eq!(
        get(
            &[
                generic("v1", "Namespace", "default", "", json!({"status": {"phase": "Active"}})),
                generic("v1", "Namespace", "kube-system", "", json!({})),
                generic("v1", "Namespace", "old", "", json!({"status": {"phase": "Terminating"}})),
            ],
            now
        ),
        "NAME          STATUS        AGE\ndefault       Active        20h\nkube-system   Active        20h\nold           Terminating   20h\n"
    );
    assert_eq!(
        get(
            &[
                generic("v1", "ConfigMap", "kube-root-ca.crt", "default", json!({"data": {"ca.crt": "x"}})),
                generic("v1", "ConfigMap", "settings", "default", json!({"data": {"a": "1", "b": "2"}, "binaryData": {"c": "AA=="}})),
            ],
            now
        ),
        "NAME               DATA   AGE\nkube-root-ca.crt   1      20h\nsettings           3      20h\n"
    );
    assert_eq!(
        get(
            &[
                generic("v1", "Secret", "db", "default", json!({"data": {"user": "YQ=="}, "stringData": {"password": "p"}})),
                generic("v1", "Secret", "tls", "default", json!({"type": "kubernetes.io/tls", "data": {"tls.crt": "", "tls.key": ""}})),
            ],
            now
        ),
        "NAME   TYPE                DATA   AGE\ndb     Opaque              2      20h\ntls    kubernetes.io/tls   2      20h\n"
    );
    assert_eq!(
        get(&[generic("v1", "ServiceAccount", "default", "default", json!({}))], now),
        "NAME      SECRETS   AGE\ndefault   0         20h\n"
    );
}

#[test]
fn statefulsets_deployments_replicasets() {
    let now = 47 * M + 10 * S;
    let template = json!({"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"},
                                                  {"name": "log", "image": "busybox"}]}});
    let sts = generic(
        "apps/v1",
        "StatefulSet",
        "web",
        "default",
        json!({"spec": {"replicas": 3, "serviceName": "nginx", "selector": {"matchLabels": {"app": "web"}}, "template": template},
               "status": {"replicas": 3, "readyReplicas": 2}}),
    );
    assert_eq!(get(std::slice::from_ref(&sts), now), "NAME   READY   AGE\nweb    2/3     47m\n");
    assert_eq!(
        get_with(&[sts], now, TableOptions { wide: true, ..Default::default() }),
        "NAME   READY   AGE   CONTAINERS   IMAGES\nweb    2/3     47m   nginx,log    nginx:1.27,busybox\n"
    );
    let deploy = generic(
        "apps/v1",
        "Deployment",
        "frontend",
        "default",
        json!({"spec": {"selector": {"matchLabels": {"app": "web"}, "matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["qa"]}]},
                        "template": template},
               "status": {"replicas": 1, "updatedReplicas": 1, "readyReplicas": 1, "availableReplicas": 1}}),
    );
    assert_eq!(
        get_with(&[deploy], now, TableOptions { wide: true, ..Default::default() }),
        "NAME       READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES               SELECTOR\n\
         frontend   1/1     1            1           47m   nginx,log    nginx:1.27,busybox   app=web,env notin (qa)\n"
    );
    let rs = generic(
        "apps/v1",
        "ReplicaSet",
        "frontend-5d8b9c",
        "default",
        json!({"spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": template},
               "status": {"replicas": 2, "readyReplicas": 1}}),
    );
    assert_eq!(get(&[rs], now), "NAME              DESIRED   CURRENT   READY   AGE\nfrontend-5d8b9c   2         2         1       47m\n");
}

#[test]
fn persistent_volumes_claims_and_storage_classes() {
    let now = 100 * S;
    let pv = generic(
        "v1",
        "PersistentVolume",
        "pv-1",
        "",
        json!({"spec": {"capacity": {"storage": "1024Mi"}, "accessModes": ["ReadWriteOnce", "ReadOnlyMany"],
                        "persistentVolumeReclaimPolicy": "Delete", "storageClassName": "standard",
                        "claimRef": {"namespace": "default", "name": "www-web-0"}, "hostPath": {"path": "/tmp/pv-1"}},
               "status": {"phase": "Bound"}}),
    );
    let pv_free = generic(
        "v1",
        "PersistentVolume",
        "pv-2",
        "",
        json!({"spec": {"capacity": {"storage": "5Gi"}, "accessModes": ["ReadWriteMany"], "hostPath": {"path": "/tmp/pv-2"}},
               "status": {"phase": "Available"}}),
    );
    assert_eq!(
        get(&[pv, pv_free], now),
        "\
NAME   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM               STORAGECLASS   VOLUMEATTRIBUTESCLASS   REASON   AGE
pv-1   1Gi        RWO,ROX        Delete           Bound       default/www-web-0   standard       <unset>                          100s
pv-2   5Gi        RWX            Retain           Available                                      <unset>                          100s
"
    );
    let bound = generic(
        "v1",
        "PersistentVolumeClaim",
        "www-web-0",
        "default",
        json!({"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                        "storageClassName": "standard", "volumeName": "pv-1"},
               "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce", "ReadOnlyMany"], "capacity": {"storage": "1Gi"}}}),
    );
    let pending = generic(
        "v1",
        "PersistentVolumeClaim",
        "www-web-1",
        "default",
        json!({"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}),
    );
    assert_eq!(
        get_with(&[bound, pending], now, TableOptions { wide: true, ..Default::default() }),
        "\
NAME        STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE    VOLUMEMODE
www-web-0   Bound     pv-1     1Gi        RWO,ROX        standard       <unset>                 100s   Filesystem
www-web-1   Pending                                                     <unset>                 100s   Filesystem
"
    );
    let sc = generic(
        "storage.k8s.io/v1",
        "StorageClass",
        "standard",
        "",
        json!({"metadata": {"annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
               "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}),
    );
    let fast = generic(
        "storage.k8s.io/v1",
        "StorageClass",
        "fast",
        "",
        json!({"provisioner": "kubernetes.io/no-provisioner", "allowVolumeExpansion": true}),
    );
    assert_eq!(
        get(&[sc, fast], now),
        "\
NAME                 PROVISIONER                    RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE
standard (default)   rancher.io/local-path          Delete          WaitForFirstConsumer   false                  100s
fast                 kubernetes.io/no-provisioner   Delete          Immediate              true                   100s
"
    );
}

#[test]
fn rbac_crds_and_custom_resources() {
    let now = 5 * M;
    assert_eq!(
        get(&[generic("rbac.authorization.k8s.io/v1", "ClusterRole", "admin", "", json!({"rules": []}))], now),
        "NAME    CREATED AT\nadmin   2026-01-01T00:00:00Z\n"
    );
    assert_eq!(
        get_with(
            &[generic("rbac.authorization.k8s.io/v1", "RoleBinding", "read-pods", "default",
                json!({"roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "pod-reader"},
                       "subjects": [{"kind": "User", "name": "jane"}, {"kind": "ServiceAccount", "name": "bot", "namespace": "ci"}]}))],
            now,
            TableOptions { wide: true, ..Default::default() }
        ),
        "NAME        ROLE              AGE   USERS   GROUPS   SERVICEACCOUNTS\nread-pods   Role/pod-reader   5m    jane             ci/bot\n"
    );
    assert_eq!(
        get(&[generic("example.com/v1", "CronTab", "my-cron", "default", json!({"spec": {"cronSpec": "* * * * */5"}}))], now),
        "NAME      AGE\nmy-cron   5m\n"
    );
}

#[test]
fn labels_label_columns_namespace_and_no_headers() {
    let zoo = pod_zoo();
    let mut other = zoo[2].clone();
    other.meta_mut().namespace = "kube-system".into();
    other.meta_mut().name = "coredns".into();
    other.meta_mut().labels.insert("k8s-app".into(), "kube-dns".into());
    let objs = vec![zoo[2].clone(), other];
    let opts = TableOptions {
        with_namespace: true,
        show_labels: true,
        label_columns: vec!["k8s-app".into(), "example.com/tier".into()],
        ..Default::default()
    };
    assert_eq!(
        get_with(&objs, 45 * S, opts.clone()),
        "\
NAMESPACE     NAME          READY   STATUS    RESTARTS   AGE   K8S-APP    TIER   LABELS
default       web-running   1/1     Running   0          45s                     app=web
kube-system   coredns       1/1     Running   0          45s   kube-dns          app=web,k8s-app=kube-dns
"
    );
    assert_eq!(
        get_with(&objs[..1], 45 * S, TableOptions { no_headers: true, ..Default::default() }),
        "web-running   1/1   Running   0     45s\n"
    );
}

#[test]
fn get_all_prefixes_kinds_and_separates_tables() {
    let svc = service("kubernetes", json!({"type": "ClusterIP", "clusterIPs": ["10.96.0.1"], "ports": [{"port": 443, "protocol": "TCP"}]}));
    let objs = vec![pod_zoo()[2].clone(), svc, tutorial_daemonset()];
    assert_eq!(
        get_with(&objs, 45 * S, TableOptions { with_kind: true, ..Default::default() }),
        "\
NAME              READY   STATUS    RESTARTS   AGE
pod/web-running   1/1     Running   0          45s

NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   45s

NAME                      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE
daemonset.apps/nginx-ds   3         3         3       3            3           <none>          45s
"
    );
    assert_eq!(get(&[] as &[Object], 0), "");
}

#[test]
fn cells_with_line_breaks_are_cut() {
    let ev = event("e", "Pod", "web-0", "Warning", "Failed", "first line\nsecond line", "2026-01-01T00:00:10Z");
    assert_eq!(
        get(&[ev], 10 * S),
        "LAST SEEN   TYPE      REASON   OBJECT      MESSAGE\n0s          Warning   Failed   pod/web-0   first line...\n"
    );
}

// ---------------------------------------------------------------------------------------------
// -o yaml / json / name

fn yaml_pod() -> Object {
    obj(json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "nginx-ds-7xk2p", "generateName": "nginx-ds-", "namespace": "default",
                     "uid": "0b7a5c1e-1f0d-4c3b-9a6e-2d4f6a8b0c1d", "resourceVersion": "1001",
                     "creationTimestamp": "2026-01-01T00:00:00Z",
                     "labels": {"app": "nginx-ds", "controller-revision-hash": "6b8f7c9d4", "pod-template-generation": "1"},
                     "ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "nginx-ds",
                                          "uid": "5f1e", "controller": true, "blockOwnerDeletion": true}],
                     "managedFields": [{"manager": "kube-controller-manager"}]},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80, "protocol": "TCP"}],
                                 "command": ["sh", "-c", "echo hello\nsleep 3600\n"], "resources": {}}],
                 "nodeName": "node1", "restartPolicy": "Always", "terminationGracePeriodSeconds": 30,
                 "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}]},
        "status": {"phase": "Running", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}],
                   "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:03Z"}]}
    }))
}

#[test]
fn yaml_of_one_object() {
    assert_eq!(
        object_yaml(&yaml_pod()),
        "\
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: \"2026-01-01T00:00:00Z\"
  generateName: nginx-ds-
  labels:
    app: nginx-ds
    controller-revision-hash: 6b8f7c9d4
    pod-template-generation: \"1\"
  name: nginx-ds-7xk2p
  namespace: default
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: DaemonSet
    name: nginx-ds
    uid: 5f1e
  resourceVersion: \"1001\"
  uid: 0b7a5c1e-1f0d-4c3b-9a6e-2d4f6a8b0c1d
spec:
  containers:
  - command:
    - sh
    - -c
    - |
      echo hello
      sleep 3600
    image: nginx:1.27
    name: nginx
    ports:
    - containerPort: 80
      protocol: TCP
  nodeName: node1
  restartPolicy: Always
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
status:
  conditions:
  - lastTransitionTime: \"2026-01-01T00:00:03Z\"
    status: \"True\"
    type: Ready
  phase: Running
  podIP: 10.244.1.5
  podIPs:
  - ip: 10.244.1.5
"
    );
}

#[test]
fn yaml_list_of_daemonset() {
    assert_eq!(
        list_yaml(&[tutorial_daemonset()]),
        "\
apiVersion: v1
items:
- apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    annotations:
      deprecated.daemonset.template.generation: \"1\"
    creationTimestamp: \"2026-01-01T00:00:00Z\"
    generation: 1
    name: nginx-ds
    namespace: default
  spec:
    selector:
      matchLabels:
        app: nginx-ds
    template:
      metadata:
        labels:
          app: nginx-ds
      spec:
        containers:
        - image: nginx:1.27
          name: nginx
  status:
    currentNumberScheduled: 3
    desiredNumberScheduled: 3
    numberAvailable: 3
    numberMisscheduled: 0
    numberReady: 3
    observedGeneration: 1
    updatedNumberScheduled: 3
kind: List
metadata:
  resourceVersion: \"\"
"
    );
}

#[test]
fn json_of_one_object_and_a_list() {
    let ns = generic("v1", "Namespace", "default", "", json!({"spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}));
    assert_eq!(
        object_json(&ns),
        "\
{
    \"apiVersion\": \"v1\",
    \"kind\": \"Namespace\",
    \"metadata\": {
        \"creationTimestamp\": \"2026-01-01T00:00:00Z\",
        \"name\": \"default\"
    },
    \"spec\": {
        \"finalizers\": [
            \"kubernetes\"
        ]
    },
    \"status\": {
        \"phase\": \"Active\"
    }
}
"
    );
    assert_eq!(
        list_json::<Object>(&[]),
        "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
    );
}

#[test]
fn names_output() {
    let objs = vec![pod_zoo()[2].clone(), tutorial_daemonset(), nodes()[0].clone()];
    assert_eq!(names(&objs), "pod/web-running\ndaemonset.apps/nginx-ds\nnode/control-plane\n");
}
