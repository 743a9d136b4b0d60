//! Scenario tests: each `tests/scenarios/NAME.kube` script runs through the same runner as
//! `kubarium run`, and its transcript must equal `NAME.out` byte for byte. A script's first
//! lines may set `# seed: N`, `# nodes: N` and `# profile: kind`.
//!
//! Regenerate after an intended change with `SNAPSHOTS=overwrite cargo test --test scenarios`,
//! then read the diff like code. Rust tests below add behavioural assertions per rule.

use kubarium::kubectl::Session;
use kubarium::sim::cluster::{Config, Profile};
use std::path::{Path, PathBuf};

fn config_for(script: &str) -> Config {
    let mut config = Config::default();
    for line in script.lines().take_while(|l| l.starts_with('#')) {
        let Some((key, value)) = line.trim_start_matches('#').split_once(':') else { continue };
        match (key.trim(), value.trim()) {
            ("seed", v) => config.seed = v.parse().expect("seed"),
            ("nodes", v) => config.nodes = v.parse().expect("nodes"),
            ("profile", "kind") => config.profile = Profile::Kind,
            _ => {}
        }
    }
    config
}

pub fn run_scenario(path: &Path) -> String {
    let script = std::fs::read_to_string(path).expect("script");
    let base = path.parent().unwrap().to_path_buf();
    let mut session = Session::new(config_for(&script)).with_loader(Box::new(move |name: &str| {
        std::fs::read_to_string(base.join(name)).map_err(|_| format!("the path \"{name}\" does not exist"))
    }));
    session.run_script(&script)
}

fn scenario_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios")
}

#[test]
fn every_scenario_matches_its_golden_transcript() {
    let overwrite = std::env::var("SNAPSHOTS").is_ok_and(|v| v == "overwrite");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .expect("tests/scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "kube"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no scenario scripts found");
    let mut failures = Vec::new();
    for script in &scripts {
        let transcript = run_scenario(script);
        // Determinism: the same seed and script give the same transcript.
        assert_eq!(transcript, run_scenario(script), "{} is not deterministic", script.display());
        let golden = script.with_extension("out");
        if overwrite || !golden.exists() {
            std::fs::write(&golden, &transcript).expect("write golden");
            if !overwrite {
                failures.push(format!("{}: golden transcript was missing and has been written; review it", golden.display()));
            }
            continue;
        }
        let expected = std::fs::read_to_string(&golden).expect("golden");
        if expected != transcript {
            let first_difference = expected
                .lines()
                .zip(transcript.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .map(|(i, (a, b))| format!("line {}:\n  expected: {a}\n    actual: {b}", i + 1))
                .unwrap_or_else(|| "lengths differ".into());
            failures.push(format!("{} differs from {}\n{first_difference}", script.display(), golden.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The tutorial scripts in `examples/` run as scenarios too: their copies here must not drift.
#[test]
fn example_scripts_are_golden_scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["daemonset", "statefulset"] {
        let example = std::fs::read_to_string(root.join(format!("examples/{name}.kube"))).expect("example script");
        let scenario = std::fs::read_to_string(scenario_dir().join(format!("example_{name}.kube"))).expect("scenario copy");
        assert_eq!(example, scenario, "examples/{name}.kube and tests/scenarios/example_{name}.kube differ");
    }
}
