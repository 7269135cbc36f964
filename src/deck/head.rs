//! The keys of a deck's front matter that other presenters read and gong's own
//! `FrontMatter` has no field for: Slidev's first-slide settings (`layout`, `class`…),
//! presenterm's intro slide (`sub_title`, `authors`, `event`, `location`), reveal-md's
//! separators, and the names of keys that belong to another tool. `front` hands every key
//! it does not read to `Head::take`; the parser uses what it kept.

use serde_yaml_ng::Value;

use super::dialect::{HeadKeys, foreign_key};
use super::scan::Separators;
use super::slidev::SlideSettings;

/// What the front matter says besides gong's own keys.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Head {
    pub(crate) keys: HeadKeys,
    /// Slidev: the head block is also the first slide's settings.
    pub(crate) slide: SlideSettings,
    pub(crate) intro: Intro,
    pub(crate) separators: Separators,
    /// Keys of other tools that gong leaves out, with the offset of the first.
    pub(crate) foreign: Vec<String>,
    pub(crate) foreign_at: Option<usize>,
    /// reveal-md separators written as patterns gong cannot read as one line, with the
    /// offset of their value.
    pub(crate) unread_separators: Vec<(String, usize)>,
}

/// presenterm's intro slide beyond the title and author gong reads anyway.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Intro {
    pub(crate) sub_title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) event: Option<String>,
    pub(crate) location: Option<String>,
}

impl Head {
    /// Notes every key the front matter has, for telling the dialect.
    pub(crate) fn saw(&mut self, key: &str, value: &Value) {
        self.keys.keys.push(key.to_string());
        match key {
            "marp" => self.keys.marp = matches!(value, Value::Bool(true)),
            "theme" => self.keys.theme_is_map = matches!(value, Value::Mapping(_)),
            _ => {}
        }
    }

    /// Takes a key gong's `FrontMatter` does not read; `false` when no tool gong knows
    /// reads it either (a typo, most likely).
    pub(crate) fn take(&mut self, key: &str, value: &Value, offset: usize) -> bool {
        let text = || scalar(value);
        match key {
            "sub_title" => self.intro.sub_title = text(),
            "event" => self.intro.event = text(),
            "location" => self.intro.location = text(),
            "authors" => {
                self.intro.authors = match value {
                    Value::Sequence(items) => items.iter().filter_map(scalar).collect(),
                    other => scalar(other).into_iter().collect(),
                };
            }
            "separator" | "verticalSeparator" => {
                let Some(pattern) = text() else { return true };
                let line = literal_line(&pattern);
                if line.is_none() {
                    self.unread_separators.push((pattern, offset));
                }
                if key == "separator" {
                    self.separators.horizontal = line;
                } else {
                    self.separators.vertical = line;
                }
            }
            _ if self.slide.take(key, value) => {}
            _ => {
                if foreign_key(key).is_none() {
                    return false;
                }
                self.foreign_at.get_or_insert(offset);
                self.foreign.push(key.to_string());
            }
        }
        true
    }
}

/// presenterm's `theme:` map: `name:` is a theme name; an `override:` or `path:` alone
/// is presenterm's own styling, which gong leaves out.
pub(crate) fn theme_map_name(value: &Value) -> Option<String> {
    match value {
        Value::Mapping(mapping) => mapping
            .iter()
            .find(|(key, _)| key.as_str() == Some("name"))
            .and_then(|(_, name)| scalar(name)),
        _ => None,
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// reveal-md's separators are regular expressions matched against the text; decks write
/// them as a line of their own (`<!--s-->`, `^---$`, `\n----\n`). The line they stand
/// for, anchors and line ends taken off; `None` when what is left is still a pattern
/// (`check` says so, and the deck splits at `---` as usual).
pub(crate) fn literal_line(pattern: &str) -> Option<String> {
    let mut text = pattern.trim().to_string();
    let edges = ["\\r?\\n", "\\n", "\\r", "^", "$"];
    while let Some(rest) = edges.iter().find_map(|edge| {
        text.strip_prefix(edge)
            .or_else(|| text.strip_suffix(edge))
            .map(str::to_string)
    }) {
        text = rest;
    }
    // Escaped characters stand for themselves.
    let mut line = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) if !next.is_alphanumeric() => line.push(next),
                _ => return None,
            },
            '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '^' | '$' => {
                return None;
            }
            other => line.push(other),
        }
    }
    let line = line.trim().to_string();
    (!line.is_empty()).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("<!--s-->", Some("<!--s-->"))]
    #[case("\\r?\\n---\\r?\\n", Some("---"))]
    #[case("^\\n----\\n$", Some("----"))]
    #[case("^---$", Some("---"))]
    #[case("<!-- \\.slide -->", Some("<!-- .slide -->"))]
    #[case("^-{3,}$", None)]
    #[case("", None)]
    fn separators_as_lines(#[case] pattern: &str, #[case] line: Option<&str>) {
        assert_eq!(literal_line(pattern).as_deref(), line);
    }
}
