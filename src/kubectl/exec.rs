//! `kubectl exec`, `kubectl logs` and `kubectl run`: what a container can be asked from outside.
//!
//! Containers run no real processes. `exec` knows a handful of executables — `hostname`, `cat`,
//! `ls`, `echo`, `sh -c` with a tiny interpreter (`echo`, `$(hostname)`, `>`/`>>`, `;`, `&&`)
//! and, in busybox images, `nslookup` answered by the simulated cluster DNS
//! ([`crate::sim::dns`]). Files live in [`crate::sim::files`]. Anything else gets the
//! container runtime's "executable file not found". `logs` prints nothing: the simulated
//! containers write no output.

use super::flags::{self, boolean, value};
use super::{CommandError, CommandResult, Session, DEFAULT_SETTLE_TIMEOUT_MS};
use crate::sim::objects::{Object, Pod};
use crate::sim::store::{ObjectKey, Propagation};
use crate::sim::time::{parse_duration, SECOND};
use std::sync::Arc;

/// The cluster DNS Service address the kubelet writes into every pod's resolv.conf.
pub const CLUSTER_DNS_IP: &str = "10.96.0.10";

/// What a command run in a container produced.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}

impl Outcome {
    fn ok(stdout: String) -> Outcome {
        Outcome { stdout, ..Default::default() }
    }
    fn fail(stderr: String, exit_code: i32) -> Outcome {
        Outcome { stdout: String::new(), stderr, exit_code }
    }
}

enum RunError {
    /// The executable is not in the image.
    NotFound(String),
}

fn is_busybox(image: &str) -> bool {
    let name = image.rsplit('/').next().unwrap_or(image);
    name.starts_with("busybox")
}

/// The pod's hostname (`spec.hostname`, else the pod name, cut to 63 characters).
pub fn pod_hostname(pod: &Pod) -> String {
    let name = pod.spec.hostname.clone().filter(|h| !h.is_empty()).unwrap_or_else(|| pod.metadata.name.clone());
    name.chars().take(63).collect()
}

struct Container<'a> {
    pod: &'a Pod,
    name: String,
    image: String,
}

/// Runs one command (argv) in a container.
fn run_argv(session: &mut Session, c: &Container, argv: &[String]) -> Result<Outcome, RunError> {
    let Some(program) = argv.first() else { return Ok(Outcome::default()) };
    let program_name = program.rsplit('/').next().unwrap_or(program);
    let busybox = is_busybox(&c.image);
    let args = &argv[1..];
    Ok(match program_name {
        "hostname" => Outcome::ok(format!("{}\n", pod_hostname(c.pod))),
        "echo" => Outcome::ok(format!("{}\n", args.join(" "))),
        "true" => Outcome::default(),
        "cat" => {
            let mut out = Outcome::default();
            for path in args {
                let at = session.cluster.file_location(c.pod, &c.name, path);
                match session.cluster.files.read(&at) {
                    Some(text) => out.stdout.push_str(text),
                    None => {
                        out.stderr.push_str(&if busybox {
                            format!("cat: can't open '{path}': No such file or directory\n")
                        } else {
                            format!("cat: {path}: No such file or directory\n")
                        });
                        out.exit_code = 1;
                    }
                }
            }
            out
        }
        "ls" => {
            let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let paths = if paths.is_empty() {
                vec![&"/".to_string()].into_iter().cloned().collect::<Vec<_>>()
            } else {
                paths.into_iter().cloned().collect()
            };
            let mut out = Outcome::default();
            for path in &paths {
                let at = session.cluster.file_location(c.pod, &c.name, path);
                if session.cluster.files.is_file(&at) {
                    out.stdout.push_str(&format!("{path}\n"));
                } else if let Some(entries) = session.cluster.files.list(&at) {
                    for entry in entries {
                        out.stdout.push_str(&format!("{entry}\n"));
                    }
                } else if !at.mount_point {
                    out.stderr.push_str(&if busybox {
                        format!("ls: {path}: No such file or directory\n")
                    } else {
                        format!("ls: cannot access '{path}': No such file or directory\n")
                    });
                    out.exit_code = if busybox { 1 } else { 2 };
                }
            }
            out
        }
        "nslookup" if busybox => nslookup(session, c.pod, args.first().map(String::as_str).unwrap_or("")),
        "sh" | "bash" if program_name == "sh" || !busybox => match (args.first().map(String::as_str), args.get(1)) {
            (Some("-c"), Some(script)) => shell(session, c, script, program_name),
            _ => Outcome::default(),
        },
        other => return Err(RunError::NotFound(other.to_string())),
    })
}

