//! The YAML block at the very top of a deck (`---` … `---`): title, author, date, theme,
//! duration, format, lang. Owns finding where the block ends and reading its keys; the
//! Markdown after it is the parser's.
//!
//! A deck may also open with `---` as a plain slide separator (some Marp decks do), so a
//! block is taken as front matter only when it reads as YAML keys; otherwise the text is
//! Markdown as written and nothing is lost.

use serde_yaml_ng::Value;

use super::head::{Head, theme_map_name};
use super::lines::LineIndex;
use super::model::{Finding, FrontMatter, Severity};
use crate::diagnostic::did_you_mean;
use crate::duration::parse_slot;
use crate::format::Format;

/// The keys gong reads, for "did you mean".
pub(crate) const KEYS: &[&str] = &[
    "title", "author", "date", "theme", "duration", "format", "lang",
];

/// What the top of a deck held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Split {
    pub(crate) front: FrontMatter,
    /// Byte offset where the Markdown starts.
    pub(crate) body_start: usize,
    pub(crate) findings: Vec<Finding>,
    /// The keys other presenters read.
    pub(crate) head: Head,
}

/// Separates the front matter (if any) from the Markdown of `source`.
pub(crate) fn split(source: &str, lines: &LineIndex) -> Split {
    // A byte order mark is an editor's habit, not content.
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut split = Split {
        body_start: start,
        ..Split::default()
    };
    let mut line_starts = LineStarts {
        text: source,
        next: start,
    };
    let Some((_, first)) = line_starts.next() else {
        return split;
    };
    if first.trim_end() != "---" {
        return split;
    }
    let yaml_start = line_starts.next;
    let close = line_starts.find(|(_, line)| matches!(line.trim_end(), "---" | "..."));
    let Some((close_start, _)) = close else {
        if looks_like_yaml(&source[yaml_start..]) {
            split.findings.push(finding(
                source,
                lines,
                start,
                Severity::Error,
                "the front matter opened here is never closed: add a `---` line after its \
                 last key (until then the text is shown as written)"
                    .to_string(),
            ));
        }
        return split;
    };
    let yaml = &source[yaml_start..close_start];
    let mut reader = Reader {
        source,
        lines,
        yaml,
        yaml_start,
        findings: Vec::new(),
        head: Head::default(),
    };
    let front = if yaml.trim().is_empty() {
        Some(FrontMatter::default())
    } else {
        reader.read()
    };
    if let Some(front) = front {
        split.front = front;
        split.findings = reader.findings;
        split.head = reader.head;
        split.body_start = line_starts.next;
    }
    split
}

/// Lines of `text` from `next` on, each with its start offset, without its `\n`.
struct LineStarts<'a> {
    text: &'a str,
    next: usize,
}

impl<'a> Iterator for LineStarts<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let start = self.next;
        let rest = self.text.get(start..).filter(|rest| !rest.is_empty())?;
        let (line, advance) = match rest.find('\n') {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        self.next = start + advance;
        Some((start, line))
    }
}

/// Whether the first line that is not blank or a comment reads `key: …`.
fn looks_like_yaml(text: &str) -> bool {
    let Some(line) = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
    else {
        return false;
    };
    key_of(line).is_some()
}

/// The key of a `key: value` line, when the line is one.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let key = key.trim_matches(['"', '\'']);
    let mut chars = key.chars();
    let starts_well = chars
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_');
    (starts_well && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ')))
        .then_some(key)
}

fn finding(
    source: &str,
    lines: &LineIndex,
    offset: usize,
    severity: Severity,
    message: String,
) -> Finding {
    let (line, column) = lines.line_column(source, offset);
    Finding {
        line,
        column,
        severity,
        message,
    }
}

struct Reader<'a> {
    source: &'a str,
    lines: &'a LineIndex,
    yaml: &'a str,
    yaml_start: usize,
    findings: Vec<Finding>,
    head: Head,
}

