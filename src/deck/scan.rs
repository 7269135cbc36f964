//! The line-level layer under the Markdown: lines some presenters read one by one before
//! CommonMark sees them. Slidev's per-slide front matter (`---`, `key: value` lines,
//! `---`), its slot markers (`::right::`) and snippet imports (`<<< @/a.ts`), reveal-md's
//! separators and its `Note:` line, presenterm's `<!-- end_slide -->`, and lines of dashes.
//! Found in one pass that skips fenced code and HTML comments, as those tools' own
//! scanners do. Owns only where such lines are; which of them count in a deck is
//! `dialect`'s call, and what they do to a slide is the parser's.

use std::ops::Range;

use serde_yaml_ng::Value;

/// A line (or, for front matter, a block of lines) the Markdown parser must not see as
/// it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scanned {
    /// Byte range in the source, from the start of the first line to just past the
    /// newline of the last.
    pub(crate) range: Range<usize>,
    pub(crate) kind: LineKind,
    /// The line above holds text: under it, CommonMark reads `---` as an underline.
    pub(crate) under_text: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LineKind {
    /// Three or more dashes and nothing else (`---` is the usual slide separator).
    Dashes(usize),
    /// Slidev's per-slide front matter: a `---` line, YAML keys, a `---` line. `yaml` is
    /// the text between the two.
    FrontBlock { yaml: Range<usize> },
    /// `::right::`: Slidev's slot marker, the name inside.
    Slot(String),
    /// `<<< @/snippets/a.ts#region ts {2,3}`: Slidev's code import.
    Snippet(Snippet),
    /// A line starting `Note:` or `Notes:` (any case): reveal.js's speaker notes start.
    Note,
    /// `<!-- end_slide -->` on a line of its own.
    EndSlide,
    /// A line that is one of the separators a reveal-md deck sets in its front matter.
    Separator { vertical: bool },
}

/// What a snippet import line names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snippet {
    pub(crate) path: String,
    /// `#name`: only the lines between `#region name` and `#endregion` markers.
    pub(crate) region: Option<String>,
    /// The language when written; else it comes from the file's extension.
    pub(crate) lang: Option<String>,
    /// The rest (`{2,3}{lines:true}`), read like a fence's info string.
    pub(crate) meta: String,
}

/// Separator lines a deck sets for itself (reveal-md's `separator:` and
/// `verticalSeparator:`), as the literal text of the line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Separators {
    pub(crate) horizontal: Option<String>,
    pub(crate) vertical: Option<String>,
}

/// Every line of `source` from `start` on that one of the dialects reads on its own.
pub(crate) fn scan(source: &str, start: usize, separators: &Separators) -> Vec<Scanned> {
    let lines = lines_from(source, start);
    let mut found = Vec::new();
    let mut in_comment = false;
    let mut index = 0;
    while index < lines.len() {
        let (range, line) = lines[index].clone();
        let under_text = index > 0 && !lines[index - 1].1.trim().is_empty();
        index += 1;
        let trimmed = line.trim();
        // Set by the deck, and usually comments themselves (`<!--s-->`): first.
        if let Some(vertical) = separators.matches(trimmed) {
            found.push(Scanned {
                range,
                kind: LineKind::Separator { vertical },
                under_text,
            });
            continue;
        }
        if in_comment {
            in_comment = comment_continues(line, true);
            continue;
        }
        if let Some(fence) = fence_of(line) {
            // Everything up to the closing fence is code; an unclosed fence runs to the
            // end, as in CommonMark.
            while index < lines.len() {
                let (_, inner) = lines[index];
                index += 1;
                if closes(inner, fence) {
                    break;
                }
            }
            continue;
        }
        let dashes = dash_count(line);
        if dashes == 3
            && let Some((yaml, end)) = front_block(source, &lines, index)
        {
            found.push(Scanned {
                range: range.start..lines[end].0.end,
                kind: LineKind::FrontBlock { yaml },
                under_text,
            });
            index = end + 1;
            continue;
        }
        let kind = if dashes >= 3 {
            Some(LineKind::Dashes(dashes))
        } else if let Some(name) = slot_name(line) {
            Some(LineKind::Slot(name))
        } else if let Some(snippet) = snippet_of(line) {
            Some(LineKind::Snippet(snippet))
        } else if is_note_start(line) {
            Some(LineKind::Note)
        } else if trimmed
            .strip_prefix("<!--")
            .and_then(|rest| rest.strip_suffix("-->"))
            .is_some_and(|body| body.trim() == "end_slide")
        {
            Some(LineKind::EndSlide)
        } else {
            None
        };
        match kind {
            Some(kind) => found.push(Scanned {
                range,
                kind,
                under_text,
            }),
            None => in_comment = comment_continues(line, false),
        }
    }
    found
}

