//! The command language: kubectl as people type it, plus the simulator's own verbs. One
//! [`Session`] serves the CLI, scenario tests, tutorial scripts and the page's console.

pub mod flags;
pub mod printers;
pub mod script;
pub mod selector;

pub mod apply;
mod delete;
mod describe;
mod get;
pub use describe::{describe_object, describe_template};
mod drain;
mod exec;
mod explain;
mod info;
mod node;
mod patch;
mod rollout;
mod verbs;
mod wait;

use crate::sim::cluster::{Cluster, Config};
use crate::sim::objects::kinds::KindInfo;
use crate::sim::objects::Object;
use crate::sim::store::ApiError;
use crate::sim::time::{Millis, MINUTE};
use script::ScriptCommand;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Reads a file named by `-f` (the CLI reads disk; the page names presets and its editor).
pub type FileLoader = Box<dyn Fn(&str) -> Result<String, String>>;
/// The loader as a session keeps it: shared, so that a session can be cloned.
type SharedLoader = std::rc::Rc<dyn Fn(&str) -> Result<String, String>>;

/// A session is cheap to clone (the cluster's store and history are persistent): the page's
/// timeline keeps clones as checkpoints.
#[derive(Clone)]
pub struct Session {
    pub cluster: Cluster,
    /// Named texts `-f NAME` can read before the loader is asked (the page's presets/editor).
    pub files: BTreeMap<String, String>,
    loader: Option<SharedLoader>,
    watches: Vec<watch::Watch>,
    /// How much of `cluster.history` the watches have seen.
    cursor: usize,
    out: String,
    /// What one command and one script may ask of the simulation ([`RUN_LIMITS`] by default).
    pub limits: RunLimits,
    /// The clock when the running command started, and the clock past which the running
    /// script may not go (None outside `run_script`).
    command_started: Millis,
    script_deadline: Option<Millis>,
}

/// Bounds on what the runner does for any input, so that no script or console line hangs the
/// CLI or the page: simulated time costs real time (every probe, heartbeat and resync on the
/// way is stepped), so `sleep 9999h` or `wait --timeout=99999h` would run for hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunLimits {
    /// Bytes of script text [`Session::run_script`] reads (a manifest is at most 3 MiB).
    pub script_bytes_max: usize,
    /// Simulated time one command may move the clock. `sleep` longer than this is refused;
    /// a longer `--timeout` (`wait`, `settle`, `drain`, `rollout status`, `run`) is cut to it.
    pub command_advance_max: Millis,
    /// Simulated time one [`Session::run_script`] may move the clock in all; the commands
    /// after it is spent are cut as above.
    pub script_advance_max: Millis,
}

/// A day per command and a week per script: far beyond any walk-through (the longest sleep
/// in the examples is an hour), and a few seconds of real time for a small cluster.
pub const RUN_LIMITS: RunLimits =
    RunLimits { script_bytes_max: 4 * 1024 * 1024, command_advance_max: 24 * 60 * MINUTE, script_advance_max: 7 * 24 * 60 * MINUTE };

pub mod watch;

/// The result of one command: its output (stdout and stderr interleaved, as a terminal shows
/// them) and whether it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandOutput {
    pub text: String,
    pub failed: bool,
}

/// A failed command: kubectl's message (already worded) and its exit code.
#[derive(Clone, Debug, PartialEq)]
pub struct CommandError {
    pub message: String,
    pub exit_code: i32,
}

impl CommandError {
    pub fn new(message: impl Into<String>) -> CommandError {
        CommandError { message: message.into(), exit_code: 1 }
    }

    /// `error: …` as kubectl's cmdutil.CheckErr prints a plain error.
    pub fn plain(message: impl std::fmt::Display) -> CommandError {
        CommandError::new(format!("error: {message}"))
    }

    pub fn api(error: &ApiError) -> CommandError {
        CommandError::new(format!("{}{}", error.kubectl_prefix(), error))
    }
}

pub type CommandResult = Result<(), CommandError>;

/// Default timeout for `settle`, `kubectl wait` and friends when none is given.
pub const DEFAULT_SETTLE_TIMEOUT_MS: Millis = 10 * 60 * 1000;