impl Reader<'_> {
    /// The front matter, or `None` when the block is not YAML keys after all.
    fn read(&mut self) -> Option<FrontMatter> {
        let value = match serde_yaml_ng::from_str::<Value>(self.yaml) {
            Ok(value) => value,
            Err(error) if looks_like_yaml(self.yaml) => {
                let offset = error.location().map_or(0, |location| {
                    self.offset_of_line(location.line(), location.column())
                });
                let message = format!("the front matter is not valid YAML: {error}");
                self.push(self.yaml_start + offset, Severity::Error, message);
                return Some(FrontMatter::default());
            }
            Err(_) => return None,
        };
        let Value::Mapping(mapping) = value else {
            if looks_like_yaml(self.yaml) {
                let message = "the front matter should be `key: value` lines".to_string();
                self.push(self.yaml_start, Severity::Error, message);
                return Some(FrontMatter::default());
            }
            return None;
        };
        let mut front = FrontMatter::default();
        for (key, value) in &mapping {
            let Some(key) = scalar_text(key) else {
                let message = "a front-matter key should be a word such as `title`".to_string();
                self.push(self.yaml_start, Severity::Warning, message);
                continue;
            };
            let (key_offset, value_offset) = self.locate(&key);
            self.head.saw(&key, value);
            match key.as_str() {
                "title" => front.title = self.text(&key, value, value_offset),
                "author" => front.author = self.text(&key, value, value_offset),
                "date" => front.date = self.text(&key, value, value_offset),
                // presenterm writes `theme: { name: dark }`, or only its own overrides.
                "theme" if matches!(value, Value::Mapping(_)) => {
                    front.theme = theme_map_name(value)
                }
                "theme" => front.theme = self.text(&key, value, value_offset),
                "duration" => {
                    let Some(text) = self.text(&key, value, value_offset) else {
                        continue;
                    };
                    match parse_slot(&text) {
                        Ok(duration) => front.duration = Some(duration),
                        Err(error) => {
                            let message = format!("`duration`: {error}");
                            self.push(value_offset, Severity::Error, message);
                        }
                    }
                }
                "format" => {
                    let Some(text) = self.text(&key, value, value_offset) else {
                        continue;
                    };
                    match Format::from_name(&text) {
                        Some(format) => front.format = Some(format),
                        None => {
                            let message = format!(
                                "`format: {text}` is not a format gong knows \
                                 (free, ignite or pechakucha)"
                            );
                            self.push(value_offset, Severity::Error, message);
                        }
                    }
                }
                "lang" => {
                    let Some(text) = self.text(&key, value, value_offset) else {
                        continue;
                    };
                    match crate::language::tag_problem(&text) {
                        None => front.lang = Some(text),
                        Some(problem) => {
                            let message = format!("`lang`: {problem}");
                            self.push(value_offset, Severity::Warning, message);
                        }
                    }
                }
                _ if self.head.take(&key, value, key_offset) => {}
                _ => {
                    let mut message = format!("unknown front-matter key `{key}`");
                    if let Some(suggestion) = did_you_mean(&key, KEYS.iter().copied()) {
                        message.push_str(&format!(" (did you mean `{suggestion}`?)"));
                    }
                    self.push(key_offset, Severity::Warning, message);
                }
            }
        }
        Some(front)
    }

    /// A text value; `None` (with a finding) when it is a list or a map.
    fn text(&mut self, key: &str, value: &Value, offset: usize) -> Option<String> {
        match value {
            Value::Null => None,
            other => scalar_text(other).or_else(|| {
                let message = format!("`{key}` should be a single value, not a list or a map");
                self.push(offset, Severity::Warning, message);
                None
            }),
        }
    }

    /// Offsets (in the file) of a top-level key and of its value, found by reading the
    /// lines: the YAML value tree carries no positions.
    fn locate(&self, key: &str) -> (usize, usize) {
        let mut offset = 0;
        for line in self.yaml.split_inclusive('\n') {
            let indented = line.starts_with([' ', '\t']);
            if !indented && key_of(line).is_some_and(|found| found == key) {
                let colon = line.find(':').unwrap_or(0);
                let after = &line[colon + 1..];
                let value_at = colon + 1 + (after.len() - after.trim_start().len());
                let value_at = if line[value_at..].trim().is_empty() {
                    0
                } else {
                    value_at
                };
                let start = self.yaml_start + offset;
                return (start, start + value_at);
            }
            offset += line.len();
        }
        (self.yaml_start, self.yaml_start)
    }

    /// The offset in the YAML text of a 1-based line and column.
    fn offset_of_line(&self, line: usize, column: usize) -> usize {
        let mut offset = 0;
        for text in self.yaml.split_inclusive('\n').take(line.saturating_sub(1)) {
            offset += text.len();
        }
        let rest = &self.yaml[offset.min(self.yaml.len())..];
        let within: usize = rest
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        (offset + within).min(self.yaml.len())
    }

    fn push(&mut self, offset: usize, severity: Severity, message: String) {
        self.findings
            .push(finding(self.source, self.lines, offset, severity, message));
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        Value::Null | Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn split_of(source: &str) -> Split {
        split(source, &LineIndex::new(source))
    }

    #[test]
    fn reads_every_key() {
        let source = "---\ntitle: Rust in 5\nauthor: Ada\ndate: 2025-05-01\ntheme: light\n\
                      duration: 4m30s\nformat: ignite\nlang: zh-TW\n---\n# Hi\n";
        let split = split_of(source);
        assert_eq!(
            split.front,
            FrontMatter {
                title: Some("Rust in 5".into()),
                author: Some("Ada".into()),
                date: Some("2025-05-01".into()),
                theme: Some("light".into()),
                duration: Some(Duration::from_secs(270)),
                format: Some(Format::Ignite),
                lang: Some("zh-TW".into()),
            }
        );
        assert!(split.findings.is_empty());
        assert_eq!(&source[split.body_start..], "# Hi\n");
    }

    #[test]
    fn unknown_key_is_a_warning_with_a_suggestion() {
        let split = split_of("---\ntitle: x\ntitel: y\n---\n");
        assert_eq!(split.findings.len(), 1);
        let finding = &split.findings[0];
        assert_eq!((finding.line, finding.column), (3, 1));
        assert_eq!(finding.severity, Severity::Warning);
        assert!(finding.message.contains("`titel`"), "{}", finding.message);
        assert!(finding.message.contains("did you mean `title`"));
    }

    #[test]
    fn a_malformed_lang_is_a_warning_at_its_value_and_ignored() {
        let split = split_of("---\nlang: 日本語\n---\n");
        assert_eq!(split.front.lang, None);
        let said: Vec<_> = split
            .findings
            .iter()
            .map(|f| (f.line, f.column, f.severity, f.message.clone()))
            .collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert_eq!((said[0].0, said[0].1, said[0].2), (2, 7, Severity::Warning));
        assert!(
            said[0].3.contains("`日本語` is not a language tag"),
            "{said:?}"
        );
    }

    #[test]
    fn bad_duration_and_format_point_at_the_value() {
        let split = split_of("---\nduration: 5\nformat: haiku\n---\n");
        let places: Vec<_> = split
            .findings
            .iter()
            .map(|f| (f.line, f.column, f.severity))
            .collect();
        assert_eq!(
            places,
            vec![(2, 11, Severity::Error), (3, 9, Severity::Error)]
        );
        assert_eq!(split.front.duration, None);
    }

    #[test]
    fn a_slot_longer_than_a_day_is_refused_at_its_value() {
        let split = split_of("---\nduration: 18446744073709551615s\n---\n");
        assert_eq!(split.front.duration, None);
        let said: Vec<_> = split
            .findings
            .iter()
            .map(|f| (f.line, f.column, f.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [(
                2,
                11,
                "`duration`: `18446744073709551615s` is longer than a day: gong counts down at most 24h"
            )]
        );
    }

    #[test]
    fn unterminated_front_matter_is_an_error_and_kept_as_text() {
        let split = split_of("---\ntitle: x\n# Slide\n");
        assert_eq!(split.body_start, 0);
        assert_eq!(split.front, FrontMatter::default());
        assert_eq!(split.findings.len(), 1);
        assert_eq!(split.findings[0].severity, Severity::Error);
        assert_eq!((split.findings[0].line, split.findings[0].column), (1, 1));
    }

    #[test]
    fn a_leading_separator_is_not_front_matter() {
        let source = "---\n# Slide one\n---\n# Slide two\n";
        let split = split_of(source);
        assert_eq!(split.body_start, 0);
        assert!(split.findings.is_empty());
    }

    #[test]
    fn broken_yaml_is_an_error_on_its_line() {
        let split = split_of("---\ntitle: x\nauthor: [a\n---\n");
        assert_eq!(split.findings.len(), 1);
        assert_eq!(split.findings[0].severity, Severity::Error);
        assert!(split.findings[0].line >= 3, "{:?}", split.findings[0]);
        assert_eq!(split.body_start, "---\ntitle: x\nauthor: [a\n---\n".len());
    }

    #[test]
    fn empty_front_matter_and_byte_order_mark() {
        let source = "\u{feff}---\n---\nbody";
        let split = split_of(source);
        assert_eq!(&source[split.body_start..], "body");
    }
}
