//! Scripts: the one command language's text form. A script is lines of commands; `#` starts a
//! comment line; `\` continues a line; `<<EOF … EOF` heredocs feed a command's stdin.

/// One command of a script: its words (quotes removed, as a shell would), the line as written
/// (echoed in transcripts), and the heredoc body if any.
#[derive(Clone, Debug, PartialEq)]
pub struct ScriptCommand {
    pub line: String,
    pub words: Vec<String>,
    pub stdin: Option<String>,
    /// 1-based line number where the command starts.
    pub line_number: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScriptError {
    pub line_number: usize,
    pub message: String,
}

/// Splits a line into words like a POSIX shell for the common cases: single quotes keep
/// everything, double quotes allow `\"` and `\\`, a backslash outside quotes escapes one
/// character. A `<<WORD` redirection is returned separately.
pub fn split_words(line: &str) -> Result<(Vec<String>, Option<String>), String> {
    let mut words = Vec::new();
    let mut heredoc = None;
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => current.push(ch),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => current.push(ch),
                            Some(ch) => {
                                current.push('\\');
                                current.push(ch);
                            }
                            None => return Err("unexpected EOF while looking for matching `\"'".into()),
                        },
                        Some(ch) => current.push(ch),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(ch) = chars.next() {
                    current.push(ch);
                }
            }
            '<' if !in_word && chars.peek() == Some(&'<') => {
                chars.next();
                if chars.peek() == Some(&'-') {
                    chars.next();
                }
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                let mut delimiter = String::new();
                while let Some(&ch) = chars.peek() {
                    if ch.is_whitespace() {
                        break;
                    }
                    chars.next();
                    if ch != '\'' && ch != '"' {
                        delimiter.push(ch);
                    }
                }
                if delimiter.is_empty() {
                    return Err("syntax error near unexpected token `newline'".into());
                }
                heredoc = Some(delimiter);
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                current.push(c);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok((words, heredoc))
}

/// Parses a whole script into commands. Errors are located by line.
pub fn parse_script(text: &str) -> Result<Vec<ScriptCommand>, ScriptError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut commands = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line_number = index + 1;
        let mut line = lines[index].trim_end().to_string();
        index += 1;
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        while line.ends_with('\\') && index < lines.len() {
            line.pop();
            line.push(' ');
            line.push_str(lines[index].trim());
            index += 1;
        }
        let line = line.trim().to_string();
        let (words, heredoc) = split_words(&line).map_err(|message| ScriptError { line_number, message })?;
        let stdin = match heredoc {
            None => None,
            Some(delimiter) => {
                let mut body = String::new();
                let mut closed = false;
                while index < lines.len() {
                    let body_line = lines[index];
                    index += 1;
                    if body_line.trim_end() == delimiter {
                        closed = true;
                        break;
                    }
                    body.push_str(body_line);
                    body.push('\n');
                }
                if !closed {
                    return Err(ScriptError {
                        line_number,
                        message: format!("here-document at line {line_number} delimited by end-of-file (wanted `{delimiter}')"),
                    });
                }
                Some(body)
            }
        };
        commands.push(ScriptCommand { line, words, stdin, line_number });
    }
    Ok(commands)
}

/// A shell word that [`split_words`] reads back as `word`: single-quoted, with `'` as `'\''`.
pub fn quote_word(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// Lines of a command-parser check input that are run (each is one command).
const CHECK_LINES_MAX: usize = 32;

/// The command parser's fuzz check (`fuzz/fuzz_targets/command_parser.rs`, replayed by
/// `tests/fuzz_corpus.rs`). For any text:
/// - every line that splits re-splits to the same words from its words re-quoted (and the
///   same heredoc delimiter), and the delimiter is a non-empty word;
/// - a script that parses gives commands whose line numbers are inside the text and whose
///   words are their line's; one that does not is rejected at a line inside the text;
/// - each line, run at a prompt on a fresh small cluster (flag parsing of every verb), does not
///   panic, and one that [`super::is_read_only`] calls read-only changes neither the cluster
///   nor its clock (the page's timeline records no read).
pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if text.len() > super::CHECK_LIMITS.script_bytes_max {
        return;
    }
    let line_count = text.lines().count();
    for line in text.lines() {
        if let Ok((words, heredoc)) = split_words(line) {
            let mut again: Vec<String> = words.iter().map(|w| quote_word(w)).collect();
            if let Some(delimiter) = &heredoc {
                assert!(!delimiter.is_empty() && !delimiter.contains(char::is_whitespace), "heredoc delimiter {delimiter:?}");
                again.push(format!("<< {delimiter}"));
            }
            let again = again.join(" ");
            assert_eq!(split_words(&again), Ok((words, heredoc)), "{line:?} re-quoted as {again:?}");
        }
    }
    match parse_script(&text) {
        Ok(commands) => {
            for command in &commands {
                assert!((1..=line_count).contains(&command.line_number), "command at line {} of {line_count}", command.line_number);
                assert_eq!(split_words(&command.line).map(|(words, _)| words), Ok(command.words.clone()));
            }
        }
        Err(error) => assert!((1..=line_count).contains(&error.line_number), "error at line {} of {line_count}", error.line_number),
    }
    let mut session = super::check_session();
    for line in text.lines().take(CHECK_LINES_MAX) {
        let before = (session.cluster.now, session.cluster.history.len(), session.cluster.store.resource_version_counter());
        let output = session.execute_line(line, None);
        let after = (session.cluster.now, session.cluster.history.len(), session.cluster.store.resource_version_counter());
        if super::is_read_only(line) {
            assert_eq!(before, after, "{line:?} is read-only but changed the cluster: {}", output.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell() {
        let (words, heredoc) = split_words(r#"kubectl exec web-0 -- sh -c 'echo $(hostname) > /tmp/x' "a \"b\"""#).unwrap();
        assert_eq!(words, ["kubectl", "exec", "web-0", "--", "sh", "-c", "echo $(hostname) > /tmp/x", "a \"b\""]);
        assert_eq!(heredoc, None);
        let (words, heredoc) = split_words("kubectl apply -f - <<'EOF'").unwrap();
        assert_eq!(words, ["kubectl", "apply", "-f", "-"]);
        assert_eq!(heredoc.as_deref(), Some("EOF"));
        assert!(split_words("echo 'open").is_err());
    }

    #[test]
    fn parses_comments_heredocs_and_continuations() {
        let script = "# a comment\nkubectl apply -f - <<EOF\nkind: Pod\n  x: 1\nEOF\n\nkubectl get pods \\\n  -o wide\n";
        let commands = parse_script(script).unwrap();
        assert_eq!(commands.len(), 2);
        assert_eq!(commands[0].stdin.as_deref(), Some("kind: Pod\n  x: 1\n"));
        assert_eq!(commands[0].line_number, 2);
        assert_eq!(commands[1].words, ["kubectl", "get", "pods", "-o", "wide"]);
        let error = parse_script("kubectl apply -f - <<EOF\nkind: Pod\n").unwrap_err();
        assert_eq!(error.line_number, 1);
    }
}
