//! What the page's time travel costs: a 30-minute simulated session of the tutorial scenario
//! (the opening DaemonSet and StatefulSet, then a node joining, a cordon, a scale-up, a
//! rollout, a node failing and coming back), recorded through the page's [`Timeline`], then
//! seeks to evenly spread and to random moments. Prints the seek times (median, p95, max), the
//! checkpoints held and the heap the whole timeline uses.
//!
//! Run: `cargo run --profile native --example timeline_seek` (figures in docs/benchmarks.md).

use kubarium::sim::time::{Millis, SECOND};
use kubarium::view::playground::IntentLog;
use kubarium::view::timeline::Timeline;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

use kubarium::view::presets::{CLASS_SESSION as SESSION, CLASS_SESSION_MS as SESSION_MS};

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let base = LIVE.load(Ordering::Relaxed);
    let start = Instant::now();
    let mut timeline = Timeline::replay(&IntentLog::opening());
    for &(at, line) in SESSION {
        let now = timeline.now();
        timeline.advance_by(at * SECOND - now);
        timeline.run_command(line, "");
    }
    let now = timeline.now();
    timeline.advance_by(SESSION_MS - now);
    let record_ms = start.elapsed().as_secs_f64() * 1e3;
    let heap = LIVE.load(Ordering::Relaxed) - base;

    // Seeks: every 7 s across the session, then pseudo-random moments (a fixed LCG: repeatable).
    let mut targets: Vec<Millis> = (0..SESSION_MS).step_by(7_000).collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..200 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        targets.push((state >> 33) as Millis % SESSION_MS);
    }
    let mut times = Vec::with_capacity(targets.len());
    for &at in &targets {
        let t = Instant::now();
        timeline.seek(at);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(timeline.now(), at);
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let peak = PEAK.load(Ordering::Relaxed) - base;
    println!("timeline: 30-minute tutorial session, {} intents, {} marks", timeline.log().intents.len(), timeline.marks().len());
    println!("  recorded in {record_ms:.0} ms, {} checkpoints", timeline.checkpoint_count());
    println!(
        "  seek ({} seeks): median {:.2} ms, p95 {:.2} ms, max {:.2} ms [target ≤ 50 ms native]",
        sorted.len(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.95),
        sorted[sorted.len() - 1]
    );
    println!("  heap: {:.1} MB after recording, {:.1} MB peak [target ≤ 64 MB]", heap as f64 / 1e6, peak as f64 / 1e6);
}
