//! Share links against their committed inputs:
//! - every file under `fuzz/corpus/share_link/` goes through `share::check` (no panic, and what
//!   decodes round-trips);
//! - `tests/fixtures/links/v1.txt`, a link of format 1 kept forever, still decodes to the
//!   scenario it was made from.
//!
//! `SHARE_CORPUS=write cargo test --test share_links` writes the seed corpus files and the v1
//! fixture that are missing; it never overwrites one (a fixture that changes proves nothing).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use kubarium::sim::cluster::Profile;
use kubarium::view::playground::{Intent, IntentLog, Playground, TimedIntent};
use kubarium::view::presets;
use kubarium::view::share::{self, LinkError, Origin, Scenario};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir() -> PathBuf {
    root().join("fuzz/corpus/share_link")
}

fn fixture_path() -> PathBuf {
    root().join("tests/fixtures/links/v1.txt")
}

/// The page's opening scenario with a node added at 5 s, shared at 20 s of a 30 s history.
fn opening_scenario() -> Scenario {
    let mut log = IntentLog::opening();
    log.intents.push(TimedIntent { at_ms: 5_000, intent: Intent::Command { line: "node add node-4".to_string(), editor: None } });
    log.clock_ms = 30_000;
    let playground = Playground::replay(&log);
    let editor = presets::text("tutorial.yaml").unwrap_or_default();
    Scenario::from_log(&log, &editor, 20_000, 1_000).with_fingerprint(&playground)
}

fn deflate_link(version: u32, json: &[u8]) -> String {
    format!("s{version}.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, 10)))
}

/// The seed corpus: valid links and files, damaged ones, garbage, and streams built to make a
/// decoder allocate.
fn seed_corpus() -> Vec<(&'static str, Vec<u8>)> {
    let opening = opening_scenario();
    let link = share::encode_link(&opening);
    let file = share::to_file(&opening);
    let mut small = opening.clone();
    small.intents.truncate(0);
    small.editor = "kind: <&>\n".to_string();
    small.profile = Profile::Kind;
    let mut unsorted = opening.clone();
    unsorted.intents.reverse();
    unsorted.intents[0].at_ms = 5_000;
    let mut garbage = Vec::new();
    let mut x: u32 = 0x2545_f491;
    for _ in 0..512 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        garbage.push(x as u8);
    }
    // A stored deflate block whose header claims 65535 bytes and carries 4.
    let stored = [0x01u8, 0xff, 0xff, 0x00, 0x00, b'{', b'"', b'a', b'"'];
    // 8 MiB of spaces: a few KB compressed, refused at 4 MiB inflated.
    let bomb = deflate_link(1, &vec![b' '; 8 << 20]);
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    vec![
        ("valid_opening_link.txt", format!("#{link}").into_bytes()),
        ("valid_link_among_params.txt", format!("#embed=1&{link}&theme=dark").into_bytes()),
        ("valid_small_link.txt", share::encode_link(&small).into_bytes()),
        ("valid_file.json", share::to_file(&small).into_bytes()),
        ("truncated_link.txt", link.as_bytes()[..link.len() / 2].to_vec()),
        ("truncated_file.json", file.as_bytes()[..file.len() / 2].to_vec()),
        ("garbage.bin", garbage),
        ("newer_version.txt", format!("s7.{}", &link[3..]).into_bytes()),
        ("huge_version.txt", b"#s184467440737095516160000.AAAA".to_vec()),
        ("file_huge_version.json", br#"{"kind": "KubariumScenario", "formatVersion": 1e300, "scenario": {}}"#.to_vec()),
        ("stored_block_long_len.txt", format!("s1.{}", URL_SAFE_NO_PAD.encode(stored)).into_bytes()),
        ("deflate_bomb.txt", bomb.into_bytes()),
        ("deep_json_link.txt", deflate_link(1, deep.as_bytes()).into_bytes()),
        ("unsorted_intents_link.txt", share::encode_link(&unsorted).into_bytes()),
        ("empty.txt", Vec::new()),
    ]
}

#[test]
fn the_seed_corpus_is_committed_and_replays_cleanly() {
    let write = std::env::var("SHARE_CORPUS").as_deref() == Ok("write");
    let dir = corpus_dir();
    for (name, bytes) in seed_corpus() {
        let path = dir.join(name);
        if write && !path.exists() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &bytes).unwrap();
        }
        assert!(path.exists(), "{} is missing: SHARE_CORPUS=write cargo test --test share_links", path.display());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 12, "{files:?}");
    for path in &files {
        share::check(&std::fs::read(path).unwrap());
    }
}

