//! HTML comments in a deck: speaker notes and commands (`<!-- pause -->`,
//! `<!-- time: 20s -->`…). Owns the reading of one comment's text; where the result goes
//! (which slide, which block) is the parser's business, not this module's.
//!
//! The command words are presenterm's (`end_slide`, `column_layout`, `speaker_note`), so a
//! presenterm deck runs unchanged; any comment that is not command-shaped is a note,
//! which is how Marp decks carry their notes.

use std::time::Duration;

use crate::duration::parse_slot;

/// Every command word gong knows, for "did you mean".
pub(crate) const COMMANDS: &[&str] = &[
    "pause",
    "end_slide",
    "column_layout",
    "column",
    "reset_layout",
    "time",
    "skip_slide",
    "no_footer",
    "notes",
    "speaker_note",
];

/// More columns than this cannot be read from the back of a room; a typo is likelier.
pub(crate) const MAX_COLUMNS: usize = 12;

/// Widths are shares of the slide (`[1, 2]`: a third and two thirds); a hundred parts is
/// finer than a slide can show, and twelve of them add up without overflowing, as
/// `[4294967295, 4294967295]` did.
pub(crate) const MAX_COLUMN_WIDTH: u32 = 100;

/// What one comment asks for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Comment {
    Note(String),
    Pause,
    EndSlide,
    ColumnLayout(Vec<u32>),
    Column(usize),
    ResetLayout,
    Time(Duration),
    SkipSlide,
    NoFooter,
    /// `<!-- -->` or a `notes:` with nothing after it.
    Empty,
    /// A known command with a value it cannot use; the message says why.
    BadValue(String),
    /// Command-shaped but not a command gong knows.
    Unknown {
        name: String,
        suggestion: Option<&'static str>,
    },
}

/// A piece of raw HTML: a comment, or anything else (kept as text by the parser).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum HtmlPiece<'a> {
    Comment {
        /// Byte offset of `<!--` in the scanned text.
        start: usize,
        body: &'a str,
        /// `false` when the text ended before `-->`.
        closed: bool,
        /// Byte offset just past the comment's end.
        end: usize,
    },
    Other {
        start: usize,
        text: &'a str,
    },
}

/// Splits raw HTML into comments and the text between them, in order.
pub(crate) fn split_html(html: &str) -> Vec<HtmlPiece<'_>> {
    let mut pieces = Vec::new();
    let mut rest_start = 0;
    while let Some(found) = html[rest_start..].find("<!--") {
        let open = rest_start + found;
        if open > rest_start {
            pieces.push(HtmlPiece::Other {
                start: rest_start,
                text: &html[rest_start..open],
            });
        }
        // From `open + 2`: CommonMark counts `<!-->` and `<!--->` as whole (empty)
        // comments, and pulldown-cmark ends the HTML block there too.
        match html[open + 2..].find("-->") {
            Some(found) => {
                let close = open + 2 + found;
                pieces.push(HtmlPiece::Comment {
                    start: open,
                    body: html.get(open + 4..close).unwrap_or(""),
                    closed: true,
                    end: close + 3,
                });
                rest_start = close + 3;
            }
            None => {
                pieces.push(HtmlPiece::Comment {
                    start: open,
                    body: &html[open + 4..],
                    closed: false,
                    end: html.len(),
                });
                rest_start = html.len();
            }
        }
    }
    if rest_start < html.len() {
        pieces.push(HtmlPiece::Other {
            start: rest_start,
            text: &html[rest_start..],
        });
    }
    pieces
}

/// Reads the text between `<!--` and `-->`.
pub(crate) fn classify(body: &str) -> Comment {
    let text = body.trim();
    if text.is_empty() {
        return Comment::Empty;
    }
    if let Some((name, value)) = command_with_value(text) {
        return match name {
            "notes" | "speaker_note" => note(value),
            "time" => time(value),
            "column_layout" => column_layout(value),
            "column" => column(value),
            _ => unknown(name),
        };
    }
    if is_command_word(text) {
        return match text {
            "pause" => Comment::Pause,
            "end_slide" => Comment::EndSlide,
            "reset_layout" => Comment::ResetLayout,
            "skip_slide" => Comment::SkipSlide,
            "no_footer" => Comment::NoFooter,
            "time" | "column_layout" | "column" => {
                Comment::BadValue(format!("`{text}` needs a value, like `{}`", example(text)))
            }
            _ => unknown(text),
        };
    }
    note(text)
}

