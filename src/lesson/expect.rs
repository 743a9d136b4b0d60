//! Expectations: one line each, checked against the cluster.
//!
//! ```text
//! pods k8s-app=nginx: 3 Running, one per node
//! pods app=nginx: none
//! pod web-1: absent while pod web-0: not Ready
//! pod web-0: Running, Ready, on node-2
//! pod web-2: image registry.k8s.io/nginx-slim:0.24
//! claim www-web-0: Bound to pv001
//! volume pv002: Available
//! node node-2: Ready,SchedulingDisabled
//! ```
//!
//! A subject (`pods SELECTOR`, `pod NAME`, `claim NAME`, `volume NAME`, `node NAME`; objects in
//! the `default` namespace), a colon, and facts separated by `, ` (comma and space), all of
//! which must hold. A
//! STATUS is kubectl's column (`Running`, `Pending`, `ContainerCreating`, `Bound`, `Ready`…).
//! `A while B` means: at every moment B holds, A holds too.

use crate::kubectl::printers::columns::{cells_for, pod_cells};
use crate::kubectl::selector::Selector;
use crate::sim::cluster::Cluster;
use crate::sim::objects::Pod;

#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    /// Parsed once: a `while` expectation is checked at every simulated instant.
    Pods(Selector),
    Pod(String),
    Claim(String),
    Volume(String),
    Node(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Fact {
    /// `3 Running`: this many matching pods show this STATUS (`3` alone: this many exist).
    Count(usize, Option<String>),
    /// `none`: no matching pod (terminating ones count as gone).
    None,
    /// `one per node`: every node runs exactly one matching pod.
    OnePerNode,
    /// `absent`: the object does not exist.
    Absent,
    /// `Ready` / `not Ready`: every container ready (READY n/n), for a pod.
    Ready(bool),
    /// A STATUS column value.
    Status(String),
    /// `on NODE`: the pod is bound to the node.
    On(String),
    /// `image IMAGE`: the pod's first container runs this image.
    Image(String),
    /// `Bound to VOLUME`: the claim has this STATUS and names the volume.
    StatusTo(String, String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub subject: Subject,
    pub facts: Vec<Fact>,
}

/// One expectation line.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub text: String,
    pub holds: Condition,
    /// `… while CONDITION`: checked at every moment of the step, not only at its end.
    pub while_: Option<Condition>,
}

impl Expectation {
    pub fn parse(text: &str) -> Result<Expectation, String> {
        let text = text.trim();
        let (holds, while_) = match text.split_once(" while ") {
            Some((holds, condition)) => (holds, Some(Condition::parse(condition)?)),
            None => (text, None),
        };
        Ok(Expectation { text: text.to_string(), holds: Condition::parse(holds)?, while_ })
    }

    /// Whether it holds now (for a `while` expectation: whether the condition does not hold, or
    /// the expectation does).
    pub fn check(&self, cluster: &Cluster) -> Result<(), String> {
        if let Some(condition) = &self.while_ {
            if condition.check(cluster).is_err() {
                return Ok(());
            }
        }
        self.holds.check(cluster)
    }
}

impl Condition {
    pub fn parse(text: &str) -> Result<Condition, String> {
        let (subject, facts) =
            text.split_once(':').ok_or_else(|| format!("\"{text}\": want SUBJECT: FACTS (e.g. \"pod web-0: Running\")"))?;
        let mut words = subject.split_whitespace();
        let (Some(kind), Some(name), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!("\"{subject}\": want a subject such as \"pods app=nginx\" or \"pod web-0\""));
        };
        let subject = match kind {
            "pods" => Subject::Pods(Selector::parse(name).map_err(|e| format!("\"{name}\": {e}"))?),
            "pod" => Subject::Pod(name.to_string()),
            "claim" => Subject::Claim(name.to_string()),
            "volume" => Subject::Volume(name.to_string()),
            "node" => Subject::Node(name.to_string()),
            other => return Err(format!("\"{other}\": the subject is one of pods, pod, claim, volume, node")),
        };
        // Facts are separated by a comma and a space: a STATUS such as `Ready,SchedulingDisabled` has a comma.
        let facts = facts.split(", ").map(|fact| Fact::parse(fact.trim(), &subject)).collect::<Result<Vec<_>, _>>()?;
        if facts.is_empty() {
            return Err(format!("\"{text}\": no facts after the colon"));
        }
        Ok(Condition { subject, facts })
    }

    pub fn check(&self, cluster: &Cluster) -> Result<(), String> {
        for fact in &self.facts {
            fact.check(&self.subject, cluster)?;
        }
        Ok(())
    }
}

