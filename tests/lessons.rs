//! Lessons (src/lesson, docs/lessons.md): every shipped lesson runs headless in each of its
//! languages with every expectation held, through the library and through `kubarium lesson`;
//! and the runner really checks: a wrong expectation, a `while` broken mid-step, and a broken
//! file each fail.

use kubarium::kubectl::Session;
use kubarium::lesson::format::Lesson;
use kubarium::lesson::runner::{config, run_lesson};
use std::path::{Path, PathBuf};
use std::process::Command;

fn lessons() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("lessons/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".lesson.yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no lessons in {}", dir.display());
    files
}

fn session(lesson: &Lesson) -> Session {
    Session::new(config(lesson)).with_loader(Box::new(|name: &str| kubarium::view::presets::text(name).ok_or_else(|| format!("no {name}"))))
}

fn run(text: &str, language: &str) -> (String, bool) {
    let lesson = Lesson::parse(text).unwrap_or_else(|e| panic!("{e}"));
    run_lesson(&lesson, language, &mut session(&lesson))
}

#[test]
fn every_shipped_lesson_holds_in_every_language() {
    for file in lessons() {
        let text = std::fs::read_to_string(&file).expect("the lesson");
        let lesson = Lesson::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(lesson.languages.contains(&"en".to_string()) && lesson.languages.contains(&"zh-CN".to_string()), "{}", file.display());
        for language in &lesson.languages {
            let (transcript, held) = run_lesson(&lesson, language, &mut session(&lesson));
            assert!(held, "{} in {language}:\n{transcript}", file.display());
            assert!(!transcript.contains('✗'), "{transcript}");
        }
    }
}

#[test]
fn kubarium_lesson_exits_zero_for_the_shipped_lessons_and_one_for_a_failing_expectation() {
    let binary = env!("CARGO_BIN_EXE_kubarium");
    for file in lessons() {
        for language in ["en", "zh-CN"] {
            let output = Command::new(binary).args(["lesson", "--lang", language]).arg(&file).output().expect("kubarium runs");
            assert!(output.status.success(), "{} {language}: {}", file.display(), String::from_utf8_lossy(&output.stdout));
            assert!(String::from_utf8_lossy(&output.stdout).ends_with("every expectation held\n"));
        }
    }
    let dir = std::env::temp_dir().join(format!("kubarium-lesson-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wrong = dir.join("wrong.lesson.yaml");
    std::fs::write(&wrong, WRONG).unwrap();
    let output = Command::new(binary).arg("lesson").arg(&wrong).output().expect("kubarium runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("✗ pods k8s-app=nginx: 2 Running: 3 match, not 2"), "{stdout}");
    let broken = dir.join("broken.lesson.yaml");
    std::fs::write(&broken, WRONG.replace(", zh-CN: 三个节点", "")).unwrap();
    let output = Command::new(binary).arg("lesson").arg(&broken).output().expect("kubarium runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        format!(
            "kubarium lesson: {}: line 7: steps[0].narration: no zh-CN text (every text has every language of the lesson)",
            broken.display()
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}

const WRONG: &str = "kubariumLesson: 1
title:
  en: Wrong
  zh-CN: 错误
steps:
- title: {en: DaemonSet, zh-CN: DaemonSet}
  narration: {en: three nodes, zh-CN: 三个节点}
  run: |
    kubectl apply -f daemonset.yaml
  expect:
  - \"pods k8s-app=nginx: 2 Running\"
";

/// `web-1: Running while web-0: Running` is false in the moments after web-0 is Running and
/// before web-1 is (STS-05), though true once the step has settled: the runner checks it at
/// every instant, so the step fails, and says when.
#[test]
fn a_while_expectation_is_checked_at_every_moment_of_the_step() {
    let lesson = "kubariumLesson: 1
title: {en: While}
steps:
- title: {en: volumes}
  narration: {en: two}
  run: |
    kubectl apply -f statefulset.yaml
  expect:
  - \"pods role=stateful: 2 Running\"
  - \"pod web-1: Running while pod web-0: Running\"
";
    let (transcript, held) = run(lesson, "en");
    assert!(!held, "{transcript}");
    assert!(transcript.contains("✓ pods role=stateful: 2 Running"), "{transcript}");
    assert!(transcript.contains("✗ pod web-1: Running while pod web-0: Running: at 20"), "{transcript}");
    // The same condition the other way round holds at every moment (ordered start).
    let (transcript, held) =
        run(&lesson.replace("pod web-1: Running while pod web-0: Running", "pod web-1: absent while pod web-0: not Ready"), "en");
    assert!(held, "{transcript}");
}

#[test]
fn a_prediction_is_answered_by_the_cluster() {
    let lesson = "kubariumLesson: 1
title: {en: Predict}
steps:
- title: {en: where}
  narration: {en: which}
  predict:
    question: {en: Where does pv001 go?}
    choices:
    - label: {en: www-web-0}
      when: \"claim www-web-0: Bound to pv001\"
    - label: {en: www-web-1}
      when: \"claim www-web-1: Bound to pv001\"
  run: |
    kubectl apply -f statefulset.yaml
";
    let (transcript, held) = run(lesson, "en");
    assert!(held);
    assert!(transcript.contains("= 1. www-web-0\n"), "{transcript}");
    // A question none of whose choices comes true fails the lesson.
    let (transcript, held) = run(&lesson.replace("claim www-web-0: Bound to pv001", "claim www-web-0: Bound to pv002"), "en");
    assert!(!held);
    assert!(transcript.contains("✗ prediction: the cluster made none of the choices true\n"), "{transcript}");
}

#[test]
fn a_broken_lesson_file_gets_a_located_error() {
    for (text, line, message) in [
        ("title: {en: x}\nsteps: []\n", 1, "kubariumLesson: missing"),
        ("kubariumLesson: 2\ntitle: {en: x}\n", 1, "format version 2"),
        (
            "kubariumLesson: 1\ntitle: {en: x, zh-CN: 题}\nsteps:\n- title: {en: a, zh-CN: b}\n  narration: {en: c}\n",
            5,
            "steps[0].narration: no zh-CN text",
        ),
        (
            "kubariumLesson: 1\ntitle: {en: x}\nsteps:\n- title: {en: a}\n  narration: {en: c}\n  expect:\n  - \"pods app=x: many\"\n",
            7,
            "steps[0].expect[0]: \"many\": want a count",
        ),
        (
            "kubariumLesson: 1\ntitle: {en: x}\nsteps:\n- title: {en: a}\n  narration: {en: c}\n  within: soon\n",
            6,
            "\"soon\": want a duration",
        ),
        ("kubariumLesson: 1\ntitle: {en: x}\nsteps:\n- title: {en: yes}\n  narration: {en: c}\n", 4, "quote it"),
    ] {
        let error = Lesson::parse(text).expect_err(text);
        assert_eq!(error.line, line, "{text}: {error}");
        assert!(error.message.contains(message), "{text}: {error}");
    }
}