/// The closest known word, when it is close enough to be a typo of it.
pub(crate) fn did_you_mean(word: &str, candidates: &[&'static str]) -> Option<&'static str> {
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|&candidate| (strsim::damerau_levenshtein(&word, candidate), candidate))
        .filter(|&(distance, candidate)| distance <= (candidate.len() / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

fn example(command: &str) -> &'static str {
    match command {
        "time" => "<!-- time: 20s -->",
        "column_layout" => "<!-- column_layout: [1, 2] -->",
        _ => "<!-- column: 0 -->",
    }
}

/// `name: value` where `name` is a lowercase identifier written right against its colon,
/// so a note like "Remember: smile" or "TODO: x" stays a note.
fn command_with_value(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.split_once(':')?;
    is_command_word(name).then_some((name, value.trim()))
}

/// A single lowercase snake_case word (Marp's `_class` style included).
fn is_command_word(text: &str) -> bool {
    let word = text.strip_prefix('_').unwrap_or(text);
    let mut chars = word.chars();
    chars.next().is_some_and(|first| first.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

fn unknown(name: &str) -> Comment {
    Comment::Unknown {
        name: name.to_string(),
        suggestion: did_you_mean(name, COMMANDS),
    }
}

/// Note text with the indentation of each line dropped, and a YAML block marker (`|`,
/// `>`) after `speaker_note:` ignored, since presenterm decks write multi-line notes so.
fn note(value: &str) -> Comment {
    let value = value.trim();
    let value = match value.strip_prefix(['|', '>']) {
        Some(rest) if rest.starts_with(['\n', '\r', '-', '+']) || rest.is_empty() => {
            rest.trim_start_matches(['-', '+'])
        }
        _ => value,
    };
    let lines: Vec<&str> = value.lines().map(str::trim).collect();
    let text = lines.join("\n").trim().to_string();
    if text.is_empty() {
        Comment::Empty
    } else {
        Comment::Note(text)
    }
}

fn time(value: &str) -> Comment {
    match parse_slot(value) {
        Ok(duration) => Comment::Time(duration),
        Err(error) => Comment::BadValue(format!("`time:` {error}")),
    }
}

fn column_layout(value: &str) -> Comment {
    let inner = value.trim();
    let inner = inner
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(inner);
    let widths: Result<Vec<u32>, _> = inner
        .split(',')
        .map(|part| part.trim().parse::<u32>())
        .collect();
    match widths {
        Ok(widths) if widths.is_empty() || widths.contains(&0) => Comment::BadValue(format!(
            "`column_layout: {value}` needs widths above zero, like `[1, 2]`"
        )),
        Ok(widths) if widths.iter().any(|width| *width > MAX_COLUMN_WIDTH) => {
            Comment::BadValue(format!(
                "`column_layout: {value}`: widths are shares of the slide, from 1 to \
                 {MAX_COLUMN_WIDTH}, like `[1, 2]`"
            ))
        }
        Ok(widths) if widths.len() > MAX_COLUMNS => Comment::BadValue(format!(
            "`column_layout` has {} columns; at most {MAX_COLUMNS} are allowed",
            widths.len()
        )),
        Ok(widths) => Comment::ColumnLayout(widths),
        Err(_) => Comment::BadValue(format!(
            "`column_layout: {value}` is not a list of whole numbers, like `[1, 2]`"
        )),
    }
}

fn column(value: &str) -> Comment {
    match value.trim().parse::<usize>() {
        Ok(index) => Comment::Column(index),
        Err(_) => Comment::BadValue(format!(
            "`column: {value}` is not a column number (the first column is 0)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("pause", Comment::Pause)]
    #[case(" end_slide ", Comment::EndSlide)]
    #[case("reset_layout", Comment::ResetLayout)]
    #[case("skip_slide", Comment::SkipSlide)]
    #[case("no_footer", Comment::NoFooter)]
    #[case("column_layout: [1, 2]", Comment::ColumnLayout(vec![1, 2]))]
    #[case("column_layout: 3,1", Comment::ColumnLayout(vec![3, 1]))]
    #[case("column: 1", Comment::Column(1))]
    #[case("time: 20s", Comment::Time(Duration::from_secs(20)))]
    #[case("time: 1m30s", Comment::Time(Duration::from_secs(90)))]
    #[case("notes: smile", Comment::Note("smile".into()))]
    #[case("speaker_note: breathe", Comment::Note("breathe".into()))]
    #[case("speaker_note: |\n  one\n  two", Comment::Note("one\ntwo".into()))]
    #[case("Remember: smile", Comment::Note("Remember: smile".into()))]
    #[case("Look at the audience", Comment::Note("Look at the audience".into()))]
    #[case("  ", Comment::Empty)]
    #[case("notes:", Comment::Empty)]
    fn reads_comments(#[case] body: &str, #[case] expected: Comment) {
        assert_eq!(classify(body), expected);
    }

    #[rstest]
    #[case("puase", Some("pause"))]
    #[case("colum: 0", Some("column"))]
    #[case("paginate: true", None)]
    #[case("_class: lead", None)]
    #[case("endslide", Some("end_slide"))]
    fn flags_unknown_commands(#[case] body: &str, #[case] suggestion: Option<&str>) {
        match classify(body) {
            Comment::Unknown {
                suggestion: found, ..
            } => assert_eq!(found, suggestion),
            other => panic!("expected an unknown command, got {other:?}"),
        }
    }

    #[rstest]
    #[case("time: soon")]
    #[case("time: 0s")]
    #[case("time: 18446744073709551615s")]
    #[case("time: 20")]
    #[case("time")]
    #[case("column_layout: [1, x]")]
    #[case("column_layout: []")]
    #[case("column_layout: [0, 1]")]
    #[case("column_layout: [1,1,1,1,1,1,1,1,1,1,1,1,1]")]
    #[case("column_layout: [4294967295, 4294967295]")]
    #[case("column_layout: [1, 101]")]
    #[case("column: first")]
    #[case("column: -1")]
    fn refuses_bad_values(#[case] body: &str) {
        assert!(matches!(classify(body), Comment::BadValue(_)), "{body}");
    }

    #[rstest]
    #[case("<!-->")]
    #[case("<!--->")]
    #[case("<!---->")]
    fn short_comments_are_closed_and_empty(#[case] html: &str) {
        assert_eq!(
            split_html(html),
            vec![HtmlPiece::Comment {
                start: 0,
                body: "",
                closed: true,
                end: html.len()
            }]
        );
    }

    #[test]
    fn splits_html_into_comments_and_text() {
        let pieces = split_html("<b> <!-- a --><!-- b");
        assert_eq!(
            pieces,
            vec![
                HtmlPiece::Other {
                    start: 0,
                    text: "<b> "
                },
                HtmlPiece::Comment {
                    start: 4,
                    body: " a ",
                    closed: true,
                    end: 14
                },
                HtmlPiece::Comment {
                    start: 14,
                    body: " b",
                    closed: false,
                    end: 20
                },
            ]
        );
    }
}
