//! Syntax highlighting of fenced code: syntect's default syntaxes and themes (pure-Rust
//! regex engine), loaded once on first use. Output is plain colours per piece of text;
//! placing them is the slide layout's job. Also what a deck asks of a code block beyond
//! colours: line numbers in front of each line, and a few lines picked out (presenterm's
//! `{1,3-4}`) by setting the others in one dim colour.
//!
//! Every colour is lifted to a minimum contrast against the code block's background:
//! syntect's themes are made for monitors, and their dim comments vanish on a projector.

use std::sync::OnceLock;

use syntect::easy::HighlightLines;
use syntect::highlighting::ThemeSet;
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::draw::Rgba;
use crate::deck::CodeOptions;
use crate::theme::Theme;

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

/// The least contrast (WCAG ratio) a token keeps against the code background. WCAG's
/// 4.5 is for monitors; a projector loses contrast, so ask for more.
pub(crate) const MIN_CONTRAST: f32 = 5.5;

/// Colours `text` as `lang` (a fence's info word such as `rust` or `py`) for a block
/// drawn on `background`. Unknown languages, and any highlighting error, give the text
/// in `plain` colour.
pub(crate) fn highlight(
    lang: Option<&str>,
    text: &str,
    theme_name: &str,
    plain: Rgba,
    background: Rgba,
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
                let colour = legible(Rgba::rgb(colour.r, colour.g, colour.b), background);
                (!piece.is_empty()).then_some((colour, piece))
            })
            .collect();
        lines.push(pieces);
    }
    lines
}

/// Lines that are not picked out keep this much contrast: dimmed, still readable from
/// the back of the room.
const DIMMED_CONTRAST: f32 = 3.0;

/// A code block's lines as the slide shows them: highlighted by `highlight`, numbered
/// when the deck asks for numbers, and with the lines it picks out (if any) in colour
/// and the rest dimmed.
pub(crate) fn code_lines(
    lang: Option<&str>,
    text: &str,
    options: &CodeOptions,
    theme: &Theme,
) -> Vec<CodeLine> {
    let mut lines = highlight(
        lang,
        text,
        &theme.syntax_theme,
        theme.code_text,
        theme.code_background,
    );
    // `lines()` drops a last empty line; numbers count what is shown.
    let background = theme.code_background;
    if !options.highlight.is_empty() {
        let dim = lift(theme.muted, background, DIMMED_CONTRAST);
        for (index, line) in lines.iter_mut().enumerate() {
            let number = index + 1;
            let picked = options
                .highlight
                .iter()
                .any(|&(from, to)| (from..=to).contains(&number));
            if !picked {
                for (colour, _) in line.iter_mut() {
                    *colour = dim;
                }
            }
        }
    }
    if options.line_numbers {
        let width = lines.len().max(1).to_string().len();
        let colour = lift(theme.muted, background, DIMMED_CONTRAST);
        for (index, line) in lines.iter_mut().enumerate() {
            line.insert(0, (colour, format!("{:>width$} ", index + 1)));
        }
    }
    lines
}

/// `colour`, mixed towards white (on a dark background) or black (on a light one) just
/// enough to reach `MIN_CONTRAST`.
pub(crate) fn legible(colour: Rgba, background: Rgba) -> Rgba {
    lift(colour, background, MIN_CONTRAST)
}

/// `colour`, mixed towards white or black until it reaches `ratio` against `background`.
fn lift(colour: Rgba, background: Rgba, ratio: f32) -> Rgba {
    let ground = luminance(background);
    let target = if ground < 0.18 {
        Rgba::rgb(255, 255, 255)
    } else {
        Rgba::rgb(0, 0, 0)
    };
    let mut mixed = colour;
    for step in 1..=20 {
        if contrast(luminance(mixed), ground) >= ratio {
            break;
        }
        mixed = mix(colour, target, step as f32 / 20.0);
    }
    mixed
}

fn mix(from: Rgba, to: Rgba, share: f32) -> Rgba {
    let channel =
        |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * share).round() as u8;
    Rgba {
        r: channel(from.r, to.r),
        g: channel(from.g, to.g),
        b: channel(from.b, to.b),
        a: from.a,
    }
}

