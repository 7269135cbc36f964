//! Which characters of a deck no bundled font can draw, with the line they are on, for
//! `gong check` (fontdue and macroquad draw a missing glyph as a box or a gap, silently).

use crate::deck::{Block, BlockKind, Deck, Inline};
use crate::fonts::FontSet;

/// Every (line, character) of the deck that no bundled face covers, in order, each pair
/// once. Speaker notes are not shown, so they are not checked.
pub fn check_glyphs(deck: &Deck, fonts: &FontSet) -> Vec<(usize, char)> {
    let mut found = Vec::new();
    let mut note = |line: usize, text: &str| {
        for ch in fonts.missing_chars(text) {
            if !found.contains(&(line, ch)) {
                found.push((line, ch));
            }
        }
    };
    for slide in &deck.slides {
        visit(&slide.blocks, &mut note);
        for footnote in &slide.footnotes {
            note(slide.line, &footnote.label);
            note(slide.line, &Inline::plain_text(&footnote.content));
        }
    }
    found
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
                        kind: BlockKind::Paragraph(text("emoji 😀 and 日本 and 😀")),
                    },
                    Block {
                        line: 6,
                        kind: BlockKind::Code {
                            lang: None,
                            text: "fine\nbad ☃\u{1F680}".to_string(),
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
            vec![(4, '😀'), (4, '日'), (4, '本'), (8, '\u{1F680}')]
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
        assert_eq!(fonts.missing_chars(&shown), vec![], "lineup.toml");

        // The help's own keys are checked with the key table (`command`).
        let own = format!("{} • ◦ ▪ … · → ← ↑ ↓ — ", crate::layout::MORE_MARK);
        assert_eq!(fonts.missing_chars(&own), vec![]);
    }
}
