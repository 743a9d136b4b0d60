//! The editor's offer to repair YAML that lost its indentation ([`crate::sim::manifest::repair`]):
//! made when an Apply failed and the text looks flattened, shown as the repaired text with the
//! re-indented lines marked, and applied only when the user accepts it.

use crate::sim::manifest::repair::{repair, RepairError};

/// A repair the editor offers.
#[derive(Clone, Debug, PartialEq)]
pub struct RepairOffer {
    pub repaired: String,
    /// The 1-based lines whose indentation the repair changed (it keeps every line's text and
    /// the number of lines).
    pub changed: Vec<usize>,
}

/// What to offer for `text` after a failed Apply: nothing when it does not look flattened (or
/// the repair would change nothing), else the repair or the reason there is none.
pub fn offer(text: &str) -> Option<Result<RepairOffer, RepairError>> {
    if !looks_flattened(text) {
        return None;
    }
    Some(repair(text).map(|repaired| {
        let changed = text
            .lines()
            .zip(repaired.lines())
            .enumerate()
            .filter(|(_, (before, after))| before.trim_end() != after.trim_end())
            .map(|(index, _)| index + 1)
            .collect();
        RepairOffer { repaired, changed }
    }))
    .filter(|offer| offer.as_ref().map_or(true, |o| !o.changed.is_empty()))
}

/// Whether a line at column 0 names a key that is never at the top of a Kubernetes object:
/// `name:`, `labels:`, `containers:`… (every top-level field is one of these few).
fn looks_flattened(text: &str) -> bool {
    const TOP_LEVEL: &[&str] = &[
        "apiVersion",
        "kind",
        "metadata",
        "spec",
        "status",
        "data",
        "binaryData",
        "stringData",
        "type",
        "immutable",
        "provisioner",
        "parameters",
        "reclaimPolicy",
        "mountOptions",
        "allowVolumeExpansion",
        "volumeBindingMode",
        "allowedTopologies",
        "subsets",
        "rules",
        "roleRef",
        "subjects",
        "secrets",
        "imagePullSecrets",
        "automountServiceAccountToken",
        "items",
    ];
    text.lines().any(|line| {
        let Some((key, _)) = line.split_once(':') else { return false };
        !line.starts_with([' ', '\t', '#', '-']) && !key.contains(' ') && !key.is_empty() && !TOP_LEVEL.contains(&key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flattened_text_gets_the_repair_with_its_reindented_lines() {
        let pasted = "apiVersion: v1\nkind: PersistentVolume\nmetadata:\nname: pv001\nspec:\ncapacity:\nstorage: 1Gi\n";
        let offer = offer(pasted).unwrap().unwrap();
        assert_eq!(
            offer.repaired,
            "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv001\nspec:\n  capacity:\n    storage: 1Gi\n"
        );
        assert_eq!(offer.changed, vec![4, 6, 7]);
    }

    #[test]
    fn indented_text_gets_no_offer_and_an_undecidable_one_says_why() {
        assert_eq!(offer(crate::view::presets::DAEMONSET), None);
        assert_eq!(offer("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n"), None);
        let ambiguous = "apiVersion: v1\nkind: Pod\nmetadata:\nlabels:\napp: web\nnamespace: default\n";
        assert_eq!(offer(ambiguous).unwrap().unwrap_err().line, 6);
    }
}
