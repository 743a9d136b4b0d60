//! The native CLI: `kubarium run SCRIPT` prints a kubectl-style transcript; `kubarium repl`
//! is an interactive prompt with history; `kubarium lesson FILE` runs a lesson's steps and
//! checks their expectations.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main(std::env::args().skip(1).collect()));
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use kubarium::kubectl::Session;
    use kubarium::sim::cluster::{Config, Profile};
    use std::io::{BufRead, Read, Write};
    use std::path::{Path, PathBuf};

    const USAGE: &str = "\
kubarium — a Kubernetes workload playground

Usage:
  kubarium run [--seed N] [--nodes N] [--profile kubeadm|kind] [--check] SCRIPT   (SCRIPT may be - for stdin)
  kubarium repl [--seed N] [--nodes N] [--profile kubeadm|kind] [--check]
  kubarium lesson [--lang en|zh-CN] FILE   run every step; exit 1 when an expectation fails
  kubarium repair FILE     re-indent YAML that lost its indentation, by the Kubernetes schema
  kubarium --version

Scripts hold kubectl commands and the simulator's verbs:
  node add NAME [--label K=V]... [--taint K=V:EFFECT]... [--cpu N] [--memory Q] [--pods N]
  node remove|stop|start NAME
  scheduler stop|start
  apiserver fail-writes COUNT [--controller NAME] [--after N]   refuse controllers' writes
  apiserver heal
  sleep DURATION            advance simulated time (30s, 2m)
  settle [--timeout D]      advance until no controller has work pending
