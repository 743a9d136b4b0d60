//! The swarm (src/swarm.rs) over a bounded number of seeds, each under the invariant checker,
//! each ending with the liveness phase. A failing seed is written to `target/swarm/seed-N.kube`
//! with the `kubarium run --check …` line that replays it. The long run is
//! `cargo run --release --example swarm -- --seconds 600` (docs/swarm.md).

use kubarium::swarm::{self, Failure, Options, Outcome};
use std::path::{Path, PathBuf};

/// Seeds and operations per seed: about 40 s in a debug `cargo test` on this 2-core machine.
const SEEDS: u64 = 16;
const OPERATIONS: usize = 80;

fn save(outcome: &Outcome) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/swarm");
    std::fs::create_dir_all(&dir).expect("target/swarm");
    let path = dir.join(format!("seed-{}.kube", outcome.seed));
    std::fs::write(&path, &outcome.script).expect("write the script");
    path
}

#[test]
fn seeds_hold_every_invariant_and_converge_after_healing() {
    let mut failures = Vec::new();
    let mut simulated_ms = 0;
    for seed in 1..=SEEDS {
        let outcome = swarm::run(&Options::new(seed, OPERATIONS));
        simulated_ms += outcome.simulated_ms;
        assert!(outcome.tasks_checked > 0, "seed {seed}: the invariant checker never ran");
        assert!(outcome.commands > OPERATIONS / 2, "seed {seed}: only {} commands ran", outcome.commands);
        if let Some(failure) = &outcome.failure {
            let path = save(&outcome);
            failures.push(format!(
                "seed {seed}: {failure}\n  script: {}\n  reproduce: {}",
                path.display(),
                outcome.reproduce_command(&path.display().to_string())
            ));
        }
    }
    eprintln!("swarm: {SEEDS} seeds x {OPERATIONS} operations, {:.1} simulated hours", simulated_ms as f64 / 3_600_000.0);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_same_seed_draws_the_same_script_and_history() {
    let a = swarm::run(&Options::new(101, 30));
    let b = swarm::run(&Options::new(101, 30));
    assert_eq!(a.script, b.script);
    assert_eq!((a.simulated_ms, a.tasks_checked, a.commands), (b.simulated_ms, b.tasks_checked, b.commands));
    assert_ne!(a.script, swarm::run(&Options::new(102, 30)).script);
}

/// The saved script replays as a scenario: the same cluster config (from its header) and the
/// same commands give the same end state as the swarm's run.
#[test]
fn a_seed_replays_from_its_script() {
    let outcome = swarm::run(&Options::new(7, 25));
    assert!(outcome.script.starts_with(&format!("# seed: 7\n# nodes: {}\n", outcome.config.nodes)), "{}", &outcome.script[..80]);
    let mut session = kubarium::kubectl::Session::new(outcome.config.clone());
    session.run_script(&outcome.script);
    assert_eq!(session.cluster.now, outcome.simulated_ms);
    assert_eq!(session.cluster.invariants.tasks_checked, outcome.tasks_checked);
}

/// The liveness check is not vacuous: a cluster left with a stopped scheduler and a
/// crash-looping DaemonSet is reported.
#[test]
fn liveness_reports_an_unhealed_cluster() {
    let mut session = kubarium::kubectl::Session::new(Default::default());
    session.run_script(
        "scheduler stop\nkubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  selector:\n    matchLabels:\n      app: d\n  template:\n    metadata:\n      labels:\n        app: d\n      annotations:\n        kubarium.io/fault: CrashLoop\n    spec:\n      containers:\n      - name: c\n        image: nginx\nEOF\nsleep 60s\nkubectl apply -f - <<EOF\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  serviceName: s\n  replicas: 2\n  selector:\n    matchLabels:\n      app: s\n  template:\n    metadata:\n      labels:\n        app: s\n    spec:\n      containers:\n      - name: c\n        image: redis\nEOF\nsleep 60s\n",
    );
    let problems = swarm::check_liveness(&session.cluster).expect_err("not converged");
    assert!(problems.iter().any(|p| p.contains("DaemonSet d's pod")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("StatefulSet s has no pod s-0") || p.contains("StatefulSet s's pod s-0")), "{problems:?}");
    assert!(matches!(Failure::Liveness(problems).to_string(), t if t.starts_with("not converged")));
}