impl Separators {
    /// `Some(vertical)` when `line` (trimmed) is one of the deck's separators.
    fn matches(&self, line: &str) -> Option<bool> {
        if line.is_empty() {
            return None;
        }
        if self.vertical.as_deref() == Some(line) {
            return Some(true);
        }
        (self.horizontal.as_deref() == Some(line)).then_some(false)
    }
}

/// Each line from `start` with its range (newline included) and text (newline and `\r`
/// left out).
fn lines_from(source: &str, start: usize) -> Vec<(Range<usize>, &str)> {
    let mut lines = Vec::new();
    let mut at = start.min(source.len());
    while at < source.len() {
        let rest = &source[at..];
        let (text, advance) = match rest.find('\n') {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        lines.push((at..at + advance, text.strip_suffix('\r').unwrap_or(text)));
        at += advance;
    }
    lines
}

/// A fence's character and length, when `line` opens one (indentation allowed: fences
/// inside list items are still fences).
fn fence_of(line: &str) -> Option<(char, usize)> {
    let text = line.trim_start();
    let mark = text.chars().next().filter(|&c| c == '`' || c == '~')?;
    let length = text.chars().take_while(|&c| c == mark).count();
    // A backtick fence's info string may not hold a backtick (CommonMark).
    let info_ok = mark == '~' || !text[length..].contains('`');
    (length >= 3 && info_ok).then_some((mark, length))
}

fn closes(line: &str, (mark, length): (char, usize)) -> bool {
    let text = line.trim();
    text.chars().count() >= length && text.chars().all(|c| c == mark)
}

/// How many dashes make up the line, when that is all it holds (trailing spaces aside).
fn dash_count(line: &str) -> usize {
    let text = line.trim_end();
    if !text.is_empty() && text.chars().all(|c| c == '-') {
        text.len()
    } else {
        0
    }
}

/// The YAML between a `---` line (just before `lines[next]`) and the next `---` line,
/// when the block reads as `key: value` lines; with the closing line's index.
fn front_block(
    source: &str,
    lines: &[(Range<usize>, &str)],
    next: usize,
) -> Option<(Range<usize>, usize)> {
    let (_, first) = lines.get(next)?;
    if first.trim().is_empty() {
        return None;
    }
    let close = (next..lines.len()).find(|&index| lines[index].1.trim_end() == "---")?;
    let yaml = lines[next].0.start..lines[close].0.start;
    is_mapping(&source[yaml.clone()]).then_some((yaml, close))
}

/// Whether `text` is a YAML mapping of keys that starts with a key, as Slidev's slide
/// settings do. Text that merely has a colon in it (`Note: two lines` and a second
/// line) is not one, and stays Markdown.
pub(crate) fn is_mapping(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'));
    let Some(first) = first else {
        return false;
    };
    let key_first = first.split_once(':').is_some_and(|(key, _)| {
        let key = key.trim_matches(['"', '\'']);
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'))
    });
    key_first
        && matches!(
            serde_yaml_ng::from_str::<Value>(text),
            Ok(Value::Mapping(_))
        )
}

/// Slidev's `::name::` (spaces allowed inside the colons), at the left margin.
fn slot_name(line: &str) -> Option<String> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let inner = line
        .trim_end()
        .strip_prefix("::")?
        .strip_suffix("::")?
        .trim();
    let valid = !inner.is_empty()
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | ':'));
    valid.then(|| inner.to_string())
}

/// `<<< path[#region] [lang] [{meta}]`, as Slidev reads it.
fn snippet_of(line: &str) -> Option<Snippet> {
    let rest = line.trim_start().strip_prefix("<<<")?.trim();
    if rest.is_empty() {
        return None;
    }
    let (head, meta) = match rest.find('{') {
        Some(brace) => (rest[..brace].trim(), rest[brace..].trim()),
        None => (rest, ""),
    };
    let mut words = head.split_whitespace();
    let target = words.next()?;
    let lang = words.next().map(str::to_string);
    let (path, region) = match target.rsplit_once('#') {
        Some((path, name))
            if !path.is_empty()
                && !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-')) =>
        {
            (path, Some(name.to_string()))
        }
        _ => (target, None),
    };
    Some(Snippet {
        path: path.to_string(),
        region,
        lang,
        meta: meta.to_string(),
    })
}