/// WCAG relative luminance of an sRGB colour.
pub(crate) fn luminance(colour: Rgba) -> f32 {
    let linear = |channel: u8| {
        let c = f32::from(channel) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)
}

/// WCAG contrast ratio of two luminances.
pub(crate) fn contrast(a: f32, b: f32) -> f32 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
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
    const GROUND: Rgba = Rgba::rgb(0x22, 0x26, 0x30);

    #[test]
    fn rust_gets_more_than_one_colour() {
        let lines = highlight(
            Some("rust"),
            "fn main() {\n\tlet x = \"hi\";\n}\n",
            "base16-ocean.dark",
            PLAIN,
            GROUND,
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
        let lines = highlight(
            Some("no-such-lang"),
            "a\n\nb",
            "base16-ocean.dark",
            PLAIN,
            GROUND,
        );
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
        let lines = highlight(Some("py"), "x = 1\n", "no such theme", PLAIN, GROUND);
        assert!(lines[0].iter().any(|(colour, _)| *colour != PLAIN));
    }

    #[test]
    fn every_token_is_legible_on_its_background() {
        let source = "// a comment the projector must not swallow\nfn main() { let x = \"hi\"; }\n";
        for (theme, ground) in [
            ("base16-ocean.dark", GROUND),
            ("base16-eighties.dark", Rgba::rgb(0x1a, 0x1a, 0x1a)),
            ("InspiredGitHub", Rgba::rgb(0xee, 0xef, 0xf1)),
            ("Solarized (light)", Rgba::rgb(0xee, 0xef, 0xf1)),
        ] {
            let lines = highlight(Some("rust"), source, theme, PLAIN, ground);
            for (colour, text) in lines.iter().flatten() {
                let ratio = contrast(luminance(*colour), luminance(ground));
                assert!(
                    ratio >= MIN_CONTRAST - 0.01,
                    "{theme}: {text:?} {colour:?} {ratio}"
                );
            }
        }
    }

    #[test]
    fn numbers_and_picked_lines() {
        let theme = Theme::dark();
        let options = CodeOptions {
            line_numbers: true,
            highlight: vec![(2, 2)],
        };
        let text = (1..=10)
            .map(|n| format!("x{n}"))
            .collect::<Vec<_>>()
            .join("\n");
        let lines = code_lines(None, &text, &options, &theme);
        assert_eq!(lines.len(), 10);
        let number = |line: &CodeLine| line[0].1.clone();
        assert_eq!(number(&lines[0]), " 1 ");
        assert_eq!(number(&lines[9]), "10 ");
        let colour_of = |line: &CodeLine| line[1].0;
        assert_eq!(colour_of(&lines[1]), theme.code_text);
        assert_ne!(colour_of(&lines[0]), theme.code_text);
        let ratio = contrast(
            luminance(colour_of(&lines[0])),
            luminance(theme.code_background),
        );
        assert!(ratio >= DIMMED_CONTRAST - 0.01, "{ratio}");
        let plain = code_lines(None, "a\nb", &CodeOptions::default(), &theme);
        assert_eq!(
            plain,
            highlight(
                None,
                "a\nb",
                &theme.syntax_theme,
                theme.code_text,
                theme.code_background
            )
        );
    }

    #[test]
    fn the_dim_comment_is_lifted_and_keeps_its_hue() {
        // base16-ocean's comment grey is about 3:1 on the code background.
        let comment = Rgba::rgb(0x65, 0x73, 0x7e);
        assert!(contrast(luminance(comment), luminance(GROUND)) < 4.0);
        let lifted = legible(comment, GROUND);
        assert!(contrast(luminance(lifted), luminance(GROUND)) >= MIN_CONTRAST);
        assert!(lifted.b > lifted.r, "still a blue-grey: {lifted:?}");
        // A colour that is already legible is left alone.
        let white = Rgba::rgb(0xec, 0xee, 0xf2);
        assert_eq!(legible(white, GROUND), white);
    }
}
