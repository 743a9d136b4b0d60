//! Benchmark: a 1,000-replica OrderedReady StatefulSet with a claim template on 10 nodes of
//! the `kind` profile (local-path provisioner, WaitForFirstConsumer), scaled to all-Ready and
//! back to 0. Figures go to docs/benchmarks-statefulset.md.
//!
//! `cargo run --profile native --example sts_bench [REPLICAS] [NODES]`
use kubarium::sim::cluster::{Cluster, Config, Profile};
use kubarium::sim::objects::Object;
use kubarium::sim::store::ObjectKey;
use kubarium::sim::time::SECOND;
use std::time::Instant;

fn main() {
    let replicas: i64 = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let nodes: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(10);
    let events = std::env::var("BENCH_EVENTS").map_or(true, |v| v != "0");
    let start = Instant::now();
    let mut cluster = Cluster::new(Config {
        seed: 7,
        nodes,
        profile: Profile::Kind,
        record_history: false,
        record_events: events,
        check_invariants: false,
    });
    let body = serde_json::json!({
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"serviceName": "nginx", "replicas": replicas,
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {"metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [{"image": "nginx:1.27", "name": "nginx",
                    "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
            "volumeClaimTemplates": [{"metadata": {"name": "www"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}});
    let serde_json::Value::Object(map) = body else { unreachable!() };
    cluster.create_admitted(Object::from_parts("apps/v1", "StatefulSet", map).unwrap()).unwrap();
    let t = Instant::now();
    let took = cluster.settle(24 * 3600 * SECOND);
    let ready = cluster.store.list("Pod").filter_map(|p| p.as_pod()).filter(|p| p.is_ready()).count();
    let bound = cluster.store.list("PersistentVolume").count();
    println!(
        "scale up to {replicas}: {ready} Ready, {bound} volumes provisioned, after {:?} s simulated, {:?} wall; objects {}",
        took.map(|t| t / 1000),
        t.elapsed(),
        cluster.store.len()
    );
    let key = ObjectKey::new("StatefulSet", "default", "web");
    let t = Instant::now();
    let _ = cluster.modify(&key, |o| {
        if let Object::StatefulSet(set) = o {
            set.spec.replicas = Some(0);
        }
    });
    let took = cluster.settle(24 * 3600 * SECOND);
    let left = cluster.store.list("Pod").count();
    let status = cluster.get("StatefulSet", "default", "web").and_then(|s| s.as_statefulset()).and_then(|s| s.status.clone());
    println!(
        "scale down to 0: {left} pods left (status.replicas {:?}), claims kept {}, after {:?} s simulated, {:?} wall",
        status.map(|s| s.replicas),
        cluster.store.list("PersistentVolumeClaim").count(),
        took.map(|t| t / 1000),
        t.elapsed()
    );
    println!("total wall {:?}; objects {}", start.elapsed(), cluster.store.len());
}
