//! pflag-style flag parsing: `--name=value`, `--name value`, `-n value`, `-nvalue`, grouped
//! boolean shorthands, `--` to end flags; unknown flags fail with pflag's words.

use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

pub const fn value(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec { long, short, takes_value: true }
}

pub const fn boolean(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec { long, short, takes_value: false }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Parsed {
    pub args: Vec<String>,
    /// Values by long name; repeated flags keep every value in order.
    pub flags: BTreeMap<String, Vec<String>>,
    /// Words after a bare `--`.
    pub after_dashes: Option<Vec<String>>,
}

impl Parsed {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags.get(long).and_then(|v| v.last()).map(String::as_str)
    }

    pub fn all(&self, long: &str) -> Vec<String> {
        self.flags.get(long).cloned().unwrap_or_default()
    }

    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }

    /// A boolean flag: present without a value, or `=true`.
    pub fn bool(&self, long: &str) -> bool {
        self.get(long).is_some_and(|v| v != "false")
    }
}

/// Flags every kubectl command accepts.
pub const GLOBAL: &[FlagSpec] = &[
    value("namespace", Some('n')),
    value("context", None),
    value("kubeconfig", None),
    value("cluster", None),
    value("user", None),
    value("v", Some('v')),
    value("request-timeout", None),
];

pub fn parse(words: &[String], specs: &[FlagSpec]) -> Result<Parsed, String> {
    let find_long = |name: &str| specs.iter().chain(GLOBAL).find(|s| s.long == name).copied();
    let find_short = |c: char| specs.iter().chain(GLOBAL).find(|s| s.short == Some(c)).copied();
    let mut parsed = Parsed::default();
    let mut index = 0;
    while index < words.len() {
        let word = &words[index];
        index += 1;
        if word == "--" {
            parsed.after_dashes = Some(words[index..].to_vec());
            break;
        }
        if let Some(rest) = word.strip_prefix("--") {
            let (name, inline) = match rest.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (rest, None),
            };
            let spec = find_long(name).ok_or_else(|| format!("unknown flag: --{name}"))?;
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None if index < words.len() => {
                        index += 1;
                        words[index - 1].clone()
                    }
                    None => return Err(format!("flag needs an argument: --{name}")),
                }
            } else {
                inline.unwrap_or_else(|| "true".into())
            };
            parsed.flags.entry(spec.long.to_string()).or_default().push(value);
        } else if word.len() > 1 && word.starts_with('-') && word != "-" {
            let shorts: Vec<char> = word[1..].chars().collect();
            let mut position = 0;
            while position < shorts.len() {
                let c = shorts[position];
                position += 1;
                let spec = find_short(c).ok_or_else(|| format!("unknown shorthand flag: '{c}' in {word}"))?;
                if spec.takes_value {
                    let rest: String = shorts[position..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').unwrap_or(&rest).to_string()
                    } else if index < words.len() {
                        index += 1;
                        words[index - 1].clone()
                    } else {
                        return Err(format!("flag needs an argument: '{c}' in -{c}"));
                    };
                    parsed.flags.entry(spec.long.to_string()).or_default().push(value);
                    break;
                }
                parsed.flags.entry(spec.long.to_string()).or_default().push("true".into());
            }
        } else {
            parsed.args.push(word.clone());
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_pflag_forms() {
        let specs =
            [value("output", Some('o')), value("selector", Some('l')), boolean("watch", Some('w')), boolean("all-namespaces", Some('A'))];
        let parsed = parse(&words("pods -owide -l app=x --namespace=kube-system -wA"), &specs).unwrap();
        assert_eq!(parsed.args, ["pods"]);
        assert_eq!(parsed.get("output"), Some("wide"));
        assert_eq!(parsed.get("selector"), Some("app=x"));
        assert_eq!(parsed.get("namespace"), Some("kube-system"));
        assert!(parsed.bool("watch") && parsed.bool("all-namespaces"));
        assert_eq!(parse(&words("pods --bogus"), &specs).unwrap_err(), "unknown flag: --bogus");
        assert_eq!(parse(&words("pods -x"), &specs).unwrap_err(), "unknown shorthand flag: 'x' in -x");
        let parsed = parse(&words("exec web-0 -- hostname -f"), &specs).unwrap();
        assert_eq!(parsed.after_dashes, Some(vec!["hostname".to_string(), "-f".to_string()]));
    }
}
