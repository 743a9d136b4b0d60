//! Runs a lesson's steps on a session, as `kubarium lesson FILE` and the tests do, and as the
//! page's lesson panel does one step at a time.
//!
//! A step: its commands run in order; then the cluster runs until it has settled (no controller
//! has work, no pod is in transition) or the step's `within` has passed; then each expectation
//! is checked. An expectation phrased `… while …` is also checked after every command and at
//! every simulated instant until then. A prediction is answered the same way, at the end.

use super::format::{in_language, Lesson, Step};
use crate::kubectl::script::{parse_script, ScriptCommand};
use crate::kubectl::Session;
use crate::sim::cluster::{Cluster, Config};
use crate::sim::time::Millis;

/// What one step did and whether its expectations held.
#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    /// The commands and what they printed (watch rows included).
    pub transcript: String,
    /// Each expectation's line and, when it did not hold, why (at the first moment it failed).
    pub results: Vec<(String, Result<(), String>)>,
    /// For a prediction: each choice's index and whether the cluster made it true.
    pub answers: Vec<bool>,
}

impl StepReport {
    pub fn held(&self) -> bool {
        self.results.iter().all(|(_, r)| r.is_ok())
    }
}

/// The cluster a lesson starts from.
pub fn config(lesson: &Lesson) -> Config {
    Config { seed: lesson.seed, nodes: lesson.nodes, profile: lesson.profile, ..Config::default() }
}

/// What a step runs on: a headless [`Session`], or the page's timeline (whose commands become
/// intents, so time travel and share links see them).
pub trait Driver {
    /// Runs one command of the step's script; returns what it printed.
    fn run(&mut self, command: &ScriptCommand) -> String;
    /// Runs the cluster to `until`; returns the watch rows printed meanwhile.
    fn advance_to(&mut self, until: Millis) -> String;
    fn cluster(&self) -> &Cluster;
}

impl Driver for Session {
    fn run(&mut self, command: &ScriptCommand) -> String {
        self.execute(command).text
    }

    fn advance_to(&mut self, until: Millis) -> String {
        Session::advance_to(self, until)
    }

    fn cluster(&self) -> &Cluster {
        &self.cluster
    }
}

/// Runs one step.
pub fn run_step(driver: &mut impl Driver, step: &Step) -> StepReport {
    let mut transcript = String::new();
    let mut failed_while: Vec<Option<String>> = vec![None; step.expect.len()];
    let check_whiles = |cluster: &Cluster, failed: &mut Vec<Option<String>>| {
        for (i, expectation) in step.expect.iter().enumerate() {
            if expectation.while_.is_some() && failed[i].is_none() {
                if let Err(reason) = expectation.check(cluster) {
                    failed[i] = Some(format!("at {}: {reason}", crate::sim::time::Time(cluster.now).rfc3339()));
                }
            }
        }
    };
    // The format's parser has checked the script.
    for command in parse_script(&step.run).unwrap_or_default() {
        transcript.push_str("$ ");
        transcript.push_str(&command.line);
        transcript.push('\n');
        transcript.push_str(&driver.run(&command));
        check_whiles(driver.cluster(), &mut failed_while);
    }
    let deadline = driver.cluster().now.saturating_add(step.within);
    while driver.cluster().has_pending_work() {
        let Some(at) = driver.cluster().next_task_time().filter(|at| *at <= deadline) else { break };
        transcript.push_str(&driver.advance_to(at));
        check_whiles(driver.cluster(), &mut failed_while);
    }
    if driver.cluster().has_pending_work() && driver.cluster().now < deadline {
        transcript.push_str(&driver.advance_to(deadline));
    }
    let cluster = driver.cluster();
    let results = step
        .expect
        .iter()
        .zip(failed_while)
        .map(|(expectation, failed)| {
            let result = match failed {
                Some(reason) => Err(reason),
                None => expectation.check(cluster),
            };
            (expectation.text.clone(), result)
        })
        .collect();
    let answers = step.predict.iter().flat_map(|p| &p.choices).map(|choice| choice.when.check(cluster).is_ok()).collect();
    StepReport { transcript, results, answers }
}

/// Runs every step of `lesson` on a new session and prints a transcript in `language`;
/// returns it and whether every expectation held.
pub fn run_lesson(lesson: &Lesson, language: &str, session: &mut Session) -> (String, bool) {
    let mut out = format!("# {}\n", in_language(&lesson.title, language));
    let mut all = true;
    let count = lesson.steps.len();
    for (index, step) in lesson.steps.iter().enumerate() {
        out.push_str(&format!("\n── {}/{count} {} ──\n", index + 1, in_language(&step.title, language)));
        for line in in_language(&step.narration, language).trim_end().lines() {
            out.push_str(&format!("| {line}\n"));
        }
        if let Some(prediction) = &step.predict {
            out.push_str(&format!("? {}\n", in_language(&prediction.question, language)));
            for (i, choice) in prediction.choices.iter().enumerate() {
                out.push_str(&format!("  {}. {}\n", i + 1, in_language(&choice.label, language)));
            }
        }
        let report = run_step(session, step);
        out.push_str(&report.transcript);
        if let Some(prediction) = &step.predict {
            let answers: Vec<String> = prediction
                .choices
                .iter()
                .zip(&report.answers)
                .enumerate()
                .filter(|(_, (_, held))| **held)
                .map(|(i, (choice, _))| format!("{}. {}", i + 1, in_language(&choice.label, language)))
                .collect();
            if answers.is_empty() {
                // A question the cluster does not answer is the lesson's mistake.
                all = false;
                out.push_str("✗ prediction: the cluster made none of the choices true\n");
            } else {
                out.push_str(&format!("= {}\n", answers.join("; ")));
            }
        }
        for (text, result) in &report.results {
            match result {
                Ok(()) => out.push_str(&format!("✓ {text}\n")),
                Err(reason) => {
                    all = false;
                    out.push_str(&format!("✗ {text}: {reason}\n"));
                }
            }
        }
    }
    out.push_str(if all { "\nevery expectation held\n" } else { "\nsome expectations did not hold\n" });
    (out, all)
}