/// kubectl verbs that only read: they change neither the cluster nor its clock.
const READING_VERBS: [&str; 9] =
    ["get", "describe", "explain", "api-resources", "api-versions", "version", "cluster-info", "logs", "options"];
/// Whether `word` is one of kubectl's global flags whose value is the next word (`-n NS`,
/// `--user U`): read from [`flags::GLOBAL`], the table [`Session`] itself parses them with, so
/// that `kubectl --request-timeout get cordon node-1` is seen as the `cordon` it runs.
fn takes_next_word(word: &str) -> bool {
    let spec = match word.strip_prefix("--") {
        Some(long) => flags::GLOBAL.iter().find(|s| s.long == long),
        None => word
            .strip_prefix('-')
            .filter(|short| short.chars().count() == 1)
            .and_then(|short| flags::GLOBAL.iter().find(|s| s.short == short.chars().next())),
    };
    spec.is_some_and(|s| s.takes_value)
}

/// Whether a command line only reads: it changes neither the cluster nor the clock (`get`,
/// `describe`, `explain`, `rollout history`, a syntax error, an unknown command). Conservative:
/// anything else counts as a change (`wait` and `rollout status` move the clock, `exec` may
/// write a file). The page's timeline never forks on a read and does not record it.
pub fn is_read_only(line: &str) -> bool {
    let Ok((words, _)) = script::split_words(line) else { return true };
    let Some(program) = words.first() else { return true };
    match program.as_str() {
        "kubectl" | "k" => {}
        "node" | "scheduler" | "apiserver" | "sleep" | "settle" => return false,
        _ => return true,
    }
    let mut rest = words[1..].iter();
    let mut verbs = Vec::new();
    while let Some(word) = rest.next() {
        if takes_next_word(word) {
            rest.next();
        } else if !word.starts_with('-') {
            verbs.push(word.as_str());
            if verbs.len() == 2 {
                break;
            }
        }
    }
    match verbs.as_slice() {
        [] => true,
        ["rollout", "history", ..] => true,
        [verb, ..] => READING_VERBS.contains(verb),
    }
}

impl Session {
    pub fn new(config: Config) -> Session {
        let cluster = Cluster::new(config);
        let cursor = cluster.history.len();
        Session {
            cluster,
            files: BTreeMap::new(),
            loader: None,
            watches: Vec::new(),
            cursor,
            out: String::new(),
            limits: RUN_LIMITS,
            command_started: 0,
            script_deadline: None,
        }
    }

    pub fn with_loader(mut self, loader: FileLoader) -> Session {
        self.loader = Some(std::rc::Rc::from(loader));
        self
    }

    /// Runs one command and returns what a terminal would show, including watch rows for
    /// changes that happened while it ran.
    pub fn execute(&mut self, command: &ScriptCommand) -> CommandOutput {
        self.out.clear();
        self.command_started = self.cluster.now;
        let result = self.dispatch(command);
        let failed = result.is_err();
        if let Err(error) = result {
            if !error.message.is_empty() {
                self.print(&error.message);
            }
        }
        self.flush_watches();
        CommandOutput { text: std::mem::take(&mut self.out), failed }
    }

    /// Parses and runs a line typed at a prompt (the page's console, the REPL).
    pub fn execute_line(&mut self, line: &str, stdin: Option<String>) -> CommandOutput {
        match script::split_words(line) {
            Ok((words, _)) => self.execute(&ScriptCommand { line: line.to_string(), words, stdin, line_number: 1 }),
            Err(message) => CommandOutput { text: format!("syntax error: {message}\n"), failed: true },
        }
    }

