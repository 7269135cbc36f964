//! A code fence's info string, as each presenter writes it after the language:
//! presenterm's `rust +line_numbers {1,3-4}`, Slidev's `ts {2|3}{lines:true} twoslash`,
//! reveal.js's `js [1-2|3]`. Owns the language word and the `CodeOptions` read from the
//! rest; which lines are hidden is `dialect`'s.

use super::model::CodeOptions;

/// The highest line number a highlight may name: far beyond any slide, low enough that
/// a typo (`{1-99999999}`) is seen as one.
pub(crate) const MAX_HIGHLIGHT_LINE: usize = 10_000;

/// The first word of a fence's info string: `rust` from "rust", "rust,ignore",
/// "{.rust}", "rust +exec" or "ts {1,2}".
pub(crate) fn lang_of(info: &str) -> Option<String> {
    let word = info.split_whitespace().next()?;
    let word = word.split(',').next().unwrap_or(word);
    let word = word.trim_matches(|c| matches!(c, '{' | '}' | '.'));
    let word = word.split('{').next().unwrap_or(word);
    (!word.is_empty() && !word.starts_with(['+', '['])).then(|| word.to_string())
}

/// Line numbers and highlighted lines, from everything after the language.
pub(crate) fn options_of(info: &str) -> CodeOptions {
    let mut options = CodeOptions::default();
    let rest = info
        .trim()
        .split_once(char::is_whitespace)
        .map_or("", |(_, rest)| rest);
    // A language glued to its braces (`ts{1,2}`) counts too.
    let rest = match info.split_whitespace().next() {
        Some(first) if first.contains('{') && !first.starts_with('{') => {
            &info[info.find('{').unwrap_or(0)..]
        }
        _ => rest,
    };
    for flag in rest.split_whitespace() {
        if flag == "+line_numbers" {
            options.line_numbers = true;
        }
    }
    let mut first_group = true;
    for (open, close) in [('{', '}'), ('[', ']')] {
        let mut text = rest;
        while let Some(start) = text.find(open) {
            let Some(length) = text[start..].find(close) else {
                break;
            };
            let inside = &text[start + 1..start + length];
            text = &text[start + length + 1..];
            let spec_like = inside
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '|' | ' '));
            if open == '[' && !spec_like {
                // Slidev's `[filename.ts]` title.
                continue;
            }
            if inside.contains(':') {
                // Slidev's `{lines:true, startLine:5}`.
                let lines_on = inside.split(',').any(|pair| {
                    pair.split_once(':')
                        .is_some_and(|(key, value)| key.trim() == "lines" && value.trim() == "true")
                });
                options.line_numbers |= lines_on;
            } else if first_group {
                first_group = false;
                if open == '[' {
                    // reveal.js shows numbers wherever it highlights.
                    options.line_numbers = true;
                }
                options.highlight = highlight_of(inside);
            }
        }
    }
    options
}

/// The lines of the first step of `1,3-4|5` (later steps come on clicks in the tools
/// that have them; a still slide shows the first). `all`, `*` or anything unreadable
/// highlight nothing, which shows every line alike.
fn highlight_of(spec: &str) -> Vec<(usize, usize)> {
    let first = spec.split('|').next().unwrap_or("").trim();
    let mut ranges = Vec::new();
    for item in first.split(',') {
        let item = item.trim();
        let (from, to) = match item.split_once('-') {
            Some((from, to)) => (from.trim().parse::<usize>(), to.trim().parse::<usize>()),
            None => (item.parse::<usize>(), item.parse::<usize>()),
        };
        match (from, to) {
            (Ok(from), Ok(to)) if (1..=to).contains(&from) && to <= MAX_HIGHLIGHT_LINE => {
                ranges.push((from, to));
            }
            _ => return Vec::new(),
        }
    }
    ranges
}

/// Slidev's ```` ```md magic-move ```` wraps the steps of one code animation in fences of
/// their own; a still slide shows the first step. Its language and text, when `info` and
/// `text` are one.
pub(crate) fn magic_move_first_step(info: &str, text: &str) -> Option<(Option<String>, String)> {
    if !info.split_whitespace().any(|word| word == "magic-move") {
        return None;
    }
    let mut lines = text.lines();
    let open = lines.find(|line| line.trim_start().starts_with("```"))?;
    let fence = open.trim_start();
    let length = fence.chars().take_while(|&c| c == '`').count();
    let inner_info = &fence[length..];
    let body: Vec<&str> = lines
        .take_while(|line| {
            let trimmed = line.trim();
            !(trimmed.len() >= length && trimmed.chars().all(|c| c == '`'))
        })
        .collect();
    Some((lang_of(inner_info), body.join("\n")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("rust", Some("rust"))]
    #[case("rust,ignore extra", Some("rust"))]
    #[case("{.python}", Some("python"))]
    #[case("ts {1,2}", Some("ts"))]
    #[case("ts{1,2}", Some("ts"))]
    #[case("+line_numbers", None)]
    #[case("", None)]
    fn reads_the_language(#[case] info: &str, #[case] lang: Option<&str>) {
        assert_eq!(lang_of(info).as_deref(), lang);
    }

    #[rstest]
    #[case("rust +line_numbers", true, vec![])]
    #[case("rust {1,3-4} +line_numbers", true, vec![(1, 1), (3, 4)])]
    #[case("rust {1-4|6-10|all} +line_numbers", true, vec![(1, 4)])]
    #[case("ts {all|2|1-6|all}", false, vec![])]
    #[case("ts {2,3}{lines:true}", true, vec![(2, 2), (3, 3)])]
    #[case("ts [filename.ts] {*|4} twoslash", false, vec![])]
    #[case("js [1-2|3]", true, vec![(1, 2)])]
    #[case("ts {monaco}", false, vec![])]
    #[case("ts [filename.ts]", false, vec![])]
    #[case("rust {0-3}", false, vec![])]
    #[case("rust {4-2}", false, vec![])]
    #[case("rust {1-99999999}", false, vec![])]
    fn reads_numbers_and_highlights(
        #[case] info: &str,
        #[case] numbers: bool,
        #[case] highlight: Vec<(usize, usize)>,
    ) {
        assert_eq!(
            options_of(info),
            CodeOptions {
                line_numbers: numbers,
                highlight,
            }
        );
    }

    #[test]
    fn magic_move_shows_its_first_step() {
        let text = "```ts {*|2|*}\n// step 1\nconst a = 1\n```\n\n```ts\n// step 2\n```\n";
        assert_eq!(
            magic_move_first_step("md magic-move {lines: true}", text),
            Some((Some("ts".into()), "// step 1\nconst a = 1".into()))
        );
        assert_eq!(magic_move_first_step("md", text), None);
    }
}
