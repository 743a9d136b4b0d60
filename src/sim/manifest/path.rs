//! Field paths: one representation, three spellings.
//!
//! - [`display`] is `field.Path.String()` from the API server's validation:
//!   `spec.containers[0].resources.limits[cpu]` (map keys in brackets).
//! - [`json_path`] is what the strict JSON decoder prints for unknown fields:
//!   `spec.template.spec.containers[0].imagee`.
//! - [`position_key`] is the key of [`super::Document::positions`]: every mapping key is
//!   `.key`, every sequence index `[i]`, so it does not depend on knowing the Go types.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Segment {
    /// A struct field.
    Field(String),
    /// A sequence index.
    Index(usize),
    /// A key of a map-typed field (labels, resource lists).
    Key(String),
}

pub(crate) fn field(name: &str) -> Segment {
    Segment::Field(name.to_string())
}

/// `field.Path.String()`.
pub(crate) fn display(segments: &[Segment]) -> String {
    let mut text = String::new();
    for segment in segments {
        match segment {
            Segment::Field(name) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(name);
            }
            Segment::Index(index) => {
                let _ = write!(text, "[{index}]");
            }
            Segment::Key(key) => {
                let _ = write!(text, "[{key}]");
            }
        }
    }
    text
}

/// The strict decoder's spelling: map keys are not reported by it, so `Key` prints like a field.
pub(crate) fn json_path(segments: &[Segment]) -> String {
    position_key(segments)
}

/// The spelling of [`super::Document::positions`] keys.
pub(crate) fn position_key(segments: &[Segment]) -> String {
    let mut text = String::new();
    for segment in segments {
        match segment {
            Segment::Field(name) | Segment::Key(name) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(name);
            }
            Segment::Index(index) => {
                let _ = write!(text, "[{index}]");
            }
        }
    }
    text
}

/// Appends a mapping key to a position key.
pub(crate) fn child_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        let mut text = String::with_capacity(parent.len() + key.len() + 1);
        text.push_str(parent);
        text.push('.');
        text.push_str(key);
        text
    }
}

/// Appends a sequence index to a position key.
pub(crate) fn child_index(parent: &str, index: usize) -> String {
    format!("{parent}[{index}]")
}

/// Turns a [`display`] path (`spec.resources[storage]`) into a position key
/// (`spec.resources.storage`): bracketed non-numeric keys become `.key`.
pub(crate) fn display_to_position_key(display_path: &str) -> String {
    let mut text = String::with_capacity(display_path.len());
    let mut rest = display_path;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            text.push_str(&rest[open..]);
            return text;
        };
        let inside = &after[..close];
        if !inside.is_empty() && inside.bytes().all(|b| b.is_ascii_digit()) {
            let _ = write!(text, "[{inside}]");
        } else {
            if !text.is_empty() {
                text.push('.');
            }
            text.push_str(inside);
        }
        rest = &after[close + 1..];
    }
    text.push_str(rest);
    text
}

/// The parent of a position key, or None at the root.
pub(crate) fn parent_key(key: &str) -> Option<&str> {
    if key.is_empty() {
        return None;
    }
    let cut = key.rfind(['.', '[']).unwrap_or(0);
    Some(&key[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_match_the_api_server() {
        let segments =
            vec![field("spec"), field("containers"), Segment::Index(0), field("resources"), field("limits"), Segment::Key("cpu".into())];
        assert_eq!(display(&segments), "spec.containers[0].resources.limits[cpu]");
        assert_eq!(position_key(&segments), "spec.containers[0].resources.limits.cpu");
        assert_eq!(display_to_position_key("spec.containers[0].resources.limits[cpu]"), "spec.containers[0].resources.limits.cpu");
        assert_eq!(parent_key("spec.containers[0].image"), Some("spec.containers[0]"));
        assert_eq!(parent_key("spec.containers[0]"), Some("spec.containers"));
        assert_eq!(parent_key("spec"), Some(""));
        assert_eq!(parent_key(""), None);
    }
}