    /// Runs a whole script and returns its transcript: `$ ` and each command line, then its
    /// output (heredoc bodies are not echoed).
    /// Bounded by [`Session::limits`].
    pub fn run_script(&mut self, text: &str) -> String {
        if text.len() > self.limits.script_bytes_max {
            return format!("script: {} bytes is more than the {} a script may have\n", text.len(), self.limits.script_bytes_max);
        }
        let commands = match script::parse_script(text) {
            Ok(commands) => commands,
            Err(error) => return format!("script: line {}: {}\n", error.line_number, error.message),
        };
        self.script_deadline = Some(self.cluster.now.saturating_add(self.limits.script_advance_max));
        let mut transcript = String::new();
        for command in &commands {
            transcript.push_str("$ ");
            transcript.push_str(&command.line);
            transcript.push('\n');
            transcript.push_str(&self.execute(command).text);
        }
        self.script_deadline = None;
        transcript
    }

    /// The clock past which the running command may not move it ([`RunLimits`]).
    pub(crate) fn advance_deadline(&self) -> Millis {
        let command = self.command_started.saturating_add(self.limits.command_advance_max);
        self.script_deadline.map_or(command, |script| command.min(script))
    }

    /// Advances simulated time (the page's clock): watch rows it produces are returned.
    pub fn advance_to(&mut self, until: Millis) -> String {
        self.out.clear();
        self.advance_printing(until);
        std::mem::take(&mut self.out)
    }

    /// Appends text exactly as given (tables end their own lines).
    pub(crate) fn print_raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    pub(crate) fn add_watch(&mut self, watch: watch::Watch) {
        self.watches.push(watch);
    }

    /// Ends every `-w` watch (Ctrl-C in the page's console).
    pub fn stop_watches(&mut self) {
        self.watches.clear();
    }

    pub fn has_watches(&self) -> bool {
        !self.watches.is_empty()
    }

