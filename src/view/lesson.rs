//! Lessons in the page: the shipped lessons, a step run on the page's timeline (so its commands
//! are intents: time travel, forks and share links see them), and the narration's Markdown
//! subset as plain data for the components to render (text only, never HTML).

use crate::kubectl::script::ScriptCommand;
use crate::lesson::runner::Driver;
use crate::sim::cluster::Cluster;
use crate::sim::time::Millis;
use crate::view::timeline::Timeline;

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