/// busybox 1.28's `nslookup NAME`, answered from the cluster's Services and Endpoints.
fn nslookup(session: &Session, pod: &Pod, name: &str) -> Outcome {
    let mut stdout = format!("Server:    {CLUSTER_DNS_IP}\nAddress 1: {CLUSTER_DNS_IP} kube-dns.kube-system.svc.cluster.local\n\n");
    match crate::sim::dns::resolve_from(&session.cluster, &pod.metadata.namespace, name) {
        Some((answered, ips)) => {
            stdout.push_str(&format!("Name:      {name}\n"));
            for (index, ip) in ips.iter().enumerate() {
                stdout.push_str(&format!("Address {}: {ip} {}\n", index + 1, reverse_name(session, &answered, ip)));
            }
            Outcome::ok(stdout)
        }
        None => Outcome { stdout, stderr: format!("nslookup: can't resolve '{name}'\n"), exit_code: 1 },
    }
}

/// The PTR name CoreDNS gives an address: the pod's `hostname.service…` for an endpoint with a
/// hostname, the Service's name for its ClusterIP, else the dashed-IP name under the Service.
fn reverse_name(session: &Session, answered: &str, ip: &str) -> String {
    let suffix = format!(".svc.{}", crate::sim::dns::CLUSTER_DOMAIN);
    let labels: Vec<&str> = answered.strip_suffix(&suffix).unwrap_or(answered).split('.').collect();
    if let [service, namespace] = labels.as_slice() {
        let headless = matches!(session.cluster.get("Service", namespace, service).map(|s| &**s),
            Some(Object::Service(svc)) if svc.spec.cluster_ip.as_deref() == Some("None"));
        if !headless {
            return answered.to_string();
        }
        if let Some(Object::Generic(endpoints)) = session.cluster.get("Endpoints", namespace, service).map(|e| &**e) {
            let hostname = endpoints
                .body
                .get("subsets")
                .and_then(|s| s.as_array())
                .into_iter()
                .flatten()
                .flat_map(|s| s.get("addresses").and_then(|a| a.as_array()).cloned().unwrap_or_default())
                .find(|a| a.get("ip").and_then(|i| i.as_str()) == Some(ip))
                .and_then(|a| a.get("hostname").and_then(|h| h.as_str()).map(str::to_string));
            if let Some(hostname) = hostname {
                return format!("{hostname}.{answered}");
            }
            return format!("{}.{answered}", ip.replace('.', "-"));
        }
    }
    answered.to_string()
}