    pub(crate) fn print(&mut self, text: &str) {
        self.out.push_str(text);
        if !text.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Steps the cluster to `until`, printing watch rows as the events happen.
    pub(crate) fn advance_printing(&mut self, until: Millis) {
        while let Some(at) = self.cluster.next_task_time() {
            if at > until {
                break;
            }
            self.cluster.step();
            self.flush_watches();
        }
        self.cluster.advance_to(until);
        self.flush_watches();
    }

    /// Steps until `done` holds or `timeout` passes; true when done. The timeout is cut to
    /// what the command has left of [`RunLimits`].
    pub(crate) fn advance_until(&mut self, timeout: Millis, mut done: impl FnMut(&Cluster) -> bool) -> bool {
        let deadline = self.cluster.now.saturating_add(timeout).min(self.advance_deadline()).max(self.cluster.now);
        loop {
            if done(&self.cluster) {
                return true;
            }
            match self.cluster.next_task_time() {
                Some(at) if at <= deadline => {
                    self.cluster.step();
                    self.flush_watches();
                }
                _ => {
                    self.advance_printing(deadline);
                    return done(&self.cluster);
                }
            }
        }
    }

    fn flush_watches(&mut self) {
        let end = self.cluster.history.len();
        if self.cursor >= end {
            return;
        }
        if !self.watches.is_empty() {
            let now = self.cluster.now;
            for index in self.cursor..end {
                let event = self.cluster.history[index].clone();
                for watch in &mut self.watches {
                    if let Some(text) = watch.row_for(&event, &self.cluster, now) {
                        self.out.push_str(&text);
                    }
                }
            }
        }
        self.cursor = end;
    }

    fn dispatch(&mut self, command: &ScriptCommand) -> CommandResult {
        let Some(program) = command.words.first() else { return Ok(()) };
        let args = &command.words[1..];
        match program.as_str() {
            "kubectl" | "k" => self.kubectl(args, command.stdin.as_deref()),
            "node" => verbs::node(self, args),
            "scheduler" => verbs::scheduler(self, args),
            "apiserver" => verbs::apiserver(self, args),
            "sleep" => verbs::sleep(self, args),
            "settle" => verbs::settle(self, args),
            other => Err(CommandError { message: format!("{other}: command not found"), exit_code: 127 }),
        }
    }

    fn kubectl(&mut self, args: &[String], stdin: Option<&str>) -> CommandResult {
        let Some(verb) = args.first() else {
            return Err(CommandError::new("kubectl controls the Kubernetes cluster manager.\n\nRun 'kubectl --help' for usage."));
        };
        let rest = &args[1..];
        match verb.as_str() {
            "apply" => apply::apply(self, rest, stdin),
            "create" => apply::create(self, rest, stdin),
            "delete" => delete::run(self, rest),
            "get" => get::run(self, rest),
            "cordon" => node::cordon(self, rest, true),
            "uncordon" => node::cordon(self, rest, false),
            "taint" => node::taint(self, rest),
            "rollout" => rollout::rollout(self, rest),
            "set" => rollout::set(self, rest),
            "scale" => rollout::scale(self, rest),
            "label" => node::label(self, rest, "label"),
            "annotate" => node::label(self, rest, "annotate"),
            _ => self.kubectl_more(verb, rest, stdin),
        }
    }

    fn kubectl_more(&mut self, verb: &str, rest: &[String], stdin: Option<&str>) -> CommandResult {
        match verb {
            "describe" => describe::run(self, rest),
            "patch" => patch::run(self, rest),
            "run" => exec::run(self, rest),
            "exec" => exec::exec(self, rest),
            "logs" => exec::logs(self, rest),
            "drain" => drain::run(self, rest),
            "wait" => wait::run(self, rest),
            "explain" => explain::run(self, rest),
            "api-resources" => info::api_resources(self, rest),
            "api-versions" => info::api_versions(self, rest),
            "version" => info::version(self, rest),
            "cluster-info" => info::cluster_info(self, rest),
            _ => self.kubectl_unknown(verb, rest, stdin),
        }
    }

    /// Global flags before the verb (`kubectl -n kube-system get pods`), real commands the
    /// simulation lacks, and unknown commands with cobra's suggestions.
    fn kubectl_unknown(&mut self, verb: &str, rest: &[String], stdin: Option<&str>) -> CommandResult {
        if verb.starts_with('-') {
            let mut words = vec![verb.to_string()];
            words.extend(rest.iter().cloned());
            let mut globals = Vec::new();
            let mut index = 0;
            while index < words.len() && words[index].starts_with('-') {
                let word = &words[index];
                let name = word.trim_start_matches('-').split('=').next().unwrap_or("");
                let spec = flags::GLOBAL.iter().find(|s| s.long == name || (word.len() == 2 && s.short == name.chars().next()));
                let Some(spec) = spec else {
                    return Err(CommandError::new(format!(
                        "error: unknown flag: {}\nSee 'kubectl --help' for usage.",
                        word.split('=').next().unwrap_or(word)
                    )));
                };
                globals.push(word.clone());
                if spec.takes_value && !word.contains('=') && index + 1 < words.len() {
                    index += 1;
                    globals.push(words[index].clone());
                }
                index += 1;
            }
            let mut reordered: Vec<String> = words[index..].to_vec();
            if reordered.is_empty() {
                return self.kubectl(&[], stdin);
            }
            reordered.extend(globals);
            return self.kubectl(&reordered, stdin);
        }
        if info::KUBECTL_COMMANDS.contains(&verb) {
            return Err(info::not_available(verb));
        }
        Err(info::unknown_command(verb))
    }

    /// The namespace a command acts in (`-n`, else `default`).
    pub(crate) fn namespace(parsed: &flags::Parsed) -> String {
        parsed.get("namespace").unwrap_or("default").to_string()
    }

    pub(crate) fn resolve_kind(&self, resource: &str) -> Result<KindInfo, CommandError> {
        self.cluster
            .store
            .registry
            .resolve_resource(resource)
            .cloned()
            .ok_or_else(|| CommandError::plain(format!("the server doesn't have a resource type \"{resource}\"")))
    }

    /// Resolves `TYPE NAME...` or `TYPE/NAME...` arguments into (kind, names).
    pub(crate) fn resource_args(&self, args: &[String]) -> Result<Vec<(KindInfo, String)>, CommandError> {
        let mut targets = Vec::new();
        if args.iter().all(|a| a.contains('/')) {
            for arg in args {
                let (resource, name) = arg.split_once('/').expect("checked");
                targets.push((self.resolve_kind(resource)?, name.to_string()));
            }
            return Ok(targets);
        }
        let Some(resource) = args.first() else {
            return Err(CommandError::plain(
                "you must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.",
            ));
        };
        if resource.contains('/') {
            return Err(CommandError::plain("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'"));
        }
        let kind = self.resolve_kind(resource)?;
        for name in &args[1..] {
            targets.push((kind.clone(), name.clone()));
        }
        Ok(targets)
    }

    pub(crate) fn get_object(&self, kind: &KindInfo, namespace: &str, name: &str) -> Result<Arc<Object>, CommandError> {
        let namespace = if kind.namespaced { namespace } else { "" };
        self.cluster
            .get(&kind.kind, namespace, name)
            .cloned()
            .ok_or_else(|| CommandError::api(&ApiError::NotFound { resource: kind.group_resource(), name: name.to_string() }))
    }

    pub(crate) fn read_file(&self, name: &str, stdin: Option<&str>) -> Result<String, CommandError> {
        if name == "-" {
            return stdin.map(str::to_string).ok_or_else(|| CommandError::plain("no objects passed to apply"));
        }
        if let Some(text) = self.files.get(name) {
            return Ok(text.clone());
        }
        match &self.loader {
            Some(loader) => loader(name).map_err(CommandError::plain),
            None => Err(CommandError::plain(format!("the path \"{name}\" does not exist"))),
        }
    }
}

/// Whole seconds as Go prints a rounded duration: `23s`, `2m5s`, `1h0m0s`.
pub fn format_seconds(millis: Millis) -> String {
    let seconds = (millis + 500) / 1000;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

/// What the fuzz checks allow a script or a line: small, so that a check takes milliseconds
/// (the runner's own [`RUN_LIMITS`] are larger but of the same kind).
/// The invariant checker recounts the store after every task, so a check's cost grows with
/// the square of its simulated time (Events pile up): ten minutes keep the slowest input the
/// fuzzer found (a StatefulSet whose readiness probe fails) near a second.
pub const CHECK_LIMITS: RunLimits =
    RunLimits { script_bytes_max: 8 * 1024, command_advance_max: 5 * MINUTE, script_advance_max: 10 * MINUTE };

/// A fresh two-node cluster (seed 1, the invariant checker on as in tests) under
/// [`CHECK_LIMITS`], built once per thread and cloned (a clone shares the persistent store).
pub(crate) fn check_session() -> Session {
    thread_local! {
        static FRESH: Session = {
            let mut session = Session::new(Config { nodes: 2, check_invariants: true, ..Config::default() });
            session.limits = CHECK_LIMITS;
            session
        };
    }
    FRESH.with(Session::clone)
}

/// The script runner's fuzz check (`fuzz/fuzz_targets/script_runner.rs`, replayed by
/// `tests/fuzz_corpus.rs`): any text, run as a script on a fresh small cluster, terminates
/// within [`CHECK_LIMITS`] without a panic or an invariant violation; the clock moves no more
/// than the script may move it; the transcript echoes every parsed command in order; and the
/// same text gives the same transcript and history again (same seed + same inputs).
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut session = check_session();
    let start = session.cluster.now;
    let transcript = session.run_script(&text);
    let moved = session.cluster.now - start;
    assert!((0..=CHECK_LIMITS.script_advance_max).contains(&moved), "the clock moved {moved} ms");
    if text.len() > CHECK_LIMITS.script_bytes_max {
        assert!(transcript.starts_with("script: ") && moved == 0, "an oversized script ran");
        return;
    }
    match script::parse_script(&text) {
        Ok(commands) => {
            let mut rest = transcript.as_str();
            for command in &commands {
                let echo = format!("$ {}\n", command.line);
                let at = rest.find(&echo).unwrap_or_else(|| panic!("{echo:?} is not echoed in order"));
                rest = &rest[at + echo.len()..];
            }
        }
        Err(error) => assert_eq!(transcript, format!("script: line {}: {}\n", error.line_number, error.message)),
    }
    let mut again = check_session();
    assert_eq!(again.run_script(&text), transcript, "same script, same transcript");
    assert_eq!(again.cluster.history.len(), session.cluster.history.len(), "same script, same history");
    assert_eq!(again.cluster.now, session.cluster.now);
}
