//! Syntax highlighting of fenced code: syntect's default syntaxes and themes (pure-Rust
//! regex engine), loaded once on first use. Output is plain colours per piece of text;
//! placing them is the slide layout's job.

use std::sync::OnceLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::ThemeSet;
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::draw::Rgba;

/// One source line as (colour, text) pieces, tabs expanded, no newline.
pub(crate) type CodeLine = Vec<(Rgba, String)>;

/// Used when the theme names a syntect theme that does not exist.
const FALLBACK_THEME: &str = "base16-ocean.dark";
const TAB: &str = "    ";

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn themes() -> &'static ThemeSet {
    static THEMES: OnceLock<ThemeSet> = OnceLock::new();
    THEMES.get_or_init(ThemeSet::load_defaults)
}

/// Colours `text` as `lang` (a fence's info word such as `rust` or `py`). Unknown
/// languages, and any highlighting error, give the text in `plain` colour.
pub(crate) fn highlight(
    lang: Option<&str>,
    text: &str,
    theme_name: &str,
    plain: Rgba,
) -> Vec<CodeLine> {
    let syntax = lang.and_then(|lang| syntaxes().find_syntax_by_token(lang));
    let theme = themes()
        .themes
        .get(theme_name)
        .or_else(|| themes().themes.get(FALLBACK_THEME));
    let (Some(syntax), Some(theme)) = (syntax, theme) else {
        return plain_lines(text, plain);
    };
    let mut highlighter = HighlightLines::new(syntax, theme);
    let mut lines = Vec::new();
    for line in LinesWithEndings::from(text) {
        let Ok(regions) = highlighter.highlight_line(line, syntaxes()) else {
            return plain_lines(text, plain);
        };
        let pieces = regions
            .into_iter()
            .filter_map(|(style, piece)| {
                let piece = clean(piece);
                let colour = style.foreground;
                (!piece.is_empty()).then(|| (Rgba::rgb(colour.r, colour.g, colour.b), piece))
            })
            .collect();
        lines.push(pieces);
    }
    lines
}

fn plain_lines(text: &str, plain: Rgba) -> Vec<CodeLine> {
    text.lines()
        .map(|line| {
            let line = clean(line);
            if line.is_empty() {
                Vec::new()
            } else {
                vec![(plain, line)]
            }
        })
        .collect()
}

/// Tabs to spaces (fonts have no tab glyph) and no line ends.
fn clean(piece: &str) -> String {
    piece.trim_end_matches(['\n', '\r']).replace('\t', TAB)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Rgba = Rgba::rgb(1, 2, 3);

    #[test]
    fn rust_gets_more_than_one_colour() {
        let lines = highlight(
            Some("rust"),
            "fn main() {\n\tlet x = \"hi\";\n}\n",
            "base16-ocean.dark",
            PLAIN,
        );
        assert_eq!(lines.len(), 3);
        let mut colours: Vec<Rgba> = Vec::new();
        for (colour, _) in lines.iter().flatten() {
            if !colours.contains(colour) {
                colours.push(*colour);
            }
        }
        assert!(colours.len() >= 3, "{colours:?}");
        let second: String = lines[1].iter().map(|(_, text)| text.as_str()).collect();
        assert_eq!(second, "    let x = \"hi\";");
    }

    #[test]
    fn unknown_language_is_plain() {
        let lines = highlight(Some("no-such-lang"), "a\n\nb", "base16-ocean.dark", PLAIN);
        assert_eq!(
            lines,
            vec![
                vec![(PLAIN, "a".to_string())],
                vec![],
                vec![(PLAIN, "b".to_string())]
            ]
        );
    }

    #[test]
    fn unknown_theme_falls_back() {
        let lines = highlight(Some("py"), "x = 1\n", "no such theme", PLAIN);
        assert!(lines[0].iter().any(|(colour, _)| *colour != PLAIN));
    }
}
