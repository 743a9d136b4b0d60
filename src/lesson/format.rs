//! The lesson file (`lessons/*.lesson.yaml`, format version 1; docs/lessons.md). Every text is a
//! map from language to text, with every language of the lesson, so the languages cannot drift
//! apart: one list of steps, one list of expectations, narrated in each language.

use super::expect::Expectation;
use crate::sim::cluster::Profile;
use crate::sim::manifest;
use crate::sim::time::{Millis, SECOND};
use serde_json::Value;
use std::collections::BTreeMap;

/// The format version this build reads.
pub const FORMAT_VERSION: i64 = 1;
/// How long (simulated) a step may take to settle when it does not say (`within`).
pub const DEFAULT_WITHIN_MS: Millis = 10 * 60 * SECOND;

/// A text in every language of the lesson: `zh-CN` → …, `en` → ….
pub type Text = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub title: Text,
    /// The languages, as the title lists them (`en`, `zh-CN`).
    pub languages: Vec<String>,
    pub nodes: usize,
    pub profile: Profile,
    pub seed: u64,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub title: Text,
    /// Markdown subset (paragraphs, `code`, **bold**, lists), rendered as text, never as HTML.
    pub narration: Text,
    /// Lines of the command language (a script: heredocs allowed).
    pub run: String,
    pub expect: Vec<Expectation>,
    pub within: Millis,
    pub predict: Option<Prediction>,
}

/// A question the class answers before the step runs; the cluster answers it after: the
/// choices whose condition holds once the step has settled.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    pub question: Text,
    pub choices: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub label: Text,
    pub when: Expectation,
}

/// A problem in a lesson file, at its line.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LessonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

struct Reader<'a> {
    positions: &'a BTreeMap<String, (usize, usize)>,
    languages: Vec<String>,
}

impl Reader<'_> {
    /// The line of a field path (`steps[2].expect[0]`), or of the nearest parent written.
    fn line(&self, path: &str) -> usize {
        let mut path = path.to_string();
        loop {
            if let Some((line, _)) = self.positions.get(&format!(".{path}")).or_else(|| self.positions.get(&path)) {
                return *line;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path.truncate(cut),
                None => return 1,
            }
        }
    }

    fn error(&self, path: &str, message: impl Into<String>) -> LessonError {
        LessonError { line: self.line(path), message: format!("{path}: {}", message.into()) }
    }

    fn text(&self, value: Option<&Value>, path: &str) -> Result<Text, LessonError> {
        let Some(Value::Object(map)) = value else {
            return Err(self.error(path, "want a text in each language (a map: en: …, zh-CN: …)"));
        };
        let mut text = Text::new();
        for (language, value) in map {
            let Some(value) = value.as_str() else {
                // Kubernetes' YAML reads `yes`, `no`, `on`, `off`, `y`, `n` and numbers as such.
                return Err(
                    self.error(&format!("{path}.{language}"), "want a string (quote it: YAML reads yes, no, on, off and numbers as such)")
                );
            };
            text.insert(language.clone(), value.to_string());
        }
        for language in &self.languages {
            if !text.contains_key(language) {
                return Err(self.error(path, format!("no {language} text (every text has every language of the lesson)")));
            }
        }
        if let Some(extra) = text.keys().find(|l| !self.languages.contains(l)) {
            return Err(self.error(&format!("{path}.{extra}"), "a language the lesson's title does not have"));
        }
        Ok(text)
    }

    fn expectation(&self, value: &Value, path: &str) -> Result<Expectation, LessonError> {
        let Some(text) = value.as_str() else { return Err(self.error(path, "want an expectation line, e.g. \"pod web-0: Running\"")) };
        Expectation::parse(text).map_err(|e| self.error(path, e))
    }
}