impl Fact {
    fn parse(text: &str, subject: &Subject) -> Result<Fact, String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let pods = matches!(subject, Subject::Pods(_));
        Ok(match words.as_slice() {
            [] => return Err("an empty fact".into()),
            ["none"] if pods => Fact::None,
            ["one", "per", "node"] if pods => Fact::OnePerNode,
            [count, rest @ ..] if pods && rest.len() <= 1 => {
                let count = count.parse().map_err(|_| format!("\"{text}\": want a count, e.g. \"3 Running\""))?;
                Fact::Count(count, rest.first().map(|s| s.to_string()))
            }
            ["absent"] if !pods => Fact::Absent,
            ["Ready"] if matches!(subject, Subject::Pod(_)) => Fact::Ready(true),
            ["not", "Ready"] if matches!(subject, Subject::Pod(_)) => Fact::Ready(false),
            ["on", node] if matches!(subject, Subject::Pod(_)) => Fact::On(node.to_string()),
            ["image", image] if matches!(subject, Subject::Pod(_)) => Fact::Image(image.to_string()),
            [status, "to", volume] if matches!(subject, Subject::Claim(_)) => Fact::StatusTo(status.to_string(), volume.to_string()),
            [status] if !pods => Fact::Status(status.to_string()),
            _ => return Err(format!("\"{text}\": not a fact this subject has")),
        })
    }

    fn check(&self, subject: &Subject, cluster: &Cluster) -> Result<(), String> {
        let now = cluster.now;
        match subject {
            Subject::Pods(selector) => {
                let pods: Vec<&Pod> = cluster
                    .store
                    .list_in("Pod", "default")
                    .filter_map(|p| p.as_pod())
                    .filter(|p| selector.matches(&p.metadata.labels) && !p.metadata.is_deleting())
                    .collect();
                match self {
                    Fact::None if pods.is_empty() => Ok(()),
                    Fact::None => Err(format!("{} pods match", pods.len())),
                    Fact::Count(count, status) => {
                        let matching = pods.iter().filter(|p| status.as_ref().is_none_or(|s| pod_status(p, now) == *s)).count();
                        if matching == *count {
                            Ok(())
                        } else {
                            let shown: Vec<String> = pods.iter().map(|p| format!("{} {}", p.metadata.name, pod_status(p, now))).collect();
                            Err(format!(
                                "{matching} match, not {count} ({})",
                                if shown.is_empty() { "no pods".into() } else { shown.join(", ") }
                            ))
                        }
                    }
                    Fact::OnePerNode => {
                        for node in cluster.store.list("Node") {
                            let on = pods.iter().filter(|p| p.spec.node_name == node.name()).count();
                            if on != 1 {
                                return Err(format!("{} runs {on}", node.name()));
                            }
                        }
                        Ok(())
                    }
                    _ => Err("not a fact of pods".into()),
                }
            }
            Subject::Pod(name) => {
                let Some(pod) = present(self, cluster.get("Pod", "default", name).and_then(|p| p.as_pod()), |p| pod_status(p, now))? else {
                    return Ok(());
                };
                match self {
                    Fact::Status(status) => expect_equal(&pod_status(pod, now), status),
                    Fact::Ready(ready) => {
                        let column = pod_cells(pod, now).get(1).cloned().unwrap_or_default();
                        let all = column.split_once('/').is_some_and(|(a, b)| a == b && a != "0");
                        if all == *ready {
                            Ok(())
                        } else {
                            Err(format!("READY is {column}"))
                        }
                    }
                    Fact::On(node) => expect_equal(&pod.spec.node_name, node),
                    Fact::Image(image) => expect_equal(pod.spec.containers.first().map_or("", |c| c.image.as_str()), image),
                    _ => Err("not a fact of a pod".into()),
                }
            }
            Subject::Claim(name) => {
                let claim = cluster.get("PersistentVolumeClaim", "default", name).and_then(|c| c.as_claim());
                let Some(claim) = present(self, claim, |c| phase_or_pending(c.phase()).to_string())? else { return Ok(()) };
                match self {
                    Fact::Status(status) => expect_equal(phase_or_pending(claim.phase()), status),
                    Fact::StatusTo(status, volume) => {
                        expect_equal(phase_or_pending(claim.phase()), status)?;
                        expect_equal(claim.volume_name(), volume)
                    }
                    _ => Err("not a fact of a claim".into()),
                }
            }
            Subject::Volume(name) => {
                let volume = cluster.get("PersistentVolume", "", name).and_then(|v| v.as_volume());
                let Some(volume) = present(self, volume, |v| phase_or_pending(v.phase()).to_string())? else { return Ok(()) };
                match self {
                    Fact::Status(status) => expect_equal(phase_or_pending(volume.phase()), status),
                    _ => Err("not a fact of a volume".into()),
                }
            }
            Subject::Node(name) => {
                let status = |node: &crate::sim::objects::Object| cells_for(node, now).get(1).cloned().unwrap_or_default();
                let Some(node) = present(self, cluster.get("Node", "", name).map(|n| &**n), status)? else { return Ok(()) };
                match self {
                    Fact::Status(expected) => expect_equal(&status(node), expected),
                    _ => Err("not a fact of a node".into()),
                }
            }
        }
    }
}

