//! `kubarium repair FILE` (src/sim/manifest/repair.rs): the seed tutorial's four blocks, as its
//! text has them, re-nested into the page's presets; a text the schema cannot decide, refused
//! at its line with exit status 1.

use kubarium::sim::manifest;
use kubarium::view::presets;
use std::path::Path;
use std::process::Command;

fn objects(text: &str) -> Vec<serde_json::Value> {
    manifest::parse(text).unwrap_or_else(|e| panic!("{e:?}\n{text}")).into_iter().map(|d| d.value).collect()
}

#[test]
fn kubarium_repair_turns_the_seed_blocks_into_the_presets() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed");
    for (file, preset) in [
        ("daemonset.yaml", presets::DAEMONSET),
        ("pv001.yaml", presets::PV001),
        ("pv002.yaml", presets::PV002),
        ("statefulset-demo.yaml", presets::STATEFULSET_DEMO),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_kubarium")).arg("repair").arg(fixtures.join(file)).output().expect("kubarium runs");
        assert!(output.status.success(), "{file}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(objects(&String::from_utf8_lossy(&output.stdout)), objects(preset), "{file}");
    }
}

#[test]
fn kubarium_repair_refuses_what_it_cannot_decide() {
    let dir = std::env::temp_dir().join(format!("kubarium-repair-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ambiguous.yaml");
    std::fs::write(&file, "apiVersion: v1\nkind: Pod\nmetadata:\nlabels:\napp: web\nnamespace: default\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_kubarium")).arg("repair").arg(&file).output().expect("kubarium runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        format!(
            "kubarium repair: {}: line 6: namespace: ambiguous: an entry of the map above, or the field namespace of ObjectMeta; indent this line by hand",
            file.display()
        )
    );
    let _ = std::fs::remove_dir_all(&dir);
}
