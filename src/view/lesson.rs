//! Lessons in the page: the shipped lessons, a step run on the page's timeline (so its commands
//! are intents: time travel, forks and share links see them), and the narration's Markdown
//! subset as plain data for the components to render (text only, never HTML).

use crate::kubectl::script::ScriptCommand;
use crate::lesson::runner::Driver;
use crate::sim::cluster::Cluster;
use crate::sim::objects::codec::{Decode, Encode};
use crate::sim::time::Millis;
use crate::view::timeline::Timeline;

/// What a lesson step's checks found ([`crate::view::boundary::Request::LessonStep`]).
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct LessonStepOutcome {
    pub results: Vec<ExpectationResult>,
    /// For a prediction: whether each choice came true.
    pub answers: Vec<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase")]
pub struct ExpectationResult {
    pub text: String,
    /// Why it did not hold; None when it held.
    pub failure: Option<String>,
}

/// A lesson being played when a moment was shared (in [`crate::view::share::Scenario`]).
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
#[json(rename_all = "camelCase", default)]
pub struct SharedLesson {
    /// A shipped lesson's file name ([`SHIPPED`]); empty when `text` carries the lesson.
    #[json(skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// A lesson of the teacher's own, its file's text.
    #[json(skip_serializing_if = "String::is_empty")]
    pub text: String,
    pub language: String,
    /// The shown step (0-based).
    pub step: u32,
    /// When each step up to the shown one ran (Back rewinds there).
    pub starts: Vec<Millis>,
    /// The shown step's checks, once it had run.
    pub outcome: Option<LessonStepOutcome>,
}

/// At most this many steps in a shared lesson's position.
pub const SHARED_STEPS_MAX: usize = 1_000;

impl SharedLesson {
    /// The lesson's text: the shipped file's, or its own.
    pub fn lesson_text(&self) -> Option<&'static str> {
        SHIPPED.iter().find(|(file, _, _)| *file == self.file).map(|(_, _, text)| *text)
    }

    /// Whether a page may open it: a shipped file or a text, a short language, times in the
    /// shared history.
    pub fn validate(&self, head_ms: Millis) -> Result<(), String> {
        match (self.file.is_empty(), self.text.is_empty()) {
            (false, true) if self.lesson_text().is_none() => return Err(format!("a lesson {:?} this page does not ship", self.file)),
            (false, true) | (true, false) => {}
            _ => return Err("a lesson with both a file name and a text, or neither".to_string()),
        }
        if self.language.len() > 16 {
            return Err("a lesson language of more than 16 characters".to_string());
        }
        if self.step as usize >= SHARED_STEPS_MAX || self.starts.len() > SHARED_STEPS_MAX {
            return Err(format!("a lesson position beyond {SHARED_STEPS_MAX} steps"));
        }
        if self.starts.iter().any(|at| !(0..=head_ms).contains(at)) {
            return Err("a lesson step outside the shared history".to_string());
        }
        Ok(())
    }
}

/// The lessons the page ships: (file name, English title, text).
pub const SHIPPED: [(&str, &str, &str); 2] = [
    (
        "daemonset-and-statefulset.lesson.yaml",
        "DaemonSets and StatefulSets",
        include_str!("../../lessons/daemonset-and-statefulset.lesson.yaml"),
    ),
    ("statefulset-basics.lesson.yaml", "StatefulSet Basics", include_str!("../../lessons/statefulset-basics.lesson.yaml")),
];

impl Driver for Timeline {
    /// A line is a console command; a heredoc is the editor's Apply of its text when the line
    /// is `kubectl apply -f -` (what lessons use it for), else refused.
    fn run(&mut self, command: &ScriptCommand) -> String {
        match &command.stdin {
            None => self.run_command(&command.line, "").text,
            Some(text) if command.words == ["kubectl", "apply", "-f", "-"] => self.apply(text).output,
            Some(_) => "error: in the page a heredoc feeds only `kubectl apply -f -`\n".to_string(),
        }
    }

    fn advance_to(&mut self, until: Millis) -> String {
        self.advance_by(until - self.now())
    }

    fn cluster(&self) -> &Cluster {
        &self.playground().session().cluster
    }
}

