//! Runs benchmark (b) once with timings per phase: `cargo run --release --example scale_probe [NODES]`.
use kubarium::sim::cluster::{Cluster, Config};
use kubarium::sim::objects::Object;
use kubarium::sim::time::SECOND;
use std::time::Instant;

fn main() {
    let nodes: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(5000);
    let start = Instant::now();
    let mut cluster = Cluster::new(Config { seed: 7, nodes, record_history: false, check_invariants: false, ..Config::default() });
    println!("bootstrap {nodes} nodes: {:?}", start.elapsed());
    let body = serde_json::json!({
        "metadata": {"name": "nginx-ds", "namespace": "default"},
        "spec": {"selector": {"matchLabels": {"k8s-app": "nginx"}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "10%"}},
            "template": {"metadata": {"labels": {"k8s-app": "nginx"}},
                "spec": {"containers": [{"image": "nginx:1.7.9", "name": "nginx"}]}}}});
    let serde_json::Value::Object(map) = body else { unreachable!() };
    cluster.create_admitted(Object::from_parts("apps/v1", "DaemonSet", map).unwrap()).unwrap();
    let t = Instant::now();
    let took = cluster.settle(3600 * SECOND);
    let running = cluster.store.list("Pod").filter_map(|p| p.as_pod()).filter(|p| p.phase() == "Running").count();
    println!("rollout: {running} Running after {:?} simulated, {:?} wall", took.map(|t| t / 1000), t.elapsed());
    let t = Instant::now();
    let names: Vec<String> = cluster.store.list("Node").map(|n| n.name().to_string()).take(nodes / 5).collect();
    for name in names {
        cluster.remove_node(&name).unwrap();
    }
    let took = cluster.settle(3600 * SECOND);
    println!(
        "remove {}: {} pods left after {:?} simulated, {:?} wall",
        nodes / 5,
        cluster.store.list("Pod").count(),
        took.map(|t| t / 1000),
        t.elapsed()
    );
    let t = Instant::now();
    let mut ds = cluster.get("DaemonSet", "default", "nginx-ds").unwrap().as_daemonset().unwrap().clone();
    ds.spec.template.spec.containers[0].image = "nginx:1.9.1".into();
    cluster.update_admitted(Object::DaemonSet(ds)).unwrap();
    let took = cluster.settle(3600 * SECOND);
    let updated = cluster
        .store
        .list("Pod")
        .filter_map(|p| p.as_pod())
        .filter(|p| p.phase() == "Running" && p.spec.containers[0].image == "nginx:1.9.1")
        .count();
    println!("rolling update: {updated} updated after {:?} simulated, {:?} wall", took.map(|t| t / 1000), t.elapsed());
    println!("total wall {:?}; objects {}", start.elapsed(), cluster.store.len());
}