/// reveal.js's notes separator, `^\s*notes?:` without regard to case.
fn is_note_start(line: &str) -> bool {
    let text = line.trim_start();
    let lower: String = text.chars().take(6).collect::<String>().to_lowercase();
    lower.starts_with("note:") || lower.starts_with("notes:")
}

/// Whether an HTML comment is still open at the end of `line`, given whether one was
/// open at its start.
fn comment_continues(line: &str, mut open: bool) -> bool {
    let mut rest = line;
    loop {
        if open {
            match rest.find("-->") {
                Some(end) => {
                    open = false;
                    rest = &rest[end + 3..];
                }
                None => return true,
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    open = true;
                    rest = &rest[start + 4..];
                }
                None => return false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn kinds(source: &str) -> Vec<LineKind> {
        scan(source, 0, &Separators::default())
            .into_iter()
            .map(|found| found.kind)
            .collect()
    }

    #[test]
    fn finds_a_front_block_and_its_yaml() {
        let source = "# A\n\n---\nlayout: center\nclass: x\n---\n\n# B\n";
        let found = scan(source, 0, &Separators::default());
        assert_eq!(found.len(), 1);
        let LineKind::FrontBlock { yaml } = &found[0].kind else {
            panic!("{found:?}");
        };
        assert_eq!(&source[yaml.clone()], "layout: center\nclass: x\n");
        assert_eq!(
            &source[found[0].range.clone()],
            "---\nlayout: center\nclass: x\n---\n"
        );
    }

    #[rstest]
    #[case::heading_is_markdown("---\n# Title\n---\n", vec![LineKind::Dashes(3), LineKind::Dashes(3)])]
    #[case::blank_after_dashes("---\n\nlayout: x\n---\n", vec![LineKind::Dashes(3), LineKind::Dashes(3)])]
    #[case::a_note_and_text("---\nNote: one\nmore text\n---\n", vec![LineKind::Dashes(3), LineKind::Note, LineKind::Dashes(3)])]
    #[case::in_a_fence("```md\n---\nlayout: x\n---\n```\n", vec![])]
    #[case::in_a_tilde_fence("~~~\n::right::\n~~~\n::left::\n", vec![LineKind::Slot("left".into())])]
    #[case::in_a_comment("<!--\n---\n::right::\n-->\n---\n", vec![LineKind::Dashes(3)])]
    #[case::slots("::right::\n:: default ::\n  ::indented::\n", vec![LineKind::Slot("right".into()), LineKind::Slot("default".into())])]
    #[case::end_slide("a\n<!-- end_slide -->\nb <!-- end_slide -->\n", vec![LineKind::EndSlide])]
    #[case::four_dashes("----\n", vec![LineKind::Dashes(4)])]
    #[case::notes_any_case("notes: x\n  NOTE: y\nA note: z\n", vec![LineKind::Note, LineKind::Note])]
    fn line_kinds(#[case] source: &str, #[case] expected: Vec<LineKind>) {
        assert_eq!(kinds(source), expected);
    }

    #[rstest]
    #[case(
        "<<< @/snippets/external.ts#snippet",
        "@/snippets/external.ts",
        Some("snippet"),
        None,
        ""
    )]
    #[case(
        "<<< ./a.js ts {2,3}{lines:true}",
        "./a.js",
        None,
        Some("ts"),
        "{2,3}{lines:true}"
    )]
    #[case("<<<@/a.py", "@/a.py", None, None, "")]
    fn reads_snippet_lines(
        #[case] line: &str,
        #[case] path: &str,
        #[case] region: Option<&str>,
        #[case] lang: Option<&str>,
        #[case] meta: &str,
    ) {
        assert_eq!(
            snippet_of(line),
            Some(Snippet {
                path: path.into(),
                region: region.map(Into::into),
                lang: lang.map(Into::into),
                meta: meta.into(),
            })
        );
    }

    #[test]
    fn the_decks_separators_come_before_comments() {
        let separators = Separators {
            horizontal: Some("<!--s-->".into()),
            vertical: Some("<!--v-->".into()),
        };
        let found: Vec<LineKind> = scan("a\n<!--s-->\nb\n <!--v--> \n", 0, &separators)
            .into_iter()
            .map(|found| found.kind)
            .collect();
        assert_eq!(
            found,
            vec![
                LineKind::Separator { vertical: false },
                LineKind::Separator { vertical: true }
            ]
        );
    }

    #[test]
    fn an_unclosed_front_block_is_dashes() {
        assert_eq!(kinds("---\nlayout: x\n"), vec![LineKind::Dashes(3)]);
    }
}
