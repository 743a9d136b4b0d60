//! Label selector strings as `-l` takes them (`labels.Parse`): `a=b`, `a==b`, `a!=b`,
//! `a in (x,y)`, `a notin (x)`, `a`, `!a`, joined by commas.

use crate::sim::objects::Labels;

#[derive(Clone, Debug, PartialEq)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Selector {
    requirements: Vec<Requirement>,
}

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut requirements = Vec::new();
        for part in split_top_level(text) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let requirement = if let Some(key) = part.strip_prefix('!') {
                Requirement::DoesNotExist(valid_key(key.trim())?)
            } else if let Some((key, values)) = part.split_once(" notin ") {
                Requirement::NotIn(valid_key(key.trim())?, set_values(values)?)
            } else if let Some((key, values)) = part.split_once(" in ") {
                Requirement::In(valid_key(key.trim())?, set_values(values)?)
            } else if let Some((key, value)) = part.split_once("!=") {
                Requirement::NotEquals(valid_key(key.trim())?, value.trim().to_string())
            } else if let Some((key, value)) = part.split_once("==").or_else(|| part.split_once('=')) {
                Requirement::Equals(valid_key(key.trim())?, value.trim().to_string())
            } else {
                Requirement::Exists(valid_key(part)?)
            };
            requirements.push(requirement);
        }
        Ok(Selector { requirements })
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.requirements.iter().all(|r| match r {
            Requirement::Equals(k, v) => labels.get(k) == Some(v),
            Requirement::NotEquals(k, v) => labels.get(k) != Some(v),
            Requirement::In(k, vs) => labels.get(k).is_some_and(|v| vs.contains(v)),
            Requirement::NotIn(k, vs) => labels.get(k).is_none_or(|v| !vs.contains(v)),
            Requirement::Exists(k) => labels.contains_key(k),
            Requirement::DoesNotExist(k) => !labels.contains_key(k),
        })
    }
}

fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
}

fn valid_key(key: &str) -> Result<String, String> {
    let ok = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && key.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(key.to_string())
    } else {
        Err(format!("unable to parse requirement: found '{key}', expected: identifier"))
    }
}

fn set_values(text: &str) -> Result<Vec<String>, String> {
    let inner = text
        .trim()
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .ok_or_else(|| format!("unable to parse requirement: found '{}', expected: '('", text.trim()))?;
    Ok(inner.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn parses_and_matches_kubectl_selectors() {
        let pod = labels(&[("app", "nginx"), ("role", "stateful")]);
        assert!(Selector::parse("role=stateful").unwrap().matches(&pod));
        assert!(Selector::parse("app==nginx,role").unwrap().matches(&pod));
        assert!(!Selector::parse("app!=nginx").unwrap().matches(&pod));
        assert!(Selector::parse("app in (nginx, apache),!tier").unwrap().matches(&pod));
        assert!(!Selector::parse("app notin (nginx)").unwrap().matches(&pod));
        assert!(Selector::parse("=x").is_err());
    }
}