/// A piece of narration text.
#[derive(Clone, Debug, PartialEq)]
pub enum Span {
    Text(String),
    /// `` `code` ``
    Code(String),
    /// `**bold**`
    Bold(String),
}

/// A block of narration: a paragraph, or a list of items.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Vec<Span>),
    List(Vec<Vec<Span>>),
}

/// The lesson format's Markdown subset: paragraphs (separated by a blank line; lines join
/// with a space, or directly between CJK text), `- ` list items, `` `code` `` and `**bold**`.
/// Anything else is text as written.
pub fn narration(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph = String::new();
    let mut items: Vec<String> = Vec::new();
    let flush = |paragraph: &mut String, items: &mut Vec<String>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(spans(paragraph)));
            paragraph.clear();
        }
        if !items.is_empty() {
            blocks.push(Block::List(items.iter().map(|i| spans(i)).collect()));
            items.clear();
        }
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            flush(&mut paragraph, &mut items, &mut blocks);
        } else if let Some(item) = line.strip_prefix("- ") {
            if !paragraph.is_empty() {
                blocks.push(Block::Paragraph(spans(&paragraph)));
                paragraph.clear();
            }
            items.push(item.to_string());
        } else if let Some(last) = items.last_mut() {
            join(last, line);
        } else {
            join(&mut paragraph, line);
        }
    }
    flush(&mut paragraph, &mut items, &mut blocks);
    blocks
}

/// Joins a wrapped line: with a space, except between two CJK characters.
fn join(text: &mut String, line: &str) {
    let cjk = |c: char| matches!(c, '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}');
    let between_cjk = text.chars().last().is_some_and(cjk) && line.chars().next().is_some_and(cjk);
    if !text.is_empty() && !between_cjk {
        text.push(' ');
    }
    text.push_str(line);
}

fn spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let code = rest.find('`');
        let bold = rest.find("**");
        let (at, marker) = match (code, bold) {
            (Some(c), Some(b)) if b < c => (b, "**"),
            (Some(c), _) => (c, "`"),
            (None, Some(b)) => (b, "**"),
            (None, None) => {
                spans.push(Span::Text(rest.to_string()));
                break;
            }
        };
        let after = &rest[at + marker.len()..];
        let Some(end) = after.find(marker) else {
            spans.push(Span::Text(rest.to_string()));
            break;
        };
        if at > 0 {
            spans.push(Span::Text(rest[..at].to_string()));
        }
        let inner = after[..end].to_string();
        spans.push(if marker == "`" { Span::Code(inner) } else { Span::Bold(inner) });
        rest = &after[end + marker.len()..];
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::format::Lesson;
    use crate::lesson::runner::run_step;

    #[test]
    fn narration_is_paragraphs_lists_code_and_bold_never_markup() {
        let blocks = narration(
            "A **DaemonSet** runs\none pod: `nginx-ds`.\n\n- first\n- second <b>x</b>\n\n调度器停止后，\n新建的 Pod 处于 Pending。",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![
                    Span::Text("A ".into()),
                    Span::Bold("DaemonSet".into()),
                    Span::Text(" runs one pod: ".into()),
                    Span::Code("nginx-ds".into()),
                    Span::Text(".".into())
                ]),
                Block::List(vec![vec![Span::Text("first".into())], vec![Span::Text("second <b>x</b>".into())]]),
                Block::Paragraph(vec![Span::Text("调度器停止后，新建的 Pod 处于 Pending。".into())]),
            ]
        );
        assert_eq!(narration("an `unclosed mark"), vec![Block::Paragraph(vec![Span::Text("an `unclosed mark".into())])]);
    }

    /// The shipped lessons run on the page's timeline as they do headless: every expectation
    /// holds, and the steps' commands are intents of the timeline's log.
    #[test]
    fn shipped_lessons_hold_on_the_pages_timeline() {
        for (file, title, text) in SHIPPED {
            let lesson = Lesson::parse(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(lesson.title["en"], title, "{file}");
            let mut timeline = Timeline::new(crate::lesson::runner::config(&lesson));
            for (index, step) in lesson.steps.iter().enumerate() {
                let report = run_step(&mut timeline, step);
                assert!(report.held(), "{file} step {}: {:?}\n{}", index + 1, report.results, report.transcript);
            }
            assert!(timeline.log().intents.len() >= lesson.steps.len() / 2, "{file}: {} intents", timeline.log().intents.len());
        }
    }
}