impl Lesson {
    pub fn parse(text: &str) -> Result<Lesson, LessonError> {
        let documents = manifest::parse(text).map_err(|e| LessonError { line: e.line.max(1), message: e.message.clone() })?;
        let [document] = documents.as_slice() else {
            return Err(LessonError { line: 1, message: "a lesson file holds one YAML document".into() });
        };
        let root = &document.value;
        let mut reader = Reader { positions: &document.positions, languages: Vec::new() };
        match root.get("kubariumLesson").and_then(Value::as_i64) {
            Some(FORMAT_VERSION) => {}
            Some(other) => return Err(reader.error("kubariumLesson", format!("format version {other}; this build reads {FORMAT_VERSION}"))),
            None => return Err(reader.error("kubariumLesson", format!("missing: a lesson starts with `kubariumLesson: {FORMAT_VERSION}`"))),
        }
        let Some(Value::Object(title)) = root.get("title") else { return Err(reader.error("title", "want a text in each language")) };
        reader.languages = title.keys().cloned().collect();
        if reader.languages.is_empty() {
            return Err(reader.error("title", "no language"));
        }
        let title = reader.text(root.get("title"), "title")?;
        let cluster = root.get("cluster");
        let nodes = cluster.and_then(|c| c.get("nodes")).and_then(Value::as_u64).unwrap_or(3).min(50) as usize;
        let profile = match cluster.and_then(|c| c.get("profile")).and_then(Value::as_str) {
            None | Some("kubeadm") => Profile::Kubeadm,
            Some("kind") => Profile::Kind,
            Some(other) => return Err(reader.error("cluster.profile", format!("\"{other}\": kubeadm or kind"))),
        };
        let seed = cluster.and_then(|c| c.get("seed")).and_then(Value::as_u64).unwrap_or(1);
        let Some(Value::Array(items)) = root.get("steps") else { return Err(reader.error("steps", "want a list of steps")) };
        let mut steps = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let path = format!("steps[{index}]");
            let title = reader.text(item.get("title"), &format!("{path}.title"))?;
            let narration = reader.text(item.get("narration"), &format!("{path}.narration"))?;
            let run = match item.get("run") {
                None => String::new(),
                Some(Value::String(run)) => run.clone(),
                Some(_) => return Err(reader.error(&format!("{path}.run"), "want the step's commands, one per line")),
            };
            if let Err(error) = crate::kubectl::script::parse_script(&run) {
                return Err(LessonError { line: reader.line(&format!("{path}.run")) + error.line_number, message: error.message });
            }
            let mut expect = Vec::new();
            if let Some(list) = item.get("expect") {
                let Some(list) = list.as_array() else {
                    return Err(reader.error(&format!("{path}.expect"), "want a list of expectation lines"));
                };
                for (i, value) in list.iter().enumerate() {
                    expect.push(reader.expectation(value, &format!("{path}.expect[{i}]"))?);
                }
            }
            let within = match item.get("within") {
                None => DEFAULT_WITHIN_MS,
                Some(Value::String(duration)) => crate::sim::time::parse_duration(duration)
                    .ok_or_else(|| reader.error(&format!("{path}.within"), format!("\"{duration}\": want a duration such as 90s or 5m")))?,
                Some(_) => return Err(reader.error(&format!("{path}.within"), "want a duration such as 90s or 5m")),
            };
            let predict = match item.get("predict") {
                None => None,
                Some(predict) => {
                    let question = reader.text(predict.get("question"), &format!("{path}.predict.question"))?;
                    let Some(Value::Array(list)) = predict.get("choices") else {
                        return Err(reader.error(&format!("{path}.predict.choices"), "want a list of choices"));
                    };
                    let mut choices = Vec::new();
                    for (i, choice) in list.iter().enumerate() {
                        let at = format!("{path}.predict.choices[{i}]");
                        let label = reader.text(choice.get("label"), &format!("{at}.label"))?;
                        let when = reader.expectation(choice.get("when").unwrap_or(&Value::Null), &format!("{at}.when"))?;
                        choices.push(Choice { label, when });
                    }
                    if choices.len() < 2 {
                        return Err(reader.error(&format!("{path}.predict.choices"), "a prediction offers at least two choices"));
                    }
                    Some(Prediction { question, choices })
                }
            };
            steps.push(Step { title, narration, run, expect, within, predict });
        }
        if steps.is_empty() {
            return Err(reader.error("steps", "a lesson has at least one step"));
        }
        Ok(Lesson { title, languages: reader.languages.clone(), nodes, profile, seed, steps })
    }
}

/// The text in `language`, else in English, else in any language it has.
pub fn in_language<'a>(text: &'a Text, language: &str) -> &'a str {
    text.get(language).or_else(|| text.get("en")).or_else(|| text.values().next()).map_or("", String::as_str)
}
