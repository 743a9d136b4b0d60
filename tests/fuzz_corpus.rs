//! The fuzz targets' committed corpora, replayed through the same checks the fuzzers call
//! (`fuzz/fuzz_targets/*.rs`; see docs/fuzzing.md). No fuzzer is needed: every file under
//! `fuzz/corpus/<target>/` goes through `check` as a plain test, so a regression a fuzzer once
//! found fails here.
//!
//! `FUZZ_CORPUS=write cargo test --test fuzz_corpus` writes the seed files that are missing
//! (taken from the scenarios, the examples, the presets and the tutorial seed); it never
//! overwrites one.

use kubarium::kubectl::{self, script};
use kubarium::sim::cluster::Config;
use kubarium::sim::gojson;
use kubarium::sim::manifest;
use kubarium::view::presets;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir(target: &str) -> PathBuf {
    root().join("fuzz/corpus").join(target)
}

/// Scripts in the repository: the scenario tests' and the examples'.
fn scripts() -> Vec<(String, String)> {
    let mut scripts = Vec::new();
    for dir in ["tests/scenarios", "examples"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "kube")) {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            scripts.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    scripts
}

/// The tutorial text the project was seeded with: prose, and YAML whose indentation was lost.
fn tutorial_seed() -> Option<Vec<u8>> {
    std::fs::read("/work/shared/seeds/000_c175b492ef4a51e1.txt").ok()
}

fn manifest_seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("tests/scenarios/manifests")).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    for path in paths {
        seeds.push((path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()));
    }
    for (name, text) in scripts() {
        for (index, command) in script::parse_script(&text).unwrap().iter().enumerate() {
            if let Some(body) = &command.stdin {
                seeds.push((format!("{name}_{index}.yaml"), body.clone().into_bytes()));
            }
        }
    }
    for preset in presets::PRESETS {
        let text = presets::text(preset.file).unwrap();
        // The same objects as Go's JSON: a stream of indented objects.
        let json: Vec<String> = manifest::parse(&text).unwrap().iter().map(|d| gojson::indented(&d.value)).collect();
        seeds.push((format!("preset_{}", preset.file), text.into_bytes()));
        seeds.push((format!("preset_{}.json", preset.file.trim_end_matches(".yaml")), json.join("\n").into_bytes()));
    }
    if let Some(tutorial) = tutorial_seed() {
        seeds.push(("tutorial_seed.txt".into(), tutorial));
    }
    seeds
}

/// Command lines: the scripts' commands (heredoc bodies left out), at most 32 a file, as the
/// check runs them; and lines that go where splitting and flag parsing are subtle.
fn command_seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    for (name, text) in scripts() {
        let lines: Vec<String> = script::parse_script(&text).unwrap().into_iter().map(|c| c.line).collect();
        for (index, chunk) in lines.chunks(32).enumerate() {
            seeds.push((format!("{name}_{index}.txt"), chunk.join("\n").into_bytes()));
        }
    }
    let lines = [
        ("quotes.txt", "kubectl exec web-0 -- sh -c 'echo $(hostname) > /tmp/x' \"a \\\"b\\\"\" c\\ d\necho 'open"),
        ("heredocs.txt", "kubectl apply -f - <<'EOF'\nkubectl apply -f - <<-EOF\nkubectl apply -f - << --x\ncat <<\n"),
        ("global_flags.txt", "kubectl -n kube-system get pods\nkubectl --user get cordon node-1\nkubectl --request-timeout get cordon node-2\nkubectl -v 5 get nodes\nkubectl --namespace=x --request-timeout 5s get pods -A"),
        ("flags.txt", "kubectl get pods -owide -l app=x --namespace=kube-system -wA\nkubectl get pods -o\nkubectl get -- pods\nkubectl label node node-1 a=b --overwrite"),
        ("durations.txt", "sleep 9999h\nsleep 9223372036854775807\nkubectl wait --for=delete pod/x --timeout=99999h\nsettle --timeout=-1s\nsleep 1e400"),
    ];
    seeds.extend(lines.map(|(name, text)| (name.to_string(), text.as_bytes().to_vec())));
    seeds
}

