//! Text measurement as a trait, so layout can be tested without fonts or a window: layout asks how wide text is and which
//! font draws each glyph. The real implementation is `crate::fonts::FontSet` (the
//! fonts' own metric tables, no GL context needed); tests use `FixedMeasure`.

use std::ops::Range;

use super::draw::{FontId, Glyph};

/// The typographic style asked for. The font that actually draws a glyph may differ
/// (fallback: Hangul has no italic, so an italic Korean word falls back to the upright face).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Face {
    #[default]
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Mono,
}

impl Face {
    pub(crate) fn styled(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }
}

/// Vertical metrics of a face at a size, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineMetrics {
    /// Distance from the top of the line box to the baseline.
    pub ascent: f32,
    /// Distance from the baseline to the bottom of the line box (positive).
    pub descent: f32,
    /// Baseline-to-baseline distance for single spacing.
    pub line_height: f32,
}

/// A run of text that one font draws.
#[derive(Debug, Clone, PartialEq)]
pub struct FontRun {
    pub range: Range<usize>,
    pub font: FontId,
}

pub trait Measure {
    /// Advance width of `text` in `face` at `size` px, with per-glyph fallback applied.
    fn width(&self, text: &str, face: Face, size: f32) -> f32;
    fn metrics(&self, face: Face, size: f32) -> LineMetrics;
    /// Splits `text` into runs by the font that draws each glyph.
    fn font_runs(&self, text: &str, face: Face) -> Vec<FontRun>;
    /// The glyphs that draw `text` (one run of `font_runs`) in `font` at `size` px,
    /// when that font is shaped rather than drawn char by char; `rtl` when the run is
    /// laid right to left. `None`: draw the chars.
    fn shape(&self, _text: &str, _font: FontId, _size: f32, _rtl: bool) -> Option<Vec<Glyph>> {
        None
    }
}

/// Every character is `advance × size` wide; one font. For tests: results are exact and
/// independent of font files.
#[derive(Debug, Clone, Copy)]
pub struct FixedMeasure {
    /// Advance per character as a fraction of the font size.
    pub advance: f32,
}

impl Default for FixedMeasure {
    fn default() -> Self {
        FixedMeasure { advance: 0.5 }
    }
}

impl Measure for FixedMeasure {
    fn width(&self, text: &str, _face: Face, size: f32) -> f32 {
        text.chars().count() as f32 * self.advance * size
    }

    fn metrics(&self, _face: Face, size: f32) -> LineMetrics {
        LineMetrics {
            ascent: size * 0.8,
            descent: size * 0.2,
            line_height: size * 1.2,
        }
    }

    fn font_runs(&self, text: &str, face: Face) -> Vec<FontRun> {
        let font = if face == Face::Mono {
            FontId(1)
        } else {
            FontId(0)
        };
        if text.is_empty() {
            Vec::new()
        } else {
            vec![FontRun {
                range: 0..text.len(),
                font,
            }]
        }
    }
}
