//! The glyphs ahead: the text runs every card still to come draws, boiled down to one
//! run per font and size. The show lists those cards as Views (`Show::cards_ahead`); this
//! composes each and keeps only its characters.
//!
//! The window rasterises these a little each frame while the first Up next card is up,
//! so that later a card never waits on new glyphs and the font atlases reach their final
//! size before the first talk instead of doubling in the middle of the session.

use std::collections::{BTreeMap, BTreeSet};

use super::draw::{DrawItem, DrawList, FontId, Rgba};
use super::stage::{StageContext, compose};
use crate::view::View;

/// The glyphs of `views`, as one list of text runs to warm (positions and colours mean
/// nothing). Each View is composed over an empty slide: the slides' own glyphs are warmed
/// as each slide comes up.
pub fn glyphs_of(views: &[View], ctx: StageContext) -> DrawList {
    let mut glyphs = GlyphSet::default();
    let slide = DrawList::default();
    for view in views {
        glyphs.add(&compose(view, Some(&slide), ctx));
    }
    glyphs.into_list()
}

/// Characters by font and size. Wherever a number is drawn, every digit is: clocks and
/// times change while they are on screen.
#[derive(Default)]
struct GlyphSet {
    runs: BTreeMap<(FontId, u32), BTreeSet<char>>,
}

impl GlyphSet {
    fn add(&mut self, list: &DrawList) {
        for item in &list.items {
            let DrawItem::Text {
                size, font, text, ..
            } = item
            else {
                continue;
            };
            let chars = self.runs.entry((*font, size.to_bits())).or_default();
            chars.extend(text.chars().filter(|c| !c.is_whitespace()));
            if text.chars().any(|c| c.is_ascii_digit()) {
                chars.extend('0'..='9');
            }
        }
    }

    fn into_list(self) -> DrawList {
        let mut list = DrawList::default();
        for ((font, size), chars) in self.runs {
            list.push(DrawItem::Text {
                x: 0.0,
                y: 0.0,
                size: f32::from_bits(size),
                font,
                color: Rgba::default(),
                text: chars.into_iter().collect(),
            });
        }
        list
    }
}
