//! The long swarm run (docs/swarm.md): seeds one after another until the wall-clock budget is
//! spent, each under the invariant checker and ending with the liveness phase.
//!
//!     cargo run --release --example swarm -- --seconds 600 [--seed-start N] [--operations N]
//!
//! The release profile aborts on a panic, so the seeds run in a worker process (this program
//! with `--worker`): when an invariant violation aborts it, its panic hook has saved the
//! script, and the supervisor records the seed and starts a new worker at the next one.
//! Prints seeds run, operations, simulated hours and violations; exits 1 on any violation,
//! naming each reproducing seed and its `kubarium run --check …` line.

use kubarium::swarm::{self, Options};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Args {
    seconds: u64,
    seed_start: u64,
    operations: usize,
    worker: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { seconds: 60, seed_start: 1, operations: 80, worker: false };
    let mut words = std::env::args().skip(1);
    while let Some(word) = words.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            words.next().and_then(|v| v.parse().ok()).ok_or_else(|| format!("{name} wants a number"))
        };
        match word.as_str() {
            "--seconds" => args.seconds = number("--seconds")?,
            "--seed-start" => args.seed_start = number("--seed-start")?,
            "--operations" => args.operations = number("--operations")? as usize,
            "--worker" => args.worker = true,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(args)
}

fn script_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/swarm")
}

fn save(seed: u64, script: &str) -> PathBuf {
    let dir = script_dir();
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("seed-{seed}.kube"));
    let _ = std::fs::write(&path, script);
    path
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("swarm: {message}\nusage: swarm --seconds N [--seed-start N] [--operations N]");
            std::process::exit(2);
        }
    };
    if args.worker {
        worker(&args);
    } else {
        std::process::exit(supervise(&args));
    }
}

/// Runs seeds from `seed_start` until the deadline, one line per seed on stdout.
fn worker(args: &Args) {
    // Where a panic aborts, the hook is the last chance to keep the script.
    std::panic::set_hook(Box::new(|info| {
        if let Some((config, script)) = swarm::in_flight() {
            if !cfg!(panic = "unwind") {
                let path = save(config.seed, &script);
                println!("panic {} {} {}", config.seed, path.display(), info.to_string().replace('\n', " "));
                let _ = std::io::stdout().flush();
            }
        }
    }));
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut seed = args.seed_start;
    let stdout = std::io::stdout();
    while Instant::now() < deadline {
        let outcome = swarm::run(&Options::new(seed, args.operations));
        let mut line = format!(
            "done {seed} {} {} {} {} {}",
            outcome.operations, outcome.commands, outcome.simulated_ms, outcome.tasks_checked, outcome.sets_blocked_by_volumes
        );
        if let Some(failure) = &outcome.failure {
            let path = save(seed, &outcome.script);
            line.push_str(&format!(" FAIL {} {}", path.display(), failure.to_string().replace('\n', " | ")));
        }
        let mut out = stdout.lock();
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
        seed += 1;
    }
}

#[derive(Default)]
struct Totals {
    seeds: u64,
    operations: u64,
    commands: u64,
    simulated_ms: i64,
    tasks: u64,
    blocked: u64,
    violations: Vec<String>,
}

/// Starts workers until the budget is spent; a worker that dies takes one seed with it.
fn supervise(args: &Args) -> i32 {
    let start = Instant::now();
    let budget = Duration::from_secs(args.seconds);
    let mut totals = Totals::default();
    let mut next_seed = args.seed_start;
    let exe = std::env::current_exe().expect("the swarm's own path");
    while start.elapsed() < budget {
        let left = (budget - start.elapsed()).as_secs().max(1);
        let mut child = Command::new(&exe)
            .args(["--worker", "--seconds", &left.to_string(), "--seed-start", &next_seed.to_string()])
            .args(["--operations", &args.operations.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start a worker");
        let reader = BufReader::new(child.stdout.take().expect("worker stdout"));
        let mut panicked = false;
        for line in reader.lines().map_while(Result::ok) {
            let words: Vec<&str> = line.splitn(9, ' ').collect();
            match words.as_slice() {
                ["done", seed, operations, commands, simulated, tasks, blocked, rest @ ..] => {
                    let seed: u64 = seed.parse().unwrap_or(next_seed);
                    totals.seeds += 1;
                    totals.operations += operations.parse::<u64>().unwrap_or(0);
                    totals.commands += commands.parse::<u64>().unwrap_or(0);
                    totals.simulated_ms += simulated.parse::<i64>().unwrap_or(0);
                    totals.tasks += tasks.parse::<u64>().unwrap_or(0);
                    totals.blocked += blocked.parse::<u64>().unwrap_or(0);
                    if let ["FAIL", failure] = rest {
                        report(&mut totals, seed, failure);
                    }
                    next_seed = seed + 1;
                }
                ["panic", seed, rest @ ..] => {
                    let seed: u64 = seed.parse().unwrap_or(next_seed);
                    totals.seeds += 1;
                    report(&mut totals, seed, &rest.join(" "));
                    next_seed = seed + 1;
                    panicked = true;
                }
                _ => eprintln!("swarm worker: {line}"),
            }
        }
        let status = child.wait().expect("worker exit");
        if !status.success() && !panicked {
            eprintln!("swarm: a worker died ({status}) at seed {next_seed} without a report; skipping it");
            totals.violations.push(format!("seed {next_seed}: worker died ({status})"));
            next_seed += 1;
        }
    }
    let hours = totals.simulated_ms as f64 / 3_600_000.0;
    println!(
        "swarm: {} seeds ({}..={}), {} operations, {} commands, {:.1} simulated hours, {} tasks checked, {} StatefulSets excused by volumes, {} violations, {:.0} s",
        totals.seeds,
        args.seed_start,
        next_seed.saturating_sub(1),
        totals.operations,
        totals.commands,
        hours,
        totals.tasks,
        totals.blocked,
        totals.violations.len(),
        start.elapsed().as_secs_f64()
    );
    for violation in &totals.violations {
        println!("  {violation}");
    }
    i32::from(!totals.violations.is_empty())
}

/// `FAILURE` is "PATH MESSAGE".
fn report(totals: &mut Totals, seed: u64, failure: &str) {
    let (path, message) = failure.split_once(' ').unwrap_or((failure, ""));
    let reproduce = reproduce_line(seed, path).unwrap_or_else(|| format!("kubarium run --check --seed {seed} {path}"));
    let line = format!("seed {seed}: {message}\n    script: {path}\n    reproduce: {reproduce}");
    println!("VIOLATION {line}");
    totals.violations.push(line);
}

/// The reproducing command, from the saved script's header (nodes and profile vary by seed).
fn reproduce_line(seed: u64, path: &str) -> Option<String> {
    let script = std::fs::read_to_string(path).ok()?;
    let line = script.lines().find(|l| l.starts_with(&format!("# swarm seed {seed}: ")))?;
    Some(line.split_once(": ")?.1.replace("THIS-FILE", path))
}