/// A named object's `absent` fact, or its absence for any other fact: `Ok(None)` when `absent`
/// holds, `Ok(Some(object))` for the other facts to check, else why not (with its STATUS).
fn present<'a, T: ?Sized>(fact: &Fact, object: Option<&'a T>, status: impl Fn(&T) -> String) -> Result<Option<&'a T>, String> {
    match (fact, object) {
        (Fact::Absent, None) => Ok(None),
        (Fact::Absent, Some(object)) => Err(format!("it exists ({})", status(object))),
        (_, None) => Err("it does not exist".into()),
        (_, Some(object)) => Ok(Some(object)),
    }
}

fn pod_status(pod: &Pod, now: crate::sim::time::Millis) -> String {
    pod_cells(pod, now).get(2).cloned().unwrap_or_default()
}

fn phase_or_pending(phase: &str) -> &str {
    if phase.is_empty() {
        "Pending"
    } else {
        phase
    }
}

fn expect_equal(actual: &str, expected: &str) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("it is {}", if actual.is_empty() { "unset" } else { actual }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::Session;
    use crate::sim::cluster::Config;

    fn tutorial() -> Session {
        let mut session = Session::new(Config::default());
        let script = format!("kubectl apply -f - <<EOF\n{}EOF\nsettle\n", crate::view::presets::DAEMONSET);
        session.run_script(&script);
        session
    }

    #[test]
    fn lines_parse_into_a_subject_and_facts() {
        let e = Expectation::parse("pods k8s-app=nginx: 3 Running, one per node").unwrap();
        assert_eq!(e.holds.subject, Subject::Pods(Selector::parse("k8s-app=nginx").unwrap()));
        assert_eq!(e.holds.facts, vec![Fact::Count(3, Some("Running".into())), Fact::OnePerNode]);
        let e = Expectation::parse("pod web-1: absent while pod web-0: not Ready").unwrap();
        assert_eq!(e.holds.facts, vec![Fact::Absent]);
        assert_eq!(e.while_.unwrap().facts, vec![Fact::Ready(false)]);
        let e = Expectation::parse("claim www-web-0: Bound to pv001").unwrap();
        assert_eq!(e.holds.facts, vec![Fact::StatusTo("Bound".into(), "pv001".into())]);
        let e = Expectation::parse("node node-2: Ready,SchedulingDisabled").unwrap();
        assert_eq!(e.holds.facts, vec![Fact::Status("Ready,SchedulingDisabled".into())]);
        for (line, error) in [
            ("pods app=x", "want SUBJECT: FACTS"),
            ("deployment web: Running", "the subject is one of"),
            ("pods app=x: many", "want a count"),
            ("claim c: on node-1", "not a fact this subject has"),
            ("pods -x=y: none", "\"-x=y\""),
        ] {
            let message = Expectation::parse(line).unwrap_err();
            assert!(message.contains(error), "{line}: {message}");
        }
    }

    #[test]
    fn facts_are_checked_against_the_cluster_and_say_why_they_fail() {
        let session = tutorial();
        let check = |line: &str| Expectation::parse(line).unwrap().check(&session.cluster);
        assert_eq!(check("pods k8s-app=nginx: 3 Running, one per node"), Ok(()));
        assert!(check("pods k8s-app=nginx: 2 Running").unwrap_err().starts_with("3 match, not 2 (nginx-ds-"));
        assert_eq!(check("pods k8s-app=nginx: none"), Err("3 pods match".into()));
        assert_eq!(check("pods app=other: none"), Ok(()));
        assert_eq!(check("pod web-0: absent"), Ok(()));
        assert_eq!(check("pod web-0: Running"), Err("it does not exist".into()));
        assert_eq!(check("node node-1: Ready"), Ok(()));
        assert_eq!(check("node node-1: NotReady"), Err("it is Ready".into()));
        assert_eq!(check("node node-9: absent"), Ok(()));
        assert_eq!(check("volume pv001: Available"), Err("it does not exist".into()));
        // A `while` whose condition does not hold says nothing.
        assert_eq!(check("pods k8s-app=nginx: none while node node-1: NotReady"), Ok(()));
        assert_eq!(check("pods k8s-app=nginx: none while node node-1: Ready"), Err("3 pods match".into()));
    }
}