#[cfg(test)]
mod back_tests {
    use crate::lesson::format::Lesson;
    use crate::view::boundary::{Core, Request};
    use crate::view::playground::IntentLog;

    /// The page's Back: a seek to a step's start replays none of its commands, and running the
    /// step again from there gives the same result (the old future discarded).
    #[test]
    fn a_step_rewound_to_its_start_runs_again_the_same() {
        let (_, _, text) = super::SHIPPED[0];
        let lesson = Lesson::parse(text).unwrap();
        let mut core = Core::replay(&IntentLog::empty(lesson.seed));
        let first = core.handle(Request::LessonStep { lesson: text.into(), step: 0 });
        assert!(first.outcome.lesson.as_ref().is_some_and(|l| l.results.iter().all(|r| r.failure.is_none())));
        let start = first.now;
        let second = core.handle(Request::LessonStep { lesson: text.into(), step: 1 });
        assert_eq!(second.snapshot.nodes.len(), 4, "node-4 joined");
        let back = core.handle(Request::Seek { ms: start });
        assert_eq!(back.snapshot.nodes.len(), 3, "before step 2's node add");
        let again = core.handle(Request::LessonStep { lesson: text.into(), step: 1 });
        assert_eq!(again.snapshot.nodes.len(), 4);
        assert!(again.outcome.lesson.unwrap().results.iter().all(|r| r.failure.is_none()), "{}", again.outcome.text);
        assert_eq!(again.now, second.now, "the same step from the same moment takes the same time");
    }
}

#[cfg(test)]
mod share_tests {
    use super::*;
    use crate::view::playground::IntentLog;
    use crate::view::share::{decode_link, encode_link, LinkError, Scenario};

    fn scenario(lesson: SharedLesson) -> Scenario {
        let mut scenario = Scenario::from_log(&IntentLog::opening(), "", 0, 1_000);
        scenario.head_ms = 60_000;
        scenario.at_ms = 30_000;
        scenario.lesson = Some(lesson);
        scenario
    }

    #[test]
    fn a_share_link_carries_the_lesson_its_step_language_and_checks() {
        let outcome = LessonStepOutcome {
            results: vec![ExpectationResult { text: "pod web-0: Running".into(), failure: None }],
            answers: vec![false, true],
        };
        for lesson in [
            SharedLesson {
                file: SHIPPED[0].0.into(),
                language: "zh-CN".into(),
                step: 1,
                starts: vec![0, 6_000],
                outcome: Some(outcome.clone()),
                ..Default::default()
            },
            SharedLesson {
                text: "kubariumLesson: 1\ntitle: {en: Mine}\nsteps:\n- title: {en: a}\n  narration: {en: b}\n".into(),
                language: "en".into(),
                ..Default::default()
            },
        ] {
            let shared = scenario(lesson);
            assert_eq!(decode_link(&encode_link(&shared)).unwrap(), shared);
        }
        // A link made before lessons has none.
        let mut plain = scenario(SharedLesson::default());
        plain.lesson = None;
        assert_eq!(decode_link(&encode_link(&plain)).unwrap().lesson, None);
    }

    #[test]
    fn a_hostile_shared_lesson_is_refused_with_a_reason() {
        for (lesson, why) in [
            (SharedLesson { file: "../etc/passwd".into(), ..Default::default() }, "does not ship"),
            (SharedLesson { file: SHIPPED[0].0.into(), text: "x".into(), ..Default::default() }, "both a file name and a text"),
            (SharedLesson::default(), "or neither"),
            (SharedLesson { file: SHIPPED[0].0.into(), starts: vec![90_000], ..Default::default() }, "outside the shared history"),
            (SharedLesson { file: SHIPPED[0].0.into(), step: 5_000, ..Default::default() }, "beyond 1000 steps"),
            (SharedLesson { file: SHIPPED[0].0.into(), language: "x".repeat(40), ..Default::default() }, "16 characters"),
        ] {
            match decode_link(&encode_link(&scenario(lesson))) {
                Err(LinkError::Invalid(_, reason)) => assert!(reason.contains(why), "{reason}"),
                other => panic!("{why}: {other:?}"),
            }
        }
    }
}
