//! Which characters of a deck no bundled font can draw, with the line they are on, for
//! `gong check` (fontdue and macroquad draw a missing glyph as a box or a gap, silently);
//! and which Han forms its text is drawn in.

use crate::deck::{Block, BlockKind, Deck, Inline};
use crate::fonts::{FontSet, Han};

/// The Han forms a deck is drawn in: the talk's `lang` in the lineup, else the deck's
/// own `lang:`, else guessed from the text it shows (`FontSet::han_for`). The one rule
/// the show, export and `check` use.
pub(crate) fn deck_han(deck: &Deck, lineup_lang: Option<&str>, fonts: &FontSet) -> Han {
    let mut shown = String::new();
    for_each_shown_text(deck, |_, text| {
        shown.push_str(text);
        shown.push('\n');
    });
    fonts.han_for(lineup_lang.or(deck.front.lang.as_deref()), &shown)
}

/// Every (line, character) of the deck that no bundled face covers, in order, each pair
/// once. Speaker notes are not shown, so they are not checked.
pub fn check_glyphs(deck: &Deck, fonts: &FontSet) -> Vec<(usize, char)> {
    let mut found = Vec::new();
    for_each_shown_text(deck, |line, text| {
        for ch in fonts.missing_chars(text) {
            if !found.contains(&(line, ch)) {
                found.push((line, ch));
            }
        }
    });
    found
}

/// Calls `note` with each piece of text the deck shows and the line it is on.
fn for_each_shown_text(deck: &Deck, mut note: impl FnMut(usize, &str)) {
    for slide in &deck.slides {
        visit(&slide.blocks, &mut note);
        for footnote in &slide.footnotes {
            note(slide.line, &footnote.label);
            note(slide.line, &Inline::plain_text(&footnote.content));
        }
    }
}

fn visit(blocks: &[Block], note: &mut impl FnMut(usize, &str)) {
    for block in blocks {
        let line = block.line;
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                note(line, &Inline::plain_text(content));
            }
            BlockKind::Image(image) => note(line, &image.alt),
            BlockKind::List { items, .. } => {
                for item in items {
                    visit(&item.blocks, note);
                }
            }
            BlockKind::Quote { blocks, .. } => visit(blocks, note),
            BlockKind::Code { text, .. } => {
                // Code keeps its line structure: point at the very line.
                for (offset, code_line) in text.lines().enumerate() {
                    note(line + 1 + offset, code_line);
                }
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    note(line, &Inline::plain_text(cell));
                }
            }
            BlockKind::Pause
            | BlockKind::Rule
            | BlockKind::ColumnLayout(_)
            | BlockKind::Column(_)
            | BlockKind::ResetLayout => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Slide, Span, SpanStyle};

    #[test]
    fn names_uncovered_characters_with_their_lines() {
        let text = |s: &str| {
            vec![Inline::Text(Span {
                text: s.to_string(),
                style: SpanStyle::default(),
            })]
        };
        let deck = Deck {
            slides: vec![Slide {
                line: 1,
                blocks: vec![
                    Block {
                        line: 2,
                        kind: BlockKind::Heading {
                            level: 1,
                            content: text("한글 OK ✓"),
                        },
                    },
                    Block {
                        line: 4,
                        kind: BlockKind::Paragraph(text("hieroglyph 𓀀 and ሰላም and 𓀀")),
                    },
                    Block {
                        line: 6,
                        kind: BlockKind::Code {
                            lang: None,
                            text: "fine\nbad ☃\u{13002}".to_string(),
                            options: Default::default(),
                        },
                    },
                ],
                ..Slide::default()
            }],
            ..Deck::default()
        };
        let fonts = FontSet::load().unwrap();
        assert_eq!(
            check_glyphs(&deck, &fonts),
            vec![(4, '𓀀'), (4, 'ሰ'), (4, 'ላ'), (4, 'ም'), (8, '\u{13002}')]
        );
    }

    /// The lineup's `lang` wins over the deck's, which wins over what the text says.
    #[test]
    fn a_decks_han_forms_come_from_the_lineup_the_deck_then_the_text() {
        let fonts = FontSet::shared().unwrap();
        let kana = Deck::parse("# 日本語のスライド\n");
        assert_eq!(deck_han(&kana, None, fonts), Han::Japanese);
        let tagged = Deck::parse("---\nlang: zh-TW\n---\n# 日本語のスライド\n");
        assert_eq!(deck_han(&tagged, None, fonts), Han::Traditional);
        assert_eq!(deck_han(&tagged, Some("zh-CN"), fonts), Han::Simplified);
        // Footnotes and tables are shown text too.
        let footnote = Deck::parse("# Hi\n\nText[^1]\n\n[^1]: 闪电演讲\n");
        assert_eq!(deck_han(&footnote, None, fonts), Han::Simplified);
        assert_eq!(
            deck_han(&Deck::parse("# Hi\n"), None, fonts),
            Han::default()
        );
    }

    /// Every character the demo decks and their lineup put on screen, and every mark
    /// gong draws around them (bullets, the overflow mark, the cards' arrows and dots),
    /// has a bundled face. Runs on the real files: without them it fails
    /// rather than passing on nothing.
    #[test]
    fn the_demo_talks_and_gongs_own_marks_are_covered() {
        let talks = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("talks");
        let fonts = FontSet::shared().unwrap();
        let mut decks = Vec::new();
        for entry in std::fs::read_dir(&talks).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "md") {
                let deck = Deck::parse(&std::fs::read_to_string(&path).unwrap());
                assert!(!deck.slides.is_empty(), "{}", path.display());
                assert_eq!(check_glyphs(&deck, fonts), vec![], "{}", path.display());
                decks.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
        for demo in ["gong-tour.md", "ignite.md", "kafka.md", "pictures.md"] {
            assert!(decks.iter().any(|deck| deck == demo), "{demo} not checked");
        }
        let lineup = std::fs::read_to_string(talks.join("lineup.toml")).unwrap();
        let shown: String = lineup
            .lines()
            .map(|line| line.split(" #").next().unwrap_or_default())
            .filter(|line| !line.trim_start().starts_with('#'))
            .collect();
        assert_eq!(
            fonts.missing_chars(&shown),
            Vec::<char>::new(),
            "lineup.toml"
        );

        // The help's own keys are checked with the key table (`command`).
        let own = format!("{} • ◦ ▪ … · → ← ↑ ↓ — ", crate::layout::MORE_MARK);
        assert_eq!(fonts.missing_chars(&own), Vec::<char>::new());
    }
}
