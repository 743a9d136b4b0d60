//! What rewinding costs: a 10-minute lesson on the default cluster, with a checkpoint (a clone
//! of the whole cluster) taken every simulated second, so any second can be restored and then
//! replayed to the exact instant. Run: `cargo run --profile native --example rewind_memory`.
//!
//! The store is a persistent map and the watch history a persistent vector, so a checkpoint
//! copies only what changed since the previous one plus the small per-controller state.

use kubarium::kubectl::Session;
use kubarium::sim::cluster::{Cluster, Config};
use kubarium::sim::time::SECOND;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A lesson: the tutorial's DaemonSet, a node joining, a rollout, a node failing and coming
/// back, all inside ten simulated minutes.
const LESSON: &[(i64, &str)] = &[
    (0, "kubectl apply -f ds.yaml"),
    (60, "node add node-4"),
    (120, "kubectl set image ds/nginx-ds nginx=nginx:1.9.1"),
    (240, "node stop node-2"),
    (480, "node start node-2"),
    (540, "kubectl cordon node-3"),
];

/// The tutorial's DaemonSet, as the page's preset holds it.
const DS: &str = kubarium::view::presets::DAEMONSET;

fn main() {
    let base = LIVE.load(Ordering::Relaxed);
    let mut session = Session::new(Config { check_invariants: false, ..Config::default() });
    session.files.insert("ds.yaml".into(), DS.into());
    let mut checkpoints: Vec<Cluster> = Vec::with_capacity(601);
    let mut lesson = LESSON.iter().peekable();
    for second in 0..=600i64 {
        while let Some((_, line)) = lesson.next_if(|(at, _)| *at == second) {
            session.execute_line(line, None);
        }
        checkpoints.push(session.cluster.clone());
        session.advance_to((second + 1) * SECOND);
    }
    let with_checkpoints = LIVE.load(Ordering::Relaxed) - base;
    let objects = session.cluster.store.len();
    let events = session.cluster.history.len();
    // Restoring: take the checkpoint at t=300 s, step it to t=300.5 s, and compare with a
    // fresh run of the same lesson to the same instant: every object must be identical.
    let mut restored = checkpoints[300].clone();
    restored.advance_to(300 * SECOND + 500);
    drop(checkpoints);
    let live_only = LIVE.load(Ordering::Relaxed) - base;
    let per_checkpoint = (with_checkpoints - live_only) as f64 / 601.0;
    println!("lesson: 600 simulated seconds, {objects} objects stored, {events} watch events");
    println!("live cluster alone: {:.1} KiB", live_only as f64 / 1024.0);
    println!(
        "with 601 checkpoints (one per simulated second): {:.1} KiB, i.e. {:.1} KiB per checkpoint",
        with_checkpoints as f64 / 1024.0,
        per_checkpoint / 1024.0
    );
    let mut fresh = Session::new(Config { check_invariants: false, ..Config::default() });
    fresh.files.insert("ds.yaml".into(), DS.into());
    let mut replay = LESSON.iter().peekable();
    for second in 0..=300i64 {
        while let Some((_, line)) = replay.next_if(|(at, _)| *at == second) {
            fresh.execute_line(line, None);
        }
        if second < 300 {
            fresh.advance_to((second + 1) * SECOND);
        }
    }
    fresh.advance_to(300 * SECOND + 500);
    let dump = |cluster: &Cluster| cluster.store.iter().map(|o| o.to_json().to_string()).collect::<Vec<_>>();
    let same = dump(&restored) == dump(&fresh.cluster) && restored.history.len() == fresh.cluster.history.len();
    println!("restore t=300s + replay to t=300.5s equals a fresh run: {same}");
    assert!(same, "a restored checkpoint must replay to the same state");
}