/// Words of a shell line: quotes, `$(hostname)` / `` `hostname` `` substitution, and the
/// operators `>`, `>>`, `;`, `&&`.
fn shell_words(session: &mut Session, c: &Container, line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    let substitute = |session: &mut Session, command: &str| -> String {
        let argv: Vec<String> = command.split_whitespace().map(str::to_string).collect();
        match run_argv(session, c, &argv) {
            Ok(out) => out.stdout.trim_end_matches('\n').to_string(),
            Err(_) => String::new(),
        }
    };
    while let Some(ch) = chars.next() {
        match ch {
            '\'' => {
                in_word = true;
                for inner in chars.by_ref() {
                    if inner == '\'' {
                        break;
                    }
                    current.push(inner);
                }
            }
            '"' => {
                in_word = true;
                while let Some(inner) = chars.next() {
                    match inner {
                        '"' => break,
                        '\\' => {
                            if let Some(next) = chars.next() {
                                current.push(next);
                            }
                        }
                        '$' if chars.peek() == Some(&'(') => {
                            chars.next();
                            let command: String = chars.by_ref().take_while(|c| *c != ')').collect();
                            current.push_str(&substitute(session, &command));
                        }
                        '`' => {
                            let command: String = chars.by_ref().take_while(|c| *c != '`').collect();
                            current.push_str(&substitute(session, &command));
                        }
                        other => current.push(other),
                    }
                }
            }
            '$' if chars.peek() == Some(&'(') => {
                chars.next();
                in_word = true;
                let command: String = chars.by_ref().take_while(|c| *c != ')').collect();
                current.push_str(&substitute(session, &command));
            }
            '`' => {
                in_word = true;
                let command: String = chars.by_ref().take_while(|c| *c != '`').collect();
                current.push_str(&substitute(session, &command));
            }
            '>' | ';' | '&' => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
                let mut operator = ch.to_string();
                if (ch == '>' || ch == '&') && chars.peek() == Some(&ch) {
                    chars.next();
                    operator.push(ch);
                }
                words.push(format!("\u{0}{operator}"));
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\\' => {
                in_word = true;
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            other => {
                in_word = true;
                current.push(other);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    words
}

/// argv, an optional redirection (file, append), and whether `&&` follows.
type ShellCommand = (Vec<String>, Option<(String, bool)>, bool);

/// `sh -c SCRIPT`: simple commands separated by `;` or `&&`, each with optional `> FILE` or
/// `>> FILE`.
fn shell(session: &mut Session, c: &Container, script: &str, shell_name: &str) -> Outcome {
    let words = shell_words(session, c, script);
    let mut total = Outcome::default();
    let mut commands: Vec<ShellCommand> = Vec::new();
    let mut argv = Vec::new();
    let mut redirect = None;
    let mut iter = words.into_iter();
    while let Some(word) = iter.next() {
        match word.as_str() {
            "\u{0}>" | "\u{0}>>" => {
                let append = word == "\u{0}>>";
                redirect = iter.next().map(|file| (file, append));
            }
            "\u{0};" | "\u{0}&&" => {
                commands.push((std::mem::take(&mut argv), redirect.take(), word == "\u{0}&&"));
            }
            _ => argv.push(word),
        }
    }
    commands.push((argv, redirect, false));
    for (argv, redirect, and_then) in commands {
        if argv.is_empty() {
            continue;
        }
        let outcome = match run_argv(session, c, &argv) {
            Ok(outcome) => outcome,
            Err(RunError::NotFound(program)) => {
                let message = if is_busybox(&c.image) || shell_name == "bash" {
                    format!("{shell_name}: {program}: not found\n")
                } else {
                    format!("{shell_name}: 1: {program}: not found\n")
                };
                Outcome::fail(message, 127)
            }
        };
        total.stderr.push_str(&outcome.stderr);
        match redirect {
            Some((file, append)) => {
                let path = if file.starts_with('/') { file } else { format!("/{file}") };
                let at = session.cluster.file_location(c.pod, &c.name, &path);
                session.cluster.files.write(&at, &outcome.stdout, append);
            }
            None => total.stdout.push_str(&outcome.stdout),
        }
        total.exit_code = outcome.exit_code;
        if and_then && outcome.exit_code != 0 {
            break;
        }
    }
    total
}

/// A short, stable id for an exec session (the runtime's is random hex).
fn exec_id(seed: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut out = String::new();
    for round in 0..4u64 {
        for byte in seed.bytes().chain(round.to_le_bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{hash:016x}"));
    }
    out
}

/// The container a command addresses (`-c`, else the first, announced when there are several).
fn pick_container(session: &mut Session, pod: &Pod, wanted: Option<&str>) -> Result<(String, String), CommandError> {
    match wanted {
        Some(name) => pod.spec.containers.iter().find(|c| c.name == name).map(|c| (c.name.clone(), c.image.clone())).ok_or_else(|| {
            CommandError::new(format!("Error from server (BadRequest): container {name} is not valid for pod {}", pod.metadata.name))
        }),
        None => {
            let first = pod.spec.containers.first().ok_or_else(|| CommandError::plain("pod has no containers"))?;
            if pod.spec.containers.len() > 1 {
                let names: Vec<&str> = pod.spec.containers.iter().map(|c| c.name.as_str()).collect();
                session.print(&format!("Defaulted container \"{}\" out of: {}", first.name, names.join(", ")));
            }
            Ok((first.name.clone(), first.image.clone()))
        }
    }
}

fn container_running(pod: &Pod, container: &str) -> bool {
    pod.status.as_ref().and_then(|s| s.container_statuses.iter().find(|c| c.name == container)).is_some_and(|c| c.state.running.is_some())
}

fn find_pod(session: &Session, namespace: &str, target: &str) -> Result<Arc<Object>, CommandError> {
    let (resource, name) = target.split_once('/').unwrap_or(("pods", target));
    let kind = session.resolve_kind(resource)?;
    if kind.kind != "Pod" {
        return Err(CommandError::plain(format!(
            "cannot attach to {}: selector for {} not implemented",
            kind.group_kind_lower(),
            kind.group_kind_lower()
        )));
    }
    session.get_object(&kind, namespace, name)
}

pub fn exec(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [
        value("container", Some('c')),
        boolean("stdin", Some('i')),
        boolean("tty", Some('t')),
        boolean("quiet", Some('q')),
        value("pod-running-timeout", None),
        value("filename", Some('f')),
    ];
    let parsed = flags::parse(args, &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl exec --help' for usage.")))?;
    let namespace = Session::namespace(&parsed);
    let Some(target) = parsed.args.first() else {
        return Err(CommandError::new(
            "error: pod, type/name or --filename must be specified\nSee 'kubectl exec -h' for help and examples",
        ));
    };
    if parsed.args.len() > 1 {
        return Err(CommandError::plain("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples"));
    }
    let argv = parsed.after_dashes.clone().unwrap_or_default();
    if argv.is_empty() {
        return Err(CommandError::new(
            "error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples",
        ));
    }
    let object = find_pod(session, &namespace, target)?;
    let pod = object.as_pod().cloned().ok_or_else(|| CommandError::plain("not a pod"))?;
    if pod.is_terminal() {
        return Err(CommandError::plain(format!("cannot exec into a container in a completed pod; current phase is {}", pod.phase())));
    }
    let (name, image) = pick_container(session, &pod, parsed.get("container"))?;
    if !container_running(&pod, &name) {
        return Err(CommandError::plain(format!("unable to upgrade connection: container not found (\"{name}\")")));
    }
    let container = Container { pod: &pod, name, image };
    match run_argv(session, &container, &argv) {
        Ok(outcome) => {
            session.print_raw(&outcome.stdout);
            session.print_raw(&outcome.stderr);
            if outcome.exit_code != 0 {
                return Err(CommandError {
                    message: format!("command terminated with exit code {}", outcome.exit_code),
                    exit_code: outcome.exit_code,
                });
            }
            Ok(())
        }
        Err(RunError::NotFound(program)) => {
            let id = exec_id(&format!("{}{}{}", pod.metadata.uid, session.cluster.now, argv.join(" ")));
            Err(CommandError::plain(format!(
                "Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"{id}\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"{program}\": executable file not found in $PATH: unknown"
            )))
        }
    }
}

/// `kubectl logs POD [-c C]`: empty (the simulated containers write nothing), with the
/// API server's and kubelet's refusals for containers that have not started.
pub fn logs(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [
        value("container", Some('c')),
        boolean("follow", Some('f')),
        boolean("previous", Some('p')),
        value("tail", None),
        value("since", None),
        boolean("timestamps", None),
        boolean("all-containers", None),
        value("selector", Some('l')),
        boolean("prefix", None),
        value("limit-bytes", None),
        value("pod-running-timeout", None),
    ];
    let parsed = flags::parse(args, &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl logs --help' for usage.")))?;
    let namespace = Session::namespace(&parsed);
    let Some(target) = parsed.args.first() else {
        return Err(CommandError::new("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples"));
    };
    let object = find_pod(session, &namespace, target)?;
    let pod = object.as_pod().cloned().ok_or_else(|| CommandError::plain("not a pod"))?;
    let wanted = parsed.get("container").or(parsed.args.get(1).map(String::as_str));
    let (name, _) = pick_container(session, &pod, wanted)?;
    if pod.spec.node_name.is_empty() {
        return Ok(()); // no host yet: the API server returns an empty body
    }
    let status = pod.status.as_ref().and_then(|s| s.container_statuses.iter().find(|c| c.name == name));
    let podname = &pod.metadata.name;
    if parsed.bool("previous") && status.is_none_or(|s| s.last_state.terminated.is_none()) {
        return Err(CommandError::new(format!(
            "Error from server (BadRequest): previous terminated container \"{name}\" in pod \"{podname}\" not found"
        )));
    }
    match status.map(|s| &s.state) {
        Some(state) if state.running.is_some() || state.terminated.is_some() => Ok(()),
        Some(state) => {
            let reason = state.waiting.as_ref().and_then(|w| w.reason.clone()).unwrap_or_else(|| "ContainerCreating".into());
            let reason = if matches!(reason.as_str(), "ErrImagePull" | "ImagePullBackOff")
                && status.is_some_and(|s| s.last_state.terminated.is_none())
            {
                "trying and failing to pull image".to_string()
            } else {
                reason
            };
            if reason == "CrashLoopBackOff" {
                return Ok(()); // the last run's (empty) output
            }
            Err(CommandError::new(format!(
                "Error from server (BadRequest): container \"{name}\" in pod \"{podname}\" is waiting to start: {reason}"
            )))
        }
        None => Err(CommandError::new(format!(
            "Error from server (BadRequest): container \"{name}\" in pod \"{podname}\" is waiting to start: ContainerCreating"
        ))),
    }
}

pub fn run(session: &mut Session, args: &[String]) -> CommandResult {
    let specs = [
        value("image", None),
        value("restart", None),
        value("labels", Some('l')),
        value("port", None),
        value("env", None),
        boolean("stdin", Some('i')),
        boolean("tty", Some('t')),
        boolean("rm", None),
        boolean("command", None),
        value("dry-run", None),
        value("output", Some('o')),
        boolean("attach", None),
        value("image-pull-policy", None),
        value("annotations", None),
        value("pod-running-timeout", None),
        boolean("expose", None),
        value("overrides", None),
        boolean("quiet", Some('q')),
        boolean("privileged", None),
    ];
    let parsed = flags::parse(args, &specs).map_err(|e| CommandError::new(format!("error: {e}\nSee 'kubectl run --help' for usage.")))?;
    let namespace = Session::namespace(&parsed);
    let Some(name) = parsed.args.first().cloned() else {
        return Err(CommandError::new("error: NAME is required for run\nSee 'kubectl run -h' for help and examples"));
    };
    let Some(image) = parsed.get("image").map(str::to_string) else {
        return Err(CommandError::plain("required flag(s) \"image\" not set"));
    };
    let restart = parsed.get("restart").unwrap_or("Always").to_string();
    if !matches!(restart.as_str(), "Always" | "OnFailure" | "Never") {
        return Err(CommandError::plain(format!("invalid restart policy: {restart}")));
    }
    let interactive = parsed.bool("stdin");
    let attach = interactive || parsed.bool("attach");
    if parsed.bool("rm") && !attach {
        return Err(CommandError::plain("--rm should only be used for attached containers"));
    }
    let mut argv: Vec<String> = parsed.args[1..].to_vec();
    argv.extend(parsed.after_dashes.clone().unwrap_or_default());
    let mut labels = serde_json::Map::new();
    match parsed.get("labels") {
        Some(text) => {
            for pair in text.split(',') {
                let (k, v) = pair.split_once('=').ok_or_else(|| CommandError::plain(format!("invalid label spec: {pair}")))?;
                labels.insert(k.into(), v.into());
            }
        }
        None => {
            labels.insert("run".into(), name.clone().into());
        }
    }
    let mut container = serde_json::json!({"name": name, "image": image, "resources": {}});
    if !argv.is_empty() {
        container[if parsed.bool("command") { "command" } else { "args" }] = argv.clone().into();
    }
    if let Some(port) = parsed.get("port") {
        let port: i64 = port.parse().map_err(|_| {
            CommandError::plain(format!(
                "invalid argument \"{port}\" for \"--port\" flag: strconv.ParseInt: parsing \"{port}\": invalid syntax"
            ))
        })?;
        container["ports"] = serde_json::json!([{"containerPort": port}]);
    }
    let env: Vec<serde_json::Value> = parsed
        .all("env")
        .iter()
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            serde_json::json!({"name": k, "value": v})
        })
        .collect();
    if !env.is_empty() {
        container["env"] = env.into();
    }
    if interactive {
        container["stdin"] = true.into();
        container["stdinOnce"] = true.into();
    }
    if parsed.bool("tty") {
        container["tty"] = true.into();
    }
    let body = serde_json::json!({
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
        "spec": {"containers": [container], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"},
    });
    let serde_json::Value::Object(map) = body else { unreachable!("a JSON object") };
    let mut object = Object::from_parts("v1", "Pod", map).map_err(|e| CommandError::plain(e.to_string()))?;
    crate::sim::manifest::apply_defaults(&mut object);
    crate::sim::manifest::on_create(&mut object);
    match parsed.get("dry-run") {
        None | Some("none") => {}
        Some("client") | Some("server") | Some("true") => {
            let suffix = if parsed.get("dry-run") == Some("server") { "server dry run" } else { "dry run" };
            session.print(&format!("pod/{name} created ({suffix})"));
            return Ok(());
        }
        Some(other) => {
            return Err(CommandError::plain(format!("Invalid dry-run value ({other}). Must be \"none\", \"server\", or \"client\".")))
        }
    }
    session.cluster.create_admitted(object).map_err(|e| CommandError::api(&e))?;
    session.cluster.flush_watch_events();
    if !attach {
        session.print(&format!("pod/{name} created"));
        return Ok(());
    }
    // Attach: wait for the container to run, then "see" what the command prints.
    let timeout = match parsed.get("pod-running-timeout") {
        Some(text) => parse_duration(text)
            .ok_or_else(|| CommandError::plain(format!("invalid argument \"{text}\" for \"--pod-running-timeout\" flag")))?,
        None => 60 * SECOND,
    };
    let key = ObjectKey::new("Pod", &namespace, &name);
    let container_name = name.clone();
    let running = session.advance_until(timeout, |cluster| {
        cluster.store.get(&key).and_then(|o| o.as_pod().cloned()).is_some_and(|p| container_running(&p, &container_name))
    });
    if !running {
        return Err(CommandError::plain("timed out waiting for the condition"));
    }
    if parsed.bool("tty") {
        session.print("If you don't see a command prompt, try pressing enter.");
    }
    let pod = session.cluster.store.get(&key).and_then(|o| o.as_pod().cloned()).expect("running pod");
    let outcome = if argv.is_empty() {
        Outcome::default()
    } else {
        let c = Container { pod: &pod, name: name.clone(), image: image.clone() };
        run_argv(session, &c, &argv).unwrap_or_default()
    };
    session.print_raw(&outcome.stdout);
    session.print_raw(&outcome.stderr);
    if parsed.bool("rm") {
        let object = session.cluster.delete(&key, None, Propagation::Background).map_err(|e| CommandError::api(&e))?;
        let uid = object.meta().uid.clone();
        session.advance_until(DEFAULT_SETTLE_TIMEOUT_MS, |cluster| cluster.store.get(&key).is_none_or(|o| o.meta().uid != uid));
        session.print(&format!("pod \"{name}\" deleted from {namespace} namespace"));
    }
    if outcome.exit_code != 0 && restart != "Always" {
        return Err(CommandError { message: format!("pod {namespace}/{name} terminated (Error)"), exit_code: outcome.exit_code });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_ids_are_64_hex_digits() {
        let id = exec_id("x");
        assert_eq!(id.len(), 64);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
