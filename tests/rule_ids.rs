//! Every rule ID the code cites (DS-, STS-, PV-, POD-, NODE-, EV-) is explained in
//! docs/rules.md, so a clone of this repository alone explains its citations.

use std::collections::BTreeSet;
use std::path::Path;

const PREFIXES: [&str; 6] = ["DS", "STS", "PV", "POD", "NODE", "EV"];

/// `\b(DS|STS|PV|POD|NODE|EV)-[0-9]+`, by hand.
fn cited_ids(text: &str, into: &mut BTreeSet<String>) {
    let bytes = text.as_bytes();
    for prefix in PREFIXES {
        let mut from = 0;
        while let Some(found) = text[from..].find(prefix) {
            let start = from + found;
            from = start + prefix.len();
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            let rest = &bytes[start + prefix.len()..];
            if rest.first() != Some(&b'-') {
                continue;
            }
            let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 0 {
                into.insert(text[start..start + prefix.len() + 1 + digits].to_string());
            }
        }
    }
}

fn walk(dir: &Path, ids: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, ids);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            cited_ids(&text, ids);
        }
    }
}

#[test]
fn every_cited_rule_id_is_in_docs_rules_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ids = BTreeSet::new();
    walk(&root.join("src"), &mut ids);
    walk(&root.join("tests"), &mut ids);
    assert!(ids.contains("DS-21") && ids.contains("NODE-10"), "the scan finds the citations");
    let docs = std::fs::read_to_string(root.join("docs/rules.md")).unwrap();
    let missing: Vec<&String> = ids.iter().filter(|id| !docs.contains(&format!("- **{id}**"))).collect();
    assert!(missing.is_empty(), "rule IDs cited in src/ or tests/ but not explained in docs/rules.md: {missing:?}");
}

#[test]
fn the_scan_matches_whole_ids_only() {
    let mut ids = BTreeSet::new();
    cited_ids("DS-01, (STS-32) XPV-09 PV-x NODE-10b EV-", &mut ids);
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["DS-01", "NODE-10", "STS-32"]);
}
