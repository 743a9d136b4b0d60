//! Reconcile-core benchmarks (not part of the test command): `cargo bench --bench reconcile`.
//!
//! (a) the tutorial's DaemonSet on 3 nodes, to all-Running;
//! (b) 5,000 nodes plus a DaemonSet to all-Running, then 1,000 nodes removed, then a rolling
//!     update with maxUnavailable 10% to completion.
//!
//! Criterion measures (a) and reports its throughput in pod creations per second (a creation
//! counts once the pod is Running). (b) takes minutes, so it runs once and prints its figures
//! (`KUBARIUM_BENCH_NODES` scales it down for a quick look). Peak memory per pod comes from a
//! counting allocator.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kubarium::sim::cluster::{Cluster, Config};
use kubarium::sim::objects::Object;
use kubarium::sim::time::SECOND;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn daemonset(max_unavailable: &str) -> Object {
    let body = serde_json::json!({
        "metadata": {"name": "nginx-ds", "namespace": "default", "labels": {"k8s-app": "nginx"}},
        "spec": {"selector": {"matchLabels": {"k8s-app": "nginx"}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": max_unavailable}},
            "template": {"metadata": {"labels": {"k8s-app": "nginx"}},
                "spec": {"containers": [{"image": "nginx:1.7.9", "name": "nginx",
                    "ports": [{"name": "http", "containerPort": 80}]}]}}}});
    let serde_json::Value::Object(map) = body else { unreachable!() };
    Object::from_parts("apps/v1", "DaemonSet", map).expect("DaemonSet")
}

fn running_pods(cluster: &Cluster) -> usize {
    cluster.store.list("Pod").filter_map(|p| p.as_pod()).filter(|p| p.phase() == "Running" && p.is_ready()).count()
}

fn quiet(nodes: usize) -> Config {
    Config { seed: 7, nodes, record_history: false, check_invariants: false, ..Config::default() }
}

/// (a): returns pods Running.
fn tutorial(cluster: &mut Cluster) -> usize {
    cluster.create_admitted(daemonset("1")).expect("create");
    cluster.settle(10 * 60 * SECOND).expect("settles");
    running_pods(cluster)
}

/// (b): returns pod creations that reached Running.
fn large(cluster: &mut Cluster) -> usize {
    let timeout = 60 * 60 * SECOND;
    cluster.create_admitted(daemonset("10%")).expect("create");
    cluster.settle(timeout).expect("initial rollout settles");
    let mut created = running_pods(cluster);
    let names: Vec<String> = cluster.store.list("Node").map(|n| n.name().to_string()).take(1000).collect();
    for name in names {
        cluster.remove_node(&name).expect("remove");
    }
    cluster.settle(timeout).expect("node removal settles");
    // As `kubectl set image` does: a new template through the registry's update hook, which
    // bumps the template generation (DS-17).
    let mut ds = cluster.get("DaemonSet", "default", "nginx-ds").unwrap().as_daemonset().unwrap().clone();
    ds.spec.template.spec.containers[0].image = "nginx:1.9.1".into();
    cluster.update_admitted(Object::DaemonSet(ds)).expect("update");
    cluster.settle(timeout).expect("rolling update settles");
    let updated = cluster
        .store
        .list("Pod")
        .filter_map(|p| p.as_pod())
        .filter(|p| p.phase() == "Running" && p.spec.containers[0].image == "nginx:1.9.1")
        .count();
    created += updated;
    created
}

/// (b), once, with figures: its wall time is its CPU time (the simulation is single-threaded).
fn report_large(nodes: usize) {
    for record_events in [true, false] {
        let before = CURRENT.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let started = std::time::Instant::now();
        let mut cluster = Cluster::new(Config { record_events, ..quiet(nodes) });
        let pods = large(&mut cluster);
        let seconds = started.elapsed().as_secs_f64();
        let peak = PEAK.load(Ordering::Relaxed) - before;
        eprintln!(
            "figures (b) {nodes} nodes, Events {}: {pods} pod creations reached Running in {seconds:.2} s = {:.0} creations/s; peak heap {:.1} MiB = {:.0} bytes per pod created; {} objects stored at the end",
            if record_events { "recorded" } else { "off" },
            pods as f64 / seconds,
            peak as f64 / (1 << 20) as f64,
            peak as f64 / pods as f64,
            cluster.store.len()
        );
    }
}

fn benches(c: &mut Criterion) {
    let nodes = std::env::var("KUBARIUM_BENCH_NODES").ok().and_then(|n| n.parse().ok()).unwrap_or(5000);
    report_large(nodes);
    let mut group = c.benchmark_group("reconcile");
    group.sample_size(20);
    group.throughput(Throughput::Elements(3));
    group.bench_function("a_tutorial_daemonset_3_nodes", |b| {
        b.iter_batched(|| Cluster::new(quiet(3)), |mut cluster| assert_eq!(tutorial(&mut cluster), 3), BatchSize::PerIteration)
    });
    group.finish();
}

criterion_group!(reconcile, benches);
criterion_main!(reconcile);