";

    struct Options {
        config: Config,
        rest: Vec<String>,
    }

    fn parse_options(args: &[String]) -> Result<Options, String> {
        let mut config = Config::default();
        let mut rest = Vec::new();
        let mut index = 0;
        while index < args.len() {
            let arg = &args[index];
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            let take = |index: &mut usize| -> Result<String, String> {
                if let Some(v) = inline.clone() {
                    return Ok(v);
                }
                *index += 1;
                args.get(*index).cloned().ok_or_else(|| format!("flag needs an argument: {name}"))
            };
            match name.as_str() {
                "--seed" => config.seed = take(&mut index)?.parse().map_err(|_| "--seed wants a number".to_string())?,
                // Check the simulation's invariants after every task (always on in debug builds).
                "--check" if inline.is_none() => config.check_invariants = true,
                "--nodes" => config.nodes = take(&mut index)?.parse().map_err(|_| "--nodes wants a number".to_string())?,
                "--profile" => {
                    config.profile = match take(&mut index)?.as_str() {
                        "kubeadm" => Profile::Kubeadm,
                        "kind" => Profile::Kind,
                        other => return Err(format!("unknown profile {other:?}: want kubeadm or kind")),
                    }
                }
                _ if arg.starts_with("--") && arg.len() > 2 => return Err(format!("unknown flag: {arg}")),
                _ => rest.push(arg.clone()),
            }
            index += 1;
        }
        Ok(Options { config, rest })
    }

    fn session(config: Config, base: PathBuf) -> Session {
        Session::new(config).with_loader(Box::new(move |name: &str| {
            let path = if Path::new(name).is_absolute() { PathBuf::from(name) } else { base.join(name) };
            std::fs::read_to_string(&path).map_err(|_| format!("the path \"{name}\" does not exist"))
        }))
    }

    pub fn main(args: Vec<String>) -> i32 {
        match args.first().map(String::as_str) {
            Some("--version" | "version") => {
                println!("kubarium {} (simulating Kubernetes v1.34)", env!("CARGO_PKG_VERSION"));
                0
            }
            Some("run") => run(&args[1..]),
            Some("repl") => repl(&args[1..]),
            Some("lesson") => lesson(&args[1..]),
            Some("repair") => repair(&args[1..]),
            Some("--help" | "-h" | "help") => {
                print!("{USAGE}");
                0
            }
            _ => {
                eprint!("{USAGE}");
                2
            }
        }
    }

    fn run(args: &[String]) -> i32 {
        let options = match parse_options(args) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("kubarium run: {e}");
                return 2;
            }
        };
        let [script] = options.rest.as_slice() else {
            eprintln!("kubarium run: want exactly one SCRIPT (a path, or - for stdin)");
            return 2;
        };
        let (text, base) = if script == "-" {
            let mut text = String::new();
            if std::io::stdin().read_to_string(&mut text).is_err() {
                eprintln!("kubarium run: cannot read stdin");
                return 1;
            }
            (text, PathBuf::from("."))
        } else {
            match std::fs::read_to_string(script) {
                Ok(text) => (text, Path::new(script).parent().map(Path::to_path_buf).unwrap_or_default()),
                Err(e) => {
                    eprintln!("kubarium run: cannot read {script}: {e}");
                    return 1;
                }
            }
        };
        let mut session = session(options.config, base);
        print!("{}", session.run_script(&text));
        0
    }

    /// `kubarium lesson [--lang L] FILE`: the lesson's own cluster (its `cluster:`), every step,
    /// a transcript in the language, and exit status 1 when an expectation did not hold. Files
    /// the steps name are the page's presets (`daemonset.yaml`…), else paths beside the lesson.
    fn lesson(args: &[String]) -> i32 {
        let (language, rest) = match args {
            [flag, language, rest @ ..] if flag == "--lang" => (language.clone(), rest),
            [flag, rest @ ..] if flag.starts_with("--lang=") => (flag["--lang=".len()..].to_string(), rest),
            rest => ("en".to_string(), rest),
        };
        let [file] = rest else {
            eprintln!("kubarium lesson: want exactly one FILE");
            return 2;
        };
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("kubarium lesson: cannot read {file}: {e}");
                return 1;
            }
        };
        let lesson = match kubarium::lesson::format::Lesson::parse(&text) {
            Ok(lesson) => lesson,
            Err(error) => {
                eprintln!("kubarium lesson: {file}: {error}");
                return 1;
            }
        };
        if !lesson.languages.contains(&language) {
            eprintln!("kubarium lesson: {file} has no {language} text (it has {})", lesson.languages.join(", "));
            return 2;
        }
        let base = Path::new(file).parent().map(Path::to_path_buf).unwrap_or_default();
        let mut session = Session::new(kubarium::lesson::runner::config(&lesson)).with_loader(Box::new(move |name: &str| {
            if let Some(text) = kubarium::view::presets::text(name) {
                return Ok(text);
            }
            std::fs::read_to_string(base.join(name)).map_err(|_| format!("the path \"{name}\" does not exist"))
        }));
        let (transcript, held) = kubarium::lesson::runner::run_lesson(&lesson, &language, &mut session);
        print!("{transcript}");
        if held {
            0
        } else {
            1
        }
    }

    /// `kubarium repair FILE`: the YAML re-nested by the schema on stdout, or why it cannot be
    /// (at its line) on stderr and exit status 1.
    fn repair(args: &[String]) -> i32 {
        let [file] = args else {
            eprintln!("kubarium repair: want exactly one FILE (- for stdin)");
            return 2;
        };
        let text = if file == "-" {
            let mut text = String::new();
            if std::io::stdin().read_to_string(&mut text).is_err() {
                eprintln!("kubarium repair: cannot read stdin");
                return 1;
            }
            text
        } else {
            match std::fs::read_to_string(file) {
                Ok(text) => text,
                Err(e) => {
                    eprintln!("kubarium repair: cannot read {file}: {e}");
                    return 1;
                }
            }
        };
        match kubarium::sim::manifest::repair::repair(&text) {
            Ok(repaired) => {
                print!("{repaired}");
                0
            }
            Err(error) => {
                eprintln!("kubarium repair: {file}: {error}");
                1
            }
        }
    }

    fn repl(args: &[String]) -> i32 {
        let options = match parse_options(args) {
            Ok(o) => o,
            Err(e) => {
                eprintln!("kubarium repl: {e}");
                return 2;
            }
        };
        let mut session = session(options.config, PathBuf::from("."));
        let history_path = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".kubarium_history"));
        let mut history = std::fs::OpenOptions::new().create(true).append(true).open(history_path.clone().unwrap_or_default()).ok();
        println!("kubarium {} — type kubectl commands or simulator verbs; `exit` to leave.", env!("CARGO_PKG_VERSION"));
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        loop {
            print!("$ ");
            let _ = std::io::stdout().flush();
            let Some(Ok(line)) = lines.next() else { break };
            let line = line.trim().to_string();
            if line.is_empty() {
                continue;
            }
            if line == "exit" || line == "quit" {
                break;
            }
            if let Some(file) = history.as_mut() {
                let _ = writeln!(file, "{line}");
            }
            // A heredoc continues until its delimiter line.
            let stdin_text = match kubarium::kubectl::script::split_words(&line) {
                Ok((_, Some(delimiter))) => {
                    let mut body = String::new();
                    for next in lines.by_ref() {
                        let Ok(next) = next else { break };
                        if next.trim_end() == delimiter {
                            break;
                        }
                        body.push_str(&next);
                        body.push('\n');
                    }
                    Some(body)
                }
                _ => None,
            };
            print!("{}", session.execute_line(&line, stdin_text).text);
        }
        0
    }
}