fn corpus(name: &str) -> String {
    String::from_utf8_lossy(&std::fs::read(corpus_dir().join(name)).unwrap()).into_owned()
}

#[test]
fn corpus_inputs_give_the_expected_outcome() {
    for name in ["valid_opening_link.txt", "valid_link_among_params.txt", "valid_small_link.txt"] {
        assert!(share::decode_link(&corpus(name)).is_ok(), "{name}");
    }
    assert!(share::from_file(&corpus("valid_file.json")).is_ok());
    let errors = [
        ("truncated_link.txt", "This link is truncated or damaged: "),
        ("newer_version.txt", "This link was made by a newer version of Kubarium (format 7)"),
        ("huge_version.txt", "This link was made by a newer version of Kubarium"),
        ("stored_block_long_len.txt", "This link is truncated or damaged: "),
        ("deflate_bomb.txt", "This link is too large: "),
        ("deep_json_link.txt", "This link is truncated or damaged: "),
        ("unsorted_intents_link.txt", "This link describes a scenario this page cannot play: "),
        ("garbage.bin", "This link holds no Kubarium scenario"),
        ("empty.txt", "This link holds no Kubarium scenario"),
    ];
    for (name, start) in errors {
        let message = share::decode_link(&corpus(name)).unwrap_err().to_string();
        assert!(message.starts_with(start), "{name}: {message}");
    }
    assert!(matches!(share::from_file(&corpus("truncated_file.json")), Err(LinkError::Damaged(Origin::File, _))));
    assert!(matches!(share::from_file(&corpus("file_huge_version.json")), Err(LinkError::Damaged(Origin::File, _))));
}

#[test]
fn the_v1_fixture_still_decodes_to_its_scenario() {
    let path = fixture_path();
    if std::env::var("SHARE_CORPUS").as_deref() == Ok("write") && !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, share::encode_link(&opening_scenario()) + "\n").unwrap();
    }
    let link = std::fs::read_to_string(&path).expect("tests/fixtures/links/v1.txt");
    let link = link.trim();
    assert!(link.starts_with("s1."));
    let scenario = share::decode_link(link).unwrap();
    assert_eq!((scenario.seed, scenario.profile, scenario.nodes), (1, Profile::Kubeadm, 3));
    assert_eq!((scenario.at_ms, scenario.head_ms, scenario.speed), (20_000, 30_000, 1_000));
    assert_eq!(scenario.intents.len(), 2);
    let Intent::Apply { text } = &scenario.intents[0].intent else { panic!("{:?}", scenario.intents[0]) };
    assert_eq!(scenario.intents[0].at_ms, 0);
    for needle in ["kind: DaemonSet", "name: nginx-ds", "kind: StatefulSet", "kind: PersistentVolume"] {
        assert!(text.contains(needle), "{needle}");
    }
    assert_eq!(scenario.intents[1], TimedIntent { at_ms: 5_000, intent: Intent::Command { line: "node add node-4".into(), editor: None } });
    assert_eq!(&scenario.editor, text, "the editor held the tutorial");
    let fingerprint = scenario.fingerprint.clone().expect("a fingerprint");
    assert!(fingerprint.len() == 16 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()), "{fingerprint}");
    // The core may change what these intents replay to; the fingerprint is how a page notices.
    let now = share::history_fingerprint(&Playground::replay(&scenario.log()), scenario.at_ms);
    println!("v1 fixture: {} characters; fingerprint then {fingerprint}, now {now}", link.len());
    // Re-encoding today gives a link that decodes to the same scenario.
    assert_eq!(share::decode_link(&share::encode_link(&scenario)).unwrap(), scenario);
}

#[test]
fn the_opening_scenario_link_is_well_under_the_fallback() {
    let link = share::encode_link(&opening_scenario());
    println!("opening scenario link: {} characters (file fallback above {})", link.len(), share::LINK_FALLBACK_CHARS);
    assert!(link.len() < share::LINK_FALLBACK_CHARS / 4, "{}", link.len());
}