/// Scripts: the repository's (they run cut to the check's limits), and scripts that ask for
/// more simulated time than any run may take.
fn script_seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds: Vec<(String, Vec<u8>)> = scripts().into_iter().map(|(name, text)| (format!("{name}.kube"), text.into_bytes())).collect();
    let long = [
        ("sleep_9999h.kube", "sleep 9999h\nkubectl get nodes\n"),
        ("wait_99999h.kube", "kubectl run x --image=nginx\nkubectl wait --for=delete pod/x --timeout=99999h\n"),
        ("watch_and_sleep.kube", "kubectl get pods -A -w\nnode add node-3\nsleep 4m\nsleep 4m\nsleep 4m\nsleep 4m\nsleep 4m\n"),
        ("settle_forever.kube", "node stop node-1\nsettle --timeout=9999h\n"),
    ];
    seeds.extend(long.map(|(name, text)| (name.to_string(), text.as_bytes().to_vec())));
    seeds
}

/// Writes missing seeds when asked, then runs every corpus file through `check`, naming the
/// file that fails.
fn replay(target: &str, seeds: Vec<(String, Vec<u8>)>, check: fn(&[u8])) -> usize {
    let write = std::env::var("FUZZ_CORPUS").as_deref() == Ok("write");
    let dir = corpus_dir(target);
    for (name, bytes) in seeds {
        let path = dir.join(format!("seed_{name}"));
        if write && !path.exists() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        assert!(path.exists(), "{} is missing: FUZZ_CORPUS=write cargo test --test fuzz_corpus", path.display());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        if std::panic::catch_unwind(|| check(&bytes)).is_err() {
            failures.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(failures.is_empty(), "{target}: the check panics on {failures:?}");
    files.len()
}

fn corpus_file(target: &str, name: &str) -> String {
    let path: &Path = &corpus_dir(target).join(name);
    String::from_utf8(std::fs::read(path).unwrap_or_else(|_| panic!("{} is missing", path.display()))).unwrap()
}

#[test]
fn the_manifest_corpus_replays_cleanly() {
    let files = replay("manifest", manifest_seeds(), kubectl::apply::check);
    assert!(files >= 20, "{files} files");
}

#[test]
fn the_command_parser_corpus_replays_cleanly() {
    let files = replay("command_parser", command_seeds(), script::check);
    assert!(files >= 20, "{files} files");
}

#[test]
fn the_script_runner_corpus_replays_cleanly() {
    let files = replay("script_runner", script_seeds(), kubectl::check);
    assert!(files >= 20, "{files} files");
}

/// The seeds that ask for too much simulated time end quickly, and say why.
#[test]
fn scripts_asking_for_too_much_time_are_cut_at_the_limits() {
    let session = || {
        let mut session = kubectl::Session::new(Config { nodes: 2, ..Config::default() });
        session.limits = kubectl::CHECK_LIMITS;
        session
    };
    let mut s = session();
    let transcript = s.run_script(&corpus_file("script_runner", "seed_sleep_9999h.kube"));
    assert!(transcript.contains("sleep: 9999h is more simulated time than a command may take (5m0s; 5m0s left)"), "{transcript}");
    assert_eq!(s.cluster.now, 0, "a refused sleep does not move the clock");
    let mut s = session();
    let transcript = s.run_script(&corpus_file("script_runner", "seed_wait_99999h.kube"));
    assert!(transcript.contains("error: timed out waiting for the condition on pods/x"), "{transcript}");
    assert_eq!(s.cluster.now, kubectl::CHECK_LIMITS.command_advance_max, "the wait is cut to a command's limit");
    let mut s = session();
    let transcript = s.run_script(&corpus_file("script_runner", "seed_watch_and_sleep.kube"));
    assert!(transcript.contains("sleep: 4m is more simulated time than a command may take (5m0s; 2m0s left)"), "{transcript}");
    assert_eq!(s.cluster.now, kubectl::CHECK_LIMITS.script_advance_max - 2 * 60_000, "two sleeps of 4m fit in 10m");
    // The runner's own limits: a day per command.
    let mut s = kubectl::Session::new(Config { nodes: 1, ..Config::default() });
    let out = s.execute_line("sleep 25h", None);
    assert!(out.failed && out.text.contains("(24h0m0s; 24h0m0s left)"), "{}", out.text);
    let out = s.execute_line("sleep 9223372036854775807", None);
    assert_eq!(out.text, "sleep: invalid time interval '9223372036854775807'\n");
    let out = s.execute_line("settle --timeout=9999h", None);
    assert!(!out.failed && s.cluster.now <= kubectl::RUN_LIMITS.command_advance_max, "{}", out.text);
}
